/*
 * costrec: the records that say which calls were made, read one at a time
 * out of a buffer -- the strict one-pass scanner behind orcost's sums.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cost.h"
#include "costrec.h"
#include "jlex.h"
#include "jscan.h"
#include "money.h"
#include "mfilter.h"

/* ---- the scanner -------------------------------------------------------- */

/*
 * The values a record may carry, wherever they sit.  A record is read in
 * one pass; each value of interest is kept as its raw span and judged
 * once the record has ended, so that key order never matters and a
 * repeated key counts as its last value (as jq reads it).
 */
enum slot {
	S_MODEL, S_PROVIDER, S_PROVIDER_NAME, S_TIME, S_CREATED,
	S_CREATED_AT, S_OBJECT, S_COST,
	S_P, S_C, S_CACHED, S_CW, S_CW1H, S_SEARCH,
	S_USAGE, S_UP, S_UC, S_UCOST, S_UCACHED, S_UCW, S_USEARCH,
	S_DATA, S_DMODEL, S_DP, S_DC, S_DCACHED, S_DCOST, S_DPROV,
	S_DCREATED,
	S_NSLOT, S_NONE = -1
};

/* Where a key was met: the record, usage, its details, /generation data. */
enum ctx { X_TOP, X_USAGE, X_PTD, X_STD, X_DATA, X_NCTX };

struct key {
	const char	*name;
	unsigned char	 len;
	signed char	 slot;
	signed char	 into;		/* an object here: read it as this */
};
#define K(n, s, i)	{ n, sizeof n - 1, s, i }

static const struct key k_top[] = {
	K("model", S_MODEL, -1), K("usage", S_USAGE, X_USAGE),
	K("prompt_tokens", S_P, -1), K("completion_tokens", S_C, -1),
	K("cost", S_COST, -1), K("provider", S_PROVIDER, -1),
	K("time", S_TIME, -1), K("created", S_CREATED, -1),
	K("object", S_OBJECT, -1), K("data", S_DATA, X_DATA),
	K("cached_tokens", S_CACHED, -1),
	K("cache_write_tokens", S_CW, -1),
	K("cache_write_1h_tokens", S_CW1H, -1),
	K("web_search_requests", S_SEARCH, -1),
	K("provider_name", S_PROVIDER_NAME, -1),
	K("created_at", S_CREATED_AT, -1), { NULL, 0, 0, 0 }
};
static const struct key k_usage[] = {
	K("prompt_tokens", S_UP, -1), K("completion_tokens", S_UC, -1),
	K("cost", S_UCOST, -1), K("prompt_tokens_details", S_NONE, X_PTD),
	K("server_tool_use_details", S_NONE, X_STD), { NULL, 0, 0, 0 }
};
static const struct key k_ptd[] = {
	K("cached_tokens", S_UCACHED, -1),
	K("cache_write_tokens", S_UCW, -1), { NULL, 0, 0, 0 }
};
static const struct key k_std[] = {
	K("web_search_requests", S_USEARCH, -1), { NULL, 0, 0, 0 }
};
static const struct key k_data[] = {
	K("model", S_DMODEL, -1), K("native_tokens_prompt", S_DP, -1),
	K("native_tokens_completion", S_DC, -1),
	K("native_tokens_cached", S_DCACHED, -1),
	K("total_cost", S_DCOST, -1), K("provider_name", S_DPROV, -1),
	K("created_at", S_DCREATED, -1), { NULL, 0, 0, 0 }
};
static const struct key *const keys[X_NCTX] = {
	k_top, k_usage, k_ptd, k_std, k_data
};

/*
 * The slots an object read as each context fills, its inner objects' too.
 * A repeated key counts as its last value, an object included: the
 * second "usage" replaces the first whole (as jq and jscan_get read it),
 * so what the first gave and the second lacks is forgotten.
 */
