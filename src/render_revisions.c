/*
 * Render stage, releases and corrections (content-format.md section 6):
 * the revision log page, and the notice on a body's or unit's page whose
 * figures a later release changed.  Everything shown comes from the
 * report's releases and revisions (revisions.c) and the release notes of
 * the docset; nothing here reads a file.
 */
#include <string.h>

#include "buf.h"
#include "render_data.h"
#include "render_impl.h"
#include "revisions.h"
#include "xalloc.h"

/* "2024-01-18" of yyyymmdd, the id of its section on the log. */
static void
iso_date(char *out, size_t size, int ymd)
{
	snprintf(out, size, "%04d-%02d-%02d", ymd / 10000, ymd / 100 % 100,
	    ymd % 100);
}

/* The date of release i in the site's language: "18 Januari 2024". */
static struct value *
v_date(const struct rctx *c, size_t i)
{
	struct buf b = BUF_INIT;
	struct value *v;

	i18n_date(&b, c->t, c->r->releases[i].date);
	v = v_strn(buf_str(&b), b.len);
	buf_free(&b);
	return v;
}

/* The log's section of release i (NONE: the changes not yet released). */
static void
log_url(struct buf *b, const struct rctx *c, size_t i)
{
	char iso[16];

	buf_printf(b, "%sdata/revisions/index.html#", c->root);
	if (i == NONE)
		buf_puts(b, "pending");
	else {
		iso_date(iso, sizeof iso, c->r->releases[i].date);
		buf_printf(b, "release-%s", iso);
	}
}

/* The zone id's shown name, or the id itself when the zones lack it. */
static const char *
zone_name(const struct report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nzones; i++)
		if (strcmp(r->zones[i].id, id) == 0)
			return r->zones[i].name;
	return id;
}

/*
 * A figure as the pages show it: "85,73", with its category and zone
 * when with_cz ("85,73 (B, Zona Hijau)"), "tidak dirilis" without a
 * score; false for a row that is not there.
 */
static struct value *
v_figure(const struct rctx *c, const struct release_row *w, int with_cz)
{
	struct buf b = BUF_INIT;
	const char *p;
	struct value *v;

	if (w == NULL)
		return v_bool(0);
	if (!w->has_score)
		buf_puts(&b, i18n_get(c->t, "no_score"));
	for (p = w->score_text; w->has_score && *p; p++)
		buf_putc(&b, *p == '.' ? c->t->sep : *p);
	if (with_cz && w->has_score && ((w->category && w->category[0]) ||
	    (w->zone && w->zone[0]))) {
		buf_puts(&b, " (");
		if (w->category && w->category[0])
			buf_puts(&b, w->category);
		if (w->category && w->category[0] && w->zone && w->zone[0])
			buf_puts(&b, ", ");
		if (w->zone && w->zone[0])
			buf_puts(&b, zone_name(c->r, w->zone));
		buf_putc(&b, ')');
	}
	v = v_strn(buf_str(&b), b.len);
	buf_free(&b);
	return v;
}

/* Nonzero when the category or zone of two rows differ (when both say). */
static int
cz_changed(const struct release_row *a, const struct release_row *b)
{
	if (a == NULL || b == NULL)
		return 1;
	return (a->category && b->category && strcmp(a->category,
	    b->category) != 0) || (a->zone && b->zone && strcmp(a->zone,
	    b->zone) != 0);
}

/* The fields of one change: what, how, old and new figure. */
static struct value *
change_value(const struct rctx *c, const struct revision *v)
{
	static const char *const words[] = { "change_added", "change_removed",
	    "change_corrected" };
	const struct release_row *a = revision_old(c->r, v);
	const struct release_row *n = revision_new(c->r, v);
	const struct release_row *w = n ? n : a;
	int cz = cz_changed(a, n);
	struct value *m = v_map();
	struct buf b = BUF_INIT;

	v_set_strf(m, "year", "%d", w->year);
	/* Names as the current data has them, else as published. */
	v_set_str(m, "entity", v->entity != NONE ?
	    c->r->entities[v->entity].name : w->entity_name[0] ?
	    w->entity_name : w->entity);
	if (v->is_unit)
		v_set_str(m, "unit", v->unit != NONE ?
		    c->r->units[v->unit].name : w->unit_name[0] ?
		    w->unit_name : w->unit);
	else
		v_set_bool(m, "unit", 0);
	/* "Dinas Sosial, Kota Cilegon 2023" or "Kota Cilegon 2023". */
	if (v->is_unit)
		set_fmt(m, "label", c, "unit_in_year", "name",
		    v_get(m, "unit")->u.str.s, "entity",
		    v_get(m, "entity")->u.str.s, "year",
		    v_get(m, "year")->u.str.s);
	else
		set_fmt(m, "label", c, "entity_in_year", "name",
		    v_get(m, "entity")->u.str.s, "year",
		    v_get(m, "year")->u.str.s, NULL, NULL);
	v_set_str(m, "change", i18n_get(c->t, words[v->change]));
	v_set(m, "old", v_figure(c, a, cz));
	v_set(m, "new", v_figure(c, n, cz));
	/* A link to the figure's page, where it still has one. */
	if (v->entity != NONE && (!v->is_unit || v->unit != NONE) &&
	    (find_result(c->r, w->year, v->entity, v->unit) != NONE)) {
		if (v->is_unit)
			url_unit_year(&b, c, w->year, v->unit);
		else
			url_entity_year(&b, c, w->year, v->entity);
		v_set_str(m, "url", buf_str(&b));
	} else
		v_set_bool(m, "url", 0);
	buf_free(&b);
	return m;
}

