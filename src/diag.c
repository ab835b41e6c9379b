/* Collected diagnostics: see include/diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

static void
record(struct diags *d, enum diag_level level, const char *file,
    unsigned line, unsigned col, char *msg)
{
	struct diag_entry *e;

	XGROW(&d->v, &d->n, &d->cap);
	e = &d->v[d->n++];
	e->level = level;
	e->file = xstrdup(file);
	e->line = line;
	e->col = line ? (col ? col : 1) : 0;
	e->msg = msg;
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	else
		d->system++;
}

void
diag(struct diags *d, enum diag_level level, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	record(d, level, file, line, col, buf_detach(&b));
}

void
diag_sys(struct diags *d, const char *path, const char *what, int errnum)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s: %s", what, strerror(errnum));
	record(d, DIAG_SYSTEM, path, 0, 0, buf_detach(&b));
}

static void
print_one(const struct diag_entry *e, FILE *out)
{
	const char *lv = e->level == DIAG_WARNING ? "warning" : "error";

	if (e->line)
		fprintf(out, "%s:%u:%u: %s: %s\n", e->file, e->line, e->col, lv,
		    e->msg);
	else
		fprintf(out, "%s: %s: %s\n", e->file, lv, e->msg);
}

void
diag_print(const struct diags *d, FILE *out)
{
	size_t i, shown = 0, err_left = d->errors + d->system;
	size_t warn_left = d->warnings;
	int pass;

	/*
	 * Errors first, so that a flood of warnings never hides the error
	 * that stops the build; each pass keeps the order of discovery.
	 */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < d->n && shown < DIAG_PRINT_CAP; i++) {
			const struct diag_entry *e = &d->v[i];

			if ((e->level == DIAG_WARNING) != pass)
				continue;
			print_one(e, out);
			shown++;
			if (pass)
				warn_left--;
			else
				err_left--;
		}
	if (err_left + warn_left)
		fprintf(out, "rapor: %zu more errors and %zu more warnings not "
		    "shown\n", err_left, warn_left);
}

int
diag_status(const struct diags *d)
{
	if (d->system)
		return 3;
	return d->errors ? 1 : 0;
}

void
diag_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->errors = d->warnings = d->system = 0;
}

/*
 * Edit distance with three rows; words here are short ids.  Swapping two
 * neighbouring letters counts as one edit ("titel" is one from "title"),
 * the most common typo of all (optimal string alignment distance).
 */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, r;
	size_t *prev2 = xcalloc(lb + 1, sizeof *prev2);
	size_t *prev = xcalloc(lb + 1, sizeof *prev);
	size_t *cur = xcalloc(lb + 1, sizeof *cur);

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t m = del < ins ? del : ins;

			cur[j] = m < sub ? m : sub;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		memcpy(prev2, prev, (lb + 1) * sizeof *prev);
		memcpy(prev, cur, (lb + 1) * sizeof *prev);
	}
	r = prev[lb];
	free(prev2);
	free(prev);
	free(cur);
	return r;
}

const char *
diag_suggest(const char *word, const char *const *cands, size_t ncands)
{
	size_t i, best = (size_t)-1, len = strlen(word);
	size_t limit = len / 3 > 1 ? len / 3 : 1;
	const char *found = NULL;

	if (len > 256)
		return NULL;
	for (i = 0; i < ncands; i++) {
		size_t dist;

		if (strlen(cands[i]) > 256)
			continue;
		dist = distance(word, cands[i]);
		if (dist <= limit && dist < best) {
			best = dist;
			found = cands[i];
		}
	}
	return found;
}
