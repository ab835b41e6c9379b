/*
 * Render stage, the website: plans every page of content-format.md
 * section 4 and renders each through the templates into the staging
 * folder.  Every link is relative (the site works from a sub-path of a
 * web server and opened from disk); absolute URLs appear only where a
 * format needs them (sitemap, feed, og:url) and only with base_url.
 *
 * Each page is a pure function of the inputs its plan entry names, so a
 * later incremental build can skip pages whose inputs did not change:
 *   PAGE_HOME         the latest year's results and index.md
 *   PAGE_YEAR         year Y's results (changes use the previous year's), Y/index.md
 *   PAGE_ENTITY_YEAR  the entity's, its units', parent's and children's results in Y, Y/<e>.md,
 *                     the revisions of its and its units' rows in Y and their releases' dates
 *   PAGE_UNIT_YEAR    the unit's result and score row in Y, Y/<e>/<u>.md, the revisions of its row
 *   PAGE_ENTITY       the entity's results in every year, the revisions of its own rows
 *   PAGE_STANDALONE   <name>.md
 *   PAGE_BODIES       every entity and its latest result
 *   PAGE_RANKING      as PAGE_YEAR (the rows of one kind beyond the year
 *                     page's first RANK_FIRST, RANK_PART at a time)
 *   PAGE_DOWNLOADS, PAGE_404  site.ini only (downloads: the years, releases)
 *   PAGE_REVISIONS    the releases, their notes and every revision
 * and all of them on site.ini, the zones, the list of years and
 * standalone pages (navigation), whether there are releases (the
 * footer's link to the revision log), templates/ and the strings file.
 */
#ifndef RAPOR_RENDER_SITE_H
#define RAPOR_RENDER_SITE_H

#include <stddef.h>

#include "diag.h"
#include "docs.h"
#include "i18n.h"
#include "model.h"
#include "publish.h"
#include "template.h"

enum page_kind {
	PAGE_HOME,		/* index.html: the latest year */
	PAGE_YEAR,		/* <year>/index.html */
	PAGE_ENTITY_YEAR,	/* <year>/<entity>/index.html */
	PAGE_UNIT_YEAR,		/* <year>/<entity>/<unit>/index.html */
	PAGE_ENTITY,		/* <entity>/index.html: across years */
	PAGE_STANDALONE,	/* <name>/index.html from <name>.md */
	PAGE_DOWNLOADS,		/* data/index.html */
	PAGE_404,		/* 404.html */
	PAGE_REVISIONS,		/* data/revisions/index.html: the revision log
				   (only with releases) */
	PAGE_BODIES,		/* search/index.html: every body by kind, A-Z */
	PAGE_RANKING		/* <year>/<n>/index.html (n >= 2): a part of
				   a kind's ranking too long for the year page */
};

/*
 * A year page (and the home page) shows the first RANK_FIRST bodies of
 * each kind's ranking; a longer ranking goes on, RANK_PART bodies a page,
 * on PAGE_RANKING pages numbered from 2 (an entity id is never a bare
 * number), kind after kind in the order of the year page.  So no page
 * grows with the report, and each reads without JavaScript.
 */
#define RANK_FIRST	100
#define RANK_PART	500

/*
 * The list of every body is one page up to AZ_PART bodies; beyond,
 * search/index.html lists the kinds, each with links to its parts,
 * search/<n>/index.html (n >= 2), AZ_PART bodies of one kind a page, A-Z.
 */
#define AZ_PART		1000

struct page {
	enum page_kind	 kind;	/* what the page shows */
	int		 year;	/* the year, for *_YEAR kinds and HOME; else 0 */
	size_t		 entity; /* index into report.entities, or NONE */
	size_t		 unit;	/* index into report.units, or NONE */
	size_t		 result; /* index into report.results of the shown result, or NONE */
	const struct doc *doc;	/* its Markdown, or NULL (borrowed from the docset) */
	char		*path;	/* output path relative to the site root (owned) */
	unsigned	 depth;	/* folders below the root: how many "../" reach it */
	const char	*rkind;	/* PAGE_RANKING, a part of PAGE_BODIES: the
				   kind of body (borrowed from an entity) */
	size_t		 first;	/* PAGE_RANKING: the rank position (from 0) of
				   its first row in the kind's ranking; a part
				   of PAGE_BODIES: its first body's in the
				   A-Z order of every body (bodies_az()) */
	size_t		 nrows;	/* of either: how many rows it shows */
	unsigned	 part;	/* of either: n of its path; 0 for
				   search/index.html */
};

struct site_plan {
	struct page	*v;	/* pages in output order (owned) */
	size_t		 n;	/* number of pages */
	size_t		 cap;	/* capacity of v */
};

/* Plan every page of the site.  The report must be computed. */
void site_plan(const struct report *r, const struct docset *ds,
    struct site_plan *plan);

/* Free a plan. */
void site_plan_free(struct site_plan *plan);

/* How render_site() works, beyond what it renders. */
struct progress;
struct first_pages;

struct render_opts {
	int		 charts;	/* nonzero: draw the charts */
	const char	*templates_dir;	/* where assets/ is copied from */
	int		 jobs;		/* worker processes (>= 1) */
	struct progress	*progress;	/* where to show progress, or NULL */
	const struct first_pages *first; /* pages to make first (build.h),
					    or NULL */
};

/*
 * Render the planned pages with their charts, the data files, the search
 * index, the assets folder of templates_dir, robots.txt and, with
 * base_url, sitemap.xml and feed.xml into st (publish.h), which keeps
 * every file whose bytes or chart spec did not change.  With
 * jobs > 1 the pages are shared among that many processes (pages are
 * independent and each file is written by exactly one of them, so the
 * bytes do not depend on jobs).  Returns 0, or -1 with diagnostics
 * recorded (a failed chart names its page; a build stopped by a signal,
 * stage_interrupted, says so).
 */
int render_site(const struct report *r, const struct docset *ds,
    const struct site_plan *plan, const struct tpl_set *tpl,
    const struct i18n *t, const struct render_opts *o, struct stage *st,
    struct diags *d);

/*
 * Everything a build's output and diagnostics are a function of, hashed
 * into *digest: the running program and SOURCE_DATE_EPOCH, the folders
 * content and templates whole (hash_folder()), their names as given
 * (messages quote them), OUTPUT's name, and whether charts are drawn with
 * which libraries and font.  -1 when a folder cannot be hashed whole:
 * then nothing can be known to be as it was.
 */
int render_inputs(const char *content, const char *templates,
    const char *output, int charts, uint64_t *digest);

#endif
