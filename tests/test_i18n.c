/*
 * Tests for the interface strings: include/i18n.h.  The shipped
 * templates/lang/id.ini and en.ini must load cleanly; a strings file an
 * office edited gets exact diagnostics; placeholders, dates and the
 * decimal mark follow the language (content-format.md section 4:
 * "89,45" and "30 Oktober 2024" for id, "89.45" and "30 October 2024"
 * for en).
 */
#include "testutil.h"

#include <errno.h>

#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "load.h"
#include "publish.h"
#include "value.h"

/* ---- fixture ---------------------------------------------------------- */

struct fx {
	char		 dir[64];
	char		 path[96];	/* the strings file written by ini() */
	struct i18n	 t;
	struct diags	 d;
	char		*out;	/* diagnostics as printed, the file shown as "L" */
	int		 rc;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	if (x == NULL)
		return -1;
	snprintf(x->dir, sizeof x->dir, "/tmp/rapor-i18n-XXXXXX");
	if (mkdtemp(x->dir) == NULL) {
		free(x);
		return -1;
	}
	snprintf(x->path, sizeof x->path, "%s/xx.ini", x->dir);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	i18n_free(&x->t);
	diag_free(&x->d);
	free(x->out);
	remove_tree(x->dir);
	free(x);
	return 0;
}

/* The diagnostics of d as printed, with path shown as "L". */
static char *
diag_text(const struct diags *d, const char *path)
{
	struct buf b = BUF_INIT;
	char *raw = NULL, *p;
	size_t rawlen = 0, pl = strlen(path);
	FILE *fp = open_memstream(&raw, &rawlen);

	assert_non_null(fp);
	diag_print(d, fp);
	assert_int_equal(fclose(fp), 0);
	for (p = raw; *p; ) {
		if (strncmp(p, path, pl) == 0) {
			buf_putc(&b, 'L');
			p += pl;
		} else
			buf_putc(&b, *p++);
	}
	free(raw);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

static void
load_path(struct fx *x, const char *path)
{
	x->rc = i18n_load(&x->t, path, &x->d);
	free(x->out);
	x->out = diag_text(&x->d, path);
}

/* The shipped id.ini, read whole (caller frees). */
static char *
shipped(const char *lang)
{
	struct buf p = BUF_INIT;
	char *text;
	size_t len;

	buf_printf(&p, "templates/lang/%s.ini", lang);
	assert_int_equal(slurp(p.data, 1 << 20, &text, &len), 0);
	buf_free(&p);
	return text;
}

/* Write text as the strings file and load it. */
static void
ini(struct fx *x, const char *text, size_t len)
{
	FILE *fp = fopen(x->path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	load_path(x, x->path);
}

/* id.ini without the line that starts with "key =" (text must have it). */
static char *
without(const char *text, const char *key)
{
	struct buf b = BUF_INIT, pre = BUF_INIT;
	const char *p = text, *nl;
	int found = 0;

	buf_printf(&pre, "%s =", key);
	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		if (strncmp(p, pre.data, pre.len) == 0) {
			found = 1;
			continue;
		}
		buf_put(&b, p, (size_t)(nl + 1 - p));
	}
	assert_true(found);
	buf_free(&pre);
	return buf_detach(&b);
}

/* The ten required keys of a minimal valid file, plus extra lines. */
static char *
minimal(const char *extra)
{
	struct buf b = BUF_INIT;
	char *id = shipped("id");

	/* The shipped file has every key the C code needs. */
	buf_puts(&b, id);
	buf_puts(&b, extra);
	free(id);
	return buf_detach(&b);
}

/* ---- the shipped files ------------------------------------------------ */

static void
shipped_id(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;

	load_path(x, "templates/lang/id.ini");
	assert_string_equal(x->out, "");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->t.sep, ',');
	assert_string_equal(x->t.months[0], "Januari");
	assert_string_equal(x->t.months[9], "Oktober");
	assert_string_equal(x->t.months[11], "Desember");
	assert_string_equal(i18n_get(&x->t, "home"), "Beranda");
	assert_string_equal(i18n_get(&x->t, "lang"), "id");
	i18n_date(&b, &x->t, 20241030);
	assert_string_equal(b.data, "30 Oktober 2024");
	buf_free(&b);
}