#define B(s)	(1u << (s))
static const uint32_t ctx_slots[X_NCTX] = {
	[X_TOP] = 0,
	[X_USAGE] = B(S_UP) | B(S_UC) | B(S_UCOST) | B(S_UCACHED) | B(S_UCW) |
	    B(S_USEARCH),
	[X_PTD] = B(S_UCACHED) | B(S_UCW),
	[X_STD] = B(S_USEARCH),
	[X_DATA] = B(S_DMODEL) | B(S_DP) | B(S_DC) | B(S_DCACHED) |
	    B(S_DCOST) | B(S_DPROV) | B(S_DCREATED),
};
#undef B

/* The longest key of interest, and then some. */
#define KEYMAX	32

struct span {
	enum jscan_kind	 kind;		/* JSCAN_NONE: not given */
	const char	*p;		/* a string: inside the quotes */
	size_t		 n;
	int		 esc;		/* a string with escapes */
	long long	 iv;		/* a number of at most 18 digits and
					 * nothing else: its value; else -1 */
};

struct scan {
	const char	*p, *end;
	int		 eof;
	int		 more;		/* ran out before eof */
	long long	 nl;		/* newlines passed */
	const char	*why;
	const char	*at;		/* where it went wrong */
	struct span	 s[S_NSLOT];
	uint32_t	 set;		/* bit i: s[i] was given */
};

/* Slot i, or an empty one when the record did not give it. */
static const struct span none;
#define SL(x, i)	(((x)->set >> (i)) & 1 ? &(x)->s[i] : &none)

static int
fail(struct scan *x, const char *why)
{
	if (x->p >= x->end && !x->eof)
		x->more = 1;
	else if (x->p >= x->end)
		why = "unexpected end of input";
	if (!x->why) {
		x->why = why;
		x->at = x->p;
	}
	return -1;
}

static inline void
ws(struct scan *x)
{
	if (x->p < x->end && (unsigned char)*x->p > ' ')
		return;
	for (; x->p < x->end; x->p++) {
		if (*x->p == '\n')
			x->nl++;
		else if (*x->p != ' ' && *x->p != '\t' && *x->p != '\r')
			break;
	}
}

/*
 * Fail with the lexer's error e, for the token at x->p whose offending
 * byte is at x->p + pos; why is for the cases with no message of their
 * own.  A token the input cut short has run out (CR_MORE, or the end of
 * input at eof).
 */
static void
lexfail(struct scan *x, enum jlex_err e, size_t pos, const char *why)
{
	switch (e) {
	case JLEX_STR_SHORT:
	case JLEX_UESC_SHORT:
	case JLEX_UTF8_SHORT:
	case JLEX_LIT_SHORT:
		x->p = x->end;
		fail(x, why);
		return;
	case JLEX_CTRL:
		why = "a control character in a string";
		break;
	case JLEX_UESC:
		why = "a bad \\u escape";
		break;
	case JLEX_ESC:
		why = "a bad escape in a string";
		break;
	case JLEX_UTF8:
		why = "a string that is not UTF-8";
		break;
	default:
		break;
	}
	x->p += pos;
	fail(x, why);
}

/* A string at x->p (its opening quote); sp gets its inside. */
static inline int
string(struct scan *x, struct span *sp)
{
	const unsigned char *s = (const unsigned char *)x->p;
	size_t pos = 0;
	int esc = 0;
	enum jlex_err e;

	e = jlex_string(s, x->end - x->p, &pos, 0, &esc);
	if (e != JLEX_OK) {
		lexfail(x, e, pos, "an unterminated string");
		return -1;
	}
	sp->kind = JSCAN_STRING;
	sp->p = x->p + 1;
	sp->n = pos - 2;
	sp->esc = esc;
	x->p += pos;
	return 0;
}

/* A number by RFC 8259's grammar. */
static int
number(struct scan *x, struct span *sp)
{
	const char *s = x->p;
	size_t pos = 0;
	enum jlex_err e;

	e = jlex_number((const unsigned char *)s, x->end - s, &pos, &sp->iv);
	/* "0" before a digit is a whole number; what follows is not ours. */
	if (e != JLEX_OK && e != JLEX_LEADZERO) {
		lexfail(x, e, pos, "a bad number");
		return -1;
	}
	x->p += pos;
	/* A number at the very end may go on in the next read. */
	if (x->p >= x->end && !x->eof)
		return fail(x, "a bad number");
	sp->kind = JSCAN_NUMBER;
	sp->p = s;
	sp->n = x->p - s;
	return 0;
}

