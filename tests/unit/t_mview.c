/*
 * t_mview: the model view and the filters that choose what it shows, the
 * parts ormodels and orcost share -- number, price and date parsing,
 * columns and price cells, every filter and sort on real catalogs, the
 * card -- and the endpoints parser on both shapes of the answer, with
 * their table.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog.h"
#include "endpoints.h"
#include "error.h"
#include "mfilter.h"
#include "money.h"
#include "mview.h"
#include "opts.h"
#include "table.h"
#include "tap.h"
#include "tutil.h"
#include "util.h"

#define FX	"tests/fixtures/"
#define NEWEST	FX "models/models_2026-08-08.json"

static struct opts o;

static void
test_parsers(void)
{
	static const struct { const char *s; long long v; } tok[] = {
		{ "128000", 128000 }, { "128k", 128000 }, { "128K", 128000 },
		{ "1M", 1000000 }, { "1m", 1000000 }, { "1.5M", 1500000 },
		{ "0", 0 }, { "2.25k", 2250 },
		{ "", -1 }, { "k", -1 }, { "-1", -1 }, { "1.5", -1 },
		{ "12x", -1 }, { "1.M", -1 }, { " 1", -1 }, { "1e6", -1 },
		{ "99999999999999999999", -1 },
		/* Issue 11, item 35: -0 is 0; a count is whole once scaled. */
		{ "-0", 0 }, { "-0k", 0 }, { "-0.0M", 0 }, { "-1k", -1 },
		{ "-", -1 }, { "0.0000001M", -1 }, { "1.0000001M", -1 },
		{ "1.0000000001M", -1 }, { "1.000001M", 1000001 },
		{ "1.0001k", -1 }, { "1.5000000000M", 1500000 },
	};
	static const struct { const char *s; const char *v; } usd[] = {
		{ "10", "10" }, { "0.15", "0.15" }, { "$2.5", "2.5" },
		{ "0", "0" }, { "-1", NULL }, { "abc", NULL }, { "1.", NULL },
		{ "", NULL },
	};
	static const struct { const char *s; long long v; } date[] = {
		{ "2023-11-06", 1699228800 }, { "1970-01-01", 0 },
		{ "2024-02-29", 1709164800 }, { "2025-02-29", -1 },
		{ "2025-13-01", -1 }, { "2025-1-01", -1 },
		{ "2025-01-01x", -1 },
		{ "2025/01/01", -1 }, { "", -1 }, { " 2025-01-01", -1 },
		{ "2025-00-10", -1 }, { "2025-04-31", -1 },
	};
	char b[MONEY_FMTSIZE];
	long long v;
	money_t m;
	size_t i;
	int r;

	for (i = 0; i < sizeof tok / sizeof tok[0]; i++) {
		v = -1;
		r = mfilter_parse_tokens(tok[i].s, &v);
		is_int(r == 0 ? v : -1, tok[i].v, "tokens '%s'", tok[i].s);
	}
	for (i = 0; i < sizeof usd / sizeof usd[0]; i++) {
		r = mfilter_parse_usd(usd[i].s, &m);
		is_str(r == 0 ? money_fmt(m, b, sizeof b) : NULL, usd[i].v,
		    "usd '%s'", usd[i].s);
	}
	for (i = 0; i < sizeof date / sizeof date[0]; i++) {
		v = -1;
		r = mfilter_parse_date(date[i].s, &v);
		is_int(r == 0 ? v : -1, date[i].v, "date '%s'", date[i].s);
	}
}

