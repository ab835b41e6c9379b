/*
 * Tests for the load stage: include/load.h, content-format.md sections 1
 * and 2 (site.ini and the six CSV files).  Each test builds a content
 * folder from strings in a temporary directory and checks the exact
 * diagnostics, FILE:LINE:COLUMN included (the folder is shown as "C").
 */
#include "testutil.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>

#include "buf.h"
#include "diag.h"
#include "load.h"
#include "model.h"

/* ---- fixture ---------------------------------------------------------- */

/* A small valid report; each test replaces the files it is about. */
#include "fixture.h"

/* The id rule's explanation, as load.c words it. */
#define BADID	" is not a valid id (use 1-64 of a-z, 0-9 and '-', starting " \
		"with a letter or digit; not a Windows device name)"
#define NOTNUM	" is not a number (write 89.45 or 89,45; no thousands " \
		"separators)"
#define BADYEARS ": expected years such as '2023', '2022-2024' or " \
		"'2019 2021-2023' (years 1900-2999)"

static void
load(struct fx *x, const struct content *c)
{
	fx_load(x, c, 0);
}

/* Load and expect exactly these diagnostics (and rc -1 when any is an error). */
#define LOAD_EXPECT(x, c, text)                                              \
	do {                                                                 \
		load((x), (c));                                              \
		assert_string_equal((x)->out, (text));                       \
		assert_int_equal((x)->rc, (x)->d.errors ? -1 : 0);           \
	} while (0)

/* load_site_ini() on a string, diagnostics in *out (caller frees). */
static size_t
ini(const char *text, size_t len, struct site *s, char **out)
{
	struct diags d = DIAGS_INIT;
	size_t n = load_site_ini("site.ini", text, len, s, &d);

	*out = diag_text(&d, NULL, NULL);
	assert_int_equal(n, d.errors);
	diag_free(&d);
	return n;
}

static void
site_free(struct site *s)
{
	free(s->title);
	free(s->description);
	free(s->base_url);
	free(s->publisher);
}

#define INI_EXPECT(text, errs, expected)                                     \
	do {                                                                 \
		struct site s_;                                              \
		char *o_;                                                    \
		assert_int_equal(ini((text), strlen(text), &s_, &o_), errs); \
		assert_string_equal(o_, (expected));                         \
		free(o_);                                                    \
		site_free(&s_);                                              \
	} while (0)

/* ---- helpers of load.h ------------------------------------------------ */

static void
ids(void **state)
{
	char s65[66], s64[65];

	(void)state;
	memset(s65, 'a', 65);
	s65[65] = '\0';
	memset(s64, 'a', 64);
	s64[64] = '\0';
	assert_true(id_valid("kota-cilegon"));
	assert_true(id_valid("0"));
	assert_true(id_valid("9a-"));
	assert_true(id_valid("a--b"));
	assert_true(id_valid(s64));
	assert_false(id_valid(s65));
	assert_false(id_valid(""));
	assert_false(id_valid("-a"));
	assert_false(id_valid("../x"));
	assert_false(id_valid("a/b"));
	assert_false(id_valid("a.b"));
	assert_false(id_valid("a b"));
	assert_false(id_valid("a_b"));
	assert_false(id_valid("Kota"));
	assert_false(id_valid("CON"));
	assert_false(id_valid("con"));
	assert_false(id_valid("nul"));
	assert_false(id_valid("com1"));
	assert_false(id_valid("lpt9"));
	assert_true(id_valid("com10"));
	assert_true(id_valid("console"));
	assert_false(id_valid("k\xc3\xb6ta"));
}

static void
yearsets(void **state)
{
	struct yearset ys;
	const char *why = NULL;

	(void)state;
	assert_int_equal(yearset_parse("", &ys, &why), 0);
	assert_true(ys.all);
	assert_true(yearset_has(&ys, 1900) && yearset_has(&ys, 2999));
	free(ys.ranges);

	assert_int_equal(yearset_parse("2023", &ys, &why), 0);
	assert_false(ys.all);
	assert_int_equal(ys.n, 1);
	assert_true(yearset_has(&ys, 2023));
	assert_false(yearset_has(&ys, 2022));
	free(ys.ranges);

	assert_int_equal(yearset_parse("2019 2021 2022-2024", &ys, &why), 0);
	assert_int_equal(ys.n, 3);
	assert_int_equal(ys.ranges[2][0], 2022);
	assert_int_equal(ys.ranges[2][1], 2024);
	assert_true(yearset_has(&ys, 2019));
	assert_false(yearset_has(&ys, 2020));
	assert_true(yearset_has(&ys, 2021));
	assert_true(yearset_has(&ys, 2024));
	assert_false(yearset_has(&ys, 2025));
	free(ys.ranges);

	/* A quoted list may use commas. */
	assert_int_equal(yearset_parse("2019, 2021", &ys, &why), 0);
	assert_int_equal(ys.n, 2);
	free(ys.ranges);

	assert_int_equal(yearset_parse("2024-2022", &ys, &why), -1);
	assert_string_equal(why, "a range must go from the earlier year to "
	    "the later");
	assert_null(ys.ranges);
	assert_int_equal(yearset_parse("19xx", &ys, &why), -1);
	assert_string_equal(why, "expected years such as '2023', "
	    "'2022-2024' or '2019 2021-2023' (years 1900-2999)");
	assert_int_equal(yearset_parse("3000", &ys, &why), -1);
	assert_int_equal(yearset_parse("1899", &ys, &why), -1);
	assert_int_equal(yearset_parse("2022-", &ys, &why), -1);
	assert_int_equal(yearset_parse("-2022", &ys, &why), -1);
	assert_int_equal(yearset_parse("2022--2023", &ys, &why), -1);
	assert_int_equal(yearset_parse("2022-2023-2024", &ys, &why), -1);
	assert_int_equal(yearset_parse("2023 x", &ys, &why), -1);
	assert_int_equal(yearset_parse("20233", &ys, &why), -1);
	assert_null(ys.ranges);
	assert_int_equal(ys.n, 0);
}

/* ---- site.ini --------------------------------------------------------- */

static void
ini_defaults(void **state)
{
	struct site s;
	char *o;

	(void)state;
	assert_int_equal(ini(DEF_INI "[scoring]\n", strlen(DEF_INI) + 10, &s,
	    &o), 0);
	assert_string_equal(o, "");
	assert_string_equal(s.title, "Uji");
	assert_string_equal(s.description, "");
	assert_string_equal(s.publisher, "");
	assert_null(s.base_url);
	assert_int_equal(s.language, LANG_ID);
	assert_int_equal(s.scale_min.v, 0);
	assert_int_equal(s.scale_max.v, 100 * DEC_ONE);
	assert_int_equal(s.decimals, 2);
	assert_int_equal(s.rounding, ROUND_HALF_UP);
	assert_int_equal(s.unit_rule, UNIT_WEIGHTED_MEAN);
	free(o);
	site_free(&s);
}

