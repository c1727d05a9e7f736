/*
 * http: one request to the API at a time (http_request, and the GETs
 * built on it).  With xfer.c (one transfer's policy) and httpmulti.c (many
 * requests at once, httpmulti.h), the only code that talks to libcurl.
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

/* Sleep ms milliseconds, or less if http_interrupt is called: the wait
 * between attempts, for callers with retries of their own too. */
void	 http_sleep(long long ms);
/* Ask a running request to stop (async-signal-safe; for SIGINT). */
void	 http_interrupt(void);

#endif