static void
test_columns(void)
{
	enum mview_col c[MVIEW_MAXCOLS];
	struct cap cp;
	char err[128], *help, *line;
	int n;

	n = mview_columns(MVIEW_DEFAULT_COLUMNS, c, MVIEW_MAXCOLS, err, sizeof err);
	ok(n == 5 && c[0] == MV_ID && c[1] == MV_CONTEXT && c[2] == MV_PROMPT &&
	    c[3] == MV_COMPLETION && c[4] == MV_NAME, "the default columns");
	n = mview_columns("max_output,input-modalities,knowledge_cutoff,slug", c,
	    MVIEW_MAXCOLS, err, sizeof err);
	ok(n == 4 && c[0] == MV_MAX_OUTPUT && c[1] == MV_INPUT &&
	    c[2] == MV_CUTOFF && c[3] == MV_SLUG, "'_' for '-', and aliases");
	n = mview_columns("id,bogus", c, MVIEW_MAXCOLS, err, sizeof err);
	is_int(n, -1, "an unknown column is refused");
	ok(strstr(err, "bogus") != NULL, "naming it: %s", err);
	is_int(mview_columns("id,,name", c, MVIEW_MAXCOLS, err, sizeof err), -1,
	    "an empty column name is refused");
	is_int(mview_columns("id,id,id", c, 2, err, sizeof err), -1,
	    "more columns than room is refused");
	/* --help lists every column, in order, by the name -o takes. */
	mview_columns_usage(cap_open(&cp));
	help = cap_close(&cp);
	for (n = 0, line = help; n < MV_NCOLS && line && *line; n++) {
		enum mview_col one;
		char name[64];

		if (sscanf(line, " %63s", name) != 1)
			break;
		ok(mview_columns(name, &one, 1, err, sizeof err) == 1 &&
		    (int)one == n, "column %s by its own name", name);
		if ((line = strchr(line, '\n')) != NULL)
			line++;
	}
	is_int(n, MV_NCOLS, "--help names every column");
	free(help);
}

static void
test_format(void)
{
	struct cat_price p;
	char b[64];

	memset(&p, 0, sizeof p);
	money_parse("0.00000015", 10, &p.v[CP_PROMPT]);
	money_parse("0.01", 4, &p.v[CP_WEB_SEARCH]);
	money_parse("0.00003", 7, &p.v[CP_IMAGE_OUTPUT]);
	p.variable = 1u << CP_COMPLETION;
	is_str(mview_price(&p, CP_PROMPT, b, sizeof b), "0.15", "per million");
	is_str(mview_price(&p, CP_COMPLETION, b, sizeof b), "-", "variable");
	is_str(mview_price(&p, CP_WEB_SEARCH, b, sizeof b), "0.01",
	    "a fee is per unit");
	is_str(mview_price(&p, CP_IMAGE_OUTPUT, b, sizeof b), "30",
	    "image output per million tokens");
	is_str(mview_price(&p, CP_REQUEST, b, sizeof b), "0", "absent is 0");
}

/* How many models of the catalog pass f; the first in *first. */
static size_t
count(const struct catalog *c, struct mfilter *f, const char **first)
{
	size_t i, n = 0;
	const struct cat_model *m;

	mfilter_prepare(f, c);
	*first = NULL;
	for (i = 0; i < catalog_count(c); i++)
		if (mfilter_match(f, m = catalog_model(c, i)) && n++ == 0)
			*first = m->id;
	return n;
}

