/*
 * Internals shared by the chart module's files (src/chart*.c); not part of
 * the public interface in include/chart.h.
 */
#ifndef RAPOR_CHART_IMPL_H
#define RAPOR_CHART_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "chart.h"
#include "hash.h"

/*
 * No fused multiply-add: a*b+c rounded once or twice moves coordinates by
 * a last bit, which can change the SVG's digits between machines.  GCC in
 * ISO C mode does not contract; clang does unless told.
 */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* Text colours: both keep AA contrast (>= 4.5) on white and on the pale
 * grey track, and near-black beats pure black for glare on screens. */
#define CHART_INK "#1f1f1f"
#define CHART_INK2 "#595959"

/* A colour with channels in [0, 1]. */
struct chart_rgb {
	double	 r;	/* red */
	double	 g;	/* green */
	double	 b;	/* blue */
};

/* Words drawn or written by the module itself. */
enum chart_word {
	W_NO_SCORE,	/* a unit without a score */
	W_NEW_SCHEME,	/* marks a change of scoring scheme */
	W_NO_DATA,	/* a chart or row with nothing to show */
	CHART_NWORDS
};

/* Fonts, font map and one reusable layout (see chart_ctx_new()). */
struct chart_ctx {
	FcConfig *fc;			/* private config holding only our font */
	PangoFontMap *fontmap;		/* Cairo/FreeType map bound to fc */
	PangoContext *pango;		/* layout context, fixed font options */
	/* The string last laid out (chart_layout()). */
	PangoLayout *layout;
	PangoRectangle log;		/* its logical extents, Pango units */
	int	 baseline;		/* its first baseline, Pango units */
	void	**placed;		/* where the SVG writer keeps its
					   glyph list of it (or NULL) */
	PangoFontDescription *desc;	/* reused, size and weight set per use */
	char	*family;		/* family name read from the font file */
	unsigned char *pixels;		/* PNG pixel buffer kept between charts:
					   a fresh multi-megabyte block per chart
					   costs the kernel a zero-fill of every page */
	size_t	 npixels;		/* bytes allocated at pixels */
	struct chart_glyphs *glyphs;	/* glyph outlines for SVG, made on
					   first use (chart_svg.c) */
	struct layout_cache *text;	/* strings laid out before
					   (chart_text.c) */
};

/*
 * An SVG document being written (chart_svg.c): the drawing primitives
 * write elements to body, glyph definitions to defs as first used.
 */
struct chart_svgw {
	struct chart_ctx *ctx;		/* fonts and the glyph cache */
	struct buf body;		/* elements, in drawing order */
	struct buf defs;		/* <path id="gN"> of the glyphs used */
	struct buf path;		/* path data of the shape being built */
	char	 fill[8];		/* current colour, "#rrggbb" */
	double	 alpha;			/* current opacity, 0..1 */
	unsigned nglyph;		/* glyph ids given in this document */
	int	 failed;		/* Cairo gave no outline for a glyph */
};

/*
 * Text styles.  One size for all text: a second, smaller size would be
 * illegible once a chart shrinks to a phone, and would double the glyph
 * outlines Cairo embeds in every SVG.  Hierarchy comes from weight and
 * colour instead.
 */
enum chart_font {
	FONT_BODY,	/* names, ticks, legends */
	FONT_BOLD	/* values, codes, counts */
};

/* Horizontal anchor of a string. */
enum chart_align {
	ALIGN_LEFT,	/* x is the left edge */
	ALIGN_CENTRE,	/* x is the centre */
	ALIGN_RIGHT	/* x is the right edge */
};

/*
 * One drawing pass.  Every chart is drawn twice by the same code: first
 * with cr NULL, which only measures and yields the height, then onto the
 * surface of that height, so the layout cannot drift between the passes.
 */
