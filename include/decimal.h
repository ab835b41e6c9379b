/*
 * Exact decimal arithmetic for scores.  The content format's rounding
 * rules are decimal ("3.505 rounds half-up to 3.51"), which binary
 * floating point gets wrong, so every figure that is shown, ranked or
 * categorised is a fixed-point integer count of 10^-9 and every division
 * is kept as an exact fraction until it is rounded.
 */
#ifndef RAPOR_DECIMAL_H
#define RAPOR_DECIMAL_H

#include <stdint.h>

#include "buf.h"

#define DEC_FRAC	9		/* fractional digits a dec holds */
#define DEC_ONE		1000000000LL	/* 10^DEC_FRAC: the dec value of 1 */
#define DEC_MAX_INT	999999999LL	/* largest integer part accepted by dec_parse */

__extension__ typedef __int128 dec_wide;	/* intermediate products and sums */

struct dec {
	int64_t	v;	/* the value times 10^DEC_FRAC */
};

/* An exact fraction num/den of dec units (den > 0): a mean before rounding. */
struct dec_ratio {
	dec_wide num;	/* numerator, in dec units */
	dec_wide den;	/* positive denominator */
};

enum rounding {
	ROUND_HALF_UP,	/* to nearest, halves away from zero: 3.505 -> 3.51 */
	ROUND_TRUNCATE	/* toward zero: 49.859 -> 49.85 */
};

enum dec_parse_result {
	DEC_OK = 0,
	DEC_SYNTAX,	/* not a number: letters, thousands separators, "1.", ... */
	DEC_TOO_PRECISE,	/* more than DEC_FRAC fractional digits */
	DEC_TOO_LARGE	/* integer part above DEC_MAX_INT */
};

/*
 * Parse s (already trimmed): optional '-', digits, optionally '.' or ','
 * and at least one digit.  A comma is accepted as the decimal mark
 * because the caller only passes cells where it cannot be the delimiter.
 */
enum dec_parse_result dec_parse(const char *s, struct dec *out);

/* The ratio x/1, for rounding a single value. */
struct dec_ratio dec_ratio_of(struct dec x);

/* Round the exact fraction r to `decimals` (0..DEC_FRAC) digits. */
struct dec dec_round(struct dec_ratio r, int decimals, enum rounding mode);

/*
 * Nonzero when x and the exact fraction r differ by more than half a unit
 * of the last shown decimal (so a reader would see a different figure).
 */
int dec_differs(struct dec x, struct dec_ratio r, int decimals);

/* -1, 0 or 1 as a < b, a == b, a > b. */
int dec_cmp(struct dec a, struct dec b);

/*
 * Append x with exactly `decimals` fractional digits (x must already be
 * rounded to them; further digits are cut), using sep as the decimal
 * mark.  With plus, positive values get a '+'; zero never has a sign.
 */
void dec_format(struct buf *b, struct dec x, int decimals, char sep, int plus);

/*
 * Append x with as many fractional digits as it needs: 100, 0.5,
 * -2.25, 21.85 (a value as written, neither padded nor rounded).
 */
void dec_format_plain(struct buf *b, struct dec x);

/* x as a double, for drawing only: never for a shown or ranked figure. */
double dec_to_double(struct dec x);

#endif
