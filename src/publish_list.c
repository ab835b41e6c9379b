/* The publish stage's lists of files: see publish_list.h. */
#include "publish_list.h"

#include <stdlib.h>
#include <string.h>

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
	free(t->byowner);
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
    uint64_t h, int owner)
{
	size_t mask = t->nslot - 1, i = (size_t)h & mask;
	uint64_t tag = SLOT_TAG(h);

	for (; slots[i] != 0; i = (i + 1) & mask) {
		const struct out_file *f;

		if (SLOT_TAG(slots[i]) != tag)
			continue;
		f = &t->v[SLOT_FILE(slots[i]) - 1];
		if (strcmp(owner ? file_owner(f) : f->rel, key) == 0)
			break;
	}
	return i;
}

void
ftab_index(struct ftab *t, int flags)
{
	size_t i, s;

	free(t->byrel);
	free(t->byowner);
	free(t->nextown);
	t->byowner = NULL;
	t->nextown = NULL;
	t->dups = 0;
	/* A slot's index has 32 bits: a manifest (below 1 GiB, file_read())
	 * has far fewer lines. */
	/* At most two thirds full: with the hashes' halves in the slots a
	 * probe seldom reads a path, and a million files take 16 MiB a
	 * table rather than 32. */
	for (t->nslot = 16; t->nslot < t->n + t->n / 2 + 1; t->nslot *= 2)
		;
	t->byrel = xcalloc(t->nslot, sizeof *t->byrel);
	if (flags & FTAB_OWNERS) {
		t->byowner = xcalloc(t->nslot, sizeof *t->byowner);
		t->nextown = xcalloc(t->n + 1, sizeof *t->nextown);
	}
	for (i = 0; i < t->n; i++) {
		const struct out_file *f = &t->v[i];
		const char *owner = file_owner(f);
		uint64_t h = hash_str(HASH_INIT, f->rel);

		s = slot_of(t, t->byrel, f->rel, h, 0);
		if (t->byrel[s] == 0)	/* the first of a path wins */
			t->byrel[s] = SLOT_TAG(h) | (i + 1);
		else
			t->dups = 1;
		if (!(flags & FTAB_OWNERS) || owner[0] == '\0')
			continue;
		h = hash_str(HASH_INIT, owner);
		s = slot_of(t, t->byowner, owner, h, 1);
		t->nextown[i] = (uint32_t)SLOT_FILE(t->byowner[s]);
		t->byowner[s] = SLOT_TAG(h) | (i + 1);
	}
}

struct out_file *
ftab_find(const struct ftab *t, const char *rel, uint64_t h)
{
	size_t s;

	if (t == NULL || t->nslot == 0)
		return NULL;
	s = slot_of(t, t->byrel, rel, h, 0);
	return t->byrel[s] ? &t->v[SLOT_FILE(t->byrel[s]) - 1] : NULL;
}

size_t
ftab_owned(const struct ftab *t, const char *rel, uint64_t h)
{
	size_t s;

	if (t == NULL || t->nslot == 0 || t->byowner == NULL)
		return 0;
	s = slot_of(t, t->byowner, rel, h, 1);
	return SLOT_FILE(t->byowner[s]);
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
 * and f's strings point into it.  -1 when it is not one.
 */
static int
parse_line(char *s, char *e, struct out_file *f)
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
	if (t[1] - 1 == t[0] || memchr(t[6], '\t', (size_t)(e - t[6])) !=
	    NULL)
		return -1;
	if (parse_hex(t[1], t[2] - 1, &f->key) != 0 ||
	    ftab_u64(t[2], t[3] - 1, &f->size) != 0 ||
	    ftab_u64(t[3], t[4] - 1, &f->ino) != 0 ||
	    ftab_u64(t[4], t[5] - 1, &mt) != 0 || mt > INT64_MAX)
		return -1;
	*e = '\0';
	f->mtime = (int64_t)mt;
	f->rel = t[0];
	/* A line is shorter than a manifest, which is below 1 GiB. */
	f->owner = (uint32_t)(t[5] - s);
	f->note = (uint32_t)(t[6] - s);
	f->line = (uint32_t)(e - s) + 1;
	/* rapor's paths never climb out of OUTPUT or name its state. */
	if (f->rel[0] == '/' || f->rel[0] == '.')
		return -1;
	for (p = f->rel; (p = memchr(p, '/', (size_t)(t[1] - 1 - p))) != NULL;
	    p++)
		if (p[1] == '.' || p[1] == '/')
			return -1;
	return 0;
}

/* parse_line() for publish_merge.c; the manifest's own lines are cut by
 * parse_line() itself, inlined, as every build reads them. */
int
ftab_line(char *s, char *e, struct out_file *f)
{
	return parse_line(s, e, f);
}

int
ftab_parse(struct ftab *t, char *text, size_t len, size_t skip)
{
	char *p = text + skip, *end = text + len, *nl;
	struct out_file f;

	ftab_text(t, text);
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL ||
		    parse_line(p, nl, &f) != 0)
			return -1;
		XGROW(&t->v, &t->n, &t->cap);
		t->v[t->n++] = f;
	}
	return 0;
}

/* Its fields were cut at TABs and the newline (parse_line()), the only
 * NULs in it. */
void
ftab_put_old_line(struct buf *b, const struct out_file *f)
{
	char *p = buf_room(b, f->line), *q, *e = p + f->line;

	memcpy(p, f->rel, f->line);
	buf_commit(b, f->line);
	while ((q = memchr(p, '\0', (size_t)(e - p))) != NULL) {
		*q = q == e - 1 ? '\n' : '\t';
		p = q + 1;
	}
}

void
ftab_put_line(struct buf *b, const struct out_file *f, const char *owner,
    const char *note)
{
	static const char hex[] = "0123456789abcdef";
	char k[17];
	int i;

	buf_puts(b, f->rel);
	buf_putc(b, '\t');
	for (i = 0; i < 16; i++)
		k[i] = hex[(f->key >> (60 - 4 * i)) & 15];
	k[16] = '\t';
	buf_put(b, k, 17);
	buf_put_u64(b, f->size);
	buf_putc(b, '\t');
	buf_put_u64(b, f->ino);
	buf_putc(b, '\t');
	buf_put_u64(b, f->mtime < 0 ? 0 : (unsigned long long)f->mtime);
	buf_putc(b, '\t');
	buf_puts(b, owner);
	buf_putc(b, '\t');
	buf_puts(b, note);
	buf_putc(b, '\n');
}

