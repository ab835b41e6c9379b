/*
 * Drawing primitives of the chart module, each onto Cairo (the PNG pass)
 * or into our SVG writer (the SVG pass, chart_svg.c).  Every one is a
 * no-op on the measuring pass except text, which still lays out so
 * widths are known: one code path serves all passes (see struct
 * chart_draw), so the PNG and the SVG show the same picture.
 *
 * Lines are drawn as filled rectangles and circles as Bezier curves with
 * a fixed constant, so that no stroke settings or sin/cos results of the
 * C library enter the output.
 */
#include "chart_draw.h"

#include "chart_svg.h"

/* Control-point distance that makes four cubic Beziers a circle. */
#define KAPPA 0.5522847498307936

void
chart_set_color(struct chart_draw *d, const struct chart_rgb *c, double alpha)
{
	if (d->svg) {
		chart_svgw_color(d->svg, c, alpha);
		return;
	}
	if (d->cr == NULL)
		return;
	if (alpha >= 1)
		cairo_set_source_rgb(d->cr, c->r, c->g, c->b);
	else
		cairo_set_source_rgba(d->cr, c->r, c->g, c->b, alpha);
}

void
chart_set_hex(struct chart_draw *d, const char *hex)
{
	struct chart_rgb c = { 0, 0, 0 };

	if (!chart_drawing(d))
		return;
	if (d->svg) {
		/* The same "#rrggbb" as from the parsed colour, at once. */
		chart_svgw_hex(d->svg, hex);
		return;
	}
	chart_parse_color(hex, &c);	/* checked by chart_check() */
	chart_set_color(d, &c, 1);
}

void
chart_rect(struct chart_draw *d, double x, double y, double w, double h)
{
	if (!(w > 0) || !(h > 0))
		return;
	if (d->svg) {
		chart_svgw_rect(d->svg, x, y, w, h);
		return;
	}
	if (d->cr == NULL)
		return;
	cairo_rectangle(d->cr, x, y, w, h);
	cairo_fill(d->cr);
}

void
chart_vline(struct chart_draw *d, double x, double y0, double y1,
    double width)
{
	chart_rect(d, x - width / 2, y0, width, y1 - y0);
}

void
chart_hline(struct chart_draw *d, double x0, double x1, double y,
    double width)
{
	chart_rect(d, x0, y - width / 2, x1 - x0, width);
}

/* Path building on whichever pass draws. */
static void
move_to(struct chart_draw *d, double x, double y)
{
	if (d->svg)
		chart_svgw_move(d->svg, x, y);
	else
		cairo_move_to(d->cr, x, y);
}

static void
line_to(struct chart_draw *d, double x, double y)
{
	if (d->svg)
		chart_svgw_line(d->svg, x, y);
	else
		cairo_line_to(d->cr, x, y);
}

static void
curve_to(struct chart_draw *d, double x1, double y1, double x2, double y2,
    double x3, double y3)
{
	if (d->svg)
		chart_svgw_curve(d->svg, x1, y1, x2, y2, x3, y3);
	else
		cairo_curve_to(d->cr, x1, y1, x2, y2, x3, y3);
}

static void
close_path(struct chart_draw *d)
{
	if (d->svg)
		chart_svgw_close(d->svg);
	else
		cairo_close_path(d->cr);
}

void
chart_circle_path(struct chart_draw *d, double cx, double cy, double r)
{
	double k = KAPPA * r;

	if (!chart_drawing(d))
		return;
	if (d->svg) {
		chart_svgw_circle(d->svg, cx, cy, r);
		return;
	}
	move_to(d, cx + r, cy);
	curve_to(d, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
	curve_to(d, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
	curve_to(d, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
	curve_to(d, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
	close_path(d);
}

void
chart_round_rect_path(struct chart_draw *d, double x, double y, double w,
    double h, double r)
{
	double k;

	if (!chart_drawing(d))
		return;
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	k = KAPPA * r;
	move_to(d, x + r, y);
	line_to(d, x + w - r, y);
	curve_to(d, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
	line_to(d, x + w, y + h - r);
	curve_to(d, x + w, y + h - r + k, x + w - r + k, y + h, x + w - r,
	    y + h);
	line_to(d, x + r, y + h);
	curve_to(d, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
	line_to(d, x, y + r);
	curve_to(d, x, y + r - k, x + r - k, y, x + r, y);
	close_path(d);
}

void
chart_fill(struct chart_draw *d)
{
	if (d->svg)
		chart_svgw_fill(d->svg);
	else if (d->cr)
		cairo_fill(d->cr);
}

void
chart_line(struct chart_draw *d, double x0, double y0, double x1, double y1,
    double width, int dotted)
{
	/* A dash of almost nothing with round caps is a dot. */
	static const double dots[] = { 0.1, 5 };

	if (d->svg) {
		chart_svgw_stroke_line(d->svg, x0, y0, x1, y1, width, dots,
		    dotted ? 2 : 0);
		return;
	}
	if (d->cr == NULL)
		return;
	cairo_save(d->cr);
	cairo_set_line_cap(d->cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_width(d->cr, width);
	cairo_set_dash(d->cr, dots, dotted ? 2 : 0, 0);
	cairo_move_to(d->cr, x0, y0);
	cairo_line_to(d->cr, x1, y1);
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
}

void
chart_show_layout(struct chart_draw *d, struct chart_layout *l, double x,
    double y)
{
	if (d->svg) {
		/* A failure is recorded in d->svg, and reported at its end. */
		chart_svgw_text(d->svg, l, x, y);
		if (d->svg->min_font == 0 || d->f < d->svg->min_font)
			d->svg->min_font = d->f;
		return;
	}
	if (d->cr == NULL)
		return;
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, chart_layout_pango(d->text, l));
}

double
chart_text(struct chart_draw *d, const char *s, enum chart_font font,
    double x, double y, enum chart_align align, double max_w)
{
	struct chart_layout *l;
	double w, left, base;

	if (s == NULL || *s == '\0')
		return 0;
	l = chart_layout(d->text, s, d->f, font == FONT_BOLD, max_w, 1);
	w = (double)l->log.width / PANGO_SCALE;
	if (!chart_drawing(d))
		return w;
	base = (double)l->baseline / PANGO_SCALE;
	left = align == ALIGN_LEFT ? x : align == ALIGN_CENTRE ? x - w / 2 :
	    x - w;
	chart_show_layout(d, l, left - (double)l->log.x / PANGO_SCALE,
	    y - base);
	return w;
}

double
chart_text_w(struct chart_draw *d, const char *s, enum chart_font font)
{
	struct chart_draw m = *d;	/* a measuring pass of d */

	m.cr = NULL;
	m.svg = NULL;
	return chart_text(&m, s, font, 0, 0, ALIGN_LEFT, 0);
}
