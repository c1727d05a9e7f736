/*
 * t_stream: the hand-written chunk parser of lib/stream against libjq's jv
 * on every chunk of every recorded stream, and a differential fuzz test
 * against jscan's generic scanner on mutated chunks; the memo against the
 * full decoder.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "jscan.h"
#include "json.h"
#include "sse.h"
#include "stream.h"
#include "tap.h"
#include "util.h"

/* Every data payload of the recorded streams. */
static char **chunk;
static size_t *chunklen, nchunk;

static int
collect(void *ctx, const struct sse_event *ev)
{
	(void)ctx;
	if (ev->datalen == 6 && memcmp(ev->data, "[DONE]", 6) == 0)
		return 0;
	chunk = xrealloc(chunk, (nchunk + 1) * sizeof *chunk);
	chunklen = xrealloc(chunklen, (nchunk + 1) * sizeof *chunklen);
	chunk[nchunk] = xstrndup(ev->data, ev->datalen);
	chunklen[nchunk++] = ev->datalen;
	return 0;
}

static void
load(const char *path, void *ctx)
{
	struct buf b;
	struct sse *p;

	buf_init(&b, 0);
	if (read_file(path, &b) == 0 && (p = sse_new(0))) {
		sse_feed(p, b.p, b.len, collect, NULL);
		sse_free(p);
	}
	buf_free(&b);
}

/*
 * Call fn with the path of each file of dir: dir/NAME/sub for every NAME
 * when sub is given, else each dir/NAME that ends in suffix.
 */
static void
each_file(const char *dir, const char *suffix, const char *sub,
    void (*fn)(const char *, void *), void *ctx)
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
			snprintf(path, sizeof path, "%s/%s/%s", dir, de->d_name,
			    sub);
		else if (n > strlen(suffix) &&
		    strcmp(de->d_name + n - strlen(suffix), suffix) == 0)
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		else
			continue;
		fn(path, ctx);
	}
	closedir(d);
}

struct got {
	struct buf text, reasoning;
};

static void
on_text(void *ctx, const char *p, size_t n)
{
	buf_add(&((struct got *)ctx)->text, p, n);
}

static void
on_reasoning(void *ctx, const char *p, size_t n)
{
	buf_add(&((struct got *)ctx)->reasoning, p, n);
}

/* The reference: choice index 0's content and finish_reason, by jv. */
static void
reference(jv v, struct buf *text, const char **finish)
{
	jv choices = json_get(v, "choices");
	int i, n;

	*finish = NULL;
	n = jv_get_kind(choices) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(choices)) : 0;
	for (i = 0; i < n; i++) {
		jv c = jv_array_get(jv_copy(choices), i);
		long long idx = 0;
		const char *s;

		if ((json_int(c, "index", &idx) == 0 && idx != 0) ||
		    jv_get_kind(c) != JV_KIND_OBJECT) {
			jv_free(c);
			continue;
		}
		jv content = json_get(c, "delta.content");
		if (jv_get_kind(content) == JV_KIND_STRING)
			buf_add(text, jv_string_value(content),
			    jv_string_length_bytes(jv_copy(content)));
		jv_free(content);
		if ((s = json_str(c, "finish_reason")))
			*finish = s;
		jv_free(c);
	}
	jv_free(choices);
}

/*
 * The finish_reason of the completion s assembled, decoded ("" for null);
 * two buffers in turn, so that two can be compared.
 */
static const char *
finish_of(const struct stream *s)
{
	static char out[2][STREAM_MAXFINISH * 3 + 1];
	static int k;
	struct jscan_val v;
	char *j, *o = out[k ^= 1];

	o[0] = '\0';
	j = stream_completion_json(s);
	if (jscan_get(j, strlen(j), "choices.0.finish_reason", &v) == 1 &&
	    v.kind == JSCAN_STRING)
		jscan_unescape(v.p, v.len, o, sizeof out[0]);
	free(j);
	return o;
}

