/*
 * batchio: the line codec of orchat --batch -- an input line made a
 * request body, an answer made an output line, an output line read back
 * for --resume, and the set of ids already done.
 *
 * Choices made here, beyond batchio.h:
 * - A line is judged strictly (jscan): invalid UTF-8 in a string is an
 *   error (65), not quietly replaced by U+FFFD, so what is sent is what
 *   the line says.  Then jq reads it, and refuses what jscan lets pass:
 *   a high surrogate escape with no low one after it ("\ud800"; a lone
 *   low one becomes U+FFFD) and nesting deeper than 256.  jq keeps
 *   numbers as doubles: a request field 12345678901234567890 is sent as
 *   12345678901234567000 (chat_body does the same).
 * - A key given twice in any object of the line is an error: jq would
 *   keep the last one silently, and a reader of the line could take the
 *   first.
 * - The id is canonical JSON text, made by id_canon from the raw token
 *   both ways (input line and output line), so that an id read back
 *   matches the one written: a string is decoded and quoted again as jw
 *   quotes it ("\u0061" and "a" are one id), a number is kept as written
 *   (1 and 1.0 are two ids; never through a double), true, false and
 *   null as they are.
 * - "max_tokens" and "max_completion_tokens" both set: the larger is the
 *   worst case.  A line's "model" must be a string, its "models" an
 *   array of strings, its token limits whole numbers of at least 0 (or
 *   null), since the budget is priced from them; "messages" may not be
 *   empty.
 * - Messages say what is wrong with the line, not which line it is (the
 *   engine knows the number) and never echo its bytes.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batchio.h"
#include "error.h"
#include "jscan.h"
#include "json.h"
#include "jw.h"
#include "prompt.h"
#include "spend.h"
#include "util.h"

void
batchio_line_init(struct batch_line *bl)
{
	buf_init(&bl->id, 0);
	bl->body = NULL;
	bl->bodylen = 0;
	spend_terms_init(&bl->terms);
	bl->wants_json = 0;
}

/* Drop what a line's request holds; the id is left alone. */
static void
line_clear(struct batch_line *bl)
{
	free(bl->body);
	bl->body = NULL;
	bl->bodylen = 0;
	spend_terms_free(&bl->terms);
	bl->wants_json = 0;
}

void
batchio_line_free(struct batch_line *bl)
{
	buf_free(&bl->id);
	line_clear(bl);
}

/* A data error: one line in e, no HTTP status; returns 65. */
static int
line_error(struct or_error *e, const char *what)
{
	e->status = 0;
	e->retryable = 0;
	e->retry_after = -1;
	return error_set(e, EX_DATAERR, "%s", what);
}

/*
 * The canonical text of an id token (validated) appended to out: a string
 * decoded and quoted by jw, any other scalar as written.  -1 for an
 * object or an array.
 */
static int
id_canon(const struct jscan_val *v, struct buf *out)
{
	char *s;
	size_t n;

	switch (v->kind) {
	case JSCAN_STRING:
		/* Decoding never makes a string longer than its token. */
		s = xmalloc(v->len + 1);
		n = jscan_unescape(v->p, v->len, s, v->len + 1);
		if (n > v->len)
			n = v->len;	/* cannot happen; stay in bounds */
		jw_quote(out, s, n);
		free(s);
		return 0;
	case JSCAN_NUMBER:
	case JSCAN_TRUE:
	case JSCAN_FALSE:
	case JSCAN_NULL:
		buf_add(out, v->p, v->len);
		return 0;
	default:
		return -1;
	}
}

/*
 * Count the members of every object in the value at the cursor, which
 * was validated (so nesting is bounded by JSCAN_MAXDEPTH).
 */
static int
raw_members(struct jscan_cur *c, size_t *count)
{
	struct jscan_val k, v;
	int n = 0, r;

	switch (jscan_peek(c)) {
	case '{':
		while ((r = jscan_member(c, &n, &k)) == 1) {
			(*count)++;
			if (raw_members(c, count) != 0)
				return -1;
		}
		return r;
	case '[':
		while ((r = jscan_element(c, &n)) == 1)
			if (raw_members(c, count) != 0)
				return -1;
		return r;
	default:
		return jscan_next(c, &v);
	}
}