static void
ini_every_key(void **state)
{
	static const char text[] =
	    "; a comment\n"
	    "# another comment\n"
	    "\n"
	    "[site]\n"
	    "title = PEKPPP Kota Contoh\n"
	    "description = Hasil evaluasi; contoh\n"
	    "base_url = https://example.org/r\n"
	    "language = en\n"
	    "publisher = KemenPAN-RB\n"
	    "[scoring]\n"
	    "scale_min = 1\n"
	    "scale_max = 5,5\n"
	    "decimals = 3\n"
	    "rounding = truncate\n"
	    "unit = sum\n";
	struct site s;
	char *o;

	(void)state;
	assert_int_equal(ini(text, strlen(text), &s, &o), 0);
	assert_string_equal(o, "");
	assert_string_equal(s.title, "PEKPPP Kota Contoh");
	/* A ';' without a blank before it is text, not a comment. */
	assert_string_equal(s.description, "Hasil evaluasi; contoh");
	assert_string_equal(s.base_url, "https://example.org/r/");
	assert_int_equal(s.language, LANG_EN);
	assert_string_equal(s.publisher, "KemenPAN-RB");
	assert_int_equal(s.scale_min.v, DEC_ONE);
	assert_int_equal(s.scale_max.v, 5 * DEC_ONE + DEC_ONE / 2);
	assert_int_equal(s.decimals, 3);
	assert_int_equal(s.rounding, ROUND_TRUNCATE);
	assert_int_equal(s.unit_rule, UNIT_SUM);
	free(o);
	site_free(&s);
}

static void
ini_comments_and_quotes(void **state)
{
	static const char text[] =
	    "[site]\n"
	    "title = Rapor Banten   ; inline comment\n"
	    "description = Peringkat #1 di Banten\n"
	    "publisher = \"Ombudsman ; Banten\" ; comment after quotes\n"
	    "base_url = https://example.org/ ; trailing slash kept\n"
	    "[scoring]\n"
	    "rounding = truncate\t; tab before the comment\n"
	    "decimals = 1 ; one\n";
	struct site s;
	char *o;

	(void)state;
	assert_int_equal(ini(text, strlen(text), &s, &o), 0);
	assert_string_equal(o, "");
	assert_string_equal(s.title, "Rapor Banten");
	assert_string_equal(s.description, "Peringkat #1 di Banten");
	assert_string_equal(s.publisher, "Ombudsman ; Banten");
	assert_string_equal(s.base_url, "https://example.org/");
	assert_int_equal(s.rounding, ROUND_TRUNCATE);
	assert_int_equal(s.decimals, 1);
	free(o);
	site_free(&s);
}

static void
ini_bom_crlf(void **state)
{
	static const char text[] =
	    "\xEF\xBB\xBF[site]\r\n"
	    "title = Uji\r\n"
	    "language = xx\r\n"
	    "[scoring]\r\n"
	    "unit = sum\r\n";
	struct site s;
	char *o;

	(void)state;
	assert_int_equal(ini(text, strlen(text), &s, &o), 1);
	assert_string_equal(o, "site.ini:3:12: error: language must be 'id' "
	    "or 'en', not 'xx'\n");
	assert_string_equal(s.title, "Uji");
	assert_int_equal(s.unit_rule, UNIT_SUM);
	free(o);
	site_free(&s);
	/* The BOM takes no column. */
	INI_EXPECT("\xEF\xBB\xBFtitle = x\n[site]\ntitle = T\n", 1,
	    "site.ini:1:1: error: key outside any section (start with [site] "
	    "or [scoring])\n");
}

static void
ini_unknown(void **state)
{
	(void)state;
	INI_EXPECT("[site]\n"
	    "title = Uji\n"
	    "tittle = Uji\n"
	    "[scorring]\n"
	    "foo = 1\n"
	    "[Site]\n"
	    "[scoring]\n"
	    "  rnding = truncate\n"
	    "colour = red\n"
	    "[pages]\n", 0,
	    "site.ini:3:1: warning: unknown key 'tittle' in [site] ignored; "
	    "did you mean 'title'?\n"
	    "site.ini:4:1: warning: unknown section [scorring] ignored; did "
	    "you mean 'scoring'?\n"
	    "site.ini:6:1: warning: unknown section [Site] ignored; did you "
	    "mean 'site'?\n"
	    "site.ini:8:3: warning: unknown key 'rnding' in [scoring] ignored; "
	    "did you mean 'rounding'?\n"
	    "site.ini:9:1: warning: unknown key 'colour' in [scoring] ignored\n"
	    "site.ini:10:1: warning: unknown section [pages] ignored\n");
}

static void
ini_bad_values(void **state)
{
	(void)state;
	INI_EXPECT("[site]\n"
	    "title = Uji\n"
	    "language = fr\n"
	    "base_url = ftp://example.org/\n"
	    "[scoring]\n"
	    "decimals = 10\n"
	    "rounding = up\n"
	    "unit = mean\n"
	    "scale_max = abc\n"
	    "scale_min =   1.2.3\n"
	    "decimals = -1\n", 8,
	    "site.ini:3:12: error: language must be 'id' or 'en', not 'fr'\n"
	    "site.ini:4:12: error: base_url must start with http:// or "
	    "https://\n"
	    "site.ini:6:12: error: decimals must be a whole number from 0 to "
	    "9, not '10'\n"
	    "site.ini:7:12: error: rounding must be 'half-up' or 'truncate', "
	    "not 'up'\n"
	    "site.ini:8:8: error: unit must be 'weighted-mean' or 'sum', not "
	    "'mean'\n"
	    "site.ini:9:13: error: scale_max 'abc' is not a number\n"
	    "site.ini:10:15: error: scale_min '1.2.3' is not a number\n"
	    "site.ini:11:12: error: decimals must be a whole number from 0 to "
	    "9, not '-1'\n");
	INI_EXPECT("[site]\ntitle = T\nbase_url = https://example.org/a b\n",
	    1, "site.ini:3:12: error: base_url may not contain blanks, quotes, "
	    "'<', '>' or '\\'\n");
	INI_EXPECT("[site]\ntitle = T\nbase_url = https://x.org/\"><script>\n",
	    1, "site.ini:3:12: error: base_url may not contain blanks, quotes, "
	    "'<', '>' or '\\'\n");
	INI_EXPECT("[site]\ntitle = T\n[scoring]\nscale_min = 5\nscale_max = 5\n",
	    1, "site.ini: error: scale_min must be below scale_max\n");
	INI_EXPECT("[site]\ntitle = T\nlanguage = EN\n", 1,
	    "site.ini:3:12: error: language must be 'id' or 'en', not 'EN'\n");
}

