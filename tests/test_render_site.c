/*
 * Tests for the website: include/render_site.h, content-format.md
 * section 4 and the README's "What comes out".  The sample content/ and
 * tests/content/pekppp/ go through the whole pipeline (load, compute,
 * Markdown, templates/, strings) into a page plan, which is checked page
 * by page, and then through render_site() into a staging folder that is
 * published into a temporary directory, where the pages are read back:
 * relative links at every depth (each one reaching a file, every page
 * reached from the front page), meta descriptions, the sentences and rows the content format promises,
 * 404.html, the feed, and the English build.  Charts are not drawn here
 * (their suite is test_chart.c): render_site() gets no chart context.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <errno.h>

#include "buf.h"
#include "chart.h"
#include "compute.h"
#include "diag.h"
#include "docs.h"
#include "i18n.h"
#include "load.h"
#include "model.h"
#include "publish.h"
#include "render_site.h"
#include "template.h"
#include "util.h"

/* ---- fixture ---------------------------------------------------------- */

struct fx {
	char		 tmp[64];	/* temporary directory */
	char		 out[96];	/* <tmp>/site: the published output */
	char		 content[96];	/* <tmp>/content: a copy, when a test edits it */
	struct report	 r;
	struct docset	 ds;
	struct diags	 d;
	struct tpl_set	*tpl;
	struct i18n	 t;
	struct site_plan plan;
	int		 loaded;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	if (x == NULL)
		return -1;
	if (tmp_dir(x->tmp, sizeof x->tmp, "site") != 0) {
		free(x);
		return -1;
	}
	snprintf(x->out, sizeof x->out, "%s/site", x->tmp);
	snprintf(x->content, sizeof x->content, "%s/content", x->tmp);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	site_plan_free(&x->plan);
	if (x->tpl)
		tpl_set_free(x->tpl);
	if (x->loaded)
		i18n_free(&x->t);
	docs_free(&x->ds);
	report_free(&x->r);
	diag_free(&x->d);
	remove_tree(x->tmp);
	free(x);
	return 0;
}

/* Write (or append to) a file of the content copy, making folders. */
static void
put(struct fx *x, const char *rel, const char *text, const char *mode)
{
	struct buf path = BUF_INIT;
	FILE *fp;
	size_t i;

	buf_printf(&path, "%s/%s", x->content, rel);
	for (i = strlen(x->content) + 1; i < path.len; i++)
		if (path.data[i] == '/') {
			path.data[i] = '\0';
			assert_true(mkdir(path.data, 0755) == 0 ||
			    errno == EEXIST);
			path.data[i] = '/';
		}
	fp = fopen(path.data, mode);
	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	buf_free(&path);
}

/*
 * Load, compute, read the Markdown, the templates and the strings of the
 * content's language, and plan the site.  Expects exactly the
 * diagnostics want (the temporary folder shown as T).
 */
static void
build_expecting(struct fx *x, const char *content, const char *want)
{
	struct buf lang = BUF_INIT;
	char *text;

	assert_int_equal(load_report(content, &x->r, &x->d), 0);
	assert_int_equal(compute_report(&x->r, &x->d), 0);
	assert_int_equal(docs_load(&x->r, &x->ds, &x->d), 0);
	x->tpl = tpl_set_new();
	assert_int_equal(tpl_load_dir(x->tpl, "templates", &x->d), 0);
	buf_printf(&lang, "templates/lang/%s.ini",
	    x->r.site.language == LANG_EN ? "en" : "id");
	assert_int_equal(i18n_load(&x->t, lang.data, &x->d), 0);
	x->loaded = 1;
	buf_free(&lang);
	text = diag_text(&x->d, x->tmp, "T");
	assert_string_equal(text, want);
	free(text);
	diag_free(&x->d);
	site_plan(&x->r, &x->ds, &x->plan);
}

/* As build_expecting(), with no diagnostics. */
static void
build(struct fx *x, const char *content)
{
	build_expecting(x, content, "");
}

/* Render the planned site, with charts or not, and publish it into
 * x->out. */
static void
render_with(struct fx *x, int charts)
{
	struct stage st;
	char *text;
	int rc;

	assert_int_equal(stage_open(&st, x->out, NULL, NULL, &x->d), 0);
	{
		struct render_opts ro = { .charts = charts,
		    .templates_dir = "templates", .jobs = 1, .progress = NULL };

		rc = render_site(&x->r, &x->ds, &x->plan, x->tpl, &x->t, &ro,
		    &st, &x->d);
	}
	text = diag_text(&x->d, NULL, NULL);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(rc, 0);
	assert_int_equal(stage_publish(&st, 1, &x->d), 0);
	stage_close(&st);
}

/* Render the planned site without charts and publish it into x->out. */
static void
render(struct fx *x)
{
	render_with(x, 0);
}

/* The text of an output file, or NULL when it does not exist (caller frees). */
static char *
page_text(const struct fx *x, const char *rel)
{
	struct buf path = BUF_INIT;
	char *text;
	size_t len;

	buf_printf(&path, "%s/%s", x->out, rel);
	if (read_whole(path.data, 1 << 24, &text, &len) != 0)
		text = NULL;
	buf_free(&path);
	return text;
}

/* Nonzero when the output holds rel. */
static int
out_has(const struct fx *x, const char *rel)
{
	char *t = page_text(x, rel);

	free(t);
	return t != NULL;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p;

	for (p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Assert that file rel of the output contains each of the strings. */
static void
contains(const struct fx *x, const char *rel, const char *const *want)
{
	char *t = page_text(x, rel);

	if (t == NULL)
		fail_msg("%s was not written", rel);
	for (; *want; want++)
		if (strstr(t, *want) == NULL)
			fail_msg("%s lacks: %s", rel, *want);
	free(t);
}

/* Assert that file rel of the output contains none of the strings. */
static void
lacks(const struct fx *x, const char *rel, const char *const *bad)
{
	char *t = page_text(x, rel);

	assert_non_null(t);
	for (; *bad; bad++)
		if (strstr(t, *bad) != NULL)
			fail_msg("%s has: %s", rel, *bad);
	free(t);
}

#define CONTAINS(x, rel, ...) do {                                           \
		static const char *const w_[] = { __VA_ARGS__, NULL };       \
		contains((x), (rel), w_);                                    \
	} while (0)
#define LACKS(x, rel, ...) do {                                              \
		static const char *const w_[] = { __VA_ARGS__, NULL };       \
		lacks((x), (rel), w_);                                       \
	} while (0)

/* The plan entry with this path, or NULL. */
static const struct page *
planned(const struct fx *x, const char *path)
{
	size_t i;

	for (i = 0; i < x->plan.n; i++)
		if (strcmp(x->plan.v[i].path, path) == 0)
			return &x->plan.v[i];
	return NULL;
}

/* ---- a link checker ----------------------------------------------------- */

/*
 * The relative links (href and src) of the output file rel, resolved
 * against its folder: one path a line, relative to the site root, or
 * "!" and the link as written when it climbs out of the site.  Absolute
 * URLs, schemes and fragments are not the site's files and are skipped.
 */
static void
links_of(const struct fx *x, const char *rel, struct buf *out)
{
	char *text = page_text(x, rel);
	const char *p;

	assert_non_null(text);
	for (p = text; (p = strpbrk(p, "hs")) != NULL; p++) {
		const char *u, *e;
		struct buf target = BUF_INIT;
		char *seg, *save = NULL, *parts[64];
		size_t np = 0, k;
		int escaped = 0;

		if (p == text || p[-1] != ' ')
			continue;
		if (strncmp(p, "href=\"", 6) == 0)
			u = p + 6;
		else if (strncmp(p, "src=\"", 5) == 0)
			u = p + 5;
		else
			continue;
		e = strchr(u, '"');
		assert_non_null(e);
		if (e == u || *u == '#' || *u == '/' ||
		    memchr(u, ':', (size_t)(e - u)) != NULL)
			continue;
		/* The page's folder, then the link's segments. */
		buf_puts(&target, rel);
		while (target.len && target.data[target.len - 1] != '/')
			target.len--;
		buf_put(&target, u, strcspn(u, "\"#?"));
		for (seg = strtok_r(target.data, "/", &save); seg;
		    seg = strtok_r(NULL, "/", &save)) {
			if (strcmp(seg, ".") == 0)
				continue;
			if (strcmp(seg, "..") == 0) {
				if (np == 0)
					escaped = 1;
				else
					np--;
				continue;
			}
			if (np < 64)
				parts[np++] = seg;
		}
		if (escaped)
			buf_printf(out, "!%.*s\n", (int)(e - u), u);
		else {
			for (k = 0; k < np; k++)
				buf_printf(out, "%s%s", k ? "/" : "", parts[k]);
			buf_putc(out, '\n');
		}
		buf_free(&target);
	}
	free(text);
}

/* The HTML files under the output folder rel, one a line. */
static void
html_files(const struct fx *x, const char *rel, struct buf *out)
{
	struct buf path = BUF_INIT;
	struct stat st;
	char **v;
	size_t n, i;

	buf_printf(&path, "%s%s%s", x->out, *rel ? "/" : "", rel);
	v = dir_list(path.data, &n);
	assert_non_null(v);
	for (i = 0; i < n; i++) {
		struct buf sub = BUF_INIT, full = BUF_INIT;
		size_t l = strlen(v[i]);

		buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", v[i]);
		buf_printf(&full, "%s/%s", x->out, sub.data);
		assert_int_equal(stat(full.data, &st), 0);
		if (S_ISDIR(st.st_mode))
			html_files(x, sub.data, out);
		else if (l > 5 && strcmp(v[i] + l - 5, ".html") == 0)
			buf_printf(out, "%s\n", sub.data);
		buf_free(&sub);
		buf_free(&full);
	}
	dir_list_free(v, n);
	buf_free(&path);
}

