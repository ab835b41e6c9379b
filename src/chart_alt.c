/*
 * Alt text: what a chart says, in words, for readers who cannot see it.
 * Derived from the same spec as the picture, so the two cannot disagree.
 * Numbers are the caller's labels (already in the language's format);
 * only counts are written here.
 */
#include "chart_spec.h"

#include <stdlib.h>

#include "xalloc.h"

/* At most this many names in a list ("no score: A, B, ..."), then a
 * count of the rest: alt text must stay short enough to listen to. */
#define MAX_NAMES 5

/* The phrases, by language; %zu and %s are filled in as commented. */
struct phrases {
	const char *highest;	/* "Highest: " */
	const char *lowest;	/* "; lowest: " */
	const char *unit1;	/* noun, one unit */
	const char *units;	/* noun, several units */
	const char *aspect1;	/* noun, one aspect */
	const char *aspects;	/* noun, several aspects */
	const char *body1;	/* noun, one body */
	const char *bodies;	/* noun, several bodies */
	const char *score1;	/* noun, one score */
	const char *scores;	/* noun, several scores */
	const char *all_in;	/* ", all in " */
	const char *in;		/* " in " (a count in a zone) */
	const char *and;	/* " and " (last item of a list) */
	const char *more;	/* " more" (after " and N") */
	const char *none;	/* "No unit has a score" */
	const char *rose;	/* "rose from " */
	const char *fell;	/* "fell from " */
	const char *same;	/* "stayed at " */
	const char *year_in;	/* " in " (a value in a year) */
	const char *to;		/* " to " (the end of a trend) */
	const char *highest_v;	/* "highest " */
	const char *lowest_v;	/* "lowest " */
	const char *unassessed_in; /* "not assessed in " (years follow) */
	const char *changed;	/* "the scoring scheme changed in " */
	const char *from;	/* " from " (range of scores) */
	const char *upto;	/* " to " (end of a range of scores) */
	const char *without;	/* " without a score" */
	const char *no_data;	/* "No data" */
};

static const struct phrases ph_en = {
	"Highest: ", "; lowest: ", "unit", "units", "aspect", "aspects",
	"body", "bodies", "score", "scores", ", all in ", " in ",
	" and ", " more", "No unit has a score",
	"rose from ", "fell from ", "stayed at ", " in ", " to ",
	"highest ", "lowest ", "not assessed in ",
	"the scoring scheme changed in ", " from ", " to ",
	" without a score",
	"No data",
};

static const struct phrases ph_id = {
	"Tertinggi: ", "; terendah: ", "unit", "unit", "aspek", "aspek",
	"entitas", "entitas", "nilai", "nilai", ", semuanya di ", " di ",
	" dan ", " lainnya",
	"Tidak ada unit yang memiliki nilai",
	"naik dari ", "turun dari ", "tetap ", " pada ", " menjadi ",
	"tertinggi ", "terendah ", "tidak dinilai pada ",
	"skema penilaian berubah pada ", " dari ", " sampai ",
	" tanpa nilai",
	"Tidak ada data",
};

static const struct phrases *
phrases(const struct chart_spec *s)
{
	return s->lang == CHART_LANG_EN ? &ph_en : &ph_id;
}

/* "N noun" with the noun in the right number. */
static void
count_noun(struct buf *out, size_t n, const char *one, const char *many)
{
	buf_printf(out, "%zu %s", n, n == 1 ? one : many);
}

/* Separator before item i of n in a list: ", " or " and ". */
static void
list_sep(struct buf *out, const struct phrases *p, size_t i, size_t n)
{
	if (i == 0)
		return;
	buf_puts(out, i + 1 == n ? p->and : ", ");
}

/* "4 in Zona Hijau, 2 in Zona Kuning": zones with a count, in order. */
static void
zone_counts(struct buf *out, const struct chart_spec *s,
    const struct phrases *p, const size_t *counts)
{
	size_t z, first = 1;

	for (z = 0; z < s->nzones; z++) {
		if (counts[z] == 0)
			continue;
		if (!first)
			buf_puts(out, ", ");
		first = 0;
		buf_printf(out, "%zu%s%s", counts[z], p->in, s->zones[z].name);
	}
}

