/*
 * t_jscan.c: unit tests for lib/jscan.c.  Run from the repository root.
 *
 * Checks JSONTestSuite conformance (every file in tests/conformance/json,
 * found with readdir so new cases join automatically), path lookups on
 * hand-made and recorded OpenRouter documents, string decoding, error
 * positions and the nesting limit.  Every input is copied into a buffer
 * of exactly its size, so a sanitizer build catches any over-read.
 */

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jlex.h"
#include "jscan.h"
#include "tap.h"
#include "tutil.h"

#define CONFDIR	"tests/conformance/json"
#define CHATFIX	"tests/fixtures/chat/chat_claude-sonnet-4.6_cache-write.response.json"
#define SSEFIX	"tests/fixtures/stream/stream_gpt-4o_text_2025-08.sse"

/*
 * Our decision for each JSONTestSuite i_ case, pinned so that a change
 * of behaviour is noticed.  i_ files not listed only have to be
 * accepted or rejected without crashing.
 */
static const struct {
	const char	*file;
	int		 accept;
} idecide[] = {
	/* Numbers are kept as raw text, so their range does not matter. */
	{ "i_number_double_huge_neg_exp.json", 1 },
	{ "i_number_huge_exp.json", 1 },
	{ "i_number_real_pos_overflow.json", 1 },
	{ "i_number_too_big_pos_int.json", 1 },
	{ "i_number_very_big_negative_int.json", 1 },
	/* Lone surrogate escapes are grammatical; decoding yields U+FFFD. */
	{ "i_object_key_lone_2nd_surrogate.json", 1 },
	{ "i_string_1st_surrogate_but_2nd_missing.json", 1 },
	{ "i_string_inverted_surrogates_U+1D11E.json", 1 },
	{ "i_string_lone_second_surrogate.json", 1 },
	/* Strings must be valid UTF-8, and there is no BOM. */
	{ "i_string_UTF-16LE_with_BOM.json", 0 },
	{ "i_string_invalid_utf-8.json", 0 },
	{ "i_string_overlong_sequence_2_bytes.json", 0 },
	{ "i_structure_UTF-8_BOM_empty_object.json", 0 },
	/* Below JSCAN_MAXDEPTH. */
	{ "i_structure_500_nested_arrays.json", 1 },
};

/* A heap copy of s without its NUL, so reading past len is caught. */
static char *
exact(const char *s, size_t len)
{
	char	*p;

	if ((p = malloc(len > 0 ? len : 1)) == NULL) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, s, len);
	return p;
}

/* The raw text of v as a C string, for is_str(). */
static const char *
raw(const struct jscan_val *v)
{
	static char	 buf[4096];
	size_t		 n = v->len < sizeof(buf) - 1 ? v->len : sizeof(buf) - 1;

	if (v->kind == JSCAN_NONE)
		return "(none)";
	memcpy(buf, v->p, n);
	buf[n] = '\0';
	return buf;
}

/*
 * s with control and non-ASCII bytes escaped, so that a TAP line stays
 * one line of plain text.  Two buffers allow two calls per printf.
 */
static const char *
vis(const char *s)
{
	static char	 bufs[2][256];
	static int	 which;
	char		*buf = bufs[which ^= 1];
	size_t		 n = 0;

	for (; *s != '\0' && n < sizeof(bufs[0]) - 5; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			n += snprintf(buf + n, 5, "\\x%02x", (unsigned char)*s);
		else
			buf[n++] = *s;
	}
	buf[n] = '\0';
	return buf;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
conform_one(const char *name)
{
	struct jscan_err	 err;
	struct jscan_val	 v;
	char			 path[1024];
	char			*buf;
	size_t			 len, i;
	int			 r, g, want = -2;

	snprintf(path, sizeof(path), "%s/%s", CONFDIR, name);
	if ((buf = tutil_slurp(path, &len)) == NULL) {
		ok(0, "%s: cannot read", name);
		return;
	}
	memset(&err, 0, sizeof(err));
	r = jscan_validate(buf, len, &err);
	/* The lookup path must agree with plain validation. */
	g = jscan_get(buf, len, "", &v);
	if (g != (r == 0 ? 1 : -1)) {
		ok(0, "%s: jscan_get %d disagrees with jscan_validate %d",
		    name, g, r);
		free(buf);
		return;
	}
	if (r == -1 && (err.what == NULL || err.offset > len ||
	    err.line < 1 || err.col < 1)) {
		ok(0, "%s: bad error report", name);
		free(buf);
		return;
	}
	switch (name[0]) {
	case 'y':
		ok(r == 0, "%s: accepted", name);
		if (r != 0)
			printf("#   %s at %zu (%d:%d)\n", err.what, err.offset,
			    err.line, err.col);
		break;
	case 'n':
		ok(r == -1, "%s: rejected: %s at %zu (%d:%d)", name,
		    r == -1 ? err.what : "-", err.offset, err.line, err.col);
		break;
	default:
		for (i = 0; i < sizeof(idecide) / sizeof(idecide[0]); i++)
			if (strcmp(idecide[i].file, name) == 0)
				want = idecide[i].accept ? 0 : -1;
		if (want == -2)
			ok(r == 0 || r == -1, "%s: %s (either is fine)", name,
			    r == 0 ? "accepted" : err.what);
		else
			ok(r == want, "%s: %s", name,
			    r == 0 ? "accepted" : err.what);
		break;
	}
	free(buf);
}

static void
conformance(void)
{
	DIR		 *dir;
	struct dirent	 *de;
	char		**names = NULL, **nn;
	size_t		  n = 0, i, l;

	if ((dir = opendir(CONFDIR)) == NULL) {
		ok(0, "opendir %s (run from the repository root)", CONFDIR);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		l = strlen(de->d_name);
		if (strchr("yni", de->d_name[0]) == NULL ||
		    de->d_name[1] != '_' || l < 6 ||
		    strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*names))) == NULL ||
		    (nn[n] = strdup(de->d_name)) == NULL) {
			perror("conformance");
			exit(2);
		}
		names = nn;
		n++;
	}
	closedir(dir);
	ok(n > 0, "found %zu JSONTestSuite files", n);
	if (n > 0)
		qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n; i++) {
		conform_one(names[i]);
		free(names[i]);
	}
	free(names);
}

