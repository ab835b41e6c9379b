/*
 * Interface strings: templates/lang/<language>.ini, one "key = value" a
 * line, so that an office can reword or translate the interface without
 * touching C.  Also number and date formatting by language.
 */
#ifndef RAPOR_I18N_H
#define RAPOR_I18N_H

#include <stddef.h>

#include "buf.h"
#include "decimal.h"
#include "diag.h"
#include "value.h"

struct i18n_entry {
	char	*key;	/* the string's key (owned) */
	char	*val;	/* its text, with {placeholders} (owned) */
};

struct i18n {
	struct i18n_entry *v;	/* entries sorted by key (owned) */
	size_t	 n;		/* number of entries */
	char	 sep;		/* decimal mark: ',' or '.' (key decimal_sep) */
	char	*months[12];	/* month names (key months), owned */
};

/*
 * Load the strings file at path: "key = value" lines read by the INI
 * reader of ini.h, with site.ini's rules (comments, an inline comment
 * at ';' after a blank, double quotes to keep one) but no sections.  A
 * key defined twice is an error, and so is a missing or empty value
 * for a key rapor's C code formats itself (the message names the key).
 * Returns 0, or -1 with diagnostics recorded.
 */
int i18n_load(struct i18n *t, const char *path, struct diags *d);

/* The text of key, or "" when there is none. */
const char *i18n_get(const struct i18n *t, const char *key);

/*
 * Append the text of key with each {name} replaced by the value that
 * follows name in the NULL-terminated list of name, value pairs.
 * Unknown placeholders are copied as they are.
 */
void i18n_fmt(struct buf *b, const struct i18n *t, const char *key, ...);

/* A value map of every string, for templates ({{t.key}}). */
struct value *i18n_value(const struct i18n *t);

/* Append a date given as yyyymmdd: "30 Oktober 2024". */
void i18n_date(struct buf *b, const struct i18n *t, int yyyymmdd);

/* Free everything t owns. */
void i18n_free(struct i18n *t);

#endif
