/*
 * The chart module's drawing: one pass of drawing code (struct
 * chart_draw), its primitives (chart_prim.c) onto Cairo or into the SVG
 * writer, and the drawing of each chart kind (chart_draw.c,
 * chart_years.c, chart_card.c).  Internal: not part of include/chart.h.
 */
#ifndef RAPOR_CHART_DRAW_H
#define RAPOR_CHART_DRAW_H

#include <cairo.h>

#include "chart.h"
#include "chart_spec.h"
#include "chart_text.h"

struct chart_svgw;

/*
 * One drawing pass.  Every chart is drawn by the same code in each pass:
 * with cr and svg NULL it only measures and yields the height; then onto
 * a Cairo surface of that height (PNG), or into the SVG writer, which
 * needs no measuring pass: so the layout cannot drift between them.
 */
struct chart_draw {
	struct chart_text *text;	/* fonts and laid-out strings */
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

/*
 * Text styles.  One size for all text of a chart: a second, smaller size
 * would be illegible once a chart shrinks to a phone, and would double
 * the glyph outlines every SVG embeds.  Hierarchy comes from weight and
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

/* ---- Primitives (chart_prim.c): onto d->cr or into d->svg; all do
 * nothing in the measuring pass, but text still measures. ---- */

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
/* Draw l (from chart_layout()) with its top left corner at (x, y) in
 * the current colour. */
void chart_show_layout(struct chart_draw *d, struct chart_layout *l,
    double x, double y);
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

/* ---- The kinds: each draws d's spec and returns the height it used
 * (the card: its fixed height). ---- */

/* chart_draw.c: CHART_BARS and CHART_ASPECTS, CHART_ZONES, CHART_STRIP. */
double chart_draw_bars(struct chart_draw *d);
double chart_draw_zones(struct chart_draw *d);
double chart_draw_strip(struct chart_draw *d);
/* chart_years.c */
double chart_draw_years(struct chart_draw *d);
/* chart_card.c */
double chart_draw_card(struct chart_draw *d);

/* A row of swatches with the names of the zones marked in used, from y
 * (chart_draw.c); returns the y below it. */
double chart_legend(struct chart_draw *d, const int *used, double y);

#endif
