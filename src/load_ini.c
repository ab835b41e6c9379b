/*
 * Load stage, site.ini.  A small parser of our own rather than inih:
 * Debian's inih is built with a 200-byte line limit (a longer
 * description would be cut and misparsed) and gives handlers no line
 * numbers, while every diagnostic here must name FILE:LINE:COLUMN.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>

#include "buf.h"
#include "load.h"
#include "utf8.h"
#include "util.h"
#include "xalloc.h"

struct ini_state {
	const char	*path;		/* for diagnostics */
	struct site	*site;		/* being filled */
	struct diags	*d;		/* where problems go */
	size_t		 errors;	/* errors recorded by this parse */
	char		 section[32];	/* current section name ("" before any) */
	int		 known_section;	/* nonzero inside [site] or [scoring] */
};

static const char *const site_keys[] = {
	"title", "description", "base_url", "language", "publisher"
};
static const char *const scoring_keys[] = {
	"scale_min", "scale_max", "decimals", "rounding", "unit"
};

static void
ini_error(struct ini_state *st, unsigned line, unsigned col,
    const char *what, const char *detail)
{
	diag(st->d, DIAG_ERROR, st->path, line, col, "%s%s", what, detail);
	st->errors++;
}

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static int
parse_scale(struct ini_state *st, const char *key, const char *v,
    unsigned line, unsigned col, struct dec *out)
{
	if (dec_parse(v, out) != DEC_OK) {
		diag(st->d, DIAG_ERROR, st->path, line, col,
		    "%s '%s' is not a number", key, v);
		st->errors++;
		return -1;
	}
	return 0;
}

static void
set_key(struct ini_state *st, const char *key, const char *v,
    unsigned line, unsigned kcol, unsigned vcol)
{
	struct site *s = st->site;
	const char *near;

	if (strcmp(st->section, "site") == 0) {
		if (strcmp(key, "title") == 0)
			set_str(&s->title, v);
		else if (strcmp(key, "description") == 0)
			set_str(&s->description, v);
		else if (strcmp(key, "publisher") == 0)
			set_str(&s->publisher, v);
		else if (strcmp(key, "base_url") == 0) {
			free(s->base_url);
			s->base_url = NULL;
			if (*v == '\0')
				return;
			if (strncmp(v, "https://", 8) != 0 &&
			    strncmp(v, "http://", 7) != 0) {
				ini_error(st, line, vcol, "base_url must start "
				    "with http:// or https://", "");
				return;
			}
			if (strpbrk(v, " \t\"'<>\\") != NULL) {
				ini_error(st, line, vcol, "base_url may not "
				    "contain blanks, quotes, '<', '>' or '\\'",
				    "");
				return;
			}
			{
				struct buf b = BUF_INIT;

				buf_puts(&b, v);
				if (b.len == 0 || b.data[b.len - 1] != '/')
					buf_putc(&b, '/');
				s->base_url = buf_detach(&b);
			}
		} else if (strcmp(key, "language") == 0) {
			if (strcmp(v, "id") == 0)
				s->language = LANG_ID;
			else if (strcmp(v, "en") == 0)
				s->language = LANG_EN;
			else
				diag(st->d, DIAG_ERROR, st->path, line, vcol,
				    "language must be 'id' or 'en', not '%s'",
				    v), st->errors++;
		} else
			goto unknown;
		return;
	}
	if (strcmp(key, "scale_min") == 0)
		parse_scale(st, key, v, line, vcol, &s->scale_min);
	else if (strcmp(key, "scale_max") == 0)
		parse_scale(st, key, v, line, vcol, &s->scale_max);
	else if (strcmp(key, "decimals") == 0) {
		if (strlen(v) == 1 && v[0] >= '0' && v[0] <= '9')
			s->decimals = v[0] - '0';
		else
			diag(st->d, DIAG_ERROR, st->path, line, vcol,
			    "decimals must be a whole number from 0 to 9, "
			    "not '%s'", v), st->errors++;
	} else if (strcmp(key, "rounding") == 0) {
		if (strcmp(v, "half-up") == 0)
			s->rounding = ROUND_HALF_UP;
		else if (strcmp(v, "truncate") == 0)
			s->rounding = ROUND_TRUNCATE;
		else
			diag(st->d, DIAG_ERROR, st->path, line, vcol,
			    "rounding must be 'half-up' or 'truncate', not "
			    "'%s'", v), st->errors++;
	} else if (strcmp(key, "unit") == 0) {
		if (strcmp(v, "weighted-mean") == 0)
			s->unit_rule = UNIT_WEIGHTED_MEAN;
		else if (strcmp(v, "sum") == 0)
			s->unit_rule = UNIT_SUM;
		else
			diag(st->d, DIAG_ERROR, st->path, line, vcol,
			    "unit must be 'weighted-mean' or 'sum', not '%s'",
			    v), st->errors++;
	} else
		goto unknown;
	return;
unknown:
	if (strcmp(st->section, "site") == 0)
		near = diag_suggest(key, site_keys, 5);
	else
		near = diag_suggest(key, scoring_keys, 5);
	if (near)
		diag(st->d, DIAG_WARNING, st->path, line, kcol,
		    "unknown key '%s' in [%s] ignored; did you mean '%s'?",
		    key, st->section, near);
	else
		diag(st->d, DIAG_WARNING, st->path, line, kcol,
		    "unknown key '%s' in [%s] ignored", key, st->section);
}

