/*
 * Render stage, the website: the page plan, the context every page
 * shares (site, strings, navigation, meta tags), and the files beside
 * the pages (data downloads, search index, assets, robots.txt, sitemap,
 * feed).  Page-specific contexts are in render_pages.c.
 */
#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "chart.h"
#include "escape.h"
#include "load.h"
#include "render_data.h"
#include "progress.h"
#include "publish.h"
#include "render_impl.h"
#include "utf8.h"
#include "util.h"
#include "xalloc.h"

/* ---- the plan -------------------------------------------------------------- */

static struct page *
add(struct site_plan *plan, enum page_kind kind, int year, size_t e,
    size_t u, size_t res, const struct doc *doc, unsigned depth)
{
	struct page *p;

	XGROW(&plan->v, &plan->n, &plan->cap);
	p = &plan->v[plan->n++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	p->year = year;
	p->entity = e;
	p->unit = u;
	p->result = res;
	p->doc = doc;
	p->depth = depth;
	return p;
}

static char *
strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
strf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

static int
by_kind(const void *a, const void *b)
{
	return strcmp(((const struct kind_count *)a)->kind,
	    ((const struct kind_count *)b)->kind);
}

size_t
year_kinds(const struct report *r, int year, struct kind_count **out)
{
	struct kind_count *v = NULL;
	size_t n = 0, cap = 0, i, k;

	for (i = 0; i < r->nresults; i++) {
		const struct result *res = &r->results[i];
		const char *kind;

		if (res->year != year || res->unit != NONE)
			continue;
		kind = r->entities[res->entity].kind;
		for (k = 0; k < n && strcmp(v[k].kind, kind) != 0; k++)
			;
		if (k == n) {
			XGROW(&v, &n, &cap);
			v[n].kind = kind;
			v[n++].n = 0;
		}
		v[k].n++;
	}
	if (n)
		qsort(v, n, sizeof *v, by_kind);
	*out = v;
	return n;
}

/* The parts of each long ranking of year y (RANK_FIRST, RANK_PART). */
static void
plan_rankings(const struct report *r, int y, struct site_plan *plan)
{
	struct kind_count *kc;
	size_t nk = year_kinds(r, y, &kc), k, at;
	unsigned part = 2;

	for (k = 0; k < nk; k++)
		for (at = RANK_FIRST; at < kc[k].n; at += RANK_PART) {
			struct page *p = add(plan, PAGE_RANKING, y, NONE, NONE,
			    NONE, NULL, 2);

			p->rkind = kc[k].kind;
			p->first = at;
			p->nrows = kc[k].n - at < RANK_PART ? kc[k].n - at :
			    RANK_PART;
			p->part = part;
			p->path = strf("%d/%u/index.html", y, part++);
		}
	free(kc);
}

/* The parts of the list of every body, kind by kind (AZ_PART). */
static void
plan_az(const struct report *r, struct site_plan *plan)
{
	size_t *idx = bodies_az(r), s, e, at;
	unsigned part = 2;

	for (s = 0; s < r->nentities; s = e) {
		const char *kind = r->entities[idx[s]].kind;

		for (e = s; e < r->nentities &&
		    strcmp(r->entities[idx[e]].kind, kind) == 0; e++)
			;
		for (at = s; at < e; at += AZ_PART) {
			struct page *p = add(plan, PAGE_BODIES, 0, NONE, NONE,
			    NONE, NULL, 2);

			p->rkind = kind;
			p->first = at;
			p->nrows = e - at < AZ_PART ? e - at : AZ_PART;
			p->part = part;
			p->path = strf("search/%u/index.html", part++);
		}
	}
	free(idx);
}

void
site_plan(const struct report *r, const struct docset *ds,
    struct site_plan *plan)
{
	size_t i;
	int latest = r->nyears ? r->years[r->nyears - 1].year : 0;

	memset(plan, 0, sizeof *plan);
	add(plan, PAGE_HOME, latest, NONE, NONE, NONE,
	    docs_find(ds, DOC_HOME, 0, NONE, NONE, NULL), 0)->path =
	    xstrdup("index.html");
	for (i = 0; i < r->nyears; i++) {
		int y = r->years[i].year;

		add(plan, PAGE_YEAR, y, NONE, NONE, NONE,
		    docs_find(ds, DOC_YEAR, y, NONE, NONE, NULL), 1)->path =
		    strf("%d/index.html", y);
		plan_rankings(r, y, plan);
	}
	/* Results are sorted by year, entity, unit: one pass plans them all. */
	for (i = 0; i < r->nresults; i++) {
		const struct result *res = &r->results[i];
		const char *eid = r->entities[res->entity].id;

		if (res->unit == NONE)
			add(plan, PAGE_ENTITY_YEAR, res->year, res->entity,
			    NONE, i, docs_find(ds, DOC_ENTITY, res->year,
			    res->entity, NONE, NULL), 2)->path =
			    strf("%d/%s/index.html", res->year, eid);
		else
			add(plan, PAGE_UNIT_YEAR, res->year, res->entity,
			    res->unit, i, docs_find(ds, DOC_UNIT, res->year,
			    res->entity, res->unit, NULL), 3)->path =
			    strf("%d/%s/%s/index.html", res->year, eid,
			    r->units[res->unit].id);
	}
	/* Commentary on an entity or unit that has no score that year. */
	for (i = 0; i < ds->n; i++) {
		const struct doc *doc = &ds->v[i];
		const char *eid;

		if (doc->kind != DOC_ENTITY && doc->kind != DOC_UNIT)
			continue;
		if (find_result(r, doc->year, doc->entity, doc->unit) != NONE)
			continue;
		eid = r->entities[doc->entity].id;
		if (doc->kind == DOC_ENTITY)
			add(plan, PAGE_ENTITY_YEAR, doc->year, doc->entity,
			    NONE, NONE, doc, 2)->path = strf("%d/%s/index.html",
			    doc->year, eid);
		else
			add(plan, PAGE_UNIT_YEAR, doc->year, doc->entity,
			    doc->unit, NONE, doc, 3)->path =
			    strf("%d/%s/%s/index.html", doc->year, eid,
			    r->units[doc->unit].id);
	}
	for (i = 0; i < r->nentities; i++) {
		size_t k;
		int has = 0;

		for (k = 0; k < r->nyears && !has; k++)
			has = find_result(r, r->years[k].year, i, NONE) != NONE;
		if (has)
			add(plan, PAGE_ENTITY, 0, i, NONE, NONE, NULL, 1)->path =
			    strf("%s/index.html", r->entities[i].id);
	}
	for (i = 0; i < ds->n; i++)
		if (ds->v[i].kind == DOC_PAGE)
			add(plan, PAGE_STANDALONE, 0, NONE, NONE, NONE,
			    &ds->v[i], 1)->path = strf("%s/index.html",
			    ds->v[i].name);
	/* "search" is reserved for rapor (no entity or page takes it). */
	add(plan, PAGE_BODIES, 0, NONE, NONE, NONE, NULL, 1)->path =
	    xstrdup("search/index.html");
	if (r->nentities > AZ_PART)
		plan_az(r, plan);
	add(plan, PAGE_DOWNLOADS, 0, NONE, NONE, NONE, NULL, 1)->path =
	    xstrdup("data/index.html");
	/* The revision log, when there is something to log (section 6). */
	if (r->nreleases)
		add(plan, PAGE_REVISIONS, 0, NONE, NONE, NONE, NULL, 2)->path =
		    xstrdup("data/revisions/index.html");
	add(plan, PAGE_404, 0, NONE, NONE, NONE, NULL, 0)->path =
	    xstrdup("404.html");
}

void
site_plan_free(struct site_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n; i++)
		free(plan->v[i].path);
	free(plan->v);
	memset(plan, 0, sizeof *plan);
}

