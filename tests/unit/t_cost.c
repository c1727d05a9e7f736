/*
 * t_cost.c: unit tests for lib/cost.c and lib/costrec.c.  Run from the
 * repository root.
 *
 * The cost rule on hand-made prices (fallbacks, variable prices, the
 * discount, counts that do not add up, overflow); every record format and
 * where each value is taken from; line numbers and the going on after a
 * bad record; a record cut by the end of a read at every byte; and the
 * scanner's judgement of JSON against jscan_validate, on JSONTestSuite and
 * on 20,000 mutated records.  Inputs live in buffers of exactly their
 * size, so a sanitizer build catches any over-read.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "cost.h"
#include "costrec.h"
#include "jscan.h"
#include "mfilter.h"
#include "money.h"
#include "opts.h"
#include "tap.h"
#include "tutil.h"
#include "util.h"

#define CONFDIR	"tests/conformance/json"

static money_t
usd(const char *s)
{
	money_t m = 0;

	if (money_parse(s, strlen(s), &m) != MONEY_OK) {
		fprintf(stderr, "bad amount %s\n", s);
		exit(2);
	}
	return m;
}

static const char *
fmt(money_t m)
{
	static char buf[2][MONEY_FMTSIZE];
	static int which;

	return money_fmt(m, buf[which ^= 1], sizeof buf[0]);
}

static void
setp(struct cat_price *p, int field, const char *v)
{
	if (strcmp(v, "-1") == 0) {
		p->variable |= 1u << field;
		p->v[field] = 0;
	} else
		p->v[field] = usd(v);
	p->have |= 1u << field;
}

static void
test_rule(void)
{
	struct cat_price p;
	struct cost_usage u;
	struct cost_parts parts;
	const char *why;
	money_t t;
	int rc;

	/* §12's cache-read example: 3 uncached, 3211 read, 115 written. */
	memset(&p, 0, sizeof p);
	setp(&p, CP_PROMPT, "0.000003");
	setp(&p, CP_COMPLETION, "0.000015");
	setp(&p, CP_CACHE_READ, "0.0000003");
	setp(&p, CP_CACHE_WRITE, "0.00000375");
	setp(&p, CP_CACHE_WRITE_1H, "0.000006");
	memset(&u, 0, sizeof u);
	u.prompt = 3329;
	u.cached = 3211;
	u.cache_write = 115;
	u.completion = 53;
	u.requests = 1;
	rc = cost_compute(&p, &u, &t, &parts, &why);
	is_int(rc, COST_OK, "cache read and write: computed");
	is_str(fmt(t), "0.00219855", "cache read and write: exact");
	is_str(fmt(parts.cache_read), "0.0009633", "the read part");
	is_str(fmt(parts.completion), "0.000795", "the completion part");

	/* The 1-hour writes at their own price, then their fallbacks. */
	u.cache_write = 0;
	u.cache_write_1h = 115;
	cost_compute(&p, &u, &t, NULL, &why);
	is_str(fmt(t), "0.0024573", "1-hour writes at input_cache_write_1h");
	p.have &= ~(1u << CP_CACHE_WRITE_1H);
	cost_compute(&p, &u, &t, NULL, &why);
	is_str(fmt(t), "0.00219855", "...else at input_cache_write");
	p.have &= ~(1u << CP_CACHE_WRITE);
	p.have &= ~(1u << CP_CACHE_READ);
	cost_compute(&p, &u, &t, NULL, &why);
	is_str(fmt(t), "0.010782", "...else, and reads, at the prompt price");

	/* Fees: per request, image and search. */
	memset(&p, 0, sizeof p);
	setp(&p, CP_PROMPT, "0.0000004");
	setp(&p, CP_COMPLETION, "0.0000016");
	setp(&p, CP_WEB_SEARCH, "0.01");
	setp(&p, CP_REQUEST, "0.005");
	setp(&p, CP_IMAGE, "0.001");
	memset(&u, 0, sizeof u);
	u.prompt = 8174;
	u.completion = 30;
	u.searches = 1;
	cost_compute(&p, &u, &t, NULL, &why);
	is_str(fmt(t), "0.0133176", "a web search's fee (no request)");
	u.requests = 2;
	u.images = 3;
	cost_compute(&p, &u, &t, &parts, &why);
	is_str(fmt(t), "0.0263176", "two requests and three images");
	is_str(fmt(parts.image), "0.003", "the image part");

	/* A discount multiplies the whole. */
	setp(&p, CP_DISCOUNT, "0.25");
	cost_compute(&p, &u, &t, NULL, &why);
	is_str(fmt(t), "0.0197382", "a 25% discount");

	/* Variable prices: used ones stop the sum, unused ones do not. */
	memset(&p, 0, sizeof p);
	setp(&p, CP_PROMPT, "-1");
	setp(&p, CP_COMPLETION, "-1");
	memset(&u, 0, sizeof u);
	t = 42;
	rc = cost_compute(&p, &u, &t, NULL, &why);
	is_int(rc, COST_VARIABLE, "a router's prices: variable, even for 0 "
	    "tokens");
	ok(t == 42, "and nothing is written to the total");
	memset(&p, 0, sizeof p);
	setp(&p, CP_PROMPT, "0.000001");
	setp(&p, CP_COMPLETION, "0.000002");
	setp(&p, CP_IMAGE, "-1");
	u.prompt = 10;
	u.requests = 1;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_OK,
	    "a variable image price with no images: computed");
	is_str(fmt(t), "0.00001", "...to the tokens' cost");
	u.images = 1;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_VARIABLE,
	    "with an image: variable");

	/* Counts that cannot be. */
	memset(&u, 0, sizeof u);
	u.prompt = 10;
	u.cached = 8;
	u.cache_write = 3;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_ECOUNTS,
	    "cached + written > prompt");
	u.cache_write = 0;
	u.completion = -1;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_ECOUNTS,
	    "a negative count");

	/* Overflow is reported, never wrapped. */
	memset(&p, 0, sizeof p);
	setp(&p, CP_PROMPT, "1000000");
	setp(&p, CP_COMPLETION, "0");
	memset(&u, 0, sizeof u);
	u.prompt = 4000000000000000000LL;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_ERANGE,
	    "4e18 tokens at $1M: out of range");
	setp(&p, CP_PROMPT, "0.000001");
	u.prompt = 1LL << 41;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_OK,
	    "2^41 tokens at $1 per million: in range (the slow path)");
	is_str(fmt(t), "2199023.255552", "...and exact");
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/*
 * Prompt and completion alone take a short way; a request price of 0
 * sends the same call the long way.  Both must agree, to the last unit.
 */
