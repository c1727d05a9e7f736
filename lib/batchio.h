/*
 * batchio: one line of orchat --batch, in and out -- a JSONL input line
 * made a request body, an answer made an output line -- and the set of ids
 * that a previous output already has (--resume).
 *
 * No I/O: the batch engine (batch.h) reads and writes; these functions only
 * turn bytes into bytes, so the unit tests and the fuzzer drive them with
 * plain values.  Every function that can fail returns an exit status of
 * error.h (0 for success) with e filled in.
 */
#ifndef BATCHIO_H
#define BATCHIO_H

#include <stddef.h>
#include <stdint.h>

#include "jqfn.h"

#include "chat.h"
#include "spend.h"
#include "util.h"

struct or_error;

/* One input line, made a request. */
struct batch_line {
	struct buf	 id;		/* the id as compact JSON text */
	char		*body;		/* the request body (malloc'd), or NULL */
	size_t		 bodylen;
	/* What --max-cost needs to price the line's worst case. */
	struct spend_terms terms;
	int		 wants_json;	/* chat_wants_json of the body */
};

void	 batchio_line_init(struct batch_line *);
void	 batchio_line_free(struct batch_line *);

/*
 * Make the input line line[0..n) (without its newline) a request body.
 * The line is a JSON string (the prompt) or an object: "id" (any JSON
 * value but an object or array), then "prompt" (a string) or "messages"
 * (an array of message objects), and any other member is a request field
 * that replaces the one base has (model, models, temperature, max_tokens,
 * response_format, provider, reasoning, ...: the top-level fields of the
 * API's ChatRequest).  base is the body the command line gives (chat_body,
 * with the messages of -s and any inputs): a prompt becomes one user
 * message, the one a single orchat of the same prompt and flags sends --
 * its text, then the attachments (-i, --file) that base's last message
 * holds as a user message of content parts alone (prompt_prepare_base),
 * which it replaces -- or, without attachments, is appended to base's
 * messages; "messages" replaces them.  A line may not set "stream".
 * lineno (1-based) is the id when the line has none.  A UTF-8 byte order
 * mark before the line, as an editor may leave at the start of a file, is
 * skipped.
 *
 * Returns 0 with bl filled; -1 for a line of white space only (skipped,
 * bl untouched); or 65 (EX_DATAERR) for a line that is not such JSON, with
 * e saying why in one line (bl->id is still the line's id when it could
 * be read, else lineno; bl->body is NULL).
 */
int	 batchio_parse(jv base, const char *line, size_t n, long long lineno,
	    struct batch_line *bl, struct or_error *e);

/*
 * The output line for one input line, ending in a newline, appended to out:
 * {"id", "model", "provider", "content", "tool_calls", "finish_reason",
 * "usage", "cost", "generation_id", "cached", "error"}, every member always
 * there (null when unknown; "cached" true or false).  rp: the decoded
 * reply, or NULL when no answer came; cost is usage.cost, exact, or null.
 * status 0: "error" is null; else "error" is {"code": status (the exit
 * status of error.h a single orchat would have had), "status": the HTTP
 * status (e->status) or null, "message": e->msg}.  Text is copied byte for
 * byte, invalid UTF-8 becoming U+FFFD, as jw writes it.
 */
void	 batchio_result(const struct buf *id, const struct chat_reply *rp,
	    int cached, int status, const struct or_error *e, struct buf *out);

/*
 * A line of a previous output (--resume): 1 when it is a whole output line
 * of a line that succeeded ("error" is null), 2 of one that failed
 * ("error" is an object), either with its id's compact JSON text in id
 * (replacing what id held); 0 otherwise (not JSON, cut short, no such
 * id or error).
 */
int	 batchio_done(const char *line, size_t n, struct buf *id);

/* A set of ids (compact JSON texts), for --resume: memory in the ids only. */
struct batch_ids;

struct batch_ids *batchio_ids_new(void);
void	 batchio_ids_free(struct batch_ids *);
/*
 * Add id[0..n) once more: how many times it has been added, this time
 * too (1: it was not there yet); 0 when there is no room for it.
 */
uint32_t batchio_ids_add(struct batch_ids *, const char *id, size_t n);
/* How many times id[0..n) was added: 0 when it is not there. */
uint32_t batchio_ids_has(const struct batch_ids *, const char *id, size_t n);
size_t	 batchio_ids_count(const struct batch_ids *);

#endif
