/*
 * http: requests over libcurl, with one retry policy -- one at a time
 * (http_request), or many over one multi handle (http_multi).
 */
#include <err.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "compat.h"
#include "curlfn.h"
#include "error.h"
#include "http.h"
#include "opts.h"
#include "util.h"

#define BACKOFF_FIRST_MS	500
#define BACKOFF_MAX_MS		30000
/* Retry-After beyond this many seconds: give up rather than wait. */
#define RETRY_AFTER_MAX		60
/* A timeout this close to the deadline is the deadline's. */
#define DEADLINE_SLACK_MS	20
/* CURLE_TOO_LARGE of libcurl 8.6 on, which our headers may predate. */
#define HTTP_CURLE_TOO_LARGE	100

static volatile sig_atomic_t interrupted;
/*
 * now_ms() when the command's first request began: --timeout counts from
 * there, so every request, retry and wait shares it, while the time spent
 * reading a prompt from a terminal does not.
 */
static long long first_ms;

void
http_interrupt(void)
{
	interrupted = 1;
}

/* One transfer's state, shared with libcurl's callbacks. */
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
	char			 retry_after[64];
	char			 limit[48];	/* the limit, for messages */
};

static int
is_2xx(long s)
{
	return s >= 200 && s < 300;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	struct http_resp *rs = x->rs;
	size_t len = size * n;

	x->last_byte = now_ms();
	if (rs->status == 0)
		x->c->easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &rs->status);
	if (x->rq->on_data && is_2xx(rs->status)) {
		if (len == 0)
			return 0;
		/* Counted as decoded: a small compressed answer may be huge. */
		if (len > HTTP_MAX_STREAM - rs->delivered) {
			x->toobig = 1;
			return 0;
		}
		rs->delivered += len;
		if (x->rq->on_data(x->rq->ctx, p, len)) {
			rs->stopped = 1;
			return 0;	/* CURLE_WRITE_ERROR ends it */
		}
		return len;
	}
	if (buf_add(&rs->body, p, len) == -1) {
		x->toobig = 1;
		return 0;
	}
	return len;
}

/* Copy a header's value, trimmed, if the line is that header. */
static int
header_value(const char *line, size_t n, const char *name, char *out,
    size_t size)
{
	size_t k = strlen(name), v;

	if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return 0;
	line += k + 1, n -= k + 1;
	while (n && (*line == ' ' || *line == '\t'))
		line++, n--;
	while (n && (line[n - 1] == '\r' || line[n - 1] == '\n' ||
	    line[n - 1] == ' '))
		n--;
	v = n < size - 1 ? n : size - 1;
	memcpy(out, line, v);
	out[v] = '\0';
	return 1;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	x->last_byte = now_ms();
	/* A new status line (after 100 Continue, or a retry) starts over. */
	if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
		const char *sp = memchr(p, ' ', len);

		x->retry_after[0] = '\0';
		x->rs->gen_id[0] = '\0';
		x->in_head = 1;
		/* From here on the answer has begun: a POST is billed. */
		if (sp && p + len - sp > 1 && sp[1] == '2')
			x->got_2xx = 1;
	}
	if ((len == 2 && p[0] == '\r' && p[1] == '\n') || (len == 1 &&
	    p[0] == '\n'))
		x->in_head = 0;
	header_value(p, len, "X-Generation-Id", x->rs->gen_id,
	    sizeof x->rs->gen_id);
	header_value(p, len, "Content-Type", x->rs->content_type,
	    sizeof x->rs->content_type);
	header_value(p, len, "Retry-After", x->retry_after,
	    sizeof x->retry_after);
	return len;
}

static int
on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut,
    curl_off_t un)
{
	struct xfer *x = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	if (interrupted)
		return 1;
	if (x->rq->idle_ms > 0 && now_ms() - x->last_byte > x->rq->idle_ms) {
		x->idle_expired = 1;
		return 1;
	}
	if (x->deadline && now_ms() >= x->deadline) {
		x->deadline_expired = 1;
		return 1;
	}
	return 0;
}