struct chart_draw {
	struct chart_ctx *ctx;		/* fonts */
	cairo_t	*cr;			/* the PNG pass draws here, else NULL */
	struct chart_svgw *svg;		/* the SVG pass writes here, else
					   NULL; both NULL: measuring */
	const struct chart_spec *spec;	/* what to draw */
	double	 w;			/* logical width */
	double	 f;			/* text size */
	double	 pad;			/* outer margin */
	double	 lo;			/* scale as used (see chart_scale()) */
	double	 hi;			/* upper end of the scale as used */
	char	 sep;			/* decimal separator of tick labels */
};


/* chart.c: check a spec as chart_svg() does; 0 or -1 with err. */
int chart_check(const struct chart_spec *s, char *err, size_t errlen);

/* chart_svg.c: the SVG writer. */
/* Append v rounded half-up to two decimals, without trailing zeros or
 * "-0"; a non-finite or absurd v is written as 0. */
void chart_svg_num(struct buf *b, double v);
/* Start a document for ctx (w is overwritten). */
void chart_svgw_begin(struct chart_svgw *w, struct chart_ctx *ctx);
/* Append the whole document, width x height px, to out; with
 * background, a white rect of that size under everything drawn. */
void chart_svgw_end(struct chart_svgw *w, double width, double height,
    int background, struct buf *out);
/* Give w's buffers back to its ctx, for the next document. */
void chart_svgw_free(struct chart_svgw *w);
/* Free a context's glyph cache; NULL is a no-op. */
void chart_glyphs_free(struct chart_glyphs *g);
/* The current colour from "#rrggbb" (any case), opaque; an invalid one
 * is black, as chart_parse_color() leaves it. */
void chart_svgw_hex(struct chart_svgw *w, const char *hex);
/* The current colour and opacity, for what is drawn next. */
void chart_svgw_color(struct chart_svgw *w, const struct chart_rgb *c,
    double alpha);
/* A filled rectangle. */
void chart_svgw_rect(struct chart_svgw *w, double x, double y, double width,
    double height);
/* Path building, as cairo_move_to() and friends; chart_svgw_fill()
 * writes the path filled and starts a new one. */
void chart_svgw_move(struct chart_svgw *w, double x, double y);
void chart_svgw_line(struct chart_svgw *w, double x, double y);
void chart_svgw_curve(struct chart_svgw *w, double x1, double y1, double x2,
    double y2, double x3, double y3);
void chart_svgw_close(struct chart_svgw *w);
void chart_svgw_fill(struct chart_svgw *w);
/* A straight line stroked with round caps, dashed by dash[0..ndash). */
void chart_svgw_stroke_line(struct chart_svgw *w, double x0, double y0,
    double x1, double y1, double width, const double *dash, int ndash);
/* The glyphs of the string last laid out in w's ctx (chart_layout())
 * with its top left corner at (x, y), in the current colour; 0, or -1
 * when Cairo gives no outline for a glyph. */
int chart_svgw_text(struct chart_svgw *w, double x, double y);

/* chart_util.c */
/* Parse "#rrggbb" into c; 0, or -1 (c untouched) for anything else. */
int chart_parse_color(const char *s, struct chart_rgb *c);
/* WCAG 2 relative luminance of c, 0..1. */
double chart_luminance(const struct chart_rgb *c);
/* WCAG 2 contrast ratio of a and b, 1..21. */
double chart_contrast(const struct chart_rgb *a, const struct chart_rgb *b);
/* c mixed with white: amount 1 is c, 0 is white. */
struct chart_rgb chart_tint(const struct chart_rgb *c, double amount);
/* Word w in lang (a static string). */
const char *chart_word(enum chart_lang lang, enum chart_word w);
/* The decimal separator: the spec's, else the language's. */
char chart_sep(const struct chart_spec *s);
/* A copy of th sorted by min (the caller frees it). */
struct chart_threshold *chart_sorted_thresholds(
    const struct chart_threshold *th, size_t n);
