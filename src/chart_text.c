/*
 * The chart module's text: the pinned font in a private fontconfig
 * configuration, Pango's context for it, and the layout cache.  Every
 * string a chart draws is laid out by Pango once per run and style, and
 * kept: charts of a site repeat most of their strings (ticks, zone
 * names, units, scores), and laying one out again costs far more than
 * finding it.
 */
#include "chart_text.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>

#include "buf.h"
#include "chart.h"
#include "chart_spec.h"
#include "hash.h"
#include "xalloc.h"

/*
 * A lookup is a hash of the text and its style; the cache empties itself
 * when full (the handles it gave out are then gone: see chart_text.h).
 */
#define CACHE_SLOTS 32768	/* a power of two */
#define CACHE_MAX 16384		/* entries before the cache is emptied */

struct layout_entry {
	char	*text;		/* NULL: a free slot */
	double	 size;		/* px */
	double	 max_w;		/* -1: no limit */
	int	 bold;		/* 0 or 1 */
	int	 lines;		/* at most this many lines */
	unsigned hash;		/* of all the above (hash_key()) */
	struct chart_layout l;	/* what chart_layout() hands out */
};

struct chart_text {
	FcConfig *fc;		/* private config holding only our font */
	PangoFontMap *fontmap;	/* Cairo/FreeType map bound to fc */
	PangoContext *pango;	/* layout context, fixed font options */
	PangoFontDescription *desc; /* reused, size and weight set per use */
	char	*family;	/* family name read from the font file */
	size_t	 n;		/* entries in slot */
	struct layout_entry slot[CACHE_SLOTS]; /* the cache */
};

static void cache_clear(struct chart_text *);

/* ---- The font ---- */

/* Family name of the font in file, read from our private config. */
static const char *
font_family(FcConfig *fc, size_t idx)
{
	FcFontSet *set = FcConfigGetFonts(fc, FcSetApplication);
	FcChar8 *fam = NULL;

	if (set == NULL || idx >= (size_t)set->nfont)
		return NULL;
	if (FcPatternGetString(set->fonts[idx], FC_FAMILY, 0, &fam) !=
	    FcResultMatch)
		return NULL;
	return (const char *)fam;
}

static int
add_font(FcConfig *fc, const char *path, char *err, size_t errlen)
{
	if (access(path, R_OK) != 0) {
		chart_seterr(err, errlen, "font file %s: %s (it comes with "
		    "the Debian package fonts-noto-core)", path,
		    strerror(errno));
		return -1;
	}
	if (!FcConfigAppFontAddFile(fc, (const FcChar8 *)path)) {
		chart_seterr(err, errlen, "font file %s: not a font "
		    "fontconfig can read", path);
		return -1;
	}
	return 0;
}

struct chart_text *
chart_text_new(const char *font, char *err, size_t errlen)
{
	struct chart_text *t = xcalloc(1, sizeof *t);
	struct buf reg = BUF_INIT, bold = BUF_INIT;
	cairo_font_options_t *fo;
	const char *fam, *fam2;
	struct stat st;

	if (font == NULL)
		font = CHART_FONT_DIR;
	if (stat(font, &st) != 0) {
		chart_seterr(err, errlen, "font %s: %s (it comes with the "
		    "Debian package fonts-noto-core)", font, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		buf_printf(&reg, "%s/%s", font, CHART_FONT_REGULAR);
		buf_printf(&bold, "%s/%s", font, CHART_FONT_BOLD);
	} else {
		buf_puts(&reg, font);
	}

	/*
	 * A configuration of our own, holding only these files: no system
	 * fonts, no user rules (hinting, substitutions), so the metrics are
	 * the same on every machine.
	 */
	t->fc = FcConfigCreate();
	if (t->fc == NULL) {
		chart_seterr(err, errlen, "fontconfig: cannot create a "
		    "configuration");
		goto fail;
	}
	if (add_font(t->fc, buf_str(&reg), err, errlen) < 0)
		goto fail;
	if (bold.len && add_font(t->fc, buf_str(&bold), err, errlen) < 0)
		goto fail;
	if ((fam = font_family(t->fc, 0)) == NULL) {
		chart_seterr(err, errlen, "font file %s: no family name",
		    buf_str(&reg));
		goto fail;
	}
	if (bold.len && ((fam2 = font_family(t->fc, 1)) == NULL ||
	    strcmp(fam, fam2) != 0)) {
		chart_seterr(err, errlen, "font files %s and %s are not of "
		    "one family", buf_str(&reg), buf_str(&bold));
		goto fail;
	}
	t->family = xstrdup(fam);
	/*
	 * Pango initialises fontconfig's default configuration in a thread
	 * (reading /etc/fonts and scanning the system's fonts) unless a
	 * current configuration exists; ours makes that a no-op.
	 */
	if (!FcConfigSetCurrent(t->fc)) {
		chart_seterr(err, errlen, "fontconfig: cannot use the "
		    "configuration");
		goto fail;
	}

	t->fontmap = pango_cairo_font_map_new_for_font_type(
	    CAIRO_FONT_TYPE_FT);
	if (t->fontmap == NULL) {
		chart_seterr(err, errlen, "pango: no FreeType font map");
		goto fail;
	}
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(t->fontmap), t->fc);
	t->pango = pango_font_map_create_context(t->fontmap);

	/* Outlines as designed: no hinting, no hinted advances, grey
	 * antialiasing; the same in the SVG, the PNG and the measuring
	 * pass, whatever the surface prefers. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_RGB);
	pango_cairo_context_set_font_options(t->pango, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(t->pango, FALSE);
	/* Pango's default language comes from the environment (LANG);
	 * a fixed one keeps shaping independent of it. */
	pango_context_set_language(t->pango,
	    pango_language_from_string("en"));
	pango_context_set_base_dir(t->pango, PANGO_DIRECTION_LTR);

	t->desc = pango_font_description_new();
	pango_font_description_set_family(t->desc, t->family);
	pango_font_description_set_style(t->desc, PANGO_STYLE_NORMAL);

	buf_free(&reg);
	buf_free(&bold);
	return t;
fail:
	buf_free(&reg);
	buf_free(&bold);
	chart_text_free(t);
	return NULL;
}