/* -v: the exchange as curl -v shows it, with the key never shown. */
static int
on_debug(CURL *h, curl_infotype type, char *data, size_t n, void *arg)
{
	struct xfer *x = arg;
	const char *mark, *line, *end, *stop = data + n;
	char red[32], clean[1024];
	size_t len;

	(void)h;
	switch (type) {
	case CURLINFO_TEXT:
		mark = "*";
		break;
	case CURLINFO_HEADER_OUT:
		mark = ">";
		break;
	case CURLINFO_HEADER_IN:
		mark = "<";
		break;
	default:
		return 0;
	}
	for (line = data; line < stop; line = end) {
		end = memchr(line, '\n', stop - line);
		end = end ? end + 1 : stop;
		len = end - line;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;
		if (len > 14 && strncasecmp(line, "Authorization:", 14) == 0) {
			fprintf(stderr, "%s Authorization: Bearer %s\n", mark,
			    auth_redact(x->key, red, sizeof red));
			continue;
		}
		sanitize(clean, sizeof clean, line, len);
		fprintf(stderr, "%s %s\n", mark, clean);
	}
	return 0;
}

/* The host part of an http(s) URL, in out; -1 if there is none. */
static int
url_host(const char *url, char *out, size_t size)
{
	const char *p, *end;
	size_t n;

	if ((p = strstr(url, "://")) == NULL)
		return -1;
	p += 3;
	end = p + strcspn(p, "/?#");
	/* user:pass@ */
	for (const char *at = p; at < end; at++)
		if (*at == '@')
			p = at + 1;
	if (*p == '[') {
		const char *rb = memchr(p, ']', end - p);

		if (rb == NULL)
			return -1;
		p++;
		n = rb - p;
	} else
		n = strcspn(p, ":/?#");
	if (p + n > end)
		n = end - p;
	if (n == 0 || n >= size)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

static int
is_loopback(const char *host)
{
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "::1") == 0)
		return 1;
	/* 127.0.0.0/8 as four decimal numbers */
	if (strncmp(host, "127.", 4) == 0) {
		int a, b, c, d, n = 0;

		return sscanf(host, "%d.%d.%d.%d%n", &a, &b, &c, &d, &n) == 4 &&
		    host[n] == '\0' && b >= 0 && b < 256 && c >= 0 && c < 256 &&
		    d >= 0 && d < 256;
	}
	return 0;
}

int
http_check_url(const char *url, int insecure, struct or_error *e)
{
	char host[256];

	if (strncasecmp(url, "https://", 8) != 0 &&
	    strncasecmp(url, "http://", 7) != 0)
		return error_set(e, EX_CONFIG, "base URL %s: not an http(s) "
		    "URL", url);
	if (url_host(url, host, sizeof host) == -1)
		return error_set(e, EX_CONFIG, "base URL %s: no host", url);
	if (strncasecmp(url, "http://", 7) == 0 && !insecure &&
	    !is_loopback(host))
		return error_set(e, EX_CONFIG, "base URL %s: plain http is "
		    "only used for loopback hosts; use https, or "
		    "--insecure-http", url);
	return 0;
}

