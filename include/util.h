/* Small text and file-system helpers shared by the loaders. */
#ifndef RAPOR_UTIL_H
#define RAPOR_UTIL_H

#include <stddef.h>

/* Move *s forward and *e back past blanks (space, TAB, CR) of [*s, *e). */
void str_trim(const char **s, const char **e);

/*
 * The names in folder dir, without "." and "..", sorted bytewise so that
 * output never depends on the file system's order.  NULL with errno set
 * when the folder cannot be read (an empty folder gives a non-NULL list).
 * Free with dir_list_free().
 */
char **dir_list(const char *dir, size_t *n);

/* Free a list from dir_list(). */
void dir_list_free(char **v, size_t n);

#endif
