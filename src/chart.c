/*
 * The chart module's front: the context of a run, checking a spec, and
 * the SVG and PNG passes.  The rest, by what it serves: text layout and
 * the font in chart_text.c, drawing primitives in chart_prim.c, the
 * kinds in chart_draw.c (bars, zones, strip), chart_years.c and
 * chart_card.c, the SVG writer in chart_svg.c, the PNG encoder in
 * chart_png.c, alt text in chart_alt.c, a spec's numbers, colours and
 * words in chart_util.c.
 */
#include "chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>

#include "buf.h"
#include "chart_draw.h"
#include "chart_png.h"
#include "chart_spec.h"
#include "chart_svg.h"
#include "chart_text.h"
#include "xalloc.h"

/* Bounds that keep a spec drawable; beyond them the caller has a bug. */
#define MIN_WIDTH 160.0
#define MAX_WIDTH 4000.0
#define MIN_FONT 6.0
#define MAX_FONT 72.0
/* The biggest PNG we agree to allocate (4 bytes a pixel: 512 MiB). */
#define MAX_PNG_PIXELS (128.0 * 1024 * 1024)
/* Cairo's own limit on an image surface's side. */
#define CAIRO_MAX_SIDE 32767.0

/* What a run keeps between charts (see chart_ctx_new()). */
struct chart_ctx {
	struct chart_text *text;	/* the font and laid-out strings */
	struct chart_glyphs *glyphs;	/* the SVG writer's glyph outlines */
	unsigned char *pixels;		/* PNG pixel buffer kept between charts:
					   a fresh multi-megabyte block per chart
					   costs the kernel a zero-fill of every page */
	size_t	 npixels;		/* bytes allocated at pixels */
};

/* ---- The context ---- */

struct chart_ctx *
chart_ctx_new(const char *font, char *err, size_t errlen)
{
	struct chart_ctx *ctx;
	struct chart_text *t;

	if ((t = chart_text_new(font, err, errlen)) == NULL)
		return NULL;
	ctx = xcalloc(1, sizeof *ctx);
	ctx->text = t;
	ctx->glyphs = chart_glyphs_new();
	return ctx;
}

