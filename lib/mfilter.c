/*
 * mfilter: which models a command lists, and in what order -- the filters,
 * the sorts, and the long options that set them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "compat.h"
#include "error.h"
#include "mfilter.h"
#include "money.h"
#include "util.h"

void
mfilter_init(struct mfilter *f)
{
	memset(f, 0, sizeof *f);
	f->since = -1;
}

void
mfilter_words_free(struct mfilter_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

void
mfilter_free(struct mfilter *f)
{
	mfilter_words_free(&f->pat);
	mfilter_words_free(&f->any);
	mfilter_words_free(&f->input);
	mfilter_words_free(&f->output);
	mfilter_words_free(&f->supports);
	free(f->anym);
	free(f->tokenizer);
	mfilter_init(f);
}

void
mfilter_words_add(struct mfilter_words *w, const char *s, int split)
{
	size_t len;

	for (;;) {
		len = split ? strcspn(s, ",") : strlen(s);
		if (len > 0) {
			w->v = xrealloc(w->v, (w->n + 1) * sizeof w->v[0]);
			w->v[w->n++] = xstrndup(s, len);
		}
		if (s[len] == '\0')
			break;
		s += len + 1;
	}
}

int
mfilter_words_read(struct mfilter_words *w, int fd)
{
	struct buf b;
	char *line, *end, *p;
	int e;

	buf_init(&b, 16u << 20);
	if (read_fd(fd, &b) == -1) {
		e = errno;
		buf_free(&b);
		errno = e;
		return -1;
	}
	for (p = b.p; p && (line = strsep(&p, "\n")) != NULL;) {
		line += strspn(line, " \t");
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' ||
		    end[-1] == '\r'))
			*--end = '\0';
		if (*line)
			mfilter_words_add(w, line, 0);
	}
	buf_free(&b);
	return 0;
}

int
mfilter_operands(int argc, char **argv, struct mfilter_words *all,
    struct mfilter_words *args, struct mfilter_words *in, struct or_error *e)
{
	size_t k;
	int i, dash = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0) {
			mfilter_words_add(all, argv[i], 0);
			mfilter_words_add(args, argv[i], 0);
			continue;
		}
		if (dash++)
			continue;	/* stdin can be read only once */
		if (isatty(STDIN_FILENO))
			return error_set(e, OR_EX_USAGE, "-: standard input "
			    "is a terminal; give the ids in a pipe or as "
			    "operands"), -1;
		if (mfilter_words_read(in, STDIN_FILENO) == -1)
			return error_set(e, EX_NOINPUT, "standard input: %s",
			    strerror(errno)), -1;
		for (k = 0; k < in->n; k++)
			mfilter_words_add(all, in->v[k], 0);
	}
	return dash > 0;
}

static int
iequal(const char *a, const char *b)
{
	for (; *a && ascii_lower((unsigned char)*a) ==
	    ascii_lower((unsigned char)*b); a++, b++)
		;
	return *a == '\0' && *b == '\0';
}

