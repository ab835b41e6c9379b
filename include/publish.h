/*
 * Write stage: every output file goes into a private staging folder
 * beside OUTPUT, and only when the whole build succeeded does the staging
 * folder replace OUTPUT, in one rename (renameat2 RENAME_EXCHANGE where
 * the file system supports it).  A failed or interrupted build leaves
 * OUTPUT exactly as it was; files of an earlier build that the new one
 * does not write are gone, because the tree is replaced whole.
 *
 * Hidden entries at the top of OUTPUT (.git, .gitkeep, .well-known...)
 * are not rapor's: they are carried over into the new tree.
 */
#ifndef RAPOR_PUBLISH_H
#define RAPOR_PUBLISH_H

#include <stddef.h>

#include "diag.h"

struct stage {
	char	*out;	/* OUTPUT as given (owned) */
	char	*dir;	/* the staging folder, "<parent>/.<name>.rapor-XXXXXX" (owned) */
};

/*
 * Create the staging folder beside out.  Returns 0, or -1 with a system
 * error recorded.
 */
int stage_open(struct stage *s, const char *out, struct diags *d);

/*
 * Write len bytes as the file rel (a relative path with '/' separators,
 * made only of rapor's own safe names) inside the staging folder,
 * creating folders as needed.  Returns 0, or -1 with a system error.
 */
int stage_write(struct stage *s, const char *rel, const void *data,
    size_t len, struct diags *d);

/*
 * Replace OUTPUT with the staging folder and remove the old tree.
 * Returns 0, or -1 with a system error (OUTPUT is then unchanged).
 */
int stage_publish(struct stage *s, struct diags *d);

/*
 * Make the file rel inside the staging folder a hard link to src (a copy
 * where a link is impossible), creating folders as needed.  Returns 0,
 * or -1 with errno set (nothing is recorded: callers fall back).
 */
int stage_link(struct stage *s, const char *rel, const char *src);

/*
 * The chart cache beside OUTPUT, "<parent>/.<name>.rapor-cache", created
 * if needed: drawn charts are kept there by content key and hard-linked
 * into the next build's tree.  Returns the path (caller frees), or NULL
 * when it cannot be created (the build then draws every chart).
 */
char *stage_cache_dir(const struct stage *s);

/*
 * After a publish: remove the cache entries that the published site does
 * not use (a link count of 1), so the cache never outgrows the site.
 */
void stage_prune_cache(const char *cache_dir);

/* Remove the staging folder (if any) and free s.  Safe after publish. */
void stage_close(struct stage *s);

/* Remove the tree at path, like rm -rf.  Returns 0 or -1 (errno set). */
int remove_tree(const char *path);

#endif
