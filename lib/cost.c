/*
 * cost: prices times counts -- the rule, a workload across models, and the
 * model look-up in front of it.  The records that give the counts are
 * lib/costrec's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "cost.h"
#include "mfilter.h"
#include "money.h"
#include "util.h"

/* ---- the rule ---------------------------------------------------------- */

/* The price of field, else of fallback (-1: none), else 0. */
static money_t
price(const struct cat_price *p, int field, int fallback, int fallback2)
{
	if (p->have & (1u << field))
		return p->v[field];
	if (fallback >= 0 && (p->have & (1u << fallback)))
		return p->v[fallback];
	if (fallback2 >= 0 && (p->have & (1u << fallback2)))
		return p->v[fallback2];
	return 0;
}

/* The field (or the fallback actually used) is variable. */
static int
variable(const struct cat_price *p, int field, int fallback, int fallback2)
{
	if (p->have & (1u << field))
		return (p->variable >> field) & 1;
	if (fallback >= 0 && (p->have & (1u << fallback)))
		return (p->variable >> fallback) & 1;
	if (fallback2 >= 0 && (p->have & (1u << fallback2)))
		return (p->variable >> fallback2) & 1;
	return 0;
}

/*
 * Why a variable field cannot be priced: set per request, or unreadable
 * in the catalog (a static string, per field).
 */
static const char *
variable_why(const struct cat_price *p, int field, int fallback,
    int fallback2)
{
	static char why[CP_NFIELDS][80];
	int f = (p->have & (1u << field)) || fallback < 0 ? field :
	    (p->have & (1u << fallback)) || fallback2 < 0 ? fallback :
	    fallback2;

	if (!(p->unknown & (1u << f)))
		return "the price is variable (set per request)";
	snprintf(why[f], sizeof why[f], "the catalog's %s price is "
	    "unreadable", cat_price_name(f));
	return why[f];
}

/* *part = n * the price; 0, or -1 (*why set). */
static int
term(const struct cat_price *p, long long n, int field, int fb, int fb2,
    money_t *part, money_t *total, const char **why)
{
	money_t pr;

	*part = 0;
	if (n == 0 || !(p->have & ((1u << field) | (fb >= 0 ? 1u << fb : 0) |
	    (fb2 >= 0 ? 1u << fb2 : 0))))
		return 0;	/* none used, or no price: free */
	if (variable(p, field, fb, fb2)) {
		*why = variable_why(p, field, fb, fb2);
		return COST_VARIABLE;
	}
	pr = price(p, field, fb, fb2);
	/* Below 2^40 tokens at below 2^86 units a token, no overflow. */
	if (n < (1LL << 40) && pr >= 0 && pr < ((money_t)1 << 86))
		*part = pr * n;
	else if (money_mul_int(pr, n, part) != MONEY_OK)
		goto range;
	if (money_add(*total, *part, total) != MONEY_OK) {
range:
		*why = "the cost is beyond what can be counted";
		return COST_ERANGE;
	}
	return 0;
}

