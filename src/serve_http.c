/*
 * rapor serve's HTTP side (include/serve.h, src/serve_impl.h): the site
 * folder's files through libmicrohttpd, the live script and its event
 * stream.
 *
 * libmicrohttpd runs a thread per connection, so that an event stream
 * can wait for the next build in its own thread while other requests are
 * answered.  Those threads only read the site folder and, under its
 * mutex, struct live.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "hash.h"
#include "serve_impl.h"
#include "util.h"
#include "xalloc.h"

/* Seconds between two comments on an idle event stream: a client that
 * went away is noticed then, and no proxy closes the stream as idle. */
#define STREAM_PING 10

/* Connections at once (each is a thread), and how long one may idle. */
#define MAX_CONNECTIONS 64
#define IDLE_SECONDS 30

/*
 * The script put into every HTML response.  It opens its event stream
 * on its page's path (so that the page is made first), compares the
 * generation the page was served at (data-gen) with the server's, and
 * reloads when they differ; while the last build failed it shows its
 * diagnostics over the page instead (as text: textContent, never
 * markup), after a reload onto the last good site when the page is of
 * another generation (shown ahead by a build that then failed).
 */
static const char live_js[] =
    "(function () {\n"
    "\t'use strict';\n"
    "\tvar me = document.currentScript;\n"
    "\tvar gen = me ? me.getAttribute('data-gen') : '';\n"
    "\tvar box = null;\n"
    "\tfunction hide() {\n"
    "\t\tif (box) {\n"
    "\t\t\tbox.parentNode.removeChild(box);\n"
    "\t\t\tbox = null;\n"
    "\t\t}\n"
    "\t}\n"
    "\tfunction show(s) {\n"
    "\t\tvar p = document.createElement('p');\n"
    "\t\tvar pre = document.createElement('pre');\n"
    "\t\thide();\n"
    "\t\tbox = document.createElement('div');\n"
    "\t\tbox.id = 'rapor-serve-errors';\n"
    "\t\tbox.setAttribute('role', 'alert');\n"
    "\t\tbox.style.cssText = 'position:fixed;top:0;right:0;bottom:0;"
    "left:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;"
    "background:rgba(25,25,25,.94);color:#fff;font:14px/1.5 monospace';\n"
    "\t\tp.style.cssText = 'margin:0 0 1rem;font-weight:bold';\n"
    "\t\tp.textContent = s.site ? 'rapor serve: the last build failed; "
    "behind this is the last good build. Fix them and the page "
    "reloads.' : 'rapor serve: the build failed. Fix the errors and the "
    "page reloads.';\n"
    "\t\tpre.style.cssText = 'margin:0;white-space:pre-wrap';\n"
    "\t\tpre.textContent = s.errors.join('\\n');\n"
    "\t\tbox.appendChild(p);\n"
    "\t\tbox.appendChild(pre);\n"
    "\t\tdocument.body.appendChild(box);\n"
    "\t}\n"
    "\tvar es = new EventSource('/.rapor/events' + location.pathname);\n"
    "\tes.onmessage = function (e) {\n"
    "\t\tvar s = JSON.parse(e.data);\n"
    "\t\tif (s.errors.length > 0 && (s.gen === gen || !s.site)) {\n"
    "\t\t\tshow(s);\n"
    "\t\t\treturn;\n"
    "\t\t}\n"
    "\t\tif (s.errors.length > 0) {\n"
    "\t\t\tlocation.reload();\n"
    "\t\t\treturn;\n"
    "\t\t}\n"
    "\t\thide();\n"
    "\t\tif (s.gen !== gen)\n"
    "\t\t\tlocation.reload();\n"
    "\t};\n"
    "})();\n";

/* The element put before </body>; %s is the generation. */
#define LIVE_TAG "<script src=\"/.rapor/live.js\" data-gen=\"%s\"></script>"

struct http {
	struct MHD_Daemon *mhd;		/* the server */
	int		 site_fd;	/* the site folder (not owned) */
	int		 loopback;	/* nonzero: answer loopback Host names only */
	struct live	*live;		/* what pages are told (not owned) */
};

/* -- the pure parts (serve.h) --------------------------------------------- */