static void
ini_title_and_syntax(void **state)
{
	struct site s;
	char *o;

	(void)state;
	INI_EXPECT("", 1, "site.ini: error: [site] title is required\n");
	INI_EXPECT("[site]\ntitle =\n", 1,
	    "site.ini: error: [site] title is required\n");
	INI_EXPECT("[site\ntitle = T\n", 3,
	    "site.ini:1:1: error: section header has no closing ']'\n"
	    "site.ini:2:1: error: key outside any section (start with [site] "
	    "or [scoring])\n"
	    "site.ini: error: [site] title is required\n");
	INI_EXPECT("[site]\ntitle = T\n  = x\njust words\n", 2,
	    "site.ini:3:3: error: missing key before '='\n"
	    "site.ini:4:1: error: expected 'key = value' or '[section]'\n");
	/* Columns count characters, not bytes. */
	INI_EXPECT("[site]\ntitle = \xc3\x9c\xff\n", 2,
	    "site.ini:2:10: error: invalid UTF-8 byte 0xff\n"
	    "site.ini: error: [site] title is required\n");
	assert_int_equal(ini("[site]\ntitle = a\0b\n", 19, &s, &o), 2);
	assert_string_equal(o, "site.ini:2:10: error: NUL byte in file\n"
	    "site.ini: error: [site] title is required\n");
	free(o);
	site_free(&s);
	/* A file without a final newline. */
	assert_int_equal(ini("[site]\ntitle = T", 16, &s, &o), 0);
	assert_string_equal(s.title, "T");
	free(o);
	site_free(&s);
	/* Nothing is read past len: the text is not NUL-terminated. */
	{
		static const char t[] = "[site]\ntitle = T\npublisher =";
		static const char u[] = "[site]\ntitle = T\npublisher = \"";
		char *exact = malloc(sizeof t - 1);

		assert_non_null(exact);
		memcpy(exact, t, sizeof t - 1);
		assert_int_equal(ini(exact, sizeof t - 1, &s, &o), 0);
		assert_string_equal(s.publisher, "");
		free(o);
		site_free(&s);
		/* "publisher =" becomes "publisher\"": not a key = value. */
		memcpy(exact, t, sizeof t - 1);
		exact[sizeof t - 2] = '"';
		assert_int_equal(ini(exact, sizeof t - 1, &s, &o), 1);
		assert_string_equal(o, "site.ini:3:1: error: expected "
		    "'key = value' or '[section]'\n");
		free(o);
		site_free(&s);
		free(exact);
		/* A value that is one quote at the very end. */
		exact = malloc(sizeof u - 1);
		assert_non_null(exact);
		memcpy(exact, u, sizeof u - 1);
		assert_int_equal(ini(exact, sizeof u - 1, &s, &o), 0);
		assert_string_equal(s.publisher, "\"");
		free(o);
		site_free(&s);
		free(exact);
	}
}

static void
ini_in_folder(void **state)
{
	struct fx *x = *state;
	struct content c = { .ini = absent };

	LOAD_EXPECT(x, &c, "C/site.ini: error: required file is missing\n"
	    "C/site.ini: error: [site] title is required\n");
}

/* ---- the folder: files and columns ------------------------------------ */

static void
minimal_ok(void **state)
{
	struct fx *x = *state;
	struct content c = { .ini = NULL };

	LOAD_EXPECT(x, &c, "");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->r.nzones, 3);
	assert_int_equal(x->r.ncategories, 3);
	assert_int_equal(x->r.naspects, 0);
	assert_int_equal(x->r.nentities, 2);
	/* Sorted by id: kota-b before prov-a. */
	assert_string_equal(x->r.entities[0].id, "kota-b");
	assert_int_equal(x->r.entities[0].parent, 1);
	assert_string_equal(x->r.entities[1].id, "prov-a");
	assert_int_equal(x->r.entities[1].parent, NONE);
	assert_null(x->r.entities[1].parent_id);
	assert_int_equal(x->r.nunits, 1);
	assert_string_equal(x->r.units[0].kind, "OPD");
	assert_int_equal(x->r.nscores, 1);
	assert_int_equal(x->r.scores[0].year, 2023);
	assert_int_equal(x->r.scores[0].unit, NONE);
	assert_int_equal(x->r.scores[0].score.v, 80 * DEC_ONE);
	assert_int_equal(x->r.scores[0].pos.line, 2);
	assert_int_equal(x->r.scores[0].pos.col, 1);
	assert_true(x->r.categories[0].years.all);
	assert_int_equal(x->r.categories[1].zone, 1);
}