static int
literal(struct scan *x, const char *word, enum jscan_kind kind,
    struct span *sp)
{
	size_t pos = 0;
	enum jlex_err e;

	e = jlex_literal((const unsigned char *)x->p, x->end - x->p, &pos,
	    word, strlen(word));
	if (e != JLEX_OK) {
		lexfail(x, e, pos, "a bad literal");
		return -1;
	}
	x->p += pos;
	sp->kind = kind;
	sp->p = NULL;
	sp->n = 0;
	return 0;
}

static int value(struct scan *, int ctx, struct span *, int depth);

/* Past the '{' or '[' at x->p: 0 when close follows at once, else 1. */
static int
enter(struct scan *x, char close)
{
	x->p++;
	ws(x);
	if (x->p < x->end && *x->p == close) {
		x->p++;
		return 0;
	}
	return 1;
}

/* After a member or an element: 1 when a ',' says more follow, 0 at
 * close, -1 for anything else. */
static int
next(struct scan *x, char close)
{
	ws(x);
	if (x->p < x->end && *x->p == ',') {
		x->p++;
		ws(x);
		return 1;
	}
	if (x->p < x->end && *x->p == close) {
		x->p++;
		return 0;
	}
	return fail(x, close == '}' ? "',' or '}' was expected" :
	    "',' or ']' was expected");
}

/* The members of an object (x->p at its '{'), read as context ctx. */
static int
object(struct scan *x, int ctx, int depth)
{
	const struct key *k;
	struct span key, v, *dst;
	char name[KEYMAX];
	const char *kp;
	size_t kn;
	int into, more;

	if ((more = enter(x, '}')) != 1)
		return more;
	for (;;) {
		if (x->p >= x->end || *x->p != '"')
			return fail(x, "an object key was expected");
		if (string(x, &key) == -1)
			return -1;
		ws(x);
		if (x->p >= x->end || *x->p != ':')
			return fail(x, "':' was expected");
		x->p++;
		ws(x);
		dst = &v;
		into = -1;
		/* A key is its decoded text ("\u0075sage" is "usage"). */
		kp = key.p;
		kn = key.n;
		if (ctx >= 0 && key.esc) {
			kn = jscan_unescape(key.p, key.n, name, sizeof name);
			kp = name;
		}
		if (ctx >= 0 && kn < sizeof name)
			for (k = keys[ctx]; k->name; k++)
				if (k->len == kn &&
				    memcmp(k->name, kp, kn) == 0) {
					if (k->slot >= 0) {
						dst = &x->s[k->slot];
						x->set |= 1u << k->slot;
					}
					into = k->into;
					break;
				}
		/* This value replaces an earlier one's, inside and all. */
		if (into >= 0)
			x->set &= ~ctx_slots[into];
		if (value(x, into, dst, depth + 1) == -1)
			return -1;
		if ((more = next(x, '}')) != 1)
			return more;
	}
}

static int
array(struct scan *x, int depth)
{
	struct span v;
	int more;

	if ((more = enter(x, ']')) != 1)
		return more;
	for (;;) {
		if (value(x, -1, &v, depth + 1) == -1)
			return -1;
		if ((more = next(x, ']')) != 1)
			return more;
	}
}

/*
 * One value at x->p into sp; an object is read as context ctx when ctx is
 * not -1 (its members may fill slots), else only checked.
 */
static int
value(struct scan *x, int ctx, struct span *sp, int depth)
{
	const char *s = x->p;

	if (depth > JSCAN_MAXDEPTH)
		return fail(x, "nested too deep");
	if (x->p >= x->end)
		return fail(x, "a value was expected");
	switch (*x->p) {
	case '"':
		return string(x, sp);
	case '{':
		if (object(x, ctx, depth) == -1)
			return -1;
		break;
	case '[':
		if (array(x, depth) == -1)
			return -1;
		sp->kind = JSCAN_ARRAY;
		sp->p = s;
		sp->n = x->p - s;
		return 0;
	case 't':
		return literal(x, "true", JSCAN_TRUE, sp);
	case 'f':
		return literal(x, "false", JSCAN_FALSE, sp);
	case 'n':
		return literal(x, "null", JSCAN_NULL, sp);
	default:
		if (*x->p == '-' || (*x->p >= '0' && *x->p <= '9'))
			return number(x, sp);
		return fail(x, "not a JSON value");
	}
	sp->kind = JSCAN_OBJECT;
	sp->p = s;
	sp->n = x->p - s;
	return 0;
}

