/*
 * stream: chat-completion chunks (or one whole reply) to text, tool calls,
 * usage and outcome.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "jlex.h"
#include "jscan.h"
#include "jw.h"
#include "stream.h"
#include "util.h"

struct stream_tool {
	long long	 index;
	unsigned	 has;		/* TOOL_ID, TOOL_NAME: seen as strings */
	struct buf	 id, type, name, args;
};
#define TOOL_ID		1
#define TOOL_NAME	2

/*
 * Tool calls are found by index in an open-addressing hash table of
 * TOOL_SLOTS slots, twice STREAM_MAXTOOLS, so a look-up takes constant
 * time; a slot holds a call's position plus one, 0 when empty.
 */
#define TOOL_SLOTS	(2 * STREAM_MAXTOOLS)

struct stream {
	unsigned	 flags;
	stream_text_cb	 on_text;
	stream_text_cb	 on_reasoning;
	void		*ctx;

	struct buf	 text;		/* with STREAM_KEEP */
	struct buf	 reasoning;	/* with STREAM_KEEP */
	char		 finish[STREAM_MAXFINISH + 1]; /* last non-null one */
	struct buf	 usage;		/* raw JSON of the last usage object */
	struct buf	 id, model, provider;
	long long	 created;	/* when has_created */
	int		 has_created;
	int		 has_meta;	/* all four above */
	struct stream_msg msg;		/* with STREAM_MESSAGE */
	struct stream_tool *tools;
	size_t		 ntools, toolcap;
	unsigned	*slot;		/* TOOL_SLOTS, once a call came */
	size_t		 events;	/* data events decoded */
	int		 done;		/* [DONE] seen */
	int		 failed;	/* err holds why */
	struct or_error	 err;
	struct buf	 scratch;	/* decoding escapes */

