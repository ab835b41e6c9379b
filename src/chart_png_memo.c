/*
 * Rows of text on a plain background, coded from pieces met before.
 *
 * Why: the share card's score is the one band of the card that is new
 * on every card (chart.c keeps the others), and coding it with
 * chart_png_band() was three quarters of a card's cost.  Yet its rows
 * are made of few pieces: the background, and the rows of a dozen
 * glyphs, which Cairo's image backend puts at whole pixels, so that a
 * "4" has the same pixels wherever it stands.
 *
 * So a row is cut where the background runs for QUIET pixels or more.
 * Each run of background is coded on the spot (a literal pixel and a
 * match one pixel back); each piece between two runs is coded on its
 * own, with matches only inside the piece (a run to the left, or the
 * same columns of the row above), so that its codes depend on its
 * pixels and the pixels above them alone.  Those codes, and the
 * piece's Adler-32 sums, are kept in the memo under the pixels: when
 * the same pixels come again over the same pixels above, anywhere in
 * the row, the codes are copied.  A row equal to the row above is one
 * copy of that row.
 *
 * The codes are deflate's fixed codes (block type 1), the same for
 * every piece, so a piece's bits can be kept and copied as they are;
 * codes built for each band, as chart_png.c does, would make every
 * token be coded again.  Fixed codes cost some bytes (measured in the
 * note), not pixels.
 *
 * What is kept never changes what is written: a piece copied from the
 * memo has the bits it would have been coded into, so a band's bytes
 * depend on its pixels alone, whatever the memo held before (cards are
 * drawn by several processes, in an order that depends on the run).
 */
#include "chart_png.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart_png_impl.h"
#include "xalloc.h"

/* Background pixels in a row that end a piece: fewer than the gap
 * between two glyphs of a big score, more than a stroke's antialiased
 * edge. */
#define QUIET 6

#define MEMO_SLOTS 16384	/* a power of two */
#define MEMO_MAX 8192		/* pieces kept before the memo is emptied */
#define MEMO_BYTES (16u << 20)	/* bytes of pixels and codes, likewise */

/* Some bits of code, LSB first. */
struct code {
	uint64_t bits;
	unsigned n;
};

/* Bits of a literal pixel at most (three 9-bit literals): no token
 * of the fixed codes costs more for the bytes it stands for. */
#define PIXEL_BITS 27

struct memo_piece {
	uint64_t hash;		/* of the pixels (piece_hash()); 0: free */
	size_t	 at;		/* in the arena: the pixels, those above
				   (if up), then the codes */
	uint32_t len;		/* pixels */
	uint32_t nbits;		/* bits of the codes */
	uint32_t n;		/* bytes a row: how far back the row
				   above is, for its matches */
	int	 up;		/* whether the row above was in reach */
	int64_t	 s1;		/* Adler-32 sums of its bytes as a row of */
	int64_t	 s2;		/* their own (see struct row_sum) */
};

/*
 * The codes of runs of background, worked out once for each width of
 * row: a run is a literal pixel or a copy of the pixel above, then
 * matches 3 bytes back, of 258 bytes and one of the rest (258 is a
 * multiple of 3, so the rest is a whole match or nothing).
 */
struct runs {
	uint32_t bg;			/* the pixel of lit */
	struct code lit;		/* a literal pixel bg (n 0: none yet) */
	struct code four;		/* four matches of 258 */
	struct code one;		/* one match of 258 */
	struct code rest[MAX_MATCH / 3];	/* one of 3 i bytes (i > 0) */
	struct code up1;		/* 3 bytes a row back */
};

struct chart_png_memo {
	struct memo_piece slot[MEMO_SLOTS];
	size_t	 n;		/* pieces kept */
	size_t	 max;		/* pieces kept before emptying */
	unsigned char *arena;	/* what the pieces point to */
	size_t	 used;
	size_t	 cap;
	uint32_t *tok;		/* tokens of a piece being coded */
	size_t	 tokcap;
	size_t	 last;		/* bytes of the last band: room to start
				   the next with */
	struct runs runs;	/* for rows of runs_n bytes (0: none) */
	size_t	 runs_n;
};

