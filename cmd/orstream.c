/*
 * orstream -- one chat completion streamed over Server-Sent Events: the reply
 * reaches stdout the moment it arrives; also a decoder of any SSE stream on
 * stdin.
 *
 * This release has the command's shell: its options, --help and --version.
 * Streaming itself comes with the orstream issue.
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
	fputs("usage: orstream [options] [PROMPT...]\n"
	    "Stream one chat completion from OpenRouter to stdout.\n\n", fp);
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
	errx(EX_SOFTWARE_, "streaming is not built yet in this release");
}
