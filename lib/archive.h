/*
 * archive: the models the catalog no longer lists.  Each is kept with its
 * last record and the day it was last listed, so that a withdrawn model
 * can still be looked up, described and priced.
 *
 * An archive is a catalog file (a "data" array of model objects, read
 * through catindex) whose records carry one more key, "last_listed":
 * "YYYY-MM-DD".  Two are read, first match wins:
 *   1. the one beside the cache ($XDG_CACHE_HOME/orkit/archive.json),
 *      to which each refresh that drops models adds them (archive_refresh);
 *   2. the bundled one (data/archive.json, built by data/mkarchive.py from
 *      every catalog orkit ships or has fixtures for, installed beside
 *      data/models.json and found the way lib/catalog.c finds it).
 * Their indexes are kept in the cache directory when it can be written
 * (archive.idx, archive-bundled.idx), so a look-up costs what a warm
 * catalog look-up costs.
 *
 * The archives are read once a process, on the first look-up that the
 * catalog cannot answer; what they give out lives until the process ends.
 */
#ifndef ARCHIVE_H
#define ARCHIVE_H

#include <stddef.h>

#include "catalog.h"

struct catalog;

/*
 * The file name in the bundled data directory (bundled: BUILDDIR/data
 * for a binary of the build tree, else DATADIR), or in the cache
 * directory (not bundled), into out.  0, or -1 when there is none
 * (bundled: no such file).
 */
int	 archive_path(int bundled, const char *name, char *out, size_t size);

/*
 * The archived model with this id (or canonical slug), its withdrawn
 * member set to the day it was last listed; NULL when no archive has it.
 * For catalog_find, when the catalog does not list id.
 */
const struct cat_model *archive_find(const char *id);

/*
 * The withdrawn models a listing shows, in id order, into a new array
 * *out (the caller frees the array, not the models); returns how many.
 * all: every archived model the catalog c does not list.  Otherwise
 * only those that one of the n words names exactly (id or canonical
 * slug), each with a note on stderr saying when it was last listed.
 */
size_t	 archive_listing(const struct catalog *c, int all,
	    char *const *words, size_t n, const struct cat_model ***out);

/*
 * The hook of a refresh: the catalog json[0..len), just fetched, is about
 * to replace the cached one at cachepath.  What changed from the cached
 * one is appended to the history beside it (history.h), dated today, and
 * the models it no longer lists are added to the archive beside it,
 * dated the day the cached one was fetched.  Both written atomically,
 * mode 0600.  0, or -1 with errno set and the file that could not be
 * written in path[0..size) (the cache must then not be replaced, so that
 * the next refresh records the same changes again).  Catalogs that
 * cannot be compared are no failure: there is nothing to record.
 */
int	 archive_refresh(const char *cachepath, const char *json, size_t len,
	    char *path, size_t size);

/*
 * The model orcost prices for m: m itself, after a one-line note on
 * stderr when m is withdrawn; with date (YYYY-MM-DD, or NULL), m with the
 * prices it had that day (history.h), in *tmp.  NULL after one line on
 * stderr when those prices are not known.
 */
const struct cat_model *archive_priced(const struct cat_model *m,
	    const char *date, struct cat_model *tmp);

#endif
