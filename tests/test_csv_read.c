/* Tests for the CSV reader: include/csv_read.h, content-format.md section 1. */
#include "testutil.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <time.h>

#include "buf.h"
#include "csv_read.h"

struct fx {
	struct csv_file	f;
	struct diags	d;
	char		dir[64];	/* temporary directory, "" when unused */
	char		path[128];
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	if (x == NULL)
		return -1;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	csv_file_free(&x->f);
	diag_free(&x->d);
	if (x->path[0])
		unlink(x->path);
	if (x->dir[0])
		rmdir(x->dir);
	free(x);
	return 0;
}

static void
parse(struct fx *x, const char *s)
{
	assert_int_equal(csv_read_mem("t.csv", s, strlen(s), &x->d, &x->f), 0);
}

static void
parse_n(struct fx *x, const char *s, size_t n)
{
	assert_int_equal(csv_read_mem("t.csv", s, n, &x->d, &x->f), 0);
}

/* Create an empty temporary file x->path inside a fresh directory. */
static int
tmpfile_open(struct fx *x)
{
	int fd;

	if (x->dir[0] == '\0') {
		assert_int_equal(tmp_dir(x->dir, sizeof x->dir, "csv"), 0);
	}
	snprintf(x->path, sizeof x->path, "%s/data.csv", x->dir);
	fd = open(x->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	return fd;
}

static void
write_file(struct fx *x, const char *s, size_t n)
{
	int fd = tmpfile_open(x);

	assert_int_equal(write(fd, s, n), (ssize_t)n);
	close(fd);
}

/* Exactly these diagnostics, with the folder dir (if any) shown as "T". */
#define DIAGS(x, dir, expect)                                                \
	do {                                                                 \
		char *t_ = diag_text(&(x)->d, (dir), "T");                   \
		assert_string_equal(t_, (expect));                           \
		free(t_);                                                    \
	} while (0)

static void
cell_is(const struct csv_cell *c, const char *text, unsigned line,
    unsigned col)
{
	assert_string_equal(c->text, text);
	assert_int_equal(c->len, strlen(text));
	assert_int_equal(c->line, line);
	assert_int_equal(c->col, col);
}

static void
diag_is(const struct diags *d, size_t i, unsigned line, unsigned col,
    const char *msg)
{
	assert_true(i < d->n);
	assert_int_equal(d->v[i].level, DIAG_ERROR);
	assert_string_equal(d->v[i].file, "t.csv");
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].col, col);
	if (strstr(d->v[i].msg, msg) == NULL)
		fail_msg("diagnostic %zu is \"%s\", expected \"%s\"", i,
		    d->v[i].msg, msg);
}

