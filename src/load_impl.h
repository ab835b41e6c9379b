/*
 * Internal to the load stage (load.c, load_releases.c): the state of one
 * CSV file's loader and the cell checks every file shares, so that the
 * release files are read by the same conventions as the six files of
 * the content (columns by name, positions, messages).
 */
#ifndef RAPOR_LOAD_IMPL_H
#define RAPOR_LOAD_IMPL_H

#include <stddef.h>

#include "csv_read.h"
#include "decimal.h"
#include "diag.h"
#include "model.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct col {
	const char	*name;	/* column name */
	int		 required; /* nonzero: missing is an error */
	int		 idx;	/* header index, or -1 (filled by load_columns) */
};

/* Everything one CSV file's loader needs at hand. */
struct ctx {
	struct report	*r;
	struct diags	*d;
	const char	*path;	/* report-owned path for srcpos and diagnostics */
	size_t		 errors; /* errors recorded while loading */
	unsigned	 broken; /* FILE_* bits: files that could not be read as a table */
};

/* An error at cell (its line and column) of c->path; counted in c->errors. */
void load_err(struct ctx *c, const struct csv_cell *cell, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A copy of the text of cell x, a name shown on the pages (what says
 * which), with a warning for characters that hide or reorder text. */
char *load_shown(struct ctx *c, const struct csv_cell *x, const char *what);

/*
 * Find the columns of f; report missing required ones (error), unknown
 * ones (warning, unless is_extra accepts them) and repeated ones (error).
 * Unknown names are compared with the columns and the nextra names in
 * extra for a suggestion.  Returns -1 when a required column is missing.
 */
int load_columns(struct ctx *c, const struct csv_file *f, struct col *cols,
    size_t ncols, int (*is_extra)(struct ctx *, const char *),
    const char *const *extra, size_t nextra);

/*
 * The cell of row in column idx; a column the row is too short for reads
 * as an empty cell (in *tmp) positioned just after the row's last field.
 */
const struct csv_cell *load_cell(const struct csv_row *row, int idx,
    struct csv_cell *tmp);

/* A row with non-empty cells beyond the header is an error. */
void load_check_width(struct ctx *c, const struct csv_file *f,
    const struct csv_row *row);

/* A required id cell (what names it): 0, or -1 when empty or not an id. */
int load_need_id(struct ctx *c, const struct csv_cell *x, const char *what);

/* A number cell into *out: 0, or -1 when it is not one (reported). */
int load_need_number(struct ctx *c, const struct csv_cell *x,
    const char *what, struct dec *out);

/* A year 1900-2999 of n characters at s into *out: 0, or -1. */
int load_parse_year(const char *s, size_t n, int *out);

/* dir/rel as a path kept by the report (for srcpos.file). */
const char *load_add_path(struct report *r, const char *dir, const char *rel);

/*
 * The releases/ folder of the content (section 6), if there is one:
 * every releases/<date>.csv into r->releases, by date, validated with
 * the CSV rules; other names are warnings.  Notes (<date>.md) are the
 * docset's (load_md.c).
 */
void load_releases(struct ctx *c);

#endif
