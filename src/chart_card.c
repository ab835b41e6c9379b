/*
 * The share card: the Open Graph image of a body's or unit's year,
 * 1200 x 630, drawn by the same primitives as the charts (so also as an
 * SVG), but at sizes of its own: a site's title, the body's name, the
 * year, the score big, and the category with the zone named on its
 * colour.  A year's card has the number of bodies in place of the score,
 * and each zone's count, named, beside it.
 */
#include "chart_draw.h"

#include <math.h>

/* The card's geometry, in pixels of the 1200 x 630 card. */
#define CARD_M 80		/* left and right margins */
#define CARD_STRIP 16		/* the zone's strip along the top */
#define CARD_TITLE_BASE 92	/* baseline of the site's title */
#define CARD_NAME_TOP 118	/* top of the body's name */
#define CARD_SCORE_BASE 480	/* baseline of the score */
#define CARD_LAST_BASE 578	/* baseline of the category and zone */
#define CARD_ROW 56		/* a year's card: between zone rows */
#define CARD_MAX_ROWS 4		/* zone rows that fit under the name */

int
chart_check_card(const struct chart_spec *s, char *err, size_t errlen)
{
	const struct chart_card *c = s->card;

	if (c == NULL) {
		chart_seterr(err, errlen, "share card: no texts");
		return -1;
	}
	if (chart_check_text("card title", 0, c->title, 1, err, errlen) < 0 ||
	    chart_check_text("card score", 0, c->score_label, 1, err,
	    errlen) < 0 || chart_check_text("card year", 0, c->year_label, 0,
	    err, errlen) < 0 || chart_check_text("card scale", 0,
	    c->scale_label, 0, err, errlen) < 0 ||
	    chart_check_text("card category", 0, c->category_label, 0, err,
	    errlen) < 0 || chart_check_text("card site title", 0,
	    c->site_title, 0, err, errlen) < 0 ||
	    chart_check_zone("card", 0, c->zone, s->nzones, 1, err,
	    errlen) < 0)
		return -1;
	return 0;
}

/* Text on the card at any size: the card does not use the chart sizes. */
static double
card_text(struct chart_draw *d, const char *s, double size, int bold,
    double x, double y, enum chart_align align, double max_w)
{
	double f = d->f, w;

	d->f = size;
	w = chart_text(d, s, bold ? FONT_BOLD : FONT_BODY, x, y, align, max_w);
	d->f = f;
	return w;
}

static double
card_text_w(struct chart_draw *d, const char *s, double size, int bold)
{
	struct chart_draw m = *d;

	m.cr = NULL;
	m.svg = NULL;
	return card_text(&m, s, size, bold, 0, 0, ALIGN_LEFT, 0);
}

/* The body's name: bold, up to two lines. */
static struct chart_layout *
card_name(struct chart_draw *d)
{
	return chart_layout(d->text, d->spec->card->title, 60, 1,
	    CHART_CARD_WIDTH - 2 * CARD_M, 2);
}

static const char *
card_zone_color(const struct chart_spec *s)
{
	return s->card->zone >= 0 ? s->zones[s->card->zone].color : CHART_INK2;
}

/* A year's card: each zone's count and name in a column beside the
 * number of bodies (the first CARD_MAX_ROWS zones; the alt text has
 * all), and the zones' shares as a bar along the bottom. */
static void
card_counts(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	const size_t *n = s->card->zone_counts;
	const double W = CHART_CARD_WIDTH, M = CARD_M;
	double x = M + (W - 2 * M) * 0.6, y, total = 0, bx, bw;
	size_t z, rows = s->nzones < CARD_MAX_ROWS ? s->nzones : CARD_MAX_ROWS;
	struct buf b = BUF_INIT;

	for (z = 0; z < s->nzones; z++)
		total += (double)n[z];
	y = CARD_SCORE_BASE - (double)(rows ? rows - 1 : 0) * CARD_ROW;
	for (z = 0; z < rows; z++, y += CARD_ROW) {
		chart_set_hex(d, s->zones[z].color);
		chart_rect(d, x, y - 30, 32, 32);
		buf_reset(&b);
		buf_printf(&b, "%zu %s", n[z], s->zones[z].name);
		chart_set_hex(d, CHART_INK);
		card_text(d, buf_str(&b), 36, 0, x + 48, y, ALIGN_LEFT,
		    W - M - x - 48);
	}
	buf_free(&b);
	for (z = 0, bx = M; z < s->nzones && total > 0; z++, bx += bw) {
		bw = (W - 2 * M) * (double)n[z] / total;
		chart_set_hex(d, s->zones[z].color);
		chart_rect(d, bx, CARD_LAST_BASE - 40, bw, 48);
	}
}

double
chart_draw_card(struct chart_draw *d)
{
	const struct chart_spec *s = d->spec;
	const struct chart_card *c = s->card;
	const double W = CHART_CARD_WIDTH, H = CHART_CARD_HEIGHT, M = CARD_M;
	const double last = CARD_LAST_BASE;
	double pw = 0, px, room, sw;
	const char *zc = card_zone_color(s);
	/* The year goes under the name, however many lines it took. */
	int nh = (int)ceil((double)card_name(d)->log.height / PANGO_SCALE);

	/* The zone's colour as a strip along the top. */
	chart_set_hex(d, zc);
	chart_rect(d, 0, 0, W, CARD_STRIP);

	chart_set_hex(d, CHART_INK2);
	card_text(d, c->site_title, 30, 0, M, CARD_TITLE_BASE, ALIGN_LEFT,
	    W - 2 * M);

	/* Laid out again: another string was laid out since. */
	chart_set_hex(d, CHART_INK);
	chart_show_layout(d, card_name(d), M, CARD_NAME_TOP);
	chart_set_hex(d, CHART_INK2);
	card_text(d, c->year_label, 34, 0, M, CARD_NAME_TOP + nh + 40,
	    ALIGN_LEFT, W - 2 * M);

	/* The score, big, with the scale beside it. */
	chart_set_hex(d, CHART_INK);
	sw = card_text(d, c->score_label, 140, 1, M, CARD_SCORE_BASE,
	    ALIGN_LEFT, (W - 2 * M) * 0.55);
	if (c->scale_label) {
		chart_set_hex(d, CHART_INK2);
		card_text(d, c->scale_label, 34, 0, M + sw + 16,
		    CARD_SCORE_BASE, ALIGN_LEFT, (W - 2 * M) * 0.3);
	}
	if (c->zone_counts) {
		card_counts(d);
		return H;
	}

	/* The zone in words on its own colour, in whichever text colour
	 * contrasts more, at the right of the category. */
	if (c->zone >= 0) {
		pw = card_text_w(d, s->zones[c->zone].name, 36, 1);
		if (pw > (W - 2 * M) * 0.4)
			pw = (W - 2 * M) * 0.4;
		px = W - M - pw - 48;
		chart_set_hex(d, zc);
		chart_round_rect_path(d, px, last - 46, pw + 48, 66, 33);
		chart_fill(d);
		chart_set_hex(d, chart_text_color(zc));
		card_text(d, s->zones[c->zone].name, 36, 1, px + 24, last,
		    ALIGN_LEFT, pw);
		pw += 48 + 32;
	}
	if (c->category_label) {
		room = W - 2 * M - pw;
		chart_set_hex(d, CHART_INK);
		card_text(d, c->category_label, 36, 0, M, last, ALIGN_LEFT,
		    room);
	}
	return H;
}
