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
 * ends it.  Chunks are read with jscan's cursor in one pass each, so the
 * hot path builds no JSON tree and copies no text it does not hand on.
 * The decoder is opaque: stream_new, then the accessors below.
 */
#ifndef STREAM_H
#define STREAM_H

#include <stddef.h>

#include "error.h"

#define STREAM_KEEP	1	/* keep the text and reasoning (for --json) */

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
 * stream has failed: an error chunk (mapped from its code), or a payload
 * that is not JSON (76).  After a failure the stream takes no more data.
 */
int	 stream_data(struct stream *, const char *data, size_t len);

/*
 * The outcome at the end of the input: 0, the failure's status, or 76 when
 * the stream was cut (no [DONE], or the input ended inside an event --
 * pending).  e says why.
 */
int	 stream_end(struct stream *, int pending, struct or_error *e);

/* The tool calls as orchat prints them: [{"id","name","arguments"}]. */
char	*stream_tools_json(const struct stream *);

/*
 * One chat.completion object assembled from the chunks, the shape orchat
 * --json prints, as compact JSON text (malloc'd).
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

/* The last non-null finish_reason (at most 31 bytes), or "". */
const char *stream_finish(const struct stream *);

/* The raw JSON of the last usage object (n bytes), or NULL if none. */
const char *stream_usage(const struct stream *, size_t *n);

/*
 * Why the stream failed (an error chunk, or a payload that is not JSON),
 * or NULL while it has not.  Valid until stream_free.
 */
const struct or_error *stream_error(const struct stream *);

#endif
