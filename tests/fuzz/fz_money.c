/*
 * fz_money: money's parser and printer.  A parsed amount prints as a
 * plain shortest decimal that parses back to itself; addition and
 * subtraction agree with checked 128-bit arithmetic; rounding leaves no
 * more places than asked for.
 *
 * Input: up to the first '|' is one number, the rest another.
 */
#include <stdint.h>
#include <string.h>

#include "fz.h"
#include "money.h"

/* The printed form: -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])? */
static void
check_form(const char *s)
{
	size_t i = s[0] == '-';

	FZ_CHECK(strcmp(s, "-0") != 0);
	FZ_CHECK(s[i] >= '0' && s[i] <= '9');
	if (s[i] == '0')
		FZ_CHECK(s[i + 1] == '\0' || s[i + 1] == '.');
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (s[i] == '.') {
		i++;
		FZ_CHECK(s[i] != '\0');
		while (s[i] >= '0' && s[i] <= '9')
			i++;
		FZ_CHECK(s[i - 1] != '0');
		FZ_CHECK(i - (strchr(s, '.') - s) - 1 <= MONEY_SCALE);
	}
	FZ_CHECK(s[i] == '\0');
}

static void
round_trip(money_t x)
{
	char a[MONEY_FMTSIZE], b[MONEY_FMTSIZE];
	money_t y;

	FZ_CHECK(money_fmt(x, a, sizeof a) == a);
	check_form(a);
	FZ_CHECK(money_parse(a, strlen(a), &y) == MONEY_OK);
	FZ_CHECK(y == x);
	FZ_CHECK(money_fmt(y, b, sizeof b) == b && strcmp(a, b) == 0);
	FZ_CHECK(money_fmt_per_million(x, b, sizeof b) == b);
	FZ_CHECK(money_fmt(x, b, strlen(a)) == NULL);
}

static void
check_arith(money_t a, money_t b, int places)
{
	money_t got, want;
	char s[MONEY_FMTSIZE], *dot;
	int rc;

	rc = money_add(a, b, &got);
	if (__builtin_add_overflow(a, b, &want) || want > MONEY_MAX ||
	    want < MONEY_MIN)
		FZ_CHECK(rc == MONEY_ERANGE);
	else
		FZ_CHECK(rc == MONEY_OK && got == want);
	rc = money_sub(a, b, &got);
	if (__builtin_sub_overflow(a, b, &want) || want > MONEY_MAX ||
	    want < MONEY_MIN)
		FZ_CHECK(rc == MONEY_ERANGE);
	else
		FZ_CHECK(rc == MONEY_OK && got == want);
	FZ_CHECK(money_cmp(a, b) == (a < b ? -1 : a > b));
	rc = money_mul(a, b, &got);
	FZ_CHECK(rc == MONEY_OK || rc == MONEY_INEXACT || rc == MONEY_ERANGE);
	if (rc >= 0)
		round_trip(got);
	rc = money_round(a, places, &got);
	if (rc >= 0) {
		FZ_CHECK(rc == (got != a));
		money_fmt(got, s, sizeof s);
		dot = strchr(s, '.');
		FZ_CHECK(dot == NULL || strlen(dot + 1) <= (size_t)places);
		round_trip(got);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *bar;
	size_t n1;
	money_t a, b;
	int ra, rb;

	bar = memchr(s, '|', size);
	n1 = bar ? (size_t)(bar - s) : size;
	ra = money_parse(s, n1, &a);
	FZ_CHECK(ra == MONEY_OK || ra == MONEY_ESYNTAX ||
	    ra == MONEY_ERANGE || ra == MONEY_EPRECISION);
	if (ra == MONEY_OK)
		round_trip(a);
	if (bar == NULL)
		return 0;
	rb = money_parse(bar + 1, size - n1 - 1, &b);
	if (ra == MONEY_OK && rb == MONEY_OK)
		check_arith(a, b, (unsigned char)s[0] % (MONEY_SCALE + 1));
	return 0;
}
