/*
 * t_table: aligned tables and tab-separated rows, JSON records, counts as
 * cells, and the display width of text: one column a character under the
 * C locale, wcwidth's under a UTF-8 one, so that CJK and emoji line up.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "table.h"
#include "tap.h"
#include "tutil.h"

static void
test_count(void)
{
	char b[64];

	is_str(table_count(128000, 0, b, sizeof b), "128000", "count plain");
	is_str(table_count(128000, 1, b, sizeof b), "128,000", "count human");
	is_str(table_count(1048576, 1, b, sizeof b), "1,048,576", "a million");
	is_str(table_count(999, 1, b, sizeof b), "999", "no separator");
	is_str(table_count(0, 1, b, sizeof b), "0", "zero");
	is_str(table_count(-1, 1, b, sizeof b), "-", "unknown");
}

static void
test_table(void)
{
	static const char *const heads[] = { "ID", "N", "NAME" };
	static const unsigned flags[] = { 0, TABLE_RIGHT, 0 };
	static const char *const r1[] = { "a/b", "5", "First" };
	static const char *const r2[] = { "a/longer", "12345",
	    "S\303\251cond" };
	struct table *t;
	struct table_json j;
	struct cap c;
	char *s;
	int human;

	for (human = 0; human < 2; human++) {
		t = table_new(3, heads, flags, human);
		table_add(t, r1);
		table_add(t, r2);
		table_write(t, cap_open(&c), 0);
		s = cap_close(&c);
		is_str(s, human ?
		    "ID            N  NAME\n"
		    "a/b           5  First\n"
		    "a/longer  12345  S\303\251cond\n" :
		    "a/b\t5\tFirst\na/longer\t12345\tS\303\251cond\n",
		    human ? "aligned, numbers right, no trailing blanks" :
		    "tab-separated, no header");
		free(s);
		table_free(t);
	}
	t = table_new(3, heads, flags, 0);
	table_stream(t, cap_open(&c));
	table_add(t, r1);
	fputs("|", c.fp);
	table_add(t, r2);
	table_write(t, c.fp, 0);
	s = cap_close(&c);
	is_str(s, "a/b\t5\tFirst\n|a/longer\t12345\tS\303\251cond\n",
	    "streamed: each row as it is added, nothing more at the end");
	free(s);
	table_free(t);
	t = table_new(3, heads, flags, 1);
	table_write(t, cap_open(&c), 1);
	s = cap_close(&c);
	is_str(s, "\033[1mID  N  NAME\033[0m\n", "colour: a bold header");
	free(s);
	table_free(t);

	table_json_begin(&j, cap_open(&c), 0);
	table_json_add(&j, "{ \"a\" : [1, 2],\n \"b\": \"x y\\\" z\" }", 33);
	table_json_add(&j, "{}", 2);
	table_json_end(&j);
	s = cap_close(&c);
	is_str(s, "[\n{\"a\":[1,2],\"b\":\"x y\\\" z\"},\n{}\n]\n",
	    "JSON array, records compacted, strings kept");
	free(s);
	table_json_begin(&j, cap_open(&c), 0);
	table_json_end(&j);
	s = cap_close(&c);
	is_str(s, "[]\n", "an empty array");
	free(s);
	table_json_begin(&j, cap_open(&c), 1);
	table_json_add(&j, "{\n\"a\": 1\n}", 10);
	table_json_add(&j, "[ ]", 3);
	table_json_end(&j);
	s = cap_close(&c);
	is_str(s, "{\"a\":1}\n[]\n", "JSON Lines");
	free(s);
}

#define CJK	"\xe9\x80\x9a\xe4\xb9\x89\xe5\x8d\x83\xe9\x97\xae"	/* 4 wide */
#define ROBOT	"\xf0\x9f\xa4\x96"	/* U+1F916, wide */
#define EACUTE	"e\xcc\x81"		/* e and a combining acute */

/* A human table of names: CJK, emoji, Latin. */
static char *
names_table(void)
{
	static const char *const heads[] = { "NAME", "CTX" };
	static const unsigned flags[] = { 0, TABLE_RIGHT };
	static const char *const r[][2] = {
		{ CJK, "1" }, { ROBOT " bot", "22" }, { "gpt-4o", "333" },
		{ "caf" EACUTE, "4" },
	};
	struct table *t = table_new(2, heads, flags, 1);
	struct cap c;
	size_t i;

	for (i = 0; i < sizeof r / sizeof r[0]; i++)
		table_add(t, r[i]);
	table_write(t, cap_open(&c), 0);
	table_free(t);
	return cap_close(&c);
}

/* Widths in the C locale and in a UTF-8 one. */
static const struct {
	const char	*s, *what;
	int		 c, utf8;
} widths[] = {
	{ "abc", "ascii", 3, 3 },
	{ "Anthropic\xe2\x80\x99s", "a curly quote (one character)", 11,
	    11 },
	{ CJK, "CJK", 4, 8 },
	{ ROBOT, "an emoji", 1, 2 },
	{ EACUTE, "a combining mark", 2, 1 },
	{ "a\377\200b", "not UTF-8 (a byte a column, a stray continuation "
	    "none)", 3, 3 },
};

/* The widths and the table of names in the locale set now. */
static void
check_widths(int utf8, const char *table)
{
	const char *loc = utf8 ? "UTF-8" : "C locale";
	char *s;
	size_t i;

	for (i = 0; i < sizeof widths / sizeof widths[0]; i++)
		is_int(table_width(widths[i].s), utf8 ? widths[i].utf8 :
		    widths[i].c, "%s: %s", loc, widths[i].what);
	s = names_table();
	is_str(s, table, "%s: the names line up", loc);
	free(s);
}

static void
test_width(void)
{
	static const char *const heads[] = { "NAME", "CTX" };
	static const char *const r[] = { CJK, "1" };
	struct table *t;
	struct cap c;
	char *s;
	int before;

	setlocale(LC_CTYPE, "C");
	/* One column a character, as before. */
	check_widths(0,
	    "NAME    CTX\n"
	    CJK "      1\n"
	    ROBOT " bot    22\n"
	    "gpt-4o  333\n"
	    "caf" EACUTE "     4\n");

	before = tap_n;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "C.utf8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		while (tap_n < before + 8)
			printf("ok %d # skip no UTF-8 locale\n", ++tap_n);
		return;
	}
	/* Every CTX cell ends in column 13: the names take 8, 6, 6, 4. */
	check_widths(1,
	    "NAME      CTX\n"
	    CJK "    1\n"
	    ROBOT " bot     22\n"
	    "gpt-4o    333\n"
	    "caf" EACUTE "        4\n");
	t = table_new(2, heads, NULL, 0);
	table_add(t, r);
	table_write(t, cap_open(&c), 0);
	table_free(t);
	s = cap_close(&c);
	is_str(s, CJK "\t1\n", "UTF-8: a pipe gets the bytes as given");
	free(s);
	setlocale(LC_CTYPE, "C");
}

int
main(void)
{
	test_count();
	test_table();
	test_width();
	return tap_done();
}
