/*
 * costopt: orcost's options and its modes (see costopt.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "catalog.h"
#include "cost.h"
#include "costopt.h"
#include "error.h"
#include "ledger.h"
#include "mfilter.h"
#include "opts.h"
#include "money.h"
#include "util.h"

/* What the options gave, for checking against the mode. */
enum {
	G_MODEL = 1 << 0,	/* -m */
	G_PROMPT = 1 << 1,	/* -p */
	G_COUNTS = 1 << 2,	/* -c and the other counts */
	G_FILES = 1 << 3,	/* operands */
	G_SUM = 1 << 4,		/* -s, --by */
	G_FILTERS = 1 << 5,	/* ormodels' filters */
	G_LIMIT = 1 << 6,	/* -n */
	G_WAIT = 1 << 7,	/* --wait */
	G_AT = 1 << 8,		/* --at */
	G_FILTER = 1 << 9,	/* --date, --key-hash */
	G_CHART = 1 << 10	/* --chart */
};

/* The modes: the option that chooses each, what it takes, what it needs. */
static const struct {
	const char	*opt;
	unsigned	 allows, needs;
} modes[CM_NMODES] = {
	[CM_RECORDS] = { NULL, G_FILES | G_SUM | G_CHART, 0 },
	[CM_WORKLOAD] = { NULL, G_MODEL | G_PROMPT | G_COUNTS | G_AT,
	    G_MODEL | G_PROMPT },
	[CM_ALL] = { "-a", G_PROMPT | G_COUNTS | G_FILTERS | G_LIMIT,
	    G_PROMPT },
	[CM_ESTIMATE] = { "--estimate", G_MODEL | G_COUNTS | G_AT, G_MODEL },
	[CM_GEN] = { "-g", G_WAIT, 0 },
	[CM_KEY] = { "--key", 0, 0 },
	[CM_CREDITS] = { "--credits", 0, 0 },
	[CM_PROVIDERS] = { "--providers", G_MODEL | G_PROMPT | G_COUNTS |
	    G_LIMIT, G_MODEL | G_PROMPT },
	[CM_ACTIVITY] = { "--activity", G_SUM | G_FILTER | G_CHART, 0 },
};

#define M(m)		(1u << (m))
#define ALLMODES	(M(CM_NMODES) - 1)

/*
 * Why options do not go with a mode, in the order they are told: the
 * first rule that holds the mode and an option it does not allow (or
 * needs and was not given) is the line printed.
 */
static const struct {
	unsigned	 modes, given;
	const char	*why;
} rules[] = {
	{ M(CM_GEN) | M(CM_KEY) | M(CM_CREDITS), G_MODEL | G_PROMPT |
	    G_COUNTS, "-m, -p and the other counts price a workload; not "
	    "with -g, --key or --credits" },
	{ M(CM_ACTIVITY), G_MODEL | G_PROMPT | G_COUNTS, "-m, -p and the "
	    "other counts price a workload; not with --activity" },
	{ ALLMODES & ~M(CM_ACTIVITY), G_FILTER, "--date and --key-hash "
	    "choose the rows of --activity; not without it" },
	{ M(CM_WORKLOAD), G_PROMPT, "-m needs -p PROMPT_TOKENS" },
	{ M(CM_ALL), G_PROMPT, "-a needs -p PROMPT_TOKENS" },
	{ M(CM_ESTIMATE), G_MODEL, "--estimate needs -m MODEL" },
	{ M(CM_PROVIDERS), G_MODEL, "--providers needs -m MODEL" },
	{ M(CM_PROVIDERS), G_PROMPT, "--providers needs -p PROMPT_TOKENS" },
	{ M(CM_ESTIMATE), G_PROMPT, "--estimate counts the prompt on stdin; "
	    "not with -p" },
	{ M(CM_ALL), G_MODEL, "-a prices every model; not with -m" },
	{ ALLMODES & ~M(CM_RECORDS), G_FILES, "files are read only for "
	    "records; not with the other modes' options" },
	{ ALLMODES & ~(M(CM_RECORDS) | M(CM_ACTIVITY)), G_SUM, "-s and --by "
	    "sum records; not with the other modes' options" },
	{ ALLMODES & ~M(CM_ALL), G_FILTERS, "the model filters choose models "
	    "for -a; not without it" },
	{ M(CM_WORKLOAD), G_LIMIT, "-n: only with -a, or -m with "
	    "--providers" },
	{ ALLMODES & ~(M(CM_ALL) | M(CM_PROVIDERS)), G_LIMIT,
	    "-n: only with -a" },
	{ ALLMODES & ~M(CM_GEN), G_WAIT, "--wait: only with -g" },
	{ ALLMODES, G_AT, "--at: only with -m MODEL" },
	{ ALLMODES, G_CHART, "--chart: only with --by day" },
};

