/*
 * activity: GET /activity, its rows decoded and added up (see activity.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "error.h"
#include "http.h"
#include "jscan.h"
#include "ledger.h"
#include "money.h"
#include "opts.h"
#include "util.h"

/* ---- the checks --------------------------------------------------------- */

/* s[0..n) is YYYY-MM-DD, a day that exists. */
static int
is_date(const char *s, size_t n)
{
	struct tm tm;
	int i, y, mo, d;

	if (n != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (mo < 1 || mo > 12 || d < 1)
		return 0;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	return timegm(&tm) != (time_t)-1 && tm.tm_mday == d;
}

int
act_date_ok(const char *date)
{
	return is_date(date, strnlen(date, 11)) ? 0 : -1;
}

int
act_hash_ok(const char *hash)
{
	size_t i;

	for (i = 0; hash[i]; i++)
		if (i == ACT_HASHMAX || (unsigned char)hash[i] <= ' ' ||
		    (unsigned char)hash[i] >= 0x7f)
			return -1;
	/* A key given for its hash would go out in the URL: never. */
	if (strstr(hash, "sk-") != NULL)
		return -1;
	return i > 0 ? 0 : -1;
}

/* ---- the decoder -------------------------------------------------------- */

enum fkind { F_TEXT, F_DATE, F_AMOUNT, F_COUNT };

static const struct afield {
	const char	*name;
	enum fkind	 kind;
	size_t		 off;		/* in struct act_row */
	size_t		 size;		/* of a text */
	unsigned	 bit;		/* of a number */
} afields[] = {
	{ "date", F_DATE, offsetof(struct act_row, date), 11, 0 },
	{ "model", F_TEXT, offsetof(struct act_row, model), 256, 0 },
	{ "model_permaslug", F_TEXT, offsetof(struct act_row, permaslug),
	    256, 0 },
	{ "endpoint_id", F_TEXT, offsetof(struct act_row, endpoint), 128, 0 },
	{ "provider_name", F_TEXT, offsetof(struct act_row, provider), 128,
	    0 },
	{ "usage", F_AMOUNT, offsetof(struct act_row, usage), 0, AF_USAGE },
	{ "byok_usage_inference", F_AMOUNT, offsetof(struct act_row, byok),
	    0, AF_BYOK },
	{ "requests", F_COUNT, offsetof(struct act_row, requests), 0,
	    AF_REQUESTS },
	{ "prompt_tokens", F_COUNT, offsetof(struct act_row, prompt), 0,
	    AF_PROMPT },
	{ "completion_tokens", F_COUNT, offsetof(struct act_row, completion),
	    0, AF_COMPLETION },
	{ "reasoning_tokens", F_COUNT, offsetof(struct act_row, reasoning), 0,
	    AF_REASONING },
};
#define NAFIELDS	(sizeof afields / sizeof afields[0])

/* One member's value v into row r as f says; NULL, or why not. */
static const char *
member(struct act_row *r, const struct afield *f, const struct jscan_val *v)
{
	char *at = (char *)r + f->off, tmp[256];
	size_t n;

	if (v->kind == JSCAN_NULL) {	/* as if not given */
		if (f->kind == F_TEXT || f->kind == F_DATE)
			at[0] = '\0';
		r->have &= ~f->bit;
		return NULL;
	}
	switch (f->kind) {
	case F_DATE:
	case F_TEXT:
		if (v->kind != JSCAN_STRING)
			return "is not a string";
		n = jscan_unescape(v->p, v->len, tmp, sizeof tmp);
		if (n >= f->size)
			return "is too long";
		if (f->kind == F_DATE && !is_date(tmp, n))
			return "is not a date YYYY-MM-DD";
		sanitize(at, f->size, tmp, n);
		return NULL;
	case F_AMOUNT:
		if (v->kind != JSCAN_NUMBER)
			return "is not a number";
		switch (money_parse(v->p, v->len, (money_t *)(void *)at)) {
		case MONEY_OK:
			break;
		case MONEY_EPRECISION:
			return "has more decimal places than can be kept exact";
		default:
			return "is beyond what can be counted";
		}
		if (*(money_t *)(void *)at < 0)
			return "is negative";
		r->have |= f->bit;
		return NULL;
	case F_COUNT:
		if (v->kind != JSCAN_NUMBER)
			return "is not a number";
		if (jscan_llong(v, 0, ACT_COUNTMAX,
		    (long long *)(void *)at) == -1)
			return "is not a whole number from 0 to 10^15";
		r->have |= f->bit;
		return NULL;
	}
	return NULL;
}

/* The row at the cursor, an object, into r; 0, or -1 with why. */
static int
row(struct jscan_cur *c, struct act_row *r, size_t idx, char *why,
    size_t whysize)
{
	struct jscan_val k, v;
	const char *bad;
	size_t i;
	int n = 0, rc;

	memset(r, 0, sizeof *r);
	if (jscan_peek(c) != '{') {
		snprintf(why, whysize, "row %zu is not an object", idx);
		return -1;
	}
	while ((rc = jscan_member(c, &n, &k)) == 1) {
		if (jscan_next(c, &v) != 0)
			return -1;
		for (i = 0; i < NAFIELDS; i++)
			if (jscan_streq(&k, afields[i].name))
				break;
		if (i == NAFIELDS)
			continue;
		if ((bad = member(r, &afields[i], &v)) != NULL) {
			snprintf(why, whysize, "row %zu: %s %s", idx,
			    afields[i].name, bad);
			return -1;
		}
	}
	return rc;
}

int
act_parse(const char *body, size_t len, struct act_list *l, char *why,
    size_t whysize)
{
	struct jscan_cur c;
	struct jscan_val k, v;
	size_t cap = 0;
	int n = 0, e, rc, seen = 0;

	memset(l, 0, sizeof *l);
	why[0] = '\0';
	jscan_open(&c, body, len, 0);
	while ((rc = jscan_member(&c, &n, &k)) == 1) {
		if (!jscan_streq(&k, "data")) {
			if (jscan_next(&c, &v) != 0)
				break;
			continue;
		}
		if (seen++ || jscan_peek(&c) != '[') {
			snprintf(why, whysize, "%s", seen > 1 ?
			    "data is given twice" : "data is not an array");
			break;
		}
		e = 0;
		while ((rc = jscan_element(&c, &e)) == 1) {
			if (l->n == ACT_ROWMAX) {
				snprintf(why, whysize, "more than %d rows",
				    ACT_ROWMAX);
				break;
			}
			if (l->n == cap) {
				cap = cap ? 2 * cap : 64;
				l->v = xrealloc(l->v, cap * sizeof *l->v);
			}
			if (row(&c, &l->v[l->n], l->n + 1, why,
			    whysize) != 0)
				break;
			l->n++;
		}
		if (rc != 0)
			break;
	}
	if (rc == 0 && jscan_end(&c) == 0 && !why[0]) {
		if (seen)
			return 0;
		snprintf(why, whysize, "the answer has no data array");
	}
	if (!why[0])
		snprintf(why, whysize, "not JSON: %s at line %d, column %d",
		    c.err.what ? c.err.what : "unexpected input", c.err.line,
		    c.err.col);
	return -1;
}

void
act_free(struct act_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* ---- the request -------------------------------------------------------- */

/* "&name=value" (or "?..." first) onto path, the value percent-encoded. */
static void
query(struct buf *path, const char *name, const char *value)
{
	char enc[3 * ACT_HASHMAX + 1];

	buf_adds(path, strchr(path->p, '?') ? "&" : "?");
	buf_adds(path, name);
	buf_adds(path, "=");
	if (pct_encode(value, strlen(value), "-._~", enc, sizeof enc) >= 0)
		buf_adds(path, enc);
}

int
act_get(const struct opts *o, const char *date, const char *hash,
    struct act_list *l, struct or_error *e)
{
	struct http_resp rs;
	struct buf path;
	char why[sizeof e->msg];
	int r;

	memset(l, 0, sizeof *l);
	if ((date && act_date_ok(date) != 0) || (hash && act_hash_ok(hash) !=
	    0))
		return error_set(e, EX_SOFTWARE, "act_get: unchecked filters");
	buf_init(&path, 0);
	buf_adds(&path, "/activity");
	if (date)
		query(&path, "date", date);
	if (hash)
		query(&path, "api_key_hash", hash);
	r = http_get(o, path.p, 1, &rs, e);
	if (r != 0 && (rs.status == 401 || rs.status == 403)) {
		snprintf(why, sizeof why, "%s", e->msg);
		r = error_set(e, EX_NOPERM, "GET /activity needs a management "
		    "key: %s", why);
	} else if (r == 0 && act_parse(rs.body.p, rs.body.len, l, why,
	    sizeof why) != 0) {
		act_free(l);
		r = error_set(e, EX_PROTOCOL, "GET /activity: %s", why);
	}
	http_resp_free(&rs);
	buf_free(&path);
	return r;
}

/* ---- the totals --------------------------------------------------------- */

static enum ledger_by sort_by;

static const char *
key_of(const struct act_row *r, enum ledger_by by)
{
	const char *k = by == LB_DAY ? r->date : by == LB_MODEL ? r->model :
	    r->provider;

	return *k ? k : "-";
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(key_of(*(const struct act_row *const *)a, sort_by),
	    key_of(*(const struct act_row *const *)b, sort_by));
}

/* Add r to t; 0, or -1 when a sum leaves the range. */
static int
tally(struct ledger_total *t, const struct act_row *r)
{
	if (__builtin_add_overflow(t->records, r->requests, &t->records) ||
	    __builtin_add_overflow(t->prompt, r->prompt, &t->prompt) ||
	    __builtin_add_overflow(t->completion, r->completion,
	    &t->completion))
		return -1;
	if (!(r->have & AF_USAGE))
		return 0;
	if (money_add(t->cost, r->usage, &t->cost) != MONEY_OK)
		return -1;
	t->billed = t->cost;
	t->ncost++;
	t->nbilled++;
	return 0;
}

struct ledger_total *
act_totals(const struct act_list *l, enum ledger_by by, size_t *n)
{
	const struct act_row **v;
	struct ledger_total *t;
	size_t i, k = 0;

	*n = 0;
	t = xcalloc(l->n ? l->n : 1, sizeof *t);
	if (by == LB_NONE) {
		for (i = 0; i < l->n; i++)
			if (tally(&t[0], &l->v[i]) == -1) {
				free(t);
				return NULL;
			}
		*n = 1;
		return t;
	}
	v = xcalloc(l->n ? l->n : 1, sizeof *v);
	for (i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	sort_by = by;
	qsort(v, l->n, sizeof *v, by_key);
	for (i = 0; i < l->n; i++) {
		if (k == 0 || strcmp(t[k - 1].key, key_of(v[i], by)) != 0)
			t[k++].key = xstrdup(key_of(v[i], by));
		if (tally(&t[k - 1], v[i]) == -1) {
			free(v);
			act_totals_free(t, k);
			return NULL;
		}
	}
	free(v);
	*n = k;
	return t;
}

void
act_totals_free(struct ledger_total *t, size_t n)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < n; i++)
		free(t[i].key);
	free(t);
}
