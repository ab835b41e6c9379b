/* Render stage, data downloads: see include/render_data.h. */
#include "render_data.h"

#include <string.h>

#include "escape.h"

const char *
source_name(enum source s)
{
	switch (s) {
	case SRC_PUBLISHED: return "published";
	case SRC_MEAN: return "mean";
	case SRC_GIVEN: return "given";
	default: return "computed";
	}
}

/* One result being written, with what its columns look up. */
struct row {
	const struct report	*r;	/* the report */
	const struct result	*res;	/* the result */
	const struct entity	*e;	/* its entity */
	const struct category	*c;	/* its category, or NULL */
};

/*
 * The value of a column for row w: a string that lives as long as the
 * report, or one written into the empty buffer b.  "" means no value.
 */
typedef const char *column_value(const struct row *w, struct buf *b);

static const char *
col_year(const struct row *w, struct buf *b)
{
	buf_printf(b, "%d", w->res->year);
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

static const char *
col_score(const struct row *w, struct buf *b)
{
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
	buf_printf(b, "%u", w->res->rank);
	return buf_str(b);
}

static const char *
col_rank_of(const struct row *w, struct buf *b)
{
	buf_printf(b, "%u", w->res->rank_of);
	return buf_str(b);
}

static const char *
col_parent_rank(const struct row *w, struct buf *b)
{
	if (w->res->parent_rank_of)
		buf_printf(b, "%u", w->res->parent_rank);
	return buf_str(b);
}

static const char *
col_parent_rank_of(const struct row *w, struct buf *b)
{
	if (w->res->parent_rank_of)
		buf_printf(b, "%u", w->res->parent_rank_of);
	return buf_str(b);
}

static const char *
col_change(const struct row *w, struct buf *b)
{
	if (w->res->has_change)
		dec_format(b, w->res->change, w->r->site.decimals, '.', 1);
	return buf_str(b);
}

/*
 * The columns of data/results.csv, in order, which are also the fields
 * of each object of data/results.json: adding one here adds it to both.
 */
static const struct column {
	const char	*name;	/* CSV header and JSON key */
	int		 number; /* a number: never defused in CSV, a JSON
				   number (without a '+') */
	column_value	*value;	/* how to get it */
} columns[] = {
	{ "year", 1, col_year },
	{ "entity", 0, col_entity },
	{ "entity_name", 0, col_entity_name },
	{ "kind", 0, col_kind },
	{ "parent", 0, col_parent },
	{ "unit", 0, col_unit },
	{ "unit_name", 0, col_unit_name },
	{ "score", 1, col_score },
	{ "source", 0, col_source },
	{ "category", 0, col_category },
	{ "category_name", 0, col_category_name },
	{ "zone", 0, col_zone },
	{ "rank", 1, col_rank },
	{ "rank_of", 1, col_rank_of },
	{ "parent_rank", 1, col_parent_rank },
	{ "parent_rank_of", 1, col_parent_rank_of },
	{ "change", 1, col_change },
};

#define NCOLUMNS (sizeof columns / sizeof columns[0])

static void
row_of(const struct report *r, const struct result *res, struct row *w)
{
	w->r = r;
	w->res = res;
	w->e = &r->entities[res->entity];
	w->c = res->category == NONE ? NULL : &r->categories[res->category];
}

void
render_results_csv(const struct report *r, struct buf *out,
    int (*keep)(const struct result *, const void *), const void *arg)
{
	struct buf v = BUF_INIT;
	struct row w;
	size_t i, k;

	for (k = 0; k < NCOLUMNS; k++) {
		buf_puts(out, columns[k].name);
		buf_putc(out, k + 1 < NCOLUMNS ? ',' : '\n');
	}
	for (i = 0; i < r->nresults; i++) {
		if (keep && !keep(&r->results[i], arg))
			continue;
		row_of(r, &r->results[i], &w);
		for (k = 0; k < NCOLUMNS; k++) {
			buf_reset(&v);
			esc_csv(out, columns[k].value(&w, &v),
			    !columns[k].number);
			buf_putc(out, k + 1 < NCOLUMNS ? ',' : '\n');
		}
	}
	buf_free(&v);
}

void
render_results_json(const struct report *r, struct buf *out,
    int (*keep)(const struct result *, const void *), const void *arg)
{
	struct buf v = BUF_INIT;
	struct row w;
	size_t i, k;
	int first = 1;

	buf_printf(out, "{\"decimals\":%d,\"results\":[", r->site.decimals);
	for (i = 0; i < r->nresults; i++) {
		if (keep && !keep(&r->results[i], arg))
			continue;
		row_of(r, &r->results[i], &w);
		buf_puts(out, first ? "\n{" : ",\n{");
		first = 0;
		for (k = 0; k < NCOLUMNS; k++) {
			const char *s;

			buf_reset(&v);
			s = columns[k].value(&w, &v);
			buf_printf(out, "\"%s\":", columns[k].name);
			if (*s == '\0')
				buf_puts(out, "null");
			else if (columns[k].number)	/* no '+' in JSON */
				buf_puts(out, *s == '+' ? s + 1 : s);
			else
				esc_json(out, s, strlen(s));
			if (k + 1 < NCOLUMNS)
				buf_putc(out, ',');
		}
		buf_putc(out, '}');
	}
	buf_puts(out, "\n]}\n");
	buf_free(&v);
}
