/*
 * orcost -- exact USD cost from token counts, replies or usage logs; the
 * cheapest model for a workload; billed cost of a generation; key limits.
 *
 * This release has the command's shell: its options, --help and --version.
 * Its real work comes with its own issue.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "opts.h"
#include "util.h"

static void
usage(FILE *fp, int status)
{
	fputs("usage: orcost [options] [FILE...]\n"
	    "Exact USD cost of calls, logs and workloads.\n\n", fp);
	opts_usage(fp);
	if (fp == stdout && out_close(stdout))
		status = EX_IOERR_;
	exit(status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		OPTS_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	int ch;

	opts_init(&o);
	while ((ch = getopt_long(argc, argv, OPTS_SHORT, longopts, NULL)) != -1)
		if (!opts_handle(&o, ch, optarg, usage))
			usage(stderr, EX_USAGE_);
	errx(EX_SOFTWARE_, "cost computation is not built yet in this release");
}
