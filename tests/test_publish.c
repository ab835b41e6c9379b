/*
 * Tests for the write stage: include/publish.h.  The promise of
 * content-format.md section 5 ("a build that fails leaves the previous
 * contents of OUTPUT exactly as they were") and of the README (files of
 * an earlier build are gone, hidden top-level entries are carried over)
 * is checked on real folders in a temporary directory.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>

#include "buf.h"
#include "diag.h"
#include "load.h"
#include "publish.h"
#include "util.h"

struct fx {
	char		 dir[64];	/* the temporary directory */
	char		 out[96];	/* OUTPUT: <dir>/site */
	struct stage	 st;
	struct diags	 d;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	if (x == NULL)
		return -1;
	snprintf(x->dir, sizeof x->dir, "/tmp/rapor-publish-XXXXXX");
	if (mkdtemp(x->dir) == NULL) {
		free(x);
		return -1;
	}
	snprintf(x->out, sizeof x->out, "%s/site", x->dir);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	stage_close(&x->st);
	diag_free(&x->d);
	remove_tree(x->dir);
	free(x);
	return 0;
}

/* <dir>/<rel> as a new string (caller frees). */
static char *
at(const char *dir, const char *rel)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s/%s", dir, rel);
	return buf_detach(&b);
}

/* Write a file under dir, making folders. */
static void
put(const char *dir, const char *rel, const char *text)
{
	char *path = at(dir, rel), *p;
	FILE *fp;

	for (p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
			*p = '/';
		}
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

/* The text of dir/rel, or NULL when it cannot be read (caller frees). */
static char *
get(const char *dir, const char *rel)
{
	char *path = at(dir, rel), *text;
	size_t len;

	if (slurp(path, 1 << 20, &text, &len) != 0)
		text = NULL;
	free(path);
	return text;
}

#define HAS(dir, rel, expect)                                                \
	do {                                                                 \
		char *t_ = get((dir), (rel));                                \
		assert_non_null(t_);                                         \
		assert_string_equal(t_, (expect));                           \
		free(t_);                                                    \
	} while (0)

static int
exists(const char *dir, const char *rel)
{
	char *path = at(dir, rel);
	struct stat st;
	int rc = lstat(path, &st) == 0;

	free(path);
	return rc;
}

/* The names in dir joined by spaces (caller frees). */
static char *
names(const char *dir)
{
	struct buf b = BUF_INIT;
	size_t n, i;
	char **v = dir_list(dir, &n);

	assert_non_null(v);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", v[i]);
	dir_list_free(v, n);
	return buf_detach(&b);
}

#define NAMES(dir, expect)                                                   \
	do {                                                                 \
		char *n_ = names(dir);                                       \
		assert_string_equal(n_, (expect));                           \
		free(n_);                                                    \
	} while (0)

/* The diagnostics as printed, with the temporary directory shown as "T". */
static char *
diag_text(const struct diags *d, const char *dir)
{
	struct buf b = BUF_INIT;
	char *raw = NULL, *p;
	size_t rawlen = 0, dl = strlen(dir);
	FILE *fp = open_memstream(&raw, &rawlen);

	assert_non_null(fp);
	diag_print(d, fp);
	assert_int_equal(fclose(fp), 0);
	for (p = raw; *p; ) {
		if (strncmp(p, dir, dl) == 0) {
			buf_putc(&b, 'T');
			p += dl;
		} else
			buf_putc(&b, *p++);
	}
	free(raw);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

#define DIAGS(x, expect)                                                     \
	do {                                                                 \
		char *d_ = diag_text(&(x)->d, (x)->dir);                     \
		assert_string_equal(d_, (expect));                           \
		free(d_);                                                    \
	} while (0)

static void
write_str(struct fx *x, const char *rel, const char *text)
{
	assert_int_equal(stage_write(&x->st, rel, text, strlen(text), &x->d),
	    0);
}

/* ---- staging ---------------------------------------------------------- */

static void
open_beside_output(void **state)
{
	struct fx *x = *state;
	struct stat st;
	char *prefix = at(x->dir, ".site.rapor-");

	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	assert_string_equal(x->st.out, x->out);
	/* A hidden folder in OUTPUT's parent: one file system, one rename. */
	assert_int_equal(strncmp(x->st.dir, prefix, strlen(prefix)), 0);
	assert_int_equal(strlen(x->st.dir), strlen(prefix) + 6);
	assert_int_equal(stat(x->st.dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Readable by a web server once published. */
	assert_int_equal(st.st_mode & 0777, 0755);
	/* OUTPUT itself is not created before publishing. */
	assert_false(exists(x->dir, "site"));
	assert_int_equal(x->d.n, 0);
	free(prefix);
}

static void
open_trailing_slashes(void **state)
{
	struct fx *x = *state;
	struct buf out = BUF_INIT;
	char *prefix = at(x->dir, ".site.rapor-");

	buf_printf(&out, "%s//", x->out);
	assert_int_equal(stage_open(&x->st, out.data, &x->d), 0);
	assert_string_equal(x->st.out, x->out);
	assert_int_equal(strncmp(x->st.dir, prefix, strlen(prefix)), 0);
	buf_free(&out);
	free(prefix);
}

static void
open_parent_missing(void **state)
{
	struct fx *x = *state;
	char *out = at(x->dir, "no/site");

	assert_int_equal(stage_open(&x->st, out, &x->d), -1);
	assert_null(x->st.dir);
	/* The path the user gave, not a random name that never existed. */
	DIAGS(x, "T/no/site: error: cannot create a staging folder beside "
	    "it: No such file or directory\n");
	assert_int_equal(diag_status(&x->d), 3);
	free(out);
}

static void
write_makes_folders(void **state)
{
	struct fx *x = *state;
	char big[100000];

	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "index.html", "<p>home</p>\n");
	write_str(x, "2023/kota-b/dinkes/index.html", "unit\n");
	write_str(x, "2023/kota-b/kota-b-2023.csv", "csv\n");
	/* Writing a file again replaces it. */
	write_str(x, "index.html", "new\n");
	/* Bytes are written as given, NULs and all, large or empty. */
	assert_int_equal(stage_write(&x->st, "bin", "a\0b", 3, &x->d), 0);
	memset(big, 'z', sizeof big);
	assert_int_equal(stage_write(&x->st, "big", big, sizeof big, &x->d), 0);
	assert_int_equal(stage_write(&x->st, "empty", "", 0, &x->d), 0);
	HAS(x->st.dir, "index.html", "new\n");
	HAS(x->st.dir, "2023/kota-b/dinkes/index.html", "unit\n");
	HAS(x->st.dir, "2023/kota-b/kota-b-2023.csv", "csv\n");
	HAS(x->st.dir, "empty", "");
	{
		char *p = at(x->st.dir, "bin"), *text;
		size_t len;

		assert_int_equal(slurp(p, 100, &text, &len), 0);
		assert_int_equal(len, 3);
		assert_memory_equal(text, "a\0b", 3);
		free(text);
		free(p);
		p = at(x->st.dir, "big");
		assert_int_equal(slurp(p, 1 << 20, &text, &len), 0);
		assert_int_equal(len, sizeof big);
		assert_memory_equal(text, big, sizeof big);
		free(text);
		free(p);
	}
	NAMES(x->st.dir, "2023 big bin empty index.html");
	assert_int_equal(x->d.n, 0);
}

static void
write_error(void **state)
{
	struct fx *x = *state;
	char *t;

	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "a", "file\n");
	/* A folder where a file is: a system error naming the path. */
	assert_int_equal(stage_write(&x->st, "a/b.html", "x", 1, &x->d), -1);
	assert_int_equal(stage_write(&x->st, "a/b/c.html", "x", 1, &x->d), -1);
	t = diag_text(&x->d, x->st.dir);
	assert_string_equal(t, "T/a/b.html: error: cannot create: Not a "
	    "directory\n"
	    "T/a/b/c.html: error: cannot create folder for: Not a "
	    "directory\n");
	free(t);
	assert_int_equal(diag_status(&x->d), 3);
}

static void
close_removes_unpublished(void **state)
{
	struct fx *x = *state;

	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "index.html", "x");
	write_str(x, "a/b/c.html", "x");
	stage_close(&x->st);
	assert_null(x->st.dir);
	assert_null(x->st.out);
	/* Nothing is left: no staging folder, no OUTPUT. */
	NAMES(x->dir, "");
	/* Closing twice, or a stage never opened, is harmless. */
	stage_close(&x->st);
}

/* ---- publishing ------------------------------------------------------- */

static void
publish_new_output(void **state)
{
	struct fx *x = *state;
	struct stat st;

	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "index.html", "home\n");
	write_str(x, "data/results.csv", "year\n");
	assert_int_equal(stage_publish(&x->st, &x->d), 0);
	assert_null(x->st.dir);
	HAS(x->out, "index.html", "home\n");
	HAS(x->out, "data/results.csv", "year\n");
	assert_int_equal(stat(x->out, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
	/* Only OUTPUT is left beside it. */
	NAMES(x->dir, "site");
	stage_close(&x->st);
	NAMES(x->dir, "site");
	assert_int_equal(x->d.n, 0);
}

static void
publish_over_old(void **state)
{
	struct fx *x = *state;

	/* An earlier build, and what is not rapor's. */
	put(x->out, "index.html", "old home\n");
	put(x->out, "old.html", "gone\n");
	put(x->out, "2021/kota-b/index.html", "gone\n");
	put(x->out, ".git/HEAD", "ref: refs/heads/main\n");
	put(x->out, ".git/objects/ab/cdef", "blob\n");
	put(x->out, ".gitkeep", "");
	put(x->out, ".well-known/security.txt", "Contact: x\n");
	/* A hidden entry below the top is the old build's: it goes. */
	put(x->out, "2021/.hidden", "gone\n");
	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "index.html", "new home\n");
	write_str(x, "2023/index.html", "2023\n");
	assert_int_equal(stage_publish(&x->st, &x->d), 0);
	assert_int_equal(x->d.n, 0);
	HAS(x->out, "index.html", "new home\n");
	HAS(x->out, "2023/index.html", "2023\n");
	assert_false(exists(x->out, "old.html"));
	assert_false(exists(x->out, "2021"));
	HAS(x->out, ".git/HEAD", "ref: refs/heads/main\n");
	HAS(x->out, ".git/objects/ab/cdef", "blob\n");
	HAS(x->out, ".gitkeep", "");
	HAS(x->out, ".well-known/security.txt", "Contact: x\n");
	NAMES(x->out, ".git .gitkeep .well-known 2023 index.html");
	/* The old tree and the staging folder are gone. */
	NAMES(x->dir, "site");
}

static void
publish_twice(void **state)
{
	struct fx *x = *state;

	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "a.html", "1\n");
	assert_int_equal(stage_publish(&x->st, &x->d), 0);
	stage_close(&x->st);
	put(x->out, ".git/HEAD", "ref\n");
	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "b.html", "2\n");
	assert_int_equal(stage_publish(&x->st, &x->d), 0);
	stage_close(&x->st);
	NAMES(x->out, ".git b.html");
	NAMES(x->dir, "site");
}

