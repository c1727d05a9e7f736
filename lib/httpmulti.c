/*
 * httpmulti: many requests at once over libcurl's multi interface, one
 * connection pool (orchat --batch), each with http_request's policy
 * (xfer.c) and a wait shared by all after a 429 or a Retry-After.
 */
#include <err.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curlfn.h"
#include "error.h"
#include "http.h"
#include "httpmulti.h"
#include "opts.h"
#include "util.h"
#include "xfer.h"

/* One request of a multi, from its add to its hand-back. */
struct mx {
	struct xfer	 x;
	struct http_req	 rq;		/* the caller's, copied */
	struct http_resp rs;
	struct or_error	 e;		/* the last attempt's failure */
	void		*tag;
	int		 attempt;	/* attempts made so far */
	int		 ca_again;	/* one of them with the CA bundle,
					 * not a retry (xfer_ca_again) */
	int		 active;	/* in libcurl's hands */
	long long	 not_before;	/* now_ms() of its next attempt */
	struct mx	*next;		/* on the waiting or the free list */
};

struct http_multi {
	const struct opts	*o;
	const char		*key;
	const struct curlfn	*c;
	CURLM			*m;
	struct curl_slist	*hdrs;
	struct buf		 url;
	char			 what[64];
	struct mx		*waiting;	/* to start, in order */
	struct mx		*spare;		/* done, handles kept */
	struct mx		**all;		/* every mx made, to free */
	size_t			 nall;
	int			 pending;	/* added, not handed back */
	int			 running;	/* in libcurl's hands */
	int			 stopping;
	int			 mux;		/* streams share connections */
	long long		 timed_out;	/* now_ms() of the last request
						 * that timed out, or 0 */
	long long		 pause_until;	/* now_ms(): none starts before */
	int			 pauses;	/* rounds of 429s without
						 * Retry-After in a row */
	struct sigaction	 old_pipe;
};

/*
 * Whether requests may share an HTTP/2 connection as streams at once.
 * libcurl 7.88.1's HTTP/2 layer copies each stream's DATA into that
 * transfer's own buffer, pausing nghttp2 when one is full: with several
 * large answers at once on one connection it overruns the heap (a crash)
 * or leaves the rest of the connection's input unread until more comes,
 * which at the end of a batch is never (tests/0114).  Later releases
 * rewrote that code; 8.14.1 is the oldest seen here to multiplex without
 * fault.  With an older libcurl each request in flight has a connection
 * of its own, kept alive for the next, still HTTP/2 where offered.
 */
#define MUX_MIN_VERSION 0x080e01

static int
mux_ok(const struct curlfn *c, const struct opts *o)
{
	const curl_version_info_data *v = c->version_info(CURLVERSION_NOW);

	if (v->version_num >= MUX_MIN_VERSION)
		return 1;
	if (o->verbose)
		fprintf(stderr, "%s: libcurl %s: no HTTP/2 multiplexing before "
		    "8.14.1\n", progname(), v->version);
	return 0;
}

struct http_multi *
http_multi_new(const struct opts *o, const char *key, int max_conns,
    struct or_error *e)
{
	struct http_multi *m;
	struct http_req rq;
	struct sigaction sa;
	const struct curlfn *c;
	char cerr[256];

	memset(e, 0, sizeof *e);
	if (xfer_check_config(o, key, e))
		return NULL;
	if ((c = curlfn_get(cerr, sizeof cerr)) == NULL) {
		error_set(e, EX_UNAVAILABLE, "%s", cerr);
		return NULL;
	}
	m = xcalloc(1, sizeof *m);
	m->o = o;
	m->key = key;
	m->c = c;
	if ((m->m = c->multi_init()) == NULL) {
		free(m);
		error_set(e, EX_SOFTWARE, "curl_multi_init failed");
		return NULL;
	}
	/*
	 * SIGPIPE is ignored while the multi lives, so that libcurl need
	 * not ignore and restore it around every transfer (CURLOPT_NOSIGNAL
	 * below): two sigaction(2) calls per transfer per wake-up were most
	 * of a batch's CPU.  A peer's reset is EPIPE, as in libcurl; a write
	 * to a closed stdout is EPIPE too, which the caller gives to
	 * check_pipe.
	 */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, &m->old_pipe);
	c->multi_setopt(m->m, CURLMOPT_MAXCONNECTS, (long)max_conns);
	m->mux = mux_ok(c, o);
	c->multi_setopt(m->m, CURLMOPT_PIPELINING, m->mux ?
	    CURLPIPE_MULTIPLEX : CURLPIPE_NOTHING);
	/* Every request of a batch is a POST of JSON, answered whole. */
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.body = "";
	m->hdrs = xfer_headers(c, o, key, &rq);
	xfer_make_url(&m->url, o->base_url, "/chat/completions");
	return m;
}

