/*
 * Render stage, the downloads of rows by year: data/results-YYYY.csv and
 * .json for each year, and data/results.csv and .json, every year's
 * rows joined (render_impl.h, results_files()).
 *
 * The report-wide files are the largest a rebuild makes again whenever
 * any score changes (11 MB of JSON at national scale), yet most of their
 * bytes are the years' files' rows, and a changed score changes few
 * years.  So they are made from the years' files (render_data.h,
 * enum download_part): a year's rows are rendered once for both when
 * its file changes, and copied from its published file when that is
 * kept; nothing of a row is rendered twice.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "publish.h"
#include "render_data.h"
#include "render_impl.h"
#include "util.h"
#include "xalloc.h"

/* The report-wide file being made beside the years' files. */
struct joined {
	struct stage_stream w;	/* it, while on */
	int		 on;	/* made here (not kept, not made whole) */
	int		 json;	/* JSON: a ',' between years' rows */
	int		 rows;	/* some year's rows are in it already */
};

/* A year's rows on their way to its own file and to the joined one. */
struct tee {
	struct stage_stream *one; /* the year's file, or NULL (kept) */
	struct joined	*all;
	int		 started; /* the year's first bytes went to all */
};

static int
put_stream(void *arg, const void *data, size_t len)
{
	return stage_stream_put(arg, data, len);
}

/* The next len bytes of a year's rows into the joined file. */
static int
joined_put(struct joined *j, int *started, const void *data, size_t len)
{
	if (!j->on || len == 0)
		return 0;
	if (!*started) {
		*started = 1;
		if (j->json && j->rows && stage_stream_put(&j->w, ",", 1) != 0)
			return -1;
		j->rows = 1;
	}
	return stage_stream_put(&j->w, data, len);
}

static int
put_tee(void *arg, const void *data, size_t len)
{
	struct tee *t = arg;
	int rc = 0;

	if (t->one != NULL && stage_stream_put(t->one, data, len) != 0)
		rc = -1;
	if (joined_put(t->all, &t->started, data, len) != 0)
		rc = -1;
	return rc;
}

/*
 * The rows of the kept file rel (the year sel selects) into j, copied
 * from the published file: the bytes between the head and the tail this
 * build makes for it.  0; 1 when the file is not as expected (nothing
 * was copied: the caller renders the rows); -1 with a system error.
 */
static int
copy_kept(const struct rctx *c, const char *rel, enum download what,
    const struct rowsel *sel, struct joined *j, struct buf *b)
{
	struct buf head = BUF_INIT, p = BUF_INIT;
	uint64_t size, left;
	size_t tail;
	ssize_t n;
	char *chunk = NULL;
	int fd, started = 0, rc = 1;

	(void)render_download_part(c->r, what, PART_HEAD, sel, &head, NULL,
	    NULL);
	(void)render_download_part(c->r, what, PART_TAIL, sel, b, NULL, NULL);
	tail = b->len;
	buf_reset(b);
	if ((fd = stage_open_kept(c->st, rel, &size)) == -1)
		goto out;
	chunk = xmalloc(DOWNLOAD_PIECE);
	if (size < head.len + tail || head.len > DOWNLOAD_PIECE ||
	    fd_read_full(fd, chunk, head.len) != (ssize_t)head.len ||
	    memcmp(chunk, head.data, head.len) != 0)
		goto out;
	rc = 0;
	for (left = size - head.len - tail; left > 0 && rc == 0; left -= n) {
		size_t want = left < DOWNLOAD_PIECE ? (size_t)left :
		    DOWNLOAD_PIECE;

		if ((n = fd_read_full(fd, chunk, want)) != (ssize_t)want) {
			buf_printf(&p, "%s/%s", c->st->out, rel);
			diag_sys(c->d, p.data, "cannot read", n == -1 ? errno :
			    EIO);
			rc = -1;
			break;
		}
		/* A failed write is reported when j's file is closed. */
		(void)joined_put(j, &started, chunk, (size_t)n);
	}
out:
	if (fd != -1)
		(void)close(fd);
	free(chunk);
	buf_free(&head);
	buf_free(&p);
	return rc;
}