int
serve_url_path(const char *raw, struct buf *out, int *slash)
{
	struct buf dec = BUF_INIT;
	const char *p, *s, *e;
	int rc = 0;

	buf_reset(out);
	*slash = 0;
	if (raw == NULL || raw[0] != '/')
		return 400;
	/* Decoded once, whole, before anything looks at the segments: so
	 * %2e%2e is "..", and %252e stays the three characters "%2e". */
	for (p = raw; *p != '\0'; p++) {
		int c = (unsigned char)*p;

		if (c == '%') {
			int hi = hex_value(p[1]);
			int lo = hi < 0 ? -1 : hex_value(p[2]);

			if (lo < 0) {
				rc = 400;
				goto out;
			}
			c = hi * 16 + lo;
			p += 2;
		}
		if (c < 0x20 || c == 0x7f) {
			rc = 400;
			goto out;
		}
		buf_putc(&dec, c);
	}
	*slash = dec.data[dec.len - 1] == '/';
	for (s = dec.data; *s != '\0'; s = e) {
		if (*s == '/') {
			e = s + 1;
			continue;
		}
		for (e = s; *e != '\0' && *e != '/'; e++)
			;
		if (*s == '.' || memchr(s, '\\', (size_t)(e - s)) != NULL) {
			rc = 403;
			goto out;
		}
		if (out->len > 0)
			buf_putc(out, '/');
		buf_put(out, s, (size_t)(e - s));
	}
out:
	buf_free(&dec);
	if (rc != 0) {
		buf_reset(out);
		*slash = 0;
	}
	return rc;
}

const char *
serve_mime(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ "html", "text/html; charset=utf-8" },
		{ "css", "text/css; charset=utf-8" },
		{ "js", "text/javascript; charset=utf-8" },
		{ "svg", "image/svg+xml" },
		{ "png", "image/png" },
		{ "csv", "text/csv; charset=utf-8" },
		{ "json", "application/json" },
		{ "xml", "application/xml" },
		{ "txt", "text/plain; charset=utf-8" },
		{ "ico", "image/x-icon" },
	};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	size_t i;

	if (dot != NULL)
		for (i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

int
serve_host_ok(const char *host)
{
	char name[64];
	const char *end, *port;
	struct in_addr a4;
	struct in6_addr a6;
	size_t n;

	/* Every browser sends Host; a client that does not is no web page. */
	if (host == NULL)
		return 1;
	if (host[0] == '[') {
		if ((end = strchr(host, ']')) == NULL)
			return 0;
		host++;
		port = end + 1;
	} else {
		end = strchr(host, ':');
		if (end == NULL)
			end = host + strlen(host);
		port = end;
	}
	if (*port == ':')
		for (port++; *port >= '0' && *port <= '9'; port++)
			;
	if (*port != '\0' || (n = (size_t)(end - host)) >= sizeof name)
		return 0;
	memcpy(name, host, n);
	name[n] = '\0';
	if (strcasecmp(name, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, name, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, name, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

static const char wdays[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* v in width digits at p; returns the end. */
static char *
put_digits(char *p, unsigned v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

void
serve_http_date(time_t t, char out[30])
{
	struct tm tm;
	char *p = out;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 0)
		memset(&tm, 0, sizeof tm);
	/* Names of our own: strftime's %a and %b follow the locale. */
	memcpy(p, wdays[tm.tm_wday], 3);
	memcpy(p + 3, ", ", 2);
	p = put_digits(p + 5, (unsigned)tm.tm_mday, 2);
	*p++ = ' ';
	memcpy(p, months[tm.tm_mon], 3);
	p[3] = ' ';
	p = put_digits(p + 4, (unsigned)(tm.tm_year + 1900), 4);
	*p++ = ' ';
	p = put_digits(p, (unsigned)tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)tm.tm_min, 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)tm.tm_sec, 2);
	memcpy(p, " GMT", 5);
}

/* The n digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
serve_http_date_parse(const char *s, time_t *t)
{
	int mday, mon, year, hh, mm, ss, i;
	long long y, era, yoe, doy, doe, days;

	/* "Sun, 06 Nov 1994 08:49:37 GMT": 29 characters, fixed places. */
	if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' ||
	    s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
	    strcmp(s + 25, " GMT") != 0)
		return -1;
	for (i = 0; i < 7 && strncmp(s, wdays[i], 3) != 0; i++)
		;
	if (i == 7)
		return -1;
	for (mon = 0; mon < 12 && strncmp(s + 8, months[mon], 3) != 0; mon++)
		;
	mday = digits(s + 5, 2);
	year = digits(s + 12, 4);
	hh = digits(s + 17, 2);
	mm = digits(s + 20, 2);
	ss = digits(s + 23, 2);
	if (mon == 12 || mday < 1 || mday > 31 || year < 0 || hh < 0 ||
	    hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
		return -1;
	/* Days since 1970-01-01 of a date of the proleptic Gregorian
	 * calendar, with March as the first month of the year. */
	y = year - (mon < 2);
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mon + (mon > 1 ? -2 : 10)) + 2) / 5 + mday - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	*t = (time_t)(days * 86400 + hh * 3600 + mm * 60 + ss);
	return 0;
}

