/*
 * t_batchio: the line codec of orchat --batch -- every rule of an input
 * line, the output line byte for byte, an output line read back to the
 * same id, and the id set.
 *
 * t_batchio --bodies BASE <LINES: each line's body, or "error: why", one
 * a line, for tests/0110-batchio-bodies.t to hold against the API's
 * ChatRequest schema.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batchio.h"
#include "error.h"
#include "json.h"
#include "jw.h"
#include "money.h"
#include "tap.h"
#include "util.h"

#define BASE	"{\"model\":\"m/base\",\"messages\":[{\"role\":\"system\"," \
		"\"content\":\"be brief\"}],\"temperature\":0.5}"
/* The base's messages, as a body shows them before the line's own. */
#define SYS	"{\"role\":\"system\",\"content\":\"be brief\"}"
#define U8_FFFD	"\xef\xbf\xbd"

static jv
parse(const char *s)
{
	char err[128];
	jv v = json_parse(s, strlen(s), err, sizeof err);

	if (!jv_is_valid(v)) {
		printf("# bad test JSON %s: %s\n", s, err);
		abort();
	}
	return v;
}

/*
 * Parse line (n bytes; 0: a string) over base; returns the status, with
 * bl filled (the caller frees it) and the message in e.
 */
static int
run(const char *b, const char *line, size_t n, struct batch_line *bl,
    struct or_error *e)
{
	jv base = parse(b);
	int r;

	if (n == 0)
		n = strlen(line);
	memset(e, 0, sizeof *e);
	batchio_line_init(bl);
	r = batchio_parse(base, line, n, 7, bl, e);
	/* base is borrowed: still whole, and still ours to free. */
	ok(jv_get_kind(base) == JV_KIND_OBJECT, "base intact after %.*s",
	    (int)n, line);
	jv_free(base);
	return r;
}

/* A line that must be accepted over BASE: its body and id exactly. */
static void
good(const char *line, const char *body, const char *id)
{
	struct batch_line bl;
	struct or_error e;

	if (!is_int(run(BASE, line, 0, &bl, &e), 0, "accepted: %s", line))
		printf("#   why: %s\n", e.msg);
	is_str(bl.body, body, "body of %s", line);
	is_str(bl.id.p, id, "id of %s", line);
	if (bl.body)
		is_int((long long)strlen(bl.body), (long long)bl.bodylen,
		    "bodylen of %s", line);
	batchio_line_free(&bl);
}

/* A line (n bytes, 0: a string) refused with 65, this message and id. */
static void
bad(const char *line, size_t n, const char *msg, const char *id)
{
	struct batch_line bl;
	struct or_error e;

	is_int(run(BASE, line, n, &bl, &e), 65, "refused: %.*s",
	    n ? (int)n : (int)strlen(line), line);
	is_int(e.exit, 65, "exit 65 in e");
	is_str(e.msg, msg, "message");
	is_str(bl.id.p, id, "id of the refused line");
	ok(bl.body == NULL, "no body");
	ok(bl.terms.model == NULL, "no model");
	batchio_line_free(&bl);
}

