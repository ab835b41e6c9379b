/*
 * Tests of the chart module's charts as a whole (src/chart*.c): the SVG
 * writer's output, PNGs, robustness against bad numbers and sizes, error
 * paths, alt text, determinism, and golden SVGs.  The spec's helpers,
 * the text layout and the PNG encoder have suites of their own
 * (test_chart_spec.c, test_chart_text.c, test_chart_png.c).
 *
 * Golden files: tests/golden-charts/NAME.svg hold the expected bytes of
 * each sample chart.  Run with RAPOR_UPDATE_GOLDEN=1 to rewrite them
 * after a deliberate change (and look at them before committing).  The
 * bytes depend on the versions of Cairo, Pango, fontconfig and the font
 * file, recorded in tests/golden-charts/VERSIONS; on a machine with other
 * versions the golden comparison is skipped, loudly, while every other
 * test still runs.
 *
 * RAPOR_CHART_DUMP=DIR also writes every sample chart to DIR as SVG, as a
 * 2x PNG and as a PNG the size a 375-px phone shows it, for eyes.
 *
 * Sample data: Kota Cilegon as published (see ../shared/spec/
 * methodology.md); the national overview counts and the strip's scores
 * are made up, deterministic stand-ins of a plausible shape.
 */
#include "testutil.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pango.h>

#include "buf.h"
#include "chart.h"
#include "hash.h"
#include "xalloc.h"
/* The module's internals: the spec's helpers, the SVG writer's numbers
 * and the PNG encoder (tested alone in test_chart_png.c). */
#include "../src/chart_png.h"
#include "../src/chart_spec.h"
#include "../src/chart_svg.h"
#include "png_check.h"

#define GOLDEN_DIR "tests/golden-charts"

static struct chart_ctx *ctx;

/* ---- Sample data ---- */

enum { HIJAU, KUNING, MERAH };

static const struct chart_zone zones[] = {
	{ "Zona Hijau", "#2e7d32" },
	{ "Zona Kuning", "#f9a825" },
	{ "Zona Merah", "#c62828" },
};

/* Categories 2022-2024 (given out of order on purpose). */
static const struct chart_threshold cat2022[] = {
	{ 88, "A", HIJAU }, { 54, "C", KUNING }, { 78, "B", HIJAU },
	{ 32, "D", MERAH }, { 0, "E", MERAH },
};

/* Until 2021: three zones, no letter categories. */
static const struct chart_threshold cat2021[] = {
	{ 0, NULL, MERAH }, { 51, NULL, KUNING }, { 81, NULL, HIJAU },
};

static const struct chart_bar cilegon_units[] = {
	{ "Puskesmas Cibeber", 93.35, "93,35", HIJAU },
	{ "Puskesmas Pulomerak", 90.09, "90,09", HIJAU },
	{ "Disdukcapil", 89.69, "89,69", HIJAU },
	{ "Dinas Pendidikan dan Kebudayaan", 89.49, "89,49", HIJAU },
	{ "DPMPTSP", 88.06, "88,06", HIJAU },
	{ "Dinas Sosial", 85.73, "85,73", HIJAU },
	{ "Dinas Kesehatan", CHART_NO_VALUE, NULL, -1 },
};

static const struct chart_point cilegon_years[] = {
	{ 2021, 77.66, "77,66", KUNING, 0, cat2021, 3, 0 },
	{ 2022, 77.73, "77,73", KUNING, 1, cat2022, 5, 0 },
	{ 2023, 89.45, "89,45", HIJAU, 0, cat2022, 5, 0 },
	{ 2024, 95.31, "95,31", HIJAU, 0, cat2022, 5, 0 },
};

/* KemenPAN-RB's instrument: a 0-5 scale and six weighted aspects. */
static const struct chart_bar pekppp_aspects[] = {
	{ "Kebijakan pelayanan (24 %)", 4.12, "4,12", -1 },
	{ "Profesionalisme SDM (25 %)", 3.80, "3,80", -1 },
	{ "Sarana prasarana (18 %)", 4.50, "4,50", -1 },
	{ "Sistem informasi pelayanan publik (11 %)", 3.20, "3,20", -1 },
	{ "Konsultasi dan pengaduan (10 %)", 4.75, "4,75", -1 },
	{ "Inovasi (12 %)", 2.90, "2,90", -1 },
};

static const size_t n_kota[] = { 60, 30, 8 };
static const size_t n_kab[] = { 180, 170, 65 };
static const size_t n_prov[] = { 20, 12, 2 };
static const size_t n_kem[] = { 22, 3, 0 };
static const size_t n_lem[] = { 9, 4, 1 };
static const struct chart_group kinds[] = {
	{ "Kota", n_kota }, { "Kabupaten", n_kab }, { "Provinsi", n_prov },
	{ "Kementerian", n_kem }, { "Lembaga", n_lem },
};

static const struct chart_card cilegon_card = {
	"Kota Cilegon", "Penilaian 2023", "89,45", "dari 100",
	"Kategori A: Kualitas Tertinggi", HIJAU,
	"Rapor Kepatuhan Pelayanan Publik", NULL,
};

static struct chart_spec
spec_bars(void)
{
	struct chart_spec s = {
		.kind = CHART_BARS, .lang = CHART_LANG_ID, .decimals = 2,
		.scale_min = 0, .scale_max = 100, .subject = NULL,
		.zones = zones, .nzones = 3,
		.thresholds = cat2022, .nthresholds = 5,
		.bars = cilegon_units, .nbars = 7,
		.total = 89.45, .total_label = "Total 89,45",
	};

	return s;
}

static struct chart_spec
spec_years(void)
{
	struct chart_spec s = {
		.kind = CHART_YEARS, .lang = CHART_LANG_ID, .decimals = 2,
		.scale_min = 0, .scale_max = 100,
		.zones = zones, .nzones = 3,
		.points = cilegon_years, .npoints = 4,
	};

	return s;
}

/* Editions 2019 and 2021-2024 (none in 2020): not released in 2022,
 * not assessed in 2023, as the tables say it. */
static const struct chart_point skipped_years[] = {
	{ 2019, 70.10, "70,10", KUNING, 0, cat2021, 3, 0 },
	{ 2021, 77.66, "77,66", KUNING, 0, cat2021, 3, 0 },
	{ 2022, CHART_NO_VALUE, NULL, -1, 1, cat2022, 5, 0 },
	{ 2023, CHART_NO_VALUE, NULL, -1, 0, cat2022, 5, 1 },
	{ 2024, 95.31, "95,31", HIJAU, 0, cat2022, 5, 0 },
};

static struct chart_spec
spec_aspects(void)
{
	struct chart_spec s = {
		.kind = CHART_ASPECTS, .lang = CHART_LANG_ID, .decimals = 2,
		.scale_min = 0, .scale_max = 5,
		.bars = pekppp_aspects, .nbars = 6,
	};

	return s;
}

static struct chart_spec
spec_zones(void)
{
	struct chart_spec s = {
		.kind = CHART_ZONES, .lang = CHART_LANG_ID,
		.zones = zones, .nzones = 3,
		.groups = kinds, .ngroups = 5,
	};

	return s;
}