static void
subject(struct buf *out, const struct chart_spec *s)
{
	if (s->subject && *s->subject)
		buf_printf(out, "%s. ", s->subject);
}

static void
alt_bars(const struct chart_spec *s, struct buf *out)
{
	const struct phrases *p = phrases(s);
	const int aspects = s->kind == CHART_ASPECTS;
	const char *one = aspects ? p->aspect1 : p->unit1;
	const char *many = aspects ? p->aspects : p->units;
	size_t *counts, i, nv = 0, nz = 0, nmiss = 0, hi = 0, lo = 0, z, k;
	size_t zones_used = 0, zone_one = 0;
	char tmp[2][32];

	counts = xcalloc(s->nzones ? s->nzones : 1, sizeof *counts);
	for (i = 0; i < s->nbars; i++) {
		const struct chart_bar *b = &s->bars[i];

		if (!chart_has_value(b->value)) {
			nmiss++;
			continue;
		}
		if (nv == 0 || b->value > s->bars[hi].value)
			hi = i;
		if (nv == 0 || b->value < s->bars[lo].value)
			lo = i;
		nv++;
		if (!aspects && b->zone >= 0) {
			counts[b->zone]++;
			nz++;
		}
	}
	for (z = 0; z < s->nzones; z++)
		if (counts[z]) {
			zones_used++;
			zone_one = z;
		}
	subject(out, s);
	if (s->nbars == 0) {
		buf_printf(out, "%s.", p->no_data);
		free(counts);
		return;
	}
	if (nv == 0) {
		buf_puts(out, p->none);
	} else if (nv == 1) {
		count_noun(out, 1, one, many);
		buf_printf(out, ": %s %s", s->bars[hi].label,
		    chart_value_text(s, s->bars[hi].value,
		    s->bars[hi].value_label, tmp[0], sizeof tmp[0]));
		if (zones_used == 1)
			buf_printf(out, "%s%s", p->in,
			    s->zones[zone_one].name);
	} else {
		buf_printf(out, "%s%s %s%s%s %s; ", p->highest,
		    s->bars[hi].label, chart_value_text(s, s->bars[hi].value,
		    s->bars[hi].value_label, tmp[0], sizeof tmp[0]), p->lowest,
		    s->bars[lo].label, chart_value_text(s, s->bars[lo].value,
		    s->bars[lo].value_label, tmp[1], sizeof tmp[1]));
		count_noun(out, nv, one, many);
		/* Zones only when every scored unit has one: a partial
		 * count would mislead. */
		if (zones_used == 1 && nz == nv)
			buf_printf(out, "%s%s", p->all_in,
			    s->zones[zone_one].name);
		else if (zones_used > 1 && nz == nv) {
			buf_puts(out, ": ");
			zone_counts(out, s, p, counts);
		}
	}
	if (nmiss) {
		/* In the table's words: "tidak dirilis: Dinas Kesehatan". */
		buf_printf(out, "; %s: ", chart_no_score(s));
		for (i = 0, k = 0; i < s->nbars && k < MAX_NAMES; i++) {
			if (chart_has_value(s->bars[i].value))
				continue;
			list_sep(out, p, k, nmiss > MAX_NAMES ? MAX_NAMES + 1 :
			    nmiss);
			buf_puts(out, s->bars[i].label);
			k++;
		}
		if (nmiss > MAX_NAMES)
			buf_printf(out, "%s%zu%s", p->and, nmiss - MAX_NAMES,
			    p->more);
	}
	if (!aspects && s->total_label && chart_has_value(s->total))
		buf_printf(out, "; %s", s->total_label);
	buf_putc(out, '.');
	free(counts);
}

/* "2020 and 2022": the years of points (or gaps) in a list. */
static void
year_list(struct buf *out, const struct phrases *p, const int *years,
    size_t n)
{
	size_t i;

	for (i = 0; i < n && i < MAX_NAMES; i++) {
		list_sep(out, p, i, n > MAX_NAMES ? MAX_NAMES + 1 : n);
		buf_printf(out, "%d", years[i]);
	}
	if (n > MAX_NAMES)
		buf_printf(out, "%s%zu%s", p->and, n - MAX_NAMES, p->more);
}

