/* Tests for escaping per output context: include/escape.h. */
#include "testutil.h"

#include <jansson.h>

#include "buf.h"
#include "escape.h"

/* Run one escaper on s (len bytes) and return the result (static). */
enum which { HTML, JSON, URL };

static const char *
esc(enum which w, const char *s, size_t len)
{
	static char out[1024];
	struct buf b = BUF_INIT;

	switch (w) {
	case HTML: esc_html(&b, s, len); break;
	case JSON: esc_json(&b, s, len); break;
	default: esc_url(&b, s, len); break;
	}
	assert_true(b.len < sizeof out);
	memcpy(out, buf_str(&b), b.len + 1);
	buf_free(&b);
	return out;
}

#define E(w, s) esc((w), (s), strlen(s))

static const char *
csv(const char *s, int text)
{
	static char out[1024];
	struct buf b = BUF_INIT;

	esc_csv(&b, s, text);
	snprintf(out, sizeof out, "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

static void
html(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_string_equal(E(HTML, ""), "");
	assert_string_equal(E(HTML, "Kota Cilegon"), "Kota Cilegon");
	assert_string_equal(E(HTML, "<script>alert('x')</script>"),
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	assert_string_equal(E(HTML, "\" onmouseover=\"alert(1)"),
	    "&quot; onmouseover=&quot;alert(1)");
	assert_string_equal(E(HTML, "a && b"), "a &amp;&amp; b");
	/* An entity in the input is text, escaped again. */
	assert_string_equal(E(HTML, "&lt;"), "&amp;lt;");
	assert_string_equal(E(HTML, "Dinas Pendidikan & Kebudayaan \xc3\xa9"),
	    "Dinas Pendidikan &amp; Kebudayaan \xc3\xa9");
	/* Only len bytes are read. */
	assert_string_equal(esc(HTML, "<b>bold", 3), "&lt;b&gt;");
	/* Appends to what is there; NUL bytes inside are kept as bytes. */
	buf_puts(&b, "x=");
	esc_html(&b, "a\0<", 3);
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.data, "x=a\0&lt;", 8);
	buf_free(&b);
}

/* esc_html() a byte at a time, as it was before it looked at words. */
static void
html_ref(struct buf *b, const unsigned char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		switch (s[i]) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default: buf_putc(b, (char)s[i]); break;
		}
}

/*
 * Every byte value at every place of texts up to 33 bytes long, beside
 * text of each kind (plain, bytes just off the escaped ones, UTF-8), and
 * texts with many to escape, give what a byte at a time gives: the word
 * test must miss no byte, whatever its place in a word and in the
 * text.
 */
static void
html_every_byte(void **state)
{
	static const char *fills[] = { "a", "%", "(=?;", "\xc3\xa9", "<&" };
	unsigned char s[40];
	struct buf got = BUF_INIT, want = BUF_INIT;
	size_t len, at, f, i;
	unsigned v;

	(void)state;
	for (f = 0; f < sizeof fills / sizeof fills[0]; f++)
		for (len = 1; len <= 33; len++)
			for (at = 0; at < len; at++)
				for (v = 0; v < 256; v++) {
					size_t fl = strlen(fills[f]);

					for (i = 0; i < len; i++)
						s[i] = (unsigned char)fills[f][i % fl];
					s[at] = (unsigned char)v;
					buf_reset(&got);
					buf_reset(&want);
					esc_html(&got, (const char *)s, len);
					html_ref(&want, s, len);
					if (got.len != want.len ||
					    memcmp(got.data, want.data, got.len) != 0)
						fail_msg("fill %zu, %zu bytes, byte "
						    "%u at %zu", f, len, v, at);
				}
	buf_free(&got);
	buf_free(&want);
}

static void
json(void **state)
{
	static const char hostile[] = "</script><!-- \"q\" \\ \x01\x1f\x7f"
	    "\b\f\n\r\t & \xe2\x80\xa8\xe2\x80\xa9 \xc3\xa9 \xf0\x9f\x98\x80";
	json_t *j;
	json_error_t e;
	struct buf b = BUF_INIT;

	(void)state;
	assert_string_equal(E(JSON, ""), "\"\"");
	assert_string_equal(E(JSON, "Kota Cilegon"), "\"Kota Cilegon\"");
	assert_string_equal(E(JSON, "\"\\"), "\"\\\"\\\\\"");
	assert_string_equal(E(JSON, "</script>"),
	    "\"\\u003c/script\\u003e\"");
	assert_string_equal(E(JSON, "<!--"), "\"\\u003c!--\"");
	assert_string_equal(E(JSON, "a&b"), "\"a\\u0026b\"");
	assert_string_equal(E(JSON, "\n\r\t\b\f\x01\x1f"),
	    "\"\\n\\r\\t\\u0008\\u000c\\u0001\\u001f\"");
	/* DEL is fine in JSON and in HTML script text. */
	assert_string_equal(E(JSON, "\x7f"), "\"\x7f\"");
	/* Line and paragraph separators end a JavaScript line: escaped. */
	assert_string_equal(E(JSON, "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c"),
	    "\"a\\u2028b\\u2029c\"");
	/* Other UTF-8 passes as it is, including U+2027 and U+202A. */
	assert_string_equal(E(JSON, "\xe2\x80\xa7\xe2\x80\xaa\xc3\xa9"),
	    "\"\xe2\x80\xa7\xe2\x80\xaa\xc3\xa9\"");
	/* A NUL byte within len. */
	assert_string_equal(esc(JSON, "a\0b", 3), "\"a\\u0000b\"");
	/* A U+2028 cut by len is not read past the end. */
	assert_string_equal(esc(JSON, "a\xe2\x80\xa8", 3),
	    "\"a\xe2\x80\"");
	/* The hostile string is valid JSON that decodes to itself. */
	esc_json(&b, hostile, strlen(hostile));
	assert_null(strchr(buf_str(&b), '<'));
	assert_null(strstr(buf_str(&b), "\xe2\x80\xa8"));
	j = json_loadb(b.data, b.len, JSON_DECODE_ANY, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(j), hostile);
	json_decref(j);
	buf_free(&b);
}

static void
url(void **state)
{
	(void)state;
	assert_string_equal(E(URL, "kota-cilegon/2023/"),
	    "kota-cilegon/2023/");
	assert_string_equal(E(URL, "A-Z_a.z~09"), "A-Z_a.z~09");
	assert_string_equal(E(URL, "a b"), "a%20b");
	assert_string_equal(E(URL, "javascript:alert(1)"),
	    "javascript%3Aalert%281%29");
	assert_string_equal(E(URL, "?q=1&x=\"<>#%"),
	    "%3Fq%3D1%26x%3D%22%3C%3E%23%25");
	assert_string_equal(E(URL, "k\xc3\xb6ta"), "k%C3%B6ta");
	assert_string_equal(E(URL, "\n\t\x7f\xff"), "%0A%09%7F%FF");
	assert_string_equal(esc(URL, "a\0b", 3), "a%00b");
	assert_string_equal(E(URL, ""), "");
}

static void
csv_cells(void **state)
{
	(void)state;
	/* Plain text and numbers pass. */
	assert_string_equal(csv("Kota Cilegon", 1), "Kota Cilegon");
	assert_string_equal(csv("", 1), "");
	assert_string_equal(csv("89.45", 0), "89.45");
	/* Numeric cells are never altered, whatever their sign. */
	assert_string_equal(csv("-0.50", 0), "-0.50");
	assert_string_equal(csv("+11.72", 0), "+11.72");
	/* Formulas in text cells are defused. */
	assert_string_equal(csv("=HYPERLINK(\"x\")", 1),
	    "\"'=HYPERLINK(\"\"x\"\")\"");
	assert_string_equal(csv("=cmd|' /C calc'!A0", 1),
	    "'=cmd|' /C calc'!A0");
	assert_string_equal(csv("+1", 1), "'+1");
	assert_string_equal(csv("-x", 1), "'-x");
	assert_string_equal(csv("@x", 1), "'@x");
	assert_string_equal(csv("\tx", 1), "'\tx");
	assert_string_equal(csv("\rx", 1), "\"'\rx\"");
	/* Only at the start. */
	assert_string_equal(csv("a=b", 1), "a=b");
	assert_string_equal(csv(" =1", 1), " =1");
	/* Quoting: delimiters, quotes and line breaks. */
	assert_string_equal(csv("a,b", 1), "\"a,b\"");
	assert_string_equal(csv("say \"hi\"", 1), "\"say \"\"hi\"\"\"");
	assert_string_equal(csv("two\nlines", 1), "\"two\nlines\"");
	assert_string_equal(csv("cr\r\nlf", 0), "\"cr\r\nlf\"");
	assert_string_equal(csv("\"", 1), "\"\"\"\"");
	assert_string_equal(csv("=1,2", 1), "\"'=1,2\"");
	assert_string_equal(csv("a;b", 1), "a;b");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html),
		cmocka_unit_test(html_every_byte),
		cmocka_unit_test(json),
		cmocka_unit_test(url),
		cmocka_unit_test(csv_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
