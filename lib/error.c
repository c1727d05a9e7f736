/*
 * error: HTTP statuses and OpenRouter error bodies to one line and an exit
 * status.
 *
 * OpenRouter's envelope is {"error":{"code","message","metadata"}}, but real
 * answers vary: code may be a number, a numeric string ("429") or a word
 * ("Timeout"); metadata.raw may hold the provider's own answer as a JSON
 * document encoded in a string; a 200 may carry an error.  Every field is
 * optional.  We read it with jscan, which never trusts the input.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <limits.h>
#include <time.h>

#include "error.h"
#include "jscan.h"
#include "util.h"

int
error_exit_for_status(long status)
{
	if (status >= 200 && status < 300)
		return 0;
	switch (status) {
	case 401:
	case 402:
	case 403:
		return EX_NOPERM;
	case 404:
	case 410:
		return EX_UNAVAILABLE;
	case 408:
	case 429:
		return EX_TEMPFAIL;
	}
	if (status >= 500 && status < 600)
		return EX_TEMPFAIL;
	if (status >= 400 && status < 500)
		return EX_DATAERR;
	return EX_PROTOCOL;
}

int
error_status_retryable(long status)
{
	return status == 408 || status == 429 ||
	    (status >= 500 && status < 600 && status != 501);
}

/*
 * A message cut short by vsnprintf may end inside a character: drop the
 * incomplete sequence at its end, so the message stays valid UTF-8.
 */
static void
cut_utf8(char *s)
{
	size_t n = strlen(s), i, need;
	unsigned char c;

	for (i = n; i > 0 && n - i < 4; i--) {
		c = (unsigned char)s[i - 1];
		if ((c & 0xc0) == 0x80)
			continue;	/* a continuation byte: look further */
		need = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
		    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
		if (n - (i - 1) < need)
			s[i - 1] = '\0';
		return;
	}
}

int
error_set(struct or_error *e, int exit, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	cut_utf8(e->msg);
	e->exit = exit;
	return exit;
}

/* Append to e->msg, never past its end. */
static void
add(struct or_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
add(struct or_error *e, const char *fmt, ...)
{
	size_t n = strlen(e->msg);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof e->msg - n, fmt, ap);
	va_end(ap);
	cut_utf8(e->msg);
}

/*
 * The string at path in the JSON text buf, decoded and cleaned into out;
 * returns 0 when it is absent or not a string.
 */
static int
getstr(const char *buf, size_t len, const char *path, char *out, size_t size)
{
	struct jscan_val v;
	char tmp[2048];
	size_t n;

	if (jscan_get(buf, len, path, &v) != 1 || v.kind != JSCAN_STRING)
		return 0;
	n = jscan_unescape(v.p, v.len, tmp, sizeof tmp);
	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	sanitize(out, size, tmp, n);
	return 1;
}

/* A decimal integer at path, given as a JSON number or numeric string. */
static int
getlong(const char *buf, size_t len, const char *path, long long *out)
{
	struct jscan_val v;

	if (jscan_get(buf, len, path, &v) != 1)
		return 0;
	if (v.kind == JSCAN_STRING && v.len >= 2) {
		/* "429": its digits, read as a number's would be. */
		v.p++, v.len -= 2;
		v.kind = JSCAN_NUMBER;
	}
	return jscan_llong(&v, -LLONG_MAX, LLONG_MAX, out) == 0;
}

/*
 * metadata.raw: the provider's own answer.  Often a JSON document in a
 * string, whose message is the useful part; else free text.
 */
