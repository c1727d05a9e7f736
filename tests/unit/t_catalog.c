/*
 * t_catalog: every catalog shape in the fixtures through the index; look-up
 * by id, canonical slug and variant, and "did you mean"; exact prices and
 * conditional prices; a pricing object; the cache and its index;
 * fallbacks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "catindex.h"
#include "compat.h"
#include "error.h"
#include "jscan.h"
#include "money.h"
#include "opts.h"
#include "tap.h"
#include "tutil.h"
#include "util.h"

#define FX "tests/fixtures/models/"

static struct opts o;

static const char *
price(const struct cat_model *m, int f)
{
	static char b[MONEY_FMTSIZE];

	if (!(m->price.have & (1u << f)))
		return "absent";
	if (m->price.variable & (1u << f))
		return "variable";
	return money_fmt(m->price.v[f], b, sizeof b);
}

/* The id of model i of the catalog file, as the file has it. */
static void
file_id(const char *file, size_t i, char *out, size_t size)
{
	struct buf b;
	struct jscan_val v;
	char path[64];

	out[0] = '\0';
	buf_init(&b, 0);
	snprintf(path, sizeof path, "data.%zu.id", i);
	if (read_file(file, &b) == 0 && jscan_get(b.p, b.len, path, &v) == 1 &&
	    v.kind == JSCAN_STRING)
		jscan_unescape(v.p, v.len, out, size);
	buf_free(&b);
}

static void
test_shapes(void)
{
	static const struct { const char *file; size_t n; } t[] = {
		{ FX "models_2025-04-23.json", 302 },
		{ FX "models_2025-04-23_q-supported_parameters-structured_outputs.json", 81 },
		{ FX "models_2025-05-12.json", 320 },
		{ FX "models_2026-03-11.json", 340 },
		{ FX "models_2026-08-08.json", 345 },
	};
	const struct cat_model *m;
	struct catalog *c;
	char first[256], last[256];
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if ((c = tutil_open_cat(&o, t[i].file)) == NULL)
			continue;
		is_int(catalog_count(c), t[i].n, "%s: %zu models", t[i].file,
		    t[i].n);
		/* The models are the file's, in its order. */
		file_id(t[i].file, 0, first, sizeof first);
		file_id(t[i].file, t[i].n - 1, last, sizeof last);
		ok(strcmp(catalog_model(c, 0)->id, first) == 0 &&
		    strcmp(catalog_model(c, t[i].n - 1)->id, last) == 0,
		    "source is the file: %s ... %s", first, last);
		m = catalog_find(c, "openai/gpt-4o");
		ok(m && m->context_length == 128000, "gpt-4o has 128k context");
		ok(m && strcmp(price(m, CP_PROMPT), "0.0000025") == 0,
		    "gpt-4o prompt price 0.0000025 (%s)", m ? price(m,
		    CP_PROMPT) : "-");
		catalog_close(c);
	}
}

