/*
 * Tests for the data downloads: include/render_data.h, content-format.md
 * section 4 (data/results.csv and data/results.json).
 * Reports come from content/ (the sample) or from content folders built
 * from strings in a temporary directory, as in test_load.c.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>

#include <jansson.h>

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "render_data.h"

/* ---- fixture (as in test_load.c) ------------------------------------- */

#include "fixture.h"

static void
load(struct fx *x, const struct content *c)
{
	fx_load(x, c, 1);
}

/* Load and expect exactly these diagnostics (and rc -1 when any is an error). */
#define LOAD_EXPECT(x, c, text)                                              \
	do {                                                                 \
		load((x), (c));                                              \
		assert_string_equal((x)->out, (text));                       \
		assert_int_equal((x)->rc, (x)->d.errors ? -1 : 0);           \
	} while (0)


/* ---- helpers ---------------------------------------------------------- */

static void
load_dir(const char *dir, struct report *r, struct diags *d)
{
	assert_int_equal(load_report(dir, r, d), 0);
	assert_int_equal(compute_report(r, d), 0);
	assert_int_equal(d->n, 0);
}

/* results.csv of the rows of year (0: all), as a string. */
static char *
csv_of(const struct report *r, int year)
{
	struct rowsel sel = { year, NONE, NONE };
	struct buf b = BUF_INIT;

	render_results_csv(r, &b, year ? &sel : NULL);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

static char *
json_text(const struct report *r, int year)
{
	struct rowsel sel = { year, NONE, NONE };
	struct buf b = BUF_INIT;

	render_results_json(r, &b, year ? &sel : NULL);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

#define HEADER	"year,entity,entity_name,kind,parent,unit,unit_name,score," \
		"source,category,category_name,zone,rank,rank_of,parent_rank," \
		"parent_rank_of,change\n"

/* data/results.csv of content/, worked out from the figures by hand. */
static const char sample_csv[] = HEADER
    "2021,kota-cilegon,Kota Cilegon,Kota,prov-banten,,,77.66,published,K,"
    "Zona Kuning (51-80.99),kuning,1,1,1,1,\n"
    "2022,kota-cilegon,Kota Cilegon,Kota,prov-banten,,,77.73,published,C,"
    "Kualitas Sedang,kuning,1,1,1,1,+0.07\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,,,89.45,published,A,"
    "Kualitas Tertinggi,hijau,1,1,1,1,+11.72\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,dinkes,Dinas "
    "Kesehatan,,not-released,,,,,,,,\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,dinsos,Dinas Sosial,"
    "85.73,given,B,Kualitas Tinggi,hijau,6,6,,,\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,disdik,Dinas "
    "Pendidikan dan Kebudayaan,89.49,given,A,Kualitas Tertinggi,hijau,4,6,"
    ",,\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,disdukcapil,Dinas "
    "Kependudukan dan Pencatatan Sipil,89.69,given,A,Kualitas Tertinggi,"
    "hijau,3,6,,,\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,dpmptsp,Dinas "
    "Penanaman Modal dan Pelayanan Terpadu Satu Pintu,88.06,given,A,"
    "Kualitas Tertinggi,hijau,5,6,,,\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,puskesmas-cibeber,"
    "Puskesmas Cibeber,93.35,given,A,Kualitas Tertinggi,hijau,1,6,,,\n"
    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,puskesmas-pulomerak,"
    "Puskesmas Pulomerak,90.09,given,A,Kualitas Tertinggi,hijau,2,6,,,\n"
    "2023,prov-banten,Provinsi Banten,Provinsi,,,,91.16,published,A,"
    "Kualitas Tertinggi,hijau,1,1,,,\n"
    "2024,kota-cilegon,Kota Cilegon,Kota,prov-banten,,,95.31,published,A,"
    "Kualitas Tertinggi,hijau,1,1,1,1,+5.86\n";

/* ---- results.csv ------------------------------------------------------ */

static void
csv_header(void **state)
{
	struct report r;
	struct buf b = BUF_INIT;

	(void)state;
	memset(&r, 0, sizeof r);
	render_results_csv(&r, &b, NULL);
	assert_string_equal(buf_str(&b), HEADER);
	buf_free(&b);
	assert_string_equal(source_name(SRC_PUBLISHED), "published");
	assert_string_equal(source_name(SRC_MEAN), "mean");
	assert_string_equal(source_name(SRC_GIVEN), "given");
	assert_string_equal(source_name(SRC_COMPUTED), "computed");
}

static void
csv_sample(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	char *csv;
	int year = 2023;

	(void)state;
	load_dir(CILEGON, &r, &d);
	/* language = id, yet numbers use '.' here. */
	assert_int_equal(r.site.language, LANG_ID);
	csv = csv_of(&r, 0);
	assert_string_equal(csv, sample_csv);
	free(csv);
	/* A selection of rows; the header is always there. */
	csv = csv_of(&r, year);
	assert_string_equal(csv, HEADER
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,,,89.45,published,"
	    "A,Kualitas Tertinggi,hijau,1,1,1,1,+11.72\n"
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,dinkes,Dinas "
	    "Kesehatan,,not-released,,,,,,,,\n"
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,dinsos,Dinas "
	    "Sosial,85.73,given,B,Kualitas Tinggi,hijau,6,6,,,\n"
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,disdik,Dinas "
	    "Pendidikan dan Kebudayaan,89.49,given,A,Kualitas Tertinggi,hijau,"
	    "4,6,,,\n"
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,disdukcapil,Dinas "
	    "Kependudukan dan Pencatatan Sipil,89.69,given,A,Kualitas "
	    "Tertinggi,hijau,3,6,,,\n"
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,dpmptsp,Dinas "
	    "Penanaman Modal dan Pelayanan Terpadu Satu Pintu,88.06,given,A,"
	    "Kualitas Tertinggi,hijau,5,6,,,\n"
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,puskesmas-cibeber,"
	    "Puskesmas Cibeber,93.35,given,A,Kualitas Tertinggi,hijau,1,6,,,\n"
	    "2023,kota-cilegon,Kota Cilegon,Kota,prov-banten,"
	    "puskesmas-pulomerak,Puskesmas Pulomerak,90.09,given,A,Kualitas "
	    "Tertinggi,hijau,2,6,,,\n"
	    "2023,prov-banten,Provinsi Banten,Provinsi,,,,91.16,published,A,"
	    "Kualitas Tertinggi,hijau,1,1,,,\n");
	free(csv);
	year = 2020;
	csv = csv_of(&r, year);
	assert_string_equal(csv, HEADER);
	free(csv);
	report_free(&r);
	diag_free(&d);
}

static void
csv_pekppp(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	char *csv;
	int year = 2024;

	(void)state;
	load_dir("tests/content/pekppp", &r, &d);
	csv = csv_of(&r, year);
	/* Computed, mean and given rows; see test_compute.c for the sums. */
	assert_string_equal(csv, HEADER
	    "2024,kota-satu,Kota Satu,Kota,prov-contoh,,,4.40,mean,B,Sangat "
	    "Baik,baik,1,1,1,1,+0.16\n"
	    "2024,kota-satu,Kota Satu,Kota,prov-contoh,disdukcapil,Dinas "
	    "Kependudukan dan Pencatatan Sipil Kota Satu,4.02,given,B,Sangat "
	    "Baik,baik,2,2,,,+0.13\n"
	    "2024,kota-satu,Kota Satu,Kota,prov-contoh,mpp,Mal Pelayanan Publik "
	    "Kota Satu,4.77,computed,A,Pelayanan Prima,prima,1,2,,,+0.18\n");
	free(csv);
	report_free(&r);
	diag_free(&d);
}

#define HOSTILE_ENTITIES						\
	"id,name,kind,parent\n"						\
	"prov-a,=cmd|' /C calc'!A0,Provinsi,\n"				\
	"kota-b,+1,-Kota,prov-a\n"					\
	"kota-c,@SUM(A1),Kota,prov-a\n"					\
	"kota-d,\"\ttab\",Kota,\n"					\
	"kota-e,\"Kota \"\"E\"\", Timur\nbaris\",Kota,\n"		\
	"kota-f,\"=1,2\",Kota,\n"
#define HOSTILE_UNITS	"entity,id,name\nkota-b,u-1,-5 Dinas\n"
#define HOSTILE_SCORES							\
	"year,entity,unit,score\n"					\
	"2022,kota-b,,80.50\n2023,kota-b,,80\n2023,kota-b,u-1,90\n"	\
	"2023,prov-a,,70\n2023,kota-c,,60\n2023,kota-d,,55\n"		\
	"2023,kota-e,,50\n2023,kota-f,,45\n"

static void
csv_defused_and_quoted(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.entities = HOSTILE_ENTITIES,
		.units = HOSTILE_UNITS,
		.scores = HOSTILE_SCORES,
	};
	char *csv;

	/* Loading warns of the line break in a name; the writers still
	 * carry it safely. */
	LOAD_EXPECT(x, &c, "C/data/entities.csv:6:24: warning: entity name "
	    "holds U+000A, a character that is invisible or reorders the text around it, so the page would not show what it says; remove it\n");
	csv = csv_of(&x->r, 0);
	/*
	 * Text cells starting with = + - @ TAB get a leading '; cells with a
	 * comma, quote or line break are quoted.  The change -0.50 is a
	 * number and stays as it is.
	 */
	assert_string_equal(csv, HEADER
	    "2022,kota-b,'+1,'-Kota,prov-a,,,80.50,published,A,Baik,hijau,1,1,"
	    "1,1,\n"
	    "2023,kota-b,'+1,'-Kota,prov-a,,,80.00,published,A,Baik,hijau,1,1,"
	    "1,2,-0.50\n"
	    "2023,kota-b,'+1,'-Kota,prov-a,u-1,'-5 Dinas,90.00,given,A,Baik,"
	    "hijau,1,1,,,\n"
	    "2023,kota-c,'@SUM(A1),Kota,prov-a,,,60.00,published,B,Cukup,"
	    "kuning,1,4,2,2,\n"
	    "2023,kota-d,'\ttab,Kota,,,,55.00,published,B,Cukup,kuning,2,4,,,\n"
	    "2023,kota-e,\"Kota \"\"E\"\", Timur\nbaris\",Kota,,,,50.00,"
	    "published,B,Cukup,kuning,3,4,,,\n"
	    "2023,kota-f,\"'=1,2\",Kota,,,,45.00,published,C,Kurang,merah,4,4,"
	    ",,\n"
	    "2023,prov-a,'=cmd|' /C calc'!A0,Provinsi,,,,70.00,published,B,"
	    "Cukup,kuning,1,1,,,\n");
	free(csv);
}

/* ---- results.json ----------------------------------------------------- */

static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (j == NULL)
		fail_msg("invalid JSON at %d:%d: %s", e.line, e.column, e.text);
	return j;
}

