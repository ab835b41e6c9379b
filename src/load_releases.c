/*
 * Load stage, releases: the files releases/<date>.csv of a content
 * folder (content-format.md section 6), each the figures as published on
 * that date.  They are read like the other CSV files (csv_read.c, columns
 * by name, every problem at its position) because a publisher may edit
 * an old release by hand, or keep one from an older rapor.  Only what a
 * correction is about is checked: which rows there are, and their score,
 * category and zone.  Ids need not be in the current data: a release may
 * name a body that was since removed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "docs.h"
#include "load.h"
#include "load_impl.h"
#include "util.h"
#include "xalloc.h"

/* The columns of a release: results.csv's, the first four required. */
enum { RC_YEAR, RC_ENTITY, RC_UNIT, RC_SCORE, RC_ENTITY_NAME, RC_UNIT_NAME,
    RC_SOURCE, RC_CATEGORY, RC_CATEGORY_NAME, RC_ZONE, RC_N };

/* results.csv's columns a release may have that nothing here reads. */
static const char *const other_columns[] = { "kind", "parent", "rank",
    "rank_of", "parent_rank", "parent_rank_of", "change" };

static int
is_other(struct ctx *c, const char *name)
{
	size_t i;

	(void)c;
	for (i = 0; i < NELEM(other_columns); i++)
		if (strcasecmp(name, other_columns[i]) == 0)
			return 1;
	return 0;
}

static int
row_order(const void *a, const void *b)
{
	const struct release_row *x = a, *y = b;
	int k = release_row_cmp(x, y);

	/* Duplicates keep file order, so that the later line is blamed. */
	return k ? k : (x->line > y->line) - (x->line < y->line);
}

/* A text cell's copy, or NULL when the file has no such column. */
static char *
text_of(struct ctx *c, const struct csv_row *row, const struct col *col,
    const char *what, int shown)
{
	struct csv_cell t;
	const struct csv_cell *x;

	if (col->idx < 0)
		return NULL;
	x = load_cell(row, col->idx, &t);
	return shown ? load_shown(c, x, what) : xstrdup(x->text);
}

/*
 * One row into *w: 0, or -1 when it is not a release's row (reported).
 * A row without a score is a figure not released; its source, when the
 * file says, must agree.
 */
static int
read_row(struct ctx *c, const struct csv_row *row, const struct col *cols,
    struct release_row *w)
{
	struct csv_cell t[RC_N];
	const struct csv_cell *yr = load_cell(row, cols[RC_YEAR].idx, &t[0]);
	const struct csv_cell *en = load_cell(row, cols[RC_ENTITY].idx, &t[1]);
	const struct csv_cell *un = load_cell(row, cols[RC_UNIT].idx, &t[2]);
	const struct csv_cell *sc = load_cell(row, cols[RC_SCORE].idx, &t[3]);
	const struct csv_cell *so = load_cell(row, cols[RC_SOURCE].idx, &t[4]);
	int bad = 0;

	memset(w, 0, sizeof *w);
	if (load_parse_year(yr->text, strlen(yr->text), &w->year) != 0) {
		load_err(c, yr, "year '%s' is not a year from 1900 to 2999",
		    yr->text);
		bad = 1;
	}
	bad |= load_need_id(c, en, "entity");
	if (un->text[0] != '\0' && !id_valid(un->text)) {
		load_err(c, un, "unit '%s' is not a valid id", un->text);
		bad = 1;
	}
	if (sc->text[0] != '\0') {
		if (load_need_number(c, sc, "score", &w->score) != 0)
			bad = 1;
		else if (strcmp(so->text, "not-released") == 0) {
			load_err(c, so, "a row with a score cannot be "
			    "not-released");
			bad = 1;
		} else
			w->has_score = 1;
	} else if (so->text[0] != '\0' && strcmp(so->text,
	    "not-released") != 0) {
		load_err(c, sc, "score is empty, but source is '%s' (a figure "
		    "not released has source not-released)", so->text);
		bad = 1;
	}
	if (bad)
		return -1;
	w->entity = xstrdup(en->text);
	w->unit = xstrdup(un->text);
	w->line = row->line;
	/* As written, with the decimal mark results.csv uses. */
	w->score_text = xstrdup(sc->text);
	if (strchr(w->score_text, ',') != NULL)
		*strchr(w->score_text, ',') = '.';
	w->entity_name = text_of(c, row, &cols[RC_ENTITY_NAME], "entity name",
	    1);
	w->unit_name = text_of(c, row, &cols[RC_UNIT_NAME], "unit name", 1);
	w->category = text_of(c, row, &cols[RC_CATEGORY], "category", 0);
	w->category_name = text_of(c, row, &cols[RC_CATEGORY_NAME],
	    "category name", 1);
	w->zone = text_of(c, row, &cols[RC_ZONE], "zone", 0);
	if (w->entity_name == NULL)
		w->entity_name = xstrdup("");
	if (w->unit_name == NULL)
		w->unit_name = xstrdup("");
	if (w->category_name == NULL)
		w->category_name = xstrdup("");
	return 0;
}

