/*
 * The chart module's PNG writer: an opaque Cairo image to an 8-bit RGB
 * PNG, with a deflate encoder made for charts.
 *
 * Why not libpng (through cairo_surface_write_to_png_stream) or zlib:
 * libpng as Cairo drives it tries every row filter and compresses at
 * zlib's level 6, and even zlib's fastest level looks for matches at
 * every byte through a hash table: several times the cost of drawing.
 *
 * A chart is flat colour: rows equal to the row above, long runs of one
 * colour, antialiased edges, and text.  So the encoder works in whole
 * pixels, with the rows unfiltered (filter type 0, which codes such
 * pictures smaller than the other filters: pixel matches are then byte
 * matches), and says each pixel as one of:
 * - a copy of the pixel above (a match a row back), found by comparing
 *   a row with the row above a vector at a time, and a row equal to the
 *   row above with one memcmp();
 * - a copy of the pixel to its left (a match 3 bytes back: a run),
 *   preferred wherever a span equal to the row above is also of one
 *   colour, since its code carries no extra bits for the distance;
 * - a copy of the last place where the same two pixels were said as
 *   literals, if near enough (text says its letters again);
 * - three literals.
 * Matches of one kind that follow each other are one token of any
 * length, cut into deflate's 258-byte matches when written, so a run
 * across rows or a row equal to the row above costs one token.  The
 * tokens are coded with Huffman codes made for them (deflate's dynamic
 * blocks).
 *
 * The Adler-32 of the zlib stream is not a pass over the bytes: each
 * row's two sums are those of the row above plus the difference made by
 * the pixels that differ from those above, which the encoder finds
 * anyway, summed four pixels a step with SSE2.
 *
 * The bytes depend on the pixel words alone: no time, no text, gamma or
 * colour chunks, as with Cairo's.
 */
#include "chart_png.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The vector code is SSE2 (every x86-64 has it); elsewhere, or built
 * with CHART_PNG_PORTABLE (as the tests build it once), plain C. */
#if defined(__SSE2__) && !defined(CHART_PNG_PORTABLE)
#define USE_SSE2 1
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
 * Tokens per block: a block's header costs 60 to 100 bytes, and a share
 * card (some 15,000 tokens) fits in one.  A block is ended between rows
 * only, so the buffer has room for a row more (a token a pixel at most,
 * and two).
 */
#define BLOCK_TOKENS 65536

/*
 * A token: kind in the top three bits, the rest by kind.  Runs (TOK_LEFT)
 * and copies of the row above (TOK_UP) have any length of at least 3
 * bytes, up to MAX_RUN; the others are one deflate symbol or three.
 */
#define TOK_PIXEL 0x00000000u	/* literals r, g, b in the low 24 bits */
#define TOK_GRAY 0x20000000u	/* three literals v in the low 8 bits */
#define TOK_LEFT 0x40000000u	/* bytes repeating those 3 back */
#define TOK_UP 0x60000000u	/* bytes repeating those a row back */
#define TOK_FAR 0x80000000u	/* length in bits 0-8, distance - 1 in
				   bits 9-23 */
#define TOK_BYTE 0xa0000000u	/* one literal in the low 8 bits */
#define TOK_KIND 0xe0000000u
#define TOK_IS_RUN(t) ((t) >> 30 == 1)	/* TOK_LEFT or TOK_UP */
#define TOK_RUN 0x1fffffffu	/* length of a TOK_LEFT or TOK_UP */
#define MAX_RUN 0x0fffffffu
#define TOK_LEN(t) ((t) & 0x1ff)
#define TOK_DIST1(t) ((t) >> 9 & 0x7fff)

/* Matches in the runs of a block, at most: symbol counts stay below
 * 2^23, as build_huff() needs (a block is ended before a row could
 * pass it). */
#define BLOCK_PIECES (1u << 22)

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

/* Order in which a dynamic block lists the code-length code's lengths. */
static const uint8_t clen_order[NCLEN] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};

/* The distance symbol of distance d1 + 1. */
static inline unsigned
dist_sym(unsigned d1)
{
	return dfl_dsym[d1 < 256 ? d1 : 256 + (d1 >> 7)];
}

/*
 * How a run of len (>= 3) bytes is cut into deflate matches: full of
 * 258, then one of tail1 and one of tail2 where those are not 0 (a rest
 * of 1 or 2 bytes takes 3 from the last full match).
 */
