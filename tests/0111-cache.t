#!/bin/sh
# The response cache (issue 13): --cache DIR and ORKIT_CACHE for orchat and
# orstream.  An identical request (the same base URL, the same body in
# canonical form) is answered from DIR with no request to the server, no
# key and no cost; only answers that succeeded are kept; an entry that is
# not right is a miss; links planted for the directory or an entry never
# make us read or write elsewhere; the key is in no entry.
. "${0%/*}/lib.sh"
mock_start

C=$T/cache/orkit		# made by the first store, parents and all
L=$T/ledger.jsonl
key_of() {	# key_of STDERR-FILE WORD: the key -v named after WORD
	sed -n "s/^.*: cache $2 \\([0-9a-f]*\\)\$/\\1/p" "$1" | head -n 1
}
nfiles() {	# nfiles DIR: the files in DIR, dot-files too
	find "$1" -mindepth 1 2>/dev/null | wc -l | tr -d ' '
}

# A miss, then a hit.
run "$BIN/orchat" --cache "$C" -v -m mock/echo "the first question"
is "$rc" 0 "a miss: exit 0"
cp "$OUT" "$T/live.out"
k=$(key_of "$ERR" stored)
like "$k" '^[0-9a-f]{64}$' "-v: cache stored KEY (64 hex digits)"
ok "$([ -f "$C/$k" ]; echo $?)" "the entry is DIR/KEY"
is "$(mock_requests)" 1 "one request"
run "$BIN/orchat" --cache "$C" -v -m mock/echo "the first question"
is "$rc" 0 "a hit: exit 0"
is "$(mock_requests)" 1 "a hit sends nothing (the mock logged no request)"
cmp -s "$OUT" "$T/live.out"
ok $? "a hit prints the same bytes as the live answer"
is "$(key_of "$ERR" hit)" "$k" "-v: cache hit KEY, the same key"
unlike "$err" 'POST|Trying' "a hit: no HTTP exchange traced"

# Permissions: 0700 made (with its parents), 0600 entries, whatever umask.
is "$(stat -c %a "$C")" 700 "the directory is made 0700"
is "$(stat -c %a "$T/cache")" 700 "and so is a missing parent"
is "$(stat -c %a "$C/$k")" 600 "an entry is 0600"
(umask 0; "$BIN/orchat" --cache "$T/umask0" hi >/dev/null 2>&1)
is "$(stat -c %a "$T/umask0") $(stat -c %a "$T/umask0"/*)" "700 600" \
    "umask 0: still 0700 and 0600"
: >"$MOCK_LOG"

# The API key is never in an entry, nor in the key.
! grep -rqF "$TEST_KEY" "$T/cache" "$T/umask0"
ok $? "the API key is in no entry"
! grep -rqi "authorization\|bearer" "$T/cache" "$T/umask0"
ok $? "no Authorization header either"
OPENROUTER_API_KEY=sk-or-v1-another-key run "$BIN/orchat" --cache "$C" \
    -m mock/echo "the first question"
is "$rc:$(mock_requests)" "0:0" "another key: the same entry, a hit"
run env -u OPENROUTER_API_KEY "$BIN/orchat" --cache "$C" -m mock/echo \
    "the first question"
is "$rc:$(mock_requests)" "0:0" "no key at all: a hit needs none"
run env -u OPENROUTER_API_KEY "$BIN/orchat" --cache "$C" -m mock/echo \
    "a new question"
is "$rc" 78 "no key and a miss: 78, as without a cache"

# ORKIT_CACHE; --cache '' turns it off.
ORKIT_CACHE=$C run "$BIN/orchat" -m mock/echo "the first question"
is "$rc:$(mock_requests)" "0:0" "ORKIT_CACHE: a hit"
ORKIT_CACHE=$C run "$BIN/orchat" --cache '' -m mock/echo "the first question"
is "$rc:$(mock_requests)" "0:1" "--cache '': no cache, one request"
ORKIT_CACHE= run "$BIN/orchat" -m mock/echo "the first question"
is "$rc:$(mock_requests)" "0:2" "ORKIT_CACHE empty: no cache"
: >"$MOCK_LOG"

