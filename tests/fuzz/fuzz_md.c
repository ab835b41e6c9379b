/*
 * Fuzz target: one Markdown file of the content folder (front matter,
 * then the commentary through cmark) via docs_parse(), and the
 * per-page fix-up of its links (docs_html_for_page()).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "docs.h"
#include "harness.h"
#include "model.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;
	struct doc doc;
	char file[] = "content/2023/kota-a.md";

	memset(&doc, 0, sizeof doc);
	doc.kind = DOC_ENTITY;
	doc.file = file;
	doc.year = 2023;
	doc.entity = 0;
	doc.unit = NONE;
	if (size > DOC_MAX_SIZE)
		return 0;
	if (docs_parse(&doc, (const char *)data, size, &d) == 0) {
		docs_html_for_page(&b, &doc, "../../");
		docs_html_for_page(&b, &doc, "");
	}
	buf_free(&b);
	free(doc.title);
	free(doc.summary);
	free(doc.html);
	diag_free(&d);
	return 0;
}
