/*
 * orcost -- exact USD cost from token counts, replies or usage logs; the
 * cheapest model for a workload, or provider of a model; billed cost of a
 * generation; key limits; the account's activity.
 *
 * Every amount is a money_t (lib/money): prices are read from the
 * catalog's decimal strings, billed costs from the replies' own digits,
 * and sums are exact however long the ledger.  The options and the mode
 * they choose are lib/costopt's; the rule and the cheapest are lib/cost's;
 * the records are read by lib/ledger, a buffer at a time, so memory stays
 * flat; the rows are lib/costout's.  Here: what each mode does.
 */
#include <err.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "activity.h"
#include "archive.h"
#include "catalog.h"
#include "chart.h"
#include "cost.h"
#include "costopt.h"
#include "costout.h"
#include "costprov.h"
#include "endpoints.h"
#include "error.h"
#include "ledger.h"
#include "money.h"
#include "mfilter.h"
#include "opts.h"
#include "util.h"

struct run {
	struct opts	 o;
	struct costopt	 co;
	struct costout	 out;
	struct catalog	*c;
};

static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs("usage: orcost -m MODEL -p N [-c N] [--cached N] ...\n"
	    "       orcost [-s | --by model|day|provider] [FILE...]\n"
	    "       orcost --by day [--chart MEASURE | --no-chart] [FILE...]\n"
	    "       orcost -a -p N [-c N] [filters]\n"
	    "       orcost -m MODEL -p N [-c N] --providers [-n K]\n"
	    "       orcost --estimate -m MODEL [-c N] < prompt\n"
	    "       orcost -g ID | --key | --credits\n"
	    "       orcost --activity [--date DATE] [--key-hash HASH] "
	    "[-s | --by KEY]\n"
	    "Exact USD cost of calls, logs and workloads, at the catalog's "
	    "prices.\n\n", fp);
	costopt_usage(fp);
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

	if ((st = catalog_open(&r->o, r->co.cat.file, r->co.cat.flags, &r->c,
	    &e)) != 0)
		errx(st, "%s", e.msg);
}

/* The model named by -m (withdrawn, or at --at's prices: archive.h), or
 * exit 1 saying there is none. */
static const struct cat_model *
find(struct run *r)
{
	static struct cat_model at;
	const struct cat_model *m;

	if ((m = catalog_lookup(r->c, r->co.model)) == NULL ||
	    (m = archive_priced(m, r->co.at, &at)) == NULL)
		exit(OR_EX_NEGATIVE);
	return m;
}

/* cost_model, or exit with one line saying why not. */
static money_t
price_or_exit(const struct run *r, const struct cat_model *m)
{
	const char *why;
	money_t v;
	int rc;

	if ((rc = cost_model(m, &r->co.u, &v, NULL, &why)) == COST_OK)
		return v;
	if (rc == COST_VARIABLE)
		errx(OR_EX_NEGATIVE, "%s: %s; the cost cannot be computed", m->id,
		    why);
	errx(rc == COST_ECOUNTS ? OR_EX_USAGE : EX_DATAERR, "%s", why);
}

static int
workload(struct run *r, int argc, char **argv)
{
	const struct cat_model *m;

	open_catalog(r);
	m = find(r);
	costout_workload(&r->out, m, &r->co.u, price_or_exit(r, m), 0);
	return 0;
}

static int
estimate(struct run *r, int argc, char **argv)
{
	const struct cat_model *m;

	open_catalog(r);
	m = find(r);
	if (cost_estimate(STDIN_FILENO, &r->co.u.prompt) == -1)
		err(EX_NOINPUT, "standard input");
	costout_workload(&r->out, m, &r->co.u, price_or_exit(r, m), 1);
	warnx("an estimate: %lld prompt tokens, one per 4 bytes",
	    r->co.u.prompt);
	if (!cost_fits(m, &r->co.u)) {
		warnx("%s: %lld tokens exceed its context of %lld", m->id,
		    r->co.u.prompt + r->co.u.completion, m->context_length);
		return OR_EX_NEGATIVE;
	}
	return 0;
}

/* ---- -a: the cheapest --------------------------------------------------- */

static int
cheapest(struct run *r, int argc, char **argv)
{
	struct cost_pick *v;
	size_t n, i;

	open_catalog(r);
	v = cost_cheapest(r->c, &r->co.f, &r->co.u, r->co.limit, &n);
	costout_cheap_begin(&r->out);
	for (i = 0; i < n; i++)
		costout_cheap(&r->out, v[i].m, r->co.u.prompt, v[i].cost);
	costout_cheap_end(&r->out);
	free(v);
	if (n == 0) {
		warnx("no model matches");
		return OR_EX_NEGATIVE;
	}
	return 0;
}

/* ---- --providers: at each endpoint -------------------------------------- */

static int
providers(struct run *r, int argc, char **argv)
{
	const struct cat_model *m;
	struct costprov *v;
	struct ep_list l;
	struct or_error e;
	const char *why;
	size_t i, n;
	int st;

	if (costprov_check(&r->co.u, &why) != 0)
		errx(OR_EX_USAGE, "%s", why);
	open_catalog(r);
	m = find(r);
	/* Fetched and cached as ormodels -e has them. */
	if ((st = ep_get(&r->o, m->id, r->co.cat.flags, &l, &e)) != 0)
		errx(st, "%s", e.msg);
	v = costprov_rank(&l, &r->co.u);
	n = l.n;
	if (r->co.limit > 0 && (size_t)r->co.limit < n)
		n = (size_t)r->co.limit;
	costout_prov_begin(&r->out);
	for (i = 0; i < n; i++)
		costout_prov(&r->out, m->id, &v[i]);
	costout_prov_end(&r->out);
	st = 0;
	if (l.n == 0 || v[0].state != CPV_EXACT) {
		warnx("%s: %s", m->id, l.n == 0 ? "no provider serves it" :
		    "no provider's cost can be computed");
		st = OR_EX_NEGATIVE;
	}
	free(v);
	ep_free(&l);
	return st;
}

