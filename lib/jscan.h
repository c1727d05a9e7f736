/*
 * jscan: a strict, one-pass JSON scanner that never allocates and does
 * no I/O.
 *
 * jscan_validate() accepts exactly the JSON texts of RFC 8259 and nothing
 * else: no BOM, no NaN/Infinity, no trailing commas or trailing data, no
 * raw control characters in strings, and strings must be well-formed
 * UTF-8 (no overlongs, no UTF-8-encoded surrogates, nothing above
 * U+10FFFF).  A \u escape naming a lone surrogate (e.g. "\uD800") IS
 * accepted, because the RFC's grammar allows it; jscan_unescape() turns
 * it into U+FFFD so no invalid UTF-8 ever comes out.  Nesting deeper
 * than JSCAN_MAXDEPTH is rejected, and the scanner keeps its nesting on
 * a fixed bit stack, so hostile input cannot exhaust the C stack.
 *
 * jscan_get() and jscan_getn() pull values out of a document by dotted
 * path in the same single pass, and hand back the value's RAW bytes, so
 * a number such as 6e-07 can be converted exactly by the caller rather
 * than through a double.  They validate the whole document as they go.
 */
#ifndef JSCAN_H
#define JSCAN_H

#include <stddef.h>

#define JSCAN_MAXDEPTH	512	/* deepest nesting of arrays/objects */

enum jscan_kind {
	JSCAN_NONE,		/* no value: path absent */
	JSCAN_NULL,
	JSCAN_FALSE,
	JSCAN_TRUE,
	JSCAN_NUMBER,
	JSCAN_STRING,
	JSCAN_ARRAY,
	JSCAN_OBJECT
};

struct jscan_err {
	size_t		 offset;	/* byte offset of the offending byte */
	int		 line;		/* 1-based; only '\n' ends a line */
	int		 col;		/* 1-based, in UTF-8 characters */
	const char	*what;		/* static string */
};

struct jscan_val {
	enum jscan_kind	 kind;
	const char	*p;		/* raw bytes inside the document, */
	size_t		 len;		/* e.g. "a\nb" with quotes, 6e-07, {...} */
};

/*
 * 0 if buf[0..len) is exactly one JSON text (surrounding whitespace
 * allowed), else -1 with *err filled in when err is not NULL.
 */
int	jscan_validate(const char *buf, size_t len, struct jscan_err *err);

/*
 * Look up a dotted path such as "usage.cost" or "choices.0.delta.content".
 * A segment that is a canonical array index ("0", "17", not "07") selects
 * an array element; every segment, digits or not, also matches an object
 * member with exactly that key.  Document keys are compared after their
 * escapes are decoded.  When a key repeats, the last member wins (as in
 * jq).  The empty path "" names the whole document; keys containing '.'
 * cannot be named.
 * Returns 1 and fills *out if found, 0 if absent (including an
 * intermediate value of the wrong kind; out->kind is then JSCAN_NONE),
 * -1 if the document is not valid JSON.  Time is linear in len.
 */
int	jscan_get(const char *buf, size_t len, const char *path,
	    struct jscan_val *out);

/*
 * jscan_get() for npaths paths at once, in one pass over buf for each
 * 16 paths.  outs[i] receives paths[i] (kind JSCAN_NONE, p NULL when
 * absent).  Returns the number of paths found, or -1 with *err filled in
 * (if not NULL) when the document is invalid, in which case every
 * outs[i] is JSCAN_NONE.  With npaths 0 it is jscan_validate().
 */
int	jscan_getn(const char *buf, size_t len, const char *const *paths,
	    size_t npaths, struct jscan_val *outs, struct jscan_err *err);

/*
 * Decode a raw JSON string token (surrounding quotes optional) to UTF-8.
 * Escaped surrogate pairs become one 4-byte character; a lone surrogate
 * escape becomes U+FFFD; \u0000 becomes a NUL byte, so use the returned
 * length rather than strlen().  Returns the full decoded length, which
 * may exceed outsize as with snprintf(); when outsize > 0 the output is
 * always NUL-terminated and truncation never splits a UTF-8 character.
 * The token is assumed to have come from a validated document; on other
 * input the function stays within its bounds and decodes bad escapes as
 * U+FFFD.
 */
size_t	jscan_unescape(const char *p, size_t len, char *out, size_t outsize);

/*
 * 1 if v is a string whose decoded text equals the NUL-terminated s,
 * else 0.  Compares without copying, e.g. finish_reason against "stop".
 */
int	jscan_streq(const struct jscan_val *v, const char *s);

/*
 * The number v as a whole number within [lo, hi]: 0 and *out set, or -1
 * when v is no number, not whole as written (1.5, 1e3, -0 is 0), or out
 * of range.  The digits are read exactly, never through a double.
 */
int	jscan_llong(const struct jscan_val *v, long long lo, long long hi,
	    long long *out);

/*
 * jscan_getn with flags.  JSCAN_RAW_UTF8: bytes inside strings that are not
 * valid UTF-8 are let through instead of rejected, for text that is to be
 * passed on as it came (a model's reply), not judged.
 */
#define JSCAN_RAW_UTF8	1
int	jscan_getnf(const char *buf, size_t len, const char *const *paths,
	    size_t npaths, struct jscan_val *outs, struct jscan_err *err,
	    unsigned flags);

/*
 * Validate the one JSON value at buf[*pos] (white space before it is
 * skipped) and give it in *out; *pos moves just past it.  What follows is
 * left alone, so a caller can parse a structure it knows, value by value.
 * 0, or -1 with *err filled (if not NULL).  flags as for jscan_getnf.
 */
int	jscan_value(const char *buf, size_t len, size_t *pos, unsigned flags,
	    struct jscan_val *out, struct jscan_err *err);

/*
 * Walk the elements of an array, or the members of an object, given as
 * the raw text of a VALIDATED value (e.g. from jscan_get).  Start with
 * *pos = 0; each call gives the next element in *val (and, for an object,
 * its raw key token in *key; key may be NULL) and returns 1, then 0 at the
 * end, or -1 if the text is not a container.  Linear in total.
 */
int	jscan_iter(const char *buf, size_t len, size_t *pos,
	    struct jscan_val *key, struct jscan_val *val);

#endif /* JSCAN_H */
