#!/bin/sh
# orchat --batch --cache DIR (issue 13): a line whose request has a fresh
# entry is answered from it -- nothing sent, no key, no budget, no ledger
# line, "cached": true and "cost": 0 in its output line, counted in the
# summary and -u -- and a line that succeeded live is stored, the entry
# shared with a single orchat --cache call of the same body.
. "${0%/*}/lib.sh"
mock_start

CAT=$TOP/tests/fixtures/models/models_2026-08-08.json
C=$T/cache

field() {	# field FILE EXPR: EXPR over each output line o, one a line
	python3 -c 'import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    v = eval(sys.argv[2])
    print(v if isinstance(v, str) else json.dumps(v))' "$1" "$2"
}
strip() {	# strip FILE: its lines without "cached" and "cost"
	python3 -c 'import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    del o["cached"], o["cost"]
    print(json.dumps(o, sort_keys=True))' "$1"
}
mock_count() {	# the chat requests the mock has received
	grep -c 'chat/completions", "query"' "$MOCK_LOG"
}
nfiles() {
	find "$1" -type f 2>/dev/null | wc -l | tr -d ' '
}

# First run: every line sent and stored; second: nothing sent.
{
	echo '{"id":"a","prompt":"one"}'
	echo '"two"'
	echo '{"id":"c","prompt":"three","model":"mock/fixture:claude-sonnet-4.6_cache-write"}'
} >"$T/b.jsonl"
run_in "$T/b.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C"
is "$rc" 0 "a first run: exit 0"
is "$(mock_count)" 3 "a first run: every line sent"
is "$(nfiles "$C")" 3 "a first run: every answer stored"
is "$(field "$OUT" 'o["cached"]' | tr '\n' ' ')" "false false false " \
    "a first run: no line is cached"
is "$err" "orchat: batch: 3 lines, 0 failed, 0 retries, 0 cached" \
    "the summary counts the cached lines, 0"
cp "$OUT" "$T/live.out"
: >"$MOCK_LOG"
run_in "$T/b.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" -u
is "$rc" 0 "a second run: exit 0"
is "$(mock_count)" 0 "a second run sends nothing"
is "$(field "$OUT" 'o["cached"]' | tr '\n' ' ')" "true true true " \
    'a second run: every line "cached": true'
is "$(strip "$OUT")" "$(strip "$T/live.out")" \
    "the same lines but for cached and cost"
is "$(field "$T/live.out" 'o["cost"]' | tail -1)" 0.01355025 \
    "live: the billed cost"
is "$(field "$OUT" 'o["cost"]' | tail -1)" 0 "cached: cost 0, nothing billed"
like "$err" '^orchat: batch: 3 lines, 0 failed, 0 retries, 3 cached, [0-9]+ prompt \+ [0-9]+ completion tokens, cost 0 USD \(3 cached answers billed nothing\), [0-9.]+ s$' \
    "-u: the hits counted, no cost"

# No key: a batch from the cache alone needs none; a miss is 78.
run_in "$T/b.jsonl" env -u OPENROUTER_API_KEY "$BIN/orchat" --batch \
    -m mock/parrot --cache "$C"
is "$rc" 0 "all cached: no key, exit 0"
is "$(field "$OUT" 'o["cached"]' | sort -u)" true "all cached: every line"
printf '%s\n' '"two"' '"a new one"' '"three"' >"$T/nokey.jsonl"
run_in "$T/nokey.jsonl" env -u OPENROUTER_API_KEY "$BIN/orchat" --batch \
    -m mock/parrot --cache "$C"
is "$rc" 78 "no key and a miss: 78"
is "$(field "$OUT" 'o["id"]' | tr '\n' ' ')" "1 " \
    "no key: the hit before the miss written, nothing after"
is "$(mock_count)" 0 "no key: nothing sent"

# Hits and misses mixed, in order; --unordered.
: >"$MOCK_LOG"
{
	echo '{"id":"x","prompt":"new 1","model":"mock/slow:600"}'
	echo '{"id":"a","prompt":"one"}'
	echo '{"id":"y","prompt":"new 2"}'
	echo '"two"'
} >"$T/mix.jsonl"
run_in "$T/mix.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" -P 4
is "$rc" 0 "mixed: exit 0"
is "$(mock_count)" 2 "mixed: only the misses sent"
is "$(field "$OUT" '(o["id"], o["cached"])' | tr '\n' ' ')" \
    '["x", false] ["a", true] ["y", false] [4, true] ' \
    "mixed: in input order, the hits marked"