/* ---- records ------------------------------------------------------------ */

static int
records(struct run *r, int argc, char **argv)
{
	const struct ledger_total *g;
	struct or_error e;
	struct ledger *l;
	size_t n;
	int k, fd, rc, st = 0, each = r->co.by == LB_NONE && !r->co.sum;

	open_catalog(r);
	l = ledger_new(r->c, r->co.by, each ? costout_record : NULL, &r->out);
	if (each)
		costout_records_begin(&r->out, LB_NONE, 0);
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
		if ((rc = ledger_read(l, fd, argc ? name : "stdin", &e)) != 0) {
			warnx("%s", e.msg);
			st = rc;
		}
		if (fd != STDIN_FILENO)
			close(fd);
	}
	if (r->co.by != LB_NONE) {
		g = ledger_groups(l, &n);
		costout_totals(&r->out, r->co.by, g, n);
	} else if (r->co.sum)
		costout_totals(&r->out, LB_NONE, ledger_all(l), 1);
	else
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

	if (r->co.mode == CM_GEN)
		st = acct_generation(&r->o, r->co.gen, r->co.wait_ms, &a, &e);
	else
		st = r->co.mode == CM_KEY ? acct_key(&r->o, &a, &e) :
		    acct_credits(&r->o, &a, &e);
	if (st != 0) {
		acct_free(&a);
		errx(st, "%s", e.msg);
	}
	costout_account(&r->out, &a);
	acct_free(&a);
	return 0;
}

/*
 * --activity: the rows as they came, or their totals (-s, --by) printed
 * as a ledger's are, column for column.
 */
static int
activity(struct run *r, int argc, char **argv)
{
	struct ledger_total *g;
	struct act_list l;
	struct or_error e;
	size_t n;
	int st;

	if ((st = act_get(&r->o, r->co.date, r->co.keyhash, &l, &e)) != 0)
		errx(st, "%s", e.msg);
	if (r->co.by == LB_NONE && !r->co.sum) {
		costout_activity(&r->out, &l);
		act_free(&l);
		return 0;
	}
	if ((g = act_totals(&l, r->co.by, &n)) == NULL) {
		act_free(&l);
		errx(EX_PROTOCOL, "GET /activity: the totals are beyond what "
		    "can be counted");
	}
	costout_totals(&r->out, r->co.by, g, n);
	act_totals_free(g, n);
	act_free(&l);
	return 0;
}

/* What each mode runs (lib/costopt says which options it takes). */
static int (*const modes[CM_NMODES])(struct run *, int, char **) = {
	[CM_RECORDS] = records,
	[CM_WORKLOAD] = workload,
	[CM_ALL] = cheapest,
	[CM_ESTIMATE] = estimate,
	[CM_GEN] = account,
	[CM_KEY] = account,
	[CM_CREDITS] = account,
	[CM_PROVIDERS] = providers,
	[CM_ACTIVITY] = activity,
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COSTOPT_LONGOPTS,	/* first: its --key is not opts' */
		OPTS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static struct run r;
	struct or_error e;
	int ch, i, st;

	opts_init(&r.o);
	costopt_init(&r.co);
	if (costopt_prescan(argc, argv, &e) != 0)
		errx(e.exit, "%s", e.msg);
	while ((ch = opts_next(argc, argv, OPTS_SHORT COSTOPT_SHORT,
	    longopts)) != -1) {
		if ((st = costopt_parse(&r.co, ch, optarg, &e)) == COSTOPT_BAD)
			errx(e.exit, "%s", e.msg);
		if (st == 0 && (st = opts_handle(&r.o, ch, optarg, usage,
		    &e)) == -1)
			errx(e.exit, "%s", e.msg);
		if (st == 0)
			usage(stderr, OR_EX_USAGE);
	}
	argc -= optind;
	argv += optind;
	if (r.co.mode == CM_KEY)	/* orcost --key sk-or-...: a key */
		for (i = 0; i < argc; i++) {
			opts_refuse_key(argv[i], &e);
			errx(e.exit, "%s", e.msg);
		}
	if ((st = costopt_check(&r.co, argc, &e)) != 0)
		errx(st, "%s", e.msg);
	costout_init(&r.out, stdout);
	r.out.round = r.co.round;
	r.out.dollars = r.co.dollars;
	r.out.json = r.co.json;
	r.out.human = r.co.human || isatty(STDOUT_FILENO);
	r.out.chart = costopt_chart(&r.co, isatty(STDOUT_FILENO));
	if (r.out.human || r.out.chart)
		setlocale(LC_CTYPE, "");	/* table_width, as ormodels */
	if (r.out.chart) {
		r.out.measure = r.co.measure;
		r.out.width = chart_columns(STDOUT_FILENO);
		r.out.style = chart_style();
	}
	st = modes[r.co.mode](&r, argc, argv);
	if (r.c)
		catalog_close(r.c);
	costopt_free(&r.co);
	costout_free(&r.out);
	return out_close(stdout) ? EX_IOERR : st;
}
