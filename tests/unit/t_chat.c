/*
 * t_chat: the pure parts of lib/chat -- base64, MIME sniffing, code
 * fences, compacting, option parsing, body building, reply decoding, the
 * usage and ledger lines, the worst-case cost, a blank prompt.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "chat.h"
#include "chatopt.h"
#include "opts.h"
#include "prompt.h"
#include "spend.h"
#include "error.h"
#include "json.h"
#include "money.h"
#include "tap.h"
#include "util.h"

static void
test_base64(void)
{
	static const struct {
		const char *in, *out;
	} v[] = {	/* RFC 4648, section 10 */
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	static const unsigned char bin[] = { 0xff, 0xfe, 0x00, 0x3e, 0x3f };
	struct buf b;
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		buf_init(&b, 0);
		prompt_base64(&b, v[i].in, strlen(v[i].in));
		is_str(b.p ? b.p : "", v[i].out, "base64 \"%s\"", v[i].in);
		buf_free(&b);
	}
	buf_init(&b, 0);
	prompt_base64(&b, bin, sizeof bin);
	is_str(b.p, "//4APj8=", "base64 of binary bytes, NUL and the "
	    "alphabet's last two letters");
	buf_free(&b);
}

static void
test_mime(void)
{
	static const struct {
		const char *name, *data;
		size_t len;
		const char *want;
	} v[] = {
		{ "a.bin", "\x89PNG\r\n\x1a\n....", 12, "image/png" },
		{ "a.jpg", "\x89PNG\r\n\x1a\n....", 12, "image/png" },
		{ "x", "\xff\xd8\xff\xe0", 4, "image/jpeg" },
		{ "x", "GIF87a..", 8, "image/gif" },
		{ "x", "GIF89a..", 8, "image/gif" },
		{ "x", "RIFF\x10\0\0\0WEBPVP8 ", 16, "image/webp" },
		{ "x", "RIFF\x10\0\0\0WAVEfmt ", 16, NULL },
		{ "x", "%PDF-1.7\n", 9, "application/pdf" },
		{ "dir.d/photo.JPEG", "", 0, "image/jpeg" },
		{ "p.webp", "", 0, "image/webp" },
		{ "notes.md", "# hi", 4, "text/markdown" },
		{ "report.pdf", "", 0, "application/pdf" },
		{ "Makefile", "all:", 4, NULL },
		{ ".png", "", 0, "image/png" },
		{ "a.png.txt", "hello", 5, "text/plain" },
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_str(prompt_mime(v[i].name, v[i].data, v[i].len), v[i].want,
		    "MIME of %s (%zu bytes)", v[i].name, v[i].len);
}

static void
test_fence(void)
{
	static const struct {
		const char *in, *want;
		int fenced;
	} v[] = {
		{ "```json\n{\"a\":1}\n```", "{\"a\":1}", 1 },
		{ "  \n```\n[1, 2]\n```\n\n", "[1, 2]", 1 },
		{ "```JSON  \r\n{}\r\n```", "{}", 1 },
		{ "{\"a\":1}", "{\"a\":1}", 0 },
		{ "  {\"a\":1}\n", "{\"a\":1}", 0 },
		{ "```{\"a\":1}```", "```{\"a\":1}```", 0 },
		{ "```json\n{}", "```json\n{}", 0 },
		{ "``x`\n{}\n```", "``x`\n{}\n```", 0 },
		{ "Here:\n```json\n{}\n```", "Here:\n```json\n{}\n```", 0 },
		{ "", "", 0 },
	};
	char got[64];
	size_t i, off, n;
	int f;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		f = chat_strip_fence(v[i].in, strlen(v[i].in), &off, &n);
		snprintf(got, sizeof got, "%.*s", (int)n, v[i].in + off);
		ok(f == v[i].fenced, "fence #%zu %s", i, f ? "stripped" :
		    "kept");
		is_str(got, v[i].want, "fence #%zu gives the JSON", i);
	}
}

static void
test_compact(void)
{
	const char *in = "{\n  \"a b\" : [ 1 , 6e-07,\t\"x \\\" y\" ],\r\n"
	    "  \"c\": { } , \"d\" : null\n}\n";
	struct buf b;

	buf_init(&b, 0);
	chat_json_compact(in, strlen(in), &b);
	is_str(b.p, "{\"a b\":[1,6e-07,\"x \\\" y\"],\"c\":{},\"d\":null}",
	    "compact keeps strings and numbers byte for byte");
	buf_free(&b);
}

static char *
dump_body(const struct chat_req *r)
{
	struct or_error e;
	jv b = chat_body(r, &e);
	char *s;

	if (!jv_is_valid(b))
		return xstrdup(e.msg);
	s = json_dump(b);
	jv_free(b);
	return s;
}

