/*
 * ormodels -- the model catalog: list, filter, describe a model, its
 * providers, uptime and prices; cached, and usable offline from a bundled
 * snapshot.
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
	fputs("usage: ormodels [options] [MODEL...]\n"
	    "List, filter and describe the models OpenRouter offers.\n\n", fp);
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
	errx(EX_SOFTWARE_, "the model catalog is not built yet in this release");
}
