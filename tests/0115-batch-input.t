#!/bin/sh
# orchat --batch, its input and output at the edges (found by adversarial
# testing):
# - with -i or --file, a line's request body is the one a single orchat of
#   the same prompt and flags sends (the prompt's text and the attachments
#   in one user message), so --cache shares their entry;
# - a line is refused when it is longer than 32 MiB by even one byte, and
#   --dry-run names its number once;
# - DEL and the C1 controls of an answer are written as \u escapes: the
#   same JSON string, and none of them raw on a terminal;
# - a closed standard input, output or error is no descriptor that a
#   later open or socket takes: reading a closed stdin is 66, writing a
#   closed stdout 74, for every command;
# - a non-blocking stdin is waited for, not spun on, and SIGINT stops it;
# - a line whose prompt is empty or white space alone, with no attachment,
#   is an error line (65), nothing sent;
# - with stdout and stderr on one terminal, the progress line is erased
#   before an output line is written.
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

# Closed standard descriptors.  stdin closed: fd 0 was libcurl's wake-up
# socket, read in a loop forever.
printf '"a"\n' >"$T/a.jsonl"
for how in "" "-" "--dry-run"; do
	timeout 10 "$BIN/orchat" --batch -m mock/parrot $how <&- >"$OUT" \
	    2>"$ERR"
	is "$?.$(head -n 1 "$ERR")" "66.orchat: stdin: Bad file descriptor" \
	    "--batch $how, stdin closed: 66, said"
done
timeout 10 "$BIN/orchat" -m mock/parrot hello <&- >"$OUT" 2>"$ERR"
is "$?.$(cat "$ERR")" "66.orchat: stdin: Bad file descriptor" \
    "orchat, stdin closed: 66"
timeout 10 "$BIN/orstream" --sse <&- >"$OUT" 2>"$ERR"
is "$?.$(cat "$ERR")" "66.orstream: stdin: Bad file descriptor" \
    "orstream --sse, stdin closed: 66"
timeout 10 "$BIN/orcost" -s <&- >"$OUT" 2>"$ERR"
is "$?.$(cat "$ERR")" "66.orcost: stdin: Bad file descriptor" \
    "orcost -s, stdin closed: 66"
timeout 10 "$BIN/ormodels" --catalog "$CAT" openai/gpt-4o-mini <&- \
    >"$OUT" 2>"$ERR"
is "$?.$(cat "$ERR")" "0." "ormodels, stdin closed: not read, exit 0"

# stdout closed: the answers went into that socket, and the batch said
# they were written.
: >"$MOCK_LOG"
timeout 10 "$BIN/orchat" --batch -m mock/parrot "$T/a.jsonl" >&- 2>"$ERR"
is "$?" 74 "--batch, stdout closed: 74"
like "$(cat "$ERR")" "write error: Bad file descriptor" \
    "--batch, stdout closed: the write error said"
like "$(cat "$ERR")" "the output could not be written" \
    "--batch, stdout closed: the summary says so"
timeout 10 "$BIN/orchat" --batch --dry-run -m mock/parrot "$T/a.jsonl" \
    >&- 2>"$ERR"
is "$?" 74 "--batch --dry-run, stdout closed: 74"
for c in "orchat -m mock/parrot hello" "orstream -m mock/parrot hello" \
    "ormodels --catalog $CAT" "orcost --catalog $CAT -m openai/gpt-4o-mini -p 1000"; do
	timeout 10 "$BIN/"$c >&- 2>"$ERR"
	is "$?.$(cat "$ERR")" "74.${c%% *}: write error: Bad file descriptor" \
	    "${c%% *}, stdout closed: 74, one line"
done

# stderr closed: nothing lands there, -v's trace included; the answers
# are whole.
timeout 10 "$BIN/orchat" --batch -v -m mock/parrot "$T/a.jsonl" 2>&- \
    >"$OUT"
is "$?.$(grep -c '"content":"a".*"error":null' "$OUT")" 0.1 \
    "--batch -v, stderr closed: exit 0, the answer"
timeout 10 "$BIN/orchat" -v -m mock/parrot hello 2>&- >"$OUT"
is "$?.$(cat "$OUT")" 0.hello "orchat -v, stderr closed: exit 0, the answer"

# A non-blocking standard input (O_NONBLOCK, as a Node.js parent leaves a
# pipe): waiting for the next line spun at 100% CPU, linein taking EAGAIN
# as "no line yet" even when told to block.  Now it waits in poll(), and
# SIGINT still stops the batch at once.
cat >"$T/nb.py" <<'PY'
import fcntl, os, resource, signal, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen([sys.argv[1], "--batch", "-m", "mock/parrot"] +
    sys.argv[3:], stdin=r, stdout=subprocess.PIPE,
    stderr=subprocess.DEVNULL)
