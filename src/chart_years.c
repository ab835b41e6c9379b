/*
 * The charts that are not rows of bars: a body's (or unit's) result
 * across the years, and the share card.
 *
 * Across the years each year is a column whose background shows that
 * year's categories as pale bands in their zone colours, so a change of
 * scheme shows as bands that shift; the caller's scheme_break flag adds
 * a dashed rule and the words "new scheme", and the line crosses the
 * change dotted, not solid, since the scores are not quite alike.  A
 * year without a score is a gap in the line with the words "no score"
 * under it, never a zero.
 */
#include "chart.h"
#include "chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define GRID "#c4c4c4"
/* Opacity of a zone colour in the background bands: pale enough that
 * CHART_INK2 text keeps AA contrast on them. */
#define BAND_TINT 0.2

/* The plot: years onto columns, values onto y. */
struct yscale {
	double	 px0;	/* left edge of the first column */
	double	 colw;	/* width of a column */
	double	 py0;	/* y of hi */
	double	 py1;	/* y of lo */
	double	 lo;	/* lowest value */
	double	 hi;	/* highest value */
	int	 year0;	/* year of the first column */
};

static double
ymap(const struct yscale *ys, double v)
{
	v = chart_clamp(v, ys->lo, ys->hi);
	return ys->py1 - (v - ys->lo) / (ys->hi - ys->lo) * (ys->py1 - ys->py0);
}

static double
col_x(const struct yscale *ys, int year)
{
	return ys->px0 + (double)(year - ys->year0) * ys->colw;
}

/* A vertical dashed rule of 1 px, drawn as rectangles. */
static void
dashed_vline(struct chart_draw *d, double x, double y0, double y1)
{
	double y;

	for (y = y0; y < y1; y += 7)
		chart_vline(d, x, y, y + 4 < y1 ? y + 4 : y1, 1);
}

/* Whether two years have the same categories (so their bands join). */
static int
same_scheme(const struct chart_point *a, const struct chart_point *b)
{
	struct chart_threshold *ta, *tb;
	size_t i;
	int same = 1;

	if (a->nthresholds != b->nthresholds)
		return 0;
	ta = chart_sorted_thresholds(a->thresholds, a->nthresholds);
	tb = chart_sorted_thresholds(b->thresholds, b->nthresholds);
	for (i = 0; i < a->nthresholds && same; i++)
		same = ta[i].min == tb[i].min && ta[i].zone == tb[i].zone;
	free(ta);
	free(tb);
	return same;
}

/* The background of columns x..x+w sharing p's categories: a pale band
 * per category in its zone's colour, drawn as one piece per run of years
 * so no seams show between columns. */
static void
bands(struct chart_draw *d, const struct yscale *ys,
    const struct chart_point *p, double x, double w, int *used)
{
	struct chart_threshold *th;
	struct chart_rgb c, t;
	double ya, yb;
	size_t i;

	if (p->nthresholds == 0)
		return;
	th = chart_sorted_thresholds(p->thresholds, p->nthresholds);
	for (i = 0; i < p->nthresholds; i++) {
		ya = ymap(ys, th[i].min);
		yb = i + 1 < p->nthresholds ? ymap(ys, th[i + 1].min) :
		    ys->py0;
		used[th[i].zone] = 1;
		if (ya - yb < 0.25)
			continue;
		chart_parse_color(d->spec->zones[th[i].zone].color, &c);
		t = chart_tint(&c, BAND_TINT);
		chart_set_color(d, &t, 1);
		chart_rect(d, x, yb, w, ya - yb);
	}
	/* Category boundaries, also between two bands of one zone. */
	chart_set_hex(d, "#ffffff");
	for (i = 0; i < p->nthresholds; i++)
		if (th[i].min > ys->lo && th[i].min < ys->hi)
			chart_hline(d, x, x + w, ymap(ys, th[i].min), 1);
	free(th);
}

/* Codes of the last categorised year at the right, by their bands.
 * Returns the width they need (measuring) or used. */
