/*
 * Compute stage: from the loaded rows to every figure a reader sees.
 * Unit scores given or computed from aspects, entity results (published
 * total or mean of the units' rounded scores), rounding exactly in
 * decimal, per-year categories and zones, competition ranks and the
 * change from the previous year that has a result.
 */
#ifndef RAPOR_COMPUTE_H
#define RAPOR_COMPUTE_H

#include "diag.h"
#include "model.h"

/*
 * Fill r->years, r->results and r->unreleased from a report that loaded
 * without errors.  A unit row with neither a score nor any aspect value
 * is a unit assessed whose score was not released: it goes to
 * r->unreleased, not into means or ranks.  Problems that only show once rows are combined (a year without
 * categories, a unit without score or aspects, a given score that
 * disagrees with its aspects) go to d.  Returns 0, or -1 when an error
 * was recorded (r is still safe to free).
 */
int compute_report(struct report *r, struct diags *d);

/* The category index (into r->categories) of score s in edition y, or NONE. */
size_t compute_category(const struct report *r, const struct year *y,
    struct dec s);

#endif
