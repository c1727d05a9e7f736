/*
 * catalog: the model catalog from a file, the cache, the network or the
 * bundled snapshot (read through catindex); looking a model up, with "did
 * you mean" when there is none; the prices that apply to a call.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "archive.h"
#include "catalog.h"
#include "catindex.h"
#include "error.h"
#include "http.h"
#include "jscan.h"
#include "money.h"
#include "opts.h"
#include "util.h"

#define TTL_DEFAULT	86400	/* ORKIT_CATALOG_TTL */
#define RETRY_DEFAULT	3600	/* ORKIT_CATALOG_RETRY */
#define QUICK_MS	3000	/* the limit of a refresh nobody asked for */

struct catalog {
	struct catindex	*ix;		/* the models; NULL until loaded */
};

/* The cache's files (cache_paths). */
struct cachepaths {
	int	 ok;
	char	 dir[PATH_MAX], json[PATH_MAX], idx[PATH_MAX];
	char	 stamp[PATH_MAX];
	char	 why[PATH_MAX + 64];	/* when not ok */
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
 * GET /models into body, only when the answer is a catalog (an error
 * page, or a server echoing the request and its key, never reaches the
 * disk).  A refresh nobody asked for is quick (http_get_quick): one
 * attempt, QUICK_MS at most.  0, or an exit status with e.
 */
static int
fetch(const struct opts *o, unsigned flags, struct buf *body,
    struct or_error *e)
{
	struct http_resp rs;
	char why[256];
	int r;

	r = flags & CAT_REFRESH ? http_get_lookup(o, "/models", &rs, e) :
	    http_get_quick(o, "/models", QUICK_MS, &rs, e);
	if (r == 0 && catindex_check(rs.body.p ? rs.body.p : "", rs.body.len,
	    why, sizeof why) != 0)
		r = error_set(e, EX_PROTOCOL, "GET /models: not a catalog: %s",
		    why);
	if (r == 0) {
		*body = rs.body;
		buf_init(&rs.body, 0);
	}
	http_resp_free(&rs);
	return r;
}

/*
 * A fetched catalog replaces the cache: json[0..len), validated, written
 * over k->json atomically and privately (the old cache is still there
 * until the rename), after the changes are recorded (archive_refresh).
 * 0, or -1 with "FILE: why" in why[0..size).
 */
static int
cache_replace(const struct cachepaths *k, const char *json, size_t len,
    char *why, size_t size)
{
	char path[PATH_MAX];
	const char *failed;

	if (mkdirs(k->dir) == -1)
		failed = k->dir;
	else if (archive_refresh(k->json, json, len, path, sizeof path) == -1)
		failed = path;	/* and the old one stays, to compare again */
	else if (write_atomic_mode(k->json, json, len, 0600) == -1)
		failed = k->json;
	else {
		unlink(k->stamp);	/* the network answers again */
		return 0;
	}
	snprintf(why, size, "%s: %s", failed, strerror(errno));
	return -1;
}

/*
 * Has a refresh nobody asked for failed, from this base URL, less than
 * ORKIT_CATALOG_RETRY seconds ago?  The stamp (k->stamp) holds the URL;
 * its modification time is when.
 */
static int
stamp_held(const struct cachepaths *k, const char *url)
{
	long long retry = env_count("ORKIT_CATALOG_RETRY", RETRY_DEFAULT);
	char b[PATH_MAX + 2];
	size_t n = strlen(url);
	struct stat st;
	ssize_t got;
	time_t age;
	int fd;

	if (!k->ok || retry == 0 || (fd = open_own(k->stamp, &st)) == -1)
		return 0;
	got = read(fd, b, sizeof b);
	close(fd);
	if (got != (ssize_t)n + 1 || memcmp(b, url, n) != 0 || b[n] != '\n')
		return 0;
	age = time(NULL) - st.st_mtime;
	return age >= 0 && age < retry;
}

/* Remember that a refresh from url failed now; 0, or -1. */
static int
stamp_set(const struct cachepaths *k, const char *url)
{
	struct buf b;
	int r;

	if (!k->ok || env_count("ORKIT_CATALOG_RETRY", RETRY_DEFAULT) == 0 ||
	    strlen(url) > PATH_MAX || mkdirs(k->dir) == -1)
		return -1;
	buf_init(&b, 0);
	buf_adds(&b, url);
	buf_adds(&b, "\n");
	r = write_atomic_mode(k->stamp, b.p, b.len, 0600);
	buf_free(&b);
	return r;
}

/*
 * What to do about a failed refresh, for the one warning: " (online: ..."
 * and, when the stamp was set, how long until the next try.
 */
static void
fix_hint(int stamped, char *out, size_t size)
{
	long long s = env_count("ORKIT_CATALOG_RETRY", RETRY_DEFAULT);
	char when[64];

	when[0] = '\0';
	if (stamped) {
		if (s % 3600 == 0)
			snprintf(when, sizeof when, "; not tried again for "
			    "%lld h", s / 3600);
		else if (s % 60 == 0)
			snprintf(when, sizeof when, "; not tried again for "
			    "%lld min", s / 60);
		else
			snprintf(when, sizeof when, "; not tried again for "
			    "%lld s", s);
	}
	snprintf(out, size, "%s (online: ormodels --refresh; offline: "
	    "--offline or ORKIT_CATALOG=FILE)", when);
}

/*
 * A bundled data file: BUILDDIR/data when this is a binary of the build
 * tree it was built in (BUILDDIR/bin), else DATADIR -- never a file that
 * merely lies beside an installed binary ($(PREFIX)/data).
 */
int
catalog_data_path(const char *name, char *out, size_t size)
{
#ifdef BUILDDIR
	char exe[PATH_MAX], bin[PATH_MAX], data[PATH_MAX], *slash;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0 && realpath(BUILDDIR "/bin", bin) != NULL) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (strcmp(exe, bin) == 0 && join(data, sizeof data,
			    BUILDDIR, "data") == 0 && join(out, size, data,
			    name) == 0 && access(out, R_OK) == 0)
				return 0;
		}
	}
