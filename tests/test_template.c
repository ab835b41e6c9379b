/*
 * Tests for the template engine (include/template.h) and the data tree
 * (include/value.h): the official Mustache spec from ../shared, then
 * rapor's own cases for errors, escaping, limits and loading.
 */
#include "testutil.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "template.h"
#include "value.h"

/* ---- Helpers ---- */

/*
 * A JSON number as the spec's expected output prints it: integers as
 * themselves, reals in the shortest form that reads back the same
 * (1.210 -> "1.21").
 */
static struct value *
number(const json_t *j)
{
	char s[40];
	double x;
	int prec;

	if (json_is_integer(j)) {
		snprintf(s, sizeof s, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(j));
		return v_str(s);
	}
	x = json_real_value(j);
	for (prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, x);
		if (strtod(s, NULL) == x)
			break;
	}
	return v_str(s);
}

static struct value *
from_json(json_t *j)
{
	struct value *v;
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = v_map();
		json_object_foreach(j, key, item)
			v_set(v, key, from_json(item));
		return v;
	case JSON_ARRAY:
		v = v_list();
		json_array_foreach(j, i, item)
			v_push(v, from_json(item));
		return v;
	case JSON_STRING:
		return v_strn(json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
	case JSON_REAL:
		return number(j);
	case JSON_TRUE:
		return v_bool(1);
	case JSON_FALSE:
		return v_bool(0);
	case JSON_NULL:
		break;
	}
	return v_null();
}

/* s with control characters made visible, for failure messages. */
static void
show(const char *label, const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n')
			buf_puts(&b, "\\n");
		else if (s[i] == '\r')
			buf_puts(&b, "\\r");
		else if (s[i] == '\t')
			buf_puts(&b, "\\t");
		else
			buf_putc(&b, s[i]);
	}
	printf("#   %-9s \"%s\"\n", label, buf_str(&b));
	buf_free(&b);
}

static void
print_diags(const struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		printf("#   diag: %s:%u:%u: %s\n", d->v[i].file, d->v[i].line,
		    d->v[i].col, d->v[i].msg);
}

/* Compile src as template name, which must succeed. */
static void
add_ok(struct tpl_set *set, const char *name, const char *src)
{
	struct diags d = DIAGS_INIT;

	if (tpl_add(set, name, NULL, src, strlen(src), &d) != 0) {
		print_diags(&d);
		fail_msg("template %s did not compile", name);
	}
	diag_free(&d);
}

/* Render name against data and compare with want. */
static void
expect(const struct tpl_set *set, const char *name, const struct value *data,
    const char *want)
{
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;
	int rc = tpl_render(set, name, data, &out, &d);

	if (rc != 0 || strcmp(buf_str(&out), want) != 0) {
		show("expected", want, strlen(want));
		show("got", buf_str(&out), out.len);
		print_diags(&d);
	}
	assert_int_equal(rc, 0);
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
	diag_free(&d);
}

/* One template with no partials, rendered against data. */
static void
expect1(const char *src, const struct value *data, const char *want)
{
	struct tpl_set *set = tpl_set_new();

	add_ok(set, "t", src);
	expect(set, "t", data, want);
	tpl_set_free(set);
}

/* ---- The official specification ---- */

/* Run one case; 1 when it passed. */
static int
spec_case(const char *file, json_t *tc)
{
	const char *name = json_string_value(json_object_get(tc, "name"));
	json_t *tmpl = json_object_get(tc, "template");
	json_t *want = json_object_get(tc, "expected");
	json_t *partials = json_object_get(tc, "partials"), *p;
	struct tpl_set *set = tpl_set_new();
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;
	struct value *data = from_json(json_object_get(tc, "data"));
	const char *key;
	int ok = 1;

	json_object_foreach(partials, key, p)
		if (tpl_add(set, key, key, json_string_value(p),
		    json_string_length(p), &d) != 0)
			ok = 0;
	if (tpl_add(set, "<spec>", file, json_string_value(tmpl),
	    json_string_length(tmpl), &d) != 0 ||
	    tpl_render(set, "<spec>", data, &out, &d) != 0)
		ok = 0;
	if (out.len != json_string_length(want) ||
	    memcmp(buf_str(&out), json_string_value(want), out.len) != 0)
		ok = 0;
	if (!ok) {
		printf("# FAIL %s: %s\n", file, name);
		show("template", json_string_value(tmpl),
		    json_string_length(tmpl));
		show("expected", json_string_value(want),
		    json_string_length(want));
		show("got", buf_str(&out), out.len);
		print_diags(&d);
	}
	value_free(data);
	buf_free(&out);
	diag_free(&d);
	tpl_set_free(set);
	return ok;
}

