/*
 * Tests for the growable buffer: include/buf.h.  The buffer is the one
 * way rapor builds strings, so its promises are checked one by one:
 * bounded growth, NUL termination after every append, embedded NULs,
 * printf output of any size, and what reset, detach and free leave.
 */
#include "testutil.h"

#include <string.h>

#include <stdio.h>

#include <sys/types.h>

#include <stdint.h>

#include <stdarg.h>

#include <limits.h>

#include "buf.h"

/* data[len] is NUL and the allocation holds it. */
static void
assert_terminated(const struct buf *b)
{
	assert_non_null(b->data);
	assert_true(b->cap > b->len);
	assert_int_equal(b->data[b->len], '\0');
}

static void
empty_buffer(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	/* buf_str never returns NULL, even for a buffer never grown. */
	assert_string_equal(buf_str(&b), "");
	/* Reset and free are safe on it. */
	buf_reset(&b);
	assert_null(b.data);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.cap, 0);
}

static void
append_zero_bytes(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	/* An empty append still yields a terminated, non-NULL string. */
	buf_put(&b, "", 0);
	assert_terminated(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
growth_many_appends(void **state)
{
	struct buf b = BUF_INIT;
	char expect[16];
	size_t i, pos = 0, prev_cap = 0, grows = 0;

	(void)state;
	for (i = 0; i < 20000; i++) {
		buf_printf(&b, "%05zu,", i);
		assert_terminated(&b);
		if (b.cap != prev_cap) {
			grows++;
			prev_cap = b.cap;
		}
	}
	assert_int_equal(b.len, 20000 * 6);
	assert_int_equal(strlen(b.data), b.len);
	/* Every piece is where it belongs. */
	for (i = 0; i < 20000; i += 997, pos = i * 6) {
		snprintf(expect, sizeof expect, "%05zu,", i);
		assert_memory_equal(b.data + pos, expect, 6);
	}
	assert_memory_equal(b.data + b.len - 6, "19999,", 6);
	/* Capacity doubles: a handful of reallocations, not thousands. */
	assert_true(grows <= 16);
	assert_true(b.cap < 2 * (b.len + 1) || b.cap == 64);
	buf_free(&b);
}

static void
puts_putc_and_put(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	buf_puts(&b, "ab");
	buf_putc(&b, 'c');
	buf_put(&b, "defgh", 2);
	assert_string_equal(b.data, "abcde");
	assert_int_equal(b.len, 5);
	/* putc stores the byte of an int above 127 unchanged. */
	buf_putc(&b, 0xE2);
	assert_int_equal((unsigned char)b.data[5], 0xE2);
	assert_int_equal(b.len, 6);
	assert_terminated(&b);
	/* Single bytes across several growth steps. */
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_putc(&b, 'a' + (int)(i % 26));
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[999], 'a' + 999 % 26);
	assert_terminated(&b);
	buf_free(&b);
}

static void
embedded_nuls(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_put(&b, "a\0b", 3);
	buf_putc(&b, '\0');
	buf_put(&b, "\0c", 2);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "a\0b\0\0c", 6);
	/* Still terminated after the last byte, whatever it held. */
	assert_terminated(&b);
	/* C string functions see the first part only; len knows better. */
	assert_int_equal(strlen(buf_str(&b)), 1);
	buf_free(&b);
}

static void
printf_formats(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "x=");
	buf_printf(&b, "%d|%s|%05.2f|%zu|%c|%%", -42, "str", 3.14159,
	    (size_t)7, 'z');
	assert_string_equal(b.data, "x=-42|str|03.14|7|z|%");
	assert_int_equal(b.len, strlen("x=-42|str|03.14|7|z|%"));
	/* An empty result appends nothing and keeps the string intact. */
	buf_printf(&b, "%s", "");
	assert_string_equal(b.data, "x=-42|str|03.14|7|z|%");
	buf_free(&b);
	/* An empty format on a new buffer leaves a valid empty string. */
	buf_printf(&b, "%s", "");
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* buf_put_u64 writes what printf's %llu writes (libc's, not ours: our
 * formatter uses the same digits), two digits a step included. */
static void
put_u64_digits(void **state)
{
	static const unsigned long long v[] = { 0, 7, 10, 2024, 99999,
	    18446744073709551615ULL };
	struct buf b = BUF_INIT, p = BUF_INIT;
	unsigned long long x, t;
	char want[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_put_u64(&b, v[i]);
		buf_putc(&b, '|');
		buf_printf(&p, "%llu|", v[i]);
	}
	assert_string_equal(buf_str(&b), buf_str(&p));
	assert_string_equal(buf_str(&b),
	    "0|7|10|2024|99999|18446744073709551615|");
	/* Every number below 1,000, and each power of ten and its
	 * neighbours. */
	for (x = 0, t = 1; x < 1000 + 3 * 20; x++) {
		unsigned long long y = x < 1000 ? x : t - 1 + (x - 1000) % 3;

		if (x >= 1000 && (x - 1000) % 3 == 2)
			t = t > 18446744073709551615ULL / 10 ? 1 : t * 10;
		buf_reset(&b);
		buf_put_u64(&b, y);
		snprintf(want, sizeof want, "%llu", y);
		assert_string_equal(buf_str(&b), want);
	}
	buf_free(&b);
	buf_free(&p);
}

