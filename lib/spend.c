/*
 * spend: what a call costs and where that is written down.
 *
 * The -u usage line, the --log ledger line and its locked append, and
 * --max-cost: the worst case of a call from the catalog's prices, checked
 * against the budget before anything is sent.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "chat.h"
#include "chatopt.h"
#include "error.h"
#include "json.h"
#include "jw.h"
#include "money.h"
#include "opts.h"
#include "spend.h"
#include "util.h"

/* key=value, logfmt-style: quoted when the value has a space. */
static void
kv(struct buf *out, const char *key, const char *val)
{
	const char *p;
	char *clean;
	size_t n;

	if (val == NULL)
		return;
	/* Cleaning never lengthens a text. */
	n = strlen(val);
	clean = sanitize(xmalloc(n + 1), n + 1, val, n);
	if (out->len)
		buf_adds(out, " ");
	buf_adds(out, key);
	buf_adds(out, "=");
	if (clean[0] && strcspn(clean, " \"=\\") == strlen(clean))
		buf_adds(out, clean);
	else {
		buf_adds(out, "\"");
		for (p = clean; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_add(out, "\\", 1);
			buf_add(out, p, 1);
		}
		buf_adds(out, "\"");
	}
	free(clean);
}

static void
kv_count(struct buf *out, const char *key, long long n)
{
	char tmp[32];

	if (n < 0)
		return;
	snprintf(tmp, sizeof tmp, "%lld", n);
	kv(out, key, tmp);
}

/*
 * The -u line; cached: the answer came from the response cache, and
 * nothing was billed for it (cost=0 cached=true).
 */
static void
usage_line(const struct chat_reply *rp, int cached, struct buf *out)
{
	const struct chat_stats *u = &rp->usage;
	char cost[MONEY_FMTSIZE];

	buf_adds(out, "usage:");
	kv(out, "model", rp->model);
	kv(out, "provider", rp->provider);
	kv_count(out, "prompt_tokens", u->prompt);
	kv_count(out, "cached_tokens", u->cached);
	kv_count(out, "cache_write_tokens", u->cache_write);
	kv_count(out, "completion_tokens", u->completion);
	kv_count(out, "reasoning_tokens", u->reasoning);
	if (cached) {
		kv(out, "cost", "0");
		kv(out, "cached", "true");
	} else
		kv(out, "cost", u->has_cost ? money_fmt(u->cost, cost,
		    sizeof cost) : "unknown");
	kv(out, "id", rp->id);
}

void
spend_usage_line(const struct chat_reply *rp, struct buf *out)
{
	usage_line(rp, 0, out);
}

/* RFC 3339 UTC: 2026-11-25T06:28:05Z. */
static void
utc_time(time_t t, char *out, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
kstr_or_null(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s)
		jw_str(w, s, strlen(s));
	else
		jw_null(w);
}

void
spend_log_line(const struct chat_reply *rp, const char *requested,
    time_t now, struct buf *out)
{
	char when[32];
	struct jw w;

	utc_time(now, when, sizeof when);
	jw_init(&w, out);
	jw_obj(&w);
	jw_kstr(&w, "time", when, strlen(when));
	kstr_or_null(&w, "id", rp->id);
	kstr_or_null(&w, "requested", requested);
	kstr_or_null(&w, "model", rp->model);
	kstr_or_null(&w, "provider", rp->provider);
	/*
	 * The usage object and the cost go in as the reply wrote them (the
	 * cost normalised), not through a double, so the ledger adds up
	 * exactly.
	 */
	jw_key(&w, "usage");
	if (rp->has_usage && rp->usage.raw.len)
		jw_copy(&w, rp->usage.raw.p, rp->usage.raw.len, JW_COMPACT);
	else
		jw_null(&w);
	jw_key(&w, "cost");
	if (rp->usage.has_cost)
		jw_money(&w, rp->usage.cost);
	else
		jw_null(&w);
	jw_end(&w);
	buf_add(out, "\n", 1);
}