/*
 * Every relative href and src of every HTML page must reach a file of
 * the output without leaving it.  Returns the broken ones as
 * "PAGE: LINK" lines, "" when all are fine (caller frees).
 */
static char *
broken_links(const struct fx *x)
{
	struct buf files = BUF_INIT, broken = BUF_INIT;
	char *save = NULL, *f;

	html_files(x, "", &files);
	buf_putc(&files, '\0');
	for (f = strtok_r(files.data, "\n", &save); f;
	    f = strtok_r(NULL, "\n", &save)) {
		struct buf links = BUF_INIT;
		char *save2 = NULL, *l;

		links_of(x, f, &links);
		buf_putc(&links, '\0');
		for (l = strtok_r(links.data, "\n", &save2); l;
		    l = strtok_r(NULL, "\n", &save2))
			if (*l == '!' || !out_has(x, l))
				buf_printf(&broken, "%s: %s\n", f, l);
		buf_free(&links);
	}
	buf_free(&files);
	buf_putc(&broken, '\0');
	return buf_detach(&broken);
}

/*
 * The planned pages a reader cannot reach by following links from
 * index.html (404.html aside: nothing links to it), one a line; "" when
 * every page is reachable (caller frees).
 */
static char *
unreachable(const struct fx *x)
{
	size_t *queue = calloc(x->plan.n, sizeof *queue), nq = 0, i, k;
	struct buf out = BUF_INIT;
	unsigned char *reached = calloc(x->plan.n, 1);

	assert_non_null(queue);
	assert_non_null(reached);
	for (i = 0; i < x->plan.n; i++)
		if (strcmp(x->plan.v[i].path, "index.html") == 0) {
			reached[i] = 1;
			queue[nq++] = i;
		}
	assert_int_equal(nq, 1);
	for (k = 0; k < nq; k++) {
		struct buf links = BUF_INIT;
		char *save = NULL, *l;

		links_of(x, x->plan.v[queue[k]].path, &links);
		buf_putc(&links, '\0');
		for (l = strtok_r(links.data, "\n", &save); l;
		    l = strtok_r(NULL, "\n", &save))
			for (i = 0; i < x->plan.n; i++)
				if (!reached[i] &&
				    strcmp(x->plan.v[i].path, l) == 0) {
					reached[i] = 1;
					queue[nq++] = i;
				}
		buf_free(&links);
	}
	for (i = 0; i < x->plan.n; i++)
		if (!reached[i] && x->plan.v[i].kind != PAGE_404)
			buf_printf(&out, "%s\n", x->plan.v[i].path);
	free(queue);
	free(reached);
	buf_putc(&out, '\0');
	return buf_detach(&out);
}

/* ---- the plan of the sample ------------------------------------------- */

static const struct {
	enum page_kind	 kind;
	const char	*path;
	unsigned	 depth;
	int		 year;
	const char	*doc;	/* the Markdown file, relative to content/, or NULL */
} sample_plan[] = {
	{ PAGE_HOME, "index.html", 0, 2024, "index.md" },
	{ PAGE_YEAR, "2021/index.html", 1, 2021, "2021/index.md" },
	{ PAGE_YEAR, "2022/index.html", 1, 2022, NULL },
	{ PAGE_YEAR, "2023/index.html", 1, 2023, "2023/index.md" },
	{ PAGE_YEAR, "2024/index.html", 1, 2024, NULL },
	{ PAGE_ENTITY_YEAR, "2021/kota-cilegon/index.html", 2, 2021, NULL },
	{ PAGE_ENTITY_YEAR, "2022/kota-cilegon/index.html", 2, 2022, NULL },
	{ PAGE_ENTITY_YEAR, "2023/kota-cilegon/index.html", 2, 2023,
	    "2023/kota-cilegon.md" },
	{ PAGE_UNIT_YEAR, "2023/kota-cilegon/dinsos/index.html", 3, 2023,
	    NULL },
	{ PAGE_UNIT_YEAR, "2023/kota-cilegon/disdik/index.html", 3, 2023,
	    NULL },
	{ PAGE_UNIT_YEAR, "2023/kota-cilegon/disdukcapil/index.html", 3, 2023,
	    NULL },
	{ PAGE_UNIT_YEAR, "2023/kota-cilegon/dpmptsp/index.html", 3, 2023,
	    NULL },
	{ PAGE_UNIT_YEAR, "2023/kota-cilegon/puskesmas-cibeber/index.html", 3,
	    2023, NULL },
	{ PAGE_UNIT_YEAR, "2023/kota-cilegon/puskesmas-pulomerak/index.html",
	    3, 2023, NULL },
	{ PAGE_ENTITY_YEAR, "2023/prov-banten/index.html", 2, 2023, NULL },
	{ PAGE_ENTITY_YEAR, "2024/kota-cilegon/index.html", 2, 2024,
	    "2024/kota-cilegon.md" },
	{ PAGE_ENTITY, "kota-cilegon/index.html", 1, 0, NULL },
	{ PAGE_ENTITY, "prov-banten/index.html", 1, 0, NULL },
	{ PAGE_STANDALONE, "metodologi/index.html", 1, 0, "metodologi.md" },
	{ PAGE_BODIES, "search/index.html", 1, 0, NULL },
	{ PAGE_DOWNLOADS, "data/index.html", 1, 0, NULL },
	{ PAGE_404, "404.html", 0, 0, NULL },
};

#define NSAMPLE (sizeof sample_plan / sizeof sample_plan[0])

static void
plan_sample(void **state)
{
	struct fx *x = *state;
	size_t i, ey = 0, uy = 0, kinds[PAGE_RANKING + 1];

	build(x, CILEGON);
	memset(kinds, 0, sizeof kinds);
	assert_int_equal(x->plan.n, NSAMPLE);
	for (i = 0; i < NSAMPLE; i++) {
		const struct page *p = &x->plan.v[i];

		assert_string_equal(p->path, sample_plan[i].path);
		assert_int_equal(p->kind, sample_plan[i].kind);
		assert_int_equal(p->depth, sample_plan[i].depth);
		assert_int_equal(p->year, sample_plan[i].year);
		/* depth is the number of folders in the path. */
		assert_int_equal(p->depth, count(p->path, "/"));
		if (sample_plan[i].doc == NULL)
			assert_null(p->doc);
		else {
			struct buf f = BUF_INIT;

			assert_non_null(p->doc);
			buf_printf(&f, CILEGON "/%s", sample_plan[i].doc);
			assert_string_equal(p->doc->file, f.data);
			buf_free(&f);
		}
		kinds[p->kind]++;
	}
	/* Every kind of page is there. */
	for (i = 0; i <= PAGE_404; i++)
		assert_true(kinds[i] > 0);
	/* One PAGE_ENTITY_YEAR per entity result, one PAGE_UNIT_YEAR per unit result. */
	for (i = 0; i < x->r.nresults; i++) {
		if (x->r.results[i].unit == NONE)
			ey++;
		else
			uy++;
	}
	assert_int_equal(ey, 5);
	assert_int_equal(uy, 6);
	assert_int_equal(kinds[PAGE_ENTITY_YEAR], ey);
	assert_int_equal(kinds[PAGE_UNIT_YEAR], uy);
	for (i = 0; i < x->plan.n; i++) {
		const struct page *p = &x->plan.v[i];
		const struct result *res;

		switch (p->kind) {
		case PAGE_ENTITY_YEAR:
		case PAGE_UNIT_YEAR:
			/* Each shows its own result. */
			assert_true(p->result != NONE);
			res = &x->r.results[p->result];
			assert_int_equal(res->year, p->year);
			assert_int_equal(res->entity, p->entity);
			assert_int_equal(res->unit, p->unit);
			assert_true((p->kind == PAGE_UNIT_YEAR) ==
			    (p->unit != NONE));
			break;
		case PAGE_ENTITY:
			assert_true(p->entity != NONE);
			assert_true(p->unit == NONE && p->result == NONE);
			break;
		default:
			assert_true(p->entity == NONE && p->unit == NONE &&
			    p->result == NONE);
			break;
		}
	}
	{
		const struct page *p = planned(x, "2023/kota-cilegon/dpmptsp/"
		    "index.html");

		assert_non_null(p);
		assert_string_equal(x->r.units[p->unit].id, "dpmptsp");
		assert_string_equal(x->r.entities[p->entity].id,
		    "kota-cilegon");
	}
}

/* ---- the rendered sample ---------------------------------------------- */

