/*
 * t_money.c: unit tests for lib/money.c.
 *
 * Checks the JSON number grammar at the edges, the range and precision
 * limits, the cost arithmetic on worked examples from real bills, and,
 * against a schoolbook decimal multiplication written here as an
 * independent oracle, thousands of pseudo-random price x count and
 * price x price products.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "money.h"
#include "tap.h"

#define NRAND	3000

/* Rotating buffers, so one printf may format several amounts. */
static const char *
F(money_t a)
{
	static char buf[8][MONEY_FMTSIZE];
	static int i;
	char *p = buf[i++ % 8];

	return money_fmt(a, p, MONEY_FMTSIZE) ? p : "(fmt failed)";
}

static const char *
FM(money_t a)
{
	static char buf[8][MONEY_FMTSIZE];
	static int i;
	char *p = buf[i++ % 8];

	return money_fmt_per_million(a, p, MONEY_FMTSIZE) ? p : "(fmt failed)";
}

/* A money_* result by its name (MONEY_EPRECISION -3 to MONEY_INEXACT 1). */
static const char *
rcname(int rc)
{
	static const char *const name[] = { "MONEY_EPRECISION",
	    "MONEY_ERANGE", "MONEY_ESYNTAX", "MONEY_OK", "MONEY_INEXACT" };

	return rc >= MONEY_EPRECISION && rc <= MONEY_INEXACT ?
	    name[rc - MONEY_EPRECISION] : "?";
}

/* Parse a string the test knows to be valid; a failure is reported. */
static money_t
P(const char *s)
{
	money_t m = 0;
	int rc;

	if ((rc = money_parse(s, strlen(s), &m)) != 0)
		ok(0, "fixture '%s' parses: %s", s, rcname(rc));
	return m;
}

static int
parse_rc(const char *s)
{
	money_t m = 12345;

	return money_parse(s, strlen(s), &m);
}

static void
t_roundtrip(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "0.00000008333333333333334", "0.00000008333333333333334" },
		{ "0.0000001300000002", "0.0000001300000002" },
		{ "0.000003", "0.000003" },
		{ "0.0000000375", "0.0000000375" },
		{ "0.01", "0.01" },
		{ "-1", "-1" },
		{ "0", "0" },
		{ "0.0", "0" },
		{ "-0", "0" },
		{ "-0.000", "0" },
		{ "1e-6", "0.000001" },
		{ "6e-07", "0.0000006" },
		{ "1.5E-5", "0.000015" },
		{ "1E+2", "100" },
		{ "0.5e1", "5" },
		{ "12.5e-1", "1.25" },
		{ "100", "100" },
		{ "0.10", "0.1" },
		{ "10.000", "10" },
		{ "-0.15", "-0.15" },
		{ "1.73", "1.73" },
		{ "0.000000000000000000000001", "0.000000000000000000000001" },
		{ "1e-24", "0.000000000000000000000001" },
		{ "-1e-24", "-0.000000000000000000000001" },
		/* zeros past the 24th place are harmless */
		{ "0.00000000000000000000000100000", "0.000000000000000000000001" },
		{ "2.50000000000000000000000000000e-23",
		    "0.000000000000000000000025" },
		/* digits written above 10^38 units, brought down by e- */
		{ "1000000000000000000000000000e-24", "1000" },
		{ "10000000000000000000000000000000000000000000000e-40",
		    "1000000" },
		{ "0e999999999999999999999999", "0" },
		{ "0.0e-999999999999999999999999", "0" },
		{ "1e-0", "1" },
		{ "123456789.123456789123456789123456",
		    "123456789.123456789123456789123456" },
		{ "100000000000000", "100000000000000" },
		{ "1e14", "100000000000000" },
		{ "170141183460469.231731687303715884105727",
		    "170141183460469.231731687303715884105727" },
		{ "-170141183460469.231731687303715884105727",
		    "-170141183460469.231731687303715884105727" },
		{ "170141183460469231731687303715884105727e-24",
		    "170141183460469.231731687303715884105727" },
	};
	size_t i;
	money_t m;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		m = 0;
		rc = money_parse(t[i].in, strlen(t[i].in), &m);
		if (rc != 0)
			is_int(rc, 0, "parse '%s'", t[i].in);
		else
			is_str(F(m), t[i].out, "round trip '%s'", t[i].in);
	}
	ok(P("170141183460469.231731687303715884105727") == MONEY_MAX &&
	    P("-170141183460469.231731687303715884105727") == MONEY_MIN,
	    "largest literals are MONEY_MAX and MONEY_MIN");
	ok(P("1") == MONEY_ONE && P("1e-24") == 1, "scale is 10^-24");

	/* len, not NUL, ends the number */
	m = 0;
	rc = money_parse("0.0000035xyz", 8, &m);
	ok(rc == 0 && m == P("0.000003"), "parse honours len");
	rc = money_parse(NULL, 0, &m);
	is_int(rc, MONEY_ESYNTAX, "NULL with len 0 is empty");
}

