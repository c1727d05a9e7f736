/*
 * fz.h: what the fuzz harnesses share -- a failure that names its check,
 * a growing byte buffer, and a UTF-8 check written apart from the
 * project's own (lib/jlex.h), so that the two can be held against each
 * other.  Each harness defines LLVMFuzzerTestOneInput; it is linked either
 * with libFuzzer or with replay.c, which runs it over files.
 */
#ifndef FZ_H
#define FZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A broken invariant: say which, and abort so the fuzzer keeps the input. */
#define FZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #cond);					\
		abort();						\
	}								\
} while (0)

struct fz_buf {
	unsigned char	*p;
	size_t		 n, size;
};

static inline void
fz_add(struct fz_buf *b, const void *p, size_t n)
{
	if (b->n + n + 1 > b->size) {
		b->size = (b->n + n + 1) * 2;
		if ((b->p = realloc(b->p, b->size)) == NULL)
			abort();
	}
	if (n > 0)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* A length, then the bytes: a record of one field, unambiguous. */
static inline void
fz_addfield(struct fz_buf *b, const void *p, size_t n)
{
	uint64_t len = n;

	fz_add(b, &len, sizeof len);
	fz_add(b, p, n);
}

/*
 * Is s[0..n) well-formed UTF-8 (Unicode 15, table 3-7)?  Decoded into
 * code points and judged by value: no overlong form, no surrogate,
 * nothing above U+10FFFF.
 */
static inline int
fz_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0, k, need;
	unsigned long cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			need = 1, cp = s[i] & 0x1f, min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			need = 2, cp = s[i] & 0x0f, min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			need = 3, cp = s[i] & 0x07, min = 0x10000;
		} else
			return 0;
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

#endif
