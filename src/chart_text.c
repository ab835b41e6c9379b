/*
 * The chart module's text layout: every string a chart draws is laid out
 * once per run and style, and kept (the layout cache), and numbers are
 * put together from the glyphs of their characters.
 *
 * Why numbers apart: at national scale nine strings in ten that a worker
 * has not laid out before are numbers (a value label per unit, a score
 * per card, 10,001 of them between 0,00 and 100,00), and Pango spends
 * some 75,000 instructions on each (itemizing, shaping with HarfBuzz,
 * breaking lines).  A number's glyphs are those of its characters, side
 * by side, when the font neither kerns nor substitutes between them;
 * chart_text.c checks that of the pinned font once per style, by laying
 * out every pair of those characters with Pango, and uses Pango itself
 * for every string when it is not so.
 */
#include "chart.h"
#include "chart_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/*
 * Laid-out strings, kept for the run: charts of a site repeat most of
 * their strings (ticks, zone names, units), so a layout is made once per
 * string and style.  A lookup is a hash of the text; the cache empties
 * itself when full.  It is the context's (ctx->text, see cache_of()).
 */
#define CACHE_SLOTS 32768	/* a power of two */
#define CACHE_MAX 16384	/* entries before the cache is emptied */

/* The characters numbers are made of. */
#define NUM_CHARS "0123456789,.-+%"
#define NUM_N (sizeof NUM_CHARS - 1)
/* Styles (size, weight) whose number glyphs are kept. */
#define NUM_STYLES 16

struct layout_entry {
	char	*text;		/* NULL: a free slot */
	double	 size;
	double	 max_w;		/* -1: no limit */
	int	 bold;
	int	 lines;
	unsigned hash;
	int	 ellipsized;
	/* One of the two: Pango's layout, or a number's glyphs. */
	PangoLayout *layout;
	PangoGlyphString *glyphs;
	PangoFont *font;	/* of glyphs (borrowed from its style) */
	/* Asked of every string drawn: Pango walks the lines each time. */
	PangoRectangle log;	/* logical extents */
	int	 baseline;	/* first baseline from the top */
	void	*placed;	/* the SVG writer's glyph list (malloc'd) */
};

/* The glyphs of NUM_CHARS in one style. */
struct num_style {
	double	 size;
	int	 bold;
	int	 usable;	/* 1: numbers are put together; 0: by Pango */
	PangoFont *font;	/* referenced */
	PangoGlyphInfo glyph[NUM_N];
	PangoRectangle log;	/* a one-character line: its y and height */
	int	 baseline;
};

struct layout_cache {
	PangoLayout *own;	/* the context's own layout */
	size_t	 n;
	size_t	 nstyles;
	struct num_style style[NUM_STYLES];
	struct layout_entry slot[CACHE_SLOTS];
};

static void
cache_clear(struct layout_cache *c)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++)
		if (c->slot[i].text != NULL) {
			free(c->slot[i].text);
			if (c->slot[i].layout)
				g_object_unref(c->slot[i].layout);
			if (c->slot[i].glyphs)
				pango_glyph_string_free(c->slot[i].glyphs);
			free(c->slot[i].placed);
			memset(&c->slot[i], 0, sizeof c->slot[i]);
		}
	c->n = 0;
}

static void
cache_free(void *p)
{
	struct layout_cache *c = p;
	size_t i;

	cache_clear(c);
	for (i = 0; i < c->nstyles; i++)
		if (c->style[i].font)
			g_object_unref(c->style[i].font);
	free(c);
}

static struct layout_cache *
cache_of(struct chart_ctx *ctx)
{
	if (ctx->text == NULL) {
		ctx->text = xcalloc(1, sizeof *ctx->text);
		ctx->text->own = ctx->layout;
	}
	return ctx->text;
}

void
chart_text_free(struct chart_ctx *ctx)
{
	if (ctx->text != NULL) {
		ctx->layout = ctx->text->own;
		cache_free(ctx->text);
		ctx->text = NULL;
	}
}

static unsigned
hash_key(const char *s, double size, int bold, double max_w, int lines)
{
	uint64_t h = hash_bytes(HASH_INIT, s, strlen(s));
	unsigned char style = (unsigned char)(bold * 16 + lines);

	h = hash_bytes(h, &size, sizeof size);
	h = hash_bytes(h, &max_w, sizeof max_w);
	h = hash_bytes(h, &style, 1);
	return (unsigned)(h ^ h >> 32);
}

