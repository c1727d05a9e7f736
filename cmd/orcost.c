/*
 * orcost -- exact USD cost from token counts, replies or usage logs; the
 * cheapest model for a workload; billed cost of a generation; key limits.
 *
 * Every amount is a money_t (lib/money): prices are read from the
 * catalog's decimal strings, billed costs from the replies' own digits,
 * and sums are exact however long the ledger.  The records are read by
 * lib/ledger, a buffer at a time, so memory stays flat; the rows are
 * written by lib/costout.  Here: the options, and which mode they chose.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "catalog.h"
#include "cost.h"
#include "costout.h"
#include "error.h"
#include "ledger.h"
#include "money.h"
#include "mfilter.h"
#include "opts.h"
#include "util.h"

enum {
	OPT_CACHED = OPT_CMD, OPT_CACHE_WRITE, OPT_CACHE_WRITE_1H,
	OPT_IMAGES, OPT_SEARCHES, OPT_REQUESTS, OPT_ESTIMATE, OPT_BY,
	OPT_WAIT, OPT_KEYINFO, OPT_CREDITS, OPT_ROUND, OPT_JSON, OPT_JSONL
};

enum mode { M_RECORDS, M_WORKLOAD, M_ALL, M_ESTIMATE, M_GEN, M_KEY,
	M_CREDITS };

/* What the options gave, for checking against the mode (modes[]). */
enum {
	G_MODEL = 1 << 0,	/* -m */
	G_PROMPT = 1 << 1,	/* -p */
	G_COUNTS = 1 << 2,	/* -c and the other counts */
	G_FILES = 1 << 3,	/* operands */
	G_SUM = 1 << 4,		/* -s, --by */
	G_FILTERS = 1 << 5,	/* ormodels' filters */
	G_LIMIT = 1 << 6,	/* -n */
	G_WAIT = 1 << 7		/* --wait */
};

struct run {
	struct opts	 o;
	struct mfilter_catopts cat;
	struct mfilter f;
	struct costout	 out;
	enum mode	 mode;
	unsigned	 given;		/* G_* */
	const char	*model;
	const char	*gen;
	struct cost_usage u;
	long long	 limit;		/* -a -n; 0 all */
	long long	 wait_ms;
	int		 sum;
	enum ledger_by	 by;
	struct catalog	*c;
};

static int	workload(struct run *, int, char **);
static int	cheapest(struct run *, int, char **);
static int	estimate(struct run *, int, char **);
static int	records(struct run *, int, char **);
static int	account(struct run *, int, char **);

/* The modes: the option that chooses each, what it runs, what it takes. */
static const struct {
	const char	*opt;
	int		(*run)(struct run *, int, char **);
	unsigned	 allows, needs;
} modes[] = {
	[M_RECORDS] = { NULL, records, G_FILES | G_SUM, 0 },
	[M_WORKLOAD] = { NULL, workload, G_MODEL | G_PROMPT | G_COUNTS,
	    G_MODEL | G_PROMPT },
	[M_ALL] = { "-a", cheapest, G_PROMPT | G_COUNTS | G_FILTERS | G_LIMIT,
	    G_PROMPT },
	[M_ESTIMATE] = { "--estimate", estimate, G_MODEL | G_COUNTS, G_MODEL },
	[M_GEN] = { "-g", account, G_WAIT, 0 },
	[M_KEY] = { "--key", account, 0, 0 },
	[M_CREDITS] = { "--credits", account, 0, 0 },
};

#define ALLMODES	((1u << (sizeof modes / sizeof modes[0])) - 1)
#define MODE(m)		(1u << (m))

/*
 * Why options do not go with a mode: the first rule whose modes hold the
 * mode and whose options it does not allow (or needs and lacks) says so.
 */