/*
 * Set "notices" (and has_notices) on m: what later releases, and the
 * data not yet released, changed in the figures of entity e in year (all
 * years: 0, then only the entity's own rows), of its own row and its
 * units (unit NONE, own 0), of its own row only (own 1), or of one unit.
 * The original publication changes nothing, so it has no notice.
 * reads: the revisions of those rows and the dates of their releases
 */
void
revision_notices(const struct rctx *c, struct value *m, int year, size_t e,
    size_t unit, int own)
{
	const struct report *r = c->r;
	struct value *list = v_list();
	size_t k, lo = 0, hi = r->nrevisions;

	/* Every year: also the years the current data no longer has. */
	if (year != 0)
		revisions_of(r, year, e, &lo, &hi);
	for (k = lo; k < hi; k++) {
		const struct revision *v = &r->revisions[r->rev_by_row[k]];
		struct value *x;
		struct buf b = BUF_INIT;

		if (v->entity != e || (own && v->is_unit) || (unit != NONE &&
		    (!v->is_unit || v->unit != unit)))
			continue;
		x = change_value(c, v);
		if (v->release == NONE) {
			v_set_str(x, "when", i18n_get(c->t, "pending"));
			v_set_bool(x, "pending", 1);
		} else
			v_set(x, "when", v_date(c, v->release));
		log_url(&b, c, v->release);
		v_set_str(x, "log_url", buf_str(&b));
		buf_free(&b);
		v_push(list, x);
	}
	v_set_bool(m, "has_notices", list->u.list.n > 0);
	v_set(m, "notices", list);
}

/* The changes of release i (NONE: not yet released) as table rows. */
static struct value *
changes_of(const struct rctx *c, size_t i)
{
	struct value *rows = v_list();
	size_t k;

	for (k = 0; k < c->r->nrevisions; k++)
		if (c->r->revisions[k].release == i)
			v_push(rows, change_value(c, &c->r->revisions[k]));
	return rows;
}

/* One release's section of the log. */
static struct value *
release_value(const struct rctx *c, size_t i)
{
	const struct report *r = c->r;
	const struct release *rel = &r->releases[i];
	const struct doc *note;
	struct value *m = v_map(), *date = v_date(c, i), *rows;
	char iso[16], n[32];

	iso_date(iso, sizeof iso, rel->date);
	v_set_strf(m, "id", "release-%s", iso);
	v_set_str(m, "iso", iso);
	set_fmt(m, "heading", c, "release_heading", "date", date->u.str.s,
	    NULL, NULL, NULL, NULL);
	value_free(date);
	note = docs_find(c->ds, DOC_RELEASE, 0, NONE, NONE, iso);
	if (note) {
		struct buf b = BUF_INIT;

		/* cmark's safe renderer made this HTML. */
		docs_html_for_page(&b, note, c->root);
		v_set_str(m, "note_html", buf_str(&b));
		buf_free(&b);
		if (note->title)
			v_set_str(m, "note_title", note->title);
	}
	rows = changes_of(c, i);
	if (i == 0) {
		snprintf(n, sizeof n, "%zu", rel->nrows);
		set_fmt(m, "summary", c, "release_first", "n", n, NULL, NULL,
		    NULL, NULL);
	} else {
		struct value *prev = v_date(c, i - 1);

		snprintf(n, sizeof n, "%zu", rows->u.list.n);
		set_fmt(m, "summary", c, rows->u.list.n ? "release_changes" :
		    "release_same", "n", n, "prev", prev->u.str.s, NULL,
		    NULL);
		value_free(prev);
	}
	set_fmt(m, "changes_label", c, "changes_of", "release",
	    v_get(m, "heading")->u.str.s, NULL, NULL, NULL, NULL);
	v_set_bool(m, "has_changes", rows->u.list.n > 0);
	v_set(m, "changes", rows);
	v_set_strf(m, "csv_url", "%sdata/releases/%s.csv", c->root, iso);
	return m;
}

/*
 * The revision log: the changes not yet released, then each release,
 * newest first, with its date, note, changes and download.
 * reads: the releases (dates, row counts), every revision, the release
 * notes of the docset
 */
void
fill_revisions(const struct rctx *c, struct value *ctx)
{
	const struct report *r = c->r;
	struct value *m = v_map(), *list = v_list();
	size_t i;

	if (r->npending) {
		struct value *pend = v_map(), *date = v_date(c,
		    r->nreleases - 1);
		char n[32];

		snprintf(n, sizeof n, "%zu", r->npending);
		set_fmt(pend, "about", c, "pending_about", "date",
		    date->u.str.s, "n", n, NULL, NULL);
		value_free(date);
		v_set(pend, "changes", changes_of(c, NONE));
		set_fmt(pend, "changes_label", c, "changes_of", "release",
		    i18n_get(c->t, "pending"), NULL, NULL, NULL, NULL);
		v_set(m, "pending", pend);
	} else
		v_set_bool(m, "pending", 0);
	for (i = r->nreleases; i-- > 0; )
		v_push(list, release_value(c, i));
	v_set(m, "releases", list);
	v_set_strf(m, "csv_url", "%sdata/revisions.csv", c->root);
	v_set(ctx, "rv", m);
}
