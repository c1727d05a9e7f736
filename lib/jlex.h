/*
 * jlex: the JSON lexer shared by jscan and costrec's record scanner -- the
 * tokens of RFC 8259 (string, number, literal) and the one UTF-8
 * validator -- as static inline functions, so that each scanner keeps its
 * own loop and error messages and pays no call for the lexing.
 *
 * Every function reads s[*pos .. len) and nothing outside it; the input
 * need not be NUL-terminated.  On success a token function returns
 * JLEX_OK with *pos just past the token; otherwise it returns why, with
 * *pos at the offending byte (as documented with each code).  The codes
 * that end in SHORT mean the input ran out where more bytes could still
 * have made a good token: a caller reading a stream in pieces may read
 * more and try again, a caller holding the whole text reports them.
 */
#ifndef JLEX_H
#define JLEX_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum jlex_err {
	JLEX_OK,
	JLEX_STR_SHORT,		/* no closing quote; *pos at len or at a
				 * backslash that is the last byte */
	JLEX_CTRL,		/* a raw control character in a string */
	JLEX_ESC,		/* a backslash and no escape letter after it */
	JLEX_UESC,		/* \u and not 4 hex digits after it */
	JLEX_UESC_SHORT,	/* \u and fewer than 4 bytes left */
	JLEX_UTF8,		/* a byte that starts no valid UTF-8 */
	JLEX_UTF8_SHORT,	/* the same, fewer than 4 bytes before len */
	JLEX_DIGIT,		/* no digit after '-' (or at all) */
	JLEX_LEADZERO,		/* a digit after a leading 0; *pos at it and
				 * the number "0" or "-0" before it is whole */
	JLEX_FRAC,		/* no digit after the decimal point */
	JLEX_EXP,		/* no digit in the exponent */
	JLEX_LIT,		/* not the literal */
	JLEX_LIT_SHORT		/* a prefix of the literal, then len */
};

#define JLEX_ISDIGIT(c)	((unsigned)(c) - '0' < 10u)

/*
 * The one UTF-8 validator: the length (1 to 4) of the well-formed UTF-8
 * character at s, n > 0 bytes available, or 0 with *sub the length (1 to
 * 3) of the maximal subpart there -- the longest start of a well-formed
 * character, or its first byte alone -- which is replaced by one U+FFFD,
 * as the WHATWG decoder and Unicode's recommended practice do: "\xE2\x82b"
 * is one U+FFFD then "b", "\xC0\x80" two.  An ASCII byte, control
 * characters included, is a character of length 1.  The tight ranges of
 * the second byte are what exclude overlongs, UTF-16 surrogates and code
 * points above U+10FFFF.
 */
static inline size_t
jlex_utf8_sub(const unsigned char *s, size_t n, size_t *sub)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need, i;

	*sub = 1;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < 2 || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i <= need && i < n && (s[i] & 0xc0) == 0x80; i++)
		;
	if (i > need)
		return need + 1;
	*sub = i;
	return 0;
}

/* jlex_utf8_sub when the maximal subpart is not wanted. */
static inline size_t
jlex_utf8(const unsigned char *s, size_t n)
{
	size_t sub;

	return jlex_utf8_sub(s, n, &sub);
}

