#!/bin/sh
# orstream --sse beyond the conformance cases: output modes, hostile
# content, long lines, deep nesting, pipes closed early, a full disk, SIGINT.
. "${0%/*}/lib.sh"
S=$TOP/tests/fixtures/stream
O=$BIN/orstream

run_in "$S/stream_gpt-4o_text_2025-08.sse" "$O" --sse
is "$rc" 0 "a real stream decodes"
like "$out" '^Peb' "its text"

run_in "$S/stream_gpt-4o_text_2025-08.sse" "$O" --sse --jsonl
is "$rc" 0 "--jsonl"
is "$(lines "$out")" "$(grep -c '^data: {' "$S/stream_gpt-4o_text_2025-08.sse")" \
    "--jsonl: one line per chunk, [DONE] left out"
printf '%s\n' "$out" | python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]'
ok $? "--jsonl: every line is JSON"

run_in "$S/stream_minimax-m2-free_midstream-error.sse" "$O" --sse --json
is "$rc" 65 "a mid-stream error with code 400: 65"
like "$err" "^orstream: in the stream: error 400: Token limit reached" \
    "the error in one line"
python3 -c 'import json,sys; j=json.loads(sys.argv[1]); sys.exit(j["usage"]["completion_tokens"] != 10)' "$out"
ok $? "--json still gives what arrived, with the error chunk's usage"

run "$O" --sse --events --json
is "$rc" 2 "--events and --json exclude each other"
run "$O" --events
is "$rc" 2 "--events needs --sse"

# Content with a NUL, invalid UTF-8 and escapes passes through untouched.
printf 'data: {"choices":[{"index":0,"delta":{"content":"a\\u0000b\\u00e9\377\\n"}}]}\n\ndata: [DONE]\n\n' >"$T/nul.sse"
"$O" --sse <"$T/nul.sse" >"$T/nul.out" 2>"$ERR"; rc=$?
is "$rc" 0 "NUL and invalid UTF-8 in content: exit 0"
is "$(od -An -c "$T/nul.out" | tr -s ' ' | sed 's/^ //')" 'a \0 b 303 251 377 \n' \
    "passed through byte for byte, not cut at the NUL"

# A 4 MB content line.
python3 -c 'import json; print("data: " + json.dumps({"choices":[{"index":0,"delta":{"content":"x"*4000000}}]}) + "\n\ndata: [DONE]\n")' >"$T/long.sse"
"$O" --sse <"$T/long.sse" >"$T/long.out" 2>"$ERR"; rc=$?
is "$rc" 0 "a 4 MB line: exit 0"
is "$(wc -c <"$T/long.out" | tr -d ' ')" 4000000 "all of it"

# Deep nesting in an event: a clear error, no crash.
python3 -c 'print("data: {\"x\":" + "["*100000 + "\n")' >"$T/deep.sse"
run_in "$T/deep.sse" "$O" --sse
is "$rc" 76 "100000 nested brackets: 76"
like "$err" "^orstream: malformed chunk 1 .*nesting too deep" "says why"

# Truncated: no [DONE]; and a cut inside an event.
head -n 6 "$S/stream_gpt-4o_text_2025-08.sse" >"$T/cut.sse"
run_in "$T/cut.sse" "$O" --sse
is "$rc" 76 "no [DONE]: 76"
like "$err" "cut off" "says the stream was cut"
like "$out" . "the text received stays"
head -c 700 "$S/stream_gpt-4o_text_2025-08.sse" >"$T/cut2.sse"
run_in "$T/cut2.sse" "$O" --sse
is "$rc" 76 "cut inside an event: 76"
run_in /dev/null "$O" --sse
is "$rc" 76 "an empty stream: 76"

# Keep-alive comments only, then data.
{ for i in 1 2 3 4 5; do printf ': OPENROUTER PROCESSING\n\n'; done
  cat "$S/stream_gpt-4o_text_2025-08.sse"; } >"$T/ka.sse"
run_in "$T/ka.sse" "$O" --sse
is "$rc" 0 "keep-alives before the data are skipped"

# A reader that goes away: quiet, status 141.
python3 -c 'import json; print("\n".join("data: " + json.dumps({"choices":[{"index":0,"delta":{"content":"word %d " % i}}]}) + "\n" for i in range(200000)) + "data: [DONE]\n")' >"$T/big.sse"
if command -v bash >/dev/null; then
	st=$(bash -c '"$1" --sse <"$2" 2>"$3" | head -c 20 >/dev/null; echo ${PIPESTATUS[0]}' \
	    bash "$O" "$T/big.sse" "$ERR")
	is "$st" 141 "| head -c 20: the SIGPIPE status"
	is "$(cat "$ERR")" "" "and nothing on stderr"
else
	skip "no bash"; skip "no bash"
fi

if [ -w /dev/full ]; then
	"$O" --sse <"$T/big.sse" >/dev/full 2>"$ERR"; rc=$?
	is "$rc" 74 ">/dev/full: 74"
	is "$(lines "$(cat "$ERR")")" 1 "one message"
else
	skip "no /dev/full"; skip "no /dev/full"
fi

# SIGINT: what was printed stays, exit 130.
mkfifo "$T/fifo"
"$O" --sse <"$T/fifo" >"$T/int.out" 2>"$ERR" &
pid=$!
exec 3>"$T/fifo"
head -n 6 "$S/stream_gpt-4o_text_2025-08.sse" >&3
wait_until grep -q '^Peb' "$T/int.out"
ok $? "the text of the first events is out before ^C"
kill -INT $pid
wait $pid; rc=$?
exec 3>&-
is "$rc" 130 "SIGINT: 130"
like "$(cat "$T/int.out")" '^Peb' "the text printed before it stays"

done_testing