static void
render_sample_files(void **state)
{
	struct fx *x = *state;
	size_t i;

	build(x, CILEGON);
	render(x);
	/* Every planned page, and the files beside the pages. */
	for (i = 0; i < x->plan.n; i++)
		if (!out_has(x, x->plan.v[i].path))
			fail_msg("%s was planned but not written",
			    x->plan.v[i].path);
	assert_true(out_has(x, "data/results.csv"));
	assert_true(out_has(x, "data/results.json"));
	assert_true(out_has(x, "data/results-2021.csv"));
	assert_true(out_has(x, "data/results-2024.json"));
	assert_true(out_has(x, "2023/kota-cilegon/kota-cilegon-2023.csv"));
	assert_true(out_has(x, "2023/prov-banten/prov-banten-2023.csv"));
	assert_true(out_has(x, "assets/style.css"));
	assert_true(out_has(x, "assets/site.js"));
	assert_true(out_has(x, "assets/search-index.js"));
	assert_true(out_has(x, "sitemap.xml"));
	assert_true(out_has(x, "feed.xml"));
	{
		char *t = page_text(x, "robots.txt");

		assert_string_equal(t, "User-agent: *\nAllow: /\nSitemap: "
		    "https://example.org/rapor/sitemap.xml\n");
		free(t);
	}
	{
		/* Every page but 404.html is in the sitemap, in folder form. */
		char *t = page_text(x, "sitemap.xml");

		assert_int_equal(count(t, "<url>"), x->plan.n - 1);
		assert_non_null(strstr(t, "<url><loc>https://example.org/"
		    "rapor/</loc></url>\n"));
		assert_non_null(strstr(t, "<url><loc>https://example.org/"
		    "rapor/2023/kota-cilegon/dpmptsp/</loc></url>\n"));
		assert_null(strstr(t, "404"));
		free(t);
	}
}

static void
render_sample_links(void **state)
{
	struct fx *x = *state;
	char *broken;

	build(x, CILEGON);
	render(x);
	/* Depth 0, 1, 2 and 3: the way back to the root. */
	CONTAINS(x, "index.html",
	    "<html lang=\"id\">",
	    "<link rel=\"stylesheet\" href=\"assets/style.css\">",
	    "<a class=\"brand\" href=\"index.html\">",
	    "<li><a href=\"metodologi/index.html\">Metodologi</a></li>",
	    "<script src=\"assets/site.js\" defer></script>",
	    /* index.md's [metodologi](metodologi/) */
	    "Lihat <a href=\"metodologi/index.html\">metodologi</a>.");
	CONTAINS(x, "2023/index.html",
	    "<link rel=\"stylesheet\" href=\"../assets/style.css\">",
	    "<li><a href=\"../2023/index.html\" aria-current=\"page\">2023"
	    "</a></li>",
	    "<li><a href=\"../2024/index.html\">2024</a></li>");
	CONTAINS(x, "metodologi/index.html",
	    "<link rel=\"stylesheet\" href=\"../assets/style.css\">",
	    "<meta property=\"og:type\" content=\"article\">",
	    "<li><a href=\"../metodologi/index.html\" aria-current=\"page\">"
	    "Metodologi</a></li>");
	CONTAINS(x, "2023/kota-cilegon/index.html",
	    "<link rel=\"stylesheet\" href=\"../../assets/style.css\">",
	    "<a class=\"brand\" href=\"../../index.html\">",
	    /* every step of the breadcrumb a link: the kind to its ranking */
	    "<nav class=\"crumbs\" aria-label=\"Navigasi halaman\"><ol><li>"
	    "<a href=\"../../index.html\">Beranda</a></li><li><a href=\""
	    "../../2023/index.html\">2023</a></li><li><a href=\"../../2023/"
	    "index.html#rank-Kota\">Kota</a></li></ol></nav>",
	    /* the commentary's links, written from the root */
	    "Bandingkan dengan <a href=\"../../2022/kota-cilegon/index.html\">"
	    "hasil 2022</a> dan baca\n<a href=\"../../metodologi/index.html\">"
	    "metodologi penilaian</a>.",
	    "<a href=\"../../2023/kota-cilegon/dpmptsp/index.html\">",
	    "<a href=\"kota-cilegon-2023.csv\" download>",
	    "<a href=\"../../kota-cilegon/index.html\">Riwayat penilaian</a>",
	    "<a href=\"../../2023/prov-banten/index.html\">Provinsi Banten</a>");
	CONTAINS(x, "2023/kota-cilegon/dpmptsp/index.html",
	    "<link rel=\"stylesheet\" href=\"../../../assets/style.css\">",
	    "<li><a href=\"../../../2023/index.html#rank-Kota\">Kota</a></li>"
	    "<li><a href=\"../../../2023/kota-cilegon/index.html\">Kota "
	    "Cilegon 2023</a></li></ol></nav>",
	    "<script src=\"../../../assets/site.js\" defer></script>");
	LACKS(x, "2023/kota-cilegon/index.html", DOC_ROOT_MARK, "href=\"/");
	LACKS(x, "index.html", DOC_ROOT_MARK, "href=\"../");
	/* And every relative link of every page reaches a file... */
	broken = broken_links(x);
	assert_string_equal(broken, "");
	free(broken);
	/* ... and every page is reached from the front page. */
	broken = unreachable(x);
	assert_string_equal(broken, "");
	free(broken);
}

static void
render_sample_meta(void **state)
{
	struct fx *x = *state;

	build(x, CILEGON);
	render(x);
	/* The front matter's summary is the description and share text. */
	CONTAINS(x, "2023/kota-cilegon/index.html",
	    "<title>Kota Cilegon 2023 \xE2\x80\x94 Rapor Kepatuhan Pelayanan "
	    "Publik Banten (contoh)</title>",
	    "<meta name=\"description\" content=\"Kota Cilegon meraih 89,45 "
	    "pada 2023, dari lima OPD dan dua Puskesmas; nilai Dinas "
	    "Kesehatan tidak dirilis.\">",
	    "<meta property=\"og:description\" content=\"Kota Cilegon meraih "
	    "89,45 pada 2023, dari lima OPD dan dua Puskesmas; nilai Dinas "
	    "Kesehatan tidak dirilis.\">",
	    "<meta property=\"og:url\" content=\"https://example.org/rapor/"
	    "2023/kota-cilegon/\">",
	    /* and its title the commentary's heading */
	    "<h2 id=\"commentary-h\">Kota Cilegon masuk Zona Hijau</h2>");
	CONTAINS(x, "index.html",
	    "<meta name=\"description\" content=\"Contoh situs rapor dengan "
	    "hasil Penilaian Kepatuhan Standar Pelayanan Publik Ombudsman RI "
	    "untuk Kota Cilegon dan Provinsi Banten.\">",
	    "<link rel=\"canonical\" href=\"https://example.org/rapor/\">");
	/* Without commentary, a sentence from the data. */
	CONTAINS(x, "2023/kota-cilegon/dpmptsp/index.html",
	    "<meta name=\"description\" content=\"Dinas Penanaman Modal dan "
	    "Pelayanan Terpadu Satu Pintu, Kota Cilegon 2023: 88,06, A "
	    "Kualitas Tertinggi, Zona Hijau.\">");
	/* A year page takes its commentary's title. */
	CONTAINS(x, "2023/index.html", "<title>Hasil Penilaian 2023 "
	    "\xE2\x80\x94 ");
	CONTAINS(x, "2022/index.html", "<title>Tahun 2022 \xE2\x80\x94 ");
	/* The date of the front matter, in the site's language. */
	CONTAINS(x, "2024/kota-cilegon/index.html",
	    "<time datetime=\"2024-10-30\">30 Oktober 2024</time>");
}

static void
render_sample_numbers(void **state)
{
	struct fx *x = *state;

	build(x, CILEGON);
	render(x);
	/* The published total and the mean of the listed units differ. */
	CONTAINS(x, "2023/kota-cilegon/index.html",
	    "<span class=\"big\" data-f=\"score\">89,45</span>",
	    "<p class=\"note\" role=\"note\">Nilai total yang dipublikasikan, "
	    "89,45, berbeda dari rata-rata 6 unit yang tercantum, 89,40: "
	    "tidak semua nilai unit dirilis. Nilai resmi adalah 89,45.</p>",
	    "<span class=\"change up\">+11,72</span>",
	    /* Dinas Kesehatan is listed, its score not released. */
	    "<tr class=\"missing\" data-r=\"2023/kota-cilegon/dinkes\">\n"
	    "<td class=\"num rank\">\xE2\x80\x93</td>\n"
	    "<td class=\"name\">Dinas Kesehatan <span class=\"muted\">OPD"
	    "</span></td>\n<td colspan=\"4\" class=\"muted\">tidak dirilis"
	    "</td>\n</tr>",
	    /* units by rank */
	    "<td class=\"num rank\" data-f=\"rank\" data-sort=\"1\">1</td>\n"
	    "<td class=\"name\">"
	    "<a href=\"../../"
	    "2023/kota-cilegon/puskesmas-cibeber/index.html\">Puskesmas "
	    "Cibeber</a>");
	{
		char *t = page_text(x, "2023/kota-cilegon/index.html");

		assert_int_equal(count(t, "<tr class=\"missing\""), 1);
		free(t);
		/* No empty rows in 2024: no "not released" rows. */
		t = page_text(x, "2024/kota-cilegon/index.html");
		assert_int_equal(count(t, "<tr class=\"missing\""), 0);
		free(t);
	}
	/* A published total without unit scores to compare says nothing. */
	LACKS(x, "2024/kota-cilegon/index.html", "role=\"note\"");
	LACKS(x, "2023/prov-banten/index.html", "role=\"note\"",
	    "tidak dirilis");
	/* Dots never stand for the decimal mark in an Indonesian page. */
	LACKS(x, "2023/kota-cilegon/index.html", "89.45", "89.40");
}