int
cost_compute(const struct cat_price *p, const struct cost_usage *u,
    money_t *total, struct cost_parts *parts, const char **why)
{
	struct cost_parts x;
	money_t sum = 0, keep, part;
	long long uncached, inputs;
	int r;

	if (u->prompt < 0 || u->completion < 0 || u->cached < 0 ||
	    u->cache_write < 0 || u->cache_write_1h < 0 || u->images < 0 ||
	    u->searches < 0 || u->requests < 0) {
		*why = "a count is negative";
		return COST_ECOUNTS;
	}
	/* Counted with checks: a sum wrapped past 2^63 looks possible. */
	if (__builtin_add_overflow(u->cached, u->cache_write, &inputs) ||
	    __builtin_add_overflow(inputs, u->cache_write_1h, &inputs) ||
	    inputs > u->prompt) {
		*why = "cached and cache-write tokens exceed the prompt tokens";
		return COST_ECOUNTS;
	}
	uncached = u->prompt - inputs;
	/* Prompt and completion prices are always in use: a router's. */
	if (variable(p, CP_PROMPT, -1, -1) ||
	    variable(p, CP_COMPLETION, -1, -1)) {
		*why = variable_why(p, variable(p, CP_PROMPT, -1, -1) ?
		    CP_PROMPT : CP_COMPLETION, -1, -1);
		return COST_VARIABLE;
	}
	/*
	 * Most calls are prompt and completion tokens and nothing else, at
	 * prices small enough that no product can overflow: the sum is two
	 * products, with no need for the checks below.
	 */
	if ((u->cached | u->cache_write | u->cache_write_1h | u->images |
	    u->searches) == 0 && !(p->have & (1u << CP_REQUEST |
	    1u << CP_DISCOUNT)) && u->prompt < (1LL << 40) &&
	    u->completion < (1LL << 40) &&
	    price(p, CP_PROMPT, -1, -1) < ((money_t)1 << 86) &&
	    price(p, CP_COMPLETION, -1, -1) < ((money_t)1 << 86)) {
		memset(&x, 0, sizeof x);
		x.prompt = price(p, CP_PROMPT, -1, -1) * u->prompt;
		x.completion = price(p, CP_COMPLETION, -1, -1) * u->completion;
		x.total = *total = x.prompt + x.completion;
		if (parts)
			*parts = x;
		return COST_OK;
	}
	memset(&x, 0, sizeof x);
	if ((r = term(p, uncached, CP_PROMPT, -1, -1, &x.prompt, &sum,
	    why)) != 0 ||
	    (r = term(p, u->cached, CP_CACHE_READ, CP_PROMPT, -1,
	    &x.cache_read, &sum, why)) != 0 ||
	    (r = term(p, u->cache_write, CP_CACHE_WRITE, CP_PROMPT, -1,
	    &x.cache_write, &sum, why)) != 0 ||
	    (r = term(p, u->cache_write_1h, CP_CACHE_WRITE_1H,
	    CP_CACHE_WRITE, CP_PROMPT, &part, &sum, why)) != 0 ||
	    (r = term(p, u->completion, CP_COMPLETION, -1, -1,
	    &x.completion, &sum, why)) != 0 ||
	    (r = term(p, u->requests, CP_REQUEST, -1, -1, &x.request, &sum,
	    why)) != 0 ||
	    (r = term(p, u->images, CP_IMAGE, -1, -1, &x.image, &sum,
	    why)) != 0 ||
	    (r = term(p, u->searches, CP_WEB_SEARCH, -1, -1, &x.search, &sum,
	    why)) != 0)
		return r;
	x.cache_write += part;
	if (p->unknown & (1u << CP_DISCOUNT)) {
		*why = variable_why(p, CP_DISCOUNT, -1, -1);
		return COST_VARIABLE;
	}
	/* A discount d: everything times (1 - d). */
	if ((p->have & (1u << CP_DISCOUNT)) && p->v[CP_DISCOUNT] != 0 &&
	    !(p->variable & (1u << CP_DISCOUNT))) {
		keep = MONEY_ONE - p->v[CP_DISCOUNT];
		if (money_mul(sum, keep, &sum) < 0) {
			*why = "the cost is beyond what can be counted";
			return COST_ERANGE;
		}
	}
	x.total = sum;
	*total = sum;
	if (parts)
		*parts = x;
	return COST_OK;
}

int
cost_model(const struct cat_model *m, const struct cost_usage *u,
    money_t *total, struct cost_parts *parts, const char **why)
{
	struct cat_price p;

	if (!m->has_overrides)
		return cost_compute(&m->price, u, total, parts, why);
	catalog_price_for(m, u->prompt, &p);
	return cost_compute(&p, u, total, parts, why);
}

/* ---- workloads ---------------------------------------------------------- */

int
cost_fits(const struct cat_model *m, const struct cost_usage *u)
{
	return m->context_length < 0 ||
	    u->prompt + u->completion <= m->context_length;
}

int
cost_estimate(int fd, long long *tokens)
{
	char chunk[1 << 16];
	long long bytes = 0;
	ssize_t n;

	/* Only the prompt's size matters: count it, keep none of it. */
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		bytes += n;
	}
	*tokens = (bytes + 3) / 4;
	return 0;
}

