#!/bin/sh
# The files orkit writes, against misuse and attack (issue 11, items 3, 6,
# 8, 13, 20): links planted in the cache are replaced, never written
# through; a cache directory others can write to is refused; a new
# conversation or ledger is private; commands on one conversation take
# turns, so no paid turn is lost; SIGTERM during a rewrite leaves the old
# file or the new and no temporary file; a conversation that is a link
# stays one, its target rewritten.
. "${0%/*}/lib.sh"
mock_start

C=$XDG_CACHE_HOME/orkit
D=$T/chats
mkdir "$D"
umask 022

# --- the cache: planted links, and a directory others can write to
mkdir -p "$C"
printf 'precious\n' >"$T/victim"
ln -s "$T/victim" "$C/models.json"
ln -s "$T/victim" "$C/models.idx"
run "$BIN/ormodels" --refresh -o id gpt-4o-mini
is "$rc" 0 "a link planted at models.json: the catalog is fetched"
is "$(cat "$T/victim")" precious "the link's target is not written"
[ -f "$C/models.json" ] && [ ! -L "$C/models.json" ] &&
    [ ! -L "$C/models.idx" ]
ok $? "the links are replaced by the cache's own files"

rm -rf "$C"
mkdir -p "$C"
chmod 777 "$C"
run "$BIN/ormodels" -o id gpt-4o-mini
like "$err" "^ormodels: cache directory .*/orkit can be written by others \(mode 777\); not using it$" \
    "a cache directory others can write to is refused, in one line"
is "$(printf '%s\n' "$err" | grep -c 'cache directory')" 1 "said once"
[ ! -e "$C/models.json" ]
ok $? "and nothing is written to it"
chmod 1777 "$C"
run "$BIN/ormodels" -o id gpt-4o-mini
is "$rc.$err" "0." "sticky and ours: used"
[ -f "$C/models.json" ]
ok $? "the catalog is cached there"
chmod 755 "$C"
mkdir -p "$C/endpoints"
chmod 777 "$C/endpoints"
run "$BIN/ormodels" -e deepseek/deepseek-v3.2 --table
contains "$err" "cache directory $C/endpoints can be written by others" \
    "so is an endpoints cache others can write to"
is "$(ls -A "$C/endpoints")" "" "and nothing is written to it"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chmod 755 "$C/endpoints"
	chown nobody "$C/endpoints"
	run "$BIN/ormodels" -e deepseek/deepseek-v3.2 --table
	contains "$err" "cache directory $C/endpoints belongs to another user" \
	    "and one another user owns"
else
	skip "not root: cannot give a directory to another user"
fi

# --- new private files, old ones keep their mode
run "$BIN/orchat" -m mock/echo -c "$D/new.json" --log "$T/new.jsonl" hi
is "$rc" 0 "a turn with a new conversation and a new ledger"
is "$(stat -c %a "$D/new.json")" 600 "the new conversation is 0600"
is "$(stat -c %a "$T/new.jsonl")" 600 "the new ledger is 0600"
chmod 640 "$D/new.json" "$T/new.jsonl"
run "$BIN/orchat" -m mock/echo -c "$D/new.json" --log "$T/new.jsonl" again
is "$(stat -c %a "$D/new.json").$(stat -c %a "$T/new.jsonl")" 640.640 \
    "old ones keep their mode"

# A failed first turn leaves no file behind (the lock made it empty).
run "$BIN/orchat" --retries 0 -m mock/status:500 -c "$D/failed.json" hi
is "$rc" 75 "a failed first turn"
[ ! -e "$D/failed.json" ]
ok $? "leaves no conversation file"
run "$BIN/orchat" -c "$D/failed.json" "   "
[ ! -e "$D/failed.json" ]
ok $? "nor does a turn refused before it is sent"

