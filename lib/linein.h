/*
 * linein: the lines of a batch's inputs -- the files named, or standard
 * input -- one at a time, read as they come: a pipe that writes a line
 * slowly has it handed out at once, and no input is ever read whole.
 *
 * I/O, and nothing else: what a line means is batchio's business.
 */
#ifndef LINEIN_H
#define LINEIN_H

#include <stddef.h>

#include "prompt.h"
#include "util.h"

/* A line longer than this is not kept (line_toolong). */
#define LINEIN_MAX_BYTES	PROMPT_INPUT_MAX

struct linein {
	const char	*line;		/* the line handed out (no newline) */
	int		 line_toolong;	/* it was longer than the maximum:
					 * line holds none of it */
	long long	 lineno;	/* its number, over all the inputs */
	int		 eof;		/* no input left */
	int		 fd;		/* the input being read, or -1 */
	int		 status;	/* 66 once an input could not be read */

	/* Private. */
	char *const	*names;
	int		 nnames, ni;
	const char	*in_name;
	struct buf	 ib;
	size_t		 ioff;
	int		 ieof;
	int		 toolong;
};

/*
 * The inputs named by argv (borrowed; none, or "-": standard input).
 * Nothing is opened yet.
 */
void	 linein_init(struct linein *, int argc, char *const argv[]);
void	 linein_free(struct linein *);

/*
 * The next line, in li->line and *n: 1; 0 at the end of every input; 2
 * when block is 0 and none is there yet (a pipe that has not written
 * one), or a read was interrupted.  With block, a non-blocking input
 * (O_NONBLOCK) is waited for in poll(), which a signal ends (2) as it
 * ends a read.  An input that cannot be opened or read is said on
 * stderr, sets status to 66 and counts as ended; a last line without a
 * newline is a line.  li->line lives until the next call.
 */
int	 linein_next(struct linein *, size_t *n, int block);

/*
 * The lines with something in them, when every input is a regular file
 * (read with pread, so nothing is consumed); -1 otherwise.
 */
long long linein_count(const struct linein *);

#endif
