/*
 * costprov: a workload priced at each endpoint of a model (the providers
 * of GET /models/{author}/{slug}/endpoints, lib/endpoints), cheapest first.
 *
 * Each endpoint's prices go through cost_compute, the one rule of
 * lib/cost: discount, cache read and write fall-backs, fees per request,
 * image and search.  An endpoint whose price cannot be known is never
 * priced at 0: one with a variable price ("-1") in use is CPV_VARIABLE;
 * one with no pricing, no prompt or completion price, or an unreadable
 * price in use is CPV_UNKNOWN.  Both come after every priced one.  A fee
 * an endpoint does not list is no fee, as in the catalog.  No I/O.
 */
#ifndef COSTPROV_H
#define COSTPROV_H

#include <stddef.h>

#include "cost.h"
#include "endpoints.h"
#include "money.h"

enum costprov_state { CPV_EXACT, CPV_VARIABLE, CPV_UNKNOWN };

struct costprov {
	const struct ep		*ep;	/* borrowed from the ep_list */
	enum costprov_state	 state;
	money_t			 cost;	/* CPV_EXACT only */
	const char		*why;	/* not CPV_EXACT: a static reason */
};

/* "exact", "variable" or "unknown". */
const char *costprov_state_name(enum costprov_state);

/*
 * Whether the counts of u make a workload at all (cached and cache-write
 * tokens within the prompt, none negative): 0, or COST_ECOUNTS with *why
 * set.  Asks nothing of any price.
 */
int	 costprov_check(const struct cost_usage *u, const char **why);

/*
 * u priced at each of l's endpoints, ranked: the exact costs cheapest
 * first, then the variable, then the unknown; ties in the API's order.
 * Returns an array of l->n (malloc'd; free it) pointing into l, which
 * must outlive it.  u must have passed costprov_check.
 */
struct costprov *costprov_rank(const struct ep_list *l,
	    const struct cost_usage *u);

#endif