static struct curl_slist *
headers(const struct curlfn *c, const struct opts *o, const char *key,
    const struct http_req *rq)
{
	struct curl_slist *l = NULL;
	struct buf b;

	buf_init(&b, 0);
	if (key) {
		buf_adds(&b, "Authorization: Bearer ");
		buf_adds(&b, key);
		l = c->slist_append(l, b.p);
		explicit_bzero(b.p, b.len);
		buf_reset(&b);
	}
	if (o->referer) {
		buf_adds(&b, "HTTP-Referer: ");
		buf_adds(&b, o->referer);
		l = c->slist_append(l, b.p);
		buf_reset(&b);
	}
	if (o->title) {
		buf_adds(&b, "X-OpenRouter-Title: ");
		buf_adds(&b, o->title);
		l = c->slist_append(l, b.p);
		buf_reset(&b);
		/* The older name, still read by older deployments. */
		buf_adds(&b, "X-Title: ");
		buf_adds(&b, o->title);
		l = c->slist_append(l, b.p);
	}
	buf_free(&b);
	if (rq->body)
		l = c->slist_append(l, "Content-Type: application/json");
	l = c->slist_append(l, rq->on_data ? "Accept: text/event-stream" :
	    "Accept: application/json");
	/* No 100-continue round trip before a POST body. */
	l = c->slist_append(l, "Expect:");
	return l;
}

/* curl(1) reads these; libcurl itself does not. */
static void
ca_from_env(const struct curlfn *c, CURL *h)
{
	const char *v;

	if ((v = env_value("CURL_CA_BUNDLE")) != NULL)
		c->easy_setopt(h, CURLOPT_CAINFO, v);
	else if ((v = env_value("SSL_CERT_FILE")) != NULL)
		c->easy_setopt(h, CURLOPT_CAINFO, v);
	if ((v = env_value("SSL_CERT_DIR")) != NULL)
		c->easy_setopt(h, CURLOPT_CAPATH, v);
}

static int
curl_exit(CURLcode rc)
{
	switch (rc) {
	/*
	 * Configuration, not unavailability: a stale cache must not hide
	 * these (callers with a fallback tell them by 78).
	 */
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return EX_CONFIG;
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
		return EX_PROTOCOL;
	default:
		return EX_TEMPFAIL;
	}
}

static int
curl_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

void
http_sleep(long long ms)
{
	struct timespec ts;
	long long end = now_ms() + ms;

	while (!interrupted && (ms = end - now_ms()) > 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000;
		nanosleep(&ts, NULL);
	}
}

/* "prefix1.5 s": a limit in ms as seconds, for messages. */
static void
fmt_secs(char *out, size_t size, long long ms, const char *prefix)
{
	if (ms % 1000 == 0)
		snprintf(out, size, "%s%lld s", prefix, ms / 1000);
	else
		snprintf(out, size, "%s%lld.%03lld s", prefix, ms / 1000,
		    ms % 1000);
}

/* Full-range jitter over the upper half: [d/2, d]. */
static long long
backoff_ms(int attempt)
{
	long long d = BACKOFF_FIRST_MS;
	static int seeded;

	if (!seeded) {
		srand((unsigned)(time(NULL) ^ getpid()));
		seeded = 1;
	}
	while (attempt-- > 0 && d < BACKOFF_MAX_MS)
		d *= 2;
	if (d > BACKOFF_MAX_MS)
		d = BACKOFF_MAX_MS;
	return d / 2 + rand() % (d / 2 + 1);
}

static void
setup(struct xfer *x, const struct opts *o, const char *url,
    struct curl_slist *hdrs)
{
	const struct curlfn *c = x->c;
	CURL *h = x->h;
	const struct http_req *rq = x->rq;
	size_t cap = rq->max_body ? rq->max_body : HTTP_MAX_BODY;
	char ua[64];