static void
test_short_way(void)
{
	struct cat_price a, b;
	struct cost_usage u;
	const char *why;
	money_t x, y;
	int i, same = 0;

	for (i = 0; i < 2000; i++) {
		memset(&a, 0, sizeof a);
		a.v[CP_PROMPT] = (money_t)rnd(1000000) * rnd(1000000) *
		    (rnd(2) ? 1 : 1000000);
		a.v[CP_COMPLETION] = (money_t)rnd(1000000) * rnd(1000000);
		a.have = 1u << CP_PROMPT | (rnd(4) ? 1u << CP_COMPLETION : 0);
		b = a;
		setp(&b, CP_REQUEST, "0");
		memset(&u, 0, sizeof u);
		u.prompt = rnd(2000000000u);
		u.completion = (long long)rnd(1000) * rnd(1000000);
		u.requests = 1;
		if (cost_compute(&a, &u, &x, NULL, &why) == COST_OK &&
		    cost_compute(&b, &u, &y, NULL, &why) == COST_OK && x == y)
			same++;
	}
	is_int(same, 2000, "2000 random calls: the short way and the long way "
	    "agree");
}

/* ---- records ------------------------------------------------------------ */

/*
 * Every result of reading text, one line each, read through a buffer
 * that is fed chunk bytes at a time (0: all at once), as orcost reads.
 */
