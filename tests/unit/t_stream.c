/*
 * t_stream: the hand-written chunk parser of lib/stream against libjq's jv
 * on every chunk of every recorded stream, and a differential fuzz test
 * against jscan's generic scanner on mutated chunks.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "json.h"
#include "sse.h"
#include "stream.h"
#include "tap.h"
#include "util.h"

/* Every data payload of the recorded streams. */
static char **chunk;
static size_t *chunklen, nchunk;

static int
collect(void *ctx, const struct sse_event *ev)
{
	(void)ctx;
	if (ev->datalen == 6 && memcmp(ev->data, "[DONE]", 6) == 0)
		return 0;
	chunk = xrealloc(chunk, (nchunk + 1) * sizeof *chunk);
	chunklen = xrealloc(chunklen, (nchunk + 1) * sizeof *chunklen);
	chunk[nchunk] = xstrndup(ev->data, ev->datalen);
	chunklen[nchunk++] = ev->datalen;
	return 0;
}

static void
load(const char *path)
{
	struct buf b;
	struct sse *p;

	buf_init(&b, 0);
	if (read_file(path, &b) == 0 && (p = sse_new(0))) {
		sse_feed(p, b.p, b.len, collect, NULL);
		sse_free(p);
	}
	buf_free(&b);
}

static void
load_dir(const char *dir, const char *suffix, const char *sub)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[1024];
	size_t n;

	if (d == NULL)
		return;
	while ((de = readdir(d))) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.')
			continue;
		if (sub)
			snprintf(path, sizeof path, "%s/%s/%s", dir, de->d_name,
			    sub);
		else if (n > strlen(suffix) &&
		    strcmp(de->d_name + n - strlen(suffix), suffix) == 0)
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		else
			continue;
		load(path);
	}
	closedir(d);
}

struct got {
	struct buf text, reasoning;
};

static void
on_text(void *ctx, const char *p, size_t n)
{
	buf_add(&((struct got *)ctx)->text, p, n);
}

static void
on_reasoning(void *ctx, const char *p, size_t n)
{
	buf_add(&((struct got *)ctx)->reasoning, p, n);
}

/* The reference: choice index 0's content and finish_reason, by jv. */
static void
reference(jv v, struct buf *text, const char **finish)
{
	jv choices = json_get(v, "choices");
	int i, n;

	*finish = NULL;
	n = jv_get_kind(choices) == JV_KIND_ARRAY ?
	    jv_array_length(jv_copy(choices)) : 0;
	for (i = 0; i < n; i++) {
		jv c = jv_array_get(jv_copy(choices), i);
		long long idx = 0;
		const char *s;

		if ((json_int(c, "index", &idx) == 0 && idx != 0) ||
		    jv_get_kind(c) != JV_KIND_OBJECT) {
			jv_free(c);
			continue;
		}
		jv content = json_get(c, "delta.content");
		if (jv_get_kind(content) == JV_KIND_STRING)
			buf_add(text, jv_string_value(content),
			    jv_string_length_bytes(jv_copy(content)));
		jv_free(content);
		if ((s = json_str(c, "finish_reason")))
			*finish = s;
		jv_free(c);
	}
	jv_free(choices);
}

static void
test_against_jv(void)
{
	size_t i, agree = 0, tested = 0;
	char err[128];

	for (i = 0; i < nchunk; i++) {
		struct stream *s;
		struct got g;
		const char *u;
		size_t ulen;
		struct buf want;
		const char *finish;
		jv v = json_parse(chunk[i], chunklen[i], err, sizeof err);

		if (!jv_is_valid(v)) {
			jv_free(v);
			continue;
		}
		tested++;
		buf_init(&g.text, 0);
		buf_init(&g.reasoning, 0);
		buf_init(&want, 0);
		s = stream_new(0, on_text, on_reasoning, &g);
		stream_data(s, chunk[i], chunklen[i]);
		u = stream_usage(s, &ulen);
		reference(v, &want, &finish);
		if (want.len == g.text.len && (want.len == 0 ||
		    memcmp(want.p, g.text.p, want.len) == 0) &&
		    (finish ? strcmp(finish, stream_finish(s)) == 0 : 1) &&
		    (json_true(v, "usage") ? u && ulen > 0 : ulen == 0) &&
		    (json_true(v, "error") ? stream_error(s) != NULL :
		    stream_error(s) == NULL))
			agree++;
		else
			printf("# disagree on chunk %zu: %.120s\n", i, chunk[i]);
		stream_free(s);
		buf_free(&g.text);
		buf_free(&g.reasoning);
		buf_free(&want);
		jv_free(v);
	}
	ok(tested > 300, "%zu recorded chunks", tested);
	is_int(agree, tested, "text, finish_reason, usage and error agree "
	    "with jv on every one");
}

/* Is doc one valid JSON object, by jscan's generic scanner? */
static int
oracle(const char *doc, size_t len)
{
	struct jscan_val v;
	const char *root = "";

	return jscan_getnf(doc, len, &root, 1, &v, NULL, JSCAN_RAW_UTF8) == 1 &&
	    v.kind == JSCAN_OBJECT;
}

static void
test_fuzz(void)
{
	static const char alphabet[] = "{}[]\",:\\ 0123456789.eE+-tfnulr"
	    "abcx\x01\x7f\xc3\xa9\xff";
	unsigned long seed = 20261125;
	size_t iter, agree = 0, rejected = 0;
	char *doc;

	if (nchunk == 0)
		return;
	for (iter = 0; iter < 30000; iter++) {
		size_t k = (seed = seed * 6364136223846793005UL + 1) >> 33;
		size_t i = k % nchunk, len = chunklen[i], m, pos;
		struct stream *s;
		const struct or_error *e;
		int bad;

		doc = xmalloc(len + 4);
		memcpy(doc, chunk[i], len);
		for (m = 0; m < 1 + (k >> 20) % 3; m++) {
			seed = seed * 6364136223846793005UL + 1;
			pos = (seed >> 33) % (len + 1);
			switch ((seed >> 13) % 3) {
			case 0:	/* replace */
				if (pos < len)
					doc[pos] = alphabet[(seed >> 40) %
					    (sizeof alphabet - 1)];
				break;
			case 1:	/* delete */
				if (pos < len) {
					memmove(doc + pos, doc + pos + 1,
					    len - pos - 1);
					len--;
				}
				break;
			default:	/* insert */
				memmove(doc + pos + 1, doc + pos, len - pos);
				doc[pos] = alphabet[(seed >> 40) %
				    (sizeof alphabet - 1)];
				len++;
			}
		}
		s = stream_new(0, NULL, NULL, NULL);
		stream_data(s, doc, len);
		/* An error chunk fails too, but for its own reason. */
		e = stream_error(s);
		bad = e != NULL && e->exit == 76;
		if (bad == !oracle(doc, len))
			agree++;
		else
			printf("# fuzz disagrees: %.*s\n", (int)len, doc);
		rejected += bad;
		stream_free(s);
		free(doc);
	}
	is_int(agree, 30000, "30000 mutated chunks: accepted and rejected "
	    "exactly as jscan's generic scanner does (%zu rejected)",
	    rejected);
}

int
main(void)
{
	size_t i;

	load_dir("tests/fixtures/stream", ".sse", NULL);
	load_dir("tests/conformance/chat", "", "stream.sse");
	test_against_jv();
	test_fuzz();
	for (i = 0; i < nchunk; i++)
		free(chunk[i]);
	free(chunk);
	free(chunklen);
	return tap_done();
}
