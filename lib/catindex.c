/*
 * catindex: the catalog JSON mapped, its compact index loaded or built,
 * and each model filled from its index line when first asked for (the
 * file format is in catindex.h).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "catalog.h"
#include "catindex.h"
#include "compat.h"
#include "error.h"
#include "jscan.h"
#include "money.h"
#include "util.h"

#define IDX_MAGIC	"orkit-catalog-index 2"
#define PRICE_BAD	"?"	/* a price given but unreadable */

/* Index columns, in order; prices follow as CP_NFIELDS more. */
enum {
	IX_ID, IX_SLUG, IX_NAME, IX_CREATED, IX_CONTEXT, IX_MAXOUT, IX_OFF,
	IX_LEN, IX_MODALITY, IX_IN, IX_OUT, IX_TOKENIZER, IX_CUTOFF,
	IX_MODERATED, IX_PARAMS, IX_OVERRIDES, IX_PRICE0
};
#define IX_NCOLS (IX_PRICE0 + CP_NFIELDS)

static const char *const idx_path[IX_PRICE0] = {
	"id", "canonical_slug", "name", "created", "context_length",
	"top_provider.max_completion_tokens", NULL, NULL,
	"architecture.modality", "architecture.input_modalities",
	"architecture.output_modalities", "architecture.tokenizer",
	"knowledge_cutoff", "top_provider.is_moderated",
	"supported_parameters", "pricing.overrides",
};

struct catindex {
	char		*idx;		/* the index text, never written */
	size_t		 idxlen;
	int		 idxmapped;	/* idx is mapped, not allocated */
	/*
	 * A model is read from its line of the index when first asked for,
	 * so that a look-up reads one line rather than every price of every
	 * model.  line[i] is where model i's line begins; m[i] is model i
	 * once filled, else NULL: one allocation holding the model and its
	 * line cut into fields, so that the index's pages are only read
	 * (mapped read-only, nothing copied on write) and a look-up touches
	 * the memory of the models it fills, not of them all.
	 */
	char		**line;
	struct cat_model **m;
	size_t		 n;
	char		*json;		/* the catalog JSON, mapped */
	size_t		 jsonlen;
	int		 jsonheap;	/* json is allocated, not mapped */
};

/* Text a field may hold in the index: no tab, newline or NUL. */
static void
put_text(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\t' || c == '\n' || c == '\r' || c == '\0')
			c = ' ';
		buf_add(b, &c, 1);
	}
}

/* A scalar: strings decoded, numbers and literals as written, null empty. */
static void
put_scalar(struct buf *b, const struct jscan_val *v)
{
	char small[512], *big;
	size_t n;

	switch (v->kind) {
	case JSCAN_STRING:
		n = jscan_unescape(v->p, v->len, small, sizeof small);
		if (n < sizeof small) {
			put_text(b, small, n);
			break;
		}
		big = xmalloc(n + 1);
		jscan_unescape(v->p, v->len, big, n + 1);
		put_text(b, big, n);
		free(big);
		break;
	case JSCAN_NUMBER:
		put_text(b, v->p, v->len);
		break;
	case JSCAN_TRUE:
		buf_adds(b, "1");
		break;
	case JSCAN_FALSE:
		buf_adds(b, "0");
		break;
	case JSCAN_ARRAY: {
		/* An array of strings, joined with commas. */
		struct jscan_val e;
		size_t pos = 0;
		int first = 1;

		while (jscan_iter(v->p, v->len, &pos, NULL, &e) == 1)
			if (e.kind == JSCAN_STRING) {
				if (!first)
					buf_adds(b, ",");
				put_scalar(b, &e);
				first = 0;
			}
		break;
	}
	default:
		break;
	}
}

/*
 * A price: a string or a number as text, null or absent empty, anything
 * else (an array, an object, true, "") PRICE_BAD, which reads as unknown.
 */
static void
put_price(struct buf *b, const struct jscan_val *v)
{
	size_t len = b->len;

	if (v->kind == JSCAN_NONE || v->kind == JSCAN_NULL)
		return;
	if (v->kind == JSCAN_STRING || v->kind == JSCAN_NUMBER)
		put_scalar(b, v);
	if (b->len == len)
		buf_adds(b, PRICE_BAD);
}

