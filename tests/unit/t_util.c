/*
 * t_util: the growable buffer, the cleaning of server text, and the files
 * orkit writes (atomically, never through a planted link, in a cache
 * directory no one else can write to).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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


/* text cleaned in one piece, and cut into pieces at every pair of points */
static int
clean_same(const char *s, size_t n, const char *want)
{
	struct term_clean tc;
	struct buf out;
	size_t i, j;
	int good = 1;

	for (i = 0; i <= n; i++)
		for (j = i; j <= n; j++) {
			buf_init(&out, 0);
			term_clean_init(&tc);
			term_clean(&tc, &out, s, i);
			term_clean(&tc, &out, s + i, j - i);
			term_clean(&tc, &out, s + j, n - j);
			term_clean_end(&tc, &out);
			if (out.len != strlen(want) ||
			    memcmp(out.p ? out.p : "", want, out.len) != 0) {
				printf("# cut at %zu, %zu: got \"%.*s\"\n", i, j,
				    (int)out.len, out.p ? out.p : "");
				good = 0;
			}
			buf_free(&out);
		}
	return good;
}

static void
test_term_clean(void)
{
	ok(clean_same("a\tb\nc", 5, "a\tb\nc"), "term_clean: newline and "
	    "tab kept, however the text is cut");
	ok(clean_same("\x1b]0;pwned\x07x\x1b]52;c;Zm9v\x07", 23,
	    "?]0;pwned?x?]52;c;Zm9v?"), "OSC 0 and OSC 52 defused");
	ok(clean_same("a\rb\x7f\x01", 5, "a?b??"), "CR, DEL and other C0 "
	    "controls replaced");
	ok(clean_same("x\xc2\x9b" "2Jy\xc2\x85", 8, "x?2Jy?"), "C1 controls "
	    "(CSI, NEL) replaced");
	ok(clean_same("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14,
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "UTF-8 kept whole, a character cut between pieces too");
	ok(clean_same("a\xe2\x82" "b\xff\x9b", 6, "a??b??"), "invalid UTF-8 "
	    "byte by byte");
	ok(clean_same("end\xf0\x9f\x98", 6, "end???"), "a character never "
	    "finished: '?'s at the end");
	ok(clean_same("\xe0\x80\x80\xed\xa0\x80", 6, "??????"),
	    "overlong forms and surrogates are not held as characters");
}

/* Write through write_atomic with links planted: none is followed. */
static void
test_write_atomic_links(void)
{
	char dir[] = "/tmp/t_util.XXXXXX", path[PATH_MAX], victim[PATH_MAX],
	    old[PATH_MAX + 32], got[64];
	struct stat st;
	FILE *fp;
	size_t n;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/models.json", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	/* The name the old writer used, PATH.<pid>.tmp. */
	snprintf(old, sizeof old, "%s.%ld.tmp", path, (long)getpid());
	fp = fopen(victim, "w");
	fputs("precious\n", fp);
	fclose(fp);
	chmod(victim, 0640);
	ok(symlink(victim, old) == 0 && symlink(victim, path) == 0,
	    "links planted at PATH.<pid>.tmp and at PATH");
	ok(write_atomic_mode(path, "{}\n", 3, 0644) == 0,
	    "write_atomic over them");
	fp = fopen(victim, "r");
	n = fread(got, 1, sizeof got - 1, fp);
	got[n] = '\0';
	fclose(fp);
	is_str(got, "precious\n", "the link's target is untouched");
	ok(lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) == (0644 & ~umask(022)),
	    "PATH is a regular file now, with a new file's mode, not the "
	    "target's");
	ok(lstat(old, &st) == 0 && S_ISLNK(st.st_mode),
	    "the planted temporary name is left alone");
	unlink(old);
	unlink(path);
	unlink(victim);
	rmdir(dir);
}

static void
test_link_target(void)
{
	char dir[] = "/tmp/t_util.XXXXXX", a[PATH_MAX], b[PATH_MAX],
	    want[PATH_MAX], out[PATH_MAX];

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(a, sizeof a, "%s/a", dir);
	snprintf(b, sizeof b, "%s/b", dir);
	ok(link_target(a, out, sizeof out) == 0 && strcmp(out, a) == 0,
	    "link_target: a missing file is itself");
	symlink("sub/real.json", a);
	snprintf(want, sizeof want, "%s/sub/real.json", dir);
	ok(link_target(a, out, sizeof out) == 0 && strcmp(out, want) == 0,
	    "a dangling relative link: its target, from the link's directory");
	symlink(a, b);
	ok(link_target(b, out, sizeof out) == 0 && strcmp(out, want) == 0,
	    "a link to a link: the last target");
	unlink(a);
	symlink("b", a);
	errno = 0;
	ok(link_target(a, out, sizeof out) == -1 && errno == ELOOP,
	    "a loop: ELOOP");
	unlink(a);
	unlink(b);
	rmdir(dir);
}