static char *
transcript(const char *text, size_t len, size_t chunk)
{
	struct cost_rec r;
	struct buf out;
	char why[256], line[1024], *buf = malloc(len + 1);
	size_t have = 0, pos = 0;
	long long ln = 1;
	int rc, eof;

	buf_init(&out, 0);
	if (chunk == 0)
		chunk = len;
	have = chunk < len ? chunk : len;
	memcpy(buf, text, have);
	eof = have == len;
	for (;;) {
		rc = costrec_next(buf, have, &pos, eof, &ln, &r, why,
		    sizeof why);
		if (rc == CR_RECORD) {
			snprintf(line, sizeof line, "%lld %s p=%lld c=%lld "
			    "cached=%lld cw=%lld cw1h=%lld s=%lld billed=%s "
			    "prov=%s day=%s\n", r.line, r.model, r.u.prompt,
			    r.u.completion, r.u.cached, r.u.cache_write,
			    r.u.cache_write_1h, r.u.searches,
			    r.have_billed ? fmt(r.billed) : "-", r.provider,
			    r.day);
			buf_adds(&out, line);
		} else if (rc == CR_ERROR) {
			snprintf(line, sizeof line, "%lld error: %s\n", r.line,
			    why);
			buf_adds(&out, line);
		} else if (rc == CR_SKIP) {
			continue;
		} else if (eof)
			break;
		else {
			/* CR_MORE or CR_END before eof: feed more. */
			size_t n = len - have < chunk ? len - have : chunk;

			/* Keep the buffer exact: a fresh copy each time. */
			char *nb = malloc(have + n + 1);

			memcpy(nb, buf, have);
			memcpy(nb + have, text + have, n);
			free(buf);
			buf = nb;
			have += n;
			eof = have == len;
		}
	}
	free(buf);
	if (out.p == NULL)
		buf_adds(&out, "");
	return buf_take(&out);
}

static void
check(const char *text, const char *want, const char *name)
{
	char *got = transcript(text, strlen(text), 0);

	is_str(got, want, "%s", name);
	free(got);
}

static void
test_formats(void)
{
	check("{\"id\":\"gen-1\",\"model\":\"anthropic/claude-4.6-sonnet-"
	    "20260217\",\"provider\":\"Anthropic\",\"created\":1773011158,"
	    "\"choices\":[{\"message\":{\"content\":\"hi\"}}],\"usage\":"
	    "{\"completion_tokens\":53,\"cost\":0.00219855,"
	    "\"prompt_tokens\":3329,\"prompt_tokens_details\":"
	    "{\"cache_write_tokens\":115,\"cached_tokens\":3211},"
	    "\"server_tool_use_details\":{\"web_search_requests\":2}}}\n",
	    "1 anthropic/claude-4.6-sonnet-20260217 p=3329 c=53 cached=3211 "
	    "cw=115 cw1h=0 s=2 billed=0.00219855 prov=Anthropic "
	    "day=2026-03-08\n", "a reply: usage and its details, day from "
	    "created");
	check("{\"time\":\"2026-11-25T08:00:00Z\",\"id\":\"gen-2\","
	    "\"requested\":\"openrouter/auto\",\"model\":\"openai/gpt-4o\","
	    "\"provider\":\"OpenAI\",\"usage\":{\"prompt_tokens\":10,"
	    "\"completion_tokens\":2,\"cost\":1},\"cost\":6e-07}\n",
	    "1 openai/gpt-4o p=10 c=2 cached=0 cw=0 cw1h=0 s=0 "
	    "billed=0.0000006 prov=OpenAI day=2026-11-25\n",
	    "a ledger line: its own cost wins, exactly");
	check("{\"model\":\"a/b\",\"prompt_tokens\":7,\"completion_tokens\":0,"
	    "\"cached_tokens\":2,\"cache_write_tokens\":1,"
	    "\"cache_write_1h_tokens\":3,\"web_search_requests\":4,"
	    "\"cost\":0.5,\"provider\":\"P\",\"time\":\"2025-01-02\"}",
	    "1 a/b p=7 c=0 cached=2 cw=1 cw1h=3 s=4 billed=0.5 prov=P "
	    "day=2025-01-02\n", "a usage record, every field");
	check("{\"data\":{\"model\":\"google/gemini-2.5-flash-lite\","
	    "\"native_tokens_prompt\":2,\"native_tokens_completion\":362,"
	    "\"native_tokens_cached\":0,\"total_cost\":0.0001402,\"usage\":"
	    "0.0001402,\"provider_name\":\"Google AI Studio\",\"created_at\":"
	    "\"2026-02-25T14:35:07.433273+00:00\"}}",
	    "1 google/gemini-2.5-flash-lite p=2 c=362 cached=0 cw=0 cw1h=0 "
	    "s=0 billed=0.0001402 prov=Google AI Studio day=2026-02-25\n",
	    "a /generation answer");
	check("openai/gpt-4o 10k 1.5M\n  a/b\t7 8  \r\n# note\n\n",
	    "1 openai/gpt-4o p=10000 c=1500000 cached=0 cw=0 cw1h=0 s=0 "
	    "billed=- prov= day=\n2 a/b p=7 c=8 cached=0 cw=0 cw1h=0 s=0 "
	    "billed=- prov= day=\n", "text lines; comments and blanks "
	    "skipped");
	check("{\"object\":\"chat.completion.chunk\",\"model\":\"x/y\","
	    "\"choices\":[]}\n{\"object\":\"chat.completion.chunk\","
	    "\"model\":\"x/y\",\"usage\":{\"prompt_tokens\":1,"
	    "\"completion_tokens\":2}}\n{\"model\":\"x/y\",\"usage\":null,"
	    "\"cost\":null}\n",
	    "2 x/y p=1 c=2 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n",
	    "chunks without usage and unanswered ledger lines are skipped");
	check("{\"model\":\"a\\/b\\u0021\",\"prompt_tokens\":1,"
	    "\"model\":\"c/d\"}{\"prompt_tokens\":2,\"model\":\"a\\/b\"}",
	    "1 c/d p=1 c=0 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n"
	    "1 a/b p=2 c=0 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n",
	    "a repeated key counts once, the last; escapes decoded; "
	    "concatenated documents");
	check("{\n  \"model\": \"m/n\",\n  \"usage\": {\n    "
	    "\"prompt_tokens\": 3,\n    \"completion_tokens\": 4\n  }\n}\n"
	    "m/n 1 1\n",
	    "1 m/n p=3 c=4 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n"
	    "8 m/n p=1 c=1 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n",
	    "a pretty-printed reply over 7 lines, then line 8");
}

