/*
 * costprov: a workload priced at each of a model's endpoints, ranked
 * (see costprov.h).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "cost.h"
#include "costprov.h"
#include "endpoints.h"
#include "money.h"
#include "util.h"

const char *
costprov_state_name(enum costprov_state s)
{
	return s == CPV_EXACT ? "exact" : s == CPV_VARIABLE ? "variable" :
	    "unknown";
}

int
costprov_check(const struct cost_usage *u, const char **why)
{
	struct cat_price none;
	money_t v;

	/* No price at all: only the counts can make it fail. */
	memset(&none, 0, sizeof none);
	return cost_compute(&none, u, &v, NULL, why) == COST_ECOUNTS ?
	    COST_ECOUNTS : 0;
}

/* One endpoint: its cost, or why there is none. */
static void
price_one(const struct ep *e, const struct cost_usage *u,
    struct costprov *r)
{
	const unsigned need = 1u << CP_PROMPT | 1u << CP_COMPLETION;
	struct cat_price known;
	const char *ignored;
	money_t v;
	int rc;

	r->ep = e;
	r->cost = 0;
	r->why = NULL;
	r->state = CPV_UNKNOWN;
	/* Absent is 0 in the catalog's rule; here it is not known. */
	if (e->price.have == 0) {
		r->why = "the endpoint lists no prices";
		return;
	}
	if ((e->price.have & need) != need) {
		r->why = "the endpoint lists no prompt or completion price";
		return;
	}
	rc = cost_compute(&e->price, u, &r->cost, NULL, &r->why);
	if (rc == COST_OK) {
		r->state = CPV_EXACT;
		return;
	}
	if (rc != COST_VARIABLE)
		return;		/* beyond money_t: unknown, with why */
	/*
	 * Variable, or unreadable?  The same prices with the unreadable ones
	 * taken as known: if the cost then comes out, an unreadable price
	 * was in use.
	 */
	r->state = CPV_VARIABLE;
	if (e->price.unknown == 0)
		return;
	known = e->price;
	known.variable &= ~known.unknown;
	known.unknown = 0;
	if (cost_compute(&known, u, &v, NULL, &ignored) !=
	    COST_VARIABLE)
		r->state = CPV_UNKNOWN;
}

static int
by_cost(const void *pa, const void *pb)
{
	const struct costprov *a = pa, *b = pb;
	int c;

	if (a->state != b->state)
		return a->state < b->state ? -1 : 1;
	if (a->state == CPV_EXACT && (c = money_cmp(a->cost, b->cost)) != 0)
		return c;
	return (a->ep->order > b->ep->order) - (a->ep->order < b->ep->order);
}

struct costprov *
costprov_rank(const struct ep_list *l, const struct cost_usage *u)
{
	struct costprov *v;
	size_t i;

	v = xcalloc(l->n ? l->n : 1, sizeof *v);
	for (i = 0; i < l->n; i++)
		price_one(&l->v[i], u, &v[i]);
	qsort(v, l->n, sizeof *v, by_cost);
	return v;
}
