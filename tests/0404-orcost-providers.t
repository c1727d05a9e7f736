#!/bin/sh
# orcost --providers: a workload priced at each endpoint of a model (GET
# /models/{author}/{slug}/endpoints, cached as ormodels -e caches it),
# cheapest first, with uptime and latency.  Every row is checked against
# an oracle written here: python3's decimal module on the endpoints
# payload itself (the real 2025 answer, the 2026-shaped one, and one
# built here with variable, missing, unreadable and discounted prices).
. "${0%/*}/lib.sh"
mock_start

EP=$TOP/tests/fixtures/endpoints
D=deepseek/deepseek-v3.2
DFX=$EP/endpoints_deepseek-deepseek-v3.2_2026-shape_CONSTRUCTED.json
G=google/gemini-2.5-pro-preview
GFX=$EP/endpoints_google-gemini-2.5-pro-preview_2025-05-12.json
C=$XDG_CACHE_HOME/orkit/endpoints
TAB=$(printf '\t')
oc() { run "$BIN/orcost" "$@"; }
requests() { grep -c '/endpoints"' "$MOCK_LOG"; }

# The oracle: oracle.py FILE [tsv|json] [p=N c=N cached=N cw=N cw1h=N
# images=N searches=N requests=N round=N limit=N]
#   tsv: the rows orcost prints in a pipe, best first
#   json: COST PRICE PROVIDER per row ("null" for no cost)
# A price is used when its count is not 0 (prompt and completion always,
# and the discount); a cache price falls back to the prompt price (the
# 1-hour write to the 5-minute one first); an absent fee is no fee.  No
# pricing, or no prompt or completion price: unknown.  A used price that
# is "-1": variable; one that is not a number: unknown (variable first).
cat >"$T/oracle.py" <<'PY'
import json, sys
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP, getcontext
getcontext().prec = 200
ZERO = Decimal(0)
BAD = "bad"

def dec(P, k):
    v = P.get(k)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (str, int, Decimal)):
        return BAD
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return BAD

def cost(ep, p=0, c=0, cached=0, cw=0, cw1h=0, images=0, searches=0,
         requests=1):
    P = ep.get("pricing")
    if not isinstance(P, dict) or not P:
        return "unknown", None
    pp, cp = dec(P, "prompt"), dec(P, "completion")
    if pp is None or cp is None:
        return "unknown", None
    def chain(*keys):
        for k in keys:
            v = dec(P, k)
            if v is not None:
                return v
        return pp
    read = chain("input_cache_read")
    write = chain("input_cache_write")
    w1h = chain("input_cache_write_1h", "input_cache_write")
    fee = lambda k: ZERO if dec(P, k) is None else dec(P, k)
    disc = fee("discount")
    terms = [(p - cached - cw - cw1h, pp, True), (cached, read, cached),
             (cw, write, cw), (cw1h, w1h, cw1h), (c, cp, True),
             (requests, fee("request"), requests),
             (images, fee("image"), images),
             (searches, fee("web_search"), searches)]
    used = [pr for n, pr, u in terms if u] + [disc]
    if any(pr != BAD and pr < 0 for pr in used if pr is not disc):
        return "variable", None
    if BAD in used:
        return "unknown", None
    total = sum((n * pr for n, pr, u in terms), ZERO)
    return "exact", total * (1 - disc)

def fmt(d):
    return "0" if d == 0 else format(d.normalize(), "f")

def per_m(P, k):
    v = dec(P or {}, k)
    return "-" if v is None or v == BAD or v < 0 else fmt(v * 10**6)

def figure(v):
    if isinstance(v, dict):
        v = v.get("p50")
    return "-" if v is None else str(v)

data = json.load(open(sys.argv[1]), parse_float=Decimal)["data"]
kw = dict(x.split("=") for x in sys.argv[3:])
rnd = kw.pop("round", None)
limit = int(kw.pop("limit", 0))
rows = []
for i, ep in enumerate(data["endpoints"]):
    st, v = cost(ep, **{k: int(x) for k, x in kw.items()})
    if v is not None and rnd is not None:
        v = v.quantize(Decimal(1).scaleb(-int(rnd)), rounding=ROUND_HALF_UP)
    rank = {"exact": 0, "variable": 1, "unknown": 2}[st]
    rows.append(((rank, v if v is not None else 0, i), st, v, ep))
rows.sort(key=lambda r: r[0])
if limit:
    rows = rows[:limit]
