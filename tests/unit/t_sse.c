/*
 * t_sse: the SSE parser against every case in tests/conformance/sse/, each
 * fed whole, in its recorded read schedule, a byte at a time and split in
 * two at every offset (at a sample of them for big files), with the ids
 * and retry that index.json records; then table-driven cases for the rules
 * the corpus pins only indirectly.  Run from the repository root.
 */
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jqfn.h"

#include "sse.h"
#include "tap.h"
#include "tutil.h"

#define CASEDIR		"tests/conformance/sse"
#define INDEX		"tests/conformance/index.json"
#define ALLSPLITS	(64 * 1024)	/* larger files get sampled splits */
#define NSAMPLES	200

struct str {
	char	*p;
	size_t	 len;
};

/* What a case must produce, from NAME.expected.json and index.json. */
struct expect {
	size_t		 n;
	struct str	*type;
	struct str	*data;
	struct str	*id;		/* NULL when the index does not say */
	int		 hasretry;
	long		 retry;
	int		 pending;	/* as fed whole; -1 until known */
};

struct run {
	const struct expect	*x;
	size_t			 i;
	char			 why[256];
	int			 borrow; /* sse_borrow: data not NUL-ended */
};

/* Consumes v; fails unless it is a string. */
static int
jstr(jv v, struct str *s)
{
	if (jv_get_kind(v) != JV_KIND_STRING) {
		jv_free(v);
		return -1;
	}
	s->len = jv_string_length_bytes(jv_copy(v));
	if ((s->p = malloc(s->len + 1)) == NULL) {
		jv_free(v);
		return -1;
	}
	memcpy(s->p, jv_string_value(v), s->len);
	s->p[s->len] = '\0';
	jv_free(v);
	return 0;
}

static jv
jload(const char *path)
{
	char	*buf;
	size_t	 len;
	jv	 v;

	if ((buf = tutil_slurp(path, &len)) == NULL)
		return jv_invalid_with_msg(jv_string("cannot read"));
	v = jv_parse_sized(buf, len);
	free(buf);
	return v;
}

static void
strs_free(struct str *s, size_t n)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++)
		free(s[i].p);
	free(s);
}

static void
expect_free(struct expect *x)
{
	strs_free(x->type, x->n);
	strs_free(x->data, x->n);
	strs_free(x->id, x->n);
}

/* Fills x from the expected events, then from the case's index entry. */
static int
expect_load(struct expect *x, const char *path, jv entry)
{
	jv	 a, e, v;
	size_t	 i;
	int	 rv = 0;

	memset(x, 0, sizeof(*x));
	x->pending = -1;
	a = jload(path);
	if (jv_get_kind(a) != JV_KIND_ARRAY) {
		jv_free(a);
		jv_free(entry);
		return -1;
	}
	x->n = jv_array_length(jv_copy(a));
	x->type = calloc(x->n + 1, sizeof(*x->type));
	x->data = calloc(x->n + 1, sizeof(*x->data));
	if (x->type == NULL || x->data == NULL)
		rv = -1;
	for (i = 0; rv == 0 && i < x->n; i++) {
		e = jv_array_get(jv_copy(a), i);
		if (jv_get_kind(e) != JV_KIND_OBJECT ||
		    jstr(jv_object_get(jv_copy(e), jv_string("event")),
		    &x->type[i]) == -1 ||
		    jstr(jv_object_get(jv_copy(e), jv_string("data")),
		    &x->data[i]) == -1)
			rv = -1;
		jv_free(e);
	}
	jv_free(a);

	if (rv == 0 && jv_get_kind(entry) == JV_KIND_OBJECT) {
		v = jv_object_get(jv_copy(entry), jv_string("last_event_ids"));
		if (jv_get_kind(v) == JV_KIND_ARRAY &&
		    (size_t)jv_array_length(jv_copy(v)) == x->n &&
		    (x->id = calloc(x->n + 1, sizeof(*x->id))) != NULL)
			for (i = 0; rv == 0 && i < x->n; i++)
				rv = jstr(jv_array_get(jv_copy(v), i),
				    &x->id[i]);
		jv_free(v);
		v = jv_object_get(jv_copy(entry),
		    jv_string("reconnection_time_ms"));
		if (jv_get_kind(v) == JV_KIND_NUMBER) {
			x->hasretry = 1;
			x->retry = (long)jv_number_value(v);
		} else if (jv_get_kind(v) == JV_KIND_NULL) {
			x->hasretry = 1;
			x->retry = -1;
		}
		jv_free(v);
	}
	jv_free(entry);
	return rv;
}

