/*
 * t_streamdiff: orstream's decoding path (lib/sse borrowing events, the
 * stream decoder with its memo) against the strict one (events copied,
 * STREAM_NOMEMO), byte for byte, over every recorded stream and over
 * generated streams of a million chunks (issue 14).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sse.h"
#include "stream.h"
#include "tap.h"
#include "tutil.h"
#include "util.h"

/* One way of decoding, and all it produced, as bytes. */
struct way {
	struct sse	*p;
	struct stream	*st;
	struct buf	 text, reasoning, out;
	int		 rc;
};

static void
on_text(void *ctx, const char *p, size_t n)
{
	buf_add(&((struct way *)ctx)->text, p, n);
}

static void
on_reasoning(void *ctx, const char *p, size_t n)
{
	buf_add(&((struct way *)ctx)->reasoning, p, n);
}

static int
on_event(void *ctx, const struct sse_event *ev)
{
	struct way *w = ctx;

	return stream_data(w->st, ev->data, ev->datalen);
}

static void
way_open(struct way *w, int fast)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->text, 0);
	buf_init(&w->reasoning, 0);
	buf_init(&w->out, 0);
	if ((w->p = sse_new(0)) == NULL)
		abort();
	sse_borrow(w->p, fast);
	w->st = stream_new(fast ? 0 : STREAM_NOMEMO, on_text, on_reasoning,
	    w);
}

static void
way_feed(struct way *w, const char *p, size_t n)
{
	if (w->rc == 0)
		w->rc = sse_feed(w->p, p, n, on_event, w);
}

/* The end: everything the decoder can say, rendered into w->out. */
static void
way_close(struct way *w)
{
	struct or_error e;
	const char *u;
	char *s, num[64];
	size_t n;
	int r;

	r = stream_end(w->st, sse_pending(w->p), &e);
	snprintf(num, sizeof num, "\n%d %d %zu %zu\n", w->rc, r,
	    stream_events(w->st), stream_ntools(w->st));
	buf_add(&w->out, w->text.p ? w->text.p : "", w->text.len);
	buf_add(&w->out, num, strlen(num));
	buf_add(&w->out, w->reasoning.p ? w->reasoning.p : "",
	    w->reasoning.len);
	if (r)
		buf_add(&w->out, e.msg, strlen(e.msg));
	if ((u = stream_usage(w->st, &n)) != NULL)
		buf_add(&w->out, u, n);
	s = stream_tools_json(w->st);
	buf_add(&w->out, s, strlen(s));
	free(s);
	s = stream_completion_json(w->st);
	buf_add(&w->out, s, strlen(s));
	free(s);
	sse_free(w->p);
	stream_free(w->st);
}

static void
way_free(struct way *w)
{
	buf_free(&w->text);
	buf_free(&w->reasoning);
	buf_free(&w->out);
}

static int
alike(struct way *f, struct way *s)
{
	way_close(f);
	way_close(s);
	return f->out.len == s->out.len && memcmp(f->out.p, s->out.p,
	    f->out.len) == 0;
}

/* A recorded stream, fed whole and in pieces of 7 bytes. */
struct count {
	size_t	 files, alike;
};

static void
one_file(const char *path, void *ctx)
{
	struct count *c = ctx;
	struct way f, s;
	char *b;
	size_t len, at;
	int same;

	if ((b = tutil_slurp(path, &len)) == NULL)
		return;
	c->files++;
	way_open(&f, 1);
	way_open(&s, 0);
	way_feed(&f, b, len);
	way_feed(&s, b, len);
	same = alike(&f, &s);
	way_free(&f);
	way_open(&f, 1);
	for (at = 0; at < len; at += 7)
		way_feed(&f, b + at, len - at < 7 ? len - at : 7);
	way_close(&f);
	same = same && f.out.len == s.out.len &&
	    memcmp(f.out.p, s.out.p, s.out.len) == 0;
	way_free(&f);
	way_free(&s);
	if (same)
		c->alike++;
	else
		printf("# fast and full differ on %s\n", path);
	free(b);
}

static void
each_file(const char *dir, const char *suffix, const char *sub,
    struct count *c)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[1024];
	size_t n;

	if (d == NULL)
		return;
	while ((de = readdir(d))) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if (sub)
			snprintf(path, sizeof path, "%s/%s/%s", dir,
			    de->d_name, sub);
		else if (n > strlen(suffix) &&
		    strcmp(de->d_name + n - strlen(suffix), suffix) == 0)
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		else
			continue;
		one_file(path, c);
	}
	closedir(d);
}