/* 586 bodies with made-up but fixed scores, zoned by the 2022 scheme. */
#define NDOTS 586
static struct chart_dot strip_dots[NDOTS];
static char strip_names[NDOTS][24];
static char strip_labels[NDOTS][16];

static void
make_strip_dots(void)
{
	uint32_t x = 12345;
	size_t i;
	double v;

	for (i = 0; i < NDOTS; i++) {
		x = x * 1103515245u + 12345u;
		/* Mostly 60..98, some lower: a skewed, realistic shape. */
		v = 98 - (double)((x >> 8) % 3800) / 100.0;
		if (i % 9 == 0)
			v -= 30;
		snprintf(strip_names[i], sizeof strip_names[i], "Entitas %zu",
		    i + 1);
		chart_format_number(v, 2, ',', strip_labels[i],
		    sizeof strip_labels[i]);
		strip_dots[i].value = v;
		strip_dots[i].zone = v >= 78 ? HIJAU : v >= 54 ? KUNING :
		    MERAH;
		strip_dots[i].group = i < 98 ? 0 : i < 513 ? 1 : i < 547 ? 2 :
		    i < 572 ? 3 : 4;
		strip_dots[i].label = strip_names[i];
		strip_dots[i].value_label = strip_labels[i];
	}
}

static struct chart_spec
spec_strip(void)
{
	struct chart_spec s = {
		.kind = CHART_STRIP, .lang = CHART_LANG_ID, .decimals = 2,
		.scale_min = 0, .scale_max = 100,
		.zones = zones, .nzones = 3,
		.thresholds = cat2022, .nthresholds = 5,
		.groups = kinds, .ngroups = 5,
		.dots = strip_dots, .ndots = NDOTS,
	};

	return s;
}

static struct chart_spec
spec_card(void)
{
	struct chart_spec s = {
		.kind = CHART_CARD, .lang = CHART_LANG_ID,
		.zones = zones, .nzones = 3, .card = &cilegon_card,
	};

	return s;
}

/* A year's card: 586 bodies, per zone. */
static const size_t year_counts[] = { 291, 219, 76 };
static const struct chart_card year_card = {
	"Jumlah instansi per zona, 2023", "586 instansi dinilai", "586", NULL,
	NULL, -1, "Rapor Kepatuhan Pelayanan Publik", year_counts,
};

static struct chart_spec
spec_card_year(void)
{
	struct chart_spec s = spec_card();

	s.card = &year_card;
	return s;
}

/* Defined with the other samples further down. */
static struct chart_spec spec_years_60(void);

/* ---- Helpers ---- */

static char err[256];

/* The SVG of s; fails the test when it cannot be drawn. */
static void
svg_of(const struct chart_spec *s, struct buf *out)
{
	int rc = chart_svg(ctx, s, out, err, sizeof err);

	if (rc != 0)
		fail_msg("chart_svg: %s", err);
}

static int
read_file(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(b, chunk, n);
	fclose(f);
	return 0;
}

