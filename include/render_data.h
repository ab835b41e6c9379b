/*
 * Render stage, data downloads: data/results.csv and data/results.json,
 * the tidy table of content-format.md section 4, for journalists'
 * spreadsheets and scripts, and data/aspect-values.csv, the aspect
 * values behind the unit scores, so that every figure of the site can
 * be recomputed from the downloads alone.
 */
#ifndef RAPOR_RENDER_DATA_H
#define RAPOR_RENDER_DATA_H

#include <stddef.h>

#include "buf.h"
#include "model.h"

/*
 * Which rows of data/results.csv a download holds: those of one year (or
 * every year, 0), of one entity (or every entity, NONE) and, with an
 * entity, of one unit only (or the entity's own row and all its units,
 * NONE).  A NULL selection is every row.
 */
struct rowsel {
	int	 year;		/* the year, or 0 for every year */
	size_t	 entity;	/* index into report.entities, or NONE for every entity */
	size_t	 unit;		/* with an entity: index into report.units of the
				   one unit, or NONE for the entity and its units */
};

/*
 * Append the rows of data/results.csv that sel selects, header first:
 * the results and the units assessed but not released (source
 * not-released, their figures empty), in the order of section 4.  The
 * columns are the table in render_data.c, which results.json follows
 * too.  Numbers use '.' and exactly the report's decimals whatever the
 * language; text cells are defused against spreadsheet formulas.  Lines
 * end in LF; no byte-order mark.
 */
void render_results_csv(const struct report *r, struct buf *out,
    const struct rowsel *sel);

/*
 * Append data/results.json for the rows sel selects: {"decimals": N,
 * the scoring rules, the zones and the categories of the years shown,
 * "results": [...]} with one object per row and the CSV's fields
 * (numbers as JSON numbers, empty values as null), each holding its
 * aspect values in "aspects" (empty for an entity's row).
 */
void render_results_json(const struct report *r, struct buf *out,
    const struct rowsel *sel);

/*
 * Append data/aspect-values.csv: year,entity,unit,aspect,aspect_name,
 * weight,value, one row per unit, year and aspect that has a value, in
 * the order of results.csv and then of aspects.csv; weight and value as
 * given (not rounded), with '.'.
 */
void render_aspects_csv(const struct report *r, struct buf *out);

/*
 * Append data/revisions.csv (section 6): release,year,entity,entity_name,
 * unit,unit_name,change,old_score,new_score,old_category,new_category,
 * old_zone,new_zone, one row per revision of r->revisions: by release
 * date, then in the order of results.csv; the changes not yet released
 * last, with an empty release.
 */
void render_revisions_csv(const struct report *r, struct buf *out);

/* The report-wide downloads render_download() makes. */
enum download {
	DOWNLOAD_RESULTS_CSV,	/* render_results_csv() */
	DOWNLOAD_RESULTS_JSON,	/* render_results_json() */
	DOWNLOAD_ASPECTS_CSV	/* render_aspects_csv() (every row) */
};

/* Takes the next len bytes of a download; returns 0, or -1 to fail it. */
typedef int download_put(void *arg, const void *data, size_t len);

/* About how many bytes render_download() hands to put at a time. */
#define DOWNLOAD_PIECE	(256 * 1024)

/*
 * Make the download what of the rows sel selects, byte for byte the file
 * its render_*() function makes, but handed to put(arg, ...) in order a
 * piece at a time as the rows are written (b, emptied first, holds the
 * piece being made; left empty): so that a report-wide download is never
 * held whole in memory.  Returns 0, or -1 when put failed (the rest is
 * then made but not handed on).
 */
int render_download(const struct report *r, enum download what,
    const struct rowsel *sel, struct buf *b, download_put *put, void *arg);

/*
 * A download of rows (DOWNLOAD_RESULTS_*) is three parts, in order: what
 * comes before the first row (the header line; in JSON the scheme and
 * '"results":['), the rows, and what comes after the last (in JSON
 * "\n]}\n"; nothing in CSV).  The rows of the download of every row are
 * those of each year's, joined in the order of r->years (in JSON with a
 * ',' before a year's rows when rows came before): so the report-wide
 * files can be made from the years' files rather than from the rows.
 */
enum download_part {
	PART_WHOLE,	/* the whole file: render_download() */
	PART_HEAD,	/* before the first row */
	PART_ROWS,	/* the rows (in JSON each after a newline, the first
			   without a ',' before it) */
	PART_TAIL	/* after the last row */
};

/* As render_download(), of part of the file only (for
 * DOWNLOAD_ASPECTS_CSV, PART_WHOLE only). */
int render_download_part(const struct report *r, enum download what,
    enum download_part part, const struct rowsel *sel, struct buf *b,
    download_put *put, void *arg);

/* The files render_column() describes. */
enum data_table {
	TABLE_RESULTS,		/* data/results.csv */
	TABLE_ASPECTS,		/* data/aspect-values.csv */
	TABLE_REVISIONS		/* data/revisions.csv */
};

/* The name of column i of table t (in order), or NULL past the last. */
const char *render_column(enum data_table t, size_t i);

/* The results.csv `source` word for s. */
const char *source_name(enum source s);

#endif
