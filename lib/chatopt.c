/*
 * chatopt: the request options orchat and orstream share, from argv to a
 * struct chat_req.
 *
 * Every value is checked here and kept as jv (or a name, for files read
 * later by prompt), so that no text from the user is ever pasted into
 * JSON.  Money never goes through jv's doubles: max_price is kept as an
 * exact decimal string (the spec types it as a string).  No I/O but
 * chatopt_usage's (and opts_handle's, for --help and --version).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatopt.h"
#include "error.h"
#include "json.h"
#include "money.h"
#include "opts.h"
#include "util.h"

/* jv holds numbers as doubles: integers beyond 2^53 would be rounded. */
#define SAFE_INT	9007199254740991LL

void
chatopt_init_lazy(struct chat_req *r)
{
	memset(r, 0, sizeof *r);
	if ((r->model = env_value("ORKIT_MODEL")) == NULL)
		r->model = CHAT_MODEL_DEFAULT;
	r->log = env_value("ORKIT_LOG");
	r->cache_dir = env_value("ORKIT_CACHE");
	r->cache_ttl = -1;
	r->max_tokens = -1;
}

void
chatopt_init(struct chat_req *r)
{
	chatopt_init_lazy(r);
	chatopt_jv(r);
}

void
chatopt_jv(struct chat_req *r)
{
	if (r->jv_made)
		return;
	r->jv_made = 1;
	r->fallbacks = jv_array();
	r->params = jv_object();
	r->provider = jv_object();
	r->reasoning = jv_object();
	r->sets = jv_array();
	r->messages = jv_array();
	r->conv_doc = jv_null();
	r->tools = jv_null();
	r->response_format = jv_null();
}

void
chatopt_free(struct chat_req *r)
{
	if (r->jv_made) {
		jv_free(r->fallbacks);
		jv_free(r->params);
		jv_free(r->provider);
		jv_free(r->reasoning);
		jv_free(r->sets);
		jv_free(r->messages);
		jv_free(r->conv_doc);
		jv_free(r->tools);
		jv_free(r->response_format);
	}
	free(r->images);
	free(r->files);
	memset(r, 0, sizeof *r);
}



/* Number-valued request fields: the flag, the field, the range. */
static const struct numopt {
	int		 ch;
	const char	*flag;
	const char	*field;
	const char	*lo, *hi;
	int		 lo_open;	/* lo itself is out of range */
} numopts[] = {
	{ 't', "--temperature", "temperature", "0", "2", 0 },
	{ CHAT_OPT_TOP_P, "--top-p", "top_p", "0", "1", 1 },
	{ CHAT_OPT_FREQUENCY_PENALTY, "--frequency-penalty",
	    "frequency_penalty", "-2", "2", 0 },
	{ CHAT_OPT_PRESENCE_PENALTY, "--presence-penalty",
	    "presence_penalty", "-2", "2", 0 },
	{ CHAT_OPT_REPETITION_PENALTY, "--repetition-penalty",
	    "repetition_penalty", "0", "2", 1 },
	{ CHAT_OPT_MIN_P, "--min-p", "min_p", "0", "1", 0 },
	{ CHAT_OPT_TOP_A, "--top-a", "top_a", "0", "1", 0 },
};

static const struct intopt {
	int		 ch;
	const char	*flag;
	const char	*field;
	long long	 lo, hi;
} intopts[] = {
	{ CHAT_OPT_TOP_K, "--top-k", "top_k", 0, INT_MAX },
	{ CHAT_OPT_SEED, "--seed", "seed", -SAFE_INT, SAFE_INT },
	{ CHAT_OPT_MAX_TOKENS, "--max-tokens", "max_tokens", 1, INT_MAX },
	{ CHAT_OPT_REASONING_MAX_TOKENS, "--reasoning-max-tokens",
	    "max_tokens", 1, INT_MAX },
};

static const char *const efforts[] = {
	"none", "minimal", "low", "medium", "high", "xhigh", "max", NULL
};
static const char *const sorts[] = {
	"price", "throughput", "latency", "exacto", NULL
};
static const char *const collections[] = { "allow", "deny", NULL };
static const char *const quantizations[] = {
	"int4", "int8", "fp4", "mxfp4", "nvfp4", "fp6", "fp8", "mxfp8", "fp16",
	"bf16", "fp32", "unknown", NULL
};

