/*
 * opts: the options every command shares, parsed once with getopt_long.
 *
 * A command puts OPTS_LONGOPTS in its own option table and OPTS_SHORT in its
 * short-option string, hands every option it does not know itself to
 * opts_handle(), and prints opts_usage() in its --help.  Defaults come from
 * the environment (DESIGN.md); flags override them.
 */
#ifndef OPTS_H
#define OPTS_H

#include <getopt.h>
#include <stdio.h>

struct or_error;

struct opts {
	int		 verbose;
	const char	*base_url;	/* OPENROUTER_BASE_URL, --base-url */
	const char	*key_file;	/* --key-file (else auth's defaults) */
	long long	 timeout_ms;	/* all requests in all; 0 = none */
	long long	 connect_timeout_ms;
	int		 retries;	/* further attempts after the first */
	const char	*referer;	/* ORKIT_REFERER, --referer */
	const char	*title;		/* ORKIT_TITLE, --title */
	int		 insecure_http;	/* allow http:// to non-loopback */
};

#define OPTS_BASE_URL_DEFAULT	"https://openrouter.ai/api/v1"
#define OPTS_SHORT		"hv"

enum {
	OPT_VERSION = 256,
	OPT_BASE_URL,
	OPT_KEY_FILE,
	OPT_TIMEOUT,
	OPT_CONNECT_TIMEOUT,
	OPT_RETRIES,
	OPT_REFERER,
	OPT_TITLE,
	OPT_INSECURE_HTTP,
	OPT_KEY_ON_ARGV,
	OPT_CMD = 512		/* a command's own long-only options */
};

#define OPTS_LONGOPTS \
	{ "api-key",		required_argument, NULL, OPT_KEY_ON_ARGV }, \
	{ "base-url",		required_argument, NULL, OPT_BASE_URL }, \
	{ "connect-timeout",	required_argument, NULL, OPT_CONNECT_TIMEOUT }, \
	{ "help",		no_argument,	   NULL, 'h' }, \
	{ "insecure-http",	no_argument,	   NULL, OPT_INSECURE_HTTP }, \
	{ "key",		required_argument, NULL, OPT_KEY_ON_ARGV }, \
	{ "key-file",		required_argument, NULL, OPT_KEY_FILE }, \
	{ "referer",		required_argument, NULL, OPT_REFERER }, \
	{ "retries",		required_argument, NULL, OPT_RETRIES }, \
	{ "timeout",		required_argument, NULL, OPT_TIMEOUT }, \
	{ "title",		required_argument, NULL, OPT_TITLE }, \
	{ "verbose",		no_argument,	   NULL, 'v' }, \
	{ "version",		no_argument,	   NULL, OPT_VERSION }

/*
 * getopt_long for every command: the next option's ch (optarg set), or -1
 * at the end.  An option that is not known, is ambiguous, lacks its
 * argument or has one it does not take never comes back: it is one line on
 * stderr, with the closest long option when one is near ("unknown option
 * '--modle'; did you mean '--model'?"), then "Try 'CMD --help' for more.",
 * and exit 2.  getopt_long's own messages are off (opterr 0).  (This is
 * the usage path, like -h: it prints "Try ..." and ends the process.)
 */
int	opts_next(int argc, char *const argv[], const char *shortopts,
	    const struct option *longopts);
/*
 * That message and exit, for the option getopt_long just refused with ch
 * '?' (or ':', for a missing argument); argv and longopts as given to it.
 */
void	opts_bad(int ch, int argc, char *const argv[],
	    const struct option *longopts) __attribute__((noreturn));

/*
 * Defaults from the environment; before them, closed standard descriptors
 * are made safe (std_fds), so every command calls it first.
 */
void	opts_init(struct opts *);

/*
 * Handle one shared option (ch and optarg as getopt_long gave them; arg is
 * kept, not copied).  Returns 1 when it was one, 0 when it is the
 * command's, -1 for a bad value (e filled: one line, as "prog: msg", and
 * the exit status, 2; 78 for a key given as --key or --api-key, which is
 * blanked first).  A bad value never ends the process; the caller prints
 * e->msg and exits with e->exit.  Only the command's own output ends it
 * here: -h calls usage, the command's usage printer, with stdout and 0 (it
 * prints the help and exits, opts_usage_end), and --version prints the
 * version and exits 0 (74 when stdout cannot be written).
 */
int	opts_handle(struct opts *, int ch, const char *arg,
	    void (*usage)(FILE *, int), struct or_error *e);

/*
 * Does an HTTP header value hold a control character (C0 or DEL)?  CR and
 * LF in one would add headers; --referer and --title refuse them (2), and
 * http_request refuses them from the environment (78).
 */
int	opts_header_bad(const char *);

/*
 * The value of an option as the user gave it (arg), fit for a one-line
 * message: written into out (size bytes) cleaned as sanitize() cleans
 * it (a newline becomes a space, other controls '?', so the message
 * stays one line and the terminal is left alone), cut to fit, and never
 * anything that looks like a key.  Returns out.
 */
const char *opts_value(char *out, size_t size, const char *arg);
#define OPTS_VALMAX	256	/* a size for opts_value's out */

/*
 * Blank a key found on the command line (arg points into argv) and fill e
 * saying why, with status 78.  Always returns -1: the caller prints e->msg
 * and exits with e->exit.
 */
int	opts_refuse_key(const char *arg, struct or_error *e);
/*
 * The argument of the option --name: a number of seconds from 0.001 to
 * max_s, as milliseconds in *ms; 0.  Or -1 with e filled (one line, 2) and
 * *ms untouched.
 */
int	opts_seconds(const char *name, const char *arg, long long max_s,
	    long long *ms, struct or_error *e);
/* The shared options' lines for a command's --help. */
void	opts_usage(FILE *);
/*
 * The end of every command's usage(): when the help went to stdout (-h),
 * close it and check the write (74 on failure); then exit with status
 * (0 for -h, 2 for bad flags).
 */
void	opts_usage_end(FILE *, int status) __attribute__((noreturn));

#endif