static void
test_basic(void **state)
{
	struct fx *x = *state;

	parse(x, "id,name,kind\nkota-a,Kota A,Kota\nkab-b,Kab B,Kabupaten\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.delim, ',');
	assert_string_equal(x->f.path, "t.csv");
	assert_int_equal(x->f.header.n, 3);
	assert_int_equal(x->f.header.line, 1);
	cell_is(&x->f.header.cells[0], "id", 1, 1);
	cell_is(&x->f.header.cells[1], "name", 1, 4);
	cell_is(&x->f.header.cells[2], "kind", 1, 9);
	assert_int_equal(x->f.nrows, 2);
	assert_int_equal(x->f.rows[0].line, 2);
	assert_int_equal(x->f.rows[1].line, 3);
	assert_int_equal(x->f.rows[1].n, 3);
	cell_is(&x->f.rows[1].cells[0], "kab-b", 3, 1);
	cell_is(&x->f.rows[1].cells[2], "Kabupaten", 3, 13);
	assert_false(x->f.rows[1].cells[2].quoted);
}

static void
test_no_final_newline_and_empty_cells(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b,c\n1,,3\n4,5,");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.nrows, 2);
	cell_is(&x->f.rows[0].cells[1], "", 2, 3);
	cell_is(&x->f.rows[1].cells[1], "5", 3, 3);
	assert_int_equal(x->f.rows[1].n, 3);
	cell_is(&x->f.rows[1].cells[2], "", 3, 5);
}

static void
test_bom(void **state)
{
	struct fx *x = *state;

	parse(x, "\xef\xbb\xbfid;name\nx;y\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.delim, ';');
	cell_is(&x->f.header.cells[0], "id", 1, 1);
	cell_is(&x->f.header.cells[1], "name", 1, 4);
	assert_int_equal(csv_column(&x->f, "id"), 0);
}

static void
test_semicolon_decimal_comma(void **state)
{
	struct fx *x = *state;

	parse(x, "year;entity;score\n2023;kota-a;89,45\n2024;kota-b;  7,5 \n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.delim, ';');
	assert_int_equal(x->f.header.n, 3);
	assert_int_equal(x->f.nrows, 2);
	cell_is(&x->f.rows[0].cells[2], "89,45", 2, 13);
	cell_is(&x->f.rows[1].cells[2], "7,5", 3, 15);
}

static void
test_tab(void **state)
{
	struct fx *x = *state;

	/* Tabs separate; spaces around unquoted fields are trimmed. */
	parse(x, "a\tb\tc\n 1 \t\t x y \n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.delim, '\t');
	assert_int_equal(x->f.header.n, 3);
	assert_int_equal(x->f.nrows, 1);
	assert_int_equal(x->f.rows[0].n, 3);
	cell_is(&x->f.rows[0].cells[0], "1", 2, 2);
	cell_is(&x->f.rows[0].cells[1], "", 2, 5);
	cell_is(&x->f.rows[0].cells[2], "x y", 2, 7);
}

static void
test_tab_leading_tab_is_empty_field(void **state)
{
	struct fx *x = *state;

	parse(x, "a\tb\tc\n\tq\t\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.nrows, 1);
	assert_int_equal(x->f.rows[0].n, 3);
	cell_is(&x->f.rows[0].cells[0], "", 2, 1);
	cell_is(&x->f.rows[0].cells[1], "q", 2, 2);
}

static void
test_delim_detection(void **state)
{
	struct fx *x = *state;

	/* Commas inside quotes do not count; blank and ",,," lines before
	 * the header are skipped for detection as for reading. */
	parse(x, "\n;;;\n\"a,b,c\";d;e\n1;2;3\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.delim, ';');
	assert_int_equal(x->f.header.n, 3);
	assert_int_equal(x->f.header.line, 3);
	cell_is(&x->f.header.cells[0], "a,b,c", 3, 1);
	cell_is(&x->f.header.cells[2], "e", 3, 11);
	csv_file_free(&x->f);

	/* A tie goes to the comma. */
	parse(x, "a;b,c\n1;2,3\n");
	assert_int_equal(x->f.delim, ',');
	assert_int_equal(x->f.header.n, 2);
	cell_is(&x->f.header.cells[0], "a;b", 1, 1);
	csv_file_free(&x->f);

	/* No delimiter at all: a one-column comma file. */
	parse(x, "name\nx;y\n");
	assert_int_equal(x->f.delim, ',');
	cell_is(&x->f.rows[0].cells[0], "x;y", 2, 1);
	csv_file_free(&x->f);

	parse(x, "a\tb;c\tz\n");
	assert_int_equal(x->f.delim, '\t');
	assert_int_equal(x->d.n, 0);
}

static void
test_crlf(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n4,5");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.header.n, 2);
	cell_is(&x->f.header.cells[1], "b", 1, 3);
	assert_int_equal(x->f.nrows, 3);
	cell_is(&x->f.rows[0].cells[1], "2", 2, 3);
	assert_int_equal(x->f.rows[1].line, 4);
	cell_is(&x->f.rows[1].cells[1], "x\ny", 4, 3);
	assert_int_equal(x->f.rows[2].line, 6);
	cell_is(&x->f.rows[2].cells[1], "5", 6, 3);
}

static void
test_bare_cr(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b\r1,2\r3,4");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.nrows, 2);
	cell_is(&x->f.rows[1].cells[1], "4", 3, 3);
}

static void
test_quoted(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b,c\n"
	    "\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
	    "after,  \" kept \"  ,\"\"\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.nrows, 2);
	cell_is(&x->f.rows[0].cells[0], "x, y", 2, 1);
	assert_true(x->f.rows[0].cells[0].quoted);
	cell_is(&x->f.rows[0].cells[1], "say \"hi\"", 2, 8);
	cell_is(&x->f.rows[0].cells[2], "two\nlines", 2, 21);
	/* The row after a multi-line field is on the right line. */
	assert_int_equal(x->f.rows[1].line, 4);
	cell_is(&x->f.rows[1].cells[0], "after", 4, 1);
	/* Blanks before the opening quote and after the closing one go;
	 * those inside the quotes stay. */
	cell_is(&x->f.rows[1].cells[1], " kept ", 4, 9);
	assert_true(x->f.rows[1].cells[1].quoted);
	cell_is(&x->f.rows[1].cells[2], "", 4, 20);
	assert_true(x->f.rows[1].cells[2].quoted);
}

static void
test_multiline_positions(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b\n\"1\n2\n3\",z\nq,\"\n\"\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.nrows, 2);
	cell_is(&x->f.rows[0].cells[0], "1\n2\n3", 2, 1);
	cell_is(&x->f.rows[0].cells[1], "z", 4, 4);
	cell_is(&x->f.rows[1].cells[0], "q", 5, 1);
	cell_is(&x->f.rows[1].cells[1], "\n", 5, 3);
}

static void
test_blank_lines(void **state)
{
	struct fx *x = *state;

	parse(x, "\n  \n\t\n,,,\nid,v\n\n1,2\n,,\n ; \n  ,  ,\n\"\",\"\"\n3,\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.header.line, 5);
	cell_is(&x->f.header.cells[0], "id", 5, 1);
	assert_int_equal(x->f.nrows, 3);
	assert_int_equal(x->f.rows[0].line, 7);
	/* " ; " is not blank in a comma file. */
	assert_int_equal(x->f.rows[1].line, 9);
	cell_is(&x->f.rows[1].cells[0], ";", 9, 2);
	assert_int_equal(x->f.rows[2].line, 12);
	cell_is(&x->f.rows[2].cells[0], "3", 12, 1);
	cell_is(&x->f.rows[2].cells[1], "", 12, 3);
}

static void
test_trim(void **state)
{
	struct fx *x = *state;

	parse(x, "  id \t, name  ,x\n  a b  ,\t \tc,y\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.delim, ',');
	cell_is(&x->f.header.cells[0], "id", 1, 3);
	cell_is(&x->f.header.cells[1], "name", 1, 9);
	cell_is(&x->f.rows[0].cells[0], "a b", 2, 3);
	cell_is(&x->f.rows[0].cells[1], "c", 2, 12);
}

static void
test_non_ascii_columns(void **state)
{
	struct fx *x = *state;

	/* "Dinas Sosial é" is 14 characters and 15 bytes. */
	parse(x, "name,v,w\nDinas Sosial \xc3\xa9,x,\xe2\x82\xac\xf0\x9f\x98\x80\n"
	    "\xc3\xa9\xe2\x82\xac,a\"b\n");
	assert_int_equal(x->f.nrows, 1);
	cell_is(&x->f.rows[0].cells[0], "Dinas Sosial \xc3\xa9", 2, 1);
	cell_is(&x->f.rows[0].cells[1], "x", 2, 16);
	cell_is(&x->f.rows[0].cells[2], "\xe2\x82\xac\xf0\x9f\x98\x80", 2, 18);
	/* The quote is the fifth character of line 3 (its eighth byte). */
	assert_int_equal(x->d.n, 1);
	diag_is(&x->d, 0, 3, 5, "quote inside an unquoted field");
}

static void
test_invalid_utf8(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b\n"
	    "x,\xff\n"			/* never valid */
	    "\xc0\xaf,y\n"		/* overlong '/' */
	    "ok,\xed\xa0\x80\n"	/* surrogate U+D800 */
	    "\xc3\xa9\xe2\x82,z\n"	/* truncated before the delimiter */
	    "\xf4\x90\x80\x80\n"	/* above U+10FFFF */
	    "\xe9t\xc3\xa9\n"		/* Latin-1 */
	    "\xff\xfe\xff\n"		/* only one error per line */
	    "fine,\xe2\x82\xac\n"
	    "\"\x80\n\xf5\",end\n"	/* inside a quoted field */
	    "q,\xe2\x82");		/* truncated by the end of the file */
	assert_int_equal(x->d.n, 10);
	diag_is(&x->d, 0, 2, 3, "invalid UTF-8 byte 0xff");
	diag_is(&x->d, 1, 3, 1, "invalid UTF-8 byte 0xc0");
	diag_is(&x->d, 2, 4, 4, "invalid UTF-8 byte 0xed");
	diag_is(&x->d, 3, 5, 2, "invalid UTF-8 byte 0xe2");
	diag_is(&x->d, 4, 6, 1, "invalid UTF-8 byte 0xf4");
	diag_is(&x->d, 5, 7, 1, "invalid UTF-8 byte 0xe9");
	diag_is(&x->d, 6, 8, 1, "invalid UTF-8 byte 0xff");
	diag_is(&x->d, 7, 10, 2, "invalid UTF-8 byte 0x80");
	diag_is(&x->d, 8, 11, 1, "invalid UTF-8 byte 0xf5");
	diag_is(&x->d, 9, 12, 3, "invalid UTF-8 byte 0xe2");
	/* Reading went on: the rows are all there. */
	assert_int_equal(x->f.nrows, 10);
	cell_is(&x->f.rows[3].cells[1], "z", 5, 4);
	cell_is(&x->f.rows[7].cells[1], "\xe2\x82\xac", 9, 6);
	cell_is(&x->f.rows[8].cells[1], "end", 11, 4);
	csv_file_free(&x->f);
	diag_free(&x->d);

	/*
	 * Overlong 3- and 4-byte forms, a sequence broken by a delimiter
	 * (the byte after it would have completed it); U+10000 and U+10FFFF
	 * are fine.
	 */
	parse(x, "a\n\xf0\x8f\xbf\xbf\n\xe0\x80\xaf\nx\xe2\x82,\xac\n"
	    "\xf0\x90\x80\x80\n\xf4\x8f\xbf\xbf\n");
	assert_int_equal(x->d.n, 3);
	diag_is(&x->d, 0, 2, 1, "invalid UTF-8 byte 0xf0");
	diag_is(&x->d, 1, 3, 1, "invalid UTF-8 byte 0xe0");
	diag_is(&x->d, 2, 4, 2, "invalid UTF-8 byte 0xe2");
	assert_int_equal(x->f.nrows, 5);
}

static void
test_nul(void **state)
{
	struct fx *x = *state;

	parse_n(x, "a,b\nx,y\0z\n\0\0\0\n1,2\n", 18);
	assert_int_equal(x->d.n, 2);
	diag_is(&x->d, 0, 2, 4, "NUL byte in file");
	diag_is(&x->d, 1, 3, 1, "NUL byte in file");
	assert_int_equal(x->f.nrows, 3);
	assert_int_equal(x->f.rows[0].cells[1].len, 3);
	assert_memory_equal(x->f.rows[0].cells[1].text, "y\0z", 3);
	cell_is(&x->f.rows[2].cells[0], "1", 4, 1);
}

static void
test_unterminated_quote(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b\n1,2\n3,  \"abc\ndef,\n\n");
	assert_int_equal(x->d.n, 1);
	diag_is(&x->d, 0, 3, 5, "quoted field is never closed (opened here)");
	assert_int_equal(x->f.header.n, 2);
	assert_int_equal(x->f.nrows, 1);
	cell_is(&x->f.rows[0].cells[0], "1", 2, 1);
}

static void
test_quote_errors_recover(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b\n"
	    "1,2\n"
	    "\"abc\"def,x\n"
	    "3,4\n"
	    "ab\"c,y\n"
	    "5,\"q\" \"\n"
	    "6,\"multi\nline\"\n"
	    "7,8\n"
	    "\"\xc3\xa9\"  x\n");
	assert_int_equal(x->d.n, 4);
	diag_is(&x->d, 0, 3, 6, "unexpected character after closing quote");
	diag_is(&x->d, 1, 5, 3, "quote inside an unquoted field");
	diag_is(&x->d, 2, 6, 7, "unexpected character after closing quote");
	diag_is(&x->d, 3, 10, 6, "unexpected character after closing quote");
	assert_int_equal(x->f.nrows, 4);
	assert_int_equal(x->f.rows[0].line, 2);
	cell_is(&x->f.rows[1].cells[1], "4", 4, 3);
	cell_is(&x->f.rows[2].cells[1], "multi\nline", 7, 3);
	cell_is(&x->f.rows[3].cells[1], "8", 9, 3);
}

static void
test_quote_error_at_end_of_file(void **state)
{
	struct fx *x = *state;

	parse(x, "a,b\n1,x\"");
	assert_int_equal(x->d.n, 1);
	diag_is(&x->d, 0, 2, 4, "quote inside an unquoted field");
	assert_int_equal(x->f.nrows, 0);
}

static void
test_too_many_fields(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;
	size_t i;
	clock_t t0 = clock();

	buf_puts(&b, "a,b\n");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "x,");
	buf_puts(&b, "x\n1,2\n");
	parse_n(x, b.data, b.len);
	assert_int_equal(x->d.n, 1);
	diag_is(&x->d, 0, 2, 1025, "row has more than 512 fields");
	assert_int_equal(x->f.nrows, 2);
	assert_int_equal(x->f.rows[0].n, CSV_MAX_FIELDS);
	cell_is(&x->f.rows[1].cells[1], "2", 3, 3);
	assert_true(clock() - t0 < 2 * CLOCKS_PER_SEC);
	buf_free(&b);
}

static void
test_field_limit_exact(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;
	size_t i;

	/* 64 KiB is allowed, quoted with a doubled quote too. */
	buf_puts(&b, "a\n\"\"\"");
	for (i = 1; i < CSV_MAX_FIELD; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "\"\n");
	for (i = 0; i < CSV_MAX_FIELD; i++)
		buf_putc(&b, 'y');
	buf_puts(&b, "\nz\n");
	parse_n(x, b.data, b.len);
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.nrows, 3);
	assert_int_equal(x->f.rows[0].cells[0].len, CSV_MAX_FIELD);
	assert_int_equal(x->f.rows[1].cells[0].len, CSV_MAX_FIELD);
	csv_file_free(&x->f);

	/* One byte more is not; the rest of the file is not read. */
	buf_reset(&b);
	buf_puts(&b, "a\n");
	for (i = 0; i <= CSV_MAX_FIELD; i++)
		buf_putc(&b, 'y');
	buf_puts(&b, "\nz\n");
	parse_n(x, b.data, b.len);
	DIAGS(x, NULL, "t.csv:2:1: error: field is longer than 64 KiB; the "
	    "rest of the file is not read\n");
	assert_int_equal(x->f.nrows, 0);
	buf_free(&b);
}

static void
test_huge_field(void **state)
{
	struct fx *x = *state;
	size_t n = 10u * 1024 * 1024;
	char *s = malloc(n + 64);
	clock_t t0 = clock();

	assert_non_null(s);
	memcpy(s, "a,b\n1,2\n3,", 10);
	memset(s + 10, 'x', n);
	memcpy(s + 10 + n, "\n4,5\n", 5);
	parse_n(x, s, n + 15);
	assert_int_equal(x->d.n, 1);
	diag_is(&x->d, 0, 3, 3, "field is longer than 64 KiB");
	assert_int_equal(x->f.nrows, 1);
	cell_is(&x->f.rows[0].cells[1], "2", 2, 3);
	csv_file_free(&x->f);
	diag_free(&x->d);

	/* A quote that is never closed runs away the same way. */
	memcpy(s, "a,b\n1,  \"", 9);
	memset(s + 9, 'x', n);
	parse_n(x, s, n + 9);
	assert_int_equal(x->d.n, 1);
	diag_is(&x->d, 0, 2, 5, "closing quote missing");
	assert_true(clock() - t0 < 5 * CLOCKS_PER_SEC);
	free(s);
}

static void
test_error_cap(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;
	size_t i;

	buf_puts(&b, "a\n");
	for (i = 0; i < 5000; i++)
		buf_puts(&b, "\xff\n");
	parse_n(x, b.data, b.len);
	assert_int_equal(x->d.n, 101);
	diag_is(&x->d, 0, 2, 1, "invalid UTF-8 byte 0xff");
	diag_is(&x->d, 99, 101, 1, "invalid UTF-8 byte 0xff");
	diag_is(&x->d, 100, 102, 1, "too many errors");
	buf_free(&b);
}

static void
test_empty(void **state)
{
	struct fx *x = *state;

	parse(x, "");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.header.n, 0);
	assert_int_equal(x->f.nrows, 0);
	assert_int_equal(csv_column(&x->f, "id"), -1);
	csv_file_free(&x->f);

	parse(x, "\xef\xbb\xbf\n  \r\n,,\n");
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.header.n, 0);
	assert_int_equal(x->f.nrows, 0);
}

static void
test_column(void **state)
{
	struct fx *x = *state;

	parse(x, "Year, ENTITY ,\" Score \",unit\n");
	assert_int_equal(csv_column(&x->f, "year"), 0);
	assert_int_equal(csv_column(&x->f, "Entity"), 1);
	assert_int_equal(csv_column(&x->f, "score"), 2);
	assert_int_equal(csv_column(&x->f, "UNIT"), 3);
	assert_int_equal(csv_column(&x->f, "uni"), -1);
	assert_int_equal(csv_column(&x->f, "units"), -1);
	assert_int_equal(csv_column(&x->f, ""), -1);
}

static void
test_file_read(void **state)
{
	struct fx *x = *state;
	const char *s = "\xef\xbb\xbfid;v\nx;1,5\n";

	write_file(x, s, strlen(s));
	assert_int_equal(csv_read_file(x->path, &x->d, &x->f), 0);
	assert_int_equal(x->d.n, 0);
	assert_string_equal(x->f.path, x->path);
	assert_int_equal(x->f.delim, ';');
	cell_is(&x->f.header.cells[0], "id", 1, 1);
	cell_is(&x->f.rows[0].cells[1], "1,5", 2, 3);
}

/* Characters, CRLF and quoted fields that straddle the 64 KiB chunks. */
static void
test_file_chunk_boundaries(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;
	size_t pad;

	buf_puts(&b, "a,b\n");
	pad = 65535 - b.len;
	while (pad--)
		buf_putc(&b, 'x');
	/* The é starts at byte 65535, its second byte is in chunk two. */
	buf_puts(&b, "\xc3\xa9,\"q\r\n");
	while (b.len < 2 * 65536 - 1)
		buf_putc(&b, 'y');
	/* CR ends chunk two, LF starts chunk three. */
	buf_puts(&b, "\"\r\nlast,\xe2\x82\xac\n");
	write_file(x, b.data, b.len);
	assert_int_equal(csv_read_file(x->path, &x->d, &x->f), 0);
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.nrows, 2);
	assert_int_equal(x->f.rows[0].cells[0].len, 65531 + 2);
	cell_is(&x->f.rows[1].cells[1], "\xe2\x82\xac", 4, 6);
	assert_int_equal(x->f.rows[0].cells[1].line, 2);
	assert_int_equal(x->f.rows[0].cells[1].col, 65531 + 3);
	assert_int_equal(x->f.rows[0].cells[1].text[1], '\n');
	buf_free(&b);
}

