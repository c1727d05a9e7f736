/*
 * table: records out, for a person or for a program.
 *
 * Rows of text cells are written as an aligned table under a header (a
 * terminal) or as tab-separated lines with no header (a pipe); JSON
 * records are copied compactly from the raw text of validated JSON values
 * (--json, --jsonl).  Nothing here knows what the cells mean.
 */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>
#include <stdio.h>

#define TABLE_RIGHT	1u	/* a column of numbers: right-aligned */

struct table;

/*
 * A table of ncols columns with these headers and flags (flags may be
 * NULL); both are copied.  human: it will be shown to a person (aligned,
 * header), so cells may be written for reading (128,000) rather than for
 * a program (128000).
 */
struct table *table_new(size_t ncols, const char *const *heads,
	    const unsigned *flags, int human);
int	 table_human(const struct table *);
/*
 * A table that is not human needs no column widths, so its rows can go to
 * fp as they are added, never stored (a long listing then costs no
 * memory); table_write adds nothing more.  No effect on a human table.
 */
void	 table_stream(struct table *, FILE *);
/* Add a row: ncols cells, copied (or written at once); NULL is empty. */
void	 table_add(struct table *, const char *const *cells);
/*
 * Write the rows: aligned under a header when the table is human (the
 * header in bold when colour is set), else one line per row with the
 * cells separated by tabs, byte for byte as added.  Returns -1 on a write
 * error.
 */
int	 table_write(const struct table *, FILE *, int colour);
/*
 * The display columns of the widest line table_write would write for a
 * human table (its rows so far, the header counted); 0 for any other.
 */
size_t	 table_linewidth(const struct table *);
void	 table_free(struct table *);

/*
 * Columns that UTF-8 text takes on a terminal.  Under a UTF-8 LC_CTYPE,
 * each character counts its wcwidth(3): two for CJK and most emoji, none
 * for combining marks.  Otherwise (LC_ALL=C), and for a character
 * wcwidth does not know, one column per character.  A byte that is not
 * UTF-8 counts one column, a stray continuation byte none.
 */
size_t	 table_width(const char *);

/*
 * A count as a cell: 128000 as "128000", or as "128,000" when human; a
 * negative one (unknown) as "-".  Returns buf.
 */
char	*table_count(long long, int human, char *buf, size_t size);

/*
 * JSON records, one value's raw text at a time: an array (one record a
 * line between "[" and "]") or JSON Lines.  Each record is written
 * compactly (whitespace outside strings dropped), otherwise as given.
 */
struct table_json {
	FILE	*fp;
	int	 lines;		/* JSON Lines rather than an array */
	size_t	 n;
};
void	 table_json_begin(struct table_json *, FILE *, int lines);
/* raw: a validated JSON value's text, len bytes; borrowed for the call. */
void	 table_json_add(struct table_json *, const char *raw, size_t len);
/* The same for raw that is compact already (jw's output): copied as is. */
void	 table_json_put(struct table_json *, const char *raw, size_t len);
void	 table_json_end(struct table_json *);

#endif
