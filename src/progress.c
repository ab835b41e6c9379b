/* Progress line of a long build: see include/progress.h. */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

static double
since(const struct timespec *a)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) +
	    (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

void
progress_start(struct progress *p, int on)
{
	p->on = on && isatty(STDERR_FILENO);
	p->shown = 0;
	p->phase = "";
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

static void draw(struct progress *p, size_t done, size_t total,
    size_t charts);

void
progress_phase(struct progress *p, const char *phase)
{
	p->phase = phase;
	/* At once, not at the next tick: publishing has none, and the line
	 * would show the last page rendered for as long as it takes. */
	if (p->on && since(&p->start) >= 1.0)
		draw(p, 0, 0, 0);
}

double
progress_elapsed(const struct progress *p)
{
	return since(&p->start);
}

void
progress_tick(struct progress *p, size_t done, size_t total, size_t charts)
{
	if (!p->on || since(&p->start) < 1.0 || (p->shown &&
	    since(&p->last) < 0.1))
		return;
	draw(p, done, total, charts);
}

static void
draw(struct progress *p, size_t done, size_t total, size_t charts)
{
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	/* \r and clear to the end of the line: one line, redrawn. */
	if (total)
		fprintf(stderr, "\rrapor: %s: %zu of %zu pages, %zu charts, "
		    "%.1f s\033[K", p->phase, done, total, charts,
		    since(&p->start));
	else
		fprintf(stderr, "\rrapor: %s, %.1f s\033[K", p->phase,
		    since(&p->start));
	fflush(stderr);
	p->shown = 1;
}

void
progress_clear(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = 0;
	}
}
