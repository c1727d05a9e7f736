/*
 * sse: the WHATWG event stream interpretation, fed in pieces.
 *
 * No byte is searched twice: a line that ends inside the current feed is
 * parsed where it lies, and only a line left unfinished at the end of a
 * feed is copied aside and extended by the next, so a long line fed a byte
 * at a time costs linear time.  Besides a line, only two things straddle
 * feeds: a CRLF split after its CR (the cr flag) and the leading BOM.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jw.h"
#include "sse.h"
#include "util.h"

struct sse {
	struct buf	 line;	/* the unfinished line at the end of a feed */
	struct buf	 data;	/* the WHATWG data buffer */
	struct buf	 type;	/* the event type buffer */
	struct buf	 id;	/* the last event ID buffer */
	size_t		 max;
	long		 retry;
	int		 err;	/* once nonzero, what every feed returns */
	int		 bom;	/* BOM bytes matched so far; 3 once past it */
	int		 cr;	/* the last feed ended in CR: skip an LF next */
	int		 open;	/* a field line since the last blank line */
	int		 borrow; /* sse_borrow: hand on data where it lies */
	int		 held;	/* the event's one data line is at hold */
	const char	*hold;	/* in the caller's bytes, holdlen of them */
	size_t		 holdlen;
};

static const char utf8bom[] = "\xef\xbb\xbf";

static int
is(const char *name, size_t len, const char *field)
{
	return len == strlen(field) && memcmp(name, field, len) == 0;
}

/* The data buffer's length, a line held where it lies included. */
static size_t
datalen(const struct sse *p)
{
	return p->held ? p->holdlen + 1 : p->data.len;
}

/* A data line held where it lies into the data buffer, before it goes. */
static void
unhold(struct sse *p)
{
	if (!p->held)
		return;
	p->held = 0;
	buf_add(&p->data, p->hold, p->holdlen);
	buf_add(&p->data, "\n", 1);
}

static int
dispatch(struct sse *p, sse_cb cb, void *ctx)
{
	struct sse_event	 ev;
	int			 rv = 0;

	p->open = 0;
	if (datalen(p) > 0 && cb != NULL) {
		if (p->held) {
			ev.data = p->hold;
			ev.datalen = p->holdlen;
		} else {
			/* Every data line appended a LF: remove one. */
			p->data.p[--p->data.len] = '\0';
			ev.data = p->data.p;
			ev.datalen = p->data.len;
		}
		if (p->type.len > 0) {
			ev.type = p->type.p;
			ev.typelen = p->type.len;
		} else {
			ev.type = "message";
			ev.typelen = strlen(ev.type);
		}
		ev.id = p->id.len > 0 ? p->id.p : "";
		ev.idlen = p->id.len;
		ev.retry = p->retry;
		rv = cb(ctx, &ev);
	}
	p->held = 0;
	p->data.len = 0;
	p->type.len = 0;
	return rv;
}

static void
retry(struct sse *p, const char *v, size_t n)
{
	long	 ms = 0;
	size_t	 i;
	int	 d;

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return;
		d = v[i] - '0';
		/* Any run of digits is valid; a huge delay means never. */
		ms = ms > (LONG_MAX - d) / 10 ? LONG_MAX : ms * 10 + d;
	}
	p->retry = ms;
}

/*
 * One complete line, without its terminator; inplace: it lies in the
 * caller's bytes, where it may be borrowed.
 */
static int
line(struct sse *p, const char *s, size_t n, int inplace, sse_cb cb,
    void *ctx)
{
	const char	*colon, *v;
	size_t		 namelen, vlen;

	if (n == 0)
		return dispatch(p, cb, ctx);
	if (s[0] == ':')
		return 0;
	p->open = 1;
	/* Most lines are data lines: their colon is known without a search. */
	if (n >= 5 && memcmp(s, "data:", 5) == 0)
		colon = s + 4;
	else
		colon = memchr(s, ':', n);
	if (colon != NULL) {
		namelen = colon - s;
		v = colon + 1;
		vlen = n - namelen - 1;
		if (vlen > 0 && v[0] == ' ') {
			v++;
			vlen--;
		}
	} else {
		namelen = n;
		v = s + n;
		vlen = 0;
	}

	/*
	 * The buffers have no cap of their own (lines() holds a line and
	 * the data to max) and running out of memory is fatal, so adding to
	 * them cannot fail.
	 */
	if (is(s, namelen, "data")) {
		/* The usual event, one data line: no copy of it, if allowed. */
		if (p->borrow && inplace && p->data.len == 0 && !p->held) {
			p->held = 1;
			p->hold = v;
			p->holdlen = vlen;
			return 0;
		}
		unhold(p);
		buf_add(&p->data, v, vlen);
		buf_add(&p->data, "\n", 1);
	} else if (is(s, namelen, "event")) {
		buf_reset(&p->type);
		buf_add(&p->type, v, vlen);
	} else if (is(s, namelen, "id") && memchr(v, '\0', vlen) == NULL) {
		buf_reset(&p->id);
		buf_add(&p->id, v, vlen);
	} else if (is(s, namelen, "retry"))
		retry(p, v, vlen);
	return 0;
}

