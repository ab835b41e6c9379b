/* Small text and file-system helpers shared by the loaders. */
#ifndef RAPOR_UTIL_H
#define RAPOR_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct diags;

/* The value of the hexadecimal digit c (either case), or -1. */
int hex_value(int c);

/* Move *s forward and *e back past blanks (space, TAB, CR) of [*s, *e). */
void str_trim(const char **s, const char **e);

/* Whether the string s ends with the string end. */
int str_ends(const char *s, const char *end);

/*
 * The names in folder dir, without "." and "..", sorted bytewise so that
 * output never depends on the file system's order.  NULL with errno set
 * when the folder cannot be read (an empty folder gives a non-NULL list).
 * Free with dir_list_free().
 */
char **dir_list(const char *dir, size_t *n);

/*
 * The type of the entry name of a list from dir_list() as the folder
 * gave it (DT_DIR, DT_REG, ... of <dirent.h>), DT_UNKNOWN when the file
 * system does not say: then, and wherever the type must be current, stat
 * it.  Saves a stat per entry on a walk of a tree rapor made itself.
 */
unsigned char dir_list_type(const char *name);

/* Free a list from dir_list(). */
void dir_list_free(char **v, size_t n);

/*
 * The one way rapor opens a file of the user's (content, templates).
 * Only regular files are read, and with root not NULL only a file whose
 * real path lies inside the folder root: a symbolic link that leads out
 * of it is a content error at path (a build of contributed content must
 * not publish the machine's files), and a FIFO, device or socket is a
 * content error too, never waited on.
 */

/*
 * Nonzero when path, with every symbolic link resolved, lies inside root
 * (or root is NULL, or path does not resolve: the open that follows says
 * why).  Otherwise 0, with a content error recorded at path.
 */
int path_inside(const char *path, const char *root, struct diags *d);

/*
 * Open path for reading as above.  Returns the descriptor; -2 when path
 * does not exist (nothing recorded: the caller knows whether that is
 * wrong); -1 with the problem recorded in d (a system error naming path
 * and the reason when the file cannot be opened or read).
 */
int file_open(const char *path, const char *root, struct diags *d);

/*
 * Read the whole file path (opened by file_open()) into *out, which is
 * NUL-terminated and owned by the caller, and its length into *len.  A
 * file over limit bytes is a content error.  Returns 0; 1 when path does
 * not exist (nothing recorded); -1 with the problem recorded.
 */
int file_read(const char *path, const char *root, size_t limit,
    char **out, size_t *len, struct diags *d);

/*
 * *h extended (hash.h) by the bytes of the file path, read in pieces, so
 * that a file of any size costs no more memory than a piece.  -1 (*h
 * then unusable) when it cannot be opened or read.
 */
int hash_path(uint64_t *h, const char *path);

/*
 * Write the n bytes at p to fd, through short writes and EINTR: the one
 * loop around write(2).  Returns 0, or -1 with errno set (EIO when write()
 * wrote nothing without an error).
 */
int fd_write_all(int fd, const void *p, size_t n);

/*
 * Read into p from fd until n bytes or the end of the file, through short
 * reads and EINTR: the one loop around read(2) for a known amount.
 * Returns the bytes read (fewer than n only at the end of the file), or
 * -1 with errno set.
 */
ssize_t fd_read_full(int fd, void *p, size_t n);

/*
 * *h extended by the folder dir, whole: every name in it, sorted, and
 * below each name the file's bytes (hash_path()) or the folder's, links
 * followed.  -1 when anything in it is not a regular file or a folder
 * (a FIFO, a device, a dangling link), cannot be read, or lies more than
 * 32 folders deep (a link cycle): then the folder cannot be told to be
 * as it was (build_record.h), though *h still holds the rest of it (a
 * page's key made from it still changes with every file it could read).
 */
int hash_folder(uint64_t *h, const char *dir);

/*
 * The path of the running program (read from /proc/self/exe, so that
 * tools that run rapor under themselves, valgrind among them, give the
 * program's own path), or "/proc/self/exe" itself.  Caller frees.
 */
char *self_exe(void);

#endif