static const struct gcase {
	const char	*doc;
	const char	*path;
	int		 ret;
	enum jscan_kind	 kind;
	const char	*raw;
} gcases[] = {
	/* nesting */
	{ "{\"a\":{\"b\":{\"c\":42}}}", "a.b.c", 1, JSCAN_NUMBER, "42" },
	{ "{\"a\":{\"b\":{\"c\":42}}}", "a.b", 1, JSCAN_OBJECT, "{\"c\":42}" },
	{ "{\"a\":{\"b\":{\"c\":42}}}", "a.x", 0, JSCAN_NONE, NULL },
	{ "{\"a\":{\"b\":{\"c\":42}}}", "a.b.c.d", 0, JSCAN_NONE, NULL },
	{ "{\"a\":{\"b\":{\"c\":42}}}", "b", 0, JSCAN_NONE, NULL },
	{ "{\"a\":{\"b\":{\"c\":42}}}", "c", 0, JSCAN_NONE, NULL },
	{ " {\"a\" : [1, 2 ] } ", "a", 1, JSCAN_ARRAY, "[1, 2 ]" },
	{ " {\"a\" : [1, 2 ] } ", "", 1, JSCAN_OBJECT,
	    "{\"a\" : [1, 2 ] }" },
	{ "\t5\n", "", 1, JSCAN_NUMBER, "5" },
	{ "5", "a", 0, JSCAN_NONE, NULL },
	{ "{\"x\":{\"a\":1},\"a\":2}", "a", 1, JSCAN_NUMBER, "2" },
	{ "{\"a\":{\"b\":1},\"x\":{\"a\":{\"b\":9}}}", "a.b", 1,
	    JSCAN_NUMBER, "1" },
	{ "{\"a\":{},\"b\":{\"c\":3}}", "a.c", 0, JSCAN_NONE, NULL },
	{ "{\"a\":[],\"b\":[7]}", "a.0", 0, JSCAN_NONE, NULL },
	{ "{\"a\":{\"b\":[]},\"c\":{\"d\":1}}", "a.d", 0, JSCAN_NONE,
	    NULL },
	/* arrays */
	{ "[10,20,[30,40]]", "0", 1, JSCAN_NUMBER, "10" },
	{ "[10,20,[30,40]]", "2.1", 1, JSCAN_NUMBER, "40" },
	{ "[10,20,[30,40]]", "2", 1, JSCAN_ARRAY, "[30,40]" },
	{ "[10,20,[30,40]]", "3", 0, JSCAN_NONE, NULL },
	{ "[10,20,[30,40]]", "2.2", 0, JSCAN_NONE, NULL },
	{ "[10,20,[30,40]]", "01", 0, JSCAN_NONE, NULL },
	{ "[10,20,[30,40]]", "x", 0, JSCAN_NONE, NULL },
	{ "[10,20,[30,40]]", "99999999999999999999999", 0, JSCAN_NONE,
	    NULL },
	{ "[[1,[2]],[3,[4,5]]]", "1.1.1", 1, JSCAN_NUMBER, "5" },
	{ "[[1,[2]],[3,[4,5]]]", "0.1.0", 1, JSCAN_NUMBER, "2" },
	{ "{\"a\":[1,2]}", "a.b", 0, JSCAN_NONE, NULL },
	{ "{\"a\":[{\"0\":1}]}", "a.0.0", 1, JSCAN_NUMBER, "1" },
	{ "{\"a\":{\"0\":\"zero\"}}", "a.0", 1, JSCAN_STRING, "\"zero\"" },
	{ "{\"a\":{\"01\":true}}", "a.01", 1, JSCAN_TRUE, "true" },
	/* keys */
	{ "{\"co\\u0073t\":1}", "cost", 1, JSCAN_NUMBER, "1" },
	{ "{\"a\\\"b\":null}", "a\"b", 1, JSCAN_NULL, "null" },
	{ "{\"a\\/b\":false}", "a/b", 1, JSCAN_FALSE, "false" },
	{ "{\"\\u00e9t\\u00E9\":1}", "\xc3\xa9t\xc3\xa9", 1, JSCAN_NUMBER,
	    "1" },
	{ "{\"\xc3\xa9\":1}", "\xc3\xa9", 1, JSCAN_NUMBER, "1" },
	{ "{\"\\ud83d\\ude00\":1}", "\xf0\x9f\x98\x80", 1, JSCAN_NUMBER,
	    "1" },
	{ "{\"ab\":1}", "a", 0, JSCAN_NONE, NULL },
	{ "{\"a\":1}", "ab", 0, JSCAN_NONE, NULL },
	{ "{\"\":{\"x\":1}}", ".x", 1, JSCAN_NUMBER, "1" },
	{ "{\"a\":{\"\":{\"b\":2}}}", "a..b", 1, JSCAN_NUMBER, "2" },
	/* duplicates: the last one wins */
	{ "{\"a\":1,\"a\":2}", "a", 1, JSCAN_NUMBER, "2" },
	{ "{\"a\":{\"b\":1},\"a\":{\"c\":2}}", "a.b", 0, JSCAN_NONE, NULL },
	{ "{\"a\":{\"b\":1},\"a\":{\"c\":2}}", "a.c", 1, JSCAN_NUMBER, "2" },
	{ "{\"a\":{\"b\":1},\"a\":5}", "a.b", 0, JSCAN_NONE, NULL },
	{ "{\"a\":{\"b\":1,\"b\":2},\"z\":0}", "a.b", 1, JSCAN_NUMBER, "2" },
	{ "{\"a\":{\"b\":1},\"a\":{\"b\":[3]}}", "a.b.0", 1, JSCAN_NUMBER,
	    "3" },
	{ "{\"a\":{\"b\":1},\"x\":0,\"a\":{\"b\":2}}", "a.b", 1, JSCAN_NUMBER,
	    "2" },
	{ "{\"a\":[{\"b\":1}],\"a\":[]}", "a.0.b", 0, JSCAN_NONE, NULL },
	/* raw tokens */
	{ "{\"cost\":0.0076509169000000005}", "cost", 1, JSCAN_NUMBER,
	    "0.0076509169000000005" },
	{ "{\"p\":6e-07}", "p", 1, JSCAN_NUMBER, "6e-07" },
	{ "[-1.5E+400]", "0", 1, JSCAN_NUMBER, "-1.5E+400" },
	{ "{\"s\":\"a\\nb\"}", "s", 1, JSCAN_STRING, "\"a\\nb\"" },
	{ "{\"s\":\"\"}", "s", 1, JSCAN_STRING, "\"\"" },
	{ "{\"o\":{ \"k\" : [ ] } ,\"p\":1}", "o", 1, JSCAN_OBJECT,
	    "{ \"k\" : [ ] }" },
	/* malformed: -1 even when the value was already seen */
	{ "{\"a\":1,}", "a", -1, JSCAN_NONE, NULL },
	{ "{\"a\":1} x", "a", -1, JSCAN_NONE, NULL },
	{ "{\"a\":1,\"b\":tru}", "a", -1, JSCAN_NONE, NULL },
	{ "{\"a\":1 \"b\":2}", "a", -1, JSCAN_NONE, NULL },
	{ "{\"a\":NaN}", "a", -1, JSCAN_NONE, NULL },
	{ "", "", -1, JSCAN_NONE, NULL },
	{ "[1,2", "0", -1, JSCAN_NONE, NULL },
};