void
http_multi_add(struct http_multi *m, const struct http_req *rq, void *tag)
{
	struct mx *x, **pp;

	if ((x = m->spare) != NULL)
		m->spare = x->next;
	else {
		x = xcalloc(1, sizeof *x);
		if ((x->x.h = m->c->easy_init()) == NULL)
			errx(EX_SOFTWARE, "curl_easy_init failed");
		m->all = xrealloc(m->all, (m->nall + 1) * sizeof *m->all);
		m->all[m->nall++] = x;
	}
	x->rq = *rq;
	x->tag = tag;
	x->attempt = 0;
	x->ca_again = 0;
	x->not_before = 0;
	x->next = NULL;
	memset(&x->rs, 0, sizeof x->rs);
	buf_init(&x->rs.body, 0);
	x->x.c = m->c;
	x->x.rq = &x->rq;
	x->x.rs = &x->rs;
	x->x.key = m->key;
	x->x.verbose = m->o->verbose;
	x->x.deadline = 0;
	x->x.limit[0] = '\0';
	for (pp = &m->waiting; *pp; pp = &(*pp)->next)
		;
	*pp = x;
	m->pending++;
	snprintf(m->what, sizeof m->what, "%s %s", rq->method, rq->path);
}

/* Begin the next attempt of x. */
static void
mx_start(struct http_multi *m, struct mx *x)
{
	const struct opts *o = m->o;

	if (x->attempt == 0 && o->timeout_ms > 0) {
		/* Each request's own limit, from its first attempt. */
		x->x.deadline = now_ms() + o->timeout_ms;
		xfer_fmt_secs(x->x.limit, sizeof x->x.limit, o->timeout_ms,
		    "--timeout ");
	}
	xfer_setup(&x->x, o, m->url.p, m->hdrs);
	/*
	 * No CURLOPT_PIPEWAIT: over HTTP/1.1 (plain http, or a server
	 * without h2) it makes every request wait for one connection in
	 * turn.  The first -P requests open their own connections; later
	 * ones reuse them, multiplexed where the server speaks HTTP/2 and
	 * libcurl can (mux_ok).
	 */
	m->c->easy_setopt(x->x.h, CURLOPT_PRIVATE, (void *)x);
	m->c->easy_setopt(x->x.h, CURLOPT_NOSIGNAL, 1L);
	/*
	 * After a request timed out, no connection made before then is used
	 * again: a hung HTTP/2 connection loses only the stream that timed
	 * out and goes back to the pool, where it would take the next
	 * request, and the next, each to wait out its --timeout.  libcurl
	 * counts a connection's age in whole seconds, at least 1 here; the
	 * hung one is older by the --timeout its request waited.
	 */
	if (m->timed_out > 0) {
		long age = (long)((now_ms() - m->timed_out) / 1000);

		m->c->easy_setopt(x->x.h, CURLOPT_MAXLIFETIME_CONN, age > 1 ?
		    age : 1L);
	}
	x->attempt++;
	x->active = 1;
	m->running++;
	m->c->multi_add_handle(m->m, x->x.h);
}

