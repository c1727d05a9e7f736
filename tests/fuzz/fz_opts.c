/*
 * fz_opts: orchat's and orstream's options (the shared ones and the
 * request's) through getopt_long and chatopt_next, over any argv.  Never
 * a crash; a bad value is one line of message, with no control byte
 * (the value is the user's, echoed), as is a bad option's (warnx).
 *
 * Input: the arguments, separated by NUL bytes (at most 32).  The link
 * wraps exit, errx, warnx and out_close (-Wl,--wrap), so that what would end
 * the command (--help, --version, a bad shared option, a key on the
 * command line) comes back here instead.
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatopt.h"
#include "error.h"
#include "fz.h"
#include "opts.h"

void	__real_exit(int) __attribute__((noreturn));
void	__wrap_exit(int) __attribute__((noreturn));
void	__wrap_errx(int, const char *, ...) __attribute__((noreturn));
void	__wrap_warnx(const char *, ...);
int	__wrap_out_close(FILE *);

static jmp_buf	 env;
static int	 inside;	/* in the options: exit comes back */

void
__wrap_exit(int status)
{
	if (inside)
		longjmp(env, 1);
	__real_exit(status);
}

void
__wrap_errx(int status, const char *fmt, ...)
{
	if (inside)
		longjmp(env, 1);
	__real_exit(status);
}

/*
 * A message for the terminal: one line of valid UTF-8 with no control
 * character, C1 (U+0080-U+009F) included -- an option's value, echoed,
 * is the user's bytes (issue 11: a newline in one made two lines).
 */
static void
check_line(const char *msg)
{
	const unsigned char *p = (const unsigned char *)msg;
	size_t i, n = strlen(msg);

	FZ_CHECK(fz_utf8(p, n));
	for (i = 0; i < n; i++) {
		FZ_CHECK(p[i] >= 0x20 && p[i] != 0x7f);
		FZ_CHECK(!(p[i] == 0xc2 && i + 1 < n && p[i + 1] < 0xa0));
	}
}

/* opts_bad's message (the unknown or ambiguous option) is checked too. */
void
__wrap_warnx(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	check_line(msg);
	if (!inside)
		fprintf(stderr, "%s\n", msg);
}

int
__wrap_out_close(FILE *fp)
{
	return fflush(fp) == 0 ? 0 : -1;
}

static void
usage(FILE *fp, int status)
{
	longjmp(env, 1);
}

static const struct option longopts[] = {
	OPTS_LONGOPTS,
	CHAT_LONGOPTS,
	{ "no-stream", no_argument, NULL, CHAT_OPT_END },
	{ NULL, 0, NULL, 0 }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct chat_req r;
	static struct opts o;
	struct or_error e;
	char *argv[34], *buf;
	volatile int argc;
	size_t i, start;
	int ch;

	if ((buf = malloc(size + 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	argc = 0;
	argv[argc++] = "orchat";
	for (i = start = 0; i <= size && argc < 33; i++)
		if (i == size || buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	argv[argc] = NULL;

	opts_init(&o);
	chatopt_init(&r);
	optind = 0;		/* glibc: start over, state and all */
	opterr = 0;
	inside = 1;
	if (setjmp(env) == 0) {
		while ((ch = chatopt_next(argc, argv, "P:", longopts, &o, &r,
		    usage, &e)) != -1) {
			if (ch == CHATOPT_BAD) {
				FZ_CHECK(memchr(e.msg, '\0', sizeof e.msg));
				FZ_CHECK(e.msg[0] != '\0');
				check_line(e.msg);
				/* 78: a key given on the command line. */
				FZ_CHECK(e.exit == OR_EX_USAGE ||
				    e.exit == EX_CONFIG);
				break;
			}
		}
	}
	inside = 0;
	chatopt_free(&r);
	free(buf);
	return 0;
}
