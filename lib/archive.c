/*
 * archive: the models the catalog no longer lists -- finding them,
 * listing them, keeping those a refresh drops (see archive.h).
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

#include "archive.h"
#include "catalog.h"
#include "catindex.h"
#include "history.h"
#include "jscan.h"
#include "mfilter.h"
#include "util.h"

#define MAXFILE		(256 << 20)

/* The archives, read once: [0] the cache's, [1] the bundled one. */
static struct {
	int		 loaded;
	struct catindex	*ix[2];
} ar;

static int
join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
archive_path(int bundled, const char *name, char *out, size_t size)
{
	char dir[PATH_MAX];

	if (bundled)
		return catalog_data_path(name, out, size);
	return cache_dir("", dir, sizeof dir) == 0 ?
	    join(out, size, dir, name) : -1;
}

static void
load(void)
{
	static const char *const json[2] = { "archive.json", "archive.json" };
	static const char *const idx[2] = { "archive.idx",
	    "archive-bundled.idx" };
	char path[PATH_MAX], ipath[PATH_MAX], why[256];
	int k;

	if (ar.loaded)
		return;
	ar.loaded = 1;
	/* Somewhere to keep the indexes, so that the next look-up is quick. */
	if (archive_path(0, "", ipath, sizeof ipath) == 0)
		(void)mkdirs(ipath);
	for (k = 0; k < 2; k++) {
		if (archive_path(k, json[k], path, sizeof path) == -1 ||
		    access(path, R_OK) == -1)
			continue;
		if (catindex_open(path, archive_path(0, idx[k], ipath,
		    sizeof ipath) == 0 ? ipath : NULL, &ar.ix[k], why,
		    sizeof why) != 0) {
			warnx("archive %s: %s; left out", path, why);
			ar.ix[k] = NULL;
		}
	}
}

/* m, marked with the day it was last listed. */
static const struct cat_model *
mark(const struct cat_model *m)
{
	struct jscan_val v;
	char day[16];
	long long t;
	struct cat_model *w = (struct cat_model *)m;	/* the archive's own */

	if (m == NULL || m->withdrawn)
		return m;
	/* A day, checked: the text goes to a terminal as it is. */
	if (jscan_get(m->json, m->jsonlen, "last_listed", &v) == 1 &&
	    v.kind == JSCAN_STRING && jscan_unescape(v.p, v.len, day,
	    sizeof day) == 10 && mfilter_parse_date(day, &t) == 0)
		w->withdrawn = xstrdup(day);
	else
		w->withdrawn = "an unknown day";
	return m;
}

const struct cat_model *
archive_find(const char *id)
{
	const struct cat_model *m;
	size_t n = strlen(id);
	int k;

	load();
	for (k = 0; k < 2; k++)
		if (ar.ix[k] && ((m = catindex_find(ar.ix[k], 0, id, n)) ||
		    (m = catindex_find(ar.ix[k], 1, id, n))))
			return mark(m);
	return NULL;
}

static int
by_id(const void *a, const void *b)
{
	return strcmp((*(const struct cat_model *const *)a)->id,
	    (*(const struct cat_model *const *)b)->id);
}

size_t
archive_listing(const struct catalog *c, int all, char *const *words,
    size_t nwords, const struct cat_model ***out)
{
	const struct cat_model *m, *l, **v = NULL;
	char id[256];
	size_t i, j, n = 0;
	int k;

	if (!all) {
		for (i = 0; i < nwords; i++) {
			if ((m = catalog_find(c, words[i])) == NULL ||
			    !m->withdrawn)
				continue;
			for (j = 0; j < n && v[j] != m; j++)
				;
			if (j < n)
				continue;
			warnx("%s: withdrawn, last listed %s", sanitize(id,
			    sizeof id, m->id, strlen(m->id)), m->withdrawn);
			v = xrealloc(v, (n + 1) * sizeof v[0]);
			v[n++] = m;
		}
		goto done;
	}
	load();
	for (k = 0; k < 2; k++)
		for (i = 0; ar.ix[k] && i < catindex_count(ar.ix[k]); i++) {
			m = catindex_model(ar.ix[k], i);
			/* Listed (that very id), or the cache's archive has
			 * it first. */
			if (((l = catalog_find(c, m->id)) != NULL &&
			    !l->withdrawn && strcmp(l->id, m->id) == 0) ||
			    archive_find(m->id) != m)
				continue;
			v = xrealloc(v, (n + 1) * sizeof v[0]);
			v[n++] = mark(m);
		}
done:
	if (n)
		qsort(v, n, sizeof v[0], by_id);
	*out = v;
	return n;
}

