/*
 * batch: orchat --batch, the engine -- many prompts through one process:
 * JSONL lines read one at a time (never the whole input), each made a
 * request (batchio), sent -P at a time over one connection pool
 * (http_multi), and answered by one output line each, written and
 * flushed as soon as it is known: in input order, holding back only
 * what finished early (a window of at most 4 x -P lines), or in the
 * order the answers come with --unordered.
 *
 * Around it: --resume (the ids a previous output already has are
 * skipped), --max-cost as a budget for the whole batch, the --log
 * ledger, --cache (a line with a fresh entry answered from it: not
 * sent, budgeted or logged; a good live answer stored), SIGINT (the
 * first stops sending and lets what is in flight finish, the second
 * cancels it), a progress line on a terminal and one summary line at
 * the end.
 */
#ifndef BATCH_H
#define BATCH_H

#include "chatopt.h"
#include "opts.h"

struct or_error;

#define BATCH_PARALLEL		8	/* -P's default */
#define BATCH_PARALLEL_MAX	256

struct batch_opts {
	int		 parallel;	/* -P: requests in flight */
	int		 unordered;	/* --unordered */
	const char	*resume;	/* --resume FILE, or NULL */
};

/*
 * Run the batch (I/O) over the inputs named by argv (none: stdin; "-":
 * stdin), the command line's request (cr, as chatopt parsed it) giving
 * every line its defaults.  Returns the exit status: 0 when every line
 * sent succeeded, else the highest status of a failed line; 130 after
 * SIGINT, 128 + the signal after SIGTERM or SIGHUP; 74 when stdout
 * cannot be written (a closed pipe ends the process as SIGPIPE would).
 * When the batch could not begin (bad flags, no key, a --resume file
 * that cannot be read), e says why and nothing was written; once it has
 * begun, the summary line on stderr said what there was to say and
 * e->msg is empty.  With --cache the key is read (and libcurl loaded)
 * only for the first line not in the cache: no key then is 78, said on
 * stderr, after the lines answered before it were written.
 */
int	 batch_run(const struct opts *, struct chat_req *,
	    const struct batch_opts *, int argc, char *const argv[],
	    struct or_error *e);

#endif
