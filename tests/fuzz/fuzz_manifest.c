/*
 * Fuzz target: the manifest a rebuild finds in OUTPUT/.rapor/manifest
 * (publish.c and publish_list.c: read a piece at a time, its strings kept
 * in blocks with a page's owner shared, indexed by path and chained by
 * owner), then a rebuild's use of it: two pages looked up to be kept, one
 * file written, and a publish, whose merge is given the manifest again
 * to copy kept lines from.  The input is the manifest's text; OUTPUT
 * holds nothing else, so no published file is found intact.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "publish.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char man[] = "site/.rapor/manifest";
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT;
	struct stage st;
	char *dir = fuzz_mkdtemp();

	if (dir == NULL)
		return 0;
	buf_printf(&out, "%s/site", dir);
	memset(&st, 0, sizeof st);
	st.lock = -1;
	st.outfd = -1;
	if (fuzz_put(dir, man, sizeof man - 1, (const char *)data, size) == 0 &&
	    stage_open(&st, out.data, NULL, NULL, &d) == 0) {
		(void)stage_keep_page(&st, "index.html", 1);
		(void)stage_keep_page(&st, "2023/index.html", 2);
		if (stage_write(&st, "index.html", 1, NULL, "x", 1, &d) == 0)
			(void)stage_publish(&st, 1, &d);
	}
	stage_close(&st);
	diag_free(&d);
	buf_free(&out);
	fuzz_rmdir(dir);
	return 0;
}