/* The index entry whose "file" is name, or null. */
static jv
index_entry(jv cases, const char *name)
{
	jv	 e, f;
	int	 i, n, hit;

	if (jv_get_kind(cases) != JV_KIND_ARRAY) {
		jv_free(cases);
		return jv_null();
	}
	n = jv_array_length(jv_copy(cases));
	for (i = 0; i < n; i++) {
		e = jv_array_get(jv_copy(cases), i);
		f = jv_get_kind(e) == JV_KIND_OBJECT ?
		    jv_object_get(jv_copy(e), jv_string("file")) : jv_null();
		hit = jv_get_kind(f) == JV_KIND_STRING &&
		    strcmp(jv_string_value(f), name) == 0;
		jv_free(f);
		if (hit) {
			jv_free(cases);
			return e;
		}
		jv_free(e);
	}
	jv_free(cases);
	return jv_null();
}

static int
same(const char *p, size_t len, const struct str *s)
{
	return len == s->len && memcmp(p, s->p, len) == 0;
}

static int
check(void *ctx, const struct sse_event *ev)
{
	struct run		*r = ctx;
	const struct expect	*x = r->x;
	size_t			 i = r->i++;

	if (r->why[0] != '\0')
		return 0;
	if (i >= x->n)
		snprintf(r->why, sizeof(r->why), "unexpected event %zu", i);
	else if (!same(ev->type, ev->typelen, &x->type[i]))
		snprintf(r->why, sizeof(r->why), "event %zu: type '%.*s'", i,
		    (int)ev->typelen, ev->type);
	else if (!same(ev->data, ev->datalen, &x->data[i]))
		snprintf(r->why, sizeof(r->why), "event %zu: data '%.40s'"
		    " (%zu bytes)", i, ev->data, ev->datalen);
	else if (x->id != NULL && !same(ev->id, ev->idlen, &x->id[i]))
		snprintf(r->why, sizeof(r->why), "event %zu: id '%.*s'", i,
		    (int)ev->idlen, ev->id);
	else if (ev->type[ev->typelen] != '\0' || (!r->borrow &&
	    ev->data[ev->datalen] != '\0') || ev->id[ev->idlen] != '\0')
		snprintf(r->why, sizeof(r->why), "event %zu: no NUL", i);
	return 0;
}

/* The probe's callback: the reconnection time its event carries. */
static int
probe_cb(void *ctx, const struct sse_event *ev)
{
	*(long *)ctx = ev->retry;
	return 0;
}

/*
 * The reconnection time p has reached, as the next event carries it: a
 * probe is fed ("\n" ends a partial line or the open event, then an event
 * of its own), so p has moved on.  -2 when no event came.
 */
static long
retry_of(struct sse *p)
{
	long r = -2;

	sse_feed(p, "\ndata\n\n", 7, probe_cb, &r);
	return r;
}

/*
 * Feeds buf in pieces: lens[0..nlens-1] first, then step bytes at a time,
 * or all the rest when step is 0; with borrow, to a parser that hands on
 * data where it lies (sse_borrow).  Returns 1 when the run matched x;
 * otherwise why says how it did not.
 */
