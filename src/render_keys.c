/*
 * Render stage, keys: what each output file is made from, as one hash,
 * so that a rebuild renders a file only when its key changed (publish.h
 * keeps the published one otherwise).  A key must cover every input of
 * its file: a missing one is a stale page, the one thing an incremental
 * build must never give.  So the keys are coarse, by design: a body's
 * pages all hash everything of the body (every result of it and of its
 * units in every year, its records, its commentary), the year pages
 * every result of the year; and every page hashes the whole of the
 * scheme, the site settings, the strings and the rapor binary, and the
 * templates its own template reaches (tpl_digest()).
 * tests/incremental.test.sh checks, edit after edit, that a rebuild
 * equals a clean build.
 *
 * When a page shows something new, its key must hash it: the comment
 * above each fill function in render_pages.c says what it reads.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "render_impl.h"
#include "template.h"
#include "util.h"
#include "xalloc.h"

static uint64_t
hash_dec(uint64_t h, struct dec x)
{
	return hash_int(h, (long long)x.v);
}

static uint64_t
hash_years(uint64_t h, const struct yearset *ys)
{
	size_t i;

	h = hash_int(h, ys->all);
	h = hash_int(h, (long long)ys->n);
	for (i = 0; i < ys->n; i++) {
		h = hash_int(h, ys->ranges[i][0]);
		h = hash_int(h, ys->ranges[i][1]);
	}
	return h;
}

/*
 * Every field of a result that a page can show, and the score row
 * behind it (the aspect values).  A field added to struct result must be
 * added here.
 */
static uint64_t
hash_result(uint64_t h, const struct report *r, const struct result *res)
{
	h = hash_int(h, res->year);
	h = hash_int(h, (long long)res->entity);
	h = hash_int(h, (long long)res->unit);
	h = hash_int(h, res->source);
	h = hash_dec(h, res->score);
	h = hash_int(h, res->has_mean);
	h = hash_dec(h, res->mean);
	h = hash_int(h, (long long)res->nunits);
	h = hash_int(h, res->mean_differs);
	h = hash_int(h, res->aspects_differ);
	h = hash_dec(h, res->aspects_score);
	h = hash_int(h, (long long)res->category);
	h = hash_int(h, (long long)res->zone);
	h = hash_int(h, res->rank);
	h = hash_int(h, res->rank_of);
	h = hash_int(h, res->parent_rank);
	h = hash_int(h, res->parent_rank_of);
	h = hash_int(h, res->has_change);
	h = hash_int(h, res->prev_year);
	h = hash_dec(h, res->change);
	h = hash_int(h, res->row != NONE);
	if (res->row != NONE) {
		const struct score_row *s = &r->scores[res->row];
		size_t a;

		h = hash_int(h, s->has_score);
		h = hash_dec(h, s->score);
		for (a = 0; a < r->naspects; a++) {
			h = hash_int(h, s->has_value[a]);
			if (s->has_value[a])
				h = hash_dec(h, s->values[a]);
		}
	}
	return h;
}

static uint64_t hash_doc(uint64_t h, const struct doc *d);

/* A row of a release, or of the current data as a release records it. */
static uint64_t
hash_release_row(uint64_t h, const struct release_row *w)
{
	h = hash_int(h, w->year);
	h = hash_str(h, w->entity);
	h = hash_str(h, w->entity_name);
	h = hash_str(h, w->unit);
	h = hash_str(h, w->unit_name);
	h = hash_int(h, w->has_score);
	h = hash_dec(h, w->score);
	h = hash_str(h, w->score_text);
	h = hash_str(h, w->category);
	h = hash_str(h, w->category_name);
	return hash_str(h, w->zone);
}

/*
 * A change of one figure as the log and the notices show it: when
 * (its release's date, 0 not yet released), what, whose (under the
 * current names), and both rows.
 */
