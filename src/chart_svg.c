/*
 * Tidying Cairo's SVG output, for determinism and size.
 *
 * Cairo names the page group "surfaceN" (and images "imageN") after a
 * counter shared by every surface of the process, so the same chart
 * drawn as the first or the 500th of a run would differ in those ids.
 * They are renumbered by first appearance in the document.  Other ids
 * (glyphs, clips, patterns) are already numbered per document.
 *
 * Cairo also writes coordinates with six decimals, most of them glyph
 * outlines.  Two decimals of a CSS pixel are finer than any screen shows
 * and make the document about a third smaller, so the numbers of d, x
 * and y attributes are rounded.  The rounding works on the decimal
 * digits, not through a double, so neither binary rounding nor the C
 * locale can enter.
 */
#include "chart.h"
#include "chart_impl.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

/* Id prefixes Cairo numbers process-wide. */
static const char *const global_ids[] = { "surface", "image" };
#define NGLOBAL (sizeof global_ids / sizeof global_ids[0])

/* Attributes holding coordinates: the text just before the value. */
static const char *const coord_attrs[] = { " d=\"", " x=\"", " y=\"" };
#define NCOORD (sizeof coord_attrs / sizeof coord_attrs[0])
#define COORD_ATTR_LEN 4	/* strlen of each of them */

/* Longest number rounded; a longer one is copied as it is. */
#define MAX_DIGITS 40

/* Renumbering table: old ids as seen, with their new numbers. */
struct idmap {
	unsigned long *old;	/* Cairo's number */
	size_t	*kind;		/* index into global_ids */
	size_t	*newid;		/* the number written instead */
	size_t	 n;		/* entries in use */
	size_t	 cap;		/* entries allocated */
	size_t	 next[NGLOBAL];	/* last number given, per prefix */
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Write into res the decimal number s[0..n) ("-12.345678", at most
 * MAX_DIGITS characters) rounded half-up to two decimals, without
 * trailing zeros or a "-0"; returns the length written (at most n + 2).
 */
static size_t
round_number(char *res, const char *s, size_t n)
{
	char dig[MAX_DIGITS + 2];
	size_t k = 0, nd = 0, ip, i, r = 0;
	int neg = 0, carry, nonzero = 0;

	if (k < n && s[k] == '-') {
		neg = 1;
		k++;
	}
	dig[nd++] = '0';	/* room for a carry out of the top digit */
	while (k < n && is_digit((unsigned char)s[k]))
		dig[nd++] = s[k++];
	ip = nd;
	if (k < n && s[k] == '.')
		k++;
	while (k < n && is_digit((unsigned char)s[k]))
		dig[nd++] = s[k++];
	if (nd > ip + 2) {
		carry = dig[ip + 2] >= '5';
		nd = ip + 2;
		for (i = nd; carry && i-- > 0;) {
			if (dig[i] == '9') {
				dig[i] = '0';
			} else {
				dig[i]++;
				carry = 0;
			}
		}
	}
	while (nd > ip && dig[nd - 1] == '0')
		nd--;
	for (i = 0; i < nd && !nonzero; i++)
		nonzero = dig[i] != '0';
	if (neg && nonzero)
		res[r++] = '-';
	/* The integer part without leading zeros, but at least "0". */
	for (i = 0; i + 1 < ip && dig[i] == '0'; i++)
		;
	memcpy(res + r, dig + i, ip - i);
	r += ip - i;
	if (nd > ip) {
		res[r++] = '.';
		memcpy(res + r, dig + ip, nd - ip);
		r += nd - ip;
	}
	return r;
}

/* Whether a number starts at s[i]. */
static int
number_at(const char *s, size_t n, size_t i)
{
	if (is_digit((unsigned char)s[i]))
		return 1;
	if (i + 1 >= n)
		return 0;
	if (s[i] == '.')
		return is_digit((unsigned char)s[i + 1]);
	return s[i] == '-' && (is_digit((unsigned char)s[i + 1]) ||
	    s[i + 1] == '.');
}

/*
 * Copy the value of a coordinate attribute starting at s[i] up to its
 * closing quote, rounding each number; returns the index of the quote.
 * Output gathers in a local block: glyph outlines hold thousands of
 * numbers, and one append per number would cost more than the rounding.
 */
static size_t
copy_coords(const char *s, size_t n, size_t i, struct buf *out)
{
	char o[2048];
	size_t j, r = 0;

	while (i < n && s[i] != '"') {
		if (r + MAX_DIGITS + 4 > sizeof o) {
			buf_put(out, o, r);
			r = 0;
		}
		if (!number_at(s, n, i)) {
			o[r++] = s[i++];
			continue;
		}
		j = i + 1;
		while (j < n && (is_digit((unsigned char)s[j]) || s[j] == '.'))
			j++;
		if (j < n && (s[j] == 'e' || s[j] == 'E')) {
			/* An exponent is beyond this rounding: the number is
			 * copied as it is, exponent and all. */
			j++;
			if (j < n && (s[j] == '-' || s[j] == '+'))
				j++;
			while (j < n && is_digit((unsigned char)s[j]))
				j++;
		} else if (j - i <= MAX_DIGITS) {
			r += round_number(o + r, s + i, j - i);
			i = j;
			continue;
		}
		buf_put(out, o, r);
		buf_put(out, s + i, j - i);
		r = 0;
		i = j;
	}
	buf_put(out, o, r);
	return i;
}

/* The new number for Cairo's id v of prefix kind. */
static size_t
renumber(struct idmap *m, size_t kind, unsigned long v)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->kind[i] == kind && m->old[i] == v)
			return m->newid[i];
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->old = xreallocarray(m->old, m->cap, sizeof *m->old);
		m->kind = xreallocarray(m->kind, m->cap, sizeof *m->kind);
		m->newid = xreallocarray(m->newid, m->cap, sizeof *m->newid);
	}
	m->old[m->n] = v;
	m->kind[m->n] = kind;
	m->newid[m->n] = ++m->next[kind];
	return m->newid[m->n++];
}