/* Parse opts, given as code and value pairs, into a fresh request. */
static int
opt(struct chat_req *r, int ch, const char *arg, struct or_error *e)
{
	memset(e, 0, sizeof *e);
	return chatopt_parse(r, ch, arg, e);
}

static void
test_opts_good(void)
{
	static const struct {
		int ch;
		const char *arg;
	} v[] = {
		{ 'm', "anthropic/claude-sonnet-4.6:nitro" },
		{ CHAT_OPT_FALLBACK, "openai/gpt-4o" },
		{ 't', "0.7" }, { CHAT_OPT_TOP_P, "1" },
		{ CHAT_OPT_TOP_K, "40" },
		{ CHAT_OPT_SEED, "-42" }, { CHAT_OPT_MAX_TOKENS, "100" },
		{ CHAT_OPT_STOP, "END" }, { CHAT_OPT_FREQUENCY_PENALTY, "-2" },
		{ CHAT_OPT_PRESENCE_PENALTY, "2" },
		{ CHAT_OPT_REPETITION_PENALTY, "1.1" },
		{ CHAT_OPT_MIN_P, "0" }, { CHAT_OPT_TOP_A, "0.25" },
		{ CHAT_OPT_TOOL_CHOICE, "required" },
		{ CHAT_OPT_NO_PARALLEL_TOOL_CALLS, NULL },
		{ CHAT_OPT_PROVIDER_ORDER, " anthropic , openai" },
		{ CHAT_OPT_SORT, "throughput" },
		{ CHAT_OPT_NO_FALLBACKS, NULL },
		{ CHAT_OPT_DATA_COLLECTION, "deny" }, { CHAT_OPT_ZDR, NULL },
		{ CHAT_OPT_QUANTIZATIONS, "fp8,bf16" },
		{ CHAT_OPT_MAX_PRICE_PROMPT, "1.50" },
		{ CHAT_OPT_MAX_PRICE_COMPLETION, "1e1" },
		{ CHAT_OPT_REASONING_MAX_TOKENS, "2000" },
		{ CHAT_OPT_REASONING_EXCLUDE, NULL },
		{ CHAT_OPT_TRANSFORMS, "" }, { CHAT_OPT_WEB, NULL },
		{ CHAT_OPT_USER, "u-1" },
		{ CHAT_OPT_SET, "provider.sort=\"price\"" },
		{ CHAT_OPT_SET, "metadata.run=\"7\"" },
	};
	static const char *want = "{\"model\":"
	    "\"anthropic/claude-sonnet-4.6:nitro\",\"models\":"
	    "[\"openai/gpt-4o\"],\"messages\":[{\"role\":\"user\","
	    "\"content\":\"hi\"}],\"temperature\":0.7,\"top_p\":1,"
	    "\"top_k\":40,\"seed\":-42,\"max_tokens\":100,\"stop\":[\"END\"],"
	    "\"frequency_penalty\":-2,\"presence_penalty\":2,"
	    "\"repetition_penalty\":1.1,\"min_p\":0,\"top_a\":0.25,"
	    "\"tool_choice\":\"required\",\"parallel_tool_calls\":false,"
	    "\"transforms\":[],\"plugins\":[{\"id\":\"web\"}],\"user\":\"u-1\","
	    "\"reasoning\":{\"max_tokens\":2000,\"exclude\":true},"
	    "\"provider\":{\"order\":[\"anthropic\",\"openai\"],"
	    "\"sort\":\"price\",\"allow_fallbacks\":false,"
	    "\"data_collection\":\"deny\",\"zdr\":true,"
	    "\"quantizations\":[\"fp8\",\"bf16\"],\"max_price\":"
	    "{\"prompt\":\"1.5\",\"completion\":\"10\"}},"
	    "\"usage\":{\"include\":true},\"metadata\":{\"run\":\"7\"}}";
	struct chat_req r;
	struct or_error e;
	size_t i;
	char *s;
	int all = 1;

	chatopt_init(&r);
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (opt(&r, v[i].ch, v[i].arg, &e) != 1) {
			all = 0;
			printf("# option %d %s: %s\n", v[i].ch, v[i].arg ?
			    v[i].arg : "", e.msg);
		}
	ok(all, "every good option value is taken");
	is_int(r.max_tokens, 100, "--max-tokens is kept for --max-cost");
	r.messages = jv_array_append(r.messages,
	    prompt_user_message("hi", 2, jv_array()));
	s = dump_body(&r);
	is_str(s, want, "the body has every field, in a stable order");
	free(s);
	is_int(opt(&r, 'x', NULL, &e), 0, "an option of someone else's is "
	    "left alone");
	is_int(opt(&r, OPT_CMD + 999, "x", &e), 0, "so is an unknown code");
	chatopt_free(&r);
}

