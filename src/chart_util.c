/*
 * Pure helpers of the chart module: ticks, number formatting, label
 * placement and colours.  Nothing here touches Cairo or Pango, so these
 * are tested alone (see chart_spec.h for the contracts).
 *
 * Determinism: only IEEE basic operations feed coordinates (no log10 or
 * pow, whose last bit may differ between C libraries), so ticks land on
 * the same values on every machine.
 */
#include "chart_spec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xalloc.h"

/* Exact powers of ten (every one below 10^22 is a double exactly). */
static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};
#define POW10_MAX 22

/*
 * m * 10^k computed as an exact integer times or over an exact power of
 * ten, so that 5 * 10^-1 is the double nearest 0.5, as the literal is.
 */
static double
scaled(double m, int k)
{
	while (k > POW10_MAX) {
		m *= 1e22;
		k -= POW10_MAX;
	}
	while (k < -POW10_MAX) {
		m /= 1e22;
		k += POW10_MAX;
	}
	return k >= 0 ? m * pow10_tab[k] : m / pow10_tab[-k];
}

int
chart_nice_ticks(double min, double max, size_t target, struct chart_ticks *t)
{
	double range, raw, mag, norm, step, i, v, imax;
	int k = 0, mult;

	memset(t, 0, sizeof *t);
	if (!isfinite(min) || !isfinite(max) || min > max)
		return -1;
	if (min == max) {
		min -= 1;
		max += 1;
	}
	range = max - min;
	if (!isfinite(range) || range <= 0)
		return -1;
	if (target < 2)
		target = 2;
	if (target > CHART_MAX_TICKS - 1)
		target = CHART_MAX_TICKS - 1;
	raw = range / (double)target;

	/* The power of ten 10^k with 10^k <= raw < 10^(k+1). */
	mag = 1;
	while (raw < mag && k > -330) {
		k--;
		mag = scaled(1, k);
	}
	while (raw >= mag * 10 && k < 330) {
		k++;
		mag = scaled(1, k);
	}
	norm = raw / mag;
	if (norm <= 1)
		mult = 1;
	else if (norm <= 2)
		mult = 2;
	else if (norm <= 5)
		mult = 5;
	else {
		mult = 1;
		k++;
	}
	step = scaled(mult, k);
	if (step <= 0 || !isfinite(step))
		return -1;
	t->lo = min;
	t->hi = max;
	t->step = step;
	t->decimals = k < 0 ? -k : 0;

	/*
	 * Tick i is i * step.  The tolerance keeps a bound that is a tick
	 * in decimal (77.65 / 0.05) from being lost to binary rounding.
	 */
	i = ceil(min / step - 1e-9);
	imax = floor(max / step + 1e-9);
	for (; i <= imax && t->n < CHART_MAX_TICKS; i++) {
		v = k >= 0 ? i * mult * scaled(1, k) : i * mult / scaled(1, -k);
		if (v == 0)
			v = 0; /* no -0 */
		t->v[t->n++] = v;
	}
	return 0;
}

void
chart_format_number(double v, int decimals, char sep, char *out,
    size_t outlen)
{
	unsigned long long n, p, ip, fp;
	double a, r;
	int neg;

	if (outlen == 0)
		return;
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	if (sep == 0)
		sep = '.';
	a = fabs(v);
	if (!isfinite(v) || a >= 1e15) {
		snprintf(out, outlen, "?");
		return;
	}
	p = (unsigned long long)pow10_tab[decimals];
	r = round(a * (double)p);	/* half away from zero */
	n = (unsigned long long)r;
	neg = v < 0 && n != 0;
	ip = n / p;
	fp = n % p;
	/* Integers only: printf's %f would follow LC_NUMERIC. */
	if (decimals == 0)
		snprintf(out, outlen, "%s%llu", neg ? "-" : "", ip);
	else
		snprintf(out, outlen, "%s%llu%c%0*llu", neg ? "-" : "", ip,
		    sep, decimals, fp);
}

int
chart_place_labels(double *pos, const double *size, size_t n, double lo,
    double hi, double gap)
{
	size_t *first, *count, nc = 0, i, j, c;
	double *left, *width, *sum, total = 0, x;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		total += size[i];
	total += gap * (double)(n - 1);
	if (total > hi - lo) {
		/* No room: spread evenly over [lo, hi] and let the caller
		 * decide which labels to drop. */
		x = n > 1 ? (hi - lo - size[0] / 2 - size[n - 1] / 2) /
		    (double)(n - 1) : 0;
		for (i = 0; i < n; i++)
			pos[i] = n > 1 ? lo + size[0] / 2 + x * (double)i :
			    (lo + hi) / 2;
		return -1;
	}

	/*
	 * Clusters of touching labels, left to right.  A cluster's labels
	 * sit side by side; its left edge minimises the squared distances to
	 * the wanted centres (the mean of want - offset), clamped to
	 * [lo, hi - width].  A cluster that then overlaps the one before
	 * merges with it, and the merged one is placed again.
	 */
	first = xcalloc(n, sizeof *first);
	count = xcalloc(n, sizeof *count);
	left = xcalloc(n, sizeof *left);
	width = xcalloc(n, sizeof *width);
	sum = xcalloc(n, sizeof *sum);
	for (i = 0; i < n; i++) {
		c = nc++;
		first[c] = i;
		count[c] = 1;
		width[c] = size[i];
		sum[c] = pos[i] - size[i] / 2;
		for (;;) {
			left[c] = sum[c] / (double)count[c];
			if (left[c] > hi - width[c])
				left[c] = hi - width[c];
			if (left[c] < lo)
				left[c] = lo;
			if (c == 0 || left[c] >= left[c - 1] + width[c - 1] + gap)
				break;
			/* Merge c into c - 1: its labels move right by the
			 * width of c - 1 plus a gap. */
			sum[c - 1] += sum[c] - (double)count[c] *
			    (width[c - 1] + gap);
			count[c - 1] += count[c];
			width[c - 1] += gap + width[c];
			nc--;
			c--;
		}
	}
	for (c = 0; c < nc; c++) {
		x = left[c];
		for (j = first[c]; j < first[c] + count[c]; j++) {
			pos[j] = x + size[j] / 2;
			x += size[j] + gap;
		}
	}
	free(first);
	free(count);
	free(left);
	free(width);
	free(sum);
	return 0;
}