/* x is done: hand it over in d, and keep its handle for the next. */
static void
mx_done(struct http_multi *m, struct mx *x, int status, struct http_done *d)
{
	d->tag = x->tag;
	d->status = status;
	d->sent = x->attempt > 0;
	d->retries = x->attempt > 0 ? x->attempt - 1 - x->ca_again : 0;
	d->billed = x->attempt > 0 && xfer_billed(&x->x);
	d->resp = x->rs;
	d->e = x->e;
	memset(&x->rs, 0, sizeof x->rs);
	x->next = m->spare;
	m->spare = x;
	m->pending--;
}

/*
 * When x may start: a new request not before a shared pause ends
 * (mx_pause), a retry at the time its own rules gave it.
 */
static long long
mx_due(const struct http_multi *m, const struct mx *x)
{
	if (x->attempt == 0 && m->pause_until > x->not_before)
		return m->pause_until;
	return x->not_before;
}

/*
 * Take the waiting requests whose time has come: started, or, when no
 * attempt may be made any more, one handed over in d (returns 1).
 */
static int
mx_start_due(struct http_multi *m, struct http_done *d)
{
	struct mx *x, **pp;
	long long now = now_ms();

	for (pp = &m->waiting; (x = *pp) != NULL;) {
		if (m->stopping || xfer_interrupted()) {
			/*
			 * A retry not to be made keeps its last error; a
			 * request never begun is handed back unsent.
			 */
			*pp = x->next;
			if (xfer_interrupted() || x->attempt == 0)
				error_set(&x->e, OR_EX_INTERRUPT, "%s: "
				    "interrupted", m->what);
			mx_done(m, x, x->e.exit, d);
			return 1;
		}
		if (now < mx_due(m, x)) {
			pp = &x->next;
			continue;
		}
		*pp = x->next;
		mx_start(m, x);
	}
	return 0;
}

/*
 * The server is busy for everyone (a 429, or an answer with Retry-After):
 * hold every request not yet begun, also when the line that was told
 * makes no more attempt, jittered so that the batch does not come back in
 * one burst.  Retries are not held: each keeps the wait a single call
 * would have (xfer_retry_delay), within its own --timeout.
 */
static void
mx_pause(struct http_multi *m, long ra, long long now)
{
	long long pause;

	if (ra > XFER_RETRY_AFTER_MAX)
		ra = XFER_RETRY_AFTER_MAX;
	if (ra >= 0)
		pause = ra * 1000LL + xfer_jitter(ra * 100LL + 100);
	else if (now < m->pause_until)
		/* Of the round that began the pause, which holds it. */
		return;
	else
		pause = xfer_backoff_ms(m->pauses++);
	if (now + pause > m->pause_until)
		m->pause_until = now + pause;
}

/* x's next attempt, not before the time at, before the lines after it. */
static void
mx_again(struct http_multi *m, struct mx *x, long long at)
{
	x->not_before = at;
	x->next = m->waiting;
	m->waiting = x;
}

/*
 * A request timed out on a connection that other requests may share: one
 * that hangs (a peer or a path gone quiet, TCP still up) holds every
 * stream on it, and libcurl goes on adding new ones there, each to wait
 * out its own --timeout.  From then on each request in flight has a
 * connection of its own, as before 8.14.1 (mux_ok), and none made before
 * the timeout is used again (mx_start).
 */
static void
mux_off(struct http_multi *m)
{
	m->mux = 0;
	m->c->multi_setopt(m->m, CURLMOPT_PIPELINING, CURLPIPE_NOTHING);
	if (m->o->verbose)
		fprintf(stderr, "%s: a request timed out: no more HTTP/2 "
		    "multiplexing in this batch\n", progname());
}

/* An attempt ended with rc: the request done (1, d filled) or retried. */
static int
mx_finish(struct http_multi *m, struct mx *x, CURLcode rc,
    struct http_done *d)
{
	long long ms = -1, now;
	long ra = -1;
	int r;

