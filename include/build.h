/*
 * The pipeline behind the commands: load -> compute -> render -> write.
 * main.c parses options and calls one of these.
 */
#ifndef RAPOR_BUILD_H
#define RAPOR_BUILD_H

#include <signal.h>
#include <stddef.h>

#include "diag.h"

/*
 * The pages to make before the others (rapor serve: those open in the
 * browser), and what to tell of them.  Each of paths is a page's file
 * relative to the site, as the plan names it ("2023/x/index.html"); a
 * path that is no page is ignored.  Those of the pages whose inputs
 * changed are made first, by the first process, while the other
 * processes make the rest.  file is handed each file stage_write()
 * writes for them (the pages, their charts, data files and embed pages;
 * not those made to the bytes already published), as it is written;
 * then, once they are all made, ready is called; both in the building
 * thread.  ready is not called when none of them had to be made again,
 * nor after a failure among them (file may have been called before it).
 * The build then goes on and publishes, or fails, as it would have:
 * what file was handed is what a build that publishes publishes.
 */
struct first_pages {
	const char *const *paths;	/* the pages' files */
	size_t		 n;		/* how many */
	void		(*file)(void *arg, const char *rel, const void *data,
			    size_t len);	/* a file written for them */
	void		(*ready)(void *arg);	/* they are all made */
	void		*arg;			/* for file and ready */
};

struct options {
	const char	*content;	/* -C: content folder */
	const char	*templates;	/* -t: templates folder */
	const char	*output;	/* -o: output folder */
	int		 no_charts;	/* --no-charts: pages without charts (for timing) */
	int		 jobs;		/* -j: worker processes; 0 for one per CPU */
	int		 quiet;		/* -q: print errors only, no progress */
	const struct first_pages *first; /* pages to make first, or NULL */
};

/*
 * rapor check: load and compute, print every diagnostic and one summary
 * line (bodies, units, years, errors, warnings) to stderr.  Returns the
 * exit status: 0, 1 (content errors) or 3 (system errors).
 */
int cmd_check(const struct options *o);

/* What a build did, for a summary line. */
struct build_stats {
	int		 loaded;	/* nonzero: the content was read (counts below) */
	size_t		 bodies;	/* entities of the report */
	size_t		 units;		/* units of the report */
	size_t		 years;		/* editions */
	size_t		 pages;		/* pages of the site */
	size_t		 files;		/* files of the site (pages, charts, data...) */
	size_t		 written;	/* of those, written because their bytes changed */
	size_t		 removed;	/* files of the old site deleted */
	size_t		 written_other;	/* of written, files not named *.html;
					   (size_t)-1 when not known (a new
					   folder was moved in whole) */
};

/*
 * One build of o->content into o->output (publish.h says what happens to
 * OUTPUT), every problem recorded in d and nothing printed.  Callable
 * again and again in one process (rapor serve): everything it sets up it
 * frees.  Fills *bs (if not NULL).  Returns 0 when the new site was
 * published, -1 otherwise (OUTPUT then as it was).
 */
int build_site(const struct options *o, struct build_stats *bs,
    struct diags *d);

struct progress;

/* build_site() with its phases and pages shown on pg (progress.h). */
int build_site_shown(const struct options *o, struct build_stats *bs,
    struct progress *pg, struct diags *d);

/*
 * Catch SIGINT and SIGTERM: the handler only sets stage_interrupted
 * (publish.h), so that a build stops cleanly at its next file and the
 * caller then stops too.  The actions replaced go into saved[0] and
 * saved[1], for sigaction() to put back.
 */
void build_catch_signals(struct sigaction *saved);

/*
 * rapor build: build_site(), then every diagnostic and one summary line
 * on stderr.  SIGINT and SIGTERM stop it cleanly; it then dies of the
 * signal.  Returns the exit status: 0, 1, 2 or 3.
 */
int cmd_build(const struct options *o);

#endif
