/*
 * endpoints: a model's provider endpoints, fetched, cached for minutes,
 * parsed with jscan and sorted.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "catalog.h"
#include "endpoints.h"
#include "error.h"
#include "http.h"
#include "jscan.h"
#include "money.h"
#include "mview.h"
#include "opts.h"
#include "util.h"

/* ---- parsing --------------------------------------------------------- */

/* A string value decoded into out; "" when absent, null or no string. */
static void
str(const struct jscan_val *v, char *out, size_t size)
{
	out[0] = '\0';
	if (v->kind == JSCAN_STRING)
		jscan_unescape(v->p, v->len, out, size);
}

static long long
integer(const struct jscan_val *v)
{
	long long n;

	return jscan_llong(v, LLONG_MIN + 1, LLONG_MAX, &n) == 0 ? n : -1;
}

/*
 * A health figure: a number, or a percentile object whose p50 is taken
 * (older answers gave bare numbers).  The text is kept as written, so that
 * 99.5 prints as 99.5; the double only orders rows.
 */
static void
figure(const struct jscan_val *v, char *out, size_t size, double *d)
{
	struct jscan_val p50;
	const struct jscan_val *n = v;

	out[0] = '\0';
	*d = -1;
	if (v->kind == JSCAN_OBJECT) {
		if (jscan_get(v->p, v->len, "p50", &p50) != 1)
			return;
		n = &p50;
	}
	if (n->kind != JSCAN_NUMBER || n->len >= size)
		return;
	memcpy(out, n->p, n->len);
	out[n->len] = '\0';
	*d = strtod(out, NULL);
}

enum {
	EF_NAME, EF_PROVIDER, EF_TAG, EF_QUANT, EF_CONTEXT, EF_MAXOUT,
	EF_MAXPROMPT, EF_PRICING, EF_UPTIME, EF_LATENCY, EF_THROUGHPUT,
	EF_STATUS, EF_UPTIME1D, EF_N
};

static const char *const ef_path[EF_N] = {
	"name", "provider_name", "tag", "quantization", "context_length",
	"max_completion_tokens", "max_prompt_tokens", "pricing",
	"uptime_last_30m", "latency_last_30m", "throughput_last_30m",
	"status", "uptime_last_1d",
};

static void
ep_one(const struct jscan_val *obj, struct ep *e)
{
	struct jscan_val v[EF_N];
	char *bar;

	memset(e, 0, sizeof *e);
	jscan_getn(obj->p, obj->len, ef_path, EF_N, v, NULL);
	str(&v[EF_PROVIDER], e->provider, sizeof e->provider);
	if (e->provider[0] == '\0') {
		/* 2025: "Google AI Studio | google/gemini-2.5-pro-preview". */
		str(&v[EF_NAME], e->provider, sizeof e->provider);
		if ((bar = strstr(e->provider, " | ")) != NULL)
			*bar = '\0';
	}
	str(&v[EF_TAG], e->tag, sizeof e->tag);
	str(&v[EF_QUANT], e->quantization, sizeof e->quantization);
	e->context = integer(&v[EF_CONTEXT]);
	e->max_output = integer(&v[EF_MAXOUT]);
	e->max_prompt = integer(&v[EF_MAXPROMPT]);
	if (v[EF_PRICING].kind == JSCAN_OBJECT)
		catalog_read_prices(v[EF_PRICING].p, v[EF_PRICING].len,
		    &e->price);
	figure(&v[EF_UPTIME], e->uptime, sizeof e->uptime, &e->uptime_v);
	figure(&v[EF_UPTIME1D], e->uptime_1d, sizeof e->uptime_1d,
	    &e->uptime_1d_v);
	figure(&v[EF_LATENCY], e->latency, sizeof e->latency, &e->latency_v);
	figure(&v[EF_THROUGHPUT], e->throughput, sizeof e->throughput,
	    &e->throughput_v);
	if (v[EF_STATUS].kind == JSCAN_NUMBER) {
		e->status = integer(&v[EF_STATUS]);
		e->has_status = 1;
	}
	e->json = obj->p;
	e->jsonlen = obj->len;
}

int
ep_parse(char *body, size_t len, struct ep_list *l, char *why,
    size_t whysize)
{
	static const char *const top[] = { "data.id", "data.name",
	    "data.endpoints" };
	struct jscan_val v[3], e;
	struct jscan_err je;
	size_t pos = 0, cap = 0;

	memset(l, 0, sizeof *l);
	l->body = body;
	l->len = len;
	if (jscan_getn(body, len, top, 3, v, &je) < 0) {
		snprintf(why, whysize, "not JSON (line %d, column %d: %s)",
		    je.line, je.col, je.what);
		return -1;
	}
	if (v[2].kind != JSCAN_ARRAY) {
		snprintf(why, whysize, "no \"data.endpoints\" array");
		return -1;
	}
	str(&v[0], l->id, sizeof l->id);
	str(&v[1], l->name, sizeof l->name);
	while (jscan_iter(v[2].p, v[2].len, &pos, NULL, &e) == 1) {
		if (e.kind != JSCAN_OBJECT)
			continue;
		if (l->n == cap) {
			cap = cap ? cap * 2 : 8;
			l->v = xrealloc(l->v, cap * sizeof l->v[0]);
		}
		ep_one(&e, &l->v[l->n]);
		l->v[l->n].order = l->n;
		l->n++;
	}
	return 0;
}

