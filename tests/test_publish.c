/*
 * Tests for the write stage: include/publish.h, on real folders in a
 * temporary directory.  What rapor promises about OUTPUT: it writes only
 * into a folder that is new, empty or its own; a failed build leaves it
 * exactly as it was; unchanged files keep their inode; only files rapor
 * listed are deleted; hidden entries are never touched; a publish that a
 * stopped run left is finished by the next one.
 */
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>

#include "buf.h"
#include "diag.h"
#include "publish.h"
#include "util.h"
#include "xalloc.h"

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
	x->st.lock = -1;
	x->st.outfd = -1;
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
	struct diags d = DIAGS_INIT;
	size_t len;

	if (file_read(path, NULL, 1 << 20, &text, &len, &d) != 0)
		text = NULL;
	diag_free(&d);
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

static ino_t
inode(const char *dir, const char *rel)
{
	char *path = at(dir, rel);
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	free(path);
	return st.st_ino;
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

#define DIAGS(x, expect)                                                     \
	do {                                                                 \
		char *d_ = diag_text(&(x)->d, (x)->dir, "T");                \
		assert_string_equal(d_, (expect));                           \
		free(d_);                                                    \
	} while (0)

/* Whether OUTPUT's manifest has a line starting with line. */
static int
manifest_has(struct fx *x, const char *line)
{
	char *m = get(x->out, ".rapor/manifest");
	int rc = m != NULL && strstr(m, line) != NULL;

	free(m);
	return rc;
}

static void
open_out(struct fx *x)
{
	assert_int_equal(stage_open(&x->st, x->out, NULL, NULL, &x->d), 0);
}

static void
write_str(struct fx *x, const char *rel, uint64_t key, const char *text)
{
	assert_int_equal(stage_write(&x->st, rel, key, NULL, text,
	    strlen(text), &x->d), 0);
}

/* Build a site of the files given as "rel", "text" pairs (NULL ends). */
static void
build(struct fx *x, ...)
{
	va_list ap;
	const char *rel, *text;

	open_out(x);
	va_start(ap, x);
	while ((rel = va_arg(ap, const char *)) != NULL) {
		text = va_arg(ap, const char *);
		write_str(x, rel, 0, text);
	}
	va_end(ap);
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);
	assert_int_equal(x->d.n, 0);
}

/* ---- opening ---------------------------------------------------------- */

