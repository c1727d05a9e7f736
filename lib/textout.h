/*
 * textout -- model text to stdout and stderr: every write to stdout
 * checked (the first failure kept, nothing more written after it), and
 * on a terminal cleaned of controls (term_clean); to a pipe or a file
 * byte for byte.
 */
#ifndef TEXTOUT_H
#define TEXTOUT_H

#include <stddef.h>

#include "util.h"

struct or_error;

enum { TEXTOUT_OUT, TEXTOUT_ERR };	/* which stream: stdout, stderr */

struct textout {
	struct buf	 clean;		/* text cleaned for a terminal */
	struct term_clean tc[2];	/* stdout's, stderr's */
	int		 tty[2];	/* stdout, stderr are terminals */
	int		 werr;		/* stdout's first failed write */
	int		 last[2];	/* last byte put to each, or -1 */
};

/* Look whether stdout and stderr are terminals; nothing written yet. */
void	 textout_init(struct textout *);
void	 textout_free(struct textout *);

/*
 * Write p[0..n) to stdout (which TEXTOUT_OUT) or stderr (TEXTOUT_ERR),
 * cleaned on a terminal; a character cut at the end is held for the next
 * write.  A failed write to stdout is kept in werr and nothing more goes
 * to stdout; stderr's failures are not looked at (there is nowhere to say
 * so).  p is read during the call.
 */
void	 textout_put(struct textout *, int which, const char *p, size_t n);

/* The end of a text: on a terminal, what is held of a cut character. */
void	 textout_end(struct textout *, int which);

/* A newline to which, unless nothing was put to it or it ended in one. */
void	 textout_endline(struct textout *, int which);

/*
 * Make what was written to stdout reach the reader; returns the errno of
 * stdout's first failed write, or 0.
 */
int	 textout_flush(struct textout *);

/* stdout's failed write (werr) as e: "write error: WHY".  Returns 74. */
int	 textout_error(const struct textout *, struct or_error *e);

#endif