static void
test_opts_bad(void)
{
	static const struct {
		int ch;
		const char *arg, *flag;
	} v[] = {
		{ 't', "2.1", "--temperature" },
		{ 't', "-0.1", "--temperature" },
		{ 't', "abc", "--temperature" },
		{ 't', "nan", "--temperature" },
		{ 't', "inf", "--temperature" }, { 't', " 1", "--temperature" },
		{ 't', "1e400", "--temperature" }, { 't', "", "--temperature" },
		{ 't', "0x1", "--temperature" },
		{ CHAT_OPT_TOP_P, "0", "--top-p" },
		{ CHAT_OPT_TOP_P, "1.0001", "--top-p" },
		{ CHAT_OPT_TOP_K, "-1", "--top-k" },
		{ CHAT_OPT_TOP_K, "4.5", "--top-k" },
		{ CHAT_OPT_SEED, "9007199254740992", "--seed" },
		{ CHAT_OPT_MAX_TOKENS, "0", "--max-tokens" },
		{ CHAT_OPT_FREQUENCY_PENALTY, "-2.01", "--frequency-penalty" },
		{ CHAT_OPT_PRESENCE_PENALTY, "3", "--presence-penalty" },
		{ CHAT_OPT_REPETITION_PENALTY, "0", "--repetition-penalty" },
		{ CHAT_OPT_MIN_P, "1.5", "--min-p" },
		{ CHAT_OPT_TOP_A, "-1", "--top-a" },
		{ CHAT_OPT_REASONING_MAX_TOKENS, "0",
		    "--reasoning-max-tokens" },
		{ CHAT_OPT_SORT, "fastest", "--sort" },
		{ CHAT_OPT_DATA_COLLECTION, "maybe", "--data-collection" },
		{ CHAT_OPT_REASONING_EFFORT, "huge", "--reasoning-effort" },
		{ CHAT_OPT_QUANTIZATIONS, "fp8,fp9", "--quantizations" },
		{ CHAT_OPT_QUANTIZATIONS, "fp8,,bf16", "--quantizations" },
		{ CHAT_OPT_PROVIDER_ONLY, "", "--provider-only" },
		{ CHAT_OPT_MAX_PRICE_PROMPT, "-1", "--max-price-prompt" },
		{ CHAT_OPT_MAX_PRICE_COMPLETION, "$2",
		    "--max-price-completion" },
		{ CHAT_OPT_MAX_COST, "0.1.2", "--max-cost" },
		{ CHAT_OPT_TOOL_CHOICE, "", "--tool-choice" },
		{ CHAT_OPT_SET, "temperature", "--set" },
		{ CHAT_OPT_SET, "=1", "--set" },
		{ CHAT_OPT_SET, "a..b=1", "--set" },
		{ CHAT_OPT_SET, "a.=1", "--set" },
		{ CHAT_OPT_SET, "a=nope", "--set" },
		{ CHAT_OPT_SET, "a={'x':1}", "--set" },
		{ 'm', "", "--model" }, { CHAT_OPT_FALLBACK, "", "--fallback" },
		{ 'c', "-", "--conversation" },
		{ CHAT_OPT_USER, "", "--user" },
	};
	struct chat_req r;
	struct or_error e;
	size_t i;

	chatopt_init(&r);
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		int got = opt(&r, v[i].ch, v[i].arg, &e);

		ok(got == -1 && e.exit == OR_EX_USAGE &&
		    strncmp(e.msg, v[i].flag, strlen(v[i].flag)) == 0 &&
		    strchr(e.msg, '\n') == NULL, "%s '%s' is refused: %s",
		    v[i].flag, v[i].arg, e.msg);
	}
	for (i = 0; i < CHAT_MAX_STOP; i++)
		opt(&r, CHAT_OPT_STOP, "s", &e);
	ok(opt(&r, CHAT_OPT_STOP, "s", &e) == -1 && strstr(e.msg, "at most 4"),
	    "a fifth --stop is refused: %s", e.msg);
	ok(opt(&r, CHAT_OPT_QUANTIZATIONS, "fp8,fp9", &e) == -1 &&
	    strstr(e.msg, ": fp9") != NULL, "the bad list item is named");
	chatopt_free(&r);
}

static void
test_set_path(void)
{
	struct chat_req r;
	struct or_error e;
	char *s;

	chatopt_init(&r);
	r.messages = jv_array_append(r.messages,
	    prompt_user_message("hi", 2, jv_array()));
	opt(&r, CHAT_OPT_SET, "messages.x=1", &e);
	s = dump_body(&r);
	ok(strncmp(s, "--set messages.x: ", 18) == 0, "a --set through an "
	    "array is refused: %s", s);
	free(s);
	chatopt_free(&r);

	chatopt_init(&r);
	r.model = "m";
	r.messages = jv_array_append(r.messages,
	    prompt_user_message("hi", 2, jv_array()));
	opt(&r, CHAT_OPT_SET, "usage.include=false", &e);
	opt(&r, CHAT_OPT_SET, "model=\"other\"", &e);
	s = dump_body(&r);
	is_str(s, "{\"model\":\"other\",\"messages\":[{\"role\":\"user\","
	    "\"content\":\"hi\"}],\"usage\":{\"include\":false}}",
	    "--set wins over everything, applied in order");
	free(s);
	chatopt_free(&r);
}

