/*
 * Load stage, Markdown: the commentary and standalone pages of a content
 * folder (content-format.md section 3), with their front matter, rendered
 * to HTML by cmark in its safe default.
 */
#ifndef RAPOR_DOCS_H
#define RAPOR_DOCS_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

#define DOC_MAX_SIZE	((size_t)1 << 20)	/* bytes in one Markdown file */

/*
 * In doc.html, relative link destinations start with this mark, which
 * the page that shows the text replaces with its way back to the site
 * root (docs_html_for_page).  A scheme-like word, so cmark's URL
 * escaping leaves it alone.
 */
#define DOC_ROOT_MARK	"rapor-root:"

enum doc_kind {
	DOC_HOME,	/* index.md: the front page */
	DOC_PAGE,	/* <name>.md: a standalone page */
	DOC_YEAR,	/* <year>/index.md: commentary on an edition */
	DOC_ENTITY,	/* <year>/<entity>.md: on an entity's result */
	DOC_UNIT,	/* <year>/<entity>/<unit>.md: on a unit's result */
	DOC_RELEASE	/* releases/<date>.md: the note of a release */
};

struct doc {
	enum doc_kind	 kind;	/* what the file comments on */
	char		*file;	/* path for diagnostics (owned) */
	char		*name;	/* DOC_PAGE: the page name and URL segment;
				   DOC_RELEASE: the release's date, yyyy-mm-dd (owned); else NULL */
	int		 year;	/* DOC_YEAR/ENTITY/UNIT: the year, else 0 */
	size_t		 entity; /* DOC_ENTITY/UNIT: index into report.entities, else NONE */
	size_t		 unit;	/* DOC_UNIT: index into report.units, else NONE */
	char		*title;	/* front matter title, or NULL (owned) */
	char		*summary; /* front matter summary, or NULL (owned) */
	int		 date;	/* front matter date as yyyymmdd, or 0 */
	char		*md;	/* a deferred set's: the Markdown body (after
				   the front matter), of which html is a
				   function alone; else NULL (owned) */
	char		*html;	/* the body rendered by cmark, safe mode; in a
				   deferred set NULL (owned) */
};

struct docset {
	struct doc	*v;	/* documents sorted by kind, year, entity, unit, name (owned) */
	size_t		 n;	/* number of documents */
	size_t		 cap;	/* capacity of v */
	int		 deferred; /* nonzero: bodies are rendered when first
				   shown (docs_load_deferred()) */
};

/*
 * Load every Markdown file of the content folder r->dir against a
 * computed report: index.md (required), <page>.md, <year>/index.md,
 * <year>/<entity>.md and <year>/<entity>/<unit>.md.  A file naming a year
 * without scores, an unknown entity or unit, a bad date, a file over
 * DOC_MAX_SIZE or invalid UTF-8 is an error; an unknown front matter key
 * is a warning.  A known entity or unit without a result that year is
 * accepted: its page says the score was not released (or, without a
 * row, that it was not assessed) and shows the text.  releases/<date>.md
 * is the note of the release of that date; one without its release is
 * an error.  Returns 0, or -1 when an error was recorded.
 */
int docs_load(const struct report *r, struct docset *ds, struct diags *d);

/*
 * As docs_load(), with the same checks and diagnostics, but no body is
 * rendered: each doc's html stays NULL, and docs_html_for_page() renders
 * its md each time it shows it.  A rebuild that keeps most pages then
 * renders only the commentary of the pages it makes, and no build holds
 * every page's HTML.
 */
int docs_load_deferred(const struct report *r, struct docset *ds,
    struct diags *d);

/*
 * Check and render the len bytes of one Markdown file (need not be
 * NUL-terminated) into doc, whose file names it in diagnostics:
 * byte-order mark, UTF-8 and NUL bytes, front matter (title, summary,
 * date), then the body through cmark.  What docs_load() does to each
 * file once read; public so that the fuzz target reaches it without a
 * file.  Returns 0 with doc->html set (doc->md NULL), or -1 when an
 * error was recorded; doc's title and summary may be set either way and
 * are the caller's.
 */
int docs_parse(struct doc *doc, const char *text, size_t len,
    struct diags *d);

/*
 * The document of that kind and key, or NULL (name only for DOC_PAGE and
 * DOC_RELEASE).
 */
const struct doc *docs_find(const struct docset *ds, enum doc_kind kind,
    int year, size_t entity, size_t unit, const char *name);

/*
 * Parse a front matter date "yyyy-mm-dd" (a real calendar date).
 * Returns yyyymmdd, or 0 when s is not one.
 */
int docs_parse_date(const char *s);

/*
 * Append doc's HTML with every DOC_ROOT_MARK in an href or src replaced
 * by root ("../../"), the page's way back to the site root.  A doc of a
 * deferred set (html NULL) is rendered here, and the HTML not kept.
 */
void docs_html_for_page(struct buf *b, const struct doc *doc,
    const char *root);

/* Free everything ds owns. */
void docs_free(struct docset *ds);

#endif
