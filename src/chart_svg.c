/*
 * The SVG writer of the chart module.
 *
 * Cairo's SVG surface used to write our SVGs, at a high cost: it formats
 * every coordinate of every glyph outline with printf for each document,
 * and its ids had to be renumbered and its six-decimal numbers rounded
 * in a second pass.  The charts need little of SVG (filled rectangles
 * and Bezier paths, one stroked line style, glyphs), so the drawing
 * primitives (chart_prim.c) write it directly:
 *
 *  - Text is Pango's layout, glyph by glyph.  Each glyph's outline comes
 *    from Cairo (cairo_glyph_path() of the very scaled font the PNG is
 *    drawn with), is formatted once per run and kept, and is placed with
 *    <use>, as Cairo's surface did: the picture needs no font.
 *  - Ids are numbered per document by first use, so a chart's bytes do
 *    not depend on what was drawn before it in the process.
 *  - Numbers have at most two decimals (finer than any screen shows),
 *    rounded from the double by integer arithmetic: no printf, no
 *    locale.
 */
#include "chart_svg.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>

#include "buf.h"
#include "xalloc.h"

/* One glyph's outline, formatted once per run. */
struct glyph_entry {
	cairo_scaled_font_t *font;	/* referenced */
	unsigned long index;		/* glyph index in font */
	char	*d;			/* path data at the origin ("" none) */
	size_t	 dlen;			/* its length */
	unsigned stamp;			/* document that last used it */
	unsigned id;			/* its id in that document */
};

/* Open-addressed table of glyph_entry.  Entries are
 * allocated one by one, so that pointers to them (kept with each laid-out
 * string, see struct placed) survive the table's growth. */
struct chart_glyphs {
	struct glyph_entry **slot;	/* cap pointers, NULL: free */
	size_t	 cap;			/* a power of two */
	size_t	 n;			/* entries in use */
	cairo_surface_t *surface;	/* 1x1 scratch for glyph paths */
	cairo_t	*cr;			/* context on surface */
	unsigned stamp;			/* number of the current document */
	/* A document's buffers, kept between documents: growing them
	 * afresh for every chart was a measurable part of an SVG's cost. */
	struct buf body, defs, path;
};

/* The hundredths of a pixel nearest v. */
static long long
hundredths(double v)
{
	return (long long)floor(v * 100 + 0.5);
}

/*
 * A coordinate of a glyph's outline: v to the tenth of a pixel, in
 * hundredths.  Outlines are two thirds of an SVG's bytes, and tenths
 * make them a quarter shorter; at the sizes charts draw text, an error
 * of a twentieth of a pixel at most (0.15 of a 3x screen's pixel) does
 * not show.
 */
static long long
glyph_unit(double v)
{
	return 10 * (long long)floor(v * 10 + 0.5);
}

/*
 * Append h hundredths without trailing zeros or "-0".  compact: in the
 * shortest form path data reads, without a leading zero (".5"), and with
 * a space before the number when sep is set (a number precedes) unless a
 * minus sign separates it by itself.
 */
static void
put_hundredths(struct buf *b, long long h, int compact, int sep)
{
	char tmp[32], *p = tmp + sizeof tmp;
	long long n = h < 0 ? -h : h;
	int frac = (int)(n % 100);

	n /= 100;
	if (frac != 0) {
		if (frac % 10 != 0)
			*--p = (char)('0' + frac % 10);
		*--p = (char)('0' + frac / 10);
		*--p = '.';
	}
	if (n > 0 || frac == 0 || !compact) {
		do {
			*--p = (char)('0' + n % 10);
			n /= 10;
		} while (n > 0);
	}
	if (h < 0)
		*--p = '-';
	else if (sep)
		*--p = ' ';
	buf_put(b, p, (size_t)(tmp + sizeof tmp - p));
}

void
chart_svg_num(struct buf *b, double v)
{
	/* Coordinates are bounded by the chart's size; anything else is a
	 * bug upstream, and must not become "nan" in a file. */
	if (!(v > -1e12 && v < 1e12))
		v = 0;
	put_hundredths(b, hundredths(v), 0, 0);
}

/* Write v in decimal at o (room for 10 digits); returns the end. */
static char *
uint_at(char *o, unsigned v)
{
	char tmp[16], *p = tmp + sizeof tmp;
	size_t n;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	n = (size_t)(tmp + sizeof tmp - p);
	memcpy(o, p, n);
	return o + n;
}

