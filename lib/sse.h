/*
 * sse: an incremental Server-Sent Events parser, following the WHATWG HTML
 * "event stream interpretation" algorithm.  It does no I/O: the caller
 * feeds it bytes as they arrive, split anywhere, and it calls back once
 * per dispatched event.  The events are the same whatever the split.
 *
 * Bytes are passed through as they are (no UTF-8 validation), so data may
 * hold any byte, NUL included.  An event still open when the stream ends
 * is never dispatched: there is deliberately no flush, as the algorithm
 * drops an event that lacks its blank line.
 */
#ifndef SSE_H
#define SSE_H

#include <stddef.h>

#define SSE_ETOOBIG	(-2)	/* a line plus buffered data over maxbytes */

#define SSE_MAXBYTES	((size_t)64 << 20)	/* maxbytes when given 0 */

struct sse;

/*
 * All three strings are owned by the parser (or lie in the bytes being
 * fed, see sse_borrow) and valid only during the callback.  Each is also
 * NUL-terminated, data unless borrowed, but data may contain NULs too:
 * trust the lengths.  retry is the reconnection time the stream asked
 * for so far: the last valid retry field in milliseconds (saturating), or
 * -1 if none.
 */
struct sse_event {
	const char	*type;	/* "message" when event was absent or empty */
	size_t		 typelen;
	const char	*data;	/* data lines joined by LF, last LF removed */
	size_t		 datalen;
	const char	*id;	/* last event ID at dispatch; may be "" */
	size_t		 idlen;
	long		 retry;	/* reconnection time at dispatch, or -1 */
};

/*
 * Called once per dispatched event.  A nonzero return stops parsing and
 * becomes sse_feed's return value; return positive values so they cannot
 * be mistaken for SSE_E*.
 */
typedef int	(*sse_cb)(void *ctx, const struct sse_event *ev);

/*
 * The event as one JSON line appended to out: {"event":..,"data":..} and
 * "id" when it has one, strings escaped, invalid UTF-8 replaced, a
 * newline last.
 */
struct buf;
void		 sse_event_json(const struct sse_event *, struct buf *out);

/*
 * maxbytes caps the length of a line plus the data already buffered for
 * its event, so memory stays within a small multiple of it; 0 means
 * SSE_MAXBYTES.  Returns NULL when out of memory.  The caller owns the
 * parser and releases it with sse_free.
 */
struct sse	*sse_new(size_t maxbytes);
void		 sse_free(struct sse *p);

/*
 * Parses len bytes of buf (buf may be NULL when len is 0), calling cb for
 * each event completed (cb may be NULL to only track id and retry).
 * Returns 0, the callback's nonzero value or SSE_ETOOBIG; running out of
 * memory is fatal (util's buf).
 * Every nonzero result is final: the rest of buf is dropped and later
 * calls return the same value without parsing.  The events dispatched
 * before an SSE_ETOOBIG do not depend on how the input was split.
 */
int		 sse_feed(struct sse *p, const void *buf, size_t len, sse_cb cb,
		    void *ctx);

/*
 * With on nonzero, an event whose data is one line lying whole in the
 * bytes of the sse_feed call that dispatches it is handed to the callback
 * where it lies, not copied: its data is then not NUL-terminated (trust
 * datalen).  Off by default.  The events are the same either way.
 */
void		 sse_borrow(struct sse *p, int on);

/*
 * Nonzero when the bytes fed so far end inside an event: a partial line
 * (comments included), or a field line with no blank line after it yet.
 * At end of input this means the stream was truncated.
 */
int		 sse_pending(const struct sse *p);

/* A short description of a nonzero sse_feed result. */
const char	*sse_strerror(int err);

#endif
