/* Write stage: OUTPUT changed in place through a journal; see include/publish.h. */
#define _GNU_SOURCE	/* realpath */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hash.h"
#include "publish_list.h"
#include "publish_merge.h"
#include "publish_place.h"
#include "util.h"
#include "xalloc.h"

volatile sig_atomic_t stage_interrupted;

#define MANIFEST_HEAD	"rapor-manifest 1"
#define JOURNAL_HEAD	"rapor-journal 1\n"

/* The stage whose staging folder an exit() must not leave behind (an
 * allocation that failed deep inside a build), and its process. */
static struct stage *exiting;
static pid_t exiting_pid;

static void release(struct stage *s);

/*
 * The thread that reads and indexes the manifest (stage_open() starts
 * it): a one-score rebuild would otherwise read 100,000 lines before it
 * loads the content, with the other core idle.
 */
struct stage_reader {
	pthread_t	 t;
	int		 running; /* started and not yet joined */
	atomic_int	 lazy;	/* set: leave the index to the first lookup */
};

/* The stage whose reader is running, so that a fork (a worker) waits for
 * it first: a process forked from it would have half a table and no
 * thread to finish it. */
static const struct stage *reading;

static void
at_exit(void)
{
	if (exiting != NULL && getpid() == exiting_pid)
		release(exiting);
}

/* ---- paths ------------------------------------------------------------------ */

static char *
join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = xmalloc(na + nb + 2);

	memcpy(p, a, na);
	p[na] = '/';
	memcpy(p + na + 1, b, nb + 1);
	return p;
}

/* Make the folders of path below its first from bytes, like mkdir -p
 * of its parent.  From the deepest up: mostly only the last is missing. */
static int
make_parents(char *path, size_t from)
{
	char *slash = strrchr(path + from, '/');
	int rc;

	if (slash == NULL)
		return 0;
	*slash = '\0';
	rc = mkdir(path, 0755);
	if (rc == -1 && errno == ENOENT) {
		rc = make_parents(path, from);
		if (rc == 0)
			rc = mkdir(path, 0755);
	}
	if (rc == -1 && errno == EEXIST)
		rc = 0;
	*slash = '/';
	return rc;
}

/* Write path whole through path.tmp and a rename, durable (fsync'd);
 * -1 with errno set. */
