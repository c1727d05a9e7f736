/*
 * fz_batchio: lib/batchio over any bytes.  A line is a request or not,
 * never a crash: white space only is -1; a refusal is 65 with one clean
 * line saying why and an id that is one JSON scalar; an accepted line has
 * a body that is a JSON object with a non-empty messages array and no
 * "stream", the model the body names, fallbacks that are strings other
 * than it.  Its output line (with the input as the reply's text, and as
 * its usage when it is an object) is one line of valid JSON that
 * batchio_done reads back to the same id, as a success when the status is
 * 0 and as a failure when it is not.  batchio_done over the raw bytes
 * gives, when it says it is a success, an id that reads back the same
 * again, and so does one it says is a failure, as a failure.
 *
 * Over the base with an attachment (-i), a line that is a prompt makes
 * one user message of its text and the attachment, the image last.  No
 * output line holds a raw DEL or C1 control.
 *
 * Input: byte 0 picks the base, cached and the status; the rest is the
 * line.
 */
#include "batchio.h"
#include "chat.h"
#include "error.h"
#include "fz.h"
#include "jscan.h"
#include "json.h"
#include "util.h"

static const char *const bases[] = {
	"{\"model\":\"m/base\",\"messages\":[{\"role\":\"system\","
	    "\"content\":\"be brief\"}],\"temperature\":0.5,"
	    "\"usage\":{\"include\":true}}",
	"{\"model\":\"m/a\",\"models\":[\"m/b\",\"m/a\"],\"max_tokens\":9}",
	"{}",
	/* -i: the attachments, a user message a prompt joins. */
	"{\"model\":\"m/i\",\"messages\":[{\"role\":\"system\","
	    "\"content\":\"s\"},{\"role\":\"user\",\"content\":"
	    "[{\"type\":\"image_url\",\"image_url\":{\"url\":"
	    "\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}",
};
#define NBASES	(sizeof bases / sizeof bases[0])

/* One JSON value of no container kind, as an id must be. */
static int
is_scalar(const char *p, size_t n)
{
	struct jscan_val v;

	if (jscan_get(p, n, "", &v) != 1)
		return 0;
	return v.kind != JSCAN_OBJECT && v.kind != JSCAN_ARRAY &&
	    v.kind != JSCAN_NONE;
}

/* Is there a raw DEL or C1 control (U+0080..U+009F) in the UTF-8 p? */
static int
has_ctl(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i;

	for (i = 0; i < n; i++)
		if (u[i] == 0x7f || (u[i] == 0xc2 && i + 1 < n &&
		    u[i + 1] < 0xa0))
			return 1;
	return 0;
}