/* The counts of a workload other than -p, and where each goes. */
static const struct {
	int		 ch;
	const char	*name;
	size_t		 off;
} counts[] = {
	{ 'c', "-c", offsetof(struct cost_usage, completion) },
	{ COSTOPT_CACHED, "--cached", offsetof(struct cost_usage, cached) },
	{ COSTOPT_CACHE_WRITE, "--cache-write",
	    offsetof(struct cost_usage, cache_write) },
	{ COSTOPT_CACHE_WRITE_1H, "--cache-write-1h",
	    offsetof(struct cost_usage, cache_write_1h) },
	{ COSTOPT_IMAGES, "--images", offsetof(struct cost_usage, images) },
	{ COSTOPT_SEARCHES, "--searches",
	    offsetof(struct cost_usage, searches) },
	{ COSTOPT_REQUESTS, "--requests",
	    offsetof(struct cost_usage, requests) },
};

/* --chart's measures, in enum costout_measure's order. */
static const char *const measures[] = { "cost", "prompt", "completion",
	"requests" };

void
costopt_init(struct costopt *c)
{
	memset(c, 0, sizeof *c);
	mfilter_init(&c->f);
	c->u.requests = 1;
	c->round = -1;
	c->wait_ms = 10000;
	c->chart = -1;
}

void
costopt_free(struct costopt *c)
{
	mfilter_free(&c->f);
}

static int
set_mode(struct costopt *c, enum costopt_mode m, struct or_error *e)
{
	if (c->mode != CM_RECORDS && c->mode != m) {
		error_set(e, OR_EX_USAGE, "%s: not with the other mode's options",
		    modes[m].opt);
		return COSTOPT_BAD;
	}
	c->mode = m;
	return 1;
}

/* A count of tokens into *n; 1, or COSTOPT_BAD. */
static int
tokens(const char *opt, const char *arg, long long *n, struct or_error *e)
{
	char val[OPTS_VALMAX];

	if (mfilter_parse_tokens(arg, n) == 0)
		return 1;
	error_set(e, OR_EX_USAGE, "%s: not a number of tokens (1234, 12k, 1.5M): "
	    "%s", opt, opts_value(val, sizeof val, arg));
	return COSTOPT_BAD;
}

/* fmt has one %s, for the value: shown cleaned (opts_value). */
static int
bad(struct or_error *e, const char *fmt, const char *arg)
{
	char val[OPTS_VALMAX];

	error_set(e, OR_EX_USAGE, fmt, opts_value(val, sizeof val, arg));
	return COSTOPT_BAD;
}

