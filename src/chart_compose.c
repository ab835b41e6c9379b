/*
 * A share card's score band put together from glyphs, not drawn.
 *
 * Why: the score's band is the one band of a card that is new on every
 * card (chart.c keeps the others), and drawing it with Cairo, then
 * finding its pieces again in the pixels (chart_png_memo.c), was most of
 * a card's cost.  Yet the band holds only texts (chart_card_score_texts())
 * on the card's background, and Cairo's image backend puts each glyph's
 * mask at whole pixels: a "4" in a given font and colour has the same
 * pixels wherever it stands.  So each glyph is drawn once, alone, by
 * Cairo, and kept; a band is then its glyphs' boxes placed where Cairo
 * would place them, and each row of a box is coded once
 * (chart_png_band_spans()) and copied ever after.
 *
 * Where Cairo would place a glyph follows Pango's renderer (the glyph's
 * position in Pango units from the text's corner) and Cairo's rounding to
 * the nearest pixel.  That is checked, not assumed: the first cards of a
 * context are also drawn by Cairo and compared pixel for pixel, and any
 * difference (another Cairo placing glyphs at fractions of a pixel,
 * say) turns composing off for the context: its cards are then drawn.
 * Glyphs whose boxes would touch, glyphs Pango draws as boxes of hex
 * digits, and texts too long for the band are drawn too.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "chart_impl.h"
#include "chart_png.h"
#include "xalloc.h"

#define GLYPH_SLOTS 2048	/* a power of two */
#define GLYPH_MAX 1024		/* glyphs kept at most (the store is emptied
				   between bands when a band might not fit) */
#define CHECKED_CARDS 3		/* cards drawn too, to compare */
#define BAND_GLYPHS 64		/* glyphs a band can hold */

/* A glyph in a colour, drawn once by Cairo on the background. */
struct glyph_img {
	PangoFont *font;	/* referenced; NULL: a free slot */
	PangoGlyph glyph;
	uint32_t color;		/* 0xRRGGBB */
	int	 dx;		/* its box from the glyph's origin */
	int	 dy;
	int	 w;		/* the box (0 x 0: no ink) */
	int	 h;
	uint32_t *px;		/* h rows of w pixels, then a row of
				   background: the row above the first */
	struct chart_png_piece *piece;	/* each row's codes (h) */
};

struct chart_compose {
	struct glyph_img slot[GLYPH_SLOTS];
	size_t	 n;
	uint32_t bg;		/* the background's pixel (0: not known) */
	int	 checked;	/* cards compared with Cairo's */
	int	 off;		/* composing gave other pixels: draw */
};

static size_t glyph_max = GLYPH_MAX;

void
chart_compose_limit(size_t n)
{
	glyph_max = n > BAND_GLYPHS && n < GLYPH_MAX ? n : GLYPH_MAX;
}

/* A glyph of the band, placed. */
struct placed_glyph {
	struct glyph_img *img;
	int	 x;		/* its box's corner in the band */
	int	 y;
};

static void
img_free(struct glyph_img *g)
{
	int r;

	if (g->font == NULL)
		return;
	for (r = 0; r < g->h; r++)
		chart_png_piece_free(&g->piece[r]);
	free(g->piece);
	free(g->px);
	g_object_unref(g->font);
	memset(g, 0, sizeof *g);
}

void
chart_compose_free(struct chart_compose *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < GLYPH_SLOTS; i++)
		img_free(&c->slot[i]);
	free(c);
}

static uint32_t
rgb_of(const struct chart_rgb *c)
{
	return (uint32_t)lround(c->r * 255) << 16 |
	    (uint32_t)lround(c->g * 255) << 8 | (uint32_t)lround(c->b * 255);
}

/*
 * Draw glyph g of font in colour col alone, with Cairo as the card
 * would (pango_cairo_show_glyph_string() at a whole pixel), and keep
 * the box of its ink.  Returns 0, or -1 when Cairo fails.
 */
