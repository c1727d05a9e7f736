/*
 * t_chart: bars -- steps rounded to the nearest, none for zero, at least
 * one for any value above it; eighth blocks under UTF-8, '#' otherwise;
 * whole charts at widths from 200 down to 1, no line past the width, the
 * numbers always whole.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "table.h"
#include "tap.h"
#include "tutil.h"

static void
test_steps(void)
{
	is_int(chart_steps(0, 10, 80), 0, "zero: no steps");
	is_int(chart_steps(-5, 10, 80), 0, "negative: no steps");
	is_int(chart_steps(10, 10, 80), 80, "the largest: all of them");
	is_int(chart_steps(5, 10, 80), 40, "half: half");
	is_int(chart_steps(1, 1000000, 80), 1, "tiny: one step, not none");
	is_int(chart_steps(1, 16, 8), 1, "1/2 step rounds up");
	is_int(chart_steps(3, 16, 8), 2, "3/2 steps round up to 2");
	is_int(chart_steps(5, 160, 8), 1, "1/4 step: at least one");
	is_int(chart_steps(20, 10, 80), 80, "above the largest: the largest");
	/*
	 * Once shifted, 2 * value * units fits but adding max for the
	 * rounding did not: the largest bar came out one step long.
	 */
	{
		long long m, u;
		int bad = 0;

		for (u = 1; u <= 8 * 1100; u++) {
			m = LLONG_MAX / 2 / u + 1;
			if (chart_steps(m, m, u) != u ||
			    chart_steps(LLONG_MAX, LLONG_MAX, u) != u)
				bad++;
		}
		is_int(bad, 0, "the largest is all of the steps at any width, "
		    "however large");
	}
	is_int(chart_steps(LLONG_MAX, LLONG_MAX, 8000), 8000,
	    "no overflow at LLONG_MAX");
	is_int(chart_steps(LLONG_MAX / 2, LLONG_MAX, 8000), 4000,
	    "half of LLONG_MAX");
	is_int(chart_steps(1, 0, 80), 0, "max 0: none");
}

static void
test_fixed(void)
{
	is_int(chart_fixed(99.2, 100, 1000), 99200, "99.2 % in thousandths");
	is_int(chart_fixed(100, 100, 1000), 100000, "100 %");
	is_int(chart_fixed(1e300, 100, 1000), 100000, "1e300: at most hi");
	is_int(chart_fixed(strtod("inf", NULL), 100, 1000), 100000,
	    "an infinity: at most hi");
	is_int(chart_fixed(strtod("nan", NULL), 100, 1000), 0, "NaN: 0");
	is_int(chart_fixed(-5, 100, 1000), 0, "below 0: 0");
	is_int(chart_fixed(-1e300, 100, 1000), 0, "-1e300: 0");
}

static void
test_bar(void)
{
	char b[CHART_BARSIZE(10)];

	is_int(chart_bar(b, 10, 10, 4, CHART_BLOCKS, 0), 4, "full: 4 columns");
	is_str(b, "\342\226\210\342\226\210\342\226\210\342\226\210",
	    "full: four U+2588");
	chart_bar(b, 1, 32, 4, CHART_BLOCKS, 0);
	is_str(b, "\342\226\217", "1/32 of 4 columns: one eighth, U+258F");
	chart_bar(b, 7, 32, 4, CHART_BLOCKS, 0);
	is_str(b, "\342\226\211", "7/32: seven eighths, U+2589");
	chart_bar(b, 9, 32, 4, CHART_BLOCKS, 0);
	is_str(b, "\342\226\210\342\226\217", "9/32: a block and an eighth");
	chart_bar(b, 20, 32, 4, CHART_BLOCKS, 0);
	is_str(b, "\342\226\210\342\226\210\342\226\214", "20/32: 2 and a half");
	is_int(chart_bar(b, 0, 32, 4, CHART_BLOCKS, 1), 0, "zero: no bar");
	is_str(b, "    ", "zero, padded: four spaces");
	chart_bar(b, 1, 32, 4, CHART_BLOCKS, 1);
	is_str(b, "\342\226\217   ", "padded to the columns");
	chart_bar(b, 10, 20, 4, CHART_HASH, 0);
	is_str(b, "##", "'#': a step a column");
	chart_bar(b, 1, 1000, 4, CHART_HASH, 1);
	is_str(b, "#   ", "'#': a tiny value is one, padded");
	is_int(chart_bar(b, 5, 5, 0, CHART_BLOCKS, 1), 0, "no columns: none");
	is_str(b, "", "no columns: empty");
}

static char *
draw(const struct chart_row *r, size_t n, int width, enum chart_style st)
{
	struct cap c;

	chart_write(cap_open(&c), r, n, width, st);
	return cap_close(&c);
}