static void
test_accept(void)
{
	good("\"hi\"", "{\"model\":\"m/base\",\"messages\":[" SYS ","
	    "{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5}",
	    "7");
	/* A CRLF file's CR, and blanks around, are white space. */
	good(" \t\"hi\" \r", "{\"model\":\"m/base\",\"messages\":[" SYS ","
	    "{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5}",
	    "7");
	/* An editor's byte order mark before a file's first line. */
	good("\xef\xbb\xbf\"hi\"", "{\"model\":\"m/base\",\"messages\":["
	    SYS ",{\"role\":\"user\",\"content\":\"hi\"}],"
	    "\"temperature\":0.5}", "7");
	good("{\"id\":\"a\",\"prompt\":\"hi\",\"model\":\"m/x\"}",
	    "{\"model\":\"m/x\",\"messages\":[" SYS ",{\"role\":\"user\","
	    "\"content\":\"hi\"}],\"temperature\":0.5}", "\"a\"");
	/* messages replaces the base's; the id may come anywhere. */
	good("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"id\":1}",
	    "{\"model\":\"m/base\",\"messages\":[{\"role\":\"user\","
	    "\"content\":\"x\"}],\"temperature\":0.5}", "1");
	/* A field replaces the base's in its place; a new one goes last. */
	good("{\"prompt\":\"p\",\"seed\":7,\"temperature\":0}",
	    "{\"model\":\"m/base\",\"messages\":[" SYS ",{\"role\":\"user\","
	    "\"content\":\"p\"}],\"temperature\":0,\"seed\":7}", "7");
	/* NUL and controls in a prompt are escaped again, not lost. */
	good("{\"prompt\":\"a\\u0000b\\n\\u001f\\/\"}",
	    "{\"model\":\"m/base\",\"messages\":[" SYS ",{\"role\":\"user\","
	    "\"content\":\"a\\u0000b\\n\\u001f/\"}],\"temperature\":0.5}",
	    "7");
	/* A lone low surrogate escape becomes U+FFFD (jq). */
	good("\"\\udc00x\"", "{\"model\":\"m/base\",\"messages\":[" SYS ","
	    "{\"role\":\"user\",\"content\":\"" U8_FFFD "x\"}],"
	    "\"temperature\":0.5}", "7");
	/* A null is sent as null, and counts as no limit. */
	good("{\"prompt\":\"x\",\"max_tokens\":null}",
	    "{\"model\":\"m/base\",\"messages\":[" SYS ",{\"role\":\"user\","
	    "\"content\":\"x\"}],\"temperature\":0.5,\"max_tokens\":null}",
	    "7");
	/* Nested objects and arrays pass whole, key order kept. */
	good("{\"prompt\":\"x\",\"provider\":{\"order\":[\"b\",\"a\"],"
	    "\"allow_fallbacks\":false},\"response_format\":{\"type\":"
	    "\"json_object\"}}",
	    "{\"model\":\"m/base\",\"messages\":[" SYS ",{\"role\":\"user\","
	    "\"content\":\"x\"}],\"temperature\":0.5,\"provider\":{\"order\":"
	    "[\"b\",\"a\"],\"allow_fallbacks\":false},\"response_format\":"
	    "{\"type\":\"json_object\"}}", "7");
}

/* The id of {"id":TOKEN,...}: its canonical text. */
static void
id_is(const char *token, const char *want)
{
	struct batch_line bl;
	struct or_error e;
	char line[256];

	snprintf(line, sizeof line, "{\"prompt\":\"x\",\"id\":%s}", token);
	if (!is_int(run(BASE, line, 0, &bl, &e), 0, "id %s accepted", token))
		printf("#   why: %s\n", e.msg);
	is_str(bl.id.p, want, "id %s", token);
	batchio_line_free(&bl);
}

static void
test_ids_canon(void)
{
	id_is("\"a\"", "\"a\"");
	id_is("\"\\u0061\"", "\"a\"");
	id_is("\"\\u00e9\"", "\"\xc3\xa9\"");
	id_is("\"\xc3\xa9\"", "\"\xc3\xa9\"");
	id_is("\"\\ud83d\\ude00\"", "\"\xf0\x9f\x98\x80\"");
	id_is("\"\\udE00\"", "\"" U8_FFFD "\"");
	id_is("\"\\/\\\"\\\\\"", "\"/\\\"\\\\\"");
	id_is("\"\\u0001\\t\"", "\"\\u0001\\t\"");
	/* DEL and C1 controls escaped, as jw writes them. */
	id_is("\"\\u007f\"", "\"\\u007f\"");
	id_is("\"\x7f\\u009b\xc2\x80\xc2\xa0\"", "\"\\u007f\\u009b\\u0080\xc2\xa0\"");
	id_is("\"\"", "\"\"");
	/* Numbers as written: never through a double. */
	id_is("1", "1");
	id_is("1.50", "1.50");
	id_is("-0", "-0");
	id_is("1E5", "1E5");
	id_is("123456789012345678901234567890", "123456789012345678901234567890");
	id_is("true", "true");
	id_is("false", "false");
	id_is("null", "null");
	id_is(" \"sp\" ", "\"sp\"");
}