/* Run every case of dir/mustache-spec/file; all must pass. */
static void
spec_file(const char *dir, const char *file)
{
	struct buf path = BUF_INIT;
	json_error_t err;
	json_t *root, *tests, *tc;
	size_t i, passed = 0, total;

	buf_printf(&path, "%s/mustache-spec/%s", dir, file);
	root = json_load_file(buf_str(&path), 0, &err);
	if (root == NULL)
		fail_msg("%s:%d: %s", buf_str(&path), err.line, err.text);
	tests = json_object_get(root, "tests");
	assert_true(json_is_array(tests));
	total = json_array_size(tests);
	assert_true(total > 0);
	json_array_foreach(tests, i, tc)
		passed += (size_t)spec_case(file, tc);
	printf("# %s: %zu of %zu spec cases passed\n", file, passed, total);
	json_decref(root);
	buf_free(&path);
	assert_int_equal(passed, total);
}

/* One test per spec file, each skipped loudly without ../shared. */
#define SPEC_TEST(fn, file)						\
	static void							\
	fn(void **state)						\
	{								\
		const char *dir;					\
									\
		(void)state;						\
		SKIP_WITHOUT_SHARED(dir);				\
		spec_file(dir, file);					\
	}

SPEC_TEST(spec_comments, "comments.json")
SPEC_TEST(spec_delimiters, "delimiters.json")
SPEC_TEST(spec_interpolation, "interpolation.json")
SPEC_TEST(spec_inverted, "inverted.json")
SPEC_TEST(spec_partials, "partials.json")
SPEC_TEST(spec_sections, "sections.json")
SPEC_TEST(spec_inheritance, "inheritance.json")

/* ---- Syntax errors ---- */

static void
syntax_errors(void **state)
{
	static const struct {
		const char	*src;
		unsigned	 line, col;
		const char	*msg;
	} bad[] = {
		{ "a\n  {{x", 2, 3, "unclosed tag: no '}}' after '{{'" },
		{ "x {{# a }}\nyy\n", 1, 3,
		    "unclosed section '#a': no '/a' follows" },
		{ "{{#a}}{{#b}}{{/b}}", 1, 1, "unclosed section '#a'" },
		{ "{{#a}}\n{{/b}}", 2, 1, "closing tag '/b' does not match "
		    "the open section '#a' (line 1, column 1)" },
		{ "line\n\t{{^x}}{{/y}}", 2, 8, "closing tag '/y' does not "
		    "match the open inverted section '^x' (line 2, column 2)" },
		{ "\n\n{{/a}}", 3, 1,
		    "closing tag '/a' without an open section" },
		{ "{{<p}}{{$a}}{{/p}}", 1, 13,
		    "does not match the open block '$a'" },
		{ "{{<p}}", 1, 1, "unclosed parent '<p'" },
		{ "{{=<% %>}}", 1, 1,
		    "unclosed set-delimiter tag: no '=}}' after '{{='" },
		{ "ab {{=<%=}}", 1, 4, "bad delimiter change" },
		{ "{{= a b c =}}", 1, 1, "bad delimiter change" },
		{ "x\n{{=<= =>=}}", 2, 1, "delimiters cannot contain '='" },
		{ "{{=<% %>=}}\n  <%#a%>", 2, 3, "unclosed section '#a'" },
		{ "{{=<% %>=}}<%x", 1, 12, "no '%>' after '<%'" },
		{ "{{{x}}", 1, 1, "unclosed tag: no '}}}' after '{{{'" },
		{ "{{! never closed", 1, 1, "unclosed comment" },
		{ "{{}}", 1, 1, "empty tag name" },
		{ "{{#}}", 1, 1, "empty tag name" },
		{ "{{>}}", 1, 1, "empty tag name" },
		{ "{{ a b }}", 1, 1, "invalid tag name 'a b': a name cannot "
		    "contain spaces" },
		{ "{{a..b}}", 1, 1, "invalid tag name 'a..b': empty part" },
		{ "{{#.a}}{{/.a}}", 1, 1, "invalid tag name '.a'" },
		{ "{{a.}}", 1, 1, "invalid tag name 'a.'" },
		/* Columns count characters, not bytes. */
		{ "\xc3\xa9\xe2\x82\xac {{#a}}", 1, 4, "unclosed section" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tpl_set *set = tpl_set_new();
		struct diags d = DIAGS_INIT;
		int rc = tpl_add(set, "t", "t.mustache", bad[i].src,
		    strlen(bad[i].src), &d);

		if (rc != -1 || d.n != 1 || d.v[0].line != bad[i].line ||
		    d.v[0].col != bad[i].col ||
		    strstr(d.v[0].msg, bad[i].msg) == NULL) {
			show("template", bad[i].src, strlen(bad[i].src));
			printf("#   want      t.mustache:%u:%u: %s\n",
			    bad[i].line, bad[i].col, bad[i].msg);
			print_diags(&d);
			fail_msg("case %zu", i);
		}
		assert_int_equal(d.v[0].level, DIAG_ERROR);
		assert_string_equal(d.v[0].file, "t.mustache");
		assert_int_equal(tpl_has(set, "t"), 0);
		diag_free(&d);
		tpl_set_free(set);
	}
}

static void
nesting_cap(void **state)
{
	struct buf src = BUF_INIT;
	struct tpl_set *set = tpl_set_new();
	struct diags d = DIAGS_INIT;
	int i;

	(void)state;
	for (i = 0; i < TPL_MAX_DEPTH; i++)
		buf_puts(&src, "{{#a}}");
	for (i = 0; i < TPL_MAX_DEPTH; i++)
		buf_puts(&src, "{{/a}}");
	assert_int_equal(tpl_add(set, "ok", NULL, src.data, src.len, &d), 0);
	buf_reset(&src);
	for (i = 0; i <= TPL_MAX_DEPTH; i++)
		buf_puts(&src, "{{#a}}");
	assert_int_equal(tpl_add(set, "deep", "deep.mustache", src.data,
	    src.len, &d), -1);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].col, 1 + 6 * TPL_MAX_DEPTH);
	assert_string_equal(d.v[0].msg, "sections nested more than 100 deep");
	buf_free(&src);
	diag_free(&d);
	tpl_set_free(set);
}

