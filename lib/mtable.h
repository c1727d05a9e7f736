/*
 * mtable: how the catalog commands (ormodels, orcost -a) choose models and
 * print records.
 *
 * Three parts, each usable alone:
 *   - tables: rows of text cells, written as an aligned table with a header
 *     (a terminal) or as tab-separated lines with no header (a pipe), and
 *     JSON records copied from the catalog's own text (--json, --jsonl);
 *   - the model columns (-o LIST): their names, headers and cells;
 *   - the model filters and sorts, with the long options that set them, so
 *     that every command filtering the catalog takes the same flags.
 *
 * Nothing here fetches or parses a catalog: it works on struct cat_model
 * (catalog.h).  No jq: JSON is read with jscan and written as raw text, so
 * the commands stay free of libjq and start fast.
 */
#ifndef MTABLE_H
#define MTABLE_H

#include <stddef.h>
#include <stdio.h>

#include "catalog.h"
#include "money.h"
#include "opts.h"

/* ---- tables ---------------------------------------------------------- */

#define MT_RIGHT	1u	/* a column of numbers: right-aligned */

struct mt_table;

/*
 * A table of ncols columns with these headers and flags (flags may be
 * NULL).  human: it will be shown to a person (aligned, header), so cells
 * may be written for reading (128,000) rather than for a program (128000).
 */
struct mt_table *mt_table_new(size_t ncols, const char *const *heads,
	    const unsigned *flags, int human);
int	 mt_table_human(const struct mt_table *);
/*
 * A table that is not human needs no column widths, so its rows can go to
 * fp as they are added, never stored (a long listing then costs no
 * memory); mt_table_write adds nothing more.  No effect on a human table.
 */
void	 mt_table_stream(struct mt_table *, FILE *);
/* Add a row: ncols cells, copied; NULL is an empty cell. */
void	 mt_table_add(struct mt_table *, const char *const *cells);
size_t	 mt_table_rows(const struct mt_table *);
/*
 * Write the rows: aligned under a header when the table is human (the
 * header in bold when colour is set), else one line per row with the
 * cells separated by tabs.  Returns -1 on a write error.
 */
int	 mt_table_write(const struct mt_table *, FILE *, int colour);
void	 mt_table_free(struct mt_table *);

/* Display width of UTF-8 text: one column per character. */
size_t	 mt_width(const char *);

/*
 * JSON records, one value's raw text at a time: an array (one record a
 * line between "[" and "]") or JSON Lines.  Each record is written
 * compactly (whitespace outside strings dropped), otherwise as given.
 */
struct mt_json {
	FILE	*fp;
	int	 lines;		/* JSON Lines rather than an array */
	size_t	 n;
};
void	 mt_json_begin(struct mt_json *, FILE *, int lines);
void	 mt_json_add(struct mt_json *, const char *raw, size_t len);
void	 mt_json_end(struct mt_json *);

/* ---- columns --------------------------------------------------------- */

enum mt_col {
	MC_ID, MC_SLUG, MC_NAME, MC_CREATED, MC_CONTEXT, MC_MAX_OUTPUT,
	MC_PROMPT, MC_COMPLETION, MC_REASONING, MC_CACHE_READ,
	MC_CACHE_WRITE, MC_CACHE_WRITE_1H, MC_REQUEST, MC_IMAGE,
	MC_WEB_SEARCH, MC_MODALITY, MC_INPUT, MC_OUTPUT, MC_TOKENIZER,
	MC_CUTOFF, MC_MODERATED, MC_SUPPORTS, MC_NCOLS
};

#define MT_MAXCOLS	64

/* id,context,prompt,completion,name */
#define MT_DEFAULT_COLUMNS	"id,context,prompt,completion,name"

/*
 * Parse a comma-separated column list ("id,prompt,max-output"); names are
 * those of mt_col_name, and '_' may stand for '-'.  Returns the number of
 * columns, or -1 with a message in err.
 */
int	 mt_columns(const char *list, enum mt_col *cols, size_t max,
	    char *err, size_t errsize);
const char *mt_col_name(enum mt_col);
/* One line per column, "  name  what it shows", for --help. */
void	 mt_columns_usage(FILE *);

/* A table whose columns are these model columns. */
struct mt_table *mt_model_table(const enum mt_col *, size_t n, int human);
/* Add m as a row of such a table. */
void	 mt_model_row(struct mt_table *, const struct cat_model *,
	    const enum mt_col *, size_t n);

/*
 * A price as the tables print it: a per-token price in USD per million
 * tokens, a fee (request, image, web search) in USD; "-" when variable,
 * "0" when not given (the API leaves out prices that are zero).
 */
char	*mt_price(const struct cat_price *, int field, char *buf, size_t size);
/* Is the field a price per token (rather than per request, image...)? */
int	 mt_price_per_token(int field);
/*
 * The prices in the raw text of a pricing object (or a pricing override):
 * decimal strings, or numbers; absent ones are not in p->have.
 */
void	 mt_read_prices(const char *obj, size_t len, struct cat_price *p);

/* 128000 as "128000", or as "128,000" when human; -1 as "-". */
char	*mt_count(long long, int human, char *buf, size_t size);

/* ---- one model ------------------------------------------------------- */

/*
 * Write m as its page on openrouter.ai shows it (ormodels -l): the name;
 * the id; release date, context and prices; the description; modality,
 * tokenizer, max output and moderation; the knowledge cutoff, every other
 * non-zero price and the conditional prices when there are any; the
 * supported parameters.  human: wrap the description and the parameters
 * at 80 columns (and with colour, the name in bold); otherwise the text is
 * as the catalog has it, line breaks and all.
 */
