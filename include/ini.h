/*
 * The one INI line reader, for site.ini and the interface strings files
 * (templates/lang/<language>.ini), so that both follow the same rules
 * (docs/content-format.md, "site.ini"):
 *
 *  - UTF-8; a byte-order mark at the start is skipped; lines end in LF
 *    or CRLF, the last one may lack it;
 *  - blanks (space, TAB, CR) around names and values are trimmed;
 *  - a line whose first character after blanks is ';' or '#' is a
 *    comment, and so is a blank line;
 *  - "[name]" starts a section, in files that have sections; text after
 *    the ']' is ignored;
 *  - "key = value": only the first '=' separates, so a value may hold
 *    '=';
 *  - in a value, ';' right after a blank starts a comment ("x ; note"),
 *    while one after other text ("a; b") and '#' anywhere are text;
 *  - a value that starts and ends with a double quote loses the quotes
 *    and keeps what is between them, blanks and ';' included.
 *
 * Lines that break the rules are reported at FILE:LINE:COLUMN (columns
 * count characters) and skipped: a NUL byte, invalid UTF-8, a section
 * header without its ']', a line with no '=' and a missing key.
 */
#ifndef RAPOR_INI_H
#define RAPOR_INI_H

#include <stddef.h>

#include "diag.h"

/* A reader over one file's text; see ini_start(). */
struct ini_reader {
	const char	*path;	/* the file, in diagnostics */
	const char	*p;	/* the next line */
	const char	*end;	/* end of the text */
	unsigned	 line;	/* number of the next line, 1-based */
	int		 sections; /* nonzero: "[name]" lines are sections */
	struct diags	*d;	/* where errors go */
};

enum ini_kind {
	INI_SECTION,	/* "[name]" */
	INI_KEY		/* "key = value" */
};

/* One meaningful line; its pointers point into the text being read. */
struct ini_line {
	enum ini_kind	 kind;	/* what the line holds */
	unsigned	 line;	/* its number, 1-based */
	unsigned	 col;	/* column of the '[' or of the key */
	const char	*name;	/* the section name or the key, trimmed */
	size_t		 nlen;	/* bytes at name */
	const char	*val;	/* INI_KEY: the value, trimmed, without its
				   comment and quotes; not NUL-terminated */
	size_t		 vlen;	/* bytes at val */
	unsigned	 vcol;	/* INI_KEY: column of the value (after its
				   opening quote) */
};

/*
 * Start reading the len bytes at text (which need not be
 * NUL-terminated and must outlive the reader), naming path in
 * diagnostics, which go to d.  With sections zero, a line starting
 * with '[' is read like any other, and a line without '=' is reported
 * as "expected 'key = value'" rather than "... or '[section]'".
 */
void ini_start(struct ini_reader *r, const char *path, const char *text,
    size_t len, int sections, struct diags *d);

/*
 * The next section header or key into *out: 1, or 0 at the end of the
 * text.  Comments and blank lines are passed over; broken lines are
 * reported (DIAG_ERROR in r->d) and passed over too, so a caller counts
 * its errors by d->errors.
 */
int ini_next(struct ini_reader *r, struct ini_line *out);

#endif