# --- a conversation that is a link: the link stays, the target is rewritten
mkdir "$D/real"
printf '[]\n' >"$D/real/target.json"
ln -s real/target.json "$D/link.json"
run "$BIN/orchat" -m mock/parrot -c "$D/link.json" one
run "$BIN/orchat" -m mock/parrot -c "$D/link.json" two
is "$rc" 0 "two turns through a link"
[ -L "$D/link.json" ]
ok $? "the link is still a link"
is "$(python3 -c 'import json,sys; print(" ".join(m["content"] for m in json.load(open(sys.argv[1]))))' "$D/real/target.json")" \
    "one one two two" "its target holds both turns"
ls -A "$D/real" >"$T/ls"
is "$(cat "$T/ls")" target.json "nothing else beside the target"
ln -s nowhere/new.json "$D/dangling.json"
mkdir "$D/nowhere"
run "$BIN/orchat" -m mock/parrot -c "$D/dangling.json" first
[ -L "$D/dangling.json" ] && [ -f "$D/nowhere/new.json" ]
ok $? "a dangling link: its target is made, the link kept"

# --- N at once on one conversation: every turn is kept
N=8
printf '[]\n' >"$D/shared.json"
i=0 pids=
while [ $i -lt $N ]; do
	"$BIN/orchat" -m mock/slow:200 -c "$D/shared.json" --log "$T/shared.jsonl" \
	    "turn $i" </dev/null >/dev/null 2>"$T/shared.err.$i" &
	pids="$pids $!"
	i=$((i + 1))
done
fails=0
for p in $pids; do
	wait "$p" || fails=$((fails + 1))
done
is "$fails" 0 "$N concurrent orchat -c on one file: all exit 0"
is "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$D/shared.json")" \
    $((N * 2)) "the file holds all $N turns and their replies"
is "$(wc -l <"$T/shared.jsonl" | tr -d ' ')" "$N" "$N paid replies in the ledger"
is "$(python3 -c 'import json,sys; print(len({m["content"] for m in json.load(open(sys.argv[1])) if m["role"] == "user"}))' "$D/shared.json")" \
    "$N" "each turn once"
is "$(ls -A "$D" | grep -c '^\.')" 0 "no temporary or lock file left"

# --- SIGTERM while the conversation is rewritten: old or new, no temporary
python3 - "$BIN/orchat" "$D" <<'PY' >"$T/term.out"
import json, os, signal, subprocess, sys, time
orchat, d = sys.argv[1], sys.argv[2]
conv = os.path.join(d, "big.json")
# Large enough that writing it takes a while: the temporary file is seen.
msgs = [{"role": "user", "content": "x" * 1000000}] * 3
open(conv, "w").write(json.dumps(msgs))
seen = killed = 0
for _ in range(6):
    before = open(conv).read()
    p = subprocess.Popen([orchat, "-m", "mock/parrot", "-c", conv, "q"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    t = time.time() + 20
    while p.poll() is None and time.time() < t:
        if any(n.startswith(".big.json.") for n in os.listdir(d)):
            p.send_signal(signal.SIGTERM)
            seen += 1
            break
    p.wait()
    killed += p.returncode == -signal.SIGTERM
    after = open(conv).read()
    n = len(json.loads(after))
    left = [n for n in os.listdir(d) if n.startswith(".big.json.")]
    if left or not (after == before or n == len(json.loads(before)) + 2):
        print("bad", left, n)
print("seen", seen, "killed", killed)
PY
like "$(cat "$T/term.out")" "^seen [1-9]" "SIGTERM sent while the temporary file existed"
unlike "$(cat "$T/term.out")" "^bad" \
    "SIGTERM during the rewrite: the old file or the new, no temporary file"

# SIGTERM during the request is a cancel, as ^C is: exit 143, nothing kept.
printf '[]\n' >"$D/term.json"
"$BIN/orchat" -m mock/slow:3000 -c "$D/term.json" hi </dev/null >/dev/null \
    2>"$T/term.err" &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
is "$?" 143 "SIGTERM during the request: exit 143"
like "$(cat "$T/term.err")" "interrupted" "one line saying so"
is "$(cat "$D/term.json")" "[]" "the conversation is left alone"

done_testing