static void
open_creates_output(void **state)
{
	struct fx *x = *state;
	char *prefix = at(x->out, ".rapor/stage-");
	struct stat st;

	open_out(x);
	/* The staging folder lives inside OUTPUT: one file system. */
	assert_int_equal(strncmp(x->st.dir, prefix, strlen(prefix)), 0);
	assert_int_equal(stat(x->st.dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	NAMES(x->out, ".rapor");
	/* A first build that does not publish leaves nothing behind. */
	stage_close(&x->st);
	assert_false(exists(x->dir, "site"));
	assert_int_equal(x->d.n, 0);
	free(prefix);
}

static void
publish_new_site(void **state)
{
	struct fx *x = *state;
	char *m;

	build(x, "index.html", "home", "2023/kota/index.html", "k",
	    "data/results.csv", "csv", (char *)NULL);
	NAMES(x->out, ".rapor 2023 data index.html");
	HAS(x->out, "2023/kota/index.html", "k");
	/* The staging folder is gone; no journal is left. */
	m = at(x->out, ".rapor");
	NAMES(m, "lock manifest");
	free(m);
	assert_true(manifest_has(x, "\n2023/kota/index.html\t"
	    "0000000000000000\t1\t"));
}

static void
unchanged_files_keep_their_inode(void **state)
{
	struct fx *x = *state;
	ino_t a, b, c;

	build(x, "index.html", "home", "2023/index.html", "y",
	    "gone/index.html", "bye", (char *)NULL);
	a = inode(x->out, "index.html");
	b = inode(x->out, "2023/index.html");
	c = inode(x->out, "2023");
	build(x, "index.html", "home", "2023/index.html", "y2",
	    "new/x/index.html", "n", (char *)NULL);
	/* Same bytes: the very same file. */
	assert_int_equal(inode(x->out, "index.html"), a);
	/* Other bytes: a new file, in the same folder. */
	assert_int_not_equal(inode(x->out, "2023/index.html"), b);
	assert_int_equal(inode(x->out, "2023"), c);
	HAS(x->out, "2023/index.html", "y2");
	HAS(x->out, "new/x/index.html", "n");
	/* A file the new site does not have is gone, with its folder. */
	assert_false(exists(x->out, "gone"));
	NAMES(x->out, ".rapor 2023 index.html new");
}

static void
nothing_changed_nothing_written(void **state)
{
	struct fx *x = *state;
	char *before, *after;

	build(x, "a/index.html", "a", "b.csv", "b", (char *)NULL);
	before = get(x->out, ".rapor/manifest");
	open_out(x);
	write_str(x, "a/index.html", 0, "a");
	write_str(x, "b.csv", 0, "b");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	assert_int_equal(x->st.nstaged, 0);
	assert_int_equal(x->st.nremoved, 0);
	assert_int_equal(x->st.nlisted, 2);
	stage_close(&x->st);
	after = get(x->out, ".rapor/manifest");
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Bytes are written as given, NULs and all, large or empty; an error
 * names OUTPUT's path, never the staging folder's. */
static void
bytes_as_given_and_errors_named(void **state)
{
	struct fx *x = *state;
	static char big[300000];
	char *text;
	size_t len;

	memset(big, 'z', sizeof big);
	open_out(x);
	assert_int_equal(stage_write(&x->st, "bin", 0, NULL, "a\0b", 3,
	    &x->d), 0);
	assert_int_equal(stage_write(&x->st, "big", 0, NULL, big, sizeof big,
	    &x->d), 0);
	assert_int_equal(stage_write(&x->st, "empty", 0, NULL, "", 0, &x->d),
	    0);
	write_str(x, "a", 0, "file\n");
	assert_int_equal(stage_write(&x->st, "a/b.html", 0, NULL, "x", 1,
	    &x->d), -1);
	DIAGS(x, "T/site/a/b.html: error: cannot write: Not a directory\n");
	assert_int_equal(diag_status(&x->d), 3);
	diag_free(&x->d);
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);
	{
		char *p = at(x->out, "bin");

		assert_int_equal(read_whole(p, 100, &text, &len), 0);
		assert_int_equal(len, 3);
		assert_memory_equal(text, "a\0b", 3);
		free(text);
		free(p);
		p = at(x->out, "big");
		assert_int_equal(read_whole(p, 1 << 20, &text, &len), 0);
		assert_int_equal(len, sizeof big);
		assert_memory_equal(text, big, sizeof big);
		free(text);
		free(p);
	}
	HAS(x->out, "empty", "");
	NAMES(x->out, ".rapor a big bin empty");
}

static void
hidden_entries_are_never_touched(void **state)
{
	struct fx *x = *state;
	ino_t g;

	assert_int_equal(mkdir(x->out, 0755), 0);
	put(x->out, ".git/HEAD", "ref");
	put(x->out, ".well-known/security.txt", "sec");
	g = inode(x->out, ".git/HEAD");
	build(x, "index.html", "1", (char *)NULL);
	build(x, "index.html", "2", (char *)NULL);
	assert_int_equal(inode(x->out, ".git/HEAD"), g);
	HAS(x->out, ".well-known/security.txt", "sec");
	NAMES(x->out, ".git .rapor .well-known index.html");
}

static void
keep_by_key(void **state)
{
	struct fx *x = *state;
	struct buf note = BUF_INIT;
	ino_t a;

	open_out(x);
	assert_int_equal(stage_write(&x->st, "c.svg", 42, "640 360", "svg", 3,
	    &x->d), 0);
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);
	a = inode(x->out, "c.svg");

	open_out(x);
	/* What the manifest kept with it, asked by another page. */
	assert_int_equal(stage_old_note(&x->st, "c.svg", 41, &note), 0);
	assert_int_equal(stage_old_note(&x->st, "c.svg", 0, &note), 0);
	assert_int_equal(stage_old_note(&x->st, "other.svg", 42, &note), 0);
	assert_string_equal(buf_str(&note), "");
	assert_int_equal(stage_old_note(&x->st, "c.svg", 42, &note), 1);
	assert_string_equal(buf_str(&note), "640 360");
	buf_reset(&note);
	assert_int_equal(stage_keep(&x->st, "c.svg", 41, &note), 0);
	assert_int_equal(stage_keep(&x->st, "c.svg", 0, &note), 0);
	assert_int_equal(stage_keep(&x->st, "other.svg", 42, &note), 0);
	assert_int_equal(stage_keep(&x->st, "c.svg", 42, &note), 1);
	assert_string_equal(buf_str(&note), "640 360");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);
	assert_int_equal(inode(x->out, "c.svg"), a);

	/* A file changed by hand is not what the key says: made again. */
	put(x->out, "c.svg", "hand");
	open_out(x);
	assert_int_equal(stage_keep(&x->st, "c.svg", 42, NULL), 0);
	/* Its note is of its inputs, not of its bytes: still the same. */
	buf_reset(&note);
	assert_int_equal(stage_old_note(&x->st, "c.svg", 42, &note), 1);
	assert_string_equal(buf_str(&note), "640 360");
	stage_close(&x->st);
	buf_free(&note);
}

/* ---- what rapor refuses ----------------------------------------------------- */

static void
refuses_a_folder_of_someone_elses_files(void **state)
{
	struct fx *x = *state;

	put(x->out, "thesis.docx", "years of work");
	put(x->out, ".hidden", "h");
	assert_int_equal(stage_open(&x->st, x->out, NULL, NULL, &x->d), -1);
	assert_int_equal(diag_status(&x->d), 2);
	DIAGS(x, "T/site: error: holds files that rapor did not write (such "
	    "as 'thesis.docx'); rapor writes only into a new or empty folder "
	    "or a site it built. Give another -o, or empty this folder "
	    "yourself if nothing in it must be kept\n");
	stage_close(&x->st);
	/* Nothing was created or changed. */
	NAMES(x->out, ".hidden thesis.docx");
	HAS(x->out, "thesis.docx", "years of work");
}