/* ---- the shared context ------------------------------------------------- */

/* The canonical absolute URL of a page (folder form), or "" without base_url. */
static void
canonical(struct buf *b, const struct report *r, const struct page *p)
{
	size_t n = strlen(p->path);

	if (r->site.base_url == NULL)
		return;
	buf_puts(b, r->site.base_url);
	if (n >= 10 && strcmp(p->path + n - 10, "index.html") == 0)
		esc_url(b, p->path, n - 10);
	else
		esc_url(b, p->path, n);
}

static void
title_and_description(const struct rctx *c, const struct page *p,
    struct buf *title, struct buf *desc)
{
	const struct report *r = c->r;
	const struct doc *doc = p->doc;
	size_t res_at = p->result;
	char yr[16];

	snprintf(yr, sizeof yr, "%d", p->year);
	switch (p->kind) {
	case PAGE_HOME:
		buf_puts(title, r->site.title);
		break;
	case PAGE_YEAR:
		if (doc && doc->title)
			buf_puts(title, doc->title);
		else
			buf_printf(title, "%s %s", i18n_get(c->t, "year"), yr);
		break;
	case PAGE_ENTITY_YEAR:
		i18n_fmt(title, c->t, "entity_in_year", "name",
		    r->entities[p->entity].name, "year", yr, (char *)NULL);
		break;
	case PAGE_UNIT_YEAR:
		i18n_fmt(title, c->t, "unit_in_year", "name",
		    r->units[p->unit].name, "entity",
		    r->entities[p->entity].name, "year", yr, (char *)NULL);
		break;
	case PAGE_ENTITY:
		buf_puts(title, r->entities[p->entity].name);
		break;
	case PAGE_BODIES:
		if (p->part) {
			char a[24], b[24];

			snprintf(a, sizeof a, "%zu", p->first + 1);
			snprintf(b, sizeof b, "%zu", p->first + p->nrows);
			i18n_fmt(title, c->t, "all_bodies_part", "kind",
			    p->rkind, "from", a, "to", b, (char *)NULL);
		} else
			buf_puts(title, i18n_get(c->t, "all_bodies"));
		break;
	case PAGE_RANKING: {
		char a[24], b[24];

		snprintf(a, sizeof a, "%zu", p->first + 1);
		snprintf(b, sizeof b, "%zu", p->first + p->nrows);
		i18n_fmt(title, c->t, "ranking_part", "kind", p->rkind, "year",
		    yr, "from", a, "to", b, (char *)NULL);
		break;
	}
	case PAGE_STANDALONE:
		buf_puts(title, doc->title ? doc->title : doc->name);
		break;
	case PAGE_DOWNLOADS:
		buf_puts(title, i18n_get(c->t, "downloads"));
		break;
	case PAGE_REVISIONS:
		buf_puts(title, i18n_get(c->t, "revisions"));
		break;
	default:
		buf_puts(title, i18n_get(c->t, "page_not_found"));
		break;
	}
	if (p->kind == PAGE_ENTITY)
		res_at = latest_result(r, p->entity);
	if (doc && doc->summary)
		buf_puts(desc, doc->summary);
	else if (res_at != NONE) {
		/* A sentence from the data: "Kota Cilegon 2023: 89,45, A ..., Zona Hijau." */
		const struct result *res = &r->results[res_at];

		buf_puts(desc, title->data);
		if (p->kind == PAGE_ENTITY)
			buf_printf(desc, " %d", res->year);
		buf_puts(desc, ": ");
		dec_format(desc, res->score, r->site.decimals, c->t->sep, 0);
		if (res->category != NONE)
			buf_printf(desc, ", %s %s",
			    r->categories[res->category].code,
			    r->categories[res->category].name);
		if (res->zone != NONE)
			buf_printf(desc, ", %s", r->zones[res->zone].name);
		buf_putc(desc, '.');
	} else
		buf_puts(desc, r->site.description);
}

