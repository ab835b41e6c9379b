/*
 * Rendering compiled templates: see include/template.h.
 *
 * Indentation (of standalone partials and parents, and of substituted
 * blocks) is what the spec defines as text prepended to every line of
 * the included template.  Since templates are compiled once, the
 * renderer keeps a chain of indentation strings instead and writes it
 * at the line starts the compiler recorded: at a text node flagged bol,
 * after every inner newline of a text node, and at N_BOL nodes where a
 * line starts with a tag.  Newlines inside data never get indentation,
 * as the spec requires.
 *
 * Everything a render needs beyond the output buffer (context stack,
 * indentation chain, parents being rendered) lives in the C stack
 * frames of the recursion, so rendering allocates nothing else.
 */
#include "template_impl.h"

#include <string.h>

#include "buf.h"
#include "escape.h"

/* One level of the context stack, innermost first. */
struct ctx {
	const struct value	*v;	/* the item pushed */
	const struct ctx	*up;	/* the level below */
};

/* One indentation string; the chain is written outermost first. */
struct indent {
	const char		*s;	/* the whitespace */
	size_t			 len;	/* bytes at s */
	const struct indent	*up;	/* the enclosing indentation */
};

/* A parent being rendered, whose arguments replace block parameters. */
struct frame {
	const struct node	*parent; /* the N_PARENT node */
	const struct frame	*up;	/* the enclosing parent */
};

/* One render; it lives in tpl_render()'s stack frame. */
struct rstate {
	const struct tpl_set	*set;	/* where partials are found */
	struct buf		*out;	/* where output goes */
	struct diags		*d;	/* where errors go */
	const struct indent	*ind;	/* indentation of the current lines */
	const struct indent	*skip_to; /* with skip: write only the
					   indentation inside this one */
	int			 skip;	/* the next line start is already
					   indented by text before a block */
	const struct frame	*frames; /* parents being rendered */
	unsigned		 depth;	/* partials, parents and substitutions
					   open */
	unsigned		 levels; /* nodes rendering their content, of
					   every kind, open */
	int			 failed; /* stop: an error was recorded */
	unsigned long		 steps;	/* nodes visited (TPL_MAX_STEPS) */
	size_t			 start;	/* out->len when the render began */
	int			 runaway; /* stopped by TPL_MAX_STEPS or _OUTPUT */
};

static void
put_chain(struct buf *out, const struct indent *in, const struct indent *stop)
{
	if (in == NULL || in == stop)
		return;
	put_chain(out, in->up, stop);
	buf_put(out, in->s, in->len);
}

/* A line starts: write the indentation. */
static void
line_start(struct rstate *st)
{
	const struct indent *stop = NULL;

	if (st->skip) {
		st->skip = 0;
		stop = st->skip_to;
	}
	put_chain(st->out, st->ind, stop);
}

/*
 * Template text: a line starts after each of its newlines but the last
 * (the next node knows whether a line starts there).
 */
static void
put_text(struct rstate *st, const struct node *nd)
{
	const char *p = nd->text, *end = nd->text + nd->len, *nl;

	if (nd->bol && (st->ind != NULL || st->skip))
		line_start(st);
	if (st->ind == NULL) {
		buf_put(st->out, p, nd->len);
		return;
	}
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL &&
	    nl + 1 < end) {
		buf_put(st->out, p, (size_t)(nl + 1 - p));
		p = nl + 1;
		line_start(st);
	}
	buf_put(st->out, p, (size_t)(end - p));
}

/*
 * The value a name stands for: "." is the top of the stack; otherwise
 * the first part is looked up in the innermost map that has it, and
 * each further part in the value found so far.  NULL when missing.
 */
static const struct value *
resolve(const struct ctx *c, const struct node *nd)
{
	const struct value *v = NULL;
	size_t i;

	if (nd->nseg == 0)
		return c ? c->v : NULL;
	for (; c != NULL; c = c->up)
		if ((v = v_lookup(c->v, nd->segs[0].s, nd->segs[0].len,
		    nd->segs[0].hash)) != NULL)
			break;
	for (i = 1; v != NULL && i < nd->nseg; i++)
		v = v_lookup(v, nd->segs[i].s, nd->segs[i].len,
		    nd->segs[i].hash);
	return v;
}