/* The same count over what jq made of the text (borrows v). */
static size_t
jv_members(jv v)
{
	size_t count = 0;
	int i, n;

	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		for (i = jv_object_iter(v); jv_object_iter_valid(v, i);
		    i = jv_object_iter_next(v, i)) {
			jv x = jv_object_iter_value(v, i);

			count += 1 + jv_members(x);
			jv_free(x);
		}
	} else if (jv_get_kind(v) == JV_KIND_ARRAY) {
		n = jv_array_length(jv_copy(v));
		for (i = 0; i < n; i++) {
			jv x = jv_array_get(jv_copy(v), i);

			count += jv_members(x);
			jv_free(x);
		}
	}
	return count;
}

/* Is every element of the array a (borrowed) of kind k? */
static int
all_of(jv a, jv_kind k)
{
	int i, n = jv_array_length(jv_copy(a));
	jv_kind xk;

	for (i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(a), i);

		xk = jv_get_kind(x);
		jv_free(x);
		if (xk != k)
			return 0;
	}
	return 1;
}

/*
 * What jq would not read of a line jscan accepted (a lone surrogate
 * escape, nesting past 256): jq's message without the line it quotes.
 * Consumes v; returns 65.
 */
static int
jq_error(jv v, struct or_error *e)
{
	jv m = jv_invalid_get_msg(v);
	char msg[256];
	const char *s, *q;

	s = jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "";
	q = strstr(s, " (while parsing");
	snprintf(msg, sizeof msg, "not JSON: %.*s", q ? (int)(q - s) :
	    (int)strlen(s), s);
	jv_free(m);
	return line_error(e, msg);
}

static int
is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n')
			return 0;
	return 1;
}

/* Is v (borrowed) a whole number of at least 0, or null? */
static int
is_count(jv v)
{
	double d;

	if (jv_get_kind(v) == JV_KIND_NULL)
		return 1;
	if (jv_get_kind(v) != JV_KIND_NUMBER)
		return 0;
	d = jv_number_value(v);
	return d >= 0 && d < 9007199254740992.0 && d == (double)(long long)d;
}

/* Check one request field the line sets (borrows v); NULL when good. */
static const char *
field_check(const char *key, jv v)
{
	jv_kind k = jv_get_kind(v);

	if (strcmp(key, "stream") == 0)
		return "a line may not set \"stream\"";
	if (strcmp(key, "model") == 0 && k != JV_KIND_STRING)
		return "\"model\" is not a string";
	if (strcmp(key, "models") == 0 && (k != JV_KIND_ARRAY ||
	    !all_of(v, JV_KIND_STRING)))
		return "\"models\" is not an array of strings";
	if ((strcmp(key, "max_tokens") == 0 ||
	    strcmp(key, "max_completion_tokens") == 0) && !is_count(v))
		return "a token limit is not a whole number of at least 0";
	return NULL;
}

/* messages: a non-empty array of objects (borrows v); NULL when good. */
static const char *
messages_check(jv v)
{
	if (jv_get_kind(v) != JV_KIND_ARRAY || !all_of(v, JV_KIND_OBJECT))
		return "\"messages\" is not an array of message objects";
	if (jv_array_length(jv_copy(v)) == 0)
		return "\"messages\" is empty";
	return NULL;
}

/* What --max-cost and the reply's check need, from the final body. */
static void
line_fill(jv body, struct batch_line *bl)
{
	spend_terms_free(&bl->terms);
	spend_terms(body, &bl->terms);
	bl->wants_json = chat_wants_json(body);
}

/*
 * The content parts of the attachments (-i, --file) in msgs (borrowed):
 * the content of its last message when that is a user message of parts
 * alone, no text among them -- what prompt_prepare_base makes of them --
 * else an empty array.
 */
