/* Fuzz target: site.ini (load_site_ini()) on the input as the file's text. */
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "harness.h"
#include "load.h"
#include "model.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct report r;

	/* A report, so that report_free() frees whatever site holds. */
	memset(&r, 0, sizeof r);
	load_site_ini("site.ini", (const char *)data, size, &r.site, &d);
	report_free(&r);
	diag_free(&d);
	return 0;
}
