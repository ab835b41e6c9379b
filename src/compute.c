/* Compute stage: see include/compute.h. */
#include "compute.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "revisions.h"
#include "xalloc.h"

static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static const struct report *cmp_report;	/* qsort has no context argument */

static int
cat_by_min_desc(const void *a, const void *b)
{
	const struct category *x = &cmp_report->categories[*(const size_t *)a];
	const struct category *y = &cmp_report->categories[*(const size_t *)b];

	return -dec_cmp(x->min, y->min);
}

/* Editions: every year that has scores, with its categories and aspects. */
static int
make_years(struct report *r, struct diags *d)
{
	int *ys = xcalloc(r->nscores + 1, sizeof *ys);
	size_t i, j, n = 0;
	int rc = 0;

	for (i = 0; i < r->nscores; i++)
		ys[i] = r->scores[i].year;
	qsort(ys, r->nscores, sizeof *ys, int_cmp);
	r->years = xcalloc(r->nscores + 1, sizeof *r->years);
	for (i = 0; i < r->nscores; i++)
		if (i == 0 || ys[i] != ys[i - 1])
			r->years[n++].year = ys[i];
	r->nyears = n;
	free(ys);
	cmp_report = r;
	for (i = 0; i < r->nyears; i++) {
		struct year *y = &r->years[i];

		y->cats = xcalloc(r->ncategories + 1, sizeof *y->cats);
		y->aspects = xcalloc(r->naspects + 1, sizeof *y->aspects);
		for (j = 0; j < r->ncategories; j++)
			if (yearset_has(&r->categories[j].years, y->year))
				y->cats[y->ncats++] = j;
		for (j = 0; j < r->naspects; j++)
			if (yearset_has(&r->aspects[j].years, y->year))
				y->aspects[y->naspects++] = j;
		qsort(y->cats, y->ncats, sizeof *y->cats, cat_by_min_desc);
		if (y->ncats == 0) {
			diag(d, DIAG_ERROR, r->paths[2], 0, 0, "no categories "
			    "for %d, which has scores", y->year);
			rc = -1;
			continue;
		}
		/* Same code or min in one year: load.c reports those. */
		{
			const struct category *low =
			    &r->categories[y->cats[y->ncats - 1]];

			if (dec_cmp(low->min, r->site.scale_min) > 0) {
				diag(d, DIAG_ERROR, low->pos.file,
				    low->pos.line, low->pos.col, "the lowest "
				    "category of %d ('%s') starts above "
				    "scale_min, so low scores would have no "
				    "category", y->year, low->code);
				rc = -1;
			}
		}
	}
	return rc;
}

/* Nonzero when editions a and b use different categories or aspects. */
static int
scheme_differs(const struct report *r, const struct year *a,
    const struct year *b)
{
	size_t i;

	if (a->ncats != b->ncats)
		return 1;
	/*
	 * A year without aspects only published totals: that is missing
	 * detail, not another instrument, so aspects are compared only when
	 * both years have them.
	 */
	if (a->naspects && b->naspects && a->naspects != b->naspects)
		return 1;
	for (i = 0; i < a->ncats; i++) {
		const struct category *x = &r->categories[a->cats[i]];
		const struct category *y = &r->categories[b->cats[i]];

		if (strcmp(x->code, y->code) != 0 ||
		    dec_cmp(x->min, y->min) != 0 || x->zone != y->zone)
			return 1;
	}
	for (i = 0; i < a->naspects && b->naspects; i++) {
		const struct aspect *x = &r->aspects[a->aspects[i]];
		const struct aspect *y = &r->aspects[b->aspects[i]];

		if (strcmp(x->id, y->id) != 0 ||
		    dec_cmp(x->weight, y->weight) != 0)
			return 1;
	}
	return 0;
}

size_t
compute_category(const struct report *r, const struct year *y, struct dec s)
{
	size_t i;

	for (i = 0; i < y->ncats; i++)
		if (dec_cmp(r->categories[y->cats[i]].min, s) <= 0)
			return y->cats[i];
	return NONE;
}