int
catindex_bad_id(const struct jscan_val *v)
{
	char small[512], *t = small;
	size_t n, i;
	int r = 0;

	n = jscan_unescape(v->p, v->len, small, sizeof small);
	if (n >= sizeof small) {
		t = xmalloc(n + 1);
		jscan_unescape(v->p, v->len, t, n + 1);
	}
	for (i = 0; i < n && !r; i++)
		r = (unsigned char)t[i] < 0x20 || t[i] == 0x7f;
	if (t != small)
		free(t);
	return r;
}

/*
 * One model object to one index line; -1, and nothing written, for a
 * model whose id holds a control byte (it could not be looked up, nor
 * printed, nor put in a path).
 */
static int
idx_line(struct buf *b, const char *json, const struct jscan_val *obj)
{
	const char *paths[IX_NCOLS];
	struct jscan_val v[IX_NCOLS];
	char price[64];
	int i, np = 0;

	for (i = 0; i < IX_PRICE0; i++)
		if (idx_path[i])
			paths[np++] = idx_path[i];
	for (i = 0; i < CP_NFIELDS; i++) {
		snprintf(price, sizeof price, "pricing.%s", cat_price_name(i));
		paths[np++] = xstrdup(price);
	}
	jscan_getn(obj->p, obj->len, paths, np, v, NULL);
	for (i = IX_PRICE0 - 2; i < np; i++)
		free((char *)paths[i]);
	if (v[0].kind == JSCAN_STRING && catindex_bad_id(&v[0]))
		return -1;

	np = 0;
	for (i = 0; i < IX_NCOLS; i++) {
		if (i)
			buf_adds(b, "\t");
		if (i == IX_OFF) {
			snprintf(price, sizeof price, "%zu",
			    (size_t)(obj->p - json));
			buf_adds(b, price);
		} else if (i == IX_LEN) {
			snprintf(price, sizeof price, "%zu", obj->len);
			buf_adds(b, price);
		} else if (i == IX_OVERRIDES) {
			buf_adds(b, v[np].kind == JSCAN_ARRAY &&
			    v[np].len > 2 ? "1" : "0");
			np++;
		} else if (i >= IX_PRICE0)
			put_price(b, &v[np++]);
		else
			put_scalar(b, &v[np++]);
	}
	buf_adds(b, "\n");
	return 0;
}

/*
 * The "data" array of a catalog JSON text, into data; -1 with why filled
 * when the text is not JSON or has no such array.
 */
static int
data_array(const char *json, size_t len, struct jscan_val *data, char *why,
    size_t whysize)
{
	struct jscan_err je;

	if (jscan_validate(json, len, &je) != 0) {
		snprintf(why, whysize, "not JSON (line %d, column %d: %s)",
		    je.line, je.col, je.what);
		return -1;
	}
	if (jscan_get(json, len, "data", data) != 1 ||
	    data->kind != JSCAN_ARRAY) {
		snprintf(why, whysize, "no \"data\" array of models");
		return -1;
	}
	return 0;
}

/*
 * Build the index text of a catalog JSON text; -1 if it is not one.
 * *skipped: how many models were left out for the control bytes in
 * their ids.
 */
static int
idx_build(const char *json, size_t len, const struct stat *st, struct buf *b,
    size_t *skipped, char *why, size_t whysize)
{
	struct jscan_val data, m;
	size_t pos = 0;
	char head[128];

	if (data_array(json, len, &data, why, whysize) == -1)
		return -1;
	snprintf(head, sizeof head, IDX_MAGIC "\t%lld\t%lld.%09ld\n",
	    (long long)st->st_size, (long long)COMPAT_MTIM(st).tv_sec,
	    COMPAT_MTIM(st).tv_nsec);
	buf_adds(b, head);
	*skipped = 0;
	while (jscan_iter(data.p, data.len, &pos, NULL, &m) == 1)
		if (m.kind == JSCAN_OBJECT && idx_line(b, json, &m) == -1)
			(*skipped)++;
	return 0;
}

