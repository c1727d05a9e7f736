/*
 * t_costout: orcost's library side -- its options and modes (costopt),
 * the ledger read from a descriptor, and the rows written (costout).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "cost.h"
#include "costopt.h"
#include "costout.h"
#include "error.h"
#include "ledger.h"
#include "mfilter.h"
#include "money.h"
#include "opts.h"
#include "tap.h"

#define CAT	"tests/fixtures/models/models_2026-08-08.json"
#define GPT4O	"openai/gpt-4o"		/* 2.5 and 10 USD per M tokens */

/* Parse argv (NULL-ended) as costopt would see it, then check. */
static int
check(const char *const *argv, int nfiles, struct costopt *c,
    struct or_error *e)
{
	static const struct {
		const char *name;
		int ch;
	} map[] = {
		{ "-a", 'a' }, { "-g", 'g' }, { "-m", 'm' }, { "-p", 'p' },
		{ "-c", 'c' }, { "-s", 's' }, { "-n", 'n' },
		{ "--key", COSTOPT_KEYINFO }, { "--credits", COSTOPT_CREDITS },
		{ "--estimate", COSTOPT_ESTIMATE }, { "--wait", COSTOPT_WAIT },
		{ "--by", COSTOPT_BY }, { "--round", COSTOPT_ROUND },
		{ "--free", MF_OPT_FREE },
	};
	size_t i;
	int rc;

	costopt_init(c);
	for (; *argv; argv++) {
		for (i = 0; strcmp(map[i].name, *argv); i++)
			;
		if ((rc = costopt_parse(c, map[i].ch, argv[1], e)) != 1)
			return rc;
		if ((map[i].ch < 128 && strchr("gmpcn", map[i].ch)) ||
		    map[i].ch == COSTOPT_WAIT || map[i].ch == COSTOPT_BY ||
		    map[i].ch == COSTOPT_ROUND)
			argv++;
	}
	return costopt_check(c, nfiles, e);
}

static void
test_modes(void)
{
	static const struct {
		const char *argv[8];
		int nfiles, st, mode;
		const char *msg;
	} t[] = {
		{ { NULL }, 1, 0, CM_RECORDS, NULL },
		{ { "-s", "--by", "day", NULL }, 2, 0, CM_RECORDS, NULL },
		{ { "-m", "x", "-p", "1k", "-c", "2", NULL }, 0, 0, CM_WORKLOAD,
		    NULL },
		{ { "-p", "1", NULL }, 0, 2, 0,
		    "-p, -c and the other counts need -m MODEL (or -a)" },
		{ { "-m", "x", NULL }, 0, 2, 0, "-m needs -p PROMPT_TOKENS" },
		{ { "-a", "-m", "x", "-p", "1", NULL }, 0, 2, 0,
		    "-a prices every model; not with -m" },
		{ { "-a", "-p", "1", "-n", "3", "--free", NULL }, 0, 0, CM_ALL,
		    NULL },
		{ { "-g", "x", "-m", "y", NULL }, 0, 2, 0, "-m, -p and the "
		    "other counts price a workload; not with -g, --key or "
		    "--credits" },
		{ { "-g", "x", "--key", NULL }, 0, COSTOPT_BAD, 0,
		    "--key: not with the other mode's options" },
		{ { "--estimate", NULL }, 0, 2, 0,
		    "--estimate needs -m MODEL" },
		{ { "--estimate", "-m", "x", "-p", "1", NULL }, 0, 2, 0,
		    "--estimate counts the prompt on stdin; not with -p" },
		{ { "-g", "x", NULL }, 1, 2, 0, "files are read only for "
		    "records; not with the other modes' options" },
		{ { "--credits", "-s", NULL }, 0, 2, 0, "-s and --by sum "
		    "records; not with the other modes' options" },
		{ { "--free", NULL }, 0, 2, 0, "the model filters choose "
		    "models for -a; not without it" },
		{ { "-n", "2", NULL }, 0, 2, 0, "-n: only with -a" },
		{ { "--key", "--wait", "3", NULL }, 0, 2, 0,
		    "--wait: only with -g" },
		{ { "-g", "x", "--wait", "3", NULL }, 0, 0, CM_GEN, NULL },
		{ { "--round", "99", NULL }, 0, COSTOPT_BAD, 0,
		    "--round: a number of places from 0 to 24, not 99" },
		{ { "--by", "week", NULL }, 0, COSTOPT_BAD, 0,
		    "--by: model, day or provider, not week" },
	};
	struct costopt c;
	struct or_error e;
	size_t i;
	int st;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&e, 0, sizeof e);
		st = check(t[i].argv, t[i].nfiles, &c, &e);
		is_int(st, t[i].st, "case %zu: status", i);
		if (t[i].msg)
			is_str(e.msg, t[i].msg, "case %zu: why", i);
		else
			is_int(c.mode, t[i].mode, "case %zu: mode", i);
		costopt_free(&c);
	}
}

/* A pipe's read end holding s. */
static int
pipe_of(const char *s)
{
	int fd[2];

	if (pipe(fd) == -1 || write(fd[1], s, strlen(s)) != (ssize_t)strlen(s))
		abort();
	close(fd[1]);
	return fd[0];
}

struct seen {
	int	 n;
	char	 ids[256];
};

static void
each(void *ctx, const struct ledger_item *it)
{
	struct seen *s = ctx;
	size_t k = strlen(s->ids);

	s->n++;
	snprintf(s->ids + k, sizeof s->ids - k, "%s ", it->id);
}

static const char records[] =
    "{\"model\":\"" GPT4O "\",\"prompt_tokens\":1000,"
    "\"completion_tokens\":100}\n"
    "{\"model\":\"no/such\",\"prompt_tokens\":1,\"completion_tokens\":1}\n";

