/* UTF-8 helpers shared by the loaders. */
#ifndef RAPOR_UTF8_H
#define RAPOR_UTF8_H

#include <stddef.h>

/*
 * Offset of the first byte of p[0..len) that is not part of well-formed
 * UTF-8 (overlong forms, surrogates, code points above U+10FFFF and
 * truncated sequences are ill-formed), or (size_t)-1 when all is valid.
 */
size_t utf8_invalid(const char *p, size_t len);

/*
 * 1-based column, in characters, of the byte at `at` in a line that
 * starts at `line_start` (continuation bytes are not counted).
 */
unsigned utf8_col(const char *line_start, const char *at);

#endif
