/*
 * rapor serve's watcher (src/serve_impl.h): inotify on every folder of
 * the content and templates.
 *
 * inotify watches one folder, not a tree, so each folder gets a watch.
 * When folders come, go or move (or the kernel's queue overflowed), the
 * watches are set up anew from the roots, on a new inotify descriptor,
 * before the old one is closed: a change in between is read by the
 * build that follows anyway.  That is simpler than following each move
 * (a folder's watch survives its move, under a stale path) and cheap: a
 * content folder has a few hundred folders at most.
 */
#define _GNU_SOURCE	/* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "serve_impl.h"
#include "util.h"
#include "xalloc.h"

/* A burst of changes ends after QUIET_MS without one, or MAX_MS after
 * its first: an editor's save takes a few milliseconds, and a copy of
 * many files is built again when it goes on. */
#define QUIET_MS 40
#define MAX_MS 250

/* How often a root that is missing (a folder moved away and back) is
 * looked for again. */
#define RETRY_MS 1000

/* Folders deeper than this below a root are not watched. */
#define MAX_DEPTH 32

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | \
	IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | \
	IN_MOVE_SELF | IN_ONLYDIR)

struct watch {
	int	 fd;		/* the inotify descriptor */
	char	**roots;	/* the folders given (owned) */
	size_t	 nroots;	/* how many */
	int	 missing;	/* nonzero: a root could not be watched */
};

/*
 * Watch path and the folders below it on fd.  A root (depth 0) may be
 * a symbolic link to a folder; below it, links are not followed, as the
 * loaders do not read through links out of the folder.  Returns 0, 1
 * when path is gone (for a root: retried later), or -1 with a system
 * error recorded.
 */
static int
add_tree(int fd, const char *path, int depth, struct diags *d)
{
	char **names;
	size_t n, i;
	int rc = 0;

	if (inotify_add_watch(fd, path, WATCH_MASK |
	    (depth > 0 ? IN_DONT_FOLLOW : 0)) == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		if (errno == ENOSPC)
			diag(d, DIAG_SYSTEM, path, 0, 0, "cannot watch for "
			    "changes: too many folders watched; raise "
			    "fs.inotify.max_user_watches (sysctl)");
		else
			diag_sys(d, path, "cannot watch for changes", errno);
		return -1;
	}
	if (depth >= MAX_DEPTH)
		return 0;
	if ((names = dir_list(path, &n)) == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 1 : 0;
	for (i = 0; i < n && rc >= 0; i++) {
		struct buf sub = BUF_INIT;
		struct stat st;

		/* Hidden folders (.git) hold nothing rapor reads. */
		if (names[i][0] == '.')
			continue;
		buf_printf(&sub, "%s/%s", path, names[i]);
		if (lstat(sub.data, &st) == 0 && S_ISDIR(st.st_mode) &&
		    add_tree(fd, sub.data, depth + 1, d) < 0)
			rc = -1;
		buf_free(&sub);
	}
	dir_list_free(names, n);
	return rc;
}

/* Set up every watch on a new descriptor, which then replaces w->fd. */
static int
rescan(struct watch *w, struct diags *d)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	size_t i;

	if (fd == -1) {
		diag_sys(d, "rapor", "cannot watch for changes (inotify)",
		    errno);
		return -1;
	}
	w->missing = 0;
	for (i = 0; i < w->nroots; i++) {
		int rc = add_tree(fd, w->roots[i], 0, d);

		if (rc < 0) {
			close(fd);
			return -1;
		}
		if (rc == 1)
			w->missing = 1;
	}
	if (w->fd != -1)
		close(w->fd);
	w->fd = fd;
	return 0;
}

void
watch_close(struct watch *w)
{
	size_t i;

	if (w == NULL)
		return;
	if (w->fd != -1)
		close(w->fd);
	for (i = 0; i < w->nroots; i++)
		free(w->roots[i]);
	free(w->roots);
	free(w);
}

struct watch *
watch_open(const char *const *roots, size_t n, struct diags *d)
{
	struct watch *w = xcalloc(1, sizeof *w);
	size_t i;

	w->fd = -1;
	w->roots = xcalloc(n, sizeof *w->roots);
	w->nroots = n;
	for (i = 0; i < n; i++)
		w->roots[i] = xstrdup(roots[i]);
	if (rescan(w, d) != 0)
		goto fail;
	if (w->missing) {
		for (i = 0; i < n; i++)
			if (access(roots[i], F_OK) != 0)
				diag_sys(d, roots[i], "cannot watch for changes",
				    errno);
		goto fail;
	}
	return w;
fail:
	watch_close(w);
	return NULL;
}

/*
 * Read the events waiting on w->fd.  Returns how many matter (not about
 * hidden names), and sets *structure when folders came, went or moved,
 * or events were lost; -1 on a read error.
 */
static int
read_events(struct watch *w, int *structure)
{
	/* Aligned for struct inotify_event, as inotify(7) shows. */
	char ev[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int count = 0;

	for (;;) {
		ssize_t n = read(w->fd, ev, sizeof ev);
		char *p;

		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return count;
			return -1;
		}
		for (p = ev; p < ev + n;) {
			const struct inotify_event *e = (const void *)p;

			p += sizeof *e + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				*structure = 1;
				count++;
				continue;
			}
			if (e->len > 0 && e->name[0] == '.')
				continue;
			if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF |
			    IN_IGNORED) || ((e->mask & IN_ISDIR) &&
			    (e->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM |
			    IN_MOVED_TO))))
				*structure = 1;
			/* IN_IGNORED alone follows a folder's removal,
			 * already counted. */
			if (e->mask != IN_IGNORED)
				count++;
		}
	}
}

int
watch_wait(struct watch *w, const sigset_t *mask, double *first,
    struct diags *d)
{
	struct pollfd p[1];
	double start = 0;
	int got = 0, structure = 0;

	for (;;) {
		struct timespec ts;
		int timeout, r;

		if (got) {
			double left = MAX_MS / 1000.0 - (serve_now() - start);

			if (left <= 0)
				break;
			timeout = left * 1000 < QUIET_MS ?
			    (int)(left * 1000) + 1 : QUIET_MS;
		} else
			timeout = w->missing ? RETRY_MS : -1;
		p[0].fd = w->fd;
		p[0].events = POLLIN;
		p[0].revents = 0;
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (long)(timeout % 1000) * 1000000;
		/* The signals blocked elsewhere are taken only here. */
		if ((r = ppoll(p, 1, timeout < 0 ? NULL : &ts, mask)) == -1) {
			if (errno == EINTR)
				return 0;
			diag_sys(d, "rapor", "cannot wait for changes", errno);
			return -1;
		}
		if (r == 0) {
			if (got)
				break;
			/* A root is missing: once it is back, that is a
			 * change. */
			if (rescan(w, d) != 0)
				return -1;
			if (!w->missing) {
				start = serve_now();
				break;
			}
			continue;
		}
		r = read_events(w, &structure);
		if (r < 0) {
			diag_sys(d, "rapor", "cannot read changes (inotify)",
			    errno);
			return -1;
		}
		if (r > 0 && !got) {
			got = 1;
			start = serve_now();
		}
	}
	if (structure && rescan(w, d) != 0)
		return -1;
	*first = start;
	return 1;
}