static void
test_against_jv(void)
{
	size_t i, agree = 0, tested = 0;
	char err[128];

	for (i = 0; i < nchunk; i++) {
		struct stream *s;
		struct got g;
		const char *u;
		size_t ulen;
		struct buf want;
		const char *finish;
		jv v = json_parse(chunk[i], chunklen[i], err, sizeof err);

		if (!jv_is_valid(v)) {
			jv_free(v);
			continue;
		}
		tested++;
		buf_init(&g.text, 0);
		buf_init(&g.reasoning, 0);
		buf_init(&want, 0);
		s = stream_new(0, on_text, on_reasoning, &g);
		stream_data(s, chunk[i], chunklen[i]);
		u = stream_usage(s, &ulen);
		reference(v, &want, &finish);
		if (want.len == g.text.len && (want.len == 0 ||
		    memcmp(want.p, g.text.p, want.len) == 0) &&
		    (finish ? strcmp(finish, finish_of(s)) == 0 : 1) &&
		    (json_true(v, "usage") ? u && ulen > 0 : ulen == 0) &&
		    (json_true(v, "error") ? stream_error(s) != NULL :
		    stream_error(s) == NULL))
			agree++;
		else
			printf("# disagree on chunk %zu: %.120s\n", i, chunk[i]);
		stream_free(s);
		buf_free(&g.text);
		buf_free(&g.reasoning);
		buf_free(&want);
		jv_free(v);
	}
	ok(tested > 300, "%zu recorded chunks", tested);
	is_int(agree, tested, "text, finish_reason, usage and error agree "
	    "with jv on every one");
}

/* Is doc one valid JSON object, by jscan's generic scanner? */
static int
oracle(const char *doc, size_t len)
{
	struct jscan_val v;
	const char *root = "";

	return jscan_getnf(doc, len, &root, 1, &v, NULL, JSCAN_RAW_UTF8) == 1 &&
	    v.kind == JSCAN_OBJECT;
}

static void
test_fuzz(void)
{
	static const char alphabet[] = "{}[]\",:\\ 0123456789.eE+-tfnulr"
	    "abcx\x01\x7f\xc3\xa9\xff";
	unsigned long seed = 20261125;
	size_t iter, agree = 0, rejected = 0;
	char *doc;

	if (nchunk == 0)
		return;
	for (iter = 0; iter < 30000; iter++) {
		size_t k = (seed = seed * 6364136223846793005UL + 1) >> 33;
		size_t i = k % nchunk, len = chunklen[i], m, pos;
		struct stream *s;
		const struct or_error *e;
		int bad;

		doc = xmalloc(len + 4);
		memcpy(doc, chunk[i], len);
		for (m = 0; m < 1 + (k >> 20) % 3; m++) {
			seed = seed * 6364136223846793005UL + 1;
			pos = (seed >> 33) % (len + 1);
			switch ((seed >> 13) % 3) {
			case 0:	/* replace */
				if (pos < len)
					doc[pos] = alphabet[(seed >> 40) %
					    (sizeof alphabet - 1)];
				break;
			case 1:	/* delete */
				if (pos < len) {
					memmove(doc + pos, doc + pos + 1,
					    len - pos - 1);
					len--;
				}
				break;
			default:	/* insert */
				memmove(doc + pos + 1, doc + pos, len - pos);
				doc[pos] = alphabet[(seed >> 40) %
				    (sizeof alphabet - 1)];
				len++;
			}
		}
		s = stream_new(0, NULL, NULL, NULL);
		stream_data(s, doc, len);
		/* An error chunk fails too, but for its own reason. */
		e = stream_error(s);
		bad = e != NULL && e->exit == 76;
		if (bad == !oracle(doc, len))
			agree++;
		else
			printf("# fuzz disagrees: %.*s\n", (int)len, doc);
		rejected += bad;
		stream_free(s);
		free(doc);
	}
	is_int(agree, 30000, "30000 mutated chunks: accepted and rejected "
	    "exactly as jscan's generic scanner does (%zu rejected)",
	    rejected);
}

