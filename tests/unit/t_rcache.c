/*
 * t_rcache.c: unit tests for lib/sha256.c and lib/rcache.c.
 *
 * SHA-256 against the test vectors of FIPS 180-4's examples (NIST's
 * "abc", the two-block messages, a million 'a's) and the padding's edges
 * (digests from Python's hashlib), fed whole and in every cut; a
 * request's key for bodies that differ only in order and spacing; and
 * entries stored and read back, then spoiled every way an entry can be.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "rcache.h"
#include "sha256.h"
#include "tap.h"
#include "util.h"

static const char *
hex_of(const void *p, size_t n)
{
	static char out[SHA256_HEXSIZE];
	struct sha256 s;

	sha256_init(&s);
	sha256_add(&s, p, n);
	sha256_hex(&s, out);
	return out;
}

static void
test_sha256(void)
{
	static const struct {
		size_t		 n;
		const char	*hex;
	} xs[] = {
		{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
		{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
		{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
		{ 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
		{ 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
		{ 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
		{ 128, "24da1b81d0b16df6428eee73c69fcb2a93c76bc6df706f0c6670fe6bfe800464" },
	};
	static const char two[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char four[] =
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char want[SHA256_HEXSIZE], got[SHA256_HEXSIZE], x[128], *a;
	struct sha256 s;
	size_t i, cut, ok_cuts;

	is_str(hex_of("", 0),
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "sha256: the empty message");
	is_str(hex_of("abc", 3),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "sha256: \"abc\" (one block)");
	is_str(hex_of(two, strlen(two)),
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "sha256: the 448-bit message (two blocks)");
	is_str(hex_of(four, strlen(four)),
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
	    "sha256: the 896-bit message");
	a = malloc(1000000);
	memset(a, 'a', 1000000);
	is_str(hex_of(a, 1000000),
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "sha256: one million 'a's");
	/* The same million fed in pieces of 1, 63, 64, 65... bytes. */
	sha256_init(&s);
	for (i = 0, cut = 1; i < 1000000; i += cut, cut = cut % 200 + 1)
		sha256_add(&s, a + i, i + cut > 1000000 ? 1000000 - i : cut);
	sha256_hex(&s, got);
	is_str(got,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "sha256: one million 'a's fed in pieces of 1 to 200 bytes");
	free(a);
	memset(x, 'x', sizeof x);
	for (i = 0; i < sizeof xs / sizeof *xs; i++)
		is_str(hex_of(x, xs[i].n), xs[i].hex,
		    "sha256: %zu bytes, at the padding's edge", xs[i].n);
	/* Every cut of the 896-bit message into two pieces. */
	snprintf(want, sizeof want, "%s", hex_of(four, strlen(four)));
	for (cut = 0, ok_cuts = 0; cut <= strlen(four); cut++) {
		sha256_init(&s);
		sha256_add(&s, four, cut);
		sha256_add(&s, four + cut, strlen(four) - cut);
		sha256_hex(&s, got);
		ok_cuts += strcmp(got, want) == 0;
	}
	is_int(ok_cuts, strlen(four) + 1,
	    "sha256: every cut into two pieces gives the same digest");
}

static const char *
key_of(const char *url, const char *body)
{
	static char k[4][RCACHE_KEYSIZE];
	static int i;
	char *p = k[i++ % 4];

	rcache_key(url, body, strlen(body), p);
	return p;
}