/* JSON-LD describing the downloads as a schema.org Dataset. */
static void
jsonld(const struct rctx *c, struct buf *b)
{
	const struct report *r = c->r;
	const char *base = r->site.base_url;
	struct buf u = BUF_INIT;
	size_t i;

	buf_puts(b, "{\"@context\":\"https://schema.org\",\"@type\":"
	    "\"Dataset\",\"name\":");
	esc_json(b, r->site.title, strlen(r->site.title));
	buf_puts(b, ",\"description\":");
	esc_json(b, r->site.description, strlen(r->site.description));
	if (r->site.publisher[0]) {
		buf_puts(b, ",\"creator\":{\"@type\":\"Organization\","
		    "\"name\":");
		esc_json(b, r->site.publisher, strlen(r->site.publisher));
		buf_putc(b, '}');
	}
	if (base) {
		buf_puts(b, ",\"url\":");
		esc_json(b, base, strlen(base));
	}
	if (r->nyears)
		buf_printf(b, ",\"temporalCoverage\":\"%d/%d\"",
		    r->years[0].year, r->years[r->nyears - 1].year);
	buf_puts(b, ",\"distribution\":[");
	for (i = 0; i < 2; i++) {
		buf_reset(&u);
		buf_puts(&u, base ? base : c->root);
		buf_puts(&u, i == 0 ? "data/results.csv" : "data/results.json");
		buf_printf(b, "%s{\"@type\":\"DataDownload\",\"encodingFormat\":"
		    "\"%s\",\"contentUrl\":", i ? "," : "",
		    i == 0 ? "text/csv" : "application/json");
		esc_json(b, u.data, u.len);
		buf_putc(b, '}');
	}
	buf_puts(b, "]}");
	buf_free(&u);
}

static struct value *
nav_value(const struct rctx *c, const struct page *p)
{
	const struct report *r = c->r;
	struct value *m = v_map(), *years = v_list(), *pages = v_list();
	size_t i;

	v_set_strf(m, "home_url", "%sindex.html", c->root);
	v_set_strf(m, "downloads_url", "%sdata/index.html", c->root);
	v_set_strf(m, "bodies_url", "%ssearch/index.html", c->root);
	v_set_strf(m, "search_index", "%sassets/search-index.js", c->root);
	for (i = r->nyears; i-- > 0; ) {
		struct value *y = v_map();

		v_set_strf(y, "year", "%d", r->years[i].year);
		v_set_strf(y, "url", "%s%d/index.html", c->root,
		    r->years[i].year);
		v_set_bool(y, "is_current", (p->kind == PAGE_YEAR ||
		    p->kind == PAGE_RANKING ||
		    p->kind == PAGE_ENTITY_YEAR || p->kind == PAGE_UNIT_YEAR) &&
		    p->year == r->years[i].year);
		v_push(years, y);
	}
	for (i = 0; i < c->ds->n; i++) {
		const struct doc *d = &c->ds->v[i];
		struct value *x;

		if (d->kind != DOC_PAGE)
			continue;
		x = v_map();
		v_set_str(x, "title", d->title ? d->title : d->name);
		v_set_strf(x, "url", "%s%s/index.html", c->root, d->name);
		v_set_bool(x, "is_current", p->doc == d);
		v_push(pages, x);
	}
	v_set(m, "years", years);
	v_set(m, "pages", pages);
	if (p->kind == PAGE_HOME)
		v_set_bool(m, "home_current", 1);
	if (p->kind == PAGE_DOWNLOADS)
		v_set_bool(m, "downloads_current", 1);
	if (p->kind == PAGE_BODIES)
		v_set_bool(m, "bodies_current", 1);
	return m;
}

static struct value *
site_value(const struct rctx *c)
{
	const struct site *s = &c->r->site;
	struct value *m = v_map();
	struct buf b = BUF_INIT;

	v_set_str(m, "title", s->title);
	v_set_str(m, "description", s->description);
	v_set_str(m, "publisher", s->publisher);
	v_set_str(m, "lang", s->language == LANG_EN ? "en" : "id");
	v_set_str(m, "locale", i18n_get(c->t, "locale"));
	if (s->base_url)
		v_set_str(m, "base_url", s->base_url);
	i18n_fmt(&b, c->t, "footer", "publisher", s->publisher[0] ?
	    s->publisher : s->title, (char *)NULL);
	v_set_str(m, "footer", buf_str(&b));
	buf_free(&b);
	return m;
}

static struct value *
context(struct rctx *c, const struct page *p)
{
	struct value *ctx = v_map(), *pg = v_map();
	struct buf title = BUF_INIT, desc = BUF_INIT, u = BUF_INIT;
	unsigned i;

	buf_reset(&c->rootbuf);
	if (p->kind == PAGE_404 && c->r->site.base_url)
		/* 404.html is served at any depth: only absolute links work. */
		buf_puts(&c->rootbuf, c->r->site.base_url);
	else
		for (i = 0; i < p->depth; i++)
			buf_puts(&c->rootbuf, "../");
	c->root = buf_str(&c->rootbuf);
	/* Alike on every page: built once (render_pages(), before the
	 * arena), not copied and freed per page. */
	v_set(ctx, "site", c->site);
	v_set(ctx, "t", c->strings);
	v_set_str(ctx, "root", c->root);
	title_and_description(c, p, &title, &desc);
	v_set_str(pg, "title", buf_str(&title));
	if (p->kind == PAGE_HOME)
		v_set_str(pg, "full_title", buf_str(&title));
	else
		v_set_strf(pg, "full_title", "%s \xE2\x80\x94 %s",
		    buf_str(&title), c->r->site.title);
	v_set_str(pg, "description", buf_str(&desc));
	canonical(&u, c->r, p);
	if (u.len)
		v_set_str(pg, "canonical", u.data);
	v_set_str(pg, "og_type", p->kind == PAGE_STANDALONE ? "article" :
	    "website");
	if (p->kind == PAGE_HOME || p->kind == PAGE_DOWNLOADS) {
		struct buf j = BUF_INIT;

		jsonld(c, &j);
		/* esc_json escaped '<', '>' and '&': safe inside <script>. */
		v_set_str(pg, "jsonld", buf_str(&j));
		buf_free(&j);
	}
	if (p->doc && p->doc->date) {
		struct buf dt = BUF_INIT;

		i18n_date(&dt, c->t, p->doc->date);
		v_set_str(pg, "date", buf_str(&dt));
		v_set_strf(pg, "date_iso", "%04d-%02d-%02d", p->doc->date /
		    10000, p->doc->date / 100 % 100, p->doc->date % 100);
		buf_free(&dt);
	}
	if (p->doc && p->doc->title && p->kind != PAGE_STANDALONE &&
	    p->kind != PAGE_YEAR)
		v_set_str(pg, "doc_title", p->doc->title);
	v_set(ctx, "page", pg);
	v_set(ctx, "nav", nav_value(c, p));
	page_fill(c, p, ctx);
	charts_fill(c, p, ctx);
	embed_fill(c, p, ctx);
	buf_free(&title);
	buf_free(&desc);
	buf_free(&u);
	return ctx;
}

