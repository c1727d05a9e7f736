/*
 * cost: what calls cost at the catalog's prices.
 *
 * The rule (OPENROUTER-API.md section 12): uncached prompt tokens at the
 * prompt price, cached ones at the cache-read price, cache writes at the
 * cache-write price (5-minute or 1-hour), completion tokens -- reasoning
 * included -- at the completion price, plus the fees per request, image
 * and web search, all after the conditional prices that match, times
 * (1 - discount).  Exact: money_t throughout.  The model look-up keeps
 * each model's prices between the records of a ledger (lib/costrec reads
 * them).  No I/O but cost_estimate's reading of a descriptor.
 */
#ifndef COST_H
#define COST_H

#include <stddef.h>

#include "catalog.h"
#include "mfilter.h"
#include "money.h"

/* What one call (or workload) used. */
struct cost_usage {
	long long	 prompt;	/* all prompt tokens, cached ones too */
	long long	 completion;	/* reasoning tokens included */
	long long	 cached;	/* read from the cache */
	long long	 cache_write;	/* written, 5-minute TTL */
	long long	 cache_write_1h;
	long long	 images;
	long long	 searches;
	long long	 requests;
};

/* The parts of a cost, each already counted in total. */
struct cost_parts {
	money_t		 prompt, cache_read, cache_write, completion;
	money_t		 request, image, search, total;
};

#define COST_OK		 0
#define COST_VARIABLE	 1	/* a price in use is not known in advance */
#define COST_ECOUNTS	(-1)	/* cached + writes exceed the prompt */
#define COST_ERANGE	(-2)	/* beyond money_t's range */

/*
 * The cost of u at the prices p (catalog_price_for's, overrides laid
 * over).  parts may be NULL.  Returns COST_OK, or one of the above with
 * *why a short reason; *total is set only on COST_OK.
 */
int	 cost_compute(const struct cat_price *p, const struct cost_usage *u,
	    money_t *total, struct cost_parts *parts, const char **why);

/* The same with the model's prices for this prompt size. */
int	 cost_model(const struct cat_model *, const struct cost_usage *,
	    money_t *total, struct cost_parts *, const char **why);

/* ---- workloads -------------------------------------------------------- */

/* Does u (prompt and completion) fit m's context?  Yes when unknown. */
int	 cost_fits(const struct cat_model *m, const struct cost_usage *u);

/*
 * The prompt tokens of what fd holds, estimated: one per 4 bytes, read to
 * the end and kept nowhere.  0 with *tokens set, or -1 with errno set.
 */
int	 cost_estimate(int fd, long long *tokens);

/* A model, and what a workload costs there. */
struct cost_pick {
	const struct cat_model	*m;	/* the catalog's: until catalog_close */
	money_t			 cost;
};

/*
 * The models of c that f matches (mfilter_prepare is called), whose
 * context u fits and whose cost of u can be computed: cheapest first, the
 * same cost by id; at most limit of them (0: all).  Returns an array of
 * *n (free it; never NULL).
 */
struct cost_pick *cost_cheapest(const struct catalog *c, struct mfilter *f,
	    const struct cost_usage *u, long long limit, size_t *n);

/* ---- model look-up ---------------------------------------------------- */

/*
 * Model ids as records spell them, each looked up once: a hash table in
 * front of catalog_find.  Entries stay valid until cost_ids_free.
 */
struct cost_id {
	const char		*id;	/* as the records spell it */
	const struct cat_model	*m;	/* NULL: not in the catalog */
	int			 warned;	/* free for the caller's use */
	/* The prices last used, good for prompts of lo..hi tokens. */
	struct cat_price	 price;
	long long		 lo, hi;
};
struct cost_ids;

struct cost_ids	*cost_ids_new(const struct catalog *);
struct cost_id	*cost_ids_get(struct cost_ids *, const char *id);
void		 cost_ids_free(struct cost_ids *);
/* cost_model for a model looked up so: its prices kept between calls. */
int		 cost_id_compute(struct cost_id *, const struct cost_usage *,
		    money_t *total, const char **why);

#endif
