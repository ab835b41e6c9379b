/*
 * rapor init: write a content folder to start from.  Its files are those
 * of skeleton/ in the source tree, compiled into the program by the
 * Makefile (build/gen/skeleton.c), so that init needs nothing installed
 * beside the binary and the folder cannot drift from what is tested.
 */
#ifndef RAPOR_INIT_H
#define RAPOR_INIT_H

#include <stddef.h>

struct skel_file {
	const char		*path;	/* relative path, '/'-separated, e.g. "data/zones.csv" */
	const unsigned char	*data;	/* the file's bytes (static) */
	size_t			 len;	/* how many */
};

/* The files of skeleton/, sorted by path (generated at build time). */
extern const struct skel_file skel_files[];
extern const size_t skel_nfiles;

/*
 * Write the skeleton's files into dir, which must be missing (it is then
 * created; its parent must exist) or an empty folder.  No file is ever
 * overwritten.  Prints what was written, or why not, to stderr.  Returns
 * the exit status: 0; 2 when dir exists and is not an empty folder
 * (nothing is written); 3 on a system error, after removing again what
 * it had written.
 */
int cmd_init(const char *dir);

#endif
