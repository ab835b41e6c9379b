/* The pipeline behind the commands: see include/build.h. */
#include "build.h"

#include "chart.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "publish.h"
#include "render_site.h"
#include "template.h"

/* Load and compute; returns 0 when the report is usable. */
static int
prepare(const struct options *o, struct report *r, struct docset *ds,
    struct diags *d)
{
	memset(ds, 0, sizeof *ds);
	if (load_report(o->content, r, d) != 0)
		return -1;
	if (compute_report(r, d) != 0)
		return -1;
	/* Commentary is checked against the computed years and results. */
	return docs_load(r, ds, d);
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
	struct docset ds;
	int rc;

	prepare(o, &r, &ds, &d);
	docs_free(&ds);
	diag_print(&d, stderr);
	summary(&r, &d, o->content);
	rc = diag_status(&d);
	report_free(&r);
	diag_free(&d);
	return rc;
}

/* Load the templates and the strings of the site's language. */
static int
load_theme(const struct options *o, const struct report *r,
    struct tpl_set *tpl, struct i18n *t, struct diags *d)
{
	struct buf path = BUF_INIT;
	int rc = 0;

	if (tpl_load_dir(tpl, o->templates, d) != 0)
		rc = -1;
	buf_printf(&path, "%s/lang/%s.ini", o->templates,
	    r->site.language == LANG_EN ? "en" : "id");
	if (i18n_load(t, path.data, d) != 0)
		rc = -1;
	buf_free(&path);
	return rc;
}

int
cmd_build(const struct options *o)
{
	struct diags d = DIAGS_INIT;
	struct report r;
	struct docset ds;
	struct stage st;
	struct site_plan plan;
	struct tpl_set *tpl = tpl_set_new();
	struct render_opts ro;
	struct stage_cache *cache = NULL;
	struct i18n t;
	int rc;

	memset(&st, 0, sizeof st);
	memset(&ro, 0, sizeof ro);
	memset(&plan, 0, sizeof plan);
	memset(&t, 0, sizeof t);
	if (prepare(o, &r, &ds, &d) != 0)
		goto out;
	if (load_theme(o, &r, tpl, &t, &d) != 0)
		goto out;
	site_plan(&r, &ds, &plan);
	if (stage_open(&st, o->output, &d) != 0)
		goto out;
	ro.charts = !o->no_charts;
	ro.templates_dir = o->templates;
	/* Opened without charts too, so that its lists, which name the
	 * charts of the tree being replaced, go at the publish. */
	cache = stage_cache_open(&st);
	ro.cache = ro.charts ? cache : NULL;
	ro.jobs = o->jobs;
	if (render_site(&r, &ds, &plan, tpl, &t, &ro, &st, &d) != 0)
		goto out;
	if (stage_publish(&st, &d) == 0 && cache)
		stage_cache_commit(cache, ro.charts ? (ro.jobs < 1 ? 1 :
		    ro.jobs) : 0);
out:
	stage_close(&st);
	diag_print(&d, stderr);
	summary(&r, &d, o->content);
	rc = diag_status(&d);
	site_plan_free(&plan);
	stage_cache_free(cache);
	if (ro.charts)
		/* fontconfig's caches, so leak checkers see a clean exit. */
		chart_shutdown();
	tpl_set_free(tpl);
	i18n_free(&t);
	docs_free(&ds);
	report_free(&r);
	diag_free(&d);
	return rc;
}