static void
publish_onto_file(void **state)
{
	struct fx *x = *state;

	put(x->dir, "site", "a file, not a folder\n");
	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	write_str(x, "index.html", "x");
	assert_int_equal(stage_publish(&x->st, &x->d), -1);
	DIAGS(x, "T/site: error: cannot replace: Not a directory\n");
	assert_int_equal(diag_status(&x->d), 3);
	/* The file is untouched; closing removes the staging folder. */
	HAS(x->dir, "site", "a file, not a folder\n");
	stage_close(&x->st);
	NAMES(x->dir, "site");
}

/*
 * RAPOR_FAULT_WRITE=N makes the Nth write of the process fail with EIO.
 * The count is per process, so the build runs in a child; the child
 * leaves its diagnostics in a file for the parent to compare.
 */
static void
fault_leaves_output(void **state)
{
	struct fx *x = *state;
	char *report = at(x->dir, "report.txt");
	pid_t pid;
	int status;

	put(x->out, "index.html", "old\n");
	put(x->out, "data/results.csv", "old csv\n");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct stage st;
		struct diags d = DIAGS_INIT;
		int rc = 0;
		FILE *fp;

		setenv("RAPOR_FAULT_WRITE", "3", 1);
		if (stage_open(&st, x->out, &d) != 0)
			_exit(10);
		rc |= stage_write(&st, "index.html", "new\n", 4, &d) != 0;
		rc |= (stage_write(&st, "data/results.csv", "n\n", 2, &d) != 0)
		    << 1;
		/* The third write fails, and only that one. */
		rc |= (stage_write(&st, "2023/index.html", "y\n", 2, &d) != -1)
		    << 2;
		rc |= (stage_write(&st, "404.html", "z\n", 2, &d) != 0) << 3;
		/* A failed build does not publish; the stage is removed. */
		stage_close(&st);
		fp = fopen(report, "w");
		if (fp == NULL)
			_exit(11);
		diag_print(&d, fp);
		fclose(fp);
		diag_free(&d);
		_exit(rc);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	{
		char *text = get(x->dir, "report.txt"), *p;
		struct buf b = BUF_INIT;
		size_t dl = strlen(x->dir);

		assert_non_null(text);
		/* The staging folder's random part is shown as XXXXXX. */
		for (p = text; *p; ) {
			if (strncmp(p, x->dir, dl) == 0) {
				buf_putc(&b, 'T');
				p += dl;
			} else if (strncmp(p, ".site.rapor-", 12) == 0) {
				buf_puts(&b, ".site.rapor-XXXXXX");
				p += 18;
			} else
				buf_putc(&b, *p++);
		}
		assert_string_equal(b.data, "T/.site.rapor-XXXXXX/2023/"
		    "index.html: error: cannot create: Input/output error\n");
		buf_free(&b);
		free(text);
	}
	/* OUTPUT byte for byte as it was; no staging folder left. */
	HAS(x->out, "index.html", "old\n");
	HAS(x->out, "data/results.csv", "old csv\n");
	NAMES(x->out, "data index.html");
	NAMES(x->dir, "report.txt site");
	free(report);
}

