/*
 * A body's (or unit's) result across the years.
 *
 * Across the years each year is a column whose background shows that
 * year's categories as pale bands in their zone colours, so a change of
 * scheme shows as bands that shift; the caller's scheme_break flag adds
 * a dashed rule and the words "new scheme", and the line crosses the
 * change dotted, not solid, since the scores are not quite alike.  A
 * year without a score is a gap in the line, never a zero, with the words
 * "not released" under it when the subject was assessed.
 *
 * Columns are the points, one per edition: a year in which nobody was
 * assessed is not a year of the series, so it gets no column; a break
 * mark on the axis shows where years were skipped, and the line runs on
 * across it (nothing is missing there).
 */
#include "chart_draw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define GRID "#c4c4c4"
/* Opacity of a zone colour in the background bands: pale enough that
 * CHART_INK2 text keeps AA contrast on them. */
#define BAND_TINT 0.2
#define MAX_YEAR_SPAN 200

int
chart_check_years(const struct chart_spec *s, char *err, size_t errlen)
{
	size_t i;

	if (chart_check_array(s->points, s->npoints, "points", err,
	    errlen) < 0)
		return -1;
	for (i = 0; i < s->npoints; i++) {
		const struct chart_point *p = &s->points[i];

		if (p->year < 1900 || p->year > 2999) {
			chart_seterr(err, errlen, "point %zu: year %d outside "
			    "1900..2999", i + 1, p->year);
			return -1;
		}
		if (i > 0 && p->year <= s->points[i - 1].year) {
			chart_seterr(err, errlen, "point %zu: years must "
			    "increase", i + 1);
			return -1;
		}
		if (chart_check_text("point", i, p->value_label, 0, err,
		    errlen) < 0 || chart_check_zone("point", i, p->zone,
		    s->nzones, 1, err, errlen) < 0 ||
		    chart_check_thresholds("point", p->thresholds,
		    p->nthresholds, s->nzones, err, errlen) < 0)
			return -1;
	}
	if (s->npoints && s->points[s->npoints - 1].year -
	    s->points[0].year >= MAX_YEAR_SPAN) {
		chart_seterr(err, errlen, "years span more than %d",
		    MAX_YEAR_SPAN);
		return -1;
	}
	return 0;
}

/* The plot: years onto columns, values onto y. */
struct yscale {
	double	 px0;	/* left edge of the first column */
	double	 colw;	/* width of a column */
	double	 py0;	/* y of hi */
	double	 py1;	/* y of lo */
	double	 lo;	/* lowest value */
	double	 hi;	/* highest value */
};

static double
ymap(const struct yscale *ys, double v)
{
	v = chart_clamp(v, ys->lo, ys->hi);
	return ys->py1 - (v - ys->lo) / (ys->hi - ys->lo) * (ys->py1 - ys->py0);
}

/* Left edge of column c (the c-th point). */
static double
col_x(const struct yscale *ys, size_t c)
{
	return ys->px0 + (double)c * ys->colw;
}

/* Whether years were skipped between point i - 1 and point i. */
static int
skipped_before(const struct chart_point *pts, size_t i)
{
	return i > 0 && pts[i].year > pts[i - 1].year + 1;
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
		cx = col_x(ys, i) + ys->colw / 2;
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
		cx = col_x(ys, i) + ys->colw / 2;
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
			    col_x(ys, i) + ys->colw / 2, base[i]);
out:
	free(order);
	free(done);
	free(boxes);
	free(base);
	free(base_of);
}

/* A years chart worked out before anything is drawn. */
struct years {
	struct yscale ys;	/* the plot */
	struct chart_ticks t;	/* value ticks */
	char	 lab[CHART_MAX_TICKS][32]; /* their labels */
	const struct chart_point *lastcat; /* the last year with categories */
	int	 any_break;	/* some year changes the scheme */
	int	 any_missing;	/* some column has the words "not released" */
	double	 r;		/* radius of a point */
	double	 top;		/* y where point labels may start */
	int	*used;		/* zones shown, for the legend */
};

