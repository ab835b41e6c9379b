/*
 * Tests for the pure parts of rapor serve's HTTP side (include/serve.h):
 * the request path to a file below the site (one decoding, nothing out
 * of the site), content types, the loopback Host check, HTTP dates and
 * where the live script goes.  The server itself is tested end to end
 * by tests/serve.test.sh.
 */
#include "testutil.h"

#include "serve.h"

/* serve_url_path() of raw: its status, and the path into out (static). */
static int
path_of(const char *raw, const char **out, int *slash)
{
	static struct buf b = BUF_INIT;
	int rc;

	buf_free(&b);
	rc = serve_url_path(raw, &b, slash);
	*out = buf_str(&b);
	return rc;
}

static void
url_paths(void **state)
{
	static const struct {
		const char	*raw, *path;
		int		 slash;
	} t[] = {
		{ "/", "", 1 },
		{ "/2023/kota-cilegon/", "2023/kota-cilegon", 1 },
		{ "/assets/style.css", "assets/style.css", 0 },
		/* Empty segments are dropped. */
		{ "//a///b", "a/b", 0 },
		/* Decoded once: %2541 is "%41", never "A". */
		{ "/a%20b/%41", "a b/A", 0 },
		{ "/%2541", "%41", 0 },
		{ "/%252e%252e/x", "%2e%2e/x", 0 },
		/* %2F is a '/' once decoded, and counts as one. */
		{ "/a%2Fb%2f", "a/b", 1 },
		/* UTF-8 passes as bytes. */
		{ "/%C3%A9", "\xc3\xa9", 0 },
		/* A dot inside a name is fine; at its start it is not. */
		{ "/a.b/c..d", "a.b/c..d", 0 },
	};
	const char *p;
	size_t i;
	int slash;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		assert_int_equal(path_of(t[i].raw, &p, &slash), 0);
		assert_string_equal(p, t[i].path);
		assert_int_equal(slash, t[i].slash);
	}
}

static void
url_paths_refused(void **state)
{
	static const char *const forbidden[] = {
		"/..", "/../etc/passwd", "/a/../../b", "/a/..", "/.",
		"/./a", "/%2e%2e/x", "/%2E%2E/x", "/.%2e/x", "/%2e./x",
		"/a%2f..%2fb", "/..%2f..%2fetc", "/.rapor/manifest",
		"/%2erapor/journal", "/.git/config", "/a/.hidden",
		"/..\\x", "/a%5c..%5cb", "/a\\b",
	};
	static const char *const bad[] = {
		"", "a", "x/y", "http://example.org/", "/%", "/%4", "/%zz",
		"/%4g", "/%g4", "/a%00b", "/%00", "/a%0a", "/a%0D%0A",
		"/%7f", "/a\tb", "/a\x01",
	};
	const char *p;
	size_t i;
	int slash;

	(void)state;
	for (i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++) {
		assert_int_equal(path_of(forbidden[i], &p, &slash), 403);
		assert_string_equal(p, "");
		assert_false(slash);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(path_of(bad[i], &p, &slash), 400);
	{
		struct buf b = BUF_INIT;

		assert_int_equal(serve_url_path(NULL, &b, &slash), 400);
		buf_free(&b);
	}
}

static void
mime_types(void **state)
{
	(void)state;
	assert_string_equal(serve_mime("index.html"),
	    "text/html; charset=utf-8");
	assert_string_equal(serve_mime("2023/INDEX.HTML"),
	    "text/html; charset=utf-8");
	assert_string_equal(serve_mime("assets/style.css"),
	    "text/css; charset=utf-8");
	assert_string_equal(serve_mime("assets/site.js"),
	    "text/javascript; charset=utf-8");
	assert_string_equal(serve_mime("2023/zones.svg"), "image/svg+xml");
	assert_string_equal(serve_mime("card.png"), "image/png");
	assert_string_equal(serve_mime("data/results.csv"),
	    "text/csv; charset=utf-8");
	assert_string_equal(serve_mime("data/results.json"),
	    "application/json");
	assert_string_equal(serve_mime("feed.xml"), "application/xml");
	assert_string_equal(serve_mime("robots.txt"),
	    "text/plain; charset=utf-8");
	assert_string_equal(serve_mime("favicon.ico"), "image/x-icon");
	/* The extension is the last name's. */
	assert_string_equal(serve_mime("a.html/b"), "application/octet-stream");
	assert_string_equal(serve_mime("README"), "application/octet-stream");
	assert_string_equal(serve_mime("x.htmlx"), "application/octet-stream");
	assert_string_equal(serve_mime("x.tar.gz"), "application/octet-stream");
	assert_string_equal(serve_mime(""), "application/octet-stream");
}

static void
hosts(void **state)
{
	static const char *const good[] = {
		"localhost", "localhost:8000", "LOCALHOST:1", "127.0.0.1",
		"127.0.0.1:8000", "127.1.2.3:80", "[::1]", "[::1]:8000",
	};
	static const char *const evil[] = {
		"", "example.org", "example.org:8000", "localhost.example.org",
		"127.0.0.1.nip.io", "128.0.0.1", "10.0.0.1:8000",
		"[::2]:8000", "[::1", "::1", "localhost:80x",
		"127.0.0.1:8000:1", "[::1]x", "0.0.0.0",
	};
	size_t i;

	(void)state;
	/* Without Host, nothing was sent by a browser. */
	assert_true(serve_host_ok(NULL));
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!serve_host_ok(good[i]))
			fail_msg("refused: %s", good[i]);
	for (i = 0; i < sizeof evil / sizeof evil[0]; i++)
		if (serve_host_ok(evil[i]))
			fail_msg("accepted: %s", evil[i]);
}

