/*
 * costopt: orcost's options -- their table, their --help lines, parsing
 * them into a struct costopt, and deciding which mode they chose.
 *
 * orcost has modes (records, a workload, the cheapest models, an estimate,
 * a generation, the key, the credits, a workload at each provider, the
 * account's activity); each takes some options and needs some.  Both are data here (one table), checked by one function,
 * costopt_check, which says in one line why options do not go together.
 * No I/O but costopt_usage's.
 */
#ifndef COSTOPT_H
#define COSTOPT_H

#include <getopt.h>
#include <stdio.h>

#include "cost.h"
#include "costout.h"
#include "ledger.h"
#include "mfilter.h"
#include "opts.h"

struct or_error;

enum {
	COSTOPT_CACHED = OPT_CMD, COSTOPT_CACHE_WRITE, COSTOPT_CACHE_WRITE_1H,
	COSTOPT_IMAGES, COSTOPT_SEARCHES, COSTOPT_REQUESTS, COSTOPT_ESTIMATE,
	COSTOPT_BY, COSTOPT_WAIT, COSTOPT_KEYINFO, COSTOPT_CREDITS,
	COSTOPT_ROUND, COSTOPT_JSON, COSTOPT_JSONL, COSTOPT_AT,
	COSTOPT_PROVIDERS, COSTOPT_ACTIVITY, COSTOPT_DATE, COSTOPT_KEYHASH,
	COSTOPT_CHART, COSTOPT_NO_CHART
};

#define COSTOPT_SHORT	"ac:g:Hm:n:p:s"
/* Before OPTS_LONGOPTS in a table: here --key asks about the key. */
#define COSTOPT_LONGOPTS \
	{ "key",		no_argument,	   NULL, COSTOPT_KEYINFO }, \
	{ "activity",		no_argument,	   NULL, COSTOPT_ACTIVITY }, \
	{ "all",		no_argument,	   NULL, 'a' }, \
	{ "at",			required_argument, NULL, COSTOPT_AT }, \
	{ "by",			required_argument, NULL, COSTOPT_BY }, \
	{ "cache-write",	required_argument, NULL, \
	    COSTOPT_CACHE_WRITE }, \
	{ "cache-write-1h",	required_argument, NULL, \
	    COSTOPT_CACHE_WRITE_1H }, \
	{ "cached",		required_argument, NULL, COSTOPT_CACHED }, \
	{ "chart",		required_argument, NULL, COSTOPT_CHART }, \
	{ "completion-tokens",	required_argument, NULL, 'c' }, \
	{ "credits",		no_argument,	   NULL, COSTOPT_CREDITS }, \
	{ "date",		required_argument, NULL, COSTOPT_DATE }, \
	{ "estimate",		no_argument,	   NULL, COSTOPT_ESTIMATE }, \
	{ "generation",		required_argument, NULL, 'g' }, \
	{ "human",		no_argument,	   NULL, 'H' }, \
	{ "images",		required_argument, NULL, COSTOPT_IMAGES }, \
	{ "json",		no_argument,	   NULL, COSTOPT_JSON }, \
	{ "key-hash",		required_argument, NULL, COSTOPT_KEYHASH }, \
	{ "jsonl",		no_argument,	   NULL, COSTOPT_JSONL }, \
	{ "limit",		required_argument, NULL, 'n' }, \
	{ "model",		required_argument, NULL, 'm' }, \
	{ "no-chart",		no_argument,	   NULL, COSTOPT_NO_CHART }, \
	{ "prompt-tokens",	required_argument, NULL, 'p' }, \
	{ "providers",		no_argument,	   NULL, \
	    COSTOPT_PROVIDERS }, \
	{ "requests",		required_argument, NULL, COSTOPT_REQUESTS }, \
	{ "round",		required_argument, NULL, COSTOPT_ROUND }, \
	{ "searches",		required_argument, NULL, COSTOPT_SEARCHES }, \
	{ "sum",		no_argument,	   NULL, 's' }, \
	{ "wait",		required_argument, NULL, COSTOPT_WAIT }, \
	MFILTER_LONGOPTS, \
	MFILTER_CATALOG_LONGOPTS

enum costopt_mode {
	CM_RECORDS,	/* the default: records from files or stdin */
	CM_WORKLOAD,	/* -m MODEL -p N */
	CM_ALL,		/* -a -p N: the cheapest */
	CM_ESTIMATE,	/* --estimate -m MODEL < prompt */
	CM_GEN,		/* -g ID */
	CM_KEY,		/* --key */
	CM_CREDITS,	/* --credits */
	CM_PROVIDERS,	/* -m MODEL -p N --providers: at each endpoint */
	CM_ACTIVITY,	/* --activity: the account's usage per day */
	CM_NMODES
};

struct costopt {
	enum costopt_mode mode;
	unsigned	 given;		/* which options were given (private) */
	const char	*model;		/* -m */
	const char	*at;		/* --at YYYY-MM-DD: that day's prices */
	const char	*gen;		/* -g */
	const char	*date;		/* --activity --date YYYY-MM-DD */
	const char	*keyhash;	/* --activity --key-hash HASH */
	struct cost_usage u;		/* -p, -c and the other counts */
	long long	 limit;		/* -n of -a, --providers; 0 all */
	long long	 wait_ms;	/* -g --wait */
	int		 sum;		/* -s */
	enum ledger_by	 by;		/* --by */
	int		 round;		/* --round places, or -1 */
	int		 dollars;	/* -H */
	int		 human;		/* -H: aligned tables */
	int		 json;		/* 1 --json, 2 --jsonl */
	int		 chart;		/* 1 --chart, 0 --no-chart, -1 */
	enum costout_measure measure;	/* --chart's; cost by default */
	struct mfilter	 f;		/* -a's filters */
	struct mfilter_catopts cat;	/* where the catalog comes from */
};

void	 costopt_init(struct costopt *);
void	 costopt_free(struct costopt *);

/*
 * One option, ch and arg as getopt_long gave them.  Returns 1 when it was
 * orcost's (or a filter's or the catalog's), 0 when it is not (then it is
 * opts_handle's), or COSTOPT_BAD for a bad value (a model filter's too,
 * from mfilter_opt) or a second mode (e: one line, exit 2).  Never ends the
 * process.
 */
#define COSTOPT_BAD	(-2)
int	 costopt_parse(struct costopt *, int ch, const char *arg,
	    struct or_error *e);

/*
 * Once all options are read, with nfiles operands: settle the mode (a
 * workload when -m or counts were given and no mode) and check that the
 * options go with it.  Returns 0, or 2 with e filled saying why not.
 */
int	 costopt_check(struct costopt *, int nfiles, struct or_error *e);

/*
 * Before the options are read: --key=VALUE is a key on the command line
 * (orcost's --key takes no value).  Returns 0, or -1 with that key blanked
 * in argv and e filled (opts_refuse_key: one line, exit 78).
 */
int	 costopt_prescan(int argc, char *argv[], struct or_error *e);

/*
 * Whether --by day totals are drawn as bars: --chart says yes, --no-chart
 * no; else yes when stdout is a terminal (tty), no JSON is asked for, and
 * TERM is not "dumb" (NO_COLOR changes nothing: the bars have no colour).
 * Reads TERM.
 */
int	 costopt_chart(const struct costopt *, int tty);

/* The --help lines of orcost's own options (not the filters'). */
void	 costopt_usage(FILE *);

#endif