static void
test_parts(void)
{
	struct or_error e;
	char *s;
	jv part, msg, parts;

	ok(prompt_image_part("cat.png", "\x89PNG\r\n\x1a\n", 8, &part, &e) == 0,
	    "a PNG file makes an image part");
	s = json_dump(part);
	is_str(s, "{\"type\":\"image_url\",\"image_url\":{\"url\":"
	    "\"data:image/png;base64,iVBORw0KGgo=\"}}", "as a data URL");
	free(s);
	jv_free(part);
	ok(prompt_image_part("doc.pdf", "%PDF-1.4", 8, &part, &e) ==
	    EX_DATAERR && strstr(e.msg, "doc.pdf"), "a PDF is no image: %s",
	    e.msg);
	ok(prompt_image_part("https://x.test/a.png", NULL, 0, &part, &e) == 0,
	    "a URL passes through");
	parts = jv_array_append(jv_array(), part);
	parts = jv_array_append(parts, prompt_file_part("/tmp/r.pdf", "%PDF-1",
	    6));
	parts = jv_array_append(parts,
	    prompt_file_part("https://x.test/d/f.pdf?v=1", NULL, 0));
	msg = prompt_user_message("look", 4, parts);
	s = json_dump(msg);
	is_str(s, "{\"role\":\"user\",\"content\":[{\"type\":\"text\","
	    "\"text\":\"look\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
	    "\"https://x.test/a.png\"}},{\"type\":\"file\",\"file\":"
	    "{\"filename\":\"r.pdf\",\"file_data\":"
	    "\"data:application/pdf;base64,JVBERi0x\"}},{\"type\":\"file\","
	    "\"file\":{\"filename\":\"f.pdf\",\"file_data\":"
	    "\"https://x.test/d/f.pdf?v=1\"}}]}", "text first, then the parts "
	    "in order");
	free(s);
	jv_free(msg);
	msg = prompt_user_message("", 0, jv_array_append(jv_array(),
	    prompt_file_part("x", "\0\1", 2)));
	s = json_dump(msg);
	is_str(s, "{\"role\":\"user\",\"content\":[{\"type\":\"file\","
	    "\"file\":{\"filename\":\"x\",\"file_data\":"
	    "\"data:application/octet-stream;base64,AAE=\"}}]}",
	    "no text part without text; unknown files are octet streams");
	free(s);
	jv_free(msg);
	ok(prompt_is_url("HTTPS://a") && prompt_is_url("data:,x") &&
	    !prompt_is_url("https.png") && !prompt_is_url("./http://x"),
	    "what counts as a URL");
}

static const char reply_ok[] = "{\"id\":\"gen-1\",\"provider\":\"Amazon "
    "Bedrock\",\"model\":\"a/b\",\"choices\":[{\"finish_reason\":\"length\","
    "\"message\":{\"role\":\"assistant\",\"content\":\"Hello\","
    "\"refusal\":null,\"reasoning\":\"think\",\"reasoning_details\":"
    "[{\"type\":\"reasoning.text\",\"text\":\"think\"}]}}],\"usage\":"
    "{\"prompt_tokens\":3214,\"completion_tokens\":100,\"total_tokens\":"
    "3314,\"cost\":0.01355025,\"prompt_tokens_details\":{\"cached_tokens\":"
    "0,\"cache_write_tokens\":3211},\"completion_tokens_details\":"
    "{\"reasoning_tokens\":0}}}";

