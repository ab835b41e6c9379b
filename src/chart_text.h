/*
 * The chart module's text (src/chart_text.c): the pinned font, Pango, and
 * the strings laid out before in the run.  Internal: not part of
 * include/chart.h.
 */
#ifndef RAPOR_CHART_TEXT_H
#define RAPOR_CHART_TEXT_H

#include <stddef.h>

#include <pango/pangocairo.h>

/* The font, its Pango context and the layout cache of a run. */
struct chart_text;

/* The glyphs of a layout as the SVG writer places them (chart_svg.c). */
struct chart_placed;

/*
 * A string laid out, as chart_layout() hands it out: owned by the layout
 * cache, valid until the next chart_layout() on the same chart_text
 * (which may empty the cache).  Its Pango layout and extents are shared
 * by every chart that draws the string: never change them.
 */
struct chart_layout {
	PangoLayout *pango;	/* Pango's layout of the string; NULL once
				   the SVG writer has its glyphs (see
				   chart_layout_pango()) */
	PangoRectangle log;	/* its logical extents, Pango units */
	int	 baseline;	/* its first baseline from the top, Pango
				   units */
	int	 ellipsized;	/* 1 when cut with an ellipsis to fit */
	struct chart_placed *placed; /* the SVG writer's glyph list of it,
				   made on first use (NULL until then); one
				   malloc'd block, freed with the layout */
};

/*
 * Load the font and set up Pango, as chart_ctx_new() describes (font is
 * a directory, a file or NULL).  Returns NULL with a message in err on
 * failure.
 */
struct chart_text *chart_text_new(const char *font, char *err,
    size_t errlen);

/* Free t, its cache and Pango's objects; NULL is accepted. */
void chart_text_free(struct chart_text *t);

/*
 * s laid out at size px, bold or not, within max_w px (not in (0, 1e6):
 * no limit) on at most lines lines, ellipsized at the end; made on first
 * use and kept.  s must be valid UTF-8 (chart_check() saw to it).
 */
struct chart_layout *chart_layout(struct chart_text *t, const char *s,
    double size, int bold, double max_w, int lines);

/*
 * Pango's layout of l (from chart_layout() on t), laid out again when it
 * was let go.  For drawing with Cairo; valid as l is.
 */
PangoLayout *chart_layout_pango(struct chart_text *t,
    struct chart_layout *l);

/*
 * Let l's Pango layout go once l->placed holds its glyphs: most strings
 * are only ever written as SVG, and a national site's cache of layouts
 * would hold some 16,000 of them.  Its extents stay.
 */
void chart_layout_release(struct chart_layout *l);

#endif