# -u and --log: a hit spent nothing.
C2=$T/c2
run "$BIN/orchat" --cache "$C2" -u --log "$L" \
    -m mock/fixture:claude-sonnet-4.6_cache-write hi
is "$rc" 0 "-u --log, a miss"
like "$err" ' cost=0\.01355025 id=' "-u: the billed cost"
unlike "$err" 'cached=' "-u: a live answer is not cached"
is "$(wc -l <"$L" | tr -d ' ')" 1 "--log: one line"
run "$BIN/orchat" --cache "$C2" -u --log "$L" \
    -m mock/fixture:claude-sonnet-4.6_cache-write hi
is "$rc" 0 "-u --log, a hit"
like "$err" 'usage: model=anthropic/claude-4\.6-sonnet-20260217 .* cost=0 cached=true id=gen-1773011155-RKj29WPs25kxzvCwOntV$' \
    "-u: cost=0 cached=true, the stored answer's id"
is "$(wc -l <"$L" | tr -d ' ')" 1 "--log: no line for a hit, nothing was spent"
is "$(mock_requests)" 1 "one request for the two"
: >"$MOCK_LOG"

# Answers that failed are not kept.
C3=$T/c3
run "$BIN/orchat" --cache "$C3" -m mock/midstream-error hi
is "$rc" 65 "an error inside the answer: 65"
run "$BIN/orchat" --cache "$C3" --retries 0 -m mock/status:429 hi
is "$rc" 75 "a 429: 75"
run "$BIN/orchat" --cache "$C3" --json-mode hi
is "$rc" 76 "--json-mode and a reply that is not JSON: 76"
run "$BIN/orstream" --cache "$C3" -m mock/truncated hi
is "$rc" 76 "orstream: a stream without its end: 76"
is "$(nfiles "$C3")" 0 "none of them is stored"
: >"$MOCK_LOG"
run "$BIN/orchat" --cache "$C3" -m mock/midstream-error hi
is "$rc:$(mock_requests)" "65:1" "and the next run asks again"
: >"$MOCK_LOG"

# orstream: the stored stream replayed gives the same bytes.
C4=$T/c4
run "$BIN/orstream" --cache "$C4" hello
is "$rc" 0 "orstream, a miss"
cp "$OUT" "$T/live.s"
run "$BIN/orstream" --cache "$C4" hello
is "$rc:$(mock_requests)" "0:1" "orstream, a hit: nothing sent"
cmp -s "$OUT" "$T/live.s"
ok $? "orstream: stdout byte for byte as the live run"
run "$BIN/orstream" --cache "$C4" -m mock/fixture:stream_claude-sonnet-4.5_reasoning \
    -r --json hello
is "$rc" 0 "orstream --json -r, a miss"
cp "$OUT" "$T/live.j"
cp "$ERR" "$T/live.je"
run "$BIN/orstream" --cache "$C4" -m mock/fixture:stream_claude-sonnet-4.5_reasoning \
    -r --json hello
is "$rc:$(mock_requests)" "0:2" "orstream --json -r, a hit"
cmp -s "$OUT" "$T/live.j" && cmp -s "$ERR" "$T/live.je"
ok $? "the same --json line and the same reasoning on stderr"
run "$BIN/orchat" --cache "$C4" hello
is "$rc:$(mock_requests)" "0:3" "orchat, the same prompt: another request (stream: true differs)"
is "$(nfiles "$C4")" 3 "three entries"
: >"$MOCK_LOG"