static void
t_errors(void)
{
	/* Strict JSON: no "1.", ".5", "+1", leading zeros, etc. */
	static const char *syntax[] = {
		"", "-", ".", "1.", ".5", "-.5", "+1", " 1", "1 ", "00.10",
		"01", "-01", "00", "0x10", "inf", "-inf", "nan", "NaN",
		"Infinity", "1e", "1e+", "1e-", "e5", "1.e5", "--1", "1..2",
		"1.2.3", "1,5", "1e5.5", "1e+-5", "1ee5", "\"1\"", "1_000",
		"0.0.", "-e1", "5%",
	};
	static const char *precision[] = {
		"0.0000000000000000000000001", "1e-25", "-1e-25",
		"0.1234567890123456789012345", "1.0000000000000000000000001",
		"0.00000008333333333333333333", "123e-27", "1e-999999999999",
		"0.0000000000000000000000015e0",
	};
	static const char *range[] = {
		"170141183460469.231731687303715884105728",
		"-170141183460469.231731687303715884105728",
		"170141183460470", "200000000000000", "1e15", "-1e15",
		"99999999999999999999999999999999999999999", "1e39",
		"1e999999999999999999999999", "2e14",
	};
	size_t i;
	money_t m;
	int rc;

	for (i = 0; i < sizeof syntax / sizeof syntax[0]; i++)
		is_int(parse_rc(syntax[i]), MONEY_ESYNTAX, "syntax: '%s'",
		    syntax[i]);
	rc = money_parse("1\0", 2, &m);
	is_int(rc, MONEY_ESYNTAX, "syntax: embedded NUL");
	for (i = 0; i < sizeof precision / sizeof precision[0]; i++)
		is_int(parse_rc(precision[i]), MONEY_EPRECISION,
		    "precision: '%s'", precision[i]);
	for (i = 0; i < sizeof range / sizeof range[0]; i++)
		is_int(parse_rc(range[i]), MONEY_ERANGE, "range: '%s'",
		    range[i]);

	m = 42;
	rc = money_parse("1e-25", 5, &m);
	ok(rc < 0 && m == 42, "*out untouched on error");
}