for _, st, v, ep in rows:
    name = ep.get("provider_name") or ep["name"].split(" | ")[0]
    if sys.argv[2] == "json":
        print(fmt(v) if v is not None else "null", st, name)
        continue
    P = ep.get("pricing") if isinstance(ep.get("pricing"), dict) else {}
    print("\t".join([fmt(v) if v is not None else st, name,
                     ep.get("tag") or "-", per_m(P, "prompt"),
                     per_m(P, "completion"),
                     figure(ep.get("uptime_last_30m")),
                     figure(ep.get("latency_last_30m"))]))
PY
oracle() { python3 "$T/oracle.py" "$@"; }
# args K=V...: the same workload as orcost's options.
args() {
	for kv; do
		case $kv in
		p=*) printf -- '-p %s ' "${kv#*=}" ;;
		c=*) printf -- '-c %s ' "${kv#*=}" ;;
		cached=*) printf -- '--cached %s ' "${kv#*=}" ;;
		cw=*) printf -- '--cache-write %s ' "${kv#*=}" ;;
		cw1h=*) printf -- '--cache-write-1h %s ' "${kv#*=}" ;;
		images=*) printf -- '--images %s ' "${kv#*=}" ;;
		searches=*) printf -- '--searches %s ' "${kv#*=}" ;;
		requests=*) printf -- '--requests %s ' "${kv#*=}" ;;
		round=*) printf -- '--round %s ' "${kv#*=}" ;;
		limit=*) printf -- '-n %s ' "${kv#*=}" ;;
		esac
	done
}
# check MODEL FIXTURE K=V...: orcost's rows are the oracle's, exactly.
check() {
	m=$1 fx=$2
	shift 2
	# shellcheck disable=SC2046
	oc -m "$m" --providers $(args "$@")
	is "$rc.$out" "0.$(oracle "$fx" tsv "$@")" "$m $*: the oracle's rows"
}

W1="p=100000 c=2000"
W2="p=100000 c=2000 cached=40000"
W3="p=100000 c=2000 cached=30000 cw=10000 cw1h=5000 images=3 searches=2 requests=4"
W4="p=1 c=0 requests=5000"
for w in "$W1" "$W2" "$W3" "$W4"; do
	# shellcheck disable=SC2086
	check "$D" "$DFX" $w
	# shellcheck disable=SC2086
	check "$G" "$GFX" $w
done
is "$(requests)" 2 "one request per model: the rest from the cache"
is "$(mock_last 'r["path"]')" "/api/v1/models/$G/endpoints" \
    "GET /models/{author}/{slug}/endpoints, as ormodels -e"
[ -f "$C/deepseek%2Fdeepseek-v3.2.json" ]
ok $? "cached where ormodels -e caches it"

# Ordering, by hand: with no completion, Novita and SiliconFlow cost the
# same and keep the API's order; Chutes' fee per request puts it last
# when there are many requests.
prov() { printf '%s\n' "$out" | cut -f2 | tr '\n' ' '; }
oc -m "$D" -p 1M --providers
is "$(prov)" "Chutes DeepInfra Novita SiliconFlow DeepSeek " "cheapest first"
like "$out" "^0\.25${TAB}Chutes${TAB}chutes/bf16${TAB}0\.25${TAB}0\.38${TAB}91\.3${TAB}2950
" "cost, provider, tag, prices, uptime and latency"
oc -m "$D" -p 1M -c 0 --requests 10000 --providers
is "$(prov)" "DeepInfra Novita SiliconFlow DeepSeek Chutes " \
    "ties keep the API's order; the fee per request counts"

# -n, --round, -H.
check "$D" "$DFX" p=100000 c=2000 limit=2
check "$D" "$DFX" p=100000 c=2000 cached=40000 limit=1 round=3
oc -m "$D" -p 100k -c 2k --providers -n 10
is "$(lines "$out")" 5 "-n beyond the count: all of them"
oc -m "$D" -p 100k -c 2k --providers -H -n 2
is "$out" "    COST  PROVIDER   TAG            PROMPT \$/M  COMPLETION \$/M  UPTIME 30M %  LATENCY MS
\$0.02586  Chutes     chutes/bf16          0.25            0.38          91.3        2950
 \$0.0277  DeepInfra  deepinfra/fp4       0.269             0.4           100         612" \
    "-H: an aligned table with a header, in dollars"

# --json and --jsonl.
jcheck() {	# jcheck FIXTURE K=V...: $out (JSON array) is the oracle's
	printf '%s\n' "$out" >"$T/got.json"
	python3 -c '
import json, sys
from decimal import Decimal
rows = json.load(open(sys.argv[1]), parse_float=Decimal)
assert isinstance(rows, list)
for r in rows:
    c = r["cost"]
    c = "null" if c is None else "0" if c == 0 else format(Decimal(c).normalize(), "f")
    print(c, r["price"], r["provider"])' "$T/got.json"
}
for w in "$W1" "$W3"; do
	# shellcheck disable=SC2046,SC2086
	oc -m "$D" --providers --json $(args $w)
	# shellcheck disable=SC2086
	is "$rc.$(jcheck)" "0.$(oracle "$DFX" json $w)" "--json $w: valid, the oracle's"
