#!/bin/sh
# The catalog as ormodels gets it: fetched once into the cache, fresh for
# ORKIT_CATALOG_TTL, --refresh and --offline, a stale cache when the API
# fails, the bundled snapshot when there is no cache, a corrupt cache
# ignored and fetched again, parallel writers that never leave half a file,
# and no libcurl at all when the cache answers.
. "${0%/*}/lib.sh"
mock_start

FX=$TOP/tests/fixtures/models
NEW=$FX/models_2026-08-08.json
C=$XDG_CACHE_HOME/orkit
om() { run "$BIN/ormodels" "$@"; }
requests() { grep -c '"path": "/api/v1/models"' "$MOCK_LOG"; }

om -o id gpt-4o-mini
is "$rc" 0 "cold cache: 0"
is "$err" "" "cold cache: nothing on stderr"
is "$(requests)" 1 "cold cache: one GET /models"
is "$(mock_last 'h.get("authorization")')" "Bearer $TEST_KEY" \
    "the key is sent when there is one"
cmp -s "$C/models.json" "$NEW"
ok $? "the answer is cached as sent"
[ -s "$C/models.idx" ]
ok $? "with its index beside it"
contains "$out" "openai/gpt-4o-mini" "and the listing is right"

om -o id gpt-4o-mini
is "$rc.$(requests)" "0.1" "warm cache: no request"
ORKIT_CATALOG_TTL=3600 run "$BIN/ormodels" -o id gpt-4o-mini
is "$(requests)" 1 "ORKIT_CATALOG_TTL=3600, a new cache: no request"
ORKIT_CATALOG_TTL=0 run "$BIN/ormodels" -o id gpt-4o-mini
is "$rc.$(requests)" "0.2" "ORKIT_CATALOG_TTL=0: fetched again"
touch -d '25 hours ago' "$C/models.json"
om -o id gpt-4o-mini
is "$rc.$(requests)" "0.3" "a day and an hour old: expired, fetched again"
ORKIT_CATALOG_TTL=200000 run "$BIN/ormodels" -o id gpt-4o-mini
is "$(requests)" 3 "ORKIT_CATALOG_TTL=200000: the new file is fresh"
om --refresh -o id gpt-4o-mini
is "$rc.$(requests)" "0.4" "--refresh: fetched however fresh"
touch -d '30 days ago' "$C/models.json"
om --offline -o id gpt-4o-mini
is "$rc.$(requests).$err" "0.4." "--offline: a month-old cache, quietly, no request"
om --catalog "$FX/models_2025-04-23.json" --refresh -o id gpt-4o-mini
is "$rc.$(requests)" "0.4" "--catalog: that file and nothing else, even with --refresh"
(unset OPENROUTER_API_KEY; "$BIN/ormodels" --refresh -o id gpt-4o-mini >/dev/null)
is "$(mock_last '"authorization" in h')" False "no key: none sent (GET /models needs none)"

# The API fails: a stale cache, with a warning.
touch -d '3 days ago' "$C/models.json"
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 run "$BIN/ormodels" --retries 0 -o id gpt-4o-mini
is "$rc" 0 "server down, stale cache: 0"
contains "$out" "openai/gpt-4o-mini" "the stale cache answers"
is "$(lines "$err")" 1 "one line of warning"
like "$err" "^ormodels: .*; using the cached catalog of [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC$" \
    "saying why and how old"
OPENROUTER_BASE_URL=$MOCK_URL/nowhere run "$BIN/ormodels" -o id gpt-4o-mini
is "$rc" 0 "the API answers 404: the stale cache, 0"
like "$err" "404.*using the cached catalog of" "saying so"

# No cache at all: the bundled snapshot, naming its date.
rm -rf "$C"
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 run "$BIN/ormodels" --retries 0 -o id gpt-4o-mini
is "$rc" 0 "no cache, server down: the bundled snapshot, 0"
contains "$out" "openai/gpt-4o-mini" "listing from it"
like "$err" "^ormodels: .*; using the bundled catalog \(models up to 2026-07-24\)$" \
    "one warning, naming the snapshot's date"