void
ep_free(struct ep_list *l)
{
	free(l->v);
	free(l->body);
	memset(l, 0, sizeof *l);
}

/* ---- the cache ------------------------------------------------------- */

/*
 * The cache file of a model: its id with every byte outside [A-Za-z0-9._-]
 * written %XX, so that "/" and ":" make no directories and two ids never
 * share a file.
 */
static int
cache_path(const char *id, char *dir, size_t dsize, char *path,
    size_t psize)
{
	char enc[3 * 256 + 1];
	int n;

	if (pct_encode(id, strlen(id), "._-", enc, sizeof enc) == -1 ||
	    cache_dir("endpoints", dir, dsize) == -1)
		return -1;
	n = snprintf(path, psize, "%s/%s.json", dir, enc);
	return n < 0 || (size_t)n >= psize ? -1 : 0;
}

/* Read and parse the cached answer; -1 with why. */
static int
from_cache(const char *path, struct ep_list *l, char *why, size_t whysize)
{
	struct buf b;

	buf_init(&b, HTTP_MAX_BODY);
	if (read_file(path, &b) == -1) {
		snprintf(why, whysize, "%s", strerror(errno));
		buf_free(&b);
		return -1;
	}
	if (ep_parse(b.p ? b.p : xstrdup(""), b.len, l, why, whysize) ==
	    -1) {
		ep_free(l);
		return -1;
	}
	l->source = "cache";
	return 0;
}

