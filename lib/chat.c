/*
 * chat: the chat-completion request body and the decoding of its reply.
 *
 * The body is built with jv from the struct chat_req that chatopt and
 * prompt filled; the reply is read into a struct chat_reply in one pass
 * by stream's chunk reader, as one chunk with a message.  Money never
 * goes through a double: usage.cost is read from the raw reply with jscan
 * into money_t, and the usage object is kept for the ledger.  No I/O.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "chatopt.h"
#include "error.h"
#include "jscan.h"
#include "json.h"
#include "jw.h"
#include "money.h"
#include "stream.h"
#include "util.h"

static int
nonempty(jv v)
{
	jv_kind k = jv_get_kind(v);
	int n = k == JV_KIND_OBJECT ? jv_object_length(jv_copy(v)) :
	    k == JV_KIND_ARRAY ? jv_array_length(jv_copy(v)) : 0;

	return n > 0;
}

jv
chat_body(const struct chat_req *r, struct or_error *e)
{
	jv b = json_set_key(jv_object(), "model", jv_string(r->model));
	jv set, path;
	int i, n;

	if (nonempty(r->fallbacks))
		b = json_set_key(b, "models", jv_copy(r->fallbacks));
	b = json_set_key(b, "messages", jv_copy(r->messages));
	if (r->stream)
		b = json_set_key(b, "stream", jv_true());
	b = jv_object_merge(b, jv_copy(r->params));
	if (jv_get_kind(r->tools) != JV_KIND_NULL)
		b = json_set_key(b, "tools", jv_copy(r->tools));
	if (jv_get_kind(r->response_format) != JV_KIND_NULL)
		b = json_set_key(b, "response_format",
		    jv_copy(r->response_format));
	if (nonempty(r->reasoning))
		b = json_set_key(b, "reasoning", jv_copy(r->reasoning));
	if (nonempty(r->provider))
		b = json_set_key(b, "provider", jv_copy(r->provider));
	/* The billed cost in the reply; older deployments need the ask. */
	b = json_set_key(b, "usage", json_set_key(jv_object(), "include",
	    jv_true()));

	n = jv_array_length(jv_copy(r->sets));
	for (i = 0; i < n; i++) {
		set = jv_array_get(jv_copy(r->sets), i);
		path = jv_array_get(jv_copy(set), 0);
		b = json_set(b, jv_string_value(path),
		    jv_array_get(jv_copy(set), 1));
		if (!jv_is_valid(b)) {
			jv msg = jv_invalid_get_msg(b);

			error_set(e, OR_EX_USAGE, "--set %s: %s",
			    jv_string_value(path), jv_get_kind(msg) ==
			    JV_KIND_STRING ? jv_string_value(msg) : "cannot "
			    "set");
			jv_free(msg);
			jv_free(path);
			jv_free(set);
			return jv_invalid();
		}
		jv_free(path);
		jv_free(set);
	}
	/*
	 * The answer is read as the command reads it: a --set that turned
	 * streaming on for orchat, or off for orstream, would be paid for
	 * and then fail (76).
	 */
	if (n > 0 && json_true(b, "stream") != (r->stream != 0)) {
		jv_free(b);
		error_set(e, OR_EX_USAGE, "--set stream: %s", r->stream ?
		    "orstream always streams; orchat reads a whole answer" :
		    "orchat reads a whole answer; orstream streams");
		return jv_invalid();
	}
	return b;
}

int
chat_wants_json(jv body)
{
	const char *t = json_str(body, "response_format.type");

	return t != NULL && (strcmp(t, "json_object") == 0 ||
	    strcmp(t, "json_schema") == 0);
}

int
chat_strip_fence(const char *s, size_t len, size_t *off, size_t *n)
{
	size_t a = 0, b = len, nl;

	while (a < b && strchr(" \t\r\n", s[a]))
		a++;
	while (b > a && strchr(" \t\r\n", s[b - 1]))
		b--;
	*off = a;
	*n = b - a;
	if (b - a < 7 || memcmp(s + a, "```", 3) != 0 ||
	    memcmp(s + b - 3, "```", 3) != 0)
		return 0;
	/* The opening line is the fence and its info string ("json"). */
	for (nl = a + 3; nl < b - 3 && s[nl] != '\n'; nl++)
		if (s[nl] == '`')
			return 0;
	if (nl >= b - 3)
		return 0;
	a = nl + 1;
	b -= 3;
	while (a < b && strchr(" \t\r\n", s[a]))
		a++;
	while (b > a && strchr(" \t\r\n", s[b - 1]))
		b--;
	*off = a;
	*n = b - a;
	return 1;
}

void
chat_json_compact(const char *p, size_t n, struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_copy(&w, p, n, JW_COMPACT);
}