/* ---- files beside the pages ------------------------------------------------ */

static int
write_buf(struct stage *st, const char *path, struct buf *b, struct diags *d)
{
	int rc = stage_write(st, path, 0, NULL, buf_str(b), b->len, d);

	buf_reset(b);
	return rc;
}

static int
stream_put(void *arg, const void *data, size_t len)
{
	return stage_stream_put(arg, data, len);
}

/*
 * The report-wide download what (of the rows sel selects) as rel, made a
 * piece at a time into the staging folder: at --scale 10 results.json
 * alone is over 100 MB, which a buffer would hold whole.
 */
static int
stream_file(const struct rctx *c, enum download what,
    const struct rowsel *sel, const char *rel, uint64_t key, struct buf *b)
{
	struct stage_stream w;

	stage_stream_open(c->st, &w, rel);
	(void)render_download(c->r, what, sel, b, stream_put, &w);
	return stage_stream_close(&w, key, NULL, c->d);
}

/*
 * The CSV and JSON of the rows sel selects, as path (without extension),
 * listed with the page being made.  Their key is the data's, not the
 * page's: they show no template, string or asset, so a rebuild after a
 * change of those keeps them without making them again.
 */
static int
rows_files(const struct rctx *c, const struct rowsel *sel, const char *path,
    struct buf *b)
{
	struct buf p = BUF_INIT;
	uint64_t key = key_data(c, sel->year, sel->entity);
	int rc = 0, json;

	for (json = 0; json < 2 && rc == 0; json++) {
		buf_reset(&p);
		buf_printf(&p, "%s.%s", path, json ? "json" : "csv");
		if (stage_keep(c->st, p.data, key, NULL))
			continue;
		buf_reset(b);
		if (json)
			render_results_json(c->r, b, sel);
		else
			render_results_csv(c->r, b, sel);
		rc = stage_write(c->st, p.data, key, NULL, buf_str(b), b->len,
		    c->d);
	}
	buf_reset(b);
	buf_free(&p);
	return rc;
}

/*
 * The downloads of a page, listed with it (kept or made when it is
 * made): a body's rows in a year, a unit's (released or not), a body's
 * across the years, each as CSV and JSON.
 */
static int
page_data_files(const struct rctx *c, const struct page *p, struct buf *b)
{
	const struct report *r = c->r;
	struct rowsel sel = { p->year, p->entity, NONE };
	struct buf path = BUF_INIT;
	const char *eid;
	int rc = 0;

	if (p->entity == NONE)
		return 0;
	eid = r->entities[p->entity].id;
	switch (p->kind) {
	case PAGE_ENTITY_YEAR:
		if (p->result == NONE)
			break;
		buf_printf(&path, "%d/%s/%s-%d", p->year, eid, eid, p->year);
		rc = rows_files(c, &sel, path.data, b);
		break;
	case PAGE_UNIT_YEAR:
		if (p->result == NONE && find_unreleased(r, p->year, p->entity,
		    p->unit) == NONE)
			break;
		sel.unit = p->unit;
		buf_printf(&path, "%d/%s/%s/%s-%s-%d", p->year, eid,
		    r->units[p->unit].id, eid, r->units[p->unit].id, p->year);
		rc = rows_files(c, &sel, path.data, b);
		break;
	case PAGE_ENTITY:
		sel.year = 0;
		buf_printf(&path, "%s/%s", eid, eid);
		rc = rows_files(c, &sel, path.data, b);
		break;
	default:
		break;
	}
	buf_free(&path);
	return rc;
}

/*
 * With releases (section 6): data/revisions.csv, and each release as it
 * was published, data/releases/<date>.csv, byte for byte.
 */
static int
release_files(const struct rctx *c, struct buf *b)
{
	const struct report *r = c->r;
	struct buf path = BUF_INIT;
	uint64_t key = key_data(c, -1, NONE);
	size_t i;
	int rc = 0, dt;

	if (r->nreleases == 0)
		return 0;
	if (!stage_keep(c->st, "data/revisions.csv", key, NULL)) {
		buf_reset(b);
		render_revisions_csv(r, b);
		rc |= stage_write(c->st, "data/revisions.csv", key, NULL,
		    buf_str(b), b->len, c->d);
	}
	for (i = 0; i < r->nreleases && rc == 0; i++) {
		dt = r->releases[i].date;
		buf_reset(&path);
		buf_printf(&path, "data/releases/%04d-%02d-%02d.csv",
		    dt / 10000, dt / 100 % 100, dt % 100);
		rc |= stage_write(c->st, path.data, 0, NULL,
		    r->releases[i].bytes, r->releases[i].len, c->d);
	}
	buf_reset(b);
	buf_free(&path);
	return rc;
}

/*
 * Which of the report-wide downloads a process writes: all of them in a
 * build of one process; with workers, the last worker writes
 * data/results.* and data/results-YYYY.* (remade whenever any score
 * changes, the former from the latter) beside its pages and the first
 * process the others beside its own and the feed, sitemap and search
 * index, so that a rebuild that renders few pages does not wait for one
 * process to write them all.
 */
enum data_part {
	DATA_ALL,	/* every report-wide download */
	DATA_RESULTS,	/* data/results.* and data/results-YYYY.* */
	DATA_REST	/* the others */
};

/*
 * The downloads of every row, of the aspect values, of each year and of
 * the releases (a page's own are written with it: page_data_files()),
 * or the part of them given.
 */
