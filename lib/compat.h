/*
 * compat: what glibc has and other Unix systems spell differently or lack.
 *
 * There is no configure step: each HAVE_* below has a default from the
 * compiler's own platform macros, and a build for a system they judge
 * wrongly sets it in CFLAGS (-DHAVE_EXPLICIT_BZERO=0, and so on).  Include
 * this after the system headers.  The compat_* replacements are always
 * built, so that they are tested here too.
 */
#ifndef COMPAT_H
#define COMPAT_H

#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

/*
 * explicit_bzero: glibc 2.25, musl, FreeBSD, OpenBSD and DragonFly have it;
 * NetBSD (explicit_memset) and macOS (memset_s) do not.
 */
#ifndef HAVE_EXPLICIT_BZERO
#if defined(__APPLE__) || defined(__NetBSD__) || \
    (defined(__GLIBC__) && __GLIBC__ == 2 && __GLIBC_MINOR__ < 25)
#define HAVE_EXPLICIT_BZERO 0
#else
#define HAVE_EXPLICIT_BZERO 1
#endif
#endif

/*
 * Set n bytes at p to zero in a way the compiler may not drop as a store
 * to memory that is never read again (a key about to be freed).
 */
void	compat_explicit_bzero(void *p, size_t n);
#if !HAVE_EXPLICIT_BZERO
#define explicit_bzero compat_explicit_bzero
#endif

/*
 * timegm: the inverse of gmtime, in every libc orkit is built on, but not
 * in POSIX.  compat_timegm does what timegm does: it reads the broken-down
 * UTC time in *tm (fields out of range allowed), normalises *tm as gmtime
 * would write it, and returns the seconds since the epoch, or -1 with *tm
 * unchanged when the result does not fit a time_t.
 */
#ifndef HAVE_TIMEGM
#define HAVE_TIMEGM 1
#endif
time_t	compat_timegm(struct tm *tm);
#if !HAVE_TIMEGM
#define timegm compat_timegm
#endif

/*
 * COMPAT_MTIM(sp): the modification time of the struct stat at sp as a
 * struct timespec (an lvalue).  POSIX 2008 names it st_mtim, as glibc, musl
 * and the BSDs do; macOS names it st_mtimespec.
 */
#ifndef HAVE_ST_MTIMESPEC
#if defined(__APPLE__)
#define HAVE_ST_MTIMESPEC 1
#else
#define HAVE_ST_MTIMESPEC 0
#endif
#endif
#if HAVE_ST_MTIMESPEC
#define COMPAT_MTIM(sp) ((sp)->st_mtimespec)
#else
#define COMPAT_MTIM(sp) ((sp)->st_mtim)
#endif

#endif
