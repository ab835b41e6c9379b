/*
 * Render stage, citing and embedding: the citation line every page ends
 * with (templates/cite.mustache), the embed code under each chart
 * (templates/embed-code.mustache) and the embed page of each chart
 * (templates/embed.mustache).
 *
 * An embed page is made with the page that draws its chart, in the same
 * folder (2023/scores.svg: 2023/scores-embed.html, beside 2023/index.html),
 * and belongs to it as its downloads do (publish.h): it shows the chart,
 * its caption and alt text, which that page's key covers already, and the
 * site's settings and latest release, which every page's key covers.  So
 * it needs no plan entry and no key of its own, and is never stale.
 * It is not listed in the sitemap: it is noindex.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "render_impl.h"
#include "template.h"

/* The string value of key in m, or "" (also when it is not a string). */
static const char *
str_of(const struct value *m, const char *key)
{
	const struct value *v = m ? v_get(m, key) : NULL;

	return v != NULL && v->type == VALUE_STR ? v->u.str.s : "";
}

/* The edition a page's citation names: its own, else the latest. */
static int
cite_year(const struct report *r, const struct page *p)
{
	if (p->year != 0)
		return p->year;
	return r->nyears ? r->years[r->nyears - 1].year : 0;
}

void
cite_fill(const struct rctx *c, const struct page *p, struct value *ctx)
{
	const struct report *r = c->r;
	const struct site *s = &r->site;
	struct value *m = v_map();
	int year = cite_year(r, p);

	if (s->publisher[0])
		v_set_str(m, "publisher", s->publisher);
	v_set_str(m, "title", s->title);
	if (year)
		v_set_strf(m, "year", "%d", year);
	if (r->nreleases) {
		struct buf dt = BUF_INIT;
		int d = r->releases[r->nreleases - 1].date;

		i18n_date(&dt, c->t, d);
		v_set_str(m, "release", buf_str(&dt));
		v_set_strf(m, "release_iso", "%04d-%02d-%02d", d / 10000,
		    d / 100 % 100, d % 100);
		buf_free(&dt);
	}
	/* The permanent URL is the canonical one: there is none without
	 * base_url, and none of a page that is not found. */
	if (p->kind != PAGE_404 && str_of(v_get(ctx, "page"), "canonical")[0])
		v_set_str(m, "url", str_of(v_get(ctx, "page"), "canonical"));
	if (s->source_url != NULL) {
		v_set_str(m, "source_url", s->source_url);
		v_set_str(m, "source_name", s->source_name[0] ? s->source_name :
		    s->source_url);
	} else if (s->source_name[0])
		v_set_str(m, "source_name", s->source_name);
	v_set(ctx, "cite", m);
}

/*
 * Where a figure's files are, from the site root: its SVG's URL (the
 * page's c->root and then the path) without the root and ".svg", into
 * stem ("2023/scores"), and the length of its folder ("2023/").
 * Returns -1 for a URL not made so.
 */
static int
figure_stem(const struct rctx *c, const struct value *fig, struct buf *stem,
    size_t *dirlen)
{
	const char *svg = str_of(fig, "svg"), *slash;
	size_t rl = strlen(c->root), n = strlen(svg);

	if (n < rl + 4 || strncmp(svg, c->root, rl) != 0 ||
	    strcmp(svg + n - 4, ".svg") != 0)
		return -1;
	buf_reset(stem);
	buf_put(stem, svg + rl, n - rl - 4);
	slash = strrchr(buf_str(stem), '/');
	*dirlen = slash ? (size_t)(slash - stem->data) + 1 : 0;
	return 0;
}

/* URL of the site-relative path rel for a page elsewhere: absolute with
 * base_url, else rel as it is (docs/content-format.md says so). */
static void
site_url(struct buf *b, const struct report *r, const char *rel, size_t n)
{
	if (r->site.base_url)
		buf_puts(b, r->site.base_url);
	esc_url(b, rel, n);
}

/* The chart's size, as figure() (render_charts.c) gave its <img>: every
 * figure with an SVG has it. */
static void
figure_size(const struct value *fig, int *w, int *h)
{
	if (sscanf(str_of(fig, "width"), "%d", w) != 1 ||
	    sscanf(str_of(fig, "height"), "%d", h) != 1)
		*w = *h = 0;
}

/*
 * Room the embed page needs beside the chart (its title and source
 * lines), in the chart's pixels at its own width.
 */
#define EMBED_EXTRA	120

