/* Load stage, Markdown commentary and pages: see include/docs.h. */
#include "docs.h"

#include <cmark.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "load.h"
#include "utf8.h"
#include "util.h"
#include "xalloc.h"

/* Names of rapor's own output folders and files: no page may take them. */
static const char *const reserved_pages[] = {
	"assets", "charts", "data", "index", "search", "404", "feed",
	"sitemap", "robots"
};

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
docs_parse_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int v[3] = { 0, 0, 0 }, widths[3] = { 4, 2, 2 }, i, k;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0, k = 0; i < 3; i++, k++) {
		int w;

		for (w = 0; w < widths[i]; w++, k++) {
			if (s[k] < '0' || s[k] > '9')
				return 0;
			v[i] = v[i] * 10 + (s[k] - '0');
		}
	}
	if (v[0] < 1900 || v[0] > 2999 || v[1] < 1 || v[1] > 12 || v[2] < 1)
		return 0;
	if (v[2] > mdays[v[1] - 1] + (v[1] == 2 && leap(v[0])))
		return 0;
	return v[0] * 10000 + v[1] * 100 + v[2];
}

/*
 * Split off front matter: "---" on the first line, "key: value" lines,
 * "---".  Fills doc's title, summary and date; returns the offset where
 * the Markdown body starts (0 without front matter).
 */
static size_t
front_matter(struct doc *doc, const char *text, size_t len, struct diags *d,
    size_t *errors)
{
	const char *p = text, *end = text + len, *nl, *ke;
	unsigned line = 1;

	/* The first line is "---", blanks around it allowed as on the last. */
	if ((nl = memchr(text, '\n', len)) == NULL)
		return 0;
	ke = nl;
	str_trim(&p, &ke);
	if (p != text || ke - p != 3 || strncmp(p, "---", 3) != 0)
		return 0;
	p = nl + 1;
	for (line = 2; p < end; p = nl + 1, line++) {
		const char *k = p, *v, *ve, *colon;
		char key[32];

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		ke = nl;
		str_trim(&k, &ke);
		if (ke - k == 3 && strncmp(k, "---", 3) == 0)
			return nl == end ? len : (size_t)(nl + 1 - text);
		if (k == ke || *k == '#')
			continue;
		colon = memchr(k, ':', (size_t)(ke - k));
		if (colon == NULL) {
			diag(d, DIAG_ERROR, doc->file, line, utf8_col(p, k),
			    "front matter line is not 'key: value'");
			(*errors)++;
			continue;
		}
		v = colon + 1;
		ve = ke;
		ke = colon;
		str_trim(&k, &ke);
		str_trim(&v, &ve);
		if (ve - v >= 2 && ((*v == '"' && ve[-1] == '"') ||
		    (*v == '\'' && ve[-1] == '\''))) {
			v++;
			ve--;
		}
		if ((size_t)(ke - k) >= sizeof key)
			ke = k + sizeof key - 1;
		memcpy(key, k, (size_t)(ke - k));
		key[ke - k] = '\0';
		if (strcmp(key, "title") == 0 || strcmp(key, "summary") == 0) {
			char *t = xstrndup(v, (size_t)(ve - v));

			check_shown_text(d, doc->file, line, utf8_col(p, v), key,
			    t);
			free(t);
		}
		if (strcmp(key, "title") == 0) {
			free(doc->title);
			doc->title = xstrndup(v, (size_t)(ve - v));
		} else if (strcmp(key, "summary") == 0) {
			free(doc->summary);
			doc->summary = xstrndup(v, (size_t)(ve - v));
		} else if (strcmp(key, "date") == 0) {
			char *s = xstrndup(v, (size_t)(ve - v));

			if ((doc->date = docs_parse_date(s)) == 0) {
				diag(d, DIAG_ERROR, doc->file, line,
				    utf8_col(p, v), "date '%s' is not a date "
				    "of the form 2024-10-30", s);
				(*errors)++;
			}
			free(s);
		} else {
			static const char *const known[] = { "title",
			    "summary", "date" };
			const char *near = diag_suggest(key, known, 3);

			diag(d, DIAG_WARNING, doc->file, line, utf8_col(p, k),
			    "unknown front matter key '%s' ignored%s%s%s", key,
			    near ? "; did you mean '" : "", near ? near : "",
			    near ? "'?" : "");
		}
	}
	diag(d, DIAG_ERROR, doc->file, 1, 1, "front matter opened with '---' "
	    "is never closed");
	(*errors)++;
	return len;
}