static void
t_arith(void)
{
	money_t m, unit = 1;
	int rc;

	/* mul_int */
	rc = money_mul_int(P("0.000003"), 1000000, &m);
	ok(rc == 0 && m == P("3"), "3e-6 x 1e6 = 3");
	rc = money_mul_int(P("-1"), 5, &m);
	ok(rc == 0 && m == P("-5"), "-1 x 5 = -5");
	rc = money_mul_int(P("0.0000025"), -4, &m);
	ok(rc == 0 && m == P("-0.00001"), "negative count");
	rc = money_mul_int(0, LLONG_MAX, &m);
	ok(rc == 0 && m == 0, "0 x LLONG_MAX = 0");
	rc = money_mul_int(unit, LLONG_MIN, &m);
	ok(rc == 0 && m == (money_t)LLONG_MIN, "1 unit x LLONG_MIN");
	rc = money_mul_int(MONEY_MAX, -1, &m);
	ok(rc == 0 && m == MONEY_MIN, "MAX x -1 = MIN");
	rc = money_mul_int(MONEY_MIN, -1, &m);
	ok(rc == 0 && m == MONEY_MAX, "MIN x -1 = MAX");
	is_int(money_mul_int(MONEY_MAX, 2, &m), MONEY_ERANGE,
	    "mul_int overflow: MAX x 2");
	is_int(money_mul_int(P("100000000000000"), 2, &m), MONEY_ERANGE,
	    "mul_int overflow: 1e14 x 2");
	is_int(money_mul_int(MONEY_ONE, LLONG_MIN, &m), MONEY_ERANGE,
	    "mul_int overflow: 1 x LLONG_MIN");
	is_int(money_mul_int(P("0.01"), LLONG_MAX, &m), MONEY_ERANGE,
	    "mul_int overflow: 0.01 x LLONG_MAX");
	rc = money_mul_int(P("0.00000008333333333333334"), 1000000000, &m);
	ok(rc == 0 && strcmp(F(m), "83.33333333333334") == 0,
	    "1/12-ish price x 1e9 tokens");

	/* add, sub */
	rc = money_add(P("0.1"), P("0.2"), &m);
	ok(rc == 0 && m == P("0.3"), "0.1 + 0.2 = 0.3, exactly");
	rc = money_sub(P("0.1"), P("0.3"), &m);
	ok(rc == 0 && m == P("-0.2"), "0.1 - 0.3 = -0.2");
	rc = money_add(MONEY_MAX, MONEY_MIN, &m);
	ok(rc == 0 && m == 0, "MAX + MIN = 0");
	is_int(money_add(MONEY_MAX, unit, &m), MONEY_ERANGE,
	    "add overflow: MAX + 1 unit");
	is_int(money_add(MONEY_MIN, -unit, &m), MONEY_ERANGE,
	    "add overflow: MIN - 1 unit (the excluded __int128)");
	is_int(money_add(MONEY_MIN, MONEY_MIN, &m), MONEY_ERANGE,
	    "add overflow: MIN + MIN");
	is_int(money_sub(MONEY_MIN, unit, &m), MONEY_ERANGE,
	    "sub overflow: MIN - 1 unit");
	is_int(money_sub(unit, MONEY_MIN, &m), MONEY_ERANGE,
	    "sub overflow: 1 unit - MIN");
	rc = money_sub(0, MONEY_MAX, &m);
	ok(rc == 0 && m == MONEY_MIN, "0 - MAX = MIN");
	m = 7;
	rc = money_add(MONEY_MAX, MONEY_MAX, &m);
	ok(rc == MONEY_ERANGE && m == 7, "*out untouched on overflow");

	/* whole dollars: MONEY_ONE times a count */
	rc = money_mul_int(MONEY_ONE, -1, &m);
	ok(rc == 0 && m == P("-1"), "from_int -1");
	rc = money_mul_int(MONEY_ONE, 170141183460469LL, &m);
	ok(rc == 0 && m == P("170141183460469"), "from_int largest whole");
	is_int(money_mul_int(MONEY_ONE, 170141183460470LL, &m), MONEY_ERANGE,
	    "from_int too large");
	is_int(money_mul_int(MONEY_ONE, LLONG_MIN, &m), MONEY_ERANGE,
	    "from_int LLONG_MIN");

	/* cmp */
	is_int(money_cmp(P("0.000003"), P("0.0000025")), 1, "cmp >");
	is_int(money_cmp(P("-1"), 0), -1, "cmp <");
	is_int(money_cmp(P("0.10"), P("1e-1")), 0, "cmp ==");
	is_int(money_cmp(MONEY_MIN, MONEY_MAX), -1, "cmp MIN < MAX");
}

