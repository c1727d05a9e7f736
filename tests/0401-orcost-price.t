#!/bin/sh
# orcost pricing a workload (-m), the cheapest model for one (-a) and an
# estimate from a prompt on standard input (--estimate), against the
# fixture catalogs only (never the network).  Every expected amount is
# derived here, by python3's decimal module, from the catalog's own
# pricing strings: the rule of OPENROUTER-API.md section 12 and the
# orcost design (overrides, fall-back prices, variants, canonical slugs).
. "${0%/*}/lib.sh"

FX=$TOP/tests/fixtures/models
NEW=$FX/models_2026-08-08.json
MAR=$FX/models_2026-03-11.json
OLD=$FX/models_2025-05-12.json		# the only ones with a fee per request
TAB=$(printf '\t')
oc() { run "$BIN/orcost" "$@"; }

# The oracle: exact decimals from the catalog's strings.
#   oracle.py cost CAT MODEL [p=N c=N cached=N cw=N cw1h=N images=N
#       searches=N requests=N] [round=N]   -> the amount, or
#       "variable" / "unknown"
#   oracle.py cheapest CAT P C [--supports X] [--min-context N]
#       -> COST<TAB>MODEL<TAB>CONTEXT, cheapest first, ties by id
#   oracle.py prices CAT MODEL -> PROMPT<TAB>COMPLETION in USD per million
cat >"$T/oracle.py" <<'PY'
import os, sys
sys.dont_write_bytecode = True     # nothing left in the tree
sys.path.insert(0, os.path.join(os.environ["TOP"], "tests"))
from orcost_oracle import Decimal, load, find, cost, fmt, rnd

def main(a):
    cat = load(a[1])
    if a[0] == "cost":
        m = find(cat, a[2])
        if m is None:
            return print("unknown")
        kw = dict(x.split("=") for x in a[3:])
        r = kw.pop("round", None)
        v = cost(m, **{k: int(v) for k, v in kw.items()})
        if v is None:
            return print("variable")
        print(fmt(rnd(v, int(r)) if r is not None else v))
    elif a[0] == "prices":
        P = find(cat, a[2])["pricing"]
        print("%s\t%s" % (fmt(Decimal(P["prompt"]) * 10**6),
                          fmt(Decimal(P["completion"]) * 10**6)))
    elif a[0] == "cheapest":
        p, c, f = int(a[2]), int(a[3]), a[4:]
        rows = []
        for m in cat[0]:
            ctx = m.get("context_length")
            if ctx is not None and ctx < p + c:
                continue
            if "--supports" in f and f[f.index("--supports") + 1] not in \
                    (m.get("supported_parameters") or []):
                continue
            if "--min-context" in f and (ctx or -1) < \
                    int(f[f.index("--min-context") + 1]):
                continue
            v = cost(m, p=p, c=c)
            if v is None:
                continue
            rows.append((v, m["id"], ctx))
        rows.sort(key=lambda r: (r[0], r[1].encode()))
        for v, i, ctx in rows:
            print("%s\t%s\t%s" % (fmt(v), i, "-" if ctx is None else ctx))

if sys.argv[1] == "serve":             # "cost" queries, one a line
    for line in sys.stdin:
        main(["cost"] + line.split())
        sys.stdout.flush()
else:
    main(sys.argv[1:])
PY
# want CAT MODEL [k=v...]: one python3 serves every query of the test
# (python3 starts slowly; this test asks it a hundred questions).
mkfifo "$T/q" "$T/a"
python3 "$T/oracle.py" serve <"$T/q" >"$T/a" &
exec 3>"$T/q" 4<"$T/a"
want() {
	echo "$*" >&3
	IFS= read -r ans <&4 && printf '%s\n' "$ans"
}

# ---- the issue's example, count syntax, -c ----------------------------
is "$(want "$MAR" openai/gpt-4-1106-preview p=173000)" 1.73 \
    "oracle: 173000 tokens of gpt-4-1106-preview at \$10/M is 1.73"
oc --catalog "$MAR" -m openai/gpt-4-1106-preview -p 173000
is "$rc.$out.$err" "0.1.73." "the issue's example: 1.73, exit 0, nothing on stderr"
oc --catalog "$MAR" -m openai/gpt-4-1106-preview -p 173k
is "$rc.$out" "0.1.73" "-p 173k is 173000"
oc --catalog "$MAR" -m openai/gpt-4-1106-preview -p 1.5M
is "$rc.$out" "0.$(want "$MAR" openai/gpt-4-1106-preview p=1500000)" \
    "-p 1.5M is 1500000"
