/* CSV reader: see include/csv_read.h. */
#include "csv_read.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"
#include "xalloc.h"

/* Bytes handed to the parser per read(); the file is never held whole. */
#define CHUNK		(64u * 1024u)

/*
 * Hard cap on libcsv's field buffer.  The exact 64 KiB check is made on
 * the finished value; the buffer also holds a closing quote and trailing
 * blanks that are dropped later, so it gets slack before it is refused.
 * Hitting the cap means a runaway field and ends reading the file.
 */
#define FIELD_BUF_MAX	(2 * (size_t)CSV_MAX_FIELD)
#define FIELD_BUF_STEP	4096

/* Bytes of the blocks the cells' texts are cut from (text_room()). */
#define TEXT_BLOCK	(64u * 1024u)

/*
 * A binary or badly broken file would otherwise yield one error per line:
 * after this many the file is abandoned with a note saying so.
 */
#define MAX_ERRORS	100

struct reader {
	struct csv_file	*f;
	struct diags	*d;
	struct csv_parser p;
	unsigned char	 special[256];	/* bytes fed to libcsv one at a time */
	int		 started;	/* BOM and delimiter dealt with */
	int		 stop;		/* give up on the rest of the file */
	size_t		 nerr;

	/* Position of the next byte. */
	unsigned	 line, col;
	int		 after_cr;	/* last byte was CR: a line break, unless LF follows */
	unsigned	 run_col;	/* column where the current ordinary run starts */

	/* UTF-8 sequence in progress. */
	unsigned	 u_need;	/* continuation bytes still expected */
	unsigned char	 u_lo, u_hi;	/* range allowed for the next one */
	unsigned char	 u_lead;
	unsigned	 u_line, u_col;
	unsigned	 enc_line;	/* line of the last encoding error reported */

	/* The field libcsv is reading. */
	int		 in_field;
	int		 f_quoted;
	unsigned	 f_line, f_col;
	/* Position of the special byte being fed, for fields that are empty. */
	unsigned	 cur_line, cur_col;
	int		 skip_line;	/* after a quoting error, until the line ends */

	/* The row being built. */
	struct csv_cell	*cells;
	size_t		 n, cap;
	int		 toomany;	/* the field limit was hit in this row */
};

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

/* With TAB as delimiter a tab separates fields and is never trimmed. */
static int
is_space(unsigned char c)
{
	return c == ' ';
}

/*
 * libcsv grows its buffer through this; refusing makes csv_parse() stop
 * with CSV_ENOMEM, which is how a runaway field is caught with bounded
 * memory instead of buffering the rest of the file.
 */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > FIELD_BUF_MAX)
		return NULL;
	return xreallocarray(p, n, 1);
}

static void
err(struct reader *r, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
err(struct reader *r, unsigned line, unsigned col, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (r->stop)
		return;
	if (r->nerr++ == MAX_ERRORS) {
		diag(r->d, DIAG_ERROR, r->f->path, line, col,
		    "too many errors in this file; the rest is not read");
		r->stop = 1;
		return;
	}
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag(r->d, DIAG_ERROR, r->f->path, line, col, "%s", buf_str(&b));
	buf_free(&b);
}

/* One encoding error per line is enough to find the line. */
static void
bad_byte(struct reader *r, unsigned line, unsigned col, unsigned char c)
{
	if (line == r->enc_line)
		return;
	r->enc_line = line;
	if (c == 0)
		err(r, line, col, "NUL byte in file");
	else
		err(r, line, col, "invalid UTF-8 byte 0x%02x", c);
}

static void
parser_start(struct reader *r)
{
	unsigned char delim = (unsigned char)r->f->delim;

	csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&r->p, delim);
	csv_set_space_func(&r->p, delim == '\t' ? is_space : is_blank);
	csv_set_realloc_func(&r->p, capped_realloc);
	csv_set_blk_size(&r->p, FIELD_BUF_STEP);
}