/* Whether v is a value at all (finite). */
int chart_has_value(double v);
/* v limited to [lo, hi] (v finite, lo <= hi). */
double chart_clamp(double v, double lo, double hi);
/* The scale as drawn: equal bounds widened by one. */
void chart_scale(const struct chart_spec *s, double *lo, double *hi);
/* label, or v formatted into tmp when label is NULL. */
const char *chart_value_text(const struct chart_spec *s, double v,
    const char *label, char *tmp, size_t tmplen);

/* chart_prim.c: drawing primitives, onto d->cr or into d->svg; all do
 * nothing in the measuring pass. */
/* Whether this pass draws (as opposed to measuring). */
static inline int
chart_drawing(const struct chart_draw *d)
{
	return d->cr != NULL || d->svg != NULL;
}
/* Make c, with opacity alpha (1: opaque), the current colour. */
void chart_set_color(struct chart_draw *d, const struct chart_rgb *c,
    double alpha);
/* Make "#rrggbb" (already checked) the current colour. */
void chart_set_hex(struct chart_draw *d, const char *hex);
/* Fill a rectangle in the current colour; empty ones draw nothing. */
void chart_rect(struct chart_draw *d, double x, double y, double w,
    double h);
/* A vertical line of width centred on x, from y0 down to y1, filled as
 * a rectangle. */
void chart_vline(struct chart_draw *d, double x, double y0, double y1,
    double width);
/* A horizontal line of width centred on y, from x0 to x1. */
void chart_hline(struct chart_draw *d, double x0, double x1, double y,
    double width);
/* Add a circle to the path as four Bezier curves (no sin/cos); the
 * caller fills. */
void chart_circle_path(struct chart_draw *d, double cx, double cy, double r);
/* Add a rectangle with corners rounded by r to the path; the caller
 * fills. */
void chart_round_rect_path(struct chart_draw *d, double x, double y,
    double w, double h, double r);
/* Fill the path built by the *_path() calls in the current colour. */
void chart_fill(struct chart_draw *d);
/* A straight line of width with round caps; dotted when dotted is set
 * (dots of the line's width, 5 px apart). */
void chart_line(struct chart_draw *d, double x0, double y0, double x1,
    double y1, double width, int dotted);
/* Draw the ctx's current layout (chart_layout()) with its top left
 * corner at (x, y) in the current colour. */
void chart_show_layout(struct chart_draw *d, double x, double y);
/*
 * Draw s at size d->f (measure only with a NULL cr) with its baseline at
 * y, anchored at x by align, cut with an ellipsis to max_w (<= 0: no
 * limit), in the current colour.  NULL or "" draws nothing.  Returns the
 * width drawn.
 */
double chart_text(struct chart_draw *d, const char *s, enum chart_font font,
    double x, double y, enum chart_align align, double max_w);
/* Width of s in a style, without drawing. */
double chart_text_w(struct chart_draw *d, const char *s, enum chart_font font);
/*
 * chart_text.c.  Lay out s at size px, bold or not, within max_w px (not
 * in (0, 1e6): no limit) on at most lines lines, ellipsized at the end.
 * The result (ctx->layout, kept in a cache: never change it) and its extents (ctx->log,
 * ctx->baseline) stay set for the caller to measure or show until the
 * next call.  Returns 1 when the text was ellipsized.
 */
int chart_layout(struct chart_ctx *ctx, const char *s, double size,
    int bold, double max_w, int lines);
/* Drop ctx's layout cache (chart_text.c), before the Pango context. */
void chart_text_free(struct chart_ctx *ctx);

/* chart_draw.c and chart_years.c: one function per kind; each returns the
 * height it used. */
double chart_draw_bars(struct chart_draw *d);
double chart_draw_zones(struct chart_draw *d);
double chart_draw_strip(struct chart_draw *d);
double chart_draw_years(struct chart_draw *d);
double chart_draw_card(struct chart_draw *d);

/* A row of zone swatches with their names from y; returns the new y. */
double chart_legend(struct chart_draw *d, const int *used, double y);

#endif
