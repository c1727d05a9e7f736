/*
 * opts: shared options.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "opts.h"
#include "util.h"

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
void
opts_refuse_key(const char *arg)
{
	/* optarg points into argv itself. */
	memset((char *)arg, '*', strlen(arg));
	errx(EX_CONFIG, "an API key is never taken on the command line; "
	    "set OPENROUTER_API_KEY or use --key-file");
}

int
opts_handle(struct opts *o, int ch, const char *arg,
    void (*usage)(FILE *, int))
{
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
		if (parse_seconds(arg, &o->timeout_ms, 86400000LL) == -1)
			errx(OR_EX_USAGE, "--timeout: not a number of seconds "
			    "up to 86400: %s", arg);
		/* A positive limit under 1 ms is 1 ms, not "none". */
		if (o->timeout_ms == 0 && strpbrk(arg, "123456789"))
			o->timeout_ms = 1;
		return 1;
	case OPT_CONNECT_TIMEOUT:
		if (parse_seconds(arg, &o->connect_timeout_ms, 3600000LL) ==
		    -1 || o->connect_timeout_ms == 0)
			errx(OR_EX_USAGE, "--connect-timeout: not a number of "
			    "seconds from 0.001 to 3600: %s", arg);
		return 1;
	case OPT_RETRIES:
		if (parse_long(arg, 0, 10, &n) == -1)
			errx(OR_EX_USAGE, "--retries: not a whole number from "
			    "0 to 10: %s", arg);
		o->retries = (int)n;
		return 1;
	case OPT_REFERER:
	case OPT_TITLE:
		/* CR or LF would add headers of the caller's choosing. */
		if (opts_header_bad(arg))
			errx(OR_EX_USAGE, "%s: a control character is not "
			    "allowed in a header value", ch == OPT_REFERER ?
			    "--referer" : "--title");
		if (ch == OPT_REFERER)
			o->referer = arg;
		else
			o->title = arg;
		return 1;
	case OPT_INSECURE_HTTP:
		o->insecure_http = 1;
		return 1;
	case OPT_KEY_ON_ARGV:
		opts_refuse_key(arg);
		return 1;
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