/* The rows of f into rel, sorted; duplicates are errors naming both lines. */
static void
read_rows(struct ctx *c, const struct csv_file *f, struct release *rel)
{
	struct col cols[RC_N] = { { "year", 1, -1 }, { "entity", 1, -1 },
	    { "unit", 1, -1 }, { "score", 1, -1 }, { "entity_name", 0, -1 },
	    { "unit_name", 0, -1 }, { "source", 0, -1 },
	    { "category", 0, -1 }, { "category_name", 0, -1 },
	    { "zone", 0, -1 } };
	size_t i, cap = 0, out;

	if (load_columns(c, f, cols, RC_N, is_other, other_columns,
	    NELEM(other_columns)) != 0)
		return;
	for (i = 0; i < f->nrows; i++) {
		struct release_row w;

		load_check_width(c, f, &f->rows[i]);
		if (read_row(c, &f->rows[i], cols, &w) != 0)
			continue;
		XGROW(&rel->rows, &rel->nrows, &cap);
		rel->rows[rel->nrows++] = w;
	}
	if (rel->nrows == 0)
		return;
	qsort(rel->rows, rel->nrows, sizeof *rel->rows, row_order);
	for (i = 1, out = 1; i < rel->nrows; i++) {
		struct release_row *prev = &rel->rows[out - 1];
		struct release_row *w = &rel->rows[i];

		if (release_row_cmp(prev, w) == 0) {
			const struct csv_cell at = { NULL, 0, w->line, 1, 0 };

			load_err(c, &at, "duplicate row for %d, '%s'%s%s%s: "
			    "line %u has it already", w->year, w->entity,
			    w->unit[0] ? ", '" : " (total)", w->unit,
			    w->unit[0] ? "'" : "", prev->line);
			release_row_free(w);
			continue;
		}
		rel->rows[out++] = *w;
	}
	rel->nrows = out;
}

/* One releases/<date>.csv into a new entry of c->r->releases. */
static void
load_one(struct ctx *c, const char *name, int date, size_t *cap)
{
	struct report *r = c->r;
	struct release rel;
	struct csv_file f;
	struct buf rel_path = BUF_INIT;
	int rc;

	memset(&rel, 0, sizeof rel);
	buf_printf(&rel_path, "releases/%s", name);
	rel.file = load_add_path(r, r->dir, rel_path.data);
	buf_free(&rel_path);
	rel.date = date;
	c->path = rel.file;
	if ((rc = file_read(rel.file, r->dir, CSV_MAX_FILE, &rel.bytes,
	    &rel.len, c->d)) != 0) {
		if (rc == 1)	/* gone since the folder was listed */
			diag_sys(c->d, rel.file, "cannot read", ENOENT);
		return;
	}
	memset(&f, 0, sizeof f);
	if (csv_read_mem(rel.file, rel.bytes, rel.len, c->d, &f) == 0) {
		if (f.header.n == 0)
			diag(c->d, DIAG_ERROR, rel.file, 0, 0, "file is empty: "
			    "a release has at least the header row of "
			    "results.csv");
		else
			read_rows(c, &f, &rel);
	}
	csv_file_free(&f);
	XGROW(&r->releases, &r->nreleases, cap);
	r->releases[r->nreleases++] = rel;
}

/* yyyymmdd of "2024-01-18.EXT" (ext with its dot), or 0. */
static int
release_name(const char *name, const char *ext)
{
	char date[11];

	if (strlen(name) != 10 + strlen(ext) || strcmp(name + 10, ext) != 0)
		return 0;
	memcpy(date, name, 10);
	date[10] = '\0';
	return docs_parse_date(date);
}

void
load_releases(struct ctx *c)
{
	struct report *r = c->r;
	struct buf dir = BUF_INIT, path = BUF_INIT;
	struct stat st;
	char **names;
	size_t n, i, cap = 0;

	buf_printf(&dir, "%s/releases", r->dir);
	if (lstat(dir.data, &st) == -1 && errno == ENOENT)
		goto out;	/* no releases: nothing of section 6 */
	if (!path_inside(dir.data, r->dir, c->d))
		goto out;
	if (stat(dir.data, &st) == -1 || !S_ISDIR(st.st_mode)) {
		diag(c->d, DIAG_ERROR, dir.data, 0, 0, "releases must be a "
		    "folder (of releases/<date>.csv files)");
		goto out;
	}
	if ((names = dir_list(dir.data, &n)) == NULL) {
		diag_sys(c->d, dir.data, "cannot read folder", errno);
		goto out;
	}
	/* dir_list() sorts by name: yyyy-mm-dd names sort by date. */
	for (i = 0; i < n; i++) {
		int date;

		/* Editors' files, and a release's temporary file. */
		if (names[i][0] == '.')
			continue;
		if ((date = release_name(names[i], ".csv")) != 0)
			load_one(c, names[i], date, &cap);
		else if (release_name(names[i], ".md") == 0) {
			buf_reset(&path);
			buf_printf(&path, "%s/%s", dir.data, names[i]);
			diag(c->d, DIAG_WARNING, path.data, 0, 0, "not a "
			    "release (yyyy-mm-dd.csv) or its note "
			    "(yyyy-mm-dd.md); ignored");
		}
	}
	dir_list_free(names, n);
out:
	buf_free(&dir);
	buf_free(&path);
}