/* Is word an element of the comma list? (case ignored) */
static int
in_list(const char *list, const char *word)
{
	size_t n = strlen(word), len;

	while (list && *list) {
		len = strcspn(list, ",");
		if (len == n) {
			size_t i;

			for (i = 0; i < n &&
			    ascii_lower((unsigned char)list[i]) ==
			    ascii_lower((unsigned char)word[i]); i++)
				;
			if (i == n)
				return 1;
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return 0;
}

void
mfilter_prepare(struct mfilter *f, const struct catalog *c)
{
	size_t i;

	free(f->anym);
	f->anym = xcalloc(f->any.n, sizeof f->anym[0]);
	for (i = 0; i < f->any.n; i++)
		f->anym[i] = catalog_find(c, f->any.v[i]);
}

size_t
mfilter_select(struct mfilter *f, const struct catalog *c,
    const struct mfilter_words *ids, const struct cat_model **v,
    int *missing)
{
	const struct cat_model *m;
	size_t i, n = 0, count;

	if (ids != NULL) {
		for (i = 0; i < ids->n; i++) {
			if ((m = catalog_lookup(c, ids->v[i])) == NULL)
				*missing = 1;
			else if (mfilter_match(f, m))
				v[n++] = m;
		}
		return n;
	}
	mfilter_prepare(f, c);
	count = catalog_count(c);
	for (i = 0; i < count; i++)
		if (mfilter_may_match(f, c, i) &&
		    mfilter_match(f, m = catalog_model(c, i)))
			v[n++] = m;
	return n;
}

int
mfilter_may_match(const struct mfilter *f, const struct catalog *c, size_t i)
{
	size_t k;
	int hit;

	for (k = 0; k < f->pat.n; k++)
		if (!catalog_match_at(c, i, f->pat.v[k]))
			return 0;
	if (f->have_any) {
		for (hit = 0, k = 0; k < f->any.n && !hit; k++)
			hit = f->anym && f->anym[k] ?
			    catalog_model_is(c, i, f->anym[k]) :
			    catalog_match_at(c, i, f->any.v[k]);
		if (!hit)
			return 0;
	}
	return 1;
}

/*
 * A price under a ceiling given per million tokens.  A variable price
 * (a router's "-1") cannot be shown to be under anything.
 */
static int
price_under(const struct cat_price *p, int field, money_t max)
{
	money_t perm;

	if (p->variable & (1u << field))
		return 0;
	if (money_mul_int(p->v[field], 1000000, &perm) != MONEY_OK)
		return 0;
	return money_cmp(perm, max) <= 0;
}

static int
is_free(const struct cat_price *p)
{
	int f[] = { CP_PROMPT, CP_COMPLETION, CP_REQUEST };
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++)
		if ((p->variable & (1u << f[i])) || p->v[f[i]] != 0)
			return 0;
	return 1;
}

int
mfilter_match(const struct mfilter *f, const struct cat_model *m)
{
	size_t i;
	int hit;

	for (i = 0; i < f->pat.n; i++)
		if (!catalog_match(m, f->pat.v[i]))
			return 0;
	if (f->have_any) {
		for (hit = 0, i = 0; i < f->any.n && !hit; i++)
			hit = f->anym && f->anym[i] ? f->anym[i] == m :
			    catalog_match(m, f->any.v[i]);
		if (!hit)
			return 0;
	}
	if (f->min_context > 0 && m->context_length < f->min_context)
		return 0;
	if (f->have_max_prompt &&
	    !price_under(&m->price, CP_PROMPT, f->max_prompt))
		return 0;
	if (f->have_max_completion &&
	    !price_under(&m->price, CP_COMPLETION, f->max_completion))
		return 0;
	if (f->free && !is_free(&m->price))
		return 0;
	for (i = 0; i < f->input.n; i++)
		if (!in_list(m->input_modalities, f->input.v[i]))
			return 0;
	for (i = 0; i < f->output.n; i++)
		if (!in_list(m->output_modalities, f->output.v[i]))
			return 0;
	for (i = 0; i < f->supports.n; i++)
		if (!in_list(m->supported_parameters, f->supports.v[i]))
			return 0;
	if (f->tokenizer && !(m->tokenizer && iequal(m->tokenizer,
	    f->tokenizer)))
		return 0;
	if (f->since >= 0 && m->created < f->since)
		return 0;
	return 1;
}

int
mfilter_parse_tokens(const char *s, long long *out)
{
	long long whole = 0, frac = 0, fscale = 1, mul = 1, v;
	const char *p = s;
	int neg = 0, more = 0;

	if (*p == '-')		/* -0 is 0, as in JSON; -1 is no count */
		neg = 1, p++;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > LLONG_MAX / 10 - 10)
			return -1;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (fscale < 1000000000LL) {
				frac = frac * 10 + (*p - '0');
				fscale *= 10;
			} else if (*p != '0')
				more = 1;
	}
	if (*p == 'k' || *p == 'K')
		mul = 1000, p++;
	else if (*p == 'm' || *p == 'M')
		mul = 1000000, p++;
	if (*p != '\0' || whole > LLONG_MAX / mul / 2)
		return -1;
	v = whole * mul + frac * mul / fscale;
	/* A count is whole: "1.5" or "0.0000001M" tokens is none. */
	if (more || frac * mul % fscale != 0 || (neg && v != 0))
		return -1;
	*out = v;
	return 0;
}