static int
play(struct expect *x, const char *buf, size_t len, const size_t *lens,
    size_t nlens, size_t step, int borrow, char *why, size_t whysz)
{
	struct run	 r;
	struct sse	*p;
	size_t		 off, n, i;
	long		 retry;
	int		 rc = 0, pending;

	memset(&r, 0, sizeof(r));
	r.x = x;
	r.borrow = borrow;
	if ((p = sse_new(0)) == NULL) {
		snprintf(why, whysz, "sse_new failed");
		return 0;
	}
	sse_borrow(p, borrow);
	for (i = off = 0; off < len && rc == 0; i++, off += n) {
		n = i < nlens ? lens[i] : step > 0 ? step : len - off;
		if (n > len - off)
			n = len - off;
		rc = sse_feed(p, buf + off, n, check, &r);
	}
	pending = sse_pending(p) != 0;
	if (x->pending == -1)
		x->pending = pending;
	retry = rc == 0 ? retry_of(p) : -2;

	if (rc != 0)
		snprintf(why, whysz, "sse_feed: %s", sse_strerror(rc));
	else if (r.why[0] != '\0')
		snprintf(why, whysz, "%s", r.why);
	else if (r.i != x->n)
		snprintf(why, whysz, "%zu events, want %zu", r.i, x->n);
	else if (x->hasretry && retry != x->retry)
		snprintf(why, whysz, "retry %ld, want %ld", retry, x->retry);
	else if (pending != x->pending)
		snprintf(why, whysz, "pending %d, but %d when fed whole",
		    pending, x->pending);
	else
		why[0] = '\0';
	sse_free(p);
	return why[0] == '\0';
}

static int
verdict(int good, const char *why, const char *name, const char *sched)
{
	if (!ok(good, "%s: %s", name, sched))
		printf("#   %s\n", why);
	return good;
}

static int
exists(const char *path)
{
	FILE	*f;

	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	fclose(f);
	return 1;
}

/* NAME.chunks.json as lengths, which must add up to size. */
static size_t *
chunks_load(const char *path, size_t size, size_t *np)
{
	jv	 a, v;
	size_t	*lens, i, sum = 0;

	a = jload(path);
	if (jv_get_kind(a) != JV_KIND_ARRAY) {
		jv_free(a);
		return NULL;
	}
	*np = jv_array_length(jv_copy(a));
	if ((lens = calloc(*np + 1, sizeof(*lens))) == NULL) {
		jv_free(a);
		return NULL;
	}
	for (i = 0; i < *np; i++) {
		v = jv_array_get(jv_copy(a), i);
		if (jv_get_kind(v) == JV_KIND_NUMBER &&
		    jv_number_value(v) >= 0)
			sum += lens[i] = (size_t)jv_number_value(v);
		else
			sum = SIZE_MAX;
		jv_free(v);
	}
	jv_free(a);
	if (sum != size) {
		free(lens);
		return NULL;
	}
	return lens;
}

