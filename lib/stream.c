/*
 * stream: chat-completion chunks to text, tool calls, usage and outcome.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jscan.h"
#include "jw.h"
#include "stream.h"
#include "util.h"

struct stream_tool {
	long long	 index;
	struct buf	 id, type, name, args;
};

struct stream {
	unsigned	 flags;
	stream_text_cb	 on_text;
	stream_text_cb	 on_reasoning;
	void		*ctx;

	struct buf	 text;		/* with STREAM_KEEP */
	struct buf	 reasoning;	/* with STREAM_KEEP */
	char		 finish[32];	/* last non-null finish_reason */
	struct buf	 usage;		/* raw JSON of the last usage object */
	struct buf	 id, model, provider, created;
	struct stream_tool *tools;
	size_t		 ntools;
	size_t		 events;	/* data events decoded */
	int		 done;		/* [DONE] seen */
	int		 failed;	/* err holds why */
	struct or_error	 err;
	struct buf	 scratch;	/* decoding escapes */
};

struct stream *
stream_new(unsigned flags, stream_text_cb on_text,
    stream_text_cb on_reasoning, void *ctx)
{
	struct stream *s = xmalloc(sizeof *s);

	memset(s, 0, sizeof *s);
	s->flags = flags;
	s->on_text = on_text;
	s->on_reasoning = on_reasoning;
	s->ctx = ctx;
	buf_init(&s->text, 0);
	buf_init(&s->reasoning, 0);
	buf_init(&s->usage, 0);
	buf_init(&s->id, 0);
	buf_init(&s->model, 0);
	buf_init(&s->provider, 0);
	buf_init(&s->created, 0);
	buf_init(&s->scratch, 0);
	return s;
}

void
stream_free(struct stream *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntools; i++) {
		buf_free(&s->tools[i].id);
		buf_free(&s->tools[i].type);
		buf_free(&s->tools[i].name);
		buf_free(&s->tools[i].args);
	}
	free(s->tools);
	buf_free(&s->text);
	buf_free(&s->reasoning);
	buf_free(&s->usage);
	buf_free(&s->id);
	buf_free(&s->model);
	buf_free(&s->provider);
	buf_free(&s->created);
	buf_free(&s->scratch);
	free(s);
}

/*
 * The decoded text of a raw string token, in s->scratch unless it has no
 * escapes, in which case it is used where it lies.
 */
static const char *
text_of(struct stream *s, const struct jscan_val *v, size_t *n)
{
	size_t need;

	if (memchr(v->p, '\\', v->len) == NULL) {
		*n = v->len - 2;
		return v->p + 1;
	}
	need = jscan_unescape(v->p, v->len, NULL, 0);
	if (s->scratch.size < need + 1) {
		s->scratch.p = xrealloc(s->scratch.p, need + 1);
		s->scratch.size = need + 1;
	}
	*n = jscan_unescape(v->p, v->len, s->scratch.p, need + 1);
	return s->scratch.p;
}

/* Keep a string field the first time it is seen. */
static void
keep_first(struct stream *s, struct buf *b, const struct jscan_val *v)
{
	const char *p;
	size_t n;

	if (b->len == 0 && v->kind == JSCAN_STRING) {
		p = text_of(s, v, &n);
		buf_add(b, p, n);
	} else if (b->len == 0 && v->kind == JSCAN_NUMBER)
		buf_add(b, v->p, v->len);
}

static struct stream_tool *
tool_at(struct stream *s, long long index)
{
	struct stream_tool *t;
	size_t i;

	for (i = 0; i < s->ntools; i++)
		if (s->tools[i].index == index)
			return &s->tools[i];
	s->tools = xrealloc(s->tools, (s->ntools + 1) * sizeof *s->tools);
	t = &s->tools[s->ntools++];
	t->index = index;
	buf_init(&t->id, 0);
	buf_init(&t->type, 0);
	buf_init(&t->name, 0);
	buf_init(&t->args, 0);
	return t;
}

static long long
int_of(const struct jscan_val *v, long long dflt)
{
	long long n;

	return jscan_llong(v, -LLONG_MAX, LLONG_MAX, &n) == 0 ? n : dflt;
}

