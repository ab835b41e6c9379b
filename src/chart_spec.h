/*
 * The chart module's reading of a spec (src/chart.c, src/chart_util.c):
 * checking it, and the plain values every chart kind works out of it
 * (scales, ticks, numbers, colours, words).  Nothing here touches Cairo
 * or Pango, so the alt text (chart_alt.c) needs only this, and the
 * helpers are tested alone.  Internal: not part of include/chart.h.
 */
#ifndef RAPOR_CHART_SPEC_H
#define RAPOR_CHART_SPEC_H

#include <stddef.h>

#include "chart.h"

/*
 * No fused multiply-add: a*b+c rounded once or twice moves coordinates by
 * a last bit, which can change the SVG's digits between machines.  GCC in
 * ISO C mode does not contract; clang does unless told.  Every file that
 * computes coordinates includes this header.
 */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

/* ---- Checking (chart.c) ---- */

/*
 * Check s as chart_svg() and chart_png() do: everything that could make
 * a chart wrong or crash, found before any drawing, so that the drawing
 * code trusts the spec.  The fields all kinds share are checked here,
 * then the kind's own by its chart_check_KIND() beside its drawing.
 * Returns 0, or -1 with a message in err.
 */
int chart_check(const struct chart_spec *s, char *err, size_t errlen);

/* The checks of each kind (chart_draw.c, chart_years.c, chart_card.c),
 * called by chart_check() after the common fields: 0, or -1 with err. */
int chart_check_bars(const struct chart_spec *s, char *err, size_t errlen);
int chart_check_years(const struct chart_spec *s, char *err, size_t errlen);
int chart_check_zones(const struct chart_spec *s, char *err, size_t errlen);
int chart_check_strip(const struct chart_spec *s, char *err, size_t errlen);
int chart_check_card(const struct chart_spec *s, char *err, size_t errlen);

/* The pieces they are made of.  Each returns 0, or -1 with a message
 * in err naming what (and its number i + 1). */
/* printf into err (when err is not NULL and errlen > 0). */
void chart_seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* n entries need an array: p not NULL unless n is 0. */
int chart_check_array(const void *p, size_t n, const char *what, char *err,
    size_t errlen);
/* A string: valid UTF-8, and present when required. */
int chart_check_text(const char *what, size_t i, const char *s,
    int required, char *err, size_t errlen);
/* A zone index below nzones, or -1 when allow_none. */
int chart_check_zone(const char *what, size_t i, int zone, size_t nzones,
    int allow_none, char *err, size_t errlen);
/* Categories: finite minimums, valid codes, zones in range. */
int chart_check_thresholds(const char *what,
    const struct chart_threshold *th, size_t n, size_t nzones, char *err,
    size_t errlen);

/* ---- Numbers (chart_util.c) ---- */

/* At most this many ticks on an axis. */
#define CHART_MAX_TICKS 32

/* Tick positions of an axis. */
struct chart_ticks {
	double	 lo;		/* the scale as used: equal bounds widened */
	double	 hi;		/* upper bound of the scale as used */
	double	 step;		/* distance between ticks: 1, 2 or 5 x 10^k */
	int	 decimals;	/* decimals that show step exactly */
	size_t	 n;		/* ticks in v */
	double	 v[CHART_MAX_TICKS]; /* tick values, increasing, in [lo, hi] */
};

/*
 * "Nice" ticks for the scale [min, max]: about target ticks (clamped to
 * 2..CHART_MAX_TICKS - 1) at multiples of a step of 1, 2 or 5 times a power
 * of ten, all inside the scale.  0..100 gives 0, 20, ... 100; 0..5 gives
 * 0..5; 77.66..95.31 gives 80, 85, 90, 95.  Equal bounds are widened by
 * one on each side.  Returns 0, or -1 when a bound is not finite or
 * min > max (t is then zeroed).
 */
int chart_nice_ticks(double min, double max, size_t target,
    struct chart_ticks *t);

/*
 * Format v with decimals decimals (0..6) and sep as decimal separator
 * into out (always NUL-terminated when outlen > 0), rounding half away
 * from zero and never writing "-0".  Independent of the C locale.  A value
 * that is not finite, or beyond 1e15, gives "?".
 */
void chart_format_number(double v, int decimals, char sep, char *out,
    size_t outlen);

/*
 * Place n labels on a line without overlap: pos[i] holds the wanted centre
 * of label i (in increasing order) and receives the placed centre; size[i]
 * is its extent; gap separates neighbours; all labels stay inside
 * [lo, hi].  Overlapping labels are pushed apart as little as possible,
 * in clusters centred on their wanted positions.  Returns 0 when every
 * label fits, -1 when they cannot (they are then spread evenly and may
 * overlap; callers drop labels).
 */
int chart_place_labels(double *pos, const double *size, size_t n,
    double lo, double hi, double gap);

/* Whether v is a value at all (finite). */
int chart_has_value(double v);
/* v limited to [lo, hi] (v finite, lo <= hi). */
double chart_clamp(double v, double lo, double hi);
/* The scale as drawn: equal bounds widened by one. */
void chart_scale(const struct chart_spec *s, double *lo, double *hi);
/* The decimal separator: the spec's, else the language's. */
char chart_sep(const struct chart_spec *s);
/* label, or v formatted into tmp when label is NULL. */
const char *chart_value_text(const struct chart_spec *s, double v,
    const char *label, char *tmp, size_t tmplen);
/* A copy of th sorted by min (the caller frees it). */
struct chart_threshold *chart_sorted_thresholds(
    const struct chart_threshold *th, size_t n);

/* ---- Colours (chart_util.c) ---- */

/* Text colours: both keep AA contrast (>= 4.5) on white and on the pale
 * grey track, and near-black beats pure black for glare on screens. */
#define CHART_INK "#1f1f1f"
#define CHART_INK2 "#595959"

/* A colour with channels in [0, 1]. */
struct chart_rgb {
	double	 r;	/* red */
	double	 g;	/* green */
	double	 b;	/* blue */
};

/* Parse "#rrggbb" into c; 0, or -1 (c untouched) for anything else. */
int chart_parse_color(const char *s, struct chart_rgb *c);
/* WCAG 2 relative luminance of c, 0..1. */
double chart_luminance(const struct chart_rgb *c);
/* WCAG 2 contrast ratio of a and b, 1..21. */
double chart_contrast(const struct chart_rgb *a, const struct chart_rgb *b);
/* c mixed with white: amount 1 is c, 0 is white. */
struct chart_rgb chart_tint(const struct chart_rgb *c, double amount);
/*
 * WCAG 2 contrast ratio of two "#rrggbb" colours (1..21), or -1 when one
 * of them is not of that form.
 */
double chart_contrast_ratio(const char *a, const char *b);
/*
 * The text colour to write on background ("#rrggbb"): "#000000" or
 * "#ffffff", whichever contrasts more (one of them always reaches
 * 4.5:1).  Returns black for an invalid colour.
 */
const char *chart_text_color(const char *background);

/* ---- Words (chart_util.c) ---- */

/* Words drawn or written by the module itself. */
enum chart_word {
	W_NO_SCORE,	/* a value assessed but not released */
	W_NEW_SCHEME,	/* marks a change of scoring scheme */
	W_NO_DATA,	/* a chart or row with nothing to show */
	CHART_NWORDS
};

/* Word w in lang (a static string). */
const char *chart_word(enum chart_lang lang, enum chart_word w);

/* The words for a value not released: the caller's, else W_NO_SCORE, so
 * that a chart says what the table beside it says. */
const char *chart_no_score(const struct chart_spec *s);

#endif
