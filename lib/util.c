/*
 * util: allocation, buffers, output closing, EPIPE, text sanitizing.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "jlex.h"
#include "util.h"

void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		err(EX_SOFTWARE, "malloc");
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p;

	if ((p = calloc(n ? n : 1, m ? m : 1)) == NULL)
		err(EX_SOFTWARE, "calloc");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		err(EX_SOFTWARE, "realloc");
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
buf_init(struct buf *b, size_t cap)
{
	b->p = NULL;
	b->len = b->size = 0;
	b->cap = cap;
}

int
buf_add(struct buf *b, const void *data, size_t n)
{
	size_t need, size;

	if (n > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + n + 1;
	if (b->cap && need - 1 > b->cap)
		return -1;
	if (need > b->size) {
		size = b->size ? b->size : 256;
		while (size < need)
			size = size > SIZE_MAX / 2 ? need : size * 2;
		b->p = xrealloc(b->p, size);
		b->size = size;
	}
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->p);
	buf_init(b, b->cap);
}

char *
buf_take(struct buf *b)
{
	char *p;

	if (b->p == NULL)
		buf_add(b, "", 0);
	p = b->p;
	buf_init(b, b->cap);
	return p;
}

void
check_pipe(int e)
{
	if (e == EPIPE) {
		fflush(NULL);
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		/* Blocked by the parent: the status SIGPIPE would give. */
		exit(OR_EX_PIPE);
	}
}

int
out_close(FILE *fp)
{
	int e;

	if (fflush(fp) == 0 && !ferror(fp) && fclose(fp) == 0)
		return 0;
	e = errno;
	check_pipe(e);
	warnx("write error: %s", strerror(e ? e : EIO));
	return -1;
}

char *
sanitize(char *dst, size_t size, const char *src, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0, n;

	if (size == 0)
		return dst;
	while (i < len && o + 1 < size) {
		n = jlex_utf8(s + i, len - i);
		/* C1 controls (U+0080-U+009F) are as dangerous as C0. */
		if (n == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) {
			dst[o++] = '?';
			i += 2;
		} else if (n == 1 && (s[i] < 0x20 || s[i] == 0x7f)) {
			dst[o++] = s[i] == '\n' || s[i] == '\t' ||
			    s[i] == '\r' ? ' ' : '?';
			i++;
		} else if (n == 0) {
			dst[o++] = '?';
			i++;
		} else {
			if (o + n + 1 > size)
				break;
			memcpy(dst + o, s + i, n);
			o += n;
			i += n;
		}
	}
	dst[o] = '\0';
	return dst;
}

/*
 * Could s[0..n) begin a valid UTF-8 character longer than n bytes?  It
 * could if some continuation completes it: 0x80 or 0xa0 as the second
 * byte (0xa0 for E0's and F0's lower bounds), 0x80 after.
 */
static int
utf8_prefix(const unsigned char *s, size_t n)
{
	static const unsigned char second[] = { 0x80, 0xa0 };
	unsigned char t[4];
	size_t len, i, k;

	if (n == 0 || n > 3 || s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n >= len)
		return 0;
	for (k = 0; k < sizeof second; k++) {
		memcpy(t, s, n);
		for (i = n; i < len; i++)
			t[i] = i == 1 ? second[k] : 0x80;
		if (jlex_utf8(t, len) == len)
			return 1;
	}
	return 0;
}

void
term_clean_init(struct term_clean *tc)
{
	tc->nheld = 0;
}

/* Clean a[0..n) into out; an unfinished character at the end is held. */
static void
term_clean_run(struct term_clean *tc, struct buf *out, const unsigned char *a,
    size_t n, int final)
{
	size_t i = 0, run, k;

	while (i < n) {
		/* The longest run that is safe as it is, at once. */
		for (run = i; run < n && ((a[run] >= 0x20 && a[run] < 0x7f) ||
		    a[run] == '\n' || a[run] == '\t'); run++)
			;
		if (run > i) {
			buf_add(out, a + i, run - i);
			i = run;
			continue;
		}
		if (a[i] < 0x80) {		/* C0 or DEL */
			buf_add(out, "?", 1);
			i++;
			continue;
		}
		if ((k = jlex_utf8(a + i, n - i)) == 0) {
			if (!final && utf8_prefix(a + i, n - i)) {
				memcpy(tc->held, a + i, n - i);
				tc->nheld = n - i;
				return;
			}
			buf_add(out, "?", 1);
			i++;
			continue;
		}
		/* C1 controls (U+0080-U+009F) are as dangerous as C0. */
		if (k == 2 && a[i] == 0xc2 && a[i + 1] < 0xa0)
			buf_add(out, "?", 1);
		else
			buf_add(out, a + i, k);
		i += k;
	}
}

