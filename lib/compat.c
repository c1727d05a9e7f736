/*
 * compat: replacements for the functions compat.h finds missing.
 */
#include <string.h>
#include <time.h>

#include "compat.h"

/*
 * A call through a volatile pointer is one the compiler must make: it cannot
 * know the pointer still holds memset, so it cannot drop the stores.
 */
static void *(*const volatile compat_memset)(void *, int, size_t) = memset;

void
compat_explicit_bzero(void *p, size_t n)
{
	compat_memset(p, 0, n);
}

/* Floor division, for days and months before the epoch. */
static long long
compat_fdiv(long long a, long long b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * Days from 1970-01-01 to the first of month m (0-11) of year y, counting
 * in years that begin on 1 March so that the leap day comes last.
 */
static long long
compat_days(long long y, long long m)
{
	long long era, yoe, doy;

	if (m < 2)
		y--;
	m = m < 2 ? m + 10 : m - 2;	/* March is 0 */
	era = compat_fdiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * m + 2) / 5;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

time_t
compat_timegm(struct tm *tm)
{
	long long y, m, s;
	struct tm out;
	time_t t;

	/* Months past December carry into the year, so leap years count. */
	m = tm->tm_mon;
	y = (long long)tm->tm_year + 1900 + compat_fdiv(m, 12);
	m -= compat_fdiv(m, 12) * 12;
	if (y < -1000000 || y > 1000000)
		return (time_t)-1;
	s = (compat_days(y, m) + tm->tm_mday - 1) * 86400 +
	    (long long)tm->tm_hour * 3600 + (long long)tm->tm_min * 60 +
	    tm->tm_sec;
	t = (time_t)s;
	if ((long long)t != s || gmtime_r(&t, &out) == NULL)
		return (time_t)-1;
	*tm = out;
	return t;
}
