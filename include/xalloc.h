/*
 * Allocation policy for all of rapor, stated once:
 *
 *  - Running out of memory is not a content problem the user can fix, and
 *    threading ENOMEM through every parser would double the error paths.
 *    So every allocation goes through these wrappers, which print
 *    "rapor: out of memory" and exit with status 3 (system error).
 *  - Every heap object has exactly one owner.  A structure that owns
 *    memory has a matching *_free() function that accepts NULL and a
 *    partially built object, so error paths can "goto out" and free
 *    unconditionally.
 *  - One place frees many objects at once: a page's value tree is cut
 *    from an arena of blocks taken from xmalloc() and freed with it
 *    (v_arena_begin() in value.h); value_free() of such a tree frees
 *    only what was made outside the arena.
 */
#ifndef RAPOR_XALLOC_H
#define RAPOR_XALLOC_H

#include <stddef.h>

/* malloc(n) that never returns NULL (n == 0 allocates one byte). */
void *xmalloc(size_t n);
/* calloc(n, size) that never returns NULL and checks n * size overflow. */
void *xcalloc(size_t n, size_t size);
/* realloc(p, n * size) with overflow check; never returns NULL. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Copy of the NUL-terminated string s. */
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated (s may hold NULs). */
char *xstrndup(const char *s, size_t n);

/*
 * Grow an array *pv holding *pn elements with capacity *pcap so that one
 * more element fits.  Capacity doubles, so appends are amortised O(1).
 */
#define XGROW(pv, pn, pcap)                                                   \
	do {                                                                  \
		if (*(pn) >= *(pcap)) {                                       \
			*(pcap) = *(pcap) ? *(pcap) * 2 : 8;                  \
			*(pv) = xreallocarray(*(pv), *(pcap), sizeof **(pv)); \
		}                                                             \
	} while (0)

#endif
