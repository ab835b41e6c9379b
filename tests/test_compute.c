/*
 * Tests for the compute stage: include/compute.h, content-format.md
 * section 2 (scores.csv: rounding, means, categories, ranks, changes).
 * The values computed are checked here, on content folders built from
 * strings in a temporary directory (tests/fixture.h) or read from content/
 * (the sample) and tests/content/pekppp/ (a second instrument on a 0-5
 * scale); the errors and warnings of compute are the cases
 * tests/cases/compute-*.
 */
#include "testutil.h"

#include "compute.h"
#include "render_data.h"

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

/* x formatted with '.' and the report's decimals (rotating buffers). */
static const char *
num(const struct report *r, struct dec x, int plus)
{
	static char out[4][48];
	static int k;
	struct buf b = BUF_INIT;

	k = (k + 1) % 4;
	dec_format(&b, x, r->site.decimals, '.', plus);
	snprintf(out[k], sizeof out[k], "%s", buf_str(&b));
	buf_free(&b);
	return out[k];
}

/* The result of entity eid (unit uid, or NULL for the entity) in year y. */
static const struct result *
res(const struct report *r, int y, const char *eid, const char *uid)
{
	size_t e = report_entity(r, eid), u = NONE, i;

	assert_int_not_equal(e, NONE);
	if (uid) {
		u = report_unit(r, e, uid);
		assert_int_not_equal(u, NONE);
	}
	for (i = 0; i < r->nresults; i++)
		if (r->results[i].year == y && r->results[i].entity == e &&
		    r->results[i].unit == u)
			return &r->results[i];
	fail_msg("no result for %d %s %s", y, eid, uid ? uid : "");
	return NULL;
}

/*
 * Every result as one line, in order: year, entity, unit ("-" for the
 * entity), score, source, category/zone, rank/of, parent rank/of and the
 * change with its previous year ("-" when there is none).
 */
static char *
dump(const struct report *r)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < r->nresults; i++) {
		const struct result *x = &r->results[i];

		buf_printf(&b, "%d %s %s %s %s %s/%s %u/%u %u/%u", x->year,
		    r->entities[x->entity].id, x->unit == NONE ? "-" :
		    r->units[x->unit].id, num(r, x->score, 0),
		    source_name(x->source), x->category == NONE ? "?" :
		    r->categories[x->category].code, x->zone == NONE ? "?" :
		    r->zones[x->zone].id, x->rank, x->rank_of, x->parent_rank,
		    x->parent_rank_of);
		if (x->has_change)
			buf_printf(&b, " %s<%d", num(r, x->change, 1),
			    x->prev_year);
		else
			buf_puts(&b, " -");
		buf_putc(&b, '\n');
		/* Cross-checks that hold for every result. */
		if (x->unit != NONE)
			assert_int_equal(r->units[x->unit].entity, x->entity);
		if (x->category != NONE)
			assert_int_equal(x->zone,
			    r->categories[x->category].zone);
	}
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

#define EXPECT_RESULTS(r, text)                                              \
	do {                                                                 \
		char *d_ = dump(r);                                          \
		assert_string_equal(d_, (text));                             \
		free(d_);                                                    \
	} while (0)

static void
load_dir(const char *dir, struct report *r, struct diags *d)
{
	assert_int_equal(load_report(dir, r, d), 0);
	assert_int_equal(compute_report(r, d), 0);
	assert_int_equal(d->n, 0);
}

/* ---- the sample content: Kota Cilegon -------------------------------- */

