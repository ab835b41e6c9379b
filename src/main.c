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
#include "xalloc.h"

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
 * The number after the option argv[*i], from lo to hi, into *n, with *i
 * moved onto it.  Returns 0, or the status of a usage error: none given,
 * or not a number in range (saying range).
 */
static int
number_arg(int argc, char *argv[], int *i, long lo, long hi,
    const char *range, long *n)
{
	char *end;

	if (*i + 1 >= argc)
		return usage("option needs a number", argv[*i]);
	++*i;
	errno = 0;
	*n = strtol(argv[*i], &end, 10);
	if (argv[*i][0] == '\0' || *end != '\0' || errno != 0 || *n < lo ||
	    *n > hi)
		return usage(range, argv[*i]);
	return 0;
}

/*
 * argv with each option that takes a value written joined to it, as
 * getopt() allows ("-j4", "-Ccontent", "-p8080", "-mNOTE"), cut in two:
 * the commands' parsers see "-j" "4".  The array is the caller's (to
 * free); the strings are argv's, or the new ones in it past the NULL
 * that ends the arguments.
 */
static char **
split_joined(int argc, char *argv[], int *nargc)
{
	char **v = xreallocarray(NULL, 2 * (size_t)argc + 1, sizeof *v);
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (i > 0 && a[0] == '-' && a[1] != '\0' && a[2] != '\0' &&
		    strchr("jpCtom", a[1]) != NULL) {
			v[n++] = a[1] == 'j' ? "-j" : a[1] == 'p' ? "-p" :
			    a[1] == 'C' ? "-C" : a[1] == 't' ? "-t" :
			    a[1] == 'o' ? "-o" : "-m";
			v[n++] = argv[i] + 2;
		} else
			v[n++] = argv[i];
	}
	v[n] = NULL;
	*nargc = n;
	return v;
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
		const char *a = argv[i], **slot;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return help();
		if (strcmp(a, "-C") == 0)
			slot = &o.content;
		else if (strcmp(a, "--date") == 0 && is_release)
			slot = &o.date;
		else if (strcmp(a, "-m") == 0 && is_release)
			slot = &o.note;
		else
			return usage("unknown option", a);
		if (i + 1 >= argc || (slot != &o.note && argv[i + 1][0] ==
		    '\0'))
			return usage(slot == &o.content ? "option needs a folder" :
			    "option needs a value", a);
		*slot = argv[++i];
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

static int
run(int argc, char *argv[])
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
		const char *a = argv[i], **slot = NULL;

		if (strcmp(a, "--no-charts") == 0 && is_build) {
			o.no_charts = 1;
			continue;
		}
		if (strcmp(a, "-q") == 0 && !is_serve) {
			o.quiet = 1;
			continue;
		}
		if (strcmp(a, "-j") == 0 && is_build) {
			if ((rc = number_arg(argc, argv, &i, 1, 64,
			    "-j takes a number from 1 to 64", &num)) != 0)
				return rc;
			o.jobs = (int)num;
			continue;
		}
		if (strcmp(a, "-p") == 0 && is_serve) {
			if ((rc = number_arg(argc, argv, &i, 0, 65535,
			    "-p takes a port from 0 to 65535", &num)) != 0)
				return rc;
			so.port = (unsigned)num;
			continue;
		}
		if (strcmp(a, "--bind") == 0 && is_serve) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return usage("option needs an address", a);
			so.bind = argv[++i];
			continue;
		}
		if (strcmp(a, "-C") == 0)
			slot = &o.content;
		else if (strcmp(a, "-t") == 0 && (is_build || is_serve))
			slot = &o.templates;
		else if (strcmp(a, "-o") == 0 && is_build)
			slot = &o.output;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return help();
		else
			return usage("unknown option", a);
		if (i + 1 >= argc || argv[i + 1][0] == '\0')
			return usage("option needs a folder", a);
		*slot = argv[++i];
	}
	if (o.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		o.jobs = n < 1 ? 1 : n > 8 ? 8 : (int)n;
	}
	if (is_serve)
		return build(&o, &so);
	return is_build ? build(&o, NULL) : cmd_check(&o);
}

int
main(int argc, char *argv[])
{
	int n, rc;
	char **v = split_joined(argc, argv, &n);

	rc = run(n, v);
	free(v);
	return rc;
}
