/*
 * The template compiler: Mustache source to the node tree of
 * src/template_impl.h, which template_render.c walks.
 *
 * Mustache's whitespace rules are about whole lines ("a tag alone on its
 * line takes the line with it") and, for template inheritance, about
 * pairs of tags, so compiling runs in passes over a list of tokens:
 *
 *   1. tokenize: text, split after every newline, and tags, following
 *      delimiter changes;
 *   2. match sections, parents and blocks with their closing tags;
 *   3. decide which tags are standalone and mark the whitespace and line
 *      ends they swallow;
 *   4. strip the intrinsic indentation of block arguments and measure
 *      the indentation a block parameter gives what replaces it;
 *   5. build the node tree, merging adjacent text and recording where
 *      lines start, for the renderer's indentation.
 */
#include "template_impl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

#define NPOS ((size_t)-1)

enum tok_kind {
	TK_TEXT,	/* literal text, at most one line of it */
	TK_VAR,		/* {{name}} */
	TK_RAW,		/* {{{name}}} or {{&name}} */
	TK_SECTION,	/* {{#name}} */
	TK_INVERTED,	/* {{^name}} */
	TK_CLOSE,	/* {{/name}} */
	TK_COMMENT,	/* {{! ... }} */
	TK_PARTIAL,	/* {{>name}} */
	TK_PARENT,	/* {{<name}} */
	TK_BLOCK,	/* {{$name}} */
	TK_DELIM	/* {{=<% %>=}} */
};

struct tok {
	enum tok_kind	 kind;	/* what the token is */
	size_t		 off;	/* TK_TEXT: first byte; tags: the trimmed name */
	size_t		 len;	/* bytes at off; text shrinks when block
				   indentation is stripped from it */
	size_t		 at;	/* tags: the opening delimiter, for positions */
	size_t		 mate;	/* openers: index of the closing tag and back */
	size_t		 line;	/* logical line: a tag spanning lines is on one */
	size_t		 ind_off; /* TK_PARTIAL, TK_PARENT: indentation when
				   standalone; TK_BLOCK parameter: what
				   indents a replacement */
	size_t		 ind_len; /* bytes at ind_off */
	unsigned char	 removed; /* TK_TEXT swallowed by a standalone tag */
	unsigned char	 standalone; /* the tag took its whole line */
	unsigned char	 arg;	/* TK_BLOCK directly inside a parent: an
				   argument, not a parameter */
	unsigned char	 rclear; /* TK_BLOCK argument: nothing but a line end
				   followed it, so its content starts on a
				   line of its own */
	unsigned char	 placement; /* TK_BLOCK parameter: enum
				   block_placement */
};

/* State of one compilation. */
struct compiler {
	const char	*src;	/* the template's source */
	size_t		 len;	/* bytes in src */
	const char	*file;	/* for diagnostics */
	struct diags	*d;	/* where errors go */
	struct tok	*t;	/* tokens (owned) */
	size_t		 n;	/* tokens in t */
	size_t		 cap;	/* capacity of t */
	size_t		*first;	/* first token of each logical line (owned) */
	size_t		 nlines; /* lines in first */
	size_t		 lcap;	/* capacity of first */
	size_t		 cur_off; /* where pos_of() stopped: positions are
				   mostly asked in source order, so it
				   goes on from there */
	unsigned	 cur_line; /* line at cur_off; 0 before any */
	unsigned	 cur_col; /* column at cur_off */
};

/* ---- Pass 1: tokens ---- */

/* Position of byte off as 1-based line and column (in characters). */
static void
pos_of(struct compiler *cp, size_t off, unsigned *line, unsigned *col)
{
	size_t i;

	if (off < cp->cur_off || cp->cur_line == 0) {
		cp->cur_off = 0;
		cp->cur_line = 1;
		cp->cur_col = 1;
	}
	for (i = cp->cur_off; i < off; i++) {
		if (cp->src[i] == '\n') {
			cp->cur_line++;
			cp->cur_col = 1;
		} else if (((unsigned char)cp->src[i] & 0xC0) != 0x80)
			cp->cur_col++;
	}
	cp->cur_off = off;
	*line = cp->cur_line;
	*col = cp->cur_col;
}