static void
sample_cilegon(void **state)
{
	/*
	 * 2023 units: 85.73 + 89.49 + 89.69 + 88.06 + 93.35 + 90.09 = 536.41,
	 * / 6 = 89.40166... -> 89.40; the published 89.45 stays the result.
	 * Units by score: 93.35 cibeber 1, 90.09 pulomerak 2, 89.69
	 * disdukcapil 3, 89.49 disdik 4, 88.06 dpmptsp 5, 85.73 dinsos 6.
	 * Changes: 77.73 - 77.66 = +0.07, 89.45 - 77.73 = +11.72,
	 * 95.31 - 89.45 = +5.86.  2021 uses the old zones (K: 51-80.99).
	 */
	struct report r;
	struct diags d = DIAGS_INIT;
	const struct result *c;

	(void)state;
	load_dir(CILEGON, &r, &d);
	EXPECT_RESULTS(&r,
	    "2021 kota-cilegon - 77.66 published K/kuning 1/1 1/1 -\n"
	    "2022 kota-cilegon - 77.73 published C/kuning 1/1 1/1 +0.07<2021\n"
	    "2023 kota-cilegon - 89.45 published A/hijau 1/1 1/1 +11.72<2022\n"
	    "2023 kota-cilegon dinsos 85.73 given B/hijau 6/6 0/0 -\n"
	    "2023 kota-cilegon disdik 89.49 given A/hijau 4/6 0/0 -\n"
	    "2023 kota-cilegon disdukcapil 89.69 given A/hijau 3/6 0/0 -\n"
	    "2023 kota-cilegon dpmptsp 88.06 given A/hijau 5/6 0/0 -\n"
	    "2023 kota-cilegon puskesmas-cibeber 93.35 given A/hijau 1/6 0/0 -\n"
	    "2023 kota-cilegon puskesmas-pulomerak 90.09 given A/hijau 2/6 0/0 "
	    "-\n"
	    "2023 prov-banten - 91.16 published A/hijau 1/1 0/0 -\n"
	    "2024 kota-cilegon - 95.31 published A/hijau 1/1 1/1 +5.86<2023\n");
	c = res(&r, 2023, "kota-cilegon", NULL);
	assert_int_equal(c->row, 2);
	assert_true(c->has_mean);
	assert_int_equal(c->nunits, 6);
	assert_string_equal(num(&r, c->mean, 0), "89.40");
	assert_true(c->mean_differs);
	assert_string_equal(r.zones[c->zone].id, "hijau");
	/* 2022: category C, Zona Kuning; 2021 old scheme, Zona Kuning. */
	c = res(&r, 2022, "kota-cilegon", NULL);
	assert_string_equal(r.zones[c->zone].id, "kuning");
	assert_false(c->has_mean);
	assert_false(c->mean_differs);
	assert_int_equal(c->nunits, 0);
	c = res(&r, 2021, "kota-cilegon", NULL);
	assert_string_equal(r.categories[c->category].name,
	    "Zona Kuning (51-80.99)");
	assert_string_equal(r.zones[c->zone].id, "kuning");
	assert_false(res(&r, 2023, "prov-banten", NULL)->has_mean);
	report_free(&r);
	diag_free(&d);
}