static void
t_mul(void)
{
	static const struct {
		const char *a, *b, *want;
		int rc;
	} t[] = {
		{ "123456789.5", "0.25", "30864197.375", 0 },
		{ "0.9", "0.000003", "0.0000027", 0 },
		{ "0.00000008333333333333334", "0.5",
		    "0.00000004166666666666667", 0 },
		{ "0.000000000001", "0.000000000001",
		    "0.000000000000000000000001", 0 },
		{ "0.333333333333333333333333", "3",
		    "0.999999999999999999999999", 0 },
		{ "12345678.9", "12345678.9", "152415787501905.21", 0 },
		{ "100000000000000", "1.5", "150000000000000", 0 },
		{ "-2", "-0.5", "1", 0 },
		{ "-2", "0.5", "-1", 0 },
		{ "0", "170141183460469.231731687303715884105727", "0", 0 },
		{ "170141183460469.231731687303715884105727", "1",
		    "170141183460469.231731687303715884105727", 0 },
		{ "170141183460469.231731687303715884105727", "-1",
		    "-170141183460469.231731687303715884105727", 0 },
		{ "-170141183460469.231731687303715884105727", "-1",
		    "170141183460469.231731687303715884105727", 0 },
		/* exact halves go to the even neighbour, either way */
		{ "1e-24", "0.5", "0", MONEY_INEXACT },
		{ "3e-24", "0.5", "0.000000000000000000000002", MONEY_INEXACT },
		{ "5e-24", "0.5", "0.000000000000000000000002", MONEY_INEXACT },
		{ "7e-24", "0.5", "0.000000000000000000000004", MONEY_INEXACT },
		{ "-3e-24", "0.5", "-0.000000000000000000000002",
		    MONEY_INEXACT },
		{ "-5e-24", "0.5", "-0.000000000000000000000002",
		    MONEY_INEXACT },
		{ "5e-24", "-0.5", "-0.000000000000000000000002",
		    MONEY_INEXACT },
		{ "0.000000000003", "0.0000000000005",
		    "0.000000000000000000000002", MONEY_INEXACT },
		{ "0.000000000005", "0.0000000000005",
		    "0.000000000000000000000002", MONEY_INEXACT },
		/* not halves: nearest */
		{ "1e-24", "0.6", "0.000000000000000000000001", MONEY_INEXACT },
		{ "1e-24", "0.4", "0", MONEY_INEXACT },
		{ "-1e-24", "0.500000000000000000000001",
		    "-0.000000000000000000000001", MONEY_INEXACT },
		{ "0.333333333333333333333333", "0.333333333333333333333333",
		    "0.111111111111111111111111", MONEY_INEXACT },
		{ "0.666666666666666666666667", "0.000001",
		    "0.000000666666666666666667", MONEY_INEXACT },
		/* overflow, including after rounding */
		{ "100000000000000", "2", NULL, MONEY_ERANGE },
		{ "13043817825.332782212349571806", "13043817825.4", NULL,
		    MONEY_ERANGE },
		{ "170141183460469.231731687303715884105727",
		    "1.000000000000000000000001", NULL, MONEY_ERANGE },
		{ "170141183460469.231731687303715884105727",
		    "170141183460469.231731687303715884105727", NULL,
		    MONEY_ERANGE },
		{ "-170141183460469.231731687303715884105727", "1.5", NULL,
		    MONEY_ERANGE },
		/* (2^128 - 1) / 2 units: MAX + 1/2 rounds up, past MAX */
		{ "32767.5", "5192376087.906286159508272029171713", NULL,
		    MONEY_ERANGE },
		{ "-32767.5", "5192376087.906286159508272029171713", NULL,
		    MONEY_ERANGE },
		{ "32767.5", "5192376087.906286159508272029171711",
		    "170141183460469.231731687303715884040192", MONEY_INEXACT },
	};
	size_t i;
	money_t m;
	int rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		m = 99;
		rc = money_mul(P(t[i].a), P(t[i].b), &m);
		if (t[i].want == NULL)
			ok(rc == t[i].rc && m == 99, "mul %s x %s: %s",
			    t[i].a, t[i].b, rcname(t[i].rc));
		else if (rc != t[i].rc)
			is_int(rc, t[i].rc, "mul %s x %s rc", t[i].a, t[i].b);
		else
			is_str(F(m), t[i].want, "mul %s x %s%s", t[i].a, t[i].b,
			    rc == MONEY_INEXACT ? " (rounded)" : "");
	}

	/* the (1 - discount) pattern */
	rc = money_sub(MONEY_ONE, P("0.2"), &m);
	if (rc == 0)
		rc = money_mul(P("0.000015"), m, &m);
	ok(rc == 0 && strcmp(F(m), "0.000012") == 0,
	    "0.000015 x (1 - 0.2) = 0.000012");
}