/* One chunk into a new stream: its text in g; the stream to free. */
static struct stream *
one(const char *data, struct got *g, int *r)
{
	struct stream *s;

	buf_init(&g->text, 0);
	buf_init(&g->reasoning, 0);
	s = stream_new(0, on_text, on_reasoning, g);
	*r = stream_data(s, data, strlen(data));
	return s;
}

static void
got_free(struct got *g)
{
	buf_free(&g->text);
	buf_free(&g->reasoning);
}

/* An error object in a stream is an error, whatever its code says. */
static void
test_error_codes(void)
{
	static const char *const codes[] = { "200", "\"200\"", "100", "204",
	    "302", "\"ok\"", "null" };
	char c[256];
	struct stream *s;
	struct or_error e;
	struct got g;
	size_t i;
	int r;

	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		snprintf(c, sizeof c, "{\"error\":{\"code\":%s,\"message\":"
		    "\"x\"}}", codes[i]);
		s = one(c, &g, &r);
		is_int(r, 75, "an error chunk with code %s: 75 (as 502)",
		    codes[i]);
		r = stream_end(s, 0, &e);
		ok(r == 75 && e.status >= 500 && e.status < 600,
		    "and the stream ends with it (status %ld)", e.status);
		ok(stream_data(s, "{\"choices\":[{\"delta\":{\"content\":"
		    "\"more\"}}]}", 38) == 75 && g.text.len == 0,
		    "no more text is taken after it");
		stream_free(s);
		got_free(&g);
	}
	s = one("{\"error\":{\"code\":429,\"message\":\"x\"}}", &g, &r);
	is_int(r, 75, "an error chunk with code 429 keeps its mapping");
	stream_free(s);
	got_free(&g);
	s = one("{\"error\":{\"code\":400,\"message\":\"x\"}}", &g, &r);
	is_int(r, 65, "and 400 too");
	stream_free(s);
	got_free(&g);
}

/* A key given twice: the last one wins, as in jq. */
static void
test_dup_keys(void)
{
	struct stream *s;
	struct got g;
	size_t n;
	int r;

	s = one("{\"choices\":[{\"delta\":{\"content\":\"A\"}}],"
	    "\"choices\":[{\"delta\":{\"content\":\"B\"}}]}", &g, &r);
	ok(r == 0 && g.text.len == 1 && g.text.p[0] == 'B',
	    "choices twice: the last one's text only");
	stream_free(s);
	got_free(&g);
	s = one("{\"choices\":[{\"delta\":{\"content\":\"A\"},"
	    "\"delta\":{\"reasoning\":\"R\"}}]}", &g, &r);
	ok(r == 0 && g.text.len == 0 && g.reasoning.len == 1,
	    "delta twice: the last one only");
	stream_free(s);
	got_free(&g);
	s = one("{\"choices\":[{\"delta\":{\"content\":\"A\"},"
	    "\"delta\":null}]}", &g, &r);
	ok(r == 0 && g.text.len == 0, "delta then null: no text");
	stream_free(s);
	got_free(&g);
	s = one("{\"choices\":[{\"index\":0,\"index\":1,\"delta\":"
	    "{\"content\":\"A\"}}]}", &g, &r);
	ok(r == 0 && g.text.len == 0, "index 0 then 1: choice 1, not shown");
	stream_free(s);
	got_free(&g);
	s = one("{\"id\":\"a\",\"id\":\"b\",\"model\":\"m1\","
	    "\"model\":\"m2\",\"created\":1,\"created\":2,"
	    "\"usage\":{\"total_tokens\":1},\"usage\":{\"total_tokens\":"
	    "2},\"error\":{\"code\":400},\"error\":null}", &g, &r);
	ok(r == 0 && strcmp(stream_id(s), "b") == 0 &&
	    strcmp(stream_model(s), "m2") == 0 &&
	    strcmp(stream_usage(s, &n), "{\"total_tokens\":2}") == 0,
	    "id, model, usage twice: the last; error then null: no error");
	stream_free(s);
	got_free(&g);
}

