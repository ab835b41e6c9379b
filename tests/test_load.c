/*
 * Tests for the load stage as code: include/load.h, content-format.md
 * sections 1 and 2 (site.ini and the six CSV files).  The diagnostics of
 * the loader are cases, tests/cases/load-*: each a content folder and the
 * exact stderr and exit status of "rapor check".  Here are the pure
 * functions (id_valid, yearset_parse), what load_site_ini() reads, and
 * what the loader keeps of a content folder: one built from strings, or
 * the folder of a case, whose rows kept beside its errors are checked.
 */
#include "testutil.h"

#include "fixture.h"

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
	free(s->source_url);
	free(s->source_name);
}

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
	assert_int_equal(ini("[site]\ntitle = Uji\n[scoring]\n", 29, &s, &o),
	    0);
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
	    "source_url = https://example.org/hasil\n"
	    "source_name = Hasil resmi\n"
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
	/* No '/' added: a page, not a base. */
	assert_string_equal(s.source_url, "https://example.org/hasil");
	assert_string_equal(s.source_name, "Hasil resmi");
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
	/* The error is the case load-ini-bom-crlf's; the rest is read. */
	assert_int_equal(ini(text, strlen(text), &s, &o), 1);
	assert_string_equal(s.title, "Uji");
	assert_int_equal(s.unit_rule, UNIT_SUM);
	free(o);
	site_free(&s);
}

static void
ini_lengths(void **state)
{
	static const char t[] = "[site]\ntitle = T\npublisher =";
	static const char u[] = "[site]\ntitle = T\npublisher = \"";
	struct site s;
	char *o, *exact;

	(void)state;
	/* A file without a final newline. */
	assert_int_equal(ini("[site]\ntitle = T", 16, &s, &o), 0);
	assert_string_equal(s.title, "T");
	free(o);
	site_free(&s);
	/* Nothing is read past len: the text is not NUL-terminated. */
	exact = malloc(sizeof t - 1);
	assert_non_null(exact);
	memcpy(exact, t, sizeof t - 1);
	assert_int_equal(ini(exact, sizeof t - 1, &s, &o), 0);
	assert_string_equal(o, "");
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

/* ---- the folder: what is kept beside the errors of a case ------------- */

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
	assert_int_equal(load_report(CILEGON, &r, &d), 0);
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
	assert_int_equal(r.nscores, 12);
	assert_int_equal(r.scores[0].year, 2021);
	assert_int_equal(r.scores[0].score.v, 77660000000LL);
	assert_int_equal(r.scores[0].pos.line, 2);
	assert_int_equal(r.scores[0].pos.col, 1);
	assert_int_equal(r.scores[3].unit, 5);
	assert_int_equal(r.scores[3].score.v, 93350000000LL);
	/* Dinas Kesehatan's empty row: assessed, not released. */
	assert_int_equal(r.scores[9].unit, 0);
	assert_false(r.scores[9].has_score);
	assert_int_equal(r.scores[11].entity, 1);
	report_free(&r);
	diag_free(&d);
}

/*
 * The case's rows as "id:line" joined by blanks (caller frees): which rows
 * a table kept beside the errors of the case, and from where.  Units are
 * "entity/unit", scores "year/entity/unit" ("-" for the total).
 */
enum table { ZONES, CATEGORIES, ASPECTS, ENTITIES, UNITS, SCORES };

