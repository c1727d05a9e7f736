/*
 * t_auth: where the key comes from, key-file permissions, redaction.
 */
#include <fcntl.h>
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
#include "error.h"
#include "tap.h"

#define KEY "sk-or-v1-0fa1234567890abcdef1234567890abcdef1234567890abcdef123456240"

static char dir[] = "/tmp/t_auth.XXXXXX";

static void
put(const char *name, const char *text, mode_t mode)
{
	char path[256];
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	chmod(path, mode);
}

static const char *
p(const char *name)
{
	static char path[256];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

int
main(void)
{
	struct or_error e;
	char *key, red[32], xdg[256];

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(xdg, sizeof xdg, "%s/xdg", dir);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	unsetenv("OPENROUTER_KEY_FILE");

	setenv("OPENROUTER_API_KEY", "sk-env", 1);
	put("k", KEY "\n", 0600);
	is_int(auth_key(p("k"), &key, &e), 0, "env key");
	is_str(key, "sk-env", "the environment wins over a key file");
	auth_free(key);

	setenv("OPENROUTER_API_KEY", "", 1);
	is_int(auth_key(NULL, &key, &e), EX_CONFIG, "no key at all: 78");
	ok(strstr(e.msg, "OPENROUTER_API_KEY") && strstr(e.msg, xdg),
	    "the message says where a key goes: %s", e.msg);
	is_int(auth_key_optional(NULL, &key, &e), 0, "optional: no key is "
	    "fine");
	ok(key == NULL, "optional: and gives none");

	put("k", "  " KEY "  \r\nsecond line\n", 0600);
	is_int(auth_key(p("k"), &key, &e), 0, "0600 key file accepted");
	is_str(key, KEY, "first line, trimmed");
	auth_free(key);

	put("k", KEY, 0400);
	is_int(auth_key(p("k"), &key, &e), 0, "0400 key file accepted");
	auth_free(key);

	put("k", KEY, 0640);
	is_int(auth_key(p("k"), &key, &e), EX_CONFIG, "0640 refused: 78");
	ok(strstr(e.msg, "0640") && strstr(e.msg, "chmod 600"),
	    "says the mode and the fix: %s", e.msg);
	ok(strstr(e.msg, "0fa1") == NULL, "never shows the key");
	put("k", KEY, 0604);
	is_int(auth_key(p("k"), &key, &e), EX_CONFIG, "0604 refused: 78");
	is_int(auth_key_optional(p("k"), &key, &e), EX_CONFIG,
	    "optional too refuses a loose file");

	put("k", "\n  \n", 0600);
	is_int(auth_key(p("k"), &key, &e), EX_CONFIG, "empty key file: 78");

	is_int(auth_key(p("missing"), &key, &e), EX_NOINPUT,
	    "a named key file that is missing: 66");
	is_int(auth_key(dir, &key, &e), EX_CONFIG, "a directory: 78");

	put("env", "sk-or-v1-fromenvfile\n", 0600);
	setenv("OPENROUTER_KEY_FILE", p("env"), 1);
	is_int(auth_key(NULL, &key, &e), 0, "OPENROUTER_KEY_FILE");
	is_str(key, "sk-or-v1-fromenvfile", "read from it");
	auth_free(key);
	unsetenv("OPENROUTER_KEY_FILE");

	mkdir(xdg, 0700);
	snprintf(xdg + strlen(xdg), sizeof xdg - strlen(xdg), "/orkit");
	mkdir(xdg, 0700);
	put("xdg/orkit/key", "sk-or-v1-default\n", 0600);
	is_int(auth_key(NULL, &key, &e), 0, "default key file");
	is_str(key, "sk-or-v1-default", "$XDG_CONFIG_HOME/orkit/key");
	auth_free(key);

	/* Issue 11 items 14, 5, 15. */
	mkfifo(p("fifo"), 0600);
	is_int(auth_key(p("fifo"), &key, &e), 78, "a FIFO: 78, not a block");
	ok(strstr(e.msg, "not a regular file") != NULL, "it says why: %s",
	    e.msg);
	is_int(auth_key(KEY, &key, &e), 66, "a key as the file name: 66");
	ok(strstr(e.msg, "0fa123") == NULL, "and the key is not in: %s",
	    e.msg);
	{
		struct rlimit rl;

		setenv("OPENROUTER_API_KEY", KEY, 1);
		is_int(auth_key(NULL, &key, &e), 0, "a key from the env");
		auth_free(key);
		unsetenv("OPENROUTER_API_KEY");
		ok(getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur == 0,
		    "no core dumps once the key is held");
#ifdef __linux__
		is_int(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0,
		    "not dumpable once the key is held");
#endif
	}
	setenv("OPENROUTER_API_KEY", "sk-or-v1-a\r\nX-Injected: 1", 1);
	is_int(auth_key(NULL, &key, &e), 78, "a key holding CR LF: 78");
	unsetenv("OPENROUTER_API_KEY");
	unlink(p("fifo"));

	is_str(auth_redact(KEY, red, sizeof red), "sk-or-v1-\xe2\x80\xa6",
	    "redacted key keeps only its kind");
	is_str(auth_redact("sk-or-abc", red, sizeof red), "sk-or-\xe2\x80\xa6",
	    "older form");
	is_str(auth_redact("secret", red, sizeof red), "\xe2\x80\xa6",
	    "anything else shows nothing");
	is_str(auth_redact(NULL, red, sizeof red), "\xe2\x80\xa6", "no key");

	unlink(p("k"));
	unlink(p("env"));
	unlink(p("xdg/orkit/key"));
	rmdir(p("xdg/orkit"));
	rmdir(p("xdg"));
	rmdir(dir);
	return tap_done();
}