/* Values are the user's: shown cleaned, on the one line (opts_value). */
static int
bad(struct or_error *e, const char *flag, const char *why, const char *arg)
{
	char val[OPTS_VALMAX];

	error_set(e, OR_EX_USAGE, "%s: %s: %s", flag, why, opts_value(val,
	    sizeof val, arg));
	return -1;
}

static int
one_of(const char *s, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

static int
bad_choice(struct or_error *e, const char *flag, const char *const *list,
    const char *arg)
{
	char want[256] = "", val[OPTS_VALMAX];
	size_t n;
	int i;

	for (i = 0; list[i]; i++) {
		n = strlen(want);
		snprintf(want + n, sizeof want - n, "%s%s", i ? "|" : "",
		    list[i]);
	}
	error_set(e, OR_EX_USAGE, "%s: not one of %s: %s", flag, want,
	    opts_value(val, sizeof val, arg));
	return -1;
}

/*
 * A decimal in [lo, hi] (lo excluded when lo_open).  The check is exact
 * (money parses the JSON number grammar and nothing else: no "inf", no
 * hex, no spaces); the double is only for jv.
 */
static int
decimal_in(const char *s, const char *lo, const char *hi, int lo_open,
    double *out)
{
	money_t v, l, h;

	if (money_parse(s, strlen(s), &v) != MONEY_OK ||
	    money_parse(lo, strlen(lo), &l) != MONEY_OK ||
	    money_parse(hi, strlen(hi), &h) != MONEY_OK)
		return -1;
	if (money_cmp(v, l) < 0 || (lo_open && money_cmp(v, l) == 0) ||
	    money_cmp(v, h) > 0)
		return -1;
	*out = strtod(s, NULL);
	return 0;
}

/*
 * A comma-separated list, items trimmed.  -1 for an empty item, or for one
 * not in allowed (then *badp is that item, in the caller's buffer).
 */
static int
split_list(const char *arg, const char *const *allowed, jv *out,
    char *item, size_t size, const char **badp)
{
	const char *p = arg, *end;
	size_t n;

	*out = jv_array();
	*badp = NULL;
	for (;;) {
		end = p + strcspn(p, ",");
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		n = end - p;
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0 || n >= size)
			break;
		memcpy(item, p, n);
		item[n] = '\0';
		if (allowed && one_of(item, allowed) < 0) {
			*badp = item;
			break;
		}
		*out = jv_array_append(*out, jv_string(item));
		if (*end == '\0')
			return 0;
		p = end + 1;
	}
	jv_free(*out);
	*out = jv_null();
	return -1;
}

static int
list_opt(jv *obj, const char *key, const char *flag,
    const char *const *allowed, const char *arg, struct or_error *e)
{
	const char *what;
	char item[256];
	jv list;

	if (split_list(arg, allowed, &list, item, sizeof item, &what) == -1) {
		if (what)
			return bad_choice(e, flag, allowed, what);
		return bad(e, flag, "not a comma-separated list", arg);
	}
	*obj = json_set_key(*obj, key, list);
	return 1;
}

static int
price_opt(struct chat_req *r, const char *key, const char *flag,
    const char *arg, struct or_error *e)
{
	char s[MONEY_FMTSIZE];
	money_t v;
	jv mp;

	if (money_parse(arg, strlen(arg), &v) != MONEY_OK || v < 0)
		return bad(e, flag, "not a price in USD per million tokens",
		    arg);
	mp = jv_object_get(jv_copy(r->provider), jv_string("max_price"));
	if (jv_get_kind(mp) != JV_KIND_OBJECT) {
		jv_free(mp);
		mp = jv_object();
	}
	/* A string, as the spec types it: the value exactly as meant. */
	mp = json_set_key(mp, key, jv_string(money_fmt(v, s, sizeof s)));
	r->provider = json_set_key(r->provider, "max_price", mp);
	return 1;
}

