/*
 * rapor: a static transparency-report generator.
 * main() only parses the command line, finds the templates folder and
 * dispatches (build.c, init.c, release.c, serve.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "diag.h"
#include "docs.h"
#include "init.h"
#include "release.h"
#include "serve.h"

#define RAPOR_VERSION "0.1.0"

/* Where installed templates are, from the folder that holds the binary's. */
#define INSTALLED_TEMPLATES "share/rapor/templates"

/*
 * The help's option lists are what tests/install.test.sh compares with
 * docs/rapor.1, command by command: a line "rapor CMD" at the start
 * begins a command, a line "  -X" is one of its options.
 */
static const char usage_text[] =
    "usage: rapor build [-C CONTENT] [-t TEMPLATES] [-o OUTPUT] [-j N]"
    " [--no-charts] [-q]\n"
    "       rapor check [-C CONTENT] [-q]\n"
    "       rapor serve [-C CONTENT] [-t TEMPLATES] [-p PORT]"
    " [--bind ADDR]\n"
    "       rapor release [-C CONTENT] --date YYYY-MM-DD [-m NOTE]\n"
    "       rapor diff [-C CONTENT]\n"
    "       rapor init DIR\n"
    "       rapor --help | --version\n";

static const char help_text[] =
    "\n"
    "Turn a content folder (site.ini, data/*.csv, Markdown commentary)\n"
    "into a static website.  The manual: man rapor; the content folder:\n"
    "man 5 rapor.\n"
    "\n"
    "rapor build    validate, compute and write the site (only files\n"
    "               whose bytes change; OUTPUT is left as it was when\n"
    "               anything fails)\n"
    "  -C CONTENT   content folder (default: content)\n"
    "  -t TEMPLATES templates folder (default: templates, if the working\n"
    "               directory has one, else the installed templates)\n"
    "  -o OUTPUT    output folder (default: output)\n"
    "  -j N         render with N processes (default: one per CPU, at\n"
    "               most 8)\n"
    "  --no-charts  leave the charts out (to time their cost)\n"
    "  -q           print errors only (no warnings, progress or summary)\n"
    "\n"
    "rapor check    validate and compute only; write nothing\n"
    "  -C CONTENT   content folder (default: content)\n"
    "  -q           print errors only\n"
    "\n"
    "rapor serve    build into a temporary folder, serve it on\n"
    "               http://127.0.0.1:8000/, rebuild on every change of\n"
    "               the content or templates and reload the open pages\n"
    "  -C CONTENT   content folder (default: content)\n"
    "  -t TEMPLATES templates folder (found as for build)\n"
    "  -p PORT      TCP port (default: 8000; 0 for any free one)\n"
    "  --bind ADDR  listen on the address ADDR, not 127.0.0.1 (the\n"
    "               preview is then reachable from other machines)\n"
    "\n"
    "rapor release  record the current figures as published on DATE:\n"
    "               writes releases/DATE.csv (and the note) into CONTENT,\n"
    "               never over a file; refuses content with errors\n"
    "  -C CONTENT   content folder (default: content)\n"
    "  --date YYYY-MM-DD\n"
    "               the date of the release: new, and not before the\n"
    "               latest release\n"
    "  -m NOTE      what the release is, shown on the revision log\n"
    "               (written as releases/DATE.md)\n"
    "\n"
    "rapor diff     list, one line each, the figures the current data\n"
    "               changes against the latest release\n"
    "  -C CONTENT   content folder (default: content)\n"
    "\n"
    "rapor init DIR write a small, documented content folder to start\n"
    "               from into DIR (a new or empty folder)\n"
    "\n"
    "rapor --help   this text (also -h, and after a command)\n"
    "rapor --version\n"
    "               the version, and the templates build would use\n"
    "\n"
    "exit status: 0 success (warnings allowed), 1 content errors,\n"
    "2 usage errors, 3 system or I/O errors.\n";

/* How the templates folder was chosen. */
enum tpl_origin {
	TPL_OPTION,	/* -t */
	TPL_CWD,	/* templates/ in the working directory */
	TPL_INSTALLED,	/* ../share/rapor/templates beside the binary's bin/ */
	TPL_NONE	/* none of these */
};

static int
usage(const char *msg, const char *arg)
{
	if (msg)
		fprintf(stderr, "rapor: %s%s%s\n", msg, arg ? ": " : "",
		    arg ? arg : "");
	fputs(usage_text, stderr);
	return 2;
}

static int
help(void)
{
	fputs(usage_text, stdout);
	fputs(help_text, stdout);
	return 0;
}

/*
 * Whether argv[*i] is the option opt, alone or, for a one-letter option,
 * with its value joined to it ("-j4", "-Ccontent", as getopt() allows).
 * If so *val is the value: the joined one, or the next argument whole
 * (*i moved onto it), or NULL when there is none.
 */
