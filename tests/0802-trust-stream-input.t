#!/bin/sh
# orstream and hostile streams (issue 11, items 28, 29, 33, 35, 36): an
# error object is always an error; a key given twice counts once, the
# last; tool calls are bounded; finish_reason is whole; invalid UTF-8 is
# one U+FFFD per maximal subpart in what orstream writes as JSON.
. "${0%/*}/lib.sh"
O=$BIN/orstream

# sse LINE...: a stream of these data payloads, then [DONE], in $T/s.sse.
sse() {
	: >"$T/s.sse"
	for d in "$@"; do
		printf 'data: %s\n\n' "$d" >>"$T/s.sse"
	done
	printf 'data: [DONE]\n\n' >>"$T/s.sse"
}

for code in 200 '"200"' 204 101 302; do
	sse '{"choices":[{"index":0,"delta":{"content":"a"}}]}' \
	    "{\"error\":{\"code\":$code,\"message\":\"odd\"}}" \
	    '{"choices":[{"index":0,"delta":{"content":"b"}}]}'
	run_in "$T/s.sse" "$O" --sse
	is "$rc" 75 "an error chunk with code $code: 75, as a 502"
	is "$(lines "$err")" 1 "code $code: one line"
	like "$err" "^orstream: in the stream: error .*odd" "code $code: says it"
	is "$out" a "code $code: what came before stays, nothing after"
done

sse '{"choices":[{"index":0,"delta":{"content":"first"}}],"choices":[{"index":0,"delta":{"content":"last"}}]}'
run_in "$T/s.sse" "$O" --sse
is "$rc" 0 "choices twice: exit 0"
is "$out" last "choices twice: the last one only, as jq"
sse '{"id":"a","id":"b","model":"m","created":1,"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop","finish_reason":"length"}]}'
run_in "$T/s.sse" "$O" --sse --json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["id"], j["choices"][0]["finish_reason"])')" \
    "b length" "id and finish_reason twice: the last ones"

# finish_reason of 40 bytes, a two-byte character across byte 31.
f=$(printf 'a123456789b123456789c123456789\303\251d1234567')
sse "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"$f\"}]}"
run_in "$T/s.sse" "$O" --sse --json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["choices"][0]["finish_reason"].encode()))')" \
    40 "a 40-byte finish_reason is whole"

# Tool calls: 2,000 distinct indexes is past the bound.
python3 -c '
import json
for i in range(2000):
    print("data: " + json.dumps({"choices":[{"index":0,"delta":{"tool_calls":[{"index":i*1000,"id":"c%d" % i}]}}]}) + "\n")
print("data: [DONE]\n")' >"$T/tools.sse"
run_in "$T/tools.sse" "$O" --sse
is "$rc" 76 "2,000 tool calls: 76"
like "$err" "^orstream: more than 1024 tool calls" "says why, in one line"
head -n 2000 "$T/tools.sse" >"$T/t1000.sse"; printf 'data: [DONE]\n\n' >>"$T/t1000.sse"
run_in "$T/t1000.sse" "$O" --sse
is "$rc" 0 "1,000 tool calls: fine"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
    1000 "all 1,000 printed"
sse '{"choices":[{"index":0,"delta":{"tool_calls":[{"id":"c","function":{"name":"f","arguments":"{}"}}]}}]}'
run_in "$T/s.sse" "$O" --sse
is "$rc" 0 "a tool call without index"
contains "$out" '"name":"f"' "is printed"

# Invalid UTF-8: one U+FFFD per maximal subpart (WHATWG), in every JSON mode.
printf 'data: {"choices":[{"index":0,"delta":{"content":"a\342\202b\300\200c"}}]}\n\ndata: [DONE]\n\n' >"$T/u.sse"
want=$(printf 'a\357\277\275b\357\277\275\357\277\275c')
run_in "$T/u.sse" "$O" --sse --events
is "$(printf '%s' "$out" | head -n 1 | python3 -c 'import json,sys; print(json.loads(json.load(sys.stdin)["data"])["choices"][0]["delta"]["content"])')" \
    "$want" "--events: a\\xE2\\x82b\\xC0\\x80c has three U+FFFD, not four"
run_in "$T/u.sse" "$O" --sse --jsonl
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["choices"][0]["delta"]["content"])')" \
    "$want" "--jsonl: the same"
run_in "$T/u.sse" "$O" --sse --json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["choices"][0]["message"]["content"])')" \
    "$want" "--json: the same"
run_in "$T/u.sse" "$O" --sse
is "$(od -An -c "$OUT" | tr -s ' ' | sed 's/^ //')" 'a 342 202 b 300 200 c' \
    "the text to a pipe stays byte for byte"

done_testing
