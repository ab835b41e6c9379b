/*
 * Load stage, INI files: the one line reader of include/ini.h, used by
 * site.ini below and by the interface strings files (i18n.c).  A small
 * reader of our own rather than inih: Debian's inih is built with a
 * 200-byte line limit (a longer description would be cut and misparsed)
 * and gives handlers no line numbers, while every diagnostic here must
 * name FILE:LINE:COLUMN.
 */
#include <string.h>
#include <stdlib.h>

#include "buf.h"
#include "ini.h"
#include "load.h"
#include "utf8.h"
#include "util.h"
#include "xalloc.h"

/* ---- The line reader -------------------------------------------------- */

void
ini_start(struct ini_reader *r, const char *path, const char *text,
    size_t len, int sections, struct diags *d)
{
	memset(r, 0, sizeof *r);
	r->path = path;
	r->p = text;
	r->end = text + len;
	r->line = 1;
	r->sections = sections;
	r->d = d;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

/*
 * Cut the inline comment and the quotes off the trimmed value [*v, *ve).
 * An inline comment starts at ';' after a blank, outside a quoted
 * value.  '#' starts a comment only at the start of a line: in a value
 * it is text ("Peringkat #1"), never silently cut off.
 */
static void
strip_value(const char **v, const char **ve)
{
	const char *c = *v;

	if (*v < *ve && **v == '"') {
		const char *q = memchr(*v + 1, '"', (size_t)(*ve - *v - 1));

		if (q != NULL)
			c = q + 1;
	}
	for (; c < *ve; c++)
		if (*c == ';' && c > *v && (c[-1] == ' ' || c[-1] == '\t')) {
			*ve = c;
			str_trim(v, ve);
			break;
		}
	if (*ve - *v >= 2 && **v == '"' && (*ve)[-1] == '"') {
		(*v)++;
		(*ve)--;
	}
}

/* Record the error msg at line, col of the file; 0 for read_line(). */
static int
broken(struct ini_reader *r, unsigned line, unsigned col, const char *msg)
{
	diag(r->d, DIAG_ERROR, r->path, line, col, "%s", msg);
	return 0;
}

/*
 * Read line number line, the bytes [p, le) without the line end, into
 * *out: 1 when it is a section header or a key, 0 when it is blank, a
 * comment or broken (reported).
 */
static int
read_line(struct ini_reader *r, const char *p, const char *le,
    unsigned line, struct ini_line *out)
{
	const char *s = p, *e = le, *nul, *eq, *k, *ke, *v, *ve;
	size_t bad;

	if ((nul = memchr(p, '\0', (size_t)(le - p))) != NULL)
		return broken(r, line, utf8_col(p, nul), "NUL byte in file");
	if ((bad = utf8_invalid(p, (size_t)(le - p))) != (size_t)-1) {
		diag(r->d, DIAG_ERROR, r->path, line, utf8_col(p, p + bad),
		    "invalid UTF-8 byte 0x%02x", (unsigned char)p[bad]);
		return 0;
	}
	str_trim(&s, &e);
	if (s == e || *s == ';' || *s == '#')
		return 0;
	memset(out, 0, sizeof *out);
	out->line = line;
	out->col = utf8_col(p, s);
	if (r->sections && *s == '[') {
		const char *close = memchr(s, ']', (size_t)(e - s));

		if (close == NULL)
			return broken(r, line, out->col, "section header has "
			    "no closing ']'");
		k = s + 1;
		ke = close;
		str_trim(&k, &ke);
		out->kind = INI_SECTION;
		out->name = k;
		out->nlen = (size_t)(ke - k);
		return 1;
	}
	if ((eq = memchr(s, '=', (size_t)(e - s))) == NULL)
		return broken(r, line, out->col, r->sections ?
		    "expected 'key = value' or '[section]'" :
		    "expected 'key = value'");
	k = s;
	ke = eq;
	str_trim(&k, &ke);
	if (k == ke)
		return broken(r, line, out->col, "missing key before '='");
	v = eq + 1;
	ve = e;
	str_trim(&v, &ve);
	strip_value(&v, &ve);
	out->kind = INI_KEY;
	out->name = k;
	out->nlen = (size_t)(ke - k);
	out->val = v;
	out->vlen = (size_t)(ve - v);
	out->vcol = utf8_col(p, v);
	return 1;
}

int
ini_next(struct ini_reader *r, struct ini_line *out)
{
	while (r->p < r->end) {
		const char *p = r->p, *le;
		const char *nl = memchr(p, '\n', (size_t)(r->end - p));
		unsigned line = r->line++;

		if (nl == NULL)
			nl = r->end;
		r->p = nl < r->end ? nl + 1 : r->end;
		le = nl;
		if (le > p && le[-1] == '\r')
			le--;
		if (read_line(r, p, le, line, out))
			return 1;
	}
	return 0;
}

/* ---- site.ini --------------------------------------------------------- */

struct site_state {
	const char	*path;		/* for diagnostics */
	struct site	*site;		/* being filled */
	struct diags	*d;		/* where problems go */
	char		 section[32];	/* current section name ("" before any) */
	int		 known_section;	/* nonzero inside [site] or [scoring] */
};

static const char *const site_keys[] = {
	"title", "description", "base_url", "language", "publisher",
	"source_url", "source_name"
};
static const char *const scoring_keys[] = {
	"scale_min", "scale_max", "decimals", "rounding", "unit"
};

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

/*
 * Which of the two words a and b the value v of key is: 0 or 1, or -1
 * after reporting that it is neither.
 */
static int
choose(struct site_state *st, const char *key, const char *v,
    unsigned line, unsigned col, const char *a, const char *b)
{
	if (strcmp(v, a) == 0)
		return 0;
	if (strcmp(v, b) == 0)
		return 1;
	diag(st->d, DIAG_ERROR, st->path, line, col, "%s must be '%s' or "
	    "'%s', not '%s'", key, a, b, v);
	return -1;
}

static void
set_scale(struct site_state *st, const char *key, const char *v,
    unsigned line, unsigned col, struct dec *out)
{
	if (dec_parse(v, out) != DEC_OK)
		diag(st->d, DIAG_ERROR, st->path, line, col,
		    "%s '%s' is not a number", key, v);
}

/*
 * Set *dst to the URL v of key (NULL when v is empty), or report why it
 * is not one a page may link to.  With slash, a final '/' is added: a
 * base every path is appended to.
 */
static void
set_url(struct site_state *st, const char *key, const char *v,
    unsigned line, unsigned col, int slash, char **dst)
{
	struct buf b = BUF_INIT;

	free(*dst);
	*dst = NULL;
	if (*v == '\0')
		return;
	if (strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0) {
		diag(st->d, DIAG_ERROR, st->path, line, col, "%s must "
		    "start with http:// or https://", key);
		return;
	}
	if (strpbrk(v, " \t\"'<>\\") != NULL) {
		diag(st->d, DIAG_ERROR, st->path, line, col, "%s may "
		    "not contain blanks, quotes, '<', '>' or '\\'", key);
		return;
	}
	buf_puts(&b, v);
	if (slash && (b.len == 0 || b.data[b.len - 1] != '/'))
		buf_putc(&b, '/');
	*dst = buf_detach(&b);
}

/* Set key of [site] to v (at col): 0, or -1 when there is no such key. */
static int
set_site_key(struct site_state *st, const char *key, const char *v,
    unsigned line, unsigned col)
{
	struct site *s = st->site;
	int k;

	if (strcmp(key, "title") == 0 || strcmp(key, "description") == 0 ||
	    strcmp(key, "publisher") == 0 || strcmp(key, "source_name") == 0)
		check_shown_text(st->d, st->path, line, col, key, v);
	if (strcmp(key, "title") == 0)
		set_str(&s->title, v);
	else if (strcmp(key, "description") == 0)
		set_str(&s->description, v);
	else if (strcmp(key, "publisher") == 0)
		set_str(&s->publisher, v);
	else if (strcmp(key, "source_name") == 0)
		set_str(&s->source_name, v);
	else if (strcmp(key, "base_url") == 0)
		set_url(st, key, v, line, col, 1, &s->base_url);
	else if (strcmp(key, "source_url") == 0)
		set_url(st, key, v, line, col, 0, &s->source_url);
	else if (strcmp(key, "language") == 0) {
		if ((k = choose(st, key, v, line, col, "id", "en")) >= 0)
			s->language = k ? LANG_EN : LANG_ID;
	} else
		return -1;
	return 0;
}

/* Set key of [scoring] to v (at col): 0, or -1 when there is no such key. */
static int
set_scoring_key(struct site_state *st, const char *key, const char *v,
    unsigned line, unsigned col)
{
	struct site *s = st->site;
	int k;

	if (strcmp(key, "scale_min") == 0)
		set_scale(st, key, v, line, col, &s->scale_min);
	else if (strcmp(key, "scale_max") == 0)
		set_scale(st, key, v, line, col, &s->scale_max);
	else if (strcmp(key, "decimals") == 0) {
		if (strlen(v) == 1 && v[0] >= '0' && v[0] <= '9')
			s->decimals = v[0] - '0';
		else
			diag(st->d, DIAG_ERROR, st->path, line, col,
			    "decimals must be a whole number from 0 to 9, "
			    "not '%s'", v);
	} else if (strcmp(key, "rounding") == 0) {
		if ((k = choose(st, key, v, line, col, "half-up",
		    "truncate")) >= 0)
			s->rounding = k ? ROUND_TRUNCATE : ROUND_HALF_UP;
	} else if (strcmp(key, "unit") == 0) {
		if ((k = choose(st, key, v, line, col, "weighted-mean",
		    "sum")) >= 0)
			s->unit_rule = k ? UNIT_SUM : UNIT_WEIGHTED_MEAN;
	} else
		return -1;
	return 0;
}

static void
enter_section(struct site_state *st, const struct ini_line *l)
{
	static const char *const sections[] = { "site", "scoring" };
	size_t n = l->nlen;
	const char *near;

	if (n >= sizeof st->section)
		n = sizeof st->section - 1;
	memcpy(st->section, l->name, n);
	st->section[n] = '\0';
	st->known_section = strcmp(st->section, "site") == 0 ||
	    strcmp(st->section, "scoring") == 0;
	if (st->known_section)
		return;
	near = diag_suggest(st->section, sections, 2);
	diag(st->d, DIAG_WARNING, st->path, l->line, l->col, "unknown "
	    "section [%s] ignored%s%s%s", st->section,
	    near ? "; did you mean '" : "", near ? near : "",
	    near ? "'?" : "");
}

static void
set_key(struct site_state *st, const struct ini_line *l)
{
	int site = strcmp(st->section, "site") == 0;
	char key[64], *v;
	const char *near;
	int rc;

	if (st->section[0] == '\0') {
		diag(st->d, DIAG_ERROR, st->path, l->line, l->col, "key "
		    "outside any section (start with [site] or [scoring])");
		return;
	}
	if (!st->known_section)
		return;
	if (l->nlen >= sizeof key) {
		diag(st->d, DIAG_WARNING, st->path, l->line, l->col,
		    "unknown key ignored");
		return;
	}
	memcpy(key, l->name, l->nlen);
	key[l->nlen] = '\0';
	v = xstrndup(l->val, l->vlen);
	rc = site ? set_site_key(st, key, v, l->line, l->vcol) :
	    set_scoring_key(st, key, v, l->line, l->vcol);
	free(v);
	if (rc == 0)
		return;
	near = site ? diag_suggest(key, site_keys,
	    sizeof site_keys / sizeof site_keys[0]) :
	    diag_suggest(key, scoring_keys, 5);
	diag(st->d, DIAG_WARNING, st->path, l->line, l->col, "unknown key "
	    "'%s' in [%s] ignored%s%s%s", key, st->section,
	    near ? "; did you mean '" : "", near ? near : "",
	    near ? "'?" : "");
}

size_t
load_site_ini(const char *path, const char *text, size_t len,
    struct site *site, struct diags *d)
{
	struct site_state st;
	struct ini_reader r;
	struct ini_line l;
	size_t before = d->errors;

	memset(&st, 0, sizeof st);
	st.path = path;
	st.site = site;
	st.d = d;
	memset(site, 0, sizeof *site);
	site->title = xstrdup("");
	site->description = xstrdup("");
	site->publisher = xstrdup("");
	site->source_name = xstrdup("");
	site->language = LANG_ID;
	site->scale_min.v = 0;
	site->scale_max.v = 100 * DEC_ONE;
	site->decimals = 2;
	site->rounding = ROUND_HALF_UP;
	site->unit_rule = UNIT_WEIGHTED_MEAN;
	ini_start(&r, path, text, len, 1, d);
	while (ini_next(&r, &l)) {
		if (l.kind == INI_SECTION)
			enter_section(&st, &l);
		else
			set_key(&st, &l);
	}
	if (site->title[0] == '\0')
		diag(d, DIAG_ERROR, path, 0, 0, "[site] title is required");
	if (dec_cmp(site->scale_min, site->scale_max) >= 0)
		diag(d, DIAG_ERROR, path, 0, 0, "scale_min must be below "
		    "scale_max");
	return d->errors - before;
}
