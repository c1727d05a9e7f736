/*
 * catalog: the model catalog from a file, the cache, the network or the
 * bundled snapshot, read through a compact index.
 *
 * The index (one line per model, tab-separated text: see idx_line) holds
 * every field a listing, a filter or a price needs, and the place of the
 * model's object in the JSON, which is mapped, not read.  So a warm look-up
 * reads some 60 KB of index and parses no JSON at all.  The index is keyed
 * to the JSON file by size and modification time, and rebuilt (one jscan
 * pass, no tree) when they differ.
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

#include "catalog.h"
#include "compat.h"
#include "error.h"
#include "http.h"
#include "jscan.h"
#include "opts.h"
#include "util.h"

#define IDX_MAGIC	"orkit-catalog-index 1"
#define TTL_DEFAULT	86400

const char *const cat_price_key[CP_NFIELDS] = {
	"prompt", "completion", "request", "image", "web_search",
	"internal_reasoning", "input_cache_read", "input_cache_write",
	"input_cache_write_1h", "audio", "input_audio_cache", "image_output",
	"audio_output", "discount",
};

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

struct catalog {
	char		*idx;		/* the index text, cut into fields */
	size_t		 idxlen;
	int		 idxmapped;	/* idx is mapped, not allocated */
	/*
	 * A model is read from its line of the index when first asked for,
	 * so that a look-up reads one line rather than every price of every
	 * model.  line[i] is where model i's line begins; done[i] says m[i]
	 * is filled (and the line cut into fields).
	 */
	char		**line;
	unsigned char	*done;
	struct cat_model *m;
	size_t		 n;
	char		*json;		/* mapped catalog JSON */
	size_t		 jsonlen;
	const char	*source;
	char		 path[PATH_MAX];
};

/* Text a field may hold in the index: no tab, no newline. */
static void
put_text(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\t' || c == '\n' || c == '\r')
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

/* One model object to one index line. */
static void
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
		snprintf(price, sizeof price, "pricing.%s", cat_price_key[i]);
		paths[np++] = xstrdup(price);
	}
	jscan_getn(obj->p, obj->len, paths, np, v, NULL);
	for (i = IX_PRICE0 - 2; i < np; i++)
		free((char *)paths[i]);

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
		} else
			put_scalar(b, &v[np++]);
	}
	buf_adds(b, "\n");
}

/* Build the index text of a catalog JSON text; -1 if it is not one. */
static int
idx_build(const char *json, size_t len, const struct stat *st, struct buf *b,
    char *why, size_t whysize)
{
	struct jscan_err je;
	struct jscan_val data, m;
	size_t pos = 0;
	char head[128];

	if (jscan_validate(json, len, &je) != 0) {
		snprintf(why, whysize, "not JSON (line %d, column %d: %s)",
		    je.line, je.col, je.what);
		return -1;
	}
	if (jscan_get(json, len, "data", &data) != 1 ||
	    data.kind != JSCAN_ARRAY) {
		snprintf(why, whysize, "no \"data\" array of models");
		return -1;
	}
	snprintf(head, sizeof head, IDX_MAGIC "\t%lld\t%lld.%09ld\n",
	    (long long)st->st_size, (long long)COMPAT_MTIM(st).tv_sec,
	    COMPAT_MTIM(st).tv_nsec);
	buf_adds(b, head);
	while (jscan_iter(data.p, data.len, &pos, NULL, &m) == 1)
		if (m.kind == JSCAN_OBJECT)
			idx_line(b, json, &m);
	return 0;
}

static long long
num(const char *s)
{
	long long v;

	return *s && parse_long(s, LLONG_MIN + 1, LLONG_MAX, &v) == 0 ? v : -1;
}

/*
 * Check that the index text is one for st, with a whole number of lines of
 * IX_NCOLS fields each, and note where each line begins.  Nothing else is
 * read until a model is asked for (model_at).  -1 if it is no index.
 */
