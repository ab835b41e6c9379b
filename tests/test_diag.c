/*
 * Tests for diagnostics: include/diag.h.  What diag_print() writes is
 * the user's whole view of a problem, so every line is compared exactly:
 * FILE:LINE:COL, the line 0 form, errors before warnings, the cap and the
 * count of the rest; then the exit status and the did-you-mean search.
 */
#include "testutil.h"

#include <errno.h>

#include "buf.h"
#include "diag.h"

#define PRINTS(d, expect)                                                    \
	do {                                                                 \
		char *got_ = diag_text(d, NULL, NULL);                                     \
		assert_string_equal(got_, (expect));                         \
		free(got_);                                                  \
	} while (0)

static void
position_format(void **state)
{
	struct diags d = DIAGS_INIT;

	(void)state;
	diag(&d, DIAG_ERROR, "content/data/scores.csv", 12, 7,
	    "unknown unit '%s'; did you mean '%s'?", "dpmptps", "dpmptsp");
	diag(&d, DIAG_ERROR, "a.csv", 1, 1, "%d%%", 5);
	PRINTS(&d, "content/data/scores.csv:12:7: error: unknown unit "
	    "'dpmptps'; did you mean 'dpmptsp'?\n"
	    "a.csv:1:1: error: 5%\n");
	assert_int_equal(d.n, 2);
	assert_int_equal(d.errors, 2);
	assert_int_equal(d.warnings, 0);
	assert_int_equal(d.system, 0);
	/* The entry keeps the message without position or level. */
	assert_string_equal(d.v[0].file, "content/data/scores.csv");
	assert_int_equal(d.v[0].line, 12);
	assert_int_equal(d.v[0].col, 7);
	assert_string_equal(d.v[0].msg, "unknown unit 'dpmptps'; did you "
	    "mean 'dpmptsp'?");
	diag_free(&d);
}

static void
warning_format(void **state)
{
	struct diags d = DIAGS_INIT;

	(void)state;
	diag(&d, DIAG_WARNING, "site.ini", 4, 1, "unknown key '%s' ignored",
	    "titel");
	PRINTS(&d, "site.ini:4:1: warning: unknown key 'titel' ignored\n");
	assert_int_equal(d.warnings, 1);
	assert_int_equal(d.errors, 0);
	diag_free(&d);
}

static void
line_zero_form(void **state)
{
	struct diags d = DIAGS_INIT;

	(void)state;
	/* Line 0 is the whole file: no position, whatever col says. */
	diag(&d, DIAG_ERROR, "content/index.md", 0, 9, "required file is "
	    "missing");
	diag(&d, DIAG_WARNING, "content/notes", 0, 0, "folder is not a year");
	/* A line without a column is put at column 1. */
	diag(&d, DIAG_ERROR, "x.csv", 3, 0, "bad");
	PRINTS(&d, "content/index.md: error: required file is missing\n"
	    "x.csv:3:1: error: bad\n"
	    "content/notes: warning: folder is not a year\n");
	assert_int_equal(d.v[0].col, 0);
	assert_int_equal(d.v[2].col, 1);
	diag_free(&d);
}

static void
errors_before_warnings(void **state)
{
	struct diags d = DIAGS_INIT;

	(void)state;
	diag(&d, DIAG_WARNING, "f", 1, 1, "w1");
	diag(&d, DIAG_ERROR, "f", 2, 1, "e1");
	diag(&d, DIAG_WARNING, "f", 3, 1, "w2");
	diag_sys(&d, "out", "cannot write", EIO);
	diag(&d, DIAG_ERROR, "f", 5, 1, "e2");
	/* Errors (system ones included) in the order found, then warnings. */
	PRINTS(&d, "f:2:1: error: e1\n"
	    "out: error: cannot write: Input/output error\n"
	    "f:5:1: error: e2\n"
	    "f:1:1: warning: w1\n"
	    "f:3:1: warning: w2\n");
	/* Recording order itself is kept. */
	assert_string_equal(d.v[0].msg, "w1");
	assert_string_equal(d.v[3].msg, "cannot write: Input/output error");
	diag_free(&d);
}

static void
nothing_prints_nothing(void **state)
{
	struct diags d = DIAGS_INIT;

	(void)state;
	PRINTS(&d, "");
	assert_int_equal(diag_status(&d), 0);
}

