/*
 * Tests for the Markdown loader: include/docs.h (src/load_md.c),
 * content-format.md section 3 and docs/content-format.md.  Its
 * diagnostics are the cases tests/cases/docs-*.  Here are the documents
 * and HTML that come out: of a content folder written from strings in a
 * temporary directory, or of the folder of a case, beside its errors.
 */
#include "testutil.h"

#include "compute.h"
#include "docs.h"
#include "load.h"
#include "model.h"

/* ---- fixture ---------------------------------------------------------- */

/*
 * The content is a copy of tests/cases/bases/docs, the base of the cases
 * docs-*: two years; kota-b has results in 2022 and 2023, its unit dpmptsp
 * in 2023 only, its unit dinkes never; prov-a only in 2023.  Its index.md
 * is "# Beranda\n"; each test writes the files it is about over it.
 */
#define BASE	"tests/cases/bases/docs"

/* The index.md most tests need and do not look at. */
#define HOME	"# Beranda\n"

struct fx {
	char		 dir[64];	/* the temporary folder */
	char		 content[96];	/* the content folder in it */
	struct report	 r;
	struct docset	 ds;
	struct diags	 d;
	char		*out;	/* the diagnostics as printed, folder shown as "C" */
	int		 rc;	/* docs_load's return */
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	if (x == NULL)
		return -1;
	if (tmp_dir(x->dir, sizeof x->dir, "docs") != 0) {
		free(x);
		return -1;
	}
	snprintf(x->content, sizeof x->content, "%s", x->dir);
	tmp_copy(BASE, x->content);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	docs_free(&x->ds);
	report_free(&x->r);
	diag_free(&x->d);
	free(x->out);
	remove_tree(x->dir);
	free(x);
	return 0;
}

static void
md(struct fx *x, const char *rel, const char *text)
{
	tmp_put(x->content, rel, text, strlen(text));
}

/* Load and compute the data (cleanly), then load the Markdown. */
static void
load_content(struct fx *x)
{
	assert_int_equal(load_report(x->content, &x->r, &x->d), 0);
	assert_int_equal(compute_report(&x->r, &x->d), 0);
	assert_int_equal(x->d.n, 0);
	x->rc = docs_load(&x->r, &x->ds, &x->d);
	x->out = diag_text(&x->d, x->content, "C");
}

/* Load the base with the files the test wrote over it. */
static void
load(struct fx *x)
{
	load_content(x);
}

/* Load and expect exactly these diagnostics (and rc -1 when any is an error). */
#define LOAD_EXPECT(x, text)                                                 \
	do {                                                                 \
		load(x);                                                     \
		assert_string_equal((x)->out, (text));                       \
		assert_int_equal((x)->rc, (x)->d.errors + (x)->d.system ?    \
		    -1 : 0);                                                 \
	} while (0)

/*
 * Load the content folder of the case tests/cases/NAME instead: its
 * diagnostics are the case's to check, the test checks what loaded.
 */
static void
load_case(struct fx *x, const char *name)
{
	struct buf work = BUF_INIT;

	buf_printf(&work, "%s/case", x->dir);
	case_prepare(name, work.data);
	snprintf(x->content, sizeof x->content, "%s/content", work.data);
	buf_free(&work);
	load_content(x);
}

static size_t
entity(const struct fx *x, const char *id)
{
	size_t e = report_entity(&x->r, id);

	assert_true(e != NONE);
	return e;
}

static size_t
unit(const struct fx *x, const char *eid, const char *uid)
{
	size_t u = report_unit(&x->r, entity(x, eid), uid);

	assert_true(u != NONE);
	return u;
}

static const struct doc *
home(const struct fx *x)
{
	return docs_find(&x->ds, DOC_HOME, 0, NONE, NONE, NULL);
}

static const struct doc *
page(const struct fx *x, const char *name)
{
	return docs_find(&x->ds, DOC_PAGE, 0, NONE, NONE, name);
}

/* ---- what loads ------------------------------------------------------- */

