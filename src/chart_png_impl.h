/*
 * The PNG writer's insides, shared by chart_png.c (blocks with codes
 * built for them, CRC-32, joining bands) and chart_png_memo.c (rows
 * coded from pieces met before).  Not part of the chart module's
 * interface: see chart_png.h.
 */
#ifndef RAPOR_CHART_PNG_IMPL_H
#define RAPOR_CHART_PNG_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Deflate's limits. */
#define MAX_MATCH 258
#define MIN_MATCH 3
#define MAX_DIST 32768
#define NLITLEN 286		/* literal/length symbols used */
#define NDIST 30		/* distance symbols */
#define NCLEN 19		/* code-length symbols */
#define END_BLOCK 256
#define MAX_BITS 15		/* longest literal/length or distance code */
#define MAX_CL_BITS 7		/* longest code-length code */

/*
 * Tokens per block: the codes adapt to each block (text rows and bar
 * rows have different literals), and a block's header costs 60 to 100
 * bytes.  Symbol counts stay below 2^23 (three a token), as
 * build_huff() needs.
 */
#define BLOCK_TOKENS 16384

/* A token: kind in the top two bits, the rest by kind. */
#define TOK_PIXEL 0x00000000u	/* literals r, g, b in the low 24 bits */
#define TOK_BYTE 0x40000000u	/* one literal in the low 8 bits */
#define TOK_MATCH 0x80000000u	/* length in bits 0-8, distance - 1 in
				   bits 9-23 */
#define TOK_KIND 0xc0000000u
#define TOK_LEN(t) ((t) & 0x1ff)
#define TOK_DIST1(t) ((t) >> 9 & 0x7fff)

/* Positions of literal pixels remembered, by a hash of two pixels. */
#define HASH_BITS 13

#define ADLER_MOD 65521u

/* Deflate's length and distance codes (RFC 1951, 3.2.5): the first
 * length or distance of each symbol and its extra bits. */
extern const uint16_t dfl_len_base[29];
extern const uint8_t dfl_len_extra[29];
extern const uint16_t dfl_dist_base[NDIST];
extern const uint8_t dfl_dist_extra[NDIST];
/* The length symbol (0..28, add 257) of each match length 3..258. */
extern uint8_t dfl_lsym[MAX_MATCH + 1];
/* The distance symbol of each distance d: dfl_dsym[d - 1] up to 256,
 * then dfl_dsym[256 + ((d - 1) >> 7)]. */
extern uint8_t dfl_dsym[512];

/* A Huffman code: length and bit-reversed code of each symbol. */
struct huff {
	uint8_t	 len[NLITLEN];
	uint16_t code[NLITLEN];
};


/* Fill in the tables above and the CRC's; safe to call from any thread,
 * any number of times. */
void png_tables_init(void);

/* Bit-reversed canonical codes for the lengths already in h->len[0..n)
 * (a complete code, or all zero), none longer than limit. */
void png_canon_codes(struct huff *h, size_t n, unsigned limit);

/* The CRC-32 of p[0..n) continued from crc (0 to start). */
uint32_t png_crc32(uint32_t crc, const unsigned char *p, size_t n);

/*
 * A match of n >= 3 bytes at distance dist (1..MAX_DIST) as tokens at t,
 * cut into pieces of at most MAX_MATCH (none shorter than MIN_MATCH);
 * returns how many (never more than n / 3).
 */
size_t png_match_tokens(uint32_t *t, size_t dist, size_t n);

/* The distance symbol of distance d1 + 1. */
static inline unsigned
dist_sym(unsigned d1)
{
	return dfl_dsym[d1 < 256 ? d1 : 256 + (d1 >> 7)];
}

/*
 * The bit writer: deflate packs codes from the least significant bit up.
 * Each call stores eight bytes and moves on by the whole bytes filled,
 * so there is no branch; room (eight bytes of slack included) was
 * reserved.  The struct lives in registers through write_block().
 */
struct bitw {
	unsigned char *o;	/* the byte holding the partial bits */
	uint64_t bits;		/* bits not yet past o, LSB first */
	unsigned n;		/* how many (< 8) */
};

/* Append the n (<= 56) low bits of v, which has no others. */
static inline void
put_bits(struct bitw *w, uint64_t v, unsigned n)
{
	unsigned char *o = w->o;
	uint64_t b;

	w->bits |= v << w->n;
	w->n += n;
	b = w->bits;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(o, &b, 8);
#else
	o[0] = (unsigned char)b;
	o[1] = (unsigned char)(b >> 8);
	o[2] = (unsigned char)(b >> 16);
	o[3] = (unsigned char)(b >> 24);
	o[4] = (unsigned char)(b >> 32);
	o[5] = (unsigned char)(b >> 40);
	o[6] = (unsigned char)(b >> 48);
	o[7] = (unsigned char)(b >> 56);
#endif
	w->o = o + (w->n >> 3);
	w->bits = b >> (w->n & ~7u);
	w->n &= 7;
}

