/*
 * fz_sse: the SSE parser fed in pieces must dispatch exactly the events,
 * and end in exactly the state, of the same bytes fed whole; so must a
 * parser that borrows events (sse_borrow), fed in the same pieces.
 *
 * Input: byte 0 picks the line cap (small, to reach SSE_ETOOBIG) and the
 * number of cuts; the next bytes are the cut positions, two bytes each;
 * the rest is the stream.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "sse.h"

struct run {
	struct fz_buf	 ev;
	int		 rc, pending, borrow;
	long		 retry;
};

/* Every event as length-prefixed type, data and id. */
static int
record(void *ctx, const struct sse_event *ev)
{
	struct run *r = ctx;
	struct fz_buf *b = &r->ev;

	FZ_CHECK(ev->type[ev->typelen] == '\0');
	FZ_CHECK(r->borrow || ev->data[ev->datalen] == '\0');
	FZ_CHECK(ev->id[ev->idlen] == '\0');
	FZ_CHECK(ev->typelen > 0);
	fz_addfield(b, ev->type, ev->typelen);
	fz_addfield(b, ev->data, ev->datalen);
	fz_addfield(b, ev->id, ev->idlen);
	return 0;
}

static int
probe(void *ctx, const struct sse_event *ev)
{
	*(long *)ctx = ev->retry;
	return 0;
}

static void
feed(const unsigned char *s, size_t len, const size_t *cut, size_t ncut,
    size_t maxbytes, int borrow, struct run *r)
{
	struct sse *p;
	size_t i, at = 0;

	memset(r, 0, sizeof *r);
	fz_add(&r->ev, "", 0);
	if ((p = sse_new(maxbytes)) == NULL)
		abort();
	sse_borrow(p, borrow);
	r->borrow = borrow;
	for (i = 0; i <= ncut; i++) {
		size_t to = i < ncut ? cut[i] : len;

		r->rc = sse_feed(p, s + at, to - at, record, r);
		at = to;
	}
	r->pending = sse_pending(p);
	/* The reconnection time, as the event of a probe carries it. */
	r->retry = -2;
	if (r->rc == 0)
		sse_feed(p, "\ndata\n\n", 7, probe, &r->retry);
	sse_free(p);
}

static int
cmpsize(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run whole, split, lent;
	size_t cut[16], ncut, maxbytes, i, len;
	const unsigned char *s;

	if (size < 1)
		return 0;
	ncut = data[0] & 15;
	maxbytes = data[0] & 0x80 ? 16 + (data[0] >> 4 & 7) * 16 : 0;
	if (size < 1 + 2 * ncut)
		return 0;
	s = data + 1 + 2 * ncut;
	len = size - 1 - 2 * ncut;
	for (i = 0; i < ncut; i++)
		cut[i] = (data[1 + 2 * i] | (size_t)data[2 + 2 * i] << 8) %
		    (len + 1);
	qsort(cut, ncut, sizeof cut[0], cmpsize);

	feed(s, len, NULL, 0, maxbytes, 0, &whole);
	feed(s, len, cut, ncut, maxbytes, 0, &split);
	feed(s, len, cut, ncut, maxbytes, 1, &lent);
	FZ_CHECK(whole.rc == split.rc);
	FZ_CHECK(whole.rc == lent.rc);
	if (whole.rc == 0) {
		FZ_CHECK(whole.pending == split.pending);
		FZ_CHECK(whole.retry == split.retry);
		FZ_CHECK(whole.pending == lent.pending);
		FZ_CHECK(whole.retry == lent.retry);
	}
	FZ_CHECK(whole.ev.n == split.ev.n);
	FZ_CHECK(memcmp(whole.ev.p, split.ev.p, whole.ev.n) == 0);
	FZ_CHECK(whole.ev.n == lent.ev.n);
	FZ_CHECK(memcmp(whole.ev.p, lent.ev.p, whole.ev.n) == 0);
	free(whole.ev.p);
	free(split.ev.p);
	free(lent.ev.p);
	return 0;
}
