/*
 * jw: the one small JSON writer, for everything orkit prints as JSON or
 * JSONL and for the ledger line.
 *
 * A writer appends to a growable buffer (util's struct buf) and puts the
 * commas and colons itself, so a caller says only what it writes:
 *
 *	jw_init(&w, &b);
 *	jw_obj(&w);
 *	jw_kstr(&w, "model", id, strlen(id));
 *	jw_key(&w, "cost"); jw_money(&w, cost);
 *	jw_end(&w);
 *
 * Strings are always written valid: control characters are escaped and
 * each maximal subpart of an ill-formed UTF-8 sequence becomes one U+FFFD
 * (jlex_utf8_sub: "a\xE2\x82b" is "a\uFFFDb", as the WHATWG decoder has
 * it), so whatever came from the network, the output parses.  DEL and the
 * C1 controls (U+0080..U+009F), which JSON lets a string hold raw, are
 * escaped too (\u007f, \u009b): the same string, and no terminal that
 * shows the output acts on them (DESIGN.md, rules of trust).  jw_raw is
 * for text that is already one valid JSON value that orkit itself made;
 * JSON received is passed on with jw_copy, which keeps that promise.
 * Nesting is at most JW_DEPTH deep; deeper is a bug in the caller
 * (checked with assert).  Errors cannot happen: the buffer grows, or the
 * process ends on allocation failure.
 */
#ifndef JW_H
#define JW_H

#include <stddef.h>

#include "money.h"
#include "util.h"

#define JW_DEPTH	32

struct jw {
	struct buf	*b;
	unsigned	 depth;
	unsigned	 more;		/* bit d: level d has a member already */
	unsigned	 arr;		/* bit d: level d is an array */
	int		 key;		/* a key was written, its value is due */
};

void	 jw_init(struct jw *, struct buf *);
void	 jw_obj(struct jw *);		/* { */
void	 jw_arr(struct jw *);		/* [ */
void	 jw_end(struct jw *);		/* the } or ] of the innermost */
void	 jw_key(struct jw *, const char *);
void	 jw_str(struct jw *, const char *s, size_t n);	/* NULs allowed */
void	 jw_int(struct jw *, long long);
void	 jw_money(struct jw *, money_t);	/* exact, no exponent */
void	 jw_bool(struct jw *, int);
void	 jw_null(struct jw *);
void	 jw_raw(struct jw *, const char *json, size_t n);

/* A key and its value in one call. */
void	 jw_kstr(struct jw *, const char *key, const char *s, size_t n);
void	 jw_kint(struct jw *, const char *key, long long);
void	 jw_kmoney(struct jw *, const char *key, money_t);

/*
 * One JSON value that jscan accepted (strictly, or with JSCAN_RAW_UTF8),
 * copied as it is written -- escapes, numbers, key order -- except that
 * invalid UTF-8 in a string becomes U+FFFD and a raw DEL or C1 control
 * its \u escape, as above, and,
 * with JW_COMPACT, the white space between tokens is left out.  Text
 * received is passed on this way, never with jw_raw.
 */
#define JW_COMPACT	1
void	 jw_copy(struct jw *, const char *json, size_t n, unsigned flags);

/*
 * Text received that should be one JSON value, as one line appended to
 * out: copied as jw_copy does (invalid UTF-8 let through by jscan, then
 * replaced), compacted when it spans lines, a newline last.  Returns -1,
 * and appends nothing, when it is not one JSON value.
 */
int	 jw_line(struct buf *out, const char *json, size_t n);

/*
 * Append s (n bytes, NULs allowed) to b as a JSON string with its quotes.
 * Control characters (C0, DEL, C1) are escaped; invalid UTF-8 becomes
 * U+FFFD, one per maximal subpart, so the output is always valid JSON.
 */
void	 jw_quote(struct buf *b, const char *s, size_t n);

#endif
