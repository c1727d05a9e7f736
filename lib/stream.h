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
 * ends it.  Chunks are read with jscan in one pass each, so the hot path
 * builds no JSON tree and copies no text it does not hand on.
 */
#ifndef STREAM_H
#define STREAM_H

#include <stddef.h>

#include "error.h"
#include "util.h"

#define STREAM_KEEP	1	/* keep the text and reasoning (for --json) */

struct stream_tool {
	long long	 index;
	struct buf	 id, type, name, args;
};

struct stream {
	unsigned	 flags;
	void		(*on_text)(void *ctx, const char *p, size_t n);
	void		(*on_reasoning)(void *ctx, const char *p, size_t n);
	void		*ctx;

	struct buf	 text;		/* with STREAM_KEEP */
	struct buf	 reasoning;	/* with STREAM_KEEP */
	char		 finish[32];	/* last non-null finish_reason */
	struct buf	 usage;		/* raw JSON of the last usage object */
	struct buf	 id, model, provider, created;
	struct stream_tool *tools;
	size_t		 ntools;
	size_t		 events;	/* data events decoded */
	int		 done;		/* [DONE] seen */
	int		 failed;	/* err holds why */
	struct or_error	 err;
	struct buf	 scratch;	/* decoding escapes */
};

void	 stream_init(struct stream *, unsigned flags);
void	 stream_free(struct stream *);

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

#endif
