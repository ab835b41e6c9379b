/*
 * What checking a published site costs, a stat a file (docs/performance.md,
 * "Where a one-score rebuild's time goes now"):
 *
 *   cc -O2 -o /tmp/stat-cost tests/bench/stat-cost.c
 *   /tmp/stat-cost OUTPUT
 *
 * Stats every file OUTPUT/.rapor/manifest lists, as rapor does (fstatat()
 * from OUTPUT's descriptor), then with statx() and from each folder's
 * descriptor, and times as many null system calls; prints milliseconds.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	char *line = NULL, **paths = NULL, dir[4096] = "", cur[4096] = "";
	size_t cap = 0, n = 0, np = 0, i;
	struct stat st;
	struct statx sx;
	double t;
	FILE *f;
	int out, dfd = -1, opens = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: stat-cost OUTPUT\n");
		return 2;
	}
	if ((out = open(argv[1], O_RDONLY | O_DIRECTORY)) == -1 ||
	    fchdir(out) != 0 || (f = fopen(".rapor/manifest", "r")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	while (getline(&line, &cap, f) != -1) {
		char *tab = strchr(line, '\t');

		if (tab == NULL)
			continue;	/* the first line */
		*tab = '\0';
		if (n == np) {
			np = np ? 2 * np : 1024;
			if ((paths = realloc(paths, np * sizeof *paths)) == NULL)
				return 1;
		}
		if ((paths[n++] = strdup(line)) == NULL)
			return 1;
	}
	t = now_ms();
	for (i = 0; i < n; i++)
		(void)fstatat(out, paths[i], &st, AT_SYMLINK_NOFOLLOW);
	printf("fstatat from OUTPUT: %zu files, %.1f ms\n", n, now_ms() - t);
	t = now_ms();
	for (i = 0; i < n; i++)
		(void)statx(out, paths[i], AT_SYMLINK_NOFOLLOW, STATX_TYPE |
		    STATX_INO | STATX_SIZE | STATX_MTIME, &sx);
	printf("statx: %.1f ms\n", now_ms() - t);
	t = now_ms();
	for (i = 0; i < n; i++) {
		const char *slash = strrchr(paths[i], '/');
		size_t len = slash ? (size_t)(slash - paths[i]) : 1;

		if (len >= sizeof dir)
			continue;
		memcpy(dir, slash ? paths[i] : ".", len);
		dir[len] = '\0';
		if (strcmp(dir, cur) != 0) {
			if (dfd != -1)
				close(dfd);
			dfd = openat(out, dir, O_PATH | O_DIRECTORY);
			memcpy(cur, dir, len + 1);
			opens++;
		}
		(void)fstatat(dfd, slash ? slash + 1 : paths[i], &st,
		    AT_SYMLINK_NOFOLLOW);
	}
	printf("fstatat from each folder (%d opened): %.1f ms\n", opens,
	    now_ms() - t);
	t = now_ms();
	for (i = 0; i < n; i++)
		(void)syscall(SYS_getppid);
	printf("null system calls: %.1f ms\n", now_ms() - t);
	return 0;
}