/* ---- from spans to a record --------------------------------------------- */

/* A count: a non-negative whole JSON number.  1 set, 0 absent, -1 bad. */
static int
count(const struct span *sp, long long *out, const char **why)
{
	struct jscan_val v;

	if (sp->kind == JSCAN_NUMBER && sp->iv >= 0) {
		*out = sp->iv;
		return 1;
	}
	if (sp->kind == JSCAN_NONE || sp->kind == JSCAN_NULL)
		return 0;
	if (sp->kind != JSCAN_NUMBER) {
		*why = "a token count that is not a number";
		return -1;
	}
	if (sp->p[0] == '-') {
		*why = "a negative token count";
		return -1;
	}
	v.kind = JSCAN_NUMBER;
	v.p = sp->p;
	v.len = sp->n;
	if (jscan_llong(&v, 0, LLONG_MAX, out) == 0)
		return 1;
	*why = memchr(sp->p, '.', sp->n) || memchr(sp->p, 'e', sp->n) ||
	    memchr(sp->p, 'E', sp->n) ? "a token count that is not a whole "
	    "number" : "a token count too large";
	return -1;
}

/* An amount of USD, exactly as written: 1 set, 0 absent, -1 bad. */
static int
amount(const struct span *sp, money_t *out, const char **why)
{
	if (sp->kind == JSCAN_NONE || sp->kind == JSCAN_NULL)
		return 0;
	if (sp->kind != JSCAN_NUMBER ||
	    money_parse(sp->p, sp->n, out) != MONEY_OK) {
		*why = "a cost that is not a number of USD";
		return -1;
	}
	return 1;
}