/* --set PATH=JSON: checked now, applied last by chat_body. */
static int
set_opt(struct chat_req *r, const char *arg, struct or_error *e)
{
	const char *eq = strchr(arg, '='), *dots = strstr(arg, "..");
	char perr[128], clean[128], val[OPTS_VALMAX];
	size_t n;
	jv v;

	if (eq == NULL || eq == arg)
		return bad(e, "--set", "not PATH=JSON", arg);
	n = eq - arg;
	if (arg[0] == '.' || arg[n - 1] == '.' || (dots && dots < eq))
		return bad(e, "--set", "an empty key in the path", arg);
	v = json_parse(eq + 1, strlen(eq + 1), perr, sizeof perr);
	if (!jv_is_valid(v)) {
		/* The parser's message may quote the text, newlines too. */
		error_set(e, OR_EX_USAGE, "--set: not JSON after '=' (%s): %s",
		    sanitize(clean, sizeof clean, perr, strlen(perr)),
		    opts_value(val, sizeof val, arg));
		return -1;
	}
	r->sets = jv_array_append(r->sets, jv_array_append(jv_array_append(
	    jv_array(), jv_string_sized(arg, (int)n)), v));
	return 1;
}

static int
tool_choice_opt(struct chat_req *r, const char *arg, struct or_error *e)
{
	static const char *const words[] = { "auto", "none", "required",
	    NULL };
	jv v;

	if (*arg == '\0')
		return bad(e, "--tool-choice", "not auto, none, required or a "
		    "function name", arg);
	if (one_of(arg, words) >= 0)
		v = jv_string(arg);
	else
		v = json_set_key(json_set_key(jv_object(), "type",
		    jv_string("function")), "function",
		    json_set_key(jv_object(), "name", jv_string(arg)));
	r->params = json_set_key(r->params, "tool_choice", v);
	return 1;
}

static int
stop_opt(struct chat_req *r, const char *arg, struct or_error *e)
{
	jv stop = jv_object_get(jv_copy(r->params), jv_string("stop"));

	if (jv_get_kind(stop) != JV_KIND_ARRAY) {
		jv_free(stop);
		stop = jv_array();
	}
	if (*arg == '\0' || jv_array_length(jv_copy(stop)) >= CHAT_MAX_STOP) {
		jv_free(stop);
		return bad(e, "--stop", *arg ? "at most 4 stop sequences" :
		    "an empty stop sequence", arg);
	}
	r->params = json_set_key(r->params, "stop",
	    jv_array_append(stop, jv_string(arg)));
	return 1;
}

static const char **
add_name(const char **list, size_t *n, const char *name)
{
	list = xrealloc(list, (*n + 1) * sizeof *list);
	list[(*n)++] = name;
	return list;
}

static int
number_opt(struct chat_req *r, int ch, const char *arg, struct or_error *e)
{
	const struct numopt *no;
	const struct intopt *io;
	char why[96];
	long long n;
	double d;

	for (no = numopts; no < numopts + sizeof numopts / sizeof *no; no++) {
		if (no->ch != ch)
			continue;
		if (decimal_in(arg, no->lo, no->hi, no->lo_open, &d) == -1) {
			snprintf(why, sizeof why, no->lo_open ? "not a number "
			    "above %s and up to %s" : "not a number from %s to "
			    "%s", no->lo, no->hi);
			return bad(e, no->flag, why, arg);
		}
		chatopt_jv(r);
		r->params = json_set_key(r->params, no->field, jv_number(d));
		return 1;
	}
	for (io = intopts; io < intopts + sizeof intopts / sizeof *io; io++) {
		if (io->ch != ch)
			continue;
		if (parse_long(arg, io->lo, io->hi, &n) == -1) {
			snprintf(why, sizeof why, "not a whole number from "
			    "%lld to %lld", io->lo, io->hi);
			return bad(e, io->flag, why, arg);
		}
		chatopt_jv(r);
		if (ch == CHAT_OPT_REASONING_MAX_TOKENS)
			r->reasoning = json_set_key(r->reasoning, io->field,
			    jv_number((double)n));
		else
			r->params = json_set_key(r->params, io->field,
			    jv_number((double)n));
		if (ch == CHAT_OPT_MAX_TOKENS)
			r->max_tokens = n;
		return 1;
	}
	return 0;
}

