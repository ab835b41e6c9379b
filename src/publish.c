/* Write stage: staging folder and atomic publish; see include/publish.h. */
#define _GNU_SOURCE	/* renameat2 */
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"
#include "xalloc.h"

int
stage_open(struct stage *s, const char *out, struct diags *d)
{
	struct buf b = BUF_INIT;
	const char *slash;
	size_t olen = strlen(out);

	memset(s, 0, sizeof *s);
	while (olen > 1 && out[olen - 1] == '/')
		olen--;
	s->out = xstrndup(out, olen);
	slash = strrchr(s->out, '/');
	/* The staging folder sits beside OUTPUT so rename() stays on one file system. */
	if (slash) {
		buf_put(&b, s->out, (size_t)(slash - s->out) + 1);
		buf_printf(&b, ".%s.rapor-XXXXXX", slash + 1);
	} else
		buf_printf(&b, ".%s.rapor-XXXXXX", s->out);
	s->dir = buf_detach(&b);
	if (mkdtemp(s->dir) == NULL) {
		/* mkdtemp left a random name that never existed: name OUTPUT. */
		diag_sys(d, s->out, "cannot create a staging folder beside it",
		    errno);
		free(s->dir);
		s->dir = NULL;
		return -1;
	}
	/* mkdtemp makes 0700; a published site is meant to be read. */
	chmod(s->dir, 0755);
	return 0;
}

/*
 * Make the folders of path below its first from bytes, like mkdir -p of
 * its parent.  From the deepest up: mostly only the last is missing.
 */
static int
make_parents(struct buf *path, size_t from)
{
	char *slash = strrchr(path->data + from, '/');
	int rc;

	if (slash == NULL)
		return 0;
	*slash = '\0';
	rc = mkdir(path->data, 0755);
	if (rc == -1 && errno == ENOENT) {
		rc = make_parents(path, from);
		if (rc == 0)
			rc = mkdir(path->data, 0755);
	}
	if (rc == -1 && errno == EEXIST)
		rc = 0;
	*slash = '/';
	return rc;
}

/*
 * Fault injection for the publish tests: with RAPOR_FAULT_WRITE=N the
 * Nth file write fails with EIO, so a test can prove that an I/O error
 * mid-build leaves OUTPUT untouched.  Running as root, permissions
 * cannot provoke one.
 */
static int
fault_now(void)
{
	static long count;
	const char *env = getenv("RAPOR_FAULT_WRITE");
	long at = env ? strtol(env, NULL, 10) : 0;

	/* Read each time, so a test process can set it after other writes. */
	return at > 0 && ++count == at;
}

int
stage_write(struct stage *s, const char *rel, const void *data, size_t len,
    struct diags *d)
{
	struct buf path = BUF_INIT;
	const char *p = data;
	size_t base;
	int fd = -1, rc = -1;

	buf_puts(&path, s->dir);
	buf_putc(&path, '/');
	base = path.len;
	buf_puts(&path, rel);
	/* Most files go into a folder made for an earlier one: try first,
	 * and make the folders only when they are missing. */
	fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1 && (errno == ENOENT || errno == ENOTDIR)) {
		if (make_parents(&path, base) != 0) {
			diag_sys(d, path.data, "cannot create folder for",
			    errno);
			goto out;
		}
		fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0644);
	}
	if (fd != -1 && fault_now()) {
		close(fd);
		fd = -1;
		errno = EIO;
	}
	if (fd == -1) {
		diag_sys(d, path.data, "cannot create", errno);
		goto out;
	}
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_sys(d, path.data, "cannot write", errno);
			goto out;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0) {
		fd = -1;
		diag_sys(d, path.data, "cannot write", errno);
		goto out;
	}
	fd = -1;
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	buf_free(&path);
	return rc;
}

