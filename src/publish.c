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

static int
make_parents(struct buf *path, size_t from)
{
	size_t i;

	for (i = from; i < path->len; i++) {
		if (path->data[i] != '/')
			continue;
		path->data[i] = '\0';
		if (mkdir(path->data, 0755) == -1 && errno != EEXIST) {
			path->data[i] = '/';
			return -1;
		}
		path->data[i] = '/';
	}
	return 0;
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
	if (make_parents(&path, base) != 0) {
		diag_sys(d, path.data, "cannot create folder for", errno);
		goto out;
	}
	fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
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
	if (make_parents(&path, base) != 0)
		goto out;
	if (link(src, path.data) == 0) {
		rc = 0;
		goto out;
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

char *
stage_cache_dir(const struct stage *s)
{
	struct buf b = BUF_INIT;
	const char *slash = strrchr(s->out, '/');

	if (slash) {
		buf_put(&b, s->out, (size_t)(slash - s->out) + 1);
		buf_printf(&b, ".%s.rapor-cache", slash + 1);
	} else
		buf_printf(&b, ".%s.rapor-cache", s->out);
	if (mkdir(b.data, 0755) != 0 && errno != EEXIST) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void
stage_prune_cache(const char *cache_dir)
{
	size_t n, i;
	char **names = dir_list(cache_dir, &n);

	if (names == NULL)
		return;
	for (i = 0; i < n; i++) {
		struct buf p = BUF_INIT;
		struct stat st;

		buf_printf(&p, "%s/%s", cache_dir, names[i]);
		if (lstat(p.data, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_nlink == 1)
			(void)unlink(p.data);
		buf_free(&p);
	}
	dir_list_free(names, n);
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
