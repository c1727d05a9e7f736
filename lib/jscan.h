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
 *
 * The cursor (jscan_open, jscan_member, jscan_element, jscan_next) reads
 * a structure the caller knows value by value, validating as it steps,
 * for one-pass decoders such as a stream's chunks; jscan_iter is the
 * cursor over text already validated.  The tokens themselves are lexed
 * by lib/jlex.h, which costrec's record scanner shares.
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
 * when v is no number (an absent one, kind JSCAN_NONE and p NULL,
 * included), not whole as written (1.5, 1e3; -0 is 0), or out of range.
 * The digits are read exactly, never through a double.
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
 * The cursor: reading a structure the caller knows, value by value, in
 * one pass and without the path machinery.  A cursor sits at a position
 * in one JSON text; it never allocates, and what it hands out points into
 * the text, which must outlive its use.
 *
 *	struct jscan_cur c;
 *	struct jscan_val k, v;
 *	int n = 0, r;
 *
 *	jscan_open(&c, buf, len, JSCAN_RAW_UTF8);
 *	while ((r = jscan_member(&c, &n, &k)) == 1) {
 *		if (jscan_streq(&k, "choices") && jscan_peek(&c) == '[') {
 *			int e = 0;
 *
 *			while ((r = jscan_element(&c, &e)) == 1)
 *				if (jscan_next(&c, &v) != 0)	(or descend)
 *					return -1;
 *			if (r != 0)
 *				return -1;
 *		} else if (jscan_next(&c, &v) != 0)	(skip, or keep, it)
 *			return -1;
 *	}
 *	if (r != 0 || jscan_end(&c) != 0)
 *		... c.err says what and where ...
 *
 * After each member (or element) the caller must step over its value,
 * with jscan_next or by reading it as a container in turn.  Every value
 * stepped over is validated as jscan_validate would, unless the cursor
 * was opened with JSCAN_VALID.  The first error is final: c.err says why
 * (line and column as in jscan_validate) and later calls may only fail.
 */
#define JSCAN_VALID	2	/* the text was validated before: values are
				 * stepped over unchecked (jscan_iter) */

struct jscan_cur {
	const char	*s;
	size_t		 len;
	size_t		 pos;		/* the next byte to read */
	unsigned	 flags;		/* JSCAN_RAW_UTF8, JSCAN_VALID */
	struct jscan_err err;		/* what is NULL until an error */
};

/* A cursor at the start of buf[0..len). */
void	jscan_open(struct jscan_cur *c, const char *buf, size_t len,
	    unsigned flags);

/*
 * Skip white space: the byte the next value (or ',' or bracket) starts
 * with, or -1 at the end of the text.  Decides how to read a value.
 */
int	jscan_peek(struct jscan_cur *c);

/*
 * The next member of the object being read: 1 with its raw key token in
 * *key (key may not be NULL; compare it with jscan_streq) and the cursor
 * at the member's value, 0 past the closing brace, -1 on an error.  *n
 * counts the members so far: start it at 0 with the cursor before the
 * opening brace ("expected an object" when there is none).
 */
int	jscan_member(struct jscan_cur *c, int *n, struct jscan_val *key);

/* Like jscan_member, for the elements of an array: 1 at the next one. */
int	jscan_element(struct jscan_cur *c, int *n);

/*
 * Step over the next value, whatever its kind, and give it in *v (raw
 * bytes, as jscan_get gives them).  0, or -1 on an error.
 */
int	jscan_next(struct jscan_cur *c, struct jscan_val *v);

/* 0 when only white space is left, else -1 ("trailing data ..."). */
int	jscan_end(struct jscan_cur *c);

/*
 * Walk the elements of an array, or the members of an object, given as
 * the raw text of a VALIDATED value (e.g. from jscan_get): the cursor
 * above with JSCAN_VALID, for a loop that keeps only a position.  Start
 * with *pos = 0; each call gives the next element in *val (and, for an
 * object, its raw key token in *key; key may be NULL) and returns 1, then
 * 0 at the end, or -1 if the text is not a container.  Linear in total.
 */
int	jscan_iter(const char *buf, size_t len, size_t *pos,
	    struct jscan_val *key, struct jscan_val *val);

#endif /* JSCAN_H */