static void
conformance_case(const char *name, jv cases)
{
	struct expect	 x;
	char		 path[PATH_MAX], why[512], *buf;
	size_t		*lens, nlens, len, k, j, nsplits, w;
	int		 good;

	snprintf(path, sizeof(path), "%s/%s.sse", CASEDIR, name);
	if ((buf = tutil_slurp(path, &len)) == NULL) {
		jv_free(cases);
		ok(0, "%s: read %s", name, path);
		return;
	}
	snprintf(path, sizeof(path), "%s.sse", name);
	cases = index_entry(cases, path);
	snprintf(path, sizeof(path), "%s/%s.expected.json", CASEDIR, name);
	if (expect_load(&x, path, cases) == -1) {
		ok(0, "%s: load %s", name, path);
		expect_free(&x);
		free(buf);
		return;
	}

	/* Fed whole first: it sets the pending state the others must match. */
	good = play(&x, buf, len, NULL, 0, 0, 0, why, sizeof(why));
	verdict(good, why, name, "whole");
	/* Issue 14: events not copied are the same events. */
	good = play(&x, buf, len, NULL, 0, 0, 1, why, sizeof(why));
	verdict(good, why, name, "whole, borrowed");
	good = play(&x, buf, len, NULL, 0, 3, 1, why, sizeof(why));
	verdict(good, why, name, "3 bytes at a time, borrowed");

	snprintf(path, sizeof(path), "%s/%s.chunks.json", CASEDIR, name);
	if (exists(path)) {
		if ((lens = chunks_load(path, len, &nlens)) == NULL) {
			nlens = 0;
			snprintf(why, sizeof(why), "bad read schedule");
			good = 0;
		} else
			good = play(&x, buf, len, lens, nlens, 0, 0, why,
			    sizeof(why));
		verdict(good, why, name, "read schedule");
		free(lens);
	}

	good = play(&x, buf, len, NULL, 0, 1, 0, why, sizeof(why));
	verdict(good, why, name, "byte by byte");

	nsplits = len <= ALLSPLITS ? len + 1 : NSAMPLES;
	good = 1;
	for (j = 0; good && j < nsplits; j++) {
		k = len <= ALLSPLITS ? j : j * len / (NSAMPLES - 1);
		if (!(good = play(&x, buf, len, &k, 1, 0, 0, why,
		    sizeof(why)))) {
			w = strlen(why);
			snprintf(why + w, sizeof(why) - w, " (split at %zu)",
			    k);
		}
	}
	verdict(good, why, name, len <= ALLSPLITS ? "every split" :
	    "sampled splits");
	expect_free(&x);
	free(buf);
}

static int
bystr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
conformance(void)
{
	DIR		 *d;
	struct dirent	 *de;
	char		**names = NULL, **nn;
	size_t		  n = 0, len, i;
	jv		  index, cases;

	if ((d = opendir(CASEDIR)) == NULL) {
		ok(0, "open %s", CASEDIR);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 4 || strcmp(de->d_name + len - 4, ".sse") != 0)
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*names))) == NULL)
			break;
		names = nn;
		if ((names[n] = strndup(de->d_name, len - 4)) == NULL)
			break;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), bystr);

	index = jload(INDEX);
	cases = jv_get_kind(index) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(index), jv_string("sse")) : jv_null();
	jv_free(index);
	ok(n > 0, "found %zu conformance cases", n);
	for (i = 0; i < n; i++) {
		conformance_case(names[i], jv_copy(cases));
		free(names[i]);
	}
	jv_free(cases);
	free(names);
}

/*
 * The unit cases render events as "type=data@id;" (no "@id" when the id
 * is empty), with LF, CR and NUL in data shown as \n, \r and \0.
 */
struct render {
	char	 s[1024];
	size_t	 len;
	int	 stop;		/* return this at event number stopat */
	size_t	 stopat;
	size_t	 n;
};

static void
put(struct render *r, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n && r->len + 3 < sizeof(r->s); i++)
		switch (s[i]) {
		case '\n':
			r->len += sprintf(r->s + r->len, "\\n");
			break;
		case '\r':
			r->len += sprintf(r->s + r->len, "\\r");
			break;
		case '\0':
			r->len += sprintf(r->s + r->len, "\\0");
			break;
		default:
			r->s[r->len++] = s[i];
			r->s[r->len] = '\0';
		}
}

static int
render(void *ctx, const struct sse_event *ev)
{
	struct render	*r = ctx;

	put(r, ev->type, ev->typelen);
	put(r, "=", 1);
	put(r, ev->data, ev->datalen);
	if (ev->idlen > 0) {
		put(r, "@", 1);
		put(r, ev->id, ev->idlen);
	}
	put(r, ";", 1);
	return ++r->n == r->stopat ? r->stop : 0;
}