static inline void
run_pieces(size_t len, size_t *full, unsigned *tail1, unsigned *tail2)
{
	size_t r = len % MAX_MATCH;

	*full = len / MAX_MATCH;
	*tail1 = *tail2 = 0;
	if (r >= MIN_MATCH) {
		*tail1 = (unsigned)r;
	} else if (r > 0) {
		(*full)--;
		*tail1 = MAX_MATCH + (unsigned)r - MIN_MATCH;
		*tail2 = MIN_MATCH;
	}
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

struct enc {
	/* Tokens of the block being gathered (ntok of them), and the end
	 * of the buffer, a row's tokens after BLOCK_TOKENS. */
	uint32_t *tok;
	size_t	 ntok;
	/* Their symbols, counted as they come (a run when the next token
	 * does: it may grow), and the distance symbol of a copy of the row
	 * above. */
	uint32_t lfreq[NLITLEN];
	uint32_t dfreq[NDIST];
	unsigned dsym_up;
	/* The picture: rows of w pixels, n bytes in the stream (the filter
	 * byte and three a pixel), stride bytes apart in memory; the row
	 * being coded; and where literal pixels were seen (y << 15 | x,
	 * plus one; 0 for none), by hash_pixels(). */
	const unsigned char *data;
	size_t	 stride;
	size_t	 w;
	size_t	 n;
	size_t	 y;
	uint32_t *seen;
	/* Whether the rows of a run of rows equal to the row above are of
	 * one colour, and the last of them. */
	int	 flat;
	size_t	 flat_y;
	/* Where the last row different from the row above stopped being
	 * different (a guess for the next), and from where the row above
	 * is of one colour to its end (w if not known). */
	size_t	 tail;
	size_t	 flat_from;
	/* The two Adler-32 sums of the row (see struct row_sum). */
	int64_t	 rs1;
	int64_t	 rs2;
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

/* ---- Blocks ---- */

/* Count the matches of run t, a TOK_LEFT or TOK_UP. */
static inline void
count_run(struct enc *e, uint32_t t)
{
	unsigned tail1, tail2, dsym = t >= TOK_UP ? e->dsym_up : 2;
	size_t full = t & TOK_RUN;

	if (full <= MAX_MATCH) {
		e->lfreq[257 + dfl_lsym[full]]++;
		e->dfreq[dsym]++;
		return;
	}
	run_pieces(full, &full, &tail1, &tail2);
	e->lfreq[257 + 28] += (uint32_t)full;
	e->lfreq[257 + dfl_lsym[tail1]] += tail1 != 0;
	e->lfreq[257 + dfl_lsym[tail2]] += tail2 != 0;
	e->dfreq[dsym] += (uint32_t)full + (tail1 != 0) + (tail2 != 0);
}

/* Code the gathered tokens as one dynamic block. */
static void
write_block(struct enc *e, int final)
{
	const uint32_t *tok = e->tok;
	const size_t ntok = e->ntok;
	uint32_t *lfreq = e->lfreq, *dfreq = e->dfreq;
	struct huff lit, dist;
	struct bitw w, v;
	/* Bit strings of the block's codes: a gray pixel (three literals
	 * v), a match length (its code and extra bits), and a match of a
	 * run or of a copy of the row above, distance included. */
	uint64_t gcode[256], lcode[MAX_MATCH + 1], mcode[2][MAX_MATCH + 1];
	uint8_t	 gbits[256], lbits[MAX_MATCH + 1], mbits[2][MAX_MATCH + 1];
	uint64_t dcode, rcode[2] = { 0, 0 };
	unsigned dbits, dsym, s, x, k, l, d1, tail1, tail2;
	uint32_t t;
	size_t i, full;

	/* The last token, if a run, is counted now. */
	if (ntok > 0 && TOK_IS_RUN(tok[ntok - 1]))
		count_run(e, tok[ntok - 1]);
	lfreq[END_BLOCK] = 1;
	build_huff(lfreq, NLITLEN, MAX_BITS, &lit);
	build_huff(dfreq, NDIST, MAX_BITS, &dist);

	/* Room: the block's bits (codes and extra bits by their counts),
	 * the header's (at most 600 bytes: 316 code lengths of 7 + 7 bits,
	 * 19 of 3), and the 8 bytes the bit writer stores ahead. */
	for (i = 0, full = 0; i < NLITLEN; i++)
		full += (size_t)lfreq[i] * (lit.len[i] + (i > 256 ?
		    dfl_len_extra[i - 257] : 0));
	for (i = 0; i < NDIST; i++)
		full += (size_t)dfreq[i] * (dist.len[i] + dfl_dist_extra[i]);
	reserve(e, full / 8 + 600 + 16);
	w.o = e->out + e->len;
	w.bits = e->bits;
	w.n = e->nbits;
	put_header(&w, final, &lit, &dist);

	for (x = 0; x < 256; x++) {
		l = lit.len[x];
		gcode[x] = lit.code[x] | (uint64_t)lit.code[x] << l |
		    (uint64_t)lit.code[x] << 2 * l;
		gbits[x] = (uint8_t)(3 * l);
	}
	for (x = MIN_MATCH; x <= MAX_MATCH; x++) {
		s = dfl_lsym[x];
		l = lit.len[257 + s];
		lcode[x] = lit.code[257 + s] | (uint64_t)(x - dfl_len_base[s]) << l;
		lbits[x] = (uint8_t)(l + dfl_len_extra[s]);
	}
	for (k = 0; k < 2; k++) {
		d1 = k ? (unsigned)e->n - 1 : 2;
		if (d1 >= MAX_DIST)
			continue;	/* rows too long to copy: no TOK_UP */
		dsym = dist_sym(d1);
		dcode = dist.code[dsym] |
		    (uint64_t)(d1 + 1 - dfl_dist_base[dsym]) << dist.len[dsym];
		dbits = dist.len[dsym] + dfl_dist_extra[dsym];
		for (x = MIN_MATCH; x <= MAX_MATCH; x++) {
			mcode[k][x] = lcode[x] | dcode << lbits[x];
			mbits[k][x] = (uint8_t)(lbits[x] + dbits);
		}
		/* Full matches repeated, if the block has any (a code). */
		l = mbits[k][MAX_MATCH];
		for (rcode[k] = 0, x = 0; l > 0 && x < 56 / l; x++)
			rcode[k] |= mcode[k][MAX_MATCH] << x * l;
	}

	/* The bit writer in a copy whose address is never passed on, so
	 * that it stays in registers. */
	v = w;
	for (i = 0; i < ntok; i++) {
		t = tok[i];
		if (t < TOK_LEFT) {
			if (t >= TOK_GRAY) {
				s = t & 0xff;
				put_bits(&v, gcode[s], gbits[s]);
			} else {
				s = t >> 16;
				x = t >> 8 & 0xff;
				k = t & 0xff;
				put_bits(&v, lit.code[s] | (uint64_t)lit.code[x] << lit.len[s] |
				    (uint64_t)lit.code[k] << (lit.len[s] + lit.len[x]),
				    lit.len[s] + lit.len[x] + lit.len[k]);
			}
		} else if (t < TOK_FAR) {
			k = t >= TOK_UP;
			full = t & TOK_RUN;
			if (full <= MAX_MATCH) {
				put_bits(&v, mcode[k][full], mbits[k][full]);
				continue;
			}
			run_pieces(full, &full, &tail1, &tail2);
			/* Full matches, as many a time as fit 56 bits. */
			l = mbits[k][MAX_MATCH];
			for (x = 56 / l; full > 0; full -= s) {
				s = full < x ? (unsigned)full : x;
				put_bits(&v, rcode[k] & ~(~(uint64_t)0 << s * l), s * l);
			}
			if (tail1)
				put_bits(&v, mcode[k][tail1], mbits[k][tail1]);
			if (tail2)
				put_bits(&v, mcode[k][tail2], mbits[k][tail2]);
		} else if (t < TOK_BYTE) {
			x = TOK_LEN(t);
			d1 = TOK_DIST1(t);
			dsym = dist_sym(d1);
			put_bits(&v, lcode[x] | ((uint64_t)dist.code[dsym] |
			    (uint64_t)(d1 + 1 - dfl_dist_base[dsym]) <<
			    dist.len[dsym]) << lbits[x], lbits[x] +
			    dist.len[dsym] + dfl_dist_extra[dsym]);
		} else {
			s = t & 0xff;
			put_bits(&v, lit.code[s], lit.len[s]);
		}
	}
	put_bits(&v, lit.code[END_BLOCK], lit.len[END_BLOCK]);
	e->len = (size_t)(v.o - e->out);
	e->bits = v.bits;
	e->nbits = v.n;
	e->ntok = 0;
	memset(e->lfreq, 0, sizeof e->lfreq);
	memset(e->dfreq, 0, sizeof e->dfreq);
}

/*
 * Tokens are appended at t (within a row: the buffer has room for one),
 * by these, which count their symbols; base is the first of the block,
 * so that a run can go on the token before it, and is counted when
 * another token comes.
 */

/* Count the token before t if it is a run, as another comes. */
static inline void
close_run(struct enc *e, const uint32_t *t, const uint32_t *base)
{
	if (t > base && TOK_IS_RUN(t[-1]))
		count_run(e, t[-1]);
}

/* A literal pixel c (its unused byte ignored). */
static inline uint32_t *
put_pixel(struct enc *e, uint32_t *t, const uint32_t *base, uint32_t c)
{
	close_run(e, t, base);
	c &= 0xffffff;
	if ((c >> 8) == (c & 0xffff)) {
		/* Gray (as text is): r = g = b. */
		*t = TOK_GRAY | (c & 0xff);
		e->lfreq[c & 0xff] += 3;
	} else {
		*t = c;
		e->lfreq[c >> 16]++;
		e->lfreq[c >> 8 & 0xff]++;
		e->lfreq[c & 0xff]++;
	}
	return t + 1;
}

/* A match of len (3..258) bytes at distance d. */
static inline uint32_t *
put_far(struct enc *e, uint32_t *t, const uint32_t *base, size_t len,
    size_t d)
{
	close_run(e, t, base);
	*t = TOK_FAR | (uint32_t)(d - 1) << 9 | (uint32_t)len;
	e->lfreq[257 + dfl_lsym[len]]++;
	e->dfreq[dist_sym((unsigned)d - 1)]++;
	return t + 1;
}

/* A run or a copy of the row above (kind) of len (< MAX_RUN) bytes: on
 * the token before when it is of the same kind. */
static inline uint32_t *
put_run(struct enc *e, uint32_t *t, const uint32_t *base, uint32_t kind,
    size_t len)
{
	if (t > base && (t[-1] & TOK_KIND) == kind &&
	    (t[-1] & TOK_RUN) + len <= MAX_RUN) {
		t[-1] += (uint32_t)len;
		return t;
	}
	close_run(e, t, base);
	*t = kind | (uint32_t)len;
	return t + 1;
}

/* Bytes copied from the row above; a lone filter byte (len 1) only goes
 * on a copy before it, else it is a literal. */
static inline uint32_t *
put_up(struct enc *e, uint32_t *t, const uint32_t *base, size_t len)
{
	if (len < MIN_MATCH && !(t > base && (t[-1] & TOK_KIND) == TOK_UP)) {
		close_run(e, t, base);
		*t = TOK_BYTE | 0;
		e->lfreq[0]++;
		return t + 1;
	}
	return put_run(e, t, base, TOK_UP, len);
}

/* ---- Comparing pixels ---- */

/* How many of a[0..n) equal b[0..n) before the first difference: sixteen
 * words a step with SSE2, four without. */
static inline size_t
same_words(const uint32_t *a, const uint32_t *b, size_t n)
{
	size_t i = 0;
#ifdef USE_SSE2
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

/* Where to remember pixels a, b (a literal pixel and the next). */
static inline uint32_t
hash_pixels(uint32_t a, uint32_t b)
{
	return ((a * 0x9e3779b1u) ^ b) * 0x85ebca6bu >> (32 - HASH_BITS);
}

/* ---- Adler-32 ---- */

/*
 * The Adler-32 of the stream is built a row at a time from two sums over
 * the row's n bytes y[0..n): s1 = sum of y[i], s2 = sum of (n - i) y[i],
 * which turn the stream's (a, b) into (a + s1, b + n a + s2).  Both are
 * linear in the pixels: pixel x (its bytes r, g, b at 1 + 3x) adds
 * t = r + g + b to s1 and (n - 1 - 3x) t - g - 2b to s2.  So a row's
 * sums are the row above's plus, for each pixel that differs from the
 * one above, its own terms less those of the pixel above: the pixels
 * copied from above (most of them) cost nothing.
 */
struct row_sum {
	int64_t	 t;	/* differences of r + g + b */
	int64_t	 v;	/* of 3x (r + g + b) + g + 2b */
#ifdef USE_SSE2
	__m128i	 vt;	/* of r + g + b, in vectors */
	__m128i	 vv;	/* of 3x (r + g + b) + g + 2b */
	size_t	 nv;	/* windows in vt and vv */
	size_t	 max_nv;	/* windows before a lane could overflow */
#endif
};

static void
sum_begin(struct row_sum *d, size_t w)
{
	d->t = d->v = 0;
#ifdef USE_SSE2
	d->vt = d->vv = _mm_setzero_si128();
	d->nv = 0;
	/* A window adds at most 4080 (3w + 30) to a lane of vv. */
	d->max_nv = 2147483647u / (4080 * (3 * w + 30));
	if (d->max_nv == 0)
		d->max_nv = 1;
#else
	(void)w;
#endif
}

/* Pixel c at x in place of u. */
static inline void
sum_pixel(struct row_sum *d, uint32_t c, uint32_t u, size_t x)
{
	int32_t b = (int32_t)(c & 0xff) - (int32_t)(u & 0xff);
	int32_t g = (int32_t)(c >> 8 & 0xff) - (int32_t)(u >> 8 & 0xff);
	int32_t t = (int32_t)(c >> 16 & 0xff) - (int32_t)(u >> 16 & 0xff) +
	    g + b;

	d->t += t;
	d->v += 3 * (int64_t)x * t + g + 2 * b;
}

/* k pixels c from x on, in place of nothing. */
static inline void
sum_run(struct row_sum *d, uint32_t c, size_t x, size_t k)
{
	int64_t b = c & 0xff, g = c >> 8 & 0xff, t = (c >> 16 & 0xff) + g + b;
	int64_t n = (int64_t)k;

	d->t += n * t;
	d->v += 3 * t * (n * (int64_t)x + n * (n - 1) / 2) + n * (g + 2 * b);
}

#ifdef USE_SSE2
/* Fold the vector sums into the others. */
static void
sum_fold(struct row_sum *d)
{
	int32_t t[4], v[4];

	_mm_storeu_si128((void *)t, d->vt);
	_mm_storeu_si128((void *)v, d->vv);
	d->t += (int64_t)t[0] + t[1] + t[2] + t[3];
	d->v += (int64_t)v[0] + v[1] + v[2] + v[3];
	d->vt = d->vv = _mm_setzero_si128();
	d->nv = 0;
}
#endif

/* Add the differences gathered to the row's sums. */
static inline void
sum_end(struct enc *e, struct row_sum *d)
{
#ifdef USE_SSE2
	sum_fold(d);
#endif
	e->rs1 += d->t;
	e->rs2 += ((int64_t)e->n - 1) * d->t - d->v;
}

/* ---- Rows ---- */

/*
 * A window: the pixels [x0, x0 + k) of row p (k <= 16).  Sets bit i of
 * *u where p[x0 + i] equals the pixel above, of *l where it equals the
 * pixel on its left (never for the row's first; all clear when all are
 * equal to those above: see code_row()), and sums the differences of
 * the others with the pixels above, a step of four at a time where a
 * step has some.
 */
static inline void
window(struct row_sum *d, const uint32_t *p, const uint32_t *up, size_t x0,
    size_t k, unsigned *u, unsigned *l)
{
	const uint32_t *a = p + x0, *b = up + x0;
	size_t i;
#ifdef USE_SSE2
	/*
	 * Per pixel (b, g, r, unused, two pixels a vector of 16-bit lanes):
	 * weight 1 for b, g, r in vt; 3x + 2, 3x + 1, 3x in vv, as 3 x0
	 * for the window, 12 a step, and 3 a pixel within a step.
	 */
	const __m128i ones = _mm_setr_epi16(1, 1, 1, 0, 1, 1, 1, 0);
	const __m128i twelve = _mm_setr_epi16(12, 12, 12, 0, 12, 12, 12, 0);
	const __m128i wlo = _mm_setr_epi16(2, 1, 0, 0, 5, 4, 3, 0);
	const __m128i whi = _mm_setr_epi16(8, 7, 6, 0, 11, 10, 9, 0);
	const __m128i z = _mm_setzero_si128();
	__m128i a0, a1, a2, a3, b0, b1, b2, b3, l0, sa, sb, sj, dlo, dhi;
	unsigned m;

	if (k == 16) {
		a0 = _mm_loadu_si128((const void *)a);
		a1 = _mm_loadu_si128((const void *)(a + 4));
		a2 = _mm_loadu_si128((const void *)(a + 8));
		a3 = _mm_loadu_si128((const void *)(a + 12));
		b0 = _mm_loadu_si128((const void *)b);
		b1 = _mm_loadu_si128((const void *)(b + 4));
		b2 = _mm_loadu_si128((const void *)(b + 8));
		b3 = _mm_loadu_si128((const void *)(b + 12));
		*u = m = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(
		    _mm_packs_epi32(_mm_cmpeq_epi32(a0, b0),
		    _mm_cmpeq_epi32(a1, b1)),
		    _mm_packs_epi32(_mm_cmpeq_epi32(a2, b2),
		    _mm_cmpeq_epi32(a3, b3))));
		/* All equal to those above: no sums, and the caller may
		 * not need the other mask. */
		*l = 0;
		if (m == 0xffff)
			return;
		/* The row's first pixel has none on its left. */
		l0 = x0 > 0 ? _mm_loadu_si128((const void *)(a - 1)) :
		    _mm_slli_si128(a0, 4);
		*l = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(
		    _mm_packs_epi32(_mm_cmpeq_epi32(a0, l0),
		    _mm_cmpeq_epi32(a1, _mm_loadu_si128((const void *)(a + 3)))),
		    _mm_packs_epi32(
		    _mm_cmpeq_epi32(a2, _mm_loadu_si128((const void *)(a + 7))),
		    _mm_cmpeq_epi32(a3,
		    _mm_loadu_si128((const void *)(a + 11)))))) &
		    (x0 > 0 ? 0xffffu : 0xfffeu);
		/* Per step j: sa, sb the sums of its two vectors, sj of j
		 * times both. */
		sa = sb = sj = z;
#define STEP(j, a, b) do {						\
	if ((m >> 4 * (j) & 15) != 15) {				\
		dlo = _mm_sub_epi16(_mm_unpacklo_epi8(a, z),		\
		    _mm_unpacklo_epi8(b, z));				\
		dhi = _mm_sub_epi16(_mm_unpackhi_epi8(a, z),		\
		    _mm_unpackhi_epi8(b, z));				\
		sa = _mm_add_epi16(sa, dlo);				\
		sb = _mm_add_epi16(sb, dhi);				\
		if (j)							\
			sj = _mm_add_epi16(sj, _mm_mullo_epi16(		\
			    _mm_add_epi16(dlo, dhi), _mm_set1_epi16(j))); \
	}								\
} while (0)
		STEP(0, a0, b0);
		STEP(1, a1, b1);
		STEP(2, a2, b2);
		STEP(3, a3, b3);
#undef STEP
		dlo = _mm_add_epi16(sa, sb);
		d->vt = _mm_add_epi32(d->vt, _mm_madd_epi16(dlo, ones));
		d->vv = _mm_add_epi32(d->vv, _mm_add_epi32(_mm_add_epi32(
		    _mm_madd_epi16(sa, wlo), _mm_madd_epi16(sb, whi)),
		    _mm_add_epi32(_mm_madd_epi16(sj, twelve),
		    _mm_madd_epi16(dlo, _mm_and_si128(_mm_set1_epi16(
		    (short)(3 * x0)), _mm_cmpgt_epi16(ones, z))))));
		if (++d->nv == d->max_nv)
			sum_fold(d);
		return;
	}
#endif
	*u = *l = 0;
	for (i = 0; i < k; i++) {
		if (a[i] == b[i])
			*u |= 1u << i;
		else
			sum_pixel(d, a[i], b[i], x0 + i);
		if (x0 + i > 0 && a[i] == a[i - 1])
			*l |= 1u << i;
	}
}

