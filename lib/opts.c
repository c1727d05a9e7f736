/*
 * opts: shared options.
 */
#include <err.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "opts.h"
#include "util.h"

int
opts_next(int argc, char *const argv[], const char *shortopts,
    const struct option *longopts)
{
	char spec[128];
	int ch;

	/* A leading ':' tells a missing argument (':') from the rest. */
	if (snprintf(spec, sizeof spec, ":%s", shortopts) >= (int)sizeof spec)
		errx(EX_SOFTWARE, "opts_next: too many short options");
	opterr = 0;
	ch = getopt_long(argc, argv, spec, longopts, NULL);
	if (ch == '?' || ch == ':')
		opts_bad(ch, argc, argv, longopts);
	return ch;
}

/* Does s[0..n) hold what looks like a key? */
static int
keylike(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 3 <= n; i++)
		if (memcmp(s + i, "sk-", 3) == 0)
			return 1;
	return 0;
}

#define NOT_SHOWN	"(not shown: it looks like a key)"

/*
 * An option as typed, dashes (dash) and name[0..n), quoted and fit to
 * print: controls replaced, and never anything like a key.
 */
static const char *
shown(char *out, size_t size, const char *dash, const char *name, size_t n)
{
	char clean[80];

	if (keylike(name, n)) {
		snprintf(out, size, NOT_SHOWN);
		return out;
	}
	sanitize(clean, sizeof clean, name, n);
	snprintf(out, size, "'%s%s'", dash, clean);
	return out;
}

const char *
opts_value(char *out, size_t size, const char *arg)
{
	size_t n = strlen(arg);

	if (keylike(arg, n)) {
		snprintf(out, size, NOT_SHOWN);
		return out;
	}
	return sanitize(out, size, arg, n);
}

/*
 * The long options that begin with name[0..n): how many, and in list (of
 * size bytes) the first four, "'--a', '--b' or '--c'".
 */
static size_t
prefixed(const struct option *longopts, const char *name, size_t n,
    char *list, size_t size)
{
	const struct option *lo, *m[4];
	size_t count = 0, len = 0, i;

	for (lo = longopts; lo->name; lo++)
		if (strncmp(lo->name, name, n) == 0 && count++ < 4)
			m[count - 1] = lo;
	list[0] = '\0';
	for (i = 0; i < count && i < 4 && len < size; i++)
		len += snprintf(list + len, size - len, "%s'--%s'", i == 0 ?
		    "" : i + 1 == count ? " or " : ", ", m[i]->name);
	if (count > 4 && len < size)
		snprintf(list + len, size - len, " or another");
	return count;
}

/* How many bytes a and b begin with alike. */
static size_t
same_start(const char *a, const char *b)
{
	size_t i;

	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		;
	return i;
}

void
opts_bad(int ch, int argc, char *const argv[], const struct option *longopts)
{
	const char *arg = optind >= 1 && optind <= argc ? argv[optind - 1] :
	    "", *name = "";
	const struct option *lo, *best = NULL;
	char what[96], list[200], msg[400], c[2];
	size_t n = 0, d, bestd = SIZE_MAX;
	int islong = strncmp(arg, "--", 2) == 0 && arg[2] != '\0';

	if (islong) {
		name = arg + 2;
		n = strcspn(name, "=");
		shown(what, sizeof what, "--", name, n);
	}
	c[0] = (char)optopt;
	c[1] = '\0';
	if (ch == ':') {
		snprintf(msg, sizeof msg, "option %s needs an argument",
		    islong ? what : shown(what, sizeof what, "-", c, 1));
		goto out;
	}
	/* --flag=VALUE for a flag that takes none ('?', optopt its val). */
	if (islong && name[n] == '=' && optopt != 0)
		for (lo = longopts; lo->name; lo++)
			if (lo->has_arg == no_argument && lo->flag == NULL &&
			    lo->val == optopt &&
			    strncmp(lo->name, name, n) == 0) {
				snprintf(msg, sizeof msg, "option '--%s' takes "
				    "no argument", lo->name);
				goto out;
			}
	if (optopt != 0 || !islong) {
		snprintf(msg, sizeof msg, "unknown option %s",
		    shown(what, sizeof what, "-", c, optopt != 0));
		goto out;
	}
	if (prefixed(longopts, name, n, list, sizeof list) > 1) {
		snprintf(msg, sizeof msg, "ambiguous option %s; did you "
		    "mean %s?", what, list);
		goto out;
	}
	/*
	 * The closest name, when it is a typo or two away (a swap of two
	 * letters is one).  Of names as close, the one that shares the
	 * longer beginning with what was typed (typos tend to come late),
	 * then the first listed.
	 */
	if (n <= 64) {
		char key[65];

		memcpy(key, name, n);
		key[n] = '\0';
		for (lo = longopts; lo->name; lo++) {
			d = edit_distance(key, lo->name);
			if (d < bestd || (d == bestd && same_start(key,
			    lo->name) > same_start(key, best->name))) {
				bestd = d;
				best = lo;
			}
		}
	}
	if (best && bestd <= n / 3 + 1 && bestd < n)
		snprintf(msg, sizeof msg, "unknown option %s; did you "
		    "mean '--%s'?", what, best->name);
	else
		snprintf(msg, sizeof msg, "unknown option %s", what);
out:
	warnx("%s", msg);
	fprintf(stderr, "Try '%s --help' for more.\n", progname());
	exit(OR_EX_USAGE);
}

