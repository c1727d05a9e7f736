/*
 * orstream -- one chat completion streamed over Server-Sent Events: the
 * reply reaches stdout the moment it arrives; also a decoder of any SSE
 * stream on stdin.
 *
 *	orstream --sse < saved.sse		decode a recorded stream
 *	curl -sN ... | orstream --sse --events	any SSE source to JSON lines
 *
 * Output is flushed whenever the input runs dry -- after each read -- so a
 * pipeline downstream is live, yet a burst of chunks costs one write: the
 * text of a read's chunks is gathered in one buffer and put out once.  Text
 * already written is never taken back: a failure after it only adds a line
 * on stderr and the exit status.  Every write is checked: the first that
 * fails stops the stream (and cancels a live request); a reader gone away
 * ends the command as SIGPIPE would, quietly (141), any other failure is
 * one line and 74.  On a terminal, what is printed is cleaned of controls
 * (term_clean); to a pipe or a file it is byte for byte.
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
#include "jw.h"
#include "opts.h"
#include "sse.h"
#include "stream.h"
#include "streamopt.h"
#include "textout.h"
#include "util.h"

static struct streamopt flag;	/* orstream's own options */

static struct out {
	struct stream	*st;
	struct textout	 t;		/* stdout, stderr */
	struct buf	 line;		/* an --events or --jsonl line */
	struct buf	 text;		/* this read's text, not put out yet */
	struct sse	*parser;	/* a live request's */
} out;

static volatile sig_atomic_t interrupted;

static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs("usage: orstream [options] [PROMPT...]\n"
	    "       orstream --sse [--events | --json | --jsonl] < stream\n"
	    "Stream one chat completion from OpenRouter to stdout, or decode a\n"
	    "Server-Sent Events stream read from stdin.\n\n", fp);
	streamopt_usage(fp);
	chatopt_usage(fp);
	opts_usage(fp);
	opts_usage_end(fp, status);
}

static void
on_int(int sig)
{
	(void)sig;
	interrupted = 1;
	http_interrupt();
}

/* The text gathered so far, put out: before anything else is. */
static void
put_text(void)
{
	if (out.text.len == 0)
		return;
	textout_put(&out.t, TEXTOUT_OUT, out.text.p, out.text.len);
	buf_reset(&out.text);
}

/* The end of a read: its text put out and flushed; nonzero on a failure. */
static int
flush_read(void)
{
	put_text();
	return textout_flush(&out.t);
}

static void
on_text(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (flag.json || flag.jsonl)
		return;
	buf_add(&out.text, p, n);
}

static void
on_reasoning(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (!flag.show_reasoning)
		return;
	/* In the order they came, on a terminal showing both. */
	put_text();
	textout_put(&out.t, TEXTOUT_ERR, p, n);
}

/* One dispatched SSE event. */
static int
on_event(void *ctx, const struct sse_event *ev)
{
	int r;

	(void)ctx;
	if (flag.events) {
		buf_reset(&out.line);
		sse_event_json(ev, &out.line);
		textout_put(&out.t, TEXTOUT_OUT, out.line.p, out.line.len);
		return out.t.werr != 0;
	}
	/*
	 * --jsonl: each chunk that is JSON as it came, with invalid UTF-8
	 * replaced, on one line (a payload of several data lines loses the
	 * white space between its tokens); one that is not JSON is not
	 * printed, and fails the stream.
	 */
	buf_reset(&out.line);
	if (flag.jsonl && !(ev->datalen == 6 && memcmp(ev->data, "[DONE]",
	    6) == 0) && jw_line(&out.line, ev->data, ev->datalen) == 0)
		textout_put(&out.t, TEXTOUT_OUT, out.line.p, out.line.len);
	/* A failed stream takes no more data; what came stays printed. */
	r = stream_data(out.st, ev->data, ev->datalen);
	return r || out.t.werr ? 1 : 0;
}

/* A line of JSON made here (NUL-terminated s, freed). */
static void
put_line(char *s)
{
	textout_put(&out.t, TEXTOUT_OUT, s, strlen(s));
	textout_put(&out.t, TEXTOUT_OUT, "\n", 1);
	free(s);
}

/*
 * After the stream, unless a write failed: tool calls, --json, the line's
 * end when endline is set or on a terminal; then flushed.  A failed write
 * (what could not be shown comes first) makes the status 74 and e say
 * why; else status stays.
 */