#endif
#ifdef DATADIR
	if (join(out, size, DATADIR, name) == 0 && access(out, R_OK) == 0)
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

/* The newest model's date, as Unix seconds; -1 unknown. */
static long long
newest(const struct catalog *c)
{
	long long t = -1;
	size_t i;

	for (i = 0; i < catindex_count(c->ix); i++)
		if (catindex_model(c->ix, i)->created > t)
			t = catindex_model(c->ix, i)->created;
	return t;
}

/* The newest model's date: how old a snapshot is. */
static void
newest_date(const struct catalog *c, char *out, size_t size)
{
	long long t = newest(c);

	if (t < 0 || utc_date(t, "%Y-%m-%d", out, size) == -1)
		snprintf(out, size, "unknown date");
}

/*
 * Where the cache is: its directory, the catalog, its index and the
 * stamp of a failed refresh; k->ok is 0 when there is none to use (no
 * HOME, a refused directory), and then nothing is read or written there.
 */
static void
cache_paths(struct cachepaths *k)
{
	k->dir[0] = '\0';
	errno = ENAMETOOLONG;
	k->ok = cache_dir("", k->dir, sizeof k->dir) == 0 &&
	    join(k->json, sizeof k->json, k->dir, "models.json") == 0 &&
	    join(k->idx, sizeof k->idx, k->dir, "models.idx") == 0 &&
	    join(k->stamp, sizeof k->stamp, k->dir, "models.retry") == 0;
	if (k->ok)
		return;
	/* Why, for a catalog fetched but not kept. */
	if (errno == ENOENT && k->dir[0] == '\0')
		snprintf(k->why, sizeof k->why, "neither XDG_CACHE_HOME nor "
		    "HOME is set");
	else
		snprintf(k->why, sizeof k->why, "%.*s: %s", PATH_MAX, k->dir,
		    errno == EPERM ? "not safe to use" : strerror(errno));
}

/*
 * Where the index of a user's catalog file is kept: the cache's index/
 * directory, named by a hash (FNV-1a, 64 bits) of the file's real path;
 * the index's head keys it to the file's size and modification time, so
 * a changed file gets its index rebuilt.  -1 when there is none (not a
 * regular file, no cache directory): the index is built in memory.
 */