done
oc -m "$D" -p 100k -c 2k --providers --json -n 1
is "$out" '[
{"model":"deepseek/deepseek-v3.2","provider":"Chutes","tag":"chutes/bf16","cost":0.02586,"price":"exact","uptime_last_30m":91.3,"latency_last_30m":2950}
]' "--json: model, provider, tag, cost, price, uptime, latency"
oc -m "$D" -p 100k -c 2k --providers --jsonl
is "$(printf '%s\n' "$out" | python3 -c 'import json,sys
print(" ".join(json.loads(l)["provider"] for l in sys.stdin))')" \
    "Chutes DeepInfra Novita SiliconFlow DeepSeek" "--jsonl: one object a line"
oc -m "$G" -p 1k --providers --json
like "$out" '"tag":null,.*"uptime_last_30m":null,"latency_last_30m":null' \
    "2025 shape: no tag or figures, null"

# Variable, missing and unreadable prices: an answer built here, in the
# cache (fresh, so used as it is).
X=openai/gpt-4o
XFX=$T/gpt-4o.json
cat >"$XFX" <<'J'
{"data":{"id":"openai/gpt-4o","name":"OpenAI: GPT-4o","endpoints":[
{"provider_name":"Exact","tag":"exact","pricing":{"prompt":"0.0000025","completion":"0.00001","input_cache_read":"0.00000125"},"uptime_last_30m":99.5,"latency_last_30m":{"p50":400}},
{"provider_name":"Variable","tag":"variable","pricing":{"prompt":"-1","completion":"0.00001"},"uptime_last_30m":98,"latency_last_30m":300},
{"provider_name":"NoPricing","tag":"nopricing","uptime_last_30m":97},
{"provider_name":"NoCompletion","tag":"nocompletion","pricing":{"prompt":"0.000001"}},
{"provider_name":"Unreadable","tag":"unreadable","pricing":{"prompt":"abc","completion":"0.00001"}},
{"provider_name":"Discounted","tag":"discounted","pricing":{"prompt":"0.0000025","completion":"0.00001","discount":0.25}},
{"provider_name":"CacheVariable","tag":"cachevar","pricing":{"prompt":"0.000002","completion":"0.000008","input_cache_read":"-1"}},
{"provider_name":"Fees","tag":"fees","pricing":{"prompt":"0.000002","completion":0.000008,"request":"0.001","image":"0.01","web_search":"0.004","input_cache_write":"0.0000025","input_cache_write_1h":"0.000004"}},
{"provider_name":"Empty","tag":"empty","pricing":{}},
{"provider_name":"ImageVariable","tag":"imagevar","pricing":{"prompt":"0.000003","completion":"0.000009","image":"-1"}}
]}}
J
mkdir -p "$C"
cp "$XFX" "$C/openai%2Fgpt-4o.json"
n=$(requests)
for w in "$W1" "$W2" "$W3" "$W4"; do
	# shellcheck disable=SC2086
	check "$X" "$XFX" $w
done
is "$(requests)" "$n" "a fresh cache: no request"
oc -m "$X" -p 100k -c 2k --providers
# By hand: 100k x 2.5/M + 2k x 10/M = 0.27, a quarter off 0.2025; 0.2 +
# 0.016 = 0.216, plus a request fee 0.217; 0.3 + 0.018 = 0.318.
is "$(printf '%s\n' "$out" | cut -f1,2 | tr '\t\n' ': ')" \
    "0.2025:Discounted 0.216:CacheVariable 0.217:Fees 0.27:Exact 0.318:ImageVariable variable:Variable unknown:NoPricing unknown:NoCompletion unknown:Unreadable unknown:Empty " \
    "priced cheapest first, then variable, then unknown, each in the API's order"
is "$(printf '%s\n' "$out" | grep -c "^0${TAB}")" 0 "no price that is not known is 0"
is "$rc.$err" "0." "some priced: 0, quietly"
oc -m "$X" -p 100k -c 2k --cached 1k --images 1 --providers
is "$(printf '%s\n' "$out" | grep -E 'CacheVariable|ImageVariable' | cut -f1 | tr '\n' ' ')" \
    "variable variable " "a variable cache-read or image price, once used: variable"
