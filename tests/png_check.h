/*
 * Reading PNGs back in the tests (test_chart.c, test_chart_png.c):
 * through Cairo, so libpng and zlib check every CRC and the Adler-32.
 * After testutil.h (cmocka).
 */
#ifndef RAPOR_PNG_CHECK_H
#define RAPOR_PNG_CHECK_H

#include <stdint.h>
#include <string.h>

#include <cairo.h>

#include "buf.h"

static inline uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Whether the PNG in b has a chunk of type t. */
static inline int
png_has_chunk(const struct buf *b, const char *t)
{
	size_t off = 8;

	while (off + 12 <= b->len) {
		uint32_t len = be32((const unsigned char *)b->data + off);

		if (memcmp(b->data + off + 4, t, 4) == 0)
			return 1;
		off += 12 + (size_t)len;
	}
	return 0;
}

/* A PNG being read back by Cairo (libpng and zlib underneath, which
 * check every CRC and the Adler-32). */
struct png_reader {
	const struct buf *b;
	size_t	 off;
};

static inline cairo_status_t
png_read(void *closure, unsigned char *data, unsigned int len)
{
	struct png_reader *r = closure;

	if (len > r->b->len - r->off)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->b->data + r->off, len);
	r->off += len;
	return CAIRO_STATUS_SUCCESS;
}

/* The picture in the PNG b, decoded; fails the test when it is not a
 * valid PNG or has not been read to its end. */
static inline cairo_surface_t *
png_decode(const struct buf *b)
{
	struct png_reader r = { b, 0 };
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(
	    png_read, &r);

	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		fail_msg("PNG does not decode: %s",
		    cairo_status_to_string(cairo_surface_status(s)));
	assert_int_equal(r.off, b->len);
	return s;
}

/* Pixel x, y of an RGB24 image surface, as 0xRRGGBB. */
static inline uint32_t
pixel_at(cairo_surface_t *s, int x, int y)
{
	const unsigned char *row = cairo_image_surface_get_data(s) +
	    (size_t)y * (size_t)cairo_image_surface_get_stride(s);
	uint32_t v;

	memcpy(&v, row + 4 * (size_t)x, 4);
	return v & 0xffffff;
}

/* Fail unless the PNG in png has exactly the pixels px. */
static inline void
check_pixels(const struct buf *png, const uint32_t *px, int w, int h,
    int stride, const char *what)
{
	cairo_surface_t *s = png_decode(png);
	int x, y;

	assert_int_equal(cairo_image_surface_get_format(s), CAIRO_FORMAT_RGB24);
	assert_int_equal(cairo_image_surface_get_width(s), w);
	assert_int_equal(cairo_image_surface_get_height(s), h);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			if (pixel_at(s, x, y) !=
			    (px[(size_t)y * stride + x] & 0xffffff))
				fail_msg("%s: pixel %d, %d is %06x, not %06x",
				    what, x, y, pixel_at(s, x, y),
				    px[(size_t)y * stride + x] & 0xffffff);
	cairo_surface_destroy(s);
}

#endif