static uint64_t
hash_revision(uint64_t h, const struct report *r, const struct revision *v)
{
	const struct release *was, *now;

	if (v->release == NONE) {
		was = &r->releases[r->nreleases - 1];
		now = &r->current;
	} else {
		was = v->release > 0 ? &r->releases[v->release - 1] : NULL;
		now = &r->releases[v->release];
	}
	h = hash_int(h, now->date);
	h = hash_int(h, v->change);
	h = hash_int(h, v->year);
	h = hash_int(h, (long long)v->entity);
	h = hash_int(h, (long long)v->unit);
	h = hash_int(h, v->is_unit);
	/* The log names the figure as the current data does. */
	if (v->entity != NONE)
		h = hash_str(h, r->entities[v->entity].name);
	if (v->unit != NONE)
		h = hash_str(h, r->units[v->unit].name);
	h = hash_int(h, v->old_row != NONE);
	if (v->old_row != NONE && was != NULL)
		h = hash_release_row(h, &was->rows[v->old_row]);
	h = hash_int(h, v->new_row != NONE);
	if (v->new_row != NONE)
		h = hash_release_row(h, &now->rows[v->new_row]);
	return h;
}

/*
 * What the revision log shows beside the changes: every release (its
 * date and bytes, published as they are) and the notes.
 */
static uint64_t
hash_releases(uint64_t h, const struct report *r, const struct docset *ds)
{
	size_t i;

	h = hash_int(h, (long long)r->nreleases);
	for (i = 0; i < r->nreleases; i++) {
		h = hash_int(h, r->releases[i].date);
		h = hash_bytes(h, r->releases[i].bytes, r->releases[i].len);
	}
	for (i = 0; i < ds->n; i++)
		if (ds->v[i].kind == DOC_RELEASE)
			h = hash_doc(h, &ds->v[i]);
	return h;
}

static uint64_t
hash_entity(uint64_t h, const struct report *r, size_t e)
{
	const struct entity *en = &r->entities[e];

	h = hash_str(h, en->id);
	h = hash_str(h, en->name);
	h = hash_str(h, en->kind);
	h = hash_int(h, (long long)en->parent);
	if (en->parent != NONE) {
		h = hash_str(h, r->entities[en->parent].id);
		h = hash_str(h, r->entities[en->parent].name);
	}
	return h;
}

static uint64_t
hash_doc(uint64_t h, const struct doc *d)
{
	h = hash_int(h, d->kind);
	h = hash_str(h, d->name);
	h = hash_int(h, d->year);
	h = hash_int(h, (long long)d->entity);
	h = hash_int(h, (long long)d->unit);
	h = hash_str(h, d->title);
	h = hash_str(h, d->summary);
	h = hash_int(h, d->date);
	/* A deferred set's source rather than its HTML: html is a
	 * function of md alone (and of the program, which every key has),
	 * and is not made before its page is. */
	h = hash_int(h, d->md != NULL);
	return hash_str(h, d->md != NULL ? d->md : d->html);
}

/* What every data file depends on: the scheme, the settings, the years,
 * and the program that writes them. */
static uint64_t
data_global(const struct report *r, uint64_t salt)
{
	const struct site *s = &r->site;
	uint64_t h = hash_int(HASH_INIT, (long long)salt);
	size_t i, k;

	h = hash_str(h, s->title);
	h = hash_str(h, s->description);
	h = hash_str(h, s->base_url);
	h = hash_int(h, s->language);
	h = hash_str(h, s->publisher);
	h = hash_str(h, s->source_url);
	h = hash_str(h, s->source_name);
	h = hash_dec(h, s->scale_min);
	h = hash_dec(h, s->scale_max);
	h = hash_int(h, s->decimals);
	h = hash_int(h, s->rounding);
	h = hash_int(h, s->unit_rule);
	for (i = 0; i < r->nzones; i++) {
		h = hash_str(h, r->zones[i].id);
		h = hash_str(h, r->zones[i].name);
		h = hash_str(h, r->zones[i].color);
	}
	for (i = 0; i < r->ncategories; i++) {
		h = hash_years(h, &r->categories[i].years);
		h = hash_str(h, r->categories[i].code);
		h = hash_str(h, r->categories[i].name);
		h = hash_dec(h, r->categories[i].min);
		h = hash_int(h, (long long)r->categories[i].zone);
	}
	for (i = 0; i < r->naspects; i++) {
		h = hash_years(h, &r->aspects[i].years);
		h = hash_str(h, r->aspects[i].id);
		h = hash_str(h, r->aspects[i].name);
		h = hash_dec(h, r->aspects[i].weight);
	}
	for (i = 0; i < r->nyears; i++) {
		const struct year *y = &r->years[i];

		h = hash_int(h, y->year);
		h = hash_int(h, y->scheme_changed);
		for (k = 0; k < y->ncats; k++)
			h = hash_int(h, (long long)y->cats[k]);
		for (k = 0; k < y->naspects; k++)
			h = hash_int(h, (long long)y->aspects[k]);
	}
	return h;
}

