/*
 * Render stage, charts: turns the computed report into chart specs
 * (chart.h) for each page, writes the SVG beside the page (site.js turns
 * it into a PNG download) and, for a body's year, the share card used as
 * og:image, and
 * gives the template a figure with caption, alt text written from the
 * data and the same numbers as a table.  Each chart is a pure function of
 * the spec built here, so a later incremental build can skip it.
 */
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pango/pango.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "chart.h"
#include "compute.h"
#include "diag.h"
#include "hash.h"
#include "publish.h"
#include "render_impl.h"
#include "util.h"
#include "xalloc.h"

/* Everything one spec borrows, freed together after drawing. */
struct specmem {
	struct chart_zone	*zones;
	struct chart_threshold	*th;		/* one year's categories */
	struct chart_threshold	**pth;		/* per point (years chart) */
	size_t			 npth;
	struct chart_bar	*bars;
	struct chart_point	*points;
	struct chart_group	*groups;
	size_t			**counts;
	size_t			 ncounts;
	struct chart_dot	*dots;
	char			**strs;		/* owned labels */
	size_t			 nstrs, capstrs;
};

/* The string in b, taken from it (b is left empty) and owned by m. */
static const char *
specmem_take(struct specmem *m, struct buf *b)
{
	XGROW(&m->strs, &m->nstrs, &m->capstrs);
	m->strs[m->nstrs] = buf_detach(b);
	return m->strs[m->nstrs++];
}

/* x as the site writes numbers, owned by m. */
static const char *
specmem_decimal(struct specmem *m, const struct rctx *c, struct dec x)
{
	struct buf b = BUF_INIT;

	dec_format(&b, x, c->r->site.decimals, c->t->sep, 0);
	return specmem_take(m, &b);
}

static void
specmem_free(struct specmem *m)
{
	size_t i;

	free(m->zones);
	free(m->th);
	for (i = 0; i < m->npth; i++)
		free(m->pth[i]);
	free(m->pth);
	free(m->bars);
	free(m->points);
	free(m->groups);
	for (i = 0; i < m->ncounts; i++)
		free(m->counts[i]);
	free(m->counts);
	free(m->dots);
	for (i = 0; i < m->nstrs; i++)
		free(m->strs[i]);
	free(m->strs);
	memset(m, 0, sizeof *m);
}

static void
spec_base(const struct rctx *c, struct chart_spec *s, struct specmem *m,
    enum chart_kind kind)
{
	const struct report *r = c->r;
	size_t i;

	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->lang = r->site.language == LANG_EN ? CHART_LANG_EN : CHART_LANG_ID;
	s->decimal_sep = c->t->sep;
	s->decimals = r->site.decimals > 6 ? 6 : r->site.decimals;
	s->scale_min = dec_to_double(r->site.scale_min);
	s->scale_max = dec_to_double(r->site.scale_max);
	if (kind != CHART_CARD) {
		/* Legible on a phone and a desktop alike (chart.h). */
		s->width = CHART_PAGE_WIDTH;
		s->font_px = CHART_PAGE_FONT_PX;
	}
	/* The words the tables write for it, "tidak dirilis". */
	s->no_score_label = i18n_get(c->t, "no_score");
	m->zones = xcalloc(r->nzones + 1, sizeof *m->zones);
	for (i = 0; i < r->nzones; i++) {
		m->zones[i].name = r->zones[i].name;
		m->zones[i].color = r->zones[i].color;
	}
	s->zones = m->zones;
	s->nzones = r->nzones;
}

/* The categories of edition y as chart thresholds (caller frees). */
static struct chart_threshold *
thresholds(const struct report *r, const struct year *y)
{
	struct chart_threshold *t = xcalloc(y->ncats + 1, sizeof *t);
	size_t i;

	for (i = 0; i < y->ncats; i++) {
		const struct category *cat = &r->categories[y->cats[i]];

		t[i].min = dec_to_double(cat->min);
		t[i].code = cat->code;
		t[i].zone = (int)cat->zone;
	}
	return t;
}

static double
value_of(const struct result *res)
{
	return dec_to_double(res->score);
}

/* ---- chart keys: what a chart is drawn from ----------------------------------- */

static uint64_t
hash_dbl(uint64_t h, double v)
{
	if (isnan(v) || isinf(v))
		return hash_bytes(h, "nan", 3);
	return hash_bytes(h, &v, sizeof v);
}

/* h extended by the file's bytes, or by its path when it cannot be read. */
static uint64_t
hash_file(uint64_t h, const char *path)
{
	uint64_t x = h;

	return hash_path(&x, path) == 0 ? x : hash_str(h, path);
}

uint64_t
charts_salt(void)
{
	static uint64_t h;	/* none of it changes while rapor runs */
	char *exe;

	if (h != 0)
		return h;
	exe = self_exe();
	h = hash_file(HASH_INIT, exe);
	free(exe);
	h = hash_str(h, cairo_version_string());
	h = hash_str(h, pango_version_string());
	h = hash_file(h, CHART_FONT_DIR "/" CHART_FONT_REGULAR);
	h = hash_file(h, CHART_FONT_DIR "/" CHART_FONT_BOLD);
	return h;
}