/* Columns, ticks and the plot's room: y of points, x of years. */
static void
years_plan(struct chart_draw *d, struct years *yp)
{
	const struct chart_spec *s = d->spec;
	const struct chart_point *pts = s->points;
	struct yscale *ys = &yp->ys;
	double wl = 0, wr, w, ph;
	size_t i, n = s->npoints;

	for (i = 0; i < n; i++) {
		if (pts[i].scheme_break && i > 0)
			yp->any_break = 1;
		if (pts[i].nthresholds)
			yp->lastcat = &pts[i];
		if (!chart_has_value(pts[i].value) && !pts[i].not_assessed)
			yp->any_missing = 1;
	}

	/* Vertical room first: it decides how many ticks fit. */
	ph = floor(d->w * 0.36);
	if (ph < d->f * 8)
		ph = d->f * 8;
	ys->lo = d->lo;
	ys->hi = d->hi;
	chart_nice_ticks(ys->lo, ys->hi, (size_t)(ph / (d->f * 2.2)), &yp->t);
	for (i = 0; i < yp->t.n; i++) {
		chart_format_number(yp->t.v[i], yp->t.decimals, d->sep,
		    yp->lab[i], sizeof yp->lab[i]);
		w = chart_text_w(d, yp->lab[i], FONT_BODY);
		if (w > wl)
			wl = w;
	}
	yp->top = d->pad + (yp->any_break ? d->f * 1.6 : 0);
	ys->py0 = yp->top + d->f * 1.3;
	ys->py1 = ys->py0 + ph;
	/* Horizontal room: tick labels left, category codes right. */
	ys->px0 = d->pad + wl + d->f * 0.6;
	wr = band_codes(&(struct chart_draw){ .text = d->text, .spec = s,
	    .w = d->w, .f = d->f }, ys, yp->lastcat, 0);
	wr = wr > 0 ? wr + d->f * 0.6 : d->f * 0.5;
	ys->colw = (d->w - d->pad - wr - ys->px0) / (double)n;
	if (ys->colw < 1)
		ys->colw = 1;	/* absurd sizes: ugly, but no loop runs away */
	yp->r = floor(d->f * 0.3 + 0.5);
}

/* Where years were skipped (no edition), a break in the bands and two
 * slanted strokes across the axis, the usual mark of a cut axis. */
static void
skip_marks(struct chart_draw *d, const struct years *yp)
{
	const struct chart_point *pts = d->spec->points;
	const struct yscale *ys = &yp->ys;
	double x, h = d->f * 0.35, k = d->f * 0.2;
	size_t i;

	for (i = 1; i < d->spec->npoints; i++) {
		if (!skipped_before(pts, i))
			continue;
		x = col_x(ys, i);
		chart_set_hex(d, "#ffffff");
		chart_vline(d, x, ys->py0, ys->py1 + h + 1, 3);
		chart_rect(d, x - k - d->f * 0.25, ys->py1 - h, 2 * k +
		    d->f * 0.5, 2 * h + 1);
		chart_set_hex(d, CHART_INK2);
		chart_line(d, x - k - d->f * 0.15, ys->py1 + 0.5 + h,
		    x - d->f * 0.15 + k, ys->py1 + 0.5 - h, 1.5, 0);
		chart_line(d, x - k + d->f * 0.15, ys->py1 + 0.5 + h,
		    x + d->f * 0.15 + k, ys->py1 + 0.5 - h, 1.5, 0);
	}
}

/* The categories' bands, then the axes over them, the value ticks and
 * the codes of the last categorised year. */
static void
years_grid(struct chart_draw *d, struct years *yp)
{
	const struct chart_spec *s = d->spec;
	const struct chart_point *pts = s->points;
	const struct yscale *ys = &yp->ys;
	size_t i, j, n = s->npoints;
	double y;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !skipped_before(pts, j) &&
		    same_scheme(&pts[i], &pts[j]); j++)
			;
		bands(d, ys, &pts[i], col_x(ys, i), ys->colw * (double)(j - i),
		    yp->used);
	}
	chart_set_hex(d, GRID);
	chart_vline(d, ys->px0 - 0.5, ys->py0, ys->py1, 1);
	chart_hline(d, ys->px0, ys->px0 + ys->colw * (double)n, ys->py1 + 0.5,
	    1);
	skip_marks(d, yp);
	for (i = 0; i < yp->t.n; i++) {
		y = ymap(ys, yp->t.v[i]);
		chart_set_hex(d, GRID);
		chart_hline(d, ys->px0 - d->f * 0.3, ys->px0, y, 1);
		chart_set_hex(d, CHART_INK2);
		chart_text(d, yp->lab[i], FONT_BODY, ys->px0 - d->f * 0.45,
		    y + d->f * 0.36, ALIGN_RIGHT, 0);
	}
	band_codes(d, ys, yp->lastcat, ys->px0 + ys->colw * (double)n +
	    d->f * 0.6);
}

/* Scheme changes: a dashed rule on the column boundary, its words cut
 * short of the next change. */
static void
scheme_breaks(struct chart_draw *d, const struct years *yp)
{
	const struct chart_spec *s = d->spec;
	const struct chart_point *pts = s->points;
	size_t i, j, n = s->npoints;
	double x, w;

	for (i = 1; i < n; i++) {
		if (!pts[i].scheme_break)
			continue;
		x = col_x(&yp->ys, i);
		w = d->w - d->pad;
		for (j = i + 1; j < n; j++)
			if (pts[j].scheme_break) {
				w = col_x(&yp->ys, j) - d->f * 0.3;
				break;
			}
		chart_set_hex(d, CHART_INK2);
		dashed_vline(d, x, d->pad + d->f * 1.3, yp->ys.py1);
		chart_text(d, chart_word(s->lang, W_NEW_SCHEME), FONT_BODY,
		    x + d->f * 0.3, d->pad + d->f, ALIGN_LEFT,
		    w - x - d->f * 0.3 > 1 ? w - x - d->f * 0.3 : 1);
	}
}

/* The line: solid between consecutive editions of one scheme, dotted
 * across a change, absent next to a year without a value; then the points:
 * white halo, dark ring, zone colour. */