void
term_clean(struct term_clean *tc, struct buf *out, const char *s, size_t n)
{
	unsigned char join[8];
	size_t take, used;

	if (tc->nheld) {
		/* Finish the held character from the first bytes of s. */
		take = n < sizeof tc->held ? n : sizeof tc->held;
		memcpy(join, tc->held, tc->nheld);
		memcpy(join + tc->nheld, s, take);
		used = tc->nheld;
		tc->nheld = 0;
		if (utf8_prefix(join, used + take) && take == n) {
			memcpy(tc->held, join, used + take);
			tc->nheld = used + take;
			return;
		}
		/* The character: done, or shown as '?' byte by byte. */
		if ((take = jlex_utf8(join, used + take)) > used) {
			term_clean_run(tc, out, join, take, 1);
			s += take - used;
			n -= take - used;
		} else
			term_clean_run(tc, out, join, used, 1);
	}
	term_clean_run(tc, out, (const unsigned char *)s, n, 0);
}

void
term_clean_end(struct term_clean *tc, struct buf *out)
{
	term_clean_run(tc, out, tc->held, tc->nheld, 1);
	tc->nheld = 0;
}

int
parse_long(const char *s, long long min, long long max, long long *out)
{
	long long v = 0;
	int neg = 0;

	if (*s == '-')
		neg = 1, s++;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (LLONG_MAX - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (*s)
		return -1;
	if (neg)
		v = -v;
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
parse_seconds(const char *s, long long *ms, long long maxms)
{
	long long v = 0;
	int frac = 0, digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if ((v = v * 10 + (*s - '0')) > maxms)
			return -1;
	v *= 1000;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++)
			if (frac < 3)
				v += (*s - '0') * (frac == 0 ? 100 :
				    frac == 1 ? 10 : 1), frac++;
	}
	if (*s || digits == 0 || v > maxms)
		return -1;
	*ms = v;
	return 0;
}

int
read_fd(int fd, struct buf *b)
{
	char tmp[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, tmp, sizeof tmp);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (buf_add(b, tmp, n) == -1) {
			errno = EFBIG;
			return -1;
		}
	}
}

/* read_fd of fd, then closed; -1 with errno when fd is -1. */
static int
read_close(int fd, struct buf *b)
{
	int r, e;

	if (fd == -1)
		return -1;
	r = read_fd(fd, b);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

int
read_file(const char *path, struct buf *b)
{
	if (strcmp(path, "-") == 0)
		return read_fd(0, b);
	return read_close(open(path, O_RDONLY | O_CLOEXEC), b);
}

int
open_own(const char *path, struct stat *st)
{
	struct stat sb;
	int fd, fl, e;

	if (st == NULL)
		st = &sb;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return -1;
	if (fstat(fd, st) == -1)
		e = errno;
	else if (!S_ISREG(st->st_mode))
		e = EINVAL;
	else if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)
		e = errno;
	else
		return fd;
	close(fd);
	errno = e;
	return -1;
}

int
read_own(const char *path, struct buf *b)
{
	return read_close(open_own(path, NULL), b);
}

const char *
progname(void)
{
	/* The name err(3) uses on glibc; elsewhere getprogname(3). */
#ifdef __GLIBC__
	extern char *program_invocation_short_name;

	return program_invocation_short_name;
#else
	return getprogname();
#endif
}