static void
put_uint(struct buf *b, unsigned v)
{
	char *o = buf_room(b, 10);

	buf_commit(b, (size_t)(uint_at(o, v) - o));
}

/* " name=\"v\"" */
static void
attr_num(struct buf *b, const char *name, double v)
{
	buf_puts(b, name);
	chart_svg_num(b, v);
	buf_putc(b, '"');
}

static void
hex_color(char out[8], const struct chart_rgb *c)
{
	static const char digits[] = "0123456789abcdef";
	double ch[3] = { c->r, c->g, c->b };
	int i, v;

	out[0] = '#';
	for (i = 0; i < 3; i++) {
		v = (int)floor(chart_clamp(ch[i], 0, 1) * 255 + 0.5);
		out[1 + 2 * i] = digits[v >> 4];
		out[2 + 2 * i] = digits[v & 15];
	}
	out[7] = '\0';
}

/* ---- Documents ---- */

/* Move *from to *to (freeing what *to held) and empty *from. */
static void
buf_move(struct buf *to, struct buf *from)
{
	buf_free(to);
	*to = *from;
	memset(from, 0, sizeof *from);
}

/* A document's buffers from the context (to_doc, emptied) or back. */
static void
buffers_move(struct chart_svgw *w, struct chart_glyphs *g, int to_doc)
{
	struct buf *doc[3] = { &w->body, &w->defs, &w->path };
	struct buf *kept[3] = { &g->body, &g->defs, &g->path };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (to_doc) {
			buf_move(doc[i], kept[i]);
			buf_reset(doc[i]);
		} else
			buf_move(kept[i], doc[i]);
	}
}

void
chart_svgw_begin(struct chart_svgw *w, struct chart_glyphs *g)
{
	memset(w, 0, sizeof *w);
	w->g = g;
	/* A new stamp makes every cached glyph unused in this document. */
	g->stamp++;
	buffers_move(w, g, 1);
	memcpy(w->fill, "#000000", 8);
	w->alpha = 1;
}

void
chart_svgw_end(struct chart_svgw *w, double width, double height,
    int background, struct buf *out)
{
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
	buf_puts(out, " width=\"");
	chart_svg_num(out, width);
	buf_puts(out, "px\" height=\"");
	chart_svg_num(out, height);
	buf_puts(out, "px\" viewBox=\"0 0 ");
	chart_svg_num(out, width);
	buf_putc(out, ' ');
	chart_svg_num(out, height);
	buf_puts(out, "\" version=\"1.1\"");
	/* The smallest text, so that a test can tell the size it renders
	 * at from the size the picture is shown at (the glyphs are
	 * outlines: no font-size anywhere else). */
	if (w->min_font > 0)
		attr_num(out, " data-font-px=\"", w->min_font);
	buf_puts(out, ">\n");
	if (w->defs.len) {
		buf_puts(out, "<defs>\n");
		buf_put(out, w->defs.data, w->defs.len);
		buf_puts(out, "</defs>\n");
	}
	if (background) {
		/* As chart_svgw_rect() writes it, under everything drawn. */
		buf_puts(out, "<rect x=\"0\" y=\"0\"");
		attr_num(out, " width=\"", width);
		attr_num(out, " height=\"", height);
		buf_puts(out, " fill=\"#ffffff\"/>\n");
	}
	if (w->body.len)
		buf_put(out, w->body.data, w->body.len);
	buf_puts(out, "</svg>\n");
}

void
chart_svgw_free(struct chart_svgw *w)
{
	/* Back to the context for the next document. */
	buffers_move(w, w->g, 0);
}

struct chart_glyphs *
chart_glyphs_new(void)
{
	return xcalloc(1, sizeof(struct chart_glyphs));
}

void
chart_glyphs_free(struct chart_glyphs *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->cap; i++)
		if (g->slot[i] != NULL) {
			cairo_scaled_font_destroy(g->slot[i]->font);
			free(g->slot[i]->d);
			free(g->slot[i]);
		}
	free(g->slot);
	buf_free(&g->body);
	buf_free(&g->defs);
	buf_free(&g->path);
	if (g->cr)
		cairo_destroy(g->cr);
	if (g->surface)
		cairo_surface_destroy(g->surface);
	free(g);
}