int
opts_header_bad(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

void
opts_init(struct opts *o)
{
	std_fds();	/* before anything is opened */
	memset(o, 0, sizeof *o);
	o->base_url = env_value("OPENROUTER_BASE_URL");
	if (o->base_url == NULL)
		o->base_url = OPTS_BASE_URL_DEFAULT;
	o->referer = env_value("ORKIT_REFERER");
	o->title = env_value("ORKIT_TITLE");
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 0;
	o->retries = 2;
}

/*
 * A key on the command line would sit in ps(1) output and shell history.
 * Refuse it, and blank it in argv first so it is visible for the least time
 * (curl's cleanarg()).
 */
int
opts_refuse_key(const char *arg, struct or_error *e)
{
	/* optarg points into argv itself. */
	memset((char *)arg, '*', strlen(arg));
	error_set(e, EX_CONFIG, "an API key is never taken on the command "
	    "line; set OPENROUTER_API_KEY or use --key-file");
	return -1;
}

int
opts_handle(struct opts *o, int ch, const char *arg,
    void (*usage)(FILE *, int), struct or_error *e)
{
	char val[OPTS_VALMAX];
	long long n;

	switch (ch) {
	case 'h':
		usage(stdout, 0);
		return 1;
	case 'v':
		o->verbose++;
		return 1;
	case OPT_VERSION:
		printf("%s %s\n", progname(), ORKIT_VERSION);
		exit(out_close(stdout) ? EX_IOERR : 0);
	case OPT_BASE_URL:
		o->base_url = arg;
		return 1;
	case OPT_KEY_FILE:
		o->key_file = arg;
		return 1;
	case OPT_TIMEOUT:
		if (parse_seconds(arg, &o->timeout_ms, 86400000LL) == -1) {
			error_set(e, OR_EX_USAGE, "--timeout: not a number of "
			    "seconds up to 86400: %s", opts_value(val,
			    sizeof val, arg));
			return -1;
		}
		/* A positive limit under 1 ms is 1 ms, not "none". */
		if (o->timeout_ms == 0 && strpbrk(arg, "123456789"))
			o->timeout_ms = 1;
		return 1;
	case OPT_CONNECT_TIMEOUT:
		if (opts_seconds("connect-timeout", arg, 3600,
		    &o->connect_timeout_ms, e) == -1)
			return -1;
		return 1;
	case OPT_RETRIES:
		if (parse_long(arg, 0, 10, &n) == -1) {
			error_set(e, OR_EX_USAGE, "--retries: not a whole number "
			    "from 0 to 10: %s", opts_value(val, sizeof val,
			    arg));
			return -1;
		}
		o->retries = (int)n;
		return 1;
	case OPT_REFERER:
	case OPT_TITLE:
		/* CR or LF would add headers of the caller's choosing. */
		if (opts_header_bad(arg)) {
			error_set(e, OR_EX_USAGE, "%s: a control character is "
			    "not allowed in a header value", ch == OPT_REFERER ?
			    "--referer" : "--title");
			return -1;
		}
		if (ch == OPT_REFERER)
			o->referer = arg;
		else
			o->title = arg;
		return 1;
	case OPT_INSECURE_HTTP:
		o->insecure_http = 1;
		return 1;
	case OPT_KEY_ON_ARGV:
		return opts_refuse_key(arg, e);
	}
	return 0;
}

void
opts_usage(FILE *fp)
{
	fputs(
"Common options:\n"
"  -h, --help               show this help and exit\n"
"      --version            show the version and exit\n"
"  -v, --verbose            trace the HTTP exchange on stderr (key redacted)\n"
"      --base-url URL       API root (OPENROUTER_BASE_URL;\n"
"                           default " OPTS_BASE_URL_DEFAULT ")\n"
"      --key-file FILE      read the API key from FILE (mode 0600 or stricter)\n"
"      --timeout SECS       give up after SECS in all, retries included\n"
"                           (default: none)\n"
"      --connect-timeout SECS  give up connecting after SECS (default 10)\n"
"      --retries N          retry 408, 429, 5xx and network errors N times\n"
"                           (0-10, default 2)\n"
"      --referer URL        send HTTP-Referer for app attribution (ORKIT_REFERER)\n"
"      --title NAME         send X-OpenRouter-Title and X-Title (ORKIT_TITLE)\n"
"      --insecure-http      allow plain http:// to hosts other than loopback\n",
	    fp);
}

int
opts_seconds(const char *name, const char *arg, long long max_s,
    long long *ms, struct or_error *e)
{
	char val[OPTS_VALMAX];
	long long v;

	if (parse_seconds(arg, &v, max_s * 1000) == -1 || v == 0) {
		error_set(e, OR_EX_USAGE, "--%s: not a number of seconds from "
		    "0.001 to %lld: %s", name, max_s, opts_value(val,
		    sizeof val, arg));
		return -1;
	}
	*ms = v;
	return 0;
}

void
opts_usage_end(FILE *fp, int status)
{
	if (fp == stdout && out_close(stdout))
		status = EX_IOERR;
	exit(status);
}
