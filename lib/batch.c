/*
 * batch: the engine of orchat --batch -- input lines to requests in
 * flight over one http_multi, answers to output lines, in order.
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "batch.h"
#include "batchio.h"
#include "catalog.h"
#include "chat.h"
#include "chatopt.h"
#include "error.h"
#include "http.h"
#include "httpmulti.h"
#include "json.h"
#include "linein.h"
#include "money.h"
#include "opts.h"
#include "prompt.h"
#include "rcache.h"
#include "resume.h"
#include "spend.h"
#include "util.h"

/* The order window: lines sent or done, not yet written, per -P. */
#define WINDOW_PER_SLOT		4
/* How often the loop looks up from the network (signals, progress). */
#define TICK_MS			100
/* The progress line is redrawn at most this often. */
#define DRAW_MS			200
#define LINEIN_MAX_BYTES		PROMPT_INPUT_MAX

enum slot_state {
	SLOT_FREE,
	SLOT_HELD,	/* read, waiting for the budget to allow it */
	SLOT_FLIGHT,	/* sent */
	SLOT_DONE,	/* its output line is ready */
	SLOT_DROP	/* never sent or cancelled: not written */
};

/* One input line, from its reading to its output line's writing. */
struct slot {
	enum slot_state	 state;
	long long	 seq;		/* its place in the output order */
	struct batch_line bl;
	money_t		 worst;		/* its worst case, for --max-cost */
	struct buf	 out;		/* the output line */
	char		 key[RCACHE_KEYSIZE];	/* --cache: its entry */
	struct slot	*next;		/* on the free list */
};

struct batch {
	const struct opts	*o;
	struct chat_req		*cr;
	const struct batch_opts	*bo;
	jv			 base;		/* the body every line starts
						 * from */
	struct http_multi	*m;		/* made for the first request
						 * sent (--cache: maybe never) */
	char			*key;		/* the API key, read then */
	struct resume		*resume;	/* --resume */
	struct catalog		*cat;		/* --max-cost */

	struct linein		 in;		/* the input lines */
	int			 starved;	/* no line there yet: wake when
						 * in.fd can be read */

	/* The lines between reading and writing. */
	struct slot		**ring;		/* by seq % window (ordered) */
	long long		 window;
	struct slot		*spare;
	struct slot		*held;
	long long		 next_seq, head;
	int			 inflight;

	/* --max-cost */
	money_t			 spent, inflight_worst;
	int			 over_budget;

	/* What is counted. */
	long long		 total;		/* lines to do, or -1 */
	long long		 skipped;	/* --resume */
	long long		 done, failed, retries, unsent;
	long long		 by_status[256];
	long long		 tok_prompt, tok_completion;
	long long		 nocost;	/* answers that gave no cost */
	long long		 cached;	/* answers from --cache */
	int			 cache_failed;	/* a store failed: said once */
	int			 fatal;		/* no key or no libcurl: stop */
	money_t			 cost;
	int			 status;	/* the highest of a failed line */
	int			 log_failed;
	long long		 t0, last_draw;
	int			 tty;		/* stderr is a terminal */
	int			 drawn;
	int			 out_failed;
};

static volatile sig_atomic_t nsigint, other_sig;

static void
on_signal(int sig)
{
	if (sig == SIGINT) {
		/* The first stops sending; the second cancels. */
		if (nsigint++ > 0)
			http_interrupt();
	} else {
		other_sig = sig;
		http_interrupt();
	}
}

static struct slot *
slot_get(struct batch *b)
{
	struct slot *s;

	if ((s = b->spare) != NULL)
		b->spare = s->next;
	else {
		s = xcalloc(1, sizeof *s);
		batchio_line_init(&s->bl);
		buf_init(&s->out, 0);
	}
	s->state = SLOT_FREE;
	s->worst = 0;
	s->next = NULL;
	buf_reset(&s->out);
	return s;
}

static void
slot_put(struct batch *b, struct slot *s)
{
	free(s->bl.body);
	s->bl.body = NULL;
	s->state = SLOT_FREE;
	s->next = b->spare;
	b->spare = s;
}