static void
duplicate_name(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct diags d = DIAGS_INIT;

	(void)state;
	assert_int_equal(tpl_add(set, "a", "a1", "one", 3, &d), 0);
	assert_int_equal(tpl_add(set, "a", "a2", "two", 3, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.v[0].file, "a2");
	expect(set, "a", NULL, "one");
	diag_free(&d);
	tpl_set_free(set);
}

static void
missing_template(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(tpl_render(set, "page", NULL, &out, &d), -1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.v[0].msg, "no template called 'page'");
	assert_int_equal(out.len, 0);
	diag_free(&d);
	tpl_set_free(set);
}

/* ---- Escaping and data ---- */

static void
hostile_data(void **state)
{
	struct value *ctx = v_map();

	(void)state;
	v_set_str(ctx, "s", "<script>alert('x&y')</script> \"q\"");
	v_set_str(ctx, "m", "{{s}} {{#a}}x{{/a}} {{>p}} {{=<% %>=}} <%s%>");
	expect1("{{s}}", ctx, "&lt;script&gt;alert(&#39;x&amp;y&#39;)"
	    "&lt;/script&gt; &quot;q&quot;");
	expect1("{{{s}}}|{{&s}}", ctx, "<script>alert('x&y')</script> \"q\"|"
	    "<script>alert('x&y')</script> \"q\"");
	/* Mustache in data is output, never parsed. */
	expect1("{{{m}}}", ctx, "{{s}} {{#a}}x{{/a}} {{>p}} {{=<% %>=}} <%s%>");
	expect1("[{{m}}]", ctx,
	    "[{{s}} {{#a}}x{{/a}} {{&gt;p}} {{=&lt;% %&gt;=}} &lt;%s%&gt;]");
	value_free(ctx);
}

static void
value_kinds(void **state)
{
	struct value *ctx = v_map(), *list, *item;

	(void)state;
	v_set_bool(ctx, "yes", 1);
	v_set_bool(ctx, "no", 0);
	v_set(ctx, "nil", v_null());
	v_set_str(ctx, "empty", "");
	v_set(ctx, "map", v_map());
	list = v_set(ctx, "list", v_list());
	item = v_push(list, v_map());
	v_set_strf(item, "n", "%d", 1);
	item = v_push(list, v_map());
	v_set_strf(item, "n", "%d", 2);
	v_set(ctx, "none", v_list());
	/* Interpolation of what is not a string. */
	expect1("{{yes}},{{no}},{{nil}},{{map}},{{list}},{{none}}", ctx,
	    "true,false,,,,");
	/* Truthiness per the spec: "" and {} are truthy. */
	expect1("{{#empty}}E{{/empty}}{{#map}}M{{/map}}{{#nil}}N{{/nil}}"
	    "{{#none}}L{{/none}}{{^none}}l{{/none}}{{#no}}F{{/no}}", ctx,
	    "EMl");
	expect1("{{#list}}{{n}}{{#yes}}!{{/yes}}{{/list}}", ctx, "1!2!");
	/* A template rendered with no context at all. */
	expect1("[{{x}}{{.}}{{#x}}a{{/x}}{{^x}}b{{/x}}]", NULL, "[b]");
	assert_int_equal(v_truthy(NULL), 0);
	assert_int_equal(v_truthy(v_get(ctx, "empty")), 1);
	assert_int_equal(v_truthy(v_get(ctx, "none")), 0);
	value_free(ctx);
}

static void
map_order_and_replace(void **state)
{
	struct value *m = v_map(), *list = v_list();
	struct tpl_set *set = tpl_set_new();
	struct buf want = BUF_INIT;
	char key[16];
	int i;

	(void)state;
	v_set_str(m, "a", "1");
	v_set_str(m, "b", "2");
	v_set(m, "a", v_strf("%s", "3"));	/* replaces, keeps its place */
	assert_int_equal(m->u.map.n, 2);
	assert_string_equal(m->u.map.e[0].key, "a");
	assert_string_equal(v_get(m, "a")->u.str.s, "3");
	assert_null(v_get(m, "c"));
	assert_null(v_get(list, "a"));
	/* Enough keys for the hash index, replaced and looked up again. */
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof key, "k%d", i);
		v_set_strf(m, key, "v%d", i);
	}
	for (i = 0; i < 300; i += 7) {
		snprintf(key, sizeof key, "k%d", i);
		v_set_strf(m, key, "w%d", i);
	}
	assert_int_equal(m->u.map.n, 302);
	assert_string_equal(m->u.map.e[2].key, "k0");
	assert_string_equal(v_get(m, "k7")->u.str.s, "w7");
	assert_string_equal(v_get(m, "k299")->u.str.s, "v299");
	add_ok(set, "t", "{{a}}{{b}}{{k0}}{{k1}}{{k298}}{{k299}}");
	expect(set, "t", m, "32w0v1v298v299");
	buf_free(&want);
	value_free(m);
	value_free(list);
	tpl_set_free(set);
}

