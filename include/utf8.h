/* UTF-8 helpers shared by the loaders. */
#ifndef RAPOR_UTF8_H
#define RAPOR_UTF8_H

#include <stddef.h>

struct buf;

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

/*
 * Nonzero for a code point that a terminal or a page shows as nothing or
 * that reorders the text around it: C0 and C1 controls and DEL, the
 * bidirectional embeddings, overrides, isolates and marks, the line and
 * paragraph separators, and the zero-width characters (U+200B-U+200D,
 * U+2060-U+2064, U+FEFF).  Such characters in a name can make a page or
 * a terminal line say something other than what its bytes say.
 */
int utf8_is_hidden(unsigned long cp);

/*
 * Offset in s[0..len) of the first hidden character (utf8_is_hidden(),
 * TAB excepted) and its code point in *cp, or (size_t)-1 when there is
 * none.  Ill-formed bytes are skipped (utf8_invalid() reports them).
 */
size_t utf8_find_hidden(const char *s, size_t len, unsigned long *cp);

/*
 * Append s[0..len) to b with every hidden character written as \uXXXX
 * and every byte that is not well-formed UTF-8 as \xNN, so that a
 * message printed to a terminal shows exactly what the name holds.
 */
void utf8_escape_hidden(struct buf *b, const char *s, size_t len);

#endif