static void
json_sample(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	char *text;
	json_t *j, *rs, *o;

	(void)state;
	load_dir(CILEGON, &r, &d);
	text = json_text(&r, 0);
	j = parse(text);
	assert_true(json_is_object(j));
	assert_int_equal(json_integer_value(json_object_get(j, "decimals")), 2);
	rs = json_object_get(j, "results");
	assert_true(json_is_array(rs));
	assert_int_equal(json_array_size(rs), 12);
	/* One object per CSV row, same fields, null for empty cells, and
	 * the aspect values (none in the sample). */
	o = json_array_get(rs, 0);
	assert_int_equal(json_object_size(o), 18);
	assert_int_equal(json_array_size(json_object_get(o, "aspects")), 0);
	assert_int_equal(json_integer_value(json_object_get(o, "year")), 2021);
	assert_string_equal(json_string_value(json_object_get(o, "entity")),
	    "kota-cilegon");
	assert_string_equal(json_string_value(json_object_get(o,
	    "category_name")), "Zona Kuning (51-80.99)");
	assert_true(json_is_null(json_object_get(o, "unit")));
	assert_true(json_is_null(json_object_get(o, "unit_name")));
	assert_true(json_is_null(json_object_get(o, "change")));
	assert_true(json_is_real(json_object_get(o, "score")));
	assert_true(json_real_value(json_object_get(o, "score")) == 77.66);
	assert_int_equal(json_integer_value(json_object_get(o, "rank_of")), 1);
	assert_int_equal(json_integer_value(json_object_get(o,
	    "parent_rank")), 1);
	o = json_array_get(rs, 2);
	assert_true(json_real_value(json_object_get(o, "change")) == 11.72);
	assert_string_equal(json_string_value(json_object_get(o, "source")),
	    "published");
	o = json_array_get(rs, 3);
	assert_string_equal(json_string_value(json_object_get(o, "unit")),
	    "dinkes");
	assert_string_equal(json_string_value(json_object_get(o, "source")),
	    "not-released");
	assert_true(json_is_null(json_object_get(o, "score")));
	assert_true(json_is_null(json_object_get(o, "rank")));
	assert_true(json_is_null(json_object_get(o, "zone")));
	o = json_array_get(rs, 4);
	assert_string_equal(json_string_value(json_object_get(o, "unit")),
	    "dinsos");
	assert_int_equal(json_integer_value(json_object_get(o, "rank")), 6);
	assert_true(json_is_null(json_object_get(o, "parent_rank")));
	o = json_array_get(rs, 10);
	assert_string_equal(json_string_value(json_object_get(o, "entity")),
	    "prov-banten");
	assert_true(json_is_null(json_object_get(o, "parent")));
	json_decref(j);
	/* The exact text of the first row, numbers as written in the CSV. */
	assert_non_null(strstr(text, "\"results\":[\n"
	    "{\"year\":2021,\"entity\":\"kota-cilegon\",\"entity_name\":"
	    "\"Kota Cilegon\",\"kind\":\"Kota\",\"parent\":\"prov-banten\","
	    "\"unit\":null,\"unit_name\":null,\"score\":77.66,\"source\":"
	    "\"published\",\"category\":\"K\",\"category_name\":\"Zona Kuning "
	    "(51-80.99)\",\"zone\":\"kuning\",\"rank\":1,\"rank_of\":1,"
	    "\"parent_rank\":1,\"parent_rank_of\":1,\"change\":null,"
	    "\"aspects\":[]},\n"));
	assert_non_null(strstr(text, "\"change\":11.72,\"aspects\":[]}"));
	/* What a reader needs besides the rows to recompute them. */
	assert_non_null(strstr(text, "{\"decimals\":2,\"rounding\":"
	    "\"half-up\",\"unit\":\"sum\",\"scale_min\":0,\"scale_max\":100,"
	    "\"zones\":[{\"id\":\"hijau\",\"name\":\"Zona Hijau\",\"color\":"
	    "\"#2e7d32\"},"));
	assert_non_null(strstr(text, "\n{\"year\":2021,\"code\":\"M\","
	    "\"name\":\"Zona Merah (0-50.99)\",\"min\":0,\"zone\":\"merah\"},"));
	assert_non_null(strstr(text, "\n{\"year\":2024,\"code\":\"A\","
	    "\"name\":\"Kualitas Tertinggi\",\"min\":88,\"zone\":"
	    "\"hijau\"},"));
	free(text);
	report_free(&r);
	diag_free(&d);
}

