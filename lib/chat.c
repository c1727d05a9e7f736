/*
 * chat: the chat-completion request and its reply.
 *
 * The body is built with jv from values the options checked, so that no
 * text from the user is ever pasted into JSON.  Money never goes through
 * jv's doubles: max_price is sent as an exact decimal string (the spec
 * types it as a string), usage.cost is read from the raw reply with jscan
 * into money_t, and the ledger line carries the raw usage object.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "chat.h"
#include "error.h"
#include "jscan.h"
#include "json.h"
#include "money.h"
#include "util.h"

/* jv holds numbers as doubles: integers beyond 2^53 would be rounded. */
#define SAFE_INT	9007199254740991LL

void
chat_init(struct chat_req *r)
{
	memset(r, 0, sizeof *r);
	if ((r->model = env_value("ORKIT_MODEL")) == NULL)
		r->model = CHAT_MODEL_DEFAULT;
	r->log = env_value("ORKIT_LOG");
	r->fallbacks = jv_array();
	r->params = jv_object();
	r->provider = jv_object();
	r->reasoning = jv_object();
	r->sets = jv_array();
	r->max_tokens = -1;
	r->messages = jv_array();
	r->conv_doc = jv_null();
	r->tools = jv_null();
	r->response_format = jv_null();
}

void
chat_free(struct chat_req *r)
{
	jv_free(r->fallbacks);
	jv_free(r->params);
	jv_free(r->provider);
	jv_free(r->reasoning);
	jv_free(r->sets);
	jv_free(r->messages);
	jv_free(r->conv_doc);
	jv_free(r->tools);
	jv_free(r->response_format);
	free(r->images);
	free(r->files);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------------ */
/* Options */

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

static int
bad(struct or_error *e, const char *flag, const char *why, const char *arg)
{
	error_set(e, EX_USAGE_, "%s: %s: %s", flag, why, arg);
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
	char want[256] = "";
	size_t n;
	int i;

	for (i = 0; list[i]; i++) {
		n = strlen(want);
		snprintf(want + n, sizeof want - n, "%s%s", i ? "|" : "",
		    list[i]);
	}
	error_set(e, EX_USAGE_, "%s: not one of %s: %s", flag, want, arg);
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

static jv
set_key(jv obj, const char *key, jv val)
{
	return jv_object_set(obj, jv_string(key), val);
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
	*obj = set_key(*obj, key, list);
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
	mp = set_key(mp, key, jv_string(money_fmt(v, s, sizeof s)));
	r->provider = set_key(r->provider, "max_price", mp);
	return 1;
}

/* --set PATH=JSON: checked now, applied last by chat_body. */
static int
set_opt(struct chat_req *r, const char *arg, struct or_error *e)
{
	const char *eq = strchr(arg, '='), *dots = strstr(arg, "..");
	char perr[128];
	size_t n;
	jv v;

	if (eq == NULL || eq == arg)
		return bad(e, "--set", "not PATH=JSON", arg);
	n = eq - arg;
	if (arg[0] == '.' || arg[n - 1] == '.' || (dots && dots < eq))
		return bad(e, "--set", "an empty key in the path", arg);
	v = json_parse(eq + 1, strlen(eq + 1), perr, sizeof perr);
	if (!jv_is_valid(v)) {
		error_set(e, EX_USAGE_, "--set: not JSON after '=' (%s): %s",
		    perr, arg);
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
		v = set_key(set_key(jv_object(), "type", jv_string("function")),
		    "function", set_key(jv_object(), "name", jv_string(arg)));
	r->params = set_key(r->params, "tool_choice", v);
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
	r->params = set_key(r->params, "stop",
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
		r->params = set_key(r->params, no->field, jv_number(d));
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
		if (ch == CHAT_OPT_REASONING_MAX_TOKENS)
			r->reasoning = set_key(r->reasoning, io->field,
			    jv_number((double)n));
		else
			r->params = set_key(r->params, io->field,
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
	case CHAT_OPT_USER:
		if (*arg == '\0')
			return bad(e, "--user", "an empty id", arg);
		r->params = set_key(r->params, "user", jv_string(arg));
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
		r->params = set_key(r->params, "parallel_tool_calls",
		    jv_false());
		break;
	case CHAT_OPT_NO_FALLBACKS:
		r->provider = set_key(r->provider, "allow_fallbacks",
		    jv_false());
		break;
	case CHAT_OPT_REQUIRE_PARAMETERS:
		r->provider = set_key(r->provider, "require_parameters",
		    jv_true());
		break;
	case CHAT_OPT_ZDR:
		r->provider = set_key(r->provider, "zdr", jv_true());
		break;
	case CHAT_OPT_REASONING_EXCLUDE:
		r->reasoning = set_key(r->reasoning, "exclude", jv_true());
		break;
	case CHAT_OPT_WEB:
		r->params = set_key(r->params, "plugins", jv_array_append(
		    jv_array(), set_key(jv_object(), "id", jv_string("web"))));
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
		r->provider = set_key(r->provider, "sort", jv_string(arg));
		return 1;
	case CHAT_OPT_DATA_COLLECTION:
		if (one_of(arg, collections) < 0)
			return bad_choice(e, "--data-collection", collections,
			    arg);
		r->provider = set_key(r->provider, "data_collection",
		    jv_string(arg));
		return 1;
	case CHAT_OPT_REASONING_EFFORT:
		if (one_of(arg, efforts) < 0)
			return bad_choice(e, "--reasoning-effort", efforts,
			    arg);
		r->reasoning = set_key(r->reasoning, "effort", jv_string(arg));
		return 1;
	case CHAT_OPT_TOOL_CHOICE:
		return tool_choice_opt(r, arg, e);
	}
	return 0;
}

int
chat_opt(struct chat_req *r, int ch, const char *arg, struct or_error *e)
{
	money_t v;
	int n;

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
			r->params = set_key(r->params, "transforms",
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
	case CHAT_OPT_SET:
		return set_opt(r, arg, e);
	}
	return 0;
}

void
chat_usage(FILE *fp)
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
"      --catalog FILE       model catalog for --max-cost (ORKIT_CATALOG)\n",
	    fp);
}

/* ------------------------------------------------------------------ */
/* Inputs */

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int
chat_is_url(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0 ||
	    strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "data:", 5) == 0;
}

/* Read a named file whole, for an input; 66 if it cannot be. */
static int
slurp(const char *what, const char *path, struct buf *b, struct or_error *e)
{
	int err, ret;

	buf_init(b, CHAT_INPUT_MAX);
	if (read_file(path, b) == 0)
		return 0;
	err = errno;
	buf_free(b);
	if (err == EFBIG)
		ret = error_set(e, EX_DATAERR_, "%s %s: larger than %u MiB",
		    what, path, CHAT_INPUT_MAX >> 20);
	else
		ret = error_set(e, EX_NOINPUT_, "%s %s: %s", what, path,
		    strerror(err));
	errno = err;	/* for the caller to tell ENOENT */
	return ret;
}

static int
all_space(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++, n--;
	return n == 0;
}

/* A JSON document from b, or 65 naming where it came from. */
static int
parse_doc(const char *what, const struct buf *b, jv *out, struct or_error *e)
{
	char perr[160];

	*out = json_parse(b->p ? b->p : "", b->len, perr, sizeof perr);
	if (jv_is_valid(*out))
		return 0;
	return error_set(e, EX_DATAERR_, "%s: not JSON: %s", what, perr);
}

/*
 * The messages of a document: itself if an array, else its "messages".
 * Each must be an object with a role.  Consumes doc.
 */
static int
messages_of(const char *what, jv doc, jv *out, struct or_error *e)
{
	jv m;
	int i, n;

	if (jv_get_kind(doc) == JV_KIND_OBJECT)
		m = jv_object_get(jv_copy(doc), jv_string("messages"));
	else
		m = jv_copy(doc);
	jv_free(doc);
	if (jv_get_kind(m) != JV_KIND_ARRAY) {
		jv_free(m);
		return error_set(e, EX_DATAERR_, "%s: not a JSON array of "
		    "messages, nor an object with \"messages\"", what);
	}
	n = jv_array_length(jv_copy(m));
	for (i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(m), i);
		int okay = jv_get_kind(x) == JV_KIND_OBJECT &&
		    json_str(x, "role") != NULL;

		jv_free(x);
		if (!okay) {
			jv_free(m);
			return error_set(e, EX_DATAERR_, "%s: message %d is "
			    "not an object with a \"role\"", what, i + 1);
		}
	}
	*out = m;
	return 0;
}

