/*
 * Tests for the small helpers: include/util.h.  str_trim() is the one
 * trim of every loader; dir_list() is the one folder listing, sorted so
 * that no output depends on the file system's order.
 */
#define _DEFAULT_SOURCE	/* DT_DIR */
#include "testutil.h"

#include <dirent.h>

#include <sys/stat.h>

#include <errno.h>

#include "buf.h"
#include "publish.h"
#include "util.h"

/* Trim s and return the result as a new string (caller frees). */
static char *
trimmed(const char *s)
{
	const char *b = s, *e = s + strlen(s);
	char *out;

	str_trim(&b, &e);
	assert_true(b <= e);
	out = malloc((size_t)(e - b) + 1);
	assert_non_null(out);
	memcpy(out, b, (size_t)(e - b));
	out[e - b] = '\0';
	return out;
}

#define TRIMS(in, expect)                                                    \
	do {                                                                 \
		char *t_ = trimmed(in);                                      \
		assert_string_equal(t_, (expect));                           \
		free(t_);                                                    \
	} while (0)

static void
trim(void **state)
{
	const char *s = "  \t", *b = s, *e = s + 3;

	(void)state;
	TRIMS("", "");
	TRIMS("abc", "abc");
	TRIMS("  a b \t\r", "a b");
	TRIMS("\t\r x", "x");
	TRIMS("x \r", "x");
	/* Only space, TAB and CR are blanks: not LF, not NBSP. */
	TRIMS(" a\n", "a\n");
	TRIMS("\xC2\xA0" "a ", "\xC2\xA0" "a");
	TRIMS("\n", "\n");
	/* All blanks: both ends meet, at the end of the blanks. */
	str_trim(&b, &e);
	assert_ptr_equal(b, s + 3);
	assert_ptr_equal(e, s + 3);
	/* Only the given range is looked at. */
	s = " ab  cd ";
	b = s + 1;
	e = s + 6;	/* "ab  c" */
	str_trim(&b, &e);
	assert_ptr_equal(b, s + 1);
	assert_ptr_equal(e, s + 6);
	e = s + 5;	/* "ab  " */
	str_trim(&b, &e);
	assert_ptr_equal(e, s + 3);
}

static void
ends(void **state)
{
	(void)state;
	assert_true(str_ends("2023/index.html", ".html"));
	assert_true(str_ends(".html", ".html"));
	assert_true(str_ends("x", ""));
	assert_false(str_ends("html", ".html"));
	assert_false(str_ends("a.htm", ".html"));
	assert_false(str_ends("a.html.svg", ".html"));
	assert_false(str_ends("", ".html"));
}

static void
make_file(const char *dir, const char *name)
{
	tmp_put(dir, name, "", 0);
}

static void
list_sorted(void **state)
{
	static const char *const names[] = { "b", "a", "B", "10", "9",
	    ".hidden", "a.md", "a-b", "\xC3\xA9t\xC3\xA9" };
	static const char *const sorted[] = { ".hidden", "10", "9", "B", "a",
	    "a-b", "a.md", "b", "c", "\xC3\xA9t\xC3\xA9" };
	char dir[] = "/tmp/rapor-util-XXXXXX";
	struct buf sub = BUF_INIT;
	char **v;
	size_t n = 99, i;

	(void)state;
	assert_int_equal(tmp_dir(dir, sizeof dir, "util"), 0);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		make_file(dir, names[i]);
	buf_printf(&sub, "%s/c", dir);
	assert_int_equal(mkdir(sub.data, 0700), 0);
	/* Bytewise order, hidden names included, "." and ".." not. */
	v = dir_list(dir, &n);
	assert_non_null(v);
	assert_int_equal(n, sizeof sorted / sizeof sorted[0]);
	for (i = 0; i < n; i++) {
		unsigned char t = dir_list_type(v[i]);

		assert_string_equal(v[i], sorted[i]);
		/* Each name's own type, through the sort (or none said). */
		if (t != DT_UNKNOWN)
			assert_int_equal(t, strcmp(v[i], "c") == 0 ? DT_DIR :
			    DT_REG);
	}
	dir_list_free(v, n);
	/* A trailing slash makes no difference. */
	buf_reset(&sub);
	buf_printf(&sub, "%s/", dir);
	v = dir_list(sub.data, &n);
	assert_int_equal(n, sizeof sorted / sizeof sorted[0]);
	dir_list_free(v, n);
	assert_int_equal(remove_tree(dir), 0);
	buf_free(&sub);
}

static void
list_many(void **state)
{
	char dir[] = "/tmp/rapor-util-XXXXXX";
	char name[32];
	char **v;
	size_t n, i;

	(void)state;
	assert_int_equal(tmp_dir(dir, sizeof dir, "util"), 0);
	/* Enough names to grow the list several times, created out of order. */
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "f%03zu", (i * 7) % 300);
		make_file(dir, name);
	}
	v = dir_list(dir, &n);
	assert_non_null(v);
	assert_int_equal(n, 300);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "f%03zu", i);
		assert_string_equal(v[i], name);
	}
	dir_list_free(v, n);
	assert_int_equal(remove_tree(dir), 0);
}

static void
list_empty(void **state)
{
	char dir[] = "/tmp/rapor-util-XXXXXX";
	char **v;
	size_t n = 99;

	(void)state;
	assert_int_equal(tmp_dir(dir, sizeof dir, "util"), 0);
	/* An empty folder is an empty list, not an error. */
	v = dir_list(dir, &n);
	assert_non_null(v);
	assert_int_equal(n, 0);
	dir_list_free(v, n);
	assert_int_equal(rmdir(dir), 0);
}

static void
list_missing(void **state)
{
	char dir[] = "/tmp/rapor-util-XXXXXX";
	struct buf p = BUF_INIT;
	char **v;
	size_t n = 99;

	(void)state;
	assert_int_equal(tmp_dir(dir, sizeof dir, "util"), 0);
	buf_printf(&p, "%s/nope", dir);
	errno = 0;
	v = dir_list(p.data, &n);
	assert_null(v);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(n, 0);
	/* A file is not a folder. */
	make_file(dir, "file");
	buf_reset(&p);
	buf_printf(&p, "%s/file", dir);
	errno = 0;
	v = dir_list(p.data, &n);
	assert_null(v);
	assert_int_equal(errno, ENOTDIR);
	/* dir_list_free accepts what a failure gave. */
	dir_list_free(v, n);
	assert_int_equal(remove_tree(dir), 0);
	buf_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trim),
		cmocka_unit_test(ends),
		cmocka_unit_test(list_sorted),
		cmocka_unit_test(list_many),
		cmocka_unit_test(list_empty),
		cmocka_unit_test(list_missing),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
