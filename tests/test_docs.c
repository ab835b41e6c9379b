/*
 * Tests for the Markdown loader: include/docs.h (src/load_md.c),
 * content-format.md section 3 and docs/content-format.md.  Each test
 * builds a content folder from strings in a temporary directory, loads
 * and computes its data, then loads its Markdown and checks the exact
 * diagnostics, FILE:LINE:COLUMN included (the folder is shown as "C"),
 * and the documents and HTML that came out.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <errno.h>

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "docs.h"
#include "load.h"
#include "model.h"
#include "publish.h"

/* ---- fixture ---------------------------------------------------------- */

/*
 * Two years.  kota-b has results in 2022 and 2023, its unit dpmptsp in
 * 2023 only, its unit dinkes never; prov-a only in 2023.
 */
#define DEF_INI		"[site]\ntitle = Uji\n"
#define DEF_ZONES	"id,name,color\nhijau,Zona Hijau,#2e7d32\n" \
			"merah,Zona Merah,#c62828\n"
#define DEF_CATS	"years,code,name,min,zone\n,A,Baik,50,hijau\n" \
			",B,Kurang,0,merah\n"
#define DEF_ASPECTS	"years,id,name,weight\n"
#define DEF_ENTITIES	"id,name,kind,parent\nprov-a,Provinsi A,Provinsi,\n" \
			"kota-b,Kota B,Kota,prov-a\n"
#define DEF_UNITS	"entity,id,name,kind\nkota-b,dinkes,Dinas Kesehatan,OPD\n" \
			"kota-b,dpmptsp,DPMPTSP,OPD\n"
#define DEF_SCORES	"year,entity,unit,score\n2022,kota-b,,70\n" \
			"2023,kota-b,,80\n2023,kota-b,dpmptsp,82\n2023,prov-a,,90\n"

/* The index.md most tests need and do not look at. */
#define HOME	"# Beranda\n"

struct fx {
	char		 dir[64];
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

/* Write len bytes as the file rel of the content folder, making folders. */
static void
put(struct fx *x, const char *rel, const char *text, size_t len)
{
	tmp_put(x->dir, rel, text, len);
}

static void
md(struct fx *x, const char *rel, const char *text)
{
	put(x, rel, text, strlen(text));
}

static void
folder(struct fx *x, const char *rel)
{
	struct buf path = BUF_INIT;

	buf_printf(&path, "%s/%s", x->dir, rel);
	assert_int_equal(mkdir(path.data, 0700), 0);
	buf_free(&path);
}

/* Write the data files, load and compute them (cleanly), load the Markdown. */
static void
load(struct fx *x)
{
	put(x, "site.ini", DEF_INI, strlen(DEF_INI));
	put(x, "data/zones.csv", DEF_ZONES, strlen(DEF_ZONES));
	put(x, "data/categories.csv", DEF_CATS, strlen(DEF_CATS));
	put(x, "data/aspects.csv", DEF_ASPECTS, strlen(DEF_ASPECTS));
	put(x, "data/entities.csv", DEF_ENTITIES, strlen(DEF_ENTITIES));
	put(x, "data/units.csv", DEF_UNITS, strlen(DEF_UNITS));
	put(x, "data/scores.csv", DEF_SCORES, strlen(DEF_SCORES));
	assert_int_equal(load_report(x->dir, &x->r, &x->d), 0);
	assert_int_equal(compute_report(&x->r, &x->d), 0);
	assert_int_equal(x->d.n, 0);
	x->rc = docs_load(&x->r, &x->ds, &x->d);
	x->out = diag_text(&x->d, x->dir, "C");
}

/* Load and expect exactly these diagnostics (and rc -1 when any is an error). */
#define LOAD_EXPECT(x, text)                                                 \
	do {                                                                 \
		load(x);                                                     \
		assert_string_equal((x)->out, (text));                       \
		assert_int_equal((x)->rc, (x)->d.errors + (x)->d.system ?    \
		    -1 : 0);                                                 \
	} while (0)

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
unknown_key(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", "---\ntitel: Salah ketik\n  author: Siapa\n"
	    "Summary: Huruf besar\ndates: 2024-01-01\n---\nTeks.\n");
	LOAD_EXPECT(x,
	    "C/index.md:2:1: warning: unknown front matter key 'titel' "
	    "ignored; did you mean 'title'?\n"
	    "C/index.md:3:3: warning: unknown front matter key 'author' "
	    "ignored\n"
	    "C/index.md:4:1: warning: unknown front matter key 'Summary' "
	    "ignored; did you mean 'summary'?\n"
	    "C/index.md:5:1: warning: unknown front matter key 'dates' "
	    "ignored; did you mean 'date'?\n");
	/* Warnings only: the file loads, unknown keys change nothing. */
	assert_int_equal(x->rc, 0);
	assert_null(home(x)->title);
	assert_null(home(x)->summary);
	assert_int_equal(home(x)->date, 0);
}