static void
home_only(void **state)
{
	struct fx *x = *state;
	const struct doc *h;

	md(x, "index.md", "# Beranda\n\nTeks *miring*.\n");
	LOAD_EXPECT(x, "");
	assert_int_equal(x->ds.n, 1);
	h = home(x);
	assert_non_null(h);
	assert_int_equal(h->kind, DOC_HOME);
	assert_null(h->name);
	assert_null(h->title);
	assert_null(h->summary);
	assert_int_equal(h->date, 0);
	assert_int_equal(h->year, 0);
	assert_true(h->entity == NONE && h->unit == NONE);
	assert_string_equal(h->html, "<h1>Beranda</h1>\n<p>Teks "
	    "<em>miring</em>.</p>\n");
	assert_int_equal(strncmp(h->file, x->dir, strlen(x->dir)), 0);
	assert_string_equal(h->file + strlen(x->dir), "/index.md");
}

static void
every_kind(void **state)
{
	struct fx *x = *state;
	size_t kb, pa, dp;
	const struct doc *dc;

	md(x, "index.md", HOME);
	md(x, "metodologi.md", "Metode.\n");
	md(x, "tentang.md", "Tentang.\n");
	md(x, "2023/index.md", "Tahun 2023.\n");
	md(x, "2023/kota-b.md", "Kota B 2023.\n");
	md(x, "2022/kota-b.md", "Kota B 2022.\n");
	md(x, "2023/prov-a.md", "Provinsi A.\n");
	md(x, "2023/kota-b/dpmptsp.md", "DPMPTSP.\n");
	LOAD_EXPECT(x, "");
	kb = entity(x, "kota-b");
	pa = entity(x, "prov-a");
	dp = unit(x, "kota-b", "dpmptsp");
	assert_int_equal(x->ds.n, 8);
	/* Sorted by kind, year, entity, unit, name. */
	assert_int_equal(x->ds.v[0].kind, DOC_HOME);
	assert_int_equal(x->ds.v[1].kind, DOC_PAGE);
	assert_string_equal(x->ds.v[1].name, "metodologi");
	assert_string_equal(x->ds.v[2].name, "tentang");
	assert_int_equal(x->ds.v[3].kind, DOC_YEAR);
	assert_int_equal(x->ds.v[3].year, 2023);
	assert_int_equal(x->ds.v[4].kind, DOC_ENTITY);
	assert_int_equal(x->ds.v[4].year, 2022);
	assert_int_equal(x->ds.v[5].year, 2023);
	assert_int_equal(x->ds.v[5].entity, kb < pa ? kb : pa);
	assert_int_equal(x->ds.v[6].entity, kb < pa ? pa : kb);
	assert_int_equal(x->ds.v[7].kind, DOC_UNIT);
	/* docs_find reaches each by its key. */
	dc = page(x, "metodologi");
	assert_non_null(dc);
	assert_string_equal(dc->html, "<p>Metode.</p>\n");
	assert_string_equal(dc->file + strlen(x->dir), "/metodologi.md");
	assert_string_equal(page(x, "tentang")->html, "<p>Tentang.</p>\n");
	dc = docs_find(&x->ds, DOC_YEAR, 2023, NONE, NONE, NULL);
	assert_non_null(dc);
	assert_string_equal(dc->html, "<p>Tahun 2023.</p>\n");
	assert_true(dc->entity == NONE && dc->unit == NONE && !dc->name);
	dc = docs_find(&x->ds, DOC_ENTITY, 2022, kb, NONE, NULL);
	assert_non_null(dc);
	assert_string_equal(dc->html, "<p>Kota B 2022.</p>\n");
	assert_string_equal(dc->file + strlen(x->dir), "/2022/kota-b.md");
	dc = docs_find(&x->ds, DOC_ENTITY, 2023, kb, NONE, NULL);
	assert_string_equal(dc->html, "<p>Kota B 2023.</p>\n");
	dc = docs_find(&x->ds, DOC_ENTITY, 2023, pa, NONE, NULL);
	assert_string_equal(dc->html, "<p>Provinsi A.</p>\n");
	dc = docs_find(&x->ds, DOC_UNIT, 2023, kb, dp, NULL);
	assert_non_null(dc);
	assert_int_equal(dc->year, 2023);
	assert_int_equal(dc->entity, kb);
	assert_int_equal(dc->unit, dp);
	assert_string_equal(dc->html, "<p>DPMPTSP.</p>\n");
	assert_string_equal(dc->file + strlen(x->dir),
	    "/2023/kota-b/dpmptsp.md");
	/* And nothing else. */
	assert_null(page(x, "nope"));
	assert_null(page(x, "index"));
	assert_null(docs_find(&x->ds, DOC_YEAR, 2022, NONE, NONE, NULL));
	assert_null(docs_find(&x->ds, DOC_ENTITY, 2022, pa, NONE, NULL));
	assert_null(docs_find(&x->ds, DOC_UNIT, 2022, kb, dp, NULL));
	assert_null(docs_find(&x->ds, DOC_UNIT, 2023, kb,
	    unit(x, "kota-b", "dinkes"), NULL));
}

