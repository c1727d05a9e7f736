/*
 * orchat -- one chat completion as a Unix filter: the prompt from the
 * arguments and/or stdin, the reply's text on stdout.
 *
 *	git diff | orchat "write a commit message"
 *
 * The arguments, joined with spaces, are the instruction; when stdin is not
 * a terminal its whole content follows after a blank line.  Nothing but the
 * reply reaches stdout; every failure is one line on stderr and an exit
 * status from the table in error.h.
 *
 * This release sends a single user message to one model; the full request
 * builder (lib/chat) comes with the orchat issue.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "error.h"
#include "http.h"
#include "json.h"
#include "opts.h"
#include "util.h"

/* A prompt larger than this is surely a mistake (a binary on stdin). */
#define PROMPT_MAX	(32u << 20)

static void
usage(FILE *fp, int status)
{
	fputs("usage: orchat [options] [PROMPT...]\n"
	    "Send one chat completion to OpenRouter; the reply goes to stdout.\n"
	    "\n"
	    "  -m, --model ID           model to ask (ORKIT_MODEL; default "
	    "openrouter/auto)\n\n", fp);
	opts_usage(fp);
	if (fp == stdout && out_close(stdout))
		status = EX_IOERR_;
	exit(status);
}

/* The instruction from argv, then stdin's content after a blank line. */
static void
read_prompt(int argc, char *argv[], struct buf *p)
{
	struct buf in;
	int i;

	for (i = 0; i < argc; i++) {
		if (i)
			buf_add(p, " ", 1);
		if (buf_adds(p, argv[i]) == -1)
			errx(EX_USAGE_, "prompt too long");
	}
	if (isatty(0))
		return;
	buf_init(&in, PROMPT_MAX);
	if (read_fd(0, &in) == -1)
		err(EX_NOINPUT_, "stdin");
	if (in.len) {
		if (p->len)
			buf_add(p, "\n\n", 2);
		if (buf_add(p, in.p, in.len) == -1)
			errx(EX_USAGE_, "prompt larger than %u bytes",
			    PROMPT_MAX);
	}
	buf_free(&in);
}

static char *
request_body(const char *model, const struct buf *prompt)
{
	jv msg, body;
	char *s;

	msg = jv_object_set(jv_object(), jv_string("role"), jv_string("user"));
	msg = jv_object_set(msg, jv_string("content"),
	    jv_string_sized(prompt->p, (int)prompt->len));
	body = jv_object_set(jv_object(), jv_string("model"),
	    jv_string(model));
	body = jv_object_set(body, jv_string("messages"),
	    jv_array_append(jv_array(), msg));
	/* Ask for the billed cost in the reply. */
	body = jv_object_set(body, jv_string("usage"),
	    jv_object_set(jv_object(), jv_string("include"), jv_true()));
	s = json_dump(body);
	jv_free(body);
	return s;
}

/* Print the reply's text; returns an exit status. */
static int
print_reply(const struct http_resp *rs)
{
	char perr[256];
	const char *text, *finish;
	size_t n;
	jv r;

	r = json_parse(rs->body.p ? rs->body.p : "", rs->body.len, perr,
	    sizeof perr);
	if (!jv_is_valid(r)) {
		jv_free(r);
		errx(EX_PROTOCOL_, "malformed answer: %s", perr);
	}
	text = json_str(r, "choices.0.message.content");
	if (text == NULL) {
		jv_free(r);
		errx(EX_PROTOCOL_, "answer has no choices[0].message.content");
	}
	n = strlen(text);
	fwrite(text, 1, n, stdout);
	if (n == 0 || text[n - 1] != '\n')
		putchar('\n');
	finish = json_str(r, "choices.0.finish_reason");
	if (finish && (strcmp(finish, "length") == 0 ||
	    strcmp(finish, "content_filter") == 0))
		warnx("the reply was cut short (finish_reason %s)", finish);
	jv_free(r);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		{ "model",	required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	struct or_error e;
	struct http_req rq;
	struct http_resp rs;
	struct buf prompt;
	const char *model;
	char *key, *body;
	int ch, r;

	opts_init(&o);
	model = getenv("ORKIT_MODEL");
	if (model == NULL || *model == '\0')
		model = "openrouter/auto";
	while ((ch = getopt_long(argc, argv, OPTS_SHORT "m:", longopts,
	    NULL)) != -1) {
		if (opts_handle(&o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'm':
			model = optarg;
			break;
		default:
			usage(stderr, EX_USAGE_);
		}
	}
	argc -= optind;
	argv += optind;

	buf_init(&prompt, PROMPT_MAX);
	read_prompt(argc, argv, &prompt);
	if (prompt.len == 0)
		errx(EX_USAGE_, "no prompt: give it as arguments or on stdin");

	/* Only now the key, so that --help and usage errors need none. */
	if ((r = auth_key(o.key_file, &key, &e)))
		errx(r, "%s", e.msg);
	body = request_body(model, &prompt);
	buf_free(&prompt);
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.path = "/chat/completions";
	rq.body = body;
	rq.bodylen = strlen(body);
	r = http_request(&o, key, &rq, &rs, &e);
	auth_free(key);
	free(body);
	if (r) {
		http_resp_free(&rs);
		errx(r, "%s", e.msg);
	}
	r = print_reply(&rs);
	http_resp_free(&rs);
	if (out_close(stdout))
		return EX_IOERR_;
	return r;
}
