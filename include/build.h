/*
 * The pipeline behind the commands: load -> compute -> render -> write.
 * main.c parses options and calls one of these.
 */
#ifndef RAPOR_BUILD_H
#define RAPOR_BUILD_H

struct options {
	const char	*content;	/* -C: content folder */
	const char	*templates;	/* -t: templates folder */
	const char	*output;	/* -o: output folder */
	int		 no_charts;	/* --no-charts: pages without charts (for timing) */
	int		 jobs;		/* -j: worker processes; 0 for one per CPU */
};

/*
 * rapor check: load and compute, print every diagnostic and one summary
 * line (bodies, units, years, errors, warnings) to stderr.  Returns the
 * exit status: 0, 1 (content errors) or 3 (system errors).
 */
int cmd_check(const struct options *o);

/*
 * rapor build: as check, then render every output file into a staging
 * folder and publish it as o->output.  On any error OUTPUT is left as it
 * was.  Returns the exit status: 0, 1 or 3.
 */
int cmd_build(const struct options *o);

#endif
