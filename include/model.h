/*
 * The model: plain structs for one report's content, filled by the load
 * stage (load.c) and completed by the compute stage (compute.c).  Nothing
 * here knows about HTML or files; every scheme (zones, categories,
 * aspects, scale, rounding) comes from the content, never from code.
 *
 * Ownership: a struct report owns everything reachable from it; free it
 * with report_free().  Cross references are indices into the report's
 * arrays (stable after loading), never pointers.
 */
#ifndef RAPOR_MODEL_H
#define RAPOR_MODEL_H

#include <stddef.h>

#include "decimal.h"

#define NONE ((size_t)-1)	/* an index that refers to nothing */

/* Where a record came from, for diagnostics that point back at it. */
struct srcpos {
	const char	*file;	/* path as given on the command line (not owned: static or report-owned) */
	unsigned	 line;	/* 1-based line of the record's first field */
	unsigned	 col;	/* 1-based column of the record's first field */
};

/* A `years` cell: empty (all years), one year, ranges, or a list of them. */
struct yearset {
	int	  all;		/* nonzero: applies to every year */
	int	(*ranges)[2];	/* inclusive [from, to] pairs (owned) */
	size_t	  n;		/* number of ranges */
};

enum lang {
	LANG_ID,	/* Indonesian: "89,45", "30 Oktober 2024" */
	LANG_EN		/* English: "89.45", "30 October 2024" */
};

enum unit_rule {
	UNIT_WEIGHTED_MEAN,	/* unit score = sum(w*v) / sum(w) over the year's aspects */
	UNIT_SUM		/* unit score = sum(v): aspect values are already weighted */
};

/* site.ini */
struct site {
	char		*title;		/* [site] title (owned) */
	char		*description;	/* [site] description (owned, may be "") */
	char		*base_url;	/* [site] base_url with a trailing '/', or NULL (owned) */
	enum lang	 language;	/* [site] language */
	char		*publisher;	/* [site] publisher (owned, may be "") */
	char		*source_url;	/* [site] source_url: the office's own page of
					   the figures, shown beside the citation;
					   NULL when unset (owned) */
	char		*source_name;	/* [site] source_name: that page's name, or ""
					   (owned) */
	struct dec	 scale_min;	/* [scoring] scale_min: lowest valid score */
	struct dec	 scale_max;	/* [scoring] scale_max: highest valid score */
	int		 decimals;	/* [scoring] decimals shown and rounded to (0..9) */
	enum rounding	 rounding;	/* [scoring] rounding */
	enum unit_rule	 unit_rule;	/* [scoring] unit */
};

/* zones.csv: a colour band; the array order is best to worst. */
struct zone {
	char		*id;	/* id, e.g. "hijau" (owned) */
	char		*name;	/* shown name, e.g. "Zona Hijau" (owned) */
	char		*color;	/* "#rrggbb" (owned) */
	struct srcpos	 pos;	/* the row in zones.csv */
};

/* categories.csv: a score range of some years. */
struct category {
	struct yearset	 years;	/* years the category applies to */
	char		*code;	/* short code, e.g. "A" (owned) */
	char		*name;	/* e.g. "Kualitas Tertinggi" (owned) */
	struct dec	 min;	/* lowest score in the category */
	size_t		 zone;	/* index into report.zones */
	struct srcpos	 pos;	/* the row in categories.csv */
};

/* aspects.csv: an assessed aspect/dimension of some years. */
struct aspect {
	struct yearset	 years;	/* years the aspect is assessed */
	char		*id;	/* id, also the column name in scores.csv (owned) */
	char		*name;	/* shown name (owned) */
	struct dec	 weight; /* positive weight */
	struct srcpos	 pos;	/* the row in aspects.csv */
};

/* entities.csv: an assessed body.  The array is sorted by id. */
struct entity {
	char		*id;	/* id, also its URL segment (owned) */
	char		*name;	/* shown name (owned) */
	char		*kind;	/* ranking group, compared exactly (owned) */
	char		*parent_id; /* parent's id as written, or NULL (owned) */
	size_t		 parent; /* index into report.entities, or NONE */
	struct srcpos	 pos;	/* the row in entities.csv */
};

/* units.csv: an assessed unit of an entity.  Sorted by (entity id, id). */
struct unit {
	size_t		 entity; /* index into report.entities */
	char		*id;	/* id, unique within the entity (owned) */
	char		*name;	/* shown name (owned) */
	char		*kind;	/* optional label such as "OPD", or NULL (owned) */
	struct srcpos	 pos;	/* the row in units.csv */
};

/* scores.csv: one row as given. */
struct score_row {
	int		 year;	/* the year, 1900..2999 */
	size_t		 entity; /* index into report.entities */
	size_t		 unit;	/* index into report.units, or NONE for an entity total */
	int		 has_score; /* nonzero when the score cell was filled */
	struct dec	 score;	/* the score cell as written (unrounded) */
	struct dec	*values; /* per aspect (index into report.aspects) value (owned, naspects long) */
	unsigned char	*has_value; /* per aspect: nonzero when that cell was filled (owned) */
	struct srcpos	 pos;	/* the row in scores.csv */
};

