/*
 * The chart module's text layout: every string a chart draws is laid out
 * by Pango once per run and style, and kept (the layout cache): charts
 * of a site repeat most of their strings (ticks, zone names, units,
 * scores), and laying one out again costs far more than finding it.
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

struct layout_entry {
	char	*text;		/* NULL: a free slot */
	double	 size;
	double	 max_w;		/* -1: no limit */
	int	 bold;
	int	 lines;
	unsigned hash;
	int	 ellipsized;
	PangoLayout *layout;	/* Pango's layout of it */
	/* Asked of every string drawn: Pango walks the lines each time. */
	PangoRectangle log;	/* logical extents */
	int	 baseline;	/* first baseline from the top */
	void	*placed;	/* the SVG writer's glyph list (malloc'd) */
};

struct layout_cache {
	PangoLayout *own;	/* the context's own layout */
	size_t	 n;
	struct layout_entry slot[CACHE_SLOTS];
};

static void
cache_clear(struct layout_cache *c)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++)
		if (c->slot[i].text != NULL) {
			free(c->slot[i].text);
			g_object_unref(c->slot[i].layout);
			free(c->slot[i].placed);
			memset(&c->slot[i], 0, sizeof c->slot[i]);
		}
	c->n = 0;
}

static void
cache_free(void *p)
{
	struct layout_cache *c = p;

	cache_clear(c);
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
	e->layout = pango_layout_new(ctx->pango);
	configure(ctx, e->layout, s, size, bold, max_w, lines);
	e->ellipsized = pango_layout_is_ellipsized(e->layout) ? 1 : 0;
	pango_layout_get_extents(e->layout, NULL, &e->log);
	e->baseline = pango_layout_get_baseline(e->layout);
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
