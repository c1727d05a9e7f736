#!/bin/sh
# orstream's output (issue 11, items 1, 9 and 21): every write is checked,
# so a full disk is 74 with one line and a reader gone away is a quiet 141
# (also when the parent blocks or ignores SIGPIPE), whether the piece that
# failed fits the stdio buffer or not; on a terminal the model's text and
# reasoning lose their controls; stdin that is a terminal is refused.
. "${0%/*}/lib.sh"
O=$BIN/orstream

# One content piece of 200,000 bytes: more than the 64 KB stdio buffer.
python3 -c 'import json; print("data: " + json.dumps({"choices":[{"index":0,"delta":{"content":"x"*200000}}]}) + "\n\ndata: [DONE]\n")' >"$T/one.sse"
# A long stream of small pieces.
python3 -c 'import json; print("\n".join("data: " + json.dumps({"choices":[{"index":0,"delta":{"content":"word %d " % i}}]}) + "\n" for i in range(100000)) + "data: [DONE]\n")' >"$T/many.sse"

# gone SIGPIPE-MODE STDIN CMD...: run CMD with stdout a pipe whose reader
# takes one byte and goes away, SIGPIPE as the parent left it (default,
# ignore, block); prints the exit status (128+N for signal N), stderr in
# $ERR.
gone() {
	python3 - "$ERR" "$@" <<'PY'
import signal, subprocess, sys
err, mode, stdin, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def pre():
    if mode == "ignore":
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    elif mode == "block":
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGPIPE])
    else:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
p = subprocess.Popen(cmd, stdin=open(stdin, "rb"), stdout=subprocess.PIPE,
                     stderr=open(err, "wb"), preexec_fn=pre)
p.stdout.read(1)
p.stdout.close()
rc = p.wait(timeout=60)
print(128 - rc if rc < 0 else rc)
PY
}

if [ -w /dev/full ]; then
	for f in one many; do
		"$O" --sse <"$T/$f.sse" >/dev/full 2>"$ERR"; rc=$?
		is "$rc" 74 "--sse $f >/dev/full: 74"
		is "$(lines "$(cat "$ERR")")" 1 "--sse $f >/dev/full: one line"
		like "$(cat "$ERR")" "^orstream: write error: No space" \
		    "--sse $f >/dev/full: it says why"
	done
	"$O" --sse --events <"$T/one.sse" >/dev/full 2>"$ERR"; rc=$?
	is "$rc" 74 "--sse --events >/dev/full: 74"
	is "$(lines "$(cat "$ERR")")" 1 "--sse --events >/dev/full: one line"
	"$O" --sse --json <"$T/one.sse" >/dev/full 2>"$ERR"; rc=$?
	is "$rc" 74 "--sse --json >/dev/full: 74"
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "no /dev/full"; done
fi

for f in one many; do
	for mode in default ignore block; do
		st=$(gone $mode "$T/$f.sse" "$O" --sse)
		is "$st" 141 "--sse $f, reader gone, SIGPIPE $mode: 141"
		is "$(cat "$ERR")" "" "--sse $f, reader gone, SIGPIPE $mode: quiet"
	done
done
(trap '' PIPE; "$O" --sse <"$T/many.sse" 2>"$ERR"; echo $? >"$T/st") | head -c1 >/dev/null
is "$(cat "$T/st")" 141 "trap '' PIPE in sh, | head -c1: 141"
is "$(cat "$ERR")" "" "and quiet"

# Live: the request is stopped, what was paid for is still recorded.
mock_start
if [ -w /dev/full ]; then
	"$O" --log "$T/ledger" -m mock/big:200000 hi >/dev/full 2>"$ERR"; rc=$?
	is "$rc" 74 "live >/dev/full: 74"
	is "$(lines "$(cat "$ERR")")" 1 "live >/dev/full: one line"
	like "$(cat "$ERR")" "^orstream: write error: No space" \
	    "live >/dev/full: it says why"
	is "$(wc -l <"$T/ledger" | tr -d ' ')" 1 "live >/dev/full: the call is in the ledger"
else
	for i in 1 2 3 4; do skip "no /dev/full"; done
fi
for mode in default block; do
	st=$(gone $mode /dev/null "$O" -m mock/big:200000 hi)
	is "$st" 141 "live, reader gone, SIGPIPE $mode: 141"
	is "$(cat "$ERR")" "" "live, reader gone, SIGPIPE $mode: quiet"
done
mock_stop

# A terminal: controls replaced in text and reasoning, a character cut
# between chunks kept whole; a pipe gets the bytes exactly.
printf '%s\n\n' \
    'data: {"choices":[{"index":0,"delta":{"reasoning":"think\u001b]52;c;Zm9v\u0007\tr"}}]}' \
    'data: {"choices":[{"index":0,"delta":{"content":"ok\u001b]0;title\u0007\u009b31m\u00"}}]}' \
    'data: {"choices":[{"index":0,"delta":{"content":"e9 \u00e"}}]}' \
    'data: {"choices":[{"index":0,"delta":{"content":"9\r\n"}}]}' \
    'data: [DONE]' >"$T/ctl.sse"
# (The last two pieces split the two bytes of an e-acute.)
python3 - "$T/ctl.sse" <<'PY'
import sys
p = sys.argv[1]
s = open(p, "rb").read()
s = s.replace(b'\\u00"', b'\xc3"', 1).replace(b'"e9 ', b'"\xa9 ', 1)
s = s.replace(b'\\u00e"', b'\xc3"', 1).replace(b'"9\\r', b'"\xa9\\r', 1)
open(p, "wb").write(s)
PY
"$O" --sse -r <"$T/ctl.sse" >"$T/pipe.out" 2>"$T/pipe.err"
is "$?" 0 "controls to a pipe: exit 0"
printf 'ok\033]0;title\007\302\23331m\303\251 \303\251\r\n' | cmp -s - "$T/pipe.out"
ok $? "text to a pipe: byte for byte"
printf 'think\033]52;c;Zm9v\007\tr' | cmp -s - "$T/pipe.err"
ok $? "reasoning to a pipe: byte for byte"
if has_tty; then
	tty_run "'$O' --sse -r <'$T/ctl.sse'" "$T/tty.txt"
	is "$?" 0 "controls to a terminal: exit 0"
	no_controls "$T/tty.txt" "no ESC, BEL or CSI reaches the terminal"
	contains "$(cat "$T/tty.txt")" "$(printf 'ok?]0;title??31m\303\251 \303\251')" \
	    "the text's controls are '?'s, a character cut between chunks whole"
	contains "$(cat "$T/tty.txt")" "$(printf 'think?]52;c;Zm9v?\tr')" \
	    "the reasoning's too (-r, stderr), tab kept"
	script -qec "'$O' --sse --jsonl <'$T/ctl.sse'" /dev/null >"$T/tty.jsonl" 2>&1
	! grep -q "$(printf '\302\233')" "$T/tty.jsonl"
	ok $? "--jsonl on a terminal: no raw C1 control either"

	# Item 21: stdin on a terminal is refused with a hint.
	for m in --sse "--sse --events"; do
		tty_run "'$O' $m; echo rc=\$?" "$T/tty.txt" </dev/null
		contains "$(cat "$T/tty.txt")" "rc=2" "$m, stdin a terminal: exit 2"
		like "$(head -n 1 "$T/tty.txt")" \
		    "^orstream: standard input is a terminal; .*pipe" \
		    "$m, stdin a terminal: a one-line hint"
	done
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "no script(1) to give orstream a terminal"; done
fi

done_testing