/* Strings of any length, formatted or copied, NULs included. */
static void
strings_long_and_with_nuls(void **state)
{
	struct value *m = v_map(), *v;
	char big[1000];

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	/* Longer than v_strf()'s first try on the stack. */
	v = v_set_strf(m, "long", "<%s|%d>", big, 7);
	assert_int_equal(v->u.str.len, sizeof big - 1 + 4);
	assert_int_equal(v->u.str.s[0], '<');
	assert_string_equal(v->u.str.s + sizeof big, "|7>");
	v = v_set(m, "nul", v_strn("a\0b", 3));
	assert_int_equal(v->u.str.len, 3);
	assert_memory_equal(v->u.str.s, "a\0b", 4);
	v = v_set(m, "empty", v_strf("%s", ""));
	assert_int_equal(v->u.str.len, 0);
	assert_string_equal(v->u.str.s, "");
	value_free(m);
}

/*
 * A tree made in the page arena reads as one made outside it, whatever
 * it holds: lists and maps grown past their first arrays and a map past
 * its scan size (an index), a replaced entry, strings bigger than a
 * quarter block (a block of their own) among small ones, and a shared
 * part made before, which outlives the arena.  Twice, so that a second
 * arena starts clean.  (ASan checks that nothing is used after its end.)
 */