size_t
serve_inject_at(const char *html, size_t len)
{
	size_t i;

	for (i = len; i >= 6; i--)
		if (strncasecmp(html + i - 6, "</body", 6) == 0)
			return i - 6;
	return len;
}

/* -- what the pages are told ---------------------------------------------- */

void
live_init(struct live *l)
{
	pthread_condattr_t ca;

	memset(l, 0, sizeof *l);
	pthread_mutex_init(&l->mu, NULL);
	/* Monotonic: an event stream's ping must not wait on the clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&l->cv, &ca);
	pthread_condattr_destroy(&ca);
	l->version = 1;
	(void)snprintf(l->gen, sizeof l->gen, "%lx%x-0",
	    (unsigned long)time(NULL), (unsigned)getpid());
	buf_puts(&l->errors, "[]");
	buf_puts(&l->errtext, "");
}

void
serve_diag_text(const struct diags *d, struct buf *text)
{
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);

	if (f == NULL) {
		buf_puts(text, "rapor: cannot show the messages here (out of "
		    "memory)\n");
		return;
	}
	diag_print(d, f);
	fclose(f);
	buf_put(text, p, n);
	free(p);
}

/* The lines of text as a JSON array of strings. */
static void
json_lines(const char *text, struct buf *out)
{
	const char *s = text, *e;

	buf_putc(out, '[');
	while (*s != '\0') {
		if ((e = strchr(s, '\n')) == NULL)
			e = s + strlen(s);
		if (s != text)
			buf_putc(out, ',');
		esc_json(out, s, (size_t)(e - s));
		s = *e == '\n' ? e + 1 : e;
	}
	buf_putc(out, ']');
}

/* A new generation (l->mu held): pages served before it reload. */
static void
new_gen(struct live *l)
{
	const char *dash = strrchr(l->gen, '-');

	l->ngen++;
	(void)snprintf(l->gen + (dash - l->gen), sizeof l->gen -
	    (size_t)(dash - l->gen), "-%lu", l->ngen);
	l->gen_time = time(NULL);
}

void
live_files_free(struct live_file *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(files[i].rel);
		free(files[i].data);
	}
	free(files);
}

