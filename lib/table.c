/*
 * table: rows of cells as an aligned table or tab-separated lines, and
 * JSON records as an array or JSON Lines.
 */
#define _XOPEN_SOURCE	700	/* wcwidth */

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "jlex.h"
#include "table.h"
#include "util.h"

struct table {
	size_t		  ncols;
	char		**heads;
	unsigned	 *flags;
	int		  human;
	char		**cells;	/* rows * ncols, row after row */
	size_t		  nrows, cap;
	FILE		 *stream;	/* rows go here at once (table_stream) */
};

struct table *
table_new(size_t ncols, const char *const *heads, const unsigned *flags,
    int human)
{
	struct table *t = xcalloc(1, sizeof *t);
	size_t i;

	t->ncols = ncols;
	t->human = human;
	t->heads = xcalloc(ncols, sizeof t->heads[0]);
	t->flags = xcalloc(ncols, sizeof t->flags[0]);
	for (i = 0; i < ncols; i++) {
		t->heads[i] = xstrdup(heads[i] ? heads[i] : "");
		t->flags[i] = flags ? flags[i] : 0;
	}
	return t;
}

int
table_human(const struct table *t)
{
	return t->human;
}

void
table_stream(struct table *t, FILE *fp)
{
	if (!t->human)
		t->stream = fp;
}

static void
tsv_row(FILE *fp, const char *const *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs(cells[i] ? cells[i] : "", fp);
		putc(i + 1 < n ? '\t' : '\n', fp);
	}
}

void
table_add(struct table *t, const char *const *cells)
{
	size_t i;

	if (t->stream) {
		tsv_row(t->stream, cells, t->ncols);
		t->nrows++;
		return;
	}
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols *
		    sizeof t->cells[0]);
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] =
		    xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

/* A UTF-8 character, valid and n bytes long, as a code point. */
static wchar_t
decode(const unsigned char *p, size_t n)
{
	wchar_t c = n == 2 ? p[0] & 0x1f : n == 3 ? p[0] & 0x0f : p[0] & 0x07;
	size_t i;

	for (i = 1; i < n; i++)
		c = c << 6 | (p[i] & 0x3f);
	return c;
}

size_t
table_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, n;
	int utf8 = -1, cw;

	while (*p) {
		if (*p < 0x80) {	/* ASCII, nearly every cell */
			w++;
			p++;
			continue;
		}
		if (utf8 == -1)
			utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
		/* jlex_utf8 stops at the NUL, a non-continuation byte. */
		if (!utf8 || (n = jlex_utf8(p, 4)) == 0) {
			/* One column a character, as in the C locale. */
			if ((*p & 0xc0) != 0x80)
				w++;
			p++;
			continue;
		}
		cw = wcwidth(decode(p, n));
		w += cw < 0 ? 1 : (size_t)cw;
		p += n;
	}
	return w;
}

static void
pad(FILE *fp, size_t n)
{
	while (n-- > 0)
		putc(' ', fp);
}

/* Each column's width: its widest cell's or header's.  Freed by caller. */
static size_t *
col_widths(const struct table *t)
{
	size_t *w, r, i, cw;

	w = xcalloc(t->ncols, sizeof *w);
	for (i = 0; i < t->ncols; i++)
		w[i] = table_width(t->heads[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++)
			if ((cw = table_width(t->cells[r * t->ncols + i])) >
			    w[i])
				w[i] = cw;
	return w;
}

size_t
table_linewidth(const struct table *t)
{
	size_t *w, i, n = 0;

	if (!t->human || t->ncols == 0)
		return 0;
	w = col_widths(t);
	for (i = 0; i < t->ncols; i++)
		n += w[i] + (i + 1 < t->ncols ? 2 : 0);
	free(w);
	return n;
}

int
table_write(const struct table *t, FILE *fp, int colour)
{
	size_t *w, r, i, cw;
	const char *s;

	if (!t->human) {
		for (r = 0; r < t->nrows && !t->stream; r++)
			tsv_row(fp, (const char *const *)t->cells + r *
			    t->ncols, t->ncols);
		return ferror(fp) ? -1 : 0;
	}
	w = col_widths(t);
	/* Row 0 is the header, row r the cells of row r - 1. */
	for (r = 0; r <= t->nrows; r++) {
		if (r == 0 && colour)
			fputs("\033[1m", fp);
		for (i = 0; i < t->ncols; i++) {
			s = r == 0 ? t->heads[i] : t->cells[(r - 1) * t->ncols +
			    i];
			cw = table_width(s);
			if (t->flags[i] & TABLE_RIGHT)
				pad(fp, w[i] - cw);
			fputs(s, fp);
			/* No trailing blanks after the last column. */
			if (i + 1 < t->ncols) {
				if (!(t->flags[i] & TABLE_RIGHT))
					pad(fp, w[i] - cw);
				fputs("  ", fp);
			}
		}
		if (r == 0 && colour)
			fputs("\033[0m", fp);
		putc('\n', fp);
	}
	free(w);
	return ferror(fp) ? -1 : 0;
}

void
table_free(struct table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * t->ncols && !t->stream; i++)
		free(t->cells[i]);
	for (i = 0; i < t->ncols; i++)
		free(t->heads[i]);
	free(t->cells);
	free(t->heads);
	free(t->flags);
	free(t);
}

void
table_json_begin(struct table_json *j, FILE *fp, int lines)
{
	j->fp = fp;
	j->lines = lines;
	j->n = 0;
}

/* The text is a validated JSON value: drop whitespace outside strings. */
void
table_json_add(struct table_json *j, const char *p, size_t len)
{
	const char *end = p + len, *run;
	int in = 0;

	if (!j->lines)
		fputs(j->n ? ",\n" : "[\n", j->fp);
	j->n++;
	while (p < end) {
		for (run = p; p < end; p++) {
			if (in) {
				if (*p == '\\' && p + 1 < end)
					p++;
				else if (*p == '"')
					in = 0;
			} else if (*p == '"')
				in = 1;
			else if (*p == ' ' || *p == '\t' || *p == '\n' ||
			    *p == '\r')
				break;
		}
		fwrite(run, 1, p - run, j->fp);
		while (p < end && !in && (*p == ' ' || *p == '\t' ||
		    *p == '\n' || *p == '\r'))
			p++;
	}
	if (j->lines)
		putc('\n', j->fp);
}

void
table_json_put(struct table_json *j, const char *p, size_t len)
{
	if (!j->lines)
		fputs(j->n ? ",\n" : "[\n", j->fp);
	j->n++;
	fwrite(p, 1, len, j->fp);
	if (j->lines)
		putc('\n', j->fp);
}

void
table_json_end(struct table_json *j)
{
	if (!j->lines)
		fputs(j->n ? "\n]\n" : "[]\n", j->fp);
}

char *
table_count(long long v, int human, char *buf, size_t size)
{
	char digits[32];
	size_t n, i, o = 0;

	if (v < 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	n = (size_t)snprintf(digits, sizeof digits, "%lld", v);
	if (!human || size < n + n / 3 + 1) {
		snprintf(buf, size, "%s", digits);
		return buf;
	}
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}