int
catindex_check(const char *json, size_t len, char *why, size_t whysize)
{
	struct jscan_val data, m, id;
	size_t pos = 0, n = 0;

	if (data_array(json, len, &data, why, whysize) == -1)
		return -1;
	while (jscan_iter(data.p, data.len, &pos, NULL, &m) == 1) {
		if (m.kind != JSCAN_OBJECT ||
		    jscan_get(m.p, m.len, "id", &id) != 1 ||
		    id.kind != JSCAN_STRING) {
			snprintf(why, whysize, "model %zu of \"data\" is not "
			    "an object with a string \"id\"", n + 1);
			return -1;
		}
		n++;
	}
	if (n == 0) {
		snprintf(why, whysize, "no models in \"data\"");
		return -1;
	}
	return 0;
}

/*
 * A count: a decimal integer, else -1 (parse_long's rules, over the range
 * LLONG_MIN + 1 .. LLONG_MAX).  Up to 18 digits cannot overflow, and are
 * read here; longer ones go to parse_long.
 */
static long long
num(const char *s)
{
	const char *p = s + (*s == '-');
	long long v = 0;
	int k;

	for (k = 0; k < 18 && p[k] >= '0' && p[k] <= '9'; k++)
		v = v * 10 + (p[k] - '0');
	if (k > 0 && p[k] == '\0')
		return p == s ? v : -v;
	if (k < 18)
		return -1;
	return parse_long(s, LLONG_MIN + 1, LLONG_MAX, &v) == 0 ? v : -1;
}

/* Note that a line begins at p. */
static void
add_line(struct catindex *c, char *p, size_t *cap)
{
	if (c->n == *cap) {
		*cap = *cap ? *cap * 2 : 512;
		c->line = xrealloc(c->line, *cap * sizeof c->line[0]);
	}
	c->line[c->n++] = p;
}

#ifdef __SSE2__
/* The sum of the 16 byte lanes of v. */
static size_t
lane_sum(__m128i v)
{
	__m128i sum = _mm_sad_epu8(v, _mm_setzero_si128());

	return (size_t)_mm_cvtsi128_si32(sum) +
	    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
}

/* 16 bytes at p: have they a newline or a NUL? */
#define NL_OR_NUL(v) _mm_or_si128(_mm_cmpeq_epi8((v), nl), \
	_mm_cmpeq_epi8((v), zero))
#endif

/*
 * The lines of the index text from p to end (which ends with a newline),
 * in c->line: -1 when one of them has other than IX_NCOLS fields or the
 * text holds a NUL (which would end a field early: a damaged index).  One
 * pass over the bytes.  With SSE2, 64 then 16 at a time: the tabs counted
 * in 16 byte lanes (summed before any lane could pass 255), and a block
 * of 16 with a newline or a NUL in it read from its bit masks.
 */
static int
idx_lines(struct catindex *c, char *p, char *end)
{
	size_t cap = 0, tabs = 0;
#ifdef __SSE2__
	const __m128i tab = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n');
	const __m128i zero = _mm_setzero_si128();
	__m128i v0, v1, v2, v3, acc = zero;
	unsigned tm, nm, below;
	int lanes = 0, b;
#endif

	add_line(c, p, &cap);
#ifdef __SSE2__
	for (;;) {
		while (end - p >= 64) {
			v0 = _mm_loadu_si128((const __m128i *)(void *)p);
			v1 = _mm_loadu_si128((const __m128i *)(void *)(p + 16));
			v2 = _mm_loadu_si128((const __m128i *)(void *)(p + 32));
			v3 = _mm_loadu_si128((const __m128i *)(void *)(p + 48));
			if (_mm_movemask_epi8(_mm_or_si128(
			    _mm_or_si128(NL_OR_NUL(v0), NL_OR_NUL(v1)),
			    _mm_or_si128(NL_OR_NUL(v2), NL_OR_NUL(v3)))) != 0)
				break;
			/* A lane that equals is -1: subtracted, it counts. */
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v0, tab));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v1, tab));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v2, tab));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v3, tab));
			p += 64;
			if ((lanes += 4) >= 252) {
				tabs += lane_sum(acc);
				acc = zero;
				lanes = 0;
			}
		}
		if (end - p < 16)
			break;
		v0 = _mm_loadu_si128((const __m128i *)(void *)p);
		if (_mm_movemask_epi8(NL_OR_NUL(v0)) == 0) {
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v0, tab));
			p += 16;
			if (++lanes >= 252) {
				tabs += lane_sum(acc);
				acc = zero;
				lanes = 0;
			}
			continue;
		}
		tabs += lane_sum(acc);
		acc = zero;
		lanes = 0;
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(v0, zero)) != 0)
			return -1;
		tm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, tab));
		nm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v0, nl));
		for (; nm != 0; nm &= nm - 1) {
			b = __builtin_ctz(nm);
			for (below = tm & ((1u << b) - 1); below != 0;
			    below &= below - 1)
				tabs++;
			tm &= ~((2u << b) - 1);
			if (tabs != IX_NCOLS - 1)
				return -1;
			tabs = 0;
			if (p + b + 1 < end)
				add_line(c, p + b + 1, &cap);
		}
		for (; tm != 0; tm &= tm - 1)
			tabs++;
		p += 16;
	}
	tabs += lane_sum(acc);