/* The messages of doc (consumed) become the request's. */
static int
take_messages(struct chat_req *r, const char *what, jv doc,
    struct or_error *e)
{
	jv m;
	int ret;

	if ((ret = messages_of(what, doc, &m, e)))
		return ret;
	jv_free(r->messages);
	r->messages = m;
	return 0;
}

/* -c: a missing or empty file is a new conversation. */
static int
load_conversation(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	jv doc;
	int ret;

	if ((ret = slurp("--conversation", r->conversation, &b, e))) {
		if (e->exit == EX_NOINPUT_ && errno == ENOENT)
			return 0;
		return ret;
	}
	if (all_space(b.p, b.len)) {
		buf_free(&b);
		return 0;
	}
	ret = parse_doc(r->conversation, &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	jv_free(r->conv_doc);
	r->conv_doc = jv_copy(doc);
	return take_messages(r, r->conversation, doc, e);
}

static int
load_messages(struct chat_req *r, int fd, struct or_error *e)
{
	struct buf b;
	jv doc;
	int ret;

	if (isatty(fd))
		return error_set(e, EX_USAGE_, "--messages: the messages are "
		    "read from standard input, which is a terminal");
	buf_init(&b, CHAT_INPUT_MAX);
	if (read_fd(fd, &b) == -1) {
		buf_free(&b);
		return error_set(e, errno == EFBIG ? EX_DATAERR_ : EX_NOINPUT_,
		    "stdin: %s", strerror(errno));
	}
	ret = parse_doc("stdin", &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	return take_messages(r, "stdin", doc, e);
}

/* The instruction from the arguments, then stdin's content. */
static int
read_prompt(const struct chat_req *r, int argc, char *const argv[], int fd,
    struct buf *p, struct or_error *e)
{
	struct buf in;
	int i;

	for (i = 0; i < argc; i++)
		if ((i && buf_add(p, " ", 1) == -1) ||
		    buf_adds(p, argv[i]) == -1)
			return error_set(e, EX_USAGE_, "prompt larger than %u "
			    "MiB", CHAT_INPUT_MAX >> 20);
	if (r->messages_stdin || isatty(fd))
		return 0;
	buf_init(&in, CHAT_INPUT_MAX);
	if (read_fd(fd, &in) == -1) {
		buf_free(&in);
		return error_set(e, errno == EFBIG ? EX_USAGE_ : EX_NOINPUT_,
		    "stdin: %s", errno == EFBIG ? "prompt larger than 32 MiB" :
		    strerror(errno));
	}
	if (in.len && ((p->len && buf_add(p, "\n\n", 2) == -1) ||
	    buf_add(p, in.p, in.len) == -1)) {
		buf_free(&in);
		return error_set(e, EX_USAGE_, "prompt larger than %u MiB",
		    CHAT_INPUT_MAX >> 20);
	}
	buf_free(&in);
	return 0;
}

void
chat_base64(struct buf *out, const void *in, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = in;
	char q[4];
	unsigned long v;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)s[i] << 16 | s[i + 1] << 8 | s[i + 2];
		q[0] = tab[v >> 18];
		q[1] = tab[v >> 12 & 63];
		q[2] = tab[v >> 6 & 63];
		q[3] = tab[v & 63];
		buf_add(out, q, 4);
	}
	if (i < n) {
		v = (unsigned long)s[i] << 16;
		if (i + 1 < n)
			v |= s[i + 1] << 8;
		q[0] = tab[v >> 18];
		q[1] = tab[v >> 12 & 63];
		q[2] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		q[3] = '=';
		buf_add(out, q, 4);
	}
}

