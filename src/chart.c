/*
 * The chart module's front: the font context, checking a spec, and the
 * SVG and PNG passes (with the share card's bands kept between cards).
 * The drawing itself is in chart_draw.c and chart_years.c, primitives in
 * chart_prim.c, text layout in chart_text.c, the SVG writer in
 * chart_svg.c, the PNG encoder in chart_png.c, alt text in chart_alt.c.
 */
#include "chart.h"
#include "chart_impl.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include "buf.h"
#include "chart_png.h"
#include "xalloc.h"

/* Bounds that keep a spec drawable; beyond them the caller has a bug. */
#define MIN_WIDTH 160.0
#define MAX_WIDTH 4000.0
#define MIN_FONT 6.0
#define MAX_FONT 72.0
#define MAX_YEAR_SPAN 200
/* The biggest PNG we agree to allocate (4 bytes a pixel: 512 MiB). */
#define MAX_PNG_PIXELS (128.0 * 1024 * 1024)
/* Cairo's own limit on an image surface's side. */
#define CAIRO_MAX_SIDE 32767.0

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- Font context ---- */

/* Family name of the font in file, read from our private config. */
static const char *
font_family(FcConfig *fc, size_t idx)
{
	FcFontSet *set = FcConfigGetFonts(fc, FcSetApplication);
	FcChar8 *fam = NULL;

	if (set == NULL || idx >= (size_t)set->nfont)
		return NULL;
	if (FcPatternGetString(set->fonts[idx], FC_FAMILY, 0, &fam) !=
	    FcResultMatch)
		return NULL;
	return (const char *)fam;
}

static int
add_font(FcConfig *fc, const char *path, char *err, size_t errlen)
{
	if (access(path, R_OK) != 0) {
		seterr(err, errlen, "font file %s: %s (it comes with the "
		    "Debian package fonts-noto-core)", path, strerror(errno));
		return -1;
	}
	if (!FcConfigAppFontAddFile(fc, (const FcChar8 *)path)) {
		seterr(err, errlen, "font file %s: not a font fontconfig can "
		    "read", path);
		return -1;
	}
	return 0;
}

struct chart_ctx *
chart_ctx_new(const char *font, char *err, size_t errlen)
{
	struct chart_ctx *ctx = xcalloc(1, sizeof *ctx);
	struct buf reg = BUF_INIT, bold = BUF_INIT;
	cairo_font_options_t *fo;
	const char *fam, *fam2;
	struct stat st;

	if (font == NULL)
		font = CHART_FONT_DIR;
	if (stat(font, &st) != 0) {
		seterr(err, errlen, "font %s: %s (it comes with the Debian "
		    "package fonts-noto-core)", font, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		buf_printf(&reg, "%s/%s", font, CHART_FONT_REGULAR);
		buf_printf(&bold, "%s/%s", font, CHART_FONT_BOLD);
	} else {
		buf_puts(&reg, font);
	}

	/*
	 * A configuration of our own, holding only these files: no system
	 * fonts, no user rules (hinting, substitutions), so the metrics are
	 * the same on every machine.
	 */
	ctx->fc = FcConfigCreate();
	if (ctx->fc == NULL) {
		seterr(err, errlen, "fontconfig: cannot create a configuration");
		goto fail;
	}
	if (add_font(ctx->fc, buf_str(&reg), err, errlen) < 0)
		goto fail;
	if (bold.len && add_font(ctx->fc, buf_str(&bold), err, errlen) < 0)
		goto fail;
	if ((fam = font_family(ctx->fc, 0)) == NULL) {
		seterr(err, errlen, "font file %s: no family name",
		    buf_str(&reg));
		goto fail;
	}
	if (bold.len && ((fam2 = font_family(ctx->fc, 1)) == NULL ||
	    strcmp(fam, fam2) != 0)) {
		seterr(err, errlen, "font files %s and %s are not of one "
		    "family", buf_str(&reg), buf_str(&bold));
		goto fail;
	}
	ctx->family = xstrdup(fam);
	/*
	 * Pango initialises fontconfig's default configuration in a thread
	 * (reading /etc/fonts and scanning the system's fonts) unless a
	 * current configuration exists; ours makes that a no-op.
	 */
	if (!FcConfigSetCurrent(ctx->fc)) {
		seterr(err, errlen, "fontconfig: cannot use the configuration");
		goto fail;
	}

	ctx->fontmap = pango_cairo_font_map_new_for_font_type(
	    CAIRO_FONT_TYPE_FT);
	if (ctx->fontmap == NULL) {
		seterr(err, errlen, "pango: no FreeType font map");
		goto fail;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ctx->fontmap), ctx->fc);
	ctx->pango = pango_font_map_create_context(ctx->fontmap);

	/* Outlines as designed: no hinting, no hinted advances, grey
	 * antialiasing; the same in the SVG, the PNG and the measuring
	 * pass, whatever the surface prefers. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_RGB);
	pango_cairo_context_set_font_options(ctx->pango, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx->pango, FALSE);
	/* Pango's default language comes from the environment (LANG);
	 * a fixed one keeps shaping independent of it. */
	pango_context_set_language(ctx->pango,
	    pango_language_from_string("en"));
	pango_context_set_base_dir(ctx->pango, PANGO_DIRECTION_LTR);

	ctx->layout = pango_layout_new(ctx->pango);
	pango_layout_set_single_paragraph_mode(ctx->layout, TRUE);
	ctx->desc = pango_font_description_new();
	pango_font_description_set_family(ctx->desc, ctx->family);
	pango_font_description_set_style(ctx->desc, PANGO_STYLE_NORMAL);

	buf_free(&reg);
	buf_free(&bold);
	return ctx;
fail:
	buf_free(&reg);
	buf_free(&bold);
	chart_ctx_free(ctx);
	return NULL;
}

