/*
 * Helpers shared by the cmocka suites.  Each suite is one file,
 * tests/test_MODULE.c, built against the sanitizer objects of src/.
 * Here are the one temporary-folder fixture (tmp_dir(), tmp_put(),
 * tmp_copy(), and remove_tree() of publish.h to clean up), the one
 * diag_text(), and
 * case_prepare() for a suite that checks more of a case of tests/cases
 * than its diagnostics.
 */
#ifndef RAPOR_TESTUTIL_H
#define RAPOR_TESTUTIL_H

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "publish.h"
#include "util.h"

/*
 * Make a fresh folder /tmp/rapor-TAG-XXXXXX in dir (size bytes); 0, or -1
 * when it cannot be made (setup functions return that).  The test removes
 * it with remove_tree(dir).
 */
static inline int
tmp_dir(char *dir, size_t size, const char *tag)
{
	if ((size_t)snprintf(dir, size, "/tmp/rapor-%s-XXXXXX", tag) >= size)
		return -1;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

/* Write len bytes as dir/rel, making any missing folder of the path. */
static inline void
tmp_put(const char *dir, const char *rel, const void *text, size_t len)
{
	struct buf path = BUF_INIT;
	FILE *fp;
	size_t i;

	buf_printf(&path, "%s/%s", dir, rel);
	for (i = 1; i < path.len; i++)
		if (path.data[i] == '/') {
			path.data[i] = '\0';
			assert_true(mkdir(path.data, 0700) == 0 ||
			    errno == EEXIST);
			path.data[i] = '/';
		}
	fp = fopen(path.data, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	buf_free(&path);
}

/* Copy the tree src into dst (files and folders only), merging folders. */
static inline void
tmp_copy(const char *src, const char *dst)
{
	struct stat st;
	char **v;
	size_t n, i;

	assert_true(mkdir(dst, 0755) == 0 || errno == EEXIST);
	v = dir_list(src, &n);
	assert_non_null(v);
	for (i = 0; i < n; i++) {
		struct buf a = BUF_INIT, b = BUF_INIT;

		buf_printf(&a, "%s/%s", src, v[i]);
		buf_printf(&b, "%s/%s", dst, v[i]);
		assert_int_equal(stat(a.data, &st), 0);
		if (S_ISDIR(st.st_mode))
			tmp_copy(a.data, b.data);
		else {
			FILE *in = fopen(a.data, "rb"), *out;
			char chunk[8192];
			size_t k;

			assert_non_null(in);
			out = fopen(b.data, "wb");
			assert_non_null(out);
			while ((k = fread(chunk, 1, sizeof chunk, in)) > 0)
				assert_int_equal(fwrite(chunk, 1, k, out), k);
			assert_false(ferror(in));
			assert_int_equal(fclose(in), 0);
			assert_int_equal(fclose(out), 0);
		}
		buf_free(&a);
		buf_free(&b);
	}
	dir_list_free(v, n);
}

/*
 * The diagnostics of d as diag_print() writes them (caller frees), with
 * every occurrence of the text from (a temporary folder, say) shown as to;
 * from NULL leaves them as they are.
 */
static inline char *
diag_text(const struct diags *d, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	char *raw = NULL, *p;
	size_t rawlen = 0, fl = from ? strlen(from) : 0;
	FILE *fp = open_memstream(&raw, &rawlen);

	assert_non_null(fp);
	diag_print(d, fp);
	assert_int_equal(fclose(fp), 0);
	for (p = raw; *p; ) {
		if (fl && strncmp(p, from, fl) == 0) {
			buf_puts(&b, to);
			p += fl;
		} else
			buf_putc(&b, *p++);
	}
	free(raw);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

/*
 * Make the work folder of the case tests/cases/NAME in dir, as
 * tests/cases.test.sh does before it runs the case: the suites that check
 * what a case loads, beyond the diagnostics its folder expects, read the
 * very same files.  Run from the project root, as make runs the tests.
 */
static inline void
case_prepare(const char *name, const char *dir)
{
	struct buf cmd = BUF_INIT;

	/* Case names and temporary folders need no quoting. */
	buf_printf(&cmd, "sh tests/cases.test.sh --prepare %s %s", name, dir);
	assert_int_equal(system(cmd.data), 0);
	buf_free(&cmd);
}

/*
 * The sample content as it was when the suites were written down (Kota
 * Cilegon 2021-2024 and its 2023 units, Provinsi Banten 2023): the
 * figures the suites check by hand, kept apart from content/, which
 * grows as the sample does.
 */
#define CILEGON "tests/content/cilegon"

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

/* The whole file at path into *text (NUL-terminated, caller frees) and
 * its length into *len, through rapor's one file reader; 0 or -1. */
static inline int
read_whole(const char *path, size_t limit, char **text, size_t *len)
{
	struct diags d = DIAGS_INIT;
	int rc = file_read(path, NULL, limit, text, len, &d) == 0 ? 0 : -1;

	diag_free(&d);
	return rc;
}

#endif
