/*
 * orchat -- one chat completion as a Unix filter: the prompt from the
 * arguments and/or stdin, the reply's text on stdout.
 *
 *	git diff | orchat "write a commit message"
 *
 * The arguments, joined with spaces, are the instruction; when stdin is not
 * a terminal its whole content follows after a blank line.  Every request
 * option of lib/chat is here (the same table as orstream's).  Nothing but
 * the reply reaches stdout -- its text, then any tool calls as one JSON
 * line, or with --json the API's answer -- and on failure nothing but text
 * already received; every failure is one line on stderr and an exit status
 * from error.h.  The spend ledger (--log) and the conversation file (-c)
 * are written only once the answer is in hand, the latter atomically.
 */
#include <err.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "chat.h"
#include "error.h"
#include "http.h"
#include "json.h"
#include "opts.h"
#include "util.h"

enum { OPT_JSON = CHAT_OPT_END };

static void
usage(FILE *fp, int status)
{
	fputs("usage: orchat [-Mru] [-c file] [-i file|url] [-m model] "
	    "[-s text]\n"
	    "              [-t temperature] [options] [PROMPT ...]\n"
	    "Send one chat completion to OpenRouter; the reply goes to "
	    "stdout.\n"
	    "\n", fp);
	chat_usage(fp);
	fputs("Output:\n"
	    "      --json               print the API's answer (one JSON line)"
	    "\n", fp);
	opts_usage(fp);
	if (fp == stdout && out_close(stdout))
		status = EX_IOERR_;
	exit(status);
}

static void
on_sigint(int sig)
{
	(void)sig;
	http_interrupt();
}

/* Send the body: the key only now, so --dry-run and --help need none. */
static int
send_body(const struct opts *o, const char *body, struct http_resp *rs,
    struct or_error *e)
{
	struct sigaction sa, old;
	struct http_req rq;
	char *key;
	int r;

	if ((r = auth_key(o->key_file, &key, e))) {
		memset(rs, 0, sizeof *rs);
		return r;
	}
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.path = "/chat/completions";
	rq.body = body;
	rq.bodylen = strlen(body);
	/* ^C cancels the request; http_request then returns 130. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	r = http_request(o, key, &rq, rs, e);
	sigaction(SIGINT, &old, NULL);
	auth_free(key);
	return r;
}

/* -r: the reasoning on stderr, one cleaned line at a time. */
static void
print_reasoning(const struct buf *b)
{
	char line[4096];
	const char *p = b->p, *end = b->p + b->len, *nl;

	while (p < end) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		sanitize(line, sizeof line, p, nl - p);
		fprintf(stderr, "%s\n", line);
		p = nl + 1;
	}
}

/* The reply's text, ending in one newline, then any tool calls. */
static void
print_text(const struct chat_reply *rp, size_t off, size_t n)
{
	struct buf calls;

	while (n && rp->text.p[off + n - 1] == '\n')
		n--;
	if (n) {
		fwrite(rp->text.p + off, 1, n, stdout);
		putchar('\n');
	}
	buf_init(&calls, 0);
	chat_tool_calls_text(rp, &calls);
	fwrite(calls.p ? calls.p : "", 1, calls.len, stdout);
	buf_free(&calls);
}

/*
 * Print what the reply has: with --json the answer itself, else its text.
 * failed: the answer reported an error, and only its partial text is
 * shown.  Returns 76 when --json-mode or --schema wanted JSON and the
 * reply is not JSON (it is printed all the same).
 */
static int
print_reply(const struct chat_req *cr, const struct chat_reply *rp,
    const struct http_resp *rs, int json, int failed, struct or_error *e)
{
	struct buf one;
	size_t off = 0, n = rp->text.len;
	char why[512];
	int r = 0;

	if (cr->show_reasoning && rp->reasoning.len)
		print_reasoning(&rp->reasoning);
	if (!failed && (cr->json_mode || jv_get_kind(cr->response_format) !=
	    JV_KIND_NULL) && jv_get_kind(rp->tool_calls) == JV_KIND_NULL)
		r = chat_check_json(rp, &off, &n, e);
	if (json) {
		buf_init(&one, 0);
		chat_json_compact(rs->body.p, rs->body.len, &one);
		buf_add(&one, "\n", 1);
		fwrite(one.p, 1, one.len, stdout);
		buf_free(&one);
	} else
		print_text(rp, off, n);
	if (failed)
		return r;
	if (rp->finish && (strcmp(rp->finish, "length") == 0 ||
	    strcmp(rp->finish, "content_filter") == 0))
		warnx("the reply was cut short (finish_reason %s)", rp->finish);
	else if (rp->text.len == 0 &&
	    jv_get_kind(rp->tool_calls) == JV_KIND_NULL) {
		if (rp->refusal) {
			sanitize(why, sizeof why, rp->refusal,
			    strlen(rp->refusal));
			warnx("the reply is empty: the model refused: %s", why);
		} else
			warnx("the reply is empty");
	}
	return r;
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
	struct or_error e, e2;
	struct opts o;
	char *body;
	int ch, r, status, json = 0;
	jv b;

	opts_init(&o);
	chat_init(&cr);
	while ((ch = getopt_long(argc, argv, OPTS_SHORT CHAT_SHORT, longopts,
	    NULL)) != -1) {
		if (opts_handle(&o, ch, optarg, usage))
			continue;
		if ((r = chat_opt(&cr, ch, optarg, &e)) == -1)
			errx(e.exit, "%s", e.msg);
		if (r == 1)
			continue;
		if (ch == OPT_JSON)
			json = 1;
		else
			usage(stderr, EX_USAGE_);
	}
	if ((r = chat_prepare(&cr, argc - optind, argv + optind, 0, &e)))
		errx(r, "%s", e.msg);
	b = chat_body(&cr, &e);
	if (!jv_is_valid(b))
		errx(e.exit, "%s", e.msg);
	body = json_dump(b);
	jv_free(b);
	if (cr.dry_run) {
		puts(body);
		free(body);
		chat_free(&cr);
		return out_close(stdout) ? EX_IOERR_ : 0;
	}
	if (cr.has_max_cost && (r = chat_budget(&o, &cr, strlen(body), &e)))
		errx(r, "%s", e.msg);

	r = send_body(&o, body, &rs, &e);
	free(body);
	if (r)
		errx(r, "%s", e.msg);
	chat_reply_init(&rp);
	/* A malformed answer has nothing to show; an error may follow text. */
	status = chat_decode(rs.body.p, rs.body.len, rs.gen_id, &rp, &e);
	if (status != EX_PROTOCOL_ && (r = print_reply(&cr, &rp, &rs, json,
	    status != 0, &e2)) && status == 0) {
		status = r;
		e = e2;
	}
	if ((r = chat_after(&cr, &rp, status == 0, &e2))) {
		if (status == 0) {
			status = r;
			e = e2;
		} else
			warnx("%s", e2.msg);
	}
	chat_reply_free(&rp);
	http_resp_free(&rs);
	chat_free(&cr);
	if (out_close(stdout))
		return EX_IOERR_;
	if (status)
		errx(status, "%s", e.msg);
	return 0;
}