static void
sample_years(void **state)
{
	static const char *const codes[] = { "A", "B", "C", "D", "E" };
	struct report r;
	struct diags d = DIAGS_INIT;
	size_t i;

	(void)state;
	load_dir(CILEGON, &r, &d);
	assert_int_equal(r.nyears, 4);
	assert_int_equal(r.years[0].year, 2021);
	assert_int_equal(r.years[1].year, 2022);
	assert_int_equal(r.years[2].year, 2023);
	assert_int_equal(r.years[3].year, 2024);
	/* 2021: the three old zones, highest min first. */
	assert_int_equal(r.years[0].ncats, 3);
	assert_string_equal(r.categories[r.years[0].cats[0]].code, "H");
	assert_string_equal(r.categories[r.years[0].cats[2]].code, "M");
	assert_int_equal(r.years[0].naspects, 0);
	for (i = 0; i < 5; i++)
		assert_string_equal(r.categories[r.years[2].cats[i]].code,
		    codes[i]);
	assert_int_equal(r.years[1].naspects, 4);
	assert_string_equal(r.aspects[r.years[2].aspects[3]].id, "pengaduan");
	assert_int_equal(r.years[3].naspects, 0);
	/* The scheme changed in 2022 (after 2021), not in 2023. */
	assert_false(r.years[0].scheme_changed);
	assert_true(r.years[1].scheme_changed);
	assert_false(r.years[2].scheme_changed);
	/*
	 * 2024 has no aspects while 2023 had four: only totals were
	 * published, which is not a change of scheme.
	 */
	assert_false(r.years[3].scheme_changed);
	assert_int_equal(report_year(&r, 2023), 2);
	assert_int_equal(report_year(&r, 2020), NONE);
	/* Category boundaries: min belongs to the category. */
	{
		struct dec s;

		assert_int_equal(dec_parse("88.00", &s), DEC_OK);
		assert_string_equal(r.categories[compute_category(&r,
		    &r.years[2], s)].code, "A");
		assert_int_equal(dec_parse("87.99", &s), DEC_OK);
		assert_string_equal(r.categories[compute_category(&r,
		    &r.years[2], s)].code, "B");
		assert_int_equal(dec_parse("0", &s), DEC_OK);
		assert_string_equal(r.categories[compute_category(&r,
		    &r.years[2], s)].code, "E");
		assert_int_equal(dec_parse("80.99", &s), DEC_OK);
		assert_string_equal(r.categories[compute_category(&r,
		    &r.years[0], s)].code, "K");
		assert_int_equal(dec_parse("81", &s), DEC_OK);
		assert_string_equal(r.categories[compute_category(&r,
		    &r.years[0], s)].code, "H");
		assert_int_equal(dec_parse("-1", &s), DEC_OK);
		assert_int_equal(compute_category(&r, &r.years[0], s), NONE);
	}
	report_free(&r);
	diag_free(&d);
}

/* ---- a second instrument: PEKPPP, 0-5, weighted mean ------------------ */

/*
 * tests/content/pekppp: weights kebijakan 24, sdm 25, sarana 18,
 * sistem-informasi 11, konsultasi 10, inovasi 12 (sum 100), so a unit
 * score is (24 k + 25 s + 18 sa + 11 si + 10 ko + 12 i) / 100:
 *
 * 2023 kota-satu/mpp  4.8 4.6 4.5 4.2 4.9 4.4:
 *   115.2 + 115 + 81 + 46.2 + 49 + 52.8 = 459.2 -> 4.592 -> 4.59 (A)
 * 2023 kota-satu/disdukcapil  4.1 4.0 3.9 3.5 4.3 3.2:
 *   98.4 + 100 + 70.2 + 38.5 + 43 + 38.4 = 388.5 -> 3.885 -> 3.89 (C)
 *   (an exact half; 3.885 in binary floating point is 3.88499...)
 * 2023 kota-dua/mpp  4.5 everywhere -> 4.50 (A: the min belongs to A)
 * 2023 kota-dua/dpmptsp  4.2 3.8 4.0 3.9 4.1 3.8:
 *   100.8 + 95 + 72 + 42.9 + 41 + 45.6 = 397.3 -> 3.973 -> 3.97 (C)
 * 2023 kota-tiga/disdukcapil  3.0 3.2 2.8 2.5 3.5 2.0:
 *   72 + 80 + 50.4 + 27.5 + 35 + 24 = 288.9 -> 2.889 -> 2.89 (D)
 * 2023 prov-contoh/samsat  4.4 4.3 4.6 4.0 4.5 3.9:
 *   105.6 + 107.5 + 82.8 + 44 + 45 + 46.8 = 431.7 -> 4.317 -> 4.32 (B)
 * 2024 kota-satu/mpp  4.9 4.8 4.7 4.6 5.0 4.5:
 *   117.6 + 120 + 84.6 + 50.6 + 50 + 54 = 476.8 -> 4.768 -> 4.77 (A)
 * 2024 kota-satu/disdukcapil: given 4.02; aspects 4.1 and 4.0 x 5:
 *   98.4 + 304 = 402.4 -> 4.024, within half a unit of 4.02: no warning
 *
 * Entities (mean of the rounded unit scores):
 * 2023 kota-satu (4.59 + 3.89) / 2 = 4.24 (B)
 * 2023 kota-dua  (4.50 + 3.97) / 2 = 4.235 -> 4.24 (B): an exact half
 * 2023 kota-tiga 2.89 (D)
 * 2023 prov-contoh: published 4.12 (B); its one unit's mean is 4.32
 * 2024 kota-satu (4.77 + 4.02) / 2 = 4.395 -> 4.40 (B)
 * Ranks among Kota 2023: 4.24, 4.24, 2.89 -> 1, 1, 3 of 3; the same
 * among prov-contoh's children.  Changes 2024: mpp 4.77 - 4.59 = +0.18,
 * disdukcapil 4.02 - 3.89 = +0.13, kota-satu 4.40 - 4.24 = +0.16.
 */