static void
sample_content(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	static const char *const uids[] = { "dinkes", "dinsos", "disdik",
	    "disdukcapil", "dpmptsp", "puskesmas-cibeber",
	    "puskesmas-pulomerak" };
	size_t i;

	(void)state;
	assert_int_equal(load_report("content", &r, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(r.site.title,
	    "Rapor Kepatuhan Pelayanan Publik Banten (contoh)");
	assert_string_equal(r.site.base_url, "https://example.org/rapor/");
	assert_int_equal(r.site.unit_rule, UNIT_SUM);
	assert_int_equal(r.nzones, 3);
	assert_string_equal(r.zones[2].id, "merah");
	assert_int_equal(r.ncategories, 8);
	assert_int_equal(r.naspects, 4);
	assert_int_equal(r.aspects[1].weight.v, 32370000000LL);
	assert_int_equal(r.nentities, 2);
	assert_string_equal(r.entities[0].id, "kota-cilegon");
	assert_string_equal(r.entities[0].parent_id, "prov-banten");
	assert_int_equal(r.entities[0].parent, 1);
	assert_int_equal(r.nunits, 7);
	for (i = 0; i < 7; i++) {
		assert_string_equal(r.units[i].id, uids[i]);
		assert_int_equal(r.units[i].entity, 0);
	}
	/* scores.csv: BOM, ';' and decimal commas. */
	assert_int_equal(r.nscores, 11);
	assert_int_equal(r.scores[0].year, 2021);
	assert_int_equal(r.scores[0].score.v, 77660000000LL);
	assert_int_equal(r.scores[0].pos.line, 2);
	assert_int_equal(r.scores[0].pos.col, 1);
	assert_int_equal(r.scores[3].unit, 5);
	assert_int_equal(r.scores[3].score.v, 93350000000LL);
	assert_int_equal(r.scores[10].entity, 1);
	report_free(&r);
	diag_free(&d);
}

static void
missing_files(void **state)
{
	struct fx *x = *state;
	struct content c = { absent, absent, absent, absent, absent, absent,
	    absent, { NULL } };

	LOAD_EXPECT(x, &c, "C/site.ini: error: required file is missing\n"
	    "C/site.ini: error: [site] title is required\n"
	    "C/data/zones.csv: error: required file is missing\n"
	    "C/data/categories.csv: error: required file is missing\n"
	    "C/data/aspects.csv: error: required file is missing\n"
	    "C/data/entities.csv: error: required file is missing\n"
	    "C/data/units.csv: error: required file is missing\n"
	    "C/data/scores.csv: error: required file is missing\n");
}

static void
empty_files(void **state)
{
	struct fx *x = *state;
	struct content c = { .zones = "", .aspects = "\n\n",
	    .scores = "\xEF\xBB\xBF" };

	LOAD_EXPECT(x, &c,
	    "C/data/zones.csv: error: file is empty: it needs at least a "
	    "header row\n"
	    "C/data/aspects.csv: error: file is empty: it needs at least a "
	    "header row\n"
	    "C/data/scores.csv: error: file is empty: it needs at least a "
	    "header row\n");
}

static void
no_zones(void **state)
{
	struct fx *x = *state;
	struct content c = { .zones = "id,name,color\n" };

	/* Only the zones file: categories do not repeat it per row. */
	LOAD_EXPECT(x, &c, "C/data/zones.csv: error: no zones defined\n");
}

static void
missing_columns(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.zones = "id,name\nhijau,Zona Hijau\n",
		.categories = "years,code,name,zone\n,A,Baik,hijau\n",
		.aspects = "id,name\n",
		.entities = "\n\nname,kind\nKota B,Kota\n",
		.units = "id,name\ndinkes,Dinas Kesehatan\n",
		.scores = "year,unit,score\n2023,,80\n",
	};

	/*
	 * Each file's own error, at its header row; files that depend on a
	 * broken one do not repeat it as "unknown zone/entity" per row.
	 */
	LOAD_EXPECT(x, &c,
	    "C/data/zones.csv:1:1: error: missing required column 'color'\n"
	    "C/data/categories.csv:1:1: error: missing required column 'min'\n"
	    "C/data/aspects.csv:1:1: error: missing required column 'years'\n"
	    "C/data/aspects.csv:1:1: error: missing required column 'weight'\n"
	    "C/data/entities.csv:3:1: error: missing required column 'id'\n"
	    "C/data/units.csv:1:1: error: missing required column 'entity'\n"
	    "C/data/scores.csv:1:1: error: missing required column 'entity'\n");
}

static void
broken_zones_no_cascade(void **state)
{
	struct fx *x = *state;
	struct content c = { .zones = "id,name\nhijau,Zona Hijau\n" };

	LOAD_EXPECT(x, &c,
	    "C/data/zones.csv:1:1: error: missing required column 'color'\n");
}

static void
broken_entities_no_cascade(void **state)
{
	struct fx *x = *state;
	struct content c = { .entities = absent };

	LOAD_EXPECT(x, &c,
	    "C/data/entities.csv: error: required file is missing\n");
}

static void
unknown_columns(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.zones = "id,name,color,colour\nhijau,Zona Hijau,#2e7d32,x\n"
		    "kuning,Zona Kuning,#f9a825,\nmerah,Zona Merah,#c62828\n",
		.entities = "id,name,kind,parent,catatan,\n"
		    "prov-a,Provinsi A,Provinsi,,,\n"
		    "kota-b,Kota B,Kota,prov-a,ok,\n",
		.units = "entity,id,name,kinds\nkota-b,dinkes,Dinas Kesehatan,"
		    "OPD\n",
	};

	LOAD_EXPECT(x, &c,
	    "C/data/zones.csv:1:15: warning: unknown column 'colour' ignored; "
	    "did you mean 'color'?\n"
	    "C/data/entities.csv:1:21: warning: unknown column 'catatan' "
	    "ignored\n"
	    "C/data/entities.csv:1:29: warning: column without a name "
	    "ignored\n"
	    "C/data/units.csv:1:16: warning: unknown column 'kinds' ignored; "
	    "did you mean 'kind'?\n");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->r.nzones, 3);
	/* The optional kind column was not found: no kind. */
	assert_null(x->r.units[0].kind);
}

static void
duplicate_columns(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.zones = "id,name,color,Name\nhijau,Zona Hijau,#2e7d32,x\n"
		    "kuning,Zona Kuning,#f9a825,\nmerah,Zona Merah,#c62828\n",
	};

	LOAD_EXPECT(x, &c, "C/data/zones.csv:1:15: error: column 'Name' "
	    "appears twice (first at column 4)\n");
}

static void
headers_any_order(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.zones = " Color ,ID,  Name\n#2e7d32,hijau,Zona Hijau\n"
		    "#f9a825,kuning,Zona Kuning\n\"#c62828\" , merah ,"
		    "\" Zona Merah \"\n",
		.categories = "ZONE\tMin\tName\tCode\tYears\n"
		    "hijau\t80,5\tBaik\tA\t\n"
		    "kuning\t50\tCukup\tB\t\"2019, 2023\"\n"
		    "merah\t0\tKurang\tC\t\n",
		.entities = "Parent;Kind;Name;Id\r\n;Provinsi;Provinsi A;prov-a"
		    "\r\nprov-a;Kota;Kota B;kota-b\r\n",
		.scores = "\xEF\xBB\xBFunit;score;entity;YEAR\n;80,25;kota-b;"
		    "2023\n",
	};

	LOAD_EXPECT(x, &c, "");
	assert_string_equal(x->r.zones[0].id, "hijau");
	assert_string_equal(x->r.zones[0].color, "#2e7d32");
	assert_string_equal(x->r.zones[2].id, "merah");
	/* A quoted field keeps its blanks. */
	assert_string_equal(x->r.zones[2].name, " Zona Merah ");
	assert_int_equal(x->r.categories[0].min.v, 80500000000LL);
	assert_int_equal(x->r.categories[1].years.n, 2);
	assert_true(yearset_has(&x->r.categories[1].years, 2019));
	assert_false(yearset_has(&x->r.categories[1].years, 2020));
	assert_string_equal(x->r.entities[0].parent_id, "prov-a");
	assert_int_equal(x->r.scores[0].score.v, 80250000000LL);
	assert_int_equal(x->r.scores[0].year, 2023);
}

static void
decimal_comma_in_comma_file(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.scores = "year,entity,unit,score\n2023,kota-b,,80,5\n"
		    "2022,kota-b,,\"79,5\"\n2021,kota-b,,78.5,,\n",
	};

	LOAD_EXPECT(x, &c, "C/data/scores.csv:2:17: error: row has 5 fields "
	    "but the header has 4 (a decimal comma in a comma-separated file "
	    "must be quoted)\n");
	/* The quoted decimal comma is fine, and so are empty extra cells. */
	assert_int_equal(x->r.nscores, 3);
	assert_int_equal(x->r.scores[1].score.v, 79500000000LL);
	assert_int_equal(x->r.scores[2].score.v, 78500000000LL);
}