static void
printf_large_output(void **state)
{
	struct buf b = BUF_INIT;
	size_t n = 300000, i;
	char *big = malloc(n + 1);

	(void)state;
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = (char)('A' + i % 23);
	big[n] = '\0';
	buf_puts(&b, "<<");
	/* One call whose output is far beyond any stack probe or first capacity. */
	buf_printf(&b, "[%s]%*d", big, 70000, 5);
	assert_int_equal(b.len, 2 + 1 + n + 1 + 70000);
	assert_memory_equal(b.data, "<<[", 3);
	assert_memory_equal(b.data + 3, big, n);
	assert_int_equal(b.data[3 + n], ']');
	assert_int_equal(b.data[3 + n + 1], ' ');
	assert_int_equal(b.data[b.len - 1], '5');
	assert_terminated(&b);
	free(big);
	buf_free(&b);
}

static void
reset_keeps_allocation(void **state)
{
	struct buf b = BUF_INIT;
	char *data;
	size_t cap;

	(void)state;
	buf_puts(&b, "hello, world");
	data = b.data;
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "hi");
	assert_string_equal(b.data, "hi");
	assert_ptr_equal(b.data, data);
	buf_free(&b);
}

static void
detach_hands_over(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	buf_puts(&b, "owned");
	s = buf_detach(&b);
	assert_string_equal(s, "owned");
	/* b is empty and reusable; s is the caller's. */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_puts(&b, "again");
	assert_string_equal(b.data, "again");
	assert_ptr_not_equal(b.data, s);
	assert_string_equal(s, "owned");
	free(s);
	buf_free(&b);
	/* Detaching a never-grown buffer gives a freeable "". */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	/* A reset buffer detaches as "" too, with its allocation. */
	buf_puts(&b, "x");
	buf_reset(&b);
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

static void
free_then_reuse(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "first");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "second");
	assert_string_equal(b.data, "second");
	buf_free(&b);
	buf_free(&b);	/* twice is harmless */
}

/* fmt_vsnprintf() as snprintf() is called. */
static int
fmt_call(char *dst, size_t room, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int
fmt_call(char *dst, size_t room, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(dst, room, fmt, ap);
	va_end(ap);
	return n;
}

/* The same text and length as snprintf() into every room from none to
 * more than enough, and nothing written past the room. */
#define SAME_AS_SNPRINTF(...) do {					\
	char want[256], got[256];					\
	int wn = snprintf(want, sizeof want, __VA_ARGS__), gn;		\
	size_t room;							\
									\
	for (room = 0; room <= (size_t)wn + 2; room++) {		\
		memset(got, '#', sizeof got);				\
		gn = fmt_call(got, room, __VA_ARGS__);			\
		assert_int_equal(gn, wn);				\
		if (room > 0) {						\
			size_t k = room - 1 < (size_t)wn ? room - 1 :	\
			    (size_t)wn;					\
			assert_memory_equal(got, want, k);		\
			assert_int_equal(got[k], '\0');			\
		}							\
		assert_int_equal(got[room], '#');			\
	}								\
} while (0)

/*
 * The formats it does itself (every conversion with each length at its
 * limits) and some it hands to vsnprintf(), each the bytes snprintf()
 * gives.
 */
static void
fmt_like_snprintf(void **state)
{
	(void)state;
	SAME_AS_SNPRINTF("plain text, no conversion");
	SAME_AS_SNPRINTF("%s", "");
	SAME_AS_SNPRINTF("%s/%s-embed.html", "../../", "2024/kota-cilegon/scores");
	SAME_AS_SNPRINTF("%d %d %d %d %d", 0, 7, -1, INT_MIN, INT_MAX);
	SAME_AS_SNPRINTF("%u|%u", 0u, UINT_MAX);
	SAME_AS_SNPRINTF("%ld %ld %lu", LONG_MIN, LONG_MAX, ULONG_MAX);
	SAME_AS_SNPRINTF("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
	SAME_AS_SNPRINTF("%zu of %zu", (size_t)0, SIZE_MAX);
	SAME_AS_SNPRINTF("100%% of %s%%", "them");
	SAME_AS_SNPRINTF("%%d %%s %%%d", 5);
	SAME_AS_SNPRINTF("x%sy%dz", "\xc3\xa9", -42);
	/* Not its own: flags, widths, precisions, other conversions. */
	SAME_AS_SNPRINTF("%02d-%04d", 7, 123);
	SAME_AS_SNPRINTF("%5s|%-5s|%.2s", "ab", "cd", "efg");
	SAME_AS_SNPRINTF("%x %04lx %c %zd", 255u, 0xabcUL, 'q', (ssize_t)-3);
	SAME_AS_SNPRINTF("%d %s %.3f", 1, "then", 2.5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_buffer),
		cmocka_unit_test(append_zero_bytes),
		cmocka_unit_test(growth_many_appends),
		cmocka_unit_test(puts_putc_and_put),
		cmocka_unit_test(embedded_nuls),
		cmocka_unit_test(printf_formats),
		cmocka_unit_test(printf_large_output),
		cmocka_unit_test(fmt_like_snprintf),
		cmocka_unit_test(put_u64_digits),
		cmocka_unit_test(reset_keeps_allocation),
		cmocka_unit_test(detach_hands_over),
		cmocka_unit_test(free_then_reuse),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