static jv
attachments_of(jv msgs)
{
	int i, n = jv_array_length(jv_copy(msgs));
	jv last, c, part;
	const char *role, *t;

	if (n == 0)
		return jv_array();
	last = jv_array_get(jv_copy(msgs), n - 1);
	role = jv_get_kind(last) == JV_KIND_OBJECT ? json_str(last, "role") :
	    NULL;
	c = role && strcmp(role, "user") == 0 ? json_get(last, "content") :
	    jv_null();
	jv_free(last);
	n = jv_get_kind(c) == JV_KIND_ARRAY ? jv_array_length(jv_copy(c)) : 0;
	for (i = 0; i < n; i++) {
		part = jv_array_get(jv_copy(c), i);
		t = jv_get_kind(part) == JV_KIND_OBJECT ?
		    json_str(part, "type") : NULL;
		if (t == NULL || strcmp(t, "text") == 0)
			n = 0;
		jv_free(part);
	}
	if (n == 0) {
		jv_free(c);
		return jv_array();
	}
	return c;
}

/*
 * The messages of body (borrowed) with the prompt (consumed, a string)
 * as a single orchat sends it: one user message made by
 * prompt_user_message, of its text and the attachments, which it
 * replaces; a prompt of white space alone adds no text to them.
 */
static jv
with_prompt(jv body, jv prompt)
{
	jv msgs = jv_object_get(jv_copy(body), jv_string("messages"));
	jv parts, um;
	const char *text = jv_string_value(prompt);
	size_t len = (size_t)jv_string_length_bytes(jv_copy(prompt));
	int n;

	if (jv_get_kind(msgs) != JV_KIND_ARRAY) {
		jv_free(msgs);
		msgs = jv_array();
	}
	parts = attachments_of(msgs);
	n = jv_array_length(jv_copy(parts));
	if (n > 0 && is_blank(text, len))
		len = 0;
	um = prompt_user_message(text, len, parts);
	jv_free(prompt);
	if (n > 0)
		return jv_array_set(msgs, jv_array_length(jv_copy(msgs)) - 1,
		    um);
	return jv_array_append(msgs, um);
}

/*
 * Is the prompt (borrowed, a string) no prompt for body (borrowed): empty
 * or white space alone, with no attachments to send instead?  A single
 * orchat of it sends nothing and exits 2.
 */
static int
no_prompt(jv body, jv prompt)
{
	jv msgs, parts;
	int n;

	if (!is_blank(jv_string_value(prompt),
	    (size_t)jv_string_length_bytes(jv_copy(prompt))))
		return 0;
	msgs = jv_object_get(jv_copy(body), jv_string("messages"));
	if (jv_get_kind(msgs) != JV_KIND_ARRAY) {
		jv_free(msgs);
		return 1;
	}
	parts = attachments_of(msgs);
	n = jv_array_length(parts);
	jv_free(msgs);
	return n == 0;
}

/*
 * The top-level members of the line's object (validated text): its id,
 * canonical, into bl->id.  0, or the error's message.
 */
static const char *
line_id(const char *line, size_t n, struct batch_line *bl)
{
	struct jscan_cur c;
	struct jscan_val k, v, id;
	int m = 0;

	id.kind = JSCAN_NONE;
	jscan_open(&c, line, n, JSCAN_VALID);
	while (jscan_member(&c, &m, &k) == 1) {
		if (jscan_next(&c, &v) != 0)
			break;
		if (jscan_streq(&k, "id"))
			id = v;
	}
	if (id.kind == JSCAN_NONE)
		return NULL;
	if (id.kind == JSCAN_OBJECT || id.kind == JSCAN_ARRAY)
		return "\"id\" is an object or an array";
	buf_reset(&bl->id);
	id_canon(&id, &bl->id);
	return NULL;
}