static int
img_draw(struct chart_compose *cc, struct glyph_img *g,
    const struct chart_rgb *col)
{
	PangoRectangle ink;
	PangoGlyphString *gs;
	cairo_surface_t *s;
	cairo_t *cr;
	const unsigned char *data;
	uint32_t v, bg;
	int x0, y0, sw, sh, stride, x, y, bx0, by0, bx1, by1, rc = -1;

	pango_font_get_glyph_extents(g->font, g->glyph, &ink, NULL);
	/* The ink's pixels and a margin (antialiasing reaches past it). */
	x0 = PANGO_PIXELS_FLOOR(ink.x) - 2;
	y0 = PANGO_PIXELS_FLOOR(ink.y) - 2;
	sw = PANGO_PIXELS_CEIL(ink.x + ink.width) + 2 - x0;
	sh = PANGO_PIXELS_CEIL(ink.y + ink.height) + 2 - y0;
	if (sw < 1 || sh < 1 || sw > 2000 || sh > 2000)
		return -1;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, sw, sh);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, col->r, col->g, col->b);
	gs = pango_glyph_string_new();
	pango_glyph_string_set_size(gs, 1);
	memset(&gs->glyphs[0], 0, sizeof gs->glyphs[0]);
	gs->glyphs[0].glyph = g->glyph;
	gs->log_clusters[0] = 0;
	cairo_move_to(cr, -x0, -y0);
	pango_cairo_show_glyph_string(cr, g->font, gs);
	pango_glyph_string_free(gs);
	cairo_surface_flush(s);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		goto out;
	data = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	memcpy(&bg, data, 4);	/* a corner: the margin is background */
	if (cc->bg == 0)
		cc->bg = bg;
	if (bg != cc->bg)
		goto out;
	bx0 = sw;
	by0 = sh;
	bx1 = by1 = 0;
	for (y = 0; y < sh; y++)
		for (x = 0; x < sw; x++) {
			memcpy(&v, data + (size_t)y * (size_t)stride +
			    4 * (size_t)x, 4);
			if (v == bg)
				continue;
			bx0 = x < bx0 ? x : bx0;
			by0 = y < by0 ? y : by0;
			bx1 = x + 1 > bx1 ? x + 1 : bx1;
			by1 = y + 1 > by1 ? y + 1 : by1;
		}
	rc = 0;
	if (bx1 == 0)
		goto out;	/* no ink (a space) */
	/* Ink on the margin: the box may be cut short. */
	if (bx0 == 0 || by0 == 0 || bx1 == sw || by1 == sh) {
		rc = -1;
		goto out;
	}
	g->dx = bx0 + x0;
	g->dy = by0 + y0;
	g->w = bx1 - bx0;
	g->h = by1 - by0;
	g->px = xreallocarray(NULL, (size_t)g->w * (size_t)(g->h + 1), 4);
	for (y = 0; y < g->h; y++)
		memcpy(g->px + (size_t)y * (size_t)g->w, data + (size_t)(by0 +
		    y) * (size_t)stride + 4 * (size_t)bx0, 4 * (size_t)g->w);
	for (x = 0; x < g->w; x++)
		g->px[(size_t)g->h * (size_t)g->w + (size_t)x] = bg;
	g->piece = xcalloc((size_t)g->h, sizeof *g->piece);
out:
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}

/* The kept image of glyph of font in colour col, drawn on first use;
 * NULL when Cairo could not draw it. */
static struct glyph_img *
img_of(struct chart_compose *cc, PangoFont *font, PangoGlyph glyph,
    const struct chart_rgb *col)
{
	uint32_t color = rgb_of(col);
	uint64_t h = hash_bytes(HASH_INIT, &font, sizeof font);
	struct glyph_img *g;
	size_t i;

	h = hash_bytes(h, &glyph, sizeof glyph);
	h = hash_bytes(h, &color, sizeof color);
	for (i = h & (GLYPH_SLOTS - 1);; i = (i + 1) & (GLYPH_SLOTS - 1)) {
		g = &cc->slot[i];
		if (g->font == NULL)
			break;
		if (g->font == font && g->glyph == glyph && g->color == color)
			return g;
	}
	/* Full: not emptied here, where glyphs of the band being placed
	 * point into the store (chart_compose_band() empties it). */
	if (cc->n >= glyph_max)
		return NULL;
	g->font = g_object_ref(font);
	g->glyph = glyph;
	g->color = color;
	if (img_draw(cc, g, col) != 0) {
		img_free(g);
		return NULL;
	}
	cc->n++;
	return g;
}

/*
 * Place the glyphs of gs, drawn by Pango's renderer in font with its
 * origin at (ox, oy) of the user space (x0 Pango units along), into
 * p[*n..] in band coordinates (the band starts at y0).  Returns 0, or
 * -1 for what this file does not compose.
 */