static void
test_decode(void)
{
	static const char tools[] = "{\"choices\":[{\"finish_reason\":"
	    "\"tool_calls\",\"message\":{\"content\":\"\",\"tool_calls\":[{"
	    "\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
	    "\"arguments\":\"{\\\"x\\\": 1}\"}}]}}],\"usage\":{\"cost\":6e-07,"
	    "\"prompt_tokens\":1}}";
	static const char failed[] = "{\"provider\":\"Minimax\",\"choices\":[{"
	    "\"finish_reason\":\"error\",\"error\":{\"code\":429,\"message\":"
	    "\"Rate limit exceeded\"},\"message\":{\"content\":\"Why\"}}]}";
	char cost[MONEY_FMTSIZE];
	struct chat_reply rp;
	struct or_error e;
	struct buf b;

	chat_reply_init(&rp);
	is_int(chat_decode(reply_ok, strlen(reply_ok), "gen-hdr", &rp, &e), 0,
	    "a reply decodes");
	is_str(rp.text.p, "Hello", "its text");
	is_str(rp.reasoning.p, "think", "its reasoning");
	is_str(rp.finish, "length", "its finish_reason");
	is_str(rp.id, "gen-1", "the body's id before the header's");
	is_str(rp.provider, "Amazon Bedrock", "the provider");
	ok(rp.usage.prompt == 3214 && rp.usage.completion == 100 &&
	    rp.usage.cache_write == 3211 && rp.usage.cached == 0 &&
	    rp.usage.reasoning == 0, "the token counts");
	is_str(money_fmt(rp.usage.cost, cost, sizeof cost), "0.01355025",
	    "the cost, exactly");
	is_str(rp.message.p, "{\"role\":\"assistant\",\"content\":\"Hello\","
	    "\"reasoning\":\"think\",\"reasoning_details\":[{\"type\":"
	    "\"reasoning.text\",\"text\":\"think\"}]}", "the message kept for "
	    "the conversation");
	buf_init(&b, 0);
	spend_usage_line(&rp, &b);
	is_str(b.p, "usage: model=a/b provider=\"Amazon Bedrock\" "
	    "prompt_tokens=3214 cached_tokens=0 cache_write_tokens=3211 "
	    "completion_tokens=100 reasoning_tokens=0 cost=0.01355025 "
	    "id=gen-1", "the usage line");
	buf_reset(&b);
	spend_log_line(&rp, "req/model", 1790000000, &b);
	is_str(b.p, "{\"time\":\"2026-09-21T14:13:20Z\",\"id\":\"gen-1\","
	    "\"requested\":\"req/model\",\"model\":\"a/b\",\"provider\":"
	    "\"Amazon Bedrock\",\"usage\":{\"prompt_tokens\":3214,"
	    "\"completion_tokens\":100,\"total_tokens\":3314,\"cost\":"
	    "0.01355025,\"prompt_tokens_details\":{\"cached_tokens\":0,"
	    "\"cache_write_tokens\":3211},\"completion_tokens_details\":"
	    "{\"reasoning_tokens\":0}},\"cost\":0.01355025}\n",
	    "the ledger line");
	buf_free(&b);
	chat_reply_free(&rp);

	chat_reply_init(&rp);
	is_int(chat_decode(tools, strlen(tools), "gen-hdr", &rp, &e), 0,
	    "a tool call decodes");
	is_str(rp.id, "gen-hdr", "the header's id when the body has none");
	buf_init(&b, 0);
	chat_tool_calls_text(&rp, &b);
	is_str(b.p, "[{\"id\":\"c1\",\"name\":\"f\",\"arguments\":"
	    "\"{\\\"x\\\": 1}\"}]\n", "the tool calls, one JSON line");
	buf_free(&b);
	is_str(money_fmt(rp.usage.cost, cost, sizeof cost), "0.0000006",
	    "6e-07 is read exactly");
	ok(rp.usage.completion == -1, "a missing count is unknown");
	buf_init(&b, 0);
	spend_usage_line(&rp, &b);
	is_str(b.p, "usage: prompt_tokens=1 cost=0.0000006 id=gen-hdr",
	    "the usage line leaves out what it does not know");
	buf_free(&b);
	chat_reply_free(&rp);

	chat_reply_init(&rp);
	is_int(chat_decode(failed, strlen(failed), NULL, &rp, &e),
	    EX_TEMPFAIL, "choices[0].error maps by its code");
	ok(strstr(e.msg, "Rate limit exceeded") && strstr(e.msg, "Minimax"),
	    "with the API's message and the provider: %s", e.msg);
	is_str(rp.text.p, "Why", "the text before the error is kept");
	chat_reply_free(&rp);

	chat_reply_init(&rp);
	is_int(chat_decode("{\"choices\":[]}", 14, NULL, &rp, &e),
	    EX_PROTOCOL, "no choices: 76");
	chat_reply_free(&rp);
	chat_reply_init(&rp);
	is_int(chat_decode("{\"choices\":[{\"mess", 18, NULL, &rp, &e),
	    EX_PROTOCOL, "not JSON: 76");
	ok(strstr(e.msg, "malformed") != NULL, "says so: %s", e.msg);
	chat_reply_free(&rp);
	chat_reply_init(&rp);
	is_int(chat_decode("{\"error\":{\"code\":402,\"message\":\"m\"}}", 36,
	    NULL, &rp, &e), EX_NOPERM, "an error body in a 200");
	chat_reply_free(&rp);
}

