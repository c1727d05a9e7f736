/*
 * fz_jscan: jscan against a reference -- a small recursive-descent reader
 * of RFC 8259 written here from the grammar, which also decodes strings.
 * Checked: jscan_validate, jscan_getn and a walk with the cursor agree
 * with it on what is JSON; jscan_unescape gives the reference's bytes
 * (valid UTF-8, and cut at a character when short of room); jscan_get
 * finds the last of a top-level object's members; jscan_iter counts its
 * members; jscan_llong reads small whole numbers as strtoll does.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "jscan.h"

struct ref {
	const unsigned char	*s;
	size_t			 len, pos;
	int			 top;		/* parsing the top value */
	size_t			 nmemb;		/* top-level members */
	struct fz_buf		 keys;		/* their decoded keys */
	size_t			 voff[64], vlen[64], koff[64], klen[64];
};

static int	ref_value(struct ref *, int depth);

static void
ref_ws(struct ref *r)
{
	while (r->pos < r->len && (r->s[r->pos] == ' ' ||
	    r->s[r->pos] == '\t' || r->s[r->pos] == '\n' ||
	    r->s[r->pos] == '\r'))
		r->pos++;
}

static int
hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
ref_u4(struct ref *r, unsigned long *cp)
{
	int i, d;

	*cp = 0;
	if (r->len - r->pos < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = hex(r->s[r->pos + i])) < 0)
			return -1;
		*cp = *cp << 4 | d;
	}
	r->pos += 4;
	return 0;
}

static void
put_cp(struct fz_buf *b, unsigned long cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = 0xc0 | cp >> 6;
		u[1] = 0x80 | (cp & 0x3f);
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = 0xe0 | cp >> 12;
		u[1] = 0x80 | (cp >> 6 & 0x3f);
		u[2] = 0x80 | (cp & 0x3f);
		n = 3;
	} else {
		u[0] = 0xf0 | cp >> 18;
		u[1] = 0x80 | (cp >> 12 & 0x3f);
		u[2] = 0x80 | (cp >> 6 & 0x3f);
		u[3] = 0x80 | (cp & 0x3f);
		n = 4;
	}
	fz_add(b, u, n);
}

/* A string at r->pos, decoded into out (lone surrogates as U+FFFD). */
static int
ref_string(struct ref *r, struct fz_buf *out)
{
	unsigned long cp, lo;
	size_t start, n;
	unsigned char c;

	r->pos++;
	for (;;) {
		if (r->pos >= r->len)
			return -1;
		c = r->s[r->pos];
		if (c == '"') {
			r->pos++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			/* One character of UTF-8, whole. */
			start = r->pos;
			n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			if (r->len - start < n ||
			    !fz_utf8(r->s + start, n))
				return -1;
			fz_add(out, r->s + start, n);
			r->pos += n;
			continue;
		}
		if (++r->pos >= r->len)
			return -1;
		c = r->s[r->pos++];
		switch (c) {
		case '"': case '\\': case '/':
			fz_add(out, &c, 1);
			continue;
		case 'b': fz_add(out, "\b", 1); continue;
		case 'f': fz_add(out, "\f", 1); continue;
		case 'n': fz_add(out, "\n", 1); continue;
		case 'r': fz_add(out, "\r", 1); continue;
		case 't': fz_add(out, "\t", 1); continue;
		case 'u':
			break;
		default:
			return -1;
		}
		if (ref_u4(r, &cp) != 0)
			return -1;
		if (cp >= 0xd800 && cp <= 0xdbff && r->len - r->pos >= 6 &&
		    r->s[r->pos] == '\\' && r->s[r->pos + 1] == 'u') {
			start = r->pos;
			r->pos += 2;
			if (ref_u4(r, &lo) != 0)
				return -1;
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				put_cp(out, 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00));
				continue;
			}
			r->pos = start;		/* read it on its own */
		}
		put_cp(out, cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
	}
}

static int
digits(struct ref *r)
{
	size_t p = r->pos;

	while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9')
		r->pos++;
	return r->pos > p ? 0 : -1;
}

static int
ref_number(struct ref *r)
{
	if (r->s[r->pos] == '-')
		r->pos++;
	if (r->pos >= r->len)
		return -1;
	if (r->s[r->pos] == '0')
		r->pos++;
	else if (digits(r) != 0)
		return -1;
	if (r->pos < r->len && r->s[r->pos] == '.') {
		r->pos++;
		if (digits(r) != 0)
			return -1;
	}
	if (r->pos < r->len && (r->s[r->pos] | 0x20) == 'e') {
		r->pos++;
		if (r->pos < r->len && (r->s[r->pos] == '+' ||
		    r->s[r->pos] == '-'))
			r->pos++;
		if (digits(r) != 0)
			return -1;
	}
	return 0;
}