static int
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return -1;
	if (fwrite(p, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* The hash of a file's bytes: enough to tell two font builds apart. */
static void
file_id(struct buf *b, const char *name)
{
	struct buf font = BUF_INIT, path = BUF_INIT;
	uint64_t h;

	buf_printf(&path, "%s/%s", CHART_FONT_DIR, name);
	read_file(buf_str(&path), &font);
	h = hash_bytes(HASH_INIT, font.data, font.len);
	buf_printf(b, "font %s %zu bytes hash %016llx\n", name, font.len,
	    (unsigned long long)h);
	buf_free(&font);
	buf_free(&path);
}

/* The library and font versions the golden files were made with. */
static void
versions(struct buf *b)
{
	buf_printf(b, "cairo %s\npango %s\nfontconfig %d\n",
	    cairo_version_string(), pango_version_string(), FcGetVersion());
	file_id(b, CHART_FONT_REGULAR);
	file_id(b, CHART_FONT_BOLD);
}

/* ---- Setup ---- */

static int
setup(void **state)
{
	(void)state;
	make_strip_dots();
	ctx = chart_ctx_new(NULL, err, sizeof err);
	if (ctx == NULL) {
		fprintf(stderr, "chart_ctx_new: %s\n", err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	chart_ctx_free(ctx);
	ctx = NULL;
	chart_shutdown();
	return 0;
}

/* Ids renumbered per document, coordinates rounded on their digits. */
/* The writer's numbers: two decimals at most, no "-0", nothing that is
 * not a number. */
/* Zone colours in capitals give the same SVG, bytes and all. */
static void
test_svg_hex_case(void **state)
{
	static const struct chart_zone upper[] = {
		{ "Zona Hijau", "#2E7D32" },
		{ "Zona Kuning", "#F9A825" },
		{ "Zona Merah", "#C62828" },
	};
	struct chart_spec s = spec_bars();
	struct buf a = BUF_INIT, b = BUF_INIT;

	(void)state;
	svg_of(&s, &a);
	s.zones = upper;
	svg_of(&s, &b);
	assert_non_null(strstr(buf_str(&b), "fill=\"#2e7d32\""));
	assert_null(strstr(buf_str(&b), "#2E7D32"));
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
}

static void
test_svg_numbers(void **state)
{
	static const struct {
		double	 v;
		const char *want;
	} cases[] = {
		{ 640, "640" }, { 35.1, "35.1" }, { -12.86, "-12.86" },
		{ 0.5, "0.5" }, { 2.999, "3" }, { -0.004, "0" }, { 0, "0" },
		{ 1.25, "1.25" }, { 1.2, "1.2" }, { -3.5, "-3.5" },
		{ 12345.678, "12345.68" }, { 1e300, "0" }, { -1e300, "0" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&b);
		chart_svg_num(&b, cases[i].v);
		assert_string_equal(buf_str(&b), cases[i].want);
	}
	buf_reset(&b);
	chart_svg_num(&b, NAN);
	assert_string_equal(buf_str(&b), "0");
	buf_reset(&b);
	chart_svg_num(&b, -INFINITY);
	assert_string_equal(buf_str(&b), "0");
	buf_free(&b);
}

/* Count of the occurrences of needle in hay. */
static size_t
count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Glyphs: each outline defined once per document, ids numbered from g0
 * in order of first use, every use pointing at a definition. */
static void
test_svg_glyphs(void **state)
{
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT, id = BUF_INIT;
	const char *svg, *p;
	size_t ndef, i;

	(void)state;
	svg_of(&s, &b);
	svg = buf_str(&b);
	ndef = count_of(svg, "<path id=\"g");
	assert_true(ndef > 10);
	assert_true(count_of(svg, "<use ") > ndef);
	for (i = 0; i < ndef; i++) {
		buf_reset(&id);
		buf_printf(&id, "<path id=\"g%zu\" d=\"m", i);
		assert_int_equal(count_of(svg, buf_str(&id)), 1);
		buf_reset(&id);
		buf_printf(&id, "xlink:href=\"#g%zu\"", i);
		assert_true(count_of(svg, buf_str(&id)) >= 1);
	}
	buf_reset(&id);
	buf_printf(&id, "#g%zu\"", ndef);
	assert_null(strstr(svg, buf_str(&id)));
	/* Definitions come before the drawing, in <defs>. */
	p = strstr(svg, "</defs>");
	assert_non_null(p);
	assert_null(strstr(p, "<path id="));
	assert_null(strstr(svg, "nan"));
	assert_null(strstr(svg, "inf"));
	/* No box for a missing glyph in a name the font covers... */
	assert_null(strstr(svg, "<rect fill=\"none\""));
	buf_free(&b);
	buf_free(&id);
}

/* A character the pinned font lacks is drawn as a box, as in the PNG,
 * never dropped silently. */
static void
test_svg_missing_glyph(void **state)
{
	static const struct chart_bar bars[] = {
		{ "Dinas \xe6\xbc\xa2", 80, "80,00", HIJAU },
	};
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT;
	const char *p;

	(void)state;
	s.bars = bars;
	s.nbars = 1;
	svg_of(&s, &b);
	p = strstr(buf_str(&b), "<rect fill=\"none\" stroke=\"#");
	assert_non_null(p);
	/* Inside the name's group, so placed relative to it. */
	assert_non_null(strstr(buf_str(&b), "transform=\"translate("));
	buf_free(&b);
}

/* ---- Robustness ---- */

static void
test_svg_basics(void **state)
{
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT;
	const char *head;

	(void)state;
	svg_of(&s, &b);
	head = buf_str(&b);
	assert_true(strncmp(head, "<?xml", 5) == 0);
	assert_non_null(strstr(head, "version=\"1.1\""));
	assert_non_null(strstr(head, "width=\"640px\""));
	assert_non_null(strstr(head, "viewBox=\"0 0 640 "));
	/* No date, time or generator stamp. */
	{
		time_t now = time(NULL);
		struct tm tm;
		char year[8];

		gmtime_r(&now, &tm);
		snprintf(year, sizeof year, "%d", tm.tm_year + 1900);
		assert_null(strstr(head, year));
	}
	assert_null(strstr(head, "date"));
	assert_null(strstr(head, "Date"));
	assert_null(strstr(head, "<metadata"));
	/* Ids are per document: the first glyph is g0. */
	assert_non_null(strstr(head, "<path id=\"g0\""));
	buf_free(&b);
}

static void
test_png_basics(void **state)
{
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT, c = BUF_INIT;

	(void)state;
	assert_int_equal(chart_png(ctx, &s, 2, &b, err, sizeof err), 0);
	assert_true(b.len > 100);
	assert_memory_equal(b.data, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(b.data + 12, "IHDR", 4);
	assert_int_equal(be32((unsigned char *)b.data + 16), 1280);
	assert_true(be32((unsigned char *)b.data + 20) > 400);
	/* No time stamp nor text chunks: the bytes depend on the chart. */
	assert_false(png_has_chunk(&b, "tIME"));
	assert_false(png_has_chunk(&b, "tEXt"));
	assert_false(png_has_chunk(&b, "zTXt"));
	assert_false(png_has_chunk(&b, "iTXt"));
	assert_true(png_has_chunk(&b, "IEND"));
	/* Same picture twice, same bytes. */
	assert_int_equal(chart_png(ctx, &s, 2, &c, err, sizeof err), 0);
	assert_int_equal(b.len, c.len);
	assert_memory_equal(b.data, c.data, b.len);
	buf_free(&b);
	buf_free(&c);

	/* The card is 1200 x 630 at scale 1. */
	s = spec_card();
	assert_int_equal(chart_png(ctx, &s, 1, &b, err, sizeof err), 0);
	assert_int_equal(be32((unsigned char *)b.data + 16), 1200);
	assert_int_equal(be32((unsigned char *)b.data + 20), 630);
	buf_free(&b);
}

static void
test_bad_numbers(void **state)
{
	struct chart_bar bars[] = {
		{ "NaN", NAN, NULL, -1 },
		{ "Plus infinity", INFINITY, NULL, -1 },
		{ "Minus infinity", -INFINITY, NULL, -1 },
		{ "Above", 150, "150,00", HIJAU },
		{ "Below", -20, "-20,00", MERAH },
		{ "Unlabelled", 12.5, NULL, MERAH },
	};
	struct chart_threshold th[] = { { 50, "X", HIJAU },
	    { NAN, "Y", MERAH } };
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT;

	(void)state;
	s.bars = bars;
	s.nbars = 6;
	s.total = INFINITY;	/* no total mark: not a number */
	svg_of(&s, &b);
	buf_reset(&b);
	assert_int_equal(chart_png(ctx, &s, 1, &b, err, sizeof err), 0);
	buf_reset(&b);
	assert_int_equal(chart_alt(&s, &b, err, sizeof err), 0);
	assert_string_equal(buf_str(&b), "Tertinggi: Above 150,00; "
	    "terendah: Below -20,00; 3 unit: 1 di Zona Hijau, 2 di Zona "
	    "Merah; tidak dirilis: NaN, Plus infinity dan Minus infinity.");
	buf_reset(&b);

	/* A zero-width scale, for every kind that has a scale. */
	s.scale_min = s.scale_max = 50;
	svg_of(&s, &b);
	buf_reset(&b);
	{
		struct chart_spec y = spec_years(), st = spec_strip();

		y.scale_min = y.scale_max = st.scale_min = st.scale_max = 0;
		svg_of(&y, &b);
		svg_of(&st, &b);
		buf_reset(&b);
	}
	s.scale_min = 0;

	/* Scale bounds and thresholds must be numbers. */
	s.scale_max = NAN;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "scale"));
	s.scale_max = INFINITY;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	s.scale_max = -1;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "minimum above maximum"));
	s.scale_max = 100;
	s.thresholds = th;
	s.nthresholds = 2;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "threshold 2"));
	assert_int_equal(b.len, 0);

	/* Years: a missing year is a gap, infinities are missing. */
	{
		struct chart_point p[] = {
			{ 2019, 60, NULL, KUNING, 0, cat2021, 3, 0 },
			{ 2021, INFINITY, NULL, -1, 0, cat2021, 3, 0 },
			{ 2022, 120, "120", HIJAU, 1, cat2022, 5, 0 },
		};
		struct chart_spec y = spec_years();

		y.points = p;
		y.npoints = 3;
		svg_of(&y, &b);
		buf_reset(&b);
		assert_int_equal(chart_alt(&y, &b, err, sizeof err), 0);
		assert_string_equal(buf_str(&b), "2019\xe2\x80\x93" "2022: "
		    "naik dari 60,00 (Zona Kuning) pada 2019 menjadi 120 "
		    "(Zona Hijau) pada 2022; tidak dirilis pada 2021; skema "
		    "penilaian berubah pada 2022.");
		buf_reset(&b);
	}
	/* Strip: bad dots are left out and counted. */
	{
		struct chart_dot d[] = {
			{ NAN, -1, 0, "A", NULL },
			{ 250, HIJAU, 0, "B", "250" },
			{ -INFINITY, MERAH, 0, "C", NULL },
			{ 40, MERAH, 0, "D", "40" },
		};
		struct chart_spec st = spec_strip();

		st.dots = d;
		st.ndots = 4;
		st.groups = NULL;
		st.ngroups = 0;
		svg_of(&st, &b);
		buf_reset(&b);
		assert_int_equal(chart_alt(&st, &b, err, sizeof err), 0);
		assert_string_equal(buf_str(&b), "2 nilai dari 40 (D) "
		    "sampai 250 (B); 1 di Zona Hijau, 1 di Zona Merah; 2 "
		    "tanpa nilai.");
	}
	buf_free(&b);
}

