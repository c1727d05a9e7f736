/*
 * chatopt: the request options orchat and orstream share, parsed into a
 * struct chat_req -- the first step of a call (options -> request ->
 * http -> sse/jscan -> writers).
 *
 * One option table for both commands (CHAT_SHORT, CHAT_LONGOPTS,
 * chatopt_parse) and its --help lines.  Files named by options are only
 * named here; prompt_prepare reads them.  No I/O but chatopt_usage's.
 */
#ifndef CHATOPT_H
#define CHATOPT_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "jqfn.h"

#include "money.h"
#include "opts.h"

struct or_error;

#define CHAT_MODEL_DEFAULT	"openrouter/auto"
#define CHAT_MAX_STOP		4	/* stop strings the API takes */

/* Long-only option codes; a command's own start at CHAT_OPT_END. */
enum {
	CHAT_OPT_CACHE = OPT_CMD,
	CHAT_OPT_CACHE_TTL,
	CHAT_OPT_CATALOG,
	CHAT_OPT_DATA_COLLECTION,
	CHAT_OPT_DRY_RUN,
	CHAT_OPT_FALLBACK,
	CHAT_OPT_FILE,
	CHAT_OPT_FREQUENCY_PENALTY,
	CHAT_OPT_JSON_MODE,
	CHAT_OPT_LOG,
	CHAT_OPT_MAX_COST,
	CHAT_OPT_MAX_PRICE_COMPLETION,
	CHAT_OPT_MAX_PRICE_PROMPT,
	CHAT_OPT_MAX_TOKENS,
	CHAT_OPT_MIN_P,
	CHAT_OPT_NO_FALLBACKS,
	CHAT_OPT_NO_PARALLEL_TOOL_CALLS,
	CHAT_OPT_PRESENCE_PENALTY,
	CHAT_OPT_PROVIDER_IGNORE,
	CHAT_OPT_PROVIDER_ONLY,
	CHAT_OPT_PROVIDER_ORDER,
	CHAT_OPT_QUANTIZATIONS,
	CHAT_OPT_REASONING_EFFORT,
	CHAT_OPT_REASONING_EXCLUDE,
	CHAT_OPT_REASONING_MAX_TOKENS,
	CHAT_OPT_REPETITION_PENALTY,
	CHAT_OPT_REQUIRE_PARAMETERS,
	CHAT_OPT_SCHEMA,
	CHAT_OPT_SEED,
	CHAT_OPT_SET,
	CHAT_OPT_SORT,
	CHAT_OPT_STOP,
	CHAT_OPT_SYSTEM_FILE,
	CHAT_OPT_TOOL_CHOICE,
	CHAT_OPT_TOOLS,
	CHAT_OPT_TOP_A,
	CHAT_OPT_TOP_K,
	CHAT_OPT_TOP_P,
	CHAT_OPT_TRANSFORMS,
	CHAT_OPT_USER,
	CHAT_OPT_WEB,
	CHAT_OPT_ZDR,
	CHAT_OPT_END
};

#define CHAT_SHORT	"c:i:m:Mrs:t:u"

