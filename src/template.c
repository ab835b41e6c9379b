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
#include "hash.h"
#include "util.h"
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
	t->srclen = len;
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

/* ---- What a template reads of its set ---- */

/* The names a digest has met, so that each is hashed once and a
 * template that includes itself ends the walk. */
struct reached {
	struct seg	*v;	/* owned array; the names point into sources */
	size_t		 n, cap;
};

static uint64_t digest_name(const struct tpl_set *set, struct reached *seen,
    const char *name, size_t len, uint32_t hash, uint64_t h);

static uint64_t
digest_nodes(const struct tpl_set *set, struct reached *seen,
    const struct nodes *ns, uint64_t h)
{
	size_t i, a;

	for (i = 0; i < ns->n; i++) {
		const struct node *nd = &ns->v[i];

		switch (nd->kind) {
		case N_PARENT:
			for (a = 0; a < nd->nargs; a++)
				h = digest_nodes(set, seen, &nd->args[a].body, h);
			/* FALLTHROUGH */
		case N_PARTIAL:
			h = digest_name(set, seen, nd->segs[0].s, nd->segs[0].len,
			    nd->segs[0].hash, h);
			break;
		case N_SECTION:
		case N_INVERTED:
		case N_BLOCK:
			h = digest_nodes(set, seen, &nd->kids, h);
			break;
		default:
			break;
		}
	}
	return h;
}

static uint64_t
digest_name(const struct tpl_set *set, struct reached *seen, const char *name,
    size_t len, uint32_t hash, uint64_t h)
{
	const struct tpl *t;
	size_t i;

	for (i = 0; i < seen->n; i++)
		if (seen->v[i].hash == hash && seen->v[i].len == len &&
		    memcmp(seen->v[i].s, name, len) == 0)
			return h;
	XGROW(&seen->v, &seen->n, &seen->cap);
	seen->v[seen->n].s = name;
	seen->v[seen->n].len = len;
	seen->v[seen->n++].hash = hash;
	h = hash_bytes(h, name, len);
	if ((t = tpl_find(set, name, len, hash)) == NULL)
		return hash_str(h, NULL);
	h = hash_bytes(h, t->src, t->srclen);
	return digest_nodes(set, seen, &t->root, h);
}

uint64_t
tpl_digest(const struct tpl_set *set, const char *name, uint64_t h)
{
	struct reached seen = { NULL, 0, 0 };
	size_t len = strlen(name);

	h = digest_name(set, &seen, name, len, v_hash(name, len), h);
	free(seen.v);
	return h;
}

/* ---- Loading a directory ---- */

int
tpl_load_dir(struct tpl_set *set, const char *dir, struct diags *d)
{
	static const char ext[] = ".mustache";
	size_t extlen = sizeof ext - 1, n, i;
	char **names = dir_list(dir, &n);
	struct buf path = BUF_INIT;
	int rc = 0, k;

	if (names == NULL) {
		diag_sys(d, dir, "cannot open template directory", errno);
		return -1;
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		struct stat st;
		char *src, *name;

		if (len <= extlen || names[i][0] == '.' ||
		    strcmp(names[i] + len - extlen, ext) != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, names[i]);
		/* A folder that happens to end in .mustache is not one. */
		if (stat(path.data, &st) == 0 && S_ISDIR(st.st_mode))
			continue;
		if ((k = file_read(path.data, dir, TPL_MAX_FILE, &src, &len,
		    d)) != 0) {
			if (k == 1)	/* gone since the folder was listed */
				diag_sys(d, path.data, "cannot read", ENOENT);
			rc = -1;
			continue;
		}
		name = xstrndup(names[i], strlen(names[i]) - extlen);
		if (tpl_add(set, name, path.data, src, len, d) < 0)
			rc = -1;
		free(name);
		free(src);
	}
	dir_list_free(names, n);
	buf_free(&path);
	return rc;
}
