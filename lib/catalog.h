/*
 * catalog: OpenRouter's model catalog (GET /models), shared by ormodels,
 * orcost and orchat --max-cost.
 *
 * Where it comes from, first match wins:
 *   1. --catalog FILE or ORKIT_CATALOG: that file and nothing else (its
 *      index kept in the cache's index/, named by a hash of the file's
 *      real path, keyed to its size and mtime);
 *   2. the cache $XDG_CACHE_HOME/orkit/models.json while fresh
 *      (ORKIT_CATALOG_TTL seconds, default 86400) unless CAT_REFRESH --
 *      however old with CAT_OFFLINE, or while the stamp models.retry says
 *      a refresh from this base URL failed less than ORKIT_CATALOG_RETRY
 *      seconds (default 3600) ago;
 *   3. a fetch of GET /models (the key is sent when there is one), written
 *      to the cache atomically (temp file + rename), or kept in memory for
 *      this call when the cache cannot be written (saying so) -- skipped
 *      if CAT_OFFLINE.  Unless CAT_REFRESH it is quick: one attempt of at
 *      most 3 s (only 408/429/5xx answers retried); a failure sets the
 *      stamp, and its one warning names the fixes;
 *   4. on failure, a stale cache, with a one-line warning;
 *   5. else the bundled snapshot (data/models.json, installed to
 *      $(PREFIX)/share/orkit/, found beside the binaries in a build tree),
 *      with a warning naming its date (none with CAT_OFFLINE, nor within
 *      the stamp's window), then copied with its index into the cache,
 *      dated as its newest model: stale, and read as a warm cache is.
 * Beside the cached JSON lies a compact index (models.idx, described in
 * catindex.h), rebuilt whenever the JSON is newer, so that a look-up or a
 * scan never parses the JSON.
 *
 * Prices are read from the catalog's decimal strings into money_t, never
 * through a double.  Every field is optional: -1 means unknown for counts.
 *
 * Lifetimes: every struct cat_model the catalog gives out, its strings and
 * its json are borrowed from the catalog and live until catalog_close;
 * they are never changed once given out.
 */
#ifndef CATALOG_H
#define CATALOG_H

#include <stddef.h>

#include "money.h"

struct opts;
struct or_error;
struct catalog;

enum {
	CAT_REFRESH = 1 << 0,	/* fetch now, whatever the cache's age */
	CAT_OFFLINE = 1 << 1,	/* never fetch */
	CAT_QUIET   = 1 << 2	/* no warning about stale or bundled data */
};

/* The prices of a model, USD per token (per request, image, search). */
enum cat_price_field {
	CP_PROMPT, CP_COMPLETION, CP_REQUEST, CP_IMAGE, CP_WEB_SEARCH,
	CP_INTERNAL_REASONING, CP_CACHE_READ, CP_CACHE_WRITE,
	CP_CACHE_WRITE_1H, CP_AUDIO, CP_AUDIO_CACHE, CP_IMAGE_OUTPUT,
	CP_AUDIO_OUTPUT, CP_DISCOUNT, CP_NFIELDS
};

/*
 * A price given but unreadable ("1e999", too many decimals, beyond the
 * money range, an array) is unknown: it is in have, variable and unknown,
 * so that nothing ever takes it for a price (and never for 0).
 */
struct cat_price {
	money_t		 v[CP_NFIELDS];
	unsigned	 have;		/* bit (1 << field): given */
	unsigned	 variable;	/* bit (1 << field): "-1", not knowable */
	unsigned	 unknown;	/* bit (1 << field): given, unreadable */
};

/* The pricing key of a field ("prompt", "input_cache_read", ...). */
static inline const char *
cat_price_name(int field)
{
	static const char *const key[CP_NFIELDS] = {
		"prompt", "completion", "request", "image", "web_search",
		"internal_reasoning", "input_cache_read", "input_cache_write",
		"input_cache_write_1h", "audio", "input_audio_cache",
		"image_output", "audio_output", "discount",
	};

	return key[field];
}

/* Set field to a price given but unreadable: unknown (and variable). */
static inline void
cat_price_put_unknown(struct cat_price *p, int field)
{
	p->have |= 1u << field;
	p->variable |= 1u << field;
	p->unknown |= 1u << field;
	p->v[field] = 0;
}

/*
 * Set field to the price x as read: a negative one ("-1") is variable; a
 * discount of more than 100% (a cost below 0) is unreadable.
 */
static inline void
cat_price_put(struct cat_price *p, int field, money_t x)
{
	if (field == CP_DISCOUNT && x > MONEY_ONE) {
		cat_price_put_unknown(p, field);
		return;
	}
	p->have |= 1u << field;
	if (x < 0) {
		p->variable |= 1u << field;
		x = 0;
	} else if (p->variable)
		p->variable &= ~(1u << field);
	p->unknown &= ~(1u << field);
	p->v[field] = x;
}

