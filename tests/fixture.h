/*
 * The content-folder fixture shared by test_load.c, test_compute.c and
 * test_render_data.c: a small valid report written from strings into a
 * temporary folder, each test replacing the files it is about.
 * Include after testutil.h and the headers of load, compute and diag.
 */
#ifndef RAPOR_TEST_FIXTURE_H
#define RAPOR_TEST_FIXTURE_H

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

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
	snprintf(x->dir, sizeof x->dir, "/tmp/rapor-load-XXXXXX");
	if (mkdtemp(x->dir) == NULL) {
		free(x);
		return -1;
	}
	*state = x;
	return 0;
}

static void __attribute__((unused))
rm_tree(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *de;

	if (dp != NULL) {
		while ((de = readdir(dp)) != NULL) {
			char sub[512];

			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
			rm_tree(sub);
		}
		closedir(dp);
		rmdir(path);
	} else
		unlink(path);
}

static int __attribute__((unused))
teardown(void **state)
{
	struct fx *x = *state;

	report_free(&x->r);
	diag_free(&x->d);
	free(x->out);
	rm_tree(x->dir);
	free(x);
	return 0;
}

static void __attribute__((unused))
put(struct fx *x, const char *rel, const char *text, size_t len)
{
	char path[256];
	FILE *fp;

	if (text == absent)
		return;
	snprintf(path, sizeof path, "%s/%s", x->dir, rel);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void __attribute__((unused))
puts_file(struct fx *x, const char *rel, const char *def, const char *text)
{
	text = text ? text : def;
	put(x, rel, text, text == absent ? 0 : strlen(text));
}

/* The diagnostics of d as diag_print() writes them, with dir shown as "C". */
static char * __attribute__((unused))
diag_text(const struct diags *d, const char *dir)
{
	struct buf b = BUF_INIT;
	char *raw = NULL, *p;
	size_t rawlen = 0, dl = dir ? strlen(dir) : 0;
	FILE *fp = open_memstream(&raw, &rawlen);

	assert_non_null(fp);
	diag_print(d, fp);
	assert_int_equal(fclose(fp), 0);
	for (p = raw; *p; ) {
		if (dl && strncmp(p, dir, dl) == 0) {
			buf_putc(&b, 'C');
			p += dl;
		} else
			buf_putc(&b, *p++);
	}
	free(raw);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/*
 * Write the content folder and load it; with compute, also compute when
 * loading succeeded.
 */
static void __attribute__((unused))
fx_load(struct fx *x, const struct content *c, int compute)
{
	char data[128];
	size_t i;

	snprintf(data, sizeof data, "%s/data", x->dir);
	assert_true(mkdir(data, 0700) == 0 || errno == EEXIST);
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
		put(x, name, "# Halaman\n", 10);
	}
	x->rc = load_report(x->dir, &x->r, &x->d);
	if (compute && x->rc == 0)
		x->rc = compute_report(&x->r, &x->d);
	x->out = diag_text(&x->d, x->dir);
}

#endif