void
chart_ctx_free(struct chart_ctx *ctx)
{
	if (ctx == NULL)
		return;
	/* The glyph store holds Pango's fonts: it goes before the map. */
	chart_glyphs_free(ctx->glyphs);
	chart_text_free(ctx->text);
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

void
chart_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int
chart_check_array(const void *p, size_t n, const char *what, char *err,
    size_t errlen)
{
	if (n == 0 || p != NULL)
		return 0;
	chart_seterr(err, errlen, "%s: %zu entries but no array", what, n);
	return -1;
}

int
chart_check_text(const char *what, size_t i, const char *s, int required,
    char *err, size_t errlen)
{
	if (s == NULL) {
		if (!required)
			return 0;
		chart_seterr(err, errlen, "%s %zu: text missing", what, i + 1);
		return -1;
	}
	if (!g_utf8_validate(s, -1, NULL)) {
		chart_seterr(err, errlen, "%s %zu: text is not valid UTF-8",
		    what, i + 1);
		return -1;
	}
	return 0;
}

int
chart_check_zone(const char *what, size_t i, int zone, size_t nzones,
    int allow_none, char *err, size_t errlen)
{
	if ((zone == -1 && allow_none) || (zone >= 0 && (size_t)zone < nzones))
		return 0;
	chart_seterr(err, errlen, "%s %zu: zone %d out of range (%zu zones)",
	    what, i + 1, zone, nzones);
	return -1;
}

int
chart_check_thresholds(const char *what, const struct chart_threshold *th,
    size_t n, size_t nzones, char *err, size_t errlen)
{
	size_t i;

	if (n && th == NULL) {
		chart_seterr(err, errlen, "%s: %zu thresholds but no array",
		    what, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(th[i].min)) {
			chart_seterr(err, errlen, "%s %zu: threshold is not a "
			    "number", what, i + 1);
			return -1;
		}
		if (chart_check_text(what, i, th[i].code, 0, err,
		    errlen) < 0 || chart_check_zone(what, i, th[i].zone,
		    nzones, 0, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* The fields every kind has: language, numbers, sizes, zones. */
static int
check_common(const struct chart_spec *s, char *err, size_t errlen)
{
	struct chart_rgb c;
	size_t i;

	if (s->lang != CHART_LANG_ID && s->lang != CHART_LANG_EN) {
		chart_seterr(err, errlen, "unknown language %d", (int)s->lang);
		return -1;
	}
	if (s->decimal_sep != 0 && s->decimal_sep != ',' &&
	    s->decimal_sep != '.') {
		chart_seterr(err, errlen, "decimal separator must be ',' or "
		    "'.'");
		return -1;
	}
	if (s->decimals < 0 || s->decimals > 6) {
		chart_seterr(err, errlen, "decimals %d outside 0..6",
		    s->decimals);
		return -1;
	}
	if (s->width != 0 && !(s->width >= MIN_WIDTH &&
	    s->width <= MAX_WIDTH)) {
		chart_seterr(err, errlen, "width outside %g..%g px", MIN_WIDTH,
		    MAX_WIDTH);
		return -1;
	}
	if (s->font_px != 0 && !(s->font_px >= MIN_FONT &&
	    s->font_px <= MAX_FONT)) {
		chart_seterr(err, errlen, "text size outside %g..%g px",
		    MIN_FONT, MAX_FONT);
		return -1;
	}
	if (s->kind != CHART_CARD && s->kind != CHART_ZONES) {
		if (!isfinite(s->scale_min) || !isfinite(s->scale_max) ||
		    !isfinite(s->scale_max - s->scale_min)) {
			chart_seterr(err, errlen, "scale bounds are not "
			    "numbers");
			return -1;
		}
		if (s->scale_min > s->scale_max) {
			chart_seterr(err, errlen, "scale minimum above "
			    "maximum");
			return -1;
		}
	}
	if (chart_check_text("subject", 0, s->subject, 0, err, errlen) < 0 ||
	    chart_check_text("no_score_label", 0, s->no_score_label, 0, err,
	    errlen) < 0 ||
	    chart_check_array(s->zones, s->nzones, "zones", err, errlen) < 0)
		return -1;
	for (i = 0; i < s->nzones; i++) {
		if (chart_check_text("zone", i, s->zones[i].name, 1, err,
		    errlen) < 0)
			return -1;
		if (chart_parse_color(s->zones[i].color, &c) < 0) {
			chart_seterr(err, errlen, "zone %zu: colour must be "
			    "#rrggbb", i + 1);
			return -1;
		}
	}
	return 0;
}

int
chart_check(const struct chart_spec *s, char *err, size_t errlen)
{
	if (s == NULL) {
		chart_seterr(err, errlen, "no chart spec");
		return -1;
	}
	if ((unsigned)s->kind > CHART_CARD) {
		chart_seterr(err, errlen, "unknown chart kind %d",
		    (int)s->kind);
		return -1;
	}
	if (check_common(s, err, errlen) < 0)
		return -1;
	switch (s->kind) {
	case CHART_BARS:
	case CHART_ASPECTS:
		return chart_check_bars(s, err, errlen);
	case CHART_YEARS:
		return chart_check_years(s, err, errlen);
	case CHART_ZONES:
		return chart_check_zones(s, err, errlen);
	case CHART_STRIP:
		return chart_check_strip(s, err, errlen);
	case CHART_CARD:
		return chart_check_card(s, err, errlen);
	}
	return 0;
}

/* ---- Drawing passes ---- */

static void
setup(struct chart_draw *d, struct chart_ctx *ctx,
    const struct chart_spec *s)
{
	memset(d, 0, sizeof *d);
	d->text = ctx->text;
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

/* The picture's height from the height a pass of the drawing used,
 * rounded up to whole pixels: the one rule of the SVG, the PNG and
 * chart_size(). */
static double
picture_height(const struct chart_draw *d, double used)
{
	if (d->spec->kind == CHART_CARD)
		return CHART_CARD_HEIGHT;
	return ceil(used - 1e-6);
}

/* The height of the picture: the measuring pass (cr and svg NULL). */
static double
measure(struct chart_draw *d)
{
	d->cr = NULL;
	d->svg = NULL;
	/* The card's height is fixed: nothing to measure. */
	return picture_height(d, d->spec->kind == CHART_CARD ? 0 :
	    draw_kind(d));
}

int
chart_size(struct chart_ctx *ctx, const struct chart_spec *spec, double *w,
    double *h, char *err, size_t errlen)
{
	struct chart_draw d;

	if (chart_check(spec, err, errlen) < 0)
		return -1;
	setup(&d, ctx, spec);
	*h = measure(&d);
	*w = d.w;
	return 0;
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
		chart_seterr(err, errlen, "cairo: %s", cairo_status_to_string(st));
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
		chart_seterr(err, errlen, "cairo: %s", cairo_status_to_string(st));
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

	if (chart_check(spec, err, errlen) < 0)
		return -1;
	setup(&d, ctx, spec);
	/*
	 * One pass, not measure() then draw: the height goes into the
	 * root element, written last, and the white background (a rect
	 * of that height) is put before what was drawn.
	 */
	chart_svgw_begin(&w, ctx->glyphs);
	d.svg = &w;
	chart_set_color(&d, &white, 1);
	h = picture_height(&d, draw_kind(&d));
	d.svg = NULL;
	if (w.failed) {
		chart_seterr(err, errlen, "cairo: no outline for a glyph");
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
png_whole(struct chart_ctx *ctx, struct chart_draw *d, double h,
    double device_scale, struct buf *out, char *err, size_t errlen)
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
		chart_seterr(err, errlen, "chart too large for a PNG: %.0f x %.0f "
		    "pixels", pw, ph);
		return -1;
	}
	/* Opaque: the background is painted white anyway, and an RGB PNG
	 * is smaller than an RGBA one. */
	surface = png_surface(ctx, pw, ph);
	cairo_surface_set_device_scale(surface, device_scale, device_scale);
	rc = render(d, surface, err, errlen);
	/* Our own encoder (chart_png.c), not Cairo's through libpng. */
	if (rc == 0 && chart_png_write(cairo_image_surface_get_data(surface),
	    cairo_image_surface_get_width(surface),
	    cairo_image_surface_get_height(surface),
	    cairo_image_surface_get_stride(surface), out) < 0) {
		chart_seterr(err, errlen, "cannot write a PNG of %.0f x %.0f pixels",
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
		chart_seterr(err, errlen, "device scale outside 0.25..4");
		return -1;
	}
	if (chart_check(spec, err, errlen) < 0)
		return -1;
	setup(&d, ctx, spec);
	h = measure(&d);
	return png_whole(ctx, &d, h, device_scale, out, err, errlen);
}
