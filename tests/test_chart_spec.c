/*
 * Tests of the chart module's reading of a spec (src/chart.c,
 * src/chart_util.c, declared in src/chart_spec.h): ticks, number
 * formatting, label placement, contrast, and the checks of each kind.
 * Nothing here needs a font.
 */
#include "testutil.h"

#include <math.h>

#include "chart.h"
#include "../src/chart_spec.h"

static const struct chart_zone zones[] = {
	{ "Zona Hijau", "#2e7d32" },
	{ "Zona Merah", "#c62828" },
};

static void
assert_ticks(const struct chart_ticks *t, const double *want, size_t n)
{
	size_t i;

	assert_int_equal(t->n, n);
	for (i = 0; i < n; i++)
		assert_true(t->v[i] == want[i]);
}

static void
test_ticks_0_100(void **state)
{
	static const double want[] = { 0, 20, 40, 60, 80, 100 };
	struct chart_ticks t;

	(void)state;
	assert_int_equal(chart_nice_ticks(0, 100, 5, &t), 0);
	assert_ticks(&t, want, 6);
	assert_true(t.step == 20);
	assert_int_equal(t.decimals, 0);
	assert_int_equal(chart_nice_ticks(0, 100, 10, &t), 0);
	assert_true(t.step == 10);
	assert_int_equal(t.n, 11);
}

static void
test_ticks_0_5(void **state)
{
	static const double want[] = { 0, 1, 2, 3, 4, 5 };
	static const double halves[] = { 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4,
	    4.5, 5 };
	struct chart_ticks t;
	char s[16];

	(void)state;
	assert_int_equal(chart_nice_ticks(0, 5, 5, &t), 0);
	assert_ticks(&t, want, 6);
	assert_int_equal(chart_nice_ticks(0, 5, 10, &t), 0);
	assert_ticks(&t, halves, 11);
	assert_int_equal(t.decimals, 1);
	chart_format_number(t.v[3], t.decimals, ',', s, sizeof s);
	assert_string_equal(s, "1,5");
}

static void
test_ticks_data_range(void **state)
{
	static const double want[] = { 80, 85, 90, 95 };
	struct chart_ticks t;

	(void)state;
	assert_int_equal(chart_nice_ticks(77.66, 95.31, 5, &t), 0);
	assert_ticks(&t, want, 4);
	assert_true(t.step == 5);
	assert_true(t.lo == 77.66 && t.hi == 95.31);
	/* A small range needs decimals. */
	assert_int_equal(chart_nice_ticks(0.1, 0.35, 5, &t), 0);
	assert_true(t.step == 0.05);
	assert_int_equal(t.decimals, 2);
	assert_true(t.v[0] == 0.1 && t.v[t.n - 1] == 0.35);
}

static void
test_ticks_degenerate(void **state)
{
	struct chart_ticks t;

	(void)state;
	/* Equal bounds are widened, never divided by. */
	assert_int_equal(chart_nice_ticks(50, 50, 5, &t), 0);
	assert_true(t.lo == 49 && t.hi == 51);
	assert_true(t.n >= 2);
	assert_int_equal(chart_nice_ticks(NAN, 100, 5, &t), -1);
	assert_int_equal(t.n, 0);
	assert_int_equal(chart_nice_ticks(0, INFINITY, 5, &t), -1);
	assert_int_equal(chart_nice_ticks(10, 0, 5, &t), -1);
	assert_int_equal(chart_nice_ticks(-1e308, 1e308, 5, &t), -1);
	/* Absurd targets are clamped. */
	assert_int_equal(chart_nice_ticks(0, 100, 0, &t), 0);
	assert_true(t.n >= 2 && t.n <= 3);
	assert_int_equal(chart_nice_ticks(0, 100, 100000, &t), 0);
	assert_true(t.n <= CHART_MAX_TICKS);
}

static void
test_format_number(void **state)
{
	char s[32];

	(void)state;
	chart_format_number(89.45, 2, ',', s, sizeof s);
	assert_string_equal(s, "89,45");
	chart_format_number(89.45, 2, '.', s, sizeof s);
	assert_string_equal(s, "89.45");
	chart_format_number(100, 0, ',', s, sizeof s);
	assert_string_equal(s, "100");
	chart_format_number(-0.001, 2, ',', s, sizeof s);
	assert_string_equal(s, "0,00");
	chart_format_number(-2.5, 1, ',', s, sizeof s);
	assert_string_equal(s, "-2,5");
	chart_format_number(0.125, 2, '.', s, sizeof s);
	assert_string_equal(s, "0.13");
	chart_format_number(NAN, 2, ',', s, sizeof s);
	assert_string_equal(s, "?");
	chart_format_number(INFINITY, 2, ',', s, sizeof s);
	assert_string_equal(s, "?");
	chart_format_number(1e20, 2, ',', s, sizeof s);
	assert_string_equal(s, "?");
	chart_format_number(3.14159, 99, '.', s, sizeof s);
	assert_string_equal(s, "3.141590");
	chart_format_number(89.45, 2, ',', s, 3);
	assert_string_equal(s, "89");
}

