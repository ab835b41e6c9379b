/* Render stage, data downloads: see include/render_data.h. */
#include "render_data.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "revisions.h"
#include "xalloc.h"

const char *
source_name(enum source s)
{
	switch (s) {
	case SRC_PUBLISHED: return "published";
	case SRC_MEAN: return "mean";
	case SRC_GIVEN: return "given";
	case SRC_NOT_RELEASED: return "not-released";
	default: return "computed";
	}
}

/* One row being written, with what its columns look up. */
struct row {
	const struct report	*r;	/* the report */
	const struct result	*res;	/* the result (or not-released unit) */
	const struct entity	*e;	/* its entity */
	const struct category	*c;	/* its category, or NULL */
	size_t			 aspect; /* aspect rows: index into r->aspects */
	const struct revision	*rev;	/* revision rows: the revision */
	const struct release_row *old;	/* revision rows: the row before, or NULL */
	const struct release_row *now;	/* revision rows: the row after, or NULL */
	const struct release_row *any;	/* revision rows: now, else old */
};

/*
 * The value of a column for row w: a string that lives as long as the
 * report, or one written into the empty buffer b.  "" means no value.
 */
typedef const char *column_value(const struct row *w, struct buf *b);

static const char *
col_year(const struct row *w, struct buf *b)
{
	buf_put_u64(b, (unsigned)w->res->year);
	return buf_str(b);
}

static const char *
col_entity(const struct row *w, struct buf *b)
{
	(void)b;
	return w->e->id;
}

static const char *
col_entity_name(const struct row *w, struct buf *b)
{
	(void)b;
	return w->e->name;
}

/* Unit rows carry their entity's kind, so filtering by kind keeps them. */
static const char *
col_kind(const struct row *w, struct buf *b)
{
	(void)b;
	return w->e->kind;
}

static const char *
col_parent(const struct row *w, struct buf *b)
{
	(void)b;
	return w->e->parent != NONE ? w->r->entities[w->e->parent].id : "";
}

static const char *
col_unit(const struct row *w, struct buf *b)
{
	(void)b;
	return w->res->unit != NONE ? w->r->units[w->res->unit].id : "";
}

static const char *
col_unit_name(const struct row *w, struct buf *b)
{
	(void)b;
	return w->res->unit != NONE ? w->r->units[w->res->unit].name : "";
}

/* A unit not released has a row without figures. */
static int
released(const struct row *w)
{
	return w->res->source != SRC_NOT_RELEASED;
}

static const char *
col_score(const struct row *w, struct buf *b)
{
	if (released(w))
		dec_format(b, w->res->score, w->r->site.decimals, '.', 0);
	return buf_str(b);
}

static const char *
col_source(const struct row *w, struct buf *b)
{
	(void)b;
	return source_name(w->res->source);
}

static const char *
col_category(const struct row *w, struct buf *b)
{
	(void)b;
	return w->c ? w->c->code : "";
}

static const char *
col_category_name(const struct row *w, struct buf *b)
{
	(void)b;
	return w->c ? w->c->name : "";
}

static const char *
col_zone(const struct row *w, struct buf *b)
{
	(void)b;
	return w->res->zone != NONE ? w->r->zones[w->res->zone].id : "";
}

static const char *
col_rank(const struct row *w, struct buf *b)
{
	if (released(w))
		buf_put_u64(b, w->res->rank);
	return buf_str(b);
}

static const char *
col_rank_of(const struct row *w, struct buf *b)
{
	if (released(w))
		buf_put_u64(b, w->res->rank_of);
	return buf_str(b);
}

static const char *
col_parent_rank(const struct row *w, struct buf *b)
{
	if (w->res->parent_rank_of)
		buf_put_u64(b, w->res->parent_rank);
	return buf_str(b);
}

static const char *
col_parent_rank_of(const struct row *w, struct buf *b)
{
	if (w->res->parent_rank_of)
		buf_put_u64(b, w->res->parent_rank_of);
	return buf_str(b);
}

static const char *
col_change(const struct row *w, struct buf *b)
{
	if (w->res->has_change)
		dec_format(b, w->res->change, w->r->site.decimals, '.', 1);
	return buf_str(b);
}

