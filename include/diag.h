/*
 * Diagnostics: every problem rapor finds in content or templates goes
 * through diag(), which records it as FILE:LINE:COLUMN: error: MESSAGE.
 * Problems are collected, not printed at once, so that a run reports all
 * of them (each file's own errors even when another file is broken) and
 * the caller decides the exit status at the end.
 */
#ifndef RAPOR_DIAG_H
#define RAPOR_DIAG_H

#include <stdio.h>
#include <stddef.h>

enum diag_level {
	DIAG_WARNING,	/* reported; the build still succeeds */
	DIAG_ERROR,	/* content error: the run exits 1 */
	DIAG_SYSTEM,	/* I/O or system error: the run exits 3 */
	DIAG_USAGE	/* a request rapor refuses (an OUTPUT it must not
			   write into): the run exits 2 */
};

struct diag_entry {
	enum diag_level	 level;	/* how serious */
	char		*file;	/* path as the user gave it (owned) */
	unsigned	 line;	/* 1-based line; 0 when the problem is the whole file */
	unsigned	 col;	/* 1-based column in characters; 0 with line 0 */
	char		*msg;	/* the message without position or level (owned) */
};

struct diags {
	struct diag_entry *v;	/* recorded problems in the order found (owned) */
	size_t	 n;		/* entries in v */
	size_t	 cap;		/* capacity of v */
	size_t	 errors;	/* DIAG_ERROR entries */
	size_t	 warnings;	/* DIAG_WARNING entries */
	size_t	 system;	/* DIAG_SYSTEM entries */
	size_t	 usage;		/* DIAG_USAGE entries */
};

#define DIAGS_INIT { NULL, 0, 0, 0, 0, 0, 0 }

/* How many entries diag_print() shows before it summarises the rest. */
#define DIAG_PRINT_CAP 100

/*
 * Record a problem at file:line:col.  line 0 means "the whole file" and
 * is printed as FILE: error: MESSAGE.  The format is printf's.
 */
void diag(struct diags *d, enum diag_level level, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/*
 * Record a system error for path: "PATH: error: WHAT: strerror(errnum)".
 * Counts as DIAG_SYSTEM, so the run exits 3.
 */
void diag_sys(struct diags *d, const char *path, const char *what,
    int errnum);

/*
 * Print the recorded problems to out, at most DIAG_PRINT_CAP of them,
 * then one line counting the rest.
 */
void diag_print(const struct diags *d, FILE *out);

/* As diag_print(), errors only (rapor -q): warnings are not printed. */
void diag_print_errors(const struct diags *d, FILE *out);

/* The exit status the recorded problems call for: 0, 1, 2 or 3 (a
 * system error outweighs a refusal, which outweighs content errors). */
int diag_status(const struct diags *d);

/*
 * Write every entry of d to the file descriptor fd, for a worker process
 * handing its problems to the parent.  Returns 0, or -1 on a write error.
 */
int diag_send(const struct diags *d, int fd);

/*
 * Read entries written by diag_send() from fd until end of file and
 * append them to d.  Returns 0, or -1 when the stream is cut short.
 */
int diag_receive(struct diags *d, int fd);

/* Free all entries; d is empty afterwards. */
void diag_free(struct diags *d);

/*
 * The candidate closest to word by edit distance, when close enough to be
 * a plausible typo (distance at most a third of the length, at least 1);
 * NULL otherwise.  Used for "did you mean 'x'?".
 */
const char *diag_suggest(const char *word, const char *const *cands,
    size_t ncands);

#endif
