/* Model helpers: lookups and freeing; see include/model.h. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

int
yearset_has(const struct yearset *ys, int y)
{
	size_t i;

	if (ys->all)
		return 1;
	for (i = 0; i < ys->n; i++)
		if (y >= ys->ranges[i][0] && y <= ys->ranges[i][1])
			return 1;
	return 0;
}

size_t
report_entity(const struct report *r, const char *id)
{
	size_t lo = 0, hi = r->nentities;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = strcmp(id, r->entities[mid].id);

		if (k == 0)
			return mid;
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NONE;
}

size_t
report_unit(const struct report *r, size_t e, const char *id)
{
	size_t lo = 0, hi = r->nunits;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct unit *u = &r->units[mid];
		int k = e != u->entity ? (e < u->entity ? -1 : 1) :
		    strcmp(id, u->id);

		if (k == 0)
			return mid;
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NONE;
}

int
result_cmp(const struct result *x, const struct result *y)
{
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->entity != y->entity)
		return x->entity < y->entity ? -1 : 1;
	if (x->unit != y->unit) {
		if (x->unit == NONE)
			return -1;
		if (y->unit == NONE)
			return 1;
		return x->unit < y->unit ? -1 : 1;
	}
	return 0;
}

size_t
result_find(const struct result *v, size_t n, int year, size_t e, size_t u)
{
	struct result key;
	size_t lo = 0, hi = n;

	memset(&key, 0, sizeof key);
	key.year = year;
	key.entity = e;
	key.unit = u;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = result_cmp(&key, &v[mid]);

		if (k == 0)
			return mid;
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NONE;
}

const struct result *
report_next_row(const struct report *r, size_t *i, size_t ie, size_t *j,
    size_t je)
{
	if (*i < ie && (*j >= je ||
	    result_cmp(&r->results[*i], &r->unreleased[*j]) < 0))
		return &r->results[(*i)++];
	if (*j < je)
		return &r->unreleased[(*j)++];
	return NULL;
}

size_t
report_units(const struct report *r, size_t e, size_t *n)
{
	size_t lo = 0, hi = r->nunits, first;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->units[mid].entity < e)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < r->nunits && r->units[lo].entity == e)
		lo++;
	*n = lo - first;
	return first;
}

size_t
report_year(const struct report *r, int y)
{
	size_t i;

	for (i = 0; i < r->nyears; i++)
		if (r->years[i].year == y)
			return i;
	return NONE;
}

int
release_row_cmp(const struct release_row *a, const struct release_row *b)
{
	int k;

	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if ((k = strcmp(a->entity, b->entity)) != 0)
		return k;
	return strcmp(a->unit, b->unit);
}

void
release_row_free(struct release_row *w)
{
	free(w->entity);
	free(w->entity_name);
	free(w->unit);
	free(w->unit_name);
	free(w->score_text);
	free(w->category);
	free(w->category_name);
	free(w->zone);
	memset(w, 0, sizeof *w);
}

void
release_free(struct release *rel)
{
	size_t i;

	for (i = 0; i < rel->nrows; i++)
		release_row_free(&rel->rows[i]);
	free(rel->rows);
	free(rel->bytes);
	memset(rel, 0, sizeof *rel);
}

void
report_free(struct report *r)
{
	size_t i;

	free(r->dir);
	free(r->site.title);
	free(r->site.description);
	free(r->site.base_url);
	free(r->site.publisher);
	free(r->site.source_url);
	free(r->site.source_name);
	for (i = 0; i < r->nzones; i++) {
		free(r->zones[i].id);
		free(r->zones[i].name);
		free(r->zones[i].color);
	}
	free(r->zones);
	for (i = 0; i < r->ncategories; i++) {
		free(r->categories[i].years.ranges);
		free(r->categories[i].code);
		free(r->categories[i].name);
	}
	free(r->categories);
	for (i = 0; i < r->naspects; i++) {
		free(r->aspects[i].years.ranges);
		free(r->aspects[i].id);
		free(r->aspects[i].name);
	}
	free(r->aspects);
	for (i = 0; i < r->nentities; i++) {
		free(r->entities[i].id);
		free(r->entities[i].name);
		free(r->entities[i].kind);
		free(r->entities[i].parent_id);
	}
	free(r->entities);
	for (i = 0; i < r->nunits; i++) {
		free(r->units[i].id);
		free(r->units[i].name);
		free(r->units[i].kind);
	}
	free(r->units);
	for (i = 0; i < r->nscores; i++) {
		free(r->scores[i].values);
		free(r->scores[i].has_value);
	}
	free(r->scores);
	for (i = 0; i < r->nyears; i++) {
		free(r->years[i].cats);
		free(r->years[i].aspects);
	}
	free(r->years);
	free(r->results);
	free(r->unreleased);
	for (i = 0; i < r->nreleases; i++)
		release_free(&r->releases[i]);
	free(r->releases);
	release_free(&r->current);
	free(r->revisions);
	free(r->rev_by_row);
	for (i = 0; i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	memset(r, 0, sizeof *r);
}
