/*
 * Horizontal charts: a body's units (and a unit's aspects) as bars, the
 * year overview as stacked bars per kind of body and as a strip of dots,
 * plus the parts they share: the category header, the value axis and
 * the zone legend.
 *
 * Layout for narrow screens: a row's name sits on its own line above its
 * bar, so long names keep the full width.  Values stand in a column at
 * the right, aligned for comparison and never on a bar, so their
 * contrast does not depend on the zone colour.
 */
#include "chart_draw.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

/* Quiet greys: the track behind bars, grid and threshold marks. */
#define TRACK "#eeeeee"
#define GRID "#c4c4c4"
/* Aspect bars (no zone): blue-grey, 5:1 on white. */
#define ASPECT_COLOR "#546e7a"
/* Bars of units whose zone is unknown. */
#define NOZONE_COLOR "#757575"

/* The value axis: scale [lo, hi] onto [x0, x1]. */
struct xscale {
	double	 x0;	/* x of lo */
	double	 x1;	/* x of hi */
	double	 lo;	/* lowest value */
	double	 hi;	/* highest value */
};

/* x of value v, clamped onto the axis (values outside the scale are
 * drawn at its ends; see include/chart.h). */
static double
xmap(const struct xscale *xs, double v)
{
	v = chart_clamp(v, xs->lo, xs->hi);
	return xs->x0 + (v - xs->lo) / (xs->hi - xs->lo) * (xs->x1 - xs->x0);
}

static const char *
zone_color(const struct chart_spec *s, int zone, const char *none)
{
	return zone >= 0 ? s->zones[zone].color : none;
}

/* Baseline that centres digits (cap height about 0.72 em in Noto Sans)
 * on a band from y of height h. */
static double
centre_base(double y, double h, double size)
{
	return y + h / 2 + size * 0.36;
}

/*
 * The categories above the rows: each code centred over its range, over a
 * thin band in the zone's colour.  The code carries the meaning, the
 * colour only repeats it.  Returns the y below it.
 */
static double
cat_header(struct chart_draw *d, const struct xscale *xs,
    const struct chart_threshold *th, size_t n, double y)
{
	double *pos, *size, *xa, *xb, base, sy, sh;
	size_t i, nl = 0, *idx;
	int placed;

	if (n == 0)
		return y;
	pos = xcalloc(n, sizeof *pos);
	size = xcalloc(n, sizeof *size);
	xa = xcalloc(n, sizeof *xa);
	xb = xcalloc(n, sizeof *xb);
	idx = xcalloc(n, sizeof *idx);
	base = y + d->f;
	sy = y + d->f * 1.45;
	sh = floor(d->f * 0.3 + 0.5);
	for (i = 0; i < n; i++) {
		xa[i] = xmap(xs, th[i].min);
		xb[i] = i + 1 < n ? xmap(xs, th[i + 1].min) : xs->x1;
		if (xb[i] - xa[i] < 0.5)
			continue;
		chart_set_hex(d, d->spec->zones[th[i].zone].color);
		chart_rect(d, xa[i], sy, xb[i] - xa[i], sh);
		if (th[i].code && *th[i].code) {
			pos[nl] = (xa[i] + xb[i]) / 2;
			size[nl] = chart_text_w(d, th[i].code, FONT_BOLD);
			idx[nl++] = i;
		}
	}
	/* White gaps separate categories that share a zone colour. */
	chart_set_hex(d, "#ffffff");
	for (i = 1; i < n; i++)
		if (xa[i] > xs->x0 && xa[i] < xs->x1)
			chart_vline(d, xa[i], sy, sy + sh, 2);
	placed = chart_place_labels(pos, size, nl, 0, d->w, d->f * 0.3) == 0;
	chart_set_hex(d, CHART_INK);
	for (i = 0; i < nl; i++)
		/* When the codes cannot all fit, only those over a range
		 * wide enough for them are written. */
		if (placed || xb[idx[i]] - xa[idx[i]] >= size[i] + 2)
			chart_text(d, th[idx[i]].code, FONT_BOLD,
			    placed ? pos[i] : (xa[idx[i]] + xb[idx[i]]) / 2,
			    base, ALIGN_CENTRE, 0);
	free(pos);
	free(size);
	free(xa);
	free(xb);
	free(idx);
	return sy + sh + d->f * 0.7;
}

/*
 * Threshold marks: thin lines in color where a track crosses a
 * category's lower bound, drawn only left of bar_end.  On a bar they are
 * white gaps that show which categories the bar passed; the empty rest
 * of the track stays quiet, since the header names the categories.
 */