	c->easy_reset(h);
	snprintf(ua, sizeof ua, "orkit/%s", ORKIT_VERSION);
	c->easy_setopt(h, CURLOPT_URL, url);
	c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	c->easy_setopt(h, CURLOPT_USERAGENT, ua);
	c->easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	c->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	c->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	c->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	ca_from_env(c, h);
	c->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)o->connect_timeout_ms);
	/*
	 * What is left of the whole command's limit, streams included (a
	 * stream without one is guarded by the idle timeout alone).
	 */
	if (x->deadline) {
		long long left = x->deadline - now_ms();

		c->easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(left > 0 ? left :
		    1));
	}
	if (!rq->on_data)
		c->easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cap);
	c->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	c->easy_setopt(h, CURLOPT_WRITEDATA, x);
	c->easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	c->easy_setopt(h, CURLOPT_HEADERDATA, x);
	c->easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	c->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	c->easy_setopt(h, CURLOPT_XFERINFODATA, x);
	if (strcmp(rq->method, "POST") == 0) {
		c->easy_setopt(h, CURLOPT_POST, 1L);
		c->easy_setopt(h, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
		c->easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(rq->body ? rq->bodylen : 0));
	}
	if (x->verbose) {
		c->easy_setopt(h, CURLOPT_VERBOSE, 1L);
		c->easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
		c->easy_setopt(h, CURLOPT_DEBUGDATA, x);
	}
	buf_free(&x->rs->body);
	buf_init(&x->rs->body, cap);
	x->rs->status = 0;
	x->rs->gen_id[0] = x->rs->content_type[0] = '\0';
	x->retry_after[0] = '\0';
	x->toobig = x->idle_expired = x->deadline_expired = x->got_2xx = 0;
	x->in_head = 0;
	x->last_byte = now_ms();
}

/*
 * What curl's rc means here.  A header line over libcurl's cap (100 KB)
 * is "Out of memory" (CURLE_OUT_OF_MEMORY before 8.6, CURLE_TOO_LARGE
 * since): after a status line and before the blank line that ends the
 * headers, the one buffer that grows with the input is the header line's,
 * so that is what the code means there.
 */
static const char *
curl_why(const struct xfer *x, CURLcode rc)
{
	if (x->in_head && (rc == CURLE_OUT_OF_MEMORY ||
	    (int)rc == HTTP_CURLE_TOO_LARGE))
		return "the answer's headers are too large";
	return x->c->easy_strerror(rc);
}

/* Why one attempt failed, in e; returns its exit status. */
static int
attempt_error(struct xfer *x, CURLcode rc, const char *what,
    struct or_error *e)
{
	struct http_resp *rs = x->rs;

	memset(e, 0, sizeof *e);
	e->retry_after = -1;
	if (interrupted)
		return error_set(e, OR_EX_INTERRUPT, "%s: interrupted", what);
	if (x->idle_expired)
		return error_set(e, EX_TEMPFAIL, "%s: no data for %lld s",
		    what, x->rq->idle_ms / 1000);
	/*
	 * libcurl's clock (CLOCK_MONOTONIC_RAW) may end CURLOPT_TIMEOUT_MS
	 * a millisecond before ours reaches the deadline it came from.
	 */
	if (x->deadline_expired || (rc == CURLE_OPERATION_TIMEDOUT &&
	    x->deadline && now_ms() + DEADLINE_SLACK_MS >= x->deadline))
		return error_set(e, EX_TEMPFAIL, "%s: timed out after %s",
		    what, x->limit);
	if (x->toobig || rc == CURLE_FILESIZE_EXCEEDED)
		return error_set(e, EX_PROTOCOL, "%s: answer larger than "
		    "%zu bytes", what, x->rq->on_data && is_2xx(rs->status) ?
		    HTTP_MAX_STREAM : rs->body.cap);
	if (rc != CURLE_OK && x->got_2xx && strcmp(x->rq->method, "POST") ==
	    0) {
		/*
		 * The request was taken and may be billed: sending it again
		 * could charge it twice.  A broken answer is 76, a timeout 75.
		 */
		return error_set(e, rc == CURLE_OPERATION_TIMEDOUT ?
		    EX_TEMPFAIL : EX_PROTOCOL, "%s: %s after the answer "
		    "began; not sent again, as it may be billed", what,
		    curl_why(x, rc));
	}
	if (rc != CURLE_OK) {
		e->retryable = curl_retryable(rc);
		return error_set(e, curl_exit(rc), "%s: %s", what,
		    curl_why(x, rc));
	}
	x->c->easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &rs->status);
	if (error_from_body(rs->status, rs->body.p, rs->body.len, time(NULL),
	    e)) {
		char tmp[sizeof e->msg];

		memcpy(tmp, e->msg, sizeof tmp);
		/* error_set cuts a long message between characters. */
		return error_set(e, e->exit, "%s: %s", what, tmp);
	}
	return 0;
}