static void
accepts_hidden_only_and_empty_folders(void **state)
{
	struct fx *x = *state;

	put(x->out, ".git/HEAD", "ref");
	build(x, "index.html", "i", (char *)NULL);
	HAS(x->out, ".git/HEAD", "ref");
}

/* A tree an older rapor wrote (no manifest) is taken over: its files
 * are rapor's, replaced or deleted as the new site says. */
static void
takes_over_an_older_rapors_tree(void **state)
{
	struct fx *x = *state;

	put(x->out, "index.html", "old home");
	put(x->out, "assets/search-index.js", "window.raporSearch=[];\n");
	put(x->out, "2020/index.html", "old year");
	put(x->out, ".git/HEAD", "ref");
	put(x->dir, ".site.rapor-cache/charts.0", "list");
	put(x->dir, ".site.rapor-Ab3dE9/index.html", "dead staging");
	put(x->dir, ".other.rapor-cache/charts.0", "not ours");
	build(x, "index.html", "new home", "assets/search-index.js",
	    "window.raporSearch=[];\n", (char *)NULL);
	HAS(x->out, "index.html", "new home");
	assert_false(exists(x->out, "2020"));
	HAS(x->out, ".git/HEAD", "ref");
	/* What the older rapor left beside OUTPUT is gone; nothing else. */
	assert_false(exists(x->dir, ".site.rapor-cache"));
	assert_false(exists(x->dir, ".site.rapor-Ab3dE9"));
	assert_true(exists(x->dir, ".other.rapor-cache"));
}

/*
 * A manifest that is no regular file (a FIFO, which must not be waited
 * on; a link to an endless device) is not read: the tree is taken as
 * rapor's, as with a broken manifest, and the build goes on.
 */
static void
a_manifest_that_is_no_file_is_not_read(void **state)
{
	struct fx *x = *state;
	char *m = NULL;
	int k;

	build(x, "a.html", "a", "b.html", "b", (char *)NULL);
	for (k = 0; k < 2; k++) {
		free(m);
		m = at(x->out, ".rapor/manifest");
		assert_int_equal(unlink(m), 0);
		if (k == 0)
			assert_int_equal(mkfifo(m, 0644), 0);
		else
			assert_int_equal(symlink("/dev/zero", m), 0);
		alarm(20);	/* a wait on the FIFO fails the test */
		build(x, "a.html", k ? "a2" : "a1", (char *)NULL);
		alarm(0);
		HAS(x->out, "a.html", k ? "a2" : "a1");
		assert_false(exists(x->out, "b.html"));
		assert_true(manifest_has(x, "rapor-manifest 1\na.html\t"));
	}
	free(m);
}

static void
refuses_dangerous_places(void **state)
{
	struct fx *x = *state;
	char *content = at(x->dir, "content"), *inside = at(x->dir,
	    "content/site"), *tpl = at(x->dir, "tpl");
	char cwd[4096];

	put(x->dir, "content/site.ini", "[site]\n");
	put(x->dir, "tpl/base.mustache", "x");
	assert_int_equal(stage_open(&x->st, content, content, tpl, &x->d),
	    -1);
	stage_close(&x->st);
	assert_int_equal(stage_open(&x->st, inside, content, tpl, &x->d), -1);
	stage_close(&x->st);
	assert_int_equal(stage_open(&x->st, x->dir, content, tpl, &x->d), -1);
	stage_close(&x->st);
	assert_int_equal(stage_open(&x->st, tpl, content, tpl, &x->d), -1);
	stage_close(&x->st);
	assert_int_equal(stage_open(&x->st, "/", NULL, NULL, &x->d), -1);
	stage_close(&x->st);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(x->dir), 0);
	assert_int_equal(stage_open(&x->st, ".", NULL, NULL, &x->d), -1);
	stage_close(&x->st);
	assert_int_equal(chdir(cwd), 0);
	setenv("HOME", x->dir, 1);
	assert_int_equal(stage_open(&x->st, x->dir, NULL, NULL, &x->d), -1);
	stage_close(&x->st);
	assert_int_equal(diag_status(&x->d), 2);
	DIAGS(x, "T/content: error: is the content folder; the site would "
	    "replace it: give another -o\n"
	    "T/content/site: error: lies inside the content folder "
	    "'T/content'; give an -o outside it\n"
	    "T: error: holds the content folder 'T/content'; give an -o that "
	    "does not contain it\n"
	    "T/tpl: error: is the templates folder; the site would replace "
	    "it: give another -o\n"
	    "/: error: is the root folder; give rapor a folder of its own "
	    "with -o, such as -o output\n"
	    ".: error: is the working folder itself; give rapor a folder of "
	    "its own with -o, such as -o output\n"
	    "T: error: is your home folder; give rapor a folder of its own "
	    "with -o, such as -o output\n");
	/* Every protected file is as it was. */
	HAS(x->dir, "content/site.ini", "[site]\n");
	NAMES(x->dir, "content tpl");
	NAMES(content, "site.ini");
	free(content);
	free(inside);
	free(tpl);
}

