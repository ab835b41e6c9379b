/*
 * Tests of the PNG coder of rows from memorised pieces
 * (src/chart_png_memo.c), which codes the score's band of every share
 * card.  What must hold:
 *  - the PNG decodes (libpng and zlib check CRCs and Adler-32) to
 *    exactly the pixels given, whatever the picture: text-like shapes,
 *    noise, rows starting with ink, gaps just short of a cut, ink to
 *    the row's end, garbage in the unused byte, one pixel wide, and rows
 *    too long to reach the row above (handed to chart_png_band());
 *  - the bytes depend on the pixels alone: the same with an empty memo,
 *    a memo full of other pictures, and a memo emptied every few pieces;
 *  - a piece met again is copied, not coded (the memo does not grow),
 *    but never over other pixels above it than those it was coded with.
 * The shapes are drawn by Cairo (no fonts: the glyph-like shapes are
 * paths), at whole-pixel offsets, so that the same shape has the same
 * pixels wherever it stands, as glyphs have on a card.
 */
#include "testutil.h"

#include <math.h>

#include <cairo.h>

#include "buf.h"
#include "xalloc.h"
#include "../src/chart_png.h"
#include "png_check.h"

/* The PNG of px (w x h pixels, rows stride words apart) coded with m,
 * appended to out. */
static void
memo_png(const uint32_t *px, int w, int h, int stride,
    struct chart_png_memo *m, struct buf *out)
{
	struct chart_png_band b;
	const struct chart_png_band *one = &b;

	assert_int_equal(chart_png_band_memo((const unsigned char *)px, w, h,
	    4 * stride, m, &b), 0);
	assert_int_equal(chart_png_join(&one, 1, out), 0);
	chart_png_band_free(&b);
}

/* ---- Pictures ---- */

#define NSHAPES 6
#define TAU 6.283185307179586

/* Shape k, a glyph stand-in about 60 x 90 pixels, with its corner at
 * whole pixels (x, y). */
static void
shape(cairo_t *cr, int k, int x, int y)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	switch (k) {
	case 0:		/* a "0": a ring */
		cairo_arc(cr, 30, 45, 28.3, 0, TAU);
		cairo_arc_negative(cr, 30, 45, 14.6, TAU, 0);
		break;
	case 1:		/* a "1": a stem and a slanted flag */
		cairo_rectangle(cr, 24.5, 2.2, 13.3, 86.1);
		cairo_move_to(cr, 24.5, 2.2);
		cairo_line_to(cr, 6.3, 17.7);
		cairo_line_to(cr, 11.1, 25.4);
		cairo_line_to(cr, 26.6, 14.9);
		break;
	case 2:		/* a "7": a bar and a diagonal */
		cairo_rectangle(cr, 3.4, 3.1, 52.7, 12.6);
		cairo_move_to(cr, 42.7, 15.5);
		cairo_line_to(cr, 56.3, 15.5);
		cairo_line_to(cr, 24.9, 88.4);
		cairo_line_to(cr, 11.2, 88.4);
		break;
	case 3:		/* a ",": a small curved blob low down */
		cairo_arc(cr, 20, 80, 8.7, 0, TAU);
		cairo_move_to(cr, 24.1, 84.2);
		cairo_curve_to(cr, 24, 95, 18, 100, 11.3, 103.4);
		cairo_line_to(cr, 15.2, 86.3);
		break;
	case 4:		/* an "8": two rings */
		cairo_arc(cr, 30, 24, 20.7, 0, TAU);
		cairo_arc_negative(cr, 30, 24, 9.4, TAU, 0);
		cairo_new_sub_path(cr);
		cairo_arc(cr, 30, 64, 25.2, 0, TAU);
		cairo_arc_negative(cr, 30, 64, 12.8, TAU, 0);
		break;
	default:	/* a "4": strokes meeting */
		cairo_move_to(cr, 36.2, 2.5);
		cairo_line_to(cr, 49.7, 2.5);
		cairo_line_to(cr, 49.7, 88.5);
		cairo_line_to(cr, 36.2, 88.5);
		cairo_close_path(cr);
		cairo_move_to(cr, 36.2, 2.5);
		cairo_line_to(cr, 1.6, 62.2);
		cairo_line_to(cr, 58.8, 62.2);
		cairo_line_to(cr, 58.8, 72.4);
		cairo_line_to(cr, 0.7, 72.4);
		cairo_line_to(cr, 0.7, 61.9);
		break;
	}
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_fill(cr);
	cairo_restore(cr);
}