static void
get_table(void)
{
	const struct gcase	*c;
	struct jscan_val	 v;
	char			*doc;
	size_t			 i, len;
	int			 r, good;

	for (i = 0; i < sizeof(gcases) / sizeof(gcases[0]); i++) {
		c = &gcases[i];
		len = strlen(c->doc);
		doc = exact(c->doc, len);
		r = jscan_get(doc, len, c->path, &v);
		good = r == c->ret && v.kind == c->kind;
		if (good && r == 1)
			good = v.len == strlen(c->raw) &&
			    memcmp(v.p, c->raw, v.len) == 0 &&
			    v.p >= doc && v.p + v.len <= doc + len;
		if (good && r != 1)
			good = v.p == NULL && v.len == 0;
		ok(good, "get '%s' in %s -> %d", vis(c->path), vis(c->doc),
		    c->ret);
		if (!good)
			printf("#   got %d kind %d '%s'\n", r, v.kind, raw(&v));
		free(doc);
	}
}

static void
get_fixtures(void)
{
	static const char *const paths[] = {
		"choices.0.delta.content",
		"choices.0.finish_reason",
		"usage.cost",
		"usage.prompt_tokens_details.cached_tokens",
		"error",
	};
	struct jscan_val	 v, o[5];
	char			*buf, *line, *nl, *doc;
	size_t			 len, n;
	int			 r, chunks = 0, bad = 0, seenfinish = 0;

	if ((buf = tutil_slurp(CHATFIX, &len)) == NULL) {
		ok(0, "read %s", CHATFIX);
		return;
	}
	ok(jscan_validate(buf, len, NULL) == 0, "chat fixture validates");
	r = jscan_get(buf, len, "usage.cost", &v);
	is_str(raw(&v), "0.01355025", "chat usage.cost");
	ok(r == 1 && v.kind == JSCAN_NUMBER, "chat usage.cost is a number");
	jscan_get(buf, len, "usage.prompt_tokens_details.cache_write_tokens",
	    &v);
	is_str(raw(&v), "3211", "chat cache_write_tokens");
	r = jscan_get(buf, len, "choices.0.message.role", &v);
	is_str(raw(&v), "\"assistant\"", "chat choices.0.message.role");
	ok(r == 1 && jscan_streq(&v, "assistant") &&
	    !jscan_streq(&v, "assistan") && !jscan_streq(&v, "assistants"),
	    "chat role jscan_streq");
	r = jscan_get(buf, len, "choices.0.message.reasoning", &v);
	ok(r == 1 && v.kind == JSCAN_NULL, "chat reasoning is null");
	r = jscan_get(buf, len, "choices.1.message.role", &v);
	ok(r == 0 && v.kind == JSCAN_NONE, "chat choices.1 absent");
	free(buf);

	if ((buf = tutil_slurp(SSEFIX, &len)) == NULL) {
		ok(0, "read %s", SSEFIX);
		return;
	}
	/* Lines are split by hand: the file is not NUL-terminated. */
	for (line = buf; line < buf + len; line = nl + 1) {
		if ((nl = memchr(line, '\n', buf + len - line)) == NULL)
			nl = buf + len;
		n = nl - line;
		if (n < 6 || memcmp(line, "data: ", 6) != 0 ||
		    (n == 12 && memcmp(line + 6, "[DONE]", 6) == 0))
			continue;
		doc = exact(line + 6, n - 6);
		r = jscan_getn(doc, n - 6, paths, 5, o, NULL);
		chunks++;
		if (r < 2 || o[4].kind != JSCAN_NONE ||
		    o[0].kind != JSCAN_STRING)
			bad++;
		if (chunks == 2) {
			is_str(raw(&o[0]), "\"Peb\"", "sse chunk 2 content");
			ok(o[1].kind == JSCAN_NULL, "sse chunk 2 finish_reason");
			ok(r == 2 && o[2].kind == JSCAN_NONE,
			    "sse chunk 2 has no usage");
		}
		if (o[1].kind == JSCAN_STRING && jscan_streq(&o[1], "stop"))
			seenfinish = 1;
		if (o[2].kind != JSCAN_NONE) {
			is_str(raw(&o[2]), "0.0001025", "sse usage.cost");
			is_str(raw(&o[3]), "0", "sse usage cached_tokens");
			ok(r == 4, "sse usage chunk finds 4 paths");
		}
		free(doc);
	}
	ok(chunks >= 3 && bad == 0, "sse: %d chunks, %d bad", chunks, bad);
	ok(seenfinish, "sse: finish_reason stop seen");
	free(buf);
}