/* The value of a hex digit, or -1. */
static inline int
jlex_hexval(unsigned char c)
{
	if (JLEX_ISDIGIT(c))
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The 4 hex digits at s[0..n) as a number; -1 if there are not 4. */
static inline long
jlex_hex4(const unsigned char *s, size_t n)
{
	long v = 0;
	int i, d;

	if (n < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if ((d = jlex_hexval(s[i])) < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/*
 * The first byte at or after p that is not plain string text: a quote, a
 * backslash, a control character or a non-ASCII byte (end if none).
 * Eight bytes at a time, with the usual bit tricks: a byte b is below 0x20
 * when (b - 0x20) borrows into bit 7 while b's own bit 7 is clear.
 */
static inline const unsigned char *
jlex_plain(const unsigned char *p, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones * 0x80;
	uint64_t w, m;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		m = ((w - ones * 0x20) | ((w ^ (ones * '"')) - ones) |
		    ((w ^ (ones * '\\')) - ones) | w) & highs;
		if (m != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* A borrow only runs upwards from a byte that
			 * stops us, so the lowest flag is a true one. */
			return p + (__builtin_ctzll(m) >> 3);
#else
			break;
#endif
		}
		p += 8;
	}
	while (p < end && *p >= 0x20 && *p != '"' && *p != '\\' &&
	    *p < 0x80)
		p++;
	return p;
}

/*
 * The string whose opening quote is at s[*pos].  *esc is set to 1 when it
 * holds an escape, else left alone.  raw: bytes that are not valid UTF-8
 * pass as they are (never JLEX_UTF8).  A lone surrogate escape ("\uD800")
 * is accepted, as the grammar allows.  On an error *pos is at the
 * backslash of a bad escape, at the lead byte of bad UTF-8, at the control
 * character, or as JLEX_STR_SHORT says.
 */
static inline enum jlex_err
jlex_string(const unsigned char *s, size_t len, size_t *pos, int raw,
    int *esc)
{
	const unsigned char *p = s + *pos + 1, *end = s + len;
	size_t n;

	for (;;) {
		/* The bulk of real strings is plain ASCII. */
		p = jlex_plain(p, end);
		*pos = p - s;
		if (p == end)
			return JLEX_STR_SHORT;
		if (*p == '"') {
			*pos = p - s + 1;
			return JLEX_OK;
		}
		if (*p == '\\') {
			*esc = 1;
			if (end - p < 2)
				return JLEX_STR_SHORT;
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b':
			case 'f': case 'n': case 'r': case 't':
				p += 2;
				continue;
			case 'u':
				if (end - p < 6)
					return JLEX_UESC_SHORT;
				if (jlex_hex4(p + 2, 4) < 0)
					return JLEX_UESC;
				p += 6;
				continue;
			default:
				return JLEX_ESC;
			}
		}
		if (*p < 0x20)
			return JLEX_CTRL;
		if ((n = jlex_utf8(p, end - p)) == 0) {
			if (!raw)
				return end - p < 4 ? JLEX_UTF8_SHORT :
				    JLEX_UTF8;
			n = 1;	/* the byte passes as it is */
		}
		p += n;
	}
}

/*
 * The number starting at s[*pos] ('-' or a digit).  When iv is not NULL,
 * *iv gets its value if it is a whole number of at most 18 digits with no
 * sign, fraction or exponent, else -1.  On an error *pos is at the byte
 * where a digit was wanted.
 */
static inline enum jlex_err
jlex_number(const unsigned char *s, size_t len, size_t *pos, long long *iv)
{
	size_t p = *pos, d0;
	long long v = 0;
	int neg = s[p] == '-';

	p += neg;
	d0 = p;
	*pos = p;
	if (p == len || !JLEX_ISDIGIT(s[p]))
		return JLEX_DIGIT;
	if (s[p] == '0')
		p++;
	else
		for (; p < len && JLEX_ISDIGIT(s[p]); p++)
			if (p - d0 < 18)
				v = v * 10 + (s[p] - '0');
	if (iv)
		*iv = !neg && p - d0 <= 18 ? v : -1;
	if (s[d0] == '0' && p < len && JLEX_ISDIGIT(s[p])) {
		*pos = p;
		return JLEX_LEADZERO;
	}
	if (p < len && s[p] == '.') {
		*pos = ++p;
		if (iv)
			*iv = -1;
		if (p == len || !JLEX_ISDIGIT(s[p]))
			return JLEX_FRAC;
		while (p < len && JLEX_ISDIGIT(s[p]))
			p++;
	}
	if (p < len && (s[p] == 'e' || s[p] == 'E')) {
		p++;
		if (iv)
			*iv = -1;
		if (p < len && (s[p] == '+' || s[p] == '-'))
			p++;
		*pos = p;
		if (p == len || !JLEX_ISDIGIT(s[p]))
			return JLEX_EXP;
		while (p < len && JLEX_ISDIGIT(s[p]))
			p++;
	}
	*pos = p;
	return JLEX_OK;
}

/* The literal lit (n bytes: "true", "false" or "null") at s[*pos]. */
static inline enum jlex_err
jlex_literal(const unsigned char *s, size_t len, size_t *pos,
    const char *lit, size_t n)
{
	if (len - *pos < n)
		return memcmp(s + *pos, lit, len - *pos) == 0 ?
		    JLEX_LIT_SHORT : JLEX_LIT;
	if (memcmp(s + *pos, lit, n) != 0)
		return JLEX_LIT;
	*pos += n;
	return JLEX_OK;
}

#endif /* JLEX_H */