int
mfilter_parse_usd(const char *s, money_t *out)
{
	money_t v;

	if (*s == '$')
		s++;
	if (money_parse(s, strlen(s), &v) != MONEY_OK || v < 0)
		return -1;
	*out = v;
	return 0;
}

int
mfilter_parse_date(const char *s, long long *out)
{
	struct tm tm;
	time_t t;
	int y, mo, d, i;

	/* Exactly YYYY-MM-DD: digits where digits go, nothing more. */
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return -1;
	if (s[10] != '\0')
		return -1;
	y = atoi(s);
	mo = atoi(s + 5);
	d = atoi(s + 8);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	if (mo < 1 || mo > 12 || d < 1 || (t = timegm(&tm)) == (time_t)-1 ||
	    tm.tm_mday != d)
		return -1;	/* 2025-02-30 came back as March 2 */
	*out = t;
	return 0;
}

static const char *const sort_name[] = {
	[MS_ID] = "id", [MS_NAME] = "name", [MS_CREATED] = "created",
	[MS_CONTEXT] = "context", [MS_PROMPT] = "prompt",
	[MS_COMPLETION] = "completion",
};

int
mfilter_sort_parse(const char *s, enum mfilter_sort *out)
{
	size_t i;

	for (i = 0; i < sizeof sort_name / sizeof sort_name[0]; i++)
		if (strcmp(s, sort_name[i]) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

/* qsort(3) takes no context: the key of the sort in progress. */
static enum mfilter_sort sort_key;
static int sort_rev;

/* -1, 0 or 1, as a is below, at or above b. */
static int
cmp_ll(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int
price_known(const struct cat_model *m, int f)
{
	return !(m->price.variable & (1u << f));
}

static int
cmp_model(const void *pa, const void *pb)
{
	const struct cat_model *a = *(const struct cat_model *const *)pa;
	const struct cat_model *b = *(const struct cat_model *const *)pb;
	int ka = 1, kb = 1, r = 0, f;

	switch (sort_key) {
	case MS_ID:
		break;
	case MS_NAME:
		r = strcasecmp(a->name ? a->name : "", b->name ? b->name : "");
		break;
	case MS_CREATED:
		ka = a->created >= 0, kb = b->created >= 0;
		r = cmp_ll(a->created, b->created);
		break;
	case MS_CONTEXT:
		ka = a->context_length >= 0, kb = b->context_length >= 0;
		r = cmp_ll(a->context_length, b->context_length);
		break;
	case MS_PROMPT:
	case MS_COMPLETION:
		f = sort_key == MS_PROMPT ? CP_PROMPT : CP_COMPLETION;
		ka = price_known(a, f), kb = price_known(b, f);
		r = money_cmp(a->price.v[f], b->price.v[f]);
		break;
	}
	/* The unknown last, whichever way the known are ordered. */
	if (ka != kb)
		return ka ? -1 : 1;
	if (!ka)
		r = 0;
	if (r == 0)
		r = strcmp(a->id, b->id);
	return sort_rev ? -r : r;
}

void
mfilter_sort(const struct cat_model **v, size_t n, enum mfilter_sort key,
    int reverse)
{
	sort_key = key;
	sort_rev = reverse;
	qsort(v, n, sizeof v[0], cmp_model);
}

/* ---- options --------------------------------------------------------- */

int
mfilter_opt(struct mfilter *f, int ch, const char *arg, struct or_error *e)
{
	char val[OPTS_VALMAX];

	switch (ch) {
	case MF_OPT_MIN_CONTEXT:
		if (mfilter_parse_tokens(arg, &f->min_context) == -1) {
			error_set(e, OR_EX_USAGE, "--min-context: not a number "
			    "of tokens (128000, 128k, 1M): %s",
			    opts_value(val, sizeof val, arg));
			return -1;
		}
		return 1;
	case MF_OPT_MAX_PROMPT:
	case MF_OPT_MAX_COMPLETION:
		if (mfilter_parse_usd(arg, ch == MF_OPT_MAX_PROMPT ?
		    &f->max_prompt : &f->max_completion) == -1) {
			error_set(e, OR_EX_USAGE, "--max-%s-price: not an amount "
			    "of USD per million tokens: %s", ch ==
			    MF_OPT_MAX_PROMPT ? "prompt" : "completion",
			    opts_value(val, sizeof val, arg));
			return -1;
		}
		if (ch == MF_OPT_MAX_PROMPT)
			f->have_max_prompt = 1;
		else
			f->have_max_completion = 1;
		return 1;
	case MF_OPT_FREE:
		f->free = 1;
		return 1;
	case MF_OPT_INPUT:
		mfilter_words_add(&f->input, arg, 1);
		return 1;
	case MF_OPT_OUTPUT:
		mfilter_words_add(&f->output, arg, 1);
		return 1;
	case MF_OPT_SUPPORTS:
		mfilter_words_add(&f->supports, arg, 1);
		return 1;
	case MF_OPT_TOKENIZER:
		free(f->tokenizer);
		f->tokenizer = xstrdup(arg);
		return 1;
	case MF_OPT_SINCE:
		if (mfilter_parse_date(arg, &f->since) == -1) {
			error_set(e, OR_EX_USAGE, "--since: not a date "
			    "YYYY-MM-DD: %s", opts_value(val, sizeof val, arg));
			return -1;
		}
		return 1;
	}
	return 0;
}

void
mfilter_usage(FILE *fp)
{
	fputs(
"Filters (a model must pass all):\n"
"      --min-context N      context of at least N tokens (128000, 128k, 1M)\n"
"      --max-prompt-price USD      at most USD per million input tokens\n"
"      --max-completion-price USD  at most USD per million output tokens\n"
"      --free               free to use (prompt and completion at 0)\n"
"      --input MOD          takes MOD as input: text, image, file, audio,\n"
"                           video (repeatable; a comma list is all of them)\n"
"      --output MOD         produces MOD: text, image, audio, embeddings...\n"
"      --supports PARAM     supports the request parameter PARAM: tools,\n"
"                           structured_outputs, reasoning... (repeatable)\n"
"      --tokenizer NAME     uses tokenizer NAME (GPT, Claude, Llama3...)\n"
"      --since DATE         added on or after DATE (YYYY-MM-DD, UTC)\n",
	    fp);
}

int
mfilter_catalog_opt(struct mfilter_catopts *c, int ch, const char *arg)
{
	switch (ch) {
	case MF_OPT_CATALOG:
		c->file = arg;
		return 1;
	case MF_OPT_OFFLINE:
		c->flags |= CAT_OFFLINE;
		return 1;
	case MF_OPT_REFRESH:
		c->flags |= CAT_REFRESH;
		return 1;
	}
	return 0;
}

void
mfilter_catalog_usage(FILE *fp)
{
	fputs(
"Catalog:\n"
"      --catalog FILE       read the catalog from FILE only (ORKIT_CATALOG)\n"
"      --refresh            fetch the catalog now, however fresh the cache\n"
"      --offline            never fetch: the cache, however old, or the\n"
"                           bundled snapshot\n",
	    fp);
}

