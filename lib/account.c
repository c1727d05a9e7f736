/*
 * account: GET /generation, /key and /credits, read into named values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "error.h"
#include "http.h"
#include "jscan.h"
#include "money.h"
#include "opts.h"
#include "util.h"

enum kind {
	A_AMOUNT,	/* USD, exact */
	A_AMOUNT_NONE,	/* USD, and null means "none" */
	A_TEXT,		/* a string */
	A_NUMBER,	/* a number, as written */
	A_BOOL		/* yes or no */
};

struct want {
	const char	*name;
	const char	*path;
	enum kind	 kind;
};

static struct acct_field *
add(struct acct *a, const char *name)
{
	struct acct_field *f;

	if (a->n == ACCT_MAXFIELDS)
		return NULL;
	f = &a->f[a->n++];
	memset(f, 0, sizeof *f);
	f->name = name;
	return f;
}

/* One value of the data object, as kind says; nothing when absent. */
static void
field(struct acct *a, const char *name, const struct jscan_val *v,
    enum kind kind)
{
	struct acct_field *f;
	char tmp[256];

	if (v->kind == JSCAN_NONE ||
	    (v->kind == JSCAN_NULL && kind != A_AMOUNT_NONE))
		return;
	if ((f = add(a, name)) == NULL)
		return;
	switch (kind) {
	case A_AMOUNT:
	case A_AMOUNT_NONE:
		if (v->kind == JSCAN_NULL)
			snprintf(f->text, sizeof f->text, "none");
		else if (v->kind == JSCAN_NUMBER &&
		    money_parse(v->p, v->len, &f->amount) == MONEY_OK)
			f->is_amount = 1;
		else
			sanitize(f->text, sizeof f->text, v->p, v->len);
		return;
	case A_BOOL:
		snprintf(f->text, sizeof f->text, "%s",
		    v->kind == JSCAN_TRUE ? "yes" : v->kind == JSCAN_FALSE ?
		    "no" : "?");
		return;
	case A_TEXT:
		if (v->kind == JSCAN_STRING) {
			jscan_unescape(v->p, v->len, tmp, sizeof tmp);
			sanitize(f->text, sizeof f->text, tmp, strlen(tmp));
			return;
		}
		/* FALLTHROUGH */
	case A_NUMBER:
		sanitize(f->text, sizeof f->text, v->p, v->len);
		return;
	}
}

static void
fields(struct acct *a, const struct want *w)
{
	struct jscan_val v;

	for (; w->name; w++) {
		if (jscan_get(a->json, a->jsonlen, w->path, &v) != 1)
			v.kind = JSCAN_NONE;
		field(a, w->name, &v, w->kind);
	}
}

/* One GET with the key; the answer's "data" object into a->json.  0 or
 * an exit status, with the HTTP status in *status. */
static int
get(const struct opts *o, const char *path, struct acct *a, long *status,
    struct or_error *e)
{
	struct http_resp rs;
	struct jscan_val v;
	int r;

	r = http_get(o, path, 1, &rs, e);
	*status = rs.status;
	if (r == 0) {
		if (jscan_get(rs.body.p, rs.body.len, "data", &v) != 1 ||
		    v.kind != JSCAN_OBJECT)
			r = error_set(e, EX_PROTOCOL, "GET %s: the answer has "
			    "no data object", path);
		else {
			free(a->json);
			a->json = xstrndup(v.p, v.len);
			a->jsonlen = v.len;
		}
	}
	http_resp_free(&rs);
	return r;
}

/* "Google 429, Google AI Studio 200": who was tried, and how it went. */
static void
attempts(struct acct *a)
{
	struct jscan_val arr, el, name, status;
	struct acct_field *f;
	struct buf b;
	char tmp[128];
	size_t pos = 0;

	if (jscan_get(a->json, a->jsonlen, "provider_responses", &arr) != 1 ||
	    arr.kind != JSCAN_ARRAY)
		return;
	buf_init(&b, 0);
	while (jscan_iter(arr.p, arr.len, &pos, NULL, &el) == 1) {
		if (el.kind != JSCAN_OBJECT)
			continue;
		if (b.len)
			buf_adds(&b, ", ");
		if (jscan_get(el.p, el.len, "provider_name", &name) == 1 &&
		    name.kind == JSCAN_STRING) {
			jscan_unescape(name.p, name.len, tmp, sizeof tmp);
			buf_adds(&b, tmp);
		} else
			buf_adds(&b, "?");
		if (jscan_get(el.p, el.len, "status", &status) == 1 &&
		    status.kind == JSCAN_NUMBER) {
			buf_adds(&b, " ");
			buf_add(&b, status.p, status.len);
		}
	}
	if (b.len && (f = add(a, "attempts")) != NULL)
		sanitize(f->text, sizeof f->text, b.p, b.len);
	buf_free(&b);
}

int
acct_generation(const struct opts *o, const char *id, long long wait_ms,
    struct acct *a, struct or_error *e)
{
	static const struct want w[] = {
		{ "id", "id", A_TEXT },
		{ "model", "model", A_TEXT },
		{ "provider", "provider_name", A_TEXT },
		{ "created", "created_at", A_TEXT },
		{ "cost", "total_cost", A_AMOUNT },
		{ "cache_discount", "cache_discount", A_AMOUNT },
		{ "upstream_cost", "upstream_inference_cost", A_AMOUNT },
		{ "byok", "is_byok", A_BOOL },
		{ "prompt_tokens", "native_tokens_prompt", A_NUMBER },
		{ "completion_tokens", "native_tokens_completion", A_NUMBER },
		{ "reasoning_tokens", "native_tokens_reasoning", A_NUMBER },
		{ "cached_tokens", "native_tokens_cached", A_NUMBER },
		{ "latency_ms", "latency", A_NUMBER },
		{ "generation_time_ms", "generation_time", A_NUMBER },
		{ "finish_reason", "finish_reason", A_TEXT },
		{ "streamed", "streamed", A_BOOL },
		{ NULL, NULL, 0 }
	};
	struct buf path;
	char *q;
	size_t n;
	long long deadline, left, delay = 250;
	char why[sizeof e->msg];
	long status;
	int r;

