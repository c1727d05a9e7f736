/*
 * xfer: one transfer's policy over libcurl -- the state its callbacks
 * share, the set-up of an easy handle (headers, TLS, CA from the
 * environment, timeouts, the -v trace with the key redacted), the checks
 * every request makes first, and what an attempt's outcome means: its
 * error and exit status, the rule that a POST is never sent again once a
 * 2xx status line arrived, and the wait before a retry.  With http.c and
 * httpmulti.c, the only code that talks to libcurl.
 */
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
#include "xfer.h"

#define BACKOFF_FIRST_MS	500
#define BACKOFF_MAX_MS		30000
/* A timeout this close to the deadline is the deadline's. */
#define DEADLINE_SLACK_MS	20
/* CURLE_TOO_LARGE of libcurl 8.6 on, which our headers may predate. */
#define HTTP_CURLE_TOO_LARGE	100

static volatile sig_atomic_t interrupted;

void
xfer_interrupt(void)
{
	interrupted = 1;
}

int
xfer_interrupted(void)
{
	return interrupted != 0;
}

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

/*
 * line (len bytes) with every copy of key replaced by red, in out; 0 when
 * it holds none.
 */
static int
redact_key(const char *line, size_t len, const char *key, const char *red,
    struct buf *out)
{
	size_t i, k = key ? strlen(key) : 0, from = 0;
	int found = 0;

	if (k == 0)
		return 0;
	buf_reset(out);
	for (i = 0; i + k <= len; i++) {
		if (memcmp(line + i, key, k) != 0)
			continue;
		buf_add(out, line + from, i - from);
		buf_adds(out, red);
		from = i + k;
		i = from - 1;
		found = 1;
	}
	if (found)
		buf_add(out, line + from, len - from);
	return found;
}

/*
 * The length of line up to the end of a header name "authorization"
 * followed by a colon, anywhere in it and in any case, or 0: libcurl's
 * HTTP/2 layer traces each request header inside a text line too
 * ("h2h3 [authorization: Bearer ..." in 7.88, "[HTTP/2] [1]
 * [authorization: ..." in 8), and cuts such lines at 2 KiB, so that a
 * long key is not whole in them.
 */
static size_t
auth_at(const char *line, size_t len)
{
	static const char name[] = "authorization";
	size_t k = sizeof name - 1, i, j;

	for (i = 0; i + k < len; i++) {
		if (strncasecmp(line + i, name, k) != 0)
			continue;
		for (j = i + k; j < len && line[j] == ' '; j++)
			;
		if (j < len && line[j] == ':')
			return i + k;
	}
	return 0;
}

/*
 * -v: the exchange as curl -v shows it, with the key never shown: a line
 * naming the authorization header is shown up to that name, a copy of the
 * key anywhere else is replaced.  libcurl may hand a header over in pieces
 * (8.14 cuts the request at 64 KiB), so the start of the next piece of
 * the same kind, up to its first newline, is the rest of such a line.
 */
static int
on_debug(CURL *h, curl_infotype type, char *data, size_t n, void *arg)
{
	struct xfer *x = arg;
	const char *mark, *line, *end, *stop = data + n;
	char red[32], clean[1024];
	struct buf r;
	size_t len, a;
	int cont;

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
	cont = x->dbg_cont == (int)type + 1;
	x->dbg_cont = 0;
	auth_redact(x->key, red, sizeof red);
	buf_init(&r, 0);
	for (line = data; line < stop; line = end, cont = 0) {
		end = memchr(line, '\n', stop - line);
		end = end ? end + 1 : stop;
		if (cont) {
			if (end[-1] != '\n')
				x->dbg_cont = (int)type + 1;
			continue;
		}
		len = end - line;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;
		if ((a = auth_at(line, len)) != 0) {
			sanitize(clean, sizeof clean, line, a);
			fprintf(stderr, "%s %s: Bearer %s\n", mark, clean, red);
			if (end[-1] != '\n')
				x->dbg_cont = (int)type + 1;
			continue;
		}
		if (redact_key(line, len, x->key, red, &r))
			sanitize(clean, sizeof clean, r.p, r.len);
		else
			sanitize(clean, sizeof clean, line, len);
		fprintf(stderr, "%s %s\n", mark, clean);
	}
	buf_free(&r);
	return 0;
}