static int
data_files(const struct rctx *c, enum data_part part)
{
	struct buf b = BUF_INIT;
	uint64_t all = key_data(c, 0, NONE);
	int rc = 0;

	if (part != DATA_REST)
		rc |= results_files(c, &b);
	if (part == DATA_RESULTS)
		goto out;
	if (rc == 0 && !stage_keep(c->st, "data/aspect-values.csv", all,
	    NULL)) {
		rc |= stream_file(c, DOWNLOAD_ASPECTS_CSV, NULL,
		    "data/aspect-values.csv", all, &b);
	}
	if (rc == 0)
		rc |= release_files(c, &b);
out:
	buf_free(&b);
	return rc ? -1 : 0;
}

/* The search index as a script, so it loads from disk too (no fetch). */
static int
search_index(const struct report *r, struct stage *st, struct diags *d)
{
	struct buf b = BUF_INIT;
	size_t i;
	int first = 1, rc;

	buf_puts(&b, "window.raporSearch=[");
	for (i = 0; i < r->nentities; i++) {
		const struct entity *e = &r->entities[i];
		struct buf u = BUF_INIT;

		/* Appends, not printf: 4,000 entries at national scale. */
		buf_puts(&u, e->id);
		buf_puts(&u, "/index.html");
		buf_puts(&b, first ? "\n[" : ",\n[");
		first = 0;
		esc_json(&b, e->name, strlen(e->name));
		buf_putc(&b, ',');
		esc_json(&b, e->kind, strlen(e->kind));
		buf_putc(&b, ',');
		esc_json(&b, u.data, u.len);
		buf_putc(&b, ']');
		buf_free(&u);
	}
	/* Units point at their latest year's page. */
	for (i = 0; i < r->nunits; i++) {
		const struct unit *un = &r->units[i];
		struct buf u = BUF_INIT, label = BUF_INIT;
		size_t y = r->nyears;

		while (y-- > 0 && find_result(r, r->years[y].year, un->entity,
		    i) == NONE)
			;
		if (y == (size_t)-1)
			continue;
		buf_put_u64(&u, (unsigned long long)r->years[y].year);
		buf_putc(&u, '/');
		buf_puts(&u, r->entities[un->entity].id);
		buf_putc(&u, '/');
		buf_puts(&u, un->id);
		buf_puts(&u, "/index.html");
		buf_puts(&label, r->entities[un->entity].name);
		buf_puts(&label, " (");
		buf_put_u64(&label, (unsigned long long)r->years[y].year);
		buf_putc(&label, ')');
		buf_puts(&b, ",\n[");
		esc_json(&b, un->name, strlen(un->name));
		buf_putc(&b, ',');
		esc_json(&b, label.data, label.len);
		buf_putc(&b, ',');
		esc_json(&b, u.data, u.len);
		buf_putc(&b, ']');
		buf_free(&u);
		buf_free(&label);
	}
	buf_puts(&b, "\n];\n");
	rc = write_buf(st, "assets/search-index.js", &b, d);
	buf_free(&b);
	return rc ? -1 : 0;
}

/* Copy the files of templates/assets into assets/ (one level, sorted). */
static int
copy_assets(const char *templates_dir, struct stage *st, struct diags *d)
{
	struct buf dir = BUF_INIT, path = BUF_INIT, out = BUF_INIT;
	DIR *dp;
	struct dirent *de;
	int rc = 0;

	buf_printf(&dir, "%s/assets", templates_dir);
	if ((dp = opendir(dir.data)) == NULL) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc)
			diag_sys(d, dir.data, "cannot read folder", errno);
		goto out;
	}
	while ((de = readdir(dp)) != NULL && rc == 0) {
		unsigned long cp;
		char *data;
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir.data, de->d_name);
		if (utf8_find_hidden(de->d_name, strlen(de->d_name), &cp) !=
		    (size_t)-1 || strchr(de->d_name, '\t')) {
			diag(d, DIAG_ERROR, path.data, 0, 0, "a file name with "
			    "control or invisible characters cannot be "
			    "published; rename it");
			rc = -1;
			break;
		}
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir.data, de->d_name);
		if (file_read(path.data, templates_dir, 64u << 20, &data, &len,
		    d) != 0) {
			rc = -1;
			break;
		}
		buf_reset(&out);
		buf_printf(&out, "assets/%s", de->d_name);
		rc = stage_write(st, out.data, 0, NULL, data, len, d);
		free(data);
	}
	closedir(dp);
out:
	buf_free(&dir);
	buf_free(&path);
	buf_free(&out);
	return rc;
}

/* yyyymmdd of SOURCE_DATE_EPOCH, or 0 when unset or invalid. */
static int
source_date(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	long long t = 0, days, y, m, dd, era, doe, yoe, doy, mp;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || t > 100000000000LL)
			return 0;
		t = t * 10 + (*s - '0');
	}
	/* Civil from days (Howard Hinnant's algorithm), UTC. */
	days = t / 86400 + 719468;
	era = days / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dd = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	return (int)(y * 10000 + m * 100 + dd);
}

/* The date of an edition: its newest commentary date, else derived. */
static int
year_date(const struct docset *ds, int year)
{
	size_t i;
	int best = 0, sde;

	for (i = 0; i < ds->n; i++)
		if (ds->v[i].year == year && ds->v[i].date > best)
			best = ds->v[i].date;
	if (best)
		return best;
	if ((sde = source_date()) != 0)
		return sde;
	/* Results are announced each December: the year's last day. */
	return year * 10000 + 1231;
}

/*
 * An entry of the feed per release, newest first (section 6): its note's
 * title and summary, else what it was (the original publication, or how
 * many figures it changed), linked to its section of the revision log.
 */