static int
ref_lit(struct ref *r, const char *lit)
{
	size_t n = strlen(lit);

	if (r->len - r->pos < n || memcmp(r->s + r->pos, lit, n) != 0)
		return -1;
	r->pos += n;
	return 0;
}

static int
ref_container(struct ref *r, int depth, int obj)
{
	struct fz_buf junk = { 0 };
	int top = r->top, rc = -1;
	size_t ko = 0, kl = 0;

	r->top = 0;
	if (depth > JSCAN_MAXDEPTH)
		return -1;
	r->pos++;
	ref_ws(r);
	if (r->pos < r->len && r->s[r->pos] == (obj ? '}' : ']')) {
		r->pos++;
		return 0;
	}
	for (;;) {
		ref_ws(r);
		if (obj) {
			if (r->pos >= r->len || r->s[r->pos] != '"')
				goto out;
			ko = r->keys.n;
			if (ref_string(r, top ? &r->keys : &junk) != 0)
				goto out;
			kl = r->keys.n - ko;
			ref_ws(r);
			if (r->pos >= r->len || r->s[r->pos++] != ':')
				goto out;
			ref_ws(r);
		}
		if (top && obj && r->nmemb < 64) {
			r->koff[r->nmemb] = ko;
			r->klen[r->nmemb] = kl;
			r->voff[r->nmemb] = r->pos;
		}
		if (ref_value(r, depth) != 0)
			goto out;
		if (top && obj && r->nmemb < 64)
			r->vlen[r->nmemb] = r->pos - r->voff[r->nmemb];
		if (top && obj)
			r->nmemb++;
		ref_ws(r);
		if (r->pos >= r->len)
			goto out;
		if (r->s[r->pos] == ',') {
			r->pos++;
			continue;
		}
		if (r->s[r->pos++] != (obj ? '}' : ']'))
			goto out;
		rc = 0;
		goto out;
	}
out:
	free(junk.p);
	return rc;
}

static int
ref_value(struct ref *r, int depth)
{
	struct fz_buf junk = { 0 };
	int rc;

	if (r->pos >= r->len)
		return -1;
	switch (r->s[r->pos]) {
	case '{':
		return ref_container(r, depth + 1, 1);
	case '[':
		return ref_container(r, depth + 1, 0);
	case '"':
		rc = ref_string(r, &junk);
		free(junk.p);
		return rc;
	case 't':
		return ref_lit(r, "true");
	case 'f':
		return ref_lit(r, "false");
	case 'n':
		return ref_lit(r, "null");
	default:
		if (r->s[r->pos] == '-' ||
		    (r->s[r->pos] >= '0' && r->s[r->pos] <= '9'))
			return ref_number(r);
		return -1;
	}
}

/* Is the text one JSON value?  Collects the top object's members. */
static int
ref_parse(struct ref *r, const unsigned char *s, size_t len)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->len = len;
	r->top = 1;
	fz_add(&r->keys, "", 0);
	ref_ws(r);
	if (ref_value(r, 0) != 0)
		return -1;
	ref_ws(r);
	return r->pos == len ? 0 : -1;
}

/* ---- the cursor, walking everything ----------------------------------- */

static int	walk(struct jscan_cur *, int depth);

/* Check one string token: unescape agrees with the reference. */
static void
check_string(const char *p, size_t len)
{
	struct ref r;
	struct fz_buf want = { 0 };
	char small[8], *out;
	size_t n, k;

	memset(&r, 0, sizeof r);
	r.s = (const unsigned char *)p;
	r.len = len;
	fz_add(&want, "", 0);
	FZ_CHECK(p[0] == '"' && ref_string(&r, &want) == 0 && r.pos == len);
	n = jscan_unescape(p, len, NULL, 0);
	FZ_CHECK(n == want.n);
	if ((out = malloc(n + 1)) == NULL)
		abort();
	FZ_CHECK(jscan_unescape(p, len, out, n + 1) == n);
	FZ_CHECK(memcmp(out, want.p, n) == 0 && out[n] == '\0');
	FZ_CHECK(fz_utf8((unsigned char *)out, n));
	/* Short of room: a prefix, cut at a character boundary. */
	for (k = 1; k <= sizeof small; k++) {
		FZ_CHECK(jscan_unescape(p, len, small, k) == n);
		FZ_CHECK(strlen(small) <= k - 1);
		FZ_CHECK(memcmp(small, want.p, strlen(small)) == 0);
		FZ_CHECK(fz_utf8((unsigned char *)small, strlen(small)));
	}
	free(out);
	free(want.p);
}