int
spend_log_append(const char *path, const struct buf *line, struct or_error *e)
{
	ssize_t n;
	int fd, err;

	/* A new ledger is private (what was asked, of which model); an
	 * old one keeps its mode. */
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1)
		return error_set(e, EX_IOERR, "--log %s: %s", path,
		    strerror(errno));
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			err = errno;
			close(fd);
			return error_set(e, EX_IOERR, "--log %s: lock: %s",
			    path, strerror(err));
		}
	/* One write: a reader or another writer sees all of it or none. */
	do
		n = write(fd, line->p, line->len);
	while (n == -1 && errno == EINTR);
	if (n == (ssize_t)line->len) {
		if (close(fd) == 0)
			return 0;
		err = errno;
	} else {
		/* A short write means the disk is full. */
		err = n == -1 ? errno : ENOSPC;
		close(fd);
	}
	return error_set(e, EX_IOERR, "--log %s: %s", path, strerror(err));
}


/*
 * Raise p's price of field to the dearest of the fields f (n of them) that
 * p has; one not known in advance makes field so.
 */
static void
dearest(struct cat_price *p, int field, const int *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(p->have & 1u << f[i]))
			continue;
		if (p->variable & 1u << f[i])
			p->variable |= 1u << field;
		else if (money_cmp(p->v[f[i]], p->v[field]) > 0)
			p->v[field] = p->v[f[i]];
	}
}

/*
 * m's prices for a worst case: a prompt token at the dearest rate one may
 * be billed at (prompt, a cache write, 5 minutes or an hour, audio), a
 * completion token likewise (completion, reasoning, image or audio
 * output), as which of them applies is the provider's to say.  A rate
 * that is not known in advance makes its side variable.
 */
static void
worst_price(const struct cat_model *m, long long prompt_tokens,
    struct cat_price *p)
{
	static const int in[] = { CP_CACHE_WRITE, CP_CACHE_WRITE_1H, CP_AUDIO },
	    out[] = { CP_INTERNAL_REASONING, CP_IMAGE_OUTPUT, CP_AUDIO_OUTPUT };

	catalog_price_for(m, prompt_tokens, p);
	dearest(p, CP_PROMPT, in, sizeof in / sizeof in[0]);
	dearest(p, CP_COMPLETION, out, sizeof out / sizeof out[0]);
}

int
spend_worst_case(const struct cat_model *m, long long prompt_tokens,
    long long completion_tokens, long long nimages, long long nsearches,
    money_t *cost, long long *completion_used, const char **why)
{
	static const int used[] = { CP_PROMPT, CP_COMPLETION, CP_REQUEST,
	    CP_IMAGE, CP_WEB_SEARCH };
	struct cat_price p;
	money_t sum = 0, part;
	long long n[5];
	size_t i;

	worst_price(m, prompt_tokens, &p);
	if (!(p.have & 1u << CP_PROMPT) || !(p.have & 1u << CP_COMPLETION)) {
		*why = "the catalog has no token prices for it";
		return -1;
	}
	/*
	 * Web search is billed even on free models: a search the catalog
	 * gives no price for is not free, it is priced elsewhere.
	 */
	if (nsearches > 0 && !(p.have & 1u << CP_WEB_SEARCH)) {
		*why = "the catalog gives no web search price for it";
		return -1;
	}
	if (nsearches == LLONG_MAX) {
		*why = "its web search tool may search without end (give it "
		    "max_uses, with an engine that keeps to it: exa, "
		    "firecrawl, parallel or perplexity, or Anthropic's "
		    "models)";
		return -1;
	}
	if (completion_tokens < 0)
		completion_tokens = m->max_output > 0 ? m->max_output :
		    m->context_length;
	if (completion_tokens < 0) {
		*why = "the catalog gives no maximum output for it";
		return -1;
	}
	n[0] = prompt_tokens;
	n[1] = completion_tokens;
	n[2] = 1;
	n[3] = nimages;
	n[4] = nsearches;
	for (i = 0; i < sizeof used / sizeof used[0]; i++) {
		/* A search not asked for costs nothing, whatever its price. */
		if (!(p.have & 1u << used[i]) ||
		    (used[i] == CP_WEB_SEARCH && n[i] == 0))
			continue;
		if (p.variable & 1u << used[i]) {
			*why = "its prices are not known in advance";
			return -1;
		}
		if (money_mul_int(p.v[used[i]], n[i], &part) != MONEY_OK ||
		    money_add(sum, part, &sum) != MONEY_OK) {
			*why = "the amount is out of range";
			return -1;
		}
	}
	*cost = sum;
	*completion_used = completion_tokens;
	return 0;
}