void
chart_text_free(struct chart_text *t)
{
	if (t == NULL)
		return;
	/* The cached layouts hold the context: they go first. */
	cache_clear(t);
	if (t->desc)
		pango_font_description_free(t->desc);
	if (t->pango)
		g_object_unref(t->pango);
	if (t->fontmap) {
		/* Pango 1.50.12 takes a reference to the config in
		 * set_config() that its finalizer never drops (fixed
		 * upstream later); detaching it first releases it, and is
		 * harmless where the finalizer is fixed. */
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(t->fontmap),
		    NULL);
		g_object_unref(t->fontmap);
	}
	if (t->fc)
		FcConfigDestroy(t->fc);
	free(t->family);
	free(t);
}

/* ---- The cache ---- */

static void
cache_clear(struct chart_text *t)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++)
		if (t->slot[i].text != NULL) {
			free(t->slot[i].text);
			if (t->slot[i].l.pango != NULL)
				g_object_unref(t->slot[i].l.pango);
			free(t->slot[i].l.placed);
			memset(&t->slot[i], 0, sizeof t->slot[i]);
		}
	t->n = 0;
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
configure(struct chart_text *t, PangoLayout *l, const char *s, double size,
    int bold, double max_w, int lines)
{
	pango_font_description_set_absolute_size(t->desc,
	    size * PANGO_SCALE);
	pango_font_description_set_weight(t->desc,
	    bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, t->desc);
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

/* The cached layout of s in this style, made if missing. */
static struct chart_layout *
cache_get(struct chart_text *t, const char *s, double size, int bold,
    double max_w, int lines)
{
	struct layout_entry *e;
	unsigned h, i;

	h = hash_key(s, size, bold, max_w, lines);
	for (i = h & (CACHE_SLOTS - 1);; i = (i + 1) & (CACHE_SLOTS - 1)) {
		e = &t->slot[i];
		if (e->text == NULL)
			break;
		if (e->hash == h && e->size == size && e->max_w == max_w &&
		    e->bold == bold && e->lines == lines &&
		    strcmp(e->text, s) == 0)
			return &e->l;
	}
	if (t->n >= CACHE_MAX) {
		cache_clear(t);
		for (i = h & (CACHE_SLOTS - 1); t->slot[i].text != NULL;
		    i = (i + 1) & (CACHE_SLOTS - 1))
			;
		e = &t->slot[i];
	}
	e->l.pango = pango_layout_new(t->pango);
	configure(t, e->l.pango, s, size, bold, max_w, lines);
	/* Asked of every string drawn: Pango would walk the lines each
	 * time. */
	e->l.ellipsized = pango_layout_is_ellipsized(e->l.pango) ? 1 : 0;
	pango_layout_get_extents(e->l.pango, NULL, &e->l.log);
	e->l.baseline = pango_layout_get_baseline(e->l.pango);
	e->text = xstrdup(s);
	e->size = size;
	e->max_w = max_w;
	e->bold = bold;
	e->lines = lines;
	e->hash = h;
	t->n++;
	return &e->l;
}

struct chart_layout *
chart_layout(struct chart_text *t, const char *s, double size, int bold,
    double max_w, int lines)
{
	struct chart_layout *l;

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
		l = cache_get(t, s, size, bold, -1, 1);
		if (l->log.width <= (int)(max_w * PANGO_SCALE))
			return l;
	}
	return cache_get(t, s, size, bold, max_w, lines);
}

PangoLayout *
chart_layout_pango(struct chart_text *t, struct chart_layout *l)
{
	/* l is the l of its cache entry, which keeps how it was asked for. */
	struct layout_entry *e = (struct layout_entry *)(void *)((char *)l -
	    offsetof(struct layout_entry, l));

	if (l->pango == NULL) {
		/* The same text, style and context: the same layout. */
		l->pango = pango_layout_new(t->pango);
		configure(t, l->pango, e->text, e->size, e->bold, e->max_w,
		    e->lines);
	}
	return l->pango;
}

void
chart_layout_release(struct chart_layout *l)
{
	if (l->pango != NULL && l->placed != NULL) {
		g_object_unref(l->pango);
		l->pango = NULL;
	}
}
