/*
 * linein: a batch's input lines, read as they come.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "linein.h"
#include "util.h"

void
linein_init(struct linein *li, int argc, char *const argv[])
{
	memset(li, 0, sizeof *li);
	li->names = argv;
	li->nnames = argc;
	li->fd = -1;
	buf_init(&li->ib, 0);
}

void
linein_free(struct linein *li)
{
	if (li->fd > 0)
		close(li->fd);
	li->fd = -1;
	buf_free(&li->ib);
}

/* Open the next input: 1, or 0 when there is none left. */
static int
open_next(struct linein *li)
{
	for (;;) {
		if (li->ni >= li->nnames && !(li->nnames == 0 && li->ni == 0))
			return 0;
		li->in_name = li->nnames ? li->names[li->ni] : "-";
		li->ni++;
		if (strcmp(li->in_name, "-") == 0) {
			li->in_name = "stdin";	/* as the other inputs say */
			li->fd = 0;
		} else if ((li->fd = open(li->in_name, O_RDONLY | O_CLOEXEC)) ==
		    -1) {
			warnx("%s: %s", li->in_name, strerror(errno));
			li->status = EX_NOINPUT;
			continue;
		}
		li->ieof = li->toolong = 0;
		return 1;
	}
}

/*
 * Hand out the line ending at p + n (n bytes, its newline not counted).
 * The cap is checked here, on the whole line, to the byte: before a
 * read, only what was kept of it is known.
 */
static int
give_line(struct linein *li, size_t n, size_t used, size_t *len)
{
	li->line = li->ib.p + li->ioff;
	*len = n;
	li->ioff += used;
	li->lineno++;
	li->line_toolong = li->toolong || n > LINEIN_MAX_BYTES;
	li->toolong = 0;
	if (li->line_toolong)
		*len = 0;
	return 1;
}

/*
 * A pipe is read as it writes: a batch fed slowly answers each line
 * without waiting for the next.
 */
int
linein_next(struct linein *li, size_t *n, int block)
{
	struct pollfd pfd;
	char chunk[65536], *nl;
	size_t avail;
	ssize_t r;

	for (;;) {
		if (li->fd == -1) {
			if (!open_next(li)) {
				li->eof = 1;
				return 0;
			}
			buf_reset(&li->ib);
			li->ioff = 0;
		}
		avail = li->ib.len - li->ioff;
		if (avail && (nl = memchr(li->ib.p + li->ioff, '\n', avail)))
			return give_line(li, nl - (li->ib.p + li->ioff),
			    nl - (li->ib.p + li->ioff) + 1, n);
		if (li->ieof) {
			if (li->fd != 0)
				close(li->fd);
			li->fd = -1;
			/* A last line without its newline. */
			if (avail || li->toolong)
				return give_line(li, avail, avail, n);
			continue;
		}
		/* Keep no more of a line than a line may be. */
		if (avail > LINEIN_MAX_BYTES) {
			li->toolong = 1;
			li->ioff = li->ib.len;
		}
		if (li->ioff) {
			memmove(li->ib.p, li->ib.p + li->ioff, li->ib.len - li->ioff);
			li->ib.len -= li->ioff;
			li->ioff = 0;
		}
		if (!block) {
			pfd.fd = li->fd;
			pfd.events = POLLIN;
			if (poll(&pfd, 1, 0) == 0)
				return 2;
		}
		if ((r = read(li->fd, chunk, sizeof chunk)) == -1) {
			if (errno == EINTR || (errno == EAGAIN && !block))
				return 2;
			/*
			 * A pipe left non-blocking (O_NONBLOCK, by a parent
			 * such as Node.js): wait as a blocking read would,
			 * not spin; a signal ends the wait as it ends a read.
			 */
			if (errno == EAGAIN) {
				pfd.fd = li->fd;
				pfd.events = POLLIN;
				if (poll(&pfd, 1, -1) != -1)
					continue;
				if (errno == EINTR)
					return 2;
			}
			warnx("%s: %s", li->in_name, strerror(errno));
			li->status = EX_NOINPUT;
			li->ieof = 1;
		} else if (r == 0)
			li->ieof = 1;
		else
			buf_add(&li->ib, chunk, (size_t)r);
	}
}

/* Lines with something in them, in the regular file fd; -1 otherwise. */
static long long
count_lines(int fd)
{
	char buf[65536];
	struct stat st;
	long long n = 0;
	ssize_t r, i;
	int blank = 1;
	off_t at;

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (at = lseek(fd, 0, SEEK_CUR)) == -1)
		return -1;
	while ((r = pread(fd, buf, sizeof buf, at)) > 0) {
		at += r;
		for (i = 0; i < r; i++) {
			if (buf[i] == '\n') {
				n += !blank;
				blank = 1;
			} else if (!strchr(" \t\r", buf[i]))
				blank = 0;
		}
	}
	return r < 0 ? -1 : n + !blank;
}

long long
linein_count(const struct linein *li)
{
	long long sum = 0, n;
	int i, fd;

	if (li->nnames == 0)
		return count_lines(0);
	for (i = 0; i < li->nnames; i++) {
		if (strcmp(li->names[i], "-") == 0)
			n = count_lines(0);
		else if ((fd = open(li->names[i], O_RDONLY | O_CLOEXEC)) ==
		    -1)
			n = -1;
		else {
			n = count_lines(fd);
			close(fd);
		}
		if (n < 0)
			return -1;
		sum += n;
	}
	return sum;
}