/* delta.tool_calls: id and type once, name and arguments concatenated. */
static void
tool_deltas(struct stream *s, const struct jscan_val *calls)
{
	static const char *const paths[] = { "index", "id", "type",
	    "function.name", "function.arguments" };
	struct jscan_val c, v[5];
	struct stream_tool *t;
	const char *p;
	size_t pos = 0, n;

	while (jscan_iter(calls->p, calls->len, &pos, NULL, &c) == 1) {
		if (c.kind != JSCAN_OBJECT)
			continue;
		jscan_getnf(c.p, c.len, paths, 5, v, NULL, JSCAN_RAW_UTF8);
		t = tool_at(s, int_of(&v[0], (long long)s->ntools));
		if (v[1].kind == JSCAN_STRING && t->id.len == 0) {
			p = text_of(s, &v[1], &n);
			buf_add(&t->id, p, n);
		}
		if (v[2].kind == JSCAN_STRING && t->type.len == 0) {
			p = text_of(s, &v[2], &n);
			buf_add(&t->type, p, n);
		}
		if (v[3].kind == JSCAN_STRING) {
			p = text_of(s, &v[3], &n);
			buf_add(&t->name, p, n);
		}
		if (v[4].kind == JSCAN_STRING) {
			p = text_of(s, &v[4], &n);
			buf_add(&t->args, p, n);
		}
	}
}

/* Reasoning text from reasoning_details, when delta.reasoning is absent. */
static void
reasoning_details(struct stream *s, const struct jscan_val *d)
{
	struct jscan_val e, v;
	const char *p;
	size_t pos = 0, n;

	static const char *const paths[] = { "text", "summary" };
	struct jscan_val tv[2];

	while (jscan_iter(d->p, d->len, &pos, NULL, &e) == 1) {
		if (e.kind != JSCAN_OBJECT || jscan_getnf(e.p, e.len, paths, 2,
		    tv, NULL, JSCAN_RAW_UTF8) < 1)
			continue;
		v = tv[0].kind == JSCAN_STRING ? tv[0] : tv[1];
		if (v.kind != JSCAN_STRING)
			continue;
		p = text_of(s, &v, &n);
		if (n && s->on_reasoning)
			s->on_reasoning(s->ctx, p, n);
		if (n && (s->flags & STREAM_KEEP))
			buf_add(&s->reasoning, p, n);
	}
}

/*
 * The chunk parser: jscan's cursor, with every value it steps over
 * validated; one pass, no path machinery, and only the fields below are
 * looked at.
 */
/* Is the raw key token k the name s? */
static int
is_key(const struct jscan_val *k, const char *s, size_t n)
{
	if (k->len == n + 2)
		return memcmp(k->p + 1, s, n) == 0;
	/* An escaped key is longer than its name; rare, but the same key. */
	return k->len > n + 2 && memchr(k->p, '\\', k->len) &&
	    jscan_streq(k, s);
}
#define KEY(k, lit) is_key(k, lit, sizeof lit - 1)

/* What a choice carries, gathered before its index is known. */
struct choice {
	struct jscan_val index, content, reasoning, details, tools, finish;
};

static int
delta(struct jscan_cur *c, struct choice *ch)
{
	struct jscan_val k, v;
	int n = 0, r;

	while ((r = jscan_member(c, &n, &k)) == 1) {
		if (jscan_next(c, &v) != 0)
			return -1;
		if (KEY(&k, "content"))
			ch->content = v;
		else if (KEY(&k, "reasoning"))
			ch->reasoning = v;
		else if (KEY(&k, "tool_calls"))
			ch->tools = v;
		else if (KEY(&k, "reasoning_details"))
			ch->details = v;
	}
	return r;
}

