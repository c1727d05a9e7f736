/*
 * costout: orcost's rows as lines, tables or JSON (see costout.h).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "activity.h"
#include "catalog.h"
#include "chart.h"
#include "costout.h"
#include "cost.h"
#include "costprov.h"
#include "endpoints.h"
#include "jw.h"
#include "ledger.h"
#include "money.h"
#include "mview.h"
#include "table.h"
#include "util.h"

void
costout_init(struct costout *o, FILE *fp)
{
	memset(o, 0, sizeof *o);
	o->fp = fp;
	o->round = -1;
	buf_init(&o->b, 0);
}

void
costout_free(struct costout *o)
{
	size_t i;

	table_free(o->t);
	o->t = NULL;
	buf_free(&o->b);
	for (i = 0; i < o->cn; i++) {
		free((char *)o->cv[i].label);
		free((char *)o->cv[i].text);
	}
	free(o->cv);
	o->cv = NULL;
	o->cn = o->ccap = 0;
}

const char *
costout_amount(const struct costout *o, money_t v, int json, char *buf,
    size_t size)
{
	char tmp[MONEY_FMTSIZE];

	if (o->round >= 0 && money_round(v, o->round, &v) < 0)
		return "-";
	if (!o->dollars || json)
		return money_fmt(v, buf, size);
	money_fmt(v, tmp, sizeof tmp);
	snprintf(buf, size, "$%s", tmp);
	return buf;
}

/* A new JSON row in o->b. */
static void
row(struct costout *o, struct jw *w)
{
	o->b.len = 0;
	jw_init(w, &o->b);
	jw_obj(w);
}

/* An amount as a member: the number, or null when there is none. */
static void
kamount(struct costout *o, struct jw *w, const char *key, int have,
    money_t v)
{
	char a[COSTOUT_AMOUNTSIZE];

	jw_key(w, key);
	if (have) {
		/* As text: "-" if rounding overflowed, as the table says. */
		costout_amount(o, v, 1, a, sizeof a);
		jw_raw(w, a, strlen(a));
	} else
		jw_null(w);
}

/* The row in o->b, ended: to the JSON array or lines, else on a line. */
static void
row_end(struct costout *o, struct jw *w)
{
	jw_end(w);
	if (o->injson)
		table_json_put(&o->j, o->b.p, o->b.len);
	else {
		fwrite(o->b.p, 1, o->b.len, o->fp);
		putc('\n', o->fp);
	}
}

static void
json_begin(struct costout *o)
{
	table_json_begin(&o->j, o->fp, o->json == 2);
	o->injson = 1;
}

static void
json_end(struct costout *o)
{
	if (o->injson)
		table_json_end(&o->j);
	o->injson = 0;
}

/* Write the table, if there is one, and free it. */
static void
table_end(struct costout *o)
{
	if (o->t == NULL)
		return;
	table_write(o->t, o->fp, 0);
	table_free(o->t);
	o->t = NULL;
}

/* ---- one workload ------------------------------------------------------- */

void
costout_workload(struct costout *o, const struct cat_model *m,
    const struct cost_usage *u, money_t cost, int estimate)
{
	char a[COSTOUT_AMOUNTSIZE];
	struct jw w;

	if (!o->json) {
		fprintf(o->fp, "%s\n", costout_amount(o, cost, 0, a,
		    sizeof a));
		return;
	}
	row(o, &w);
	jw_kstr(&w, "model", m->id, strlen(m->id));
	if (estimate) {
		jw_key(&w, "estimate");
		jw_bool(&w, 1);
	}
	jw_kint(&w, "prompt_tokens", u->prompt);
	jw_kint(&w, "completion_tokens", u->completion);
	jw_kint(&w, "cached_tokens", u->cached);
	jw_kint(&w, "cache_write_tokens", u->cache_write);
	jw_kint(&w, "cache_write_1h_tokens", u->cache_write_1h);
	jw_kint(&w, "images", u->images);
	jw_kint(&w, "searches", u->searches);
	jw_kint(&w, "requests", u->requests);
	if (estimate && m->context_length >= 0)
		jw_kint(&w, "context_length", m->context_length);
	kamount(o, &w, "cost", 1, cost);
	row_end(o, &w);
}