static void
render_sample_404(void **state)
{
	struct fx *x = *state;
	char *t;

	build(x, CILEGON);
	render(x);
	/* Served at any depth: with base_url its links are absolute. */
	CONTAINS(x, "404.html",
	    "<link rel=\"stylesheet\" href=\"https://example.org/rapor/assets/"
	    "style.css\">",
	    "<a class=\"brand\" href=\"https://example.org/rapor/index.html\">",
	    "<p><a href=\"https://example.org/rapor/index.html\">Kembali ke "
	    "beranda</a></p>",
	    "<li><a href=\"https://example.org/rapor/metodologi/index.html\">",
	    "<script src=\"https://example.org/rapor/assets/site.js\" defer>",
	    "<h1>Halaman tidak ditemukan</h1>");
	t = page_text(x, "404.html");
	/* Every link is absolute or a fragment. */
	{
		const char *p;

		for (p = t; (p = strstr(p, "href=\"")) != NULL; p += 6)
			if (strncmp(p + 6, "https://example.org/rapor/", 26) &&
			    p[6] != '#')
				fail_msg("relative link in 404.html: %.40s", p);
		for (p = t; (p = strstr(p, "src=\"")) != NULL; p += 5)
			assert_int_equal(strncmp(p + 5, "https://example.org/"
			    "rapor/", 26), 0);
	}
	free(t);
}

/*
 * The number after attribute a (" width=" and its quote q) inside the tag
 * that starts at tag and ends at end, or -1 without it.
 */
static long
tag_attr(const char *tag, const char *end, const char *a, const char *q)
{
	struct buf b = BUF_INIT;
	const char *p;
	long v = -1;

	buf_printf(&b, " %s=%s", a, q);
	if ((p = strstr(tag, b.data)) != NULL && p < end)
		v = strtol(p + b.len, NULL, 10);
	buf_free(&b);
	return v;
}

/* The SVG at rel (from the site's root) of x's output: its root's width
 * and height, which its viewBox must repeat. */
static void
svg_file_size(const struct fx *x, const char *rel, long *w, long *h)
{
	char *t = page_text(x, rel);
	const char *r;
	long vw = 0, vh = 0;

	if (t == NULL)
		fail_msg("%s is not in the site", rel);
	r = strstr(t, "<svg ");
	assert_non_null(r);
	r = strstr(r, " width=\"");
	assert_non_null(r);
	assert_int_equal(sscanf(r, " width=\"%ldpx\" height=\"%ldpx\" "
	    "viewBox=\"0 0 %ld %ld\"", w, h, &vw, &vh), 4);
	assert_true(*w == vw && *h == vh);
	free(t);
}

/* The site path of the link src from the page rel: base_url taken off,
 * else resolved against rel's folder. */
static void
site_path(const char *base, const char *rel, const char *src, size_t n,
    struct buf *out)
{
	const char *slash = strrchr(rel, '/');

	buf_reset(out);
	if (base != NULL && strncmp(src, base, strlen(base)) == 0) {
		buf_put(out, src + strlen(base), n - strlen(base));
		return;
	}
	if (slash != NULL)
		buf_put(out, rel, (size_t)(slash - rel) + 1);
	while (n >= 3 && strncmp(src, "../", 3) == 0) {
		assert_true(out->len > 0);
		out->len--;	/* the folder's slash */
		while (out->len > 0 && out->data[out->len - 1] != '/')
			out->len--;
		out->data[out->len] = '\0';
		src += 3;
		n -= 3;
	}
	buf_put(out, src, n);
}

/*
 * Each chart's <img> on page rel (lt "<" and q "\"") or in its embed
 * code (escaped: "&lt;" and "&quot;") has width and height, its SVG's.
 * Returns how many there are.
 */
static size_t
img_sizes(const struct fx *x, const char *rel, const char *lt,
    const char *q)
{
	char *t = page_text(x, rel);
	struct buf open = BUF_INIT, path = BUF_INIT;
	const char *p, *src, *e, *end;
	size_t n = 0;

	assert_non_null(t);
	buf_printf(&open, "%simg src=%s", lt, q);
	for (p = t; (p = strstr(p, open.data)) != NULL; p = end) {
		long w, h, sw, sh;

		src = p + open.len;
		e = strstr(src, q);
		end = strstr(src, *lt == '<' ? ">" : "&gt;");
		assert_true(e != NULL && end != NULL && e < end);
		if (e - src < 4 || strncmp(e - 4, ".svg", 4) != 0)
			continue;
		site_path(x->r.site.base_url, rel, src, (size_t)(e - src),
		    &path);
		svg_file_size(x, path.data, &sw, &sh);
		w = tag_attr(e, end, "width", q);
		h = tag_attr(e, end, "height", q);
		if (w != sw || h != sh)
			fail_msg("%s: <img> of %s is %ld x %ld, the SVG %ld x "
			    "%ld", rel, path.data, w, h, sw, sh);
		n++;
	}
	buf_free(&open);
	buf_free(&path);
	free(t);
	return n;
}

/* Every chart's <img>, also of a chart another page draws (the home
 * page's, the histories on the year pages), and in the embed code and
 * on the embed pages, has the width and height of its SVG: a page keeps
 * its room before it loads and does not move. */
static void
render_chart_sizes(void **state)
{
	struct fx *x = *state;
	size_t i, kinds[PAGE_404 + 1], snippets = 0, embeds = 0;

	build(x, CILEGON);
	render_with(x, 1);
	memset(kinds, 0, sizeof kinds);
	for (i = 0; i < x->plan.n; i++) {
		const struct page *p = &x->plan.v[i];
		size_t n = img_sizes(x, p->path, "<", "\"");

		if (p->kind <= PAGE_404)
			kinds[p->kind] += n;
		snippets += img_sizes(x, p->path, "&lt;", "&quot;");
	}
	assert_true(kinds[PAGE_HOME] > 0);
	assert_true(kinds[PAGE_YEAR] > 0);
	assert_true(kinds[PAGE_ENTITY_YEAR] > 0);
	assert_true(kinds[PAGE_UNIT_YEAR] > 0);
	assert_true(kinds[PAGE_ENTITY] > 0);
	assert_true(snippets > 0);
	/* The embed pages of the charts drawn on a body's pages. */
	{
		static const char *const pages[] = {
			"2023/kota-cilegon/units-embed.html",
			"kota-cilegon/history-embed.html",
		};

		for (i = 0; i < sizeof pages / sizeof pages[0]; i++)
			embeds += img_sizes(x, pages[i], "<", "\"");
	}
	assert_int_equal(embeds, 2);
}

static void
render_sample_feed(void **state)
{
	struct fx *x = *state;
	char *t;

	unsetenv("SOURCE_DATE_EPOCH");
	build(x, CILEGON);
	render(x);
	t = page_text(x, "feed.xml");
	assert_non_null(t);
	/* One entry per edition, newest first. */
	assert_int_equal(count(t, "<entry>"), x->r.nyears);
	assert_int_equal(count(t, "<entry>"), 4);
	assert_true(strstr(t, "rapor/2024/</id>") < strstr(t,
	    "rapor/2021/</id>"));
	/* An edition's date is its newest commentary date, else 31 December. */
	assert_non_null(strstr(t, "<updated>2024-10-30T00:00:00Z</updated>\n"
	    "<author>"));
	assert_non_null(strstr(t, "<entry>\n<title>Tahun 2024</title>\n"
	    "<id>https://example.org/rapor/2024/</id>\n<link href=\"https://"
	    "example.org/rapor/2024/\"/>\n<updated>2024-10-30T00:00:00Z"
	    "</updated>\n</entry>\n"));
	assert_non_null(strstr(t, "<entry>\n<title>Hasil Penilaian 2023"
	    "</title>\n<id>https://example.org/rapor/2023/</id>\n<link href="
	    "\"https://example.org/rapor/2023/\"/>\n<updated>2023-12-31T00:00:"
	    "00Z</updated>\n<summary>Kota Cilegon meraih 89,45 (kategori A, "
	    "Zona Hijau) dan Provinsi Banten 91,16 pada penilaian 2023."
	    "</summary>\n</entry>\n"));
	free(t);
}

static void
render_feed_source_date(void **state)
{
	struct fx *x = *state;
	char *t;

	/* 2023-11-14T22:13:20Z: stands in for editions without a dated text. */
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	build(x, CILEGON);
	render(x);
	unsetenv("SOURCE_DATE_EPOCH");
	t = page_text(x, "feed.xml");
	assert_non_null(strstr(t, "rapor/2023/\"/>\n<updated>2023-11-14T00:00:"
	    "00Z</updated>"));
	assert_non_null(strstr(t, "rapor/2021/\"/>\n<updated>2023-11-14T00:00:"
	    "00Z</updated>"));
	/* A date in the front matter still wins. */
	assert_non_null(strstr(t, "rapor/2024/\"/>\n<updated>2024-10-30T00:00:"
	    "00Z</updated>"));
	free(t);
}

/* ---- commentary on results that were not released --------------------- */