/* n diagnostics "NAME<i>" of one level. */
static void
many(struct diags *d, enum diag_level lv, const char *name, int n)
{
	int i;

	for (i = 0; i < n; i++)
		diag(d, lv, "f", (unsigned)i + 1, 1, "%s%d", name, i);
}

static void
cap_and_count(void **state)
{
	struct diags d = DIAGS_INIT;
	struct buf expect = BUF_INIT;
	int i;

	(void)state;
	/* 150 warnings first, then 3 errors: the errors still show. */
	many(&d, DIAG_WARNING, "w", 150);
	many(&d, DIAG_ERROR, "e", 3);
	for (i = 0; i < 3; i++)
		buf_printf(&expect, "f:%d:1: error: e%d\n", i + 1, i);
	for (i = 0; i < DIAG_PRINT_CAP - 3; i++)
		buf_printf(&expect, "f:%d:1: warning: w%d\n", i + 1, i);
	buf_puts(&expect, "rapor: 0 more errors and 53 more warnings not "
	    "shown\n");
	PRINTS(&d, expect.data);
	diag_free(&d);
	buf_free(&expect);
}

static void
cap_errors_only(void **state)
{
	struct diags d = DIAGS_INIT;
	struct buf expect = BUF_INIT;
	int i;

	(void)state;
	many(&d, DIAG_ERROR, "e", DIAG_PRINT_CAP + 1);
	many(&d, DIAG_WARNING, "w", 2);
	for (i = 0; i < DIAG_PRINT_CAP; i++)
		buf_printf(&expect, "f:%d:1: error: e%d\n", i + 1, i);
	buf_puts(&expect, "rapor: 1 more errors and 2 more warnings not "
	    "shown\n");
	PRINTS(&d, expect.data);
	diag_free(&d);
	buf_free(&expect);
}

static void
cap_exactly_full(void **state)
{
	struct diags d = DIAGS_INIT;
	struct buf expect = BUF_INIT;
	int i;

	(void)state;
	/* Exactly the cap: everything shown, no count line. */
	many(&d, DIAG_ERROR, "e", DIAG_PRINT_CAP - 10);
	many(&d, DIAG_WARNING, "w", 10);
	for (i = 0; i < DIAG_PRINT_CAP - 10; i++)
		buf_printf(&expect, "f:%d:1: error: e%d\n", i + 1, i);
	for (i = 0; i < 10; i++)
		buf_printf(&expect, "f:%d:1: warning: w%d\n", i + 1, i);
	PRINTS(&d, expect.data);
	diag_free(&d);
	buf_free(&expect);
}

static void
status(void **state)
{
	struct diags d = DIAGS_INIT;

	(void)state;
	assert_int_equal(diag_status(&d), 0);
	diag(&d, DIAG_WARNING, "f", 1, 1, "w");
	assert_int_equal(diag_status(&d), 0);	/* warnings allowed */
	diag(&d, DIAG_ERROR, "f", 1, 1, "e");
	assert_int_equal(diag_status(&d), 1);
	diag_sys(&d, "f", "cannot read", ENOENT);
	assert_int_equal(diag_status(&d), 3);	/* system errors win */
	diag_free(&d);
	/* diag_free empties and resets the counters. */
	assert_int_equal(d.n, 0);
	assert_int_equal(d.errors + d.warnings + d.system, 0);
	assert_null(d.v);
	assert_int_equal(diag_status(&d), 0);
	diag_sys(&d, "g", "cannot read", EACCES);
	assert_int_equal(diag_status(&d), 3);
	assert_int_equal(d.system, 1);
	assert_int_equal(d.errors, 0);
	diag_free(&d);
}

static void
sys_message(void **state)
{
	struct diags d = DIAGS_INIT;

	(void)state;
	diag_sys(&d, "/tmp/x/out", "cannot create", ENOENT);
	diag_sys(&d, "site.ini", "cannot read", EACCES);
	PRINTS(&d, "/tmp/x/out: error: cannot create: No such file or "
	    "directory\nsite.ini: error: cannot read: Permission denied\n");
	assert_int_equal(d.v[0].level, DIAG_SYSTEM);
	assert_int_equal(d.v[0].line, 0);
	diag_free(&d);
}

