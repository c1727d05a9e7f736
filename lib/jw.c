/*
 * jw: the one small JSON writer (see jw.h).
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "jlex.h"
#include "jscan.h"
#include "jw.h"
#include "money.h"
#include "util.h"

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

/* The \u escape of a control character c (C0, DEL or C1). */
static void
esc_ctl(struct buf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

	buf_add(b, esc, sizeof esc);
}

/* Is the character u[0..k) a C1 control (U+0080..U+009F)? */
static int
is_c1(const unsigned char *u, size_t k)
{
	return k == 2 && u[0] == 0xc2 && u[1] < 0xa0;
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void
jw_copy(struct jw *w, const char *json, size_t n, unsigned flags)
{
	const unsigned char *u = (const unsigned char *)json;
	struct buf *b = w->b;
	size_t i = 0, start, k, sub;

	sep(w);
	while (i < n) {
		start = i;
		if (u[i] != '"') {
			if (is_ws(u[i]) && (flags & JW_COMPACT)) {
				i++;
				continue;
			}
			while (i < n && u[i] != '"' && !(is_ws(u[i]) &&
			    (flags & JW_COMPACT)))
				i++;
			buf_add(b, json + start, i - start);
			continue;
		}
		/*
		 * A string: its bytes, but for those that are not UTF-8 and
		 * the controls that JSON lets a string hold raw.
		 */
		for (i++; i < n; ) {
			if (u[i] == '"') {
				i++;
				break;
			}
			if (u[i] == '\\')
				i += 2;
			else if (u[i] == 0x7f) {
				buf_add(b, json + start, i - start);
				esc_ctl(b, 0x7f);
				start = ++i;
			} else if (u[i] < 0x80)
				i++;
			else if ((k = jlex_utf8_sub(u + i, n - i, &sub)) > 0) {
				if (is_c1(u + i, k)) {
					buf_add(b, json + start, i - start);
					esc_ctl(b, u[i + 1]);
					start = i + k;
				}
				i += k;
			} else {
				buf_add(b, json + start, i - start);
				buf_add(b, "\xef\xbf\xbd", 3);
				i += sub;
				start = i;
			}
		}
		if (i > n)
			i = n;
		buf_add(b, json + start, i - start);
	}
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
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run, k, sub;

	buf_add(b, "\"", 1);
	while (i < n) {
		/* Copy the longest run that needs no escaping at once. */
		for (run = i; run < n && u[run] >= 0x20 && u[run] < 0x7f &&
		    u[run] != '"' && u[run] != '\\'; run++)
			;
		if (run > i) {
			buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		switch (u[i]) {
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f)
				esc_ctl(b, u[i]);
			else if ((k = jlex_utf8_sub(u + i, n - i, &sub)) > 0) {
				if (is_c1(u + i, k))
					esc_ctl(b, u[i + 1]);
				else
					buf_add(b, s + i, k);
				i += k;
				continue;
			} else {
				/* One U+FFFD per maximal subpart. */
				buf_add(b, "\xef\xbf\xbd", 3);
				i += sub;
				continue;
			}
		}
		i++;
	}
	buf_add(b, "\"", 1);
}

int
jw_line(struct buf *out, const char *json, size_t n)
{
	struct jw w;

	if (jscan_getnf(json, n, NULL, 0, NULL, NULL, JSCAN_RAW_UTF8) != 0)
		return -1;
	jw_init(&w, out);
	jw_copy(&w, json, n, memchr(json, '\n', n) ? JW_COMPACT : 0);
	buf_add(out, "\n", 1);
	return 0;
}