static void
slot_free(struct slot *s)
{
	batchio_line_free(&s->bl);
	buf_free(&s->out);
	free(s);
}

/*
 * Write s's output line, flushed; a failure stops the batch.  On the
 * terminal the progress line is drawn on, it is erased first, so that the
 * output line starts in the first column; progress draws it again.
 */
static void
emit(struct batch *b, struct slot *s)
{
	if (b->out_failed)
		return;
	if (b->drawn && isatty(1)) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		b->drawn = 0;
	}
	if (fwrite(s->out.p, 1, s->out.len, stdout) != s->out.len ||
	    fflush(stdout) == EOF) {
		check_pipe(errno);
		warnx("write error: %s", strerror(errno));
		b->out_failed = 1;
	}
}

/* Write what is ready: in order, or at once with --unordered. */
static void
flush_ready(struct batch *b, struct slot *s)
{
	if (b->bo->unordered) {
		if (s->state == SLOT_DONE)
			emit(b, s);
		slot_put(b, s);
		return;
	}
	while (b->head < b->next_seq) {
		s = b->ring[b->head % b->window];
		if (s->state != SLOT_DONE && s->state != SLOT_DROP)
			break;
		if (s->state == SLOT_DONE)
			emit(b, s);
		b->ring[b->head % b->window] = NULL;
		slot_put(b, s);
		b->head++;
	}
}

static void
count_failure(struct batch *b, int status)
{
	b->failed++;
	b->by_status[status & 0xff]++;
	if (status > b->status)
		b->status = status;
}

/* s is answered without a request: its output line is made now. */
static void
settle(struct batch *b, struct slot *s, int status, const struct or_error *e)
{
	batchio_result(&s->bl.id, NULL, 0, status, e, &s->out);
	s->state = SLOT_DONE;
	b->done++;
	if (status)
		count_failure(b, status);
	flush_ready(b, s);
}

enum { SEND_SENT, SEND_SETTLED, SEND_WAIT };

/* --max-cost: may s be sent now?  SEND_SENT (yes), SEND_SETTLED, SEND_WAIT. */
static int
budget(struct batch *b, struct slot *s)
{
	const struct cat_model *wm;
	struct or_error e;
	char spent[MONEY_FMTSIZE], max[MONEY_FMTSIZE];
	long long used;
	money_t sum;

	/* No HTTP status in what follows: the error's "status" is null. */
	memset(&e, 0, sizeof e);
	if (b->over_budget) {
		error_set(&e, OR_EX_NEGATIVE, "not sent: --max-cost %s would be "
		    "passed (%s USD spent)", money_fmt(b->cr->max_cost, max,
		    sizeof max), money_fmt(b->spent, spent, sizeof spent));
		settle(b, s, OR_EX_NEGATIVE, &e);
		return SEND_SETTLED;
	}
	if (s->state != SLOT_HELD && spend_worst_of(b->cat, &s->bl.terms,
	    s->bl.bodylen, &s->worst, &wm, &used, NULL, &e)) {
		settle(b, s, e.exit, &e);
		return SEND_SETTLED;
	}
	if (money_add(b->spent, b->inflight_worst, &sum) != MONEY_OK ||
	    money_add(sum, s->worst, &sum) != MONEY_OK ||
	    money_cmp(sum, b->cr->max_cost) > 0) {
		/* What is in flight may cost less than its worst case. */
		if (b->inflight > 0) {
			s->state = SLOT_HELD;
			return SEND_WAIT;
		}
		b->over_budget = 1;
		return budget(b, s);
	}
	return SEND_SENT;
}

/*
 * What the lines sent need, made when the first line must really be
 * sent: a batch answered from --cache alone needs no key, no libcurl and
 * no catalog.  need is what to open: NEED_CATALOG (--max-cost's prices)
 * or NEED_NET (the key and the connection pool).  -1 (said on stderr)
 * stops the batch with that status.
 */
enum { NEED_CATALOG, NEED_NET };

