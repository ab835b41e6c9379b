/*
 * Drawing primitives of the chart module.  Every one is a no-op on the
 * measuring pass (cr NULL) except text, which still lays out so widths
 * are known: one code path serves both passes (see struct chart_draw).
 *
 * Lines are drawn as filled rectangles and circles as Bezier curves with
 * a fixed constant, so that no stroke settings or sin/cos results of the
 * C library enter the output.
 */
#include "chart.h"
#include "chart_impl.h"


/* Control-point distance that makes four cubic Beziers a circle. */
#define KAPPA 0.5522847498307936

void
chart_set_color(struct chart_draw *d, const struct chart_rgb *c, double alpha)
{
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

	if (d->cr == NULL)
		return;
	chart_parse_color(hex, &c);	/* checked by chart_check() */
	chart_set_color(d, &c, 1);
}

void
chart_rect(struct chart_draw *d, double x, double y, double w, double h)
{
	if (d->cr == NULL || !(w > 0) || !(h > 0))
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

void
chart_circle_path(struct chart_draw *d, double cx, double cy, double r)
{
	cairo_t *cr = d->cr;
	double k = KAPPA * r;

	if (cr == NULL)
		return;
	cairo_move_to(cr, cx + r, cy);
	cairo_curve_to(cr, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
	cairo_curve_to(cr, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
	cairo_curve_to(cr, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
	cairo_curve_to(cr, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
	cairo_close_path(cr);
}

void
chart_round_rect_path(struct chart_draw *d, double x, double y, double w,
    double h, double r)
{
	cairo_t *cr = d->cr;
	double k;

	if (cr == NULL)
		return;
	if (r > w / 2)
		r = w / 2;
	if (r > h / 2)
		r = h / 2;
	k = KAPPA * r;
	cairo_move_to(cr, x + r, y);
	cairo_line_to(cr, x + w - r, y);
	cairo_curve_to(cr, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
	cairo_line_to(cr, x + w, y + h - r);
	cairo_curve_to(cr, x + w, y + h - r + k, x + w - r + k, y + h,
	    x + w - r, y + h);
	cairo_line_to(cr, x + r, y + h);
	cairo_curve_to(cr, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
	cairo_line_to(cr, x, y + r);
	cairo_curve_to(cr, x, y + r - k, x + r - k, y, x + r, y);
	cairo_close_path(cr);
}

double
chart_text(struct chart_draw *d, const char *s, enum chart_font font,
    double x, double y, enum chart_align align, double max_w)
{
	PangoLayout *l;
	PangoRectangle log;
	double w, left, base;

	if (s == NULL || *s == '\0')
		return 0;
	chart_layout(d->ctx, s, d->f, font == FONT_BOLD, max_w, 1);
	l = d->ctx->layout;
	pango_layout_get_extents(l, NULL, &log);
	w = (double)log.width / PANGO_SCALE;
	if (d->cr == NULL)
		return w;
	base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
	left = align == ALIGN_LEFT ? x : align == ALIGN_CENTRE ? x - w / 2 :
	    x - w;
	cairo_move_to(d->cr, left - (double)log.x / PANGO_SCALE, y - base);
	pango_cairo_show_layout(d->cr, l);
	return w;
}

double
chart_text_w(struct chart_draw *d, const char *s, enum chart_font font)
{
	cairo_t *cr = d->cr;
	double w;

	d->cr = NULL;
	w = chart_text(d, s, font, 0, 0, ALIGN_LEFT, 0);
	d->cr = cr;
	return w;
}
