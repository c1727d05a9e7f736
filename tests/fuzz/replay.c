/*
 * replay: the main of a harness built without libFuzzer -- runs
 * LLVMFuzzerTestOneInput once over each file named, so that the inputs
 * that once broke something are replayed by the test suite.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"

int
main(int argc, char *argv[])
{
	struct fz_buf b;
	char chunk[65536];
	size_t n;
	FILE *fp;
	int i;

	for (i = 1; i < argc; i++) {
		memset(&b, 0, sizeof b);
		fz_add(&b, "", 0);
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			return 1;
		}
		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			fz_add(&b, chunk, n);
		if (ferror(fp)) {
			fprintf(stderr, "%s: read error\n", argv[i]);
			return 1;
		}
		fclose(fp);
		/* A copy of its own size, so that ASan sees overreads. */
		{
			unsigned char *p = malloc(b.n ? b.n : 1);

			if (p == NULL)
				return 1;
			memcpy(p, b.p, b.n);
			LLVMFuzzerTestOneInput(p, b.n);
			free(p);
		}
		free(b.p);
	}
	return 0;
}
