/*
 * jw: the one small JSON writer (see jw.h).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "jw.h"

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof *w);
	w->b = b;
}

/* The comma before a value, unless it is a member's value or the first. */
static void
sep(struct jw *w)
{
	unsigned bit = 1u << w->depth;

	if (w->key) {
		w->key = 0;
		return;
	}
	if (w->more & bit)
		buf_add(w->b, ",", 1);
	w->more |= bit;
}

static void
push(struct jw *w, int arr)
{
	unsigned bit;

	sep(w);
	assert(w->depth + 1 < JW_DEPTH);
	buf_add(w->b, arr ? "[" : "{", 1);
	w->depth++;
	bit = 1u << w->depth;
	w->more &= ~bit;
	if (arr)
		w->arr |= bit;
	else
		w->arr &= ~bit;
}

void
jw_obj(struct jw *w)
{
	push(w, 0);
}

void
jw_arr(struct jw *w)
{
	push(w, 1);
}

void
jw_end(struct jw *w)
{
	assert(w->depth > 0 && !w->key);
	buf_add(w->b, w->arr & (1u << w->depth) ? "]" : "}", 1);
	w->depth--;
	/* At the top, a next value is a new document (a JSONL line). */
	if (w->depth == 0)
		w->more = 0;
}

void
jw_key(struct jw *w, const char *k)
{
	assert(w->depth > 0 && !(w->arr & (1u << w->depth)) && !w->key);
	sep(w);
	jw_quote(w->b, k, strlen(k));
	buf_add(w->b, ":", 1);
	w->key = 1;
}

void
jw_str(struct jw *w, const char *s, size_t n)
{
	sep(w);
	jw_quote(w->b, s, n);
}

void
jw_int(struct jw *w, long long v)
{
	char t[24];
	int n;

	sep(w);
	n = snprintf(t, sizeof t, "%lld", v);
	buf_add(w->b, t, (size_t)n);
}

void
jw_money(struct jw *w, money_t v)
{
	char t[MONEY_FMTSIZE];

	sep(w);
	buf_adds(w->b, money_fmt(v, t, sizeof t));
}

void
jw_bool(struct jw *w, int v)
{
	sep(w);
	buf_adds(w->b, v ? "true" : "false");
}

void
jw_null(struct jw *w)
{
	sep(w);
	buf_add(w->b, "null", 4);
}

void
jw_raw(struct jw *w, const char *json, size_t n)
{
	sep(w);
	buf_add(w->b, json, n);
}

void
jw_kstr(struct jw *w, const char *key, const char *s, size_t n)
{
	jw_key(w, key);
	jw_str(w, s, n);
}

void
jw_kint(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void
jw_kmoney(struct jw *w, const char *key, money_t v)
{
	jw_key(w, key);
	jw_money(w, v);
}

void
jw_quote(struct buf *b, const char *s, size_t n)
{
	json_quote(b, s, n);
}