/* One element of choices; only index 0 is the reply. */
static int
choice(struct stream *s, struct jscan_cur *c)
{
	struct choice ch;
	struct jscan_val k, v;
	const char *p;
	size_t n;
	int m = 0, r;

	memset(&ch, 0, sizeof ch);
	while ((r = jscan_member(c, &m, &k)) == 1) {
		if (KEY(&k, "delta") && jscan_peek(c) == '{') {
			if (delta(c, &ch) != 0)
				return -1;
			continue;
		}
		if (jscan_next(c, &v) != 0)
			return -1;
		if (KEY(&k, "index"))
			ch.index = v;
		else if (KEY(&k, "finish_reason"))
			ch.finish = v;
	}
	if (r != 0)
		return -1;
	/* A choice without an index is the first and only one. */
	if (ch.index.kind != JSCAN_NONE && int_of(&ch.index, -1) != 0)
		return 0;
	if (ch.content.kind == JSCAN_STRING && ch.content.len > 2) {
		p = text_of(s, &ch.content, &n);
		if (s->on_text)
			s->on_text(s->ctx, p, n);
		if (s->flags & STREAM_KEEP)
			buf_add(&s->text, p, n);
	}
	if (ch.reasoning.kind == JSCAN_STRING && ch.reasoning.len > 2) {
		p = text_of(s, &ch.reasoning, &n);
		if (s->on_reasoning)
			s->on_reasoning(s->ctx, p, n);
		if (s->flags & STREAM_KEEP)
			buf_add(&s->reasoning, p, n);
	} else if (ch.details.kind == JSCAN_ARRAY)
		reasoning_details(s, &ch.details);
	if (ch.tools.kind == JSCAN_ARRAY)
		tool_deltas(s, &ch.tools);
	if (ch.finish.kind == JSCAN_STRING) {
		p = text_of(s, &ch.finish, &n);
		if (n >= sizeof s->finish)
			n = sizeof s->finish - 1;
		memcpy(s->finish, p, n);
		s->finish[n] = '\0';
	}
	return 0;
}

/* The chunk object; returns 0, or -1 with c->err saying why. */
static int
chunk(struct stream *s, struct jscan_cur *c, struct jscan_val *error)
{
	struct jscan_val k, v;
	int n = 0, e, r;

	while ((r = jscan_member(c, &n, &k)) == 1) {
		if (KEY(&k, "choices") && jscan_peek(c) == '[') {
			e = 0;
			while ((r = jscan_element(c, &e)) == 1) {
				if (jscan_peek(c) == '{') {
					if (choice(s, c) != 0)
						return -1;
				} else if (jscan_next(c, &v) != 0)
					return -1;
			}
			if (r != 0)
				return -1;
			continue;
		}
		if (jscan_next(c, &v) != 0)
			return -1;
		if (KEY(&k, "usage") && v.kind == JSCAN_OBJECT) {
			buf_reset(&s->usage);
			buf_add(&s->usage, v.p, v.len);
		} else if (KEY(&k, "error") && v.kind == JSCAN_OBJECT)
			*error = v;
		else if (s->id.len == 0 || s->model.len == 0) {
			if (KEY(&k, "id"))
				keep_first(s, &s->id, &v);
			else if (KEY(&k, "model"))
				keep_first(s, &s->model, &v);
			else if (KEY(&k, "provider"))
				keep_first(s, &s->provider, &v);
			else if (KEY(&k, "created"))
				keep_first(s, &s->created, &v);
		}
	}
	if (r != 0)
		return -1;
	return jscan_end(c);
}

int
stream_data(struct stream *s, const char *data, size_t len)
{
	struct jscan_val error = { JSCAN_NONE, NULL, 0 };
	struct jscan_cur c;

	if (s->failed)
		return s->err.exit;
	if (len == 6 && memcmp(data, "[DONE]", 6) == 0) {
		s->done = 1;
		return 0;
	}
	s->events++;
	jscan_open(&c, data, len, JSCAN_RAW_UTF8);
	if (chunk(s, &c, &error) != 0) {
		s->failed = 1;
		error_set(&s->err, EX_PROTOCOL_, "malformed chunk %zu in the "
		    "stream: column %d: %s", s->events, c.err.col,
		    c.err.what ? c.err.what : "not JSON");
		return s->err.exit;
	}
	if (error.kind == JSCAN_OBJECT) {
		char tmp[sizeof s->err.msg];

		s->failed = 1;
		if (!error_from_body(200, data, len, time(NULL), &s->err))
			error_set(&s->err, EX_TEMPFAIL_, "error in the stream");
		memcpy(tmp, s->err.msg, sizeof tmp);
		snprintf(s->err.msg, sizeof s->err.msg, "in the stream: %.990s",
		    tmp);
		return s->err.exit;
	}
	return 0;
}

