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
 * The chart cache beside OUTPUT, "<parent>/.<name>.rapor-cache": drawn
 * charts are kept there under a name made from their inputs and
 * hard-linked into the next build's tree.  Its entries are listed once,
 * when it is opened, so that a chart not in it costs no system call.
 */
struct stage_cache {
	char	*dir;		/* the cache folder (owned) */
	char	**names;	/* its entries when opened, sorted (owned) */
	size_t	 n;		/* how many */
	unsigned char *used;	/* per entry: linked into this build; shared
				   with worker processes (mmap) */
};

/*
 * Open (creating it if needed) the cache beside s's OUTPUT.  Call it
 * before starting worker processes.  Returns NULL when it cannot be
 * created or read: the build then draws every chart.
 */
struct stage_cache *stage_cache_open(const struct stage *s);

/*
 * Hard-link the cache's entry name as the file rel of the staging
 * folder (as stage_link() does) and mark it used.  Returns 0, or -1 when
 * the cache had no such entry when opened, or the link failed.
 */
int stage_cache_get(struct stage_cache *c, struct stage *s, const char *name,
    const char *rel);

/*
 * Keep the staged file rel in the cache as name, best effort: a cache
 * that cannot be filled only costs time.
 */
void stage_cache_put(struct stage_cache *c, struct stage *s, const char *name,
    const char *rel);

/*
 * After a publish: remove the entries found when the cache was opened
 * that this build did not use, so the cache never outgrows the site.
 */
void stage_cache_prune(struct stage_cache *c);

/* Free c (the folder stays); NULL is accepted. */
void stage_cache_free(struct stage_cache *c);

/* Remove the staging folder (if any) and free s.  Safe after publish. */
void stage_close(struct stage *s);

/* Remove the tree at path, like rm -rf.  Returns 0 or -1 (errno set). */
int remove_tree(const char *path);

#endif