static char *
kept(const struct report *r, enum table t)
{
	static const size_t none = NONE;
	struct buf b = BUF_INIT;
	size_t i, n = t == ZONES ? r->nzones : t == CATEGORIES ?
	    r->ncategories : t == ASPECTS ? r->naspects : t == ENTITIES ?
	    r->nentities : t == UNITS ? r->nunits : r->nscores;

	for (i = 0; i < n; i++) {
		const struct score_row *sr = &r->scores[i];

		if (i)
			buf_putc(&b, ' ');
		switch (t) {
		case ZONES:
			buf_printf(&b, "%s:%u", r->zones[i].id,
			    r->zones[i].pos.line);
			break;
		case CATEGORIES:
			buf_printf(&b, "%s:%u", r->categories[i].code,
			    r->categories[i].pos.line);
			break;
		case ASPECTS:
			buf_printf(&b, "%s:%u", r->aspects[i].id,
			    r->aspects[i].pos.line);
			break;
		case ENTITIES:
			buf_printf(&b, "%s:%u", r->entities[i].id,
			    r->entities[i].pos.line);
			break;
		case UNITS:
			buf_printf(&b, "%s/%s:%u",
			    r->entities[r->units[i].entity].id, r->units[i].id,
			    r->units[i].pos.line);
			break;
		case SCORES:
			buf_printf(&b, "%d/%s/%s:%u", sr->year,
			    r->entities[sr->entity].id, sr->unit == none ? "-" :
			    r->units[sr->unit].id, sr->pos.line);
			break;
		}
	}
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

#define KEPT(x, t, expect)                                                   \
	do {                                                                 \
		char *k_ = kept(&(x)->r, (t));                               \
		assert_string_equal(k_, (expect));                           \
		free(k_);                                                    \
	} while (0)

static void
unknown_columns(void **state)
{
	struct fx *x = *state;

	fx_case(x, "load-unknown-columns", 0);
	assert_int_equal(x->rc, 0);
	KEPT(x, ZONES, "hijau:2 kuning:3 merah:4");
	/* The optional kind column was not found: no kind. */
	KEPT(x, UNITS, "kota-b/dinkes:2");
	assert_null(x->r.units[0].kind);
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

	fx_case(x, "load-decimal-comma-in-comma-file", 0);
	/* The quoted decimal comma is fine, and so are empty extra cells. */
	KEPT(x, SCORES, "2023/kota-b/-:2 2022/kota-b/-:3 2021/kota-b/-:4");
	assert_int_equal(x->r.scores[1].score.v, 79500000000LL);
	assert_int_equal(x->r.scores[2].score.v, 78500000000LL);
}

static void
reader_positions(void **state)
{
	struct fx *x = *state;

	fx_case(x, "load-reader-positions", 0);
	/* Lines are counted across the quoted line break. */
	KEPT(x, ENTITIES, "kota-b:4 kota-c:5 prov-a:2");
	assert_string_equal(x->r.entities[report_entity(&x->r,
	    "prov-a")].name, "Provinsi\nA \"baru\"");
}

static void
zones_rows(void **state)
{
	struct fx *x = *state;

	fx_case(x, "load-zones-rows", 0);
	/* Rows with a valid, new id stay known (no cascade), bad or not. */
	KEPT(x, ZONES, "hijau:2 kuning:3 merah:4 ungu:8 abu:9 putih:10");
	assert_string_equal(x->r.zones[0].color, "#2E7D32");
}

static void
categories_rows(void **state)
{
	struct fx *x = *state;

	fx_case(x, "load-categories-rows", 0);
	KEPT(x, CATEGORIES, "A:11 B:12 C:13");
	assert_int_equal(x->r.categories[2].years.n, 2);
	assert_true(yearset_has(&x->r.categories[2].years, 2025));
	assert_false(yearset_has(&x->r.categories[2].years, 2024));
}

static void
aspects_rows(void **state)
{
	struct fx *x = *state;

	fx_case(x, "load-aspects-rows", 0);
	KEPT(x, ASPECTS, "proses:2 input:3 output:4 pengaduan:5 mutu:6 "
	    "proses:8 sdm:12");
	assert_string_equal(x->r.aspects[5].name, "Proses baru");
}

static void
entities_ids(void **state)
{
	struct fx *x = *state;
	struct buf e = BUF_INIT;
	char s64[65];

	memset(s64, 'a', 64);
	s64[64] = '\0';
	fx_case(x, "load-entities-ids", 0);
	/* The 64-character id is in, and so are ids with other errors. */
	buf_printf(&e, "%s:11 kota-b:3 kota-c:16 kota-d:17 kota-e:18 "
	    "kota-f:19 kota-g:20 prov-a:2", s64);
	KEPT(x, ENTITIES, e.data);
	assert_null(x->r.entities[report_entity(&x->r, "kota-e")].parent_id);
	assert_string_equal(x->r.entities[1].name, "Kota B");
	buf_free(&e);
}

static void
units_rows(void **state)
{
	struct fx *x = *state;

	fx_case(x, "load-units-rows", 0);
	/* The same unit id in another entity is fine. */
	KEPT(x, UNITS, "kota-b/dinkes:2 kota-b/dinsos:10 prov-a/dinkes:11");
	assert_null(x->r.units[2].kind);
}

static void
scores_rows(void **state)
{
	struct fx *x = *state;
	const struct score_row *s;

	fx_case(x, "load-scores-rows", 0);
	KEPT(x, SCORES, "2023/kota-b/dinkes:2 2022/kota-b/dinsos:20");
	s = &x->r.scores[0];
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

static void
scores_unknown_columns(void **state)
{
	struct fx *x = *state;
	const struct score_row *s;

	fx_case(x, "load-scores-unknown-columns", 0);
	KEPT(x, SCORES, "2023/kota-b/-:2 2022/kota-b/dinkes:3");
	/* Aspect ids are columns in any case: INPUT is aspect input. */
	assert_string_equal(x->r.aspects[0].id, "input");
	s = &x->r.scores[1];
	assert_true(s->has_value[0]);
	assert_int_equal(s->values[0].v, 70 * DEC_ONE);
	assert_false(s->has_value[1]);
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
		cmocka_unit_test(ini_lengths),
		T(minimal_ok),
		cmocka_unit_test(sample_content),
		T(unknown_columns),
		T(headers_any_order),
		T(decimal_comma_in_comma_file),
		T(reader_positions),
		T(zones_rows),
		T(categories_rows),
		T(aspects_rows),
		T(entities_ids),
		T(units_rows),
		T(scores_rows),
		T(scores_unknown_columns),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
