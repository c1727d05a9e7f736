/*
 * t_batchio: the line codec of orchat --batch -- every rule of an input
 * line, the output line byte for byte, an output line read back to the
 * same id, and the id set.
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

static jv
base(void)
{
	char err[128];
	const char *s = BASE;

	return json_parse(s, strlen(s), err, sizeof err);
}

/* A line that must be accepted: its body and id exactly. */
static void
good(const char *line, long long lineno, const char *body, const char *id)
{
	struct batch_line bl;
	struct or_error e;
	jv b = base();
	int r;

	memset(&e, 0, sizeof e);
	batchio_line_init(&bl);
	r = batchio_parse(b, line, strlen(line), lineno, &bl, &e);
	if (!is_int(r, 0, "accepted: %s", line))
		printf("#   why: %s\n", e.msg);
	is_str(bl.body, body, "body of %s", line);
	is_str(bl.id.p, id, "id of %s", line);
	if (bl.body)
		is_int((long long)strlen(bl.body), (long long)bl.bodylen,
		    "bodylen of %s", line);
	batchio_line_free(&bl);
	jv_free(b);
}

/* A line (n bytes, 0: a string) refused with 65, this message and id. */
static void
bad(const char *line, size_t n, const char *msg, const char *id)
{
	struct batch_line bl;
	struct or_error e;
	jv b = base();
	int r;

	if (n == 0)
		n = strlen(line);
	memset(&e, 0, sizeof e);
	batchio_line_init(&bl);
	r = batchio_parse(b, line, n, 7, &bl, &e);
	is_int(r, 65, "refused: %.*s", (int)n, line);
	is_str(e.msg, msg, "message for %.*s", (int)n, line);
	is_str(bl.id.p, id, "id of refused %.*s", (int)n, line);
	ok(bl.body == NULL, "no body for %.*s", (int)n, line);
	batchio_line_free(&bl);
	jv_free(b);
}

static void
test_parse(void)
{
	good("\"hi\"", 3, "{\"model\":\"m/base\",\"messages\":[{\"role\":"
	    "\"system\",\"content\":\"be brief\"},{\"role\":\"user\","
	    "\"content\":\"hi\"}],\"temperature\":0.5}", "3");
	good("{\"id\":\"a\",\"prompt\":\"hi\",\"model\":\"m/x\"}", 1,
	    "{\"model\":\"m/x\",\"messages\":[{\"role\":\"system\",\"content\":"
	    "\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}],"
	    "\"temperature\":0.5}", "\"a\"");
	good("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"id\":1}",
	    2, "{\"model\":\"m/base\",\"messages\":[{\"role\":\"user\","
	    "\"content\":\"x\"}],\"temperature\":0.5}", "1");
	bad("nope", 0, "not JSON: column 1: invalid literal", "7");
	bad("{}", 0, "a line has neither \"prompt\" nor \"messages\"", "7");
	bad("{\"id\":\"q\",\"prompt\":\"a\",\"stream\":true}", 0,
	    "a line may not set \"stream\"", "\"q\"");
}

static void
test_result(void)
{
	struct chat_reply rp;
	struct or_error e;
	struct buf out, id;

	chat_reply_init(&rp);
	buf_init(&out, 0);
	buf_init(&id, 0);
	rp.model = xstrdup("m/x");
	rp.provider = xstrdup("P");
	rp.id = xstrdup("gen-1");
	rp.finish = xstrdup("stop");
	buf_adds(&rp.text, "hello");
	chat_stats_read("{\"prompt_tokens\":3,\"cost\":0.00012}", 34,
	    &rp.usage);
	rp.has_usage = 1;
	buf_adds(&id, "\"a\"");
	batchio_result(&id, &rp, 0, 0, NULL, &out);
	is_str(out.p, "{\"id\":\"a\",\"model\":\"m/x\",\"provider\":\"P\","
	    "\"content\":\"hello\",\"tool_calls\":null,\"finish_reason\":"
	    "\"stop\",\"usage\":{\"prompt_tokens\":3,\"cost\":0.00012},"
	    "\"cost\":0.00012,\"generation_id\":\"gen-1\",\"cached\":false,"
	    "\"error\":null}\n", "result line");
	buf_reset(&id);
	is_int(batchio_done(out.p, out.len - 1, &id), 1, "done");
	is_str(id.p, "\"a\"", "done id");
	buf_reset(&out);
	memset(&e, 0, sizeof e);
	error_set(&e, 75, "rate limited");
	e.status = 429;
	buf_reset(&id);
	buf_adds(&id, "12");
	batchio_result(&id, NULL, 0, 75, &e, &out);
	is_str(out.p, "{\"id\":12,\"model\":null,\"provider\":null,"
	    "\"content\":null,\"tool_calls\":null,\"finish_reason\":null,"
	    "\"usage\":null,\"cost\":null,\"generation_id\":null,"
	    "\"cached\":false,\"error\":{\"code\":75,\"status\":429,"
	    "\"message\":\"rate limited\"}}\n", "failed line");
	is_int(batchio_done(out.p, out.len, &id), 0, "failed is not done");
	chat_reply_free(&rp);
	buf_free(&out);
	buf_free(&id);
}

static void
test_ids(void)
{
	struct batch_ids *s = batchio_ids_new();
	char k[32];
	int i, n;

	is_int(batchio_ids_add(s, "1", 1), 1, "add new");
	is_int(batchio_ids_add(s, "1", 1), 0, "add again");
	is_int(batchio_ids_has(s, "\"1\"", 3), 0, "\"1\" is not 1");
	for (i = 0; i < 10000; i++) {
		n = snprintf(k, sizeof k, "\"k%d\"", i);
		batchio_ids_add(s, k, (size_t)n);
	}
	is_int((long long)batchio_ids_count(s), 10001, "count");
	for (i = 0, n = 0; i < 10000; i++) {
		int m = snprintf(k, sizeof k, "\"k%d\"", i);

		n += batchio_ids_has(s, k, (size_t)m);
	}
	is_int(n, 10000, "all there after growing");
	batchio_ids_free(s);
}

int
main(void)
{
	test_parse();
	test_result();
	test_ids();
	return tap_done();
}
