/*
 * rcache: the response cache -- a request's key, an entry read back
 * strictly, an entry stored atomically and privately.
 *
 * An entry is the file DIR/KEY: one line of JSON, the header,
 *
 *	{"orkit_rcache":1,"key":KEY,"stored":SECONDS,"gen_id":"...",
 *	 "content_type":"...","size":N,"sha256":HEX}
 *
 * then exactly N bytes of the answer as it came, whose SHA-256 is HEX.
 * Anything else -- another version, another key, a size that does not
 * match what follows, a body whose hash differs, a link, a file that is
 * not ours or that others can write -- is a miss, never an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "http.h"
#include "jscan.h"
#include "json.h"
#include "jw.h"
#include "rcache.h"
#include "sha256.h"
#include "util.h"

#define RCACHE_VERSION	1
#define RCACHE_HEADMAX	4096		/* bytes of a header line at most */
/* An entry is at most the largest answer the network could give. */
#define RCACHE_MAX	(HTTP_MAX_STREAM + RCACHE_HEADMAX)

void
rcache_key(const char *base_url, const char *body, size_t n,
    char key[RCACHE_KEYSIZE])
{
	struct sha256 s;
	size_t ulen = strlen(base_url);
	char why[8], *canon;
	jv v;

	/* A trailing slash names the same API root. */
	while (ulen > 0 && base_url[ulen - 1] == '/')
		ulen--;
	sha256_init(&s);
	sha256_add(&s, "orkit rcache 1\n", 15);
	sha256_add(&s, base_url, ulen);
	/*
	 * The body in canonical form: the same request with its members in
	 * another order is the same entry.  A body is JSON that libjq wrote
	 * (chat_body), so reading it through libjq loses nothing of it.
	 */
	v = json_parse(body, n, why, sizeof why);
	if (jv_is_valid(v)) {
		canon = json_dump_sorted(v);
		sha256_add(&s, "\njson\n", 6);
		sha256_add(&s, canon, strlen(canon));
		free(canon);
	} else {
		sha256_add(&s, "\nraw\n", 5);
		sha256_add(&s, body, n);
	}
	jv_free(v);
	sha256_hex(&s, key);
}

/* Is key 64 lower-case hex digits, a file name that cannot climb? */
static int
key_ok(const char *key)
{
	size_t i;

	for (i = 0; i < RCACHE_KEYSIZE - 1; i++)
		if (!((key[i] >= '0' && key[i] <= '9') ||
		    (key[i] >= 'a' && key[i] <= 'f')))
			return 0;
	return key[i] == '\0';
}

/*
 * A directory we may trust: a directory itself (no link to one), ours,
 * and no one else can write in it.  0, or -1 with errno (ENOTDIR for a
 * link or another kind of file, EPERM for someone else's).
 */
static int
dir_ok(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

/*
 * dir without its trailing slashes into d (PATH_MAX bytes), so that a
 * link named "link/" is looked at, not where it leads; then the entry's
 * path.  0, or -1 when either is too long.
 */
static int
entry_path(const char *dir, const char *key, char *d, char *path,
    size_t size)
{
	size_t n = strlen(dir);
	int r;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n >= PATH_MAX)
		return -1;
	memcpy(d, dir, n);
	d[n] = '\0';
	r = snprintf(path, size, "%s/%s", d, key);
	return r < 0 || (size_t)r >= size ? -1 : 0;
}

/* A string member into out (size bytes with the NUL); -1 if it is not. */
static int
header_str(const struct jscan_val *v, char *out, size_t size)
{
	size_t n;

	if (v->kind != JSCAN_STRING)
		return -1;
	n = jscan_unescape(v->p, v->len, out, size);
	return n >= size || strlen(out) != n ? -1 : 0;
}

/*
 * Read the entry e[0..n) as the one for key: 0 with hit filled (body
 * copied), or -1.
 */
static int
entry_parse(const char *key, const char *e, size_t n, long long ttl_s,
    time_t now, struct rcache_hit *hit)
{
	static const char *const paths[] = {
		"orkit_rcache", "key", "stored", "gen_id", "content_type",
		"size", "sha256"
	};
	struct jscan_val v[7];
	struct sha256 s;
	char hex[SHA256_HEXSIZE], want[SHA256_HEXSIZE];
	long long version, stored, size;
	const char *nl, *body;
	size_t hlen;

	if (n == 0 || (nl = memchr(e, '\n', n < RCACHE_HEADMAX ? n :
	    RCACHE_HEADMAX)) == NULL)
		return -1;		/* an empty file has no buffer at all */
	hlen = nl - e;
	if (hlen == 0 || e[0] != '{' ||
	    jscan_getn(e, hlen, paths, 7, v, NULL) != 7 ||
	    jscan_llong(&v[0], 0, INT_MAX, &version) == -1 ||
	    version != RCACHE_VERSION || !jscan_streq(&v[1], key) ||
	    jscan_llong(&v[2], 0, LLONG_MAX, &stored) == -1 ||
	    jscan_llong(&v[5], 0, HTTP_MAX_STREAM, &size) == -1 ||
	    header_str(&v[6], want, sizeof want) == -1)
		return -1;
	body = nl + 1;
	if ((size_t)size != n - hlen - 1)
		return -1;		/* cut short, or more after it */
	if (ttl_s >= 0 && (stored > (long long)now ||
	    (long long)now - stored > ttl_s))
		return -1;		/* too old, or from the future */
	sha256_init(&s);
	sha256_add(&s, body, size);
	sha256_hex(&s, hex);
	if (strcmp(hex, want) != 0)
		return -1;
	memset(hit, 0, sizeof *hit);
	if (header_str(&v[3], hit->gen_id, sizeof hit->gen_id) == -1 ||
	    header_str(&v[4], hit->content_type,
	    sizeof hit->content_type) == -1)
		return -1;
	hit->stored = (time_t)stored;
	buf_init(&hit->body, 0);
	buf_add(&hit->body, body, size);
	return 0;
}