#endif
	for (; p < end; p++)
		if (*p == '\t')
			tabs++;
		else if (*p == '\n') {
			if (tabs != IX_NCOLS - 1)
				return -1;
			tabs = 0;
			if (p + 1 < end)
				add_line(c, p + 1, &cap);
		} else if (*p == '\0')
			return -1;
	return 0;
}

/*
 * Check that the index text is one for st, with a whole number of lines of
 * IX_NCOLS fields each, and note where each line begins.  Nothing else is
 * read until a model is asked for (model_at).  -1 if it is no index.
 */
static int
idx_load(struct catindex *c, const struct stat *st)
{
	char head[128];
	size_t hl;

	hl = (size_t)snprintf(head, sizeof head,
	    IDX_MAGIC "\t%lld\t%lld.%09ld\n", (long long)st->st_size,
	    (long long)COMPAT_MTIM(st).tv_sec, COMPAT_MTIM(st).tv_nsec);
	if (c->idxlen < hl || memcmp(c->idx, head, hl) != 0 ||
	    c->idx[c->idxlen - 1] != '\n')
		return -1;
	if (c->idxlen > hl &&
	    idx_lines(c, c->idx + hl, c->idx + c->idxlen) == -1) {
		free(c->line);
		c->line = NULL;
		c->n = 0;
		return -1;
	}
	c->m = xcalloc(c->n ? c->n : 1, sizeof c->m[0]);
	return 0;
}

/* Where line i ends: at its newline. */
static const char *
line_end(const struct catindex *c, size_t i)
{
	return (i + 1 < c->n ? c->line[i + 1] : c->idx + c->idxlen) - 1;
}

/*
 * Cut the line [p, end), end at its newline, into its fields f[0 ..
 * IX_NCOLS): a NUL where each tab and the newline were.  idx_load saw
 * IX_NCOLS - 1 tabs on every line; were there fewer, the fields missing
 * would be empty.
 */
static void
cut_line(char *p, char *end, char **f)
{
	size_t k = 0;
#ifdef __SSE2__
	const __m128i tab = _mm_set1_epi8('\t');
	unsigned mask;
	int b;
#endif

	f[k++] = p;
#ifdef __SSE2__
	for (; end - p >= 16; p += 16) {
		mask = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)p), tab));
		for (; mask != 0 && k < IX_NCOLS; mask &= mask - 1) {
			b = __builtin_ctz(mask);
			p[b] = '\0';
			f[k++] = p + b + 1;
		}
	}
#endif
	for (; p < end && k < IX_NCOLS; p++)
		if (*p == '\t') {
			*p = '\0';
			f[k++] = p + 1;
		}
	for (; k < IX_NCOLS; k++)
		f[k] = end;
	*end = '\0';
}

