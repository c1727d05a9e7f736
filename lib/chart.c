/*
 * chart: rows as labelled horizontal bars that never pass a width.
 */
#define _XOPEN_SOURCE	700	/* nl_langinfo's CODESET */

#include <sys/ioctl.h>

#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "table.h"
#include "util.h"

enum chart_style
chart_style(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0) ? CHART_BLOCKS : CHART_HASH;
}

int
chart_columns(int fd)
{
	struct winsize ws;
	long long n;
	const char *c;

	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if ((c = getenv("COLUMNS")) != NULL && parse_long(c, 1, 10000,
	    &n) == 0)
		return (int)n;
	return 80;
}

long long
chart_steps(long long value, long long max, long long units)
{
	unsigned long long s;

	if (value <= 0 || max <= 0 || units <= 0)
		return 0;
	if (value > max)
		value = max;
	/*
	 * max * units * 2 must fit: drop low bits of both, alike.  Adding max
	 * for the rounding may then pass LLONG_MAX: unsigned, it cannot wrap.
	 */
	while (max > LLONG_MAX / 2 / units) {
		value >>= 1;
		max >>= 1;
	}
	s = (2ULL * (unsigned long long)value * (unsigned long long)units +
	    (unsigned long long)max) / (2ULL * (unsigned long long)max);
	return s > 0 ? (long long)s : 1;
}

long long
chart_fixed(double d, double hi, long long scale)
{
	if (!(d > 0))		/* NaN too */
		return 0;
	if (d > hi)
		d = hi;
	return (long long)(d * (double)scale + 0.5);
}

int
chart_bar(char *buf, long long value, long long max, int cols,
    enum chart_style style, int pad)
{
	/* U+2588 full block, then U+2589..U+258F: 7/8 down to 1/8. */
	static const char *const eighth[8] = { "", "\342\226\217",
		"\342\226\216", "\342\226\215", "\342\226\214",
		"\342\226\213", "\342\226\212", "\342\226\211" };
	static const char full[] = "\342\226\210";
	long long steps;
	char *p = buf;
	int n, used, i;

	if (cols < 0)
		cols = 0;
	if (cols > CHART_MAXCOLS)
		cols = CHART_MAXCOLS;
	if (style == CHART_BLOCKS) {
		steps = chart_steps(value, max, 8LL * cols);
		n = (int)(steps / 8);
		for (i = 0; i < n; i++, p += 3)
			memcpy(p, full, 3);
		used = n;
		if (steps % 8) {
			n = (int)(steps % 8);
			memcpy(p, eighth[n], 3);
			p += 3;
			used++;
		}
	} else {
		used = (int)chart_steps(value, max, cols);
		memset(p, '#', used);
		p += used;
	}
	for (i = used; pad && i < cols; i++)
		*p++ = ' ';
	*p = '\0';
	return used;
}

/* s cut to at most cols display columns, into out (size bytes). */
static const char *
cut(const char *s, size_t cols, char *out, size_t size)
{
	size_t i = 0, j;

	out[0] = '\0';
	while (s[i] != '\0') {
		/* One character: a lead byte and its continuation bytes. */
		for (j = i + 1; (s[j] & 0xc0) == 0x80; j++)
			;
		if (j >= size)
			break;
		memcpy(out + i, s + i, j - i);
		out[j] = '\0';
		if (table_width(out) > cols) {
			out[i] = '\0';
			break;
		}
		i = j;
	}
	return out;
}

static void
spaces(FILE *fp, size_t n)
{
	while (n-- > 0)
		putc(' ', fp);
}

int
chart_write(FILE *fp, const struct chart_row *rows, size_t n, int width,
    enum chart_style style)
{
	char lab[1024], *bar;
	const char *l, *t;
	long long max = 0;
	size_t lw = 0, tw = 0, w, i;
	int bw;

	for (i = 0; i < n; i++) {
		if (rows[i].label && (w = table_width(rows[i].label)) > lw)
			lw = w;
		if (rows[i].text && (w = table_width(rows[i].text)) > tw)
			tw = w;
		if (rows[i].value > max)
			max = rows[i].value;
	}
	if (width < 0)
		width = 0;
	/* The text whole; then the label as far as it goes; then bars. */
	bw = 0;
	if (tw >= (size_t)width)
		lw = 0;
	else {
		if (lw > 0 && lw + 2 + tw > (size_t)width)
			lw = (size_t)width - tw > 2 ? (size_t)width - tw - 2 : 0;
		w = (lw ? lw + 2 : 0) + tw + 1;	/* and a space */
		if (w < (size_t)width)
			bw = (int)((size_t)width - w);
	}
	if (bw > CHART_MAXCOLS)
		bw = CHART_MAXCOLS;
	bar = xmalloc(CHART_BARSIZE(bw));
	for (i = 0; i < n; i++) {
		l = rows[i].label ? rows[i].label : "";
		t = rows[i].text ? rows[i].text : "";
		if (lw) {
			l = cut(l, lw, lab, sizeof lab);
			fputs(l, fp);
			spaces(fp, lw - table_width(l) + 2);
		}
		spaces(fp, tw - table_width(t));
		fputs(t, fp);
		if (bw && chart_bar(bar, rows[i].value, max, bw, style, 0))
			fprintf(fp, " %s", bar);
		putc('\n', fp);
	}
	free(bar);
	return ferror(fp) ? -1 : 0;
}