oc -m "$X" -p 100k -c 2k --providers --json
is "$(printf '%s\n' "$out" | python3 -c 'import json,sys
for r in json.load(sys.stdin):
    if r["price"] != "exact": print(r["provider"], r["cost"], r["price"], r["why"])')" \
"Variable None variable the price is variable (set per request)
NoPricing None unknown the endpoint lists no prices
NoCompletion None unknown the endpoint lists no prompt or completion price
Unreadable None unknown the catalog's prompt price is unreadable
Empty None unknown the endpoint lists no prices" "--json: cost null, price and why say which"

# None priced: every row listed, and 1.  None at all: 1.
Y=openai/gpt-4o-mini
printf '%s\n' '{"data":{"id":"openai/gpt-4o-mini","endpoints":[{"provider_name":"A","pricing":{"prompt":"-1","completion":"-1"}},{"provider_name":"B"}]}}' \
    >"$C/openai%2Fgpt-4o-mini.json"
oc -m "$Y" -p 1k --providers
is "$rc.$out" "1.variable${TAB}A${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-
unknown${TAB}B${TAB}-${TAB}-${TAB}-${TAB}-${TAB}-" "none priced: listed as such, 1"
is "$err" "orcost: $Y: no provider's cost can be computed" "saying so"
printf '%s\n' '{"data":{"id":"openai/gpt-4o-mini","endpoints":[]}}' \
    >"$C/openai%2Fgpt-4o-mini.json"
oc -m "$Y" -p 1k --providers
is "$rc.$out.$err" "1..orcost: $Y: no provider serves it" "no endpoints: 1"

# Offline: the cached endpoints, however old; none cached: 69, one line.
oc -m "$D" -p 100k -c 2k --providers
want=$out
touch -d '2 days ago' "$C/deepseek%2Fdeepseek-v3.2.json"
n=$(requests)
oc -m "$D" -p 100k -c 2k --providers --offline
is "$rc.$(requests).$err" "0.$n." "--offline: the cache of any age, quietly, no request"
is "$out" "$want" "the same rows"
ORKIT_CATALOG= OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 \
    run "$BIN/orcost" -m "$D" -p 100k -c 2k --providers --offline
is "$rc.$out" "0.$want" "--offline with no server at all"
oc -m anthropic/claude-sonnet-4.6 -p 1k --providers --offline
is "$rc.$out.$(requests)" "69..$n" "--offline and nothing cached: 69, no request"
is "$err" "orcost: no cached endpoints of anthropic/claude-sonnet-4.6, and --offline" \
    "one line saying so"
oc -m "$D" -p 100k -c 2k --providers --refresh
is "$rc.$(requests)" "0.$((n + 1))" "--refresh: fetched however fresh"

# Errors.
n=$(requests)
oc -m deepseek/deepseek-v3.3 -p 1k --providers
is "$rc.$out" "1." "an unknown model: 1"
is "$err" "orcost: deepseek/deepseek-v3.3: no such model; closest: deepseek/deepseek-v3.2, deepseek/deepseek-chat, deepseek/deepseek-r1" \
    "the closest ids"
is "$(requests)" "$n" "and no request"
oc -m anthropic/claude-sonnet-4.6 -p 1k --providers
is "$rc" 69 "a model the API has no endpoints for: 69"
like "$err" "^orcost: GET /models/anthropic/claude-sonnet-4.6/endpoints: HTTP 404: " \
    "the API's message"
oc -m deepseek/deepseek-v3.2-20251201 -p 1M --providers
is "$rc.$(printf '%s\n' "$out" | cut -f2 | tr '\n' ' ')" \
    "0.Chutes DeepInfra Novita SiliconFlow DeepSeek " "the canonical slug works too"
n=$(requests)
oc -m "$D" -p 1k --cached 2k --providers
is "$rc.$err.$(requests)" \
    "2.orcost: cached and cache-write tokens exceed the prompt tokens.$n" \
    "counts that make no workload: 2, before any request"
for bad in "--providers" "--providers -p 1k" "--providers -m $D" \
    "-a --providers -p 1k" "--estimate --providers -m $D" \
    "--providers -m $D -p 1k -n 0" "--providers -m $D -p 1k --free" \
    "--providers -m $D -p 1k file" "--providers -g x"; do
	# shellcheck disable=SC2086
	oc $bad
	is "$rc" 2 "usage error: $bad: 2"
done
oc --providers -p 1k
is "$err" "orcost: --providers needs -m MODEL" "saying what is missing"
oc -m "$D" -p 1k -n 3
is "$rc.$err" "2.orcost: -n: only with -a, or -m with --providers" \
    "-n with -m: names --providers"

done_testing