static void
find_in_empty_set(void **state)
{
	struct docset ds;

	(void)state;
	memset(&ds, 0, sizeof ds);
	assert_null(docs_find(&ds, DOC_HOME, 0, NONE, NONE, NULL));
	assert_null(docs_find(&ds, DOC_PAGE, 0, NONE, NONE, "x"));
	docs_free(&ds);
}

/* ---- front matter ----------------------------------------------------- */

static void
front_matter_keys(void **state)
{
	struct fx *x = *state;
	const struct doc *h;

	md(x, "index.md", "---\ntitle: Kota B masuk Zona Hijau\n"
	    "summary: Satu kalimat: dengan titik dua.\n"
	    "date: 2024-10-30\n---\n# Judul\n");
	LOAD_EXPECT(x, "");
	h = home(x);
	assert_string_equal(h->title, "Kota B masuk Zona Hijau");
	/* Only the first colon separates key and value. */
	assert_string_equal(h->summary, "Satu kalimat: dengan titik dua.");
	assert_int_equal(h->date, 20241030);
	/* The front matter is not part of the body. */
	assert_string_equal(h->html, "<h1>Judul</h1>\n");
}

static void
front_matter_quotes_blanks_crlf(void **state)
{
	struct fx *x = *state;
	const struct doc *h, *p;

	md(x, "index.md", "---\r\n  title :  \"Dikutip: ya\"  \r\n\r\n"
	    "# komentar\r\nsummary: 'Satu'\r\ndate: \"2024-02-29\"\r\n"
	    "---\r\nBadan.\r\n");
	/* An empty pair of quotes is an empty value; a lone quote is kept. */
	md(x, "tentang.md", "---\ntitle: \"\"\nsummary: \"tanpa tutup\n"
	    "---\n");
	LOAD_EXPECT(x, "");
	h = home(x);
	assert_string_equal(h->title, "Dikutip: ya");
	assert_string_equal(h->summary, "Satu");
	assert_int_equal(h->date, 20240229);
	assert_string_equal(h->html, "<p>Badan.</p>\n");
	p = page(x, "tentang");
	assert_string_equal(p->title, "");
	assert_string_equal(p->summary, "\"tanpa tutup");
	assert_string_equal(p->html, "");
}

static void
front_matter_later_key_wins(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", "---\ntitle: Satu\ntitle: Dua\n---\n");
	LOAD_EXPECT(x, "");
	assert_string_equal(home(x)->title, "Dua");
}

static void
no_front_matter(void **state)
{
	struct fx *x = *state;

	/* "---" not on the first line is a thematic break, "title:" text. */
	md(x, "index.md", "\n---\ntitle: x\n---\n");
	md(x, "a.md", "----\ntitle: x\n----\n");
	LOAD_EXPECT(x, "");
	assert_null(home(x)->title);
	assert_string_equal(home(x)->html, "<hr />\n<h2>title: x</h2>\n");
	assert_null(page(x, "a")->title);
	assert_string_equal(page(x, "a")->html, "<hr />\n<h2>title: x</h2>\n");
}

static void
front_matter_trailing_blanks(void **state)
{
	struct fx *x = *state;

	/* Blanks after the opening "---" are as invisible as after the closing one. */
	md(x, "index.md", "--- \ntitle: x\n---\t\nTeks.\n");
	md(x, "a.md", "---\t\r\ntitle: y\r\n--- \r\n");
	LOAD_EXPECT(x, "");
	assert_string_equal(home(x)->title, "x");
	assert_string_equal(home(x)->html, "<p>Teks.</p>\n");
	assert_string_equal(page(x, "a")->title, "y");
}