/* ---- data/aspect-values.csv ---------------------------------------------- */

static const char *
col_aspect(const struct row *w, struct buf *b)
{
	(void)b;
	return w->r->aspects[w->aspect].id;
}

static const char *
col_aspect_name(const struct row *w, struct buf *b)
{
	(void)b;
	return w->r->aspects[w->aspect].name;
}

/* Weights and values as given: 21.85, 8.72, 100. */
static const char *
col_weight(const struct row *w, struct buf *b)
{
	dec_format_plain(b, w->r->aspects[w->aspect].weight);
	return buf_str(b);
}

static const char *
col_value(const struct row *w, struct buf *b)
{
	dec_format_plain(b, w->r->scores[w->res->row].values[w->aspect]);
	return buf_str(b);
}

/* ---- data/revisions.csv -------------------------------------------------- */

static const char *
rev_release(const struct row *w, struct buf *b)
{
	if (w->rev->release != NONE) {
		int dt = w->r->releases[w->rev->release].date;

		buf_printf(b, "%04d-%02d-%02d", dt / 10000, dt / 100 % 100,
		    dt % 100);
	}
	return buf_str(b);
}

static const char *
rev_year(const struct row *w, struct buf *b)
{
	buf_printf(b, "%d", w->any->year);
	return buf_str(b);
}

static const char *
rev_entity(const struct row *w, struct buf *b)
{
	(void)b;
	return w->any->entity;
}

static const char *
rev_entity_name(const struct row *w, struct buf *b)
{
	(void)b;
	return w->any->entity_name;
}

static const char *
rev_unit(const struct row *w, struct buf *b)
{
	(void)b;
	return w->any->unit;
}

static const char *
rev_unit_name(const struct row *w, struct buf *b)
{
	(void)b;
	return w->any->unit_name;
}

static const char *
rev_change(const struct row *w, struct buf *b)
{
	(void)b;
	return change_name(w->rev->change);
}

/* The old or new side's score, category or zone ("" for none). */
#define REV_SIDE(fn, side, field)					\
static const char *							\
fn(const struct row *w, struct buf *b)					\
{									\
	(void)b;							\
	return w->side && w->side->field ? w->side->field : "";		\
}
REV_SIDE(rev_old_score, old, score_text)
REV_SIDE(rev_new_score, now, score_text)
REV_SIDE(rev_old_category, old, category)
REV_SIDE(rev_new_category, now, category)
REV_SIDE(rev_old_zone, old, zone)
REV_SIDE(rev_new_zone, now, zone)

/*
 * The columns of a table, in order, which are also the fields of each
 * object of the JSON: adding one here adds it to both.
 */
struct column {
	const char	*name;	/* CSV header and JSON key */
	const char	*key;	/* ,"name": (the JSON member's start) */
	size_t		 klen;	/* its length */
	int		 number; /* a number: never defused in CSV, a JSON
				   number (without a '+') */
	column_value	*value;	/* how to get it */
};

/* A column, its JSON key made once here rather than at every field. */
#define COL(name, number, fn) { name, ",\"" name "\":", sizeof name + 3, \
	number, fn }

/* data/results.csv, and each object of results.json's "results". */
static const struct column columns[] = {
	COL("year", 1, col_year),
	COL("entity", 0, col_entity),
	COL("entity_name", 0, col_entity_name),
	COL("kind", 0, col_kind),
	COL("parent", 0, col_parent),
	COL("unit", 0, col_unit),
	COL("unit_name", 0, col_unit_name),
	COL("score", 1, col_score),
	COL("source", 0, col_source),
	COL("category", 0, col_category),
	COL("category_name", 0, col_category_name),
	COL("zone", 0, col_zone),
	COL("rank", 1, col_rank),
	COL("rank_of", 1, col_rank_of),
	COL("parent_rank", 1, col_parent_rank),
	COL("parent_rank_of", 1, col_parent_rank_of),
	COL("change", 1, col_change),
};

#define NCOLUMNS (sizeof columns / sizeof columns[0])

/*
 * data/aspect-values.csv; its last ASPECT_OWN columns are the fields of
 * each object of a row's "aspects" in results.json.
 */
