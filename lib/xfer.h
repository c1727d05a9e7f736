/*
 * xfer: one transfer's policy over libcurl, shared by http_request
 * (http.c) and http_multi (httpmulti.c): the state libcurl's callbacks
 * share, the set-up of an easy handle, the checks every request makes
 * first, and what an attempt's outcome means -- its error, whether it is
 * sent again and after how long.  The three files are together the only
 * code that talks to libcurl; callers outside them use http.h and
 * httpmulti.h, never this header.
 */
#ifndef XFER_H
#define XFER_H

#include <stddef.h>

#include "curlfn.h"
#include "error.h"
#include "http.h"
#include "opts.h"
#include "util.h"

/* Retry-After beyond this many seconds: give up rather than wait. */
#define XFER_RETRY_AFTER_MAX	60

/*
 * One transfer's state, shared with libcurl's callbacks.  The caller
 * fills c, h, rq, rs, key, verbose, and deadline with limit (or leaves
 * them 0); xfer_setup resets the rest before each attempt.  rq, rs and
 * key are borrowed for the transfer's life.
 */
struct xfer {
	const struct curlfn	*c;
	CURL			*h;
	const struct http_req	*rq;
	struct http_resp	*rs;
	int			 verbose;
	const char		*key;
	long long		 last_byte;	/* now_ms() of the last byte */
	long long		 deadline;	/* now_ms() limit, or 0: none */
	int			 got_2xx;	/* a 2xx status line arrived */
	int			 in_head;	/* after a status line, before
						 * the blank line ending it */
	int			 idle_expired;
	int			 deadline_expired;
	int			 toobig;
	int			 dbg_cont;	/* 1 + the curl_infotype whose
						 * last piece ended inside the
						 * authorization line (-v) */
	int			 ca_dir_only;	/* libcurl's CA directory, no
						 * bundle (xfer.c ca_setup) */
	char			 retry_after[64];
	char			 limit[48];	/* the limit, for messages */
};

/* Ask every transfer to stop (async-signal-safe: sets a flag). */
void	 xfer_interrupt(void);
/* Has xfer_interrupt been called? */
int	 xfer_interrupted(void);

/*
 * What every request checks first: the base URL (http_check_url) and the
 * header values from the environment and the key.  Returns 0, or 78 with
 * e filled.
 */
int	 xfer_check_config(const struct opts *, const char *key,
	    struct or_error *e);
/*
 * The request headers: the key (may be NULL), the attribution headers
 * when configured, Content-Type when rq has a body, Accept by whether rq
 * streams.  The caller frees the list with c->slist_free_all; the key's
 * copy lives in it until then.
 */
struct curl_slist *xfer_headers(const struct curlfn *c, const struct opts *,
	    const char *key, const struct http_req *rq);
/* url: the base URL, less its trailing slashes, then path (buf_free it). */
void	 xfer_make_url(struct buf *url, const char *base, const char *path);
/* out: ms as seconds after prefix, "prefix1.5 s", for messages. */
void	 xfer_fmt_secs(char *out, size_t size, long long ms,
	    const char *prefix);

/*
 * Set x->h up for one attempt at url with hdrs (both borrowed until the
 * attempt ends), and reset x's per-attempt state and x->rs.
 */
void	 xfer_setup(struct xfer *x, const struct opts *, const char *url,
	    struct curl_slist *hdrs);
/*
 * Why the attempt that ended with rc failed, in e, what naming the
 * request in the message; returns its exit status, or 0 when a 2xx
 * answer arrived in full.  A POST whose 2xx answer broke off is final
 * (76, 75 for a timeout); e->retryable says whether another attempt may
 * be made.
 */
int	 xfer_attempt_error(struct xfer *x, CURLcode rc, const char *what,
	    struct or_error *e);
/*
 * Has x's attempt a POST whose 2xx status line came?  Then it may be
 * billed, whole or not, and is never sent again.
 */
int	 xfer_billed(const struct xfer *x);
/*
 * Did x's attempt, ended with rc, run out of time: libcurl's timeout, or
 * the deadline or the idle limit orkit checks itself?
 */
int	 xfer_timed_out(const struct xfer *x, CURLcode rc);
/*
 * 1 when x's attempt, made with the CA directory alone (ca_setup), failed
 * to verify the server: it is to be made again at once, with the bundle,
 * and that is not one of the retries.  Says so under -v.
 */
int	 xfer_ca_again(const struct xfer *x, CURLcode rc, const char *what);
/*
 * After attempt number attempt (0 for the first) failed with e, out of
 * retries further attempts allowed: the wait in ms before the next one,
 * or -1 when there is to be none (then e's message says so when a limit
 * is why).  *ra: the wait the server asked for, in seconds, or -1.
 */
long long xfer_retry_delay(const struct xfer *x, CURLcode rc, int attempt,
	    int retries, struct or_error *e, long *ra);
/*
 * Exponential back-off before retry number attempt (0 first), with
 * full-range jitter over the upper half: [d/2, d] ms.
 */
long long xfer_backoff_ms(int attempt);
/* A random wait in [0, n) ms (0 when n <= 0), seeded once a process. */
long long xfer_jitter(long long n);

#endif
