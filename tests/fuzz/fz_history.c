/*
 * fz_history: the readers of lib/history over any bytes.  A history file
 * parses to changes that write back (as hist_append does) and parse to
 * the same; a catalog compared with itself has no change, and with an
 * empty one, one "added" a model.
 *
 * Input: byte 0 even: the rest is a history file's text.  Odd: the rest
 * is a catalog's JSON.
 */
#include "fz.h"
#include "history.h"
#include "util.h"

static void
history(const char *p, size_t n)
{
	struct hist h, h2;
	struct buf b;
	char why[128];
	size_t i;

	memset(&h, 0, sizeof h);
	memset(&h2, 0, sizeof h2);
	if (hist_parse(p, n, &h, why, sizeof why) == -1) {
		FZ_CHECK(why[0] != '\0');
		hist_free(&h);
		return;
	}
	buf_init(&b, 0);
	for (i = 0; i < h.n; i++) {
		FZ_CHECK(strlen(h.v[i].date) == 10 && *h.v[i].id &&
		    *h.v[i].field);
		FZ_CHECK(strpbrk(h.v[i].id, "\t\n") == NULL &&
		    strpbrk(h.v[i].new, "\t\n") == NULL);
		buf_adds(&b, h.v[i].date);
		buf_adds(&b, "\t");
		buf_adds(&b, h.v[i].id);
		buf_adds(&b, "\t");
		buf_adds(&b, h.v[i].field);
		buf_adds(&b, "\t");
		buf_adds(&b, h.v[i].old);
		buf_adds(&b, "\t");
		buf_adds(&b, h.v[i].new);
		buf_adds(&b, "\n");
	}
	FZ_CHECK(hist_parse(b.p ? b.p : "", b.len, &h2, why, sizeof why) == 0);
	FZ_CHECK(h2.n == h.n);
	for (i = 0; i < h.n; i++)
		FZ_CHECK(strcmp(h.v[i].id, h2.v[i].id) == 0 &&
		    strcmp(h.v[i].field, h2.v[i].field) == 0 &&
		    strcmp(h.v[i].old, h2.v[i].old) == 0 &&
		    strcmp(h.v[i].new, h2.v[i].new) == 0 &&
		    strcmp(h.v[i].date, h2.v[i].date) == 0);
	buf_free(&b);
	hist_free(&h);
	hist_free(&h2);
}

static void
catalog(const char *p, size_t n)
{
	struct hist_cat c, none = { NULL, 0 };
	struct hist h;
	char why[128];
	size_t i;

	if (hist_cat_read(p, n, &c, why, sizeof why) == -1)
		return;
	memset(&h, 0, sizeof h);
	hist_compare(&c, &c, "2026-01-01", &h);
	/* Ids given twice may differ from each other, never from themselves. */
	for (i = 0; i < h.n; i++)
		FZ_CHECK(strcmp(h.v[i].field, "added") != 0 &&
		    strcmp(h.v[i].field, "withdrawn") != 0);
	hist_free(&h);
	hist_compare(&none, &c, "2026-01-01", &h);
	FZ_CHECK(h.n == c.n);
	for (i = 0; i < h.n; i++) {
		FZ_CHECK(strcmp(h.v[i].field, "added") == 0);
		FZ_CHECK(hist_cat_find(&c, h.v[i].id) != NULL);
	}
	hist_free(&h);
	hist_cat_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p;

	if (size < 1)
		return 0;
	/* A copy of its own size, so that a read past the end is seen. */
	p = malloc(size - 1 ? size - 1 : 1);
	memcpy(p, data + 1, size - 1);
	if (data[0] % 2 == 0)
		history(p, size - 1);
	else
		catalog(p, size - 1);
	free(p);
	return 0;
}