static const struct {
	unsigned	 modes, given;
	const char	*why;
} rules[] = {
	{ MODE(M_GEN) | MODE(M_KEY) | MODE(M_CREDITS),
	    G_MODEL | G_PROMPT | G_COUNTS, "-m, -p and the other counts price "
	    "a workload; not with -g, --key or --credits" },
	{ MODE(M_WORKLOAD), G_PROMPT, "-m needs -p PROMPT_TOKENS" },
	{ MODE(M_ALL), G_PROMPT, "-a needs -p PROMPT_TOKENS" },
	{ MODE(M_ESTIMATE), G_MODEL, "--estimate needs -m MODEL" },
	{ MODE(M_ESTIMATE), G_PROMPT, "--estimate counts the prompt on stdin; "
	    "not with -p" },
	{ MODE(M_ALL), G_MODEL, "-a prices every model; not with -m" },
	{ ALLMODES & ~MODE(M_RECORDS), G_FILES, "files are read only for "
	    "records; not with the other modes' options" },
	{ ALLMODES & ~MODE(M_RECORDS), G_SUM, "-s and --by sum records; not "
	    "with the other modes' options" },
	{ ALLMODES & ~MODE(M_ALL), G_FILTERS, "the model filters choose "
	    "models for -a; not without it" },
	{ ALLMODES & ~MODE(M_ALL), G_LIMIT, "-n: only with -a" },
	{ ALLMODES & ~MODE(M_GEN), G_WAIT, "--wait: only with -g" },
};

/* The counts of a workload other than -p, and where each goes. */
static const struct {
	int		 ch;
	const char	*name;
	size_t		 off;
} counts[] = {
	{ 'c', "-c", offsetof(struct cost_usage, completion) },
	{ OPT_CACHED, "--cached", offsetof(struct cost_usage, cached) },
	{ OPT_CACHE_WRITE, "--cache-write",
	    offsetof(struct cost_usage, cache_write) },
	{ OPT_CACHE_WRITE_1H, "--cache-write-1h",
	    offsetof(struct cost_usage, cache_write_1h) },
	{ OPT_IMAGES, "--images", offsetof(struct cost_usage, images) },
	{ OPT_SEARCHES, "--searches", offsetof(struct cost_usage, searches) },
	{ OPT_REQUESTS, "--requests", offsetof(struct cost_usage, requests) },
};

static const struct option longopts[] = {
	/* Before OPTS_LONGOPTS: here --key asks about the key. */
	{ "key",		no_argument,	   NULL, OPT_KEYINFO },
	OPTS_LONGOPTS,
	MFILTER_LONGOPTS,
	MFILTER_CATALOG_LONGOPTS,
	{ "all",		no_argument,	   NULL, 'a' },
	{ "by",			required_argument, NULL, OPT_BY },
	{ "cache-write",	required_argument, NULL, OPT_CACHE_WRITE },
	{ "cache-write-1h",	required_argument, NULL, OPT_CACHE_WRITE_1H },
	{ "cached",		required_argument, NULL, OPT_CACHED },
	{ "completion-tokens",	required_argument, NULL, 'c' },
	{ "credits",		no_argument,	   NULL, OPT_CREDITS },
	{ "estimate",		no_argument,	   NULL, OPT_ESTIMATE },
	{ "generation",		required_argument, NULL, 'g' },
	{ "human",		no_argument,	   NULL, 'H' },
	{ "images",		required_argument, NULL, OPT_IMAGES },
	{ "json",		no_argument,	   NULL, OPT_JSON },
	{ "jsonl",		no_argument,	   NULL, OPT_JSONL },
	{ "limit",		required_argument, NULL, 'n' },
	{ "model",		required_argument, NULL, 'm' },
	{ "prompt-tokens",	required_argument, NULL, 'p' },
	{ "requests",		required_argument, NULL, OPT_REQUESTS },
	{ "round",		required_argument, NULL, OPT_ROUND },
	{ "searches",		required_argument, NULL, OPT_SEARCHES },
	{ "sum",		no_argument,	   NULL, 's' },
	{ "wait",		required_argument, NULL, OPT_WAIT },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs("usage: orcost -m MODEL -p N [-c N] [--cached N] ...\n"
	    "       orcost [-s | --by model|day|provider] [FILE...]\n"
	    "       orcost -a -p N [-c N] [filters]\n"
	    "       orcost --estimate -m MODEL [-c N] < prompt\n"
	    "       orcost -g ID | --key | --credits\n"
	    "Exact USD cost of calls, logs and workloads, at the catalog's "
	    "prices.\n\n"
	    "A workload:\n"
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
	    "  -n, --limit N            with -a: the N cheapest only\n"
	    "Records (FILE..., or stdin): replies, ledger lines, usage records,\n"
	    "/generation answers, lines of MODEL PROMPT COMPLETION:\n"
	    "  -s, --sum                only the totals\n"
	    "      --by KEY             one total per model, day or provider\n"
	    "The API:\n"
	    "  -g, --generation ID      the billed cost of a past generation\n"
	    "      --wait SECS          wait up to SECS for new stats "
	    "(default 10)\n"
	    "      --key                the key's usage, limit and rate "
	    "limit\n"
	    "      --credits            credits bought and used (a management "
	    "key)\n"
	    "Output:\n"
	    "      --round N            round half up to N decimal places\n"
	    "  -H, --human              $1.73, and aligned tables with a "
	    "header\n"
	    "      --json               one JSON document\n"
	    "      --jsonl              JSON Lines\n", fp);
	mfilter_usage(fp);
	mfilter_catalog_usage(fp);
	opts_usage(fp);
	opts_usage_end(fp, status);
}