static void
bad_dates(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", "---\ndate: 2023-02-29\n---\n");
	md(x, "a.md", "---\ntitle: A\ndate:   30 Oktober 2024\n---\n");
	md(x, "b.md", "---\ndate: \"2024-4-30\"\n---\n");
	md(x, "c.md", "---\ndate: 2024-02-29\n---\n");
	md(x, "d.md", "---\ndate:\n---\n");
	LOAD_EXPECT(x,
	    "C/a.md:3:9: error: date '30 Oktober 2024' is not a date of the "
	    "form 2024-10-30\n"
	    "C/b.md:2:8: error: date '2024-4-30' is not a date of the form "
	    "2024-10-30\n"
	    "C/d.md:2:6: error: date '' is not a date of the form "
	    "2024-10-30\n"
	    "C/index.md:2:7: error: date '2023-02-29' is not a date of the "
	    "form 2024-10-30\n");
	/* A file with an error is not loaded; the leap day of 2024 is fine. */
	assert_int_equal(x->ds.n, 1);
	assert_null(home(x));
	assert_int_equal(page(x, "c")->date, 20240229);
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

static void
never_closed(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", HOME);
	md(x, "a.md", "---\ntitle: A\n\nTeks tanpa penutup.\n");
	md(x, "b.md", "---\n");
	md(x, "c.md", "---\r\ntitle: C\r\n");
	LOAD_EXPECT(x,
	    "C/a.md:4:1: error: front matter line is not 'key: value'\n"
	    "C/a.md:1:1: error: front matter opened with '---' is never "
	    "closed\n"
	    "C/b.md:1:1: error: front matter opened with '---' is never "
	    "closed\n"
	    "C/c.md:1:1: error: front matter opened with '---' is never "
	    "closed\n");
	assert_int_equal(x->ds.n, 1);
}

static void
front_matter_bad_line(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", "---\ntitle: A\n  judul tanpa titik dua\n---\n");
	LOAD_EXPECT(x, "C/index.md:3:3: error: front matter line is not "
	    "'key: value'\n");
	assert_int_equal(x->ds.n, 0);
}

/* ---- limits and encoding ---------------------------------------------- */

static void
size_limit(void **state)
{
	struct fx *x = *state;
	char *big = malloc(DOC_MAX_SIZE + 1);

	assert_non_null(big);
	memset(big, 'a', DOC_MAX_SIZE + 1);
	big[0] = '#';
	big[1] = ' ';
	md(x, "index.md", HOME);
	/* Exactly 1 MiB loads; one byte more does not. */
	put(x, "pas.md", big, DOC_MAX_SIZE);
	put(x, "besar.md", big, DOC_MAX_SIZE + 1);
	put(x, "2023/kota-b.md", big, DOC_MAX_SIZE + 1);
	free(big);
	LOAD_EXPECT(x,
	    "C/2023/kota-b.md: error: file is larger than 1 MiB\n"
	    "C/besar.md: error: file is larger than 1 MiB\n");
	assert_non_null(page(x, "pas"));
	assert_null(page(x, "besar"));
	assert_int_equal(x->ds.n, 2);
}

static void
invalid_utf8(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", "# Beranda\nab\xC3(x\n");
	/* Columns count characters: é and € are one each. */
	md(x, "a.md", "---\ntitle: caf\xC3\xA9 \xE2\x82\xAC\xFF\n---\n");
	md(x, "b.md", "Surrogat \xED\xA0\x80.\n");
	md(x, "c.md", "\n\n\xC0\xAF\n");
	md(x, "d.md", "Terpotong \xE2\x82");
	LOAD_EXPECT(x,
	    "C/a.md:2:14: error: invalid UTF-8 byte 0xff\n"
	    "C/b.md:1:10: error: invalid UTF-8 byte 0xed\n"
	    "C/c.md:3:1: error: invalid UTF-8 byte 0xc0\n"
	    "C/d.md:1:11: error: invalid UTF-8 byte 0xe2\n"
	    "C/index.md:2:3: error: invalid UTF-8 byte 0xc3\n");
	assert_int_equal(x->ds.n, 0);
}

static void
nul_byte(void **state)
{
	struct fx *x = *state;

	put(x, "index.md", "# Beranda\n\xC3\xA9" "a\0b\n", 16);
	/* The first problem is reported, whichever kind it is. */
	put(x, "a.md", "x\0y\xFF\n", 5);
	put(x, "b.md", "x\xFFy\0\n", 5);
	LOAD_EXPECT(x,
	    "C/a.md:1:2: error: NUL byte in file\n"
	    "C/b.md:1:2: error: invalid UTF-8 byte 0xff\n"
	    "C/index.md:2:3: error: NUL byte in file\n");
	assert_int_equal(x->ds.n, 0);
}

/* ---- names the data must know ----------------------------------------- */

static void
home_required(void **state)
{
	struct fx *x = *state;

	md(x, "metodologi.md", "Metode.\n");
	LOAD_EXPECT(x, "C/index.md: error: required file is missing\n");
	assert_int_equal(x->rc, -1);
	assert_non_null(page(x, "metodologi"));
}

static void
home_required_among_other_errors(void **state)
{
	struct fx *x = *state;

	/* Every error of a run is reported: one does not hide another. */
	md(x, "Metodologi.md", "Metode.\n");
	LOAD_EXPECT(x,
	    "C/Metodologi.md: error: page name 'Metodologi' is not a valid "
	    "id (1-64 of a-z, 0-9 and '-', not a bare year)\n"
	    "C/index.md: error: required file is missing\n");
}

static void
home_broken_is_not_missing(void **state)
{
	struct fx *x = *state;

	/* index.md exists but has an error: that error, not "missing". */
	md(x, "index.md", "---\ndate: kemarin\n---\n");
	LOAD_EXPECT(x, "C/index.md:2:7: error: date 'kemarin' is not a date "
	    "of the form 2024-10-30\n");
}

static void
home_must_be_a_file(void **state)
{
	struct fx *x = *state;

	folder(x, "index.md");
	/* Errors are printed before warnings. */
	LOAD_EXPECT(x,
	    "C/index.md: error: required file is missing\n"
	    "C/index.md: warning: folder is not a year and is ignored\n");
}

static void
year_without_scores(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", HOME);
	md(x, "2021/index.md", "Tahun tanpa nilai.\n");
	md(x, "2024/kota-b.md", "Belum ada.\n");
	LOAD_EXPECT(x,
	    "C/2021: error: 2021 has no scores in data/scores.csv, so this "
	    "commentary would be lost\n"
	    "C/2024: error: 2024 has no scores in data/scores.csv, so this "
	    "commentary would be lost\n");
	assert_int_equal(x->ds.n, 1);
}

static void
unknown_entity(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", HOME);
	md(x, "2023/kota-c.md", "Salah ketik.\n");
	md(x, "2023/kab-serang.md", "Tidak ada.\n");
	md(x, "2023/kota-bb/dinkes.md", "Folder salah ketik.\n");
	LOAD_EXPECT(x,
	    "C/2023/kab-serang.md: error: entity 'kab-serang' is not in the "
	    "data, so this commentary would be lost\n"
	    "C/2023/kota-bb: error: entity 'kota-bb' is not in the data, so "
	    "this commentary would be lost; did you mean 'kota-b'?\n"
	    "C/2023/kota-c.md: error: entity 'kota-c' is not in the data, so "
	    "this commentary would be lost; did you mean 'kota-b'?\n");
	assert_int_equal(x->ds.n, 1);
}

static void
unknown_unit(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", HOME);
	md(x, "2023/kota-b/dpmptps.md", "Salah ketik.\n");
	md(x, "2023/kota-b/puskesmas.md", "Tidak ada.\n");
	/* Suggestions come from that entity's units only. */
	md(x, "2023/prov-a/dinkes.md", "Unit milik kota-b.\n");
	LOAD_EXPECT(x,
	    "C/2023/kota-b/dpmptps.md: error: unit 'dpmptps' is not in the "
	    "data, so this commentary would be lost; did you mean "
	    "'dpmptsp'?\n"
	    "C/2023/kota-b/puskesmas.md: error: unit 'puskesmas' is not in "
	    "the data, so this commentary would be lost\n"
	    "C/2023/prov-a/dinkes.md: error: unit 'dinkes' is not in the "
	    "data, so this commentary would be lost\n");
	assert_int_equal(x->ds.n, 1);
}

static void
known_without_result(void **state)
{
	struct fx *x = *state;
	size_t kb, pa, dk, dp;
	const struct doc *dc;

	md(x, "index.md", HOME);
	/* dinkes has no score in any year, prov-a none in 2022, dpmptsp none in 2022. */
	md(x, "2023/kota-b/dinkes.md", "Nilai tidak dirilis.\n");
	md(x, "2022/prov-a.md", "Tidak dinilai 2022.\n");
	md(x, "2022/kota-b/dpmptsp.md", "Belum dinilai.\n");
	LOAD_EXPECT(x, "");
	kb = entity(x, "kota-b");
	pa = entity(x, "prov-a");
	dk = unit(x, "kota-b", "dinkes");
	dp = unit(x, "kota-b", "dpmptsp");
	assert_int_equal(x->ds.n, 4);
	dc = docs_find(&x->ds, DOC_UNIT, 2023, kb, dk, NULL);
	assert_non_null(dc);
	assert_string_equal(dc->html, "<p>Nilai tidak dirilis.</p>\n");
	assert_non_null(docs_find(&x->ds, DOC_ENTITY, 2022, pa, NONE, NULL));
	assert_non_null(docs_find(&x->ds, DOC_UNIT, 2022, kb, dp, NULL));
}

/* ---- page names and stray files --------------------------------------- */

static void
page_names(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", HOME);
	md(x, "Metodologi.md", "x\n");
	md(x, "2023.md", "x\n");
	md(x, "hasil_2023.md", "x\n");
	md(x, "con.md", "x\n");
	md(x, "-awal.md", "x\n");
	md(x, "boleh-1.md", "x\n");
	md(x, "2023-catatan.md", "x\n");
	md(x, "12345.md", "x\n");
	LOAD_EXPECT(x,
	    "C/-awal.md: error: page name '-awal' is not a valid id (1-64 of "
	    "a-z, 0-9 and '-', not a bare year)\n"
	    "C/2023.md: error: page name '2023' is not a valid id (1-64 of "
	    "a-z, 0-9 and '-', not a bare year)\n"
	    "C/Metodologi.md: error: page name 'Metodologi' is not a valid id "
	    "(1-64 of a-z, 0-9 and '-', not a bare year)\n"
	    "C/con.md: error: page name 'con' is not a valid id (1-64 of "
	    "a-z, 0-9 and '-', not a bare year)\n"
	    "C/hasil_2023.md: error: page name 'hasil_2023' is not a valid "
	    "id (1-64 of a-z, 0-9 and '-', not a bare year)\n");
	/* Names that follow the rule load, a five-digit one included. */
	assert_non_null(page(x, "boleh-1"));
	assert_non_null(page(x, "2023-catatan"));
	assert_non_null(page(x, "12345"));
	assert_int_equal(x->ds.n, 4);
}

static void
reserved_page_names(void **state)
{
	struct fx *x = *state;
	static const char *const names[] = { "assets", "charts", "data",
	    "search", "404" };
	struct buf expect = BUF_INIT;
	size_t i;

	md(x, "index.md", HOME);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct buf f = BUF_INIT;

		buf_printf(&f, "%s.md", names[i]);
		md(x, f.data, "x\n");
		buf_free(&f);
	}
	/* In dir_list order: bytewise. */
	buf_puts(&expect, "C/404.md: error: page name '404' is reserved for "
	    "rapor's own files\n");
	buf_puts(&expect, "C/assets.md: error: page name 'assets' is reserved "
	    "for rapor's own files\n");
	buf_puts(&expect, "C/charts.md: error: page name 'charts' is reserved "
	    "for rapor's own files\n");
	buf_puts(&expect, "C/data.md: error: page name 'data' is reserved for "
	    "rapor's own files\n");
	buf_puts(&expect, "C/search.md: error: page name 'search' is reserved "
	    "for rapor's own files\n");
	LOAD_EXPECT(x, expect.data);
	assert_int_equal(x->ds.n, 1);
	buf_free(&expect);
}