static const struct {
	const char	*name;
	const char	*in[6];		/* the feeds, in order */
	const char	*want;
} table[] = {
	{ "CR ends a feed, its LF starts the next",
	    { "data: a\r", "\ndata: b\r\n\r\n" }, "message=a\\nb;" },
	{ "CR then LF across feeds, twice",
	    { "data: a\r", "\n\r", "\n" }, "message=a;" },
	{ "a CR after a feed-final CR is a blank line",
	    { "data: a\r", "\r" }, "message=a;" },
	{ "LF then CR is two line ends", { "data: a\n\r" }, "message=a;" },
	{ "CR line ends", { "data: a\rdata: b\r\r" }, "message=a\\nb;" },
	{ "CRLF line ends", { "data: a\r\ndata: b\r\n\r\n" },
	    "message=a\\nb;" },
	{ "BOM split over three feeds",
	    { "\xef", "\xbb", "\xbf" "data: x\n\n" }, "message=x;" },
	{ "BOM alone in a feed", { "\xef\xbb\xbf", "data: x\n\n" },
	    "message=x;" },
	{ "broken BOM joins the first line", { "\xef\xbb", "data: x\n\n" },
	    "" },
	{ "broken BOM is a line of its own", { "\xef\xbb", "\ndata: x\n\n" },
	    "message=x;" },
	{ "only one BOM is stripped",
	    { "\xef\xbb\xbf\xef\xbb\xbf" "data: x\n\n" }, "" },
	{ "BOM after a blank line is kept",
	    { "\n\xef\xbb\xbf" "data: x\n\n" }, "" },
	{ "BOM inside data is kept", { "data: \xef\xbb\xbfx\n\n" },
	    "message=\xef\xbb\xbfx;" },
	{ "data without a colon", { "data\n\n" }, "message=;" },
	{ "data without a colon, split", { "da", "ta", "\n", "\n" },
	    "message=;" },
	{ "no space after the colon", { "data:x\n\n" }, "message=x;" },
	{ "only one space is removed", { "data:  x \n\n" }, "message= x ;" },
	{ "a tab is not a space", { "data:\tx\n\n" }, "message=\tx;" },
	{ "the first colon splits", { "data: a: b\n\n" }, "message=a: b;" },
	{ "empty data lines join", { "data\ndata:\ndata\n\n" },
	    "message=\\n\\n;" },
	{ "datax is not data", { "datax: x\n\n" }, "" },
	{ "Data is not data", { "Data: x\n\n" }, "" },
	{ "comment only", { ": OPENROUTER PROCESSING\n\n" }, "" },
	{ "comment between data lines", { "data: a\n: ping\ndata: b\n\n" },
	    "message=a\\nb;" },
	{ "event names the event", { "event: delta\ndata: x\n\n" },
	    "delta=x;" },
	{ "empty event means message", { "event:\ndata: x\n\n" },
	    "message=x;" },
	{ "event alone dispatches nothing and is reset",
	    { "event: a\n\ndata: x\n\n" }, "message=x;" },
	{ "event is reset after dispatch",
	    { "event: a\ndata: 1\n\ndata: 2\n\n" }, "a=1;message=2;" },
	{ "the last event field wins", { "event: a\nevent: b\ndata: x\n\n" },
	    "b=x;" },
	{ "id persists across events", { "id: 7\ndata: a\n\ndata: b\n\n" },
	    "message=a@7;message=b@7;" },
	{ "an empty id clears it", { "id: 7\ndata: a\n\nid\ndata: b\n\n" },
	    "message=a@7;message=b;" },
	{ "an id in a block without data persists",
	    { "id: 9\n\ndata: a\n\n" }, "message=a@9;" },
	{ "retry alone dispatches nothing", { "retry: 10\n\n" }, "" },
	{ "an unterminated event is dropped", { "data: a\n\ndata: b\n" },
	    "message=a;" },
	{ "an unterminated line is dropped", { "data: a\n\ndata: b" },
	    "message=a;" },
	{ "empty feeds change nothing", { "", "data: a\n", "", "\n" },
	    "message=a;" },
};