static void
shipped_en(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;

	load_path(x, "templates/lang/en.ini");
	assert_string_equal(x->out, "");
	assert_int_equal(x->rc, 0);
	assert_int_equal(x->t.sep, '.');
	assert_string_equal(x->t.months[9], "October");
	assert_string_equal(i18n_get(&x->t, "lang"), "en");
	i18n_date(&b, &x->t, 20241030);
	assert_string_equal(b.data, "30 October 2024");
	buf_free(&b);
}

static void
shipped_same_keys(void **state)
{
	struct i18n id, en;
	struct diags d = DIAGS_INIT;
	size_t i;

	(void)state;
	assert_int_equal(i18n_load(&id, "templates/lang/id.ini", &d), 0);
	assert_int_equal(i18n_load(&en, "templates/lang/en.ini", &d), 0);
	/* A translation that forgets a key shows an empty string in the site. */
	assert_int_equal(id.n, en.n);
	for (i = 0; i < id.n; i++) {
		assert_string_equal(id.v[i].key, en.v[i].key);
		assert_true(id.v[i].val[0] != '\0');
		assert_true(en.v[i].val[0] != '\0');
	}
	assert_int_equal(d.n, 0);
	i18n_free(&id);
	i18n_free(&en);
	diag_free(&d);
}

static void
missing_file(void **state)
{
	struct fx *x = *state;
	struct buf p = BUF_INIT;

	buf_printf(&p, "%s/nope.ini", x->dir);
	load_path(x, p.data);
	assert_string_equal(x->out, "L: error: cannot read: No such file or "
	    "directory\n");
	assert_int_equal(x->rc, -1);
	assert_int_equal(diag_status(&x->d), 3);
	buf_free(&p);
}

/* ---- an edited strings file ------------------------------------------- */

static void
missing_key(void **state)
{
	struct fx *x = *state;
	char *id = shipped("id"), *text = without(id, "footer");

	ini(x, text, strlen(text));
	assert_string_equal(x->out, "L: error: string 'footer' is missing\n");
	assert_int_equal(x->rc, -1);
	assert_int_equal(diag_status(&x->d), 1);
	free(id);
	free(text);
}

static void
missing_keys_each_named(void **state)
{
	struct fx *x = *state;
	char *id = shipped("id"), *a = without(id, "mean_differs");
	char *b = without(a, "year");
	char *c = without(b, "col_score");

	ini(x, c, strlen(c));
	/* Every key the C code formats itself is checked. */
	assert_string_equal(x->out,
	    "L: error: string 'mean_differs' is missing\n"
	    "L: error: string 'year' is missing\n"
	    "L: error: string 'col_score' is missing\n");
	free(id);
	free(a);
	free(b);
	free(c);
}

static void
empty_value_is_missing(void **state)
{
	struct fx *x = *state;
	char *id = shipped("id"), *a = without(id, "home");
	struct buf b = BUF_INIT;

	buf_puts(&b, a);
	buf_puts(&b, "home =\n");
	ini(x, b.data, b.len);
	assert_string_equal(x->out, "L: error: string 'home' is missing\n");
	free(id);
	free(a);
	buf_free(&b);
}

static void
bad_line(void **state)
{
	struct fx *x = *state;
	char *text = minimal("\n; komentar\n# komentar\n   \t\n"
	    "judul tanpa sama dengan\n  menjorok\n\xC3\xA9t\xC3\xA9 \xE2\x82\xAC\n");
	size_t nl = 0;
	const char *p;

	for (p = text; *p; p++)
		nl += *p == '\n';
	ini(x, text, strlen(text));
	{
		struct buf e = BUF_INIT;

		/* The bad lines are the last three of the file. */
		buf_printf(&e, "L:%zu:1: error: expected 'key = value'\n"
		    "L:%zu:3: error: expected 'key = value'\n"
		    "L:%zu:1: error: expected 'key = value'\n", nl - 2, nl - 1,
		    nl);
		assert_string_equal(x->out, e.data);
		buf_free(&e);
	}
	assert_int_equal(x->rc, -1);
	free(text);
}