static void
test_filters(void)
{
	struct catalog *c = tutil_open_cat(&o, NEWEST);
	struct mfilter f;
	const char *first;
	char *a[] = { "x", "--max-prompt-price", "0.15", NULL };
	size_t n, all;

	if (c == NULL)
		return;
	all = catalog_count(c);
	mfilter_init(&f);
	is_int(count(c, &f, &first), all, "no filter: every model");

	mfilter_words_add(&f.pat, "GPT-4O-MINI", 0);
	n = count(c, &f, &first);
	ok(n >= 2 && n < 10, "pattern, case ignored: %zu", n);
	mfilter_words_add(&f.pat, "search", 0);
	is_int(count(c, &f, &first), 1, "every pattern must match");
	is_str(first, "openai/gpt-4o-mini-search-preview", "the one");
	mfilter_free(&f);

	mfilter_words_add(&f.pat, "sonnet claude", 0);
	is_int(count(c, &f, &first), 0, "a pattern is one string");
	mfilter_free(&f);
	mfilter_words_add(&f.pat, "Claude Sonnet 4.5", 0);
	is_int(count(c, &f, &first), 1, "names match too");
	mfilter_free(&f);

	/* Lines read: an id is that model only; other words are patterns. */
	f.have_any = 1;
	mfilter_words_add(&f.any, "openai/gpt-4o", 0);
	is_int(count(c, &f, &first), 1, "an id read: that model, not "
	    "gpt-4o-mini");
	mfilter_words_add(&f.any, "anthropic/claude-4.5-sonnet-20250929", 0);
	is_int(count(c, &f, &first), 2, "a canonical slug read");
	mfilter_words_add(&f.any, "qwen3-coder", 0);
	n = count(c, &f, &first);
	ok(n > 3, "a pattern read among ids: %zu", n);
	mfilter_free(&f);
	f.have_any = 1;
	is_int(count(c, &f, &first), 0, "nothing read: nothing listed");
	mfilter_free(&f);

	f.min_context = 1000000;
	n = count(c, &f, &first);
	ok(n > 5 && n < all, "--min-context 1M: %zu", n);
	f.min_context = 2000001;
	is_int(count(c, &f, &first), 0, "above the largest context");
	mfilter_free(&f);

	optind = 1;
	opterr = 0;
	{
		static const struct option lo[] = { MFILTER_LONGOPTS,
		    { NULL, 0, NULL, 0 } };
		struct or_error e;
		int ch;

		while ((ch = getopt_long(3, a, "", lo, NULL)) != -1)
			ok(mfilter_opt(&f, ch, optarg, &e) == 1,
			    "--max-prompt-price is a filter option");
		is_int(mfilter_opt(&f, MF_OPT_SINCE, "2025-13-01", &e), -1,
		    "a bad --since is an error returned, not an exit");
		is_int(e.exit, 2, "... with status 2");
		is_str(e.msg, "--since: not a date YYYY-MM-DD: 2025-13-01",
		    "... and one line");
		is_int(mfilter_opt(&f, MF_OPT_MIN_CONTEXT, "1.5", &e), -1,
		    "a bad --min-context is refused");
		is_int(mfilter_opt(&f, MF_OPT_MAX_COMPLETION, "-1", &e), -1,
		    "a bad --max-completion-price is refused");
		is_str(e.msg, "--max-completion-price: not an amount of USD "
		    "per million tokens: -1", "... naming the flag");
		ok(!f.have_max_completion, "... and not set");
	}
	n = count(c, &f, &first);
	ok(f.have_max_prompt && n > 20 && n < all, "--max-prompt-price 0.15:"
	    " %zu", n);
	{
		size_t i;
		int bad = 0;

		for (i = 0; i < catalog_count(c); i++) {
			const struct cat_model *m = catalog_model(c, i);
			money_t perm;

			if (!mfilter_match(&f, m))
				continue;
			money_mul_int(m->price.v[CP_PROMPT], 1000000, &perm);
			if ((m->price.variable & 1u << CP_PROMPT) ||
			    perm > MONEY_ONE * 15 / 100)
				bad++;
		}
		is_int(bad, 0, "every one at or under 0.15, none variable");
	}
	mfilter_words_add(&f.pat, "openai/gpt-4o-mini", 0);
	n = count(c, &f, &first);
	ok(n >= 1, "0.15 itself is under 0.15 (exact): %zu", n);
	mfilter_free(&f);

	f.have_max_completion = 1;
	f.max_completion = 0;
	n = count(c, &f, &first);
	f.have_max_completion = 0;
	f.free = 1;
	is_int(count(c, &f, &first), n, "--free is --max-completion-price 0 "
	    "here (%zu)", n);
	mfilter_words_add(&f.pat, "openrouter/auto", 0);
	is_int(count(c, &f, &first), 0, "a variable price is not free");
	mfilter_free(&f);

	mfilter_words_add(&f.input, "image,FILE", 1);
	n = count(c, &f, &first);
	mfilter_free(&f);
	mfilter_words_add(&f.input, "image", 1);
	ok(n > 0 && count(c, &f, &first) >= n, "--input image,file: all of "
	    "them (%zu)", n);
	mfilter_words_add(&f.input, "ima", 1);
	is_int(count(c, &f, &first), 0, "a modality is a whole word");
	mfilter_free(&f);
	mfilter_words_add(&f.output, "image", 1);
	n = count(c, &f, &first);
	ok(n > 0 && n < 30, "--output image: %zu", n);
	mfilter_free(&f);

	mfilter_words_add(&f.supports, "tools", 1);
	mfilter_words_add(&f.supports, "structured_outputs", 1);
	n = count(c, &f, &first);
	ok(n > 50 && n < all, "--supports tools --supports "
	    "structured_outputs: %zu", n);
	mfilter_free(&f);

	f.tokenizer = xstrdup("claude");
	n = count(c, &f, &first);
	ok(n > 5 && first && strncmp(first, "anthropic/", 10) == 0,
	    "--tokenizer claude: %zu, case ignored", n);
	mfilter_free(&f);

	mfilter_parse_date("2026-07-01", &f.since);
	n = count(c, &f, &first);
	ok(n > 0 && n < 40, "--since 2026-07-01: %zu", n);
	mfilter_free(&f);
	catalog_close(c);
}