/* If a process-wide id starts at svg[i] (just after id=" or #), the
 * index of its prefix in global_ids, else NGLOBAL. */
static size_t
global_id_at(const char *svg, size_t n, size_t i)
{
	size_t k, plen;

	for (k = 0; k < NGLOBAL; k++) {
		plen = strlen(global_ids[k]);
		if (i + plen < n && memcmp(svg + i, global_ids[k], plen) == 0 &&
		    is_digit((unsigned char)svg[i + plen]))
			return k;
	}
	return NGLOBAL;
}

void
chart_tidy_svg(const char *svg, size_t n, struct buf *out)
{
	struct idmap m;
	size_t i = 0, j, k, start = 0;
	unsigned long v;

	memset(&m, 0, sizeof m);
	while (i < n) {
		/* Everything of interest starts after a quote or a '#'. */
		if (svg[i] != '"' && svg[i] != '#') {
			i++;
			continue;
		}
		i++;
		if (svg[i - 1] == '"' && i > COORD_ATTR_LEN) {
			for (k = 0; k < NCOORD; k++)
				if (memcmp(svg + i - COORD_ATTR_LEN,
				    coord_attrs[k], COORD_ATTR_LEN) == 0)
					break;
			if (k < NCOORD) {
				buf_put(out, svg + start, i - start);
				i = start = copy_coords(svg, n, i, out);
				continue;
			}
			if (i < 4 || memcmp(svg + i - 4, "id=\"", 4) != 0)
				continue;
		}
		if ((k = global_id_at(svg, n, i)) == NGLOBAL)
			continue;
		j = i + strlen(global_ids[k]);
		buf_put(out, svg + start, j - start);
		v = 0;
		while (j < n && is_digit((unsigned char)svg[j]) &&
		    v < 100000000)
			v = v * 10 + (unsigned long)(svg[j++] - '0');
		buf_printf(out, "%zu", renumber(&m, k, v));
		i = start = j;
	}
	buf_put(out, svg + start, n - start);
	free(m.old);
	free(m.kind);
	free(m.newid);
}