static int
need_open(struct batch *b, int need)
{
	struct or_error e;
	int r;

	if (need == NEED_CATALOG)
		r = catalog_open(b->o, b->cr->catalog, 0, &b->cat, &e);
	else if ((r = auth_key(b->o->key_file, &b->key, &e)) == 0 &&
	    (b->m = http_multi_new(b->o, b->key, b->bo->parallel, &e)) ==
	    NULL)
		r = e.exit;
	if (r == 0)
		return 0;
	warnx("%s", e.msg);
	if (r > b->status)
		b->status = r;
	b->fatal = 1;
	return -1;
}

static void	decide(struct batch *, struct slot *, const struct http_done *,
		    int);

/*
 * --cache: s's request has a fresh entry?  Then it is s's answer,
 * decoded and checked as a live one would be, and 1; else 0 (s->key is
 * kept, to store the live answer under).  --cache-ttl 0 serves nothing.
 */
static int
cache_serve(struct batch *b, struct slot *s)
{
	struct rcache_hit h;
	struct http_done d;

	rcache_key(b->o->base_url, s->bl.body, s->bl.bodylen, s->key);
	if (b->cr->cache_ttl == 0 || !rcache_get(b->cr->cache_dir, s->key,
	    b->cr->cache_ttl, &h))
		return 0;
	if (b->o->verbose)
		warnx("cache hit %s", s->key);
	/* Borrowed from h: decide keeps nothing of it. */
	memset(&d, 0, sizeof d);
	d.tag = s;
	d.sent = 1;
	d.resp.status = 200;
	d.resp.body = h.body;
	memcpy(d.resp.gen_id, h.gen_id, sizeof d.resp.gen_id);
	memcpy(d.resp.content_type, h.content_type,
	    sizeof d.resp.content_type);
	decide(b, s, &d, 1);
	rcache_hit_free(&h);
	return 1;
}

/* Send s, or settle it, or keep it for later. */
static int
try_send(struct batch *b, struct slot *s)
{
	struct http_req rq;
	int r;

	/* A hit costs nothing: served before the budget is asked. */
	if (b->cr->cache_dir && cache_serve(b, s))
		return SEND_SETTLED;
	if (b->cr->has_max_cost) {
		if (b->cat == NULL && need_open(b, NEED_CATALOG) == -1)
			goto drop;
		if ((r = budget(b, s)) != SEND_SENT)
			return r;
	}
	if (b->m == NULL && need_open(b, NEED_NET) == -1) {
drop:
		s->state = SLOT_DROP;
		if (!b->bo->unordered)
			flush_ready(b, s);
		else
			slot_put(b, s);
		return SEND_SETTLED;
	}
	memset(&rq, 0, sizeof rq);
	rq.method = "POST";
	rq.path = "/chat/completions";
	rq.body = s->bl.body;
	rq.bodylen = s->bl.bodylen;
	s->state = SLOT_FLIGHT;
	b->inflight++;
	if (money_add(b->inflight_worst, s->worst, &b->inflight_worst) !=
	    MONEY_OK)
		b->inflight_worst = MONEY_MAX;
	http_multi_add(b->m, &rq, s);
	return SEND_SENT;
}

/*
 * Read the next line into a slot.  NULL with *more 0 at the end of the
 * input, -1 when no line is there yet, 1 for a line that needs no slot
 * (blank, done before: --resume, or answered at once: a bad line).
 */
static struct slot *
read_one(struct batch *b, int *more)
{
	struct or_error e;
	struct slot *s;
	size_t n;
	int r;

	b->starved = 0;
	if ((*more = linein_next(&b->in, &n, b->inflight == 0)) != 1) {
		if (*more == 2) {
			b->starved = 1;
			*more = -1;
		}
		return NULL;
	}
	s = slot_get(b);
	memset(&e, 0, sizeof e);
	if (b->in.line_toolong) {
		char num[32];

		snprintf(num, sizeof num, "%lld", b->in.lineno);
		buf_reset(&s->bl.id);
		buf_adds(&s->bl.id, num);
		r = error_set(&e, EX_DATAERR, "line %lld: longer than %u MiB",
		    b->in.lineno, LINEIN_MAX_BYTES >> 20);
	} else
		r = batchio_parse(b->base, b->in.line, n, b->in.lineno, &s->bl, &e);
	if (r == -1 || (b->resume && resume_done(b->resume, &s->bl.id,
	    b->in.lineno))) {
		b->skipped += r != -1;
		slot_put(b, s);
		return NULL;
	}
	s->seq = b->next_seq++;
	if (!b->bo->unordered)
		b->ring[s->seq % b->window] = s;
	if (r) {
		settle(b, s, r, &e);
		return NULL;
	}
	return s;
}