static void
arena_trees(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct value *shared = v_share(v_map());
	struct buf want = BUF_INIT, big = BUF_INIT;
	int round, i;

	(void)state;
	v_set_str(shared, "name", "kept");
	add_ok(set, "page", "{{s.name}}:{{#items}}{{.}},{{/items}}|"
	    "{{k7}}{{k63}}|{{big}}|{{r}}");
	for (i = 0; i < 20000; i++)
		buf_putc(&big, 'a' + i % 26);
	for (round = 0; round < 2; round++) {
		struct value *m, *items;
		char key[16];

		v_arena_begin();
		m = v_map();
		v_set(m, "s", shared);
		items = v_set(m, "items", v_list());
		for (i = 0; i < 1000; i++)
			v_push(items, v_strf("%d", i));
		for (i = 0; i < 64; i++) {
			snprintf(key, sizeof key, "k%d", i);
			v_set_strf(m, key, "<%d>", i * (round + 1));
		}
		v_set_str(m, "big", buf_str(&big));
		v_set_str(m, "r", "first");
		v_set_str(m, "r", "second");
		buf_reset(&want);
		buf_puts(&want, "kept:");
		for (i = 0; i < 1000; i++)
			buf_printf(&want, "%d,", i);
		buf_printf(&want, "|&lt;%d&gt;&lt;%d&gt;|%s|second", 7 * (round + 1),
		    63 * (round + 1), buf_str(&big));
		expect(set, "page", m, buf_str(&want));
		value_free(m);
		v_arena_end();
	}
	assert_string_equal(v_get(shared, "name")->u.str.s, "kept");
	v_shared_free(shared);
	buf_free(&want);
	buf_free(&big);
	tpl_set_free(set);
}

/* ---- Compile once, render many ---- */

static void
render_twice(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct value *a = v_map(), *b = v_map(), *items;

	(void)state;
	add_ok(set, "page", "<h1>{{title}}</h1>\n<ul>\n{{#items}}\n"
	    "  <li>{{.}}</li>\n{{/items}}\n</ul>\n{{^items}}\nnone\n"
	    "{{/items}}\n");
	v_set_str(a, "title", "One");
	items = v_set(a, "items", v_list());
	v_push(items, v_str("x"));
	v_push(items, v_str("y"));
	v_set_str(b, "title", "Two & more");
	expect(set, "page", a, "<h1>One</h1>\n<ul>\n  <li>x</li>\n"
	    "  <li>y</li>\n</ul>\n");
	expect(set, "page", b, "<h1>Two &amp; more</h1>\n<ul>\n</ul>\nnone\n");
	expect(set, "page", a, "<h1>One</h1>\n<ul>\n  <li>x</li>\n"
	    "  <li>y</li>\n</ul>\n");
	value_free(a);
	value_free(b);
	tpl_set_free(set);
}

/* ---- Runaway nesting ---- */

static void
expect_runaway_ctx(struct tpl_set *set, const char *name,
    const struct value *ctx, const char *file, unsigned line, unsigned col,
    const char *msg)
{
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;

	assert_int_equal(tpl_render(set, name, ctx, &out, &d), -1);
	if (d.n != 1 || strcmp(d.v[0].msg, msg) != 0)
		print_diags(&d);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.v[0].file, file);
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].col, col);
	assert_string_equal(d.v[0].msg, msg);
	buf_free(&out);
	diag_free(&d);
}

static void
expect_runaway(struct tpl_set *set, const char *name, const char *file,
    unsigned line, unsigned col, const char *msg)
{
	expect_runaway_ctx(set, name, NULL, file, line, col, msg);
}