/* ---- a refresh ------------------------------------------------------- */

/*
 * The archive at path with the models dropped (the "withdrawn" changes
 * of h, their records in old) added, last listed on day; records of the
 * same ids it held before are replaced.  0, or -1 with errno.
 */
static int
keep_dropped(const char *path, const struct hist *h,
    const struct hist_cat *old, const char *day)
{
	struct hist_cat prev;
	struct buf b, in;
	const struct hist_model *m;
	char why[128];
	size_t i, n = 0, added = 0;
	int r;

	buf_init(&in, MAXFILE);
	memset(&prev, 0, sizeof prev);
	if (read_own(path, &in) == 0 &&
	    hist_cat_read(in.p, in.len, &prev, why, sizeof why) == -1)
		memset(&prev, 0, sizeof prev);	/* damaged: start again */
	buf_init(&b, 0);
	buf_adds(&b, "{\"data\":[");
	for (i = 0; i < prev.n; i++) {
		m = &prev.v[i];
		/* Dropped again (listed again since): the newer record. */
		if (hist_cat_find(old, m->id) != NULL)
			continue;
		buf_adds(&b, n++ ? ",\n" : "\n");
		buf_add(&b, m->obj, m->objlen);
	}
	for (i = 0; i < h->n; i++) {
		if (strcmp(h->v[i].field, "withdrawn") != 0 ||
		    (m = hist_cat_find(old, h->v[i].id)) == NULL)
			continue;
		/* The object with "last_listed" last: a later key wins. */
		buf_adds(&b, n++ ? ",\n" : "\n");
		buf_add(&b, m->obj, m->objlen - 1);
		buf_adds(&b, ",\"last_listed\":\"");
		buf_adds(&b, day);
		buf_adds(&b, "\"}");
		added++;
	}
	buf_adds(&b, "\n]}\n");
	r = added ? write_atomic_mode(path, b.p, b.len, 0600) : 0;
	buf_free(&b);
	hist_cat_free(&prev);
	buf_free(&in);
	return r;
}

int
archive_refresh(const char *cachepath, const char *json, size_t len,
    char *path, size_t size)
{
	char dir[PATH_MAX], hpath[PATH_MAX], apath[PATH_MAX], *slash;
	char today[11], last[11], why[128];
	struct hist_cat oc, nc;
	struct hist h;
	struct buf ob;
	struct stat st;
	int r = 0, sverr;

	memset(&h, 0, sizeof h);
	memset(&oc, 0, sizeof oc);
	memset(&nc, 0, sizeof nc);
	buf_init(&ob, MAXFILE);
	snprintf(dir, sizeof dir, "%s", cachepath);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, ".");
	/* No cached catalog yet: nothing to compare. */
	if (stat(cachepath, &st) == -1 || read_own(cachepath, &ob) == -1 ||
	    hist_cat_read(ob.p, ob.len, &oc, why, sizeof why) == -1 ||
	    hist_cat_read(json, len, &nc, why, sizeof why) == -1 ||
	    hist_day(time(NULL), today) == -1 ||
	    hist_day(st.st_mtime, last) == -1)
		goto done;
	hist_compare(&oc, &nc, today, &h);
	if (h.n == 0)
		goto done;
	if (join(hpath, sizeof hpath, dir, "history.tsv") == -1 ||
	    join(apath, sizeof apath, dir, "archive.json") == -1)
		goto done;
	if (hist_append(hpath, &h, last) == -1) {
		snprintf(path, size, "%s", hpath);
		r = -1;
	} else if (keep_dropped(apath, &h, &oc, last) == -1) {
		snprintf(path, size, "%s", apath);
		r = -1;
	}
done:
	sverr = errno;
	hist_free(&h);
	hist_cat_free(&oc);
	hist_cat_free(&nc);
	buf_free(&ob);
	errno = sverr;
	return r;
}

/* ---- pricing --------------------------------------------------------- */

const struct cat_model *
archive_priced(const struct cat_model *m, const char *date,
    struct cat_model *tmp)
{
	struct hist h;
	char why[160], id[256];

	sanitize(id, sizeof id, m->id, strlen(m->id));
	if (date == NULL) {
		if (m->withdrawn)
			warnx("%s: withdrawn, last listed %s; priced at its "
			    "last listed prices", id, m->withdrawn);
		return m;
	}
	hist_load(&h);
	if (hist_price_at(&h, m, date, tmp, why, sizeof why) == -1) {
		warnx("%s: the prices of %s are not known: %s", id, date, why);
		m = NULL;
	} else
		m = tmp;
	hist_free(&h);
	return m;
}