/* Is v in order by k (ids, contexts or dates), the unknown (-1) last? */
static int
sorted(const struct cat_model **v, size_t n, enum mfilter_sort k, int rev)
{
	size_t i;
	long long a, b;
	int d;

	for (i = 1; i < n; i++) {
		if (k == MS_ID) {
			d = strcmp(v[i - 1]->id, v[i]->id);
			if (rev ? d < 0 : d > 0)
				return 0;
			continue;
		}
		a = k == MS_CONTEXT ? v[i - 1]->context_length :
		    v[i - 1]->created;
		b = k == MS_CONTEXT ? v[i]->context_length : v[i]->created;
		if (a < 0 && b >= 0)
			return 0;	/* a known one after an unknown */
		if (a >= 0 && b >= 0 && (rev ? a < b : a > b))
			return 0;
	}
	return 1;
}

static void
test_sorts(void)
{
	static const char *const files[] = {
		FX "models/models_2025-04-23.json",
		FX "models/models_2025-05-12.json",
		FX "models/models_2026-03-11.json", NEWEST
	};
	const struct cat_model **v;
	struct catalog *c;
	enum mfilter_sort k;
	size_t i, n, f;
	int rev;

	is_int(mfilter_sort_parse("context", &k), 0, "sort key context");
	is_int(mfilter_sort_parse("price", &k), -1, "no sort key price for models");
	for (f = 0; f < sizeof files / sizeof files[0]; f++) {
		if ((c = tutil_open_cat(&o, files[f])) == NULL)
			continue;
		n = catalog_count(c);
		v = xcalloc(n, sizeof v[0]);
		for (i = 0; i < n; i++)
			v[i] = catalog_model(c, i);
		for (rev = 0; rev < 2; rev++) {
			mfilter_sort(v, n, MS_ID, rev);
			ok(sorted(v, n, MS_ID, rev), "%s: by id%s", files[f],
			    rev ? ", reversed" : "");
			mfilter_sort(v, n, MS_CONTEXT, rev);
			ok(sorted(v, n, MS_CONTEXT, rev), "%s: by context%s",
			    files[f], rev ? ", reversed" : "");
			mfilter_sort(v, n, MS_CREATED, rev);
			ok(sorted(v, n, MS_CREATED, rev), "%s: by created%s",
			    files[f], rev ? ", reversed" : "");
			mfilter_sort(v, n, MS_PROMPT, rev);
			ok(!(v[0]->price.variable & 1u << CP_PROMPT) &&
			    (rev || v[0]->price.v[CP_PROMPT] == 0),
			    "%s: by prompt price%s: %s first", files[f],
			    rev ? ", reversed" : "", v[0]->id);
		}
		mfilter_sort(v, n, MS_COMPLETION, 0);
		for (i = 1; i < n; i++)
			if (!(v[i]->price.variable & 1u << CP_COMPLETION) &&
			    ((v[i - 1]->price.variable & 1u << CP_COMPLETION) ||
			    v[i - 1]->price.v[CP_COMPLETION] >
			    v[i]->price.v[CP_COMPLETION]))
				break;
		is_int(i, n, "%s: by completion price, variable last",
		    files[f]);
		mfilter_sort(v, n, MS_NAME, 0);
		for (i = 1; i < n; i++)
			if (strcasecmp(v[i - 1]->name, v[i]->name) > 0)
				break;
		is_int(i, n, "%s: by name, case ignored", files[f]);
		free(v);
		catalog_close(c);
	}
}