/* What every request checks first: the base URL and the header values. */
static int
check_config(const struct opts *o, const char *key, struct or_error *e)
{
	int r;

	if ((r = http_check_url(o->base_url, o->insecure_http, e)))
		return r;
	/* --referer and --title were checked as flags: these came from the
	 * environment. */
	if (o->referer && opts_header_bad(o->referer))
		return error_set(e, EX_CONFIG, "ORKIT_REFERER: a control "
		    "character is not allowed in a header value");
	if (o->title && opts_header_bad(o->title))
		return error_set(e, EX_CONFIG, "ORKIT_TITLE: a control "
		    "character is not allowed in a header value");
	if (key && opts_header_bad(key))
		return error_set(e, EX_CONFIG, "the API key holds a control "
		    "character");
	return 0;
}

/* The base URL, less its trailing slashes, then path. */
static void
make_url(struct buf *url, const char *base, const char *path)
{
	buf_init(url, 0);
	buf_adds(url, base);
	while (url->len && url->p[url->len - 1] == '/')
		url->p[--url->len] = '\0';
	buf_adds(url, path);
}

/*
 * After attempt number attempt (0 for the first) failed with e: the wait
 * in ms before the next one, or -1 when there is to be none (then e's
 * message says so when a limit is why).  *ra: the wait the server asked
 * for, in seconds, or -1.
 */
static long long
retry_delay(const struct xfer *x, CURLcode rc, int attempt, int retries,
    struct or_error *e, long *ra)
{
	long long ms;
	size_t n;

	*ra = -1;
	/* Never send again once the caller has part of an answer. */
	if (!e->retryable || x->rs->delivered || attempt >= retries ||
	    interrupted || (x->rq->net_final && rc != CURLE_OK))
		return -1;
	*ra = x->retry_after[0] ? retry_after_parse(x->retry_after,
	    time(NULL)) : -1;
	if (*ra < 0)
		*ra = e->retry_after;
	if (*ra > RETRY_AFTER_MAX) {
		n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, " (the server asks to "
		    "retry after %ld s)", *ra);
		return -1;
	}
	ms = *ra >= 0 ? *ra * 1000LL : backoff_ms(attempt);
	/* No wait past the limit: the last error stands. */
	if (x->deadline && now_ms() + ms >= x->deadline) {
		n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, " (no time left to "
		    "retry within %s)", x->limit);
		return -1;
	}
	return ms;
}

int
http_request(const struct opts *o, const char *key, const struct http_req *rq,
    struct http_resp *rs, struct or_error *e)
{
	struct xfer x;
	struct curl_slist *hdrs;
	struct buf url;
	char what[256], cerr[256];
	CURLcode rc;
	long long ms;
	long ra;
	int attempt, r;

	memset(rs, 0, sizeof *rs);
	buf_init(&rs->body, 0);
	memset(e, 0, sizeof *e);
	if ((r = check_config(o, key, e)))
		return r;
	memset(&x, 0, sizeof x);
	if ((x.c = curlfn_get(cerr, sizeof cerr)) == NULL)
		return error_set(e, EX_SOFTWARE, "%s", cerr);
	if ((x.h = x.c->easy_init()) == NULL)
		return error_set(e, EX_SOFTWARE, "curl_easy_init failed");
	x.rq = rq;
	x.rs = rs;
	x.key = key;
	x.verbose = o->verbose;
	if (first_ms == 0)
		first_ms = now_ms();
	if (o->timeout_ms > 0) {
		/* The whole command's limit, from its first request. */
		x.deadline = first_ms + o->timeout_ms;
		fmt_secs(x.limit, sizeof x.limit, o->timeout_ms, "--timeout ");
	} else if (rq->limit_ms > 0) {
		x.deadline = now_ms() + rq->limit_ms;
		fmt_secs(x.limit, sizeof x.limit, rq->limit_ms, "");
	}
	make_url(&url, o->base_url, rq->path);
	snprintf(what, sizeof what, "%s %s", rq->method, rq->path);
	hdrs = headers(x.c, o, key, rq);