static void
parse_line(struct ini_state *st, const char *p, const char *end,
    unsigned line)
{
	const char *s = p, *e = end, *eq, *k, *ke, *v, *ve, *c;
	char key[64];
	struct buf val = BUF_INIT;

	str_trim(&s, &e);
	if (s == e || *s == ';' || *s == '#')
		return;
	if (*s == '[') {
		const char *close = memchr(s, ']', (size_t)(e - s));
		size_t n;

		if (close == NULL) {
			ini_error(st, line, utf8_col(p, s), "section header "
			    "has no closing ']'", "");
			return;
		}
		k = s + 1;
		ke = close;
		str_trim(&k, &ke);
		n = (size_t)(ke - k);
		if (n >= sizeof st->section)
			n = sizeof st->section - 1;
		memcpy(st->section, k, n);
		st->section[n] = '\0';
		st->known_section = strcmp(st->section, "site") == 0 ||
		    strcmp(st->section, "scoring") == 0;
		if (!st->known_section) {
			static const char *const sections[] = { "site",
			    "scoring" };
			const char *near = diag_suggest(st->section, sections,
			    2);

			if (near)
				diag(st->d, DIAG_WARNING, st->path, line,
				    utf8_col(p, s), "unknown section [%s] "
				    "ignored; did you mean '%s'?", st->section,
				    near);
			else
				diag(st->d, DIAG_WARNING, st->path, line,
				    utf8_col(p, s), "unknown section [%s] "
				    "ignored", st->section);
		}
		return;
	}
	eq = memchr(s, '=', (size_t)(e - s));
	if (eq == NULL) {
		ini_error(st, line, utf8_col(p, s), "expected 'key = value' "
		    "or '[section]'", "");
		return;
	}
	k = s;
	ke = eq;
	str_trim(&k, &ke);
	v = eq + 1;
	ve = e;
	str_trim(&v, &ve);
	/*
	 * An inline comment starts at ';' after a blank, outside a quoted
	 * value.  '#' starts a comment only at the start of a line: in a
	 * value it is text ("Peringkat #1"), never silently cut off.
	 */
	c = v;
	if (v < ve && *v == '"') {
		const char *q = memchr(v + 1, '"', (size_t)(ve - v - 1));

		if (q != NULL)
			c = q + 1;
	}
	for (; c < ve; c++)
		if (*c == ';' && c > v && (c[-1] == ' ' || c[-1] == '\t')) {
			ve = c;
			str_trim(&v, &ve);
			break;
		}
	if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
		v++;
		ve--;
	}
	if (k == ke) {
		ini_error(st, line, utf8_col(p, s), "missing key before '='",
		    "");
		return;
	}
	if (st->section[0] == '\0') {
		ini_error(st, line, utf8_col(p, k), "key outside any section "
		    "(start with [site] or [scoring])", "");
		return;
	}
	if (!st->known_section)
		return;
	if ((size_t)(ke - k) >= sizeof key) {
		diag(st->d, DIAG_WARNING, st->path, line, utf8_col(p, k),
		    "unknown key ignored");
		return;
	}
	memcpy(key, k, (size_t)(ke - k));
	key[ke - k] = '\0';
	buf_put(&val, v, (size_t)(ve - v));
	set_key(st, key, buf_str(&val), line, utf8_col(p, k), utf8_col(p, v));
	buf_free(&val);
}

size_t
load_site_ini(const char *path, const char *text, size_t len,
    struct site *site, struct diags *d)
{
	struct ini_state st;
	const char *p = text, *end = text + len, *nl;
	unsigned line = 1;
	size_t bad;

	memset(&st, 0, sizeof st);
	st.path = path;
	st.site = site;
	st.d = d;
	memset(site, 0, sizeof *site);
	site->title = xstrdup("");
	site->description = xstrdup("");
	site->publisher = xstrdup("");
	site->language = LANG_ID;
	site->scale_min.v = 0;
	site->scale_max.v = 100 * DEC_ONE;
	site->decimals = 2;
	site->rounding = ROUND_HALF_UP;
	site->unit_rule = UNIT_WEIGHTED_MEAN;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (; p < end; p = nl + 1, line++) {
		const char *le;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		le = nl;
		if (le > p && le[-1] == '\r')
			le--;
		if (memchr(p, '\0', (size_t)(le - p)) != NULL) {
			ini_error(&st, line, utf8_col(p, memchr(p, '\0',
			    (size_t)(le - p))), "NUL byte in file", "");
			continue;
		}
		if ((bad = utf8_invalid(p, (size_t)(le - p))) != (size_t)-1) {
			diag(d, DIAG_ERROR, path, line, utf8_col(p, p + bad),
			    "invalid UTF-8 byte 0x%02x",
			    (unsigned char)p[bad]);
			st.errors++;
			continue;
		}
		parse_line(&st, p, le, line);
		if (nl == end)
			break;
	}
	if (site->title[0] == '\0') {
		diag(d, DIAG_ERROR, path, 0, 0, "[site] title is required");
		st.errors++;
	}
	if (dec_cmp(site->scale_min, site->scale_max) >= 0) {
		diag(d, DIAG_ERROR, path, 0, 0, "scale_min must be below "
		    "scale_max");
		st.errors++;
	}
	return st.errors;
}