/* Options whose value is a name or a file, taken as given. */
static int
name_opt(struct chat_req *r, int ch, const char *arg, struct or_error *e)
{
	switch (ch) {
	case 'm':
		if (*arg == '\0')
			return bad(e, "--model", "an empty model id", arg);
		r->model = arg;
		return 1;
	case CHAT_OPT_FALLBACK:
		if (*arg == '\0')
			return bad(e, "--fallback", "an empty model id", arg);
		r->fallbacks = jv_array_append(r->fallbacks, jv_string(arg));
		return 1;
	case 'c':
		if (*arg == '\0' || strcmp(arg, "-") == 0)
			return bad(e, "--conversation", "needs a file name",
			    arg);
		r->conversation = arg;
		return 1;
	case 'i':
		r->images = add_name(r->images, &r->nimages, arg);
		return 1;
	case CHAT_OPT_FILE:
		r->files = add_name(r->files, &r->nfiles, arg);
		return 1;
	case 's':
		r->system = arg;
		return 1;
	case CHAT_OPT_SYSTEM_FILE:
		r->system_file = arg;
		return 1;
	case CHAT_OPT_SCHEMA:
		r->schema_file = arg;
		return 1;
	case CHAT_OPT_TOOLS:
		r->tools_file = arg;
		return 1;
	case CHAT_OPT_LOG:
		/* --log '' turns off an ORKIT_LOG from the environment. */
		r->log = *arg ? arg : NULL;
		return 1;
	case CHAT_OPT_CATALOG:
		r->catalog = arg;
		return 1;
	case CHAT_OPT_CACHE:
		/* --cache '' turns off an ORKIT_CACHE from the environment. */
		r->cache_dir = *arg ? arg : NULL;
		return 1;
	case CHAT_OPT_USER:
		if (*arg == '\0')
			return bad(e, "--user", "an empty id", arg);
		r->params = json_set_key(r->params, "user", jv_string(arg));
		return 1;
	}
	return 0;
}

/* Flags without a value. */
static int
flag_opt(struct chat_req *r, int ch)
{
	switch (ch) {
	case 'M':
		r->messages_stdin = 1;
		break;
	case 'r':
		r->show_reasoning = 1;
		break;
	case 'u':
		r->usage = 1;
		break;
	case CHAT_OPT_DRY_RUN:
		r->dry_run = 1;
		break;
	case CHAT_OPT_JSON_MODE:
		r->json_mode = 1;
		break;
	case CHAT_OPT_NO_PARALLEL_TOOL_CALLS:
		r->params = json_set_key(r->params, "parallel_tool_calls",
		    jv_false());
		break;
	case CHAT_OPT_NO_FALLBACKS:
		r->provider = json_set_key(r->provider, "allow_fallbacks",
		    jv_false());
		break;
	case CHAT_OPT_REQUIRE_PARAMETERS:
		r->provider = json_set_key(r->provider, "require_parameters",
		    jv_true());
		break;
	case CHAT_OPT_ZDR:
		r->provider = json_set_key(r->provider, "zdr", jv_true());
		break;
	case CHAT_OPT_REASONING_EXCLUDE:
		r->reasoning = json_set_key(r->reasoning, "exclude", jv_true());
		break;
	case CHAT_OPT_WEB:
		r->params = json_set_key(r->params, "plugins",
		    jv_array_append(jv_array(), json_set_key(jv_object(),
		    "id", jv_string("web"))));
		break;
	default:
		return 0;
	}
	return 1;
}

/* Options whose value is one of a few words. */
static int
choice_opt(struct chat_req *r, int ch, const char *arg, struct or_error *e)
{
	switch (ch) {
	case CHAT_OPT_SORT:
		if (one_of(arg, sorts) < 0)
			return bad_choice(e, "--sort", sorts, arg);
		chatopt_jv(r);
		r->provider = json_set_key(r->provider, "sort", jv_string(arg));
		return 1;
	case CHAT_OPT_DATA_COLLECTION:
		if (one_of(arg, collections) < 0)
			return bad_choice(e, "--data-collection", collections,
			    arg);
		chatopt_jv(r);
		r->provider = json_set_key(r->provider, "data_collection",
		    jv_string(arg));
		return 1;
	case CHAT_OPT_REASONING_EFFORT:
		if (one_of(arg, efforts) < 0)
			return bad_choice(e, "--reasoning-effort", efforts,
			    arg);
		chatopt_jv(r);
		r->reasoning = json_set_key(r->reasoning, "effort",
		    jv_string(arg));
		return 1;
	case CHAT_OPT_TOOL_CHOICE:
		return tool_choice_opt(r, arg, e);
	}
	return 0;
}

/* Is ch one of CHAT_SHORT or CHAT_LONGOPTS? */
static int
is_chat_opt(int ch)
{
	static const struct option chat[] = { CHAT_LONGOPTS };
	size_t i;

	if (ch > 0 && ch < 256 && ch != ':' && strchr(CHAT_SHORT, ch))
		return 1;
	for (i = 0; i < sizeof chat / sizeof chat[0]; i++)
		if (chat[i].val == ch)
			return 1;
	return 0;
}

