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
 * pipe gets it byte for byte.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call.h"
#include "chat.h"
#include "chatopt.h"
#include "error.h"
#include "http.h"
#include "opts.h"
#include "util.h"

enum { OPT_JSON = CHAT_OPT_END };

static int json, show_reasoning;	/* --json, -r */
static int out_tty, err_tty;		/* stdout, stderr are terminals */

/*
 * Model text to fp: as it is to a pipe or a file, cleaned of controls
 * (term_clean) to a terminal, where it could set the title, write the
 * clipboard or move the cursor.
 */
static void
put_text(FILE *fp, int tty, const char *p, size_t n)
{
	struct term_clean tc;
	struct buf clean;

	if (!tty) {
		fwrite(p, 1, n, fp);
		return;
	}
	buf_init(&clean, 0);
	term_clean_init(&tc);
	term_clean(&tc, &clean, p, n);
	term_clean_end(&tc, &clean);
	fwrite(clean.p ? clean.p : "", 1, clean.len, fp);
	buf_free(&clean);
}

static void
usage(FILE *fp, int status)
{
	fputs("usage: orchat [-Mru] [-c file] [-i file|url] [-m model] "
	    "[-s text]\n"
	    "              [-t temperature] [options] [PROMPT ...]\n"
	    "Send one chat completion to OpenRouter; the reply goes to "
	    "stdout.\n"
	    "\n", fp);
	chatopt_usage(fp);
	fputs("Output:\n"
	    "      --json               print the API's answer (one JSON line)"
	    "\n", fp);
	opts_usage(fp);
	if (fp == stdout && out_close(stdout))
		status = EX_IOERR;
	exit(status);
}

/* -r: the reasoning on stderr, whole lines of any length, a newline last. */
static void
print_reasoning(const struct buf *b)
{
	put_text(stderr, err_tty, b->p, b->len);
	if (b->p[b->len - 1] != '\n')
		putc('\n', stderr);
}

/* The reply's text, ending in one newline, then any tool calls. */
static void
print_text(const struct chat_reply *rp, size_t off, size_t n)
{
	struct buf calls;

	while (n && rp->text.p[off + n - 1] == '\n')
		n--;
	if (n) {
		put_text(stdout, out_tty, rp->text.p + off, n);
		putchar('\n');
	}
	buf_init(&calls, 0);
	chat_tool_calls_text(rp, &calls);
	put_text(stdout, out_tty, calls.p ? calls.p : "", calls.len);
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
		put_text(stdout, out_tty, one.p, one.len);
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

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		CHAT_LONGOPTS,
		{ "json",	no_argument,	NULL, OPT_JSON },
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
	chatopt_init(&cr);
	while ((ch = chatopt_next(argc, argv, longopts, &o, &cr, usage,
	    &e)) != -1) {
		if (ch == CHATOPT_BAD)
			errx(e.exit, "%s", e.msg);
		if (ch != OPT_JSON)
			usage(stderr, OR_EX_USAGE);
		json = 1;
	}
	show_reasoning = cr.show_reasoning;
	out_tty = isatty(1);
	err_tty = isatty(2);
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
	if (out_close(stdout))
		return EX_IOERR;
	if (status)
		errx(status, "%s", e.msg);
	return 0;
}
