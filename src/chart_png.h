/*
 * The chart module's PNG encoder (src/chart_png.c): a leaf that knows
 * nothing of charts, internal, not part of include/chart.h.
 */
#ifndef RAPOR_CHART_PNG_H
#define RAPOR_CHART_PNG_H

#include "buf.h"

/*
 * Append to out an 8-bit RGB PNG (no ancillary chunks) of the width x
 * height pixels at data, rows stride bytes apart, each pixel a native
 * 32-bit word 0xXXRRGGBB as in Cairo's RGB24 format (an ARGB32 surface
 * qualifies only when opaque).  The top byte never reaches the picture,
 * though it may steer the compression (Cairo keeps it at 0xff): the same
 * words always give the same bytes.  Returns 0, or -1 (out unchanged)
 * when a side is below 1 or above 32767, or the stride is shorter than
 * a row.
 */
int chart_png_write(const unsigned char *data, int width, int height,
    int stride, struct buf *out);

#endif