/* A whole count at least 1 from a JSON number (borrowed), rounded up. */
static long long
uses_of(jv uses)
{
	double d;
	long long k;

	if (jv_get_kind(uses) != JV_KIND_NUMBER || !((d = jv_number_value(uses))
	    > 1))
		return 1;
	if (d >= 9e18)
		return LLONG_MAX;
	if ((double)(k = (long long)d) < d)
		k++;
	return k;
}

/* a + b, both at least 0, at most LLONG_MAX (no bound stays none). */
static long long
add_sat(long long a, long long b)
{
	return a > LLONG_MAX - b ? LLONG_MAX : a + b;
}

/* Is every model the body (borrowed) names Anthropic's? */
static int
all_anthropic(jv body)
{
	jv models = jv_object_get(jv_copy(body), jv_string("models"));
	const char *m = json_str(body, "model");
	int i, n, ok = m != NULL && strncmp(m, "anthropic/", 10) == 0;

	n = jv_get_kind(models) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(models)) : 0;
	for (i = 0; i < n && ok; i++) {
		jv x = jv_array_get(jv_copy(models), i);

		ok = jv_get_kind(x) == JV_KIND_STRING &&
		    strncmp(jv_string_value(x), "anthropic/", 10) == 0;
		jv_free(x);
	}
	jv_free(models);
	return ok;
}

/*
 * The searches one setting of a web search tool (conf, an object,
 * borrowed) allows: its "max_uses", which OpenRouter keeps to with the
 * exa, firecrawl, parallel and perplexity engines and passes on to
 * Anthropic's native search only; a search may begin while fewer than
 * max_uses were made, so 0.5 allows one.  Otherwise (native search, which
 * engine "auto" may pick) no bound: LLONG_MAX.
 */
static long long
conf_searches(jv conf, int anthropic)
{
	static const char *const kept[] = { "exa", "firecrawl", "parallel",
	    "perplexity" };
	jv uses = json_get(conf, "max_uses");
	const char *engine = json_str(conf, "engine");
	long long k = LLONG_MAX;
	size_t i;

	for (i = 0; engine && i < sizeof kept / sizeof kept[0]; i++)
		if (strcmp(engine, kept[i]) == 0)
			anthropic = 1;
	if (jv_get_kind(uses) == JV_KIND_NUMBER && anthropic &&
	    jv_number_value(uses) >= 0)
		k = jv_number_value(uses) == 0 ? 0 : uses_of(uses);
	jv_free(uses);
	return k;
}

/* "the NAME KIND", malloc'd: what --max-cost cannot price. */
static char *
named(const char *kind, const char *name)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "the ");
	buf_adds(&b, name);
	buf_adds(&b, " ");
	buf_adds(&b, kind);
	return buf_take(&b);
}

/* Does obj (borrowed) have a member key? */
static int
has(jv obj, const char *key)
{
	jv v = json_get(obj, key);
	int r = jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL;

	jv_free(v);
	return r;
}

/*
 * What the "tools" of body (borrowed) may cost besides tokens.  Function
 * tools and openrouter:datetime nothing.  A web search tool, the searches
 * it allows, summed over such tools into *searches: OpenRouter's keeps
 * its settings in "parameters", OpenAI's kinds at the top and in
 * "parameters" as well, and as it is not known which wins, the larger
 * counts.  Any other tool (openrouter:fusion and subagent run models of
 * their own, web_fetch, image_generation, ... are priced elsewhere) has no
 * bound: the first such type in *unpriced (malloc'd), unless it already
 * names one.
 */
