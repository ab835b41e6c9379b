/*
 * Load stage, CSV: reads one CSV file of the content folder into rows of
 * cells, each cell carrying the line and column where it starts in the
 * source file.  Implements section 1 of the content format: libcsv in
 * strict mode fed in chunks, byte-order mark, delimiter detection from
 * the header row (',' ';' TAB), LF/CRLF, RFC 4180 quoting, blank lines,
 * trimming of unquoted fields, UTF-8 validation and the size limits.
 * It knows nothing about what the columns mean (that is load.c's job).
 */
#ifndef RAPOR_CSV_READ_H
#define RAPOR_CSV_READ_H

#include <stddef.h>

#include "diag.h"

#define CSV_MAX_FIELD	(64u * 1024u)		/* bytes in one field */
#define CSV_MAX_FIELDS	512u			/* fields in one row */
#define CSV_MAX_FILE	((size_t)256 * 1024 * 1024)	/* bytes in one file */

struct csv_cell {
	char		*text;	/* field contents, unquoted and trimmed, NUL-terminated
				   (in its file's blocks) */
	size_t		 len;	/* bytes in text */
	unsigned	 line;	/* 1-based line where the field starts */
	unsigned	 col;	/* 1-based column (in characters) where the field starts */
	int		 quoted; /* nonzero if the field was quoted in the source */
};

struct csv_row {
	struct csv_cell	*cells;	/* the row's fields in source order (owned) */
	size_t		 n;	/* number of fields */
	unsigned	 line;	/* line where the row starts */
};

struct csv_file {
	char		*path;	/* path used in diagnostics (owned) */
	char		 delim;	/* detected delimiter: ',', ';' or '\t' */
	struct csv_row	 header; /* the first non-blank row; n == 0 if the file is empty */
	struct csv_row	*rows;	/* data rows after the header, blank rows skipped (owned) */
	size_t		 nrows;	/* number of data rows */
	size_t		 cap;	/* capacity of rows */
	char		**blocks; /* what the cells' texts are cut from, so
				   that a national scores.csv's 170,000 cells
				   are not as many allocations (owned) */
	size_t		 nblocks, capblocks;
	char		*next;	/* free bytes of the last block */
	size_t		 room;	/* how many */
};

/*
 * Read the file at path, naming it path in diagnostics.  Content problems
 * (bad quoting, invalid UTF-8, NUL bytes, limits) are recorded in d as
 * errors with their positions; reading goes on after a problem wherever
 * the rest of the file can still be read, so one run reports them all.
 * Returns 0 when the file was read (possibly with errors recorded), -1
 * when it could not be opened or read (a DIAG_SYSTEM entry is recorded).
 * *out is always initialised and must be freed with csv_file_free().
 */
int csv_read_file(const char *path, struct diags *d, struct csv_file *out);

/* As csv_read_file(), on len bytes at data, named name in diagnostics. */
int csv_read_mem(const char *name, const char *data, size_t len,
    struct diags *d, struct csv_file *out);

/*
 * Index of the header column called name (compared case-insensitively,
 * header cells already trimmed), or -1 when there is none.
 */
int csv_column(const struct csv_file *f, const char *name);

/* Free everything f owns; f may be zeroed or partly filled. */
void csv_file_free(struct csv_file *f);

#endif
