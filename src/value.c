/* The data tree templates read: see include/value.h. */
#include "value.h"

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "xalloc.h"

/*
 * Maps up to this many entries are searched by scanning the (hash, len)
 * pairs, which beats hashing for the handful of keys most page objects
 * have; bigger maps get an open-addressing index.
 */
#define MAP_SCAN_MAX 8

/*
 * A page's tree has a few thousand entries but its keys are a few
 * hundred names ("url", "title", the interface strings' names), so each
 * name is kept once for the process rather than copied and freed with
 * every entry: a table that only grows, bounded by the names the code
 * and the strings file use.  Trees are built by a process's main thread
 * only (the threads of publish.c build none), so the table has no lock.
 */
struct key_slot {
	const char	*s;	/* the name, NUL-terminated (owned), or NULL */
	size_t		 len;	/* bytes in s */
	uint32_t	 hash;	/* v_hash(s, len) */
};

static struct {
	struct key_slot	*slot;	/* open addressing, at most half full */
	size_t		 nslot;	/* a power of two, or 0 */
	size_t		 n;	/* names held */
} keys;

static void
keys_put(struct key_slot *slot, size_t nslot, struct key_slot k)
{
	size_t i = k.hash & (nslot - 1);

	while (slot[i].s != NULL)
		i = (i + 1) & (nslot - 1);
	slot[i] = k;
}

/* The process's copy of the len bytes at key, whose hash is hash. */
static const char *
key_intern(const char *key, size_t len, uint32_t hash)
{
	struct key_slot k;
	size_t i;

	if (keys.nslot != 0)
		for (i = hash & (keys.nslot - 1); keys.slot[i].s != NULL;
		    i = (i + 1) & (keys.nslot - 1))
			if (keys.slot[i].hash == hash &&
			    keys.slot[i].len == len &&
			    memcmp(keys.slot[i].s, key, len) == 0)
				return keys.slot[i].s;
	if ((keys.n + 1) * 2 > keys.nslot) {
		size_t nslot = keys.nslot ? keys.nslot * 2 : 512;
		struct key_slot *slot = xcalloc(nslot, sizeof *slot);

		for (i = 0; i < keys.nslot; i++)
			if (keys.slot[i].s != NULL)
				keys_put(slot, nslot, keys.slot[i]);
		free(keys.slot);
		keys.slot = slot;
		keys.nslot = nslot;
	}
	k.s = xstrndup(key, len);
	k.len = len;
	k.hash = hash;
	keys_put(keys.slot, keys.nslot, k);
	keys.n++;
	return k.s;
}

/*
 * The page arena (v_arena_begin()): blocks of ARENA_BLOCK bytes, newest
 * first, cut in 16-byte steps; a piece of more than a quarter of a block
 * gets a block of its own behind the newest, whose room stays in use.
 * Trees are built by the main thread only, as the names above.
 */
#define ARENA_BLOCK	((size_t)64 * 1024)
#define ARENA_ALIGN	((size_t)16)

struct arena_block {
	struct arena_block *next;	/* the block made before (owned) */
	size_t		 cap, used;	/* bytes in data, of them in use */
	max_align_t	 data[];	/* the pieces */
};

static struct {
	struct arena_block *head;	/* the newest block, or NULL (owned) */
	int		 on;		/* between begin and end */
} arena;

static void *
arena_alloc(size_t n)
{
	struct arena_block *b = arena.head, *nb;
	void *p;

	/* No block that big can be had: out of memory, as xmalloc() says. */
	if (n > SIZE_MAX / 2)
		return xmalloc(SIZE_MAX);
	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (b != NULL && b->cap - b->used >= n) {
		p = (char *)b->data + b->used;
		b->used += n;
		return p;
	}
	nb = xmalloc(sizeof *nb + (n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK));
	nb->cap = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
	nb->used = n;
	if (b != NULL && n > ARENA_BLOCK / 4) {
		nb->next = b->next;
		b->next = nb;
	} else {
		nb->next = b;
		arena.head = nb;
	}
	return nb->data;
}

void
v_arena_begin(void)
{
	assert(!arena.on);
	arena.on = 1;
}

