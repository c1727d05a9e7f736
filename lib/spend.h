/*
 * spend: what a call costs, and where that is written down -- the -u usage
 * line, the --log ledger line and its locked append, and --max-cost's
 * worst case of a call checked against the budget before it is sent.
 *
 * Functions that read or write files say so; the rest do no I/O.  Every
 * function that can fail returns an exit status of error.h (0 for
 * success) with e filled in.
 */
#ifndef SPEND_H
#define SPEND_H

#include <stddef.h>
#include <time.h>

#include "chat.h"
#include "chatopt.h"
#include "money.h"
#include "opts.h"
#include "util.h"

struct or_error;
struct cat_model;

/* The -u line, without the program's name and without a newline. */
void	 spend_usage_line(const struct chat_reply *, struct buf *out);

/*
 * The ledger line for --log, ending in a newline: time (UTC, RFC 3339),
 * id, requested model, model, provider, usage (the API's object as
 * received) and cost (usage.cost as an exact decimal number, or null).
 */
void	 spend_log_line(const struct chat_reply *, const char *requested,
	    time_t now, struct buf *out);

/*
 * Append line to the ledger path (I/O): one write(2) under an exclusive
 * flock(2), so that parallel runs never interleave.  A new ledger is
 * made 0600 (less the umask); an existing one keeps its mode.  Exit 74 on
 * failure.
 */
int	 spend_log_append(const char *path, const struct buf *line,
	    struct or_error *e);

/*
 * The worst-case cost of a call on model m (no I/O): prompt tokens at the
 * prompt price (with the catalog's conditional prices for that size),
 * completion tokens (-1: the model's maximum output, else its context)
 * at the completion price, the per-request price, images at the image
 * price and web searches at the web search price.  Returns 0, or -1 when
 * the model's prices are not known in advance, or when searches are
 * asked for and the catalog gives no web search price (why: a short
 * reason).
 */
int	 spend_worst_case(const struct cat_model *m, long long prompt_tokens,
	    long long completion_tokens, long long nimages,
	    long long nsearches, money_t *cost, long long *completion_used,
	    const char **why);

/*
 * What a request body (borrowed) asks that its worst case depends on,
 * read from the body as sent (flags, --set, a batch line): "model"
 * (malloc'd, or NULL), "models" less it (an array of strings), the larger
 * of max_tokens and max_completion_tokens (-1: neither, or 0), the image
 * parts of the messages, and what its "plugins" and "tools" may cost
 * besides:
 * - nsearches, the web plugin's searches: one a request, or its
 *   "max_uses" when that is more (the times native search may search);
 *   two such plugins, the sum; none with "enabled": false.  The model id
 *   suffix ":online" is the same plugin: spend_worst_of's;
 * - ntoolsearches, its web search tools', each as often as the model
 *   calls it: its max_uses where OpenRouter keeps to that (the exa,
 *   firecrawl, parallel and perplexity engines, Anthropic's native
 *   search), else no bound, LLONG_MAX;
 * - unpriced, named "the TYPE tool" or "the ID plugin" (malloc'd, or
 *   NULL): the first tool or plugin priced elsewhere (openrouter:fusion,
 *   subagent, web_fetch; the fusion, web-fetch, moderation plugins; ...),
 *   which has no bound.  Function tools, openrouter:datetime and the free
 *   plugins cost nothing.
 */
struct spend_terms {
	char		*model;
	jv		 fallbacks;
	long long	 max_tokens;
	long long	 nimages;
	long long	 nsearches;
	long long	 ntoolsearches;
	char		*unpriced;
};
void	 spend_terms(jv body, struct spend_terms *);
/* Empty terms: no model, no fallbacks (null), no limit (-1), none. */
void	 spend_terms_init(struct spend_terms *);
/* Free what the terms hold, and leave them empty. */
void	 spend_terms_free(struct spend_terms *);

/*
 * --max-cost (I/O: opens the catalog): 0 when the worst case of sending
 * body (borrowed; bodylen bytes as sent) -- its model and fallbacks, its
 * token limit, images and searches (spend_terms), not the flags' -- is
 * within budget, else 1 with the figures in e (or another status when the
 * catalog cannot be had).
 */
int	 spend_budget(const struct opts *, const struct chat_req *, jv body,
	    size_t bodylen, struct or_error *e);

/*
 * After a reply, whenever the answer could be read (it has an id or a
 * usage: a failed call may still be billed): spend_record appends the
 * --log line (0, or 74 with e filled), before the reply is printed, so
 * that a reader gone away loses no record of what was paid; spend_usage,
 * after it, says the -u line on stderr, stdout flushed first so that on a
 * terminal the reply comes before it.  An answer from the response cache
 * (cr->cached) has a -u line saying so, with cost=0, and no --log line:
 * nothing was spent.
 */
int	 spend_record(const struct chat_req *, const struct chat_reply *,
	    struct or_error *e);
void	 spend_usage(const struct chat_req *, const struct chat_reply *);

/*
 * The worst case of a call with terms t (spend_terms) in cat (no I/O): to
 * its model or any of its fallbacks, a body of bodylen bytes (a token per
 * 4 bytes), at most t->max_tokens in the reply (-1: the model's maximum),
 * its images, and its web searches: the plugin's (at least one for an id
 * ending in ":online") and the tools'.  The dearest of them in *worst, its
 * model (borrowed from cat), the completion tokens and, unless
 * worst_searches is NULL, the web searches counted.  0; or 1 with e
 * saying why there is no bound (a model not in the catalog, or priced by
 * usage, searches without end, a tool priced elsewhere).  spend_budget,
 * and orchat --batch for each line, price through it.
 */
struct catalog;
int	 spend_worst_of(const struct catalog *, const struct spend_terms *t,
	    size_t bodylen, money_t *worst, const struct cat_model **worst_m,
	    long long *worst_used, long long *worst_searches,
	    struct or_error *e);

#endif