static void
test_lookup(void)
{
	struct catalog *c = tutil_open_cat(&o, FX "models_2026-03-11.json");
	const struct cat_model *m;

	if (c == NULL)
		return;
	m = catalog_find(c, "openai/gpt-4-1106-preview");
	ok(m != NULL, "seed model found");
	if (m) {
		is_str(m->name, "OpenAI: GPT-4 Turbo (older v1106)", "name");
		is_int(m->created, 1699228800, "created");
		is_int(m->max_output, 4096, "max output");
		is_str(m->modality, "text->text", "modality");
		is_str(m->tokenizer, "GPT", "tokenizer");
		is_int(m->moderated, 1, "moderated");
		is_str(price(m, CP_PROMPT), "0.00001", "prompt $10/M");
		is_str(price(m, CP_COMPLETION), "0.00003", "completion $30/M");
		ok(strncmp(m->json, "{", 1) == 0 &&
		    m->json[m->jsonlen - 1] == '}', "raw object kept");
	}
	catalog_close(c);

	c = tutil_open_cat(&o, FX "models_2026-08-08.json");
	if (c == NULL)
		return;
	m = catalog_find(c, "openai/gpt-5-2025-08-07");
	ok(m && strcmp(m->id, "openai/gpt-5") == 0, "found by canonical slug");
	m = catalog_find(c, "openai/gpt-4o:nitro");
	ok(m && strcmp(m->id, "openai/gpt-4o") == 0, ":nitro prices as its "
	    "base model");
	ok(catalog_find(c, "openai/gpt-4o:free") == NULL, ":free is never "
	    "its base model");
	ok(catalog_find(c, "no/such-model") == NULL, "unknown id");
	ok(catalog_find(c, "openai/gpt-4") == NULL ||
	    strcmp(catalog_find(c, "openai/gpt-4")->id, "openai/gpt-4") == 0,
	    "no prefix matching");
	m = catalog_find(c, "openrouter/auto");
	ok(m != NULL, "router model present");
	if (m) {
		is_str(price(m, CP_PROMPT), "variable", "\"-1\" is variable");
		is_int(m->max_output, -1, "null max output is unknown");
	}
	catalog_close(c);
}

static void
test_overrides(void)
{
	struct catalog *c = tutil_open_cat(&o, FX "models_2026-08-08.json");
	const struct cat_model *m;
	struct cat_price p;
	char b[MONEY_FMTSIZE];

	if (c == NULL)
		return;
	m = catalog_find(c, "google/gemini-2.5-pro");
	ok(m && m->has_overrides, "gemini-2.5-pro has conditional prices");
	if (m) {
		catalog_price_for(m, 200000, &p);
		is_str(money_fmt(p.v[CP_PROMPT], b, sizeof b), "0.00000125",
		    "at 200k prompt tokens: the base price");
		catalog_price_for(m, 200001, &p);
		is_str(money_fmt(p.v[CP_PROMPT], b, sizeof b), "0.0000025",
		    "above 200k: the override");
		is_str(money_fmt(p.v[CP_COMPLETION], b, sizeof b), "0.000015",
		    "completion overridden too");
		is_str(money_fmt(m->price.v[CP_PROMPT], b, sizeof b),
		    "0.00000125", "the base price is left alone");
	}
	catalog_close(c);
}

static int
copy(const char *from, const char *to)
{
	struct buf b;
	FILE *fp;
	int r;

	buf_init(&b, 0);
	if (read_file(from, &b) == -1 || (fp = fopen(to, "w")) == NULL)
		return -1;
	r = fwrite(b.p, 1, b.len, fp) == b.len ? 0 : -1;
	fclose(fp);
	buf_free(&b);
	return r;
}

/* Spoil the index at path: drop a field of its first model (cut == 0),
 * or cut its last line short. */
static void
damage(const char *path, int cut)
{
	struct buf b;
	char *p, *q;
	FILE *fp;

	buf_init(&b, 0);
	if (read_file(path, &b) == -1 || (p = strchr(b.p, '\n')) == NULL)
		return;
	if (cut)
		b.len -= 5;
	else if ((p = strchr(p + 1, '\t')) != NULL &&
	    (q = strchr(p + 1, '\t')) != NULL) {
		memmove(p, q, b.len - (q - b.p));
		b.len -= q - p;
	}
	fp = fopen(path, "w");
	fwrite(b.p, 1, b.len, fp);
	fclose(fp);
	buf_free(&b);
}