static void
t_fmt(void)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "0.000003", "3" },
		{ "0.0000025", "2.5" },
		{ "0.000015", "15" },
		{ "0.0000000375", "0.0375" },
		{ "0.00000008333333333333334", "0.08333333333333334" },
		{ "0.0000001300000002", "0.1300000002" },
		{ "0.01", "10000" },
		{ "0", "0" },
		{ "-1", "-1000000" },
		{ "1e-24", "0.000000000000000001" },
		{ "170141183460469.231731687303715884105727",
		    "170141183460469231731.687303715884105727" },
		{ "-170141183460469.231731687303715884105727",
		    "-170141183460469231731.687303715884105727" },
	};
	char buf[MONEY_FMTSIZE];
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		is_str(FM(P(t[i].in)), t[i].out, "per million '%s'", t[i].in);

	/* size handling: exact fit works, one short fails */
	ok(money_fmt(P("-0.15"), buf, 6) == buf && strcmp(buf, "-0.15") == 0,
	    "fmt into exact-size buffer");
	ok(money_fmt(P("-0.15"), buf, 5) == NULL, "fmt: too small is NULL");
	ok(money_fmt(0, buf, 0) == NULL, "fmt: size 0 is NULL");
	ok(money_fmt(0, buf, 2) == buf && strcmp(buf, "0") == 0, "fmt: 0");
	/* the excluded raw minimum must still format without UB */
	is_str(F(MONEY_MIN - 1), "-170141183460469.231731687303715884105728",
	    "fmt of raw __int128 minimum");
	ok(strlen(F(MONEY_MIN)) < MONEY_FMTSIZE &&
	    strlen(FM(MONEY_MIN)) < MONEY_FMTSIZE, "MONEY_FMTSIZE suffices");
}

/* Worked examples from real generations: cost = sum of count x price. */
static void
t_costs(void)
{
	struct item {
		long long n;
		const char *price;
	};
	static const struct {
		struct item it[4];
		int nit, nprompt;
		const char *total, *prompt;
	} t[] = {
		{ { { 3, "0.000003" }, { 3211, "0.00000375" },
		    { 100, "0.000015" } }, 3, 2, "0.01355025", "0.01205025" },
		{ { { 3, "0.000003" }, { 3211, "0.0000003" },
		    { 115, "0.00000375" }, { 53, "0.000015" } }, 4, 3,
		    "0.00219855", "0.00140355" },
		{ { { 43, "0.000003" }, { 53, "0.000015" } }, 2, 1, "0.000924",
		    "0.000129" },
		{ { { 2, "0.0000003" }, { 362, "0.0000025" } }, 2, 1,
		    "0.0009056", "0.0000006" },
		{ { { 8, "0.000003" }, { 679, "0.00000075" },
		    { 187, "0.000015" } }, 3, 2, "0.00333825", "0.00053325" },
		{ { { 8174, "0.0000004" }, { 30, "0.0000016" },
		    { 1, "0.01" } }, 3, 1, "0.0133176", "0.0032696" },
	};
	size_t i;
	money_t sum, prompt, part;
	int j, rc;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		sum = prompt = 0;
		rc = 0;
		for (j = 0; j < t[i].nit && rc == 0; j++) {
			rc = money_mul_int(P(t[i].it[j].price), t[i].it[j].n,
			    &part);
			if (rc == 0)
				rc = money_add(sum, part, &sum);
			if (j + 1 == t[i].nprompt)
				prompt = sum;
		}
		is_int(rc, 0, "example %zu: no error", i + 1);
		is_str(F(sum), t[i].total, "example %zu: total", i + 1);
		is_str(F(prompt), t[i].prompt, "example %zu: prompt part",
		    i + 1);
	}
}

/*
 * The oracle: decimal strings multiplied digit by digit, as on paper,
 * then printed with the point placed by counting digits.
 */
static void
dec_mul(const char *x, const char *y, char *out)
{
	int acc[128] = { 0 };
	int nx = (int)strlen(x), ny = (int)strlen(y), i, j, n, k;

	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			acc[(nx - 1 - i) + (ny - 1 - j)] +=
			    (x[i] - '0') * (y[j] - '0');
	n = nx + ny;
	for (k = 0; k < n; k++) {
		acc[k + 1] += acc[k] / 10;
		acc[k] %= 10;
	}
	while (n > 1 && acc[n - 1] == 0)
		n--;
	for (k = 0; k < n; k++)
		out[k] = (char)('0' + acc[n - 1 - k]);
	out[n] = '\0';
}