/*
 * The Adler-32 of the stream is built a row at a time from two sums over
 * the row's n bytes y[0..n): s1 = sum of y[i], s2 = sum of (n - i) y[i],
 * which turn the stream's (a, b) into (a + s1, b + n a + s2).  Both are
 * linear in the pixels, so a row is summed as the row above plus, for
 * each pixel that differs from the one above, its own terms minus those
 * of the pixel above: the pixels copied from above (most of them) cost
 * nothing.  A run of one colour is summed in closed form.
 */
struct row_sum {
	int64_t	 s1;
	int64_t	 s2;
};

/* Add (sign 1) or take away (sign -1) pixel c at pixel x of a row of n
 * bytes: its bytes are at 1 + 3x (after the filter byte). */
static inline void
sum_pixel(struct row_sum *rs, uint32_t c, int64_t n, int64_t x, int sign)
{
	int64_t r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;
	int64_t t = r + g + b;

	if (sign < 0)
		t = -t, g = -g, b = -b;
	rs->s1 += t;
	rs->s2 += (n - 1 - 3 * x) * t - g - 2 * b;
}

/* Add (sign 1) or take away (sign -1) k pixels c from pixel x: k
 * sum_pixel()s in closed form. */
static inline void
sum_run(struct row_sum *rs, uint32_t c, int64_t k, int64_t n, int64_t x,
    int sign)
{
	int64_t g = c >> 8 & 0xff, b = c & 0xff;
	int64_t t = (c >> 16 & 0xff) + g + b;

	if (sign < 0)
		t = -t, g = -g, b = -b;
	rs->s1 += k * t;
	rs->s2 += t * (k * (n - 1 - 3 * x) - 3 * (k * (k - 1) / 2)) -
	    k * (g + 2 * b);
}

/* How many of a[0..n) equal b[0..n) before the first difference.  This
 * is most of the encoder's work (finding where a row stops repeating
 * the row above), hence sixteen words a step with SSE2 where the
 * machine has it (every x86-64), four without. */
static inline size_t
same_words(const uint32_t *a, const uint32_t *b, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	__m128i e0, e1, e2, e3;
	unsigned m;

	while (i + 16 <= n) {
		e0 = _mm_cmpeq_epi32(_mm_loadu_si128((const void *)(a + i)),
		    _mm_loadu_si128((const void *)(b + i)));
		e1 = _mm_cmpeq_epi32(_mm_loadu_si128((const void *)(a + i + 4)),
		    _mm_loadu_si128((const void *)(b + i + 4)));
		e2 = _mm_cmpeq_epi32(_mm_loadu_si128((const void *)(a + i + 8)),
		    _mm_loadu_si128((const void *)(b + i + 8)));
		e3 = _mm_cmpeq_epi32(_mm_loadu_si128((const void *)(a + i + 12)),
		    _mm_loadu_si128((const void *)(b + i + 12)));
		m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_and_si128(e0,
		    e1), _mm_and_si128(e2, e3)));
		if (m != 0xffff)
			break;
		i += 16;
	}
	while (i + 4 <= n) {
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi32(
		    _mm_loadu_si128((const void *)(a + i)),
		    _mm_loadu_si128((const void *)(b + i))));
		if (m != 0xffff)
			return i + (size_t)(__builtin_ctz(~m) >> 2);
		i += 4;
	}
#else
	uint64_t a0, a1, b0, b1;

	while (i + 4 <= n) {
		memcpy(&a0, a + i, 8);
		memcpy(&a1, a + i + 2, 8);
		memcpy(&b0, b + i, 8);
		memcpy(&b1, b + i + 2, 8);
		if (((a0 ^ b0) | (a1 ^ b1)) != 0)
			break;
		i += 4;
	}
#endif
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* How many pixels from p[x] on (of n) repeat the pixel to their left: 0
 * when p[x] does not. */
static inline size_t
run_left(const uint32_t *p, size_t x, size_t n)
{
	return x > 0 && p[x] == p[x - 1] ?
	    1 + same_words(p + x + 1, p + x, n - x - 1) : 0;
}

/* How many pixels from p[x] on (of n) repeat those of up above them: 0
 * when p[x] does not, or up is NULL. */
static inline size_t
run_up(const uint32_t *p, const uint32_t *up, size_t x, size_t n)
{
	return up != NULL && p[x] == up[x] ?
	    1 + same_words(p + x + 1, up + x + 1, n - x - 1) : 0;
}

#endif