/* Only regular files are read: a pipe or a FIFO is refused, never
 * waited on (a FIFO without a writer would block open() forever). */
static void
test_file_pipe(void **state)
{
	struct fx *x = *state;
	char path[64];
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
	assert_int_equal(csv_read_file(path, &x->d, &x->f), -1);
	close(fds[0]);
	close(fds[1]);
	assert_int_equal(x->d.n, 1);
	assert_int_equal(x->d.errors, 1);
	assert_non_null(strstr(x->d.v[0].msg, "FIFO"));
	csv_file_free(&x->f);

	snprintf(x->dir, sizeof x->dir, "/tmp/rapor-csv-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof x->path, "%s/fifo.csv", x->dir);
	assert_int_equal(mkfifo(x->path, 0600), 0);
	assert_int_equal(csv_read_file(x->path, &x->d, &x->f), -1);
	assert_int_equal(x->d.errors, 2);
	assert_string_equal(x->d.v[1].msg, "is a FIFO (named pipe); only "
	    "regular files are read");
	unlink(x->path);
}

static void
test_file_missing(void **state)
{
	struct fx *x = *state;

	assert_int_equal(csv_read_file("/nonexistent/rapor/x.csv", &x->d,
	    &x->f), -1);
	assert_int_equal(x->d.system, 1);
	DIAGS(x, NULL, "/nonexistent/rapor/x.csv: error: cannot open: No "
	    "such file or directory\n");
	assert_int_equal(x->f.header.n, 0);
	assert_int_equal(x->f.nrows, 0);
}

static void
test_file_directory(void **state)
{
	struct fx *x = *state;

	assert_int_equal(tmp_dir(x->dir, sizeof x->dir, "csv"), 0);
	assert_int_equal(csv_read_file(x->dir, &x->d, &x->f), -1);
	assert_int_equal(x->d.errors, 1);
	DIAGS(x, x->dir, "T: error: is a folder; only regular files are read\n");
}

static void
test_file_empty(void **state)
{
	struct fx *x = *state;

	write_file(x, "", 0);
	assert_int_equal(csv_read_file(x->path, &x->d, &x->f), 0);
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.header.n, 0);
	assert_int_equal(x->f.nrows, 0);
	csv_file_free(&x->f);

	write_file(x, "\xef\xbb\xbf", 3);
	assert_int_equal(csv_read_file(x->path, &x->d, &x->f), 0);
	assert_int_equal(x->d.n, 0);
	assert_int_equal(x->f.header.n, 0);
}

