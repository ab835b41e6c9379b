/*
 * rapor release and rapor diff (content-format.md sections 5 and 6): the
 * commands of an office that publishes figures and later corrects them.
 * release records the current figures as releases/<date>.csv (and the
 * note as releases/<date>.md), the only writing rapor ever does into the
 * content folder; diff lists what the current data changes against the
 * latest release.  main.c parses their options and calls these.
 */
#ifndef RAPOR_RELEASE_H
#define RAPOR_RELEASE_H

struct release_opts {
	const char	*content;	/* -C: content folder */
	const char	*date;		/* --date: yyyy-mm-dd, a real date (main.c checks) */
	const char	*note;		/* -m: the note, or NULL */
};

/*
 * rapor release: check the content as rapor check does, then write
 * releases/<date>.csv, exactly the rows and columns data/results.csv
 * would have now, and with a note releases/<date>.md, each through a
 * temporary file and a link (or rename) that never replaces a file.
 * Refuses, writing nothing, content with errors (1), a date that has a
 * release already or is before the latest release (2), and a note that
 * would not load back (2).  Prints every diagnostic and what it wrote to
 * stderr.  Returns the exit status: 0, 1, 2 or 3.
 */
int cmd_release(const struct release_opts *o);

/*
 * rapor diff: check the content, then print to stdout one line per figure
 * of the current data that differs from the latest release (added,
 * removed, corrected: old and new score, with category and zone when they
 * change), in the order of results.csv, or "no changes".  Returns the
 * exit status: 0 (with or without changes), 1 or 3.
 */
int cmd_diff(const struct release_opts *o);

#endif
