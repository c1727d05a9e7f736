/*
 * orcost -- exact USD cost from token counts, replies or usage logs; the
 * cheapest model for a workload; billed cost of a generation; key limits.
 *
 * Every amount is a money_t (lib/money): prices are read from the
 * catalog's decimal strings, billed costs from the replies' own digits,
 * and sums are exact however long the ledger.  The records are read by
 * lib/cost's scanner, a buffer at a time, so memory stays flat.
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
#include "error.h"
#include "jw.h"
#include "ledger.h"
#include "money.h"
#include "mfilter.h"
#include "mview.h"
#include "opts.h"
#include "table.h"
#include "util.h"

enum {
	OPT_CACHED = OPT_CMD, OPT_CACHE_WRITE, OPT_CACHE_WRITE_1H,
	OPT_IMAGES, OPT_SEARCHES, OPT_REQUESTS, OPT_ESTIMATE, OPT_BY,
	OPT_WAIT, OPT_KEYINFO, OPT_CREDITS, OPT_ROUND, OPT_JSON, OPT_JSONL
};

enum mode { M_RECORDS, M_WORKLOAD, M_ALL, M_ESTIMATE, M_GEN, M_KEY,
	M_CREDITS };

struct run {
	struct opts	 o;
	struct mfilter_catopts cat;
	struct mfilter f;
	enum mode	 mode;
	const char	*model;
	const char	*gen;
	struct cost_usage u;
	int		 have_prompt;
	long long	 limit;		/* -a -n; 0 all */
	long long	 wait_ms;
	int		 sum;
	enum ledger_by	 by;
	int		 round;		/* places, or -1 */
	int		 dollars;	/* -H */
	int		 human;		/* aligned tables */
	int		 json, jsonl;
	struct catalog	*c;
};

static void
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
	if (fp == stdout && out_close(stdout))
		status = EX_IOERR;
	exit(status);
}

/* ---- amounts ------------------------------------------------------------ */

/* An amount as printed: rounded as asked, with $ for a person. */
static const char *
amount(const struct run *r, money_t v, char *buf, size_t size, int json)
{
	char tmp[MONEY_FMTSIZE];

	if (r->round >= 0 && money_round(v, r->round, &v) < 0)
		return "-";
	money_fmt(v, tmp, sizeof tmp);
	snprintf(buf, size, "%s%s", r->dollars && !json ? "$" : "", tmp);
	return buf;
}

static void
set_mode(struct run *r, enum mode m, const char *opt)
{
	if (r->mode != M_RECORDS && r->mode != m)
		errx(OR_EX_USAGE, "%s: not with the other mode's options", opt);
	r->mode = m;
}

static long long
tokens(const char *opt, const char *arg)
{
	long long n;

	if (mfilter_parse_tokens(arg, &n) == -1)
		errx(OR_EX_USAGE, "%s: not a number of tokens (1234, 12k, "
		    "1.5M): %s", opt, arg);
	return n;
}

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

static int
count_opt(int ch)
{
	size_t i;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (counts[i].ch == ch)
			return (int)i;
	return -1;
}

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
		exit(OR_EX_NEGATIVE);
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
		errx(OR_EX_NEGATIVE, "%s: %s; the cost cannot be computed", m->id,
		    why);
	errx(rc == COST_ECOUNTS ? OR_EX_USAGE : EX_DATAERR, "%s", why);
}

