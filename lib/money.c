/*
 * money.c: exact decimal fixed point, 10^-24 USD per unit, in __int128.
 *
 * Guarantees: parsing and formatting are exact; add, sub and mul_int are
 * exact or fail with MONEY_ERANGE; mul is exact or rounded half-to-even
 * and says so.  No floating point, no signed overflow, no negation of
 * the most negative __int128 (every arithmetic step goes through
 * __builtin_*_overflow or is done on unsigned magnitudes).
 */
#include <stddef.h>
#include <stdint.h>

#include "money.h"

__extension__ typedef unsigned __int128 umoney_t;

/* The most negative __int128: representable, but outside our range. */
#define RAW_MIN		(-MONEY_MAX - 1)
/* Highest power of ten a digit may carry: 10^38 <= MONEY_MAX < 10^39. */
#define TOP_POWER	38
#define E12		1000000000000ULL

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* 10^k for k in [0, TOP_POWER]. */
static money_t
ten_to(long long k)
{
	static const uint64_t p[20] = {
		1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
		10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
		100000000000ULL, 1000000000000ULL, 10000000000000ULL,
		100000000000000ULL, 1000000000000000ULL,
		10000000000000000ULL, 100000000000000000ULL,
		1000000000000000000ULL, 10000000000000000000ULL,
	};

	return k < 20 ? (money_t)p[k] : (money_t)p[19] * (money_t)p[k - 19];
}

/* Store r unless it is the one __int128 value we exclude. */
static int
checked(money_t r, money_t *out)
{
	if (r == RAW_MIN)
		return MONEY_ERANGE;
	*out = r;
	return MONEY_OK;
}

int
money_parse(const char *s, size_t len, money_t *out)
{
	size_t i = 0, ip, ie, fp, fe, k, n;
	long long exp = 0, lim, pos, last;
	money_t acc = 0;
	uint64_t a64 = 0;	/* acc while it fits: most prices */
	int neg = 0, eneg = 0, d, wide = 0;

	if (i < len && s[i] == '-') {
		neg = 1;
		i++;
	}
	ip = i;
	if (i < len && s[i] == '0')
		i++;
	else if (i < len && s[i] >= '1' && s[i] <= '9')
		while (i < len && isdig(s[i]))
			i++;
	else
		return MONEY_ESYNTAX;
	ie = fp = fe = i;
	if (i < len && s[i] == '.') {
		fp = ++i;
		while (i < len && isdig(s[i]))
			i++;
		fe = i;
		if (fe == fp)
			return MONEY_ESYNTAX;
	}
	n = (ie - ip) + (fe - fp);
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		if (i == len || !isdig(s[i]))
			return MONEY_ESYNTAX;
		/*
		 * Saturate: once |exp| exceeds the digit count by more than
		 * the 24 + 38 places we can hold, every nonzero digit is out
		 * of range or too precise whatever the exact exponent is.
		 */
		lim = (long long)n + 64;
		for (; i < len && isdig(s[i]); i++)
			if (exp < lim)
				exp = exp * 10 + (s[i] - '0');
		if (exp > lim)
			exp = lim;
		if (eneg)
			exp = -exp;
	}
	if (i != len)
		return MONEY_ESYNTAX;

	/*
	 * Digit k of the mantissa (integer then fraction digits) is worth
	 * 10^pos units.  Digits above 10^38 or below 10^0 can only be zeros;
	 * the rest are accumulated most significant first.
	 */
	pos = MONEY_SCALE + exp + (long long)(ie - ip) - 1;
	for (k = 0; k < n; k++, pos--) {
		d = k < ie - ip ? s[ip + k] - '0' : s[fp + k - (ie - ip)] - '0';
		if (pos > TOP_POWER) {
			if (d != 0)
				return MONEY_ERANGE;
		} else if (pos < 0) {
			if (d != 0)
				return MONEY_EPRECISION;
		} else if (!wide && a64 <= (UINT64_MAX - 9) / 10)
			a64 = a64 * 10 + (uint64_t)d;	/* the same value */
		else {
			if (!wide) {
				acc = (money_t)a64;
				wide = 1;
			}
			if (__builtin_mul_overflow(acc, 10, &acc) ||
			    __builtin_add_overflow(acc, d, &acc))
				return MONEY_ERANGE;
		}
	}
	if (!wide)
		acc = (money_t)a64;
	/*
	 * The last digit sat at 10^last units; scale up if that is > 1, in
	 * one product (10^38 is the highest power an __int128 holds; acc
	 * times any higher one overflows).
	 */
	last = MONEY_SCALE + exp - (long long)(fe - fp);
	if (last > 0 && acc != 0 && (last > TOP_POWER ||
	    __builtin_mul_overflow(acc, ten_to(last), &acc)))
		return MONEY_ERANGE;
	*out = neg ? -acc : acc;
	return MONEY_OK;
}

int
money_add(money_t a, money_t b, money_t *out)
{
	money_t r;

	if (__builtin_add_overflow(a, b, &r))
		return MONEY_ERANGE;
	return checked(r, out);
}

int
money_sub(money_t a, money_t b, money_t *out)
{
	money_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return MONEY_ERANGE;
	return checked(r, out);
}

