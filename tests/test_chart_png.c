/*
 * Tests of the chart module's PNG encoder (src/chart_png.c) alone, on
 * pictures made to reach its corners: every PNG is decoded again by
 * libpng and zlib (through Cairo, png_check.h), which check its CRCs and
 * Adler-32, and its pixels compared with those coded.  Both builds of the
 * encoder are tested: the one of the program (with SSE2 where the
 * machine has it) and, compiled in here from the same source, the plain
 * C one of other machines (CHART_PNG_PORTABLE), which must write the
 * same bytes.
 */
#include "testutil.h"

#include <cairo.h>
#include <pango/pangocairo.h>

#include "buf.h"
#include "chart.h"
#include "xalloc.h"
#include "../src/chart_png.h"
#include "../src/chart_text.h"
#include "png_check.h"

/* The encoder again, without vector code, as chart_png_portable(). */
#define CHART_PNG_PORTABLE
#define chart_png_write chart_png_portable
int chart_png_write(const unsigned char *, int, int, int, struct buf *);
#include "../src/chart_png.c"
#undef chart_png_write
#undef CHART_PNG_PORTABLE

/* Encode width x height pixels (rows stride words apart) with
 * chart_png_write(), twice, and check that the PNG decodes to exactly
 * those pixels and is the same bytes both times, and the same bytes as
 * those of the portable build. */
static void
check_encoder(const uint32_t *px, int width, int height, int stride)
{
	struct buf b = BUF_INIT, c = BUF_INIT, d = BUF_INIT;
	char what[32];

	assert_int_equal(chart_png_write((const unsigned char *)px, width,
	    height, 4 * stride, &b), 0);
	assert_false(png_has_chunk(&b, "tIME"));
	assert_int_equal(be32((unsigned char *)b.data + 16), width);
	assert_int_equal(be32((unsigned char *)b.data + 20), height);
	snprintf(what, sizeof what, "%d x %d", width, height);
	check_pixels(&b, px, width, height, stride, what);
	assert_int_equal(chart_png_write((const unsigned char *)px, width,
	    height, 4 * stride, &c), 0);
	assert_int_equal(b.len, c.len);
	assert_memory_equal(b.data, c.data, b.len);
	assert_int_equal(chart_png_portable((const unsigned char *)px, width,
	    height, 4 * stride, &d), 0);
	assert_int_equal(b.len, d.len);
	assert_memory_equal(b.data, d.data, b.len);
	buf_free(&b);
	buf_free(&c);
	buf_free(&d);
}

/*
 * The PNG encoder on pictures made to reach its corners: noise (every
 * pixel a literal, many blocks), bytes of very uneven frequencies
 * (Huffman codes that must be cut to 15 bits), runs longer than a match,
 * repeated rows, patterns repeated from rows before (then a repeated
 * row), rows too long to copy (over 32 KiB), padded strides, garbage in
 * the unused byte, one row or one column, and a picture drawn by Cairo
 * with antialiased shapes and text.
 */
static void
test_png_encoder(void **state)
{
	static const int widths[] = { 1, 2, 3, 17, 86, 87, 300, 1200, 10923 };
	struct buf b = BUF_INIT;
	uint32_t *px, r = 2463534242u, v, z, k;
	cairo_surface_t *surface;
	struct chart_text *t;
	cairo_t *cr;
	char err[256];
	int w, h, y, x, stride, kind;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		for (kind = 0; kind < 5; kind++) {
			w = widths[i];
			h = w > 1000 ? 9 : kind == 3 ? 1 : 23;
			stride = w + (kind & 1) * 3;
			px = xcalloc((size_t)stride * (size_t)h, 4);
			for (y = 0; y < h; y++)
				for (x = 0; x < w; x++) {
					switch (kind) {
					case 0:	/* noise */
						v = xorshift(&r);
						break;
					case 1:	/* blocks */
						v = (x / 7 + y / 5) % 3 ?
						    0xffffff : 0x2e7d32;
						break;
					case 2:	/* few colours: runs, copies */
						v = xorshift(&r) % 9 ? (x ?
						    px[(size_t)y * stride + x -
						    1] : 0xffffff) : xorshift(&r)
						    % 3 * 0x404040;
						if (y > 0 && xorshift(&r) % 4)
							v = px[(size_t)(y - 1) *
							    stride + x];
						break;
					case 4:	/* "text": patterns seen
							   rows before, on runs */
						k = (uint32_t)x;
						v = k >= 2 && k < 40 ? (y % 3 *
						    2654435761u ^ k * 40503u) *
						    2246822519u >> 8 :
						    0xf0f0f0u + (uint32_t)y % 5;
						break;
					default:	/* geometric bytes */
						z = xorshift(&r) | 1u << 24;
						for (v = 0, k = 0; k < 3; k++) {
							v = v << 8 |
							    (uint32_t)__builtin_ctz(z) * 9;
							z >>= __builtin_ctz(z) + 1;
							z |= 1u << 24;
						}
						break;
					}
					/* Garbage above the colour, but
					 * for the kinds with rows again. */
					px[(size_t)y * stride + x] = (v &
					    0xffffff) | (kind == 1 || kind == 4 ?
					    0xff000000u : xorshift(&r) << 24);
				}
			/* Rows again, whole (kinds 1 and 4; for 4 out of
			 * step with its patterns). */
			for (y = 2 + (kind == 4); y < h; y += 3 + (kind == 4))
				if (kind == 1 || kind == 4)
					memcpy(px + (size_t)y * stride,
					    px + (size_t)(y - 1) * stride,
					    4 * (size_t)w);
			check_encoder(px, w, h, stride);
			free(px);
		}
	}
	/* One colour, long runs. */
	px = xcalloc(700 * 300, 4);
	for (i = 0; i < 700 * 300; i++)
		px[i] = 0xffffffff;
	check_encoder(px, 700, 300, 700);
	free(px);

	/* Drawn by Cairo: antialiased shapes and text on white. */
	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 500, 260);
	cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.18, 0.49, 0.2);
	cairo_rectangle(cr, 10.3, 20.6, 300.2, 40.5);
	cairo_fill(cr);
	cairo_arc(cr, 400, 130, 70.3, 0, 6.2832);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.12, 0.12, 0.12);
	t = chart_text_new(NULL, err, sizeof err);
	assert_non_null(t);
	cairo_move_to(cr, 12.25, 150.5);
	pango_cairo_show_layout(cr, chart_layout(t, "Kota Cilegon 89,45 "
	    "\xe2\x80\x94 Zona Hijau", 27.5, 1, -1, 1)->pango);
	chart_text_free(t);
	cairo_destroy(cr);
	cairo_surface_flush(surface);
	check_encoder((const uint32_t *)(const void *)
	    cairo_image_surface_get_data(surface), 500, 260,
	    cairo_image_surface_get_stride(surface) / 4);
	cairo_surface_destroy(surface);

	/* Sizes a PNG cannot have, and a stride shorter than a row. */
	px = xcalloc(4, 4);
	assert_int_equal(chart_png_write((unsigned char *)px, 0, 1, 4, &b), -1);
	assert_int_equal(chart_png_write((unsigned char *)px, 1, 0, 4, &b), -1);
	assert_int_equal(chart_png_write((unsigned char *)px, 2, 2, 4, &b), -1);
	assert_int_equal(chart_png_write((unsigned char *)px, 32768, 1,
	    4 * 32768, &b), -1);
	assert_int_equal(b.len, 0);
	free(px);
}