/* Bit i set where p[x0 + i] (i < 16, x0 > 0) equals the pixel on its
 * left. */
static inline unsigned
left_mask(const uint32_t *p, size_t x0)
{
	const uint32_t *a = p + x0;
#ifdef USE_SSE2
	return (unsigned)_mm_movemask_epi8(_mm_packs_epi16(_mm_packs_epi32(
	    _mm_cmpeq_epi32(_mm_loadu_si128((const void *)a),
	    _mm_loadu_si128((const void *)(a - 1))),
	    _mm_cmpeq_epi32(_mm_loadu_si128((const void *)(a + 4)),
	    _mm_loadu_si128((const void *)(a + 3)))), _mm_packs_epi32(
	    _mm_cmpeq_epi32(_mm_loadu_si128((const void *)(a + 8)),
	    _mm_loadu_si128((const void *)(a + 7))),
	    _mm_cmpeq_epi32(_mm_loadu_si128((const void *)(a + 12)),
	    _mm_loadu_si128((const void *)(a + 11))))));
#else
	unsigned l = 0, i;

	for (i = 0; i < 16; i++)
		l |= (unsigned)(a[i] == (a - 1)[i]) << i;
	return l;
#endif
}

/*
 * Pixels from p[x] on (x + 1 < w) said before as literals (text says the
 * same letters again, dashes repeat): the last place with the same two
 * pixels, if near enough.  Returns how many pixels match there (their
 * distance in the stream in *dist), and remembers this place.
 */
