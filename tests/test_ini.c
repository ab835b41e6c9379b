/*
 * Tests for the INI line reader: include/ini.h, the one reader of
 * site.ini and the interface strings files.  Each test reads a text and
 * compares a transcript of what the reader gave, in order: sections,
 * keys with their values and columns, and the errors it recorded.
 */
#include "testutil.h"

#include "buf.h"
#include "diag.h"
#include "ini.h"

/*
 * The len bytes at text as read, one line each:
 *   "S name L:C" for a section, "K key=[value] L:C V" for a key (V the
 *   value's column), "E L:C message" for an error.
 */
static char *
transcript(const char *text, size_t len, int sections)
{
	struct diags d = DIAGS_INIT;
	struct ini_reader r;
	struct ini_line l;
	struct buf b = BUF_INIT;
	size_t shown = 0;
	int more;

	ini_start(&r, "f.ini", text, len, sections, &d);
	do {
		more = ini_next(&r, &l);
		for (; shown < d.n; shown++) {
			assert_int_equal(d.v[shown].level, DIAG_ERROR);
			assert_string_equal(d.v[shown].file, "f.ini");
			buf_printf(&b, "E %u:%u %s\n", d.v[shown].line,
			    d.v[shown].col, d.v[shown].msg);
		}
		if (more && l.kind == INI_SECTION)
			buf_printf(&b, "S %.*s %u:%u\n", (int)l.nlen, l.name,
			    l.line, l.col);
		else if (more)
			buf_printf(&b, "K %.*s=[%.*s] %u:%u %u\n", (int)l.nlen,
			    l.name, (int)l.vlen, l.val, l.line, l.col, l.vcol);
	} while (more);
	assert_int_equal(ini_next(&r, &l), 0);
	assert_int_equal(d.errors, d.n);
	diag_free(&d);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

#define READS(text, sections, expected)                                      \
	do {                                                                 \
		char *t_ = transcript((text), sizeof(text) - 1, (sections));  \
		assert_string_equal(t_, (expected));                         \
		free(t_);                                                    \
	} while (0)

static void
keys_and_sections(void **state)
{
	(void)state;
	READS("; comment\n"
	    "  # comment too\n"
	    "\n"
	    "\t\n"
	    "[site]\n"
	    "  [ scoring ]  trailing text\n"
	    "title = T\n"
	    "  key\t=  a = b  \n"
	    "empty =\n"
	    "k=v\n", 1,
	    "S site 5:1\n"
	    "S scoring 6:3\n"
	    "K title=[T] 7:1 9\n"
	    "K key=[a = b] 8:3 10\n"
	    "K empty=[] 9:1 8\n"
	    "K k=[v] 10:1 3\n");
}

static void
comments_and_quotes(void **state)
{
	(void)state;
	READS("a = x ; note\n"
	    "b = x\t; note\n"
	    "c = x; y\n"
	    "d = Peringkat #1 ; note\n"
	    "e = \"x ; y\" ; note\n"
	    "f = \"  padded  \"\n"
	    "g = \"unclosed ; cut\n"
	    "h = \"a\" b\n"
	    "i = ;\n"
	    "j = \"\"\n"
	    "k = \"\n", 0,
	    "K a=[x] 1:1 5\n"
	    "K b=[x] 2:1 5\n"
	    "K c=[x; y] 3:1 5\n"
	    "K d=[Peringkat #1] 4:1 5\n"
	    "K e=[x ; y] 5:1 6\n"
	    "K f=[  padded  ] 6:1 6\n"
	    "K g=[\"unclosed] 7:1 5\n"
	    "K h=[\"a\" b] 8:1 5\n"
	    "K i=[;] 9:1 5\n"
	    "K j=[] 10:1 6\n"
	    "K k=[\"] 11:1 5\n");
}

static void
broken_lines(void **state)
{
	(void)state;
	/* Each broken line is reported and skipped; reading goes on. */
	READS("[site\n"
	    "words\n"
	    "  = x\n"
	    "a = caf\xc3\xa9 \xff\n"
	    "b = a\0b\n"
	    "c = ok\n", 1,
	    "E 1:1 section header has no closing ']'\n"
	    "E 2:1 expected 'key = value' or '[section]'\n"
	    "E 3:3 missing key before '='\n"
	    "E 4:10 invalid UTF-8 byte 0xff\n"
	    "E 5:6 NUL byte in file\n"
	    "K c=[ok] 6:1 5\n");
}

static void
without_sections(void **state)
{
	(void)state;
	/* A strings file has no sections: '[' is an ordinary character. */
	READS("[site]\n"
	    "[a] = b\n"
	    "words\n", 0,
	    "E 1:1 expected 'key = value'\n"
	    "K [a]=[b] 2:1 7\n"
	    "E 3:1 expected 'key = value'\n");
}

static void
bom_crlf_and_end(void **state)
{
	(void)state;
	/* The BOM takes no column; CR is not part of the value. */
	READS("\xEF\xBB\xBF" "a = x\r\n"
	    "b = \"y\" \r\n"
	    "\r\n"
	    "c = z", 0,
	    "K a=[x] 1:1 5\n"
	    "K b=[y] 2:1 6\n"
	    "K c=[z] 4:1 5\n");
	READS("", 1, "");
	READS("\xEF\xBB\xBF", 1, "");
	READS("\n\n", 1, "");
	/* A BOM further on is text, and valid UTF-8. */
	READS("a = \xEF\xBB\xBFx\n", 0, "K a=[\xEF\xBB\xBFx] 1:1 5\n");
}

static void
nothing_past_len(void **state)
{
	static const char t[] = "a = 1\nb = \"2\"";
	char *exact = malloc(sizeof t - 1);
	struct diags d = DIAGS_INIT;
	struct ini_reader r;
	struct ini_line l;

	(void)state;
	/* The text is not NUL-terminated: the last value ends at len. */
	assert_non_null(exact);
	memcpy(exact, t, sizeof t - 1);
	ini_start(&r, "f.ini", exact, sizeof t - 1, 0, &d);
	assert_int_equal(ini_next(&r, &l), 1);
	assert_int_equal(ini_next(&r, &l), 1);
	assert_int_equal(l.vlen, 1);
	assert_memory_equal(l.val, "2", 1);
	assert_int_equal(ini_next(&r, &l), 0);
	assert_int_equal(d.n, 0);
	free(exact);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_and_sections),
		cmocka_unit_test(comments_and_quotes),
		cmocka_unit_test(broken_lines),
		cmocka_unit_test(without_sections),
		cmocka_unit_test(bom_crlf_and_end),
		cmocka_unit_test(nothing_past_len),
	};

	return cmocka_run_group_tests_name("ini", tests, NULL, NULL);
}