	memset(a, 0, sizeof *a);
	/* The id in a query string: everything but [A-Za-z0-9._~-] escaped. */
	n = strlen(id);
	q = xmalloc(3 * n + 1);
	pct_encode(id, n, "-._~", q, 3 * n + 1);
	buf_init(&path, 0);
	buf_adds(&path, "/generation?id=");
	buf_adds(&path, q);
	free(q);
	deadline = now_ms() + wait_ms;
	while ((r = get(o, path.p, a, &status, e)) != 0 &&
	    status == 404 && (left = deadline - now_ms()) > 0) {
		http_sleep(delay < left ? delay : left);
		delay = delay * 2 > 2000 ? 2000 : delay * 2;
	}
	buf_free(&path);
	if (r != 0 && status == 404) {
		char clean[128];

		sanitize(clean, sizeof clean, id, strlen(id));
		snprintf(why, sizeof why, "%s", e->msg);
		return error_set(e, EX_UNAVAILABLE, "generation %s: not found "
		    "after waiting %g s: %s", clean, wait_ms / 1000.0, why);
	}
	if (r != 0)
		return r;
	fields(a, w);
	attempts(a);
	return 0;
}

int
acct_key(const struct opts *o, struct acct *a, struct or_error *e)
{
	static const struct want w[] = {
		{ "label", "label", A_TEXT },
		{ "usage", "usage", A_AMOUNT },
		{ "usage_daily", "usage_daily", A_AMOUNT },
		{ "usage_weekly", "usage_weekly", A_AMOUNT },
		{ "usage_monthly", "usage_monthly", A_AMOUNT },
		{ "limit", "limit", A_AMOUNT_NONE },
		{ "remaining", "limit_remaining", A_AMOUNT_NONE },
		{ "limit_reset", "limit_reset", A_TEXT },
		{ "byok_usage", "byok_usage", A_AMOUNT },
		{ "free_tier", "is_free_tier", A_BOOL },
		{ NULL, NULL, 0 }
	}, w2[] = {
		{ "expires_at", "expires_at", A_TEXT },
		{ NULL, NULL, 0 }
	};
	struct jscan_val req, iv;
	struct acct_field *f;
	long status;
	int r;

	memset(a, 0, sizeof *a);
	r = get(o, "/key", a, &status, e);
	if (r != 0 && status == 404)
		r = get(o, "/auth/key", a, &status, e);
	if (r != 0)
		return r;
	fields(a, w);
	if (jscan_get(a->json, a->jsonlen, "rate_limit.requests", &req) == 1 &&
	    req.kind == JSCAN_NUMBER &&
	    jscan_get(a->json, a->jsonlen, "rate_limit.interval", &iv) == 1 &&
	    iv.kind == JSCAN_STRING && (f = add(a, "rate_limit")) != NULL) {
		char n[32], per[64], tmp[128];

		sanitize(n, sizeof n, req.p, req.len);
		jscan_unescape(iv.p, iv.len, per, sizeof per);
		snprintf(tmp, sizeof tmp, "%s per %s", n, per);
		sanitize(f->text, sizeof f->text, tmp, strlen(tmp));
	}
	fields(a, w2);
	return 0;
}

int
acct_credits(const struct opts *o, struct acct *a, struct or_error *e)
{
	static const struct want w[] = {
		{ "total_credits", "total_credits", A_AMOUNT },
		{ "total_usage", "total_usage", A_AMOUNT },
		{ NULL, NULL, 0 }
	};
	struct acct_field *f;
	struct buf j;
	char x[MONEY_FMTSIZE], y[MONEY_FMTSIZE], z[MONEY_FMTSIZE];
	long status;
	money_t bal;
	int r;

	memset(a, 0, sizeof *a);
	r = get(o, "/credits", a, &status, e);
	if (r != 0 && (status == 401 || status == 403)) {
		char why[sizeof e->msg];

		snprintf(why, sizeof why, "%s", e->msg);
		return error_set(e, EX_NOPERM, "GET /credits needs a "
		    "management key: %s", why);
	}
	if (r != 0)
		return r;
	fields(a, w);
	if (a->n != 2 || !a->f[0].is_amount || !a->f[1].is_amount)
		return error_set(e, EX_PROTOCOL, "GET /credits: the answer has "
		    "no total_credits and total_usage");
	if (money_sub(a->f[0].amount, a->f[1].amount, &bal) != MONEY_OK)
		return error_set(e, EX_PROTOCOL, "GET /credits: amounts out "
		    "of range");
	f = add(a, "balance");
	f->is_amount = 1;
	f->amount = bal;
	buf_init(&j, 0);
	buf_adds(&j, "{\"total_credits\":");
	buf_adds(&j, money_fmt(a->f[0].amount, x, sizeof x));
	buf_adds(&j, ",\"total_usage\":");
	buf_adds(&j, money_fmt(a->f[1].amount, y, sizeof y));
	buf_adds(&j, ",\"balance\":");
	buf_adds(&j, money_fmt(bal, z, sizeof z));
	buf_adds(&j, "}");
	free(a->json);
	a->jsonlen = j.len;
	a->json = buf_take(&j);
	return 0;
}

void
acct_free(struct acct *a)
{
	free(a->json);
	a->json = NULL;
	a->n = 0;
}