static void
extra_cells_semicolon(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.units = "entity;id;name;kind\n"
		    "kota-b;dinkes;Dinas Kesehatan;OPD;lebih\n",
	};

	LOAD_EXPECT(x, &c, "C/data/units.csv:2:35: error: row has 5 fields "
	    "but the header has 4\n");
}

static void
reader_positions(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.entities = "id,name,kind,parent\n"
		    "prov-a,\"Provinsi\nA \"\"baru\"\"\",Provinsi,\n"
		    "kota-b,Kota B,Kota,prov-a\n"
		    "kota-c,Kota \xff C,Kota,\n"
		    "kota-d,\"Kota D\",Kot\"a,\n"
		    "Kota-E,X,Kota,\n",
	};

	/* The reader's errors and ours, lines counted across the quoted break. */
	LOAD_EXPECT(x, &c,
	    "C/data/entities.csv:5:13: error: invalid UTF-8 byte 0xff\n"
	    "C/data/entities.csv:6:20: error: quote inside an unquoted field "
	    "(quote the whole field and write the quote twice: \"\")\n"
	    "C/data/entities.csv:7:1: error: entity id 'Kota-E'" BADID "\n");
	assert_string_equal(x->r.entities[report_entity(&x->r,
	    "prov-a")].name, "Provinsi\nA \"baru\"");
	assert_int_equal(x->r.entities[report_entity(&x->r,
	    "kota-b")].pos.line, 4);
}

static void
row_errors_do_not_cascade(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.zones = "id,name,color\nhijau,Zona Hijau,#2e7d32\n"
		    "kuning,Zona Kuning,yellow\nmerah,Zona Merah,#c62828\n",
		.aspects = "years,id,name,weight\n,proses,Proses,0\n",
		.entities = "id,name,kind,parent\nprov-a,Provinsi A,Provinsi,\n"
		    "kota-b,,Kota,prov-a\n",
		.units = "entity,id,name\nkota-b,dinkes,\n",
		.scores = "year,entity,unit,score,proses\n2023,kota-b,,80,\n"
		    "2023,kota-b,dinkes,,70\n",
	};

	/*
	 * A zone, aspect, entity or unit row with a wrong cell is reported
	 * once; the rows that name it do not add "unknown ..." errors.
	 */
	LOAD_EXPECT(x, &c,
	    "C/data/zones.csv:3:20: error: color 'yellow' is not of the form "
	    "#rrggbb\n"
	    "C/data/aspects.csv:2:16: error: weight 0 must be positive\n"
	    "C/data/entities.csv:3:8: error: entity name is empty\n"
	    "C/data/units.csv:2:15: error: unit name is empty\n");
}

/* ---- zones.csv -------------------------------------------------------- */

static void
zones_rows(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.zones = "id,name,color\n"
		    "hijau,Zona Hijau,#2E7D32\n"
		    "kuning,Zona Kuning,green\n"
		    "merah,,#c62828\n"
		    "hijau,Lagi,#000000\n"
		    "Biru,Zona Biru,#0000ff\n"
		    ",Zona,#2e7d3\n"
		    "ungu,Zona Ungu,#2e7d3g\n"
		    "abu,Zona Abu,2e7d32a\n"
		    "putih,Zona Putih\n",
		.categories = "years,code,name,min,zone\n,A,Baik,80,hijau\n"
		    ",C,Kurang,0,hija\n",
	};

	LOAD_EXPECT(x, &c,
	    "C/data/zones.csv:3:20: error: color 'green' is not of the form "
	    "#rrggbb\n"
	    "C/data/zones.csv:4:7: error: zone name is empty\n"
	    "C/data/zones.csv:5:1: error: zone 'hijau' is defined twice (first "
	    "on line 2)\n"
	    "C/data/zones.csv:6:1: error: zone id 'Biru'" BADID "\n"
	    "C/data/zones.csv:7:1: error: zone id is empty\n"
	    "C/data/zones.csv:7:7: error: color '#2e7d3' is not of the form "
	    "#rrggbb\n"
	    "C/data/zones.csv:8:16: error: color '#2e7d3g' is not of the form "
	    "#rrggbb\n"
	    "C/data/zones.csv:9:14: error: color '2e7d32a' is not of the form "
	    "#rrggbb\n"
	    "C/data/zones.csv:10:17: error: color '' is not of the form "
	    "#rrggbb\n"
	    "C/data/categories.csv:3:13: error: unknown zone 'hija'; did you "
	    "mean 'hijau'?\n");
	/* Rows with a valid, new id stay known (no cascade), bad or not. */
	assert_int_equal(x->r.nzones, 6);
	assert_string_equal(x->r.zones[0].color, "#2E7D32");
	assert_string_equal(x->r.zones[5].id, "putih");
}

/* ---- categories.csv --------------------------------------------------- */

static void
categories_rows(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.categories = "years,code,name,min,zone\n"
		    "2024-2022,A,Baik,80,hijau\n"
		    "19xx,A,Baik,80,hijau\n"
		    "3000,A,Baik,80,hijau\n"
		    "2023,,Baik,80,hijau\n"
		    "2023,A,,80,hijau\n"
		    "2023,A,Baik,,hijau\n"
		    "2023,A,Baik,8o,hijau\n"
		    "2023,A,Baik,80,\n"
		    "2023,A,Baik,80,biru\n"
		    "2023,A,Baik,80,hijau\n"
		    "2022-2023,B,Cukup,50,kuning\n"
		    "2023 2025,C,Kurang,0,merah\n",
	};

	LOAD_EXPECT(x, &c,
	    "C/data/categories.csv:2:1: error: years '2024-2022': a range must "
	    "go from the earlier year to the later\n"
	    "C/data/categories.csv:3:1: error: years '19xx'" BADYEARS "\n"
	    "C/data/categories.csv:4:1: error: years '3000'" BADYEARS "\n"
	    "C/data/categories.csv:5:6: error: category code is empty\n"
	    "C/data/categories.csv:6:8: error: category name is empty\n"
	    "C/data/categories.csv:7:13: error: min is empty\n"
	    "C/data/categories.csv:8:13: error: min '8o'" NOTNUM "\n"
	    "C/data/categories.csv:9:16: error: zone is empty\n"
	    "C/data/categories.csv:10:16: error: unknown zone 'biru'\n");
	assert_int_equal(x->r.ncategories, 3);
	assert_int_equal(x->r.categories[2].years.n, 2);
}