static void
getn_more(void)
{
	/* More paths than one pass follows, and repeated paths. */
	static const char doc[] =
	    "{\"a\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]}";
	static const char *const paths[20] = {
		"a.0", "a.1", "a.2", "a.3", "a.4", "a.5", "a.6", "a.7",
		"a.8", "a.9", "a.10", "a.11", "a.12", "a.13", "a.14",
		"a.15", "a.16", "a.17", "a.18", "a.99",
	};
	static const char *const same[2] = { "a.3", "a.3" };
	struct jscan_val	 o[20];
	struct jscan_err	 err;
	char			 want[16];
	int			 i, r, good = 1;

	r = jscan_getn(doc, sizeof(doc) - 1, paths, 20, o, NULL);
	for (i = 0; i < 19; i++) {
		snprintf(want, sizeof(want), "%d", i);
		if (strcmp(raw(&o[i]), want) != 0)
			good = 0;
	}
	ok(r == 19 && good && o[19].kind == JSCAN_NONE,
	    "getn with 20 paths");
	r = jscan_getn(doc, sizeof(doc) - 1, same, 2, o, NULL);
	is_int(r, 2, "getn with a repeated path");
	is_str(raw(&o[1]), "3", "getn repeated path value");
	r = jscan_getn(doc, sizeof(doc) - 1, NULL, 0, NULL, NULL);
	ok(r == 0, "getn with no paths validates");
	r = jscan_getn("[1,]", 4, same, 2, o, &err);
	ok(r == -1 && o[0].kind == JSCAN_NONE && err.what != NULL &&
	    err.offset == 3, "getn reports errors");
}

static void
unesc(const char *tok, const char *want, size_t wantlen, const char *name)
{
	char	 out[64];
	size_t	 n;

	memset(out, 'X', sizeof(out));
	n = jscan_unescape(tok, strlen(tok), out, sizeof(out));
	ok(n == wantlen && memcmp(out, want, wantlen) == 0 &&
	    out[wantlen] == '\0', "unescape %s", name);
}