like "$err" '4 lines, 0 failed, 0 retries, 2 cached$' "mixed: 2 cached"
: >"$MOCK_LOG"
printf '%s\n' '{"id":"z","prompt":"new 3","model":"mock/slow:600"}' \
    '{"id":"a","prompt":"one"}' >"$T/un.jsonl"
run_in "$T/un.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --unordered
is "$(field "$OUT" '(o["id"], o["cached"])' | tr '\n' ' ')" \
    '["a", true] ["z", false] ' "--unordered: the hit first"
is "$(mock_count)" 1 "--unordered: only the miss sent"

# A failed line is not stored, and is sent again next run.
: >"$MOCK_LOG"
n0=$(nfiles "$C")
printf '%s\n' '{"id":"f","prompt":"p","model":"mock/status:500"}' \
    '"one"' >"$T/fail.jsonl"
run_in "$T/fail.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --retries 0
is "$rc" 75 "a 500: 75"
is "$(nfiles "$C")" "$n0" "the failed line is not stored"
run_in "$T/fail.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --retries 0
is "$rc" 75 "the failed line fails again"
is "$(field "$OUT" 'o["cached"]' | tr '\n' ' ')" "false true " \
    "the failed line was sent again, the other was a hit"
# --json-mode: an answer that is not JSON failed (76), and is not stored.
n0=$(nfiles "$C")
printf '%s\n' '"not json"' >"$T/jm.jsonl"
run_in "$T/jm.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --json-mode
is "$rc:$(nfiles "$C")" "76:$n0" "--json-mode: a reply not JSON is not stored"

# --log: no line for a hit; a live line logged.
: >"$MOCK_LOG"
printf '%s\n' '"one"' '"logged"' >"$T/log.jsonl"
run_in "$T/log.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --log "$T/ledger"
is "$rc" 0 "--log: exit 0"
is "$(wc -l <"$T/ledger" | tr -d ' ')" 1 "--log: a line for the miss only"
run_in "$T/log.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --log "$T/ledger"
is "$(wc -l <"$T/ledger" | tr -d ' ')" 1 "--log: none for hits"

# --max-cost: a hit reserves and spends nothing.  openai/gpt-4o-mini at
# most 1,000 tokens costs at most 0.0006045: one fits in 0.001, not two.
P=${MOCK_URL%/api/v1}/_s/parrot/api/v1
for i in 1 2 3; do echo "{\"id\":$i,\"prompt\":\"p$i\"}"; done >"$T/c3.jsonl"
OPENROUTER_BASE_URL=$P run_in "$T/c3.jsonl" "$BIN/orchat" --batch \
    -m openai/gpt-4o-mini --max-tokens 1000 --catalog "$CAT" --cache "$C" \
    --max-cost 0.001 -P 1
is "$rc" 1 "--max-cost: the second line is over budget"
is "$(field "$OUT" 'o["error"] and o["error"]["code"]' | tr '\n' ' ')" \
    "null 1 1 " "--max-cost: one line answered"
: >"$MOCK_LOG"
OPENROUTER_BASE_URL=$P run_in "$T/c3.jsonl" "$BIN/orchat" --batch \
    -m openai/gpt-4o-mini --max-tokens 1000 --catalog "$CAT" --cache "$C" \
    --max-cost 0.001 -P 1
is "$rc" 1 "--max-cost again: the third is still over budget"
is "$(field "$OUT" '(o["cached"], o["error"] and o["error"]["code"])' | tr '\n' ' ')" \
    "[true, null] [false, null] [false, 1] " \
    "--max-cost: the hit costs nothing, so the second line fits"
is "$(mock_count)" 1 "--max-cost: one request"

# --cache-ttl 0: nothing served, the answers stored again.
: >"$MOCK_LOG"
run_in "$T/b.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --cache-ttl 0
is "$rc:$(mock_count)" "0:3" "--cache-ttl 0: every line sent"
is "$(field "$OUT" 'o["cached"]' | sort -u)" false "--cache-ttl 0: none cached"

# A single orchat --cache call and a batch line of the same prompt are
# the same request: the same body, one entry.
C2=$T/c2
: >"$MOCK_LOG"
run "$BIN/orchat" --cache "$C2" -m mock/parrot -s "Be brief." "shared"
is "$rc:$(mock_count)" "0:1" "orchat: a miss, stored"
echo '"shared"' >"$T/one.jsonl"
run_in "$T/one.jsonl" "$BIN/orchat" --batch --cache "$C2" -m mock/parrot \
    -s "Be brief."