int
batchio_parse(jv base, const char *line, size_t n, long long lineno,
    struct batch_line *bl, struct or_error *e)
{
	struct jscan_err je;
	struct jscan_cur c;
	const char *why = NULL;
	char msg[160];
	jv v, body, prompt, msgs, s;
	size_t raw = 0;
	int i;

	/* An editor's UTF-8 byte order mark, at the start of a file. */
	if (n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		n -= 3;
	}
	if (is_blank(line, n))
		return -1;
	/* What a previous line left is dropped; the id buffer is kept. */
	line_clear(bl);
	bl->terms.fallbacks = jv_array();
	buf_reset(&bl->id);
	snprintf(msg, sizeof msg, "%lld", lineno);
	buf_adds(&bl->id, msg);

	if (jv_get_kind(base) != JV_KIND_OBJECT) {
		e->status = 0;
		e->retryable = 0;
		e->retry_after = -1;
		return error_set(e, EX_SOFTWARE, "the base request is not "
		    "an object");
	}
	if (n > INT_MAX)	/* jq's limit; the engine's is far lower */
		return line_error(e, "the line is too long");
	if (jscan_validate(line, n, &je) != 0) {
		snprintf(msg, sizeof msg, "not JSON: column %d: %s", je.col,
		    je.what);
		return line_error(e, msg);
	}
	jscan_open(&c, line, n, JSCAN_VALID);
	if (raw_members(&c, &raw) != 0)
		return line_error(e, "not JSON");	/* cannot happen */
	jscan_open(&c, line, n, JSCAN_VALID);
	if (jscan_peek(&c) == '{' && (why = line_id(line, n, bl)) != NULL)
		return line_error(e, why);

	v = jv_parse_sized(line, (int)n);
	if (!jv_is_valid(v))
		return jq_error(v, e);
	if (jv_members(v) != raw) {
		jv_free(v);
		return line_error(e, "a key is given twice in one object");
	}
	if (jv_get_kind(v) == JV_KIND_STRING) {
		prompt = v;
		msgs = jv_invalid();
		body = jv_copy(base);
	} else if (jv_get_kind(v) == JV_KIND_OBJECT) {
		prompt = jv_invalid();
		msgs = jv_invalid();
		body = jv_copy(base);
		for (i = jv_object_iter(v); why == NULL &&
		    jv_object_iter_valid(v, i); i = jv_object_iter_next(v, i)) {
			jv k = jv_object_iter_key(v, i);
			jv x = jv_object_iter_value(v, i);
			const char *key = jv_string_value(k);

			if (strcmp(key, "id") == 0) {
				jv_free(k);
				jv_free(x);
			} else if (strcmp(key, "prompt") == 0) {
				jv_free(k);
				if (jv_get_kind(x) != JV_KIND_STRING)
					why = "\"prompt\" is not a string";
				prompt = x;
			} else if (strcmp(key, "messages") == 0) {
				jv_free(k);
				why = messages_check(x);
				msgs = x;
			} else if ((why = field_check(key, x)) != NULL) {
				jv_free(k);
				jv_free(x);
			} else
				body = jv_object_set(body, k, x);
		}
		jv_free(v);
		if (why == NULL && jv_is_valid(prompt) && jv_is_valid(msgs))
			why = "a line has both \"prompt\" and \"messages\"";
		if (why == NULL && !jv_is_valid(prompt) && !jv_is_valid(msgs))
			why = "a line has neither \"prompt\" nor \"messages\"";
	} else {
		jv_free(v);
		return line_error(e, "a line is neither a string nor an "
		    "object");
	}
	if (why == NULL && jv_is_valid(prompt) && no_prompt(body, prompt))
		why = "no prompt: the prompt is empty or only white space";
	if (why != NULL) {
		jv_free(prompt);
		jv_free(msgs);
		jv_free(body);
		return line_error(e, why);
	}
	if (jv_is_valid(prompt))
		msgs = with_prompt(body, prompt);
	body = json_set_key(body, "messages", msgs);