void
std_fds(void)
{
	int fd, nfd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* The lower ones are open: this one is the lowest free. */
		if ((nfd = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY)) ==
		    -1)
			err(EX_UNAVAILABLE, "/dev/null");
		if (nfd != fd) {
			dup2(nfd, fd);
			close(nfd);
		}
	}
}

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
mkdirs(const char *dir)
{
	char tmp[PATH_MAX], *p;

	snprintf(tmp, sizeof tmp, "%s", dir);
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) == -1 && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(tmp, 0755) == -1 && errno != EEXIST ? -1 : 0;
}

/* The mode for a new file: mode less the umask, as open(2) would give. */
static mode_t
new_mode(mode_t mode)
{
	mode_t m = umask(0);

	umask(m);
	return mode & ~m;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= w;
	}
	return 0;
}

/*
 * Hold back (how 0) or let through again (how 1, *old the mask to restore)
 * the signals that end a process by default and that a user or a job
 * control system sends: one that comes while a temporary file exists
 * takes effect only once it is renamed or removed.
 */
static void
hold_signals(int how, sigset_t *old)
{
	sigset_t set;

	if (how) {
		sigprocmask(SIG_SETMASK, old, NULL);
		return;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, old);
}

/*
 * The one atomic writer: keep set, an existing file lends its mode (else
 * mode less the umask); keep 0, the file is made mode exactly.
 */
