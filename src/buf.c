/* Growable byte buffer: see include/buf.h. */
#include "buf.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void
reserve(struct buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1) {
		fputs("rapor: out of memory\n", stderr);
		exit(3);
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->data = xreallocarray(b->data, b->cap, 1);
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	/* Most appends fit: no call to reserve() then. */
	if (n < b->cap - b->len) {
		if (n)
			memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

char *
buf_room(struct buf *b, size_t n)
{
	if (n < b->cap - b->len)
		return b->data + b->len;
	reserve(b, n);
	return b->data + b->len;
}

void
buf_commit(struct buf *b, size_t k)
{
	b->len += k;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;

	/* Escapers append byte by byte: skip reserve() when there is room. */
	if (b->len + 1 < b->cap) {
		b->data[b->len++] = ch;
		b->data[b->len] = '\0';
		return;
	}
	buf_put(b, &ch, 1);
}

char *
buf_digits(char *end, unsigned long long v)
{
	/* Two a step: the manifest has some 30 digits a line. */
	static const char pairs[] =
	    "00010203040506070809101112131415161718192021222324"
	    "25262728293031323334353637383940414243444546474849"
	    "50515253545556575859606162636465666768697071727374"
	    "75767778798081828384858687888990919293949596979899";

	while (v >= 100) {
		end -= 2;
		memcpy(end, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		end -= 2;
		memcpy(end, pairs + 2 * v, 2);
	} else
		*--end = (char)('0' + v);
	return end;
}

void
buf_put_u64(struct buf *b, unsigned long long v)
{
	char d[24], *at = buf_digits(d + sizeof d, v);

	buf_put(b, at, (size_t)(d + sizeof d - at));
}

/*
 * Whether every conversion of fmt is one fmt_vsnprintf() does itself:
 * %s %d %u %ld %lu %lld %llu %zu and %%, with no flag, width or
 * precision.
 */
static int
fmt_plain(const char *fmt)
{
	const char *p;

	for (p = fmt; (p = strchr(p, '%')) != NULL; p++) {
		p++;
		if (*p == 'l' && p[1] == 'l')
			p += 2;
		else if (*p == 'l' || *p == 'z')
			p++;
		if (*p == '%' && p[-1] == '%')
			continue;
		if ((*p == 'd' && p[-1] != 'z') || *p == 'u' ||
		    (*p == 's' && p[-1] == '%'))
			continue;
		return 0;
	}
	return 1;
}

int
fmt_vsnprintf(char *dst, size_t room, const char *fmt, va_list ap)
{
	size_t n = 0, k;
	const char *p = fmt, *piece;
	char num[24];

	if (!fmt_plain(fmt))
		return vsnprintf(dst, room, fmt, ap);
	while (*p) {
		if (*p != '%') {
			const char *pc = strchr(p, '%');

			piece = p;
			k = pc ? (size_t)(pc - p) : strlen(p);
			p += k;
		} else {
			unsigned long long u = 0;
			long long v = 0;
			int len = 0, sign;

			p++;
			while (*p == 'l' || *p == 'z')
				len = *p++ == 'z' ? 3 : len + 1;
			if (*p == '%') {
				piece = "%";
				k = 1;
			} else if (*p == 's') {
				piece = va_arg(ap, const char *);
				if (piece == NULL)
					piece = "(null)";
				k = strlen(piece);
			} else {
				sign = *p == 'd';
				if (len == 3)
					u = va_arg(ap, size_t);
				else if (sign)
					v = len == 0 ? va_arg(ap, int) : len == 1 ?
					    va_arg(ap, long) : va_arg(ap, long long);
				else
					u = len == 0 ? va_arg(ap, unsigned) :
					    len == 1 ? va_arg(ap, unsigned long) :
					    va_arg(ap, unsigned long long);
				if (sign && v < 0)
					u = 0ULL - (unsigned long long)v;
				else if (sign)
					u = (unsigned long long)v;
				piece = buf_digits(num + sizeof num, u);
				if (sign && v < 0)
					*(char *)--piece = '-';
				k = (size_t)(num + sizeof num - piece);
			}
			p++;
		}
		if (n < room)
			memcpy(dst + n, piece, k < room - n ? k : room - n);
		n += k;
	}
	if (room > 0)
		dst[n < room ? n : room - 1] = '\0';
	return n > INT_MAX ? -1 : (int)n;
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room;
	int n;

	/* Most pieces fit the room there is: format once, and again only
	 * when it was too small. */
	reserve(b, 64);
	room = b->cap - b->len;
	va_copy(ap2, ap);
	n = fmt_vsnprintf(b->data + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		reserve(b, (size_t)n);
		fmt_vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

const char *
buf_str(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *
buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");

	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