static void
tool_terms(jv body, long long *searches, char **unpriced)
{
	static const char *const web[] = { "openrouter:web_search",
	    "web_search", "web_search_preview", "web_search_preview_2025_03_11",
	    "web_search_2025_08_26" };
	jv tools = jv_object_get(jv_copy(body), jv_string("tools"));
	int anthropic = all_anthropic(body), i, n;
	long long k, kp;
	const char *type;
	size_t t;

	*searches = 0;
	n = jv_get_kind(tools) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(tools)) : 0;
	for (i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(tools), i), conf;

		type = jv_get_kind(x) == JV_KIND_OBJECT ? json_str(x, "type") :
		    NULL;
		for (t = 0; type && t < sizeof web / sizeof web[0]; t++)
			if (strcmp(type, web[t]) == 0)
				break;
		if (type == NULL || strcmp(type, "function") == 0 ||
		    strcmp(type, "openrouter:datetime") == 0) {
			jv_free(x);
			continue;
		}
		if (t == sizeof web / sizeof web[0]) {
			if (*unpriced == NULL)
				*unpriced = named("tool", type);
			jv_free(x);
			continue;
		}
		k = -1;
		if (t > 0 && (has(x, "max_uses") || has(x, "engine")))
			k = conf_searches(x, anthropic);
		conf = json_get(x, "parameters");
		if (jv_get_kind(conf) == JV_KIND_OBJECT &&
		    (kp = conf_searches(conf, anthropic)) > k)
			k = kp;
		jv_free(conf);
		*searches = add_sat(*searches, k < 0 ? LLONG_MAX : k);
		jv_free(x);
	}
	jv_free(tools);
}

/*
 * A plugin that costs nothing besides tokens: response-healing,
 * context-compression, and file-parser with the pdf-text engine (free) or
 * native (the model reads the file, as prompt tokens).  Its other engines
 * (mistral-ocr, and the default, which may be it) are billed by the page.
 */
static int
free_plugin(jv x, const char *id)
{
	const char *engine;

	if (strcmp(id, "response-healing") == 0 ||
	    strcmp(id, "context-compression") == 0)
		return 1;
	if (strcmp(id, "file-parser") != 0)
		return 0;
	engine = json_str(x, "pdf.engine");
	return engine && (strcmp(engine, "pdf-text") == 0 ||
	    strcmp(engine, "native") == 0);
}

/*
 * The plugins of body (borrowed): the web plugin's searches, summed into
 * *searches; the first plugin that is neither that nor free (fusion runs
 * models of its own; web-fetch, moderation, the routers, file-parser's
 * paid engines, ...) in *unpriced (malloc'd), unless it already names
 * one, as it has no bound.  One with "enabled": false is none.
 */
static void
plugin_terms(jv body, long long *searches, char **unpriced)
{
	jv plugins = jv_object_get(jv_copy(body), jv_string("plugins"));
	const char *id;
	int i, n;

	*searches = 0;
	n = jv_get_kind(plugins) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(plugins)) : 0;
	for (i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(plugins), i);
		jv uses, on;

		if (jv_get_kind(x) != JV_KIND_OBJECT ||
		    (id = json_str(x, "id")) == NULL) {
			jv_free(x);
			continue;
		}
		on = json_get(x, "enabled");
		if (jv_get_kind(on) == JV_KIND_FALSE || free_plugin(x, id)) {
			jv_free(on);
			jv_free(x);
			continue;
		}
		jv_free(on);
		if (strcmp(id, "web") != 0) {
			if (*unpriced == NULL)
				*unpriced = named("plugin", id);
			jv_free(x);
			continue;
		}
		/*
		 * Once a request; max_uses times when native search may.
		 * Two of them are summed, as OpenRouter may run both.
		 */
		uses = json_get(x, "max_uses");
		*searches = add_sat(*searches, uses_of(uses));
		jv_free(uses);
		jv_free(x);
	}
	jv_free(plugins);
}

/* The whole number at key in obj (borrowed), or -1. */
static long long
count_of(jv obj, const char *key)
{
	long long n;

	if (json_int(obj, key, &n) == 0 && n >= 0)
		return n;
	return -1;
}