int
money_mul_int(money_t a, long long n, money_t *out)
{
	money_t r;

	if (__builtin_mul_overflow(a, (money_t)n, &r))
		return MONEY_ERANGE;
	return checked(r, out);
}

int
money_round(money_t a, int places, money_t *out)
{
	money_t unit = 1, q, r;
	int i;

	if (places < 0 || places > MONEY_SCALE)
		return MONEY_ESYNTAX;
	for (i = places; i < MONEY_SCALE; i++)
		unit *= 10;
	q = a / unit;
	r = a % unit;		/* same sign as a */
	if (r == 0) {
		*out = a;
		return MONEY_OK;
	}
	if (r >= unit - r)
		q++;
	else if (-r >= unit + r)
		q--;
	if (__builtin_mul_overflow(q, unit, &r) || checked(r, out) != 0)
		return MONEY_ERANGE;
	return MONEY_INEXACT;
}

/* w[0..3] (little-endian 64-bit limbs) = a * b, the full 256 bits. */
static void
mul256(umoney_t a, umoney_t b, uint64_t w[4])
{
	uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64);
	uint64_t b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
	umoney_t p00 = (umoney_t)a0 * b0, p01 = (umoney_t)a0 * b1;
	umoney_t p10 = (umoney_t)a1 * b0, p11 = (umoney_t)a1 * b1;
	umoney_t mid;

	/* Each sum below is at most 3 * (2^64 - 1) + 1: no wrap. */
	w[0] = (uint64_t)p00;
	mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
	w[1] = (uint64_t)mid;
	mid = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + (uint64_t)p11;
	w[2] = (uint64_t)mid;
	w[3] = (uint64_t)(mid >> 64) + (uint64_t)(p11 >> 64);
}

/* w /= d in place; returns w mod d. */
static uint64_t
div256(uint64_t w[4], uint64_t d)
{
	umoney_t cur;
	uint64_t r = 0;
	int i;

	for (i = 3; i >= 0; i--) {
		cur = (umoney_t)r << 64 | w[i];
		w[i] = (uint64_t)(cur / d);
		r = (uint64_t)(cur % d);
	}
	return r;
}

int
money_mul(money_t a, money_t b, money_t *out)
{
	umoney_t ua, ub, q, rem, half;
	uint64_t w[4], r1, r2;
	int neg = (a < 0) != (b < 0), rc = MONEY_OK;

	/* Magnitudes as unsigned: -(umoney_t) is defined for every a. */
	ua = a < 0 ? -(umoney_t)a : (umoney_t)a;
	ub = b < 0 ? -(umoney_t)b : (umoney_t)b;
	mul256(ua, ub, w);

	/* 10^24 exceeds 64 bits, so divide by 10^12 twice. */
	r1 = div256(w, E12);
	r2 = div256(w, E12);
	if (w[3] != 0 || w[2] != 0)
		return MONEY_ERANGE;
	q = (umoney_t)w[1] << 64 | w[0];
	rem = (umoney_t)r2 * E12 + r1;
	half = (umoney_t)MONEY_ONE / 2;
	/* Checked before and after rounding, so q++ cannot wrap. */
	if (q > (umoney_t)MONEY_MAX)
		return MONEY_ERANGE;
	if (rem != 0) {
		rc = MONEY_INEXACT;
		if (rem > half || (rem == half && (q & 1)))
			q++;
		if (q > (umoney_t)MONEY_MAX)
			return MONEY_ERANGE;
	}
	*out = neg ? -(money_t)q : (money_t)q;
	return rc;
}

int
money_cmp(money_t a, money_t b)
{
	return (a > b) - (a < b);
}

/*
 * Print a as a decimal with `point' fractional digits, trimmed.  Digits
 * are produced least significant first from the unsigned magnitude.
 */
static char *
fmt_scaled(money_t a, int point, char *buf, size_t size)
{
	char dig[48];
	umoney_t u = a < 0 ? -(umoney_t)a : (umoney_t)a;
	size_t need;
	int nd = 0, lo = 0, i;
	char *p = buf;

	/* 64-bit division where the value fits: most prices do. */
	if (u <= UINT64_MAX) {
		uint64_t w = (uint64_t)u;

		do {
			dig[nd++] = (char)('0' + (int)(w % 10));
			w /= 10;
		} while (w != 0);
	} else
		do {
			dig[nd++] = (char)('0' + (int)(u % 10));
			u /= 10;
		} while (u != 0);
	while (nd <= point)
		dig[nd++] = '0';
	while (lo < point && dig[lo] == '0')
		lo++;

	need = (size_t)(a < 0) + (size_t)(nd - point) +
	    (lo < point ? (size_t)(point - lo) + 1 : 0) + 1;
	if (buf == NULL || size < need)
		return NULL;
	if (a < 0)
		*p++ = '-';
	for (i = nd - 1; i >= point; i--)
		*p++ = dig[i];
	if (lo < point) {
		*p++ = '.';
		for (i = point - 1; i >= lo; i--)
			*p++ = dig[i];
	}
	*p = '\0';
	return buf;
}

char *
money_fmt(money_t a, char *buf, size_t size)
{
	return fmt_scaled(a, MONEY_SCALE, buf, size);
}

char *
money_fmt_per_million(money_t per_token, char *buf, size_t size)
{
	return fmt_scaled(per_token, MONEY_SCALE - 6, buf, size);
}