#define CHAT_LONGOPTS \
	{ "cache", required_argument, NULL, CHAT_OPT_CACHE }, \
	{ "cache-ttl", required_argument, NULL, CHAT_OPT_CACHE_TTL }, \
	{ "catalog", required_argument, NULL, CHAT_OPT_CATALOG }, \
	{ "conversation", required_argument, NULL, 'c' }, \
	{ "data-collection", required_argument, NULL, \
	    CHAT_OPT_DATA_COLLECTION }, \
	{ "dry-run", no_argument, NULL, CHAT_OPT_DRY_RUN }, \
	{ "fallback", required_argument, NULL, CHAT_OPT_FALLBACK }, \
	{ "file", required_argument, NULL, CHAT_OPT_FILE }, \
	{ "frequency-penalty", required_argument, NULL, \
	    CHAT_OPT_FREQUENCY_PENALTY }, \
	{ "image", required_argument, NULL, 'i' }, \
	{ "json-mode", no_argument, NULL, CHAT_OPT_JSON_MODE }, \
	{ "log", required_argument, NULL, CHAT_OPT_LOG }, \
	{ "max-cost", required_argument, NULL, CHAT_OPT_MAX_COST }, \
	{ "max-price-completion", required_argument, NULL, \
	    CHAT_OPT_MAX_PRICE_COMPLETION }, \
	{ "max-price-prompt", required_argument, NULL, \
	    CHAT_OPT_MAX_PRICE_PROMPT }, \
	{ "max-tokens", required_argument, NULL, CHAT_OPT_MAX_TOKENS }, \
	{ "messages", no_argument, NULL, 'M' }, \
	{ "min-p", required_argument, NULL, CHAT_OPT_MIN_P }, \
	{ "model", required_argument, NULL, 'm' }, \
	{ "no-fallbacks", no_argument, NULL, CHAT_OPT_NO_FALLBACKS }, \
	{ "no-parallel-tool-calls", no_argument, NULL, \
	    CHAT_OPT_NO_PARALLEL_TOOL_CALLS }, \
	{ "presence-penalty", required_argument, NULL, \
	    CHAT_OPT_PRESENCE_PENALTY }, \
	{ "provider-ignore", required_argument, NULL, \
	    CHAT_OPT_PROVIDER_IGNORE }, \
	{ "provider-only", required_argument, NULL, CHAT_OPT_PROVIDER_ONLY }, \
	{ "provider-order", required_argument, NULL, \
	    CHAT_OPT_PROVIDER_ORDER }, \
	{ "quantizations", required_argument, NULL, CHAT_OPT_QUANTIZATIONS }, \
	{ "reasoning-effort", required_argument, NULL, \
	    CHAT_OPT_REASONING_EFFORT }, \
	{ "reasoning-exclude", no_argument, NULL, \
	    CHAT_OPT_REASONING_EXCLUDE }, \
	{ "reasoning-max-tokens", required_argument, NULL, \
	    CHAT_OPT_REASONING_MAX_TOKENS }, \
	{ "repetition-penalty", required_argument, NULL, \
	    CHAT_OPT_REPETITION_PENALTY }, \
	{ "require-parameters", no_argument, NULL, \
	    CHAT_OPT_REQUIRE_PARAMETERS }, \
	{ "schema", required_argument, NULL, CHAT_OPT_SCHEMA }, \
	{ "seed", required_argument, NULL, CHAT_OPT_SEED }, \
	{ "set", required_argument, NULL, CHAT_OPT_SET }, \
	{ "show-reasoning", no_argument, NULL, 'r' }, \
	{ "sort", required_argument, NULL, CHAT_OPT_SORT }, \
	{ "stop", required_argument, NULL, CHAT_OPT_STOP }, \
	{ "system", required_argument, NULL, 's' }, \
	{ "system-file", required_argument, NULL, CHAT_OPT_SYSTEM_FILE }, \
	{ "temperature", required_argument, NULL, 't' }, \
	{ "tool-choice", required_argument, NULL, CHAT_OPT_TOOL_CHOICE }, \
	{ "tools", required_argument, NULL, CHAT_OPT_TOOLS }, \
	{ "top-a", required_argument, NULL, CHAT_OPT_TOP_A }, \
	{ "top-k", required_argument, NULL, CHAT_OPT_TOP_K }, \
	{ "top-p", required_argument, NULL, CHAT_OPT_TOP_P }, \
	{ "transforms", required_argument, NULL, CHAT_OPT_TRANSFORMS }, \
	{ "usage", no_argument, NULL, 'u' }, \
	{ "user", required_argument, NULL, CHAT_OPT_USER }, \
	{ "web", no_argument, NULL, CHAT_OPT_WEB }, \
	{ "zdr", no_argument, NULL, CHAT_OPT_ZDR }


/*
 * The request as the options describe it.  The jv members are owned by the
 * struct (chatopt_free releases them); the strings are borrowed from argv
 * and the environment, and live as long as they do.  prompt_prepare fills
 * in the second part from the inputs.
 */
