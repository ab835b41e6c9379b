/*
 * Load stage: reads a content folder (site.ini and the six CSV files of
 * content-format.md sections 1 and 2) into a struct report, validating
 * like a careful editor.  Every problem is recorded in the diagnostics;
 * loading goes on after errors so one run reports them all.
 */
#ifndef RAPOR_LOAD_H
#define RAPOR_LOAD_H

#include <stddef.h>

#include "diag.h"
#include "model.h"

/*
 * Parse site.ini text (len bytes, named path in diagnostics) into *site,
 * which is first set to the defaults.  Lines are read by the INI reader
 * of ini.h, with sections.  Returns the number of errors added.
 */
size_t load_site_ini(const char *path, const char *text, size_t len,
    struct site *site, struct diags *d);

/*
 * Load the content folder dir into *r (zeroed first).  Returns 0 when
 * no error was recorded, -1 otherwise; *r must be freed with
 * report_free() either way.  After -1, *r may hold rows whose ids are
 * valid but whose other cells are not (kept so that references to them
 * do not cascade into more errors): it is fit only for counting and
 * freeing, never for compute_report().  A missing required file is a
 * content error; a file that exists but cannot be read is a system error.
 */
int load_report(const char *dir, struct report *r, struct diags *d);

/*
 * Nonzero when s follows the id rule ^[a-z0-9][a-z0-9-]{0,63}$ and is
 * not a name Windows reserves for devices (con, nul, com1, ...), which
 * would break a copy of the site on such a file system.
 */
int id_valid(const char *s);

/*
 * Parse a `years` cell into *ys: empty (all years), "2023",
 * "2022-2024", or a list of those separated by blanks or commas.
 * Returns 0, or -1 with a reason in why (a static string).
 */
int yearset_parse(const char *s, struct yearset *ys, const char **why);

/*
 * Warn (at file:line:col, col being where text starts) when text, a name
 * or title the pages show, holds a character that is invisible or
 * reorders the text around it (utf8_is_hidden(): bidi overrides,
 * zero-width characters, controls): such a name can make a page say
 * something other than what its bytes say.  what names the field.
 */
void check_shown_text(struct diags *d, const char *file, unsigned line,
    unsigned col, const char *what, const char *text);

#endif