/* Read and send lines while there is room. */
static void
fill(struct batch *b)
{
	struct slot *s;
	int more;

	while (!nsigint && !other_sig && !b->out_failed && !b->fatal &&
	    b->inflight < b->bo->parallel && (b->bo->unordered ||
	    b->next_seq - b->head < b->window)) {
		if ((s = b->held) == NULL) {
			if (b->in.eof)
				return;
			if ((s = read_one(b, &more)) == NULL) {
				/* The end, or nothing there yet. */
				if (more != 1)
					return;
				continue;
			}
		}
		b->held = NULL;
		if (try_send(b, s) == SEND_WAIT) {
			b->held = s;
			return;
		}
	}
}

/*
 * s's answer d (a live one, or cached: the response cache's entry as a
 * 200 would have brought it) made its output line: decoded, checked as
 * for one call (--json-mode, --schema), counted; a live answer is
 * billed and logged, and stored in --cache when all went well.
 */
static void
decide(struct batch *b, struct slot *s, const struct http_done *d,
    int cached)
{
	struct chat_reply rp;
	struct or_error e;
	struct buf line;
	int status;

	chat_reply_init(&rp);
	memset(&e, 0, sizeof e);
	if ((status = d->status) == 0)
		status = chat_decode(d->resp.body.p, d->resp.body.len,
		    d->resp.gen_id, &rp, &e);
	else
		e = d->e;
	if (cached) {
		/* Nothing billed: the line says cost 0, as -u does. */
		b->cached++;
		rp.usage.has_cost = 1;
		rp.usage.cost = 0;
	} else if (rp.usage.has_cost) {
		money_add(b->spent, rp.usage.cost, &b->spent);
		money_add(b->cost, rp.usage.cost, &b->cost);
	} else if (status == 0 || rp.id || d->billed) {
		/*
		 * Billed, or maybe (an answer that broke off after its
		 * 2xx), at a price not said: count the worst case.
		 */
		money_add(b->spent, s->worst, &b->spent);
		b->nocost++;
	}
	/* --json-mode, --schema: the reply must be JSON, as for one call. */
	if (status == 0 && s->bl.wants_json && !rp.has_tools) {
		size_t off, n;

		status = chat_check_json(&rp, &off, &n, &e);
	}
	if (rp.usage.prompt > 0)
		b->tok_prompt += rp.usage.prompt;
	if (rp.usage.completion > 0)
		b->tok_completion += rp.usage.completion;
	/* The ledger is spend: a hit spent nothing. */
	if (b->cr->log && !cached && (rp.id || rp.has_usage)) {
		struct or_error le;

		buf_init(&line, 0);
		spend_log_line(&rp, s->bl.terms.model, time(NULL), &line);
		if (spend_log_append(b->cr->log, &line, &le) && !b->log_failed) {
			warnx("%s", le.msg);
			b->log_failed = 1;
		}
		buf_free(&line);
	}
	/* Only an answer that succeeded, whole and as asked, is kept. */
	if (b->cr->cache_dir && !cached && status == 0) {
		struct or_error ce;

		if (rcache_put(b->cr->cache_dir, s->key, d->resp.body.p,
		    d->resp.body.len, d->resp.gen_id, d->resp.content_type,
		    &ce)) {
			/* The line still succeeds; a full disk is said once. */
			if (!b->cache_failed)
				warnx("%s", ce.msg);
			b->cache_failed = 1;
		} else if (b->o->verbose)
			warnx("cache stored %s", s->key);
	}
	batchio_result(&s->bl.id, d->status == 0 || rp.id ? &rp : NULL,
	    cached, status, &e, &s->out);
	chat_reply_free(&rp);
	s->state = SLOT_DONE;
	b->done++;
	if (status)
		count_failure(b, status);
	flush_ready(b, s);
}

