/*
 * ormodels -- the model catalog: list and filter the models OpenRouter
 * offers, describe one as its page does, and show the providers that serve
 * it with their prices and health.
 *
 * Guarantees: prices are exact decimals per million tokens, never binary
 * floating point; on a terminal a table with a header, in a pipe tab-
 * separated rows and nothing else; exit 1 when nothing matched, like grep.
 * A look-up from a warm cache reads a compact index, parses no JSON and
 * never loads libcurl (lib/catalog.c); only a fetch does.
 */
#include <err.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "catalog.h"
#include "chart.h"
#include "endpoints.h"
#include "error.h"
#include "history.h"
#include "mfilter.h"
#include "mview.h"
#include "opts.h"
#include "table.h"
#include "util.h"

enum mode { M_LIST, M_CARD, M_ENDPOINTS, M_CHANGES, M_DIFF };
enum format { F_AUTO, F_TABLE, F_TSV, F_JSON, F_JSONL };

enum { OPT_JSON = OPT_CMD, OPT_JSONL, OPT_SORT, OPT_TABLE, OPT_TSV,
    OPT_WITHDRAWN, OPT_ALL, OPT_CHANGES, OPT_DIFF };

static const char default_columns[] = MVIEW_DEFAULT_COLUMNS;

struct run {
	enum mode	 mode;
	enum format	 format;
	int		 human;		/* a table for a person */
	int		 colour;
	int		 named;		/* models were named (operands, "-") */
	const char	*sort;		/* --sort, read once the mode is set */
	const char	*columns;	/* -o */
	int		 reverse;
	int		 withdrawn;	/* 1 --withdrawn only, 2 --all */
	enum mview_col	 cols[MVIEW_MAXCOLS];
	size_t		 ncols;
	struct mfilter f;
	int		 nfilters;
	struct mfilter_catopts cat;
	struct opts	 o;
};

static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs("usage: ormodels [options] [PATTERN...]\n"
	    "       ormodels -l [options] [MODEL...]\n"
	    "       ormodels -e [options] MODEL\n"
	    "       ormodels --changes [--since DATE] | --diff OLD NEW\n"
	    "List, filter and describe the models OpenRouter offers.\n"
	    "PATTERNs match ids and names (case ignored; all must match);\n"
	    "\"-\" reads ids or patterns from standard input, one a line.\n\n"
	    "  -l, --long               describe each model, as its page does\n"
	    "  -e, --endpoints          the providers serving MODEL: prices,\n"
	    "                           uptime, latency, throughput, status;\n"
	    "                           bars of price and uptime on a "
	    "terminal\n"
	    "  -o, --columns LIST       the columns to list (default "
	    MVIEW_DEFAULT_COLUMNS ")\n"
	    "      --sort KEY           id, name, created, context, prompt,\n"
	    "                           completion; with -e: price, uptime,\n"
	    "                           latency, throughput (best first)\n"
	    "  -r, --reverse            the other way round\n"
	    "      --withdrawn          list the withdrawn models instead\n"
	    "      --all                list the withdrawn models too\n"
	    "      --changes            what changed in the catalog, newest "
	    "first\n"
	    "                           (with --since DATE: since that day)\n"
	    "      --diff OLD NEW       what changed from catalog file OLD to "
	    "NEW\n"
	    "      --json               a JSON array of the catalog's records\n"
	    "      --jsonl              one JSON record a line\n"
	    "      --table              an aligned table with a header, even "
	    "in a pipe\n"
	    "      --tsv                tab-separated rows, even on a "
	    "terminal\n"
	    "\n", fp);
	mfilter_usage(fp);
	fputc('\n', fp);
	mfilter_catalog_usage(fp);
	fputc('\n', fp);
	opts_usage(fp);
	fputs("\nColumns for -o:\n", fp);
	mview_columns_usage(fp);
	opts_usage_end(fp, status);
}

/*
 * Listing and cards.  A listing's arguments are patterns that must all
 * match, and the lines read are alternatives: a model is listed when it
 * matches one of them.  Cards are for the models named, in that order, or
 * for every model that passes the filters when none is named.
 */
