/* rapor init: see include/init.h. */
#include "init.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "util.h"
#include "xalloc.h"

/* What this run created, so that a failure can take it back. */
struct made {
	char	**v;	/* paths, in the order created (owned) */
	size_t	 n;	/* how many */
	size_t	 cap;	/* capacity of v */
};

static void
made_add(struct made *m, const char *path)
{
	XGROW(&m->v, &m->n, &m->cap);
	m->v[m->n++] = xstrdup(path);
}

/*
 * Remove what this run created, newest first: files, then their folders.
 * remove() takes a folder only when it is empty, so anything someone else
 * put there meanwhile stays.
 */
static void
made_undo(const struct made *m)
{
	size_t i;

	for (i = m->n; i > 0; i--)
		remove(m->v[i - 1]);
}

static void
made_free(struct made *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i]);
	free(m->v);
}

/*
 * Make the folders of path->data after its first from bytes (dir, which
 * exists), listing in m those this run created.
 */
static int
make_folders(struct buf *path, size_t from, struct made *m, struct diags *d)
{
	char *p;

	for (p = path->data + from; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path->data, 0777) == 0)
			made_add(m, path->data);
		else if (errno != EEXIST) {
			diag_sys(d, path->data, "cannot create folder", errno);
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* Write one new file ("x": fails if it exists, so nothing is overwritten). */
static int
write_new(const char *path, const struct skel_file *f, struct made *m,
    struct diags *d)
{
	FILE *fp = fopen(path, "wbx");

	if (fp == NULL) {
		diag_sys(d, path, "cannot create", errno);
		return -1;
	}
	made_add(m, path);
	if (fwrite(f->data, 1, f->len, fp) != f->len) {
		diag_sys(d, path, "cannot write", errno);
		fclose(fp);
		return -1;
	}
	if (fclose(fp) != 0) {
		diag_sys(d, path, "cannot write", errno);
		return -1;
	}
	return 0;
}

/*
 * Whether dir can be written into: 0 when it is an empty folder or
 * missing (*missing set); -1 with a refusal (DIAG_USAGE: it holds
 * something or is not a folder) or a system error recorded.
 */
static int
check_target(const char *dir, int *missing, struct diags *d)
{
	struct stat st;
	char **names;
	size_t n;

	*missing = 0;
	if (stat(dir, &st) == -1) {
		if (errno != ENOENT) {
			diag_sys(d, dir, "cannot inspect", errno);
			return -1;
		}
		*missing = 1;
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag(d, DIAG_USAGE, dir, 0, 0, "exists and is not a folder, so "
		    "rapor init wrote nothing: give the name of a new folder");
		return -1;
	}
	if ((names = dir_list(dir, &n)) == NULL) {
		diag_sys(d, dir, "cannot read folder", errno);
		return -1;
	}
	dir_list_free(names, n);
	if (n > 0) {
		diag(d, DIAG_USAGE, dir, 0, 0, "the folder is not empty (%zu "
		    "entr%s), so rapor init wrote nothing: give a new or empty "
		    "folder, such as 'rapor init %s/content'", n,
		    n == 1 ? "y" : "ies", dir);
		return -1;
	}
	return 0;
}

int
cmd_init(const char *dir)
{
	struct diags d = DIAGS_INIT;
	struct made m = { NULL, 0, 0 };
	struct buf path = BUF_INIT;
	size_t i;
	int rc, missing;

	if (check_target(dir, &missing, &d) != 0)
		goto out;
	if (missing) {
		if (mkdir(dir, 0777) != 0) {
			diag_sys(&d, dir, "cannot create folder", errno);
			goto out;
		}
		made_add(&m, dir);
	}
	for (i = 0; i < skel_nfiles; i++) {
		size_t base;

		buf_reset(&path);
		buf_puts(&path, dir);
		buf_putc(&path, '/');
		base = path.len;
		buf_puts(&path, skel_files[i].path);
		if (make_folders(&path, base, &m, &d) != 0 ||
		    write_new(path.data, &skel_files[i], &m, &d) != 0)
			break;
	}
	if (d.system > 0)
		made_undo(&m);
	else
		fprintf(stderr, "rapor: init: wrote %zu files into %s (its "
		    "README.txt says what each is); next: rapor check -C %s, "
		    "then rapor build -C %s -o site\n", skel_nfiles, dir, dir,
		    dir);
out:
	diag_print(&d, stderr);
	rc = diag_status(&d);
	buf_free(&path);
	made_free(&m);
	diag_free(&d);
	return rc;
}
