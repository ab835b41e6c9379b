/*
 * Load stage, content folder: the six CSV files of content-format.md
 * section 2 into a struct report.  The CSV syntax is csv_read.c's job;
 * here each cell is checked for meaning (ids, numbers, references) and
 * every problem is reported with the cell's position.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "csv_read.h"
#include "load.h"
#include "load_impl.h"
#include "util.h"
#include "utf8.h"
#include "xalloc.h"

/* Names rapor uses for its own folders: no entity may take them. */
static const char *const reserved_ids[] = {
	"assets", "charts", "data", "index", "search", "404"
};

/* Device names Windows reserves in any case, with or without extension. */
static const char *const windows_ids[] = {
	"con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5",
	"com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4",
	"lpt5", "lpt6", "lpt7", "lpt8", "lpt9"
};


int
id_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	for (i = 0; i < NELEM(windows_ids); i++)
		if (strcmp(s, windows_ids[i]) == 0)
			return 0;
	return 1;
}

int
load_parse_year(const char *s, size_t n, int *out)
{
	int y = 0;
	size_t i;

	if (n != 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + (s[i] - '0');
	}
	if (y < 1900 || y > 2999)
		return -1;
	*out = y;
	return 0;
}

int
yearset_parse(const char *s, struct yearset *ys, const char **why)
{
	size_t cap = 0;

	memset(ys, 0, sizeof *ys);
	while (*s == ' ' || *s == '\t' || *s == ',')
		s++;
	if (*s == '\0') {
		ys->all = 1;
		return 0;
	}
	while (*s != '\0') {
		const char *tok = s, *dash;
		size_t n;
		int from, to;

		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != ',')
			s++;
		n = (size_t)(s - tok);
		dash = memchr(tok, '-', n);
		if (dash == NULL) {
			if (load_parse_year(tok, n, &from) != 0)
				goto bad;
			to = from;
		} else {
			if (load_parse_year(tok, (size_t)(dash - tok),
			    &from) != 0 || load_parse_year(dash + 1,
			    n - (size_t)(dash - tok) - 1, &to) != 0)
				goto bad;
			if (to < from) {
				*why = "a range must go from the earlier year "
				    "to the later";
				goto fail;
			}
		}
		XGROW(&ys->ranges, &ys->n, &cap);
		ys->ranges[ys->n][0] = from;
		ys->ranges[ys->n][1] = to;
		ys->n++;
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
	}
	return 0;
bad:
	*why = "expected years such as '2023', '2022-2024' or "
	    "'2019 2021-2023' (years 1900-2999)";
fail:
	free(ys->ranges);
	memset(ys, 0, sizeof *ys);
	return -1;
}

/* ---- columns ---------------------------------------------------------- */

/*
 * KEEP_IDS: a row whose id is valid but whose other cells are wrong is
 * reported and still added, so that the files which refer to it do not
 * report "unknown zone/entity/unit/aspect" for every reference as well.
 * The load then fails, so nothing but report_free() sees such a row.
 *
 * The CSV files, in load order.  A file that is missing, empty or lacks a
 * required column is "broken": references to it from later files are not
 * checked, so that one mistake is reported once, not once per row.
 */
enum { FILE_ZONES = 1, FILE_CATEGORIES = 2, FILE_ASPECTS = 4,
    FILE_ENTITIES = 8, FILE_UNITS = 16, FILE_SCORES = 32 };

void
load_err(struct ctx *c, const struct csv_cell *cell, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag(c->d, DIAG_ERROR, c->path, cell->line, cell->col, "%s",
	    buf_str(&b));
	buf_free(&b);
	c->errors++;
}

void
check_shown_text(struct diags *d, const char *file, unsigned line,
    unsigned col, const char *what, const char *text)
{
	unsigned long cp;
	size_t at = utf8_find_hidden(text, strlen(text), &cp);

	if (at == (size_t)-1)
		return;
	diag(d, DIAG_WARNING, file, line, col + utf8_col(text, text + at) - 1,
	    "%s holds U+%04lX, a character that is invisible or reorders the "
	    "text around it, so the page would not show what it says; "
	    "remove it", what, cp);
}

/* A copy of the text of cell x, a name shown on the pages (what says
 * which), with a warning for characters that hide or reorder text. */
char *
load_shown(struct ctx *c, const struct csv_cell *x, const char *what)
{
	check_shown_text(c->d, c->path, x->line, x->col + (x->quoted != 0),
	    what, x->text);
	return xstrdup(x->text);
}

/*
 * Find the columns of f; report missing required ones (error), unknown
 * ones (warning, unless is_extra accepts them) and repeated ones (error).
 * Unknown names are compared with the columns and the nextra names in
 * extra for a suggestion.  Returns -1 when a required column is missing.
 */
