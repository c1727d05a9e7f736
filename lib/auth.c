/*
 * auth: the API key from the environment or a private file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "compat.h"
#include "error.h"
#include "util.h"

/* Keys are ~73 bytes; anything far longer is not a key file. */
#define KEY_MAX	4096

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

	buf_init(&b, KEY_MAX);
	if (read_fd(fd, &b) == -1) {
		buf_free(&b);
		return error_set(e, errno == EFBIG ? EX_CONFIG_ : EX_NOINPUT_,
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
		return error_set(e, EX_CONFIG_, "key file %s is empty", path);
	}
	*key = xstrndup(s, end - s);
	explicit_bzero(b.p, b.len);
	buf_free(&b);
	return 0;
}

static int
find_key(const char *key_file, int required, char **key, struct or_error *e)
{
	const char *v;
	char *path;
	struct stat st;
	int fd, named, r;

	*key = NULL;
	if ((v = env_value("OPENROUTER_API_KEY")) != NULL) {
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
	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (path && (named || errno != ENOENT))
			r = error_set(e, named ? EX_NOINPUT_ : EX_CONFIG_,
			    "key file %s: %s", path, strerror(errno));
		else if (required)
			r = error_set(e, EX_CONFIG_, "no API key: set "
			    "OPENROUTER_API_KEY or put the key in %s "
			    "(mode 0600)", path ? path :
			    "$XDG_CONFIG_HOME/orkit/key");
		else
			r = 0;
		free(path);
		return r;
	}
	/* fstat the open file, so the file checked is the file read. */
	if (fstat(fd, &st) == -1)
		r = error_set(e, EX_NOINPUT_, "key file %s: %s", path,
		    strerror(errno));
	else if (!S_ISREG(st.st_mode))
		r = error_set(e, EX_CONFIG_, "key file %s: not a regular file",
		    path);
	else if (st.st_mode & (S_IRWXG | S_IRWXO))
		r = error_set(e, EX_CONFIG_, "key file %s: mode %04o is too "
		    "open; run: chmod 600 %s", path,
		    (unsigned)(st.st_mode & 07777), path);
	else
		r = read_key(fd, path, key, e);
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