static void
threshold_marks(struct chart_draw *d, const struct xscale *xs,
    const struct chart_threshold *th, size_t n, double y, double h,
    double bar_end, const char *color)
{
	size_t i;
	double x;

	chart_set_hex(d, color);
	for (i = 0; i < n; i++) {
		if (!(th[i].min > xs->lo && th[i].min < xs->hi))
			continue;
		x = xmap(xs, th[i].min);
		if (x < bar_end - 1)
			chart_vline(d, x, y, y + h, 1);
	}
}

/* The value axis under the rows: a thin rule, tick marks and numbers in
 * the language's decimal separator.  Returns the y below it. */
static double
value_axis(struct chart_draw *d, const struct xscale *xs, double y)
{
	struct chart_ticks t;
	double pos[CHART_MAX_TICKS], size[CHART_MAX_TICKS], tick, span;
	char lab[CHART_MAX_TICKS][32];
	size_t i, target;

	span = xs->x1 - xs->x0;
	target = span > 0 ? (size_t)(span / (d->f * 3.5)) : 2;
	if (chart_nice_ticks(xs->lo, xs->hi, target, &t) < 0)
		return y;
	tick = floor(d->f * 0.3 + 0.5);
	chart_set_hex(d, GRID);
	chart_hline(d, xs->x0, xs->x1, y + 0.5, 1);
	for (i = 0; i < t.n; i++) {
		chart_format_number(t.v[i], t.decimals, d->sep, lab[i],
		    sizeof lab[i]);
		pos[i] = xmap(xs, t.v[i]);
		size[i] = chart_text_w(d, lab[i], FONT_BODY);
		chart_vline(d, pos[i], y, y + tick, 1);
	}
	/* Keep the end labels inside the picture. */
	chart_place_labels(pos, size, t.n, d->pad * 0.25,
	    d->w - d->pad * 0.25, d->f * 0.3);
	chart_set_hex(d, CHART_INK2);
	for (i = 0; i < t.n; i++)
		chart_text(d, lab[i], FONT_BODY, pos[i], y + tick + d->f,
		    ALIGN_CENTRE, 0);
	return y + tick + d->f * 1.5;
}

double
chart_legend(struct chart_draw *d, const int *used, double y)
{
	const struct chart_spec *s = d->spec;
	double x, x0 = d->pad, x1 = d->w - d->pad, sw, gap, tw, base;
	size_t z;
	int any = 0;

	sw = floor(d->f * 0.8 + 0.5);
	gap = d->f * 0.35;
	x = x0;
	base = y + d->f;
	for (z = 0; z < s->nzones; z++) {
		if (!used[z])
			continue;
		any = 1;
		tw = chart_text_w(d, s->zones[z].name, FONT_BODY);
		if (x > x0 && x + sw + gap + tw > x1) {
			x = x0;
			base += d->f * 1.5;
		}
		chart_set_hex(d, s->zones[z].color);
		chart_rect(d, x, base - d->f * 0.36 - sw / 2, sw, sw);
		chart_set_hex(d, CHART_INK);
		tw = chart_text(d, s->zones[z].name, FONT_BODY, x + sw + gap,
		    base, ALIGN_LEFT, x1 - x - sw - gap);
		x += sw + gap + tw + d->f;
	}
	return any ? base + d->f * 0.6 : y;
}

/* ---- CHART_BARS and CHART_ASPECTS ---- */

int
chart_check_bars(const struct chart_spec *s, char *err, size_t errlen)
{
	struct chart_rgb c;
	size_t i;

	if (chart_check_array(s->bars, s->nbars, "bars", err, errlen) < 0)
		return -1;
	for (i = 0; i < s->nbars; i++)
		if (chart_check_text("bar", i, s->bars[i].label, 1, err,
		    errlen) < 0 || chart_check_text("bar", i,
		    s->bars[i].value_label, 0, err, errlen) < 0 ||
		    chart_check_zone("bar", i, s->bars[i].zone, s->nzones, 1,
		    err, errlen) < 0)
			return -1;
	if (chart_check_text("total", 0, s->total_label, 0, err, errlen) < 0)
		return -1;
	if (s->bar_color && chart_parse_color(s->bar_color, &c) < 0) {
		chart_seterr(err, errlen, "bar colour must be #rrggbb");
		return -1;
	}
	if (s->kind == CHART_BARS)
		return chart_check_thresholds("threshold", s->thresholds,
		    s->nthresholds, s->nzones, err, errlen);
	return 0;
}

