#!/bin/sh
# Model text and the terminal (issue 11, item 9): on a terminal, a reply
# and its reasoning lose their C0 and C1 controls (but newline and tab), so
# a model cannot set the window title or write the clipboard (OSC 0, 52);
# a pipe gets the bytes exactly.  -r prints reasoning lines of any length.
. "${0%/*}/lib.sh"

# A mock whose fixtures include a reply with a long, hostile reasoning.
R=$T/root
mkdir -p "$R/tests/fixtures/chat"
ln -s "$TOP/tests/conformance" "$R/tests/conformance"
for f in "$TOP"/tests/fixtures/*; do
	[ "${f##*/}" = chat ] || ln -s "$f" "$R/tests/fixtures/${f##*/}"
done
for f in "$TOP"/tests/fixtures/chat/*; do
	ln -s "$f" "$R/tests/fixtures/chat/${f##*/}"
done
python3 - "$TOP/tests/fixtures/chat/chat_claude-sonnet-4.5_reasoning-effort-high.response.json" \
    "$R/tests/fixtures/chat/chat_long-reasoning_CONSTRUCTED.response.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = d["choices"][0]["message"]
m["reasoning"] = "start " + "r" * 10000 + " end\n\x1b]0;pwned\x07second\tline\x1b]52;c;Zm9v\x07"
m["content"] = "ok\x1b]0;title\x07\x1b[2J\u009b31mred\rover\ttab"
json.dump(d, open(sys.argv[2], "w"))
PY
mock_start --root "$R"
M=mock/fixture:chat_long-reasoning_CONSTRUCTED

# A pipe: byte for byte.
"$BIN/orchat" -r -m $M hi >"$T/pipe.out" 2>"$T/pipe.err"
is "$?" 0 "-r in a pipe: exit 0"
printf 'ok\033]0;title\007\033[2J\302\23331mred\rover\ttab\n' >"$T/want.out"
cmp -s "$T/pipe.out" "$T/want.out"
ok $? "the reply to a pipe is byte for byte"
python3 -c 'import sys; print(len(open(sys.argv[1], "rb").read().split(b"\n")[0]))' \
    "$T/pipe.err" >"$T/len"
is "$(cat "$T/len")" 10010 "a reasoning line of 10,010 bytes is whole, not cut at 4,095"
printf '\033]0;pwned\007second\tline\033]52;c;Zm9v\007\n' >"$T/want.err"
tail -n 1 "$T/pipe.err" | cmp -s - "$T/want.err"
ok $? "reasoning to a pipe is byte for byte, ending in a newline"

# A terminal: controls replaced.
if has_tty; then
	tty_run "'$BIN/orchat' -r -m $M hi" "$T/tty.txt"
	is "$?" 0 "-r on a terminal: exit 0"
	no_controls "$T/tty.txt" "no ESC, BEL or CSI reaches the terminal"
	contains "$(cat "$T/tty.txt")" "$(printf 'ok?]0;title??[2J?31mred')" \
	    "the reply's controls are '?'s"
	contains "$(cat "$T/tty.txt")" "$(printf '?]0;pwned?second\tline?]52;c;Zm9v?')" \
	    "the reasoning's too, tab kept"
	grep -c "start r*r end" "$T/tty.txt" >"$T/n"
	is "$(cat "$T/n")" 1 "the long reasoning line is whole on a terminal too"
	script -qec "'$BIN/orchat' --json -m $M hi" /dev/null >"$T/tty.json" 2>&1
	! grep -q "$(printf '\302\233')" "$T/tty.json"
	ok $? "--json on a terminal: no raw C1 control either"
else
	for i in 1 2 3 4 5 6; do skip "no script(1) to give orchat a terminal"; done
fi

done_testing