static int
write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    int keep, const struct timespec *mtime, struct stat *out)
{
	const char *base = strrchr(path, '/');
	char tmp[PATH_MAX];
	struct stat st;
	sigset_t old;
	size_t dirlen;
	int fd, dfd, err;

	base = base ? base + 1 : path;
	dirlen = base - path;
	/* Hidden, and beside path so that rename(2) cannot cross devices. */
	if (snprintf(tmp, sizeof tmp, "%.*s.%s.tmp.XXXXXX", (int)dirlen, path,
	    base) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/*
	 * lstat: a symbolic link at path is replaced, as rename(2) does,
	 * and lends no mode; its target is never written.
	 */
	if (keep)
		mode = lstat(path, &st) == 0 && S_ISREG(st.st_mode) ?
		    st.st_mode & 07777 : new_mode(mode);
	hold_signals(0, &old);
	/* mkstemp: O_CREAT|O_EXCL, a name no one can plant a link at. */
	if ((fd = mkstemp(tmp)) == -1) {
		err = errno;
		hold_signals(1, &old);
		errno = err;
		return -1;
	}
	if (fchmod(fd, mode) == -1 || write_all(fd, data, len) == -1 ||
	    (mtime && futimens(fd, (struct timespec[2]){ { 0, UTIME_OMIT },
	    *mtime }) == -1) || fsync(fd) == -1 ||
	    (out && fstat(fd, out) == -1)) {
		err = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		err = errno;
		goto fail;
	}
	hold_signals(1, &old);
	/* The rename itself is durable once the directory is synced. */
	tmp[dirlen] = '\0';
	if ((dfd = open(dirlen ? tmp : ".", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	unlink(tmp);
	hold_signals(1, &old);
	errno = err;
	return -1;
}

int
write_atomic_mode(const char *path, const void *data, size_t len,
    mode_t mode)
{
	return write_atomic(path, data, len, mode, 1, NULL, NULL);
}

int
write_atomic_stat(const char *path, const void *data, size_t len,
    mode_t mode, const struct timespec *mtime, struct stat *out)
{
	return write_atomic(path, data, len, mode, 1, mtime, out);
}

int
write_atomic_private(const char *path, const void *data, size_t len)
{
	return write_atomic(path, data, len, 0600, 0, NULL, NULL);
}

int
link_target(const char *path, char *out, size_t size)
{
	char link[PATH_MAX];
	struct stat st;
	const char *slash;
	ssize_t n;
	int hops;

	if (snprintf(out, size, "%s", path) >= (int)size)
		goto toolong;
	for (hops = 0; hops < 40; hops++) {
		if (lstat(out, &st) == -1)
			return errno == ENOENT ? 0 : -1;
		if (!S_ISLNK(st.st_mode))
			return 0;
		if ((n = readlink(out, link, sizeof link - 1)) == -1)
			return -1;
		link[n] = '\0';
		/* A relative link is relative to the link's directory. */
		slash = strrchr(out, '/');
		if (link[0] == '/' || slash == NULL) {
			if (snprintf(out, size, "%s", link) >= (int)size)
				goto toolong;
		} else if ((size_t)(slash + 1 - out) + n >= size)
			goto toolong;
		else
			memcpy(out + (slash + 1 - out), link, n + 1);
	}
	errno = ELOOP;
	return -1;
toolong:
	errno = ENAMETOOLONG;
	return -1;
}


const char *
env_value(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

long long
env_count(const char *name, long long dflt)
{
	const char *s = env_value(name);
	long long v;

	return s && parse_long(s, 0, LLONG_MAX / 2, &v) == 0 ? v : dflt;
}

/*
 * 0 when dir is missing or safe to keep a cache in: a directory of ours
 * (or root's) that no one else can write to, or only with the sticky bit,
 * which keeps others from replacing what is ours in it.  Else -1 with
 * errno EPERM (ENOTDIR), said once on stderr: another user could plant
 * links or a false catalog there.
 */
static int
cache_dir_safe(const char *dir)
{
	static int said;
	struct stat st;
	const char *why = NULL;

	if (stat(dir, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (st.st_uid != geteuid() && st.st_uid != 0)
		why = "belongs to another user";
	else if ((st.st_mode & (S_IWGRP | S_IWOTH)) &&
	    !(st.st_mode & S_ISVTX))
		why = "can be written by others";
	if (why == NULL)
		return 0;
	if (!said++)
		warnx("cache directory %s %s (mode %03o); not using it",
		    dir, why, (unsigned)(st.st_mode & 07777));
	errno = EPERM;
	return -1;
}

int
xdg_dir(const char *var, const char *home_sub, const char *path, char *dir,
    size_t size)
{
	const char *x = env_value(var), *home = env_value("HOME");
	int n;

	if (x)
		n = snprintf(dir, size, "%s/%s", x, path);
	else if (home)
		n = snprintf(dir, size, "%s/%s/%s", home, home_sub, path);
	else {
		errno = ENOENT;
		return -1;
	}
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return n;
}

int
cache_dir(const char *sub, char *dir, size_t size)
{
	int n;

	if ((n = xdg_dir("XDG_CACHE_HOME", ".cache", "orkit", dir, size)) == -1)
		return -1;
	if (cache_dir_safe(dir) == -1)
		return -1;
	if (*sub == '\0')
		return 0;
	if ((size_t)snprintf(dir + n, size - n, "/%s", sub) >= size - n)
		goto toolong;
	return cache_dir_safe(dir);
toolong:
	errno = ENAMETOOLONG;
	return -1;
}

int
pct_encode(const char *s, size_t n, const char *keep, char *out, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c && strchr(keep, c))) {
			if (o + 1 >= size)
				return -1;
			out[o++] = c;
		} else {
			if (o + 3 >= size)
				return -1;
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (o >= size)
		return -1;
	out[o] = '\0';
	return (int)o;
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

size_t
edit_distance(const char *a, const char *b)
{
	size_t r[3][129], *two, *up, *row, la = strlen(a), lb = strlen(b);
	size_t i, j, d;
	int ca, cb;

	if (la > 128)
		la = 128;
	if (lb > 128)
		lb = 128;
	for (j = 0; j <= lb; j++)
		r[0][j] = j;
	/* Rows i - 2, i - 1 and i, in turn. */
	for (i = 1; i <= la; i++) {
		two = r[(i + 1) % 3];
		up = r[(i + 2) % 3];
		row = r[i % 3];
		row[0] = i;
		ca = lower_ascii((unsigned char)a[i - 1]);
		for (j = 1; j <= lb; j++) {
			cb = lower_ascii((unsigned char)b[j - 1]);
			d = up[j - 1] + (ca != cb);
			if (up[j] + 1 < d)
				d = up[j] + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			/* Two neighbours swapped: one edit ("refersh"). */
			if (i > 1 && j > 1 && ca == lower_ascii((unsigned
			    char)b[j - 2]) && cb == lower_ascii((unsigned
			    char)a[i - 2]) && ca != cb && two[j - 2] + 1 < d)
				d = two[j - 2] + 1;
			row[j] = d;
		}
	}
	return r[la % 3][lb];
}