/* The fixed codes, bit-reversed, with their lengths. */
static uint16_t fix_lit[288];
static uint8_t fix_lit_len[288];
static uint8_t fix_dist[NDIST];
static pthread_once_t fix_once = PTHREAD_ONCE_INIT;

static unsigned
reverse(unsigned code, unsigned len)
{
	unsigned r = 0;

	while (len-- > 0) {
		r = r << 1 | (code & 1);
		code >>= 1;
	}
	return r;
}

/* RFC 1951, 3.2.6. */
static void
fix_fill(void)
{
	unsigned s;

	for (s = 0; s < 288; s++) {
		if (s < 144) {
			fix_lit_len[s] = 8;
			fix_lit[s] = (uint16_t)reverse(0x30 + s, 8);
		} else if (s < 256) {
			fix_lit_len[s] = 9;
			fix_lit[s] = (uint16_t)reverse(0x190 + s - 144, 9);
		} else if (s < 280) {
			fix_lit_len[s] = 7;
			fix_lit[s] = (uint16_t)reverse(s - 256, 7);
		} else {
			fix_lit_len[s] = 8;
			fix_lit[s] = (uint16_t)reverse(0xc0 + s - 280, 8);
		}
	}
	for (s = 0; s < NDIST; s++)
		fix_dist[s] = (uint8_t)reverse(s, 5);
}

struct chart_png_memo *
chart_png_memo_new(void)
{
	struct chart_png_memo *m = xcalloc(1, sizeof *m);

	m->max = MEMO_MAX;
	return m;
}

void
chart_png_memo_free(struct chart_png_memo *m)
{
	if (m == NULL)
		return;
	free(m->arena);
	free(m->tok);
	free(m);
}

void
chart_png_memo_limit(struct chart_png_memo *m, size_t pieces)
{
	m->max = pieces > 0 && pieces < MEMO_MAX ? pieces : MEMO_MAX;
}

size_t
chart_png_memo_pieces(const struct chart_png_memo *m)
{
	return m->n;
}

/* Forget every piece (the arena's memory is kept). */
static void
memo_empty(struct chart_png_memo *m)
{
	memset(m->slot, 0, sizeof m->slot);
	m->n = 0;
	m->used = 0;
}

/* Append one token in the fixed codes. */
static inline void
put_fixed(struct bitw *w, uint32_t t)
{
	unsigned a, b, c, s, l, d1, ds;

	switch (t & TOK_KIND) {
	case TOK_PIXEL:
		a = t >> 16 & 0xff;
		b = t >> 8 & 0xff;
		c = t & 0xff;
		put_bits(w, fix_lit[a] | (uint64_t)fix_lit[b] << fix_lit_len[a] |
		    (uint64_t)fix_lit[c] << (fix_lit_len[a] + fix_lit_len[b]),
		    (unsigned)fix_lit_len[a] + fix_lit_len[b] + fix_lit_len[c]);
		break;
	case TOK_BYTE:
		put_bits(w, fix_lit[t & 0xff], fix_lit_len[t & 0xff]);
		break;
	default:
		l = TOK_LEN(t);
		d1 = TOK_DIST1(t);
		s = dfl_lsym[l];
		ds = dist_sym(d1);
		put_bits(w, fix_lit[257 + s] |
		    (uint64_t)(l - dfl_len_base[s]) << fix_lit_len[257 + s] |
		    ((uint64_t)fix_dist[ds] |
		    (uint64_t)(d1 + 1 - dfl_dist_base[ds]) << 5) <<
		    (fix_lit_len[257 + s] + dfl_len_extra[s]),
		    fix_lit_len[257 + s] + dfl_len_extra[s] + 5u +
		    dfl_dist_extra[ds]);
		break;
	}
}

static inline uint64_t
load64(const unsigned char *s)
{
	uint64_t v;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, s, 8);
#else
	unsigned i;

	for (v = 0, i = 0; i < 8; i++)
		v |= (uint64_t)s[i] << (8 * i);
#endif
	return v;
}

