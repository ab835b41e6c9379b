/*
 * Why rapor codes its share cards itself: the same pixels coded N times
 * by Cairo's PNG writer (libpng and zlib at their defaults) or by
 * chart_png_write().  Run under callgrind (make bench-png prints both);
 * docs/performance.md has the figures.
 *
 *     png_vs_cairo CARD.png cairo|rapor N
 */
#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart_png.h"

static cairo_status_t
count(void *closure, const unsigned char *data, unsigned int len)
{
	(void)data;
	*(size_t *)closure += len;
	return CAIRO_STATUS_SUCCESS;
}

int
main(int argc, char **argv)
{
	cairo_surface_t *s;
	size_t total = 0;
	long n, i;
	char *end;

	if (argc != 4) {
		fprintf(stderr, "usage: png_vs_cairo CARD.png cairo|rapor N\n");
		return 2;
	}
	errno = 0;
	n = strtol(argv[3], &end, 10);
	if (errno || *end || n < 0) {
		fprintf(stderr, "%s: not a count\n", argv[3]);
		return 2;
	}
	s = cairo_image_surface_create_from_png(argv[1]);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "%s: %s\n", argv[1],
		    cairo_status_to_string(cairo_surface_status(s)));
		return 3;
	}
	cairo_surface_flush(s);
	for (i = 0; i < n; i++) {
		if (strcmp(argv[2], "cairo") == 0)
			cairo_surface_write_to_png_stream(s, count, &total);
		else {
			struct buf b = BUF_INIT;

			chart_png_write(cairo_image_surface_get_data(s),
			    cairo_image_surface_get_width(s),
			    cairo_image_surface_get_height(s),
			    cairo_image_surface_get_stride(s), &b);
			total += b.len;
			buf_free(&b);
		}
	}
	printf("%s: %zu bytes a card\n", argv[2], n ? total / (size_t)n : 0);
	cairo_surface_destroy(s);
	return 0;
}