# TTL.
C5=$T/c5
run "$BIN/orchat" --cache "$C5" -v hi
k=$(key_of "$ERR" stored)
run "$BIN/orchat" --cache "$C5" --cache-ttl 3600 hi
is "$rc:$(mock_requests)" "0:1" "--cache-ttl 3600: a fresh entry is a hit"
# Stored a day ago (the header's time; the body and its hash unchanged).
python3 - "$C5/$k" <<'EOF'
import json, sys, time
raw = open(sys.argv[1], "rb").read()
head, body = raw.split(b"\n", 1)
h = json.loads(head)
h["stored"] = int(time.time()) - 86400
open(sys.argv[1], "wb").write(json.dumps(h).encode() + b"\n" + body)
EOF
run "$BIN/orchat" --cache "$C5" hi
is "$rc:$(mock_requests)" "0:1" "without --cache-ttl, a day-old entry is a hit"
run "$BIN/orchat" --cache "$C5" --cache-ttl 3600 -v hi
is "$rc:$(mock_requests)" "0:2" "--cache-ttl 3600: a day-old entry is a miss"
contains "$err" "cache stored $k" "and the answer is stored again"
run "$BIN/orchat" --cache "$C5" --cache-ttl 3600 hi
is "$rc:$(mock_requests)" "0:2" "now fresh: a hit"
run "$BIN/orchat" --cache "$C5" --cache-ttl 0 -v hi
is "$rc:$(mock_requests)" "0:3" "--cache-ttl 0: never served"
contains "$err" "cache stored $k" "but stored (a refresh)"
run "$BIN/orchat" --cache-ttl -1 hi
is "$rc" 2 "--cache-ttl -1: bad usage"
contains "$err" "--cache-ttl" "naming the flag"
run "$BIN/orchat" --cache-ttl 1.5 hi
is "$rc" 2 "--cache-ttl 1.5: whole seconds only"
# Any whole number: beyond a hundred years, or what a long long holds, it
# is any age (it said "not a whole number of seconds: 3155760001").
run "$BIN/orchat" --cache "$C5" --cache-ttl 3155760001 hi
is "$rc:$(mock_requests)" "0:3" "--cache-ttl 3155760001: taken, a hit"
run "$BIN/orchat" --cache "$C5" --cache-ttl 99999999999999999999999 hi
is "$rc:$(mock_requests)" "0:3" "--cache-ttl past a long long: any age, a hit"
for c in orchat orstream; do
	run "$BIN/$c" --cache-ttl 3155760001 --dry-run hi
	is "$rc" 0 "$c --cache-ttl 3155760001: taken"
done
run "$BIN/orchat" --cache-ttl 12x hi
is "$rc" 2 "--cache-ttl 12x: bad usage"
: >"$MOCK_LOG"

# A corrupt, cut, foreign or planted entry is a miss, then replaced.
C6=$T/c6
run "$BIN/orchat" --cache "$C6" -v -m mock/echo one
k=$(key_of "$ERR" stored)
cp "$OUT" "$T/one.out"
head -c 100 "$C6/$k" >"$T/cut" && mv "$T/cut" "$C6/$k" && chmod 600 "$C6/$k"
run "$BIN/orchat" --cache "$C6" -m mock/echo one
is "$rc:$(mock_requests)" "0:2" "an entry cut short: a miss, asked again"
run "$BIN/orchat" --cache "$C6" -m mock/echo one
is "$rc:$(mock_requests)" "0:2" "stored again whole: a hit"
sed 's/"content":"/"content":"X/' "$C6/$k" >"$T/bad" && cat "$T/bad" >"$C6/$k"
run "$BIN/orchat" --cache "$C6" -m mock/echo one
is "$rc:$(mock_requests)" "0:3" "a body changed (its hash differs): a miss"
printf 'garbage\n\000\377' >"$C6/$k"
run "$BIN/orchat" --cache "$C6" -m mock/echo one
is "$rc:$(mock_requests)" "0:4" "garbage: a miss, no crash"
run "$BIN/orchat" --cache "$C6" -v -m mock/echo two
k2=$(key_of "$ERR" stored)
cp "$C6/$k2" "$C6/$k"
run "$BIN/orchat" --cache "$C6" -m mock/echo one
is "$rc:$(mock_requests)" "0:6" "another request's entry under this key: a miss"
contains "$out" one "the right answer, not the other's"
: >"$MOCK_LOG"

# Links: an entry planted as a link is never read through, and is
# replaced by a store, not written through.
mkdir "$T/elsewhere"
run "$BIN/orchat" --cache "$T/elsewhere" -v -m mock/echo one
ke=$(key_of "$ERR" stored)
cp "$T/elsewhere/$ke" "$T/elsewhere/saved"
rm "$C6/$ke"
ln -s "$T/elsewhere/$ke" "$C6/$ke"
: >"$MOCK_LOG"
run "$BIN/orchat" --cache "$C6" -m mock/echo one
is "$rc:$(mock_requests)" "0:1" "an entry that is a link (to a good entry): a miss"
ok "$([ -f "$C6/$ke" ] && [ ! -L "$C6/$ke" ]; echo $?)" \
    "the link is replaced by a file of our own"
