/* Escaping per output context: see include/escape.h. */
#include "escape.h"

#include <string.h>

void
esc_html(struct buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *ent;
		size_t elen;

		/* Every page's text passes here: no strlen() per entity. */
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
	buf_put(b, s + run, len - run);
}

void
esc_json(struct buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		unsigned c = p[i];
		size_t run = i;

		/* Most text needs no escape: copy such runs whole. */
		while (run < len && p[run] >= 0x20 && p[run] != '"' &&
		    p[run] != '\\' && p[run] != '<' && p[run] != '>' &&
		    p[run] != '&' && p[run] != 0xE2)
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
	int defuse = text && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r');

	if (!defuse && strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_putc(b, '\'');
		buf_puts(b, s);
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