struct chat_req {
	const char	*model;		/* -m, ORKIT_MODEL, default */
	jv		 fallbacks;	/* --fallback: array of ids */
	jv		 params;	/* top-level fields set by flags */
	jv		 provider;	/* routing preferences */
	jv		 reasoning;	/* reasoning object */
	jv		 sets;		/* --set: [[path, value]...] */
	long long	 max_tokens;	/* -1: not given */
	const char	*system;	/* -s */
	const char	*system_file;
	const char	*schema_file;
	const char	*tools_file;
	const char	*conversation;	/* -c */
	const char	**images;	/* -i, in order */
	size_t		 nimages;
	const char	**files;	/* --file, in order */
	size_t		 nfiles;
	const char	*log;		/* --log, ORKIT_LOG */
	const char	*catalog;	/* --catalog (else ORKIT_CATALOG) */
	const char	*cache_dir;	/* --cache, ORKIT_CACHE; NULL: none */
	long long	 cache_ttl;	/* --cache-ttl in seconds; -1: any age,
					 * 0: never served, only stored */
	money_t		 max_cost;
	int		 has_max_cost;
	int		 json_mode;
	int		 messages_stdin;	/* -M */
	int		 show_reasoning;	/* -r */
	int		 usage;			/* -u */
	int		 dry_run;
	int		 stream;	/* orstream: "stream": true */

	/* From the inputs, by prompt_prepare. */
	jv		 messages;	/* what is sent */
	jv		 conv_doc;	/* -c: the file as read, or null */
	jv		 tools;		/* --tools, or null */
	jv		 response_format; /* --json-mode, --schema, or null */

	/* By call_before. */
	int		 cached;	/* the answer is the response cache's:
					 * nothing is sent, nothing billed */
	int		 wants_json;	/* the body asks for a JSON reply
					 * (chat_wants_json) */

	int		 jv_made;	/* the jv members exist (chatopt_jv) */
};

/* Defaults from the environment (ORKIT_MODEL, ORKIT_LOG, ORKIT_CACHE). */
void	 chatopt_init(struct chat_req *);
void	 chatopt_free(struct chat_req *);

/*
 * chatopt_init without making the jv members, so that a run which builds
 * no body (--help, --version, a bad flag, orstream --sse) never loads libjq
 * (jqfn.h).  chatopt_parse, prompt_prepare and prompt_prepare_base make
 * them (chatopt_jv) before they touch them; other code reading the members
 * directly calls chatopt_jv first.  chatopt_jv does nothing the second time.
 */
void	 chatopt_init_lazy(struct chat_req *);
void	 chatopt_jv(struct chat_req *);

/*
 * Take one option (ch and optarg as getopt_long gave them; arg is kept, not
 * copied).  Returns 1 when it was a request option, 0 when it is someone
 * else's, -1 for a bad value (e: one line naming the flag, exit 2).  No
 * I/O: files named by options are read by prompt_prepare.
 */
int	 chatopt_parse(struct chat_req *, int ch, const char *arg,
	    struct or_error *e);

/*
 * The next option that is the command's own, from getopt_long over
 * OPTS_SHORT CHAT_SHORT more (the command's own short options, or "") and
 * longopts (which holds OPTS_LONGOPTS,
 * CHAT_LONGOPTS and the command's): the shared options go to opts_handle
 * (usage: the command's --help printer; opts_handle ends the process only
 * for --help and --version), the request options to chatopt_parse.
 * Returns the option (optarg set), -1 at the end of the options, or
 * CHATOPT_BAD for a bad value of either (e: one line and the status, 2, or
 * 78 for a key on the command line).  An unknown option ends the process
 * in opts_next.
 */
#define CHATOPT_BAD	(-2)
int	 chatopt_next(int argc, char *const argv[], const char *more,
	    const struct option *longopts, struct opts *, struct chat_req *,
	    void (*usage)(FILE *, int), struct or_error *e);

/* The request options' lines for a command's --help. */
void	 chatopt_usage(FILE *);

#endif
