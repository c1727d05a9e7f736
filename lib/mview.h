/*
 * mview: a model as the catalog commands show it: the model columns of a
 * listing (-o LIST) with their names, headers and cells; the price cells;
 * a model's card (ormodels -l); the table of a model's endpoints.
 *
 * Nothing here fetches or parses a catalog: it works on struct cat_model
 * (catalog.h) and struct ep_list (endpoints.h), and lays rows out with
 * table.h.
 */
#ifndef MVIEW_H
#define MVIEW_H

#include <stddef.h>
#include <stdio.h>

#include "catalog.h"

struct ep_list;
struct table;

enum mview_col {
	MV_ID, MV_SLUG, MV_NAME, MV_CREATED, MV_CONTEXT, MV_MAX_OUTPUT,
	MV_PROMPT, MV_COMPLETION, MV_REASONING, MV_CACHE_READ,
	MV_CACHE_WRITE, MV_CACHE_WRITE_1H, MV_REQUEST, MV_IMAGE,
	MV_WEB_SEARCH, MV_MODALITY, MV_INPUT, MV_OUTPUT, MV_TOKENIZER,
	MV_CUTOFF, MV_MODERATED, MV_SUPPORTS, MV_WITHDRAWN, MV_NCOLS
};

#define MVIEW_MAXCOLS	64

/* id,context,prompt,completion,name */
#define MVIEW_DEFAULT_COLUMNS	"id,context,prompt,completion,name"

/*
 * Parse a comma-separated column list ("id,prompt,max-output"); names are
 * those mview_columns_usage lists, and '_' may stand for '-'.  Returns the number
 * of columns, or -1 with a message in err.
 */
int	 mview_columns(const char *list, enum mview_col *cols, size_t max,
	    char *err, size_t errsize);
/* One line per column, "  name  what it shows", for --help. */
void	 mview_columns_usage(FILE *);

/* A table whose columns are these model columns. */
struct table *mview_table(const enum mview_col *, size_t n, int human);
/* Add m as a row of such a table (m is read during the call only). */
void	 mview_row(struct table *, const struct cat_model *,
	    const enum mview_col *, size_t n);

/*
 * A price as the tables print it: a per-token price in USD per million
 * tokens, a fee (request, image, web search) in USD; "-" when variable,
 * "0" when not given (the API leaves out prices that are zero).
 */
char	*mview_price(const struct cat_price *, int field, char *buf,
	    size_t size);
/* Is the field a price per token (rather than per request, image...)? */
int	 mview_price_per_token(int field);

/*
 * Write m as its page on openrouter.ai shows it (ormodels -l): the name;
 * the id; "Withdrawn: last listed YYYY-MM-DD" for a withdrawn model; release date, context and prices; the description; modality,
 * tokenizer, max output and moderation; the knowledge cutoff, every other
 * non-zero price and the conditional prices when there are any; the
 * supported parameters.  human: wrap the description and the parameters
 * at 80 columns (and with colour, the name in bold); otherwise the text is
 * as the catalog has it, line breaks and all.
 */
void	 mview_card(FILE *, const struct cat_model *, int human, int colour);

/*
 * The models as the commands print them, each borrowed for the call: a
 * listing of these columns (a table, nothing when n is 0; in colour with
 * colour); their cards, a blank line between; their catalog records as a
 * JSON array or, with lines, JSON Lines.
 */
void	 mview_list(FILE *, const struct cat_model **, size_t n,
	    const enum mview_col *, size_t ncols, int human, int colour);
void	 mview_cards(FILE *, const struct cat_model **, size_t n, int human,
	    int colour);
void	 mview_json(FILE *, const struct cat_model **, size_t n, int lines);

/*
 * The endpoints as a table (ormodels --endpoints): provider, tag, context,
 * max output, quantization, prices, uptime, latency, throughput, status.
 * bars, a chart_style (not -1): the prices and uptimes with short bars
 * (ep_bar), and the day's uptime too, for a terminal.  The caller writes
 * and frees it (table_write, table_free).
 */
struct table *mview_endpoints(const struct ep_list *, int human, int bars);
/* The endpoints' records as the answer had them, as mview_json writes. */
void	 mview_endpoints_json(FILE *, const struct ep_list *, int lines);

#endif
