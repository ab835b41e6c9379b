/*
 * Template sets: see include/template.h.  This file keeps the set and
 * loads templates; template_parse.c compiles them and
 * template_render.c renders them.
 */
#include "template_impl.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

struct tpl_set *
tpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tpl_set));
}

static void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	tpl_nodes_free(&t->root);
	free(t->name);
	free(t->file);
	free(t->src);
	free(t);
}

void
tpl_set_free(struct tpl_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		tpl_free(set->v[i]);
	free(set->v);
	free(set->slot);
	free(set);
}

const struct tpl *
tpl_find(const struct tpl_set *set, const char *name, size_t len,
    uint32_t hash)
{
	size_t mask, s;

	if (set->nslot == 0)
		return NULL;
	mask = set->nslot - 1;
	for (s = hash & mask; set->slot[s] != NULL; s = (s + 1) & mask) {
		const struct tpl *t = set->slot[s];

		if (t->hash == hash && t->nlen == len &&
		    memcmp(t->name, name, len) == 0)
			return t;
	}
	return NULL;
}

static void
slot_put(struct tpl_set *set, struct tpl *t)
{
	size_t mask = set->nslot - 1, s = t->hash & mask;

	while (set->slot[s] != NULL)
		s = (s + 1) & mask;
	set->slot[s] = t;
}

static void
set_insert(struct tpl_set *set, struct tpl *t)
{
	size_t i;

	XGROW(&set->v, &set->n, &set->cap);
	set->v[set->n++] = t;
	if (set->n * 2 > set->nslot) {
		free(set->slot);
		set->nslot = set->nslot ? set->nslot * 2 : 16;
		while (set->n * 2 > set->nslot)
			set->nslot *= 2;
		set->slot = xcalloc(set->nslot, sizeof *set->slot);
		for (i = 0; i < set->n; i++)
			slot_put(set, set->v[i]);
	} else
		slot_put(set, t);
}

int
tpl_has(const struct tpl_set *set, const char *name)
{
	size_t len = strlen(name);

	return tpl_find(set, name, len, v_hash(name, len)) != NULL;
}

int
tpl_add(struct tpl_set *set, const char *name, const char *file,
    const char *src, size_t len, struct diags *d)
{
	struct tpl *t = xcalloc(1, sizeof *t);
	int rc = -1;

	t->nlen = strlen(name);
	t->name = xstrndup(name, t->nlen);
	t->hash = v_hash(name, t->nlen);
	t->file = xstrdup(file ? file : name);
	t->src = xstrndup(src, len);
	if (tpl_find(set, t->name, t->nlen, t->hash) != NULL) {
		diag(d, DIAG_ERROR, t->file, 0, 0, "a template called '%s' "
		    "is already loaded", name);
		goto out;
	}
	if (tpl_compile(t, len, d) < 0)
		goto out;
	set_insert(set, t);
	t = NULL;
	rc = 0;
out:
	tpl_free(t);
	return rc;
}

/* ---- Loading a directory ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the whole regular file at path into b. */
static int
read_file(const char *path, struct buf *b, struct diags *d)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t got;
	int rc = -1;

	if (f == NULL) {
		diag_sys(d, path, "cannot open template", errno);
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b->len + got > TPL_MAX_FILE) {
			diag(d, DIAG_ERROR, path, 0, 0, "template larger than "
			    "%zu bytes", TPL_MAX_FILE);
			goto out;
		}
		buf_put(b, chunk, got);
	}
	if (ferror(f)) {
		diag_sys(d, path, "cannot read template", errno);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

int
tpl_load_dir(struct tpl_set *set, const char *dir, struct diags *d)
{
	static const char ext[] = ".mustache";
	size_t extlen = sizeof ext - 1, n = 0, cap = 0, i;
	char **names = NULL;
	struct dirent *e;
	struct buf path = BUF_INIT, src = BUF_INIT;
	DIR *dp = opendir(dir);
	int rc = 0;

	if (dp == NULL) {
		diag_sys(d, dir, "cannot open template directory", errno);
		return -1;
	}
	/* readdir() tells its errors from the end by errno alone. */
	for (errno = 0; (e = readdir(dp)) != NULL; errno = 0) {
		size_t len = strlen(e->d_name);

		if (len <= extlen || e->d_name[0] == '.' ||
		    strcmp(e->d_name + len - extlen, ext) != 0)
			continue;
		XGROW(&names, &n, &cap);
		names[n++] = xstrdup(e->d_name);
	}
	if (errno != 0) {
		diag_sys(d, dir, "cannot read template directory", errno);
		rc = -1;
	}
	closedir(dp);
	if (n > 0)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;
		char *name;

		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, names[i]);
		if (stat(path.data, &st) < 0) {
			diag_sys(d, path.data, "cannot open template", errno);
			rc = -1;
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		buf_reset(&src);
		if (read_file(path.data, &src, d) < 0) {
			rc = -1;
			continue;
		}
		name = xstrndup(names[i], strlen(names[i]) - extlen);
		if (tpl_add(set, name, path.data, buf_str(&src), src.len,
		    d) < 0)
			rc = -1;
		free(name);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&path);
	buf_free(&src);
	return rc;
}
