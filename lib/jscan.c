/*
 * jscan.c: strict RFC 8259 scanner and path lookup; see jscan.h.
 *
 * Guarantees: one forward pass over the input, no reads outside
 * buf[0..len) (the input need not be NUL-terminated), no allocation,
 * no recursion, and no dependency beyond libc.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "jlex.h"
#include "jscan.h"

#define MAXPATHS	16		/* paths followed per pass */
#define NOIDX		SIZE_MAX	/* segment is not an array index */

/*
 * The progress of one path lookup.  The scanner only ever has to watch
 * one container per path, the "frontier": the deepest container reached
 * so far by matching path segments.  Values directly inside it sit at
 * depth fd and are tested against the segment [seg, segend).
 */
struct track {
	const char		*path;
	const char		*seg, *segend;
	int			 last;		/* seg is the final segment */
	int			 fd;		/* frontier depth, 0 = root */
	int			 cand;		/* next value at fd matches seg */
	int			 capdepth;	/* capturing a value, or -1 */
	size_t			 want;		/* index named by seg, or NOIDX */
	size_t			 idx;		/* next element index at fd */
	struct jscan_val	*out;
};

static size_t
skipws(const unsigned char *s, size_t len, size_t pos)
{
	while (pos < len && (s[pos] == ' ' || s[pos] == '\n' ||
	    s[pos] == '\r' || s[pos] == '\t'))
		pos++;
	return pos;
}

/* What jscan says for each of the lexer's errors. */
static const char *const lexwhy[] = {
	[JLEX_OK] = NULL,
	[JLEX_STR_SHORT] = "unterminated string",
	[JLEX_CTRL] = "unescaped control character in string",
	[JLEX_ESC] = "invalid escape in string",
	[JLEX_UESC] = "invalid \\u escape in string",
	[JLEX_UESC_SHORT] = "invalid \\u escape in string",
	[JLEX_UTF8] = "invalid UTF-8 in string",
	[JLEX_UTF8_SHORT] = "invalid UTF-8 in string",
	[JLEX_DIGIT] = "expected digit in number",
	[JLEX_LEADZERO] = "leading zero in number",
	[JLEX_FRAC] = "expected digit after decimal point",
	[JLEX_EXP] = "expected digit in exponent",
	[JLEX_LIT] = "invalid literal",
	[JLEX_LIT_SHORT] = "invalid literal"
};

/*
 * Scan the string token whose opening quote is at *pos.  On success
 * return NULL with *pos just past the closing quote; otherwise return
 * the reason with *pos at the offending byte (at the backslash for a
 * bad escape, at the lead byte for bad UTF-8).
 */
static inline const char *
scan_string(const unsigned char *s, size_t len, size_t *pos, int raw)
{
	int esc;

	return lexwhy[jlex_string(s, len, pos, raw, &esc)];
}

/* Like scan_string(), for the number starting at *pos. */
static inline const char *
scan_number(const unsigned char *s, size_t len, size_t *pos)
{
	return lexwhy[jlex_number(s, len, pos, NULL)];
}

/* Like scan_string(), for the literal lit; *pos is left at its start. */
static inline const char *
scan_literal(const unsigned char *s, size_t len, size_t *pos,
    const char *lit)
{
	return lexwhy[jlex_literal(s, len, pos, lit, strlen(lit))];
}