static int
opt_arg(int argc, char *argv[], int *i, const char *opt, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(opt);

	if (strncmp(a, opt, n) != 0 || (a[n] != '\0' && n != 2))
		return 0;
	if (a[n] != '\0')
		*val = a + n;
	else
		*val = *i + 1 < argc ? argv[++*i] : NULL;
	return 1;
}

/*
 * The value v of the option opt as a number from lo to hi, into *n.
 * Returns 0, or the status of a usage error: none given, or not a number
 * in range (saying range).
 */
static int
number_arg(const char *opt, const char *v, long lo, long hi,
    const char *range, long *n)
{
	char *end;

	if (v == NULL)
		return usage("option needs a number", opt);
	errno = 0;
	*n = strtol(v, &end, 10);
	if (v[0] == '\0' || *end != '\0' || errno != 0 || *n < lo || *n > hi)
		return usage(range, v);
	return 0;
}

/* 0 when path is a folder, else -1 with errno set. */
static int
folder_exists(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/*
 * The templates rapor was installed with: INSTALLED_TEMPLATES in the
 * folder above the one holding the binary (found through /proc/self/exe,
 * so a relocated or DESTDIR-staged install works), into path; the
 * binary's path, or why it is unknown, into exe.  Returns 0 when that
 * folder exists, else -1 with errno set (path empty if it is unknown).
 */
static int
installed_templates(struct buf *path, struct buf *exe)
{
	const char *e, *slash;
	size_t cap, len;
	ssize_t n;

	for (cap = 256;; cap *= 2) {
		buf_reset(exe);
		n = readlink("/proc/self/exe", buf_room(exe, cap), cap);
		if (n < 0) {
			int saved = errno;

			buf_printf(exe, "/proc/self/exe: %s", strerror(saved));
			errno = saved;
			return -1;
		}
		if ((size_t)n < cap)
			break;
	}
	buf_commit(exe, (size_t)n);
	/* The binary's folder (bin/), then the one above it, with its '/'. */
	e = buf_str(exe);
	slash = strrchr(e, '/');
	len = slash ? (size_t)(slash - e) : 0;
	while (len > 0 && e[len - 1] != '/')
		len--;
	if (len == 0 && e[0] == '/')
		len = 1;
	buf_put(path, e, len);
	buf_puts(path, INSTALLED_TEMPLATES);
	return folder_exists(path->data);
}

/*
 * Choose the templates folder: given (-t) if not NULL, else templates/
 * in the working directory if it is a folder, else the installed ones.
 * The folder goes into path; how it was chosen, or what was tried, into
 * why, as a phrase.
 */
static enum tpl_origin
find_templates(const char *given, struct buf *path, struct buf *why)
{
	struct buf exe = BUF_INIT;
	enum tpl_origin o;

	buf_reset(path);
	buf_reset(why);
	if (given) {
		buf_puts(path, given);
		buf_puts(why, "given with -t");
		return TPL_OPTION;
	}
	if (folder_exists("templates") == 0) {
		buf_puts(path, "templates");
		buf_puts(why, "the folder in the working directory");
		return TPL_CWD;
	}
	if (installed_templates(path, &exe) == 0) {
		buf_printf(why, "installed with rapor, beside %s",
		    buf_str(&exe));
		o = TPL_INSTALLED;
	} else {
		int saved = errno;

		buf_printf(why, "no -t, no folder 'templates' in the working "
		    "directory, and none installed");
		if (path->len > 0)
			buf_printf(why, " at %s (%s)", path->data,
			    strerror(saved));
		else
			buf_printf(why, " (%s)", buf_str(&exe));
		o = TPL_NONE;
	}
	buf_free(&exe);
	return o;
}

static int
version(void)
{
	struct buf path = BUF_INIT, why = BUF_INIT;

	puts("rapor " RAPOR_VERSION);
	if (find_templates(NULL, &path, &why) == TPL_NONE)
		printf("templates: none found: %s\n", why.data);
	else
		printf("templates: %s (%s)\n", path.data, why.data);
	buf_free(&path);
	buf_free(&why);
	return 0;
}

/*
 * rapor build, once its options are parsed: find the templates, build;
 * or serve, with so not NULL.
 */
static int
build(struct options *o, struct serve_opts *so)
{
	struct buf path = BUF_INIT, why = BUF_INIT;
	int rc;

	if (find_templates(o->templates, &path, &why) == TPL_NONE) {
		struct diags d = DIAGS_INIT;

		diag(&d, DIAG_SYSTEM, "rapor", 0, 0, "cannot find the "
		    "templates: %s; give them with -t", why.data);
		diag_print(&d, stderr);
		rc = diag_status(&d);
		diag_free(&d);
	} else {
		o->templates = path.data;
		if (so != NULL) {
			so->build = *o;
			rc = cmd_serve(so);
		} else
			rc = cmd_build(o);
	}
	buf_free(&path);
	buf_free(&why);
	return rc;
}

/*
 * rapor release and rapor diff: -C, and for release --date (required)
 * and -m.
 */
static int
release(int argc, char *argv[], int is_release)
{
	struct release_opts o = { "content", NULL, NULL };
	int i;

	for (i = 2; i < argc; i++) {
		const char *a = argv[i], **slot, *v;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return help();
		if (opt_arg(argc, argv, &i, "-C", &v))
			slot = &o.content;
		else if (is_release && opt_arg(argc, argv, &i, "--date", &v))
			slot = &o.date;
		else if (is_release && opt_arg(argc, argv, &i, "-m", &v))
			slot = &o.note;
		else
			return usage("unknown option", a);
		if (v == NULL || (slot != &o.note && v[0] == '\0'))
			return usage(slot == &o.content ? "option needs a folder" :
			    "option needs a value", a);
		*slot = v;
	}
	if (!is_release)
		return cmd_diff(&o);
	if (o.date == NULL)
		return usage("release needs the date of the release: --date "
		    "YYYY-MM-DD", NULL);
	if (docs_parse_date(o.date) == 0)
		return usage("--date takes a real date written YYYY-MM-DD",
		    o.date);
	return cmd_release(&o);
}

/* rapor init DIR */
static int
init(int argc, char *argv[])
{
	const char *dir = NULL;
	int i;

	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			return help();
		if (argv[i][0] == '-')
			return usage("unknown option", argv[i]);
		if (dir)
			return usage("init takes one folder", argv[i]);
		dir = argv[i];
	}
	if (dir == NULL || dir[0] == '\0')
		return usage("init needs the folder to write", NULL);
	return cmd_init(dir);
}

