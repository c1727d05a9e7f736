/*
 * json: thin helpers over libjq's jv values -- the REQUEST side only.
 *
 * libjq builds what orkit sends: the request body, --set PATH=JSON, the
 * tools and schema files, and the conversation files read and written
 * with -c.  Nothing that comes back from the API goes through jv: replies,
 * chunks, errors and ledgers are read with jscan (jscan.h, stream.h) and
 * written with jw (jw.h).  The unit tests also use these helpers as an
 * oracle, a second reader to check jscan's against.
 *
 * Ownership follows jq's rule (jq src/jv.h): a jv passed to a jv_* function
 * is consumed; jv_copy() keeps a reference; jv_get_kind() and
 * jv_string_value() borrow.  Here every helper states which it does:
 * "borrows v" means the caller still owns v afterwards and must free it;
 * "consumes v" means it must not.  A const char * returned from a borrowed
 * value lives as long as that value.
 *
 * Money is never read through these helpers' numbers: libjq 1.6 keeps
 * numbers as doubles.  Use jscan for the raw text and money for the value.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>

#include "jqfn.h"

/*
 * Parse exactly one JSON text, validated strictly first (jscan): libjq 1.6
 * alone accepts NaN, control characters in strings and invalid UTF-8.
 * Returns the value, or jv_invalid() with a message in err ("line 3,
 * column 7: unterminated string").
 */
jv	 json_parse(const char *buf, size_t len, char *err, size_t errsize);

/*
 * The value at a dotted path ("usage.prompt_tokens", "choices.0.message"):
 * borrows v, returns a new reference, or jv_invalid() when any step is
 * missing or of the wrong kind.  Numeric segments index arrays.
 */
jv	 json_get(jv v, const char *path);

/* The string at path, borrowed from v; NULL when absent or not a string. */
const char *json_str(jv v, const char *path);

/* The integer at path (a number with no fraction); 0 found, -1 not. */
int	 json_int(jv v, const char *path, long long *out);

/* Is the value at path present and neither null nor false? */
int	 json_true(jv v, const char *path);

/*
 * Set the value at a dotted path, creating objects on the way: consumes v
 * and val, returns the new value (jv_invalid() with a message if a step
 * runs into something that is not an object).
 */
jv	 json_set(jv v, const char *path, jv val);

/* obj with key (not a path) set to val: consumes obj and val. */
jv	 json_set_key(jv obj, const char *key, jv val);

/* Compact JSON text of v, borrowing it; malloc'd, caller frees. */
char	*json_dump(jv v);
/*
 * json_dump with every object's keys sorted, at every depth: one text for
 * all the orders the same members can come in (a cache key).
 */
char	*json_dump_sorted(jv v);

#endif