static double
band_codes(struct chart_draw *d, const struct yscale *ys,
    const struct chart_point *p, double x)
{
	struct chart_threshold *th;
	double *pos, *size, wmax = 0, w;
	size_t i, n = 0, *idx;

	if (p == NULL || p->nthresholds == 0)
		return 0;
	th = chart_sorted_thresholds(p->thresholds, p->nthresholds);
	pos = xcalloc(p->nthresholds, sizeof *pos);
	size = xcalloc(p->nthresholds, sizeof *size);
	idx = xcalloc(p->nthresholds, sizeof *idx);
	/* Top to bottom, so that positions increase. */
	for (i = p->nthresholds; i-- > 0;) {
		double ya, yb;

		if (th[i].code == NULL || *th[i].code == '\0')
			continue;
		ya = ymap(ys, th[i].min);
		yb = i + 1 < p->nthresholds ? ymap(ys, th[i + 1].min) :
		    ys->py0;
		if (ya - yb < 0.25)
			continue;
		pos[n] = (ya + yb) / 2;
		size[n] = d->f * 1.05;
		w = chart_text_w(d, th[i].code, FONT_BOLD);
		if (w > wmax)
			wmax = w;
		idx[n++] = i;
	}
	if (chart_place_labels(pos, size, n, ys->py0 - d->f * 0.5,
	    ys->py1 + d->f * 0.5, 1) == 0) {
		chart_set_hex(d, CHART_INK);
		for (i = 0; i < n; i++)
			chart_text(d, th[idx[i]].code, FONT_BOLD, x,
			    pos[i] + d->f * 0.36, ALIGN_LEFT, 0);
	}
	free(th);
	free(pos);
	free(size);
	free(idx);
	return wmax;
}

/* A point's value label over a white backing, so the line and the bands
 * cannot hurt its contrast. */
static void
point_label(struct chart_draw *d, const char *t, double cx, double base)
{
	static const struct chart_rgb white = { 1, 1, 1 };
	double w = chart_text_w(d, t, FONT_BOLD);

	chart_set_color(d, &white, 0.85);
	chart_round_rect_path(d, cx - w / 2 - 3, base - d->f * 0.95, w + 6,
	    d->f * 1.25, 3);
	chart_fill(d);
	chart_set_hex(d, CHART_INK);
	chart_text(d, t, FONT_BOLD, cx, base, ALIGN_CENTRE, 0);
}

/* A box on the picture, for collisions between labels and points. */
struct box {
	double	 x0;	/* left */
	double	 y0;	/* top */
	double	 x1;	/* right */
	double	 y1;	/* bottom */
};

static int
overlaps(const struct box *a, const struct box *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a->x0 < v[i].x1 && v[i].x0 < a->x1 && a->y0 < v[i].y1 &&
		    v[i].y0 < a->y1)
			return 1;
	return 0;
}

/*
 * Value labels, above their point or else below it, never over another
 * label or point.  When they cannot all fit (many years on a narrow
 * chart) the ends and the extremes are labelled first, then the others
 * left to right as room allows; the alt text has every value anyway.
 */
static void
point_labels(struct chart_draw *d, const struct yscale *ys, double r,
    double top)
{
	const struct chart_spec *s = d->spec;
	const struct chart_point *pts = s->points;
	size_t n = s->npoints, i, k, no = 0, nb = 0, first = n, last = n;
	size_t hi = n, lo = n, *order, *base_of;
	struct box *boxes, b;
	double *base, cx, cy, w, h = d->f * 1.25;
	char tmp[32];
	unsigned char *done;

	order = xcalloc(n + 4, sizeof *order);
	done = xcalloc(n, sizeof *done);
	boxes = xcalloc(n * 2, sizeof *boxes);
	base = xcalloc(n, sizeof *base);
	base_of = xcalloc(n, sizeof *base_of);
	for (i = 0; i < n; i++) {
		if (!chart_has_value(pts[i].value))
			continue;
		if (first == n)
			first = i;
		last = i;
		if (hi == n || pts[i].value > pts[hi].value)
			hi = i;
		if (lo == n || pts[i].value < pts[lo].value)
			lo = i;
		/* Points are obstacles for every label but their own. */
		cx = col_x(ys, pts[i].year) + ys->colw / 2;
		cy = ymap(ys, pts[i].value);
		boxes[nb].x0 = cx - r - 2;
		boxes[nb].x1 = cx + r + 2;
		boxes[nb].y0 = cy - r - 2;
		boxes[nb++].y1 = cy + r + 2;
	}
	if (first == n)
		goto out;
	order[no++] = last;
	order[no++] = first;
	order[no++] = hi;
	order[no++] = lo;
	for (i = 0; i < n; i++)
		order[no++] = i;
	for (k = 0; k < no; k++) {
		i = order[k];
		if (done[i] || !chart_has_value(pts[i].value))
			continue;
		done[i] = 1;
		cx = col_x(ys, pts[i].year) + ys->colw / 2;
		cy = ymap(ys, pts[i].value);
		w = chart_text_w(d, chart_value_text(s, pts[i].value,
		    pts[i].value_label, tmp, sizeof tmp), FONT_BOLD) + 6;
		b.x0 = cx - w / 2;
		b.x1 = cx + w / 2;
		/* Above: the box ends a little over the point. */
		b.y1 = cy - r - 3;
		b.y0 = b.y1 - h;
		if (b.y0 < top || overlaps(&b, boxes, nb)) {
			b.y0 = cy + r + 3;
			b.y1 = b.y0 + h;
			if (b.y1 > ys->py1 || overlaps(&b, boxes, nb))
				continue;
		}
		boxes[nb++] = b;
		base[i] = b.y0 + d->f * 0.95;
		base_of[i] = 1;
	}
	for (i = 0; i < n; i++)
		if (base_of[i])
			point_label(d, chart_value_text(s, pts[i].value,
			    pts[i].value_label, tmp, sizeof tmp),
			    col_x(ys, pts[i].year) + ys->colw / 2, base[i]);
out:
	free(order);
	free(done);
	free(boxes);
	free(base);
	free(base_of);
}

