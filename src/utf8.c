/* UTF-8 helpers: see include/utf8.h. */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#include "buf.h"

/*
 * The code point of the well-formed sequence at s[0..len), with its
 * length in *n; -1 (and *n = 1) when the byte at s does not start one.
 */
static long
decode(const char *s, size_t len, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0], k, more;
	unsigned long cp;

	*n = 1;
	if (c < 0x80)
		return (long)c;
	if (c >= 0xC2 && c <= 0xDF) {
		more = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		more = 2;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		more = 3;
		cp = c & 0x07;
	} else
		return -1;
	if (len <= more)
		return -1;
	for (k = 1; k <= more; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	if ((more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*n = more + 1;
	return (long)cp;
}

size_t
utf8_invalid(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080u;
	size_t i = 0, n;
	uint64_t w;

	while (i < len) {
		/* Commentary is mostly ASCII: eight such bytes a step. */
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & high) == 0) {
				i += 8;
				continue;
			}
		}
		if (decode(s + i, len - i, &n) < 0)
			return i;
		i += n;
	}
	return (size_t)-1;
}

int
utf8_is_hidden(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	    cp == 0x061C ||			/* Arabic letter mark */
	    (cp >= 0x200B && cp <= 0x200F) ||	/* zero-width, LRM, RLM */
	    (cp >= 0x2028 && cp <= 0x202E) ||	/* separators, embeddings, overrides */
	    (cp >= 0x2060 && cp <= 0x2064) ||	/* word joiner, invisible operators */
	    (cp >= 0x2066 && cp <= 0x2069) ||	/* isolates */
	    cp == 0xFEFF;			/* zero-width no-break space */
}

size_t
utf8_find_hidden(const char *s, size_t len, unsigned long *cp)
{
	size_t i = 0, n;
	long c;

	while (i < len) {
		c = decode(s + i, len - i, &n);
		if (c >= 0 && utf8_is_hidden((unsigned long)c) &&
		    c != '\t') {
			*cp = (unsigned long)c;
			return i;
		}
		i += n;
	}
	return (size_t)-1;
}

void
utf8_escape_hidden(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, n;
	long c;

	while (i < len) {
		c = decode(s + i, len - i, &n);
		if (c < 0)
			buf_printf(b, "\\x%02x", (unsigned char)s[i]);
		else if (utf8_is_hidden((unsigned long)c))
			buf_printf(b, "\\u%04lx", (unsigned long)c);
		else
			buf_put(b, s + i, n);
		i += n;
	}
}

unsigned
utf8_col(const char *line_start, const char *at)
{
	unsigned col = 1;

	for (; line_start < at; line_start++)
		if (((unsigned char)*line_start & 0xC0) != 0x80)
			col++;
	return col;
}