/* The height of the SVG in b, from its viewBox. */
static double
svg_height(const struct buf *b)
{
	const char *v = strstr(buf_str(b), "viewBox=\"0 0 ");
	double w, h;

	assert_non_null(v);
	assert_int_equal(sscanf(v, "viewBox=\"0 0 %lf %lf", &w, &h), 2);
	return h;
}

static void
test_row_counts(void **state)
{
	static struct chart_bar many[200];
	static char names[200][220];
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT;
	double h0, h1, h200, h200png;
	size_t i;

	(void)state;
	for (i = 0; i < 200; i++) {
		/* Long names: 200 characters each, ellipsized. */
		snprintf(names[i], sizeof names[i], "Unit %03zu %s", i,
		    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu "
		    "Kabupaten Yang Namanya Sangat Panjang Sekali Hingga "
		    "Tidak Muat Dalam Satu Baris Grafik Pada Layar Ponsel "
		    "Yang Sempit Sekali Ya");
		names[i][200] = '\0';
		many[i].label = names[i];
		many[i].value = i % 17 == 0 ? NAN : (double)(i % 101);
		many[i].value_label = NULL;
		many[i].zone = i % 17 == 0 ? -1 : (int)(i % 3);
	}
	s.bars = many;
	s.nbars = 0;
	svg_of(&s, &b);
	h0 = svg_height(&b);
	buf_reset(&b);
	s.nbars = 1;
	svg_of(&s, &b);
	h1 = svg_height(&b);
	buf_reset(&b);
	s.nbars = 200;
	svg_of(&s, &b);
	h200 = svg_height(&b);
	buf_reset(&b);
	assert_true(h0 > 50);
	assert_true(h1 > h0);
	assert_true(h200 > h1 * 50);
	/* PNG of 200 rows: height follows the SVG's. */
	assert_int_equal(chart_png(ctx, &s, 1, &b, err, sizeof err), 0);
	h200png = be32((unsigned char *)b.data + 20);
	assert_true(h200png == h200);
	buf_reset(&b);

	/* The same counts for the other kinds. */
	{
		struct chart_spec y = spec_years(), z = spec_zones();
		struct chart_spec st = spec_strip(), a = spec_aspects();

		y.npoints = 0;
		svg_of(&y, &b);
		y.npoints = 1;
		svg_of(&y, &b);
		z.ngroups = 0;
		svg_of(&z, &b);
		z.ngroups = 1;
		svg_of(&z, &b);
		st.ndots = 0;
		svg_of(&st, &b);
		st.ndots = 1;
		svg_of(&st, &b);
		a.nbars = 0;
		svg_of(&a, &b);
		a.nbars = 1;
		svg_of(&a, &b);
	}
	buf_free(&b);
}

static void
test_many_years(void **state)
{
	struct chart_spec s = spec_years_60();
	struct buf b = BUF_INIT;

	(void)state;
	svg_of(&s, &b);
	buf_reset(&b);
	assert_int_equal(chart_alt(&s, &b, err, sizeof err), 0);
	/* Long lists of years are cut. */
	assert_non_null(strstr(buf_str(&b), "not released in 1963, 1970, 1977, "
	    "1984, 1991 and 4 more;"));
	buf_free(&b);
}

static void
test_errors(void **state)
{
	struct chart_zone badz[] = { { "Hijau", "green" } };
	struct chart_bar badb[] = { { "Bad\xc3", 50, NULL, 0 } };
	struct chart_bar zoneb[] = { { "Zone", 50, NULL, 7 } };
	struct chart_point badp[] = {
		{ 2023, 50, NULL, 0, 0, NULL, 0, 0 },
		{ 2022, 50, NULL, 0, 0, NULL, 0, 0 },
	};
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "kept");
	s.zones = badz;
	s.nzones = 1;
	s.nthresholds = 0;
	s.nbars = 0;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "#rrggbb"));
	s = spec_bars();
	s.bars = badb;
	s.nbars = 1;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "UTF-8"));
	assert_int_equal(chart_alt(&s, &b, err, sizeof err), -1);
	s.bars = zoneb;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "zone 7 out of range"));
	s = spec_years();
	s.points = badp;
	s.npoints = 2;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "increase"));
	s = spec_bars();
	s.width = 10;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	s.width = NAN;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	s = spec_bars();
	s.kind = (enum chart_kind)42;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	s = spec_bars();
	s.nbars = 3;
	s.bars = NULL;
	assert_int_equal(chart_svg(ctx, &s, &b, err, sizeof err), -1);
	assert_int_equal(chart_svg(ctx, NULL, &b, err, sizeof err), -1);
	s = spec_card();
	s.card = NULL;
	assert_int_equal(chart_png(ctx, &s, 1, &b, err, sizeof err), -1);
	s = spec_bars();
	assert_int_equal(chart_png(ctx, &s, 0, &b, err, sizeof err), -1);
	assert_int_equal(chart_png(ctx, &s, NAN, &b, err, sizeof err), -1);
	/* Nothing was appended by the failures. */
	assert_string_equal(buf_str(&b), "kept");
	buf_free(&b);
}

/* Cairo refuses an image taller than 32767 pixels: the error comes back
 * as a message, never as a blank picture. */
static void
test_cairo_error(void **state)
{
	static struct chart_bar many[800];
	struct chart_spec s = spec_bars();
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < 800; i++) {
		many[i].label = "Unit";
		many[i].value = 50;
		many[i].zone = KUNING;
	}
	s.bars = many;
	s.nbars = 800;
	assert_int_equal(chart_png(ctx, &s, 2, &b, err, sizeof err), -1);
	assert_non_null(strstr(err, "cairo: "));
	assert_non_null(strstr(err, "size"));
	assert_int_equal(b.len, 0);
	/* The SVG has no such limit. */
	svg_of(&s, &b);
	assert_true(svg_height(&b) > 32767);
	buf_free(&b);
}

/* ---- Alt text ---- */

