/*
 * Render stage, templates: rapor's own Mustache engine.  It implements
 * the whole official specification (interpolation, sections, inverted
 * sections, comments, partials, set delimiters and template inheritance
 * with parents and blocks, including every whitespace, standalone-line
 * and indentation rule of the spec's test suite); lambdas are not
 * supported because the data tree (value.h) holds no code.
 *
 * A template set is compiled once and rendered many times: tpl_add()
 * parses a template into a tree whose names are split and hashed and
 * whose standalone lines and indentation are already resolved, so
 * tpl_render() never looks at template source again and allocates
 * nothing but the growth of the output buffer.  Partials and parents
 * are found by name in the same set when rendering, so templates may be
 * added in any order; a name with no template renders as nothing, as
 * the spec requires.
 *
 * Escaping: {{name}} goes through esc_html() of escape.h, which writes
 * & < > " ' as &amp; &lt; &gt; &quot; &#39; (the spec asks for the first
 * four; the apostrophe makes the output safe in single-quoted attributes
 * too).  {{{name}}} and {{&name}}
 * write the text as it is.  Values are always text to output: Mustache
 * syntax inside data is never interpreted.
 *
 * Names follow the spec: {{a.b}} finds a in the innermost section item
 * (or the root) that has it, then b inside that, and nothing further
 * out; {{.}} is the current item.  A name that is not found writes
 * nothing and makes a section false.  Interpolating a boolean writes
 * "true" or "false"; null, a list or a map writes nothing.
 */
#ifndef RAPOR_TEMPLATE_H
#define RAPOR_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/*
 * Sections may nest this deep inside one template, and partials, parents
 * and block substitutions this deep inside one another when rendering.
 * Deeper means a runaway (a partial that includes itself whatever the
 * data, a cycle of parents) and is reported instead of exhausting the
 * stack.
 */
#define TPL_MAX_DEPTH 100

/*
 * Sections, partials, parents and blocks together may nest this deep
 * when rendering, so that a render needs well under a megabyte of stack
 * even when every template nests sections TPL_MAX_DEPTH deep.
 */
#define TPL_MAX_LEVELS 1000

/*
 * One render may visit this many template nodes and write this many
 * bytes.  Sections nested over lists, or a partial included more than
 * once at each of several levels, multiply the work without any nesting
 * limit being hit (twenty sections over a three-item list are 3^20
 * passes); past these the render stops with an error instead of running
 * for hours or filling the memory.  Real pages need a small fraction
 * of either (docs/fuzzing.md says how much).
 */
#ifndef TPL_MAX_STEPS	/* the fuzz build sets a lower one (docs/fuzzing.md) */
#define TPL_MAX_STEPS	10000000ul
#endif
#define TPL_MAX_OUTPUT	((size_t)256 * 1024 * 1024)

/* Templates for files bigger than this are refused by tpl_load_dir(). */
#define TPL_MAX_FILE ((size_t)16 * 1024 * 1024)

struct tpl_set;

/* A new empty template set; free it with tpl_set_free(). */
struct tpl_set *tpl_set_new(void);

/*
 * Compile the len bytes at src as the template called name.  file is
 * the name used in diagnostics (the template's path; NULL means name).
 * A syntax error (unclosed tag, unclosed or mismatched section, bad
 * delimiter change, invalid tag name, sections nested deeper than
 * TPL_MAX_DEPTH) is recorded in d as FILE:LINE:COL at the offending
 * tag, and a name already in the set as FILE alone; the template is
 * then not added and -1 is returned.  Compiling stops at the first
 * error.  Returns 0 on success.  The set keeps its own copies of name,
 * file and src.
 */
int tpl_add(struct tpl_set *set, const char *name, const char *file,
    const char *src, size_t len, struct diags *d);

/*
 * Add every regular file called NAME.mustache in dir (not its
 * subdirectories, nor hidden files starting with '.') as the template
 * NAME, in byte order of the file names so that diagnostics come out
 * the same on every machine.  Files are named dir/NAME.mustache in
 * diagnostics.  A broken template is reported and skipped while the
 * others still load.  Returns 0 when every template loaded, -1
 * otherwise (DIAG_SYSTEM entries for what could not be read,
 * DIAG_ERROR entries for syntax errors and oversized files).
 */
int tpl_load_dir(struct tpl_set *set, const char *dir, struct diags *d);

/* 1 if set has a template called name, 0 otherwise. */
int tpl_has(const struct tpl_set *set, const char *name);

/*
 * Render the template called name against ctx (NULL renders against an
 * empty context) and append the result to out.  Returns 0 on success.
 * Returns -1 when there is no template called name or when partials,
 * parents or blocks nest deeper than TPL_MAX_DEPTH (or everything
 * deeper than TPL_MAX_LEVELS), or when it visits more than TPL_MAX_STEPS
 * nodes or writes more than TPL_MAX_OUTPUT bytes; the problem is recorded
 * in d (at the tag where a nesting limit was hit, at the template's file
 * for the others) and out holds whatever was rendered before.  The set and ctx are only read, so
 * several renders may share them.
 */
int tpl_render(const struct tpl_set *set, const char *name,
    const struct value *ctx, struct buf *out, struct diags *d);

/*
 * h extended by what rendering the template called name reads of set:
 * the name and source of it and of every template it reaches through
 * partials and parents, however deep, and the names it reaches that set
 * lacks (a partial that is missing renders as nothing, and one added
 * later changes the output).  Two sets that give one digest for name
 * render it alike against any context; a change to a template name does
 * not reach leaves the digest as it was, which is what lets a rebuild
 * keep the pages of the other templates.
 */
uint64_t tpl_digest(const struct tpl_set *set, const char *name, uint64_t h);

/* Free set and every template in it; NULL is accepted. */
void tpl_set_free(struct tpl_set *set);

#endif