static void
json_empty(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	char *text;
	int year = 1999;
	json_t *j;

	(void)state;
	load_dir(CILEGON, &r, &d);
	text = json_text(&r, year);
	/* No rows, no categories: the scheme of no year. */
	assert_non_null(strstr(text, "\"categories\":[],\"results\":[\n]}\n"));
	j = parse(text);
	assert_int_equal(json_array_size(json_object_get(j, "results")), 0);
	json_decref(j);
	free(text);
	report_free(&r);
	diag_free(&d);
}

static void
json_hostile(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = "[site]\ntitle = T\n[scoring]\ndecimals = 0\n",
		.entities = "id,name,kind,parent\n"
		    "prov-a,</script><script>alert(1)</script>,Provinsi,\n"
		    "kota-b,\"a\xe2\x80\xa8" "b\xe2\x80\xa9" "c \"\"q\"\" \\ "
		    "&amp;\",Kota,prov-a\n",
		.units = "entity,id,name\nkota-b,u-1,\"x\ny\"\n",
		.scores = "year,entity,unit,score\n2022,kota-b,,81\n"
		    "2023,kota-b,,80.4\n2023,prov-a,,70\n2023,kota-b,u-1,90\n",
	};
	char *text;
	json_t *j, *rs;

	LOAD_EXPECT(x, &c, "C/data/entities.csv:3:10: warning: entity name "
	    "holds U+2028, a character that is invisible or reorders the text around it, so the page would not show what it says; remove it\n"
	    "C/data/units.csv:2:14: warning: unit name holds U+000A, a character that is invisible or reorders the text around it, so the page would not show what it says; remove it\n");
	text = json_text(&x->r, 0);
	/* Safe inside <script>: no tag, no raw U+2028/2029. */
	assert_null(strstr(text, "</script>"));
	assert_null(strchr(text, '<'));
	assert_null(strchr(text, '>'));
	assert_null(strchr(text, '&'));
	assert_null(strstr(text, "\xe2\x80\xa8"));
	assert_null(strstr(text, "\xe2\x80\xa9"));
	assert_non_null(strstr(text, "\"\\u003c/script\\u003e\\u003cscript"
	    "\\u003ealert(1)\\u003c/script\\u003e\""));
	assert_non_null(strstr(text, "\"a\\u2028b\\u2029c \\\"q\\\" \\\\ "
	    "\\u0026amp;\""));
	/* decimals = 0: scores are JSON integers; -1 keeps its sign. */
	assert_non_null(strstr(text, "\"score\":80,"));
	assert_non_null(strstr(text, "\"change\":-1,\"aspects\":[]}"));
	j = parse(text);
	rs = json_object_get(j, "results");
	assert_int_equal(json_array_size(rs), 4);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(rs, 1), "entity_name")),
	    "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c \"q\" \\ &amp;");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(rs, 2), "unit_name")), "x\ny");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(rs, 3), "entity_name")),
	    "</script><script>alert(1)</script>");
	assert_int_equal(json_integer_value(json_object_get(
	    json_array_get(rs, 1), "change")), -1);
	json_decref(j);
	free(text);
}

