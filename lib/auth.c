/*
 * auth: the API key from the environment or a private file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "auth.h"
#include "compat.h"
#include "error.h"
#include "util.h"

/* Keys are ~73 bytes; anything far longer is not a key file. */
#define KEY_MAX	4096

/*
 * Does s look like a secret rather than a file name?  A key ("sk-..."), or
 * a long run of letters and digits with no '/' or '.' and digits among
 * letters: such a name is never printed.
 */
static int
looks_secret(const char *s)
{
	size_t n = 0, digits = 0, alpha = 0;

	if (strncmp(s, "sk-", 3) == 0)
		return 1;
	for (; s[n]; n++) {
		if (s[n] >= '0' && s[n] <= '9')
			digits++;
		else if ((s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= 'A' && s[n] <= 'Z'))
			alpha++;
		else if (s[n] != '-' && s[n] != '_')
			return 0;
	}
	return n >= 24 && digits > 0 && alpha > 0;
}

/* path as it may be printed: a name that looks like a key is redacted. */
static const char *
shown(const char *path, char *buf, size_t size)
{
	char red[32];

	if (!looks_secret(path))
		return path;
	snprintf(buf, size, "%s (that looks like an API key, not a file "
	    "name)", auth_redact(path, red, sizeof red));
	return buf;
}

/* Does s hold a control character (C0 or DEL), which no header may? */
static int
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* While the key is in memory, no core dump may write it to disk. */
static void
no_core(void)
{
	struct rlimit rl = { 0, 0 };

#ifdef __linux__
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	setrlimit(RLIMIT_CORE, &rl);
}

/* The key file to read when none is named: NULL if $HOME is unknown too. */
static char *
default_key_file(void)
{
	const char *base, *home;
	char path[PATH_MAX];

	if ((base = env_value("XDG_CONFIG_HOME")) != NULL)
		snprintf(path, sizeof path, "%s/orkit/key", base);
	else if ((home = env_value("HOME")) != NULL)
		snprintf(path, sizeof path, "%s/.config/orkit/key", home);
	else
		return NULL;
	return xstrdup(path);
}

/* The first line of the file, trimmed of surrounding white space. */
static int
read_key(int fd, const char *path, char **key, struct or_error *e)
{
	struct buf b;
	char *s, *end;
	size_t i;

	buf_init(&b, KEY_MAX);
	if (read_fd(fd, &b) == -1) {
		buf_free(&b);
		return error_set(e, errno == EFBIG ? EX_CONFIG : EX_NOINPUT,
		    "key file %s: %s", path, errno == EFBIG ?
		    "too large to be a key" : strerror(errno));
	}
	s = b.p ? b.p : "";
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strcspn(s, "\r\n");
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == s) {
		buf_free(&b);
		return error_set(e, EX_CONFIG, "key file %s is empty", path);
	}
	for (i = 0; s + i < end; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			explicit_bzero(b.p, b.len);
			buf_free(&b);
			return error_set(e, EX_CONFIG, "key file %s: the key "
			    "holds a control character", path);
		}
	*key = xstrndup(s, end - s);
	explicit_bzero(b.p, b.len);
	buf_free(&b);
	return 0;
}

static int
find_key(const char *key_file, int required, char **key, struct or_error *e)
{
	const char *v, *what;
	char *path, show[128];
	struct stat st;
	int fd, named, r;

	*key = NULL;
	if ((v = env_value("OPENROUTER_API_KEY")) != NULL) {
		if (has_control(v))
			return error_set(e, EX_CONFIG, "OPENROUTER_API_KEY "
			    "holds a control character");
		no_core();
		*key = xstrdup(v);
		return 0;
	}
	named = 1;
	if (key_file)
		path = xstrdup(key_file);
	else if ((v = env_value("OPENROUTER_KEY_FILE")) != NULL)
		path = xstrdup(v);
	else {
		named = 0;
		path = default_key_file();
	}
	what = path ? shown(path, show, sizeof show) : NULL;
	/*
	 * Only a regular file is opened: a FIFO would block the open and a
	 * device has no business holding a key.  stat first, then open
	 * without blocking and fstat the open file, so the file checked is
	 * the file read.
	 */
	if (path && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		r = error_set(e, EX_CONFIG, "key file %s: not a regular file",
		    what);
		free(path);
		return r;
	}
	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC |
	    O_NONBLOCK | O_NOCTTY)) == -1) {
		if (path && (named || errno != ENOENT))
			r = error_set(e, named ? EX_NOINPUT : EX_CONFIG,
			    "key file %s: %s", what, strerror(errno));
		else if (required)
			r = error_set(e, EX_CONFIG, "no API key: set "
			    "OPENROUTER_API_KEY or put the key in %s "
			    "(mode 0600)", path ? what :
			    "$XDG_CONFIG_HOME/orkit/key");
		else
			r = 0;
		free(path);
		return r;
	}
	if (fstat(fd, &st) == -1)
		r = error_set(e, EX_NOINPUT, "key file %s: %s", what,
		    strerror(errno));
	else if (!S_ISREG(st.st_mode))
		r = error_set(e, EX_CONFIG, "key file %s: not a regular file",
		    what);
	else if (st.st_mode & (S_IRWXG | S_IRWXO))
		r = error_set(e, EX_CONFIG, "key file %s: mode %04o is too "
		    "open; run: chmod 600 %s", what,
		    (unsigned)(st.st_mode & 07777), what);
	else {
		no_core();
		r = read_key(fd, what, key, e);
	}
	close(fd);
	free(path);
	return r;
}

int
auth_key(const char *key_file, char **key, struct or_error *e)
{
	return find_key(key_file, 1, key, e);
}

int
auth_key_optional(const char *key_file, char **key, struct or_error *e)
{
	return find_key(key_file, 0, key, e);
}

const char *
auth_redact(const char *key, char *buf, size_t size)
{
	const char *p = "sk-or-v1-";

	if (key && strncmp(key, p, strlen(p)) == 0)
		snprintf(buf, size, "%s\xe2\x80\xa6", p);
	else if (key && strncmp(key, "sk-or-", 6) == 0)
		snprintf(buf, size, "sk-or-\xe2\x80\xa6");
	else
		snprintf(buf, size, "\xe2\x80\xa6");
	return buf;
}

void
auth_free(char *key)
{
	if (key) {
		explicit_bzero(key, strlen(key));
		free(key);
	}
}
