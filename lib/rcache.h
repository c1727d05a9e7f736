/*
 * rcache: the response cache (--cache DIR, ORKIT_CACHE) -- a successful
 * answer to a request kept in DIR, one file per request, and served
 * instead of the network while it is younger than --cache-ttl.
 *
 * A request's key is the SHA-256 of the base URL and the request body in
 * canonical form (keys sorted, no white space), never of the API key, so
 * the same request from another key or another shell is the same entry.
 * Entries are written atomically and privately (0600 in a 0700
 * directory).  An entry that cannot be read, or is not one, is a miss.
 */
#ifndef RCACHE_H
#define RCACHE_H

#include <stddef.h>
#include <time.h>

#include "util.h"

struct or_error;

#define RCACHE_KEYSIZE	65	/* 64 hex digits and a NUL */

/* An entry: the answer as it came, and what the headers said. */
struct rcache_hit {
	struct buf	 body;		/* JSON, or the SSE stream's bytes */
	char		 gen_id[128];	/* X-Generation-Id, or "" */
	char		 content_type[128];
	time_t		 stored;
};

/* The key of a request (no I/O); body[0..n) is JSON. */
void	 rcache_key(const char *base_url, const char *body, size_t n,
	    char key[RCACHE_KEYSIZE]);

/*
 * Look key up in dir (I/O): 1 with hit filled (hit_free it) when an entry
 * no older than ttl_s seconds is there (ttl_s < 0: any age), else 0.
 */
int	 rcache_get(const char *dir, const char *key, long long ttl_s,
	    struct rcache_hit *hit);
void	 rcache_hit_free(struct rcache_hit *);

/*
 * Store an answer under key in dir (I/O), atomically; dir is made (0700)
 * when missing.  Returns 0, or 74 with e filled.
 */
int	 rcache_put(const char *dir, const char *key, const char *body,
	    size_t n, const char *gen_id, const char *content_type,
	    struct or_error *e);

#endif