static int
idx_load(struct catalog *c, const struct stat *st)
{
	char head[128], *p, *end, *nl, *t;
	size_t cap = 0, hl;
	int k;

	hl = (size_t)snprintf(head, sizeof head, IDX_MAGIC "\t%lld\t%lld.%09ld\n",
	    (long long)st->st_size, (long long)COMPAT_MTIM(st).tv_sec,
	    COMPAT_MTIM(st).tv_nsec);
	if (c->idxlen < hl || memcmp(c->idx, head, hl) != 0 ||
	    c->idx[c->idxlen - 1] != '\n')
		return -1;
	end = c->idx + c->idxlen;
	for (p = c->idx + hl; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		for (k = 1, t = p; (t = memchr(t, '\t', nl - t)) != NULL; t++)
			k++;
		if (k != IX_NCOLS)
			return -1;
		if (c->n == cap) {
			cap = cap ? cap * 2 : 512;
			c->line = xrealloc(c->line, cap * sizeof c->line[0]);
		}
		c->line[c->n++] = p;
	}
	/* Not cleared: a model's memory is touched when it is read. */
	c->m = xmalloc((c->n ? c->n : 1) * sizeof c->m[0]);
	c->done = xcalloc(c->n ? c->n : 1, 1);
	return 0;
}

/* Model i, read from its line of the index the first time. */
static struct cat_model *
model_at(const struct catalog *cc, size_t i)
{
	struct catalog *c = (struct catalog *)cc;	/* a cache, not state */
	struct cat_model *m = &c->m[i];
	char *p = c->line[i], *f[IX_NCOLS];
	size_t off, len, k;

	if (c->done[i])
		return m;
	c->done[i] = 1;
	memset(m, 0, sizeof *m);
	for (k = 0; k < IX_NCOLS; k++) {
		f[k] = p;
		p += strcspn(p, "\t\n");
		*p++ = '\0';
	}
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

		if (*s == '\0' || money_parse(s, strlen(s), &v) != 0)
			continue;	/* unreadable: as if absent */
		m->price.have |= 1u << k;
		if (v < 0)
			m->price.variable |= 1u << k;
		else
			m->price.v[k] = v;
	}
	return m;
}

/* Does field k (0: the id, 1: the slug) of line i read id[0..n)? */
static int
field_is(const struct catalog *c, size_t i, int k, const char *id, size_t n)
{
	const char *p = c->line[i];

	if (c->done[i])
		p = k == 0 ? c->m[i].id : c->m[i].canonical_slug;
	else if (k == 1)
		p = strchr(p, '\t') + 1;
	return strncmp(p, id, n) == 0 && (p[n] == '\0' || p[n] == '\t');
}

/* Map a file privately: writes, if prot allows them, stay in memory. */
static int
map_file(const char *path, char **p, size_t *len, struct stat *st, int prot)
{
	int fd, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, st) == -1 || st->st_size == 0) {
		e = st->st_size == 0 ? EINVAL : errno;
		close(fd);
		errno = e;
		return -1;
	}
	*p = mmap(NULL, st->st_size, prot, MAP_PRIVATE, fd, 0);
	e = errno;
	close(fd);
	if (*p == MAP_FAILED) {
		errno = e;
		return -1;
	}
	*len = st->st_size;
	return 0;
}

static void
drop_index(struct catalog *c)
{
	if (c->idxmapped)
		munmap(c->idx, c->idxlen);
	else
		free(c->idx);
	free(c->line);
	free(c->done);
	free(c->m);
	c->idx = NULL;
	c->line = NULL;
	c->done = NULL;
	c->m = NULL;
	c->idxmapped = 0;
	c->n = c->idxlen = 0;
}

/*
 * Open the catalog JSON at path with its index: read idxpath when it
 * matches, else build the index (and save it to idxpath when given).
 * Returns 0, EX_NOINPUT_ when the file cannot be read, or EX_DATAERR_ when
 * it is no catalog; why says more.
 */