static void
blanks_bom_crlf(void **state)
{
	struct fx *x = *state;
	char *id = shipped("id"), *a = without(id, "home");
	char *b = without(a, "months");
	struct buf t = BUF_INIT;

	buf_puts(&t, "\xEF\xBB\xBF  home\t=   Rumah  \r\n");
	buf_puts(&t, "months=A B C D E F G H I J K L\r\n");
	buf_puts(&t, "kosong = \r\n");
	buf_puts(&t, "sama = a = b\r\n");
	buf_puts(&t, b);
	ini(x, t.data, t.len);
	assert_string_equal(x->out, "");
	assert_string_equal(i18n_get(&x->t, "home"), "Rumah");
	assert_string_equal(i18n_get(&x->t, "kosong"), "");
	/* Only the first '=' separates. */
	assert_string_equal(i18n_get(&x->t, "sama"), "a = b");
	assert_string_equal(x->t.months[0], "A");
	assert_string_equal(x->t.months[11], "L");
	/* Unknown keys read as "". */
	assert_string_equal(i18n_get(&x->t, "tidak-ada"), "");
	free(id);
	free(a);
	free(b);
	buf_free(&t);
}

static void
duplicate_key(void **state)
{
	struct fx *x = *state;
	char *text = minimal("home = Rumah\n");
	size_t nl = 0, first = 0;
	const char *p;

	/* Which of two would win is not defined: the office must choose. */
	for (p = text; *p; p++) {
		nl += *p == '\n';
		if (first == 0 && strncmp(p, "\nhome =", 7) == 0)
			first = nl + 1;
	}
	ini(x, text, strlen(text));
	{
		struct buf e = BUF_INIT;

		buf_printf(&e, "L:%zu:1: error: string 'home' is already "
		    "defined on line %zu\n", nl, first);
		assert_string_equal(x->out, e.data);
		buf_free(&e);
	}
	assert_int_equal(x->rc, -1);
	free(text);
}

static void
months_count(void **state)
{
	struct fx *x = *state;
	char *id = shipped("id"), *a = without(id, "months");
	struct buf t = BUF_INIT;

	buf_puts(&t, a);
	buf_puts(&t, "months = Jan Feb Mar\n");
	ini(x, t.data, t.len);
	assert_string_equal(x->out, "L: error: 'months' needs twelve names\n");
	assert_int_equal(x->rc, -1);
	free(id);
	free(a);
	buf_free(&t);
}

static void
invalid_utf8(void **state)
{
	struct fx *x = *state;
	char *text = minimal("footer2 = caf\xC3\xA9 \xFF\n");
	size_t nl = 0;
	const char *p;

	for (p = text; *p; p++)
		nl += *p == '\n';
	ini(x, text, strlen(text));
	{
		struct buf e = BUF_INIT;

		buf_printf(&e, "L:%zu:16: error: invalid UTF-8 byte 0xff\n", nl);
		assert_string_equal(x->out, e.data);
		buf_free(&e);
	}
	assert_int_equal(x->rc, -1);
	free(text);
}

/* ---- formatting ------------------------------------------------------- */

static void
fmt(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;
	char *text = minimal("t1 = {name} {year}\n"
	    "t2 = {a}-{a}-{a}\n"
	    "t3 = {known} {unknown} {}\n"
	    "t4 = buka { tanpa tutup\n"
	    "t5 = } {x\n"
	    "t6 = {{name}}\n"
	    "t7 = polos\n");

	ini(x, text, strlen(text));
	assert_string_equal(x->out, "");
	i18n_fmt(&b, &x->t, "t1", "year", "2023", "name", "Kota B", NULL);
	assert_string_equal(b.data, "Kota B 2023");
	buf_reset(&b);
	/* Repeated placeholders are all filled. */
	i18n_fmt(&b, &x->t, "t2", "a", "x", NULL);
	assert_string_equal(b.data, "x-x-x");
	buf_reset(&b);
	/* Unknown ones are copied as they are. */
	i18n_fmt(&b, &x->t, "t3", "known", "K", NULL);
	assert_string_equal(b.data, "K {unknown} {}");
	buf_reset(&b);
	i18n_fmt(&b, &x->t, "t4", "x", "y", NULL);
	assert_string_equal(b.data, "buka { tanpa tutup");
	buf_reset(&b);
	i18n_fmt(&b, &x->t, "t5", "x", "y", NULL);
	assert_string_equal(b.data, "} {x");
	buf_reset(&b);
	/* A value is inserted as it is, never read as a placeholder again. */
	i18n_fmt(&b, &x->t, "t1", "name", "{year}", "year", "2023", NULL);
	assert_string_equal(b.data, "{year} 2023");
	buf_reset(&b);
	i18n_fmt(&b, &x->t, "t6", "name", "N", NULL);
	assert_string_equal(b.data, "{{name}}");
	buf_reset(&b);
	/* A prefix is not a match. */
	i18n_fmt(&b, &x->t, "t1", "nam", "X", "names", "Y", NULL);
	assert_string_equal(b.data, "{name} {year}");
	buf_reset(&b);
	i18n_fmt(&b, &x->t, "t7", NULL);
	assert_string_equal(b.data, "polos");
	buf_reset(&b);
	/* A missing key appends nothing; fmt appends. */
	buf_puts(&b, "[");
	i18n_fmt(&b, &x->t, "tidak-ada", "a", "b", NULL);
	buf_puts(&b, "]");
	assert_string_equal(b.data, "[]");
	buf_free(&b);
	free(text);
}

