/*
 * fz_rcache: any bytes as a response cache entry, read by rcache_get.
 * Never a crash; a hit only for an entry whose header is one line of
 * JSON naming this key and version, whose body is exactly the bytes after
 * it (size and SHA-256 agree); what a hit gives, stored again with
 * rcache_put, reads back the same.
 *
 * Input: one byte choosing the TTL (any age, 0, an hour), then the entry.
 * So that the fuzzer can make good entries, "@K" in the entry becomes the
 * key and "@S" the SHA-256 of the bytes after the first newline (once
 * "@K" is replaced).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fz.h"
#include "jscan.h"
#include "rcache.h"
#include "sha256.h"
#include "util.h"

static char dir[64], key[RCACHE_KEYSIZE], key2[RCACHE_KEYSIZE];
static char path[160], path2[160];

static void
cleanup(void)
{
	unlink(path);
	unlink(path2);
	rmdir(dir);
}

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/fz_rcache.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	rcache_key("http://fz", "{}", 2, key);
	rcache_key("http://fz2", "{}", 2, key2);
	snprintf(path, sizeof path, "%s/%s", dir, key);
	snprintf(path2, sizeof path2, "%s/%s", dir, key2);
	atexit(cleanup);
}

/* s[0..n) with every "@K" made the key, into b. */
static void
put_key(struct fz_buf *b, const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '@' && i + 1 < n && s[i + 1] == 'K') {
			fz_add(b, key, strlen(key));
			i++;
		} else
			fz_add(b, s + i, 1);
	}
}

/* b with every "@S" made the hash of what follows the first newline. */
static void
put_sum(const struct fz_buf *b, struct fz_buf *out)
{
	struct sha256 s;
	char hex[SHA256_HEXSIZE];
	const unsigned char *nl;
	size_t i, from;

	nl = memchr(b->p, '\n', b->n);
	from = nl ? (size_t)(nl - b->p) + 1 : b->n;
	sha256_init(&s);
	sha256_add(&s, b->p + from, b->n - from);
	sha256_hex(&s, hex);
	for (i = 0; i < b->n; i++) {
		if (i + 1 < from && b->p[i] == '@' && b->p[i + 1] == 'S') {
			fz_add(out, hex, strlen(hex));
			i++;
		} else
			fz_add(out, b->p + i, 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long long ttls[] = { -1, 0, 3600 };
	struct fz_buf a = { 0 }, e = { 0 };
	struct rcache_hit h, h2;
	struct or_error err;
	const unsigned char *nl;
	long long ttl;
	size_t hlen;
	FILE *fp;

	if (size < 1)
		return 0;
	if (dir[0] == '\0')
		setup();
	ttl = ttls[data[0] % 3];
	fz_add(&a, "", 0);
	fz_add(&e, "", 0);
	put_key(&a, data + 1, size - 1);
	put_sum(&a, &e);
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (fwrite(e.p, 1, e.n, fp) != e.n || fclose(fp) == EOF)
		abort();
	chmod(path, 0600);
	if (rcache_get(dir, key, ttl, &h)) {
		nl = memchr(e.p, '\n', e.n);
		FZ_CHECK(nl != NULL);
		hlen = nl - e.p;
		FZ_CHECK(jscan_validate((const char *)e.p, hlen, NULL) == 0);
		FZ_CHECK(h.body.len == e.n - hlen - 1);
		FZ_CHECK(memcmp(h.body.p, nl + 1, h.body.len) == 0);
		FZ_CHECK(memchr(h.gen_id, '\0', sizeof h.gen_id) != NULL);
		FZ_CHECK(memchr(h.content_type, '\0',
		    sizeof h.content_type) != NULL);
		FZ_CHECK(fz_utf8((const unsigned char *)h.gen_id,
		    strlen(h.gen_id)));
		/* Stored again, read back the same. */
		FZ_CHECK(rcache_put(dir, key2, h.body.p, h.body.len, h.gen_id,
		    h.content_type, &err) == 0);
		FZ_CHECK(rcache_get(dir, key2, -1, &h2) == 1);
		FZ_CHECK(h2.body.len == h.body.len &&
		    memcmp(h2.body.p, h.body.p, h.body.len) == 0);
		FZ_CHECK(strcmp(h2.gen_id, h.gen_id) == 0);
		FZ_CHECK(strcmp(h2.content_type, h.content_type) == 0);
		rcache_hit_free(&h2);
		rcache_hit_free(&h);
	}
	free(a.p);
	free(e.p);
	return 0;
}
