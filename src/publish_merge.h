/*
 * The new site's files, from the processes' lists in the staging folder
 * (".list.0" for the first process, ".list.W" for worker W; their lines
 * as publish_list.h says), read as streams rather than into a table of
 * every file: a cold build at --scale 10 lists a million files, and a
 * table of them (some 280 bytes a file) was the largest thing a build
 * held.  Only publish.c uses it.
 *
 * A first pass finds each path listed twice (kept with a page and drawn
 * by another, were a chart's page to change): the file counts once, at
 * the place of its first line, as written by this build when either line
 * wrote it; written twice is a bug, reported.  It keeps, per file of the
 * published site, where its path was first listed (8 bytes), and for the
 * paths the published site does not have a hash table of their hashes
 * and places (16 bytes a slot); a path is compared with the list's text
 * when hashes match.  A second pass writes the new manifest in the lists'
 * order, each line as its process wrote it.
 */
#ifndef RAPOR_PUBLISH_MERGE_H
#define RAPOR_PUBLISH_MERGE_H

#include <stddef.h>

#include "diag.h"
#include "publish_list.h"

struct merge;

/*
 * The first pass over the lists of processes 0..jobs-1 in the staging
 * folder dir, their "O" lines naming the files of old (indexed).  NULL,
 * with a DIAG_SYSTEM problem naming out, when a list is missing or
 * broken or a path is written twice.
 */
struct merge *merge_lists(const char *dir, int jobs, const struct ftab *old,
    const char *out, struct diags *d);

/* The new site's files, and of them those this build wrote. */
size_t merge_count(const struct merge *m);
size_t merge_staged(const struct merge *m);

/* Whether the new site has the path of old's i-th file. */
int merge_has(const struct merge *m, size_t i);

/*
 * The new manifest's lines (without its first line) to fd, a megabyte at
 * a time.  The lines of files kept as they were are copied from the
 * published manifest, open at oldfd at its start (-1 if not), where they
 * come in its order, and made again from old's files where not.
 * Returns 0, or -1 with errno set.
 */
int merge_manifest(struct merge *m, int fd, int oldfd);

void merge_free(struct merge *m);

/* Whether the files at a and b have the same bytes (read a piece at a
 * time); 0 also when either cannot be read. */
int files_same(const char *a, const char *b);

#endif