/* data/results-<year>.<ext>, and its rows into j. */
static int
year_file(const struct rctx *c, enum download what, const char *ext,
    int year, struct joined *j, struct buf *b)
{
	const struct report *r = c->r;
	struct rowsel sel = { year, NONE, NONE };
	struct stage_stream w;
	struct tee t = { NULL, j, 0 };
	struct buf path = BUF_INIT;
	uint64_t key = key_data(c, year, NONE);
	int rc = 0;

	buf_printf(&path, "data/results-%d.%s", year, ext);
	if (stage_keep(c->st, path.data, key, NULL)) {
		if (j->on && (rc = copy_kept(c, path.data, what, &sel, j, b))
		    == 1) {
			(void)render_download_part(r, what, PART_ROWS, &sel, b,
			    put_tee, &t);
			rc = 0;
		}
		goto out;
	}
	stage_stream_open(c->st, &w, path.data);
	t.one = &w;
	/* A failed write is reported by stage_stream_close(). */
	(void)render_download_part(r, what, PART_HEAD, &sel, b, put_stream,
	    &w);
	(void)render_download_part(r, what, PART_ROWS, &sel, b, put_tee, &t);
	(void)render_download_part(r, what, PART_TAIL, &sel, b, put_stream,
	    &w);
	rc = stage_stream_close(&w, key, NULL, c->d);
out:
	buf_free(&path);
	return rc;
}

/* Whether every row is of one of r->years, in their order: then the
 * years' rows joined are every row.  compute makes r->years of every
 * score row's year, so this holds; should that ever change, the files
 * of every row are made whole rather than missing rows. */
static int
rows_by_year(const struct report *r)
{
	size_t i;

	for (i = 1; i < r->nyears; i++)
		if (r->years[i - 1].year >= r->years[i].year)
			return 0;
	for (i = 0; i < r->nresults; i++)
		if (report_year(r, r->results[i].year) == NONE)
			return 0;
	for (i = 0; i < r->nunreleased; i++)
		if (report_year(r, r->unreleased[i].year) == NONE)
			return 0;
	return 1;
}

int
results_files(const struct rctx *c, struct buf *b)
{
	const struct report *r = c->r;
	struct buf path = BUF_INIT;
	uint64_t all = key_data(c, 0, NONE);
	size_t y;
	int rc = 0, json, joinable = rows_by_year(r);

	for (json = 0; json < 2 && rc == 0; json++) {
		enum download what = json ? DOWNLOAD_RESULTS_JSON :
		    DOWNLOAD_RESULTS_CSV;
		const char *ext = json ? "json" : "csv";
		struct joined j;

		memset(&j, 0, sizeof j);
		j.json = json;
		buf_reset(&path);
		buf_printf(&path, "data/results.%s", ext);
		if (!stage_keep(c->st, path.data, all, NULL)) {
			stage_stream_open(c->st, &j.w, path.data);
			(void)render_download_part(r, what, joinable ?
			    PART_HEAD : PART_WHOLE, NULL, b, put_stream, &j.w);
			if (joinable)
				j.on = 1;
			else
				rc = stage_stream_close(&j.w, all, NULL, c->d);
		}
		for (y = 0; y < r->nyears && rc == 0; y++)
			rc = year_file(c, what, ext, r->years[y].year, &j, b);
		if (j.on) {
			(void)render_download_part(r, what, PART_TAIL, NULL, b,
			    put_stream, &j.w);
			if (stage_stream_close(&j.w, all, NULL, c->d) != 0)
				rc = -1;
		}
	}
	buf_reset(b);
	buf_free(&path);
	return rc;
}