static void render(struct rstate *, const struct nodes *, const struct ctx *);

/*
 * Enter a node whose content is rendered by recursion.  Partials,
 * parents and substitutions (include nonzero) may nest TPL_MAX_DEPTH
 * deep, and all such nodes together TPL_MAX_LEVELS deep, which bounds
 * the stack a render uses.  Past either limit the error is recorded
 * at the node's tag and 0 returned.
 */
static int
enter_level(struct rstate *st, const struct node *nd, const char *what,
    int include)
{
	const char *name = ".";
	int len = 1;

	if (nd->nseg > 0) {
		const struct seg *last = &nd->segs[nd->nseg - 1];

		name = nd->segs[0].s;
		len = tpl_shown(name, (size_t)(last->s + last->len - name));
	}
	if (include && st->depth >= TPL_MAX_DEPTH) {
		diag(st->d, DIAG_ERROR, nd->file, nd->line, nd->col,
		    "%s '%.*s' nested more than %d deep (does it include "
		    "itself?)", what, len, name, TPL_MAX_DEPTH);
		st->failed = 1;
		return 0;
	}
	if (st->levels >= TPL_MAX_LEVELS) {
		diag(st->d, DIAG_ERROR, nd->file, nd->line, nd->col,
		    "%s '%.*s' nested more than %d levels deep, counting "
		    "sections, partials, parents and blocks", what, len, name,
		    TPL_MAX_LEVELS);
		st->failed = 1;
		return 0;
	}
	st->levels++;
	st->depth += include != 0;
	return 1;
}

static void
leave_level(struct rstate *st, int include)
{
	st->levels--;
	st->depth -= include != 0;
}

/* A partial, or a parent with its arguments. */
static void
render_include(struct rstate *st, const struct node *nd, const struct ctx *c)
{
	const struct tpl *t = tpl_find(st->set, nd->segs[0].s,
	    nd->segs[0].len, nd->segs[0].hash);
	const struct indent *saved = st->ind;
	const struct frame *fsaved = st->frames;
	struct indent in;
	struct frame fr;

	if (t == NULL || !enter_level(st, nd, nd->kind == N_PARTIAL ?
	    "partial" : "parent", 1))
		return;
	if (!nd->standalone)
		st->ind = NULL;
	else if (nd->len > 0) {
		in.s = nd->ind;
		in.len = nd->len;
		in.up = st->ind;
		st->ind = &in;
	}
	if (nd->kind == N_PARENT) {
		fr.parent = nd;
		fr.up = st->frames;
		st->frames = &fr;
	}
	render(st, &t->root, c);
	st->ind = saved;
	st->frames = fsaved;
	leave_level(st, 1);
}

/*
 * A block parameter: the argument of the outermost parent that has
 * one by that name, else the default content.
 */
static void
render_block(struct rstate *st, const struct node *nd, const struct ctx *c)
{
	const struct arg *found = NULL;
	const struct frame *f;
	const struct indent *saved = st->ind, *sskip_to = st->skip_to;
	int sskip = st->skip, standalone = nd->placement == BLOCK_STANDALONE;
	struct indent in;
	size_t i;

	for (f = st->frames; f != NULL; f = f->up)
		for (i = 0; i < f->parent->nargs; i++) {
			const struct arg *a = &f->parent->args[i];

			if (a->name.hash == nd->segs[0].hash &&
			    a->name.len == nd->segs[0].len &&
			    memcmp(a->name.s, nd->segs[0].s, a->name.len) == 0)
				found = a;
		}
	if (found == NULL) {
		if (enter_level(st, nd, "block", 0)) {
			render(st, &nd->kids, c);
			leave_level(st, 0);
		}
		return;
	}
	if (!enter_level(st, nd, "block", 1))
		return;
	if (nd->len > 0) {
		in.s = nd->ind;
		in.len = nd->len;
		in.up = st->ind;
		st->ind = &in;
	}
	/*
	 * A standalone block's replacement starts a line and a pending skip
	 * (from an enclosing pair block) still applies to it; elsewhere
	 * text before the tag already indents its first line, and any
	 * pending skip was used by the line start before that text.
	 */
	if (!standalone) {
		st->skip = 1;
		st->skip_to = st->ind;
	}
	render(st, &found->body, c);
	st->ind = saved;
	if (!standalone) {
		st->skip = sskip;
		st->skip_to = sskip_to;
	}
	leave_level(st, 1);
}

