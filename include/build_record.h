/*
 * The record of the last build (OUTPUT/.rapor/last-build): a build whose
 * inputs hash as the last published build's (render_inputs()), into an
 * OUTPUT that is as that build left it, has nothing to do; it reports
 * that build's warnings and summary again instead of loading, rendering
 * and comparing every page.  Anything else, a missing or foreign record
 * among it, means the whole build.
 */
#ifndef RAPOR_BUILD_RECORD_H
#define RAPOR_BUILD_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "build.h"

struct diags;
struct stage;

/*
 * With OUTPUT opened in st: set *digest to the inputs' hash (0 when they
 * cannot be hashed whole) and return 1 when the record says a build of
 * those inputs made the site OUTPUT holds, every file intact: its
 * warnings are then added to d and *bs (if not NULL) filled as that
 * build's (nothing written or removed).  Returns 0 otherwise, d and *bs
 * untouched.
 */
int record_replay(const struct options *o, const struct stage *st,
    uint64_t *digest, struct build_stats *bs, struct diags *d);

/*
 * Before a publish: remove the record, so that none describes a site
 * that a publish is changing.  Returns 0; -1 with a system error when it
 * is there and cannot be removed (the publish must then not begin).
 */
int record_forget(const struct stage *st, struct diags *d);

/*
 * After a successful publish into st of the inputs hashing to digest:
 * record it, with the summary *bs and d's entries from..to-1 (the
 * content's and the charts' warnings, not the publish's).  Failing to
 * write it is not an error: the next build does all its work.
 */
void record_save(const struct stage *st, uint64_t digest,
    const struct build_stats *bs, const struct diags *d, size_t from,
    size_t to);

#endif
