/*
 * Charts: the pictures on rapor's pages (SVG) and the share cards (PNG),
 * with text laid out by Pango.  One drawing code has two back ends:
 * Cairo draws the PNGs, and the module writes the SVGs itself
 * (chart_svg.c), glyphs as outlines Cairo gives: far cheaper and
 * smaller than Cairo's SVG surface.
 *
 * The module knows nothing of rapor's data model: a chart is described by
 * a struct chart_spec of plain numbers and preformatted strings, so the
 * caller decides how numbers read in each language and the module only
 * formats the numbers it invents itself (axis ticks).
 *
 * Three promises shape the design:
 *
 *  - The same spec gives the same bytes on every machine and at any point
 *    of a run.  The font is a named file loaded into a private fontconfig
 *    configuration (never the system's fonts), hinting is off, SVG ids
 *    are numbered per document, coordinates are rounded to two decimals
 *    by integer arithmetic, and nothing reads the clock or the locale.
 *    Output still depends on the versions of Cairo, Pango and the font
 *    file, which is why the golden tests record them.
 *  - Meaning never rests on colour alone: every bar and point carries its
 *    value as text, zones are named in labels or legends, categories are
 *    labelled by code, and text keeps WCAG AA contrast.
 *  - A chart that cannot be drawn is an error with a message, never a
 *    blank picture: every call checks Cairo's status.
 *
 * Numbers: a value that is NaN or infinite means "no value" (a missing
 * score is a gap or a "no score" label, never a zero).  A finite value
 * outside [scale_min, scale_max] is drawn clamped to the scale, while its
 * label still shows the caller's text.  A scale whose bounds are equal is
 * widened by one on each side so that nothing divides by zero.
 *
 * All strings are UTF-8 (checked: invalid UTF-8 is an error) and are drawn
 * on one line; names too long for their room end in an ellipsis.  All
 * text has one size (see chart_spec.font_px): hierarchy comes from weight
 * and colour, so nothing shrinks below legibility on a phone.
 *
 * A chart_ctx is not thread-safe: use one per thread.
 */
#ifndef RAPOR_CHART_H
#define RAPOR_CHART_H

#include <math.h>
#include <stddef.h>

#include "buf.h"

/* The value of a missing score: any NaN or infinity reads the same. */
#define CHART_NO_VALUE NAN

/* Where chart_ctx_new() looks when given NULL: Debian's fonts-noto-core. */
#define CHART_FONT_DIR "/usr/share/fonts/truetype/noto"
/* The two files it loads from a directory. */
#define CHART_FONT_REGULAR "NotoSans-Regular.ttf"
#define CHART_FONT_BOLD "NotoSans-Bold.ttf"

/* Default logical width of a chart, in CSS pixels. */
#define CHART_DEFAULT_WIDTH 640.0

/*
 * The charts on rapor's pages: one layout that reads on a phone and on a
 * desktop.  A page shows a chart at its own width, or narrower when the
 * column is narrower: on a 375-px phone the column is CHART_PHONE_ROOM
 * px (the page less its 1rem margins), so text of CHART_PAGE_FONT_PX
 * renders at CHART_PAGE_FONT_PX * CHART_PHONE_ROOM / CHART_PAGE_WIDTH,
 * which must be at least CHART_MIN_TEXT_PX (tests/test_chart.c checks
 * the SVGs, tests/browser/charts.mjs the pages).  Long names are cut with
 * an ellipsis to fit, never drawn smaller.
 */
#define CHART_PAGE_WIDTH 480.0
#define CHART_PAGE_FONT_PX 16.0
#define CHART_PHONE_ROOM 343.0
#define CHART_MIN_TEXT_PX 11.0
/* The share card's fixed size, the Open Graph image size. */
#define CHART_CARD_WIDTH 1200.0
#define CHART_CARD_HEIGHT 630.0

/* Fonts, font map and layout shared by every chart of a run. */
struct chart_ctx;

enum chart_kind {
	CHART_BARS,	/* one body in one year: a bar per unit */
	CHART_YEARS,	/* one body or unit across years: a line over zones */
	CHART_ASPECTS,	/* one unit in one year: a bar per aspect */
	CHART_ZONES,	/* one year: bodies per zone for each kind, stacked */
	CHART_STRIP,	/* one year: every body's score as a dot */
	CHART_CARD	/* share card: body, year, score, category, zone */
};

/* Language of the words the module writes itself and of the alt text. */
enum chart_lang {
	CHART_LANG_ID,	/* Indonesian */
	CHART_LANG_EN	/* English */
};

