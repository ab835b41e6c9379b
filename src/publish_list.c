/* The publish stage's lists of files: see publish_list.h. */
#include "publish_list.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "xalloc.h"

void
ftab_free(struct ftab *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ntexts; i++)
		free(t->texts[i]);
	free(t->texts);
	free(t->v);
	free(t->byrel);
	free(t->firstown);
	free(t->nextown);
	free(t);
}

void
ftab_text(struct ftab *t, char *text)
{
	XGROW(&t->texts, &t->ntexts, &t->captexts);
	t->texts[t->ntexts++] = text;
}

/* A slot's halves: the hash's upper one, and index + 1 into v. */
#define SLOT_TAG(h)	((h) & ~(uint64_t)UINT32_MAX)
#define SLOT_FILE(x)	((size_t)((x) & UINT32_MAX))

/* The slot of key (hashing to h) in slots: its own, or the empty one it
 * would take.  The hashes' upper halves are compared first, so that the
 * files' paths are read only when they match. */
static size_t
slot_of(const struct ftab *t, const uint64_t *slots, const char *key,
    uint64_t h)
{
	size_t mask = t->nslot - 1, i = (size_t)h & mask;
	uint64_t tag = SLOT_TAG(h);

	for (; slots[i] != 0; i = (i + 1) & mask) {
		const struct out_file *f;

		if (SLOT_TAG(slots[i]) != tag)
			continue;
		f = &t->v[SLOT_FILE(slots[i]) - 1];
		if (strcmp(f->rel, key) == 0)
			break;
	}
	return i;
}

void
ftab_index(struct ftab *t, int flags)
{
	size_t i, s, page = SIZE_MAX;
	const char *last = NULL;

	free(t->byrel);
	free(t->firstown);
	free(t->nextown);
	t->firstown = NULL;
	t->nextown = NULL;
	t->dups = 0;
	/* A slot's index has 32 bits: a manifest (below FTAB_MAX bytes,
	 * ftab_read()) has far fewer lines. */
	/* At most two thirds full: with the hashes' halves in the slots a
	 * probe seldom reads a path, and a million files take 16 MiB a
	 * table rather than 32. */
	for (t->nslot = 16; t->nslot < t->n + t->n / 2 + 1; t->nslot *= 2)
		;
	t->byrel = xcalloc(t->nslot, sizeof *t->byrel);
	if (flags & FTAB_OWNERS) {
		t->firstown = xcalloc(t->n + 1, sizeof *t->firstown);
		t->nextown = xcalloc(t->n + 1, sizeof *t->nextown);
	}
	for (i = 0; i < t->n; i++) {
		const struct out_file *f = &t->v[i];
		uint64_t h = hash_str(HASH_INIT, f->rel);

		s = slot_of(t, t->byrel, f->rel, h);
		if (t->byrel[s] == 0)	/* the first of a path wins */
			t->byrel[s] = SLOT_TAG(h) | (i + 1);
		else
			t->dups = 1;
	}
	/* From the last: each chain is in the manifest's order.  An owner
	 * is found as a file, its page: one that is not (no page of the
	 * site) is never asked for its files. */
	for (i = t->n; (flags & FTAB_OWNERS) && i-- > 0;) {
		const char *owner = file_owner(&t->v[i]);
		const struct out_file *o;

		if (owner[0] == '\0')
			continue;
		/* The files of a page share its owner's copy. */
		if (owner != last) {
			last = owner;
			o = ftab_find(t, owner, hash_str(HASH_INIT, owner));
			page = o != NULL ? (size_t)(o - t->v) : SIZE_MAX;
		}
		if (page == SIZE_MAX)
			continue;
		t->nextown[i] = t->firstown[page];
		t->firstown[page] = (uint32_t)(i + 1);
	}
}

struct out_file *
ftab_find(const struct ftab *t, const char *rel, uint64_t h)
{
	size_t s;

	if (t == NULL || t->nslot == 0)
		return NULL;
	s = slot_of(t, t->byrel, rel, h);
	return t->byrel[s] ? &t->v[SLOT_FILE(t->byrel[s]) - 1] : NULL;
}

size_t
ftab_owned(const struct ftab *t, const struct out_file *f)
{
	return t->firstown != NULL ? t->firstown[f - t->v] : 0;
}

