/* Render stage, data downloads: see include/render_data.h. */
#include "render_data.h"

#include <string.h>

#include "escape.h"

const char results_csv_header[] = "year,entity,entity_name,kind,parent,"
    "unit,unit_name,score,source,category,category_name,zone,rank,rank_of,"
    "parent_rank,parent_rank_of,change\n";

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

/* The fields of one result as strings; empty string means "no value". */
struct fields {
	struct buf	 year, score, rank, rank_of, prank, prank_of, change;
	const char	*entity, *entity_name, *kind, *parent, *unit,
			*unit_name, *source, *category, *category_name, *zone;
};

static void
fields_fill(const struct report *r, const struct result *res,
    struct fields *f)
{
	const struct entity *e = &r->entities[res->entity];
	const struct category *c = res->category == NONE ? NULL :
	    &r->categories[res->category];
	int dp = r->site.decimals;

	memset(f, 0, sizeof *f);
	buf_printf(&f->year, "%d", res->year);
	dec_format(&f->score, res->score, dp, '.', 0);
	buf_printf(&f->rank, "%u", res->rank);
	buf_printf(&f->rank_of, "%u", res->rank_of);
	if (res->parent_rank_of) {
		buf_printf(&f->prank, "%u", res->parent_rank);
		buf_printf(&f->prank_of, "%u", res->parent_rank_of);
	}
	if (res->has_change)
		dec_format(&f->change, res->change, dp, '.', 1);
	f->entity = e->id;
	f->entity_name = e->name;
	/* Unit rows carry their entity's kind, so filtering by kind keeps them. */
	f->kind = e->kind;
	f->parent = e->parent != NONE ? r->entities[e->parent].id : "";
	f->unit = res->unit != NONE ? r->units[res->unit].id : "";
	f->unit_name = res->unit != NONE ? r->units[res->unit].name : "";
	f->source = source_name(res->source);
	f->category = c ? c->code : "";
	f->category_name = c ? c->name : "";
	f->zone = res->zone != NONE ? r->zones[res->zone].id : "";
}

static void
fields_free(struct fields *f)
{
	buf_free(&f->year);
	buf_free(&f->score);
	buf_free(&f->rank);
	buf_free(&f->rank_of);
	buf_free(&f->prank);
	buf_free(&f->prank_of);
	buf_free(&f->change);
}

void
render_results_csv(const struct report *r, struct buf *out,
    int (*keep)(const struct result *, const void *), const void *arg)
{
	size_t i;

	buf_puts(out, results_csv_header);
	for (i = 0; i < r->nresults; i++) {
		struct fields f;

		if (keep && !keep(&r->results[i], arg))
			continue;
		fields_fill(r, &r->results[i], &f);
		esc_csv(out, buf_str(&f.year), 0);
		buf_putc(out, ',');
		esc_csv(out, f.entity, 1);
		buf_putc(out, ',');
		esc_csv(out, f.entity_name, 1);
		buf_putc(out, ',');
		esc_csv(out, f.kind, 1);
		buf_putc(out, ',');
		esc_csv(out, f.parent, 1);
		buf_putc(out, ',');
		esc_csv(out, f.unit, 1);
		buf_putc(out, ',');
		esc_csv(out, f.unit_name, 1);
		buf_putc(out, ',');
		esc_csv(out, buf_str(&f.score), 0);
		buf_putc(out, ',');
		esc_csv(out, f.source, 1);
		buf_putc(out, ',');
		esc_csv(out, f.category, 1);
		buf_putc(out, ',');
		esc_csv(out, f.category_name, 1);
		buf_putc(out, ',');
		esc_csv(out, f.zone, 1);
		buf_putc(out, ',');
		esc_csv(out, buf_str(&f.rank), 0);
		buf_putc(out, ',');
		esc_csv(out, buf_str(&f.rank_of), 0);
		buf_putc(out, ',');
		esc_csv(out, buf_str(&f.prank), 0);
		buf_putc(out, ',');
		esc_csv(out, buf_str(&f.prank_of), 0);
		buf_putc(out, ',');
		esc_csv(out, buf_str(&f.change), 0);
		buf_putc(out, '\n');
		fields_free(&f);
	}
}

static void
json_str(struct buf *out, const char *key, const char *v, int comma)
{
	buf_printf(out, "\"%s\":", key);
	if (*v)
		esc_json(out, v, strlen(v));
	else
		buf_puts(out, "null");
	if (comma)
		buf_putc(out, ',');
}

static void
json_num(struct buf *out, const char *key, const struct buf *v, int comma)
{
	const char *s = buf_str(v);

	/* JSON numbers have no '+': the sign lives in the CSV only. */
	buf_printf(out, "\"%s\":%s", key, *s ? (*s == '+' ? s + 1 : s) :
	    "null");
	if (comma)
		buf_putc(out, ',');
}

void
render_results_json(const struct report *r, struct buf *out,
    int (*keep)(const struct result *, const void *), const void *arg)
{
	size_t i;
	int first = 1;

	buf_printf(out, "{\"decimals\":%d,\"results\":[", r->site.decimals);
	for (i = 0; i < r->nresults; i++) {
		struct fields f;

		if (keep && !keep(&r->results[i], arg))
			continue;
		fields_fill(r, &r->results[i], &f);
		buf_puts(out, first ? "\n{" : ",\n{");
		first = 0;
		json_num(out, "year", &f.year, 1);
		json_str(out, "entity", f.entity, 1);
		json_str(out, "entity_name", f.entity_name, 1);
		json_str(out, "kind", f.kind, 1);
		json_str(out, "parent", f.parent, 1);
		json_str(out, "unit", f.unit, 1);
		json_str(out, "unit_name", f.unit_name, 1);
		json_num(out, "score", &f.score, 1);
		json_str(out, "source", f.source, 1);
		json_str(out, "category", f.category, 1);
		json_str(out, "category_name", f.category_name, 1);
		json_str(out, "zone", f.zone, 1);
		json_num(out, "rank", &f.rank, 1);
		json_num(out, "rank_of", &f.rank_of, 1);
		json_num(out, "parent_rank", &f.prank, 1);
		json_num(out, "parent_rank_of", &f.prank_of, 1);
		json_num(out, "change", &f.change, 0);
		buf_putc(out, '}');
		fields_free(&f);
	}
	buf_puts(out, "\n]}\n");
}