static void
test_refuse(void)
{
	bad("nope", 0, "not JSON: column 1: invalid literal", "7");
	bad("\"a\" x", 0, "not JSON: column 5: trailing data after JSON value",
	    "7");
	bad("{\"prompt\":\"a\"} {}", 0, "not JSON: column 16: trailing data "
	    "after JSON value", "7");
	bad("{\"prompt\":\"a\"", 0, "not JSON: column 14: unterminated object",
	    "7");
	bad("\"a\xff\"", 0, "not JSON: column 3: invalid UTF-8 in string",
	    "7");
	bad("\"a\xc0\xaf\"", 0, "not JSON: column 3: invalid UTF-8 in string",
	    "7");
	bad("\"a\tb\"", 0, "not JSON: column 3: "
	    "unescaped control character in string", "7");
	bad("\"a\0b\"", 5, "not JSON: column 3: "
	    "unescaped control character in string", "7");
	bad("{\"prompt\":NaN}", 0, "not JSON: column 11: expected value", "7");
	bad("42", 0, "a line is neither a string nor an object", "7");
	bad("[\"hi\"]", 0, "a line is neither a string nor an object", "7");
	bad("null", 0, "a line is neither a string nor an object", "7");
	bad("{}", 0, "a line has neither \"prompt\" nor \"messages\"", "7");
	bad("{\"id\":3,\"model\":\"m/x\"}", 0, "a line has neither "
	    "\"prompt\" nor \"messages\"", "3");
	bad("{\"id\":\"q\",\"prompt\":\"a\",\"messages\":[{\"role\":\"user\","
	    "\"content\":\"b\"}]}", 0, "a line has both \"prompt\" and "
	    "\"messages\"", "\"q\"");
	/* No prompt, and no attachment to send: a single orchat's 2. */
	bad("\"\"", 0, "no prompt: the prompt is empty or only white space",
	    "7");
	bad("\" \\t \"", 0, "no prompt: the prompt is empty or only white "
	    "space", "7");
	bad("{\"id\":\"e\",\"prompt\":\" \\n\\r\"}", 0, "no prompt: the "
	    "prompt is empty or only white space", "\"e\"");
	bad("{\"prompt\":5}", 0, "\"prompt\" is not a string", "7");
	bad("{\"prompt\":null}", 0, "\"prompt\" is not a string", "7");
	bad("{\"prompt\":[\"a\"]}", 0, "\"prompt\" is not a string", "7");
	bad("{\"messages\":\"hi\"}", 0, "\"messages\" is not an array of "
	    "message objects", "7");
	bad("{\"messages\":[\"hi\"]}", 0, "\"messages\" is not an array of "
	    "message objects", "7");
	bad("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},null]}", 0,
	    "\"messages\" is not an array of message objects", "7");
	bad("{\"messages\":[]}", 0, "\"messages\" is empty", "7");
	bad("{\"id\":{\"a\":1},\"prompt\":\"x\"}", 0, "\"id\" is an object "
	    "or an array", "7");
	bad("{\"id\":[],\"prompt\":\"x\"}", 0, "\"id\" is an object or an "
	    "array", "7");
	bad("{\"id\":\"q\",\"prompt\":\"a\",\"stream\":true}", 0,
	    "a line may not set \"stream\"", "\"q\"");
	bad("{\"id\":\"q\",\"prompt\":\"a\",\"stream\":false}", 0,
	    "a line may not set \"stream\"", "\"q\"");
	bad("{\"id\":\"r\",\"prompt\":\"a\",\"prompt\":\"b\"}", 0,
	    "a key is given twice in one object", "\"r\"");
	bad("{\"prompt\":\"a\",\"\\u0070rompt\":\"b\"}", 0,
	    "a key is given twice in one object", "7");
	bad("{\"prompt\":\"a\",\"provider\":{\"order\":[\"x\"],\"order\":"
	    "[\"y\"]}}", 0, "a key is given twice in one object", "7");
	bad("{\"messages\":[{\"role\":\"user\",\"role\":\"system\","
	    "\"content\":\"x\"}]}", 0, "a key is given twice in one object",
	    "7");
	bad("{\"prompt\":\"a\",\"model\":null}", 0, "\"model\" is not a "
	    "string", "7");
	bad("{\"prompt\":\"a\",\"model\":[\"m/x\"]}", 0, "\"model\" is not a "
	    "string", "7");
	bad("{\"prompt\":\"a\",\"models\":\"m/x\"}", 0, "\"models\" is not an "
	    "array of strings", "7");
	bad("{\"prompt\":\"a\",\"models\":[\"m/x\",1]}", 0, "\"models\" is not "
	    "an array of strings", "7");
	bad("{\"prompt\":\"a\",\"max_tokens\":-1}", 0, "a token limit is not "
	    "a whole number of at least 0", "7");
	bad("{\"prompt\":\"a\",\"max_tokens\":1.5}", 0, "a token limit is not "
	    "a whole number of at least 0", "7");
	bad("{\"prompt\":\"a\",\"max_completion_tokens\":\"9\"}", 0, "a token "
	    "limit is not a whole number of at least 0", "7");
	/* A high surrogate escape alone: JSON, but jq refuses it. */
	bad("{\"id\":\"\\ud800\",\"prompt\":\"\\ud800x\"}", 0,
	    "not JSON: Invalid \\uXXXX\\uXXXX surrogate pair escape at line 1, "
	    "column 14", "\"" U8_FFFD "\"");
	/* The id is known before the rest is judged. */
	bad("{\"id\":\"z\",\"prompt\":5}", 0, "\"prompt\" is not a string",
	    "\"z\"");
	bad("{\"prompt\":5,\"id\":-2.5}", 0, "\"prompt\" is not a string",
	    "-2.5");
}