/*
 * Nonzero for a link destination relative to the site: no scheme, not
 * absolute, not a fragment or query on the same page.
 */
static int
site_relative(const char *url)
{
	const char *p;

	if (url == NULL || *url == '\0' || *url == '/' || *url == '#' ||
	    *url == '?')
		return 0;
	for (p = url; *p && *p != '/' && *p != '?' && *p != '#'; p++)
		if (*p == ':')
			return 0;
	return 1;
}

/*
 * Markdown to HTML with cmark in its safe default.  A commentary is shown
 * on pages at several depths, so relative links are written from the site
 * root, as the author sees the content folder: they get DOC_ROOT_MARK in
 * front (the page replaces it with its way back to the root), and a link
 * to a folder gets index.html so it also works opened from disk.
 */
static void *
cm_realloc(void *p, size_t n)
{
	return xreallocarray(p, n, 1);
}

/* cmark allocates through rapor's one policy (xalloc.h), so running out
 * of memory in it is the same clean exit as anywhere else. */
static cmark_mem cm_mem = { xcalloc, cm_realloc, free };

static char *
render_markdown(const char *text, size_t len)
{
	int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
	cmark_parser *parser = cmark_parser_new_with_mem(opts, &cm_mem);
	cmark_node *doc, *node;
	cmark_iter *it;
	cmark_event_type ev;
	char *html;

	cmark_parser_feed(parser, text, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	if (doc == NULL)
		return NULL;
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		const char *url;
		struct buf b = BUF_INIT;
		size_t plen;

		node = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    (cmark_node_get_type(node) != CMARK_NODE_LINK &&
		    cmark_node_get_type(node) != CMARK_NODE_IMAGE))
			continue;
		url = cmark_node_get_url(node);
		if (!site_relative(url))
			continue;
		/* "metodologi/#skala" -> "metodologi/index.html#skala" */
		plen = strcspn(url, "?#");
		buf_puts(&b, DOC_ROOT_MARK);
		buf_put(&b, url, plen);
		if (url[plen - 1] == '/')
			buf_puts(&b, "index.html");
		buf_puts(&b, url + plen);
		cmark_node_set_url(node, b.data);
		buf_free(&b);
	}
	cmark_iter_free(it);
	html = cmark_render_html(doc, opts);
	cmark_node_free(doc);
	return html;
}

/* docs_parse(), rendering the body only when render is nonzero. */
static int
parse_doc(struct doc *doc, const char *text, size_t len, int render,
    struct diags *d)
{
	const char *src, *nul;
	char *html;
	size_t body, bad, errors = 0;

	/* A byte-order mark (Windows editors write one) is not text. */
	src = text;
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
		src += 3;
		len -= 3;
	}
	bad = utf8_invalid(src, len);
	nul = memchr(src, '\0', bad != (size_t)-1 ? bad : len);
	if (bad != (size_t)-1 || nul != NULL) {
		/* The first problem, whichever kind it is. */
		const char *at = nul ? nul : src + bad;
		const char *ls = at;
		unsigned line = 1;
		const char *q;

		for (q = src; q < at; q++)
			if (*q == '\n')
				line++;
		while (ls > src && ls[-1] != '\n')
			ls--;
		diag(d, DIAG_ERROR, doc->file, line, utf8_col(ls, at),
		    *at == '\0' ? "NUL byte in file" : "invalid UTF-8 byte "
		    "0x%02x", (unsigned char)*at);
		return -1;
	}
	body = front_matter(doc, src, len, d, &errors);
	if (errors)
		return -1;
	doc->md = NULL;
	doc->html = NULL;
	if (!render) {
		doc->md = xstrndup(src + body, len - body);
		return 0;
	}
	html = render_markdown(src + body, len - body);
	doc->html = xstrdup(html ? html : "");
	free(html);
	return 0;
}

int
docs_parse(struct doc *doc, const char *text, size_t len, struct diags *d)
{
	return parse_doc(doc, text, len, 1, d);
}

/* Read, check and render one file into *doc (kind and keys already set). */
static int
load_one(const char *root, struct docset *ds, struct doc *doc,
    struct diags *d)
{
	char *text = NULL;
	size_t len;
	int rc;

	if ((rc = file_read(doc->file, root, DOC_MAX_SIZE, &text, &len,
	    d)) != 0) {
		if (rc == 1)	/* gone since the folder was listed */
			diag_sys(d, doc->file, "cannot read", ENOENT);
		goto fail;
	}
	if (parse_doc(doc, text, len, !ds->deferred, d) != 0)
		goto fail;
	free(text);
	XGROW(&ds->v, &ds->n, &ds->cap);
	ds->v[ds->n++] = *doc;
	return 0;
fail:
	free(text);
	free(doc->file);
	free(doc->name);
	free(doc->title);
	free(doc->summary);
	free(doc->md);
	return -1;
}