static int
catalog_cmd(struct run *r, struct mfilter_words *ids)
{
	const struct cat_model **v, **w = NULL;
	struct catalog *c;
	struct or_error e;
	enum mfilter_sort key = MS_ID;
	size_t i, n, nw = 0;
	int st, missing = 0, named;

	if (r->sort && mfilter_sort_parse(r->sort, &key) == -1)
		errx(OR_EX_USAGE, "--sort: id, name, created, context, prompt or "
		    "completion, not %s", r->sort);
	if ((st = catalog_open(&r->o, r->cat.file, r->cat.flags, &c, &e)) != 0)
		errx(st, "%s", e.msg);
	/* The cards of the models named are in the order given. */
	named = r->mode == M_CARD && r->named;
	if (!named)
		nw = archive_listing(c, r->withdrawn, ids->v, ids->n, &w);
	v = xcalloc(catalog_count(c) + nw + ids->n + 1, sizeof v[0]);
	n = mfilter_select(&r->f, c, named ? ids : NULL, v, &missing);
	if (r->withdrawn == 1 && !named)
		n = 0;		/* --withdrawn: those only */
	for (i = 0; i < nw; i++)
		if (mfilter_match(&r->f, w[i]))
			v[n++] = w[i];
	if (!named)
		mfilter_sort(v, n, key, r->reverse);
	if (r->format == F_JSON || r->format == F_JSONL)
		mview_json(stdout, v, n, r->format == F_JSONL);
	else if (r->mode == M_CARD)
		mview_cards(stdout, v, n, r->human, r->colour);
	else
		mview_list(stdout, v, n, r->cols, r->ncols, r->human,
		    r->colour);
	st = n == 0 || missing ? OR_EX_NEGATIVE : 0;
	free(v);
	free(w);
	catalog_close(c);
	return st;
}

/*
 * -e on a terminal (not TERM=dumb) draws short bars, in the locale's
 * style: chart_style(), else -1.
 */
static int
ep_bars_wanted(const struct run *r)
{
	const char *term = getenv("TERM");

	if (!r->human || !isatty(STDOUT_FILENO) || (term != NULL &&
	    strcmp(term, "dumb") == 0))
		return -1;
	return chart_style();
}

static int
endpoints_cmd(struct run *r, struct mfilter_words *ids)
{
	struct ep_list l;
	struct or_error e;
	struct table *t;
	enum ep_sort key = ES_NONE;
	int st;

	if (ids->n != 1)
		errx(OR_EX_USAGE, "-e: one model id, not %zu", ids->n);
	if (r->nfilters)
		errx(OR_EX_USAGE, "-e: the model filters do not apply to "
		    "endpoints");
	if (r->sort && ep_sort_parse(r->sort, &key) == -1)
		errx(OR_EX_USAGE, "--sort: with -e, price, uptime, latency or "
		    "throughput, not %s", r->sort);
	if ((st = ep_get(&r->o, ids->v[0], r->cat.flags, &l, &e)) != 0)
		errx(st, "%s", e.msg);
	ep_sort(&l, key, r->reverse);
	if (r->format == F_JSON || r->format == F_JSONL)
		mview_endpoints_json(stdout, &l, r->format == F_JSONL);
	else if (l.n > 0) {
		t = mview_endpoints(&l, r->human, ep_bars_wanted(r));
		/* Bars only where they fit: never a line longer for them. */
		if (ep_bars_wanted(r) >= 0 && table_linewidth(t) >
		    (size_t)chart_columns(STDOUT_FILENO)) {
			table_free(t);
			t = mview_endpoints(&l, r->human, -1);
		}
		table_write(t, stdout, r->colour);
		table_free(t);
	}
	st = l.n == 0 ? OR_EX_NEGATIVE : 0;
	ep_free(&l);
	return st;
}

/*
 * One of ormodels' own options: 1, or 0 when ch is not one, or -1 for a
 * bad value (e filled).
 */
static int
option(struct run *r, int ch, const char *arg, struct or_error *e)
{
	switch (ch) {
	case 'e':
	case 'l':
		if (r->mode != M_LIST && r->mode != (ch == 'e' ? M_ENDPOINTS :
		    M_CARD))
			errx(OR_EX_USAGE, "-l and -e: one or the other");
		r->mode = ch == 'e' ? M_ENDPOINTS : M_CARD;
		return 1;
	case 'o':
		r->columns = arg;
		return 1;
	case 'r':
		r->reverse = 1;
		return 1;
	case OPT_JSON:
	case OPT_JSONL:
	case OPT_TABLE:
	case OPT_TSV:
		/* One output format; the last one given wins. */
		r->format = ch == OPT_JSON ? F_JSON : ch == OPT_JSONL ?
		    F_JSONL : ch == OPT_TABLE ? F_TABLE : F_TSV;
		return 1;
	case OPT_SORT:
		r->sort = arg;
		return 1;
	case OPT_WITHDRAWN:
	case OPT_ALL:
		r->withdrawn = ch == OPT_WITHDRAWN ? 1 : 2;
		return 1;
	case OPT_CHANGES:
	case OPT_DIFF:
		r->mode = ch == OPT_CHANGES ? M_CHANGES : M_DIFF;
		return 1;
	}
	switch (mfilter_opt(&r->f, ch, arg, e)) {
	case -1:
		return -1;
	case 1:
		r->nfilters++;
		return 1;
	}
	return mfilter_catalog_opt(&r->cat, ch, arg);
}