static void
feed_table(void)
{
	struct render	 r;
	struct sse	*p;
	const char	*s;
	size_t		 i, j;
	int		 rc;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		memset(&r, 0, sizeof(r));
		p = sse_new(0);
		for (j = rc = 0; j < 6 && (s = table[i].in[j]) != NULL; j++)
			rc |= sse_feed(p, s, strlen(s), render, &r);
		sse_free(p);
		is_str(rc ? "error" : r.s, table[i].want, "%s", table[i].name);

		/* The same bytes one at a time must agree. */
		memset(&r, 0, sizeof(r));
		p = sse_new(0);
		for (j = rc = 0; j < 6 && table[i].in[j] != NULL; j++)
			for (s = table[i].in[j]; *s != '\0'; s++)
				rc |= sse_feed(p, s, 1, render, &r);
		sse_free(p);
		is_str(rc ? "error" : r.s, table[i].want, "%s, byte by byte",
		    table[i].name);
	}
}

static void
nul_bytes(void)
{
	static const char in[] = "id: 1\nid: x\0y\ndata: a\0b\n\n";
	struct render	 r;
	struct sse	*p;

	memset(&r, 0, sizeof(r));
	p = sse_new(0);
	is_int(sse_feed(p, in, sizeof(in) - 1, render, &r), 0,
	    "NUL: feed");
	is_str(r.s, "message=a\\0b@1;",
	    "NUL kept in data, id with NUL ignored");
	sse_free(p);
}

static void
pending(void)
{
	static const struct {
		const char	*in;
		int		 want;
	} steps[] = {
		{ "", 0 },
		{ "data: x", 1 },	/* a partial line */
		{ "\n", 1 },		/* data buffered */
		{ "\n", 0 },
		{ ": comment\n", 0 },
		{ ": comm", 1 },	/* even a partial comment */
		{ "ent\n", 0 },
		{ "event: a\n", 1 },
		{ "\n", 0 },
		{ "retry: 5\n", 1 },	/* any field line opens an event */
		{ "\r", 0 },
		{ "\n", 0 },		/* the LF of that CR, not a line */
		{ "id: 3\r\n\r\n", 0 },
	};
	struct sse	*p;
	size_t		 i;

	p = sse_new(0);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sse_feed(p, steps[i].in, strlen(steps[i].in), NULL, NULL);
		is_int(sse_pending(p) != 0, steps[i].want, "pending after %zu",
		    i);
	}
	sse_free(p);

	p = sse_new(0);
	sse_feed(p, "\xef\xbb", 2, NULL, NULL);
	is_int(sse_pending(p) != 0, 1, "pending inside a BOM");
	sse_feed(p, "\xbf", 1, NULL, NULL);
	is_int(sse_pending(p) != 0, 0, "not pending after a whole BOM");
	sse_free(p);
}

static void
stop(void)
{
	static const char in[] = "data: 1\n\ndata: 2\n\ndata: 3\n\n";
	struct render	 r;
	struct sse	*p;

	memset(&r, 0, sizeof(r));
	r.stop = 7;
	r.stopat = 2;
	p = sse_new(0);
	is_int(sse_feed(p, in, strlen(in), render, &r), 7,
	    "callback's value returned");
	is_str(r.s, "message=1;message=2;", "nothing after the stop");
	is_int(sse_feed(p, "data: 4\n\n", 9, render, &r), 7,
	    "a stopped parser stays stopped");
	is_int(r.n, 2, "no events after the stop");
	sse_free(p);
}

