/*
 * Helpers shared by the cmocka suites.  Each suite is one file,
 * tests/test_MODULE.c, built against the sanitizer objects of src/.
 */
#ifndef RAPOR_TESTUTIL_H
#define RAPOR_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "diag.h"
#include "util.h"

/*
 * The shared material beside the project (../shared from the project
 * root, where make runs the tests), or NULL when it is absent, as in a
 * user's clone.  Tests that need it call skip() and say so loudly.
 */
static inline const char *
shared_dir(void)
{
	const char *env = getenv("RAPOR_SHARED");
	const char *dir = env && *env ? env : "../shared";

	return access(dir, R_OK) == 0 ? dir : NULL;
}

#define SKIP_WITHOUT_SHARED(dirvar)                                          \
	do {                                                                 \
		if (((dirvar) = shared_dir()) == NULL) {                     \
			fprintf(stderr, "SKIPPED: %s needs ../shared, "      \
			    "which is absent here\n", __func__);             \
			skip();                                              \
		}                                                            \
	} while (0)

/* A fast, deterministic stream of made-up numbers (Marsaglia's
 * xorshift32): *x is the state, never 0. */
static inline uint32_t
xorshift(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * The whole file at path (at most limit bytes) into *out, NUL-terminated
 * and freed by the caller, and its length into *len, read as rapor reads
 * a user's file.  Returns 0, or -1.
 */
static inline int
slurp(const char *path, size_t limit, char **out, size_t *len)
{
	struct diags d = DIAGS_INIT;
	int rc = file_read(path, NULL, limit, out, len, &d);

	diag_free(&d);
	return rc == 0 ? 0 : -1;
}

#endif