/* Check the options together, and settle the columns and the output. */
static void
settle(struct run *r)
{
	const char *nc;
	char why[128];
	int n, tty;

	if ((r->cat.flags & CAT_REFRESH) && (r->cat.flags & CAT_OFFLINE))
		errx(OR_EX_USAGE, "--refresh and --offline: one or the other");
	if (r->columns != default_columns && r->mode != M_LIST)
		errx(OR_EX_USAGE, "-o: only a listing has columns");
	if ((n = mview_columns(r->columns, r->cols, MVIEW_MAXCOLS, why,
	    sizeof why)) == -1)
		errx(OR_EX_USAGE, "-o: %s", why);
	r->ncols = n;
	tty = isatty(STDOUT_FILENO);
	r->human = r->format == F_TABLE || (r->format == F_AUTO && tty);
	/* The width of characters, for a person's table only (table_width):
	 * a pipe's bytes do not depend on the locale, nor pay to load it. */
	if (r->human)
		setlocale(LC_CTYPE, "");
	nc = getenv("NO_COLOR");
	r->colour = r->human && tty && (nc == NULL || *nc == '\0');
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		MFILTER_LONGOPTS,
		MFILTER_CATALOG_LONGOPTS,
		{ "all",	no_argument,	   NULL, OPT_ALL },
		{ "changes",	no_argument,	   NULL, OPT_CHANGES },
		{ "columns",	required_argument, NULL, 'o' },
		{ "diff",	no_argument,	   NULL, OPT_DIFF },
		{ "endpoints",	no_argument,	   NULL, 'e' },
		{ "json",	no_argument,	   NULL, OPT_JSON },
		{ "jsonl",	no_argument,	   NULL, OPT_JSONL },
		{ "long",	no_argument,	   NULL, 'l' },
		{ "reverse",	no_argument,	   NULL, 'r' },
		{ "sort",	required_argument, NULL, OPT_SORT },
		{ "table",	no_argument,	   NULL, OPT_TABLE },
		{ "tsv",	no_argument,	   NULL, OPT_TSV },
		{ "withdrawn",	no_argument,	   NULL, OPT_WITHDRAWN },
		{ NULL, 0, NULL, 0 }
	};
	static struct run r;
	struct mfilter_words all = { NULL, 0 }, args = { NULL, 0 };
	struct mfilter_words in = { NULL, 0 };
	struct or_error e;
	enum hist_format hf;
	int ch, dash, n, status;

	opts_init(&r.o);
	mfilter_init(&r.f);
	r.columns = default_columns;
	while ((ch = opts_next(argc, argv, OPTS_SHORT "elo:r", longopts)) !=
	    -1) {
		if ((n = option(&r, ch, optarg, &e)) == 0)
			n = opts_handle(&r.o, ch, optarg, usage, &e);
		if (n == -1)
			errx(e.exit, "%s", e.msg);
		if (n == 0)
			usage(stderr, OR_EX_USAGE);
	}
	settle(&r);
	if ((dash = mfilter_operands(argc - optind, argv + optind, &all,
	    &args, &in, &e)) == -1)
		errx(e.exit, "%s", e.msg);
	r.named = all.n > 0 || dash;
	if (r.mode == M_LIST) {
		r.f.pat = args;
		r.f.any = in;
		r.f.have_any = dash;
	} else {
		mfilter_words_free(&args);
		mfilter_words_free(&in);
	}
	if (r.mode == M_DIFF && all.n != 2)
		errx(OR_EX_USAGE, "--diff: two catalog files, OLD and NEW");
	hf = r.format == F_JSON ? HF_JSON : r.format == F_JSONL ? HF_JSONL :
	    r.human ? HF_TABLE : HF_TSV;
	status = r.mode == M_DIFF ? hist_diff_cmd(all.v[0], all.v[1], hf,
	    r.colour) : r.mode == M_CHANGES ? hist_changes_cmd(r.f.since, hf,
	    r.colour) : r.mode == M_ENDPOINTS ? endpoints_cmd(&r, &all) :
	    catalog_cmd(&r, &all);
	mfilter_free(&r.f);
	mfilter_words_free(&all);
	return out_close(stdout) ? EX_IOERR : status;
}