static void
assert_alt(const struct chart_spec *s, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(chart_alt(s, &b, err, sizeof err), 0);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_alt_bars(void **state)
{
	struct chart_spec s = spec_bars();

	(void)state;
	assert_alt(&s, "Tertinggi: Puskesmas Cibeber 93,35; terendah: Dinas "
	    "Sosial 85,73; 6 unit, semuanya di Zona Hijau; tidak dirilis: "
	    "Dinas Kesehatan; Total 89,45.");
	s.lang = CHART_LANG_EN;
	s.subject = "Kota Cilegon 2023";
	s.total_label = "Total 89.45";
	assert_alt(&s, "Kota Cilegon 2023. Highest: Puskesmas Cibeber 93,35; "
	    "lowest: Dinas Sosial 85,73; 6 units, all in Zona Hijau; not "
	    "released: Dinas Kesehatan; Total 89.45.");
	s.nbars = 1;
	s.total_label = NULL;
	assert_alt(&s, "Kota Cilegon 2023. 1 unit: Puskesmas Cibeber 93,35 in "
	    "Zona Hijau.");
	s.bars = cilegon_units + 6;
	assert_alt(&s, "Kota Cilegon 2023. No unit has a score; not released: "
	    "Dinas Kesehatan.");
	s.nbars = 0;
	assert_alt(&s, "Kota Cilegon 2023. No data.");

	s = spec_aspects();
	assert_alt(&s, "Tertinggi: Konsultasi dan pengaduan (10 %) 4,75; "
	    "terendah: Inovasi (12 %) 2,90; 6 aspek.");
	s.lang = CHART_LANG_EN;
	assert_alt(&s, "Highest: Konsultasi dan pengaduan (10 %) 4,75; "
	    "lowest: Inovasi (12 %) 2,90; 6 aspects.");
}

static void
test_alt_years(void **state)
{
	struct chart_spec s = spec_years();

	(void)state;
	s.subject = "Kota Cilegon";
	assert_alt(&s, "Kota Cilegon, 2021\xe2\x80\x93" "2024: naik dari 77,66 "
	    "(Zona Kuning) pada 2021 menjadi 95,31 (Zona Hijau) pada 2024; "
	    "skema penilaian berubah pada 2022.");
	s.lang = CHART_LANG_EN;
	assert_alt(&s, "Kota Cilegon, 2021\xe2\x80\x93" "2024: rose from 77,66 "
	    "(Zona Kuning) in 2021 to 95,31 (Zona Hijau) in 2024; the "
	    "scoring scheme changed in 2022.");
	/* Ends that are not the extremes. */
	{
		struct chart_point p[] = {
			{ 2021, 80, "80,00", HIJAU, 0, NULL, 0, 0 },
			{ 2022, 60, "60,00", KUNING, 0, NULL, 0, 0 },
			{ 2023, 90, "90,00", HIJAU, 0, NULL, 0, 0 },
			{ 2024, 70, "70,00", KUNING, 0, NULL, 0, 0 },
		};

		s.points = p;
		s.subject = NULL;
		assert_alt(&s, "2021\xe2\x80\x93" "2024: fell from 80,00 (Zona "
		    "Hijau) in 2021 to 70,00 (Zona Kuning) in 2024; highest "
		    "90,00 in 2023; lowest 60,00 in 2022.");
		s.npoints = 1;
		assert_alt(&s, "2021: 80,00 (Zona Hijau) in 2021.");
		p[1].value = 80;
		p[1].value_label = "80,00";
		s.npoints = 2;
		assert_alt(&s, "2021\xe2\x80\x93" "2022: stayed at 80,00 in 2021 "
		    "to 2022.");
	}
	/* No edition in 2020: not a year of the series, so not named;
	 * not released and not assessed in the tables' words. */
	s.points = skipped_years;
	s.npoints = 5;
	s.subject = NULL;
	s.lang = CHART_LANG_ID;
	s.no_score_label = "tidak dirilis";
	assert_alt(&s, "2019\xe2\x80\x93" "2024: naik dari 70,10 (Zona Kuning) "
	    "pada 2019 menjadi 95,31 (Zona Hijau) pada 2024; tidak dirilis pada "
	    "2022; tidak dinilai pada 2023; skema penilaian berubah pada 2022.");
	s.lang = CHART_LANG_EN;
	s.no_score_label = NULL;
	assert_alt(&s, "2019\xe2\x80\x93" "2024: rose from 70,10 (Zona Kuning) "
	    "in 2019 to 95,31 (Zona Hijau) in 2024; not released in 2022; not "
	    "assessed in 2023; the scoring scheme changed in 2022.");
}

static void
test_alt_overview(void **state)
{
	struct chart_spec s = spec_zones();

	(void)state;
	s.subject = "Penilaian 2023";
	assert_alt(&s, "Penilaian 2023. 586 entitas: 291 di Zona Hijau, 219 "
	    "di Zona Kuning, 76 di Zona Merah. Kota: 60 di Zona Hijau, 30 di "
	    "Zona Kuning, 8 di Zona Merah. Kabupaten: 180 di Zona Hijau, 170 "
	    "di Zona Kuning, 65 di Zona Merah. Provinsi: 20 di Zona Hijau, 12 "
	    "di Zona Kuning, 2 di Zona Merah. Kementerian: 22 di Zona Hijau, 3 "
	    "di Zona Kuning. Lembaga: 9 di Zona Hijau, 4 di Zona Kuning, 1 di "
	    "Zona Merah.");
	s.lang = CHART_LANG_EN;
	s.ngroups = 1;
	assert_alt(&s, "Penilaian 2023. 98 bodies: 60 in Zona Hijau, 30 in "
	    "Zona Kuning, 8 in Zona Merah.");
	s.ngroups = 0;
	assert_alt(&s, "Penilaian 2023. No data.");

	s = spec_card();
	assert_alt(&s, "Kota Cilegon, Penilaian 2023: 89,45 dari 100, Kategori "
	    "A: Kualitas Tertinggi, Zona Hijau.");
	s = spec_card_year();
	assert_alt(&s, "Jumlah instansi per zona, 2023, 586 instansi dinilai: "
	    "291 di Zona Hijau, 219 di Zona Kuning, 76 di Zona Merah.");
}

static void
test_alt_strip(void **state)
{
	struct chart_spec s = spec_strip();
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(chart_alt(&s, &b, err, sizeof err), 0);
	/* The extremes and the counts, whatever the made-up data are. */
	assert_true(strncmp(buf_str(&b), "586 nilai dari ", 15) == 0);
	assert_non_null(strstr(buf_str(&b), " di Zona Hijau, "));
	assert_non_null(strstr(buf_str(&b), " di Zona Merah."));
	buf_free(&b);
}

/* ---- Determinism and golden files ---- */

/* The same units as an English page writes them. */
static const struct chart_bar cilegon_units_en[] = {
	{ "Puskesmas Cibeber", 93.35, "93.35", HIJAU },
	{ "Puskesmas Pulomerak", 90.09, "90.09", HIJAU },
	{ "Disdukcapil", 89.69, "89.69", HIJAU },
	{ "Dinas Pendidikan dan Kebudayaan", 89.49, "89.49", HIJAU },
	{ "DPMPTSP", 88.06, "88.06", HIJAU },
	{ "Dinas Sosial", 85.73, "85.73", HIJAU },
	{ "Dinas Kesehatan", CHART_NO_VALUE, NULL, -1 },
};

static struct chart_spec
spec_en_bars(void)
{
	struct chart_spec s = spec_bars();

	s.bars = cilegon_units_en;
	s.lang = CHART_LANG_EN;
	s.width = 480;
	s.total_label = "Total 89.45";
	return s;
}

/* Stress samples for the eye and the golden files: long names, narrow
 * segments, a year without assessment. */
static const struct chart_bar long_units[] = {
	{ "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu Kabupaten "
	  "Yang Namanya Sangat Panjang Sekali Hingga Tidak Muat Dalam Satu "
	  "Baris Grafik Pada Layar Ponsel Yang Sempit Sekali Dan Masih "
	  "Berlanjut Lagi", 45.5, "45,50", MERAH },
	{ "Puskesmas", 100, "100,00", HIJAU },
	{ "Dinas Sosial", 0, "0,00", MERAH },
	{ "Kecamatan", 60.25, "60,25", KUNING },
};

static struct chart_spec
spec_bars_long(void)
{
	struct chart_spec s = spec_bars();

	s.bars = long_units;
	s.nbars = 4;
	s.total = 51.44;
	s.total_label = "Total 51,44";
	return s;
}

static const size_t n_few[] = { 410, 2, 1 };
static const size_t n_none[] = { 0, 0, 0 };
static const size_t n_one[] = { 0, 0, 7 };
static const struct chart_group narrow_kinds[] = {
	{ "Kabupaten", n_few }, { "Lembaga", n_none }, { "Provinsi", n_one },
};

static struct chart_spec
spec_zones_narrow(void)
{
	struct chart_spec s = spec_zones();

	s.groups = narrow_kinds;
	s.ngroups = 3;
	s.lang = CHART_LANG_EN;
	return s;
}

static const struct chart_point gap_years[] = {
	{ 2018, 62.10, "62.10", KUNING, 0, cat2021, 3, 0 },
	{ 2019, 71.02, "71.02", KUNING, 0, cat2021, 3, 0 },
	{ 2021, 77.66, "77.66", KUNING, 0, cat2021, 3, 0 },
	{ 2022, 77.73, "77.73", KUNING, 1, cat2022, 5, 0 },
	{ 2023, CHART_NO_VALUE, NULL, -1, 0, cat2022, 5, 0 },
	{ 2024, 95.31, "95.31", HIJAU, 0, cat2022, 5, 0 },
};

static struct chart_spec
spec_years_gap(void)
{
	struct chart_spec s = spec_years();

	s.points = gap_years;
	s.npoints = 6;
	s.lang = CHART_LANG_EN;
	s.decimal_sep = '.';
	return s;
}

static struct chart_spec
spec_years_skipped(void)
{
	struct chart_spec s = spec_years();

	s.points = skipped_years;
	s.npoints = 5;
	s.no_score_label = "tidak dirilis";
	return s;
}

static const struct chart_card long_card = {
	"Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
	"Republik Indonesia", "Assessment 2023", "54.00", "of 100",
	"Category C: Medium quality", KUNING,
	"Public Service Compliance Report", NULL,
};

static struct chart_spec
spec_card_long(void)
{
	struct chart_spec s = spec_card();

	s.card = &long_card;
	s.lang = CHART_LANG_EN;
	return s;
}

/* Sixty years, every seventh without a score, a change of scheme in
 * the middle: year labels must thin out, value labels alternate. */
static struct chart_point years60[60];
static char years60_labels[60][16];

static struct chart_spec
spec_years_60(void)
{
	struct chart_spec s = spec_years();
	size_t i;

	for (i = 0; i < 60; i++) {
		years60[i].year = 1960 + (int)i;
		years60[i].value = i % 7 == 3 ? NAN : 40 + (double)(i % 50);
		chart_format_number(years60[i].value, 2, '.',
		    years60_labels[i], sizeof years60_labels[i]);
		years60[i].value_label = years60_labels[i];
		years60[i].zone = i % 7 == 3 ? -1 : years60[i].value >= 78 ?
		    HIJAU : years60[i].value >= 54 ? KUNING : MERAH;
		years60[i].scheme_break = i == 30;
		years60[i].thresholds = i < 30 ? cat2021 : cat2022;
		years60[i].nthresholds = i < 30 ? 3 : 5;
	}
	s.points = years60;
	s.npoints = 60;
	s.lang = CHART_LANG_EN;
	s.decimal_sep = '.';
	return s;
}

/* As rapor's pages draw them (chart.h, CHART_PAGE_WIDTH). */
static struct chart_spec
page_layout(struct chart_spec s)
{
	s.width = CHART_PAGE_WIDTH;
	s.font_px = CHART_PAGE_FONT_PX;
	return s;
}

static struct chart_spec
spec_page_bars_long(void)
{
	return page_layout(spec_bars_long());
}

static struct chart_spec
spec_page_years_skipped(void)
{
	return page_layout(spec_years_skipped());
}

static struct chart_spec
spec_page_zones(void)
{
	return page_layout(spec_zones());
}

/* Every sample chart, by name. */
static const struct sample {
	const char *name;
	struct chart_spec (*spec)(void);
} samples[] = {
	{ "bars", spec_bars },
	{ "bars-en-480", spec_en_bars },
	{ "years", spec_years },
	{ "aspects", spec_aspects },
	{ "zones", spec_zones },
	{ "strip", spec_strip },
	{ "card", spec_card },
	{ "bars-long", spec_bars_long },
	{ "zones-narrow", spec_zones_narrow },
	{ "years-gap", spec_years_gap },
	{ "card-long", spec_card_long },
	{ "years-60", spec_years_60 },
	{ "years-skipped", spec_years_skipped },
	{ "page-bars-long", spec_page_bars_long },
	{ "page-years-skipped", spec_page_years_skipped },
	{ "page-zones", spec_page_zones },
	{ "card-year", spec_card_year },
};
#define NSAMPLES (sizeof samples / sizeof samples[0])

/* The width and height of the SVG in b, from its root element: its
 * width and height attributes, which its viewBox must repeat. */
static void
svg_root_size(const struct buf *b, double *w, double *h)
{
	const char *r = strstr(buf_str(b), "<svg ");
	double vw, vh;

	assert_non_null(r);
	r = strstr(r, " width=\"");
	assert_non_null(r);
	assert_int_equal(sscanf(r, " width=\"%lfpx\" height=\"%lfpx\" "
	    "viewBox=\"0 0 %lf %lf\"", w, h, &vw, &vh), 4);
	assert_true(*w == vw && *h == vh);
}

/* chart_size() says the size chart_svg() and chart_png() then make, for
 * every kind and for any number of rows, also in a context that has laid
 * out nothing yet (a page asks it of charts it does not draw). */
static void
assert_size(struct chart_ctx *cx, const struct chart_spec *s)
{
	struct buf b = BUF_INIT;
	double w, h, sw, sh;

	assert_int_equal(chart_size(cx, s, &w, &h, err, sizeof err), 0);
	assert_int_equal(chart_svg(cx, s, &b, err, sizeof err), 0);
	svg_root_size(&b, &sw, &sh);
	assert_true(w == sw);
	assert_true(h == sh);
	assert_true(h == ceil(h));
	buf_reset(&b);
	assert_int_equal(chart_png(cx, s, 1, &b, err, sizeof err), 0);
	assert_int_equal(be32((unsigned char *)b.data + 16), ceil(w - 1e-6));
	assert_int_equal(be32((unsigned char *)b.data + 20), h);
	buf_reset(&b);
	assert_int_equal(chart_png(cx, s, 2, &b, err, sizeof err), 0);
	assert_int_equal(be32((unsigned char *)b.data + 16),
	    ceil(w * 2 - 1e-6));
	assert_int_equal(be32((unsigned char *)b.data + 20), h * 2);
	buf_free(&b);
}

static void
test_size(void **state)
{
	static struct chart_bar many[60];
	static char names[60][40];
	struct chart_ctx *fresh;
	struct chart_spec s;
	double w = -1, h = -1, h1 = 0;
	size_t i, n;

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		s = samples[i].spec();
		fresh = chart_ctx_new(NULL, err, sizeof err);
		assert_non_null(fresh);
		assert_size(fresh, &s);
		chart_ctx_free(fresh);
		assert_size(ctx, &s);
	}
	/* The height follows the rows and the years. */
	for (i = 0; i < 60; i++) {
		snprintf(names[i], sizeof names[i], "Unit %02zu", i);
		many[i].label = names[i];
		many[i].value = i % 7 == 0 ? CHART_NO_VALUE : (double)i;
		many[i].zone = i % 7 == 0 ? -1 : (int)(i % 3);
	}
	s = spec_bars();
	s.bars = many;
	for (n = 0; n <= 60; n += 12) {
		s.nbars = n;
		assert_size(ctx, &s);
		assert_int_equal(chart_size(ctx, &s, &w, &h, err, sizeof err), 0);
		assert_true(h > h1);
		h1 = h;
	}
	s = spec_years_60();
	for (n = 0; n <= s.npoints; n += 20) {
		struct chart_spec y = s;

		y.npoints = n;
		assert_size(ctx, &y);
	}
	/* A width that is not whole stays as it is. */
	s = spec_years();
	s.width = 480.5;
	assert_size(ctx, &s);
	assert_int_equal(chart_size(ctx, &s, &w, &h, err, sizeof err), 0);
	assert_true(w == 480.5);
	/* An invalid spec is an error, as chart_svg() says it. */
	s = spec_bars();
	s.width = 10;
	assert_int_equal(chart_size(ctx, &s, &w, &h, err, sizeof err), -1);
	assert_non_null(strstr(err, "width"));
}