static void
categories_same_min_or_code(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.categories = "years,code,name,min,zone\n"
		    "2022-2024,A,Baik,80,hijau\n"
		    "2019-2021,A,Baik lama,81,hijau\n"
		    "2023-2025,A,Baik lagi,85,hijau\n"
		    "2024,X,Sama,80.00,hijau\n"
		    ",B,Cukup,50,kuning\n"
		    ",C,Kurang,50,merah\n"
		    ",B,Kurang,0,merah\n"
		    /* fine: the clashing row above was dropped */
		    "2025,Z,Nol,0,merah\n",
	};

	/* Both are reported with the year they clash in, at the cell. */
	LOAD_EXPECT(x, &c,
	    "C/data/categories.csv:4:11: error: category 'A' is defined twice "
	    "for 2023 (first on line 2)\n"
	    "C/data/categories.csv:5:13: error: categories 'X' and 'A' (line 2) "
	    "have the same min in 2024\n"
	    "C/data/categories.csv:7:11: error: categories 'C' and 'B' (line 6) "
	    "have the same min in all years\n"
	    "C/data/categories.csv:8:2: error: category 'B' is defined twice "
	    "for all years (first on line 6)\n");
}

/* ---- aspects.csv ------------------------------------------------------ */

static void
aspects_rows(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.aspects = "years,id,name,weight\n"
		    "2022-2023,proses,Proses,32.37\n"
		    "2022-2023,input,Input,0\n"
		    "2022-2023,output,Output,-1\n"
		    "2022-2023,pengaduan,Pengaduan,\n"
		    "2022-2023,mutu,Mutu,x\n"
		    "2023-2024,proses,Proses lagi,10\n"
		    "2024,proses,Proses baru,30\n"
		    "2022,score,Skor,1\n"
		    "2022,Sarana,Sarana,1\n"
		    "2022,,Kosong,1\n"
		    "2022,sdm,,1\n"
		    "2022/2023,inovasi,Inovasi,1\n",
	};

	LOAD_EXPECT(x, &c,
	    "C/data/aspects.csv:3:23: error: weight 0 must be positive\n"
	    "C/data/aspects.csv:4:25: error: weight -1 must be positive\n"
	    "C/data/aspects.csv:5:31: error: weight is empty\n"
	    "C/data/aspects.csv:6:21: error: weight 'x'" NOTNUM "\n"
	    "C/data/aspects.csv:7:11: error: aspect 'proses' is defined twice "
	    "for the same year (first on line 2)\n"
	    "C/data/aspects.csv:9:6: error: aspect id 'score' is taken by a "
	    "column of scores.csv\n"
	    "C/data/aspects.csv:10:6: error: aspect id 'Sarana'" BADID "\n"
	    "C/data/aspects.csv:11:6: error: aspect id is empty\n"
	    "C/data/aspects.csv:12:10: error: aspect name is empty\n"
	    "C/data/aspects.csv:13:1: error: years '2022/2023'" BADYEARS "\n");
	assert_int_equal(x->r.naspects, 7);
	assert_string_equal(x->r.aspects[5].name, "Proses baru");
	assert_string_equal(x->r.aspects[6].id, "sdm");
}

/* ---- entities.csv ----------------------------------------------------- */

static void
entities_ids(void **state)
{
	struct fx *x = *state;
	char text[1024], s64[65], s65[66];
	struct content c = { .pages = { "metodologi", "tentang" } };

	(void)state;
	memset(s64, 'a', 64);
	s64[64] = '\0';
	memset(s65, 'b', 65);
	s65[65] = '\0';
	snprintf(text, sizeof text, "id,name,kind,parent\n"
	    "prov-a,Provinsi A,Provinsi,\n"
	    "kota-b,Kota B,Kota,prov-a\n"
	    "../x,X,Kota,\n"			/* 4 */
	    "CON,X,Kota,\n"
	    "con,X,Kota,\n"
	    "Kota,X,Kota,\n"
	    "%s,X,Kota,\n"			/* 8: 65 characters */
	    "a b,X,Kota,\n"
	    ",X,Kota,\n"			/* 10 */
	    "%s,X,Kota,\n"			/* 64 characters: fine */
	    "2023,X,Kota,\n"
	    "data,X,Kota,\n"
	    "assets,X,Kota,\n"
	    "metodologi,X,Kota,\n"		/* 15 */
	    "kota-c,,Kota,\n"
	    "kota-d,X,,\n"
	    "kota-e,X,Kota,Prov-A\n"
	    "kota-f,X,Kota,prov-aa\n"
	    "kota-g,X,Kota,kota-g\n"		/* 20 */
	    "kota-b,Kota B lagi,Kota,\n"
	    "k\xc3\xb6ta,X,Kota,\n", s65, s64);
	c.entities = text;
	LOAD_EXPECT(x, &c,
	    "C/data/entities.csv:4:1: error: entity id '../x'" BADID "\n"
	    "C/data/entities.csv:5:1: error: entity id 'CON'" BADID "\n"
	    "C/data/entities.csv:6:1: error: entity id 'con'" BADID "\n"
	    "C/data/entities.csv:7:1: error: entity id 'Kota'" BADID "\n"
	    "C/data/entities.csv:8:1: error: entity id 'bbbbbbbbbbbbbbbbbbbbbbbb"
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'" BADID "\n"
	    "C/data/entities.csv:9:1: error: entity id 'a b'" BADID "\n"
	    "C/data/entities.csv:10:1: error: entity id is empty\n"
	    "C/data/entities.csv:12:1: error: entity id '2023' is a bare "
	    "number, which would clash with a year's folder\n"
	    "C/data/entities.csv:13:1: error: entity id 'data' is reserved for "
	    "rapor's own folders\n"
	    "C/data/entities.csv:14:1: error: entity id 'assets' is reserved "
	    "for rapor's own folders\n"
	    "C/data/entities.csv:15:1: error: entity id 'metodologi' is also "
	    "the name of a page (metodologi.md)\n"
	    "C/data/entities.csv:16:8: error: entity name is empty\n"
	    "C/data/entities.csv:17:10: error: kind is empty\n"
	    "C/data/entities.csv:18:15: error: parent 'Prov-A' is not a valid "
	    "id\n"
	    "C/data/entities.csv:22:1: error: entity id 'k\xc3\xb6ta'" BADID "\n"
	    "C/data/entities.csv:21:1: error: entity 'kota-b' is defined twice "
	    "(first on line 3)\n"
	    "C/data/entities.csv:19:15: error: unknown parent entity 'prov-aa'; "
	    "did you mean 'prov-a'?\n"
	    "C/data/entities.csv:20:15: error: entity 'kota-g' is its own "
	    "parent\n");
	/* The 64-character id is in, and so are ids with other errors. */
	assert_int_equal(x->r.nentities, 8);
	assert_null(x->r.entities[report_entity(&x->r, "kota-e")].parent_id);
	assert_string_equal(x->r.entities[0].id, s64);
	assert_string_equal(x->r.entities[1].name, "Kota B");
}

