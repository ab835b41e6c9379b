/* rapor release and rapor diff: see include/release.h. */
#include "release.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "docs.h"
#include "load.h"
#include "model.h"
#include "render_data.h"
#include "revisions.h"
#include "utf8.h"
#include "util.h"
#include "xalloc.h"

/* Load, compute and read the Markdown, as rapor check does: 0 when usable. */
static int
check_content(const char *dir, struct report *r, struct docset *ds,
    struct diags *d)
{
	memset(ds, 0, sizeof *ds);
	if (load_report(dir, r, d) != 0 || compute_report(r, d) != 0)
		return -1;
	return docs_load(r, ds, d);
}

/* ---- writing without ever replacing -------------------------------------- */

/*
 * Write len bytes at data as the new file path, in folder dir: into a
 * hidden temporary file beside it, flushed to disk, then linked to path
 * (which fails if path exists: nothing is replaced, even by a run at the
 * same moment).  A file system without hard links gets a rename after a
 * check that path is not there.  Returns 0; -1 with the problem recorded
 * (DIAG_USAGE when path exists), the temporary file removed.
 */
static int
write_new(const char *dir, const char *path, const char *base,
    const char *data, size_t len, struct diags *d)
{
	struct buf tmp = BUF_INIT;
	int fd, rc = -1, e;

	buf_printf(&tmp, "%s/.%s.tmp-XXXXXX", dir, base);
	if ((fd = mkstemp(tmp.data)) == -1) {
		diag_sys(d, tmp.data, "cannot create", errno);
		goto out;
	}
	/* As any new file of the user's: mkstemp() made it private. */
	{
		mode_t mask = umask(0);

		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	if (fd_write_all(fd, data, len) != 0) {
		diag_sys(d, tmp.data, "cannot write", errno);
		close(fd);
		goto gone;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		diag_sys(d, tmp.data, "cannot write", errno);
		goto gone;
	}
	if (link(tmp.data, path) == 0)
		rc = 0;
	else if ((e = errno) == EEXIST)
		diag(d, DIAG_USAGE, path, 0, 0, "is already there: a release "
		    "is never overwritten");
	else if (e == EPERM || e == EOPNOTSUPP || e == ENOTSUP ||
	    e == EMLINK) {
		struct stat st;

		if (lstat(path, &st) == 0)
			diag(d, DIAG_USAGE, path, 0, 0, "is already there: a "
			    "release is never overwritten");
		else if (rename(tmp.data, path) == 0)
			rc = 0;
		else
			diag_sys(d, path, "cannot create", errno);
	} else
		diag_sys(d, path, "cannot create", e);
gone:
	/* After a rename it is gone already; after a link the release is
	 * there whatever becomes of it, so a failure is only a leftover. */
	if (unlink(tmp.data) != 0 && errno != ENOENT && rc == 0)
		diag(d, DIAG_WARNING, tmp.data, 0, 0, "cannot remove this "
		    "temporary file (%s); the release is complete: remove it "
		    "by hand", strerror(errno));
out:
	buf_free(&tmp);
	return rc;
}

/* The folder's entry is on disk too, not only its files' contents. */
static void
sync_folder(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

/* A note that rapor would read back as it was written: 0, or -1 (refused). */
static int
note_ok(const char *note, struct diags *d)
{
	const char *nl = strchr(note, '\n');
	size_t first = nl ? (size_t)(nl - note) : strlen(note);

	if (utf8_invalid(note, strlen(note)) != (size_t)-1) {
		diag(d, DIAG_USAGE, "rapor", 0, 0, "the note (-m) is not UTF-8 "
		    "text");
		return -1;
	}
	while (first > 0 && (note[first - 1] == ' ' ||
	    note[first - 1] == '\t' || note[first - 1] == '\r'))
		first--;
	if (first == 3 && strncmp(note, "---", 3) == 0) {
		diag(d, DIAG_USAGE, "rapor", 0, 0, "a note (-m) may not start "
		    "with a line '---' (it would be read as front matter): "
		    "write it into releases/DATE.md after the release");
		return -1;
	}
	return 0;
}

/* Whether the release of date may be recorded: 0, or -1 (refused). */
static int
date_ok(const struct report *r, int date, const char *dates,
    const char *csv, struct diags *d)
{
	const struct release *last = r->nreleases ?
	    &r->releases[r->nreleases - 1] : NULL;
	struct stat st;
	size_t i;

	for (i = 0; i < r->nreleases; i++)
		if (r->releases[i].date == date) {
			diag(d, DIAG_USAGE, r->releases[i].file, 0, 0,
			    "there is a release of %s already, and a release "
			    "is never overwritten: correct the data and "
			    "record a new release with a later date", dates);
			return -1;
		}
	if (last && last->date > date) {
		diag(d, DIAG_USAGE, "rapor", 0, 0, "%s is before the latest "
		    "release, %04d-%02d-%02d (%s): releases are recorded in "
		    "the order they are published", dates, last->date / 10000,
		    last->date / 100 % 100, last->date % 100, last->file);
		return -1;
	}
	if (lstat(csv, &st) == 0) {	/* not a release, but there */
		diag(d, DIAG_USAGE, csv, 0, 0, "is already there: a release "
		    "is never overwritten");
		return -1;
	}
	return 0;
}

/* Write the release files; 0, or -1 with what was written removed. */
static int
write_release(const struct report *r, const struct release_opts *o,
    struct diags *d)
{
	struct buf dir = BUF_INIT, csv = BUF_INIT, md = BUF_INIT, b = BUF_INIT;
	struct buf name = BUF_INIT;
	int made_dir = 0, rc = -1, wrote_md = 0;

	buf_printf(&dir, "%s/releases", r->dir);
	buf_printf(&csv, "%s/%s.csv", dir.data, o->date);
	buf_printf(&md, "%s/%s.md", dir.data, o->date);
	if (date_ok(r, docs_parse_date(o->date), o->date, csv.data, d) != 0)
		goto out;
	if (o->note) {
		struct stat st;

		if (note_ok(o->note, d) != 0)
			goto out;
		if (lstat(md.data, &st) == 0) {
			diag(d, DIAG_USAGE, md.data, 0, 0, "is already there: "
			    "a note is never overwritten");
			goto out;
		}
	}
	if (mkdir(dir.data, 0777) == 0)
		made_dir = 1;
	else if (errno != EEXIST) {
		diag_sys(d, dir.data, "cannot create folder", errno);
		goto out;
	}
	if (o->note) {
		buf_puts(&b, o->note);
		if (b.len == 0 || b.data[b.len - 1] != '\n')
			buf_putc(&b, '\n');
		buf_printf(&name, "%s.md", o->date);
		if (write_new(dir.data, md.data, name.data, b.data, b.len,
		    d) != 0)
			goto undo;
		wrote_md = 1;
		buf_reset(&b);
		buf_reset(&name);
	}
	render_results_csv(r, &b, NULL);
	buf_printf(&name, "%s.csv", o->date);
	if (write_new(dir.data, csv.data, name.data, b.data, b.len, d) != 0)
		goto undo;
	sync_folder(dir.data);
	if (made_dir)
		sync_folder(r->dir);
	rc = 0;
	goto out;
undo:
	if (wrote_md)
		(void)unlink(md.data);
	if (made_dir)
		(void)rmdir(dir.data);
out:
	buf_free(&dir);
	buf_free(&csv);
	buf_free(&md);
	buf_free(&b);
	buf_free(&name);
	return rc;
}

int
cmd_release(const struct release_opts *o)
{
	struct diags d = DIAGS_INIT;
	struct report r;
	struct docset ds;
	int rc, ok;

	ok = check_content(o->content, &r, &ds, &d) == 0 &&
	    write_release(&r, o, &d) == 0;
	diag_print(&d, stderr);
	if (ok && r.nreleases == 0)
		fprintf(stderr, "rapor: %s: recorded the release of %s, the "
		    "first: %zu figures\n", o->content, o->date,
		    r.nresults + r.nunreleased);
	else if (ok)
		fprintf(stderr, "rapor: %s: recorded the release of %s: %zu "
		    "figures, %zu changed since the release of %04d-%02d-%02d"
		    "\n", o->content, o->date, r.nresults + r.nunreleased,
		    r.npending,
		    r.releases[r.nreleases - 1].date / 10000,
		    r.releases[r.nreleases - 1].date / 100 % 100,
		    r.releases[r.nreleases - 1].date % 100);
	else if (d.errors + d.system + d.usage > 0)
		fprintf(stderr, "rapor: %s: no release recorded\n",
		    o->content);
	rc = diag_status(&d);
	docs_free(&ds);
	report_free(&r);
	diag_free(&d);
	return rc;
}

/* ---- rapor diff ---------------------------------------------------------- */

/* "85.73 B hijau", the parts shown: the score, and category and zone
 * when show_cz (they changed); "not-released" without a score. */
static void
figure(struct buf *b, const struct release_row *w, int show_cz)
{
	buf_puts(b, w->has_score ? w->score_text : "not-released");
	if (!show_cz)
		return;
	if (w->category && w->category[0])
		buf_printf(b, " %s", w->category);
	if (w->zone && w->zone[0])
		buf_printf(b, " %s", w->zone);
}

/* Nonzero when the category or zone of two rows differ (when both say). */
static int
cz_differ(const struct release_row *a, const struct release_row *b)
{
	return (a->category && b->category && strcmp(a->category,
	    b->category) != 0) || (a->zone && b->zone && strcmp(a->zone,
	    b->zone) != 0);
}

/* One line of rapor diff for revision v. */
static void
diff_line(struct buf *b, const struct report *r, const struct revision *v)
{
	const struct release_row *a = revision_old(r, v);
	const struct release_row *n = revision_new(r, v);
	const struct release_row *w = n ? n : a;

	buf_printf(b, "%d %s%s%s: %s ", w->year, w->entity,
	    w->unit[0] ? "/" : "", w->unit, change_name(v->change));
	if (a && n) {
		int cz = cz_differ(a, n) || a->has_score != n->has_score;

		figure(b, a, cz);
		buf_puts(b, " -> ");
		figure(b, n, cz);
	} else
		figure(b, w, 1);
	buf_printf(b, " (%s%s%s)\n", w->entity_name, w->unit[0] ? ", " : "",
	    w->unit_name);
}

int
cmd_diff(const struct release_opts *o)
{
	struct diags d = DIAGS_INIT;
	struct report r;
	struct docset ds;
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	if (check_content(o->content, &r, &ds, &d) == 0) {
		if (r.nreleases == 0)
			buf_printf(&b, "no release yet: every figure is new "
			    "('rapor release --date YYYY-MM-DD' records the "
			    "first)\n");
		else if (r.npending == 0)
			buf_puts(&b, "no changes\n");
		for (i = r.nrevisions - r.npending; i < r.nrevisions; i++)
			diff_line(&b, &r, &r.revisions[i]);
	}
	diag_print(&d, stderr);
	rc = diag_status(&d);
	if ((b.len && fwrite(b.data, 1, b.len, stdout) != b.len) ||
	    fflush(stdout) != 0) {
		struct diags out = DIAGS_INIT;

		diag_sys(&out, "stdout", "cannot write", errno);
		diag_print(&out, stderr);
		rc = diag_status(&out);
		diag_free(&out);
	}
	buf_free(&b);
	docs_free(&ds);
	report_free(&r);
	diag_free(&d);
	return rc;
}