/* Nesting: jscan's limit, then jq's own (256), both refused cleanly. */
static void
test_deep(void)
{
	struct batch_line bl;
	struct or_error e;
	struct buf b;
	int i;

	buf_init(&b, 0);
	buf_adds(&b, "{\"prompt\":\"x\",\"metadata\":");
	for (i = 0; i < 300; i++)
		buf_adds(&b, "[");
	for (i = 0; i < 300; i++)
		buf_adds(&b, "]");
	buf_adds(&b, "}");
	is_int(run(BASE, b.p, b.len, &bl, &e), 65, "300 deep: refused");
	is_str(e.msg, "not JSON: Exceeds depth limit for parsing at line 1, "
	    "column 280", "300 deep: jq's message, not the line");
	batchio_line_free(&bl);
	buf_reset(&b);
	for (i = 0; i < 600; i++)
		buf_adds(&b, "[");
	for (i = 0; i < 600; i++)
		buf_adds(&b, "]");
	is_int(run(BASE, b.p, b.len, &bl, &e), 65, "600 deep: refused");
	is_str(e.msg, "not JSON: column 513: nesting too deep", "600 deep: "
	    "message");
	batchio_line_free(&bl);
	buf_free(&b);
}

static void
test_blank(void)
{
	const char *blank[] = { "", " ", "\t\r", " \n " };
	struct batch_line bl;
	struct or_error e;
	jv base = parse(BASE);
	size_t i;

	batchio_line_init(&bl);
	buf_adds(&bl.id, "kept");
	for (i = 0; i < sizeof blank / sizeof *blank; i++) {
		is_int(batchio_parse(base, blank[i], strlen(blank[i]), 1, &bl,
		    &e), -1, "blank line %zu: -1", i);
		is_str(bl.id.p, "kept", "blank line %zu: bl untouched", i);
	}
	ok(bl.body == NULL, "no body");
	/* A line after a good one replaces all it left. */
	is_int(batchio_parse(base, "{\"prompt\":\"a\",\"max_tokens\":3}", 29,
	    2, &bl, &e), 0, "a line");
	is_int(batchio_parse(base, "\"b\"", 3, 3, &bl, &e), 0, "a line after");
	is_str(bl.id.p, "3", "its id");
	is_int(bl.terms.max_tokens, -1, "its max_tokens");
	is_int(batchio_parse(base, "{}", 2, 4, &bl, &e), 65, "a bad line "
	    "after");
	ok(bl.body == NULL && bl.terms.model == NULL, "nothing left of the last");
	is_str(bl.id.p, "4", "its id");
	batchio_line_free(&bl);
	batchio_line_free(&bl);		/* twice is harmless */
	jv_free(base);
}

static void
test_base(void)
{
	struct batch_line bl;
	struct or_error e;
	jv base = jv_array();

	batchio_line_init(&bl);
	memset(&e, 0, sizeof e);
	is_int(batchio_parse(base, "\"x\"", 3, 1, &bl, &e), 70, "a base that "
	    "is no object: 70");
	ok(bl.body == NULL, "no body");
	is_int(batchio_parse(base, "{\"prompt\":\"x\",\"seed\":1}", 23, 2,
	    &bl, &e), 70, "an object line over it: 70, no crash");
	is_str(bl.id.p, "2", "its id");
	batchio_line_free(&bl);
	jv_free(base);
	/* A base without messages: the prompt is the only one. */
	is_int(run("{\"model\":\"m\"}", "\"x\"", 0, &bl, &e), 0, "no base "
	    "messages");
	is_str(bl.body, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
	    "\"content\":\"x\"}]}", "the prompt alone");
	batchio_line_free(&bl);
	/* A base without a model, a line without one: model is NULL. */
	is_int(run("{}", "\"x\"", 0, &bl, &e), 0, "no model at all");
	ok(bl.terms.model == NULL, "model NULL");
	batchio_line_free(&bl);
}