double
chart_draw_bars(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	const int aspects = s->kind == CHART_ASPECTS;
	struct chart_threshold *th = NULL;
	struct xscale xs;
	size_t i, nth = 0;
	double x0 = d->pad, x1 = d->w - d->pad, vres = 0, y, ty, bh, xe, zw;
	double gap = d->f * 0.6, w;
	const char *color, *vt;
	char tmp[32];
	int has_total;

	if (!aspects) {
		th = chart_sorted_thresholds(s->thresholds, s->nthresholds);
		nth = s->nthresholds;
	}
	has_total = !aspects && s->total_label &&
	    chart_has_value(s->total);

	/* Room past the bars for the widest value label, but never more
	 * than 40 % of the width: a longer label is cut. */
	for (i = 0; i < s->nbars; i++) {
		if (!chart_has_value(s->bars[i].value))
			continue;
		vt = chart_value_text(s, s->bars[i].value,
		    s->bars[i].value_label, tmp, sizeof tmp);
		w = chart_text_w(d, vt, FONT_BOLD);
		if (w > vres)
			vres = w;
	}
	if (vres > 0)
		vres += gap;
	if (vres > (x1 - x0) * 0.4)
		vres = (x1 - x0) * 0.4;
	xs.x0 = x0;
	xs.x1 = x1 - vres;
	xs.lo = d->lo;
	xs.hi = d->hi;

	y = d->pad;
	y = cat_header(d, &xs, th, nth, y);
	bh = floor(d->f * 0.8 + 0.5);
	for (i = 0; i < s->nbars; i++) {
		const struct chart_bar *b = &s->bars[i];
		int hv = chart_has_value(b->value);

		/* Line 1: the name, and the zone named in words. */
		zw = 0;
		if (!aspects && b->zone >= 0) {
			chart_set_hex(d, CHART_INK2);
			zw = chart_text(d, s->zones[b->zone].name, FONT_BODY,
			    x1, y + d->f, ALIGN_RIGHT, (x1 - x0) * 0.45);
		}
		chart_set_hex(d, CHART_INK);
		chart_text(d, b->label, FONT_BODY, x0, y + d->f, ALIGN_LEFT,
		    x1 - x0 - (zw > 0 ? zw + d->f : 0));

		/* Line 2: track, bar, marks, value. */
		ty = y + d->f * 1.45;
		chart_set_hex(d, TRACK);
		chart_rect(d, xs.x0, ty, xs.x1 - xs.x0, bh);
		xe = xs.x0;
		if (hv) {
			xe = xmap(&xs, b->value);
			color = aspects ? (s->bar_color ? s->bar_color :
			    ASPECT_COLOR) : zone_color(s, b->zone,
			    NOZONE_COLOR);
			chart_set_hex(d, color);
			chart_rect(d, xs.x0, ty, xe - xs.x0, bh);
		}
		threshold_marks(d, &xs, th, nth, ty, bh, xe, "#ffffff");
		if (hv) {
			/* The total's mark, outlined so it shows on any zone
			 * colour. */
			if (has_total) {
				w = xmap(&xs, s->total);
				chart_set_hex(d, "#ffffff");
				chart_vline(d, w, ty - 3, ty + bh + 3, 4);
				chart_set_hex(d, CHART_INK);
				chart_vline(d, w, ty - 3, ty + bh + 3, 2);
			}
			/* Values in a column at the right, aligned for
			 * comparison and clear of bars and marks. */
			vt = chart_value_text(s, b->value, b->value_label, tmp,
			    sizeof tmp);
			chart_set_hex(d, CHART_INK);
			chart_text(d, vt, FONT_BOLD, x1,
			    centre_base(ty, bh, d->f), ALIGN_RIGHT,
			    vres - gap);
		} else {
			chart_set_hex(d, CHART_INK2);
			chart_text(d, chart_no_score(s),
			    FONT_BODY, xs.x0 + gap,
			    centre_base(ty, bh, d->f), ALIGN_LEFT,
			    xs.x1 - xs.x0 - 2 * gap);
		}
		y = ty + bh + d->f * 0.75;
	}
	if (s->nbars == 0) {
		chart_set_hex(d, CHART_INK2);
		chart_text(d, chart_word(s->lang, W_NO_DATA), FONT_BODY, x0,
		    y + d->f, ALIGN_LEFT, x1 - x0);
		y += d->f * 1.6;
	}
	y = value_axis(d, &xs, y);
	if (has_total) {
		/* The legend of the total mark, drawn as on the bars. */
		y += d->f * 0.2;
		chart_set_hex(d, CHART_INK);
		chart_vline(d, x0 + 1, y, y + bh + 6, 2);
		chart_text(d, s->total_label, FONT_BODY, x0 + d->f * 0.6,
		    centre_base(y, bh + 6, d->f), ALIGN_LEFT,
		    x1 - x0 - d->f * 0.6);
		y += bh + 6;
	}
	free(th);
	return y + d->pad;
}

