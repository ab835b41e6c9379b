/*
 * Tests for the UTF-8 helpers: include/utf8.h.  utf8_invalid() decides
 * what "invalid UTF-8" means for every loader (Unicode's well-formed
 * table: no overlong forms, no surrogates, nothing above U+10FFFF, no
 * truncated sequences), and utf8_col() turns a byte into the column that
 * FILE:LINE:COL reports, counted in characters.
 */
#include "testutil.h"

#include "utf8.h"

#define OK ((size_t)-1)

/* utf8_invalid on a string literal, its length taken by sizeof. */
#define INV(lit) utf8_invalid((lit), sizeof(lit) - 1)

static void
valid_text(void **state)
{
	(void)state;
	assert_int_equal(INV(""), OK);
	assert_int_equal(INV("Kota Cilegon 89,45"), OK);
	assert_int_equal(INV("\x7f"), OK);			/* last ASCII */
	assert_int_equal(INV("a\0b"), OK);			/* NUL is ASCII */
	assert_int_equal(INV("\xC2\x80"), OK);			/* U+0080 */
	assert_int_equal(INV("caf\xC3\xA9"), OK);		/* é */
	assert_int_equal(INV("\xDF\xBF"), OK);			/* U+07FF */
	assert_int_equal(INV("\xE0\xA0\x80"), OK);		/* U+0800 */
	assert_int_equal(INV("\xE2\x82\xAC"), OK);		/* € */
	assert_int_equal(INV("\xED\x9F\xBF"), OK);		/* U+D7FF */
	assert_int_equal(INV("\xEE\x80\x80"), OK);		/* U+E000 */
	assert_int_equal(INV("\xEF\xBB\xBF"), OK);		/* BOM */
	assert_int_equal(INV("\xEF\xBF\xBF"), OK);		/* U+FFFF */
	assert_int_equal(INV("\xF0\x90\x80\x80"), OK);		/* U+10000 */
	assert_int_equal(INV("\xF0\x9F\x98\x80"), OK);		/* emoji */
	assert_int_equal(INV("\xF4\x8F\xBF\xBF"), OK);		/* U+10FFFF */
	assert_int_equal(INV("Provinsi \xE2\x80\x94 Banten \xF0\x9F\x87\xAE"
	    "\xF0\x9F\x87\xA9"), OK);
}

static void
overlong(void **state)
{
	(void)state;
	assert_int_equal(INV("\xC0\x80"), 0);			/* NUL, 2 bytes */
	assert_int_equal(INV("\xC1\xBF"), 0);			/* U+007F */
	assert_int_equal(INV("ab\xE0\x80\x80"), 2);		/* U+0000, 3 bytes */
	assert_int_equal(INV("\xE0\x9F\xBF"), 0);		/* U+07FF, 3 bytes */
	assert_int_equal(INV("\xF0\x80\x80\x80"), 0);		/* 4 bytes */
	assert_int_equal(INV("x\xF0\x8F\xBF\xBF"), 1);		/* U+FFFF, 4 bytes */
	assert_int_equal(INV("\xC0\xAF"), 0);			/* the classic '/' */
}

static void
surrogates(void **state)
{
	(void)state;
	assert_int_equal(INV("\xED\xA0\x80"), 0);		/* U+D800 */
	assert_int_equal(INV("ok\xED\xAD\xBF"), 2);		/* U+DB7F */
	assert_int_equal(INV("\xED\xB0\x80"), 0);		/* U+DC00 */
	assert_int_equal(INV("\xED\xBF\xBF"), 0);		/* U+DFFF */
	/* A CESU-8 pair is two surrogates, not a character. */
	assert_int_equal(INV("\xED\xA0\xBD\xED\xB8\x80"), 0);
}

static void
above_max(void **state)
{
	(void)state;
	assert_int_equal(INV("\xF4\x90\x80\x80"), 0);		/* U+110000 */
	assert_int_equal(INV("a\xF4\xBF\xBF\xBF"), 1);
	assert_int_equal(INV("\xF5\x80\x80\x80"), 0);		/* lead F5 */
	assert_int_equal(INV("\xF7\xBF\xBF\xBF"), 0);
	assert_int_equal(INV("\xF8\x88\x80\x80\x80"), 0);	/* 5-byte form */
	assert_int_equal(INV("\xFC\x84\x80\x80\x80\x80"), 0);	/* 6-byte form */
	assert_int_equal(INV("\xFE"), 0);
	assert_int_equal(INV("\xFF"), 0);
}

