/*
 * Render stage, data downloads: data/results.csv and data/results.json,
 * the tidy table of content-format.md section 4, for journalists'
 * spreadsheets and scripts.
 */
#ifndef RAPOR_RENDER_DATA_H
#define RAPOR_RENDER_DATA_H

#include "buf.h"
#include "model.h"

/*
 * Append the rows of data/results.csv for the results that keep() accepts
 * (all when keep is NULL), header first; the columns are the table in
 * render_data.c, which results.json follows too.  Numbers use '.' and
 * exactly the report's decimals whatever the language; text cells are
 * defused against spreadsheet formulas.  Lines end in LF; no byte-order
 * mark.
 */
void render_results_csv(const struct report *r, struct buf *out,
    int (*keep)(const struct result *, const void *), const void *arg);

/*
 * Append data/results.json: {"decimals": N, "results": [...]} with one
 * object per result and the CSV's fields (numbers as JSON numbers,
 * empty values as null).
 */
void render_results_json(const struct report *r, struct buf *out,
    int (*keep)(const struct result *, const void *), const void *arg);

/* The results.csv `source` word for s. */
const char *source_name(enum source s);

#endif