	line_fill(body, bl);
	s = jv_dump_string(jv_copy(body), 0);
	bl->bodylen = (size_t)jv_string_length_bytes(jv_copy(s));
	bl->body = xmalloc(bl->bodylen + 1);
	memcpy(bl->body, jv_string_value(s), bl->bodylen + 1);
	jv_free(s);
	jv_free(body);
	return 0;
}

/* A string member, or null when s is NULL. */
static void
kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s != NULL)
		jw_str(w, s, strlen(s));
	else
		jw_null(w);
}

void
batchio_result(const struct buf *id, const struct chat_reply *rp,
    int cached, int status, const struct or_error *e, struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_key(&w, "id");
	if (id != NULL && id->len > 0)
		jw_raw(&w, id->p, id->len);
	else
		jw_null(&w);
	kstr(&w, "model", rp ? rp->model : NULL);
	kstr(&w, "provider", rp ? rp->provider : NULL);
	jw_key(&w, "content");
	if (rp != NULL)
		jw_str(&w, rp->text.p ? rp->text.p : "", rp->text.len);
	else
		jw_null(&w);
	jw_key(&w, "tool_calls");
	if (rp != NULL && rp->has_tools && rp->tools.len > 0)
		jw_copy(&w, rp->tools.p, rp->tools.len, JW_COMPACT);
	else
		jw_null(&w);
	kstr(&w, "finish_reason", rp ? rp->finish : NULL);
	jw_key(&w, "usage");
	if (rp != NULL && rp->has_usage && rp->usage.raw.len > 0)
		jw_copy(&w, rp->usage.raw.p, rp->usage.raw.len, JW_COMPACT);
	else
		jw_null(&w);
	jw_key(&w, "cost");
	if (rp != NULL && rp->has_usage && rp->usage.has_cost)
		jw_money(&w, rp->usage.cost);
	else
		jw_null(&w);
	kstr(&w, "generation_id", rp ? rp->id : NULL);
	jw_key(&w, "cached");
	jw_bool(&w, cached != 0);
	jw_key(&w, "error");
	if (status == 0)
		jw_null(&w);
	else {
		jw_obj(&w);
		jw_kint(&w, "code", status);
		jw_key(&w, "status");
		if (e != NULL && e->status > 0)
			jw_int(&w, e->status);
		else
			jw_null(&w);
		kstr(&w, "message", e ? e->msg : NULL);
		jw_end(&w);
	}
	jw_end(&w);
	buf_add(out, "\n", 1);
}

int
batchio_done(const char *line, size_t n, struct buf *id)
{
	struct jscan_cur c;
	struct jscan_val k, v, idv, err;
	int m = 0, r;

	idv.kind = err.kind = JSCAN_NONE;
	jscan_open(&c, line, n, 0);
	while ((r = jscan_member(&c, &m, &k)) == 1) {
		if (jscan_next(&c, &v) != 0)
			return 0;
		if (jscan_streq(&k, "id"))
			idv = v;
		else if (jscan_streq(&k, "error"))
			err = v;
	}
	if (r != 0 || jscan_end(&c) != 0 || (err.kind != JSCAN_NULL &&
	    err.kind != JSCAN_OBJECT))
		return 0;
	if (idv.kind == JSCAN_NONE || idv.kind == JSCAN_OBJECT ||
	    idv.kind == JSCAN_ARRAY)
		return 0;
	buf_reset(id);
	id_canon(&idv, id);
	return err.kind == JSCAN_NULL ? 1 : 2;
}

/*
 * The id set: open addressing with linear probing, at most half full.
 * A slot is 8 bytes, the id's hash and its number; the ids' bytes lie end
 * to end in one pool, where off[i] says where id i starts (off[count] is
 * the pool's end), and times[i] how often it was added.  An id costs its
 * bytes, 12 bytes of off and times and 16 to 32 of slots: a million ids
 * of 10 bytes take some 50 MB less than a pointer and an allocation each
 * would.  At most UINT32_MAX - 1 ids:
 * past that, add adds nothing and says 0, so the line is run again
 * rather than skipped.
 */
