/*
 * catalog: the model catalog from a file, the cache, the network or the
 * bundled snapshot (read through catindex); looking a model up, with "did
 * you mean" when there is none; the prices that apply to a call.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "catindex.h"
#include "error.h"
#include "http.h"
#include "jscan.h"
#include "opts.h"
#include "util.h"

#define TTL_DEFAULT	86400

struct catalog {
	struct catindex	*ix;		/* the models; NULL until loaded */
	const char	*source;
	char		 path[PATH_MAX];
};

/* Open the catalog JSON at path with its index (catindex_open). */
static int
load(struct catalog *c, const char *path, const char *idxpath, char *why,
    size_t whysize)
{
	int r;

	if ((r = catindex_open(path, idxpath, &c->ix, why, whysize)) == 0)
		snprintf(c->path, sizeof c->path, "%s", path);
	return r;
}

static void
unload(struct catalog *c)
{
	catindex_close(c->ix);
	c->ix = NULL;
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
		r = error_set(e, EX_PROTOCOL, "GET /models: malformed answer: "
		    "line %d, column %d: %s", je.line, je.col, je.what);
	if (r == 0 && write_atomic(jsonpath, rs.body.p, rs.body.len) == -1)
		r = error_set(e, EX_IOERR, "cannot write %s: %s", jsonpath,
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

	for (i = 0; i < catindex_count(c->ix); i++)
		if (catindex_model(c->ix, i)->created > t)
			t = catindex_model(c->ix, i)->created;
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
				r = error_set(&fe, EX_IOERR, "cannot make %s: "
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
				error_set(&fe, EX_PROTOCOL, "GET /models: %s",
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
	return error_set(e, fe.exit ? fe.exit : EX_UNAVAILABLE, "no catalog: "
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
	return catindex_count(c->ix);
}

const struct cat_model *
catalog_model(const struct catalog *c, size_t i)
{
	return catindex_model(c->ix, i);
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
	const struct cat_model *m;

	if ((m = catindex_find(c->ix, 0, id, n)) != NULL)
		return m;
	return catindex_find(c->ix, 1, id, n);
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

/* ---- did you mean ---------------------------------------------------- */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does s contain pat, ASCII case ignored? */
static int
icontains(const char *s, const char *pat)
{
	size_t i;

	if (*pat == '\0')
		return 1;
	for (; *s; s++) {
		for (i = 0; pat[i] && lower((unsigned char)s[i]) ==
		    lower((unsigned char)pat[i]); i++)
			;
		if (pat[i] == '\0')
			return 1;
	}
	return 0;
}

int
catalog_match(const struct cat_model *m, const char *pat)
{
	return icontains(m->id, pat) || (m->name && icontains(m->name, pat));
}

/* Edit distance of a and b, ASCII case ignored; long ids are cut. */
static size_t
distance(const char *a, const char *b)
{
	size_t row[129], la = strlen(a), lb = strlen(b), i, j, diag, up;

	if (la > 128)
		la = 128;
	if (lb > 128)
		lb = 128;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (lower((unsigned char)a[i - 1]) !=
			    lower((unsigned char)b[j - 1]));
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

size_t
catalog_suggest(const struct catalog *c, const char *id,
    const struct cat_model **out, size_t max)
{
	size_t best[16], i, k, n = 0, d, d2, limit;
	size_t count = catalog_count(c);
	const struct cat_model *m;
	const char *slash;

	if (max > sizeof best / sizeof best[0])
		max = sizeof best / sizeof best[0];
	/* Close means a typo or two, or a part of the id left out. */
	limit = strlen(id) / 3 + 1;
	for (i = 0; i < count; i++) {
		m = catalog_model(c, i);
		d = distance(id, m->id);
		/* "claude-sonnet-4.5" is close to the id without its author. */
		if ((slash = strchr(m->id, '/')) != NULL &&
		    strchr(id, '/') == NULL && (d2 = distance(id, slash + 1)) < d)
			d = d2;
		if (icontains(m->id, id))
			d = d < 1 ? d : 1;
		if (d > limit)
			continue;
		/* Insert in order of distance, then id. */
		for (k = n; k > 0 && (best[k - 1] > d || (best[k - 1] == d &&
		    strcmp(out[k - 1]->id, m->id) > 0)); k--)
			if (k < max) {
				best[k] = best[k - 1];
				out[k] = out[k - 1];
			}
		if (k < max) {
			best[k] = d;
			out[k] = m;
			if (n < max)
				n++;
		}
	}
	return n;
}
void
catalog_not_found(const struct catalog *c, const char *id)
{
	const struct cat_model *near[3];
	char clean[256];
	size_t n, i;

	sanitize(clean, sizeof clean, id, strlen(id));
	n = catalog_suggest(c, id, near, 3);
	fprintf(stderr, "%s: %s: no such model%s", progname(), clean,
	    n ? "; closest:" : "");
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", near[i]->id);
	fputc('\n', stderr);
}

/* ---- prices --------------------------------------------------------- */

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

/*
 * Lay the prices given in the pricing object obj[0..len) over p: each
 * one given (a decimal string, or a number) replaces p's; an unreadable
 * one is as if absent.  The one reader of a pricing object.
 */
static void
price_overlay(const char *obj, size_t len, struct cat_price *p)
{
	struct jscan_val v;
	char tmp[64];
	money_t x;
	size_t n;
	int i;

	for (i = 0; i < CP_NFIELDS; i++) {
		if (jscan_get(obj, len, cat_price_name(i), &v) != 1)
			continue;
		if (v.kind == JSCAN_STRING) {
			n = jscan_unescape(v.p, v.len, tmp, sizeof tmp);
			if (n >= sizeof tmp || money_parse(tmp, n, &x) != 0)
				continue;
		} else if (v.kind != JSCAN_NUMBER ||
		    money_parse(v.p, v.len, &x) != 0)
			continue;	/* unreadable: as if absent */
		cat_price_put(p, i, x);
	}
}

void
catalog_read_prices(const char *obj, size_t len, struct cat_price *p)
{
	memset(p, 0, sizeof *p);
	price_overlay(obj, len, p);
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
	struct jscan_val ovs, ov;
	size_t pos = 0;
	time_t now = time(NULL);

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
		price_overlay(ov.p, ov.len, p);
	}
}