/* ---- Shapes ---- */

void
chart_svgw_color(struct chart_svgw *w, const struct chart_rgb *c,
    double alpha)
{
	hex_color(w->fill, c);
	w->alpha = chart_clamp(alpha, 0, 1);
}

void
chart_svgw_hex(struct chart_svgw *w, const char *hex)
{
	static const char digits[] = "0123456789abcdef";
	struct chart_rgb c = { 0, 0, 0 };
	int i, v;

	w->alpha = 1;
	if (hex != NULL && hex[0] == '#' && strlen(hex) == 7) {
		for (i = 1; i < 7; i++) {
			v = hex[i] >= '0' && hex[i] <= '9' ? hex[i] - '0' :
			    hex[i] >= 'a' && hex[i] <= 'f' ? hex[i] - 'a' + 10 :
			    hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] - 'A' + 10 :
			    -1;
			if (v < 0)
				break;
			w->fill[i] = digits[v];
		}
		if (i == 7) {
			w->fill[0] = '#';
			w->fill[7] = '\0';
			return;
		}
	}
	hex_color(w->fill, &c);		/* as chart_parse_color() fails */
}

/* fill="#rrggbb" and the opacity when not opaque. */
static void
fill_attrs(struct chart_svgw *w, struct buf *b)
{
	buf_puts(b, " fill=\"");
	buf_puts(b, w->fill);
	buf_putc(b, '"');
	if (w->alpha < 1)
		attr_num(b, " fill-opacity=\"", w->alpha);
}

void
chart_svgw_rect(struct chart_svgw *w, double x, double y, double width,
    double height)
{
	struct buf *b = &w->body;

	buf_puts(b, "<rect");
	attr_num(b, " x=\"", x);
	attr_num(b, " y=\"", y);
	attr_num(b, " width=\"", width);
	attr_num(b, " height=\"", height);
	fill_attrs(w, b);
	buf_puts(b, "/>\n");
}

/* cmd then n points of pts, as path data, into b. */
static void
path_op(struct buf *b, char cmd, const double *pts, int n)
{
	int i;

	buf_putc(b, cmd);
	for (i = 0; i < 2 * n; i++) {
		if (i > 0)
			buf_putc(b, ' ');
		chart_svg_num(b, pts[i]);
	}
}

void
chart_svgw_move(struct chart_svgw *w, double x, double y)
{
	double p[2] = { x, y };

	path_op(&w->path, 'M', p, 1);
}

void
chart_svgw_line(struct chart_svgw *w, double x, double y)
{
	double p[2] = { x, y };

	path_op(&w->path, 'L', p, 1);
}

void
chart_svgw_curve(struct chart_svgw *w, double x1, double y1, double x2,
    double y2, double x3, double y3)
{
	double p[6] = { x1, y1, x2, y2, x3, y3 };

	path_op(&w->path, 'C', p, 3);
}

void
chart_svgw_close(struct chart_svgw *w)
{
	buf_putc(&w->path, 'Z');
}

void
chart_svgw_circle(struct chart_svgw *w, double cx, double cy, double r)
{
	struct buf *b = &w->path;
	double p[2] = { cx + r, cy };
	int i;

	path_op(b, 'M', p, 1);
	for (i = 0; i < 2; i++) {
		/* Half a circle: radii, no rotation, large arc, clockwise,
		 * to the point 2r to the left (then back to the right). */
		buf_putc(b, 'a');
		chart_svg_num(b, r);
		buf_putc(b, ' ');
		chart_svg_num(b, r);
		buf_puts(b, " 0 1 1 ");
		chart_svg_num(b, i == 0 ? -2 * r : 2 * r);
		buf_puts(b, " 0");
	}
	buf_putc(b, 'Z');
}

void
chart_svgw_fill(struct chart_svgw *w)
{
	struct buf *b = &w->body;

	if (w->path.len == 0)
		return;
	buf_puts(b, "<path");
	fill_attrs(w, b);
	buf_puts(b, " d=\"");
	buf_put(b, w->path.data, w->path.len);
	buf_puts(b, "\"/>\n");
	buf_reset(&w->path);
}