static void
plan_unreleased(void **state)
{
	struct fx *x = *state;
	const struct page *p;
	char *broken;

	tmp_copy(CILEGON, x->content);
	put(x, "2023/kota-cilegon/dinkes.md", "---\ntitle: Nilai Dinkes\n"
	    "summary: Nilai Dinas Kesehatan 2023 tidak dirilis.\n---\n"
	    "Lihat [metodologi](metodologi/).\n", "w");
	put(x, "2022/prov-banten.md", "Provinsi Banten tidak dinilai pada "
	    "2022.\n", "w");
	build(x, x->content);
	/* Two more pages, with their commentary and no result. */
	assert_int_equal(x->plan.n, NSAMPLE + 2);
	p = planned(x, "2023/kota-cilegon/dinkes/index.html");
	assert_non_null(p);
	assert_int_equal(p->kind, PAGE_UNIT_YEAR);
	assert_int_equal(p->depth, 3);
	assert_int_equal(p->year, 2023);
	assert_true(p->result == NONE);
	assert_string_equal(x->r.units[p->unit].id, "dinkes");
	assert_string_equal(x->r.entities[p->entity].id, "kota-cilegon");
	assert_non_null(p->doc);
	assert_string_equal(p->doc->title, "Nilai Dinkes");
	p = planned(x, "2022/prov-banten/index.html");
	assert_non_null(p);
	assert_int_equal(p->kind, PAGE_ENTITY_YEAR);
	assert_int_equal(p->depth, 2);
	assert_int_equal(p->year, 2022);
	assert_true(p->result == NONE && p->unit == NONE);
	assert_string_equal(x->r.entities[p->entity].id, "prov-banten");
	render(x);
	CONTAINS(x, "2023/kota-cilegon/dinkes/index.html",
	    "<h1>Dinas Kesehatan <span class=\"year\">2023</span></h1>",
	    "<p class=\"note\" role=\"note\">Nilai: tidak dirilis</p>",
	    "<li><a href=\"../../../2023/kota-cilegon/index.html\">Kota "
	    "Cilegon 2023</a></li></ol></nav>",
	    "<meta name=\"description\" content=\"Nilai Dinas Kesehatan 2023 "
	    "tidak dirilis.\">",
	    "Lihat <a href=\"../../../metodologi/index.html\">metodologi</a>.",
	    "<a href=\"../../../kota-cilegon/index.html\">Riwayat penilaian"
	    "</a>");
	CONTAINS(x, "2022/prov-banten/index.html",
	    "<h1>Provinsi Banten <span class=\"year\">2022</span></h1>",
	    "<p>Provinsi Banten tidak dinilai pada 2022.</p>",
	    "<a href=\"../../prov-banten/index.html\">Riwayat penilaian</a>");
	broken = broken_links(x);
	assert_string_equal(broken, "");
	free(broken);
}

static void
unreleased_links_resolve(void **state)
{
	struct fx *x = *state;
	const struct page *p;
	char *broken;

	/* A body in entities.csv without a score in any year, with commentary. */
	tmp_copy(CILEGON, x->content);
	put(x, "data/entities.csv", "kab-serang,Kabupaten Serang,Kabupaten,"
	    "prov-banten\n", "a");
	put(x, "2023/kab-serang.md", "Nilai Kabupaten Serang tidak dirilis.\n",
	    "w");
	build(x, x->content);
	p = planned(x, "2023/kab-serang/index.html");
	assert_non_null(p);
	assert_true(p->result == NONE);
	render(x);
	CONTAINS(x, "2023/kab-serang/index.html",
	    "<p>Nilai Kabupaten Serang tidak dirilis.</p>");
	/* Its page may only link to pages that exist. */
	broken = broken_links(x);
	assert_string_equal(broken, "");
	free(broken);
}

static void
unreleased_pages_reachable(void **state)
{
	struct fx *x = *state;
	char *missing;

	/*
	 * A page written for commentary on a score that was not released is
	 * worth nothing if no page links to it: the entity's page of that
	 * year (its "not released" row) or the entity's history should.
	 */
	tmp_copy(CILEGON, x->content);
	put(x, "2023/kota-cilegon/dinkes.md", "Nilai tidak dirilis.\n", "w");
	put(x, "2022/prov-banten.md", "Tidak dinilai pada 2022.\n", "w");
	build(x, x->content);
	render(x);
	missing = unreachable(x);
	assert_string_equal(missing, "");
	free(missing);
}

/* ---- units assessed in some years only ------------------------------- */

static void
units_not_assessed(void **state)
{
	struct fx *x = *state;
	char *t;

	/*
	 * Puskesmas X was assessed in 2022 only; Dinas Kesehatan in 2023,
	 * its score not released (the empty row).  A unit without a row
	 * was not assessed that year: it is on no page of that year.
	 */
	tmp_copy(CILEGON, x->content);
	put(x, "data/units.csv", "kota-cilegon,puskesmas-x,Puskesmas X,"
	    "Puskesmas\n", "a");
	put(x, "data/scores.csv", "2022;kota-cilegon;puskesmas-x;80,00\n",
	    "a");
	put(x, "2023/kota-cilegon/puskesmas-x.md", "Tidak dinilai.\n", "w");
	build(x, x->content);
	render(x);
	CONTAINS(x, "2022/kota-cilegon/index.html", "Puskesmas X",
	    "<tr data-r=\"2022/kota-cilegon/puskesmas-x\">");
	LACKS(x, "2022/kota-cilegon/index.html", "tidak dirilis",
	    "Dinas Kesehatan", "Puskesmas Cibeber", "class=\"missing\"");
	LACKS(x, "2023/kota-cilegon/index.html", "Puskesmas X");
	t = page_text(x, "2023/kota-cilegon/index.html");
	assert_int_equal(count(t, "<tr class=\"missing\""), 1);
	assert_int_equal(count(t, "class=\"muted\">tidak dirilis"), 1);
	free(t);
	/* Commentary on a unit not assessed that year says so. */
	CONTAINS(x, "2023/kota-cilegon/puskesmas-x/index.html",
	    "<p class=\"note\" role=\"note\">Nilai: tidak dinilai tahun ini"
	    "</p>");
	LACKS(x, "2023/kota-cilegon/puskesmas-x/index.html", "tidak dirilis",
	    "puskesmas-x-2023.csv");
	/* The downloads: the empty row is there, the missing one is not. */
	CONTAINS(x, "2023/kota-cilegon/kota-cilegon-2023.csv",
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,dinkes,Dinas "
	    "Kesehatan,,not-released,,,,,,,,\n");
	LACKS(x, "2023/kota-cilegon/kota-cilegon-2023.csv", "puskesmas-x");
	LACKS(x, "2022/kota-cilegon/kota-cilegon-2022.csv", "dinkes");
	CONTAINS(x, "2022/kota-cilegon/puskesmas-x/"
	    "kota-cilegon-puskesmas-x-2022.json", "\"score\":80.00,");
	t = broken_links(x);
	assert_string_equal(t, "");
	free(t);
}

/* A list of every body longer than AZ_PART goes in parts, by kind. */
static void
long_list_parts(void **state)
{
	struct fx *x = *state;
	const struct page *p;
	struct buf e = BUF_INIT;
	char *t;
	int i;

	tmp_copy(CILEGON, x->content);
	for (i = 0; i < AZ_PART + 5; i++)
		buf_printf(&e, "kab-x%04d,Kabupaten X%04d,Kabupaten,"
		    "prov-banten\n", i, i);
	put(x, "data/entities.csv", e.data, "a");
	buf_free(&e);
	build(x, x->content);
	/* Kabupaten: 1,000 and 5; Kota; Provinsi. */
	p = planned(x, "search/2/index.html");
	assert_non_null(p);
	assert_int_equal(p->kind, PAGE_BODIES);
	assert_int_equal(p->depth, 2);
	assert_string_equal(p->rkind, "Kabupaten");
	assert_int_equal(p->nrows, AZ_PART);
	p = planned(x, "search/3/index.html");
	assert_non_null(p);
	assert_int_equal(p->nrows, 5);
	assert_string_equal(planned(x, "search/4/index.html")->rkind, "Kota");
	assert_string_equal(planned(x, "search/5/index.html")->rkind,
	    "Provinsi");
	assert_null(planned(x, "search/6/index.html"));
	render(x);
	t = page_text(x, "search/index.html");
	assert_non_null(t);
	assert_int_equal(count(t, "<tr "), 0);
	assert_non_null(strstr(t, "<h2 id=\"kind-Kabupaten\">Kabupaten</h2>\n"
	    "<ul class=\"plain\"><li><a href=\"../search/2/index.html\">"
	    "Kabupaten X0000\xE2\x80\x93Kabupaten X0999</a></li><li><a href="
	    "\"../search/3/index.html\">Kabupaten X1000\xE2\x80\x93"
	    "Kabupaten X1004</a></li></ul>"));
	free(t);
	t = page_text(x, "search/4/index.html");
	assert_non_null(t);
	assert_non_null(strstr(t, "<h1>Semua instansi: Kota 1006\xE2\x80\x93"
	    "1006</h1>"));
	assert_non_null(strstr(t, "<tr data-r=\"2024/kota-cilegon\">"));
	free(t);
	t = page_text(x, "search/2/index.html");
	assert_int_equal(count(t, "<tr class=\"missing\">"), AZ_PART);
	free(t);
	t = broken_links(x);
	assert_string_equal(t, "");
	free(t);
}

/* ---- a report with three releases --------------------------------------- */

