/*
 * Compute stage, releases and corrections (content-format.md section 6):
 * the figures of the current data as a release would record them, and
 * what each release changed against the one before it, and the current
 * data against the latest release (the changes not yet released).
 */
#ifndef RAPOR_REVISIONS_H
#define RAPOR_REVISIONS_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/*
 * Fill r->current, r->revisions, r->npending and r->rev_by_row from a
 * computed report (results and not-released units) and its releases.
 * Without releases they stay empty: r->current (a copy of every row,
 * the larger part of computing a national report) is only ever
 * compared with a release.
 * When the current data differs from the latest release, a warning at
 * that release's file says how many figures and how to list them.
 */
void revisions_compute(struct report *r, struct diags *d);

/* The row a revision changed, as it was (NULL when it was added). */
const struct release_row *revision_old(const struct report *r,
    const struct revision *v);

/* The row as the revision left it (NULL when it was removed). */
const struct release_row *revision_new(const struct report *r,
    const struct revision *v);

/*
 * The revisions of the rows of year and entity e (its own and its
 * units'), as the range [*lo, *hi) of r->rev_by_row.
 */
void revisions_of(const struct report *r, int year, size_t e, size_t *lo,
    size_t *hi);

/* "added", "removed" or "corrected": the word of data/revisions.csv. */
const char *change_name(enum change_kind k);

#endif
