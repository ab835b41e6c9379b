/*
 * Inside rapor serve (include/serve.h): the build loop (serve.c), the
 * HTTP side (serve_http.c) and the watcher (serve_watch.c), and what
 * they share.
 */
#ifndef RAPOR_SERVE_IMPL_H
#define RAPOR_SERVE_IMPL_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "diag.h"

/* A file made for an open page before the rest of its build. */
struct live_file {
	char		*rel;	/* its path in the site (owned) */
	char		*data;	/* its bytes (owned) */
	size_t		 len;	/* how many */
};

/*
 * What the open pages are told, written by the build loop and read by
 * the HTTP threads, always under mu.
 *
 * A build that makes again pages open in a browser makes those first
 * (build.h, struct first_pages); their files are then served from over
 * (the window) and the pages told to reload, before the rest of the site
 * is made and published.  Meanwhile a request for another page waits for
 * the build's end (its file may be about to change), while other files
 * (the stylesheet, charts) are served as published.
 */
struct live {
	pthread_mutex_t	 mu;	/* guards everything below */
	pthread_cond_t	 cv;	/* broadcast when version or stopping changes */
	unsigned long	 version; /* bumped on every change of gen or errors */
	char		 gen[48]; /* the site's generation: changes when a build
				     changed its files, and from run to run */
	unsigned long	 ngen;	/* builds that changed the site, for gen */
	time_t		 gen_time; /* when gen last changed (wall clock) */
	struct buf	 errors; /* the failed last build's diagnostics as a JSON
				    array of lines; "[]" after a good build */
	struct buf	 errtext; /* the same lines as text, "" after a good build */
	int		 have_site; /* nonzero once a build has published */
	int		 stopping; /* nonzero: the server is stopping */
	int		 window; /* nonzero from live_first() to the build's
				    end (live_update()) */
	struct live_file *over;	/* in the window: the open pages' new files */
	size_t		 nover;	/* how many */
	char		**open;	/* the page file of each event stream that
				   named one (the array owned, each string
				   its stream's) */
	size_t		 nopen, capopen;
};

/* Set up l: no site yet, no errors, generation 0. */
void live_init(struct live *l);

/*
 * After a build: published says whether it published, changed whether
 * that changed any file of the site that the open pages have not been
 * shown (live_first()), diags is its diagnostics as serve_diag_text()
 * writes them.  Ends the window, bumps the generation if the site
 * changed, or if the build failed after live_first() (the pages shown
 * its files go back to the last good site), and the version if anything
 * the pages are told did, waking the event streams and the requests
 * waiting for the build.
 */
void live_update(struct live *l, int published, int changed,
    const char *diags);

/*
 * The open pages' new files, files[0..n-1] (taken, array and strings):
 * served instead of the site's until live_update(), with a new
 * generation, so that the open pages reload at once, and without the
 * last build's errors (these pages were made).
 */
void live_first(struct live *l, struct live_file *files, size_t n);

/* The distinct page files the event streams are open on, as a new array
 * of *n new strings (NULL when there are none). */
char **live_open_pages(struct live *l, size_t *n);

/* Free the n files of live_first()'s kind at files, and the array. */
void live_files_free(struct live_file *files, size_t n);

/* The diagnostics of d as diag_print() prints them, appended to text. */
void serve_diag_text(const struct diags *d, struct buf *text);

/* Tell the event streams to end (before http_stop()). */
void live_stop(struct live *l);

/* Free l (after http_stop()). */
void live_free(struct live *l);

struct http;

/*
 * Serve the site folder open as site_fd on the listening socket fd
 * (which the server then owns), telling pages what l says, with threads
 * of its own.  With loopback nonzero, requests must name the loopback
 * in their Host header.  Returns the server, or NULL with a system error
 * recorded.
 */
struct http *http_start(int fd, int site_fd, int loopback, struct live *l,
    struct diags *d);

/* Stop the server, closing its connections and its socket. */
void http_stop(struct http *h);

struct watch;

/*
 * Watch the folders roots[0..n-1] and every folder below them (but
 * hidden ones and symbolic links) for changes, with inotify.  Returns
 * the watcher, or NULL with a system error recorded.
 */
struct watch *watch_open(const char *const *roots, size_t n,
    struct diags *d);

/*
 * Wait until something in the watched folders changes, or a signal is
 * caught, with the signal mask mask while waiting (the caller blocks
 * the signals that must end the wait, and unblocks them in mask).  A burst of changes (an editor's save is several) counts as
 * one: it returns once none came for a moment, or at most a few tenths
 * of a second after the first.  Names starting with '.' (editors' swap
 * files, .git) are ignored: rapor reads none.  New folders are watched
 * as they appear.  Returns 1 for a change, with *first set to the
 * monotonic time in seconds of its first event; 0 when a signal was
 * caught; -1 on a system error, recorded in d.
 */
int watch_wait(struct watch *w, const sigset_t *mask, double *first,
    struct diags *d);

/* Stop watching; free w. */
void watch_close(struct watch *w);

/* The monotonic clock, in seconds. */
double serve_now(void);

#endif