static void
years_line(struct chart_draw *d, struct years *yp)
{
	const struct chart_spec *s = d->spec;
	const struct chart_point *pts = s->points;
	const struct yscale *ys = &yp->ys;
	size_t i, n = s->npoints;
	double cx, cy, r = yp->r;

	for (i = 0; i + 1 < n; i++) {
		const struct chart_point *a = &pts[i], *b = &pts[i + 1];

		if (!chart_has_value(a->value) || !chart_has_value(b->value))
			continue;
		chart_set_hex(d, b->scheme_break ? CHART_INK2 : CHART_INK);
		chart_line(d, col_x(ys, i) + ys->colw / 2,
		    ymap(ys, a->value), col_x(ys, i + 1) + ys->colw / 2,
		    ymap(ys, b->value), 2.5, b->scheme_break);
	}
	for (i = 0; i < n; i++) {
		const struct chart_point *p = &pts[i];
		struct chart_rgb zc;

		if (!chart_has_value(p->value))
			continue;
		cx = col_x(ys, i) + ys->colw / 2;
		cy = ymap(ys, p->value);
		if (p->zone >= 0)
			yp->used[p->zone] = 1;
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
}

/*
 * The words under a column without a value, in room px: one line (1,
 * copied to line1), two lines broken at a space (2: line1 and *line2,
 * which points into words), or 0 when they fit neither way (a dash is
 * drawn).  Words are never drawn smaller.
 */
static int
missing_words(struct chart_draw *d, const char *words, double room,
    char *line1, size_t len1, const char **line2)
{
	const char *sp;

	snprintf(line1, len1, "%s", words);
	if (chart_text_w(d, words, FONT_BODY) <= room)
		return 1;
	for (sp = strchr(words, ' '); sp != NULL; sp = strchr(sp + 1, ' ')) {
		if ((size_t)(sp - words) >= len1)
			break;
		memcpy(line1, words, (size_t)(sp - words));
		line1[sp - words] = '\0';
		if (chart_text_w(d, line1, FONT_BODY) > room)
			break;
		if (chart_text_w(d, sp + 1, FONT_BODY) <= room) {
			*line2 = sp + 1;
			return 2;
		}
	}
	return 0;
}

/* Years under the columns, thinned when they do not fit, and under
 * every year not released the words when the column has room for
 * them, else a dash (nothing where the subject was not assessed).
 * Returns the y below them. */
static double
year_labels(struct chart_draw *d, const struct years *yp)
{
	const struct yscale *ys = &yp->ys;
	const struct chart_point *pts = d->spec->points;
	size_t n = d->spec->npoints, c, every;
	double yw, base, step;
	char tmp[32], w1[128];
	const char *mw, *w2 = NULL;
	int lines;

	yw = chart_text_w(d, "0000", FONT_BODY) + d->f * 0.6;
	every = (size_t)ceil(yw / ys->colw);
	if (every < 1)
		every = 1;
	base = ys->py1 + d->f * 1.4;
	step = d->f * 1.2;
	chart_set_hex(d, CHART_INK);
	for (c = 0; c < n; c += every) {
		snprintf(tmp, sizeof tmp, "%d", pts[c].year);
		chart_text(d, tmp, FONT_BODY, col_x(ys, c) + ys->colw / 2,
		    base, ALIGN_CENTRE, 0);
	}
	mw = chart_no_score(d->spec);
	lines = missing_words(d, mw, ys->colw - 4, w1, sizeof w1, &w2);
	if (lines == 0)
		snprintf(w1, sizeof w1, "\xe2\x80\x93");
	chart_set_hex(d, CHART_INK2);
	for (c = 0; c < n; c++) {
		if (chart_has_value(pts[c].value) || pts[c].not_assessed)
			continue;
		chart_text(d, w1, FONT_BODY, col_x(ys, c) + ys->colw / 2,
		    base + step, ALIGN_CENTRE, 0);
		if (lines == 2)
			chart_text(d, w2, FONT_BODY, col_x(ys, c) +
			    ys->colw / 2, base + 2 * step, ALIGN_CENTRE, 0);
	}
	return base + (yp->any_missing ? step * (lines == 2 ? 2 : 1) : 0);
}

double
chart_draw_years(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	struct years yp;
	double y;

	if (s->npoints == 0) {
		chart_set_hex(d, CHART_INK2);
		chart_text(d, chart_word(s->lang, W_NO_DATA), FONT_BODY, d->pad,
		    d->pad + d->f, ALIGN_LEFT, d->w - 2 * d->pad);
		return d->pad * 2 + d->f * 1.6;
	}
	memset(&yp, 0, sizeof yp);
	yp.used = xcalloc(s->nzones ? s->nzones : 1, sizeof *yp.used);
	years_plan(d, &yp);
	years_grid(d, &yp);
	scheme_breaks(d, &yp);
	years_line(d, &yp);
	point_labels(d, &yp.ys, yp.r, yp.top);
	y = year_labels(d, &yp) + d->f * 0.7;
	y = chart_legend(d, yp.used, y);
	free(yp.used);
	return y + d->pad * 0.5;
}
