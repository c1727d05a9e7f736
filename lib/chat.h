/*
 * chat: the chat-completion request, shared by orchat and orstream.
 *
 * One option table for both commands (CHAT_LONGOPTS, chat_opt), the
 * gathering of the messages from their sources (arguments, stdin, a
 * conversation file, --system, images and files), the request body built
 * with jv, the decoding of a reply into a struct chat_reply, and what is
 * done with a reply besides printing it: the usage line, the spend ledger
 * (--log), the budget check (--max-cost) and the conversation file.
 *
 * Functions that read or write files say so; the rest do no I/O, so the
 * unit tests drive them with plain values.  Every function that can fail
 * returns an exit status of error.h (0 for success) with e filled in.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <jv.h>

#include "money.h"
#include "opts.h"
#include "util.h"

struct or_error;
struct cat_model;

#define CHAT_MODEL_DEFAULT	"openrouter/auto"
/* A prompt, a message file or an attachment larger than this is a mistake. */
#define CHAT_INPUT_MAX		(32u << 20)
#define CHAT_MAX_STOP		4	/* stop strings the API takes */

/* Long-only option codes; a command's own start at CHAT_OPT_END. */
enum {
	CHAT_OPT_CATALOG = OPT_CMD,
	CHAT_OPT_DATA_COLLECTION,
	CHAT_OPT_DRY_RUN,
	CHAT_OPT_FALLBACK,
	CHAT_OPT_FILE,
	CHAT_OPT_FREQUENCY_PENALTY,
	CHAT_OPT_JSON_MODE,
	CHAT_OPT_LOG,
	CHAT_OPT_MAX_COST,
	CHAT_OPT_MAX_PRICE_COMPLETION,
	CHAT_OPT_MAX_PRICE_PROMPT,
	CHAT_OPT_MAX_TOKENS,
	CHAT_OPT_MIN_P,
	CHAT_OPT_NO_FALLBACKS,
	CHAT_OPT_NO_PARALLEL_TOOL_CALLS,
	CHAT_OPT_PRESENCE_PENALTY,
	CHAT_OPT_PROVIDER_IGNORE,
	CHAT_OPT_PROVIDER_ONLY,
	CHAT_OPT_PROVIDER_ORDER,
	CHAT_OPT_QUANTIZATIONS,
	CHAT_OPT_REASONING_EFFORT,
	CHAT_OPT_REASONING_EXCLUDE,
	CHAT_OPT_REASONING_MAX_TOKENS,
	CHAT_OPT_REPETITION_PENALTY,
	CHAT_OPT_REQUIRE_PARAMETERS,
	CHAT_OPT_SCHEMA,
	CHAT_OPT_SEED,
	CHAT_OPT_SET,
	CHAT_OPT_SORT,
	CHAT_OPT_STOP,
	CHAT_OPT_SYSTEM_FILE,
	CHAT_OPT_TOOL_CHOICE,
	CHAT_OPT_TOOLS,
	CHAT_OPT_TOP_A,
	CHAT_OPT_TOP_K,
	CHAT_OPT_TOP_P,
	CHAT_OPT_TRANSFORMS,
	CHAT_OPT_USER,
	CHAT_OPT_WEB,
	CHAT_OPT_ZDR,
	CHAT_OPT_END
};

#define CHAT_SHORT	"c:i:m:Mrs:t:u"