static void
test_cache(void)
{
	char dir[] = "/tmp/t_catalog.XXXXXX", path[512], idx[512], json[512];
	char first[512], again[512];
	struct catalog *c;
	struct or_error e;
	struct stat st1, st2;
	FILE *fp;

	if (mkdtemp(dir) == NULL)
		return;
	setenv("XDG_CACHE_HOME", dir, 1);
	snprintf(path, sizeof path, "%s/orkit", dir);
	mkdir(path, 0755);
	snprintf(json, sizeof json, "%s/orkit/models.json", dir);
	snprintf(idx, sizeof idx, "%s/orkit/models.idx", dir);
	copy(FX "models_2026-03-11.json", json);

	is_int(catalog_open(&o, NULL, CAT_QUIET, &c, &e), 0, "fresh cache");
	/* The cache's 340 models, not the bundled 345 (2026-08-08). */
	ok(c && catalog_count(c) == 340, "read from the cache");
	ok(stat(idx, &st1) == 0, "index written beside it");
	catalog_close(c);
	usleep(20000);
	is_int(catalog_open(&o, NULL, CAT_QUIET, &c, &e), 0, "again");
	ok(stat(idx, &st2) == 0 &&
	    COMPAT_MTIM(&st1).tv_nsec == COMPAT_MTIM(&st2).tv_nsec &&
	    st1.st_mtime == st2.st_mtime, "the index is reused, not rebuilt");
	ok(c && catalog_find(c, "openai/gpt-4-1106-preview"), "and works");
	snprintf(first, sizeof first, "%s %s %lld %lld", catalog_model(c, 0)->id,
	    catalog_model(c, 0)->canonical_slug,
	    catalog_model(c, 0)->context_length, catalog_model(c, 0)->created);
	catalog_close(c);

	/* The right header, then a line a field short, or a cut last line. */
	damage(idx, 0);
	is_int(catalog_open(&o, NULL, CAT_QUIET, &c, &e), 0,
	    "an index with a line a field short is rebuilt");
	ok(c && catalog_count(c) == 340 &&
	    catalog_find(c, "openai/gpt-4-1106-preview"), "with all models");
	snprintf(again, sizeof again, "%s %s %lld %lld",
	    catalog_model(c, 0)->id, catalog_model(c, 0)->canonical_slug,
	    catalog_model(c, 0)->context_length, catalog_model(c, 0)->created);
	is_str(again, first, "the damaged model reads as it should");
	catalog_close(c);
	damage(idx, 1);
	is_int(catalog_open(&o, NULL, CAT_QUIET, &c, &e), 0,
	    "an index cut short is rebuilt");
	ok(c && catalog_count(c) == 340, "with all models");
	catalog_close(c);

	fp = fopen(idx, "w");
	fputs("garbage\n", fp);
	fclose(fp);
	is_int(catalog_open(&o, NULL, CAT_QUIET, &c, &e), 0,
	    "a corrupt index is rebuilt");
	ok(c && catalog_count(c) == 340, "with all models");
	catalog_close(c);

	/* A stale cache, and the network down: use it anyway. */
	setenv("ORKIT_CATALOG_TTL", "0", 1);
	o.base_url = "http://127.0.0.1:9/api/v1";
	o.retries = 0;
	is_int(catalog_open(&o, NULL, CAT_QUIET, &c, &e), 0,
	    "stale cache, fetch fails: the stale cache");
	ok(c && catalog_count(c) == 340, "from cache");
	catalog_close(c);
	is_int(catalog_open(&o, NULL, CAT_QUIET | CAT_OFFLINE, &c, &e), 0,
	    "offline: a stale cache is fine");
	catalog_close(c);

	/* A corrupt cache, offline, no bundled snapshot near this binary. */
	fp = fopen(json, "w");
	fputs("{\"data\":[", fp);
	fclose(fp);
	ok(catalog_open(&o, NULL, CAT_QUIET | CAT_OFFLINE, &c, &e) != 0 ||
	    (catalog_count(c) == 345 &&
	    !catalog_find(c, "openai/gpt-4-1106-preview")),
	    "a corrupt cache is never used: %s", e.msg);
	catalog_close(c);
	unsetenv("ORKIT_CATALOG_TTL");

	is_int(catalog_open(&o, "/nonexistent/models.json", 0, &c, &e), 66,
	    "--catalog missing file: 66");
	is_int(catalog_open(&o, "tests/fixtures/chat/"
	    "chat_gpt-5-mini_usage.response.json", 0, &c, &e), 65,
	    "--catalog that is not a catalog: 65");
	unlink(json);
	unlink(idx);
	rmdir(path);
	rmdir(dir);
}