static inline size_t
far_match(struct enc *e, const uint32_t *p, size_t x, size_t *dist)
{
	uint32_t *slot = &e->seen[hash_pixels(p[x], p[x + 1])], s = *slot;
	size_t cy, cx, d, k;
	const uint32_t *q;

	*slot = (uint32_t)(e->y << 15 | x) + 1;
	if (s == 0)
		return 0;
	cy = (s - 1) >> 15;
	cx = (s - 1) & 0x7fff;
	d = (e->y - cy) * e->n + 3 * x - 3 * cx;
	if (d > MAX_DIST)
		return 0;
	q = (const uint32_t *)(const void *)(e->data + cy * e->stride) + cx;
	k = e->w - (cx > x ? cx : x);
	*dist = d;
	return same_words(p + x, q, k < MAX_MATCH / 3 ? k : MAX_MATCH / 3);
}

/*
 * A row different from the row above.  Where it differs (from the first
 * difference to the last, found where the last row's were, mostly) it
 * is coded sixteen pixels (a window) at a time from the window's masks:
 * pixels equal to those above as a copy, or as a run where of the
 * colour on their left (a run's code is shorter); the others as runs,
 * copies of literals seen before, or literals.  Before and after, the
 * pixels are all equal to those above.
 */
static void
code_row(struct enc *e, const uint32_t *p, const uint32_t *up)
{
	struct row_sum d;
	uint32_t *base = e->tok, *t = base + e->ntok;
	size_t w = e->w, x, x0, k, i, v, dist, end = w, last = 0;
	size_t flat_above = e->flat_from;
	unsigned u, l, m;

	sum_begin(&d, w);
	if (e->tail < w && memcmp(p + e->tail, up + e->tail, 4 * (w -
	    e->tail)) == 0)
		end = e->tail;
	x = x0 = same_words(p, up, end) & ~(size_t)15;
	if (x > 0)
		t = put_up(e, t, base, 1 + 3 * x);	/* the filter byte, and on */
	else if (p[0] != up[0])
		t = put_up(e, t, base, 1);		/* the filter byte alone */
	for (; x0 < end; x0 += 16) {
		k = w - x0 < 16 ? w - x0 : 16;
		window(&d, p, up, x0, k, &u, &l);
		if (u == 0xffff && x == x0) {
			/* All equal to those above: the run or copy before
			 * goes on, a run only if all are of its colour. */
			if (x > 0 && t > base && (t[-1] & TOK_KIND) == TOK_LEFT &&
			    same_words(p + x0, p + x0 - 1, 16) == 16)
				t = put_run(e, t, base, TOK_LEFT, 48);
			else
				t = put_up(e, t, base, 48 + (x == 0));
			x += 16;
			continue;
		}
		if (u == 0xffff)	/* window() left l out */
			l = x0 > 0 ? left_mask(p, x0) :
			    left_mask(p, 1) << 1 & 0xffff;
		for (; x < x0 + k; x += v) {
			i = x - x0;
			if (u >> i & 1) {
				v = (size_t)__builtin_ctz(~(u >> i));
				if ((size_t)__builtin_ctz(~(l >> i)) >= v)
					t = put_run(e, t, base, TOK_LEFT, 3 * v);
				else
					t = put_up(e, t, base, 3 * v + (x == 0));
				continue;
			}
			m = l & ~u;
			if (m >> i & 1) {
				v = (size_t)__builtin_ctz(~(m >> i));
				t = put_run(e, t, base, TOK_LEFT, 3 * v);
			} else if (x + 1 < w &&
			    (v = far_match(e, p, x, &dist)) >= 2) {
				t = put_far(e, t, base, 3 * v, dist);
			} else {
				t = put_pixel(e, t, base, p[x]);
				v = 1;
			}
			last = x + v;
		}
	}
	e->flat_from = w;
	if (x < w) {
		/* The rest: a run where the row above was of one colour. */
		v = w - x;
		if (p[x] == p[x - 1] && (x >= flat_above ||
		    memcmp(p + x + 1, p + x, 4 * (v - 1)) == 0)) {
			t = put_run(e, t, base, TOK_LEFT, 3 * v);
			e->flat_from = x;
		} else {
			t = put_up(e, t, base, 3 * v);
		}
	}
	/* Where the next row may stop differing, with a window to spare. */
	e->tail = (last + 31) & ~(size_t)15;
	e->ntok = (size_t)(t - base);
	sum_end(e, &d);
}