/*
 * The running program, which writes every byte: an upgrade of rapor
 * makes every file again.  Also SOURCE_DATE_EPOCH, which dates may
 * come from.
 */
static uint64_t
program_salt(void)
{
	static uint64_t exe_h;	/* the binary does not change under us */
	static int have;
	const char *sde = getenv("SOURCE_DATE_EPOCH");

	if (!have) {
		char *exe = self_exe();

		exe_h = HASH_INIT;
		(void)hash_path(&exe_h, exe);	/* unreadable: as it stands */
		free(exe);
		have = 1;
	}
	return hash_int(hash_str(HASH_INIT, sde), (long long)exe_h);
}

int
render_inputs(const char *content, const char *templates,
    const char *output, int charts, uint64_t *digest)
{
	uint64_t h = program_salt();

	h = hash_str(h, content);
	h = hash_str(h, templates);
	h = hash_str(h, output);
	h = hash_int(h, charts);
	if (charts)
		h = hash_int(h, (long long)charts_salt());
	if (hash_folder(&h, content) != 0 || hash_folder(&h, templates) != 0)
		return -1;
	*digest = h;
	return 0;
}

static const struct report *tie_r;	/* qsort has no context argument */

/* Results in ranking order: a ranking's members together, by rank. */
static int
by_ranking(const void *a, const void *b)
{
	const struct result *x = &tie_r->results[*(const size_t *)a];
	const struct result *y = &tie_r->results[*(const size_t *)b];
	int k;

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if ((x->unit == NONE) != (y->unit == NONE))
		return x->unit == NONE ? -1 : 1;
	if (x->unit == NONE)
		k = strcmp(tie_r->entities[x->entity].kind,
		    tie_r->entities[y->entity].kind);
	else
		k = x->entity < y->entity ? -1 : x->entity > y->entity;
	if (k)
		return k;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Results of bodies with a parent, a parent's children together, by rank. */
static int
by_parent_ranking(const void *a, const void *b)
{
	const struct result *x = &tie_r->results[*(const size_t *)a];
	const struct result *y = &tie_r->results[*(const size_t *)b];
	size_t px = tie_r->entities[x->entity].parent;
	size_t py = tie_r->entities[y->entity].parent;

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (px != py)
		return px < py ? -1 : 1;
	if (x->parent_rank != y->parent_rank)
		return x->parent_rank < y->parent_rank ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/*
 * Mark each result that shares its rank in its ranking (TIE_RANK) and
 * each body's result that shares its rank among its parent's bodies
 * (TIE_PARENT).
 */
static void
find_ties(const struct report *r, unsigned char *tied)
{
	size_t *idx = xcalloc(r->nresults + 1, sizeof *idx), i, n;

	for (i = 0; i < r->nresults; i++)
		idx[i] = i;
	tie_r = r;
	qsort(idx, r->nresults, sizeof *idx, by_ranking);
	for (i = 0; i + 1 < r->nresults; i++) {
		const struct result *x = &r->results[idx[i]];
		const struct result *y = &r->results[idx[i + 1]];

		if (x->year == y->year && x->rank == y->rank &&
		    (x->unit == NONE) == (y->unit == NONE) && (x->unit == NONE ?
		    strcmp(r->entities[x->entity].kind,
		    r->entities[y->entity].kind) == 0 : x->entity == y->entity)) {
			tied[idx[i]] |= TIE_RANK;
			tied[idx[i + 1]] |= TIE_RANK;
		}
	}
	for (i = n = 0; i < r->nresults; i++)
		if (r->results[i].unit == NONE &&
		    r->results[i].parent_rank_of > 0)
			idx[n++] = i;
	qsort(idx, n, sizeof *idx, by_parent_ranking);
	for (i = 0; i + 1 < n; i++) {
		const struct result *x = &r->results[idx[i]];
		const struct result *y = &r->results[idx[i + 1]];

		if (x->year == y->year && x->parent_rank == y->parent_rank &&
		    r->entities[x->entity].parent ==
		    r->entities[y->entity].parent) {
			tied[idx[i]] |= TIE_PARENT;
			tied[idx[i + 1]] |= TIE_PARENT;
		}
	}
	free(idx);
}

/* A template's digest, once per name (a page kind's template is met
 * thousands of times). */
static void
tpl_keys(struct page_keys *k, const struct site_plan *plan)
{
	size_t i;

	for (i = 0; i <= plan->n; i++) {
		const char *name = i < plan->n ? page_template(&plan->v[i]) :
		    "embed";
		size_t j;

		for (j = 0; j < k->ntpl && strcmp(k->tpl[j].name, name) != 0; j++)
			;
		if (j < k->ntpl || k->ntpl == sizeof k->tpl / sizeof k->tpl[0])
			continue;
		k->tpl[j].name = name;
		k->tpl[j].h = tpl_digest(k->set, name, HASH_INIT);
		k->ntpl++;
	}
}

/* What rendering with the template name reads of the templates. */
static uint64_t
key_tpl(const struct page_keys *k, const char *name)
{
	size_t j;

	for (j = 0; j < k->ntpl; j++)
		if (strcmp(k->tpl[j].name, name) == 0)
			return k->tpl[j].h;
	return tpl_digest(k->set, name, HASH_INIT);
}

void
keys_make(struct rctx *c, const struct tpl_set *tpl, const char *templates_dir,
    int charts)
{
	const struct report *r = c->r;
	struct page_keys *k = &c->keys;
	size_t i, y, ny = r->nyears;
	uint64_t *e_acc;
	struct buf lang = BUF_INIT;

	memset(k, 0, sizeof *k);
	k->data = data_global(r, program_salt());
	/*
	 * Pages also show the strings, whether charts are drawn, and the
	 * navigation (the standalone pages); each the templates its own
	 * reaches (key_tpl()).  The assets are files of their own, linked
	 * by name: a change of the stylesheet makes no page again.
	 */
	k->page = k->data;
	buf_printf(&lang, "%s/lang", templates_dir);
	(void)hash_folder(&k->page, lang.data);	/* what it could read */
	buf_free(&lang);
	k->page = hash_int(k->page, charts);
	k->set = tpl;
	tpl_keys(k, c->plan);
	for (i = 0; i < c->ds->n; i++)
		if (c->ds->v[i].kind == DOC_PAGE) {
			k->page = hash_str(k->page, c->ds->v[i].name);
			k->page = hash_str(k->page, c->ds->v[i].title);
		}
	if (charts)
		k->page = hash_int(k->page, (long long)c->salt);
	/* Every footer links the revision log when there are releases. */
	k->page = hash_int(k->page, r->nreleases > 0);
	/* Every page's citation names the latest release's date. */
	if (r->nreleases > 0)
		k->page = hash_int(k->page, r->releases[r->nreleases - 1].date);
	k->rel = hash_releases(k->data, r, c->ds);
	k->entity = xcalloc(r->nentities + 1, sizeof *k->entity);
	k->year = xcalloc(ny + 1, sizeof *k->year);
	for (y = 0; y < ny; y++)
		k->year[y] = HASH_INIT;
	k->entity_year = xcalloc(r->nentities * ny + 1,
	    sizeof *k->entity_year);
	k->kin_year = xcalloc(r->nentities * ny + 1, sizeof *k->kin_year);
	k->tied = xcalloc(r->nresults + 1, sizeof *k->tied);
	find_ties(r, k->tied);
	e_acc = k->entity;
	for (i = 0; i < r->nentities; i++)
		e_acc[i] = hash_entity(HASH_INIT, r, i);
	for (i = 0; i < r->nunits; i++) {
		const struct unit *u = &r->units[i];

		e_acc[u->entity] = hash_str(e_acc[u->entity], u->id);
		e_acc[u->entity] = hash_str(e_acc[u->entity], u->name);
		e_acc[u->entity] = hash_str(e_acc[u->entity], u->kind);
	}
	k->all = HASH_INIT;
	for (i = 0; i < r->nresults; i++) {
		const struct result *res = &r->results[i];
		size_t yi = report_year(r, res->year);
		uint64_t rh = hash_int(hash_result(HASH_INIT, r, res),
		    k->tied[i]);

		e_acc[res->entity] = hash_int(e_acc[res->entity], (long long)rh);
		k->all = hash_int(k->all, (long long)rh);
		if (res->unit == NONE) {
			size_t ey = yi * r->nentities + res->entity;

			k->entity_year[ey] = hash_entity(hash_int(HASH_INIT,
			    (long long)rh), r, res->entity);
		}
		/* A year page ranks bodies by kind under their names. */
		k->year[yi] = hash_int(k->year[yi], (long long)rh);
		if (res->unit == NONE)
			k->year[yi] = hash_entity(k->year[yi], r, res->entity);
		else
			k->year[yi] = hash_str(k->year[yi],
			    r->units[res->unit].name);
	}
	/*
	 * Units assessed but not released are listed on their body's pages
	 * and in the downloads; the changes of the releases are on the log
	 * and in the notices of their body's pages.
	 */
	for (i = 0; i < r->nunreleased; i++) {
		const struct result *res = &r->unreleased[i];
		size_t yi = report_year(r, res->year);
		uint64_t rh = hash_result(HASH_INIT, r, res);

		e_acc[res->entity] = hash_int(e_acc[res->entity], (long long)rh);
		k->all = hash_int(k->all, (long long)rh);
		/* Its downloads of the year name it, as a result's do. */
		if (yi != NONE) {
			k->year[yi] = hash_int(k->year[yi], (long long)rh);
			k->year[yi] = res->unit == NONE ? hash_entity(k->year[yi],
			    r, res->entity) : hash_str(k->year[yi],
			    r->units[res->unit].name);
		}
	}
	for (i = 0; i < r->nrevisions; i++) {
		const struct revision *v = &r->revisions[i];
		uint64_t vh = hash_revision(HASH_INIT, r, v);

		k->rel = hash_int(k->rel, (long long)vh);
		/* The log names a figure as the current data does. */
		if (v->is_unit && v->unit != NONE)
			k->rel = hash_str(k->rel, r->units[v->unit].name);
		if (v->entity != NONE) {
			k->rel = hash_str(k->rel, r->entities[v->entity].name);
			e_acc[v->entity] = hash_int(e_acc[v->entity],
			    (long long)vh);
		}
	}
	for (i = 0; i < c->ds->n; i++) {
		const struct doc *d = &c->ds->v[i];

		if (d->entity != NONE)
			e_acc[d->entity] = hash_doc(e_acc[d->entity], d);
		else if (d->kind == DOC_YEAR && (y = report_year(r, d->year)) !=
		    NONE)
			k->year[y] = hash_doc(k->year[y], d);
		else if (d->kind == DOC_HOME)
			k->home = hash_doc(HASH_INIT, d);
	}
	for (i = 0; i < r->nentities; i++)
		k->all = hash_int(k->all, (long long)hash_entity(e_acc[i], r,
		    i));
	for (i = 0; i < r->nunits; i++)
		k->all = hash_str(k->all, r->units[i].name);
	/*
	 * A body's year page lists its children's results and links to its
	 * parent's page of the year, if there is one: their own results of
	 * the year, gathered once here (not by a search of every body for
	 * every page).
	 */
	for (i = 0; i < r->nentities; i++) {
		size_t par = r->entities[i].parent;

		for (y = 0; y < ny; y++) {
			uint64_t *kin = &k->kin_year[y * r->nentities + i];

			if (*kin == 0)
				*kin = HASH_INIT;
			if (par == NONE)
				continue;
			*kin = hash_int(*kin, (long long)k->entity_year[y *
			    r->nentities + par]);
			if (k->kin_year[y * r->nentities + par] == 0)
				k->kin_year[y * r->nentities + par] = HASH_INIT;
			k->kin_year[y * r->nentities + par] = hash_int(
			    k->kin_year[y * r->nentities + par], (long long)
			    k->entity_year[y * r->nentities + i]);
		}
	}
}

void
keys_free(struct page_keys *k)
{
	free(k->entity);
	free(k->year);
	free(k->entity_year);
	free(k->kin_year);
	free(k->tied);
	memset(k, 0, sizeof *k);
}

/* What p shows, its template aside. */
static uint64_t
key_page_data(const struct rctx *c, const struct page *p)
{
	const struct report *r = c->r;
	const struct page_keys *k = &c->keys;
	uint64_t h = hash_int(k->page, p->kind);
	size_t yi;

	h = hash_str(h, p->path);
	switch (p->kind) {
	case PAGE_HOME:
		h = hash_int(h, (long long)k->home);
		/* FALLTHROUGH */
	case PAGE_RANKING:	/* its kind and rows are in its path's plan */
		h = hash_str(h, p->rkind);
		h = hash_int(h, (long long)p->first);
		h = hash_int(h, (long long)p->nrows);
		/* FALLTHROUGH */
	case PAGE_YEAR:
		if ((yi = report_year(r, p->year)) != NONE)
			h = hash_int(h, (long long)k->year[yi]);
		return h;
	case PAGE_ENTITY_YEAR:
	case PAGE_UNIT_YEAR:
	case PAGE_ENTITY:
		h = hash_int(h, (long long)k->entity[p->entity]);
		if (p->kind == PAGE_ENTITY_YEAR && (yi = report_year(r,
		    p->year)) != NONE)
			h = hash_int(h, (long long)k->kin_year[yi *
			    r->nentities + p->entity]);
		return h;
	case PAGE_STANDALONE:
		return hash_doc(h, p->doc);
	case PAGE_BODIES:	/* every body's latest result */
		return hash_int(h, (long long)k->all);
	case PAGE_DOWNLOADS:	/* the releases' files */
	case PAGE_REVISIONS:
		return hash_int(h, (long long)k->rel);
	default:
		return h;
	}
}

/*
 * A page kept keeps its embed pages with it (stage_keep_page()), so its
 * key hashes their template too.
 */
uint64_t
key_page(const struct rctx *c, const struct page *p)
{
	uint64_t h = hash_int(key_page_data(c, p), (long long)key_tpl(&c->keys,
	    page_template(p)));

	return hash_int(h, (long long)key_tpl(&c->keys, "embed"));
}

uint64_t
key_embed(const struct rctx *c, const struct page *p)
{
	return hash_int(hash_str(key_page_data(c, p), "embed"),
	    (long long)key_tpl(&c->keys, "embed"));
}

uint64_t
key_sitemap(const struct rctx *c)
{
	uint64_t h = hash_str(c->keys.data, "sitemap.xml");
	size_t i;

	for (i = 0; i < c->plan->n; i++)
		if (c->plan->v[i].kind != PAGE_404)
			h = hash_str(h, c->plan->v[i].path);
	return h;
}

uint64_t
key_data(const struct rctx *c, int year, size_t e)
{
	const struct report *r = c->r;
	const struct page_keys *k = &c->keys;
	uint64_t h = hash_int(k->data, year);
	size_t yi;

	if (year < 0)
		return hash_int(h, (long long)k->rel);
	if (e != NONE)
		return hash_int(hash_int(h, (long long)e),
		    (long long)k->entity[e]);
	if (year != 0 && (yi = report_year(r, year)) != NONE)
		return hash_int(h, (long long)k->year[yi]);
	return hash_int(h, (long long)k->all);
}