/* The figures --max-cost prices: model, fallbacks, tokens, images. */
static void
fill(const char *b, const char *line, const char *model, const char *fb,
    long long maxtok, size_t nimg)
{
	struct batch_line bl;
	struct or_error e;
	char *f;

	if (!is_int(run(b, line, 0, &bl, &e), 0, "accepted: %s", line))
		printf("#   why: %s\n", e.msg);
	is_str(bl.terms.model, model, "model");
	f = json_dump(bl.terms.fallbacks);
	is_str(f, fb, "fallbacks");
	free(f);
	is_int(bl.terms.max_tokens, maxtok, "max_tokens");
	is_int((long long)bl.terms.nimages, (long long)nimg, "images");
	batchio_line_free(&bl);
}

static void
test_fill(void)
{
	const char *img = "{\"type\":\"image_url\",\"image_url\":{\"url\":"
	    "\"data:image/png;base64,AA\"}}";
	char line[512], b[512];

	fill(BASE, "\"x\"", "m/base", "[]", -1, 0);
	fill(BASE, "{\"prompt\":\"x\",\"models\":[\"m/a\",\"m/base\",\"m/b\"]}",
	    "m/base", "[\"m/a\",\"m/b\"]", -1, 0);
	fill(BASE, "{\"prompt\":\"x\",\"model\":\"m/a\",\"models\":[\"m/a\","
	    "\"m/c\"]}", "m/a", "[\"m/c\"]", -1, 0);
	fill("{\"model\":\"m/base\",\"models\":[\"m/z\"],\"max_tokens\":50}",
	    "\"x\"", "m/base", "[\"m/z\"]", 50, 0);
	fill("{\"model\":\"m/base\",\"max_tokens\":50}",
	    "{\"prompt\":\"x\",\"max_tokens\":20}", "m/base", "[]", 20, 0);
	fill(BASE, "{\"prompt\":\"x\",\"max_completion_tokens\":200}",
	    "m/base", "[]", 200, 0);
	fill(BASE, "{\"prompt\":\"x\",\"max_completion_tokens\":200,"
	    "\"max_tokens\":300}", "m/base", "[]", 300, 0);
	fill(BASE, "{\"prompt\":\"x\",\"max_completion_tokens\":200,"
	    "\"max_tokens\":30}", "m/base", "[]", 200, 0);
	/* 0 may be taken for no limit: priced as none (-1). */
	fill(BASE, "{\"prompt\":\"x\",\"max_tokens\":0}", "m/base", "[]", -1,
	    0);
	snprintf(line, sizeof line, "{\"messages\":[{\"role\":\"user\","
	    "\"content\":[{\"type\":\"text\",\"text\":\"a\"},%s,%s]},"
	    "{\"role\":\"user\",\"content\":[%s]}]}", img, img, img);
	fill(BASE, line, "m/base", "[]", -1, 3);
	/* The base's images count too when a prompt is appended. */
	snprintf(b, sizeof b, "{\"model\":\"m\",\"messages\":[{\"role\":"
	    "\"user\",\"content\":[%s]}]}", img);
	fill(b, "\"what is it?\"", "m", "[]", -1, 1);
	/* Parts of other types, and content that is no array, do not. */
	fill(BASE, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
	    "\"file\",\"file\":{}},{\"type\":\"text\",\"text\":\"image_url\"}]"
	    "},{\"role\":\"user\",\"content\":\"image_url\"}]}", "m/base", "[]",
	    -1, 0);
}

/* A reply as chat_decode would leave it. */
static void
reply(struct chat_reply *rp)
{
	const char *u = "{\"prompt_tokens\":3,\"completion_tokens\":2,"
	    "\"cost\":6e-07}";

	chat_reply_init(rp);
	rp->model = xstrdup("m/x");
	rp->provider = xstrdup("P");
	rp->id = xstrdup("gen-1");
	rp->finish = xstrdup("stop");
	buf_adds(&rp->text, "hello");
	chat_stats_read(u, strlen(u), &rp->usage);
	rp->has_usage = 1;
}