static int
finish(int status, int endline, struct or_error *e)
{
	put_text();
	if (out.t.werr)
		return textout_error(&out.t, e);
	textout_end(&out.t, TEXTOUT_OUT);
	textout_end(&out.t, TEXTOUT_ERR);
	if (!flag.events && !flag.json && !flag.jsonl &&
	    stream_ntools(out.st)) {
		textout_endline(&out.t, TEXTOUT_OUT);
		put_line(stream_tools_json(out.st));
	}
	if (flag.json)
		put_line(stream_completion_json(out.st));
	/*
	 * On a terminal, the prompt should not follow the text's last line;
	 * in a pipe, the next reply (parallel runs) should not either.
	 */
	if (endline || out.t.tty[0])
		textout_endline(&out.t, TEXTOUT_OUT);
	return textout_flush(&out.t) ? textout_error(&out.t, e) : status;
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
	sse_borrow(p, 1);
	for (;;) {
		n = read(0, buf, sizeof buf);
		if (n < 0 && errno == EINTR && !interrupted)
			continue;
		if (interrupted || n <= 0)
			break;
		r = sse_feed(p, buf, n, on_event, NULL);
		if (flush_read() || r)
			break;
	}
	if (interrupted)
		status = OR_EX_INTERRUPT;
	else if (n < 0)
		status = error_set(&e, EX_NOINPUT, "stdin: %s",
		    strerror(errno));
	else if (r < 0)
		status = error_set(&e, EX_PROTOCOL, "stream: %s",
		    sse_strerror(r));
	else if (flag.events)
		status = 0;
	else
		status = stream_end(out.st, sse_pending(p), &e);
	sse_free(p);
	/*
	 * What arrived is printed, whatever the outcome; a recorded stream
	 * decoded into a pipe or a file is its text byte for byte.
	 */
	status = finish(status, 0, &e);
	check_pipe(out.t.werr);
	if (status && status != OR_EX_INTERRUPT)
		warnx("%s", e.msg);
	return status;
}

/* Bytes of a live answer, as they arrive: decode, print, flush. */
static int
on_data(void *ctx, const char *p, size_t n)
{
	int r;

	(void)ctx;
	r = sse_feed(out.parser, p, n, on_event, NULL);
	/* The input ran dry: what was decoded reaches the reader now. */
	if (flush_read())
		return 1;
	return r != 0 || stream_error(out.st) != NULL;
}

/* Send the request and stream the answer; returns the exit status. */
static int
request(const struct opts *o, struct chat_req *cr, int argc, char *argv[])
{
	struct http_resp rs;
	struct or_error e, we;
	char *body;
	int r, status, shown;

	if ((r = call_before(o, cr, argc, argv, 0, &body, &e)))
		errx(r, "%s", e.msg);
	if (body == NULL)		/* --dry-run */
		return 0;
	/*
	 * A reader gone away is EPIPE from here, as it is during the
	 * transfer (libcurl ignores SIGPIPE there), not death at the next
	 * write: what was paid for is recorded and an answer that came
	 * whole is stored, then check_pipe ends the command as SIGPIPE
	 * would.
	 */
	signal(SIGPIPE, SIG_IGN);
	if ((out.parser = sse_new(0)) == NULL)
		err(EX_SOFTWARE, "sse_new");
	sse_borrow(out.parser, 1);
	status = call_send(o, body, on_data, NULL, flag.idle_ms, &rs, &e);
	free(body);
	if (out.t.werr)		/* the transfer was stopped for it */
		status = EX_IOERR;
	else if (status == 0 && (r = sse_feed(out.parser, NULL, 0, NULL,
	    NULL)) < 0)		/* the parser stopped it */
		status = error_set(&e, EX_PROTOCOL, "stream: %s",
		    sse_strerror(r));
	else if (status == 0)
		status = stream_end(out.st, sse_pending(out.parser), &e);
	sse_free(out.parser);
	/*
	 * Text, tool calls and --json first, a reply ending in a newline
	 * wherever it goes; then what the reply is for.
	 */
	shown = finish(status, 1, &we);
	/*
	 * What was paid for is recorded even when it could not be shown;
	 * an answer that came whole is stored though what follows it (a
	 * newline, the tool calls, --json) could not be written.
	 */
	status = call_after_stream(cr, out.st, rs.gen_id, status, &e);
	if (out.t.werr) {
		status = shown;
		e = we;
	}
	http_resp_free(&rs);
	check_pipe(out.t.werr);
	if (status)
		warnx("%s", e.msg);
	return status;
}

/* Ready stdout, the stream and ^C. */
static void
out_open(void)
{
	static char obuf[1 << 16];
	struct sigaction sa;

	/* Whole writes, flushed when the input runs dry. */
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	textout_init(&out.t);
	buf_init(&out.line, 0);
	buf_init(&out.text, 0);
	/* The whole text only when something needs it after the stream. */
	out.st = stream_new(flag.keep ? STREAM_KEEP : 0, on_text, on_reasoning,
	    NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: read() returns */
}

/* Free what out_open made and close stdout; returns the exit status. */
static int
out_end(int status)
{
	stream_free(out.st);
	buf_free(&out.line);
	buf_free(&out.text);
	textout_free(&out.t);
	/* A failed write was said already; else stdout's close is checked. */
	if (out.t.werr)
		fclose(stdout);
	else if (out_close(stdout) && status == 0)
		status = EX_IOERR;
	return status;
}

int
main(int argc, char *argv[])
{
	struct chat_req cr;
	struct or_error e;
	struct opts o;
	int r;

	opts_init(&o);
	chatopt_init_lazy(&cr);
	cr.stream = 1;
	if ((r = streamopt_read(&flag, argc, argv, isatty(STDIN_FILENO), &o,
	    &cr, usage, &e)) != 0)
		errx(r, "%s", e.msg);
	out_open();
	r = flag.sse ? decode_stdin() : request(&o, &cr, argc - optind,
	    argv + optind);
	chatopt_free(&cr);
	return out_end(r);
}