static void
stray_folders_and_files(void **state)
{
	struct fx *x = *state;

	md(x, "index.md", HOME);
	md(x, "catatan/draf.md", "Bukan tahun.\n");
	md(x, "0999/index.md", "Tahun tiga digit.\n");
	md(x, "2023/foto.jpg", "JPEG");
	md(x, "2023/kota-b/foto.jpg", "JPEG");
	md(x, "2023/kota-b/arsip/dinkes.md", "Terlalu dalam.\n");
	md(x, "2023/kota-b/dpmptsp.md", "Boleh.\n");
	LOAD_EXPECT(x,
	    "C/0999: error: 0999 has no scores in data/scores.csv, so this "
	    "commentary would be lost\n"
	    "C/2023/foto.jpg: warning: not a Markdown file; ignored\n"
	    "C/2023/kota-b/arsip: warning: not a Markdown file; ignored\n"
	    "C/2023/kota-b/foto.jpg: warning: not a Markdown file; ignored\n"
	    "C/catatan: warning: folder is not a year and is ignored\n");
	assert_int_equal(x->ds.n, 2);
}

static void
ignored_silently(void **state)
{
	struct fx *x = *state;

	/* Hidden entries, data/, site.ini and stray top-level files: no word. */
	md(x, "index.md", HOME);
	md(x, ".git/HEAD", "ref\n");
	md(x, ".draf.md", "Tersembunyi.\n");
	md(x, "2023/.catatan.md", "Tersembunyi.\n");
	md(x, "2023/._kota-b.md", "AppleDouble dari macOS.\n");
	md(x, "2023/.DS_Store", "x");
	md(x, "2023/kota-b/._dpmptsp.md", "AppleDouble dari macOS.\n");
	md(x, "README.txt", "Catatan penyunting.\n");
	md(x, "data/catatan.md", "Bukan halaman.\n");
	LOAD_EXPECT(x, "");
	assert_int_equal(x->ds.n, 1);
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
		T(unknown_key),
		T(bad_dates),
		cmocka_unit_test(parse_date),
		T(never_closed),
		T(front_matter_bad_line),
		T(size_limit),
		T(invalid_utf8),
		T(nul_byte),
		T(home_required),
		T(home_required_among_other_errors),
		T(home_broken_is_not_missing),
		T(home_must_be_a_file),
		T(year_without_scores),
		T(unknown_entity),
		T(unknown_unit),
		T(known_without_result),
		T(page_names),
		T(reserved_page_names),
		T(stray_folders_and_files),
		T(ignored_silently),
		T(safe_mode),
		T(relative_links),
		T(html_for_page),
		T(title_attribute_not_rewritten),
	};

	return cmocka_run_group_tests_name("docs", tests, NULL, NULL);
}