/* Does s[0..n) hold a control byte (C0, NUL above all, or DEL)? */
static int
has_ctrl(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

/*
 * A string's text into out; 1 set, 0 absent, -1 not a string (or too
 * long), -2 a control byte in it: a NUL (\u0000) would cut the text
 * short into another, so none is ever taken.
 */
static int
text(const struct span *sp, char *out, size_t size)
{
	size_t n;

	if (sp->kind != JSCAN_STRING)
		return sp->kind == JSCAN_NONE || sp->kind == JSCAN_NULL ? 0 : -1;
	if (!sp->esc) {
		if (sp->n >= size)
			return -1;
		n = sp->n;
		memcpy(out, sp->p, n);
		out[n] = '\0';
	} else if ((n = jscan_unescape(sp->p, sp->n, out, size)) >= size)
		return -1;
	return has_ctrl(out, n) ? -2 : 1;
}

/* YYYY-MM-DD at the head of an ISO 8601 string. */
static void
day_of(const struct span *sp, char day[11])
{
	static const char pat[] = "dddd-dd-dd";
	size_t i;

	if (sp->kind != JSCAN_STRING || sp->esc || sp->n < 10)
		return;
	for (i = 0; i < 10; i++)
		if (pat[i] == 'd' ? sp->p[i] < '0' || sp->p[i] > '9' :
		    sp->p[i] != '-')
			return;
	memcpy(day, sp->p, 10);
	day[10] = '\0';
}

static void
day_of_unix(const struct span *sp, char day[11])
{
	long long t = 0;
	const char *why;
	time_t tt;
	struct tm tm;

	if (count(sp, &t, &why) != 1)
		return;
	tt = (time_t)t;
	if (gmtime_r(&tt, &tm) && tm.tm_year + 1900 <= 9999)
		strftime(day, 11, "%Y-%m-%d", &tm);
}

/* The first of the slots that is given. */
static const struct span *
first(const struct scan *x, int a, int b, int c)
{
	if (SL(x, a)->kind != JSCAN_NONE)
		return SL(x, a);
	if (b >= 0 && SL(x, b)->kind != JSCAN_NONE)
		return SL(x, b);
	return c >= 0 ? SL(x, c) : SL(x, a);
}

/* The record the slots describe: CR_RECORD, CR_SKIP or CR_ERROR. */
static int
record(const struct scan *x, struct cost_rec *r, const char **why)
{
	const struct span *sp;
	int usage = SL(x, S_USAGE)->kind == JSCAN_OBJECT;
	int data = SL(x, S_DATA)->kind == JSCAN_OBJECT;
	int rc, have_p, have_c;

	/*
	 * A stream's chunks carry usage only in the last one; a ledger line
	 * of a call that was never answered has none.  Neither costs.
	 */
	if (!usage && !data && SL(x, S_P)->kind == JSCAN_NONE &&
	    SL(x, S_C)->kind == JSCAN_NONE &&
	    (SL(x, S_USAGE)->kind == JSCAN_NULL ||
	    (SL(x, S_OBJECT)->kind == JSCAN_STRING &&
	    SL(x, S_OBJECT)->n == 21 &&
	    memcmp(SL(x, S_OBJECT)->p, "chat.completion.chunk", 21) == 0)) &&
	    SL(x, S_COST)->kind != JSCAN_NUMBER)
		return CR_SKIP;
	sp = data ? first(x, S_DMODEL, S_MODEL, -1) : SL(x, S_MODEL);
	if ((rc = text(sp, r->model, sizeof r->model)) != 1 ||
	    r->model[0] == '\0') {
		*why = rc == 0 ? "no model" : rc == -2 ? "a model id with a "
		    "control character" : "a model that is not a short string";
		return CR_ERROR;
	}
	memset(&r->u, 0, sizeof r->u);
	r->u.requests = 1;
	if (usage) {
		have_p = count(SL(x, S_UP), &r->u.prompt, why);
		have_c = count(SL(x, S_UC), &r->u.completion, why);
		if (have_p == -1 || have_c == -1 ||
		    count(SL(x, S_UCACHED), &r->u.cached, why) == -1 ||
		    count(SL(x, S_UCW), &r->u.cache_write, why) == -1 ||
		    count(SL(x, S_USEARCH), &r->u.searches, why) == -1)
			return CR_ERROR;
	} else if (data) {
		have_p = count(SL(x, S_DP), &r->u.prompt, why);
		have_c = count(SL(x, S_DC), &r->u.completion, why);
		if (have_p == -1 || have_c == -1 ||
		    count(SL(x, S_DCACHED), &r->u.cached, why) == -1)
			return CR_ERROR;
	} else {
		have_p = count(SL(x, S_P), &r->u.prompt, why);
		have_c = count(SL(x, S_C), &r->u.completion, why);
		if (have_p == -1 || have_c == -1 ||
		    count(SL(x, S_CACHED), &r->u.cached, why) == -1 ||
		    count(SL(x, S_CW), &r->u.cache_write, why) == -1 ||
		    count(SL(x, S_CW1H), &r->u.cache_write_1h, why) == -1 ||
		    count(SL(x, S_SEARCH), &r->u.searches, why) == -1)
			return CR_ERROR;
	}
	if (have_p != 1 && have_c != 1) {
		*why = "no token counts";
		return CR_ERROR;
	}
	sp = first(x, S_COST, S_UCOST, S_DCOST);
	if ((r->have_billed = amount(sp, &r->billed, why)) == -1)
		return CR_ERROR;
	r->provider[0] = '\0';
	sp = data ? first(x, S_DPROV, S_PROVIDER, S_PROVIDER_NAME) :
	    first(x, S_PROVIDER, S_PROVIDER_NAME, -1);
	if (text(sp, r->provider, sizeof r->provider) < 0)
		r->provider[0] = '\0';
	r->day[0] = '\0';
	if (data)
		day_of(SL(x, S_DCREATED), r->day);
	if (!r->day[0])
		day_of(first(x, S_TIME, S_CREATED_AT, -1), r->day);
	if (!r->day[0])
		day_of_unix(SL(x, S_CREATED), r->day);
	return CR_RECORD;
}

/* ---- text lines --------------------------------------------------------- */

static int
text_line(const char *p, const char *end, struct cost_rec *r,
    const char **why)
{
	const char *f[4];
	size_t fl[4], nf = 0;
	char tmp[32];
	long long *dst[2] = { &r->u.prompt, &r->u.completion };
	size_t i;

	while (p < end && nf < 4) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p >= end)
			break;
		f[nf] = p;
		while (p < end && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		fl[nf] = p - f[nf];
		nf++;
	}
	if (nf == 0 || f[0][0] == '#')
		return CR_SKIP;
	if (nf != 3) {
		*why = "not a record (a JSON object, or MODEL PROMPT "
		    "COMPLETION)";
		return CR_ERROR;
	}
	if (fl[0] >= sizeof r->model) {
		*why = "a model id too long";
		return CR_ERROR;
	}
	if (has_ctrl(f[0], fl[0])) {
		*why = "a model id with a control character";
		return CR_ERROR;
	}
	memset(&r->u, 0, sizeof r->u);
	r->u.requests = 1;
	for (i = 0; i < 2; i++) {
		if (fl[i + 1] >= sizeof tmp) {
			*why = "a token count too large";
			return CR_ERROR;
		}
		/* A NUL would end the count early: "3\0004" is not 3. */
		if (has_ctrl(f[i + 1], fl[i + 1])) {
			*why = "a token count that is not a number (1234, "
			    "12k, 1.5M)";
			return CR_ERROR;
		}
		memcpy(tmp, f[i + 1], fl[i + 1]);
		tmp[fl[i + 1]] = '\0';
		if (mfilter_parse_tokens(tmp, dst[i]) == -1) {
			*why = "a token count that is not a number (1234, "
			    "12k, 1.5M)";
			return CR_ERROR;
		}
	}
	memcpy(r->model, f[0], fl[0]);
	r->model[fl[0]] = '\0';
	r->provider[0] = r->day[0] = '\0';
	r->have_billed = 0;
	return CR_RECORD;
}

