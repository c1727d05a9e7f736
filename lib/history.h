/*
 * history: what changed in the catalog over time.  The changes between
 * two catalogs (models added and withdrawn, prices and contexts that
 * moved), the history files that keep them, and the prices a model had
 * on a given date.
 *
 * A history file is text: a head line, then one change a line, oldest
 * first, the fields separated by tabs (data/mkarchive.py writes the same):
 *
 *	# orkit-history 1 since DATE
 *	DATE ID FIELD OLD NEW
 *
 * DATE is YYYY-MM-DD (UTC): the day the change was seen; "since" is the
 * day of the first catalog the file knows.  FIELD is "added" or
 * "withdrawn" (OLD and NEW empty), one of the prices of HIST_PRICES (USD
 * per token or per request, as exact decimals; an absent price is 0,
 * "-1" variable, "?" unreadable), or "context_length" (empty: unknown).
 * Lines starting with '#' are comments.  Two files are read: the bundled
 * one (data/history.tsv, installed beside data/models.json) and the one
 * beside the cache ($XDG_CACHE_HOME/orkit/history.tsv), to which each
 * refresh of the cache appends (lib/archive.c).
 */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>
#include <stdio.h>

#include "catalog.h"

/* The prices a history follows, in the order a change lists them. */
#define HIST_NPRICES	5
extern const int hist_prices[HIST_NPRICES];	/* CP_PROMPT, ... */

struct hist_change {
	char	 date[11];	/* YYYY-MM-DD */
	char	*id;
	char	*field;
	char	*old;		/* as the file has it; "" none */
	char	*new;
	size_t	 seq;		/* order read, for a stable sort */
};

struct hist {
	struct hist_change *v;
	size_t		 n;
	size_t		 cap;		/* of v */
	char		 since[11];	/* the earliest day known, "" none */
};

/* A catalog's models as a history compares them, sorted by id. */
struct hist_model {
	char		*id;
	const char	*obj;		/* the model's object, raw JSON */
	size_t		 objlen;
	struct cat_price price;
	long long	 context;	/* -1 unknown */
};
struct hist_cat {
	struct hist_model *v;
	size_t		 n;
};

/*
 * Read the catalog JSON json[0..len) (a GET /models answer) into c; its
 * objects are borrowed from json, which must outlive c.  0, or -1 with
 * the reason in why (it is no catalog).
 */
int	 hist_cat_read(const char *json, size_t len, struct hist_cat *c,
	    char *why, size_t whysize);
/* The model with this id, or NULL. */
const struct hist_model *hist_cat_find(const struct hist_cat *,
	    const char *id);
void	 hist_cat_free(struct hist_cat *);

/* Append to h the changes from old to new, dated date (YYYY-MM-DD). */
void	 hist_compare(const struct hist_cat *old, const struct hist_cat *new,
	    const char *date, struct hist *h);

/*
 * Append the changes of a history file's text to h, and lower h->since
 * to its head's.  0, or -1 (with why) at the first malformed line.
 */
int	 hist_parse(const char *text, size_t len, struct hist *h, char *why,
	    size_t whysize);
/*
 * The bundled history and the cache's, into h (zeroed first), newest
 * first.  A file that is missing is no error; one that is malformed is
 * said on stderr and left out.
 */
void	 hist_load(struct hist *h);
/*
 * Append h's changes to the history file at path (created with the head
 * "since" when missing), atomically, mode 0600.  0, or -1 with errno.
 */
int	 hist_append(const char *path, const struct hist *h, const char *since);
void	 hist_free(struct hist *);

/* Output of ormodels --changes and --diff. */
enum hist_format { HF_TSV, HF_TABLE, HF_JSON, HF_JSONL };

/*
 * Write the changes dated on or after since (YYYY-MM-DD, or NULL for
 * all) as a table (DATE ID FIELD OLD NEW CHANGE; prices per million
 * tokens, the change relative, "+25%"), tab-separated rows, or JSON.
 * Returns how many were written.
 */
size_t	 hist_print(FILE *, const struct hist *, const char *since,
	    enum hist_format, int colour);

/*
 * ormodels --changes: the history (hist_load) since the day since
 * (Unix seconds, or -1: all), printed.  ormodels --diff: the changes
 * from the catalog file old to the catalog file new, dated with the
 * YYYY-MM-DD in new's file name, else new's modification time.  Both
 * return 0 when something changed, 1 when nothing did (like diff), or
 * an exit status after one line on stderr.
 */
int	 hist_changes_cmd(long long since, enum hist_format, int colour);
int	 hist_diff_cmd(const char *old, const char *new, enum hist_format,
	    int colour);

/*
 * The prices of m on the day date (YYYY-MM-DD): m's own, with every
 * change of h dated after that day undone, into *out (a copy of m that
 * borrows m's strings).  0; or -1 with the reason in why when h does not
 * know them (a day before its first catalog, a day the model was not
 * listed).
 */
int	 hist_price_at(const struct hist *h, const struct cat_model *m,
	    const char *date, struct cat_model *out, char *why,
	    size_t whysize);

/* t as YYYY-MM-DD, UTC, in out (11 bytes); -1 beyond gmtime's range. */
int	 hist_day(long long t, char out[11]);

#endif
