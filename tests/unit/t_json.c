/*
 * t_json: the jv helpers -- strict parsing, paths, setting, dumping.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

static jv
parse(const char *s)
{
	char err[128];

	return json_parse(s, strlen(s), err, sizeof err);
}

static void
test_parse(void)
{
	static const char *bad[] = {
		"", " ", "[1,]", "{\"a\":NaN}", "[\"a\tb\"]", "[1] x", "nul",
		"{\"a\":1", "[\"\xff\"]", "\xef\xbb\xbf{}", "01",
	};
	char err[128];
	size_t i;
	jv v;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = json_parse(bad[i], strlen(bad[i]), err, sizeof err);
		ok(!jv_is_valid(v) && err[0], "rejects bad JSON #%zu (%s)", i,
		    err);
		jv_free(v);
	}
	v = json_parse("[\"a\tb\"]", 7, err, sizeof err);
	ok(strstr(err, "line 1") != NULL, "error names the line: %s",
	    err);
	jv_free(v);
	v = parse(" {\"a\":[1,{\"b\":\"x\"}]} \n");
	ok(jv_get_kind(v) == JV_KIND_OBJECT, "accepts good JSON with spaces");
	jv_free(v);
}

static void
test_get(void)
{
	jv v = parse("{\"usage\":{\"prompt_tokens\":3214,\"cost\":0.01355025},"
	    "\"choices\":[{\"message\":{\"content\":\"hi\",\"n\":null}}],"
	    "\"big\":9007199254740993,\"f\":1.5,\"t\":true,\"z\":false}");
	long long n;
	jv x;

	is_str(json_str(v, "choices.0.message.content"), "hi", "path into "
	    "an array");
	ok(json_str(v, "choices.1.message.content") == NULL, "missing index");
	ok(json_str(v, "usage.prompt_tokens") == NULL, "not a string");
	ok(json_str(v, "usage.prompt_tokens.x") == NULL, "through a number");
	ok(json_int(v, "usage.prompt_tokens", &n) == 0 && n == 3214, "int");
	ok(json_int(v, "f", &n) == -1, "1.5 is no integer");
	ok(json_int(v, "big", &n) == -1, "beyond 2^53 is refused, not rounded");
	ok(json_int(v, "nope", &n) == -1, "absent int");
	ok(json_true(v, "t") && !json_true(v, "z") &&
	    !json_true(v, "choices.0.message.n") && !json_true(v, "nope") &&
	    json_true(v, "usage"), "json_true");
	x = json_get(v, "usage");
	ok(jv_get_kind(x) == JV_KIND_OBJECT, "json_get returns a new "
	    "reference");
	jv_free(x);
	x = json_get(v, "");
	ok(jv_get_kind(x) == JV_KIND_OBJECT, "empty path is the value");
	jv_free(x);
	jv_free(v);
}

static void
test_set_dump(void)
{
	jv v = parse("{\"model\":\"m\"}");
	char *s;

	v = json_set(v, "provider.sort", jv_string("price"));
	v = json_set(v, "provider.order", jv_parse("[\"a\",\"b\"]"));
	v = json_set(v, "model", jv_string("x/y:free"));
	s = json_dump(v);
	is_str(s, "{\"model\":\"x/y:free\",\"provider\":{\"sort\":\"price\","
	    "\"order\":[\"a\",\"b\"]}}", "set creates objects, replaces "
	    "values, keeps order");
	free(s);
	v = json_set(v, "model.x", jv_true());
	ok(!jv_is_valid(v), "setting inside a string fails");
	jv_free(v);
	v = parse("{\"s\":\"\\u00e9\\n\\\"\"}");
	s = json_dump(v);
	is_str(s, "{\"s\":\"\xc3\xa9\\n\\\"\"}", "UTF-8 out, escapes kept");
	free(s);
	jv_free(v);
}

int
main(void)
{
	test_parse();
	test_get();
	test_set_dump();
	return tap_done();
}
