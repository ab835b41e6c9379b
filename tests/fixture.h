/*
 * The content-folder fixture shared by test_load.c, test_compute.c and
 * test_render_data.c: a small valid report written from strings into a
 * temporary folder, each test replacing the files it is about.
 * Include after testutil.h and the headers of load, compute and diag.
 */
#ifndef RAPOR_TEST_FIXTURE_H
#define RAPOR_TEST_FIXTURE_H

#include "compute.h"
#include "diag.h"
#include "load.h"
#include "model.h"

#define DEF_INI		"[site]\ntitle = Uji\n"
#define DEF_ZONES	"id,name,color\nhijau,Zona Hijau,#2e7d32\n" \
			"kuning,Zona Kuning,#f9a825\nmerah,Zona Merah,#c62828\n"
#define DEF_CATS	"years,code,name,min,zone\n,A,Baik,80,hijau\n" \
			",B,Cukup,50,kuning\n,C,Kurang,0,merah\n"
#define DEF_ASPECTS	"years,id,name,weight\n"
#define DEF_ENTITIES	"id,name,kind,parent\nprov-a,Provinsi A,Provinsi,\n" \
			"kota-b,Kota B,Kota,prov-a\n"
#define DEF_UNITS	"entity,id,name,kind\nkota-b,dinkes,Dinas Kesehatan,OPD\n"
#define DEF_SCORES	"year,entity,unit,score\n2023,kota-b,,80\n"

/* Pass as a file's text to leave the file out. */
static const char absent[] = "absent";

struct content {
	const char	*ini, *zones, *categories, *aspects, *entities, *units,
			*scores;
	const char	*pages[4];	/* page names: <name>.md is created */
};

struct fx {
	char		 dir[64];
	struct report	 r;
	struct diags	 d;
	char		*out;	/* the diagnostics as printed, folder shown as "C" */
	int		 rc;
};

static int __attribute__((unused))
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	if (x == NULL)
		return -1;
	if (tmp_dir(x->dir, sizeof x->dir, "load") != 0) {
		free(x);
		return -1;
	}
	*state = x;
	return 0;
}

static int __attribute__((unused))
teardown(void **state)
{
	struct fx *x = *state;

	report_free(&x->r);
	diag_free(&x->d);
	free(x->out);
	remove_tree(x->dir);
	free(x);
	return 0;
}

static void __attribute__((unused))
puts_file(struct fx *x, const char *rel, const char *def, const char *text)
{
	text = text ? text : def;
	if (text != absent)
		tmp_put(x->dir, rel, text, strlen(text));
}

/*
 * Write the content folder and load it; with compute, also compute when
 * loading succeeded.
 */
static void __attribute__((unused))
fx_load(struct fx *x, const struct content *c, int compute)
{
	size_t i;

	puts_file(x, "site.ini", DEF_INI, c->ini);
	puts_file(x, "data/zones.csv", DEF_ZONES, c->zones);
	puts_file(x, "data/categories.csv", DEF_CATS, c->categories);
	puts_file(x, "data/aspects.csv", DEF_ASPECTS, c->aspects);
	puts_file(x, "data/entities.csv", DEF_ENTITIES, c->entities);
	puts_file(x, "data/units.csv", DEF_UNITS, c->units);
	puts_file(x, "data/scores.csv", DEF_SCORES, c->scores);
	for (i = 0; i < 4 && c->pages[i]; i++) {
		char name[128];

		snprintf(name, sizeof name, "%s.md", c->pages[i]);
		tmp_put(x->dir, name, "# Halaman\n", 10);
	}
	x->rc = load_report(x->dir, &x->r, &x->d);
	if (compute && x->rc == 0)
		x->rc = compute_report(&x->r, &x->d);
	x->out = diag_text(&x->d, x->dir, "C");
}

#endif