static int
place_glyphs(struct chart_compose *cc, PangoFont *font,
    const PangoGlyphString *gs, double ox, double oy, int x0, double y0,
    const struct chart_rgb *col, struct placed_glyph *p, size_t *n)
{
	/* As pango_cairo's renderer: base, then each glyph from it. */
	double base_x = ox + (double)x0 / PANGO_SCALE, cx, cy;
	int i, xpos = 0;
	const PangoGlyphInfo *gi;
	struct glyph_img *g;

	for (i = 0; i < gs->num_glyphs; i++) {
		gi = &gs->glyphs[i];
		cx = base_x + (double)(xpos + gi->geometry.x_offset) /
		    PANGO_SCALE;
		cy = gi->geometry.y_offset == 0 ? oy : oy +
		    (double)gi->geometry.y_offset / PANGO_SCALE;
		xpos += gi->geometry.width;
		if (gi->glyph == PANGO_GLYPH_EMPTY)
			continue;
		if (gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
			return -1;	/* a box of hex digits */
		if ((g = img_of(cc, font, gi->glyph, col)) == NULL)
			return -1;
		if (g->w == 0)
			continue;	/* no ink */
		if (*n == BAND_GLYPHS)
			return -1;
		/* Cairo's image backend: the nearest whole pixel. */
		p[*n].img = g;
		p[*n].x = (int)floor(cx + 0.5) + g->dx;
		p[*n].y = (int)floor(cy - y0 + 0.5) + g->dy;
		(*n)++;
	}
	return 0;
}

/* The glyphs of text t, placed as chart_text() draws it. */
static int
place_text(struct chart_draw *d, const struct chart_card_text *t,
    double y0, struct placed_glyph *p, size_t *n)
{
	struct chart_ctx *ctx = d->ctx;
	struct chart_compose *cc = ctx->compose;
	struct chart_rgb col = { 0, 0, 0 };
	PangoLayoutIter *it;
	PangoLayoutRun *run;
	PangoRectangle logical;
	double left, top;
	int rc = 0;

	if (t->s == NULL || *t->s == '\0')
		return 0;
	chart_parse_color(t->color, &col);
	chart_layout(ctx, t->s, t->size, t->bold, t->max_w, 1);
	/* chart_text(), left-aligned: the corner of the text. */
	left = t->x - (double)ctx->log.x / PANGO_SCALE;
	top = t->y - (double)ctx->baseline / PANGO_SCALE;
	if (ctx->layout == NULL)	/* a number's glyphs (chart_text.c) */
		return place_glyphs(cc, ctx->num_font, ctx->num, left, top +
		    (double)ctx->baseline / PANGO_SCALE, 0, y0, &col, p, n);
	/* pango_cairo_show_layout(): each run at its place on its line's
	 * baseline. */
	it = pango_layout_get_iter(ctx->layout);
	do {
		if ((run = pango_layout_iter_get_run_readonly(it)) == NULL)
			continue;
		pango_layout_iter_get_run_extents(it, NULL, &logical);
		rc = place_glyphs(cc, run->item->analysis.font, run->glyphs,
		    left, top + (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE, logical.x, y0, &col, p, n);
	} while (rc == 0 && pango_layout_iter_next_run(it));
	pango_layout_iter_free(it);
	return rc;
}

static int
by_x(const void *a, const void *b)
{
	const struct placed_glyph *x = a, *y = b;

	return (x->x > y->x) - (x->x < y->x);
}

/*
 * The placed glyphs of d's card's score band, rows [y0, y0 + h) of a
 * picture w wide, left to right; -1 when the band is not one this file
 * composes (boxes that touch or leave the band, a glyph it cannot
 * draw), after which the caller draws it.
 */
static int
band_glyphs(struct chart_draw *d, int w, int h, double y0,
    struct placed_glyph *p, size_t *n)
{
	struct chart_card_text t[CHART_CARD_SCORE_TEXTS];
	size_t nt, i;

	*n = 0;
	nt = chart_card_score_texts(d, t);
	for (i = 0; i < nt; i++)
		if (place_text(d, &t[i], y0, p, n) != 0)
			return -1;
	qsort(p, *n, sizeof *p, by_x);
	for (i = 0; i < *n; i++) {
		/* Row 0 has no row above in a band: no glyph there. */
		if (p[i].x < 0 || p[i].y < 1 || p[i].x + p[i].img->w > w ||
		    p[i].y + p[i].img->h > h)
			return -1;
		if (i > 0 && p[i - 1].x + p[i - 1].img->w > p[i].x)
			return -1;
	}
	return 0;
}

/* The band's pixels from its placed glyphs (stride w), for comparing
 * with Cairo's. */
static void
band_pixels(const struct chart_compose *cc, const struct placed_glyph *p,
    size_t n, int w, int h, uint32_t *px)
{
	size_t i, k = (size_t)w * (size_t)h;
	int r;

	for (i = 0; i < k; i++)
		px[i] = cc->bg;
	for (i = 0; i < n; i++)
		for (r = 0; r < p[i].img->h; r++)
			memcpy(px + (size_t)(p[i].y + r) * (size_t)w +
			    (size_t)p[i].x, p[i].img->px + (size_t)r *
			    (size_t)p[i].img->w, 4 * (size_t)p[i].img->w);
}

int
chart_compose_band(struct chart_draw *d, int w, int h, double y0,
    const uint32_t *drawn, int drawn_stride, struct chart_png_band *b)
{
	struct chart_ctx *ctx = d->ctx;
	struct chart_compose *cc;
	struct placed_glyph p[BAND_GLYPHS];
	struct chart_png_span *spans = NULL;
	struct chart_png_row *rows = NULL;
	uint32_t *px = NULL;
	size_t n, i, k = 0;
	int y, r, rc = -1;

	memset(b, 0, sizeof *b);
	if (ctx->compose == NULL)
		ctx->compose = xcalloc(1, sizeof *ctx->compose);
	cc = ctx->compose;
	if (cc->n + BAND_GLYPHS > glyph_max) {
		/* Room for any band's glyphs: start again, between bands. */
		for (i = 0; i < GLYPH_SLOTS; i++)
			img_free(&cc->slot[i]);
		cc->n = 0;
	}
	if (cc->off || w < 1 || h < 2 || band_glyphs(d, w, h, y0, p, &n) != 0)
		return -1;
	if (drawn != NULL) {
		/* Compare with Cairo's drawing of the band. */
		px = xreallocarray(NULL, (size_t)w * (size_t)h, 4);
		band_pixels(cc, p, n, w, h, px);
		for (y = 0; y < h; y++)
			if (memcmp(px + (size_t)y * (size_t)w, drawn +
			    (size_t)y * (size_t)drawn_stride,
			    4 * (size_t)w) != 0) {
				cc->off = 1;
				goto out;
			}
	}
	spans = xreallocarray(NULL, n * (size_t)h + 1, sizeof *spans);
	rows = xcalloc((size_t)h, sizeof *rows);
	for (y = 0; y < h; y++) {
		rows[y].v = spans + k;
		for (i = 0; i < n; i++) {
			r = y - p[i].y;
			if (r < 0 || r >= p[i].img->h)
				continue;
			spans[k].x = (size_t)p[i].x;
			spans[k].len = (size_t)p[i].img->w;
			spans[k].px = p[i].img->px + (size_t)r *
			    (size_t)p[i].img->w;
			/* The row above: the glyph's, or its background row
			 * (no other glyph is in these columns). */
			spans[k].up = p[i].img->px + (size_t)(r > 0 ? r - 1 :
			    p[i].img->h) * (size_t)p[i].img->w;
			spans[k].piece = &p[i].img->piece[r];
			k++;
			rows[y].n++;
		}
	}
	if (ctx->memo == NULL)
		ctx->memo = chart_png_memo_new();
	rc = chart_png_band_spans(w, h, cc->bg, rows, ctx->memo, b);
out:
	free(px);
	free(spans);
	free(rows);
	return rc;
}

int
chart_compose_checking(const struct chart_ctx *ctx)
{
	return ctx->compose == NULL || ctx->compose->checked < CHECKED_CARDS;
}

int
chart_compose_off(const struct chart_ctx *ctx)
{
	return ctx->compose != NULL && ctx->compose->off;
}

void
chart_compose_checked(struct chart_ctx *ctx)
{
	if (ctx->compose != NULL && !ctx->compose->off)
		ctx->compose->checked++;
}