void
chart_ctx_free(struct chart_ctx *ctx)
{
	if (ctx == NULL)
		return;
	/* The glyph cache holds Pango's fonts: it goes before the map. */
	chart_glyphs_free(ctx->glyphs);
	if (ctx->desc)
		pango_font_description_free(ctx->desc);
	/* The cached layouts hold the context: drop them first. */
	chart_text_free(ctx);
	if (ctx->layout)
		g_object_unref(ctx->layout);
	if (ctx->pango)
		g_object_unref(ctx->pango);
	if (ctx->fontmap) {
		/* Pango 1.50.12 takes a reference to the config in
		 * set_config() that its finalizer never drops (fixed
		 * upstream later); detaching it first releases it, and is
		 * harmless where the finalizer is fixed. */
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(ctx->fontmap),
		    NULL);
		g_object_unref(ctx->fontmap);
	}
	if (ctx->fc)
		FcConfigDestroy(ctx->fc);
	free(ctx->family);
	free(ctx->pixels);
	free(ctx);
}

void
chart_shutdown(void)
{
	FcFini();
	cairo_debug_reset_static_data();
}

/* ---- Checking a spec ---- */

static int
check_text(const char *what, size_t i, const char *s, int required,
    char *err, size_t errlen)
{
	if (s == NULL) {
		if (!required)
			return 0;
		seterr(err, errlen, "%s %zu: text missing", what, i + 1);
		return -1;
	}
	if (!g_utf8_validate(s, -1, NULL)) {
		seterr(err, errlen, "%s %zu: text is not valid UTF-8", what,
		    i + 1);
		return -1;
	}
	return 0;
}

static int
check_zone(const char *what, size_t i, int zone, size_t nzones,
    int allow_none, char *err, size_t errlen)
{
	if ((zone == -1 && allow_none) || (zone >= 0 && (size_t)zone < nzones))
		return 0;
	seterr(err, errlen, "%s %zu: zone %d out of range (%zu zones)", what,
	    i + 1, zone, nzones);
	return -1;
}

static int
check_thresholds(const char *what, const struct chart_threshold *th,
    size_t n, size_t nzones, char *err, size_t errlen)
{
	size_t i;

	if (n && th == NULL) {
		seterr(err, errlen, "%s: %zu thresholds but no array", what, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(th[i].min)) {
			seterr(err, errlen, "%s %zu: threshold is not a "
			    "number", what, i + 1);
			return -1;
		}
		if (check_text(what, i, th[i].code, 0, err, errlen) < 0 ||
		    check_zone(what, i, th[i].zone, nzones, 0, err,
		    errlen) < 0)
			return -1;
	}
	return 0;
}

#define NEED_ARRAY(p, n, name)                                               \
	do {                                                                 \
		if ((n) && (p) == NULL) {                                    \
			seterr(err, errlen, "%s: %zu entries but no array",  \
			    (name), (size_t)(n));                            \
			return -1;                                           \
		}                                                            \
	} while (0)

/* Everything that could make a chart wrong or crash, found before any
 * drawing; the drawing code then trusts the spec. */