int
load_columns(struct ctx *c, const struct csv_file *f, struct col *cols,
    size_t ncols, int (*is_extra)(struct ctx *, const char *),
    const char *const *extra, size_t nextra)
{
	const char **names = xcalloc(ncols + nextra + 1, sizeof *names);
	size_t i, j;
	int rc = 0;

	for (i = 0; i < ncols; i++) {
		cols[i].idx = csv_column(f, cols[i].name);
		names[i] = cols[i].name;
	}
	for (i = 0; i < nextra; i++)
		names[ncols + i] = extra[i];
	for (j = 0; j < f->header.n; j++) {
		const struct csv_cell *h = &f->header.cells[j];
		const char *near;
		size_t k;

		for (k = 0; k < j; k++)
			if (strcasecmp(f->header.cells[k].text, h->text) == 0)
				break;
		if (k < j && h->text[0] != '\0') {
			load_err(c, h, "column '%s' appears twice (first at "
			    "column %u)", h->text, f->header.cells[k].col);
			continue;
		}
		for (i = 0; i < ncols; i++)
			if (strcasecmp(cols[i].name, h->text) == 0)
				break;
		if (i < ncols || (is_extra && is_extra(c, h->text)))
			continue;
		if (h->text[0] == '\0') {
			diag(c->d, DIAG_WARNING, c->path, h->line, h->col,
			    "column without a name ignored");
			continue;
		}
		near = diag_suggest(h->text, names, ncols + nextra);
		if (near)
			diag(c->d, DIAG_WARNING, c->path, h->line, h->col,
			    "unknown column '%s' ignored; did you mean '%s'?",
			    h->text, near);
		else
			diag(c->d, DIAG_WARNING, c->path, h->line, h->col,
			    "unknown column '%s' ignored", h->text);
	}
	for (i = 0; i < ncols; i++)
		if (cols[i].required && cols[i].idx < 0) {
			const struct csv_cell at = { NULL, 0,
			    f->header.n ? f->header.line : 1, 1, 0 };

			load_err(c, &at, "missing required column '%s'",
			    cols[i].name);
			rc = -1;
		}
	free(names);
	return rc;
}

/*
 * The cell of row in column idx; a column the row is too short for reads
 * as an empty cell positioned just after the row's last field (at its
 * start when it is a quoted field that spans lines).
 */
const struct csv_cell *
load_cell(const struct csv_row *row, int idx, struct csv_cell *tmp)
{
	const struct csv_cell *last;
	const char *q;

	if (idx >= 0 && (size_t)idx < row->n)
		return &row->cells[idx];
	memset(tmp, 0, sizeof *tmp);
	tmp->text = (char *)"";
	tmp->line = row->line;
	tmp->col = 1;
	if (row->n == 0)
		return tmp;
	last = &row->cells[row->n - 1];
	tmp->line = last->line;
	tmp->col = last->col;
	if (memchr(last->text, '\n', last->len) != NULL ||
	    memchr(last->text, '\r', last->len) != NULL)
		return tmp;
	tmp->col += utf8_col(last->text, last->text + last->len) - 1;
	if (last->quoted) {
		tmp->col += 2;	/* the quotes */
		for (q = last->text; (q = strchr(q, '"')) != NULL; q++)
			tmp->col++;	/* written twice */
	}
	return tmp;
}

/* A row with non-empty cells beyond the header is an error (a stray delimiter). */
void
load_check_width(struct ctx *c, const struct csv_file *f,
    const struct csv_row *row)
{
	size_t j;

	for (j = f->header.n; j < row->n; j++)
		if (row->cells[j].text[0] != '\0') {
			load_err(c, &row->cells[j],
			    "row has %zu fields but the "
			    "header has %zu%s", row->n, f->header.n,
			    f->delim == ',' ? " (a decimal comma in a "
			    "comma-separated file must be quoted)" : "");
			return;
		}
}

static struct srcpos
pos_of(struct ctx *c, const struct csv_row *row)
{
	struct srcpos p = { c->path, row->line,
	    row->n ? row->cells[0].col : 1 };

	return p;
}

/* A required text cell: an error when empty. */
static int
need_text(struct ctx *c, const struct csv_cell *x, const char *what)
{
	if (x->text[0] == '\0') {
		load_err(c, x, "%s is empty", what);
		return -1;
	}
	return 0;
}

int
load_need_id(struct ctx *c, const struct csv_cell *x, const char *what)
{
	if (need_text(c, x, what) != 0)
		return -1;
	if (!id_valid(x->text)) {
		load_err(c, x,
		    "%s '%s' is not a valid id (use 1-64 of a-z, 0-9 "
		    "and '-', starting with a letter or digit; not a "
		    "Windows device name)", what, x->text);
		return -1;
	}
	return 0;
}

int
load_need_number(struct ctx *c, const struct csv_cell *x, const char *what,
    struct dec *out)
{
	switch (dec_parse(x->text, out)) {
	case DEC_OK:
		return 0;
	case DEC_TOO_PRECISE:
		load_err(c, x,
		    "%s '%s' has more than %d decimals", what, x->text,
		    DEC_FRAC);
		return -1;
	case DEC_TOO_LARGE:
		load_err(c, x, "%s '%s' is too large", what, x->text);
		return -1;
	default:
		load_err(c, x, "%s '%s' is not a number (write 89.45 or 89,45; "
		    "no thousands separators)", what, x->text);
		return -1;
	}
}

static int
in_scale(struct ctx *c, const struct csv_cell *x, const char *what,
    struct dec v)
{
	const struct site *s = &c->r->site;

	if (dec_cmp(v, s->scale_min) < 0 || dec_cmp(v, s->scale_max) > 0) {
		struct buf lo = BUF_INIT, hi = BUF_INIT;

		dec_format_plain(&lo, s->scale_min);
		dec_format_plain(&hi, s->scale_max);
		load_err(c, x,
		    "%s %s is outside the scale %s-%s", what, x->text,
		    buf_str(&lo), buf_str(&hi));
		buf_free(&lo);
		buf_free(&hi);
		return -1;
	}
	return 0;
}

/*
 * Read the CSV file name of the content folder.  Returns 0 with *f
 * filled, or -1 when the file is missing or unreadable (reported).
 */