	for (attempt = 0;; attempt++) {
		if (x.deadline && now_ms() >= x.deadline) {
			r = error_set(e, EX_TEMPFAIL, "%s: timed out after %s",
			    what, x.limit);
			break;
		}
		setup(&x, o, url.p, hdrs);
		rc = x.c->easy_perform(x.h);
		if (rs->stopped) {
			r = 0;
			break;
		}
		if ((r = attempt_error(&x, rc, what, e)) == 0)
			break;
		if ((ms = retry_delay(&x, rc, attempt, o->retries, e,
		    &ra)) < 0)
			break;
		if (o->verbose || isatty(2))
			fprintf(stderr, "%s: %s; retrying in %lld.%lld s%s (%d "
			    "of %d)\n", progname(), e->msg, ms / 1000,
			    ms % 1000 / 100, ra >= 0 ? " as Retry-After asks" :
			    "", attempt + 1, o->retries);
		http_sleep(ms);
	}
	x.c->slist_free_all(hdrs);
	x.c->easy_cleanup(x.h);
	buf_free(&url);
	if (interrupted && r != 0)
		r = error_set(e, OR_EX_INTERRUPT, "%s: interrupted", what);
	return r;
}

void
http_resp_free(struct http_resp *rs)
{
	buf_free(&rs->body);
}

int
http_get(const struct opts *o, const char *path, int key_needed,
    struct http_resp *rs, struct or_error *e)
{
	return http_get_limit(o, path, key_needed, 0, rs, e);
}

int
http_get_lookup(const struct opts *o, const char *path, struct http_resp *rs,
    struct or_error *e)
{
	return http_get_limit(o, path, 0, HTTP_LOOKUP_LIMIT_MS, rs, e);
}

/* http_get_limit, and the request's net_final. */
static int
get(const struct opts *o, const char *path, int key_needed,
    long long limit_ms, int net_final, struct http_resp *rs,
    struct or_error *e)
{
	struct http_req rq;
	char *key;
	int r;

	memset(rs, 0, sizeof *rs);
	r = key_needed ? auth_key(o->key_file, &key, e) :
	    auth_key_optional(o->key_file, &key, e);
	if (r != 0)
		return r;
	memset(&rq, 0, sizeof rq);
	rq.method = "GET";
	rq.path = path;
	rq.limit_ms = limit_ms;
	rq.net_final = net_final;
	r = http_request(o, key, &rq, rs, e);
	auth_free(key);
	return r;
}

int
http_get_limit(const struct opts *o, const char *path, int key_needed,
    long long limit_ms, struct http_resp *rs, struct or_error *e)
{
	return get(o, path, key_needed, limit_ms, 0, rs, e);
}

int
http_get_quick(const struct opts *o, const char *path, long long limit_ms,
    struct http_resp *rs, struct or_error *e)
{
	return get(o, path, 0, limit_ms, 1, rs, e);
}

/*
 * The multi interface: many requests at once, one connection pool.
 */