static void
pekppp(void **state)
{
	struct report r;
	struct diags d = DIAGS_INIT;
	const struct result *c;

	(void)state;
	load_dir("tests/content/pekppp", &r, &d);
	assert_int_equal(r.site.language, LANG_EN);
	assert_int_equal(r.site.scale_max.v, 5 * DEC_ONE);
	assert_int_equal(r.site.unit_rule, UNIT_WEIGHTED_MEAN);
	assert_int_equal(r.naspects, 6);
	assert_int_equal(r.nyears, 2);
	assert_int_equal(r.years[0].naspects, 6);
	assert_false(r.years[1].scheme_changed);
	EXPECT_RESULTS(&r,
	    "2023 kota-dua - 4.24 mean B/baik 1/3 1/3 -\n"
	    "2023 kota-dua dpmptsp 3.97 computed C/baik 2/2 0/0 -\n"
	    "2023 kota-dua mpp 4.50 computed A/prima 1/2 0/0 -\n"
	    "2023 kota-satu - 4.24 mean B/baik 1/3 1/3 -\n"
	    "2023 kota-satu disdukcapil 3.89 computed C/baik 2/2 0/0 -\n"
	    "2023 kota-satu mpp 4.59 computed A/prima 1/2 0/0 -\n"
	    "2023 kota-tiga - 2.89 mean D/cukup 3/3 3/3 -\n"
	    "2023 kota-tiga disdukcapil 2.89 computed D/cukup 1/1 0/0 -\n"
	    "2023 prov-contoh - 4.12 published B/baik 1/1 0/0 -\n"
	    "2023 prov-contoh samsat 4.32 computed B/baik 1/1 0/0 -\n"
	    "2024 kota-satu - 4.40 mean B/baik 1/1 1/1 +0.16<2023\n"
	    "2024 kota-satu disdukcapil 4.02 given B/baik 2/2 0/0 +0.13<2023\n"
	    "2024 kota-satu mpp 4.77 computed A/prima 1/2 0/0 +0.18<2023\n");
	c = res(&r, 2023, "prov-contoh", NULL);
	assert_true(c->has_mean);
	assert_int_equal(c->nunits, 1);
	assert_string_equal(num(&r, c->mean, 0), "4.32");
	assert_true(c->mean_differs);
	c = res(&r, 2023, "kota-dua", NULL);
	assert_int_equal(c->row, NONE);
	assert_int_equal(c->nunits, 2);
	assert_false(c->mean_differs);
	assert_string_equal(r.zones[c->zone].id, "baik");
	assert_string_equal(r.zones[res(&r, 2023, "kota-satu", "mpp")->zone].id,
	    "prima");
	report_free(&r);
	diag_free(&d);
}

/* ---- ranks ------------------------------------------------------------ */