static void
front_matter_after_bom(void **state)
{
	struct fx *x = *state;

	/* Editors on Windows save a byte-order mark: front matter still counts. */
	md(x, "index.md", "\xEF\xBB\xBF---\ntitle: Dengan BOM\n---\nTeks.\n");
	LOAD_EXPECT(x, "");
	assert_string_equal(home(x)->title, "Dengan BOM");
	assert_string_equal(home(x)->html, "<p>Teks.</p>\n");
}

static void
parse_date(void **state)
{
	(void)state;
	assert_int_equal(docs_parse_date("2024-10-30"), 20241030);
	assert_int_equal(docs_parse_date("2024-02-29"), 20240229);
	assert_int_equal(docs_parse_date("2023-02-29"), 0);
	assert_int_equal(docs_parse_date("2023-02-28"), 20230228);
	assert_int_equal(docs_parse_date("2000-02-29"), 20000229); /* /400 */
	assert_int_equal(docs_parse_date("1900-02-29"), 0);	/* /100 */
	assert_int_equal(docs_parse_date("1900-01-01"), 19000101);
	assert_int_equal(docs_parse_date("2999-12-31"), 29991231);
	assert_int_equal(docs_parse_date("1899-12-31"), 0);
	assert_int_equal(docs_parse_date("3000-01-01"), 0);
	assert_int_equal(docs_parse_date("2024-04-30"), 20240430);
	assert_int_equal(docs_parse_date("2024-04-31"), 0);
	assert_int_equal(docs_parse_date("2024-12-31"), 20241231);
	assert_int_equal(docs_parse_date("2024-13-01"), 0);
	assert_int_equal(docs_parse_date("2024-00-10"), 0);
	assert_int_equal(docs_parse_date("2024-01-00"), 0);
	assert_int_equal(docs_parse_date("2024-01-32"), 0);
	assert_int_equal(docs_parse_date("2024-4-30"), 0);
	assert_int_equal(docs_parse_date("24-10-30"), 0);
	assert_int_equal(docs_parse_date("2024-10-30x"), 0);
	assert_int_equal(docs_parse_date(" 2024-10-30"), 0);
	assert_int_equal(docs_parse_date("2024/10/30"), 0);
	assert_int_equal(docs_parse_date("2024-1a-30"), 0);
	assert_int_equal(docs_parse_date("2024-10-3 "), 0);
	assert_int_equal(docs_parse_date("+024-10-30"), 0);
	assert_int_equal(docs_parse_date(""), 0);
}

/* ---- limits and encoding ---------------------------------------------- */

/* ---- names the data must know ----------------------------------------- */

/* ---- page names and stray files --------------------------------------- */

/* ---- what loads beside the errors of a case --------------------------- */

