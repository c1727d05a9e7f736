/*
 * fz_stream: one chunk of a chat-completions stream, decoded by
 * lib/stream, against jscan's look-ups of the same chunk.  Never a crash;
 * when the chunk is JSON with one choice (of index 0), the text handed on
 * is exactly that choice's delta.content as jscan_get finds it (a key
 * given twice is its last member); what the decoder assembles (--json's
 * completion, the tool calls) is JSON.
 * The same bytes as a whole reply (chat_decode, orchat's reader): 76
 * exactly when they are not JSON (invalid UTF-8 in strings allowed, as in
 * a chunk), and what it writes as JSON (the message for a conversation,
 * the usage for the ledger, the tool calls) is valid UTF-8 JSON.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chat.h"
#include "error.h"
#include "fz.h"
#include "jscan.h"
#include "stream.h"

static void
on_text(void *ctx, const char *p, size_t n)
{
	fz_add(ctx, p, n);
}

static void
on_reasoning(void *ctx, const char *p, size_t n)
{
	FZ_CHECK(n > 0);
}

/* What the text should be, by jscan_get; -1 when no rule says. */
static int
expected(const char *s, size_t len, struct fz_buf *want)
{
	struct jscan_val ch, v, e;
	size_t pos = 0;
	long long idx;
	char *t;
	size_t n;
	int nch = 0;

	if (jscan_get(s, len, "", &v) != 1 || v.kind != JSCAN_OBJECT)
		return -1;
	if (jscan_get(s, len, "error", &e) == 1 && e.kind == JSCAN_OBJECT)
		return -1;
	/* Issue 11 item 33: a repeated key is its last member, as here. */
	if (jscan_get(s, len, "choices", &v) != 1 || v.kind != JSCAN_ARRAY)
		return 0;
	while (jscan_iter(v.p, v.len, &pos, NULL, &ch) == 1)
		nch++;
	if (nch == 0)
		return 0;
	if (nch != 1 || jscan_get(v.p, v.len, "0", &ch) != 1 ||
	    ch.kind != JSCAN_OBJECT)
		return -1;
	if (jscan_get(ch.p, ch.len, "index", &e) == 1 &&
	    (jscan_llong(&e, LLONG_MIN, LLONG_MAX, &idx) != 0 || idx != 0))
		return 0;
	if (jscan_get(ch.p, ch.len, "delta.content", &e) != 1 ||
	    e.kind != JSCAN_STRING || e.len <= 2)
		return 0;
	n = jscan_unescape(e.p, e.len, NULL, 0);
	if ((t = malloc(n + 1)) == NULL)
		abort();
	jscan_unescape(e.p, e.len, t, n + 1);
	fz_add(want, t, n);
	free(t);
	return 0;
}

static void
check_json(char *s)
{
	FZ_CHECK(s != NULL);
	FZ_CHECK(jscan_validate(s, strlen(s), NULL) == 0);
	free(s);
}

/* The finish_reason of the completion st assembled, decoded. */
static const char *
finish_of(const struct stream *st)
{
	static char out[STREAM_MAXFINISH * 3 + 1];
	struct jscan_val v;
	char *j;

	out[0] = '\0';
	j = stream_completion_json(st);
	if (jscan_get(j, strlen(j), "choices.0.finish_reason", &v) == 1 &&
	    v.kind == JSCAN_STRING)
		jscan_unescape(v.p, v.len, out, sizeof out);
	free(j);
	return out;
}

/* The bytes as a whole non-streamed reply. */
static void
whole_reply(const char *s, size_t size)
{
	struct chat_reply rp;
	struct or_error e;
	int rc, json;

	json = jscan_getnf(s, size, NULL, 0, NULL, NULL, JSCAN_RAW_UTF8) == 0;
	chat_reply_init(&rp);
	rc = chat_decode(s, size, NULL, &rp, &e);
	FZ_CHECK(json || rc == EX_PROTOCOL);
	/* JSON is never called malformed (issue 11: a paid reply lost). */
	FZ_CHECK(!json || strncmp(e.msg, "malformed answer: line", 22) != 0);
	FZ_CHECK(memchr(e.msg, '\0', sizeof e.msg) != NULL);
	if (rp.message.len)
		FZ_CHECK(jscan_validate(rp.message.p, rp.message.len,
		    NULL) == 0);
	if (rp.has_usage)
		FZ_CHECK(jscan_validate(rp.usage.raw.p, rp.usage.raw.len,
		    NULL) == 0);
	if (rp.tools.len)
		FZ_CHECK(jscan_validate(rp.tools.p, rp.tools.len, NULL) == 0);
	chat_reply_free(&rp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_buf got = { 0 }, want = { 0 };
	struct or_error e;
	struct stream *st;
	const char *s = (const char *)data;
	int rc;

	fz_add(&got, "", 0);
	fz_add(&want, "", 0);
	st = stream_new(STREAM_KEEP, on_text, on_reasoning, &got);
	rc = stream_data(st, s, size);
	/*
	 * At most STREAM_MAXFINISH bytes are kept; read back through the
	 * completion's JSON each invalid byte kept is a U+FFFD, 3 bytes.
	 */
	FZ_CHECK(strlen(finish_of(st)) <= 3 * STREAM_MAXFINISH);
	if (rc == 0 && expected(s, size, &want) == 0) {
		FZ_CHECK(got.n == want.n);
		FZ_CHECK(memcmp(got.p, want.p, got.n) == 0);
	}
	stream_end(st, 0, &e);
	FZ_CHECK(memchr(e.msg, '\0', sizeof e.msg) != NULL);
	if (rc == 0 && jscan_validate(s, size, NULL) == 0) {
		check_json(stream_completion_json(st));
		check_json(stream_tools_json(st));
	}
	stream_free(st);
	free(got.p);
	free(want.p);
	whole_reply(s, size);
	return 0;
}
