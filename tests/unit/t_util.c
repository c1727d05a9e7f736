/*
 * t_util: the growable buffer and the cleaning of server text.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "tap.h"
#include "util.h"

static void
test_sanitize(void)
{
	char out[64];

	is_str(sanitize(out, sizeof out, "a\x1b[2Jb\nc\td\x7f", 11),
	    "a?[2Jb c d?", "C0 controls and DEL defused, newline to space");
	is_str(sanitize(out, sizeof out, "caf\xc3\xa9 \xe2\x80\x99", 9),
	    "caf\xc3\xa9 \xe2\x80\x99", "UTF-8 kept");
	is_str(sanitize(out, sizeof out, "x\xc2\x9by", 4), "x?y",
	    "C1 control (CSI) defused");
	is_str(sanitize(out, sizeof out, "\xff\xc3", 2), "??",
	    "invalid UTF-8 replaced");
	is_str(sanitize(out, 5, "abcdefgh", 8), "abcd", "truncated to fit");
	is_str(sanitize(out, 4, "ab\xc3\xa9", 4), "ab",
	    "never cuts a character in half");
}

static void
test_buf(void)
{
	struct buf b;
	char *p;

	buf_init(&b, 8);
	ok(buf_add(&b, "1234", 4) == 0 && buf_add(&b, "5678", 4) == 0,
	    "fill to the cap");
	ok(buf_add(&b, "9", 1) == -1, "one more byte is refused");
	is_str(b.p, "12345678", "and the buffer is unchanged");
	ok(buf_add(&b, "a\0b", 0) == 0, "adding nothing is fine at the cap");
	p = buf_take(&b);
	ok(b.p == NULL && b.len == 0, "take leaves it empty");
	free(p);
	buf_init(&b, 0);
	ok(buf_add(&b, "a\0b", 3) == 0 && b.len == 3 && b.p[3] == '\0',
	    "NULs inside, NUL after");
	buf_free(&b);
}

static void
test_pipe_close(void)
{
	FILE *fp = fopen("/dev/full", "w");

	if (fp == NULL) {
		ok(1, "# SKIP no /dev/full");
		return;
	}
	fputs("x", fp);
	/* Its message is expected: keep it out of the TAP stream's way. */
	fflush(stderr);
	{
		int saved = dup(2), null = open("/dev/null", O_WRONLY);

		dup2(null, 2);
		ok(out_close(fp) == -1, "out_close reports a failed flush");
		dup2(saved, 2);
		close(saved);
		close(null);
	}
}

static void
test_env(void)
{
	char dir[64];

	setenv("ORKIT_T", "", 1);
	ok(env_value("ORKIT_T") == NULL, "an empty variable is no value");
	setenv("ORKIT_T", "x", 1);
	is_str(env_value("ORKIT_T"), "x", "a set one is");
	unsetenv("ORKIT_T");
	ok(env_value("ORKIT_T") == NULL, "an unset one is not");
	setenv("ORKIT_T", "30", 1);
	ok(env_count("ORKIT_T", 7) == 30, "a count from the environment");
	setenv("ORKIT_T", "-1", 1);
	ok(env_count("ORKIT_T", 7) == 7, "a negative one: the default");
	setenv("ORKIT_T", "1h", 1);
	ok(env_count("ORKIT_T", 7) == 7, "not a number: the default");
	unsetenv("ORKIT_T");

	setenv("XDG_CACHE_HOME", "/c", 1);
	setenv("HOME", "/h", 1);
	ok(cache_dir("", dir, sizeof dir) == 0 && strcmp(dir, "/c/orkit") == 0,
	    "cache dir: $XDG_CACHE_HOME/orkit");
	ok(cache_dir("endpoints", dir, sizeof dir) == 0 &&
	    strcmp(dir, "/c/orkit/endpoints") == 0, "...and a part of it");
	setenv("XDG_CACHE_HOME", "", 1);
	ok(cache_dir("", dir, sizeof dir) == 0 &&
	    strcmp(dir, "/h/.cache/orkit") == 0, "else ~/.cache/orkit");
	unsetenv("HOME");
	ok(cache_dir("", dir, sizeof dir) == -1, "else none");
	setenv("HOME", "/a-home-far-too-long-for-this-little-buffer-of-ours",
	    1);
	ok(cache_dir("", dir, 16) == -1, "one that does not fit: none");
}

static void
test_pct(void)
{
	char out[32];

	is_int(pct_encode("a/b c:\xc3\xa9", 8, ":", out, sizeof out), 16,
	    "pct_encode: the encoded length");
	is_str(out, "a%2Fb%20c:%C3%A9", "letters, digits and keep as they "
	    "are; every other byte as %%XX");
	is_int(pct_encode("a/b", 1, "", out, sizeof out), 1, "only n bytes");
	is_str(out, "a", "...and a NUL after them");
	is_int(pct_encode("a b", 3, "", out, 5), -1, "5 bytes cannot hold "
	    "a%20b");
	is_int(pct_encode("a b", 3, "", out, 6), 5, "6 can");
}

int
main(void)
{
	test_pct();
	test_env();
	test_sanitize();
	test_buf();
	test_pipe_close();
	return tap_done();
}