/* The parts of type image_url in the messages of body (borrowed). */
static long long
count_images(jv body)
{
	jv msgs = jv_object_get(jv_copy(body), jv_string("messages"));
	long long count = 0;
	int i, j, n, np;
	const char *t;

	n = jv_get_kind(msgs) == JV_KIND_ARRAY ? jv_array_length(jv_copy(msgs))
	    : 0;
	for (i = 0; i < n; i++) {
		jv m = jv_array_get(jv_copy(msgs), i);
		jv c = json_get(m, "content");

		np = jv_get_kind(c) == JV_KIND_ARRAY ?
		    jv_array_length(jv_copy(c)) : 0;
		for (j = 0; j < np; j++) {
			jv part = jv_array_get(jv_copy(c), j);

			t = json_str(part, "type");
			if (t && strcmp(t, "image_url") == 0)
				count++;
			jv_free(part);
		}
		jv_free(c);
		jv_free(m);
	}
	jv_free(msgs);
	return count;
}

void
spend_terms(jv body, struct spend_terms *t)
{
	jv models;
	const char *m;
	long long a, b;
	int i, n;

	m = json_str(body, "model");
	t->model = m ? xstrdup(m) : NULL;
	t->fallbacks = jv_array();
	models = jv_object_get(jv_copy(body), jv_string("models"));
	n = jv_get_kind(models) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(models)) : 0;
	for (i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(models), i);

		if (jv_get_kind(x) == JV_KIND_STRING && (m == NULL ||
		    strcmp(jv_string_value(x), m) != 0))
			t->fallbacks = jv_array_append(t->fallbacks, x);
		else
			jv_free(x);
	}
	jv_free(models);
	a = count_of(body, "max_tokens");
	b = count_of(body, "max_completion_tokens");
	t->max_tokens = a > b ? a : b;
	/* 0 may be taken for no limit: the model's maximum, as none. */
	if (t->max_tokens == 0)
		t->max_tokens = -1;
	t->nimages = count_images(body);
	t->unpriced = NULL;
	plugin_terms(body, &t->nsearches, &t->unpriced);
	tool_terms(body, &t->ntoolsearches, &t->unpriced);
}

void
spend_terms_init(struct spend_terms *t)
{
	t->model = NULL;
	t->fallbacks = jv_null();	/* allocates nothing, unlike jv_array */
	t->max_tokens = -1;
	t->nimages = 0;
	t->nsearches = 0;
	t->ntoolsearches = 0;
	t->unpriced = NULL;
}

void
spend_terms_free(struct spend_terms *t)
{
	free(t->model);
	jv_free(t->fallbacks);
	free(t->unpriced);
	spend_terms_init(t);
}

int
spend_budget(const struct opts *o, const struct chat_req *r, jv body,
    size_t bodylen, struct or_error *e)
{
	char cost[MONEY_FMTSIZE], budget[MONEY_FMTSIZE], pp[MONEY_FMTSIZE],
	    cp[MONEY_FMTSIZE], wp[MONEY_FMTSIZE], web[80 + MONEY_FMTSIZE];
	const struct cat_model *worst_m;
	struct catalog *cat;
	struct cat_price price;
	long long prompt = (long long)(bodylen + 3) / 4, worst_used,
	    worst_searches;
	struct spend_terms t;
	money_t worst;
	int ret;

	/* --set may name another model, more tokens or a web search. */
	spend_terms(body, &t);
	if ((ret = catalog_open(o, r->catalog, 0, &cat, e))) {
		spend_terms_free(&t);
		return ret;
	}
	ret = spend_worst_of(cat, &t, bodylen, &worst, &worst_m, &worst_used,
	    &worst_searches, e);
	spend_terms_free(&t);
	if (ret == 0 && money_cmp(worst, r->max_cost) > 0) {
		worst_price(worst_m, prompt, &price);
		web[0] = '\0';
		if (worst_searches > 0)
			snprintf(web, sizeof web, ", and %lld web search%s at "
			    "%s USD", worst_searches, worst_searches == 1 ? "" :
			    "es", money_fmt(price.v[CP_WEB_SEARCH], wp,
			    sizeof wp));
		ret = error_set(e, OR_EX_NEGATIVE, "--max-cost %s: the worst case "
		    "is %s USD for %s (%lld prompt tokens at %s and %lld "
		    "completion tokens at %s USD per million%s); nothing sent",
		    money_fmt(r->max_cost, budget, sizeof budget),
		    money_fmt(worst, cost, sizeof cost), worst_m->id, prompt,
		    money_fmt_per_million(price.v[CP_PROMPT], pp, sizeof pp),
		    worst_used, money_fmt_per_million(price.v[CP_COMPLETION],
		    cp, sizeof cp), web);
	}
	catalog_close(cat);
	return ret;
}