static void
ranks_and_ties(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.entities = "id,name,kind,parent\n"
		    "prov-a,Provinsi A,Provinsi,\n"
		    "prov-b,Provinsi B,Provinsi,\n"
		    "kota-a,Kota A,Kota,prov-a\n"
		    "kota-b,Kota B,Kota,prov-a\n"
		    "kota-c,Kota C,Kota,prov-b\n"
		    "kota-d,Kota D,Kota,prov-b\n"
		    "kab-e,Kabupaten E,Kabupaten,prov-a\n",
		.units = "entity,id,name\n"
		    "kota-a,u1,U1\nkota-a,u2,U2\nkota-a,u3,U3\nkota-a,u4,U4\n",
		.scores = "year,entity,unit,score\n"
		    "2023,kota-a,,70\n2023,kota-b,,80\n2023,kota-c,,90\n"
		    "2023,kota-d,,80.001\n2023,kab-e,,80\n"
		    "2023,prov-a,,60\n2023,prov-b,,60\n"
		    "2023,kota-a,u1,85\n2023,kota-a,u2,85\n"
		    "2023,kota-a,u3,70\n2023,kota-a,u4,90\n"
		    /* another year is ranked on its own */
		    "2022,kota-a,,99\n2022,kota-b,,10\n",
	};
	struct report *r = &x->r;

	LOAD_EXPECT(x, &c, "");
	/* Kota 2023: 90, 80, 80 (80.001 rounds to 80.00), 70 -> 1, 2, 2, 4. */
	assert_int_equal(res(r, 2023, "kota-c", NULL)->rank, 1);
	assert_int_equal(res(r, 2023, "kota-b", NULL)->rank, 2);
	assert_int_equal(res(r, 2023, "kota-d", NULL)->rank, 2);
	assert_int_equal(res(r, 2023, "kota-a", NULL)->rank, 4);
	assert_int_equal(res(r, 2023, "kota-a", NULL)->rank_of, 4);
	assert_int_equal(res(r, 2023, "kab-e", NULL)->rank, 1);
	assert_int_equal(res(r, 2023, "kab-e", NULL)->rank_of, 1);
	assert_int_equal(res(r, 2023, "prov-a", NULL)->rank, 1);
	assert_int_equal(res(r, 2023, "prov-b", NULL)->rank, 1);
	assert_int_equal(res(r, 2023, "prov-b", NULL)->rank_of, 2);
	/* prov-a's children of any kind: kota-b 80, kab-e 80, kota-a 70. */
	assert_int_equal(res(r, 2023, "kota-b", NULL)->parent_rank, 1);
	assert_int_equal(res(r, 2023, "kab-e", NULL)->parent_rank, 1);
	assert_int_equal(res(r, 2023, "kota-a", NULL)->parent_rank, 3);
	assert_int_equal(res(r, 2023, "kota-a", NULL)->parent_rank_of, 3);
	assert_int_equal(res(r, 2023, "kota-c", NULL)->parent_rank, 1);
	assert_int_equal(res(r, 2023, "kota-d", NULL)->parent_rank, 2);
	assert_int_equal(res(r, 2023, "kota-d", NULL)->parent_rank_of, 2);
	assert_int_equal(res(r, 2023, "prov-a", NULL)->parent_rank, 0);
	assert_int_equal(res(r, 2023, "prov-a", NULL)->parent_rank_of, 0);
	/* Units within kota-a: 90, 85, 85, 70 -> 1, 2, 2, 4. */
	assert_int_equal(res(r, 2023, "kota-a", "u4")->rank, 1);
	assert_int_equal(res(r, 2023, "kota-a", "u1")->rank, 2);
	assert_int_equal(res(r, 2023, "kota-a", "u2")->rank, 2);
	assert_int_equal(res(r, 2023, "kota-a", "u3")->rank, 4);
	assert_int_equal(res(r, 2023, "kota-a", "u3")->rank_of, 4);
	assert_int_equal(res(r, 2023, "kota-a", "u3")->parent_rank_of, 0);
	/* The published 70 stays; the units' mean 82.50 differs. */
	assert_string_equal(num(r, res(r, 2023, "kota-a", NULL)->score, 0),
	    "70.00");
	assert_string_equal(num(r, res(r, 2023, "kota-a", NULL)->mean, 0),
	    "82.50");
	assert_true(res(r, 2023, "kota-a", NULL)->mean_differs);
	/* 2022 is its own ranking. */
	assert_int_equal(res(r, 2022, "kota-b", NULL)->rank, 2);
	assert_int_equal(res(r, 2022, "kota-b", NULL)->rank_of, 2);
	assert_int_equal(res(r, 2022, "kota-a", NULL)->parent_rank, 1);
	assert_int_equal(res(r, 2022, "kota-a", NULL)->parent_rank_of, 2);
	assert_string_equal(num(r, res(r, 2023, "kota-b", NULL)->change, 1),
	    "+70.00");
	assert_string_equal(num(r, res(r, 2023, "kota-a", NULL)->change, 1),
	    "-29.00");
}

