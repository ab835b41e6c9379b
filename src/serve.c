/*
 * rapor serve (include/serve.h): the build loop.  The main thread
 * builds, waits for changes and rebuilds; the HTTP server's threads
 * (serve_http.c) answer requests meanwhile.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "diag.h"
#include "publish.h"
#include "serve_impl.h"
#include "util.h"
#include "xalloc.h"

/* The room /dev/shm must have for the build folder: a national report's
 * site, with some to spare. */
#define SHM_ROOM (2ULL << 30)

double
serve_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The address to listen on: s (a numeric IPv4 or IPv6 address, the
 * latter with or without brackets) and port into *ss.  Returns 0, with
 * *loopback set for 127.0.0.0/8 and ::1; -1 when s is no address.
 */
static int
parse_addr(const char *s, unsigned port, struct sockaddr_storage *ss,
    socklen_t *len, int *loopback)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	char v6[INET6_ADDRSTRLEN];
	size_t n = strlen(s);

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, s, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		*len = sizeof *in;
		*loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
		return 0;
	}
	if (n >= 2 && s[0] == '[' && s[n - 1] == ']' && n - 2 < sizeof v6) {
		memcpy(v6, s + 1, n - 2);
		v6[n - 2] = '\0';
		s = v6;
	}
	if (inet_pton(AF_INET6, s, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof *in6;
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
		return 0;
	}
	return -1;
}

/* The address of the socket fd as host:port, "[v6]:port" for IPv6. */
static void
sock_name(int fd, struct buf *b)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN] = "?";

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return;
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		buf_printf(b, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
		buf_printf(b, "%s:%u", host, ntohs(in->sin_port));
	}
}

