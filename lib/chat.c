/*
 * chat: the chat-completion request body and the decoding of its reply.
 *
 * The body is built with jv from the struct chat_req that chatopt and
 * prompt filled; the reply is read into a struct chat_reply.  Money never
 * goes through jv's doubles: usage.cost is read from the raw reply with
 * jscan into money_t, and the raw usage object is kept for the ledger.  No
 * I/O.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chat.h"
#include "error.h"
#include "jscan.h"
#include "json.h"
#include "money.h"
#include "util.h"

static jv
set_key(jv obj, const char *key, jv val)
{
	return jv_object_set(obj, jv_string(key), val);
}

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
	jv b = set_key(jv_object(), "model", jv_string(r->model));
	jv set, path;
	int i, n;

	if (nonempty(r->fallbacks))
		b = set_key(b, "models", jv_copy(r->fallbacks));
	b = set_key(b, "messages", jv_copy(r->messages));
	if (r->stream)
		b = set_key(b, "stream", jv_true());
	b = jv_object_merge(b, jv_copy(r->params));
	if (jv_get_kind(r->tools) != JV_KIND_NULL)
		b = set_key(b, "tools", jv_copy(r->tools));
	if (jv_get_kind(r->response_format) != JV_KIND_NULL)
		b = set_key(b, "response_format", jv_copy(r->response_format));
	if (nonempty(r->reasoning))
		b = set_key(b, "reasoning", jv_copy(r->reasoning));
	if (nonempty(r->provider))
		b = set_key(b, "provider", jv_copy(r->provider));
	/* The billed cost in the reply; older deployments need the ask. */
	b = set_key(b, "usage", set_key(jv_object(), "include", jv_true()));

	n = jv_array_length(jv_copy(r->sets));
	for (i = 0; i < n; i++) {
		set = jv_array_get(jv_copy(r->sets), i);
		path = jv_array_get(jv_copy(set), 0);
		b = json_set(b, jv_string_value(path),
		    jv_array_get(jv_copy(set), 1));
		if (!jv_is_valid(b)) {
			jv msg = jv_invalid_get_msg(b);

			error_set(e, EX_USAGE_, "--set %s: %s",
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
	return b;
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
	size_t i = 0, start;

	while (i < n) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r') {
			i++;
			continue;
		}
		start = i;
		if (p[i] == '"') {
			/* A string, escapes and all. */
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			i = i < n ? i + 1 : n;
		} else
			while (i < n && !strchr(" \t\n\r\"", p[i]))
				i++;
		buf_add(out, p + start, i - start);
	}
}