/* ---- changes ---------------------------------------------------------- */

static void
change_skips_missing_year(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.scores = "year;entity;unit;score\n"
		    "2019;kota-b;;70,5\n"
		    "2021;kota-b;;75,3\n"
		    "2023;kota-b;;80\n"
		    "2019;kota-b;dinkes;60\n"
		    "2023;kota-b;dinkes;59,5\n"
		    "2021;prov-a;;50\n"
		    "2023;prov-a;;50,001\n",
	};
	struct report *r = &x->r;
	const struct result *k;

	LOAD_EXPECT(x, &c, "");
	assert_int_equal(r->nyears, 3);
	assert_false(res(r, 2019, "kota-b", NULL)->has_change);
	k = res(r, 2021, "kota-b", NULL);
	assert_true(k->has_change);
	assert_int_equal(k->prev_year, 2019);
	assert_string_equal(num(r, k->change, 1), "+4.80");
	k = res(r, 2023, "kota-b", NULL);
	assert_int_equal(k->prev_year, 2021);
	assert_string_equal(num(r, k->change, 1), "+4.70");
	/* A unit skips 2021, where it has no score. */
	k = res(r, 2023, "kota-b", "dinkes");
	assert_int_equal(k->prev_year, 2019);
	assert_string_equal(num(r, k->change, 1), "-0.50");
	/* Of the rounded values: 50.00 - 50.00 is no change at all. */
	k = res(r, 2023, "prov-a", NULL);
	assert_true(k->has_change);
	assert_int_equal(k->change.v, 0);
	assert_string_equal(num(r, k->change, 1), "0.00");
	/* The 2019 mean is not there: kota-b has a published total. */
	assert_int_equal(res(r, 2019, "kota-b", NULL)->source, SRC_PUBLISHED);
}

/* ---- means and unit scores -------------------------------------------- */

static void
mean_of_rounded_units(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.units = "entity,id,name\nkota-b,dinkes,D1\nkota-b,dinsos,D2\n",
		.scores = "year,entity,unit,score\n"
		    "2023,kota-b,dinkes,80.005\n"
		    "2023,kota-b,dinsos,80.004\n",
	};
	struct report *r = &x->r;
	const struct result *k;

	/*
	 * Rounded first: 80.01 and 80.00, mean 80.005 -> 80.01.  The mean of
	 * the raw scores, 80.0045, would round to 80.00.
	 */
	LOAD_EXPECT(x, &c, "");
	assert_string_equal(num(r, res(r, 2023, "kota-b", "dinkes")->score, 0),
	    "80.01");
	assert_string_equal(num(r, res(r, 2023, "kota-b", "dinsos")->score, 0),
	    "80.00");
	k = res(r, 2023, "kota-b", NULL);
	assert_int_equal(k->source, SRC_MEAN);
	assert_int_equal(k->row, NONE);
	assert_string_equal(num(r, k->score, 0), "80.01");
	assert_string_equal(num(r, k->mean, 0), "80.01");
	assert_true(k->has_mean);
	assert_false(k->mean_differs);
	assert_int_equal(k->nunits, 2);
	/* prov-a has neither a total nor units: no result. */
	assert_int_equal(r->nresults, 3);
}

