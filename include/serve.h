/*
 * rapor serve: a live preview.  Builds the content into a folder of its
 * own, serves it over HTTP (libmicrohttpd) on the loopback address,
 * rebuilds on every change of the content or templates (inotify) and
 * tells the open pages to reload.
 *
 * The build folder is a new temporary folder, rapor-serve-XXXXXX (mode
 * 0700) in $TMPDIR if set, else in /dev/shm (memory) if it has room,
 * else in /tmp, and is removed when serve stops: a preview shows drafts
 * and broken states, so it never writes into a published OUTPUT, never
 * takes a build's lock on one, and leaves nothing behind.
 *
 * The pages are served as built, except that every HTML response gets a
 * small script (/.rapor/live.js) before its </body>: it listens to
 * /.rapor/events (Server-Sent Events) and reloads the page when the site
 * changed, or shows the build's errors over the page.  Built files are
 * never changed: a build's bytes are a build's.  No site path can start
 * with /.rapor/: every name starting with '.' is refused.
 */
#ifndef RAPOR_SERVE_H
#define RAPOR_SERVE_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "build.h"

/* The port rapor serve listens on without -p. */
#define SERVE_DEFAULT_PORT 8000

struct serve_opts {
	struct options	 build;	/* content, templates and jobs; output unused */
	const char	*bind;	/* --bind: address to listen on; NULL for 127.0.0.1 */
	unsigned	 port;	/* -p: TCP port; 0 for any free one (printed) */
};

/*
 * rapor serve: build, serve and rebuild until SIGINT or SIGTERM, then
 * stop the server, remove the build folder and die of that signal (so
 * the status is 130 or 143).  Everything is said on stderr: the address,
 * each rebuild's diagnostics and a line on what it changed.  Returns 2
 * for an address that is not one, 3 when it cannot listen, make its
 * build folder or watch the folders; it does not return otherwise.
 */
int cmd_serve(const struct serve_opts *so);

/*
 * The pure parts of the HTTP side, for the unit tests.
 */

/*
 * The file that the request path raw (as sent: percent-encoded, without
 * the query) names below the site folder.  raw must start with '/'.
 * Each %XX is decoded exactly once, then the path is split at '/' and
 * empty segments are dropped.  Returns 0 with the segments joined by
 * '/' in out ("" for the site's root) and *slash set to whether raw
 * ends with '/'; 400 for a malformed path (no leading '/', a bad or NUL
 * escape, a control character); 403 for a segment that is "." or "..",
 * starts with '.' (hidden files, rapor's .rapor/) or holds a backslash.
 */
int serve_url_path(const char *raw, struct buf *out, int *slash);

/* The Content-Type for the file name path, by its extension. */
const char *serve_mime(const char *path);

/*
 * Nonzero when the Host header host (NULL when absent) names the
 * loopback: localhost, 127.x.x.x or [::1], with or without a port.  A
 * server on the loopback answers only these, so that a web page cannot
 * read the preview through a name of its own that resolves to 127.0.0.1
 * (DNS rebinding).
 */
int serve_host_ok(const char *host);

/* t as an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT") into out. */
void serve_http_date(time_t t, char out[30]);

/*
 * Parse an HTTP date in the form serve_http_date() writes (the one
 * HTTP/1.1 senders must use) into *t.  Returns 0, or -1 when s is not
 * one (the other two forms of RFC 9110 included: a request then simply
 * gets the whole file).
 */
int serve_http_date_parse(const char *s, time_t *t);

/*
 * Where in the page html (len bytes) the live script goes: before the
 * last "</body" (any case), else at the end.
 */
size_t serve_inject_at(const char *html, size_t len);

#endif