/*
 * A score's band: the shapes of the string code (digits 0 to NSHAPES-1)
 * left to right from x0, advance apart, on a background, in ink; more
 * rows above and below than the shapes fill.
 */
static cairo_surface_t *
band(const char *code, int x0, int advance, uint32_t bg, uint32_t ink,
    int w)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w,
	    150);
	cairo_t *cr = cairo_create(s);
	size_t i;

	cairo_set_source_rgb(cr, (bg >> 16 & 0xff) / 255.0,
	    (bg >> 8 & 0xff) / 255.0, (bg & 0xff) / 255.0);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, (ink >> 16 & 0xff) / 255.0,
	    (ink >> 8 & 0xff) / 255.0, (ink & 0xff) / 255.0);
	for (i = 0; code[i] != '\0'; i++)
		shape(cr, (code[i] - '0') % NSHAPES, x0 + (int)i * advance, 25);
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

static const uint32_t *
words(cairo_surface_t *s)
{
	return (const uint32_t *)(const void *)cairo_image_surface_get_data(s);
}

static int
stride_of(cairo_surface_t *s)
{
	return cairo_image_surface_get_stride(s) / 4;
}

/* A picture of made-up rows: kind picks what they are made of. */
static uint32_t *
made_up(int kind, int w, int h, int stride, uint32_t seed)
{
	uint32_t *px = xcalloc((size_t)stride * (size_t)h, 4), r = seed, v;
	int x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			switch (kind) {
			case 0:		/* noise */
				v = xorshift(&r);
				break;
			case 1:		/* ink from the first pixel and to
					   the last, gaps of 1 to 9 */
				v = (x + 3 * y) % (10 + y % 9) < 1 + y % 9 ?
				    0xfafafa : 0x1e1e1e + (uint32_t)(x % 3);
				break;
			case 2:		/* background with specks, rows
					   again */
				v = xorshift(&r) % 40 == 0 ? xorshift(&r) :
				    0xffffff;
				if (y > 0 && y % 4 != 0)
					v = px[(size_t)(y - 1) * stride + x];
				break;
			default:	/* few colours, runs and copies */
				v = xorshift(&r) % 7 ? (x > 0 ?
				    px[(size_t)y * stride + x - 1] :
				    0xffffff) : xorshift(&r) % 3 * 0x505050;
				if (y > 0 && xorshift(&r) % 3 == 0)
					v = px[(size_t)(y - 1) * stride + x];
				break;
			}
			/* Garbage above the colour, in some kinds. */
			px[(size_t)y * stride + x] = (v & 0xffffff) |
			    (kind == 0 ? xorshift(&r) << 24 : 0xff000000u);
		}
	return px;
}

/* ---- Tests ---- */

/* Pictures of every kind, in widths from 1 to the longest row a match
 * can reach above (10922) and one more, decode to their pixels. */
static void
memo_decodes(void **state)
{
	static const int widths[] = { 1, 2, 5, 6, 7, 64, 301, 1200, 10922,
		10923 };
	struct chart_png_memo *m = chart_png_memo_new();
	struct buf png = BUF_INIT;
	char what[64];
	uint32_t *px;
	size_t i;
	int kind, h, stride;

	(void)state;
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++)
		for (kind = 0; kind < 4; kind++) {
			h = widths[i] > 2000 ? 5 : 40;
			stride = widths[i] + (kind & 1) * 5;
			px = made_up(kind, widths[i], h, stride,
			    2463534242u + (uint32_t)i);
			buf_reset(&png);
			memo_png(px, widths[i], h, stride, m, &png);
			snprintf(what, sizeof what, "kind %d, %d wide", kind,
			    widths[i]);
			check_pixels(&png, px, widths[i], h, stride, what);
			free(px);
		}
	buf_free(&png);
	chart_png_memo_free(m);
}

