/*
 * call: the steps of one chat completion that orchat and orstream share,
 * before the request, the request itself, and after it.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "call.h"
#include "chat.h"
#include "chatopt.h"
#include "error.h"
#include "http.h"
#include "json.h"
#include "opts.h"
#include "prompt.h"
#include "rcache.h"
#include "spend.h"
#include "stream.h"
#include "util.h"

/*
 * The response cache of the one call a process makes (orchat, orstream):
 * found by call_before, served by call_send, stored by call_after.
 */
static struct {
	const char	*dir;		/* NULL: no cache for this call */
	char		 key[RCACHE_KEYSIZE];
	int		 verbose;	/* -v: say hit and stored */
	int		 hit;		/* h holds the answer to serve */
	struct rcache_hit h;
	/* A live answer, to store once it is known good. */
	struct buf	 raw;		/* the body, or the stream's bytes */
	int		 raw_ok;	/* raw holds all of it */
	char		 gen_id[128];
	char		 content_type[128];
	/* A stream's bytes go through collect to the caller's rq_data. */
	int		(*rq_data)(void *, const char *, size_t);
	void		*ctx;
} cache;

/* --cache: look the body up; a fresh entry is the answer (cr->cached). */
static void
cache_find(const struct opts *o, struct chat_req *cr, const char *body)
{
	memset(&cache, 0, sizeof cache);
	if (cr->cache_dir == NULL)
		return;
	cache.dir = cr->cache_dir;
	cache.verbose = o->verbose;
	rcache_key(o->base_url, body, strlen(body), cache.key);
	/* --cache-ttl 0: a refresh; the answer is stored, never served. */
	if (cr->cache_ttl != 0 && rcache_get(cache.dir, cache.key,
	    cr->cache_ttl, &cache.h)) {
		cache.hit = cr->cached = 1;
		if (cache.verbose)
			warnx("cache hit %s", cache.key);
	}
}

int
call_before(const struct opts *o, struct chat_req *cr, int argc,
    char *const argv[], int in_fd, char **body, struct or_error *e)
{
	int r;
	jv b;

	*body = NULL;
	if ((r = prompt_prepare(cr, argc, argv, in_fd, e)))
		return r;
	b = chat_body(cr, e);
	if (!jv_is_valid(b))
		return e->exit;
	*body = json_dump(b);
	cr->wants_json = chat_wants_json(b);
	if (cr->dry_run) {
		/* The caller checks stdout when it closes or flushes it. */
		puts(*body);
		free(*body);
		*body = NULL;
	} else {
		cache_find(o, cr, *body);
		/* An answer from the cache costs nothing: no budget. */
		if (!cr->cached && cr->has_max_cost &&
		    (r = spend_budget(o, cr, b, strlen(*body), e))) {
			free(*body);
			*body = NULL;
		}
	}
	jv_free(b);
	return r;
}

/* The signal that cancelled the request, for its exit status. */
static volatile sig_atomic_t cancelled_by;

static void
on_signal(int sig)
{
	cancelled_by = sig;
	http_interrupt();
}

/* A stream's bytes, kept for the cache on their way to the caller. */
static int
collect(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	if (cache.raw_ok && buf_add(&cache.raw, p, n) == -1) {
		cache.raw_ok = 0;	/* too long to keep: not stored */
		buf_free(&cache.raw);
	}
	return cache.rq_data(cache.ctx, p, n);
}

/*
 * The answer from the cache, as http_request would have given it: the
 * body in rs, or a stream's bytes handed to rq_data in one piece.
 */
static int
serve_hit(int (*rq_data)(void *ctx, const char *p, size_t n), void *ctx,
    struct http_resp *rs)
{
	memset(rs, 0, sizeof *rs);
	rs->status = 200;
	snprintf(rs->gen_id, sizeof rs->gen_id, "%s", cache.h.gen_id);
	snprintf(rs->content_type, sizeof rs->content_type, "%s",
	    cache.h.content_type);
	if (rq_data == NULL) {
		rs->body = cache.h.body;
		buf_init(&cache.h.body, 0);
	} else {
		rs->delivered = cache.h.body.len;
		if (cache.h.body.len && rq_data(ctx, cache.h.body.p,
		    cache.h.body.len))
			rs->stopped = 1;
	}
	rcache_hit_free(&cache.h);
	cache.hit = 0;
	return 0;
}