int
main(int argc, char *argv[])
{
	struct options o = { "content", NULL, "output", 0, 0, 0, NULL };
	struct serve_opts so = { { NULL, NULL, NULL, 0, 0, 0, NULL }, NULL,
	    SERVE_DEFAULT_PORT };
	const char *cmd;
	long num;
	int i, rc, is_build, is_serve;

	if (argc < 2)
		return usage("no command given", NULL);
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
		return help();
	if (strcmp(cmd, "--version") == 0)
		return version();
	if (strcmp(cmd, "init") == 0)
		return init(argc, argv);
	if (strcmp(cmd, "release") == 0 || strcmp(cmd, "diff") == 0)
		return release(argc, argv, cmd[0] == 'r');
	is_build = strcmp(cmd, "build") == 0;
	is_serve = strcmp(cmd, "serve") == 0;
	if (!is_build && !is_serve && strcmp(cmd, "check") != 0)
		return usage("unknown command", cmd);
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], **slot = NULL, *v;

		if (strcmp(a, "--no-charts") == 0 && is_build) {
			o.no_charts = 1;
			continue;
		}
		if (strcmp(a, "-q") == 0 && !is_serve) {
			o.quiet = 1;
			continue;
		}
		if (is_build && opt_arg(argc, argv, &i, "-j", &v)) {
			if ((rc = number_arg(a, v, 1, 64,
			    "-j takes a number from 1 to 64", &num)) != 0)
				return rc;
			o.jobs = (int)num;
			continue;
		}
		if (is_serve && opt_arg(argc, argv, &i, "-p", &v)) {
			if ((rc = number_arg(a, v, 0, 65535,
			    "-p takes a port from 0 to 65535", &num)) != 0)
				return rc;
			so.port = (unsigned)num;
			continue;
		}
		if (is_serve && opt_arg(argc, argv, &i, "--bind", &v)) {
			if (v == NULL || v[0] == '\0')
				return usage("option needs an address", a);
			so.bind = v;
			continue;
		}
		if (opt_arg(argc, argv, &i, "-C", &v))
			slot = &o.content;
		else if ((is_build || is_serve) && opt_arg(argc, argv, &i, "-t",
		    &v))
			slot = &o.templates;
		else if (is_build && opt_arg(argc, argv, &i, "-o", &v))
			slot = &o.output;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return help();
		else
			return usage("unknown option", a);
		if (v == NULL || v[0] == '\0')
			return usage("option needs a folder", a);
		*slot = v;
	}
	if (o.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		o.jobs = n < 1 ? 1 : n > 8 ? 8 : (int)n;
	}
	if (is_serve)
		return build(&o, &so);
	return is_build ? build(&o, NULL) : cmd_check(&o);
}