static void
render_var(struct rstate *st, const struct node *nd, const struct ctx *c)
{
	const struct value *v = resolve(c, nd);

	if (v == NULL)
		return;
	switch (v->type) {
	case VALUE_STR:
		if (nd->escape)
			esc_html(st->out, v->u.str.s, v->u.str.len);
		else
			buf_put(st->out, v->u.str.s, v->u.str.len);
		break;
	case VALUE_BOOL:
		buf_puts(st->out, v->u.b ? "true" : "false");
		break;
	case VALUE_NULL:
	case VALUE_LIST:
	case VALUE_MAP:
		break;
	}
}

static void
render_section(struct rstate *st, const struct node *nd, const struct ctx *c)
{
	const struct value *v = resolve(c, nd);
	int inverted = nd->kind == N_INVERTED;
	struct ctx in;
	size_t i;

	if (v_truthy(v) == !inverted &&
	    enter_level(st, nd, inverted ? "inverted section" : "section", 0)) {
		in.up = c;
		in.v = v;
		if (inverted)
			render(st, &nd->kids, c);
		else if (v->type != VALUE_LIST)
			render(st, &nd->kids, &in);
		else
			for (i = 0; i < v->u.list.n && !st->failed; i++) {
				in.v = v->u.list.v[i];
				render(st, &nd->kids, &in);
			}
		leave_level(st, 0);
	}
}

static void
render(struct rstate *st, const struct nodes *ns, const struct ctx *c)
{
	size_t i;

	for (i = 0; i < ns->n && !st->failed; i++) {
		const struct node *nd = &ns->v[i];

		if (++st->steps > TPL_MAX_STEPS ||
		    st->out->len - st->start > TPL_MAX_OUTPUT) {
			st->runaway = st->failed = 1;
			break;
		}
		switch (nd->kind) {
		case N_TEXT:
			put_text(st, nd);
			break;
		case N_BOL:
			if (st->ind != NULL || st->skip)
				line_start(st);
			break;
		case N_VAR:
			render_var(st, nd, c);
			break;
		case N_SECTION:
		case N_INVERTED:
			render_section(st, nd, c);
			break;
		case N_PARTIAL:
		case N_PARENT:
			render_include(st, nd, c);
			break;
		case N_BLOCK:
			render_block(st, nd, c);
			break;
		}
	}
}

int
tpl_render(const struct tpl_set *set, const char *name,
    const struct value *ctx, struct buf *out, struct diags *d)
{
	size_t len = strlen(name);
	const struct tpl *t = tpl_find(set, name, len, v_hash(name, len));
	struct rstate st;
	struct ctx root;

	if (t == NULL) {
		diag(d, DIAG_ERROR, name, 0, 0, "no template called '%s'",
		    name);
		return -1;
	}
	memset(&st, 0, sizeof st);
	st.set = set;
	st.out = out;
	st.d = d;
	st.start = out->len;
	root.v = ctx;
	root.up = NULL;
	render(&st, &t->root, ctx ? &root : NULL);
	if (st.runaway)
		diag(d, DIAG_ERROR, t->file, 0, 0, "rendering '%s' stopped "
		    "after %lu template nodes or %zu MiB of output: sections "
		    "nested over lists, or partials included more than once "
		    "at each level, multiply the work", name, TPL_MAX_STEPS,
		    TPL_MAX_OUTPUT >> 20);
	return st.failed ? -1 : 0;
}
