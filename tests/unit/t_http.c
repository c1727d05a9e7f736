/*
 * t_http: which base URLs may be used; with the argument "stream" (run by
 * tests/0009-http-stream.t against the mock server), streaming requests:
 * bytes handed on as they come, the idle timeout, stopping, interrupting,
 * and no retry once bytes were handed on.  Plain requests are tested
 * through the commands (the .t files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "http.h"
#include "opts.h"
#include "tap.h"
#include "util.h"

struct sink {
	struct buf	 got;
	size_t		 calls;
	size_t		 stop_after;	/* stop when this many bytes came */
	int		 interrupt;
};

static int
on_data(void *ctx, const char *p, size_t n)
{
	struct sink *s = ctx;

	buf_add(&s->got, p, n);
	s->calls++;
	if (s->interrupt)
		http_interrupt();
	return s->stop_after && s->got.len >= s->stop_after;
}

static int
stream(const char *model, long long idle_ms, struct sink *s,
    struct or_error *e)
{
	struct opts o;
	struct http_req rq;
	struct http_resp rs;
	char body[256];
	int r;

	opts_init(&o);
	o.retries = 1;
	snprintf(body, sizeof body, "{\"model\":\"%s\",\"stream\":true,"
	    "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", model);
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.path = "/chat/completions";
	rq.body = body;
	rq.bodylen = strlen(body);
	rq.on_data = on_data;
	rq.ctx = s;
	rq.idle_ms = idle_ms;
	buf_init(&s->got, 0);
	r = http_request(&o, "sk-or-v1-test", &rq, &rs, e);
	if (r == 0 && rs.stopped)
		r = -1;
	http_resp_free(&rs);
	return r;
}

/* Requests the mock server has logged so far. */
static long
log_lines(void)
{
	const char *path = getenv("MOCK_LOG");
	struct buf b;
	long n = 0;
	size_t i;

	buf_init(&b, 0);
	if (path && read_file(path, &b) == 0)
		for (i = 0; i < b.len; i++)
			n += b.p[i] == '\n';
	buf_free(&b);
	return n;
}

static void
test_stream(void)
{
	struct sink s = { 0 };
	struct or_error e;
	struct buf want;
	long before;
	int r;

	buf_init(&want, 0);
	read_file("tests/fixtures/stream/stream_gpt-4o_text_2025-08.sse",
	    &want);
	r = stream("mock/slow:20", 0, &s, &e);
	is_int(r, 0, "a stream arrives whole");
	ok(s.got.len == want.len && memcmp(s.got.p, want.p, want.len) == 0,
	    "byte for byte (%zu bytes)", s.got.len);
	ok(s.calls > 1, "in pieces as they came (%zu calls)", s.calls);
	buf_free(&s.got);

	memset(&s, 0, sizeof s);
	r = stream("mock/silent:3", 1000, &s, &e);
	is_int(r, 75, "no byte for the idle time: 75");
	ok(strstr(e.msg, "no data for 1 s") != NULL, "said so: %s", e.msg);
	buf_free(&s.got);

	memset(&s, 0, sizeof s);
	s.stop_after = 1;
	r = stream("mock/slow:20", 0, &s, &e);
	is_int(r, -1, "the callback can stop the transfer");
	ok(s.got.len < want.len, "early (%zu bytes)", s.got.len);
	buf_free(&s.got);

	memset(&s, 0, sizeof s);
	r = stream("mock/status:429", 0, &s, &e);
	is_int(r, 75, "an error status on a stream is read as an error");
	is_int(s.calls, 0, "and never handed on as stream data");
	buf_free(&s.got);

	memset(&s, 0, sizeof s);
	before = log_lines();
	r = stream("mock/drop", 0, &s, &e);
	is_int(r, 76, "a stream dropped midway: 76 (issue 11 item 7)");
	ok(s.got.len > 0, "after part of it was handed on");
	is_int(log_lines() - before, 1, "and it was not sent again, though "
	    "retries were allowed");
	buf_free(&s.got);

	/* Issue 11 item 7: nothing handed on yet, but the 200 arrived. */
	memset(&s, 0, sizeof s);
	before = log_lines();
	r = stream("mock/drop:head", 0, &s, &e);
	is_int(r, 76, "a stream dropped right after its 200: 76");
	is_int(log_lines() - before, 1, "and it was not sent again: %s",
	    e.msg);
	buf_free(&s.got);

	memset(&s, 0, sizeof s);
	s.interrupt = 1;
	r = stream("mock/slow:50", 0, &s, &e);
	is_int(r, 130, "interrupted: 130");
	buf_free(&s.got);
	buf_free(&want);
}

int
main(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "stream") == 0) {
		test_stream();
		return tap_done();
	}
	{
	static const struct { const char *url; int insecure, exit; } t[] = {
		{ "https://openrouter.ai/api/v1", 0, 0 },
		{ "HTTPS://openrouter.ai/api/v1", 0, 0 },
		{ "http://127.0.0.1:8080/api/v1", 0, 0 },
		{ "http://127.1.2.3/v1", 0, 0 },
		{ "http://localhost:1234", 0, 0 },
		{ "http://LOCALHOST/", 0, 0 },
		{ "http://[::1]:8080/api", 0, 0 },
		{ "http://user:pw@127.0.0.1/", 0, 0 },
		{ "http://openrouter.ai/api/v1", 0, 78 },
		{ "http://openrouter.ai/api/v1", 1, 0 },
		{ "http://127.0.0.1.example.com/", 0, 78 },
		{ "http://localhost.example.com/", 0, 78 },
		{ "http://127.0.0.1@evil.example/", 0, 78 },
		{ "http://[::2]/", 0, 78 },
		{ "http://127.0.0.256/", 0, 78 },
		{ "ftp://openrouter.ai/", 0, 78 },
		{ "openrouter.ai/api/v1", 0, 78 },
		{ "https://", 0, 78 },
		{ "", 0, 78 },
	};
	struct or_error e;
	size_t i;
	int r;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		e.msg[0] = '\0';
		r = http_check_url(t[i].url, t[i].insecure, &e);
		is_int(r, t[i].exit, "%s%s -> %d", t[i].url,
		    t[i].insecure ? " (--insecure-http)" : "", t[i].exit);
		if (t[i].exit)
			ok(strstr(e.msg, "base URL") != NULL, "  says: %s",
			    e.msg);
	}
	}
	return tap_done();
}
