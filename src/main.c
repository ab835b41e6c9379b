/*
 * rapor: a static transparency-report generator.
 * main() only parses the command line and dispatches (build.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"

#define RAPOR_VERSION "0.1.0"

static const char usage_text[] =
    "usage: rapor build [-C CONTENT] [-t TEMPLATES] [-o OUTPUT] [-j N]\n"
    "                   [--no-charts]\n"
    "       rapor check [-C CONTENT]\n"
    "       rapor --help | --version\n";

static const char help_text[] =
    "\n"
    "Turn a content folder (site.ini, data/*.csv, Markdown commentary)\n"
    "into a static website.\n"
    "\n"
    "commands:\n"
    "  build   validate, compute and write the site (replaces OUTPUT only\n"
    "          when everything succeeded)\n"
    "  check   validate and compute only; write nothing\n"
    "\n"
    "options:\n"
    "  -C DIR  content folder (default: content)\n"
    "  -t DIR  templates folder (default: templates)\n"
    "  -o DIR  output folder (default: output)\n"
    "  -j N    render with N processes (default: one per CPU, at most 8)\n"
    "  --no-charts  leave the charts out (to time their cost)\n"
    "\n"
    "exit status: 0 success (warnings allowed), 1 content errors,\n"
    "2 usage errors, 3 system or I/O errors.\n";

static int
usage(const char *msg, const char *arg)
{
	if (msg)
		fprintf(stderr, "rapor: %s%s%s\n", msg, arg ? ": " : "",
		    arg ? arg : "");
	fputs(usage_text, stderr);
	return 2;
}

int
main(int argc, char *argv[])
{
	struct options o = { "content", "templates", "output", 0, 0 };
	const char *cmd;
	int i, is_build;

	if (argc < 2)
		return usage("no command given", NULL);
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		puts("rapor " RAPOR_VERSION);
		return 0;
	}
	is_build = strcmp(cmd, "build") == 0;
	if (!is_build && strcmp(cmd, "check") != 0)
		return usage("unknown command", cmd);
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], **slot = NULL;

		if (strcmp(a, "--no-charts") == 0 && is_build) {
			o.no_charts = 1;
			continue;
		}
		if (strcmp(a, "-j") == 0 && is_build) {
			char *end;
			long n;

			if (i + 1 >= argc)
				return usage("option needs a number", a);
			n = strtol(argv[++i], &end, 10);
			if (*end != '\0' || n < 1 || n > 64)
				return usage("-j takes a number from 1 to 64",
				    argv[i]);
			o.jobs = (int)n;
			continue;
		}
		if (strcmp(a, "-C") == 0)
			slot = &o.content;
		else if (strcmp(a, "-t") == 0 && is_build)
			slot = &o.templates;
		else if (strcmp(a, "-o") == 0 && is_build)
			slot = &o.output;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return 0;
		} else
			return usage("unknown option", a);
		if (i + 1 >= argc || argv[i + 1][0] == '\0')
			return usage("option needs a folder", a);
		*slot = argv[++i];
	}
	if (o.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		o.jobs = n < 1 ? 1 : n > 8 ? 8 : (int)n;
	}
	return is_build ? cmd_build(&o) : cmd_check(&o);
}