static void
test_ledger(struct catalog *cat)
{
	struct ledger *l;
	struct or_error e;
	struct seen s;
	int fd;

	memset(&s, 0, sizeof s);
	l = ledger_new(cat, LB_NONE, each, &s);
	fd = pipe_of(records);
	is_int(ledger_read(l, fd, "t", &e), 0, "ledger_read: 0");
	close(fd);
	is_int(s.n, 2, "each record seen");
	is_str(s.ids, GPT4O " no/such ", "in order, ids as priced");
	is_int(ledger_status(l), OR_EX_NEGATIVE, "a model not in the catalog: 1");
	is_int(ledger_all(l)->records, 2, "both counted");
	is_int(ledger_all(l)->ncost, 1, "one priced");
	is_int(ledger_read(l, -1, "bad", &e), EX_NOINPUT,
	    "an unreadable fd: 66");
	ok(strncmp(e.msg, "bad: ", 5) == 0, "with e naming it: %s", e.msg);
	is_int(ledger_status(l), OR_EX_NEGATIVE, "the records' status stays");
	ledger_free(l);
}

/* The rows of records (by, sum) as costout writes them. */
static char *
rows(struct catalog *cat, int json, enum ledger_by by, int sum)
{
	struct costout o;
	struct ledger *l;
	struct or_error e;
	const struct ledger_total *g;
	char *p = NULL;
	size_t len = 0, i, n;
	FILE *fp = open_memstream(&p, &len);
	int fd = pipe_of(records);

	costout_init(&o, fp);
	o.json = json;
	l = ledger_new(cat, by, by == LB_NONE && !sum ? costout_record : NULL,
	    &o);
	costout_records_begin(&o, by, sum);
	ledger_read(l, fd, "t", &e);
	close(fd);
	if (by != LB_NONE) {
		g = ledger_groups(l, &n);
		for (i = 0; i < n; i++)
			costout_total(&o, &g[i]);
	} else if (sum)
		costout_total(&o, ledger_all(l));
	costout_records_end(&o);
	costout_free(&o);
	ledger_free(l);
	fclose(fp);
	return p;
}

static void
test_rows(struct catalog *cat)
{
	const struct cat_model *m = catalog_find(cat, GPT4O);
	struct cost_usage u = { 1000, 100, 0, 0, 0, 0, 0, 1 };
	struct costout o;
	char a[COSTOUT_AMOUNTSIZE], *p = NULL, *s;
	size_t len = 0;
	money_t v;
	FILE *fp;

	ok(m != NULL, "the model is in the catalog");
	if (m == NULL)
		return;
	fp = open_memstream(&p, &len);
	costout_init(&o, fp);
	money_parse("0.0035", 6, &v);
	costout_workload(&o, m, &u, v, 0);
	o.json = 1;
	costout_workload(&o, m, &u, v, 1);
	o.dollars = 1;
	o.round = 2;
	is_str(costout_amount(&o, v, 0, a, sizeof a), "$0", "rounded, $");
	is_str(costout_amount(&o, v, 1, a, sizeof a), "0", "no $ in JSON");
	costout_free(&o);
	fclose(fp);
	is_str(p, "0.0035\n{\"model\":\"" GPT4O "\",\"estimate\":true,"
	    "\"prompt_tokens\":1000,\"completion_tokens\":100,"
	    "\"cached_tokens\":0,\"cache_write_tokens\":0,"
	    "\"cache_write_1h_tokens\":0,\"images\":0,\"searches\":0,"
	    "\"requests\":1,\"context_length\":128000,\"cost\":0.0035}\n",
	    "a workload: a line, then JSON");
	free(p);

	is_str(s = rows(cat, 0, LB_NONE, 0), "0.0035\t-\t" GPT4O
	    "\t1000\t100\n-\t-\tno/such\t1\t1\n", "records as TSV");
	free(s);
	is_str(s = rows(cat, 2, LB_NONE, 0), "{\"line\":1,\"model\":\""
	    GPT4O "\",\"prompt_tokens\":1000,\"completion_tokens\":100,"
	    "\"cost\":0.0035,\"billed\":null}\n{\"line\":2,\"model\":"
	    "\"no/such\",\"prompt_tokens\":1,\"completion_tokens\":1,"
	    "\"cost\":null,\"billed\":null}\n", "records as JSON Lines");
	free(s);
	is_str(s = rows(cat, 1, LB_NONE, 1), "{\"records\":2,"
	    "\"prompt_tokens\":1001,\"completion_tokens\":101,"
	    "\"cost\":0.0035,\"billed\":null}\n", "-s --json: one object");
	free(s);
	is_str(s = rows(cat, 1, LB_MODEL, 1), "[\n{\"model\":\"no/such\","
	    "\"records\":1,\"prompt_tokens\":1,\"completion_tokens\":1,"
	    "\"cost\":null,\"billed\":null},\n{\"model\":\"" GPT4O "\","
	    "\"records\":1,\"prompt_tokens\":1000,\"completion_tokens\":100,"
	    "\"cost\":0.0035,\"billed\":null}\n]\n",
	    "-s --by model --json: the groups (it used to crash)");
	free(s);
}

int
main(void)
{
	struct catalog *cat;
	struct or_error e;
	struct opts o;

	test_modes();
	opts_init(&o);
	if (catalog_open(&o, CAT, CAT_QUIET, &cat, &e) != 0) {
		ok(0, "open %s: %s", CAT, e.msg);
		return tap_done();
	}
	/* The ledger warns about no/such on stderr: keep the TAP clean. */
	if (freopen("/dev/null", "w", stderr) == NULL)
		ok(0, "stderr to /dev/null");
	test_ledger(cat);
	test_rows(cat);
	catalog_close(cat);
	return tap_done();
}
