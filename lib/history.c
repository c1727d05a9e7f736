/*
 * history: the changes between catalogs, the history files that keep
 * them, and the prices a model had on a day (see history.h).
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "archive.h"
#include "catalog.h"
#include "catindex.h"
#include "error.h"
#include "history.h"
#include "jscan.h"
#include "jw.h"
#include "mfilter.h"
#include "money.h"
#include "table.h"
#include "util.h"

#define HEAD		"# orkit-history 1 since "
#define MAXFILE		(64 << 20)	/* a history or catalog file */

const int hist_prices[HIST_NPRICES] = {
	CP_PROMPT, CP_COMPLETION, CP_CACHE_READ, CP_CACHE_WRITE, CP_REQUEST
};

int
hist_day(long long t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((long long)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 11, "%Y-%m-%d", &tm) != 10)
		return -1;
	return 0;
}

/* ---- a catalog, for comparing ---------------------------------------- */

static int
model_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hist_model *)a)->id,
	    ((const struct hist_model *)b)->id);
}

/* By id, then the order of the file: the first of an id leads. */
static int
model_first(const void *a, const void *b)
{
	const struct hist_model *x = a, *y = b;
	int d = strcmp(x->id, y->id);

	return d ? d : x->obj < y->obj ? -1 : x->obj > y->obj;
}

int
hist_cat_read(const char *json, size_t len, struct hist_cat *c, char *why,
    size_t whysize)
{
	struct jscan_val data, obj, v;
	size_t pos = 0, n, i, k;
	long long x;
	struct hist_model *m;

	memset(c, 0, sizeof *c);
	if (jscan_get(json, len, "data", &data) != 1 ||
	    data.kind != JSCAN_ARRAY) {
		snprintf(why, whysize, "no \"data\" array of models");
		return -1;
	}
	while (jscan_iter(data.p, data.len, &pos, NULL, &obj) == 1) {
		if (obj.kind != JSCAN_OBJECT ||
		    jscan_get(obj.p, obj.len, "id", &v) != 1 ||
		    v.kind != JSCAN_STRING || catindex_bad_id(&v))
			continue;	/* as the catalog leaves it out */
		if ((c->n & (c->n - 1)) == 0)	/* 0, 1, 2, 4, ...: double */
			c->v = xrealloc(c->v, (c->n ? 2 * c->n : 1) *
			    sizeof c->v[0]);
		m = &c->v[c->n++];
		n = jscan_unescape(v.p, v.len, NULL, 0);
		m->id = xmalloc(n + 1);
		jscan_unescape(v.p, v.len, m->id, n + 1);
		m->obj = obj.p;
		m->objlen = obj.len;
		m->context = -1;
		if (jscan_get(obj.p, obj.len, "context_length", &v) == 1 &&
		    jscan_llong(&v, 0, LLONG_MAX, &x) == 0)
			m->context = x;
		memset(&m->price, 0, sizeof m->price);
		if (jscan_get(obj.p, obj.len, "pricing", &v) == 1 &&
		    v.kind == JSCAN_OBJECT)
			catalog_read_prices(v.p, v.len, &m->price);
	}
	if (c->n == 0)
		return 0;
	/* An id listed twice is the first, as catalog_find has it. */
	qsort(c->v, c->n, sizeof c->v[0], model_first);
	for (i = k = 1; i < c->n; i++)
		if (strcmp(c->v[i].id, c->v[k - 1].id) != 0)
			c->v[k++] = c->v[i];
		else
			free(c->v[i].id);
	c->n = k;
	return 0;
}

const struct hist_model *
hist_cat_find(const struct hist_cat *c, const char *id)
{
	struct hist_model key;

	if (c->n == 0)
		return NULL;
	key.id = (char *)id;
	return bsearch(&key, c->v, c->n, sizeof c->v[0], model_cmp);
}

void
hist_cat_free(struct hist_cat *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].id);
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* ---- changes --------------------------------------------------------- */

static void
add(struct hist *h, const char *date, const char *id, const char *field,
    const char *old, const char *new)
{
	struct hist_change *c;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->v = xrealloc(h->v, h->cap * sizeof h->v[0]);
	}
	c = &h->v[h->n];
	snprintf(c->date, sizeof c->date, "%s", date);
	c->id = xstrdup(id);
	c->field = xstrdup(field);
	c->old = xstrdup(old);
	c->new = xstrdup(new);
	c->seq = h->n++;
}

static void
change_free(struct hist_change *c)
{
	free(c->id);
	free(c->field);
	free(c->old);
	free(c->new);
}