#define CHAT_LONGOPTS \
	{ "catalog", required_argument, NULL, CHAT_OPT_CATALOG }, \
	{ "conversation", required_argument, NULL, 'c' }, \
	{ "data-collection", required_argument, NULL, \
	    CHAT_OPT_DATA_COLLECTION }, \
	{ "dry-run", no_argument, NULL, CHAT_OPT_DRY_RUN }, \
	{ "fallback", required_argument, NULL, CHAT_OPT_FALLBACK }, \
	{ "file", required_argument, NULL, CHAT_OPT_FILE }, \
	{ "frequency-penalty", required_argument, NULL, \
	    CHAT_OPT_FREQUENCY_PENALTY }, \
	{ "image", required_argument, NULL, 'i' }, \
	{ "json-mode", no_argument, NULL, CHAT_OPT_JSON_MODE }, \
	{ "log", required_argument, NULL, CHAT_OPT_LOG }, \
	{ "max-cost", required_argument, NULL, CHAT_OPT_MAX_COST }, \
	{ "max-price-completion", required_argument, NULL, \
	    CHAT_OPT_MAX_PRICE_COMPLETION }, \
	{ "max-price-prompt", required_argument, NULL, \
	    CHAT_OPT_MAX_PRICE_PROMPT }, \
	{ "max-tokens", required_argument, NULL, CHAT_OPT_MAX_TOKENS }, \
	{ "messages", no_argument, NULL, 'M' }, \
	{ "min-p", required_argument, NULL, CHAT_OPT_MIN_P }, \
	{ "model", required_argument, NULL, 'm' }, \
	{ "no-fallbacks", no_argument, NULL, CHAT_OPT_NO_FALLBACKS }, \
	{ "no-parallel-tool-calls", no_argument, NULL, \
	    CHAT_OPT_NO_PARALLEL_TOOL_CALLS }, \
	{ "presence-penalty", required_argument, NULL, \
	    CHAT_OPT_PRESENCE_PENALTY }, \
	{ "provider-ignore", required_argument, NULL, \
	    CHAT_OPT_PROVIDER_IGNORE }, \
	{ "provider-only", required_argument, NULL, CHAT_OPT_PROVIDER_ONLY }, \
	{ "provider-order", required_argument, NULL, \
	    CHAT_OPT_PROVIDER_ORDER }, \
	{ "quantizations", required_argument, NULL, CHAT_OPT_QUANTIZATIONS }, \
	{ "reasoning-effort", required_argument, NULL, \
	    CHAT_OPT_REASONING_EFFORT }, \
	{ "reasoning-exclude", no_argument, NULL, \
	    CHAT_OPT_REASONING_EXCLUDE }, \
	{ "reasoning-max-tokens", required_argument, NULL, \
	    CHAT_OPT_REASONING_MAX_TOKENS }, \
	{ "repetition-penalty", required_argument, NULL, \
	    CHAT_OPT_REPETITION_PENALTY }, \
	{ "require-parameters", no_argument, NULL, \
	    CHAT_OPT_REQUIRE_PARAMETERS }, \
	{ "schema", required_argument, NULL, CHAT_OPT_SCHEMA }, \
	{ "seed", required_argument, NULL, CHAT_OPT_SEED }, \
	{ "set", required_argument, NULL, CHAT_OPT_SET }, \
	{ "show-reasoning", no_argument, NULL, 'r' }, \
	{ "sort", required_argument, NULL, CHAT_OPT_SORT }, \
	{ "stop", required_argument, NULL, CHAT_OPT_STOP }, \
	{ "system", required_argument, NULL, 's' }, \
	{ "system-file", required_argument, NULL, CHAT_OPT_SYSTEM_FILE }, \
	{ "temperature", required_argument, NULL, 't' }, \
	{ "tool-choice", required_argument, NULL, CHAT_OPT_TOOL_CHOICE }, \
	{ "tools", required_argument, NULL, CHAT_OPT_TOOLS }, \
	{ "top-a", required_argument, NULL, CHAT_OPT_TOP_A }, \
	{ "top-k", required_argument, NULL, CHAT_OPT_TOP_K }, \
	{ "top-p", required_argument, NULL, CHAT_OPT_TOP_P }, \
	{ "transforms", required_argument, NULL, CHAT_OPT_TRANSFORMS }, \
	{ "usage", no_argument, NULL, 'u' }, \
	{ "user", required_argument, NULL, CHAT_OPT_USER }, \
	{ "web", no_argument, NULL, CHAT_OPT_WEB }, \
	{ "zdr", no_argument, NULL, CHAT_OPT_ZDR }

/*
 * The request as the options describe it.  The jv members are owned by the
 * struct (chat_free releases them).  chat_prepare fills in the second part
 * from the inputs.
 */
