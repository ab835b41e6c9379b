/* The new site's files from the processes' lists: see publish_merge.h. */
#include "publish_merge.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "hash.h"
#include "util.h"
#include "xalloc.h"

/*
 * Where a line is: AT_SEEN, the process (list) and the offset of the
 * line in its list, so that places compare in the lists' order.  A
 * file's entry also has AT_STAGED when this build wrote it.
 */
#define AT_SEEN		((uint64_t)1 << 63)
#define AT_STAGED	((uint64_t)1 << 62)
#define AT_WSHIFT	46
#define AT_OFF		(((uint64_t)1 << AT_WSHIFT) - 1)
#define AT_MAXW		((1 << (62 - AT_WSHIFT)) - 1)

/* A path the published site does not have. */
struct slot {
	uint64_t	 h;	/* hash_str() of the path */
	uint64_t	 at;	/* its entry (above), 0: empty slot */
};

/* A path listed twice whose second line wrote it: that line's file is
 * the one, at the first line's place. */
struct repl {
	uint64_t	 first, with;
};

struct merge {
	const struct ftab *old;
	int		 jobs;
	int		*fd;	/* the lists, open */
	uint64_t	*oldat;	/* per file of old (the first of its path) */
	struct slot	*set;	/* the other paths, open addressing */
	size_t		 nset, nslot;
	uint64_t	*skip;	/* lines dropped, a path listed before */
	size_t		 nskip, capskip;
	struct repl	*repl;	/* sorted by first before the second pass */
	size_t		 nrepl, caprepl;
	size_t		 n, nstaged;
};

/* The line at place at (its newline included) into b, reset first;
 * -1 when it cannot be read. */
static int
line_at(const struct merge *m, uint64_t at, struct buf *b)
{
	int fd = m->fd[(at & ~(AT_SEEN | AT_STAGED)) >> AT_WSHIFT];
	off_t off = (off_t)(at & AT_OFF);
	char *nl = NULL;

	buf_reset(b);
	while (nl == NULL) {
		char *p = buf_room(b, 512);
		ssize_t k = pread(fd, p, 512, off + (off_t)b->len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		if ((nl = memchr(p, '\n', (size_t)k)) != NULL)
			k = nl - p + 1;
		buf_commit(b, (size_t)k);
	}
	return 0;
}

/* Whether the "W" or "K" line at place at lists rel: 1 or 0, -1 when it
 * cannot be read (a path listed twice must not pass for two). */
static int
same_path(const struct merge *m, uint64_t at, const char *rel)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(rel);
	int same = line_at(m, at, &b) != 0 ? -1 : b.len > n + 2 &&
	    memcmp(b.data + 2, rel, n) == 0 && b.data[n + 2] == '\t';

	buf_free(&b);
	return same;
}

/* The entry of rel (hashing to h), a path old does not have: made empty
 * (0) when it is new.  NULL when a list cannot be read. */
static uint64_t *
set_entry(struct merge *m, const char *rel, uint64_t h)
{
	size_t i, mask;

	if ((m->nset + 1) * 3 > m->nslot * 2) {
		/* Grown as the paths come: a rebuild has few new ones. */
		size_t old = m->nslot, k;
		struct slot *was = m->set;

		m->nslot = old ? old * 2 : 1024;
		m->set = xcalloc(m->nslot, sizeof *m->set);
		for (k = 0; k < old; k++)
			if (was[k].at != 0) {
				for (i = (size_t)was[k].h & (m->nslot - 1);
				    m->set[i].at != 0;
				    i = (i + 1) & (m->nslot - 1))
					;
				m->set[i] = was[k];
			}
		free(was);
	}
	mask = m->nslot - 1;
	for (i = (size_t)h & mask; m->set[i].at != 0; i = (i + 1) & mask) {
		int same = m->set[i].h == h ? same_path(m, m->set[i].at, rel) :
		    0;

		if (same == -1)
			return NULL;
		if (same)
			return &m->set[i].at;
	}
	m->set[i].h = h;
	m->nset++;
	return &m->set[i].at;
}

/*
 * One line of process w's list, at offset off: its file counted once,
 * its place kept.  0; -1 when it is broken; -2 when its path is written
 * twice or a list cannot be read (reported).
 */
