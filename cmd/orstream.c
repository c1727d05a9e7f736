/*
 * orstream -- one chat completion streamed over Server-Sent Events: the
 * reply reaches stdout the moment it arrives; also a decoder of any SSE
 * stream on stdin.
 *
 *	orstream --sse < saved.sse		decode a recorded stream
 *	curl -sN ... | orstream --sse --events	any SSE source to JSON lines
 *
 * Output is flushed whenever the input runs dry -- after each read -- so a
 * pipeline downstream is live, yet a burst of chunks costs one write.  Text
 * already written is never taken back: a failure after it only adds a line
 * on stderr and the exit status.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call.h"
#include "chatopt.h"
#include "error.h"
#include "http.h"
#include "jscan.h"
#include "jw.h"
#include "opts.h"
#include "sse.h"
#include "stream.h"
#include "util.h"

enum { OPT_SSE = CHAT_OPT_END, OPT_EVENTS, OPT_JSON, OPT_JSONL,
    OPT_IDLE_TIMEOUT };

static struct {
	int	 sse, events, json, jsonl, show_reasoning;
	long long idle_ms;
} flag = { 0, 0, 0, 0, 0, 120000 };

static struct out {
	struct stream	*st;
	struct buf	 line;		/* an --events or --jsonl line */
	int		 tty;		/* stdout is a terminal */
	int		 wrote;		/* text written */
	char		 last;		/* last byte of text written */
} out;

static volatile sig_atomic_t interrupted;

/* A live request's SSE parser, and why the transfer was stopped. */
static struct sse *parser;
static int write_errno;

static void
usage(FILE *fp, int status)
{
	fputs("usage: orstream [options] [PROMPT...]\n"
	    "       orstream --sse [--events | --json | --jsonl] < stream\n"
	    "Stream one chat completion from OpenRouter to stdout, or decode a\n"
	    "Server-Sent Events stream read from stdin.\n\n"
	    "      --sse                decode an SSE stream from stdin; no "
	    "request\n"
	    "      --events             with --sse: print every event as a "
	    "JSON line\n"
	    "      --json               print one chat.completion object at "
	    "the end\n"
	    "      --jsonl              print every chunk as received, one per "
	    "line\n"
	    "      --idle-timeout SECS  end a stream silent for SECS (default "
	    "120)\n"
	    "  -r, --show-reasoning     print reasoning to stderr as it "
	    "arrives\n\n", fp);
	chatopt_usage(fp);
	opts_usage(fp);
	if (fp == stdout && out_close(stdout))
		status = EX_IOERR;
	exit(status);
}

static void
on_int(int sig)
{
	(void)sig;
	interrupted = 1;
	http_interrupt();
}

/* Make what has been written so far reach the reader; 0 or an exit. */
static int
flush_out(void)
{
	if (fflush(stdout) == 0)
		return 0;
	check_pipe(errno);
	warnx("write error: %s", strerror(errno));
	return EX_IOERR;
}

static void
on_text(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (flag.json || flag.jsonl)
		return;
	fwrite(p, 1, n, stdout);
	out.wrote = 1;
	out.last = p[n - 1];
}

static void
on_reasoning(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (flag.show_reasoning)
		fwrite(p, 1, n, stderr);
}

/* One dispatched SSE event. */
static int
on_event(void *ctx, const struct sse_event *ev)
{
	struct jw w;
	int r;

	(void)ctx;
	if (flag.events) {
		buf_reset(&out.line);
		jw_init(&w, &out.line);
		jw_obj(&w);
		jw_kstr(&w, "event", ev->type, ev->typelen);
		jw_kstr(&w, "data", ev->data, ev->datalen);
		if (ev->idlen)
			jw_kstr(&w, "id", ev->id, ev->idlen);
		jw_end(&w);
		buf_add(&out.line, "\n", 1);
		fwrite(out.line.p, 1, out.line.len, stdout);
		return 0;
	}
	/*
	 * --jsonl: each chunk that is JSON as it came, with invalid UTF-8
	 * replaced, on one line (a payload of several data lines loses the
	 * white space between its tokens); one that is not JSON is not
	 * printed, and fails the stream.
	 */
	if (flag.jsonl && !(ev->datalen == 6 &&
	    memcmp(ev->data, "[DONE]", 6) == 0) && jscan_getnf(ev->data,
	    ev->datalen, NULL, 0, NULL, NULL, JSCAN_RAW_UTF8) == 0) {
		buf_reset(&out.line);
		jw_init(&w, &out.line);
		jw_copy(&w, ev->data, ev->datalen, memchr(ev->data, '\n',
		    ev->datalen) ? JW_COMPACT : 0);
		buf_add(&out.line, "\n", 1);
		fwrite(out.line.p, 1, out.line.len, stdout);
	}
	/* A failed stream takes no more data; what came stays printed. */
	r = stream_data(out.st, ev->data, ev->datalen);
	return r ? 1 : 0;
}

/* After the stream: tool calls, --json, the line's end; the exit status. */
static int
finish(int status, const struct or_error *e)
{
	char *s;

	if (!flag.events && !flag.json && !flag.jsonl &&
	    stream_ntools(out.st)) {
		if (out.wrote && out.last != '\n')
			putchar('\n');
		s = stream_tools_json(out.st);
		puts(s);
		free(s);
		out.wrote = 0;
	}
	if (flag.json) {
		s = stream_completion_json(out.st);
		puts(s);
		free(s);
	}
	/* On a terminal, the prompt should not follow the text's last line. */
	if (out.tty && out.wrote && out.last != '\n')
		putchar('\n');
	if (flush_out())
		return EX_IOERR;
	if (status && e)
		warnx("%s", e->msg);
	return status;
}

