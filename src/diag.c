/* Collected diagnostics: see include/diag.h. */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "utf8.h"
#include "util.h"
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
	else if (level == DIAG_USAGE)
		d->usage++;
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

/*
 * One line.  Path and message are printed with control, bidirectional
 * and zero-width characters escaped: a file name holding U+202E must not
 * reverse the rest of the line in the user's terminal.
 */
static void
print_one(const struct diag_entry *e, FILE *out)
{
	const char *lv = e->level == DIAG_WARNING ? "warning" : "error";
	struct buf b = BUF_INIT;

	utf8_escape_hidden(&b, e->file, strlen(e->file));
	if (e->line)
		buf_printf(&b, ":%u:%u", e->line, e->col);
	buf_printf(&b, ": %s: ", lv);
	utf8_escape_hidden(&b, e->msg, strlen(e->msg));
	buf_putc(&b, '\n');
	fwrite(b.data, 1, b.len, out);
	buf_free(&b);
}

void
diag_print(const struct diags *d, FILE *out)
{
	size_t i, shown = 0, err_left = d->errors + d->system + d->usage;
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

void
diag_print_errors(const struct diags *d, FILE *out)
{
	size_t i, shown = 0, left = d->errors + d->system + d->usage;

	for (i = 0; i < d->n && shown < DIAG_PRINT_CAP; i++)
		if (d->v[i].level != DIAG_WARNING) {
			print_one(&d->v[i], out);
			shown++;
			left--;
		}
	if (left)
		fprintf(out, "rapor: %zu more errors not shown\n", left);
}

int
diag_status(const struct diags *d)
{
	if (d->system)
		return 3;
	if (d->usage)
		return 2;
	return d->errors ? 1 : 0;
}

/* One record: level, line, col, file length, message length, then bytes. */
struct wire {
	uint32_t	level, line, col, flen, mlen;
};

/* 1: got n bytes, 0: clean end of file before any byte, -1: cut short. */
static int
read_all(int fd, void *p, size_t n)
{
	ssize_t k = fd_read_full(fd, p, n);

	return k == (ssize_t)n ? 1 : k == 0 ? 0 : -1;
}

int
diag_send(const struct diags *d, int fd)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];
		struct wire w;

		w.level = (uint32_t)e->level;
		w.line = e->line;
		w.col = e->col;
		w.flen = (uint32_t)strlen(e->file);
		w.mlen = (uint32_t)strlen(e->msg);
		if (fd_write_all(fd, &w, sizeof w) != 0 ||
		    fd_write_all(fd, e->file, w.flen) != 0 ||
		    fd_write_all(fd, e->msg, w.mlen) != 0)
			return -1;
	}
	return 0;
}

int
diag_receive(struct diags *d, int fd)
{
	for (;;) {
		struct wire w;
		char *file, *msg;
		int k = read_all(fd, &w, sizeof w);

		if (k <= 0)
			return k;
		if (w.level > DIAG_USAGE || w.flen > (1u << 20) ||
		    w.mlen > (1u << 20))
			return -1;
		file = xmalloc(w.flen + 1);
		msg = xmalloc(w.mlen + 1);
		if ((w.flen && read_all(fd, file, w.flen) != 1) ||
		    (w.mlen && read_all(fd, msg, w.mlen) != 1)) {
			free(file);
			free(msg);
			return -1;
		}
		file[w.flen] = '\0';
		msg[w.mlen] = '\0';
		record(d, (enum diag_level)w.level, file, w.line, w.col, msg);
		free(file);
	}
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