static int
file_index(const char *file, char *out, size_t size)
{
	char real[PATH_MAX], dir[PATH_MAX], name[32];
	unsigned long long h = 0xcbf29ce484222325ULL;
	struct stat st;
	const char *p;

	if (stat(file, &st) == -1 || !S_ISREG(st.st_mode) ||
	    realpath(file, real) == NULL || cache_dir("index", dir,
	    sizeof dir) == -1)
		return -1;
	for (p = real; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	snprintf(name, sizeof name, "%016llx.idx", h);
	if (join(out, size, dir, name) == -1)
		return -1;
	if (access(dir, W_OK) == 0)
		return 0;
	return errno == ENOENT && mkdirs(dir) == 0 ? 0 : -1;
}

/*
 * Put the bundled snapshot loaded in c, and its index, in the cache, so
 * that the next call reads it as a warm cache does.  Its date is the
 * snapshot's own (its newest model's), never now: the copy is old data,
 * as stale as the snapshot is, and a later call still refreshes it when
 * it may (ORKIT_CATALOG_TTL, ORKIT_CATALOG_RETRY).  Best effort.
 */
static void
bundled_keep(const struct catalog *c, const struct cachepaths *k, int bad)
{
	long long t = newest(c), now = time(NULL);
	long long ttl = env_count("ORKIT_CATALOG_TTL", TTL_DEFAULT);
	struct stat st;

	/*
	 * Over an unusable cache (bad), but never over a fresh catalog that a
	 * run in parallel has just put.
	 */
	if (!k->ok || (!bad && stat(k->json, &st) == 0 &&
	    now - st.st_mtime < ttl) ||
	    mkdirs(k->dir) == -1)
		return;
	/* A date unknown, or not yet come: stale by the TTL all the same. */
	if (t < 0 || t > now)
		t = now - ttl - 1;
	catindex_save(c->ix, k->json, k->idx, t);
}

int
catalog_open(const struct opts *o, const char *file, unsigned flags,
    struct catalog **out, struct or_error *e)
{
	struct catalog *c = xcalloc(1, sizeof *c);
	struct cachepaths k;
	char why[256], date[32], hint[160], nokeep[PATH_MAX + 64];
	char bpath[PATH_MAX];
	struct stat st;
	struct or_error fe;
	struct buf body;
	int have_cache, held, bad = 0, r;

	*out = NULL;
	memset(e, 0, sizeof *e);
	memset(&fe, 0, sizeof fe);
	hint[0] = '\0';
	if (file == NULL)
		file = env_value("ORKIT_CATALOG");
	if (file) {
		char idx[PATH_MAX];

		if ((r = load(c, file, file_index(file, idx, sizeof idx) == 0 ?
		    idx : NULL, why, sizeof why)) != 0) {
			r = error_set(e, r, "catalog %s: %s", file, why);
			catalog_close(c);
			return r;
		}
		*out = c;
		return 0;
	}

	cache_paths(&k);
	have_cache = k.ok && stat(k.json, &st) == 0;
	/* Within ORKIT_CATALOG_RETRY of a failed refresh: no refresh. */
	held = !(flags & CAT_REFRESH) && stamp_held(&k, o->base_url);
	if (have_cache && !(flags & CAT_REFRESH) && ((flags & CAT_OFFLINE) ||
	    held || time(NULL) - st.st_mtime < env_count("ORKIT_CATALOG_TTL",
	    TTL_DEFAULT))) {
		if (load(c, k.json, k.idx, why, sizeof why) == 0) {
			*out = c;
			return 0;
		}
		if (!(flags & CAT_QUIET))
			warnx("cached catalog %s is unusable (%s); ignoring it",
			    k.json, why);
		unload(c);
		have_cache = 0;
		bad = 1;
	}
	if (!(flags & CAT_OFFLINE) && !held) {
		buf_init(&body, 0);
		r = fetch(o, flags, &body, &fe);
		/*
		 * Old data is for a catalog that cannot be had now, not for a
		 * refused certificate or base URL, an interrupt, or a
		 * --refresh that failed.
		 */
		if (r == EX_CONFIG || r == OR_EX_INTERRUPT ||
		    (r != 0 && (flags & CAT_REFRESH))) {
			buf_free(&body);
			catalog_close(c);
			return error_set(e, r, "%s", fe.msg);
		}
		if (r == 0) {
			/* Kept in the cache, else for this call only. */
			nokeep[0] = '\0';
			if (!k.ok)
				snprintf(nokeep, sizeof nokeep, "%s", k.why);
			else if (cache_replace(&k, body.p, body.len, nokeep,
			    sizeof nokeep) == -1 && (flags & CAT_REFRESH)) {
				/* --refresh asked for the cache: it failed. */
				r = error_set(e, EX_IOERR, "cannot write %s",
				    nokeep);
				buf_free(&body);
				catalog_close(c);
				return r;
			}
			if (nokeep[0] == '\0') {
				buf_free(&body);
				r = load(c, k.json, k.idx, why, sizeof why);
			} else {
				r = catindex_open_mem(body.p, body.len, &c->ix,
				    why, sizeof why);
				buf_init(&body, 0);	/* c->ix owns it */
			}
			if (r == 0) {
				if (nokeep[0] && !(flags & CAT_QUIET))
					warnx("the fetched catalog cannot be "
					    "cached (%s); it serves this call "
					    "only", nokeep);
				*out = c;
				return 0;
			}
			error_set(&fe, EX_PROTOCOL, "GET /models: %s", why);
			unload(c);
		}
		buf_free(&body);
		fix_hint(stamp_set(&k, o->base_url) == 0, hint, sizeof hint);
		/* The cache may have been the stale one: try it. */
		if (have_cache && load(c, k.json, k.idx, why, sizeof why) ==
		    0) {
			if (!(flags & CAT_QUIET)) {
				if (utc_date(st.st_mtime, "%Y-%m-%d %H:%M UTC",
				    date, sizeof date) == -1)
					snprintf(date, sizeof date,
					    "unknown date");
				warnx("%s%s; using the cached catalog of %s",
				    fe.msg, hint, date);
			}
			*out = c;
			return 0;
		}
		unload(c);
	}
	if (catalog_data_path("models.json", bpath, sizeof bpath) == 0 &&
	    load(c, bpath, NULL, why, sizeof why) == 0) {
		/* Quiet when offline by choice, or warned already. */
		if (!(flags & (CAT_QUIET | CAT_OFFLINE)) && !held) {
			newest_date(c, date, sizeof date);
			warnx("%s%s; using the bundled catalog (models up to "
			    "%s)", fe.msg, hint, date);
		}
		bundled_keep(c, &k, bad);
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
	if (colon && strchr(colon, '/') == NULL && strcmp(colon, ":free") &&
	    (m = find_exact(c, id, colon - id)) != NULL)
		return m;
	return archive_find(id);	/* withdrawn, archive.h (issue 12) */
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

static inline unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Do the n bytes at s contain pat (pn bytes), ASCII case ignored? */
static int
icontains_n(const char *s, size_t n, const char *pat, size_t pn)
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *q = (const unsigned char *)pat;
	unsigned char c0;
	size_t i, j;

	if (pn == 0)
		return 1;
	c0 = lower(q[0]);
	for (i = 0; i + pn <= n; i++) {
		if (lower(u[i]) != c0)
			continue;
		for (j = 1; j < pn && lower(u[i + j]) == lower(q[j]); j++)
			;
		if (j == pn)
			return 1;
	}
	return 0;
}

/* Does s contain pat, ASCII case ignored? */
static int
icontains(const char *s, const char *pat)
{
	return icontains_n(s, strlen(s), pat, strlen(pat));
}

int
catalog_match(const struct cat_model *m, const char *pat)
{
	size_t pn = strlen(pat);

	return icontains_n(m->id, strlen(m->id), pat, pn) ||
	    (m->name && icontains_n(m->name, strlen(m->name), pat, pn));
}

int
catalog_match_at(const struct catalog *c, size_t i, const char *pat)
{
	const char *t;
	size_t n, pn = strlen(pat);

	t = catindex_text(c->ix, i, 0, &n);
	if (icontains_n(t, n, pat, pn))
		return 1;
	t = catindex_text(c->ix, i, 2, &n);
	return icontains_n(t, n, pat, pn);
}

int
catalog_model_is(const struct catalog *c, size_t i, const struct cat_model *m)
{
	return catindex_is(c->ix, i, m);
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