static void
symlinked_output_works_or_is_refused_truly(void **state)
{
	struct fx *x = *state;
	char *real = at(x->dir, "real"), *link = at(x->dir, "link"),
	    *dangling = at(x->dir, "dangling"), *file = at(x->dir, "file");

	assert_int_equal(mkdir(real, 0755), 0);
	assert_int_equal(symlink(real, link), 0);
	open_out(x);
	stage_close(&x->st);
	assert_int_equal(stage_open(&x->st, link, NULL, NULL, &x->d), 0);
	write_str(x, "index.html", 0, "via link");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);
	HAS(x->dir, "real/index.html", "via link");
	assert_int_equal(symlink("/nonexistent/rapor", dangling), 0);
	assert_int_equal(stage_open(&x->st, dangling, NULL, NULL, &x->d), -1);
	stage_close(&x->st);
	put(x->dir, "file", "f");
	assert_int_equal(stage_open(&x->st, file, NULL, NULL, &x->d), -1);
	stage_close(&x->st);
	DIAGS(x, "T/dangling: error: is a symbolic link to a folder that does "
	    "not exist; create it, or give another -o\n"
	    "T/file: error: exists and is not a folder; give another -o\n");
	free(real);
	free(link);
	free(dangling);
	free(file);
}

/* A file in OUTPUT that rapor did not write, where the site puts one:
 * refused at the publish, and OUTPUT is as it was. */
static void
refuses_to_overwrite_a_foreign_file(void **state)
{
	struct fx *x = *state;

	build(x, "index.html", "i", (char *)NULL);
	put(x->out, "CNAME", "example.org");
	open_out(x);
	write_str(x, "index.html", 0, "i2");
	write_str(x, "CNAME", 0, "rapor's");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), -1);
	stage_close(&x->st);
	HAS(x->out, "CNAME", "example.org");
	HAS(x->out, "index.html", "i");
	assert_int_equal(diag_status(&x->d), 2);
	/* A file that only sits beside the site is kept, not deleted. */
	diag_free(&x->d);
	build(x, "index.html", "i3", (char *)NULL);
	HAS(x->out, "CNAME", "example.org");
}

static void
hand_edited_file_is_not_deleted(void **state)
{
	struct fx *x = *state;

	build(x, "index.html", "i", "notes/index.html", "n", (char *)NULL);
	put(x->out, "notes/index.html", "my own notes");
	open_out(x);
	write_str(x, "index.html", 0, "i");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);
	HAS(x->out, "notes/index.html", "my own notes");
	DIAGS(x, "T/site/notes/index.html: warning: was changed since rapor "
	    "wrote it, so it is left in place although the site no longer "
	    "has it\n");
}

/* ---- failure and interruption --------------------------------------------------- */

static void
failed_build_leaves_output_as_it_was(void **state)
{
	struct fx *x = *state;
	ino_t a;

	build(x, "index.html", "i", "x/index.html", "x", (char *)NULL);
	a = inode(x->out, "index.html");
	open_out(x);
	write_str(x, "index.html", 0, "changed");
	/* No publish: the build failed. */
	stage_close(&x->st);
	assert_int_equal(inode(x->out, "index.html"), a);
	HAS(x->out, "index.html", "i");
	HAS(x->out, "x/index.html", "x");
	NAMES(x->out, ".rapor index.html x");
	{
		char *s = at(x->out, ".rapor");

		NAMES(s, "lock manifest");
		free(s);
	}
}

static void
interrupted_publish_is_refused_before_the_journal(void **state)
{
	struct fx *x = *state;

	build(x, "index.html", "i", (char *)NULL);
	open_out(x);
	write_str(x, "index.html", 0, "changed");
	stage_interrupted = 2;
	assert_int_equal(stage_publish(&x->st, 1, &x->d), -1);
	stage_interrupted = 0;
	stage_close(&x->st);
	HAS(x->out, "index.html", "i");
}

static void
dead_builds_staging_is_removed(void **state)
{
	struct fx *x = *state;

	build(x, "index.html", "i", (char *)NULL);
	put(x->out, ".rapor/stage-dead01/index.html", "half");
	put(x->out, ".rapor/journal.tmp", "half a journal");
	open_out(x);
	{
		char *s = at(x->out, ".rapor");
		char *base = strrchr(x->st.dir, '/') + 1;
		struct buf want = BUF_INIT;

		buf_printf(&want, "lock manifest %s", base);
		NAMES(s, want.data);
		buf_free(&want);
		free(s);
	}
}