void
live_first(struct live *l, struct live_file *files, size_t n)
{
	pthread_mutex_lock(&l->mu);
	live_files_free(l->over, l->nover);
	l->over = files;
	l->nover = n;
	l->window = 1;
	new_gen(l);
	/* The last build's errors, if it failed, are not this one's: these
	 * pages were made. */
	buf_reset(&l->errors);
	buf_puts(&l->errors, "[]");
	buf_reset(&l->errtext);
	l->version++;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

char **
live_open_pages(struct live *l, size_t *n)
{
	char **v = NULL;
	size_t i, k;

	*n = 0;
	pthread_mutex_lock(&l->mu);
	if (l->nopen > 0)
		v = xcalloc(l->nopen, sizeof *v);
	for (i = 0; i < l->nopen; i++) {
		for (k = 0; k < *n && strcmp(v[k], l->open[i]) != 0; k++)
			;
		if (k == *n)
			v[(*n)++] = xstrdup(l->open[i]);
	}
	pthread_mutex_unlock(&l->mu);
	return v;
}

void
live_update(struct live *l, int published, int changed, const char *diags)
{
	struct buf text = BUF_INIT, json = BUF_INIT;
	int bump = 0;

	if (!published)
		buf_puts(&text, diags[0] != '\0' ? diags :
		    "rapor: the build failed\n");
	json_lines(buf_str(&text), &json);
	pthread_mutex_lock(&l->mu);
	if (l->window) {
		/* The site published is the pages' now, or, failed, the last
		 * good one is again: the waiting requests go on, and pages
		 * shown what was not published go back to it. */
		live_files_free(l->over, l->nover);
		l->over = NULL;
		l->nover = 0;
		l->window = 0;
		if (!published) {
			new_gen(l);
			bump = 1;
		}
		pthread_cond_broadcast(&l->cv);
	}
	if (published && (changed || !l->have_site)) {
		new_gen(l);
		l->have_site = 1;
		bump = 1;
	}
	if (strcmp(buf_str(&json), buf_str(&l->errors)) != 0) {
		buf_reset(&l->errors);
		buf_puts(&l->errors, buf_str(&json));
		buf_reset(&l->errtext);
		buf_puts(&l->errtext, buf_str(&text));
		bump = 1;
	}
	if (bump) {
		l->version++;
		pthread_cond_broadcast(&l->cv);
	}
	pthread_mutex_unlock(&l->mu);
	buf_free(&text);
	buf_free(&json);
}

void
live_stop(struct live *l)
{
	pthread_mutex_lock(&l->mu);
	l->stopping = 1;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

void
live_free(struct live *l)
{
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
	live_files_free(l->over, l->nover);
	free(l->open);	/* its strings are the streams' */
	buf_free(&l->errors);
	buf_free(&l->errtext);
}

/* The state as JSON, for an event or /.rapor/state; l->mu held. */
static void
state_json(const struct live *l, struct buf *b)
{
	buf_printf(b, "{\"gen\":\"%s\",\"site\":%s,\"errors\":%s}", l->gen,
	    l->have_site ? "true" : "false", buf_str(&l->errors));
}

/* -- responses ------------------------------------------------------------ */

/* Queue r (NULL: out of memory: drop the connection) with status. */
static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, struct MHD_Response *r)
{
	enum MHD_Result ok;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (MHD_get_response_header(r, "Cache-Control") == NULL)
		/* A preview changes: always ask again (ETag makes it cheap). */
		MHD_add_response_header(r, "Cache-Control", "no-cache");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

/* A response of the bytes of b, which it takes. */
static struct MHD_Response *
from_buf(struct buf *b, const char *type)
{
	size_t len = b->len;
	char *p = buf_detach(b);
	struct MHD_Response *r;

	if (p == NULL)
		p = xstrdup("");
	r = MHD_create_response_from_buffer(len, p, MHD_RESPMEM_MUST_FREE);
	if (r == NULL)
		free(p);
	else
		MHD_add_response_header(r, "Content-Type", type);
	return r;
}

/* A short text/plain answer. */
static enum MHD_Result
text(struct MHD_Connection *c, unsigned status, const char *msg)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%u %s\n", status, msg);
	return reply(c, status, from_buf(&b, "text/plain; charset=utf-8"));
}

/*
 * The generation a response is of, read under the lock once, together
 * with whether a build's window was open (from_overlay()): read again
 * later, it could be a window's new one, and a page read from the site
 * before its publish would then never be told to reload.
 */
struct when {
	char	 gen[sizeof ((struct live *)0)->gen]; /* struct live's gen */
	time_t	 since;		/* its gen_time */
};

/* The page's bytes, html, with the live script's element for gen before
 * its </body>, appended to b. */
static void
put_live_page(struct buf *b, const char *html, size_t len, const char *gen)
{
	size_t at = serve_inject_at(html, len);

	buf_put(b, html, at);
	buf_printf(b, LIVE_TAG, gen);
	buf_put(b, html + at, len - at);
}

/* Whether the request's validators say the client has tag (or mtime). */
static int
not_modified(struct MHD_Connection *c, const char *etag, time_t mtime)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	time_t t;

	/* RFC 9110 13.2.2: If-None-Match, when sent, decides alone. */
	if (inm != NULL)
		return strcmp(inm, "*") == 0 || strstr(inm, etag) != NULL;
	if (ims != NULL && serve_http_date_parse(ims, &t) == 0)
		return mtime <= t;
	return 0;
}

