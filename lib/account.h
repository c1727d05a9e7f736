/*
 * account: what the API says about money already spent -- the billed
 * stats of one generation (GET /generation), the key's usage and limits
 * (GET /key), the account's credits (GET /credits).
 *
 * Each answer becomes a list of named values, in the order a person
 * reads them, with amounts kept exact (money_t, read from the JSON's own
 * digits) and text cleaned of control characters.  Values the answer
 * leaves out or sets to null are not in the list.
 */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#include <stddef.h>

#include "money.h"

struct opts;
struct or_error;

#define ACCT_MAXFIELDS	32

struct acct_field {
	const char	*name;
	int		 is_amount;	/* amount is the value */
	money_t		 amount;
	char		 text[256];	/* else this */
};

/* An answer: the fields and json are the acct's own, until acct_free. */
struct acct {
	struct acct_field f[ACCT_MAXFIELDS];
	size_t		  n;
	char		 *json;		/* the answer's data object, raw */
	size_t		  jsonlen;
};

/*
 * GET /generation?id=ID.  The stats are written a moment after a reply
 * ends, so a 404 is asked again, with back-off, until wait_ms have
 * passed; then 69.  0, or an exit status with e filled.
 */
int	 acct_generation(const struct opts *, const char *id,
	    long long wait_ms, struct acct *, struct or_error *e);
/* GET /key, and GET /auth/key (its older path) when /key is 404. */
int	 acct_key(const struct opts *, struct acct *, struct or_error *e);
/* GET /credits; a key that may not (401, 403) is told it needs a
 * management key (77).  json gets {total_credits, total_usage, balance}. */
int	 acct_credits(const struct opts *, struct acct *, struct or_error *e);
void	 acct_free(struct acct *);

#endif
