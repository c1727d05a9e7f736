/*
 * t_opts: the shared options -- defaults from the environment, each flag,
 * and the number parsers behind the range checks.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "opts.h"
#include "tap.h"
#include "util.h"

static void
usage(FILE *fp, int status)
{
	(void)fp;
	exit(status);
}

/* Parse argv as a command would, with only the shared options. */
static void
parse(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct or_error e;
	int ch;

	optind = 1;
	opts_init(o);
	while ((ch = getopt_long(argc, argv, OPTS_SHORT, longopts, NULL)) != -1)
		ok(opts_handle(o, ch, optarg, usage, &e) == 1, "option "
		    "%c/%d handled", ch < 256 ? ch : '-', ch);
}

static void
test_seconds(void)
{
	static const struct { const char *s; int r; long long ms; } t[] = {
		{ "30", 0, 30000 }, { "2.5", 0, 2500 }, { "0.001", 0, 1 },
		{ "0.0005", 0, 0 }, { "1.23456", 0, 1234 }, { "0", 0, 0 },
		{ "", -1, 0 }, { ".", -1, 0 }, { "1x", -1, 0 }, { "-1", -1, 0 },
		{ "86401", -1, 0 }, { "86400", 0, 86400000 }, { " 1", -1, 0 },
		{ "99999999999999999999", -1, 0 },
	};
	long long ms;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ms = 0;
		is_int(parse_seconds(t[i].s, &ms, 86400000LL), t[i].r,
		    "parse_seconds(\"%s\") %s", t[i].s, t[i].r ? "fails" :
		    "works");
		if (t[i].r == 0)
			is_int(ms, t[i].ms, "parse_seconds(\"%s\") = %lld ms",
			    t[i].s, t[i].ms);
	}
}

static void
test_long(void)
{
	long long v;

	ok(parse_long("10", 0, 10, &v) == 0 && v == 10, "10 in 0..10");
	ok(parse_long("11", 0, 10, &v) == -1, "11 not in 0..10");
	ok(parse_long("-3", -5, 5, &v) == 0 && v == -3, "negative");
	ok(parse_long("", 0, 10, &v) == -1, "empty");
	ok(parse_long("1 ", 0, 10, &v) == -1, "trailing space");
	ok(parse_long("9223372036854775808", 0, LLONG_MAX, &v) == -1,
	    "overflow is caught");
	ok(parse_long("9223372036854775807", 0, LLONG_MAX, &v) == 0 &&
	    v == LLONG_MAX, "LLONG_MAX");
}

static void
test_opts(void)
{
	char *argv1[] = { "t", "-vv", "--base-url", "http://127.0.0.1:1/v1",
	    "--key-file=/k", "--timeout", "2.5", "--connect-timeout", "3",
	    "--retries", "0", "--referer", "https://x.example", "--title", "X",
	    "--insecure-http", NULL };
	struct or_error e;
	struct opts o;
	char key[] = "sk-or-v1-secret";

	unsetenv("OPENROUTER_BASE_URL");
	unsetenv("ORKIT_REFERER");
	setenv("ORKIT_TITLE", "", 1);
	opts_init(&o);
	is_str(o.base_url, OPTS_BASE_URL_DEFAULT, "default base URL");
	ok(o.referer == NULL && o.title == NULL, "no attribution by default "
	    "(an empty variable is unset)");
	is_int(o.retries, 2, "two retries by default");
	is_int(o.connect_timeout_ms, 10000, "connect timeout 10 s");
	is_int(o.timeout_ms, 0, "no total timeout");

	setenv("OPENROUTER_BASE_URL", "http://localhost:8080/api/v1", 1);
	setenv("ORKIT_REFERER", "https://ref.example", 1);
	setenv("ORKIT_TITLE", "My App", 1);
	opts_init(&o);
	is_str(o.base_url, "http://localhost:8080/api/v1", "OPENROUTER_BASE_URL");
	is_str(o.referer, "https://ref.example", "ORKIT_REFERER");
	is_str(o.title, "My App", "ORKIT_TITLE");

	parse(&o, sizeof argv1 / sizeof argv1[0] - 1, argv1);
	is_int(o.verbose, 2, "-vv");
	is_str(o.base_url, "http://127.0.0.1:1/v1", "--base-url wins over env");
	is_str(o.key_file, "/k", "--key-file=");
	is_int(o.timeout_ms, 2500, "--timeout 2.5");
	is_int(o.connect_timeout_ms, 3000, "--connect-timeout 3");
	is_int(o.retries, 0, "--retries 0");
	is_str(o.referer, "https://x.example", "--referer");
	is_str(o.title, "X", "--title");
	is_int(o.insecure_http, 1, "--insecure-http");
	ok(opts_handle(&o, 'm', "x", usage, &e) == 0, "a command's own option "
	    "is left to it");

	/* Issue 11 items 16 and 4. */
	opts_handle(&o, OPT_TIMEOUT, "0.0001", usage, &e);
	is_int(o.timeout_ms, 1, "--timeout 0.0001 rounds up to 1 ms");
	opts_handle(&o, OPT_TIMEOUT, "0.000", usage, &e);
	is_int(o.timeout_ms, 0, "--timeout 0.000 is no limit");
	ok(opts_header_bad("a\r\nX-Injected: 1"), "CR LF in a header value");
	ok(opts_header_bad("a\tb"), "a tab in a header value");
	ok(!opts_header_bad("My App \xc3\xa9"), "text is a header value");

	/* A bad value is an error returned, not an exit (issue 10). */
	is_int(opts_handle(&o, OPT_RETRIES, "11", usage, &e), -1,
	    "--retries 11 is refused");
	is_int(e.exit, 2, "... with status 2");
	is_str(e.msg, "--retries: not a whole number from 0 to 10: 11",
	    "... and one line");
	is_int(o.retries, 0, "... leaving the value as it was");
	is_int(opts_handle(&o, OPT_TIMEOUT, "x", usage, &e), -1,
	    "--timeout x is refused");
	is_int(opts_handle(&o, OPT_CONNECT_TIMEOUT, "0", usage, &e), -1,
	    "--connect-timeout 0 is refused");
	is_str(e.msg, "--connect-timeout: not a number of seconds from 0.001 "
	    "to 3600: 0", "... saying the range");
	is_int(o.connect_timeout_ms, 3000, "... leaving the value as it was");
	is_int(opts_handle(&o, OPT_TITLE, "a\r\nb", usage, &e), -1,
	    "--title with CR LF is refused");
	is_str(e.msg, "--title: a control character is not allowed in a "
	    "header value", "... naming the flag");
	is_int(opts_handle(&o, OPT_KEY_ON_ARGV, key, usage, &e), -1,
	    "--key is refused");
	is_int(e.exit, EX_CONFIG, "... with status 78");
	is_str(key, "***************", "... and the key blanked in argv");
}

int
main(void)
{
	test_seconds();
	test_long();
	test_opts();
	return tap_done();
}
