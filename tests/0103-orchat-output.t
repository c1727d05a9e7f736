#!/bin/sh
# What orchat prints: every real reply in tests/fixtures/chat/ round-trips
# (its text, its tool calls, --json the answer itself); warnings for a reply
# cut short; -r; JSON replies for --json-mode and --schema; and every class
# of failure: its exit status, one line on stderr, nothing on stdout but
# text already received.
. "${0%/*}/lib.sh"
. "${0%/*}/orchat.sh"
mock_start

FX=$TOP/tests/fixtures/chat
# What stdout must be for each fixture: the text ending in one newline,
# then the tool calls as one JSON line.
python3 - "$FX" "$T" <<'PY'
import glob, json, os, sys
for f in sorted(glob.glob(sys.argv[1] + "/chat_*.response.json")):
    name = os.path.basename(f)[len("chat_"):-len(".response.json")]
    m = json.load(open(f, encoding="utf-8"))["choices"][0]["message"]
    text = (m.get("content") or "").rstrip("\n")
    out = text + "\n" if text else ""
    calls = [{"id": c["id"], "name": c["function"]["name"],
              "arguments": c["function"]["arguments"]}
             for c in m.get("tool_calls") or []]
    if calls:
        out += json.dumps(calls, separators=(",", ":"), ensure_ascii=False) + "\n"
    open("%s/want.%s" % (sys.argv[2], name), "w", encoding="utf-8").write(out)
PY
for f in "$FX"/chat_*.response.json; do
	name=${f##*/chat_}
	name=${name%.response.json}
	"$BIN/orchat" -m "mock/fixture:$name" hi </dev/null >"$T/got.$name" 2>"$ERR"
	is "$?" 0 "$name: exit 0"
	cmp -s "$T/got.$name" "$T/want.$name"
	ok $? "$name: the text (and any tool calls) on stdout" ||
	    diff "$T/want.$name" "$T/got.$name" | head -5 | sed 's/^/#   /'
	case $name in
	*cache-write) is "$(cat "$ERR")" "orchat: the reply was cut short (finish_reason length)" \
	    "$name: finish_reason length warns on stderr" ;;
	*) is "$(cat "$ERR")" "" "$name: nothing on stderr" ;;
	esac
	run "$BIN/orchat" --json -m "mock/fixture:$name" hi
	is "$rc" 0 "$name --json: exit 0"
	is "$(wc -l <"$OUT" | tr -d ' ')" 1 "$name --json: one line"
	cp "$OUT" "$T/json.$name"
	want_true "J('$T/json.$name') == J('$f')" "$name --json: the fixture's answer, as JSON"
done

run "$BIN/orchat" -m mock/fixture:mistral-small_tool-call hi
is "$out" '[{"id":"3sniiMddS","name":"divide","arguments":"{\"numerator\": 123, \"denominator\": 456, \"on_inf\": \"infinity\"}"}]' \
    "tool calls: one JSON array of id, name and arguments"

# -r: the reasoning on stderr, the answer alone on stdout.
run "$BIN/orchat" -r -m mock/fixture:claude-sonnet-4.5_reasoning-effort-high hi
is "$out" ok "-r: the answer on stdout"
is "$err" 'The user is asking me to reply with the single word "ok". This is a straightforward request that doesn'"'"'t involve anything harmful or problematic. I'"'"'ll simply respond with "ok" as requested.' \
    "-r: the reasoning on stderr"
run "$BIN/orchat" --show-reasoning -m mock/fixture:qwen3-235b_2026-01 hi
is "$out" 4 "--show-reasoning: the answer"
like "$err" "^\$" "its reasoning starts with a newline, kept"
contains "$err" "Let me confirm once more: 2 plus 2 equals 4." "and its lines follow"

# The reply's end: exactly one newline.
run "$BIN/orchat" -m mock/parrot "$(printf 'text\n\n\n')"
printf 'text\n' >"$T/want.nl"
cmp -s "$OUT" "$T/want.nl"
ok $? "trailing newlines become one"
run "$BIN/orchat" -m mock/parrot:content_filter "partial"
is "$rc" 0 "content_filter: exit 0"
is "$out" partial "content_filter: the text is kept"
is "$err" "orchat: the reply was cut short (finish_reason content_filter)" "and a warning"
printf '[{"role":"user","content":""}]' >"$T/empty.json"
run_in "$T/empty.json" "$BIN/orchat" -M -m mock/parrot
is "$rc" 0 "an empty reply: exit 0"
is "$(wc -c <"$OUT" | tr -d ' ')" 0 "nothing on stdout"
is "$err" "orchat: the reply is empty" "a warning on stderr"

