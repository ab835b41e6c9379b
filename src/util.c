/* Small text and file-system helpers: see include/util.h. */
#define _XOPEN_SOURCE 700	/* realpath */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "xalloc.h"

int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void
str_trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' ||
	    (*e)[-1] == '\r'))
		(*e)--;
}

int
str_ends(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);

	return n >= k && memcmp(s + n - k, end, k) == 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
dir_list(const char *dir, size_t *n)
{
	char **v = xcalloc(1, sizeof *v);
	size_t cap = 1;
	DIR *dp;
	struct dirent *de;

	*n = 0;
	if ((dp = opendir(dir)) == NULL) {
		int saved = errno;

		free(v);
		errno = saved;
		return NULL;
	}
	while ((de = readdir(dp)) != NULL) {
		size_t len = strlen(de->d_name);
		char *name;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		name = xmalloc(len + 2);

		/* The entry's type rides behind the name's NUL, through
		 * the sort, for dir_list_type(). */
		memcpy(name, de->d_name, len + 1);
		name[len + 1] = (char)de->d_type;
		XGROW(&v, n, &cap);
		v[(*n)++] = name;
	}
	closedir(dp);
	qsort(v, *n, sizeof *v, name_cmp);
	return v;
}

unsigned char
dir_list_type(const char *name)
{
	return (unsigned char)name[strlen(name) + 1];
}

void
dir_list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* What kind of file mode m is, for a message. */
static const char *
kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a regular file";
}

int
path_inside(const char *path, const char *root, struct diags *d)
{
	char *rp = NULL, *rr = NULL;
	size_t n;
	int rc = 1;

	if (root == NULL)
		return 1;
	/* A path that does not resolve (a dangling link, a missing file)
	 * is left to the open that follows, which says why. */
	if ((rp = realpath(path, NULL)) == NULL ||
	    (rr = realpath(root, NULL)) == NULL)
		goto out;
	n = strlen(rr);
	if (strncmp(rp, rr, n) == 0 && (rp[n] == '/' || rp[n] == '\0' ||
	    (n == 1 && rr[0] == '/')))
		goto out;
	diag(d, DIAG_ERROR, path, 0, 0, "is a symbolic link to '%s', outside "
	    "'%s'; only files inside it are read", rp, root);
	rc = 0;
out:
	free(rp);
	free(rr);
	return rc;
}

int
file_open(const char *path, const char *root, struct diags *d)
{
	struct stat st;
	int fd, fl;

	if (!path_inside(path, root, d))
		return -1;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			return -2;
		diag_sys(d, path, "cannot open", errno);
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		diag_sys(d, path, "cannot read", errno);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		diag(d, DIAG_ERROR, path, 0, 0, "is %s; only regular files "
		    "are read", kind_of(st.st_mode));
		close(fd);
		return -1;
	}
	if ((fl = fcntl(fd, F_GETFL)) != -1)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int
file_read(const char *path, const char *root, size_t limit, char **out,
    size_t *len, struct diags *d)
{
	struct buf b = BUF_INIT;
	ssize_t n;
	int fd;

	*out = NULL;
	*len = 0;
	if ((fd = file_open(path, root, d)) < 0)
		return fd == -2 ? 1 : -1;
	for (;;) {
		char *room = buf_room(&b, 65536);

		if ((n = read(fd, room, 65536)) < 0) {
			if (errno == EINTR)
				continue;
			diag_sys(d, path, "cannot read", errno);
			goto fail;
		}
		buf_commit(&b, (size_t)n);	/* NUL-terminates, even at 0 */
		if (n == 0)
			break;
		if (b.len > limit) {
			if (limit % (1024 * 1024) == 0)
				diag(d, DIAG_ERROR, path, 0, 0, "file is larger "
				    "than %zu MiB", limit / (1024 * 1024));
			else
				diag(d, DIAG_ERROR, path, 0, 0, "file is larger "
				    "than %zu bytes", limit);
			goto fail;
		}
	}
	close(fd);
	*len = b.len;
	*out = buf_detach(&b);
	return 0;
fail:
	close(fd);
	buf_free(&b);
	return -1;
}

char *
self_exe(void)
{
	struct buf b = BUF_INIT;
	ssize_t n;
	size_t cap = 256;

	for (;;) {
		n = readlink("/proc/self/exe", buf_room(&b, cap), cap);
		if (n < 0) {
			buf_free(&b);
			return xstrdup("/proc/self/exe");
		}
		if ((size_t)n < cap)
			break;
		cap *= 2;
	}
	buf_commit(&b, (size_t)n);
	return buf_detach(&b);
}

int
hash_path(uint64_t *h, const char *path)
{
	char piece[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd == -1)
		return -1;
	while ((n = read(fd, piece, sizeof piece)) > 0)
		*h = hash_bytes(*h, piece, (size_t)n);
	close(fd);
	return n == 0 ? 0 : -1;
}

static int
hash_folder_at(uint64_t *h, const char *dir, int depth)
{
	struct buf p = BUF_INIT;
	char **names;
	size_t n, i;
	int rc = 0;

	if (depth > 32 || (names = dir_list(dir, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		struct stat st;
		int bad = 0;

		buf_reset(&p);
		buf_printf(&p, "%s/%s", dir, names[i]);
		*h = hash_str(*h, names[i]);
		if (stat(p.data, &st) != 0)
			bad = 1;
		else if (S_ISDIR(st.st_mode)) {
			*h = hash_str(*h, "/");
			bad = hash_folder_at(h, p.data, depth + 1) != 0;
		} else if (S_ISREG(st.st_mode)) {
			*h = hash_int(*h, (long long)st.st_size);
			bad = hash_path(h, p.data) != 0;
		} else
			bad = 1;
		/* The rest still counts: a key made from it sees changes. */
		if (bad) {
			*h = hash_str(*h, "?");
			rc = -1;
		}
	}
	buf_free(&p);
	dir_list_free(names, n);
	return rc;
}

int
hash_folder(uint64_t *h, const char *dir)
{
	return hash_folder_at(h, dir, 0);
}

int
fd_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t k = write(fd, c, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return -1;
		}
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

ssize_t
fd_read_full(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;

	while (got < n) {
		ssize_t k = read(fd, c + got, n - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}
