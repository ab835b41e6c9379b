/*
 * I/O fault injection for tests/fault.test.sh, loaded with LD_PRELOAD:
 * RAPOR_FAULT=OP:N[:WHAT] makes the Nth call of OP in the process fail
 * with errno WHAT (EIO, ENOSPC, EACCES, EXDEV, EMLINK; EIO when not
 * given), or with WHAT = KILL the process dies of SIGKILL at that call,
 * before it is made.  OP is one of write, fsync, rename, mkdir, link,
 * unlink, rmdir and create (an open() with O_CREAT).  RAPOR_FAULT=count
 * prints how many of each the process made, at exit, to stderr.
 * RAPOR_SLOW_RENAME=SUFFIX:MS makes each rename() of a path ending in
 * SUFFIX wait MS milliseconds first, to hold a publish half done
 * (tests/serve.test.sh).
 * Test code only: never linked into rapor.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum op { WRITE, FSYNC, RENAME, MKDIR, LINK, UNLINK, RMDIR, CREATE, NOPS };

static const char *const names[NOPS] = { "write", "fsync", "rename",
    "mkdir", "link", "unlink", "rmdir", "create" };
static long counts[NOPS];
static int want = -1, inited, what = EIO, counting;
static long at;

static void
report(void)
{
	int i;

	for (i = 0; i < NOPS; i++)
		fprintf(stderr, "fault: %s %ld\n", names[i], counts[i]);
}

static void
init(void)
{
	const char *e = getenv("RAPOR_FAULT"), *c;
	int i;

	inited = 1;
	if (e == NULL)
		return;
	if (strcmp(e, "count") == 0) {
		counting = 1;
		atexit(report);
		return;
	}
	for (i = 0; i < NOPS; i++) {
		size_t n = strlen(names[i]);

		if (strncmp(e, names[i], n) == 0 && e[n] == ':') {
			want = i;
			at = strtol(e + n + 1, NULL, 10);
			break;
		}
	}
	if (want >= 0 && (c = strchr(strchr(e, ':') + 1, ':')) != NULL) {
		c++;
		what = strcmp(c, "KILL") == 0 ? -1 : strcmp(c, "ENOSPC") == 0 ?
		    ENOSPC : strcmp(c, "EACCES") == 0 ? EACCES :
		    strcmp(c, "EXDEV") == 0 ? EXDEV : strcmp(c, "EMLINK") == 0 ?
		    EMLINK : EIO;
	}
}

/* Whether this call of op is the one to fail (errno set then). */
static int
fault(enum op op)
{
	if (!inited)
		init();
	counts[op]++;
	if ((int)op != want || counts[op] != at)
		return 0;
	if (what == -1)
		raise(SIGKILL);
	errno = what;
	return 1;
}

#define NEXT(type, name, args) \
	static type (*real) args; \
	if (real == NULL) \
		real = (type (*) args)dlsym(RTLD_NEXT, name)

ssize_t
write(int fd, const void *p, size_t n)
{
	NEXT(ssize_t, "write", (int, const void *, size_t));
	/* The terminal's output is not the site's. */
	if (fd > 2 && fault(WRITE))
		return -1;
	return real(fd, p, n);
}

int
fsync(int fd)
{
	NEXT(int, "fsync", (int));
	if (fault(FSYNC))
		return -1;
	return real(fd);
}

/* RAPOR_SLOW_RENAME: wait if a ends in its suffix. */
static void
slow_rename(const char *a)
{
	const char *e = getenv("RAPOR_SLOW_RENAME"), *c;
	size_t n, la = strlen(a);
	struct timespec ts;
	long ms;

	if (e == NULL || (c = strrchr(e, ':')) == NULL)
		return;
	n = (size_t)(c - e);
	if (n == 0 || la < n || strncmp(a + la - n, e, n) != 0)
		return;
	ms = strtol(c + 1, NULL, 10);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int
rename(const char *a, const char *b)
{
	NEXT(int, "rename", (const char *, const char *));
	if (fault(RENAME))
		return -1;
	slow_rename(a);
	return real(a, b);
}

int
mkdir(const char *p, mode_t m)
{
	NEXT(int, "mkdir", (const char *, mode_t));
	if (fault(MKDIR))
		return -1;
	return real(p, m);
}

int
link(const char *a, const char *b)
{
	NEXT(int, "link", (const char *, const char *));
	if (fault(LINK))
		return -1;
	return real(a, b);
}

int
unlink(const char *p)
{
	NEXT(int, "unlink", (const char *));
	if (fault(UNLINK))
		return -1;
	return real(p);
}

int
rmdir(const char *p)
{
	NEXT(int, "rmdir", (const char *));
	if (fault(RMDIR))
		return -1;
	return real(p);
}

int
open(const char *p, int flags, ...)
{
	mode_t m = 0;

	NEXT(int, "open", (const char *, int, ...));
	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		m = (mode_t)va_arg(ap, int);
		va_end(ap);
		if (fault(CREATE))
			return -1;
	}
	return real(p, flags, m);
}