/* A price as a history keeps it: "?", "-1", or the exact decimal. */
static char *
price_text(const struct cat_price *p, int f, char *buf, size_t size)
{
	if (p->unknown & (1u << f))
		snprintf(buf, size, "?");
	else if (p->variable & (1u << f))
		snprintf(buf, size, "-1");
	else
		money_fmt(p->have & (1u << f) ? p->v[f] : 0, buf, size);
	return buf;
}

static char *
count_text(long long n, char *buf, size_t size)
{
	if (n < 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%lld", n);
	return buf;
}

/* The changes of one model present in both. */
static void
compare_model(const struct hist_model *a, const struct hist_model *b,
    const char *date, struct hist *h)
{
	char x[MONEY_FMTSIZE], y[MONEY_FMTSIZE];
	int i, f;

	for (i = 0; i < HIST_NPRICES; i++) {
		f = hist_prices[i];
		price_text(&a->price, f, x, sizeof x);
		price_text(&b->price, f, y, sizeof y);
		if (strcmp(x, y) != 0)
			add(h, date, a->id, cat_price_name(f), x, y);
	}
	if (a->context != b->context)
		add(h, date, a->id, "context_length", count_text(a->context,
		    x, sizeof x), count_text(b->context, y, sizeof y));
}

void
hist_compare(const struct hist_cat *old, const struct hist_cat *new,
    const char *date, struct hist *h)
{
	size_t i = 0, j = 0;
	int d;

	/* Both are sorted by id: one merge. */
	while (i < old->n || j < new->n) {
		d = i == old->n ? 1 : j == new->n ? -1 :
		    strcmp(old->v[i].id, new->v[j].id);
		if (d < 0)
			add(h, date, old->v[i++].id, "withdrawn", "", "");
		else if (d > 0)
			add(h, date, new->v[j++].id, "added", "", "");
		else
			compare_model(&old->v[i++], &new->v[j++], date, h);
	}
}

/* ---- history files --------------------------------------------------- */

static int
is_day(const char *s, size_t n)
{
	long long t;
	char tmp[11];

	if (n != 10)
		return 0;
	memcpy(tmp, s, 10);
	tmp[10] = '\0';
	return mfilter_parse_date(tmp, &t) == 0;
}

int
hist_parse(const char *text, size_t len, struct hist *h, char *why,
    size_t whysize)
{
	const char *p = text, *end = text + len, *nl, *f[5];
	char *line;
	size_t n, lineno = 0;
	int k;

	for (; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		if (n >= sizeof HEAD - 1 && memcmp(p, HEAD, sizeof HEAD - 1)
		    == 0 && is_day(p + sizeof HEAD - 1, n - sizeof HEAD + 1)) {
			if (!h->since[0] || memcmp(p + sizeof HEAD - 1,
			    h->since, 10) < 0)
				memcpy(h->since, p + sizeof HEAD - 1, 10);
			h->since[10] = '\0';
			continue;
		}
		if (n == 0 || *p == '#')
			continue;
		line = xstrndup(p, n);
		f[0] = line;
		for (k = 1; k < 5 && (f[k] = strchr(f[k - 1], '\t')) != NULL;
		    k++)
			*(char *)f[k]++ = '\0';
		if (memchr(p, '\0', n) != NULL || k < 5 ||
		    strchr(f[4], '\t') != NULL ||
		    !is_day(f[0], strlen(f[0])) || !*f[1] || !*f[2]) {
			free(line);
			snprintf(why, whysize, "line %zu is no change", lineno);
			return -1;
		}
		add(h, f[0], f[1], f[2], f[3], f[4]);
		free(line);
	}
	return 0;
}

static int
newest_first(const void *a, const void *b)
{
	const struct hist_change *x = a, *y = b;
	int d = strcmp(y->date, x->date);

	return d ? d : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* One history file into h; quiet when it is missing. */
static void
load_file(const char *path, struct hist *h)
{
	struct buf b;
	char why[128];
	size_t n0 = h->n;

	buf_init(&b, MAXFILE);
	if (read_own(path, &b) == 0 && hist_parse(b.p, b.len, h, why,
	    sizeof why) == -1) {
		warnx("history %s: %s; left out", path, why);
		while (h->n > n0)
			change_free(&h->v[--h->n]);
	}
	buf_free(&b);
}

void
hist_load(struct hist *h)
{
	char path[PATH_MAX];
	size_t i;

	memset(h, 0, sizeof *h);
	if (archive_path(1, "history.tsv", path, sizeof path) == 0)
		load_file(path, h);
	if (archive_path(0, "history.tsv", path, sizeof path) == 0)
		load_file(path, h);
	for (i = 0; i < h->n; i++)
		h->v[i].seq = i;
	if (h->n)
		qsort(h->v, h->n, sizeof h->v[0], newest_first);
}

int
hist_append(const char *path, const struct hist *h, const char *since)
{
	struct buf b, add;
	size_t i;
	int r = 0;

	buf_init(&b, MAXFILE);	/* a link to /dev/zero is no history */
	buf_init(&add, 0);
	if (read_own(path, &b) == -1) {
		if (errno != ENOENT) {
			buf_free(&b);
			return -1;
		}
		buf_reset(&b);
		buf_adds(&b, HEAD);
		buf_adds(&b, since);
		buf_adds(&b, "\n");
	}
	if (b.len && b.p[b.len - 1] != '\n')
		buf_adds(&b, "\n");
	for (i = 0; i < h->n; i++) {
		buf_adds(&add, h->v[i].date);
		buf_adds(&add, "\t");
		buf_adds(&add, h->v[i].id);
		buf_adds(&add, "\t");
		buf_adds(&add, h->v[i].field);
		buf_adds(&add, "\t");
		buf_adds(&add, h->v[i].old);
		buf_adds(&add, "\t");
		buf_adds(&add, h->v[i].new);
		buf_adds(&add, "\n");
	}
	/*
	 * Two refreshes at once compare the same cached catalog: the one
	 * that comes second finds these very changes already at the end.
	 */
	if (add.len == 0 || (b.len > add.len && b.p[b.len - add.len - 1] ==
	    '\n' && memcmp(b.p + b.len - add.len, add.p, add.len) == 0))
		goto done;
	buf_add(&b, add.p, add.len);
	r = write_atomic_mode(path, b.p, b.len, 0600);
done:
	buf_free(&add);
	buf_free(&b);
	return r;
}

void
hist_free(struct hist *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		change_free(&h->v[i]);
	free(h->v);
	memset(h, 0, sizeof *h);
}

/* ---- output ---------------------------------------------------------- */

/* Is the field a price per token (shown per million tokens)? */
static int
per_token(const char *field)
{
	return strcmp(field, "request") != 0 &&
	    strcmp(field, "context_length") != 0;
}

static int
is_price(const char *field)
{
	int i;

	for (i = 0; i < HIST_NPRICES; i++)
		if (strcmp(field, cat_price_name(hist_prices[i])) == 0)
			return 1;
	return 0;
}

/*
 * A value read as an amount: a price, or a count (as a bare integer, not
 * in dollars: any context length fits, and a ratio needs no unit).  0, or
 * -1 when none.
 */
static int
value(const char *field, const char *s, money_t *x)
{
	long long n;

	if (strcmp(field, "context_length") == 0) {
		if (parse_long(s, 0, LLONG_MAX, &n) == -1)
			return -1;
		*x = n;
		return 0;
	}
	if (!is_price(field) || strcmp(s, "-1") == 0 ||
	    money_parse(s, strlen(s), x) != 0 || *x < 0)
		return -1;
	return 0;
}

/* A value as shown: per million tokens for a per-token price. */
static const char *
shown(const char *field, const char *s, char *buf, size_t size)
{
	money_t x;

	if (strcmp(field, "context_length") == 0 || !is_price(field))
		return s;
	if (strcmp(s, "-1") == 0)
		return "-";
	if (value(field, s, &x) == -1)
		return s;
	return per_token(field) ? money_fmt_per_million(x, buf, size) :
	    money_fmt(x, buf, size);
}

/*
 * The relative change from old to new in percent, to one decimal place
 * (half away from zero), signed: "+25", "-33.3", "0".  "" when there is
 * none to say (a value missing, an old value of 0).
 */
static char *
relative(const char *field, const char *old, const char *new, char *buf,
    size_t size)
{
	money_t a, b, d, q;
	int neg;

	buf[0] = '\0';
	if (value(field, old, &a) == -1 || value(field, new, &b) == -1 ||
	    a == 0)
		return buf;
	/* Tenths of a percent: (b - a) * 1000 / a, rounded. */
	d = b - a;
	neg = d < 0;
	if (neg)
		d = -d;
	if (d > MONEY_MAX / 2000)
		return buf;
	q = (d * 2000 / a + 1) / 2;
	if (q == 0)
		snprintf(buf, size, "0");
	else if (q % 10 == 0)
		snprintf(buf, size, "%c%lld", neg ? '-' : '+',
		    (long long)(q / 10));
	else
		snprintf(buf, size, "%c%lld.%d", neg ? '-' : '+',
		    (long long)(q / 10), (int)(q % 10));
	return buf;
}

/* A value into JSON: a number (per million tokens), or null. */
static void
json_value(struct jw *w, const char *key, const char *field, const char *s)
{
	money_t x, y;

	jw_key(w, key);
	if (value(field, s, &x) == -1)
		jw_null(w);
	else if (strcmp(field, "context_length") == 0)
		jw_raw(w, s, strlen(s));
	else if (per_token(field) && money_mul_int(x, 1000000, &y) == 0)
		jw_money(w, y);
	else
		jw_money(w, x);
}

size_t
hist_print(FILE *fp, const struct hist *h, const char *since,
    enum hist_format fmt, int colour)
{
	static const char *const heads[] = {
		"DATE", "ID", "FIELD", "OLD", "NEW", "CHANGE"
	};
	static const unsigned flags[] = {
		0, 0, 0, TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT
	};
	const struct hist_change *c;
	struct table_json j;
	struct table *t = NULL;
	struct jw w;
	struct buf b;
	char o[MONEY_FMTSIZE], nw[MONEY_FMTSIZE], rel[32], pct[40];
	char clean[4][512];
	const char *cells[6];
	size_t i, k, n = 0;

	buf_init(&b, 0);
	if (fmt == HF_JSON || fmt == HF_JSONL)
		table_json_begin(&j, fp, fmt == HF_JSONL);
	else {
		t = table_new(6, heads, flags, fmt == HF_TABLE);
		table_stream(t, fp);
	}
	for (i = 0; i < h->n; i++) {
		c = &h->v[i];
		if (since && strcmp(c->date, since) < 0)
			continue;
		n++;
		relative(c->field, c->old, c->new, rel, sizeof rel);
		if (t) {
			snprintf(pct, sizeof pct, "%s%s", rel, *rel ? "%" : "");
			cells[0] = c->date;
			cells[1] = c->id;
			cells[2] = c->field;
			cells[3] = shown(c->field, c->old, o, sizeof o);
			cells[4] = shown(c->field, c->new, nw, sizeof nw);
			cells[5] = pct;
			/* A history file is outside text: clean on a
			 * terminal, exact in a pipe. */
			for (k = 0; fmt == HF_TABLE && k < 4; k++)
				cells[k + 1] = sanitize(clean[k],
				    sizeof clean[k], cells[k + 1],
				    strlen(cells[k + 1]));
			table_add(t, cells);
			continue;
		}
		buf_reset(&b);
		jw_init(&w, &b);
		jw_obj(&w);
		jw_kstr(&w, "date", c->date, strlen(c->date));
		jw_kstr(&w, "id", c->id, strlen(c->id));
		jw_kstr(&w, "field", c->field, strlen(c->field));
		json_value(&w, "old", c->field, c->old);
		json_value(&w, "new", c->field, c->new);
		jw_key(&w, "change_pct");
		if (*rel)
			jw_raw(&w, rel + (*rel == '+'), strlen(rel) -
			    (*rel == '+'));
		else
			jw_null(&w);
		jw_end(&w);
		table_json_put(&j, b.p, b.len);
	}
	if (t) {
		table_write(t, fp, colour);
		table_free(t);
	} else
		table_json_end(&j);
	buf_free(&b);
	return n;
}

int
hist_changes_cmd(long long since, enum hist_format fmt, int colour)
{
	struct hist h;
	char day[11];
	size_t n;

	hist_load(&h);
	if (since >= 0 && hist_day(since, day) == -1)
		since = -1;
	n = hist_print(stdout, &h, since >= 0 ? day : NULL, fmt, colour);
	hist_free(&h);
	return n ? 0 : OR_EX_NEGATIVE;
}

/* The YYYY-MM-DD in the file name of path, else its mtime's day. */
static void
file_day(const char *path, char out[11])
{
	const char *base = strrchr(path, '/'), *p;
	struct stat st;

	base = base ? base + 1 : path;
	for (p = base; strlen(p) >= 10; p++)
		if (is_day(p, 10)) {
			memcpy(out, p, 10);
			out[10] = '\0';
			return;
		}
	if (stat(path, &st) == -1 || hist_day(st.st_mtime, out) == -1)
		snprintf(out, 11, "0000-00-00");
}

int
hist_diff_cmd(const char *oldpath, const char *newpath,
    enum hist_format fmt, int colour)
{
	struct buf ob, nb;
	struct hist_cat oc, nc;
	struct hist h;
	char why[128], day[11];
	const char *bad = NULL;
	int st;

	buf_init(&ob, MAXFILE);
	buf_init(&nb, MAXFILE);
	memset(&h, 0, sizeof h);
	memset(&oc, 0, sizeof oc);
	memset(&nc, 0, sizeof nc);
	if ((bad = oldpath, read_file(oldpath, &ob) == -1) ||
	    (bad = newpath, read_file(newpath, &nb) == -1)) {
		warn("%s", bad);
		buf_free(&ob);
		buf_free(&nb);
		return EX_NOINPUT;
	}
	bad = NULL;
	if (hist_cat_read(ob.p, ob.len, &oc, why, sizeof why) == -1)
		bad = oldpath;
	else if (hist_cat_read(nb.p, nb.len, &nc, why, sizeof why) == -1)
		bad = newpath;
	if (bad) {
		warnx("%s: not a catalog: %s", bad, why);
		st = EX_DATAERR;
	} else {
		file_day(newpath, day);
		hist_compare(&oc, &nc, day, &h);
		st = hist_print(stdout, &h, NULL, fmt, colour) ? 0 :
		    OR_EX_NEGATIVE;
	}
	hist_free(&h);
	hist_cat_free(&oc);
	hist_cat_free(&nc);
	buf_free(&ob);
	buf_free(&nb);
	return st;
}

/* ---- prices on a day ------------------------------------------------- */

/* Is change a before change b (day, then the order the files have)? */
static int
before(const struct hist_change *a, const struct hist_change *b)
{
	int d = strcmp(a->date, b->date);

	return d < 0 || (d == 0 && a->seq < b->seq);
}

int
hist_price_at(const struct hist *h, const struct cat_model *m,
    const char *date, struct cat_model *out, char *why, size_t whysize)
{
	const struct hist_change *c, *state = NULL, *first = NULL;
	const struct hist_change *undo[HIST_NPRICES + 1] = { NULL };
	money_t x;
	size_t i;
	int f, k, undone = 0;

	if (!h->since[0] || strcmp(date, h->since) < 0) {
		snprintf(why, whysize, "the catalog history starts %s",
		    h->since[0] ? h->since : "nowhere (there is none)");
		return -1;
	}
	/*
	 * For each field, the first change made after that day (its old
	 * value is that day's); the last "added" or "withdrawn" on or
	 * before it, and the first of all.
	 */
	for (i = 0; i < h->n; i++) {
		c = &h->v[i];
		if (strcmp(c->id, m->id) != 0)
			continue;
		if (strcmp(c->field, "added") == 0 ||
		    strcmp(c->field, "withdrawn") == 0) {
			if (strcmp(c->date, date) <= 0 &&
			    (state == NULL || before(state, c)))
				state = c;
			if (first == NULL || before(c, first))
				first = c;
			continue;
		}
		if (strcmp(c->date, date) <= 0)
			continue;
		for (k = 0; k <= HIST_NPRICES; k++)
			if (strcmp(c->field, k < HIST_NPRICES ?
			    cat_price_name(hist_prices[k]) : "context_length")
			    == 0 && (undo[k] == NULL || before(c, undo[k])))
				undo[k] = c;
	}
	/* Listed that day: after an "added", or before a first "withdrawn". */
	if ((state && strcmp(state->field, "withdrawn") == 0) ||
	    (!state && first && strcmp(first->field, "added") == 0)) {
		snprintf(why, whysize, "not listed on %s (%s %s)", date,
		    state ? "withdrawn" : "added", state ? state->date :
		    first->date);
		return -1;
	}
	*out = *m;
	for (k = 0; k < HIST_NPRICES; k++) {
		if ((c = undo[k]) == NULL)
			continue;
		f = hist_prices[k];
		if (strcmp(c->old, "?") == 0)
			cat_price_put_unknown(&out->price, f);
		else if (money_parse(c->old, strlen(c->old), &x) == 0)
			cat_price_put(&out->price, f, x);
		undone = 1;
	}
	if ((c = undo[HIST_NPRICES]) != NULL && parse_long(c->old, 0,
	    LLONG_MAX, &out->context_length) == -1)
		out->context_length = -1;
	/* The conditional prices are today's: not for other prices. */
	if (undone)
		out->has_overrides = 0;
	return 0;
}
