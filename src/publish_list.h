/*
 * The publish stage's lists of files: the manifest of the published site,
 * read into a table indexed by path (and by owner), and the lines of the
 * manifest written out.  Only publish.c and publish_merge.c use them.
 *
 * A process's list (its file in the staging folder, publish_merge.h) has
 * one line per file of the new site: "W TAB" and a manifest line for a
 * file this build wrote, "K TAB" and one for a file kept, or "O TAB n"
 * for a file kept with its manifest line unchanged: the n-th file of the
 * manifest that every process read before the workers were forked, so
 * that the line is neither made nor hashed in the process that keeps it
 * (the merge copies it from the manifest, or makes it again from the
 * table where the lists are not in the manifest's order).
 */
#ifndef RAPOR_PUBLISH_LIST_H
#define RAPOR_PUBLISH_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "publish.h"

/*
 * The files of the published site (from the manifest, or from the tree
 * of an older rapor).  The strings of its files point into the texts it
 * owns; it is indexed by path with open addressing, and each page's files
 * are chained from the page, so that a national site's 100,000 files cost
 * no sort and no allocation each.
 */
struct ftab {
	struct out_file	*v;	/* the files, in the order read (owned) */
	size_t		 n, cap;
	int		 lined;	/* set: read from a manifest's lines (so each
				   has one), not from the tree */
	uint64_t	*byrel;	/* hash slots: the path's hash's upper half,
				   and in the lower one index + 1 into v; 0
				   empty */
	uint32_t	*firstown; /* per file: the first file it owns + 1
				   (0: none), when indexed with FTAB_OWNERS,
				   else NULL */
	uint32_t	*nextown; /* per file: next file of its owner + 1 */
	size_t		 nslot;	/* slots in byrel (a power of two) */
	int		 dups;	/* set by ftab_index(): some path is listed
				   twice (only the first is found) */
	char		**texts; /* what the strings point into (owned) */
	size_t		 ntexts, captexts;
	/* ftab_read()'s strings go into the last text, a block: used bytes
	 * of it, its size, and the owner last copied into it (the files of
	 * a page follow each other and share one copy). */
	size_t		 blkused, blkcap;
	const char	*lastown;
	size_t		 lastlen; /* its length */
};

/* A file's lines read a piece at a time (LINES_BUF bytes, more for a
 * longer line). */
struct lines {
	int		 fd;
	char		*buf;
	size_t		 cap, at, end;	/* unread: buf[at, end) */
	uint64_t	 off;		/* offset in the file of buf[0] */
	size_t		 max;		/* a longer line fails; 0: no bound */
};

#define LINES_BUF	((size_t)256 << 10)

/* Read fd's lines from its current offset on into r (r->buf NULL or left
 * by an earlier start: it is reused), with no bound on a line's length. */
void lines_start(struct lines *r, int fd);

/*
 * The next line at *p, *len bytes without its newline, starting at *where
 * in the file; the bytes stay until the next call.  1; 0 at the end; -1
 * when reading fails or the last line has no newline (a file cut short).
 */
int lines_next(struct lines *r, char **p, size_t *len, uint64_t *where);

void ftab_free(struct ftab *t);

/* Keep text (owned now) for the table's strings. */
void ftab_text(struct ftab *t, char *text);

/* ftab_index()'s flag: chain each page's files too (only the manifest's
 * table is asked for a page's files). */
#define FTAB_OWNERS	2

/* Index the files by path (the first of a path wins), and chain them
 * from their owners with FTAB_OWNERS, after the last file is added. */
void ftab_index(struct ftab *t, int flags);

/* The first file at rel, whose hash_str(HASH_INIT, rel) is h; NULL when
 * there is none or t is not indexed. */
struct out_file *ftab_find(const struct ftab *t, const char *rel, uint64_t h);

/* The first file that the page f (one of t's, the first of its path)
 * owns, then nextown[]: index + 1, or 0. */
size_t ftab_owned(const struct ftab *t, const struct out_file *f);

/* The most of a manifest ftab_read() takes: its files are counted, and
 * their strings placed, in 32 bits. */
#define FTAB_MAX	((size_t)1 << 30)

/*
 * The manifest open at fd, a piece at a time, as files of t (empty): its
 * first line must be head (without its newline), and it must be no
 * longer than FTAB_MAX.  Only each file's strings are kept, a page's
 * owner once for its files: a manifest line is some 140 bytes, what is
 * kept of it some 65 (the processes' lists are read by publish_merge.c).
 * -1 when reading fails, a line is broken or the manifest too long (t
 * must then be freed).
 */
int ftab_read(struct ftab *t, int fd, const char *head);

/*
 * The manifest line at [s, e) into *f (its TABs and the newline at e
 * become NULs, f's strings point into it), or
 * -1 when it is not one.  The decimal number at [s, e) into *v, or -1.
 */
int ftab_line(char *s, char *e, struct out_file *f);
int ftab_u64(const char *s, const char *e, uint64_t *v);

/* The manifest line of f's path and numbers with owner and note; written
 * for every file of every site, so without printf and with one check of
 * room. */
void ftab_put_line(struct buf *b, const struct out_file *f, const char *owner,
    const char *note);

#endif
