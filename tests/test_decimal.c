/*
 * Tests for exact decimal arithmetic: include/decimal.h and the rounding
 * rules of content-format.md section 2 (scores.csv).
 */
#include "testutil.h"

#include "buf.h"
#include "decimal.h"

/* 10^k, k small. */
static uint64_t
pow10_of(size_t k)
{
	uint64_t p = 1;

	while (k-- > 0)
		p *= 10;
	return p;
}

/* The dec of a literal that must parse. */
static struct dec
D(const char *s)
{
	struct dec x = { 0 };

	assert_int_equal(dec_parse(s, &x), DEC_OK);
	return x;
}

/* dec_format() into a static buffer, for assert_string_equal. */
static const char *
fmt(struct dec x, int decimals, char sep, int plus)
{
	static char out[64];
	struct buf b = BUF_INIT;

	dec_format(&b, x, decimals, sep, plus);
	snprintf(out, sizeof out, "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

/* Round one value and format it with '.'. */
static const char *
rnd(const char *s, int decimals, enum rounding mode)
{
	return fmt(dec_round(dec_ratio_of(D(s)), decimals, mode), decimals,
	    '.', 0);
}

static void
parse_accepts(void **state)
{
	struct dec x;

	(void)state;
	assert_int_equal(dec_parse("89.45", &x), DEC_OK);
	assert_int_equal(x.v, 89450000000LL);
	assert_int_equal(dec_parse("89,45", &x), DEC_OK);
	assert_int_equal(x.v, 89450000000LL);
	assert_int_equal(dec_parse("-0.5", &x), DEC_OK);
	assert_int_equal(x.v, -500000000LL);
	assert_int_equal(dec_parse("0", &x), DEC_OK);
	assert_int_equal(x.v, 0);
	assert_int_equal(dec_parse("-0", &x), DEC_OK);
	assert_int_equal(x.v, 0);
	assert_int_equal(dec_parse("007", &x), DEC_OK);
	assert_int_equal(x.v, 7 * DEC_ONE);
	assert_int_equal(dec_parse("0.000000001", &x), DEC_OK);
	assert_int_equal(x.v, 1);
	assert_int_equal(dec_parse("999999999.999999999", &x), DEC_OK);
	assert_int_equal(x.v, 999999999999999999LL);
	assert_int_equal(dec_parse("-999999999,5", &x), DEC_OK);
	assert_int_equal(x.v, -999999999500000000LL);
}

static void
parse_rejects(void **state)
{
	struct dec x = { 42 };

	(void)state;
	assert_int_equal(dec_parse("1.", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse(".5", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse(",5", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("1 000", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("1.000,5", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("1.2.3", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("abc", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("12a", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("-", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("+1", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("--1", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse(" 1", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("1e3", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("0x10", &x), DEC_SYNTAX);
	assert_int_equal(dec_parse("0.1234567891", &x), DEC_TOO_PRECISE);
	assert_int_equal(dec_parse("89.4500000000001", &x),
	    DEC_TOO_PRECISE);
	assert_int_equal(dec_parse("1000000000", &x), DEC_TOO_LARGE);
	assert_int_equal(dec_parse("-1000000000.5", &x), DEC_TOO_LARGE);
	assert_int_equal(dec_parse("123456789012345678901234567890", &x),
	    DEC_TOO_LARGE);
	/* A rejected parse leaves the output alone. */
	assert_int_equal(x.v, 42);
}

static void
round_half_up_and_truncate(void **state)
{
	char dbl[32];

	(void)state;
	assert_string_equal(rnd("3.505", 2, ROUND_HALF_UP), "3.51");
	assert_string_equal(rnd("3.505", 2, ROUND_TRUNCATE), "3.50");
	assert_string_equal(rnd("2.675", 2, ROUND_HALF_UP), "2.68");
	/* What binary floating point makes of the same figure. */
	snprintf(dbl, sizeof dbl, "%.2f", 2.675);
	assert_string_equal(dbl, "2.67");
	assert_string_equal(rnd("3.504999999", 2, ROUND_HALF_UP), "3.50");
	assert_string_equal(rnd("49.859", 2, ROUND_TRUNCATE), "49.85");
	assert_string_equal(rnd("49.859", 2, ROUND_HALF_UP), "49.86");
	assert_string_equal(rnd("89.45", 2, ROUND_HALF_UP), "89.45");
	assert_string_equal(rnd("89.45", 1, ROUND_HALF_UP), "89.5");
	assert_string_equal(rnd("89.45", 1, ROUND_TRUNCATE), "89.4");
	assert_string_equal(rnd("89.5", 0, ROUND_HALF_UP), "90");
	assert_string_equal(rnd("89.4999", 0, ROUND_HALF_UP), "89");
	assert_string_equal(rnd("0.000000005", 8, ROUND_HALF_UP),
	    "0.00000001");
	assert_string_equal(rnd("0.123456789", 9, ROUND_HALF_UP),
	    "0.123456789");
	/* Out-of-range decimals are clamped rather than trusted. */
	assert_int_equal(dec_round(dec_ratio_of(D("1.5")), -3,
	    ROUND_HALF_UP).v, 2 * DEC_ONE);
	assert_int_equal(dec_round(dec_ratio_of(D("1.000000001")), 12,
	    ROUND_HALF_UP).v, DEC_ONE + 1);
}

static void
round_negative(void **state)
{
	(void)state;
	/* Halves go away from zero; truncation goes toward zero. */
	assert_string_equal(rnd("-3.505", 2, ROUND_HALF_UP), "-3.51");
	assert_string_equal(rnd("-3.505", 2, ROUND_TRUNCATE), "-3.50");
	assert_string_equal(rnd("-2.5", 0, ROUND_HALF_UP), "-3");
	assert_string_equal(rnd("-2.4", 0, ROUND_HALF_UP), "-2");
	assert_string_equal(rnd("-0.004", 2, ROUND_HALF_UP), "0.00");
	assert_int_equal(dec_round(dec_ratio_of(D("-0.004")), 2,
	    ROUND_HALF_UP).v, 0);
	/* A negative denominator is the same fraction. */
	{
		struct dec_ratio q = { -3505000000LL, -1 };

		assert_int_equal(dec_round(q, 2, ROUND_HALF_UP).v,
		    3510000000LL);
	}
}

/* 8,72 + 10,76 + 20,76 + 9,61 = 49,85 exactly: truncation keeps it. */
static void
sum_then_truncate(void **state)
{
	const char *parts[] = { "8.72", "10.76", "20.76", "9.61" };
	struct dec_ratio q = { 0, 1 };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		q.num += D(parts[i]).v;
	assert_true(q.num == (dec_wide)49850000000LL);
	assert_string_equal(fmt(dec_round(q, 2, ROUND_TRUNCATE), 2, ',', 0),
	    "49,85");
	assert_string_equal(fmt(dec_round(q, 1, ROUND_TRUNCATE), 1, ',', 0),
	    "49,8");
}

/* Means are exact fractions until the one rounding at the end. */
static void
mean_exact_halves(void **state)
{
	struct dec_ratio q;

	(void)state;
	/* (1.00 + 1.01) / 2 = 1.005 exactly. */
	q.num = D("1.00").v + D("1.01").v;
	q.den = 2;
	assert_string_equal(fmt(dec_round(q, 2, ROUND_HALF_UP), 2, '.', 0),
	    "1.01");
	assert_string_equal(fmt(dec_round(q, 2, ROUND_TRUNCATE), 2, '.', 0),
	    "1.00");
	/* (1.00 + 1.00 + 1.01) / 3 = 1.00333... */
	q.num = D("1.00").v * 2 + D("1.01").v;
	q.den = 3;
	assert_string_equal(fmt(dec_round(q, 2, ROUND_HALF_UP), 2, '.', 0),
	    "1.00");
	/* (1.01 + 1.01 + 1.00) / 3 = 1.00666... */
	q.num = D("1.01").v * 2 + D("1.00").v;
	assert_string_equal(fmt(dec_round(q, 2, ROUND_HALF_UP), 2, '.', 0),
	    "1.01");
	assert_string_equal(fmt(dec_round(q, 2, ROUND_TRUNCATE), 2, '.', 0),
	    "1.00");
	/*
	 * Weighted mean as compute.c forms it: sum(w*v) / sum(w) with both
	 * in dec units.  (2 * 1 + 1 * 3) / (1 + 3) = 1.25 exactly.
	 */
	q.num = (dec_wide)D("1").v * D("2").v + (dec_wide)D("3").v * D("1").v;
	q.den = D("1").v + D("3").v;
	assert_string_equal(fmt(dec_round(q, 1, ROUND_HALF_UP), 1, '.', 0),
	    "1.3");
	assert_string_equal(fmt(dec_round(q, 1, ROUND_TRUNCATE), 1, '.', 0),
	    "1.2");
	assert_string_equal(fmt(dec_round(q, 2, ROUND_HALF_UP), 2, '.', 0),
	    "1.25");
	/* -1.005 as a mean: away from zero. */
	q.num = -(D("1.00").v + D("1.01").v);
	q.den = 2;
	assert_string_equal(fmt(dec_round(q, 2, ROUND_HALF_UP), 2, '.', 0),
	    "-1.01");
}

static void
differs_boundaries(void **state)
{
	struct dec_ratio q;

	(void)state;
	/* Exactly half a unit apart is not "more than half". */
	assert_false(dec_differs(D("3.50"), dec_ratio_of(D("3.505")), 2));
	assert_false(dec_differs(D("3.50"), dec_ratio_of(D("3.495")), 2));
	assert_true(dec_differs(D("3.50"), dec_ratio_of(D("3.505000001")),
	    2));
	assert_true(dec_differs(D("3.50"), dec_ratio_of(D("3.494999999")),
	    2));
	assert_false(dec_differs(D("3.50"), dec_ratio_of(D("3.50")), 2));
	assert_false(dec_differs(D("90"), dec_ratio_of(D("90.4")), 0));
	assert_true(dec_differs(D("90"), dec_ratio_of(D("90.6")), 0));
	/* With a denominator: 1.005 against 1.00 and 1.01. */
	q.num = D("1.00").v + D("1.01").v;
	q.den = 2;
	assert_false(dec_differs(D("1.00"), q, 2));
	assert_false(dec_differs(D("1.01"), q, 2));
	assert_true(dec_differs(D("1.02"), q, 2));
	assert_true(dec_differs(D("0.99"), q, 2));
	/* The same with the sign of the fraction on the denominator. */
	q.num = -q.num;
	q.den = -2;
	assert_false(dec_differs(D("1.00"), q, 2));
	assert_true(dec_differs(D("1.02"), q, 2));
	/*
	 * Huge denominators (weights near 10^9 summed): 10^38 / 10^21 is
	 * 10^17 dec units, i.e. 100000000.  x * den for x = 999999999 does
	 * not fit 128 bits; the answer must still come, without overflow.
	 */
	q.den = (dec_wide)DEC_ONE * DEC_ONE * 1000;
	q.num = q.den * 100000000000000000LL;
	assert_true(dec_differs(D("999999999"), q, 2));
	assert_true(dec_differs(D("-999999999"), q, 2));
	assert_false(dec_differs(D("100000000"), q, 2));
	assert_true(dec_differs(D("100000000.01"), q, 2));
	assert_string_equal(fmt(dec_round(q, 2, ROUND_HALF_UP), 2, '.', 0),
	    "100000000.00");
}

static void
compare(void **state)
{
	(void)state;
	assert_int_equal(dec_cmp(D("89.45"), D("89.40")), 1);
	assert_int_equal(dec_cmp(D("89.40"), D("89.45")), -1);
	assert_int_equal(dec_cmp(D("89.4"), D("89,40")), 0);
	assert_int_equal(dec_cmp(D("-1"), D("0")), -1);
}

static void
format(void **state)
{
	struct dec x;

	(void)state;
	assert_string_equal(fmt(D("89.45"), 2, '.', 0), "89.45");
	assert_string_equal(fmt(D("89.45"), 2, ',', 0), "89,45");
	assert_string_equal(fmt(D("89.45"), 2, '.', 1), "+89.45");
	assert_string_equal(fmt(D("11.72"), 2, '.', 1), "+11.72");
	assert_string_equal(fmt(D("-0.5"), 2, '.', 1), "-0.50");
	assert_string_equal(fmt(D("-0.5"), 2, ',', 0), "-0,50");
	assert_string_equal(fmt(D("0"), 2, '.', 1), "0.00");
	assert_string_equal(fmt(D("-0"), 2, ',', 1), "0,00");
	/* Digits beyond `decimals` are cut, and a cut-to-zero has no sign. */
	assert_string_equal(fmt(D("-0.001"), 2, '.', 1), "0.00");
	assert_string_equal(fmt(D("0.009"), 2, '.', 1), "0.00");
	assert_string_equal(fmt(D("-3.509"), 2, '.', 0), "-3.50");
	assert_string_equal(fmt(D("100"), 2, '.', 0), "100.00");
	assert_string_equal(fmt(D("89.45"), 0, ',', 0), "89");
	assert_string_equal(fmt(D("7"), 0, '.', 1), "+7");
	assert_string_equal(fmt(D("0.05"), 1, '.', 0), "0.0");
	assert_string_equal(fmt(D("0.000000001"), 9, '.', 0), "0.000000001");
	assert_string_equal(fmt(D("999999999.999999999"), 9, '.', 0),
	    "999999999.999999999");
	assert_string_equal(fmt(D("-999999999.999999999"), 9, '.', 0),
	    "-999999999.999999999");
	x.v = INT64_MIN;
	assert_string_equal(fmt(x, 9, '.', 0), "-9223372036.854775808");
	assert_string_equal(fmt(D("1.5"), 12, '.', 0), "1.500000000");
	assert_string_equal(fmt(D("1.5"), -1, '.', 0), "1");
}

/* dec_format() with every digit, trailing zeros and a bare '.' cut. */
static void
plain_ref(struct buf *b, struct dec x)
{
	dec_format(b, x, DEC_FRAC, '.', 0);
	while (b->len > 0 && b->data[b->len - 1] == '0')
		b->len--;
	if (b->len > 0 && b->data[b->len - 1] == '.')
		b->len--;
	b->data[b->len] = '\0';
}

static void
format_plain(void **state)
{
	static const int64_t edge[] = { 0, 1, -1, 10, -10, 1000000000,
	    -1000000000, 999999999, -999999999, 1000000001, 21850000000,
	    8720000000, 100000000000, -500000000, INT64_MAX, INT64_MIN + 1 };
	struct buf got = BUF_INIT, want = BUF_INIT;
	uint64_t seed = 12345;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof edge / sizeof edge[0] + 100000; i++) {
		struct dec x;

		if (i < sizeof edge / sizeof edge[0])
			x.v = edge[i];
		else {	/* trailing zeros of every count */
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			x.v = (int64_t)(seed >> 34) * (int64_t)pow10_of(i % 10);
			if (seed & 1)
				x.v = -x.v;
		}
		buf_reset(&got);
		buf_reset(&want);
		dec_format_plain(&got, x);
		plain_ref(&want, x);
		assert_string_equal(buf_str(&got), buf_str(&want));
	}
	assert_string_equal((buf_reset(&got), dec_format_plain(&got,
	    D("21.85")), buf_str(&got)), "21.85");
	buf_free(&got);
	buf_free(&want);
}

static void
to_double(void **state)
{
	(void)state;
	assert_true(dec_to_double(D("89.45")) > 89.449999 &&
	    dec_to_double(D("89.45")) < 89.450001);
	assert_true(dec_to_double(D("-0.5")) == -0.5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_accepts),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(round_half_up_and_truncate),
		cmocka_unit_test(round_negative),
		cmocka_unit_test(sum_then_truncate),
		cmocka_unit_test(mean_exact_halves),
		cmocka_unit_test(differs_boundaries),
		cmocka_unit_test(compare),
		cmocka_unit_test(format),
		cmocka_unit_test(format_plain),
		cmocka_unit_test(to_double),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