static void
unescape(void)
{
	char	 out[8];
	size_t	 n;

	unesc("\"a\\nb\"", "a\nb", 3, "\\n");
	unesc("\"\\\"q\\\"\"", "\"q\"", 3, "\\\"");
	unesc("\"\\\\\"", "\\", 1, "\\\\");
	unesc("\"a\\/b\"", "a/b", 3, "\\/");
	unesc("\"\\b\\f\\r\\t\"", "\b\f\r\t", 4, "\\b\\f\\r\\t");
	unesc("\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6,
	    "\\u BMP");
	unesc("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4,
	    "surrogate pair -> 4 bytes");
	unesc("\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4, "U+10FFFF");
	unesc("\"x\\ud800y\"", "x\xef\xbf\xbdy", 5, "lone high surrogate");
	unesc("\"\\udc00\"", "\xef\xbf\xbd", 3, "lone low surrogate");
	unesc("\"\\uDd1e\\uD834\"", "\xef\xbf\xbd\xef\xbf\xbd", 6,
	    "inverted surrogates");
	unesc("\"\\ud800\\u0041\"", "\xef\xbf\xbd" "A", 4,
	    "high surrogate then non-surrogate escape");
	unesc("\"\\ud800\\n\"", "\xef\xbf\xbd\n", 4,
	    "high surrogate then \\n");
	unesc("\"a\\u0000b\"", "a\0b", 3, "\\u0000 keeps its NUL");
	unesc("\"\xc3\xa9\xe2\x80\xa8\"", "\xc3\xa9\xe2\x80\xa8", 5,
	    "raw UTF-8 copied");
	unesc("plain", "plain", 5, "without quotes");
	unesc("a\\\"", "a\"", 2, "without quotes, ending in \\\"");
	unesc("\"\"", "", 0, "empty");
	unesc("\"a\\", "a\xef\xbf\xbd", 4, "dangling backslash");
	unesc("\"\\u12\"", "\xef\xbf\xbd" "12", 5, "short \\u");

	memset(out, 'X', sizeof(out));
	n = jscan_unescape("\"abcdefghij\"", 12, out, 4);
	ok(n == 10 && strcmp(out, "abc") == 0 && out[4] == 'X',
	    "truncation like snprintf");
	n = jscan_unescape("\"abc\"", 5, out, 4);
	ok(n == 3 && strcmp(out, "abc") == 0, "exact fit");
	n = jscan_unescape("\"abcd\"", 6, out, 4);
	ok(n == 4 && strcmp(out, "abc") == 0, "one byte short");
	n = jscan_unescape("\"a\\u00e9b\"", 10, out, 3);
	ok(n == 4 && strcmp(out, "a") == 0,
	    "truncation does not split a character");
	n = jscan_unescape("\"\\ud83d\\ude00\"", 14, out, 4);
	ok(n == 4 && out[0] == '\0', "4-byte character does not fit in 4");
	n = jscan_unescape("\"\\ud83d\\ude00z\"", 15, NULL, 0);
	ok(n == 5, "outsize 0 only measures");
	n = jscan_unescape("\"xyz\"", 5, out, 1);
	ok(n == 3 && out[0] == '\0', "outsize 1 gives empty string");
}

static const struct ecase {
	const char	*doc;
	size_t		 offset;
	int		 line, col;
	const char	*what;
} ecases[] = {
	{ "{\n  \"a\": 1,\n  \"b\": tru\n}", 19, 3, 8, "invalid literal" },
	{ "[1,2,]", 5, 1, 6, "trailing comma" },
	{ "{\"a\":1,}", 7, 1, 8, "trailing comma" },
	{ "\"a\x01z\"", 2, 1, 3, "unescaped control character in string" },
	{ "[\"\xc3\xa9\xff\"]", 4, 1, 4, "invalid UTF-8 in string" },
	{ "[\"\xc0\xaf\"]", 2, 1, 3, "invalid UTF-8 in string" },
	{ "[\"\xed\xa0\x80\"]", 2, 1, 3, "invalid UTF-8 in string" },
	{ "[\"\xf4\x90\x80\x80\"]", 2, 1, 3, "invalid UTF-8 in string" },
	{ "[\"\xe2\x82\"]", 2, 1, 3, "invalid UTF-8 in string" },
	{ "[\"a\\x\"]", 3, 1, 4, "invalid escape in string" },
	{ "[\"\\u12g4\"]", 2, 1, 3, "invalid \\u escape in string" },
	{ "", 0, 1, 1, "no JSON value" },
	{ " \n ", 3, 2, 2, "no JSON value" },
	{ "{} x", 3, 1, 4, "trailing data after JSON value" },
	{ "\xef\xbb\xbf{}", 0, 1, 1, "byte order mark not allowed" },
	{ "[1\n,\n2\n", 7, 4, 1, "unterminated array" },
	{ "{\"a\"", 4, 1, 5, "expected ':' after object key" },
	{ "{\"a\":", 5, 1, 6, "unexpected end of input" },
	{ "{1:2}", 1, 1, 2, "expected string key in object" },
	{ "[1 2]", 3, 1, 4, "expected ',' or ']' in array" },
	{ "{\"a\":1]", 6, 1, 7, "expected ',' or '}' in object" },
	{ "[01]", 2, 1, 3, "leading zero in number" },
	{ "[-]", 2, 1, 3, "expected digit in number" },
	{ "[1.]", 3, 1, 4, "expected digit after decimal point" },
	{ "[1e+]", 4, 1, 5, "expected digit in exponent" },
	{ "[.5]", 1, 1, 2, "expected value" },
	{ "\"abc", 4, 1, 5, "unterminated string" },
	{ "[\"\xe2\x82\xac\",\n \xe2\x82\xac]", 9, 2, 2, "expected value" },
};

static void
errors(void)
{
	const struct ecase	*c;
	struct jscan_err	 err;
	char			*doc;
	size_t			 i, len;
	int			 r;

	for (i = 0; i < sizeof(ecases) / sizeof(ecases[0]); i++) {
		c = &ecases[i];
		len = strlen(c->doc);
		doc = exact(c->doc, len);
		memset(&err, 0, sizeof(err));
		r = jscan_validate(doc, len, &err);
		ok(r == -1 && err.offset == c->offset && err.line == c->line &&
		    err.col == c->col && err.what != NULL &&
		    strcmp(err.what, c->what) == 0, "%s: %s", vis(c->doc),
		    c->what);
		if (r != -1 || err.what == NULL)
			printf("#   not rejected\n");
		else if (strcmp(err.what, c->what) != 0 ||
		    err.offset != c->offset || err.line != c->line ||
		    err.col != c->col)
			printf("#   got %s at %zu (%d:%d)\n", err.what,
			    err.offset, err.line, err.col);
		free(doc);
	}
	ok(jscan_validate("{", 1, NULL) == -1, "NULL err is allowed");
	/* A NUL inside the buffer is just a byte, not an end. */
	ok(jscan_validate("123\0", 4, NULL) == -1, "NUL after number");
	ok(jscan_validate("\"a\\u0000b\"", 10, NULL) == 0, "\\u0000 escape");
}

/* n arrays nested, closed again when closed is set. */
static char *
nest(size_t n, int closed, const char *open, const char *close,
    size_t *lenp)
{
	size_t	 lo = strlen(open), lc = strlen(close), i, len;
	char	*p;

	len = n * lo + (closed ? n * lc : 0);
	if ((p = malloc(len > 0 ? len : 1)) == NULL) {
		perror("malloc");
		exit(2);
	}
	for (i = 0; i < n; i++)
		memcpy(p + i * lo, open, lo);
	for (i = 0; closed && i < n; i++)
		memcpy(p + n * lo + i * lc, close, lc);
	*lenp = len;
	return p;
}

static void
depth(void)
{
	struct jscan_err	 err;
	struct jscan_val	 v;
	char			*p, path[2 * JSCAN_MAXDEPTH + 8];
	size_t			 len, i;
	int			 r;

	p = nest(100000, 0, "[", "", &len);
	r = jscan_validate(p, len, &err);
	ok(r == -1 && err.offset == JSCAN_MAXDEPTH &&
	    strcmp(err.what, "nesting too deep") == 0,
	    "100000 '[' stop at the limit: %s at %zu", err.what, err.offset);
	free(p);

	p = nest(JSCAN_MAXDEPTH, 1, "[", "]", &len);
	ok(jscan_validate(p, len, NULL) == 0, "%d nested arrays accepted",
	    JSCAN_MAXDEPTH);
	free(p);
	p = nest(JSCAN_MAXDEPTH + 1, 1, "[", "]", &len);
	r = jscan_validate(p, len, &err);
	ok(r == -1 && err.offset == JSCAN_MAXDEPTH, "%d nested arrays rejected",
	    JSCAN_MAXDEPTH + 1);
	free(p);

	/* {"a":{"a":...1...}}: objects count the same, and get reaches in. */
	len = JSCAN_MAXDEPTH * 5 + 1 + JSCAN_MAXDEPTH;
	if ((p = malloc(len)) == NULL)
		exit(2);
	for (i = 0; i < JSCAN_MAXDEPTH; i++)
		memcpy(p + i * 5, "{\"a\":", 5);
	p[JSCAN_MAXDEPTH * 5] = '1';
	memset(p + JSCAN_MAXDEPTH * 5 + 1, '}', JSCAN_MAXDEPTH);
	for (i = 0; i < JSCAN_MAXDEPTH; i++)
		memcpy(path + 2 * i, "a.", 2);
	path[2 * JSCAN_MAXDEPTH - 1] = '\0';
	r = jscan_get(p, len, path, &v);
	ok(r == 1 && v.kind == JSCAN_NUMBER && v.len == 1 && *v.p == '1',
	    "get at depth %d", JSCAN_MAXDEPTH);
	free(p);

	p = nest(250000 / 5, 0, "[{\"\":", "", &len);
	r = jscan_get(p, len, "0", &v);
	ok(r == -1, "'[{\"\":' repeated: get says malformed");
	free(p);
}

/* jscan_iter over arrays and objects, nested values whole. */
static void
iter(void)
{
	static const char arr[] = " [ 1 , \"a]b\" ,{\"x\":[1,{}]},[ ],true,"
	    "null , -2.5e3 ] ";
	static const char *const want[] = { "1", "\"a]b\"",
	    "{\"x\":[1,{}]}", "[ ]", "true", "null", "-2.5e3" };
	static const enum jscan_kind kinds[] = { JSCAN_NUMBER, JSCAN_STRING,
	    JSCAN_OBJECT, JSCAN_ARRAY, JSCAN_TRUE, JSCAN_NULL, JSCAN_NUMBER };
	static const char obj[] = "{\"a\" : 1, \"b\":{\"c\":\"}\"}, \"d\":[]}";
	struct jscan_val k, v;
	size_t pos = 0, i = 0;
	char got[64];
	int r;

	while ((r = jscan_iter(arr, sizeof arr - 1, &pos, &k, &v)) == 1 &&
	    i < 7) {
		snprintf(got, sizeof got, "%.*s", (int)v.len, v.p);
		is_str(got, want[i], "iter: element %zu", i);
		ok(v.kind == kinds[i] && k.kind == JSCAN_NONE,
		    "iter: element %zu kind, no key", i);
		i++;
	}
	ok(r == 0 && i == 7, "iter: seven elements, then the end");
	pos = 0;
	ok(jscan_iter("[]", 2, &pos, NULL, &v) == 0, "iter: empty array");
	pos = 0;
	ok(jscan_iter("12", 2, &pos, NULL, &v) == -1, "iter: not a container");
	pos = 0;
	i = 0;
	while (jscan_iter(obj, sizeof obj - 1, &pos, &k, &v) == 1) {
		snprintf(got, sizeof got, "%.*s=%.*s", (int)k.len, k.p,
		    (int)v.len, v.p);
		is_str(got, i == 0 ? "\"a\"=1" : i == 1 ?
		    "\"b\"={\"c\":\"}\"}" : "\"d\"=[]", "iter: member %zu", i);
		i++;
	}
	is_int(i, 3, "iter: three members");
}

/* JSCAN_RAW_UTF8 lets bad bytes through; unescape never eats past them. */
static void
raw_utf8(void)
{
	static const char doc[] = "{\"c\":\"a\xff\\n\"}";
	const char *path = "c";
	struct jscan_val v;
	char out[16];
	size_t n;

	ok(jscan_getn(doc, sizeof doc - 1, &path, 1, &v, NULL) == -1,
	    "raw: strict mode rejects a stray 0xff");
	ok(jscan_getnf(doc, sizeof doc - 1, &path, 1, &v, NULL,
	    JSCAN_RAW_UTF8) == 1 && v.kind == JSCAN_STRING,
	    "raw: JSCAN_RAW_UTF8 lets it through");
	n = jscan_unescape(v.p, v.len, out, sizeof out);
	ok(n == 3 && memcmp(out, "a\xff\n", 3) == 0,
	    "raw: the byte passes alone and the escape after it is decoded");
}

/* Whole numbers, exactly, within bounds. */
static void
llong(void)
{
	static const struct {
		const char	*text;
		long long	 lo, hi;
		int		 ret;
		long long	 want;
	} c[] = {
		{ "0", 0, 10, 0, 0 },
		{ "-0", 0, 10, 0, 0 },
		{ "42", 0, 100, 0, 42 },
		{ "-42", -100, 100, 0, -42 },
		{ "-42", 0, 100, -1, 0 },
		{ "101", 0, 100, -1, 0 },
		{ "9223372036854775807", 0, LLONG_MAX, 0, LLONG_MAX },
		{ "9223372036854775808", 0, LLONG_MAX, -1, 0 },
		{ "-9223372036854775808", LLONG_MIN, 0, 0, LLONG_MIN },
		{ "-9223372036854775808", -LLONG_MAX, 0, -1, 0 },
		{ "-9223372036854775809", LLONG_MIN, 0, -1, 0 },
		{ "99999999999999999999999", 0, LLONG_MAX, -1, 0 },
		{ "1.5", 0, 10, -1, 0 },
		{ "1.0", 0, 10, -1, 0 },
		{ "1e3", 0, 10000, -1, 0 },
		{ "-", -10, 10, -1, 0 },
		{ "\"7\"", 0, 10, -1, 0 },
	};
	struct jscan_val v;
	long long got;
	size_t i;
	int r;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		char *buf = exact(c[i].text, strlen(c[i].text));

		v.kind = c[i].text[0] == '"' ? JSCAN_STRING : JSCAN_NUMBER;
		v.p = buf;
		v.len = strlen(c[i].text);
		got = 12345;
		r = jscan_llong(&v, c[i].lo, c[i].hi, &got);
		ok(r == c[i].ret && (r != 0 || got == c[i].want) &&
		    (r == 0 || got == 12345), "jscan_llong %s in [%lld, %lld]: "
		    "%s", c[i].text, c[i].lo, c[i].hi, r == 0 ? "read" :
		    "refused");
		free(buf);
	}
	/* An absent value (p NULL): refused, no arithmetic on NULL. */
	v.kind = JSCAN_NONE;
	v.p = NULL;
	v.len = 0;
	got = 12345;
	ok(jscan_llong(&v, 0, 10, &got) == -1 && got == 12345,
	    "jscan_llong of an absent value (NULL) is refused");
	v.kind = JSCAN_NUMBER;
	ok(jscan_llong(&v, 0, 10, &got) == -1 && got == 12345,
	    "jscan_llong of an empty number at NULL is refused");
}