static uint64_t
threshold_key(uint64_t h, const struct chart_threshold *t, size_t n)
{
	size_t i;

	h = hash_int(h, (long long)n);
	for (i = 0; i < n; i++) {
		h = hash_dbl(h, t[i].min);
		h = hash_str(h, t[i].code);
		h = hash_int(h, t[i].zone);
	}
	return h;
}

/* Every field of the spec that can change the picture. */
static uint64_t
spec_key(uint64_t salt, const struct chart_spec *s, const char *format,
    double scale)
{
	uint64_t h = hash_str(salt, format);
	size_t i, k;

	h = hash_dbl(h, scale);
	h = hash_int(h, s->kind);
	h = hash_int(h, s->lang);
	h = hash_int(h, s->decimal_sep);
	h = hash_int(h, s->decimals);
	h = hash_dbl(h, s->width);
	h = hash_dbl(h, s->font_px);
	h = hash_dbl(h, s->scale_min);
	h = hash_dbl(h, s->scale_max);
	h = hash_str(h, s->subject);
	h = hash_str(h, s->no_score_label);
	h = hash_int(h, (long long)s->nzones);
	for (i = 0; i < s->nzones; i++) {
		h = hash_str(h, s->zones[i].name);
		h = hash_str(h, s->zones[i].color);
	}
	h = threshold_key(h, s->thresholds, s->nthresholds);
	h = hash_int(h, (long long)s->nbars);
	for (i = 0; i < s->nbars; i++) {
		h = hash_str(h, s->bars[i].label);
		h = hash_dbl(h, s->bars[i].value);
		h = hash_str(h, s->bars[i].value_label);
		h = hash_int(h, s->bars[i].zone);
	}
	h = hash_dbl(h, s->total);
	h = hash_str(h, s->total_label);
	h = hash_str(h, s->bar_color);
	h = hash_int(h, (long long)s->npoints);
	for (i = 0; i < s->npoints; i++) {
		const struct chart_point *p = &s->points[i];

		h = hash_int(h, p->year);
		h = hash_dbl(h, p->value);
		h = hash_str(h, p->value_label);
		h = hash_int(h, p->zone);
		h = hash_int(h, p->scheme_break);
		h = hash_int(h, p->not_assessed);
		h = threshold_key(h, p->thresholds, p->nthresholds);
	}
	h = hash_int(h, (long long)s->ngroups);
	for (i = 0; i < s->ngroups; i++) {
		h = hash_str(h, s->groups[i].label);
		for (k = 0; s->groups[i].counts && k < s->nzones; k++)
			h = hash_int(h, (long long)s->groups[i].counts[k]);
	}
	h = hash_int(h, (long long)s->ndots);
	for (i = 0; i < s->ndots; i++) {
		h = hash_dbl(h, s->dots[i].value);
		h = hash_int(h, s->dots[i].zone);
		h = hash_int(h, (long long)s->dots[i].group);
		h = hash_str(h, s->dots[i].label);
		h = hash_str(h, s->dots[i].value_label);
	}
	if (s->card) {
		h = hash_str(h, s->card->title);
		h = hash_str(h, s->card->year_label);
		h = hash_str(h, s->card->score_label);
		h = hash_str(h, s->card->scale_label);
		h = hash_str(h, s->card->category_label);
		h = hash_int(h, s->card->zone);
		h = hash_str(h, s->card->site_title);
		for (k = 0; s->card->zone_counts && k < s->nzones; k++)
			h = hash_int(h, (long long)s->card->zone_counts[k]);
	}
	return h;
}

/* Width and height of an SVG that chart_svg() made, from its root
 * element (0 and 0 when they cannot be read): whole pixels, as rapor's
 * charts are (CHART_PAGE_WIDTH wide, and chart_size()). */
static void
svg_size(const struct buf *svg, int *w, int *h)
{
	const char *p = strstr(buf_str(svg), "<svg "), *q;

	*w = *h = 0;
	if (p == NULL || (q = strchr(p, '>')) == NULL)
		return;
	if ((p = strstr(p, " width=\"")) != NULL && p < q)
		*w = (int)strtol(p + 8, NULL, 10);
	if (p != NULL && (p = strstr(p, " height=\"")) != NULL && p < q)
		*h = (int)strtol(p + 9, NULL, 10);
}

/* The size "W H" that chart_file() keeps with an SVG, or 0 0. */
static void
note_size(const struct buf *note, int *w, int *h)
{
	if (sscanf(buf_str(note), "%d %d", w, h) != 2)
		*w = *h = 0;
}

/* The size the published site's manifest keeps with the SVG rel if it
 * was drawn from spec, else *w and *h as they are. */
static void
old_size(const struct rctx *c, const struct chart_spec *spec,
    const char *rel, int *w, int *h)
{
	struct buf note = BUF_INIT;

	if (stage_old_note(c->st, rel, spec_key(c->salt, spec, "svg", 1),
	    &note))
		note_size(&note, w, h);
	buf_free(&note);
}

