/*
 * Write stage: OUTPUT is rapor's published site, changed in place and
 * only where a build's bytes differ.
 *
 * What rapor writes into OUTPUT it lists in OUTPUT/.rapor/manifest (each
 * file with the hash of the inputs it was made from, its size, inode and
 * modification time), so it knows its own files: it never writes into a
 * folder of someone else's files, and it deletes only files it listed.
 * Every other entry of OUTPUT is left alone (hidden ones such as .git
 * and .well-known above all).
 *
 * A build writes each file whose bytes change into a staging folder,
 * OUTPUT/.rapor/stage-XXXXXX.  Only when every file is written does it
 * commit: it writes a journal (OUTPUT/.rapor/journal, in one rename)
 * naming the files to move into place and the files to delete, then
 * carries it out and removes it.  So a build that fails or is stopped
 * before the journal leaves OUTPUT exactly as it was; one stopped while
 * carrying the journal out (a kill -9, a power cut of the process) is
 * finished by the next rapor run on OUTPUT before it does anything else,
 * and OUTPUT is then the new site.  A lock (flock on OUTPUT/.rapor/lock)
 * keeps two builds from writing one OUTPUT at once; under it, staging
 * folders of dead builds are removed.
 *
 * Trees written by rapor before the manifest existed are recognised
 * (index.html and assets/search-index.js as rapor wrote them) and taken
 * over: their files count as rapor's.
 */
#ifndef RAPOR_PUBLISH_H
#define RAPOR_PUBLISH_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "diag.h"

struct ftab;
struct stage_reader;

/* Handed each file stage_write() puts into the staging folder, with its
 * bytes, while a tap is set (stage_tap()). */
typedef void stage_tap_fn(void *arg, const char *rel, const void *data,
    size_t len);

/* One file of the site, as the manifest lists it.  Its strings are in
 * the line it was cut from, or, for the published site's table, copied
 * out of the manifest's lines without their numbers (publish_list.c); a
 * million of these (a site at --scale 10) are held at once, so the owner
 * and the note are found from rel (file_owner(), file_note()) and the
 * hashes of the paths are kept in the tables' slots, not here. */
struct out_file {
	char		*rel;	/* path below OUTPUT, '/'-separated */
	uint64_t	 key;	/* hash of the inputs it was made from; 0: not known */
	uint64_t	 size;	/* size in bytes when written */
	uint64_t	 ino;	/* inode number when written */
	int64_t		 mtime;	/* modification time when written, in ns */
	int32_t		 owner;	/* rel + owner: the page it was made with (its
				   charts), or ""; may be before rel (one copy
				   for the files of a page, publish_list.c) */
	uint32_t	 note;	/* rel + note: what its writer kept with it,
				   "" if nothing */
};

static inline const char *
file_owner(const struct out_file *f)
{
	return f->rel + f->owner;
}

static inline const char *
file_note(const struct out_file *f)
{
	return f->rel + f->note;
}

struct stage {
	char		*out;	/* OUTPUT as given (owned) */
	char		*state;	/* OUTPUT/.rapor (owned) */
	char		*dir;	/* this build's staging folder, or NULL (owned) */
	int		 lock;	/* descriptor holding the lock, or -1 */
	int		 outfd;	/* OUTPUT, open as a folder, or -1 */
	int		 made;	/* nonzero: this build created OUTPUT */
	struct ftab	*old;	/* the published files, indexed by path and
				   by owner (owned; read by reader until
				   stage_index() or a fork) */
	struct stage_reader *reader; /* the thread reading the manifest
				   (owned) */
	const char	*owner;	/* the page whose files are being made, or
				   NULL (stage_begin(); not owned) */
	struct buf	 list;	/* this process's lines for the new manifest,
				   until they go to its file (below) */
	int		 listfd; /* that file in the staging folder, open for
				   writing when listpid is this process */
	pid_t		 listpid; /* the process that opened listfd, or 0 */
	int		 listerr; /* errno of the first failed write of it */
	size_t		 nlisted; /* files listed by this process */
	size_t		 nstaged; /* of those, written into the staging folder */
	size_t		 nreused; /* of those, kept without being rendered */
	size_t		 nchanged; /* of those, listed otherwise than in the
				   manifest (written, or with a new key) */
	size_t		 nremoved; /* published files the last publish deleted */
	size_t		 nother; /* of the files the last publish moved into
				   OUTPUT, those not named *.html; (size_t)-1
				   when it moved a new folder whole (its files
				   not looked at) */
	stage_tap_fn	*tap;	/* stage_tap()'s function, or NULL */
	void		*taparg; /* and its argument */
};

/*
 * Set (to the signal's number) by the SIGINT/SIGTERM handler that
 * cmd_build() installs.  Renderers stop at the next file; stage_publish()
 * refuses to start a journal once it is set and, once a journal is
 * written, carries it out before looking at it again.
 */
extern volatile sig_atomic_t stage_interrupted;

/*
 * Open OUTPUT (out) for a build of the content folder content with the
 * templates folder templates (either may be NULL).  Refuses, with a
 * DIAG_USAGE error that says what to do, an OUTPUT that is, contains or
 * lies inside content or templates, that is /, the home folder or the
 * working directory, that is not a folder, or that holds entries (hidden
 * ones aside) that rapor did not write.  Creates OUTPUT if it is missing
 * (its parent must exist), takes the lock, finishes an interrupted
 * publish, removes dead builds' staging folders, starts reading the
 * manifest (in a thread: stage_index() and a fork wait for it) and makes
 * this build's staging folder.  Returns 0, or -1 with the problem
 * recorded (nothing of OUTPUT changed, unless an interrupted publish
 * was finished).
 */
