/*
 * t_error: the exit-status table, and every real error answer in
 * tests/conformance/http_errors/ read into one line and one status.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "jlex.h"
#include "json.h"
#include "tap.h"
#include "tutil.h"
#include "util.h"

#define CASES "tests/conformance/http_errors"
/* 60 s before the per-minute limit's reset in the captured 429. */
#define NOW 1765661700

static void
test_table(void)
{
	static const struct { long status; int exit, retry; } t[] = {
		{ 200, 0, 0 }, { 204, 0, 0 }, { 400, 65, 0 }, { 401, 77, 0 },
		{ 402, 77, 0 }, { 403, 77, 0 }, { 404, 69, 0 }, { 408, 75, 1 },
		{ 409, 65, 0 }, { 413, 65, 0 }, { 422, 65, 0 }, { 429, 75, 1 },
		{ 500, 75, 1 }, { 502, 75, 1 }, { 503, 75, 1 }, { 504, 75, 1 },
		{ 524, 75, 1 }, { 529, 75, 1 }, { 301, 76, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		is_int(error_exit_for_status(t[i].status), t[i].exit,
		    "HTTP %ld exits %d", t[i].status, t[i].exit);
		is_int(error_status_retryable(t[i].status), t[i].retry,
		    "HTTP %ld retryable %d", t[i].status, t[i].retry);
	}
}

/* Every string of the array at path must be in msg. */
static void
check_contains(jv exp, const char *path, const char *msg, const char *name)
{
	jv a = json_get(exp, path);
	int i, n;

	n = jv_get_kind(a) == JV_KIND_ARRAY ? jv_array_length(jv_copy(a)) : 0;
	for (i = 0; i < n; i++) {
		jv s = jv_array_get(jv_copy(a), i);

		ok(strstr(msg, jv_string_value(s)) != NULL, "%s: message has "
		    "\"%.40s\"", name, jv_string_value(s));
		jv_free(s);
	}
	jv_free(a);
}

static void
test_case(const char *name)
{
	char path[512], perr[128];
	char *body, *exptext;
	size_t len, elen;
	struct or_error e;
	long long status;
	jv exp;

	snprintf(path, sizeof path, "%s/%s/expected.json", CASES, name);
	if ((exptext = tutil_slurp(path, &elen)) == NULL) {
		ok(0, "%s: read %s", name, path);
		return;
	}
	exp = json_parse(exptext, elen, perr, sizeof perr);
	free(exptext);
	snprintf(path, sizeof path, "%s/%s/body", CASES, name);
	body = tutil_slurp(path, &len);
	if (!jv_is_valid(exp) || body == NULL ||
	    json_int(exp, "status", &status)) {
		ok(0, "%s: case files readable", name);
		jv_free(exp);
		free(body);
		return;
	}
	ok(error_from_body(status, body, len, NOW, &e) == 1,
	    "%s: read as an error", name);
	ok(e.exit != 0, "%s: exit status %d is nonzero", name, e.exit);
	ok(strchr(e.msg, '\n') == NULL, "%s: one line", name);
	check_contains(exp, "expect.stderr_must_contain", e.msg, name);
	check_contains(exp, "expect.stderr_should_contain", e.msg, name);
	is_int(e.retryable, json_true(exp, "expect.retryable"),
	    "%s: retryable as expected", name);
	if (!json_true(exp, "expect.retryable"))
		ok(e.exit != EX_TEMPFAIL || status >= 500 || status == 429,
		    "%s: not retryable, so not 75 unless 429/5xx", name);
	printf("# %s -> %d: %s\n", name, e.exit, e.msg);
	jv_free(exp);
	free(body);
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_conformance(void)
{
	DIR *d;
	struct dirent *de;
	char *names[256];
	size_t n = 0, i;

	if ((d = opendir(CASES)) == NULL) {
		ok(0, "open %s", CASES);
		return;
	}
	while ((de = readdir(d)) && n < 256)
		if (de->d_name[0] != '.')
			names[n++] = xstrdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof names[0], cmp);
	ok(n >= 17, "%zu conformance cases found", n);
	for (i = 0; i < n; i++) {
		test_case(names[i]);
		free(names[i]);
	}
}

static void
test_bodies(void)
{
	struct or_error e;
	const char *s;

	s = "{\"id\":\"gen-1\",\"choices\":[]}";
	is_int(error_from_body(200, s, strlen(s), NOW, &e), 0,
	    "a 200 without error is no error");
	s = "<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>";
	is_int(error_from_body(502, s, strlen(s), NOW, &e), 1,
	    "HTML 502 is an error");
	is_str(e.msg, "HTTP 502: <html><body> <h1>502 Bad Gateway</h1> "
	    "</body></html>", "HTML shown by its first bytes, on one line");
	is_int(e.exit, 75, "HTML 502 exits 75");
	is_int(error_from_body(500, "", 0, NOW, &e), 1, "empty 500");
	is_str(e.msg, "HTTP 500 (empty body)", "empty body said so");
	s = "{\"error\":{\"code\":400,\"message\":\"bad\\u001b[31mred\\nx\"}}";
	error_from_body(400, s, strlen(s), NOW, &e);
	is_str(e.msg, "HTTP 400: bad?[31mred x",
	    "control characters from the server are defused");
	/* An answer that quotes the key: never said back. */
	s = "{\"error\":{\"code\":401,\"message\":\"Invalid key "
	    "sk-or-v1-0123456789abcdef0123456789abcdef, or (sk-proj-"
	    "AAAAbbbbCCCCdddd_-) not\"}}";
	error_from_body(401, s, strlen(s), NOW, &e);
	is_str(e.msg, "HTTP 401: Invalid key (a key, not shown), or "
	    "((a key, not shown)) not", "a key quoted by the server is not shown");
	s = "{\"error\":{\"code\":404,\"message\":\"task-force/ask-"
	    "0123456789abcdefghij, sk-short, xsk-0123456789abcdefghij\"}}";
	error_from_body(404, s, strlen(s), NOW, &e);
	is_str(e.msg, "HTTP 404: task-force/ask-0123456789abcdefghij, "
	    "sk-short, xsk-0123456789abcdefghij",
	    "no key where sk- does not start a word or is short");
	s = "{\"error\":{\"message\":\"All providers are at capacity.\","
	    "\"error_type\":\"rate_limit_exceeded\",\"http_status\":429,"
	    "\"availability\":{\"code\":\"capacity_exhausted\","
	    "\"retryable\":true,\"retry_after\":40}}}";
	error_from_body(429, s, strlen(s), NOW, &e);
	is_int(e.retryable, 1, "availability.retryable is obeyed");
	is_int(e.retry_after, 40, "availability.retry_after is read");
	s = "{\"error\":{\"code\":\"server_error\",\"message\":\"oops\"}}";
	error_from_body(200, s, strlen(s), NOW, &e);
	is_int(e.exit, 75, "a word code in a 200 is a server error");
	s = "{\"error\":{\"code\":402,\"message\":\"no money\"}}";
	error_from_body(200, s, strlen(s), NOW, &e);
	is_int(e.exit, 77, "error.code 402 in a 200 maps like HTTP 402");
	is_str(e.msg, "error 402: no money", "and says error, not HTTP");
	s = "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded: "
	    "free-models-per-day\",\"metadata\":{\"limit_source\":"
	    "\"openrouter_free_tier_daily\"}}}";
	error_from_body(429, s, strlen(s), NOW, &e);
	is_int(e.retryable, 0, "a spent daily cap is not retried");
}

static void
test_retry_after(void)
{
	/* 1994-11-06 08:49:37 UTC */
	const time_t t = 784111777;

	is_int(retry_after_parse("120", t), 120, "delay-seconds");
	is_int(retry_after_parse(" 0 ", t), 0, "zero, with spaces");
	is_int(retry_after_parse("Sun, 06 Nov 1994 08:49:47 GMT", t), 10,
	    "IMF-fixdate");
	is_int(retry_after_parse("Sunday, 06-Nov-94 08:50:37 GMT", t), 60,
	    "RFC 850 date");
	is_int(retry_after_parse("Sun Nov  6 08:49:40 1994", t), 3,
	    "asctime date");
	is_int(retry_after_parse("Sun, 06 Nov 1994 08:00:00 GMT", t), 0,
	    "a date in the past is now");
	is_int(retry_after_parse("Thu, 01 Jan 2099 00:00:00 GMT", t) > 0, 1,
	    "a far date is far");
	is_int(retry_after_parse("soon", t), -1, "garbage");
	is_int(retry_after_parse("12abc", t), -1, "trailing garbage");
	is_int(retry_after_parse("Sun, 06 Foo 1994 08:49:47 GMT", t), -1,
	    "bad month");
	is_int(retry_after_parse("Sun, 06 Nov 1994 25:49:47 GMT", t), -1,
	    "bad hour");
	is_int(retry_after_parse("", t), -1, "empty");
}

/* Is s valid UTF-8 from end to end? */
static int
utf8_whole(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, k;

	for (i = 0; i < n; i += k)
		if ((k = jlex_utf8(p + i, n - i)) == 0)
			return 0;
	return 1;
}

/* Issue 11 item 34: a long message is cut between characters. */
static void
test_utf8_cut(void)
{
	struct or_error e;
	char big[3000], body[3200];
	int i, k;

	for (k = 0; k < 3; k++) {
		/* k ASCII bytes first, so the cut falls at every offset. */
		memset(big, 'a', k);
		for (i = k; i + 3 < (int)sizeof big - 1; i += 3)
			memcpy(big + i, "\xe2\x82\xac", 3);	/* U+20AC */
		big[i] = '\0';
		error_set(&e, 65, "%s", big);
		ok(utf8_whole(e.msg), "error_set cuts at a character boundary "
		    "(offset %d, %zu bytes)", k, strlen(e.msg));
		ok(strlen(e.msg) > 1000, "and keeps most of the message");
		snprintf(body, sizeof body, "{\"error\":{\"code\":400,"
		    "\"message\":\"%.*s%s\"}}", k, "xyz", big + k);
		error_from_body(400, body, strlen(body), NOW, &e);
		ok(utf8_whole(e.msg), "an API message is cut at a character "
		    "boundary (offset %d)", k);
	}
}

/* Issue 11 item 18: an HTML error page is its status, title and ray id. */
static void
test_html(void)
{
	static const char page[] =
	    "<!DOCTYPE html>\n<html class=\"no-js\" lang=\"en-US\">\n<head>\n"
	    "<title>openrouter.ai | 502: Bad gateway</title>\n"
	    "<meta charset=\"UTF-8\" />\n</head>\n<body>\n<div>"
	    "<span class=\"cf-footer-item\">Cloudflare Ray ID: <strong "
	    "class=\"font-semibold\">8a1b2c3d4e5f6071</strong></span>\n"
	    "</div></body></html>\n";
	static const char bare[] = "<html><body>Bad things</body></html>";
	struct or_error e;

	ok(error_from_body(502, page, strlen(page), NOW, &e) == 1,
	    "an HTML 502 is an error");
	is_str(e.msg, "HTTP 502: openrouter.ai | 502: Bad gateway "
	    "(Cloudflare ray 8a1b2c3d4e5f6071)", "HTML page: status, title, "
	    "ray id");
	is_int(e.exit, 75, "HTML 502: 75");
	error_from_body(503, bare, strlen(bare), NOW, &e);
	is_str(e.msg, "HTTP 503: <html><body>Bad things</body></html>",
	    "HTML page with no title: its first bytes");
}

int
main(void)
{
	test_table();
	test_conformance();
	test_bodies();
	test_retry_after();
	test_utf8_cut();
	test_html();
	return tap_done();
}