static void
truncated_and_stray(void **state)
{
	(void)state;
	assert_int_equal(INV("a\xC3"), 1);			/* at the end */
	assert_int_equal(INV("\xE2\x82"), 0);
	assert_int_equal(INV("\xF0\x9F\x98"), 0);
	assert_int_equal(INV("\xE2\x82" "a"), 0);		/* cut by ASCII */
	assert_int_equal(INV("\xC3" "\xC3\xA9"), 0);		/* cut by a lead */
	assert_int_equal(INV("\x80"), 0);			/* lone continuation */
	assert_int_equal(INV("\xC3\xA9\xA9"), 2);		/* one too many */
	assert_int_equal(INV("\xF0\x9F\x98\x80\xBF"), 4);
	/* len is respected: a valid sequence cut by len is truncated. */
	assert_int_equal(utf8_invalid("\xC3\xA9", 1), 0);
	assert_int_equal(utf8_invalid("ab\xE2\x82\xAC", 4), 2);
	assert_int_equal(utf8_invalid("ab\xE2\x82\xAC", 5), OK);
	assert_int_equal(utf8_invalid("\xFF", 0), OK);
}

static void
first_bad_offset(void **state)
{
	(void)state;
	/* The first bad byte is reported, after valid multibyte text. */
	assert_int_equal(INV("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x\xFFy\xFF"),
	    10);
}

/* Long ASCII runs are checked eight bytes a step: a bad or multibyte
 * byte at every place of a step, and a sequence cut by the end of the
 * step or of len, is still found at its own offset. */
static void
bad_byte_after_ascii_runs(void **state)
{
	char s[40];
	size_t at, len;

	(void)state;
	for (at = 0; at < 24; at++) {
		memset(s, 'a', sizeof s);
		s[at] = (char)0xFF;
		assert_int_equal(utf8_invalid(s, sizeof s), at);
		s[at] = (char)0xC3;	/* é, whole: valid */
		s[at + 1] = (char)0xA9;
		assert_int_equal(utf8_invalid(s, sizeof s), OK);
		s[at + 1] = 'a';	/* its lead alone: not */
		assert_int_equal(utf8_invalid(s, sizeof s), at);
	}
	/* A lead as the last byte len allows, after whole steps. */
	for (len = 9; len < 24; len++) {
		memset(s, 'a', sizeof s);
		s[len - 1] = (char)0xE2;
		s[len] = (char)0x82;
		assert_int_equal(utf8_invalid(s, len), len - 1);
	}
	/* NUL is ASCII here (callers look for it themselves). */
	memset(s, 0, sizeof s);
	assert_int_equal(utf8_invalid(s, sizeof s), OK);
}

static void
columns(void **state)
{
	static const char line[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";

	(void)state;
	assert_int_equal(utf8_col(line, line), 1);
	assert_int_equal(utf8_col(line, line + 1), 2);	/* é */
	assert_int_equal(utf8_col(line, line + 3), 3);	/* € */
	assert_int_equal(utf8_col(line, line + 6), 4);	/* emoji */
	assert_int_equal(utf8_col(line, line + 10), 5);	/* z */
	/* Pointing into a sequence gives its character's column + 1 ... */
	assert_int_equal(utf8_col(line, line + 2), 3);
	/* ... and plain ASCII counts bytes. */
	assert_int_equal(utf8_col("year;entity;unit", "year;entity;unit" + 12),
	    13);
	/* A stray continuation byte before `at` is not a character. */
	assert_int_equal(utf8_col("\x80\x80x", "\x80\x80x" + 2), 1);
	/* An invalid lead byte is one. */
	assert_int_equal(utf8_col("\xFFx", "\xFFx" + 1), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_text),
		cmocka_unit_test(overlong),
		cmocka_unit_test(surrogates),
		cmocka_unit_test(above_max),
		cmocka_unit_test(truncated_and_stray),
		cmocka_unit_test(first_bad_offset),
		cmocka_unit_test(bad_byte_after_ascii_runs),
		cmocka_unit_test(columns),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