/* A pricing object: the catalog's, an override's, an endpoint's. */
static void
test_read_prices(void)
{
	const char *pr = "{\"prompt\":\"0.000003\",\"completion\":"
	    "\"-1\",\"discount\":0.25,\"request\":\"x\"}";
	struct cat_price p;

	catalog_read_prices(pr, strlen(pr), &p);
	ok((p.have & (1u << CP_PROMPT)) &&
	    p.v[CP_PROMPT] == MONEY_ONE / 1000000 * 3, "read prices: a string");
	ok((p.variable & ~p.unknown) == 1u << CP_COMPLETION,
	    "read prices: -1 is variable");
	ok(p.v[CP_DISCOUNT] == MONEY_ONE / 4, "read prices: a number");
	/* Issue 11: unreadable is unknown, never absent (priced as free). */
	ok((p.have & p.variable & p.unknown) == 1u << CP_REQUEST &&
	    p.unknown == 1u << CP_REQUEST, "read prices: junk is unknown");
}

/* Issue 11: an unreadable price is unknown, never 0; null is absent. */
static void
test_unknown_prices(void)
{
	const char *pr = "{\"prompt\":\"1e999\",\"completion\":"
	    "[\"0.000001\"],\"request\":true,\"image\":null,"
	    "\"web_search\":\"0.0000000000000000000000001\","
	    "\"internal_reasoning\":1e40,\"input_cache_read\":{},"
	    "\"input_cache_write\":\"\"}";
	unsigned bad = 1u << CP_PROMPT | 1u << CP_COMPLETION |
	    1u << CP_REQUEST | 1u << CP_WEB_SEARCH |
	    1u << CP_INTERNAL_REASONING | 1u << CP_CACHE_READ |
	    1u << CP_CACHE_WRITE;
	struct cat_price p;

	catalog_read_prices(pr, strlen(pr), &p);
	is_int(p.unknown, bad, "unreadable prices, arrays, true: unknown");
	is_int(p.have, bad, "null: absent");
	is_int(p.variable & bad, bad, "unknown is variable too");
	cat_price_put(&p, CP_PROMPT, 5);
	ok(!(p.unknown & 1u << CP_PROMPT) && !(p.variable & 1u << CP_PROMPT),
	    "a readable price laid over an unknown one replaces it");
}

/* Issue 11: one validator for ids that go into URL paths and files. */
static void
test_id_check(void)
{
	static const char *const good[] = { "openai/gpt-4o",
	    "openai/gpt-4o:free", "~openai/gpt-latest", "a.b/c_d-1.5",
	    "meta-llama/llama-3.1-8b-instruct:nitro" };
	static const char *const bad[] = { "../x", "a/..", "a/../b",
	    "./x", ".a/b", "a/.b", "a/b..c", "a/b/c", "a", "a/", "/b",
	    "a/b:", "a/b:c:d", "a/b c", "a/b\001", "a/b\x7f", "a/%2e",
	    "a\\b/c", "~/x", "~~a/b", "a/b:.x", "" };
	const char *why;
	char longid[300];
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		is_int(catalog_id_check(good[i], &why), 0, "id %s", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		ok(catalog_id_check(bad[i], &why) == -1 && why && *why,
		    "not an id: %zu (%s)", i, why ? why : "");
	}
	memset(longid, 'a', sizeof longid);
	longid[1] = '/';
	longid[sizeof longid - 1] = '\0';
	is_int(catalog_id_check(longid, &why), -1, "an id too long");
}