static void
test_place_labels(void **state)
{
	double pos[4] = { 50, 52, 54, 200 }, size[4] = { 10, 10, 10, 10 };
	double one[1] = { 2 }, w1[1] = { 10 };
	double tight[3] = { 5, 5, 5 }, tw[3] = { 10, 10, 10 };
	size_t i;

	(void)state;
	assert_int_equal(chart_place_labels(pos, size, 4, 0, 300, 2), 0);
	for (i = 0; i + 1 < 4; i++)
		assert_true(pos[i] + size[i] / 2 + 2 <= pos[i + 1] -
		    size[i + 1] / 2 + 1e-9);
	/* The cluster stays centred on its wanted centres. */
	assert_true(fabs((pos[0] + pos[1] + pos[2]) / 3 - 52) < 1e-9);
	assert_true(pos[3] == 200);
	/* Pushed inside the bounds. */
	assert_int_equal(chart_place_labels(one, w1, 1, 0, 100, 2), 0);
	assert_true(one[0] == 5);
	/* Against the left edge, a cluster spreads rightwards. */
	assert_int_equal(chart_place_labels(tight, tw, 3, 0, 100, 2), 0);
	assert_true(tight[0] == 5 && tight[1] == 17 && tight[2] == 29);
	/* No room: -1, and still inside the bounds. */
	tight[0] = tight[1] = tight[2] = 10;
	assert_int_equal(chart_place_labels(tight, tw, 3, 0, 25, 2), -1);
	assert_true(tight[0] >= 5 && tight[2] <= 20);
	assert_int_equal(chart_place_labels(NULL, NULL, 0, 0, 10, 1), 0);
}

static void
test_contrast(void **state)
{
	(void)state;
	assert_true(fabs(chart_contrast_ratio("#000000", "#ffffff") - 21) <
	    1e-9);
	assert_true(chart_contrast_ratio("#2e7d32", "#ffffff") >= 4.5);
	assert_string_equal(chart_text_color("#2e7d32"), "#ffffff");
	assert_string_equal(chart_text_color("#c62828"), "#ffffff");
	assert_string_equal(chart_text_color("#f9a825"), "#000000");
	/* Whatever colour a zone has, the chosen text colour passes AA. */
	{
		char c[8];
		unsigned v;

		for (v = 0; v < 0x1000000; v += 0x010305) {
			snprintf(c, sizeof c, "#%06x", v);
			assert_true(chart_contrast_ratio(c,
			    chart_text_color(c)) >= 4.5);
		}
	}
	assert_true(chart_contrast_ratio("#595959", "#eeeeee") >= 4.5);
	assert_true(chart_contrast_ratio("#zzzzzz", "#ffffff") < 0);
	assert_true(chart_contrast_ratio("#fff", "#ffffff") < 0);
	assert_true(chart_contrast_ratio(NULL, "#ffffff") < 0);
}

/*
 * chart_check() hands each kind to its own check: a spec valid for one
 * kind but for a field only another kind reads passes, and each kind's
 * own mistake is found, with the message naming it.
 */
static void
test_check_kinds(void **state)
{
	static const size_t counts[] = { 1, 2 };
	struct chart_bar bad_bar[] = { { "Dinas", 50, NULL, 5 } };
	struct chart_point back[] = {
		{ 2023, 50, NULL, 0, 0, NULL, 0, 0 },
		{ 2021, 60, NULL, 0, 0, NULL, 0, 0 },
	};
	struct chart_group nocounts[] = { { "Kota", NULL } };
	struct chart_group groups[] = { { "Kota", counts } };
	struct chart_dot far[] = { { 50, 0, 3, "A", NULL } };
	struct chart_card card = { "Kota", NULL, NULL, NULL, NULL, 9, NULL, NULL };
	struct chart_spec s = {
		.kind = CHART_BARS, .scale_max = 100, .zones = zones,
		.nzones = 2, .bars = bad_bar, .nbars = 1,
	};
	char err[256];

	(void)state;
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "bar 1: zone 5 out of range"));
	/* Bars belong to bars and aspects only. */
	s.kind = CHART_YEARS;
	assert_int_equal(chart_check(&s, err, sizeof err), 0);
	s.points = back;
	s.npoints = 2;
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "point 2: years must increase"));
	s.kind = CHART_ZONES;
	s.groups = nocounts;
	s.ngroups = 1;
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "group 1: no counts"));
	s.groups = groups;
	assert_int_equal(chart_check(&s, err, sizeof err), 0);
	s.kind = CHART_STRIP;
	s.dots = far;
	s.ndots = 1;
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "dot 1: group 3 out of range"));
	s.ngroups = 0;		/* without groups, a dot's group is unused */
	assert_int_equal(chart_check(&s, err, sizeof err), 0);
	s.kind = CHART_CARD;
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "share card: no texts"));
	s.card = &card;
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "card score"));
	card.score_label = "50,00";
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "card 1: zone 9 out of range"));
	card.zone = -1;
	assert_int_equal(chart_check(&s, err, sizeof err), 0);
	/* What every kind shares is checked before the kind's own. */
	s.nzones = 3;
	s.zones = NULL;
	assert_int_equal(chart_check(&s, err, sizeof err), -1);
	assert_non_null(strstr(err, "zones: 3 entries but no array"));
	assert_int_equal(chart_check(NULL, err, sizeof err), -1);
	assert_string_equal(err, "no chart spec");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticks_0_100),
		cmocka_unit_test(test_ticks_0_5),
		cmocka_unit_test(test_ticks_data_range),
		cmocka_unit_test(test_ticks_degenerate),
		cmocka_unit_test(test_format_number),
		cmocka_unit_test(test_place_labels),
		cmocka_unit_test(test_contrast),
		cmocka_unit_test(test_check_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
