/*
 * ledger: records read from files, priced, and added up -- in all, and
 * per model, day or provider.
 *
 * The reading is lib/cost's (cost_next), through one buffer refilled as
 * the records go by, so a ledger of any length is read in flat memory.
 * Each record that cannot be read or priced is one warning on stderr,
 * naming the file and line; the others still count.
 */
#ifndef LEDGER_H
#define LEDGER_H

#include <stddef.h>

#include "catalog.h"
#include "cost.h"
#include "money.h"

enum ledger_by { LB_NONE, LB_MODEL, LB_DAY, LB_PROVIDER };

struct ledger_total {
	char		*key;		/* the group; NULL for the whole */
	long long	 records, prompt, completion;
	long long	 ncost;		/* records whose cost was computed */
	long long	 nbilled;	/* records that said what was billed */
	money_t		 cost, billed;
};

/* A record as read and priced, for the caller's eyes. */
struct ledger_item {
	const struct cost_rec	*rec;
	const char		*id;	/* the catalog's id, else as written */
	int			 have_cost;
	money_t			 cost;	/* at the catalog's prices */
};

struct ledger;

/* each (may be NULL) sees every record that was read and priced. */
struct ledger	*ledger_new(const struct catalog *, enum ledger_by,
		    void (*each)(void *, const struct ledger_item *),
		    void *ctx);
/*
 * Read every record of fd; name is for messages.  Returns the worst so
 * far: 0; 1 when a cost could not be computed (a model not in the
 * catalog, a variable price); 65 when a record could not be read; 66
 * when fd could not be.
 */
int		 ledger_read(struct ledger *, int fd, const char *name);
const struct ledger_total *ledger_all(const struct ledger *);
/* The groups, sorted by key. */
const struct ledger_total *ledger_groups(struct ledger *, size_t *n);
void		 ledger_free(struct ledger *);

#endif
