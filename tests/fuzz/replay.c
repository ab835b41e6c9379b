/*
 * A main() for the fuzz targets without libFuzzer: make test builds each
 * tests/fuzz/fuzz_*.c with gcc and the sanitizers and this file, and
 * feeds it every file of the target's corpus.  Arguments are files or
 * folders (their files, in byte order of the names).  Each input is
 * copied into a buffer of exactly its size, as libFuzzer does, so that
 * a read past the end is caught.  Prints how many inputs ran; a crash
 * or sanitizer report ends the run with a non-zero status.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "load.h"
#include "util.h"
#include "xalloc.h"

/* Inputs larger than this are not inputs libFuzzer would make. */
#define REPLAY_MAX ((size_t)16 << 20)

static int
run_file(const char *path)
{
	struct diags d = DIAGS_INIT;
	char *text, *copy;
	size_t len;

	if (file_read(path, NULL, REPLAY_MAX, &text, &len, &d) != 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		fprintf(stderr, "%s: cannot be replayed\n", path);
		return -1;
	}
	diag_free(&d);
	copy = xmalloc(len);
	memcpy(copy, text, len);
	free(text);
	fprintf(stderr, "replay: %s\n", path);
	LLVMFuzzerTestOneInput((const uint8_t *)copy, len);
	free(copy);
	return 0;
}

int
main(int argc, char **argv)
{
	size_t runs = 0, n, k;
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		char **names;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			failed |= run_file(argv[i]) != 0;
			runs++;
			continue;
		}
		if ((names = dir_list(argv[i], &n)) == NULL) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		for (k = 0; k < n; k++) {
			struct buf b = BUF_INIT;

			buf_printf(&b, "%s/%s", argv[i], names[k]);
			failed |= run_file(b.data) != 0;
			runs++;
			buf_free(&b);
		}
		dir_list_free(names, n);
	}
	printf("%zu inputs replayed\n", runs);
	return failed;
}