static void
release_entries(const struct rctx *c, struct buf *b)
{
	const struct report *r = c->r;
	size_t i, k;

	for (i = r->nreleases; i-- > 0; ) {
		const struct release *rel = &r->releases[i];
		struct buf t = BUF_INIT, s = BUF_INIT, dt = BUF_INIT;
		struct buf prev = BUF_INIT, u = BUF_INIT;
		const struct doc *note;
		char iso[16], n[32];
		size_t changes = 0;

		snprintf(iso, sizeof iso, "%04d-%02d-%02d", rel->date / 10000,
		    rel->date / 100 % 100, rel->date % 100);
		note = docs_find(c->ds, DOC_RELEASE, 0, NONE, NONE, iso);
		i18n_date(&dt, c->t, rel->date);
		if (note && note->title)
			buf_puts(&t, note->title);
		else
			i18n_fmt(&t, c->t, "feed_release", "date", buf_str(&dt),
			    (char *)NULL);
		for (k = 0; k < r->nrevisions; k++)
			changes += r->revisions[k].release == i;
		if (note && note->summary)
			buf_puts(&s, note->summary);
		else if (i == 0) {
			snprintf(n, sizeof n, "%zu", rel->nrows);
			i18n_fmt(&s, c->t, "release_first", "n", n,
			    (char *)NULL);
		} else {
			snprintf(n, sizeof n, "%zu", changes);
			i18n_date(&prev, c->t, r->releases[i - 1].date);
			i18n_fmt(&s, c->t, changes ? "release_changes" :
			    "release_same", "n", n, "prev", buf_str(&prev),
			    (char *)NULL);
		}
		buf_printf(&u, "%sdata/revisions/#release-%s", r->site.base_url,
		    iso);
		buf_puts(b, "<entry>\n<title>");
		esc_html(b, t.data, t.len);
		buf_puts(b, "</title>\n<id>");
		esc_html(b, u.data, u.len);
		buf_puts(b, "</id>\n<link href=\"");
		esc_html(b, u.data, u.len);
		buf_printf(b, "\"/>\n<updated>%sT00:00:00Z</updated>\n"
		    "<summary>", iso);
		esc_html(b, s.data, s.len);
		buf_puts(b, "</summary>\n</entry>\n");
		buf_free(&t);
		buf_free(&s);
		buf_free(&dt);
		buf_free(&prev);
		buf_free(&u);
	}
}

static int
xml_files(const struct rctx *c, struct stage *st, struct diags *d)
{
	const struct report *r = c->r;
	const char *base = r->site.base_url;
	struct buf b = BUF_INIT, u = BUF_INIT;
	uint64_t key;
	size_t i;
	int rc = 0, newest = 0;

	buf_puts(&b, "User-agent: *\nAllow: /\n");
	if (base) {
		buf_puts(&b, "Sitemap: ");
		buf_puts(&b, base);
		buf_puts(&b, "sitemap.xml\n");
	}
	rc |= write_buf(st, "robots.txt", &b, d);
	if (base == NULL || rc)
		goto out;
	/* A rebuild's pages are mostly the same: 22,000 URLs need not be
	 * made again to find that out. */
	key = key_sitemap(c);
	if (stage_keep(st, "sitemap.xml", key, NULL))
		goto feed;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "
	    "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (i = 0; i < c->plan->n; i++) {
		if (c->plan->v[i].kind == PAGE_404)
			continue;
		buf_reset(&u);
		canonical(&u, r, &c->plan->v[i]);
		buf_puts(&b, "<url><loc>");
		esc_html(&b, u.data, u.len);
		buf_puts(&b, "</loc></url>\n");
	}
	buf_puts(&b, "</urlset>\n");
	rc |= stage_write(st, "sitemap.xml", key, NULL, buf_str(&b), b.len, d);
	buf_reset(&b);
feed:
	for (i = 0; i < r->nyears; i++) {
		int dt = year_date(c->ds, r->years[i].year);

		newest = dt > newest ? dt : newest;
	}
	for (i = 0; i < r->nreleases; i++)
		if (r->releases[i].date > newest)
			newest = r->releases[i].date;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed "
	    "xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	esc_html(&b, r->site.title, strlen(r->site.title));
	buf_puts(&b, "</title>\n<id>");
	esc_html(&b, base, strlen(base));
	buf_puts(&b, "</id>\n<link rel=\"alternate\" href=\"");
	esc_html(&b, base, strlen(base));
	buf_puts(&b, "\"/>\n<link rel=\"self\" href=\"");
	esc_html(&b, base, strlen(base));
	buf_printf(&b, "feed.xml\"/>\n<updated>%04d-%02d-%02dT00:00:00Z"
	    "</updated>\n", newest / 10000, newest / 100 % 100, newest % 100);
	if (r->site.publisher[0]) {
		buf_puts(&b, "<author><name>");
		esc_html(&b, r->site.publisher, strlen(r->site.publisher));
		buf_puts(&b, "</name></author>\n");
	} else {
		buf_puts(&b, "<author><name>");
		esc_html(&b, r->site.title, strlen(r->site.title));
		buf_puts(&b, "</name></author>\n");
	}
	for (i = r->nyears; i-- > 0; ) {
		int y = r->years[i].year, dt = year_date(c->ds, y);
		const struct doc *doc = docs_find(c->ds, DOC_YEAR, y, NONE,
		    NONE, NULL);
		struct buf t = BUF_INIT;

		if (doc && doc->title)
			buf_puts(&t, doc->title);
		else
			buf_printf(&t, "%s %d", i18n_get(c->t, "year"), y);
		buf_reset(&u);
		buf_printf(&u, "%s%d/", base, y);
		buf_puts(&b, "<entry>\n<title>");
		esc_html(&b, t.data, t.len);
		buf_puts(&b, "</title>\n<id>");
		esc_html(&b, u.data, u.len);
		buf_puts(&b, "</id>\n<link href=\"");
		esc_html(&b, u.data, u.len);
		buf_printf(&b, "\"/>\n<updated>%04d-%02d-%02dT00:00:00Z"
		    "</updated>\n", dt / 10000, dt / 100 % 100, dt % 100);
		if (doc && doc->summary) {
			buf_puts(&b, "<summary>");
			esc_html(&b, doc->summary, strlen(doc->summary));
			buf_puts(&b, "</summary>\n");
		}
		buf_puts(&b, "</entry>\n");
		buf_free(&t);
	}
	release_entries(c, &b);
	buf_puts(&b, "</feed>\n");
	rc |= write_buf(st, "feed.xml", &b, d);
