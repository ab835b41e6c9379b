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

#include "buf.h"
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
 * The chart cache: the charts of the published OUTPUT, each under a name
 * made from its inputs, listed in "<parent>/.<name>.rapor-cache/charts.N"
 * (one list per worker process, N from 0).  A chart whose name is listed
 * is hard-linked from OUTPUT into the next build, with a note kept with
 * it (an SVG's size), instead of being drawn.  The lists are read once,
 * when the cache is opened, and written once per worker: a chart costs no
 * system call to look up, or to add, and one link() to reuse.
 */
struct cache_entry {
	char	*name;		/* the chart's inputs, as a file-name-safe key */
	char	*rel;		/* where it is in OUTPUT */
	char	*note;		/* what the caller kept with it */
};

struct stage_cache {
	char	*dir;		/* the cache folder (owned) */
	char	*out;		/* OUTPUT (owned) */
	struct cache_entry *e;	/* the lists' entries, sorted by name
				   (owned) */
	size_t	 n;		/* how many */
	struct buf next;	/* this process's list for the next build:
				   "name TAB rel TAB note NL" lines */
};

/*
 * Open (creating its folder if needed) the cache of s's OUTPUT and read
 * its lists.  Call it before starting worker processes.  Returns NULL
 * when the folder cannot be created: the build then draws every chart.
 */
struct stage_cache *stage_cache_open(const struct stage *s);

/*
 * Hard-link the file the lists give for name, in OUTPUT, as the file
 * rel of the staging folder (as stage_link() does), list it for the
 * next build and append its note to note (if not NULL).  Returns 0, or
 * -1 when name is not listed or the link failed (the caller draws it).
 */
int stage_cache_get(struct stage_cache *c, struct stage *s, const char *name,
    const char *rel, struct buf *note);

/*
 * List the staged file rel, just drawn, as name with its note, for the
 * next build.  Names, paths and notes holding a tab or a newline are
 * left out (they would break the list; such a chart is drawn again).
 */
void stage_cache_put(struct stage_cache *c, const char *name,
    const char *rel, const char *note);

/*
 * Write this process's list as worker's next one ("charts.N.next"),
 * best effort: a list that cannot be written only costs time.
 */
void stage_cache_save(struct stage_cache *c, int worker);

/*
 * After a publish by jobs workers: their next lists become the lists
 * (each renamed in one step), and any other file in the folder (lists
 * of more workers, of a failed build, or an older cache's) goes.
 */
void stage_cache_commit(struct stage_cache *c, int jobs);

/* Free c (the folder stays); NULL is accepted. */
void stage_cache_free(struct stage_cache *c);

/* Remove the staging folder (if any) and free s.  Safe after publish. */
void stage_close(struct stage *s);

/* Remove the tree at path, like rm -rf.  Returns 0 or -1 (errno set). */
int remove_tree(const char *path);

#endif
