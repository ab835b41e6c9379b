/* Compute stage, releases and corrections: see include/revisions.h. */
#include "revisions.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

const char *
change_name(enum change_kind k)
{
	switch (k) {
	case CHANGE_ADDED: return "added";
	case CHANGE_REMOVED: return "removed";
	default: return "corrected";
	}
}

/* The current data's row of result x, as a release would record it. */
static void
current_row(const struct report *r, const struct result *x,
    struct release_row *w)
{
	const struct category *c = x->category == NONE ? NULL :
	    &r->categories[x->category];
	struct buf b = BUF_INIT;

	memset(w, 0, sizeof *w);
	w->year = x->year;
	w->entity = xstrdup(r->entities[x->entity].id);
	w->entity_name = xstrdup(r->entities[x->entity].name);
	w->unit = xstrdup(x->unit == NONE ? "" : r->units[x->unit].id);
	w->unit_name = xstrdup(x->unit == NONE ? "" : r->units[x->unit].name);
	w->has_score = x->source != SRC_NOT_RELEASED;
	if (w->has_score) {
		w->score = x->score;
		dec_format(&b, x->score, r->site.decimals, '.', 0);
	}
	w->score_text = buf_detach(&b);
	if (w->score_text == NULL)
		w->score_text = xstrdup("");
	w->category = xstrdup(c ? c->code : "");
	w->category_name = xstrdup(c ? c->name : "");
	w->zone = xstrdup(x->zone == NONE ? "" : r->zones[x->zone].id);
}

/* r->current: every row of results.csv, in its order. */
static void
make_current(struct report *r)
{
	const struct result *x;
	size_t i = 0, j = 0, cap = 0;

	release_free(&r->current);
	while ((x = report_next_row(r, &i, r->nresults, &j,
	    r->nunreleased)) != NULL) {
		XGROW(&r->current.rows, &r->current.nrows, &cap);
		current_row(r, x, &r->current.rows[r->current.nrows++]);
	}
}

/* Nonzero when x and y show the same figure (a file without a category
 * or zone column has nothing to compare there). */
static int
same_figure(const struct release_row *x, const struct release_row *y)
{
	if (x->has_score != y->has_score)
		return 0;
	if (x->has_score && dec_cmp(x->score, y->score) != 0)
		return 0;
	if (x->category && y->category && strcmp(x->category, y->category))
		return 0;
	if (x->zone && y->zone && strcmp(x->zone, y->zone))
		return 0;
	return 1;
}

static void
add(struct report *r, size_t *cap, size_t release, enum change_kind k,
    size_t old_row, size_t new_row, const struct release_row *w)
{
	struct revision *v;

	XGROW(&r->revisions, &r->nrevisions, cap);
	v = &r->revisions[r->nrevisions++];
	memset(v, 0, sizeof *v);
	v->release = release;
	v->change = k;
	v->old_row = old_row;
	v->new_row = new_row;
	v->year = w->year;
	v->entity = report_entity(r, w->entity);
	v->is_unit = w->unit[0] != '\0';
	v->unit = v->is_unit && v->entity != NONE ?
	    report_unit(r, v->entity, w->unit) : NONE;
}

/* The changes from release a to b (made by release, or NONE), in order. */
static void
compare(struct report *r, size_t *cap, const struct release *a,
    const struct release *b, size_t release)
{
	size_t i = 0, j = 0;

	while (i < a->nrows || j < b->nrows) {
		int k = i == a->nrows ? 1 : j == b->nrows ? -1 :
		    release_row_cmp(&a->rows[i], &b->rows[j]);

		if (k < 0) {
			add(r, cap, release, CHANGE_REMOVED, i, NONE,
			    &a->rows[i]);
			i++;
		} else if (k > 0) {
			add(r, cap, release, CHANGE_ADDED, NONE, j,
			    &b->rows[j]);
			j++;
		} else {
			if (!same_figure(&a->rows[i], &b->rows[j]))
				add(r, cap, release, CHANGE_CORRECTED, i, j,
				    &b->rows[j]);
			i++;
			j++;
		}
	}
}

const struct release_row *
revision_old(const struct report *r, const struct revision *v)
{
	size_t before = v->release == NONE ? r->nreleases - 1 : v->release - 1;

	if (v->old_row == NONE)
		return NULL;
	return &r->releases[before].rows[v->old_row];
}

const struct release_row *
revision_new(const struct report *r, const struct revision *v)
{
	const struct release *rel = v->release == NONE ? &r->current :
	    &r->releases[v->release];

	return v->new_row == NONE ? NULL : &rel->rows[v->new_row];
}

/* The row a revision is about: as it is after it, or as it was. */
static const struct release_row *
row_of(const struct report *r, const struct revision *v)
{
	const struct release_row *w = revision_new(r, v);

	return w ? w : revision_old(r, v);
}

static const struct report *sort_report; /* qsort has no context argument */

static int
by_row(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int k = release_row_cmp(row_of(sort_report, &sort_report->revisions[x]),
	    row_of(sort_report, &sort_report->revisions[y]));

	return k ? k : (x > y) - (x < y);
}

/* The row of r->rev_by_row[k] against (year, entity id). */
static int
key_cmp(const struct report *r, size_t k, int year, const char *id)
{
	const struct release_row *w = row_of(r,
	    &r->revisions[r->rev_by_row[k]]);

	if (w->year != year)
		return w->year < year ? -1 : 1;
	return strcmp(w->entity, id);
}

void
revisions_of(const struct report *r, int year, size_t e, size_t *lo,
    size_t *hi)
{
	const char *id = r->entities[e].id;
	size_t a = 0, b = r->nrevisions;

	while (a < b) {	/* the first not before the key */
		size_t mid = a + (b - a) / 2;

		if (key_cmp(r, mid, year, id) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = r->nrevisions;
	while (a < b) {	/* the first after it */
		size_t mid = a + (b - a) / 2;

		if (key_cmp(r, mid, year, id) <= 0)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

void
revisions_compute(struct report *r, struct diags *d)
{
	size_t i, cap = 0;

	release_free(&r->current);
	free(r->revisions);
	free(r->rev_by_row);
	r->revisions = NULL;
	r->rev_by_row = NULL;
	r->nrevisions = r->npending = 0;
	if (r->nreleases == 0)
		return;
	make_current(r);
	for (i = 1; i < r->nreleases; i++)
		compare(r, &cap, &r->releases[i - 1], &r->releases[i], i);
	i = r->nrevisions;
	compare(r, &cap, &r->releases[r->nreleases - 1], &r->current, NONE);
	r->npending = r->nrevisions - i;
	r->rev_by_row = xcalloc(r->nrevisions + 1, sizeof *r->rev_by_row);
	for (i = 0; i < r->nrevisions; i++)
		r->rev_by_row[i] = i;
	sort_report = r;
	qsort(r->rev_by_row, r->nrevisions, sizeof *r->rev_by_row, by_row);
	if (r->npending)
		diag(d, DIAG_WARNING, r->releases[r->nreleases - 1].file, 0, 0,
		    "the current data differs from this release, the latest, "
		    "in %zu figure%s: 'rapor diff' lists them, 'rapor release' "
		    "records them", r->npending, r->npending == 1 ? "" : "s");
}