int
stage_link(struct stage *s, const char *rel, const char *src)
{
	struct buf path = BUF_INIT;
	char *data = NULL;
	size_t base, len;
	int rc = -1, fd = -1, saved;

	buf_puts(&path, s->dir);
	buf_putc(&path, '/');
	base = path.len;
	buf_puts(&path, rel);
	if (link(src, path.data) == 0) {
		rc = 0;
		goto out;
	}
	if (errno == ENOENT && access(src, F_OK) == 0) {
		/* The folder is missing, not the file. */
		if (make_parents(&path, base) != 0)
			goto out;
		if (link(src, path.data) == 0) {
			rc = 0;
			goto out;
		}
	}
	if (errno != EXDEV && errno != EPERM && errno != EMLINK)
		goto out;
	/* Another file system or no hard links: copy. */
	if ((fd = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		goto out;
	{
		struct buf b = BUF_INIT;
		char chunk[65536];
		ssize_t n;

		while ((n = read(fd, chunk, sizeof chunk)) > 0)
			buf_put(&b, chunk, (size_t)n);
		len = b.len;
		data = buf_detach(&b);
		if (n < 0)
			goto out;
	}
	{
		int out = open(path.data, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0644);

		if (out == -1)
			goto out;
		if (write(out, data, len) != (ssize_t)len) {
			close(out);
			goto out;
		}
		if (close(out) != 0)
			goto out;
	}
	rc = 0;
out:
	saved = errno;
	if (fd != -1)
		close(fd);
	free(data);
	buf_free(&path);
	errno = saved;
	return rc;
}

/* Order of cache entries: by name, then by where they are (so that of
 * two entries of one name, which is found does not depend on the order
 * the lists were read in). */
static int
entry_cmp(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;
	int k = strcmp(x->name, y->name);

	return k != 0 ? k : strcmp(x->rel, y->rel);
}

/* Add the lines of a list, "name TAB rel TAB note NL", to c's entries;
 * lines not of that form are skipped. */
static void
cache_read_list(struct stage_cache *c, const char *path, size_t *cap)
{
	struct buf b = BUF_INIT;
	char chunk[65536], *line, *end, *t1, *t2;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return;
	while ((got = read(fd, chunk, sizeof chunk)) > 0)
		buf_put(&b, chunk, (size_t)got);
	close(fd);
	for (line = b.data; line != NULL && line < b.data + b.len;
	    line = end + 1) {
		if ((end = memchr(line, '\n', (size_t)(b.data + b.len - line)))
		    == NULL)
			break;		/* a last line cut short */
		*end = '\0';
		if ((t1 = strchr(line, '\t')) == NULL ||
		    (t2 = strchr(t1 + 1, '\t')) == NULL || t1 == line ||
		    t2 == t1 + 1)
			continue;
		*t1 = *t2 = '\0';
		XGROW(&c->e, &c->n, cap);
		c->e[c->n].name = xstrdup(line);
		c->e[c->n].rel = xstrdup(t1 + 1);
		c->e[c->n].note = xstrdup(t2 + 1);
		c->n++;
	}
	buf_free(&b);
}

/* Whether f is the list of a worker, "charts.N" (next: "charts.N.next"),
 * and which (to *w). */
static int
is_list(const char *f, int next, int *w)
{
	char *end;
	long n;

	if (strncmp(f, "charts.", 7) != 0 || f[7] < '0' || f[7] > '9')
		return 0;
	n = strtol(f + 7, &end, 10);
	if (n > 9999 || strcmp(end, next ? ".next" : "") != 0)
		return 0;
	*w = (int)n;
	return 1;
}

struct stage_cache *
stage_cache_open(const struct stage *s)
{
	struct stage_cache *c;
	struct buf b = BUF_INIT;
	const char *slash = strrchr(s->out, '/');
	char **names;
	size_t n, i, cap = 0;
	int w;

	if (slash) {
		buf_put(&b, s->out, (size_t)(slash - s->out) + 1);
		buf_printf(&b, ".%s.rapor-cache", slash + 1);
	} else
		buf_printf(&b, ".%s.rapor-cache", s->out);
	if (mkdir(b.data, 0755) != 0 && errno != EEXIST) {
		buf_free(&b);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->dir = buf_detach(&b);
	c->out = xstrdup(s->out);
	if ((names = dir_list(c->dir, &n)) != NULL) {
		for (i = 0; i < n; i++)
			if (is_list(names[i], 0, &w)) {
				buf_reset(&b);
				buf_printf(&b, "%s/%s", c->dir, names[i]);
				cache_read_list(c, b.data, &cap);
			}
		dir_list_free(names, n);
	}
	buf_free(&b);
	if (c->n > 1)
		qsort(c->e, c->n, sizeof *c->e, entry_cmp);
	return c;
}

int
stage_cache_get(struct stage_cache *c, struct stage *s, const char *name,
    const char *rel, struct buf *note)
{
	struct buf src = BUF_INIT;
	size_t lo = 0, hi = c->n, mid;
	int rc = -1;

	/* The first entry of the name. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(c->e[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == c->n || strcmp(c->e[lo].name, name) != 0)
		return -1;
	buf_printf(&src, "%s/%s", c->out, c->e[lo].rel);
	if (stage_link(s, rel, src.data) == 0) {
		stage_cache_put(c, name, rel, c->e[lo].note);
		if (note != NULL)
			buf_puts(note, c->e[lo].note);
		rc = 0;
	}
	buf_free(&src);
	return rc;
}

void
stage_cache_put(struct stage_cache *c, const char *name, const char *rel,
    const char *note)
{
	if (*name == '\0' || *rel == '\0' || strpbrk(name, "\t\n") ||
	    strpbrk(rel, "\t\n") || strpbrk(note, "\t\n"))
		return;
	buf_printf(&c->next, "%s\t%s\t%s\n", name, rel, note);
}

void
stage_cache_save(struct stage_cache *c, int worker)
{
	struct buf path = BUF_INIT;
	const char *p = c->next.data;
	size_t left = c->next.len;
	ssize_t k;
	int fd;

	buf_printf(&path, "%s/charts.%d.next", c->dir, worker);
	fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd != -1) {
		while (left > 0 && ((k = write(fd, p, left)) > 0 ||
		    (k < 0 && errno == EINTR)))
			if (k > 0) {
				p += k;
				left -= (size_t)k;
			}
		/* A list cut short would be read in part: none at all. */
		if (close(fd) != 0 || left > 0)
			(void)unlink(path.data);
	}
	buf_free(&path);
}

void
stage_cache_commit(struct stage_cache *c, int jobs)
{
	struct buf from = BUF_INIT, to = BUF_INIT;
	char **names;
	unsigned char *renamed;
	size_t n, i;
	int w;

	if (jobs < 0)
		jobs = 0;
	if ((names = dir_list(c->dir, &n)) == NULL)
		return;
	renamed = xcalloc((size_t)jobs + 1, 1);
	for (i = 0; i < n; i++)
		if (is_list(names[i], 1, &w) && w < jobs) {
			buf_reset(&from);
			buf_printf(&from, "%s/%s", c->dir, names[i]);
			buf_reset(&to);
			buf_printf(&to, "%s/charts.%d", c->dir, w);
			if (rename(from.data, to.data) == 0)
				renamed[w] = 1;
		}
	/*
	 * Everything else goes, above all a list this build did not
	 * replace: it names files of a tree that is gone, and the same
	 * paths in the new one may hold other charts.
	 */
	for (i = 0; i < n; i++) {
		if (is_list(names[i], 0, &w) && w < jobs && renamed[w])
			continue;
		if (is_list(names[i], 1, &w) && w < jobs && renamed[w])
			continue;	/* renamed already */
		buf_reset(&from);
		buf_printf(&from, "%s/%s", c->dir, names[i]);
		(void)unlink(from.data);
	}
	free(renamed);
	dir_list_free(names, n);
	buf_free(&from);
	buf_free(&to);
}

void
stage_cache_free(struct stage_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->e[i].name);
		free(c->e[i].rel);
		free(c->e[i].note);
	}
	free(c->e);
	buf_free(&c->next);
	free(c->dir);
	free(c->out);
	free(c);
}

