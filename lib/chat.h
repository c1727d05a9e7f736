/*
 * chat: the chat-completion request body, and the decoding of its reply
 * into a struct chat_reply -- the request and the reply of the data flow
 * (chatopt -> prompt -> chat -> http -> sse/jscan -> writers).  The body
 * is built with libjq (json.h); the reply is read in one pass by the code
 * that reads a stream's chunks (stream.h), and never goes through jv.
 *
 * No I/O: the unit tests drive every function with plain values.  Every
 * function that can fail returns an exit status of error.h (0 for
 * success) with e filled in.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>

#include "jqfn.h"

#include "chatopt.h"
#include "money.h"
#include "util.h"

struct or_error;

/*
 * The request body.  Returns it (the caller frees it), or jv_invalid()
 * with e filled when a --set cannot be applied (exit 2).
 */
jv	 chat_body(const struct chat_req *, struct or_error *e);
/*
 * Does the request body (borrowed) ask for a JSON reply: a
 * response_format of type json_object (--json-mode) or json_schema
 * (--schema), whether flags, --set or a batch line put it there?
 */
int	 chat_wants_json(jv body);

/*
 * The reply text inside one surrounding Markdown code fence (```json ...
 * ```), or the whole text, trimmed of white space: sets *off and *n.
 * Returns 1 if a fence was removed.
 */
int	 chat_strip_fence(const char *s, size_t len, size_t *off, size_t *n);

/*
 * Copy the JSON text p[0..n), which jscan accepted, to out without the
 * white space between tokens: one line, every number and string byte for
 * byte but for invalid UTF-8, which becomes U+FFFD (jw_copy).
 */
void	 chat_json_compact(const char *p, size_t n, struct buf *out);

/* The usage of one call, from the reply's usage object. */
struct chat_stats {
	long long	 prompt;	/* -1: not given */
	long long	 completion;
	long long	 reasoning;
	long long	 cached;
	long long	 cache_write;
	int		 has_cost;
	money_t		 cost;		/* usage.cost, exactly */
	struct buf	 raw;		/* the usage object, compacted */
};

/*
 * A decoded reply.  Strings are malloc'd; NULL when absent.  The bufs are
 * owned by the reply; text and reasoning may hold NULs.
 */
struct chat_reply {
	char		*id;		/* generation id */
	char		*model;		/* the model that answered */
	char		*provider;
	char		*finish;	/* finish_reason */
	char		*refusal;	/* message.refusal */
	struct buf	 text;		/* message.content */
	struct buf	 reasoning;	/* message.reasoning */
	int		 has_tools;	/* message.tool_calls is not [] */
	struct buf	 tools;		/* [{id, name, arguments}] or empty */
	struct buf	 message;	/* JSON, for the conversation file */
	struct chat_stats usage;
	int		 has_usage;
};

void	 chat_reply_init(struct chat_reply *);
void	 chat_reply_free(struct chat_reply *);

/*
 * Read the usage object (raw JSON text, validated; invalid UTF-8 in its
 * strings allowed) into u: token counts, the cost exactly through money
 * (never a double), and the object compacted with U+FFFD for bad bytes.
 */
void	 chat_stats_read(const char *p, size_t n, struct chat_stats *u);

/*
 * Decode a non-streaming answer (HTTP 2xx body); gen_id is the
 * X-Generation-Id header, used when the body has no id.  Invalid UTF-8
 * inside a string is let through as orstream lets it through (the text
 * keeps the bytes; rp->message, tools and usage.raw have U+FFFD, by
 * jw).  Returns 0, or 76 for a malformed answer (not JSON: invalid UTF-8
 * outside a string included), or the exit status of an error inside the answer
 * (choices[0].error, finish_reason "error"): the reply is filled as far as
 * it goes in every case, so text received before the error can be kept
 * and the usage logged.
 */
int	 chat_decode(const char *body, size_t len, const char *gen_id,
	    struct chat_reply *, struct or_error *e);

/*
 * The tool calls as one line of JSON and a newline, into out (empty when
 * there are none).
 */
void	 chat_tool_calls_text(const struct chat_reply *, struct buf *out);

/*
 * The finish_reason when the reply was cut short ("length",
 * "content_filter"; borrowed from rp), else NULL.
 */
const char *chat_cut_short(const struct chat_reply *rp);

/*
 * --json-mode, --schema: the reply must be JSON, inside at most one code
 * fence (invalid UTF-8 inside its strings let through).  Sets *off and *n
 * to the JSON; 76 when it is not JSON (then *off and *n cover the whole
 * text, which is kept).
 */
int	 chat_check_json(const struct chat_reply *, size_t *off, size_t *n,
	    struct or_error *e);

#endif