/* Decoded in one pass: NULs kept, parts joined, what a call lacks null. */
static void
test_decode_whole(void)
{
	static const char nul[] = "{\"choices\":[{\"message\":{\"content\":"
	    "\"a\\u0000b\",\"reasoning\":\"\",\"reasoning_details\":[{"
	    "\"summary\":\"s\\u0000\"},{\"text\":\"t\"}]}}]}";
	static const char parts[] = "{\"choices\":[{\"index\":3,\"message\":{"
	    "\"content\":[{\"type\":\"text\",\"text\":\"x\"},{\"type\":"
	    "\"image\"},{\"text\":\"y\"}],\"tool_calls\":[{\"function\":{"
	    "\"arguments\":\"{}\"}},7]}},{\"message\":{\"content\":\"no\"}}]}";
	/* Invalid UTF-8 in a string is text; outside one, broken JSON. */
	static const char bad[] = "{\"choices\":[{\"message\":{\"content\":"
	    "\"a\xe2\x82" "b\"}}],\"usage\":{\"n\":\"\xff\",\"cost\":0.5}}";
	static const char broken[] = "{\"choices\":[{\"message\":{\"content\":"
	    "\xff\"\"}}]}";
	struct chat_reply rp;
	struct or_error e;
	struct buf b;

	chat_reply_init(&rp);
	is_int(chat_decode(nul, strlen(nul), NULL, &rp, &e), 0,
	    "content with a NUL decodes");
	ok(rp.text.len == 3 && memcmp(rp.text.p, "a\0b", 3) == 0,
	    "the whole content, NUL and all");
	ok(rp.reasoning.len == 3 && memcmp(rp.reasoning.p, "s\0t", 3) == 0,
	    "reasoning details: summary, else text, NULs kept");
	is_str(rp.message.p, "{\"role\":\"assistant\",\"content\":"
	    "\"a\\u0000b\",\"reasoning\":\"\",\"reasoning_details\":[{"
	    "\"summary\":\"s\\u0000\"},{\"text\":\"t\"}]}",
	    "the message for the conversation, as the reply wrote it");
	chat_reply_free(&rp);

	chat_reply_init(&rp);
	is_int(chat_decode(parts, strlen(parts), NULL, &rp, &e), 0,
	    "content parts decode");
	is_str(rp.text.p, "xy", "the first choice's text parts, joined");
	ok(rp.has_tools, "a tool call");
	buf_init(&b, 0);
	chat_tool_calls_text(&rp, &b);
	is_str(b.p, "[{\"id\":null,\"name\":null,\"arguments\":\"{}\"}]\n",
	    "what the call lacks is null");
	buf_free(&b);
	chat_reply_free(&rp);

	chat_reply_init(&rp);
	is_int(chat_decode(bad, sizeof bad - 1, NULL, &rp, &e), 0,
	    "invalid UTF-8 in a reply's strings: decoded");
	is_str(rp.text.p, "a\xe2\x82" "b", "the text keeps the bytes");
	ok(strstr(rp.message.p, "\"a\xef\xbf\xbd" "b\"") != NULL,
	    "the message has one U+FFFD for the maximal subpart: %s",
	    rp.message.p);
	ok(rp.has_usage && rp.usage.has_cost && strstr(rp.usage.raw.p,
	    "\"n\":\"\xef\xbf\xbd\"") != NULL, "the usage and cost are kept: %s",
	    rp.usage.raw.p);
	chat_reply_free(&rp);

	chat_reply_init(&rp);
	is_int(chat_decode(broken, sizeof broken - 1, NULL, &rp, &e),
	    EX_PROTOCOL, "invalid UTF-8 outside a string: 76");
	ok(strstr(e.msg, "malformed answer: line 1, column 35: expected value") != NULL,
	    "says where: %s", e.msg);
	chat_reply_free(&rp);
	chat_reply_init(&rp);
	is_int(chat_decode("[1]", 3, NULL, &rp, &e), EX_PROTOCOL,
	    "JSON that is no object: 76");
	is_str(e.msg, "malformed answer: no choices[0].message", "says so");
	chat_reply_free(&rp);
}

static void
test_check_json(void)
{
	struct chat_reply rp;
	struct or_error e;
	size_t off, n;

	chat_reply_init(&rp);
	buf_adds(&rp.text, "```json\n{\"a\": [1]}\n```\n");
	ok(chat_check_json(&rp, &off, &n, &e) == 0 && n == 10 &&
	    memcmp(rp.text.p + off, "{\"a\": [1]}", n) == 0,
	    "a fenced JSON reply passes, without its fence");
	buf_reset(&rp.text);
	buf_adds(&rp.text, "{\"a\": 1} and more");
	ok(chat_check_json(&rp, &off, &n, &e) == EX_PROTOCOL && off == 0 &&
	    n == rp.text.len && strstr(e.msg, "column 10"),
	    "prose after JSON is 76, the whole text kept: %s", e.msg);
	buf_reset(&rp.text);
	ok(chat_check_json(&rp, &off, &n, &e) == EX_PROTOCOL,
	    "an empty reply is no JSON");
	chat_reply_free(&rp);
}

