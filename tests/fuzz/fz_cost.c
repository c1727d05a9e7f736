/*
 * fz_cost: the record scanner (lib/costrec's costrec_next) over any bytes,
 * and against jscan on a record that is one JSON object.  Never a crash,
 * always progress to CR_END; the same judgement of what is JSON; and for a
 * record read, the model, token counts and cost jscan finds at the same
 * paths.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "cost.h"
#include "costrec.h"
#include "fz.h"
#include "jscan.h"
#include "money.h"

/* The count at path as jscan reads it: 1 and *n, 0 absent, -1 other. */
static int
jcount(const char *s, size_t len, const char *path, long long *n)
{
	struct jscan_val v;

	if (jscan_get(s, len, path, &v) != 1 || v.kind == JSCAN_NULL) {
		*n = 0;
		return 0;
	}
	if (v.kind != JSCAN_NUMBER || v.p[0] == '-' ||
	    jscan_llong(&v, 0, LLONG_MAX, n) != 0)
		return -1;
	return 1;
}

static void
check_count(const char *s, size_t len, const char *path, long long got)
{
	long long n;

	if (jcount(s, len, path, &n) >= 0)
		FZ_CHECK(got == n);
}

/* A record that is one JSON object, read by both. */
static void
check_record(const char *s, size_t len, const struct cost_rec *r)
{
	struct jscan_val v, d;
	char id[COST_IDMAX];
	money_t m;
	size_t n;
	int data;

	data = jscan_get(s, len, "data", &d) == 1 && d.kind == JSCAN_OBJECT;
	if (!(data && jscan_get(s, len, "data.model", &v) == 1 &&
	    v.kind != JSCAN_NULL))
		FZ_CHECK(jscan_get(s, len, "model", &v) == 1);
	FZ_CHECK(v.kind == JSCAN_STRING);
	n = jscan_unescape(v.p, v.len, id, sizeof id);
	FZ_CHECK(n < sizeof id);
	/* Issue 11 item 32: an id with a NUL (any control) is refused. */
	FZ_CHECK(strlen(r->model) == n && memcmp(id, r->model, n) == 0);
	if (jscan_get(s, len, "usage", &v) == 1 && v.kind == JSCAN_OBJECT) {
		check_count(s, len, "usage.prompt_tokens", r->u.prompt);
		check_count(s, len, "usage.completion_tokens",
		    r->u.completion);
		check_count(s, len,
		    "usage.prompt_tokens_details.cached_tokens", r->u.cached);
	} else if (data) {
		check_count(s, len, "data.native_tokens_prompt", r->u.prompt);
		check_count(s, len, "data.native_tokens_completion",
		    r->u.completion);
	} else {
		check_count(s, len, "prompt_tokens", r->u.prompt);
		check_count(s, len, "completion_tokens", r->u.completion);
		check_count(s, len, "cached_tokens", r->u.cached);
	}
	if (r->have_billed) {
		if (!(jscan_get(s, len, "cost", &v) == 1 &&
		    v.kind == JSCAN_NUMBER) &&
		    !(jscan_get(s, len, "usage.cost", &v) == 1 &&
		    v.kind == JSCAN_NUMBER))
			FZ_CHECK(jscan_get(s, len, "data.total_cost", &v) == 1);
		FZ_CHECK(money_parse(v.p, v.len, &m) == MONEY_OK);
		FZ_CHECK(m == r->billed);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cost_rec r;
	const char *s = (const char *)data;
	char why[256];
	size_t pos = 0, last, i, nrec = 0;
	long long line = 1, lastline;
	int rc, valid, oneline;

	for (i = 0; i < size && s[i] != '\0' && strchr(" \t\r\n", s[i]);
	    i++)
		;
	oneline = i < size && s[i] == '{' && memchr(s, '\n', size) == NULL;
	valid = oneline && jscan_validate(s, size, NULL) == 0;
	for (;;) {
		last = pos;
		lastline = line;
		why[0] = '\0';
		rc = costrec_next(s, size, &pos, 1, &line, &r, why,
		    sizeof why);
		FZ_CHECK(rc != CR_MORE);
		if (rc == CR_END)
			break;
		FZ_CHECK(pos > last && pos <= size);
		FZ_CHECK(line >= lastline);
		if (rc == CR_ERROR)
			FZ_CHECK(why[0] != '\0');
		/* A JSON record taken is JSON by jscan too ({}{} is two). */
		for (i = last; i < pos && strchr(" \t\r\n", s[i]) &&
		    s[i] != '\0'; i++)
			;
		if (rc != CR_ERROR && i < pos && s[i] == '{')
			FZ_CHECK(jscan_validate(s + i, pos - i, NULL) == 0);
		/*
		 * A line of MODEL PROMPT COMPLETION with a NUL anywhere is a
		 * bad record, as a NUL in JSON is: a C string would read it
		 * as another model or another count.
		 */
		if (rc == CR_RECORD && i < pos && s[i] != '{')
			FZ_CHECK(memchr(s + i, '\0', pos - i) == NULL);
		/*
		 * Issue 11 item 32: a record's id is never empty and holds
		 * no control byte (a NUL would cut it into another id), in
		 * a JSON record and in a text line alike.
		 */
		if (rc == CR_RECORD) {
			FZ_CHECK(r.model[0] != '\0');
			for (i = 0; r.model[i] != '\0'; i++)
				FZ_CHECK((unsigned char)r.model[i] >= 0x20 &&
				    r.model[i] != 0x7f);
		}
		if (valid) {
			/* One JSON object: one record, judged JSON. */
			FZ_CHECK(nrec == 0);
			FZ_CHECK(rc != CR_ERROR ||
			    strncmp(why, "not JSON", 8) != 0);
			if (rc == CR_RECORD)
				check_record(s, size, &r);
		}
		nrec++;
	}
	return 0;
}