/* A request came back: its output line. */
static void
answered(struct batch *b, struct http_done *d)
{
	struct slot *s = d->tag;

	b->inflight--;
	b->retries += d->retries;
	if (money_sub(b->inflight_worst, s->worst, &b->inflight_worst) !=
	    MONEY_OK)
		b->inflight_worst = 0;
	/*
	 * Never sent, or cancelled by a second ^C or because the output
	 * failed: not written.
	 */
	if (!d->sent || (d->status == OR_EX_INTERRUPT && (nsigint > 1 ||
	    other_sig || b->out_failed))) {
		b->unsent += !d->sent;
		s->state = SLOT_DROP;
		http_resp_free(&d->resp);
		flush_ready(b, s);
		return;
	}
	decide(b, s, d, 0);
	http_resp_free(&d->resp);
}

/* The words for a failure's status, in the summary. */
static const char *
status_name(int st)
{
	switch (st) {
	case OR_EX_NEGATIVE:
		return "over budget";
	case EX_DATAERR:
		return "bad line or request";
	case EX_NOINPUT:
		return "input unreadable";
	case EX_UNAVAILABLE:
		return "unavailable";
	case EX_SOFTWARE:
		return "internal error";
	case EX_TEMPFAIL:
		return "temporary failure";
	case EX_PROTOCOL:
		return "malformed answer";
	case EX_NOPERM:
		return "refused";
	case EX_CONFIG:
		return "configuration";
	case OR_EX_INTERRUPT:
		return "interrupted";
	default:
		return "failed";
	}
}