static void
test_worst_case(void)
{
	struct cat_model m;
	const char *why;
	char s[MONEY_FMTSIZE];
	long long used;
	money_t c;

	memset(&m, 0, sizeof m);
	m.id = "a/b";
	m.max_output = 1000;
	m.context_length = 8000;
	money_parse("0.000003", 8, &m.price.v[CP_PROMPT]);
	money_parse("0.000015", 8, &m.price.v[CP_COMPLETION]);
	money_parse("0.001", 5, &m.price.v[CP_REQUEST]);
	money_parse("0.0002", 6, &m.price.v[CP_IMAGE]);
	m.price.have = 1u << CP_PROMPT | 1u << CP_COMPLETION;
	ok(spend_worst_case(&m, 1000, -1, 0, 0, &c, &used, &why) == 0 &&
	    used == 1000, "the model's maximum output by default");
	is_str(money_fmt(c, s, sizeof s), "0.018", "1000 x 3/M + 1000 x 15/M");
	ok(spend_worst_case(&m, 1000, 10, 0, 0, &c, &used, &why) == 0 &&
	    used == 10, "--max-tokens when given");
	is_str(money_fmt(c, s, sizeof s), "0.00315", "exactly");
	m.price.have |= 1u << CP_REQUEST | 1u << CP_IMAGE;
	spend_worst_case(&m, 0, 10, 2, 0, &c, &used, &why);
	is_str(money_fmt(c, s, sizeof s), "0.00155", "plus the request and "
	    "the images");
	m.max_output = -1;
	spend_worst_case(&m, 0, -1, 0, 0, &c, &used, &why);
	is_int(used, 8000, "the context length when the output has no cap");
	m.price.variable = 1u << CP_PROMPT;
	ok(spend_worst_case(&m, 0, 1, 0, 0, &c, &used, &why) == -1 &&
	    strstr(why, "not known"), "a router's prices have no bound");
	m.price.variable = 0;
	m.max_output = 1000;
	ok(spend_worst_case(&m, 0, 10, 0, 1, &c, &used, &why) == -1 &&
	    strstr(why, "no web search price"), "a search with no price in "
	    "the catalog has no bound");
	money_parse("0.014", 5, &m.price.v[CP_WEB_SEARCH]);
	m.price.have |= 1u << CP_WEB_SEARCH;
	spend_worst_case(&m, 0, 10, 0, 0, &c, &used, &why);
	is_str(money_fmt(c, s, sizeof s), "0.00115", "no search asked: its "
	    "price not counted");
	spend_worst_case(&m, 0, 10, 0, 3, &c, &used, &why);
	is_str(money_fmt(c, s, sizeof s), "0.04315", "plus 3 searches at "
	    "the web search price");
	m.price.variable = 1u << CP_WEB_SEARCH;
	ok(spend_worst_case(&m, 0, 10, 0, 0, &c, &used, &why) == 0,
	    "a variable search price does not count without a search");
	ok(spend_worst_case(&m, 0, 10, 0, 1, &c, &used, &why) == -1 &&
	    strstr(why, "not known"), "and has no bound with one");
	m.price.variable = 0;
	m.price.have = 0;
	ok(spend_worst_case(&m, 0, 1, 0, 0, &c, &used, &why) == -1,
	    "no prices, no bound");
}

/* spend_terms: the web plugin's searches, from the body as sent. */
static void
test_searches(void)
{
	static const struct {
		const char *body;
		long long n;
		const char *what;
	} c[] = {
		{ "{}", 0, "no plugins: no search" },
		{ "{\"plugins\":[{\"id\":\"file-parser\"}]}", 0,
		    "another plugin: none" },
		{ "{\"plugins\":[{\"id\":\"web\"}]}", 1,
		    "the web plugin: one a request" },
		{ "{\"plugins\":[{\"id\":\"web\",\"enabled\":false}]}",
		    0, "turned off: none" },
		{ "{\"plugins\":[{\"id\":\"web\",\"max_results\":9}]}",
		    1, "max_results: still one search" },
		{ "{\"plugins\":[{\"id\":\"web\",\"max_uses\":4}]}", 4,
		    "max_uses: that many" },
		{ "{\"plugins\":[{\"id\":\"web\",\"max_uses\":2.5}]}", 3,
		    "a fraction counts up" },
		{ "{\"plugins\":[{\"id\":\"web\",\"max_uses\":1e300}]}",
		    LLONG_MAX, "beyond range: the most" },
		{ "{\"plugins\":[{\"id\":\"web\",\"max_uses\":0}]}", 1,
		    "max_uses below one: still one" },
		{ "{\"plugins\":{\"id\":\"web\"}}", 0,
		    "plugins not an array: none" },
	};
	struct spend_terms t;
	char err[128];
	size_t i;
	jv b;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		b = json_parse(c[i].body, strlen(c[i].body), err, sizeof err);
		spend_terms(b, &t);
		is_int(t.nsearches, c[i].n, c[i].what);
		spend_terms_free(&t);
		jv_free(b);
	}
}

