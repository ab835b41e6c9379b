/* Where OUTPUT may be: see publish_place.h. */
#define _GNU_SOURCE	/* realpath */
#include "publish_place.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "xalloc.h"

/* The real path of path, or of what it would be when only its last
 * component is missing; NULL (errno set) otherwise. */
static char *
real_of(const char *path)
{
	char *dir, *base, *r, *slash;
	struct buf b = BUF_INIT;

	if ((r = realpath(path, NULL)) != NULL || errno != ENOENT)
		return r;
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	base = slash ? slash + 1 : dir;
	if (slash == dir)
		r = realpath("/", NULL);
	else if (slash) {
		*slash = '\0';
		r = realpath(dir, NULL);
	} else
		r = realpath(".", NULL);
	if (r != NULL && strcmp(base, ".") != 0 && strcmp(base, "..") != 0 &&
	    *base != '\0') {
		buf_printf(&b, "%s%s%s", r, strcmp(r, "/") == 0 ? "" : "/",
		    base);
		free(r);
		r = buf_detach(&b);
	}
	free(dir);
	return r;
}

/* Whether the real path a is b or lies inside it. */
static int
within(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (strcmp(b, "/") == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/*
 * The refusals of include/publish.h that depend on where OUTPUT is.
 * Returns 0, or -1 with a DIAG_USAGE error.
 */
int
check_place(const char *out, const char *content, const char *templates,
    struct diags *d)
{
	const char *what[2] = { content, templates };
	const char *name[2] = { "content", "templates" };
	char *ro = real_of(out), *r;
	const char *home = getenv("HOME");
	int rc = -1, i;

	if (ro == NULL) {
		diag_sys(d, out, "cannot use as the output folder", errno);
		return -1;
	}
	if (strcmp(ro, "/") == 0) {
		diag(d, DIAG_USAGE, out, 0, 0, "is the root folder; give rapor "
		    "a folder of its own with -o, such as -o output");
		goto out;
	}
	if (home && *home && (r = realpath(home, NULL)) != NULL) {
		int same = strcmp(r, ro) == 0;

		free(r);
		if (same) {
			diag(d, DIAG_USAGE, out, 0, 0, "is your home folder; "
			    "give rapor a folder of its own with -o, such as "
			    "-o output");
			goto out;
		}
	}
	if ((r = realpath(".", NULL)) != NULL) {
		int same = strcmp(r, ro) == 0;

		free(r);
		if (same) {
			diag(d, DIAG_USAGE, out, 0, 0, "is the working folder "
			    "itself; give rapor a folder of its own with -o, "
			    "such as -o output");
			goto out;
		}
	}
	for (i = 0; i < 2; i++) {
		if (what[i] == NULL || (r = realpath(what[i], NULL)) == NULL)
			continue;
		if (strcmp(r, ro) == 0)
			diag(d, DIAG_USAGE, out, 0, 0, "is the %s folder; the "
			    "site would replace it: give another -o", name[i]);
		else if (within(ro, r))
			diag(d, DIAG_USAGE, out, 0, 0, "lies inside the %s "
			    "folder '%s'; give an -o outside it", name[i],
			    what[i]);
		else if (within(r, ro))
			diag(d, DIAG_USAGE, out, 0, 0, "holds the %s folder "
			    "'%s'; give an -o that does not contain it",
			    name[i], what[i]);
		else {
			free(r);
			continue;
		}
		free(r);
		goto out;
	}
	rc = 0;
out:
	free(ro);
	return rc;
}