/* "77,66 (Zona Kuning) in 2021" */
static void
point_text(struct buf *out, const struct chart_spec *s,
    const struct phrases *p, const struct chart_point *pt)
{
	char tmp[32];

	buf_puts(out, chart_value_text(s, pt->value, pt->value_label, tmp,
	    sizeof tmp));
	if (pt->zone >= 0)
		buf_printf(out, " (%s)", s->zones[pt->zone].name);
	buf_printf(out, "%s%d", p->year_in, pt->year);
}

static void
alt_years(const struct chart_spec *s, struct buf *out)
{
	const struct phrases *p = phrases(s);
	const struct chart_point *pts = s->points, *first = NULL;
	const struct chart_point *last = NULL, *hi = NULL, *lo = NULL;
	size_t i, nmiss = 0, nout = 0, nbreak = 0, n = s->npoints, nv = 0;
	int *miss, *out_of, *brk;
	char tmp[32];

	if (n == 0) {
		subject(out, s);
		buf_printf(out, "%s.", p->no_data);
		return;
	}
	/* Years absent from the points had no edition: not years of the
	 * series, so not named. */
	miss = xcalloc(n, sizeof *miss);
	out_of = xcalloc(n, sizeof *out_of);
	brk = xcalloc(n, sizeof *brk);
	for (i = 0; i < n; i++) {
		if (i > 0 && pts[i].scheme_break)
			brk[nbreak++] = pts[i].year;
		if (!chart_has_value(pts[i].value)) {
			if (pts[i].not_assessed)
				out_of[nout++] = pts[i].year;
			else
				miss[nmiss++] = pts[i].year;
			continue;
		}
		nv++;
		if (first == NULL)
			first = &pts[i];
		last = &pts[i];
		if (hi == NULL || pts[i].value > hi->value)
			hi = &pts[i];
		if (lo == NULL || pts[i].value < lo->value)
			lo = &pts[i];
	}
	if (s->subject && *s->subject)
		buf_printf(out, "%s, ", s->subject);
	if (pts[0].year == pts[n - 1].year)
		buf_printf(out, "%d: ", pts[0].year);
	else
		buf_printf(out, "%d\xe2\x80\x93%d: ", pts[0].year,
		    pts[n - 1].year);
	if (nv == 0) {
		buf_puts(out, p->no_data);
	} else if (nv == 1) {
		point_text(out, s, p, first);
	} else if (first->value == last->value) {
		buf_puts(out, p->same);
		buf_puts(out, chart_value_text(s, first->value,
		    first->value_label, tmp, sizeof tmp));
		buf_printf(out, "%s%d%s%d", p->year_in, first->year, p->to,
		    last->year);
	} else {
		buf_puts(out, last->value > first->value ? p->rose : p->fell);
		point_text(out, s, p, first);
		buf_puts(out, p->to);
		point_text(out, s, p, last);
	}
	/* Extremes, unless they are the ends already said. */
	if (nv > 2 && hi != first && hi != last) {
		buf_printf(out, "; %s", p->highest_v);
		buf_puts(out, chart_value_text(s, hi->value, hi->value_label,
		    tmp, sizeof tmp));
		buf_printf(out, "%s%d", p->year_in, hi->year);
	}
	if (nv > 2 && lo != first && lo != last) {
		buf_printf(out, "; %s", p->lowest_v);
		buf_puts(out, chart_value_text(s, lo->value, lo->value_label,
		    tmp, sizeof tmp));
		buf_printf(out, "%s%d", p->year_in, lo->year);
	}
	if (nmiss && nv) {
		buf_printf(out, "; %s%s", chart_no_score(s), p->year_in);
		year_list(out, p, miss, nmiss);
	}
	if (nout && nv) {
		buf_printf(out, "; %s", p->unassessed_in);
		year_list(out, p, out_of, nout);
	}
	if (nbreak) {
		buf_printf(out, "; %s", p->changed);
		year_list(out, p, brk, nbreak);
	}
	buf_putc(out, '.');
	free(miss);
	free(out_of);
	free(brk);
}