out:
	buf_free(&b);
	buf_free(&u);
	return rc ? -1 : 0;
}

/*
 * The worker that renders page i of the plan: the pages in turn, by
 * their index, so that every worker gets its share of each kind of page
 * (the plan lists a year's body pages, each with its share card,
 * together).  No cache of the chart module needs a body's pages in one
 * worker: a string drawn again in another worker is laid out there.
 */
static int
page_worker(size_t i, const struct render_opts *o)
{
	return (int)(i % (size_t)o->jobs);
}

/* Each body's children, found once (not by every page in every body). */
static void
index_children(struct rctx *c)
{
	const struct report *r = c->r;
	size_t i, *fill;

	c->kids_at = xcalloc(r->nentities + 2, sizeof *c->kids_at);
	c->kids = xcalloc(r->nentities + 1, sizeof *c->kids);
	for (i = 0; i < r->nentities; i++)
		if (r->entities[i].parent != NONE)
			c->kids_at[r->entities[i].parent + 1]++;
	for (i = 0; i < r->nentities; i++)
		c->kids_at[i + 1] += c->kids_at[i];
	fill = xcalloc(r->nentities + 1, sizeof *fill);
	for (i = 0; i < r->nentities; i++) {
		size_t par = r->entities[i].parent;

		if (par != NONE)
			c->kids[c->kids_at[par] + fill[par]++] = i;
	}
	free(fill);
}

/* The progress line, from every process's counts. */
static void
show_progress(const struct rctx *c, const struct render_opts *o)
{
	size_t pages = 0, charts = 0;
	int w;

	if (c->counts == NULL)
		return;
	for (w = 0; w < o->jobs; w++) {
		pages += c->counts[2 * w];
		charts += c->counts[2 * w + 1];
	}
	progress_tick(o->progress, pages, c->plan->n, charts);
}

/*
 * Page i of the plan, with its data files and embed pages, into the
 * stage, unless its inputs are as last time; out is a buffer to use.
 * Returns 0, 1 when it was made again, or -1 on a failure (recorded).
 */
static int
render_page(struct rctx *c, const struct tpl_set *tpl,
    const struct render_opts *o, size_t i, struct buf *out)
{
	const struct page *p = &c->plan->v[i];
	struct value *ctx;
	uint64_t key;
	int rc;

	if (stage_interrupted)
		return -1;
	if (c->counts != NULL)
		c->counts[2 * c->worker]++;
	if (c->worker == 0 && o->progress != NULL)
		show_progress(c, o);
	/* Its inputs as last time: the page and its files stay. */
	key = key_page(c, p);
	if (stage_keep_page(c->st, p->path, key))
		return 0;
	stage_begin(c->st, p->path);
	v_arena_begin();
	ctx = context(c, p);
	buf_reset(out);
	if (c->failed)
		rc = -1;
	else if (tpl_render(tpl, page_template(p), ctx, out, c->d) != 0)
		rc = -1;
	else
		rc = stage_write(c->st, p->path, key, NULL, buf_str(out),
		    out->len, c->d);
	if (rc == 0)
		rc = page_data_files(c, p, out);
	if (rc == 0)
		rc = embed_pages(c, tpl, p, ctx, out);
	stage_begin(c->st, NULL);
	value_free(ctx);
	v_arena_end();
	return rc == 0 ? 1 : -1;
}

/*
 * The pages of o->first (c->early), before the others, their files
 * handed to o->first->file as they are written; then o->first->ready
 * when any was made again.
 */
static int
render_early(struct rctx *c, const struct tpl_set *tpl,
    const struct render_opts *o, struct buf *out)
{
	const struct first_pages *f = o->first;
	size_t i;
	int rc = 0, made = 0;

	stage_tap(c->st, f->file, f->arg);
	for (i = 0; i < c->plan->n && rc >= 0; i++)
		if (c->early[i] && (rc = render_page(c, tpl, o, i, out)) > 0)
			made = 1;
	stage_tap(c->st, NULL, NULL);
	if (rc < 0)
		return -1;
	if (made)
		f->ready(f->arg);
	return 0;
}

/*
 * Mark the pages of o->first in c->early (left NULL when none is a page
 * of the plan).  The paths are few (the pages open in a browser): each
 * is looked for in the plan.
 */
static void
mark_early(struct rctx *c, const struct render_opts *o)
{
	size_t i, k;

	if (o->first == NULL)
		return;
	for (k = 0; k < o->first->n; k++)
		for (i = 0; i < c->plan->n; i++)
			if (strcmp(c->plan->v[i].path, o->first->paths[k]) ==
			    0) {
				if (c->early == NULL)
					c->early = xcalloc(c->plan->n, 1);
				c->early[i] = 1;
				break;
			}
}

/*
 * Render the pages that are worker's (page_worker()), with this
 * process's own chart context (Cairo, Pango and fontconfig are set up
 * after fork, never shared across it).
 */
static int
render_pages(struct rctx *c, const struct tpl_set *tpl,
    const struct render_opts *o, int worker)
{
	struct buf out = BUF_INIT;
	char err[256];
	size_t i;
	int rc = 0;

	if (o->charts && (c->cx = chart_ctx_new(NULL, err, sizeof err)) == NULL) {
		diag(c->d, DIAG_SYSTEM, "charts", 0, 0, "%s (the pinned font "
		    "comes from Debian's fonts-noto-core)", err);
		return -1;
	}
	/* What every page shows alike outlives each page's arena. */
	c->site = v_share(site_value(c));
	c->strings = v_share(i18n_value(c->t));
	if (worker == 0 && c->early != NULL)
		rc = render_early(c, tpl, o, &out);
	for (i = 0; i < c->plan->n && rc >= 0; i++) {
		if (page_worker(i, o) != worker ||
		    (c->early != NULL && c->early[i]))
			continue;
		rc = render_page(c, tpl, o, i, &out);
	}
	rc = rc < 0 ? -1 : 0;
	buf_free(&out);
	buf_free(&c->chart);
	charts_done(c);
	/* The report-wide downloads in the last worker, beside the first
	 * process's pages (render_site() writes them itself with one). */
	if (rc == 0 && o->jobs > 1 && worker == o->jobs - 1)
		rc = data_files(c, DATA_RESULTS);
	if (worker > 0 && rc == 0)
		rc = stage_hand_over(c->st, worker, c->d);
	if (c->cx) {
		chart_ctx_free(c->cx);
		c->cx = NULL;
	}
	return rc;
}

