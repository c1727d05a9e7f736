#!/bin/sh
# Retries: network errors, 408, 429 and 5xx are retried with back-off,
# Retry-After is honoured (seconds and HTTP date) and capped; 4xx answers
# that a retry cannot mend are never retried.
. "${0%/*}/lib.sh"
mock_start

# gap N M: seconds between logged requests N and M (1-based).
gap() {
	python3 -c 'import json,sys
r = [json.loads(l) for l in open(sys.argv[1])]
print("%.2f" % (r[int(sys.argv[3]) - 1]["time"] - r[int(sys.argv[2]) - 1]["time"]))' \
	    "$MOCK_LOG" "$1" "$2"
}
ge() { python3 -c 'import sys; sys.exit(not float(sys.argv[1]) >= float(sys.argv[2]))' "$1" "$2"; }

: >"$MOCK_LOG"
run "$BIN/orchat" -v -m mock/flaky:2:429:1 hello
is "$rc" 0 "429 twice with Retry-After: 1, then a reply"
is "$(mock_requests)" 3 "three requests"
like "$err" "retrying in 1\.0 s as Retry-After asks" "-v says it waits as asked"
ge "$(gap 1 2)" 0.95; ok $? "the first retry waited for Retry-After ($(gap 1 2) s)"
ge "$(gap 2 3)" 0.95; ok $? "and so did the second ($(gap 2 3) s)"
like "$out" . "the reply is printed"

: >"$MOCK_LOG"
run "$BIN/orchat" -v -m mock/flaky:1:429:date+2 hello
is "$rc" 0 "Retry-After as an HTTP date"
is "$(mock_requests)" 2 "two requests"
ge "$(gap 1 2)" 0.9; ok $? "it waited until the date ($(gap 1 2) s)"

: >"$MOCK_LOG"
run "$BIN/orchat" -m mock/flaky:1:503 hello
is "$rc" 0 "503 without Retry-After: back-off, then a reply"
is "$(mock_requests)" 2 "two requests"

: >"$MOCK_LOG"
run "$BIN/orchat" -m mock/flaky:1:429:3600 hello
is "$rc" 75 "Retry-After beyond the cap: give up at once, 75"
is "$(mock_requests)" 1 "no second request"
contains "$err" "retry after 3600 s" "the message says when to retry"
is "$(lines "$err")" 1 "in one line"

: >"$MOCK_LOG"
run "$BIN/orchat" --retries 0 -m mock/flaky:1:500 hello
is "$rc" 75 "--retries 0: a 500 is final, 75"
is "$(mock_requests)" 1 "one request"

: >"$MOCK_LOG"
run "$BIN/orchat" --retries 1 -m mock/flaky:5:502@two hello
is "$rc" 75 "--retries 1: two tries, then 75"
is "$(mock_requests)" 2 "two requests"

for s in 400:65 401:77 402:77 403:77 404:69; do
	code=${s%:*} want=${s#*:}
	: >"$MOCK_LOG"
	run "$BIN/orchat" -m mock/status:$code hello
	is "$rc" "$want" "HTTP $code exits $want"
	is "$(mock_requests)" 1 "HTTP $code is not retried"
	is "$(lines "$err")" 1 "HTTP $code: one line on stderr"
	is "$out" "" "HTTP $code: nothing on stdout"
done

: >"$MOCK_LOG"
run "$BIN/orchat" -m mock/http-error:429-free-models-per-day hello
is "$rc" 75 "a spent daily cap: 75"
is "$(mock_requests)" 1 "and it is not retried"

: >"$MOCK_LOG"
run "$BIN/orchat" --retries 1 -m mock/drop hello
is "$rc" 76 "a connection dropped after the 200: 76 (issue 11 item 7)"
is "$(mock_requests)" 1 "it was not sent again: it may be billed"

# Nothing listens on this port: connection refused, retried, 75.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
run "$BIN/orchat" --retries 1 --base-url "http://127.0.0.1:$port/api/v1" hello
is "$rc" 75 "connection refused: 75"
like "$err" "^orchat: POST /chat/completions: .*(onnect|refused)" "the message says so"

done_testing
