/*
 * The one hash of rapor: FNV-1a, 64 bits.  It names things that must be
 * told apart when their inputs differ (cache entries, the inputs of an
 * output file), never defends against input forged to collide: content
 * comes from the people who publish it.
 */
#ifndef RAPOR_HASH_H
#define RAPOR_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The starting value of every hash (FNV-1a's offset basis). */
#define HASH_INIT 14695981039346656037ULL

/* h extended by the n bytes at p.  Inline: it is on the hot path of the
 * chart module's text cache. */
static inline uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

/*
 * h extended by the string s and its terminating NUL, so that "ab","c"
 * and "a","bc" differ; NULL hashes apart from every string.
 */
static inline uint64_t
hash_str(uint64_t h, const char *s)
{
	return s ? hash_bytes(h, s, strlen(s) + 1) : hash_bytes(h, "\377", 1);
}

/* h extended by the integer v. */
static inline uint64_t
hash_int(uint64_t h, long long v)
{
	return hash_bytes(h, &v, sizeof v);
}

#endif