static void
add_raw(struct or_error *e, const char *body, size_t len, const char *prov)
{
	struct jscan_val v;
	char *raw, msg[512];
	size_t n;

	if (jscan_get(body, len, "error.metadata.raw", &v) != 1)
		return;
	msg[0] = '\0';
	if (v.kind == JSCAN_STRING) {
		n = jscan_unescape(v.p, v.len, NULL, 0);
		raw = xmalloc(n + 1);
		jscan_unescape(v.p, v.len, raw, n + 1);
		if (jscan_validate(raw, n, NULL) != 0 ||
		    (!getstr(raw, n, "error.message", msg, sizeof msg) &&
		    !getstr(raw, n, "message", msg, sizeof msg)))
			sanitize(msg, sizeof msg, raw, n);
		free(raw);
	} else if (v.kind == JSCAN_OBJECT) {
		if (!getstr(v.p, v.len, "error.message", msg, sizeof msg))
			getstr(v.p, v.len, "message", msg, sizeof msg);
	}
	if (msg[0] && prov[0])
		add(e, " (%s: %s)", prov, msg);
	else if (msg[0])
		add(e, " (provider: %s)", msg);
}

/* Moderation: metadata.reasons, an array of strings. */
static void
add_reasons(struct or_error *e, const char *body, size_t len)
{
	char path[64], r[128];
	int i, n = 0;

	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof path, "error.metadata.reasons.%d", i);
		if (!getstr(body, len, path, r, sizeof r))
			break;
		if (strstr(e->msg, r) == NULL)
			add(e, "%s%s", n++ ? ", " : "; flagged for: ", r);
	}
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's method). */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
fmt_utc(long long t, char *out, size_t size)
{
	long long z = t / 86400, era, doe, yoe, y, doy, mp, d, m, s;

	s = t % 86400;
	if (s < 0)
		s += 86400, z--;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
	    y + (m <= 2), m, d, s / 3600, s / 60 % 60, s % 60);
}

/*
 * OpenRouter's own rate limits echo X-RateLimit-* in metadata.headers, the
 * reset in epoch milliseconds.  A daily cap that is used up (or whose reset
 * is far off) is not worth retrying now.
 */
static void
add_ratelimit(struct or_error *e, const char *body, size_t len, time_t now)
{
	long long lim, rem, reset;
	int haslim, hasrem, hasreset;
	char when[64], src[64];

	haslim = getlong(body, len, "error.metadata.headers.X-RateLimit-Limit",
	    &lim);
	hasrem = getlong(body, len,
	    "error.metadata.headers.X-RateLimit-Remaining", &rem);
	hasreset = getlong(body, len,
	    "error.metadata.headers.X-RateLimit-Reset", &reset);
	if (haslim)
		add(e, "; X-RateLimit-Limit %lld", lim);
	if (hasrem)
		add(e, ", X-RateLimit-Remaining %lld", rem);
	if (hasreset) {
		fmt_utc(reset / 1000, when, sizeof when);
		add(e, ", X-RateLimit-Reset %s", when);
		if (reset / 1000 - (long long)now > 300)
			e->retryable = 0;
	}
	if (hasrem && rem == 0 && strstr(e->msg, "per-day"))
		e->retryable = 0;
	if (getstr(body, len, "error.metadata.limit_source", src, sizeof src) &&
	    strcmp(src, "openrouter_free_tier_daily") == 0)
		e->retryable = 0;
}