static void
test_result(void)
{
	struct chat_reply rp;
	struct or_error e;
	struct buf out, id;

	buf_init(&out, 0);
	buf_init(&id, 0);
	reply(&rp);
	buf_adds(&id, "\"a\"");
	batchio_result(&id, &rp, 0, 0, NULL, &out);
	is_str(out.p, "{\"id\":\"a\",\"model\":\"m/x\",\"provider\":\"P\","
	    "\"content\":\"hello\",\"tool_calls\":null,\"finish_reason\":"
	    "\"stop\",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
	    "\"cost\":6e-07},\"cost\":0.0000006,\"generation_id\":\"gen-1\","
	    "\"cached\":false,\"error\":null}\n", "a result line");

	/* Tool calls, a cached reply, text with NUL, control, bad UTF-8. */
	buf_reset(&out);
	buf_reset(&rp.text);
	buf_add(&rp.text, "a\0b\x1b\xff\xe2\x82z", 8);
	buf_adds(&rp.tools, "[{\"id\":\"c1\",\"name\":\"f\",\"arguments\":"
	    "\"{\\\"x\\\":1}\"}]");
	rp.has_tools = 1;
	batchio_result(&id, &rp, 1, 0, NULL, &out);
	is_str(out.p, "{\"id\":\"a\",\"model\":\"m/x\",\"provider\":\"P\","
	    "\"content\":\"a\\u0000b\\u001b" U8_FFFD U8_FFFD "z\","
	    "\"tool_calls\":[{\"id\":\"c1\",\"name\":\"f\",\"arguments\":"
	    "\"{\\\"x\\\":1}\"}],\"finish_reason\":\"stop\",\"usage\":"
	    "{\"prompt_tokens\":3,\"completion_tokens\":2,\"cost\":6e-07},"
	    "\"cost\":0.0000006,\"generation_id\":\"gen-1\",\"cached\":true,"
	    "\"error\":null}\n", "tools, cached, bytes made valid");
	chat_reply_free(&rp);

	/* No answer at all. */
	buf_reset(&out);
	memset(&e, 0, sizeof e);
	error_set(&e, 75, "rate limited: try later");
	e.status = 429;
	buf_reset(&id);
	buf_adds(&id, "12");
	batchio_result(&id, NULL, 0, 75, &e, &out);
	is_str(out.p, "{\"id\":12,\"model\":null,\"provider\":null,"
	    "\"content\":null,\"tool_calls\":null,\"finish_reason\":null,"
	    "\"usage\":null,\"cost\":null,\"generation_id\":null,"
	    "\"cached\":false,\"error\":{\"code\":75,\"status\":429,"
	    "\"message\":\"rate limited: try later\"}}\n", "a failed line");

	/* An error of no HTTP status, after part of an answer. */
	buf_reset(&out);
	chat_reply_init(&rp);
	buf_adds(&rp.text, "part");
	rp.finish = xstrdup("error");
	memset(&e, 0, sizeof e);
	error_set(&e, 76, "malformed answer \"x\"");
	batchio_result(&id, &rp, 0, 76, &e, &out);
	is_str(out.p, "{\"id\":12,\"model\":null,\"provider\":null,"
	    "\"content\":\"part\",\"tool_calls\":null,\"finish_reason\":"
	    "\"error\",\"usage\":null,\"cost\":null,\"generation_id\":null,"
	    "\"cached\":false,\"error\":{\"code\":76,\"status\":null,"
	    "\"message\":\"malformed answer \\\"x\\\"\"}}\n",
	    "a partial answer, failed");
	/* Usage without a cost: cost null, usage kept. */
	buf_reset(&out);
	chat_stats_read("{\"total_tokens\":5}", 18, &rp.usage);
	rp.has_usage = 1;
	batchio_result(&id, &rp, 0, 0, NULL, &out);
	is_str(out.p, "{\"id\":12,\"model\":null,\"provider\":null,"
	    "\"content\":\"part\",\"tool_calls\":null,\"finish_reason\":"
	    "\"error\",\"usage\":{\"total_tokens\":5},\"cost\":null,"
	    "\"generation_id\":null,\"cached\":false,\"error\":null}\n",
	    "usage without cost");
	chat_reply_free(&rp);

	/* An error status with no e: still a whole line. */
	buf_reset(&out);
	batchio_result(&id, NULL, 0, 70, NULL, &out);
	is_str(out.p, "{\"id\":12,\"model\":null,\"provider\":null,"
	    "\"content\":null,\"tool_calls\":null,\"finish_reason\":null,"
	    "\"usage\":null,\"cost\":null,\"generation_id\":null,"
	    "\"cached\":false,\"error\":{\"code\":70,\"status\":null,"
	    "\"message\":null}}\n", "an error without e");
	/* Appends: what out held stays. */
	buf_reset(&out);
	buf_adds(&out, "X");
	batchio_result(&id, NULL, 0, 0, NULL, &out);
	ok(strncmp(out.p, "X{\"id\":12,", 10) == 0, "appended to out");
	buf_free(&out);
	buf_free(&id);
}