int
rcache_get(const char *dir, const char *key, long long ttl_s,
    struct rcache_hit *hit)
{
	struct stat st;
	struct buf b;
	char d[PATH_MAX], path[PATH_MAX];
	int fd, fl, r = 0;

	if (!key_ok(key) || entry_path(dir, key, d, path, sizeof path) == -1 ||
	    dir_ok(d) == -1)
		return 0;
	/* A link is never followed, a FIFO never waited on. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return 0;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) ||
	    st.st_size > (off_t)RCACHE_MAX ||
	    (fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		close(fd);
		return 0;
	}
	buf_init(&b, RCACHE_MAX);
	if (read_fd(fd, &b) == 0 &&
	    entry_parse(key, b.p, b.len, ttl_s, time(NULL), hit) == 0)
		r = 1;
	close(fd);
	buf_free(&b);
	return r;
}

void
rcache_hit_free(struct rcache_hit *hit)
{
	buf_free(&hit->body);
}

/*
 * dir made when missing, with any missing parents, each 0700; then it
 * must be one we may trust (dir_ok).  0, or -1 with errno.
 */
static int
make_dir(const char *dir)
{
	struct stat st;
	char *p, *s;
	int r;

	if (lstat(dir, &st) == -1 && errno == ENOENT) {
		p = xstrdup(dir);
		for (s = p + 1; ; s++) {
			if (*s != '/' && *s != '\0')
				continue;
			r = *s;
			*s = '\0';
			if (mkdir(p, 0700) == -1 && errno != EEXIST) {
				free(p);
				return -1;
			}
			if ((*s = r) == '\0')
				break;
		}
		free(p);
	}
	return dir_ok(dir);
}

int
rcache_put(const char *dir, const char *key, const char *body, size_t n,
    const char *gen_id, const char *content_type, struct or_error *e)
{
	struct sha256 s;
	struct buf b;
	struct jw w;
	char d[PATH_MAX], path[PATH_MAX], hex[SHA256_HEXSIZE];
	int r = 0;

	if (!key_ok(key))
		return error_set(e, EX_IOERR, "cache: not a key");
	if (n > HTTP_MAX_STREAM)
		return error_set(e, EX_IOERR, "cache: an answer too large");
	if (entry_path(dir, key, d, path, sizeof path) == -1)
		return error_set(e, EX_IOERR, "cache %s: %s", dir,
		    strerror(ENAMETOOLONG));
	if (make_dir(d) == -1)
		return error_set(e, EX_IOERR, "cache %s: %s", dir,
		    errno == ENOTDIR ? "not a directory (or a symbolic link)" :
		    errno == EPERM ? "not a private directory of yours" :
		    strerror(errno));
	sha256_init(&s);
	sha256_add(&s, body, n);
	sha256_hex(&s, hex);
	buf_init(&b, 0);
	jw_init(&w, &b);
	jw_obj(&w);
	jw_kint(&w, "orkit_rcache", RCACHE_VERSION);
	jw_kstr(&w, "key", key, strlen(key));
	jw_kint(&w, "stored", (long long)time(NULL));
	jw_kstr(&w, "gen_id", gen_id ? gen_id : "", gen_id ?
	    strlen(gen_id) : 0);
	jw_kstr(&w, "content_type", content_type ? content_type : "",
	    content_type ? strlen(content_type) : 0);
	jw_kint(&w, "size", (long long)n);
	jw_kstr(&w, "sha256", hex, strlen(hex));
	jw_end(&w);
	buf_add(&b, "\n", 1);
	if (n > 0)
		buf_add(&b, body, n);
	/*
	 * A link at path is replaced, never written through; 0600 even in
	 * place of an entry of another mode, which rcache_get refused.
	 */
	if (write_atomic_private(path, b.p, b.len) == -1)
		r = error_set(e, EX_IOERR, "cache %s: %s", path,
		    strerror(errno));
	buf_free(&b);
	return r;
}