/* ---- CHART_ZONES ---- */

int
chart_check_zones(const struct chart_spec *s, char *err, size_t errlen)
{
	size_t i;

	if (chart_check_array(s->groups, s->ngroups, "groups", err,
	    errlen) < 0)
		return -1;
	for (i = 0; i < s->ngroups; i++) {
		if (chart_check_text("group", i, s->groups[i].label, 1, err,
		    errlen) < 0)
			return -1;
		if (s->nzones && s->groups[i].counts == NULL) {
			chart_seterr(err, errlen, "group %zu: no counts",
			    i + 1);
			return -1;
		}
	}
	return 0;
}

double
chart_draw_zones(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	double x0 = d->pad, x1 = d->w - d->pad, y, by, bh, x, sw, total;
	double *pos, *size, *want, gap = 1.5, tick;
	size_t g, z, nov, *ovz;
	int *used;
	char lab[32];
	const char *ink;

	used = xcalloc(s->nzones ? s->nzones : 1, sizeof *used);
	for (z = 0; z < s->nzones; z++)
		used[z] = 1;
	pos = xcalloc(s->nzones ? s->nzones : 1, sizeof *pos);
	size = xcalloc(s->nzones ? s->nzones : 1, sizeof *size);
	want = xcalloc(s->nzones ? s->nzones : 1, sizeof *want);
	ovz = xcalloc(s->nzones ? s->nzones : 1, sizeof *ovz);

	y = chart_legend(d, used, d->pad) + d->f * 0.4;
	bh = floor(d->f * 1.3 + 0.5);
	tick = floor(d->f * 0.4 + 0.5);
	for (g = 0; g < s->ngroups; g++) {
		const struct chart_group *gr = &s->groups[g];

		chart_set_hex(d, CHART_INK);
		chart_text(d, gr->label, FONT_BODY, x0, y + d->f, ALIGN_LEFT,
		    x1 - x0);
		by = y + d->f * 1.45;
		total = 0;
		for (z = 0; z < s->nzones; z++)
			total += (double)gr->counts[z];
		if (total <= 0) {
			chart_set_hex(d, TRACK);
			chart_rect(d, x0, by, x1 - x0, bh);
			chart_set_hex(d, CHART_INK2);
			chart_text(d, chart_word(s->lang, W_NO_DATA),
			    FONT_BODY, x0 + d->f * 0.4,
			    centre_base(by, bh, d->f), ALIGN_LEFT, 0);
			y = by + bh + d->f * 0.75;
			continue;
		}
		/* Segments in zone order; a count goes inside its segment
		 * when it fits, in the colour that contrasts with it, else
		 * below the bar, placed clear of its neighbours. */
		x = x0;
		nov = 0;
		for (z = 0; z < s->nzones; z++) {
			if (gr->counts[z] == 0)
				continue;
			sw = (double)gr->counts[z] / total * (x1 - x0);
			chart_set_hex(d, s->zones[z].color);
			chart_rect(d, x, by, sw, bh);
			snprintf(lab, sizeof lab, "%zu", gr->counts[z]);
			if (chart_text_w(d, lab, FONT_BOLD) + d->f * 0.6
			    <= sw - gap) {
				ink = chart_text_color(s->zones[z].color);
				chart_set_hex(d, ink);
				chart_text(d, lab, FONT_BOLD, x + sw / 2,
				    centre_base(by, bh, d->f), ALIGN_CENTRE,
				    0);
			} else {
				want[nov] = pos[nov] = x + sw / 2;
				size[nov] = chart_text_w(d, lab,
				    FONT_BOLD);
				ovz[nov++] = z;
			}
			x += sw;
		}
		/* White gaps between segments, for colours that are close. */
		chart_set_hex(d, "#ffffff");
		x = x0;
		for (z = 0; z < s->nzones; z++) {
			if (gr->counts[z] == 0)
				continue;
			x += (double)gr->counts[z] / total * (x1 - x0);
			if (x < x1 - 0.5)
				chart_vline(d, x, by, by + bh, gap);
		}
		y = by + bh;
		if (nov) {
			chart_place_labels(pos, size, nov, x0, x1, d->f * 0.6);
			for (z = 0; z < nov; z++) {
				snprintf(lab, sizeof lab, "%zu",
				    gr->counts[ovz[z]]);
				chart_set_hex(d, s->zones[ovz[z]].color);
				chart_vline(d, want[z], y, y + tick, 2);
				chart_set_hex(d, CHART_INK);
				chart_text(d, lab, FONT_BOLD, pos[z],
				    y + tick + d->f, ALIGN_CENTRE, 0);
			}
			y += tick + d->f * 1.3;
		}
		y += d->f * 0.75;
	}
	if (s->ngroups == 0) {
		chart_set_hex(d, CHART_INK2);
		chart_text(d, chart_word(s->lang, W_NO_DATA), FONT_BODY, x0,
		    y + d->f, ALIGN_LEFT, x1 - x0);
		y += d->f * 1.6;
	}
	free(used);
	free(pos);
	free(size);
	free(want);
	free(ovz);
	return y + d->pad * 0.5;
}