/* Tool calls: constant-time look-up, a bound, no index at all. */
static void
test_tools(void)
{
	struct stream *s;
	struct got g;
	char c[256];
	clock_t t0;
	long i;
	int r = 0;

	s = one("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":"
	    "\"c1\",\"function\":{\"name\":\"f\",\"arguments\":"
	    "\"{}\"}}]}}]}", &g, &r);
	ok(r == 0 && stream_ntools(s) == 1, "a tool call without index");
	stream_free(s);
	got_free(&g);

	t0 = clock();
	s = stream_new(0, NULL, NULL, NULL);
	for (i = 0; i < STREAM_MAXTOOLS && r == 0; i++) {
		snprintf(c, sizeof c, "{\"choices\":[{\"delta\":"
		    "{\"tool_calls\":[{\"index\":%ld,\"id\":\"c\"}]}}]}",
		    i * 7919 - 500000);
		r = stream_data(s, c, strlen(c));
	}
	for (i = 0; i < 100000 && r == 0; i++) {
		snprintf(c, sizeof c, "{\"choices\":[{\"delta\":"
		    "{\"tool_calls\":[{\"index\":%ld,\"function\":"
		    "{\"arguments\":\"x\"}}]}}]}",
		    (i % STREAM_MAXTOOLS) * 7919 - 500000);
		r = stream_data(s, c, strlen(c));
	}
	ok(r == 0 && stream_ntools(s) == STREAM_MAXTOOLS,
	    "%d tool calls, 100,000 argument pieces among them",
	    STREAM_MAXTOOLS);
	snprintf(c, sizeof c, "{\"choices\":[{\"delta\":{\"tool_calls\":"
	    "[{\"index\":99999999}]}}]}");
	r = stream_data(s, c, strlen(c));
	ok(r == 76 && strstr(stream_error(s)->msg, "tool calls") != NULL,
	    "one more: 76, %s", r ? stream_error(s)->msg : "accepted");
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0,
	    "in well under the time a linear search takes");
	stream_free(s);

	/* 100,000 distinct indexes in one chunk: refused quickly. */
	{
		struct buf b;

		buf_init(&b, 0);
		buf_adds(&b, "{\"choices\":[{\"delta\":{\"tool_calls\":[");
		for (i = 0; i < 100000; i++) {
			snprintf(c, sizeof c, "%s{\"index\":%ld}", i ? "," :
			    "", i);
			buf_add(&b, c, strlen(c));
		}
		buf_add(&b, "]}}]}", 5);
		t0 = clock();
		s = stream_new(0, NULL, NULL, NULL);
		r = stream_data(s, b.p, b.len);
		ok(r == 76 && stream_ntools(s) == STREAM_MAXTOOLS &&
		    (double)(clock() - t0) / CLOCKS_PER_SEC < 2.0,
		    "100,000 distinct indexes in a chunk: 76, at once");
		stream_free(s);
		buf_free(&b);
	}
}

/* finish_reason: whole, or cut between two characters. */
static void
test_finish(void)
{
	struct stream *s;
	struct got g;
	char c[1024], want[512];
	size_t n;
	int r;

	/* 40 bytes with a 2-byte character at bytes 30-31. */
	snprintf(want, sizeof want, "%s\xc3\xa9%s", "a123456789b123456789"
	    "c123456789", "d1234567");
	snprintf(c, sizeof c, "{\"choices\":[{\"finish_reason\":\"%s\"}]}",
	    want);
	s = one(c, &g, &r);
	ok(r == 0 && strcmp(finish_of(s), want) == 0,
	    "a 40-byte finish_reason is kept whole: %s", finish_of(s));
	stream_free(s);
	got_free(&g);
	/* 300 bytes of e-acute: cut at STREAM_MAXFINISH, whole characters. */
	for (n = 0; n < 300; n += 2)
		memcpy(want + n, "\xc3\xa9", 2);
	want[300] = '\0';
	snprintf(c, sizeof c, "{\"choices\":[{\"finish_reason\":\"%s\"}]}",
	    want);
	s = one(c, &g, &r);
	n = strlen(finish_of(s));
	ok(r == 0 && n == 254 && memcmp(finish_of(s), want, n) == 0,
	    "a 300-byte one is cut at a character boundary (%zu bytes)", n);
	stream_free(s);
	got_free(&g);
}

