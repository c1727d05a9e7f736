#!/bin/sh
# The options every command shares: --help, --version, usage errors, range
# checks, and the refusal of a key on the command line.
. "${0%/*}/lib.sh"

for cmd in orchat orstream ormodels orcost; do
	run "$BIN/$cmd" --help
	is "$rc" 0 "$cmd --help exits 0"
	like "$out" "^usage: $cmd " "$cmd --help prints usage on stdout"
	for opt in --help --version --verbose --base-url --key-file --timeout \
	    --connect-timeout --retries --referer --title --insecure-http; do
		contains "$out" "$opt" "$cmd --help lists $opt"
	done
	is "$err" "" "$cmd --help is quiet on stderr"

	run "$BIN/$cmd" --version
	is "$rc" 0 "$cmd --version exits 0"
	like "$out" "^$cmd [0-9]+\.[0-9]+\.[0-9]+$" "$cmd --version prints its version"

	run "$BIN/$cmd" --no-such-flag
	is "$rc" 2 "$cmd: unknown flag exits 2"
	# Issue 11 item 22: one line and a pointer to --help, not the usage.
	is "$err" "$cmd: unknown option '--no-such-flag'
Try '$cmd --help' for more." "$cmd: one line and 'Try $cmd --help' on stderr"
	is "$out" "" "$cmd: nothing on stdout for a usage error"

	run "$BIN/$cmd" --retries 11
	is "$rc" 2 "$cmd --retries 11 is out of range"
	is "$(lines "$err")" 1 "$cmd: one line for a bad value"
	contains "$err" "--retries" "$cmd: the message names the option"

	run "$BIN/$cmd" --timeout 1x
	is "$rc" 2 "$cmd --timeout 1x is refused"
	run "$BIN/$cmd" --connect-timeout 0
	is "$rc" 2 "$cmd --connect-timeout 0 is refused"

	run "$BIN/$cmd" --key "$TEST_KEY"
	is "$rc" 78 "$cmd --key is refused with 78"
	unlike "$err$out" "0123456789abcdef" "$cmd never echoes a key given on argv"
	run "$BIN/$cmd" --api-key="$TEST_KEY"
	is "$rc" 78 "$cmd --api-key= is refused with 78"
done

# >/dev/full: one message, exit 74.
if [ -w /dev/full ]; then
	"$BIN/orchat" --help >/dev/full 2>"$ERR"; rc=$?
	is "$rc" 74 "--help into /dev/full exits 74"
	is "$(lines "$(cat "$ERR")")" 1 "one message for the write error"
	like "$(cat "$ERR")" "^orchat: write error: No space left" "it says why"
else
	skip "no /dev/full"; skip "no /dev/full"; skip "no /dev/full"
fi

done_testing