static void
check_number(const char *p, size_t len)
{
	struct jscan_val v = { JSCAN_NUMBER, p, len };
	char tmp[32];
	long long got, want;
	size_t i, d0 = p[0] == '-';

	for (i = d0; i < len; i++)
		if (p[i] < '0' || p[i] > '9')
			return;
	if (len - d0 > 18)
		return;
	memcpy(tmp, p, len);
	tmp[len] = '\0';
	want = strtoll(tmp, NULL, 10);
	FZ_CHECK(jscan_llong(&v, LLONG_MIN, LLONG_MAX, &got) == 0);
	FZ_CHECK(got == want);
	FZ_CHECK(jscan_llong(&v, want + 1, LLONG_MAX, &got) == -1);
}

static int
walk_value(struct jscan_cur *c, int depth)
{
	struct jscan_val v;
	int ch = jscan_peek(c);

	if (ch == '{' || ch == '[')
		return walk(c, depth + 1);
	if (jscan_next(c, &v) != 0)
		return -1;
	if (v.kind == JSCAN_STRING)
		check_string(v.p, v.len);
	else if (v.kind == JSCAN_NUMBER)
		check_number(v.p, v.len);
	return 0;
}

static int
walk(struct jscan_cur *c, int depth)
{
	struct jscan_val k;
	int n = 0, r;

	if (depth > JSCAN_MAXDEPTH + 1)
		return -1;
	if (jscan_peek(c) == '{') {
		while ((r = jscan_member(c, &n, &k)) == 1) {
			check_string(k.p, k.len);
			if (walk_value(c, depth) != 0)
				return -1;
		}
		return r;
	}
	while ((r = jscan_element(c, &n)) == 1)
		if (walk_value(c, depth) != 0)
			return -1;
	return r;
}

/* The whole text through the cursor: 0 when it is one JSON value. */
static int
cursor_ok(const char *s, size_t len)
{
	struct jscan_cur c;
	int ch;

	jscan_open(&c, s, len, 0);
	ch = jscan_peek(&c);
	if (ch == '{' || ch == '[') {
		if (walk(&c, 0) != 0)
			return -1;
	} else if (walk_value(&c, 0) != 0)
		return -1;
	return jscan_end(&c);
}

/* jscan_get finds each top-level key's last member; jscan_iter counts. */
static void
check_members(struct ref *r, const char *s, size_t len)
{
	struct jscan_val v, key;
	char path[64];
	size_t i, j, last, pos = 0, n = 0;

	for (i = 0; i < r->nmemb && r->nmemb <= 64; i++) {
		if (r->klen[i] == 0 || r->klen[i] >= sizeof path ||
		    memchr(r->keys.p + r->koff[i], '.', r->klen[i]) ||
		    memchr(r->keys.p + r->koff[i], '\0', r->klen[i]))
			continue;
		memcpy(path, r->keys.p + r->koff[i], r->klen[i]);
		path[r->klen[i]] = '\0';
		last = i;
		for (j = i + 1; j < r->nmemb; j++)
			if (r->klen[j] == r->klen[i] &&
			    memcmp(r->keys.p + r->koff[j], path,
			    r->klen[i]) == 0)
				last = j;
		if (last >= 64)
			continue;
		FZ_CHECK(jscan_get(s, len, path, &v) == 1);
		FZ_CHECK(v.p == s + r->voff[last] && v.len == r->vlen[last]);
	}
	while (jscan_iter(s, len, &pos, &key, &v) == 1)
		n++;
	FZ_CHECK(n == r->nmemb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ref r;
	struct jscan_err err;
	const char *s = (const char *)data;
	size_t i;
	int want;

	want = ref_parse(&r, data, size);
	FZ_CHECK(jscan_validate(s, size, &err) == want);
	if (want != 0)
		FZ_CHECK(err.offset <= size && err.what != NULL);
	FZ_CHECK(jscan_getn(s, size, NULL, 0, NULL, NULL) == want);
	FZ_CHECK(cursor_ok(s, size) == want);
	if (want == 0) {
		for (i = 0; i < size && strchr(" \t\r\n", s[i]); i++)
			;
		if (s[i] == '{')
			check_members(&r, s, size);
	}
	free(r.keys.p);
	return 0;
}
