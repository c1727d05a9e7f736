#!/bin/sh
# ormodels -e: one row per provider endpoint, on the real 2025 answer and
# on the 2026-shaped one built from the reference; sorts, JSON, the
# minutes-long cache, --offline, a stale answer when the API is down, 404.
. "${0%/*}/lib.sh"
mock_start

EP=$TOP/tests/fixtures/endpoints
D=deepseek/deepseek-v3.2
G=google/gemini-2.5-pro-preview
C=$XDG_CACHE_HOME/orkit/endpoints
TAB=$(printf '\t')
om() { run "$BIN/ormodels" "$@"; }
requests() { grep -c '/endpoints"' "$MOCK_LOG"; }

om -e "$D" --table
is "$rc" 0 "2026 shape: 0"
is "$out" "PROVIDER     TAG              CONTEXT  MAX OUTPUT  QUANT  PROMPT \$/M  COMPLETION \$/M  CACHE READ \$/M  CACHE WRITE \$/M  UPTIME 30M %  LATENCY MS  TOKENS/S  STATUS
DeepSeek     deepseek         163,840      65,536  fp8          0.28            0.42           0.028                0          99.2      1840.5      31.4       0
DeepInfra    deepinfra/fp4    163,840      16,384  fp4         0.269             0.4          0.1345                0           100         612      58.9       0
Novita       novita/fp8       163,840      65,536  fp8          0.27            0.41               0                0         97.75     1020.25      41.7       0
SiliconFlow  siliconflow/fp8  163,840      32,768  fp8          0.27            0.42               0                0             -           -         -      -2
Chutes       chutes/bf16      131,072           -  bf16         0.25            0.38               0                0          91.3        2950      24.5      -1" \
    "2026 shape: provider, tag, context, max output, quantization, prices, uptime, latency, throughput, status"
is "$(mock_last 'r["path"]')" "/api/v1/models/deepseek/deepseek-v3.2/endpoints" \
    "GET /models/{author}/{slug}/endpoints"
is "$(mock_last 'h.get("authorization")')" "Bearer $TEST_KEY" "with the key"

om --endpoints "$G"
is "$rc" 0 "2025 shape: 0"
is "$out" "Google${TAB}-${TAB}1048576${TAB}65535${TAB}-${TAB}1.25${TAB}10${TAB}0.31${TAB}1.625${TAB}-${TAB}-${TAB}-${TAB}0
Google AI Studio${TAB}-${TAB}1048576${TAB}65536${TAB}-${TAB}1.25${TAB}10${TAB}0.31${TAB}1.625${TAB}-${TAB}-${TAB}-${TAB}0" \
    "2025 shape, in a pipe: tab-separated, - for what it lacks"

prov() { "$BIN/ormodels" -e "$D" "$@" | cut -f1 | tr '\n' ' '; }
is "$(prov)" "DeepSeek DeepInfra Novita SiliconFlow Chutes " "no --sort: the API's order"
is "$(prov --sort price)" "Chutes DeepInfra Novita SiliconFlow DeepSeek " \
    "--sort price: cheapest first (prompt, then completion)"
is "$(prov --sort uptime)" "DeepInfra DeepSeek Novita Chutes SiliconFlow " \
    "--sort uptime: highest first, unknown last"
is "$(prov --sort latency)" "DeepInfra Novita DeepSeek Chutes SiliconFlow " \
    "--sort latency: lowest first"
is "$(prov --sort throughput)" "DeepInfra Novita DeepSeek Chutes SiliconFlow " \
    "--sort throughput: highest first"
is "$(prov --sort price --reverse)" "DeepSeek SiliconFlow Novita DeepInfra Chutes " \
    "--sort price --reverse"
is "$(prov --sort latency -r)" "Chutes DeepSeek Novita DeepInfra SiliconFlow " \
    "--sort latency -r: unknown still last"
is "$(prov -r)" "Chutes SiliconFlow Novita DeepInfra DeepSeek " "-r alone: the API's order reversed"

om -e "$D" --json
is "$rc" 0 "--json: 0"
printf '%s\n' "$out" >"$T/got.json"
is "$(python3 - "$EP/endpoints_deepseek-deepseek-v3.2_2026-shape_CONSTRUCTED.json" "$T/got.json" <<-'PY'
	import json, sys
	want = json.load(open(sys.argv[1]))["data"]["endpoints"]
	print("same" if json.load(open(sys.argv[2])) == want else "differs")
	PY
)" same "--json: the endpoint objects as the API sent them"
om -e "$G" --jsonl --sort price
is "$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(" ".join(json.loads(l)["provider_name"] for l in sys.stdin))')" \
    "Google Google AI Studio" "--jsonl: one object a line"

# The cache: minutes, not a day.
n=$(requests)
om -e "$D"
is "$rc.$(requests)" "0.$n" "within the TTL: from the cache, no request"
[ -f "$C/deepseek%2Fdeepseek-v3.2.json" ]
ok $? "cached under $C, the id encoded"
ORKIT_ENDPOINTS_TTL=0 run "$BIN/ormodels" -e "$D"
is "$rc.$(requests)" "0.$((n + 1))" "ORKIT_ENDPOINTS_TTL=0: fetched again"
touch -d '10 minutes ago' "$C/deepseek%2Fdeepseek-v3.2.json"
om -e "$D"
is "$rc.$(requests)" "0.$((n + 2))" "ten minutes old: expired (default 300 s)"
om -e "$D" --refresh
is "$rc.$(requests)" "0.$((n + 3))" "--refresh: fetched however fresh"
touch -d '2 days ago' "$C/deepseek%2Fdeepseek-v3.2.json"
om -e "$D" --offline
is "$rc.$(requests).$err" "0.$((n + 3))." "--offline: a cache of any age, quietly"
om -e openai/gpt-4o --offline
is "$rc.$(requests)" "69.$((n + 3))" "--offline and no cache: 69, no request"
like "$err" "^ormodels: no cached endpoints of openai/gpt-4o, and --offline$" "saying so"
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 run "$BIN/ormodels" --retries 0 -e "$D"
is "$rc.$(lines "$out")" "0.5" "server down, stale cache: the old answer, 0"
like "$err" "^ormodels: .*; using the endpoints cached at [0-9-]+ [0-9:]+ UTC$" \
    "with one warning"
printf '{"data":{"endpoints":[' >"$C/deepseek%2Fdeepseek-v3.2.json"
om -e "$D"
is "$rc.$(lines "$out")" "0.5" "a corrupt cache: fetched again"
like "$err" "^ormodels: cached endpoints .* are unusable \(not JSON" "with a warning"
om -e deepseek/deepseek-v3.2-20251201
is "$rc.$(lines "$out")" "0.5" "the canonical slug works too"

# Errors.
om -e foo/bar
is "$rc" 69 "no such model: 69"
is "$err" "ormodels: GET /models/foo/bar/endpoints: HTTP 404: No endpoints found for foo/bar." \
    "the API's message"
touch -d '1 hour ago' "$C/deepseek%2Fdeepseek-v3.2.json"
om -e "$D" --base-url "$MOCK_URL/elsewhere"
is "$rc" 69 "a 404 is an answer: no stale data instead"
for bad in "gpt-4o" "$D $G" "" "--free $D" "--min-context 1k $D" \
    "--sort context $D" "-o id $D" "-l $D"; do
	# shellcheck disable=SC2086
	om -e $bad
	is "$rc" 2 "usage error: -e $bad: 2"
done

done_testing