double
chart_draw_years(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	const struct chart_point *pts = s->points, *lastcat = NULL;
	const struct chart_point **col;
	struct chart_ticks t;
	struct yscale ys;
	char lab[CHART_MAX_TICKS][32], tmp[32];
	double wl = 0, wr, w, y, x, cx, cy, r, ph, base, yw, step;
	size_t i, j, n = s->npoints;
	int ncol, c, any_break = 0, any_missing = 0, *used, every;
	const char *mw;

	if (n == 0) {
		chart_set_hex(d, CHART_INK2);
		chart_text(d, chart_word(s->lang, W_NO_DATA), FONT_BODY, d->pad,
		    d->pad + d->f, ALIGN_LEFT, d->w - 2 * d->pad);
		return d->pad * 2 + d->f * 1.6;
	}
	used = xcalloc(s->nzones ? s->nzones : 1, sizeof *used);
	ys.year0 = pts[0].year;
	ncol = pts[n - 1].year - pts[0].year + 1;
	col = xcalloc((size_t)ncol, sizeof *col);
	for (i = 0; i < n; i++) {
		col[pts[i].year - ys.year0] = &pts[i];
		if (pts[i].scheme_break && i > 0)
			any_break = 1;
		if (pts[i].nthresholds)
			lastcat = &pts[i];
	}
	for (c = 0; c < ncol; c++)
		if (col[c] == NULL || !chart_has_value(col[c]->value))
			any_missing = 1;

	/* Vertical room first: it decides how many ticks fit. */
	ph = floor(d->w * 0.36);
	if (ph < d->f * 8)
		ph = d->f * 8;
	ys.lo = d->lo;
	ys.hi = d->hi;
	chart_nice_ticks(ys.lo, ys.hi, (size_t)(ph / (d->f * 2.2)), &t);
	for (i = 0; i < t.n; i++) {
		chart_format_number(t.v[i], t.decimals, d->sep, lab[i],
		    sizeof lab[i]);
		w = chart_text_w(d, lab[i], FONT_BODY);
		if (w > wl)
			wl = w;
	}
	ys.py0 = d->pad + (any_break ? d->f * 1.6 : 0) + d->f * 1.3;
	ys.py1 = ys.py0 + ph;
	/* Horizontal room: tick labels left, category codes right. */
	ys.px0 = d->pad + wl + d->f * 0.6;
	wr = band_codes(&(struct chart_draw){ .ctx = d->ctx, .spec = s,
	    .w = d->w, .f = d->f }, &ys, lastcat, 0);
	wr = wr > 0 ? wr + d->f * 0.6 : d->f * 0.5;
	ys.colw = (d->w - d->pad - wr - ys.px0) / ncol;
	if (ys.colw < 1)
		ys.colw = 1;	/* absurd sizes: ugly, but no loop runs away */

	/* Bands, then the axes over them. */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && pts[j].year == pts[j - 1].year + 1 &&
		    same_scheme(&pts[i], &pts[j]); j++)
			;
		bands(d, &ys, &pts[i], col_x(&ys, pts[i].year),
		    ys.colw * (pts[j - 1].year - pts[i].year + 1), used);
	}
	chart_set_hex(d, GRID);
	chart_vline(d, ys.px0 - 0.5, ys.py0, ys.py1, 1);
	chart_hline(d, ys.px0, ys.px0 + ys.colw * ncol, ys.py1 + 0.5, 1);
	for (i = 0; i < t.n; i++) {
		y = ymap(&ys, t.v[i]);
		chart_set_hex(d, GRID);
		chart_hline(d, ys.px0 - d->f * 0.3, ys.px0, y, 1);
		chart_set_hex(d, CHART_INK2);
		chart_text(d, lab[i], FONT_BODY, ys.px0 - d->f * 0.45,
		    y + d->f * 0.36, ALIGN_RIGHT, 0);
	}
	band_codes(d, &ys, lastcat, ys.px0 + ys.colw * ncol + d->f * 0.6);

	/* Scheme changes: a dashed rule on the column boundary, its words
	 * cut short of the next change. */
	for (i = 1; i < n; i++) {
		if (!pts[i].scheme_break)
			continue;
		x = col_x(&ys, pts[i].year);
		w = d->w - d->pad;
		for (j = i + 1; j < n; j++)
			if (pts[j].scheme_break) {
				w = col_x(&ys, pts[j].year) - d->f * 0.3;
				break;
			}
		chart_set_hex(d, CHART_INK2);
		dashed_vline(d, x, d->pad + d->f * 1.3, ys.py1);
		chart_text(d, chart_word(s->lang, W_NEW_SCHEME), FONT_BODY,
		    x + d->f * 0.3, d->pad + d->f, ALIGN_LEFT,
		    w - x - d->f * 0.3 > 1 ? w - x - d->f * 0.3 : 1);
	}

	/* The line: solid between consecutive years of one scheme, dotted
	 * across a change, absent next to a missing year. */
	r = floor(d->f * 0.3 + 0.5);
	for (i = 0; i + 1 < n; i++) {
		const struct chart_point *a = &pts[i], *b = &pts[i + 1];

		if (b->year != a->year + 1 || !chart_has_value(a->value) ||
		    !chart_has_value(b->value))
			continue;
		chart_set_hex(d, b->scheme_break ? CHART_INK2 : CHART_INK);
		chart_line(d, col_x(&ys, a->year) + ys.colw / 2,
		    ymap(&ys, a->value), col_x(&ys, b->year) + ys.colw / 2,
		    ymap(&ys, b->value), 2.5, b->scheme_break);
	}

	/* Points: white halo, dark ring, zone colour. */
	for (i = 0; i < n; i++) {
		const struct chart_point *p = &pts[i];
		struct chart_rgb zc;

		if (!chart_has_value(p->value))
			continue;
		cx = col_x(&ys, p->year) + ys.colw / 2;
		cy = ymap(&ys, p->value);
		if (p->zone >= 0)
			used[p->zone] = 1;
		chart_set_hex(d, "#ffffff");
		chart_circle_path(d, cx, cy, r + 2);
		chart_fill(d);
		chart_set_hex(d, CHART_INK);
		chart_circle_path(d, cx, cy, r + 0.75);
		chart_fill(d);
		chart_parse_color(p->zone >= 0 ? s->zones[p->zone].color :
		    CHART_INK, &zc);
		chart_set_color(d, &zc, 1);
		chart_circle_path(d, cx, cy, r - 0.5);
		chart_fill(d);
	}
	point_labels(d, &ys, r, d->pad + (any_break ? d->f * 1.6 : 0));

	/* Years under the columns, thinned when they do not fit. */
	yw = chart_text_w(d, "0000", FONT_BODY) + d->f * 0.6;
	every = (int)ceil(yw / ys.colw);
	if (every < 1)
		every = 1;
	base = ys.py1 + d->f * 1.4;
	step = d->f * 1.2;
	chart_set_hex(d, CHART_INK);
	for (c = 0; c < ncol; c += every) {
		snprintf(tmp, sizeof tmp, "%d", ys.year0 + c);
		chart_text(d, tmp, FONT_BODY, col_x(&ys, ys.year0 + c) +
		    ys.colw / 2, base, ALIGN_CENTRE, 0);
	}
	/* Under every year without a score: the words when the column has
	 * room for them, else a dash. */
	mw = chart_word(s->lang, W_NO_SCORE);
	if (chart_text_w(d, mw, FONT_BODY) > ys.colw - 4)
		mw = "\xe2\x80\x93";
	chart_set_hex(d, CHART_INK2);
	for (c = 0; c < ncol; c++)
		if (col[c] == NULL || !chart_has_value(col[c]->value))
			chart_text(d, mw, FONT_BODY, col_x(&ys, ys.year0 + c) +
			    ys.colw / 2, base + step, ALIGN_CENTRE, 0);
	y = base + (any_missing ? step : 0) + d->f * 0.7;
	y = chart_legend(d, used, y);
	free(used);
	free(col);
	return y + d->pad * 0.5;
}