# JSON replies: one code fence is taken off; what still is not JSON is 76,
# with the reply kept on stdout.
fenced=$(printf '```json\n{"a": [1, 2]}\n```')
for f in --json-mode "--schema $T/s.json"; do
	printf '{"type":"object"}' >"$T/s.json"
	run "$BIN/orchat" -m mock/parrot $f "$fenced"
	is "$rc" 0 "$f: a fenced JSON reply: exit 0"
	is "$out" '{"a": [1, 2]}' "$f: the JSON, without its fence"
	run "$BIN/orchat" -m mock/parrot $f '{"a": 1} and more'
	is "$rc" 76 "$f: a reply that is not JSON: exit 76"
	is "$out" '{"a": 1} and more' "$f: the text is kept on stdout"
	like "$err" '^orchat: the reply is not JSON \(line 1, column 10: ' "$f: one line saying where"
done

# A failure inside a 200 answer: the text received, then the error.
run "$BIN/orchat" -m mock/midstream-error hi
is "$rc" 65 "choices[0].error (code 400): exit 65"
is "$out" "Why did the scarecrow" "the partial text is kept"
is "$err" "orchat: the reply ended in error 400: Token limit reached (provider: Google)" \
    "one line: the API's message and the provider"

# Failures before any reply: nothing on stdout, one line, the right status.
while IFS='|' read -r spec want text; do
	[ -n "$spec" ] || continue
	run "$BIN/orchat" --retries 0 -m "mock/$spec" hi
	is "$rc" "$want" "$spec: exit $want"
	is "$out" "" "$spec: nothing on stdout"
	is "$(lines "$err")" 1 "$spec: one line on stderr"
	contains "$err" "$text" "$spec: $text"
done <<'EOF'
status:400|65|is not a valid model ID
status:401|77|User not found.
status:401:no-auth|77|No auth credentials found
status:402|77|requires more credits
status:403|77|flagged for
status:404|69|No endpoints found
status:404:data-policy|69|data policy
status:408|75|HTTP 408
status:413|65|HTTP 413
status:422|65|HTTP 422
status:429|75|Provider returned error
status:500|75|HTTP 500
status:503|75|HTTP 503
html:502|75|HTTP 502
malformed|76|malformed answer
truncated|76|malformed answer
drop|76|POST /chat/completions
EOF

n=$(mock_requests)
run "$BIN/orchat" -m mock/flaky:1:503@retry hi
is "$rc" 0 "a 503 is retried, then the reply"
is "$(($(mock_requests) - n))" 2 "two requests"
run "$BIN/orchat" --retries 0 -m mock/flaky:1:503@noretry hi
is "$rc" 75 "--retries 0: the 503 is final"

# No key: 78 before anything is sent; --dry-run needs none.
n=$(mock_requests)
OPENROUTER_API_KEY= run "$BIN/orchat" hi
is "$rc" 78 "no key: exit 78"
is "$(mock_requests)" "$n" "nothing sent"
OPENROUTER_API_KEY= run "$BIN/orchat" --dry-run hi
is "$rc" 0 "--dry-run needs no key"
is "$out" '{"model":"openrouter/auto","messages":[{"role":"user","content":"hi"}],"usage":{"include":true}}' \
    "--dry-run prints the body"
is "$(mock_requests)" "$n" "and sends nothing"
OPENROUTER_BASE_URL=ftp://example.com run "$BIN/orchat" hi
is "$rc" 78 "a bad base URL: exit 78"

# ^C cancels the request: 130, nothing on stdout.  The ^C comes once the
# request is at the mock (the request is in flight, not before it).
n=$(mock_requests)
"$BIN/orchat" -m mock/silent:60 hi </dev/null >"$OUT" 2>"$ERR" &
pid=$!
more_requests() { [ "$(mock_requests)" -gt "$n" ]; }
wait_until more_requests
ok $? "the request reached the mock"
kill -INT "$pid"
wait "$pid"
is "$?" 130 "SIGINT: exit 130"
is "$(cat "$OUT")" "" "SIGINT: nothing on stdout"
like "$(cat "$ERR")" "interrupted" "SIGINT: says so"

check_sent
done_testing
