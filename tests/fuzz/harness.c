/* Helpers shared by the fuzz targets: see harness.h. */
#include "harness.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "publish.h"
#include "xalloc.h"

#define SEP_OPEN	"==> "
#define SEP_CLOSE	" <=="

/* Nonzero when the line [p, e) is a separator; sets its name. */
static int
separator(const char *p, const char *e, const char **name, size_t *nlen)
{
	size_t n = (size_t)(e - p), ol = strlen(SEP_OPEN),
	    cl = strlen(SEP_CLOSE);

	if (n < ol + cl + 1 || memcmp(p, SEP_OPEN, ol) != 0 ||
	    memcmp(e - cl, SEP_CLOSE, cl) != 0)
		return 0;
	*name = p + ol;
	*nlen = n - ol - cl;
	return 1;
}

size_t
fuzz_split(const uint8_t *data, size_t size, struct fuzz_part *parts)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	size_t n = 1;

	memset(&parts[0], 0, sizeof parts[0]);
	parts[0].data = p;
	for (; p < end; p = nl + 1) {
		const char *le, *name;
		size_t nlen;

		nl = memchr(p, '\n', (size_t)(end - p));
		le = nl ? nl : end;
		if (n < FUZZ_MAX_PARTS && separator(p, le, &name, &nlen)) {
			parts[n - 1].len = (size_t)(p - parts[n - 1].data);
			parts[n].name = name;
			parts[n].nlen = nlen;
			parts[n].data = nl ? nl + 1 : end;
			n++;
		}
		if (nl == NULL)
			break;
	}
	parts[n - 1].len = (size_t)(end - parts[n - 1].data);
	return n;
}

char *
fuzz_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s/rapor-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(b.data) == NULL) {
		perror(b.data);
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

void
fuzz_rmdir(char *dir)
{
	if (dir == NULL)
		return;
	if (remove_tree(dir) != 0) {
		/* A folder left behind would fill the disk over a long run. */
		perror(dir);
		abort();
	}
	free(dir);
}

/* Nonzero when rel is a path fuzz_put() accepts (see harness.h). */
static int
safe_path(const char *rel, size_t n)
{
	size_t i, start = 0, parts = 0;

	if (n == 0 || n > 100 || rel[0] == '/')
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || rel[i] == '/') {
			size_t l = i - start;

			if (l == 0 && i == n && parts > 0)
				break;	/* a trailing '/' */
			if (l == 0 || (l == 1 && rel[start] == '.') ||
			    (l == 2 && rel[start] == '.' &&
			    rel[start + 1] == '.') || ++parts > 4)
				return 0;
			start = i + 1;
			continue;
		}
		if (!((rel[i] >= 'a' && rel[i] <= 'z') ||
		    (rel[i] >= 'A' && rel[i] <= 'Z') ||
		    (rel[i] >= '0' && rel[i] <= '9') ||
		    rel[i] == '.' || rel[i] == '_' || rel[i] == '-'))
			return 0;
	}
	return 1;
}

int
fuzz_put(const char *dir, const char *rel, size_t nlen, const char *data,
    size_t len)
{
	struct buf path = BUF_INIT;
	size_t base, i;
	int fd, rc = -1;

	if (!safe_path(rel, nlen))
		return -1;
	buf_printf(&path, "%s/", dir);
	base = path.len;
	buf_put(&path, rel, nlen);
	/* The folders on the way, then the file itself. */
	for (i = base; i < path.len; i++) {
		if (path.data[i] != '/')
			continue;
		path.data[i] = '\0';
		if (mkdir(path.data, 0700) != 0 && errno != EEXIST)
			goto out;
		path.data[i] = '/';
	}
	if (path.data[path.len - 1] == '/') {
		rc = 0;
		goto out;
	}
	if ((fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
	    0600)) == -1)
		goto out;
	rc = write(fd, data, len) == (ssize_t)len ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
out:
	buf_free(&path);
	return rc;
}
