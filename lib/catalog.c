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
#include "money.h"
#include "opts.h"
#include "util.h"

#define TTL_DEFAULT	86400

struct catalog {
	struct catindex	*ix;		/* the models; NULL until loaded */
};

/* Open the catalog JSON at path with its index (catindex_open). */
static int
load(struct catalog *c, const char *path, const char *idxpath, char *why,
    size_t whysize)
{
	return catindex_open(path, idxpath, &c->ix, why, whysize);
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

/*
 * Fetch GET /models into the cache, only when the answer is a catalog
 * (an error page, or a server echoing the request and its key, never
 * reaches the disk), readable by its owner only.  0, or an exit status
 * with e.
 */
static int
fetch(const struct opts *o, const char *jsonpath, struct or_error *e)
{
	struct http_resp rs;
	char why[256];
	int r;

	r = http_get_lookup(o, "/models", &rs, e);
	if (r == 0 && catindex_check(rs.body.p ? rs.body.p : "", rs.body.len,
	    why, sizeof why) != 0)
		r = error_set(e, EX_PROTOCOL, "GET /models: not a catalog: %s",
		    why);
	if (r == 0 && write_atomic_mode(jsonpath, rs.body.p, rs.body.len,
	    0600) == -1)
		r = error_set(e, EX_IOERR, "cannot write %s: %s", jsonpath,
		    strerror(errno));
	http_resp_free(&rs);
	return r;
}

/*
 * The bundled snapshot: BUILDDIR/data when this is a binary of the build
 * tree it was built in (BUILDDIR/bin), else DATADIR -- never a file that
 * merely lies beside an installed binary ($(PREFIX)/data).
 */
static int
bundled_path(char *out, size_t size)
{
#ifdef BUILDDIR
	char exe[PATH_MAX], bin[PATH_MAX], *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0 && realpath(BUILDDIR "/bin", bin) != NULL) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (strcmp(exe, bin) == 0 && join(out, size, BUILDDIR,
			    "data/models.json") == 0 && access(out, R_OK) == 0)
				return 0;
		}
	}
#endif
#ifdef DATADIR
	if (join(out, size, DATADIR, "models.json") == 0 &&
	    access(out, R_OK) == 0)
		return 0;
#endif
	return -1;
}

/* t as UTC in fmt; -1 when gmtime cannot say (beyond its range). */
static int
utc_date(long long t, const char *fmt, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((long long)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, size, fmt, &tm) == 0)
		return -1;
	return 0;
}

