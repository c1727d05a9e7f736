/*
 * error: the exit statuses every command shares, and the reading of
 * OpenRouter's error answers into one line and one status.
 *
 * The table is DESIGN.md's: grep's 0/1/2, then sysexits(3) for operational
 * failures, so that a script can tell "retry later" (75) from "fix your
 * request" (65) from "fix your key" (77).  Pure code: no I/O, no curl; the
 * body is read with jscan, so no jq either.
 */
#ifndef ERROR_H
#define ERROR_H

#include <stddef.h>
#include <time.h>

enum {
	EX_OK		= 0,
	OR_EX_NEGATIVE	= 1,	/* a negative answer, like grep */
	OR_EX_USAGE	= 2,	/* bad flags or arguments */
	EX_DATAERR	= 65,	/* input data is wrong; API said 400/413/422 */
	EX_NOINPUT	= 66,	/* a named input file cannot be read */
	EX_UNAVAILABLE	= 69,	/* 404: no such model, no provider */
	EX_SOFTWARE	= 70,	/* a bug */
	EX_IOERR	= 74,	/* writing the output failed */
	EX_TEMPFAIL	= 75,	/* retry later: 408, 429, 5xx, network */
	EX_PROTOCOL	= 76,	/* malformed answer, broken stream */
	EX_NOPERM	= 77,	/* 401, 402, 403 */
	EX_CONFIG	= 78	/* no key, loose key file, bad base URL */
};

/* What went wrong, ready to print as "prog: msg". */
struct or_error {
	int	 exit;		/* one of the statuses above */
	int	 retryable;	/* would the same request later succeed? */
	long	 status;	/* HTTP status, or the error's own code */
	long	 retry_after;	/* seconds the server asked for, or -1 */
	char	 msg[1024];
};

/* The exit status for an HTTP status (2xx gives 0). */
int	 error_exit_for_status(long status);

/* Is an HTTP status worth retrying (408, 429, 5xx)? */
int	 error_status_retryable(long status);

/*
 * Read an answer whose HTTP status is status.  Returns 1 and fills e when it
 * is an error: a non-2xx status, or a 2xx JSON body with a top-level "error"
 * object (OpenRouter sends 200 with an error body, and mid-stream error
 * chunks).  The message holds the API's own text, the provider's message
 * from metadata.raw and its name, moderation reasons, the remedy hint and
 * rate-limit figures, cleaned of control characters.  A body that is not
 * JSON is shown by its first bytes.  Returns 0 when the answer is no error.
 * now is the wall clock, for judging X-RateLimit-Reset.
 */
int	 error_from_body(long status, const char *body, size_t len, time_t now,
	    struct or_error *e);

/* Fill e with a formatted message and an exit status; returns e->exit. */
int	 error_set(struct or_error *e, int exit, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Parse a Retry-After value: delay-seconds or an HTTP-date (IMF-fixdate,
 * RFC 850 or asctime form).  Returns the delay in seconds from now (0 for a
 * date in the past) or -1 when the value is neither.
 */
long	 retry_after_parse(const char *value, time_t now);

#endif