void
chart_svgw_stroke_line(struct chart_svgw *w, double x0, double y0,
    double x1, double y1, double width, const double *dash, int ndash)
{
	struct buf *b = &w->body;
	int i;

	buf_puts(b, "<path fill=\"none\" stroke=\"");
	buf_puts(b, w->fill);
	buf_putc(b, '"');
	if (w->alpha < 1)
		attr_num(b, " stroke-opacity=\"", w->alpha);
	attr_num(b, " stroke-width=\"", width);
	buf_puts(b, " stroke-linecap=\"round\"");
	if (ndash > 0) {
		buf_puts(b, " stroke-dasharray=\"");
		for (i = 0; i < ndash; i++) {
			if (i > 0)
				buf_putc(b, ' ');
			chart_svg_num(b, dash[i]);
		}
		buf_putc(b, '"');
	}
	buf_puts(b, " d=\"");
	path_op(b, 'M', (const double[]){ x0, y0 }, 1);
	path_op(b, 'L', (const double[]){ x1, y1 }, 1);
	buf_puts(b, "\"/>\n");
}

/* ---- Glyphs ---- */

static size_t
glyph_hash(const cairo_scaled_font_t *font, unsigned long index)
{
	uint64_t h = (uint64_t)(uintptr_t)font * 0x9e3779b97f4a7c15ULL;

	h ^= (uint64_t)index * 0xc2b2ae3d27d4eb4fULL;
	return (size_t)(h ^ h >> 29);
}

static void
glyphs_grow(struct chart_glyphs *g)
{
	struct glyph_entry **old = g->slot;
	size_t oldcap = g->cap, i, j;

	g->cap = oldcap ? oldcap * 2 : 256;
	g->slot = xcalloc(g->cap, sizeof *g->slot);
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		for (j = glyph_hash(old[i]->font, old[i]->index) &
		    (g->cap - 1); g->slot[j] != NULL; j = (j + 1) & (g->cap - 1))
			;
		g->slot[j] = old[i];
	}
	free(old);
}

/* Append the point (x, y) of an outline relative to (*px, *py), in
 * hundredths, which it becomes; sep: a number precedes. */
static void
rel_point(struct buf *b, const cairo_path_data_t *pt, long long *px,
    long long *py, int sep)
{
	long long ix = glyph_unit(pt->point.x), iy = glyph_unit(pt->point.y);

	put_hundredths(b, ix - *px, 1, sep);
	put_hundredths(b, iy - *py, 1, 1);
	*px = ix;
	*py = iy;
}

/*
 * Whether the cubic curve from (x0, y0) through the control points and
 * to the end point of e is a quadratic one raised (as Cairo hands over
 * TrueType's quadratic outlines): its control point, in hundredths, to
 * *qx, *qy.  The two control points then each give the quadratic's,
 * which must agree to the hundredth (Cairo keeps points to 1/256 px).
 */
static int
quad_of(double x0, double y0, const cairo_path_data_t *e, long long *qx,
    long long *qy)
{
	double ax = x0 + 1.5 * (e[1].point.x - x0);
	double ay = y0 + 1.5 * (e[1].point.y - y0);
	double bx = e[3].point.x + 1.5 * (e[2].point.x - e[3].point.x);
	double by = e[3].point.y + 1.5 * (e[2].point.y - e[3].point.y);

	if (fabs(ax - bx) > 0.01 || fabs(ay - by) > 0.01)
		return 0;
	*qx = glyph_unit((ax + bx) / 2);
	*qy = glyph_unit((ay + by) / 2);
	return 1;
}

/*
 * The outline of glyph index of font as path data at the origin; NULL
 * when Cairo fails.  Relative commands: a glyph's numbers are small, and
 * each is the difference of two rounded positions, so no error adds up
 * along the outline.
 */