int stage_open(struct stage *s, const char *out, const char *content,
    const char *templates, struct diags *d);

/*
 * The files listed from now on (stage_keep(), stage_write()) belong to
 * the page rel (NULL: to none): a page kept with stage_keep_page() keeps
 * them with it.  rel must stay valid until the next call.
 */
void stage_begin(struct stage *s, const char *rel);

/*
 * Whether the published page rel was made from inputs hashing to key
 * (not 0) and it and every file it was made with are still as rapor
 * wrote them.  If so they are all listed for the new site as they are
 * and 1 is returned: the caller need not render the page.  Otherwise 0.
 */
int stage_keep_page(struct stage *s, const char *rel, uint64_t key);

/*
 * Whether the published file rel was made from inputs hashing to key
 * (not 0) and is still as rapor wrote it.  If so it is listed for the
 * new site as it is, its note appended to note (if not NULL), and 1 is
 * returned: the caller need not make it.  Otherwise 0.
 */
int stage_keep(struct stage *s, const char *rel, uint64_t key,
    struct buf *note);

/*
 * Whether the published site's manifest lists rel as made from inputs
 * hashing to key (not 0).  If so its note is appended to note and 1 is
 * returned, else 0.  Neither the file nor the new site's list is
 * touched: for what is a function of the inputs alone (a chart's size),
 * asked by a page that shows a file another page makes.
 */
int stage_old_note(const struct stage *s, const char *rel, uint64_t key,
    struct buf *note);

/*
 * The published file rel, open for reading, and its size in *size: for a
 * caller that makes another file from the bytes of one stage_keep() kept
 * (its key is this build's, so its bytes are those this build would
 * make).  -1 with errno set when it is not as rapor wrote it (the caller
 * makes the bytes itself then).
 */
int stage_open_kept(const struct stage *s, const char *rel, uint64_t *size);

/*
 * The file rel (a relative path of rapor's own safe names) of the new
 * site has the len bytes at data, made from inputs hashing to key (0 if
 * not known), with note (NULL for none) to keep beside it.  Where the
 * published file has those bytes it is kept as it is; otherwise the
 * bytes are written into the staging folder.  Returns 0, or -1 with a
 * system error naming OUTPUT's path (never the staging folder's).
 */
int stage_write(struct stage *s, const char *rel, uint64_t key,
    const char *note, const void *data, size_t len, struct diags *d);

/*
 * From now on, until stage_tap(s, NULL, NULL), hand fn each file this
 * process's stage_write() writes into the staging folder (not those it
 * keeps), with arg: rapor serve shows the pages open in the browser
 * before the rest of the site is made.  The bytes are valid only during
 * the call.
 */
void stage_tap(struct stage *s, stage_tap_fn *fn, void *arg);

/*
 * A file of the new site made a piece at a time, for one too big to hold
 * whole (the report-wide downloads): stage_stream_open(), then
 * stage_stream_put() with its bytes in order, then stage_stream_close().
 * What is published is what stage_write() with all the bytes would
 * publish, the published file kept as it is when its bytes are the
 * same; the bytes are compared with it as they come and written to the
 * staging folder only once they part from it.
 */
struct stage_stream {
	struct stage	*s;
	char		*rel;	/* the file (owned) */
	const struct out_file *old; /* the published file, or NULL */
	int		 oldfd;	/* it, open while every byte so far matched
				   it; else -1 */
	int		 fd;	/* the staged file, or -1 while not made */
	uint64_t	 len;	/* bytes put so far */
	int		 err;	/* errno of the first failure, or 0 */
};

/* Start the file rel (as stage_write()'s); never fails by itself. */
void stage_stream_open(struct stage *s, struct stage_stream *w,
    const char *rel);

/* The next len bytes.  Returns 0, or -1 once writing failed (the error is
 * reported by stage_stream_close()). */
int stage_stream_put(struct stage_stream *w, const void *data, size_t len);

/*
 * The file is complete, made from inputs hashing to key (0 if not known),
 * with note as stage_write()'s: list it.  Returns 0, or -1 with a system
 * error naming OUTPUT's path.  Frees what w holds.
 */
int stage_stream_close(struct stage_stream *w, uint64_t key, const char *note,
    struct diags *d);

/*
 * In a worker process: hand what this process listed to the parent
 * (a file in the staging folder).  Returns 0, or -1 with a system error.
 */
int stage_hand_over(struct stage *s, int worker, struct diags *d);

/*
 * Wait for the manifest stage_open() started reading and index the
 * published files by path and owner, once: before workers are forked, so
 * that they share it (a lookup, and a fork, wait for it too).
 */
void stage_index(const struct stage *s);

/*
 * How many files the manifest lists when there is at least one and every
 * one is in OUTPUT as rapor wrote it (size, inode, time): the published
 * site is the one the manifest describes.  0 otherwise.
 */
size_t stage_intact(const struct stage *s);

/*
 * Publish: with the lists of workers 1..jobs-1 (stage_hand_over()) and
 * this process's own, move every staged file into OUTPUT and delete the
 * published files the new site no longer has, through the journal.
 * Returns 0; or -1 with the problem recorded, OUTPUT unchanged when the
 * journal was not yet written, else finished by the next run.
 */
int stage_publish(struct stage *s, int jobs, struct diags *d);

/*
 * Release OUTPUT: remove the staging folder (if any), the lock, and an
 * OUTPUT this build created and did not publish into; free s.  Safe
 * after stage_publish() and after a failed stage_open().
 */
void stage_close(struct stage *s);

/* Remove the tree at path, like rm -rf.  Returns 0 or -1 (errno set). */
int remove_tree(const char *path);

#endif