static struct doc
new_doc(enum doc_kind kind, const char *dir, const char *rel)
{
	struct doc doc;
	struct buf b = BUF_INIT;

	memset(&doc, 0, sizeof doc);
	doc.kind = kind;
	doc.entity = doc.unit = NONE;
	buf_puts(&b, dir);
	if (b.len && b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	buf_puts(&b, rel);
	doc.file = buf_detach(&b);
	return doc;
}

/* Whether path is a folder to walk: one inside root (a link that leads
 * out of it is an error at path, and is not walked). */
static int
is_dir(const char *path, const char *root, struct diags *d)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    path_inside(path, root, d);
}

static int
ends_md(const char *s, size_t *stem)
{
	size_t l = strlen(s);

	if (l < 4 || strcmp(s + l - 3, ".md") != 0)
		return 0;
	*stem = l - 3;
	return 1;
}

static int
is_year_name(const char *s, int *y)
{
	size_t i;

	if (strlen(s) != 4)
		return 0;
	*y = 0;
	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*y = *y * 10 + (s[i] - '0');
	}
	return 1;
}

/* A name error at a file: whole-file position, with did-you-mean. */
static void
unknown(struct diags *d, const char *file, const char *what,
    const char *name, const char *const *cands, size_t n)
{
	const char *near = diag_suggest(name, cands, n);

	diag(d, DIAG_ERROR, file, 0, 0, "%s '%s' is not in the data, so this "
	    "commentary would be lost%s%s%s", what, name,
	    near ? "; did you mean '" : "", near ? near : "",
	    near ? "'?" : "");
}

/* <year>/<entity>/<unit>.md files of one entity folder. */
static void
load_unit_docs(const struct report *r, struct docset *ds, struct diags *d,
    const char *dir, int year, size_t e, const char *rel)
{
	struct buf path = BUF_INIT;
	size_t n, i, nu, u0 = report_units(r, e, &nu);
	const char **uids = xcalloc(nu + 1, sizeof *uids);
	char **names;

	for (i = 0; i < nu; i++)
		uids[i] = r->units[u0 + i].id;
	buf_printf(&path, "%s/%s", dir, rel);
	names = dir_list(path.data, &n);
	for (i = 0; i < n; i++) {
		struct buf sub = BUF_INIT;
		struct doc doc;
		size_t stem, u;
		char *id;

		/* Hidden entries (.DS_Store, macOS "._x.md") are not content. */
		if (names[i][0] == '.')
			continue;
		buf_printf(&sub, "%s/%s", rel, names[i]);
		doc = new_doc(DOC_UNIT, dir, sub.data);
		if (!ends_md(names[i], &stem)) {
			diag(d, DIAG_WARNING, doc.file, 0, 0, "not a Markdown "
			    "file; ignored");
			free(doc.file);
			buf_free(&sub);
			continue;
		}
		id = xstrndup(names[i], stem);
		u = report_unit(r, e, id);
		/*
		 * A known unit without a score that year still gets its page:
		 * the commentary may be what explains the missing score.
		 */
		if (u == NONE) {
			unknown(d, doc.file, "unit", id, uids, nu);
			free(doc.file);
		} else {
			doc.year = year;
			doc.entity = e;
			doc.unit = u;
			load_one(dir, ds, &doc, d);
		}
		free(id);
		buf_free(&sub);
	}
	dir_list_free(names, n);
	free(uids);
	buf_free(&path);
}