static size_t
put_utf8(unsigned long cp, unsigned char *u)
{
	if (cp < 0x80) {
		u[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = 0xc0 | cp >> 6;
		u[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = 0xe0 | cp >> 12;
		u[1] = 0x80 | (cp >> 6 & 0x3f);
		u[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	u[0] = 0xf0 | cp >> 18;
	u[1] = 0x80 | (cp >> 12 & 0x3f);
	u[2] = 0x80 | (cp >> 6 & 0x3f);
	u[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/*
 * Decode the character of a string body at *pp into u[0..4), advancing
 * *pp.  A raw multibyte sequence is taken whole so that callers can
 * truncate on character boundaries.  Anything malformed decodes to
 * U+FFFD; the bytes before end are all that is ever read.
 */
static size_t
decode1(const unsigned char **pp, const unsigned char *end,
    unsigned char *u)
{
	const unsigned char	*p = *pp;
	long			 cp, lo;
	size_t			 n;

	if (*p != '\\') {
		/* A byte that starts no valid sequence goes alone, as it is
		 * (JSCAN_RAW_UTF8 text), never swallowing what follows. */
		if ((n = jlex_utf8(p, end - p)) == 0)
			n = 1;
		memcpy(u, p, n);
		*pp = p + n;
		return n;
	}
	if (++p == end) {
		*pp = p;
		return put_utf8(0xfffd, u);
	}
	*pp = p + 1;
	switch (*p) {
	case 'b':
		cp = '\b';
		break;
	case 'f':
		cp = '\f';
		break;
	case 'n':
		cp = '\n';
		break;
	case 'r':
		cp = '\r';
		break;
	case 't':
		cp = '\t';
		break;
	case '"': case '\\': case '/':
		cp = *p;
		break;
	case 'u':
		if ((cp = jlex_hex4(p + 1, end - p - 1)) < 0) {
			cp = 0xfffd;
			break;
		}
		*pp = p += 5;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			cp = 0xfffd;
		else if (cp >= 0xd800 && cp <= 0xdbff) {
			/* Only a following low surrogate completes it. */
			if (end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
			    (lo = jlex_hex4(p + 2, 4)) >= 0xdc00 &&
			    lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				*pp = p + 6;
			} else
				cp = 0xfffd;
		}
		break;
	default:
		cp = 0xfffd;
		break;
	}
	return put_utf8(cp, u);
}

/*
 * Strip the quotes of a string token.  Without an opening quote the
 * bytes are taken as a bare string body, whose last byte may well be
 * the quote of a \" escape.
 */
static void
unquote(const char *p, size_t len, const unsigned char **b,
    const unsigned char **e)
{
	*b = (const unsigned char *)p;
	*e = *b + len;
	if (len > 0 && p[0] == '"') {
		(*b)++;
		if (len > 1 && p[len - 1] == '"')
			(*e)--;
	}
}

/* Does the decoded string token tok equal s[0..n)? */
static int
str_eq(const char *tok, size_t toklen, const char *s, size_t n)
{
	const unsigned char	*p, *end;
	unsigned char		 u[4];
	size_t			 k, off = 0;

	unquote(tok, toklen, &p, &end);
	/* Keys almost never hold escapes: then bytes compare as they are. */
	if (memchr(p, '\\', end - p) == NULL)
		return (size_t)(end - p) == n && memcmp(p, s, n) == 0;
	while (p < end) {
		k = decode1(&p, end, u);
		if (k > n - off || memcmp(s + off, u, k) != 0)
			return 0;
		off += k;
	}
	return off == n;
}

size_t
jscan_unescape(const char *p, size_t len, char *out, size_t outsize)
{
	const unsigned char	*s, *end;
	unsigned char		 u[4];
	size_t			 k, n = 0;
	int			 full = outsize == 0;

	unquote(p, len, &s, &end);
	while (s < end) {
		k = decode1(&s, end, u);
		/* Once a character is cut off, nothing after it fits. */
		if (!full) {
			if (n + k < outsize)
				memcpy(out + n, u, k);
			else {
				full = 1;
				out[n] = '\0';
			}
		}
		n += k;
	}
	if (!full)
		out[n] = '\0';
	return n;
}

/* Number of the array element named by [s, e), or NOIDX. */
static size_t
parse_index(const char *s, const char *e)
{
	size_t	 v = 0, d;

	if (s == e || (*s == '0' && e - s > 1))
		return NOIDX;
	for (; s < e; s++) {
		if (!JLEX_ISDIGIT(*s))
			return NOIDX;
		d = *s - '0';
		if (v > (NOIDX - 1 - d) / 10)
			return NOIDX;
		v = v * 10 + d;
	}
	return v;
}

static void
set_segment(struct track *t, const char *seg)
{
	t->seg = seg;
	t->segend = seg + strcspn(seg, ".");
	t->last = *t->segend == '\0';
	t->want = parse_index(t->seg, t->segend);
	t->idx = 0;
}

/* A value of kind k starts at p, at depth d. */
static void
on_value(struct track *t, size_t nt, int d, enum jscan_kind k,
    const unsigned char *p)
{
	for (; nt > 0; nt--, t++) {
		if (!t->cand || t->fd != d)
			continue;
		t->cand = 0;
		if (t->last) {
			t->out->kind = k;
			t->out->p = (const char *)p;
			t->capdepth = d;
		} else if (k == JSCAN_OBJECT || k == JSCAN_ARRAY) {
			/* Descend: the new container is the frontier. */
			t->fd = d + 1;
			set_segment(t, d == 0 ? t->path : t->segend + 1);
		}
	}
}

/* A value has ended at p, at depth d. */
static void
on_end(struct track *t, size_t nt, int d, const unsigned char *p)
{
	for (; nt > 0; nt--, t++)
		if (t->capdepth == d) {
			t->out->len = (const char *)p - t->out->p;
			t->capdepth = -1;
		}
}

/* A container has closed, leaving depth d. */
static void
on_close(struct track *t, size_t nt, int d)
{
	const char	*s;

	for (; nt > 0; nt--, t++) {
		if (t->fd <= d)
			continue;
		/* The frontier closed: go back to its parent. */
		t->fd = d;
		t->cand = 0;
		if (d == 0)
			continue;
		s = t->seg - 1;
		while (s > t->path && s[-1] != '.')
			s--;
		set_segment(t, s);
		/* An array index matches once; it just did. */
		t->want = NOIDX;
	}
}

/* An object member with key token [k, k + n) is at depth d. */
static void
on_key(struct track *t, size_t nt, int d, const unsigned char *k, size_t n)
{
	for (; nt > 0; nt--, t++) {
		if (t->fd != d)
			continue;
		t->cand = str_eq((const char *)k, n, t->seg,
		    t->segend - t->seg);
		/* A later duplicate key replaces what the earlier found. */
		if (t->cand)
			t->out->kind = JSCAN_NONE;
	}
}

/* An array element is next, at depth d. */
static void
on_elem(struct track *t, size_t nt, int d)
{
	for (; nt > 0; nt--, t++)
		if (t->fd == d)
			t->cand = t->idx++ == t->want;
}

static void
set_err(struct jscan_err *err, const unsigned char *s, size_t off,
    const char *what)
{
	size_t	 i;
	int	 line = 1, col = 1;

	if (err == NULL)
		return;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			if (line < INT_MAX)
				line++;
			col = 1;
		} else if ((s[i] & 0xc0) != 0x80 && col < INT_MAX)
			col++;
	}
	err->offset = off;
	err->line = line;
	err->col = col;
	err->what = what;
}

/*
 * The scanner proper: validate buf and feed the trackers.  It is a
 * small state machine (value, after a value, object key) written with
 * goto so that nesting costs one bit on stack[] rather than a C frame.
 */
/* The deepest frontier of any path: -1 when there are none. */
static int
frontier(const struct track *t, size_t nt)
{
	int m = -1;

	for (; nt > 0; nt--, t++)
		if (t->fd > m)
			m = t->fd;
	return m;
}

static int
scan(const char *buf, size_t len, struct track *t, size_t nt,
    struct jscan_err *err, int raw, size_t *endp)
{
	const unsigned char	*s = (const unsigned char *)buf;
	unsigned char		 stack[JSCAN_MAXDEPTH / 8];	/* 1 = object */
	const char		*what = NULL;
	size_t			 pos, start;
	int			 d = 0, isobj, maxfd;
	enum jscan_kind		 k;

	/*
	 * No path can match below the deepest frontier, so while the scan is
	 * deeper than maxfd the hooks are skipped: the bulk of a document
	 * is then only validated.
	 */
	maxfd = frontier(t, nt);

	if (endp == NULL && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		what = "byte order mark not allowed";
		pos = 0;
		goto fail;
	}
	pos = skipws(s, len, endp ? *endp : 0);
	if (pos == len) {
		what = "no JSON value";
		goto fail;
	}

value:
	if (pos == len) {
		what = "unexpected end of input";
		goto fail;
	}
	start = pos;
	switch (s[pos]) {
	case '{':
	case '[':
		isobj = s[pos] == '{';
		if (d == JSCAN_MAXDEPTH) {
			what = "nesting too deep";
			goto fail;
		}
		if (d <= maxfd) {
			on_value(t, nt, d, isobj ? JSCAN_OBJECT : JSCAN_ARRAY,
			    s + start);
			maxfd = frontier(t, nt);
		}
		if (isobj)
			stack[d / 8] |= 1 << d % 8;
		else
			stack[d / 8] &= ~(1 << d % 8);
		d++;
		pos = skipws(s, len, pos + 1);
		if (pos < len && s[pos] == (isobj ? '}' : ']')) {
			pos++;
			if (--d < maxfd) {
				on_close(t, nt, d);
				maxfd = frontier(t, nt);
			}
			goto after;
		}
		if (isobj)
			goto key;
		if (d <= maxfd)
			on_elem(t, nt, d);
		goto value;
	case '"':
		k = JSCAN_STRING;
		what = scan_string(s, len, &pos, raw);
		break;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		k = JSCAN_NUMBER;
		what = scan_number(s, len, &pos);
		break;
	case 't':
		k = JSCAN_TRUE;
		what = scan_literal(s, len, &pos, "true");
		break;
	case 'f':
		k = JSCAN_FALSE;
		what = scan_literal(s, len, &pos, "false");
		break;
	case 'n':
		k = JSCAN_NULL;
		what = scan_literal(s, len, &pos, "null");
		break;
	default:
		what = "expected value";
		goto fail;
	}
	if (what != NULL)
		goto fail;
	if (d <= maxfd)
		on_value(t, nt, d, k, s + start);

after:
	if (d <= maxfd)
		on_end(t, nt, d, s + pos);
	if (d == 0 && endp) {
		/* jscan_next: one value, and whatever follows is not ours. */
		*endp = pos;
		return 0;
	}
	pos = skipws(s, len, pos);
	if (d == 0) {
		if (pos != len) {
			what = "trailing data after JSON value";
			goto fail;
		}
		return 0;
	}
	isobj = stack[(d - 1) / 8] >> (d - 1) % 8 & 1;
	if (pos == len) {
		what = isobj ? "unterminated object" : "unterminated array";
		goto fail;
	}
	if (s[pos] == ',') {
		pos = skipws(s, len, pos + 1);
		if (pos < len && s[pos] == (isobj ? '}' : ']')) {
			what = "trailing comma";
			goto fail;
		}
		if (isobj)
			goto key;
		if (d <= maxfd)
			on_elem(t, nt, d);
		goto value;
	}
	if (s[pos] == (isobj ? '}' : ']')) {
		pos++;
		if (--d < maxfd) {
			on_close(t, nt, d);
			maxfd = frontier(t, nt);
		}
		goto after;
	}
	what = isobj ? "expected ',' or '}' in object" :
	    "expected ',' or ']' in array";
	goto fail;

key:
	if (pos == len) {
		what = "unterminated object";
		goto fail;
	}
	if (s[pos] != '"') {
		what = "expected string key in object";
		goto fail;
	}
	start = pos;
	if ((what = scan_string(s, len, &pos, raw)) != NULL)
		goto fail;
	if (d <= maxfd)
		on_key(t, nt, d, s + start, pos - start);
	pos = skipws(s, len, pos);
	if (pos == len || s[pos] != ':') {
		what = "expected ':' after object key";
		goto fail;
	}
	pos = skipws(s, len, pos + 1);
	goto value;

fail:
	set_err(err, s, pos, what);
	return -1;
}

int
jscan_validate(const char *buf, size_t len, struct jscan_err *err)
{
	return scan(buf, len, NULL, 0, err, 0, NULL);
}

int
jscan_getn(const char *buf, size_t len, const char *const *paths,
    size_t npaths, struct jscan_val *outs, struct jscan_err *err)
{
	return jscan_getnf(buf, len, paths, npaths, outs, err, 0);
}

int
jscan_getnf(const char *buf, size_t len, const char *const *paths,
    size_t npaths, struct jscan_val *outs, struct jscan_err *err,
    unsigned flags)
{
	static const struct jscan_val none = { JSCAN_NONE, NULL, 0 };
	struct track	 t[MAXPATHS];
	size_t		 i, base, n;
	int		 found = 0, rc = 0;

	for (i = 0; i < npaths; i++)
		outs[i] = none;
	/* More paths than trackers costs extra passes, nothing else. */
	for (base = 0; rc == 0 && (base == 0 || base < npaths);
	    base += MAXPATHS) {
		n = npaths - base < MAXPATHS ? npaths - base : MAXPATHS;
		for (i = 0; i < n; i++) {
			memset(&t[i], 0, sizeof(t[i]));
			t[i].path = paths[base + i];
			t[i].last = *t[i].path == '\0';
			t[i].cand = 1;	/* the root value is always reached */
			t[i].capdepth = -1;
			t[i].out = &outs[base + i];
		}
		rc = scan(buf, len, t, n, err, flags & JSCAN_RAW_UTF8, NULL);
	}
	for (i = 0; i < npaths; i++) {
		if (rc == 0 && outs[i].kind != JSCAN_NONE)
			found++;
		else
			outs[i] = none;
	}
	return rc == 0 ? found : -1;
}

int
jscan_get(const char *buf, size_t len, const char *path,
    struct jscan_val *out)
{
	return jscan_getn(buf, len, &path, 1, out, NULL);
}

int
jscan_llong(const struct jscan_val *v, long long lo, long long hi,
    long long *out)
{
	const char *p, *end;
	unsigned long long n = 0, max;
	long long val;
	int neg = 0;

	/* An absent value has no bytes: p may be NULL. */
	if (v->kind != JSCAN_NUMBER || v->p == NULL || v->len == 0)
		return -1;
	p = v->p;
	end = p + v->len;
	if (*p == '-')
		neg = 1, p++;
	/* Magnitudes up to LLONG_MAX, or one more for a negative number. */
	max = (unsigned long long)LLONG_MAX + neg;
	if (p == end)
		return -1;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9' || n > (max - (unsigned)(*p - '0')) / 10)
			return -1;
		n = n * 10 + (unsigned)(*p - '0');
	}
	/* -(n - 1) - 1 reaches LLONG_MIN without overflowing. */
	val = !neg ? (long long)n : n ? -(long long)(n - 1) - 1 : 0;
	if (val < lo || val > hi)
		return -1;
	*out = val;
	return 0;
}

int
jscan_streq(const struct jscan_val *v, const char *s)
{
	return v->kind == JSCAN_STRING && str_eq(v->p, v->len, s, strlen(s));
}

/*
 * End of the value starting at pos in validated text: strings are jumped
 * whole, so brackets inside them do not count.
 */
static size_t
skip_value(const unsigned char *s, size_t len, size_t pos)
{
	int depth = 0;

	do {
		switch (s[pos]) {
		case '"':
			if (scan_string(s, len, &pos, 1) != NULL)
				return len;
			continue;
		case '[':
		case '{':
			depth++;
			break;
		case ']':
		case '}':
			depth--;
			break;
		default:
			if (depth == 0) {
				while (pos < len && s[pos] != ',' &&
				    s[pos] != ']' && s[pos] != '}' &&
				    s[pos] != ' ' && s[pos] != '\n' &&
				    s[pos] != '\r' && s[pos] != '\t')
					pos++;
				return pos;
			}
		}
		pos++;
	} while (depth > 0 && pos < len);
	return pos;
}

/* The kind of the value that starts with byte c. */
static enum jscan_kind
kind_of(unsigned char c)
{
	switch (c) {
	case '"': return JSCAN_STRING;
	case '{': return JSCAN_OBJECT;
	case '[': return JSCAN_ARRAY;
	case 't': return JSCAN_TRUE;
	case 'f': return JSCAN_FALSE;
	case 'n': return JSCAN_NULL;
	default: return JSCAN_NUMBER;
	}
}

void
jscan_open(struct jscan_cur *c, const char *buf, size_t len, unsigned flags)
{
	c->s = buf;
	c->len = len;
	c->pos = 0;
	c->flags = flags;
	memset(&c->err, 0, sizeof c->err);
}

static int
cur_fail(struct jscan_cur *c, const char *what)
{
	set_err(&c->err, (const unsigned char *)c->s, c->pos, what);
	return -1;
}

int
jscan_peek(struct jscan_cur *c)
{
	c->pos = skipws((const unsigned char *)c->s, c->len, c->pos);
	return c->pos < c->len ? (unsigned char)c->s[c->pos] : -1;
}

int
jscan_next(struct jscan_cur *c, struct jscan_val *v)
{
	const unsigned char *s = (const unsigned char *)c->s;
	size_t len = c->len, start = skipws(s, len, c->pos), end = start;
	int raw = c->flags & JSCAN_RAW_UTF8, esc;
	enum jlex_err e = JLEX_OK;

	if (c->flags & JSCAN_VALID) {
		c->pos = start;
		if (start >= len)
			return cur_fail(c, "unexpected end of input");
		end = skip_value(s, len, start);
		if (end > len || end == start)
			return cur_fail(c, "expected value");
	} else
		/* Scalars, the common case, without the machinery. */
		switch (start < len ? s[start] : 0) {
		case '"':
			e = jlex_string(s, len, &end, raw, &esc);
			break;
		case '-': case '0': case '1': case '2': case '3': case '4':
		case '5': case '6': case '7': case '8': case '9':
			e = jlex_number(s, len, &end, NULL);
			break;
		case 't':
			e = jlex_literal(s, len, &end, "true", 4);
			break;
		case 'f':
			e = jlex_literal(s, len, &end, "false", 5);
			break;
		case 'n':
			e = jlex_literal(s, len, &end, "null", 4);
			break;
		default:
			if (scan(c->s, len, NULL, 0, &c->err, raw, &end) != 0)
				return -1;
		}
	if (e != JLEX_OK) {
		c->pos = end;
		return cur_fail(c, lexwhy[e]);
	}
	v->kind = kind_of(s[start]);
	v->p = c->s + start;
	v->len = end - start;
	c->pos = end;
	return 0;
}

int
jscan_member(struct jscan_cur *c, int *n, struct jscan_val *key)
{
	int ch = jscan_peek(c), esc;
	enum jlex_err e;

	if (*n == 0) {
		if (ch != '{')
			return cur_fail(c, "expected an object");
		c->pos++;
		if (jscan_peek(c) == '}') {
			c->pos++;
			return 0;
		}
	} else if (ch == ',')
		c->pos++;
	else if (ch == '}') {
		c->pos++;
		return 0;
	} else
		return cur_fail(c, "expected ',' or '}' in object");
	if (jscan_peek(c) != '"')
		return cur_fail(c, "expected string key in object");
	key->p = c->s + c->pos;
	e = jlex_string((const unsigned char *)c->s, c->len, &c->pos,
	    c->flags & JSCAN_RAW_UTF8, &esc);
	if (e != JLEX_OK)
		return cur_fail(c, lexwhy[e]);
	key->kind = JSCAN_STRING;
	key->len = c->s + c->pos - key->p;
	if (jscan_peek(c) != ':')
		return cur_fail(c, "expected ':' after object key");
	c->pos++;
	(*n)++;
	return 1;
}

int
jscan_element(struct jscan_cur *c, int *n)
{
	int ch = jscan_peek(c);

	if (*n == 0) {
		if (ch != '[')
			return cur_fail(c, "expected an array");
		c->pos++;
		if (jscan_peek(c) == ']') {
			c->pos++;
			return 0;
		}
	} else if (ch == ',')
		c->pos++;
	else if (ch == ']') {
		c->pos++;
		return 0;
	} else
		return cur_fail(c, "expected ',' or ']' in array");
	(*n)++;
	return 1;
}

int
jscan_end(struct jscan_cur *c)
{
	if (jscan_peek(c) != -1)
		return cur_fail(c, "trailing data after JSON value");
	return 0;
}

int
jscan_iter(const char *buf, size_t len, size_t *pos, struct jscan_val *key,
    struct jscan_val *val)
{
	static const struct jscan_val none = { JSCAN_NONE, NULL, 0 };
	struct jscan_cur c;
	struct jscan_val k;
	int n, r, obj;

	jscan_open(&c, buf, len, JSCAN_VALID | JSCAN_RAW_UTF8);
	/* The container's own first byte says which it is. */
	obj = jscan_peek(&c) == '{';
	c.pos = *pos;
	n = *pos > 0;
	k = none;
	r = obj ? jscan_member(&c, &n, &k) : jscan_element(&c, &n);
	if (r != 1 || jscan_next(&c, val) != 0)
		return r == 0 ? 0 : -1;
	if (key)
		*key = k;
	*pos = c.pos;
	return 1;
}