static int
load(struct catalog *c, const char *path, const char *idxpath, char *why,
    size_t whysize)
{
	struct stat st, ist;
	struct buf b;

	if (map_file(path, &c->json, &c->jsonlen, &st, PROT_READ) == -1) {
		snprintf(why, whysize, "%s", errno == EINVAL ? "empty file" :
		    strerror(errno));
		return errno == EINVAL ? EX_DATAERR_ : EX_NOINPUT_;
	}
	snprintf(c->path, sizeof c->path, "%s", path);
	buf_init(&b, 0);
	if (idxpath && map_file(idxpath, &c->idx, &c->idxlen, &ist,
	    PROT_READ | PROT_WRITE) == 0) {
		c->idxmapped = 1;
		if (idx_load(c, &st) == 0)
			return 0;
		drop_index(c);
	}
	if (idx_build(c->json, c->jsonlen, &st, &b, why, whysize) == -1) {
		buf_free(&b);
		return EX_DATAERR_;
	}
	if (idxpath)
		write_atomic(idxpath, b.p, b.len);	/* a cache: best effort */
	c->idxlen = b.len;
	c->idx = buf_take(&b);
	if (idx_load(c, &st) == -1) {
		snprintf(why, whysize, "index does not read back");
		return EX_SOFTWARE_;
	}
	return 0;
}

static void
unload(struct catalog *c)
{
	if (c->json)
		munmap(c->json, c->jsonlen);
	drop_index(c);
	c->json = NULL;
	c->jsonlen = 0;
}

/* dir/name into out; -1 when it does not fit. */
static int
join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Fetch GET /models into the cache; 0, or an exit status with e. */
static int
fetch(const struct opts *o, const char *jsonpath, struct or_error *e)
{
	struct http_resp rs;
	struct jscan_err je;
	int r;

	r = http_get(o, "/models", 0, &rs, e);
	if (r == 0 && jscan_validate(rs.body.p ? rs.body.p : "", rs.body.len,
	    &je) != 0)
		r = error_set(e, EX_PROTOCOL_, "GET /models: malformed answer: "
		    "line %d, column %d: %s", je.line, je.col, je.what);
	if (r == 0 && write_atomic(jsonpath, rs.body.p, rs.body.len) == -1)
		r = error_set(e, EX_IOERR_, "cannot write %s: %s", jsonpath,
		    strerror(errno));
	http_resp_free(&rs);
	return r;
}

/* The bundled snapshot: beside the binary in a build tree, else DATADIR. */
static int
bundled_path(char *out, size_t size)
{
	char exe[PATH_MAX], *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (join(out, size, exe, "../data/models.json") == 0 &&
			    access(out, R_OK) == 0)
				return 0;
		}
	}
#ifdef DATADIR
	if (join(out, size, DATADIR, "models.json") == 0 &&
	    access(out, R_OK) == 0)
		return 0;
#endif
	return -1;
}

/* The newest model's date: how old a snapshot is. */
static void
newest_date(const struct catalog *c, char *out, size_t size)
{
	long long t = -1;
	size_t i;
	time_t tt;

	for (i = 0; i < c->n; i++)
		if (model_at(c, i)->created > t)
			t = c->m[i].created;
	tt = (time_t)t;
	if (t < 0 || strftime(out, size, "%Y-%m-%d", gmtime(&tt)) == 0)
		snprintf(out, size, "unknown date");
}

int
catalog_open(const struct opts *o, const char *file, unsigned flags,
    struct catalog **out, struct or_error *e)
{
	struct catalog *c = xcalloc(1, sizeof *c);
	char dir[PATH_MAX], jsonpath[PATH_MAX], idxpath[PATH_MAX];
	char why[256], date[32];
	struct stat st;
	struct or_error fe;
	int have_cache, r;