/* ---- CHART_CARD ---- */

/* Text on the card at any size: the card does not use the chart sizes. */
static double
card_text(struct chart_draw *d, const char *s, double size, int bold,
    double x, double y, enum chart_align align, double max_w)
{
	double f = d->f, w;

	d->f = size;
	w = chart_text(d, s, bold ? FONT_BOLD : FONT_BODY, x, y, align, max_w);
	d->f = f;
	return w;
}

static double
card_text_w(struct chart_draw *d, const char *s, double size, int bold)
{
	struct chart_draw m = *d;

	m.cr = NULL;
	m.svg = NULL;
	return card_text(&m, s, size, bold, 0, 0, ALIGN_LEFT, 0);
}

/*
 * The card's geometry.  The card is drawn, and its PNG coded, as five
 * bands of rows (see chart_card_bands()), each holding whole texts, so
 * that a band met before (the site's title, a body's name, a year) is
 * not drawn or coded again: only the score's band is new on every card.
 */
#define CARD_M 80		/* left and right margins */
#define CARD_STRIP 16		/* the zone's strip along the top */
#define CARD_TITLE_END 112	/* end of the site title's band */
#define CARD_NAME_TOP 118	/* top of the body's name */
#define CARD_SCORE_TOP 340	/* the score's band */
#define CARD_SCORE_BASE 480	/* baseline of the score */
#define CARD_LAST_TOP 520	/* the category and zone's band */
#define CARD_LAST_BASE 578	/* their baseline */

