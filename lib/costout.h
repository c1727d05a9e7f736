/*
 * costout: orcost's output -- a workload's cost, the cheapest models,
 * records and their totals, the account's values -- as a line, an aligned
 * table, tab-separated rows, or JSON (an array or JSON Lines).
 *
 * Amounts are exact decimals, rounded half up when asked, with "$" before
 * them for a person (never in JSON).  JSON objects are written with jw into
 * one buffer reused from row to row, so a row has no size limit and a
 * ledger of any length is written with no allocation per record.
 */
#ifndef COSTOUT_H
#define COSTOUT_H

#include <stddef.h>
#include <stdio.h>

#include "account.h"
#include "activity.h"
#include "catalog.h"
#include "chart.h"
#include "cost.h"
#include "costprov.h"
#include "ledger.h"
#include "money.h"
#include "table.h"
#include "util.h"

/* What the bars of a --by day chart measure (--chart MEASURE). */
enum costout_measure { COM_COST, COM_PROMPT, COM_COMPLETION, COM_REQUESTS };

/* Big enough for any amount costout_amount writes. */
#define COSTOUT_AMOUNTSIZE	64

struct costout {
	/* Settings: set after costout_init, before the first row. */
	int		 round;		/* decimal places, or -1 */
	int		 dollars;	/* "$1.73" rather than "1.73" */
	int		 human;		/* aligned tables, counts as 128,000 */
	int		 json;		/* JSON: 1 an array, 2 JSON Lines */
	int		 chart;		/* --by day totals as bars (not json) */
	enum costout_measure measure;	/* ...of this */
	int		 width;		/* ...in this many columns */
	enum chart_style style;

	/* The rest is costout's own. */
	FILE		*fp;
	struct table	*t;
	struct table_json j;
	int		 injson;	/* between table_json_begin and end */
	const char	*keyname;	/* of the groups' key: "model", ... */
	struct buf	 b;		/* one JSON row */
	struct chart_row *cv;		/* the chart's rows, strings owned */
	size_t		 cn, ccap;
};

/* Write to fp, with the defaults: as computed, no "$", tab-separated. */
void	 costout_init(struct costout *, FILE *fp);
/* Free what costout_init and the rows took (a table left open too). */
void	 costout_free(struct costout *);

/*
 * v as printed: rounded as asked, with "$" for a person unless json; "-"
 * when rounding would overflow.  Returns buf (size COSTOUT_AMOUNTSIZE).
 */
const char *costout_amount(const struct costout *, money_t v, int json,
	    char *buf, size_t size);

/*
 * One workload's cost: the amount on a line, or (JSON) one object with
 * the model, the counts of u and the cost; estimate adds "estimate":true
 * and the model's context length.
 */
void	 costout_workload(struct costout *, const struct cat_model *,
	    const struct cost_usage *u, money_t cost, int estimate);

/*
 * The cheapest models for a workload of prompt tokens: costout_cheap_begin,
 * one costout_cheap per model (cheapest first), costout_cheap_end.
 */
void	 costout_cheap_begin(struct costout *);
void	 costout_cheap(struct costout *, const struct cat_model *,
	    long long prompt, money_t cost);
void	 costout_cheap_end(struct costout *);

/*
 * A workload at each endpoint of model (--providers): costout_prov_begin,
 * one costout_prov per endpoint (costprov_rank's order), costout_prov_end.
 * A cost that is not known is "variable" or "unknown" (null in JSON, with
 * "price" saying which), never 0.
 */
void	 costout_prov_begin(struct costout *);
void	 costout_prov(struct costout *, const char *model,
	    const struct costprov *);
void	 costout_prov_end(struct costout *);

/*
 * Records and totals.  costout_records_begin says what will follow: each
 * record (costout_record, a ledger_new callback) when neither by nor sum;
 * one total per group (costout_total) when by; one total of all when sum.
 * costout_records_end finishes the table or the JSON array.
 */
void	 costout_records_begin(struct costout *, enum ledger_by by, int sum);
void	 costout_record(void *costout, const struct ledger_item *);
void	 costout_total(struct costout *, const struct ledger_total *);
void	 costout_records_end(struct costout *);

/*
 * Totals alone, of records or of /activity rows: the n groups of g (by
 * day, model or provider) or, when by is LB_NONE, g[0], the total of all.
 * The one place --by and -s are printed, so a ledger's and /activity's
 * line up column for column: COST BILLED KEY PROMPT COMPLETION RECORDS.
 */
void	 costout_totals(struct costout *, enum ledger_by by,
	    const struct ledger_total *g, size_t n);

/*
 * /activity's rows, as the answer gave them: USAGE BYOK DAY MODEL
 * PROVIDER REQUESTS PROMPT COMPLETION REASONING (a field not given is
 * "-"), or JSON objects with the API's own names (null when not given).
 */
void	 costout_activity(struct costout *, const struct act_list *);

/* The account's values: a FIELD VALUE table, or its JSON answer. */
void	 costout_account(struct costout *, const struct acct *);

#endif
