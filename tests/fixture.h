/*
 * The content-folder fixture shared by test_load.c, test_compute.c and
 * test_render_data.c: a small valid report written from strings into a
 * temporary folder, each test replacing the files it is about in a copy
 * of tests/cases/bases/minimal (the base of the cases too), or the
 * content folder of a case of tests/cases.  Include after testutil.h.
 */
#ifndef RAPOR_TEST_FIXTURE_H
#define RAPOR_TEST_FIXTURE_H

#include "compute.h"
#include "diag.h"
#include "load.h"
#include "model.h"

/* The files a test writes over the base; NULL leaves the base's. */
struct content {
	const char	*ini, *zones, *categories, *aspects, *entities, *units,
			*scores;
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

/* The default content: every file a test leaves NULL. */
#define FX_BASE	"tests/cases/bases/minimal"

static void __attribute__((unused))
puts_file(struct fx *x, const char *rel, const char *text)
{
	if (text != NULL)
		tmp_put(x->dir, rel, text, strlen(text));
}

/*
 * Write the content folder and load it; with compute, also compute when
 * loading succeeded.
 */
static void __attribute__((unused))
fx_load(struct fx *x, const struct content *c, int compute)
{
	tmp_copy(FX_BASE, x->dir);
	puts_file(x, "site.ini", c->ini);
	puts_file(x, "data/zones.csv", c->zones);
	puts_file(x, "data/categories.csv", c->categories);
	puts_file(x, "data/aspects.csv", c->aspects);
	puts_file(x, "data/entities.csv", c->entities);
	puts_file(x, "data/units.csv", c->units);
	puts_file(x, "data/scores.csv", c->scores);
	x->rc = load_report(x->dir, &x->r, &x->d);
	if (compute && x->rc == 0)
		x->rc = compute_report(&x->r, &x->d);
	x->out = diag_text(&x->d, x->dir, "C");
}

/*
 * Load the content folder of the case tests/cases/NAME (and compute, with
 * compute, when loading succeeded).  Its diagnostics are the case's to
 * check; the test checks what was loaded.
 */
static void __attribute__((unused))
fx_case(struct fx *x, const char *name, int compute)
{
	struct buf content = BUF_INIT;

	case_prepare(name, x->dir);
	buf_printf(&content, "%s/content", x->dir);
	x->rc = load_report(content.data, &x->r, &x->d);
	if (compute && x->rc == 0)
		x->rc = compute_report(&x->r, &x->d);
	x->out = diag_text(&x->d, content.data, "C");
	buf_free(&content);
}

#endif