/* The first occurrence of needle (ASCII, any case) in p[0..n), or NULL. */
static const char *
find_ci(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (strncasecmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

/*
 * An HTML page (a Cloudflare or proxy error page) in one line: its <title>
 * and a Cloudflare ray id when it shows one.  Returns 0 when body is not
 * HTML or has no title.
 */
static int
add_html(struct or_error *e, const char *body, size_t len)
{
	const char *end = body + len, *t, *te, *r;
	char title[161], ray[33];
	size_t n;

	if (len == 0 || body[0] != '<' || (find_ci(body, len < 512 ? len :
	    512, "<html") == NULL && find_ci(body, len < 512 ? len : 512,
	    "<!doctype html") == NULL))
		return 0;
	title[0] = ray[0] = '\0';
	if ((t = find_ci(body, len, "<title")) != NULL &&
	    (t = memchr(t, '>', end - t)) != NULL &&
	    (te = find_ci(t + 1, end - (t + 1), "</title")) != NULL) {
		n = te - (t + 1);
		sanitize(title, sizeof title, t + 1, n);
		/* Trim, and fold the runs of white space sanitize leaves. */
		for (char *p = title, *q = title; ; p++) {
			if (*p == ' ' && (q == title || q[-1] == ' '))
				continue;
			if ((*q++ = *p) == '\0')
				break;
		}
		n = strlen(title);
		while (n && title[n - 1] == ' ')
			title[--n] = '\0';
	}
	if ((r = find_ci(body, len, "Ray ID:")) != NULL) {
		r += 7;
		/* Skip white space and tags up to the id itself. */
		while (r < end && (*r == ' ' || *r == '\n' || *r == '<')) {
			if (*r == '<' && (r = memchr(r, '>', end - r)) == NULL)
				break;
			r++;
		}
		for (n = 0; r && r < end && n + 1 < sizeof ray &&
		    ((*r >= '0' && *r <= '9') || (*r >= 'a' && *r <= 'f') ||
		    (*r >= 'A' && *r <= 'F')); r++)
			ray[n++] = *r;
		ray[n] = '\0';
	}
	if (title[0] == '\0')
		return 0;	/* no title: its first bytes say more */
	add(e, ": %s", title);
	if (ray[0])
		add(e, " (Cloudflare ray %s)", ray);
	return 1;
}

/* Start of a non-JSON body, for gateways that answer with HTML. */
static void
add_snippet(struct or_error *e, const char *body, size_t len)
{
	char s[161];

	while (len && (*body == ' ' || *body == '\n' || *body == '\r' ||
	    *body == '\t'))
		body++, len--;
	if (len == 0) {
		add(e, " (empty body)");
		return;
	}
	if (add_html(e, body, len))
		return;
	sanitize(s, sizeof s, body, len < 160 ? len : 160);
	add(e, ": %s%s", s, len > 160 ? "..." : "");
}

/*
 * An answer may quote the key it was sent ("Invalid key sk-or-v1-...").
 * Whatever looks like one -- "sk-" where a word starts, then 16 or more
 * key characters -- is replaced in s, never printed.
 */
static void
redact_keys(char *s)
{
	static const char shown[] = "(a key, not shown)";
	size_t i, n;

	for (i = 0; s[i] != '\0'; i++) {
		if (strncmp(s + i, "sk-", 3) != 0 || (i > 0 &&
		    (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-' ||
		    s[i - 1] == '_')))
			continue;
		n = 3 + strspn(s + i + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_");
		if (n < 3 + 16)
			continue;
		/* n >= 19 > the 18 bytes of shown: s only shrinks. */
		memcpy(s + i, shown, sizeof shown - 1);
		memmove(s + i + sizeof shown - 1, s + i + n,
		    strlen(s + i + n) + 1);
		i += sizeof shown - 2;
	}
}

static int	from_body(long, const char *, size_t, time_t,
		    struct or_error *);

int
error_from_body(long status, const char *body, size_t len, time_t now,
    struct or_error *e)
{
	if (!from_body(status, body, len, now, e))
		return 0;
	redact_keys(e->msg);
	return 1;
}

static int
from_body(long status, const char *body, size_t len, time_t now,
    struct or_error *e)
{
	struct jscan_val v;
	char msg[768], prov[128], type[64], hint[384];
	long long code, ra;
	int json, haserr;

	json = body && jscan_validate(body, len, NULL) == 0;
	haserr = json && jscan_get(body, len, "error", &v) == 1 &&
	    v.kind == JSCAN_OBJECT;
	if (status >= 200 && status < 300 && !haserr)
		return 0;

	memset(e, 0, sizeof *e);
	e->retry_after = -1;
	e->status = status;
	/*
	 * Inside a 200, the error's own code says what happened; an error
	 * object is always an error, so a code that is no 4xx or 5xx (a
	 * 200 included) stands for a bad gateway.
	 */
	if (haserr && status >= 200 && status < 300) {
		if (!getlong(body, len, "error.code", &code))
			e->status = 500;
		else if (code >= 400 && code < 600)
			e->status = code;
		else
			e->status = 502;
	} else if (haserr && !getlong(body, len, "error.code", &code) &&
	    getlong(body, len, "error.http_status", &code) && code >= 400 &&
	    code < 600)
		e->status = code;
	e->exit = error_exit_for_status(e->status);
	e->retryable = error_status_retryable(e->status);

	if (status >= 200 && status < 300)
		add(e, "error %ld", e->status);
	else
		add(e, "HTTP %ld", status);
	if (!haserr) {
		if (!json)
			add_snippet(e, body ? body : "", body ? len : 0);
		else if (getstr(body, len, "message", msg, sizeof msg))
			add(e, ": %s", msg);
		return 1;
	}
	if (getstr(body, len, "error.message", msg, sizeof msg))
		add(e, ": %s", msg);
	else if (getstr(body, len, "error.code", msg, sizeof msg) ||
	    getstr(body, len, "error.type", msg, sizeof msg))
		add(e, ": %s", msg);
	prov[0] = '\0';
	getstr(body, len, "error.metadata.provider_name", prov, sizeof prov);
	add_raw(e, body, len, prov);
	if (prov[0] && !strstr(e->msg, prov))
		add(e, " (provider: %s)", prov);
	add_reasons(e, body, len);
	if (getstr(body, len, "error.metadata.remedy_hint", hint, sizeof hint))
		add(e, "; %s", hint);
	add_ratelimit(e, body, len, now);
	if (getstr(body, len, "error.type", type, sizeof type) &&
	    strcmp(type, "server_error") == 0 && e->status < 500) {
		e->exit = EX_TEMPFAIL;
		e->retryable = 1;
	}
	/* 2026 availability errors say outright whether to retry. */
	if (jscan_get(body, len, "error.availability.retryable", &v) == 1)
		e->retryable = v.kind == JSCAN_TRUE;
	if (getlong(body, len, "error.availability.retry_after", &ra) &&
	    ra >= 0)
		e->retry_after = ra;
	return 1;
}

static int
month_index(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (strncmp(s, months + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

long
retry_after_parse(const char *s, time_t now)
{
	char mon[4], wday[16];
	int d, y, hh, mm, ss, m, n = 0;
	long long secs, t;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s >= '0' && *s <= '9') {
		for (secs = 0; *s >= '0' && *s <= '9'; s++)
			if ((secs = secs * 10 + (*s - '0')) > 100000000)
				secs = 100000000;
		while (*s == ' ' || *s == '\t')
			s++;
		return *s ? -1 : (long)secs;
	}
	/* IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" */
	if (sscanf(s, "%15[A-Za-z], %d %3s %d %d:%d:%d GMT%n", wday, &d, mon,
	    &y, &hh, &mm, &ss, &n) == 7 && n > 0 && s[n] == '\0')
		;
	/* RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" */
	else if (sscanf(s, "%15[A-Za-z], %d-%3s-%d %d:%d:%d GMT%n", wday, &d,
	    mon, &y, &hh, &mm, &ss, &n) == 7 && n > 0 && s[n] == '\0')
		y += y < 70 ? 2000 : y < 100 ? 1900 : 0;
	/* asctime "Sun Nov  6 08:49:37 1994" */
	else if (sscanf(s, "%15[A-Za-z] %3s %d %d:%d:%d %d%n", wday, mon, &d,
	    &hh, &mm, &ss, &y, &n) == 7 && n > 0 && s[n] == '\0')
		;
	else
		return -1;
	if ((m = month_index(mon)) == 0 || d < 1 || d > 31 || hh > 23 ||
	    mm > 59 || ss > 60 || y < 1970 || y > 9999 || hh < 0 || mm < 0 ||
	    ss < 0)
		return -1;
	t = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
	return t <= (long long)now ? 0 : (long)(t - now);
}