/* A zone, in the site's order: best first.  Zones are named by index. */
struct chart_zone {
	const char *name;	/* the word shown, "Zona Hijau" */
	const char *color;	/* "#rrggbb" */
};

/* A category of one year: a score belongs to the highest min under it. */
struct chart_threshold {
	double	 min;		/* lowest score of the category */
	const char *code;	/* "A"; NULL or "" leaves the band unlabelled */
	int	 zone;		/* index into chart_spec.zones */
};

/* One bar of CHART_BARS or CHART_ASPECTS. */
struct chart_bar {
	const char *label;	/* unit or aspect name, "Proses (32,37 %)" */
	double	 value;		/* CHART_NO_VALUE: a "no score" row, no bar */
	const char *value_label; /* "89,45"; NULL: formatted by the module */
	int	 zone;		/* index into zones; -1: no zone (aspects) */
};

/*
 * One year of CHART_YEARS; points come in increasing year order, one per
 * edition: a year without a point is not a year of the series (no column;
 * a break mark on the axis shows that years were skipped).
 */
struct chart_point {
	int	 year;		/* 1900..2999 */
	double	 value;		/* CHART_NO_VALUE: a gap in the line, with the
				   words spec.no_score_label under it unless
				   not_assessed is set */
	const char *value_label; /* "89,45"; NULL: formatted by the module */
	int	 zone;		/* zone of the value; -1 when unknown */
	int	 scheme_break;	/* nonzero: the scheme differs from the year
				   before: a dashed rule marks the change and
				   the line crosses it dotted */
	const struct chart_threshold *thresholds; /* that year's categories
				   (any order), drawn as bands; may be NULL */
	size_t	 nthresholds;	/* entries in thresholds */
	int	 not_assessed;	/* nonzero (with no value): the subject was
				   not assessed in that edition: the line
				   breaks there and nothing else is drawn */
};

/* A row of CHART_ZONES (a kind of body) or of CHART_STRIP. */
struct chart_group {
	const char *label;	/* "Kota" */
	const size_t *counts;	/* CHART_ZONES: bodies per zone, nzones
				   entries in zone order; unused by STRIP */
};

/* One body of CHART_STRIP. */
struct chart_dot {
	double	 value;		/* CHART_NO_VALUE: left out (and counted) */
	int	 zone;		/* index into zones; -1: drawn grey */
	size_t	 group;		/* index into groups; ignored without groups */
	const char *label;	/* body name for the alt text; may be NULL */
	const char *value_label; /* "89,45" for the alt text; may be NULL */
};

/* The share card's texts, all preformatted by the caller. */
struct chart_card {
	const char *title;	/* body name, up to two lines */
	const char *year_label;	/* "2023" or "Penilaian 2023" */
	const char *score_label; /* "89,45" */
	const char *scale_label; /* "dari 100"; NULL for none */
	const char *category_label; /* "Kategori A: Kualitas Tertinggi";
				   NULL for none */
	int	 zone;		/* index into zones; -1: no zone pill */
	const char *site_title;	/* the site's name, at the top */
	const size_t *zone_counts; /* a year's card: bodies per zone (nzones
				   entries), each count with its zone's name
				   beside score_label (their total), and their
				   shares as a bar along the bottom, instead
				   of the category and zone; NULL: the card of
				   a body or unit */
};

/*
 * Everything one chart needs.  Fields a kind does not use are ignored, so
 * a designated initializer names only what matters:
 *   struct chart_spec s = { .kind = CHART_BARS, .scale_max = 100, ... };
 */
struct chart_spec {
	enum chart_kind kind;	/* what to draw */
	enum chart_lang lang;	/* words drawn by the module, alt text */
	char	 decimal_sep;	/* ',' or '.' in numbers the module formats;
				   0 means the language's own */
	int	 decimals;	/* decimals of values formatted by the module
				   (when a value_label is NULL), 0..6 */
	double	 width;		/* logical width in px; 0: CHART_DEFAULT_WIDTH;
				   the height follows from the content */
	double	 font_px;	/* text size in px; 0: width / 36 (18 px at
				   640), which stays legible (about 10 px) when
				   the chart shrinks to a 375-px phone */
	double	 scale_min;	/* lowest possible score, 0 (unused by
				   CHART_ZONES and CHART_CARD) */
	double	 scale_max;	/* highest possible score, 100 or 5 */
	const char *subject;	/* alt text only: "Kota Cilegon"; may be NULL */
	const char *no_score_label; /* the words for a value assessed but not
				   released, as the page's tables write them
				   ("tidak dirilis"); NULL: the module's own
				   ("tidak dirilis", "not released") */