int
costopt_parse(struct costopt *c, int ch, const char *arg,
    struct or_error *e)
{
	long long n;
	size_t i;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (counts[i].ch == ch) {
			c->given |= G_COUNTS;
			return tokens(counts[i].name, arg, (long long *)(void *)
			    ((char *)&c->u + counts[i].off), e);
		}
	switch (ch) {
	case 'a':
		return set_mode(c, CM_ALL, e);
	case 'g':
		c->gen = arg;
		return set_mode(c, CM_GEN, e);
	case 'H':
		c->dollars = c->human = 1;
		return 1;
	case 'm':
		c->model = arg;
		c->given |= G_MODEL;
		return 1;
	case 'n':
		c->given |= G_LIMIT;
		if (parse_long(arg, 1, 1000000, &c->limit) == -1)
			return bad(e, "-n: not a count: %s", arg);
		return 1;
	case 'p':
		c->given |= G_PROMPT;
		return tokens("-p", arg, &c->u.prompt, e);
	case 's':
		c->sum = 1;
		c->given |= G_SUM;
		return 1;
	case COSTOPT_ESTIMATE:
		return set_mode(c, CM_ESTIMATE, e);
	case COSTOPT_AT:
		if (mfilter_parse_date(arg, &n) == -1)
			return bad(e, "--at: not a date YYYY-MM-DD: %s", arg);
		c->at = arg;
		c->given |= G_AT;
		return 1;
	case COSTOPT_BY:
		c->by = strcmp(arg, "model") == 0 ? LB_MODEL :
		    strcmp(arg, "day") == 0 ? LB_DAY :
		    strcmp(arg, "provider") == 0 ? LB_PROVIDER : LB_NONE;
		if (c->by == LB_NONE)
			return bad(e, "--by: model, day or provider, not %s",
			    arg);
		c->given |= G_SUM;
		return 1;
	case COSTOPT_WAIT:
		if (parse_seconds(arg, &c->wait_ms, 3600000) == -1)
			return bad(e, "--wait: not a number of seconds: %s",
			    arg);
		c->given |= G_WAIT;
		return 1;
	case COSTOPT_PROVIDERS:
		return set_mode(c, CM_PROVIDERS, e);
	case COSTOPT_KEYINFO:
		return set_mode(c, CM_KEY, e);
	case COSTOPT_CREDITS:
		return set_mode(c, CM_CREDITS, e);
	case COSTOPT_ACTIVITY:
		return set_mode(c, CM_ACTIVITY, e);
	case COSTOPT_DATE:
		if (act_date_ok(arg) == -1)
			return bad(e, "--date: not a date YYYY-MM-DD: %s", arg);
		c->date = arg;
		c->given |= G_FILTER;
		return 1;
	case COSTOPT_KEYHASH:
		if (act_hash_ok(arg) == -1)
			return bad(e, "--key-hash: not a key's hash (1 to 128 "
			    "printable ASCII characters, no space, never the "
			    "key itself): %s", arg);
		c->keyhash = arg;
		c->given |= G_FILTER;
		return 1;
	case COSTOPT_ROUND:
		if (parse_long(arg, 0, MONEY_SCALE, &n) == -1) {
			error_set(e, OR_EX_USAGE, "--round: a number of places "
			    "from 0 to %d, not %s", MONEY_SCALE, arg);
			return COSTOPT_BAD;
		}
		c->round = (int)n;
		return 1;
	case COSTOPT_CHART:
		for (i = 0; i < sizeof measures / sizeof measures[0]; i++)
			if (strcmp(arg, measures[i]) == 0)
				break;
		if (i == sizeof measures / sizeof measures[0])
			return bad(e, "--chart: cost, prompt, completion or "
			    "requests, not %s", arg);
		c->measure = (enum costout_measure)i;
		c->chart = 1;
		c->given |= G_CHART;
		return 1;
	case COSTOPT_NO_CHART:
		c->chart = 0;
		return 1;
	case COSTOPT_JSON:
	case COSTOPT_JSONL:
		c->json = ch == COSTOPT_JSON ? 1 : 2;
		return 1;
	}
	switch (mfilter_opt(&c->f, ch, arg, e)) {
	case -1:
		return COSTOPT_BAD;
	case 1:
		c->given |= G_FILTERS;
		return 1;
	}
	return mfilter_catalog_opt(&c->cat, ch, arg);
}

int
costopt_check(struct costopt *c, int nfiles, struct or_error *e)
{
	unsigned bad;
	size_t i;

	if ((c->cat.flags & CAT_REFRESH) && (c->cat.flags & CAT_OFFLINE))
		return error_set(e, OR_EX_USAGE, "--refresh and --offline: one "
		    "or the other");
	if (nfiles > 0)
		c->given |= G_FILES;
	if (c->mode == CM_RECORDS && (c->given & (G_MODEL | G_PROMPT |
	    G_COUNTS))) {
		if (!c->model)
			return error_set(e, OR_EX_USAGE, "-p, -c and the other "
			    "counts need -m MODEL (or -a)");
		c->mode = CM_WORKLOAD;
	}
	bad = (c->given & ~modes[c->mode].allows) |
	    (modes[c->mode].needs & ~c->given);
	for (i = 0; bad && i < sizeof rules / sizeof rules[0]; i++)
		if ((rules[i].modes & M(c->mode)) && (bad & rules[i].given))
			return error_set(e, OR_EX_USAGE, "%s", rules[i].why);
	if (bad)
		return error_set(e, EX_SOFTWARE, "options %#x: no rule says "
		    "why not", bad);
	if ((c->given & G_CHART) && c->by != LB_DAY)
		return error_set(e, OR_EX_USAGE, "--chart: only with --by day");
	if ((c->given & G_CHART) && c->json)
		return error_set(e, OR_EX_USAGE, "--chart draws bars; not with "
		    "--json or --jsonl");
	return 0;
}