void
chat_reply_init(struct chat_reply *rp)
{
	memset(rp, 0, sizeof *rp);
	buf_init(&rp->text, 0);
	buf_init(&rp->reasoning, 0);
	buf_init(&rp->usage.raw, 0);
	buf_init(&rp->tools, 0);
	buf_init(&rp->message, 0);
	rp->usage.prompt = rp->usage.completion = rp->usage.reasoning =
	    rp->usage.cached = rp->usage.cache_write = -1;
}

void
chat_reply_free(struct chat_reply *rp)
{
	free(rp->id);
	free(rp->model);
	free(rp->provider);
	free(rp->finish);
	free(rp->refusal);
	buf_free(&rp->text);
	buf_free(&rp->reasoning);
	buf_free(&rp->usage.raw);
	buf_free(&rp->tools);
	buf_free(&rp->message);
	memset(rp, 0, sizeof *rp);
}

/* A whole number token, as the API writes token counts. */
static long long
count_of(const struct jscan_val *v)
{
	long long n;

	return jscan_llong(v, 0, LLONG_MAX, &n) == 0 ? n : -1;
}

void
chat_stats_read(const char *p, size_t n, struct chat_stats *u)
{
	static const char *const paths[] = {
		"prompt_tokens", "completion_tokens",
		"completion_tokens_details.reasoning_tokens",
		"prompt_tokens_details.cached_tokens",
		"prompt_tokens_details.cache_write_tokens", "cost",
	};
	struct jscan_val v[6];

	u->prompt = u->completion = u->reasoning = u->cached =
	    u->cache_write = -1;
	u->has_cost = 0;
	buf_reset(&u->raw);
	/* Invalid UTF-8 in a string of it loses no figure (stream.h). */
	if (jscan_getnf(p, n, paths, 6, v, NULL, JSCAN_RAW_UTF8) < 0)
		return;
	u->prompt = count_of(&v[0]);
	u->completion = count_of(&v[1]);
	u->reasoning = count_of(&v[2]);
	u->cached = count_of(&v[3]);
	u->cache_write = count_of(&v[4]);
	/* The billed amount exactly as written: 6e-07 is 0.0000006. */
	u->has_cost = v[5].kind == JSCAN_NUMBER &&
	    money_parse(v[5].p, v[5].len, &u->cost) == MONEY_OK;
	chat_json_compact(p, n, &u->raw);
}

/* The decoded text of a string value (cut at a NUL), or NULL. */
static char *
str_of(const struct jscan_val *v)
{
	size_t n;
	char *s;

	if (v->kind != JSCAN_STRING)
		return NULL;
	n = jscan_unescape(v->p, v->len, NULL, 0);
	s = xmalloc(n + 1);
	jscan_unescape(v->p, v->len, s, n + 1);
	return s;
}

/* Is v an array or object with something in it? */
static int
has_members(const struct jscan_val *v)
{
	size_t i;

	if (v->kind != JSCAN_ARRAY && v->kind != JSCAN_OBJECT)
		return 0;
	for (i = 1; i < v->len && strchr(" \t\r\n", v->p[i]); i++)
		;
	return i < v->len - 1;
}

/*
 * The assistant's message as it is sent back in a later turn: the role,
 * the content, the tool calls and the reasoning details (which must go
 * back unchanged for reasoning models to resume).
 */
static void
assistant_message(const struct stream_msg *m, struct buf *out)
{
	static const char *const name[] = { "tool_calls", "reasoning",
	    "reasoning_details" };
	const struct jscan_val *keep[3];
	struct jw w;
	size_t i;

	keep[0] = &m->tools;
	keep[1] = &m->reasoning;
	keep[2] = &m->details;
	jw_init(&w, out);
	jw_obj(&w);
	jw_kstr(&w, "role", "assistant", 9);
	jw_key(&w, "content");
	if (m->content.kind != JSCAN_NONE)
		jw_copy(&w, m->content.p, m->content.len, JW_COMPACT);
	else
		jw_null(&w);
	for (i = 0; i < 3; i++)
		if (keep[i]->kind == JSCAN_STRING || has_members(keep[i])) {
			jw_key(&w, name[i]);
			jw_copy(&w, keep[i]->p, keep[i]->len, JW_COMPACT);
		}
	jw_end(&w);
}

/*
 * An error inside a 200: choices[0].error is read as OpenRouter's error
 * envelope would be, so it maps to the same message and exit status.
 */
static int
choice_error(const struct jscan_val *v, const struct chat_reply *rp,
    struct or_error *e)
{
	struct buf env;
	char prov[128], why[sizeof e->msg];
	size_t n;