oc --catalog "$MAR" -m openai/gpt-4-1106-preview -p 1.5M -c 173k
is "$rc.$out" "0.$(want "$MAR" openai/gpt-4-1106-preview p=1500000 c=173000)" \
    "-c 173k at the completion price"
oc --catalog "$NEW" -m openai/gpt-4o -p 1234 -c 567
is "$rc.$out" "0.$(want "$NEW" openai/gpt-4o p=1234 c=567)" "-p and -c, gpt-4o"
oc --catalog "$NEW" -m openai/gpt-4o -p 0
is "$rc.$out" "0.0" "no tokens cost 0"

# ---- cache reads and writes -------------------------------------------
S46=anthropic/claude-sonnet-4.6
is "$(want "$NEW" $S46 p=3329 cached=3211 cw=115 c=53)" 0.00219855 \
    "oracle: section 12's cache-read example"
oc --catalog "$NEW" -m $S46 -p 3329 --cached 3211 --cache-write 115 -c 53
is "$rc.$out" "0.0.00219855" "--cached and --cache-write: section 12's 0.00219855"
oc --catalog "$NEW" -m $S46 -p 3214 --cache-write 3211 -c 100
is "$rc.$out" "0.0.01355025" "--cache-write: section 12's 0.01355025"
oc --catalog "$NEW" -m $S46 -p 10000 --cache-write-1h 8000 -c 10
is "$rc.$out" "0.$(want "$NEW" $S46 p=10000 cw1h=8000 c=10)" \
    "--cache-write-1h at input_cache_write_1h"
oc --catalog "$NEW" -m $S46 -p 10k --cached 1k --cache-write 2k --cache-write-1h 3k -c 1k
is "$rc.$out" "0.$(want "$NEW" $S46 p=10000 cached=1000 cw=2000 cw1h=3000 c=1000)" \
    "all three cache counts at once"
oc --catalog "$MAR" -m $S46 -p 10000 --cache-write-1h 8000
is "$rc.$out" "0.$(want "$MAR" $S46 p=10000 cw1h=8000)" \
    "no 1-hour price (2026-03): 1-hour writes at input_cache_write"
unlike "$out" "^$(want "$NEW" $S46 p=10000 cw1h=8000)\$" "... which differs from the 1-hour price"
oc --catalog "$NEW" -m openai/gpt-4o -p 10000 --cache-write 4000
is "$rc.$out" "0.$(want "$NEW" openai/gpt-4o p=10000)" \
    "no cache-write price: writes at the prompt price"
oc --catalog "$MAR" -m openai/gpt-4-1106-preview -p 10000 --cached 4000 --cache-write-1h 1000
is "$rc.$out" "0.$(want "$MAR" openai/gpt-4-1106-preview p=10000)" \
    "no cache prices at all: reads and 1-hour writes at the prompt price"
oc --catalog "$NEW" -m openai/gpt-4o -p 100 --cached 60 --cache-write 50
is "$rc.$out" "2." "cached + cache-write above the prompt: exit 2, nothing on stdout"
contains "$err" "exceed the prompt tokens" "saying that they exceed the prompt"
is "$(lines "$err")" 1 "in one line"

# ---- fees: images, searches, requests ---------------------------------
oc --catalog "$NEW" -m google/gemini-2.5-flash -p 1000 --images 3
is "$rc.$out" "0.$(want "$NEW" google/gemini-2.5-flash p=1000 images=3)" \
    "--images at pricing.image"
oc --catalog "$OLD" -m openai/gpt-4o:extended -p 1000 --images 2 -c 10
is "$rc.$out" "0.$(want "$OLD" openai/gpt-4o:extended p=1000 images=2 c=10)" \
    "--images: 2025 catalog, a variant that is its own entry"
is "$(want "$NEW" openai/gpt-4.1-mini p=8174 c=30 searches=1)" 0.0133176 \
    "oracle: section 12's web search example"
oc --catalog "$NEW" -m openai/gpt-4.1-mini -p 8174 -c 30 --searches 1
is "$rc.$out" "0.0.0133176" "--searches at pricing.web_search: 0.0133176"
oc --catalog "$OLD" -m perplexity/sonar -p 1000 -c 100
is "$rc.$out" "0.$(want "$OLD" perplexity/sonar p=1000 c=100 requests=1)" \
    "a fee per request: one request by default"
