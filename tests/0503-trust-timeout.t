#!/bin/sh
# Issue 11, item 16: --timeout limits the whole command, retries and
# back-off included (75, text already printed kept); a positive value under
# 1 ms is 1 ms; orstream honours it; a look-up of a model's endpoints has
# an overall limit of 10 s when --timeout is not given.
. "${0%/*}/lib.sh"
mock_start

# elapsed CMD...: run CMD, setting rc, out, err and secs (wall seconds).
elapsed() {
	t0=$(date +%s.%N)
	run "$@"
	secs=$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.2f", $1 - $2 }')
}
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# What a command costs here beyond waiting on the server (start-up, exit;
# seconds under valgrind or on a loaded machine): the slowest of three
# quick calls.  Each bound below is the limit plus a margin plus this, so
# a slow machine does not fail them, and a limit not kept still does: the
# servers are slower than each bound by more than the margin.
over=0
for i in 1 2 3; do
	elapsed "$BIN/orchat" --retries 0 hello
	lt "$over" "$secs" && over=$secs
done
within() {	# within SECS: secs < SECS + over
	lt "$secs" "$(awk -v a="$1" -v b="$over" 'BEGIN { print a + b }')"
}

: >"$MOCK_LOG"
elapsed "$BIN/orchat" --retries 3 --timeout 1 -m mock/slow:3000 hello
is "$rc" 75 "--timeout 1, a server slower than that: 75"
within 1.8; ok $? "the whole command took about 1 s ($secs s), not 1 s a try"
contains "$err" "timed out after --timeout 1 s" "the message says which limit"
is "$(lines "$err")" 1 "in one line"

: >"$MOCK_LOG"
elapsed "$BIN/orchat" --retries 5 --timeout 1.5 -m mock/flaky:9:503 hello
is "$rc" 75 "--timeout 1.5 over 503s and back-off: 75"
within 2.2; ok $? "the back-off stays within the limit ($secs s)"

: >"$MOCK_LOG"
elapsed "$BIN/orchat" --retries 0 --timeout 0.0001 -m mock/slow:5000 hello
is "$rc" 75 "--timeout 0.0001 is 1 ms, not 'no limit': 75"
within 1.5; ok $? "and it is quick ($secs s)"

run "$BIN/orchat" --timeout 0 hello
is "$rc" 0 "--timeout 0 is still no limit"

: >"$MOCK_LOG"
elapsed "$BIN/orstream" --timeout 1 -m mock/slow:300 hi
is "$rc" 75 "orstream --timeout 1 on a slow stream: 75"
within 1.8; ok $? "orstream stopped at the limit ($secs s)"
like "$out" . "the text received stays"
is "$(mock_requests)" 1 "and it is not sent again"

# A model's endpoints: 10 s at most by default, whatever the server does.
elapsed "$BIN/ormodels" --retries 0 -e deepseek/deepseek-v3.2 \
    --base-url "http://127.0.0.1:$MOCK_PORT/_s/silent:30/api/v1"
within 12; ok $? "a silent server cannot hang an endpoints look-up ($secs s)"
is "$rc" 75 "it is a 75"

done_testing