/* Append nbits bits kept at s, LSB first (s has 8 bytes of slack). */
static void
put_string(struct bitw *w, const unsigned char *s, size_t nbits)
{
	for (; nbits > 56; nbits -= 56, s += 7)
		put_bits(w, load64(s) & (((uint64_t)1 << 56) - 1), 56);
	if (nbits > 0)
		put_bits(w, load64(s) & (((uint64_t)1 << nbits) - 1),
		    (unsigned)nbits);
}

/*
 * The index in p[0..n) of the first pixel that equals c (same 0) or
 * that does not (same 1), or n: sixteen pixels a step with SSE2, as rows
 * are mostly scanned, not coded.  A lane stops the scan where its
 * comparison, flipped when same, is true.
 */
static inline size_t
scan(const uint32_t *p, size_t n, uint32_t c, int same)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i v = _mm_set1_epi32((int)c);
	const __m128i flip = same ? _mm_set1_epi32(-1) : _mm_setzero_si128();
	unsigned m;
#define STOP(k) _mm_xor_si128(_mm_cmpeq_epi32(_mm_loadu_si128( \
	    (const void *)(p + i + (k))), v), flip)

	for (; i + 16 <= n; i += 16)
		if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(STOP(0),
		    STOP(4)), _mm_or_si128(STOP(8), STOP(12)))) != 0)
			break;
	for (; i + 4 <= n; i += 4)
		if ((m = (unsigned)_mm_movemask_epi8(STOP(0))) != 0)
			return i + (size_t)(__builtin_ctz(m) >> 2);
#undef STOP
#endif
	while (i < n && (p[i] == c) == (same != 0))
		i++;
	return i;
}

/* Where the first pixel equal to c is in p[0..n), or n. */
static inline size_t
find_word(const uint32_t *p, size_t n, uint32_t c)
{
	return scan(p, n, c, 0);
}

/* How many of p[0..n) equal c before the first that does not. */
static inline size_t
run_of(const uint32_t *p, size_t n, uint32_t c)
{
	return scan(p, n, c, 1);
}

/*
 * A hash of a piece, from a few of its pixels (not those above it, which
 * follow from them nearly always): pieces that differ elsewhere share a
 * hash, and memcmp() tells them apart.  Never 0 (a free slot).
 */
static uint64_t
piece_hash(const uint32_t *p, int up, size_t len)
{
	const uint64_t k = 0x9e3779b97f4a7c15u;
	uint64_t h = (len << 1 | (up != 0)) * k;
	size_t i, step = len / 8 + 1;

	for (i = 0; i < len; i += step)
		h = (h ^ p[i]) * k;
	h = (h ^ p[len - 1]) * k;
	return (h ^ h >> 31) | 1;
}

/*
 * Tokens of the piece p[0..len) (up: the same columns of the row above,
 * n bytes back, or NULL) into m->tok, matching only within the piece;
 * rs receives the sums of its bytes as a row of their own.  Returns
 * how many tokens.
 */
static size_t
piece_tokens(struct chart_png_memo *m, const uint32_t *p,
    const uint32_t *up, size_t len, size_t n, struct row_sum *rs)
{
	int64_t ln = 3 * (int64_t)len + 1;
	size_t x = 0, h, v, k, nt = 0;
	uint32_t c;

	if (m->tokcap < len) {
		m->tokcap = len;
		m->tok = xreallocarray(m->tok, len, sizeof *m->tok);
	}
	while (x < len) {
		c = p[x];
		h = run_left(p, x, len);
		v = run_up(p, up, x, len);
		if (h == 0 && v == 0) {
			m->tok[nt++] = TOK_PIXEL | (c & 0xffffff);
			sum_pixel(rs, c, ln, (int64_t)x, 1);
			x++;
		} else if (h >= v) {
			nt += png_match_tokens(m->tok + nt, 3, 3 * h);
			sum_run(rs, c, (int64_t)h, ln, (int64_t)x, 1);
			x += h;
		} else {
			nt += png_match_tokens(m->tok + nt, n, 3 * v);
			for (k = x; k < x + v; k++)
				sum_pixel(rs, p[k], ln, (int64_t)k, 1);
			x += v;
		}
	}
	return nt;
}

