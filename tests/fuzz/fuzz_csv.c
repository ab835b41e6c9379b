/*
 * Fuzz target: the CSV reader (include/csv_read.h) on the input as one
 * file's bytes, then the column lookup the loaders use on its header.
 */
#include <stdint.h>
#include <string.h>

#include "csv_read.h"
#include "diag.h"
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "id", "name", "year", "score",
	    "entity", "unit", "" };
	struct diags d = DIAGS_INIT;
	struct csv_file f;
	size_t i, r, c;
	unsigned sum = 0;

	csv_read_mem("fuzz.csv", (const char *)data, size, &d, &f);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		(void)csv_column(&f, names[i]);
	/* Touch every cell, so that a cell pointing at freed or unset
	 * memory is seen by the sanitizers. */
	for (r = 0; r < f.nrows; r++)
		for (c = 0; c < f.rows[r].n; c++)
			sum += (unsigned)strlen(f.rows[r].cells[c].text) +
			    f.rows[r].cells[c].line;
	for (c = 0; c < f.header.n; c++)
		sum += (unsigned)strlen(f.header.cells[c].text);
	(void)sum;
	csv_file_free(&f);
	diag_free(&d);
	return 0;
}