/* A row with no row above to copy (the first, or rows too long). */
static void
code_alone(struct enc *e, const uint32_t *p)
{
	struct row_sum d;
	uint32_t *base = e->tok, *t = base + e->ntok;
	size_t x = 0, w = e->w, k, h, dist;
	uint32_t c;

	sum_begin(&d, w);
	e->tail = e->flat_from = w;
	t = put_up(e, t, base, 1);	/* the filter byte: a literal */
	while (x < w) {
		c = p[x];
		if (x > 0 && c == p[x - 1]) {
			k = same_words(p + x, p + x - 1, w - x);
			if (x + k == w)
				e->flat_from = x;
			sum_run(&d, c, x, k);
			t = put_run(e, t, base, TOK_LEFT, 3 * k);
			x += k;
		} else if (x + 1 < w && (h = far_match(e, p, x, &dist)) >= 2) {
			t = put_far(e, t, base, 3 * h, dist);
			for (k = x; k < x + h; k++)
				sum_pixel(&d, p[k], 0, k);
			x += h;
		} else {
			sum_pixel(&d, c, 0, x);
			t = put_pixel(e, t, base, c);
			x++;
		}
	}
	e->ntok = (size_t)(t - base);
	e->rs1 = e->rs2 = 0;
	sum_end(e, &d);
}