static void
three_releases(void **state)
{
	struct fx *x = *state;
	const struct page *p;
	char *t, *a, *b;
	size_t la, lb;

	/*
	 * tests/cases/release-site: released 2024-01-10 (the original
	 * publication), 2024-02-01 (Dinas Sosial 70 -> 71, Dinas Kesehatan
	 * withdrawn), 2024-03-01 (Dinas Kesehatan 85 again, Kota C 60 ->
	 * 45, Kota D added; a note with a title and a summary), and since
	 * then Provinsi A 90 -> 91, not yet released.
	 */
	case_prepare("release-site", x->tmp);
	build_expecting(x, x->content, "T/content/releases/2024-03-01.csv: "
	    "warning: the current data differs from this release, the latest, "
	    "in 1 figure: 'rapor diff' lists them, 'rapor release' records "
	    "them\n");
	p = planned(x, "data/revisions/index.html");
	assert_non_null(p);
	assert_int_equal(p->kind, PAGE_REVISIONS);
	assert_int_equal(p->depth, 2);
	render(x);
	/* The log: not yet released first, then each release, newest first. */
	t = page_text(x, "data/revisions/index.html");
	assert_non_null(t);
	a = strstr(t, "id=\"pending\"");
	assert_non_null(a);
	assert_true(a < strstr(t, "id=\"release-2024-03-01\""));
	assert_true(strstr(t, "id=\"release-2024-03-01\"") <
	    strstr(t, "id=\"release-2024-02-01\""));
	assert_true(strstr(t, "id=\"release-2024-02-01\"") <
	    strstr(t, "id=\"release-2024-01-10\""));
	free(t);
	CONTAINS(x, "data/revisions/index.html",
	    "<h1>Riwayat revisi</h1>",
	    "<p>Data di situs ini berbeda dari rilis terakhir (1 Maret 2024) "
	    "pada 1 angka berikut. Perubahan ini belum dirilis.</p>",
	    "<h2 id=\"release-2024-03-01-h\"><time datetime=\"2024-03-01\">"
	    "Rilis 1 Maret 2024</time>: Hasil keberatan Kota C</h2>",
	    /* the note, its link written from the site's root */
	    "<p>Keberatan <strong>Kota C</strong> diterima: nilainya "
	    "dikoreksi. Lihat <a href=\"../../2023/index.html\">hasil 2023</a>."
	    "</p>",
	    "<p>3 angka berubah dari rilis 1 Februari 2024.</p>",
	    "<p>2 angka berubah dari rilis 10 Januari 2024.</p>",
	    "<p>Publikasi awal: 5 angka.</p>",
	    "<p>Koreksi nilai Dinas Sosial; nilai Dinas Kesehatan ditarik "
	    "untuk diperiksa.</p>",
	    /* old and new side by side, category and zone where they moved */
	    "<td class=\"name\"><a href=\"../../2023/kota-c/index.html\">"
	    "Kota C 2023</a> <span class=\"muted\">dikoreksi</span></td>\n"
	    "<td class=\"fig\">60,00 (B, Zona Kuning)</td>\n"
	    "<td class=\"fig\">45,00 (C, Zona Merah)</td>",
	    "<a href=\"../../2023/kota-b/dinsos/index.html\">Dinas Sosial, "
	    "Kota B 2023</a> <span class=\"muted\">dikoreksi</span></td>\n"
	    "<td class=\"fig\">70,00</td>\n<td class=\"fig\">71,00</td>",
	    "<span class=\"muted\">ditambahkan</span></td>\n"
	    "<td class=\"fig\">\xE2\x80\x93</td>\n"
	    "<td class=\"fig\">75,00 (B, Zona Kuning)</td>",
	    "<td class=\"fig\">85,00 (A, Zona Hijau)</td>\n"
	    "<td class=\"fig\">tidak dirilis</td>",
	    "<td class=\"fig\">90,00</td>\n<td class=\"fig\">91,00</td>",
	    "<a href=\"../../data/releases/2024-01-10.csv\" download>",
	    "<a href=\"../../data/revisions.csv\" download>");
	/* The notices, each with its date, old and new figure, and link. */
	CONTAINS(x, "2023/kota-b/index.html",
	    "<h2 id=\"revised-h\">Angka ini pernah direvisi</h2>",
	    "<li><a href=\"../../data/revisions/index.html#release-2024-02-01\">"
	    "1 Februari 2024</a>: Dinas Kesehatan 2023 dikoreksi; sebelumnya "
	    "85,00 (A, Zona Hijau); sesudahnya tidak dirilis.</li>",
	    "<li><a href=\"../../data/revisions/index.html#release-2024-03-01\">"
	    "1 Maret 2024</a>: Dinas Kesehatan 2023 dikoreksi; sebelumnya "
	    "tidak dirilis; sesudahnya 85,00 (A, Zona Hijau).</li>",
	    "1 Februari 2024</a>: Dinas Sosial 2023 dikoreksi; sebelumnya "
	    "70,00; sesudahnya 71,00.</li>");
	CONTAINS(x, "2023/kota-b/dinsos/index.html",
	    "<li><a href=\"../../../data/revisions/index.html#release-2024-02-01"
	    "\">1 Februari 2024</a>: Dinas Sosial 2023 dikoreksi; sebelumnya "
	    "70,00; sesudahnya 71,00.</li>");
	LACKS(x, "2023/kota-b/dinsos/index.html", "Dinas Kesehatan 2023");
	CONTAINS(x, "2023/kota-c/index.html", "1 Maret 2024</a>: Kota C 2023 "
	    "dikoreksi; sebelumnya 60,00 (B, Zona Kuning); sesudahnya 45,00 (C, "
	    "Zona Merah).</li>");
	CONTAINS(x, "2023/kota-d/index.html", "Kota D 2023 ditambahkan; "
	    "sesudahnya 75,00 (B, Zona Kuning).</li>");
	CONTAINS(x, "2023/prov-a/index.html", "<a href=\"../../data/revisions/"
	    "index.html#pending\">Belum dirilis</a>: Provinsi A 2023 dikoreksi; "
	    "sebelumnya 90,00; sesudahnya 91,00.</li>");
	CONTAINS(x, "kota-c/index.html", "Kota C 2023 dikoreksi");
	/* The history page: its own figures only; Kota B's did not change. */
	LACKS(x, "kota-b/index.html", "revised-h");
	/* Each release in the feed, newest first. */
	t = page_text(x, "feed.xml");
	assert_non_null(t);
	assert_non_null(strstr(t, "<updated>2024-03-01T00:00:00Z</updated>\n"
	    "<author>"));
	assert_non_null(strstr(t, "<entry>\n<title>Hasil keberatan Kota C"
	    "</title>\n<id>https://example.org/rapor/data/revisions/#release-"
	    "2024-03-01</id>\n<link href=\"https://example.org/rapor/data/"
	    "revisions/#release-2024-03-01\"/>\n<updated>2024-03-01T00:00:00Z"
	    "</updated>\n<summary>Nilai Kota C dikoreksi setelah keberatan "
	    "diterima; Kota D ditambahkan.</summary>\n</entry>\n<entry>\n"
	    "<title>Rilis data 1 Februari 2024</title>"));
	assert_non_null(strstr(t, "<summary>2 angka berubah dari rilis 10 "
	    "Januari 2024.</summary>"));
	assert_non_null(strstr(t, "<title>Rilis data 10 Januari 2024</title>"));
	assert_non_null(strstr(t, "<summary>Publikasi awal: 5 angka.</summary>"
	    "\n</entry>\n</feed>\n"));
	assert_int_equal(count(t, "<entry>"), 1 + 3);
	free(t);
	/* Each release as published, byte for byte. */
	{
		struct buf src = BUF_INIT, out = BUF_INIT;
		static const char *const dates[] = { "2024-01-10", "2024-02-01",
		    "2024-03-01" };
		size_t i;

		for (i = 0; i < 3; i++) {
			buf_reset(&src);
			buf_reset(&out);
			buf_printf(&src, "%s/releases/%s.csv", x->content,
			    dates[i]);
			buf_printf(&out, "%s/data/releases/%s.csv", x->out,
			    dates[i]);
			assert_int_equal(read_whole(src.data, 1 << 20, &a, &la),
			    0);
			assert_int_equal(read_whole(out.data, 1 << 20, &b, &lb),
			    0);
			assert_int_equal(la, lb);
			assert_memory_equal(a, b, la);
			free(a);
			free(b);
		}
		buf_free(&src);
		buf_free(&out);
	}
	/* The log is linked from every page's footer and the downloads. */
	{
		struct buf files = BUF_INIT;
		char *line, *save = NULL;

		html_files(x, "", &files);
		for (line = strtok_r(files.data, "\n", &save); line;
		    line = strtok_r(NULL, "\n", &save)) {
			t = page_text(x, line);
			if (strstr(t, "data/revisions/index.html\">Riwayat revisi"
			    "</a> \xC2\xB7 <a href=") == NULL)
				fail_msg("%s: no link to the revision log in its "
				    "footer", line);
			free(t);
		}
		buf_free(&files);
	}
	CONTAINS(x, "data/index.html", "<a href=\"../data/revisions/"
	    "index.html\">Riwayat revisi</a>", "Rilis 1 Maret 2024: <a href=\""
	    "../data/releases/2024-03-01.csv\" download>CSV</a>",
	    "<h2 id=\"revision-cols-h\">Kolom revisions.csv</h2>");
	t = broken_links(x);
	assert_string_equal(t, "");
	free(t);
	t = unreachable(x);
	assert_string_equal(t, "");
	free(t);
}