/* ---- the catalog and the workload --------------------------------------- */

static void
open_catalog(struct run *r)
{
	struct or_error e;
	int st;

	if ((st = catalog_open(&r->o, r->cat.file, r->cat.flags, &r->c,
	    &e)) != 0)
		errx(st, "%s", e.msg);
}

/* The model named by -m, or exit 1 saying there is none. */
static const struct cat_model *
find(struct run *r)
{
	const struct cat_model *m;

	if ((m = catalog_find(r->c, r->model)) == NULL) {
		catalog_not_found(r->c, r->model);
		exit(EX_NEGATIVE);
	}
	return m;
}

/* cost_model, or exit with one line saying why not. */
static money_t
price_or_exit(const struct run *r, const struct cat_model *m)
{
	const char *why;
	money_t v;
	int rc;

	if ((rc = cost_model(m, &r->u, &v, NULL, &why)) == COST_OK)
		return v;
	if (rc == COST_VARIABLE)
		errx(EX_NEGATIVE, "%s: %s; the cost cannot be computed", m->id,
		    why);
	errx(rc == COST_ECOUNTS ? EX_USAGE_ : EX_DATAERR_, "%s", why);
}

static int
workload(struct run *r, int argc, char **argv)
{
	const struct cat_model *m;

	open_catalog(r);
	m = find(r);
	costout_workload(&r->out, m, &r->u, price_or_exit(r, m), 0);
	return 0;
}

