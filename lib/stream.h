/*
 * stream: decoding an OpenRouter (OpenAI-style) chat-completions stream,
 * one SSE data payload at a time.  No I/O: text and reasoning go to the
 * caller's callbacks as they are decoded; the rest is kept for the end.
 *
 * The rules (OPENROUTER-API.md section 4): text is the delta.content of the
 * choice whose index is 0; the last non-null finish_reason wins (the usage
 * chunk after the finish chunk has a null one, or none, or choices []);
 * usage comes from whichever chunk carries it; tool calls are assembled per
 * index; an "error" object in any chunk is the stream's failure; "[DONE]"
 * ends it.  When a chunk gives a key twice, the last one counts (as in jq
 * and lib/cost).  Chunks are read with jscan's cursor in one pass each, so the
 * hot path builds no JSON tree and copies no text it does not hand on.
 * A chunk byte-identical to the last one but for its content string
 * (the usual case) has only that string checked and decoded.
 * The decoder is opaque: stream_new, then the accessors below.
 *
 * The same code reads a whole non-streamed reply (STREAM_MESSAGE), which
 * is one chunk whose choices[0] has a "message" where a chunk's choices
 * have a "delta": chat_decode is built on it.
 */
#ifndef STREAM_H
#define STREAM_H

#include <stddef.h>

#include "error.h"
#include "jscan.h"

#define STREAM_KEEP	1	/* keep the text and reasoning (for --json) */
#define STREAM_MESSAGE	2	/* the one payload is a whole reply */
#define STREAM_NOMEMO	4	/* for tests and benchmarks: every chunk
				 * decoded in full, none by the memo */

#define STREAM_MAXTOOLS	1024	/* tool calls in one stream, at most */
#define STREAM_MAXFINISH 255	/* bytes of finish_reason kept, at most */

/* What a stream's text and reasoning are handed to as they are decoded. */
typedef void	(*stream_text_cb)(void *ctx, const char *p, size_t n);

struct stream;

/*
 * A new stream decoder (allocation failure is fatal).  on_text and
 * on_reasoning (either may be NULL) get each piece of text as it is
 * decoded, with ctx; the bytes are valid only during the call and may
 * hold NULs.  Release it with stream_free (NULL is fine).
 */
struct stream	*stream_new(unsigned flags, stream_text_cb on_text,
		    stream_text_cb on_reasoning, void *ctx);
void		 stream_free(struct stream *);

/*
 * Decode one data payload.  Returns 0 to go on, or an exit status once the
 * stream has failed: an error chunk (mapped from its code; a code that is
 * not 4xx or 5xx, such as 200, is taken as 502, so an error is never a
 * success), a payload that is not JSON (76), or more than
 * STREAM_MAXTOOLS tool calls (76).  After a failure the stream takes no more data.
 * With STREAM_MESSAGE the payload is a whole reply, read as chunks are
 * (invalid UTF-8 inside a string is let through, to be replaced where it is
 * written as JSON; outside a string it is malformed, 76), and an error
 * object in it is no failure here: stream_msg hands it back.  The payload must then outlive the stream's
 * use of stream_msg.
 */
int	 stream_data(struct stream *, const char *data, size_t len);

/*
 * The outcome at the end of the input: 0, the failure's status, or 76 when
 * the stream was cut (no [DONE], or the input ended inside an event --
 * pending).  e says why.
 */
int	 stream_end(struct stream *, int pending, struct or_error *e);

/*
 * The tool calls as orchat prints them: [{"id","name","arguments"}]; with
 * STREAM_MESSAGE an id or name the call did not have is null.
 */
char	*stream_tools_json(const struct stream *);

/*
 * One chat.completion object assembled from the chunks, the shape orchat
 * --json prints, as compact JSON text (malloc'd).  Its finish_reason is
 * the last non-null one, or null: decoded, and cut between two characters
 * when longer than STREAM_MAXFINISH bytes (a \u0000 in it ends it).
 */
char	*stream_completion_json(const struct stream *);

/*
 * ---- what has been decoded so far ----
 * The strings below belong to the stream and are valid until the next
 * stream_data or stream_free.
 */

/* The number of data events decoded, [DONE] not counted. */
size_t	 stream_events(const struct stream *);

/* The number of tool calls assembled. */
size_t	 stream_ntools(const struct stream *);

/*
 * The raw JSON of the last usage object (n bytes), or NULL if none.  It
 * may hold invalid UTF-8 (chunks are let through): pass it on with
 * jw_copy, never as it is.
 */
const char *stream_usage(const struct stream *, size_t *n);

/* With STREAM_KEEP: the text and the reasoning so far (may hold NULs). */
const char *stream_text(const struct stream *, size_t *n);
const char *stream_reasoning(const struct stream *, size_t *n);

/* The first id, model and provider strings, or NULL if none. */
const char *stream_id(const struct stream *);
const char *stream_model(const struct stream *);
const char *stream_provider(const struct stream *);

/*
 * With STREAM_MESSAGE: the parts of the reply that a chunk does not have,
 * or that the caller reads itself, as raw values (kind JSCAN_NONE when
 * absent) inside the payload given to stream_data.
 */
struct stream_msg {
	struct jscan_val message;	/* choices[0].message, if an object */
	struct jscan_val content;	/* and its members */
	struct jscan_val reasoning;
	struct jscan_val details;	/* reasoning_details */
	struct jscan_val tools;		/* tool_calls */
	struct jscan_val refusal;
	struct jscan_val finish;	/* choices[0].finish_reason */
	struct jscan_val error;		/* choices[0].error */
	struct jscan_val top_error;	/* the reply's error object */
};
const struct stream_msg *stream_msg(const struct stream *);

/*
 * Why the stream failed (an error chunk, or a payload that is not JSON),
 * or NULL while it has not.  Valid until stream_free.
 */
const struct or_error *stream_error(const struct stream *);

#endif