int
ftab_u64(const char *s, const char *e, uint64_t *v)
{
	uint64_t x = 0;
	/* Nineteen digits cannot overflow: only longer numbers are checked
	 * at every digit (three numbers a line of every manifest read). */
	int careful = e - s > 19;

	if (s == e)
		return -1;
	for (; s < e; s++) {
		unsigned d = (unsigned)(unsigned char)*s - '0';

		if (d > 9 || (careful && x > (UINT64_MAX - 9) / 10))
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int
parse_hex(const char *s, const char *e, uint64_t *v)
{
	uint64_t x = 0;

	if (e - s != 16)
		return -1;
	for (; s < e; s++) {
		int c = *s;

		if (c >= '0' && c <= '9')
			x = x << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			x = x << 4 | (uint64_t)(c - 'a' + 10);
		else
			return -1;
	}
	*v = x;
	return 0;
}

/*
 * A manifest line "rel TAB key TAB size TAB ino TAB mtime TAB owner TAB
 * note" at [s, e) into *f; its TABs and the newline at e become NULs,
 * and f's strings point into it; rel's length into *rellen.  -1 when it
 * is not one.
 */
static int
parse_line(char *s, char *e, struct out_file *f, size_t *rellen)
{
	char *t[7], *p = s, *q;
	uint64_t mt;
	int k;

	/* memchr rather than a loop of our own: the manifest of a national
	 * site is read at every build. */
	t[0] = s;
	for (k = 1; k < 7; k++) {
		if ((q = memchr(p, '\t', (size_t)(e - p))) == NULL)
			return -1;
		*q = '\0';
		t[k] = p = q + 1;
	}
	/* The owner's and the note's offsets from rel have 31 bits. */
	if (t[1] - 1 == t[0] || memchr(t[6], '\t', (size_t)(e - t[6])) !=
	    NULL || e - s > INT32_MAX)
		return -1;
	if (parse_hex(t[1], t[2] - 1, &f->key) != 0 ||
	    ftab_u64(t[2], t[3] - 1, &f->size) != 0 ||
	    ftab_u64(t[3], t[4] - 1, &f->ino) != 0 ||
	    ftab_u64(t[4], t[5] - 1, &mt) != 0 || mt > INT64_MAX)
		return -1;
	*e = '\0';
	f->mtime = (int64_t)mt;
	f->rel = t[0];
	f->owner = (int32_t)(t[5] - s);
	f->note = (uint32_t)(t[6] - s);
	*rellen = (size_t)(t[1] - 1 - s);
	/* rapor's paths never climb out of OUTPUT or name its state. */
	if (f->rel[0] == '/' || f->rel[0] == '.')
		return -1;
	for (p = f->rel; (p = memchr(p, '/', (size_t)(t[1] - 1 - p))) != NULL;
	    p++)
		if (p[1] == '.' || p[1] == '/')
			return -1;
	return 0;
}

/* parse_line() for publish_merge.c. */
int
ftab_line(char *s, char *e, struct out_file *f)
{
	size_t rl;

	return parse_line(s, e, f, &rl);
}

void
lines_start(struct lines *r, int fd)
{
	r->fd = fd;
	if (r->buf == NULL) {
		r->cap = LINES_BUF;
		r->buf = xmalloc(r->cap);
	}
	r->at = r->end = 0;
	r->off = 0;
	r->max = 0;
}

int
lines_next(struct lines *r, char **p, size_t *len, uint64_t *where)
{
	for (;;) {
		char *nl = memchr(r->buf + r->at, '\n', r->end - r->at);
		ssize_t k;

		if (nl != NULL) {
			*p = r->buf + r->at;
			*len = (size_t)(nl - *p);
			*where = r->off + r->at;
			r->at = (size_t)(nl - r->buf) + 1;
			return 1;
		}
		if (r->at > 0) {
			memmove(r->buf, r->buf + r->at, r->end - r->at);
			r->off += r->at;
			r->end -= r->at;
			r->at = 0;
		}
		if (r->end == r->cap) {	/* a line longer than the buffer */
			if (r->max != 0 && r->cap >= r->max)
				return -1;
			r->cap *= 2;
			r->buf = xreallocarray(r->buf, r->cap, 1);
		}
		k = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k == 0 && r->end == 0 ? 0 : -1;
		r->end += (size_t)k;
	}
}

/* Room for n bytes in the table's last block (a new one when it is
 * short: a megabyte, or the line's size). */
#define BLOCK	((size_t)1 << 20)

static int
block_fits(const struct ftab *t, size_t n)
{
	return t->ntexts > 0 && t->blkcap - t->blkused >= n;
}

static char *
block_take(struct ftab *t, size_t n)
{
	char *p;

	if (!block_fits(t, n)) {
		t->blkcap = n > BLOCK ? n : BLOCK;
		ftab_text(t, xmalloc(t->blkcap));
		t->blkused = 0;
		t->lastown = NULL;
	}
	p = t->texts[t->ntexts - 1] + t->blkused;
	t->blkused += n;
	return p;
}

/*
 * Keep f's strings, cut in the line [f->rel, e) that is about to go, in
 * t's blocks: rel (rl bytes), its note, and its owner unless it is the
 * one copied last into the same block, which f then points to (its
 * offset is then negative).
 */
static void
keep_strings(struct ftab *t, struct out_file *f, size_t rl, const char *e)
{
	const char *owner = file_owner(f), *note = file_note(f);
	size_t nl = (size_t)(e - note), ol = (size_t)(note - 1 - owner);
	int again = ol > 0 && ol == t->lastlen && t->lastown != NULL &&
	    memcmp(t->lastown, owner, ol) == 0;
	size_t need = rl + nl + 2 + (again || ol == 0 ? 0 : ol + 1);
	char *p;

	if (again && !block_fits(t, need)) {
		/* A new block: the owner is copied into it. */
		need += ol + 1;
		again = 0;
	}
	p = block_take(t, need);
	memcpy(p, f->rel, rl + 1);
	memcpy(p + rl + 1, note, nl + 1);
	f->rel = p;
	f->note = (uint32_t)(rl + 1);
	if (ol == 0) {
		f->owner = (int32_t)rl;	/* "": rel's own end */
	} else if (again) {
		f->owner = (int32_t)(t->lastown - p);
	} else {
		memcpy(p + rl + nl + 2, owner, ol + 1);
		f->owner = (int32_t)(rl + nl + 2);
		t->lastown = p + rl + nl + 2;
		t->lastlen = ol;
	}
}

int
ftab_read(struct ftab *t, int fd, const char *head)
{
	struct lines r;
	struct out_file f;
	char *p;
	size_t len, rl;
	uint64_t off;
	int k, rc = -1;

	memset(&r, 0, sizeof r);
	lines_start(&r, fd);
	r.max = FTAB_MAX;
	t->lined = 1;
	if (lines_next(&r, &p, &len, &off) != 1 || len != strlen(head) ||
	    memcmp(p, head, len) != 0)
		goto out;
	while ((k = lines_next(&r, &p, &len, &off)) == 1) {
		if (off + len >= FTAB_MAX || parse_line(p, p + len, &f,
		    &rl) != 0)
			goto out;
		keep_strings(t, &f, rl, p + len);
		XGROW(&t->v, &t->n, &t->cap);
		t->v[t->n++] = f;
	}
	rc = k == 0 ? 0 : -1;
out:
	free(r.buf);
	return rc;
}

/* v's decimal digits at p, then c; returns the byte after c. */
static char *
put_field(char *p, uint64_t v, char c)
{
	char d[20], *at = buf_digits(d + sizeof d, v);
	size_t n = (size_t)(d + sizeof d - at);

	memcpy(p, at, n);
	p[n] = c;
	return p + n + 1;
}

void
ftab_put_line(struct buf *b, const struct out_file *f, const char *owner,
    const char *note)
{
	/* Each byte's two hex digits. */
	static const char hex2[] =
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	    "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	    "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
	size_t rl = strlen(f->rel), ol = strlen(owner), nl = strlen(note);
	/* rel, key, three numbers of at most 20 digits, owner, note and
	 * their seven separators. */
	char *o = buf_room(b, rl + 16 + 3 * 20 + ol + nl + 7), *p = o;
	int i;

	memcpy(p, f->rel, rl);
	p += rl;
	*p++ = '\t';
	for (i = 0; i < 8; i++, p += 2)
		memcpy(p, hex2 + 2 * (f->key >> (56 - 8 * i) & 0xff), 2);
	*p++ = '\t';
	p = put_field(p, f->size, '\t');
	p = put_field(p, f->ino, '\t');
	p = put_field(p, f->mtime < 0 ? 0 : (uint64_t)f->mtime, '\t');
	memcpy(p, owner, ol);
	p += ol;
	*p++ = '\t';
	memcpy(p, note, nl);
	p += nl;
	*p++ = '\n';
	buf_commit(b, (size_t)(p - o));
}