static char *
glyph_outline(struct chart_glyphs *g, cairo_scaled_font_t *font,
    unsigned long index)
{
	struct buf b = BUF_INIT;
	cairo_glyph_t gl = { index, 0, 0 };
	cairo_path_t *p;
	/* The current point as written (hundredths) and as it is. */
	long long px = 0, py = 0, sx = 0, sy = 0;
	double fx = 0, fy = 0, fsx = 0, fsy = 0;
	/* The last quadratic's control point, as a reader works it out. */
	long long lqx = 0, lqy = 0, qx, qy;
	int i, k, quad = 0;

	if (g->cr == NULL) {
		g->surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
		g->cr = cairo_create(g->surface);
	}
	cairo_new_path(g->cr);
	cairo_set_scaled_font(g->cr, font);
	cairo_glyph_path(g->cr, &gl, 1);
	p = cairo_copy_path(g->cr);
	cairo_new_path(g->cr);
	if (p == NULL || p->status != CAIRO_STATUS_SUCCESS ||
	    cairo_status(g->cr) != CAIRO_STATUS_SUCCESS) {
		if (p)
			cairo_path_destroy(p);
		return NULL;
	}
	for (i = 0; i < p->num_data; i += p->data[i].header.length) {
		const cairo_path_data_t *e = &p->data[i];
		long long cx, cy;
		int was_quad = quad;

		quad = 0;
		switch (e->header.type) {
		case CAIRO_PATH_MOVE_TO:
			/* Cairo ends a closed path with a move back to
			 * its start: nothing to draw. */
			if (i + e->header.length >= p->num_data)
				break;
			buf_putc(&b, 'm');
			rel_point(&b, &e[1], &px, &py, 0);
			sx = px;
			sy = py;
			fx = fsx = e[1].point.x;
			fy = fsy = e[1].point.y;
			break;
		case CAIRO_PATH_LINE_TO:
			/* Most of a glyph's lines are straight across or
			 * down: h and v take one number. */
			cx = glyph_unit(e[1].point.x);
			cy = glyph_unit(e[1].point.y);
			if (cy == py) {
				buf_putc(&b, 'h');
				put_hundredths(&b, cx - px, 1, 0);
				px = cx;
			} else if (cx == px) {
				buf_putc(&b, 'v');
				put_hundredths(&b, cy - py, 1, 0);
				py = cy;
			} else {
				buf_putc(&b, 'l');
				rel_point(&b, &e[1], &px, &py, 0);
			}
			fx = e[1].point.x;
			fy = e[1].point.y;
			break;
		case CAIRO_PATH_CURVE_TO:
			if (quad_of(fx, fy, e, &qx, &qy)) {
				/*
				 * Said as a quadratic (q: a third shorter),
				 * or with no control point at all (t)
				 * where it is the reflection of the last
				 * one to the tenth of a pixel (the
				 * outline's precision), as TrueType's runs
				 * of off-curve points give.
				 */
				if (was_quad && llabs(2 * px - lqx - qx) <= 10 &&
				    llabs(2 * py - lqy - qy) <= 10) {
					buf_putc(&b, 't');
					lqx = 2 * px - lqx;
					lqy = 2 * py - lqy;
					rel_point(&b, &e[3], &px, &py, 0);
				} else {
					buf_putc(&b, 'q');
					put_hundredths(&b, qx - px, 1, 0);
					put_hundredths(&b, qy - py, 1, 1);
					lqx = qx;
					lqy = qy;
					rel_point(&b, &e[3], &px, &py, 1);
				}
				quad = 1;
			} else {
				/* All three points are relative to the
				 * curve's start. */
				buf_putc(&b, 'c');
				for (k = 0; k < 3; k++) {
					cx = px;
					cy = py;
					rel_point(&b, &e[1 + k], &cx, &cy,
					    k > 0);
				}
				px = cx;
				py = cy;
			}
			fx = e[3].point.x;
			fy = e[3].point.y;
			break;
		case CAIRO_PATH_CLOSE_PATH:
			/* Closing goes back to the subpath's start. */
			buf_putc(&b, 'z');
			px = sx;
			py = sy;
			fx = fsx;
			fy = fsy;
			break;
		}
	}
	cairo_path_destroy(p);
	return b.data ? buf_detach(&b) : xstrdup("");
}

/* The cache entry of a glyph, made on first use; NULL when Cairo cannot
 * give its outline. */
