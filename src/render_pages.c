/*
 * Render stage, page contexts: what each kind of page shows, as a value
 * tree for its template.  No HTML is written here: templates escape
 * every value; only cmark's safe output is passed as HTML.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compute.h"
#include "escape.h"
#include "render_data.h"
#include "render_impl.h"
#include "xalloc.h"

const char *
page_template(const struct page *p)
{
	enum page_kind k = p->kind;

	/* A body or unit page for commentary on a score that was not released. */
	if ((k == PAGE_ENTITY_YEAR || k == PAGE_UNIT_YEAR) && p->result == NONE)
		return "unreleased";
	switch (k) {
	case PAGE_HOME:		return "year";
	case PAGE_YEAR:		return "year";
	case PAGE_ENTITY_YEAR:	return "entity-year";
	case PAGE_UNIT_YEAR:	return "unit-year";
	case PAGE_ENTITY:	return "entity";
	case PAGE_STANDALONE:	return "page";
	case PAGE_DOWNLOADS:	return "downloads";
	case PAGE_REVISIONS:	return "revisions";
	case PAGE_BODIES:	return "bodies";
	case PAGE_RANKING:	return "ranking";
	default:		return "404";
	}
}

size_t
find_result(const struct report *r, int year, size_t e, size_t u)
{
	return result_find(r->results, r->nresults, year, e, u);
}

size_t
find_unreleased(const struct report *r, int year, size_t e, size_t u)
{
	return result_find(r->unreleased, r->nunreleased, year, e, u);
}

static struct value *
v_dec(const struct rctx *c, struct dec x, int plus)
{
	struct buf b = BUF_INIT;
	struct value *v;

	dec_format(&b, x, c->r->site.decimals, c->t->sep, plus);
	v = v_strn(buf_str(&b), b.len);
	buf_free(&b);
	return v;
}

struct value *
v_num(const struct rctx *c, struct dec x)
{
	return v_dec(c, x, 0);
}

struct value *
v_change(const struct rctx *c, struct dec x)
{
	return v_dec(c, x, 1);
}

void
url_year(struct buf *b, const struct rctx *c, int year)
{
	buf_printf(b, "%s%d/index.html", c->root, year);
}

void
url_entity_year(struct buf *b, const struct rctx *c, int year, size_t e)
{
	buf_printf(b, "%s%d/", c->root, year);
	esc_url(b, c->r->entities[e].id, strlen(c->r->entities[e].id));
	buf_puts(b, "/index.html");
}

void
url_unit_year(struct buf *b, const struct rctx *c, int year, size_t u)
{
	const struct unit *un = &c->r->units[u];
	const char *eid = c->r->entities[un->entity].id;

	buf_printf(b, "%s%d/", c->root, year);
	esc_url(b, eid, strlen(eid));
	buf_putc(b, '/');
	esc_url(b, un->id, strlen(un->id));
	buf_puts(b, "/index.html");
}

void
url_entity(struct buf *b, const struct rctx *c, size_t e)
{
	buf_puts(b, c->root);
	esc_url(b, c->r->entities[e].id, strlen(c->r->entities[e].id));
	buf_puts(b, "/index.html");
}

static struct value *
v_buf(struct buf *b)
{
	struct value *v = v_strn(buf_str(b), b->len);

	buf_free(b);
	return v;
}

void
set_fmt(struct value *m, const char *key, const struct rctx *c,
    const char *skey, const char *n1, const char *v1, const char *n2,
    const char *v2, const char *n3, const char *v3)
{
	struct buf b = BUF_INIT;

	i18n_fmt(&b, c->t, skey, n1, v1, n2, v2, n3, v3, (char *)NULL);
	v_set(m, key, v_buf(&b));
}

/* "RANK of OF", "=RANK of OF" when another result shares the rank. */
static void
set_rank(struct value *m, const char *key, const struct rctx *c,
    unsigned rank, unsigned of, int tied)
{
	char a[20], b[16];

	snprintf(a, sizeof a, "%s%u", tied ? "=" : "", rank);
	snprintf(b, sizeof b, "%u", of);
	set_fmt(m, key, c, "rank_of", "rank", a, "of", b, NULL, NULL);
}

/*
 * "2023/kota-cilegon/dinsos": which row of the downloads a shown result
 * is (data-r, for scripts and tests that check a page against them).
 */
static void
set_key(struct value *m, const struct report *r, const struct result *res)
{
	if (res->unit == NONE)
		v_set_strf(m, "key", "%d/%s", res->year,
		    r->entities[res->entity].id);
	else
		v_set_strf(m, "key", "%d/%s/%s", res->year,
		    r->entities[res->entity].id, r->units[res->unit].id);
}

/*
 * The shown fields of a result: score, category, zone, ranks, change.
 * Shared by every table row and page header, so all agree.
 */
static struct value *
result_value(const struct rctx *c, const struct result *res)
{
	const struct report *r = c->r;
	struct value *m = v_map();
	const struct category *cat = res->category != NONE ?
	    &r->categories[res->category] : NULL;
	const struct zone *z = res->zone != NONE ? &r->zones[res->zone] : NULL;
	char buf[16];
	int tied;

	set_key(m, r, res);
	v_set(m, "score", v_num(c, res->score));
	v_set_str(m, "category", cat ? cat->code : "");
	v_set_str(m, "category_name", cat ? cat->name : "");
	v_set_str(m, "zone", z ? z->id : "");
	v_set_str(m, "zone_name", z ? z->name : "");
	v_set_str(m, "zone_color", z ? z->color : "#777777");
	snprintf(buf, sizeof buf, "%u", res->rank);
	v_set_str(m, "rank", buf);
	/* A shared rank reads "=1" (and "tied" to a screen reader). */
	tied = res >= r->results && res < r->results + r->nresults &&
	    c->keys.tied != NULL ? c->keys.tied[res - r->results] : 0;
	v_set_bool(m, "tied", tied & TIE_RANK);
	set_rank(m, "rank_text", c, res->rank, res->rank_of, tied & TIE_RANK);
	/*
	 * Every key is set on every result, even when empty: Mustache looks
	 * a missing key up in the enclosing contexts, which would show a
	 * body's change in the row of a unit that has none.
	 */
	v_set_bool(m, "parent_tied", tied & TIE_PARENT);
	if (res->parent_rank_of)
		set_rank(m, "parent_rank_text", c, res->parent_rank,
		    res->parent_rank_of, tied & TIE_PARENT);
	else
		v_set_bool(m, "parent_rank_text", 0);
	v_set_bool(m, "has_change", res->has_change);
	v_set_bool(m, "missing", 0);
	if (res->has_change) {
		v_set(m, "change", v_change(c, res->change));
		v_set_str(m, "change_dir", res->change.v > 0 ? "up" :
		    res->change.v < 0 ? "down" : "flat");
		snprintf(buf, sizeof buf, "%d", res->prev_year);
		v_set_str(m, "prev_year", buf);
	} else {
		/* false, not "": an empty string is truthy in Mustache. */
		v_set_bool(m, "change", 0);
		v_set_str(m, "change_dir", "none");
		v_set_bool(m, "prev_year", 0);
	}
	v_set_str(m, "source", i18n_get(c->t, res->source == SRC_PUBLISHED ?
	    "source_published" : res->source == SRC_MEAN ? "source_mean" :
	    res->source == SRC_GIVEN ? "source_given" : "source_computed"));
	return m;
}