/* ---- remove_tree ------------------------------------------------------ */

/* ---- the chart cache ---------------------------------------------------- */

/* The first build lists its charts (no file per chart, only a list per
 * worker); the next one links them from OUTPUT with their notes. */
static void
cache_round_trip(void **state)
{
	struct fx *x = *state;
	struct stage_cache *c;
	struct buf note = BUF_INIT;
	struct stat a, b;
	char *staged, *old, *gone, *cdir;
	pid_t pid;
	int status;

	/* First build: nothing listed; two workers each list their own. */
	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	assert_non_null(c = stage_cache_open(&x->st));
	assert_int_equal(c->n, 0);
	assert_int_equal(stage_cache_get(c, &x->st, "k1.svg", "2023/a.svg",
	    &note), -1);
	write_str(x, "2023/a.svg", "<svg/>");
	stage_cache_put(c, "k1.svg", "2023/a.svg", "640 200");
	write_str(x, "b.svg", "<svg>b</svg>");
	stage_cache_put(c, "k2.svg", "b.svg", "1 2");
	/* Not listed: a tab would break the list. */
	stage_cache_put(c, "k\t3.svg", "c.svg", "");
	/* Listed for the next build only. */
	assert_int_equal(stage_cache_get(c, &x->st, "k1.svg", "c.svg", &note),
	    -1);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		/* A worker's list holds only what the worker put. */
		buf_reset(&c->next);
		stage_cache_put(c, "k4.png", "2023/card.png", "");
		stage_cache_save(c, 1);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	write_str(x, "2023/card.png", "png");
	stage_cache_save(c, 0);
	/* A list of an earlier build with more workers, and an older
	 * cache's entry: both go at the commit. */
	put(x->dir, ".site.rapor-cache/charts.5", "k9.svg\tz.svg\t\n");
	put(x->dir, ".site.rapor-cache/0123.svg", "<svg/>");
	assert_int_equal(stage_publish(&x->st, &x->d), 0);
	stage_cache_commit(c, 2);
	stage_cache_free(c);
	stage_close(&x->st);
	NAMES(x->dir, ".site.rapor-cache site");
	cdir = at(x->dir, ".site.rapor-cache");
	NAMES(cdir, "charts.0 charts.1");
	HAS(x->dir, ".site.rapor-cache/charts.0",
	    "k1.svg\t2023/a.svg\t640 200\nk2.svg\tb.svg\t1 2\n");
	HAS(x->dir, ".site.rapor-cache/charts.1",
	    "k4.png\t2023/card.png\t\n");

	/* Second build: k1 is linked from OUTPUT by a worker process, with
	 * its note; k2's file is gone from OUTPUT, so it is drawn again. */
	old = at(x->out, "2023/a.svg");
	gone = at(x->out, "b.svg");
	assert_int_equal(unlink(gone), 0);
	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	assert_non_null(c = stage_cache_open(&x->st));
	assert_int_equal(c->n, 3);
	assert_int_equal(stage_cache_get(c, &x->st, "k9.svg", "x.svg", &note),
	    -1);
	assert_int_equal(stage_cache_get(c, &x->st, "k2.svg", "b.svg", &note),
	    -1);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		buf_reset(&note);
		_exit(stage_cache_get(c, &x->st, "k1.svg", "2024/a.svg",
		    &note) == 0 && strcmp(buf_str(&note), "640 200") == 0 ?
		    0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* A hard link: the same file, no copy. */
	staged = at(x->st.dir, "2024/a.svg");
	assert_int_equal(stat(staged, &a), 0);
	assert_int_equal(stat(old, &b), 0);
	assert_true(a.st_ino == b.st_ino);
	/* This build saves no list for worker 1: its old list goes, as it
	 * names files of the tree being replaced. */
	stage_cache_save(c, 0);
	assert_int_equal(stage_publish(&x->st, &x->d), 0);
	stage_cache_commit(c, 2);
	stage_cache_free(c);
	NAMES(cdir, "charts.0");
	HAS(x->dir, "site/2024/a.svg", "<svg/>");
	assert_int_equal(x->d.n, 0);
	free(staged);
	free(old);
	free(gone);
	free(cdir);
	buf_free(&note);
}

/* A build without charts (jobs 0) forgets every list: the charts they
 * name are gone from the new tree. */
static void
cache_forgotten(void **state)
{
	struct fx *x = *state;
	struct stage_cache *c;
	char *cdir = at(x->dir, ".site.rapor-cache");

	assert_int_equal(stage_open(&x->st, x->out, &x->d), 0);
	put(x->dir, ".site.rapor-cache/charts.0", "k1.svg\ta.svg\t\n");
	put(x->dir, ".site.rapor-cache/charts.0.next", "k1.svg\ta.svg\t\n");
	/* Lines cut short or without their fields are skipped. */
	put(x->dir, ".site.rapor-cache/charts.1",
	    "k2.svg\tb.svg\t1 1\nbad line\n\tc.svg\t\nk3.svg\td.svg");
	assert_non_null(c = stage_cache_open(&x->st));
	assert_int_equal(c->n, 2);
	assert_string_equal(c->e[0].name, "k1.svg");
	assert_string_equal(c->e[1].note, "1 1");
	assert_int_equal(stage_publish(&x->st, &x->d), 0);
	stage_cache_commit(c, 0);
	stage_cache_free(c);
	NAMES(cdir, "");
	free(cdir);
}

static void
remove_tree_semantics(void **state)
{
	struct fx *x = *state;
	char *tree = at(x->dir, "tree"), *keep = at(x->dir, "keep");
	char *link = at(x->dir, "tree/link");

	put(x->dir, "tree/a/b/c.txt", "c");
	put(x->dir, "tree/.hidden", "h");
	put(x->dir, "keep/precious.txt", "p");
	/* A symbolic link is removed, never followed. */
	assert_int_equal(symlink(keep, link), 0);
	assert_int_equal(remove_tree(tree), 0);
	assert_false(exists(x->dir, "tree"));
	HAS(x->dir, "keep/precious.txt", "p");
	/* A missing path is already removed; a file is removed too. */
	assert_int_equal(remove_tree(tree), 0);
	assert_int_equal(remove_tree(keep), 0);
	NAMES(x->dir, "");
	free(tree);
	free(keep);
	free(link);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(open_beside_output),
		T(open_trailing_slashes),
		T(open_parent_missing),
		T(write_makes_folders),
		T(write_error),
		T(close_removes_unpublished),
		T(publish_new_output),
		T(publish_over_old),
		T(publish_twice),
		T(publish_onto_file),
		T(fault_leaves_output),
		T(remove_tree_semantics),
		T(cache_round_trip),
		T(cache_forgotten),
	};

	return cmocka_run_group_tests_name("publish", tests, NULL, NULL);
}