/* A message of one line: valid UTF-8, no C0 control, no DEL. */
static int
clean_line(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || !fz_utf8((const unsigned char *)s, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* White space only, after a byte order mark if the line starts with one. */
static int
blank(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	for (; i < n; i++)
		if (!strchr(" \t\r\n", p[i]) || p[i] == '\0')
			return 0;
	return 1;
}

/* The output line of id, read back with batchio_done. */
static void
result(const struct buf *id, const char *p, size_t n, int cached,
    int status)
{
	struct chat_reply rp;
	struct or_error e;
	struct buf out, back;
	struct jscan_val v;

	chat_reply_init(&rp);
	buf_add(&rp.text, p, n);
	rp.model = xstrndup(p, n < 16 ? n : 16);
	rp.finish = xstrdup("stop");
	if (jscan_getnf(p, n, (const char *const[]){ "" }, 1, &v, NULL,
	    JSCAN_RAW_UTF8) == 1 && v.kind == JSCAN_OBJECT) {
		chat_stats_read(v.p, v.len, &rp.usage);
		rp.has_usage = 1;
		buf_adds(&rp.tools, "[]");
		rp.has_tools = 1;
	}
	memset(&e, 0, sizeof e);
	if (status)
		error_set(&e, status, "failed: %.*s", (int)(n < 40 ? n : 40),
		    p);
	e.status = status ? 500 : 0;
	buf_init(&out, 0);
	buf_init(&back, 0);
	batchio_result(id, &rp, cached, status, &e, &out);
	FZ_CHECK(out.len > 0 && out.p[out.len - 1] == '\n');
	FZ_CHECK(memchr(out.p, '\n', out.len - 1) == NULL);
	FZ_CHECK(jscan_validate(out.p, out.len, NULL) == 0);
	FZ_CHECK(!has_ctl(out.p, out.len));
	if (status == 0) {
		FZ_CHECK(batchio_done(out.p, out.len, &back) == 1);
		FZ_CHECK(back.len == id->len &&
		    memcmp(back.p, id->p, id->len) == 0);
	} else {
		FZ_CHECK(batchio_done(out.p, out.len, &back) == 2);
		FZ_CHECK(back.len == id->len &&
		    memcmp(back.p, id->p, id->len) == 0);
	}
	buf_free(&out);
	buf_free(&back);
	chat_reply_free(&rp);
}

static void
accepted(const struct batch_line *bl)
{
	struct jscan_val v[3];
	const char *paths[] = { "messages.0", "model", "stream" };
	char *m;
	int i, n;

	FZ_CHECK(bl->body != NULL && strlen(bl->body) == bl->bodylen);
	FZ_CHECK(jscan_getn(bl->body, bl->bodylen, paths, 3, v, NULL) >= 1);
	FZ_CHECK(bl->body[0] == '{');
	FZ_CHECK(v[0].kind == JSCAN_OBJECT);
	FZ_CHECK(v[2].kind == JSCAN_NONE);
	if (v[1].kind == JSCAN_STRING) {
		m = xmalloc(v[1].len + 1);
		jscan_unescape(v[1].p, v[1].len, m, v[1].len + 1);
		FZ_CHECK(bl->terms.model != NULL && strcmp(bl->terms.model, m) == 0);
		free(m);
	} else
		FZ_CHECK(bl->terms.model == NULL);
	FZ_CHECK(jv_get_kind(bl->terms.fallbacks) == JV_KIND_ARRAY);
	n = jv_array_length(jv_copy(bl->terms.fallbacks));
	for (i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(bl->terms.fallbacks), i);

		FZ_CHECK(jv_get_kind(x) == JV_KIND_STRING);
		FZ_CHECK(bl->terms.model == NULL ||
		    strcmp(jv_string_value(x), bl->terms.model) != 0);
		jv_free(x);
	}
	FZ_CHECK(bl->terms.max_tokens >= -1);
	FZ_CHECK(bl->terms.nsearches >= 0 && bl->terms.ntoolsearches >= 0);
}

/*
 * A prompt over the base with an attachment: one user message after the
 * system one, its content parts, the image last (a single orchat's).
 */
static void
joined(const struct batch_line *bl)
{
	struct jscan_val v[3];
	const char *paths[] = { "messages.1.content", "messages.2",
	    "messages.1.role" };
	struct jscan_cur c;
	struct jscan_val last, t;
	int k = 0;

	FZ_CHECK(jscan_getn(bl->body, bl->bodylen, paths, 3, v, NULL) >= 1);
	FZ_CHECK(v[0].kind == JSCAN_ARRAY && v[1].kind == JSCAN_NONE);
	FZ_CHECK(jscan_streq(&v[2], "user"));
	last.kind = JSCAN_NONE;
	jscan_open(&c, v[0].p, v[0].len, JSCAN_VALID);
	while (jscan_element(&c, &k) == 1)
		if (jscan_next(&c, &last) != 0)
			break;
	FZ_CHECK(last.kind == JSCAN_OBJECT);
	FZ_CHECK(jscan_get(last.p, last.len, "type", &t) == 1 &&
	    jscan_streq(&t, "image_url"));
	FZ_CHECK(bl->terms.nimages == 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int statuses[] = { 0, 0, 75, 65 };
	struct batch_line bl;
	struct batch_ids *ids;
	struct or_error e;
	struct buf id;
	char err[128], *p;
	size_t n;
	jv base;
	int r, cached, status;

	if (size < 1)
		return 0;
	n = size - 1;
	/* A copy of its own size, so that a read past the end is seen. */
	p = malloc(n ? n : 1);
	memcpy(p, data + 1, n);
	base = json_parse(bases[data[0] % NBASES],
	    strlen(bases[data[0] % NBASES]), err, sizeof err);
	cached = data[0] >> 2 & 1;
	status = statuses[data[0] >> 3 & 3];

	batchio_line_init(&bl);
	memset(&e, 0, sizeof e);
	r = batchio_parse(base, p, n, 1 + data[0], &bl, &e);
	FZ_CHECK(r == -1 || r == 0 || r == 65);
	FZ_CHECK((r == -1) == blank(p, n));
	if (r != -1)
		FZ_CHECK(is_scalar(bl.id.p, bl.id.len));
	if (r == 65) {
		FZ_CHECK(e.exit == 65 && clean_line(e.msg));
		FZ_CHECK(bl.body == NULL && bl.terms.model == NULL);
	} else if (r == 0) {
		accepted(&bl);
		if (data[0] % NBASES == NBASES - 1 && n > 0 && p[0] == '"')
			joined(&bl);
	}
	if (r != -1) {
		result(&bl.id, p, n, cached, status);
		ids = batchio_ids_new();
		FZ_CHECK(batchio_ids_add(ids, bl.id.p, bl.id.len) == 1);
		FZ_CHECK(batchio_ids_has(ids, bl.id.p, bl.id.len) == 1);
		FZ_CHECK(batchio_ids_add(ids, bl.id.p, bl.id.len) == 2);
		FZ_CHECK(batchio_ids_has(ids, bl.id.p, bl.id.len) == 2);
		FZ_CHECK(batchio_ids_count(ids) == 1);
		batchio_ids_free(ids);
	}
	batchio_line_free(&bl);
	jv_free(base);

	/* The bytes as a previous output line. */
	buf_init(&id, 0);
	if ((r = batchio_done(p, n, &id)) != 0) {
		FZ_CHECK(r == 1 || r == 2);
		FZ_CHECK(is_scalar(id.p, id.len));
		result(&id, "x", 1, 0, r == 1 ? 0 : 75);
	}
	buf_free(&id);
	free(p);
	return 0;
}
