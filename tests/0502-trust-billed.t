#!/bin/sh
# Issue 11, item 7: a billed POST is never sent again once a 2xx status
# line arrived -- a drop, a reset or a timeout after the headers is final
# (76, or 75 for a timeout; text already printed stays).  Retries stay for
# failures before any answer, 408, 429 and 5xx.
. "${0%/*}/lib.sh"
mock_start

for sc in drop drop:head drop:rst drop:head:rst; do
	: >"$MOCK_LOG"
	run "$BIN/orchat" --retries 2 -m mock/$sc hello
	is "$rc" 76 "orchat, $sc after 200: 76"
	is "$(mock_requests)" 1 "orchat, $sc after 200: sent once"
	is "$(lines "$err")" 1 "orchat, $sc: one line"
	contains "$err" "not sent again" "orchat, $sc: it says why"

	: >"$MOCK_LOG"
	run "$BIN/orstream" --retries 2 -m mock/$sc hi
	is "$rc" 76 "orstream, $sc after 200: 76"
	is "$(mock_requests)" 1 "orstream, $sc after 200: sent once"
done
: >"$MOCK_LOG"
run "$BIN/orstream" --retries 2 -m mock/drop:4 hi
like "$out" "Peb" "orstream: the text received before the drop stays"

: >"$MOCK_LOG"
run "$BIN/orchat" --retries 2 --timeout 1 -m mock/silent:3 hello
is "$rc" 75 "a timeout after the 200 headers: 75"
is "$(mock_requests)" 1 "and it is not sent again"

# Still retried: before any answer, and error statuses.
: >"$MOCK_LOG"
run "$BIN/orchat" --retries 1 -m mock/flaky:1:503 hello
is "$rc" 0 "a 503 is retried"
is "$(mock_requests)" 2 "two requests"
: >"$MOCK_LOG"
run "$BIN/orchat" --retries 1 -m mock/flaky:1:408@b hello
is "$rc" 0 "a 408 is retried"
is "$(mock_requests)" 2 "two requests"

# A GET (no bill) may still be fetched again after a drop.
: >"$MOCK_LOG"
run "$BIN/ormodels" --retries 1 --refresh --base-url "http://127.0.0.1:$MOCK_PORT/_s/drop/api/v1"
is "$(mock_requests)" 2 "a dropped GET is fetched again"

# A paid turn is recorded, and the conversation saved, before the reply is
# printed: a reader that leaves early (| head -c 10, SIGPIPE) loses neither
# (found by adversarial testing: both came after the printing, so the
# ledger was empty and the conversation file left at 0 bytes).
( "$BIN/orchat" --log "$T/paid.jsonl" -c "$T/paid.json" -m mock/big:300000 hi
  echo $? >"$T/paid.rc" ) | head -c 10 >/dev/null
is "$(cat "$T/paid.rc")" 141 "a reader gone: 141"
is "$(wc -l <"$T/paid.jsonl" | tr -d ' ')" 1 "a reader gone: the ledger has the call"
whole=$("$BIN/orchat" -m mock/big:300000 hi | python3 -c 'import sys
print(len(sys.stdin.read().rstrip("\n")))')
is "$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print(len(m), m[-1]["role"], len(m[-1]["content"]))' "$T/paid.json")" \
    "2 assistant $whole" "a reader gone: the turn is saved, the reply whole"
done_testing