/* The height of the body's name in whole pixels (one or two lines). */
static int
card_name_h(struct chart_draw *d)
{
	chart_layout(d->ctx, d->spec->card->title, 60, 1,
	    CHART_CARD_WIDTH - 2 * CARD_M, 2);
	return (int)ceil((double)d->ctx->log.height / PANGO_SCALE);
}

static const char *
card_zone_color(const struct chart_spec *s)
{
	return s->card->zone >= 0 ? s->zones[s->card->zone].color : CHART_INK2;
}

double
chart_draw_card(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	const struct chart_card *c = s->card;
	const double W = CHART_CARD_WIDTH, H = CHART_CARD_HEIGHT, M = CARD_M;
	const double last = CARD_LAST_BASE;
	double pw = 0, px, room, sw;
	const char *zc = card_zone_color(s);
	int nh = card_name_h(d);

	/* The zone's colour as a strip along the top: in the title's band
	 * only, so that the bands of the name and the year are the same
	 * whatever the zone. */
	chart_set_hex(d, zc);
	chart_rect(d, 0, 0, W, CARD_STRIP);

	chart_set_hex(d, CHART_INK2);
	card_text(d, c->site_title, 30, 0, M, 92, ALIGN_LEFT, W - 2 * M);

	/* The body's name: bold, up to two lines. */
	chart_layout(d->ctx, c->title, 60, 1, W - 2 * M, 2);
	chart_set_hex(d, CHART_INK);
	chart_show_layout(d, M, CARD_NAME_TOP);
	chart_set_hex(d, CHART_INK2);
	card_text(d, c->year_label, 34, 0, M, CARD_NAME_TOP + nh + 40,
	    ALIGN_LEFT, W - 2 * M);

	/* The score, big, with the scale beside it. */
	chart_set_hex(d, CHART_INK);
	sw = card_text(d, c->score_label, 140, 1, M, CARD_SCORE_BASE,
	    ALIGN_LEFT, (W - 2 * M) * 0.55);
	if (c->scale_label) {
		chart_set_hex(d, CHART_INK2);
		card_text(d, c->scale_label, 34, 0, M + sw + 16,
		    CARD_SCORE_BASE, ALIGN_LEFT, (W - 2 * M) * 0.3);
	}

	/* The zone in words on its own colour, in whichever text colour
	 * contrasts more, at the right of the category. */
	if (c->zone >= 0) {
		pw = card_text_w(d, s->zones[c->zone].name, 36, 1);
		if (pw > (W - 2 * M) * 0.4)
			pw = (W - 2 * M) * 0.4;
		px = W - M - pw - 48;
		chart_set_hex(d, zc);
		chart_round_rect_path(d, px, last - 46, pw + 48, 66, 33);
		chart_fill(d);
		chart_set_hex(d, chart_text_color(zc));
		card_text(d, s->zones[c->zone].name, 36, 1, px + 24, last,
		    ALIGN_LEFT, pw);
		pw += 48 + 32;
	}
	if (c->category_label) {
		room = W - 2 * M - pw;
		chart_set_hex(d, CHART_INK);
		card_text(d, c->category_label, 36, 0, M, last, ALIGN_LEFT,
		    room);
	}
	return H;
}