	m->c->multi_remove_handle(m->m, x->x.h);
	x->active = 0;
	m->running--;
	if (xfer_timed_out(&x->x, rc)) {
		m->timed_out = now_ms();
		if (m->mux)
			mux_off(m);
	}
	if ((r = xfer_attempt_error(&x->x, rc, m->what, &x->e)) == 0) {
		m->pauses = 0;
		mx_done(m, x, 0, d);
		return 1;
	}
	now = now_ms();
	if (!m->stopping && xfer_ca_again(&x->x, rc, m->what)) {
		x->ca_again = 1;
		mx_again(m, x, now);
		return 0;
	}
	if (!m->stopping)
		ms = xfer_retry_delay(&x->x, rc, x->attempt - 1 - x->ca_again,
		    m->o->retries, &x->e, &ra);
	if (x->rs.status == 429 || ra >= 0)
		mx_pause(m, ra, now);
	if (ms < 0) {
		mx_done(m, x, r, d);
		return 1;
	}
	if (m->o->verbose)
		fprintf(stderr, "%s: %s; retrying in %lld.%lld s%s (%d of "
		    "%d)\n", progname(), x->e.msg, ms / 1000, ms % 1000 / 100,
		    ra >= 0 ? " as Retry-After asks" : "", x->attempt -
		    x->ca_again, m->o->retries);
	mx_again(m, x, now + ms);
	return 0;
}

/* The next transfer libcurl finished: 1 when that is a request done. */
static int
mx_read_done(struct http_multi *m, struct http_done *d)
{
	CURLMsg *msg;
	char *priv;
	int left;

	while ((msg = m->c->multi_info_read(m->m, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		priv = NULL;
		m->c->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		if (mx_finish(m, (struct mx *)(void *)priv, msg->data.result,
		    d))
			return 1;
	}
	return 0;
}

int
http_multi_next(struct http_multi *m, long long timeout_ms, int wake_fd,
    struct http_done *d)
{
	long long end = now_ms() + timeout_ms, wait, now;
	struct curl_waitfd wfd;
	struct pollfd pfd;
	struct mx *x;
	int still;

	memset(d, 0, sizeof *d);
	for (;;) {
		if (mx_start_due(m, d))
			return 1;
		/*
		 * What the last run finished first, then a new run: each
		 * run of multi_perform looks at every transfer, so one
		 * run hands over all that it finished.
		 */
		if (mx_read_done(m, d))
			return 1;
		m->c->multi_perform(m->m, &still);
		if (mx_read_done(m, d))
			return 1;
		if (m->pending == 0)
			return 0;
		now = now_ms();
		if (now >= end)
			return 0;
		wait = end - now;
		/* Wake for the next waiting request's time. */
		for (x = m->waiting; x; x = x->next) {
			long long t = mx_due(m, x);

			if (t - now < wait)
				wait = t - now > 0 ? t - now : 0;
		}
		if (m->running) {
			memset(&wfd, 0, sizeof wfd);
			wfd.fd = wake_fd;
			wfd.events = CURL_WAIT_POLLIN;
			m->c->multi_poll(m->m, &wfd, wake_fd == -1 ? 0 : 1,
			    (int)wait, NULL);
			if (wake_fd != -1 && wfd.revents)
				return 0;
		} else if (wake_fd != -1) {
			pfd.fd = wake_fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, (int)wait) > 0)
				return 0;
		} else if (wait > 0)
			http_sleep(wait);
	}
}

int
http_multi_pending(const struct http_multi *m)
{
	return m->pending;
}

void
http_multi_stop(struct http_multi *m)
{
	m->stopping = 1;
}

long long
http_multi_paused(const struct http_multi *m)
{
	long long left = m->pause_until - now_ms();

	return left > 0 ? left : 0;
}

void
http_multi_free(struct http_multi *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nall; i++) {
		struct mx *x = m->all[i];

		if (x->active)
			m->c->multi_remove_handle(m->m, x->x.h);
		m->c->easy_cleanup(x->x.h);
		buf_free(&x->rs.body);
		free(x);
	}
	free(m->all);
	m->c->multi_cleanup(m->m);
	m->c->slist_free_all(m->hdrs);
	buf_free(&m->url);
	sigaction(SIGPIPE, &m->old_pipe, NULL);
	free(m);
}