/* ---- aspect values ---------------------------------------------------- */

static void
aspects_pekppp(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;
	struct rowsel sel = { 2024, NONE, NONE };
	char *text;
	json_t *j, *o, *a;

	(void)state;
	load_dir("tests/content/pekppp", &r, &d);
	render_aspects_csv(&r, &b);
	buf_putc(&b, '\0');
	/* Rows in results.csv's order, aspects in aspects.csv's; weights and
	 * values as written (4.0 is 4, 24 stays 24): a given score's unit
	 * (disdukcapil 2024) has its values too. */
	assert_non_null(strstr(b.data, "year,entity,unit,aspect,aspect_name,"
	    "weight,value\n"
	    "2023,kota-dua,dpmptsp,kebijakan,Service policy,24,4.2\n"));
	assert_non_null(strstr(b.data, "2024,kota-satu,disdukcapil,inovasi,"
	    "Innovation,12,4\n"
	    "2024,kota-satu,mpp,kebijakan,Service policy,24,4.9\n"));
	assert_non_null(strstr(b.data, "2024,kota-satu,mpp,inovasi,Innovation,"
	    "12,4.5\n"));
	/* 8 unit rows of 6 aspects, no entity rows. */
	{
		size_t lines = 0;
		const char *p;

		for (p = b.data; *p; p++)
			lines += *p == '\n';
		assert_int_equal(lines, 1 + 8 * 6);
	}
	assert_null(strstr(b.data, "prov-contoh,,"));
	buf_free(&b);
	/* In results.json, each unit's values inside its row. */
	render_results_json(&r, &b, &sel);
	buf_putc(&b, '\0');
	text = b.data;
	j = parse(text);
	o = json_array_get(json_object_get(j, "results"), 2);
	assert_string_equal(json_string_value(json_object_get(o, "unit")),
	    "mpp");
	a = json_object_get(o, "aspects");
	assert_int_equal(json_array_size(a), 6);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(a, 0), "aspect")), "kebijakan");
	assert_true(json_real_value(json_object_get(json_array_get(a, 0),
	    "value")) == 4.9);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(a,
	    1), "weight")), 25);
	assert_int_equal(json_array_size(json_object_get(json_array_get(
	    json_object_get(j, "results"), 0), "aspects")), 0);
	assert_non_null(strstr(text, "\"aspects\":[{\"aspect\":\"kebijakan\","
	    "\"aspect_name\":\"Service policy\",\"weight\":24,\"value\":4.9},"));
	/* The scheme: weighted mean, and only 2024's categories. */
	assert_string_equal(json_string_value(json_object_get(j, "unit")),
	    "weighted-mean");
	assert_int_equal(json_integer_value(json_object_get(j, "scale_max")), 5);
	assert_null(strstr(text, "\"year\":2023,\"code\""));
	assert_non_null(strstr(text, "\"year\":2024,\"code\""));
	json_decref(j);
	buf_free(&b);
	report_free(&r);
	diag_free(&d);
}