/* ---- the cheapest ------------------------------------------------------- */

void
costout_cheap_begin(struct costout *o)
{
	static const char *const heads[] = {
		"COST", "MODEL", "CONTEXT", "PROMPT $/M", "COMPLETION $/M"
	};
	static const unsigned flags[] = { TABLE_RIGHT, 0, TABLE_RIGHT,
		TABLE_RIGHT, TABLE_RIGHT };

	if (o->json) {
		json_begin(o);
		return;
	}
	o->t = table_new(5, heads, flags, o->human);
	table_stream(o->t, o->fp);
}

void
costout_cheap(struct costout *o, const struct cat_model *m,
    long long prompt, money_t cost)
{
	struct cat_price p;
	struct jw w;
	const char *cells[5];
	char a[COSTOUT_AMOUNTSIZE], ctx[32], pp[64], cp[64];

	if (o->json) {
		row(o, &w);
		jw_kstr(&w, "model", m->id, strlen(m->id));
		kamount(o, &w, "cost", 1, cost);
		jw_kint(&w, "context_length", m->context_length);
		row_end(o, &w);
		return;
	}
	catalog_price_for(m, prompt, &p);
	cells[0] = costout_amount(o, cost, 0, a, sizeof a);
	cells[1] = m->id;
	cells[2] = table_count(m->context_length, o->human, ctx, sizeof ctx);
	cells[3] = mview_price(&p, CP_PROMPT, pp, sizeof pp);
	cells[4] = mview_price(&p, CP_COMPLETION, cp, sizeof cp);
	table_add(o->t, cells);
}

void
costout_cheap_end(struct costout *o)
{
	table_end(o);
	json_end(o);
}

/* ---- the providers ------------------------------------------------------ */

void
costout_prov_begin(struct costout *o)
{
	static const char *const heads[] = {
		"COST", "PROVIDER", "TAG", "PROMPT $/M", "COMPLETION $/M",
		"UPTIME 30M %", "LATENCY MS"
	};
	static const unsigned flags[] = { TABLE_RIGHT, 0, 0, TABLE_RIGHT,
		TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT };

	if (o->json) {
		json_begin(o);
		return;
	}
	o->t = table_new(7, heads, flags, o->human);
	table_stream(o->t, o->fp);
}

/* A health figure as a member: its number as the API wrote it, or null. */
static void
kfigure(struct jw *w, const char *key, const char *fig)
{
	jw_key(w, key);
	if (fig[0])
		jw_copy(w, fig, strlen(fig), JW_COMPACT);
	else
		jw_null(w);
}

/* An endpoint's price per million as a cell; "-" when it has none. */
static const char *
prov_price(const struct cat_price *p, int field, char *buf, size_t size)
{
	if (!(p->have & (1u << field)))
		return "-";
	return mview_price(p, field, buf, size);
}

void
costout_prov(struct costout *o, const char *model, const struct costprov *r)
{
	const struct ep *e = r->ep;
	const char *cells[7];
	char a[COSTOUT_AMOUNTSIZE], prov[128], tag[128], pp[64], cp[64];
	struct jw w;

	if (o->json) {
		row(o, &w);
		jw_kstr(&w, "model", model, strlen(model));
		jw_kstr(&w, "provider", e->provider, strlen(e->provider));
		jw_key(&w, "tag");
		if (e->tag[0])
			jw_str(&w, e->tag, strlen(e->tag));
		else
			jw_null(&w);
		kamount(o, &w, "cost", r->state == CPV_EXACT, r->cost);
		jw_kstr(&w, "price", costprov_state_name(r->state),
		    strlen(costprov_state_name(r->state)));
		if (r->state != CPV_EXACT)
			jw_kstr(&w, "why", r->why, strlen(r->why));
		kfigure(&w, "uptime_last_30m", e->uptime);
		kfigure(&w, "latency_last_30m", e->latency);
		row_end(o, &w);
		return;
	}
	cells[0] = r->state == CPV_EXACT ? costout_amount(o, r->cost, 0, a,
	    sizeof a) : costprov_state_name(r->state);
	cells[1] = e->provider[0] ? sanitize(prov, sizeof prov, e->provider,
	    strlen(e->provider)) : "-";
	cells[2] = e->tag[0] ? sanitize(tag, sizeof tag, e->tag,
	    strlen(e->tag)) : "-";
	cells[3] = prov_price(&e->price, CP_PROMPT, pp, sizeof pp);
	cells[4] = prov_price(&e->price, CP_COMPLETION, cp, sizeof cp);
	cells[5] = e->uptime[0] ? e->uptime : "-";
	cells[6] = e->latency[0] ? e->latency : "-";
	table_add(o->t, cells);
}

