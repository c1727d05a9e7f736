/*
 * sha256: the SHA-256 hash of FIPS 180-4, section 6.2, for the keys of
 * the response cache (rcache) and the check of an entry's body.
 *
 * No I/O, no allocation.  Feed the bytes in pieces of any size; the
 * digest is the same however they are cut.
 */
#ifndef SHA256_H
#define SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_SIZE	32	/* bytes of a digest */
#define SHA256_HEXSIZE	65	/* its hex digits and a NUL */

struct sha256 {
	uint32_t	 h[8];		/* the hash value so far */
	uint64_t	 len;		/* bytes fed */
	unsigned char	 block[64];	/* a block not yet full */
	size_t		 nblock;
};

void	 sha256_init(struct sha256 *);
/* Feed p[0..n); p is read during the call only (NULL when n is 0). */
void	 sha256_add(struct sha256 *, const void *p, size_t n);
/* The digest of all that was fed; the context must be inited again. */
void	 sha256_end(struct sha256 *, unsigned char out[SHA256_SIZE]);
/* The digest as 64 lower-case hex digits and a NUL. */
void	 sha256_hex(struct sha256 *, char out[SHA256_HEXSIZE]);

#endif
