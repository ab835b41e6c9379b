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
 * Append to out the PNG whose rows are those of bands[0..n), top to
 * bottom.  Returns 0, or -1 (out unchanged) when n is 0, the bands'
 * widths differ or the picture would pass 32767 rows.
 */
int chart_png_join(const struct chart_png_band *const *bands, size_t n,
    struct buf *out);

#endif