static void
mean_truncated(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = "[site]\ntitle = T\n[scoring]\nrounding = truncate\n"
		    "decimals = 1\n",
		.units = "entity,id,name\nkota-b,a,A\nkota-b,b,B\nkota-b,c,C\n",
		.scores = "year,entity,unit,score\n"
		    "2023,kota-b,a,80.19\n2023,kota-b,b,80.19\n"
		    "2023,kota-b,c,80.0\n",
	};
	struct report *r = &x->r;

	/* 80.1 + 80.1 + 80.0 = 240.2, / 3 = 80.0666 -> 80.0 (truncated). */
	LOAD_EXPECT(x, &c, "");
	assert_string_equal(num(r, res(r, 2023, "kota-b", "a")->score, 0),
	    "80.1");
	assert_string_equal(num(r, res(r, 2023, "kota-b", NULL)->score, 0),
	    "80.0");
}

#define SUM_INI		"[site]\ntitle = T\n[scoring]\nunit = sum\n"
#define SUM_ASPECTS	"years,id,name,weight\n" \
			"2022-2023,input,Input,21.85\n" \
			"2022-2023,proses,Proses,32.37\n" \
			"2022-2023,output,Output,24.24\n" \
			"2022-2023,pengaduan,Pengaduan,21.54\n"
#define SUM_UNITS	"entity,id,name\nkota-b,dinkes,D1\nkota-b,dinsos,D2\n" \
			"kota-b,disdik,D3\n"

static void
unit_sum_truncate(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = SUM_INI "rounding = truncate\n",
		.aspects = SUM_ASPECTS,
		.units = SUM_UNITS,
		.scores = "year;entity;unit;score;input;proses;output;pengaduan\n"
		    "2023;kota-b;dinkes;;8,72;10,76;20,76;9,61\n"
		    "2023;kota-b;dinsos;;8,725;10,76;20,76;9,61\n",
	};
	struct report *r = &x->r;

	/* 8.72 + 10.76 + 20.76 + 9.61 = 49.85 exactly: truncation keeps it. */
	LOAD_EXPECT(x, &c, "");
	assert_int_equal(res(r, 2023, "kota-b", "dinkes")->source,
	    SRC_COMPUTED);
	assert_string_equal(num(r, res(r, 2023, "kota-b", "dinkes")->score, 0),
	    "49.85");
	/* 49.855 truncates to 49.85. */
	assert_string_equal(num(r, res(r, 2023, "kota-b", "dinsos")->score, 0),
	    "49.85");
	assert_string_equal(num(r, res(r, 2023, "kota-b", NULL)->score, 0),
	    "49.85");
	assert_string_equal(r->categories[res(r, 2023, "kota-b",
	    NULL)->category].code, "C");
}

static void
unit_sum_half_up(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = SUM_INI,
		.aspects = SUM_ASPECTS,
		.units = SUM_UNITS,
		.scores = "year,entity,unit,score,input,proses,output,pengaduan\n"
		    "2023,kota-b,dinkes,,8.725,10.76,20.76,9.61\n",
	};

	/* 49.855 rounds half-up to 49.86. */
	LOAD_EXPECT(x, &c, "");
	assert_string_equal(num(&x->r, res(&x->r, 2023, "kota-b",
	    "dinkes")->score, 0), "49.86");
}