	const struct chart_zone *zones; /* all zones, best first */
	size_t	 nzones;	/* entries in zones */

	/* CHART_BARS and CHART_STRIP: the year's categories, any order. */
	const struct chart_threshold *thresholds;
	size_t	 nthresholds;	/* entries in thresholds */

	/* CHART_BARS and CHART_ASPECTS: the rows, drawn in this order. */
	const struct chart_bar *bars;
	size_t	 nbars;		/* entries in bars */
	double	 total;		/* CHART_BARS: the body's result, drawn as a
				   mark on every bar when total_label is set */
	const char *total_label; /* "Total 89,45"; NULL: no total mark */
	const char *bar_color;	/* CHART_ASPECTS: "#rrggbb"; NULL: blue-grey */

	/* CHART_YEARS: one point per year, increasing. */
	const struct chart_point *points;
	size_t	 npoints;	/* entries in points */

	/* CHART_ZONES (required) and CHART_STRIP (optional): the rows. */
	const struct chart_group *groups;
	size_t	 ngroups;	/* entries in groups */

	/* CHART_STRIP: the dots, any number. */
	const struct chart_dot *dots;
	size_t	 ndots;		/* entries in dots */

	/* CHART_CARD: the texts. */
	const struct chart_card *card;
};

/*
 * Load the font and set up the layout machinery once per run.  font is a
 * directory holding CHART_FONT_REGULAR and CHART_FONT_BOLD, a single font
 * file (used for regular and bold), or NULL for CHART_FONT_DIR.  Only
 * that font is ever used, whatever the system has.  The private font
 * configuration is bound to the context's font map and also becomes
 * fontconfig's current one (the newest context's wins), so that Pango
 * does not load the system's configuration in the background either
 * (rapor uses fontconfig only through this module).  Returns NULL with a
 * message in err (which names the missing file and the Debian package)
 * on failure.
 */
struct chart_ctx *chart_ctx_new(const char *font, char *err, size_t errlen);

/* Free ctx and everything it holds; NULL is accepted. */
void chart_ctx_free(struct chart_ctx *ctx);

/*
 * Release fontconfig's and Cairo's process-wide caches, only so that a
 * leak checker sees a clean heap at exit (LeakSanitizer cannot follow
 * fontconfig's offset pointers and reports its live fonts otherwise).
 * Call it at most once, after the last chart_ctx_free(); no chart
 * function may be called afterwards.
 */
void chart_shutdown(void);

/*
 * Draw spec as an SVG 1.1 document and append it to out.  The picture is
 * spec->width px wide (CARD: 1200 x 630) and as tall as its content; it has
 * a white background so that it reads on dark pages.  Returns 0, or -1 with
 * a message in err (and out unchanged) when the spec is invalid or Cairo
 * fails.
 */
int chart_svg(struct chart_ctx *ctx, const struct chart_spec *spec,
    struct buf *out, char *err, size_t errlen);

/*
 * The size of the picture chart_svg() makes of spec, in px: into *w and
 * *h the numbers its width, height and viewBox carry (the card: 1200 x
 * 630), found by the layout's measuring pass, without drawing: so a page
 * can give an <img> of a chart drawn elsewhere its size.  The height is
 * whole pixels; the width is spec->width (or its default).  chart_png()
 * makes ceil(w * device_scale) x ceil(h * device_scale) pixels.  Text is
 * measured with ctx's font, as the drawing does.  Returns 0, or -1 with
 * a message in err when the spec is invalid.
 */
int chart_size(struct chart_ctx *ctx, const struct chart_spec *spec,
    double *w, double *h, char *err, size_t errlen);

/*
 * Draw spec as a PNG and append it to out.  device_scale multiplies the
 * pixels, not the layout: 2 gives sharp charts on high-density screens,
 * 1 gives the 1200 x 630 share card.  It must lie in [0.25, 4].  Returns
 * 0, or -1 with a message in err (out unchanged), also when the picture
 * would exceed Cairo's size limit.  Cairo draws the picture whole and
 * the module's own encoder codes it (chart_png.c): the bytes depend only
 * on the spec.
 */
int chart_png(struct chart_ctx *ctx, const struct chart_spec *spec,
    double device_scale, struct buf *out, char *err, size_t errlen);

/*
 * Append to out a description of the chart's data in spec->lang, for the
 * alt attribute: extremes, counts per zone, the trend over the years.
 * Plain text: the caller escapes it.  Uses only the spec (no fonts).
 * Returns 0, or -1 with a message in err when the spec is invalid.
 */
int chart_alt(const struct chart_spec *spec, struct buf *out, char *err,
    size_t errlen);

#endif