/* A row of a ranking or children table: an entity's result with its link. */
static struct value *
entity_row(const struct rctx *c, const struct result *res)
{
	struct value *m = result_value(c, res);
	struct buf u = BUF_INIT;

	v_set_str(m, "name", c->r->entities[res->entity].name);
	v_set_str(m, "kind", c->r->entities[res->entity].kind);
	url_entity_year(&u, c, res->year, res->entity);
	v_set(m, "url", v_buf(&u));
	return m;
}

static struct value *
unit_row(const struct rctx *c, const struct result *res)
{
	struct value *m = result_value(c, res);
	struct buf u = BUF_INIT;
	const struct unit *un = &c->r->units[res->unit];

	v_set_str(m, "name", un->name);
	if (un->kind)
		v_set_str(m, "unit_kind", un->kind);
	else
		v_set_bool(m, "unit_kind", 0);
	url_unit_year(&u, c, res->year, res->unit);
	v_set(m, "url", v_buf(&u));
	return m;
}

static void
set_doc(const struct rctx *c, struct value *m, const struct doc *doc)
{
	struct buf b = BUF_INIT;

	if (doc == NULL)
		return;
	/* cmark's safe renderer made this HTML; it is the one raw value. */
	docs_html_for_page(&b, doc, c->root);
	v_set(m, "commentary_html", v_buf(&b));
}

size_t
latest_result(const struct report *r, size_t e)
{
	size_t y, k;

	for (y = r->nyears; y-- > 0; )
		if ((k = find_result(r, r->years[y].year, e, NONE)) != NONE)
			return k;
	return NONE;
}

