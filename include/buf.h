/*
 * A growable byte buffer, the one way rapor builds strings.  It replaces
 * sprintf/strcat: every append is bounded by construction.  The data is
 * always NUL-terminated (data[len] == '\0') once anything was appended,
 * so it can be passed to C string functions; it may also hold NULs.
 */
#ifndef RAPOR_BUF_H
#define RAPOR_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* owned bytes, NUL-terminated; NULL when never grown */
	size_t	 len;	/* bytes in use, not counting the terminating NUL */
	size_t	 cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

/* Append n bytes from p. */
void buf_put(struct buf *b, const void *p, size_t n);
/* Append the NUL-terminated string s. */
void buf_puts(struct buf *b, const char *s);
/* Append one byte. */
void buf_putc(struct buf *b, int c);
/* Append v in decimal digits (printf's "%llu", without its cost). */
void buf_put_u64(struct buf *b, unsigned long long v);
/* The decimal digits of v, written back from end (room for 20 before it):
 * returns where they start.  For writers that check their room once. */
char *buf_digits(char *end, unsigned long long v);
/* Append printf-formatted text. */
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * vsnprintf(), which it is for any format but the plainest: those whose
 * every conversion is %s, %d, %u, %ld, %lu, %lld, %llu, %zu or %% (no
 * flag, width or precision) it formats itself, in about a quarter of
 * the instructions glibc's vfprintf() took, which was a seventh of a
 * page's cost (docs/performance.md).  Writes at most room bytes, the NUL included;
 * returns the length of the whole text, or -1.
 */
int fmt_vsnprintf(char *dst, size_t room, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Append vprintf-formatted text. */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/*
 * Room for n more bytes at the end: returns where they go.  Write at most
 * n there, then call buf_commit() with the count written.  For writers of
 * many small pieces, which then check the room once.
 */
char *buf_room(struct buf *b, size_t n);
/* Take in the k bytes written after buf_room() (k at most its n). */
void buf_commit(struct buf *b, size_t k);
/* Forget the contents but keep the allocation. */
void buf_reset(struct buf *b);
/* The contents as a C string: "" for an empty buffer, never NULL. */
const char *buf_str(const struct buf *b);
/* Hand the contents to the caller (who frees them) and empty b. */
char *buf_detach(struct buf *b);
/* Free the contents; b may be reused afterwards. */
void buf_free(struct buf *b);

#endif