static int syntax(struct compiler *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Record a syntax error at byte at; returns -1 for "return syntax(...)". */
static int
syntax(struct compiler *cp, size_t at, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	unsigned line, col;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	pos_of(cp, at, &line, &col);
	diag(cp->d, DIAG_ERROR, cp->file, line, col, "%s", buf_str(&b));
	buf_free(&b);
	return -1;
}

/* First occurrence of the plen bytes at pat in s[from, end), or NPOS. */
static size_t
find(const char *s, size_t from, size_t end, const char *pat, size_t plen)
{
	while (from + plen <= end) {
		const char *p = memchr(s + from, pat[0], end - from - plen + 1);

		if (p == NULL)
			return NPOS;
		from = (size_t)(p - s);
		if (memcmp(p, pat, plen) == 0)
			return from;
		from++;
	}
	return NPOS;
}

/* First ch immediately followed by pat in s[from, end), or NPOS. */
static size_t
find_pre(const char *s, size_t from, size_t end, int ch, const char *pat,
    size_t plen)
{
	while (from + 1 + plen <= end) {
		const char *p = memchr(s + from, ch, end - from - plen);

		if (p == NULL)
			return NPOS;
		from = (size_t)(p - s);
		if (memcmp(p + 1, pat, plen) == 0)
			return from;
		from++;
	}
	return NPOS;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct tok *
add_tok(struct compiler *cp, enum tok_kind kind)
{
	struct tok *k;

	XGROW(&cp->t, &cp->n, &cp->cap);
	k = &cp->t[cp->n++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	return k;
}

/* Text s[a, b) as tokens that each end at a newline or at b. */
static void
add_text(struct compiler *cp, size_t a, size_t b)
{
	while (a < b) {
		const char *nl = memchr(cp->src + a, '\n', b - a);
		size_t e = nl ? (size_t)(nl - cp->src) + 1 : b;
		struct tok *k = add_tok(cp, TK_TEXT);

		k->off = a;
		k->len = e - a;
		a = e;
	}
}

/*
 * Check the name of the tag at byte at.  A name is a run of non-space
 * bytes; a dotted one (interpolation, sections) is "." or parts joined
 * by single dots.
 */
static int
check_name(struct compiler *cp, size_t at, size_t off, size_t len, int dotted)
{
	const char *s = cp->src + off;
	size_t i;

	if (len == 0)
		return syntax(cp, at, "empty tag name");
	for (i = 0; i < len; i++)
		if (is_space(s[i]))
			return syntax(cp, at, "invalid tag name '%.*s': a name "
			    "cannot contain spaces", tpl_shown(s, len), s);
	if (!dotted || (len == 1 && s[0] == '.'))
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '.' && (i == 0 || i + 1 == len || s[i + 1] == '.'))
			return syntax(cp, at, "invalid tag name '%.*s': empty "
			    "part between dots", tpl_shown(s, len), s);
	return 0;
}

/* Split the tokens of cp->src, following delimiter changes. */
static int
tokenize(struct compiler *cp)
{
	const char *s = cp->src, *ot = "{{", *ct = "}}";
	size_t n = cp->len, otl = 2, ctl = 2, pos = 0;

	while (pos < n) {
		size_t o = find(s, pos, n, ot, otl), p, a, b, c, first;
		enum tok_kind kind;
		struct tok *k;
		int sigil;

		if (o == NPOS) {
			add_text(cp, pos, n);
			break;
		}
		add_text(cp, pos, o);
		p = o + otl;
		sigil = p < n ? (unsigned char)s[p] : 0;
		switch (sigil) {
		case '!':
			first = find(s, p + 1, n, ct, ctl);
			if (first == NPOS)
				return syntax(cp, o, "unclosed comment: no "
				    "'%.*s' after '%.*s!'", (int)ctl, ct,
				    (int)otl, ot);
			k = add_tok(cp, TK_COMMENT);
			k->at = o;
			pos = first + ctl;
			continue;
		case '=': {
			size_t eq = find_pre(s, p + 1, n, '=', ct, ctl);
			size_t sp, sp2;

			first = find(s, p + 1, n, ct, ctl);
			if (eq == NPOS || eq > first)
				return syntax(cp, o, "unclosed set-delimiter "
				    "tag: no '=%.*s' after '%.*s='", (int)ctl,
				    ct, (int)otl, ot);
			for (a = p + 1; a < eq && is_space(s[a]); a++)
				;
			for (b = eq; b > a && is_space(s[b - 1]); b--)
				;
			for (sp = a; sp < b && !is_space(s[sp]); sp++)
				;
			for (c = sp; c < b && is_space(s[c]); c++)
				;
			for (sp2 = c; sp2 < b && !is_space(s[sp2]); sp2++)
				;
			if (sp == a || c == b || sp2 != b)
				return syntax(cp, o, "bad delimiter change: "
				    "expected two delimiters separated by "
				    "space, like %.*s=<%% %%>=%.*s", (int)otl,
				    ot, (int)ctl, ct);
			if (memchr(s + a, '=', b - a) != NULL)
				return syntax(cp, o, "bad delimiter change: "
				    "delimiters cannot contain '='");
			k = add_tok(cp, TK_DELIM);
			k->at = o;
			pos = eq + 1 + ctl;
			ot = s + a;
			otl = sp - a;
			ct = s + c;
			ctl = b - c;
			continue;
		}
		case '{': {
			size_t br = find_pre(s, p + 1, n, '}', ct, ctl);

			first = find(s, p + 1, n, ct, ctl);
			if (br == NPOS || br > first)
				return syntax(cp, o, "unclosed tag: no "
				    "'}%.*s' after '%.*s{'", (int)ctl, ct,
				    (int)otl, ot);
			kind = TK_RAW;
			a = p + 1;
			b = br;
			pos = br + 1 + ctl;
			break;
		}
		default:
			switch (sigil) {
			case '#': kind = TK_SECTION; break;
			case '^': kind = TK_INVERTED; break;
			case '/': kind = TK_CLOSE; break;
			case '>': kind = TK_PARTIAL; break;
			case '<': kind = TK_PARENT; break;
			case '$': kind = TK_BLOCK; break;
			case '&': kind = TK_RAW; break;
			default: kind = TK_VAR; break;
			}
			a = kind == TK_VAR ? p : p + 1;
			first = find(s, a, n, ct, ctl);
			if (first == NPOS)
				return syntax(cp, o, "unclosed tag: no '%.*s' "
				    "after '%.*s'", (int)ctl, ct, (int)otl, ot);
			b = first;
			pos = first + ctl;
			break;
		}
		while (a < b && is_space(s[a]))
			a++;
		while (b > a && is_space(s[b - 1]))
			b--;
		if (check_name(cp, o, a, b - a, kind == TK_VAR ||
		    kind == TK_RAW || kind == TK_SECTION ||
		    kind == TK_INVERTED) < 0)
			return -1;
		k = add_tok(cp, kind);
		k->at = o;
		k->off = a;
		k->len = b - a;
	}
	return 0;
}

/* ---- Pass 2: pairs ---- */

static const char *
kind_sigil(enum tok_kind kind)
{
	switch (kind) {
	case TK_SECTION: return "#";
	case TK_INVERTED: return "^";
	case TK_PARENT: return "<";
	case TK_BLOCK: return "$";
	default: return "";
	}
}

static const char *
kind_word(enum tok_kind kind)
{
	switch (kind) {
	case TK_SECTION: return "section";
	case TK_INVERTED: return "inverted section";
	case TK_PARENT: return "parent";
	default: return "block";
	}
}

/*
 * Match every opener with its closing tag, mark blocks that are
 * arguments of a parent, and cap the nesting depth.
 */
static int
match(struct compiler *cp)
{
	size_t *stack = NULL, sp = 0, cap = 0, i;
	int rc = -1;

	for (i = 0; i < cp->n; i++) {
		struct tok *k = &cp->t[i], *o;
		const char *kn, *on;
		unsigned line, col;

		switch (k->kind) {
		case TK_SECTION:
		case TK_INVERTED:
		case TK_PARENT:
		case TK_BLOCK:
			if (sp >= TPL_MAX_DEPTH) {
				syntax(cp, k->at, "sections nested more than "
				    "%d deep", TPL_MAX_DEPTH);
				goto out;
			}
			if (k->kind == TK_BLOCK && sp > 0 &&
			    cp->t[stack[sp - 1]].kind == TK_PARENT)
				k->arg = 1;
			XGROW(&stack, &sp, &cap);
			stack[sp++] = i;
			break;
		case TK_CLOSE:
			kn = cp->src + k->off;
			if (sp == 0) {
				syntax(cp, k->at, "closing tag '/%.*s' "
				    "without an open section",
				    tpl_shown(kn, k->len), kn);
				goto out;
			}
			o = &cp->t[stack[sp - 1]];
			on = cp->src + o->off;
			if (o->len != k->len ||
			    memcmp(on, kn, k->len) != 0) {
				pos_of(cp, o->at, &line, &col);
				syntax(cp, k->at, "closing tag '/%.*s' does not "
				    "match the open %s '%s%.*s' (line %u, "
				    "column %u)", tpl_shown(kn, k->len), kn,
				    kind_word(o->kind), kind_sigil(o->kind),
				    tpl_shown(on, o->len), on, line, col);
				goto out;
			}
			k->mate = stack[--sp];
			o->mate = i;
			break;
		default:
			break;
		}
	}
	if (sp > 0) {
		struct tok *o = &cp->t[stack[sp - 1]];
		const char *on = cp->src + o->off;
		int shown = tpl_shown(on, o->len);

		syntax(cp, o->at, "unclosed %s '%s%.*s': no '/%.*s' follows",
		    kind_word(o->kind), kind_sigil(o->kind), shown, on, shown,
		    on);
		goto out;
	}
	rc = 0;
out:
	free(stack);
	return rc;
}

/* ---- Pass 3: standalone tags ---- */

/* Number the logical lines: a new one starts after each newline. */
static void
number_lines(struct compiler *cp)
{
	size_t i;
	int fresh = 1;

	for (i = 0; i < cp->n; i++) {
		struct tok *k = &cp->t[i];

		if (fresh) {
			XGROW(&cp->first, &cp->nlines, &cp->lcap);
			cp->first[cp->nlines++] = i;
			fresh = 0;
		}
		k->line = cp->nlines - 1;
		if (k->kind == TK_TEXT && cp->src[k->off + k->len - 1] == '\n')
			fresh = 1;
	}
}

static size_t
line_last(const struct compiler *cp, size_t line)
{
	return line + 1 < cp->nlines ? cp->first[line + 1] - 1 : cp->n - 1;
}

/*
 * Whether token k is text of spaces and tabs only, allowing a final
 * "\n" or "\r\n" when eol is nonzero.
 */
static int
blank(const struct compiler *cp, const struct tok *k, int eol)
{
	const char *s = cp->src + k->off;
	size_t i, n = k->len;

	if (k->kind != TK_TEXT)
		return 0;
	if (eol && n > 0 && s[n - 1] == '\n') {
		n--;
		if (n > 0 && s[n - 1] == '\r')
			n--;
	}
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Only blanks between the start of token i's line and token i. */
static int
left_clear(const struct compiler *cp, size_t i)
{
	size_t j;

	for (j = cp->first[cp->t[i].line]; j < i; j++)
		if (!blank(cp, &cp->t[j], 0))
			return 0;
	return 1;
}

/* Only blanks and the line end after token i on its line. */
static int
right_clear(const struct compiler *cp, size_t i)
{
	size_t j, last = line_last(cp, cp->t[i].line);

	for (j = i + 1; j <= last; j++)
		if (!blank(cp, &cp->t[j], j == last))
			return 0;
	return 1;
}

static int
alone_on_line(const struct compiler *cp, size_t i)
{
	return left_clear(cp, i) && right_clear(cp, i);
}

/* Swallow the whitespace before token i on its line. */
static void
strip_left(struct compiler *cp, size_t i)
{
	size_t j;

	for (j = cp->first[cp->t[i].line]; j < i; j++)
		cp->t[j].removed = 1;
}

/* Swallow the whitespace and line end after token i. */
static void
strip_right(struct compiler *cp, size_t i)
{
	size_t j, last = line_last(cp, cp->t[i].line);

	for (j = i + 1; j <= last; j++)
		cp->t[j].removed = 1;
}

/*
 * Token i is standalone: the whitespace before it is its indentation
 * and goes, and so does the rest of its line when right is nonzero.
 */
static void
take_line(struct compiler *cp, size_t i, int right)
{
	struct tok *k = &cp->t[i];
	size_t f = cp->first[k->line];

	k->standalone = 1;
	if (f < i) {
		k->ind_off = cp->t[f].off;
		k->ind_len = cp->t[f].len;
	}
	strip_left(cp, i);
	if (right)
		strip_right(cp, i);
}

/*
 * Decide which tags are standalone.  The spec's rule (a tag alone on
 * its line, with whitespace around it, takes the whole line) has
 * extensions for inheritance, where the text around blocks inside a
 * parent is not content:
 *  - a parent pair is standalone when whitespace precedes the opening
 *    tag and follows the closing one, whatever lies between;
 *  - a block argument's opening tag swallows the line end after it
 *    (what precedes it is the parent's ignored text) and its closing
 *    tag the whitespace before it;
 *  - a block parameter alone on its line is standalone as usual; one
 *    whose pair sits on one line between whitespace keeps the
 *    whitespace as text but passes it on as indentation.
 */
static void
mark_standalone(struct compiler *cp)
{
	size_t i;

	for (i = 0; i < cp->n; i++) {
		struct tok *k = &cp->t[i], *o;

		switch (k->kind) {
		case TK_TEXT:
		case TK_VAR:
		case TK_RAW:
			break;
		case TK_PARENT:
			/*
			 * When only the pair is standalone, what follows
			 * the tag is ignored text or a block argument:
			 * leave it alone.
			 */
			if (alone_on_line(cp, i))
				take_line(cp, i, 1);
			else if (left_clear(cp, i) &&
			    right_clear(cp, k->mate))
				take_line(cp, i, 0);
			break;
		case TK_BLOCK:
			if (k->arg) {
				if (right_clear(cp, i)) {
					k->rclear = 1;
					strip_right(cp, i);
				}
			} else if (alone_on_line(cp, i)) {
				take_line(cp, i, 1);
				k->placement = BLOCK_STANDALONE;
			} else if (left_clear(cp, i) &&
			    right_clear(cp, k->mate))
				k->placement = BLOCK_PAIR;
			else
				k->placement = BLOCK_INLINE;
			break;
		case TK_CLOSE:
			o = &cp->t[k->mate];
			if (o->kind == TK_PARENT) {
				if (alone_on_line(cp, i) ||
				    (left_clear(cp, k->mate) &&
				    right_clear(cp, i))) {
					k->standalone = 1;
					strip_right(cp, i);
				}
			} else if (o->kind == TK_BLOCK && o->arg) {
				k->standalone = 1;
				if (left_clear(cp, i))
					strip_left(cp, i);
			} else if (alone_on_line(cp, i))
				take_line(cp, i, 1);
			break;
		default:
			if (alone_on_line(cp, i))
				take_line(cp, i, 1);
			break;
		}
	}
}

/* ---- Pass 4: block indentation ---- */

/* How many spaces and tabs token k starts with (none unless text). */
static size_t
lead_ws(const struct compiler *cp, const struct tok *k)
{
	size_t n = 0;

	if (k->kind != TK_TEXT)
		return 0;
	while (n < k->len && (cp->src[k->off + n] == ' ' ||
	    cp->src[k->off + n] == '\t'))
		n++;
	return n;
}

/*
 * Leading whitespace of the line after token i's line, when that line
 * starts before token end: the intrinsic indentation of a block whose
 * opening tag is token i.
 */
static void
next_indent(const struct compiler *cp, size_t i, size_t end, size_t *off,
    size_t *len)
{
	size_t line = cp->t[i].line + 1, f;

	*off = 0;
	*len = 0;
	if (line >= cp->nlines)
		return;
	f = cp->first[line];
	if (f >= end)
		return;
	*off = cp->t[f].off;
	*len = lead_ws(cp, &cp->t[f]);
}

/*
 * A block argument on lines of its own is written indented as it reads
 * in the child template; that intrinsic indentation (the first content
 * line's) is stripped from each of its lines, so the parameter it
 * replaces can indent it anew.  Outer arguments come first, so an
 * inner one measures its indentation after the outer one was stripped.
 * Then each parameter's indentation is measured likewise.
 */
static void
reindent(struct compiler *cp)
{
	size_t i, line;

	for (i = 0; i < cp->n; i++) {
		struct tok *k = &cp->t[i];
		size_t doff, dlen;

		if (k->kind != TK_BLOCK || !k->arg || !k->rclear)
			continue;
		next_indent(cp, i, k->mate, &doff, &dlen);
		if (dlen == 0)
			continue;
		for (line = k->line + 1; line <= cp->t[k->mate].line; line++) {
			struct tok *f = &cp->t[cp->first[line]];
			size_t m = 0;

			if (cp->first[line] >= k->mate)
				break;
			if (f->kind != TK_TEXT)
				continue;
			while (m < dlen && m < f->len &&
			    cp->src[f->off + m] == cp->src[doff + m])
				m++;
			f->off += m;
			f->len -= m;
		}
	}
	for (i = 0; i < cp->n; i++) {
		struct tok *k = &cp->t[i];
		size_t f;

		if (k->kind != TK_BLOCK || k->arg)
			continue;
		if (k->placement == BLOCK_STANDALONE)
			next_indent(cp, i, cp->n, &k->ind_off, &k->ind_len);
		else if (k->placement == BLOCK_PAIR &&
		    (f = cp->first[k->line]) < i) {
			k->ind_off = cp->t[f].off;
			k->ind_len = cp->t[f].len;
		}
	}
}

/* ---- Pass 5: the node tree ---- */

static struct node *
add_node(struct nodes *ns, enum node_kind kind)
{
	struct node *nd;

	XGROW(&ns->v, &ns->n, &ns->cap);
	nd = &ns->v[ns->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	return nd;
}

/* Append text, merging with a text node just before it. */
static void
add_textnode(struct nodes *ns, const char *s, size_t len, int bol)
{
	struct node *nd = ns->n ? &ns->v[ns->n - 1] : NULL;

	if (nd && nd->kind == N_TEXT &&
	    (!bol || nd->text[nd->len - 1] == '\n')) {
		nd->text = xreallocarray(nd->text, nd->len + len + 1, 1);
		memcpy(nd->text + nd->len, s, len);
		nd->len += len;
		nd->text[nd->len] = '\0';
		return;
	}
	nd = add_node(ns, N_TEXT);
	nd->text = xstrndup(s, len);
	nd->len = len;
	nd->bol = bol != 0;
}

static void
set_segs(struct compiler *cp, struct node *nd, const struct tok *k, int dotted)
{
	const char *s = cp->src + k->off;
	size_t i, a = 0;

	if (dotted && k->len == 1 && s[0] == '.')
		return;
	nd->nseg = 1;
	if (dotted)
		for (i = 0; i < k->len; i++)
			nd->nseg += s[i] == '.';
	nd->segs = xcalloc(nd->nseg, sizeof *nd->segs);
	for (i = 0; i < nd->nseg; i++) {
		size_t b = a;

		while (b < k->len && !(dotted && s[b] == '.'))
			b++;
		nd->segs[i].s = s + a;
		nd->segs[i].len = b - a;
		nd->segs[i].hash = v_hash(s + a, b - a);
		a = b + 1;
	}
}

static void
set_where(struct compiler *cp, struct node *nd, const struct tok *k)
{
	nd->file = cp->file;
	pos_of(cp, k->at, &nd->line, &nd->col);
}

static void build_nodes(struct compiler *, size_t, size_t, struct nodes *);

/* The arguments of the parent whose opening tag is token i. */
static void
build_args(struct compiler *cp, size_t i, struct node *nd)
{
	size_t j;

	for (j = i + 1; j < cp->t[i].mate; j++) {
		struct tok *k = &cp->t[j];
		struct arg *a;

		switch (k->kind) {
		case TK_BLOCK:
			XGROW(&nd->args, &nd->nargs, &nd->argcap);
			a = &nd->args[nd->nargs++];
			memset(a, 0, sizeof *a);
			a->name.s = cp->src + k->off;
			a->name.len = k->len;
			a->name.hash = v_hash(a->name.s, a->name.len);
			/*
			 * Content starting on the tag's line starts a line
			 * of its own once it replaces a parameter.
			 */
			if (!k->rclear && k->mate > j + 1)
				add_node(&a->body, N_BOL);
			build_nodes(cp, j + 1, k->mate + 1, &a->body);
			j = k->mate;
			break;
		case TK_SECTION:
		case TK_INVERTED:
		case TK_PARENT:
			j = k->mate;
			break;
		default:
			break;
		}
	}
}

/*
 * Nodes for tokens [from, to) into ns.  A range may end with the
 * closing tag of its section, which adds no node but may start a line
 * inside the section.
 */
static void
build_nodes(struct compiler *cp, size_t from, size_t to, struct nodes *ns)
{
	size_t i;

	for (i = from; i < to; i++) {
		struct tok *k = &cp->t[i];
		int bol = i == cp->first[k->line];
		struct node *nd;

		if (k->removed)
			continue;
		if (k->kind == TK_TEXT) {
			if (k->len > 0)
				add_textnode(ns, cp->src + k->off, k->len, bol);
			else if (bol)
				add_node(ns, N_BOL);
			continue;
		}
		if (bol && !k->standalone)
			add_node(ns, N_BOL);
		switch (k->kind) {
		case TK_VAR:
		case TK_RAW:
			nd = add_node(ns, N_VAR);
			nd->escape = k->kind == TK_VAR;
			set_segs(cp, nd, k, 1);
			break;
		case TK_SECTION:
		case TK_INVERTED:
			nd = add_node(ns, k->kind == TK_SECTION ? N_SECTION :
			    N_INVERTED);
			set_segs(cp, nd, k, 1);
			set_where(cp, nd, k);
			build_nodes(cp, i + 1, k->mate + 1, &nd->kids);
			i = k->mate;
			break;
		case TK_PARTIAL:
		case TK_PARENT:
			nd = add_node(ns, k->kind == TK_PARTIAL ? N_PARTIAL :
			    N_PARENT);
			set_segs(cp, nd, k, 0);
			set_where(cp, nd, k);
			nd->standalone = k->standalone;
			nd->ind = cp->src + k->ind_off;
			nd->len = k->ind_len;
			if (k->kind == TK_PARENT) {
				build_args(cp, i, nd);
				i = k->mate;
			}
			break;
		case TK_BLOCK:
			nd = add_node(ns, N_BLOCK);
			set_segs(cp, nd, k, 0);
			set_where(cp, nd, k);
			nd->placement = k->placement;
			nd->ind = cp->src + k->ind_off;
			nd->len = k->ind_len;
			build_nodes(cp, i + 1, k->mate + 1, &nd->kids);
			i = k->mate;
			break;
		default:
			break;
		}
	}
}

void
tpl_nodes_free(struct nodes *ns)
{
	size_t i, j;

	for (i = 0; i < ns->n; i++) {
		struct node *nd = &ns->v[i];

		free(nd->text);
		free(nd->segs);
		tpl_nodes_free(&nd->kids);
		for (j = 0; j < nd->nargs; j++)
			tpl_nodes_free(&nd->args[j].body);
		free(nd->args);
	}
	free(ns->v);
	ns->v = NULL;
	ns->n = ns->cap = 0;
}

int
tpl_compile(struct tpl *t, size_t len, struct diags *d)
{
	struct compiler cp;
	int rc = -1;

	memset(&cp, 0, sizeof cp);
	cp.src = t->src;
	cp.len = len;
	cp.file = t->file;
	cp.d = d;
	if (tokenize(&cp) < 0 || match(&cp) < 0)
		goto out;
	number_lines(&cp);
	mark_standalone(&cp);
	reindent(&cp);
	build_nodes(&cp, 0, cp.n, &t->root);
	rc = 0;
out:
	free(cp.t);
	free(cp.first);
	return rc;
}