static int
open_csv(struct ctx *c, struct csv_file *f)
{
	struct stat st;

	memset(f, 0, sizeof *f);
	if (lstat(c->path, &st) == -1 && errno == ENOENT) {
		diag(c->d, DIAG_ERROR, c->path, 0, 0, "required file is "
		    "missing");
		c->errors++;
		return -1;
	}
	/* csv_read_file() refuses what is not a regular file; a link out
	 * of the content folder is refused here. */
	if (!path_inside(c->path, c->r->dir, c->d)) {
		c->errors++;
		return -1;
	}
	if (csv_read_file(c->path, c->d, f) != 0)
		return -1;
	if (f->header.n == 0) {
		diag(c->d, DIAG_ERROR, c->path, 0, 0, "file is empty: it "
		    "needs at least a header row");
		c->errors++;
		return -1;
	}
	return 0;
}

static int
suggest_and_report(struct ctx *c, const struct csv_cell *x, const char *what,
    const char *const *cands, size_t n)
{
	const char *near = diag_suggest(x->text, cands, n);

	if (near)
		load_err(c, x, "unknown %s '%s'; did you mean '%s'?", what,
		    x->text, near);
	else
		load_err(c, x, "unknown %s '%s'", what, x->text);
	return -1;
}

/* ---- zones.csv -------------------------------------------------------- */

static int
is_hex_color(const char *s)
{
	size_t i;

	if (strlen(s) != 7 || s[0] != '#')
		return 0;
	for (i = 1; i < 7; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			return 0;
	return 1;
}

/* Returns -1 when no zone could be loaded (reported). */
static int
load_zones(struct ctx *c, const struct csv_file *f)
{
	struct col cols[] = { { "id", 1, -1 }, { "name", 1, -1 },
	    { "color", 1, -1 } };
	struct report *r = c->r;
	size_t i, k, cap = 0;

	if (load_columns(c, f, cols, NELEM(cols), NULL, NULL, 0) != 0)
		return -1;
	for (i = 0; i < f->nrows; i++) {
		const struct csv_row *row = &f->rows[i];
		struct csv_cell t0, t1, t2;
		const struct csv_cell *id = load_cell(row, cols[0].idx, &t0);
		const struct csv_cell *nm = load_cell(row, cols[1].idx, &t1);
		const struct csv_cell *co = load_cell(row, cols[2].idx, &t2);
		int bad = 0;
		struct zone *z;

		load_check_width(c, f, row);
		bad |= load_need_id(c, id, "zone id");
		for (k = 0; k < r->nzones && !bad; k++)
			if (strcmp(r->zones[k].id, id->text) == 0) {
				load_err(c, id,
				    "zone '%s' is defined twice (first "
				    "on line %u)", id->text,
				    r->zones[k].pos.line);
				bad = 1;
			}
		need_text(c, nm, "zone name");
		if (!is_hex_color(co->text))
			load_err(c, co, "color '%s' is not of the form #rrggbb",
			    co->text);
		/* Other errors keep the id known (see KEEP_IDS). */
		if (bad)
			continue;
		XGROW(&r->zones, &r->nzones, &cap);
		z = &r->zones[r->nzones++];
		z->id = xstrdup(id->text);
		z->name = load_shown(c, nm, "zone name");
		z->color = xstrdup(co->text);
		z->pos = pos_of(c, row);
	}
	if (r->nzones == 0 && f->nrows == 0) {
		diag(c->d, DIAG_ERROR, c->path, 0, 0, "no zones defined");
		c->errors++;
	}
	return r->nzones ? 0 : -1;
}

/* ---- categories.csv --------------------------------------------------- */

static size_t
find_zone(const struct report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nzones; i++)
		if (strcmp(r->zones[i].id, id) == 0)
			return i;
	return NONE;
}

static int
need_years(struct ctx *c, const struct csv_cell *x, struct yearset *ys)
{
	const char *why;

	if (yearset_parse(x->text, ys, &why) != 0) {
		load_err(c, x, "years '%s': %s", x->text, why);
		return -1;
	}
	return 0;
}

/* Nonzero when two year sets share a year (or either is "all"). */
static int
years_overlap(const struct yearset *a, const struct yearset *b)
{
	size_t i, j;

	if (a->all || b->all)
		return 1;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (a->ranges[i][0] <= b->ranges[j][1] &&
			    b->ranges[j][0] <= a->ranges[i][1])
				return 1;
	return 0;
}

/*
 * The first year two overlapping year sets share, for messages: "2023",
 * or "all years" when both are empty cells.
 */
static void
common_year(const struct yearset *a, const struct yearset *b, char *out,
    size_t size)
{
	static int every[1][2] = { { 1900, 2999 } };
	int (*ra)[2] = a->all ? every : a->ranges;
	int (*rb)[2] = b->all ? every : b->ranges;
	size_t na = a->all ? 1 : a->n, nb = b->all ? 1 : b->n, i, j;
	int best = 0;

	if (a->all && b->all) {
		snprintf(out, size, "all years");
		return;
	}
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++) {
			int lo = ra[i][0] > rb[j][0] ? ra[i][0] : rb[j][0];
			int hi = ra[i][1] < rb[j][1] ? ra[i][1] : rb[j][1];

			if (lo <= hi && (best == 0 || lo < best))
				best = lo;
		}
	snprintf(out, size, "%d", best);
}