/* A row equal to the row above (its sums are those of the row above). */
static void
code_again(struct enc *e, const uint32_t *p)
{
	uint32_t *base = e->tok, *t = base + e->ntok;
	size_t w = e->w;

	/* Whether it is of one colour: once for a run of such rows. */
	if (e->flat_y + 1 != e->y)
		e->flat = e->flat_from == 0 || w == 1 ||
		    memcmp(p + 1, p, 4 * (w - 1)) == 0;
	e->flat_y = e->y;
	if (e->flat) {
		t = put_up(e, t, base, 4);
		if (w > 1)
			t = put_run(e, t, base, TOK_LEFT, 3 * (w - 1));
	} else {
		t = put_up(e, t, base, e->n);
	}
	e->ntok = (size_t)(t - base);
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
chunk_end(struct enc *e, size_t start)
{
	size_t n = e->len - start - 8;
	unsigned char *o = e->out + start;

	o[0] = (unsigned char)(n >> 24);
	o[1] = (unsigned char)(n >> 16);
	o[2] = (unsigned char)(n >> 8);
	o[3] = (unsigned char)n;
	reserve(e, 4);
	put_be32(e, crc32(0, e->out + start + 4, e->len - start - 4));
}

/* The tables of a new encoder for rows of width pixels. */
static struct enc *
enc_new(size_t w)
{
	struct enc *e = xcalloc(1, sizeof *e);

	e->tok = xreallocarray(NULL, BLOCK_TOKENS + w + 2, sizeof *e->tok);
	e->seen = xcalloc((size_t)1 << HASH_BITS, sizeof *e->seen);
	e->w = w;
	e->n = 3 * w + 1;
	e->dsym_up = e->n <= MAX_DIST ? dist_sym((unsigned)e->n - 1) : 0;
	e->flat_y = SIZE_MAX - 1;
	e->tail = e->flat_from = w;
	e->s1 = 1;
	e->s2 = 0;
	return e;
}

static void
enc_free(struct enc *e)
{
	free(e->out);
	free(e->tok);
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
	const uint32_t *p, *up;
	size_t w, y, n, start, pieces = 0;

	if (width < 1 || height < 1 || width > 32767 || height > 32767 ||
	    stride < 4 * width)
		return -1;
	tables_init();
	w = (size_t)width;
	n = 3 * w + 1;
	e = enc_new(w);
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
		/* A block ends between rows: a row adds at most w + 2
		 * tokens, and n / 258 + w + 2 matches. */
		if (e->ntok > BLOCK_TOKENS || (pieces += n / MAX_MATCH + w +
		    2) > BLOCK_PIECES) {
			write_block(e, 0);
			pieces = 0;
		}
		e->y = y;
		p = (const uint32_t *)(const void *)(data + y * (size_t)stride);
		up = (const uint32_t *)(const void *)(data + (y - 1) *
		    (size_t)stride);
		/* A row too long to copy is coded on its own. */
		if (y == 0 || n > MAX_DIST)
			code_alone(e, p);
		else if (memcmp(p, up, 4 * w) == 0)
			code_again(e, p);
		else
			code_row(e, p, up);
		/* The row's sums are whole and non-negative. */
		e->s2 = (uint32_t)((e->s2 + n * e->s1 + (uint64_t)e->rs2) %
		    ADLER_MOD);
		e->s1 = (uint32_t)((e->s1 + (uint64_t)e->rs1) % ADLER_MOD);
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