/*
 * Put one chart file at rel: kept as it is when the published site has
 * it from the same spec (its key, see publish.h), else drawn.  With w
 * and h (SVGs), its size is set there, from the drawing or from the note
 * kept with the published file.  Returns 0, or -1 with err set.
 */
static int
chart_file(struct rctx *c, const struct chart_spec *spec, int png,
    double scale, const char *rel, int *w, int *h, char *err,
    size_t errlen)
{
	struct buf *out = &c->chart, note = BUF_INIT;
	uint64_t key = spec_key(c->salt, spec, png ? "png" : "svg", scale);
	int rc = -1, dw = 0, dh = 0;

	buf_reset(out);
	if (stage_keep(c->st, rel, key, &note)) {
		if (w != NULL)
			note_size(&note, &dw, &dh);
		rc = 0;
		goto out;
	}
	if ((png ? chart_png(c->cx, spec, scale, out, err, errlen) :
	    chart_svg(c->cx, spec, out, err, errlen)) != 0)
		goto out;
	if (c->counts != NULL)
		c->counts[2 * c->worker + 1]++;
	if (w != NULL)
		svg_size(out, &dw, &dh);
	buf_printf(&note, "%d %d", dw, dh);
	if (stage_write(c->st, rel, key, note.data, out->data, out->len,
	    c->d) != 0) {
		snprintf(err, errlen, "cannot write %s", rel);
		goto out;
	}
	rc = 0;
out:
	if (w != NULL) {
		*w = dw;
		*h = dh;
	}
	buf_free(&note);
	return rc;
}

/* ---- figures for the template -------------------------------------------- */

struct figure {
	const char	*file;	/* base name without extension, relative to the page */
	const char	*dir;	/* folder of the files from the site root ("2023/x/") */
	const char	*caption; /* shown under the chart */
	struct value	*head;	/* data table header cells (list of strings) */
	struct value	*rows;	/* data table rows (list of {cells: [...]}) */
	const char	*note;	/* said below the table, or NULL */
	int		 w, h;	/* the chart's size in pixels when known
				   (else 0), set to it by figure() */
};

/*
 * Draw spec as SVG into dir/file.svg (unless draw is zero: another page
 * draws it, as the home page's charts) and describe it: its URL, size,
 * alt text, caption and table.
 */
static struct value *
figure(struct rctx *c, const struct page *p, const struct chart_spec *spec,
    struct figure *f, int draw)
{
	struct value *m = v_map();
	struct buf path = BUF_INIT;
	struct buf alt = BUF_INIT;
	char err[256];
	double sw, sh;
	int w = f->w, h = f->h;

	err[0] = '\0';
	buf_printf(&path, "%s%s.svg", f->dir, f->file);
	if (draw && chart_file(c, spec, 0, 1, path.data, &w, &h, err,
	    sizeof err) != 0)
		goto fail;
	/*
	 * Drawn by another page: the size all the same, for the <img> (a
	 * page whose pictures come without one moves as they load), from
	 * what the last build kept with that chart when it was drawn from
	 * this spec (a size is a function of the spec), else as
	 * chart_svg() would give it.
	 */
	if ((w <= 0 || h <= 0) && !draw)
		old_size(c, spec, path.data, &w, &h);
	if (w <= 0 || h <= 0) {
		if (chart_size(c->cx, spec, &sw, &sh, err, sizeof err) != 0)
			goto fail;
		w = (int)sw;
		h = (int)sh;
	}
	f->w = w;
	f->h = h;
	if (chart_alt(spec, &alt, err, sizeof err) != 0)
		goto fail;
	v_set_strf(m, "svg", "%s%s%s.svg", c->root, f->dir, f->file);
	/* The file name of a PNG download (site.js draws it from the SVG). */
	v_set_strf(m, "png", "%s.png", f->file);
	v_set_strf(m, "width", "%d", w);
	v_set_strf(m, "height", "%d", h);
	v_set_str(m, "alt", buf_str(&alt));
	v_set_str(m, "caption", f->caption);
	v_set(m, "head", f->head);
	v_set(m, "rows", f->rows);
	if (f->note != NULL && f->note[0] != '\0')
		v_set_str(m, "note", f->note);
	f->head = f->rows = NULL;
	goto out;
fail:
	diag(c->d, DIAG_ERROR, p->path, 0, 0, "chart '%s' failed: %s",
	    f->file, err);
	c->failed = 1;
out:
	value_free(f->head);
	value_free(f->rows);
	buf_free(&path);
	buf_free(&alt);
	return m;
}

static struct value *
row2(const char *a, const char *b)
{
	struct value *r = v_map(), *cells = v_list();

	v_push(cells, v_str(a));
	v_push(cells, v_str(b));
	v_set(r, "cells", cells);
	return r;
}