oc --catalog "$OLD" -m perplexity/sonar -p 1000 -c 100 --requests 10
is "$rc.$out" "0.$(want "$OLD" perplexity/sonar p=1000 c=100 requests=10)" \
    "--requests 10: ten fees"
oc --catalog "$OLD" -m perplexity/sonar -p 1000 -c 100 --requests 0
is "$rc.$out" "0.$(want "$OLD" perplexity/sonar p=1000 c=100 requests=0)" \
    "--requests 0: no fee"

# ---- conditional prices (pricing.overrides) ---------------------------
S45=anthropic/claude-sonnet-4.5
base=$(want "$NEW" $S45 p=200000 c=1000)
over=$(want "$NEW" $S45 p=200001 c=1000)
oc --catalog "$NEW" -m $S45 -p 200000 -c 1000
is "$rc.$out" "0.$base" "200000 prompt tokens: the base price"
oc --catalog "$NEW" -m $S45 -p 200001 -c 1000
is "$rc.$out" "0.$over" "200001: the override (strictly greater than 200000)"
oc --catalog "$NEW" -m $S45 -p 200k -c 1k
is "$out" "$base" "200k: the base price"
oc --catalog "$NEW" -m $S45 -p 300k --cached 100k --cache-write 50k --cache-write-1h 50k -c 2k
is "$rc.$out" "0.$(want "$NEW" $S45 p=300000 cached=100000 cw=50000 cw1h=50000 c=2000)" \
    "every overridden price of the override: cache read, writes, completion"
Q=qwen/qwen3-max		# two overrides: above 32000 and above 128000
for p in 32000 32001 128000 128001; do
	oc --catalog "$NEW" -m $Q -p $p -c 100 --cached 1000
	is "$rc.$out" "0.$(want "$NEW" $Q p=$p c=100 cached=1000)" \
	    "$Q at $p: the later matching override wins"
done

# ---- variable prices, unknown models ----------------------------------
is "$(want "$NEW" openrouter/auto p=1000)" variable "oracle: openrouter/auto is variable"
oc --catalog "$NEW" -m openrouter/auto -p 1000 -c 10
is "$rc.$out" "1." "a variable price: exit 1, nothing on stdout"
contains "$err" "openrouter/auto: the price is variable" "says the price is variable"
is "$(lines "$err")" 1 "in one line"
oc --catalog "$NEW" -m nosuch/model -p 10
is "$rc.$out" "1." "a model not in the catalog: exit 1, nothing on stdout"
like "$err" "^orcost: .*nosuch/model.*no such model" "says so"
is "$(lines "$err")" 1 "in one line"

# ---- ids: canonical slugs, variants, :free ----------------------------
oc --catalog "$NEW" -m anthropic/claude-4.5-sonnet-20250929 -p 1000 -c 100
is "$rc.$out" "0.$(want "$NEW" $S45 p=1000 c=100)" "a dated canonical slug prices as its id"
oc --catalog "$MAR" -m x-ai/grok-4-07-09 -p 1000 -c 100
is "$rc.$out" "0.$(want "$MAR" x-ai/grok-4 p=1000 c=100)" "x-ai/grok-4-07-09 is x-ai/grok-4"
g4o=$(want "$NEW" openai/gpt-4o p=5000 c=500)
for v in nitro floor online exacto; do
	oc --catalog "$NEW" -m openai/gpt-4o:$v -p 5000 -c 500
	is "$rc.$out" "0.$g4o" ":$v prices as its base model"
done
oc --catalog "$NEW" -m $S46:online -p 1000 -c 100 --searches 2
is "$rc.$out" "0.$(want "$NEW" $S46 p=1000 c=100 searches=2)" \
    ":online with --searches 2: two web-search fees of the base model"
oc --catalog "$NEW" -m qwen/qwen-plus-2025-07-28:thinking -p 1000 --cache-write 1000
want_t=$(want "$NEW" qwen/qwen-plus-2025-07-28:thinking p=1000 cw=1000)
is "$rc.$out" "0.$want_t" "a variant in the catalog is its own entry (:thinking)"
unlike "$want_t" "^$(want "$NEW" qwen/qwen-plus-2025-07-28 p=1000 cw=1000)\$" \
    "... whose price differs from the base model's"