int
call_send(const struct opts *o, const char *body,
    int (*rq_data)(void *ctx, const char *p, size_t n), void *ctx,
    long long idle_ms, struct http_resp *rs, struct or_error *e)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	struct http_req rq;
	size_t i;
	char *key;
	int r;

	/* A hit needs neither the network nor the key. */
	if (cache.hit)
		return serve_hit(rq_data, ctx, rs);
	if (cache.dir) {
		buf_init(&cache.raw, HTTP_MAX_STREAM);
		cache.raw_ok = 1;
		if (rq_data) {
			cache.rq_data = rq_data;
			cache.ctx = ctx;
			rq_data = collect;
			ctx = NULL;
		}
	}
	if ((r = auth_key(o->key_file, &key, e))) {
		memset(rs, 0, sizeof *rs);
		return r;
	}
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.path = "/chat/completions";
	rq.body = body;
	rq.bodylen = strlen(body);
	rq.on_data = rq_data;
	rq.ctx = ctx;
	rq.idle_ms = idle_ms;
	/*
	 * ^C cancels the request, and so do SIGTERM (timeout(1), CI
	 * runners) and SIGHUP: http_request returns 130, made 128 + the
	 * signal, and the process ends as it should, cleaning up.
	 */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	cancelled_by = 0;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	r = http_request(o, key, &rq, rs, e);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (r == OR_EX_INTERRUPT && cancelled_by != 0 && cancelled_by != SIGINT)
		r = e->exit = OR_EX_SIGNAL + cancelled_by;
	auth_free(key);
	/* Only a whole answer may be stored; call_after says if it is good. */
	if (cache.dir && (r != 0 || rs->stopped || rs->status / 100 != 2))
		cache.raw_ok = 0;
	else if (cache.dir) {
		if (rq_data == NULL && buf_add(&cache.raw, rs->body.p,
		    rs->body.len) == -1)
			cache.raw_ok = 0;
		memcpy(cache.gen_id, rs->gen_id, sizeof cache.gen_id);
		memcpy(cache.content_type, rs->content_type,
		    sizeof cache.content_type);
	}
	return r;
}

/* A good live answer into the cache; a failure is only warned about. */
static void
cache_store(void)
{
	struct or_error e;

	if (cache.dir == NULL || !cache.raw_ok)
		return;
	if (rcache_put(cache.dir, cache.key, cache.raw.p, cache.raw.len,
	    cache.gen_id, cache.content_type, &e))
		warnx("%s", e.msg);
	else if (cache.verbose)
		warnx("cache stored %s", cache.key);
	cache.raw_ok = 0;
	buf_free(&cache.raw);
}

/* -c: the messages sent and the reply, in the shape the file had. */
static int
save_conversation(const struct chat_req *cr, const struct chat_reply *rp,
    struct or_error *e)
{
	struct buf b;
	char why[160];
	jv msgs, doc, text;
	int ret = 0;

	/* The reply's message, JSON text from chat, read back as a request. */
	msgs = jv_array_append(jv_copy(cr->messages), json_parse(rp->message.p,
	    rp->message.len, why, sizeof why));
	if (jv_get_kind(cr->conv_doc) == JV_KIND_OBJECT)
		doc = jv_object_set(jv_copy(cr->conv_doc),
		    jv_string("messages"), msgs);
	else
		doc = msgs;
	text = jv_dump_string(doc, JV_PRINT_INDENT_FLAGS(2));
	buf_init(&b, 0);
	buf_adds(&b, jv_string_value(text));
	buf_add(&b, "\n", 1);
	jv_free(text);
	/*
	 * Private: prompts and replies are no one else's business; an old
	 * file keeps its mode.  cr->conversation is the file itself, a link
	 * followed (prompt_prepare), and still locked.
	 */
	if (write_atomic_mode(cr->conversation, b.p, b.len, 0600) == -1)
		ret = error_set(e, EX_IOERR, "--conversation %s: %s",
		    cr->conversation, strerror(errno));
	prompt_conversation_done();
	buf_free(&b);
	return ret;
}

int
call_after(const struct chat_req *cr, const struct chat_reply *rp,
    int status, call_print_fn *print, void *ctx, struct or_error *e)
{
	struct or_error e2;
	size_t off = 0, n = rp->text.len;
	const char *cut;
	int came = status, late = 0, r;

	/* A reply asked for as JSON that is not: printed as it came, 76. */
	if (came == 0 && cr->wants_json && !rp->has_tools &&
	    (r = chat_check_json(rp, &off, &n, &e2))) {
		status = r;
		*e = e2;
	}
	/*
	 * Only an answer that succeeded, whole and as asked, is kept.  It is
	 * kept, its spend recorded and the turn saved before it is printed,
	 * so that a reader gone away (SIGPIPE) loses nothing paid for.
	 */
	if (status == 0)
		cache_store();
	cache.raw_ok = 0;
	buf_free(&cache.raw);
	r = spend_record(cr, rp, &e2);
	if (r == 0 && status == 0 && cr->conversation)
		r = save_conversation(cr, rp, &e2);
	if (r) {
		if (status == 0) {
			status = r;
			*e = e2;
		} else
			late = 1;	/* said after the reply */
	}
	/* A malformed answer has nothing to show; an error may follow text. */
	if (print && came != EX_PROTOCOL)
		print(ctx, rp, off, n, came != 0);
	if (came == 0 && (cut = chat_cut_short(rp)))
		warnx("the reply was cut short (finish_reason %s)", cut);
	if (late) {
		fflush(stdout);
		warnx("%s", e2.msg);
	}
	spend_usage(cr, rp);
	return status;
}

int
call_after_stream(const struct chat_req *cr, const struct stream *st,
    const char *gen_id, int status, struct or_error *e)
{
	struct chat_reply rp;
	struct or_error e2;
	char *j;

	if (stream_events(st) == 0)
		return status;
	j = stream_completion_json(st);
	chat_reply_init(&rp);
	if (chat_decode(j, strlen(j), gen_id, &rp, &e2) == 0)
		status = call_after(cr, &rp, status, NULL, NULL, e);
	chat_reply_free(&rp);
	free(j);
	return status;
}