/* Issue 2 and 23: what a catalog is; ids with control bytes left out. */
static void
test_check(void)
{
	static const struct { const char *json; int r; } t[] = {
		{ "{\"data\":[{\"id\":\"a/b\"}]}", 0 },
		{ "{\"data\":[]}", -1 },
		{ "{\"data\":[{\"id\":\"a/b\"},{\"name\":\"x\"}]}", -1 },
		{ "{\"data\":[{\"id\":1}]}", -1 },
		{ "{\"data\":[{\"id\":\"a/b\"},2]}", -1 },
		{ "{\"data\":{}}", -1 },
		{ "{\"method\":\"GET\",\"headers\":{}}", -1 },
		{ "{\"data\":[{\"id\":\"a/b\"}]", -1 },
	};
	char why[128], dir[] = "/tmp/t_catalog.XXXXXX", path[512];
	const char *nul = "{\"data\":[{\"id\":\"x\\u0000y/z\","
	    "\"pricing\":{\"prompt\":\"1\"}},{\"id\":\"o/k\",\"name\":"
	    "\"a\\u0000b\",\"context_length\":7,\"pricing\":{\"prompt\":"
	    "\"0.5\",\"completion\":\"0.25\"}}]}";
	const struct cat_model *m;
	struct catalog *c;
	size_t i;
	FILE *fp;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		is_int(catindex_check(t[i].json, strlen(t[i].json), why,
		    sizeof why), t[i].r, "catalog check %zu", i);
	if (mkdtemp(dir) == NULL)
		return;
	snprintf(path, sizeof path, "%s/nul.json", dir);
	if ((fp = fopen(path, "w")) == NULL)
		return;
	fputs(nul, fp);
	fclose(fp);
	freopen("/dev/null", "w", stderr);	/* the warning */
	c = tutil_open_cat(&o, path);
	if (c) {
		is_int(catalog_count(c), 1, "an id with a NUL: left out");
		m = catalog_find(c, "o/k");
		ok(m && m->context_length == 7 &&
		    strcmp(price(m, CP_COMPLETION), "0.25") == 0,
		    "a NUL elsewhere shifts no column");
		ok(catalog_find(c, "x") == NULL && catalog_find(c, "q/r") ==
		    NULL, "look-ups that fail do not crash");
		catalog_close(c);
	}
	unlink(path);
	rmdir(dir);
}

static void
test_suggest(void)
{
	struct catalog *c = tutil_open_cat(&o, FX "models_2026-08-08.json");
	const struct cat_model *m[3];
	size_t n;

	if (c == NULL)
		return;
	n = catalog_suggest(c, "openai/gpt-4o-mni", m, 3);
	ok(n >= 1 && strcmp(m[0]->id, "openai/gpt-4o-mini") == 0,
	    "a typo: %s", n ? m[0]->id : "none");
	n = catalog_suggest(c, "claude-sonnet-4.5", m, 3);
	ok(n >= 1 && strcmp(m[0]->id, "anthropic/claude-sonnet-4.5") == 0,
	    "the author left out: %s", n ? m[0]->id : "none");
	is_int(catalog_suggest(c, "zzzzzzzzzzzzzzzzzzzzzz", m, 3), 0,
	    "nothing close: no suggestion");
	catalog_close(c);
}

/*
 * A look-up reads the ids and names from the index and fills only the
 * models it keeps: catalog_match_at agrees with catalog_match on every
 * model, before it is filled and after.
 */