static int
by_cost(const void *a, const void *b)
{
	const struct cost_pick *x = a, *y = b;
	int c = money_cmp(x->cost, y->cost);

	return c ? c : strcmp(x->m->id, y->m->id);
}

struct cost_pick *
cost_cheapest(const struct catalog *c, struct mfilter *f,
    const struct cost_usage *u, long long limit, size_t *n)
{
	const struct cat_model *m;
	struct cost_pick *v;
	const char *why;
	size_t i, cnt;
	money_t cost;

	mfilter_prepare(f, c);
	cnt = catalog_count(c);
	v = xcalloc(cnt ? cnt : 1, sizeof *v);
	*n = 0;
	for (i = 0; i < cnt; i++) {
		if (!mfilter_may_match(f, c, i))
			continue;	/* ruled out by its id and name */
		m = catalog_model(c, i);
		if (!mfilter_match(f, m) || !cost_fits(m, u) ||
		    cost_model(m, u, &cost, NULL, &why) != COST_OK)
			continue;
		v[*n].m = m;
		v[(*n)++].cost = cost;
	}
	qsort(v, *n, sizeof *v, by_cost);
	if (limit > 0 && (size_t)limit < *n)
		*n = (size_t)limit;
	return v;
}

/* ---- model look-up ------------------------------------------------------ */

struct cost_ids {
	const struct catalog	*cat;
	struct cost_id		*v;	/* open addressing; id NULL: empty */
	size_t			 size, n;
};

/* A quick hash of a model id: its length and its first and last bytes. */
static uint64_t
hash(const char *s)
{
	size_t n = strlen(s);
	uint64_t a = 0, b = 0;

	memcpy(&a, s, n < 8 ? n : 8);
	if (n > 8)
		memcpy(&b, s + n - 8, 8);
	a = (a ^ (b * 0x9E3779B97F4A7C15ULL) ^ n) * 0xFF51AFD7ED558CCDULL;
	return a ^ (a >> 29);
}

struct cost_ids *
cost_ids_new(const struct catalog *cat)
{
	struct cost_ids *t = xcalloc(1, sizeof *t);

	t->cat = cat;
	t->size = 64;
	t->v = xcalloc(t->size, sizeof *t->v);
	return t;
}

static void
grow(struct cost_ids *t)
{
	struct cost_id *old = t->v;
	size_t oldsize = t->size, i, j;

	t->size *= 2;
	t->v = xcalloc(t->size, sizeof *t->v);
	for (i = 0; i < oldsize; i++) {
		if (!old[i].id)
			continue;
		for (j = hash(old[i].id) & (t->size - 1); t->v[j].id;
		    j = (j + 1) & (t->size - 1))
			;
		t->v[j] = old[i];
	}
	free(old);
}

struct cost_id *
cost_ids_get(struct cost_ids *t, const char *id)
{
	size_t i;

	for (i = hash(id) & (t->size - 1); t->v[i].id;
	    i = (i + 1) & (t->size - 1))
		if (strcmp(t->v[i].id, id) == 0)
			return &t->v[i];
	if (2 * (t->n + 1) > t->size) {
		grow(t);
		return cost_ids_get(t, id);
	}
	t->v[i].id = xstrdup(id);
	t->v[i].m = catalog_find(t->cat, id);
	t->v[i].warned = 0;
	t->v[i].lo = 1;
	t->v[i].hi = 0;		/* empty: no prices yet */
	t->n++;
	return &t->v[i];
}

int
cost_id_compute(struct cost_id *ci, const struct cost_usage *u,
    money_t *total, const char **why)
{
	if (u->prompt < ci->lo || u->prompt > ci->hi)
		catalog_price_band(ci->m, u->prompt, &ci->price, &ci->lo,
		    &ci->hi);
	return cost_compute(&ci->price, u, total, NULL, why);
}

void
cost_ids_free(struct cost_ids *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->size; i++)
		free((char *)t->v[i].id);
	free(t->v);
	free(t);
}