static int
write_atomic(const char *path, const void *data, size_t len)
{
	struct buf tmp = BUF_INIT;
	int fd, rc = -1, saved;

	buf_printf(&tmp, "%s.tmp", path);
	if ((fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		goto out;
	if (fd_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		goto unlink;
	}
	if (close(fd) != 0 || rename(tmp.data, path) != 0)
		goto unlink;
	rc = 0;
	goto out;
unlink:
	saved = errno;
	(void)unlink(tmp.data);
	errno = saved;
out:
	buf_free(&tmp);
	return rc;
}

/* ---- the manifest ----------------------------------------------------------- */

/* Add every regular file below OUTPUT/rel (hidden names aside) to t, as
 * rapor's: a tree rapor wrote before it kept a manifest. */
static void
scan(const struct stage *s, struct ftab *t, const char *rel)
{
	char *dir = *rel ? join(s->out, rel) : xstrdup(s->out), **names;
	size_t n, i;

	if ((names = dir_list(dir, &n)) == NULL) {
		free(dir);
		return;
	}
	for (i = 0; i < n; i++) {
		struct buf r = BUF_INIT;
		struct stat st;
		char *path;

		if (names[i][0] == '.' || strpbrk(names[i], "\t\n"))
			continue;
		if (*rel)
			buf_printf(&r, "%s/%s", rel, names[i]);
		else
			buf_puts(&r, names[i]);
		path = join(s->out, r.data);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			scan(s, t, r.data);
		else if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			struct out_file *f;

			XGROW(&t->v, &t->n, &t->cap);
			f = &t->v[t->n++];
			memset(f, 0, sizeof *f);
			f->rel = buf_detach(&r);
			ftab_text(t, f->rel);
			f->size = (uint64_t)st.st_size;
			f->ino = (uint64_t)st.st_ino;
			f->mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 +
			    st.st_mtim.tv_nsec;
			/* "": rel's own end. */
			f->note = (uint32_t)strlen(f->rel);
			f->owner = (int32_t)f->note;
		}
		free(path);
		buf_free(&r);
	}
	dir_list_free(names, n);
	free(dir);
}

/* Read OUTPUT's manifest; without one (or with a broken one), take the
 * files of the tree as rapor's. */
static struct ftab *
read_manifest(const struct stage *s)
{
	char *path = join(s->state, "manifest");
	struct diags quiet = DIAGS_INIT;
	struct ftab *t = xcalloc(1, sizeof *t);
	/* A regular file only (no FIFO to wait on), as every file read. */
	int fd = file_open(path, NULL, &quiet);

	if (fd < 0 || ftab_read(t, fd, MANIFEST_HEAD) != 0) {
		ftab_free(t);
		t = xcalloc(1, sizeof *t);
		scan(s, t, "");
	}
	if (fd >= 0)
		close(fd);
	diag_free(&quiet);
	free(path);
	return t;
}

/* Whether st is of the file f as rapor wrote it. */
static int
as_written(const struct stat *st, const struct out_file *f)
{
	return S_ISREG(st->st_mode) && (uint64_t)st->st_size == f->size &&
	    (uint64_t)st->st_ino == f->ino &&
	    (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec ==
	    f->mtime;
}

/* Whether the published file f is still as rapor wrote it. */
static int
intact(const struct stage *s, const struct out_file *f)
{
	struct stat st;

	/* Relative to OUTPUT's descriptor: no path to build and walk. */
	return fstatat(s->outfd, f->rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    as_written(&st, f);
}

/* The reader's work: nothing of s but s->old is written, and nothing
 * reads s->old before joining it (wait_reader()). */
static void *
reader_main(void *arg)
{
	struct stage *s = arg;

	s->old = read_manifest(s);
	if (s->old->n > 0 && !atomic_load(&s->reader->lazy))
		ftab_index(s->old, FTAB_OWNERS);
	return NULL;
}

/* s->old, read: the reader joined. */
static void
wait_reader(const struct stage *s)
{
	if (s->reader == NULL || !s->reader->running)
		return;
	(void)pthread_join(s->reader->t, NULL);
	s->reader->running = 0;
	if (reading == s)
		reading = NULL;
}

static void
before_fork(void)
{
	if (reading != NULL)
		wait_reader(reading);
}

/* Read the manifest in the reader thread, or here when there is none. */
static void
start_reader(struct stage *s)
{
	static int registered;

	if (!registered)
		registered = pthread_atfork(before_fork, NULL, NULL) == 0;
	if (reading != NULL)
		wait_reader(reading);	/* one at a time: see reading */
	s->reader = xcalloc(1, sizeof *s->reader);
	atomic_init(&s->reader->lazy, 0);
	if (registered && pthread_create(&s->reader->t, NULL, reader_main, s)
	    == 0) {
		s->reader->running = 1;
		reading = s;
		return;
	}
	/* Indexed when first looked up (stage_index()): a build that finds
	 * nothing to do (build_record.h) only walks the list. */
	s->old = read_manifest(s);
}

void
stage_index(const struct stage *s)
{
	wait_reader(s);
	if (s->old != NULL && s->old->n > 0 && s->old->nslot == 0)
		ftab_index(s->old, FTAB_OWNERS);
}

static const struct out_file *
find_old(const struct stage *s, const char *rel)
{
	stage_index(s);
	return ftab_find(s->old, rel, hash_str(HASH_INIT, rel));
}

/* ---- ownership of OUTPUT -------------------------------------------------------- */

/* Whether OUTPUT is a tree that a rapor without a manifest wrote. */
static int
legacy_tree(const char *out)
{
	static const char mark[] = "window.raporSearch=";
	char *p = join(out, "assets/search-index.js"), buf[sizeof mark - 1];
	struct stat st;
	int fd, ok = 0;

	if ((fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) != -1) {
		ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    read(fd, buf, sizeof buf) == (ssize_t)sizeof buf &&
		    memcmp(buf, mark, sizeof buf) == 0;
		close(fd);
	}
	free(p);
	p = join(out, "index.html");
	ok = ok && stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

/*
 * OUTPUT exists: refuse it unless it is empty (hidden entries aside),
 * rapor's (its .rapor folder), or a tree an older rapor wrote.
 */
static int
check_owner(const char *out, struct diags *d)
{
	char **names, *state;
	size_t n, i;
	struct stat st;
	const char *foreign = NULL;
	int rc = 0;

	state = join(out, ".rapor");
	if (lstat(state, &st) == 0 && S_ISDIR(st.st_mode)) {
		free(state);
		return 0;
	}
	free(state);
	if ((names = dir_list(out, &n)) == NULL) {
		diag_sys(d, out, "cannot read folder", errno);
		return -1;
	}
	for (i = 0; i < n && foreign == NULL; i++)
		if (names[i][0] != '.')
			foreign = names[i];
	if (foreign != NULL && !legacy_tree(out)) {
		diag(d, DIAG_USAGE, out, 0, 0, "holds files that rapor did not "
		    "write (such as '%s'); rapor writes only into a new or "
		    "empty folder or a site it built. Give another -o, or "
		    "empty this folder yourself if nothing in it must be kept",
		    foreign);
		rc = -1;
	}
	dir_list_free(names, n);
	return rc;
}

/* ---- the journal ---------------------------------------------------------------- */

/* Remove the folders of rel (below OUTPUT) that are left empty. */
static void
prune(const struct stage *s, const char *rel)
{
	char *path = join(s->out, rel), *slash;
	size_t base = strlen(s->out);

	while ((slash = strrchr(path + base + 1, '/')) != NULL) {
		*slash = '\0';
		if (rmdir(path) != 0)
			break;
	}
	free(path);
}

/*
 * Carry out a journal: move each "W rel" from the staging folder it
 * names into OUTPUT, delete each "D rel", put the new manifest in place,
 * remove the staging folder and the journal.  Every step may have been
 * done already by a run that was stopped: moves whose source is gone
 * and deletions of what is not there are skipped.  walked, when not
 * NULL, names the staged folders the moves leave empty (plan_moves()).
 * Returns 0, or -1 with a system error (the journal stays for the next
 * run).
 */
static int
run_journal(struct stage *s, const char *text, size_t len,
    const struct buf *walked, struct diags *d)
{
	const char *p = text, *end = text + len, *nl;
	size_t hl = sizeof JOURNAL_HEAD - 1;
	char *stage = NULL, *jpath = join(s->state, "journal");
	struct buf from = BUF_INIT, to = BUF_INIT;
	int rc = -1;

	if (len < hl || memcmp(text, JOURNAL_HEAD, hl) != 0 ||
	    (nl = memchr(p + hl, '\n', len - hl)) == NULL ||
	    strncmp(p + hl, "stage-", 6) != 0) {
		diag(d, DIAG_WARNING, jpath, 0, 0, "not a journal rapor "
		    "wrote; removed");
		(void)unlink(jpath);
		free(jpath);
		return 0;
	}
	stage = xstrndup(p + hl, (size_t)(nl - p - hl));
	for (p = nl + 1; p < end; p = nl + 1) {
		char *rel;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p < 3 || p[1] != ' ')
			continue;
		rel = xstrndup(p + 2, (size_t)(nl - p - 2));
		buf_reset(&from);
		buf_printf(&from, "%s/%s/%s", s->state, stage, rel);
		buf_reset(&to);
		buf_printf(&to, "%s/%s", s->out, rel);
		if (p[0] == 'W' && rename(from.data, to.data) != 0) {
			if (errno == ENOENT && access(from.data, F_OK) != 0)
				;	/* moved by the run that was stopped */
			else if (errno != ENOENT ||
			    make_parents(to.data, strlen(s->out)) != 0 ||
			    rename(from.data, to.data) != 0) {
				diag_sys(d, to.data, "cannot put the new file "
				    "in place (the next build finishes the "
				    "publish)", errno);
				free(rel);
				goto out;
			}
		} else if (p[0] == 'D') {
			if (unlink(to.data) != 0 && errno != ENOENT) {
				diag_sys(d, to.data, "cannot remove (the next "
				    "build finishes the publish)", errno);
				free(rel);
				goto out;
			}
			prune(s, rel);
		}
		free(rel);
	}
	buf_reset(&from);
	buf_printf(&from, "%s/%s/.manifest", s->state, stage);
	buf_reset(&to);
	buf_printf(&to, "%s/manifest", s->state);
	if (rename(from.data, to.data) != 0 && errno != ENOENT) {
		diag_sys(d, to.data, "cannot put the new manifest in place",
		    errno);
		goto out;
	}
	/*
	 * The staging folder's own folders, emptied by the moves, by name:
	 * a national site's 22,000 would each be listed and stated by
	 * remove_tree(), which now finds only what is left (the lists, or
	 * everything when walked is NULL or a folder was not empty).
	 */
	for (p = walked ? walked->data : NULL, end = p ? p + walked->len : NULL;
	    p != NULL && p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		buf_reset(&from);
		buf_puts(&from, s->state);
		buf_putc(&from, '/');
		buf_puts(&from, stage);
		buf_putc(&from, '/');
		buf_put(&from, p, (size_t)(nl - p));
		(void)rmdir(buf_str(&from));
	}
	buf_reset(&from);
	buf_printf(&from, "%s/%s", s->state, stage);
	(void)remove_tree(from.data);
	if (unlink(jpath) != 0 && errno != ENOENT) {
		diag_sys(d, jpath, "cannot remove", errno);
		goto out;
	}
	rc = 0;
out:
	free(stage);
	free(jpath);
	buf_free(&from);
	buf_free(&to);
	return rc;
}

/* Finish a publish that a stopped run left, if any. */
static int
resume(struct stage *s, struct diags *d)
{
	char *jpath = join(s->state, "journal"), *text;
	size_t len;
	int rc;

	rc = file_read(jpath, NULL, (size_t)1 << 30, &text, &len, d);
	free(jpath);
	if (rc == 1)
		return 0;
	if (rc != 0)
		return -1;
	rc = run_journal(s, text, len, NULL, d);
	free(text);
	return rc;
}

/* Remove what dead builds left in OUTPUT/.rapor and, from rapor before
 * the manifest, beside OUTPUT (".NAME.rapor-XXXXXX", ".NAME.rapor-cache"). */
static void
clear_dead(const struct stage *s)
{
	char **names, *parent, *slash, *base;
	size_t n, i, bl;

	if ((names = dir_list(s->state, &n)) != NULL) {
		for (i = 0; i < n; i++)
			if (strncmp(names[i], "stage-", 6) == 0 ||
			    strstr(names[i], ".tmp") != NULL) {
				char *p = join(s->state, names[i]);

				(void)remove_tree(p);
				free(p);
			}
		dir_list_free(names, n);
	}
	parent = xstrdup(s->out);
	if ((slash = strrchr(parent, '/')) != NULL) {
		*slash = '\0';
		base = slash + 1;
	} else
		base = parent;
	bl = strlen(base);
	if ((names = dir_list(slash ? (*parent ? parent : "/") : ".", &n)) !=
	    NULL) {
		for (i = 0; i < n; i++) {
			const char *nm = names[i], *tail = nm + 1 + bl;

			if (nm[0] != '.' || strncmp(nm + 1, base, bl) != 0 ||
			    strncmp(tail, ".rapor-", 7) != 0 ||
			    (strcmp(tail + 7, "cache") != 0 &&
			    strlen(tail + 7) != 6))
				continue;
			{
				struct buf p = BUF_INIT;

				buf_printf(&p, "%s/%s", slash ? (*parent ?
				    parent : "") : ".", nm);
				(void)remove_tree(p.data);
				buf_free(&p);
			}
		}
		dir_list_free(names, n);
	}
	free(parent);
}

/* ---- opening -------------------------------------------------------------------- */

int
stage_open(struct stage *s, const char *out, const char *content,
    const char *templates, struct diags *d)
{
	struct stat st;
	char *lock = NULL, *tmpl = NULL;
	size_t olen = strlen(out);
	static int registered;

	memset(s, 0, sizeof *s);
	s->lock = -1;
	s->outfd = -1;
	s->listfd = -1;
	while (olen > 1 && out[olen - 1] == '/')
		olen--;
	s->out = xstrndup(out, olen);
	if (check_place(s->out, content, templates, d) != 0)
		return -1;
	if (stat(s->out, &st) != 0) {
		if (errno != ENOENT || lstat(s->out, &st) == 0) {
			/* ENOENT with a link there: it leads nowhere. */
			diag(d, DIAG_USAGE, s->out, 0, 0, errno == ENOENT ?
			    "is a symbolic link to a folder that does not "
			    "exist; create it, or give another -o" :
			    "cannot be used: %s", strerror(errno));
			return -1;
		}
		if (mkdir(s->out, 0755) != 0) {
			diag_sys(d, s->out, "cannot create", errno);
			return -1;
		}
		s->made = 1;
	} else if (!S_ISDIR(st.st_mode)) {
		diag(d, DIAG_USAGE, s->out, 0, 0, "exists and is not a folder; "
		    "give another -o");
		return -1;
	} else if (check_owner(s->out, d) != 0)
		return -1;
	if ((s->outfd = open(s->out, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		diag_sys(d, s->out, "cannot open", errno);
		return -1;
	}
	s->state = join(s->out, ".rapor");
	if (mkdir(s->state, 0755) != 0 && errno != EEXIST) {
		diag_sys(d, s->state, "cannot create", errno);
		return -1;
	}
	lock = join(s->state, "lock");
	if ((s->lock = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		diag_sys(d, lock, "cannot create", errno);
		free(lock);
		return -1;
	}
	free(lock);
	if (flock(s->lock, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			diag(d, DIAG_SYSTEM, s->out, 0, 0, "another rapor is "
			    "writing this folder; wait for it to finish");
		else
			diag_sys(d, s->out, "cannot lock", errno);
		close(s->lock);
		s->lock = -1;
		return -1;
	}
	if (resume(s, d) != 0)
		return -1;
	clear_dead(s);
	start_reader(s);
	tmpl = join(s->state, "stage-XXXXXX");
	if (mkdtemp(tmpl) == NULL) {
		diag_sys(d, s->out, "cannot create a staging folder in it",
		    errno);
		free(tmpl);
		return -1;
	}
	s->dir = tmpl;
	exiting = s;
	exiting_pid = getpid();
	if (!registered) {
		atexit(at_exit);
		registered = 1;
	}
	return 0;
}

/* ---- files -------------------------------------------------------------------- */

/*
 * A process's list (publish_list.h) goes to its file in the staging
 * folder whenever it holds LIST_SPILL bytes, so that no process holds
 * it whole (at --scale 10 a cold build lists a million files, some 140
 * bytes each).  The file is named by the process until it is handed
 * over (list_finish()): a worker learns its number only then.  Its
 * first line, the counts, is written last, over room left for it.
 */
#define LIST_SPILL	((size_t)1 << 20)
#define LIST_HEAD	42	/* "%020zu %020zu\n" */

static void
list_spill(struct stage *s)
{
	pid_t me = getpid();

	if (s->listpid != me) {
		/* Not open, or the parent's, inherited by a worker. */
		struct buf p = BUF_INIT;
		char head[LIST_HEAD];

		if (s->listpid != 0 && s->listfd != -1)
			close(s->listfd);
		s->listpid = me;
		buf_printf(&p, "%s/.part.%ld", s->dir, (long)me);
		memset(head, ' ', sizeof head);
		if ((s->listfd = open(p.data, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0644)) == -1 || fd_write_all(s->listfd, head,
		    sizeof head) != 0) {
			if (s->listerr == 0)
				s->listerr = errno;
		}
		buf_free(&p);
	}
	if (s->listerr == 0 && fd_write_all(s->listfd, s->list.data,
	    s->list.len) != 0)
		s->listerr = errno;
	buf_reset(&s->list);
}

/* This process's list complete, as worker's (0: the first process's):
 * ".list.N" in the staging folder.  Returns 0, or -1 with a system error. */
static int
list_finish(struct stage *s, int worker, struct diags *d)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	char head[LIST_HEAD + 1];
	int rc = 0;

	list_spill(s);
	/* So that a build that changed nothing need not read the lines
	 * (list_counts()). */
	snprintf(head, sizeof head, "%020zu %020zu\n", s->nlisted,
	    s->nchanged);
	if (s->listerr == 0 && pwrite(s->listfd, head, LIST_HEAD, 0) !=
	    LIST_HEAD)
		s->listerr = errno ? errno : EIO;
	if (s->listfd != -1 && close(s->listfd) != 0 && s->listerr == 0)
		s->listerr = errno;
	s->listfd = -1;
	s->listpid = 0;
	buf_printf(&from, "%s/.part.%ld", s->dir, (long)getpid());
	buf_printf(&to, "%s/.list.%d", s->dir, worker);
	if (s->listerr == 0 && rename(from.data, to.data) != 0)
		s->listerr = errno;
	if (s->listerr != 0) {
		diag_sys(d, s->out, "cannot write the list of a process's "
		    "files into the staging folder", s->listerr);
		rc = -1;
	}
	buf_free(&from);
	buf_free(&to);
	return rc;
}

static void
list(struct stage *s, int staged, const char *rel, uint64_t key,
    uint64_t size, uint64_t ino, int64_t mtime, const char *note)
{
	struct out_file f;
	const char *owner = s->owner && strcmp(s->owner, rel) != 0 ? s->owner :
	    "";

	memset(&f, 0, sizeof f);
	f.rel = (char *)rel;
	f.key = key;
	f.size = size;
	f.ino = ino;
	f.mtime = mtime;
	note = note ? note : "";
	buf_puts(&s->list, staged ? "W\t" : "K\t");
	ftab_put_line(&s->list, &f, owner, note);
	if (s->list.len >= LIST_SPILL)
		list_spill(s);
	s->nlisted++;
	if (staged)
		s->nstaged++;
	/* Whether the manifest's line for it changes. */
	if (!staged) {
		const struct out_file *o = find_old(s, rel);

		if (o == NULL || o->key != key || o->size != size ||
		    o->ino != ino || o->mtime != mtime ||
		    strcmp(file_owner(o), owner) != 0 ||
		    strcmp(file_note(o), note) != 0)
			s->nchanged++;
	} else
		s->nchanged++;
}

/*
 * List the published file o, kept as it is by the page s->owner: its
 * manifest line unchanged, named by its place in the manifest, when its
 * owner is too (list()'s work without a line to make or a file to look
 * up).
 */
static void
list_kept(struct stage *s, const struct out_file *o)
{
	const char *owner = strcmp(s->owner, o->rel) != 0 ? s->owner : "";

	if (!s->old->lined || strcmp(file_owner(o), owner) != 0) {
		list(s, 0, o->rel, o->key, o->size, o->ino, o->mtime,
		    file_note(o));
		return;
	}
	/* Which of the manifest's files it is: the line is there already
	 * (publish_list.h). */
	buf_put(&s->list, "O\t", 2);
	buf_put_u64(&s->list, (unsigned long long)(o - s->old->v));
	buf_putc(&s->list, '\n');
	if (s->list.len >= LIST_SPILL)
		list_spill(s);
	s->nlisted++;
}

void
stage_begin(struct stage *s, const char *rel)
{
	s->owner = rel;
}

/* The files [from, to) of the manifest, intact or not (stage_intact()). */
struct intact_part {
	const struct stage *s;
	size_t		 from, to;
	int		 ok;	/* set: every one of them is intact */
};

static void *
intact_part(void *arg)
{
	struct intact_part *p = arg;
	size_t i;

	p->ok = 1;
	for (i = p->from; i < p->to && p->ok; i++)
		p->ok = intact(p->s, &p->s->old->v[i]);
	return NULL;
}

size_t
stage_intact(const struct stage *s)
{
	struct intact_part a, b;
	pthread_t t;
	size_t n;

	/* A build that finds nothing to do (build_record.h) only walks the
	 * list: the index is not made unless a lookup needs it. */
	if (s->reader != NULL)
		atomic_store(&s->reader->lazy, 1);
	wait_reader(s);
	n = s->old != NULL ? s->old->n : 0;

	if (n == 0)
		return 0;
	/* A stat per file is all this costs: two threads halve the wait. */
	a.s = b.s = s;
	a.from = 0;
	a.to = b.from = n / 2;
	b.to = n;
	if (n < 4096 || pthread_create(&t, NULL, intact_part, &b) != 0) {
		a.to = n;
		intact_part(&a);
		return a.ok ? n : 0;
	}
	intact_part(&a);
	(void)pthread_join(t, NULL);
	return a.ok && b.ok ? n : 0;
}

int
stage_keep_page(struct stage *s, const char *rel, uint64_t key)
{
	const struct ftab *t = s->old;
	const struct out_file *f;
	const char *was = s->owner;
	size_t i, own, n = 1;

	stage_index(s);
	f = ftab_find(t, rel, hash_str(HASH_INIT, rel));
	if (key == 0 || f == NULL || f->key != key || !intact(s, f))
		return 0;
	own = ftab_owned(t, f);
	for (i = own; i != 0; i = t->nextown[i - 1])
		if (!intact(s, &t->v[i - 1]))
			return 0;
	/* In the manifest's order, the page among its files: a rebuild
	 * lists them as the last build did, and the new manifest copies
	 * their lines (merge_manifest()). */
	s->owner = rel;
	for (i = own; i != 0; i = t->nextown[i - 1], n++) {
		if (f != NULL && f < &t->v[i - 1]) {
			list_kept(s, f);
			f = NULL;
		}
		list_kept(s, &t->v[i - 1]);
	}
	if (f != NULL)
		list_kept(s, f);
	s->nreused += n;
	s->owner = was;
	return 1;
}

int
stage_keep(struct stage *s, const char *rel, uint64_t key, struct buf *note)
{
	const struct out_file *f = find_old(s, rel);

	if (key == 0 || f == NULL || f->key != key || !intact(s, f))
		return 0;
	list(s, 0, rel, key, f->size, f->ino, f->mtime, file_note(f));
	s->nreused++;
	if (note != NULL)
		buf_puts(note, file_note(f));
	return 1;
}

int
stage_old_note(const struct stage *s, const char *rel, uint64_t key,
    struct buf *note)
{
	const struct out_file *f = find_old(s, rel);

	if (key == 0 || f == NULL || f->key != key)
		return 0;
	buf_puts(note, file_note(f));
	return 1;
}

int
stage_open_kept(const struct stage *s, const char *rel, uint64_t *size)
{
	const struct out_file *f = find_old(s, rel);
	struct stat st;
	int fd;

	if (f == NULL) {
		errno = ENOENT;
		return -1;
	}
	if ((fd = openat(s->outfd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1)
		return -1;
	if (fstat(fd, &st) != 0 || !as_written(&st, f)) {
		(void)close(fd);
		errno = ESTALE;
		return -1;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

/* Whether the published file f holds exactly the len bytes at data. */
static int
same_bytes(const struct stage *s, const struct out_file *f,
    const void *data, size_t len)
{
	char *path;
	struct stat st;
	int fd, same = 0;

	if (f->size != len)
		return 0;
	path = join(s->out, f->rel);
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) != -1) {
		if (fstat(fd, &st) == 0 && as_written(&st, f)) {
			char *old = xmalloc(len ? len : 1);

			same = fd_read_full(fd, old, len) == (ssize_t)len &&
			    memcmp(old, data, len) == 0;
			free(old);
		}
		close(fd);
	}
	free(path);
	return same;
}

int
stage_write(struct stage *s, const char *rel, uint64_t key, const char *note,
    const void *data, size_t len, struct diags *d)
{
	const struct out_file *f = find_old(s, rel);
	struct buf path = BUF_INIT;
	struct stat st;
	size_t base;
	int fd = -1, rc = -1;

	if (note && strpbrk(note, "\t\n"))
		note = NULL;
	if (f != NULL && same_bytes(s, f, data, len)) {
		list(s, 0, rel, key, f->size, f->ino, f->mtime, note ? note :
		    "");
		return 0;
	}
	buf_puts(&path, s->dir);
	buf_putc(&path, '/');
	base = path.len;
	buf_puts(&path, rel);
	/* Most files go into a folder made for an earlier one: try first,
	 * and make the folders only when they are missing. */
	fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1 && errno == ENOENT) {
		if (make_parents(path.data, base) == 0)
			fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC |
			    O_CLOEXEC, 0644);
	}
	if (fd == -1 || fd_write_all(fd, data, len) != 0 || fstat(fd, &st) != 0) {
		struct buf name = BUF_INIT;

		/* The user knows OUTPUT, not the staging folder. */
		buf_printf(&name, "%s/%s", s->out, rel);
		diag_sys(d, name.data, "cannot write", errno);
		buf_free(&name);
		goto out;
	}
	if (close(fd) != 0) {
		struct buf name = BUF_INIT;

		fd = -1;
		buf_printf(&name, "%s/%s", s->out, rel);
		diag_sys(d, name.data, "cannot write", errno);
		buf_free(&name);
		goto out;
	}
	fd = -1;
	list(s, 1, rel, key, (uint64_t)st.st_size, (uint64_t)st.st_ino,
	    (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec, note);
	if (s->tap != NULL)
		s->tap(s->taparg, rel, data, len);
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	buf_free(&path);
	return rc;
}

void
stage_tap(struct stage *s, stage_tap_fn *fn, void *arg)
{
	s->tap = fn;
	s->taparg = arg;
}

/* ---- a file written a piece at a time ------------------------------------------ */

/*
 * The stream's bytes part from the published file's (or there is none):
 * make the staged file and give it the w->len bytes that matched, from
 * the published file.  Sets w->err on failure.
 */
static void
stream_part(struct stage_stream *w)
{
	char *path = join(w->s->dir, w->rel), tmp[16384];
	uint64_t at = 0;
	ssize_t k;

	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (w->fd == -1 && errno == ENOENT &&
	    make_parents(path, strlen(w->s->dir) + 1) == 0)
		w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0644);
	if (w->fd == -1)
		w->err = errno;
	while (w->err == 0 && at < w->len) {
		size_t want = w->len - at < sizeof tmp ? (size_t)(w->len - at) :
		    sizeof tmp;

		k = pread(w->oldfd, tmp, want, (off_t)at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			w->err = k < 0 ? errno : EIO;
		else if (fd_write_all(w->fd, tmp, (size_t)k) != 0)
			w->err = errno;
		else
			at += (uint64_t)k;
	}
	if (w->oldfd != -1)
		close(w->oldfd);
	w->oldfd = -1;
	free(path);
}

void
stage_stream_open(struct stage *s, struct stage_stream *w, const char *rel)
{
	const struct out_file *f = find_old(s, rel);
	struct stat st;

	memset(w, 0, sizeof *w);
	w->s = s;
	w->rel = xstrdup(rel);
	w->old = f;
	w->fd = w->oldfd = -1;
	/* Compared with the published file as it comes, as stage_write()
	 * compares it whole; written only from where it parts from it. */
	if (f != NULL && (w->oldfd = openat(s->outfd, rel, O_RDONLY |
	    O_NONBLOCK | O_CLOEXEC)) != -1 && (fstat(w->oldfd, &st) != 0 ||
	    !as_written(&st, f))) {
		close(w->oldfd);
		w->oldfd = -1;
	}
	if (w->oldfd == -1)
		stream_part(w);
}

/* Whether the next len bytes of the published file are those at data. */
static int
stream_same(struct stage_stream *w, const char *data, size_t len)
{
	char tmp[16384];
	size_t got = 0;
	ssize_t k;

	if (w->len + len > w->old->size)
		return 0;
	while (got < len) {
		size_t want = len - got < sizeof tmp ? len - got : sizeof tmp;

		k = pread(w->oldfd, tmp, want, (off_t)(w->len + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0 || memcmp(tmp, data + got, (size_t)k) != 0)
			return 0;
		got += (size_t)k;
	}
	return 1;
}

int
stage_stream_put(struct stage_stream *w, const void *data, size_t len)
{
	if (w->err == 0 && w->oldfd != -1 && !stream_same(w, data, len))
		stream_part(w);
	if (w->err == 0 && w->fd != -1 && fd_write_all(w->fd, data, len) != 0)
		w->err = errno;
	w->len += len;
	return w->err ? -1 : 0;
}

int
stage_stream_close(struct stage_stream *w, uint64_t key, const char *note,
    struct diags *d)
{
	const struct out_file *f = w->old;
	struct stat st;
	int rc = -1;

	if (note && strpbrk(note, "\t\n"))
		note = NULL;
	if (w->err == 0 && w->oldfd != -1 && w->len == f->size) {
		/* Every byte as published: kept as it is. */
		list(w->s, 0, w->rel, key, f->size, f->ino, f->mtime, note ?
		    note : "");
		rc = 0;
		goto out;
	}
	if (w->err == 0 && w->oldfd != -1)	/* a part of it, shorter */
		stream_part(w);
	if (w->err == 0 && fstat(w->fd, &st) != 0)
		w->err = errno;
	if (w->fd != -1 && close(w->fd) != 0 && w->err == 0)
		w->err = errno;
	w->fd = -1;
	if (w->err == 0) {
		list(w->s, 1, w->rel, key, (uint64_t)st.st_size,
		    (uint64_t)st.st_ino, (int64_t)st.st_mtim.tv_sec *
		    1000000000 + st.st_mtim.tv_nsec, note);
		rc = 0;
	} else {
		struct buf name = BUF_INIT;

		/* The user knows OUTPUT, not the staging folder. */
		buf_printf(&name, "%s/%s", w->s->out, w->rel);
		diag_sys(d, name.data, "cannot write", w->err);
		buf_free(&name);
	}
out:
	if (w->oldfd != -1)
		close(w->oldfd);
	if (w->fd != -1)
		close(w->fd);
	/* list() copied the path into its line. */
	free(w->rel);
	memset(w, 0, sizeof *w);
	w->fd = w->oldfd = -1;
	return rc;
}

int
stage_hand_over(struct stage *s, int worker, struct diags *d)
{
	return list_finish(s, worker, d);
}

/* ---- publishing ------------------------------------------------------------- */

/* s->nother, for a move of the staged entry rel of type sp. */
static void
count_move(struct stage *s, const struct stat *sp, const char *rel)
{
	if (s->nother == (size_t)-1)
		return;
	if (!S_ISREG(sp->st_mode))
		s->nother = (size_t)-1;
	else if (!str_ends(rel, ".html"))
		s->nother++;
}

/*
 * Plan the moves of the staged tree below rel ("" for the top) into the
 * journal j: a staged entry with nothing at its place in OUTPUT moves
 * whole (a new folder in one rename), a staged file replaces rapor's
 * file, staged folders over folders are walked.  An entry of OUTPUT in
 * the way that rapor did not write is an error; a file of rapor's where
 * a folder goes sets *first (deletions before moves).  The staged folders
 * walked, which the moves leave empty, are added to walked, a line each,
 * every folder after those inside it.
 */
static int
plan_moves(struct stage *s, const char *rel, struct buf *j, int *first,
    struct buf *walked, struct diags *d)
{
	char *sdir = *rel ? join(s->dir, rel) : xstrdup(s->dir), **names;
	size_t n, i;
	int rc = 0;

	if ((names = dir_list(sdir, &n)) == NULL) {
		diag_sys(d, s->out, "cannot read the staging folder", errno);
		free(sdir);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		struct buf r = BUF_INIT;
		struct stat so, sp;
		char *spath, *opath;

		if (!*rel && names[i][0] == '.')
			continue;	/* the lists and the new manifest */
		if (*rel)
			buf_printf(&r, "%s/%s", rel, names[i]);
		else
			buf_puts(&r, names[i]);
		spath = join(s->dir, r.data);
		opath = join(s->out, r.data);
		/* The staging folder is this build's: its listing's types
		 * are what was made there, no stat needed. */
		memset(&sp, 0, sizeof sp);
		if (dir_list_type(names[i]) == DT_DIR)
			sp.st_mode = S_IFDIR;
		else if (dir_list_type(names[i]) == DT_REG)
			sp.st_mode = S_IFREG;
		if (sp.st_mode == 0 && lstat(spath, &sp) != 0) {
			diag_sys(d, s->out, "cannot read the staging folder",
			    errno);
			rc = -1;
		} else if (lstat(opath, &so) != 0) {
			count_move(s, &sp, r.data);
			buf_printf(j, "W %s\n", r.data);
		} else if (S_ISDIR(sp.st_mode) && S_ISDIR(so.st_mode)) {
			rc = plan_moves(s, r.data, j, first, walked, d);
			/* After its own folders: the deepest come first. */
			buf_puts(walked, r.data);
			buf_putc(walked, '\n');
		} else if (S_ISREG(so.st_mode) && find_old(s, r.data)) {
			if (S_ISDIR(sp.st_mode))
				*first = 1;
			count_move(s, &sp, r.data);
			buf_printf(j, "W %s\n", r.data);
		} else {
			diag(d, DIAG_USAGE, opath, 0, 0, "is in the way of a "
			    "file of the site and rapor did not write it; move "
			    "it out of %s and build again", s->out);
			rc = -1;
		}
		free(spath);
		free(opath);
		buf_free(&r);
	}
	dir_list_free(names, n);
	free(sdir);
	return rc;
}

/*
 * What the workers listed, from the first lines of their lists: added to
 * *listed and *changed.  -1 when a list is missing or has no such line.
 */
static int
list_counts(const struct stage *s, int jobs, size_t *listed, size_t *changed)
{
	int w;

	for (w = 1; w < jobs; w++) {
		struct buf p = BUF_INIT;
		char head[64], *end;
		unsigned long long a, b;
		ssize_t n;
		int fd;

		buf_printf(&p, "%s/.list.%d", s->dir, w);
		fd = open(p.data, O_RDONLY | O_CLOEXEC);
		buf_free(&p);
		if (fd == -1)
			return -1;
		n = read(fd, head, sizeof head - 1);
		close(fd);
		if (n <= 0)
			return -1;
		head[n] = '\0';
		a = strtoull(head, &end, 10);
		if (*end != ' ')
			return -1;
		b = strtoull(end + 1, &end, 10);
		if (*end != '\n')
			return -1;
		*listed += (size_t)a;
		*changed += (size_t)b;
	}
	return 0;
}

/*
 * The new manifest of the files m lists into the staging folder's
 * .manifest, fsync'd when sync (it is to be renamed into place).
 * Returns 0, or -1 with a system error.
 */
static int
stage_manifest(struct stage *s, struct merge *m, int sync, struct diags *d)
{
	char *mp = join(s->dir, ".manifest"), *op = join(s->state, "manifest");
	struct diags quiet = DIAGS_INIT;
	int oldfd = -1, fd, bad, err;

	/* The published one, read again for the lines it keeps (where it
	 * cannot be, the lines are made again). */
	if (s->old->lined && (oldfd = file_open(op, NULL, &quiet)) < 0)
		oldfd = -1;
	fd = open(mp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	bad = fd == -1 || fd_write_all(fd, MANIFEST_HEAD "\n",
	    sizeof MANIFEST_HEAD) != 0 || merge_manifest(m, fd, oldfd) != 0 ||
	    (sync && fsync(fd) != 0);
	if (fd != -1 && close(fd) != 0)
		bad = 1;
	err = errno;
	if (oldfd != -1)
		close(oldfd);
	diag_free(&quiet);
	free(mp);
	free(op);
	if (bad)
		diag_sys(d, s->out, "cannot write the new manifest into the "
		    "staging folder", err);
	return bad ? -1 : 0;
}

int
stage_publish(struct stage *s, int jobs, struct diags *d)
{
	struct merge *m = NULL;
	struct buf j = BUF_INIT, dl = BUF_INIT, walked = BUF_INIT;
	char *jpath = NULL, *mpath = NULL, *mp = NULL;
	size_t i, deletes = 0;
	int rc = -1, first = 0;

	if (stage_interrupted)
		return -1;
	if (jobs < 1)
		jobs = 1;
	stage_index(s);
	{
		/* Every file as the manifest has it: nothing to do at all. */
		size_t listed = s->nlisted, changed = s->nchanged;

		if (list_counts(s, jobs, &listed, &changed) == 0 &&
		    changed == 0 && listed == s->old->n) {
			s->nlisted = listed;
			s->nstaged = 0;
			s->nremoved = 0;
			return 0;
		}
	}
	if (list_finish(s, 0, d) != 0 ||
	    (m = merge_lists(s->dir, jobs, s->old, s->out, d)) == NULL)
		goto out;
	s->nlisted = merge_count(m);
	s->nstaged = merge_staged(m);
	/* The files of the old site that the new one does not have. */
	for (i = 0; i < s->old->n; i++) {
		const struct out_file *o = &s->old->v[i];

		if (merge_has(m, i))
			continue;
		if (!intact(s, o)) {
			char *p = join(s->out, o->rel);
			struct stat st;

			if (lstat(p, &st) == 0)
				diag(d, DIAG_WARNING, p, 0, 0, "was changed "
				    "since rapor wrote it, so it is left in "
				    "place although the site no longer has it");
			free(p);
			continue;
		}
		buf_printf(&dl, "D %s\n", o->rel);
		deletes++;
	}
	buf_printf(&j, "%s%s\n", JOURNAL_HEAD, strrchr(s->dir, '/') + 1);
	s->nother = 0;
	if (plan_moves(s, "", &j, &first, &walked, d) != 0)
		goto out;
	mpath = join(s->state, "manifest");
	if (j.len == strlen(JOURNAL_HEAD) + strlen(strrchr(s->dir, '/') + 1) +
	    1 && deletes == 0) {
		/* Nothing moves: at most the manifest changes, in one rename. */
		if (stage_manifest(s, m, 1, d) != 0)
			goto out;
		mp = join(s->dir, ".manifest");
		if (!files_same(mp, mpath) && rename(mp, mpath) != 0) {
			diag_sys(d, mpath, "cannot write", errno);
			goto out;
		}
		s->nremoved = 0;
		rc = 0;
		goto out;
	}
	if (first) {
		/* A folder goes where a file of rapor's was: delete first. */
		struct buf w = BUF_INIT;
		const char *body = strchr(j.data, '\n') + 1;

		body = strchr(body, '\n') + 1;
		buf_put(&w, j.data, (size_t)(body - j.data));
		buf_put(&w, dl.data, dl.len);
		buf_puts(&w, body);
		buf_free(&j);
		j = w;
	} else
		buf_put(&j, dl.data, dl.len);
	if (stage_manifest(s, m, 0, d) != 0)
		goto out;
	if (stage_interrupted)
		goto out;
	/* The commit point: from here on the new site is what OUTPUT is. */
	jpath = join(s->state, "journal");
	if (write_atomic(jpath, j.data, j.len) != 0) {
		diag_sys(d, jpath, "cannot write", errno);
		goto out;
	}
	/* The staging folder is the journal's now: whatever happens, it
	 * stays for the journal to be carried out, here or by the next run. */
	free(s->dir);
	s->dir = NULL;
	s->made = 0;
	if (run_journal(s, j.data, j.len, &walked, d) != 0)
		goto out;
	s->nremoved = deletes;
	rc = 0;
out:
	if (rc == 0)
		s->made = 0;
	merge_free(m);
	buf_free(&j);
	buf_free(&dl);
	buf_free(&walked);
	free(jpath);
	free(mpath);
	free(mp);
	return rc;
}

/* Remove what this build made and did not publish. */
static void
release(struct stage *s)
{
	if (s->dir) {
		(void)remove_tree(s->dir);
		free(s->dir);
		s->dir = NULL;
	}
	if (s->made && s->state) {
		/* A first build that did not publish leaves no folder. */
		char *p = join(s->state, "lock");

		(void)unlink(p);
		free(p);
		(void)rmdir(s->state);
		(void)rmdir(s->out);
		s->made = 0;
	}
}

void
stage_close(struct stage *s)
{
	wait_reader(s);
	free(s->reader);
	release(s);
	if (s->lock != -1)
		close(s->lock);
	if (s->outfd != -1)
		close(s->outfd);
	if (s->listpid != 0 && s->listpid == getpid() && s->listfd != -1)
		close(s->listfd);
	if (exiting == s)
		exiting = NULL;
	ftab_free(s->old);
	buf_free(&s->list);
	free(s->out);
	free(s->state);
	memset(s, 0, sizeof *s);
	s->lock = -1;
	s->outfd = -1;
	s->listfd = -1;
}

int
remove_tree(const char *path)
{
	struct stat st;
	char **names;
	size_t n, i;
	int rc = 0;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((names = dir_list(path, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		char *p = join(path, names[i]);

		if (remove_tree(p) != 0)
			rc = -1;
		free(p);
	}
	dir_list_free(names, n);
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}