static void
load_categories(struct ctx *c, const struct csv_file *f)
{
	struct col cols[] = { { "years", 1, -1 }, { "code", 1, -1 },
	    { "name", 1, -1 }, { "min", 1, -1 }, { "zone", 1, -1 } };
	struct report *r = c->r;
	const char **zids = xcalloc(r->nzones + 1, sizeof *zids);
	size_t i, cap = 0;

	for (i = 0; i < r->nzones; i++)
		zids[i] = r->zones[i].id;
	if (load_columns(c, f, cols, NELEM(cols), NULL, NULL, 0) != 0) {
		c->broken |= FILE_CATEGORIES;
		goto out;
	}
	for (i = 0; i < f->nrows; i++) {
		const struct csv_row *row = &f->rows[i];
		struct csv_cell t[5];
		const struct csv_cell *ys = load_cell(row, cols[0].idx, &t[0]);
		const struct csv_cell *code = load_cell(row, cols[1].idx,
		    &t[1]);
		const struct csv_cell *nm = load_cell(row, cols[2].idx, &t[2]);
		const struct csv_cell *mn = load_cell(row, cols[3].idx, &t[3]);
		const struct csv_cell *zn = load_cell(row, cols[4].idx, &t[4]);
		struct category cat;
		size_t k;
		int bad = 0;

		memset(&cat, 0, sizeof cat);
		load_check_width(c, f, row);
		bad |= need_years(c, ys, &cat.years);
		bad |= need_text(c, code, "category code");
		bad |= need_text(c, nm, "category name");
		if (need_text(c, mn, "min") != 0 ||
		    load_need_number(c, mn, "min", &cat.min) != 0)
			bad = 1;
		if (need_text(c, zn, "zone") != 0)
			bad = 1;
		else if ((cat.zone = find_zone(r, zn->text)) == NONE &&
		    !(c->broken & FILE_ZONES))
			bad = suggest_and_report(c, zn, "zone", zids,
			    r->nzones);
		/* Two categories of one year: not the same code, nor the same min. */
		for (k = 0; k < r->ncategories && !bad; k++) {
			const struct category *o = &r->categories[k];
			char yr[16];

			if (!years_overlap(&o->years, &cat.years))
				continue;
			common_year(&o->years, &cat.years, yr, sizeof yr);
			if (strcmp(o->code, code->text) == 0) {
				load_err(c, code,
				    "category '%s' is defined twice "
				    "for %s (first on line %u)", code->text, yr,
				    o->pos.line);
				bad = 1;
			} else if (dec_cmp(o->min, cat.min) == 0) {
				load_err(c, mn,
				    "categories '%s' and '%s' (line %u) "
				    "have the same min in %s", code->text,
				    o->code, o->pos.line, yr);
				bad = 1;
			}
		}
		if (bad) {
			free(cat.years.ranges);
			continue;
		}
		cat.code = load_shown(c, code, "category code");
		cat.name = load_shown(c, nm, "category name");
		cat.pos = pos_of(c, row);
		XGROW(&r->categories, &r->ncategories, &cap);
		r->categories[r->ncategories++] = cat;
	}
out:
	free(zids);
}

/* ---- aspects.csv ------------------------------------------------------ */

static void
load_aspects(struct ctx *c, const struct csv_file *f)
{
	struct col cols[] = { { "years", 1, -1 }, { "id", 1, -1 },
	    { "name", 1, -1 }, { "weight", 1, -1 } };
	static const char *const taken[] = { "year", "entity", "unit",
	    "score" };
	struct report *r = c->r;
	size_t i, k, cap = 0;

	if (load_columns(c, f, cols, NELEM(cols), NULL, NULL, 0) != 0) {
		c->broken |= FILE_ASPECTS;
		return;
	}
	for (i = 0; i < f->nrows; i++) {
		const struct csv_row *row = &f->rows[i];
		struct csv_cell t[4];
		const struct csv_cell *ys = load_cell(row, cols[0].idx, &t[0]);
		const struct csv_cell *id = load_cell(row, cols[1].idx, &t[1]);
		const struct csv_cell *nm = load_cell(row, cols[2].idx, &t[2]);
		const struct csv_cell *w = load_cell(row, cols[3].idx, &t[3]);
		struct aspect a;
		int bad = 0;

		memset(&a, 0, sizeof a);
		load_check_width(c, f, row);
		bad |= need_years(c, ys, &a.years);
		bad |= load_need_id(c, id, "aspect id");
		for (k = 0; k < NELEM(taken) && !bad; k++)
			if (strcmp(id->text, taken[k]) == 0) {
				load_err(c, id, "aspect id '%s' is taken by a "
				    "column of scores.csv", id->text);
				bad = 1;
			}
		for (k = 0; k < r->naspects && !bad; k++)
			if (strcmp(r->aspects[k].id, id->text) == 0 &&
			    years_overlap(&r->aspects[k].years, &a.years)) {
				load_err(c, id,
				    "aspect '%s' is defined twice for "
				    "the same year (first on line %u)",
				    id->text, r->aspects[k].pos.line);
				bad = 1;
			}
		/* Other errors keep the id known (see KEEP_IDS). */
		need_text(c, nm, "aspect name");
		if (need_text(c, w, "weight") == 0 &&
		    load_need_number(c, w, "weight", &a.weight) == 0 &&
		    a.weight.v <= 0)
			load_err(c, w, "weight %s must be positive", w->text);
		if (bad) {
			free(a.years.ranges);
			continue;
		}
		a.id = xstrdup(id->text);
		a.name = load_shown(c, nm, "aspect name");
		a.pos = pos_of(c, row);
		XGROW(&r->aspects, &r->naspects, &cap);
		r->aspects[r->naspects++] = a;
	}
}

/* ---- entities.csv ----------------------------------------------------- */

