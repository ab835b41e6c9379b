/*
 * The chart module's PNG writer: an opaque Cairo image to an 8-bit RGB
 * PNG, with a deflate encoder made for charts.
 *
 * Why not libpng (through cairo_surface_write_to_png_stream) or zlib:
 * libpng as Cairo drives it tries every row filter and compresses at
 * zlib's level 6, and even zlib's fastest level looks for matches at
 * every byte through a hash table: several times the cost of drawing.
 *
 * A chart is flat colour: long runs of one colour along a row, rows that
 * repeat the row above, antialiased edges, and text.  So the encoder
 * works in whole pixels and looks for matches at two distances first:
 * the pixel to the left (3 bytes back: a run) and the pixel above (a row
 * back), found by comparing 32-bit pixels (sixteen a step with SSE2).
 * Only where neither holds does it look further: the last place where
 * the same two pixels were written as literals (text repeats its
 * letters, dashes repeat), through a small hash table.  Every other
 * pixel is three literals.  The rows are unfiltered (filter type 0), so
 * pixel matches are byte matches.  A row equal to the row above (found
 * with one memcmp()) is copied whole, or said again with the tokens of
 * the row above when that is cheaper (a row of a few runs).  The tokens
 * of a block are coded with Huffman codes built for the block (deflate's
 * "dynamic" blocks).  The Adler-32 of the zlib stream comes from the
 * tokens (closed forms for runs, nothing for pixels equal to those
 * above), not from a pass over the bytes, and the chunks' CRC-32 takes
 * eight bytes a step.
 *
 * The bytes depend on the pixel words alone: no time, no text, gamma or
 * colour chunks, as with Cairo's.
 */
#include "chart_png.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "xalloc.h"

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
static const uint16_t dfl_len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
};
static const uint8_t dfl_len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const uint16_t dfl_dist_base[NDIST] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
	16385, 24577
};
static const uint8_t dfl_dist_extra[NDIST] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};
/* The length symbol (0..28, add 257) of each match length 3..258, and
 * the distance symbol of each distance d: dfl_dsym[d - 1] up to 256,
 * then dfl_dsym[256 + ((d - 1) >> 7)]; filled once (tables_fill()). */
static uint8_t dfl_lsym[MAX_MATCH + 1];
static uint8_t dfl_dsym[512];

/* A Huffman code: length and bit-reversed code of each symbol. */
struct huff {
	uint8_t	 len[NLITLEN];
	uint16_t code[NLITLEN];
};


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