/* Read the whole of fd into b. */
static int
read_fd(int fd, struct buf *b)
{
	ssize_t n;

	for (;;) {
		char *room = buf_room(b, 65536);

		if ((n = read(fd, room, 65536)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf_commit(b, (size_t)n);
		if (n == 0)
			return 0;
	}
}

/*
 * Answer with the file fd (which this takes), named name, with status
 * (200, or 404 for the site's 404 page).  HTML gets the live script;
 * its validators include the generation, which the script holds.
 */
static enum MHD_Result
send_file(struct MHD_Connection *c, int fd, const struct stat *st,
    const char *name, unsigned status, const struct when *w)
{
	const char *type = serve_mime(name), *gen = w->gen;
	int html = strncmp(type, "text/html", 9) == 0;
	char etag[128], date[30];
	struct MHD_Response *r;
	struct buf b = BUF_INIT;
	time_t mtime = st->st_mtime;

	/* A page changes when its file does and when the script's
	 * generation does. */
	if (html && w->since > mtime)
		mtime = w->since;
	(void)snprintf(etag, sizeof etag, "\"%llx-%llx-%llx%s%s\"",
	    (unsigned long long)st->st_ino,
	    (unsigned long long)st->st_size,
	    (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL +
	    (unsigned long long)st->st_mtim.tv_nsec, html ? "-" : "",
	    html ? gen : "");
	serve_http_date(mtime, date);
	if (status == MHD_HTTP_OK && not_modified(c, etag, mtime)) {
		close(fd);
		r = from_buf(&b, type);
		status = MHD_HTTP_NOT_MODIFIED;
	} else if (html) {
		struct buf page = BUF_INIT;

		if (read_fd(fd, &page) != 0) {
			close(fd);
			buf_free(&page);
			return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "cannot read the file");
		}
		close(fd);
		put_live_page(&b, buf_str(&page), page.len, gen);
		buf_free(&page);
		r = from_buf(&b, type);
	} else {
		/* Sent by the kernel (sendfile); libmicrohttpd closes fd. */
		r = MHD_create_response_from_fd((size_t)st->st_size, fd);
		if (r == NULL)
			close(fd);
		else
			MHD_add_response_header(r, "Content-Type", type);
	}
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Last-Modified", date);
	return reply(c, status, r);
}

/*
 * Open rel (serve_url_path()'s result) below the folder root_fd, one
 * segment at a time and never through a symbolic link (O_NOFOLLOW): a
 * link placed in the site, even to a file inside it, is refused, so
 * nothing outside the site folder can be reached.  Returns 0 with the
 * descriptor and its status, else the errno (ELOOP for a link).
 */
static int
open_below(int root_fd, const char *rel, int *fd, struct stat *st)
{
	const char *s = rel, *e;
	char name[256];
	int cur = root_fd, next;

	*fd = -1;
	for (;;) {
		size_t n;

		if ((e = strchr(s, '/')) == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (n == 0)
			next = openat(cur, ".", O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC);
		else if (n >= sizeof name)
			next = (errno = ENAMETOOLONG, -1);
		else {
			memcpy(name, s, n);
			name[n] = '\0';
			/* O_NONBLOCK: a FIFO must not hold the thread. */
			next = openat(cur, name, O_RDONLY | O_NOFOLLOW |
			    O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		}
		if (next != -1 && fstat(next, st) != 0) {
			int saved = errno;

			close(next);
			next = (errno = saved, -1);
		}
		if (cur != root_fd)
			close(cur);
		if (next == -1)
			return errno;
		if (*e == '\0')
			break;
		if (!S_ISDIR(st->st_mode)) {
			close(next);
			return ENOTDIR;
		}
		cur = next;
		s = e + 1;
	}
	if (!S_ISDIR(st->st_mode) && !S_ISREG(st->st_mode)) {
		close(next);
		return EACCES;
	}
	*fd = next;
	return 0;
}


/* 404, with the site's 404.html where it has one. */
static enum MHD_Result
not_found(struct http *h, struct MHD_Connection *c, const struct when *w)
{
	struct stat st;
	int fd;

	if (open_below(h->site_fd, "404.html", &fd, &st) == 0) {
		if (S_ISREG(st.st_mode))
			return send_file(c, fd, &st, "404.html",
			    MHD_HTTP_NOT_FOUND, w);
		close(fd);
	}
	return text(c, MHD_HTTP_NOT_FOUND, "not found");
}

/* A folder asked for without its '/': there, so relative links work. */
static enum MHD_Result
redirect(struct MHD_Connection *c, const char *rel)
{
	struct buf loc = BUF_INIT;
	struct MHD_Response *r;
	struct buf body = BUF_INIT;

	buf_putc(&loc, '/');
	esc_url(&loc, rel, strlen(rel));
	buf_putc(&loc, '/');
	buf_puts(&body, "301 moved\n");
	r = from_buf(&body, "text/plain; charset=utf-8");
	if (r != NULL)
		MHD_add_response_header(r, "Location", buf_str(&loc));
	buf_free(&loc);
	return reply(c, MHD_HTTP_MOVED_PERMANENTLY, r);
}

/*
 * The file a request's path (serve_url_path()'s rel and slash) names
 * when it is a page: rel, or its index.html for a folder.
 */
static void
page_file(const char *rel, int slash, struct buf *out)
{
	buf_puts(out, rel);
	if (rel[0] == '\0')
		buf_puts(out, "index.html");
	else if (slash)
		buf_puts(out, "/index.html");
}

/*
 * The bytes of a file made ahead of its build (live_first()), named
 * name, of the generation w.
 */
static enum MHD_Result
send_bytes(struct MHD_Connection *c, const char *name, const struct buf *data,
    const struct when *w)
{
	const char *type = serve_mime(name);
	char etag[128], date[30];
	struct MHD_Response *r;
	struct buf b = BUF_INIT;
	unsigned status = MHD_HTTP_OK;

	(void)snprintf(etag, sizeof etag, "\"o%llx-%s\"", (unsigned long long)
	    hash_bytes(HASH_INIT, data->data, data->len), w->gen);
	serve_http_date(w->since, date);
	if (not_modified(c, etag, w->since))
		status = MHD_HTTP_NOT_MODIFIED;
	else if (strncmp(type, "text/html", 9) == 0)
		put_live_page(&b, buf_str(data), data->len, w->gen);
	else
		buf_put(&b, buf_str(data), data->len);
	if ((r = from_buf(&b, type)) == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Last-Modified", date);
	return reply(c, status, r);
}

/*
 * In a build's window (struct live): a file made ahead, from the
 * overlay; for a page that is not one, wait for the build's end, since
 * its published file may be about to change.  Returns 1 with *ok when
 * it answered, 0 when the site's file is the answer, of the generation
 * put in *w.
 */
static int
from_overlay(struct http *h, struct MHD_Connection *c, const char *rel,
    int slash, enum MHD_Result *ok, struct when *w)
{
	struct live *l = h->live;
	struct buf name = BUF_INIT, bytes = BUF_INIT;
	size_t i;
	int found = 0;

	page_file(rel, slash, &name);
	pthread_mutex_lock(&l->mu);
	while (l->window && !l->stopping) {
		for (i = 0; i < l->nover; i++)
			if (strcmp(l->over[i].rel, buf_str(&name)) == 0)
				break;
		if (i < l->nover) {
			buf_put(&bytes, l->over[i].data, l->over[i].len);
			found = 1;
			break;
		}
		if (!str_ends(buf_str(&name), ".html"))
			break;
		pthread_cond_wait(&l->cv, &l->mu);
	}
	/* A file read from the site after this is of this generation or
	 * newer: told of any later one. */
	memcpy(w->gen, l->gen, sizeof w->gen);
	w->since = l->gen_time;
	pthread_mutex_unlock(&l->mu);
	if (found)
		*ok = send_bytes(c, buf_str(&name), &bytes, w);
	buf_free(&name);
	buf_free(&bytes);
	return found;
}

/* A file of the site. */
static enum MHD_Result
serve_file(struct http *h, struct MHD_Connection *c, const char *rel,
    int slash, const struct when *w)
{
	struct stat st;
	int fd, dir, err;

	if ((err = open_below(h->site_fd, rel, &fd, &st)) != 0) {
		if (err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG)
			return not_found(h, c, w);
		/* ELOOP: a symbolic link; EACCES: not a file or folder. */
		if (err == ELOOP || err == EACCES || err == EPERM)
			return text(c, MHD_HTTP_FORBIDDEN, "forbidden");
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "cannot open the file");
	}
	if (S_ISREG(st.st_mode))
		return send_file(c, fd, &st, rel, MHD_HTTP_OK, w);
	if (!slash && rel[0] != '\0') {
		close(fd);
		return redirect(c, rel);
	}
	dir = fd;
	err = open_below(dir, "index.html", &fd, &st);
	close(dir);
	if (err != 0 || !S_ISREG(st.st_mode)) {
		if (err == 0)
			close(fd);
		return not_found(h, c, w);
	}
	return send_file(c, fd, &st, "index.html", MHD_HTTP_OK, w);
}

/* Before the first good build: the errors, escaped, and the script. */
static enum MHD_Result
error_page(struct http *h, struct MHD_Connection *c)
{
	struct buf b = BUF_INIT;
	struct live *l = h->live;

	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<meta charset="
	    "\"utf-8\">\n<title>rapor serve: the build failed</title>\n"
	    "<body>\n<h1>The build failed</h1>\n<p>Fix the errors below "
	    "and this page reloads.</p>\n<pre>");
	pthread_mutex_lock(&l->mu);
	esc_html(&b, buf_str(&l->errtext), l->errtext.len);
	buf_puts(&b, "</pre>\n");
	buf_printf(&b, LIVE_TAG, l->gen);
	pthread_mutex_unlock(&l->mu);
	buf_puts(&b, "\n</body>\n</html>\n");
	return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE,
	    from_buf(&b, "text/html; charset=utf-8"));
}

/* -- the event stream ----------------------------------------------------- */

struct stream {
	struct live	*live;	/* what to tell (not owned) */
	char		*page;	/* the page file it was opened on, also in
				   live->open (owned), or NULL */
	unsigned long	 seen;	/* the version last sent; 0 before the first */
	struct buf	 out;	/* the message being sent */
	size_t		 off;	/* of it, bytes sent */
};

/* The next message into s->out: the state once it changes, a comment
 * every STREAM_PING seconds.  -1 when the server stops. */
static int
stream_next(struct stream *s)
{
	struct live *l = s->live;
	struct timespec until;
	int rc = 0;

	buf_reset(&s->out);
	s->off = 0;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += STREAM_PING;
	pthread_mutex_lock(&l->mu);
	while (!l->stopping && l->version == s->seen)
		if (pthread_cond_timedwait(&l->cv, &l->mu, &until) ==
		    ETIMEDOUT)
			break;
	if (l->stopping)
		rc = -1;
	else if (l->version == s->seen)
		buf_puts(&s->out, ": ping\n\n");
	else {
		/* A quick reconnection when serve is started again. */
		if (s->seen == 0)
			buf_puts(&s->out, "retry: 1000\n");
		s->seen = l->version;
		buf_puts(&s->out, "data: ");
		state_json(l, &s->out);
		buf_puts(&s->out, "\n\n");
	}
	pthread_mutex_unlock(&l->mu);
	return rc;
}

static ssize_t
stream_read(void *cls, uint64_t pos, char *to, size_t max)
{
	struct stream *s = cls;
	size_t n;

	(void)pos;
	if (s->off == s->out.len && stream_next(s) != 0)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = s->out.len - s->off;
	if (n > max)
		n = max;
	memcpy(to, s->out.data + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct stream *s = cls;
	struct live *l = s->live;
	size_t i;

	if (s->page != NULL) {
		pthread_mutex_lock(&l->mu);
		for (i = 0; i < l->nopen && l->open[i] != s->page; i++)
			;
		if (i < l->nopen)
			l->open[i] = l->open[--l->nopen];
		pthread_mutex_unlock(&l->mu);
		free(s->page);
	}
	buf_free(&s->out);
	free(s);
}

/* Note that the stream s is open on the page at the raw path. */
static void
open_page(struct live *l, struct stream *s, const char *raw)
{
	struct buf rel = BUF_INIT, file = BUF_INIT;
	int slash;

	if (serve_url_path(raw, &rel, &slash) == 0) {
		page_file(buf_str(&rel), slash, &file);
		s->page = buf_detach(&file);
		pthread_mutex_lock(&l->mu);
		if (l->nopen == l->capopen) {
			l->capopen = l->capopen ? 2 * l->capopen : 8;
			l->open = xreallocarray(l->open, l->capopen,
			    sizeof *l->open);
		}
		l->open[l->nopen++] = s->page;
		pthread_mutex_unlock(&l->mu);
	}
	buf_free(&rel);
	buf_free(&file);
}

/* /.rapor/NAME: the script, the event stream, the state. */
static enum MHD_Result
control(struct http *h, struct MHD_Connection *c, const char *name)
{
	struct MHD_Response *r;
	struct buf b = BUF_INIT;

	if (strcmp(name, "live.js") == 0) {
		buf_puts(&b, live_js);
		return reply(c, MHD_HTTP_OK,
		    from_buf(&b, "text/javascript; charset=utf-8"));
	}
	if (strcmp(name, "state") == 0) {
		pthread_mutex_lock(&h->live->mu);
		state_json(h->live, &b);
		pthread_mutex_unlock(&h->live->mu);
		buf_putc(&b, '\n');
		return reply(c, MHD_HTTP_OK, from_buf(&b, "application/json"));
	}
	if (strcmp(name, "events") == 0 || strncmp(name, "events/", 7) == 0) {
		struct stream *s = xcalloc(1, sizeof *s);

		s->live = h->live;
		/* /.rapor/events/PAGE: the page is open, made first. */
		if (name[6] == '/')
			open_page(h->live, s, name + 6);
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
		    stream_read, s, stream_free);
		if (r == NULL) {
			stream_free(s);
			return MHD_NO;
		}
		MHD_add_response_header(r, "Content-Type",
		    "text/event-stream");
		MHD_add_response_header(r, "Cache-Control", "no-store");
		return reply(c, MHD_HTTP_OK, r);
	}
	return text(c, MHD_HTTP_NOT_FOUND, "not found");
}

/* -- the server ----------------------------------------------------------- */

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req)
{
	struct http *h = cls;
	struct buf rel = BUF_INIT;
	enum MHD_Result ok;
	struct when w;
	int have_site, slash, st;

	(void)version;
	(void)upload;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		struct buf b = BUF_INIT;
		struct MHD_Response *r;

		buf_puts(&b, "405 method not allowed\n");
		r = from_buf(&b, "text/plain; charset=utf-8");
		if (r != NULL)
			MHD_add_response_header(r, "Allow", "GET, HEAD");
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
	}
	/* Answered on the second call, once the request is whole: an
	 * answer queued before would close the connection. */
	if (*req == NULL) {
		*req = h;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;	/* a GET's body: ignored */
		return MHD_YES;
	}
	if (h->loopback && !serve_host_ok(MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)))
		return text(c, MHD_HTTP_FORBIDDEN, "this preview answers only "
		    "to localhost, 127.0.0.1 and [::1]");
	if (strncmp(url, "/.rapor/", 8) == 0)
		return control(h, c, url + 8);
	if ((st = serve_url_path(url, &rel, &slash)) != 0) {
		buf_free(&rel);
		return text(c, (unsigned)st, st == 400 ? "bad request" :
		    "forbidden");
	}
	pthread_mutex_lock(&h->live->mu);
	have_site = h->live->have_site;
	pthread_mutex_unlock(&h->live->mu);
	if (!have_site)
		ok = error_page(h, c);
	else if (!from_overlay(h, c, buf_str(&rel), slash, &ok, &w))
		ok = serve_file(h, c, buf_str(&rel), slash, &w);
	buf_free(&rel);
	return ok;
}

/* libmicrohttpd decodes %XX before the handler sees the path, and a %00
 * would cut it short unseen: serve_url_path() decodes, once. */
static size_t
keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

__attribute__((format(printf, 2, 0)))
static void
on_log(void *cls, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	(void)cls;
	buf_vprintf(&b, fmt, ap);
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	fprintf(stderr, "rapor: http: %s\n", buf_str(&b));
	buf_free(&b);
}

struct http *
http_start(int fd, int site_fd, int loopback, struct live *l,
    struct diags *d)
{
	struct http *h = xcalloc(1, sizeof *h);
	sigset_t block, old;

	h->site_fd = site_fd;
	h->loopback = loopback;
	h->live = l;
	/* The server's threads inherit this mask: SIGINT and SIGTERM go to
	 * the main thread, which stops everything in order. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	h->mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL | MHD_USE_ERROR_LOG,
	    0, NULL, NULL, on_request, h,
	    MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS,
	    MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (h->mhd == NULL) {
		diag(d, DIAG_SYSTEM, "rapor", 0, 0, "cannot start the HTTP "
		    "server (libmicrohttpd)");
		free(h);
		return NULL;
	}
	return h;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->mhd);
	free(h);
}
