#!/bin/sh
# orchat --batch, its input and output at the edges (found by adversarial
# testing):
# - with -i or --file, a line's request body is the one a single orchat of
#   the same prompt and flags sends (the prompt's text and the attachments
#   in one user message), so --cache shares their entry;
# - a line is refused when it is longer than 32 MiB by even one byte, and
#   --dry-run names its number once;
# - DEL and the C1 controls of an answer are written as \u escapes: the
#   same JSON string, and none of them raw on a terminal.
. "${0%/*}/lib.sh"
mock_start

SPEC=${ORKIT_OPENAPI:-$TOP/../shared/api/openapi/openapi.json}
CAT=$TOP/tests/fixtures/models/models_2026-08-08.json

# A GIF of one pixel, a text file, a line of one prompt.
printf 'GIF89a\001\000\001\000\200\000\000\000\000\000\377\377\377!\371\004\000\000\000\000\000,\000\000\000\000\001\000\001\000\000\002\002D\001\000;' \
    >"$T/img.gif"
echo hello-file >"$T/f.txt"
echo '"hello"' >"$T/one.jsonl"
echo '{"id":"o","prompt":"hello"}' >"$T/obj.jsonl"
echo '""' >"$T/empty.jsonl"

# Bodies: a batch line's is a single orchat's, for every kind of line.
: >"$T/list"
n=0
for att in "-i $T/img.gif" "--file $T/f.txt" \
    "-i $T/img.gif --file $T/f.txt -s Brief" \
    "-i https://example.com/a.png --file https://example.com/d/b.pdf"; do
	n=$((n + 1))
	what=$(echo "$att" | sed "s|$T/||g")
	run "$BIN/orchat" --dry-run -m mock/parrot $att hello
	printf '%s\n' "$out" >"$T/single.$n"
	for l in one obj; do
		run_in "$T/$l.jsonl" "$BIN/orchat" --batch --dry-run \
		    -m mock/parrot $att
		is "$rc.$out" "0.$(cat "$T/single.$n")" \
		    "$what, a $l line: the body a single orchat sends"
	done
	printf '%s\n' "$out" >"$T/batch.$n"
	printf '%s\t%s\t%s\n' "$what" "$T/batch.$n" "$T/single.$n" >>"$T/list"
	# No prompt: the attachments alone, as a single orchat sends them.
	run "$BIN/orchat" --dry-run -m mock/parrot $att
	single=$out
	run_in "$T/empty.jsonl" "$BIN/orchat" --batch --dry-run \
	    -m mock/parrot $att
	is "$out" "$single" "$what, an empty prompt: the attachments alone"
done
# (Without the specification, the bodies are compared only.)
check_bodies "$T/list"
run_in "$T/obj.jsonl" "$BIN/orchat" --batch --dry-run -m mock/parrot \
    -s Brief -i "$T/img.gif"
like "$out" '^\{"model":"mock/parrot","messages":\[\{"role":"system","content":"Brief"\},\{"role":"user","content":\[\{"type":"text","text":"hello"\},\{"type":"image_url","image_url":\{"url":"data:image/gif;base64,R0lGOD' \
    "-s and -i: the system message, then one user message, text first"

# --cache: a batch line is answered from a single orchat's entry.
for att in "-i $T/img.gif" "--file $T/f.txt"; do
	C=$T/cache.${att%% *}
	run "$BIN/orchat" --cache "$C" -m mock/parrot $att hello
	is "$rc" 0 "${att%% *} --cache: a single orchat's answer stored"
	: >"$MOCK_LOG"
	run_in "$T/one.jsonl" "$BIN/orchat" --batch --cache "$C" \
	    -m mock/parrot $att
	is "$rc" 0 "${att%% *} --cache, the batch: exit 0"
	like "$out" '"content":"hello".*"cached":true' \
	    "${att%% *} --cache, the batch: answered from that entry"
	is "$(mock_requests)" 0 "${att%% *} --cache, the batch: nothing sent"
done

# The 32 MiB cap, to the byte: a line of 32 MiB is taken, one byte more
# is not, nor a line that ends in the read after the cap.
python3 -c '
import sys
M = 32 << 20
with open(sys.argv[1], "w") as f:
    f.write("\"" + "w" * (M - 2) + "\"\n")
    f.write("\"" + "x" * (M - 1) + "\"\n")
    f.write("\"b\"\n")
    f.write("\"" + "y" * (M + 1000) + "\"\n")
    f.write("\"" + "z" * (M + 200000) + "\"\n")
    f.write("\"" + "v" * (M - 1) + "\"")' "$T/long.jsonl"
OPENROUTER_API_KEY= run "$BIN/orchat" --batch --dry-run -m mock/parrot \
    "$T/long.jsonl"
is "$rc" 65 "lines longer than 32 MiB: 65"
is "$(python3 -c 'import json, sys
for l in open(sys.argv[1]):
    c = json.loads(l)["messages"][0]["content"]
    print(c[0], len(c))' "$OUT")" "w $(((32 << 20) - 2))
b 1" \
    "a line of exactly 32 MiB is sent, and the short one"
is "$err" "orchat: line 2: longer than 32 MiB
orchat: line 4: longer than 32 MiB
orchat: line 5: longer than 32 MiB
orchat: line 6: longer than 32 MiB" \
    "a byte more, 1000 more, 200000 more, the last line unended: too long, the number said once"
rm -f "$T/long.jsonl"

# DEL and C1 controls in an answer: escaped, the same string.
# The parrot answers with the prompt: A, CSI (U+009B) "31m", B, DEL, D,
# U+0080, U+009F, U+00A0 (no control).
printf '%s\n' '"A\u009b31mB\u007fD\u0080\u009f\u00a0"' >"$T/c1.jsonl"
run "$BIN/orchat" --batch -m mock/parrot "$T/c1.jsonl"
is "$rc" 0 "an answer with controls: exit 0"
contains "$out" '"content":"A\u009b31mB\u007fD\u0080\u009f'"$(printf '\302\240')"'"' \
    "DEL and C1 controls escaped, U+00A0 as it is"
is "$(python3 -c 'import json, sys
print(json.loads(open(sys.argv[1]).read())["content"] ==
    "A\x9b31mB\x7fD\x80\x9f\xa0")' "$OUT")" True "the same string"
if has_tty; then
	tty_run "'$BIN/orchat' --batch -m mock/parrot '$T/c1.jsonl' 2>/dev/null" \
	    "$T/batch.tty"
	is "$?" 0 "on a terminal: exit 0"
	no_controls "$T/batch.tty" "on a terminal: no CSI (U+009B) of the answer"
	! grep -q "$(printf '\177')" "$T/batch.tty"
	ok $? "on a terminal: no DEL"
else
	skip "no terminal (script(1))"
fi

done_testing