int
costopt_chart(const struct costopt *c, int tty)
{
	const char *term = getenv("TERM");

	if (c->chart != -1)
		return c->chart;
	return tty && c->by == LB_DAY && !c->json && (term == NULL ||
	    strcmp(term, "dumb") != 0);
}

int
costopt_prescan(int argc, char *argv[], struct or_error *e)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (strncmp(argv[i], "--key=", 6) == 0)
			return opts_refuse_key(argv[i] + 6, e);
	return 0;
}

void
costopt_usage(FILE *fp)
{
	fputs("A workload:\n"
	    "  -m, --model ID           the model (id, canonical slug or "
	    "variant)\n"
	    "  -p, --prompt-tokens N    prompt tokens, cached ones too "
	    "(1234, 12k, 1.5M)\n"
	    "  -c, --completion-tokens N  completion tokens, reasoning "
	    "included\n"
	    "      --cached N           prompt tokens read from the cache\n"
	    "      --cache-write N      prompt tokens written to the cache\n"
	    "      --cache-write-1h N   ...written with the 1-hour TTL\n"
	    "      --images N           input images\n"
	    "      --searches N         web searches\n"
	    "      --requests N         requests (default 1)\n"
	    "      --estimate           the prompt is on stdin: its tokens "
	    "estimated,\n"
	    "                           one per 4 bytes; 1 if over the "
	    "context\n"
	    "  -a, --all                the workload on every model that "
	    "passes the\n"
	    "                           filters, cheapest first\n"
	    "      --providers          with -m: the workload at each of the "
	    "model's\n"
	    "                           providers (endpoints), cheapest "
	    "first, with\n"
	    "                           uptime and latency; variable or "
	    "unknown last\n"
	    "  -n, --limit N            with -a or --providers: the N "
	    "cheapest only\n"
	    "      --at DATE            at the prices of that day "
	    "(YYYY-MM-DD)\n"
	    "Records (FILE..., or stdin): replies, ledger lines, usage records,\n"
	    "/generation answers, lines of MODEL PROMPT COMPLETION:\n"
	    "  -s, --sum                only the totals\n"
	    "      --by KEY             one total per model, day or provider\n"
	    "      --chart MEASURE      --by day as bars of cost, prompt, "
	    "completion\n"
	    "                           or requests, even in a pipe (on a "
	    "terminal,\n"
	    "                           bars of cost unless TERM=dumb)\n"
	    "      --no-chart           --by day as a table on a terminal "
	    "too\n"
	    "The API:\n"
	    "  -g, --generation ID      the billed cost of a past generation\n"
	    "      --wait SECS          wait up to SECS for new stats "
	    "(default 10)\n"
	    "      --key                the key's usage, limit and rate "
	    "limit\n"
	    "      --credits            credits bought and used (a management "
	    "key)\n"
	    "      --activity           the account's usage of the last 30 "
	    "days, a row\n"
	    "                           per day, model and endpoint (a "
	    "management key);\n"
	    "                           -s and --by add it up as for "
	    "records\n"
	    "      --date DATE          with --activity: that day only "
	    "(YYYY-MM-DD)\n"
	    "      --key-hash HASH      with --activity: that key's only "
	    "(its SHA-256)\n"
	    "Output:\n"
	    "      --round N            round half up to N decimal places\n"
	    "  -H, --human              $1.73, and aligned tables with a "
	    "header\n"
	    "      --json               one JSON document\n"
	    "      --jsonl              JSON Lines\n", fp);
}