/*
 * Pictures of every shape, each of random pixels, of one colour, and of
 * one colour with a few random pixels and rows repeated (as charts are):
 * 1 x 1, one row, one column, sides around the encoder's steps of 4 and
 * 16 pixels, and a card's 1200 x 630; the unused byte random or 0xff.
 */
static void
test_png_shapes(void **state)
{
	static const int sides[][2] = {
		{ 1, 1 }, { 1, 2 }, { 2, 1 }, { 1, 300 }, { 300, 1 }, { 1200, 1 },
		{ 1, 630 }, { 3, 3 }, { 4, 4 }, { 5, 7 }, { 15, 2 }, { 16, 16 },
		{ 17, 5 }, { 31, 9 }, { 33, 33 }, { 64, 3 }, { 1200, 630 }
	};
	uint32_t *px, r = 88172645u, v;
	size_t i, k, n;
	int kind, w, h, x, y;

	(void)state;
	for (i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		w = sides[i][0];
		h = sides[i][1];
		n = (size_t)w * (size_t)h;
		px = xreallocarray(NULL, n, sizeof *px);
		for (kind = 0; kind < 4; kind++) {
			for (k = 0; k < n; k++) {
				v = kind == 0 ? xorshift(&r) : 0xfff5f5f5u;
				if (kind >= 2 && xorshift(&r) % 97 == 0)
					v = xorshift(&r) % 5 * 0x333333u;
				/* Garbage above the colour for odd kinds. */
				px[k] = kind & 1 ? (v & 0xffffff) |
				    xorshift(&r) << 24 : v | 0xff000000u;
			}
			/* Rows again, as text lines and gaps make them. */
			if (kind >= 2)
				for (y = 1; y < h; y++)
					if (y % 7 < 4)
						for (x = 0; x < w; x++)
							px[(size_t)y * w + x] =
							    px[(size_t)(y - 1) *
							    w + x];
			check_encoder(px, w, h, w);
		}
		free(px);
	}
}

/*
 * The deflate stream: one IDAT, blocks with codes made for the picture
 * (a dynamic first block, not the fixed codes), and a final block last:
 * zlib reads nothing after it (png_decode() checks the stream is read
 * to its end, and zlib the Adler-32 after it).
 */
static void
test_png_stream(void **state)
{
	struct buf b = BUF_INIT;
	const unsigned char *p;
	uint32_t *px = xcalloc(300 * 200, 4);
	size_t i, n, idats = 0, off = 8;

	(void)state;
	for (i = 0; i < 300 * 200; i++)
		px[i] = i % 300 < 120 ? 0xff2e7d32 : i / 300 % 7 ? 0xffffffff :
		    0xff595959;
	assert_int_equal(chart_png_write((unsigned char *)px, 300, 200,
	    4 * 300, &b), 0);
	p = (const unsigned char *)b.data;
	while (off + 12 <= b.len) {
		n = be32(p + off);
		if (memcmp(p + off + 4, "IDAT", 4) == 0) {
			idats++;
			/* zlib header, then BFINAL (bit 0) and BTYPE (bits
			 * 1-2): 2 is dynamic Huffman codes. */
			assert_int_equal(p[off + 8], 0x78);
			assert_int_equal(p[off + 10] >> 1 & 3, 2);
		}
		off += 12 + n;
	}
	assert_int_equal(off, b.len);
	assert_int_equal(idats, 1);
	check_pixels(&b, px, 300, 200, 300, "stream");
	free(px);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_encoder),
		cmocka_unit_test(test_png_shapes),
		cmocka_unit_test(test_png_stream),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	chart_shutdown();
	return rc;
}
