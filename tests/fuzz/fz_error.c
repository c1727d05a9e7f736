/*
 * fz_error: an error answer read by error_from_body, with any status and
 * any body.  Never a crash; the message is one line of valid UTF-8 with
 * no control characters; the status is one of the table's.  The body,
 * as a header value, goes through retry_after_parse too.
 *
 * Input: two bytes of HTTP status (mod 1000), then the body.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "fz.h"

static void
check_message(const struct or_error *e)
{
	const unsigned char *m = (const unsigned char *)e->msg;
	size_t n, i;

	FZ_CHECK(memchr(e->msg, '\0', sizeof e->msg) != NULL);
	n = strlen(e->msg);
	FZ_CHECK(n > 0);
	FZ_CHECK(fz_utf8(m, n));
	for (i = 0; i < n; i++)
		FZ_CHECK(m[i] >= 0x20 && m[i] != 0x7f);
	switch (e->exit) {
	case OR_EX_NEGATIVE: case OR_EX_USAGE: case EX_DATAERR:
	case EX_NOINPUT: case EX_UNAVAILABLE: case EX_SOFTWARE:
	case EX_IOERR: case EX_TEMPFAIL: case EX_PROTOCOL:
	case EX_NOPERM: case EX_CONFIG:
		break;
	default:
		FZ_CHECK(!"an exit status outside the table");
	}
	FZ_CHECK(e->retry_after >= -1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct or_error e;
	long status;
	time_t now = 1767225600;	/* 2026-01-01 */
	char *v;

	if (size < 2)
		return 0;
	status = (data[0] | data[1] << 8) % 1000;
	memset(&e, 0xa5, sizeof e);
	if (error_from_body(status, (const char *)data + 2, size - 2, now,
	    &e) == 1)
		check_message(&e);
	else
		FZ_CHECK(status >= 200 && status <= 299);
	if ((v = malloc(size - 1)) == NULL)
		abort();
	memcpy(v, data + 2, size - 2);
	v[size - 2] = '\0';
	FZ_CHECK(retry_after_parse(v, now) >= -1);
	free(v);
	return 0;
}