static int64_t
gcd64(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * The unit score of row s from its aspects, as an exact fraction.
 * Returns -1 (reported) when an aspect of the year has no value or the
 * figure cannot be computed.  Weights and values may each be up to 10^9
 * (10^18 dec units), so the weights are first divided by their common
 * divisor (integer or two-decimal weights become small) and every
 * product and sum is still checked rather than trusted to fit.
 */
static int
unit_from_aspects(const struct report *r, const struct year *y,
    const struct score_row *s, struct diags *d, int report,
    struct dec_ratio *out)
{
	dec_wide num = 0, den = 0;
	int64_t g = 0;
	size_t i;

	if (y->naspects == 0) {
		if (report)
			diag(d, DIAG_ERROR, s->pos.file, s->pos.line,
			    s->pos.col, "unit '%s' has no score and %d has "
			    "no aspects to compute one from",
			    r->units[s->unit].id, y->year);
		return -1;
	}
	for (i = 0; i < y->naspects; i++)
		g = gcd64(r->aspects[y->aspects[i]].weight.v, g);
	for (i = 0; i < y->naspects; i++) {
		size_t a = y->aspects[i];
		dec_wide w = r->aspects[a].weight.v / g, v = s->values[a].v, p;

		if (!s->has_value[a]) {
			if (report)
				diag(d, DIAG_ERROR, s->pos.file, s->pos.line,
				    s->pos.col, "unit '%s' has no score, and "
				    "aspect '%s' has no value to compute one "
				    "from", r->units[s->unit].id,
				    r->aspects[a].id);
			return -1;
		}
		if (r->site.unit_rule == UNIT_SUM)
			p = v;
		else if (__builtin_mul_overflow(w, v, &p) ||
		    __builtin_add_overflow(den, w, &den) ||
		    __builtin_add_overflow(num, p, &num)) {
			if (report)
				diag(d, DIAG_ERROR, s->pos.file, s->pos.line,
				    s->pos.col, "unit '%s': the weights and "
				    "values of %d are too large to compute a "
				    "score from", r->units[s->unit].id,
				    y->year);
			return -1;
		}
		if (r->site.unit_rule == UNIT_SUM)
			num += p;	/* at most 512 values of 10^18: fits */
	}
	if (r->site.unit_rule == UNIT_SUM)
		den = 1;
	/*
	 * A sum can leave every scale; it must fit a dec once rounded (the
	 * caller then finds it outside the scale and says so with the figure).
	 */
	if (num / den > (DEC_MAX_INT + 1) * DEC_ONE ||
	    num / den < -(DEC_MAX_INT + 1) * DEC_ONE) {
		if (report)
			diag(d, DIAG_ERROR, s->pos.file, s->pos.line,
			    s->pos.col, "unit '%s': the score computed from "
			    "its aspects is far outside the scale",
			    r->units[s->unit].id);
		return -1;
	}
	out->num = num;
	out->den = den;
	return 0;
}

static void
add_result(struct report *r, size_t *cap, const struct result *res)
{
	XGROW(&r->results, &r->nresults, cap);
	r->results[r->nresults++] = *res;
}

static int
result_order(const void *a, const void *b)
{
	return result_cmp(a, b);
}

/* Ranking: group key and score of result indices, sorted, then walked. */
enum rank_mode { BY_KIND, BY_PARENT, BY_ENTITY };
static enum rank_mode rank_mode;

static int
group_cmp(const struct result *x, const struct result *y)
{
	const struct report *r = cmp_report;

	switch (rank_mode) {
	case BY_KIND:
		return strcmp(r->entities[x->entity].kind,
		    r->entities[y->entity].kind);
	case BY_PARENT: {
		size_t px = r->entities[x->entity].parent;
		size_t py = r->entities[y->entity].parent;

		return (px > py) - (px < py);
	}
	default:
		return (x->entity > y->entity) - (x->entity < y->entity);
	}
}

static int
rank_cmp(const void *a, const void *b)
{
	const struct result *x = &cmp_report->results[*(const size_t *)a];
	const struct result *y = &cmp_report->results[*(const size_t *)b];
	int k = group_cmp(x, y);

	if (k)
		return k;
	k = -dec_cmp(x->score, y->score);
	if (k)
		return k;
	/* Equal scores: a stable order so output never depends on qsort. */
	return x->entity != y->entity ? (x->entity < y->entity ? -1 : 1) :
	    (x->unit > y->unit) - (x->unit < y->unit);
}

static void
rank_groups(struct report *r, size_t *idx, size_t n, enum rank_mode mode)
{
	size_t i, start;

	rank_mode = mode;
	cmp_report = r;
	qsort(idx, n, sizeof *idx, rank_cmp);
	for (start = 0; start < n; ) {
		size_t end = start + 1;

		while (end < n && group_cmp(&r->results[idx[start]],
		    &r->results[idx[end]]) == 0)
			end++;
		for (i = start; i < end; i++) {
			struct result *res = &r->results[idx[i]];
			/* Competition rank: 1 + how many scored strictly higher. */
			unsigned rank = (unsigned)(i - start) + 1;

			if (i > start && dec_cmp(r->results[idx[i - 1]].score,
			    res->score) == 0)
				rank = mode == BY_PARENT ?
				    r->results[idx[i - 1]].parent_rank :
				    r->results[idx[i - 1]].rank;
			if (mode == BY_PARENT) {
				res->parent_rank = rank;
				res->parent_rank_of = (unsigned)(end - start);
			} else {
				res->rank = rank;
				res->rank_of = (unsigned)(end - start);
			}
		}
		start = end;
	}
}

static void
rank_all(struct report *r)
{
	size_t *idx = xcalloc(r->nresults + 1, sizeof *idx);
	size_t i = 0, n, m, p;

	while (i < r->nresults) {
		int year = r->results[i].year;
		size_t end = i;

		while (end < r->nresults && r->results[end].year == year)
			end++;
		for (n = 0, p = i; p < end; p++)
			if (r->results[p].unit == NONE)
				idx[n++] = p;
		rank_groups(r, idx, n, BY_KIND);
		for (m = 0, p = i; p < end; p++)
			if (r->results[p].unit == NONE &&
			    r->entities[r->results[p].entity].parent != NONE)
				idx[m++] = p;
		rank_groups(r, idx, m, BY_PARENT);
		for (n = 0, p = i; p < end; p++)
			if (r->results[p].unit != NONE)
				idx[n++] = p;
		rank_groups(r, idx, n, BY_ENTITY);
		i = end;
	}
	free(idx);
}

/* The change of each result from the previous result of its entity or unit. */
static void
set_changes(struct report *r)
{
	size_t *last_e = xcalloc(r->nentities + 1, sizeof *last_e);
	size_t *last_u = xcalloc(r->nunits + 1, sizeof *last_u);
	size_t i;

	for (i = 0; i < r->nentities; i++)
		last_e[i] = NONE;
	for (i = 0; i < r->nunits; i++)
		last_u[i] = NONE;
	for (i = 0; i < r->nresults; i++) {
		struct result *res = &r->results[i];
		size_t *slot = res->unit == NONE ? &last_e[res->entity] :
		    &last_u[res->unit];

		if (*slot != NONE) {
			res->has_change = 1;
			res->prev_year = r->results[*slot].year;
			res->change.v = res->score.v - r->results[*slot].score.v;
		}
		*slot = i;
	}
	free(last_e);
	free(last_u);
}

/*
 * The result of the unit score row s (row number i) into *res: its
 * given score (with a warning when its aspects disagree) or the one
 * computed from its aspects.  Returns 0, or -1 after reporting why
 * there is none.
 */
static int
unit_result(const struct report *r, size_t i, struct diags *d,
    struct result *res)
{
	const struct site *st = &r->site;
	const struct score_row *s = &r->scores[i];
	const struct year *y = &r->years[report_year(r, s->year)];
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct dec_ratio q;
	int rc = 0;

	memset(res, 0, sizeof *res);
	res->year = s->year;
	res->entity = s->entity;
	res->unit = s->unit;
	res->row = i;
	if (s->has_score) {
		res->source = SRC_GIVEN;
		res->score = dec_round(dec_ratio_of(s->score), st->decimals,
		    st->rounding);
		if (unit_from_aspects(r, y, s, d, 0, &q) == 0 &&
		    dec_differs(s->score, q, st->decimals)) {
			/* Pages show both figures (render_pages.c). */
			res->aspects_differ = 1;
			res->aspects_score = dec_round(q, st->decimals,
			    st->rounding);
			dec_format(&a, res->score, st->decimals, '.', 0);
			dec_format(&b, res->aspects_score, st->decimals, '.',
			    0);
			diag(d, DIAG_WARNING, s->pos.file, s->pos.line,
			    s->pos.col, "unit '%s': the given score %s "
			    "differs from %s computed from its aspects (the "
			    "given score is used)", r->units[s->unit].id,
			    buf_str(&a), buf_str(&b));
		}
		goto out;
	}
	if (unit_from_aspects(r, y, s, d, 1, &q) != 0)
		return -1;
	res->source = SRC_COMPUTED;
	res->score = dec_round(q, st->decimals, st->rounding);
	if (dec_cmp(res->score, st->scale_min) < 0 ||
	    dec_cmp(res->score, st->scale_max) > 0) {
		dec_format(&a, res->score, st->decimals, '.', 0);
		diag(d, DIAG_ERROR, s->pos.file, s->pos.line, s->pos.col,
		    "unit '%s': the score computed from its aspects, %s, is "
		    "outside the scale", r->units[s->unit].id, buf_str(&a));
		rc = -1;
	}
out:
	buf_free(&a);
	buf_free(&b);
	return rc;
}

/* A result for every entity total row, its published score rounded. */
static void
add_totals(struct report *r, size_t *cap)
{
	const struct site *st = &r->site;
	size_t i;

	for (i = 0; i < r->nscores; i++) {
		const struct score_row *s = &r->scores[i];
		struct result res;

		if (s->unit != NONE)
			continue;
		memset(&res, 0, sizeof res);
		res.year = s->year;
		res.entity = s->entity;
		res.unit = NONE;
		res.row = i;
		res.source = SRC_PUBLISHED;
		res.score = dec_round(dec_ratio_of(s->score), st->decimals,
		    st->rounding);
		add_result(r, cap, &res);
	}
}

/*
 * The mean of the units' rounded scores for each (year, entity) of the
 * sorted results: kept beside a published total (which may differ
 * from it), or appended as the entity's result where there is none.
 */
static void
add_means(struct report *r, size_t *cap)
{
	const struct site *st = &r->site;
	size_t start, n0 = r->nresults;	/* means are appended past n0 */

	for (start = 0; start < n0; ) {
		size_t end = start, k;
		dec_wide sum = 0;
		struct result *tot = NULL, res;

		while (end < n0 &&
		    r->results[end].year == r->results[start].year &&
		    r->results[end].entity == r->results[start].entity)
			end++;
		memset(&res, 0, sizeof res);
		for (k = start; k < end; k++) {
			if (r->results[k].unit == NONE)
				tot = &r->results[k];
			else {
				sum += r->results[k].score.v;
				res.nunits++;
			}
		}
		if (res.nunits) {
			struct dec_ratio q = { sum, (dec_wide)res.nunits };

			res.has_mean = 1;
			res.mean = dec_round(q, st->decimals, st->rounding);
		}
		if (tot) {
			tot->has_mean = res.has_mean;
			tot->mean = res.mean;
			tot->nunits = res.nunits;
			tot->mean_differs = res.has_mean &&
			    dec_cmp(tot->mean, tot->score) != 0;
		} else {
			res.year = r->results[start].year;
			res.entity = r->results[start].entity;
			res.unit = NONE;
			res.row = NONE;
			res.source = SRC_MEAN;
			res.score = res.mean;
			add_result(r, cap, &res);
		}
		start = end;
	}
}

static void
set_categories(struct report *r)
{
	size_t i;

	for (i = 0; i < r->nresults; i++) {
		struct result *res = &r->results[i];
		const struct year *y = &r->years[report_year(r, res->year)];

		res->category = compute_category(r, y, res->score);
		/* make_years guarantees a category at or below scale_min. */
		res->zone = res->category == NONE ? NONE :
		    r->categories[res->category].zone;
	}
}

/* Nonzero when unit row s has neither a score nor any aspect value. */
static int
row_is_empty(const struct report *r, const struct score_row *s)
{
	size_t k;

	if (s->has_score)
		return 0;
	for (k = 0; k < r->naspects; k++)
		if (s->has_value[k])
			return 0;
	return 1;
}

/*
 * The units assessed but not released (empty rows), then for each body
 * whose every row that year is such a unit a row of its own, so that
 * the downloads show the body before its units; sorted as the results.
 */
static void
add_unreleased(struct report *r)
{
	size_t i, n, cap = 0;

	for (i = 0; i < r->nscores; i++) {
		const struct score_row *s = &r->scores[i];
		struct result x;

		if (s->unit == NONE || !row_is_empty(r, s))
			continue;
		memset(&x, 0, sizeof x);
		x.year = s->year;
		x.entity = s->entity;
		x.unit = s->unit;
		x.row = i;
		x.source = SRC_NOT_RELEASED;
		x.category = x.zone = NONE;
		XGROW(&r->unreleased, &r->nunreleased, &cap);
		r->unreleased[r->nunreleased++] = x;
	}
	if (r->nunreleased == 0)
		return;
	qsort(r->unreleased, r->nunreleased, sizeof *r->unreleased,
	    result_order);
	for (i = 0, n = r->nunreleased; i < n; i++) {
		struct result x = r->unreleased[i];

		if ((i > 0 && r->unreleased[i - 1].year == x.year &&
		    r->unreleased[i - 1].entity == x.entity) ||
		    result_find(r->results, r->nresults, x.year, x.entity,
		    NONE) != NONE)
			continue;
		x.unit = NONE;
		x.row = NONE;
		XGROW(&r->unreleased, &r->nunreleased, &cap);
		r->unreleased[r->nunreleased++] = x;
	}
	qsort(r->unreleased, r->nunreleased, sizeof *r->unreleased,
	    result_order);
}

int
compute_report(struct report *r, struct diags *d)
{
	size_t i, cap = 0;
	int rc = make_years(r, d);

	for (i = 1; i < r->nyears; i++)
		r->years[i].scheme_changed = scheme_differs(r, &r->years[i - 1],
		    &r->years[i]);
	if (rc != 0)
		return -1;
	/* Units first: entity means need their rounded scores. */
	for (i = 0; i < r->nscores; i++) {
		struct result res;

		if (r->scores[i].unit == NONE ||
		    row_is_empty(r, &r->scores[i]))
			continue;
		if (unit_result(r, i, d, &res) == 0)
			add_result(r, &cap, &res);
		else
			rc = -1;
	}
	/* Entity total rows, then the means, which need results sorted. */
	add_totals(r, &cap);
	if (r->nresults)
		qsort(r->results, r->nresults, sizeof *r->results,
		    result_order);
	add_means(r, &cap);
	if (r->nresults)
		qsort(r->results, r->nresults, sizeof *r->results,
		    result_order);
	set_categories(r);
	rank_all(r);
	set_changes(r);
	add_unreleased(r);
	if (rc == 0)
		revisions_compute(r, d);
	return rc;
}
