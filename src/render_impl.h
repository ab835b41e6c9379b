/*
 * Internal to the render stage (render_site.c, render_pages.c): the
 * state shared while rendering one site and the helpers both use.
 */
#ifndef RAPOR_RENDER_IMPL_H
#define RAPOR_RENDER_IMPL_H

#include <stdint.h>

#include "buf.h"
#include "docs.h"
#include "i18n.h"
#include "model.h"
#include "render_site.h"
#include "value.h"

struct chart_ctx;
struct tpl_set;
struct stage;

/*
 * The hashes pages and data files are keyed by (render_keys.c), made
 * once before the workers start.  Every array is owned.
 */
enum { TIE_RANK = 1, TIE_PARENT = 2 };

struct page_keys {
	uint64_t	 data;	/* the program, settings, scheme and years */
	uint64_t	 page;	/* data, plus the strings, the navigation
				   and whether charts are drawn; not the
				   templates (each page hashes those its own
				   reaches, tpl[]) nor the assets (no page
				   shows their bytes) */
	struct tpl_key {
		const char	*name;	/* a template pages are rendered with */
		uint64_t	 h;	/* its tpl_digest() */
	}		 tpl[16];	/* those of the plan's pages and the embed
				   pages, looked up by name (key_tpl()) */
	size_t		 ntpl;	/* entries in tpl */
	const struct tpl_set *set; /* the templates, for a name not in tpl */
	uint64_t	 home;	/* index.md */
	uint64_t	 all;	/* every result and record */
	uint64_t	 rel;	/* the releases, their notes and every
				   revision (the log and its download) */
	uint64_t	*entity; /* per entity: its records, every result of
				   it and its units, its commentary */
	uint64_t	*year;	/* per year: every result of the year and the
				   records shown with them, its commentary */
	uint64_t	*entity_year; /* per year and entity (year * nentities
				   + entity): its own result and record; 0
				   when it has none */
	uint64_t	*kin_year; /* same index: its parent's and children's
				   entity_year, as its year page shows them */
	unsigned char	*tied;	/* per result: TIE_RANK when another result
				   of its ranking (a year's bodies of one
				   kind, a body's units in a year) has its
				   rank, TIE_PARENT when another body of its
				   parent has its rank among them; hashed
				   into every key that hashes the result */
};
struct diags;
struct kept_figure;

struct rctx {
	const struct report	*r;	/* the computed report */
	const struct docset	*ds;	/* commentary and pages */
	const struct i18n	*t;	/* interface strings */
	const struct site_plan	*plan;	/* every page */
	const char		*root;	/* prefix from the current page to the site root: "../../" or base_url */
	struct buf		 rootbuf; /* storage behind root */
	struct value		*strings; /* t as a shared value (v_share()),
					   made by the first page (owned) */
	struct value		*site;	/* the site's fields, likewise */
	struct chart_ctx	*cx;	/* chart fonts and layout, or NULL: no charts */
	struct stage		*st;	/* where chart files are written */
	struct diags		*d;	/* where chart errors go */
	int			 failed; /* nonzero once a chart failed */
	uint64_t		 salt;	/* chart key part: renderer, libraries, font */
	struct buf		 chart;	/* a chart's bytes, kept between charts */
	struct kept_figure	*kept;	/* the sizes of the across-years
					   figures of the year pages, by
					   series (render_charts.c), or NULL */
	struct page_keys	 keys;	/* what each file is made from */
	size_t			*counts; /* shared by the processes: per
					   worker, pages done and charts
					   drawn (for the progress line) */
	int			 worker; /* this process's number */
	size_t			*kids_at; /* per entity (nentities + 1): where
					   its children start in kids */
	size_t			*kids;	/* children of each entity, by
					   entity, each in id order (owned) */
	unsigned char		*early;	/* per page of the plan, nonzero: one
					   of render_opts.first, made first
					   by the first process (owned; NULL
					   when there are none) */
};

/* Index into r->results of (year, entity, unit), or NONE. */
size_t find_result(const struct report *r, int year, size_t e, size_t u);

/*
 * Index into r->unreleased of (year, entity, unit): assessed, score not
 * released; NONE when that is not so (a unit without one there and
 * without a result was not assessed that year).
 */
size_t find_unreleased(const struct report *r, int year, size_t e, size_t u);

/* A number in the site's language with the report's decimals. */
struct value *v_num(const struct rctx *c, struct dec x);
/* A change with its sign (+1,50 / -0,50 / 0,00). */
struct value *v_change(const struct rctx *c, struct dec x);

/* Append the relative URL of a page from the current page (c->root). */
void url_year(struct buf *b, const struct rctx *c, int year);
void url_entity_year(struct buf *b, const struct rctx *c, int year, size_t e);
void url_unit_year(struct buf *b, const struct rctx *c, int year, size_t u);
void url_entity(struct buf *b, const struct rctx *c, size_t e);