static void
second_build_waits_for_the_lock(void **state)
{
	struct fx *x = *state;
	struct stage other;
	struct diags d = DIAGS_INIT;

	open_out(x);
	assert_int_equal(stage_open(&other, x->out, NULL, NULL, &d), -1);
	assert_int_equal(diag_status(&d), 3);
	assert_non_null(strstr(d.v[0].msg, "another rapor is writing"));
	stage_close(&other);
	diag_free(&d);
}

/*
 * A journal that a stopped run left is carried out by the next open,
 * whatever part of it was done: here one move and the deletion were
 * done, one move and the manifest were not.
 */
static void
next_run_finishes_an_interrupted_publish(void **state)
{
	struct fx *x = *state;
	struct buf j = BUF_INIT;
	char *jp;

	build(x, "a/index.html", "a1", "b/index.html", "b1", "c.csv", "c1",
	    (char *)NULL);
	put(x->out, ".rapor/stage-abcdef/b/index.html", "b2");
	put(x->out, ".rapor/stage-abcdef/n/index.html", "n2");
	put(x->out, ".rapor/stage-abcdef/.manifest", "rapor-manifest 1\n");
	/* Already moved: a/index.html. */
	put(x->out, "a/index.html", "a2");
	buf_puts(&j, "rapor-journal 1\nstage-abcdef\nW a/index.html\n"
	    "W b/index.html\nW n\nD c.csv\n");
	jp = at(x->out, ".rapor/journal");
	put(x->out, ".rapor/journal", j.data);
	open_out(x);
	assert_int_equal(x->d.n, 0);
	HAS(x->out, "a/index.html", "a2");
	HAS(x->out, "b/index.html", "b2");
	HAS(x->out, "n/index.html", "n2");
	assert_false(exists(x->out, "c.csv"));
	assert_false(exists(x->out, ".rapor/journal"));
	assert_false(exists(x->out, ".rapor/stage-abcdef"));
	HAS(x->out, ".rapor/manifest", "rapor-manifest 1\n");
	stage_close(&x->st);
	buf_free(&j);
	free(jp);
}

/* Workers hand their lists over; the publish joins them. */
static void
workers_lists_are_joined(void **state)
{
	struct fx *x = *state;
	pid_t pid;
	int status;

	open_out(x);
	if ((pid = fork()) == 0) {
		struct diags d = DIAGS_INIT;
		int rc = stage_write(&x->st, "w1/index.html", 7, NULL, "w", 1,
		    &d) == 0 && stage_hand_over(&x->st, 1, &d) == 0;

		_exit(rc ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	write_str(x, "index.html", 0, "p");
	assert_int_equal(stage_publish(&x->st, 2, &x->d), 0);
	assert_int_equal(x->st.nlisted, 2);
	assert_int_equal(x->st.nstaged, 2);
	stage_close(&x->st);
	HAS(x->out, "w1/index.html", "w");
	assert_true(manifest_has(x, "\nw1/index.html\t0000000000000007\t1\t"));
	/* A worker that handed nothing over: the publish refuses. */
	open_out(x);
	write_str(x, "index.html", 0, "q");
	assert_int_equal(stage_publish(&x->st, 2, &x->d), -1);
	stage_close(&x->st);
	HAS(x->out, "index.html", "p");
}

/* Where line starts in OUTPUT's manifest, or -1. */
static long
manifest_at(struct fx *x, const char *line)
{
	char *m = get(x->out, ".rapor/manifest"), *p;
	long at = m != NULL && (p = strstr(m, line)) != NULL ? p - m : -1;

	free(m);
	return at;
}

/* A path listed twice counts once, at its first line's place, as written
 * when either line wrote it: kept then written ("K", then "W"), kept with
 * its page ("O") then drawn by another page; written twice is refused. */
static void
a_path_listed_twice_counts_once(void **state)
{
	struct fx *x = *state;
	char *before;

	open_out(x);
	write_str(x, "a.csv", 5, "old");
	stage_begin(&x->st, "p/index.html");
	write_str(x, "p/c.svg", 0, "chart");
	stage_begin(&x->st, NULL);
	write_str(x, "p/index.html", 9, "page");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);

	open_out(x);
	assert_int_equal(stage_keep(&x->st, "a.csv", 5, NULL), 1);
	assert_int_equal(stage_keep_page(&x->st, "p/index.html", 9), 1);
	write_str(x, "b.csv", 0, "b");
	write_str(x, "a.csv", 6, "new");
	stage_begin(&x->st, "q/index.html");
	write_str(x, "p/c.svg", 0, "drawn again");
	stage_begin(&x->st, NULL);
	write_str(x, "q/index.html", 0, "q");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	assert_int_equal(x->st.nlisted, 5);
	assert_int_equal(x->st.nstaged, 4);
	assert_int_equal(x->st.nremoved, 0);
	stage_close(&x->st);
	assert_int_equal(x->d.n, 0);
	HAS(x->out, "a.csv", "new");
	HAS(x->out, "p/c.svg", "drawn again");
	assert_true(manifest_at(x, "\na.csv\t0000000000000006\t3\t") >= 0);
	assert_true(manifest_at(x, "\na.csv\t") < manifest_at(x, "\nb.csv\t"));
	assert_true(manifest_at(x, "\np/c.svg\t") < manifest_at(x, "\nb.csv\t"));
	assert_true(manifest_at(x, "\tq/index.html\t\n") > 0);
	assert_int_equal(manifest_at(x, "\tp/index.html\t\n"), -1);

	before = get(x->out, ".rapor/manifest");
	open_out(x);
	write_str(x, "a.csv", 0, "one");
	write_str(x, "a.csv", 0, "two");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), -1);
	stage_close(&x->st);
	DIAGS(x, "T/site: error: two files of the site at 'a.csv'\n");
	HAS(x->out, "a.csv", "new");
	HAS(x->out, ".rapor/manifest", before);
	free(before);
}