	*out = NULL;
	memset(e, 0, sizeof *e);
	if (file == NULL)
		file = env_value("ORKIT_CATALOG");
	if (file) {
		if ((r = load(c, file, NULL, why, sizeof why)) != 0) {
			r = error_set(e, r, "catalog %s: %s", file, why);
			catalog_close(c);
			return r;
		}
		c->source = "file";
		*out = c;
		return 0;
	}

	have_cache = 0;
	if (cache_dir("", dir, sizeof dir) == 0 &&
	    join(jsonpath, sizeof jsonpath, dir, "models.json") == 0 &&
	    join(idxpath, sizeof idxpath, dir, "models.idx") == 0) {
		have_cache = stat(jsonpath, &st) == 0;
		if (have_cache && !(flags & CAT_REFRESH) &&
		    ((flags & CAT_OFFLINE) || time(NULL) - st.st_mtime <
		    env_count("ORKIT_CATALOG_TTL", TTL_DEFAULT))) {
			if (load(c, jsonpath, idxpath, why, sizeof why) == 0) {
				c->source = "cache";
				*out = c;
				return 0;
			}
			if (!(flags & CAT_QUIET))
				warnx("cached catalog %s is unusable (%s); "
				    "ignoring it", jsonpath, why);
			unload(c);
			have_cache = 0;
		}
		memset(&fe, 0, sizeof fe);
		if (!(flags & CAT_OFFLINE)) {
			if (mkdirs(dir) == -1)
				r = error_set(&fe, EX_IOERR_, "cannot make %s: "
				    "%s", dir, strerror(errno));
			else
				r = fetch(o, jsonpath, &fe);
			if (r == 0 && load(c, jsonpath, idxpath, why,
			    sizeof why) == 0) {
				c->source = "network";
				*out = c;
				return 0;
			}
			if (r == 0)
				error_set(&fe, EX_PROTOCOL_, "GET /models: %s",
				    why);
			unload(c);
			/* The cache may have been the stale one: try it. */
			if (have_cache && load(c, jsonpath, idxpath, why,
			    sizeof why) == 0) {
				if (!(flags & CAT_QUIET)) {
					strftime(date, sizeof date,
					    "%Y-%m-%d %H:%M UTC",
					    gmtime(&st.st_mtime));
					warnx("%s; using the cached catalog "
					    "of %s", fe.msg, date);
				}
				c->source = "cache";
				*out = c;
				return 0;
			}
			unload(c);
		}
	}
	if (bundled_path(jsonpath, sizeof jsonpath) == 0 &&
	    load(c, jsonpath, NULL, why, sizeof why) == 0) {
		if (!(flags & CAT_QUIET)) {
			newest_date(c, date, sizeof date);
			warnx("%s%susing the bundled catalog (models up to %s)",
			    flags & CAT_OFFLINE ? "" : fe.msg,
			    flags & CAT_OFFLINE ? "" : "; ", date);
		}
		c->source = "bundled";
		*out = c;
		return 0;
	}
	catalog_close(c);
	return error_set(e, fe.exit ? fe.exit : EX_UNAVAILABLE_, "no catalog: "
	    "%s", fe.msg[0] ? fe.msg : "no cache and no bundled snapshot");
}

void
catalog_close(struct catalog *c)
{
	if (c) {
		unload(c);
		free(c);
	}
}

size_t
catalog_count(const struct catalog *c)
{
	return c->n;
}

const struct cat_model *
catalog_model(const struct catalog *c, size_t i)
{
	return i < c->n ? model_at(c, i) : NULL;
}

const char *
catalog_source(const struct catalog *c, const char **path)
{
	if (path)
		*path = c->path;
	return c->source;
}

static const struct cat_model *
find_exact(const struct catalog *c, const char *id, size_t n)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (field_is(c, i, 0, id, n))
			return model_at(c, i);
	for (i = 0; i < c->n; i++)
		if (field_is(c, i, 1, id, n))
			return model_at(c, i);
	return NULL;
}