/*
 * Does ch need the request's jv members before its value is checked?  Not
 * the options kept as plain C values, nor the numbers and words, which are
 * checked first and make them then: so a bad value, or --help after such
 * options, loads no libjq.
 */
static int
jv_first(int ch)
{
	size_t i;

	switch (ch) {
	case 'm': case 'c': case 'i': case 's': case 'M': case 'r': case 'u':
	case CHAT_OPT_FILE: case CHAT_OPT_SYSTEM_FILE: case CHAT_OPT_SCHEMA:
	case CHAT_OPT_TOOLS: case CHAT_OPT_LOG: case CHAT_OPT_CATALOG:
	case CHAT_OPT_CACHE: case CHAT_OPT_DRY_RUN: case CHAT_OPT_JSON_MODE:
	case CHAT_OPT_MAX_COST: case CHAT_OPT_CACHE_TTL: case CHAT_OPT_SORT:
	case CHAT_OPT_DATA_COLLECTION: case CHAT_OPT_REASONING_EFFORT:
		return 0;
	}
	for (i = 0; i < sizeof numopts / sizeof *numopts; i++)
		if (numopts[i].ch == ch)
			return 0;
	for (i = 0; i < sizeof intopts / sizeof *intopts; i++)
		if (intopts[i].ch == ch)
			return 0;
	return 1;
}

int
chatopt_parse(struct chat_req *r, int ch, const char *arg, struct or_error *e)
{
	money_t v;
	int n;

	if (!is_chat_opt(ch))
		return 0;
	if (jv_first(ch))
		chatopt_jv(r);
	/* Each group answers 1 (taken), -1 (bad value) or 0 (not its). */
	if (flag_opt(r, ch))
		return 1;
	if ((n = name_opt(r, ch, arg, e)) != 0 ||
	    (n = choice_opt(r, ch, arg, e)) != 0 ||
	    (n = number_opt(r, ch, arg, e)) != 0)
		return n;
	switch (ch) {
	case CHAT_OPT_STOP:
		return stop_opt(r, arg, e);
	case CHAT_OPT_PROVIDER_ORDER:
		return list_opt(&r->provider, "order", "--provider-order",
		    NULL, arg, e);
	case CHAT_OPT_PROVIDER_ONLY:
		return list_opt(&r->provider, "only", "--provider-only", NULL,
		    arg, e);
	case CHAT_OPT_PROVIDER_IGNORE:
		return list_opt(&r->provider, "ignore", "--provider-ignore",
		    NULL, arg, e);
	case CHAT_OPT_QUANTIZATIONS:
		return list_opt(&r->provider, "quantizations",
		    "--quantizations", quantizations, arg, e);
	case CHAT_OPT_TRANSFORMS:
		/* '' is the empty list, which turns the default off. */
		if (*arg == '\0') {
			r->params = json_set_key(r->params, "transforms",
			    jv_array());
			return 1;
		}
		return list_opt(&r->params, "transforms", "--transforms", NULL,
		    arg, e);
	case CHAT_OPT_MAX_PRICE_PROMPT:
		return price_opt(r, "prompt", "--max-price-prompt", arg, e);
	case CHAT_OPT_MAX_PRICE_COMPLETION:
		return price_opt(r, "completion", "--max-price-completion",
		    arg, e);
	case CHAT_OPT_MAX_COST:
		if (money_parse(arg, strlen(arg), &v) != MONEY_OK || v < 0)
			return bad(e, "--max-cost", "not an amount in USD",
			    arg);
		r->max_cost = v;
		r->has_max_cost = 1;
		return 1;
	case CHAT_OPT_CACHE_TTL:
		/*
		 * Whole seconds, any number of them: an age beyond what a
		 * long long holds is any age.
		 */
		if (parse_long(arg, 0, LLONG_MAX, &r->cache_ttl) == -1) {
			if (arg[0] == '\0' || arg[strspn(arg, "0123456789")])
				return bad(e, "--cache-ttl", "not a whole "
				    "number of seconds", arg);
			r->cache_ttl = -1;
		}
		return 1;
	case CHAT_OPT_SET:
		return set_opt(r, arg, e);
	}
	return 0;
}