void
chat_reply_init(struct chat_reply *rp)
{
	memset(rp, 0, sizeof *rp);
	buf_init(&rp->text, 0);
	buf_init(&rp->reasoning, 0);
	buf_init(&rp->usage.raw, 0);
	rp->tool_calls = jv_null();
	rp->message = jv_null();
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
	jv_free(rp->tool_calls);
	jv_free(rp->message);
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
	if (jscan_getn(p, n, paths, 6, v, NULL) < 0)
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

static char *
dup_str(jv v, const char *path)
{
	const char *s = json_str(v, path);

	return s ? xstrdup(s) : NULL;
}

/* Text of content parts, or of reasoning details. */
static void
join_texts(jv arr, const char *k1, const char *k2, struct buf *out)
{
	const char *s;
	int i, n;
	jv x;

	if (jv_get_kind(arr) != JV_KIND_ARRAY)
		return;
	n = jv_array_length(jv_copy(arr));
	for (i = 0; i < n; i++) {
		x = jv_array_get(jv_copy(arr), i);
		if (jv_get_kind(x) == JV_KIND_OBJECT &&
		    ((s = json_str(x, k1)) || (s = json_str(x, k2))))
			buf_adds(out, s);
		jv_free(x);
	}
}

/* [{id, name, arguments}] from message.tool_calls. */
static jv
tool_calls_of(jv calls)
{
	jv out = jv_array(), c;
	int i, n = jv_array_length(jv_copy(calls));
	const char *s;

	for (i = 0; i < n; i++) {
		c = jv_array_get(jv_copy(calls), i);
		if (jv_get_kind(c) == JV_KIND_OBJECT) {
			jv t = jv_object();

			s = json_str(c, "id");
			t = set_key(t, "id", s ? jv_string(s) : jv_null());
			s = json_str(c, "function.name");
			t = set_key(t, "name", s ? jv_string(s) : jv_null());
			s = json_str(c, "function.arguments");
			t = set_key(t, "arguments", jv_string(s ? s : ""));
			out = jv_array_append(out, t);
		}
		jv_free(c);
	}
	return out;
}

/*
 * The assistant's message as it is sent back in a later turn: the role,
 * the content, the tool calls and the reasoning details (which must go
 * back unchanged for reasoning models to resume).
 */
static jv
assistant_message(jv msg)
{
	static const char *const keep[] = { "tool_calls", "reasoning",
	    "reasoning_details" };
	jv out = set_key(jv_object(), "role", jv_string("assistant")), v;
	size_t i;

	v = json_get(msg, "content");
	out = set_key(out, "content", jv_is_valid(v) ? v : jv_null());
	for (i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		v = json_get(msg, keep[i]);
		if (nonempty(v) || jv_get_kind(v) == JV_KIND_STRING)
			out = set_key(out, keep[i], v);
		else
			jv_free(v);
	}
	return out;
}

/*
 * An error inside a 200: choices[0].error is read as OpenRouter's error
 * envelope would be, so it maps to the same message and exit status.
 */
static int
choice_error(const char *body, size_t len, const struct chat_reply *rp,
    struct or_error *e)
{
	struct jscan_val v;
	struct buf env;
	char prov[128], why[sizeof e->msg];
	size_t n;

	if (jscan_get(body, len, "choices.0.error", &v) == 1 &&
	    v.kind == JSCAN_OBJECT) {
		buf_init(&env, 0);
		buf_adds(&env, "{\"error\":");
		buf_add(&env, v.p, v.len);
		buf_adds(&env, "}");
		error_from_body(200, env.p, env.len, time(NULL), e);
		buf_free(&env);
		/* "error 400: Token limit reached", said of the reply. */
		memcpy(why, e->msg, sizeof why);
		snprintf(e->msg, sizeof e->msg, "the reply ended in %.990s",
		    why);
	} else
		error_set(e, EX_TEMPFAIL_, "the reply ended with "
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
	struct jscan_val u;
	char perr[160];
	jv r, ch, msg, x;
	int ret = 0;

	memset(e, 0, sizeof *e);
	r = json_parse(body ? body : "", len, perr, sizeof perr);
	if (!jv_is_valid(r))
		return error_set(e, EX_PROTOCOL_, "malformed answer: %s", perr);
	if (error_from_body(200, body, len, time(NULL), e)) {
		jv_free(r);
		return e->exit;
	}
	rp->id = dup_str(r, "id");
	if (rp->id == NULL && gen_id && *gen_id)
		rp->id = xstrdup(gen_id);
	rp->model = dup_str(r, "model");
	rp->provider = dup_str(r, "provider");
	if (jscan_get(body, len, "usage", &u) == 1 && u.kind == JSCAN_OBJECT) {
		chat_stats_read(u.p, u.len, &rp->usage);
		rp->has_usage = 1;
	}
	ch = json_get(r, "choices.0");
	msg = json_get(ch, "message");
	if (jv_get_kind(msg) != JV_KIND_OBJECT) {
		ret = error_set(e, EX_PROTOCOL_, "malformed answer: no "
		    "choices[0].message");
		goto out;
	}
	rp->finish = dup_str(ch, "finish_reason");
	rp->refusal = dup_str(msg, "refusal");
	x = json_get(msg, "content");
	if (jv_get_kind(x) == JV_KIND_STRING)
		buf_adds(&rp->text, jv_string_value(x));
	else if (jv_get_kind(x) == JV_KIND_ARRAY)
		join_texts(x, "text", "text", &rp->text);
	jv_free(x);
	x = json_get(msg, "reasoning");
	if (jv_get_kind(x) == JV_KIND_STRING)
		buf_adds(&rp->reasoning, jv_string_value(x));
	jv_free(x);
	if (rp->reasoning.len == 0) {
		x = json_get(msg, "reasoning_details");
		join_texts(x, "text", "summary", &rp->reasoning);
		jv_free(x);
	}
	x = json_get(msg, "tool_calls");
	if (nonempty(x)) {
		jv_free(rp->tool_calls);
		rp->tool_calls = tool_calls_of(x);
	}
	jv_free(x);
	jv_free(rp->message);
	rp->message = assistant_message(msg);
	if (json_true(ch, "error") || (rp->finish &&
	    strcmp(rp->finish, "error") == 0))
		ret = choice_error(body, len, rp, e);
out:
	jv_free(msg);
	jv_free(ch);
	jv_free(r);
	return ret;
}

void
chat_tool_calls_text(const struct chat_reply *rp, struct buf *out)
{
	char *s;

	if (!nonempty(rp->tool_calls))
		return;
	s = json_dump(rp->tool_calls);
	buf_adds(out, s);
	buf_adds(out, "\n");
	free(s);
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
	if (jscan_validate(rp->text.p ? rp->text.p + *off : "", *n, &je) == 0)
		return 0;
	*off = 0;
	*n = rp->text.len;
	return error_set(e, EX_PROTOCOL_, "the reply is not JSON (line %d, "
	    "column %d: %s)", je.line, je.col, je.what);
}
