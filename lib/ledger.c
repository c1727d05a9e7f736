/*
 * ledger: records read, priced and added up.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "cost.h"
#include "costrec.h"
#include "error.h"
#include "ledger.h"
#include "money.h"
#include "util.h"

struct ledger {
	struct cost_ids		*ids;
	enum ledger_by		 by;
	void			(*each)(void *, const struct ledger_item *);
	void			*ctx;
	struct ledger_total	 all;
	struct ledger_total	*g;
	size_t			 ng, gsize, last;
	const char		*name;	/* the file being read */
	int			 status;
};

struct ledger *
ledger_new(const struct catalog *c, enum ledger_by by,
    void (*each)(void *, const struct ledger_item *), void *ctx)
{
	struct ledger *l = xcalloc(1, sizeof *l);

	l->ids = cost_ids_new(c);
	l->by = by;
	l->each = each;
	l->ctx = ctx;
	return l;
}

static void
worse(struct ledger *l, int status)
{
	if (l->status < status)
		l->status = status;
}

static void
bad(struct ledger *l, long long line, const char *why)
{
	warnx("%s:%lld: %s", l->name, line, why);
	worse(l, EX_DATAERR);
}

/* Add one record's figures to a total; -1 when it would overflow. */
static int
tally(struct ledger_total *t, const struct ledger_item *it)
{
	const struct cost_rec *rec = it->rec;

	if (__builtin_add_overflow(t->prompt, rec->u.prompt, &t->prompt) ||
	    __builtin_add_overflow(t->completion, rec->u.completion,
	    &t->completion) ||
	    (it->have_cost && money_add(t->cost, it->cost, &t->cost) !=
	    MONEY_OK) ||
	    (rec->have_billed && money_add(t->billed, rec->billed,
	    &t->billed) != MONEY_OK))
		return -1;
	t->records++;
	t->ncost += it->have_cost;
	t->nbilled += rec->have_billed;
	return 0;
}

/* The group of key, made when new; the last one found is tried first. */
static struct ledger_total *
group(struct ledger *l, const char *key)
{
	size_t i;

	if (l->ng && strcmp(l->g[l->last].key, key) == 0)
		return &l->g[l->last];
	for (i = 0; i < l->ng; i++)
		if (strcmp(l->g[i].key, key) == 0) {
			l->last = i;
			return &l->g[i];
		}
	if (l->ng == l->gsize) {
		l->gsize = l->gsize ? 2 * l->gsize : 16;
		l->g = xrealloc(l->g, l->gsize * sizeof *l->g);
	}
	memset(&l->g[l->ng], 0, sizeof *l->g);
	l->g[l->ng].key = xstrdup(key);
	l->last = l->ng;
	return &l->g[l->ng++];
}

/* Price one record and count it. */
static void
one(struct ledger *l, const struct cost_rec *rec)
{
	struct cost_id *ci = cost_ids_get(l->ids, rec->model);
	struct ledger_item it;
	const char *why = NULL, *key;
	int rc = COST_VARIABLE;

	it.rec = rec;
	it.id = ci->m ? ci->m->id : rec->model;
	it.cost = 0;
	if (ci->m)
		rc = cost_id_compute(ci, &rec->u, &it.cost, &why);
	if (rc < 0) {
		bad(l, rec->line, why);
		return;
	}
	it.have_cost = rc == COST_OK;
	if (!it.have_cost && !ci->warned) {
		char clean[COST_IDMAX];

		sanitize(clean, sizeof clean, rec->model, strlen(rec->model));
		warnx("%s:%lld: %s: %s; its cost is not computed", l->name,
		    rec->line, clean, ci->m ? why : "no such model in the "
		    "catalog");
		ci->warned = 1;
		worse(l, OR_EX_NEGATIVE);
	}
	if (tally(&l->all, &it) == -1) {
		bad(l, rec->line, "the totals are beyond what can be counted");
		return;
	}
	if (l->by != LB_NONE) {
		key = l->by == LB_MODEL ? it.id : l->by == LB_DAY ? rec->day :
		    rec->provider;
		if (tally(group(l, *key ? key : "-"), &it) == -1) {
			bad(l, rec->line, "the totals are beyond what can be "
			    "counted");
			return;
		}
	}
	if (l->each)
		l->each(l->ctx, &it);
}

/*
 * Pass over a record longer than LEDGER_RECMAX: the *len bytes in buf
 * (no newline ends the record there) and the input up to the next
 * newline.  Then buf holds what followed that newline in the last read,
 * *len its length, and *line is past the lines passed over.  0, or -1
 * with errno on a read error.
 */
static int
skip_long(int fd, char *buf, size_t size, size_t *len, long long *line,
    int *eof)
{
	const char *nl;
	ssize_t n;
	size_t i;

	for (i = 0; i < *len; i++)
		*line += buf[i] == '\n';
	*len = 0;
	for (;;) {
		n = read(fd, buf, size);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			*eof = 1;
			return 0;
		}
		if ((nl = memchr(buf, '\n', (size_t)n)) != NULL) {
			*line += 1;
			*len = (size_t)n - (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, *len);
			return 0;
		}
	}
}

int
ledger_read(struct ledger *l, int fd, const char *name, struct or_error *e)
{
	struct cost_rec rec;
	char why[256], *buf;
	size_t size = LEDGER_RECMAX, len = 0, pos = 0;
	long long line = 1;
	ssize_t n = 0;
	int eof = 0, rc, rerr = 0;

	l->name = name;
	buf = xmalloc(size + 1);
	for (;;) {
		rc = costrec_next(buf, len, &pos, eof, &line, &rec, why,
		    sizeof why);
		if (rc == CR_RECORD) {
			one(l, &rec);
			continue;
		}
		if (rc == CR_SKIP)
			continue;
		if (rc == CR_ERROR) {
			bad(l, rec.line, why);
			continue;
		}
		if (rc == CR_END && eof)
			break;
		/* CR_MORE, or the end of what was read: read on. */
		if (pos > 0) {
			memmove(buf, buf + pos, len - pos);
			len -= pos;
			pos = 0;
		}
		if (len == size) {
			/*
			 * One record fills the buffer: never grown for it (an
			 * unterminated one would take all memory).  It is bad;
			 * the records after it still count.
			 */
			snprintf(why, sizeof why, "a record longer than %d "
			    "bytes", LEDGER_RECMAX);
			bad(l, line, why);
			if (skip_long(fd, buf, size, &len, &line, &eof) == -1) {
				rerr = errno;
				break;
			}
			continue;
		}
		n = read(fd, buf + len, size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			rerr = errno;
			break;
		}
		if (n == 0)
			eof = 1;
		len += (size_t)n;
	}
	free(buf);
	if (rerr)
		return error_set(e, EX_NOINPUT, "%s: %s", name,
		    strerror(rerr));
	return 0;
}

int
ledger_status(const struct ledger *l)
{
	return l->status;
}

const struct ledger_total *
ledger_all(const struct ledger *l)
{
	return &l->all;
}

static int
by_key(const void *a, const void *b)
{
	return strcmp(((const struct ledger_total *)a)->key,
	    ((const struct ledger_total *)b)->key);
}

const struct ledger_total *
ledger_groups(struct ledger *l, size_t *n)
{
	qsort(l->g, l->ng, sizeof *l->g, by_key);
	l->last = 0;
	*n = l->ng;
	return l->g;
}

void
ledger_free(struct ledger *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->ng; i++)
		free(l->g[i].key);
	free(l->g);
	cost_ids_free(l->ids);
	free(l);
}