void
kind_anchor(struct buf *b, const char *prefix, const char *kind)
{
	const unsigned char *s;

	buf_puts(b, prefix);
	for (s = (const unsigned char *)kind; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9'))
			buf_putc(b, *s);
		else
			buf_printf(b, "-%02x", *s);
}

/* Append a step {label, url} to the breadcrumb list l. */
static void
crumb(struct value *l, const char *label, struct buf *url)
{
	struct value *m = v_map();

	v_set_str(m, "label", label);
	v_set(m, "url", v_buf(url));
	v_push(l, m);
}

/*
 * The breadcrumb of a body's or unit's page: the home page, the year
 * (year != 0), the body's kind (in the year's ranking when it is ranked
 * that year, else in the list of every body) and, on a unit's page (unit
 * != NONE), the body's page of the year when it has one.  Each step is
 * a link.
 * reads: the entity's kind and name, its results and commentary
 */
static struct value *
crumbs(const struct rctx *c, int year, size_t e, size_t unit)
{
	const struct entity *en = &c->r->entities[e];
	struct value *l = v_list();
	struct buf u = BUF_INIT;
	char yr[16];

	buf_printf(&u, "%sindex.html", c->root);
	crumb(l, i18n_get(c->t, "home"), &u);
	if (year) {
		snprintf(yr, sizeof yr, "%d", year);
		url_year(&u, c, year);
		crumb(l, yr, &u);
	}
	if (year && find_result(c->r, year, e, NONE) != NONE) {
		/* Ranked that year: its kind has a ranking on the year page. */
		url_year(&u, c, year);
		kind_anchor(&u, "#rank-", en->kind);
	} else {
		buf_printf(&u, "%ssearch/index.html", c->root);
		kind_anchor(&u, "#kind-", en->kind);
	}
	crumb(l, en->kind, &u);
	if (unit != NONE && (find_result(c->r, year, e, NONE) != NONE ||
	    docs_find(c->ds, DOC_ENTITY, year, e, NONE, NULL) != NULL)) {
		struct buf t = BUF_INIT;

		buf_printf(&t, "%s %d", en->name, year);
		url_entity_year(&u, c, year, e);
		crumb(l, buf_str(&t), &u);
		buf_free(&t);
	}
	return l;
}

/* ---- a year (and the home page) ------------------------------------------ */

static const struct rctx *sort_c;	/* qsort has no context argument */

static int
by_rank(const void *a, const void *b)
{
	const struct result *x = &sort_c->r->results[*(const size_t *)a];
	const struct result *y = &sort_c->r->results[*(const size_t *)b];
	const struct entity *ex = &sort_c->r->entities[x->entity];
	const struct entity *ey = &sort_c->r->entities[y->entity];
	int k = strcmp(ex->kind, ey->kind);

	if (k)
		return k;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(ex->name, ey->name);
}

static int
by_change_desc(const void *a, const void *b)
{
	const struct result *x = &sort_c->r->results[*(const size_t *)a];
	const struct result *y = &sort_c->r->results[*(const size_t *)b];
	int k = -dec_cmp(x->change, y->change);

	return k ? k : strcmp(sort_c->r->entities[x->entity].name,
	    sort_c->r->entities[y->entity].name);
}

static int
unit_by_rank(const void *a, const void *b)
{
	const struct result *x = &sort_c->r->results[*(const size_t *)a];
	const struct result *y = &sort_c->r->results[*(const size_t *)b];

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(sort_c->r->units[x->unit].name,
	    sort_c->r->units[y->unit].name);
}

#define MOVERS 5	/* how many risers and fallers a year page lists */

/* The links of a long ranking's parts: as site_plan() numbers them. */
static void
ranking_parts(const struct rctx *c, struct value *tab, int year,
    const char *kind, unsigned *part)
{
	struct kind_count *kc;
	size_t nk = year_kinds(c->r, year, &kc), k, at;
	struct value *l = v_list();

	for (k = 0; k < nk && strcmp(kc[k].kind, kind) != 0; k++)
		;
	if (k < nk && kc[k].n > RANK_FIRST) {
		char a[24], b[24], of[24];

		snprintf(of, sizeof of, "%zu", kc[k].n);
		snprintf(b, sizeof b, "%d", RANK_FIRST);
		set_fmt(tab, "shown_text", c, "ranking_shown", "n", b, "of", of,
		    NULL, NULL);
		for (at = RANK_FIRST; at < kc[k].n; at += RANK_PART) {
			struct value *x = v_map();
			size_t to = at + RANK_PART < kc[k].n ? at + RANK_PART :
			    kc[k].n;

			snprintf(a, sizeof a, "%zu", at + 1);
			snprintf(b, sizeof b, "%zu", to);
			set_fmt(x, "label", c, "rows_from_to", "from", a, "to", b,
			    NULL, NULL);
			v_set_strf(x, "url", "%s%d/%u/index.html", c->root, year,
			    (*part)++);
			v_push(l, x);
		}
	} else
		v_set_bool(tab, "shown_text", 0);
	v_set_bool(tab, "has_parts", l->u.list.n > 0);
	v_set(tab, "parts", l);
	free(kc);
}

/*
 * The home page's opening figures: how many bodies were assessed, how
 * many in each zone, the highest and the lowest score of the year (every
 * body with it, so that a tie names them all).  idx holds the year's n
 * body results; total the count per zone.
 */
static void
headline(const struct rctx *c, struct value *m, const size_t *idx, size_t n,
    const size_t *total)
{
	const struct report *r = c->r;
	struct value *hl = v_map(), *zs = v_list(), *hi = v_list(), *lo = v_list();
	size_t i, k;
	struct dec max = { 0 }, min = { 0 };

	v_set_strf(hl, "n", "%zu", n);
	for (k = 0; k < r->nzones; k++) {
		struct value *z = v_map();

		v_set_str(z, "zone_name", r->zones[k].name);
		v_set_str(z, "zone_color", r->zones[k].color);
		v_set_str(z, "zone", r->zones[k].id);
		v_set_strf(z, "n", "%zu", total[k]);
		v_push(zs, z);
	}
	for (i = 0; i < n; i++) {
		struct dec x = r->results[idx[i]].score;

		if (i == 0 || dec_cmp(x, max) > 0)
			max = x;
		if (i == 0 || dec_cmp(x, min) < 0)
			min = x;
	}
	for (i = 0; i < n; i++) {
		const struct result *res = &r->results[idx[i]];

		if (dec_cmp(res->score, max) == 0)
			v_push(hi, entity_row(c, res));
		if (dec_cmp(res->score, min) == 0 && n > 1)
			v_push(lo, entity_row(c, res));
	}
	v_set(hl, "zones", zs);
	v_set(hl, "highest", hi);
	v_set_bool(hl, "has_lowest", lo->u.list.n > 0);
	v_set(hl, "lowest", lo);
	v_set(m, "headline", hl);
}

static void
fill_year(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	const struct year *y = &r->years[report_year(r, p->year)];
	struct value *m = v_map(), *rankings = v_list(), *zc = v_map();
	struct value *zones = v_list(), *rows = v_list(), *ris = v_list();
	struct value *fal = v_list(), *cur = NULL;
	size_t *idx = xcalloc(r->nresults + 1, sizeof *idx);
	size_t *count = xcalloc(r->nzones + 1, sizeof *count);
	size_t *total = xcalloc(r->nzones + 1, sizeof *total);
	size_t n = 0, i, k, nmove = 0, at = 0;
	unsigned part = 2;
	char num[32];

	for (i = 0; i < r->nresults; i++)
		if (r->results[i].year == p->year &&
		    r->results[i].unit == NONE)
			idx[n++] = i;
	sort_c = c;
	qsort(idx, n, sizeof *idx, by_rank);
	snprintf(num, sizeof num, "%d", p->year);
	v_set_str(m, "year", num);
	snprintf(num, sizeof num, "%zu", n);
	set_fmt(m, "count_text", c, "bodies_count", "n", num, NULL, NULL,
	    NULL, NULL);
	if (y->scheme_changed) {
		char prev[16];

		snprintf(prev, sizeof prev, "%d", (y - 1)->year);
		set_fmt(m, "scheme_note", c, "scheme_changed", "year",
		    v_get(m, "year")->u.str.s, "prev", prev, NULL, NULL);
	}
	for (k = 0; k < r->nzones; k++) {
		struct value *z = v_map();

		v_set_str(z, "name", r->zones[k].name);
		v_set_str(z, "color", r->zones[k].color);
		v_push(zones, z);
	}
	/* One ranking table and one zone-count row per kind. */
	for (i = 0; i < n; i++) {
		const struct result *res = &r->results[idx[i]];
		const char *kind = r->entities[res->entity].kind;

		if (cur == NULL || strcmp(kind, r->entities[
		    r->results[idx[i - 1]].entity].kind) != 0) {
			struct value *tab = v_map();

			at = 0;
			ranking_parts(c, tab, p->year, kind, &part);

			set_fmt(tab, "title", c, "ranking", "kind", kind, NULL,
			    NULL, NULL, NULL);
			v_set_str(tab, "kind", kind);
			{
				struct buf a = BUF_INIT;

				kind_anchor(&a, "rank-", kind);
				v_set(tab, "id", v_buf(&a));
			}
			cur = v_set(tab, "rows", v_list());
			v_push(rankings, tab);
			memset(count, 0, r->nzones * sizeof *count);
		}
		/* The rest of a long ranking is on its own pages. */
		if (at++ < RANK_FIRST)
			v_push(cur, entity_row(c, res));
		if (res->zone != NONE) {
			count[res->zone]++;
			total[res->zone]++;
		}
		if (i + 1 == n || strcmp(kind, r->entities[
		    r->results[idx[i + 1]].entity].kind) != 0) {
			struct value *row = v_map(), *cells = v_list();

			v_set_str(row, "kind", kind);
			for (k = 0; k < r->nzones; k++)
				v_push(cells, v_strf("%zu", count[k]));
			v_set(row, "counts", cells);
			v_push(rows, row);
		}
	}
	{
		struct value *row = v_map(), *cells = v_list();

		v_set_str(row, "kind", i18n_get(c->t, "overall"));
		v_set_bool(row, "overall", 1);
		for (k = 0; k < r->nzones; k++)
			v_push(cells, v_strf("%zu", total[k]));
		v_set(row, "counts", cells);
		v_push(rows, row);
	}
	if (p->kind == PAGE_HOME)
		headline(c, m, idx, n, total);
	v_set(zc, "zones", zones);
	v_set(zc, "rows", rows);
	v_set(m, "zone_counts", zc);
	v_set(m, "rankings", rankings);
	/* Risers and fallers: the largest changes either way. */
	for (i = 0; i < n; i++)
		if (r->results[idx[i]].has_change)
			idx[nmove++] = idx[i];
	qsort(idx, nmove, sizeof *idx, by_change_desc);
	for (i = 0; i < nmove && i < MOVERS; i++)
		if (r->results[idx[i]].change.v > 0)
			v_push(ris, entity_row(c, &r->results[idx[i]]));
	for (i = 0; i < nmove && i < MOVERS; i++)
		if (r->results[idx[nmove - 1 - i]].change.v < 0)
			v_push(fal, entity_row(c,
			    &r->results[idx[nmove - 1 - i]]));
	if (ris->u.list.n || fal->u.list.n)
		v_set_bool(m, "has_movers", 1);
	v_set(m, "risers", ris);
	v_set(m, "fallers", fal);
	{
		struct buf u = BUF_INIT;

		buf_printf(&u, "%sdata/results-%d.csv", c->root, p->year);
		v_set(m, "csv_url", v_buf(&u));
		buf_printf(&u, "%sdata/results-%d.json", c->root, p->year);
		v_set(m, "json_url", v_buf(&u));
	}
	{
		const struct doc *yd = docs_find(c->ds, DOC_YEAR, p->year, NONE,
		    NONE, NULL);

		set_doc(c, m, yd);
		/* Under the year's own heading, never index.md's title. */
		if (yd && yd->title)
			v_set_str(m, "commentary_title", yd->title);
		else
			set_fmt(m, "commentary_title", c, "commentary_of",
			    "year", v_get(m, "year")->u.str.s, NULL, NULL, NULL,
			    NULL);
	}
	if (p->kind == PAGE_HOME) {
		const struct doc *home = docs_find(c->ds, DOC_HOME, 0, NONE,
		    NONE, NULL);

		if (home) {
			struct buf b = BUF_INIT;

			docs_html_for_page(&b, home, c->root);
			v_set(m, "intro_html", v_buf(&b));
		}
		v_set_bool(m, "is_home", 1);
		{
			struct buf u = BUF_INIT;

			url_year(&u, c, p->year);
			v_set(m, "year_url", v_buf(&u));
		}
	}
	v_set(ctx, "y", m);
	free(idx);
	free(count);
	free(total);
}

/* Nonzero when q is a part of the ranking p is a part of. */
static int
same_ranking(const struct page *q, const struct page *p)
{
	return q->kind == PAGE_RANKING && q->year == p->year &&
	    strcmp(q->rkind, p->rkind) == 0;
}

/*
 * A part of a long ranking: the rows p->first .. of kind p->kind in
 * p->year, with links to the other parts and the year page.
 * reads: every result of the year (keys.year), as the year page
 */
static void
fill_ranking(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	struct value *m = v_map(), *rows = v_list(), *parts = v_list();
	size_t *idx = xcalloc(r->nresults + 1, sizeof *idx);
	size_t n = 0, i;
	struct buf b = BUF_INIT;

	for (i = 0; i < r->nresults; i++)
		if (r->results[i].year == p->year &&
		    r->results[i].unit == NONE && strcmp(r->entities[
		    r->results[i].entity].kind, p->rkind) == 0)
			idx[n++] = i;
	sort_c = c;
	qsort(idx, n, sizeof *idx, by_rank);
	for (i = p->first; i < n && i < p->first + p->nrows; i++)
		v_push(rows, entity_row(c, &r->results[idx[i]]));
	free(idx);
	v_set_str(m, "kind", p->rkind);
	v_set_strf(m, "year", "%d", p->year);
	v_set(m, "rows", rows);
	url_year(&b, c, p->year);
	kind_anchor(&b, "#rank-", p->rkind);
	v_set(m, "kind_url", v_buf(&b));
	url_year(&b, c, p->year);
	v_set(m, "year_url", v_buf(&b));
	{
		char z[24];

		snprintf(z, sizeof z, "%d", RANK_FIRST);
		set_fmt(m, "first_label", c, "rows_from_to", "from", "1", "to",
		    z, NULL, NULL);
	}
	/* Every part of this kind's ranking, this one marked: they are
	 * planned one after the other (site_plan()). */
	for (i = (size_t)(p - c->plan->v); i > 0 && same_ranking(&c->plan->v[
	    i - 1], p); i--)
		;
	for (; i < c->plan->n && same_ranking(&c->plan->v[i], p); i++) {
		const struct page *q = &c->plan->v[i];
		struct value *x;
		char a[24], z[24];

		x = v_map();
		snprintf(a, sizeof a, "%zu", q->first + 1);
		snprintf(z, sizeof z, "%zu", q->first + q->nrows);
		set_fmt(x, "label", c, "rows_from_to", "from", a, "to", z, NULL,
		    NULL);
		v_set_strf(x, "url", "%s%d/%u/index.html", c->root, q->year,
		    q->part);
		v_set_bool(x, "current", q == p);
		v_push(parts, x);
	}
	v_set(m, "parts", parts);
	v_set(ctx, "rk", m);
}

/* ---- an entity in a year -------------------------------------------------- */

static void
fill_entity_year(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	const struct entity *e = &r->entities[p->entity];
	const struct result *res = &r->results[p->result];
	struct value *m = result_value(c, res), *units = v_list();
	struct value *kids = v_list();
	struct buf b = BUF_INIT;
	size_t i, un0, nun;
	char yr[16];

	snprintf(yr, sizeof yr, "%d", p->year);
	v_set_str(m, "name", e->name);
	v_set_str(m, "kind", e->kind);
	v_set_str(m, "year", yr);
	v_set(m, "crumbs", crumbs(c, p->year, p->entity, NONE));
	set_fmt(m, "rank_label", c, "rank_kind", "kind", e->kind, NULL, NULL,
	    NULL, NULL);
	if (res->mean_differs) {
		struct value *tot = v_num(c, res->score);
		struct value *mean = v_num(c, res->mean);
		char nu[16];

		snprintf(nu, sizeof nu, "%zu", res->nunits);
		set_fmt(m, "mean_differs", c, "mean_differs", "total",
		    tot->u.str.s, "mean", mean->u.str.s, "n", nu);
		value_free(tot);
		value_free(mean);
	}
	if (e->parent != NONE) {
		struct value *pa = v_map();

		v_set_str(pa, "name", r->entities[e->parent].name);
		if (find_result(r, p->year, e->parent, NONE) != NONE)
			url_entity_year(&b, c, p->year, e->parent);
		else
			url_entity(&b, c, e->parent);
		v_set(pa, "url", v_buf(&b));
		v_set(m, "parent", pa);
		set_fmt(m, "parent_rank_label", c, "rank_parent", "parent",
		    r->entities[e->parent].name, NULL, NULL, NULL, NULL);
	}
	{
		/* Units by rank, best first, as a reader scans them. */
		size_t *idx, n = 0;

		for (i = p->result + 1; i < r->nresults &&
		    r->results[i].year == p->year &&
		    r->results[i].entity == p->entity; i++)
			n++;
		idx = xcalloc(n + 1, sizeof *idx);
		for (i = 0; i < n; i++)
			idx[i] = p->result + 1 + i;
		sort_c = c;
		qsort(idx, n, sizeof *idx, unit_by_rank);
		for (i = 0; i < n; i++)
			v_push(units, unit_row(c, &r->results[idx[i]]));
		free(idx);
	}
	/*
	 * Units assessed that year whose score was not released (an empty
	 * row): listed after the others, so that readers see what the total
	 * leaves out.  A unit without a row was not assessed: not listed.
	 */
	un0 = report_units(r, p->entity, &nun);
	for (i = un0; i < un0 + nun; i++) {
		size_t k = find_unreleased(r, p->year, p->entity, i);
		const struct result *x;
		struct value *u;
		const struct doc *doc;

		if (k == NONE)
			continue;
		x = &r->unreleased[k];
		u = v_map();
		set_key(u, r, x);
		v_set_str(u, "name", r->units[x->unit].name);
		/* Commentary on the missing score has its own page. */
		doc = docs_find(c->ds, DOC_UNIT, p->year, p->entity, x->unit,
		    NULL);
		if (doc) {
			url_unit_year(&b, c, p->year, x->unit);
			v_set(u, "url", v_buf(&b));
		} else
			v_set_bool(u, "url", 0);
		if (r->units[x->unit].kind)
			v_set_str(u, "unit_kind", r->units[x->unit].kind);
		else
			v_set_bool(u, "unit_kind", 0);
		v_set_str(u, "missing", i18n_get(c->t, "no_score"));
		v_push(units, u);
	}
	if (units->u.list.n)
		v_set_bool(m, "has_units", 1);
	v_set(m, "units", units);
	for (i = c->kids_at[p->entity]; i < c->kids_at[p->entity + 1]; i++) {
		size_t k = find_result(r, p->year, c->kids[i], NONE);

		if (k != NONE)
			v_push(kids, entity_row(c, &r->results[k]));
	}
	if (kids->u.list.n)
		v_set_bool(m, "has_children", 1);
	v_set(m, "children", kids);
	url_entity(&b, c, p->entity);
	v_set(m, "history_url", v_buf(&b));
	url_year(&b, c, p->year);
	v_set(m, "year_url", v_buf(&b));
	revision_notices(c, m, p->year, p->entity, NONE, 0);
	buf_printf(&b, "%s-%d.csv", e->id, p->year);
	v_set(m, "csv_url", v_buf(&b));
	buf_printf(&b, "%s-%d.json", e->id, p->year);
	v_set(m, "json_url", v_buf(&b));
	set_doc(c, m, p->doc);
	v_set(ctx, "e", m);
}

/* ---- a unit in a year ------------------------------------------------------ */

static void
fill_unit_year(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	const struct unit *un = &r->units[p->unit];
	const struct entity *e = &r->entities[un->entity];
	const struct result *res = &r->results[p->result];
	const struct year *y = &r->years[report_year(r, p->year)];
	struct value *m = result_value(c, res), *asp = v_list();
	struct buf b = BUF_INIT;
	size_t i;
	char yr[16];

	snprintf(yr, sizeof yr, "%d", p->year);
	v_set_str(m, "name", un->name);
	if (un->kind)
		v_set_str(m, "unit_kind", un->kind);
	v_set_str(m, "entity_name", e->name);
	v_set_str(m, "year", yr);
	v_set(m, "crumbs", crumbs(c, p->year, un->entity, p->unit));
	set_fmt(m, "rank_label", c, "rank_units", "entity", e->name, NULL,
	    NULL, NULL, NULL);
	url_entity_year(&b, c, p->year, un->entity);
	v_set(m, "entity_url", v_buf(&b));
	if (res->aspects_differ) {
		/* Both figures, as a body's published total and mean. */
		struct value *given = v_num(c, res->score);
		struct value *av = v_num(c, res->aspects_score);

		set_fmt(m, "aspects_differ", c, "aspects_differ", "given",
		    given->u.str.s, "aspects", av->u.str.s, NULL, NULL);
		value_free(given);
		value_free(av);
	}
	if (res->row != NONE) {
		const struct score_row *s = &r->scores[res->row];

		for (i = 0; i < y->naspects; i++) {
			size_t a = y->aspects[i];
			struct value *x;
			struct buf w = BUF_INIT;

			if (!s->has_value[a])
				continue;
			x = v_map();
			v_set_str(x, "name", r->aspects[a].name);
			/* Weights keep their own precision: 21,85 not 21,850000000. */
			dec_format(&w, r->aspects[a].weight, r->site.decimals,
			    c->t->sep, 0);
			v_set(x, "weight", v_buf(&w));
			dec_format(&w, s->values[a], r->site.decimals,
			    c->t->sep, 0);
			v_set(x, "value", v_buf(&w));
			v_push(asp, x);
		}
	}
	if (asp->u.list.n)
		v_set_bool(m, "has_aspects", 1);
	v_set(m, "aspects", asp);
	buf_printf(&b, "%s-%s-%d.csv", e->id, un->id, p->year);
	v_set(m, "csv_url", v_buf(&b));
	buf_printf(&b, "%s-%s-%d.json", e->id, un->id, p->year);
	v_set(m, "json_url", v_buf(&b));
	url_entity(&b, c, un->entity);
	v_set(m, "history_url", v_buf(&b));
	revision_notices(c, m, p->year, p->entity, p->unit, 0);
	set_doc(c, m, p->doc);
	v_set(ctx, "u", m);
}

/* ---- an entity across years: the body's home ---------------------------- */

/*
 * Each unit of e with its latest figure: the result of the latest year
 * in which it was assessed, or "not released" when that year's score
 * was not; units never assessed are not listed.
 */
static struct value *
units_latest(const struct rctx *c, size_t e)
{
	const struct report *r = c->r;
	struct value *l = v_list();
	size_t un0, nun, i, y;

	un0 = report_units(r, e, &nun);
	for (i = un0; i < un0 + nun; i++) {
		struct value *m = NULL;
		struct buf b = BUF_INIT;

		for (y = r->nyears; y-- > 0 && m == NULL; ) {
			int yr = r->years[y].year;
			size_t k = find_result(r, yr, e, i);

			if (k != NONE)
				m = unit_row(c, &r->results[k]);
			else if (find_unreleased(r, yr, e, i) != NONE) {
				m = v_map();
				set_key(m, r, &r->unreleased[find_unreleased(r,
				    yr, e, i)]);
				v_set_str(m, "name", r->units[i].name);
				if (docs_find(c->ds, DOC_UNIT, yr, e, i,
				    NULL)) {
					url_unit_year(&b, c, yr, i);
					v_set(m, "url", v_buf(&b));
				} else
					v_set_bool(m, "url", 0);
				v_set_str(m, "missing", i18n_get(c->t,
				    "no_score"));
			} else
				continue;
			v_set_strf(m, "year", "%d", yr);
			v_push(l, m);
		}
	}
	return l;
}

/*
 * The body's home, /<entity>/: its latest result as a score card, its
 * history, its units' latest figures, a link to each year's page.
 * reads: the entity, its parent's id and name, every result of it and
 * its units, its unreleased rows, its commentary (which years have a
 * page), its revisions (render_revisions.c): all in keys.entity
 */
static void
fill_entity(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	const struct entity *e = &r->entities[p->entity];
	struct value *m = v_map(), *rows = v_list(), *ylinks = v_list();
	size_t i, last = latest_result(r, p->entity);

	v_set_str(m, "name", e->name);
	v_set_str(m, "kind", e->kind);
	v_set(m, "crumbs", crumbs(c, 0, p->entity, NONE));
	if (last != NONE) {
		const struct result *res = &r->results[last];
		struct value *card = result_value(c, res);
		struct buf b = BUF_INIT;

		v_set_strf(card, "year", "%d", res->year);
		set_fmt(card, "rank_label", c, "rank_kind", "kind", e->kind,
		    NULL, NULL, NULL, NULL);
		if (e->parent != NONE)
			set_fmt(card, "parent_rank_label", c, "rank_parent",
			    "parent", r->entities[e->parent].name, NULL, NULL,
			    NULL, NULL);
		url_entity_year(&b, c, res->year, p->entity);
		v_set(card, "url", v_buf(&b));
		set_fmt(card, "latest_text", c, "latest_of", "year",
		    v_get(card, "year")->u.str.s, NULL, NULL, NULL, NULL);
		v_set(m, "card", card);
	}
	for (i = 0; i < r->nyears; i++) {
		size_t k = find_result(r, r->years[i].year, p->entity, NONE);
		struct value *row;
		struct buf b = BUF_INIT;
		int doc = docs_find(c->ds, DOC_ENTITY, r->years[i].year,
		    p->entity, NONE, NULL) != NULL;

		if (k != NONE || doc) {
			struct value *y = v_map();

			v_set_strf(y, "year", "%d", r->years[i].year);
			url_entity_year(&b, c, r->years[i].year, p->entity);
			v_set(y, "url", v_buf(&b));
			v_push(ylinks, y);
		}
		if (k == NONE) {
			/* Assessed but not released, or commentary on a year
			 * without a score (linked: it has a page). */
			int unrel = find_unreleased(r, r->years[i].year,
			    p->entity, NONE) != NONE;

			if (!doc && !unrel)
				continue;
			row = v_map();
			v_set_strf(row, "year", "%d", r->years[i].year);
			if (doc) {
				url_entity_year(&b, c, r->years[i].year,
				    p->entity);
				v_set(row, "url", v_buf(&b));
			} else
				v_set_bool(row, "url", 0);
			v_set_str(row, "missing", i18n_get(c->t, unrel ?
			    "no_score" : "not_assessed"));
			v_set_bool(row, "scheme_break", 0);
			v_push(rows, row);
			continue;
		}
		row = result_value(c, &r->results[k]);
		v_set_strf(row, "year", "%d", r->years[i].year);
		url_entity_year(&b, c, r->years[i].year, p->entity);
		v_set(row, "url", v_buf(&b));
		if (r->years[i].scheme_changed && i > 0)
			v_set_str(row, "scheme_break",
			    i18n_get(c->t, "scheme_break"));
		else
			v_set_bool(row, "scheme_break", 0);
		v_push(rows, row);
	}
	v_set(m, "rows", rows);
	v_set(m, "year_links", ylinks);
	{
		struct value *ul = units_latest(c, p->entity);

		if (ul->u.list.n)
			v_set_bool(m, "has_units", 1);
		v_set(m, "units", ul);
	}
	v_set_strf(m, "csv_url", "%s.csv", e->id);
	v_set_strf(m, "json_url", "%s.json", e->id);
	revision_notices(c, m, 0, p->entity, NONE, 1);
	if (e->parent != NONE) {
		struct value *pa = v_map();
		struct buf b = BUF_INIT;

		v_set_str(pa, "name", r->entities[e->parent].name);
		url_entity(&b, c, e->parent);
		v_set(pa, "url", v_buf(&b));
		v_set(m, "parent", pa);
	}
	v_set(ctx, "h", m);
}

/* ---- every body, A-Z --------------------------------------------------- */

static const struct report *az_r;	/* qsort has no context argument */

static int
by_kind_name(const void *a, const void *b)
{
	const struct entity *x = &az_r->entities[*(const size_t *)a];
	const struct entity *y = &az_r->entities[*(const size_t *)b];
	int k = strcmp(x->kind, y->kind);

	if (k == 0)
		k = strcmp(x->name, y->name);
	return k ? k : strcmp(x->id, y->id);
}

size_t *
bodies_az(const struct report *r)
{
	size_t *idx = xcalloc(r->nentities + 1, sizeof *idx), i;

	for (i = 0; i < r->nentities; i++)
		idx[i] = i;
	az_r = r;
	qsort(idx, r->nentities, sizeof *idx, by_kind_name);
	return idx;
}

/* A row of the list of every body: its latest result, linked to its home. */
static struct value *
az_row(const struct rctx *c, size_t e)
{
	size_t k = latest_result(c->r, e);
	struct value *row;
	struct buf b = BUF_INIT;

	if (k != NONE) {
		row = result_value(c, &c->r->results[k]);
		v_set_strf(row, "year", "%d", c->r->results[k].year);
		url_entity(&b, c, e);
		v_set(row, "url", v_buf(&b));
	} else {
		row = v_map();
		v_set_str(row, "missing", i18n_get(c->t, "never_scored"));
		v_set_bool(row, "url", 0);
	}
	v_set_str(row, "name", c->r->entities[e].name);
	return row;
}

/* The parts of kind's list (a long list's index page). */
static struct value *
az_parts(const struct rctx *c, const size_t *idx, const char *kind)
{
	struct value *l = v_list();
	size_t i;

	for (i = 0; i < c->plan->n; i++) {
		const struct page *q = &c->plan->v[i];
		struct value *x;

		if (q->kind != PAGE_BODIES || q->part == 0 ||
		    strcmp(q->rkind, kind) != 0)
			continue;
		x = v_map();
		set_fmt(x, "label", c, "rows_from_to", "from",
		    c->r->entities[idx[q->first]].name, "to",
		    c->r->entities[idx[q->first + q->nrows - 1]].name, NULL,
		    NULL);
		v_set_strf(x, "url", "%ssearch/%u/index.html", c->root,
		    q->part);
		v_push(l, x);
	}
	return l;
}

/*
 * The finder without JavaScript: every body, by kind and A-Z, with its
 * latest result, linked to its home (a body never scored has none); a
 * long list in parts (AZ_PART), its first page their index.
 * reads: every entity, every result (the latest of each): keys.all
 */
static void
fill_bodies(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	struct value *m = v_map(), *kinds = v_list(), *cur = NULL;
	size_t *idx = bodies_az(r);
	size_t i, from = 0, to = r->nentities;
	int index = p->part == 0 && r->nentities > AZ_PART;

	if (p->part) {
		from = p->first;
		to = p->first + p->nrows;
		v_set_strf(m, "index_url", "%ssearch/index.html", c->root);
	} else
		v_set_bool(m, "index_url", 0);
	for (i = from; i < to; i++) {
		const struct entity *e = &r->entities[idx[i]];
		struct buf b = BUF_INIT;

		if (cur == NULL || strcmp(e->kind,
		    r->entities[idx[i - 1]].kind) != 0) {
			struct value *tab = v_map();

			v_set_str(tab, "kind", e->kind);
			kind_anchor(&b, "kind-", e->kind);
			v_set(tab, "id", v_buf(&b));
			cur = v_set(tab, "rows", v_list());
			if (index) {
				v_set(tab, "parts", az_parts(c, idx, e->kind));
				v_set_bool(tab, "has_parts", 1);
			} else
				v_set_bool(tab, "has_parts", 0);
			v_push(kinds, tab);
		}
		if (!index)
			v_push(cur, az_row(c, idx[i]));
	}
	free(idx);
	v_set(m, "kinds", kinds);
	v_set(ctx, "az", m);
}

/* ---- downloads ------------------------------------------------------------- */

/* A file of the downloads page: its label, CSV and (json_url) JSON. */
static void
add_file(struct value *files, struct value *f, const struct rctx *c,
    const char *stem, int json)
{
	v_set_strf(f, "csv_url", "%sdata/%s.csv", c->root, stem);
	if (json)
		v_set_strf(f, "json_url", "%sdata/%s.json", c->root, stem);
	else
		v_set_bool(f, "json_url", 0);
	v_push(files, f);
}

/* The columns of one table, each with its description (PREFIX NAME). */
static struct value *
columns_value(const struct rctx *c, enum data_table t, const char *file,
    const char *id, const char *prefix)
{
	struct value *m = v_map(), *cl = v_list();
	const char *name;
	size_t i;

	set_fmt(m, "title", c, "columns_of", "file", file, NULL, NULL, NULL,
	    NULL);
	v_set_str(m, "id", id);
	for (i = 0; (name = render_column(t, i)) != NULL; i++) {
		struct value *x = v_map();
		struct buf k = BUF_INIT;

		buf_printf(&k, "%s%s", prefix, name);
		v_set_str(x, "name", name);
		v_set_str(x, "desc", i18n_get(c->t, k.data));
		buf_free(&k);
		v_push(cl, x);
	}
	v_set(m, "columns", cl);
	return m;
}

/* The releases' files on the downloads page: every change, each release. */
static void
release_downloads(const struct rctx *c, struct value *m, struct value *files,
    struct value *tables)
{
	const struct report *r = c->r;
	struct value *f;
	size_t i;

	if (r->nreleases == 0) {
		v_set_bool(m, "log_url", 0);
		return;
	}
	v_set_strf(m, "log_url", "%sdata/revisions/index.html", c->root);
	f = v_map();
	v_set_str(f, "label", i18n_get(c->t, "download_revisions"));
	add_file(files, f, c, "revisions", 0);
	for (i = r->nreleases; i-- > 0; ) {
		struct buf dt = BUF_INIT;
		char stem[32];
		int d = r->releases[i].date;

		i18n_date(&dt, c->t, d);
		snprintf(stem, sizeof stem, "releases/%04d-%02d-%02d",
		    d / 10000, d / 100 % 100, d % 100);
		f = v_map();
		set_fmt(f, "label", c, "release_heading", "date", buf_str(&dt),
		    NULL, NULL, NULL, NULL);
		add_file(files, f, c, stem, 0);
		buf_free(&dt);
	}
	v_push(tables, columns_value(c, TABLE_REVISIONS, "revisions.csv",
	    "revision-cols-h", "rcol_"));
}

/* reads: the list of years, the releases (their dates) */
static void
fill_downloads(const struct rctx *c, struct value *ctx)
{
	struct value *m = v_map(), *files = v_list(), *tables = v_list();
	struct value *f;
	size_t i;

	f = v_map();
	v_set_str(f, "label", i18n_get(c->t, "download_all"));
	add_file(files, f, c, "results", 1);
	for (i = c->r->nyears; i-- > 0; ) {
		char yr[16], stem[32];

		snprintf(yr, sizeof yr, "%d", c->r->years[i].year);
		snprintf(stem, sizeof stem, "results-%s", yr);
		f = v_map();
		set_fmt(f, "label", c, "download_year", "year", yr, NULL, NULL,
		    NULL, NULL);
		add_file(files, f, c, stem, 1);
	}
	f = v_map();
	v_set_str(f, "label", i18n_get(c->t, "download_aspects"));
	add_file(files, f, c, "aspect-values", 0);
	v_push(tables, columns_value(c, TABLE_RESULTS, "results.csv",
	    "cols-h", "col_"));
	v_push(tables, columns_value(c, TABLE_ASPECTS, "aspect-values.csv",
	    "aspect-cols-h", "col_"));
	release_downloads(c, m, files, tables);
	v_set(m, "files", files);
	v_set(m, "tables", tables);
	v_set(ctx, "dl", m);
}

/* Nonzero when entity e has a result in some year (so a history page). */
static int
has_history(const struct report *r, size_t e)
{
	size_t y;

	for (y = 0; y < r->nyears; y++)
		if (find_result(r, r->years[y].year, e, NONE) != NONE)
			return 1;
	return 0;
}

/* A body or unit in a year without a score: name, links, commentary. */
static void
fill_unreleased(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	struct value *m = v_map();
	struct buf b = BUF_INIT;

	v_set_strf(m, "year", "%d", p->year);
	v_set(m, "crumbs", crumbs(c, p->year, p->entity, p->unit));
	/* An empty row: assessed, not released; no row: not assessed. */
	v_set_str(m, "missing", i18n_get(c->t, find_unreleased(r, p->year,
	    p->entity, p->unit) != NONE ? "no_score" : "not_assessed"));
	url_entity_year(&b, c, p->year, p->entity);
	if (p->unit != NONE) {
		v_set_str(m, "name", r->units[p->unit].name);
		v_set_str(m, "entity_name", r->entities[p->entity].name);
		if (find_result(r, p->year, p->entity, NONE) != NONE)
			v_set(m, "entity_url", v_buf(&b));
	} else {
		v_set_str(m, "name", r->entities[p->entity].name);
		v_set_str(m, "kind", r->entities[p->entity].kind);
	}
	buf_free(&b);
	if (has_history(r, p->entity)) {
		url_entity(&b, c, p->entity);
		v_set(m, "history_url", v_buf(&b));
	} else
		v_set_bool(m, "history_url", 0);
	/* A unit not released has its row in the downloads: offer it. */
	if (p->unit != NONE && find_unreleased(r, p->year, p->entity,
	    p->unit) != NONE) {
		const char *eid = r->entities[p->entity].id;
		const char *uid = r->units[p->unit].id;

		v_set_strf(m, "csv_url", "%s-%s-%d.csv", eid, uid, p->year);
		v_set_strf(m, "json_url", "%s-%s-%d.json", eid, uid, p->year);
	} else
		v_set_bool(m, "csv_url", 0);
	set_doc(c, m, p->doc);
	v_set(ctx, "x", m);
}

/*
 * Every page's footer links the revision log when there are releases.
 * reads: whether the report has releases
 */
static void
set_log_link(const struct rctx *c, struct value *ctx)
{
	if (c->r->nreleases == 0) {
		v_set_bool(ctx, "log_url", 0);
		return;
	}
	v_set_strf(ctx, "log_url", "%sdata/revisions/index.html", c->root);
}

void
page_fill(const struct rctx *c, const struct page *p, struct value *ctx)
{
	set_log_link(c, ctx);
	cite_fill(c, p, ctx);
	if ((p->kind == PAGE_ENTITY_YEAR || p->kind == PAGE_UNIT_YEAR) &&
	    p->result == NONE) {
		fill_unreleased(c, p, ctx);
		return;
	}
	switch (p->kind) {
	case PAGE_HOME:
	case PAGE_YEAR:
		fill_year(c, p, ctx);
		break;
	case PAGE_ENTITY_YEAR:
		fill_entity_year(c, p, ctx);
		break;
	case PAGE_UNIT_YEAR:
		fill_unit_year(c, p, ctx);
		break;
	case PAGE_ENTITY:
		fill_entity(c, p, ctx);
		break;
	case PAGE_STANDALONE: {
		struct value *m = v_map();

		set_doc(c, m, p->doc);
		v_set(ctx, "doc", m);
		break;
	}
	case PAGE_DOWNLOADS:
		fill_downloads(c, ctx);
		break;
	case PAGE_REVISIONS:
		fill_revisions(c, ctx);
		break;
	case PAGE_BODIES:
		fill_bodies(c, p, ctx);
		break;
	case PAGE_RANKING:
		fill_ranking(c, p, ctx);
		break;
	default:
		break;
	}
}
