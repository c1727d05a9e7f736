/*
 * chart: horizontal bars on a terminal -- one line a row, a label, the
 * exact number and a bar as long as the row's share of the largest value,
 * in a given number of columns that no line passes.
 *
 * Bars are drawn with the UTF-8 left eighth blocks (U+2588 to U+258F), so
 * a column holds eight steps, or with '#', a step a column, when the
 * locale is not UTF-8.  No colour, no escape sequence: what is written is
 * text a dumb terminal or a file shows the same.  No I/O but the FILE the
 * caller gives; nothing here knows what the values mean.
 */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>
#include <stdio.h>

enum chart_style {
	CHART_HASH,		/* '#', one step a column */
	CHART_BLOCKS		/* U+2588..U+258F, eight steps a column */
};

/* The most columns chart_bar draws, and the buffer that holds them. */
#define CHART_MAXCOLS	1024
#define CHART_BARSIZE(cols)	((size_t)(cols) * 3 + 1)

struct chart_row {
	const char	*label;		/* the row's name; NULL is empty */
	long long	 value;		/* >= 0, in one unit for all rows */
	const char	*text;		/* printed beside the bar: the exact
					   number; NULL is empty */
};

/*
 * CHART_BLOCKS when LC_CTYPE's codeset is UTF-8, else CHART_HASH.  The
 * caller has called setlocale(LC_CTYPE, "") when it wants the user's.
 */
enum chart_style chart_style(void);

/*
 * The width a chart written to fd gets: the terminal's (TIOCGWINSZ), else
 * COLUMNS when it is a number from 1 to 10000, else 80.
 */
int	 chart_columns(int fd);

/*
 * How many steps of units a value takes: value / max of units, rounded
 * to the nearest, but at least 1 for any value above 0 (a value is never
 * shown as none) and 0 for a value of 0 or less.  max > 0 is the largest
 * value; a larger value counts as max.  Exact in integers.
 */
long long chart_steps(long long value, long long max, long long units);

/*
 * A figure read as a double (an uptime in percent, say) as a whole number
 * of 1/scale for chart_steps: rounded, and within [0, hi * scale] -- NaN,
 * an infinity or a figure past hi from a hostile answer included, none of
 * which converts to an integer defined.
 */
long long chart_fixed(double d, double hi, long long scale);

/*
 * A bar for value of max in at most cols columns (cols <= CHART_MAXCOLS)
 * into buf, NUL-terminated; buf holds CHART_BARSIZE(cols) bytes.  pad
 * fills the rest of the cols columns with spaces.  Returns the columns
 * the bar takes (without the padding).
 */
int	 chart_bar(char *buf, long long value, long long max, int cols,
	    enum chart_style, int pad);

/*
 * The rows as lines on fp: the labels left-aligned, the texts
 * right-aligned after them, and the bars in what is left of width
 * columns, the largest value's reaching the last.  Widths are display
 * columns (table_width).  No line passes width: labels are cut first,
 * then there is no bar; only a text wider than width by itself is
 * written whole, since a number is never cut.  Labels and texts are
 * written as they are: the caller has cleaned them for a terminal.  rows
 * is read during the call.  Returns -1 on a write error, else 0.
 */
int	 chart_write(FILE *fp, const struct chart_row *rows, size_t n,
	    int width, enum chart_style);

#endif