static void
test_errors(void)
{
	check("{\"model\":\"a/b\",\"prompt_tokens\":1}\n"
	    "{\"model\":\"a/b\",\"prompt_tokens\":tru}\n"
	    "{\"prompt_tokens\":1}\n"
	    "{\"model\":\"a/b\"}\n"
	    "{\"model\":\"a/b\",\"prompt_tokens\":-1}\n"
	    "{\"model\":\"a/b\",\"prompt_tokens\":1.5}\n"
	    "{\"model\":\"a/b\",\"prompt_tokens\":\"7\"}\n"
	    "{\"model\":7,\"prompt_tokens\":1}\n"
	    "{\"model\":\"a/b\",\"prompt_tokens\":1,\"cost\":\"x\"}\n"
	    "a/b 1\n"
	    "a/b 1 x\n"
	    "[1]\n"
	    "{\"model\":\"a/b\",\n\"prompt_tokens\":\"\x01\"}\n"
	    "{\"model\":\"a/b\",\"completion_tokens\":9}\n",
	    "1 a/b p=1 c=0 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n"
	    "2 error: not JSON: a bad literal (column 32)\n"
	    "3 error: no model\n"
	    "4 error: no token counts\n"
	    "5 error: a negative token count\n"
	    "6 error: a token count that is not a whole number\n"
	    "7 error: a token count that is not a number\n"
	    "8 error: a model that is not a short string\n"
	    "9 error: a cost that is not a number of USD\n"
	    "10 error: not a record (a JSON object, or MODEL PROMPT "
	    "COMPLETION)\n"
	    "11 error: a token count that is not a number (1234, 12k, "
	    "1.5M)\n"
	    "12 error: not a record (a JSON object, or MODEL PROMPT "
	    "COMPLETION)\n"
	    "14 error: not JSON: a control character in a string "
	    "(column 18)\n"
	    "15 a/b p=0 c=9 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n",
	    "each bad record named by its line; the rest still read");
	check("{\"model\":\"a/b\",\"prompt_tokens\":1",
	    "1 error: not JSON: unexpected end of input (column 33)\n",
	    "a record cut by the end of the input");
	check("{\"model\":\"\xc3\x28\",\"prompt_tokens\":1}\nx/y 1 2\n",
	    "1 error: not JSON: a string that is not UTF-8 (column 11)\n"
	    "2 x/y p=1 c=2 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n",
	    "bad UTF-8 is not JSON");
}