/*
 * After the reply: the usage line, and the ledger line whenever the answer
 * could be read (a failed call may still be billed).
 */
int
spend_record(const struct chat_req *cr, const struct chat_reply *rp,
    struct or_error *e)
{
	struct buf line;
	int r;

	/* The ledger is spend: an answer from the cache spent nothing. */
	if (cr->log == NULL || cr->cached || (!rp->id && !rp->has_usage))
		return 0;
	buf_init(&line, 0);
	spend_log_line(rp, cr->model, time(NULL), &line);
	r = spend_log_append(cr->log, &line, e);
	buf_free(&line);
	return r;
}

void
spend_usage(const struct chat_req *cr, const struct chat_reply *rp)
{
	struct buf line;

	if (!cr->usage || (!rp->id && !rp->has_usage))
		return;
	/* What is on stdout comes first, on a terminal. */
	fflush(stdout);
	buf_init(&line, 0);
	usage_line(rp, cr->cached, &line);
	fprintf(stderr, "%s: %s\n", progname(), line.p);
	buf_free(&line);
}

/* Does id end in the variant ":online", the web plugin's shorthand? */
static int
is_online(const char *id)
{
	size_t n = strlen(id);

	return n > 7 && strcmp(id + n - 7, ":online") == 0;
}

int
spend_worst_of(const struct catalog *cat, const struct spend_terms *t,
    size_t bodylen, money_t *worst, const struct cat_model **worst_m,
    long long *worst_used, long long *worst_searches, struct or_error *e)
{
	const struct cat_model *m;
	long long prompt = (long long)(bodylen + 3) / 4, used, k;
	const char *id, *why;
	money_t c;
	int i, n, ret = 0;
	jv ids;

	*worst = 0;
	*worst_m = NULL;
	*worst_used = 0;
	if (worst_searches)
		*worst_searches = 0;
	if (t->unpriced)
		return error_set(e, OR_EX_NEGATIVE, "--max-cost: the cost of "
		    "%s has no bound: it is not priced in the catalog; nothing "
		    "sent", t->unpriced);
	ids = jv_array_concat(jv_array_append(jv_array(),
	    jv_string(t->model ? t->model : "")), jv_copy(t->fallbacks));
	n = jv_array_length(jv_copy(ids));
	for (i = 0; i < n && ret == 0; i++) {
		jv x = jv_array_get(jv_copy(ids), i);

		id = jv_get_kind(x) == JV_KIND_STRING ? jv_string_value(x) :
		    "a model that is not a string";
		/* ":online" is the web plugin, not a second one. */
		k = t->nsearches < 1 && is_online(id) ? 1 : t->nsearches;
		k = add_sat(k, t->ntoolsearches);
		if ((m = catalog_find(cat, id)) == NULL)
			ret = error_set(e, OR_EX_NEGATIVE, "--max-cost: %s is not "
			    "in the model catalog, so its cost has no bound; "
			    "nothing sent", id);
		else if (spend_worst_case(m, prompt, t->max_tokens,
		    t->nimages, k, &c, &used, &why) == -1)
			ret = error_set(e, OR_EX_NEGATIVE, "--max-cost: the cost "
			    "of %s has no bound: %s; nothing sent", id, why);
		else if (*worst_m == NULL || money_cmp(c, *worst) > 0) {
			*worst = c;
			*worst_m = m;
			*worst_used = used;
			if (worst_searches)
				*worst_searches = k;
		}
		jv_free(x);
	}
	jv_free(ids);
	return ret;
}