/*
 * The text of every kind of page chart, as a 375-px phone shows it: the
 * SVG's smallest text (data-font-px) times the scale it is drawn at (the
 * room the page gives it over its viewBox width, never above 1) is at
 * least CHART_MIN_TEXT_PX.  Also checks that the SVG says its text size.
 */
static void
test_phone_text(void **state)
{
	struct chart_spec (*const page_kinds[])(void) = {
		spec_bars, spec_bars_long, spec_years, spec_years_skipped,
		spec_years_60, spec_aspects, spec_zones, spec_zones_narrow,
		spec_strip,
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof page_kinds / sizeof page_kinds[0]; i++) {
		struct chart_spec s = page_layout(page_kinds[i]());
		const char *p;
		double vbw, font, scale;

		buf_reset(&b);
		svg_of(&s, &b);
		p = strstr(buf_str(&b), "viewBox=\"0 0 ");
		assert_non_null(p);
		vbw = strtod(p + 13, NULL);
		p = strstr(buf_str(&b), " data-font-px=\"");
		assert_non_null(p);
		assert_true(p < strstr(buf_str(&b), ">\n<defs>"));
		font = strtod(p + 15, NULL);
		scale = CHART_PHONE_ROOM / vbw < 1 ? CHART_PHONE_ROOM / vbw : 1;
		if (font * scale < CHART_MIN_TEXT_PX)
			fail_msg("chart %zu: %.2f px text in a %.0f px wide "
			    "picture renders at %.2f px on a phone", i, font,
			    vbw, font * scale);
	}
	buf_free(&b);
}

