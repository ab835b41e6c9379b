/*
 * Fuzz target: a whole `rapor check` (cmd_check(): load, compute, the
 * Markdown files, the diagnostics printed) on a content folder made
 * from the input.  The input is split at "==> PATH <==" lines
 * (harness.h) and each piece written as PATH in a temporary folder
 * ("site.ini", "data/scores.csv", "2023/kota-a.md", "2023/" for an
 * empty folder); the text before the first separator is ignored.
 */
#include <stdint.h>
#include <string.h>

#include "build.h"
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_part parts[FUZZ_MAX_PARTS];
	struct options o;
	char *dir;
	size_t n, i;

	n = fuzz_split(data, size, parts);
	if ((dir = fuzz_mkdtemp()) == NULL)
		return 0;
	for (i = 1; i < n; i++)
		fuzz_put(dir, parts[i].name, parts[i].nlen, parts[i].data,
		    parts[i].len);
	memset(&o, 0, sizeof o);
	o.content = dir;
	cmd_check(&o);
	fuzz_rmdir(dir);
	return 0;
}
