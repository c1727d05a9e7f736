/*
 * resume: orchat --batch --resume FILE -- which input lines a previous
 * output already answered, so that a rerun pays only for the others.
 */
#ifndef RESUME_H
#define RESUME_H

#include "util.h"

struct or_error;
struct resume;

/*
 * Read FILE (path): the ids of its lines that succeeded, wherever they
 * are, so that FILE may hold several runs appended (>>).  0, or 66 (FILE
 * cannot be read, or a line of it held) or 2 (FILE is the batch's input,
 * one of argv or stdin, or standard output opened with >, which emptied
 * it), with e filled.
 */
int	 resume_open(const char *path, int argc, char *const argv[],
	    struct resume **, struct or_error *e);
/*
 * Was the input line numbered lineno, with this id (compact JSON text),
 * answered in FILE?  Of lines that share an id, as many are as FILE has
 * successes of it, the first ones; the others are not, with a warning.
 */
int	 resume_done(struct resume *, const struct buf *id, long long lineno);
void	 resume_free(struct resume *);

#endif