static struct glyph_entry *
glyph_of(struct chart_glyphs *g, cairo_scaled_font_t *font,
    unsigned long index)
{
	struct glyph_entry *e;
	size_t i;
	char *d;

	if (g->cap == 0 || (g->n + 1) * 2 > g->cap)
		glyphs_grow(g);
	for (i = glyph_hash(font, index) & (g->cap - 1); g->slot[i] != NULL;
	    i = (i + 1) & (g->cap - 1))
		if (g->slot[i]->font == font && g->slot[i]->index == index)
			return g->slot[i];
	if ((d = glyph_outline(g, font, index)) == NULL)
		return NULL;
	e = xcalloc(1, sizeof *e);
	/* The reference keeps the font's address from being reused by
	 * another font while the entry exists. */
	e->font = cairo_scaled_font_reference(font);
	e->index = index;
	e->d = d;
	e->dlen = strlen(d);
	g->slot[i] = e;
	g->n++;
	return e;
}

/* A glyph of a laid-out string, relative to the layout's corner. */
/* The longest " x=\"...\" y=\"...\"/>\n" a glyph's <use> ends with. */
#define USE_TAIL 64

struct placed {
	struct glyph_entry *e;	/* NULL: a glyph the font lacks */
	double	 x;		/* origin */
	double	 y;		/* baseline */
	double	 adv;		/* advance width */
	double	 size;		/* line height, for a missing glyph's box */
	/* The end of its <use>, after the id: its place in the string's
	 * group (see place_tails()), written once per layout. */
	unsigned char tail_len;
	char	 tail[USE_TAIL];
};

/* The glyphs of a layout, worked out once and kept with the layout
 * (which the layout cache in chart_text.c keeps for the run). */
struct chart_placed {
	int	 failed;	/* Cairo gave no outline for a glyph */
	int	 missing;	/* some glyph is one the font lacks */
	size_t	 n;		/* glyphs in p */
	size_t	 cap;		/* room in p */
	struct placed p[];	/* in drawing order */
};

/*
 * Each glyph's " x=.. y=../>" for its <use>: the string's group is moved
 * to the first glyph's baseline (see chart_svgw_text()), so most
 * glyphs need only their x.
 */
static void
place_tails(struct chart_placed *pl)
{
	struct buf t = BUF_INIT;
	size_t i;
	double y0 = pl->n > 0 ? pl->p[0].y : 0;

	for (i = 0; i < pl->n; i++) {
		struct placed *q = &pl->p[i];

		buf_reset(&t);
		if (q->x != 0)
			attr_num(&t, " x=\"", q->x);
		if (q->y != y0)
			attr_num(&t, " y=\"", q->y - y0);
		buf_puts(&t, "/>\n");
		/* Two numbers below 1e12 in hundredths fit. */
		q->tail_len = (unsigned char)(t.len < USE_TAIL ? t.len : 0);
		memcpy(q->tail, t.data, q->tail_len);
	}
	buf_free(&t);
}

static struct chart_placed *
placed_new(void)
{
	struct chart_placed *pl = xmalloc(sizeof *pl + 16 * sizeof pl->p[0]);

	pl->failed = 0;
	pl->missing = 0;
	pl->n = 0;
	pl->cap = 16;
	return pl;
}

/*
 * Add the glyphs of gs in font, the first with its origin xo (Pango
 * units) from the string's left on baseline base (px), line height size
 * (px).  Returns the list (moved when it grew).
 */
