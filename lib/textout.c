/*
 * textout -- model text to stdout and stderr, checked, and cleaned of
 * controls on a terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "textout.h"
#include "util.h"

void
textout_init(struct textout *t)
{
	buf_init(&t->clean, 0);
	term_clean_init(&t->tc[0]);
	term_clean_init(&t->tc[1]);
	t->tty[0] = isatty(1);
	t->tty[1] = isatty(2);
	t->werr = 0;
	t->last[0] = t->last[1] = -1;
}

void
textout_free(struct textout *t)
{
	buf_free(&t->clean);
}

/* p[0..n) as it is to stdout (err 0) or stderr (1), stdout's checked. */
static void
textout_write(struct textout *t, int err, const char *p, size_t n)
{
	if (!err && t->werr)
		return;
	if (n && fwrite(p, 1, n, err ? stderr : stdout) != n && !err)
		t->werr = errno ? errno : EIO;
}

void
textout_put(struct textout *t, int which, const char *p, size_t n)
{
	int err = which == TEXTOUT_ERR;

	if (!err && t->werr)
		return;
	if (n)
		t->last[err] = (unsigned char)p[n - 1];
	if (t->tty[err]) {
		buf_reset(&t->clean);
		term_clean(&t->tc[err], &t->clean, p, n);
		p = t->clean.p;
		n = t->clean.len;
	}
	textout_write(t, err, p, n);
}

void
textout_end(struct textout *t, int which)
{
	int err = which == TEXTOUT_ERR;

	if (!t->tty[err])
		return;
	buf_reset(&t->clean);
	term_clean_end(&t->tc[err], &t->clean);
	term_clean_init(&t->tc[err]);
	textout_write(t, err, t->clean.p, t->clean.len);
}

void
textout_endline(struct textout *t, int which)
{
	int err = which == TEXTOUT_ERR;

	if (t->last[err] != -1 && t->last[err] != '\n')
		textout_put(t, which, "\n", 1);
}

int
textout_flush(struct textout *t)
{
	if (t->werr == 0 && fflush(stdout) != 0)
		t->werr = errno ? errno : EIO;
	return t->werr;
}

int
textout_error(const struct textout *t, struct or_error *e)
{
	return error_set(e, EX_IOERR, "write error: %s", strerror(t->werr));
}
