/*
 * resume: orchat --batch --resume FILE -- the ids of a previous output's
 * lines that succeeded, and whether an input line is one of them.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "batchio.h"
#include "error.h"
#include "resume.h"
#include "util.h"

struct resume {
	/* The ids of FILE's lines that succeeded, each with how many did;
	 * the input's lines so far with one of those ids. */
	struct batch_ids	*ids, *seen;
};

/*
 * Is the open file fd one of the inputs (argv, none or "-": stdin)?  Read
 * as --resume, a pipe or a terminal would be eaten before the batch.
 */
static int
is_input(int fd, int argc, char *const argv[])
{
	struct stat a, in;
	int i;

	if (fstat(fd, &a) == -1)
		return 0;
	for (i = 0; i < argc || (argc == 0 && i == 0); i++) {
		if (argc == 0 || strcmp(argv[i], "-") == 0) {
			if (fstat(0, &in) == -1)
				continue;
		} else if (stat(argv[i], &in) == -1)
			continue;
		if (a.st_dev == in.st_dev && a.st_ino == in.st_ino)
			return 1;
	}
	return 0;
}

/*
 * Is the open file fd also standard output, opened without O_APPEND (the
 * shell's >, which emptied it): read as --resume it would say nothing was
 * answered, and every line would be paid for again.
 */
static int
is_stdout_emptied(int fd)
{
	struct stat a, o;
	int fl;

	return fstat(fd, &a) == 0 && fstat(1, &o) == 0 &&
	    S_ISREG(a.st_mode) && a.st_dev == o.st_dev &&
	    a.st_ino == o.st_ino && (fl = fcntl(1, F_GETFL)) != -1 &&
	    !(fl & O_APPEND);
}

int
resume_open(const char *path, int argc, char *const argv[],
    struct resume **out, struct or_error *e)
{
	struct resume *rs;
	struct buf id;
	char *line = NULL, *p;
	size_t cap = 0;
	ssize_t len;
	FILE *fp;
	int err;

	if ((fp = fopen(path, "r")) == NULL)
		return error_set(e, EX_NOINPUT, "--resume %s: %s", path,
		    strerror(errno));
	if (is_input(fileno(fp), argc, argv)) {
		fclose(fp);
		return error_set(e, OR_EX_USAGE, "--resume %s: that is the "
		    "batch's input, not a previous output", path);
	}
	if (is_stdout_emptied(fileno(fp))) {
		fclose(fp);
		return error_set(e, OR_EX_USAGE, "--resume %s: that is also "
		    "standard output, opened to be written over (>), which "
		    "emptied it; append with >>", path);
	}
	*out = rs = xcalloc(1, sizeof *rs);
	rs->ids = batchio_ids_new();
	rs->seen = batchio_ids_new();
	buf_init(&id, 0);
	errno = 0;
	while ((len = getline(&line, &cap, fp)) != -1) {
		p = line;
		if (len && p[len - 1] == '\n')
			len--;
		/*
		 * An editor's UTF-8 byte order mark, at the start of FILE or
		 * of each file that cat(1) joined into it: the line counts.
		 */
		if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			len -= 3;
		}
		if (batchio_done(p, (size_t)len, &id) == 1)
			batchio_ids_add(rs->ids, id.p, id.len);
		errno = 0;
	}
	/* getline's ENOMEM is no end of FILE: all after it would be paid
	 * for again. */
	err = ferror(fp) || !feof(fp) ? (errno ? errno : EIO) : 0;
	fclose(fp);
	free(line);
	buf_free(&id);
	if (err)
		return error_set(e, EX_NOINPUT, "--resume %s: %s", path,
		    strerror(err));
	return 0;
}

/*
 * FILE may hold several runs,
 * each appended to the last (>>), so a line is answered when FILE has a
 * line of its id that succeeded, wherever.  Of input lines that share an
 * id, as many are skipped as FILE has successes of it, the first ones;
 * FILE cannot tell which of them those were, so the others are sent
 * again, with a warning, never skipped unanswered.
 */
int
resume_done(struct resume *rs, const struct buf *id, long long lineno)
{
	char shown[64];
	uint32_t done, nth;

	if ((done = batchio_ids_has(rs->ids, id->p, id->len)) == 0 ||
	    (nth = batchio_ids_add(rs->seen, id->p, id->len)) == 0)
		return 0;
	if (nth <= done)
		return 1;
	warnx("line %lld: id %s is on more lines than --resume's file "
	    "answered (%u); sent again, as lines are told apart by their "
	    "ids", lineno, sanitize(shown, sizeof shown, id->p,
	    id->len), (unsigned)done);
	return 0;
}

void
resume_free(struct resume *rs)
{
	if (rs == NULL)
		return;
	batchio_ids_free(rs->ids);
	batchio_ids_free(rs->seen);
	free(rs);
}