cmp -s "$T/elsewhere/$ke" "$T/elsewhere/saved"
ok $? "the link's target is not written"
# A directory planted as a link: neither read nor written.
ln -s "$T/elsewhere" "$T/dirlink"
: >"$MOCK_LOG"
run "$BIN/orchat" --cache "$T/dirlink" -m mock/echo one
is "$rc:$(mock_requests)" "0:1" "a cache directory that is a link: a miss"
like "$err" "^orchat: cache $T/dirlink: not a directory" "a store: one line"
is "$(nfiles "$T/elsewhere")" 2 "nothing written where the link points"
# A directory others can write.
mkdir -m 777 "$T/open"
chmod 777 "$T/open"
run "$BIN/orchat" --cache "$T/open" -m mock/echo one
is "$rc" 0 "a directory others can write: the answer still printed"
contains "$err" "not a private directory" "and not used"
is "$(nfiles "$T/open")" 0 "nothing written in it"
: >"$MOCK_LOG"

# An entry of another mode is a miss, and the one stored in its place is
# 0600 (it kept the old mode: a 0666 entry stayed 0666, a miss for ever).
C10=$T/c10
run "$BIN/orchat" --cache "$C10" -v -m mock/echo modes
k=$(key_of "$ERR" stored)
chmod 666 "$C10/$k"
run "$BIN/orchat" --cache "$C10" -m mock/echo modes
is "$rc:$(mock_requests)" "0:2" "a 0666 entry: a miss, asked again"
is "$(stat -c %a "$C10/$k")" 600 "the entry stored in its place is 0600"
run "$BIN/orchat" --cache "$C10" -m mock/echo modes
is "$rc:$(mock_requests)" "0:2" "and the next run is a hit"
chmod 644 "$C10/$k"
run "$BIN/orchat" --cache "$C10" --cache-ttl 0 -m mock/echo modes
is "$(stat -c %a "$C10/$k")" 600 "a 0644 entry rewritten by a refresh is 0600"
run "$BIN/orstream" --cache "$C10" -v -m mock/echo modes
k=$(key_of "$ERR" stored)
chmod 606 "$C10/$k"
run "$BIN/orstream" --cache "$C10" -m mock/echo modes
is "$(stat -c %a "$C10/$k")" 600 "orstream too"
: >"$MOCK_LOG"

# The key: the body in canonical form, and the base URL.
C7=$T/c7
run "$BIN/orchat" --cache "$C7" --set 'provider.sort="price"' --set top_k=5 \
    -t 0.5 hi
run "$BIN/orchat" --cache "$C7" -t 0.5 --set top_k=5 \
    --set 'provider.sort="price"' hi
is "$rc:$(mock_requests)" "0:1" "--set in another order, the same body: a hit"
run "$BIN/orchat" --cache "$C7" -t 0.6 --set top_k=5 \
    --set 'provider.sort="price"' hi
is "$rc:$(mock_requests)" "0:2" "another temperature: a miss"
run "$BIN/orchat" --cache "$C7" --base-url "$MOCK_URL/" -t 0.5 --set top_k=5 \
    --set 'provider.sort="price"' hi
is "$rc:$(mock_requests)" "0:2" "the base URL with a trailing slash: the same"
run "$BIN/orchat" --cache "$C7" \
    --base-url "http://127.0.0.1:$MOCK_PORT/_s/ok/api/v1" -t 0.5 \
    --set top_k=5 --set 'provider.sort="price"' hi
is "$rc:$(mock_requests)" "0:3" "another base URL: another entry"
is "$(nfiles "$C7")" 3 "three entries"
: >"$MOCK_LOG"

# --dry-run: unaffected.
run "$BIN/orchat" --cache "$C7" --dry-run -t 0.5 hi
is "$rc" 0 "--dry-run with a cache"
like "$out" '"messages"' "prints the body, not a cached reply"
is "$(nfiles "$C7"):$(mock_requests)" "3:0" "stores nothing, sends nothing"

