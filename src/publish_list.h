/*
 * The publish stage's lists of files: the manifest of the published site
 * and the lines each process lists for the new one, read into tables
 * indexed by path (and by owner), and written back out.  Only publish.c
 * uses them.
 *
 * A process's list has one line per file of the new site: "W TAB" and a
 * manifest line for a file this build wrote, "K TAB" and one for a file
 * kept, or "O TAB n" for a file kept with its manifest line unchanged:
 * the n-th file of the manifest that every process read before the
 * workers were forked, so that the line is neither made, nor read, nor
 * hashed again.
 */
#ifndef RAPOR_PUBLISH_LIST_H
#define RAPOR_PUBLISH_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "publish.h"

/*
 * A set of files: the published site (from the manifest) or the new one
 * (from the processes' lists).  The strings of its files point into the
 * texts it was read from, which it owns (or, for "O" lines, into the
 * manifest's table, which must outlive it); it is indexed by path and by
 * owner with open addressing, so that a national site's 100,000 files
 * cost no sort and no allocation each.
 */
struct ftab {
	struct out_file	*v;	/* the files, in the order read (owned) */
	size_t		 n, cap;
	size_t		*byrel;	/* hash slots: index + 1 into v, 0 empty */
	size_t		*byowner; /* hash slots: first file of an owner + 1,
				   when indexed with FTAB_OWNERS, else NULL */
	size_t		*nextown; /* per file: next file of its owner + 1 */
	size_t		 nslot;	/* slots in each table (a power of two) */
	char		**texts; /* what the strings point into (owned) */
	size_t		 ntexts, captexts;
};

void ftab_free(struct ftab *t);

/* Keep text (owned now) for the table's strings. */
void ftab_text(struct ftab *t, char *text);

/* ftab_index()'s flags: the files' hrel and howner are set already (the
 * lists' lines, ftab_parse()); index by owner too (only the manifest's
 * table is asked for a page's files). */
#define FTAB_HASHED	1
#define FTAB_OWNERS	2

/* Index the files by path (the first of a path wins), and by owner with
 * FTAB_OWNERS, after the last file is added. */
void ftab_index(struct ftab *t, int flags);

/* The first file at rel, whose hash_str(HASH_INIT, rel) is h; NULL when
 * there is none or t is not indexed. */
struct out_file *ftab_find(const struct ftab *t, const char *rel, uint64_t h);

/* The first file the page rel (hashing to h) owns, then nextown[]; index
 * + 1, or 0. */
size_t ftab_owned(const struct ftab *t, const char *rel, uint64_t h);

/*
 * The lines of text (len bytes, from skip on; owned by t from now on) as
 * files of t.  With old NULL they are the manifest's; otherwise a
 * process's list (see above), "O" lines naming the files of old (indexed),
 * and every file's hrel and howner are set.  -1 when any line is broken.
 */
int ftab_parse(struct ftab *t, char *text, size_t len, size_t skip,
    const struct ftab *old);

/* f's manifest line, made from its fields; written for every file of a
 * site that changed, so without printf. */
void ftab_put_line(struct buf *b, const struct out_file *f);

/* The manifest line f was read from, as it was (f->line != 0). */
void ftab_put_old_line(struct buf *b, const struct out_file *f);

#endif