/* The downloads beside the pages: one entity across years, one unit. */
static void
rows_selected(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;
	struct rowsel sel;

	(void)state;
	load_dir("tests/content/pekppp", &r, &d);
	sel.year = 0;
	sel.entity = report_entity(&r, "kota-satu");
	sel.unit = NONE;
	render_results_csv(&r, &b, &sel);
	buf_putc(&b, '\0');
	assert_string_equal(b.data, HEADER
	    "2023,kota-satu,Kota Satu,Kota,prov-contoh,,,4.24,mean,B,Sangat "
	    "Baik,baik,1,3,1,3,\n"
	    "2023,kota-satu,Kota Satu,Kota,prov-contoh,disdukcapil,Dinas "
	    "Kependudukan dan Pencatatan Sipil Kota Satu,3.89,computed,C,Baik,"
	    "baik,2,2,,,\n"
	    "2023,kota-satu,Kota Satu,Kota,prov-contoh,mpp,Mal Pelayanan Publik "
	    "Kota Satu,4.59,computed,A,Pelayanan Prima,prima,1,2,,,\n"
	    "2024,kota-satu,Kota Satu,Kota,prov-contoh,,,4.40,mean,B,Sangat "
	    "Baik,baik,1,1,1,1,+0.16\n"
	    "2024,kota-satu,Kota Satu,Kota,prov-contoh,disdukcapil,Dinas "
	    "Kependudukan dan Pencatatan Sipil Kota Satu,4.02,given,B,Sangat "
	    "Baik,baik,2,2,,,+0.13\n"
	    "2024,kota-satu,Kota Satu,Kota,prov-contoh,mpp,Mal Pelayanan Publik "
	    "Kota Satu,4.77,computed,A,Pelayanan Prima,prima,1,2,,,+0.18\n");
	buf_reset(&b);
	sel.year = 2024;
	sel.unit = report_unit(&r, sel.entity, "mpp");
	render_results_csv(&r, &b, &sel);
	buf_putc(&b, '\0');
	assert_string_equal(b.data, HEADER
	    "2024,kota-satu,Kota Satu,Kota,prov-contoh,mpp,Mal Pelayanan Publik "
	    "Kota Satu,4.77,computed,A,Pelayanan Prima,prima,1,2,,,+0.18\n");
	buf_free(&b);
	report_free(&r);
	diag_free(&d);
}