/* Cut at every byte, and fed a byte at a time: the same results. */
static void
test_splits(void)
{
	static const char text[] =
	    "{\"model\":\"a/b\",\"usage\":{\"prompt_tokens\":12345,"
	    "\"completion_tokens\":6,\"cost\":1.25e-3}}\n"
	    "a/b 1k 2\n"
	    "{\"model\":\"\xe2\x82\xac/x\",\"prompt_tokens\":1,\"y\":"
	    "[true,false,null,-0.5e+7,{\"k\":\"\\u00e9\"}]}"
	    "{\"model\":\"c/d\",\"prompt_tokens\":9,\"cost\":nul}\n"
	    "tail 1 2";
	char *whole = transcript(text, sizeof text - 1, 0), *part;
	size_t chunk, bad = 0;

	ok(strstr(whole, "billed=0.00125") != NULL &&
	    strstr(whole, "\xe2\x82\xac/x") != NULL &&
	    strstr(whole, "error: not JSON") != NULL &&
	    strstr(whole, "tail p=1 c=2") != NULL,
	    "the split text reads as it should whole");
	for (chunk = 1; chunk < sizeof text; chunk++) {
		part = transcript(text, sizeof text - 1, chunk);
		if (strcmp(part, whole) != 0) {
			if (bad++ == 0)
				printf("# chunk %zu:\n# %s\n# whole:\n# %s\n",
				    chunk, part, whole);
		}
		free(part);
	}
	is_int((int)bad, 0, "fed in chunks of 1 to %zu bytes: the same "
	    "results every time", sizeof text - 1);
	free(whole);
}

/* ---- the scanner against jscan ----------------------------------------- */

/* Does the cost scanner take text as exactly one JSON object? */
static int
one_object(const char *text, size_t len)
{
	struct cost_rec r;
	char why[256], *buf = malloc(len ? len : 1);
	size_t pos = 0;
	long long ln = 1;
	int rc;

	memcpy(buf, text, len);
	rc = costrec_next(buf, len, &pos, 1, &ln, &r, why, sizeof why);
	if (rc == CR_ERROR && strncmp(why, "not JSON", 8) == 0)
		rc = 0;
	else
		rc = costrec_next(buf, len, &pos, 1, &ln, &r, why,
		    sizeof why) == CR_END;
	free(buf);
	return rc;
}

static void
test_conformance(void)
{
	DIR *dir;
	struct dirent *de;
	char path[1024], *text, *wrapped;
	size_t len, n = 0, agree = 0;
	FILE *f;

	if ((dir = opendir(CONFDIR)) == NULL) {
		ok(0, "opendir %s (run from the repository root)", CONFDIR);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.' || strchr("yni", de->d_name[0]) ==
		    NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", CONFDIR, de->d_name);
		if ((f = fopen(path, "rb")) == NULL)
			continue;
		text = malloc(1 << 16);
		len = fread(text, 1, 1 << 16, f);
		fclose(f);
		/* Any JSON text, as the value of a member. */
		wrapped = malloc(len + 16);
		memcpy(wrapped, "{\"x\":", 5);
		memcpy(wrapped + 5, text, len);
		memcpy(wrapped + 5 + len, "}", 1);
		n++;
		if (one_object(wrapped, len + 6) ==
		    (jscan_validate(text, len, NULL) == 0))
			agree++;
		else
			printf("# disagrees with jscan: %s\n", de->d_name);
		free(text);
		free(wrapped);
	}
	closedir(dir);
	ok(n > 40 && agree == n, "JSONTestSuite: %zu of %zu judged as "
	    "jscan_validate judges them", agree, n);
}