/* --sse: decode stdin as a live stream would be decoded. */
static int
decode_stdin(void)
{
	struct sse *p;
	struct or_error e;
	char buf[65536];
	ssize_t n;
	int r = 0, status;

	if ((p = sse_new(0)) == NULL)
		err(EX_SOFTWARE, "sse_new");
	for (;;) {
		n = read(0, buf, sizeof buf);
		if (n < 0 && errno == EINTR && !interrupted)
			continue;
		if (interrupted) {
			sse_free(p);
			finish(130, NULL);
			return 130;
		}
		if (n < 0)
			err(EX_NOINPUT, "stdin");
		if (n == 0)
			break;
		r = sse_feed(p, buf, n, on_event, NULL);
		if ((status = flush_out())) {
			sse_free(p);
			return status;
		}
		if (r)
			break;
	}
	if (r < 0) {
		error_set(&e, EX_PROTOCOL, "stream: %s", sse_strerror(r));
		status = EX_PROTOCOL;
	} else if (flag.events)
		status = 0;
	else
		status = stream_end(out.st, sse_pending(p), &e);
	sse_free(p);
	return finish(status, &e);
}

/* Bytes of a live answer, as they arrive: decode, print, flush. */
static int
on_data(void *ctx, const char *p, size_t n)
{
	int r;

	(void)ctx;
	r = sse_feed(parser, p, n, on_event, NULL);
	/* The input ran dry: what was decoded reaches the reader now. */
	if (fflush(stdout) != 0) {
		write_errno = errno;
		return 1;
	}
	return r != 0 || stream_error(out.st) != NULL;
}

/* Send the request and stream the answer; returns the exit status. */
static int
request(const struct opts *o, struct chat_req *cr, int argc, char *argv[])
{
	struct http_resp rs;
	struct or_error e;
	char *body;
	int r, status;

	if ((r = call_before(o, cr, argc, argv, 0, &body, &e)))
		errx(r, "%s", e.msg);
	if (body == NULL)		/* --dry-run */
		return flush_out();
	if ((parser = sse_new(0)) == NULL)
		err(EX_SOFTWARE, "sse_new");
	status = call_send(o, body, on_data, NULL, flag.idle_ms, &rs, &e);
	free(body);
	if (write_errno) {
		check_pipe(write_errno);
		warnx("write error: %s", strerror(write_errno));
		status = EX_IOERR;
	} else if (status == 0)
		status = stream_end(out.st, sse_pending(parser), &e);
	sse_free(parser);
	/* Text, tool calls and --json first; then what the reply is for. */
	r = finish(0, NULL);
	if (status == 0 && r)
		return r;
	status = call_after_stream(cr, out.st, rs.gen_id, status, &e);
	http_resp_free(&rs);
	if (status)
		warnx("%s", e.msg);
	return status;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		CHAT_LONGOPTS,
		{ "events",		no_argument, NULL, OPT_EVENTS },
		{ "idle-timeout",	required_argument, NULL,
		    OPT_IDLE_TIMEOUT },
		{ "json",		no_argument, NULL, OPT_JSON },
		{ "jsonl",		no_argument, NULL, OPT_JSONL },
		{ "sse",		no_argument, NULL, OPT_SSE },
		{ NULL, 0, NULL, 0 }
	};
	static char obuf[1 << 16];
	struct sigaction sa;
	struct chat_req cr;
	struct or_error e;
	struct opts o;
	int ch, r;

	opts_init(&o);
	chatopt_init(&cr);
	cr.stream = 1;
	while ((ch = chatopt_next(argc, argv, longopts, &o, &cr, usage,
	    &e)) != -1) {
		switch (ch) {
		case CHATOPT_BAD:
			errx(e.exit, "%s", e.msg);
		case OPT_IDLE_TIMEOUT:
			if (parse_seconds(optarg, &flag.idle_ms, 86400000LL) ||
			    flag.idle_ms == 0)
				errx(OR_EX_USAGE, "--idle-timeout: not a number "
				    "of seconds from 0.001 to 86400: %s", optarg);
			break;
		case OPT_EVENTS:
			flag.events = 1;
			break;
		case OPT_JSON:
			flag.json = 1;
			break;
		case OPT_JSONL:
			flag.jsonl = 1;
			break;
		case OPT_SSE:
			flag.sse = 1;
			break;
		default:
			usage(stderr, OR_EX_USAGE);
		}
	}
	if (flag.json + flag.jsonl + flag.events > 1)
		errx(OR_EX_USAGE, "--json, --jsonl and --events exclude each "
		    "other");
	if (flag.events && !flag.sse)
		errx(OR_EX_USAGE, "--events needs --sse");

	flag.show_reasoning = cr.show_reasoning;
	/* Whole writes, flushed when the input runs dry. */
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	out.tty = isatty(1);
	buf_init(&out.line, 0);
	/* The whole text only when something needs it after the stream. */
	out.st = stream_new(flag.json || cr.conversation || cr.json_mode ||
	    cr.schema_file ? STREAM_KEEP : 0, on_text, on_reasoning, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: read() returns */

	r = flag.sse ? decode_stdin() : request(&o, &cr, argc - optind,
	    argv + optind);
	stream_free(out.st);
	buf_free(&out.line);
	chatopt_free(&cr);
	return r;
}