void
costout_prov_end(struct costout *o)
{
	table_end(o);
	json_end(o);
}

/* ---- the chart of --by day ---------------------------------------------- */

/* A row of the chart, its strings copied. */
static void
chart_add(struct costout *o, const char *label, long long value,
    const char *text)
{
	if (o->cn == o->ccap) {
		o->ccap = o->ccap ? o->ccap * 2 : 32;
		o->cv = xrealloc(o->cv, o->ccap * sizeof o->cv[0]);
	}
	o->cv[o->cn].label = xstrdup(label);
	o->cv[o->cn].value = value;
	o->cv[o->cn].text = xstrdup(text);
	o->cn++;
}

/* The header: the key's name and the measure's, with no bar. */
static void
chart_begin(struct costout *o)
{
	static const char *const heads[] = { "COST", "PROMPT", "COMPLETION",
		"REQUESTS" };

	chart_add(o, "DAY", 0, heads[o->measure]);
}

/*
 * An amount as a bar's value: in millionths of a millionth of a dollar,
 * which a long long holds up to millions of dollars; an amount above 0
 * stays above 0, one too large is the largest.
 */
static long long
chart_money(money_t v)
{
	const money_t unit = (money_t)1000000000000LL;	/* 1e-12 USD */
	money_t q;

	if (v <= 0)
		return 0;
	q = v / unit;
	if (q > (money_t)LLONG_MAX)
		return LLONG_MAX;
	return q > 0 ? (long long)q : 1;
}

/* A day: the measure as a bar's value and as exact text. */
static void
chart_total(struct costout *o, const struct ledger_total *t)
{
	char a[COSTOUT_AMOUNTSIZE];
	long long v;
	money_t r;

	if (o->measure == COM_COST) {
		/* The bar of the amount printed: rounded when that is. */
		r = t->cost;
		if (o->round >= 0 && money_round(t->cost, o->round, &r) < 0)
			r = t->cost;
		if (t->ncost > 0)
			chart_add(o, t->key, chart_money(r),
			    costout_amount(o, t->cost, 0, a, sizeof a));
		else
			chart_add(o, t->key, 0, "-");
		return;
	}
	v = o->measure == COM_PROMPT ? t->prompt : o->measure ==
	    COM_COMPLETION ? t->completion : t->records;
	chart_add(o, t->key, v, table_count(v, 1, a, sizeof a));
}

static void
chart_rows_write(struct costout *o)
{
	chart_write(o->fp, o->cv, o->cn, o->width, o->style);
}

/* ---- records and totals ------------------------------------------------- */

void
costout_records_begin(struct costout *o, enum ledger_by by, int sum)
{
	static const char *const bynames[] = { NULL, "model", "day",
		"provider" };
	static const unsigned flags[] = { TABLE_RIGHT, TABLE_RIGHT, 0,
		TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT };
	const char *h[6] = {
		"COST", "BILLED", "MODEL", "PROMPT", "COMPLETION", "RECORDS"
	};

	o->keyname = bynames[by];
	if (o->chart && (by != LB_DAY || o->json))
		o->chart = 0;	/* costopt allows neither; be sure */
	if (o->chart) {
		chart_begin(o);
		return;
	}
	if (by == LB_DAY)
		h[2] = "DAY";
	else if (by == LB_PROVIDER)
		h[2] = "PROVIDER";
	/* With --by, -s changes nothing: the groups are totals already. */
	if (o->json) {
		if (by != LB_NONE || !sum)
			json_begin(o);
	} else if (by != LB_NONE) {
		o->t = table_new(6, h, flags, o->human);
		table_stream(o->t, o->fp);
	} else if (o->human && !sum)
		o->t = table_new(5, h, flags, 1);
}

