#!/bin/sh
# Output discipline: a full disk is exit 74 with one message; a reader that
# goes away early is no error worth a word.
. "${0%/*}/lib.sh"
mock_start

if [ -w /dev/full ]; then
	"$BIN/orchat" hello >/dev/full 2>"$ERR"; rc=$?
	is "$rc" 74 "reply into /dev/full: 74"
	is "$(lines "$(cat "$ERR")")" 1 "one message"
	like "$(cat "$ERR")" "^orchat: write error: No space left on device$" \
	    "saying what and why"
else
	skip "no /dev/full"; skip "no /dev/full"; skip "no /dev/full"
fi

# A reply larger than a pipe's buffer, read by head -c1.
"$BIN/orchat" -m mock/big:300000 hello 2>"$ERR" | head -c1 >/dev/null
is "$(cat "$ERR")" "" "| head -c1: nothing on stderr"

# POSIX sh has no PIPESTATUS: ask bash when it is there.
if command -v bash >/dev/null; then
	st=$(bash -c '"$1" -m mock/big:300000 hello 2>/dev/null | head -c1 >/dev/null; echo ${PIPESTATUS[0]}' bash "$BIN/orchat")
	is "$st" 141 "| head -c1: the status of a filter killed by SIGPIPE"
else
	skip "no bash"
fi

run_in /dev/null "$BIN/orchat"
is "$rc" 2 "no prompt at all: 2"
contains "$err" "no prompt" "says so"

done_testing