static struct value *
head2(const struct rctx *c, const char *a, const char *b)
{
	struct value *h = v_list();

	v_push(h, v_str(i18n_get(c->t, a)));
	v_push(h, v_str(i18n_get(c->t, b)));
	return h;
}

static const char *
caption(struct specmem *m, const struct rctx *c, const char *key,
    const char *name, int year)
{
	struct buf b = BUF_INIT;
	char yr[16];

	snprintf(yr, sizeof yr, "%d", year);
	i18n_fmt(&b, c->t, key, "name", name ? name : "", "year", yr,
	    (char *)NULL);
	return specmem_take(m, &b);
}

/* ---- one body in a year: its units ------------------------------------------ */

static int
by_rank(const void *a, const void *b)
{
	const struct result *x = *(const struct result *const *)a;
	const struct result *y = *(const struct result *const *)b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

static struct value *
units_figure(struct rctx *c, const struct page *p)
{
	const struct report *r = c->r;
	const struct result *tot = &r->results[p->result];
	const struct year *y = &r->years[report_year(r, p->year)];
	const struct result **v;
	struct chart_spec s;
	struct specmem m;
	struct figure f;
	struct buf b = BUF_INIT, dir = BUF_INIT;
	struct value *fig;
	size_t n = 0, i, k = 0, u0, nu;

	/* The body's units follow its total (results are sorted). */
	for (i = p->result + 1; i < r->nresults && r->results[i].year ==
	    p->year && r->results[i].entity == p->entity; i++)
		n++;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = &r->results[p->result + 1 + i];
	memset(&m, 0, sizeof m);
	spec_base(c, &s, &m, CHART_BARS);
	qsort(v, n, sizeof *v, by_rank);
	u0 = report_units(r, p->entity, &nu);
	m.bars = xcalloc(n + nu + 1, sizeof *m.bars);
	memset(&f, 0, sizeof f);
	f.head = head2(c, "unit", "score");
	f.rows = v_list();
	for (i = 0; i < n; i++, k++) {
		m.bars[k].label = r->units[v[i]->unit].name;
		m.bars[k].value = value_of(v[i]);
		m.bars[k].value_label = specmem_decimal(&m, c, v[i]->score);
		m.bars[k].zone = v[i]->zone == NONE ? -1 : (int)v[i]->zone;
		v_push(f.rows, row2(m.bars[k].label, m.bars[k].value_label));
	}
	/* Units assessed but without a released score: a labelled gap
	 * (a unit without a row that year was not assessed: no bar). */
	for (i = u0; i < u0 + nu; i++)
		if (find_unreleased(r, p->year, p->entity, i) != NONE) {
			m.bars[k].label = r->units[i].name;
			m.bars[k].value = CHART_NO_VALUE;
			m.bars[k].zone = -1;
			v_push(f.rows, row2(r->units[i].name,
			    i18n_get(c->t, "no_score")));
			k++;
		}
	s.bars = m.bars;
	s.nbars = k;
	m.th = thresholds(r, y);
	s.thresholds = m.th;
	s.nthresholds = y->ncats;
	s.total = value_of(tot);
	i18n_fmt(&b, c->t, "chart_total", "score", specmem_decimal(&m, c,
	    tot->score), (char *)NULL);
	s.total_label = specmem_take(&m, &b);
	s.subject = r->entities[p->entity].name;
	buf_printf(&dir, "%d/%s/", p->year, r->entities[p->entity].id);
	f.file = "units";
	f.dir = dir.data;
	f.caption = caption(&m, c, "chart_units", s.subject, p->year);
	fig = figure(c, p, &s, &f, 1);
	specmem_free(&m);
	buf_free(&dir);
	free(v);
	return fig;
}

/* ---- share cards -------------------------------------------------------------- */

/* The page's og:image: path from the site's root, absolute with
 * base_url (as Open Graph wants), else relative to the page. */
static void
og_image(const struct rctx *c, struct value *pg, const char *path,
    const char *alt)
{
	if (c->r->site.base_url)
		v_set_strf(pg, "og_image", "%s%s", c->r->site.base_url, path);
	else
		v_set_strf(pg, "og_image", "%s%s", c->root, path);
	v_set_str(pg, "og_image_alt", alt);
}

/* Draw the card s at path (from the site's root) and make it the page's
 * og:image, with alt (NULL: the card's alt text). */
static void
card_file(struct rctx *c, const struct page *p, struct value *pg,
    const struct chart_spec *s, const char *path, const char *alt)
{
	struct buf b = BUF_INIT;
	char err[256];

	if (chart_file(c, s, 1, 1, path, NULL, NULL, err, sizeof err) != 0 ||
	    (alt == NULL && chart_alt(s, &b, err, sizeof err) != 0)) {
		diag(c->d, DIAG_ERROR, p->path, 0, 0, "share card failed: %s",
		    err);
		c->failed = 1;
	} else
		og_image(c, pg, path, alt ? alt : buf_str(&b));
	buf_free(&b);
}

/* A card's spec, s->card set to card, with the site's title and no zone. */
static void
card_spec(const struct rctx *c, struct chart_spec *s, struct chart_card *card,
    struct specmem *m)
{
	memset(m, 0, sizeof *m);
	spec_base(c, s, m, CHART_CARD);
	memset(card, 0, sizeof *card);
	card->zone = -1;
	card->site_title = c->r->site.title;
	s->card = card;
}

/* The card of a body's year (p->result). */
static void
share_card(struct rctx *c, const struct page *p, struct value *pg)
{
	const struct report *r = c->r;
	const struct result *res = &r->results[p->result];
	const struct entity *e = &r->entities[p->entity];
	struct chart_spec s;
	struct chart_card card;
	struct specmem m;
	struct buf b = BUF_INIT, path = BUF_INIT;
	char yr[16];

	card_spec(c, &s, &card, &m);
	snprintf(yr, sizeof yr, "%d", p->year);
	card.title = e->name;
	card.year_label = yr;
	card.score_label = specmem_decimal(&m, c, res->score);
	{
		struct buf mx = BUF_INIT;

		dec_format(&mx, r->site.scale_max, 0, c->t->sep, 0);
		i18n_fmt(&b, c->t, "chart_scale", "max", mx.data, (char *)NULL);
		buf_free(&mx);
		card.scale_label = specmem_take(&m, &b);
	}
	if (res->category != NONE) {
		i18n_fmt(&b, c->t, "chart_category", "code",
		    r->categories[res->category].code, "name",
		    r->categories[res->category].name, (char *)NULL);
		card.category_label = specmem_take(&m, &b);
	}
	card.zone = res->zone == NONE ? -1 : (int)res->zone;
	s.subject = card.title;
	buf_printf(&path, "%d/%s/card.png", p->year, e->id);
	card_file(c, p, pg, &s, path.data, card.title);
	specmem_free(&m);
	buf_free(&path);
}

/*
 * The card of year's edition, <year>/card.png: the bodies assessed and
 * how many are in each zone (counts, r->nzones entries).  Drawn on the
 * year's page (draw), referred to by the others (the home page).
 */
static void
year_card(struct rctx *c, const struct page *p, struct value *pg, int year,
    const size_t *counts, size_t nbodies, int draw)
{
	struct chart_spec s;
	struct chart_card card;
	struct specmem m;
	struct buf b = BUF_INIT, path = BUF_INIT;
	char err[256];

	card_spec(c, &s, &card, &m);
	card.title = caption(&m, c, "chart_zones", NULL, year);
	buf_printf(&b, "%zu", nbodies);
	card.score_label = specmem_take(&m, &b);
	{
		char n[32];

		/* What the big number is: "6 instansi dinilai". */
		snprintf(n, sizeof n, "%zu", nbodies);
		i18n_fmt(&b, c->t, "bodies_count", "n", n, (char *)NULL);
		card.year_label = specmem_take(&m, &b);
	}
	card.zone_counts = counts;
	buf_printf(&path, "%d/card.png", year);
	if (draw)
		card_file(c, p, pg, &s, path.data, NULL);
	else if (chart_alt(&s, &b, err, sizeof err) == 0)
		og_image(c, pg, path.data, buf_str(&b));
	specmem_free(&m);
	buf_free(&b);
	buf_free(&path);
}

/* ---- across years: a body or one of its units ----------------------------------- */

/*
 * A series' figure as its year pages show it (not drawn there: the
 * chart is drawn on the body's page).  Its size is measured on the
 * first of them and kept for the others, five times over for a body or
 * unit with five years; the rest of the figure (alt text, table,
 * caption, the SVG's URL from this page) is made again each time, as
 * keeping it grew with the report (see docs/performance.md).
 */
struct kept_figure {
	int	 w, h;	/* the chart's size, 0 until measured */
};

static struct value *years_figure_new(struct rctx *, const struct page *,
    size_t, size_t, int, struct kept_figure *);

static struct value *
years_figure(struct rctx *c, const struct page *p, size_t e, size_t u,
    int draw)
{
	const struct report *r = c->r;

	if (draw)
		return years_figure_new(c, p, e, u, 1, NULL);
	if (c->kept == NULL)
		c->kept = xcalloc(r->nentities + r->nunits, sizeof *c->kept);
	return years_figure_new(c, p, e, u, 0,
	    &c->kept[u == NONE ? e : r->nentities + u]);
}

void
charts_done(struct rctx *c)
{
	free(c->kept);
	c->kept = NULL;
}

static struct value *
years_figure_new(struct rctx *c, const struct page *p, size_t e, size_t u,
    int draw, struct kept_figure *kept)
{
	const struct report *r = c->r;
	struct chart_spec s;
	struct specmem m;
	struct figure f;
	struct buf dir = BUF_INIT, file = BUF_INIT;
	struct value *fig;
	size_t i;

	memset(&m, 0, sizeof m);
	spec_base(c, &s, &m, CHART_YEARS);
	m.points = xcalloc(r->nyears + 1, sizeof *m.points);
	m.pth = xcalloc(r->nyears + 1, sizeof *m.pth);
	memset(&f, 0, sizeof f);
	f.head = head2(c, "year", "score");
	f.rows = v_list();
	for (i = 0; i < r->nyears; i++) {
		const struct year *y = &r->years[i];
		size_t k = find_result(r, y->year, e, u);
		struct chart_point *pt = &m.points[i];
		char yr[16];

		pt->year = y->year;
		pt->value = CHART_NO_VALUE;
		pt->zone = -1;
		pt->scheme_break = i > 0 && y->scheme_changed;
		m.pth[m.npth++] = thresholds(r, y);
		pt->thresholds = m.pth[i];
		pt->nthresholds = y->ncats;
		snprintf(yr, sizeof yr, "%d", y->year);
		if (k == NONE) {
			/* Assessed but not released: labelled as in the
			 * tables; not assessed: only a break in the line. */
			pt->not_assessed = find_unreleased(r, y->year, e, u) ==
			    NONE;
			v_push(f.rows, row2(yr, i18n_get(c->t,
			    pt->not_assessed ? "not_assessed" : "no_score")));
			continue;
		}
		pt->value = value_of(&r->results[k]);
		pt->value_label = specmem_decimal(&m, c, r->results[k].score);
		pt->zone = r->results[k].zone == NONE ? -1 :
		    (int)r->results[k].zone;
		v_push(f.rows, row2(yr, pt->value_label));
	}
	s.points = m.points;
	s.npoints = r->nyears;
	s.subject = u == NONE ? r->entities[e].name : r->units[u].name;
	buf_printf(&dir, "%s/", r->entities[e].id);
	if (u == NONE)
		buf_puts(&file, "history");
	else
		buf_printf(&file, "unit-%s", r->units[u].id);
	f.file = file.data;
	f.dir = dir.data;
	f.caption = caption(&m, c, "chart_history", s.subject, 0);
	if (kept != NULL) {
		f.w = kept->w;
		f.h = kept->h;
	}
	fig = figure(c, p, &s, &f, draw);
	if (kept != NULL) {
		kept->w = f.w;
		kept->h = f.h;
	}
	specmem_free(&m);
	buf_free(&dir);
	buf_free(&file);
	return fig;
}

/* ---- a unit in a year: its aspects ------------------------------------------------ */

static struct value *
aspects_figure(struct rctx *c, const struct page *p)
{
	const struct report *r = c->r;
	const struct result *res = &r->results[p->result];
	const struct score_row *row = &r->scores[res->row];
	const struct year *y = &r->years[report_year(r, p->year)];
	struct chart_spec s;
	struct specmem m;
	struct figure f;
	struct buf dir = BUF_INIT;
	struct value *fig;
	size_t i, n = 0;

	memset(&m, 0, sizeof m);
	spec_base(c, &s, &m, CHART_ASPECTS);
	m.bars = xcalloc(y->naspects + 1, sizeof *m.bars);
	memset(&f, 0, sizeof f);
	f.head = head2(c, "aspect", "value");
	f.rows = v_list();
	for (i = 0; i < y->naspects; i++) {
		size_t a = y->aspects[i];
		struct buf b = BUF_INIT;

		if (!row->has_value[a])
			continue;
		buf_printf(&b, "%s (%s ", r->aspects[a].name,
		    i18n_get(c->t, "weight"));
		dec_format(&b, r->aspects[a].weight, r->site.decimals,
		    c->t->sep, 0);
		buf_putc(&b, ')');
		m.bars[n].label = specmem_take(&m, &b);
		m.bars[n].value = dec_to_double(row->values[a]);
		m.bars[n].value_label = specmem_decimal(&m, c, row->values[a]);
		m.bars[n].zone = -1;
		v_push(f.rows, row2(m.bars[n].label, m.bars[n].value_label));
		n++;
	}
	s.bars = m.bars;
	s.nbars = n;
	s.subject = r->units[p->unit].name;
	if (r->site.unit_rule == UNIT_SUM) {
		/* Weighted parts of a sum: the scale is the largest part's. */
		double hi = 0;

		for (i = 0; i < n; i++)
			hi = m.bars[i].value > hi ? m.bars[i].value : hi;
		s.scale_max = hi > 0 ? hi : s.scale_max;
	}
	buf_printf(&dir, "%d/%s/%s/", p->year, r->entities[p->entity].id,
	    r->units[p->unit].id);
	f.file = "aspects";
	f.dir = dir.data;
	f.caption = caption(&m, c, "chart_aspects", s.subject, p->year);
	fig = figure(c, p, &s, &f, 1);
	specmem_free(&m);
	buf_free(&dir);
	return fig;
}

/* Index of kind in kinds[0..n), or n when it is not there. */
static size_t
kind_index(const char **kinds, size_t n, const char *kind)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (strcmp(kinds[k], kind) == 0)
			break;
	return k;
}