static const struct column aspect_columns[] = {
	COL("year", 1, col_year),
	COL("entity", 0, col_entity),
	COL("unit", 0, col_unit),
	COL("aspect", 0, col_aspect),
	COL("aspect_name", 0, col_aspect_name),
	COL("weight", 1, col_weight),
	COL("value", 1, col_value),
};

#define NASPECT_COLUMNS (sizeof aspect_columns / sizeof aspect_columns[0])
#define ASPECT_OWN 4
/* Of those, all but the last (the value) depend on the aspect alone. */
#define ASPECT_FIXED (NASPECT_COLUMNS - ASPECT_OWN)
#define ASPECT_VALUE (NASPECT_COLUMNS - 1)

/* data/revisions.csv (section 6). */
static const struct column revision_columns[] = {
	COL("release", 0, rev_release),
	COL("year", 1, rev_year),
	COL("entity", 0, rev_entity),
	COL("entity_name", 0, rev_entity_name),
	COL("unit", 0, rev_unit),
	COL("unit_name", 0, rev_unit_name),
	COL("change", 0, rev_change),
	COL("old_score", 1, rev_old_score),
	COL("new_score", 1, rev_new_score),
	COL("old_category", 0, rev_old_category),
	COL("new_category", 0, rev_new_category),
	COL("old_zone", 0, rev_old_zone),
	COL("new_zone", 0, rev_new_zone),
};

#define NREVISION_COLUMNS (sizeof revision_columns / \
	sizeof revision_columns[0])

const char *
render_column(enum data_table t, size_t i)
{
	switch (t) {
	case TABLE_RESULTS:
		return i < NCOLUMNS ? columns[i].name : NULL;
	case TABLE_ASPECTS:
		return i < NASPECT_COLUMNS ? aspect_columns[i].name : NULL;
	default:
		return i < NREVISION_COLUMNS ? revision_columns[i].name : NULL;
	}
}

static void
row_of(const struct report *r, const struct result *res, struct row *w)
{
	w->r = r;
	w->res = res;
	w->e = &r->entities[res->entity];
	w->c = res->category == NONE ? NULL : &r->categories[res->category];
	w->aspect = NONE;
}

/* ---- writing a table ----------------------------------------------------- */

static void
csv_header(struct buf *out, const struct column *cols, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		buf_puts(out, cols[k].name);
		buf_putc(out, k + 1 < n ? ',' : '\n');
	}
}

/* The CSV fields of row w, each followed by ',', the last by '\n' when
 * eol; v is scratch space. */
static void
csv_fields(struct buf *out, const struct column *cols, size_t n,
    const struct row *w, struct buf *v, int eol)
{
	size_t k;

	for (k = 0; k < n; k++) {
		const char *s;

		buf_reset(v);
		s = cols[k].value(w, v);
		/* A number formatted into v has nothing to quote or
		 * defuse, and its length is known. */
		if (cols[k].number && s == v->data)
			buf_put(out, s, v->len);
		else
			esc_csv(out, s, !cols[k].number);
		buf_putc(out, k + 1 < n || !eol ? ',' : '\n');
	}
}

/* One CSV line of row w. */
static void
csv_line(struct buf *out, const struct column *cols, size_t n,
    const struct row *w, struct buf *v)
{
	csv_fields(out, cols, n, w, v, 1);
}

/* The fields of row w as JSON members, "k":v,"k":v (no braces), after
 * a ',' unless first. */
static void
json_members(struct buf *out, const struct column *cols, size_t n,
    const struct row *w, struct buf *v, int first)
{
	size_t k;

	for (k = 0; k < n; k++) {
		const char *s;

		buf_reset(v);
		s = cols[k].value(w, v);
		/* Two appends a field: this runs for every field of the
		 * report-wide downloads, at every rebuild that changes them. */
		buf_put(out, cols[k].key + (k == 0 && first), cols[k].klen -
		    (k == 0 && first));
		if (*s == '\0')
			buf_put(out, "null", 4);
		else if (cols[k].number)	/* no '+' in JSON */
			buf_put(out, s + (*s == '+'), (s == v->data ? v->len :
			    strlen(s)) - (*s == '+'));
		else
			esc_json(out, s, s == v->data ? v->len : strlen(s));
	}
}

