/* Interface strings: see include/i18n.h. */
#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "load.h"
#include "util.h"
#include "xalloc.h"

/* Keys the C code formats itself; templates' own keys are not checked. */
static const char *const required_keys[] = {
	"decimal_sep", "months", "rank_of", "mean_differs", "scheme_changed",
	"source_published", "source_mean", "source_given", "source_computed",
	"entity_in_year", "unit_in_year", "history_of", "ranking",
	"change_from", "view_year", "download_year", "footer", "bodies_count",
	"home", "downloads", "page_not_found", "no_score", "not_assessed", "overall",
	"mean_note", "rank_kind", "rank_parent", "rank_units", "chart_total",
	"chart_scale", "chart_category", "chart_units", "chart_history",
	"chart_aspects", "chart_zones", "chart_scores", "year", "locale",
	"scheme_break", "download_all", "col_year", "col_entity",
	"col_entity_name", "col_kind", "col_parent", "col_unit",
	"col_unit_name", "col_score", "col_source", "col_category",
	"col_category_name", "col_zone", "col_rank", "col_rank_of",
	"col_parent_rank", "col_parent_rank_of", "col_change",
	"columns_of", "download_aspects", "col_aspect", "col_aspect_name",
	"col_weight", "col_value", "revisions", "release_heading",
	"release_first", "release_changes", "release_same", "pending",
	"pending_about", "change_added", "change_removed", "change_corrected",
	"download_revisions", "feed_release", "changes_of", "rcol_release", "rcol_year",
	"rcol_entity", "rcol_entity_name", "rcol_unit", "rcol_unit_name",
	"rcol_change", "rcol_old_score", "rcol_new_score", "rcol_old_category",
	"rcol_new_category", "rcol_old_zone", "rcol_new_zone"
};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct i18n_entry *)a)->key,
	    ((const struct i18n_entry *)b)->key);
}

/* The strings of the len bytes at text into t, each key once. */
static void
read_strings(struct i18n *t, const char *path, const char *text, size_t len,
    struct diags *d)
{
	struct ini_reader r;
	struct ini_line l;
	unsigned *lines = NULL;
	size_t cap = 0, i;

	ini_start(&r, path, text, len, 0, d);
	while (ini_next(&r, &l)) {
		struct i18n_entry *e;

		/* Which of two would win is not defined: the office chooses. */
		for (i = 0; i < t->n; i++)
			if (strlen(t->v[i].key) == l.nlen &&
			    memcmp(t->v[i].key, l.name, l.nlen) == 0)
				break;
		if (i < t->n) {
			diag(d, DIAG_ERROR, path, l.line, l.col, "string '%s' "
			    "is already defined on line %u", t->v[i].key,
			    lines[i]);
			continue;
		}
		XGROW(&t->v, &t->n, &cap);
		lines = xreallocarray(lines, cap, sizeof *lines);
		lines[t->n] = l.line;
		e = &t->v[t->n++];
		e->key = xstrndup(l.name, l.nlen);
		e->val = xstrndup(l.val, l.vlen);
	}
	free(lines);
}

/*
 * t->months from the blank-separated names of key months.  Twelve are
 * needed, which is reported only when nothing else was (report
 * nonzero): a missing key was named already.
 */
static void
read_months(struct i18n *t, const char *path, int report, struct diags *d)
{
	const char *m = i18n_get(t, "months");
	int k;

	for (k = 0; k < 12; k++) {
		const char *s;

		while (*m == ' ')
			m++;
		s = m;
		while (*m && *m != ' ')
			m++;
		t->months[k] = xstrndup(s, (size_t)(m - s));
		if (s == m && report) {
			diag(d, DIAG_ERROR, path, 0, 0, "'months' needs "
			    "twelve names");
			report = 0;
		}
	}
}

int
i18n_load(struct i18n *t, const char *path, struct diags *d)
{
	char *text = NULL;
	size_t len, i, before = d->errors;
	int rc;

	memset(t, 0, sizeof *t);
	if ((rc = file_read(path, NULL, 1 << 20, &text, &len, d)) != 0) {
		if (rc == 1)
			diag_sys(d, path, "cannot read", ENOENT);
		return -1;
	}
	read_strings(t, path, text, len, d);
	free(text);
	if (t->n)
		qsort(t->v, t->n, sizeof *t->v, entry_cmp);
	for (i = 0; i < sizeof required_keys / sizeof required_keys[0]; i++)
		if (i18n_get(t, required_keys[i])[0] == '\0')
			diag(d, DIAG_ERROR, path, 0, 0, "string '%s' is "
			    "missing", required_keys[i]);
	t->sep = i18n_get(t, "decimal_sep")[0] == ',' ? ',' : '.';
	read_months(t, path, d->errors == before, d);
	return d->errors == before ? 0 : -1;
}

const char *
i18n_get(const struct i18n *t, const char *key)
{
	struct i18n_entry k = { (char *)key, NULL }, *e;

	if (t->n == 0)
		return "";
	e = bsearch(&k, t->v, t->n, sizeof *t->v, entry_cmp);
	return e ? e->val : "";
}

void
i18n_fmt(struct buf *b, const struct i18n *t, const char *key, ...)
{
	const char *s = i18n_get(t, key);

	while (*s) {
		const char *open = strchr(s, '{'), *close;
		va_list ap;
		const char *name, *val = NULL;

		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			buf_puts(b, s);
			return;
		}
		buf_put(b, s, (size_t)(open - s));
		va_start(ap, key);
		while ((name = va_arg(ap, const char *)) != NULL) {
			const char *v = va_arg(ap, const char *);

			if (strlen(name) == (size_t)(close - open - 1) &&
			    strncmp(name, open + 1, strlen(name)) == 0) {
				val = v;
				break;
			}
		}
		va_end(ap);
		if (val)
			buf_puts(b, val);
		else
			buf_put(b, open, (size_t)(close - open + 1));
		s = close + 1;
	}
}

struct value *
i18n_value(const struct i18n *t)
{
	struct value *m = v_map();
	size_t i;

	for (i = 0; i < t->n; i++)
		v_set_str(m, t->v[i].key, t->v[i].val);
	return m;
}

void
i18n_date(struct buf *b, const struct i18n *t, int ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;

	if (m < 1 || m > 12)
		return;
	buf_printf(b, "%d %s %d", d, t->months[m - 1], y);
}

void
i18n_free(struct i18n *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].key);
		free(t->v[i].val);
	}
	free(t->v);
	for (i = 0; i < 12; i++)
		free(t->months[i]);
	memset(t, 0, sizeof *t);
}