struct chat_req {
	const char	*model;		/* -m, ORKIT_MODEL, default */
	jv		 fallbacks;	/* --fallback: array of ids */
	jv		 params;	/* top-level fields set by flags */
	jv		 provider;	/* routing preferences */
	jv		 reasoning;	/* reasoning object */
	jv		 sets;		/* --set: [[path, value]...] */
	long long	 max_tokens;	/* -1: not given */
	const char	*system;	/* -s */
	const char	*system_file;
	const char	*schema_file;
	const char	*tools_file;
	const char	*conversation;	/* -c */
	const char	**images;	/* -i, in order */
	size_t		 nimages;
	const char	**files;	/* --file, in order */
	size_t		 nfiles;
	const char	*log;		/* --log, ORKIT_LOG */
	const char	*catalog;	/* --catalog (else ORKIT_CATALOG) */
	money_t		 max_cost;
	int		 has_max_cost;
	int		 json_mode;
	int		 messages_stdin;	/* -M */
	int		 show_reasoning;	/* -r */
	int		 usage;			/* -u */
	int		 dry_run;
	int		 stream;	/* orstream: "stream": true */

	/* From the inputs, by chat_prepare. */
	jv		 messages;	/* what is sent */
	jv		 conv_doc;	/* -c: the file as read, or null */
	jv		 tools;		/* --tools, or null */
	jv		 response_format; /* --json-mode, --schema, or null */
};

/* Defaults from the environment (ORKIT_MODEL, ORKIT_LOG). */
void	 chat_init(struct chat_req *);
void	 chat_free(struct chat_req *);

/*
 * Take one option (ch and optarg as getopt_long gave them).  Returns 1 when
 * it was a request option, 0 when it is someone else's, -1 for a bad value
 * (e: one line naming the flag, exit 2).  No I/O: files named by options
 * are read by chat_prepare.
 */
int	 chat_opt(struct chat_req *, int ch, const char *arg,
	    struct or_error *e);

/* The request options' lines for a command's --help. */
void	 chat_usage(FILE *);

/*
 * Read the inputs (I/O): the prompt from argv and, when in_fd is not a
 * terminal, from in_fd (the messages with -M); the conversation file, the
 * system prompt file, the images and files, --tools and --schema.  Builds
 * req->messages.  Exit statuses: 2 (no prompt, conflicting flags), 65 (a
 * file that is not what it should be), 66 (a file that cannot be read).
 */
int	 chat_prepare(struct chat_req *, int argc, char *const argv[],
	    int in_fd, struct or_error *e);

/*
 * The request body; no I/O.  Returns it (the caller frees it), or
 * jv_invalid() with e filled when a --set cannot be applied (exit 2).
 */
jv	 chat_body(const struct chat_req *, struct or_error *e);

/* One user message: text (may be empty) and content parts (consumed). */
jv	 chat_user_message(const char *text, size_t len, jv parts);

/*
 * Content parts for an image or a file named on the command line: a URL
 * (http:, https:, data:) passes through; a file's bytes go as a base64
 * data: URL with the MIME type of chat_mime.  No I/O: data is the file's
 * content.  An image that is none of PNG, JPEG, GIF and WebP is exit 65.
 */
int	 chat_image_part(const char *name, const void *data, size_t len,
	    jv *part, struct or_error *e);
jv	 chat_file_part(const char *name, const void *data, size_t len);
int	 chat_is_url(const char *);

/* Append the base64 (RFC 4648, padded) of in[0..n) to out. */
void	 chat_base64(struct buf *out, const void *in, size_t n);

/*
 * The MIME type of a file: its magic bytes first, then its name's
 * extension; NULL when neither tells.
 */
const char *chat_mime(const char *name, const void *data, size_t len);

/*
 * The reply text inside one surrounding Markdown code fence (```json ...
 * ```), or the whole text, trimmed of white space: sets *off and *n.
 * Returns 1 if a fence was removed.
 */
int	 chat_strip_fence(const char *s, size_t len, size_t *off, size_t *n);