/* The score band of code at x0, coded with m, decodes to its pixels. */
static void
band_decodes(struct chart_png_memo *m, const char *code, int x0)
{
	struct buf png = BUF_INIT;
	cairo_surface_t *s = band(code, x0, 75, 0xffffff, 0x1a1a1a, 1200);

	memo_png(words(s), 1200, 150, stride_of(s), m, &png);
	check_pixels(&png, words(s), 1200, 150, stride_of(s), code);
	cairo_surface_destroy(s);
	buf_free(&png);
}

/* Score-like bands: every piece of the second round is one met in the
 * first, at other places, so the memo does not grow; all decode. */
static void
memo_reuses_pieces(void **state)
{
	static const char *const first[] = { "0123", "4501", "2345" };
	static const char *const second[] = { "5432", "1054", "3210", "00",
		"4" };
	struct chart_png_memo *m = chart_png_memo_new();
	size_t i, kept;

	(void)state;
	for (i = 0; i < 3; i++)
		band_decodes(m, first[i], 80 + 7 * (int)i);
	kept = chart_png_memo_pieces(m);
	assert_true(kept > 0);
	for (i = 0; i < 5; i++)
		band_decodes(m, second[i], 80 + 31 * (int)i);
	assert_int_equal(chart_png_memo_pieces(m), kept);
	chart_png_memo_free(m);
}

/*
 * The bytes of a picture depend on its pixels alone: coded with a new
 * memo, with one that has coded other pictures (and this one), with one
 * emptied every three pieces, and with none at all for the rows too
 * long, they are the same.
 */
static void
memo_bytes_from_pixels(void **state)
{
	static const char *const codes[] = { "0123", "5432", "4", "210" };
	struct chart_png_memo *fresh, *used = chart_png_memo_new(),
	    *tiny = chart_png_memo_new();
	struct buf a = BUF_INIT, b = BUF_INIT;
	cairo_surface_t *s;
	uint32_t *px;
	size_t i, k;

	(void)state;
	chart_png_memo_limit(tiny, 3);
	for (k = 0; k < 2; k++)
		for (i = 0; i < 4; i++) {
			s = band(codes[i], 80 + 13 * (int)i, 71, k ? 0xf4f4f4 :
			    0xffffff, 0x2e7d32, 1200);
			fresh = chart_png_memo_new();
			buf_reset(&a);
			memo_png(words(s), 1200, 150, stride_of(s), fresh, &a);
			chart_png_memo_free(fresh);
			buf_reset(&b);
			memo_png(words(s), 1200, 150, stride_of(s), used, &b);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.data, b.data, a.len);
			buf_reset(&b);
			memo_png(words(s), 1200, 150, stride_of(s), tiny, &b);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.data, b.data, a.len);
			cairo_surface_destroy(s);
		}
	assert_true(chart_png_memo_pieces(tiny) <= 3);

	/* Rows too long for the memo's coder: chart_png_band()'s bytes. */
	px = made_up(3, 10923, 4, 10923, 7u);
	buf_reset(&a);
	memo_png(px, 10923, 4, 10923, used, &a);
	buf_reset(&b);
	assert_int_equal(chart_png_write((const unsigned char *)px, 10923, 4,
	    4 * 10923, &b), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	free(px);
	buf_free(&a);
	buf_free(&b);
	chart_png_memo_free(used);
	chart_png_memo_free(tiny);
}

/*
 * A piece is copied only over the pixels above it that it was coded
 * with: the same ink row under two different rows, one picture after
 * the other, decodes right both times (a piece coded with matches into
 * the row above, copied under another row, would not).
 */
static void
memo_pieces_keep_their_rows_above(void **state)
{
	enum { W = 200, H = 3 };
	struct chart_png_memo *m = chart_png_memo_new();
	struct buf png = BUF_INIT;
	uint32_t px[W * H], r = 99;
	int pass, x;

	(void)state;
	for (pass = 0; pass < 2; pass++) {
		for (x = 0; x < W; x++) {
			/* Row 0: the same ink as row 1 (first pass) or
			 * other ink (second); row 1: ink from 50 to 150,
			 * and a speck at 190 that row 0 lacks (or the
			 * rows would be equal, and copied whole); row 2
			 * background. */
			px[W + x] = x >= 50 && x < 150 ?
			    0x100000u * (uint32_t)(x % 7) + (uint32_t)x :
			    x == 190 ? 0 : 0xffffff;
			px[x] = x >= 150 ? 0xffffff : pass == 0 ? px[W + x] :
			    x >= 50 ? xorshift(&r) & 0xffffff : 0xffffff;
			px[2 * W + x] = 0xffffff;
		}
		buf_reset(&png);
		memo_png(px, W, H, W, m, &png);
		check_pixels(&png, px, W, H, W, pass ? "other row above" :
		    "same row above");
	}
	buf_free(&png);
	chart_png_memo_free(m);
}

