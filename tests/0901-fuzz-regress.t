#!/bin/sh
# Fuzzing's findings stay fixed: every input kept under tests/fuzz/regress/
# (one folder per harness, each once a crash or a broken check) and the
# kept corpus of every harness run through the harness's normal build
# (make builds tests/fuzz/fz_NAME with replay.c for a main).  A failed
# check aborts, so a finding that is back is a non-zero exit.
. "${0%/*}/lib.sh"
FZ=$TOP/tests/fuzz

for h in sse jscan stream cost money error catindex opts history batchio rcache \
    streamdiff activity; do
	if [ ! -x "$FZ/fz_$h" ]; then
		ok 1 "fz_$h is built"
		continue
	fi
	if [ -d "$FZ/regress/$h" ]; then
		for f in "$FZ/regress/$h"/*; do
			[ -f "$f" ] || continue
			"$FZ/fz_$h" "$f" >"$OUT" 2>"$ERR"
			ok $? "fz_$h: regress/$h/${f##*/}" ||
			    sed 's/^/#   /' "$ERR" | head -n 20
		done
	fi
	# The corpus in one run (it is some hundreds of small files).
	set -- "$FZ/corpus/$h"/*
	"$FZ/fz_$h" "$@" >"$OUT" 2>"$ERR"
	ok $? "fz_$h: the $# inputs of corpus/$h" ||
	    sed 's/^/#   /' "$ERR" | head -n 20
done
done_testing