static int
estimate(struct run *r, int argc, char **argv)
{
	const struct cat_model *m;
	char chunk[1 << 16];
	long long total, bytes = 0;
	ssize_t n;

	open_catalog(r);
	m = find(r);
	/* Only the prompt's size matters: count it, keep none of it. */
	while ((n = read(STDIN_FILENO, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(EX_NOINPUT_, "standard input");
		bytes += n;
	}
	r->u.prompt = (bytes + 3) / 4;
	costout_workload(&r->out, m, &r->u, price_or_exit(r, m), 1);
	warnx("an estimate: %lld prompt tokens, one per 4 bytes",
	    r->u.prompt);
	total = r->u.prompt + r->u.completion;
	if (m->context_length >= 0 && total > m->context_length) {
		warnx("%s: %lld tokens exceed its context of %lld", m->id,
		    total, m->context_length);
		return EX_NEGATIVE;
	}
	return 0;
}

/* ---- -a: the cheapest --------------------------------------------------- */

struct pick {
	const struct cat_model	*m;
	money_t			 cost;
};

static int
by_cost(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	int c = money_cmp(x->cost, y->cost);

	return c ? c : strcmp(x->m->id, y->m->id);
}

static int
cheapest(struct run *r, int argc, char **argv)
{
	const struct cat_model *m;
	struct pick *v;
	const char *why;
	size_t n = 0, i, cnt;
	money_t cost;

	open_catalog(r);
	mfilter_prepare(&r->f, r->c);
	cnt = catalog_count(r->c);
	v = xcalloc(cnt ? cnt : 1, sizeof *v);
	for (i = 0; i < cnt; i++) {
		m = catalog_model(r->c, i);
		if (!mfilter_match(&r->f, m) || (m->context_length >= 0 &&
		    r->u.prompt + r->u.completion > m->context_length) ||
		    cost_model(m, &r->u, &cost, NULL, &why) != COST_OK)
			continue;
		v[n].m = m;
		v[n++].cost = cost;
	}
	qsort(v, n, sizeof *v, by_cost);
	if (r->limit > 0 && (size_t)r->limit < n)
		n = (size_t)r->limit;
	costout_cheap_begin(&r->out);
	for (i = 0; i < n; i++)
		costout_cheap(&r->out, v[i].m, r->u.prompt, v[i].cost);
	costout_cheap_end(&r->out);
	free(v);
	if (n == 0) {
		warnx("no model matches");
		return EX_NEGATIVE;
	}
	return 0;
}

/* ---- records ------------------------------------------------------------ */

static int
records(struct run *r, int argc, char **argv)
{
	const struct ledger_total *g;
	struct or_error e;
	struct ledger *l;
	size_t i, n;
	int k, fd, rc, st = 0, each = r->by == LB_NONE && !r->sum;

	open_catalog(r);
	l = ledger_new(r->c, r->by, each ? costout_record : NULL, &r->out);
	costout_records_begin(&r->out, r->by, r->sum);
	for (k = 0; k < argc || (argc == 0 && k == 0); k++) {
		const char *name = argc ? argv[k] : "-";

		if (strcmp(name, "-") == 0) {
			if (isatty(STDIN_FILENO))
				errx(EX_USAGE_, "standard input is a terminal; "
				    "give records in a pipe or files, or a "
				    "workload with -m and -p (see --help)");
			fd = STDIN_FILENO;
		} else if ((fd = open(name, O_RDONLY)) == -1) {
			warn("%s", name);
			st = EX_NOINPUT_;
			continue;
		}
		if ((rc = ledger_read(l, fd, argc ? name : "stdin", &e)) != 0) {
			warnx("%s", e.msg);
			st = rc;
		}
		if (fd != STDIN_FILENO)
			close(fd);
	}
	if (r->by != LB_NONE) {
		g = ledger_groups(l, &n);
		for (i = 0; i < n; i++)
			costout_total(&r->out, &g[i]);
	} else if (r->sum)
		costout_total(&r->out, ledger_all(l));
	costout_records_end(&r->out);
	if ((rc = ledger_status(l)) > st)
		st = rc;
	ledger_free(l);
	return st;
}

/* ---- the API ------------------------------------------------------------ */

static int
account(struct run *r, int argc, char **argv)
{
	struct acct a;
	struct or_error e;
	int st;

	st = r->mode == M_GEN ? acct_generation(&r->o, r->gen, r->wait_ms, &a,
	    &e) : r->mode == M_KEY ? acct_key(&r->o, &a, &e) :
	    acct_credits(&r->o, &a, &e);
	if (st != 0) {
		acct_free(&a);
		errx(st, "%s", e.msg);
	}
	costout_account(&r->out, &a);
	acct_free(&a);
	return 0;
}

/* ---- options ------------------------------------------------------------ */

static void
set_mode(struct run *r, enum mode m)
{
	if (r->mode != M_RECORDS && r->mode != m)
		errx(EX_USAGE_, "%s: not with the other mode's options",
		    modes[m].opt);
	r->mode = m;
}

static long long
tokens(const char *opt, const char *arg)
{
	long long n;

	if (mfilter_parse_tokens(arg, &n) == -1)
		errx(EX_USAGE_, "%s: not a number of tokens (1234, 12k, "
		    "1.5M): %s", opt, arg);
	return n;
}

/* One of orcost's own options; 0 when ch is not one. */
static int
option(struct run *r, int ch, const char *arg)
{
	long long n;
	size_t i;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (counts[i].ch == ch) {
			*(long long *)((char *)&r->u + counts[i].off) =
			    tokens(counts[i].name, arg);
			r->given |= G_COUNTS;
			return 1;
		}
	switch (ch) {
	case 'a':
		set_mode(r, M_ALL);
		break;
	case 'g':
		set_mode(r, M_GEN);
		r->gen = arg;
		break;
	case 'H':
		r->out.dollars = r->out.human = 1;
		break;
	case 'm':
		r->model = arg;
		r->given |= G_MODEL;
		break;
	case 'n':
		if (parse_long(arg, 1, 1000000, &r->limit) == -1)
			errx(EX_USAGE_, "-n: not a count: %s", arg);
		r->given |= G_LIMIT;
		break;
	case 'p':
		r->u.prompt = tokens("-p", arg);
		r->given |= G_PROMPT;
		break;
	case 's':
		r->sum = 1;
		r->given |= G_SUM;
		break;
	case OPT_ESTIMATE:
		set_mode(r, M_ESTIMATE);
		break;
	case OPT_BY:
		r->by = strcmp(arg, "model") == 0 ? LB_MODEL :
		    strcmp(arg, "day") == 0 ? LB_DAY :
		    strcmp(arg, "provider") == 0 ? LB_PROVIDER : LB_NONE;
		if (r->by == LB_NONE)
			errx(EX_USAGE_, "--by: model, day or provider, not %s",
			    arg);
		r->given |= G_SUM;
		break;
	case OPT_WAIT:
		if (parse_seconds(arg, &r->wait_ms, 3600000) == -1)
			errx(EX_USAGE_, "--wait: not a number of seconds: %s",
			    arg);
		r->given |= G_WAIT;
		break;
	case OPT_KEYINFO:
		set_mode(r, M_KEY);
		break;
	case OPT_CREDITS:
		set_mode(r, M_CREDITS);
		break;
	case OPT_ROUND:
		if (parse_long(arg, 0, MONEY_SCALE, &n) == -1)
			errx(EX_USAGE_, "--round: a number of places from 0 to "
			    "%d, not %s", MONEY_SCALE, arg);
		r->out.round = (int)n;
		break;
	case OPT_JSON:
	case OPT_JSONL:
		r->out.json = ch == OPT_JSON ? 1 : 2;
		break;
	default:
		if (!mfilter_opt(&r->f, ch, arg))
			return 0;
		r->given |= G_FILTERS;
	}
	return 1;
}

/*
 * Which mode the options chose, now that all are read (a workload when
 * -m or counts were given and no mode); exit 2 with one line when the
 * options do not go with it.
 */
static void
settle(struct run *r, int argc, char **argv)
{
	unsigned bad;
	size_t i;
	int k;

	if (r->mode == M_KEY)	/* orcost --key sk-or-...: a key in argv. */
		for (k = 0; k < argc; k++)
			opts_refuse_key(argv[k]);
	if (argc > 0)
		r->given |= G_FILES;
	if (r->mode == M_RECORDS && (r->given & (G_MODEL | G_PROMPT |
	    G_COUNTS))) {
		if (!r->model)
			errx(EX_USAGE_, "-p, -c and the other counts need -m "
			    "MODEL (or -a)");
		r->mode = M_WORKLOAD;
	}
	bad = (r->given & ~modes[r->mode].allows) |
	    (modes[r->mode].needs & ~r->given);
	for (i = 0; bad && i < sizeof rules / sizeof rules[0]; i++)
		if ((rules[i].modes & MODE(r->mode)) && (bad & rules[i].given))
			errx(EX_USAGE_, "%s", rules[i].why);
	if (bad)
		errx(EX_SOFTWARE_, "options %#x: no rule says why not", bad);
}

/* ---- main --------------------------------------------------------------- */

int
main(int argc, char *argv[])
{
	static struct run r;
	int ch, i, st;

	opts_init(&r.o);
	mfilter_init(&r.f);
	costout_init(&r.out, stdout);
	r.u.requests = 1;
	r.wait_ms = 10000;
	/* --key=VALUE is a key on the command line: refused, and blanked. */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (strncmp(argv[i], "--key=", 6) == 0)
			opts_refuse_key(argv[i] + 6);
	while ((ch = getopt_long(argc, argv, OPTS_SHORT "ac:g:Hm:n:p:s",
	    longopts, NULL)) != -1)
		if (!option(&r, ch, optarg) &&
		    !mfilter_catalog_opt(&r.cat, ch, optarg) &&
		    !opts_handle(&r.o, ch, optarg, usage))
			usage(stderr, EX_USAGE_);
	argc -= optind;
	argv += optind;
	if ((r.cat.flags & CAT_REFRESH) && (r.cat.flags & CAT_OFFLINE))
		errx(EX_USAGE_, "--refresh and --offline: one or the other");
	settle(&r, argc, argv);
	if (r.out.human == 0 && isatty(STDOUT_FILENO))
		r.out.human = 1;
	if (r.out.human)
		setlocale(LC_CTYPE, "");	/* table_width, as ormodels */
	st = modes[r.mode].run(&r, argc, argv);
	if (r.c)
		catalog_close(r.c);
	mfilter_free(&r.f);
	costout_free(&r.out);
	return out_close(stdout) ? EX_IOERR_ : st;
}