/* Bands coded with the memo join with those coded by chart_png_band(),
 * in any order. */
static void
memo_joins_with_other_bands(void **state)
{
	struct chart_png_memo *m = chart_png_memo_new();
	struct chart_png_band b[3];
	const struct chart_png_band *use[3];
	struct buf png = BUF_INIT;
	cairo_surface_t *s = band("01234", 80, 75, 0xffffff, 0x333333, 600);
	const unsigned char *d = cairo_image_surface_get_data(s);
	int st = cairo_image_surface_get_stride(s);
	uint32_t *whole;
	int y;

	(void)state;
	assert_int_equal(chart_png_band(d, 600, 40, st, &b[0]), 0);
	assert_int_equal(chart_png_band_memo(d + 40 * (size_t)st, 600, 70, st,
	    m, &b[1]), 0);
	assert_int_equal(chart_png_band(d + 110 * (size_t)st, 600, 40, st,
	    &b[2]), 0);
	use[0] = &b[0];
	use[1] = &b[1];
	use[2] = &b[2];
	assert_int_equal(chart_png_join(use, 3, &png), 0);
	whole = xcalloc(600 * 150, 4);
	for (y = 0; y < 150; y++)
		memcpy(whole + (size_t)y * 600, d + (size_t)y * (size_t)st,
		    4 * 600);
	check_pixels(&png, whole, 600, 150, 600, "joined");
	free(whole);
	for (y = 0; y < 3; y++)
		chart_png_band_free(&b[y]);
	buf_free(&png);
	cairo_surface_destroy(s);
	chart_png_memo_free(m);
}

/* Sizes a PNG cannot have are refused, as chart_png_band() refuses
 * them, and leave the band empty. */