/* "1m05s": a number of seconds for the progress line. */
static void
fmt_dur(char *out, size_t size, long long s)
{
	if (s >= 3600)
		snprintf(out, size, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else if (s >= 60)
		snprintf(out, size, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(out, size, "%llds", s);
}

/* The progress line, redrawn on a terminal: ^M, erase the line, text. */
static void
progress(struct batch *b, int force)
{
	char spent[MONEY_FMTSIZE], eta[32], total[32], cached[40];
	long long now = now_ms(), ms = now - b->t0, todo;
	double rate;

	if (!b->tty || (!force && now - b->last_draw < DRAW_MS))
		return;
	b->last_draw = now;
	rate = ms > 0 ? b->done * 1000.0 / ms : 0;
	todo = b->total >= 0 ? b->total - b->skipped : -1;
	if (todo >= 0)
		snprintf(total, sizeof total, "/%lld", todo);
	else
		total[0] = '\0';
	if (todo >= 0 && rate > 0 && todo >= b->done)
		fmt_dur(eta, sizeof eta, (long long)((todo - b->done) / rate +
		    0.5));
	else
		snprintf(eta, sizeof eta, "?");
	if (b->cr->cache_dir)
		snprintf(cached, sizeof cached, ", %lld cached", b->cached);
	else
		cached[0] = '\0';
	fprintf(stderr, "\r\033[K%s: %lld%s done%s, %lld failed, %lld "
	    "retries, %s USD, %.1f/s, ETA %s", progname(), b->done, total,
	    cached, b->failed, b->retries, money_fmt(b->cost, spent,
	    sizeof spent), rate, eta);
	fflush(stderr);
	b->drawn = 1;
}

/* The one line at the end: lines, failures by why, retries; -u more. */
static void
summary(struct batch *b)
{
	char cost[MONEY_FMTSIZE];
	struct buf l;
	int st, first = 1;
	char tmp[160];

	buf_init(&l, 0);
	snprintf(tmp, sizeof tmp, "%lld line%s", b->done, b->done == 1 ? "" :
	    "s");
	buf_adds(&l, tmp);
	snprintf(tmp, sizeof tmp, ", %lld failed", b->failed);
	buf_adds(&l, tmp);
	for (st = 1; st < 256; st++) {
		if (b->by_status[st] == 0)
			continue;
		snprintf(tmp, sizeof tmp, "%s%lld %s (%d)", first ? " (" : ", ",
		    b->by_status[st], status_name(st), st);
		buf_adds(&l, tmp);
		first = 0;
	}
	if (!first)
		buf_adds(&l, ")");
	snprintf(tmp, sizeof tmp, ", %lld retr%s", b->retries, b->retries ==
	    1 ? "y" : "ies");
	buf_adds(&l, tmp);
	if (b->cr->cache_dir) {
		snprintf(tmp, sizeof tmp, ", %lld cached", b->cached);
		buf_adds(&l, tmp);
	}
	if (b->skipped) {
		snprintf(tmp, sizeof tmp, ", %lld done before (--resume)",
		    b->skipped);
		buf_adds(&l, tmp);
	}
	if (b->out_failed)
		buf_adds(&l, ", stopped: the output could not be written, so "
		    "the lines not written were not sent or were cancelled");
	else if (nsigint || other_sig) {
		snprintf(tmp, sizeof tmp, ", interrupted: the lines not "
		    "written were not sent%s", b->unsent || nsigint > 1 ||
		    other_sig ? " or were cancelled" : "");
		buf_adds(&l, tmp);
	} else if (b->over_budget)
		buf_adds(&l, ", stopped by --max-cost");
	if (b->cr->usage) {
		snprintf(tmp, sizeof tmp, ", %lld prompt + %lld completion "
		    "tokens, cost %s USD", b->tok_prompt, b->tok_completion,
		    money_fmt(b->cost, cost, sizeof cost));
		buf_adds(&l, tmp);
		if (b->nocost) {
			snprintf(tmp, sizeof tmp, " (%lld answer%s gave none)",
			    b->nocost, b->nocost == 1 ? "" : "s");
			buf_adds(&l, tmp);
		}
		/* The tokens count every answer; the cost only the billed. */
		if (b->cached) {
			snprintf(tmp, sizeof tmp, " (%lld cached answer%s "
			    "billed nothing)", b->cached, b->cached == 1 ? "" :
			    "s");
			buf_adds(&l, tmp);
		}
		snprintf(tmp, sizeof tmp, ", %.3f s", (now_ms() - b->t0) /
		    1000.0);
		buf_adds(&l, tmp);
	}
	if (b->drawn)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s: batch: %s\n", progname(), l.p);
	buf_free(&l);
}

/* --dry-run: each line's body, one a line; nothing sent. */
static int
dry_run(struct batch *b)
{
	struct batch_line bl;
	struct or_error e;
	size_t n;
	int r, status = 0;

	batchio_line_init(&bl);
	while ((r = linein_next(&b->in, &n, 1)) != 0) {
		if (r == 2) {
			if (nsigint || other_sig)
				break;
			continue;
		}
		if (b->in.line_toolong)
			r = error_set(&e, EX_DATAERR, "longer than %u MiB",
			    LINEIN_MAX_BYTES >> 20);
		else
			r = batchio_parse(b->base, b->in.line, n, b->in.lineno, &bl,
			    &e);
		if (r == -1 || (b->resume && resume_done(b->resume, &bl.id,
		    b->in.lineno)))
			continue;
		if (r) {
			warnx("line %lld: %s", b->in.lineno, e.msg);
			if (r > status)
				status = r;
			continue;
		}
		if (fwrite(bl.body, 1, bl.bodylen, stdout) != bl.bodylen ||
		    putchar('\n') == EOF) {
			check_pipe(errno);
			break;
		}
	}
	batchio_line_free(&bl);
	if (b->in.status > status)
		status = b->in.status;
	return status > b->status ? status : b->status;
}

/* Everything a batch holds, let go. */
static void
batch_free(struct batch *b)
{
	struct slot *s;
	long long i;

	http_multi_free(b->m);
	auth_free(b->key);
	if (b->ring)
		for (i = 0; i < b->window; i++)
			if (b->ring[i] && b->ring[i] != b->held)
				slot_free(b->ring[i]);
	free(b->ring);
	if (b->held)
		slot_free(b->held);
	while ((s = b->spare) != NULL) {
		b->spare = s->next;
		slot_free(s);
	}
	linein_free(&b->in);
	resume_free(b->resume);
	if (b->cat)
		catalog_close(b->cat);
	jv_free(b->base);
}

/* The loop: fill the window, wait for an answer, write, until done. */
static void
run(struct batch *b)
{
	struct http_done d;
	int stopped = 0;

	for (;;) {
		if ((nsigint || other_sig || b->out_failed || b->fatal) &&
		    !stopped) {
			stopped = 1;
			if (b->m)
				http_multi_stop(b->m);
			/* Nowhere to write the answers: cancel them. */
			if (b->out_failed)
				http_interrupt();
			if (b->held) {
				b->held->state = SLOT_DROP;
				if (!b->bo->unordered)
					flush_ready(b, b->held);
				else
					slot_put(b, b->held);
				b->held = NULL;
			}
		}
		if (!stopped)
			fill(b);
		if (b->inflight == 0 && (stopped || (b->in.eof && !b->held)))
			break;
		/*
		 * Woken by the input only when it had no line for us: a
		 * file can always be read, and would never let us sleep.
		 */
		/* Nothing sent yet (--cache): nothing to wait for. */
		if (b->m && http_multi_next(b->m, TICK_MS, b->starved && !b->in.eof &&
		    !b->held && !stopped ? b->in.fd : -1, &d))
			answered(b, &d);
		progress(b, 0);
	}
}

int
batch_run(const struct opts *o, struct chat_req *cr,
    const struct batch_opts *bo, int argc, char *const argv[],
    struct or_error *e)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	struct batch b;
	size_t i;
	int r;

	memset(&b, 0, sizeof b);
	memset(e, 0, sizeof *e);
	b.o = o;
	b.cr = cr;
	b.bo = bo;
	linein_init(&b.in, argc, argv);
	b.base = jv_null();
	if (argc == 0 && isatty(0)) {
		r = error_set(e, OR_EX_USAGE, "--batch reads JSON lines from "
		    "standard input, which is a terminal; give a file");
		goto out;
	}
	if ((r = prompt_prepare_base(cr, e)))
		goto out;
	b.base = chat_body(cr, e);
	if (!jv_is_valid(b.base)) {
		b.base = jv_null();
		r = e->exit;
		goto out;
	}
	if (bo->resume && (r = resume_open(bo->resume, argc, argv, &b.resume,
	    e)))
		goto out;
	if (cr->dry_run) {
		r = dry_run(&b);
		goto out;
	}
	/*
	 * Without --cache every line is sent: no catalog, no key (78) or no
	 * libcurl is said before anything is written.  With it, they wait
	 * for the first line that is not in the cache (need_open).
	 */
	if (cr->cache_dir == NULL) {
		if (cr->has_max_cost && (r = catalog_open(o, cr->catalog, 0,
		    &b.cat, e)))
			goto out;
		if ((r = auth_key(o->key_file, &b.key, e)))
			goto out;
		if ((b.m = http_multi_new(o, b.key, bo->parallel, e)) ==
		    NULL) {
			r = e->exit;
			goto out;
		}
	}
	b.window = (long long)bo->parallel * WINDOW_PER_SLOT;
	if (!bo->unordered)
		b.ring = xcalloc((size_t)b.window, sizeof *b.ring);
	b.tty = isatty(2);
	b.total = b.tty ? linein_count(&b.in) : -1;
	b.t0 = now_ms();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	nsigint = other_sig = 0;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	run(&b);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	progress(&b, 1);
	summary(&b);
	r = b.status > b.in.status ? b.status : b.in.status;
	if (b.out_failed)
		r = EX_IOERR;
	else if (other_sig)
		r = OR_EX_SIGNAL + other_sig;
	else if (nsigint)
		r = OR_EX_INTERRUPT;
	else if (b.log_failed && r == 0)
		r = EX_IOERR;
out:
	batch_free(&b);
	return r;
}