/* ---- CHART_STRIP ---- */

int
chart_check_strip(const struct chart_spec *s, char *err, size_t errlen)
{
	size_t i;

	if (chart_check_array(s->groups, s->ngroups, "groups", err,
	    errlen) < 0 || chart_check_array(s->dots, s->ndots, "dots", err,
	    errlen) < 0)
		return -1;
	for (i = 0; i < s->ngroups; i++)
		if (chart_check_text("group", i, s->groups[i].label, 1, err,
		    errlen) < 0)
			return -1;
	for (i = 0; i < s->ndots; i++) {
		if (chart_check_zone("dot", i, s->dots[i].zone, s->nzones, 1,
		    err, errlen) < 0 || chart_check_text("dot", i,
		    s->dots[i].label, 0, err, errlen) < 0 ||
		    chart_check_text("dot", i, s->dots[i].value_label, 0,
		    err, errlen) < 0)
			return -1;
		if (s->ngroups && s->dots[i].group >= s->ngroups) {
			chart_seterr(err, errlen, "dot %zu: group %zu out of "
			    "range", i + 1, s->dots[i].group);
			return -1;
		}
	}
	return chart_check_thresholds("threshold", s->thresholds,
	    s->nthresholds, s->nzones, err, errlen);
}

/* A fixed pseudo-random number in [0, 1) for dot i (splitmix64), so the
 * jitter is the same on every run and machine. */
static double
jitter(uint64_t i)
{
	uint64_t z = i + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

double
chart_draw_strip(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	struct chart_threshold *th;
	struct chart_rgb c;
	struct xscale xs;
	size_t g, ng, i, nz;
	double y, sh, r, cx, cy;
	int *used, z, any;

	th = chart_sorted_thresholds(s->thresholds, s->nthresholds);
	used = xcalloc(s->nzones ? s->nzones : 1, sizeof *used);
	xs.x0 = d->pad;
	xs.x1 = d->w - d->pad;
	xs.lo = d->lo;
	xs.hi = d->hi;
	r = d->f * 0.2 > 2 ? d->f * 0.2 : 2;
	sh = floor(d->f * 2.6 + 0.5);
	ng = s->ngroups ? s->ngroups : 1;
	nz = s->nzones;

	y = cat_header(d, &xs, th, s->nthresholds, d->pad);
	for (g = 0; g < ng; g++) {
		if (s->ngroups) {
			chart_set_hex(d, CHART_INK);
			chart_text(d, s->groups[g].label, FONT_BODY, xs.x0,
			    y + d->f, ALIGN_LEFT, xs.x1 - xs.x0);
			y += d->f * 1.45;
		}
		chart_set_hex(d, "#f5f5f5");
		chart_rect(d, xs.x0, y, xs.x1 - xs.x0, sh);
		threshold_marks(d, &xs, th, s->nthresholds, y, sh, xs.x1 + 2,
		    GRID);
		/* One path per zone: thousands of dots make a few SVG
		 * elements, not thousands. */
		for (z = -1; z < (int)nz; z++) {
			any = 0;
			for (i = 0; i < s->ndots; i++) {
				const struct chart_dot *dt = &s->dots[i];

				if (dt->zone != z || (s->ngroups &&
				    dt->group != g) ||
				    !chart_has_value(dt->value))
					continue;
				cx = xmap(&xs, dt->value);
				cy = y + r + jitter(i) * (sh - 2 * r);
				chart_circle_path(d, cx, cy, r);
				any = 1;
				if (z >= 0)
					used[z] = 1;
			}
			if (!any || !chart_drawing(d))
				continue;
			chart_parse_color(z >= 0 ? s->zones[z].color :
			    NOZONE_COLOR, &c);
			chart_set_color(d, &c, 0.7);
			chart_fill(d);
		}
		y += sh + d->f * 0.6;
	}
	y = value_axis(d, &xs, y);
	y = chart_legend(d, used, y + d->f * 0.2);
	free(th);
	free(used);
	return y + d->pad * 0.5;
}