/* A listening socket on ss; -1 with a system error recorded. */
static int
listen_on(const struct sockaddr_storage *ss, socklen_t len, const char *what,
    struct diags *d)
{
	int fd, one = 1;

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		diag_sys(d, what, "cannot listen", errno);
		return -1;
	}
	/* Started again at once after a stop, the port is free to take
	 * even with the old connections in TIME_WAIT. */
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ss->ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
		    sizeof one);
	if (bind(fd, (const struct sockaddr *)ss, len) != 0 ||
	    listen(fd, 64) != 0) {
		int saved = errno;

		diag(d, DIAG_SYSTEM, what, 0, 0, "cannot listen: %s%s",
		    strerror(saved), saved == EADDRINUSE ?
		    "; choose another port with -p" : "");
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A new, private build folder (mkdtemp: mode 0700) in $TMPDIR if that
 * is set to an absolute path; else in /dev/shm, memory, when it has
 * SHM_ROOM free; else in /tmp.  Memory because a site is tens of
 * thousands of small files: on a disk, writing them and removing them
 * at the end are what a person waits for (docs/performance.md).
 */
static char *
make_build_dir(struct diags *d)
{
	const char *tmp = getenv("TMPDIR");
	struct statvfs sv;
	struct buf b = BUF_INIT;

	if (tmp == NULL || tmp[0] != '/') {
		tmp = "/tmp";
		if (statvfs("/dev/shm", &sv) == 0 && access("/dev/shm",
		    W_OK | X_OK) == 0 && (unsigned long long)sv.f_bavail *
		    sv.f_frsize >= SHM_ROOM)
			tmp = "/dev/shm";
	}
	buf_printf(&b, "%s/rapor-serve-XXXXXX", tmp);
	if (mkdtemp(b.data) == NULL) {
		diag_sys(d, b.data, "cannot create the build folder", errno);
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/*
 * What the build loop keeps from one build to the next.  SIGINT and
 * SIGTERM are blocked but while a build runs and while changes are
 * waited for, so that one is never taken between the check of
 * stage_interrupted and the wait.
 */
struct loop {
	struct options	 o;	/* the build's options */
	struct live	 live;	/* what the pages are told */
	struct buf	 said;	/* the last build's diagnostics, as printed */
	int		 built;	/* nonzero after the first build */
	sigset_t	 stops;	/* SIGINT and SIGTERM */
	sigset_t	 open;	/* the signal mask with them unblocked */
};

/*
 * The files made for the open pages ahead of the rest of a build
 * (build.h's struct first_pages), gathered for live_first().
 */
struct ahead {
	struct live	*live;	/* where they go */
	struct live_file *v;	/* gathered, until ready */
	size_t		 n, cap;
	size_t		 other;	/* of them, files not named *.html */
	int		 shown;	/* nonzero once handed over */
	double		 at;	/* when, serve_now() */
};

/* A file of the open pages (struct first_pages's file): a copy kept. */
static void
ahead_file(void *arg, const char *rel, const void *data, size_t len)
{
	struct ahead *a = arg;

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->v = xreallocarray(a->v, a->cap, sizeof *a->v);
	}
	a->v[a->n].rel = xstrdup(rel);
	a->v[a->n].data = xmalloc(len + 1);	/* + 1: an empty file too */
	memcpy(a->v[a->n].data, data, len);
	a->v[a->n].len = len;
	a->n++;
	/* Counted as the publish counts them (stage's nother). */
	if (!str_ends(rel, ".html"))
		a->other++;
}

static void
ahead_ready(void *arg)
{
	struct ahead *a = arg;

	/* Made again to the same bytes: nothing new to show. */
	if (a->n == 0)
		return;
	live_first(a->live, a->v, a->n);
	a->v = NULL;
	a->n = a->cap = 0;
	a->shown = 1;
	a->at = serve_now();
}

/*
 * Whether a build that published, after showing the open pages what a
 * saw, changed anything they have not been shown: a file removed, or a
 * file other than a page (a chart, the stylesheet) made by another page.
 * Other pages that changed need no telling: a request for one waited for
 * the build (struct live).
 */
static int
changed_since_shown(const struct ahead *a, const struct build_stats *bs)
{
	return bs->removed > 0 || bs->written_other == (size_t)-1 ||
	    bs->written_other > a->other;
}

/*
 * One build, its diagnostics and a line on stderr, and the pages told.
 * first is when the change was seen, for the line: the delay a person
 * waits for the reload.  Diagnostics the same as the last build's are
 * not printed again (a report with many warnings would bury each
 * rebuild's line), only counted.  After the first build, the pages open
 * in a browser are made first and shown at once (struct live).
 */
static void
rebuild(struct loop *lp, double first)
{
	struct diags d = DIAGS_INIT;
	struct build_stats bs;
	struct buf text = BUF_INIT;
	struct ahead ah;
	struct first_pages fp;
	char **open = NULL;
	size_t nopen = 0, i;
	double t0 = serve_now(), t1, t2;
	int published, changed;

	memset(&ah, 0, sizeof ah);
	ah.live = &lp->live;
	/* (have_site is written by this thread only.) */
	if (lp->built && lp->live.have_site &&
	    (open = live_open_pages(&lp->live, &nopen)) != NULL) {
		fp.paths = (const char *const *)open;
		fp.n = nopen;
		fp.file = ahead_file;
		fp.ready = ahead_ready;
		fp.arg = &ah;
		lp->o.first = &fp;
	}
	pthread_sigmask(SIG_SETMASK, &lp->open, NULL);
	published = build_site(&lp->o, &bs, &d) == 0;
	pthread_sigmask(SIG_BLOCK, &lp->stops, NULL);
	lp->o.first = NULL;
	for (i = 0; i < nopen; i++)
		free(open[i]);
	free(open);
	/* Made for pages when a later one failed: never shown. */
	live_files_free(ah.v, ah.n);
	t1 = serve_now();
	/* Stopping: a window left open ends with the server (live_stop()
	 * wakes the requests waiting in it, live_free() frees it). */
	if (stage_interrupted) {
		diag_free(&d);
		return;
	}
	if (ah.shown)
		changed = published && changed_since_shown(&ah, &bs);
	else
		changed = published && bs.written + bs.removed > 0;
	serve_diag_text(&d, &text);
	live_update(&lp->live, published, changed, buf_str(&text));
	t2 = serve_now();
	if (!lp->built || strcmp(buf_str(&text), buf_str(&lp->said)) != 0)
		fputs(buf_str(&text), stderr);
	else if (d.n > 0)
		fprintf(stderr, "rapor: the same %zu messages as the last "
		    "build\n", d.n);
	buf_reset(&lp->said);
	buf_puts(&lp->said, buf_str(&text));
	if (!published)
		fprintf(stderr, "rapor: the build failed (%zu errors, %zu "
		    "warnings) in %.3f s; %s\n", d.errors + d.system + d.usage,
		    d.warnings, t1 - t0, lp->live.have_site ? "the last good "
		    "site is still served, the errors shown over its pages" :
		    "the pages show the errors");
	else if (!lp->built)
		fprintf(stderr, "rapor: built %s in %.3f s: %zu pages, %zu "
		    "files, %zu warnings\n", lp->o.content, t1 - t0, bs.pages,
		    bs.files, d.warnings);
	else if (ah.shown)
		fprintf(stderr, "rapor: rebuilt in %.3f s: %zu files written, "
		    "%zu removed; open pages made first and told to reload "
		    "%.3f s after the change%s\n", t1 - t0, bs.written,
		    bs.removed, ah.at - first, changed ? ", and again at the "
		    "end" : "");
	else if (changed)
		fprintf(stderr, "rapor: rebuilt in %.3f s: %zu files written, "
		    "%zu removed; pages told to reload %.3f s after the "
		    "change\n", t1 - t0, bs.written, bs.removed, t2 - first);
	else
		fprintf(stderr, "rapor: rebuilt in %.3f s: no file changed\n",
		    t1 - t0);
	lp->built = 1;
	buf_free(&text);
	diag_free(&d);
}

/* After the clean-up: die of the signal that stopped serve, so that the
 * status is the conventional 130 or 143. */
static void
die_of_signal(const struct sigaction *saved)
{
	int sig = stage_interrupted;
	sigset_t set;

	(void)sigaction(SIGINT, &saved[0], NULL);
	(void)sigaction(SIGTERM, &saved[1], NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

int
cmd_serve(const struct serve_opts *so)
{
	struct loop lp;
	struct diags d = DIAGS_INIT;
	struct sockaddr_storage ss;
	struct sigaction saved[2];
	sigset_t old_mask;
	struct buf where = BUF_INIT;
	struct watch *w = NULL;
	struct http *h = NULL;
	const char *roots[2];
	const char *bind_to = so->bind ? so->bind : "127.0.0.1";
	socklen_t sslen;
	char *dir = NULL;
	int lfd = -1, site_fd = -1, loopback, rc;

	if (parse_addr(bind_to, so->port, &ss, &sslen, &loopback) != 0) {
		fprintf(stderr, "rapor: --bind takes a numeric IPv4 or IPv6 "
		    "address: %s\n", bind_to);
		return 2;
	}
	if (!loopback)
		fprintf(stderr, "rapor: warning: serving on %s: the preview, "
		    "drafts included, can be reached from other machines\n",
		    bind_to);
	memset(&lp, 0, sizeof lp);
	lp.o = so->build;
	live_init(&lp.live);
	/* From here on a signal stops serve in order, folder removed. */
	build_catch_signals(saved);
	sigemptyset(&lp.stops);
	sigaddset(&lp.stops, SIGINT);
	sigaddset(&lp.stops, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &lp.stops, &old_mask);
	lp.open = old_mask;
	sigdelset(&lp.open, SIGINT);
	sigdelset(&lp.open, SIGTERM);
	buf_printf(&where, "%s%s%s:%u", strchr(bind_to, ':') &&
	    bind_to[0] != '[' ? "[" : "", bind_to, strchr(bind_to, ':') &&
	    bind_to[0] != '[' ? "]" : "", so->port);
	if ((lfd = listen_on(&ss, sslen, where.data, &d)) == -1)
		goto out;
	buf_reset(&where);
	sock_name(lfd, &where);
	if ((dir = make_build_dir(&d)) == NULL)
		goto out;
	lp.o.output = dir;
	if ((site_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		diag_sys(&d, dir, "cannot open", errno);
		goto out;
	}
	/* Watching before the first build: a change during it is seen. */
	roots[0] = lp.o.content;
	roots[1] = lp.o.templates;
	if ((w = watch_open(roots, 2, &d)) == NULL)
		goto out;
	fprintf(stderr, "rapor: building into %s (removed on exit)\n", dir);
	rebuild(&lp, 0);
	if (stage_interrupted)
		goto out;
	if ((h = http_start(lfd, site_fd, loopback, &lp.live, &d)) == NULL)
		goto out;
	lfd = -1;	/* the server's now */
	fprintf(stderr, "rapor: serving http://%s/ ; watching %s and %s; "
	    "Ctrl-C stops\n", where.data, lp.o.content, lp.o.templates);
	while (!stage_interrupted) {
		double first;
		int r = watch_wait(w, &lp.open, &first, &d);

		if (r < 0)
			break;
		if (r > 0 && !stage_interrupted)
			rebuild(&lp, first);
	}
out:
	if (h != NULL) {
		live_stop(&lp.live);
		http_stop(h);
	}
	watch_close(w);
	if (site_fd != -1)
		close(site_fd);
	if (lfd != -1)
		close(lfd);
	if (dir != NULL) {
		if (remove_tree(dir) != 0)
			diag_sys(&d, dir, "cannot remove the build folder",
			    errno);
		free(dir);
	}
	live_free(&lp.live);
	buf_free(&lp.said);
	buf_free(&where);
	diag_print(&d, stderr);
	rc = diag_status(&d);
	diag_free(&d);
	if (stage_interrupted) {
		fprintf(stderr, "rapor: stopped by signal %d\n",
		    (int)stage_interrupted);
		die_of_signal(saved);
	}
	(void)sigaction(SIGINT, &saved[0], NULL);
	(void)sigaction(SIGTERM, &saved[1], NULL);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	/* Only a failure to set up or to watch comes here. */
	return rc != 0 ? rc : 3;
}
