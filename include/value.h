/*
 * The data tree a page is rendered from: the render stage builds one per
 * page (a map of strings, booleans, lists and maps) and the template
 * engine (template.h) only reads it.  It is JSON without numbers: rapor
 * formats every number itself (decimals, locale), so a number reaches a
 * template as the string it should print.
 *
 * Ownership: every node has exactly one owner.  v_push() and v_set()
 * take ownership of the child they are given, so a whole tree is built
 * bottom-up or top-down without any free but the final value_free() of
 * the root.  A node must never be attached twice, except a shared one
 * (v_share()), which many trees point to and none of them frees.
 *
 * Truthiness follows the Mustache specification, not rapor's taste:
 * null, false and the empty list are falsy; everything else, the empty
 * string and the empty map included, is truthy.  Use a boolean or leave
 * the key out to hide a section.
 */
#ifndef RAPOR_VALUE_H
#define RAPOR_VALUE_H

#include <stddef.h>
#include <stdint.h>

enum value_type {
	VALUE_NULL,	/* JSON null: falsy, interpolates as "" */
	VALUE_BOOL,	/* true / false */
	VALUE_STR,	/* UTF-8 text */
	VALUE_LIST,	/* ordered children */
	VALUE_MAP	/* string keys to children, in insertion order */
};

/* One key of a map; the hash is kept so lookups rarely touch the key. */
struct value_entry {
	const char	*key;	/* NUL-terminated; the process's one copy of
				   the name, which lives as long as it (not
				   owned) */
	size_t		 klen;	/* bytes in key */
	uint32_t	 hash;	/* v_hash(key, klen) */
	struct value	*val;	/* the child (owned) */
};

struct value_str {
	char		*s;	/* NUL-terminated UTF-8, in the node's own
				   block (freed with it) */
	size_t		 len;	/* bytes in s, which may hold NULs */
};

struct value_list {
	struct value	**v;	/* children (owned) */
	size_t		  n;	/* children in v */
	size_t		  cap;	/* capacity of v */
};

struct value_map {
	struct value_entry *e;	/* entries in insertion order (owned) */
	size_t		  n;	/* entries in e */
	size_t		  cap;	/* capacity of e */
	size_t		 *idx;	/* hash slots: entry index + 1, 0 when free;
				   NULL while the map is small enough to
				   scan (owned) */
	size_t		  nidx;	/* slots in idx, a power of two */
};

struct value {
	enum value_type	 type;	/* which member of u is meaningful */
	unsigned char	 shared; /* set by v_share(): value_free() of a
				   parent leaves it to v_shared_free() */
	unsigned char	 arena;	/* cut from the page arena with its arrays
				   (v_arena_begin()): freed with it, not by
				   value_free() */
	union {
		int			b;	/* VALUE_BOOL: 0 or 1 */
		struct value_str	str;	/* VALUE_STR */
		struct value_list	list;	/* VALUE_LIST */
		struct value_map	map;	/* VALUE_MAP */
	} u;			/* the payload of type */
};

/* A new null. */
struct value *v_null(void);
/* A new boolean: false when b is 0, true otherwise. */
struct value *v_bool(int b);
/* A new string holding a copy of the NUL-terminated s. */
struct value *v_str(const char *s);
/* A new string holding a copy of the n bytes at s (which may hold NULs). */
struct value *v_strn(const char *s, size_t n);
/* A new string formatted by printf's rules. */
struct value *v_strf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* A new empty list. */
struct value *v_list(void);
/* A new empty map. */
struct value *v_map(void);

/*
 * Append child to list (which must be a VALUE_LIST) and return child, so
 * that `item = v_push(items, v_map());` reads naturally.  list takes
 * ownership of child.
 */
struct value *v_push(struct value *list, struct value *child);

/*
 * Set key in map (which must be a VALUE_MAP) to child and return child.
 * A key already present keeps its place in the order and gets the new
 * child (the old one is freed); a new key goes last.  map takes
 * ownership of child.
 */
struct value *v_set(struct value *map, const char *key, struct value *child);
/* v_set(map, key, v_str(s)). */
struct value *v_set_str(struct value *map, const char *key, const char *s);
/* v_set(map, key, v_strf(fmt, ...)). */
struct value *v_set_strf(struct value *map, const char *key,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* v_set(map, key, v_bool(b)). */
struct value *v_set_bool(struct value *map, const char *key, int b);

/*
 * The child under key in map, or NULL when map is NULL, not a map, or
 * has no such key.
 */
const struct value *v_get(const struct value *map, const char *key);

/*
 * As v_get() for the len bytes at key whose v_hash() is hash: the
 * template engine hashes the names in a template once, at compile time,
 * so rendering never hashes.
 */
const struct value *v_lookup(const struct value *map, const char *key,
    size_t len, uint32_t hash);

/* The hash v_lookup() expects for the len bytes at s (hash.h's, cut
 * to 32 bits). */
uint32_t v_hash(const char *s, size_t len);

/*
 * Mustache truthiness: 0 for NULL, null, false and the empty list, 1
 * for everything else (the empty string and the empty map included).
 */
int v_truthy(const struct value *v);

/*
 * Mark v shared and return it: a part every page shows alike (the
 * interface strings), built once and attached by v_set() to many trees,
 * read only, freed by none of them.  Its owner frees it with
 * v_shared_free() after the last tree that points to it is gone.
 */
struct value *v_share(struct value *v);
/* Free a tree v_share() marked (and everything it owns); NULL is accepted. */
void v_shared_free(struct value *v);

/*
 * Between v_arena_begin() and v_arena_end() every node made (and the
 * arrays of its children) is cut from big blocks that v_arena_end()
 * frees at once: a page's tree is thousands of small pieces made and
 * freed together, and glibc's malloc() and free() were nearly a third
 * of building a page (docs/performance.md).  value_free() still walks
 * such a tree (a node made outside may hang in it) but frees only what
 * is not the arena's.  No node made in between may be used after v_arena_end():
 * make what outlives a page (a shared part) before v_arena_begin().
 * They do not nest.
 */
void v_arena_begin(void);
void v_arena_end(void);

/* Free v and everything it owns but shared nodes; NULL is accepted. */
void value_free(struct value *v);

#endif
