/*
 * The chart module's SVG writer (src/chart_svg.c): the back end of the
 * drawing primitives (chart_prim.c) for chart_svg().  Internal: not part
 * of include/chart.h.
 */
#ifndef RAPOR_CHART_SVG_H
#define RAPOR_CHART_SVG_H

#include "buf.h"
#include "chart_spec.h"
#include "chart_text.h"

/* What the writer keeps for a run: every glyph outline it formatted,
 * and the buffers of the last document, reused for the next. */
struct chart_glyphs;

/*
 * An SVG document being written: the drawing primitives write elements
 * to body, glyph definitions to defs as first used.
 */
struct chart_svgw {
	struct chart_glyphs *g;		/* the run's outlines and buffers */
	struct buf body;		/* elements, in drawing order */
	struct buf defs;		/* <path id="gN"> of the glyphs used */
	struct buf path;		/* path data of the shape being built */
	char	 fill[8];		/* current colour, "#rrggbb" */
	double	 alpha;			/* current opacity, 0..1 */
	unsigned nglyph;		/* glyph ids given in this document */
	int	 failed;		/* Cairo gave no outline for a glyph */
	double	 min_font;		/* smallest text size drawn, px; 0:
					   no text yet */
};

/* A new, empty store for a run (aborts when out of memory). */
struct chart_glyphs *chart_glyphs_new(void);
/* Free g and all it holds; NULL is a no-op.  It holds Cairo's scaled
 * fonts: free it before the Pango font map they come from. */
void chart_glyphs_free(struct chart_glyphs *g);

/* Start a document on g's buffers (w is overwritten). */
void chart_svgw_begin(struct chart_svgw *w, struct chart_glyphs *g);
/* Append the whole document, width x height px, to out; with
 * background, a white rect of that size under everything drawn. */
void chart_svgw_end(struct chart_svgw *w, double width, double height,
    int background, struct buf *out);
/* Give w's buffers back to its store, for the next document. */
void chart_svgw_free(struct chart_svgw *w);

/* Append v rounded half-up to two decimals, without trailing zeros or
 * "-0"; a non-finite or absurd v is written as 0. */
void chart_svg_num(struct buf *b, double v);

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
/* A whole circle as a closed subpath of the path, drawn clockwise from
 * its rightmost point as chart_circle_path()'s four curves are, but as
 * two arcs: a third of their bytes, for the charts of a dot a body. */
void chart_svgw_circle(struct chart_svgw *w, double cx, double cy,
    double r);
void chart_svgw_fill(struct chart_svgw *w);
/* A straight line stroked with round caps, dashed by dash[0..ndash). */
void chart_svgw_stroke_line(struct chart_svgw *w, double x0, double y0,
    double x1, double y1, double width, const double *dash, int ndash);
/*
 * The glyphs of l with its top left corner at (x, y), in the current
 * colour; their places are worked out on first use and kept in
 * l->placed.  Returns 0, or -1 (and sets w->failed) when Cairo gives no
 * outline for a glyph.
 */
int chart_svgw_text(struct chart_svgw *w, struct chart_layout *l, double x,
    double y);

#endif