/* ---- which rows ---------------------------------------------------------- */

/* x against the key (year, e): by year, then (e not NONE) by entity. */
static int
prefix_cmp(const struct result *x, int year, size_t e)
{
	if (x->year != year)
		return x->year < year ? -1 : 1;
	if (e == NONE || x->entity == e)
		return 0;
	return x->entity < e ? -1 : 1;
}

/* The rows [*lo, *hi) of v (n, sorted) of year (0: all) and entity e. */
static void
span(const struct result *v, size_t n, int year, size_t e, size_t *lo,
    size_t *hi)
{
	size_t a = 0, b = n;

	if (year == 0) {
		*lo = 0;
		*hi = n;
		return;
	}
	while (a < b) {	/* the first not before the key */
		size_t mid = a + (b - a) / 2;

		if (prefix_cmp(&v[mid], year, e) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	b = n;
	while (a < b) {	/* the first after it */
		size_t mid = a + (b - a) / 2;

		if (prefix_cmp(&v[mid], year, e) <= 0)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = a;
}

typedef void row_fn(const struct report *r, const struct result *res,
    void *arg);

/* The rows of one year (0: all) and entity, results and not-released merged. */
static void
each_in(const struct report *r, int year, size_t e, size_t unit, row_fn *fn,
    void *arg)
{
	size_t i, ie, j, je;

	const struct result *x;

	span(r->results, r->nresults, year, e, &i, &ie);
	span(r->unreleased, r->nunreleased, year, e, &j, &je);
	while ((x = report_next_row(r, &i, ie, &j, je)) != NULL)
		if (unit == NONE || x->unit == unit)
			fn(r, x, arg);
}

/* Every row sel selects, in the order of results.csv. */
static void
each_row(const struct report *r, const struct rowsel *sel, row_fn *fn,
    void *arg)
{
	size_t y;

	if (sel == NULL)
		each_in(r, 0, NONE, NONE, fn, arg);
	else if (sel->year != 0 || sel->entity == NONE)
		each_in(r, sel->year, sel->entity, sel->entity == NONE ? NONE :
		    sel->unit, fn, arg);
	else	/* one entity, every year: a run of rows per year */
		for (y = 0; y < r->nyears; y++)
			each_in(r, r->years[y].year, sel->entity, sel->unit,
			    fn, arg);
}

/* ---- the files ----------------------------------------------------------- */

/* What the row writers share: the output, scratch space, a separator. */
struct out {
	struct buf	*b;	/* where the file goes */
	struct buf	 v;	/* a value being formatted */
	int		 first;	/* JSON: nothing written yet */
	download_put	*put;	/* NULL: the file is made whole in b; else
				   b's bytes are handed to put, a piece at
				   a time (render_download()) */
	void		*arg;	/* put's */
	int		 rc;	/* -1 once put failed */
	struct buf	 fixed;	/* each aspect's ASPECT_FIXED.. columns as
				   this file writes them */
	size_t		*fixed_at; /* per aspect: where in fixed (+ 1; 0:
				   not made yet) and how long */
};

#define OUT_INIT(b, put, arg) { (b), BUF_INIT, 1, (put), (arg), 0, BUF_INIT, \
	NULL }

static void
out_free(struct out *o)
{
	buf_free(&o->v);
	buf_free(&o->fixed);
	free(o->fixed_at);
}

/*
 * The columns of row w that depend on its aspect alone, as CSV fields or
 * (json) JSON members: made once per aspect and file, since every unit
 * repeats them in every year.
 */
static void
put_fixed(struct out *o, const struct row *w, int json)
{
	const struct column *cols = aspect_columns + ASPECT_FIXED;
	size_t a = w->aspect, from = o->fixed.len, *at;

	if (o->fixed_at == NULL)
		o->fixed_at = xcalloc(2 * w->r->naspects, sizeof *o->fixed_at);
	at = &o->fixed_at[2 * a];
	if (at[0] == 0) {
		if (json)
			json_members(&o->fixed, cols, ASPECT_VALUE -
			    ASPECT_FIXED, w, &o->v, 1);
		else
			csv_fields(&o->fixed, cols, ASPECT_VALUE -
			    ASPECT_FIXED, w, &o->v, 0);
		at[0] = from + 1;
		at[1] = o->fixed.len - from;
	}
	buf_put(o->b, o->fixed.data + at[0] - 1, at[1]);
}

/* After a row: with put, hand on b once it holds a piece (all, at the end). */
static void
piece(struct out *o, int end)
{
	if (o->put == NULL || (!end && o->b->len < DOWNLOAD_PIECE))
		return;
	if (o->rc == 0 && o->b->len > 0 && o->put(o->arg, o->b->data,
	    o->b->len) != 0)
		o->rc = -1;
	buf_reset(o->b);
}

static void
results_line(const struct report *r, const struct result *res, void *arg)
{
	struct out *o = arg;
	struct row w;

	row_of(r, res, &w);
	csv_line(o->b, columns, NCOLUMNS, &w, &o->v);
	piece(o, 0);
}

static void
results_csv(const struct report *r, struct out *o, const struct rowsel *sel,
    enum download_part part)
{
	if (part == PART_WHOLE || part == PART_HEAD)
		csv_header(o->b, columns, NCOLUMNS);
	if (part == PART_WHOLE || part == PART_ROWS)
		each_row(r, sel, results_line, o);
}

void
render_results_csv(const struct report *r, struct buf *out,
    const struct rowsel *sel)
{
	struct out o = OUT_INIT(out, NULL, NULL);

	results_csv(r, &o, sel, PART_WHOLE);
	out_free(&o);
}

/* Call fn for each aspect value of a unit's row, in aspects.csv's order. */
static void
each_aspect(const struct report *r, const struct result *res,
    void (*fn)(struct out *, const struct row *), struct out *o)
{
	const struct year *y;
	struct row w;
	size_t k;

	if (res->unit == NONE || res->row == NONE)
		return;
	y = &r->years[report_year(r, res->year)];
	row_of(r, res, &w);
	for (k = 0; k < y->naspects; k++) {
		w.aspect = y->aspects[k];
		if (r->scores[res->row].has_value[w.aspect])
			fn(o, &w);
	}
}

static void
aspect_line(struct out *o, const struct row *w)
{
	csv_fields(o->b, aspect_columns, ASPECT_FIXED, w, &o->v, 0);
	put_fixed(o, w, 0);
	csv_line(o->b, aspect_columns + ASPECT_VALUE, 1, w, &o->v);
}

static void
aspects_of(const struct report *r, const struct result *res, void *arg)
{
	each_aspect(r, res, aspect_line, arg);
	piece(arg, 0);
}

static void
aspects_csv(const struct report *r, struct out *o)
{
	csv_header(o->b, aspect_columns, NASPECT_COLUMNS);
	each_row(r, NULL, aspects_of, o);
}

void
render_aspects_csv(const struct report *r, struct buf *out)
{
	struct out o = OUT_INIT(out, NULL, NULL);

	aspects_csv(r, &o);
	out_free(&o);
}

static void
aspect_object(struct out *o, const struct row *w)
{
	buf_puts(o->b, o->first ? "{" : ",{");
	o->first = 0;
	put_fixed(o, w, 1);
	json_members(o->b, aspect_columns + ASPECT_VALUE, 1, w, &o->v, 0);
	buf_putc(o->b, '}');
}

static void
results_object(const struct report *r, const struct result *res, void *arg)
{
	struct out *o = arg;
	struct row w;

	row_of(r, res, &w);
	buf_puts(o->b, o->first ? "\n{" : ",\n{");
	json_members(o->b, columns, NCOLUMNS, &w, &o->v, 1);
	buf_puts(o->b, ",\"aspects\":[");
	o->first = 1;
	each_aspect(r, res, aspect_object, o);
	buf_puts(o->b, "]}");
	o->first = 0;
	piece(o, 0);
}

/* A JSON member "key":"text". */
static void
json_str(struct buf *out, const char *key, const char *s)
{
	buf_printf(out, "\"%s\":", key);
	esc_json(out, s, strlen(s));
}

/*
 * What a reader needs besides the rows to recompute them: the scoring
 * rules, the zones, and the categories of the years shown (year 0: all).
 */
static void
json_scheme(const struct report *r, struct buf *out, int year)
{
	const struct site *st = &r->site;
	size_t i, k;
	int first = 1;

	buf_printf(out, "{\"decimals\":%d,", st->decimals);
	json_str(out, "rounding", st->rounding == ROUND_TRUNCATE ?
	    "truncate" : "half-up");
	buf_putc(out, ',');
	json_str(out, "unit", st->unit_rule == UNIT_SUM ? "sum" :
	    "weighted-mean");
	buf_puts(out, ",\"scale_min\":");
	dec_format_plain(out, st->scale_min);
	buf_puts(out, ",\"scale_max\":");
	dec_format_plain(out, st->scale_max);
	buf_puts(out, ",\"zones\":[");
	for (i = 0; i < r->nzones; i++) {
		buf_puts(out, i ? ",{" : "{");
		json_str(out, "id", r->zones[i].id);
		buf_putc(out, ',');
		json_str(out, "name", r->zones[i].name);
		buf_putc(out, ',');
		json_str(out, "color", r->zones[i].color);
		buf_putc(out, '}');
	}
	buf_puts(out, "],\"categories\":[");
	for (i = 0; i < r->nyears; i++) {
		const struct year *y = &r->years[i];

		if (year != 0 && y->year != year)
			continue;
		for (k = 0; k < y->ncats; k++) {
			const struct category *c = &r->categories[y->cats[k]];

			buf_printf(out, "%s\n{\"year\":%d,", first ? "" : ",",
			    y->year);
			first = 0;
			json_str(out, "code", c->code);
			buf_putc(out, ',');
			json_str(out, "name", c->name);
			buf_puts(out, ",\"min\":");
			dec_format_plain(out, c->min);
			buf_putc(out, ',');
			json_str(out, "zone", r->zones[c->zone].id);
			buf_putc(out, '}');
		}
	}
	buf_puts(out, "],");
}

void
render_revisions_csv(const struct report *r, struct buf *out)
{
	struct buf v = BUF_INIT;
	struct row w;
	size_t i;

	csv_header(out, revision_columns, NREVISION_COLUMNS);
	memset(&w, 0, sizeof w);
	w.r = r;
	for (i = 0; i < r->nrevisions; i++) {
		w.rev = &r->revisions[i];
		w.old = revision_old(r, w.rev);
		w.now = revision_new(r, w.rev);
		w.any = w.now ? w.now : w.old;
		csv_line(out, revision_columns, NREVISION_COLUMNS, &w, &v);
	}
	buf_free(&v);
}

static void
results_json(const struct report *r, struct out *o, const struct rowsel *sel,
    enum download_part part)
{
	if (part == PART_WHOLE || part == PART_HEAD) {
		json_scheme(r, o->b, sel ? sel->year : 0);
		buf_puts(o->b, "\"results\":[");
	}
	if (part == PART_WHOLE || part == PART_ROWS)
		each_row(r, sel, results_object, o);
	if (part == PART_WHOLE || part == PART_TAIL)
		buf_puts(o->b, "\n]}\n");
}

void
render_results_json(const struct report *r, struct buf *out,
    const struct rowsel *sel)
{
	struct out o = OUT_INIT(out, NULL, NULL);

	results_json(r, &o, sel, PART_WHOLE);
	out_free(&o);
}

int
render_download(const struct report *r, enum download what,
    const struct rowsel *sel, struct buf *b, download_put *put, void *arg)
{
	return render_download_part(r, what, PART_WHOLE, sel, b, put, arg);
}

int
render_download_part(const struct report *r, enum download what,
    enum download_part part, const struct rowsel *sel, struct buf *b,
    download_put *put, void *arg)
{
	struct out o = OUT_INIT(b, put, arg);

	buf_reset(b);
	switch (what) {
	case DOWNLOAD_RESULTS_CSV:
		results_csv(r, &o, sel, part);
		break;
	case DOWNLOAD_RESULTS_JSON:
		results_json(r, &o, sel, part);
		break;
	default:
		aspects_csv(r, &o);
		break;
	}
	piece(&o, 1);
	out_free(&o);
	return o.rc;
}