static void
no_releases_nothing_shows(void **state)
{
	struct fx *x = *state;

	/* Without releases/: no log, no link to it, no notice, no file. */
	build(x, CILEGON);
	render(x);
	assert_null(planned(x, "data/revisions/index.html"));
	assert_false(out_has(x, "data/revisions.csv"));
	assert_false(out_has(x, "data/revisions/index.html"));
	assert_false(out_has(x, "data/releases/2024-01-10.csv"));
	LACKS(x, "index.html", "revisions", "Riwayat revisi");
	LACKS(x, "data/index.html", "revisions", "Riwayat revisi");
	LACKS(x, "2023/kota-cilegon/index.html", "revised-h");
	LACKS(x, "feed.xml", "Rilis data");
}

/* ---- the English build ------------------------------------------------- */

static void
render_english(void **state)
{
	struct fx *x = *state;
	char *broken;

	build(x, "tests/content/pekppp");
	assert_int_equal(x->t.sep, '.');
	render(x);
	CONTAINS(x, "index.html", "<html lang=\"en\">",
	    "<meta property=\"og:locale\" content=\"en_GB\">",
	    "<link rel=\"stylesheet\" href=\"assets/style.css\">");
	CONTAINS(x, "2023/prov-contoh/index.html", "<html lang=\"en\">",
	    "<span class=\"big\" data-f=\"score\">4.12</span>",
	    "<meta name=\"description\" content=\"Provinsi Contoh 2023: 4.12, "
	    "B Sangat Baik, Good.\">",
	    "The published total, 4.12, differs from the mean of the listed "
	    "units (1), 4.32");
	LACKS(x, "2023/prov-contoh/index.html", "4,12", "4,32");
	/* No base_url: no sitemap or feed, and 404.html links relatively. */
	assert_false(out_has(x, "sitemap.xml"));
	assert_false(out_has(x, "feed.xml"));
	{
		char *t = page_text(x, "robots.txt");

		assert_string_equal(t, "User-agent: *\nAllow: /\n");
		free(t);
	}
	CONTAINS(x, "404.html", "<html lang=\"en\">",
	    "<link rel=\"stylesheet\" href=\"assets/style.css\">",
	    "<h1>Page not found</h1>");
	LACKS(x, "404.html", "https://", "rel=\"canonical\"", "feed.xml");
	LACKS(x, "index.html", "rel=\"canonical\"", "og:url");
	broken = broken_links(x);
	assert_string_equal(broken, "");
	free(broken);
	broken = unreachable(x);
	assert_string_equal(broken, "");
	free(broken);
}

/* ---- the body's home, the list of every body, the home's figures ------ */

static void
body_home(void **state)
{
	struct fx *x = *state;

	build(x, CILEGON);
	render(x);
	/* /<entity>/ opens with its latest result, from its latest year. */
	CONTAINS(x, "kota-cilegon/index.html",
	    "<title>Kota Cilegon \xE2\x80\x94 ",
	    "<meta name=\"description\" content=\"Kota Cilegon 2024: 95,31, "
	    "A Kualitas Tertinggi, Zona Hijau.\">",
	    "<li><a href=\"../index.html\">Beranda</a></li><li><a href=\""
	    "../search/index.html#kind-Kota\">Kota</a></li></ol></nav>\n"
	    "<h1>Kota Cilegon</h1>",
	    "<h2 id=\"latest-h\" class=\"card-h\">Hasil terakhir: 2024</h2>\n"
	    "<div class=\"score-card\" data-r=\"2024/kota-cilegon\">",
	    "<span class=\"big\" data-f=\"score\">95,31</span>",
	    "<span class=\"label\">Peringkat di Provinsi Banten</span>",
	    "<span class=\"change up\">+5,86</span>",
	    "<span class=\"label\">Tahun</span> <a href=\"../2024/"
	    "kota-cilegon/index.html\">2024</a>",
	    /* every year's page, 2022 too (a score, no commentary) */
	    "<li><a href=\"../2021/kota-cilegon/index.html\">2021</a></li><li>"
	    "<a href=\"../2022/kota-cilegon/index.html\">2022</a></li><li><a "
	    "href=\"../2023/kota-cilegon/index.html\">2023</a></li><li><a "
	    "href=\"../2024/kota-cilegon/index.html\">2024</a></li></ul></nav>",
	    /* its units' latest figures, each with its year */
	    "<tr data-r=\"2023/kota-cilegon/dpmptsp\">\n<td class=\"name\">"
	    "<a href=\"../2023/kota-cilegon/dpmptsp/index.html\">",
	    "<tr class=\"missing\" data-r=\"2023/kota-cilegon/dinkes\">",
	    "<a href=\"kota-cilegon.csv\" download>");
	/* A body ranked alone has no units table, still its card. */
	CONTAINS(x, "prov-banten/index.html",
	    "<div class=\"score-card\" data-r=\"2023/prov-banten\">");
	LACKS(x, "prov-banten/index.html", "units-h");
	/* The list of every body: by kind, A-Z, its latest score, linked
	 * from every page's menu and footer. */
	CONTAINS(x, "search/index.html",
	    "<h1>Semua instansi</h1>",
	    "<h2 id=\"kind-Kota\">Kota</h2>",
	    "<h2 id=\"kind-Provinsi\">Provinsi</h2>",
	    "<tr data-r=\"2024/kota-cilegon\">\n<td class=\"name\"><a href=\""
	    "../kota-cilegon/index.html\">Kota Cilegon</a></td>\n"
	    "<td data-label=\"Tahun\">2024</td>\n<td class=\"num\" data-f=\""
	    "score\" data-label=\"Nilai\">95,31</td>",
	    "<tr data-r=\"2023/prov-banten\">",
	    "<a href=\"../search/index.html\" aria-current=\"page\">Semua "
	    "instansi</a>");
	CONTAINS(x, "2023/kota-cilegon/dpmptsp/index.html",
	    "<li><a href=\"../../../search/index.html\">Semua instansi</a>"
	    "</li>", "<p><a href=\"../../../search/index.html\">Semua "
	    "instansi</a> \xC2\xB7 ");
	/* The year's rankings carry the anchors the breadcrumbs link. */
	CONTAINS(x, "2023/index.html",
	    "<section class=\"ranking\" id=\"rank-Kota\">",
	    "<section class=\"ranking\" id=\"rank-Provinsi\">");
	/* The home page opens with the latest year's figures, then prose. */
	{
		char *t = page_text(x, "index.html");
		const char *h1, *hl, *intro, *rank;

		assert_non_null(t);
		h1 = strstr(t, "<h1 class=\"lead-h\">Hasil terbaru: <a href=\""
		    "2024/index.html\">2024</a></h1>");
		hl = strstr(t, "<p class=\"hl-count\"><span class=\"big\">1"
		    "</span> instansi dinilai</p>");
		intro = strstr(t, "<div class=\"intro\">");
		rank = strstr(t, "<section class=\"ranking\"");
		assert_non_null(h1);
		assert_non_null(hl);
		assert_non_null(intro);
		assert_non_null(rank);
		assert_true(h1 < hl && hl < intro && intro < rank);
		assert_non_null(strstr(t, "<dt>Nilai tertinggi</dt><dd data-r=\""
		    "2024/kota-cilegon\"><a href=\"2024/kota-cilegon/index.html"
		    "\">Kota Cilegon</a> <span data-f=\"score\">95,31</span>"));
		/* one body: no "lowest" beside the highest */
		assert_null(strstr(t, "Nilai terendah"));
		free(t);
	}
}

/* A unit's given score beside its aspects', ties marked. */
static void
given_and_ties(void **state)
{
	struct fx *x = *state;
	char *t;

	case_prepare("compute-given-score-against-aspects", x->tmp);
	build_expecting(x, x->content, "T/content/data/scores.csv:2:1: "
	    "warning: unit 'dinkes': the given score 49.84 differs from 49.86 "
	    "computed from its aspects (the given score is used)\n");
	render(x);
	CONTAINS(x, "2023/kota-b/dinkes/index.html",
	    "<span class=\"big\" data-f=\"score\">49,84</span>",
	    "<p class=\"note\" role=\"note\">Nilai yang dipublikasikan, "
	    "49,84, berbeda dari 49,86 yang dihitung dari nilai aspeknya. "
	    "Nilai resmi adalah 49,84.</p>");
	/* disdik's given 49.86 is its aspects' 49.86: no note. */
	t = page_text(x, "2023/kota-b/disdik/index.html");
	assert_non_null(t);
	assert_null(strstr(t, "berbeda dari"));
	free(t);
}