static void
test_determinism(void **state)
{
	struct buf first[NSAMPLES], again = BUF_INIT, png = BUF_INIT;
	struct chart_ctx *c2;
	struct chart_spec s;
	size_t i, round;

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		struct buf z = BUF_INIT;

		first[i] = z;
		s = samples[i].spec();
		svg_of(&s, &first[i]);
	}
	/* The same charts after many others (SVG and PNG surfaces made in
	 * between move Cairo's process-wide counters), and in a fresh
	 * context: the same bytes. */
	for (round = 0; round < 3; round++) {
		for (i = 0; i < NSAMPLES; i++) {
			s = samples[(i + round) % NSAMPLES].spec();
			assert_int_equal(chart_png(ctx, &s, 1, &png, err,
			    sizeof err), 0);
			buf_reset(&png);
		}
		for (i = NSAMPLES; i-- > 0;) {
			s = samples[i].spec();
			buf_reset(&again);
			svg_of(&s, &again);
			assert_int_equal(again.len, first[i].len);
			assert_memory_equal(again.data, first[i].data,
			    again.len);
		}
	}
	/* The 500th chart of a run is the same as the first. */
	for (i = 0; i < 500; i++) {
		s = spec_zones_narrow();
		buf_reset(&png);
		if (i % 2)
			assert_int_equal(chart_png(ctx, &s, 0.25, &png, err,
			    sizeof err), 0);
		else
			svg_of(&s, &png);
	}
	for (i = 0; i < NSAMPLES; i++) {
		s = samples[i].spec();
		buf_reset(&again);
		svg_of(&s, &again);
		assert_int_equal(again.len, first[i].len);
		assert_memory_equal(again.data, first[i].data, again.len);
	}
	c2 = chart_ctx_new(NULL, err, sizeof err);
	assert_non_null(c2);
	for (i = 0; i < NSAMPLES; i++) {
		s = samples[i].spec();
		buf_reset(&again);
		assert_int_equal(chart_svg(c2, &s, &again, err, sizeof err), 0);
		assert_int_equal(again.len, first[i].len);
		assert_memory_equal(again.data, first[i].data, again.len);
	}
	chart_ctx_free(c2);
	for (i = 0; i < NSAMPLES; i++)
		buf_free(&first[i]);
	buf_free(&again);
	buf_free(&png);
}

/*
 * Every sample as a PNG (2x; the card at 1x) and at two phone sizes:
 * each decodes, has the size of its IHDR, the same bytes when drawn
 * again, a white background and the colours drawn; and encoding the
 * decoded pixels again gives the same bytes (the encoder sees the
 * picture as it was drawn, not a copy of other dimensions or stride).
 */