static void
test_file_too_big(void **state)
{
	struct fx *x = *state;
	int fd = tmpfile_open(x);
	clock_t t0 = clock();

	assert_int_equal(write(fd, "a,b\n", 4), 4);
	assert_int_equal(ftruncate(fd, (off_t)CSV_MAX_FILE + 1), 0);
	close(fd);
	assert_int_equal(csv_read_file(x->path, &x->d, &x->f), 0);
	assert_int_equal(x->d.errors, 1);
	DIAGS(x, x->dir, "T/data.csv: error: file is larger than 256 MiB\n");
	assert_int_equal(x->f.header.n, 0);
	assert_true(clock() - t0 < CLOCKS_PER_SEC);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_basic),
		T(test_no_final_newline_and_empty_cells),
		T(test_bom),
		T(test_semicolon_decimal_comma),
		T(test_tab),
		T(test_tab_leading_tab_is_empty_field),
		T(test_delim_detection),
		T(test_crlf),
		T(test_bare_cr),
		T(test_quoted),
		T(test_multiline_positions),
		T(test_blank_lines),
		T(test_trim),
		T(test_non_ascii_columns),
		T(test_invalid_utf8),
		T(test_nul),
		T(test_unterminated_quote),
		T(test_quote_errors_recover),
		T(test_quote_error_at_end_of_file),
		T(test_too_many_fields),
		T(test_field_limit_exact),
		T(test_huge_field),
		T(test_error_cap),
		T(test_empty),
		T(test_column),
		T(test_file_read),
		T(test_file_chunk_boundaries),
		T(test_file_pipe),
		T(test_file_missing),
		T(test_file_directory),
		T(test_file_empty),
		T(test_file_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