int
remove_tree(const char *path)
{
	struct stat st;
	DIR *dp;
	struct dirent *de;
	int rc = 0;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((dp = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(dp)) != NULL) {
		struct buf b = BUF_INIT;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_printf(&b, "%s/%s", path, de->d_name);
		if (remove_tree(b.data) != 0)
			rc = -1;
		buf_free(&b);
	}
	closedir(dp);
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}

/* Move hidden top-level entries of the old tree into the new one. */
static void
carry_hidden(const char *from, const char *to)
{
	DIR *dp;
	struct dirent *de;

	if ((dp = opendir(from)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		struct buf a = BUF_INIT, b = BUF_INIT;

		if (de->d_name[0] != '.' || strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		buf_printf(&a, "%s/%s", from, de->d_name);
		buf_printf(&b, "%s/%s", to, de->d_name);
		(void)rename(a.data, b.data);
		buf_free(&a);
		buf_free(&b);
	}
	closedir(dp);
}

/*
 * For file systems without RENAME_EXCHANGE: two renames, with a short
 * window in which OUTPUT does not exist; on failure the old tree is put
 * back.  Afterwards s->dir names the old tree, as after an exchange.
 */
static int
swap_by_two_renames(struct stage *s, struct diags *d)
{
	struct buf old = BUF_INIT;
	int rc = -1;

	buf_printf(&old, "%s.old", s->dir);
	if (rename(s->out, old.data) != 0) {
		diag_sys(d, s->out, "cannot replace", errno);
		goto out;
	}
	if (rename(s->dir, s->out) != 0) {
		diag_sys(d, s->out, "cannot replace", errno);
		(void)rename(old.data, s->out);
		goto out;
	}
	if (rename(old.data, s->dir) != 0) {
		free(s->dir);
		s->dir = buf_detach(&old);
	}
	rc = 0;
out:
	buf_free(&old);
	return rc;
}

int
stage_publish(struct stage *s, struct diags *d)
{
	struct stat st;

	if (lstat(s->out, &st) == -1) {
		if (errno != ENOENT) {
			diag_sys(d, s->out, "cannot inspect", errno);
			return -1;
		}
		if (rename(s->dir, s->out) != 0) {
			diag_sys(d, s->out, "cannot publish into", errno);
			return -1;
		}
		free(s->dir);
		s->dir = NULL;
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_sys(d, s->out, "cannot replace", ENOTDIR);
		return -1;
	}
	/*
	 * One atomic swap: readers see the old tree or the new, never
	 * neither.  The old tree ends up at the staging path and is removed.
	 */
	if (renameat2(AT_FDCWD, s->dir, AT_FDCWD, s->out,
	    RENAME_EXCHANGE) != 0) {
		if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
			diag_sys(d, s->out, "cannot replace", errno);
			return -1;
		}
		if (swap_by_two_renames(s, d) != 0)
			return -1;
	}
	carry_hidden(s->dir, s->out);
	if (remove_tree(s->dir) != 0)
		diag(d, DIAG_WARNING, s->dir, 0, 0, "could not remove the "
		    "previous site's files");
	free(s->dir);
	s->dir = NULL;
	return 0;
}

void
stage_close(struct stage *s)
{
	if (s->dir) {
		remove_tree(s->dir);
		free(s->dir);
	}
	free(s->out);
	memset(s, 0, sizeof *s);
}