/* One request of a multi, from its add to its hand-back. */
struct mx {
	struct xfer	 x;
	struct http_req	 rq;		/* the caller's, copied */
	struct http_resp rs;
	struct or_error	 e;		/* the last attempt's failure */
	void		*tag;
	int		 attempt;	/* attempts made so far */
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
	long long		 pause_until;	/* now_ms(): none starts before */
	int			 pauses;	/* 429s without Retry-After in
						 * a row */
	struct sigaction	 old_pipe;
};

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
	if (check_config(o, key, e))
		return NULL;
	if ((c = curlfn_get(cerr, sizeof cerr)) == NULL) {
		error_set(e, EX_SOFTWARE, "%s", cerr);
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
	c->multi_setopt(m->m, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	/* Every request of a batch is a POST of JSON, answered whole. */
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.body = "";
	m->hdrs = headers(c, o, key, &rq);
	make_url(&m->url, o->base_url, "/chat/completions");
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
		fmt_secs(x->x.limit, sizeof x->x.limit, o->timeout_ms,
		    "--timeout ");
	}
	setup(&x->x, o, m->url.p, m->hdrs);
	/*
	 * No CURLOPT_PIPEWAIT: over HTTP/1.1 (plain http, or a server
	 * without h2) it makes every request wait for one connection in
	 * turn.  The first -P requests open their own connections; later
	 * ones reuse them, multiplexed where the server speaks HTTP/2.
	 */
	m->c->easy_setopt(x->x.h, CURLOPT_PRIVATE, (void *)x);
	m->c->easy_setopt(x->x.h, CURLOPT_NOSIGNAL, 1L);
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
	d->retries = x->attempt > 0 ? x->attempt - 1 : 0;
	d->resp = x->rs;
	d->e = x->e;
	memset(&x->rs, 0, sizeof x->rs);
	x->next = m->spare;
	m->spare = x;
	m->pending--;
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
		if (m->stopping || interrupted) {
			/*
			 * A retry not to be made keeps its last error; a
			 * request never begun is handed back unsent.
			 */
			*pp = x->next;
			if (interrupted || x->attempt == 0)
				error_set(&x->e, OR_EX_INTERRUPT, "%s: "
				    "interrupted", m->what);
			mx_done(m, x, x->e.exit, d);
			return 1;
		}
		if (now < m->pause_until || now < x->not_before) {
			pp = &x->next;
			continue;
		}
		*pp = x->next;
		mx_start(m, x);
	}
	return 0;
}

/* An attempt ended with rc: the request done (1, d filled) or retried. */
static int
mx_finish(struct http_multi *m, struct mx *x, CURLcode rc,
    struct http_done *d)
{
	long long ms, now;
	long ra;
	int r;

	m->c->multi_remove_handle(m->m, x->x.h);
	x->active = 0;
	m->running--;
	if ((r = attempt_error(&x->x, rc, m->what, &x->e)) == 0) {
		m->pauses = 0;
		mx_done(m, x, 0, d);
		return 1;
	}
	if (m->stopping || (ms = retry_delay(&x->x, rc, x->attempt - 1,
	    m->o->retries, &x->e, &ra)) < 0) {
		mx_done(m, x, r, d);
		return 1;
	}
	now = now_ms();
	if (x->rs.status == 429 || ra >= 0) {
		/*
		 * The server is busy for everyone: hold every attempt not
		 * yet begun, jittered so that the batch does not come back
		 * in one burst.
		 */
		if (ra < 0)
			ms = backoff_ms(m->pauses++);
		else
			ms += rand() % (ms / 10 + 100);
		if (now + ms > m->pause_until)
			m->pause_until = now + ms;
	}
	if (m->o->verbose)
		fprintf(stderr, "%s: %s; retrying in %lld.%lld s%s (%d of "
		    "%d)\n", progname(), x->e.msg, ms / 1000, ms % 1000 / 100,
		    ra >= 0 ? " as Retry-After asks" : "", x->attempt,
		    m->o->retries);
	x->not_before = now + ms;
	/* Its turn again before the lines that came after it. */
	x->next = m->waiting;
	m->waiting = x;
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
			long long t = x->not_before > m->pause_until ?
			    x->not_before : m->pause_until;

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
