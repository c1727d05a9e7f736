/*
 * tutil.h: helpers the C unit tests share -- a file read whole, a
 * writer's output caught in a string, a catalog opened as a test point.
 * Header-only, like tap.h, so every tests/unit/t_*.c stays one
 * translation unit; all static inline, so a test uses what it needs.
 */
#ifndef TUTIL_H
#define TUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "error.h"
#include "opts.h"
#include "tap.h"
#include "util.h"

/*
 * The file at path read whole into a buffer of exactly its size (so that
 * a sanitizer sees any read past its end), its length in *lenp; the
 * caller frees it.  NULL when it cannot be read.
 */
static inline char *
tutil_slurp(const char *path, size_t *lenp)
{
	struct buf b;
	char *p;

	buf_init(&b, 0);
	if (read_file(path, &b) == -1) {
		buf_free(&b);
		return NULL;
	}
	if ((p = malloc(b.len ? b.len : 1)) != NULL && b.len)
		memcpy(p, b.p, b.len);
	*lenp = b.len;
	buf_free(&b);
	return p;
}

/* Output of a writer into a string, through open_memstream. */
struct cap {
	char	*p;
	size_t	 n;
	FILE	*fp;
};

static inline FILE *
cap_open(struct cap *c)
{
	c->p = NULL;
	c->n = 0;
	return c->fp = open_memstream(&c->p, &c->n);
}

/* What was written since cap_open; the caller frees it. */
static inline char *
cap_close(struct cap *c)
{
	fclose(c->fp);
	return c->p;
}

/* The catalog in path (CAT_QUIET); NULL, and a failed test point, if not. */
static inline struct catalog *
tutil_open_cat(const struct opts *o, const char *path)
{
	struct catalog *c;
	struct or_error e;

	if (catalog_open(o, path, CAT_QUIET, &c, &e) != 0) {
		ok(0, "open %s: %s", path, e.msg);
		return NULL;
	}
	return c;
}

#endif