static void
workload_json(const struct run *r, const struct cat_model *m, money_t v,
    int estimate)
{
	struct buf b;
	char a[64];

	buf_init(&b, 0);
	jw_quote(&b, m->id, strlen(m->id));
	printf("{\"model\":%s", b.p);
	buf_free(&b);
	if (estimate)
		printf(",\"estimate\":true");
	printf(",\"prompt_tokens\":%lld,\"completion_tokens\":%lld,"
	    "\"cached_tokens\":%lld,\"cache_write_tokens\":%lld,"
	    "\"cache_write_1h_tokens\":%lld,\"images\":%lld,"
	    "\"searches\":%lld,\"requests\":%lld", r->u.prompt,
	    r->u.completion, r->u.cached, r->u.cache_write,
	    r->u.cache_write_1h, r->u.images, r->u.searches, r->u.requests);
	if (estimate && m->context_length >= 0)
		printf(",\"context_length\":%lld", m->context_length);
	printf(",\"cost\":%s}\n", amount(r, v, a, sizeof a, 1));
}

static int
workload(struct run *r)
{
	const struct cat_model *m;
	char a[64];
	money_t v;

	open_catalog(r);
	m = find(r);
	v = price_or_exit(r, m);
	if (r->json || r->jsonl)
		workload_json(r, m, v, 0);
	else
		printf("%s\n", amount(r, v, a, sizeof a, 0));
	return 0;
}