os.close(r)
if sys.argv[2] == "int":
    time.sleep(1)
    t = time.time()
    p.send_signal(signal.SIGINT)
    p.communicate(timeout=30)
    print(p.returncode, "%.1f" % (time.time() - t))
    sys.exit(0)
for i in range(3):
    time.sleep(1)
    os.write(w, b'"p%d"\n' % i)
time.sleep(1)
os.close(w)
out, _ = p.communicate(timeout=60)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(p.returncode, out.count(b"\n"), "%.2f" % (ru.ru_utime + ru.ru_stime))
PY
for how in "" "--dry-run"; do
	set -- $(python3 "$T/nb.py" "$BIN/orchat" lines $how)
	is "$1 $2" "0 3" "--batch $how, a non-blocking stdin: 0, three lines"
	ok "$(python3 -c "print(0 if $3 < 1.0 else 1)")" \
	    "--batch $how, a non-blocking stdin: 4 s of waiting for lines cost under 1 s of CPU (took $3 s)"
done
set -- $(python3 "$T/nb.py" "$BIN/orchat" int)
is "$1" 130 "--batch, a non-blocking stdin: SIGINT while waiting is 130"
ok "$(python3 -c "print(0 if $2 < 3 else 1)")" \
    "--batch, a non-blocking stdin: SIGINT stops it at once (took $2 s)"

# A line whose prompt is empty or white space alone is no prompt: an
# error line (65), nothing sent, as a single orchat of it sends nothing
# and exits 2.  With -i or --file the attachments alone are sent, as a
# single orchat sends them (above).
run "$BIN/orchat" -m mock/parrot "   "
is "$rc" 2 "single orchat, a prompt of white space: 2"
printf '%s\n' '""' '"   "' '{"id":"e","prompt":" \t\n"}' '"real"' \
    >"$T/blank.jsonl"
: >"$MOCK_LOG"
run "$BIN/orchat" --batch -m mock/parrot -s Brief "$T/blank.jsonl"
is "$rc" 65 "--batch, empty and white space prompts: 65"
is "$(mock_requests)" 1 "--batch, empty and white space prompts: only the real prompt sent"
is "$(python3 -c 'import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    e = o["error"]
    print(o["id"], e and e["code"], e and e["message"])' "$OUT")" \
    "1 65 no prompt: the prompt is empty or only white space
2 65 no prompt: the prompt is empty or only white space
e 65 no prompt: the prompt is empty or only white space
4 None None" "--batch, empty and white space prompts: error lines of 65, said"
run "$BIN/orchat" --batch --dry-run -m mock/parrot "$T/blank.jsonl"
is "$rc.$(lines "$out")" 65.1 "--batch --dry-run: 65, the real prompt's body alone"
is "$err" "orchat: line 1: no prompt: the prompt is empty or only white space
orchat: line 2: no prompt: the prompt is empty or only white space
orchat: line 3: no prompt: the prompt is empty or only white space" \
    "--batch --dry-run: each said"
: >"$MOCK_LOG"
run "$BIN/orchat" --batch -m mock/parrot --file "$T/f.txt" "$T/blank.jsonl"
is "$rc.$(grep -c '"error":null' "$OUT").$(mock_requests)" 0.4.4 \
    "--batch --file, empty and white space prompts: the file alone is sent, 0"

# Standard output and error on one terminal: each output line is written
# after the progress line is erased, so it starts in the first column
# (it was written after "... ETA ?").
if has_tty; then
	for i in 1 2 3 4 5; do echo "{\"id\":$i,\"prompt\":\"p$i\"}"; done \
	    >"$T/five.jsonl"
	tty_run "'$BIN/orchat' --batch -P 2 -m mock/slow:300 '$T/five.jsonl'" \
	    "$T/prog"
	is "$?" 0 "stdout and stderr on a terminal: 0"
	# The screen: a row is what is left after each CR and erase.
	python3 -c '
import re, sys
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    row, col = [], 0
    for tok in re.split(r"(\r|\x1b\[K)", line):
        if tok == "\r": col = 0
        elif tok == "\x1b[K": del row[col:]
        else:
            for ch in tok:
                if col < len(row): row[col] = ch
                else: row.append(ch)
                col += 1
    r = "".join(row)
    if "{\"id\"" in r: print(r[:40])' "$T/prog.raw" >"$T/rows"
	is "$(grep -c '^{"id"' "$T/rows").$(lines "$(cat "$T/rows")")" 5.5 \
	    "stdout and stderr on a terminal: each output line from the first column"
	tty_run "'$BIN/orchat' --batch -m mock/parrot '$T/five.jsonl' 2>/dev/null" \
	    "$T/prog2"
	is "$(grep -c '^{"id"' "$T/prog2")" 5 \
	    "stdout alone on a terminal: the lines as they were"
else
	skip "no terminal (script(1))"
fi

done_testing