/* <year>/ folder: index.md, <entity>.md and <entity>/ folders. */
static void
load_year_docs(const struct report *r, struct docset *ds, struct diags *d,
    const char *dir, int year, const char *yname)
{
	struct buf path = BUF_INIT;
	const char **eids = xcalloc(r->nentities + 1, sizeof *eids);
	char **names;
	size_t n, i;

	for (i = 0; i < r->nentities; i++)
		eids[i] = r->entities[i].id;
	buf_printf(&path, "%s/%s", dir, yname);
	names = dir_list(path.data, &n);
	for (i = 0; i < n; i++) {
		struct buf sub = BUF_INIT, full = BUF_INIT;
		struct doc doc;
		size_t stem, e;
		char *id;

		if (names[i][0] == '.')
			continue;
		buf_printf(&sub, "%s/%s", yname, names[i]);
		buf_printf(&full, "%s/%s", dir, sub.data);
		if (strcmp(names[i], "index.md") == 0) {
			doc = new_doc(DOC_YEAR, dir, sub.data);
			doc.year = year;
			load_one(dir, ds, &doc, d);
			goto next;
		}
		if (is_dir(full.data, dir, d)) {
			id = xstrdup(names[i]);
			if ((e = report_entity(r, id)) == NONE)
				unknown(d, full.data, "entity", id, eids,
				    r->nentities);
			else
				load_unit_docs(r, ds, d, dir, year, e,
				    sub.data);
			free(id);
			goto next;
		}
		if (!ends_md(names[i], &stem)) {
			diag(d, DIAG_WARNING, full.data, 0, 0, "not a "
			    "Markdown file; ignored");
			goto next;
		}
		doc = new_doc(DOC_ENTITY, dir, sub.data);
		id = xstrndup(names[i], stem);
		if ((e = report_entity(r, id)) == NONE) {
			unknown(d, doc.file, "entity", id, eids, r->nentities);
			free(doc.file);
		} else {
			doc.year = year;
			doc.entity = e;
			load_one(dir, ds, &doc, d);
		}
		free(id);
next:
		buf_free(&sub);
		buf_free(&full);
	}
	dir_list_free(names, n);
	free(eids);
	buf_free(&path);
}

/* releases/<date>.md: the notes of the releases r has. */
static void
load_release_notes(const struct report *r, struct docset *ds,
    struct diags *d)
{
	struct buf path = BUF_INIT;
	char **names;
	size_t n, i, k;

	buf_printf(&path, "%s/releases", r->dir);
	names = dir_list(path.data, &n);
	for (i = 0; i < n; i++) {
		struct buf rel = BUF_INIT;
		struct doc doc;
		size_t stem;
		int date;

		if (names[i][0] == '.' || !ends_md(names[i], &stem) ||
		    stem != 10)
			continue;
		buf_printf(&rel, "releases/%s", names[i]);
		doc = new_doc(DOC_RELEASE, r->dir, rel.data);
		doc.name = xstrndup(names[i], stem);
		date = docs_parse_date(doc.name);
		for (k = 0; k < r->nreleases && date; k++)
			if (r->releases[k].date == date)
				break;
		/* Other names were warned about with the releases. */
		if (date == 0) {
			free(doc.file);
			free(doc.name);
		} else if (k == r->nreleases) {
			diag(d, DIAG_ERROR, doc.file, 0, 0, "a note for a "
			    "release that is not there (releases/%s.csv), so "
			    "it would be lost", doc.name);
			free(doc.file);
			free(doc.name);
		} else if (load_one(r->dir, ds, &doc, d) == 0 &&
		    ds->v[ds->n - 1].date && ds->v[ds->n - 1].date != date)
			diag(d, DIAG_WARNING, ds->v[ds->n - 1].file, 0, 0,
			    "the date of a release is its file name's, %s; "
			    "the front matter's date is ignored",
			    ds->v[ds->n - 1].name);
		buf_free(&rel);
	}
	dir_list_free(names, n);
	buf_free(&path);
}

static int
doc_cmp(const void *a, const void *b)
{
	const struct doc *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->entity != y->entity)
		return x->entity < y->entity ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int
load_docs(const struct report *r, struct docset *ds, int deferred,
    struct diags *d)
{
	size_t before = d->errors + d->system, n, i, k;
	char **names;
	int home_seen = 0;