/*
 * The data table of a year's spread of scores (s, its dots; dcat, each
 * dot's category): every body and its score while no kind has more bodies
 * than a year page ranks (RANK_FIRST).  Past that, as the rankings go on
 * in parts, the bodies of each kind by category, with a note that every
 * score is in the rankings and the downloads: the year page and the home
 * page hold this table, and it must not grow with the report.
 */
static void
strip_table(struct rctx *c, const struct year *y, const struct chart_spec *s,
    const size_t *dcat, struct figure *f)
{
	size_t w = y->ncats + 2, ng = s->ngroups ? s->ngroups : 1;
	size_t *n = xcalloc(ng * w, sizeof *n);	/* per kind: by category,
						   none, all */
	size_t g, i, k, most = 0, none = 0;

	for (i = 0; i < s->ndots; i++) {
		size_t *row = &n[(s->ngroups ? s->dots[i].group : 0) * w];

		for (k = 0; k < y->ncats && y->cats[k] != dcat[i]; k++)
			continue;
		row[k]++;
		none += k == y->ncats;
		if (++row[w - 1] > most)
			most = row[w - 1];
	}
	f->rows = v_list();
	if (most <= RANK_FIRST) {
		f->head = head2(c, "body", "score");
		for (i = 0; i < s->ndots; i++)
			v_push(f->rows, row2(s->dots[i].label,
			    s->dots[i].value_label));
		free(n);
		return;
	}
	f->head = v_list();
	v_push(f->head, v_str(i18n_get(c->t, "kind")));
	for (k = 0; k < y->ncats; k++)
		v_push(f->head, v_str(c->r->categories[y->cats[k]].code));
	if (none > 0)
		v_push(f->head, v_str(i18n_get(c->t, "no_score")));
	for (g = 0; g < ng; g++) {
		struct value *row = v_map(), *cells = v_list();

		v_push(cells, v_str(s->ngroups ? s->groups[g].label : ""));
		for (k = 0; k < y->ncats + (none > 0); k++)
			v_push(cells, v_strf("%zu", n[g * w + k]));
		v_set(row, "cells", cells);
		v_push(f->rows, row);
	}
	f->note = i18n_get(c->t, "chart_scores_note");
	free(n);
}