/*
 * The reference for jlex_utf8: decode the code point, then refuse
 * overlongs, surrogates and what is past U+10FFFF.
 */
static size_t
utf8_ref(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return len;
}

/* jlex_utf8 on every first and second byte, at every length. */
static void
utf8_all(void)
{
	static const unsigned char tail[] = { 0x00, 0x41, 0x7f, 0x80, 0x9f,
	    0xa0, 0xbf, 0xc0, 0xff };
	unsigned char s[4];
	size_t n, tested = 0, agree = 0, valid = 0;
	unsigned a, b, c, d;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			for (c = 0; c < sizeof tail; c++)
				for (d = 0; d < sizeof tail; d++)
					for (n = 1; n <= 4; n++) {
						s[0] = a, s[1] = b;
						s[2] = tail[c], s[3] = tail[d];
						tested++;
						agree += jlex_utf8(s, n) ==
						    utf8_ref(s, n);
						valid += utf8_ref(s, n) > 1;
					}
	is_int(agree, tested, "jlex_utf8 agrees with decoding on %zu "
	    "sequences (%zu valid multibyte)", tested, valid);
}

/* The cursor on errors: what, and where (offset, line, column). */
static void
cur_error(const char *doc, unsigned flags, int obj, const char *what,
    size_t offset, int line, int col)
{
	struct jscan_cur c;
	struct jscan_val k, v;
	size_t len = strlen(doc);
	char *buf = malloc(len ? len : 1);	/* exactly its size */
	char name[64];
	size_t i, o = 0;
	int n = 0, r;

	/* A newline would end the TAP line. */
	for (i = 0; i < len && o + 3 < sizeof name; i++)
		if (doc[i] == '\n') {
			name[o++] = '\\';
			name[o++] = 'n';
		} else
			name[o++] = doc[i];
	name[o] = '\0';
	memcpy(buf, doc, len);
	jscan_open(&c, buf, len, flags);
	if (obj)
		while ((r = jscan_member(&c, &n, &k)) == 1 &&
		    (r = jscan_next(&c, &v)) == 0)
			;
	else
		while ((r = jscan_element(&c, &n)) == 1 &&
		    (r = jscan_next(&c, &v)) == 0)
			;
	if (r == 0)
		r = jscan_end(&c);
	ok(r == -1 && c.err.what && strcmp(c.err.what, what) == 0 &&
	    c.err.offset == offset && c.err.line == line && c.err.col == col,
	    "cursor: %s: %s at %zu (%d:%d); got %s at %zu (%d:%d)", name, what,
	    offset, line, col, c.err.what ? c.err.what : "none",
	    c.err.offset, c.err.line, c.err.col);
	free(buf);
}