	memset(ds, 0, sizeof *ds);
	ds->deferred = deferred;
	names = dir_list(r->dir, &n);
	if (names == NULL) {
		if (errno != ENOENT)
			diag_sys(d, r->dir, "cannot read folder", errno);
		return -1;
	}
	for (i = 0; i < n; i++) {
		struct buf full = BUF_INIT;
		size_t stem;
		int year;

		buf_printf(&full, "%s/%s", r->dir, names[i]);
		if (names[i][0] == '.' || strcmp(names[i], "data") == 0 ||
		    strcmp(names[i], "site.ini") == 0)
			;
		else if (strcmp(names[i], "releases") == 0 &&
		    is_dir(full.data, r->dir, d))
			load_release_notes(r, ds, d);
		else if (is_dir(full.data, r->dir, d)) {
			if (!is_year_name(names[i], &year))
				diag(d, DIAG_WARNING, full.data, 0, 0, "folder "
				    "is not a year and is ignored");
			else if (report_year(r, year) == NONE)
				diag(d, DIAG_ERROR, full.data, 0, 0, "%s has no "
				    "scores in data/scores.csv, so this "
				    "commentary would be lost", names[i]);
			else
				load_year_docs(r, ds, d, r->dir, year,
				    names[i]);
		} else if (strcmp(names[i], "index.md") == 0) {
			struct doc doc = new_doc(DOC_HOME, r->dir, names[i]);

			home_seen = 1;
			load_one(r->dir, ds, &doc, d);
		} else if (ends_md(names[i], &stem)) {
			struct doc doc = new_doc(DOC_PAGE, r->dir, names[i]);

			doc.name = xstrndup(names[i], stem);
			for (k = 0; k < sizeof reserved_pages /
			    sizeof reserved_pages[0]; k++)
				if (strcmp(doc.name, reserved_pages[k]) == 0)
					break;
			if (!id_valid(doc.name) || is_year_name(doc.name,
			    &year)) {
				diag(d, DIAG_ERROR, doc.file, 0, 0, "page name "
				    "'%s' is not a valid id (1-64 of a-z, 0-9 "
				    "and '-', not a bare year)", doc.name);
				free(doc.file);
				free(doc.name);
			} else if (k < sizeof reserved_pages /
			    sizeof reserved_pages[0]) {
				diag(d, DIAG_ERROR, doc.file, 0, 0, "page name "
				    "'%s' is reserved for rapor's own files",
				    doc.name);
				free(doc.file);
				free(doc.name);
			} else
				load_one(r->dir, ds, &doc, d);
		}
		buf_free(&full);
	}
	dir_list_free(names, n);
	if (ds->n)
		qsort(ds->v, ds->n, sizeof *ds->v, doc_cmp);
	/* A broken index.md has its own error; only an absent one is missing. */
	if (!home_seen) {
		struct buf p = BUF_INIT;

		buf_printf(&p, "%s/index.md", r->dir);
		diag(d, DIAG_ERROR, p.data, 0, 0, "required file is missing");
		buf_free(&p);
	}
	return d->errors + d->system > before ? -1 : 0;
}

int
docs_load(const struct report *r, struct docset *ds, struct diags *d)
{
	return load_docs(r, ds, 0, d);
}

int
docs_load_deferred(const struct report *r, struct docset *ds,
    struct diags *d)
{
	return load_docs(r, ds, 1, d);
}

const struct doc *
docs_find(const struct docset *ds, enum doc_kind kind, int year,
    size_t entity, size_t unit, const char *name)
{
	struct doc key;

	memset(&key, 0, sizeof key);
	key.kind = kind;
	key.year = year;
	key.entity = entity;
	key.unit = unit;
	key.name = (char *)(kind == DOC_PAGE || kind == DOC_RELEASE ? name :
	    NULL);
	if (ds->n == 0)
		return NULL;
	return bsearch(&key, ds->v, ds->n, sizeof *ds->v, doc_cmp);
}

void
docs_html_for_page(struct buf *b, const struct doc *doc, const char *root)
{
	static const char *const attrs[] = { "href=\"" DOC_ROOT_MARK,
	    "src=\"" DOC_ROOT_MARK };
	const char *p;
	char *made = NULL;

	/* A deferred set's doc: made here, for the pages a build makes
	 * (not for every page a rebuild keeps), and not kept: each is
	 * shown by one page, and keeping them all grew with the report. */
	if (doc->html == NULL)
		made = render_markdown(doc->md, strlen(doc->md));
	p = doc->html != NULL ? doc->html : made != NULL ? made : "";
	for (;;) {
		const char *hit = NULL;
		size_t k, which = 0;

		for (k = 0; k < 2; k++) {
			const char *h = strstr(p, attrs[k]);

			if (h && (hit == NULL || h < hit)) {
				hit = h;
				which = k;
			}
		}
		if (hit == NULL)
			break;
		/* Keep the attribute name and quote, drop the mark. */
		buf_put(b, p, (size_t)(hit - p) + (which ? 5 : 6));
		buf_puts(b, root);
		p = hit + strlen(attrs[which]);
	}
	buf_puts(b, p);
	free(made);
}

void
docs_free(struct docset *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++) {
		free(ds->v[i].file);
		free(ds->v[i].name);
		free(ds->v[i].title);
		free(ds->v[i].summary);
		free(ds->v[i].md);
		free(ds->v[i].html);
	}
	free(ds->v);
	memset(ds, 0, sizeof *ds);
}