static int
estimate(struct run *r)
{
	const struct cat_model *m;
	char a[64], chunk[1 << 16];
	money_t v;
	long long total, bytes = 0;
	ssize_t n;
	int st = 0;

	open_catalog(r);
	m = find(r);
	/* Only the prompt's size matters: count it, keep none of it. */
	while ((n = read(STDIN_FILENO, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(EX_NOINPUT, "standard input");
		bytes += n;
	}
	r->u.prompt = (bytes + 3) / 4;
	v = price_or_exit(r, m);
	if (r->json || r->jsonl)
		workload_json(r, m, v, 1);
	else
		printf("%s\n", amount(r, v, a, sizeof a, 0));
	warnx("an estimate: %lld prompt tokens, one per 4 bytes",
	    r->u.prompt);
	total = r->u.prompt + r->u.completion;
	if (m->context_length >= 0 && total > m->context_length) {
		warnx("%s: %lld tokens exceed its context of %lld", m->id,
		    total, m->context_length);
		st = OR_EX_NEGATIVE;
	}
	return st;
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
cheapest(struct run *r)
{
	static const char *const heads[] = {
		"COST", "MODEL", "CONTEXT", "PROMPT $/M", "COMPLETION $/M"
	};
	static const unsigned flags[] = { TABLE_RIGHT, 0, TABLE_RIGHT,
		TABLE_RIGHT, TABLE_RIGHT };
	struct pick *v;
	struct table *t = NULL;
	struct table_json j;
	struct cat_price p;
	const char *why, *cells[5];
	char a[64], ctx[32], pp[64], cp[64], line[512];
	size_t n = 0, i, cnt;
	money_t cost;

	open_catalog(r);
	mfilter_prepare(&r->f, r->c);
	cnt = catalog_count(r->c);
	v = xcalloc(cnt ? cnt : 1, sizeof *v);
	for (i = 0; i < cnt; i++) {
		const struct cat_model *m = catalog_model(r->c, i);

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
	if (r->json || r->jsonl)
		table_json_begin(&j, stdout, r->jsonl);
	else {
		t = table_new(5, heads, flags, r->human);
		table_stream(t, stdout);
	}
	for (i = 0; i < n; i++) {
		amount(r, v[i].cost, a, sizeof a, t == NULL);
		if (t == NULL) {
			struct buf b;

			buf_init(&b, 0);
			buf_adds(&b, "{\"model\":");
			jw_quote(&b, v[i].m->id, strlen(v[i].m->id));
			snprintf(line, sizeof line, ",\"cost\":%s,"
			    "\"context_length\":%lld}", a,
			    v[i].m->context_length);
			buf_adds(&b, line);
			table_json_add(&j, b.p, b.len);
			buf_free(&b);
			continue;
		}
		catalog_price_for(v[i].m, r->u.prompt, &p);
		cells[0] = a;
		cells[1] = v[i].m->id;
		cells[2] = table_count(v[i].m->context_length, r->human, ctx,
		    sizeof ctx);
		cells[3] = mview_price(&p, CP_PROMPT, pp, sizeof pp);
		cells[4] = mview_price(&p, CP_COMPLETION, cp, sizeof cp);
		table_add(t, cells);
	}
	if (t) {
		table_write(t, stdout, 0);
		table_free(t);
	} else
		table_json_end(&j);
	free(v);
	if (n == 0) {
		warnx("no model matches");
		return OR_EX_NEGATIVE;
	}
	return 0;
}

/* ---- records ------------------------------------------------------------ */

/* Where records and totals go. */
struct out {
	const struct run	*r;
	struct table		*t;
	struct table_json		 j;
};

/* An amount, "-" (or null) when there is none. */
static const char *
maybe(const struct run *r, int have, money_t v, char *buf, size_t size)
{
	int json = r->json || r->jsonl;

	if (have)
		return amount(r, v, buf, size, json);
	snprintf(buf, size, "%s", json ? "null" : "-");
	return buf;
}

/* One line of totals: COST BILLED [KEY PROMPT COMPLETION RECORDS]. */
static void
total_row(struct out *o, const struct ledger_total *t, const char *keyname)
{
	const struct run *r = o->r;
	char c[64], b[64], p[32], q[32], n[32], line[1024];
	const char *cells[6];

	maybe(r, t->ncost > 0, t->cost, c, sizeof c);
	maybe(r, t->nbilled > 0, t->billed, b, sizeof b);
	if (r->json || r->jsonl) {
		struct buf k;

		buf_init(&k, 0);
		if (keyname) {
			buf_adds(&k, "{\"");
			buf_adds(&k, keyname);
			buf_adds(&k, "\":");
			jw_quote(&k, t->key, strlen(t->key));
			buf_adds(&k, ",");
		} else
			buf_adds(&k, "{");
		snprintf(line, sizeof line, "\"records\":%lld,"
		    "\"prompt_tokens\":%lld,\"completion_tokens\":%lld,"
		    "\"cost\":%s,\"billed\":%s}", t->records, t->prompt,
		    t->completion, c, b);
		buf_adds(&k, line);
		if (keyname)
			table_json_add(&o->j, k.p, k.len);
		else
			printf("%s\n", k.p);
		buf_free(&k);
		return;
	}
	if (!keyname) {
		printf("%s\t%s\n", c, b);
		return;
	}
	cells[0] = c;
	cells[1] = b;
	cells[2] = t->key;
	cells[3] = table_count(t->prompt, r->human, p, sizeof p);
	cells[4] = table_count(t->completion, r->human, q, sizeof q);
	cells[5] = table_count(t->records, r->human, n, sizeof n);
	table_add(o->t, cells);
}

/* One record's line. */
static void
record_row(void *ctx, const struct ledger_item *it)
{
	struct out *o = ctx;
	const struct run *r = o->r;
	const struct cost_rec *rec = it->rec;
	char c[64], b[64], p[32], q[32], line[640];
	const char *cells[5];

	maybe(r, it->have_cost, it->cost, c, sizeof c);
	maybe(r, rec->have_billed, rec->billed, b, sizeof b);
	if (r->json || r->jsonl) {
		struct buf k;

		buf_init(&k, 0);
		snprintf(line, sizeof line, "{\"line\":%lld,\"model\":",
		    rec->line);
		buf_adds(&k, line);
		jw_quote(&k, it->id, strlen(it->id));
		snprintf(line, sizeof line, ",\"prompt_tokens\":%lld,"
		    "\"completion_tokens\":%lld,\"cost\":%s,\"billed\":%s}",
		    rec->u.prompt, rec->u.completion, c, b);
		buf_adds(&k, line);
		table_json_add(&o->j, k.p, k.len);
		buf_free(&k);
		return;
	}
	if (!r->human) {
		printf("%s\t%s\t%s\t%lld\t%lld\n", c, b, it->id,
		    rec->u.prompt, rec->u.completion);
		return;
	}
	cells[0] = c;
	cells[1] = b;
	cells[2] = it->id;
	cells[3] = table_count(rec->u.prompt, 1, p, sizeof p);
	cells[4] = table_count(rec->u.completion, 1, q, sizeof q);
	table_add(o->t, cells);
}

static int
records(struct run *r, int argc, char **argv)
{
	static const char *const bynames[] = { NULL, "model", "day",
		"provider" };
	static const unsigned flags[] = { TABLE_RIGHT, TABLE_RIGHT, 0,
		TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT };
	const char *h[6] = {
		"COST", "BILLED", "MODEL", "PROMPT", "COMPLETION", "RECORDS"
	};
	const struct ledger_total *g;
	struct ledger *l;
	struct out o;
	size_t i, n;
	int k, fd, rc, st = 0, each = r->by == LB_NONE && !r->sum;

	open_catalog(r);
	memset(&o, 0, sizeof o);
	o.r = r;
	l = ledger_new(r->c, r->by, each ? record_row : NULL, &o);
	if (r->by == LB_DAY)
		h[2] = "DAY";
	else if (r->by == LB_PROVIDER)
		h[2] = "PROVIDER";
	if (r->json || r->jsonl) {
		if (!r->sum)
			table_json_begin(&o.j, stdout, r->jsonl);
	} else if (r->by != LB_NONE) {
		o.t = table_new(6, h, flags, r->human);
		table_stream(o.t, stdout);
	} else if (r->human && !r->sum)
		o.t = table_new(5, h, flags, 1);
	for (k = 0; k < argc || (argc == 0 && k == 0); k++) {
		const char *name = argc ? argv[k] : "-";

		if (strcmp(name, "-") == 0) {
			if (isatty(STDIN_FILENO))
				errx(OR_EX_USAGE, "standard input is a terminal; "
				    "give records in a pipe or files, or a "
				    "workload with -m and -p (see --help)");
			fd = STDIN_FILENO;
		} else if ((fd = open(name, O_RDONLY)) == -1) {
			warn("%s", name);
			st = EX_NOINPUT;
			continue;
		}
		if ((rc = ledger_read(l, fd, argc ? name : "stdin")) > st)
			st = rc;
		if (fd != STDIN_FILENO)
			close(fd);
	}
	if (r->by != LB_NONE) {
		g = ledger_groups(l, &n);
		for (i = 0; i < n; i++)
			total_row(&o, &g[i], bynames[r->by]);
	} else if (r->sum)
		total_row(&o, ledger_all(l), NULL);
	if (o.t) {
		table_write(o.t, stdout, 0);
		table_free(o.t);
	} else if ((r->json || r->jsonl) && !r->sum)
		table_json_end(&o.j);
	ledger_free(l);
	return st;
}

/* ---- the API ------------------------------------------------------------ */

static int
account(struct run *r)
{
	struct acct a;
	struct or_error e;
	struct table *t;
	const char *cells[2];
	static const char *const heads[] = { "FIELD", "VALUE" };
	char v[64];
	size_t i;
	int st;

	st = r->mode == M_GEN ? acct_generation(&r->o, r->gen, r->wait_ms, &a,
	    &e) : r->mode == M_KEY ? acct_key(&r->o, &a, &e) :
	    acct_credits(&r->o, &a, &e);
	if (st != 0) {
		acct_free(&a);
		errx(st, "%s", e.msg);
	}
	if (r->json || r->jsonl) {
		struct table_json j;

		table_json_begin(&j, stdout, 1);
		table_json_add(&j, a.json, a.jsonlen);
		table_json_end(&j);
		acct_free(&a);
		return 0;
	}
	t = table_new(2, heads, NULL, r->human);
	if (!r->human)
		table_stream(t, stdout);
	for (i = 0; i < a.n; i++) {
		cells[0] = a.f[i].name;
		cells[1] = a.f[i].is_amount ? amount(r, a.f[i].amount, v,
		    sizeof v, 0) : a.f[i].text;
		table_add(t, cells);
	}
	table_write(t, stdout, 0);
	table_free(t);
	acct_free(&a);
	return 0;
}

/*
 * Which mode the options chose, now that all are read; exit 2 with one line
 * when they do not go together.  workload: counts given other than -p;
 * filters: ormodels' filters given; have_wait: --wait given.
 */
static void
settle(struct run *r, int argc, char **argv, int workload, int filters,
    int have_wait)
{
	int i;

	if (r->mode == M_KEY && argc > 0) {
		/* orcost --key sk-or-...: a key on the command line. */
		for (i = 0; i < argc; i++)
			opts_refuse_key(argv[i]);
	}
	if ((r->mode == M_GEN || r->mode == M_KEY || r->mode == M_CREDITS) &&
	    (r->model || r->have_prompt || workload))
		errx(OR_EX_USAGE, "-m, -p and the other counts price a workload; "
		    "not with -g, --key or --credits");
	if (r->mode == M_RECORDS && (r->model || r->have_prompt ||
	    workload)) {
		if (!r->model)
			errx(OR_EX_USAGE, "-p, -c and the other counts need -m "
			    "MODEL (or -a)");
		r->mode = M_WORKLOAD;
	}
	if ((r->mode == M_WORKLOAD || r->mode == M_ALL) && !r->have_prompt)
		errx(OR_EX_USAGE, "%s needs -p PROMPT_TOKENS",
		    r->mode == M_ALL ? "-a" : "-m");
	if (r->mode == M_ESTIMATE && !r->model)
		errx(OR_EX_USAGE, "--estimate needs -m MODEL");
	if (r->mode == M_ESTIMATE && r->have_prompt)
		errx(OR_EX_USAGE, "--estimate counts the prompt on stdin; not "
		    "with -p");
	if (r->mode == M_ALL && r->model)
		errx(OR_EX_USAGE, "-a prices every model; not with -m");
	if (r->mode != M_RECORDS && argc > 0)
		errx(OR_EX_USAGE, "files are read only for records; not with "
		    "the other modes' options");
	if (r->mode != M_RECORDS && (r->sum || r->by))
		errx(OR_EX_USAGE, "-s and --by sum records; not with the other "
		    "modes' options");
	if (filters && r->mode != M_ALL)
		errx(OR_EX_USAGE, "the model filters choose models for -a; "
		    "not without it");
	if (r->limit && r->mode != M_ALL)
		errx(OR_EX_USAGE, "-n: only with -a");
	if (have_wait && r->mode != M_GEN)
		errx(OR_EX_USAGE, "--wait: only with -g");
}

/* ---- main --------------------------------------------------------------- */

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		/* Before OPTS_LONGOPTS: here --key asks about the key. */
		{ "key",		no_argument,	   NULL, OPT_KEYINFO },
		OPTS_LONGOPTS,
		MFILTER_LONGOPTS,
		MFILTER_CATALOG_LONGOPTS,
		{ "all",		no_argument,	   NULL, 'a' },
		{ "by",			required_argument, NULL, OPT_BY },
		{ "cache-write",	required_argument, NULL,
		    OPT_CACHE_WRITE },
		{ "cache-write-1h",	required_argument, NULL,
		    OPT_CACHE_WRITE_1H },
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
	static struct run r;
	long long n;
	int ch, i, workload_opts = 0, nfilters = 0, have_wait = 0, st;

	opts_init(&r.o);
	mfilter_init(&r.f);
	r.u.requests = 1;
	r.round = -1;
	r.wait_ms = 10000;
	/* --key=VALUE is a key on the command line: refused, and blanked. */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (strncmp(argv[i], "--key=", 6) == 0)
			opts_refuse_key(argv[i] + 6);
	while ((ch = getopt_long(argc, argv, OPTS_SHORT "ac:g:Hm:n:p:s",
	    longopts, NULL)) != -1) {
		if ((n = count_opt(ch)) >= 0) {
			*(long long *)((char *)&r.u + counts[n].off) =
			    tokens(counts[n].name, optarg);
			workload_opts++;
			continue;
		}
		switch (ch) {
		case 'a':
			set_mode(&r, M_ALL, "-a");
			continue;
		case 'g':
			set_mode(&r, M_GEN, "-g");
			r.gen = optarg;
			continue;
		case 'H':
			r.dollars = r.human = 1;
			continue;
		case 'm':
			r.model = optarg;
			continue;
		case 'n':
			if (parse_long(optarg, 1, 1000000, &r.limit) == -1)
				errx(OR_EX_USAGE, "-n: not a count: %s", optarg);
			continue;
		case 'p':
			r.u.prompt = tokens("-p", optarg);
			r.have_prompt = 1;
			continue;
		case 's':
			r.sum = 1;
			continue;
		case OPT_ESTIMATE:
			set_mode(&r, M_ESTIMATE, "--estimate");
			continue;
		case OPT_BY:
			r.by = strcmp(optarg, "model") == 0 ? LB_MODEL :
			    strcmp(optarg, "day") == 0 ? LB_DAY :
			    strcmp(optarg, "provider") == 0 ? LB_PROVIDER :
			    LB_NONE;
			if (r.by == LB_NONE)
				errx(OR_EX_USAGE, "--by: model, day or provider, "
				    "not %s", optarg);
			continue;
		case OPT_WAIT:
			if (parse_seconds(optarg, &r.wait_ms, 3600000) == -1)
				errx(OR_EX_USAGE, "--wait: not a number of "
				    "seconds: %s", optarg);
			have_wait = 1;
			continue;
		case OPT_KEYINFO:
			set_mode(&r, M_KEY, "--key");
			continue;
		case OPT_CREDITS:
			set_mode(&r, M_CREDITS, "--credits");
			continue;
		case OPT_ROUND:
			if (parse_long(optarg, 0, MONEY_SCALE, &n) == -1)
				errx(OR_EX_USAGE, "--round: a number of places "
				    "from 0 to %d, not %s", MONEY_SCALE, optarg);
			r.round = (int)n;
			continue;
		case OPT_JSON:
		case OPT_JSONL:
			r.json = ch == OPT_JSON;
			r.jsonl = ch == OPT_JSONL;
			continue;
		}
		if (mfilter_opt(&r.f, ch, optarg)) {
			nfilters++;
			continue;
		}
		if (mfilter_catalog_opt(&r.cat, ch, optarg))
			continue;
		if (!opts_handle(&r.o, ch, optarg, usage))
			usage(stderr, OR_EX_USAGE);
	}
	argc -= optind;
	argv += optind;
	if ((r.cat.flags & CAT_REFRESH) && (r.cat.flags & CAT_OFFLINE))
		errx(OR_EX_USAGE, "--refresh and --offline: one or the other");
	settle(&r, argc, argv, workload_opts, nfilters, have_wait);
	if (r.human == 0 && isatty(STDOUT_FILENO))
		r.human = 1;
	if (r.human)
		setlocale(LC_CTYPE, "");	/* table_width, as ormodels */
	switch (r.mode) {
	case M_WORKLOAD:
		st = workload(&r);
		break;
	case M_ALL:
		st = cheapest(&r);
		break;
	case M_ESTIMATE:
		st = estimate(&r);
		break;
	case M_GEN:
	case M_KEY:
	case M_CREDITS:
		st = account(&r);
		break;
	default:
		st = records(&r, argc, argv);
		break;
	}
	if (r.c)
		catalog_close(r.c);
	mfilter_free(&r.f);
	return out_close(stdout) ? EX_IOERR : st;
}