static void
recursion_cap(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct diags d = DIAGS_INIT;
	struct value *root, *node;
	struct buf want = BUF_INIT;
	int i;

	(void)state;
	assert_int_equal(tpl_add(set, "self", "self.mustache", "x\n {{>self}}",
	    12, &d), 0);
	expect_runaway(set, "self", "self.mustache", 2, 2,
	    "partial 'self' nested more than 100 deep (does it include "
	    "itself?)");
	assert_int_equal(tpl_add(set, "a", "a.mustache", "{{<b}}{{/b}}", 12,
	    &d), 0);
	assert_int_equal(tpl_add(set, "b", "b.mustache", "{{<a}}{{/a}}", 12,
	    &d), 0);
	expect_runaway(set, "a", "a.mustache", 1, 1, "parent 'b' nested more "
	    "than 100 deep (does it include itself?)");
	/* A block argument that contains its own parameter. */
	add_ok(set, "c", "{{<p}}{{$x}}[{{$x}}{{/x}}]{{/x}}{{/p}}");
	add_ok(set, "p", "{{$x}}{{/x}}");
	expect_runaway(set, "c", "c", 1, 14, "block 'x' nested more than 100 "
	    "deep (does it include itself?)");
	/*
	 * Sections count towards the overall cap: 20 at the top and 21
	 * per include (itself and its sections) reach 1000 levels in the
	 * 47th include, at its 14th section.
	 */
	buf_reset(&want);
	for (i = 0; i < 20; i++)
		buf_puts(&want, "{{#yes}}\n");
	buf_puts(&want, "{{>levels}}\n");
	for (i = 0; i < 20; i++)
		buf_puts(&want, "{{/yes}}\n");
	add_ok(set, "levels", buf_str(&want));
	root = v_map();
	v_set_bool(root, "yes", 1);
	expect_runaway_ctx(set, "levels", root, "levels", 14, 1,
	    "section 'yes' nested more than 1000 levels deep, counting "
	    "sections, partials, parents and blocks");
	value_free(root);
	buf_reset(&want);
	/*
	 * Recursion that the data ends is fine below the cap.  The leaf
	 * needs kid: false, or the context stack would find its parent's.
	 */
	add_ok(set, "tree", "{{v}}{{#kid}}({{>tree}}){{/kid}}");
	root = node = v_map();
	for (i = 0; i < 90; i++) {
		v_set_strf(node, "v", "%d", i % 10);
		buf_printf(&want, "%d", i % 10);
		if (i == 89)
			v_set_bool(node, "kid", 0);
		else {
			node = v_set(node, "kid", v_map());
			buf_putc(&want, '(');
		}
	}
	for (i = 0; i < 89; i++)
		buf_putc(&want, ')');
	expect(set, "tree", root, buf_str(&want));
	value_free(root);
	buf_free(&want);
	diag_free(&d);
	tpl_set_free(set);
}

/* ---- Indentation beyond the spec's own cases ---- */

static void
indentation(void **state)
{
	struct tpl_set *set = tpl_set_new();
	struct value *ctx = v_map();

	(void)state;
	v_set_str(ctx, "text", "1\n2");
	/* Standalone partials indent cumulatively; data is not indented. */
	add_ok(set, "outer", "a\n  {{>mid}}\nz\n");
	add_ok(set, "mid", "b\n {{>inner}}\n{{text}}\n");
	add_ok(set, "inner", "c\n\nd\n");
	expect(set, "outer", ctx, "a\n  b\n   c\n   \n   d\n  1\n2\nz\n");
	/* A partial that is not standalone is not indented. */
	add_ok(set, "inline", "  x {{>inner}}.\n");
	expect(set, "inline", ctx, "  x c\n\nd\n.\n");
	/* The example of mustache/spec pull request 131. */
	add_ok(set, "t131", "{{<p131}}\n        {{$block}}\n        Hello\n"
	    "        {{/block}}\n{{/p131}}");
	add_ok(set, "p131", "I say,\n  {{$block}}\n  Hi there!\n"
	    "  {{/block}}");
	expect(set, "t131", ctx, "I say,\n  Hello\n");
	/* Intrinsic indentation of an argument is removed entirely. */
	add_ok(set, "list", "* a\n* {{<pl}}{{$block}}\n"
	    "                {{! notice this big indent }}\n"
	    "                c{{/block}}{{/pl}}\n* d\n");
	add_ok(set, "pl", "{{$block}}x{{/block}}");
	expect(set, "list", ctx, "* a\n* c\n* d\n");
	/* A layout included as an indented standalone parent. */
	add_ok(set, "page", "<body>\n  {{<layout}}\n    {{$main}}\n"
	    "      <p>{{text}}</p>\n    {{/main}}\n  {{/layout}}\n</body>\n");
	add_ok(set, "layout", "<div>\n  {{$main}}\n  default\n  {{/main}}\n"
	    "</div>\n");
	expect(set, "page", ctx, "<body>\n  <div>\n    <p>1\n2</p>\n"
	    "  </div>\n</body>\n");
	/* An empty argument leaves no indented empty line behind. */
	add_ok(set, "empty", "{{<pe}}{{$b}}{{/b}}{{/pe}}");
	add_ok(set, "pe", "Hi\n{{$b}}\n  default\n{{/b}}\nbye");
	expect(set, "empty", ctx, "Hi\nbye");
	/* A standalone parent pair with CRLF line ends. */
	add_ok(set, "crlf", "a\r\n  {{<pc}}{{/pc}}\r\nb");
	add_ok(set, "pc", "x\r\ny\r\n");
	expect(set, "crlf", ctx, "a\r\n  x\r\n  y\r\nb");
	/*
	 * Lines that start with a tag that is not standalone are indented
	 * as if the partial's text had been: a closing tag's line belongs
	 * to its section, a comment's to what follows it.
	 */
	add_ok(set, "lines", "-\n  {{>pt}}\n-\n");
	add_ok(set, "pt", "{{#yes}}x\n{{/yes}}y\n{{^yes}}z\n{{/yes}}w\n"
	    "{{!c}}v\n");
	v_set_bool(ctx, "yes", 1);
	expect(set, "lines", ctx, "-\n  x\n  y\n  w\n  v\n-\n");
	v_set_bool(ctx, "yes", 0);
	expect(set, "lines", ctx, "-\n  y\n  z\n  w\n  v\n-\n");
	value_free(ctx);
	tpl_set_free(set);
}

