/* Exact decimal arithmetic: see include/decimal.h. */
#include "decimal.h"

#include <string.h>

/* A quarter of the dec_wide range: 2 * |diff| below it cannot overflow. */
#define DEC_WIDE_HALF	((dec_wide)1 << 125)

static const int64_t pow10_tab[DEC_FRAC + 1] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000
};

enum dec_parse_result
dec_parse(const char *s, struct dec *out)
{
	int64_t ip = 0, fp = 0;
	int neg = 0, nint = 0, nfrac = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, nint++) {
		if (ip > DEC_MAX_INT / 10)
			return DEC_TOO_LARGE;
		ip = ip * 10 + (*s - '0');
	}
	if (nint == 0)
		return DEC_SYNTAX;
	if (ip > DEC_MAX_INT)
		return DEC_TOO_LARGE;
	if (*s == '.' || *s == ',') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++, nfrac++) {
			if (nfrac == DEC_FRAC)
				return DEC_TOO_PRECISE;
			fp = fp * 10 + (*s - '0');
		}
		if (nfrac == 0)
			return DEC_SYNTAX;
	}
	if (*s != '\0')
		return DEC_SYNTAX;
	out->v = ip * DEC_ONE + fp * pow10_tab[DEC_FRAC - nfrac];
	if (neg)
		out->v = -out->v;
	return DEC_OK;
}

struct dec_ratio
dec_ratio_of(struct dec x)
{
	struct dec_ratio r = { x.v, 1 };

	return r;
}

struct dec
dec_round(struct dec_ratio r, int decimals, enum rounding mode)
{
	dec_wide num = r.num, den = r.den, step, q, rem;
	struct dec out;
	int neg = 0;

	if (decimals < 0)
		decimals = 0;
	if (decimals > DEC_FRAC)
		decimals = DEC_FRAC;
	if (den < 0) {
		den = -den;
		num = -num;
	}
	if (num < 0) {
		neg = 1;
		num = -num;
	}
	/* Count whole steps of 10^-decimals in num/den, exactly. */
	step = (dec_wide)pow10_tab[DEC_FRAC - decimals] * den;
	q = num / step;
	rem = num % step;
	if (mode == ROUND_HALF_UP && 2 * rem >= step)
		q++;
	out.v = (int64_t)(q * pow10_tab[DEC_FRAC - decimals]);
	if (neg)
		out.v = -out.v;
	return out;
}

int
dec_differs(struct dec x, struct dec_ratio r, int decimals)
{
	dec_wide diff, half;

	if (decimals < 0)
		decimals = 0;
	if (decimals > DEC_FRAC)
		decimals = DEC_FRAC;
	if (r.den < 0) {
		r.den = -r.den;
		r.num = -r.num;
	}
	/* |x - num/den| > step/2  <=>  2*|x*den - num| > step*den */
	if (__builtin_mul_overflow((dec_wide)x.v, r.den, &diff) ||
	    __builtin_sub_overflow(diff, r.num, &diff) ||
	    __builtin_mul_overflow((dec_wide)pow10_tab[DEC_FRAC - decimals],
	    r.den, &half) || diff > DEC_WIDE_HALF || diff < -DEC_WIDE_HALF) {
		/* Beyond 128 bits: compare with r to the last digit a dec holds. */
		diff = (dec_wide)x.v - dec_round(r, DEC_FRAC, ROUND_HALF_UP).v;
		half = pow10_tab[DEC_FRAC - decimals];
	}
	if (diff < 0)
		diff = -diff;
	return 2 * diff > half;
}

int
dec_cmp(struct dec a, struct dec b)
{
	return (a.v > b.v) - (a.v < b.v);
}

void
dec_format(struct buf *b, struct dec x, int decimals, char sep, int plus)
{
	uint64_t mag = x.v < 0 ? (uint64_t)0 - (uint64_t)x.v : (uint64_t)x.v;
	uint64_t ip = mag / DEC_ONE, fp = mag % DEC_ONE;
	char frac[DEC_FRAC + 1];
	int i;

	if (decimals < 0)
		decimals = 0;
	if (decimals > DEC_FRAC)
		decimals = DEC_FRAC;
	fp /= (uint64_t)pow10_tab[DEC_FRAC - decimals];
	/* A value that shows as zero gets no sign: "0.00", never "-0.00". */
	if (ip != 0 || fp != 0) {
		if (x.v < 0)
			buf_putc(b, '-');
		else if (plus)
			buf_putc(b, '+');
	}
	buf_put_u64(b, ip);
	if (decimals == 0)
		return;
	for (i = decimals - 1; i >= 0; i--) {
		frac[i] = (char)('0' + fp % 10);
		fp /= 10;
	}
	buf_putc(b, sep);
	buf_put(b, frac, (size_t)decimals);
}

double
dec_to_double(struct dec x)
{
	return (double)x.v / (double)DEC_ONE;
}

void
dec_format_plain(struct buf *b, struct dec x)
{
	uint64_t mag = x.v < 0 ? (uint64_t)0 - (uint64_t)x.v : (uint64_t)x.v;
	uint64_t ip = mag / DEC_ONE, fp = mag % DEC_ONE;
	char d[48];
	size_t i = sizeof d, nd = DEC_FRAC;

	/* What dec_format() with every digit and the trailing zeros cut
	 * would write, made backwards in one piece: the downloads write
	 * every aspect value and weight with it. */
	if (fp != 0) {
		/* Fewer than DEC_FRAC trailing zeros: cut them 8, 4, 2, 1
		 * at a time. */
		_Static_assert(DEC_FRAC <= 16, "at most 15 zeros to cut");
		if (fp % 100000000 == 0) {
			fp /= 100000000;
			nd -= 8;
		}
		if (fp % 10000 == 0) {
			fp /= 10000;
			nd -= 4;
		}
		if (fp % 100 == 0) {
			fp /= 100;
			nd -= 2;
		}
		if (fp % 10 == 0) {
			fp /= 10;
			nd--;
		}
		while (nd-- > 0) {
			d[--i] = (char)('0' + fp % 10);
			fp /= 10;
		}
		d[--i] = '.';
	}
	do
		d[--i] = (char)('0' + ip % 10);
	while ((ip /= 10) != 0);
	if (x.v < 0)
		d[--i] = '-';
	buf_put(b, d + i, sizeof d - i);
}