static void
test_key(void)
{
	const char *u = "http://x/api/v1";
	char k[RCACHE_KEYSIZE];
	size_t i;

	snprintf(k, sizeof k, "%s", key_of(u,
	    "{\"a\":1,\"b\":[{\"c\":2,\"d\":3}]}"));
	is_str(k,
	    "c131efc8ae8a642f051823303dfb33b4f2dbb4ca1190cf67d27f19958dba671b",
	    "key: SHA-256 of the version, the base URL and the canonical body");
	for (i = 0; k[i]; i++)
		if (!((k[i] >= '0' && k[i] <= '9') ||
		    (k[i] >= 'a' && k[i] <= 'f')))
			break;
	is_int(i, 64, "key: 64 lower-case hex digits");
	is_str(key_of(u, "{ \"b\" : [ {\"d\":3, \"c\":2} ],\n\"a\":1 }"), k,
	    "key: members in another order, at every depth, and white space: "
	    "the same key");
	is_str(key_of("http://x/api/v1/", "{\"a\":1,\"b\":[{\"c\":2,\"d\":3}]}"),
	    k, "key: a trailing slash on the base URL: the same key");
	ok(strcmp(key_of("http://y/api/v1",
	    "{\"a\":1,\"b\":[{\"c\":2,\"d\":3}]}"), k) != 0,
	    "key: another base URL, another key");
	ok(strcmp(key_of(u, "{\"a\":1,\"b\":[{\"c\":2,\"d\":4}]}"), k) != 0,
	    "key: another value, another key");
	ok(strcmp(key_of(u, "{\"a\":1,\"b\":[{\"d\":3},{\"c\":2}]}"),
	    key_of(u, "{\"a\":1,\"b\":[{\"c\":2},{\"d\":3}]}")) != 0,
	    "key: an array's order matters (messages are in order)");
	ok(strcmp(key_of(u, "{\"stream\":true,\"a\":1}"),
	    key_of(u, "{\"a\":1}")) != 0,
	    "key: a streamed request is not the same request");
	is_str(key_of(u, "not json"), key_of(u, "not json"),
	    "key: a body that is not JSON has a key of its bytes");
	ok(strcmp(key_of(u, "not json"), key_of(u, "not  json")) != 0,
	    "key: ... every byte of them");
}

/* The entry file's bytes, read whole; its length in *n. */
static char *
slurp(const char *path, size_t *n)
{
	struct buf b;

	buf_init(&b, 0);
	if (read_file(path, &b) == -1) {
		buf_free(&b);
		*n = 0;
		return NULL;
	}
	*n = b.len;
	return buf_take(&b);
}

static void
spit(const char *path, const char *p, size_t n)
{
	FILE *fp;

	unlink(path);
	if ((fp = fopen(path, "w")) == NULL || fwrite(p, 1, n, fp) != n ||
	    fclose(fp) == EOF)
		perror(path);
	chmod(path, 0600);
}

/* 1 when key is a hit in dir with body "body" (any age). */
static int
hit_is(const char *dir, const char *key, const char *body, long long ttl)
{
	struct rcache_hit h;
	int r;

	if (!rcache_get(dir, key, ttl, &h))
		return 0;
	r = h.body.len == strlen(body) && memcmp(h.body.p, body,
	    h.body.len) == 0;
	rcache_hit_free(&h);
	return r;
}