/* An input line's id, written in its output line, read back the same. */
static void
roundtrip(const char *token)
{
	struct batch_line bl;
	struct or_error e;
	struct chat_reply rp;
	struct buf out, id;
	char line[256];

	snprintf(line, sizeof line, "{\"id\":%s,\"prompt\":\"x\"}", token);
	run(BASE, line, 0, &bl, &e);
	buf_init(&out, 0);
	buf_init(&id, 0);
	buf_adds(&id, "junk");
	reply(&rp);
	batchio_result(&bl.id, &rp, 0, 0, NULL, &out);
	is_int(batchio_done(out.p, out.len, &id), 1, "done: id %s", token);
	is_str(id.p, bl.id.p, "the same id: %s", token);
	chat_reply_free(&rp);
	buf_free(&out);
	buf_free(&id);
	batchio_line_free(&bl);
}

static void
done_is(const char *line, int want, const char *id)
{
	struct buf b;

	buf_init(&b, 0);
	buf_adds(&b, "old");
	is_int(batchio_done(line, strlen(line), &b), want, "done %d: %s",
	    want, line);
	is_str(b.p, id, "id of %s", line);
	buf_free(&b);
}

static void
test_done(void)
{
	const char *tokens[] = { "\"a\"", "\"\\u0061\"", "\"\\u00e9\\u4e2d\"",
	    "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"\\u0000\\u001f\\u007f\"",
	    "\"\\\"\\\\\\/\"", "\"\xe2\x80\xa8\"", "1", "-1.5e+3", "0",
	    "98765432109876543210", "true", "false", "null" };
	struct chat_reply rp;
	struct buf out, id;
	size_t i;

	for (i = 0; i < sizeof tokens / sizeof *tokens; i++)
		roundtrip(tokens[i]);
	/* The line number as id. */
	buf_init(&out, 0);
	buf_init(&id, 0);
	buf_adds(&id, "12345");
	reply(&rp);
	batchio_result(&id, &rp, 0, 0, NULL, &out);
	/* Every proper prefix is cut short: not done. */
	for (i = 0; i + 1 < out.len; i++)
		if (batchio_done(out.p, i, &id) != 0)
			break;
	is_int((long long)i, (long long)out.len - 1, "no prefix is done");
	is_int(batchio_done(out.p, out.len - 1, &id), 1, "the line without "
	    "its newline is done");
	is_str(id.p, "12345", "the line number");
	chat_reply_free(&rp);
	buf_free(&out);
	buf_free(&id);

	done_is("{\"id\":\"a\",\"error\":null}", 1, "\"a\"");
	done_is(" { \"error\" : null , \"id\" : \"\\u0061\" } \r\n", 1,
	    "\"a\"");
	done_is("{\"id\":1.0,\"error\":null,\"content\":\"x\"}", 1, "1.0");
	done_is("{\"id\":\"a\",\"error\":{\"code\":75}}", 2, "\"a\"");
	done_is("{\"id\":\"a\",\"error\":false}", 0, "old");
	done_is("{\"id\":\"a\"}", 0, "old");
	done_is("{\"error\":null}", 0, "old");
	done_is("{\"id\":{},\"error\":null}", 0, "old");
	done_is("{\"id\":[1],\"error\":null}", 0, "old");
	done_is("{\"id\":\"a\",\"error\":null}x", 0, "old");
	done_is("{\"id\":\"a\",\"error\":null,}", 0, "old");
	done_is("{\"id\":\"a\xff\",\"error\":null}", 0, "old");
	done_is("[{\"id\":\"a\",\"error\":null}]", 0, "old");
	done_is("\"a\"", 0, "old");
	done_is("", 0, "old");
	/* The last of a repeated key counts, as jscan_get has it. */
	done_is("{\"id\":\"a\",\"error\":{},\"error\":null,\"id\":\"b\"}", 1,
	    "\"b\"");
	done_is("{\"id\":\"a\",\"error\":null,\"error\":1}", 0, "old");
	/* Nested "id" and "error" are not the line's. */
	done_is("{\"id\":\"a\",\"usage\":{\"error\":null,\"id\":2},"
	    "\"error\":null}", 1, "\"a\"");
	done_is("{\"x\":{\"id\":\"a\",\"error\":null}}", 0, "old");
}

