/*
 * fz_streamdiff: lib/stream's fast path held against its full decoder.
 * Each input is decoded twice, once as orstream decodes (the memo on) and
 * once with STREAM_NOMEMO (every chunk through the strict chunk parser),
 * and the two must agree after every event: the status stream_data
 * returns, the text and reasoning handed on (piece by piece), the events
 * counted, the tool calls, the usage, the error, the completion, and at
 * the end stream_end's status and message.
 *
 * Input: byte 0 says how the rest is cut into payloads.  Bit 0 set: the
 * rest is an SSE stream, parsed by lib/sse in the pieces that bits 1-3
 * ask for (so the parser's borrowed and copied events both reach the
 * decoder); clear: each LF-terminated line of the rest is one payload
 * (so a mutation reaches the chunk bytes without SSE framing in its way).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fz.h"
#include "sse.h"
#include "stream.h"

/* A decoder and what it has done so far, as comparable bytes. */
struct side {
	struct stream	*st;
	struct fz_buf	 log;	/* pieces of text and reasoning, statuses */
	int		 rc;
};

static void
on_text(void *ctx, const char *p, size_t n)
{
	struct side *d = ctx;

	fz_add(&d->log, "T", 1);
	fz_addfield(&d->log, p, n);
}

static void
on_reasoning(void *ctx, const char *p, size_t n)
{
	struct side *d = ctx;

	fz_add(&d->log, "R", 1);
	fz_addfield(&d->log, p, n);
}

static void
side_init(struct side *d, unsigned flags)
{
	memset(d, 0, sizeof *d);
	fz_add(&d->log, "", 0);
	d->st = stream_new(STREAM_KEEP | flags, on_text, on_reasoning, d);
}

static int
same(const void *a, size_t na, const void *b, size_t nb)
{
	return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

static int
same_str(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
}

/* Everything the two decoders can be asked, compared. */
static void
compare(const struct side *f, const struct side *s)
{
	const struct or_error *ef, *es;
	const char *p, *q;
	size_t np, nq;
	char *jf, *js;

	FZ_CHECK(f->rc == s->rc);
	FZ_CHECK(same(f->log.p, f->log.n, s->log.p, s->log.n));
	FZ_CHECK(stream_events(f->st) == stream_events(s->st));
	FZ_CHECK(stream_ntools(f->st) == stream_ntools(s->st));
	p = stream_text(f->st, &np);
	q = stream_text(s->st, &nq);
	FZ_CHECK(same(p, np, q, nq));
	p = stream_reasoning(f->st, &np);
	q = stream_reasoning(s->st, &nq);
	FZ_CHECK(same(p, np, q, nq));
	p = stream_usage(f->st, &np);
	q = stream_usage(s->st, &nq);
	FZ_CHECK((p == NULL) == (q == NULL) && same(p, np, q, nq));
	FZ_CHECK(same_str(stream_id(f->st), stream_id(s->st)));
	FZ_CHECK(same_str(stream_model(f->st), stream_model(s->st)));
	FZ_CHECK(same_str(stream_provider(f->st), stream_provider(s->st)));
	ef = stream_error(f->st);
	es = stream_error(s->st);
	FZ_CHECK((ef == NULL) == (es == NULL));
	if (ef != NULL) {
		FZ_CHECK(ef->exit == es->exit && ef->status == es->status);
		FZ_CHECK(strcmp(ef->msg, es->msg) == 0);
	}
	jf = stream_tools_json(f->st);
	js = stream_tools_json(s->st);
	FZ_CHECK(strcmp(jf, js) == 0);
	free(jf);
	free(js);
	jf = stream_completion_json(f->st);
	js = stream_completion_json(s->st);
	FZ_CHECK(strcmp(jf, js) == 0);
	free(jf);
	free(js);
}

struct pair {
	struct side	 fast, full;
};

/* One payload to both, compared after. */
static void
both(struct pair *x, const char *p, size_t n)
{
	x->fast.rc = stream_data(x->fast.st, p, n);
	x->full.rc = stream_data(x->full.st, p, n);
	fz_add(&x->fast.log, "S", 1);
	fz_addfield(&x->fast.log, &x->fast.rc, sizeof x->fast.rc);
	fz_add(&x->full.log, "S", 1);
	fz_addfield(&x->full.log, &x->full.rc, sizeof x->full.rc);
	compare(&x->fast, &x->full);
}

static int
on_event(void *ctx, const struct sse_event *ev)
{
	both(ctx, ev->data, ev->datalen);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct or_error ef, es;
	struct pair x;
	struct sse *p;
	const char *s, *end, *nl;
	size_t len, step, at;
	int pending = 0, rf, rs;

	if (size < 1)
		return 0;
	s = (const char *)data + 1;
	len = size - 1;
	end = s + len;
	side_init(&x.fast, 0);
	side_init(&x.full, STREAM_NOMEMO);
	if (data[0] & 1) {
		if ((p = sse_new(0)) == NULL)
			abort();
		sse_borrow(p, data[0] & 0x10);
		/* Pieces of 1 to 8 bytes, or the whole. */
		step = data[0] >> 1 & 7;
		for (at = 0; at < len; at += step ? step : len)
			sse_feed(p, s + at, step && len - at > step ? step :
			    len - at, on_event, &x);
		pending = sse_pending(p);
		sse_free(p);
	} else
		for (; s < end; s = nl + 1) {
			if ((nl = memchr(s, '\n', end - s)) == NULL)
				nl = end;
			both(&x, s, nl - s);
		}
	rf = stream_end(x.fast.st, pending, &ef);
	rs = stream_end(x.full.st, pending, &es);
	FZ_CHECK(rf == rs);
	FZ_CHECK(strcmp(rf ? ef.msg : "", rs ? es.msg : "") == 0);
	compare(&x.fast, &x.full);
	stream_free(x.fast.st);
	stream_free(x.full.st);
	free(x.fast.log.p);
	free(x.full.log.p);
	return 0;
}
