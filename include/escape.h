/*
 * Escaping: the one place per output context where text meets markup.
 * Every value written into a page, a feed, a data file or a script goes
 * through exactly one of these at the point it is written.
 */
#ifndef RAPOR_ESCAPE_H
#define RAPOR_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/*
 * HTML text and quoted attribute values (also valid XML): & < > " ' are
 * written as entities.
 */
void esc_html(struct buf *b, const char *s, size_t len);

/*
 * A JSON string literal, quotes included, safe inside an HTML <script>
 * element too: besides JSON's own escapes, '<', '>', '&' and U+2028 /
 * U+2029 are written as \uXXXX so no "</script>" or line terminator
 * can end the script early.
 */
void esc_json(struct buf *b, const char *s, size_t len);

/*
 * One CSV field for spreadsheets: quoted when it holds a delimiter,
 * quote or line break.  With text nonzero, a field starting with
 * = + - @ TAB or CR gets a leading ' so spreadsheets do not run it as a
 * formula (numeric fields are passed with text zero and never altered).
 */
void esc_csv(struct buf *b, const char *s, int text);

/*
 * A URL path segment or query value: everything except A-Z a-z 0-9
 * - . _ ~ and '/' is percent-encoded.
 */
void esc_url(struct buf *b, const char *s, size_t len);

#endif