/* Order in which a dynamic block lists the code-length code's lengths. */
static const uint8_t clen_order[NCLEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

struct enc {
	/* Tokens of the block being gathered, and their symbol counts. */
	uint32_t *tok;
	size_t	 ntok;
	uint32_t lfreq[NLITLEN];
	uint32_t dfreq[NDIST];
	unsigned dist_up;	/* a row: 3 * width + 1 */
	/* The picture, the row being coded, and where literal pixels were
	 * seen (y << 15 | x, plus one; 0 for none), by hash_pixels(). */
	const unsigned char *data;
	size_t	 stride;
	size_t	 y;
	uint32_t *seen;
	/* Tokens of the row being coded, and of the last row coded (not
	 * a repeat), with their guessed costs in bits, or SIZE_MAX when
	 * they cannot be said again for the next row (see encode_row()). */
	uint32_t *row;
	size_t	 nrow;
	size_t	 row_cost;
	uint32_t *prev;
	size_t	 nprev;
	size_t	 prev_cost;
	/* Output: the PNG so far; cap is kept ahead of what a block can
	 * write, so the bit writer never checks. */
	unsigned char *out;
	size_t	 len;
	size_t	 cap;
	uint64_t bits;		/* bits of a last, partial byte */
	unsigned nbits;		/* how many (< 8) */
	/* Adler-32 of the uncompressed stream. */
	uint32_t s1;
	uint32_t s2;
};

/* ---- CRC-32 (PNG's, the same as zlib's), eight bytes a step ---- */

static uint32_t crc_table[8][256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void
tables_fill(void)
{
	uint32_t c;
	unsigned i, k, s, d1;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			crc_table[k][i] = crc_table[k - 1][i] >> 8 ^
			    crc_table[0][crc_table[k - 1][i] & 0xff];

	for (s = 0; s < 29; s++)
		for (i = dfl_len_base[s]; i < (s < 28 ? dfl_len_base[s + 1] :
		    259u); i++)
			dfl_lsym[i] = (uint8_t)s;
	for (i = 0, s = 0; i < 512; i++) {
		/* i: distance - 1 below 256, then 256 + (distance - 1) / 128 */
		d1 = i < 256 ? i : (i - 256) << 7;
		if (i == 256)
			s = 0;
		while (s + 1 < NDIST && dfl_dist_base[s + 1] <= d1 + 1)
			s++;
		dfl_dsym[i] = (uint8_t)s;
	}
}

static void
tables_init(void)
{
	pthread_once(&tables_once, tables_fill);
}

static uint32_t
crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	uint32_t c = ~crc, lo, hi;

	while (n >= 8) {
		lo = c ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
		hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
		    (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
		c = crc_table[7][lo & 0xff] ^ crc_table[6][lo >> 8 & 0xff] ^
		    crc_table[5][lo >> 16 & 0xff] ^ crc_table[4][lo >> 24] ^
		    crc_table[3][hi & 0xff] ^ crc_table[2][hi >> 8 & 0xff] ^
		    crc_table[1][hi >> 16 & 0xff] ^ crc_table[0][hi >> 24];
		p += 8;
		n -= 8;
	}
	while (n--)
		c = crc_table[0][(c ^ *p++) & 0xff] ^ c >> 8;
	return ~c;
}

/* ---- Output ---- */

static void
reserve(struct enc *e, size_t n)
{
	if (e->cap - e->len >= n)
		return;
	while (e->cap - e->len < n)
		e->cap = e->cap ? e->cap * 2 : 65536;
	e->out = xreallocarray(e->out, e->cap, 1);
}

static void
put_be32(struct enc *e, uint32_t v)
{
	unsigned char *o = e->out + e->len;

	o[0] = (unsigned char)(v >> 24);
	o[1] = (unsigned char)(v >> 16);
	o[2] = (unsigned char)(v >> 8);
	o[3] = (unsigned char)v;
	e->len += 4;
}

static void
put_bytes(struct enc *e, const void *p, size_t n)
{
	memcpy(e->out + e->len, p, n);
	e->len += n;
}

/* ---- Huffman codes ---- */

/*
 * In-place minimum-redundancy code lengths (Moffat and Katajainen,
 * 1995): a[0..n) holds weights in increasing order, n >= 2; on return
 * a[i] is the code length of the i-th weight.
 */
static void
min_redundancy(uint32_t *a, size_t n)
{
	size_t root, leaf, next, avail, used, depth;

	a[0] += a[1];
	root = 0;
	leaf = 2;
	for (next = 1; next < n - 1; next++) {
		if (leaf >= n || a[root] < a[leaf]) {
			a[next] = a[root];
			a[root++] = (uint32_t)next;
		} else {
			a[next] = a[leaf++];
		}
		if (leaf >= n || (root < next && a[root] < a[leaf])) {
			a[next] += a[root];
			a[root++] = (uint32_t)next;
		} else {
			a[next] += a[leaf++];
		}
	}
	a[n - 2] = 0;
	for (next = n - 2; next-- > 0;)
		a[next] = a[a[next]] + 1;
	avail = 1;
	used = depth = 0;
	root = n - 1;	/* one past the internal node looked at */
	next = n;	/* one past the leaf to set */
	while (avail > 0) {
		while (root > 0 && a[root - 1] == depth) {
			used++;
			root--;
		}
		while (avail > used) {
			a[--next] = (uint32_t)depth;
			avail--;
		}
		avail = 2 * used;
		depth++;
		used = 0;
	}
}

/*
 * Sort a[0..n) (n <= NLITLEN) in increasing order: a radix sort, a byte
 * a pass: qsort() through a comparison function was a visible part of
 * a card's cost.
 */
static void
sort_u32(uint32_t *a, size_t n)
{
	uint32_t tmp[NLITLEN], *src = a, *dst = tmp, *t;
	size_t count[256], i, sum, c;
	unsigned shift;

	for (shift = 0; shift < 32; shift += 8) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[src[i] >> shift & 0xff]++;
		if (count[src[0] >> shift & 0xff] == n)
			continue;	/* one value of this byte: in order */
		for (i = 0, sum = 0; i < 256; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[src[i] >> shift & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
}

static void
canon_codes(struct huff *h, size_t n, unsigned limit)
{
	unsigned count[MAX_BITS + 2], next_code[MAX_BITS + 2];
	uint32_t code, rev;
	size_t i, k;
	unsigned l;

	memset(count, 0, sizeof count);
	for (i = 0; i < n; i++)
		count[h->len[i]]++;
	count[0] = 0;
	code = 0;
	for (l = 1; l <= limit; l++) {
		code = (code + count[l - 1]) << 1;
		next_code[l] = code;
	}
	for (i = 0; i < n; i++) {
		l = h->len[i];
		if (l == 0)
			continue;
		code = next_code[l]++;
		rev = 0;
		for (k = 0; k < l; k++) {
			rev = rev << 1 | (code & 1);
			code >>= 1;
		}
		h->code[i] = (uint16_t)rev;
	}
}

/*
 * A complete canonical code of at most limit bits for the n symbols
 * counted in freq (n <= NLITLEN): symbols never seen get no code, but
 * at least two symbols always get one (inflaters reject a lone code).
 */
static void
build_huff(const uint32_t *freq, size_t n, unsigned limit, struct huff *h)
{
	/* Sort keys: count above, symbol below (ties by symbol). */
	uint32_t key[NLITLEN], w[NLITLEN];
	unsigned count[MAX_BITS + 2];
	size_t nsym = 0, i, j, k;
	uint32_t total;
	unsigned l;

	memset(h->len, 0, n);
	for (i = 0; i < n; i++)
		if (freq[i])
			key[nsym++] = freq[i] << 9 | (uint32_t)i;
	for (i = 0; nsym < 2; i++)
		if (freq[i] == 0)
			key[nsym++] = (uint32_t)i;
	sort_u32(key, nsym);
	w[0] = w[1] = 0;	/* nsym >= 2, which the compiler cannot see */
	for (i = 0; i < nsym; i++)
		w[i] = key[i] >> 9;
	/* Zero weights (the symbols added) would be merged first anyway;
	 * the algorithm needs them no smaller than 0, which they are. */
	min_redundancy(w, nsym);

	/* Limit the lengths: overlong leaves move up to limit, then leaves
	 * go one level down until the code is complete again (Kraft sum
	 * exactly one). */
	memset(count, 0, sizeof count);
	for (i = 0; i < nsym; i++)
		count[w[i] > limit ? limit : w[i]]++;
	total = 0;
	for (l = 1; l <= limit; l++)
		total += (uint32_t)count[l] << (limit - l);
	while (total > (1u << limit)) {
		count[limit]--;
		for (l = limit - 1; l > 0; l--)
			if (count[l]) {
				count[l]--;
				count[l + 1] += 2;
				break;
			}
		total--;
	}
	/* Shortest codes to the most frequent symbols (the end of key). */
	j = nsym;
	for (l = 1; l <= limit; l++)
		for (k = count[l]; k > 0; k--)
			h->len[key[--j] & 0x1ff] = (uint8_t)l;

	canon_codes(h, n, limit);
}

/* ---- Blocks ---- */

/*
 * A dynamic block's header: BFINAL, BTYPE 2, and the code lengths of lit
 * and dist, run-length coded with symbols 16, 17 and 18 and those coded
 * in turn with a code of their own.
 */
static void
put_header(struct bitw *w, int final, const struct huff *lit,
    const struct huff *dist)
{
	struct huff cl;
	uint8_t lens[NLITLEN + NDIST], clsym[NLITLEN + NDIST];
	uint8_t clextra[NLITLEN + NDIST];
	uint32_t clfreq[NCLEN];
	unsigned s, x, hlit, hdist, hclen;
	size_t i, ncl, run, r, nl;

	for (hlit = NLITLEN; hlit > 257 && lit->len[hlit - 1] == 0; hlit--)
		;
	for (hdist = NDIST; hdist > 1 && dist->len[hdist - 1] == 0; hdist--)
		;
	memcpy(lens, lit->len, hlit);
	memcpy(lens + hlit, dist->len, hdist);
	nl = hlit + hdist;
	memset(clfreq, 0, sizeof clfreq);
	ncl = 0;
	for (i = 0; i < nl; i += run) {
		for (run = 1; i + run < nl && lens[i + run] == lens[i]; run++)
			;
		r = run;
		if (lens[i] == 0) {
			for (; r >= 11; r -= x) {
				x = r > 138 ? 138 : (unsigned)r;
				clsym[ncl] = 18;
				clextra[ncl++] = (uint8_t)(x - 11);
			}
			if (r >= 3) {
				clsym[ncl] = 17;
				clextra[ncl++] = (uint8_t)(r - 3);
				r = 0;
			}
		} else {
			clsym[ncl] = lens[i];
			clextra[ncl++] = 0;
			for (r--; r >= 3; r -= x) {
				x = r > 6 ? 6 : (unsigned)r;
				clsym[ncl] = 16;
				clextra[ncl++] = (uint8_t)(x - 3);
			}
		}
		for (; r > 0; r--) {
			clsym[ncl] = lens[i];
			clextra[ncl++] = 0;
		}
	}
	for (i = 0; i < ncl; i++)
		clfreq[clsym[i]]++;
	build_huff(clfreq, NCLEN, MAX_CL_BITS, &cl);
	for (hclen = NCLEN; hclen > 4 && cl.len[clen_order[hclen - 1]] == 0;
	    hclen--)
		;

	put_bits(w, final ? 1 : 0, 1);
	put_bits(w, 2, 2);
	put_bits(w, hlit - 257, 5);
	put_bits(w, hdist - 1, 5);
	put_bits(w, hclen - 4, 4);
	for (i = 0; i < hclen; i++)
		put_bits(w, cl.len[clen_order[i]], 3);
	for (i = 0; i < ncl; i++) {
		s = clsym[i];
		put_bits(w, cl.code[s], cl.len[s]);
		if (s >= 16)
			put_bits(w, clextra[i], s == 16 ? 2 : s == 17 ? 3 : 7);
	}
}

/* Code the gathered tokens as one dynamic block. */
static void
write_block(struct enc *e, int final)
{
	struct huff lit, dist;
	struct bitw w;
	/* Each match, by kind (left, up) and length, as one string of
	 * bits: length code, its extra bits, distance code, extra bits. */
	uint64_t mcode[2][MAX_MATCH + 1], dcode;
	uint8_t	 mbits[2][MAX_MATCH + 1];
	uint32_t t, dist_of[2];
	unsigned s, x, k, l, dsym, dbits, d1;
	size_t i;

	/* Room: a token writes at most 48 bits, the header at most 600
	 * bytes (316 code lengths of 7 + 7 bits, 19 of 3), and the bit
	 * writer stores 8 bytes ahead. */
	reserve(e, e->ntok * 6 + 1024);
	e->lfreq[END_BLOCK] = 1;
	build_huff(e->lfreq, NLITLEN, MAX_BITS, &lit);
	build_huff(e->dfreq, NDIST, MAX_BITS, &dist);
	w.o = e->out + e->len;
	w.bits = e->bits;
	w.n = e->nbits;
	put_header(&w, final, &lit, &dist);

	dist_of[0] = 3;
	dist_of[1] = e->dist_up;
	for (k = 0; k < 2 && dist_of[k] <= MAX_DIST; k++) {
		dsym = dist_sym(dist_of[k] - 1);
		dcode = dist.code[dsym] |
		    (uint64_t)(dist_of[k] - dfl_dist_base[dsym]) << dist.len[dsym];
		dbits = dist.len[dsym] + dfl_dist_extra[dsym];
		for (x = MIN_MATCH; x <= MAX_MATCH; x++) {
			s = dfl_lsym[x];
			l = lit.len[257 + s];
			mcode[k][x] = lit.code[257 + s] |
			    (uint64_t)(x - dfl_len_base[s]) << l |
			    dcode << (l + dfl_len_extra[s]);
			mbits[k][x] = (uint8_t)(l + dfl_len_extra[s] + dbits);
		}
	}

	for (i = 0; i < e->ntok; i++) {
		t = e->tok[i];
		switch (t & TOK_KIND) {
		case TOK_PIXEL:
			s = t >> 16 & 0xff;
			x = t >> 8 & 0xff;
			k = t & 0xff;
			put_bits(&w, lit.code[s] |
			    (uint64_t)lit.code[x] << lit.len[s] |
			    (uint64_t)lit.code[k] << (lit.len[s] + lit.len[x]),
			    lit.len[s] + lit.len[x] + lit.len[k]);
			break;
		case TOK_BYTE:
			s = t & 0xff;
			put_bits(&w, lit.code[s], lit.len[s]);
			break;
		default:
			x = TOK_LEN(t);
			d1 = TOK_DIST1(t);
			if (d1 == 2) {		/* the pixel to the left */
				put_bits(&w, mcode[0][x], mbits[0][x]);
				break;
			}
			if (d1 == e->dist_up - 1) {	/* the pixel above */
				put_bits(&w, mcode[1][x], mbits[1][x]);
				break;
			}
			s = dfl_lsym[x];
			l = lit.len[257 + s];
			dsym = dist_sym(d1);
			put_bits(&w, lit.code[257 + s] |
			    (uint64_t)(x - dfl_len_base[s]) << l |
			    ((uint64_t)dist.code[dsym] |
			    (uint64_t)(d1 + 1 - dfl_dist_base[dsym]) <<
			    dist.len[dsym]) << (l + dfl_len_extra[s]),
			    l + dfl_len_extra[s] + dist.len[dsym] +
			    dfl_dist_extra[dsym]);
			break;
		}
	}
	put_bits(&w, lit.code[END_BLOCK], lit.len[END_BLOCK]);
	e->len = (size_t)(w.o - e->out);
	e->bits = w.bits;
	e->nbits = w.n;

	e->ntok = 0;
	memset(e->lfreq, 0, sizeof e->lfreq);
	memset(e->dfreq, 0, sizeof e->dfreq);
}

/* Append the tokens t[0..n) to the block, counting their symbols. */
static void
add_tokens(struct enc *e, const uint32_t *t, size_t n)
{
	size_t i;
	uint32_t u;

	for (i = 0; i < n; i++) {
		if (e->ntok == BLOCK_TOKENS)
			write_block(e, 0);
		u = t[i];
		e->tok[e->ntok++] = u;
		switch (u & TOK_KIND) {
		case TOK_PIXEL:
			e->lfreq[u >> 16 & 0xff]++;
			e->lfreq[u >> 8 & 0xff]++;
			e->lfreq[u & 0xff]++;
			break;
		case TOK_BYTE:
			e->lfreq[u & 0xff]++;
			break;
		default:
			e->lfreq[257 + dfl_lsym[TOK_LEN(u)]]++;
			e->dfreq[dist_sym(TOK_DIST1(u))]++;
			break;
		}
	}
}

/* ---- Rows ---- */

/* Add the pixels of p[x0..x1) that differ from those of up, less those
 * of up: the row's sums from those of the row above. */
static void
sum_changes(struct row_sum *rs, const uint32_t *p, const uint32_t *up,
    size_t x0, size_t x1, int64_t n)
{
	size_t k = x0;

	/* Most are equal (under a run, a stroke of the row above): skip
	 * them a vector at a time. */
	while ((k += same_words(p + k, up + k, x1 - k)) < x1) {
		sum_pixel(rs, p[k], n, (int64_t)k, 1);
		sum_pixel(rs, up[k], n, (int64_t)k, -1);
		k++;
	}
}

static size_t
match_tokens(uint32_t *t, size_t dist, size_t n)
{
	uint32_t kind = TOK_MATCH | (uint32_t)(dist - 1) << 9;
	size_t piece, k = 0;

	while (n > 0) {
		piece = n <= MAX_MATCH ? n : n - MAX_MATCH < MIN_MATCH ?
		    n - MIN_MATCH : MAX_MATCH;
		t[k++] = kind | (uint32_t)piece;
		n -= piece;
	}
	return k;
}

/* Where to remember pixels a, b (a literal pixel and the next). */
static inline uint32_t
hash_pixels(uint32_t a, uint32_t b)
{
	return ((a * 0x9e3779b1u) ^ b) * 0x85ebca6bu >> (32 - HASH_BITS);
}

/*
 * Guessed bits of each kind of token, to choose how to repeat a row: a
 * literal pixel is three literals, a run is short codes, a copy of the
 * row above carries the distance's extra bits (10 or 11 for a chart).
 */
#define COST_PIXEL 20
#define COST_BYTE 3
#define COST_LEFT 5
#define COST_UP 5	/* plus the extra bits */
#define COST_FAR 24

/*
 * Tokens of a row that differs from the row above (up NULL: no row
 * above within reach) into e->row, and their guessed cost in bits; rs
 * holds the sums of the row above (zero without one) and receives this
 * row's.
 */
static void
encode_row(struct enc *e, const uint32_t *p, const uint32_t *up, size_t w,
    struct row_sum *rs)
{
	int64_t n = 3 * (int64_t)w + 1;
	size_t x = 0, h, v, k, nt = 0, cost = COST_BYTE, m, cx, cy, d;
	int again = 1;
	size_t cost_up = e->dist_up <= MAX_DIST ? COST_UP +
	    dfl_dist_extra[dist_sym(e->dist_up - 1)] : 0;
	uint32_t *t = e->row;
	uint32_t c, *slot;
	const uint32_t *q;

	t[nt++] = TOK_BYTE | 0;		/* filter type 0: none */
	while (x < w) {
		c = p[x];
		/* A run goes on the colour of the pixel to the left; a copy
		 * of the row above starts on an equal pixel. */
		h = run_left(p, x, w);
		v = run_up(p, up, x, w);
		if (h == 0 && v == 0 && x + 1 < w) {
			/*
			 * Pixels seen before as literals (text says the
			 * same letters again, dashes repeat): the last
			 * place with the same two pixels, if near enough.
			 */
			slot = &e->seen[hash_pixels(c, p[x + 1])];
			if (*slot != 0) {
				cy = (*slot - 1) >> 15;
				cx = (*slot - 1) & 0x7fff;
				d = (e->y - cy) * (size_t)n + 3 * x - 3 * cx;
				q = (const uint32_t *)(const void *)(e->data +
				    cy * e->stride) + cx;
				if (d <= MAX_DIST)
					h = same_words(p + x, q, w - (cx > x ?
					    cx : x));
			}
			*slot = (uint32_t)(e->y << 15 | x) + 1;
			if (h >= 2) {
				m = match_tokens(t + nt, d, 3 * h);
				nt += m;
				cost += m * COST_FAR;
				/* Said again for the next row, a copy from
				 * another row would copy the row below it. */
				if (cy != e->y)
					again = 0;
				if (up != NULL)
					sum_changes(rs, p, up, x, x + h, n);
				else
					for (k = x; k < x + h; k++)
						sum_pixel(rs, p[k], n,
						    (int64_t)k, 1);
				x += h;
				continue;
			}
			h = 0;
		}
		if (h == 0 && v == 0) {
			t[nt++] = TOK_PIXEL | (c & 0xffffff);
			cost += COST_PIXEL;
			sum_pixel(rs, c, n, (int64_t)x, 1);
			if (up != NULL)
				sum_pixel(rs, up[x], n, (int64_t)x, -1);
			x++;
		} else if (h >= v) {
			m = match_tokens(t + nt, 3, 3 * h);
			nt += m;
			cost += m * COST_LEFT;
			if (up == NULL) {
				sum_run(rs, c, (int64_t)h, n, (int64_t)x, 1);
			} else if (same_words(up + x + 1, up + x, h - 1) ==
			    h - 1) {
				/* One colour above too (often white). */
				if (up[x] != c) {
					sum_run(rs, c, (int64_t)h, n,
					    (int64_t)x, 1);
					sum_run(rs, up[x], (int64_t)h, n,
					    (int64_t)x, -1);
				}
			} else {
				sum_changes(rs, p, up, x, x + h, n);
			}
			x += h;
		} else {
			m = match_tokens(t + nt, (size_t)n, 3 * v);
			nt += m;
			cost += m * cost_up;
			x += v;
		}
	}
	e->nrow = nt;
	e->row_cost = again ? cost : SIZE_MAX;
}

/* ---- The PNG ---- */

static void
chunk_start(struct enc *e, const char *type, size_t *start)
{
	*start = e->len;
	put_be32(e, 0);		/* length, set by chunk_end() */
	put_bytes(e, type, 4);
}

/* Set the length of the chunk begun at start and append its CRC. */
static void
chunk_close(struct enc *e, size_t start, uint32_t crc)
{
	size_t n = e->len - start - 8;
	unsigned char *o = e->out + start;

	o[0] = (unsigned char)(n >> 24);
	o[1] = (unsigned char)(n >> 16);
	o[2] = (unsigned char)(n >> 8);
	o[3] = (unsigned char)n;
	reserve(e, 4);
	put_be32(e, crc);
}

static void
chunk_end(struct enc *e, size_t start)
{
	chunk_close(e, start, crc32(0, e->out + start + 4,
	    e->len - start - 4));
}

/* The tables of a new encoder for rows of width pixels. */
static struct enc *
enc_new(size_t w)
{
	struct enc *e = xcalloc(1, sizeof *e);

	e->tok = xreallocarray(NULL, BLOCK_TOKENS, sizeof *e->tok);
	/* A row is at most a token a pixel and the filter byte. */
	e->row = xreallocarray(NULL, w + 1, sizeof *e->row);
	e->prev = xreallocarray(NULL, w + 1, sizeof *e->prev);
	e->dist_up = (unsigned)(3 * w + 1);
	e->seen = xcalloc((size_t)1 << HASH_BITS, sizeof *e->seen);
	e->s1 = 1;
	e->s2 = 0;
	return e;
}

static void
enc_free(struct enc *e)
{
	free(e->out);
	free(e->tok);
	free(e->row);
	free(e->prev);
	free(e->seen);
	free(e);
}


int
chart_png_write(const unsigned char *data, int width, int height,
    int stride, struct buf *out)
{
	static const unsigned char sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	struct enc *e;
	struct row_sum rs = { 0, 0 };
	const uint32_t *p, *up;
	uint32_t *swap;
	size_t w, y, n, k, cost_up, start;

	if (width < 1 || height < 1 || width > 32767 || height > 32767 ||
	    stride < 4 * width)
		return -1;
	tables_init();
	w = (size_t)width;
	n = 3 * w + 1;
	e = enc_new(w);
	cost_up = n <= MAX_DIST ? COST_UP +
	    dfl_dist_extra[dist_sym((unsigned)(n - 1))] : 0;
	e->data = data;
	e->stride = (size_t)stride;

	reserve(e, 8 + 25 + 8 + 2);
	put_bytes(e, sig, sizeof sig);
	chunk_start(e, "IHDR", &start);
	put_be32(e, (uint32_t)width);
	put_be32(e, (uint32_t)height);
	/* 8 bits, RGB, deflate, adaptive filtering, no interlace. */
	put_bytes(e, "\x08\x02\x00\x00\x00", 5);
	chunk_end(e, start);
	chunk_start(e, "IDAT", &start);
	/* zlib header: deflate, 32K window, no dictionary, "fastest". */
	put_bytes(e, "\x78\x01", 2);

	for (y = 0; y < (size_t)height; y++) {
		e->y = y;
		p = (const uint32_t *)(const void *)(data + y * (size_t)stride);
		up = y > 0 && n <= MAX_DIST ? (const uint32_t *)(const void *)
		    (data + (y - 1) * (size_t)stride) : NULL;
		if (up != NULL && memcmp(p, up, 4 * w) == 0) {
			/*
			 * The row above again: copy it whole (filter byte
			 * included), or say it again as it was said, which
			 * is cheaper for a row of a few runs (the tokens of
			 * the row above hold for this one: the runs and
			 * literals are the same, and where that row copied
			 * the one before, this one copies an equal row).
			 */
			k = match_tokens(e->row, n, n);
			if (e->prev_cost < k * cost_up)
				add_tokens(e, e->prev, e->nprev);
			else
				add_tokens(e, e->row, k);
		} else {
			if (up == NULL)
				rs.s1 = rs.s2 = 0;
			encode_row(e, p, up, w, &rs);
			add_tokens(e, e->row, e->nrow);
			swap = e->prev;
			e->prev = e->row;
			e->row = swap;
			e->nprev = e->nrow;
			e->prev_cost = e->row_cost;
		}
		/* rs: this row's sums, whole and non-negative. */
		e->s2 = (uint32_t)((e->s2 + n * e->s1 + (uint64_t)rs.s2) %
		    ADLER_MOD);
		e->s1 = (uint32_t)((e->s1 + (uint64_t)rs.s1) % ADLER_MOD);
	}
	write_block(e, 1);
	/* The bit writer left the last, partial byte stored: pass it. */
	e->len += e->nbits > 0;
	reserve(e, 4 + 4 + 12);
	put_be32(e, e->s2 << 16 | e->s1);
	chunk_end(e, start);
	chunk_start(e, "IEND", &start);
	chunk_end(e, start);
	buf_put(out, e->out, e->len);
	enc_free(e);
	return 0;
}
