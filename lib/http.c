/*
 * http: one request over libcurl with retries (http_request), and the
 * GETs built on it; the base URL check.  What a transfer is and means is
 * xfer.c's, many at once httpmulti.c's.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "curlfn.h"
#include "error.h"
#include "http.h"
#include "opts.h"
#include "util.h"
#include "xfer.h"

/*
 * now_ms() when the command's first request began: --timeout counts from
 * there, so every request, retry and wait shares it, while the time spent
 * reading a prompt from a terminal does not.
 */
static long long first_ms;

void
http_interrupt(void)
{
	xfer_interrupt();
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

void
http_sleep(long long ms)
{
	struct timespec ts;
	long long end = now_ms() + ms;

	while (!xfer_interrupted() && (ms = end - now_ms()) > 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000;
		nanosleep(&ts, NULL);
	}
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
	if ((r = xfer_check_config(o, key, e)))
		return r;
	memset(&x, 0, sizeof x);
	/* A library that cannot be loaded is unavailable, as libjq's is. */
	if ((x.c = curlfn_get(cerr, sizeof cerr)) == NULL)
		return error_set(e, EX_UNAVAILABLE, "%s", cerr);
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
		xfer_fmt_secs(x.limit, sizeof x.limit, o->timeout_ms, "--timeout ");
	} else if (rq->limit_ms > 0) {
		x.deadline = now_ms() + rq->limit_ms;
		xfer_fmt_secs(x.limit, sizeof x.limit, rq->limit_ms, "");
	}
	xfer_make_url(&url, o->base_url, rq->path);
	snprintf(what, sizeof what, "%s %s", rq->method, rq->path);
	hdrs = xfer_headers(x.c, o, key, rq);

	for (attempt = 0;; attempt++) {
		if (x.deadline && now_ms() >= x.deadline) {
			r = error_set(e, EX_TEMPFAIL, "%s: timed out after %s",
			    what, x.limit);
			break;
		}
		xfer_setup(&x, o, url.p, hdrs);
		rc = x.c->easy_perform(x.h);
		if (rs->stopped) {
			r = 0;
			break;
		}
		if ((r = xfer_attempt_error(&x, rc, what, e)) == 0)
			break;
		if (xfer_ca_again(&x, rc, what)) {
			attempt--;	/* not one of the retries */
			continue;
		}
		if ((ms = xfer_retry_delay(&x, rc, attempt, o->retries, e,
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
	if (xfer_interrupted() && r != 0)
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