/* ---- Loading a directory ---- */

static void
put_file(const char *dir, const char *name, const char *text)
{
	tmp_put(dir, name, text, strlen(text));
}

static void
rm_file(const char *dir, const char *name)
{
	struct buf path = BUF_INIT;

	buf_printf(&path, "%s/%s", dir, name);
	if (unlink(buf_str(&path)) < 0)
		rmdir(buf_str(&path));
	buf_free(&path);
}

static void
load_dir(void **state)
{
	static const char *const files[] = {
		"page.mustache", "item.mustache", "notes.txt",
		".hidden.mustache", "zz-bad.mustache", "aa-bad.mustache",
		"sub.mustache", "x.mustache.bak"
	};
	char dir[] = "/tmp/rapor-tpl-XXXXXX";
	struct tpl_set *set = tpl_set_new();
	struct diags d = DIAGS_INIT;
	struct value *ctx = v_map();
	struct buf path = BUF_INIT;
	size_t i;

	(void)state;
	assert_int_equal(tmp_dir(dir, sizeof dir, "tpl"), 0);
	put_file(dir, "page.mustache", "<h1>{{title}}</h1>\n{{>item}}");
	put_file(dir, "item.mustache", "<p>{{title}}</p>\n");
	put_file(dir, "notes.txt", "{{not a template");
	put_file(dir, ".hidden.mustache", "{{#");
	put_file(dir, "zz-bad.mustache", "ok\n  {{#x}}\n");
	put_file(dir, "aa-bad.mustache", "{{/y}}");
	put_file(dir, "x.mustache.bak", "{{");
	buf_printf(&path, "%s/sub.mustache", dir);
	assert_int_equal(mkdir(buf_str(&path), 0700), 0);

	assert_int_equal(tpl_load_dir(set, dir, &d), -1);
	/* Broken files are reported in name order; the rest loaded. */
	assert_int_equal(d.n, 2);
	assert_int_equal(d.errors, 2);
	buf_reset(&path);
	buf_printf(&path, "%s/aa-bad.mustache", dir);
	assert_string_equal(d.v[0].file, buf_str(&path));
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].col, 1);
	buf_reset(&path);
	buf_printf(&path, "%s/zz-bad.mustache", dir);
	assert_string_equal(d.v[1].file, buf_str(&path));
	assert_int_equal(d.v[1].line, 2);
	assert_int_equal(d.v[1].col, 3);
	assert_true(tpl_has(set, "page"));
	assert_true(tpl_has(set, "item"));
	assert_false(tpl_has(set, "zz-bad"));
	assert_false(tpl_has(set, "notes"));
	assert_false(tpl_has(set, ".hidden"));
	assert_false(tpl_has(set, "sub"));
	v_set_str(ctx, "title", "T");
	expect(set, "page", ctx, "<h1>T</h1>\n<p>T</p>\n");
	diag_free(&d);

	/* A directory that is not there is a system error. */
	buf_reset(&path);
	buf_printf(&path, "%s/none", dir);
	assert_int_equal(tpl_load_dir(set, buf_str(&path), &d), -1);
	assert_int_equal(d.system, 1);
	assert_int_equal(diag_status(&d), 3);

	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		rm_file(dir, files[i]);
	/* An empty directory loads nothing, successfully. */
	diag_free(&d);
	assert_int_equal(tpl_load_dir(set, dir, &d), 0);
	assert_int_equal(d.n, 0);
	assert_int_equal(rmdir(dir), 0);
	buf_free(&path);
	diag_free(&d);
	value_free(ctx);
	tpl_set_free(set);
}