static void
toobig(void)
{
	static const char in[] =
	    "data: 1\n\ndata: 01234567\ndata: 0123456\n\n";
	struct render	 r;
	struct sse	*p;
	size_t		 i;
	int		 rc;

	p = sse_new(16);
	is_int(sse_feed(p, "data: 0123456789\n\n", 18, NULL, NULL), 0,
	    "a line of exactly maxbytes fits");
	is_int(sse_feed(p, "data: 0123456789a\n\n", 19, NULL, NULL),
	    SSE_ETOOBIG, "a line over maxbytes is SSE_ETOOBIG");
	is_int(sse_feed(p, "data: 1\n\n", 9, NULL, NULL), SSE_ETOOBIG,
	    "the error is final");
	sse_free(p);

	/* Data counts too, and the limit trips at one place however split. */
	memset(&r, 0, sizeof(r));
	p = sse_new(16);
	is_int(sse_feed(p, in, strlen(in), render, &r), SSE_ETOOBIG,
	    "data plus line over maxbytes");
	is_str(r.s, "message=1;", "events before the limit delivered");
	sse_free(p);
	memset(&r, 0, sizeof(r));
	p = sse_new(16);
	for (i = rc = 0; in[i] != '\0' && rc == 0; i++)
		rc = sse_feed(p, in + i, 1, render, &r);
	is_int(rc, SSE_ETOOBIG, "data plus line over maxbytes, byte by byte");
	is_str(r.s, "message=1;", "same events before the limit");
	sse_free(p);

	p = sse_new(16);
	for (i = rc = 0; i < 20 && rc == 0; i++)
		rc = sse_feed(p, ":", 1, NULL, NULL);
	is_int(rc, SSE_ETOOBIG, "a long comment line counts too");
	sse_free(p);
	ok(strcmp(sse_strerror(SSE_ETOOBIG), sse_strerror(1)) != 0 &&
	    strcmp(sse_strerror(SSE_ETOOBIG), sse_strerror(0)) != 0 &&
	    strcmp(sse_strerror(1), sse_strerror(0)) != 0,
	    "sse_strerror tells the errors apart");
}

static void
retry(void)
{
	static const struct {
		const char	*in;
		long		 want;
	} steps[] = {
		{ "", -1 },
		{ "retry: 1500\n", 1500 },
		{ "retry: 15x\n", 1500 },
		{ "retry:\n", 1500 },
		{ "retry\n", 1500 },
		{ "retry: -1\n", 1500 },
		{ "retry:  5\n", 1500 },
		{ "retry: 5 \n", 1500 },
		{ "Retry: 5\n", 1500 },
		{ "retry:0\n", 0 },
		{ "retry: 99999999999999999999999\n", LONG_MAX },
		{ "retry: 42\r\n\r\n", 42 },
	};
	struct sse	*p;
	size_t		 i;

	p = sse_new(0);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sse_feed(p, steps[i].in, strlen(steps[i].in), NULL, NULL);
		is_int(retry_of(p), steps[i].want, "retry after '%.*s'",
		    (int)strcspn(steps[i].in, "\r\n"), steps[i].in);
	}
	sse_free(p);
}

static int
verify(void *ctx, const struct sse_event *ev)
{
	const char	*line = ctx;

	/* The data must be the line minus its "data: " and "\n\n". */
	return ev->datalen == strlen(line) - 8 &&
	    memcmp(ev->data, line + 6, ev->datalen) == 0 ? 9 : 1;
}

/* Linear time or this takes hours: a 4 MiB line fed a byte at a time. */
static void
long_line(void)
{
	size_t		 n = 4 << 20, i;
	char		*line;
	struct sse	*p;
	int		 rc;

	if ((line = malloc(n + 9)) == NULL) {
		ok(0, "malloc");
		return;
	}
	memcpy(line, "data: ", 6);
	for (i = 0; i < n; i++)
		line[6 + i] = 'a' + i % 26;
	memcpy(line + 6 + n, "\n\n", 3);
	p = sse_new(0);
	for (i = rc = 0; i < n + 8 && rc == 0; i++)
		rc = sse_feed(p, line + i, 1, verify, line);
	is_int(rc, 9, "4 MiB data line byte by byte: one exact event");
	is_int(i, n + 8, "dispatched at the last byte");
	sse_free(p);

	line[0] = ':';
	p = sse_new(0);
	for (i = rc = 0; i < n + 8 && rc == 0; i++)
		rc = sse_feed(p, line + i, 1, verify, line);
	ok(rc == 0 && !sse_pending(p), "4 MiB comment byte by byte");
	sse_free(p);
	free(line);
}

int
main(void)
{
	conformance();
	feed_table();
	nul_bytes();
	pending();
	stop();
	toobig();
	retry();
	long_line();
	return tap_done();
}