static void
dec_fmt(const char *digits, int frac, int neg, char *out)
{
	char pad[160];
	int n = (int)strlen(digits), lead, ip, end, i;

	/* left-pad with zeros so there is at least one integer digit */
	lead = n <= frac ? frac + 1 - n : 0;
	memset(pad, '0', (size_t)lead);
	strcpy(pad + lead, digits);
	n += lead;
	ip = n - frac;
	for (i = 0; i < ip - 1 && pad[i] == '0'; i++)
		;
	for (end = n; end > ip && pad[end - 1] == '0'; end--)
		;
	if (neg && strspn(pad, "0") != (size_t)n)
		*out++ = '-';
	memcpy(out, pad + i, (size_t)(ip - i));
	out += ip - i;
	if (end > ip) {
		*out++ = '.';
		memcpy(out, pad + ip, (size_t)(end - ip));
		out += end - ip;
	}
	*out = '\0';
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(uint64_t bound)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % bound;
}

/*
 * A random price: up to 3 integer and 12 fractional digits, sometimes
 * negative, written plainly or as an integer mantissa with an exponent.
 * mant gets its digits (leading zeros dropped), *frac its scale.
 */
static void
rand_price(char *s, char *mant, int *frac, int *neg)
{
	char ip[8], fp[16];
	int ni = (int)rnd(4), nf = (int)rnd(13), i;
	char *m = mant;

	*neg = rnd(10) == 0;
	ip[0] = '0';
	for (i = 0; i < ni; i++)
		ip[i] = (char)('0' + (i == 0 ? 1 + rnd(9) : rnd(10)));
	ip[ni ? ni : 1] = '\0';
	for (i = 0; i < nf; i++)
		fp[i] = (char)('0' + rnd(10));
	fp[nf] = '\0';

	strcpy(m, ip);
	strcat(m, fp);
	while (m[0] == '0' && m[1] != '\0')
		memmove(m, m + 1, strlen(m));
	*frac = nf;
	if (rnd(4) == 0)
		sprintf(s, "%s%se-%d", *neg ? "-" : "", mant, nf);
	else
		sprintf(s, "%s%s%s%s", *neg ? "-" : "", ip, nf ? "." : "", fp);
}

static void
t_random(void)
{
	char s[64], t[64], ma[64], mb[64], prod[128], want[160], nd[32];
	int fa, fb, nega, negb, i, bad = 0, badmul = 0, rc;
	long long n;
	money_t a, b, m;

	for (i = 0; i < NRAND; i++) {
		rand_price(s, ma, &fa, &nega);
		n = (long long)rnd(1000000001ULL);
		sprintf(nd, "%lld", n);
		dec_mul(ma, nd, prod);
		dec_fmt(prod, fa, nega, want);
		rc = money_parse(s, strlen(s), &a);
		if (rc == 0)
			rc = money_mul_int(a, n, &m);
		if (rc != 0 || strcmp(F(m), want) != 0) {
			if (bad++ < 5)
				printf("# %s x %lld: got %s, want %s\n", s, n,
				    rc ? rcname(rc) : F(m), want);
		}

		/* price x price stays within 24 places: exact */
		rand_price(t, mb, &fb, &negb);
		dec_mul(ma, mb, prod);
		dec_fmt(prod, fa + fb, nega != negb, want);
		rc = money_parse(t, strlen(t), &b);
		if (rc == 0)
			rc = money_mul(P(s), b, &m);
		if (rc != 0 || strcmp(F(m), want) != 0) {
			if (badmul++ < 5)
				printf("# %s x %s: got %s, want %s\n", s, t,
				    rc ? rcname(rc) : F(m), want);
		}
	}
	ok(bad == 0, "%d random price x count products match the oracle",
	    NRAND);
	ok(badmul == 0, "%d random price x price products match the oracle",
	    NRAND);
}

int
main(void)
{
	t_roundtrip();
	t_errors();
	t_arith();
	t_mul();
	t_fmt();
	t_costs();
	t_random();
	return tap_done();
}