/*
 * The piece p[0..len) at pixel x of a row of n bytes (up as for
 * piece_tokens()): its codes to w, its sums added to the row's rs.
 */
static void
put_piece(struct chart_png_memo *m, const uint32_t *p, const uint32_t *up,
    size_t len, size_t x, size_t n, struct bitw *w, struct row_sum *rs)
{
	struct memo_piece *e;
	struct row_sum ps = { 0, 0 };
	struct bitw pw;
	uint64_t h = piece_hash(p, up != NULL, len);
	size_t i, nt, k, pix = 4 * len * (up != NULL ? 2 : 1), need;
	unsigned char *a;

	for (i = h & (MEMO_SLOTS - 1);; i = (i + 1) & (MEMO_SLOTS - 1)) {
		e = &m->slot[i];
		if (e->hash == 0)
			break;
		a = m->arena + e->at;
		if (e->hash == h && e->len == len && e->n == n &&
		    e->up == (up != NULL) &&
		    memcmp(a, p, 4 * len) == 0 && (up == NULL ||
		    memcmp(a + 4 * len, up, 4 * len) == 0))
			goto put;
	}

	/* New: code it, and keep it (emptying the memo when full). */
	need = pix + (PIXEL_BITS * len + 7) / 8 + 8;
	if (m->n >= m->max || m->n >= MEMO_SLOTS / 2 ||
	    m->used + need > MEMO_BYTES) {
		memo_empty(m);
		e = &m->slot[h & (MEMO_SLOTS - 1)];
	}
	if (m->cap - m->used < need) {
		while (m->cap - m->used < need)
			m->cap = m->cap ? 2 * m->cap : 1u << 20;
		m->arena = xreallocarray(m->arena, m->cap, 1);
	}
	a = m->arena + m->used;
	memcpy(a, p, 4 * len);
	if (up != NULL)
		memcpy(a + 4 * len, up, 4 * len);
	nt = piece_tokens(m, p, up, len, n, &ps);
	memset(a + pix, 0, need - pix);
	pw.o = a + pix;
	pw.bits = 0;
	pw.n = 0;
	for (k = 0; k < nt; k++)
		put_fixed(&pw, m->tok[k]);
	e->hash = h;
	e->at = m->used;
	e->len = (uint32_t)len;
	e->nbits = (uint32_t)(8 * (size_t)(pw.o - (a + pix)) + pw.n);
	e->n = (uint32_t)n;
	e->up = up != NULL;
	e->s1 = ps.s1;
	e->s2 = ps.s2;
	m->used += (need + 3) & ~(size_t)3;	/* pixels stay aligned */
	m->n++;
	a = m->arena + e->at;
put:
	put_string(w, a + pix, e->nbits);
	/* Its byte j is the row's byte 1 + 3x + j, so it weighs what it
	 * did in its own row of 3 len bytes and n - 1 - 3x - 3 len more. */
	rs->s1 += e->s1;
	rs->s2 += e->s2 + ((int64_t)n - 1 - 3 * (int64_t)x -
	    3 * (int64_t)len) * e->s1;
}


/* The codes of tokens t[0..nt), 56 bits at most. */
static struct code
code_of(const uint32_t *t, size_t nt)
{
	unsigned char b[16];
	struct bitw w = { b, 0, 0 };
	struct code c;
	size_t i;

	memset(b, 0, sizeof b);
	for (i = 0; i < nt; i++)
		put_fixed(&w, t[i]);
	c.bits = load64(b);
	c.n = (unsigned)(8 * (size_t)(w.o - b) + w.n);
	return c;
}

static void
runs_fill(struct runs *rn, size_t n)
{
	const uint32_t m = TOK_MATCH | 2u << 9;	/* 3 back */
	const uint32_t four[4] = {
		m | MAX_MATCH, m | MAX_MATCH, m | MAX_MATCH, m | MAX_MATCH
	};
	uint32_t t;
	unsigned i;

	rn->four = code_of(four, 4);
	rn->one = code_of(four, 1);
	for (i = 1; i < MAX_MATCH / 3; i++) {
		t = m | 3 * i;
		rn->rest[i] = code_of(&t, 1);
	}
	t = TOK_MATCH | (uint32_t)(n - 1) << 9 | 3;
	rn->up1 = code_of(&t, 1);
	rn->lit.n = 0;			/* set by put_run() */
}