int
costrec_next(const char *buf, size_t len, size_t *pos, int eof,
    long long *line, struct cost_rec *r, char *why, size_t whysize)
{
	struct scan x;
	const char *nl, *q, *w = NULL;
	size_t col;
	long long start;
	int rc;

	x.p = buf + *pos;
	x.end = buf + len;
	x.eof = eof;
	x.nl = 0;
	ws(&x);
	*pos = x.p - buf;
	*line += x.nl;
	x.nl = 0;
	if (x.p >= x.end)
		return CR_END;
	start = *line;
	r->line = start;
	if (*x.p != '{') {
		nl = memchr(x.p, '\n', x.end - x.p);
		if (!nl && !eof)
			return CR_MORE;
		rc = text_line(x.p, nl ? nl : x.end, r, &w);
		*pos = nl ? (size_t)(nl + 1 - buf) : len;
		*line += nl != NULL;
		if (rc == CR_ERROR)
			snprintf(why, whysize, "%s", w);
		return rc;
	}
	x.more = 0;
	x.why = NULL;
	x.set = 0;
	if (object(&x, X_TOP, 0) == 0) {
		*pos = x.p - buf;
		*line += x.nl;
		rc = record(&x, r, &w);
		if (rc == CR_ERROR)
			snprintf(why, whysize, "%s", w);
		return rc;
	}
	/* Name the line that went wrong, and go on from the next one
	 * (which may not have been read yet). */
	nl = x.more ? NULL : memchr(x.at, '\n', x.end - x.at);
	if (x.more || (!nl && !eof))
		return CR_MORE;
	col = 1;
	for (q = x.at; q > buf + *pos && q[-1] != '\n'; q--)
		col += ((unsigned char)q[-1] & 0xC0) != 0x80;
	snprintf(why, whysize, "not JSON: %s (column %zu)", x.why, col);
	/* A record cut short is named by the line it began on. */
	r->line = x.at >= x.end ? start : start + x.nl;
	*line = r->line + (nl != NULL);
	*pos = nl ? (size_t)(nl + 1 - buf) : len;
	return CR_ERROR;
}