/*
 * Append the id of a kind's section ("kind-Kota"): ASCII letters and
 * digits as they are, every other byte as -XX (hex), so that two kinds
 * never share one and the id needs no escaping in an attribute or URL.
 */
void kind_anchor(struct buf *b, const char *prefix, const char *kind);

/* A kind of body and how many results it has in a year. */
struct kind_count {
	const char	*kind;	/* borrowed from an entity */
	size_t		 n;	/* its bodies with a result that year */
};

/*
 * The kinds of the bodies with a result in year, sorted (strcmp: the
 * order of the year page), into *out (owned by the caller); their number.
 */
size_t year_kinds(const struct report *r, int year, struct kind_count **out);

/* Every entity's index, by kind, then name (A-Z), then id (owned). */
size_t *bodies_az(const struct report *r);

/* Index into r->results of entity e's own result of its latest year, or NONE. */
size_t latest_result(const struct report *r, size_t e);

/*
 * Set key of m to interface string skey with its {n1} ... {n3} filled
 * (a NULL name ends the list).
 */
void set_fmt(struct value *m, const char *key, const struct rctx *c,
    const char *skey, const char *n1, const char *v1, const char *n2,
    const char *v2, const char *n3, const char *v3);

/*
 * Set "notices" and "has_notices" on m: the changes later releases (and
 * the data not yet released) made to the figures of entity e in year
 * (0: every year), its own row and its units' (unit NONE), its own row
 * only (own nonzero), or unit's only (render_revisions.c).
 */
void revision_notices(const struct rctx *c, struct value *m, int year,
    size_t e, size_t unit, int own);

/* The revision log page's context ("rv"). */
void fill_revisions(const struct rctx *c, struct value *ctx);

/* The page-specific part of a page's context (the "page" key and friends). */
void page_fill(const struct rctx *c, const struct page *p, struct value *ctx);

/*
 * Draw the charts of page p (files beside it, PNG downloads, share card)
 * and set "charts" (a list of figures) and page.og_image in ctx.  A chart
 * that fails is an error naming the page (c->failed is set).
 */
void charts_fill(struct rctx *c, const struct page *p, struct value *ctx);

/* Free what charts_fill() kept in c between pages; c->cx stays. */
void charts_done(struct rctx *c);

/*
 * What the chart keys of this run share: a hash of the running rapor
 * binary, the Cairo and Pango versions and the pinned font files, so an
 * upgrade of any of them never reuses an old drawing.
 */
uint64_t charts_salt(void);

/*
 * Hash the inputs of this build into c->keys: the program, c->r, c->ds,
 * the strings (templates_dir/lang), what each template of tpl the pages
 * use reaches (tpl_digest()), and whether charts are drawn.  tpl must
 * outlive c->keys.
 */
void keys_make(struct rctx *c, const struct tpl_set *tpl,
    const char *templates_dir, int charts);

/* Free what keys_make() made. */
void keys_free(struct page_keys *k);

/* The key of page p: a hash of everything it, its charts and its embed
 * pages show. */
uint64_t key_page(const struct rctx *c, const struct page *p);

/* The key of an embed page of a chart of p: what p's key hashes but
 * p's own template, and the embed template instead. */
uint64_t key_embed(const struct rctx *c, const struct page *p);

/*
 * The key of a data file: with year -1 the revisions, else with e (not
 * NONE) one body's rows, else with year (not 0) one year's, else every
 * row.
 */
uint64_t key_data(const struct rctx *c, int year, size_t e);

/*
 * data/results-YYYY.csv and .json of every year, and data/results.csv
 * and .json made from them (render_results.c); each kept where its key
 * is the published file's.  Returns 0, or -1 with the problem recorded.
 * b is scratch space.
 */
int results_files(const struct rctx *c, struct buf *b);

/* The key of sitemap.xml: the site's base URL and every page's path. */
uint64_t key_sitemap(const struct rctx *c);

/*
 * Citing and embedding (render_embed.c).  cite_fill() sets "cite" in a
 * page's ctx (after page.canonical is set); embed_fill() sets "embed"
 * (the embed code) on each figure of ctx's "charts"; embed_pages() writes
 * the embed page of each chart page p draws, keyed by key_embed() (kept
 * as published when that is the published file's), while p's files are
 * being made.  Returns 0, or -1 with the problem recorded.
 */
void cite_fill(const struct rctx *c, const struct page *p, struct value *ctx);
void embed_fill(const struct rctx *c, const struct page *p, struct value *ctx);
int embed_pages(struct rctx *c, const struct tpl_set *tpl, const struct page *p,
    struct value *ctx, struct buf *out);

/* Template name for a page. */
const char *page_template(const struct page *p);

#endif