static void
entities_cycle(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.entities = "id,name,kind,parent\n"
		    "prov-a,Provinsi A,Provinsi,negara\n"
		    "kota-b,Kota B,Kota,prov-a\n"
		    "negara,Negara,Negara,kota-b\n"
		    "desa,Desa,Desa,kota-b\n",
	};

	/* Every member of the loop is named; desa only hangs below it. */
	LOAD_EXPECT(x, &c,
	    "C/data/entities.csv:3:20: error: entity 'kota-b' is its own "
	    "ancestor (parent cycle)\n"
	    "C/data/entities.csv:4:22: error: entity 'negara' is its own "
	    "ancestor (parent cycle)\n"
	    "C/data/entities.csv:2:28: error: entity 'prov-a' is its own "
	    "ancestor (parent cycle)\n");
}

static void
entities_kind_case(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.entities = "id,name,kind,parent\n"
		    "prov-a,Provinsi A,Provinsi,\n"
		    "kota-b,Kota B,Kota,prov-a\n"
		    "a-kota,Kota A,kota,prov-a\n"
		    "kota-c,Kota C,Kota,prov-a\n"
		    "b-kota,Kota D,kota,prov-a\n"
		    "kab-e,Kabupaten E,KOTA,\n",
	};

	/* Once per other spelling, at its first kind cell. */
	LOAD_EXPECT(x, &c,
	    "C/data/entities.csv:4:15: warning: kind 'kota' differs from kind "
	    "'Kota' (line 3) only in case: they are ranked as two kinds\n"
	    "C/data/entities.csv:7:19: warning: kind 'KOTA' differs from kind "
	    "'Kota' (line 3) only in case: they are ranked as two kinds\n");
	assert_int_equal(x->rc, 0);
}

/* ---- units.csv -------------------------------------------------------- */

static void
units_rows(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.units = "entity,id,name,kind\n"
		    "kota-b,dinkes,Dinas Kesehatan,OPD\n"
		    "kota-b,dinkes,Dinas Kesehatan lagi,\n"
		    "kota-c,dinsos,Dinas Sosial,\n"
		    "Kota-B,dinsos,Dinas Sosial,\n"
		    "kab-x,dinsos,Dinas Sosial,\n"
		    ",dinsos,Dinas Sosial,\n"
		    "kota-b,,Dinas Sosial,\n"
		    "kota-b,Dinsos,Dinas Sosial,\n"
		    "kota-b,dinsos,,\n"
		    "prov-a,dinkes,Dinas Kesehatan Provinsi,\n"
		    "kota-b,con,Konsol,\n",
	};

	LOAD_EXPECT(x, &c,
	    "C/data/units.csv:4:1: error: unknown entity 'kota-c'; did you "
	    "mean 'kota-b'?\n"
	    "C/data/units.csv:5:1: error: unknown entity 'Kota-B'; did you "
	    "mean 'kota-b'?\n"
	    "C/data/units.csv:6:1: error: unknown entity 'kab-x'\n"
	    "C/data/units.csv:7:1: error: entity is empty\n"
	    "C/data/units.csv:8:8: error: unit id is empty\n"
	    "C/data/units.csv:9:8: error: unit id 'Dinsos'" BADID "\n"
	    "C/data/units.csv:10:15: error: unit name is empty\n"
	    "C/data/units.csv:12:8: error: unit id 'con'" BADID "\n"
	    "C/data/units.csv:3:1: error: unit 'dinkes' of entity 'kota-b' is "
	    "defined twice (first on line 2)\n");
	/* The same unit id in another entity is fine. */
	assert_int_equal(x->r.nunits, 3);
	assert_int_equal(x->r.units[0].entity, 0);
	assert_string_equal(x->r.units[1].id, "dinsos");
	assert_int_equal(x->r.units[2].entity, 1);
	assert_null(x->r.units[2].kind);
}

/* ---- scores.csv ------------------------------------------------------- */

#define ASPECTS_2022	"years,id,name,weight\n" \
			"2022-2023,input,Input,21.85\n" \
			"2022-2023,proses,Proses,32.37\n" \
			"2023,output,Output,24.24\n"
#define UNITS_2		"entity,id,name,kind\n" \
			"kota-b,dinkes,Dinas Kesehatan,OPD\n" \
			"kota-b,dinsos,Dinas Sosial,OPD\n"

static void
scores_rows(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.aspects = ASPECTS_2022,
		.units = UNITS_2,
		.scores = "year,entity,unit,score,proses,input,output\n"
		    "2023,kota-b,dinkes,80,30,25,25\n"		/* 2: fine */
		    "1899,kota-b,dinkes,80,,,\n"
		    "3000,kota-b,dinkes,80,,,\n"
		    "23,kota-b,dinkes,80,,,\n"			/* 5 */
		    ",kota-b,dinkes,80,,,\n"
		    "2023,kota-c,,80,,,\n"
		    "2023,,,80,,,\n"
		    "2023,kota-b,dinks,80,,,\n"
		    "2023,kota-b,xyz,80,,,\n"			/* 10 */
		    "2023,prov-a,dinkes,80,,,\n"
		    "2023,kota-b,dinsos,100.01,,,\n"
		    "2023,kota-b,dinsos,-1,,,\n"
		    "2023,kota-b,dinsos,8o,,,\n"
		    "2023,kota-b,dinsos,,101,,\n"		/* 15 */
		    "2023,kota-b,dinsos,,x,,\n"
		    "2021,kota-b,dinsos,70,10,,\n"
		    "2022,kota-b,dinsos,70,,,5\n"
		    "2023,prov-a,,,,,\n"
		    "2022,kota-b,dinsos,,10,10,\n",		/* 20: fine */
	};

	LOAD_EXPECT(x, &c,
	    "C/data/scores.csv:3:1: error: year '1899' is not a year from 1900 "
	    "to 2999\n"
	    "C/data/scores.csv:4:1: error: year '3000' is not a year from 1900 "
	    "to 2999\n"
	    "C/data/scores.csv:5:1: error: year '23' is not a year from 1900 "
	    "to 2999\n"
	    "C/data/scores.csv:6:1: error: year '' is not a year from 1900 to "
	    "2999\n"
	    "C/data/scores.csv:7:6: error: unknown entity 'kota-c'; did you "
	    "mean 'kota-b'?\n"
	    "C/data/scores.csv:8:6: error: entity is empty\n"
	    "C/data/scores.csv:9:13: error: unknown unit 'dinks' of 'kota-b'; "
	    "did you mean 'dinkes'?\n"
	    "C/data/scores.csv:10:13: error: unknown unit 'xyz' of 'kota-b'\n"
	    "C/data/scores.csv:11:13: error: unknown unit 'dinkes' of "
	    "'prov-a'\n"
	    "C/data/scores.csv:12:20: error: score 100.01 is outside the scale "
	    "0-100\n"
	    "C/data/scores.csv:13:20: error: score -1 is outside the scale "
	    "0-100\n"
	    "C/data/scores.csv:14:20: error: score '8o'" NOTNUM "\n"
	    "C/data/scores.csv:15:21: error: proses 101 is outside the scale "
	    "0-100\n"
	    "C/data/scores.csv:16:21: error: proses 'x'" NOTNUM "\n"
	    "C/data/scores.csv:17:23: error: aspect 'proses' is not assessed "
	    "in 2021\n"
	    "C/data/scores.csv:18:25: error: aspect 'output' is not assessed "
	    "in 2022\n"
	    "C/data/scores.csv:19:14: error: an entity total (empty unit) "
	    "needs a score\n");
	assert_int_equal(x->r.nscores, 2);
	{
		const struct score_row *s = &x->r.scores[0];

		assert_int_equal(s->has_score, 1);
		/* values are indexed by aspect (file order), not by column. */
		assert_int_equal(s->has_value[0], 1);
		assert_int_equal(s->values[0].v, 25 * DEC_ONE);
		assert_int_equal(s->values[1].v, 30 * DEC_ONE);
		assert_int_equal(s->values[2].v, 25 * DEC_ONE);
		s = &x->r.scores[1];
		assert_int_equal(s->has_score, 0);
		assert_int_equal(s->has_value[2], 0);
		assert_int_equal(s->values[1].v, 10 * DEC_ONE);
	}
}

