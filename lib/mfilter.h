/*
 * mfilter: how the catalog commands (ormodels, orcost -a) choose models:
 * the filters and sorts, with the long options that set them, so that
 * every command filtering the catalog takes the same flags -- the catalog
 * options (--catalog, --refresh, --offline) among them.
 */
#ifndef MFILTER_H
#define MFILTER_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "catalog.h"
#include "money.h"
#include "opts.h"

struct or_error;

/* A list of words given by repeated options or comma lists. */
struct mfilter_words {
	char	**v;
	size_t	  n;
};

struct mfilter {
	struct mfilter_words	 pat;		/* id or name contains each */
	struct mfilter_words any;	/* ...and one of these (see below) */
	int		 have_any;	/* any is in force, even empty */
	const struct cat_model **anym;	/* any[i] names this model, or NULL */
	long long	 min_context;	/* 0: no limit */
	int		 have_max_prompt, have_max_completion;
	money_t		 max_prompt;	/* USD per million tokens */
	money_t		 max_completion;
	int		 free;
	struct mfilter_words input, output, supports;	/* each present */
	char		*tokenizer;	/* NULL: any */
	long long	 since;		/* created at or after; -1 any */
};

void	 mfilter_init(struct mfilter *);
void	 mfilter_free(struct mfilter *);
/* Add a word to a list; with split, a comma list adds each word. */
void	 mfilter_words_add(struct mfilter_words *, const char *, int split);
void	 mfilter_words_free(struct mfilter_words *);
/*
 * Each line read from fd (up to 16 MiB in all) added to w, the blanks
 * around it dropped, blank lines left out.  -1 when fd could not be read
 * (errno says why).
 */
int	 mfilter_words_read(struct mfilter_words *w, int fd);
/*
 * A command's operands: all of them in order, with "-" standing for the
 * lines of standard input (mfilter_words_read); and apart, those given as
 * arguments (args) and those read (in).  Standard input is read once, at
 * the first "-".  Returns 1 when "-" was there, else 0; or -1 with e
 * filled: standard input is a terminal (2) or cannot be read (66).
 */
int	 mfilter_operands(int argc, char **argv, struct mfilter_words *all,
	    struct mfilter_words *args, struct mfilter_words *in,
	    struct or_error *e);
/*
 * Ready the filter for this catalog; call once before mfilter_match.  A word of
 * the any list that names a model (catalog_find: id, canonical slug,
 * variant) selects exactly that model; any other word is a pattern, like
 * those of pat.  So "openai/gpt-4o" read from a pipe does not also bring
 * openai/gpt-4o-mini along.
 */
void	 mfilter_prepare(struct mfilter *, const struct catalog *);
/* Does the model pass every filter? */
int	 mfilter_match(const struct mfilter *, const struct cat_model *);
/*
 * Could the i-th model of c pass?  Its id and name are read from the
 * catalog's index (catalog_match_at) and the model is not filled: 0 when
 * the patterns and the words rule it out, else 1, and mfilter_match on
 * the model decides.  After mfilter_prepare.
 */
int	 mfilter_may_match(const struct mfilter *, const struct catalog *,
	    size_t i);
/*
 * The models that pass the filters, into v (room for catalog_count(c), or
 * ids->n): with ids, each model an id names (catalog_lookup, which warns
 * of one it does not find, and then sets *missing), in the order given;
 * with ids NULL, the catalog's, in its order (mfilter_prepare is called).
 * Returns how many.  The models live until catalog_close.
 */
size_t	 mfilter_select(struct mfilter *, const struct catalog *,
	    const struct mfilter_words *ids, const struct cat_model **v,
	    int *missing);

/*
 * "128000", "128k", "1M", "1.5M" (k = 1000: contexts of 128,000 and
 * 131,072 tokens are both "128k").  The count must be whole once scaled
 * ("0.0000001M" and "1.5" are refused); "-0" is 0, as jscan reads it.
 * 0, or -1 when it is none of these.
 */
int	 mfilter_parse_tokens(const char *, long long *);
/* "0.15", "$10": a non-negative amount in USD; 0 or -1. */
int	 mfilter_parse_usd(const char *, money_t *);
/* "2025-06-01" (UTC midnight) to Unix seconds; 0 or -1. */
int	 mfilter_parse_date(const char *, long long *);

enum mfilter_sort {
	MS_ID, MS_NAME, MS_CREATED, MS_CONTEXT, MS_PROMPT, MS_COMPLETION
};
/* "id", "name", ... ; 0 or -1. */
int	 mfilter_sort_parse(const char *, enum mfilter_sort *);
/*
 * Sort models by key, ascending (descending with reverse), ties by id.
 * Unknown values (no context, a variable price) come last either way.
 */
void	 mfilter_sort(const struct cat_model **, size_t n,
	    enum mfilter_sort key, int reverse);

/*
 * The long options that set a filter, and the catalog options, for a
 * command's option table.  The command gives every option it does not
 * know to mfilter_opt and mfilter_catalog_opt, which return 1 when it was
 * theirs and 0 when it is not; for a bad value mfilter_opt returns -1 with
 * e filled (one line, status 2) and never ends the process: the caller
 * prints e->msg and exits with e->exit.  arg is kept by the catalog
 * options, copied by the filters.
 */
enum {
	MF_OPT_MIN_CONTEXT = OPT_CMD + 64,
	MF_OPT_MAX_PROMPT,
	MF_OPT_MAX_COMPLETION,
	MF_OPT_FREE,
	MF_OPT_INPUT,
	MF_OPT_OUTPUT,
	MF_OPT_SUPPORTS,
	MF_OPT_TOKENIZER,
	MF_OPT_SINCE,
	MF_OPT_CATALOG,
	MF_OPT_REFRESH,
	MF_OPT_OFFLINE
};

#define MFILTER_LONGOPTS \
	{ "free",		no_argument,	   NULL, MF_OPT_FREE }, \
	{ "input",		required_argument, NULL, MF_OPT_INPUT }, \
	{ "max-completion-price", required_argument, NULL, \
	    MF_OPT_MAX_COMPLETION }, \
	{ "max-prompt-price",	required_argument, NULL, MF_OPT_MAX_PROMPT }, \
	{ "min-context",	required_argument, NULL, MF_OPT_MIN_CONTEXT }, \
	{ "output",		required_argument, NULL, MF_OPT_OUTPUT }, \
	{ "since",		required_argument, NULL, MF_OPT_SINCE }, \
	{ "supports",		required_argument, NULL, MF_OPT_SUPPORTS }, \
	{ "tokenizer",		required_argument, NULL, MF_OPT_TOKENIZER }

#define MFILTER_CATALOG_LONGOPTS \
	{ "catalog",		required_argument, NULL, MF_OPT_CATALOG }, \
	{ "offline",		no_argument,	   NULL, MF_OPT_OFFLINE }, \
	{ "refresh",		no_argument,	   NULL, MF_OPT_REFRESH }

int	 mfilter_opt(struct mfilter *, int ch, const char *arg,
	    struct or_error *e);
void	 mfilter_usage(FILE *);

/* Where the catalog comes from: --catalog FILE, and CAT_* flags. */
struct mfilter_catopts {
	const char	*file;
	unsigned	 flags;
};
int	 mfilter_catalog_opt(struct mfilter_catopts *, int ch, const char *arg);
void	 mfilter_catalog_usage(FILE *);

#endif