void	 mt_card(FILE *, const struct cat_model *, int human, int colour);

/*
 * The models whose ids are closest to id (edit distance, over the whole id
 * and over the part after the author), best first, for "did you mean".
 * Returns how many were put in out (at most max; none when nothing is
 * close).
 */
size_t	 mt_suggest(const struct catalog *, const char *id,
	    const struct cat_model **out, size_t max);

/* "prog: ID: no such model; closest: A, B, C" on stderr. */
void	 mt_not_found(const struct catalog *, const char *id);

/* ---- filters and sorts ----------------------------------------------- */

/* A list of words given by repeated options or comma lists. */
struct mt_words {
	char	**v;
	size_t	  n;
};

struct mt_filter {
	struct mt_words	 pat;		/* id or name contains each */
	struct mt_words	 any;		/* ...and one of these (see below) */
	int		 have_any;	/* any is in force, even empty */
	const struct cat_model **anym;	/* any[i] names this model, or NULL */
	long long	 min_context;	/* 0: no limit */
	int		 have_max_prompt, have_max_completion;
	money_t		 max_prompt;	/* USD per million tokens */
	money_t		 max_completion;
	int		 free;
	struct mt_words	 input, output, supports;	/* each present */
	char		*tokenizer;	/* NULL: any */
	long long	 since;		/* created at or after; -1 any */
};

void	 mt_filter_init(struct mt_filter *);
void	 mt_filter_free(struct mt_filter *);
/* Add a word to a list; with split, a comma list adds each word. */
void	 mt_words_add(struct mt_words *, const char *, int split);
void	 mt_words_free(struct mt_words *);
/*
 * Ready the filter for this catalog; call once before mt_match.  A word of
 * the any list that names a model (catalog_find: id, canonical slug,
 * variant) selects exactly that model; any other word is a pattern, like
 * those of pat.  So "openai/gpt-4o" read from a pipe does not also bring
 * openai/gpt-4o-mini along.
 */
void	 mt_filter_prepare(struct mt_filter *, const struct catalog *);
/* Does the model pass every filter? */
int	 mt_match(const struct mt_filter *, const struct cat_model *);

/*
 * "128000", "128k", "1M", "1.5M" (k = 1000: contexts of 128,000 and
 * 131,072 tokens are both "128k").  0, or -1 when it is none of these.
 */
int	 mt_parse_tokens(const char *, long long *);
/* "0.15", "$10": a non-negative amount in USD; 0 or -1. */
int	 mt_parse_usd(const char *, money_t *);
/* "2025-06-01" (UTC midnight) to Unix seconds; 0 or -1. */
int	 mt_parse_date(const char *, long long *);

enum mt_sort {
	MS_ID, MS_NAME, MS_CREATED, MS_CONTEXT, MS_PROMPT, MS_COMPLETION
};
/* "id", "name", ... ; 0 or -1. */
int	 mt_sort_parse(const char *, enum mt_sort *);
/*
 * Sort models by key, ascending (descending with reverse), ties by id.
 * Unknown values (no context, a variable price) come last either way.
 */
void	 mt_sort(const struct cat_model **, size_t n, enum mt_sort key,
	    int reverse);

/*
 * The long options that set a filter, and the catalog options, for a
 * command's option table.  The command gives every option it does not
 * know to mt_filter_opt and mt_catalog_opt, which return 1 when it was
 * theirs; a bad value ends the process with status 2 and one line.
 */
enum {
	MT_OPT_MIN_CONTEXT = OPT_CMD + 64,
	MT_OPT_MAX_PROMPT,
	MT_OPT_MAX_COMPLETION,
	MT_OPT_FREE,
	MT_OPT_INPUT,
	MT_OPT_OUTPUT,
	MT_OPT_SUPPORTS,
	MT_OPT_TOKENIZER,
	MT_OPT_SINCE,
	MT_OPT_CATALOG,
	MT_OPT_REFRESH,
	MT_OPT_OFFLINE
};

#define MT_FILTER_LONGOPTS \
	{ "free",		no_argument,	   NULL, MT_OPT_FREE }, \
	{ "input",		required_argument, NULL, MT_OPT_INPUT }, \
	{ "max-completion-price", required_argument, NULL, \
	    MT_OPT_MAX_COMPLETION }, \
	{ "max-prompt-price",	required_argument, NULL, MT_OPT_MAX_PROMPT }, \
	{ "min-context",	required_argument, NULL, MT_OPT_MIN_CONTEXT }, \
	{ "output",		required_argument, NULL, MT_OPT_OUTPUT }, \
	{ "since",		required_argument, NULL, MT_OPT_SINCE }, \
	{ "supports",		required_argument, NULL, MT_OPT_SUPPORTS }, \
	{ "tokenizer",		required_argument, NULL, MT_OPT_TOKENIZER }

#define MT_CATALOG_LONGOPTS \
	{ "catalog",		required_argument, NULL, MT_OPT_CATALOG }, \
	{ "offline",		no_argument,	   NULL, MT_OPT_OFFLINE }, \
	{ "refresh",		no_argument,	   NULL, MT_OPT_REFRESH }

int	 mt_filter_opt(struct mt_filter *, int ch, const char *arg);
void	 mt_filter_usage(FILE *);

/* Where the catalog comes from: --catalog FILE, and CAT_* flags. */
struct mt_catopts {
	const char	*file;
	unsigned	 flags;
};
int	 mt_catalog_opt(struct mt_catopts *, int ch, const char *arg);
void	 mt_catalog_usage(FILE *);

#endif
