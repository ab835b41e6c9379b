/*
 * Progress of a long build on a terminal: one line on stderr that
 * updates in place (phase, pages done of all, charts drawn, time since
 * the start), shown only after the first second and only when stderr is
 * a terminal, so that logs and CI stay clean; cleared at the end.
 */
#ifndef RAPOR_PROGRESS_H
#define RAPOR_PROGRESS_H

#include <stddef.h>
#include <time.h>

struct progress {
	int		 on;	/* nonzero: stderr is a terminal and not -q */
	int		 shown;	/* nonzero: a line is on the screen */
	struct timespec	 start;	/* when the build started */
	struct timespec	 last;	/* when the line was last drawn */
	const char	*phase;	/* what is being done (static string) */
};

/* Start: p is on when on is nonzero and stderr is a terminal. */
void progress_start(struct progress *p, int on);

/* The phase now under way ("loading", "rendering", "publishing"). */
void progress_phase(struct progress *p, const char *phase);

/*
 * Draw the line if it is time to (after the first second, at most ten
 * times a second): done of total pages, charts drawn so far.
 */
void progress_tick(struct progress *p, size_t done, size_t total,
    size_t charts);

/* Clear the line, if one is shown. */
void progress_clear(struct progress *p);

/* Seconds since progress_start(). */
double progress_elapsed(const struct progress *p);

#endif
