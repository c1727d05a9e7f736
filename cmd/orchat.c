/*
 * orchat -- one chat completion as a Unix filter: the prompt from the
 * arguments and/or stdin, the reply's text on stdout.
 *
 *	git diff | orchat "write a commit message"
 *
 * The arguments, joined with spaces, are the instruction; when stdin is not
 * a terminal its whole content follows after a blank line.  Every request
 * option of lib/chatopt is here (the same table as orstream's).  Nothing but
 * the reply reaches stdout -- its text, then any tool calls as one JSON
 * line, or with --json the API's answer -- and on failure nothing but text
 * already received; every failure is one line on stderr and an exit status
 * from error.h.  The spend ledger (--log) and the conversation file (-c)
 * are written only once the answer is in hand, the latter atomically.
 * Model text bound for a terminal is cleaned of control characters; a
 * pipe gets it byte for byte.  --batch hands the whole run to lib/batch:
 * a JSONL line in, a JSONL line out, many requests at once.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "call.h"
#include "chat.h"
#include "chatopt.h"
#include "error.h"
#include "http.h"
#include "opts.h"
#include "textout.h"
#include "util.h"

enum {
	OPT_BATCH = CHAT_OPT_END,
	OPT_JSON,
	OPT_RESUME,
	OPT_UNORDERED
};

static int json, show_reasoning;	/* --json, -r */
static int batch;			/* --batch */
static struct batch_opts bo = { BATCH_PARALLEL, 0, NULL };
static struct textout out;		/* model text, cleaned on a terminal */

static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs("usage: orchat [-Mru] [-c file] [-i file|url] [-m model] "
	    "[-s text]\n"
	    "              [-t temperature] [options] [PROMPT ...]\n"
	    "       orchat --batch [-u] [-P n] [--unordered] [--resume file] "
	    "[options]\n"
	    "              [FILE ...]\n"
	    "Send one chat completion to OpenRouter; the reply goes to "
	    "stdout.\n"
	    "\n", fp);
	chatopt_usage(fp);
	fputs("Output:\n"
	    "      --json               print the API's answer (one JSON line)"
	    "\n"
	    "Batch:\n"
	    "      --batch              a JSONL line per prompt in (stdin or "
	    "FILEs),\n"
	    "                           a JSONL line per answer out\n"
	    "  -P, --parallel N         N requests at once, 1 to 256 (default "
	    "8)\n"
	    "      --unordered          write each answer when it comes, not in "
	    "input order\n"
	    "      --resume FILE        skip the lines FILE (an earlier output) "
	    "answered\n", fp);
	opts_usage(fp);
	opts_usage_end(fp, status);
}

/* -r: the reasoning on stderr, whole lines of any length, a newline last. */
static void
print_reasoning(const struct buf *b)
{
	textout_put(&out, TEXTOUT_ERR, b->p, b->len);
	textout_end(&out, TEXTOUT_ERR);
	textout_endline(&out, TEXTOUT_ERR);
}

/* The reply's text, ending in one newline, then any tool calls. */
static void
print_text(const struct chat_reply *rp, size_t off, size_t n)
{
	struct buf calls;

	while (n && rp->text.p[off + n - 1] == '\n')
		n--;
	if (n) {
		textout_put(&out, TEXTOUT_OUT, rp->text.p + off, n);
		textout_end(&out, TEXTOUT_OUT);
		textout_put(&out, TEXTOUT_OUT, "\n", 1);
	}
	buf_init(&calls, 0);
	chat_tool_calls_text(rp, &calls);
	textout_put(&out, TEXTOUT_OUT, calls.p, calls.len);
	textout_end(&out, TEXTOUT_OUT);
	buf_free(&calls);
}

/*
 * Print what the reply has (a call_print_fn): with --json the answer
 * itself, else its text; then say when the text is empty.
 */
static void
print_reply(void *ctx, const struct chat_reply *rp, size_t off, size_t n,
    int failed)
{
	const struct http_resp *rs = ctx;
	struct buf one;
	char why[512];

	if (show_reasoning && rp->reasoning.len)
		print_reasoning(&rp->reasoning);
	if (json) {
		buf_init(&one, 0);
		chat_json_compact(rs->body.p, rs->body.len, &one);
		buf_add(&one, "\n", 1);
		textout_put(&out, TEXTOUT_OUT, one.p, one.len);
		textout_end(&out, TEXTOUT_OUT);
		buf_free(&one);
	} else
		print_text(rp, off, n);
	if (failed || chat_cut_short(rp) || rp->text.len ||
	    rp->has_tools)
		return;
	if (rp->refusal) {
		sanitize(why, sizeof why, rp->refusal, strlen(rp->refusal));
		warnx("the reply is empty: the model refused: %s", why);
	} else
		warnx("the reply is empty");
}

