#!/bin/sh
# orchat and orstream agree on a reply whose content holds invalid UTF-8
# (issue 11, found by tests/0960): the same bytes in give the same bytes
# out from orchat (non-streamed), orstream (live) and orstream --sse --
# the reply is paid for, so it is printed and logged, never refused.  To
# a pipe the bytes go as they came; where the text is written as JSON
# (--json, the conversation file, the ledger) each maximal subpart of an
# invalid sequence is one U+FFFD, as Python's "replace" decoder (the
# Unicode and WHATWG practice) makes it.  Invalid UTF-8 outside a string
# is broken JSON: 76 for both.  The replies are served from fixtures
# written here (--root), so the mock itself is unchanged.
. "${0%/*}/lib.sh"
R=$T/root
mkdir -p "$R/tests/fixtures/chat" "$R/tests/fixtures/stream"
mock_start --root "$R"

# Latin-1, a lone continuation byte, never-valid bytes, an overlong '/',
# a surrogate, a code point past U+10FFFF, and a sequence cut short before
# an ASCII letter ("a\xE2\x82b" is "a\uFFFDb", item 36); in three pieces
# for the stream, cut inside the surrogate's and the last sequence.
# (printf %b's octal escapes: \0NNN.)
P1='caf\0351 \0200 \0377\0376 \0300\0257 \0355'
P2='\0240\0200 \0364\0220\0200\0200 a\0342'
P3='\0202b \0303\0251'
USAGE='"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"note":"n\0377","cost":0.00001}'
# fixtures NAME C1 C2 C3: a whole reply of content C1C2C3 and the stream
# of the three (each a %b format: JSON's \n is \\n).
fixtures() {
	printf '{"id":"gen-u8","provider":"Mock","model":"mock/u8","object":"chat.completion","created":1790000000,"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"%b%b%b"}}],%b}\n' \
	    "$2" "$3" "$4" "$USAGE" >"$R/tests/fixtures/chat/$1.response.json"
	{
		for c in "$2" "$3" "$4"; do
			printf 'data: {"id":"gen-u8","provider":"Mock","model":"mock/u8","object":"chat.completion.chunk","created":1790000000,"choices":[{"index":0,"delta":{"content":"%b"},"finish_reason":null}]}\n\n' "$c"
		done
		printf 'data: {"id":"gen-u8","provider":"Mock","model":"mock/u8","object":"chat.completion.chunk","created":1790000000,"choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],%b}\n\n' "$USAGE"
		printf 'data: [DONE]\n\n'
	} >"$R/tests/fixtures/stream/$1.sse"
}
fixtures u8 "$P1" "$P2" "$P3"'\\n'
printf '%b\n' "$P1$P2$P3" >"$T/want.raw"
# The content as JSON text would have it: U+FFFD per maximal subpart.
python3 -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1], "rb").read().decode("utf-8", "replace").encode())' \
    "$T/want.raw" >"$T/want.txt"
is "$(python3 -c 'import sys; print(open(sys.argv[1], encoding="utf-8").read().count("\ufffd"))' "$T/want.txt")" 14 \
    "(the oracle makes 14 U+FFFD of the 25 bad bytes)"

# The text, to a pipe: the bytes as they came, from all three.
"$BIN/orchat" --log "$T/l.chat" -m mock/fixture:u8 hi >"$T/chat.out" \
    2>"$ERR"
is "$?.$(cat "$ERR")" "0." "orchat: invalid UTF-8 in the content: exit 0"
"$BIN/orstream" --log "$T/l.stream" -m mock/fixture:u8 hi >"$T/stream.out" \
    2>"$ERR"
is "$?.$(cat "$ERR")" "0." "orstream: the same as a stream: exit 0"
"$BIN/orstream" --log "$T/l.sse" --sse <"$R/tests/fixtures/stream/u8.sse" \
    >"$T/sse.out" 2>"$ERR"
is "$?.$(cat "$ERR")" "0." "orstream --sse: exit 0"
[ ! -e "$T/l.sse" ]
ok $? "(orstream --sse logs nothing: no call was made)"
cmp "$T/chat.out" "$T/want.raw"
ok $? "orchat prints the content byte for byte"
cmp "$T/chat.out" "$T/stream.out"
ok $? "orchat and orstream print the same bytes"
cmp "$T/chat.out" "$T/sse.out"
ok $? "orchat and orstream --sse print the same bytes"

# The ledger: the paid call is logged, usage and cost, valid UTF-8 JSON.
for f in chat stream; do
	python3 -c 'import json,sys
l=open(sys.argv[1], encoding="utf-8").read().splitlines()
j=json.loads(l[-1]); u=j["usage"]
sys.exit(len(l) != 1 or j["cost"] != 0.00001 or u["completion_tokens"] != 4
    or u["note"] != "n\ufffd")' "$T/l.$f"
	ok $? "$f: the ledger has the call, its usage and cost"
done

# --json: the content with U+FFFD, the same from orchat and orstream.
for c in orchat orstream; do
	"$BIN/$c" --json -m mock/fixture:u8 hi >"$T/$c.json" 2>"$ERR"
	is "$?" 0 "$c --json: exit 0"
	python3 -c 'import json,sys
j=json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
c=j["choices"][0]["message"]["content"]
sys.exit(c.encode() != open(sys.argv[2], "rb").read())' "$T/$c.json" \
	    "$T/want.txt"
	ok $? "$c --json: valid UTF-8, one U+FFFD per maximal subpart"
done

# The conversation file: the same turn, with U+FFFD, from both.
for c in orchat orstream; do
	"$BIN/$c" -c "$T/$c.conv" -m mock/fixture:u8 hi >/dev/null 2>"$ERR"
	is "$?" 0 "$c -c: exit 0"
	python3 -c 'import json,sys
m=json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))[-1]
sys.exit(m["content"].encode() != open(sys.argv[2], "rb").read())' \
	    "$T/$c.conv" "$T/want.txt"
	ok $? "$c -c: the turn is saved, with U+FFFD"
done

# --json-mode: JSON whose string holds invalid UTF-8 is JSON to both.
fixtures u8json '{\\"k\\": \\"x\0377' '\0342\0202' 'y\\"}\\n'
for c in orchat orstream; do
	"$BIN/$c" --json-mode -m mock/fixture:u8json hi >"$T/$c.jm" 2>"$ERR"
	is "$?.$(cat "$ERR")" "0." "$c --json-mode, invalid UTF-8 in a string: 0"
done
cmp "$T/orchat.jm" "$T/orstream.jm"
ok $? "and they print the same bytes"

# Outside a string it is broken JSON: 76, from both.
printf '{"id":"gen-u8",\377"choices":[]}\n' \
    >"$R/tests/fixtures/chat/u8broken.response.json"
run "$BIN/orchat" -m mock/fixture:u8broken hi
is "$rc" 76 "orchat, invalid UTF-8 outside a string: 76"
contains "$err" "malformed answer: line 1, column 16" "it says where"
printf 'data: {"id":"gen-u8",\377"choices":[]}\n\ndata: [DONE]\n\n' \
    >"$T/broken.sse"
run_in "$T/broken.sse" "$BIN/orstream" --sse
is "$rc" 76 "orstream --sse, the same in a chunk: 76"

done_testing