/* spend_terms: what the tools of a body may cost besides tokens. */
static void
test_tool_terms(void)
{
	static const struct {
		const char *body;
		long long n;
		const char *unpriced, *what;
	} c[] = {
		{ "{\"tools\":[{\"type\":\"function\"},{\"type\":"
		    "\"openrouter:datetime\"}]}", 0, NULL, "free tools" },
		{ "{\"tools\":[{\"type\":\"openrouter:web_search\"}]}",
		    LLONG_MAX, NULL, "no max_uses: no bound" },
		{ "{\"tools\":[{\"type\":\"openrouter:web_search\","
		    "\"parameters\":{\"max_uses\":3}}]}", LLONG_MAX, NULL,
		    "native search elsewhere than Anthropic: no bound" },
		{ "{\"model\":\"anthropic/a\",\"tools\":[{\"type\":"
		    "\"openrouter:web_search\",\"parameters\":{\"max_uses\":3}}]}",
		    3, NULL, "Anthropic's native search keeps to max_uses" },
		{ "{\"model\":\"anthropic/a\",\"models\":[\"x/b\"],"
		    "\"tools\":[{\"type\":\"openrouter:web_search\","
		    "\"parameters\":{\"max_uses\":3}}]}", LLONG_MAX, NULL,
		    "but not with another maker's fallback" },
		{ "{\"tools\":[{\"type\":\"web_search\",\"max_uses\":2,"
		    "\"engine\":\"exa\"},{\"type\":\"openrouter:web_search\","
		    "\"parameters\":{\"max_uses\":0.5,\"engine\":\"parallel\"}}]}",
		    3, NULL, "two tools add up; 0.5 lets one begin" },
		{ "{\"tools\":[{\"type\":\"web_search\",\"engine\":\"exa\","
		    "\"max_uses\":0}]}", 0, NULL, "max_uses 0: none" },
		{ "{\"tools\":[{\"type\":\"openrouter:web_search\","
		    "\"max_uses\":1,\"engine\":\"exa\"}]}", LLONG_MAX, NULL,
		    "OpenRouter's kind reads parameters only" },
		{ "{\"tools\":[{\"type\":\"function\"},{\"type\":"
		    "\"openrouter:fusion\"},{\"type\":\"openrouter:bash\"}]}",
		    0, "the openrouter:fusion tool",
		    "the first tool priced elsewhere" },
		{ "{\"tools\":{\"type\":\"openrouter:fusion\"}}", 0, NULL,
		    "tools not an array: none" },
	};
	struct spend_terms t;
	char err[128], what[160];
	size_t i;
	jv b;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		b = json_parse(c[i].body, strlen(c[i].body), err, sizeof err);
		spend_terms(b, &t);
		is_int(t.ntoolsearches, c[i].n, c[i].what);
		snprintf(what, sizeof what, "%s: unpriced", c[i].what);
		ok(c[i].unpriced ? t.unpriced != NULL &&
		    strcmp(t.unpriced, c[i].unpriced) == 0 : t.unpriced == NULL,
		    what);
		spend_terms_free(&t);
		jv_free(b);
	}
}

/* prompt_prepare: white space alone is no prompt, and nothing to send. */
static void
test_blank_prompt(void)
{
	char *blank[] = { " ", "\t\n" }, *text[] = { " hi " };
	struct chat_req r;
	struct or_error e;
	int fd = open("/dev/null", O_RDONLY);

	chatopt_init(&r);
	is_int(prompt_prepare(&r, 2, blank, fd, &e), OR_EX_USAGE,
	    "prompt_prepare: white space alone is no prompt (2)");
	is_str(e.msg, "no prompt: the prompt is only white space", "said so");
	chatopt_free(&r);
	chatopt_init(&r);
	is_int(prompt_prepare(&r, 1, text, fd, &e), 0, "text with spaces is");
	ok(jv_array_length(jv_copy(r.messages)) == 1, "one message");
	chatopt_free(&r);
	close(fd);
}

int
main(void)
{
	test_base64();
	test_mime();
	test_fence();
	test_compact();
	test_opts_good();
	test_opts_bad();
	test_set_path();
	test_parts();
	test_decode();
	test_decode_whole();
	test_check_json();
	test_worst_case();
	test_searches();
	test_tool_terms();
	test_blank_prompt();
	return tap_done();
}