/*
 * Copy the VALIDATED JSON text p[0..n) to out without the white space
 * between tokens: one line, every number and string byte for byte.
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

/* A decoded reply.  Strings are malloc'd; NULL when absent. */
struct chat_reply {
	char		*id;		/* generation id */
	char		*model;		/* the model that answered */
	char		*provider;
	char		*finish;	/* finish_reason */
	char		*refusal;	/* message.refusal */
	struct buf	 text;		/* message.content */
	struct buf	 reasoning;	/* message.reasoning */
	jv		 tool_calls;	/* [{id, name, arguments}]/null */
	jv		 message;	/* for the conversation file */
	struct chat_stats usage;
	int		 has_usage;
};

void	 chat_reply_init(struct chat_reply *);
void	 chat_reply_free(struct chat_reply *);

/*
 * Read the usage object (raw JSON text, validated) into u: token counts,
 * and the cost exactly through money (never a double).
 */
void	 chat_stats_read(const char *p, size_t n, struct chat_stats *u);

/*
 * Decode a non-streaming answer (HTTP 2xx body); gen_id is the
 * X-Generation-Id header, used when the body has no id.  Returns 0, or 76
 * for a malformed answer, or the exit status of an error inside the answer
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

/* The -u line, without the program's name and without a newline. */
void	 chat_usage_line(const struct chat_reply *, struct buf *out);

/*
 * The ledger line for --log, ending in a newline: time (UTC, RFC 3339),
 * id, requested model, model, provider, usage (the API's object as
 * received) and cost (usage.cost as an exact decimal number, or null).
 */
void	 chat_log_line(const struct chat_reply *, const char *requested,
	    time_t now, struct buf *out);

/*
 * Append line to the ledger path (I/O): one write(2) under an exclusive
 * flock(2), so that parallel runs never interleave.  Exit 74 on failure.
 */
int	 chat_log_append(const char *path, const struct buf *line,
	    struct or_error *e);

/*
 * The worst-case cost of a call on model m (no I/O): prompt tokens at the
 * prompt price (with the catalog's conditional prices for that size),
 * completion tokens (-1: the model's maximum output, else its context)
 * at the completion price, the per-request price and images at the image
 * price.  Returns 0, or -1 when the model's prices are not known in
 * advance (why: a short reason).
 */
int	 chat_worst_case(const struct cat_model *m, long long prompt_tokens,
	    long long completion_tokens, long long nimages, money_t *cost,
	    long long *completion_used, const char **why);

/*
 * --max-cost (I/O: opens the catalog): 0 when the worst case of sending a
 * body of bodylen bytes to the model and its fallbacks is within budget,
 * else 1 with the figures in e (or another status when the catalog cannot
 * be had).
 */
int	 chat_budget(const struct opts *, const struct chat_req *,
	    size_t bodylen, struct or_error *e);

/*
 * The conversation to keep (-c): the messages sent and the assistant's
 * reply, in the shape the file had (an array, or an object whose
 * "messages" member is updated).  Consumes nothing.
 */
jv	 chat_conv_doc(const struct chat_req *, const struct chat_reply *);

/*
 * Replace path with the JSON document doc, atomically (I/O): a temporary
 * file in the same directory, written, fsync'd, then renamed over path, so
 * the file is the old one or the new one and never half of either.  The
 * old file's mode is kept.  Exit 74 on failure, with nothing left behind.
 */
int	 chat_write_atomic(const char *path, jv doc, struct or_error *e);

/*
 * --json-mode, --schema: the reply must be JSON, inside at most one code
 * fence.  Sets *off and *n to the JSON; 76 when it is not JSON (then *off
 * and *n cover the whole text, which is kept).
 */
int	 chat_check_json(const struct chat_reply *, size_t *off, size_t *n,
	    struct or_error *e);

/*
 * After a reply (I/O): the -u line on stderr, the --log line (whenever the
 * answer could be read: a failed call may still be billed), and, only when
 * ok, the conversation file.  Stdout is flushed first, so that on a
 * terminal the reply comes before the usage.  0, or an exit status.
 */
int	 chat_after(const struct chat_req *, const struct chat_reply *, int ok,
	    struct or_error *e);

#endif
