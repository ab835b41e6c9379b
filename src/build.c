/* The pipeline behind the commands: see include/build.h. */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "publish.h"
#include "render_data.h"

/* Load and compute; returns 0 when the report is usable. */
static int
prepare(const struct options *o, struct report *r, struct diags *d)
{
	if (load_report(o->content, r, d) != 0)
		return -1;
	return compute_report(r, d);
}

static void
summary(const struct report *r, const struct diags *d, const char *what)
{
	fprintf(stderr, "rapor: %s: %zu bodies, %zu units, %zu years: "
	    "%zu errors, %zu warnings\n", what, r->nentities, r->nunits,
	    r->nyears, d->errors + d->system, d->warnings);
}

int
cmd_check(const struct options *o)
{
	struct diags d = DIAGS_INIT;
	struct report r;
	int rc;

	prepare(o, &r, &d);
	diag_print(&d, stderr);
	summary(&r, &d, o->content);
	rc = diag_status(&d);
	report_free(&r);
	diag_free(&d);
	return rc;
}

/* Render every output file into the staging folder. */
static int
render_all(const struct report *r, struct stage *st, struct diags *d)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	render_results_csv(r, &b, NULL, NULL);
	if (stage_write(st, "data/results.csv", b.data, b.len, d) != 0)
		goto out;
	buf_reset(&b);
	render_results_json(r, &b, NULL, NULL);
	if (stage_write(st, "data/results.json", b.data, b.len, d) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
cmd_build(const struct options *o)
{
	struct diags d = DIAGS_INIT;
	struct report r;
	struct stage st;
	int rc;

	memset(&st, 0, sizeof st);
	if (prepare(o, &r, &d) != 0)
		goto out;
	if (stage_open(&st, o->output, &d) != 0)
		goto out;
	if (render_all(&r, &st, &d) != 0)
		goto out;
	stage_publish(&st, &d);
out:
	stage_close(&st);
	diag_print(&d, stderr);
	summary(&r, &d, o->content);
	rc = diag_status(&d);
	report_free(&r);
	diag_free(&d);
	return rc;
}