/* Lists longer than what a process holds (they go to the staging folder
 * a megabyte at a time) are merged whole, in order; a broken one is
 * refused. */
static void
long_lists_are_merged_in_order(void **state)
{
	struct fx *x = *state;
	struct buf rel = BUF_INIT;
	pid_t pid;
	int status, i, n = 20000;
	char *m, *p;

	open_out(x);
	if ((pid = fork()) == 0) {
		struct diags d = DIAGS_INIT;
		int ok = 1;

		for (i = 0; i < 300 && ok; i++) {
			buf_reset(&rel);
			buf_printf(&rel, "w/%05d.html", i);
			ok = stage_write(&x->st, rel.data, 3, NULL, "w", 1,
			    &d) == 0;
		}
		_exit(ok && stage_hand_over(&x->st, 1, &d) == 0 ? 0 : 1);
	}
	assert_true(pid > 0);
	for (i = 0; i < n; i++) {
		buf_reset(&rel);
		buf_printf(&rel, "d%d/%05d.html", i % 7, i);
		write_str(x, rel.data, 2, "f");
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(stage_publish(&x->st, 2, &x->d), 0);
	assert_int_equal(x->st.nlisted, (size_t)n + 300);
	assert_int_equal(x->st.nstaged, (size_t)n + 300);
	stage_close(&x->st);
	assert_int_equal(x->d.n, 0);
	/* The first process's files, in the order written, then the
	 * worker's. */
	{
		char *path = at(x->out, ".rapor/manifest");
		struct diags d = DIAGS_INIT;
		size_t len;

		/* Over get()'s megabyte. */
		assert_int_equal(file_read(path, NULL, 1 << 24, &m, &len, &d),
		    0);
		diag_free(&d);
		free(path);
	}
	p = strchr(m, '\n') + 1;
	for (i = 0; i < n + 300; i++) {
		buf_reset(&rel);
		if (i < n)
			buf_printf(&rel, "d%d/%05d.html\t", i % 7, i);
		else
			buf_printf(&rel, "w/%05d.html\t", i - n);
		assert_memory_equal(p, rel.data, rel.len);
		p = strchr(p, '\n') + 1;
	}
	assert_int_equal(*p, '\0');
	free(m);
	HAS(x->out, "d3/00010.html", "f");

	/* Every file kept but the last 100 of the first process's. */
	open_out(x);
	for (i = 0; i < n - 100; i++) {
		buf_reset(&rel);
		buf_printf(&rel, "d%d/%05d.html", i % 7, i);
		assert_int_equal(stage_keep(&x->st, rel.data, 2, NULL), 1);
	}
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	assert_int_equal(x->st.nlisted, (size_t)n - 100);
	assert_int_equal(x->st.nremoved, 400);
	stage_close(&x->st);
	assert_false(exists(x->out, "w/00000.html"));
	assert_false(exists(x->out, "d0/19999.html"));
	assert_true(exists(x->out, "d1/19895.html"));

	/* A worker's list with a broken line: nothing changes. */
	open_out(x);
	if ((pid = fork()) == 0) {
		struct diags d = DIAGS_INIT;

		_exit(stage_write(&x->st, "w.html", 0, NULL, "w", 1, &d) ==
		    0 && stage_hand_over(&x->st, 1, &d) == 0 ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	buf_reset(&rel);
	buf_printf(&rel, "%s/.list.1", x->st.dir);
	{
		FILE *fp = fopen(rel.data, "ab");

		assert_non_null(fp);
		fputs("X\tno line\n", fp);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(stage_publish(&x->st, 2, &x->d), -1);
	stage_close(&x->st);
	DIAGS(x, "T/site: error: a worker's list of its files is broken\n");
	assert_false(exists(x->out, "w.html"));
	buf_free(&rel);
}

/* The manifest's text (caller frees), read whole. */
static char *
manifest_text(struct fx *x)
{
	char *path = at(x->out, ".rapor/manifest"), *m;
	struct diags d = DIAGS_INIT;
	size_t len;

	assert_int_equal(file_read(path, NULL, 1 << 26, &m, &len, &d), 0);
	diag_free(&d);
	free(path);
	return m;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text that do not start with drop, sorted (caller frees). */
static char *
sorted_lines(const char *text, const char *drop)
{
	struct buf b = BUF_INIT;
	char **v = NULL, *copy = xstrdup(text), *p, *nl;
	size_t n = 0, cap = 0, i;

	for (p = copy; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		if (strncmp(p, drop, strlen(drop)) == 0)
			continue;
		XGROW(&v, &n, &cap);
		v[n++] = p;
	}
	qsort(v, n, sizeof *v, cmp_str);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s\n", v[i]);
	free(v);
	free(copy);
	return buf_detach(&b);
}

/*
 * Pages kept with their files keep their manifest lines byte for byte,
 * whether the new manifest copies them (kept in the manifest's order) or
 * makes them again (kept in another order): the published table keeps
 * only each file's strings, a page's owner once, across more than one of
 * its blocks.
 */
static void
kept_pages_keep_their_manifest_lines(void **state)
{
	struct fx *x = *state;
	struct buf rel = BUF_INIT, page = BUF_INIT;
	char *before, *after, *a, *b;
	int i, pass, n = 8000;

	open_out(x);
	for (i = 0; i < n; i++) {
		buf_reset(&page);
		buf_printf(&page, "a-long-folder-name-for-page-%05d/index.html",
		    i);
		stage_begin(&x->st, page.data);
		buf_reset(&rel);
		buf_printf(&rel, "a-long-folder-name-for-page-%05d/a.svg", i);
		assert_int_equal(stage_write(&x->st, rel.data, 7, "480 213",
		    "a", 1, &x->d), 0);
		buf_reset(&rel);
		buf_printf(&rel, "a-long-folder-name-for-page-%05d/b.svg", i);
		write_str(x, rel.data, 8, "b");
		stage_begin(&x->st, NULL);
		write_str(x, page.data, (uint64_t)i + 1, "page");
	}
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	stage_close(&x->st);
	assert_int_equal(x->d.n, 0);
	before = manifest_text(x);
	assert_non_null(strstr(before, "\na-long-folder-name-for-page-00017/a.svg"
	    "\t0000000000000007\t1\t"));
	assert_non_null(strstr(before, "\ta-long-folder-name-for-page-00017/"
	    "index.html\t480 213\n"));

	for (pass = 0; pass < 2; pass++) {
		/* Page 0 made again (its lines change), the others kept: in
		 * order, then from the last. */
		open_out(x);
		stage_begin(&x->st, "a-long-folder-name-for-page-00000/index.html");
		write_str(x, "a-long-folder-name-for-page-00000/a.svg", 7,
		    pass ? "a1" : "a0");
		stage_begin(&x->st, NULL);
		write_str(x, "a-long-folder-name-for-page-00000/index.html", 1,
		    pass ? "new1" : "new0");
		for (i = 1; i < n; i++) {
			buf_reset(&page);
			buf_printf(&page, "a-long-folder-name-for-page-%05d/"
			    "index.html", pass ? n - i : i);
			assert_int_equal(stage_keep_page(&x->st, page.data,
			    (uint64_t)(pass ? n - i : i) + 1), 1);
		}
		assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
		assert_int_equal(x->st.nlisted, (size_t)3 * n - 1);
		/* Page 0's b.svg, the first time. */
		assert_int_equal(x->st.nremoved, pass == 0);
		stage_close(&x->st);
		assert_int_equal(x->d.n, 0);
		after = manifest_text(x);
		a = sorted_lines(before, "a-long-folder-name-for-page-00000/");
		b = sorted_lines(after, "a-long-folder-name-for-page-00000/");
		assert_string_equal(a, b);
		if (pass == 0) {
			/* In order: the same lines in the same order. */
			assert_string_equal(strstr(before,
			    "\na-long-folder-name-for-page-00001/"),
			    strstr(after, "\na-long-folder-name-for-page-00001/"));
		}
		free(a);
		free(b);
		free(before);
		before = after;
	}
	free(before);
	buf_free(&rel);
	buf_free(&page);
}

static void
remove_tree_removes_everything(void **state)
{
	struct fx *x = *state;

	put(x->dir, "t/a/b/c", "1");
	put(x->dir, "t/d", "2");
	{
		char *t = at(x->dir, "t");

		assert_int_equal(remove_tree(t), 0);
		assert_false(exists(x->dir, "t"));
		assert_int_equal(remove_tree(t), 0);
		free(t);
	}
}

/* Stream text into rel in pieces of n bytes. */
static void
stream_str(struct fx *x, const char *rel, const char *text, size_t n)
{
	struct stage_stream w;
	size_t len = strlen(text), at;

	stage_stream_open(&x->st, &w, rel);
	for (at = 0; at < len; at += n)
		assert_int_equal(stage_stream_put(&w, text + at, len - at < n ?
		    len - at : n), 0);
	assert_int_equal(stage_stream_close(&w, 7, NULL, &x->d), 0);
}

/* A file streamed in pieces is published as stage_write() publishes it:
 * kept, same inode, when every byte is as before; else a new file with
 * the new bytes, whether it parts from the old one early, late, is
 * shorter or longer. */
static void
streamed_file_is_kept_or_written(void **state)
{
	struct fx *x = *state;
	static const char *next[] = { "abcdefghij", "Xbcdefghij",
	    "abcdefghiX", "abcdef", "abcdefghijkl", "", "abcdefghij" };
	ino_t a = 0;
	size_t i, n;

	for (n = 1; n <= 11; n += 5) {
		build(x, "s.csv", "abcdefghij", (char *)NULL);
		a = inode(x->out, "s.csv");
		open_out(x);
		stream_str(x, "s.csv", "abcdefghij", n);
		assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
		assert_int_equal(x->st.nstaged, 0);
		stage_close(&x->st);
		assert_int_equal(inode(x->out, "s.csv"), a);
		assert_true(manifest_has(x, "\ns.csv\t0000000000000007\t10\t"));
		for (i = 0; i < sizeof next / sizeof next[0]; i++) {
			open_out(x);
			stream_str(x, "s.csv", next[i], n);
			stream_str(x, "new/t.csv", next[i], n);
			assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
			stage_close(&x->st);
			HAS(x->out, "s.csv", next[i]);
			HAS(x->out, "new/t.csv", next[i]);
			assert_int_equal(x->d.n, 0);
		}
	}
	/* An error names OUTPUT's path. */
	open_out(x);
	{
		struct stage_stream w;

		write_str(x, "a", 0, "file\n");
		stage_stream_open(&x->st, &w, "a/b.csv");
		assert_int_equal(stage_stream_put(&w, "x", 1), -1);
		assert_int_equal(stage_stream_close(&w, 0, NULL, &x->d), -1);
		DIAGS(x, "T/site/a/b.csv: error: cannot write: Not a "
		    "directory\n");
	}
	stage_close(&x->st);
}

/* What a tap is handed: the files written into the staging folder, with
 * their bytes; never a file kept as published, nor after the tap is
 * taken off. */
struct tapped {
	struct buf	 names;
	size_t		 bytes;
};

static void
tap_note(void *arg, const char *rel, const void *data, size_t len)
{
	struct tapped *t = arg;

	buf_printf(&t->names, "%s ", rel);
	t->bytes += len;
	assert_memory_equal(data, "new", 3);
}

static void
tap_sees_written_files_and_moves_are_counted(void **state)
{
	struct fx *x = *state;
	struct tapped t;

	build(x, "index.html", "home", "a/b.svg", "b", (char *)NULL);
	memset(&t, 0, sizeof t);
	open_out(x);
	stage_tap(&x->st, tap_note, &t);
	write_str(x, "index.html", 0, "home");	/* kept: not handed */
	write_str(x, "a/index.html", 0, "new page");
	write_str(x, "a/b.svg", 0, "new b");
	stage_tap(&x->st, NULL, NULL);
	write_str(x, "c.csv", 0, "c");		/* after: not handed */
	assert_string_equal(buf_str(&t.names), "a/index.html a/b.svg ");
	buf_free(&t.names);
	assert_int_equal(t.bytes, 13);
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	/* Moved: a/index.html, a/b.svg and c.csv, two not pages. */
	assert_int_equal(x->st.nother, 2);
	stage_close(&x->st);
	HAS(x->out, "a/index.html", "new page");
	/* A new folder moves whole: what is in it is not known. */
	open_out(x);
	write_str(x, "index.html", 0, "home");
	write_str(x, "a/index.html", 0, "new page");
	write_str(x, "a/b.svg", 0, "new b");
	write_str(x, "c.csv", 0, "c");
	write_str(x, "d/index.html", 0, "d");
	assert_int_equal(stage_publish(&x->st, 1, &x->d), 0);
	assert_int_equal(x->st.nother, (size_t)-1);
	stage_close(&x->st);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(open_creates_output),
		T(publish_new_site),
		T(unchanged_files_keep_their_inode),
		T(nothing_changed_nothing_written),
		T(bytes_as_given_and_errors_named),
		T(hidden_entries_are_never_touched),
		T(keep_by_key),
		T(refuses_a_folder_of_someone_elses_files),
		T(accepts_hidden_only_and_empty_folders),
		T(takes_over_an_older_rapors_tree),
		T(a_manifest_that_is_no_file_is_not_read),
		T(refuses_dangerous_places),
		T(symlinked_output_works_or_is_refused_truly),
		T(refuses_to_overwrite_a_foreign_file),
		T(hand_edited_file_is_not_deleted),
		T(failed_build_leaves_output_as_it_was),
		T(interrupted_publish_is_refused_before_the_journal),
		T(dead_builds_staging_is_removed),
		T(second_build_waits_for_the_lock),
		T(next_run_finishes_an_interrupted_publish),
		T(workers_lists_are_joined),
		T(a_path_listed_twice_counts_once),
		T(long_lists_are_merged_in_order),
		T(kept_pages_keep_their_manifest_lines),
		T(streamed_file_is_kept_or_written),
		T(tap_sees_written_files_and_moves_are_counted),
		T(remove_tree_removes_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