static int
entity_cmp(const void *a, const void *b)
{
	const struct entity *x = a, *y = b;
	int k = strcmp(x->id, y->id);

	/* Ties (duplicates) keep file order so the later line is blamed. */
	if (k == 0)
		k = (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
	return k;
}

static int
is_number(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void
entity_free(struct entity *e)
{
	free(e->id);
	free(e->name);
	free(e->kind);
	free(e->parent_id);
}

/* Where an accepted entity row's kind and parent cells are, by line. */
struct entity_ref {
	unsigned	line;		/* the row's line (rows have distinct lines) */
	unsigned	kind_col;	/* column of the kind cell */
	unsigned	parent_line, parent_col; /* the parent cell */
};

/* The ref of the row on line (refs are in file order: ascending lines). */
static const struct entity_ref *
ref_of(const struct entity_ref *refs, size_t n, unsigned line)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (refs[mid].line == line)
			return &refs[mid];
		if (refs[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;	/* not reached: every entity has a ref */
}

/*
 * Kinds are compared exactly: warn once for each spelling that differs
 * from an earlier one only in case, at its first kind cell.  The
 * entities are still in file order here.
 */
static void
check_kind_case(struct ctx *c, const struct entity_ref *refs)
{
	const struct report *r = c->r;
	size_t i, k;

	for (i = 0; i < r->nentities; i++) {
		const char *ki = r->entities[i].kind;

		for (k = 0; k < i; k++)
			if (strcmp(r->entities[k].kind, ki) == 0)
				break;
		if (k < i)
			continue;	/* this spelling was seen before */
		for (k = 0; k < i; k++)
			if (strcasecmp(r->entities[k].kind, ki) == 0) {
				diag(c->d, DIAG_WARNING, c->path, refs[i].line,
				    refs[i].kind_col, "kind '%s' differs from "
				    "kind '%s' (line %u) only in case: they are "
				    "ranked as two kinds", ki,
				    r->entities[k].kind,
				    r->entities[k].pos.line);
				break;
			}
	}
}

static void
load_entities(struct ctx *c, const struct csv_file *f,
    const char *const *pages, size_t npages)
{
	struct col cols[] = { { "id", 1, -1 }, { "name", 1, -1 },
	    { "kind", 1, -1 }, { "parent", 0, -1 } };
	struct report *r = c->r;
	struct entity_ref *refs = NULL;
	const char **ids = NULL;
	size_t i, k, cap = 0, rcap = 0, nrefs = 0, out;

	if (load_columns(c, f, cols, NELEM(cols), NULL, NULL, 0) != 0) {
		c->broken |= FILE_ENTITIES;
		return;
	}
	for (i = 0; i < f->nrows; i++) {
		const struct csv_row *row = &f->rows[i];
		struct csv_cell t[4];
		const struct csv_cell *id = load_cell(row, cols[0].idx, &t[0]);
		const struct csv_cell *nm = load_cell(row, cols[1].idx, &t[1]);
		const struct csv_cell *kd = load_cell(row, cols[2].idx, &t[2]);
		const struct csv_cell *pa = load_cell(row, cols[3].idx, &t[3]);
		struct entity *e;
		int bad = 0;

		load_check_width(c, f, row);
		if (load_need_id(c, id, "entity id") != 0)
			bad = 1;
		else if (is_number(id->text)) {
			load_err(c, id,
			    "entity id '%s' is a bare number, which "
			    "would clash with a year's folder", id->text);
			bad = 1;
		} else {
			for (k = 0; k < NELEM(reserved_ids); k++)
				if (strcmp(id->text, reserved_ids[k]) == 0)
					break;
			if (k < NELEM(reserved_ids)) {
				load_err(c, id,
				    "entity id '%s' is reserved for "
				    "rapor's own folders", id->text);
				bad = 1;
			}
			for (k = 0; k < npages && !bad; k++)
				if (strcmp(id->text, pages[k]) == 0) {
					load_err(c, id,
					    "entity id '%s' is also the "
					    "name of a page (%s.md)", id->text,
					    pages[k]);
					bad = 1;
				}
		}
		/* Other errors keep the id known (see KEEP_IDS). */
		need_text(c, nm, "entity name");
		need_text(c, kd, "kind");
		if (pa->text[0] != '\0' && !id_valid(pa->text)) {
			load_err(c, pa,
			    "parent '%s' is not a valid id", pa->text);
			pa = load_cell(row, -1, &t[3]);	/* as if empty */
		}
		if (bad)
			continue;
		XGROW(&r->entities, &r->nentities, &cap);
		e = &r->entities[r->nentities++];
		e->id = xstrdup(id->text);
		e->name = load_shown(c, nm, "entity name");
		e->kind = load_shown(c, kd, "kind");
		e->parent_id = pa->text[0] ? xstrdup(pa->text) : NULL;
		e->parent = NONE;
		e->pos = pos_of(c, row);
		XGROW(&refs, &nrefs, &rcap);
		refs[nrefs].line = e->pos.line;
		refs[nrefs].kind_col = kd->col;
		refs[nrefs].parent_line = pa->line;
		refs[nrefs].parent_col = pa->col;
		nrefs++;
	}
	if (r->nentities == 0)
		goto out;
	check_kind_case(c, refs);
	qsort(r->entities, r->nentities, sizeof *r->entities, entity_cmp);
	for (i = 1, out = 1; i < r->nentities; i++) {
		struct entity *prev = &r->entities[out - 1];

		if (strcmp(prev->id, r->entities[i].id) == 0) {
			const struct csv_cell at = { NULL, 0,
			    r->entities[i].pos.line, r->entities[i].pos.col,
			    0 };

			load_err(c, &at,
			    "entity '%s' is defined twice (first on "
			    "line %u)", prev->id, prev->pos.line);
			entity_free(&r->entities[i]);
			continue;
		}
		r->entities[out++] = r->entities[i];
	}
	r->nentities = out;
	ids = xcalloc(r->nentities, sizeof *ids);
	for (i = 0; i < r->nentities; i++)
		ids[i] = r->entities[i].id;
	for (i = 0; i < r->nentities; i++) {
		struct entity *e = &r->entities[i];
		const struct entity_ref *ref = ref_of(refs, nrefs, e->pos.line);
		const struct csv_cell at = { e->parent_id, 0,
		    ref->parent_line, ref->parent_col, 0 };

		if (e->parent_id == NULL)
			continue;
		e->parent = report_entity(r, e->parent_id);
		if (e->parent == NONE)
			suggest_and_report(c, &at, "parent entity", ids,
			    r->nentities);
		else if (e->parent == i) {
			load_err(c, &at,
			    "entity '%s' is its own parent", e->id);
			e->parent = NONE;
		}
	}
	/* Cycles: walk up from each entity; more steps than entities is a loop. */
	for (i = 0; i < r->nentities; i++) {
		size_t p = r->entities[i].parent, steps = 0;

		while (p != NONE && p != i && steps <= r->nentities) {
			p = r->entities[p].parent;
			steps++;
		}
		if (p == i) {
			const struct entity_ref *ref = ref_of(refs, nrefs,
			    r->entities[i].pos.line);
			const struct csv_cell at = { NULL, 0, ref->parent_line,
			    ref->parent_col, 0 };

			load_err(c, &at,
			    "entity '%s' is its own ancestor (parent "
			    "cycle)", r->entities[i].id);
		}
	}
out:
	free(refs);
	free(ids);
}

/* ---- units.csv -------------------------------------------------------- */

static int
unit_cmp(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;
	int k;

	if (x->entity != y->entity)
		return x->entity < y->entity ? -1 : 1;
	k = strcmp(x->id, y->id);
	if (k == 0)
		k = (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
	return k;
}

static void
load_units(struct ctx *c, const struct csv_file *f)
{
	struct col cols[] = { { "entity", 1, -1 }, { "id", 1, -1 },
	    { "name", 1, -1 }, { "kind", 0, -1 } };
	struct report *r = c->r;
	const char **ids = xcalloc(r->nentities + 1, sizeof *ids);
	size_t i, cap = 0, out;

	for (i = 0; i < r->nentities; i++)
		ids[i] = r->entities[i].id;
	if (load_columns(c, f, cols, NELEM(cols), NULL, NULL, 0) != 0) {
		c->broken |= FILE_UNITS;
		goto out;
	}
	for (i = 0; i < f->nrows; i++) {
		const struct csv_row *row = &f->rows[i];
		struct csv_cell t[4];
		const struct csv_cell *en = load_cell(row, cols[0].idx, &t[0]);
		const struct csv_cell *id = load_cell(row, cols[1].idx, &t[1]);
		const struct csv_cell *nm = load_cell(row, cols[2].idx, &t[2]);
		const struct csv_cell *kd = load_cell(row, cols[3].idx, &t[3]);
		size_t e = NONE;
		struct unit *u;
		int bad = 0;

		load_check_width(c, f, row);
		if (need_text(c, en, "entity") != 0)
			bad = 1;
		else if ((e = report_entity(r, en->text)) == NONE)
			bad = c->broken & FILE_ENTITIES ? 1 :
			    suggest_and_report(c, en, "entity", ids,
			    r->nentities);
		bad |= load_need_id(c, id, "unit id");
		/* Other errors keep the id known (see KEEP_IDS). */
		need_text(c, nm, "unit name");
		if (bad)
			continue;
		XGROW(&r->units, &r->nunits, &cap);
		u = &r->units[r->nunits++];
		u->entity = e;
		u->id = xstrdup(id->text);
		u->name = load_shown(c, nm, "unit name");
		u->kind = kd->text[0] ? load_shown(c, kd, "kind") : NULL;
		u->pos = pos_of(c, row);
	}
	if (r->nunits)
		qsort(r->units, r->nunits, sizeof *r->units, unit_cmp);
	for (i = 1, out = r->nunits ? 1 : 0; i < r->nunits; i++) {
		struct unit *prev = &r->units[out - 1], *u = &r->units[i];

		if (prev->entity == u->entity && strcmp(prev->id, u->id) == 0) {
			const struct csv_cell at = { NULL, 0, u->pos.line, 1,
			    0 };

			load_err(c, &at, "unit '%s' of entity '%s' is defined "
			    "twice (first on line %u)", u->id,
			    r->entities[u->entity].id, prev->pos.line);
			free(u->id);
			free(u->name);
			free(u->kind);
			continue;
		}
		r->units[out++] = *u;
	}
	r->nunits = out;
out:
	free(ids);
}

/* ---- scores.csv ------------------------------------------------------- */

static int
is_aspect_column(struct ctx *c, const char *name)
{
	size_t i;

	/* Without a readable aspects.csv no column can be judged unknown. */
	if (c->broken & FILE_ASPECTS)
		return 1;
	for (i = 0; i < c->r->naspects; i++)
		if (strcasecmp(c->r->aspects[i].id, name) == 0)
			return 1;
	return 0;
}

static const struct report *sort_report;	/* qsort has no context argument */

static int
score_key_cmp(const void *a, const void *b)
{
	const struct score_row *x = &sort_report->scores[*(const size_t *)a];
	const struct score_row *y = &sort_report->scores[*(const size_t *)b];

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	if (x->entity != y->entity)
		return x->entity < y->entity ? -1 : 1;
	if (x->unit != y->unit)	/* NONE (the total) sorts last */
		return x->unit < y->unit ? -1 : 1;
	return (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
}

/* Unit ids of entity e, for suggestions. */
static const char **
unit_ids(const struct report *r, size_t e, size_t *n)
{
	const char **ids = xcalloc(r->nunits + 1, sizeof *ids);
	size_t i;

	*n = 0;
	for (i = 0; i < r->nunits; i++)
		if (r->units[i].entity == e)
			ids[(*n)++] = r->units[i].id;
	return ids;
}

/*
 * The unit named in cell un of a row of entity s->entity into s->unit
 * (NONE for an empty cell, the entity's total): 0, or -1 when there is
 * no such unit (reported, unless units.csv was broken and said so).
 */
static int
score_unit(struct ctx *c, const struct csv_cell *en,
    const struct csv_cell *un, struct score_row *s)
{
	const char **uids, *near;
	size_t n;

	if (s->entity == NONE || un->text[0] == '\0' ||
	    (s->unit = report_unit(c->r, s->entity, un->text)) != NONE)
		return 0;
	uids = unit_ids(c->r, s->entity, &n);
	near = diag_suggest(un->text, uids, n);
	/* With units.csv broken, that was reported once there. */
	if (!(c->broken & FILE_UNITS))
		load_err(c, un, "unknown unit '%s' of '%s'%s%s%s", un->text,
		    en->text, near ? "; did you mean '" : "",
		    near ? near : "", near ? "'?" : "");
	free(uids);
	return -1;
}

/*
 * The values of the aspects assessed in s->year from row (aspect k in
 * column acol[k], -1 when absent) into s: 0, or -1 when one is bad.
 */
static int
score_values(struct ctx *c, const struct csv_row *row, const int *acol,
    struct score_row *s)
{
	struct report *r = c->r;
	struct csv_cell ta;
	size_t k;
	int rc = 0;

	s->values = xcalloc(r->naspects + 1, sizeof *s->values);
	s->has_value = xcalloc(r->naspects + 1, 1);
	for (k = 0; k < r->naspects; k++) {
		const struct csv_cell *v = load_cell(row, acol[k], &ta);

		if (acol[k] < 0 || v->text[0] == '\0' ||
		    !yearset_has(&r->aspects[k].years, s->year))
			continue;
		if (load_need_number(c, v, r->aspects[k].id,
		    &s->values[k]) != 0 ||
		    in_scale(c, v, r->aspects[k].id, s->values[k]) != 0)
			rc = -1;
		else
			s->has_value[k] = 1;
	}
	return rc;
}

/*
 * Which aspects each column of f names: (naspects + 1) bytes a column,
 * the last one set when the column is an aspect's (is_aspect_column()).
 * Compared once, not in every row of a national scores.csv.
 */
static unsigned char *
column_aspects(struct ctx *c, const struct csv_file *f)
{
	struct report *r = c->r;
	size_t k, a, w = r->naspects + 1;
	unsigned char *m = xcalloc(f->header.n * w + 1, 1);

	for (k = 0; k < f->header.n; k++) {
		const char *name = f->header.cells[k].text;

		m[k * w + r->naspects] = (unsigned char)is_aspect_column(c, name);
		for (a = 0; a < r->naspects; a++)
			m[k * w + a] = strcasecmp(r->aspects[a].id, name) == 0;
	}
	return m;
}

/*
 * A value in the column of an aspect not assessed in year would be
 * lost: 0, or -1 when row has one (reported).  named: column_aspects().
 */
static int
check_unassessed(struct ctx *c, const struct csv_file *f,
    const struct csv_row *row, int year, const unsigned char *named)
{
	struct report *r = c->r;
	struct csv_cell ta;
	size_t k, a, w = r->naspects + 1;
	int rc = 0;

	for (k = 0; k < f->header.n && year; k++) {
		const char *name = f->header.cells[k].text;
		const struct csv_cell *v = load_cell(row, (int)k, &ta);

		if (v->text[0] == '\0' || (c->broken & FILE_ASPECTS) ||
		    !named[k * w + r->naspects])
			continue;
		for (a = 0; a < r->naspects; a++)
			if (named[k * w + a] &&
			    yearset_has(&r->aspects[a].years, year))
				break;
		if (a == r->naspects) {
			load_err(c, v,
			    "aspect '%s' is not assessed in %d", name,
			    year);
			rc = -1;
		}
	}
	return rc;
}

/* Report rows of scores.csv with the key of an earlier row. */
static void
check_duplicate_scores(struct ctx *c)
{
	struct report *r = c->r;
	size_t *order = xcalloc(r->nscores + 1, sizeof *order);
	size_t i;

	/* Sort row numbers by key and compare neighbours. */
	for (i = 0; i < r->nscores; i++)
		order[i] = i;
	sort_report = r;
	qsort(order, r->nscores, sizeof *order, score_key_cmp);
	for (i = 1; i < r->nscores; i++) {
		const struct score_row *a = &r->scores[order[i - 1]];
		const struct score_row *b = &r->scores[order[i]];

		if (a->year == b->year && a->entity == b->entity &&
		    a->unit == b->unit) {
			const struct csv_cell at = { NULL, 0, b->pos.line,
			    b->pos.col, 0 };

			load_err(c, &at,
			    "duplicate row for %d, '%s'%s%s%s: line "
			    "%u has it already", b->year,
			    r->entities[b->entity].id,
			    b->unit == NONE ? " (total)" : ", '",
			    b->unit == NONE ? "" : r->units[b->unit].id,
			    b->unit == NONE ? "" : "'", a->pos.line);
		}
	}
	free(order);
}

static void
load_scores(struct ctx *c, const struct csv_file *f)
{
	struct col cols[] = { { "year", 1, -1 }, { "entity", 1, -1 },
	    { "unit", 1, -1 }, { "score", 0, -1 } };
	struct report *r = c->r;
	const char **eids = xcalloc(r->nentities + 1, sizeof *eids);
	const char **aids = xcalloc(r->naspects + 1, sizeof *aids);
	int *acol = xcalloc(r->naspects + 1, sizeof *acol);
	unsigned char *named = NULL;
	size_t i, k, cap = 0;

	for (i = 0; i < r->nentities; i++)
		eids[i] = r->entities[i].id;
	for (i = 0; i < r->naspects; i++)
		aids[i] = r->aspects[i].id;
	if (load_columns(c, f, cols, NELEM(cols), is_aspect_column, aids,
	    r->naspects) != 0) {
		c->broken |= FILE_SCORES;
		goto out;
	}
	for (k = 0; k < r->naspects; k++)
		acol[k] = csv_column(f, r->aspects[k].id);
	named = column_aspects(c, f);
	for (i = 0; i < f->nrows; i++) {
		const struct csv_row *row = &f->rows[i];
		struct csv_cell t[4];
		const struct csv_cell *yr = load_cell(row, cols[0].idx, &t[0]);
		const struct csv_cell *en = load_cell(row, cols[1].idx, &t[1]);
		const struct csv_cell *un = load_cell(row, cols[2].idx, &t[2]);
		const struct csv_cell *sc = load_cell(row, cols[3].idx, &t[3]);
		struct score_row s;
		int bad = 0;

		memset(&s, 0, sizeof s);
		s.unit = NONE;
		s.entity = NONE;
		load_check_width(c, f, row);
		if (load_parse_year(yr->text, strlen(yr->text), &s.year) != 0) {
			load_err(c, yr,
			    "year '%s' is not a year from 1900 to 2999",
			    yr->text);
			bad = 1;
		}
		if (need_text(c, en, "entity") != 0)
			bad = 1;
		else if ((s.entity = report_entity(r, en->text)) == NONE)
			bad = c->broken & FILE_ENTITIES ? 1 :
			    suggest_and_report(c, en, "entity", eids,
			    r->nentities);
		if (score_unit(c, en, un, &s) != 0)
			bad = 1;
		if (sc->text[0] != '\0') {
			if (load_need_number(c, sc, "score", &s.score) != 0 ||
			    in_scale(c, sc, "score", s.score) != 0)
				bad = 1;
			else
				s.has_score = 1;
		}
		if (score_values(c, row, acol, &s) != 0)
			bad = 1;
		if (check_unassessed(c, f, row, s.year, named) != 0)
			bad = 1;
		if (!bad && s.unit == NONE && !s.has_score) {
			load_err(c, sc, "an entity total (empty unit) needs a "
			    "score");
			bad = 1;
		}
		if (bad) {
			free(s.values);
			free(s.has_value);
			continue;
		}
		s.pos = pos_of(c, row);
		XGROW(&r->scores, &r->nscores, &cap);
		r->scores[r->nscores++] = s;
	}
	check_duplicate_scores(c);
out:
	free(eids);
	free(aids);
	free(acol);
	free(named);
}

/* ---- the folder ------------------------------------------------------- */

const char *
load_add_path(struct report *r, const char *dir, const char *rel)
{
	struct buf b = BUF_INIT;
	size_t cap = r->npaths;

	buf_puts(&b, dir);
	if (b.len && b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	buf_puts(&b, rel);
	XGROW(&r->paths, &r->npaths, &cap);
	r->paths[r->npaths] = buf_detach(&b);
	return r->paths[r->npaths++];
}

/* Standalone page names (content/<name>.md other than index.md), sorted. */
static char **
page_names(const char *dir, size_t *n);

int
load_report(const char *dir, struct report *r, struct diags *d)
{
	static const char *const files[] = { "data/zones.csv",
	    "data/categories.csv", "data/aspects.csv", "data/entities.csv",
	    "data/units.csv", "data/scores.csv" };
	struct ctx c;
	struct csv_file f;
	char *text = NULL, **pages;
	size_t len, i, npages, before = d->errors + d->system;
	int rc;
	const char *ini;

	memset(r, 0, sizeof *r);
	r->dir = xstrdup(dir);
	memset(&c, 0, sizeof c);
	c.r = r;
	c.d = d;
	ini = load_add_path(r, dir, "site.ini");
	if ((rc = file_read(ini, dir, 1 << 20, &text, &len, d)) != 0) {
		if (rc == 1)
			diag(d, DIAG_ERROR, ini, 0, 0, "required file is "
			    "missing");
		load_site_ini(ini, "", 0, &r->site, d);
	} else
		load_site_ini(ini, text, len, &r->site, d);
	free(text);
	pages = page_names(dir, &npages);
	for (i = 0; i < NELEM(files); i++) {
		c.path = load_add_path(r, dir, files[i]);
		if (open_csv(&c, &f) != 0)
			c.broken |= 1u << i;
		else {
			switch (i) {
			case 0:
				if (load_zones(&c, &f) != 0)
					c.broken |= FILE_ZONES;
				break;
			case 1: load_categories(&c, &f); break;
			case 2: load_aspects(&c, &f); break;
			case 3: load_entities(&c, &f,
			    (const char *const *)pages, npages); break;
			case 4: load_units(&c, &f); break;
			default: load_scores(&c, &f); break;
			}
		}
		csv_file_free(&f);
	}
	load_releases(&c);
	for (i = 0; i < npages; i++)
		free(pages[i]);
	free(pages);
	return d->errors + d->system > before ? -1 : 0;
}

static char **
page_names(const char *dir, size_t *n)
{
	size_t all, i;
	char **v = dir_list(dir, &all);

	*n = 0;
	if (v == NULL)
		return NULL;
	for (i = 0; i < all; i++) {
		size_t l = strlen(v[i]);

		if (l < 4 || strcmp(v[i] + l - 3, ".md") != 0 ||
		    strcmp(v[i], "index.md") == 0) {
			free(v[i]);
			continue;
		}
		v[i][l - 3] = '\0';
		v[(*n)++] = v[i];
	}
	return v;
}