int
stream_end(struct stream *s, int pending, struct or_error *e)
{
	if (s->failed) {
		*e = s->err;
		return e->exit;
	}
	if (!s->done || pending)
		return error_set(e, EX_PROTOCOL_, "the stream was cut off %s",
		    s->events ? "before its end" : "before any data");
	return 0;
}

char *
stream_tools_json(const struct stream *s)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_adds(&b, "[");
	for (i = 0; i < s->ntools; i++) {
		const struct stream_tool *t = &s->tools[i];

		buf_adds(&b, i ? ",{\"id\":" : "{\"id\":");
		jw_quote(&b, t->id.p ? t->id.p : "", t->id.len);
		buf_adds(&b, ",\"name\":");
		jw_quote(&b, t->name.p ? t->name.p : "", t->name.len);
		buf_adds(&b, ",\"arguments\":");
		jw_quote(&b, t->args.p ? t->args.p : "", t->args.len);
		buf_adds(&b, "}");
	}
	buf_adds(&b, "]");
	return buf_take(&b);
}

static void
add_field(struct buf *b, const char *name, const struct buf *v)
{
	buf_adds(b, ",\"");
	buf_adds(b, name);
	buf_adds(b, "\":");
	jw_quote(b, v->p ? v->p : "", v->len);
}

char *
stream_completion_json(const struct stream *s)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	buf_adds(&b, "{\"id\":");
	jw_quote(&b, s->id.p ? s->id.p : "", s->id.len);
	buf_adds(&b, ",\"object\":\"chat.completion\"");
	if (s->created.len) {
		buf_adds(&b, ",\"created\":");
		buf_add(&b, s->created.p, s->created.len);
	}
	add_field(&b, "model", &s->model);
	if (s->provider.len)
		add_field(&b, "provider", &s->provider);
	buf_adds(&b, ",\"choices\":[{\"index\":0,\"message\":{\"role\":"
	    "\"assistant\"");
	add_field(&b, "content", &s->text);
	if (s->reasoning.len)
		add_field(&b, "reasoning", &s->reasoning);
	if (s->ntools) {
		buf_adds(&b, ",\"tool_calls\":[");
		for (i = 0; i < s->ntools; i++) {
			const struct stream_tool *t = &s->tools[i];
			char num[32];

			snprintf(num, sizeof num, "%s{\"index\":%lld",
			    i ? "," : "", t->index);
			buf_adds(&b, num);
			add_field(&b, "id", &t->id);
			buf_adds(&b, ",\"type\":");
			if (t->type.len)
				jw_quote(&b, t->type.p, t->type.len);
			else
				buf_adds(&b, "\"function\"");
			buf_adds(&b, ",\"function\":{\"name\":");
			jw_quote(&b, t->name.p ? t->name.p : "", t->name.len);
			add_field(&b, "arguments", &t->args);
			buf_adds(&b, "}}");
		}
		buf_adds(&b, "]");
	}
	buf_adds(&b, "},\"finish_reason\":");
	if (s->finish[0])
		jw_quote(&b, s->finish, strlen(s->finish));
	else
		buf_adds(&b, "null");
	buf_adds(&b, "}]");
	if (s->usage.len) {
		buf_adds(&b, ",\"usage\":");
		buf_add(&b, s->usage.p, s->usage.len);
	}
	buf_adds(&b, "}");
	return buf_take(&b);
}

size_t
stream_events(const struct stream *s)
{
	return s->events;
}

size_t
stream_ntools(const struct stream *s)
{
	return s->ntools;
}

const char *
stream_finish(const struct stream *s)
{
	return s->finish;
}

const char *
stream_usage(const struct stream *s, size_t *n)
{
	*n = s->usage.len;
	return s->usage.len ? s->usage.p : NULL;
}

const struct or_error *
stream_error(const struct stream *s)
{
	return s->failed ? &s->err : NULL;
}