/* The public cursor: a walk by hand, and its errors. */
static void
cursor(void)
{
	static const char doc[] = " {\"a\" : [1, \"x\", {\"b\": null}],"
	    "\n \"c\\u0064\":true } ";
	struct jscan_cur c;
	struct jscan_val k, v;
	char got[128];
	int n = 0, e, r, m, pass;
	size_t off = 0;

	for (pass = 0; pass < 2; pass++) {
		jscan_open(&c, doc, sizeof doc - 1, pass ? JSCAN_VALID : 0);
		n = 0;
		got[0] = '\0';
		off = 0;
		while ((r = jscan_member(&c, &n, &k)) == 1) {
			off += snprintf(got + off, sizeof got - off, "%.*s:",
			    (int)k.len, k.p);
			if (jscan_streq(&k, "a") && jscan_peek(&c) == '[') {
				e = 0;
				while ((r = jscan_element(&c, &e)) == 1) {
					if (jscan_peek(&c) != '{') {
						jscan_next(&c, &v);
						off += snprintf(got + off,
						    sizeof got - off, "%.*s,",
						    (int)v.len, v.p);
						continue;
					}
					m = 0;
					while (jscan_member(&c, &m, &k) == 1 &&
					    jscan_next(&c, &v) == 0)
						off += snprintf(got + off,
						    sizeof got - off,
						    "{%.*s=%d}", (int)k.len,
						    k.p, v.kind == JSCAN_NULL);
				}
				ok(r == 0 && e == 3, "cursor: three elements "
				    "(pass %d)", pass);
			} else if (jscan_next(&c, &v) == 0)
				off += snprintf(got + off, sizeof got - off,
				    "%s;", jscan_streq(&k, "cd") &&
				    v.kind == JSCAN_TRUE ? "cd=true" : "?");
		}
		ok(r == 0 && n == 2 && jscan_end(&c) == 0,
		    "cursor: two members, then only white space (pass %d)",
		    pass);
		is_str(got, "\"a\":1,\"x\",{\"b\"=1}\"c\\u0064\":cd=true;",
		    "cursor: the walk (pass %d)", pass);
	}
	cur_error("{\"a\" 1}", 0, 1, "expected ':' after object key", 5, 1, 6);
	cur_error("{\"a\":1 \"b\":2}", 0, 1, "expected ',' or '}' in object",
	    7, 1, 8);
	cur_error("{1:2}", 0, 1, "expected string key in object", 1, 1, 2);
	cur_error("{\"a\x01\":2}", 0, 1,
	    "unescaped control character in string", 3, 1, 4);
	cur_error("[1 2]", 0, 0, "expected ',' or ']' in array", 3, 1, 4);
	cur_error("[1,\n tru]", 0, 0, "invalid literal", 5, 2, 2);
	cur_error("[\"\xc3\xa9\", 01]", 0, 0, "leading zero in number", 8,
	    1, 8);
	cur_error("[{\"a\":[}]", 0, 0, "expected value", 7, 1, 8);
	cur_error("[] x", 0, 0, "trailing data after JSON value", 3, 1, 4);
	cur_error("[1,", 0, 0, "no JSON value", 3, 1, 4);
	cur_error("[1]", 0, 1, "expected an object", 0, 1, 1);
	cur_error("{}", 0, 0, "expected an array", 0, 1, 1);
	cur_error("[\"a\xff\"]", 0, 0, "invalid UTF-8 in string", 3, 1, 4);
	jscan_open(&c, "[\"a\xff\"]", 6, JSCAN_RAW_UTF8);
	n = 0;
	ok(jscan_element(&c, &n) == 1 && jscan_next(&c, &v) == 0 &&
	    v.len == 4 && jscan_element(&c, &n) == 0,
	    "cursor: JSCAN_RAW_UTF8 lets a bad byte through");
}

int
main(void)
{
	utf8_all();
	cursor();
	llong();
	raw_utf8();
	iter();
	conformance();
	get_table();
	get_fixtures();
	getn_more();
	unescape();
	errors();
	depth();
	return tap_done();
}