/* ---- a year: bodies per zone and the spread of scores ---------------------------------- */

static void
year_figures(struct rctx *c, const struct page *p, struct value *list,
    struct value *pg, int draw)
{
	const struct report *r = c->r;
	const struct year *y = &r->years[report_year(r, p->year)];
	struct chart_spec s;
	struct specmem m;
	struct figure f;
	struct buf dir = BUF_INIT;
	const char **kinds = xcalloc(r->nentities + 1, sizeof *kinds);
	size_t *total = xcalloc(r->nzones + 1, sizeof *total);
	size_t *dcat = xcalloc(r->nresults + 1, sizeof *dcat);
	size_t nk = 0, nd = 0, i, k, z;

	/* Kinds in name order, as the ranking tables. */
	for (i = 0; i < r->nresults; i++) {
		const struct result *res = &r->results[i];

		if (res->year != p->year || res->unit != NONE)
			continue;
		if ((k = kind_index(kinds, nk, r->entities[res->entity].kind)) ==
		    nk)
			kinds[nk++] = r->entities[res->entity].kind;
	}
	for (i = 1; i < nk; i++)
		for (k = i; k > 0 && strcmp(kinds[k - 1], kinds[k]) > 0; k--) {
			const char *t = kinds[k];

			kinds[k] = kinds[k - 1];
			kinds[k - 1] = t;
		}
	buf_printf(&dir, "%d/", p->year);
	memset(&m, 0, sizeof m);
	spec_base(c, &s, &m, CHART_ZONES);
	m.groups = xcalloc(nk + 1, sizeof *m.groups);
	m.counts = xcalloc(nk + 1, sizeof *m.counts);
	m.dots = xcalloc(r->nresults + 1, sizeof *m.dots);
	for (k = 0; k < nk; k++) {
		m.counts[m.ncounts++] = xcalloc(r->nzones + 1, sizeof **m.counts);
		m.groups[k].label = kinds[k];
		m.groups[k].counts = m.counts[k];
	}
	for (i = 0; i < r->nresults; i++) {
		const struct result *res = &r->results[i];

		if (res->year != p->year || res->unit != NONE)
			continue;
		k = kind_index(kinds, nk, r->entities[res->entity].kind);
		if (res->zone != NONE) {
			m.counts[k][res->zone]++;
			total[res->zone]++;
		}
		m.dots[nd].value = value_of(res);
		m.dots[nd].zone = res->zone == NONE ? -1 : (int)res->zone;
		m.dots[nd].group = k;
		m.dots[nd].label = r->entities[res->entity].name;
		m.dots[nd].value_label = specmem_decimal(&m, c, res->score);
		dcat[nd] = res->category;
		nd++;
	}
	s.groups = m.groups;
	s.ngroups = nk;
	memset(&f, 0, sizeof f);
	f.head = v_list();
	v_push(f.head, v_str(i18n_get(c->t, "kind")));
	for (z = 0; z < r->nzones; z++)
		v_push(f.head, v_str(r->zones[z].name));
	f.rows = v_list();
	for (k = 0; k < nk; k++) {
		struct value *row = v_map(), *cells = v_list();

		v_push(cells, v_str(kinds[k]));
		for (z = 0; z < r->nzones; z++)
			v_push(cells, v_strf("%zu", m.counts[k][z]));
		v_set(row, "cells", cells);
		v_push(f.rows, row);
	}
	f.file = "zones";
	f.dir = dir.data;
	f.caption = caption(&m, c, "chart_zones", NULL, p->year);
	v_push(list, figure(c, p, &s, &f, draw));
	/* The same bodies as dots on the scale, with the thresholds. */
	s.kind = CHART_STRIP;
	s.dots = m.dots;
	s.ndots = nd;
	m.th = thresholds(r, y);
	s.thresholds = m.th;
	s.nthresholds = y->ncats;
	memset(&f, 0, sizeof f);
	strip_table(c, y, &s, dcat, &f);
	f.file = "scores";
	f.dir = dir.data;
	f.caption = caption(&m, c, "chart_scores", NULL, p->year);
	v_push(list, figure(c, p, &s, &f, draw));
	year_card(c, p, pg, p->year, total, nd, draw);
	specmem_free(&m);
	buf_free(&dir);
	free(kinds);
	free(total);
	free(dcat);
}