	/*
	 * The memo (issue 14): the bytes before (pre) and after (suf) the
	 * content string of the last chunk decoded in full, when that
	 * chunk's only effect was its content text.  A chunk with the same
	 * bytes around one string token has the same effect with its own
	 * text, so only that string is checked.  The probe is what the full
	 * decoder of one chunk finds out about it.
	 */
	struct buf	 memo;		/* pre bytes, then suf bytes */
	size_t		 memo_pre, memo_suf;
	int		 memo_armed;
	struct {
		struct jscan_val content; /* choice 0's, when a string */
		int	 nchoice;	/* elements of the last choices */
		int	 other;		/* any effect but the content text */
	} probe;
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
	buf_init(&s->scratch, 0);
	buf_init(&s->memo, 0);
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
	free(s->slot);
	buf_free(&s->text);
	buf_free(&s->reasoning);
	buf_free(&s->usage);
	buf_free(&s->id);
	buf_free(&s->model);
	buf_free(&s->provider);
	buf_free(&s->scratch);
	buf_free(&s->memo);
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

/*
 * Keep a string field the first time it is seen; a chunk's number is kept
 * as its text (a whole reply's must be a string).
 */
static void
keep_first(struct stream *s, struct buf *b, const struct jscan_val *v)
{
	const char *p;
	size_t n;

	if (b->len == 0 && v->kind == JSCAN_STRING) {
		p = text_of(s, v, &n);
		buf_add(b, p, n);
	} else if (b->len == 0 && v->kind == JSCAN_NUMBER &&
	    !(s->flags & STREAM_MESSAGE))
		buf_add(b, v->p, v->len);
}

/*
 * The tool call with this index, a new one if none has it yet; NULL (and
 * the stream failed) past STREAM_MAXTOOLS calls.
 */
static struct stream_tool *
tool_at(struct stream *s, long long index)
{
	struct stream_tool *t;
	unsigned long long h;
	size_t i;

	if (s->slot == NULL)
		s->slot = xcalloc(TOOL_SLOTS, sizeof *s->slot);
	/* Fibonacci hashing: consecutive indexes spread over the table. */
	h = (unsigned long long)index * 0x9e3779b97f4a7c15ULL;
	for (i = h >> 52 & (TOOL_SLOTS - 1); s->slot[i];
	    i = (i + 1) & (TOOL_SLOTS - 1))
		if (s->tools[s->slot[i] - 1].index == index)
			return &s->tools[s->slot[i] - 1];
	if (s->ntools == STREAM_MAXTOOLS) {
		s->failed = 1;
		error_set(&s->err, EX_PROTOCOL, "more than %d tool calls in "
		    "the stream", STREAM_MAXTOOLS);
		return NULL;
	}
	if (s->ntools == s->toolcap) {
		s->toolcap = s->toolcap ? 2 * s->toolcap : 4;
		s->tools = xrealloc(s->tools, s->toolcap * sizeof *s->tools);
	}
	s->slot[i] = (unsigned)s->ntools + 1;
	t = &s->tools[s->ntools++];
	t->index = index;
	t->has = 0;
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

/*
 * delta.tool_calls: id and type once, name and arguments concatenated; a
 * whole reply's message.tool_calls are whole calls, one each.
 */
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
		if ((t = tool_at(s, s->flags & STREAM_MESSAGE ? -1 -
		    (long long)s->ntools : int_of(&v[0],
		    (long long)s->ntools))) == NULL)
			return;
		t->has |= (v[1].kind == JSCAN_STRING ? TOOL_ID : 0) |
		    (v[3].kind == JSCAN_STRING ? TOOL_NAME : 0);
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

/* A piece of text or of reasoning: to the callback, and kept. */
static void
emit(struct stream *s, int reasoning, const char *p, size_t n)
{
	stream_text_cb cb = reasoning ? s->on_reasoning : s->on_text;

	if (n == 0)
		return;
	if (cb)
		cb(s->ctx, p, n);
	if (s->flags & STREAM_KEEP)
		buf_add(reasoning ? &s->reasoning : &s->text, p, n);
}

/*
 * The texts of an array of parts: reasoning_details (text, else summary),
 * when delta.reasoning is absent, or a whole reply's content parts (text).
 */
static void
parts(struct stream *s, const struct jscan_val *d, int reasoning)
{
	static const char *const paths[] = { "text", "summary" };
	struct jscan_val e, v, tv[2];
	const char *p;
	size_t pos = 0, n;

	while (jscan_iter(d->p, d->len, &pos, NULL, &e) == 1) {
		if (e.kind != JSCAN_OBJECT || jscan_getnf(e.p, e.len, paths,
		    reasoning ? 2 : 1, tv, NULL, JSCAN_RAW_UTF8) < 1)
			continue;
		v = tv[0].kind == JSCAN_STRING || !reasoning ? tv[0] : tv[1];
		if (v.kind != JSCAN_STRING)
			continue;
		p = text_of(s, &v, &n);
		emit(s, reasoning, p, n);
	}
}

/*
 * The chunk parser: jscan's cursor, with every value it steps over
 * validated; one pass, no path machinery, and only the fields below are
 * looked at.
 */
/* The keys looked at, at any depth; K_OTHER is any other. */
enum key {
	K_OTHER, K_CHOICES, K_CONTENT, K_CREATED, K_DELTA, K_DETAILS,
	K_ERROR, K_FINISH, K_ID, K_INDEX, K_MESSAGE, K_MODEL, K_PROVIDER,
	K_REASONING, K_REFUSAL, K_TOOLS, K_USAGE, K_NKEYS
};
static const char *const keyname[K_NKEYS] = {
	"", "choices", "content", "created", "delta", "reasoning_details",
	"error", "finish_reason", "id", "index", "message", "model",
	"provider", "reasoning", "refusal", "tool_calls", "usage"
};

/* Is the name n bytes at p the literal lit? */
#define IS(p, n, lit) ((n) == sizeof lit - 1 && memcmp(p, lit, n) == 0)

/*
 * Which of the keys the raw key token k is.  A key is found by its length
 * and a compare of that many bytes, not a compare with every name; only
 * a key with a backslash, one that could be a name escaped, is decoded.
 */
static enum key
key_of(const struct jscan_val *k)
{
	const char *p = k->p + 1;
	size_t n = k->len - 2;
	int i;

	switch (n) {
	case 2:
		if (IS(p, n, "id"))
			return K_ID;
		break;
	case 5:
		if (IS(p, n, "delta"))
			return K_DELTA;
		if (IS(p, n, "index"))
			return K_INDEX;
		if (IS(p, n, "usage"))
			return K_USAGE;
		if (IS(p, n, "model"))
			return K_MODEL;
		if (IS(p, n, "error"))
			return K_ERROR;
		break;
	case 7:
		if (IS(p, n, "content"))
			return K_CONTENT;
		if (IS(p, n, "choices"))
			return K_CHOICES;
		if (IS(p, n, "created"))
			return K_CREATED;
		if (IS(p, n, "message"))
			return K_MESSAGE;
		if (IS(p, n, "refusal"))
			return K_REFUSAL;
		break;
	case 8:
		if (IS(p, n, "provider"))
			return K_PROVIDER;
		break;
	case 9:
		if (IS(p, n, "reasoning"))
			return K_REASONING;
		break;
	case 10:
		if (IS(p, n, "tool_calls"))
			return K_TOOLS;
		break;
	case 13:
		if (IS(p, n, "finish_reason"))
			return K_FINISH;
		break;
	case 17:
		if (IS(p, n, "reasoning_details"))
			return K_DETAILS;
		break;
	}
	/*
	 * An escaped key is longer than its name; rare, but the same key.
	 * It starts with the name's first byte or with an escape: a key
	 * starting with a byte no name starts with is none of them.
	 */
	if (n < 3 || (*p != '\\' && strchr("cdefimprtu", *p) == NULL) ||
	    memchr(p, '\\', n) == NULL)
		return K_OTHER;
	for (i = 1; i < K_NKEYS; i++)
		if (jscan_streq(k, keyname[i]))
			return i;
	return K_OTHER;
}

static const struct jscan_val none = { JSCAN_NONE, NULL, 0 };

/* What a choice carries, gathered before its index is known. */
struct choice {
	struct jscan_val index, content, reasoning, details, tools, finish;
};

/* A chunk's delta, or a whole reply's message (msg not NULL). */
static int
delta(struct jscan_cur *c, struct choice *ch, struct stream_msg *msg,
    int *dup)
{
	struct jscan_val k, v, *to;
	int n = 0, r;

	while ((r = jscan_member(c, &n, &k)) == 1) {
		if (jscan_next(c, &v) != 0)
			return -1;
		switch (key_of(&k)) {
		case K_CONTENT:
			to = &ch->content;
			break;
		case K_REASONING:
			to = &ch->reasoning;
			break;
		case K_TOOLS:
			to = &ch->tools;
			break;
		case K_DETAILS:
			to = &ch->details;
			break;
		case K_REFUSAL:
			if (msg == NULL)
				continue;
			to = &msg->refusal;
			break;
		default:
			continue;
		}
		*dup |= to->kind != JSCAN_NONE;
		*to = v;
	}
	return r;
}

/*
 * One element of choices; only index 0 is the reply.  In a whole reply
 * the first element is, whatever its index says, and its message is
 * read as a chunk's delta is, and kept raw besides.
 */
static int
choice(struct stream *s, struct jscan_cur *c)
{
	int whole = s->flags & STREAM_MESSAGE;
	struct choice ch;
	struct jscan_val k, v;
	const char *p;
	size_t n, at;
	enum key key;
	int m = 0, r, dup = 0, deltas = 0;

	memset(&ch, 0, sizeof ch);
	while ((r = jscan_member(c, &m, &k)) == 1) {
		key = key_of(&k);
		/* A key given twice: the last one wins, as in jq. */
		if (key == (whole ? K_MESSAGE : K_DELTA)) {
			dup |= deltas++;
			ch.content = ch.reasoning = ch.details = ch.tools =
			    none;
			if (whole)
				s->msg.refusal = none;
		}
		if (key == (whole ? K_MESSAGE : K_DELTA) &&
		    jscan_peek(c) == '{') {
			at = c->pos;
			if (delta(c, &ch, whole ? &s->msg : NULL, &dup) != 0)
				return -1;
			if (whole) {
				s->msg.message.kind = JSCAN_OBJECT;
				s->msg.message.p = c->s + at;
				s->msg.message.len = c->pos - at;
			}
			continue;
		}
		if (jscan_next(c, &v) != 0)
			return -1;
		if (key == K_INDEX) {
			dup |= ch.index.kind != JSCAN_NONE;
			ch.index = v;
		} else if (key == K_FINISH) {
			dup |= ch.finish.kind != JSCAN_NONE;
			ch.finish = v;
		}
		else if (whole && key == K_ERROR)
			s->msg.error = v;
		else if (whole && key == K_MESSAGE)
			s->msg.message.kind = JSCAN_NONE;
	}
	if (r != 0)
		return -1;
	/* A choice without an index is the first and only one. */
	if (!whole && ch.index.kind != JSCAN_NONE &&
	    int_of(&ch.index, -1) != 0)
		return 0;
	if (whole) {
		if (s->msg.message.kind != JSCAN_OBJECT)
			return 0;
		s->msg.content = ch.content;
		s->msg.reasoning = ch.reasoning;
		s->msg.details = ch.details;
		s->msg.tools = ch.tools;
		s->msg.finish = ch.finish;
		if (ch.content.kind == JSCAN_ARRAY)
			parts(s, &ch.content, 0);
	}
	/* Anything but content text, or a key twice: no memo of it. */
	if (dup || (ch.reasoning.kind == JSCAN_STRING &&
	    ch.reasoning.len > 2) || ch.details.kind == JSCAN_ARRAY ||
	    ch.tools.kind == JSCAN_ARRAY || ch.finish.kind == JSCAN_STRING)
		s->probe.other = 1;
	else if (ch.content.kind == JSCAN_STRING)
		s->probe.content = ch.content;
	if (ch.content.kind == JSCAN_STRING && ch.content.len > 2) {
		p = text_of(s, &ch.content, &n);
		emit(s, 0, p, n);
	}
	if (ch.reasoning.kind == JSCAN_STRING && ch.reasoning.len > 2) {
		p = text_of(s, &ch.reasoning, &n);
		emit(s, 1, p, n);
	} else if (ch.details.kind == JSCAN_ARRAY)
		parts(s, &ch.details, 1);
	if (ch.tools.kind == JSCAN_ARRAY)
		tool_deltas(s, &ch.tools);
	/* Cut, if it must be, between characters. */
	if (ch.finish.kind == JSCAN_STRING)
		jscan_unescape(ch.finish.p, ch.finish.len, s->finish,
		    sizeof s->finish);
	return 0;
}

/* The elements of choices (raw, validated), one chunk's. */
static void
choices(struct stream *s, const struct jscan_val *arr)
{
	struct jscan_cur c;
	struct jscan_val v;
	int e = 0, whole = s->flags & STREAM_MESSAGE;

	jscan_open(&c, arr->p, arr->len, JSCAN_VALID);
	s->probe.content = none;
	while (jscan_element(&c, &e) == 1)
		if (jscan_peek(&c) == '{' && (!whole || e == 1))
			choice(s, &c);
		else
			jscan_next(&c, &v);
	s->probe.nchoice = e;
}

/*
 * The chunk object; returns 0, or -1 with c->err saying why.  A key given
 * twice counts once, with its last value (as in jq and lib/cost), so the
 * members are gathered first and used after.
 */
static int
chunk(struct stream *s, struct jscan_cur *c, struct jscan_val *error)
{
	struct jscan_val k, v, ch = none, usage = none, id = none,
	    model = none, provider = none, created = none, *to;
	int n = 0, r;

	while ((r = jscan_member(c, &n, &k)) == 1) {
		if (jscan_next(c, &v) != 0)
			return -1;
		switch (key_of(&k)) {
		case K_CHOICES:
			to = &ch;
			break;
		case K_USAGE:
			to = &usage;
			break;
		case K_ERROR:
			to = error;
			break;
		case K_ID:
			to = &id;
			break;
		case K_MODEL:
			to = &model;
			break;
		case K_PROVIDER:
			to = &provider;
			break;
		case K_CREATED:
			to = &created;
			break;
		default:
			continue;
		}
		s->probe.other |= to->kind != JSCAN_NONE;
		*to = v;
	}
	if (r != 0 || jscan_end(c) != 0)
		return -1;
	if (error->kind != JSCAN_OBJECT)
		*error = none;
	if (ch.kind == JSCAN_ARRAY)
		choices(s, &ch);
	s->probe.other |= usage.kind == JSCAN_OBJECT ||
	    error->kind == JSCAN_OBJECT || !s->has_meta;
	if (usage.kind == JSCAN_OBJECT) {
		buf_reset(&s->usage);
		buf_add(&s->usage, usage.p, usage.len);
	}
	/* Once they all came, later chunks' are not looked at. */
	if (!s->has_meta) {
		keep_first(s, &s->id, &id);
		keep_first(s, &s->model, &model);
		keep_first(s, &s->provider, &provider);
		/* A number, never text pasted into --json. */
		if (!s->has_created)
			s->has_created = jscan_llong(&created, -LLONG_MAX,
			    LLONG_MAX, &s->created) == 0;
		s->has_meta = s->id.len && s->model.len && s->provider.len &&
		    s->has_created;
	}
	return 0;
}

/*
 * The chunk data, len bytes, is the memo's with one string token in place
 * of the content string: its text is handed on, as the full decoder does,
 * and 1 returned; else 0, and nothing done.  The token is lexed as the
 * full decoder lexes chunks (invalid UTF-8 let through).
 */
static int
memo_hit(struct stream *s, const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	struct jscan_val v;
	const char *p;
	size_t pos, end, n;
	int esc = 0;

	if (len < s->memo_pre + s->memo_suf + 2)
		return 0;
	end = len - s->memo_suf;
	if (data[s->memo_pre] != '"' || data[end - 1] != '"' ||
	    memcmp(data, s->memo.p, s->memo_pre) != 0 ||
	    memcmp(data + end, s->memo.p + s->memo_pre, s->memo_suf) != 0)
		return 0;
	/*
	 * Lexed up to len, not end: a string token ends at its first
	 * unescaped quote, so one ending elsewhere than at end is a miss
	 * either way, and the scan may take 8 bytes at a time up to end.
	 */
	pos = s->memo_pre;
	if (jlex_string(u, len, &pos, 1, &esc) != JLEX_OK || pos != end)
		return 0;
	v.kind = JSCAN_STRING;
	v.p = data + s->memo_pre;
	v.len = end - s->memo_pre;
	if (v.len > 2) {
		if (esc)
			p = text_of(s, &v, &n);
		else {
			p = v.p + 1;
			n = v.len - 2;
		}
		emit(s, 0, p, n);
	}
	return 1;
}

/*
 * After a chunk decoded in full: the memo is of it when its only effect
 * was choice 0's content text, else there is none.
 */
static void
memo_arm(struct stream *s, const char *data, size_t len)
{
	const struct jscan_val *v = &s->probe.content;

	s->memo_armed = 0;
	if ((s->flags & (STREAM_MESSAGE | STREAM_NOMEMO)) || s->failed ||
	    s->probe.other || s->probe.nchoice != 1 ||
	    v->kind != JSCAN_STRING)
		return;
	s->memo_pre = v->p - data;
	s->memo_suf = len - s->memo_pre - v->len;
	buf_reset(&s->memo);
	buf_add(&s->memo, data, s->memo_pre);
	buf_add(&s->memo, v->p + v->len, s->memo_suf);
	s->memo_armed = 1;
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
	if (s->memo_armed && memo_hit(s, data, len))
		return 0;
	s->probe.content = none;
	s->probe.nchoice = 0;
	s->probe.other = 0;
	/*
	 * Invalid UTF-8 in a string is the model's text, paid for: let
	 * through, in a whole reply as in a chunk, so that orchat and
	 * orstream print the same bytes and log the same usage.
	 */
	jscan_open(&c, data, len, JSCAN_RAW_UTF8);
	if (chunk(s, &c, &error) != 0 && !s->failed) {
		s->failed = 1;
		error_set(&s->err, EX_PROTOCOL, "malformed chunk %zu in the "
		    "stream: column %d: %s", s->events, c.err.col,
		    c.err.what ? c.err.what : "not JSON");
		return s->err.exit;
	}
	if (s->failed)		/* too many tool calls */
		return s->err.exit;
	memo_arm(s, data, len);
	if (s->flags & STREAM_MESSAGE)
		s->msg.top_error = error;
	else if (error.kind == JSCAN_OBJECT) {
		char tmp[sizeof s->err.msg];

		s->failed = 1;
		if (!error_from_body(200, data, len, time(NULL), &s->err))
			error_set(&s->err, EX_TEMPFAIL, "error in the stream");
		/*
		 * An error object is an error whatever its code says: one
		 * that is not 4xx or 5xx (200, "204") is taken as a 502.
		 */
		if (s->err.status < 400 || s->err.status >= 600) {
			s->err.status = 502;
			s->err.exit = error_exit_for_status(502);
		}
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
		return error_set(e, EX_PROTOCOL, "the stream was cut off %s",
		    s->events ? "before its end" : "before any data");
	return 0;
}

/* A member whose value is the text in v ("" when there is none). */
static void
kbuf(struct jw *w, const char *key, const struct buf *v)
{
	jw_kstr(w, key, v->p ? v->p : "", v->len);
}

/* The same, or null when a whole reply's call did not have it. */
static void
kbuf_or_null(struct jw *w, const char *key, const struct stream *s,
    const struct buf *v, int has)
{
	if (has || !(s->flags & STREAM_MESSAGE))
		kbuf(w, key, v);
	else {
		jw_key(w, key);
		jw_null(w);
	}
}

char *
stream_tools_json(const struct stream *s)
{
	struct buf b;
	struct jw w;
	size_t i;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_arr(&w);
	for (i = 0; i < s->ntools; i++) {
		const struct stream_tool *t = &s->tools[i];

		jw_obj(&w);
		kbuf_or_null(&w, "id", s, &t->id, t->has & TOOL_ID);
		kbuf_or_null(&w, "name", s, &t->name, t->has & TOOL_NAME);
		kbuf(&w, "arguments", &t->args);
		jw_end(&w);
	}
	jw_end(&w);
	return buf_take(&b);
}

char *
stream_completion_json(const struct stream *s)
{
	struct buf b;
	struct jw w;
	size_t i;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_obj(&w);
	kbuf(&w, "id", &s->id);
	jw_kstr(&w, "object", "chat.completion", 15);
	if (s->has_created)
		jw_kint(&w, "created", s->created);
	kbuf(&w, "model", &s->model);
	if (s->provider.len)
		kbuf(&w, "provider", &s->provider);
	jw_key(&w, "choices");
	jw_arr(&w);
	jw_obj(&w);
	jw_kint(&w, "index", 0);
	jw_key(&w, "message");
	jw_obj(&w);
	jw_kstr(&w, "role", "assistant", 9);
	kbuf(&w, "content", &s->text);
	if (s->reasoning.len)
		kbuf(&w, "reasoning", &s->reasoning);
	if (s->ntools) {
		jw_key(&w, "tool_calls");
		jw_arr(&w);
		for (i = 0; i < s->ntools; i++) {
			const struct stream_tool *t = &s->tools[i];

			jw_obj(&w);
			jw_kint(&w, "index", t->index);
			kbuf(&w, "id", &t->id);
			if (t->type.len)
				kbuf(&w, "type", &t->type);
			else
				jw_kstr(&w, "type", "function", 8);
			jw_key(&w, "function");
			jw_obj(&w);
			kbuf(&w, "name", &t->name);
			kbuf(&w, "arguments", &t->args);
			jw_end(&w);
			jw_end(&w);
		}
		jw_end(&w);
	}
	jw_end(&w);
	jw_key(&w, "finish_reason");
	if (s->finish[0])
		jw_str(&w, s->finish, strlen(s->finish));
	else
		jw_null(&w);
	jw_end(&w);
	jw_end(&w);
	if (s->usage.len) {
		/* As the API wrote it, but valid: a chunk's may not be. */
		jw_key(&w, "usage");
		jw_copy(&w, s->usage.p, s->usage.len, 0);
	}
	jw_end(&w);
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

const char *
stream_text(const struct stream *s, size_t *n)
{
	*n = s->text.len;
	return s->text.p ? s->text.p : "";
}

const char *
stream_reasoning(const struct stream *s, size_t *n)
{
	*n = s->reasoning.len;
	return s->reasoning.p ? s->reasoning.p : "";
}

const char *
stream_id(const struct stream *s)
{
	return s->id.len ? s->id.p : NULL;
}

const char *
stream_model(const struct stream *s)
{
	return s->model.len ? s->model.p : NULL;
}

const char *
stream_provider(const struct stream *s)
{
	return s->provider.len ? s->provider.p : NULL;
}

const struct stream_msg *
stream_msg(const struct stream *s)
{
	return &s->msg;
}
