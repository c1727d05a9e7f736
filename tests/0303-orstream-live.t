#!/bin/sh
# orstream sending requests: the same decoding as --sse, live through the
# mock server, with orchat's request options, -u, --log, -c, the idle
# timeout, retries before the first byte only, SIGINT and a closed pipe.
. "${0%/*}/lib.sh"
mock_start
O=$BIN/orstream
S=$TOP/tests/fixtures/stream

run "$O" hello
is "$rc" 0 "a live stream"
is "$out" "$("$O" --sse <"$S/stream_gpt-4o_text_2025-08.sse")" \
    "the same text as decoding the recorded stream"
is "$(mock_last 'json.loads(r["body"])["stream"]')" True "stream: true is sent"
is "$(mock_last 'h["accept"]')" "text/event-stream" "Accept: text/event-stream"

run "$O" --dry-run -m x/y --max-tokens 5 hi
is "$rc" 0 "--dry-run needs no key and sends nothing"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; b=json.load(sys.stdin); print(b["stream"], b["model"], b["max_tokens"])')" \
    "True x/y 5" "orchat's request options, plus stream: true"
# --set cannot turn the stream off: the answer would be paid for, then
# fail (76); orchat refuses --set stream=true the same way (0102).
n=$(mock_requests)
run "$O" --set stream=false hi
is "$rc" 2 "--set stream=false: 2"
is "$err" "orstream: --set stream: orstream always streams; orchat reads a whole answer" \
    "--set stream=false: one line saying why"
is "$(mock_requests)" "$n" "--set stream=false: nothing sent"

# Every recorded chat stream, served live, decodes as it does from stdin;
# but a live reply ends its last line, in a pipe too (issue 13), where
# --sse gives a recording's text byte for byte.
for dir in "$TOP"/tests/conformance/chat/*/; do
	name=$(basename "$dir")
	"$O" --sse <"$dir/stream.sse" >"$T/want" 2>/dev/null; want=$?
	[ -s "$T/want" ] && [ "$(tail -c 1 "$T/want" | od -An -c |
	    tr -d ' ')" != '\n' ] && echo >>"$T/want"
	run "$O" --retries 0 -m "mock/conformance:$name" hi
	is "$rc" "$want" "live $name: exit $want, as from stdin"
	cmp -s "$OUT" "$T/want"
	ok $? "live $name: the same stdout byte for byte"
done

run "$O" -m mock/bursty:crlf hello
is "$rc" 0 "bursty writes split inside events and CRLFs"
is "$out" "$("$O" --sse <"$S/stream_gpt-4o_text_2025-08.sse")" "same text"

run "$O" -m mock/keepalive hello
is "$rc" 0 "keep-alive comments between events"

run "$O" --idle-timeout 1 --retries 0 -m mock/silent:3 hi
is "$rc" 75 "--idle-timeout 1 on a silent stream: 75"
contains "$err" "no data for 1 s" "says so"
run "$O" --idle-timeout 0 hi
is "$rc" 2 "--idle-timeout 0 is refused"

run "$O" -m mock/midstream-error hi
is "$rc" 65 "an error chunk with code 400: 65"
is "$(lines "$err")" 1 "one line"

run "$O" -m mock/truncated hi
is "$rc" 76 "no [DONE]: 76"
like "$out" . "the text received stays"

: >"$MOCK_LOG"
run "$O" -m mock/flaky:1:503 hi
is "$rc" 0 "a 503 before the stream is retried"
is "$(mock_requests)" 2 "two requests"
: >"$MOCK_LOG"
run "$O" -m mock/drop hi
is "$rc" 76 "dropped after the first bytes: 76 (issue 11 item 7)"
is "$(mock_requests)" 1 "and not retried"

run "$O" -u hello
is "$rc" 0 "-u"
like "$err" "cost=0.0001025" "the usage line has the billed cost, exact"
run "$O" --log "$T/ledger" hello
run "$O" --log "$T/ledger" -m mock/midstream-error hello
is "$(wc -l <"$T/ledger" | tr -d ' ')" 2 "--log: a line per call, failed ones too"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/ledger"
ok $? "--log lines are JSON"

run "$O" -c "$T/conv.json" "first question"
is "$rc" 0 "-c: a new conversation"
is "$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(len(m), m[-1]["role"], m[-1]["content"])' "$T/conv.json")" \
    "2 assistant Pebbles and Skipper." "the reply is kept in the file"

run "$O" --json-mode -m mock/fixture:stream_gpt-4o_text_2025-08 hi
is "$rc" 76 "--json-mode and a reply that is not JSON: 76"
like "$out" "Pebbles" "with the text kept"

# In a pipe, a reply whose text does not end in a newline gets one, so
# that parallel runs' replies do not run together (issue 13); a recorded
# stream decoded with --sse stays byte for byte, and --json, --jsonl end
# their one line once.
"$O" hello | od -An -c | tr -s ' ' >"$T/nl"
like "$(tail -n 1 "$T/nl")" 'p e r \. \\n$' "a pipe: the text, then a newline"
"$O" --sse <"$S/stream_gpt-4o_text_2025-08.sse" | od -An -c | tr -s ' ' >"$T/nl"
like "$(tail -n 1 "$T/nl")" 'p e r \.$' "--sse in a pipe: the recording's text, no newline added"
pids=
for i in 1 2 3; do
	"$O" hello >"$T/par$i" 2>/dev/null &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
is "$(cat "$T/par1" "$T/par2" "$T/par3")" "$(printf 'Pebbles and Skipper.\nPebbles and Skipper.\nPebbles and Skipper.')" \
    "three runs at once, their outputs put together: three lines"
"$O" --json hello >"$T/j"
is "$(tail -c 2 "$T/j" | od -An -c | tr -d ' ')" '}\n' "--json: one newline after the object"
"$O" --jsonl hello >"$T/j"
is "$(tail -c 2 "$T/j" | od -An -c | tr -d ' ')" '}\n' "--jsonl: one newline after the last chunk"
run "$O" -m mock/fixture:stream_gpt-4o_text_2025-08 hi
is "$(tail -c 1 "$OUT" | od -An -c | tr -d ' ')" '\n' "a file: the same newline"
if has_tty; then
	tty_run "$O hello" "$T/tty"
	is "$(od -An -c "$T/tty" | tr -s ' ' | tail -n 1)" ' p e r . \n' \
	    "a terminal: the line ended once, as before"
else
	skip "no script(1)"
fi

# A reader that goes away, and ^C: quiet 141; 130 with the text kept.
if command -v bash >/dev/null; then
	st=$(bash -c '"$1" -m mock/slow:20 hello 2>"$2" | head -c 3 >/dev/null; echo ${PIPESTATUS[0]}' \
	    bash "$O" "$ERR")
	is "$st" 141 "| head -c 3: the SIGPIPE status"
	is "$(cat "$ERR")" "" "and nothing on stderr"
else
	skip "no bash"; skip "no bash"
fi
"$O" -m mock/slow:300 hello >"$T/int.out" 2>"$ERR" &
pid=$!
wait_until grep -q Peb "$T/int.out"
ok $? "text is out before ^C"
kill -INT $pid
wait $pid; rc=$?
is "$rc" 130 "SIGINT: 130"
like "$(cat "$T/int.out")" "Peb" "the text printed before it stays"

done_testing