int
chart_parse_color(const char *s, struct chart_rgb *c)
{
	int v[6], i;

	if (s == NULL || s[0] != '#' || strlen(s) != 7)
		return -1;
	for (i = 0; i < 6; i++)
		if ((v[i] = hex_value((unsigned char)s[i + 1])) < 0)
			return -1;
	c->r = (v[0] * 16 + v[1]) / 255.0;
	c->g = (v[2] * 16 + v[3]) / 255.0;
	c->b = (v[4] * 16 + v[5]) / 255.0;
	return 0;
}

/* WCAG 2 relative luminance of one sRGB channel. */
static double
lin(double c)
{
	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double
chart_luminance(const struct chart_rgb *c)
{
	return 0.2126 * lin(c->r) + 0.7152 * lin(c->g) + 0.0722 * lin(c->b);
}

double
chart_contrast(const struct chart_rgb *a, const struct chart_rgb *b)
{
	double la = chart_luminance(a), lb = chart_luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

double
chart_contrast_ratio(const char *a, const char *b)
{
	struct chart_rgb ca, cb;

	if (chart_parse_color(a, &ca) < 0 || chart_parse_color(b, &cb) < 0)
		return -1;
	return chart_contrast(&ca, &cb);
}

const char *
chart_text_color(const char *background)
{
	struct chart_rgb bg, black = { 0, 0, 0 }, white = { 1, 1, 1 };

	/* Pure black rather than CHART_INK: of black and white one always
	 * reaches 4.58:1, whatever the colour; a softer ink would not. */
	if (chart_parse_color(background, &bg) < 0)
		return "#000000";
	return chart_contrast(&bg, &white) > chart_contrast(&bg, &black) ?
	    "#ffffff" : "#000000";
}

struct chart_rgb
chart_tint(const struct chart_rgb *c, double amount)
{
	struct chart_rgb t;

	t.r = 1 - (1 - c->r) * amount;
	t.g = 1 - (1 - c->g) * amount;
	t.b = 1 - (1 - c->b) * amount;
	return t;
}

/* Words the module draws or writes itself, by language. */
static const char *const words[CHART_NWORDS][2] = {
	[W_NO_SCORE] = { "tidak dirilis", "not released" },
	[W_NEW_SCHEME] = { "skema baru", "new scheme" },
	[W_NO_DATA] = { "tidak ada data", "no data" },
};

const char *
chart_word(enum chart_lang lang, enum chart_word w)
{
	return words[w][lang == CHART_LANG_EN ? 1 : 0];
}

char
chart_sep(const struct chart_spec *s)
{
	if (s->decimal_sep)
		return s->decimal_sep;
	return s->lang == CHART_LANG_EN ? '.' : ',';
}

/* Order thresholds by min, ties kept in input order (insertion sort:
 * a year has a handful of categories). */
struct chart_threshold *
chart_sorted_thresholds(const struct chart_threshold *th, size_t n)
{
	struct chart_threshold *v, tmp;
	size_t i, j;

	v = xcalloc(n ? n : 1, sizeof *v);
	if (n)
		memcpy(v, th, n * sizeof *v);
	for (i = 1; i < n; i++) {
		tmp = v[i];
		for (j = i; j > 0 && v[j - 1].min > tmp.min; j--)
			v[j] = v[j - 1];
		v[j] = tmp;
	}
	return v;
}

int
chart_has_value(double v)
{
	return isfinite(v);
}

double
chart_clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void
chart_scale(const struct chart_spec *s, double *lo, double *hi)
{
	*lo = s->scale_min;
	*hi = s->scale_max;
	if (*lo == *hi) {
		*lo -= 1;
		*hi += 1;
	}
}

const char *
chart_value_text(const struct chart_spec *s, double v, const char *label,
    char *tmp, size_t tmplen)
{
	if (label)
		return label;
	chart_format_number(v, s->decimals, chart_sep(s), tmp, tmplen);
	return tmp;
}

const char *
chart_no_score(const struct chart_spec *s)
{
	if (s->no_score_label != NULL && *s->no_score_label != '\0')
		return s->no_score_label;
	return chart_word(s->lang, W_NO_SCORE);
}