/* The embed code of one figure: set "embed" on it. */
static void
embed_code(const struct rctx *c, struct value *fig, const char *stem,
    size_t dirlen)
{
	const struct report *r = c->r;
	const char *caption = str_of(fig, "caption"), *alt = str_of(fig, "alt");
	struct value *m = v_map();
	struct buf b = BUF_INIT, u = BUF_INIT;
	int w, h;

	figure_size(fig, &w, &h);
	v_set_strf(m, "url", "%s%s-embed.html", c->root, stem);
	v_set_strf(m, "id", "embed-%s", stem + dirlen);
	/* The iframe: its page fills it, at a fixed ratio. */
	site_url(&u, r, stem, strlen(stem));
	buf_puts(&u, "-embed.html");
	buf_puts(&b, "<iframe src=\"");
	esc_html(&b, u.data, u.len);
	buf_puts(&b, "\" title=\"");
	esc_html(&b, caption, strlen(caption));
	buf_puts(&b, "\" aria-label=\"");
	esc_html(&b, caption, strlen(caption));
	buf_printf(&b, "\" width=\"%d\" height=\"%d\" style=\"width:100%%;"
	    "max-width:%dpx;height:auto;aspect-ratio:%d/%d;border:0\" "
	    "loading=\"lazy\"></iframe>", w, h + EMBED_EXTRA, w, w,
	    h + EMBED_EXTRA);
	v_set_str(m, "iframe", buf_str(&b));
	/* The image, linked to the page that shows it. */
	buf_reset(&b);
	buf_reset(&u);
	site_url(&u, r, stem, dirlen);
	if (r->site.base_url == NULL || dirlen == 0)
		buf_puts(&u, "index.html");
	buf_puts(&b, "<a href=\"");
	esc_html(&b, u.data, u.len);
	buf_puts(&b, "\"><img src=\"");
	buf_reset(&u);
	site_url(&u, r, stem, strlen(stem));
	buf_puts(&u, ".svg");
	esc_html(&b, u.data, u.len);
	buf_puts(&b, "\" alt=\"");
	esc_html(&b, alt, strlen(alt));
	buf_printf(&b, "\" width=\"%d\" height=\"%d\" style=\"max-width:100%%;"
	    "height:auto\"></a>", w, h);
	v_set_str(m, "img", buf_str(&b));
	v_set(fig, "embed", m);
	buf_free(&b);
	buf_free(&u);
}

void
embed_fill(const struct rctx *c, const struct page *p, struct value *ctx)
{
	struct value *list = (struct value *)v_get(ctx, "charts");
	struct buf stem = BUF_INIT;
	size_t i, dirlen;

	(void)p;
	if (list == NULL || list->type != VALUE_LIST)
		return;
	for (i = 0; i < list->u.list.n; i++) {
		struct value *fig = list->u.list.v[i];

		if (figure_stem(c, fig, &stem, &dirlen) == 0)
			embed_code(c, fig, stem.data, dirlen);
	}
	buf_free(&stem);
}

/* The folder of page p from the site root ("2023/"), its length. */
static size_t
page_dir(const struct page *p)
{
	const char *slash = strrchr(p->path, '/');

	return slash ? (size_t)(slash - p->path) + 1 : 0;
}

/* The context of fig's embed page: "ep", set on the page's own ctx. */
static void
embed_value(const struct rctx *c, const struct value *fig, const char *stem,
    size_t dirlen, struct value *ctx)
{
	const struct report *r = c->r;
	struct value *m = v_map();
	struct buf b = BUF_INIT;
	int w, h;

	figure_size(fig, &w, &h);
	v_set_str(m, "caption", str_of(fig, "caption"));
	v_set_str(m, "alt", str_of(fig, "alt"));
	v_set_strf(m, "width", "%d", w);
	v_set_strf(m, "height", "%d", h);
	/* Beside its page: relative links work from any host that frames it. */
	if (r->site.base_url)
		site_url(&b, r, stem, strlen(stem));
	else
		esc_url(&b, stem + dirlen, strlen(stem + dirlen));
	buf_puts(&b, ".svg");
	v_set_str(m, "svg", buf_str(&b));
	buf_reset(&b);
	if (r->site.base_url)
		site_url(&b, r, stem, dirlen);
	else
		buf_puts(&b, "index.html");
	v_set_str(m, "back", buf_str(&b));
	buf_reset(&b);
	buf_puts(&b, r->site.base_url ? r->site.base_url : c->root);
	buf_puts(&b, "assets/embed.css");
	v_set_str(m, "css", buf_str(&b));
	v_set(ctx, "ep", m);
	buf_free(&b);
}

int
embed_pages(struct rctx *c, const struct tpl_set *tpl, const struct page *p,
    struct value *ctx, struct buf *out)
{
	const struct value *list = v_get(ctx, "charts");
	struct buf stem = BUF_INIT, path = BUF_INIT;
	size_t i, dirlen, pd = page_dir(p);
	uint64_t key;
	int rc = 0;

	if (list == NULL || list->type != VALUE_LIST || p->kind == PAGE_HOME)
		return 0;
	key = key_embed(c, p);
	for (i = 0; i < list->u.list.n && rc == 0; i++) {
		const struct value *fig = list->u.list.v[i];

		/* Only the charts drawn here: those in the page's folder. */
		if (figure_stem(c, fig, &stem, &dirlen) != 0 || dirlen != pd ||
		    strncmp(stem.data, p->path, pd) != 0)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s-embed.html", stem.data);
		/* Made from what it was last time: only the page's template
		 * changed. */
		if (stage_keep(c->st, path.data, key, NULL))
			continue;
		embed_value(c, fig, stem.data, dirlen, ctx);
		buf_reset(out);
		if (tpl_render(tpl, "embed", ctx, out, c->d) != 0)
			rc = -1;
		else
			rc = stage_write(c->st, path.data, key, NULL,
			    buf_str(out), out->len, c->d);
	}
	buf_reset(out);
	buf_free(&stem);
	buf_free(&path);
	return rc;
}