/* The newest model's date: how old a snapshot is. */
static void
newest_date(const struct catalog *c, char *out, size_t size)
{
	long long t = -1;
	size_t i;

	for (i = 0; i < catindex_count(c->ix); i++)
		if (catindex_model(c->ix, i)->created > t)
			t = catindex_model(c->ix, i)->created;
	if (t < 0 || utc_date(t, "%Y-%m-%d", out, size) == -1)
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
	memset(&fe, 0, sizeof fe);
	if (file == NULL)
		file = env_value("ORKIT_CATALOG");
	if (file) {
		if ((r = load(c, file, NULL, why, sizeof why)) != 0) {
			r = error_set(e, r, "catalog %s: %s", file, why);
			catalog_close(c);
			return r;
		}
		*out = c;
		return 0;
	}

	have_cache = 0;
	errno = 0;
	if (cache_dir("", dir, sizeof dir) != 0 ||
	    join(jsonpath, sizeof jsonpath, dir, "models.json") != 0 ||
	    join(idxpath, sizeof idxpath, dir, "models.idx") != 0)
		/* A refused directory has been named by cache_dir. */
		error_set(&fe, EX_UNAVAILABLE, "%s", errno == EPERM ?
		    "nowhere to keep a fetched catalog" : "no cache directory "
		    "(neither XDG_CACHE_HOME nor HOME is set, or too long)");
	else {
		have_cache = stat(jsonpath, &st) == 0;
		if (have_cache && !(flags & CAT_REFRESH) &&
		    ((flags & CAT_OFFLINE) || time(NULL) - st.st_mtime <
		    env_count("ORKIT_CATALOG_TTL", TTL_DEFAULT))) {
			if (load(c, jsonpath, idxpath, why, sizeof why) == 0) {
				*out = c;
				return 0;
			}
			if (!(flags & CAT_QUIET))
				warnx("cached catalog %s is unusable (%s); "
				    "ignoring it", jsonpath, why);
			unload(c);
			have_cache = 0;
		}
		if (!(flags & CAT_OFFLINE)) {
			if (mkdirs(dir) == -1)
				r = error_set(&fe, EX_IOERR, "cannot make %s: "
				    "%s", dir, strerror(errno));
			else
				r = fetch(o, jsonpath, &fe);
			/*
			 * Old data is for a catalog that cannot be had now,
			 * not for a refused certificate or base URL, an
			 * interrupt, or a --refresh that failed.
			 */
			if (r == EX_CONFIG || r == OR_EX_INTERRUPT ||
			    (r != 0 && (flags & CAT_REFRESH))) {
				catalog_close(c);
				return error_set(e, r, "%s", fe.msg);
			}
			if (r == 0 && load(c, jsonpath, idxpath, why,
			    sizeof why) == 0) {
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
					if (utc_date(st.st_mtime,
					    "%Y-%m-%d %H:%M UTC", date,
					    sizeof date) == -1)
						snprintf(date, sizeof date,
						    "unknown date");
					warnx("%s; using the cached catalog "
					    "of %s", fe.msg, date);
				}
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

/* ---- ids ------------------------------------------------------------- */

/* One part of an id from p: its end, or NULL with *why. */
static const char *
id_part(const char *p, const char **why)
{
	const char *s = p;

	if (*p == '.') {
		*why = "a part begins with a dot";
		return NULL;
	}
	for (; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-';
	    p++)
		if (p[0] == '.' && p[1] == '.') {
			*why = "\"..\" in it";
			return NULL;
		}
	if (p == s) {
		*why = "an empty part";
		return NULL;
	}
	return p;
}

int
catalog_id_check(const char *id, const char **why)
{
	const char *p = id + (*id == '~');
	int part;

	if (strlen(id) > 255) {
		*why = "too long";
		return -1;
	}
	/* author "/" slug [":" variant] */
	for (part = 0; part < 3; part++) {
		if ((p = id_part(p, why)) == NULL)
			return -1;
		if (*p == '\0' && part > 0)
			return 0;
		if ((part == 0 && *p != '/') || (part == 1 && *p != ':') ||
		    part == 2)
			break;
		p++;
	}
	*why = *p == '/' || *p == ':' || *p == '\0' ? "not author/slug"
	    "[:variant]" : "a character other than letters, digits, "
	    "'.', '_' and '-'";
	return -1;
}

/* ---- did you mean ---------------------------------------------------- */

/* Does s contain pat, ASCII case ignored? */
static int
icontains(const char *s, const char *pat)
{
	size_t i;

	if (*pat == '\0')
		return 1;
	for (; *s; s++) {
		for (i = 0; pat[i] && ascii_lower((unsigned char)s[i]) ==
		    ascii_lower((unsigned char)pat[i]); i++)
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
		d = edit_distance(id, m->id);
		/* "claude-sonnet-4.5" is close to the id without its author. */
		if ((slash = strchr(m->id, '/')) != NULL &&
		    strchr(id, '/') == NULL &&
		    (d2 = edit_distance(id, slash + 1)) < d)
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

const struct cat_model *
catalog_lookup(const struct catalog *c, const char *id)
{
	const struct cat_model *m;

	if ((m = catalog_find(c, id)) == NULL)
		catalog_not_found(c, id);
	return m;
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
 * one given (a decimal string, or a number) replaces p's; null is as if
 * absent; anything else (unreadable text, an array, true) is unknown,
 * never 0.  The one reader of a pricing object.
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
		if (jscan_get(obj, len, cat_price_name(i), &v) != 1 ||
		    v.kind == JSCAN_NULL)
			continue;
		if (v.kind == JSCAN_STRING) {
			n = jscan_unescape(v.p, v.len, tmp, sizeof tmp);
			if (n >= sizeof tmp || money_parse(tmp, n, &x) != 0)
				goto unknown;
		} else if (v.kind != JSCAN_NUMBER ||
		    money_parse(v.p, v.len, &x) != 0)
			goto unknown;
		cat_price_put(p, i, x);
		continue;
unknown:
		cat_price_put_unknown(p, i);
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