static void
test_match_at(void)
{
	static const char *const pat[] = {
		"gpt-4o", "GPT-4O", "", "openai/", ": gpt", "-", "zz-none",
		"o", "Claude Sonnet", "(2024-05-13)",
	};
	struct catalog *c = tutil_open_cat(&o, FX "models_2026-08-08.json");
	const struct cat_model *m;
	size_t i, k, n, bad = 0, before = 0, after = 0;
	int pass;

	if (c == NULL)
		return;
	n = catalog_count(c);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++)
			for (k = 0; k < sizeof pat / sizeof pat[0]; k++) {
				if (pass == 0) {
					before += catalog_match_at(c, i,
					    pat[k]);
					continue;
				}
				m = catalog_model(c, i);
				after += catalog_match_at(c, i, pat[k]);
				bad += catalog_match_at(c, i, pat[k]) !=
				    catalog_match(m, pat[k]);
				bad += !catalog_model_is(c, i, m) ||
				    catalog_model_is(c, (i + 1) % n, m);
			}
	is_int(bad, 0, "catalog_match_at is catalog_match on every model");
	ok(before == after && before > n, "filled or not, the same matches "
	    "(%zu)", before);
	catalog_close(c);
}

/*
 * Lines longer than the index scan's lanes hold (255 steps of 16 bytes)
 * read back whole; one a field too long, or with a NUL in it, is damage,
 * and the index is rebuilt.
 */
static void
test_long_lines(void)
{
	char dir[] = "/tmp/t_catindex.XXXXXX", json[512], idx[512], why[128];
	struct catindex *ix;
	const struct cat_model *m;
	struct buf b;
	char *name, *t;
	size_t i, len, n = 9000;
	int k;
	FILE *fp;

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(json, sizeof json, "%s/models.json", dir);
	snprintf(idx, sizeof idx, "%s/models.idx", dir);
	name = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		name[i] = "abcdefghijklmnop\t"[i % 17];
	name[n] = '\0';
	fp = fopen(json, "w");
	fprintf(fp, "{\"data\":[{\"id\":\"a/long\",\"name\":\"");
	for (i = 0; i < n; i++)
		fputs(name[i] == '\t' ? "\\t" : (char[]){ name[i], 0 }, fp);
	fprintf(fp, "\",\"pricing\":{\"prompt\":\"0.000001\"}},"
	    "{\"id\":\"b/short\",\"name\":\"B\"}]}");
	fclose(fp);
	for (i = 0; i < n; i++)	/* the index has a blank for a tab */
		if (name[i] == '\t')
			name[i] = ' ';
	for (k = 0; k < 4; k++) {
		if (k >= 2) {	/* an extra tab, then a NUL, in the long line */
			buf_init(&b, 0);
			read_file(idx, &b);
			t = strstr(b.p, "a/long");
			ok(t != NULL, "(damage %d planted)", k);
			if (t)
				t[4000] = k == 2 ? '\t' : '\0';
			fp = fopen(idx, "w");
			fwrite(b.p, 1, b.len, fp);
			fclose(fp);
			buf_free(&b);
		}
		is_int(catindex_open(json, idx, &ix, why, sizeof why), 0,
		    "open %d: %s", k, k == 0 ? "built" : k == 1 ? "read back" :
		    k == 2 ? "a field too many: rebuilt" : "a NUL: rebuilt");
		if (ix == NULL)
			continue;
		is_int(catindex_count(ix), 2, "  two models");
		t = (char *)catindex_text(ix, 0, 2, &len);
		ok(len == n && memcmp(t, name, n) == 0, "  the long name, "
		    "unfilled");
		m = catindex_model(ix, 0);
		ok(m && strcmp(m->name, name) == 0 &&
		    m->price.v[CP_PROMPT] == MONEY_ONE / 1000000 &&
		    strcmp(catindex_model(ix, 1)->id, "b/short") == 0,
		    "  the models read whole");
		catindex_close(ix);
	}
	free(name);
	unlink(json);
	unlink(idx);
	rmdir(dir);
}

int
main(void)
{
	opts_init(&o);
	test_shapes();
	test_lookup();
	test_overrides();
	test_cache();
	test_read_prices();
	test_unknown_prices();
	test_id_check();
	test_check();
	test_suggest();
	test_match_at();
	test_long_lines();
	return tap_done();
}
