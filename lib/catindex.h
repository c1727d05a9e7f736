/*
 * catindex: a catalog JSON file, mapped, with its compact index; the
 * models are read from the index, line by line, as they are asked for.
 *
 * The index lets a warm look-up read some 60 KB of text and parse no JSON
 * at all.  It is a text file (models.idx beside the cached models.json):
 *
 *	orkit-catalog-index 2 TAB size TAB sec.nsec NL
 *	one line per model object of the JSON's "data" array, in order
 *
 * The head keys the index to its JSON file: the JSON's size in bytes and
 * its modification time (st_mtim, nanoseconds in nine digits); an index
 * whose head does not match is rebuilt (one jscan pass, no tree).  A model
 * line is 30 fields separated by tabs, ended by a newline:
 *
 *	 1 id               2 canonical_slug     3 name
 *	 4 created          5 context_length     6 top_provider.
 *	                                            max_completion_tokens
 *	 7 offset of the model's object in the JSON, in bytes
 *	 8 length of that object, in bytes
 *	 9 architecture.modality                10 architecture.input_modalities
 *	11 architecture.output_modalities       12 architecture.tokenizer
 *	13 knowledge_cutoff                     14 top_provider.is_moderated
 *	15 supported_parameters                 16 pricing.overrides: "1" when
 *	                                           a non-empty array, else "0"
 *	17-30 pricing.<key> for each CP_* field in order (cat_price_name)
 *
 * A field is the JSON value as text: a string decoded (tab, CR and
 * newline turned to blanks), a number as written, true "1", false "0",
 * an array of strings joined with commas, anything else (null, absent,
 * an object) empty, except in a price: there null and absent are empty,
 * and any other value that is no string or number (an array, an object,
 * true, "") is "?".  NUL, tab, CR and newline in text become blanks; a
 * model whose id holds a control byte is left out (with a warning).
 * Counts that are empty read as -1 (unknown); prices that are empty as
 * absent, unreadable ones ("?", "1e999") as unknown.  An index with a NUL
 * in it is damaged, and rebuilt.
 */
#ifndef CATINDEX_H
#define CATINDEX_H

#include <stddef.h>

#include "catalog.h"
#include "jscan.h"

struct catindex;

/*
 * Map the catalog JSON at path and find its index: idxpath when that file
 * matches the JSON, else one built now (and saved to idxpath, best effort,
 * when idxpath is not NULL).  Returns 0 with *out set, or EX_NOINPUT (the
 * file cannot be read), EX_DATAERR (it is no catalog) or EX_SOFTWARE,
 * with the reason in why.
 */
int	 catindex_open(const char *path, const char *idxpath,
	    struct catindex **out, char *why, size_t whysize);
/*
 * catindex_open for a catalog that is in memory only (fetched, and not
 * kept): json[0..len), allocated with malloc, becomes the index's and is
 * freed by catindex_close (on failure too); no index file is read or
 * written.
 */
int	 catindex_open_mem(char *json, size_t len, struct catindex **out,
	    char *why, size_t whysize);
/*
 * Save a copy of the catalog and of its index: the JSON to jsonpath with
 * its modification time set to mtime (Unix seconds), the index to
 * idxpath keyed to that copy, each written atomically and privately
 * (0600) -- the bundled snapshot put in the cache as it is, old date
 * included.  0, or -1 with errno (the index is best effort).
 */
int	 catindex_save(const struct catindex *, const char *jsonpath,
	    const char *idxpath, long long mtime);
/*
 * Is json[0..len) a catalog: JSON with a non-empty "data" array of model
 * objects, each with a string "id"?  0, or -1 with the reason in why.
 */
int	 catindex_check(const char *json, size_t len, char *why,
	    size_t whysize);
/* Unmap and free; every model and string it gave out dies with it. */
void	 catindex_close(struct catindex *);

size_t	 catindex_count(const struct catindex *);
/*
 * Model i, filled from its line the first time it is asked for (hence
 * the index is not const), or NULL past the last.  The model, its strings
 * and its JSON live until catindex_close.
 */
const struct cat_model *catindex_model(struct catindex *, size_t i);
/*
 * The text of field k of model i as its line of the index holds it (0 the
 * id, 1 the canonical slug, 2 the name: the strings a model's id,
 * canonical_slug and name would be), in *len bytes, without reading the
 * rest of the line nor filling the model: a filter looks at the ids and
 * names of all the models, and fills only those it keeps.  The text ends
 * at *len (no NUL there for a line not yet read) and lives until
 * catindex_close.  i must be below catindex_count; k at most 2.
 */
const char *catindex_text(const struct catindex *, size_t i, int k,
	    size_t *len);
/*
 * Is m model i (catindex_model(c, i) would return m)?  Nothing is
 * filled: m is compared, not read.
 */
int	 catindex_is(const struct catindex *, size_t i,
	    const struct cat_model *m);
/*
 * The first model whose id (slug: whose canonical slug) is the n bytes at
 * id, or NULL.  Lines not yet read are compared in place, not filled.
 */
const struct cat_model *catindex_find(struct catindex *, int slug,
	    const char *id, size_t n);
/*
 * Does the string value v (an id) decode to text with a control byte in
 * it?  Such a model is left out of every catalog and history: it could
 * not be looked up, nor printed, nor put in a path or a TSV line.
 */
int	 catindex_bad_id(const struct jscan_val *v);

#endif