static void
test_ids(void)
{
	struct batch_ids *s = batchio_ids_new();
	char k[32];
	int i, n, m;

	is_int((long long)batchio_ids_count(s), 0, "empty");
	is_int(batchio_ids_has(s, "1", 1), 0, "not in the empty set");
	is_int(batchio_ids_add(s, "1", 1), 1, "add new");
	is_int(batchio_ids_add(s, "1", 1), 2, "add again: twice");
	is_int(batchio_ids_has(s, "1", 1), 2, "has it twice");
	is_int(batchio_ids_add(s, "1", 1), 3, "add again: three times");
	is_int(batchio_ids_has(s, "1", 1), 3, "has it three times");
	is_int(batchio_ids_has(s, "\"1\"", 3), 0, "\"1\" is not 1");
	is_int(batchio_ids_has(s, "10", 2), 0, "10 is not 1");
	is_int(batchio_ids_has(s, "1", 0), 0, "the empty id is not 1");
	is_int(batchio_ids_add(s, "", 0), 1, "the empty id");
	is_int(batchio_ids_has(s, "", 0), 1, "has the empty id");
	is_int(batchio_ids_add(s, "a\0b", 3), 1, "an id with a NUL");
	is_int(batchio_ids_has(s, "a\0c", 3), 0, "compared past the NUL");
	is_int(batchio_ids_has(s, "a", 1), 0, "and not cut at it");
	for (i = 0; i < 100000; i++) {
		n = snprintf(k, sizeof k, "\"k%d\"", i);
		if (batchio_ids_add(s, k, (size_t)n) != 1)
			break;
	}
	is_int(i, 100000, "100000 new ids");
	is_int((long long)batchio_ids_count(s), 100003, "count");
	for (i = 0, n = 0, m = 0; i < 100000; i++) {
		int len = snprintf(k, sizeof k, "\"k%d\"", i);

		n += batchio_ids_has(s, k, (size_t)len);
		len = snprintf(k, sizeof k, "\"j%d\"", i);
		m += batchio_ids_has(s, k, (size_t)len);
		m += batchio_ids_add(s, k, (size_t)len) == 0;
	}
	is_int(n, 100000, "all there after growing");
	is_int(m, 0, "none that was not added");
	is_int((long long)batchio_ids_count(s), 200003, "count after");
	batchio_ids_free(s);
	batchio_ids_free(NULL);
}

/* --bodies BASE: a body, or "error: why", for each line of stdin. */
static int
bodies(const char *path)
{
	struct batch_line bl;
	struct or_error e;
	struct buf b;
	char *line = NULL, err[128];
	size_t size = 0;
	ssize_t n;
	long long no = 0;
	jv base;
	int r;

	buf_init(&b, 0);
	if (read_file(path, &b) == -1)
		return 66;
	base = json_parse(b.p, b.len, err, sizeof err);
	buf_free(&b);
	if (!jv_is_valid(base))
		return 65;
	batchio_line_init(&bl);
	while ((n = getline(&line, &size, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			n--;
		r = batchio_parse(base, line, (size_t)n, ++no, &bl, &e);
		if (r == 0)
			printf("%s\n", bl.body);
		else if (r != -1)
			printf("error: %s\n", e.msg);
	}
	free(line);
	batchio_line_free(&bl);
	jv_free(base);
	return fflush(stdout) == 0 ? 0 : 74;
}

int
main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "--bodies") == 0)
		return bodies(argv[2]);
	test_accept();
	test_ids_canon();
	test_refuse();
	test_deep();
	test_blank();
	test_base();
	test_fill();
	test_result();
	test_done();
	test_ids();
	return tap_done();
}
