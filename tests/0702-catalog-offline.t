#!/bin/sh
# Offline first, quick and quiet (issue 12): a failed refresh is stamped
# and not tried again for ORKIT_CATALOG_RETRY seconds, with one warning
# naming the fix; --offline never warns; a refresh nobody asked for makes
# one attempt with a short limit; the bundled snapshot and its index are
# copied into the cache with their own old date; a catalog fetched when
# the cache cannot be written serves the call from memory; the index of
# a --catalog FILE is kept in the cache, keyed to the file.
. "${0%/*}/lib.sh"

FX=$TOP/tests/fixtures/models
NEW=$FX/models_2026-08-08.json
SNAP=$TOP/data/models.json
C=$XDG_CACHE_HOME/orkit
DOWN=http://127.0.0.1:9/api/v1
mode() { stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"; }
ino() { stat -c %i "$1" 2>/dev/null || stat -f %i "$1"; }
mdate() { date -u -r "$1" +%Y-%m-%d; }
first() { printf '%s\n' "$1" | head -1; }
models_requests() { grep -c '"path": "[^"]*/models"' "$MOCK_LOG"; }

# ---- no network: one warning in 20 calls --------------------------------
OPENROUTER_BASE_URL=$DOWN; export OPENROUTER_BASE_URL
: >"$T/all.err"
fails=
i=0
while [ $i -lt 10 ]; do
	run "$BIN/ormodels" -o id,prompt openai/gpt-4o-mini
	[ "$rc.$(first "$out")" = "$(printf '0.openai/gpt-4o-mini\t0.15')" ] ||
	    fails="$fails ormodels$i:$rc"
	cat "$ERR" >>"$T/all.err"
	run "$BIN/orcost" -m openai/gpt-4o-mini -p 1M
	[ "$rc.$out" = "0.0.15" ] || fails="$fails orcost$i:$rc"
	cat "$ERR" >>"$T/all.err"
	i=$((i + 1))
done
is "$fails" "" "no network, no cache: 20 calls of ormodels and orcost answer, 0"
w=$(cat "$T/all.err")
is "$(lines "$w")" 1 "one warning in 20 calls"
like "$w" "^ormodels: GET /models: .*; not tried again for 1 h \(online: ormodels --refresh; offline: --offline or ORKIT_CATALOG=FILE\); using the bundled catalog \(models up to 2026-07-24\)$" \
    "  saying why, for how long, the fix, and how old the data is"
is "$(cat "$C/models.retry")" "$DOWN" "the stamp beside the cache names the base URL"
is "$(mode "$C/models.retry")" 600 "  privately"

# The snapshot and its index in the cache, with the snapshot's own date.
cmp -s "$C/models.json" "$SNAP"
ok $? "the bundled snapshot is copied into the cache"
is "$(mode "$C/models.json").$(mode "$C/models.idx")" 600.600 "  both files 0600"
is "$(mdate "$C/models.json")" 2026-07-24 "  dated as its newest model, not now: old data"
head -1 "$C/models.idx" | grep -q "^orkit-catalog-index 2	$(wc -c <"$SNAP" | tr -d ' ')	$(date -u -r "$C/models.json" +%s)\.000000000$"
ok $? "  its index keyed to the copy"
i1=$(ino "$C/models.idx")
LD_DEBUG=libs "$BIN/ormodels" -l openai/gpt-4o >/dev/null 2>"$T/ld"
is "$(grep -c 'libcurl' "$T/ld")" 0 "within the window: libcurl is not even loaded"
"$BIN/orcost" -m openai/gpt-4o -p 1M >/dev/null 2>&1
is "$(ino "$C/models.idx")" "$i1" "  and the index is read, not rebuilt"

# --offline, from nothing: never a warning.
rm -rf "$C"
: >"$T/all.err"
i=0
while [ $i -lt 10 ]; do
	"$BIN/ormodels" --offline -o id openai/gpt-4o-mini >/dev/null 2>>"$T/all.err"
	"$BIN/orcost" --offline -m openai/gpt-4o-mini -p 1M >/dev/null 2>>"$T/all.err"
	i=$((i + 1))
done
is "$(cat "$T/all.err")" "" "--offline, no cache: 20 calls, no warning"
cmp -s "$C/models.json" "$SNAP"
ok $? "  the snapshot copied into the cache all the same"
[ ! -e "$C/models.retry" ]
ok $? "  and no stamp: nothing was tried"

# ---- the stamp: its window, its URL --------------------------------------
run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$rc.$(lines "$err")" 0.1 "a stale copy, online: the refresh is tried, one warning"
like "$err" "using the cached catalog of 2026-07-24 [0-9:]* UTC$" "  naming the copy's old date"
run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$rc.$err" 0. "  then quiet within the window"
touch -d '2 hours ago' "$C/models.retry"
run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$rc.$(lines "$err")" 0.1 "a stamp 2 hours old: tried again, one warning"
run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$rc.$err" 0. "  and the stamp renewed"
ORKIT_CATALOG_RETRY=7200 run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$err" "" "ORKIT_CATALOG_RETRY=7200: still held"
touch -d '2 hours ago' "$C/models.retry"
ORKIT_CATALOG_RETRY=10800 run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$err" "" "ORKIT_CATALOG_RETRY=10800: a stamp 2 hours old still holds"
ORKIT_CATALOG_RETRY=600 run "$BIN/ormodels" -o id openai/gpt-4o-mini
like "$err" "; not tried again for 10 min \(online" "ORKIT_CATALOG_RETRY=600: tried, 10 min"
ORKIT_CATALOG_RETRY=0 run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$(lines "$err")" 1 "ORKIT_CATALOG_RETRY=0: tried at once, one warning"
unlike "$err" "not tried again" "  promising no wait"
ORKIT_CATALOG_RETRY=0 run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$(lines "$err")" 1 "  and again on the next call"

# The mock serves a catalog of its own (the snapshot is the 2026-08-08 one
# too): a model renamed mock/only-fetched tells a fetch from the snapshot.
mkdir -p "$T/root/tests/fixtures/models"
sed 's|"id": *"openai/gpt-4o-mini"|"id":"mock/only-fetched"|' "$NEW" \
    >"$T/root/tests/fixtures/models/models_2026-08-08.json"
FETCHED=$T/root/tests/fixtures/models/models_2026-08-08.json
mock_start --root "$T/root"
MOCK_ROOT=http://127.0.0.1:$MOCK_PORT
models_n() { models_requests; }
run "$BIN/ormodels" -o id openai/gpt-4o-mini
is "$rc.$(models_n)" 0.1 "a stamp for another base URL holds nothing back: fetched"
is "$err" "" "  quietly"
cmp -s "$C/models.json" "$FETCHED"
ok $? "  the fetched catalog replaces the old copy"
[ ! -e "$C/models.retry" ]
ok $? "  and the stamp is gone"

# ---- a refresh nobody asked for: one attempt, a short limit -------------
touch -d '3 days ago' "$C/models.json"
run "$BIN/ormodels" --retries 2 --base-url "$MOCK_ROOT/_s/drop:head/api/v1" \
    -o id mock/only-fetched
is "$rc.$(first "$out")" 0.mock/only-fetched "a connection that breaks: the stale cache, 0"
is "$(models_n)" 2 "  after one attempt, --retries 2 notwithstanding"
is "$(lines "$err")" 1 "  one warning"
n=$(models_n)
run "$BIN/ormodels" --refresh --retries 2 --base-url "$MOCK_ROOT/_s/drop:head/api/v1" \
    -o id openai/gpt-4o-mini
[ "$rc" -ne 0 ] && [ -z "$out" ]
ok $? "--refresh, the same break: its status ($rc), nothing listed"
is "$(models_n)" $((n + 3)) "  after 3 attempts (an asked refresh retries), the stamp notwithstanding"
rm -rf "$C"
n=$(models_n)
run "$BIN/ormodels" --retries 2 --base-url "$MOCK_ROOT/_s/silent:6/api/v1" \
    -o id,prompt openai/gpt-4o-mini
is "$rc.$(first "$out")" "$(printf '0.openai/gpt-4o-mini\t0.15')" \
    "a server that sends no body: the bundled snapshot, 0"
is "$(models_n)" $((n + 1)) "  one attempt"
like "$err" "^ormodels: GET /models: timed out after 3 s; not tried again" \
    "  given up after 3 s, before the body (6 s) came"
cmp -s "$C/models.json" "$SNAP"
ok $? "  the snapshot in the cache, not the late answer"
grep -q mock/only-fetched "$C/models.json"
ok $((!$?)) "  (which was never read)"
run "$BIN/orcost" --base-url "$MOCK_ROOT/_s/silent:6/api/v1" -m openai/gpt-4o-mini -p 1M
is "$rc.$out.$err.$(models_n)" "0.0.15..$((n + 1))" "  the next call: quiet, no request"
run "$BIN/ormodels" --refresh -o id openai/gpt-4o-mini
is "$rc.$err.$(models_n)" "0..$((n + 2))" "--refresh when it is back: fetched"
[ ! -e "$C/models.retry" ] && cmp -s "$C/models.json" "$FETCHED"
ok $? "  the stamp gone, the cache fresh"

# ---- a cache that cannot be written: fetched into memory ---------------
# Tests run as root, which writes through any mode bits: the cache lies
# under a regular file instead, so that it can never be made (ENOTDIR).
: >"$T/afile"
n=$(models_n)
for i in 1 2; do
	XDG_CACHE_HOME=$T/afile/cache run "$BIN/ormodels" -o id mock/only-fetched
	is "$rc.$out.$(models_n)" "0.mock/only-fetched.$((n + i))" \
	    "no cache can be made (call $i): fetched, and answered from memory"
	is "$(lines "$err")" 1 "  one line saying so"
done
like "$err" "^ormodels: the fetched catalog cannot be cached \($T/afile/cache/orkit: Not a directory\); it serves this call only$" \
    "  naming the directory and why"
(unset HOME XDG_CACHE_HOME; exec "$BIN/orcost" -m mock/only-fetched -p 1M) \
    >"$OUT" 2>"$ERR"
is "$?.$(cat "$OUT")" 0.0.15 "no cache directory at all: orcost prices from the fetch"
like "$(cat "$ERR")" "cannot be cached \(neither XDG_CACHE_HOME nor HOME is set\)" "  saying so"
mock_stop

# ---- --catalog FILE: its index kept in the cache ------------------------
rm -rf "$C"
cp "$NEW" "$T/my.json"
run "$BIN/ormodels" --catalog "$T/my.json" -o id,prompt openai/gpt-4o-mini
is "$rc.$err.$(first "$out")" "$(printf '0..openai/gpt-4o-mini\t0.15')" "--catalog FILE: answers quietly"
is "$(ls "$C/index" | wc -l | tr -d ' ')" 1 "  its index kept in the cache"
X=$(ls "$C/index"/*.idx)
like "${X##*/}" '^[0-9a-f]{16}\.idx$' "  named by a hash of the file's path"
head -1 "$X" | grep -q "^orkit-catalog-index 2	$(wc -c <"$T/my.json" | tr -d ' ')	"
ok $? "  keyed to the file's size and time"
is "$(mode "$X")" 600 "  privately"
i1=$(ino "$X")
run "$BIN/ormodels" --catalog "$T/my.json" -l openai/gpt-4o
ORKIT_CATALOG=$T/my.json run "$BIN/orcost" -m openai/gpt-4o -p 1M
is "$rc.$out.$(ino "$X")" "0.2.5.$i1" "look-ups again (--catalog, ORKIT_CATALOG): the kept index, not rebuilt"
(cd "$T" && "$BIN/ormodels" --catalog ./my.json -o id openai/gpt-4o >/dev/null)
is "$(ls "$C/index" | wc -l | tr -d ' ').$(ino "$X")" "1.$i1" "  the same file by another name: the same index"
touch "$T/my.json"
run "$BIN/ormodels" --catalog "$T/my.json" -o id openai/gpt-4o
[ "$rc" = 0 ] && [ "$(ino "$X")" != "$i1" ]
ok $? "a file touched (a new mtime): its index rebuilt"
i1=$(ino "$X")
sed 's|"id": *"openai/gpt-4o"|"id":"mine/renamed-4o"|' "$NEW" >"$T/my.json"
run "$BIN/ormodels" --catalog "$T/my.json" -o id,prompt mine/renamed-4o
is "$rc.$out" "$(printf '0.mine/renamed-4o\t2.5')" "a file changed: the new content answers"
[ "$(ino "$X")" != "$i1" ]
ok $? "  from a rebuilt index"
run "$BIN/ormodels" --catalog "$FX/models_2026-03-11.json" -o id openai/gpt-4-1106-preview
is "$rc.$(ls "$C/index" | wc -l | tr -d ' ')" 0.2 "another file: an index of its own"
XDG_CACHE_HOME=$T/afile/cache run "$BIN/ormodels" --catalog "$T/my.json" -o id mine/renamed-4o
is "$rc.$out.$err" "0.mine/renamed-4o." "no cache can be made: built in memory, quietly"

done_testing