/* The chunk of bench/mksse.py, the shape of a captured gpt-4o stream. */
#define PRE	"data: {\"id\":\"gen-1754441342-hIkMo7SMi0ZecQw3oR4d\"," \
		"\"provider\":\"OpenAI\",\"model\":\"openai/gpt-4o\"," \
		"\"object\":\"chat.completion.chunk\",\"created\":1754441342," \
		"\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"," \
		"\"content\":"
#define SUF	"},\"finish_reason\":null,\"native_finish_reason\":null," \
		"\"logprobs\":null}]}\n\n"

/*
 * Chunk i of a generated stream.  mixed 0: every chunk "tok", as
 * bench/mksse.py makes them.  mixed 1: contents with escapes, UTF-8,
 * bad UTF-8 (let through, as the full decoder does), empty, long;
 * and now and then a chunk that differs outside its content (id, white
 * space, reasoning, a tool call, usage), each a memo miss.
 */
static void
gen_chunk(struct buf *b, size_t i, int mixed)
{
	static const char *const content[] = {
		"\"tok\"", "\"a\\\"b\\\\c\\n\"", "\"\xc3\xa9t\xc3\xa9\"",
		"\"\\u00e9\\ud83d\\ude00\"", "\"\xff\xfe raw\"", "\"\"",
		"\"0123456789abcdefghij0123456789\"", "\"x/\\/\"",
	};
	char tmp[256];

	if (!mixed || i % 10007 != 10006) {
		buf_add(b, PRE, sizeof PRE - 1);
		buf_add(b, mixed ? content[i % 8] : content[0],
		    strlen(mixed ? content[i % 8] : content[0]));
		buf_add(b, SUF, sizeof SUF - 1);
		return;
	}
	switch (i / 10007 % 5) {
	case 0:
		snprintf(tmp, sizeof tmp, "data: {\"id\":\"gen-%zu\","
		    "\"choices\":[{\"index\":0,\"delta\":{\"content\":"
		    "\"new\"}}]}\n\n", i);
		break;
	case 1:
		snprintf(tmp, sizeof tmp, "data: { \"choices\":[{\"index\":0,"
		    "\"delta\":{\"content\":\"sp\"}}]}\n\n");
		break;
	case 2:
		snprintf(tmp, sizeof tmp, "data: {\"choices\":[{\"index\":0,"
		    "\"delta\":{\"reasoning\":\"think %zu\"}}]}\n\n", i);
		break;
	case 3:
		snprintf(tmp, sizeof tmp, "data: {\"choices\":[{\"index\":0,"
		    "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\","
		    "\"function\":{\"name\":\"f\",\"arguments\":\"{%zu\"}}]}}"
		    "]}\n\n", i % 10);
		break;
	default:
		snprintf(tmp, sizeof tmp, "data: {\"choices\":[],\"usage\":"
		    "{\"prompt_tokens\":%zu}}\n\n", i);
	}
	buf_add(b, tmp, strlen(tmp));
}

/* n chunks and [DONE], made and fed 64 KiB at a time to both ways. */
static int
generated(size_t n, int mixed, size_t *textlen)
{
	struct way f, s;
	struct buf b;
	size_t i;
	int same;

	buf_init(&b, 0);
	way_open(&f, 1);
	way_open(&s, 0);
	for (i = 0; i <= n; i++) {
		if (i == n)
			buf_add(&b, "data: [DONE]\n\n", 14);
		else
			gen_chunk(&b, i, mixed);
		if (b.len >= 65536 || i == n) {
			way_feed(&f, b.p, b.len);
			way_feed(&s, b.p, b.len);
			buf_reset(&b);
		}
	}
	same = alike(&f, &s);
	*textlen = f.text.len;
	way_free(&f);
	way_free(&s);
	buf_free(&b);
	return same;
}

int
main(void)
{
	struct count c = { 0, 0 };
	size_t n;
	int same;

	each_file("tests/fixtures/stream", ".sse", NULL, &c);
	each_file("tests/conformance/chat", "", "stream.sse", &c);
	each_file("tests/conformance/sse", ".sse", NULL, &c);
	ok(c.files > 50 && c.alike == c.files, "fast and full alike on %zu of "
	    "%zu recorded streams", c.alike, c.files);
	same = generated(1000000, 0, &n);
	ok(same && n == 3000000, "and on a 1M-chunk stream of "
	    "bench/mksse.py's shape (%zu bytes of text)", n);
	same = generated(1000000, 1, &n);
	ok(same && n > 7000000, "and on a 1M-chunk stream of mixed contents "
	    "and memo misses (%zu bytes of text)", n);
	return tap_done();
}