	if (v->kind == JSCAN_OBJECT) {
		buf_init(&env, 0);
		buf_adds(&env, "{\"error\":");
		buf_add(&env, v->p, v->len);
		buf_adds(&env, "}");
		error_from_body(200, env.p, env.len, time(NULL), e);
		buf_free(&env);
		/* "error 400: Token limit reached", said of the reply. */
		memcpy(why, e->msg, sizeof why);
		snprintf(e->msg, sizeof e->msg, "the reply ended in %.990s",
		    why);
	} else
		error_set(e, EX_TEMPFAIL, "the reply ended with "
		    "finish_reason \"error\"");
	if (rp->provider && strstr(e->msg, rp->provider) == NULL) {
		n = strlen(e->msg);
		sanitize(prov, sizeof prov, rp->provider, strlen(rp->provider));
		snprintf(e->msg + n, sizeof e->msg - n, " (provider: %s)",
		    prov);
	}
	return e->exit;
}

int
chat_decode(const char *body, size_t len, const char *gen_id,
    struct chat_reply *rp, struct or_error *e)
{
	const struct stream_msg *m;
	struct jscan_err je;
	struct stream *s;
	const char *p;
	size_t n;
	int ret = 0;

	memset(e, 0, sizeof *e);
	if (body == NULL)
		body = "", len = 0;
	/* One pass, by the code that reads a stream's chunks. */
	s = stream_new(STREAM_KEEP | STREAM_MESSAGE, NULL, NULL, NULL);
	if (stream_data(s, body, len) != 0) {
		/* Rare: the whole text is judged again, to say where. */
		if (jscan_getnf(body, len, NULL, 0, NULL, &je,
		    JSCAN_RAW_UTF8) != 0)
			ret = error_set(e, EX_PROTOCOL, "malformed answer: "
			    "line %d, column %d: %s", je.line, je.col, je.what);
		else
			ret = error_set(e, EX_PROTOCOL, "malformed answer: no "
			    "choices[0].message");
		goto out;
	}
	m = stream_msg(s);
	if (m->top_error.kind == JSCAN_OBJECT &&
	    error_from_body(200, body, len, time(NULL), e)) {
		ret = e->exit;
		goto out;
	}
	if ((p = stream_id(s)) || ((p = gen_id) && *gen_id))
		rp->id = xstrdup(p);
	if ((p = stream_model(s)))
		rp->model = xstrdup(p);
	if ((p = stream_provider(s)))
		rp->provider = xstrdup(p);
	if ((p = stream_usage(s, &n))) {
		chat_stats_read(p, n, &rp->usage);
		rp->has_usage = 1;
	}
	if (m->message.kind != JSCAN_OBJECT) {
		ret = error_set(e, EX_PROTOCOL, "malformed answer: no "
		    "choices[0].message");
		goto out;
	}
	rp->finish = str_of(&m->finish);
	rp->refusal = str_of(&m->refusal);
	p = stream_text(s, &n);
	if (m->content.kind == JSCAN_STRING || m->content.kind == JSCAN_ARRAY)
		buf_add(&rp->text, p, n);
	if ((p = stream_reasoning(s, &n)) && n)
		buf_add(&rp->reasoning, p, n);
	if (m->tools.kind == JSCAN_ARRAY && has_members(&m->tools)) {
		rp->has_tools = 1;
		if (stream_ntools(s)) {
			char *t = stream_tools_json(s);

			buf_adds(&rp->tools, t);
			free(t);
		}
	}
	assistant_message(m, &rp->message);
	if ((m->error.kind != JSCAN_NONE && m->error.kind != JSCAN_NULL &&
	    m->error.kind != JSCAN_FALSE) || (rp->finish &&
	    strcmp(rp->finish, "error") == 0))
		ret = choice_error(&m->error, rp, e);
out:
	stream_free(s);
	return ret;
}

void
chat_tool_calls_text(const struct chat_reply *rp, struct buf *out)
{
	if (rp->tools.len == 0)
		return;
	buf_add(out, rp->tools.p, rp->tools.len);
	buf_adds(out, "\n");
}

const char *
chat_cut_short(const struct chat_reply *rp)
{
	if (rp->finish && (strcmp(rp->finish, "length") == 0 ||
	    strcmp(rp->finish, "content_filter") == 0))
		return rp->finish;
	return NULL;
}

/*
 * --json-mode, --schema: the reply must be JSON, inside at most one code
 * fence.  Sets *off and *n to the JSON; 76 when it is not JSON.
 */
int
chat_check_json(const struct chat_reply *rp, size_t *off, size_t *n,
    struct or_error *e)
{
	struct jscan_err je;

	chat_strip_fence(rp->text.p ? rp->text.p : "", rp->text.len, off, n);
	/*
	 * Invalid UTF-8 inside a string of it is let through, as orstream,
	 * whose text reaches here with U+FFFD in its place, lets it.
	 */
	if (jscan_getnf(rp->text.p ? rp->text.p + *off : "", *n, NULL, 0,
	    NULL, &je, JSCAN_RAW_UTF8) == 0)
		return 0;
	*off = 0;
	*n = rp->text.len;
	return error_set(e, EX_PROTOCOL, "the reply is not JSON (line %d, "
	    "column %d: %s)", je.line, je.col, je.what);
}