static void
scores_duplicates(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.scores = "year,entity,unit,score\n"
		    "2023,kota-b,,80\n"
		    "2023,kota-b,dinkes,81\n"
		    "2022,kota-b,,79\n"
		    "2023,kota-b,dinkes,82\n"
		    "2023,kota-b,,80\n"
		    "2023,prov-a,,80\n"
		    "2023,kota-b,dinkes,83\n",
	};

	/* The later row is blamed and names the earlier one. */
	LOAD_EXPECT(x, &c,
	    "C/data/scores.csv:5:1: error: duplicate row for 2023, 'kota-b', "
	    "'dinkes': line 3 has it already\n"
	    "C/data/scores.csv:8:1: error: duplicate row for 2023, 'kota-b', "
	    "'dinkes': line 5 has it already\n"
	    "C/data/scores.csv:6:1: error: duplicate row for 2023, 'kota-b' "
	    "(total): line 2 has it already\n");
}

static void
scores_unknown_columns(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.aspects = ASPECTS_2022,
		.scores = "year,entity,unit,score,prose,INPUT,catatan\n"
		    "2023,kota-b,,80,,,\n"
		    "2022,kota-b,dinkes,,,,x\n",
	};

	/* Aspect ids are columns (any case); a typo of one is suggested. */
	LOAD_EXPECT(x, &c,
	    "C/data/scores.csv:1:24: warning: unknown column 'prose' ignored; "
	    "did you mean 'proses'?\n"
	    "C/data/scores.csv:1:36: warning: unknown column 'catatan' "
	    "ignored\n");
	assert_int_equal(x->r.nscores, 2);
}

static void
scores_short_rows(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.scores = "year,entity,unit,score\n2023,kota-b\n2023\n",
	};

	/* A missing cell is empty, positioned after the row's last field. */
	LOAD_EXPECT(x, &c,
	    "C/data/scores.csv:2:12: error: an entity total (empty unit) needs "
	    "a score\n"
	    "C/data/scores.csv:3:5: error: entity is empty\n");
}

/* ---- several files at once -------------------------------------------- */

static void
errors_from_every_file(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = "[site]\ntitle = Uji\nlanguage = jv\n",
		.zones = "id,name,color\nhijau,Zona Hijau,#2e7d32\n"
		    "kuning,Zona Kuning,#f9a825\nmerah,Zona Merah,red\n",
		.categories = "years,code,name,min,zone\n,A,Baik,80,hijau\n"
		    ",B,Cukup,50,kuning\n,C,Kurang,0,hijau\n2023-2022,D,X,1,"
		    "hijau\n",
		.aspects = "years,id,name,weight\n,proses,Proses,0\n",
		.entities = DEF_ENTITIES "Kota C,Kota C,Kota,\n",
		.units = DEF_UNITS "kota-b,,Dinas,\n",
		.scores = DEF_SCORES "2023,kota-b,dinkes,101\n",
	};

	LOAD_EXPECT(x, &c,
	    "C/site.ini:3:12: error: language must be 'id' or 'en', not 'jv'\n"
	    "C/data/zones.csv:4:18: error: color 'red' is not of the form "
	    "#rrggbb\n"
	    "C/data/categories.csv:5:1: error: years '2023-2022': a range must "
	    "go from the earlier year to the later\n"
	    "C/data/aspects.csv:2:16: error: weight 0 must be positive\n"
	    "C/data/entities.csv:4:1: error: entity id 'Kota C'" BADID "\n"
	    "C/data/units.csv:3:8: error: unit id is empty\n"
	    "C/data/scores.csv:3:20: error: score 101 is outside the scale "
	    "0-100\n");
	assert_int_equal(x->d.errors, 7);
	assert_int_equal(diag_status(&x->d), 1);
}

static void
scale_in_messages(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = "[site]\ntitle = PEKPPP\n[scoring]\nscale_min = 0.5\n"
		    "scale_max = 5\n",
		.categories = "years,code,name,min,zone\n,A,Baik,0.5,hijau\n",
		.scores = "year,entity,unit,score\n2023,kota-b,,5.01\n"
		    "2023,prov-a,,0.25\n",
	};

	LOAD_EXPECT(x, &c,
	    "C/data/scores.csv:2:14: error: score 5.01 is outside the scale "
	    "0.5-5\n"
	    "C/data/scores.csv:3:14: error: score 0.25 is outside the scale "
	    "0.5-5\n");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ids),
		cmocka_unit_test(yearsets),
		cmocka_unit_test(ini_defaults),
		cmocka_unit_test(ini_every_key),
		cmocka_unit_test(ini_comments_and_quotes),
		cmocka_unit_test(ini_bom_crlf),
		cmocka_unit_test(ini_unknown),
		cmocka_unit_test(ini_bad_values),
		cmocka_unit_test(ini_title_and_syntax),
		T(ini_in_folder),
		T(minimal_ok),
		cmocka_unit_test(sample_content),
		T(missing_files),
		T(empty_files),
		T(no_zones),
		T(missing_columns),
		T(broken_zones_no_cascade),
		T(broken_entities_no_cascade),
		T(unknown_columns),
		T(duplicate_columns),
		T(headers_any_order),
		T(decimal_comma_in_comma_file),
		T(extra_cells_semicolon),
		T(reader_positions),
		T(row_errors_do_not_cascade),
		T(zones_rows),
		T(categories_rows),
		T(categories_same_min_or_code),
		T(aspects_rows),
		T(entities_ids),
		T(entities_cycle),
		T(entities_kind_case),
		T(units_rows),
		T(scores_rows),
		T(scores_duplicates),
		T(scores_unknown_columns),
		T(scores_short_rows),
		T(errors_from_every_file),
		T(scale_in_messages),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
