/*
 * activity: the account's usage for the last 30 completed UTC days --
 * GET /activity, one row per day x model x endpoint -- fetched, decoded
 * into rows, and added up per day, model or provider.
 *
 * The answer is read with jscan, every field optional (absent and null
 * are the same: not given), every amount exact (money_t, read from the
 * JSON's own digits).  A field of the wrong type, a count that is not a
 * whole number from 0 to ACT_COUNTMAX, an amount money_t cannot hold
 * exactly, a string too long for its row: the whole answer is refused
 * (76), never printed in part nor added up wrong.
 */
#ifndef ACTIVITY_H
#define ACTIVITY_H

#include <stddef.h>

#include "ledger.h"
#include "money.h"

struct opts;
struct or_error;

/* The largest count a row may give (tokens, requests): 10^15. */
#define ACT_COUNTMAX	1000000000000000LL
/* The most rows an answer may hold. */
#define ACT_ROWMAX	1000000
/* The longest --key-hash, in bytes. */
#define ACT_HASHMAX	128

/* Which fields a row gave. */
enum {
	AF_USAGE = 1 << 0, AF_BYOK = 1 << 1, AF_REQUESTS = 1 << 2,
	AF_PROMPT = 1 << 3, AF_COMPLETION = 1 << 4, AF_REASONING = 1 << 5
};

/* One row.  Strings are decoded, control characters replaced; "" when
 * not given. */
struct act_row {
	char		 date[11];	/* YYYY-MM-DD */
	char		 model[256];
	char		 permaslug[256];
	char		 endpoint[128];	/* endpoint_id */
	char		 provider[128];	/* provider_name */
	unsigned	 have;		/* AF_*: the numbers given */
	money_t		 usage;		/* USD of OpenRouter's credits */
	money_t		 byok;		/* byok_usage_inference */
	long long	 requests, prompt, completion, reasoning;
};

/* The rows, in the answer's order; the list's own until act_free. */
struct act_list {
	struct act_row	*v;
	size_t		 n;
};

/*
 * Decode an /activity answer, {"data":[ROW...]}, into l (which act_free
 * releases, even on an error).  No I/O.  Returns 0, or -1 with why (one
 * line, "row 3: usage is not a number") filled.
 */
int	 act_parse(const char *body, size_t len, struct act_list *l,
	    char *why, size_t whysize);

/*
 * Are these the --date and --key-hash an /activity request may carry?
 * date: YYYY-MM-DD, a real day; hash: 1 to ACT_HASHMAX printable ASCII
 * bytes, no space, and nothing that looks like a key ("sk-"), which would
 * otherwise be sent in the URL.  0, or -1.
 */
int	 act_date_ok(const char *date);
int	 act_hash_ok(const char *hash);

/*
 * GET /activity, with ?date= and &api_key_hash= when date and hash are
 * not NULL (percent-encoded; they must have passed the checks above).
 * A key that may not (401, 403) is told it needs a management key (77).
 * Returns 0 with l filled (act_free it), or an exit status with e filled.
 */
int	 act_get(const struct opts *, const char *date, const char *hash,
	    struct act_list *l, struct or_error *e);

/*
 * The rows' totals: in all (by LB_NONE, one total with key NULL) or one
 * per day, model or provider, sorted by key ("-" for a row that gave
 * none), as lib/ledger's are, so both print alike: records are the
 * requests, cost and billed both the usage (what OpenRouter charged).
 * Returns the array (free each key, then it, with act_totals_free) and
 * its length in *n; NULL when a sum is beyond what can be counted.
 */
struct ledger_total *act_totals(const struct act_list *l,
	    enum ledger_by by, size_t *n);
void	 act_totals_free(struct ledger_total *, size_t n);

void	 act_free(struct act_list *);

#endif