static void
fmt_shipped_sentences(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;

	load_path(x, "templates/lang/id.ini");
	i18n_fmt(&b, &x->t, "mean_differs", "total", "89,45", "mean",
	    "89,40", "n", "6", NULL);
	assert_string_equal(b.data, "Nilai total yang dipublikasikan, 89,45, "
	    "berbeda dari rata-rata 6 unit yang tercantum, 89,40: tidak semua "
	    "nilai unit dirilis. Nilai resmi adalah 89,45.");
	buf_reset(&b);
	i18n_fmt(&b, &x->t, "rank_of", "rank", "2", "of", "7", NULL);
	assert_string_equal(b.data, "2 dari 7");
	buf_free(&b);
}

static void
dates(void **state)
{
	struct fx *x = *state;
	struct buf b = BUF_INIT;

	load_path(x, "templates/lang/id.ini");
	i18n_date(&b, &x->t, 20240101);
	assert_string_equal(b.data, "1 Januari 2024");
	buf_reset(&b);
	i18n_date(&b, &x->t, 19991231);
	assert_string_equal(b.data, "31 Desember 1999");
	buf_reset(&b);
	/* A month out of range appends nothing. */
	i18n_date(&b, &x->t, 20241301);
	i18n_date(&b, &x->t, 20240001);
	i18n_date(&b, &x->t, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

static void
decimal_mark(void **state)
{
	struct fx *x = *state;
	char *id = shipped("id"), *a = without(id, "decimal_sep");
	struct buf t = BUF_INIT;

	/* Anything but ',' is the point. */
	buf_puts(&t, a);
	buf_puts(&t, "decimal_sep = .\n");
	ini(x, t.data, t.len);
	assert_string_equal(x->out, "");
	assert_int_equal(x->t.sep, '.');
	i18n_free(&x->t);
	buf_reset(&t);
	buf_puts(&t, a);
	buf_puts(&t, "decimal_sep = ,\n");
	ini(x, t.data, t.len);
	assert_int_equal(x->t.sep, ',');
	free(id);
	free(a);
	buf_free(&t);
}

static void
value_map(void **state)
{
	struct fx *x = *state;
	struct value *m;
	const struct value *v;

	load_path(x, "templates/lang/en.ini");
	m = i18n_value(&x->t);
	v = v_get(m, "home");
	assert_non_null(v);
	assert_int_equal(v->type, VALUE_STR);
	assert_string_equal(v->u.str.s, i18n_get(&x->t, "home"));
	/* Placeholders stay for the templates to show as they are. */
	assert_string_equal(v_get(m, "rank_of")->u.str.s,
	    i18n_get(&x->t, "rank_of"));
	assert_null(v_get(m, "tidak-ada"));
	value_free(m);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(shipped_id),
		T(shipped_en),
		cmocka_unit_test(shipped_same_keys),
		T(missing_file),
		T(missing_key),
		T(missing_keys_each_named),
		T(empty_value_is_missing),
		T(bad_line),
		T(blanks_bom_crlf),
		T(duplicate_key),
		T(months_count),
		T(invalid_utf8),
		T(fmt),
		T(fmt_shipped_sentences),
		T(dates),
		T(decimal_mark),
		T(value_map),
	};

	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