/* Others can write to the cache: refused, said once; sticky is fine. */
static void
test_cache_dir_safe(void)
{
	char base[] = "/tmp/t_util.XXXXXX", top[PATH_MAX], dir[PATH_MAX + 16];
	int saved, null;

	if (mkdtemp(base) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	setenv("XDG_CACHE_HOME", base, 1);
	snprintf(top, sizeof top, "%s/orkit", base);
	mkdir(top, 0755);
	ok(cache_dir("", dir, sizeof dir) == 0, "cache dir of ours: used");
	chmod(top, 0777);
	fflush(stderr);
	saved = dup(2);
	null = open("/dev/null", O_WRONLY);
	dup2(null, 2);
	errno = 0;
	ok(cache_dir("", dir, sizeof dir) == -1 && errno == EPERM,
	    "one others can write to: -1, EPERM");
	chmod(top, 0755);
	snprintf(dir, sizeof dir, "%s/endpoints", top);
	mkdir(dir, 0755);
	chmod(dir, 0775);
	errno = 0;
	ok(cache_dir("endpoints", dir, sizeof dir) == -1 && errno == EPERM,
	    "its part too (group-writable)");
	dup2(saved, 2);
	close(saved);
	close(null);
	chmod(dir, 01777);
	ok(cache_dir("endpoints", dir, sizeof dir) == 0,
	    "sticky and ours: used");
	rmdir(dir);
	rmdir(top);
	rmdir(base);
	unsetenv("XDG_CACHE_HOME");
}

/* A SIGTERM while write_atomic writes: the old file or the new, no temp. */
static void
test_write_atomic_sigterm(void)
{
	char dir[] = "/tmp/t_util.XXXXXX", path[PATH_MAX];
	static char big[4 << 20];
	pid_t pid;
	int status, i, left = 0;
	struct stat st;
	FILE *ls;
	char cmd[PATH_MAX + 32], line[PATH_MAX];

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(path, sizeof path, "%s/conv.json", dir);
	memset(big, 'x', sizeof big);
	write_atomic_mode(path, "old", 3, 0644);
	for (i = 0; i < 20; i++) {
		if ((pid = fork()) == 0) {
			for (;;)
				write_atomic_mode(path, big, sizeof big, 0644);
		}
		usleep(1000 + i * 1500);
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
	}
	snprintf(cmd, sizeof cmd, "ls -A %s", dir);
	ls = popen(cmd, "r");
	while (fgets(line, sizeof line, ls))
		if (strcmp(line, "conv.json\n") != 0)
			left++;
	pclose(ls);
	is_int(left, 0, "write_atomic killed by SIGTERM 20 times: no "
	    "temporary file left");
	ok(stat(path, &st) == 0 && (st.st_size == 3 ||
	    st.st_size == (off_t)sizeof big), "the file is the old or the new");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	system(cmd);
}

/* Issue 11 item 22: a swap of two letters is one edit (OSA distance). */
static void
test_edit_distance(void)
{
	is_int((int)edit_distance("refersh", "refresh"), 1,
	    "a swap of neighbours is one edit");
	is_int((int)edit_distance("refersh", "referer"), 2,
	    "two substitutions are two");
	is_int((int)edit_distance("ab", "ba"), 1, "ab, ba: one");
	is_int((int)edit_distance("ca", "abc"), 3,
	    "restricted: no edit of a swapped pair (ca, abc: 3)");
	is_int((int)edit_distance("Model", "modle"), 1, "case ignored");
	is_int((int)edit_distance("", "abc"), 3, "from nothing: insertions");
	is_int((int)edit_distance("kitten", "sitting"), 3, "kitten, sitting");
	is_int((int)edit_distance("same", "same"), 0, "the same: 0");
}

int
main(void)
{
	test_edit_distance();
	test_pct();
	test_env();
	test_sanitize();
	test_buf();
	test_pipe_close();
	test_term_clean();
	test_write_atomic_links();
	test_link_target();
	test_cache_dir_safe();
	test_write_atomic_sigterm();
	return tap_done();
}