int
chatopt_next(int argc, char *const argv[], const char *more,
    const struct option *longopts, struct opts *o, struct chat_req *r,
    void (*usage)(FILE *, int), struct or_error *e)
{
	char shortopts[64];
	int ch, n;

	snprintf(shortopts, sizeof shortopts, "%s%s", OPTS_SHORT CHAT_SHORT,
	    more);
	while ((ch = opts_next(argc, argv, shortopts, longopts)) != -1) {
		if ((n = opts_handle(o, ch, optarg, usage, e)) == 1)
			continue;
		if (n == -1)
			return CHATOPT_BAD;
		if ((n = chatopt_parse(r, ch, optarg, e)) == 0)
			return ch;
		if (n == -1)
			return CHATOPT_BAD;
	}
	return -1;
}

void
chatopt_usage(FILE *fp)
{
	fputs(
"Input:\n"
"  -s, --system TEXT        the system prompt\n"
"      --system-file FILE   the system prompt from FILE\n"
"  -M, --messages           stdin is a JSON array of messages (or an object\n"
"                           with \"messages\"); arguments add a user message\n"
"  -c, --conversation FILE  send the messages in FILE with this one, then\n"
"                           rewrite FILE (atomically) with the reply added\n"
"  -i, --image FILE|URL     attach a PNG, JPEG, GIF or WebP (repeatable)\n"
"      --file FILE|URL      attach a file, such as a PDF (repeatable)\n"
"Model and sampling:\n"
"  -m, --model ID           model to ask (ORKIT_MODEL; default "
CHAT_MODEL_DEFAULT ")\n"
"      --fallback ID        model to fall back on, in order (repeatable)\n"
"  -t, --temperature N      0 to 2\n"
"      --top-p N            above 0, up to 1\n"
"      --top-k N            0 (off) or more\n"
"      --seed N             for repeatable sampling, where supported\n"
"      --max-tokens N       at most N tokens in the reply\n"
"      --stop TEXT          stop at TEXT (repeatable, up to 4)\n"
"      --frequency-penalty N, --presence-penalty N   -2 to 2\n"
"      --repetition-penalty N  above 0, up to 2\n"
"      --min-p N, --top-a N  0 to 1\n"
"Structured output and tools:\n"
"      --json-mode          ask for a JSON object; the reply must parse\n"
"      --schema FILE        ask for JSON valid under the JSON Schema in FILE\n"
"      --tools FILE         offer the tools defined in FILE (a JSON array)\n"
"      --tool-choice auto|none|required|NAME\n"
"      --no-parallel-tool-calls  at most one tool call per reply\n"
"Routing:\n"
"      --provider-order A,B  try these providers first, in this order\n"
"      --provider-only A,B  use these providers only\n"
"      --provider-ignore A,B  never use these providers\n"
"      --sort price|throughput|latency|exacto\n"
"      --no-fallbacks       no provider beyond --provider-order\n"
"      --require-parameters  only providers honouring every parameter\n"
"      --data-collection allow|deny\n"
"      --zdr                zero-data-retention endpoints only\n"
"      --quantizations LIST  such as fp8,bf16\n"
"      --max-price-prompt USD, --max-price-completion USD\n"
"                           price caps, in USD per million tokens\n"
"Reasoning:\n"
"      --reasoning-effort none|minimal|low|medium|high|xhigh|max\n"
"      --reasoning-max-tokens N  a token budget for reasoning\n"
"      --reasoning-exclude  reason, but leave it out of the reply\n"
"  -r, --show-reasoning     print the reasoning on stderr\n"
"Other request fields:\n"
"      --transforms LIST    such as middle-out ('' for none)\n"
"      --web                the web search plugin\n"
"      --user ID            an end-user id, for abuse isolation\n"
"      --set PATH=JSON      set any request field (repeatable)\n"
"      --dry-run            print the request body and send nothing\n"
"Spending:\n"
"  -u, --usage              tokens, cost and generation id on stderr\n"
"      --log FILE           add a JSON line per call to FILE (ORKIT_LOG)\n"
"      --max-cost USD       send nothing if the worst case costs more\n"
"      --catalog FILE       model catalog for --max-cost (ORKIT_CATALOG)\n"
"Repeat runs:\n"
"      --cache DIR          answer an identical request from DIR, free, with\n"
"                           no network and no key; store new answers there\n"
"                           (ORKIT_CACHE; '' for none)\n"
"      --cache-ttl SECS     serve entries at most SECS old (default: any\n"
"                           age; 0: never serve, only store)\n",
	    fp);
}