void
costout_record(void *ctx, const struct ledger_item *it)
{
	struct costout *o = ctx;
	const struct cost_rec *rec = it->rec;
	struct jw w;
	const char *cells[5];
	char c[COSTOUT_AMOUNTSIZE], b[COSTOUT_AMOUNTSIZE], p[32], q[32];

	if (o->json) {
		row(o, &w);
		jw_kint(&w, "line", rec->line);
		jw_kstr(&w, "model", it->id, strlen(it->id));
		jw_kint(&w, "prompt_tokens", rec->u.prompt);
		jw_kint(&w, "completion_tokens", rec->u.completion);
		kamount(o, &w, "cost", it->have_cost, it->cost);
		kamount(o, &w, "billed", rec->have_billed, rec->billed);
		row_end(o, &w);
		return;
	}
	cells[0] = it->have_cost ? costout_amount(o, it->cost, 0, c,
	    sizeof c) : "-";
	cells[1] = rec->have_billed ? costout_amount(o, rec->billed, 0, b,
	    sizeof b) : "-";
	if (o->t == NULL) {
		fprintf(o->fp, "%s\t%s\t%s\t%lld\t%lld\n", cells[0], cells[1],
		    it->id, rec->u.prompt, rec->u.completion);
		return;
	}
	cells[2] = it->id;
	cells[3] = table_count(rec->u.prompt, 1, p, sizeof p);
	cells[4] = table_count(rec->u.completion, 1, q, sizeof q);
	table_add(o->t, cells);
}

void
costout_total(struct costout *o, const struct ledger_total *t)
{
	struct jw w;
	const char *cells[6];
	char c[COSTOUT_AMOUNTSIZE], b[COSTOUT_AMOUNTSIZE], p[32], q[32];
	char n[32];

	if (o->chart) {
		chart_total(o, t);
		return;
	}
	if (o->json) {
		row(o, &w);
		if (o->keyname)
			jw_kstr(&w, o->keyname, t->key, strlen(t->key));
		jw_kint(&w, "records", t->records);
		jw_kint(&w, "prompt_tokens", t->prompt);
		jw_kint(&w, "completion_tokens", t->completion);
		kamount(o, &w, "cost", t->ncost > 0, t->cost);
		kamount(o, &w, "billed", t->nbilled > 0, t->billed);
		row_end(o, &w);
		return;
	}
	cells[0] = t->ncost > 0 ? costout_amount(o, t->cost, 0, c, sizeof c) :
	    "-";
	cells[1] = t->nbilled > 0 ? costout_amount(o, t->billed, 0, b,
	    sizeof b) : "-";
	if (o->keyname == NULL) {
		fprintf(o->fp, "%s\t%s\n", cells[0], cells[1]);
		return;
	}
	cells[2] = t->key;
	cells[3] = table_count(t->prompt, o->human, p, sizeof p);
	cells[4] = table_count(t->completion, o->human, q, sizeof q);
	cells[5] = table_count(t->records, o->human, n, sizeof n);
	table_add(o->t, cells);
}

void
costout_records_end(struct costout *o)
{
	if (o->chart)
		chart_rows_write(o);
	table_end(o);
	json_end(o);
}

void
costout_totals(struct costout *o, enum ledger_by by,
    const struct ledger_total *g, size_t n)
{
	size_t i;

	costout_records_begin(o, by, by == LB_NONE);
	for (i = 0; i < n; i++)
		costout_total(o, &g[i]);
	costout_records_end(o);
}

/* ---- /activity ---------------------------------------------------------- */

/* A count, or "-" (JSON: null) when the row did not give it. */
static const char *
act_count(const struct costout *o, const struct act_row *r, unsigned bit,
    long long v, char *buf, size_t size)
{
	return r->have & bit ? table_count(v, o->human, buf, size) : "-";
}