const char *
chat_mime(const char *name, const void *data, size_t len)
{
	static const struct {
		const char *ext, *mime;
	} exts[] = {
		{ "png", "image/png" }, { "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" }, { "gif", "image/gif" },
		{ "webp", "image/webp" }, { "pdf", "application/pdf" },
		{ "txt", "text/plain" }, { "md", "text/markdown" },
		{ "csv", "text/csv" }, { "html", "text/html" },
		{ "htm", "text/html" }, { "json", "application/json" },
		{ "xml", "application/xml" },
	};
	const unsigned char *d = data;
	const char *dot;
	size_t i;

	/* The bytes say what a file is better than its name does. */
	if (len >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 ||
	    memcmp(d, "GIF89a", 6) == 0))
		return "image/gif";
	if (len >= 12 && memcmp(d, "RIFF", 4) == 0 &&
	    memcmp(d + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0)
		return "application/pdf";
	if ((dot = strrchr(base_name(name), '.')) == NULL)
		return NULL;
	for (i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			return exts[i].mime;
	return NULL;
}

static void
data_url(struct buf *u, const char *mime, const void *data, size_t len)
{
	buf_adds(u, "data:");
	buf_adds(u, mime);
	buf_adds(u, ";base64,");
	chat_base64(u, data, len);
}

/* A jv string of a buf's bytes; frees the buf. */
static jv
buf_string(struct buf *b)
{
	jv s = jv_string_sized(b->p ? b->p : "", (int)b->len);

	buf_free(b);
	return s;
}

int
chat_image_part(const char *name, const void *data, size_t len, jv *part,
    struct or_error *e)
{
	const char *mime = NULL;
	struct buf u;
	jv url;

	if (data == NULL)
		url = jv_string(name);
	else {
		mime = chat_mime(name, data, len);
		if (mime == NULL || strncmp(mime, "image/", 6) != 0)
			return error_set(e, EX_DATAERR_, "--image %s: not a "
			    "PNG, JPEG, GIF or WebP image", name);
		buf_init(&u, 0);
		data_url(&u, mime, data, len);
		url = buf_string(&u);
	}
	*part = set_key(set_key(jv_object(), "type", jv_string("image_url")),
	    "image_url", set_key(jv_object(), "url", url));
	return 0;
}

jv
chat_file_part(const char *name, const void *data, size_t len)
{
	const char *mime, *fname;
	struct buf u;
	jv file;

	if (data == NULL) {
		/* A URL: its last path segment names the file. */
		fname = name + strcspn(name, "?#");
		while (fname > name && fname[-1] != '/')
			fname--;
		file = set_key(jv_object(), "filename", jv_string_sized(fname,
		    (int)strcspn(fname, "?#")));
		file = set_key(file, "file_data", jv_string(name));
	} else {
		if ((mime = chat_mime(name, data, len)) == NULL)
			mime = "application/octet-stream";
		buf_init(&u, 0);
		data_url(&u, mime, data, len);
		file = set_key(jv_object(), "filename",
		    jv_string(base_name(name)));
		file = set_key(file, "file_data", buf_string(&u));
	}
	return set_key(set_key(jv_object(), "type", jv_string("file")), "file",
	    file);
}

/* -i and --file, in the order given, as content parts. */
static int
attachments(const struct chat_req *r, jv *parts, struct or_error *e)
{
	struct buf b;
	size_t i;
	jv part;
	int ret;

	for (i = 0; i < r->nimages; i++) {
		if (chat_is_url(r->images[i]))
			ret = chat_image_part(r->images[i], NULL, 0, &part, e);
		else if ((ret = slurp("--image", r->images[i], &b, e)) == 0) {
			ret = chat_image_part(r->images[i], b.p ? b.p : "",
			    b.len, &part, e);
			buf_free(&b);
		}
		if (ret)
			return ret;
		*parts = jv_array_append(*parts, part);
	}
	for (i = 0; i < r->nfiles; i++) {
		if (chat_is_url(r->files[i]))
			part = chat_file_part(r->files[i], NULL, 0);
		else if ((ret = slurp("--file", r->files[i], &b, e)) == 0) {
			part = chat_file_part(r->files[i], b.p ? b.p : "",
			    b.len);
			buf_free(&b);
		} else
			return ret;
		*parts = jv_array_append(*parts, part);
	}
	return 0;
}

jv
chat_user_message(const char *text, size_t len, jv parts)
{
	jv content;

	if (jv_array_length(jv_copy(parts)) == 0) {
		jv_free(parts);
		content = jv_string_sized(text ? text : "", (int)len);
	} else {
		content = jv_array();
		if (len)
			content = jv_array_append(content, set_key(set_key(
			    jv_object(), "type", jv_string("text")), "text",
			    jv_string_sized(text, (int)len)));
		content = jv_array_concat(content, parts);
	}
	return set_key(set_key(jv_object(), "role", jv_string("user")),
	    "content", content);
}

/* The system prompt replaces a leading system message, else leads. */
static void
set_system(struct chat_req *r, jv text)
{
	jv first = jv_array_get(jv_copy(r->messages), 0);
	const char *role = jv_is_valid(first) &&
	    jv_get_kind(first) == JV_KIND_OBJECT ? json_str(first, "role") :
	    NULL;
	jv msg = set_key(set_key(jv_object(), "role", jv_string("system")),
	    "content", text);

	if (role && strcmp(role, "system") == 0)
		r->messages = jv_array_set(r->messages, 0, msg);
	else
		r->messages = jv_array_concat(jv_array_append(jv_array(), msg),
		    r->messages);
	jv_free(first);
}

static int
load_system(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	int ret;

	if (r->system) {
		set_system(r, jv_string(r->system));
		return 0;
	}
	if (r->system_file == NULL)
		return 0;
	if ((ret = slurp("--system-file", r->system_file, &b, e)))
		return ret;
	/* The file's last newline ends the file, not the prompt. */
	while (b.len && b.p[b.len - 1] == '\n')
		b.len--;
	set_system(r, buf_string(&b));
	return 0;
}

static int
load_tools(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	jv doc, t;
	int ret, i, n;

	if (r->tools_file == NULL)
		return 0;
	if ((ret = slurp("--tools", r->tools_file, &b, e)))
		return ret;
	ret = parse_doc(r->tools_file, &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	if (jv_get_kind(doc) == JV_KIND_OBJECT)
		doc = jv_object_get(doc, jv_string("tools"));
	if (jv_get_kind(doc) != JV_KIND_ARRAY) {
		jv_free(doc);
		return error_set(e, EX_DATAERR_, "%s: not a JSON array of "
		    "tools, nor an object with \"tools\"", r->tools_file);
	}
	n = jv_array_length(jv_copy(doc));
	for (i = 0; i < n; i++) {
		t = jv_array_get(jv_copy(doc), i);
		ret = jv_get_kind(t) != JV_KIND_OBJECT ||
		    json_str(t, "type") == NULL;
		jv_free(t);
		if (ret) {
			jv_free(doc);
			return error_set(e, EX_DATAERR_, "%s: tool %d is not "
			    "an object with a \"type\"", r->tools_file, i + 1);
		}
	}
	jv_free(r->tools);
	r->tools = doc;
	return 0;
}

/* The schema's name: the file's, in the characters the API allows. */
static jv
schema_name(const char *path)
{
	const char *s = base_name(path);
	char name[65];
	size_t n = 0;

	for (; *s && *s != '.' && n < sizeof name - 1; s++)
		name[n++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' &&
		    *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ? *s :
		    '_';
	name[n] = '\0';
	return jv_string(n ? name : "schema");
}

/*
 * --schema FILE: a JSON Schema, or a whole json_schema object
 * ({"name", "schema", "strict"?}) as the API takes it.  Strict either way
 * unless the file says otherwise.
 */
static int
load_schema(struct chat_req *r, struct or_error *e)
{
	struct buf b;
	jv doc, cfg, sub;
	int ret;

	if (r->schema_file == NULL)
		return 0;
	if ((ret = slurp("--schema", r->schema_file, &b, e)))
		return ret;
	ret = parse_doc(r->schema_file, &b, &doc, e);
	buf_free(&b);
	if (ret)
		return ret;
	if (jv_get_kind(doc) != JV_KIND_OBJECT) {
		jv_free(doc);
		return error_set(e, EX_DATAERR_, "%s: not a JSON Schema "
		    "object", r->schema_file);
	}
	sub = json_get(doc, "schema");
	if (jv_get_kind(sub) == JV_KIND_OBJECT && json_str(doc, "name")) {
		cfg = doc;
		if (!jv_object_has(jv_copy(cfg), jv_string("strict")))
			cfg = set_key(cfg, "strict", jv_true());
	} else {
		cfg = set_key(jv_object(), "name", schema_name(r->schema_file));
		cfg = set_key(set_key(cfg, "strict", jv_true()), "schema", doc);
	}
	jv_free(sub);
	jv_free(r->response_format);
	r->response_format = set_key(set_key(jv_object(), "type",
	    jv_string("json_schema")), "json_schema", cfg);
	/* Only providers that can honour the schema. */
	r->provider = set_key(r->provider, "require_parameters", jv_true());
	return 0;
}

static int
conflicts(const struct chat_req *r, struct or_error *e)
{
	if (r->json_mode && r->schema_file)
		return error_set(e, EX_USAGE_, "--json-mode and --schema "
		    "exclude each other");
	if (r->system && r->system_file)
		return error_set(e, EX_USAGE_, "--system and --system-file "
		    "exclude each other");
	if (r->conversation && r->messages_stdin)
		return error_set(e, EX_USAGE_, "--conversation and --messages "
		    "exclude each other");
	if (jv_object_has(jv_copy(r->reasoning), jv_string("effort")) &&
	    jv_object_has(jv_copy(r->reasoning), jv_string("max_tokens")))
		return error_set(e, EX_USAGE_, "--reasoning-effort and "
		    "--reasoning-max-tokens exclude each other");
	return 0;
}

int
chat_prepare(struct chat_req *r, int argc, char *const argv[], int in_fd,
    struct or_error *e)
{
	struct buf prompt;
	jv parts = jv_array();
	int ret;

	memset(e, 0, sizeof *e);
	buf_init(&prompt, CHAT_INPUT_MAX);
	if ((ret = conflicts(r, e)) ||
	    (r->conversation && (ret = load_conversation(r, e))) ||
	    (r->messages_stdin && (ret = load_messages(r, in_fd, e))) ||
	    (ret = read_prompt(r, argc, argv, in_fd, &prompt, e)) ||
	    (ret = attachments(r, &parts, e)))
		goto out;
	if (prompt.len || jv_array_length(jv_copy(parts))) {
		r->messages = jv_array_append(r->messages,
		    chat_user_message(prompt.p, prompt.len, parts));
		parts = jv_array();
	} else if (!r->messages_stdin) {
		ret = error_set(e, EX_USAGE_, "no prompt: give it as arguments "
		    "or on stdin");
		goto out;
	}
	if ((ret = load_system(r, e)) || (ret = load_tools(r, e)) ||
	    (ret = load_schema(r, e)))
		goto out;
	if (r->json_mode) {
		jv_free(r->response_format);
		r->response_format = set_key(jv_object(), "type",
		    jv_string("json_object"));
	}
	if (jv_array_length(jv_copy(r->messages)) == 0)
		ret = error_set(e, EX_USAGE_, "no messages: stdin holds an "
		    "empty list and there is no prompt");
out:
	jv_free(parts);
	buf_free(&prompt);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The body */

static int
nonempty(jv v)
{
	jv_kind k = jv_get_kind(v);
	int n = k == JV_KIND_OBJECT ? jv_object_length(jv_copy(v)) :
	    k == JV_KIND_ARRAY ? jv_array_length(jv_copy(v)) : 0;

	return n > 0;
}

jv
chat_body(const struct chat_req *r, struct or_error *e)
{
	jv b = set_key(jv_object(), "model", jv_string(r->model));
	jv set, path;
	int i, n;

	if (nonempty(r->fallbacks))
		b = set_key(b, "models", jv_copy(r->fallbacks));
	b = set_key(b, "messages", jv_copy(r->messages));
	if (r->stream)
		b = set_key(b, "stream", jv_true());
	b = jv_object_merge(b, jv_copy(r->params));
	if (jv_get_kind(r->tools) != JV_KIND_NULL)
		b = set_key(b, "tools", jv_copy(r->tools));
	if (jv_get_kind(r->response_format) != JV_KIND_NULL)
		b = set_key(b, "response_format", jv_copy(r->response_format));
	if (nonempty(r->reasoning))
		b = set_key(b, "reasoning", jv_copy(r->reasoning));
	if (nonempty(r->provider))
		b = set_key(b, "provider", jv_copy(r->provider));
	/* The billed cost in the reply; older deployments need the ask. */
	b = set_key(b, "usage", set_key(jv_object(), "include", jv_true()));

	n = jv_array_length(jv_copy(r->sets));
	for (i = 0; i < n; i++) {
		set = jv_array_get(jv_copy(r->sets), i);
		path = jv_array_get(jv_copy(set), 0);
		b = json_set(b, jv_string_value(path),
		    jv_array_get(jv_copy(set), 1));
		if (!jv_is_valid(b)) {
			jv msg = jv_invalid_get_msg(b);

			error_set(e, EX_USAGE_, "--set %s: %s",
			    jv_string_value(path), jv_get_kind(msg) ==
			    JV_KIND_STRING ? jv_string_value(msg) : "cannot "
			    "set");
			jv_free(msg);
			jv_free(path);
			jv_free(set);
			return jv_invalid();
		}
		jv_free(path);
		jv_free(set);
	}
	return b;
}

/* ------------------------------------------------------------------ */
/* The reply */

int
chat_strip_fence(const char *s, size_t len, size_t *off, size_t *n)
{
	size_t a = 0, b = len, nl;

	while (a < b && strchr(" \t\r\n", s[a]))
		a++;
	while (b > a && strchr(" \t\r\n", s[b - 1]))
		b--;
	*off = a;
	*n = b - a;
	if (b - a < 7 || memcmp(s + a, "```", 3) != 0 ||
	    memcmp(s + b - 3, "```", 3) != 0)
		return 0;
	/* The opening line is the fence and its info string ("json"). */
	for (nl = a + 3; nl < b - 3 && s[nl] != '\n'; nl++)
		if (s[nl] == '`')
			return 0;
	if (nl >= b - 3)
		return 0;
	a = nl + 1;
	b -= 3;
	while (a < b && strchr(" \t\r\n", s[a]))
		a++;
	while (b > a && strchr(" \t\r\n", s[b - 1]))
		b--;
	*off = a;
	*n = b - a;
	return 1;
}

void
chat_json_compact(const char *p, size_t n, struct buf *out)
{
	size_t i = 0, start;

	while (i < n) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
		    p[i] == '\r') {
			i++;
			continue;
		}
		start = i;
		if (p[i] == '"') {
			/* A string, escapes and all. */
			for (i++; i < n && p[i] != '"'; i++)
				if (p[i] == '\\')
					i++;
			i = i < n ? i + 1 : n;
		} else
			while (i < n && !strchr(" \t\n\r\"", p[i]))
				i++;
		buf_add(out, p + start, i - start);
	}
}

void
chat_reply_init(struct chat_reply *rp)
{
	memset(rp, 0, sizeof *rp);
	buf_init(&rp->text, 0);
	buf_init(&rp->reasoning, 0);
	buf_init(&rp->usage.raw, 0);
	rp->tool_calls = jv_null();
	rp->message = jv_null();
	rp->usage.prompt = rp->usage.completion = rp->usage.reasoning =
	    rp->usage.cached = rp->usage.cache_write = -1;
}

void
chat_reply_free(struct chat_reply *rp)
{
	free(rp->id);
	free(rp->model);
	free(rp->provider);
	free(rp->finish);
	free(rp->refusal);
	buf_free(&rp->text);
	buf_free(&rp->reasoning);
	buf_free(&rp->usage.raw);
	jv_free(rp->tool_calls);
	jv_free(rp->message);
	memset(rp, 0, sizeof *rp);
}

/* A whole number token, as the API writes token counts. */
static long long
count_of(const struct jscan_val *v)
{
	long long n;

	return jscan_llong(v, 0, LLONG_MAX, &n) == 0 ? n : -1;
}

void
chat_stats_read(const char *p, size_t n, struct chat_stats *u)
{
	static const char *const paths[] = {
		"prompt_tokens", "completion_tokens",
		"completion_tokens_details.reasoning_tokens",
		"prompt_tokens_details.cached_tokens",
		"prompt_tokens_details.cache_write_tokens", "cost",
	};
	struct jscan_val v[6];

	u->prompt = u->completion = u->reasoning = u->cached =
	    u->cache_write = -1;
	u->has_cost = 0;
	buf_reset(&u->raw);
	if (jscan_getn(p, n, paths, 6, v, NULL) < 0)
		return;
	u->prompt = count_of(&v[0]);
	u->completion = count_of(&v[1]);
	u->reasoning = count_of(&v[2]);
	u->cached = count_of(&v[3]);
	u->cache_write = count_of(&v[4]);
	/* The billed amount exactly as written: 6e-07 is 0.0000006. */
	u->has_cost = v[5].kind == JSCAN_NUMBER &&
	    money_parse(v[5].p, v[5].len, &u->cost) == MONEY_OK;
	chat_json_compact(p, n, &u->raw);
}

static char *
dup_str(jv v, const char *path)
{
	const char *s = json_str(v, path);

	return s ? xstrdup(s) : NULL;
}

/* Text of content parts, or of reasoning details. */
static void
join_texts(jv arr, const char *k1, const char *k2, struct buf *out)
{
	const char *s;
	int i, n;
	jv x;

	if (jv_get_kind(arr) != JV_KIND_ARRAY)
		return;
	n = jv_array_length(jv_copy(arr));
	for (i = 0; i < n; i++) {
		x = jv_array_get(jv_copy(arr), i);
		if (jv_get_kind(x) == JV_KIND_OBJECT &&
		    ((s = json_str(x, k1)) || (s = json_str(x, k2))))
			buf_adds(out, s);
		jv_free(x);
	}
}

/* [{id, name, arguments}] from message.tool_calls. */
static jv
tool_calls_of(jv calls)
{
	jv out = jv_array(), c;
	int i, n = jv_array_length(jv_copy(calls));
	const char *s;

	for (i = 0; i < n; i++) {
		c = jv_array_get(jv_copy(calls), i);
		if (jv_get_kind(c) == JV_KIND_OBJECT) {
			jv t = jv_object();

			s = json_str(c, "id");
			t = set_key(t, "id", s ? jv_string(s) : jv_null());
			s = json_str(c, "function.name");
			t = set_key(t, "name", s ? jv_string(s) : jv_null());
			s = json_str(c, "function.arguments");
			t = set_key(t, "arguments", jv_string(s ? s : ""));
			out = jv_array_append(out, t);
		}
		jv_free(c);
	}
	return out;
}

/*
 * The assistant's message as it is sent back in a later turn: the role,
 * the content, the tool calls and the reasoning details (which must go
 * back unchanged for reasoning models to resume).
 */
static jv
assistant_message(jv msg)
{
	static const char *const keep[] = { "tool_calls", "reasoning",
	    "reasoning_details" };
	jv out = set_key(jv_object(), "role", jv_string("assistant")), v;
	size_t i;

	v = json_get(msg, "content");
	out = set_key(out, "content", jv_is_valid(v) ? v : jv_null());
	for (i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		v = json_get(msg, keep[i]);
		if (nonempty(v) || jv_get_kind(v) == JV_KIND_STRING)
			out = set_key(out, keep[i], v);
		else
			jv_free(v);
	}
	return out;
}

/*
 * An error inside a 200: choices[0].error is read as OpenRouter's error
 * envelope would be, so it maps to the same message and exit status.
 */
static int
choice_error(const char *body, size_t len, const struct chat_reply *rp,
    struct or_error *e)
{
	struct jscan_val v;
	struct buf env;
	char prov[128], why[sizeof e->msg];
	size_t n;

	if (jscan_get(body, len, "choices.0.error", &v) == 1 &&
	    v.kind == JSCAN_OBJECT) {
		buf_init(&env, 0);
		buf_adds(&env, "{\"error\":");
		buf_add(&env, v.p, v.len);
		buf_adds(&env, "}");
		error_from_body(200, env.p, env.len, time(NULL), e);
		buf_free(&env);
		/* "error 400: Token limit reached", said of the reply. */
		memcpy(why, e->msg, sizeof why);
		snprintf(e->msg, sizeof e->msg, "the reply ended in %.990s",
		    why);
	} else
		error_set(e, EX_TEMPFAIL_, "the reply ended with "
		    "finish_reason \"error\"");
	if (rp->provider && strstr(e->msg, rp->provider) == NULL) {
		n = strlen(e->msg);
		sanitize(prov, sizeof prov, rp->provider, strlen(rp->provider));
		snprintf(e->msg + n, sizeof e->msg - n, " (provider: %s)",
		    prov);
	}
	return e->exit;
}

int
chat_decode(const char *body, size_t len, const char *gen_id,
    struct chat_reply *rp, struct or_error *e)
{
	struct jscan_val u;
	char perr[160];
	jv r, ch, msg, x;
	int ret = 0;

	memset(e, 0, sizeof *e);
	r = json_parse(body ? body : "", len, perr, sizeof perr);
	if (!jv_is_valid(r))
		return error_set(e, EX_PROTOCOL_, "malformed answer: %s", perr);
	if (error_from_body(200, body, len, time(NULL), e)) {
		jv_free(r);
		return e->exit;
	}
	rp->id = dup_str(r, "id");
	if (rp->id == NULL && gen_id && *gen_id)
		rp->id = xstrdup(gen_id);
	rp->model = dup_str(r, "model");
	rp->provider = dup_str(r, "provider");
	if (jscan_get(body, len, "usage", &u) == 1 && u.kind == JSCAN_OBJECT) {
		chat_stats_read(u.p, u.len, &rp->usage);
		rp->has_usage = 1;
	}
	ch = json_get(r, "choices.0");
	msg = json_get(ch, "message");
	if (jv_get_kind(msg) != JV_KIND_OBJECT) {
		ret = error_set(e, EX_PROTOCOL_, "malformed answer: no "
		    "choices[0].message");
		goto out;
	}
	rp->finish = dup_str(ch, "finish_reason");
	rp->refusal = dup_str(msg, "refusal");
	x = json_get(msg, "content");
	if (jv_get_kind(x) == JV_KIND_STRING)
		buf_adds(&rp->text, jv_string_value(x));
	else if (jv_get_kind(x) == JV_KIND_ARRAY)
		join_texts(x, "text", "text", &rp->text);
	jv_free(x);
	x = json_get(msg, "reasoning");
	if (jv_get_kind(x) == JV_KIND_STRING)
		buf_adds(&rp->reasoning, jv_string_value(x));
	jv_free(x);
	if (rp->reasoning.len == 0) {
		x = json_get(msg, "reasoning_details");
		join_texts(x, "text", "summary", &rp->reasoning);
		jv_free(x);
	}
	x = json_get(msg, "tool_calls");
	if (nonempty(x)) {
		jv_free(rp->tool_calls);
		rp->tool_calls = tool_calls_of(x);
	}
	jv_free(x);
	jv_free(rp->message);
	rp->message = assistant_message(msg);
	if (json_true(ch, "error") || (rp->finish &&
	    strcmp(rp->finish, "error") == 0))
		ret = choice_error(body, len, rp, e);
out:
	jv_free(msg);
	jv_free(ch);
	jv_free(r);
	return ret;
}

void
chat_tool_calls_text(const struct chat_reply *rp, struct buf *out)
{
	char *s;

	if (!nonempty(rp->tool_calls))
		return;
	s = json_dump(rp->tool_calls);
	buf_adds(out, s);
	buf_adds(out, "\n");
	free(s);
}

/* key=value, logfmt-style: quoted when the value has a space. */
static void
kv(struct buf *out, const char *key, const char *val)
{
	char clean[512];
	const char *p;

	if (val == NULL)
		return;
	sanitize(clean, sizeof clean, val, strlen(val));
	if (out->len)
		buf_adds(out, " ");
	buf_adds(out, key);
	buf_adds(out, "=");
	if (clean[0] && strcspn(clean, " \"=\\") == strlen(clean)) {
		buf_adds(out, clean);
		return;
	}
	buf_adds(out, "\"");
	for (p = clean; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_add(out, "\\", 1);
		buf_add(out, p, 1);
	}
	buf_adds(out, "\"");
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

void
chat_usage_line(const struct chat_reply *rp, struct buf *out)
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
	kv(out, "cost", u->has_cost ? money_fmt(u->cost, cost, sizeof cost) :
	    "unknown");
	kv(out, "id", rp->id);
}

/* RFC 3339 UTC: 2026-11-25T06:28:05Z. */
static void
utc_time(time_t t, char *out, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static jv
str_or_null(const char *s)
{
	return s ? jv_string(s) : jv_null();
}

void
chat_log_line(const struct chat_reply *rp, const char *requested,
    time_t now, struct buf *out)
{
	char when[32], cost[MONEY_FMTSIZE];
	char *head;
	jv o;

	utc_time(now, when, sizeof when);
	o = set_key(jv_object(), "time", jv_string(when));
	o = set_key(o, "id", str_or_null(rp->id));
	o = set_key(o, "requested", str_or_null(requested));
	o = set_key(o, "model", str_or_null(rp->model));
	o = set_key(o, "provider", str_or_null(rp->provider));
	head = json_dump(o);
	jv_free(o);
	/*
	 * The usage object and the cost go in as the reply wrote them (the
	 * cost normalised), not through jv's doubles, so the ledger adds up
	 * exactly.  Both are validated JSON.
	 */
	buf_add(out, head, strlen(head) - 1);
	free(head);
	buf_adds(out, ",\"usage\":");
	if (rp->has_usage && rp->usage.raw.len)
		buf_add(out, rp->usage.raw.p, rp->usage.raw.len);
	else
		buf_adds(out, "null");
	buf_adds(out, ",\"cost\":");
	buf_adds(out, rp->usage.has_cost ? money_fmt(rp->usage.cost, cost,
	    sizeof cost) : "null");
	buf_adds(out, "}\n");
}

int
chat_log_append(const char *path, const struct buf *line, struct or_error *e)
{
	ssize_t n;
	int fd, err;

	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0666)) == -1)
		return error_set(e, EX_IOERR_, "--log %s: %s", path,
		    strerror(errno));
	while (flock(fd, LOCK_EX) == -1)
		if (errno != EINTR) {
			err = errno;
			close(fd);
			return error_set(e, EX_IOERR_, "--log %s: lock: %s",
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
	return error_set(e, EX_IOERR_, "--log %s: %s", path, strerror(err));
}

/* ------------------------------------------------------------------ */
/* The budget */

int
chat_worst_case(const struct cat_model *m, long long prompt_tokens,
    long long completion_tokens, long long nimages, money_t *cost,
    long long *completion_used, const char **why)
{
	static const int used[] = { CP_PROMPT, CP_COMPLETION, CP_REQUEST,
	    CP_IMAGE };
	struct cat_price p;
	money_t sum = 0, part;
	long long n[4];
	size_t i;

	catalog_price_for(m, prompt_tokens, &p);
	if (!(p.have & 1u << CP_PROMPT) || !(p.have & 1u << CP_COMPLETION)) {
		*why = "the catalog has no token prices for it";
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
	for (i = 0; i < sizeof used / sizeof used[0]; i++) {
		if (!(p.have & 1u << used[i]))
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

int
chat_budget(const struct opts *o, const struct chat_req *r, size_t bodylen,
    struct or_error *e)
{
	char cost[MONEY_FMTSIZE], budget[MONEY_FMTSIZE], pp[MONEY_FMTSIZE],
	    cp[MONEY_FMTSIZE];
	const struct cat_model *m, *worst_m = NULL;
	struct catalog *cat;
	struct cat_price price;
	long long prompt = (long long)(bodylen + 3) / 4, used, worst_used = 0;
	money_t c, worst = 0;
	const char *id, *why;
	int i, n, ret;
	jv ids;

	if ((ret = catalog_open(o, r->catalog, 0, &cat, e)))
		return ret;
	ids = jv_array_concat(jv_array_append(jv_array(),
	    jv_string(r->model)), jv_copy(r->fallbacks));
	n = jv_array_length(jv_copy(ids));
	for (i = 0; i < n && ret == 0; i++) {
		jv x = jv_array_get(jv_copy(ids), i);

		id = jv_string_value(x);
		if ((m = catalog_find(cat, id)) == NULL)
			ret = error_set(e, EX_NEGATIVE, "--max-cost: %s is not "
			    "in the model catalog, so its cost has no bound; "
			    "nothing sent", id);
		else if (chat_worst_case(m, prompt, r->max_tokens,
		    (long long)r->nimages, &c, &used, &why) == -1)
			ret = error_set(e, EX_NEGATIVE, "--max-cost: the cost "
			    "of %s has no bound: %s; nothing sent", id, why);
		else if (worst_m == NULL || money_cmp(c, worst) > 0) {
			worst = c;
			worst_m = m;
			worst_used = used;
		}
		jv_free(x);
	}
	jv_free(ids);
	if (ret == 0 && money_cmp(worst, r->max_cost) > 0) {
		catalog_price_for(worst_m, prompt, &price);
		ret = error_set(e, EX_NEGATIVE, "--max-cost %s: the worst case "
		    "is %s USD for %s (%lld prompt tokens at %s and %lld "
		    "completion tokens at %s USD per million); nothing sent",
		    money_fmt(r->max_cost, budget, sizeof budget),
		    money_fmt(worst, cost, sizeof cost), worst_m->id, prompt,
		    money_fmt_per_million(price.v[CP_PROMPT], pp, sizeof pp),
		    worst_used, money_fmt_per_million(price.v[CP_COMPLETION],
		    cp, sizeof cp));
	}
	catalog_close(cat);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The conversation file */

jv
chat_conv_doc(const struct chat_req *r, const struct chat_reply *rp)
{
	jv msgs = jv_array_append(jv_copy(r->messages), jv_copy(rp->message));

	if (jv_get_kind(r->conv_doc) == JV_KIND_OBJECT)
		return set_key(jv_copy(r->conv_doc), "messages", msgs);
	return msgs;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

/* The mode for a new file: what open(2) would give 0666. */
static mode_t
new_mode(void)
{
	mode_t m = umask(0);

	umask(m);
	return 0666 & ~m;
}

int
chat_write_atomic(const char *path, jv doc, struct or_error *e)
{
	const char *base = base_name(path);
	struct buf tmp;
	struct stat st;
	jv text;
	int fd, dfd, err;
	mode_t mode;

	buf_init(&tmp, 0);
	buf_add(&tmp, path, base - path);
	buf_adds(&tmp, ".");
	buf_adds(&tmp, base);
	buf_adds(&tmp, ".XXXXXX");
	mode = stat(path, &st) == 0 ? st.st_mode & 07777 : new_mode();
	if ((fd = mkstemp(tmp.p)) == -1) {
		err = errno;
		buf_free(&tmp);
		return error_set(e, EX_IOERR_, "--conversation %s: %s", path,
		    strerror(err));
	}
	text = jv_dump_string(jv_copy(doc), JV_PRINT_INDENT_FLAGS(2));
	if (fchmod(fd, mode) == -1 || write_all(fd, jv_string_value(text),
	    strlen(jv_string_value(text))) == -1 || write_all(fd, "\n", 1) ==
	    -1 || fsync(fd) == -1) {
		err = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp.p, path) == -1) {
		err = errno;
		goto fail;
	}
	/* The rename itself is durable once the directory is synced. */
	tmp.p[base - path] = '\0';
	if ((dfd = open(base == path ? "." : tmp.p, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	jv_free(text);
	buf_free(&tmp);
	return 0;
fail:
	unlink(tmp.p);
	jv_free(text);
	buf_free(&tmp);
	return error_set(e, EX_IOERR_, "--conversation %s: %s", path,
	    strerror(err));
}

/*
 * After the reply: the usage line, the ledger line (whenever the answer
 * could be read: a failed call may still be billed), and, only when all
 * went well, the conversation file.
 */
int
chat_after(const struct chat_req *cr, const struct chat_reply *rp,
    int ok, struct or_error *e)
{
	struct buf line;
	int r = 0;
	jv doc;

	/* What is on stdout comes first, on a terminal. */
	fflush(stdout);
	buf_init(&line, 0);
	if (cr->usage && (rp->id || rp->has_usage)) {
		chat_usage_line(rp, &line);
		fprintf(stderr, "%s: %s\n", progname(), line.p);
		buf_reset(&line);
	}
	if (cr->log && (rp->id || rp->has_usage)) {
		chat_log_line(rp, cr->model, time(NULL), &line);
		r = chat_log_append(cr->log, &line, e);
	}
	buf_free(&line);
	if (r == 0 && ok && cr->conversation) {
		doc = chat_conv_doc(cr, rp);
		r = chat_write_atomic(cr->conversation, doc, e);
		jv_free(doc);
	}
	return r;
}

/*
 * --json-mode, --schema: the reply must be JSON, inside at most one code
 * fence.  Sets *off and *n to the JSON; 76 when it is not JSON.
 */
int
chat_check_json(const struct chat_reply *rp, size_t *off, size_t *n,
    struct or_error *e)
{
	struct jscan_err je;

	chat_strip_fence(rp->text.p ? rp->text.p : "", rp->text.len, off, n);
	if (jscan_validate(rp->text.p ? rp->text.p + *off : "", *n, &je) == 0)
		return 0;
	*off = 0;
	*n = rp->text.len;
	return error_set(e, EX_PROTOCOL_, "the reply is not JSON (line %d, "
	    "column %d: %s)", je.line, je.col, je.what);
}