static void
test_fuzz(void)
{
	static const char seed[] =
	    "{\"time\":\"2026-11-25T08:00:00Z\",\"model\":\"openai/gpt-4o\","
	    "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,"
	    "\"prompt_tokens_details\":{\"cached_tokens\":0},\"cost\":6e-07,"
	    "\"x\":[1,-2.5E+3,true,false,null,\"\\u00e9\\n\xc3\xa9\"]},"
	    "\"cost\":0.5}";
	static const char alphabet[] = "{}[]\",:\\ntfu0-1.eE+ \x80\xc3\xa9\x01";
	char doc[sizeof seed + 64];
	size_t len, i, k, agree = 0, total = 20000, same = 0, shown = 0;
	int a, b;

	for (i = 0; i < total; i++) {
		memcpy(doc, seed, sizeof seed - 1);
		len = sizeof seed - 1;
		for (k = 1 + rnd(3); k > 0; k--) {
			size_t at = rnd((unsigned)len);
			char c = alphabet[rnd(sizeof alphabet - 1)];

			switch (rnd(3)) {
			case 0:
				doc[at] = c;
				break;
			case 1:
				memmove(doc + at, doc + at + 1, len - at - 1);
				len--;
				break;
			default:
				if (len + 1 < sizeof doc) {
					memmove(doc + at + 1, doc + at,
					    len - at);
					doc[at] = c;
					len++;
				}
			}
		}
		if (doc[0] != '{') {
			agree++;
			same++;
			continue;
		}
		a = one_object(doc, len);
		b = jscan_validate(doc, len, NULL) == 0;
		if (a == b)
			agree++;
		else if (agree + 5 > i)
			printf("# disagrees (cost %d, jscan %d): %.*s\n", a, b,
			    (int)len, doc);
		if (i % 50 == 0) {
			char *w = transcript(doc, len, 0);
			char *c = transcript(doc, len, 1 + rnd(7));

			if (strcmp(w, c) == 0)
				same++;
			else if (shown++ < 3)
				printf("# pieces differ: %.*s\n# whole: %s# "
				    "pieces: %s", (int)len, doc, w, c);
			free(w);
			free(c);
		} else
			same++;
	}
	is_int((int)agree, (int)total, "20000 mutated records: accepted and "
	    "rejected as jscan_validate does");
	is_int((int)same, (int)total, "...and read alike whole and in "
	    "small pieces");
}

/*
 * Issue 11: counts whose sum wraps past 2^63 must not price an impossible
 * record (26); a model id with a control byte, NUL above all, is refused,
 * never cut short into another model's id (32).
 */
static void
test_trust(void)
{
	struct cat_price p;
	struct cost_usage u;
	const char *why;
	money_t t;

	memset(&p, 0, sizeof p);
	setp(&p, CP_PROMPT, "0.000001");
	setp(&p, CP_COMPLETION, "0.000002");
	memset(&u, 0, sizeof u);
	/* Each count at most the prompt, the sum past 2^63 + prompt. */
	u.prompt = 6917529027641081856LL;		/* 2^62 + 2^61 */
	u.cached = u.prompt;
	u.cache_write = u.prompt;
	u.cache_write_1h = u.prompt;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_ECOUNTS,
	    "cached + cache writes wrapping past 2^63: refused, not priced");
	u.prompt = LLONG_MAX;
	u.cached = LLONG_MAX;
	u.cache_write = 1;
	u.cache_write_1h = 0;
	is_int(cost_compute(&p, &u, &t, NULL, &why), COST_ECOUNTS,
	    "cached + cache writes one past LLONG_MAX: refused");
	check("{\"model\":\"openai/gpt-4o\\u0000x\",\"prompt_tokens\":1}\n"
	    "{\"model\":\"a/b\\u001b\",\"prompt_tokens\":1}\n"
	    "{\"model\":\"a/b\\u007f\",\"prompt_tokens\":1}\n"
	    "a/b\x01 1 2\n"
	    "{\"model\":\"a/\\u00e9\",\"prompt_tokens\":1}\n",
	    "1 error: a model id with a control character\n"
	    "2 error: a model id with a control character\n"
	    "3 error: a model id with a control character\n"
	    "4 error: a model id with a control character\n"
	    "5 a/\xc3\xa9 p=1 c=0 cached=0 cw=0 cw1h=0 s=0 billed=- prov= "
	    "day=\n",
	    "a model id with NUL or another control byte is refused");
	/* 33: a key given twice is its last member, an object whole. */
	check("{\"model\":\"a/b\",\"usage\":{\"prompt_tokens\":9,"
	    "\"prompt_tokens_details\":{\"cached_tokens\":5},"
	    "\"prompt_tokens_details\":{\"cache_write_tokens\":1}}}\n"
	    "{\"model\":\"a/b\",\"usage\":{\"prompt_tokens\":9,"
	    "\"completion_tokens\":4},\"usage\":{\"prompt_tokens\":3}}\n"
	    "{\"model\":\"a/b\",\"usage\":{\"prompt_tokens\":9,"
	    "\"prompt_tokens_details\":{\"cached_tokens\":5},"
	    "\"prompt_tokens_details\":null}}\n"
	    "{\"model\":\"a/b\",\"usage\":{\"prompt_tokens\":9},"
	    "\"\\u0075sage\":{\"prompt_tokens\":2}}\n",
	    "1 a/b p=9 c=0 cached=0 cw=1 cw1h=0 s=0 billed=- prov= day=\n"
	    "2 a/b p=3 c=0 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n"
	    "3 a/b p=9 c=0 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n"
	    "4 a/b p=2 c=0 cached=0 cw=0 cw1h=0 s=0 billed=- prov= day=\n",
	    "a repeated object replaces the first whole; an escaped key is "
	    "its text");
	/* A NUL in a text line's count would read as a shorter number. */
	{
		static const char nul[] = "a/b 3\0004 20\n";
		char *got = transcript(nul, sizeof nul - 1, 0);

		is_str(got, "1 error: a token count that is not a number "
		    "(1234, 12k, 1.5M)\n", "a NUL in a text line's count is "
		    "refused, not read as 3");
		free(got);
	}
}

