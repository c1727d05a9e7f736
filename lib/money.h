/*
 * money.h: exact decimal amounts of USD for prices and costs.
 *
 * A money_t counts units of 10^-24 USD.  OpenRouter prices are decimal
 * strings per token with up to 23 fractional digits, so every price in
 * a catalog, every count x price and every sum of those is represented
 * exactly; no binary floating point is involved anywhere.  The range is
 * symmetric, [-MONEY_MAX, MONEY_MAX], about +-1.7e14 USD: the most
 * negative __int128 is never produced, so negating a money_t is always
 * defined.
 *
 * Every operation that could leave the range says so (MONEY_ERANGE)
 * instead of wrapping, and leaves *out untouched on error.  The only
 * rounding anywhere is in money_mul, which reports it (MONEY_INEXACT).
 *
 * money_t is a plain integer typedef rather than a struct: it travels in
 * registers, compares with == and <, zero-initializes to 0 USD and sorts
 * as an integer.  The price is that raw + and * compile silently; use
 * the functions below, which check for overflow and keep the scale.
 */
#ifndef MONEY_H
#define MONEY_H

#include <stddef.h>

/* __extension__ keeps -Wpedantic quiet about __int128 in callers. */
__extension__ typedef __int128 money_t;

#define MONEY_SCALE	24	/* fractional decimal digits */
#define MONEY_ONE	((money_t)1000000000000LL * 1000000000000LL)
#define MONEY_MAX	(__extension__ (money_t)(~(unsigned __int128)0 >> 1))
#define MONEY_MIN	(-MONEY_MAX)

/* Big enough for any money_fmt or money_fmt_per_million output. */
#define MONEY_FMTSIZE	48

/* Return values: 0 is success, positive a warning, negative an error. */
#define MONEY_OK		0
#define MONEY_INEXACT		1	/* result rounded, *out is set */
#define MONEY_ESYNTAX		(-1)	/* not a number */
#define MONEY_ERANGE		(-2)	/* outside [MONEY_MIN, MONEY_MAX] */
#define MONEY_EPRECISION	(-3)	/* nonzero digit below 10^-24 */

/*
 * Parse s[0..len) as a JSON number (RFC 8259 grammar, nothing else):
 *	-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
 * so "1.", ".5", "+1", "01", "00.10", spaces, hex, inf and nan are all
 * MONEY_ESYNTAX.  The whole of s[0..len) must be the number.  Digits
 * past 24 fractional places must be zeros (else MONEY_EPRECISION);
 * "-0" is 0.
 */
int	 money_parse(const char *s, size_t len, money_t *out);

int	 money_add(money_t a, money_t b, money_t *out);
int	 money_sub(money_t a, money_t b, money_t *out);
int	 money_mul_int(money_t a, long long n, money_t *out);
/* a*b rounded half-to-even to 10^-24; MONEY_INEXACT if that rounded. */
int	 money_mul(money_t a, money_t b, money_t *out);
int	 money_cmp(money_t a, money_t b);	/* -1, 0, 1 */
/*
 * a rounded half away from zero to places decimal places (0..24);
 * MONEY_INEXACT if that changed it, MONEY_ERANGE if it left the range.
 */
int	 money_round(money_t a, int places, money_t *out);

/*
 * Shortest plain decimal: "10", "0.15", "-1", "0".  No exponent, no
 * trailing zeros, no trailing '.'.  Returns buf, or NULL when size is
 * too small (MONEY_FMTSIZE never is).  money_fmt_per_million prints the
 * value times 10^6, i.e. USD per million tokens for a per-token price;
 * that is a shift of the decimal point, so it is exact and cannot fail.
 */
char	*money_fmt(money_t a, char *buf, size_t size);
char	*money_fmt_per_million(money_t per_token, char *buf, size_t size);

#endif