/*
 * The codes of a run of r pixels bg at pixel x of a row of n bytes, and
 * its sums; up: the row above from x, or NULL.  The run's first pixel
 * is a copy of the one above where that is background too (22 bits,
 * where a literal pixel takes 27), then a match 3 bytes back.  (Copying
 * as much of the run as the row above has background saves some more
 * bytes, but scanning the row above cost a card 7% more.)
 */
static void
put_run(struct bitw *bw, uint32_t bg, size_t r, size_t x, size_t n,
    const uint32_t *up, struct runs *rn, struct row_sum *rs)
{
	size_t bytes, k;
	uint32_t t;

	k = 1;
	if (up != NULL && up[0] == bg) {
		put_bits(bw, rn->up1.bits, rn->up1.n);
	} else {
		if (bg != rn->bg || rn->lit.n == 0) {
			t = TOK_PIXEL | (bg & 0xffffff);
			rn->lit = code_of(&t, 1);
			rn->bg = bg;
		}
		put_bits(bw, rn->lit.bits, rn->lit.n);
	}
	for (bytes = 3 * (r - k); bytes >= 4 * MAX_MATCH;
	    bytes -= 4 * MAX_MATCH)
		put_bits(bw, rn->four.bits, rn->four.n);
	for (; bytes >= MAX_MATCH; bytes -= MAX_MATCH)
		put_bits(bw, rn->one.bits, rn->one.n);
	if (bytes > 0)
		put_bits(bw, rn->rest[bytes / 3].bits, rn->rest[bytes / 3].n);
	sum_run(rs, bg, (int64_t)r, (int64_t)n, (int64_t)x, 1);
}

/*
 * The row p of w pixels (up: the row above within reach, or NULL) to
 * bw; rs, zero, receives its sums.  The background is the row's first
 * pixel; each pixel is looked at once, to find where runs of it start
 * and end.
 */
static void
put_row(struct chart_png_memo *m, const uint32_t *p, const uint32_t *up,
    size_t w, struct runs *rn, struct bitw *bw,
    struct row_sum *rs)
{
	uint32_t bg = p[0];
	size_t n = 3 * w + 1, x, r, k, start, end;

	put_fixed(bw, TOK_BYTE | 0);	/* filter type 0: none */
	r = run_of(p, w, bg);
	put_run(bw, bg, r, 0, n, up, rn, rs);
	x = r;
	while (x < w) {
		/* p[x] is not background: a piece, up to the next run of
		 * background long enough (or the end of the row). */
		start = x;
		for (;;) {
			k = x + find_word(p + x, w - x, bg);
			if (k >= w) {
				end = w;
				r = 0;
				break;
			}
			r = run_of(p + k, w - k, bg);
			if (r >= QUIET || k + r == w) {
				end = k;
				break;
			}
			x = k + r;
		}
		put_piece(m, p + start, up != NULL ? up + start : NULL,
		    end - start, start, n, bw, rs);
		if (r > 0)
			put_run(bw, bg, r, end, n, up != NULL ? up + end :
			    NULL, rn, rs);
		x = end + r;
	}
}

/* A band being coded in fixed codes, row by row. */
struct fixed_band {
	struct bitw w;
	unsigned char *out;
	size_t	 cap;
	size_t	 room;		/* a row's worst case, and slack */
	size_t	 n;		/* bytes a row */
	/* The copy of a whole row, the same for every such row: MAX_DIST
	 * bytes at most, so that many matches of MAX_MATCH and one more
	 * where the last is cut in two, of 31 bits each at most. */
	unsigned char copy[4 * (MAX_DIST / MAX_MATCH + 2) + 16];
	size_t	 copy_bits;
	uint32_t s1;		/* Adler-32 so far */
	uint32_t s2;
	struct row_sum rs;	/* of the row being coded (or the last) */
};

