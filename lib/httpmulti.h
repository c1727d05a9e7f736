/*
 * httpmulti: many requests at once over libcurl's multi interface.  With
 * http.c and xfer.c, the only code that talks to libcurl.
 */
#ifndef HTTPMULTI_H
#define HTTPMULTI_H

#include "error.h"
#include "http.h"
#include "opts.h"

/*
 * Many requests at once (orchat --batch), over libcurl's multi interface:
 * one connection pool kept alive between requests, HTTP/2 multiplexing
 * where the server offers it and libcurl is 8.14.1 or later (older ones
 * crash or stall at it: httpmulti.c), and the policy of http_request for each
 * request -- the same headers, checks, -v trace, and retries (o->retries
 * further attempts, never once a 2xx status line arrived for a POST).
 * Two things differ.  --timeout bounds each request, its retries and
 * their waits, counted from its first attempt, not the whole command.
 * And a wait is shared: an answer of 429, or any carrying Retry-After,
 * holds back every attempt not yet begun, the batch's new requests too,
 * until then (jittered; doubling while 429s without Retry-After follow
 * each other), instead of one request waiting alone.
 *
 * SIGPIPE is ignored from http_multi_new to http_multi_free: a write to
 * a closed pipe meanwhile fails with EPIPE, for check_pipe.
 *
 * key may be NULL; it is borrowed, as o is, for the multi's life.
 * Returns NULL with e filled (78: a bad base URL or header value; 70:
 * no libcurl).  max_conns: the most connections kept open.
 */
struct http_multi;

struct http_multi *http_multi_new(const struct opts *o, const char *key,
	    int max_conns, struct or_error *e);
/*
 * Start rq (a copy of it is kept; rq->body is borrowed until the request
 * is done), tagged with tag.  It begins at once, or when the shared wait
 * ends.  Only buffered answers: rq->on_data must be NULL.
 */
void	 http_multi_add(struct http_multi *, const struct http_req *rq,
	    void *tag);

/* A finished request, as http_multi_next hands it over. */
struct http_done {
	void		*tag;
	int		 status;	/* as http_request returns it */
	int		 sent;		/* an attempt was made */
	int		 retries;	/* attempts after the first */
	int		 billed;	/* a POST whose 2xx status line came:
					 * it may be billed, whole or not */
	struct http_resp resp;		/* the caller frees it */
	struct or_error	 e;		/* when status is not 0 */
};

/*
 * Run the transfers for at most timeout_ms: 1 with d filled as soon as a
 * request is done (its last attempt); 0 when none was done by then, at
 * once when there is none left, or as soon as wake_fd (when not -1) can
 * be read.
 */
int	 http_multi_next(struct http_multi *, long long timeout_ms,
	    int wake_fd, struct http_done *d);
/* Requests added and not yet handed back by http_multi_next. */
int	 http_multi_pending(const struct http_multi *);
/*
 * No further attempt: a request waiting to be retried is done with its
 * last error; those in flight go on to their end.
 */
void	 http_multi_stop(struct http_multi *);
/* How long new requests are held back from now (ms; 0: not at all). */
long long http_multi_paused(const struct http_multi *);
/* Cancel what is left, unreported, and free it all; NULL is allowed. */
void	 http_multi_free(struct http_multi *);

#endif
