/*
 * streamopt: orstream's own options, read beside the request options.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "chatopt.h"
#include "error.h"
#include "opts.h"
#include "streamopt.h"

enum {
	STREAMOPT_SSE = CHAT_OPT_END, STREAMOPT_EVENTS, STREAMOPT_JSON,
	STREAMOPT_JSONL, STREAMOPT_IDLE_TIMEOUT
};

int
streamopt_read(struct streamopt *so, int argc, char *const argv[],
    int stdin_tty, struct opts *o, struct chat_req *cr,
    void (*usage)(FILE *, int), struct or_error *e)
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		CHAT_LONGOPTS,
		{ "events",		no_argument, NULL, STREAMOPT_EVENTS },
		{ "idle-timeout",	required_argument, NULL,
		    STREAMOPT_IDLE_TIMEOUT },
		{ "json",		no_argument, NULL, STREAMOPT_JSON },
		{ "jsonl",		no_argument, NULL, STREAMOPT_JSONL },
		{ "sse",		no_argument, NULL, STREAMOPT_SSE },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(so, 0, sizeof *so);
	so->idle_ms = 120000;
	while ((ch = chatopt_next(argc, argv, "", longopts, o, cr,
	    usage, e)) != -1) {
		switch (ch) {
		case CHATOPT_BAD:
			return e->exit;
		case STREAMOPT_IDLE_TIMEOUT:
			if (opts_seconds("idle-timeout", optarg, 86400,
			    &so->idle_ms, e) == -1)
				return e->exit;
			break;
		case STREAMOPT_EVENTS:
			so->events = 1;
			break;
		case STREAMOPT_JSON:
			so->json = 1;
			break;
		case STREAMOPT_JSONL:
			so->jsonl = 1;
			break;
		case STREAMOPT_SSE:
			so->sse = 1;
			break;
		default:
			usage(stderr, OR_EX_USAGE);
		}
	}
	if (so->json + so->jsonl + so->events > 1)
		return error_set(e, OR_EX_USAGE, "--json, --jsonl and --events "
		    "exclude each other");
	if (so->events && !so->sse)
		return error_set(e, OR_EX_USAGE, "--events needs --sse");
	/* A stream is never typed: say so rather than wait. */
	if (so->sse && stdin_tty)
		return error_set(e, OR_EX_USAGE, "standard input is a "
		    "terminal; give the SSE stream in a pipe or a file (see "
		    "--help)");
	so->show_reasoning = cr->show_reasoning;
	so->keep = so->json || cr->conversation || cr->json_mode ||
	    cr->schema_file;
	return 0;
}

void
streamopt_usage(FILE *fp)
{
	fputs(
"      --sse                decode an SSE stream from stdin; no request\n"
"      --events             with --sse: print every event as a JSON line\n"
"      --json               print one chat.completion object at the end\n"
"      --jsonl              print every chunk as received, one per line\n"
"      --idle-timeout SECS  end a stream silent for SECS (default 120)\n"
"  -r, --show-reasoning     print reasoning to stderr as it arrives\n"
"\n", fp);
}