const struct cat_model *
catalog_find(const struct catalog *c, const char *id)
{
	const struct cat_model *m;
	const char *colon;

	if ((m = find_exact(c, id, strlen(id))) != NULL)
		return m;
	/* openai/gpt-4o:nitro prices as openai/gpt-4o; :free never does. */
	colon = strrchr(id, ':');
	if (colon && strchr(colon, '/') == NULL && strcmp(colon, ":free"))
		return find_exact(c, id, colon - id);
	return NULL;
}

/* The integer at key in an override entry; 0 found, -1 absent. */
static int
ov_int(const struct jscan_val *ov, const char *key, long long *out)
{
	struct jscan_val v;

	if (jscan_get(ov->p, ov->len, key, &v) != 1)
		return -1;
	return jscan_llong(&v, LLONG_MIN + 1, LLONG_MAX, out);
}

/*
 * Does an override apply?  min_prompt_tokens: when the prompt is strictly
 * longer; utc_start/utc_end (HHMM): a half-open daily window, which may
 * wrap midnight.
 */
static int
ov_applies(const struct jscan_val *ov, long long prompt_tokens, time_t now)
{
	long long min, start, end, hhmm;
	struct tm tm;

	if (ov_int(ov, "min_prompt_tokens", &min) == 0 && prompt_tokens <= min)
		return 0;
	if (ov_int(ov, "utc_start", &start) == 0 &&
	    ov_int(ov, "utc_end", &end) == 0) {
		gmtime_r(&now, &tm);
		hhmm = tm.tm_hour * 100 + tm.tm_min;
		if (start <= end ? hhmm < start || hhmm >= end :
		    hhmm < start && hhmm >= end)
			return 0;
	}
	return 1;
}

void
catalog_price_for(const struct cat_model *m, long long prompt_tokens,
    struct cat_price *p)
{
	long long lo, hi;

	catalog_price_band(m, prompt_tokens, p, &lo, &hi);
}

/* Narrow [*lo, *hi] to the prompt sizes on this side of the override's
 * min_prompt_tokens. */
static void
ov_band(const struct jscan_val *ov, long long prompt_tokens, long long *lo,
    long long *hi)
{
	long long min;

	if (ov_int(ov, "min_prompt_tokens", &min) != 0)
		return;
	if (prompt_tokens <= min) {
		if (min < *hi)
			*hi = min;
	} else if (min + 1 > *lo)
		*lo = min + 1;
}

void
catalog_price_band(const struct cat_model *m, long long prompt_tokens,
    struct cat_price *p, long long *lo, long long *hi)
{
	struct jscan_val ovs, ov, v;
	size_t pos = 0;
	time_t now = time(NULL);
	int i;

	*p = m->price;
	*lo = LLONG_MIN;
	*hi = LLONG_MAX;
	if (!m->has_overrides ||
	    jscan_get(m->json, m->jsonlen, "pricing.overrides", &ovs) != 1 ||
	    ovs.kind != JSCAN_ARRAY)
		return;
	/* Every matching entry, in order: a later one wins per key. */
	while (jscan_iter(ovs.p, ovs.len, &pos, NULL, &ov) == 1) {
		if (ov.kind != JSCAN_OBJECT)
			continue;
		ov_band(&ov, prompt_tokens, lo, hi);
		if (!ov_applies(&ov, prompt_tokens, now))
			continue;
		for (i = 0; i < CP_NFIELDS; i++) {
			money_t x;

			if (jscan_get(ov.p, ov.len, cat_price_key[i], &v) != 1)
				continue;
			if (v.kind == JSCAN_STRING && v.len >= 2) {
				if (money_parse(v.p + 1, v.len - 2, &x) != 0)
					continue;
			} else if (v.kind != JSCAN_NUMBER ||
			    money_parse(v.p, v.len, &x) != 0)
				continue;
			p->have |= 1u << i;
			if (x < 0) {
				p->variable |= 1u << i;
				p->v[i] = 0;
			} else {
				p->variable &= ~(1u << i);
				p->v[i] = x;
			}
		}
	}
}