static struct chart_placed *
place_run(struct chart_glyphs *g, struct chart_placed *pl, PangoFont *pf,
    const PangoGlyphString *gs, int xo, double base, double size)
{
	cairo_scaled_font_t *font = pango_cairo_font_get_scaled_font(
	    (PangoCairoFont *)pf);
	int i;

	if (font == NULL) {
		pl->failed = 1;
		return pl;
	}
	for (i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &gs->glyphs[i];
		struct placed *q;
		struct glyph_entry *e = NULL;

		xo += gi->geometry.width;
		if (gi->glyph == PANGO_GLYPH_EMPTY)
			continue;
		if (!(gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
			if ((e = glyph_of(g, font, gi->glyph)) == NULL) {
				pl->failed = 1;
				return pl;
			}
			if (e->d[0] == '\0')
				continue;	/* a space */
		}
		if (pl->n == pl->cap) {
			pl->cap *= 2;
			pl = xreallocarray(pl, 1, sizeof *pl +
			    pl->cap * sizeof pl->p[0]);
		}
		q = &pl->p[pl->n++];
		q->e = e;
		q->x = (double)(xo - gi->geometry.width +
		    gi->geometry.x_offset) / PANGO_SCALE;
		q->y = base + (double)gi->geometry.y_offset / PANGO_SCALE;
		q->adv = (double)gi->geometry.width / PANGO_SCALE;
		q->size = size;
		if (e == NULL)
			pl->missing = 1;
	}
	return pl;
}

static struct chart_placed *
place_glyphs(struct chart_glyphs *g, PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	struct chart_placed *pl = placed_new();

	do {
		PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
		PangoRectangle log;

		if (run == NULL)
			continue;
		pango_layout_iter_get_run_extents(it, NULL, &log);
		pl = place_run(g, pl, run->item->analysis.font, run->glyphs,
		    log.x, (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE, (double)log.height / PANGO_SCALE);
	} while (!pl->failed && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	place_tails(pl);
	/* Kept in the layout cache: no room left over from growing. */
	pl = xreallocarray(pl, 1, sizeof *pl + pl->n * sizeof pl->p[0]);
	pl->cap = pl->n;
	return pl;
}

/* A box the size of a glyph the font lacks, as Pango draws one; (x, y)
 * is its origin on the baseline. */
static void
missing_glyph(struct chart_svgw *w, double x, double y, double adv,
    double size)
{
	struct buf *b = &w->body;

	buf_puts(b, "<rect fill=\"none\" stroke=\"");
	buf_puts(b, w->fill);
	buf_putc(b, '"');
	attr_num(b, " x=\"", x + adv * 0.1);
	attr_num(b, " y=\"", y - size * 0.7);
	attr_num(b, " width=\"", adv * 0.8);
	attr_num(b, " height=\"", size * 0.7);
	buf_puts(b, "/>\n");
}

int
chart_svgw_text(struct chart_svgw *w, struct chart_layout *l, double x,
    double y)
{
	static const char use[] = "<use xlink:href=\"#g";
	struct chart_glyphs *g = w->g;
	struct buf *b = &w->body;
	struct chart_placed *pl;
	size_t i;
	double y0;
	char *o, *start;

	/* Kept with the laid-out string in the layout cache. */
	if (l->placed == NULL) {
		l->placed = place_glyphs(g, l->pango);
		chart_layout_release(l);
	}
	pl = l->placed;
	if (pl->failed) {
		w->failed = 1;
		return -1;
	}
	if (pl->n == 0)
		return 0;
	/* The string's group moves to its first baseline. */
	y0 = pl->p[0].y;
	buf_puts(b, "<g");
	fill_attrs(w, b);
	buf_puts(b, " transform=\"translate(");
	chart_svg_num(b, x);
	buf_putc(b, ' ');
	chart_svg_num(b, y + y0);
	buf_puts(b, ")\">\n");
	/* Outlines first used in this document go into its <defs>. */
	for (i = 0; i < pl->n; i++) {
		struct glyph_entry *e = pl->p[i].e;

		if (e == NULL || e->stamp == g->stamp)
			continue;
		e->stamp = g->stamp;
		e->id = w->nglyph++;
		buf_puts(&w->defs, "<path id=\"g");
		put_uint(&w->defs, e->id);
		buf_puts(&w->defs, "\" d=\"");
		buf_put(&w->defs, e->d, e->dlen);
		buf_puts(&w->defs, "\"/>\n");
	}
	if (pl->missing) {
		for (i = 0; i < pl->n; i++) {
			const struct placed *q = &pl->p[i];

			if (q->e == NULL) {
				missing_glyph(w, q->x, q->y - y0, q->adv,
				    q->size);
				continue;
			}
			buf_puts(b, use);
			put_uint(b, q->e->id);
			buf_putc(b, '"');
			buf_put(b, q->tail, q->tail_len);
		}
	} else {
		/* The common case, a string a glyph at a time: room checked
		 * once, each <use> written straight in. */
		o = start = buf_room(b, pl->n * (sizeof use + 12 + USE_TAIL));
		for (i = 0; i < pl->n; i++) {
			const struct placed *q = &pl->p[i];

			memcpy(o, use, sizeof use - 1);
			o = uint_at(o + sizeof use - 1, q->e->id);
			*o++ = '"';
			memcpy(o, q->tail, q->tail_len);
			o += q->tail_len;
		}
		buf_commit(b, (size_t)(o - start));
	}
	buf_puts(b, "</g>\n");
	return 0;
}