/*
 * The memo (issue 14) against the full decoder: a stream decoded both
 * ways gives the same outcome, text, reasoning, events, finish, usage,
 * tool calls and completion.
 */
struct run {
	struct got	 g;
	struct stream	*s;
	int		 r;
	char		*tools, *compl;
};

static void
run_stream(struct run *x, unsigned flags, char *const *ev,
    const size_t *len, size_t n)
{
	struct or_error e;
	size_t i;

	buf_init(&x->g.text, 0);
	buf_init(&x->g.reasoning, 0);
	x->s = stream_new(STREAM_KEEP | flags, on_text, on_reasoning, &x->g);
	for (i = 0, x->r = 0; i < n && x->r == 0; i++)
		x->r = stream_data(x->s, ev[i], len[i]);
	x->r = x->r * 1000 + stream_end(x->s, 0, &e);
	x->tools = stream_tools_json(x->s);
	x->compl = stream_completion_json(x->s);
}

static int
same_buf(const char *a, size_t na, const char *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

static int
same_runs(const struct run *a, const struct run *b)
{
	const char *p, *q;
	size_t np, nq;
	const struct or_error *ea, *eb;

	if (a->r != b->r || stream_events(a->s) != stream_events(b->s) ||
	    strcmp(finish_of(a->s), finish_of(b->s)) != 0 ||
	    strcmp(a->tools, b->tools) != 0 || strcmp(a->compl, b->compl) ||
	    !same_buf(a->g.text.p, a->g.text.len, b->g.text.p,
	    b->g.text.len) || !same_buf(a->g.reasoning.p,
	    a->g.reasoning.len, b->g.reasoning.p, b->g.reasoning.len))
		return 0;
	p = stream_text(a->s, &np);
	q = stream_text(b->s, &nq);
	if (!same_buf(p, np, q, nq) || !same_buf(p, np, a->g.text.p,
	    a->g.text.len))
		return 0;
	p = stream_usage(a->s, &np);
	q = stream_usage(b->s, &nq);
	if ((p == NULL) != (q == NULL) || !same_buf(p, np, q, nq))
		return 0;
	ea = stream_error(a->s);
	eb = stream_error(b->s);
	return (ea == NULL) == (eb == NULL) && (ea == NULL ||
	    strcmp(ea->msg, eb->msg) == 0);
}

static void
run_free(struct run *x)
{
	stream_free(x->s);
	got_free(&x->g);
	free(x->tools);
	free(x->compl);
}

/* Decoded with the memo and without it: 1 if alike. */
static int
memo_alike(char *const *ev, const size_t *len, size_t n)
{
	struct run a, b;
	int same;

	run_stream(&a, 0, ev, len, n);
	run_stream(&b, STREAM_NOMEMO, ev, len, n);
	same = same_runs(&a, &b);
	run_free(&a);
	run_free(&b);
	return same;
}

/* The events of one recorded stream, [DONE] included. */
struct evs {
	char	**ev;
	size_t	 *len, n;
};

static int
collect_all(void *ctx, const struct sse_event *ev)
{
	struct evs *in = ctx;

	in->ev = xrealloc(in->ev, (in->n + 1) * sizeof *in->ev);
	in->len = xrealloc(in->len, (in->n + 1) * sizeof *in->len);
	in->ev[in->n] = xstrndup(ev->data, ev->datalen);
	in->len[in->n++] = ev->datalen;
	return 0;
}

/* How many recorded streams were decoded, and how many alike. */
struct memo_count {
	size_t	 files, alike;
};

static void
memo_file(const char *path, void *ctx)
{
	struct memo_count *m = ctx;
	struct evs in;
	struct buf b;
	struct sse *p;
	size_t i;

	buf_init(&b, 0);
	memset(&in, 0, sizeof in);
	if (read_file(path, &b) == 0 && (p = sse_new(0))) {
		sse_feed(p, b.p, b.len, collect_all, &in);
		sse_free(p);
		m->files++;
		if (memo_alike(in.ev, in.len, in.n))
			m->alike++;
		else
			printf("# memo and full decoder differ on %s\n", path);
	}
	for (i = 0; i < in.n; i++)
		free(in.ev[i]);
	free(in.ev);
	free(in.len);
	buf_free(&b);
}

/* A synthetic stream: NULL-terminated chunks. */
static int
memo_synth(const char *const *chunks)
{
	char *ev[64];
	size_t len[64], n;

	for (n = 0; chunks[n] && n < 64; n++) {
		ev[n] = (char *)chunks[n];
		len[n] = strlen(chunks[n]);
	}
	return memo_alike(ev, len, n);
}

#define META	"\"id\":\"gen-1\",\"provider\":\"P\",\"model\":\"m\"," \
		"\"created\":17,"
#define C(text)	"{" META "\"choices\":[{\"index\":0,\"delta\":" \
		"{\"content\":\"" text "\"},\"finish_reason\":null}]}"

static void
test_memo(void)
{
	static const char *const plain[] = { C(""), C("Hel"), C("lo"),
	    C("\\n\\u00e9\\\"q\\\\"), C("\xc3\xa9"), C("\xff\xfe bad"),
	    C(""), C("tok"), "{" META "\"choices\":[{\"index\":0,\"delta\":"
	    "{\"content\":\"\"},\"finish_reason\":\"stop\"}]}", C("after"),
	    "{" META "\"choices\":[],\"usage\":{\"total_tokens\":9}}",
	    C("late"), "[DONE]", NULL };
	static const char *const prefixes[] = { C("a"), C("b"),
	    "{\"id\":\"gen-2\",\"provider\":\"P\",\"model\":\"m\","
	    "\"created\":17,\"choices\":[{\"index\":0,\"delta\":"
	    "{\"content\":\"c\"},\"finish_reason\":null}]}",
	    "{" META " \"choices\":[{\"index\":0,\"delta\":"
	    "{\"content\":\"d\"},\"finish_reason\":null}]}",
	    "{" META "\"choices\":[{\"index\":1,\"delta\":"
	    "{\"content\":\"e\"},\"finish_reason\":null}]}",
	    "{" META "\"choices\":[{\"index\":1,\"delta\":"
	    "{\"content\":\"f\"},\"finish_reason\":null}]}",
	    C("g"), "{" META "\"choices\":[{\"index\":0,\"delta\":"
	    "{\"content\":null},\"finish_reason\":null}]}", C("h"),
	    "{" META "\"choices\":[{\"index\":0,\"delta\":"
	    "{\"content\":7},\"finish_reason\":null}]}", C("i"),
	    "{" META "\"choices\":[{\"index\":0,\"delta\":"
	    "{\"content\":\"j\",\"content\":\"k\"},\"finish_reason\":null}]}",
	    C("l"), C("m\",\"content\":\"n"), C("o"),
	    "{" META "\"choices\":[{\"index\":0,\"delta\":{\"content\":"
	    "\"p\",\"reasoning\":\"R\"},\"finish_reason\":null}]}", C("q"),
	    "{" META "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
	    "[{\"index\":0,\"id\":\"t\",\"function\":{\"name\":\"f\","
	    "\"arguments\":\"{\"}}]},\"finish_reason\":null}]}", C("r"),
	    "{" META "\"choices\":[{\"index\":0,\"delta\":{\"content\":"
	    "\"s\"},\"finish_reason\":null},{\"index\":1,\"delta\":"
	    "{\"content\":\"S\"}}]}", C("t"), "[DONE]", NULL };
	static const char *const dups[] = {
	    "{" META "\"choices\":[{\"delta\":{\"content\":\"A\"}}],"
	    "\"choices\":[{\"delta\":{\"content\":\"B\"}}]}",
	    "{" META "\"choices\":[{\"delta\":{\"content\":\"A\"}}],"
	    "\"choices\":[{\"delta\":{\"content\":\"C\"}}]}",
	    "{" META "\"choices\":[{\"delta\":{\"content\":\"A\"},"
	    "\"delta\":{\"content\":\"D\"}}]}",
	    "{" META "\"choices\":[{\"delta\":{\"content\":\"A\"},"
	    "\"delta\":{\"content\":\"E\"}}]}",
	    "{" META "\"choices\":[{\"index\":0,\"index\":1,\"delta\":"
	    "{\"content\":\"F\"}}]}",
	    "{" META "\"choices\":[{\"index\":0,\"index\":1,\"delta\":"
	    "{\"content\":\"G\"}}]}",
	    "{" META "\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":"
	    "\"H\"}}]}", "{" META "\"id\":\"x\",\"choices\":[{\"delta\":"
	    "{\"content\":\"I\"}}]}", "[DONE]", NULL };
	static const char *const nometa[] = {
	    "{\"id\":\"g\",\"choices\":[{\"delta\":{\"content\":\"a\"}}]}",
	    "{\"id\":\"g\",\"choices\":[{\"delta\":{\"content\":\"b\"}}]}",
	    "{\"id\":\"g\",\"model\":\"m\",\"choices\":[{\"delta\":"
	    "{\"content\":\"c\"}}]}", "[DONE]", NULL };
	static const char *const bad[][5] = {
	    { C("a"), C("a2"), C("b\\q"), C("c"), NULL },
	    { C("a"), C("a2"), C("b\x01"), C("c"), NULL },
	    { C("a"), C("a2"), C("b\\u12"), C("c"), NULL },
	    { C("a"), C("a2"), C("b\\"), C("c"), NULL },
	    { C("a"), C("a2"), "{" META "\"choices\":[{\"index\":0,"
	      "\"delta\":{\"content\":\"b}]}", C("c"), NULL },
	    { C("a"), C("a2"), C("b\" \""), C("c"), NULL },
	    { C("a"), C("a2"), "{" META "\"error\":{\"code\":500,"
	      "\"message\":\"x\"},\"choices\":[{\"index\":0,\"delta\":"
	      "{\"content\":\"b\"},\"finish_reason\":null}]}", C("c"),
	      NULL } };
	struct memo_count m = { 0, 0 };
	size_t i;

	each_file("tests/fixtures/stream", ".sse", NULL, memo_file, &m);
	each_file("tests/conformance/chat", "", "stream.sse", memo_file, &m);
	each_file("tests/conformance/sse", ".sse", NULL, memo_file, &m);
	ok(m.files > 10 && m.alike == m.files, "memo and full decoder agree "
	    "on %zu of %zu recorded streams", m.alike, m.files);
	ok(memo_synth(plain), "and on escapes, bad UTF-8, a finish chunk, "
	    "usage");
	ok(memo_synth(prefixes), "on changing prefixes, other choices, "
	    "non-strings, tool calls, reasoning");
	ok(memo_synth(dups), "on keys given twice");
	ok(memo_synth(nometa), "while the meta is incomplete");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(memo_synth(bad[i]), "on a bad content string %zu", i);
}

int
main(void)
{
	size_t i;

	each_file("tests/fixtures/stream", ".sse", NULL, load, NULL);
	each_file("tests/conformance/chat", "", "stream.sse", load, NULL);
	test_against_jv();
	test_fuzz();
	test_error_codes();
	test_dup_keys();
	test_tools();
	test_finish();
	test_memo();
	for (i = 0; i < nchunk; i++)
		free(chunk[i]);
	free(chunk);
	free(chunklen);
	return tap_done();
}
