/*
 * fz_activity: an /activity answer of any bytes through lib/activity's
 * act_parse and act_totals.  Never a crash; an answer taken is JSON (as
 * jscan_validate judges it) whose data array has as many elements as rows
 * were read; each row's fields are what jscan_get finds at the same paths
 * (a count within 0..10^15, a non-negative exact amount, a date
 * YYYY-MM-DD, text without a control byte); the totals per day, model and
 * provider add up to the total of all, each sum checked in 128 bits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "activity.h"
#include "fz.h"
#include "jscan.h"
#include "ledger.h"
#include "money.h"

static void
check_text(const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	FZ_CHECK(n < size);
	for (; *s; s++)
		FZ_CHECK((unsigned char)*s >= 0x20);
}

/* Row i of l against what jscan finds at data.i. */
static void
check_row(const char *buf, size_t len, const struct act_row *r, size_t i)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
		size_t		 off;
	} counts[] = {
		{ "requests", AF_REQUESTS, offsetof(struct act_row, requests) },
		{ "prompt_tokens", AF_PROMPT, offsetof(struct act_row, prompt) },
		{ "completion_tokens", AF_COMPLETION,
		    offsetof(struct act_row, completion) },
		{ "reasoning_tokens", AF_REASONING,
		    offsetof(struct act_row, reasoning) },
	};
	struct jscan_val v;
	char path[64];
	long long n, got;
	money_t m;
	size_t k;

	check_text(r->date, sizeof r->date);
	check_text(r->model, sizeof r->model);
	check_text(r->permaslug, sizeof r->permaslug);
	check_text(r->endpoint, sizeof r->endpoint);
	check_text(r->provider, sizeof r->provider);
	FZ_CHECK(r->date[0] == '\0' || (strlen(r->date) == 10 &&
	    r->date[4] == '-' && r->date[7] == '-'));
	for (k = 0; k < sizeof counts / sizeof counts[0]; k++) {
		snprintf(path, sizeof path, "data.%zu.%s", i, counts[k].name);
		memcpy(&got, (const char *)r + counts[k].off, sizeof got);
		if (jscan_get(buf, len, path, &v) != 1 || v.kind == JSCAN_NULL) {
			FZ_CHECK(!(r->have & counts[k].bit));
			continue;
		}
		FZ_CHECK(r->have & counts[k].bit);
		FZ_CHECK(jscan_llong(&v, 0, ACT_COUNTMAX, &n) == 0);
		FZ_CHECK(got == n);
	}
	snprintf(path, sizeof path, "data.%zu.usage", i);
	if (jscan_get(buf, len, path, &v) == 1 && v.kind != JSCAN_NULL) {
		FZ_CHECK(r->have & AF_USAGE);
		FZ_CHECK(money_parse(v.p, v.len, &m) == MONEY_OK);
		FZ_CHECK(m == r->usage && m >= 0);
	} else
		FZ_CHECK(!(r->have & AF_USAGE));
}

/* The groups of by add up to all; 128-bit sums of the rows agree. */
static void
check_totals(const struct act_list *l, const struct ledger_total *all)
{
	static const enum ledger_by bys[] = { LB_DAY, LB_MODEL, LB_PROVIDER };
	struct ledger_total *g;
	__int128 req = 0, p = 0, c = 0;
	money_t u = 0;
	size_t i, j, n;
	long long nr;

	for (i = 0; i < l->n; i++) {
		req += l->v[i].requests;
		p += l->v[i].prompt;
		c += l->v[i].completion;
	}
	FZ_CHECK(all->records == req && all->prompt == p &&
	    all->completion == c);
	FZ_CHECK(all->cost == all->billed);
	for (j = 0; j < sizeof bys / sizeof bys[0]; j++) {
		g = act_totals(l, bys[j], &n);
		FZ_CHECK(g != NULL);	/* parts of a sum that fit fit too */
		req = 0;
		u = 0;
		nr = 0;
		for (i = 0; i < n; i++) {
			FZ_CHECK(g[i].key != NULL && g[i].key[0] != '\0');
			if (i > 0)
				FZ_CHECK(strcmp(g[i - 1].key, g[i].key) < 0);
			req += g[i].records;
			FZ_CHECK(money_add(u, g[i].cost, &u) == MONEY_OK);
			nr += g[i].ncost;
		}
		FZ_CHECK(req == all->records && u == all->cost &&
		    nr == all->ncost);
		act_totals_free(g, n);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct ledger_total *all;
	struct jscan_val d, el;
	struct act_list l;
	char why[256];
	size_t i, pos = 0, n;

	if (act_parse(buf, size, &l, why, sizeof why) != 0) {
		FZ_CHECK(why[0] != '\0' && strchr(why, '\n') == NULL);
		FZ_CHECK(l.n == 0 || l.v != NULL);
		act_free(&l);
		return 0;
	}
	FZ_CHECK(jscan_validate(buf, size, NULL) == 0);
	FZ_CHECK(jscan_get(buf, size, "data", &d) == 1 &&
	    d.kind == JSCAN_ARRAY);
	for (n = 0; jscan_iter(d.p, d.len, &pos, NULL, &el) == 1; n++)
		FZ_CHECK(el.kind == JSCAN_OBJECT);
	FZ_CHECK(n == l.n);
	for (i = 0; i < l.n && i < 64; i++)
		check_row(buf, size, &l.v[i], i);
	if ((all = act_totals(&l, LB_NONE, &n)) != NULL) {
		FZ_CHECK(n == 1);
		check_totals(&l, all);
		act_totals_free(all, n);
	}
	act_free(&l);
	return 0;
}