static void
ties_marked(void **state)
{
	struct fx *x = *state;
	char *t;

	tmp_copy(CILEGON, x->content);
	/* The sample's scores, Dinas Sosial's made Puskesmas Cibeber's. */
	put(x, "data/scores.csv", "year;entity;unit;score\n"
	    "2021;kota-cilegon;;77,66\n2022;kota-cilegon;;77,73\n"
	    "2023;kota-cilegon;;89,45\n"
	    "2023;kota-cilegon;puskesmas-cibeber;93,35\n"
	    "2023;kota-cilegon;puskesmas-pulomerak;90,09\n"
	    "2023;kota-cilegon;disdukcapil;89,69\n"
	    "2023;kota-cilegon;disdik;89,49\n"
	    "2023;kota-cilegon;dpmptsp;88,06\n"
	    "2023;kota-cilegon;dinsos;93,35\n"
	    "2023;kota-cilegon;dinkes;\n2024;kota-cilegon;;95,31\n"
	    "2023;prov-banten;;91,16\n", "w");
	build(x, x->content);
	render(x);
	/* Two units share rank 1: "=1", and "seri" for a screen reader. */
	CONTAINS(x, "2023/kota-cilegon/index.html",
	    "<td class=\"num rank\" data-f=\"rank\" data-sort=\"1\"><span "
	    "class=\"tie\" aria-hidden=\"true\">=</span><span class=\""
	    "visually-hidden\">seri </span>1</td>\n<td class=\"name\"><a "
	    "href=\"../../2023/kota-cilegon/dinsos/index.html\">",
	    "data-sort=\"3\">3</td>");
	CONTAINS(x, "2023/kota-cilegon/dinsos/index.html",
	    "<span data-f=\"rank\">=1 dari 6</span><span class=\""
	    "visually-hidden\"> (seri)</span>");
	t = page_text(x, "2023/kota-cilegon/disdik/index.html");
	assert_non_null(t);
	assert_null(strstr(t, "seri"));
	free(t);
}

/* Bodies of one parent with one score: tied among the parent's bodies. */
static void
parent_ties_marked(void **state)
{
	struct fx *x = *state;
	char *t;

	tmp_copy(CILEGON, x->content);
	/* A Kabupaten beside Kota Cilegon, both 89,45 in 2023: not tied in
	 * their kinds' rankings (one body each), tied in Banten's. */
	put(x, "data/entities.csv",
	    "kab-serang,Kabupaten Serang,Kabupaten,prov-banten\n"
	    "kota-serang,Kota Serang,Kota,prov-banten\n", "a");
	put(x, "data/scores.csv", "2023;kab-serang;;89,45\n"
	    "2023;kota-serang;;80,00\n", "a");
	build(x, x->content);
	render(x);
	CONTAINS(x, "2023/kota-cilegon/index.html",
	    "<span data-f=\"parent-rank\">=1 dari 3</span><span class=\""
	    "visually-hidden\"> (seri)</span></p>");
	CONTAINS(x, "2023/kab-serang/index.html",
	    "<span data-f=\"parent-rank\">=1 dari 3</span><span class=\""
	    "visually-hidden\"> (seri)</span></p>");
	/* Kota Cilegon 89,45 ranks above Kota Serang among Kota: no tie. */
	CONTAINS(x, "2023/kota-cilegon/index.html",
	    "<span data-f=\"rank\">1 dari 2</span></p>");
	t = page_text(x, "2023/kota-serang/index.html");
	assert_non_null(t);
	assert_non_null(strstr(t, "<span data-f=\"parent-rank\">3 dari 3"
	    "</span></p>"));
	assert_null(strstr(t, "seri"));
	free(t);
	/* The body home's history table marks it too. */
	CONTAINS(x, "kota-cilegon/index.html",
	    "data-f=\"parent-rank\">=1 dari 3</span><span class=\""
	    "visually-hidden\"> (seri)</span>");
}

/* n cities more in 2024 (Kota X000...), scores from 50,00 up by 0,10:
 * 50,00, 50,10, ... */
static void
more_cities(struct fx *x, int n)
{
	struct buf e = BUF_INIT, sc = BUF_INIT;
	int i;

	for (i = 0; i < n; i++) {
		buf_printf(&e, "kota-x%03d,Kota X%03d,Kota,prov-banten\n", i, i);
		buf_printf(&sc, "2024;kota-x%03d;;%d,%02d\n", i, 50 + i / 10,
		    i % 10 * 10);
	}
	put(x, "data/entities.csv", e.data, "a");
	put(x, "data/scores.csv", sc.data, "a");
	buf_free(&e);
	buf_free(&sc);
}

/*
 * The spread of scores lists every body while no kind has more than
 * RANK_FIRST; past that its table counts each kind's bodies by category,
 * so that the year page and the home page do not grow with the report.
 */
static void
long_spread_table(void **state)
{
	struct fx *x = *state;
	char *t, *fig;

	tmp_copy(CILEGON, x->content);
	/* 101 more cities in 2024, scores 50,00 to 60,00: 40 in D (from
	 * 32,00), 61 in C (from 54,00); Kota Cilegon's 95,31 in A. */
	more_cities(x, RANK_FIRST + 1);
	build(x, x->content);
	render_with(x, 1);
	t = page_text(x, "2024/index.html");
	assert_non_null(t);
	fig = strstr(t, "<figcaption>Sebaran nilai instansi, 2024");
	assert_non_null(fig);
	assert_non_null(strstr(fig, "<thead><tr><th scope=\"col\">Jenis</th>"
	    "<th scope=\"col\">A</th><th scope=\"col\">B</th><th scope="
	    "\"col\">C</th><th scope=\"col\">D</th><th scope=\"col\">E"
	    "</th></tr></thead>\n<tbody>\n<tr><td>Kota</td><td>1</td><td>0"
	    "</td><td>61</td><td>40</td><td>0</td></tr>\n</tbody>\n</table>\n</section>\n<p>Angka per kategori: nilai "
	    "setiap instansi ada di peringkat dan di unduhan data.</p>\n"
	    "</details>"));
	assert_null(strstr(fig, "<td>Kota X000</td>"));
	free(t);
	/* 2023 has no kind over RANK_FIRST: every body. */
	t = page_text(x, "2023/index.html");
	assert_non_null(t);
	fig = strstr(t, "<figcaption>Sebaran nilai instansi, 2023");
	assert_non_null(fig);
	assert_non_null(strstr(fig, "<thead><tr><th scope=\"col\">Instansi"
	    "</th><th scope=\"col\">Nilai</th></tr></thead>"));
	assert_null(strstr(fig, "Angka per kategori"));
	free(t);
}

/* A ranking longer than a year page shows goes on in parts. */
static void
long_ranking_parts(void **state)
{
	struct fx *x = *state;
	const struct page *p;
	char *t;

	tmp_copy(CILEGON, x->content);
	/* 230 more cities in 2024, scores 50,00 to 72,90: Kota Cilegon's
	 * 95,31 first, then these, the lowest last. */
	more_cities(x, 230);
	build(x, x->content);
	p = planned(x, "2024/2/index.html");
	assert_non_null(p);
	assert_int_equal(p->kind, PAGE_RANKING);
	assert_int_equal(p->depth, 2);
	assert_string_equal(p->rkind, "Kota");
	assert_int_equal(p->first, RANK_FIRST);
	assert_int_equal(p->nrows, 231 - RANK_FIRST);
	assert_null(planned(x, "2024/3/index.html"));
	assert_null(planned(x, "2023/2/index.html"));
	render(x);
	/* The year page: the first 100 and a link to the rest. */
	t = page_text(x, "2024/index.html");
	assert_non_null(t);
	assert_int_equal(count(t, "<tr data-r="), RANK_FIRST);
	assert_non_null(strstr(t, "100 teratas dari 231 ditampilkan di sini. "
	    "Selanjutnya:</span> <ul><li><a href=\"../2024/2/index.html\">"
	    "101\xE2\x80\x93" "231</a></li></ul></nav>"));
	free(t);
	t = page_text(x, "index.html");
	assert_non_null(t);
	assert_int_equal(count(t, "<tr data-r="), RANK_FIRST);
	assert_non_null(strstr(t, "<a href=\"2024/2/index.html\">101"));
	free(t);
	/* The part: the other 131, in rank order. */
	t = page_text(x, "2024/2/index.html");
	assert_non_null(t);
	assert_int_equal(count(t, "<tr data-r="), 231 - RANK_FIRST);
	assert_non_null(strstr(t, "<h1>Peringkat Kota 2024: 101\xE2\x80\x93"
	    "231</h1>"));
	assert_non_null(strstr(t, "data-sort=\"101\""));
	assert_non_null(strstr(t, "<a href=\"../../2024/index.html#rank-Kota"
	    "\">1\xE2\x80\x93" "100</a>"));
	assert_null(strstr(t, "2024/kota-x229\""));	/* on the year page */
	assert_non_null(strstr(t, "2024/kota-x000\""));
	free(t);
	t = broken_links(x);
	assert_string_equal(t, "");
	free(t);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(plan_sample),
		T(render_sample_files),
		T(render_sample_links),
		T(render_sample_meta),
		T(render_sample_numbers),
		T(render_sample_404),
		T(render_chart_sizes),
		T(render_sample_feed),
		T(render_feed_source_date),
		T(plan_unreleased),
		T(unreleased_links_resolve),
		T(unreleased_pages_reachable),
		T(units_not_assessed),
		T(three_releases),
		T(no_releases_nothing_shows),
		T(render_english),
		T(body_home),
		T(given_and_ties),
		T(ties_marked),
		T(parent_ties_marked),
		T(long_ranking_parts),
		T(long_spread_table),
		T(long_list_parts),
	};

	int rc;

	unsetenv("SOURCE_DATE_EPOCH");
	rc = cmocka_run_group_tests_name("render_site", tests, NULL, NULL);
	chart_shutdown();	/* render_chart_sizes drew charts (chart.h) */
	return rc;
}