static int
first_line(struct merge *m, int w, char *p, size_t len, uint64_t off,
    const char *out, struct diags *d)
{
	const struct ftab *old = m->old;
	uint64_t at = AT_SEEN | (uint64_t)w << AT_WSHIFT | off, *e, n;
	struct out_file f;
	const char *rel;
	int staged = 0;

	if (len < 2 || p[1] != '\t' || off > AT_OFF)
		return -1;
	if (p[0] == 'O') {
		/* One of old's files (publish_list.h). */
		if (ftab_u64(p + 2, p + len, &n) != 0 || n >= old->n ||
		    old->nslot == 0 || !old->lined)
			return -1;
		rel = old->v[n].rel;
		if (old->dups)
			n = (size_t)(ftab_find(old, rel, hash_str(HASH_INIT,
			    rel)) - old->v);
		e = &m->oldat[n];
	} else if ((p[0] == 'W' || p[0] == 'K') &&
	    ftab_line(p + 2, p + len, &f) == 0) {
		uint64_t h = hash_str(HASH_INIT, f.rel);
		const struct out_file *o = ftab_find(old, f.rel, h);

		rel = f.rel;
		staged = p[0] == 'W';
		e = o != NULL ? &m->oldat[o - old->v] : set_entry(m, rel, h);
		if (e == NULL) {
			diag(d, DIAG_SYSTEM, out, 0, 0, "a worker's list of its "
			    "files cannot be read");
			return -2;
		}
	} else
		return -1;
	if (*e == 0) {
		*e = at | (staged ? AT_STAGED : 0);
		m->n++;
		m->nstaged += (size_t)staged;
		return 0;
	}
	if ((*e & AT_STAGED) && staged) {
		diag(d, DIAG_SYSTEM, out, 0, 0, "two files of the site at '%s'",
		    rel);
		return -2;
	}
	if (staged) {
		XGROW(&m->repl, &m->nrepl, &m->caprepl);
		m->repl[m->nrepl].first = *e;
		m->repl[m->nrepl++].with = at;
		*e |= AT_STAGED;
		m->nstaged++;
	}
	XGROW(&m->skip, &m->nskip, &m->capskip);
	m->skip[m->nskip++] = at;
	return 0;
}

static int
by_first(const void *a, const void *b)
{
	uint64_t x = ((const struct repl *)a)->first,
	    y = ((const struct repl *)b)->first;

	return x < y ? -1 : x > y;
}

/* Open process w's list at its start, past its first line (the counts). */
static int
list_open(struct merge *m, int w, const char *dir, struct lines *r)
{
	char *p;
	size_t len;
	uint64_t where;

	if (m->fd[w] == -1) {
		struct buf path = BUF_INIT;

		buf_printf(&path, "%s/.list.%d", dir, w);
		m->fd[w] = open(path.data, O_RDONLY | O_CLOEXEC);
		buf_free(&path);
		if (m->fd[w] == -1)
			return -1;
	} else if (lseek(m->fd[w], 0, SEEK_SET) != 0)
		return -1;
	lines_start(r, m->fd[w]);
	return lines_next(r, &p, &len, &where) == 1 ? 0 : -1;
}

struct merge *
merge_lists(const char *dir, int jobs, const struct ftab *old,
    const char *out, struct diags *d)
{
	struct merge *m = xcalloc(1, sizeof *m);
	struct lines r;
	int w, rc = 0;

	memset(&r, 0, sizeof r);
	m->old = old;
	m->jobs = jobs;
	m->fd = xcalloc((size_t)jobs, sizeof *m->fd);
	for (w = 0; w < jobs; w++)
		m->fd[w] = -1;
	m->oldat = xcalloc(old->n + 1, sizeof *m->oldat);
	for (w = 0; w < jobs && rc == 0; w++) {
		char *p;
		size_t len;
		uint64_t off;
		int k = 0;

		if (w > AT_MAXW || list_open(m, w, dir, &r) != 0) {
			diag(d, DIAG_SYSTEM, out, 0, 0, errno == ENOENT ?
			    "a worker left no list of its files" :
			    "a worker's list of its files cannot be read");
			rc = -1;
			break;
		}
		while (rc == 0 && (k = lines_next(&r, &p, &len, &off)) == 1)
			rc = first_line(m, w, p, len, off, out, d);
		if (rc == 0 && k != 0)
			rc = -1;
		if (rc == -1)
			diag(d, DIAG_SYSTEM, out, 0, 0, "a worker's list of its "
			    "files is broken");
	}
	free(r.buf);
	if (rc != 0) {
		merge_free(m);
		return NULL;
	}
	if (m->nrepl > 1)
		qsort(m->repl, m->nrepl, sizeof *m->repl, by_first);
	return m;
}

size_t
merge_count(const struct merge *m)
{
	return m->n;
}

size_t
merge_staged(const struct merge *m)
{
	return m->nstaged;
}

int
merge_has(const struct merge *m, size_t i)
{
	const struct ftab *old = m->old;

	if (m->oldat[i] != 0)
		return 1;
	/* A second file of its path: the first's entry is the path's. */
	return old->dups && m->oldat[ftab_find(old, old->v[i].rel,
	    hash_str(HASH_INIT, old->v[i].rel)) - old->v] != 0;
}

