/*
 * http: one request to the API at a time (http_request, and the GETs
 * built on it), or many at once (http_multi).  With xfer.c (one transfer's
 * policy), the only code that talks to libcurl.
 *
 * The policy, in one place for both: User-Agent
 * orkit/VERSION, attribution headers only when configured, gzip accepted,
 * proxies and CA bundles from the environment as curl(1) takes them, TLS
 * always verified, plain http only to loopback unless --insecure-http,
 * connect and idle timeouts, one deadline for the whole command (--timeout,
 * retries and back-off included), a cap on buffered bodies, and retries
 * with exponential back-off and jitter on network errors, 408, 429 and 5xx
 * that honour Retry-After -- but never once a byte of the answer has been
 * handed to the caller, and never for a POST (billed) once a 2xx status
 * line arrived.  Header values with control characters are refused.  -v
 * traces the exchange on stderr with the key redacted.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

#include "error.h"
#include "opts.h"
#include "util.h"

/* Bodies are buffered up to this many bytes unless the request says. */
#define HTTP_MAX_BODY	(16u << 20)
/*
 * A stream's answer is cut (76) past this many bytes as decoded: a chat
 * reply is a few MB at most, and a compressed answer must not expand
 * without end (a gzip bomb), even when each event is small.
 */
#define HTTP_MAX_STREAM	((size_t)256 << 20)
/* The overall limit of a look-up that has a fallback (http_get_lookup). */
#define HTTP_LOOKUP_LIMIT_MS	10000

struct http_req {
	const char	*method;	/* "GET" or "POST" */
	const char	*path;		/* after the base URL: "/models" */
	const char	*body;		/* POST body (JSON), or NULL */
	size_t		 bodylen;
	/*
	 * Streaming: the bytes of a 2xx answer go to on_data as they arrive
	 * instead of into resp->body.  A nonzero return ends the transfer
	 * quietly (the caller knows why).  idle_ms: no byte for so long ends
	 * it with 75.  Error answers (non-2xx) are always buffered.
	 */
	int		(*on_data)(void *ctx, const char *p, size_t n);
	void		*ctx;
	long long	 idle_ms;
	size_t		 max_body;	/* 0: HTTP_MAX_BODY */
	/*
	 * An overall limit in ms, retries included, for when the command
	 * set no --timeout (which always wins); 0: none.
	 */
	long long	 limit_ms;
	/*
	 * A failure below HTTP (a timeout, a refused connection, a name
	 * that does not resolve) ends the request at once, never retried:
	 * for a look-up with a fallback.  HTTP answers (408, 429, 5xx) are
	 * retried as always, within the limit.
	 */
	int		 net_final;
};

struct http_resp {
	long		 status;
	struct buf	 body;		/* the answer (or the error answer) */
	char		 gen_id[128];	/* X-Generation-Id */
	char		 content_type[128];
	size_t		 delivered;	/* bytes handed to on_data */
	int		 stopped;	/* on_data asked to stop */
};

/*
 * Send one request.  Returns 0 when a 2xx answer arrived in full (or
 * on_data stopped it: resp->stopped); otherwise an exit status, with e
 * telling what failed (an HTTP error answer is read by error_from_body).
 * Interrupted by http_interrupt(): 130.  The command's --timeout (counted
 * from its first request, for all its requests) or else rq->limit_ms
 * passed: 75.  A POST whose 2xx
 * answer broke off: 76 (75 for a timeout), never sent again.  A bad base
 * URL, a header value (ORKIT_REFERER, ORKIT_TITLE, the key) with a control
 * character, or a TLS verification failure: 78 -- a configuration error,
 * not unavailability.  key may be NULL (no Authorization).  resp must be
 * released with http_resp_free.
 */
int	 http_request(const struct opts *, const char *key,
	    const struct http_req *, struct http_resp *, struct or_error *e);
void	 http_resp_free(struct http_resp *);
/*
 * GET path with the key, when there is one; key_needed: there must be one
 * (else 78, as auth_key says).  Returns as http_request does; resp may
 * always be given to http_resp_free.
 */
int	 http_get(const struct opts *, const char *path, int key_needed,
	    struct http_resp *, struct or_error *e);
/* http_get with an overall limit of limit_ms (0: none) when --timeout is
 * not given. */
int	 http_get_limit(const struct opts *, const char *path, int key_needed,
	    long long limit_ms, struct http_resp *, struct or_error *e);
/*
 * A look-up with a fallback (the catalog, a model's endpoints): the key is
 * optional and the overall limit is HTTP_LOOKUP_LIMIT_MS unless --timeout
 * says, so a server that never answers cannot hang it.
 */
int	 http_get_lookup(const struct opts *, const char *path,
	    struct http_resp *, struct or_error *e);

/*
 * A refresh nobody asked for (a cache gone stale): http_get_lookup with
 * an overall limit of limit_ms unless --timeout says, and net_final, so
 * that a machine without a network, or a server that never answers,
 * costs at most one attempt of at most limit_ms.
 */
int	 http_get_quick(const struct opts *, const char *path,
	    long long limit_ms, struct http_resp *, struct or_error *e);

/*
 * Is url one this tool may send to?  http(s) only; plain http only to a
 * loopback host (localhost, 127.0.0.0/8, ::1) unless insecure is set.
 * Returns 0, or 78 with e filled.
 */
int	 http_check_url(const char *url, int insecure, struct or_error *e);

/*
 * Many requests at once (orchat --batch), over libcurl's multi interface:
 * one connection pool kept alive between requests, HTTP/2 multiplexing
 * where the server offers it, and the policy of http_request for each
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

/* Sleep ms milliseconds, or less if http_interrupt is called: the wait
 * between attempts, for callers with retries of their own too. */
void	 http_sleep(long long ms);
/* Ask a running request to stop (async-signal-safe; for SIGINT). */
void	 http_interrupt(void);

#endif
