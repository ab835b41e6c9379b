/*
 * Internals shared by the template engine's files: the compiled form of
 * a template, which template_parse.c builds, template_render.c walks
 * and template.c keeps in a set.  Not part of the public interface in
 * include/template.h.
 */
#ifndef RAPOR_TEMPLATE_IMPL_H
#define RAPOR_TEMPLATE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "template.h"

/* Names quoted in messages are cut to this many bytes. */
#define TPL_NAME_SHOWN 40

/*
 * Where a block parameter's tags stand on their lines, which decides
 * how the text replacing the parameter is indented.
 */
enum block_placement {
	BLOCK_INLINE,	/* among other content: no indentation of its own */
	BLOCK_PAIR,	/* "  {{$b}}...{{/b}}" on one line: the leading
			   whitespace is written as text and indents the
			   replacement's further lines */
	BLOCK_STANDALONE /* "{{$b}}" alone on its line: the default
			   content's own indentation indents every line */
};

enum node_kind {
	N_TEXT,		/* literal text */
	N_BOL,		/* a line starts here with a tag: indent */
	N_VAR,		/* interpolation */
	N_SECTION,	/* {{#name}}: kids per item, or once if truthy */
	N_INVERTED,	/* {{^name}}: kids once if falsy */
	N_PARTIAL,	/* {{>name}} */
	N_PARENT,	/* {{<name}} with its block arguments */
	N_BLOCK		/* {{$name}} parameter with its default content */
};

/* One dot-separated part of a name, hashed for v_lookup(). */
struct seg {
	const char	*s;	/* into the template's source */
	size_t		 len;	/* bytes at s */
	uint32_t	 hash;	/* v_hash(s, len) */
};

struct node;

struct nodes {
	struct node	*v;	/* the nodes in order (owned) */
	size_t		 n;	/* nodes in v */
	size_t		 cap;	/* capacity of v */
};

/* A block argument of a parent: what replaces the parameter name. */
struct arg {
	struct seg	 name;	/* the block's name */
	struct nodes	 body;	/* its content, intrinsic indentation stripped */
};

struct node {
	enum node_kind	 kind;	/* what the node does */
	unsigned char	 bol;	/* N_TEXT: begins a line, indentation first */
	unsigned char	 escape; /* N_VAR: {{x}} escapes, {{{x}}} and {{&x}} not */
	unsigned char	 standalone; /* N_PARTIAL, N_PARENT: the tag is
				   alone on its line, so ind indents */
	unsigned char	 placement; /* N_BLOCK: enum block_placement */
	char		*text;	/* N_TEXT: the bytes (owned) */
	const char	*ind;	/* N_PARTIAL, N_PARENT: indentation;
				   N_BLOCK: indentation of a replacement
				   (into the source) */
	size_t		 len;	/* bytes in text or ind */
	struct seg	*segs;	/* N_VAR, N_SECTION, N_INVERTED: the name split
				   at dots, none for "."; N_PARTIAL, N_PARENT,
				   N_BLOCK: the name, whole (owned) */
	size_t		 nseg;	/* parts in segs */
	struct nodes	 kids;	/* N_SECTION, N_INVERTED: the body; N_BLOCK:
				   the default content */
	struct arg	*args;	/* N_PARENT: its block arguments (owned) */
	size_t		 nargs;	/* arguments in args */
	size_t		 argcap; /* capacity of args */
	const char	*file;	/* all but N_TEXT, N_BOL, N_VAR: where the tag
				   is, for the runaway-nesting errors */
	unsigned	 line;	/* with file */
	unsigned	 col;	/* with file */
};

struct tpl {
	char		*name;	/* what partials and tpl_render() call it (owned) */
	size_t		 nlen;	/* bytes in name */
	uint32_t	 hash;	/* v_hash(name, nlen) */
	char		*file;	/* name in diagnostics (owned) */
	char		*src;	/* the source; names and indentation point
				   into it (owned) */
	size_t		 srclen; /* bytes at src (it may hold NULs) */
	struct nodes	 root;	/* the compiled template */
};

struct tpl_set {
	struct tpl	**v;	/* templates in the order added (owned) */
	size_t		  n;	/* templates in v */
	size_t		  cap;	/* capacity of v */
	struct tpl	**slot;	/* open-addressing index by name hash, at
				   most half full (owned array) */
	size_t		  nslot; /* slots, a power of two */
};

/*
 * Compile the len bytes at t->src into t->root, naming t->file in
 * syntax errors, which go to d.  Returns 0, or -1 after recording the
 * first error (t->root is then empty).
 */
int tpl_compile(struct tpl *t, size_t len, struct diags *d);

/* Free the nodes of ns and all they own; ns is empty afterwards. */
void tpl_nodes_free(struct nodes *ns);

/* The template of set called by the len bytes at name, or NULL. */
const struct tpl *tpl_find(const struct tpl_set *set, const char *name,
    size_t len, uint32_t hash);

/*
 * How many of the len bytes at s to quote in a message ("%.*s"): at
 * most TPL_NAME_SHOWN, never ending inside a UTF-8 character.
 */
static inline int
tpl_shown(const char *s, size_t len)
{
	size_t n = len;

	if (n > TPL_NAME_SHOWN) {
		n = TPL_NAME_SHOWN;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

#endif