/* Model i, read from its line of the index the first time. */
static struct cat_model *
model_at(struct catindex *c, size_t i)
{
	struct cat_model *m = c->m[i];
	char *p, *f[IX_NCOLS];
	size_t off, len, k;

	if (m != NULL)
		return m;
	/* The line, its newline included, after the model. */
	len = (size_t)(line_end(c, i) - c->line[i]) + 1;
	m = xmalloc(sizeof *m + len);
	memset(m, 0, sizeof *m);
	p = (char *)(m + 1);
	memcpy(p, c->line[i], len);
	cut_line(p, p + len - 1, f);
	c->m[i] = m;
	off = (size_t)num(f[IX_OFF]);
	len = (size_t)num(f[IX_LEN]);
	m->id = f[IX_ID];
	m->canonical_slug = f[IX_SLUG];
	m->name = f[IX_NAME];
	m->created = num(f[IX_CREATED]);
	m->context_length = num(f[IX_CONTEXT]);
	m->max_output = num(f[IX_MAXOUT]);
	m->modality = f[IX_MODALITY];
	m->input_modalities = f[IX_IN];
	m->output_modalities = f[IX_OUT];
	m->tokenizer = f[IX_TOKENIZER];
	m->knowledge_cutoff = f[IX_CUTOFF];
	m->moderated = *f[IX_MODERATED] ? *f[IX_MODERATED] == '1' : -1;
	m->supported_parameters = f[IX_PARAMS];
	m->has_overrides = *f[IX_OVERRIDES] == '1';
	/* Its JSON; an offset the file does not have reads as none. */
	if (off > c->jsonlen || len > c->jsonlen - off)
		off = len = 0;
	m->json = c->json + off;
	m->jsonlen = len;
	for (k = 0; k < CP_NFIELDS; k++) {
		const char *s = f[IX_PRICE0 + k];
		money_t v;

		if (*s == '\0')
			continue;	/* absent */
		if (money_parse(s, strlen(s), &v) != 0)
			cat_price_put_unknown(&m->price, k);
		else
			cat_price_put(&m->price, k, v);
	}
	return m;
}

/*
 * Does field k (0: the id, 1: the slug) of line i read id[0..n)?  The line
 * is taken by its field boundaries, never as a C string (idx_load saw its
 * tabs and its newline); id has no tab nor newline.
 */
static int
field_is(const struct catindex *c, size_t i, int k, const char *id, size_t n)
{
	const char *p = c->line[i], *end = line_end(c, i) + 1;

	if (k == 1 && (p = memchr(p, '\t', end - p)) == NULL)
		return 0;
	if (k == 1)
		p++;
	return (size_t)(end - p) > n && memcmp(p, id, n) == 0 &&
	    p[n] == '\t';
}

const char *
catindex_text(const struct catindex *c, size_t i, int k, size_t *len)
{
	const char *p, *end, *t;

	/* idx_load saw IX_NCOLS - 1 tabs on the line (the map is never
	 * written, nor the file: it is replaced, not rewritten). */
	p = c->line[i];
	end = line_end(c, i);
	for (; k > 0 && p < end; k--)
		p = (t = memchr(p, '\t', end - p)) != NULL ? t + 1 : end;
	if ((t = memchr(p, '\t', end - p)) == NULL)
		t = end;
	*len = (size_t)(t - p);
	return p;
}

int
catindex_is(const struct catindex *c, size_t i, const struct cat_model *m)
{
	return i < c->n && m != NULL && m == c->m[i];
}

/* Map a file privately: writes, if prot allows them, stay in memory. */
static int
map_file(const char *path, char **p, size_t *len, struct stat *st, int prot)
{
	void *m;
	int fd, e;

	/* A regular file: a FIFO planted in the cache would block. */
	if ((fd = open_own(path, st)) == -1) {
		if (errno == EINVAL)
			errno = ENODEV;	/* not a regular file */
		return -1;
	}
	if (st->st_size == 0) {
		close(fd);
		errno = EINVAL;		/* empty */
		return -1;
	}
	m = mmap(NULL, st->st_size, prot, MAP_PRIVATE, fd, 0);
	e = errno;
	close(fd);
	if (m == MAP_FAILED) {	/* *p is left alone: never MAP_FAILED */
		errno = e;
		return -1;
	}
	*p = m;
	*len = st->st_size;
	return 0;
}

static void
drop_index(struct catindex *c)
{
	size_t i;

	if (c->idxmapped)
		munmap(c->idx, c->idxlen);
	else
		free(c->idx);
	free(c->line);
	for (i = 0; c->m && i < c->n; i++)
		free(c->m[i]);
	free(c->m);
	c->idx = NULL;
	c->line = NULL;
	c->m = NULL;
	c->idxmapped = 0;
	c->n = c->idxlen = 0;
}

