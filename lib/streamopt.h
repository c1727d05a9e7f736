/*
 * streamopt: orstream's own options -- --sse, --events, --json, --jsonl,
 * --idle-timeout -- beside the request options of lib/chatopt: their
 * table, their --help lines, and reading the command line with
 * chatopt_next, checked together.  No I/O but streamopt_usage's.
 */
#ifndef STREAMOPT_H
#define STREAMOPT_H

#include <stdio.h>

#include "chatopt.h"
#include "opts.h"

struct or_error;

/* What orstream's own options ask for. */
struct streamopt {
	int		 sse;		/* --sse: decode stdin; no request */
	int		 events;	/* --events: each event a JSON line */
	int		 json;		/* --json: one completion at the end */
	int		 jsonl;		/* --jsonl: each chunk as it came */
	int		 show_reasoning; /* -r (the request's, copied) */
	int		 keep;		/* the whole text is needed after the
					 * stream: --json, -c, --json-mode,
					 * --schema (STREAM_KEEP) */
	long long	 idle_ms;	/* --idle-timeout; 120 s by default */
};

/*
 * Read argv's options: the shared ones into o (usage: the command's
 * --help printer, as chatopt_next takes it), the request's into cr,
 * orstream's into so (its defaults set first).  stdin_tty: standard input
 * is a terminal, where --sse would wait for a stream never typed.
 * Returns 0 with optind at the first operand, or a status with e filled
 * (one line): a bad value (2, or 78 for a key on the command line), or
 * options that do not go together, or --sse on a terminal (2).  An
 * unknown option ends the process (opts_next's usage).
 */
int	 streamopt_read(struct streamopt *so, int argc, char *const argv[],
	    int stdin_tty, struct opts *o, struct chat_req *cr,
	    void (*usage)(FILE *, int), struct or_error *e);

/* orstream's own options' lines for its --help. */
void	 streamopt_usage(FILE *);

#endif
