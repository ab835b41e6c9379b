/* The pipeline behind the commands: see include/build.h. */
#include "build.h"
#include "build_record.h"

#include "chart.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compute.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "progress.h"
#include "publish.h"
#include "render_site.h"
#include "template.h"
#include "util.h"

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
	return docs_load_deferred(r, ds, d);
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
	if (o->quiet)
		diag_print_errors(&d, stderr);
	else {
		diag_print(&d, stderr);
		summary(&r, &d, o->content);
	}
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
	if (!path_inside(path.data, o->templates, d) ||
	    i18n_load(t, path.data, d) != 0)
		rc = -1;
	buf_free(&path);
	return rc;
}

/* What a summary says of the report r, loaded. */
static void
counts(struct build_stats *bs, const struct report *r)
{
	bs->bodies = r->nentities;
	bs->units = r->nunits;
	bs->years = r->nyears;
	bs->loaded = 1;
}

/* SIGINT and SIGTERM stop a build at the next file; see publish.h. */
static void
on_signal(int sig)
{
	stage_interrupted = sig;
}

void
build_catch_signals(struct sigaction *saved)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, &saved[0]);
	(void)sigaction(SIGTERM, &sa, &saved[1]);
}

/*
 * After the clean-up of a build that a signal stopped: die of that
 * signal, as a program stopped by Ctrl-C or kill does, so that shells
 * and process supervisors see the conventional status (130, 143).
 */
static void
die_of_signal(const struct sigaction *saved, int published)
{
	int sig = stage_interrupted;

	fprintf(stderr, "rapor: stopped by signal %d; %s\n", sig, published ?
	    "the new site had been published" : "OUTPUT is as it was");
	(void)sigaction(SIGINT, &saved[0], NULL);
	(void)sigaction(SIGTERM, &saved[1], NULL);
	signal(sig, SIG_DFL);
	raise(sig);
}

int
build_site(const struct options *o, struct build_stats *bs, struct diags *d)
{
	return build_site_shown(o, bs, NULL, d);
}

int
build_site_shown(const struct options *o, struct build_stats *bs,
    struct progress *pg, struct diags *d)
{
	struct report r;
	struct docset ds;
	struct stage st;
	struct site_plan plan;
	struct tpl_set *tpl = tpl_set_new();
	struct render_opts ro;
	struct i18n t;
	struct build_stats mine;
	uint64_t digest = 0;
	size_t from = 0, to = 0;
	int published = 0;

	memset(&r, 0, sizeof r);
	memset(&ds, 0, sizeof ds);
	memset(&ro, 0, sizeof ro);
	memset(&plan, 0, sizeof plan);
	memset(&t, 0, sizeof t);
	if (bs == NULL)
		bs = &mine;
	memset(bs, 0, sizeof *bs);
	/*
	 * OUTPUT first: a refusal costs nothing, and a publish that a
	 * stopped run left is finished before anything else, whatever
	 * becomes of this build.
	 */
	if (stage_open(&st, o->output, o->content, o->templates, d) != 0)
		goto out;
	/* The inputs of the site OUTPUT holds: nothing to do. */
	if (record_replay(o, &st, &digest, bs, d) == 1) {
		published = 1;
		goto out;
	}
	from = d->n;
	if (pg != NULL)
		progress_phase(pg, "loading");
	if (prepare(o, &r, &ds, d) != 0)
		goto out;
	if (load_theme(o, &r, tpl, &t, d) != 0)
		goto out;
	site_plan(&r, &ds, &plan);
	ro.charts = !o->no_charts;
	ro.templates_dir = o->templates;
	ro.jobs = o->jobs < 1 ? 1 : o->jobs;
	ro.progress = pg;
	ro.first = o->first;
	/* The manifest was read beside the loading (stage_open()); indexed
	 * before the workers are forked, so that they share the index. */
	stage_index(&st);
	if (pg != NULL)
		progress_phase(pg, "rendering");
	if (render_site(&r, &ds, &plan, tpl, &t, &ro, &st, d) != 0)
		goto out;
	if (pg != NULL)
		progress_phase(pg, "publishing");
	to = d->n;
	bs->pages = plan.n;
	counts(bs, &r);
	/*
	 * Publishing needs none of the report, the pages or the templates:
	 * their memory goes to the file lists, which are largest now (the
	 * peak of a national build).
	 */
	site_plan_free(&plan);
	tpl_set_free(tpl);
	tpl = NULL;
	docs_free(&ds);
	report_free(&r);
	if (record_forget(&st, d) == 0 && stage_publish(&st, ro.jobs, d) == 0) {
		published = 1;
		bs->files = st.nlisted;
		bs->written = st.nstaged;
		bs->removed = st.nremoved;
		bs->written_other = st.nother;
		record_save(&st, digest, bs, d, from, to);
	}
out:
	stage_close(&st);
	if (r.dir != NULL)
		counts(bs, &r);
	site_plan_free(&plan);
	if (ro.charts)
		/* fontconfig's caches, so leak checkers see a clean exit. */
		chart_shutdown();
	tpl_set_free(tpl);
	i18n_free(&t);
	docs_free(&ds);
	report_free(&r);
	return published ? 0 : -1;
}

int
cmd_build(const struct options *o)
{
	struct diags d = DIAGS_INIT;
	struct build_stats bs;
	struct sigaction saved[2];
	struct progress pg;
	int rc, published;

	build_catch_signals(saved);
	progress_start(&pg, !o->quiet);
	published = build_site_shown(o, &bs, &pg, &d) == 0;
	progress_clear(&pg);
	if (o->quiet)
		diag_print_errors(&d, stderr);
	else
		diag_print(&d, stderr);
	if (bs.loaded && !o->quiet)
		fprintf(stderr, "rapor: %s: %zu bodies, %zu units, %zu years: "
		    "%zu errors, %zu warnings\n", o->content, bs.bodies,
		    bs.units, bs.years, d.errors + d.system, d.warnings);
	if (published && !o->quiet) {
		/* The time only on a terminal: logs compare equal. */
		fprintf(stderr, "rapor: %s: %zu pages, %zu files: %zu written, "
		    "%zu unchanged, %zu removed", o->output, bs.pages,
		    bs.files, bs.written, bs.files - bs.written, bs.removed);
		if (pg.on)
			fprintf(stderr, ", %.2f s", progress_elapsed(&pg));
		fputc('\n', stderr);
	}
	rc = diag_status(&d);
	diag_free(&d);
	if (stage_interrupted)
		die_of_signal(saved, published);
	(void)sigaction(SIGINT, &saved[0], NULL);
	(void)sigaction(SIGTERM, &saved[1], NULL);
	return rc;
}