static void
test_entries(void)
{
	char tmpl[] = "/tmp/t_rcache.XXXXXX", dir[256], path[512],
	    other[512], *e, *m;
	const char *body = "{\"id\":\"gen-1\",\"choices\":[]}";
	struct rcache_hit h;
	struct or_error err;
	struct stat st;
	size_t n, i;
	char key[RCACHE_KEYSIZE], key2[RCACHE_KEYSIZE];

	if (mkdtemp(tmpl) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(dir, sizeof dir, "%s/new/cache", tmpl);
	rcache_key("http://x", "{}", 2, key);
	rcache_key("http://y", "{}", 2, key2);
	snprintf(path, sizeof path, "%s/%s", dir, key);
	snprintf(other, sizeof other, "%s/%s", dir, key2);

	ok(!rcache_get(dir, key, -1, &h), "get: no directory, a miss");
	is_int(rcache_put(dir, key, body, strlen(body), "gen-1",
	    "application/json", &err), 0, "put: stored, the directory made");
	ok(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700,
	    "put: the directory is 0700");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	    "put: the entry is 0600");
	ok(rcache_get(dir, key, -1, &h), "get: a hit");
	is_str(h.gen_id, "gen-1", "get: the generation id");
	is_str(h.content_type, "application/json", "get: the content type");
	ok(h.body.len == strlen(body) && memcmp(h.body.p, body,
	    h.body.len) == 0, "get: the body, byte for byte");
	ok(h.stored <= time(NULL) && h.stored >= time(NULL) - 60,
	    "get: when it was stored");
	rcache_hit_free(&h);
	ok(hit_is(dir, key, body, 3600), "get: fresh within a TTL");
	ok(!rcache_get(dir, key2, -1, &h), "get: another key, a miss");

	e = slurp(path, &n);
	/* Cut short anywhere, a miss. */
	for (i = 0; i < n; i += 7) {
		spit(path, e, i);
		if (rcache_get(dir, key, -1, &h)) {
			rcache_hit_free(&h);
			break;
		}
	}
	ok(i >= n, "get: an entry cut short at any byte is a miss");
	m = malloc(n + 1);
	memcpy(m, e, n);
	m[n] = 'x';
	spit(path, m, n + 1);
	ok(!hit_is(dir, key, body, -1), "get: a byte after the body, a miss");
	memcpy(m, e, n);
	m[n - 2] ^= 1;
	spit(path, m, n);
	ok(!hit_is(dir, key, body, -1),
	    "get: a body changed (its SHA-256 differs), a miss");
	memcpy(m, e, n);
	m[strlen("{\"orkit_rcache\":")] = '2';
	spit(path, m, n);
	ok(!hit_is(dir, key, body, -1), "get: another version, a miss");
	/* Another request's entry under this name: foreign. */
	spit(other, e, n);
	ok(!hit_is(dir, key2, body, -1),
	    "get: an entry for another key, renamed, is a miss");
	unlink(other);
	spit(path, e, n);
	ok(hit_is(dir, key, body, -1), "get: the entry put back, a hit");
	chmod(path, 0622);
	ok(!hit_is(dir, key, body, -1), "get: an entry others can write: a miss");
	chmod(path, 0600);
	/* A link to a good entry is never followed. */
	rename(path, other);
	if (symlink(other, path) == 0)
		ok(!hit_is(dir, key, body, -1), "get: a symbolic link is a miss");
	unlink(path);
	rename(other, path);
	ok(rcache_put(dir, key, body, strlen(body), NULL, NULL, &err) == 0 &&
	    rcache_get(dir, key, -1, &h), "put: no generation id, no type");
	is_str(h.gen_id, "", "get: gen_id \"\"");
	rcache_hit_free(&h);
	ok(rcache_put(dir, key2, NULL, 0, "g", "t", &err) == 0 &&
	    rcache_get(dir, key2, -1, &h) && h.body.len == 0,
	    "put, get: an empty answer (NULL, 0)");
	rcache_hit_free(&h);
	unlink(other);

	/* A directory others can write, or a link to one: refused. */
	chmod(dir, 0777);
	ok(!hit_is(dir, key, body, -1), "get: a directory others can write: "
	    "a miss");
	ok(rcache_put(dir, key, body, strlen(body), NULL, NULL, &err) == 74,
	    "put: ... and not written in: %s", err.msg);
	chmod(dir, 0700);
	snprintf(other, sizeof other, "%s/link", tmpl);
	if (symlink(dir, other) == 0) {
		ok(!hit_is(other, key, body, -1),
		    "get: a directory that is a link: a miss");
		ok(rcache_put(other, key, body, strlen(body), NULL, NULL,
		    &err) == 74, "put: ... and not written in: %s", err.msg);
		strcat(other, "//");
		ok(!hit_is(other, key, body, -1) && rcache_put(other, key,
		    body, strlen(body), NULL, NULL, &err) == 74,
		    "get, put: a link named with a trailing slash: the same");
		unlink(other);
	}
	snprintf(other, sizeof other, "%s/%s", dir, "../x");
	ok(rcache_put(dir, "../x", body, 4, NULL, NULL, &err) == 74 &&
	    access(other, F_OK) == -1, "put: a key that is no key: refused");
	free(m);
	free(e);
	unlink(path);
	rmdir(dir);
	snprintf(path, sizeof path, "%s/new", tmpl);
	rmdir(path);
	rmdir(tmpl);
}

int
main(void)
{
	test_sha256();
	test_key();
	test_entries();
	return tap_done();
}
