/*
 * The one hash of rapor, 64 bits, taken a word (eight bytes) at a time:
 * each word is xored into the state, which is multiplied by an odd
 * constant and folded (its upper half xored into its lower), and the
 * length ends each call.  Every step is a bijection of the state, so two
 * inputs of one length that differ in a single word never hash alike.
 * It names things that must be told apart when their inputs differ
 * (cache entries, the inputs of an output file, map keys), never
 * defends against input forged to collide: content comes from the
 * people who publish it.  (It was FNV-1a, a byte a time: a twelfth of
 * a one-score rebuild's instructions, see docs/performance.md.)  The
 * words are read in the machine's byte order: hashes name things on
 * one machine and are never part of the site.
 */
#ifndef RAPOR_HASH_H
#define RAPOR_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The starting value of every hash. */
#define HASH_INIT 14695981039346656037ULL

/* h extended by the word w. */
static inline uint64_t
hash_word(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 32);
}

/* h extended by the n bytes at p.  Inline: it is on the hot path of the
 * chart module's text cache. */
static inline uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = hash_word(h, w);
	}
	if (i < n) {
		w = 0;
		memcpy(&w, b + i, n - i);
		h = hash_word(h, w);
	}
	return hash_word(h, n);
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