static void
http_dates(void **state)
{
	static const char *const bad[] = {
		"Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
		"", "yesterday", "Sun, 06 Nov 1994 08:49:37 UTC",
		"Sun, 06 Nox 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 19x4 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
		"Sun, 06 Nov 1994 08:60:37 GMT", "Sun,  6 Nov 1994 08:49:37 GMT",
	};
	char out[30];
	size_t i;
	time_t t;

	(void)state;
	serve_http_date(784111777, out);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
	serve_http_date(0, out);
	assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
	serve_http_date(951782400, out);	/* a leap day */
	assert_string_equal(out, "Tue, 29 Feb 2000 00:00:00 GMT");
	assert_int_equal(serve_http_date_parse(
	    "Sun, 06 Nov 1994 08:49:37 GMT", &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(serve_http_date_parse(
	    "Tue, 29 Feb 2000 00:00:00 GMT", &t), 0);
	assert_int_equal(t, 951782400);
	assert_int_equal(serve_http_date_parse(
	    "Fri, 31 Dec 2066 23:59:59 GMT", &t), 0);
	assert_int_equal(t, 3061065599LL);
	/* Every second of a day and across months round-trips. */
	for (t = 1700000000; t < 1700000000 + 90 * 86400; t += 86400 / 7 + 1) {
		time_t back;

		serve_http_date(t, out);
		assert_int_equal(serve_http_date_parse(out, &back), 0);
		assert_int_equal(back, t);
	}
	/* The obsolete forms and anything else: no date. */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (serve_http_date_parse(bad[i], &t) != -1)
			fail_msg("taken as a date: %s", bad[i]);
}

static void
inject_place(void **state)
{
	static const char a[] = "<html><body><p>x</p></body></html>";
	static const char b[] = "<p>no body element</p>";
	static const char c[] = "<BODY>x</BODY >\n</Body>";
	static const char d[] = "</body";
	static const char e[] = "</bod";

	(void)state;
	assert_int_equal(serve_inject_at(a, strlen(a)), strstr(a, "</body>") - a);
	assert_int_equal(serve_inject_at(b, strlen(b)), strlen(b));
	/* The last one, in any case. */
	assert_int_equal(serve_inject_at(c, strlen(c)), strrchr(c, '<') - c);
	assert_int_equal(serve_inject_at(d, strlen(d)), 0);
	assert_int_equal(serve_inject_at(e, strlen(e)), strlen(e));
	assert_int_equal(serve_inject_at("", 0), 0);
	/* Only within len. */
	assert_int_equal(serve_inject_at(a, 10), 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_paths),
		cmocka_unit_test(url_paths_refused),
		cmocka_unit_test(mime_types),
		cmocka_unit_test(hosts),
		cmocka_unit_test(http_dates),
		cmocka_unit_test(inject_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