/* Room for a text of n bytes and its NUL in f's blocks. */
static char *
text_room(struct csv_file *f, size_t n)
{
	char *p;

	if (n + 1 > f->room) {
		size_t size = n + 1 > TEXT_BLOCK ? n + 1 : TEXT_BLOCK;

		XGROW(&f->blocks, &f->nblocks, &f->capblocks);
		p = f->blocks[f->nblocks++] = xmalloc(size);
		if (size == n + 1)
			return p;	/* a long field's own: the block goes on */
		f->next = p;
		f->room = size;
	}
	p = f->next;
	f->next += n + 1;
	f->room -= n + 1;
	return p;
}

/* Its cells' texts stay in the file's blocks until csv_file_free(). */
static void
drop_row(struct reader *r)
{
	r->n = 0;
	r->toomany = 0;
}

static void
too_long(struct reader *r, unsigned line, unsigned col, int quoted)
{
	if (quoted)
		err(r, line, col, "quoted field is longer than %u KiB (is its "
		    "closing quote missing?); the rest of the file is not read",
		    CSV_MAX_FIELD / 1024);
	else
		err(r, line, col, "field is longer than %u KiB; the rest of "
		    "the file is not read", CSV_MAX_FIELD / 1024);
	r->stop = 1;
}

/* A quoted value keeps its line breaks, but always as LF. */
static char *
copy_quoted(struct csv_file *f, const char *s, size_t len, size_t *outlen)
{
	char *t = text_room(f, len);
	size_t i, j;

	if (memchr(s, '\r', len) == NULL) {
		*outlen = len;
		memcpy(t, s, len);
		t[len] = '\0';
		return t;
	}
	for (i = j = 0; i < len; i++) {
		if (s[i] == '\r') {
			t[j++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else
			t[j++] = s[i];
	}
	t[j] = '\0';
	*outlen = j;
	return t;
}

static void
on_field(void *s, size_t len, void *arg)
{
	struct reader *r = arg;
	struct csv_cell *c;
	const char *text = s ? s : "";
	unsigned line = r->cur_line, col = r->cur_col;
	int quoted = 0;

	/* An empty unquoted field starts where its terminator is. */
	if (r->in_field) {
		line = r->f_line;
		col = r->f_col;
		quoted = r->f_quoted;
	}
	r->in_field = 0;
	if (r->stop || r->toomany)
		return;
	if (len > CSV_MAX_FIELD) {
		too_long(r, line, col, quoted);
		return;
	}
	if (r->n == CSV_MAX_FIELDS) {
		err(r, line, col, "row has more than %u fields; the rest of "
		    "the row is ignored", CSV_MAX_FIELDS);
		r->toomany = 1;
		return;
	}
	XGROW(&r->cells, &r->n, &r->cap);
	c = &r->cells[r->n++];
	if (quoted)
		c->text = copy_quoted(r->f, text, len, &c->len);
	else {
		c->text = text_room(r->f, len);
		memcpy(c->text, text, len);
		c->text[len] = '\0';
		c->len = len;
	}
	c->line = line;
	c->col = col;
	c->quoted = quoted;
}

static void
on_row(int term, void *arg)
{
	struct reader *r = arg;
	struct csv_file *f = r->f;
	struct csv_row row;
	size_t i;

	(void)term;
	r->in_field = 0;
	if (r->stop) {
		drop_row(r);
		return;
	}
	/* Spreadsheets export trailing ",,," lines: they are blank lines. */
	for (i = 0; i < r->n && r->cells[i].len == 0; i++)
		continue;
	if (i == r->n) {
		drop_row(r);
		return;
	}
	/* Exact size: r->cells is reused, rows live as long as the file. */
	row.cells = xreallocarray(NULL, r->n, sizeof *row.cells);
	memcpy(row.cells, r->cells, r->n * sizeof *row.cells);
	row.n = r->n;
	row.line = r->cells[0].line;
	r->n = 0;
	r->toomany = 0;
	if (f->header.n == 0)
		f->header = row;
	else {
		XGROW(&f->rows, &f->nrows, &f->cap);
		f->rows[f->nrows++] = row;
	}
}

/*
 * libcsv refused the byte at line:col.  A quoting error loses the rest of
 * the row; the parser starts afresh on the next line so that later rows
 * are still checked.
 */
static void
parse_error(struct reader *r, unsigned line, unsigned col)
{
	if (csv_error(&r->p) != CSV_EPARSE) {
		too_long(r, r->in_field ? r->f_line : line,
		    r->in_field ? r->f_col : col, r->in_field && r->f_quoted);
		return;
	}
	if (r->in_field && r->f_quoted)
		err(r, line, col, "unexpected character after closing quote "
		    "(a quote inside a quoted field is written twice: \"\")");
	else
		err(r, line, col, "quote inside an unquoted field (quote the "
		    "whole field and write the quote twice: \"\")");
	drop_row(r);
	csv_free(&r->p);
	parser_start(r);
	r->in_field = 0;
	r->skip_line = 1;
}

/* A sequence cut short is reported at its first byte. */
static void
utf8_abort(struct reader *r)
{
	r->u_need = 0;
	bad_byte(r, r->u_line, r->u_col, r->u_lead);
}

/* Validate one byte that is not plain ASCII (or ends a sequence early). */
static void
utf8_byte(struct reader *r, unsigned char c)
{
	if (r->u_need) {
		if (c >= r->u_lo && c <= r->u_hi) {
			r->u_need--;
			r->u_lo = 0x80;
			r->u_hi = 0xbf;
			return;
		}
		utf8_abort(r);
	}
	if (c < 0x80) {
		if (c == 0)
			bad_byte(r, r->line, r->col, c);
		r->col++;
		return;
	}
	/* The ranges exclude overlong forms, surrogates and > U+10FFFF. */
	r->u_lead = c;
	r->u_line = r->line;
	r->u_col = r->col;
	r->u_lo = 0x80;
	r->u_hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		r->u_need = 1;
	else if (c == 0xe0) {
		r->u_need = 2;
		r->u_lo = 0xa0;
	} else if (c == 0xed) {
		r->u_need = 2;
		r->u_hi = 0x9f;
	} else if (c >= 0xe1 && c <= 0xef)
		r->u_need = 2;
	else if (c == 0xf0) {
		r->u_need = 3;
		r->u_lo = 0x90;
	} else if (c >= 0xf1 && c <= 0xf3)
		r->u_need = 3;
	else if (c == 0xf4) {
		r->u_need = 3;
		r->u_hi = 0x8f;
	} else
		bad_byte(r, r->line, r->col, c);
	r->col++;
}

/* Feed a run of bytes that cannot end a field or a row. */
static void
flush_run(struct reader *r, const unsigned char *s, size_t n)
{
	size_t k;

	if (r->skip_line)
		return;
	k = csv_parse(&r->p, s, n, on_field, on_row, r);
	/*
	 * Inside a run libcsv only refuses a byte after a closing quote and
	 * blanks, so the k bytes before it are one column each.
	 */
	if (k < n)
		parse_error(r, r->line, r->run_col + (unsigned)k);
}

/*
 * Feed one delimiter, quote, CR or LF on its own, so that whatever libcsv
 * does (end a field, end a row, refuse the byte) happens at a known
 * position.
 */
static void
special(struct reader *r, unsigned char c)
{
	unsigned line = r->line, col = r->col;

	if (r->u_need)
		utf8_abort(r);
	if (c == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
		if (c == '\r')
			r->after_cr = 1;
	}
	if (r->skip_line) {
		if (c == '\n' || c == '\r')
			r->skip_line = 0;
		return;
	}
	if (!r->in_field && c == '"') {
		r->in_field = 1;
		r->f_quoted = 1;
		r->f_line = line;
		r->f_col = col;
	}
	r->cur_line = line;
	r->cur_col = col;
	if (csv_parse(&r->p, &c, 1, on_field, on_row, r) != 1)
		parse_error(r, line, col);
}

/*
 * Count ',', ';' and TAB outside quotes in the first line that holds
 * anything but blanks and delimiters (the header); the most frequent one
 * wins, and ',' unless one is strictly ahead.
 */
static char
detect_delim(const unsigned char *s, size_t n)
{
	size_t i, nc = 0, ns = 0, nt = 0;
	int inq = 0, content = 0;

	for (i = 0; i < n; i++) {
		if (inq) {
			/* A doubled quote closes and reopens: no harm. */
			if (s[i] == '"')
				inq = 0;
			continue;
		}
		switch (s[i]) {
		case '"':
			inq = content = 1;
			break;
		case ',':
			nc++;
			break;
		case ';':
			ns++;
			break;
		case '\t':
			nt++;
			break;
		case ' ':
		case '\r':
			break;
		case '\n':
			if (content)
				goto done;
			nc = ns = nt = 0;
			break;
		default:
			content = 1;
			break;
		}
	}
done:
	if (ns > nc && ns > nt)
		return ';';
	if (nt > nc && nt > ns)
		return '\t';
	return ',';
}

static void
begin(struct reader *r, const unsigned char **s, size_t *n)
{
	unsigned char delim;

	if (*n >= 3 && memcmp(*s, "\xef\xbb\xbf", 3) == 0) {
		*s += 3;
		*n -= 3;
	}
	delim = (unsigned char)detect_delim(*s, *n);
	r->f->delim = (char)delim;
	csv_set_delim(&r->p, delim);
	csv_set_space_func(&r->p, delim == '\t' ? is_space : is_blank);
	r->special[delim] = 1;
	r->started = 1;
}

/*
 * Feed the next n bytes of the file.  Every byte is checked for UTF-8
 * and counted for positions, including bytes skipped after an error.
 * The first call must see the first three bytes (for the BOM) and as much
 * of the header as there is.
 */
static void
reader_feed(struct reader *r, const unsigned char *s, size_t n)
{
	size_t i, run = 0;
	int inrun = 0;

	if (n == 0)
		return;
	if (!r->started)
		begin(r, &s, &n);
	for (i = 0; i < n && !r->stop; i++) {
		unsigned char c = s[i];

		if (r->after_cr) {
			r->after_cr = 0;
			if (c != '\n') {
				r->line++;
				r->col = 1;
			}
		}
		if (r->special[c]) {
			if (inrun) {
				inrun = 0;
				flush_run(r, s + run, i - run);
				if (r->stop)
					break;
			}
			special(r, c);
			continue;
		}
		if (!inrun) {
			inrun = 1;
			run = i;
			r->run_col = r->col;
		}
		if (!r->in_field && !r->skip_line && !is_blank(c)) {
			r->in_field = 1;
			r->f_quoted = 0;
			r->f_line = r->line;
			r->f_col = r->col;
		}
		if (c < 0x80 && c != 0 && !r->u_need)
			r->col++;
		else
			utf8_byte(r, c);
	}
	if (inrun && !r->stop)
		flush_run(r, s + run, i - run);
}

static void
reader_finish(struct reader *r)
{
	if (!r->stop && r->u_need)
		utf8_abort(r);
	if (!r->stop) {
		r->cur_line = r->line;
		r->cur_col = r->col;
		if (csv_fini(&r->p, on_field, on_row, r) != 0)
			err(r, r->f_line, r->f_col,
			    "quoted field is never closed (opened here)");
	}
	drop_row(r);
}

static void
reader_init(struct reader *r, struct csv_file *f, struct diags *d)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->d = d;
	r->line = r->col = 1;
	r->special['"'] = r->special['\r'] = r->special['\n'] = 1;
	parser_start(r);
}

static void
reader_free(struct reader *r)
{
	drop_row(r);
	free(r->cells);
	csv_free(&r->p);
}

static void
file_init(struct csv_file *f, const char *path)
{
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->delim = ',';
}

static void
too_big(struct diags *d, const char *path)
{
	diag(d, DIAG_ERROR, path, 0, 0, "file is larger than %zu MiB",
	    CSV_MAX_FILE / (1024 * 1024));
}

int
csv_read_file(const char *path, struct diags *d, struct csv_file *out)
{
	struct reader r;
	struct stat st;
	unsigned char *chunk;
	size_t total = 0;
	ssize_t n;
	int fd, rc = -1;

	file_init(out, path);
	if ((fd = file_open(path, NULL, d)) < 0) {
		if (fd == -2)
			diag_sys(d, path, "cannot open", ENOENT);
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		diag_sys(d, path, "cannot read", errno);
		close(fd);
		return -1;
	}
	/* Refuse a huge regular file before reading any of it. */
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CSV_MAX_FILE) {
		too_big(d, path);
		close(fd);
		return 0;
	}
	reader_init(&r, out, d);
	chunk = xmalloc(CHUNK);
	for (;;) {
		/* Whole chunks, so that the first holds the BOM and the header
		 * and a pipe's short reads are merged. */
		if ((n = fd_read_full(fd, chunk, CHUNK)) == -1) {
			diag_sys(d, path, "cannot read", errno);
			goto out;
		}
		if (n == 0)
			break;
		/* A pipe has no size up front: stop where it crosses the limit. */
		if ((size_t)n > CSV_MAX_FILE - total) {
			reader_feed(&r, chunk, CSV_MAX_FILE - total);
			err(&r, r.line, r.col, "file is larger than %zu MiB; "
			    "the rest is not read", CSV_MAX_FILE / (1024 * 1024));
			r.stop = 1;
			break;
		}
		total += (size_t)n;
		reader_feed(&r, chunk, (size_t)n);
		if (r.stop || (size_t)n < CHUNK)
			break;
	}
	reader_finish(&r);
	rc = 0;
out:
	reader_free(&r);
	free(chunk);
	close(fd);
	return rc;
}