is "$rc:$(mock_count)" "0:1" "the batch line is a hit on orchat's entry"
is "$(field "$OUT" 'o["cached"]')" true "and says so"
echo '"other"' >"$T/two.jsonl"
run_in "$T/two.jsonl" "$BIN/orchat" --batch --cache "$C2" -m mock/parrot
run "$BIN/orchat" --cache "$C2" -m mock/parrot "other"
is "$rc:$(mock_count)" "0:2" "orchat is a hit on the batch line's entry"
is "$(nfiles "$C2")" 2 "two entries"

# --resume with --cache: the done lines skipped, the rest from the cache.
: >"$MOCK_LOG"
head -n 1 "$T/live.out" >"$T/res.out"
run_in "$T/b.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --resume "$T/res.out"
is "$rc:$(mock_count)" "0:0" "--resume: the rest from the cache, nothing sent"
is "$(field "$OUT" '(o["id"], o["cached"])' | tr '\n' ' ')" \
    '[2, true] ["c", true] ' "--resume: only the lines not done"
like "$err" '2 lines, 0 failed, 0 retries, 2 cached, 1 done before' \
    "--resume: the summary"

# -v: cache hit and cache stored, with the key.
run_in "$T/log.jsonl" "$BIN/orchat" --batch -v -m mock/parrot --cache "$C"
like "$err" 'cache hit [0-9a-f]{64}' "-v: cache hit KEY"

# A line that asks for JSON itself (its own response_format) gets its
# reply checked as --json-mode's is: prose is 76 and not stored, so it
# never poisons the entry orchat --json-mode would hit (found by
# adversarial testing: only the flags were looked at).
printf '%s\n' '{"id":"j","prompt":"q","model":"mock/ok","response_format":{"type":"json_object"}}' \
    '{"id":"t","prompt":"q","model":"mock/ok","response_format":{"type":"text"}}' \
    >"$T/j.jsonl"
run "$BIN/orchat" --batch --json-mode --cache "$T/cj" "$T/j.jsonl"
is "$(field "$OUT" 'o["error"] and o["error"]["code"]' | tr '\n' ' ')" \
    "76 null " "a line's response_format: json_object checked, text not"
is "$(ls "$T/cj" | wc -l | tr -d ' ')" 1 \
    "only the answer that passed is stored"

# No server either (its port is gone, the base URL the same), and no
# libcurl loaded (glibc's LD_DEBUG names each library opened).
mock_stop
run_in "$T/b.jsonl" env -u OPENROUTER_API_KEY LD_DEBUG=files "$BIN/orchat" \
    --batch -m mock/parrot --cache "$C"
is "$rc" 0 "all cached: no key, no server, exit 0"
is "$(field "$OUT" 'o["cached"]' | sort -u)" true "no server: every line cached"
unlike "$err" 'file=libcurl' "all cached: libcurl never loaded"
# nor, with --max-cost, the catalog: a hit counts nothing against it
# (found by adversarial testing: the catalog was fetched, offline with a
# warning, before any line was looked up).
mkdir "$T/nocat"
run_in "$T/b.jsonl" env -u OPENROUTER_API_KEY LD_DEBUG=files \
    XDG_CACHE_HOME="$T/nocat" "$BIN/orchat" --batch -m mock/parrot \
    --cache "$C" --max-cost 1
is "$rc" 0 "all cached, --max-cost: exit 0"
is "$(field "$OUT" 'o["cached"]' | sort -u)" true \
    "all cached, --max-cost: every line cached"
unlike "$err" 'GET /models' "all cached, --max-cost: no catalog fetched"
unlike "$err" 'file=libcurl' "all cached, --max-cost: libcurl never loaded"
# The catalog is then opened for the first line not cached: one that
# cannot be read stops the batch there, with its status.
printf '"not cached yet"\n' >"$T/miss.jsonl"
run_in "$T/miss.jsonl" "$BIN/orchat" --batch -m mock/parrot --cache "$C" \
    --catalog "$T/nonesuch" --max-cost 1
is "$rc" 66 "a miss, --max-cost, no catalog file: 66"
like "$err" "^orchat: catalog $T/nonesuch: No such file or directory" \
    "a miss, --max-cost, no catalog file: said"
is "$out" "" "a miss, --max-cost, no catalog file: no line written"

done_testing