static int parallel_set;

/*
 * Take orchat's own options (chatopt_next gives them, with -P among the
 * short options): -1 at the end, CHATOPT_BAD with e filled.
 */
static int
next_option(int argc, char *argv[], const struct option *longopts,
    struct opts *o, struct chat_req *cr, struct or_error *e)
{
	long long n;
	int ch;

	while ((ch = chatopt_next(argc, argv, "P:", longopts, o, cr, usage,
	    e)) != -1) {
		switch (ch) {
		case CHATOPT_BAD:
			return CHATOPT_BAD;
		case OPT_BATCH:
			batch = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case 'P':
			if (parse_long(optarg, 1, BATCH_PARALLEL_MAX, &n) ==
			    -1) {
				char val[OPTS_VALMAX];

				error_set(e, OR_EX_USAGE, "--parallel: not a "
				    "whole number from 1 to %d: %s",
				    BATCH_PARALLEL_MAX, opts_value(val,
				    sizeof val, optarg));
				return CHATOPT_BAD;
			}
			bo.parallel = (int)n;
			parallel_set = 1;
			break;
		case OPT_RESUME:
			bo.resume = optarg;
			break;
		case OPT_UNORDERED:
			bo.unordered = 1;
			break;
		default:
			usage(stderr, OR_EX_USAGE);
		}
	}
	return -1;
}

/* --batch: lib/batch does the work; stdout is checked at the end. */
static int
run_batch(const struct opts *o, struct chat_req *cr, int argc,
    char *argv[])
{
	struct or_error e;
	int r;

	if (json || cr->show_reasoning)
		errx(OR_EX_USAGE, "--batch writes JSON lines: --json and -r "
		    "do not go with it");
	r = batch_run(o, cr, &bo, argc, argv, &e);
	chatopt_free(cr);
	/* A write that failed was said once, by the batch. */
	if (ferror(stdout) || out_close(stdout))
		return EX_IOERR;
	if (r && e.msg[0])
		errx(r, "%s", e.msg);
	return r;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		CHAT_LONGOPTS,
		{ "batch",	no_argument,	NULL, OPT_BATCH },
		{ "json",	no_argument,	NULL, OPT_JSON },
		{ "parallel",	required_argument, NULL, 'P' },
		{ "resume",	required_argument, NULL, OPT_RESUME },
		{ "unordered",	no_argument,	NULL, OPT_UNORDERED },
		{ NULL, 0, NULL, 0 }
	};
	struct chat_req cr;
	struct chat_reply rp;
	struct http_resp rs;
	struct or_error e;
	struct opts o;
	char *body;
	int ch, r, status;

	opts_init(&o);
	chatopt_init_lazy(&cr);
	while ((ch = next_option(argc, argv, longopts, &o, &cr, &e)) != -1)
		if (ch == CHATOPT_BAD)
			errx(e.exit, "%s", e.msg);
	if (batch)
		return run_batch(&o, &cr, argc - optind, argv + optind);
	if (bo.unordered || bo.resume || parallel_set)
		errx(OR_EX_USAGE, "-P, --unordered and --resume go with "
		    "--batch");
	show_reasoning = cr.show_reasoning;
	textout_init(&out);
	if ((r = call_before(&o, &cr, argc - optind, argv + optind, 0, &body,
	    &e)))
		errx(r, "%s", e.msg);
	if (body == NULL) {		/* --dry-run */
		chatopt_free(&cr);
		return out_close(stdout) ? EX_IOERR : 0;
	}
	r = call_send(&o, body, NULL, NULL, 0, &rs, &e);
	free(body);
	if (r)
		errx(r, "%s", e.msg);
	chat_reply_init(&rp);
	status = chat_decode(rs.body.p, rs.body.len, rs.gen_id, &rp, &e);
	status = call_after(&cr, &rp, status, print_reply, &rs, &e);
	chat_reply_free(&rp);
	http_resp_free(&rs);
	chatopt_free(&cr);
	/*
	 * A write that failed is said with its own errno, which textout
	 * kept: errno is long since another's (the cache, the ledger).
	 */
	if (textout_flush(&out)) {
		check_pipe(out.werr);
		warnx("write error: %s", strerror(out.werr));
		fclose(stdout);
		return EX_IOERR;
	}
	textout_free(&out);
	if (out_close(stdout))
		return EX_IOERR;
	if (status)
		errx(status, "%s", e.msg);
	return 0;
}
