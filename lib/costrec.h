/*
 * costrec: the records that say which calls were made, read for their
 * counts.
 *
 * A record is one of: a chat completion object (a reply, orchat --json),
 * a --log ledger line, a usage record {"model","prompt_tokens",...}, a
 * /generation answer {"data":{...}}, or a text line "MODEL PROMPT
 * COMPLETION".  costrec_next reads them one at a time out of a buffer with
 * a strict one-pass scanner of its own (its lexing is lib/jlex's, shared
 * with jscan), built for the ledger of millions of lines: no allocation,
 * no copy of anything but the model's id and provider.  No I/O.
 */
#ifndef COSTREC_H
#define COSTREC_H

#include <stddef.h>

#include "cost.h"
#include "money.h"

#define COST_IDMAX	256

struct cost_rec {
	char		 model[COST_IDMAX];
	char		 provider[128];	/* "" when the record has none */
	char		 day[11];	/* YYYY-MM-DD (UTC), "" unknown */
	struct cost_usage u;
	int		 have_billed;
	money_t		 billed;	/* usage.cost: what was charged */
	long long	 line;		/* where the record begins */
};

#define CR_RECORD	  1	/* *rec is filled */
#define CR_SKIP		  0	/* blank, comment, a chunk with no usage */
#define CR_ERROR	(-1)	/* why is set; *pos is past the bad line */
#define CR_MORE		(-2)	/* the record goes on past len: read more */
#define CR_END		(-3)	/* nothing left */

/*
 * Read the record at buf[*pos], skipping white space before it.  eof:
 * buf[len] is the end of the input (else CR_MORE when a record runs past
 * it, with *pos and *line unchanged, so that the caller can read more and
 * call again).  *line counts the lines read so far (start it at 1).
 * buf is only read during the call: nothing in *rec points into it.
 */
int	 costrec_next(const char *buf, size_t len, size_t *pos, int eof,
	    long long *line, struct cost_rec *, char *why, size_t whysize);

#endif