static void
memo_refuses_bad_sizes(void **state)
{
	struct chart_png_memo *m = chart_png_memo_new();
	struct chart_png_band b;
	uint32_t px[4] = { 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(chart_png_band_memo((unsigned char *)px, 0, 1, 4, m,
	    &b), -1);
	assert_null(b.bits);
	assert_int_equal(chart_png_band_memo((unsigned char *)px, 1, 0, 4, m,
	    &b), -1);
	assert_int_equal(chart_png_band_memo((unsigned char *)px, 2, 2, 4, m,
	    &b), -1);
	assert_int_equal(chart_png_band_memo((unsigned char *)px, 32768, 1,
	    4 * 32768, m, &b), -1);
	assert_null(b.bits);
	chart_png_memo_free(m);
	chart_png_memo_free(NULL);
}

/*
 * Bands given as spans (chart_png_band_spans()): boxes of made-up
 * "glyphs" placed on a background, each box row coded once in its piece
 * and copied in the next bands at other places; every band decodes to
 * the pixels the spans say, and bands coded with pieces kept from other
 * bands have the bytes of bands coded with new pieces.  Spans out of
 * order, overlapping, leaving the row, or without a row above below the
 * first row are refused.
 */
static void
spans_decode(void **state)
{
	enum { W = 300, H = 40, GW = 23, GH = 17, NG = 3 };
	const uint32_t bg = 0xffffffff;
	struct chart_png_memo *m = chart_png_memo_new();
	struct chart_png_piece piece[NG][GH], fresh[NG][GH];
	struct chart_png_span sp[H][NG];
	struct chart_png_row rows[H];
	struct chart_png_band b;
	const struct chart_png_band *one = &b;
	struct buf png = BUF_INIT, again = BUF_INIT;
	uint32_t *glyph[NG], bgrow[GW], *px;
	int g, k, y, r, x0[NG], y0[NG], band;

	(void)state;
	memset(piece, 0, sizeof piece);
	for (k = 0; k < GW; k++)
		bgrow[k] = bg;
	for (g = 0; g < NG; g++)
		glyph[g] = made_up(g == 0 ? 3 : g == 1 ? 1 : 0, GW, GH, GW,
		    77u + (uint32_t)g);
	px = xcalloc(W * H, 4);
	for (band = 0; band < 4; band++) {
		/* The glyphs in another order and place each time. */
		for (g = 0; g < NG; g++) {
			x0[g] = 5 + ((g + band) % NG) * 90 + band * 7;
			y0[g] = 1 + (g * 5 + band * 3) % (H - GH);
		}
		memset(rows, 0, sizeof rows);
		for (k = 0; k < W * H; k++)
			px[k] = bg;
		for (y = 0; y < H; y++) {
			rows[y].v = sp[y];
			for (k = 0; k < NG; k++) {
				/* Left to right: the glyph at place k. */
				for (g = 0; g < NG; g++)
					if ((g + band) % NG == k)
						break;
				r = y - y0[g];
				if (r < 0 || r >= GH)
					continue;
				sp[y][rows[y].n].x = (size_t)x0[g];
				sp[y][rows[y].n].len = GW;
				sp[y][rows[y].n].px = glyph[g] + r * GW;
				sp[y][rows[y].n].up = r > 0 ? glyph[g] +
				    (r - 1) * GW : bgrow;
				sp[y][rows[y].n].piece = &piece[g][r];
				rows[y].n++;
				memcpy(px + y * W + x0[g], glyph[g] + r * GW,
				    4 * GW);
			}
		}
		assert_int_equal(chart_png_band_spans(W, H, bg, rows, m, &b), 0);
		buf_reset(&png);
		assert_int_equal(chart_png_join(&one, 1, &png), 0);
		chart_png_band_free(&b);
		check_pixels(&png, px, W, H, W, "spans");
		/* The same band with pieces coded afresh: the same bytes. */
		memset(fresh, 0, sizeof fresh);
		for (y = 0; y < H; y++)
			for (k = 0; k < (int)rows[y].n; k++)
				sp[y][k].piece = &fresh[0][0] +
				    (sp[y][k].piece - &piece[0][0]);
		assert_int_equal(chart_png_band_spans(W, H, bg, rows, m, &b), 0);
		buf_reset(&again);
		assert_int_equal(chart_png_join(&one, 1, &again), 0);
		chart_png_band_free(&b);
		assert_int_equal(png.len, again.len);
		assert_memory_equal(png.data, again.data, png.len);
		for (g = 0; g < NG; g++)
			for (r = 0; r < GH; r++)
				chart_png_piece_free(&fresh[g][r]);
	}
	/* Refused: overlapping, out of the row, a row above in row 0. */
	for (y = 0; y < H; y++)
		rows[y].n = 0;
	sp[5][0] = (struct chart_png_span){ 10, 20, glyph[0], bgrow,
	    &piece[0][0] };
	sp[5][1] = (struct chart_png_span){ 25, 20, glyph[0], bgrow,
	    &piece[0][0] };
	rows[5].v = sp[5];
	rows[5].n = 2;
	assert_int_equal(chart_png_band_spans(W, H, bg, rows, m, &b), -1);
	assert_null(b.bits);
	sp[5][1].x = W - 10;
	assert_int_equal(chart_png_band_spans(W, H, bg, rows, m, &b), -1);
	rows[5].n = 0;
	rows[0].v = sp[5];
	rows[0].n = 1;
	assert_int_equal(chart_png_band_spans(W, H, bg, rows, m, &b), -1);
	sp[5][0].up = NULL;
	assert_int_equal(chart_png_band_spans(W, H, bg, rows, m, &b), 0);
	chart_png_band_free(&b);
	assert_int_equal(chart_png_band_spans(W, H, bg, rows, NULL, &b), -1);

	for (g = 0; g < NG; g++) {
		for (r = 0; r < GH; r++)
			chart_png_piece_free(&piece[g][r]);
		free(glyph[g]);
	}
	free(px);
	buf_free(&png);
	buf_free(&again);
	chart_png_memo_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memo_decodes),
		cmocka_unit_test(memo_reuses_pieces),
		cmocka_unit_test(memo_bytes_from_pixels),
		cmocka_unit_test(memo_pieces_keep_their_rows_above),
		cmocka_unit_test(memo_joins_with_other_bands),
		cmocka_unit_test(memo_refuses_bad_sizes),
		cmocka_unit_test(spans_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