static void
test_png_decodes(void **state)
{
	static const double phone[] = { 0.25, 375.0 / 640 };
	struct buf b = BUF_INIT, c = BUF_INIT;
	struct chart_spec s;
	cairo_surface_t *img;
	double scale, w;
	size_t i, j;
	int pw, ph;

	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		s = samples[i].spec();
		w = s.kind == CHART_CARD ? CHART_CARD_WIDTH : s.width > 0 ?
		    s.width : CHART_DEFAULT_WIDTH;
		for (j = 0; j < 3; j++) {
			scale = j == 0 ? (s.kind == CHART_CARD ? 1 : 2) :
			    phone[j - 1];
			buf_reset(&b);
			buf_reset(&c);
			assert_int_equal(chart_png(ctx, &s, scale, &b, err,
			    sizeof err), 0);
			img = png_decode(&b);
			pw = cairo_image_surface_get_width(img);
			ph = cairo_image_surface_get_height(img);
			assert_int_equal(pw, (int)ceil(w * scale - 1e-6));
			assert_int_equal(be32((unsigned char *)b.data + 16),
			    pw);
			assert_int_equal(be32((unsigned char *)b.data + 20),
			    ph);
			if (s.kind == CHART_CARD) {
				/* The zone's strip along the top (a year's
				 * card: CHART_INK2, no zone). */
				assert_int_equal(pixel_at(img, pw / 2, 2),
				    s.card->zone >= 0 ? strtoul(
				    s.zones[s.card->zone].color + 1, NULL, 16) :
				    0x595959ul);
				assert_int_equal(pixel_at(img, pw - 1, ph - 1),
				    0xffffff);
			} else {
				assert_int_equal(pixel_at(img, 0, 0), 0xffffff);
				assert_int_equal(pixel_at(img, pw - 1, ph - 1),
				    0xffffff);
			}
			/* Its pixels coded again are the same bytes: the
			 * encoder saw the picture as it was drawn. */
			assert_int_equal(chart_png_write(
			    cairo_image_surface_get_data(img), pw, ph,
			    cairo_image_surface_get_stride(img), &c), 0);
			cairo_surface_destroy(img);
			assert_int_equal(b.len, c.len);
			assert_memory_equal(b.data, c.data, b.len);
			buf_reset(&c);
			assert_int_equal(chart_png(ctx, &s, scale, &c, err,
			    sizeof err), 0);
			assert_int_equal(b.len, c.len);
			assert_memory_equal(b.data, c.data, b.len);
		}
	}
	buf_free(&b);
	buf_free(&c);
}

/* Write every sample as SVG and PNGs to $RAPOR_CHART_DUMP, for eyes. */
static void
dump_samples(const char *dir)
{
	struct buf b = BUF_INIT, path = BUF_INIT;
	struct chart_spec s;
	double phone;
	size_t i;

	mkdir(dir, 0777);
	for (i = 0; i < NSAMPLES; i++) {
		s = samples[i].spec();
		buf_reset(&b);
		svg_of(&s, &b);
		buf_reset(&path);
		buf_printf(&path, "%s/%s.svg", dir, samples[i].name);
		write_file(buf_str(&path), b.data, b.len);
		buf_reset(&b);
		assert_int_equal(chart_png(ctx, &s, s.kind == CHART_CARD ? 1 :
		    2, &b, err, sizeof err), 0);
		buf_reset(&path);
		buf_printf(&path, "%s/%s.png", dir, samples[i].name);
		write_file(buf_str(&path), b.data, b.len);
		/* As a 375-px-wide phone shows it (page margins aside). */
		phone = 375.0 / (s.kind == CHART_CARD ? CHART_CARD_WIDTH :
		    s.width > 0 ? s.width : CHART_DEFAULT_WIDTH);
		buf_reset(&b);
		assert_int_equal(chart_png(ctx, &s, phone, &b, err,
		    sizeof err), 0);
		buf_reset(&path);
		buf_printf(&path, "%s/%s-phone.png", dir, samples[i].name);
		write_file(buf_str(&path), b.data, b.len);
	}
	buf_free(&b);
	buf_free(&path);
}

static void
test_golden(void **state)
{
	const char *update = getenv("RAPOR_UPDATE_GOLDEN");
	const char *dump = getenv("RAPOR_CHART_DUMP");
	int updating = update && strcmp(update, "1") == 0;
	struct buf want = BUF_INIT, got = BUF_INIT, path = BUF_INIT;
	struct buf ver = BUF_INIT, have = BUF_INIT;
	struct chart_spec s;
	size_t i, bad = 0;

	(void)state;
	if (dump && *dump)
		dump_samples(dump);
	versions(&ver);
	if (updating) {
		mkdir(GOLDEN_DIR, 0777);
		assert_int_equal(write_file(GOLDEN_DIR "/VERSIONS", ver.data,
		    ver.len), 0);
	} else if (read_file(GOLDEN_DIR "/VERSIONS", &have) < 0 ||
	    have.len != ver.len || memcmp(have.data, ver.data, ver.len) != 0) {
		fprintf(stderr, "SKIPPED: %s: golden SVGs were made with\n%s"
		    "but this machine has\n%s", __func__, buf_str(&have),
		    buf_str(&ver));
		buf_free(&ver);
		buf_free(&have);
		skip();
	}
	for (i = 0; i < NSAMPLES; i++) {
		s = samples[i].spec();
		buf_reset(&got);
		svg_of(&s, &got);
		buf_reset(&path);
		buf_printf(&path, GOLDEN_DIR "/%s.svg", samples[i].name);
		if (updating) {
			assert_int_equal(write_file(buf_str(&path), got.data,
			    got.len), 0);
			continue;
		}
		buf_reset(&want);
		if (read_file(buf_str(&path), &want) < 0) {
			fprintf(stderr, "%s: %s\n", buf_str(&path),
			    strerror(errno));
			bad++;
			continue;
		}
		if (want.len != got.len ||
		    memcmp(want.data, got.data, got.len) != 0) {
			fprintf(stderr, "%s differs (%zu bytes expected, %zu "
			    "drawn); RAPOR_UPDATE_GOLDEN=1 rewrites it\n",
			    buf_str(&path), want.len, got.len);
			bad++;
		}
	}
	buf_free(&want);
	buf_free(&got);
	buf_free(&path);
	buf_free(&ver);
	buf_free(&have);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg_numbers),
		cmocka_unit_test(test_svg_hex_case),
		cmocka_unit_test(test_svg_glyphs),
		cmocka_unit_test(test_svg_missing_glyph),
		cmocka_unit_test(test_svg_basics),
		cmocka_unit_test(test_png_basics),
		cmocka_unit_test(test_bad_numbers),
		cmocka_unit_test(test_row_counts),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_many_years),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cairo_error),
		cmocka_unit_test(test_alt_bars),
		cmocka_unit_test(test_alt_years),
		cmocka_unit_test(test_alt_overview),
		cmocka_unit_test(test_alt_strip),
		cmocka_unit_test(test_phone_text),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_png_decodes),
		cmocka_unit_test(test_golden),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