/* The card of p's body in year, drawn on the body's year page: the
 * og:image of its units' pages and of its history page (the latest). */
static void
body_card(struct rctx *c, const struct page *p, struct value *pg, int year)
{
	struct buf path = BUF_INIT;

	buf_printf(&path, "%d/%s/card.png", year, c->r->entities[p->entity].id);
	og_image(c, pg, path.data, c->r->entities[p->entity].name);
	buf_free(&path);
}

void
charts_fill(struct rctx *c, const struct page *p, struct value *ctx)
{
	struct value *list;
	struct value *pg = (struct value *)v_get(ctx, "page");
	size_t i, u0, nu;

	if (c->cx == NULL)
		return;
	list = v_list();
	switch (p->kind) {
	case PAGE_HOME:
		/* The latest year's charts, drawn for its own page. */
		year_figures(c, p, list, pg, 0);
		break;
	case PAGE_YEAR:
		year_figures(c, p, list, pg, 1);
		break;
	case PAGE_ENTITY_YEAR:
		if (p->result == NONE)
			break;
		if (p->result + 1 < c->r->nresults &&
		    c->r->results[p->result + 1].year == p->year &&
		    c->r->results[p->result + 1].entity == p->entity)
			v_push(list, units_figure(c, p));
		/* The body across years, drawn once on its history page. */
		v_push(list, years_figure(c, p, p->entity, NONE, 0));
		share_card(c, p, pg);
		break;
	case PAGE_UNIT_YEAR:
		if (p->result == NONE)
			break;
		if (c->r->results[p->result].row != NONE) {
			const struct year *y = &c->r->years[report_year(c->r,
			    p->year)];
			const struct score_row *row =
			    &c->r->scores[c->r->results[p->result].row];
			size_t k;

			for (k = 0; k < y->naspects; k++)
				if (row->has_value[y->aspects[k]])
					break;
			if (k < y->naspects)
				v_push(list, aspects_figure(c, p));
		}
		/* The unit across years, drawn once on its body's history page. */
		v_push(list, years_figure(c, p, p->entity, p->unit, 0));
		/* Its body's card: a card per unit would be some 18,000 more
		 * PNGs in a national build (docs/performance.md). */
		body_card(c, p, pg, p->year);
		break;
	case PAGE_ENTITY:
		v_push(list, years_figure(c, p, p->entity, NONE, 1));
		u0 = report_units(c->r, p->entity, &nu);
		for (i = u0; i < u0 + nu; i++) {
			size_t y;

			for (y = 0; y < c->r->nyears; y++)
				if (find_result(c->r, c->r->years[y].year,
				    p->entity, i) != NONE)
					break;
			if (y < c->r->nyears)
				v_push(list, years_figure(c, p, p->entity, i,
				    1));
		}
		for (i = c->r->nyears; i-- > 0;)
			if (find_result(c->r, c->r->years[i].year, p->entity,
			    NONE) != NONE) {
				body_card(c, p, pg, c->r->years[i].year);
				break;
			}
		break;
	case PAGE_404:
		break;
	default:
		/* Other pages share the latest edition's card. */
		if (c->r->nyears > 0) {
			int y = c->r->years[c->r->nyears - 1].year;
			struct buf path = BUF_INIT, alt = BUF_INIT;
			char yr[16];

			snprintf(yr, sizeof yr, "%d", y);
			buf_printf(&path, "%d/card.png", y);
			i18n_fmt(&alt, c->t, "chart_zones", "name", "", "year",
			    yr, (char *)NULL);
			og_image(c, pg, path.data, buf_str(&alt));
			buf_free(&path);
			buf_free(&alt);
		}
		break;
	}
	v_set(ctx, "charts", list);
}