# Runs at once storing the same key: one whole entry, no temporary files.
C8=$T/c8
pids=
for i in 1 2 3 4 5 6; do
	"$BIN/orchat" --cache "$C8" -m mock/slow:2 same >"$T/par$i" 2>&1 &
	pids="$pids $!"
done
st=0
for p in $pids; do wait "$p" || st=1; done
is "$st" 0 "six runs at once: all exit 0"
is "$(nfiles "$C8")" 1 "one entry, no temporary file left"
: >"$MOCK_LOG"
run "$BIN/orchat" --cache "$C8" -m mock/slow:2 same
is "$rc:$(mock_requests)" "0:0" "and it is whole: a hit"

# A reply that cannot be written: the write's own error, not one the
# store left in errno ("write error: No such file or directory").
sh -c 'trap "" PIPE; exec "$@" 2>"$0"' "$T/perr" "$BIN/orchat" \
    --cache "$T/c11" -m mock/big:300000 hi | head -c 1 >/dev/null
is "$(cat "$T/perr")" "" "a closed pipe, SIGPIPE ignored, a miss: quiet"
( trap '' PIPE; "$BIN/orchat" --cache "$T/c12" -m mock/big:300000 hi \
    2>/dev/null; echo $? >"$T/prc" ) | head -c 1 >/dev/null
is "$(cat "$T/prc")" 141 "and 141, as without a cache"
run sh -c 'exec "$@" >/dev/full' sh "$BIN/orchat" --cache "$T/c13" \
    -m mock/big:300000 hi
is "$rc" 74 "/dev/full, a miss: 74"
is "$err" "orchat: write error: No space left on device" \
    "/dev/full: the write's error"
: >"$MOCK_LOG"

# An answer is stored before it is printed: a reader that stops early
# (SIGPIPE) loses nothing that was paid for.  orstream prints as the
# answer comes; one that came whole is stored though a write after it
# (here the --json line) found the reader gone.
for i in 1 2; do
	"$BIN/orchat" --cache "$T/c14" -m mock/big:300000 hi 2>/dev/null |
	    head -c 10 >/dev/null
done
is "$(mock_requests):$(nfiles "$T/c14")" "1:1" \
    "| head -c 10: the answer stored, the rerun a hit"
: >"$MOCK_LOG"
for i in 1 2; do
	{ sleep 0.3; "$BIN/orstream" --cache "$T/c15" --json -m mock/echo \
	    hi 2>/dev/null; echo $? >"$T/src$i"; } | true
done
is "$(mock_requests):$(nfiles "$T/c15")" "1:1" \
    "orstream, the reader gone after the stream: stored, the rerun a hit"
is "$(cat "$T/src1"):$(cat "$T/src2")" "141:141" "and 141 both times"
: >"$MOCK_LOG"

# No server at all: a hit works offline.
C9=$T/c9
run "$BIN/orstream" --cache "$C9" -m mock/echo offline
cp "$OUT" "$T/off.out"
url=$OPENROUTER_BASE_URL
mock_stop
run "$BIN/orstream" --cache "$C9" -m mock/echo offline
is "$rc" 0 "the server gone: a hit still answers"
cmp -s "$OUT" "$T/off.out"
ok $? "the same bytes"
run "$BIN/orstream" --cache "$C9" --retries 0 -m mock/echo offline2
is "$rc" 75 "a miss needs the server (75)"

# Help.
for c in orchat orstream; do
	run "$BIN/$c" --help
	contains "$out" "--cache DIR" "$c --help: --cache"
	contains "$out" "--cache-ttl SECS" "$c --help: --cache-ttl"
done

# A request that asks for JSON through --set is checked as --json-mode's
# is: prose is 76 and never stored, so it cannot poison the entry
# orchat --json-mode would hit (found by adversarial testing).
mock_start
run "$BIN/orchat" --cache "$T/cj" --set 'response_format={"type":"json_object"}' \
    -m mock/ok q
is "$rc" 76 "--set response_format json_object, a prose reply: 76"
is "$(ls "$T/cj" 2>/dev/null | wc -l | tr -d ' ')" 0 "and not stored"
run "$BIN/orchat" --cache "$T/cj" --json-mode --set 'response_format={"type":"text"}' \
    -m mock/ok q
is "$rc" 0 "--set response_format text over --json-mode: not checked"
mock_stop
done_testing