struct cat_model {
	const char	*id;
	const char	*canonical_slug;	/* "" when absent */
	const char	*name;
	long long	 created;		/* Unix seconds, -1 unknown */
	long long	 context_length;	/* -1 unknown */
	long long	 max_output;		/* top_provider.max_completion_tokens */
	struct cat_price price;			/* base prices, no overrides */
	int		 has_overrides;		/* pricing.overrides present */
	const char	*modality;		/* "text+image->text", or "" */
	const char	*input_modalities;	/* "text,image,file", or "" */
	const char	*output_modalities;
	const char	*tokenizer;
	const char	*knowledge_cutoff;	/* as given, or "" */
	int		 moderated;		/* 1, 0, or -1 unknown */
	const char	*supported_parameters;	/* "tools,temperature,...", or "" */
	const char	*json;			/* this model's object, raw JSON */
	size_t		 jsonlen;
	const char	*withdrawn;		/* archive.h: last listed
						 * "YYYY-MM-DD" of a model no
						 * longer listed; else NULL */
};

/*
 * Load the catalog as described above.  file: --catalog, or NULL (then
 * ORKIT_CATALOG is looked at).  Returns 0, or an exit status with e filled.
 * The catalog is read, and its models filled in, as they are asked for:
 * a struct catalog is not safe to share between threads.
 */
int	 catalog_open(const struct opts *, const char *file, unsigned flags,
	    struct catalog **, struct or_error *e);
/* Free the catalog: every model and string it gave out dies with it. */
void	 catalog_close(struct catalog *);

/* Number of models, and the i-th in catalog order (NULL past the end). */
size_t	 catalog_count(const struct catalog *);
const struct cat_model *catalog_model(const struct catalog *, size_t i);

/*
 * The model with this id or canonical slug.  A variant suffix (":nitro",
 * ":floor", ":online", ":thinking", ...) that is not itself in the catalog
 * is stripped and the base model returned; ":free" ids are only ever their
 * own entries.  Else a withdrawn model from the archive (archive.h, with
 * its withdrawn member set); NULL when there is none.
 */
const struct cat_model *catalog_find(const struct catalog *, const char *id);

/*
 * The prices that apply to a call with prompt_tokens prompt tokens, now:
 * the base prices with every matching pricing.overrides entry laid over
 * them in order (conditional prices: a prompt strictly longer than
 * min_prompt_tokens, a daily UTC window).
 */
void	 catalog_price_for(const struct cat_model *, long long prompt_tokens,
	    struct cat_price *);

/*
 * catalog_price_for, and the range [*lo, *hi] of prompt sizes that get
 * the same prices (at this time of day), so that a caller pricing many
 * calls can keep the answer.
 */
void	 catalog_price_band(const struct cat_model *, long long prompt_tokens,
	    struct cat_price *, long long *lo, long long *hi);

/*
 * The models whose ids are closest to id (edit distance, over the whole id
 * and over the part after the author), best first, for "did you mean".
 * Returns how many were put in out (at most max, at most 16; none when
 * nothing is close).
 */
size_t	 catalog_suggest(const struct catalog *, const char *id,
	    const struct cat_model **out, size_t max);
/* "prog: ID: no such model; closest: A, B, C" on stderr. */
void	 catalog_not_found(const struct catalog *, const char *id);
/* catalog_find; when there is no such model, catalog_not_found, NULL. */
const struct cat_model *catalog_lookup(const struct catalog *,
	    const char *id);
/* Does the model's id or name contain pat, ASCII case ignored? */
int	 catalog_match(const struct cat_model *, const char *pat);
/*
 * catalog_match for the i-th model (i below catalog_count), read from the
 * catalog's index without filling the model: a filter looks at every id
 * and name, and fills only the models it keeps.
 */
int	 catalog_match_at(const struct catalog *, size_t i, const char *pat);
/* Is m the i-th model (catalog_model would return it)?  m is not read. */
int	 catalog_model_is(const struct catalog *, size_t i,
	    const struct cat_model *m);

/*
 * The prices in the raw text of a pricing object (or of a pricing
 * override, an endpoint's pricing): decimal strings, or numbers; absent
 * and null ones are not in p->have, unreadable ones (and any other kind
 * of value) are unknown.  obj is read during the call.
 */
void	 catalog_read_prices(const char *obj, size_t len, struct cat_price *p);

/*
 * Is id a well-formed model id, safe in a URL path and a file name?
 * "author/slug[:variant]": each part of letters, digits, '.', '_' and
 * '-', not starting with a dot, no "..", no control byte; the author may
 * start with '~' (the catalog's aliases, "~openai/gpt-latest").  0 when
 * it is; else -1, with *why a short reason (static).
 */
/*
 * The bundled data file name (models.json, archive.json, history.tsv):
 * the build tree's data/ for a binary of that tree, else DATADIR, into
 * out.  0, or -1 when there is no such file to read.
 */
int	 catalog_data_path(const char *name, char *out, size_t size);
int	 catalog_id_check(const char *id, const char **why);

#endif