oc --catalog "$NEW" -m openai/gpt-oss-20b:free -p 1M -c 1M
is "$rc.$out" "0.0" ":free is its own entry: 0"
oc --catalog "$NEW" -m openai/gpt-oss-20b -p 1M -c 1M
is "$rc.$out" "0.$(want "$NEW" openai/gpt-oss-20b p=1000000 c=1000000)" \
    "... while the model itself is not free"
unlike "$out" '^0$' "(not 0)"
oc --catalog "$NEW" -m openai/gpt-4o:free -p 10
is "$rc.$out" "1." ":free not in the catalog is not the base model: exit 1"

# ---- output: --round, -H, --json --------------------------------------
G=openai/gpt-4-1106-preview	# $10/M: 1500 tokens cost exactly 0.015
is "$(want "$MAR" $G p=1500)" 0.015 "oracle: 1500 tokens cost 0.015"
oc --catalog "$MAR" -m $G -p 1500 --round 2
is "$rc.$out" "0.0.02" "--round 2 of 0.015 is 0.02 (exact; a double would say 0.01)"
oc --catalog "$MAR" -m $G -p 2500 --round 2
is "$rc.$out" "0.0.03" "--round 2 of 0.025 is 0.03 (half up, not half even)"
oc --catalog "$MAR" -m $G -p 173000 --round 0
is "$out" 2 "--round 0 of 1.73 is 2"
oc --catalog "$MAR" -m $G -p 173000 --round 5
is "$out" 1.73 "--round 5 of 1.73 is 1.73 (zeros trimmed)"
oc --catalog "$NEW" -m $S46 -p 3329 --cached 3211 --cache-write 115 -c 53 --round 2
is "$out" 0 "--round 2 of 0.00219855 is 0"
oc --catalog "$NEW" -m $S46 -p 3329 --cached 3211 --cache-write 115 -c 53 --round 6
is "$out" "$(want "$NEW" $S46 p=3329 cached=3211 cw=115 c=53 round=6)" \
    "--round 6 of 0.00219855 is 0.002199"
for bad in 25 -1 x 1.5; do
	oc --catalog "$MAR" -m $G -p 1 --round $bad
	is "$rc.$(lines "$err")" "2.1" "--round $bad: exit 2, one line"
done
oc --catalog "$MAR" -m $G -p 173000 -H
is "$rc.$out" "0.\$1.73" "-H: \$1.73"
oc --catalog "$MAR" -m $G -p 173000 --human
is "$out" "\$1.73" "--human: \$1.73"
oc --catalog "$MAR" -m $G -p 173000 --json
is "$rc" 0 "--json: exit 0"
contains "$out" '"cost":1.73' "--json: the cost a JSON number, exact"
printf '%s\n' "$out" >"$T/w.json"
is "$(python3 -c 'import json,sys
from decimal import Decimal
d = json.load(open(sys.argv[1]), parse_float=Decimal)
print(d == {"model": "openai/gpt-4-1106-preview", "prompt_tokens": 173000,
    "completion_tokens": 0, "cached_tokens": 0, "cache_write_tokens": 0,
    "cache_write_1h_tokens": 0, "images": 0, "searches": 0, "requests": 1,
    "cost": Decimal("1.73")})' "$T/w.json")" True "--json: the workload object of the design"
oc --catalog "$NEW" -m anthropic/claude-4.5-sonnet-20250929 -p 1k --json
like "$out" '"model":"anthropic/claude-sonnet-4.5"' "--json: the catalog's id for a slug"

# ---- usage errors -----------------------------------------------------
for opt in -p -c --cached --cache-write --cache-write-1h --images --searches --requests; do
	for bad in abc -5 1.5 12q 1.5.5k ''; do
		if [ "$opt" = -p ]; then
			oc --catalog "$NEW" -m openai/gpt-4o -p "$bad"
		else
			oc --catalog "$NEW" -m openai/gpt-4o -p 100k "$opt" "$bad"
		fi
		ok=0
		[ "$rc" = 2 ] && [ -z "$out" ] && [ "$(lines "$err")" = 1 ] &&
		    case $err in *"$opt"*) ;; *) false ;; esac || ok=1
		ok $ok "$opt '$bad': exit 2, one line naming $opt" ||
		    printf '#   rc=%s out=%s err=%s\n' "$rc" "$out" "$err"
	done
