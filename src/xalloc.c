/* Allocation wrappers: the policy is in include/xalloc.h. */
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(void)
{
	fputs("rapor: out of memory\n", stderr);
	exit(3);
}

#ifdef RAPOR_FAULT_INJECTION
/*
 * Only in the test build: with RAPOR_FAULT_ALLOC=N the Nth allocation
 * of the process fails as if memory ran out (tests/fault.test.sh fails
 * each in turn); with RAPOR_FAULT_ALLOC=count the number made is
 * printed to stderr at exit.
 */
static long alloc_n, alloc_at = -1;

static void
print_count(void)
{
	fprintf(stderr, "rapor: %ld allocations\n", alloc_n);
}

static int
fail_now(void)
{
	if (alloc_at == -1) {
		const char *e = getenv("RAPOR_FAULT_ALLOC");

		alloc_at = 0;
		if (e && strcmp(e, "count") == 0)
			atexit(print_count);
		else if (e)
			alloc_at = strtol(e, NULL, 10);
	}
	return ++alloc_n == alloc_at;
}
#define FAIL_NOW() fail_now()
#else
#define FAIL_NOW() 0
#endif

void *
xmalloc(size_t n)
{
	void *p = FAIL_NOW() ? NULL : malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = FAIL_NOW() ? NULL : calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size)
		oom();
	q = FAIL_NOW() ? NULL : realloc(p, (n && size) ? n * size : 1);
	if (q == NULL)
		oom();
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