/* "author/slug" as a path: each segment percent-encoded where needed. */
static int
api_path(const char *id, char *out, size_t size)
{
	static const char ok[] = "-._~:@!$&'()*+,;=";
	const char *slash = strchr(id, '/');
	char author[3 * 256 + 1], slug[3 * 256 + 1];
	int n;

	if (slash == NULL || slash == id || slash[1] == '\0' ||
	    pct_encode(id, slash - id, ok, author, sizeof author) == -1 ||
	    pct_encode(slash + 1, strlen(slash + 1), ok, slug,
	    sizeof slug) == -1)
		return -1;
	n = snprintf(out, size, "/models/%s/%s/endpoints", author, slug);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int
fetch(const struct opts *o, const char *id, struct ep_list *l,
    struct or_error *e)
{
	struct http_resp rs;
	char path[1024], why[256];
	size_t len;
	int r;

	if (api_path(id, path, sizeof path) == -1)
		return error_set(e, OR_EX_USAGE, "%s: not a model id "
		    "(author/slug)", id);	/* ep_get checked it */
	if ((r = http_get_lookup(o, path, &rs, e)) != 0) {
		http_resp_free(&rs);
		return r;
	}
	len = rs.body.len;
	if (ep_parse(buf_take(&rs.body), len, l, why, sizeof why) == -1) {
		ep_free(l);
		return error_set(e, EX_PROTOCOL, "GET %s: %s", path, why);
	}
	l->source = "network";
	return 0;
}

int
ep_get(const struct opts *o, const char *id, unsigned flags,
    struct ep_list *l, struct or_error *e)
{
	char dir[PATH_MAX], path[PATH_MAX], why[256], date[32], clean[256];
	const char *bad;
	struct stat st;
	struct tm tm;
	int cached, r;

	memset(e, 0, sizeof *e);
	memset(l, 0, sizeof *l);
	/* The id goes into a URL path and a file name: no "..", no "/". */
	if (catalog_id_check(id, &bad) == -1) {
		sanitize(clean, sizeof clean, id, strlen(id));
		return error_set(e, OR_EX_USAGE, "%s: not a model id "
		    "(author/slug[:variant]): %s", clean, bad);
	}
	if (cache_path(id, dir, sizeof dir, path, sizeof path) == -1)
		dir[0] = path[0] = '\0';
	cached = path[0] && stat(path, &st) == 0;
	if (cached && !(flags & CAT_REFRESH) && ((flags & CAT_OFFLINE) ||
	    time(NULL) - st.st_mtime <
	    env_count("ORKIT_ENDPOINTS_TTL", EP_TTL_DEFAULT))) {
		if (from_cache(path, l, why, sizeof why) == 0)
			return 0;
		if (!(flags & CAT_QUIET))
			warnx("cached endpoints %s are unusable (%s); "
			    "ignoring them", path, why);
		cached = 0;
	}
	if (flags & CAT_OFFLINE)
		return error_set(e, EX_UNAVAILABLE, "no cached endpoints of "
		    "%s, and --offline", id);
	r = fetch(o, id, l, e);
	if (r == 0) {
		/* The raw answer, as the API sent it; a cache: best effort. */
		if (path[0] && mkdirs(dir) == 0)
			write_atomic_mode(path, l->body, l->len, 0600);
		return 0;
	}
	/*
	 * A 404 is an answer: old data would contradict it.  Old data is
	 * for an API that cannot be reached, not for a refused certificate
	 * or base URL, nor a --refresh that failed.
	 */
	if (!cached || r == EX_UNAVAILABLE || r == OR_EX_USAGE || r == OR_EX_INTERRUPT ||
	    r == EX_CONFIG || (flags & CAT_REFRESH) ||
	    from_cache(path, l, why, sizeof why) == -1)
		return r;
	if (!(flags & CAT_QUIET)) {
		if (gmtime_r(&st.st_mtime, &tm) == NULL || strftime(date,
		    sizeof date, "%Y-%m-%d %H:%M UTC", &tm) == 0)
			snprintf(date, sizeof date, "unknown date");
		warnx("%s; using the endpoints cached at %s", e->msg, date);
	}
	memset(e, 0, sizeof *e);
	return 0;
}

/* ---- sorting --------------------------------------------------------- */

static const char *const ep_sort_name[] = {
	[ES_PRICE] = "price", [ES_UPTIME] = "uptime",
	[ES_LATENCY] = "latency", [ES_THROUGHPUT] = "throughput",
};

int
ep_sort_parse(const char *s, enum ep_sort *out)
{
	size_t i;

	for (i = ES_PRICE; i < sizeof ep_sort_name / sizeof ep_sort_name[0];
	    i++)
		if (strcmp(s, ep_sort_name[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

/* qsort(3) takes no context: the sort in progress. */
static enum ep_sort sort_key;
static int sort_rev;

static int
cmp_d(double a, double b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_ep(const void *pa, const void *pb)
{
	const struct ep *a = pa, *b = pb;
	const unsigned pc = 1u << CP_PROMPT | 1u << CP_COMPLETION;
	int ka = 1, kb = 1, r = 0;

	switch (sort_key) {
	case ES_NONE:
		r = (a->order > b->order) - (a->order < b->order);
		break;
	case ES_PRICE:
		ka = !(a->price.variable & pc), kb = !(b->price.variable & pc);
		r = money_cmp(a->price.v[CP_PROMPT], b->price.v[CP_PROMPT]);
		if (r == 0)
			r = money_cmp(a->price.v[CP_COMPLETION],
			    b->price.v[CP_COMPLETION]);
		break;
	case ES_UPTIME:
		ka = a->uptime_v >= 0, kb = b->uptime_v >= 0;
		r = -cmp_d(a->uptime_v, b->uptime_v);
		break;
	case ES_LATENCY:
		ka = a->latency_v >= 0, kb = b->latency_v >= 0;
		r = cmp_d(a->latency_v, b->latency_v);
		break;
	case ES_THROUGHPUT:
		ka = a->throughput_v >= 0, kb = b->throughput_v >= 0;
		r = -cmp_d(a->throughput_v, b->throughput_v);
		break;
	}
	if (ka != kb)
		return ka ? -1 : 1;
	if (!ka)
		r = 0;
	if (sort_rev)
		r = -r;
	/* Ties keep the API's order, whichever way the rest goes. */
	return r ? r : (a->order > b->order) - (a->order < b->order);
}

void
ep_sort(struct ep_list *l, enum ep_sort key, int reverse)
{
	if (key == ES_NONE && !reverse)
		return;
	sort_key = key;
	sort_rev = reverse;
	qsort(l->v, l->n, sizeof l->v[0], cmp_ep);
}

/* ---- bars ------------------------------------------------------------ */

/* A price as a bar's value: in 1e-12 USD a token, above 0 if it is. */
static long long
price_value(const struct cat_price *p, int field)
{
	const money_t unit = (money_t)1000000000000LL;
	money_t q, v = p->v[field];

	if (!(p->have & (1u << field)) || (p->variable & (1u << field)) ||
	    v <= 0)
		return 0;
	q = v / unit;
	return q > (money_t)LLONG_MAX ? LLONG_MAX : q > 0 ? (long long)q : 1;
}

const char *
ep_bar(const struct ep_list *l, size_t i, int field, enum chart_style st,
    char *buf)
{
	const struct ep *e = &l->v[i];
	char fig[64], bar[CHART_BARSIZE(EP_BARCOLS)];
	long long v, max = 0, w;
	const char *t;
	size_t k;

	if (field < 0) {
		t = field == EP_BAR_UPTIME ? e->uptime : e->uptime_1d;
		v = chart_fixed(field == EP_BAR_UPTIME ? e->uptime_v :
		    e->uptime_1d_v, 100, 1000);
		max = 100000;	/* 100 %, in thousandths */
		snprintf(fig, sizeof fig, "%s", t[0] ? t : "-");
	} else {
		for (k = 0; k < l->n; k++)
			if ((w = price_value(&l->v[k].price, field)) > max)
				max = w;
		v = price_value(&e->price, field);
		if (!(e->price.have & (1u << field)) ||
		    (e->price.variable & (1u << field)))
			snprintf(fig, sizeof fig, "-");
		else
			mview_price(&e->price, field, fig, sizeof fig);
	}
	chart_bar(bar, v, max, EP_BARCOLS, st, 1);
	snprintf(buf, EP_BARSIZE, "%s %s", fig, bar);
	return buf;
}