/* A part of a download, as a string. */
static void
part_of(const struct report *r, enum download what, enum download_part part,
    const struct rowsel *sel, struct buf *out)
{
	struct buf b = BUF_INIT;

	assert_int_equal(render_download_part(r, what, part, sel, &b, NULL,
	    NULL), 0);
	buf_put(out, b.data, b.len);
	buf_free(&b);
}

/*
 * What render_results.c relies on: a download is its head, rows and
 * tail; and the download of every row is its own head, then each year's
 * rows (in JSON after a ',' from the second year with rows on), then its
 * tail.
 */
static void
parts_join_to_whole(void **state)
{
	static const char *dirs[] = { "content", "tests/content/pekppp" };
	size_t k, y;
	int json;

	(void)state;
	for (k = 0; k < 2; k++) {
		struct report r;
		struct diags d = DIAGS_INIT;

		load_dir(dirs[k], &r, &d);
		for (json = 0; json < 2; json++) {
			enum download what = json ? DOWNLOAD_RESULTS_JSON :
			    DOWNLOAD_RESULTS_CSV;
			struct buf whole = BUF_INIT, joined = BUF_INIT;
			int rows = 0;

			part_of(&r, what, PART_WHOLE, NULL, &whole);
			part_of(&r, what, PART_HEAD, NULL, &joined);
			for (y = 0; y < r.nyears; y++) {
				struct rowsel sel = { r.years[y].year, NONE,
				    NONE };
				struct buf one = BUF_INIT, yw = BUF_INIT;
				size_t at;

				part_of(&r, what, PART_HEAD, &sel, &one);
				part_of(&r, what, PART_ROWS, &sel, &one);
				part_of(&r, what, PART_TAIL, &sel, &one);
				part_of(&r, what, PART_WHOLE, &sel, &yw);
				assert_int_equal(one.len, yw.len);
				assert_memory_equal(one.data, yw.data, yw.len);
				at = joined.len;
				part_of(&r, what, PART_ROWS, &sel, &joined);
				if (json && rows && joined.len > at) {
					buf_putc(&joined, ',');
					memmove(joined.data + at + 1,
					    joined.data + at,
					    joined.len - at - 1);
					joined.data[at] = ',';
				}
				rows |= joined.len > at;
				buf_free(&one);
				buf_free(&yw);
			}
			part_of(&r, what, PART_TAIL, NULL, &joined);
			assert_true(rows);
			assert_int_equal(joined.len, whole.len);
			assert_memory_equal(joined.data, whole.data, whole.len);
			buf_free(&whole);
			buf_free(&joined);
		}
		report_free(&r);
		diag_free(&d);
	}
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_header),
		cmocka_unit_test(csv_sample),
		cmocka_unit_test(csv_pekppp),
		T(csv_defused_and_quoted),
		cmocka_unit_test(json_sample),
		cmocka_unit_test(json_empty),
		T(json_hostile),
		cmocka_unit_test(aspects_pekppp),
		cmocka_unit_test(rows_selected),
		cmocka_unit_test(parts_join_to_whole),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