static void
test_card(void)
{
	struct catalog *c = tutil_open_cat(&o, NEWEST);
	const struct cat_model *m;
	struct cap k;
	char *s;

	if (c == NULL)
		return;
	m = catalog_find(c, "anthropic/claude-sonnet-4.5");
	mview_card(cap_open(&k), m, 0, 0);
	s = cap_close(&k);
	ok(strstr(s, "anthropic/claude-sonnet-4.5 \xc2\xb7 canonical slug "
	    "anthropic/claude-4.5-sonnet-20250929\n") != NULL,
	    "card: the canonical slug when it differs");
	ok(strstr(s, "\nKnowledge cutoff Jan 31, 2025\n") != NULL,
	    "card: the knowledge cutoff");
	ok(strstr(s, "\nAlso $0.3/M cache reads \xc2\xb7 $3.75/M cache writes "
	    "\xc2\xb7 $6/M one-hour cache writes \xc2\xb7 $0.01 per web "
	    "search\n") != NULL, "card: the other prices");
	ok(strstr(s, "\nAbove 200,000 prompt tokens: $6/M input tokens \xc2\xb7"
	    " $22.5/M output tokens") != NULL, "card: the conditional prices");
	free(s);

	m = catalog_find(c, "openrouter/auto");
	mview_card(cap_open(&k), m, 1, 1);
	s = cap_close(&k);
	ok(strncmp(s, "\033[1mAuto Router\033[0m\n", 20) == 0,
	    "card: the name in bold with colour");
	if (strncmp(s, "\033[1mAuto Router\033[0m\n", 20) != 0)
		printf("# %s\n", s);
	ok(strstr(s, "input tokens at a variable price") != NULL,
	    "card: a variable price");
	ok(strstr(s, "not moderated") != NULL, "card: not moderated");
	{
		const char *p, *nl;
		size_t w = 0;

		for (p = s; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
			char line[1024];

			snprintf(line, sizeof line, "%.*s", (int)(nl - p), p);
			if (strncmp(line, "Supports", 8) == 0 ||
			    strncmp(line, "Your prompt", 11) == 0)
				if (table_width(line) > w)
					w = table_width(line);
		}
		ok(w > 60 && w <= 80, "card: wrapped at 80 on a terminal "
		    "(%zu)", w);
	}
	free(s);
	catalog_close(c);
}

