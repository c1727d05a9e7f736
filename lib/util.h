/*
 * util: the small things every command needs.
 *
 * Allocation that cannot fail quietly (x*), a growable byte buffer with a hard
 * cap, the closing of stdout that makes a write error part of the exit status,
 * git's check_pipe(), the cleaning of text that came from the network
 * before it reaches a terminal, and the files orkit writes: atomically,
 * in a cache directory no one else can write to.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct stat;

#define ORKIT_VERSION "0.1.0"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/*
 * A NUL-terminated byte buffer that grows geometrically up to cap bytes
 * (cap 0: no limit).  buf_add returns -1, leaving the buffer as it was, when
 * the cap would be passed; allocation failure is fatal.  The bytes may hold
 * NULs; b->len counts them.
 */
struct buf {
	char	*p;
	size_t	 len;
	size_t	 size;
	size_t	 cap;
};

void	 buf_init(struct buf *, size_t cap);
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_adds(struct buf *, const char *);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);
char	*buf_take(struct buf *);	/* hand the bytes to the caller */

/*
 * Flush and close a stream that carried output; on failure print
 * "prog: write error: why" and return -1.  A closed pipe (EPIPE) prints
 * nothing and ends the process the way SIGPIPE would have (check_pipe).
 */
int	 out_close(FILE *);

/*
 * If err is EPIPE: restore SIGPIPE's default action and raise it; when
 * that returns (the parent left SIGPIPE blocked), exit(141), the status a
 * shell shows for a death by SIGPIPE, as git does.  Otherwise returns.
 */
void	 check_pipe(int err);

/*
 * Copy src to dst (at most size bytes with the NUL), replacing control
 * characters and invalid UTF-8 so that text from a server cannot drive a
 * terminal; newlines become spaces, giving one line.  Returns dst.
 */
char	*sanitize(char *dst, size_t size, const char *src, size_t len);

/*
 * Text from a model on its way to a terminal, which may arrive in pieces
 * cut anywhere: term_clean appends s[0..n) to out with every C0 control
 * but newline and tab, DEL, every C1 control and every byte that is not
 * part of valid UTF-8 replaced by '?', so that the text cannot set a
 * window title, write the clipboard or move the cursor.  A character cut
 * at the end of a piece is held until the next (a piece of any length,
 * even 0, may follow); term_clean_end gives out what is still held, as
 * '?'s.  The cleaning of a text is the same however it is cut.  For
 * output to a terminal only: a pipe gets the bytes as they are.
 */
struct term_clean {
	unsigned char	 held[4];
	size_t		 nheld;
};

void	 term_clean_init(struct term_clean *);
void	 term_clean(struct term_clean *, struct buf *out, const char *s,
	    size_t n);
void	 term_clean_end(struct term_clean *, struct buf *out);

/* Parse a decimal number of seconds ("30", "2.5") to milliseconds. */
int	 parse_seconds(const char *, long long *ms, long long maxms);
/* c with an ASCII capital made small; any other byte as it is. */
int	 ascii_lower(int c);

/* Parse a decimal integer in [min, max]. */
int	 parse_long(const char *, long long min, long long max, long long *);

/* Read a whole file (or stdin for "-") into b; -1 with errno set on failure. */
int	 read_file(const char *path, struct buf *b);
int	 read_fd(int fd, struct buf *b);
/*
 * Open a file of orkit's own (in the cache) for reading: a regular file
 * only, never blocking on a FIFO or a device planted there (-1, errno
 * EINVAL).  The descriptor, or -1 with errno; *st, when not NULL, is its
 * fstat.  read_own: the same, read whole into b.
 */
int	 open_own(const char *path, struct stat *st);
int	 read_own(const char *path, struct buf *b);

/* mkdir -p, mode 0755; 0 or -1 with errno. */
int	 mkdirs(const char *dir);

/*
 * The file path names, its symbolic links followed (up to 40, dangling
 * ones too, a relative link read from the link's directory), into out:
 * where to write so that a link stays a link.  path itself when it is no
 * link or does not exist.  0, or -1 with errno (ELOOP, ENAMETOOLONG, ...).
 */