# Issue 12: the snapshot is copied into the cache, and --offline never warns.
cmp -s "$C/models.json" "$TOP/data/models.json"
ok $? "the snapshot is copied into the cache"
rm -rf "$C"
om --offline -o id gpt-4o-mini
is "$rc.$(requests)" "0.5" "--offline, no cache: the bundled snapshot, no request"
is "$err" "" "quietly: --offline never warns"
cmp -s "$C/models.json" "$TOP/data/models.json"
ok $? "copied into the cache too"

# A corrupt cache: ignored with a warning, fetched again.
om -o id gpt-4o-mini >/dev/null
head -c 1000 "$NEW" >"$C/models.json"
n=$(requests)
om -o id gpt-4o-mini
is "$rc" 0 "a corrupt cache: 0"
like "$err" "^ormodels: cached catalog .*models.json is unusable \(not JSON.*\); ignoring it$" \
    "one warning saying so"
is "$(requests)" $((n + 1)) "and fetched again"
cmp -s "$C/models.json" "$NEW"
ok $? "which repairs the cache"
printf 'garbage\n' >"$C/models.idx"
om -o id gpt-4o-mini
is "$rc.$err.$(requests)" "0..$((n + 1))" "a corrupt index: rebuilt quietly, no request"
contains "$out" "openai/gpt-4o-mini" "with the right answer"
head -1 "$C/models.idx" | grep -q '^orkit-catalog-index'
ok $? "the index is whole again"

# A server that sends a broken catalog: never cached.
mock_stop
mkdir -p "$T/root/tests/fixtures/models"
head -c 5000 "$NEW" >"$T/root/tests/fixtures/models/models_2026-08-08.json"
mock_start --root "$T/root"
touch -d '3 days ago' "$C/models.json"
om -o id gpt-4o-mini
is "$rc" 0 "a malformed answer and a stale cache: 0"
like "$err" "using the cached catalog of" "the stale cache, with a warning"
cmp -s "$C/models.json" "$NEW"
ok $? "the broken answer did not replace the cache"
rm -rf "$C"
om -o id gpt-4o-mini
is "$rc" 0 "a malformed answer and no cache: the bundled snapshot"
like "$err" "using the bundled catalog" "with a warning"
mock_stop
mock_start

# Ten writers at once: nobody ever reads half a file.
rm -rf "$C"
i=0 pids=
while [ $i -lt 10 ]; do
	"$BIN/ormodels" --refresh -o id gpt-4o-mini >"$T/w.$i" 2>&1 &
	pids="$pids $!"
	"$BIN/ormodels" -o id gpt-4o-mini >"$T/r.$i" 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
# Not a bare wait: the mock server is a child of this shell too.
# shellcheck disable=SC2086
wait $pids
fails=
i=0
while [ $i -lt 10 ]; do
	grep -qx openai/gpt-4o-mini "$T/w.$i" || fails="$fails w$i"
	grep -qx openai/gpt-4o-mini "$T/r.$i" || fails="$fails r$i"
	grep -v '^openai/gpt-4o-mini' "$T/w.$i" "$T/r.$i" | grep -q . &&
	    fails="$fails msg$i"
	i=$((i + 1))
done
is "$fails" "" "10 parallel --refresh and 10 readers: every one answers, none warns"
cmp -s "$C/models.json" "$NEW"
ok $? "the cache is one whole answer"
is "$(find "$C" -name '*.tmp*' | wc -l | tr -d ' ')" 0 "no temporary file left"
om -o id gpt-4o-mini
is "$rc.$err" "0." "and reads back cleanly"

# A warm cache never loads libcurl; a fetch does (so the check can fail).
LD_DEBUG=libs "$BIN/ormodels" -o id gpt-4o-mini >/dev/null 2>"$T/ld"
is "$(grep -c 'libcurl' "$T/ld")" 0 "warm cache: libcurl is never loaded"
LD_DEBUG=libs "$BIN/ormodels" -l openai/gpt-4o >/dev/null 2>"$T/ld"
is "$(grep -c 'libcurl' "$T/ld")" 0 "a card from the cache: no libcurl either"
LD_DEBUG=libs "$BIN/ormodels" --refresh -o id gpt-4o-mini >/dev/null 2>"$T/ld"
[ "$(grep -c 'libcurl' "$T/ld")" -gt 0 ]
ok $? "--refresh: libcurl loaded for the fetch"

done_testing