static void
configure(struct chart_ctx *ctx, PangoLayout *l, const char *s, double size,
    int bold, double max_w, int lines)
{
	pango_font_description_set_absolute_size(ctx->desc,
	    size * PANGO_SCALE);
	pango_font_description_set_weight(ctx->desc,
	    bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, ctx->desc);
	/* Pango widths are ints of 1/1024 px: a million px is "no limit". */
	if (max_w > 0 && max_w < 1e6) {
		pango_layout_set_width(l, (int)(max_w * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pango_layout_set_single_paragraph_mode(l, lines <= 1);
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_height(l, lines > 1 ? -lines : -1);
	} else {
		pango_layout_set_width(l, -1);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
		pango_layout_set_single_paragraph_mode(l, TRUE);
		pango_layout_set_height(l, -1);
	}
	pango_layout_set_text(l, s, -1);
}

/* ---- Numbers ---- */

/*
 * Lay s out with Pango, without limits; return its one run's glyphs when
 * it is a single line of a single run, with its extents, else NULL.  The
 * layout is in *lp, for the caller to unref.
 */
static PangoGlyphItem *
one_run(struct chart_ctx *ctx, const char *s, double size, int bold,
    PangoLayout **lp, PangoRectangle *log, int *baseline)
{
	PangoLayout *l = pango_layout_new(ctx->pango);
	PangoLayoutLine *line;

	*lp = l;
	configure(ctx, l, s, size, bold, -1, 1);
	pango_layout_get_extents(l, NULL, log);
	*baseline = pango_layout_get_baseline(l);
	if (pango_layout_get_line_count(l) != 1)
		return NULL;
	line = pango_layout_get_line_readonly(l, 0);
	if (line == NULL || line->runs == NULL || line->runs->next != NULL)
		return NULL;
	return line->runs->data;
}

static int
same_glyph(const PangoGlyphInfo *a, const PangoGlyphInfo *b)
{
	return a->glyph == b->glyph &&
	    a->geometry.width == b->geometry.width &&
	    a->geometry.x_offset == b->geometry.x_offset &&
	    a->geometry.y_offset == b->geometry.y_offset;
}

/*
 * Fill st: each character's glyph, laid out alone, and whether every
 * pair of them is laid out by Pango as the two glyphs side by side, on
 * one run of one font, with the same line extents.  When so, any string
 * of these characters is too (the font has no longer contexts for them;
 * the tests check every score from 0,00 to 100,00 against Pango).
 */
static void
num_style_init(struct chart_ctx *ctx, struct num_style *st)
{
	static const char chars[] = NUM_CHARS;
	PangoLayout *l;
	PangoGlyphItem *run;
	PangoRectangle log;
	char pair[3];
	size_t i, j;
	int base;

	st->usable = 0;
	for (i = 0; i < NUM_N; i++) {
		pair[0] = chars[i];
		pair[1] = '\0';
		run = one_run(ctx, pair, st->size, st->bold, &l, &log, &base);
		if (run == NULL || run->glyphs->num_glyphs != 1 ||
		    (run->glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG) ||
		    log.x != 0 || (i > 0 && (run->item->analysis.font !=
		    st->font || log.y != st->log.y ||
		    log.height != st->log.height || base != st->baseline))) {
			g_object_unref(l);
			return;
		}
		if (i == 0) {
			st->font = g_object_ref(run->item->analysis.font);
			st->log = log;
			st->baseline = base;
		}
		st->glyph[i] = run->glyphs->glyphs[0];
		g_object_unref(l);
	}
	for (i = 0; i < NUM_N; i++)
		for (j = 0; j < NUM_N; j++) {
			int ok;

			pair[0] = chars[i];
			pair[1] = chars[j];
			pair[2] = '\0';
			run = one_run(ctx, pair, st->size, st->bold, &l, &log,
			    &base);
			ok = run != NULL && run->glyphs->num_glyphs == 2 &&
			    run->item->analysis.font == st->font &&
			    same_glyph(&run->glyphs->glyphs[0],
			    &st->glyph[i]) &&
			    same_glyph(&run->glyphs->glyphs[1],
			    &st->glyph[j]) &&
			    log.x == 0 && log.y == st->log.y &&
			    log.height == st->log.height &&
			    base == st->baseline;
			g_object_unref(l);
			if (!ok)
				return;
		}
	st->usable = 1;
}

/* The number glyphs of a style, worked out on first use. */
static struct num_style *
num_style(struct chart_ctx *ctx, struct layout_cache *c, double size,
    int bold)
{
	struct num_style *st;
	size_t i;

	for (i = 0; i < c->nstyles; i++)
		if (c->style[i].size == size && c->style[i].bold == bold)
			return &c->style[i];
	if (c->nstyles == NUM_STYLES)
		return NULL;
	st = &c->style[c->nstyles++];
	st->size = size;
	st->bold = bold;
	num_style_init(ctx, st);
	return st;
}

/*
 * Put s together from its characters' glyphs into e, when it is made of
 * NUM_CHARS only and the style allows.  Returns 0, or -1 (e untouched).
 */
static int
num_layout(struct chart_ctx *ctx, struct layout_cache *c, const char *s,
    double size, int bold, struct layout_entry *e)
{
	struct num_style *st;
	const char *p;
	size_t n = strlen(s), i;
	int width = 0;

	if (n == 0 || n > 32 || strspn(s, NUM_CHARS) != n)
		return -1;
	if ((st = num_style(ctx, c, size, bold)) == NULL || !st->usable)
		return -1;
	e->glyphs = pango_glyph_string_new();
	pango_glyph_string_set_size(e->glyphs, (int)n);
	for (i = 0; i < n; i++) {
		p = strchr(NUM_CHARS, s[i]);
		e->glyphs->glyphs[i] = st->glyph[p - NUM_CHARS];
		e->glyphs->log_clusters[i] = (int)i;
		width += st->glyph[p - NUM_CHARS].geometry.width;
	}
	e->font = st->font;
	e->log = st->log;
	e->log.width = width;
	e->baseline = st->baseline;
	e->ellipsized = 0;
	return 0;
}

/* ---- The cache ---- */

/* The cached layout of s in this style, made if missing. */
static struct layout_entry *
cache_get(struct chart_ctx *ctx, const char *s, double size, int bold,
    double max_w, int lines)
{
	struct layout_cache *c = cache_of(ctx);
	struct layout_entry *e;
	unsigned h, i;

	h = hash_key(s, size, bold, max_w, lines);
	for (i = h & (CACHE_SLOTS - 1);; i = (i + 1) & (CACHE_SLOTS - 1)) {
		e = &c->slot[i];
		if (e->text == NULL)
			break;
		if (e->hash == h && e->size == size && e->max_w == max_w &&
		    e->bold == bold && e->lines == lines &&
		    strcmp(e->text, s) == 0)
			return e;
	}
	if (c->n >= CACHE_MAX) {
		cache_clear(c);
		for (i = h & (CACHE_SLOTS - 1); c->slot[i].text != NULL;
		    i = (i + 1) & (CACHE_SLOTS - 1))
			;
		e = &c->slot[i];
	}
	if (max_w > 0 || lines > 1 || ctx->pango_numbers ||
	    num_layout(ctx, c, s, size, bold, e) != 0) {
		e->layout = pango_layout_new(ctx->pango);
		configure(ctx, e->layout, s, size, bold, max_w, lines);
		e->ellipsized = pango_layout_is_ellipsized(e->layout) ? 1 : 0;
		pango_layout_get_extents(e->layout, NULL, &e->log);
		e->baseline = pango_layout_get_baseline(e->layout);
	}
	e->text = xstrdup(s);
	e->size = size;
	e->max_w = max_w;
	e->bold = bold;
	e->lines = lines;
	e->hash = h;
	c->n++;
	return e;
}

static void
set_current(struct chart_ctx *ctx, struct layout_entry *e)
{
	ctx->layout = e->layout;
	ctx->num = e->glyphs;
	ctx->num_font = e->font;
	ctx->log = e->log;
	ctx->baseline = e->baseline;
	ctx->placed = &e->placed;
}

int
chart_layout(struct chart_ctx *ctx, const char *s, double size, int bold,
    double max_w, int lines)
{
	struct layout_entry *e;

	if (!(max_w > 0 && max_w < 1e6))
		max_w = -1;
	bold = bold != 0;
	if (max_w > 0 && lines <= 1) {
		/*
		 * A line that fits is laid out as if there were no limit
		 * (left-aligned, nothing to wrap or ellipsize), so one
		 * layout serves every width it fits: value labels and names
		 * come with a different limit in each chart kind.
		 */
		e = cache_get(ctx, s, size, bold, -1, 1);
		if (e->log.width <= (int)(max_w * PANGO_SCALE)) {
			set_current(ctx, e);
			return 0;
		}
	}
	e = cache_get(ctx, s, size, bold, max_w, lines);
	set_current(ctx, e);
	return e->ellipsized;
}

int
chart_text_width(struct chart_ctx *ctx, const char *text, double size_px,
    int bold, double max_width, double *width)
{
	int r;

	*width = 0;
	if (!g_utf8_validate(text, -1, NULL))
		return -1;
	if (!(size_px > 0 && size_px < 1000))
		size_px = 12;
	r = chart_layout(ctx, text, size_px, bold, max_width, 1);
	*width = (double)ctx->log.width / PANGO_SCALE;
	return r;
}