void
v_arena_end(void)
{
	struct arena_block *b, *next;

	assert(arena.on);
	for (b = arena.head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	arena.head = NULL;
	arena.on = 0;
}

/* Room for n items of size for node v's array, which holds used of
 * them: in the arena for an arena node, the old ones copied. */
static void *
v_grow(const struct value *v, void *old, size_t used, size_t n, size_t size)
{
	void *p;

	if (!v->arena)
		return xreallocarray(old, n, size);
	assert(arena.on);
	p = arena_alloc(size != 0 && n > SIZE_MAX / size ? SIZE_MAX : n * size);
	if (used > 0)
		memcpy(p, old, used * size);
	return p;
}

/* A node of type with extra bytes after it (a string's). */
static struct value *
v_alloc(enum value_type type, size_t extra)
{
	struct value *v = arena.on ? arena_alloc(sizeof *v + extra) :
	    xmalloc(sizeof *v + extra);

	memset(v, 0, sizeof *v);
	v->type = type;
	v->arena = arena.on != 0;
	return v;
}

static struct value *
v_new(enum value_type type)
{
	return v_alloc(type, 0);
}

struct value *
v_null(void)
{
	return v_new(VALUE_NULL);
}

struct value *
v_bool(int b)
{
	struct value *v = v_new(VALUE_BOOL);

	v->u.b = b != 0;
	return v;
}

/* A string node whose n + 1 bytes follow it in its block: one
 * allocation and one free a string, not two. */
static struct value *
v_str_block(size_t n)
{
	/* n is the size of an object in memory (at most PTRDIFF_MAX), so
	 * the block's size cannot wrap. */
	struct value *v = v_alloc(VALUE_STR, n + 1);

	v->u.str.s = (char *)(v + 1);
	v->u.str.len = n;
	v->u.str.s[n] = '\0';
	return v;
}

struct value *
v_strn(const char *s, size_t n)
{
	struct value *v = v_str_block(n);

	memcpy(v->u.str.s, s, n);
	return v;
}

struct value *
v_str(const char *s)
{
	return v_strn(s, strlen(s));
}

static struct value *v_vstrf(const char *, va_list)
    __attribute__((format(printf, 1, 0)));

/* Formatted on the stack, then copied into its node: most are a URL or
 * a number, well under the buffer; a longer one is formatted again into
 * a node of its length.  An encoding error gives "", as buf_printf(). */
static struct value *
v_vstrf(const char *fmt, va_list ap)
{
	char tmp[256];
	struct value *v;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = fmt_vsnprintf(tmp, sizeof tmp, fmt, aq);
	va_end(aq);
	if (n < 0)
		return v_strn("", 0);
	if ((size_t)n < sizeof tmp)
		return v_strn(tmp, (size_t)n);
	v = v_str_block((size_t)n);
	(void)fmt_vsnprintf(v->u.str.s, (size_t)n + 1, fmt, ap);
	return v;
}

struct value *
v_strf(const char *fmt, ...)
{
	struct value *v;
	va_list ap;

	va_start(ap, fmt);
	v = v_vstrf(fmt, ap);
	va_end(ap);
	return v;
}

struct value *
v_list(void)
{
	return v_new(VALUE_LIST);
}

struct value *
v_map(void)
{
	return v_new(VALUE_MAP);
}

struct value *
v_push(struct value *list, struct value *child)
{
	assert(list->type == VALUE_LIST);
	if (list->u.list.n >= list->u.list.cap) {
		size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 8;

		list->u.list.v = v_grow(list, list->u.list.v, list->u.list.n,
		    cap, sizeof *list->u.list.v);
		list->u.list.cap = cap;
	}
	list->u.list.v[list->u.list.n++] = child;
	return child;
}

uint32_t
v_hash(const char *s, size_t len)
{
	return (uint32_t)hash_bytes(HASH_INIT, s, len);
}

/* Put entry number i of m into the index (which has a free slot). */
static void
index_put(struct value *m, size_t i)
{
	size_t mask = m->u.map.nidx - 1;
	size_t s = m->u.map.e[i].hash & mask;

	while (m->u.map.idx[s] != 0)
		s = (s + 1) & mask;
	m->u.map.idx[s] = i + 1;
}

/* Rebuild the index so it stays at most half full. */
static void
index_rebuild(struct value *m)
{
	size_t i, want = 16;

	while (want < m->u.map.n * 2)
		want *= 2;
	if (!m->arena)
		free(m->u.map.idx);
	m->u.map.idx = v_grow(m, NULL, 0, want, sizeof *m->u.map.idx);
	memset(m->u.map.idx, 0, want * sizeof *m->u.map.idx);
	m->u.map.nidx = want;
	for (i = 0; i < m->u.map.n; i++)
		index_put(m, i);
}

/* The index in m->u.map.e of the entry for key, or -1 when absent. */
static long
find_entry(const struct value *m, const char *key, size_t len, uint32_t hash)
{
	const struct value_entry *e = m->u.map.e;
	size_t i;

	if (m->u.map.idx == NULL) {
		for (i = 0; i < m->u.map.n; i++)
			if (e[i].hash == hash && e[i].klen == len &&
			    memcmp(e[i].key, key, len) == 0)
				return (long)i;
		return -1;
	} else {
		size_t mask = m->u.map.nidx - 1;
		size_t s = hash & mask;

		for (; m->u.map.idx[s] != 0; s = (s + 1) & mask) {
			i = m->u.map.idx[s] - 1;
			if (e[i].hash == hash && e[i].klen == len &&
			    memcmp(e[i].key, key, len) == 0)
				return (long)i;
		}
		return -1;
	}
}

struct value *
v_set(struct value *map, const char *key, struct value *child)
{
	size_t len = strlen(key);
	uint32_t hash = v_hash(key, len);
	long at;
	struct value_entry *e;

	assert(map->type == VALUE_MAP);
	at = find_entry(map, key, len, hash);
	if (at >= 0) {
		value_free(map->u.map.e[at].val);
		map->u.map.e[at].val = child;
		return child;
	}
	if (map->u.map.n >= map->u.map.cap) {
		size_t cap = map->u.map.cap ? map->u.map.cap * 2 : 8;

		map->u.map.e = v_grow(map, map->u.map.e, map->u.map.n, cap,
		    sizeof *map->u.map.e);
		map->u.map.cap = cap;
	}
	e = &map->u.map.e[map->u.map.n++];
	e->key = key_intern(key, len, hash);
	e->klen = len;
	e->hash = hash;
	e->val = child;
	if (map->u.map.idx != NULL && map->u.map.n * 2 <= map->u.map.nidx)
		index_put(map, map->u.map.n - 1);
	else if (map->u.map.n > MAP_SCAN_MAX)
		index_rebuild(map);
	return child;
}

struct value *
v_set_str(struct value *map, const char *key, const char *s)
{
	return v_set(map, key, v_str(s));
}

struct value *
v_set_strf(struct value *map, const char *key, const char *fmt, ...)
{
	struct value *v;
	va_list ap;

	va_start(ap, fmt);
	v = v_vstrf(fmt, ap);
	va_end(ap);
	return v_set(map, key, v);
}

struct value *
v_set_bool(struct value *map, const char *key, int b)
{
	return v_set(map, key, v_bool(b));
}

const struct value *
v_lookup(const struct value *map, const char *key, size_t len, uint32_t hash)
{
	long at;

	if (map == NULL || map->type != VALUE_MAP)
		return NULL;
	at = find_entry(map, key, len, hash);
	return at < 0 ? NULL : map->u.map.e[at].val;
}

const struct value *
v_get(const struct value *map, const char *key)
{
	size_t len = strlen(key);

	return v_lookup(map, key, len, v_hash(key, len));
}

int
v_truthy(const struct value *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case VALUE_NULL:
		return 0;
	case VALUE_BOOL:
		return v->u.b;
	case VALUE_LIST:
		return v->u.list.n > 0;
	case VALUE_STR:
	case VALUE_MAP:
		break;
	}
	return 1;
}

void
value_free(struct value *v)
{
	size_t i;

	if (v == NULL || v->shared)
		return;
	switch (v->type) {
	case VALUE_LIST:
		for (i = 0; i < v->u.list.n; i++)
			value_free(v->u.list.v[i]);
		if (!v->arena)
			free(v->u.list.v);
		break;
	case VALUE_MAP:
		for (i = 0; i < v->u.map.n; i++)
			value_free(v->u.map.e[i].val);
		if (!v->arena) {
			free(v->u.map.e);
			free(v->u.map.idx);
		}
		break;
	case VALUE_NULL:
	case VALUE_BOOL:
	case VALUE_STR:		/* its bytes are in its block */
		break;
	}
	if (!v->arena)
		free(v);
}

struct value *
v_share(struct value *v)
{
	v->shared = 1;
	return v;
}

void
v_shared_free(struct value *v)
{
	if (v == NULL)
		return;
	v->shared = 0;
	value_free(v);
}