static void
unit_weighted_mean(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = "[site]\ntitle = T\n[scoring]\ndecimals = 1\n",
		.aspects = "years,id,name,weight\n,a,A,1\n,b,B,3\n"
		    "2024,c,C,1\n",
		.units = SUM_UNITS,
		.scores = "year,entity,unit,score,a,b,c\n"
		    "2023,kota-b,dinkes,,2,1,\n"
		    "2023,kota-b,dinsos,,90,80,\n"
		    "2023,kota-b,disdik,,100,0,\n",
	};
	struct report *r = &x->r;

	/*
	 * (1 * 2 + 3 * 1) / 4 = 1.25 -> 1.3; (90 + 240) / 4 = 82.5;
	 * (100 + 0) / 4 = 25.0.  Aspect c is not assessed in 2023.
	 */
	LOAD_EXPECT(x, &c, "");
	assert_string_equal(num(r, res(r, 2023, "kota-b", "dinkes")->score, 0),
	    "1.3");
	assert_string_equal(num(r, res(r, 2023, "kota-b", "dinsos")->score, 0),
	    "82.5");
	assert_string_equal(num(r, res(r, 2023, "kota-b", "disdik")->score, 0),
	    "25.0");
	/* (1.3 + 82.5 + 25.0) / 3 = 36.2666 -> 36.3 */
	assert_string_equal(num(r, res(r, 2023, "kota-b", NULL)->score, 0),
	    "36.3");
	assert_int_equal(r->years[0].naspects, 2);
}

static void
lowest_category_scale_min(void **state)
{
	struct fx *x = *state;
	struct content c = {
		.ini = "[site]\ntitle = T\n[scoring]\nscale_min = 1\n"
		    "scale_max = 5\n",
		.categories = "years,code,name,min,zone\n,A,Baik,4,hijau\n"
		    ",B,Kurang,1,merah\n",
		.scores = "year,entity,unit,score\n2023,kota-b,,1\n",
	};

	/* A lowest min equal to scale_min is fine; 1 is category B. */
	LOAD_EXPECT(x, &c, "");
	assert_string_equal(x->r.categories[res(&x->r, 2023, "kota-b",
	    NULL)->category].code, "B");
}

/* n aspects of weight w, and one unit row with every value v. */
static void
many_aspects(struct buf *asp, struct buf *sc, size_t n, const char *w,
    const char *w0, const char *v)
{
	size_t i;

	buf_puts(asp, "years,id,name,weight\n");
	buf_puts(sc, "year,entity,unit,score");
	for (i = 0; i < n; i++) {
		buf_printf(asp, ",a%zu,A%zu,%s\n", i, i, i ? w : w0);
		buf_printf(sc, ",a%zu", i);
	}
	buf_puts(sc, "\n2023,kota-b,dinkes,");
	for (i = 0; i < n; i++)
		buf_printf(sc, ",%s", v);
	buf_puts(sc, "\n");
}

static void
huge_weights_equal(void **state)
{
	struct fx *x = *state;
	struct buf asp = BUF_INIT, sc = BUF_INIT;
	struct content c = {
		.ini = "[site]\ntitle = T\n[scoring]\nscale_max = 999999999\n",
	};

	/*
	 * 200 x 10^18 x 10^18 overflows 128 bits, but the weights share
	 * their value as a divisor: the mean of equal values is the value.
	 */
	many_aspects(&asp, &sc, 200, "999999999", "999999999", "999999999");
	c.aspects = buf_str(&asp);
	c.scores = buf_str(&sc);
	LOAD_EXPECT(x, &c, "");
	assert_string_equal(num(&x->r, res(&x->r, 2023, "kota-b",
	    "dinkes")->score, 0), "999999999.00");
	buf_free(&asp);
	buf_free(&sc);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sample_cilegon),
		cmocka_unit_test(sample_years),
		cmocka_unit_test(pekppp),
		T(ranks_and_ties),
		T(change_skips_missing_year),
		T(mean_of_rounded_units),
		T(mean_truncated),
		T(unit_sum_truncate),
		T(unit_sum_half_up),
		T(unit_weighted_mean),
		T(lowest_category_scale_min),
		T(huge_weights_equal),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
