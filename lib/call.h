/*
 * call: one chat completion from the options to the exit status -- the
 * steps orchat and orstream share around the request, so that each is
 * written once.
 *
 * Before it: the inputs gathered (prompt), the body built (chat), printed
 * instead with --dry-run, and --max-cost checked (spend).  The request
 * itself: the key read only then, POST /chat/completions through http,
 * ^C cancelling it.  After it: the --json-mode/--schema check, the "cut
 * short" warning, the -u and --log lines (spend), the conversation file,
 * and one exit status out of all of them, for a reply read whole or
 * assembled from a stream.
 *
 * Every function returns an exit status of error.h (0 for success) with e
 * filled in; none exits.
 */
#ifndef CALL_H
#define CALL_H

#include <stddef.h>

#include "chat.h"
#include "chatopt.h"
#include "http.h"
#include "opts.h"
#include "stream.h"

struct or_error;

/*
 * Before the request (I/O): prompt_prepare (the inputs from argv and
 * in_fd), chat_body, then either --dry-run -- the body printed on stdout,
 * *body set to NULL: nothing is to be sent -- or the response cache
 * (--cache) and the --max-cost check.  A fresh entry in the cache for
 * this base URL and body is the answer: cr->cached is set, no budget is
 * checked, and call_send serves it.  On 0 without --dry-run, *body is
 * the body to send (malloc'd, the caller frees it).
 *
 * The cache is the state of the one call a process makes at a time
 * (orchat, orstream), from call_before to call_after; the batch engine
 * uses rcache.h itself.
 */
int	 call_before(const struct opts *, struct chat_req *, int argc,
	    char *const argv[], int in_fd, char **body, struct or_error *e);

/*
 * Send body as POST /chat/completions (I/O).  The API key is read only
 * now, so that --help and --dry-run need none.  An answer from the cache
 * (cr->cached) is given as http_request would give it -- in rs->body, or
 * handed to rq_data in one piece -- with no network and no key.  With
 * --cache, a live answer's bytes are kept (up to HTTP_MAX_STREAM) for
 * call_after to store.  SIGINT cancels the
 * request (130) while it runs, and so do SIGTERM (143) and SIGHUP (129);
 * the caller's handlers are restored after.
 * rq_data, when not NULL, is called with the bytes of a 2xx answer as they
 * arrive (a stream: see http_req.on_data), with idle_ms the longest
 * silence; otherwise the answer is buffered in rs->body.  rs is always
 * filled enough for http_resp_free.  Returns as http_request does.
 */
int	 call_send(const struct opts *, const char *body,
	    int (*rq_data)(void *ctx, const char *p, size_t n), void *ctx,
	    long long idle_ms, struct http_resp *rs, struct or_error *e);

/*
 * How a command prints a reply: rp->text[off..off + n) is the text to show
 * (with --json-mode or --schema, the JSON inside a code fence); failed:
 * the answer ended in an error, and only what came of it is shown.
 */
typedef void call_print_fn(void *ctx, const struct chat_reply *rp,
    size_t off, size_t n, int failed);

/*
 * After the answer (I/O).  status is the call's exit status so far: 0, or
 * the answer's own failure (e filled).  In order: when status is 0 and the
 * body asked for JSON (cr->wants_json: --json-mode, --schema, --set) and
 * the reply is not tool calls, the reply is checked to be JSON (76 if
 * not); with --cache, a live answer that succeeded (status 0 after that
 * check) is stored, a failure to store only warned about (-v says "cache
 * stored KEY"); spend_record (--log; an answer from the cache logs
 * nothing); when all went well, the conversation file (-c) is rewritten
 * atomically, a new one 0600, and its lock let go -- all before the reply
 * is shown, so that a reader gone away (SIGPIPE) loses nothing paid for.
 * Then print, when not NULL, prints the reply (not when the answer was
 * malformed, 76); when status was 0, a reply cut short (chat_cut_short) is
 * warned about on stderr; last spend_usage (-u).  Returns the first
 * failure's exit status, with e filled; a later failure is only warned
 * about.
 */
int	 call_after(const struct chat_req *, const struct chat_reply *rp,
	    int status, call_print_fn *print, void *ctx, struct or_error *e);

/*
 * call_after for a streamed answer, already printed: the reply is the one
 * assembled from st's chunks (gen_id: the X-Generation-Id header).
 * Nothing is done when no chunk came, or when the assembled reply cannot
 * be read; then status is returned as it was.
 */
int	 call_after_stream(const struct chat_req *, const struct stream *st,
	    const char *gen_id, int status, struct or_error *e);

#endif
