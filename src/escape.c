/* Escaping per output context: see include/escape.h. */
#include "escape.h"

#include <stdint.h>
#include <string.h>

/*
 * Whether a byte of the word w (eight bytes of text) is & < > " or '.
 * Every page's text passes through esc_html() and almost none of it
 * needs escaping, so it looks a word at a time (docs/performance.md):
 * has_zero() is nonzero exactly when a byte of v is 0 (a borrow runs
 * only out of a zero byte), and (b | 1) == '\'' finds & and ', (b | 2)
 * == '>' finds < and >.
 */
#define ONES	0x0101010101010101ULL
static inline uint64_t
has_zero(uint64_t v)
{
	return (v - ONES) & ~v & (ONES * 0x80);
}

static inline int
html_word(uint64_t w)
{
	return (has_zero(w ^ (ONES * '"')) | has_zero((w | ONES) ^
	    (ONES * '\'')) | has_zero((w | (ONES * 2)) ^ (ONES * '>'))) != 0;
}
#undef ONES

void
esc_html(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, run = 0, end;
	uint64_t w;

	while (i < len) {
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if (!html_word(w)) {
				i += 8;
				continue;
			}
			end = i + 8;
		} else
			end = len;
		for (; i < end; i++) {
			const char *ent;
			size_t elen;

			/* No strlen() per entity. */
			switch (s[i]) {
			case '&': ent = "&amp;"; elen = 5; break;
			case '<': ent = "&lt;"; elen = 4; break;
			case '>': ent = "&gt;"; elen = 4; break;
			case '"': ent = "&quot;"; elen = 6; break;
			case '\'': ent = "&#39;"; elen = 5; break;
			default: continue;
			}
			buf_put(b, s + run, i - run);
			buf_put(b, ent, elen);
			run = i + 1;
		}
	}
	buf_put(b, s + run, len - run);
}

/*
 * The bytes esc_json() and esc_csv() stop at: 1 for JSON (controls,
 * " \ < > & and 0xE2, which may start U+2028 or U+2029), 2 for CSV
 * (, " CR LF, and the NUL that ends the string), 3 for both.  A table,
 * because the report-wide downloads pass tens of megabytes through
 * these and almost none of it needs escaping.
 */
#define J 1
#define C 2
static const unsigned char special[256] = {
	C | J, J, J, J, J, J, J, J, J, J, C | J, J, J, C | J, J, J,
	J, J, J, J, J, J, J, J, J, J, J, J, J, J, J, J,
	['"'] = C | J, [','] = C, ['\\'] = J, ['<'] = J, ['>'] = J,
	['&'] = J, [0xE2] = J,
};
#undef J
#undef C

void
esc_json(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	char *w;

	/* Most text needs no escape: copy it with its quotes at once. */
	while (i < len && !(special[p[i]] & 1))
		i++;
	w = buf_room(b, i + 2);
	w[0] = '"';
	memcpy(w + 1, p, i);
	if (i == len) {
		w[i + 1] = '"';
		buf_commit(b, i + 2);
		return;
	}
	buf_commit(b, i + 1);
	for (; i < len; i++) {
		unsigned c = p[i];
		size_t run = i;

		while (run < len && !(special[p[run]] & 1))
			run++;
		if (run > i) {
			buf_put(b, p + i, run - i);
			i = run - 1;
			continue;
		}
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (int)c);
		} else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\r')
			buf_puts(b, "\\r");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			buf_puts(b, "\\u00");
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		} else if (c == 0xE2 && i + 2 < len && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
			buf_puts(b, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
			i += 2;
		} else
			buf_putc(b, (int)c);
	}
	buf_putc(b, '"');
}

void
esc_csv(struct buf *b, const char *s, int text)
{
	const unsigned char *p = (const unsigned char *)s;
	int defuse = text && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r');
	size_t n = 0;
	char *w;

	/* One pass finds both the length and whether to quote. */
	while (!(special[p[n]] & 2))
		n++;
	if (s[n] == '\0') {
		w = buf_room(b, n + 1);
		if (defuse)
			*w++ = '\'';
		memcpy(w, s, n);
		buf_commit(b, n + (size_t)defuse);
		return;
	}
	buf_putc(b, '"');
	if (defuse)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void
esc_url(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/')
			buf_putc(b, c);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}