static int
check_spec(const struct chart_spec *s, char *err, size_t errlen)
{
	struct chart_rgb c;
	size_t i;

	if (s == NULL) {
		seterr(err, errlen, "no chart spec");
		return -1;
	}
	if ((unsigned)s->kind > CHART_CARD) {
		seterr(err, errlen, "unknown chart kind %d", (int)s->kind);
		return -1;
	}
	if (s->lang != CHART_LANG_ID && s->lang != CHART_LANG_EN) {
		seterr(err, errlen, "unknown language %d", (int)s->lang);
		return -1;
	}
	if (s->decimal_sep != 0 && s->decimal_sep != ',' &&
	    s->decimal_sep != '.') {
		seterr(err, errlen, "decimal separator must be ',' or '.'");
		return -1;
	}
	if (s->decimals < 0 || s->decimals > 6) {
		seterr(err, errlen, "decimals %d outside 0..6", s->decimals);
		return -1;
	}
	if (s->width != 0 && !(s->width >= MIN_WIDTH &&
	    s->width <= MAX_WIDTH)) {
		seterr(err, errlen, "width outside %g..%g px", MIN_WIDTH,
		    MAX_WIDTH);
		return -1;
	}
	if (s->font_px != 0 && !(s->font_px >= MIN_FONT &&
	    s->font_px <= MAX_FONT)) {
		seterr(err, errlen, "text size outside %g..%g px", MIN_FONT,
		    MAX_FONT);
		return -1;
	}
	if (s->kind != CHART_CARD && s->kind != CHART_ZONES) {
		if (!isfinite(s->scale_min) || !isfinite(s->scale_max) ||
		    !isfinite(s->scale_max - s->scale_min)) {
			seterr(err, errlen, "scale bounds are not numbers");
			return -1;
		}
		if (s->scale_min > s->scale_max) {
			seterr(err, errlen, "scale minimum above maximum");
			return -1;
		}
	}
	if (check_text("subject", 0, s->subject, 0, err, errlen) < 0)
		return -1;
	NEED_ARRAY(s->zones, s->nzones, "zones");
	for (i = 0; i < s->nzones; i++) {
		if (check_text("zone", i, s->zones[i].name, 1, err, errlen) < 0)
			return -1;
		if (chart_parse_color(s->zones[i].color, &c) < 0) {
			seterr(err, errlen, "zone %zu: colour must be #rrggbb",
			    i + 1);
			return -1;
		}
	}

	switch (s->kind) {
	case CHART_BARS:
	case CHART_ASPECTS:
		NEED_ARRAY(s->bars, s->nbars, "bars");
		for (i = 0; i < s->nbars; i++)
			if (check_text("bar", i, s->bars[i].label, 1, err,
			    errlen) < 0 || check_text("bar", i,
			    s->bars[i].value_label, 0, err, errlen) < 0 ||
			    check_zone("bar", i, s->bars[i].zone, s->nzones, 1,
			    err, errlen) < 0)
				return -1;
		if (check_text("total", 0, s->total_label, 0, err, errlen) < 0)
			return -1;
		if (s->bar_color && chart_parse_color(s->bar_color, &c) < 0) {
			seterr(err, errlen, "bar colour must be #rrggbb");
			return -1;
		}
		if (s->kind == CHART_BARS)
			return check_thresholds("threshold", s->thresholds,
			    s->nthresholds, s->nzones, err, errlen);
		return 0;
	case CHART_YEARS:
		NEED_ARRAY(s->points, s->npoints, "points");
		for (i = 0; i < s->npoints; i++) {
			const struct chart_point *p = &s->points[i];

			if (p->year < 1900 || p->year > 2999) {
				seterr(err, errlen, "point %zu: year %d outside "
				    "1900..2999", i + 1, p->year);
				return -1;
			}
			if (i > 0 && p->year <= s->points[i - 1].year) {
				seterr(err, errlen, "point %zu: years must "
				    "increase", i + 1);
				return -1;
			}
			if (check_text("point", i, p->value_label, 0, err,
			    errlen) < 0 || check_zone("point", i, p->zone,
			    s->nzones, 1, err, errlen) < 0 ||
			    check_thresholds("point", p->thresholds,
			    p->nthresholds, s->nzones, err, errlen) < 0)
				return -1;
		}
		if (s->npoints && s->points[s->npoints - 1].year -
		    s->points[0].year >= MAX_YEAR_SPAN) {
			seterr(err, errlen, "years span more than %d",
			    MAX_YEAR_SPAN);
			return -1;
		}
		return 0;
	case CHART_ZONES:
		NEED_ARRAY(s->groups, s->ngroups, "groups");
		for (i = 0; i < s->ngroups; i++) {
			if (check_text("group", i, s->groups[i].label, 1, err,
			    errlen) < 0)
				return -1;
			if (s->nzones && s->groups[i].counts == NULL) {
				seterr(err, errlen, "group %zu: no counts",
				    i + 1);
				return -1;
			}
		}
		return 0;
	case CHART_STRIP:
		NEED_ARRAY(s->groups, s->ngroups, "groups");
		NEED_ARRAY(s->dots, s->ndots, "dots");
		for (i = 0; i < s->ngroups; i++)
			if (check_text("group", i, s->groups[i].label, 1, err,
			    errlen) < 0)
				return -1;
		for (i = 0; i < s->ndots; i++) {
			if (check_zone("dot", i, s->dots[i].zone, s->nzones, 1,
			    err, errlen) < 0 || check_text("dot", i,
			    s->dots[i].label, 0, err, errlen) < 0 ||
			    check_text("dot", i, s->dots[i].value_label, 0,
			    err, errlen) < 0)
				return -1;
			if (s->ngroups && s->dots[i].group >= s->ngroups) {
				seterr(err, errlen, "dot %zu: group %zu out of "
				    "range", i + 1, s->dots[i].group);
				return -1;
			}
		}
		return check_thresholds("threshold", s->thresholds,
		    s->nthresholds, s->nzones, err, errlen);
	case CHART_CARD:
		if (s->card == NULL) {
			seterr(err, errlen, "share card: no texts");
			return -1;
		}
		if (check_text("card title", 0, s->card->title, 1, err,
		    errlen) < 0 || check_text("card score", 0,
		    s->card->score_label, 1, err, errlen) < 0 ||
		    check_text("card year", 0, s->card->year_label, 0, err,
		    errlen) < 0 || check_text("card scale", 0,
		    s->card->scale_label, 0, err, errlen) < 0 ||
		    check_text("card category", 0, s->card->category_label, 0,
		    err, errlen) < 0 || check_text("card site title", 0,
		    s->card->site_title, 0, err, errlen) < 0 ||
		    check_zone("card", 0, s->card->zone, s->nzones, 1, err,
		    errlen) < 0)
			return -1;
		return 0;
	}
	return 0;
}