/* The other workers: forked, each reporting its problems through a pipe. */
struct worker {
	pid_t	pid;	/* the process, or -1 when fork failed */
	int	fd;	/* read end of its diagnostics pipe */
};

static int
spawn(struct rctx *c, const struct tpl_set *tpl, const struct render_opts *o,
    int w, struct worker *all)
{
	struct worker *wk = &all[w];
	pid_t parent = getpid();
	int p[2];

	wk->pid = -1;
	wk->fd = -1;
	if (pipe(p) != 0) {
		diag_sys(c->d, "rapor", "cannot create a pipe", errno);
		return -1;
	}
	fflush(NULL);
	if ((wk->pid = fork()) == -1) {
		diag_sys(c->d, "rapor", "cannot start a worker", errno);
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (wk->pid == 0) {
		struct diags mine = DIAGS_INIT;
		int rc;

		/* A worker dies with its parent, even of kill -9: it must
		 * not write into a staging folder nobody will publish. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 ||
		    getppid() != parent)
			_exit(1);
		close(p[0]);
		c->d = &mine;
		c->worker = w;
		rc = render_pages(c, tpl, o, w);
		if (diag_send(&mine, p[1]) != 0)
			rc = -1;
		close(p[1]);
		diag_free(&mine);
		buf_free(&c->rootbuf);
		/* What this process set up or was handed and the parent frees
		 * in its own copy: freed here too, so that leak checkers see
		 * a clean worker. */
		free(all);
		keys_free(&c->keys);
		free(c->kids_at);
		free(c->kids);
		free(c->early);
		if (o->charts)
			chart_shutdown();
		/* _exit: the parent's stdio buffers and atexit work are not ours. */
		_exit(rc == 0 ? 0 : 1);
	}
	close(p[1]);
	wk->fd = p[0];
	return 0;
}

static int
reap(struct rctx *c, const struct render_opts *o, struct worker *wk)
{
	int status, rc = 0;

	if (wk->pid == -1)
		return -1;
	/* Its diagnostics come at its end: meanwhile, show the progress. */
	if (o->progress != NULL) {
		struct pollfd pf = { wk->fd, POLLIN, 0 };

		while (poll(&pf, 1, 100) == 0)
			show_progress(c, o);
	}
	if (diag_receive(c->d, wk->fd) != 0)
		rc = -1;
	close(wk->fd);
	while (waitpid(wk->pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		diag(c->d, DIAG_SYSTEM, "rapor", 0, 0, "a worker process died "
		    "of signal %d", WTERMSIG(status));
		rc = -1;
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* It said why (its diagnostics, or "out of memory"), unless
		 * it was stopped. */
		if (!stage_interrupted && c->d->errors + c->d->system == 0)
			diag(c->d, DIAG_SYSTEM, "rapor", 0, 0, "a worker process "
			    "failed (exit status %d)", WIFEXITED(status) ?
			    WEXITSTATUS(status) : -1);
		rc = -1;
	}
	return rc;
}

int
render_site(const struct report *r, const struct docset *ds,
    const struct site_plan *plan, const struct tpl_set *tpl,
    const struct i18n *t, const struct render_opts *o, struct stage *st,
    struct diags *d)
{
	struct rctx c;
	struct worker *wk;
	struct render_opts one = *o;
	int rc = 0, w;

	if (one.jobs < 1)
		one.jobs = 1;
	memset(&c, 0, sizeof c);
	c.st = st;
	c.d = d;
	c.r = r;
	c.ds = ds;
	c.t = t;
	c.plan = plan;
	if (one.charts)
		c.salt = charts_salt();
	keys_make(&c, tpl, one.templates_dir, one.charts);
	index_children(&c);
	mark_early(&c, &one);
	/* Counts every process can add to, for the progress line. */
	if (one.progress != NULL && (c.counts = mmap(NULL, 2 * (size_t)one.jobs *
	    sizeof *c.counts, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0)) == MAP_FAILED)
		c.counts = NULL;
	wk = xcalloc((size_t)one.jobs, sizeof *wk);
	for (w = 1; w < one.jobs; w++)
		if (spawn(&c, tpl, &one, w, wk) != 0)
			rc = -1;
	if (rc == 0)
		rc = render_pages(&c, tpl, &one, 0);
	/* The files of no page, while the workers finish theirs. */
	if (rc == 0)
		rc = xml_files(&c, st, d);
	if (rc == 0)
		rc = data_files(&c, one.jobs == 1 ? DATA_ALL : DATA_REST);
	if (rc == 0)
		rc = search_index(r, st, d);
	if (rc == 0)
		rc = copy_assets(one.templates_dir, st, d);
	/* Stopped (a signal, a failure): the others need not finish. */
	for (w = 1; w < one.jobs && rc != 0; w++)
		if (wk[w].pid > 0)
			(void)kill(wk[w].pid, SIGTERM);
	for (w = 1; w < one.jobs; w++)
		if (wk[w].pid != -1 && reap(&c, &one, &wk[w]) != 0)
			rc = -1;
	free(wk);
	buf_free(&c.rootbuf);
	v_shared_free(c.site);
	v_shared_free(c.strings);
	keys_free(&c.keys);
	free(c.kids_at);
	free(c.kids);
	free(c.early);
	if (c.counts != NULL)
		munmap(c.counts, 2 * (size_t)one.jobs * sizeof *c.counts);
	return rc;
}