/* The index of c's JSON (as st) built now, and saved to idxpath if any. */
static int
build(struct catindex *c, const char *path, const struct stat *st,
    const char *idxpath, struct catindex **out, char *why, size_t whysize)
{
	struct buf b;
	size_t skipped;

	buf_init(&b, 0);
	if (idx_build(c->json, c->jsonlen, st, &b, &skipped, why,
	    whysize) == -1) {
		buf_free(&b);
		catindex_close(c);
		return EX_DATAERR;
	}
	if (skipped)
		warnx("catalog %s: %zu model%s with control characters in "
		    "%s id left out", path, skipped, skipped == 1 ? "" : "s",
		    skipped == 1 ? "its" : "their");
	if (idxpath)	/* best effort */
		write_atomic_mode(idxpath, b.p, b.len, 0600);
	c->idxlen = b.len;
	c->idx = buf_take(&b);
	if (idx_load(c, st) == -1) {
		snprintf(why, whysize, "index does not read back");
		catindex_close(c);
		return EX_SOFTWARE;
	}
	*out = c;
	return 0;
}

int
catindex_open(const char *path, const char *idxpath, struct catindex **out,
    char *why, size_t whysize)
{
	struct catindex *c = xcalloc(1, sizeof *c);
	struct stat st, ist;
	int r;

	*out = NULL;
	if (map_file(path, &c->json, &c->jsonlen, &st, PROT_READ) == -1) {
		snprintf(why, whysize, "%s", errno == EINVAL ? "empty file" :
		    errno == ENODEV ? "not a regular file" : strerror(errno));
		r = errno == EINVAL || errno == ENODEV ? EX_DATAERR :
		    EX_NOINPUT;
		free(c);
		return r;
	}
	if (idxpath && map_file(idxpath, &c->idx, &c->idxlen, &ist,
	    PROT_READ) == 0) {
		c->idxmapped = 1;
		if (idx_load(c, &st) == 0) {
			*out = c;
			return 0;
		}
		drop_index(c);
	}
	return build(c, path, &st, idxpath, out, why, whysize);
}

int
catindex_open_mem(char *json, size_t len, struct catindex **out, char *why,
    size_t whysize)
{
	struct catindex *c = xcalloc(1, sizeof *c);
	struct stat st;

	*out = NULL;
	c->json = json;
	c->jsonlen = len;
	c->jsonheap = 1;
	memset(&st, 0, sizeof st);
	st.st_size = (off_t)len;
	return build(c, "(fetched)", &st, NULL, out, why, whysize);
}

int
catindex_save(const struct catindex *c, const char *jsonpath,
    const char *idxpath, long long mtime)
{
	struct timespec ts;
	struct stat st;
	struct buf b;
	char head[128];
	int r;

	ts.tv_sec = (time_t)mtime;
	ts.tv_nsec = 0;
	if (write_atomic_stat(jsonpath, c->json, c->jsonlen, 0600, &ts,
	    &st) == -1)
		return -1;
	/* The lines as they are: models are cut from copies of them. */
	snprintf(head, sizeof head, IDX_MAGIC "\t%lld\t%lld.%09ld\n",
	    (long long)st.st_size, (long long)COMPAT_MTIM(&st).tv_sec,
	    COMPAT_MTIM(&st).tv_nsec);
	buf_init(&b, c->idxlen);
	buf_adds(&b, head);
	if (c->n > 0)
		buf_add(&b, c->line[0], (size_t)(c->idx + c->idxlen -
		    c->line[0]));
	r = write_atomic_mode(idxpath, b.p, b.len, 0600);
	buf_free(&b);
	return r;
}

void
catindex_close(struct catindex *c)
{
	if (c == NULL)
		return;
	if (c->jsonheap)
		free(c->json);
	else if (c->json)
		munmap(c->json, c->jsonlen);
	drop_index(c);
	free(c);
}

size_t
catindex_count(const struct catindex *c)
{
	return c->n;
}

const struct cat_model *
catindex_model(struct catindex *c, size_t i)
{
	return i < c->n ? model_at(c, i) : NULL;
}

const struct cat_model *
catindex_find(struct catindex *c, int slug, const char *id, size_t n)
{
	size_t i;

	if (memchr(id, '\t', n) != NULL || memchr(id, '\n', n) != NULL)
		return NULL;	/* no field holds one */
	for (i = 0; i < c->n; i++)
		if (field_is(c, i, slug, id, n))
			return model_at(c, i);
	return NULL;
}
