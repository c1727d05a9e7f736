#!/bin/sh
# orchat and orstream agree on what a reply says: content holding \u0000
# is printed whole, NUL byte and all, by orchat (non-streamed), orstream
# (live) and orstream --sse (the same stream from stdin); and what
# orstream --json writes is valid JSON whatever a chunk's created or usage
# held.  The replies are served by the mock from fixtures written here
# (--root), so the mock itself is unchanged.
. "${0%/*}/lib.sh"
R=$T/root
mkdir -p "$R/tests/fixtures/chat" "$R/tests/fixtures/stream"
mock_start --root "$R"

# One content, as a whole reply and as a stream cut into three chunks.
C='a\u0000b\u00e9\u0000 c\"d\n'
cat >"$R/tests/fixtures/chat/nul.response.json" <<JSON
{"id":"gen-nul","provider":"Mock","model":"mock/nul","object":"chat.completion","created":1790000000,"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"$C"}}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"cost":0.00001}}
JSON
ck() {	# ck CONTENT [MORE]: one chunk
	printf 'data: {"id":"gen-nul","provider":"Mock","model":"mock/nul","object":"chat.completion.chunk","created":1790000000,"choices":[{"index":0,"delta":{"content":"%s"},"finish_reason":null}]%s}\n\n' "$1" "${2:-}"
}
{
	ck 'a\u0000'
	ck 'b\u00e9\u0000'
	ck ' c\"d\n'
	ck '' ',"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"cost":0.00001}'
	printf 'data: [DONE]\n\n'
} >"$R/tests/fixtures/stream/nul.sse"

"$BIN/orchat" -m mock/fixture:nul hi >"$T/chat.out" 2>"$ERR"
is "$?" 0 "orchat: a reply with NULs: exit 0"
"$BIN/orstream" -m mock/fixture:nul hi >"$T/stream.out" 2>"$ERR"
is "$?" 0 "orstream: the same as a stream: exit 0"
"$BIN/orstream" --sse <"$R/tests/fixtures/stream/nul.sse" >"$T/sse.out" \
    2>"$ERR"
is "$?" 0 "orstream --sse: exit 0"
is "$(od -An -c "$T/chat.out" | tr -s ' ' | sed 's/^ //')" \
    'a \0 b 303 251 \0 c " d \n' "orchat prints the content whole, NULs too"
cmp "$T/chat.out" "$T/stream.out"
ok $? "orchat and orstream print the same bytes"
cmp "$T/chat.out" "$T/sse.out"
ok $? "orchat and orstream --sse print the same bytes"

# The conversation file keeps the NUL as \u0000.
"$BIN/orchat" -m mock/fixture:nul -c "$T/conv.json" hi >/dev/null 2>"$ERR"
is "$?" 0 "orchat -c: exit 0"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))[-1]; sys.exit(m["content"] != "a\0b\u00e9\0 c\"d\n")' "$T/conv.json"
ok $? "the conversation file has the whole content"

# A created that is a string is no number: it is left out, never pasted
# (issue 11 item 27); one that is a number is kept, after id and model too.
printf 'data: {"created":"1,\\"injected\\":true","id":"x","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n' >"$T/created.sse"
run_in "$T/created.sse" "$BIN/orstream" --sse --json
is "$rc" 0 "a string created: exit 0"
printf '%s' "$out" | python3 -c 'import json,sys; j=json.load(sys.stdin); sys.exit("injected" in j or "created" in j or j["choices"][0]["message"]["content"] != "hi")'
ok $? "--json: valid, no created and nothing injected"
printf 'data: {"id":"x","model":"m","created":1790000000,"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n' >"$T/created2.sse"
run_in "$T/created2.sse" "$BIN/orstream" --sse --json
like "$out" '"object":"chat.completion","created":1790000000,"model":"m"' \
    "--json: a number created as it came"

# A usage object with invalid UTF-8 in it: --json stays valid JSON, and
# the usage's figures are kept.
printf 'data: {"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"note":"bad \377 byte","cost":0.5}}\n\ndata: [DONE]\n\n' >"$T/usage.sse"
run_in "$T/usage.sse" "$BIN/orstream" --sse --json
is "$rc" 0 "invalid UTF-8 in usage: exit 0"
printf '%s' "$out" | python3 -c 'import json,sys; j=json.loads(sys.stdin.buffer.read().decode("utf-8")); u=j["usage"]; sys.exit(u["note"] != "bad \ufffd byte" or u["completion_tokens"] != 2)'
ok $? "--json: valid UTF-8, the bad byte replaced, the figures kept"
run_in "$T/usage.sse" "$BIN/orstream" --sse --jsonl
printf '%s' "$out" | python3 -c 'import json,sys; [json.loads(l.decode("utf-8")) for l in sys.stdin.buffer]'
ok $? "--jsonl: every line valid UTF-8 JSON"

done_testing