static const char *
find(const char *s, const char *end, int c)
{
	const char	*q;

	return (q = memchr(s, c, end - s)) != NULL ? q : end;
}

static int
lines(struct sse *p, const char *s, size_t n, sse_cb cb, void *ctx)
{
	const char	*end = s + n, *eol, *cr, *lf;
	size_t		 len;
	int		 rv;

	if (n > 0 && p->cr) {
		p->cr = 0;
		if (*s == '\n')
			s++;
	}
	/*
	 * memchr is far quicker than a byte loop; keeping where it found
	 * the next CR and the next LF means no byte is searched twice.
	 */
	cr = find(s, end, '\r');
	lf = find(s, end, '\n');
	while (s < end) {
		if (cr < s)
			cr = find(s, end, '\r');
		/* A blank line after a data line is the usual LF next. */
		if (lf < s)
			lf = *s == '\n' ? s : find(s, end, '\n');
		eol = cr < lf ? cr : lf;
		/*
		 * Counting the whole line, copied or not, makes the limit
		 * trip at the same place in the stream however it is split.
		 */
		len = eol - s;
		if (p->line.len + len + datalen(p) > p->max)
			return SSE_ETOOBIG;
		if (eol == end) {
			/* What is borrowed must not outlive the caller's bytes. */
			unhold(p);
			buf_add(&p->line, s, len);
			return 0;
		}

		if (p->line.len > 0) {
			buf_add(&p->line, s, len);
			rv = line(p, p->line.p, p->line.len, 0, cb, ctx);
			p->line.len = 0;
		} else
			rv = line(p, s, len, 1, cb, ctx);
		if (rv != 0)
			return rv;

		if (*eol == '\r' && eol + 1 == end)
			p->cr = 1;
		else if (*eol == '\r' && eol[1] == '\n')
			eol++;
		s = eol + 1;
	}
	unhold(p);
	return 0;
}

struct sse *
sse_new(size_t maxbytes)
{
	struct sse	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	buf_init(&p->line, 0);
	buf_init(&p->data, 0);
	buf_init(&p->type, 0);
	buf_init(&p->id, 0);
	p->max = maxbytes > 0 ? maxbytes : SSE_MAXBYTES;
	p->retry = -1;
	return p;
}

void
sse_free(struct sse *p)
{
	if (p == NULL)
		return;
	buf_free(&p->line);
	buf_free(&p->data);
	buf_free(&p->type);
	buf_free(&p->id);
	free(p);
}

int
sse_feed(struct sse *p, const void *buf, size_t len, sse_cb cb, void *ctx)
{
	const char	*s = buf;
	int		 held;

	if (p->err != 0 || len == 0)
		return p->err;
	/*
	 * Only one BOM, only at the very start, and it may come in pieces:
	 * hold the bytes matched so far, and if the match breaks, parse
	 * them as the ordinary bytes they turned out to be.
	 */
	while (p->bom < 3 && len > 0) {
		if (*s == utf8bom[p->bom]) {
			s++;
			len--;
			p->bom++;
		} else {
			held = p->bom;
			p->bom = 3;
			if ((p->err = lines(p, utf8bom, held, cb, ctx)) != 0)
				return p->err;
		}
	}
	p->err = lines(p, s, len, cb, ctx);
	return p->err;
}

void
sse_borrow(struct sse *p, int on)
{
	unhold(p);
	p->borrow = on != 0;
}

int
sse_pending(const struct sse *p)
{
	return p->line.len > 0 || (p->bom > 0 && p->bom < 3) || p->open;
}

const char *
sse_strerror(int err)
{
	switch (err) {
	case 0:
		return "no error";
	case SSE_ETOOBIG:
		return "event too large";
	default:
		return "stopped by the caller";
	}
}

void
sse_event_json(const struct sse_event *ev, struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj(&w);
	jw_kstr(&w, "event", ev->type, ev->typelen);
	jw_kstr(&w, "data", ev->data, ev->datalen);
	if (ev->idlen)
		jw_kstr(&w, "id", ev->id, ev->idlen);
	jw_end(&w);
	buf_add(out, "\n", 1);
}
