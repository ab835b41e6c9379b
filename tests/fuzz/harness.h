/*
 * Helpers shared by the fuzz targets (tests/fuzz/fuzz_*.c): splitting
 * one input into named files and writing them as a content folder in a
 * temporary directory.  See docs/fuzzing.md for the input format.
 */
#ifndef RAPOR_FUZZ_HARNESS_H
#define RAPOR_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry point, defined once by each target. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One piece of a split input; everything points into the input. */
struct fuzz_part {
	const char	*name;	/* the name after "==> ", NULL for the text before the first separator */
	size_t		 nlen;	/* bytes in name */
	const char	*data;	/* the piece's bytes */
	size_t		 len;	/* bytes at data */
};

/* The most pieces fuzz_split() returns; more separators are plain text. */
#define FUZZ_MAX_PARTS 32

/*
 * Split size bytes at data at separator lines "==> NAME <==" (the form
 * head(1) prints between files).  parts[0] is the text before the first
 * separator (name NULL); each further part is a separator's NAME and the
 * bytes after its line, up to the next separator line.  Returns the
 * number of parts, at least 1 and at most FUZZ_MAX_PARTS.
 */
size_t fuzz_split(const uint8_t *data, size_t size, struct fuzz_part *parts);

/*
 * A new empty temporary directory (malloc'd path), or NULL after
 * printing why.  Remove it with fuzz_rmdir().
 */
char *fuzz_mkdtemp(void);

/* Remove the tree at dir and free the path; NULL is accepted. */
void fuzz_rmdir(char *dir);

/*
 * Write len bytes at data as dir/rel, creating the folders rel names;
 * a rel ending in '/' makes a folder only.  rel (nlen bytes, not
 * NUL-terminated) must be 1 to 4 parts of [A-Za-z0-9._-] separated by
 * '/', none "." or "..", 1-100 bytes: anything else, or a path that
 * collides with one written before, is skipped.  Returns 0 when written.
 */
int fuzz_put(const char *dir, const char *rel, size_t nlen,
    const char *data, size_t len);

#endif
