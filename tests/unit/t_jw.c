/*
 * t_jw: the JSON writer puts separators where they belong and always
 * writes valid JSON, whatever bytes it is given.
 */
#include <string.h>

#include "jscan.h"
#include "jw.h"
#include "money.h"
#include "tap.h"
#include "util.h"

static void
test_shape(void)
{
	struct buf b;
	struct jw w;
	money_t m;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "id", "gen-1", 5);
	jw_key(&w, "n");
	jw_arr(&w);
	jw_int(&w, 1);
	jw_int(&w, -2);
	jw_obj(&w);
	jw_end(&w);
	jw_arr(&w);
	jw_end(&w);
	jw_null(&w);
	jw_bool(&w, 1);
	jw_end(&w);
	money_parse("1.7300", 6, &m);
	jw_kmoney(&w, "cost", m);
	jw_key(&w, "raw");
	jw_raw(&w, "{\"a\":[1]}", 9);
	jw_kint(&w, "z", 0);
	jw_end(&w);
	is_str(b.p, "{\"id\":\"gen-1\",\"n\":[1,-2,{},[],null,true],"
	    "\"cost\":1.73,\"raw\":{\"a\":[1]},\"z\":0}", "nesting and commas");

	/* A second document at the top level is a new line's worth. */
	buf_reset(&b);
	jw_arr(&w);
	jw_end(&w);
	jw_str(&w, "x", 1);
	is_str(b.p, "[]\"x\"", "top-level values get no comma");
	ok(w.depth == 0, "balanced");
	buf_free(&b);
}

static void
test_strings(void)
{
	static const char hostile[] = "a\0b\"\\\n\x1b\x7f\xc3(\xe2\x82\xff\xf0\x9f\x98\x80";
	struct buf b;
	struct jw w;
	struct jscan_err err;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "s", hostile, sizeof hostile - 1);
	jw_end(&w);
	ok(jscan_validate(b.p, b.len, &err) == 0, "hostile bytes give valid JSON: %s", b.p);
	ok(strstr(b.p, "a\\u0000b\\\"\\\\\\n\\u001b") != NULL,
	    "NUL, quote, backslash, newline and ESC escaped");
	ok(strstr(b.p, "\xf0\x9f\x98\x80") != NULL, "valid UTF-8 kept as it is");
	buf_free(&b);
}

/* jw_copy: received JSON passed on as it came, but always valid. */
static void
test_copy(void)
{
	static const char in[] = "{ \"a\" : [1, 2e-7 ,\"x y\\u00e9\\\"\"],"
	    "\n \"b\":\"bad \xff\xc3( \xe2\x82\xac\" }";
	struct jscan_err err;
	struct buf b;
	struct jw w;

	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_arr(&w);
	jw_int(&w, 1);
	jw_copy(&w, in, sizeof in - 1, 0);
	jw_end(&w);
	is_str(b.p, "[1,{ \"a\" : [1, 2e-7 ,\"x y\\u00e9\\\"\"],\n \"b\":"
	    "\"bad \xef\xbf\xbd\xef\xbf\xbd( \xe2\x82\xac\" }]",
	    "copied byte for byte, a comma before it, bad bytes U+FFFD");
	ok(jscan_validate(b.p, b.len, &err) == 0, "and it is valid JSON");
	buf_reset(&b);
	jw_init(&w, &b);
	jw_copy(&w, in, sizeof in - 1, JW_COMPACT);
	is_str(b.p, "{\"a\":[1,2e-7,\"x y\\u00e9\\\"\"],\"b\":"
	    "\"bad \xef\xbf\xbd\xef\xbf\xbd( \xe2\x82\xac\"}",
	    "JW_COMPACT: no white space between tokens, all inside strings");
	buf_free(&b);
}

/*
 * Invalid UTF-8: one U+FFFD per maximal subpart (the WHATWG decoder's
 * rule), in jw_quote and jw_copy alike.
 */
static void
test_subparts(void)
{
	static const struct {
		const char *in, *want;
	} c[] = {
		{ "a\xe2\x82" "b", "a\xef\xbf\xbd" "b" },
		{ "a\xe2\x82", "a\xef\xbf\xbd" },
		{ "\xf0\x9f\x98" "x", "\xef\xbf\xbd" "x" },
		{ "\xf0\x9f" "x", "\xef\xbf\xbd" "x" },
		{ "\xc0\x80", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xe0\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xe2\x82\xac", "\xe2\x82\xac" },
		{ "\xf1\x80\x80\xe1\x80\xc2", "\xef\xbf\xbd\xef\xbf\xbd"
		    "\xef\xbf\xbd" },
	};
	struct buf b, q;
	struct jw w;
	size_t i;

	buf_init(&b, 0);
	buf_init(&q, 0);
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		buf_reset(&q);
		buf_add(&q, "\"", 1);
		buf_adds(&q, c[i].want);
		buf_add(&q, "\"", 1);
		buf_reset(&b);
		jw_quote(&b, c[i].in, strlen(c[i].in));
		ok(b.len == q.len && memcmp(b.p, q.p, q.len) == 0,
		    "jw_quote: case %zu, one U+FFFD per maximal subpart", i);
		buf_reset(&q);
		buf_add(&q, "[\"", 2);
		buf_adds(&q, c[i].in);
		buf_add(&q, "\"]", 2);
		buf_reset(&b);
		jw_init(&w, &b);
		jw_copy(&w, q.p, q.len, 0);
		buf_reset(&q);
		buf_add(&q, "[\"", 2);
		buf_adds(&q, c[i].want);
		buf_add(&q, "\"]", 2);
		ok(b.len == q.len && memcmp(b.p, q.p, q.len) == 0,
		    "jw_copy: case %zu, the same", i);
	}
	buf_free(&b);
	buf_free(&q);
}

/*
 * DEL and the C1 controls, which a JSON string may hold raw: escaped by
 * jw_quote and jw_copy alike, so that no terminal acts on them; U+00A0
 * and the escapes already there are left alone.
 */
static void
test_controls(void)
{
	static const char in[] = "a\x7f\xc2\x9b" "31m\xc2\x80\xc2\x9f"
	    "\xc2\xa0\xc3\xa9" "b";
	static const char want[] = "\"a\\u007f\\u009b31m\\u0080\\u009f"
	    "\xc2\xa0\xc3\xa9" "b\"";
	static const char json[] = "{\"k\x7f\":[\"\xc2\x9b\\u009b\\\"\x7f\"]}";
	struct buf b;
	struct jw w;

	buf_init(&b, 0);
	jw_quote(&b, in, sizeof in - 1);
	is_str(b.p, want, "jw_quote: DEL and C1 escaped, U+00A0 kept");
	buf_reset(&b);
	jw_init(&w, &b);
	jw_copy(&w, json, sizeof json - 1, 0);
	is_str(b.p, "{\"k\\u007f\":[\"\\u009b\\u009b\\\"\\u007f\"]}",
	    "jw_copy: raw DEL and C1 escaped, in keys too");
	buf_free(&b);
}

int
main(void)
{
	test_shape();
	test_strings();
	test_copy();
	test_subparts();
	test_controls();
	return tap_done();
}