/* A workload and the context; a descriptor's prompt; the cheapest. */
static void
test_workloads(void)
{
	struct cost_usage u;
	struct cat_model m;
	struct cost_pick *v, *all;
	struct mfilter f;
	struct catalog *c;
	struct opts o;
	const char *why;
	long long tok = -1;
	size_t n, nall, i, fit = 0;
	money_t cost;
	int fd[2], sorted = 1, err;

	memset(&m, 0, sizeof m);
	memset(&u, 0, sizeof u);
	m.context_length = 100;
	u.prompt = 60;
	u.completion = 40;
	ok(cost_fits(&m, &u), "a workload of just the context fits");
	u.completion = 41;
	ok(!cost_fits(&m, &u), "one token more does not");
	m.context_length = -1;
	ok(cost_fits(&m, &u), "an unknown context holds any workload");

	if (pipe(fd) == -1 || write(fd[1], "hello", 5) != 5)
		exit(2);
	close(fd[1]);
	err = cost_estimate(fd[0], &tok);
	ok(err == 0 && tok == 2, "5 bytes estimate 2 prompt tokens (%lld)",
	    tok);
	close(fd[0]);
	tok = 7;
	err = cost_estimate(-1, &tok) == -1 ? errno : 0;
	ok(err == EBADF && tok == 7, "a read error is -1 with errno, and "
	    "the count is left alone");

	opts_init(&o);
	if ((c = tutil_open_cat(&o, "tests/fixtures/models/"
	    "models_2026-08-08.json")) == NULL)
		return;
	memset(&u, 0, sizeof u);
	u.prompt = 1000;
	u.completion = 100;
	u.requests = 1;
	mfilter_init(&f);
	all = cost_cheapest(c, &f, &u, 0, &nall);
	for (i = 0; i < catalog_count(c); i++)
		fit += cost_fits(catalog_model(c, i), &u) &&
		    cost_model(catalog_model(c, i), &u, &cost, NULL, &why) ==
		    COST_OK;
	ok(nall == fit && nall > 3, "every model that fits and can be "
	    "priced (%zu of %zu)", nall, fit);
	for (i = 1; i < nall; i++)
		if (money_cmp(all[i - 1].cost, all[i].cost) > 0 ||
		    (all[i - 1].cost == all[i].cost &&
		    strcmp(all[i - 1].m->id, all[i].m->id) >= 0))
			sorted = 0;
	ok(sorted, "cheapest first, the same cost by id");
	v = cost_cheapest(c, &f, &u, 3, &n);
	ok(n == 3 && v[2].m == all[2].m && v[2].cost == all[2].cost,
	    "a limit keeps the cheapest");
	free(v);
	free(all);
	mfilter_free(&f);
	catalog_close(c);
}

int
main(void)
{
	test_rule();
	test_short_way();
	test_formats();
	test_errors();
	test_splits();
	test_conformance();
	test_fuzz();
	test_trust();
	test_workloads();
	return tap_done();
}