/* Every line of s no wider than width; its widest line's width. */
static size_t
widest(char *s)
{
	char *line, *save = NULL;
	size_t w, max = 0;

	for (line = strtok_r(s, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save))
		if ((w = table_width(line)) > max)
			max = w;
	return max;
}

static void
test_write(void)
{
	static const struct chart_row r[] = {
		{ "2026-12-01", 400, "0.04" },
		{ "2026-12-02", 0, "0" },
		{ "2026-12-03", 100, "0.01" },
		{ "2026-12-04", 1, "0.0001" },
	};
	static const int widths[] = { 200, 80, 40, 30, 21, 20, 19, 12, 8,
		6, 5, 1, 0 };
	char *s, name[64];
	size_t i;

	s = draw(r, 4, 30, CHART_HASH);
	is_str(s,
	    "2026-12-01    0.04 ###########\n"
	    "2026-12-02       0\n"
	    "2026-12-03    0.01 ###\n"
	    "2026-12-04  0.0001 #\n",
	    "30 columns, '#': the largest to the edge, zero none, tiny one");
	free(s);
	s = draw(r, 4, 24, CHART_BLOCKS);
	is_str(s,
	    "2026-12-01    0.04 \342\226\210\342\226\210\342\226\210"
	    "\342\226\210\342\226\210\n"
	    "2026-12-02       0\n"
	    "2026-12-03    0.01 \342\226\210\342\226\216\n"
	    "2026-12-04  0.0001 \342\226\217\n",
	    "24 columns, blocks: 1/4 of 5 columns is 1 2/8");
	free(s);
	s = draw(r, 4, 20, CHART_HASH);
	is_str(s,
	    "2026-12-01    0.04 #\n"
	    "2026-12-02       0\n"
	    "2026-12-03    0.01 #\n"
	    "2026-12-04  0.0001 #\n",
	    "20 columns: bars of one column");
	free(s);
	s = draw(r, 4, 19, CHART_HASH);
	is_str(s,
	    "2026-12-01    0.04\n"
	    "2026-12-02       0\n"
	    "2026-12-03    0.01\n"
	    "2026-12-04  0.0001\n",
	    "19 columns: no room for a bar, the numbers still");
	free(s);
	s = draw(r, 4, 12, CHART_HASH);
	is_str(s,
	    "2026    0.04\n"
	    "2026       0\n"
	    "2026    0.01\n"
	    "2026  0.0001\n",
	    "12 columns: the labels cut to fit beside the numbers");
	free(s);
	s = draw(r, 4, 5, CHART_HASH);
	is_str(s, "  0.04\n     0\n  0.01\n0.0001\n",
	    "5 columns: the numbers whole, no label, no bar");
	free(s);
	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		s = draw(r, 4, widths[i], CHART_BLOCKS);
		snprintf(name, sizeof name, "width %d: no line past it",
		    widths[i]);
		ok(widest(s) <= (size_t)(widths[i] > 6 ? widths[i] : 6),
		    "%s", name);
		free(s);
	}
	s = draw(r, 0, 80, CHART_BLOCKS);
	is_str(s, "", "no rows: nothing");
	free(s);
}

static void
test_wide_labels(void)
{
	/* Two columns a character: cut on a character, never in one. */
	static const struct chart_row r[] = {
		{ "\346\227\245\346\234\254\350\252\236", 2, "2" },
		{ "ab", 1, "1" },
	};
	char *s;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL) {
		ok(1, "# skip no UTF-8 locale");
		return;
	}
	is_int(chart_style(), CHART_BLOCKS, "UTF-8 locale: blocks");
	s = draw(r, 2, 12, CHART_BLOCKS);
	is_str(s, "\346\227\245\346\234\254\350\252\236  2 \342\226\210\342\226\210\n"
	    "ab      1 \342\226\210\n", "CJK label, 6 columns, width 12: bars of 2 columns");
	free(s);
	s = draw(r, 2, 7, CHART_BLOCKS);
	is_str(s, "\346\227\245\346\234\254  2\nab    1\n",
	    "7 columns: the label cut to 4 columns, two characters");
	free(s);
	s = draw(r, 2, 6, CHART_BLOCKS);
	is_str(s, "\346\227\245   2\nab   1\n",
	    "6 columns: 3 for the label, one character of two, padded");
	free(s);
	setlocale(LC_CTYPE, "C");
	is_int(chart_style(), CHART_HASH, "C locale: '#'");
}

int
main(void)
{
	test_steps();
	test_fixed();
	test_bar();
	test_write();
	test_wide_labels();
	return tap_done();
}