int
chart_check(const struct chart_spec *s, char *err, size_t errlen)
{
	return check_spec(s, err, errlen);
}

/* ---- Drawing passes ---- */

static void
setup(struct chart_draw *d, struct chart_ctx *ctx,
    const struct chart_spec *s)
{
	memset(d, 0, sizeof *d);
	d->ctx = ctx;
	d->spec = s;
	if (s->kind == CHART_CARD) {
		d->w = CHART_CARD_WIDTH;
		d->f = 30;
	} else {
		d->w = s->width > 0 ? s->width : CHART_DEFAULT_WIDTH;
		/* Half-pixel steps keep the SVG's numbers short. */
		d->f = s->font_px > 0 ? s->font_px :
		    floor(d->w / 36 * 2 + 0.5) / 2;
	}
	d->pad = floor(d->f * 0.5 + 0.5);
	chart_scale(s, &d->lo, &d->hi);
	d->sep = chart_sep(s);
}

static double
draw_kind(struct chart_draw *d)
{
	switch (d->spec->kind) {
	case CHART_BARS:
	case CHART_ASPECTS:
		return chart_draw_bars(d);
	case CHART_YEARS:
		return chart_draw_years(d);
	case CHART_ZONES:
		return chart_draw_zones(d);
	case CHART_STRIP:
		return chart_draw_strip(d);
	case CHART_CARD:
		return chart_draw_card(d);
	}
	return 0;
}

/* The height of the picture: the measuring pass, rounded up to whole
 * pixels so that PNG and SVG agree on the size. */
static double
measure(struct chart_draw *d)
{
	double h;

	d->cr = NULL;
	if (d->spec->kind == CHART_CARD)
		return CHART_CARD_HEIGHT;	/* fixed: nothing to measure */
	h = draw_kind(d);
	return ceil(h - 1e-6);
}

/* Draw onto surface and check both the context and the surface: a chart
 * Cairo could not draw is an error, never a blank picture. */