/* Start a band of rows of wd pixels (3 wd + 1 <= MAX_DIST). */
static void
band_begin(struct fixed_band *fb, struct chart_png_memo *m, size_t wd)
{
	uint32_t t[MAX_DIST / MAX_MATCH + 2];
	size_t nt, k;

	png_tables_init();
	pthread_once(&fix_once, fix_fill);
	fb->n = 3 * wd + 1;
	/* A row's worst case, the partial byte and the bit writer's eight
	 * bytes of slack. */
	fb->room = (PIXEL_BITS * wd + 8) / 8 + 32;
	memset(fb->copy, 0, sizeof fb->copy);
	fb->w.o = fb->copy;
	fb->w.bits = 0;
	fb->w.n = 0;
	nt = png_match_tokens(t, fb->n, fb->n);
	for (k = 0; k < nt; k++)
		put_fixed(&fb->w, t[k]);
	fb->copy_bits = 8 * (size_t)(fb->w.o - fb->copy) + fb->w.n;
	if (m->runs_n != fb->n) {
		runs_fill(&m->runs, fb->n);
		m->runs_n = fb->n;
	}
	/* Room for the band as long as the last one, rather than growing
	 * (and copying) it four times over. */
	fb->cap = fb->room + 64 + m->last + m->last / 8;
	fb->out = xmalloc(fb->cap);
	fb->w.o = fb->out;
	fb->w.bits = 0;
	fb->w.n = 0;
	put_bits(&fb->w, 1 << 1, 3);	/* not final, fixed codes */
	fb->s1 = 1;
	fb->s2 = 0;
	fb->rs.s1 = fb->rs.s2 = 0;
}

/* Room for one more row. */
static void
band_room(struct fixed_band *fb)
{
	size_t len = (size_t)(fb->w.o - fb->out);

	if (fb->cap - len < fb->room) {
		while (fb->cap - len < fb->room)
			fb->cap *= 2;
		fb->out = xreallocarray(fb->out, fb->cap, 1);
		fb->w.o = fb->out + len;
	}
}

/* The row is coded (its sums in fb->rs): on to the next. */
static void
band_row_done(struct fixed_band *fb)
{
	fb->s2 = (uint32_t)((fb->s2 + fb->n * fb->s1 + (uint64_t)fb->rs.s2) %
	    ADLER_MOD);
	fb->s1 = (uint32_t)((fb->s1 + (uint64_t)fb->rs.s1) % ADLER_MOD);
}

/* End the band of height rows into b. */
static void
band_end(struct fixed_band *fb, struct chart_png_memo *m, int width,
    int height, struct chart_png_band *b)
{
	size_t len;

	put_bits(&fb->w, 0, 7);		/* end of block */
	/* End on a whole byte with an empty stored block, as
	 * chart_png_band() does (room is left for it). */
	len = (size_t)(fb->w.o - fb->out);
	fb->out[len + 1] = 0;
	len += (fb->w.n + 3 + 7) / 8;
	memcpy(fb->out + len, "\x00\x00\xff\xff", 4);
	len += 4;
	m->last = len;
	b->bits = fb->out;
	b->nbytes = len;
	b->crc = png_crc32(0, fb->out, len);
	b->len = (uint64_t)height * fb->n;
	b->adler = fb->s2 << 16 | fb->s1;
	b->width = width;
	b->height = height;
}

int
chart_png_band_memo(const unsigned char *data, int width, int height,
    int stride, struct chart_png_memo *m, struct chart_png_band *b)
{
	struct fixed_band fb;
	const uint32_t *p, *up;
	size_t wd, y;

	if (m == NULL || width < 1 || height < 1 || width > 32767 ||
	    height > 32767 || stride < 4 * width ||
	    3 * (size_t)width + 1 > MAX_DIST)
		return chart_png_band(data, width, height, stride, b);
	memset(b, 0, sizeof *b);
	wd = (size_t)width;
	band_begin(&fb, m, wd);
	for (y = 0; y < (size_t)height; y++) {
		band_room(&fb);
		p = (const uint32_t *)(const void *)(data + y * (size_t)stride);
		up = y > 0 ? (const uint32_t *)(const void *)
		    (data + (y - 1) * (size_t)stride) : NULL;
		if (up != NULL && memcmp(p, up, 4 * wd) == 0) {
			/* The row above again (its sums hold). */
			put_string(&fb.w, fb.copy, fb.copy_bits);
		} else {
			fb.rs.s1 = fb.rs.s2 = 0;
			put_row(m, p, up, wd, &m->runs, &fb.w, &fb.rs);
		}
		band_row_done(&fb);
	}
	band_end(&fb, m, width, height, b);
	return 0;
}