struct curl_slist *
xfer_headers(const struct curlfn *c, const struct opts *o, const char *key,
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

/* The CA directory alone failed to verify a server: the bundle too. */
static int	ca_bundle_too;

/*
 * The certificate authorities.  curl(1) reads the environment; libcurl
 * itself does not.  Without a file named there, libcurl's default is a
 * bundle file, beside a directory (SSL_CERT_DIR's, or libcurl's default,
 * on Debian of the same certificates: update-ca-certificates writes
 * both).  OpenSSL parses every certificate of the bundle (some 145, 240
 * million instructions) for each new context, seven times what the rest of
 * a TLS call costs, while it looks the directory up by the issuer's hash
 * and reads one file.  So when there is a directory and no file was named,
 * the bundle is left out; if a server then fails verification, the
 * request is made once more with it (xfer_ca_again), so the
 * authorities trusted in the end are the same as libcurl's.  Verification
 * itself is never turned off.
 */
static void
ca_setup(struct xfer *x)
{
	const struct curlfn *c = x->c;
	const char *file, *dir;
	char *capath = NULL;

	file = env_value("CURL_CA_BUNDLE");
	if (file == NULL)
		file = env_value("SSL_CERT_FILE");
	dir = env_value("SSL_CERT_DIR");
	if (file != NULL)
		c->easy_setopt(x->h, CURLOPT_CAINFO, file);
	if (dir != NULL)
		c->easy_setopt(x->h, CURLOPT_CAPATH, dir);
	x->ca_dir_only = 0;
	if (file == NULL && !ca_bundle_too && (dir != NULL ||
	    (c->easy_getinfo(x->h, CURLINFO_CAPATH, &capath) == CURLE_OK &&
	    capath != NULL && *capath != '\0'))) {
		c->easy_setopt(x->h, CURLOPT_CAINFO, NULL);
		x->ca_dir_only = 1;
	}
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

/* "prefix1.5 s": a limit in ms as seconds, for messages. */
void
xfer_fmt_secs(char *out, size_t size, long long ms, const char *prefix)
{
	if (ms % 1000 == 0)
		snprintf(out, size, "%s%lld s", prefix, ms / 1000);
	else
		snprintf(out, size, "%s%lld.%03lld s", prefix, ms / 1000,
		    ms % 1000);
}

/* Full-range jitter over the upper half: [d/2, d]. */
long long
xfer_backoff_ms(int attempt)
{
	long long d = BACKOFF_FIRST_MS;

	while (attempt-- > 0 && d < BACKOFF_MAX_MS)
		d *= 2;
	if (d > BACKOFF_MAX_MS)
		d = BACKOFF_MAX_MS;
	return d / 2 + xfer_jitter(d / 2 + 1);
}

long long
xfer_jitter(long long n)
{
	static int seeded;

	if (!seeded) {
		srand((unsigned)(time(NULL) ^ getpid()));
		seeded = 1;
	}
	return n > 0 ? rand() % n : 0;
}

void
xfer_setup(struct xfer *x, const struct opts *o, const char *url,
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
	ca_setup(x);
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
	x->in_head = x->dbg_cont = 0;
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
int
xfer_attempt_error(struct xfer *x, CURLcode rc, const char *what,
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
	if (rc != CURLE_OK && xfer_billed(x)) {
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
int
xfer_check_config(const struct opts *o, const char *key, struct or_error *e)
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
void
xfer_make_url(struct buf *url, const char *base, const char *path)
{
	buf_init(url, 0);
	buf_adds(url, base);
	while (url->len && url->p[url->len - 1] == '/')
		url->p[--url->len] = '\0';
	buf_adds(url, path);
}

int
xfer_billed(const struct xfer *x)
{
	return x->got_2xx && strcmp(x->rq->method, "POST") == 0;
}

int
xfer_timed_out(const struct xfer *x, CURLcode rc)
{
	return rc == CURLE_OPERATION_TIMEDOUT || x->deadline_expired ||
	    x->idle_expired;
}

int
xfer_ca_again(const struct xfer *x, CURLcode rc, const char *what)
{
	/*
	 * Every transfer made with the directory alone gets its second
	 * chance, also those in flight beside the one that failed first.
	 */
	if (rc != CURLE_PEER_FAILED_VERIFICATION || !x->ca_dir_only ||
	    interrupted)
		return 0;
	ca_bundle_too = 1;
	if (x->verbose)
		fprintf(stderr, "%s: %s: the server is not verified by the CA "
		    "directory alone; once more with the CA bundle\n",
		    progname(), what);
	return 1;
}

/*
 * After attempt number attempt (0 for the first) failed with e: the wait
 * in ms before the next one, or -1 when there is to be none (then e's
 * message says so when a limit is why).  *ra: the wait the server asked
 * for, in seconds, or -1.
 */
long long
xfer_retry_delay(const struct xfer *x, CURLcode rc, int attempt, int retries,
    struct or_error *e, long *ra)
{
	long long ms;
	size_t n;

	/* What the server asks, also of a request not to be made again. */
	*ra = x->retry_after[0] ? retry_after_parse(x->retry_after,
	    time(NULL)) : -1;
	if (*ra < 0)
		*ra = e->retry_after;
	/* Never send again once the caller has part of an answer. */
	if (!e->retryable || x->rs->delivered || attempt >= retries ||
	    interrupted || (x->rq->net_final && rc != CURLE_OK))
		return -1;
	if (*ra > XFER_RETRY_AFTER_MAX) {
		n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, " (the server asks to "
		    "retry after %ld s)", *ra);
		return -1;
	}
	ms = *ra >= 0 ? *ra * 1000LL : xfer_backoff_ms(attempt);
	/* No wait past the limit: the last error stands. */
	if (x->deadline && now_ms() + ms >= x->deadline) {
		n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, " (no time left to "
		    "retry within %s)", x->limit);
		return -1;
	}
	return ms;
}
