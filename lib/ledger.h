/*
 * ledger: records read from files, priced, and added up -- in all, and
 * per model, day or provider.
 *
 * The reading is lib/costrec's (costrec_next), through one buffer refilled
 * as the records go by, so a ledger of any length is read in flat memory.
 * Each record that cannot be read or priced is one warning on stderr,
 * naming the file and line; the others still count.
 */
#ifndef LEDGER_H
#define LEDGER_H

#include <stddef.h>

#include "catalog.h"
#include "cost.h"
#include "costrec.h"
#include "money.h"

/*
 * The longest record read: a longer one (an unterminated record, say) is
 * one bad record, passed over to the next newline, never a buffer grown
 * without end.
 */
#define LEDGER_RECMAX	(1 << 20)

enum ledger_by { LB_NONE, LB_MODEL, LB_DAY, LB_PROVIDER };

struct ledger_total {
	char		*key;		/* the group; NULL for the whole */
	long long	 records, prompt, completion;
	long long	 ncost;		/* records whose cost was computed */
	long long	 nbilled;	/* records that said what was billed */
	money_t		 cost, billed;
};

/*
 * A record as read and priced, for the caller's eyes.  It and everything
 * it points to (rec, id, rec's strings) are borrowed for the callback
 * only: they live in the reading buffer and the ledger's look-up table,
 * and are reused for the next record.  Copy what must outlive the call.
 */
struct ledger_item {
	const struct cost_rec	*rec;
	const char		*id;	/* the catalog's id, else as written */
	int			 have_cost;
	money_t			 cost;	/* at the catalog's prices */
};

struct ledger;
struct or_error;

/*
 * A ledger that prices records with c's prices (c must outlive it) and
 * totals them in all and, unless by is LB_NONE, per group.  each (may be
 * NULL) is called with ctx for every record that was read and priced, in
 * the order read; the item is borrowed for that call only (see above).
 */
struct ledger	*ledger_new(const struct catalog *c, enum ledger_by by,
		    void (*each)(void *ctx, const struct ledger_item *),
		    void *ctx);
/*
 * Read every record of fd; name is for messages ("name:line: why").
 * Returns 0, or 66 with e filled when fd could not be read (the records
 * read before that still count).  Records that could not be read or
 * priced, and records longer than LEDGER_RECMAX, are warnings, not
 * errors: see ledger_status.
 */
int		 ledger_read(struct ledger *, int fd, const char *name,
		    struct or_error *e);
/*
 * The worst of the records read so far: 0; 1 when a cost could not be
 * computed (a model not in the catalog, a variable price); 65 when a
 * record could not be read.
 */
int		 ledger_status(const struct ledger *);
/* The total of all records; valid until ledger_free. */
const struct ledger_total *ledger_all(const struct ledger *);
/* The groups, sorted by key; valid until the next read or ledger_free. */
const struct ledger_total *ledger_groups(struct ledger *, size_t *n);
void		 ledger_free(struct ledger *);

#endif