/* The digest of "page" in a set of the given templates (name, source,
 * ..., NULL); a NULL source leaves that template out. */
static uint64_t
digest_of(const char *const *tpls)
{
	struct tpl_set *set = tpl_set_new();
	uint64_t h;

	for (; tpls[0] != NULL; tpls += 2)
		if (tpls[1] != NULL)
			add_ok(set, tpls[0], tpls[1]);
	h = tpl_digest(set, "page", HASH_INIT);
	tpl_set_free(set);
	return h;
}

/*
 * A digest changes with every template a render reaches (through a
 * parent, a block argument, a section, a partial of a partial), with a
 * missing partial coming into being, and with nothing else.
 */
static void
digest_reach(void **state)
{
	const char *base[] = {
		"page", "{{<layout}}{{$body}}{{#items}}{{>row}}{{/items}}"
		    "{{/body}}{{/layout}}",
		"layout", "<{{$body}}{{/body}}>{{^x}}{{>foot}}{{/x}}"
		    "{{$side}}{{>aside}}{{/side}}",
		"row", "r{{>cell}}", "cell", "c", "foot", "f", "aside", "a",
		"other", "o", "self", "{{>self}}", NULL
	};
	static const struct { const char *name, *src; int reached; } edits[] = {
		{ "page", "{{>row}}", 1 },
		{ "layout", "<{{$body}}{{/body}}>", 1 },
		{ "aside", "A", 1 },	/* a block's default content */
		{ "row", "R{{>cell}}", 1 },
		{ "cell", "C", 1 },
		{ "cell", NULL, 1 },	/* gone: it renders as nothing */
		{ "foot", "f ", 1 },
		{ "other", "O", 0 },
		{ "other", NULL, 0 },
		{ "self", "{{>self}}{{>page}}", 0 },
		{ "missing", "m", 0 },
	};
	const char *withself[] = { "page", "{{>self}}{{>nowhere}}", "self",
	    "{{>self}}{{>page}}", NULL, "", NULL };
	uint64_t d0 = digest_of(base), d;
	size_t i, j;

	(void)state;
	assert_true(d0 == digest_of(base));
	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		const char *t[sizeof base / sizeof base[0] + 2];

		memcpy(t, base, sizeof base);
		for (j = 0; t[j] != NULL && strcmp(t[j], edits[i].name) != 0;
		    j += 2)
			;
		if (t[j] == NULL) {	/* a new template */
			t[j + 2] = NULL;
			t[j] = edits[i].name;
		}
		t[j + 1] = edits[i].src;
		d = digest_of(t);
		if ((d != d0) != edits[i].reached)
			fail_msg("edit %zu (%s): digest %s", i, edits[i].name,
			    d != d0 ? "changed" : "did not change");
	}
	/* Templates that include each other end; a missing name coming
	 * into being is seen. */
	d = digest_of(withself);
	withself[4] = "nowhere";
	assert_true(d != digest_of(withself));
	/* The name is part of it: the same sources under another name. */
	{
		struct tpl_set *a = tpl_set_new();

		add_ok(a, "page", "x");
		add_ok(a, "egap", "x");
		assert_true(tpl_digest(a, "page", HASH_INIT) !=
		    tpl_digest(a, "egap", HASH_INIT));
		assert_true(tpl_digest(a, "page", HASH_INIT) !=
		    tpl_digest(a, "absent", HASH_INIT));
		tpl_set_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec_comments),
		cmocka_unit_test(spec_delimiters),
		cmocka_unit_test(spec_interpolation),
		cmocka_unit_test(spec_inverted),
		cmocka_unit_test(spec_partials),
		cmocka_unit_test(spec_sections),
		cmocka_unit_test(spec_inheritance),
		cmocka_unit_test(syntax_errors),
		cmocka_unit_test(nesting_cap),
		cmocka_unit_test(duplicate_name),
		cmocka_unit_test(missing_template),
		cmocka_unit_test(hostile_data),
		cmocka_unit_test(value_kinds),
		cmocka_unit_test(map_order_and_replace),
		cmocka_unit_test(strings_long_and_with_nuls),
		cmocka_unit_test(arena_trees),
		cmocka_unit_test(render_twice),
		cmocka_unit_test(recursion_cap),
		cmocka_unit_test(indentation),
		cmocka_unit_test(load_dir),
		cmocka_unit_test(digest_reach),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
