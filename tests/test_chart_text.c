/*
 * Tests of the chart module's text (src/chart_text.c, declared in
 * src/chart_text.h): loading the pinned font and nothing else, laying
 * out and ellipsizing, and the layout cache that hands out the strings
 * laid out before.
 */
#include "testutil.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include "buf.h"
#include "chart.h"
#include "xalloc.h"
#include "../src/chart_text.h"

static char err[256];

static void
test_ctx_missing_font(void **state)
{
	struct chart_ctx *c;
	char path[] = "/tmp/rapor-chart-XXXXXX";
	int fd;

	(void)state;
	c = chart_ctx_new("/nonexistent/fonts", err, sizeof err);
	assert_null(c);
	assert_non_null(strstr(err, "/nonexistent/fonts"));
	assert_non_null(strstr(err, "fonts-noto-core"));
	/* A directory without the two files names the missing one. */
	c = chart_ctx_new("/tmp", err, sizeof err);
	assert_null(c);
	assert_non_null(strstr(err, CHART_FONT_REGULAR));
	/* A file that is not a font. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(write(fd, "not a font\n", 11) == 11);
	close(fd);
	c = chart_ctx_new(path, err, sizeof err);
	unlink(path);
	assert_null(c);
	assert_non_null(strstr(err, "not a font"));
}

static void
test_ctx_single_file(void **state)
{
	static const struct chart_zone zones[] = {
		{ "Zona Hijau", "#2e7d32" },
	};
	static const struct chart_bar bars[] = {
		{ "Puskesmas Cibeber", 93.35, "93,35", 0 },
		{ "Dinas Kesehatan", CHART_NO_VALUE, NULL, -1 },
	};
	struct chart_spec s = {
		.kind = CHART_BARS, .scale_max = 100, .zones = zones,
		.nzones = 1, .bars = bars, .nbars = 2,
	};
	struct chart_ctx *c;
	struct buf b = BUF_INIT;

	(void)state;
	c = chart_ctx_new(CHART_FONT_DIR "/" CHART_FONT_REGULAR, err,
	    sizeof err);
	assert_non_null(c);
	assert_int_equal(chart_svg(c, &s, &b, err, sizeof err), 0);
	assert_true(b.len > 1000);
	assert_non_null(strstr(buf_str(&b), "<use "));
	chart_ctx_free(c);
	buf_free(&b);
	chart_ctx_free(NULL);
}

static void
test_ellipsize(void **state)
{
	struct chart_text *t = chart_text_new(NULL, err, sizeof err);
	struct chart_layout *l;
	char name[201];
	int full, w;
	size_t i;

	(void)state;
	assert_non_null(t);
	memset(name, 'a', 200);
	memcpy(name, "Dinas ", 6);
	for (i = 10; i < 200; i += 11)
		name[i] = ' ';
	name[200] = '\0';
	l = chart_layout(t, name, 18, 0, 0, 1);
	assert_int_equal(l->ellipsized, 0);
	full = l->log.width;
	assert_true(full > 1000 * PANGO_SCALE);
	l = chart_layout(t, name, 18, 0, 300, 1);
	assert_int_equal(l->ellipsized, 1);
	assert_true(l->log.width <= 300 * PANGO_SCALE);
	assert_true(l->log.width < full);
	/* Two lines at most: wrapped, then cut. */
	l = chart_layout(t, name, 18, 0, 300, 2);
	assert_int_equal(l->ellipsized, 1);
	assert_int_equal(pango_layout_get_line_count(l->pango), 2);
	l = chart_layout(t, "DPMPTSP", 18, 0, 300, 1);
	assert_int_equal(l->ellipsized, 0);
	w = l->log.width;
	assert_true(w > 20 * PANGO_SCALE && w < 300 * PANGO_SCALE);
	/* Bold is wider than regular: the bold face is really loaded. */
	l = chart_layout(t, "DPMPTSP", 18, 1, 0, 1);
	assert_true(l->log.width > w);
	chart_text_free(t);
	chart_text_free(NULL);
}

/* Only our two font files are known to fontconfig, in the font map the
 * layouts use and as the current configuration: nothing of the
 * system's can stand in for a glyph. */
static void
test_private_fonts(void **state)
{
	struct chart_text *t = chart_text_new(NULL, err, sizeof err);
	struct chart_layout *l;
	FcConfig *cfg;
	FcFontSet *sys, *app;

	(void)state;
	assert_non_null(t);
	l = chart_layout(t, "Kota Cilegon", 18, 0, -1, 1);
	cfg = pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(
	    pango_context_get_font_map(pango_layout_get_context(l->pango))));
	assert_non_null(cfg);
	assert_true(cfg == FcConfigGetCurrent());
	sys = FcConfigGetFonts(cfg, FcSetSystem);
	app = FcConfigGetFonts(cfg, FcSetApplication);
	assert_true(sys == NULL || sys->nfont == 0);
	assert_non_null(app);
	assert_int_equal(app->nfont, 2);
	chart_text_free(t);
}

/*
 * The cache hands out one layout per string and style; a line that fits
 * its room is the layout without a limit; once full, the cache empties
 * (freeing what the SVG writer kept with its layouts) and lays out
 * again what it is asked next.
 */
static void
test_layout_cache(void **state)
{
	struct chart_text *t = chart_text_new(NULL, err, sizeof err);
	struct chart_layout *a, *b;
	PangoRectangle log;
	char s[32];
	int i, emptied = 0;

	(void)state;
	assert_non_null(t);
	a = chart_layout(t, "Kota Cilegon", 18, 1, -1, 1);
	assert_true(chart_layout(t, "Kota Cilegon", 18, 1, -1, 1) == a);
	/* Any limit the line fits in, and any weight that is not 0. */
	assert_true(chart_layout(t, "Kota Cilegon", 18, 1, 500, 1) == a);
	assert_true(chart_layout(t, "Kota Cilegon", 18, 7, 1e9, 1) == a);
	b = chart_layout(t, "Kota Cilegon", 18, 1, 40, 1);
	assert_true(b != a);
	assert_int_equal(b->ellipsized, 1);
	assert_true(chart_layout(t, "Kota Cilegon", 18, 0, -1, 1) != a);
	assert_true(chart_layout(t, "Kota Cilegon", 19, 1, -1, 1) != a);
	assert_true(chart_layout(t, "Kota Cilegon", 18, 1, 40, 2) != b);
	/* What the SVG writer keeps with a layout goes with it. */
	a->placed = xmalloc(16);
	log = a->log;
	for (i = 0; i < 20000 && !emptied; i++) {
		snprintf(s, sizeof s, "%d", i);
		chart_layout(t, s, 18, 0, -1, 1);
		emptied = chart_layout(t, "Kota Cilegon", 18, 1, -1,
		    1)->placed == NULL;
	}
	assert_true(emptied);
	a = chart_layout(t, "Kota Cilegon", 18, 1, -1, 1);
	assert_memory_equal(&a->log, &log, sizeof log);
	chart_text_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctx_missing_font),
		cmocka_unit_test(test_ctx_single_file),
		cmocka_unit_test(test_ellipsize),
		cmocka_unit_test(test_private_fonts),
		cmocka_unit_test(test_layout_cache),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	chart_shutdown();
	return rc;
}