int	 link_target(const char *path, char *out, size_t size);

/*
 * Replace path with data[0..len) atomically, the one way orkit writes a
 * file: a temporary file made by mkstemp(3) in the same directory
 * (".NAME.tmp.XXXXXX"), written, fsync'd, renamed over path, then the
 * directory fsync'd, so a reader sees the old file or the new, never half,
 * and a crash keeps one of them.  An existing file keeps its mode; a new
 * one gets mode less the umask (0600 for a private file).  A symbolic
 * link at path is replaced, never written through (resolve it first with
 * link_target to write its target); mkstemp's name cannot be planted.
 * SIGHUP, SIGINT, SIGQUIT and SIGTERM are held while the temporary file
 * exists, so that one of them ends the process with the old file or the
 * new, and no temporary file.  0, or -1 with errno set and no temporary
 * file left.
 */
int	 write_atomic_mode(const char *path, const void *data, size_t len,
	    mode_t mode);
/*
 * write_atomic_mode, with the file's modification time set to *mtime
 * (when not NULL) before it takes path's place, and its stat, as it was
 * renamed, in *st (when not NULL): a caller keying something to the file
 * (an index) keys it to this file, not to one put there since.
 */
struct stat;
struct timespec;
int	 write_atomic_stat(const char *path, const void *data, size_t len,
	    mode_t mode, const struct timespec *mtime, struct stat *st);
/*
 * write_atomic_mode for a file whose reader refuses it when others may
 * write it (an entry of the response cache): made 0600 always, whatever
 * the file it replaces had and whatever the umask, so that an entry
 * refused for its mode is not stored again with that mode.
 */
int	 write_atomic_private(const char *path, const void *data, size_t len);

/* The environment variable name when it is set and not empty, else NULL. */
const char *env_value(const char *name);
/* A whole number of at least 0 from the environment (a TTL), else dflt. */
long long env_count(const char *name, long long dflt);
/*
 * An XDG base directory with path after it: "$var/path" (var as
 * "XDG_CONFIG_HOME"), else "$HOME/home_sub/path" (home_sub as ".config"),
 * in dir (size bytes with the NUL).  Returns its length, or -1 with
 * errno: ENOENT when neither variable is set, ENAMETOOLONG when it does
 * not fit.
 */
int	 xdg_dir(const char *var, const char *home_sub, const char *path,
	    char *dir, size_t size);
/*
 * The cache directory, $XDG_CACHE_HOME/orkit (else ~/.cache/orkit), with
 * /sub after it unless sub is ""; 0, or -1 with errno: ENOENT when there
 * is neither variable, ENAMETOOLONG when it does not fit, EPERM when
 * either directory exists but others can write to it (unless it is
 * sticky) or another user owns it -- said on stderr, once a process:
 * the caller works without the cache and need not say it again.
 */
int	 cache_dir(const char *sub, char *dir, size_t size);
/*
 * s[0..n) percent-encoded into out (size bytes with the NUL): letters,
 * digits and the bytes in keep as they are, every other byte as %XX.
 * Returns the length, or -1 when it does not fit.
 */
int	 pct_encode(const char *s, size_t n, const char *keep, char *out,
	    size_t size);
/*
 * The edit distance of a and b: insertions, deletions, substitutions and
 * swaps of two neighbours each count one (optimal string alignment, or
 * restricted Damerau-Levenshtein), ASCII case ignored; only the first 128
 * bytes of each count.  For "did you mean" hints.
 */
size_t	 edit_distance(const char *a, const char *b);
/* The name the program was called by, for messages. */
const char *progname(void);
/*
 * Each of fds 0, 1 and 2 that is closed gets /dev/null, opened so that
 * using it fails (EBADF): standard input write-only, standard output and
 * error read-only.  Then no file or socket opened later takes their place
 * -- libcurl's wake-up socket read as the input, or written the answers --
 * and a closed stdin is an input that cannot be read (66), a closed stdout
 * a write error (74).  Called first, by opts_init; exits 69 when
 * /dev/null cannot be opened (a support file missing).
 */
void	 std_fds(void);

/* Monotonic milliseconds, for timeouts and back-off. */
long long now_ms(void);

#endif
