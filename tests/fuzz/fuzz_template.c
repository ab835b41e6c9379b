/*
 * Fuzz target: the template engine (include/template.h).  The input is
 * split at "==> NAME <==" lines (harness.h): the text before the first
 * one is the template "main", each further piece the template NAME, so
 * that partials ({{>NAME}}) and parents ({{<NAME}}) find each other.
 * The first template that compiles is rendered against a fixed context
 * that has each kind of value: text needing escapes, booleans, null, lists
 * empty and not, nested maps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "hash.h"
#include "template.h"
#include "value.h"
#include "xalloc.h"

static struct value *
context(void)
{
	struct value *root = v_map(), *list, *item, *m;
	int i;

	v_set_str(root, "title", "Rapor <b>\"&'</b>");
	v_set_str(root, "lines", "one\ntwo\n  three\n");
	v_set_str(root, "empty_text", "");
	v_set(root, "nul_text", v_strn("a\0b", 3));
	v_set_bool(root, "yes", 1);
	v_set_bool(root, "no", 0);
	v_set(root, "nil", v_null());
	v_set(root, "none", v_list());
	v_set(root, "map", v_map());
	list = v_set(root, "items", v_list());
	for (i = 0; i < 3; i++) {
		item = v_push(list, v_map());
		v_set_strf(item, "name", "Item %d", i);
		v_set_bool(item, "first", i == 0);
		v_set(item, "tags", v_list());
		if (i == 1) {
			v_push(v_set(item, "tags", v_list()), v_str("x"));
			v_set_str(item, "title", "Inner & title");
		}
	}
	list = v_set(root, "words", v_list());
	v_push(list, v_str("alpha"));
	v_push(list, v_str("<beta>"));
	m = v_set(root, "a", v_map());
	m = v_set(m, "b", v_map());
	v_set_str(m, "c", "deep");
	v_set_bool(m, "d", 1);
	return root;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part parts[FUZZ_MAX_PARTS];
	struct diags d = DIAGS_INIT;
	struct tpl_set *set = tpl_set_new();
	struct value *ctx = context();
	struct buf out = BUF_INIT;
	char *names[FUZZ_MAX_PARTS];
	size_t n, i;

	n = fuzz_split(data, size, parts);
	for (i = 0; i < n; i++) {
		names[i] = i == 0 ? xstrdup("main") :
		    xstrndup(parts[i].name, parts[i].nlen);
		tpl_add(set, names[i], NULL, parts[i].data, parts[i].len, &d);
	}
	/* Partials and parents are reached from the first template that
	 * compiled; rendering each on its own would multiply the cost of
	 * inputs that run into TPL_MAX_STEPS. */
	for (i = 0; i < n && !tpl_has(set, names[i]); i++)
		;
	if (i < n) {
		tpl_render(set, names[i], ctx, &out, &d);
		/* The render's contract: an empty context works as well. */
		buf_reset(&out);
		tpl_render(set, names[i], NULL, &out, &d);
		/* What it reaches, walked whatever the set's cycles: the
		 * same twice. */
		if (tpl_digest(set, names[i], HASH_INIT) !=
		    tpl_digest(set, names[i], HASH_INIT))
			abort();
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	buf_free(&out);
	value_free(ctx);
	tpl_set_free(set);
	diag_free(&d);
	return 0;
}
