/*
 * The chart module's PNG writer (src/chart_png.c): internal, not part of
 * include/chart.h.
 */
#ifndef RAPOR_CHART_PNG_H
#define RAPOR_CHART_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Append to out an 8-bit RGB PNG (no ancillary chunks) of the width x
 * height pixels at data, rows stride bytes apart, each pixel a native
 * 32-bit word 0xXXRRGGBB as in Cairo's RGB24 format (an ARGB32 surface
 * qualifies only when opaque).  The top byte never reaches the picture,
 * though it may steer the compression (Cairo keeps it at 0xff): the same
 * words always give the same bytes.  Returns 0, or -1 (out unchanged)
 * when a side is below 1 or above 32767, or the stride is shorter than
 * a row.
 */
int chart_png_write(const unsigned char *data, int width, int height,
    int stride, struct buf *out);

/*
 * A band of rows coded on its own: deflate blocks, none of them final,
 * that refer to no byte before the band's first row, so that bands coded
 * once (a share card's title, say) can be joined into many pictures.
 */
struct chart_png_band {
	unsigned char	*bits;	/* the blocks, least significant bit first,
				   ending on a whole byte */
	size_t		 nbytes; /* bytes at bits */
	uint32_t	 crc;	/* CRC-32 of those bytes */
	uint64_t	 len;	/* bytes of the rows, filter bytes included */
	uint32_t	 adler;	/* Adler-32 of those bytes */
	int		 width;	/* pixels a row */
	int		 height;	/* rows */
};

/*
 * Code height rows of width pixels at data (as for chart_png_write())
 * into b, which the caller frees with chart_png_band_free().  The bits
 * depend on the pixel words alone.  Returns 0, or -1 (b empty) for the
 * sizes chart_png_write() refuses.
 */
int chart_png_band(const unsigned char *data, int width, int height,
    int stride, struct chart_png_band *b);

/* Free b's bits and empty it; safe on an empty band. */
void chart_png_band_free(struct chart_png_band *b);

/*
 * Pieces of rows coded before, for chart_png_band_memo(): one per
 * process (not shared between threads), created empty, grown as needed
 * and emptied whenever it is full.
 */
struct chart_png_memo;

/* A new, empty memo (aborts when out of memory, as xalloc.h says). */
struct chart_png_memo *chart_png_memo_new(void);

/* Free m and all it holds; NULL is fine. */
void chart_png_memo_free(struct chart_png_memo *m);

/* For tests: empty m whenever it holds pieces pieces (0: the default). */
void chart_png_memo_limit(struct chart_png_memo *m, size_t pieces);

/* For tests: how many pieces m holds now. */
size_t chart_png_memo_pieces(const struct chart_png_memo *m);

/*
 * As chart_png_band(), for rows of text on a plain background (a share
 * card's score): pieces of rows met before, kept in m, are copied
 * rather than coded again, in deflate's fixed codes.  The bits still
 * depend on the pixel words alone, never on what m held.  With m NULL,
 * or rows too long for a match to reach the row above (over 10922
 * pixels), this is chart_png_band().
 */
int chart_png_band_memo(const unsigned char *data, int width, int height,
    int stride, struct chart_png_memo *m, struct chart_png_band *b);

/*
 * A piece of a row coded once, kept by the caller for every span with
 * the same pixels over the same pixels above (chart_png_band_spans()).
 * Zero it to start; chart_png_piece_free() empties it.
 */
struct chart_png_piece {
	unsigned char	*bits;	/* its codes, LSB first (NULL: not yet) */
	size_t		 nbits;
	size_t		 len;	/* pixels it was coded for */
	size_t		 n;	/* bytes a row of the band it was coded in */
	int64_t		 s1;	/* its bytes' Adler-32 sums, as a row */
	int64_t		 s2;	/* of their own */
};

/* Free a piece's codes and zero it. */
void chart_png_piece_free(struct chart_png_piece *pc);

/* A run of pixels in a row that are not the background. */
struct chart_png_span {
	size_t		 x;	/* its first pixel */
	size_t		 len;	/* pixels, 1 or more */
	const uint32_t	*px;	/* the pixels */
	const uint32_t	*up;	/* the len pixels above them (NULL in the
				   first row only) */
	struct chart_png_piece *piece;	/* where its codes are kept */
};

/* The spans of a row, left to right, not overlapping. */
struct chart_png_row {
	const struct chart_png_span *v;
	size_t		 n;
};

/*
 * Code a band of height rows of width pixels given as spans on a
 * background pixel bg, as chart_png_band_memo() would code those pixels
 * cut there (fixed codes, each span coded on its own with matches only
 * inside it): for pictures whose rows the caller knows without drawing
 * them (a share card's score, glyph by glyph).  A span's codes are made
 * on first use and kept in its piece: the caller must give one piece to
 * spans of the same pixels over the same pixels above, and to no other.
 * Returns 0, or -1 (b empty) for sizes chart_png_band_memo() hands on,
 * spans out of order or out of the row, or m NULL.
 */
int chart_png_band_spans(int width, int height, uint32_t bg,
    const struct chart_png_row *rows, struct chart_png_memo *m,
    struct chart_png_band *b);

/*
 * Append to out the PNG whose rows are those of bands[0..n), top to
 * bottom.  Returns 0, or -1 (out unchanged) when n is 0, the bands'
 * widths differ or the picture would pass 32767 rows.
 */
int chart_png_join(const struct chart_png_band *const *bands, size_t n,
    struct buf *out);

#endif