/* One edition: a year that has scores. */
struct year {
	int		 year;	/* the year */
	size_t		*cats;	/* indices into report.categories, highest min first (owned) */
	size_t		 ncats;	/* number of categories this year */
	size_t		*aspects; /* indices into report.aspects assessed this year, file order (owned) */
	size_t		 naspects; /* number of aspects this year */
	int		 scheme_changed; /* nonzero: categories or aspects differ from the previous edition */
};

/* Where a result's score comes from (data/results.csv `source`). */
enum source {
	SRC_PUBLISHED,	/* an entity total given in scores.csv */
	SRC_MEAN,	/* an entity total computed as the mean of its units */
	SRC_GIVEN,	/* a unit score given in scores.csv */
	SRC_COMPUTED,	/* a unit score computed from its aspects */
	SRC_NOT_RELEASED /* assessed, score not released: an empty unit row of
			   scores.csv, or a body with only such units */
};

/*
 * A computed result: one per entity and year and one per unit and year.
 * The report's array is sorted by year, entity id, the entity's own
 * result first, then its units by id: the order of data/results.csv.
 */
struct result {
	int		 year;	/* the year */
	size_t		 entity; /* index into report.entities */
	size_t		 unit;	/* index into report.units, or NONE for the entity's result */
	size_t		 row;	/* index into report.scores, or NONE for a mean without a row */
	enum source	 source; /* where score comes from */
	struct dec	 score;	/* the rounded score: what is shown, ranked and categorised */
	int		 has_mean; /* entity: nonzero when it has units with scores this year */
	struct dec	 mean;	/* entity: the rounded mean of its units' rounded scores */
	size_t		 nunits; /* entity: how many unit scores the mean is taken over */
	int		 mean_differs; /* entity: published total and mean both exist and differ */
	int		 aspects_differ; /* unit: its given score differs from its aspects' */
	struct dec	 aspects_score; /* unit, when aspects_differ: the rounded score its aspects give */
	size_t		 category; /* index into report.categories */
	size_t		 zone;	/* index into report.zones (the category's) */
	unsigned	 rank;	/* competition rank within kind (entity) or within entity (unit) */
	unsigned	 rank_of; /* how many are ranked in that group */
	unsigned	 parent_rank; /* entity with a parent: rank among the parent's children; else 0 */
	unsigned	 parent_rank_of; /* size of that group; 0 when there is none */
	int		 has_change; /* nonzero when an earlier year has a result */
	int		 prev_year; /* that earlier year, when has_change */
	struct dec	 change; /* score minus the earlier year's score */
};

/*
 * One figure of a release: a row of data/results.csv as it was published
 * (releases/<date>.csv, section 6), or as the current data has it.  Only
 * what a correction is about is kept: which row, its score, category and
 * zone, and the names to show it by.
 */
struct release_row {
	int		 year;	/* the year */
	char		*entity; /* the entity id as written (owned) */
	char		*entity_name; /* its name as published, or "" (owned) */
	char		*unit;	/* the unit id, "" for the entity's own row (owned) */
	char		*unit_name; /* its name as published, or "" (owned) */
	int		 has_score; /* nonzero: a score (else not released) */
	struct dec	 score;	/* the score, compared by value */
	char		*score_text; /* the score as written, '.' decimal mark, or "" (owned) */
	char		*category; /* category code, "" for none; NULL: the file
				      has no category column, nothing to compare (owned) */
	char		*category_name; /* the category's name as published, or "" (owned) */
	char		*zone;	/* zone id, "" for none; NULL as category (owned) */
	unsigned	 line;	/* its line in the release file; 0 for the current data */
};

/* releases/<date>.csv: the figures as published on that date. */
struct release {
	int		 date;	/* yyyymmdd, from the file name */
	const char	*file;	/* its path (one of report.paths) */
	char		*bytes;	/* the file as read, published as data/releases/<date>.csv (owned) */
	size_t		 len;	/* bytes in bytes */
	struct release_row *rows; /* its rows sorted as results.csv: year, entity id,
				     the entity's own row first, unit id (owned) */
	size_t		 nrows;	/* number of rows */
};

/* What a revision did to a row. */
enum change_kind {
	CHANGE_ADDED,		/* a row the release before did not have */
	CHANGE_REMOVED,		/* a row the release before had */
	CHANGE_CORRECTED	/* its score, category or zone changed (or it was
				   released or withdrawn) */
};

/*
 * A change of one figure between a release and the one before it, or
 * between the latest release and the current data (not yet released).
 * Rank or change figures that move because another row was corrected are
 * not changes (section 6).
 */
