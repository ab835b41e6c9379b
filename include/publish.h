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

/* Remove the staging folder (if any) and free s.  Safe after publish. */
void stage_close(struct stage *s);

/* Remove the tree at path, like rm -rf.  Returns 0 or -1 (errno set). */
int remove_tree(const char *path);

#endif