struct ids_slot {
	uint32_t	 hash;
	uint32_t	 idx;		/* the id's number + 1; 0: empty */
};

struct batch_ids {
	struct ids_slot	*slot;
	size_t		 size;		/* a power of 2 */
	size_t		 count;
	size_t		*off;		/* count + 1 of them */
	uint32_t	*times;		/* count + 1: how often each was added */
	size_t		 offsize;
	struct buf	 pool;
};

/*
 * FNV-1a, 32 bits, then murmur3's finalizer: ids that differ only in
 * their last digits ("row-17", "row-18") would otherwise fill runs of
 * neighbouring slots, which linear probing walks.
 */
static uint32_t
ids_hash(const char *p, size_t n)
{
	uint32_t h = 2166136261U;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619U;
	}
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	h ^= h >> 16;
	return h;
}

struct batch_ids *
batchio_ids_new(void)
{
	struct batch_ids *s = xcalloc(1, sizeof *s);

	s->size = 64;
	s->slot = xcalloc(s->size, sizeof *s->slot);
	s->offsize = 32;
	s->off = xcalloc(s->offsize, sizeof *s->off);
	s->times = xcalloc(s->offsize, sizeof *s->times);
	buf_init(&s->pool, 0);
	return s;
}

void
batchio_ids_free(struct batch_ids *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s->off);
	free(s->times);
	buf_free(&s->pool);
	free(s);
}

/* The slot of id, or the empty slot where it would go. */
static struct ids_slot *
ids_find(const struct batch_ids *s, uint32_t h, const char *id, size_t n)
{
	size_t i = h & (s->size - 1), k;
	struct ids_slot *e;

	for (;; i = (i + 1) & (s->size - 1)) {
		e = &s->slot[i];
		if (e->idx == 0)
			return e;
		k = e->idx - 1;
		if (e->hash == h && s->off[k + 1] - s->off[k] == n &&
		    (n == 0 || memcmp(s->pool.p + s->off[k], id, n) == 0))
			return e;
	}
}

/* Twice the slots, each id moved to its place in them. */
static void
ids_grow(struct batch_ids *s)
{
	struct ids_slot *old = s->slot;
	size_t i, j, oldsize = s->size;

	s->size *= 2;
	s->slot = xcalloc(s->size, sizeof *s->slot);
	for (i = 0; i < oldsize; i++) {
		if (old[i].idx == 0)
			continue;
		for (j = old[i].hash & (s->size - 1); s->slot[j].idx != 0;
		    j = (j + 1) & (s->size - 1))
			;
		s->slot[j] = old[i];
	}
	free(old);
}

uint32_t
batchio_ids_add(struct batch_ids *s, const char *id, size_t n)
{
	uint32_t h = ids_hash(id, n);
	struct ids_slot *e = ids_find(s, h, id, n);

	if (e->idx != 0) {
		if (s->times[e->idx] == UINT32_MAX)
			return 0;
		return ++s->times[e->idx];
	}
	if (s->count >= UINT32_MAX - 1)
		return 0;
	if (s->count + 2 > s->offsize) {
		if (s->offsize > SIZE_MAX / 2 / sizeof *s->off)
			return 0;
		s->offsize *= 2;
		s->off = xrealloc(s->off, s->offsize * sizeof *s->off);
		s->times = xrealloc(s->times, s->offsize * sizeof *s->times);
	}
	buf_add(&s->pool, id, n);
	e->hash = h;
	e->idx = (uint32_t)++s->count;
	s->off[s->count] = s->pool.len;
	s->times[s->count] = 1;
	if (s->count * 2 > s->size)
		ids_grow(s);
	return 1;
}

uint32_t
batchio_ids_has(const struct batch_ids *s, const char *id, size_t n)
{
	const struct ids_slot *e = ids_find(s, ids_hash(id, n), id, n);

	return e->idx != 0 ? s->times[e->idx] : 0;
}

size_t
batchio_ids_count(const struct batch_ids *s)
{
	return s->count;
}