static void
alt_zones(const struct chart_spec *s, struct buf *out)
{
	const struct phrases *p = phrases(s);
	size_t *tot, g, z, n = 0;

	subject(out, s);
	tot = xcalloc(s->nzones ? s->nzones : 1, sizeof *tot);
	for (g = 0; g < s->ngroups; g++)
		for (z = 0; z < s->nzones; z++) {
			tot[z] += s->groups[g].counts[z];
			n += s->groups[g].counts[z];
		}
	if (n == 0) {
		buf_printf(out, "%s.", p->no_data);
		free(tot);
		return;
	}
	count_noun(out, n, p->body1, p->bodies);
	buf_puts(out, ": ");
	zone_counts(out, s, p, tot);
	buf_putc(out, '.');
	/* Per kind only when there is more than one. */
	for (g = 0; g < s->ngroups && s->ngroups > 1; g++) {
		size_t gn = 0;

		for (z = 0; z < s->nzones; z++)
			gn += s->groups[g].counts[z];
		if (gn == 0)
			continue;
		buf_printf(out, " %s: ", s->groups[g].label);
		zone_counts(out, s, p, s->groups[g].counts);
		buf_putc(out, '.');
	}
	free(tot);
}

/* "98,50 (Kota Y)": a dot's value and name, as far as the caller gave. */
static void
dot_text(struct buf *out, const struct chart_spec *s,
    const struct chart_dot *dt)
{
	char tmp[32];

	buf_puts(out, chart_value_text(s, dt->value, dt->value_label, tmp,
	    sizeof tmp));
	if (dt->label)
		buf_printf(out, " (%s)", dt->label);
}

static void
alt_strip(const struct chart_spec *s, struct buf *out)
{
	const struct phrases *p = phrases(s);
	const struct chart_dot *hi = NULL, *lo = NULL;
	size_t *counts, i, nv = 0, nmiss = 0;

	subject(out, s);
	counts = xcalloc(s->nzones ? s->nzones : 1, sizeof *counts);
	for (i = 0; i < s->ndots; i++) {
		const struct chart_dot *dt = &s->dots[i];

		if (!chart_has_value(dt->value)) {
			nmiss++;
			continue;
		}
		nv++;
		if (dt->zone >= 0)
			counts[dt->zone]++;
		if (hi == NULL || dt->value > hi->value)
			hi = dt;
		if (lo == NULL || dt->value < lo->value)
			lo = dt;
	}
	if (nv == 0) {
		buf_puts(out, p->no_data);
	} else {
		count_noun(out, nv, p->score1, p->scores);
		if (nv > 1) {
			buf_puts(out, p->from);
			dot_text(out, s, lo);
			buf_puts(out, p->upto);
			dot_text(out, s, hi);
		} else {
			buf_puts(out, ": ");
			dot_text(out, s, hi);
		}
		buf_puts(out, "; ");
		zone_counts(out, s, p, counts);
	}
	if (nmiss)
		buf_printf(out, "; %zu%s", nmiss, p->without);
	buf_putc(out, '.');
	free(counts);
}

static void
alt_card(const struct chart_spec *s, struct buf *out)
{
	const struct chart_card *c = s->card;

	buf_puts(out, c->title);
	if (c->year_label)
		buf_printf(out, ", %s", c->year_label);
	if (c->zone_counts) {
		/* A year's card: the total is in year_label's words. */
		buf_puts(out, ": ");
		zone_counts(out, s, phrases(s), c->zone_counts);
		buf_putc(out, '.');
		return;
	}
	buf_printf(out, ": %s", c->score_label);
	if (c->scale_label)
		buf_printf(out, " %s", c->scale_label);
	if (c->category_label)
		buf_printf(out, ", %s", c->category_label);
	if (c->zone >= 0)
		buf_printf(out, ", %s", s->zones[c->zone].name);
	buf_putc(out, '.');
}

int
chart_alt(const struct chart_spec *spec, struct buf *out, char *err,
    size_t errlen)
{
	if (chart_check(spec, err, errlen) < 0)
		return -1;
	switch (spec->kind) {
	case CHART_BARS:
	case CHART_ASPECTS:
		alt_bars(spec, out);
		break;
	case CHART_YEARS:
		alt_years(spec, out);
		break;
	case CHART_ZONES:
		alt_zones(spec, out);
		break;
	case CHART_STRIP:
		alt_strip(spec, out);
		break;
	case CHART_CARD:
		alt_card(spec, out);
		break;
	}
	return 0;
}