/* The loaded documents' files, relative to the content, in set order. */
static char *
loaded(const struct fx *x)
{
	struct buf b = BUF_INIT;
	size_t i, cl = strlen(x->content);

	for (i = 0; i < x->ds.n; i++) {
		const char *f = x->ds.v[i].file;

		assert_int_equal(strncmp(f, x->content, cl), 0);
		buf_printf(&b, "%s%s", i ? " " : "", f + cl + 1);
	}
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

static void
loaded_beside_errors(void **state)
{
	/* A file with an error is left out whole; the others load. */
	static const struct {
		const char	*name, *files;
	} t[] = {
		{ "docs-bad-dates", "c.md" },
		{ "docs-front-matter-bad-line", "" },
		{ "docs-home-required", "metodologi.md" },
		{ "docs-ignored-silently", "index.md" },
		{ "docs-invalid-utf8", "" },
		{ "docs-known-without-result", "index.md 2022/prov-a.md "
		    "2022/kota-b/dpmptsp.md 2023/kota-b/dinkes.md" },
		{ "docs-never-closed", "index.md" },
		{ "docs-nul-byte", "" },
		{ "docs-page-names", "index.md 12345.md 2023-catatan.md "
		    "boleh-1.md" },
		{ "docs-reserved-page-names", "index.md" },
		{ "docs-size-limit", "index.md pas.md" },
		{ "docs-stray-folders-and-files", "index.md "
		    "2023/kota-b/dpmptsp.md" },
		{ "docs-unknown-entity", "index.md" },
		{ "docs-unknown-key", "index.md" },
		{ "docs-unknown-unit", "index.md" },
		{ "docs-year-without-scores", "index.md" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct buf want = BUF_INIT, got = BUF_INIT;
		void *st;
		char *files;

		assert_int_equal(setup(&st), 0);
		load_case(st, t[i].name);
		files = loaded(st);
		/* The name in both, so that a failure says which case. */
		buf_printf(&want, "%s: %s", t[i].name, t[i].files);
		buf_printf(&got, "%s: %s", t[i].name, files);
		assert_string_equal(got.data, want.data);
		free(files);
		buf_free(&want);
		buf_free(&got);
		teardown(&st);
	}
}

static void
unknown_keys_change_nothing(void **state)
{
	struct fx *x = *state;

	/* Warnings only: the file loads, unknown keys change nothing. */
	load_case(x, "docs-unknown-key");
	assert_int_equal(x->rc, 0);
	assert_null(home(x)->title);
	assert_null(home(x)->summary);
	assert_int_equal(home(x)->date, 0);
	assert_string_equal(home(x)->html, "<p>Teks.</p>\n");
}

static void
leap_day(void **state)
{
	struct fx *x = *state;

	/* Beside the bad dates of the case, the leap day of 2024 is fine. */
	load_case(x, "docs-bad-dates");
	assert_int_equal(x->rc, -1);
	assert_int_equal(page(x, "c")->date, 20240229);
}

static void
known_without_result(void **state)
{
	struct fx *x = *state;
	size_t kb, pa, dk, dp;
	const struct doc *dc;

	/* Commentary on bodies the data knows, in years without a result. */
	load_case(x, "docs-known-without-result");
	assert_int_equal(x->rc, 0);
	kb = entity(x, "kota-b");
	pa = entity(x, "prov-a");
	dk = unit(x, "kota-b", "dinkes");
	dp = unit(x, "kota-b", "dpmptsp");
	dc = docs_find(&x->ds, DOC_UNIT, 2023, kb, dk, NULL);
	assert_non_null(dc);
	assert_string_equal(dc->html, "<p>Nilai tidak dirilis.</p>\n");
	dc = docs_find(&x->ds, DOC_ENTITY, 2022, pa, NONE, NULL);
	assert_non_null(dc);
	assert_string_equal(dc->html, "<p>Tidak dinilai 2022.</p>\n");
	dc = docs_find(&x->ds, DOC_UNIT, 2022, kb, dp, NULL);
	assert_non_null(dc);
	assert_string_equal(dc->html, "<p>Belum dinilai.</p>\n");
}

/* ---- Markdown: safe mode and links ------------------------------------ */

static void
safe_mode(void **state)
{
	struct fx *x = *state;

	md(x, "index.md",
	    "<script>alert(1)</script>\n\n"
	    "Teks <b onclick=\"x()\">tebal</b>.\n\n"
	    "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) "
	    "[c](vbscript:x) [d](data:text/html;base64,PGI+) "
	    "![e](javascript:alert(1)) [f](<javascript:x>)\n");
	LOAD_EXPECT(x, "");
	assert_string_equal(home(x)->html,
	    "<!-- raw HTML omitted -->\n"
	    "<p>Teks <!-- raw HTML omitted -->tebal<!-- raw HTML omitted -->"
	    ".</p>\n"
	    "<p><a href=\"\">a</a> <a href=\"\">b</a> <a href=\"\">c</a> "
	    "<a href=\"\">d</a> <img src=\"\" alt=\"e\" /> "
	    "<a href=\"\">f</a></p>\n");
	assert_null(strstr(home(x)->html, "<script"));
	assert_null(strstr(home(x)->html, "onclick"));
}

static void
relative_links(void **state)
{
	struct fx *x = *state;
	const char *html;

	md(x, "index.md",
	    "[m](metodologi/) [y](2022/kota-b/) [f](metodologi/index.html) "
	    "[p](metodologi/#skala) [q](2023/?tab=1) "
	    "[h](https://ombudsman.go.id/) [s](/mutlak/) [g](#bagian) "
	    "[k](?q=1) [e](mailto:a@b.id) [t](tel:+62) "
	    "![i](assets/logo.png) [d](data/results.csv) [r](./2023/)\n");
	LOAD_EXPECT(x, "");
	html = home(x)->html;
	assert_string_equal(html, "<p>"
	    "<a href=\"" DOC_ROOT_MARK "metodologi/index.html\">m</a> "
	    "<a href=\"" DOC_ROOT_MARK "2022/kota-b/index.html\">y</a> "
	    "<a href=\"" DOC_ROOT_MARK "metodologi/index.html\">f</a> "
	    "<a href=\"" DOC_ROOT_MARK "metodologi/index.html#skala\">p</a> "
	    "<a href=\"" DOC_ROOT_MARK "2023/index.html?tab=1\">q</a> "
	    "<a href=\"https://ombudsman.go.id/\">h</a> "
	    "<a href=\"/mutlak/\">s</a> "
	    "<a href=\"#bagian\">g</a> "
	    "<a href=\"?q=1\">k</a> "
	    "<a href=\"mailto:a@b.id\">e</a> "
	    "<a href=\"tel:+62\">t</a> "
	    "<img src=\"" DOC_ROOT_MARK "assets/logo.png\" alt=\"i\" /> "
	    "<a href=\"" DOC_ROOT_MARK "data/results.csv\">d</a> "
	    "<a href=\"" DOC_ROOT_MARK "./2023/index.html\">r</a>"
	    "</p>\n");
}

static void
html_for_page(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;
	const struct doc *h;

	md(x, "index.md",
	    "[m](metodologi/) ![i](assets/a.png) [h](https://x.id/)\n\n"
	    "`<a href=\"rapor-root:x\">` dan teks rapor-root:y\n");
	LOAD_EXPECT(x, "");
	h = home(x);
	/* Each page puts its own way back to the root in place of the mark. */
	docs_html_for_page(&b, h, "../../");
	assert_string_equal(b.data,
	    "<p><a href=\"../../metodologi/index.html\">m</a> "
	    "<img src=\"../../assets/a.png\" alt=\"i\" /> "
	    "<a href=\"https://x.id/\">h</a></p>\n"
	    "<p><code>&lt;a href=&quot;rapor-root:x&quot;&gt;</code> dan "
	    "teks rapor-root:y</p>\n");
	buf_reset(&b);
	/* At the root the mark simply goes. */
	docs_html_for_page(&b, h, "");
	assert_string_equal(b.data,
	    "<p><a href=\"metodologi/index.html\">m</a> "
	    "<img src=\"assets/a.png\" alt=\"i\" /> "
	    "<a href=\"https://x.id/\">h</a></p>\n"
	    "<p><code>&lt;a href=&quot;rapor-root:x&quot;&gt;</code> dan "
	    "teks rapor-root:y</p>\n");
	/* It appends. */
	buf_reset(&b);
	buf_puts(&b, "<div>");
	docs_html_for_page(&b, h, "https://example.org/r/");
	assert_string_equal(b.data, "<div><p><a href=\"https://example.org/r/"
	    "metodologi/index.html\">m</a> <img src=\"https://example.org/r/"
	    "assets/a.png\" alt=\"i\" /> <a href=\"https://x.id/\">h</a></p>\n"
	    "<p><code>&lt;a href=&quot;rapor-root:x&quot;&gt;</code> dan "
	    "teks rapor-root:y</p>\n");
	buf_free(&b);
}

static void
title_attribute_not_rewritten(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;

	/* A link title cannot smuggle in a second href. */
	md(x, "index.md", "[a](x/ \"href=\\\"rapor-root:evil\")\n");
	LOAD_EXPECT(x, "");
	docs_html_for_page(&b, home(x), "../");
	assert_string_equal(b.data, "<p><a href=\"../x/index.html\" "
	    "title=\"href=&quot;rapor-root:evil\">a</a></p>\n");
	buf_free(&b);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(home_only),
		T(every_kind),
		cmocka_unit_test(find_in_empty_set),
		T(front_matter_keys),
		T(front_matter_quotes_blanks_crlf),
		T(front_matter_later_key_wins),
		T(no_front_matter),
		T(front_matter_trailing_blanks),
		T(front_matter_after_bom),
		cmocka_unit_test(parse_date),
		cmocka_unit_test(loaded_beside_errors),
		T(unknown_keys_change_nothing),
		T(leap_day),
		T(known_without_result),
		T(safe_mode),
		T(relative_links),
		T(html_for_page),
		T(title_attribute_not_rewritten),
	};

	return cmocka_run_group_tests_name("docs", tests, NULL, NULL);
}