/* Code a piece's pixels (up as for piece_tokens()) into pc, once. */
static void
piece_code(struct chart_png_memo *m, struct chart_png_piece *pc,
    const uint32_t *p, const uint32_t *up, size_t len, size_t n)
{
	struct row_sum ps = { 0, 0 };
	struct bitw pw;
	size_t nt, k, cap = (PIXEL_BITS * len + 7) / 8 + 16;

	nt = piece_tokens(m, p, up, len, n, &ps);
	free(pc->bits);
	pc->bits = xcalloc(cap, 1);
	pw.o = pc->bits;
	pw.bits = 0;
	pw.n = 0;
	for (k = 0; k < nt; k++)
		put_fixed(&pw, m->tok[k]);
	pc->nbits = 8 * (size_t)(pw.o - pc->bits) + pw.n;
	pc->s1 = ps.s1;
	pc->s2 = ps.s2;
	pc->len = len;
	pc->n = n;
}

void
chart_png_piece_free(struct chart_png_piece *pc)
{
	free(pc->bits);
	memset(pc, 0, sizeof *pc);
}

int
chart_png_band_spans(int width, int height, uint32_t bg,
    const struct chart_png_row *rows, struct chart_png_memo *m,
    struct chart_png_band *b)
{
	struct fixed_band fb;
	const struct chart_png_span *sp;
	size_t wd, y, x, i;

	memset(b, 0, sizeof *b);
	if (m == NULL || width < 1 || height < 1 || width > 32767 ||
	    height > 32767 || 3 * (size_t)width + 1 > MAX_DIST)
		return -1;
	wd = (size_t)width;
	for (y = 0; y < (size_t)height; y++)
		for (i = 0, x = 0; i < rows[y].n; i++) {
			sp = &rows[y].v[i];
			if (sp->x < x || sp->len == 0 || sp->len > wd - sp->x ||
			    (y == 0) != (sp->up == NULL))
				return -1;
			x = sp->x + sp->len;
		}
	band_begin(&fb, m, wd);
	for (y = 0; y < (size_t)height; y++) {
		band_room(&fb);
		if (y > 0 && rows[y].n == 0 && rows[y - 1].n == 0) {
			/* Background, as the row above (its sums hold). */
			put_string(&fb.w, fb.copy, fb.copy_bits);
			band_row_done(&fb);
			continue;
		}
		fb.rs.s1 = fb.rs.s2 = 0;
		put_fixed(&fb.w, TOK_BYTE | 0);	/* filter type 0: none */
		for (i = 0, x = 0; i < rows[y].n; i++) {
			sp = &rows[y].v[i];
			if (sp->x > x)
				put_run(&fb.w, bg, sp->x - x, x, fb.n, NULL,
				    &m->runs, &fb.rs);
			if (sp->piece->bits == NULL || sp->piece->n != fb.n ||
			    sp->piece->len != sp->len)
				piece_code(m, sp->piece, sp->px, sp->up, sp->len,
				    fb.n);
			put_string(&fb.w, sp->piece->bits, sp->piece->nbits);
			fb.rs.s1 += sp->piece->s1;
			fb.rs.s2 += sp->piece->s2 + ((int64_t)fb.n - 1 -
			    3 * (int64_t)sp->x - 3 * (int64_t)sp->len) *
			    sp->piece->s1;
			x = sp->x + sp->len;
		}
		if (x < wd)
			put_run(&fb.w, bg, wd - x, x, fb.n, NULL, &m->runs,
			    &fb.rs);
		band_row_done(&fb);
	}
	band_end(&fb, m, width, height, b);
	return 0;
}