static void
long_message(void **state)
{
	struct diags d = DIAGS_INIT;
	struct buf expect = BUF_INIT;
	char *big = malloc(5001);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', 5000);
	big[5000] = '\0';
	diag(&d, DIAG_ERROR, "f", 1, 2, "[%s]", big);
	/* Not cut at any buffer size. */
	buf_printf(&expect, "f:1:2: error: [%s]\n", big);
	PRINTS(&d, expect.data);
	free(big);
	buf_free(&expect);
	diag_free(&d);
}

static void
suggest_close(void **state)
{
	static const char *const units[] = { "dinkes", "disdik",
	    "disdukcapil", "dpmptsp", "dinsos" };

	(void)state;
	assert_string_equal(diag_suggest("dpmptps", units, 5), "dpmptsp");
	assert_string_equal(diag_suggest("disdukcapl", units, 5),
	    "disdukcapil");
	/* The closest wins, not the first close one. */
	{
		static const char *const two[] = { "dinses", "dinsos" };

		assert_string_equal(diag_suggest("dinsoss", two, 2), "dinsos");
	}
	/* Case differences count as edits: "Kota" is one from "kota". */
	{
		static const char *const kinds[] = { "kota", "kabupaten" };

		assert_string_equal(diag_suggest("Kota", kinds, 2), "kota");
	}
	/* Short words allow one edit. */
	{
		static const char *const two[] = { "ab", "xy" };

		assert_string_equal(diag_suggest("ac", two, 2), "ab");
		assert_null(diag_suggest("cd", two, 2));
	}
	/* Two neighbouring letters swapped are one typo, not two. */
	{
		static const char *const keys[] = { "title", "summary",
		    "date" };

		assert_string_equal(diag_suggest("titel", keys, 3), "title");
		assert_string_equal(diag_suggest("dtae", keys, 3), "date");
		assert_string_equal(diag_suggest("sumamry", keys, 3),
		    "summary");
		/* Only neighbours: "eitlt" is two swaps away, too far. */
		assert_null(diag_suggest("eitlt", keys, 3));
	}
	/* On a tie the first candidate is kept. */
	{
		static const char *const tie[] = { "abcx", "abcy" };

		assert_string_equal(diag_suggest("abcz", tie, 2), "abcx");
	}
}

static void
suggest_too_far(void **state)
{
	static const char *const ids[] = { "kota-cilegon", "prov-banten" };

	(void)state;
	assert_null(diag_suggest("kab-serang", ids, 2));
	assert_null(diag_suggest("xyz", ids, 2));
	/* A third of 12 is 4: four edits are still a typo, five are not. */
	assert_string_equal(diag_suggest("kota-cxxxxon", ids, 2),
	    "kota-cilegon");
	assert_null(diag_suggest("kota-xxxxxon", ids, 2));
}

static void
suggest_no_candidates(void **state)
{
	static const char *const one[] = { "dinkes" };

	(void)state;
	assert_null(diag_suggest("dinkes", NULL, 0));
	assert_null(diag_suggest("dinkez", one, 0));
}

static void
suggest_long_words(void **state)
{
	char word[301], near[301];
	const char *cands[2];

	(void)state;
	memset(word, 'a', 300);
	word[300] = '\0';
	memcpy(near, word, sizeof near);
	near[0] = 'b';
	cands[0] = near;
	cands[1] = "aaa";
	/* Very long words are not compared (cost grows with the square). */
	assert_null(diag_suggest(word, cands, 2));
	/* A long candidate is skipped, a short one still found. */
	assert_string_equal(diag_suggest("aab", cands, 2), "aaa");
	/* Up to 256 characters the search works. */
	word[256] = near[256] = '\0';
	assert_ptr_equal(diag_suggest(word, cands, 1), near);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(position_format),
		cmocka_unit_test(warning_format),
		cmocka_unit_test(line_zero_form),
		cmocka_unit_test(errors_before_warnings),
		cmocka_unit_test(nothing_prints_nothing),
		cmocka_unit_test(cap_and_count),
		cmocka_unit_test(cap_errors_only),
		cmocka_unit_test(cap_exactly_full),
		cmocka_unit_test(status),
		cmocka_unit_test(sys_message),
		cmocka_unit_test(long_message),
		cmocka_unit_test(suggest_close),
		cmocka_unit_test(suggest_too_far),
		cmocka_unit_test(suggest_no_candidates),
		cmocka_unit_test(suggest_long_words),
	};

	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