struct revision {
	size_t		 release; /* index into report.releases of the release
				     that made it; NONE: the current data, not yet released */
	enum change_kind change; /* added, removed or corrected */
	size_t		 old_row; /* index into the rows of the release before
				     (the latest one for the current data); NONE when added */
	size_t		 new_row; /* index into the rows of releases[release]
				     (report.current for NONE); NONE when removed */
	int		 year;	/* the row's year */
	size_t		 entity; /* index into report.entities; NONE when the current data has no such entity */
	size_t		 unit;	/* index into report.units; NONE for an entity's
				   row, and for a unit the current data does not know */
	int		 is_unit; /* nonzero: a unit's row (unit may still be NONE) */
};

struct report {
	char		*dir;	/* content folder as given (owned) */
	struct site	 site;	/* site.ini */
	struct zone	*zones;	/* zones.csv rows, best to worst (owned) */
	size_t		 nzones;
	struct category	*categories; /* categories.csv rows in file order (owned) */
	size_t		 ncategories;
	struct aspect	*aspects; /* aspects.csv rows in file order (owned) */
	size_t		 naspects;
	struct entity	*entities; /* entities.csv rows sorted by id (owned) */
	size_t		 nentities;
	struct unit	*units;	/* units.csv rows sorted by entity id, then id (owned) */
	size_t		 nunits;
	struct score_row *scores; /* scores.csv rows in file order (owned) */
	size_t		 nscores;
	struct year	*years;	/* editions, ascending (owned; filled by compute) */
	size_t		 nyears;
	struct result	*results; /* computed results in output order (owned; filled by compute) */
	size_t		 nresults;
	/*
	 * Units assessed but not released (an empty unit row of scores.csv),
	 * and bodies whose every row that year is such a unit, as results
	 * with source SRC_NOT_RELEASED and no figures (category and zone
	 * NONE, ranks 0, no change), in output order.  They are not in
	 * results: nothing ranks, averages or draws them; the downloads list
	 * them among the results (owned; filled by compute).
	 */
	struct result	*unreleased;
	size_t		 nunreleased;
	struct release	*releases; /* releases/<date>.csv, oldest first (owned; filled by load) */
	size_t		 nreleases;
	struct release	 current; /* the rows results.csv has now, as a release
				     would record them; date 0 (owned; filled by
				     compute when there are releases, else empty:
				     nothing is compared with it) */
	/*
	 * The changes each release made to the one before it (the first
	 * release, the original publication, made none), oldest release
	 * first, then those of the current data against the latest
	 * release; within one release in the order of results.csv (owned;
	 * filled by compute).
	 */
	struct revision	*revisions;
	size_t		 nrevisions;
	size_t		 npending; /* of those, the current data's (release NONE), at the end */
	/*
	 * Indices into revisions sorted by year, entity id, the entity's own
	 * row first, unit id, then as revisions: what changed each page's
	 * figures (owned; filled by compute, nrevisions long).
	 */
	size_t		*rev_by_row;
	char		**paths; /* file names used in srcpos.file (owned) */
	size_t		 npaths;
};

/* Nonzero when year y is in the set. */
int yearset_has(const struct yearset *ys, int y);

/* Index of the entity with this id, or NONE (binary search). */
size_t report_entity(const struct report *r, const char *id);

/* Index of the unit id of entity e, or NONE (binary search). */
size_t report_unit(const struct report *r, size_t e, const char *id);

/*
 * The units of entity e: the index of the first in r->units (they are
 * sorted by entity), and how many in *n (binary search: a page's loop
 * over its body's units must not walk every unit of the report).
 */
size_t report_units(const struct report *r, size_t e, size_t *n);

/*
 * The order of data/results.csv: year, entity id, the entity's own row
 * (unit NONE) first, then its units by id.  Returns <0, 0 or >0.
 */
int result_cmp(const struct result *a, const struct result *b);

/*
 * Index into v (n results sorted by result_cmp()) of the result of
 * (year, e, u), u NONE for the entity's own; NONE when there is none.
 */
size_t result_find(const struct result *v, size_t n, int year, size_t e,
    size_t u);

/*
 * The rows of data/results.csv are the results and the not-released units
 * merged in result_cmp() order.  The next of them from results [*i, ie)
 * and unreleased [*j, je), advancing *i or *j; NULL when both are done.
 */
const struct result *report_next_row(const struct report *r, size_t *i,
    size_t ie, size_t *j, size_t je);

/* Index into r->years of year y, or NONE. */
size_t report_year(const struct report *r, int y);

/*
 * The order of results.csv on release rows (by their ids, which may
 * name bodies the current data no longer has): year, entity id, the
 * entity's own row ("" unit) first, unit id.  Returns <0, 0 or >0.
 */
int release_row_cmp(const struct release_row *a, const struct release_row *b);

/* Free the strings of a release row and zero it. */
void release_row_free(struct release_row *w);

/* Free what a release owns and zero it; rel may be partly filled. */
void release_free(struct release *rel);

/* Free everything r owns and zero it; r may be partly filled. */
void report_free(struct report *r);

#endif