static int
render(struct chart_draw *d, cairo_surface_t *surface, char *err,
    size_t errlen)
{
	cairo_status_t st;
	cairo_t *cr;

	if ((st = cairo_surface_status(surface)) != CAIRO_STATUS_SUCCESS) {
		seterr(err, errlen, "cairo: %s", cairo_status_to_string(st));
		return -1;
	}
	cr = cairo_create(surface);
	d->cr = cr;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	draw_kind(d);
	st = cairo_status(cr);
	d->cr = NULL;
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_flush(surface);
		st = cairo_surface_status(surface);
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		seterr(err, errlen, "cairo: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

int
chart_svg(struct chart_ctx *ctx, const struct chart_spec *spec,
    struct buf *out, char *err, size_t errlen)
{
	static const struct chart_rgb white = { 1, 1, 1 };
	struct chart_svgw w;
	struct chart_draw d;
	double h;
	int rc = 0;

	if (check_spec(spec, err, errlen) < 0)
		return -1;
	setup(&d, ctx, spec);
	/*
	 * One pass, not measure() then draw: the height goes into the
	 * root element, written last, and the white background (a rect
	 * of that height) is put before what was drawn.
	 */
	chart_svgw_begin(&w, ctx);
	d.svg = &w;
	chart_set_color(&d, &white, 1);
	h = draw_kind(&d);
	h = spec->kind == CHART_CARD ? CHART_CARD_HEIGHT : ceil(h - 1e-6);
	d.svg = NULL;
	if (w.failed) {
		seterr(err, errlen, "cairo: no outline for a glyph");
		rc = -1;
	} else {
		chart_svgw_end(&w, d.w, h, 1, out);
	}
	chart_svgw_free(&w);
	return rc;
}

/*
 * A surface of pw x ph pixels for the PNG pass, on the context's pixel
 * buffer when Cairo can take it.  The pixels are left uninitialised:
 * Cairo would clear them (a memset of the whole image) only for render()
 * to paint every one white.
 */
static cairo_surface_t *
png_surface(struct chart_ctx *ctx, double pw, double ph)
{
	int stride;

	if (pw > CAIRO_MAX_SIDE || ph > CAIRO_MAX_SIDE)
		return cairo_image_surface_create(CAIRO_FORMAT_RGB24,
		    pw > CAIRO_MAX_SIDE ? (int)CAIRO_MAX_SIDE + 1 : (int)pw,
		    ph > CAIRO_MAX_SIDE ? (int)CAIRO_MAX_SIDE + 1 : (int)ph);
	stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, (int)pw);
	if (ctx->npixels < (size_t)stride * (size_t)ph) {
		free(ctx->pixels);
		ctx->npixels = (size_t)stride * (size_t)ph;
		ctx->pixels = xmalloc(ctx->npixels);
	}
	return cairo_image_surface_create_for_data(ctx->pixels,
	    CAIRO_FORMAT_RGB24, (int)pw, (int)ph, stride);
}

/* The picture drawn and coded in one piece. */
static int
png_whole(struct chart_draw *d, double h, double device_scale,
    struct buf *out, char *err, size_t errlen)
{
	cairo_surface_t *surface;
	double pw, ph;
	int rc;

	pw = ceil(d->w * device_scale - 1e-6);
	ph = ceil(h * device_scale - 1e-6);
	/* Sides beyond Cairo's limit go to Cairo, which refuses them
	 * without allocating (and we report its status); within it, refuse
	 * sizes whose pixels alone would take half a gigabyte. */
	if (pw <= CAIRO_MAX_SIDE && ph <= CAIRO_MAX_SIDE &&
	    pw * ph > MAX_PNG_PIXELS) {
		seterr(err, errlen, "chart too large for a PNG: %.0f x %.0f "
		    "pixels", pw, ph);
		return -1;
	}
	/* Opaque: the background is painted white anyway, and an RGB PNG
	 * is smaller than an RGBA one. */
	surface = png_surface(d->ctx, pw, ph);
	cairo_surface_set_device_scale(surface, device_scale, device_scale);
	rc = render(d, surface, err, errlen);
	/* Our own encoder (chart_png.c), not Cairo's through libpng. */
	if (rc == 0 && chart_png_write(cairo_image_surface_get_data(surface),
	    cairo_image_surface_get_width(surface),
	    cairo_image_surface_get_height(surface),
	    cairo_image_surface_get_stride(surface), out) < 0) {
		seterr(err, errlen, "cannot write a PNG of %.0f x %.0f pixels",
		    pw, ph);
		rc = -1;
	}
	cairo_surface_destroy(surface);
	return rc;
}

int
chart_png(struct chart_ctx *ctx, const struct chart_spec *spec,
    double device_scale, struct buf *out, char *err, size_t errlen)
{
	struct chart_draw d;
	double h;

	if (!(device_scale >= 0.25 && device_scale <= 4)) {
		seterr(err, errlen, "device scale outside 0.25..4");
		return -1;
	}
	if (check_spec(spec, err, errlen) < 0)
		return -1;
	setup(&d, ctx, spec);
	h = measure(&d);
	return png_whole(&d, h, device_scale, out, err, errlen);
}