static void
act_kcount(struct jw *w, const char *key, const struct act_row *r,
    unsigned bit, long long v)
{
	if (r->have & bit)
		jw_kint(w, key, v);
	else {
		jw_key(w, key);
		jw_null(w);
	}
}

static void
act_kstr(struct jw *w, const char *key, const char *s)
{
	if (*s)
		jw_kstr(w, key, s, strlen(s));
	else {
		jw_key(w, key);
		jw_null(w);
	}
}

static void
act_json(struct costout *o, const struct act_row *r)
{
	struct jw w;

	row(o, &w);
	act_kstr(&w, "date", r->date);
	act_kstr(&w, "model", r->model);
	act_kstr(&w, "model_permaslug", r->permaslug);
	act_kstr(&w, "endpoint_id", r->endpoint);
	act_kstr(&w, "provider_name", r->provider);
	kamount(o, &w, "usage", (r->have & AF_USAGE) != 0, r->usage);
	kamount(o, &w, "byok_usage_inference", (r->have & AF_BYOK) != 0,
	    r->byok);
	act_kcount(&w, "requests", r, AF_REQUESTS, r->requests);
	act_kcount(&w, "prompt_tokens", r, AF_PROMPT, r->prompt);
	act_kcount(&w, "completion_tokens", r, AF_COMPLETION, r->completion);
	act_kcount(&w, "reasoning_tokens", r, AF_REASONING, r->reasoning);
	row_end(o, &w);
}

void
costout_activity(struct costout *o, const struct act_list *l)
{
	static const char *const heads[] = {
		"USAGE", "BYOK", "DAY", "MODEL", "PROVIDER", "REQUESTS",
		"PROMPT", "COMPLETION", "REASONING"
	};
	static const unsigned flags[] = { TABLE_RIGHT, TABLE_RIGHT, 0, 0, 0,
		TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT };
	const struct act_row *r;
	const char *cells[9];
	char u[COSTOUT_AMOUNTSIZE], b[COSTOUT_AMOUNTSIZE], n[32], p[32],
	    c[32], x[32];
	size_t i;

	if (o->json)
		json_begin(o);
	else {
		o->t = table_new(9, heads, flags, o->human);
		table_stream(o->t, o->fp);
	}
	for (i = 0; i < l->n; i++) {
		r = &l->v[i];
		if (o->json) {
			act_json(o, r);
			continue;
		}
		cells[0] = r->have & AF_USAGE ? costout_amount(o, r->usage, 0,
		    u, sizeof u) : "-";
		cells[1] = r->have & AF_BYOK ? costout_amount(o, r->byok, 0,
		    b, sizeof b) : "-";
		cells[2] = *r->date ? r->date : "-";
		cells[3] = *r->model ? r->model : "-";
		cells[4] = *r->provider ? r->provider : "-";
		cells[5] = act_count(o, r, AF_REQUESTS, r->requests, n,
		    sizeof n);
		cells[6] = act_count(o, r, AF_PROMPT, r->prompt, p, sizeof p);
		cells[7] = act_count(o, r, AF_COMPLETION, r->completion, c,
		    sizeof c);
		cells[8] = act_count(o, r, AF_REASONING, r->reasoning, x,
		    sizeof x);
		table_add(o->t, cells);
	}
	table_end(o);
	json_end(o);
}

/* ---- the account -------------------------------------------------------- */

void
costout_account(struct costout *o, const struct acct *a)
{
	static const char *const heads[] = { "FIELD", "VALUE" };
	const char *cells[2];
	char v[COSTOUT_AMOUNTSIZE];
	size_t i;

	if (o->json) {
		/* The answer as it came, always one line. */
		table_json_begin(&o->j, o->fp, 1);
		table_json_add(&o->j, a->json, a->jsonlen);
		table_json_end(&o->j);
		return;
	}
	o->t = table_new(2, heads, NULL, o->human);
	if (!o->human)
		table_stream(o->t, o->fp);
	for (i = 0; i < a->n; i++) {
		cells[0] = a->f[i].name;
		cells[1] = a->f[i].is_amount ? costout_amount(o,
		    a->f[i].amount, 0, v, sizeof v) : a->f[i].text;
		table_add(o->t, cells);
	}
	table_end(o);
}
