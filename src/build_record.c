/*
 * The record of the last build: what a build that changes nothing need
 * not do again.  See build_record.h.
 *
 * OUTPUT/.rapor/last-build holds one line of figures, then the build's
 * warnings as diag_send() writes them:
 *
 *	rapor-last-build 1
 *	DIGEST MANIFEST-INO MANIFEST-SIZE MANIFEST-MTIME BODIES UNITS YEARS PAGES
 *
 * The record is removed before a publish begins and written after it
 * ends, so no record describes a site being published; the manifest's
 * inode, size and time tie it to the one manifest it was written beside
 * besides.  It is not fsync'd: a record lost or cut short only makes the
 * next build do all its work.
 */
#include "build_record.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "publish.h"
#include "render_site.h"

#define RECORD_HEAD "rapor-last-build 1\n"

struct record {
	uint64_t	 digest;	/* render_inputs() of the build */
	uint64_t	 ino, size;	/* of the manifest beside it */
	int64_t		 mtime;		/* of that manifest, in ns */
	size_t		 bodies, units, years, pages; /* its summary */
};

/* The manifest's identity: -1 when there is none. */
static int
manifest_id(const struct stage *st, struct record *rec)
{
	struct buf p = BUF_INIT;
	struct stat sb;
	int rc;

	buf_printf(&p, "%s/manifest", st->state);
	rc = lstat(p.data, &sb) == 0 && S_ISREG(sb.st_mode) ? 0 : -1;
	buf_free(&p);
	if (rc == 0) {
		rec->ino = (uint64_t)sb.st_ino;
		rec->size = (uint64_t)sb.st_size;
		rec->mtime = (int64_t)sb.st_mtim.tv_sec * 1000000000 +
		    sb.st_mtim.tv_nsec;
	}
	return rc;
}

/* Read the record's figures, and its warnings into w; -1: none usable. */
static int
record_read(const struct stage *st, struct record *rec, struct diags *w)
{
	struct buf p = BUF_INIT;
	char head[256], *nl1, *nl2;
	ssize_t n;
	int fd, rc = -1;
	unsigned long long v[8];

	buf_printf(&p, "%s/last-build", st->state);
	fd = open(p.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	buf_free(&p);
	if (fd == -1)
		return -1;
	n = read(fd, head, sizeof head - 1);
	if (n <= 0)
		goto out;
	head[n] = '\0';
	if (strncmp(head, RECORD_HEAD, sizeof RECORD_HEAD - 1) != 0 ||
	    (nl1 = strchr(head, '\n')) == NULL ||
	    (nl2 = strchr(nl1 + 1, '\n')) == NULL)
		goto out;
	*nl2 = '\0';
	if (sscanf(nl1 + 1, "%llx %llu %llu %llu %llu %llu %llu %llu", &v[0],
	    &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
		goto out;
	rec->digest = v[0];
	rec->ino = v[1];
	rec->size = v[2];
	rec->mtime = (int64_t)v[3];
	rec->bodies = (size_t)v[4];
	rec->units = (size_t)v[5];
	rec->years = (size_t)v[6];
	rec->pages = (size_t)v[7];
	if (lseek(fd, nl2 + 1 - head, SEEK_SET) == -1 ||
	    diag_receive(w, fd) != 0)
		goto out;
	rc = 0;
out:
	close(fd);
	return rc;
}

int
record_replay(const struct options *o, const struct stage *st,
    uint64_t *digest, struct build_stats *bs, struct diags *d)
{
	struct record rec, now;
	struct diags w = DIAGS_INIT;
	size_t i, files;
	int rc = 0;

	*digest = 0;
	if (render_inputs(o->content, o->templates, o->output, !o->no_charts,
	    digest) != 0) {
		*digest = 0;
		return 0;
	}
	if (record_read(st, &rec, &w) != 0 || rec.digest != *digest ||
	    manifest_id(st, &now) != 0 || now.ino != rec.ino ||
	    now.size != rec.size || now.mtime != rec.mtime ||
	    w.errors + w.system + w.usage != 0 ||
	    (files = stage_intact(st)) == 0)
		goto out;
	for (i = 0; i < w.n; i++)
		diag(d, w.v[i].level, w.v[i].file, w.v[i].line, w.v[i].col,
		    "%s", w.v[i].msg);
	if (bs != NULL) {
		bs->loaded = 1;
		bs->bodies = rec.bodies;
		bs->units = rec.units;
		bs->years = rec.years;
		bs->pages = rec.pages;
		bs->files = files;
		bs->written = bs->removed = 0;
	}
	rc = 1;
out:
	diag_free(&w);
	return rc;
}

int
record_forget(const struct stage *st, struct diags *d)
{
	struct buf p = BUF_INIT;
	int rc = 0;

	buf_printf(&p, "%s/last-build", st->state);
	if (unlink(p.data) != 0 && errno != ENOENT) {
		diag_sys(d, p.data, "cannot remove the record of the last "
		    "build", errno);
		rc = -1;
	}
	buf_free(&p);
	return rc;
}

void
record_save(const struct stage *st, uint64_t digest,
    const struct build_stats *bs, const struct diags *d, size_t from,
    size_t to)
{
	struct buf p = BUF_INIT, tmp = BUF_INIT, head = BUF_INIT;
	struct diags w = *d;	/* a view of entries from..to-1 */
	struct record rec;
	int fd, ok;

	buf_printf(&p, "%s/last-build", st->state);
	buf_printf(&tmp, "%s/last-build.tmp", st->state);
	if (digest == 0 || manifest_id(st, &rec) != 0)
		goto out;
	buf_printf(&head, RECORD_HEAD "%016" PRIx64 " %" PRIu64 " %" PRIu64
	    " %" PRId64 " %zu %zu %zu %zu\n", digest, rec.ino, rec.size,
	    rec.mtime, bs->bodies, bs->units, bs->years, bs->pages);
	if (to > d->n)
		to = d->n;
	w.v = d->v + from;
	w.n = from < to ? to - from : 0;
	if ((fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) == -1)
		goto out;
	ok = write(fd, head.data, head.len) == (ssize_t)head.len &&
	    diag_send(&w, fd) == 0;
	if (close(fd) != 0 || !ok || rename(tmp.data, p.data) != 0)
		(void)unlink(tmp.data);
out:
	buf_free(&p);
	buf_free(&tmp);
	buf_free(&head);
}