done
oc --catalog "$NEW" -m openai/gpt-4o
is "$rc.$out" "2." "-m without -p: exit 2"
is "$(lines "$err")" 1 "... one line"
oc --catalog "$NEW" -m openai/gpt-4o -p 1k "$T/file"
is "$rc.$out" "2." "-m with a FILE operand: mixing modes, exit 2"
oc --catalog "$NEW" -a -p 1k -g gen-123
is "$rc.$out" "2." "-a with -g: exit 2"
oc --catalog "$NEW" --key --credits
is "$rc.$out" "2." "--key with --credits: exit 2"

# ---- -a: the cheapest model for a workload ----------------------------
oc --catalog "$NEW" -a --supports tools --min-context 100k -p 50k -c 2k
is "$rc" 0 "-a with filters: exit 0"
printf '%s\n' "$out" >"$T/a.tsv"
bad=$(awk -F'\t' 'NF != 5 { print "line " NR ": " NF " fields"; exit }
    NR > 1 && $1 + 0 < prev + 0 { print "line " NR ": " $1 " < " prev; exit }
    $3 < 100000 || $3 < 52000 { print "line " NR ": context " $3; exit }
    { prev = $1 }' "$T/a.tsv")
is "$bad" "" "five fields, each cost >= the one before, every context >= 100000 (and 52000)"
python3 "$T/oracle.py" cheapest "$NEW" 50000 2000 --supports tools \
    --min-context 100000 >"$T/a.want"
is "$(cut -f1-3 "$T/a.tsv")" "$(cat "$T/a.want")" \
    "exactly the models, costs and contexts of the oracle, cheapest first, ties by id"
first=$(head -1 "$T/a.tsv")
fm=$(printf '%s\n' "$first" | cut -f2)
oc --catalog "$NEW" -m "$fm" -p 50k -c 2k
is "$out" "$(printf '%s\n' "$first" | cut -f1)" "the first line's cost is what -m $fm gives"
is "$(printf '%s\n' "$first" | cut -f4-5)" "$(python3 "$T/oracle.py" prices "$NEW" "$fm")" \
    "PROMPT and COMPLETION in USD per million"
paid=$(awk -F'\t' '$1 != "0" { print; exit }' "$T/a.tsv")
pm=$(printf '%s\n' "$paid" | cut -f2)
oc --catalog "$NEW" -m "$pm" -p 50k -c 2k
is "$out" "$(printf '%s\n' "$paid" | cut -f1)" "the first line with a cost above 0 is what -m $pm gives"
is "$(printf '%s\n' "$paid" | cut -f4-5)" "$(python3 "$T/oracle.py" prices "$NEW" "$pm")" \
    "... and its prices in USD per million"
like "$(grep -F "${TAB}qwen/qwen3-max${TAB}" "$T/a.tsv" | cut -f1)" \
    "^$(want "$NEW" qwen/qwen3-max p=50000 c=2000 | sed 's/\./\\./')\$" \
    "a model with an override at 32000 is priced with it"
unlike "$out" "openrouter/auto" "no variable-priced model"
unlike "$out" '[0-9]e[-+]?[0-9]' "no exponents"
oc --catalog "$NEW" -a --supports tools --min-context 100k -p 50k -c 2k -n 5
is "$rc.$out" "0.$(head -5 "$T/a.tsv")" "-n 5: the five cheapest"
oc --catalog "$NEW" -a --supports tools --min-context 100k -p 50k -c 2k --limit 1
is "$out" "$first" "--limit 1: the cheapest"
oc --catalog "$NEW" -a -p 1M -c 100k
python3 "$T/oracle.py" cheapest "$NEW" 1000000 100000 >"$T/b.want"
is "$rc.$(printf '%s\n' "$out" | cut -f1-3)" "0.$(cat "$T/b.want")" \
    "-a -p 1M -c 100k: only models whose context holds 1100000 tokens"
is "$(printf '%s\n' "$out" | awk -F'\t' '$3 < 1100000' | wc -l | tr -d ' ')" 0 \
    "... none smaller"
oc --catalog "$NEW" -a -p 1k --min-context 100M
is "$rc.$out" "1." "-a when nothing matches: exit 1, nothing on stdout"
like "$err" "^orcost: no model matches" "saying so"
oc --catalog "$NEW" -a -p 50k -c 2k --supports tools --min-context 100k -n 3 --json
printf '%s\n' "$out" >"$T/a.json"
is "$rc.$(python3 -c 'import json,sys
from decimal import Decimal
for o in json.load(open(sys.argv[1]), parse_float=Decimal):
    print("%s\t%s\t%s" % (format(o["cost"], "f") if o["cost"] else "0",
        o["model"], o["context_length"]))' "$T/a.json")" "0.$(head -3 "$T/a.want")" \
    "-a --json: model, cost, context_length of the three cheapest"
oc --catalog "$NEW" -a
is "$rc" 2 "-a without -p: exit 2"

# ---- --estimate -------------------------------------------------------
E=openai/gpt-4o			# context 128000 in the 2026-08 catalog
printf 'hello world' >"$T/p11"		# 11 bytes: 3 tokens
run_in "$T/p11" "$BIN/orcost" --catalog "$NEW" --estimate -m $E -c 100
is "$rc.$out" "0.$(want "$NEW" $E p=3 c=100)" "--estimate: 11 bytes are 3 tokens"
is "$err" "orcost: an estimate: 3 prompt tokens, one per 4 bytes" \
    "--estimate: labelled as an estimate on stderr"
printf 'Привет' >"$T/p12"		# 12 bytes of UTF-8: 3 tokens
run_in "$T/p12" "$BIN/orcost" --catalog "$NEW" --estimate -m $E
is "$rc.$out" "0.$(want "$NEW" $E p=3)" "--estimate counts bytes, not characters"
head -c 4000 /dev/zero | tr '\0' a >"$T/p4000"
run_in "$T/p4000" "$BIN/orcost" --catalog "$NEW" --estimate -m $E
is "$rc.$out" "0.$(want "$NEW" $E p=1000)" "4000 bytes: 1000 tokens"
printf b >>"$T/p4000"
run_in "$T/p4000" "$BIN/orcost" --catalog "$NEW" --estimate -m $E
is "$rc.$out" "0.$(want "$NEW" $E p=1001)" "4001 bytes: 1001 tokens (rounded up)"
contains "$err" "1001 prompt tokens" "... said on stderr"
run_in /dev/null "$BIN/orcost" --catalog "$NEW" --estimate -m $E -c 1k
is "$rc.$out" "0.$(want "$NEW" $E c=1000)" "an empty prompt: 0 tokens"
head -c 512000 /dev/zero | tr '\0' a >"$T/p512k"	# 128000 tokens
run_in "$T/p512k" "$BIN/orcost" --catalog "$NEW" --estimate -m $E
is "$rc.$out" "0.$(want "$NEW" $E p=128000)" "128000 tokens fill a 128000 context: exit 0"
is "$(lines "$err")" 1 "... and no warning"
run_in "$T/p512k" "$BIN/orcost" --catalog "$NEW" --estimate -m $E -c 1
is "$rc.$out" "1.$(want "$NEW" $E p=128000 c=1)" \
    "one token more than the context: exit 1, the cost still printed"
contains "$err" "orcost: $E: 128001 tokens exceed its context of 128000" "a warning"
contains "$err" "orcost: an estimate: 128000 prompt tokens, one per 4 bytes" "... and the label"
is "$(lines "$err")" 2 "two lines on stderr"
run_in "$T/p4000" "$BIN/orcost" --catalog "$NEW" --estimate -m $S45 -c 10 --json
printf '%s\n' "$out" >"$T/e.json"
is "$rc.$(python3 -c 'import json,sys
from decimal import Decimal
d = json.load(open(sys.argv[1]), parse_float=Decimal)
print(d["model"], d["estimate"], d["prompt_tokens"], d["completion_tokens"],
      d["context_length"], format(d["cost"], "f"))' "$T/e.json")" \
    "0.$S45 True 1001 10 1000000 $(want "$NEW" $S45 p=1001 c=10)" \
    "--estimate --json: model, estimate, tokens, context_length, cost"
run_in "$T/p11" "$BIN/orcost" --catalog "$NEW" --estimate -m nosuch/model
is "$rc.$out" "1." "--estimate of an unknown model: exit 1, nothing on stdout"
run_in "$T/p11" "$BIN/orcost" --catalog "$NEW" --estimate -m openrouter/auto
is "$rc.$out" "1." "--estimate of a variable price: exit 1, nothing on stdout"

oc --help
is "$rc" 0 "--help: 0"
for opt in --cached --cache-write --cache-write-1h \
    --images --searches --requests --estimate --round --human --json --generation --wait --key --credits \
    --jsonl --sum --by --catalog --limit --min-context --supports; do
	contains "$out" "$opt" "--help lists $opt"
done

done_testing