/* Write b to fd and empty it. */
static int
flush(struct buf *b, int fd)
{
	if (fd_write_all(fd, b->data, b->len) != 0)
		return -1;
	buf_reset(b);
	return 0;
}

/*
 * The published manifest's n-th file's line (without the first line), as
 * it is in oldfd's file (read on from where the last call stopped), into
 * man; 0, or -1 when it is not there to copy: behind the reader (the
 * lists name files in another order than the manifest did), the file
 * cannot be read, or the line is not of that file.
 */
static int
copy_old_line(struct lines *r, uint64_t *next, const struct ftab *old,
    uint64_t n, struct buf *man)
{
	const char *rel = old->v[n].rel;
	size_t rl = strlen(rel), len;
	uint64_t where;
	char *p;

	if (r->fd == -1 || n + 1 < *next)
		return -1;
	/* Line 0 is the manifest's first line, file n its line n + 1. */
	while (*next <= n + 1) {
		if (lines_next(r, &p, &len, &where) != 1) {
			r->fd = -1;
			return -1;
		}
		++*next;
	}
	if (len <= rl || memcmp(p, rel, rl) != 0 || p[rl] != '\t')
		return -1;
	buf_put(man, p, len + 1);	/* its newline */
	return 0;
}

int
merge_manifest(struct merge *m, int fd, int oldfd)
{
	struct buf man = BUF_INIT, with = BUF_INIT;
	struct lines r, o;
	size_t si = 0, ri = 0;
	uint64_t next = 0;
	int w, rc = 0;

	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	lines_start(&o, oldfd);
	for (w = 0; w < m->jobs && rc == 0; w++) {
		char *p;
		size_t len;
		uint64_t off, n;
		int k = 0;

		if (list_open(m, w, "", &r) != 0) {
			rc = -1;
			break;
		}
		while (rc == 0 && (k = lines_next(&r, &p, &len, &off)) == 1) {
			uint64_t at = AT_SEEN | (uint64_t)w << AT_WSHIFT | off;

			if (si < m->nskip && m->skip[si] == at) {
				si++;
				continue;
			}
			if (ri < m->nrepl && (m->repl[ri].first & ~AT_STAGED) ==
			    at) {
				/* The line that wrote it, here. */
				if (line_at(m, m->repl[ri++].with, &with) != 0) {
					errno = EIO;
					rc = -1;
					break;
				}
				buf_put(&man, with.data + 2, with.len - 2);
			} else if (p[0] == 'O' && ftab_u64(p + 2, p + len, &n) ==
			    0) {
				/* Copied as it was where the manifest is read
				 * in order (a rebuild with the same pages and
				 * processes), else made again. */
				const struct out_file *f = &m->old->v[n];

				if (copy_old_line(&o, &next, m->old, n, &man) != 0)
					ftab_put_line(&man, f, file_owner(f),
					    file_note(f));
			} else {
				/* The manifest's line, as its process made it. */
				buf_put(&man, p + 2, len - 2);
				buf_putc(&man, '\n');
			}
			if (man.len >= (size_t)1 << 20 && flush(&man, fd) != 0)
				rc = -1;
		}
		if (rc == 0 && k != 0) {
			/* Read whole in the first pass: cut short now. */
			errno = EIO;
			rc = -1;
		}
	}
	if (rc == 0 && flush(&man, fd) != 0)
		rc = -1;
	free(r.buf);
	free(o.buf);
	buf_free(&man);
	buf_free(&with);
	return rc;
}

void
merge_free(struct merge *m)
{
	int w;

	if (m == NULL)
		return;
	for (w = 0; m->fd != NULL && w < m->jobs; w++)
		if (m->fd[w] != -1)
			close(m->fd[w]);
	free(m->fd);
	free(m->oldat);
	free(m->set);
	free(m->skip);
	free(m->repl);
	free(m);
}

int
files_same(const char *a, const char *b)
{
	int fa = open(a, O_RDONLY | O_CLOEXEC), fb = open(b, O_RDONLY |
	    O_CLOEXEC), same = fa != -1 && fb != -1;
	char *x = xmalloc(2 * LINES_BUF), *y = x + LINES_BUF;

	while (same) {
		ssize_t k = fd_read_full(fa, x, LINES_BUF), j = fd_read_full(fb, y,
		    LINES_BUF);

		same = k >= 0 && k == j && memcmp(x, y, (size_t)k) == 0;
		if (k <= 0)
			break;
	}
	free(x);
	if (fa != -1)
		close(fa);
	if (fb != -1)
		close(fb);
	return same;
}