static void
test_endpoints(void)
{
	static const char *const order[][6] = {
		{ "price", "Chutes", "DeepInfra", "Novita", "SiliconFlow",
		    "DeepSeek" },
		{ "uptime", "DeepInfra", "DeepSeek", "Novita", "Chutes",
		    "SiliconFlow" },
		{ "latency", "DeepInfra", "Novita", "DeepSeek", "Chutes",
		    "SiliconFlow" },
		{ "throughput", "DeepInfra", "Novita", "DeepSeek", "Chutes",
		    "SiliconFlow" },
	};
	struct ep_list l;
	enum ep_sort k;
	char why[128], *body, b[64];
	size_t len, i, j;
	int rev;

	body = tutil_slurp(FX "endpoints/"
	    "endpoints_google-gemini-2.5-pro-preview_2025-05-12.json", &len);
	ok(body && ep_parse(body, len, &l, why, sizeof why) == 0,
	    "2025 answer parses");
	is_int(l.n, 2, "two endpoints");
	is_str(l.id, "google/gemini-2.5-pro-preview", "the model");
	is_str(l.v[1].provider, "Google AI Studio", "the provider");
	is_str(l.v[1].tag, "", "no tag in 2025");
	is_int(l.v[1].max_output, 65536, "max output");
	is_int(l.v[0].context, 1048576, "context");
	is_str(mview_price(&l.v[0].price, CP_CACHE_WRITE, b, sizeof b), "1.625",
	    "cache write price");
	is_str(l.v[0].uptime, "", "no uptime in 2025");
	ok(l.v[0].has_status && l.v[0].status == 0, "status 0");
	ep_free(&l);

	body = tutil_slurp(FX "endpoints/endpoints_deepseek-deepseek-v3.2_"
	    "2026-shape_CONSTRUCTED.json", &len);
	ok(body && ep_parse(body, len, &l, why, sizeof why) == 0,
	    "2026 answer parses");
	is_int(l.n, 5, "five endpoints");
	is_str(l.v[1].tag, "deepinfra/fp4", "a tag");
	is_str(l.v[1].quantization, "fp4", "a quantization");
	is_str(l.v[0].latency, "1840.5", "latency p50, as written");
	is_str(l.v[2].uptime, "97.75", "uptime, as written");
	is_str(l.v[3].throughput, "", "null throughput");
	is_int(l.v[4].status, -1, "a negative status");
	is_int(l.v[4].max_output, -1, "null max output");
	for (i = 0; i < sizeof order / sizeof order[0]; i++)
		for (rev = 0; rev < 2; rev++) {
			ok(ep_sort_parse(order[i][0], &k) == 0, "sort key %s",
			    order[i][0]);
			ep_sort(&l, k, rev);
			for (j = 0; j < 5; j++)
				if (strcmp(l.v[j].provider, order[i][!rev ?
				    j + 1 : i == 0 ? 5 - j : j < 4 ? 4 - j :
				    5]) != 0)
					break;
			/*
			 * Reversed, the known are the other way round and
			 * the unknown (no health figures) still last; every
			 * price is known.
			 */
			is_int(j, 5, "by %s%s", order[i][0], rev ?
			    ", reversed" : "");
		}
	ep_sort(&l, ES_NONE, 0);
	is_int(ep_sort_parse("context", &k), -1, "no sort key context");
	ep_free(&l);

	body = xstrdup("{\"data\":{\"endpoints\":[{\"provider_name\":\"X\","
	    "\"latency_last_30m\":2229.5,\"throughput_last_30m\":null}]}}");
	ok(ep_parse(body, strlen(body), &l, why, sizeof why) == 0 &&
	    strcmp(l.v[0].latency, "2229.5") == 0, "a bare number for "
	    "latency");
	ep_free(&l);
	body = xstrdup("{\"data\":{\"endpoints\":{}}}");
	is_int(ep_parse(body, strlen(body), &l, why, sizeof why), -1,
	    "endpoints not an array");
	ep_free(&l);
	body = xstrdup("{\"data\":");
	is_int(ep_parse(body, strlen(body), &l, why, sizeof why), -1,
	    "not JSON");
	ok(strstr(why, "not JSON") != NULL, "saying so: %s", why);
	ep_free(&l);
}

int
main(void)
{
	opts_init(&o);
	test_parsers();
	test_columns();
	test_format();
	test_filters();
	test_sorts();
	test_card();
	test_endpoints();
	return tap_done();
}