int
csv_read_mem(const char *name, const char *data, size_t len,
    struct diags *d, struct csv_file *out)
{
	struct reader r;

	file_init(out, name);
	if (len > CSV_MAX_FILE) {
		too_big(d, name);
		return 0;
	}
	reader_init(&r, out, d);
	reader_feed(&r, (const unsigned char *)data, len);
	reader_finish(&r);
	reader_free(&r);
	return 0;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
csv_column(const struct csv_file *f, const char *name)
{
	size_t i, j, nlen = strlen(name);

	for (i = 0; i < f->header.n; i++) {
		const struct csv_cell *c = &f->header.cells[i];
		const char *t = c->text;
		size_t len = c->len;

		/* Quoted header cells are not trimmed by the parser. */
		while (len > 0 && is_blank((unsigned char)*t)) {
			t++;
			len--;
		}
		while (len > 0 && is_blank((unsigned char)t[len - 1]))
			len--;
		if (len != nlen)
			continue;
		for (j = 0; j < len; j++)
			if (lower((unsigned char)t[j]) !=
			    lower((unsigned char)name[j]))
				break;
		if (j == len)
			return (int)i;
	}
	return -1;
}

static void
row_free(struct csv_row *row)
{
	free(row->cells);
	row->cells = NULL;
	row->n = 0;
}

void
csv_file_free(struct csv_file *f)
{
	size_t i;

	if (f == NULL)
		return;
	row_free(&f->header);
	for (i = 0; i < f->nrows; i++)
		row_free(&f->rows[i]);
	free(f->rows);
	for (i = 0; i < f->nblocks; i++)
		free(f->blocks[i]);
	free(f->blocks);
	free(f->path);
	memset(f, 0, sizeof *f);
}
