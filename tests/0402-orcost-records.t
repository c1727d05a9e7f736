#!/bin/sh
# orcost reading records: replies (pretty-printed too), --log ledger lines,
# usage records, /generation answers, text lines and streaming chunks, one
# format at a time and all mixed in one stream; the six worked examples of
# OPENROUTER-API.md section 12, exact; --sum, --by, --json, --jsonl;
# malformed records; a ledger of two million lines that must sum exactly.
# Every expected amount is derived here by python3's decimal module from
# the fixture catalogs' pricing strings and the records' own numbers.
. "${0%/*}/lib.sh"

FX=$TOP/tests/fixtures
NEW=$FX/models/models_2026-08-08.json
MAR=$FX/models/models_2026-03-11.json
CHAT=$FX/chat
TAB=$(printf '\t')
oc() { run "$BIN/orcost" "$@"; }

# ---- the oracle -------------------------------------------------------
# One python3 answers every question of the test (it starts slowly), a
# command a line, its answer ended by a line %%:
# rec CAT FILE KIND...: FILE holds records of the KINDs given in
# order, one per record (chat, ledger, usage, gen, text; comments, blank
# lines and chunks without usage are passed over); writes the
# expected outputs next to FILE: FILE.rec (one line a record), FILE.sum,
# FILE.by-model, FILE.by-day and FILE.by-provider.  The records are read
# here by python's json module with exact decimals, independently of
# orcost.  norm FILE [jsonl]: orcost's --json output as TSV.  The other
# commands are described where they are defined.
cat >"$T/o.py" <<'PY'
import json, os, sys, time
sys.dont_write_bytecode = True     # nothing left in the tree
sys.path.insert(0, os.path.join(os.environ["TOP"], "tests"))
from orcost_oracle import (Decimal, ROUND_HALF_UP, ZERO, load, find, cost,
                           fmt)

def num(s):
    mul = {"k": 1000, "M": 10**6}.get(s[-1], 1)
    return int(Decimal(s.rstrip("kM")) * mul)

def day_of(created):
    return time.strftime("%Y-%m-%d", time.gmtime(created))

def records(path, kinds):
    text = open(path, encoding="utf-8").read()
    dec = json.JSONDecoder(parse_float=Decimal)
    pos, out = 0, []
    for kind in kinds:
        while True:
            while text[pos] in " \t\r\n":
                pos += 1
            if text[pos] == "#":
                pos = text.index("\n", pos)
                continue
            if kind == "text":
                break
            o, end = dec.raw_decode(text, pos)
            if o.get("object") != "chat.completion.chunk" or "usage" in o:
                break
            pos = end
        if kind == "text":
            end = text.index("\n", pos)
            f = text[pos:end].split()
            out.append(dict(model=f[0], p=num(f[1]), c=num(f[2]), cached=0,
                            cw=0, searches=0, billed=None, provider=None,
                            day=None))
            pos = end
            continue
        pos = end
        if kind in ("chat", "ledger"):
            u = o["usage"]
            d = u.get("prompt_tokens_details") or {}
            s = u.get("server_tool_use_details") or {}
            r = dict(model=o["model"], p=u["prompt_tokens"],
                     c=u["completion_tokens"],
                     cached=d.get("cached_tokens") or 0,
                     cw=d.get("cache_write_tokens") or 0,
                     searches=s.get("web_search_requests") or 0,
                     billed=u.get("cost"), provider=o.get("provider"))
            if kind == "chat":
                r["day"] = day_of(o["created"]) if "created" in o else None
            else:
                r["day"] = o["time"][:10]
                if o.get("cost") is not None:
                    r["billed"] = o["cost"]
        elif kind == "usage":
            r = dict(model=o["model"], p=o["prompt_tokens"],
                     c=o["completion_tokens"], cached=o.get("cached_tokens", 0),
                     cw=o.get("cache_write_tokens", 0), searches=0,
                     billed=o.get("cost"), provider=o.get("provider"),
                     day=o["time"][:10] if "time" in o else None)
        elif kind == "gen":
            g = o["data"]
            r = dict(model=g["model"], p=g["native_tokens_prompt"],
                     c=g["native_tokens_completion"],
                     cached=g.get("native_tokens_cached") or 0, cw=0,
                     searches=0, billed=g.get("total_cost"),
                     provider=g.get("provider_name"),
                     day=g["created_at"][:10])
        out.append(r)
    return out

def rec(catpath, path, *kinds):
    cat = load(catpath)
    recs = records(path, kinds)
    for r in recs:
        m = find(cat, r["model"])
        r["id"] = m["id"] if m else r["model"]
        r["cost"] = cost(m, p=r["p"], c=r["c"], cached=r["cached"],
                         cw=r["cw"], searches=r["searches"]) if m else None
        if r["billed"] is not None:
            r["billed"] = Decimal(str(r["billed"]))
    with open(path + ".rec", "w") as f:
        for r in recs:
            f.write("%s\t%s\t%s\t%d\t%d\n" % (fmt(r["cost"]), fmt(r["billed"]),
                                              r["id"], r["p"], r["c"]))
    def total(rs, key):
        v = [r[key] for r in rs if r[key] is not None]
        return sum(v, ZERO) if v else None
    with open(path + ".sum", "w") as f:
        f.write("%s\t%s\n" % (fmt(total(recs, "cost")),
                              fmt(total(recs, "billed"))))
    for by, key in (("model", "id"), ("day", "day"), ("provider", "provider")):
        groups = {}
        for r in recs:
            groups.setdefault(r[key] or "-", []).append(r)
        with open(path + ".by-" + by, "w") as f:
            for g in sorted(groups, key=lambda s: s.encode()):
                rs = groups[g]
                f.write("%s\t%s\t%s\t%d\t%d\t%d\n" % (
                    fmt(total(rs, "cost")), fmt(total(rs, "billed")), g,
                    sum(r["p"] for r in rs), sum(r["c"] for r in rs), len(rs)))

def norm(path, jsonl=None):
    """orcost's --json (or --jsonl) output as TSV: records as LINE COST
    BILLED MODEL PROMPT COMPLETION, totals as COST BILLED RECORDS PROMPT
    COMPLETION GROUP ("?" for none); amounts exact, "-" for null."""
    text = open(path).read()
    try:
        if jsonl:
            objs = [json.loads(l, parse_float=Decimal) for l in text.splitlines()]
        else:
            objs = json.loads(text, parse_float=Decimal)
            if not isinstance(objs, list):
                objs = [objs]
    except ValueError as e:
        return print("bad", e)
    for o in objs:
        if "line" in o:
            print("%s\t%s\t%s\t%s\t%s\t%s" % (o["line"], fmt(dec(o["cost"])),
                  fmt(dec(o["billed"])), o["model"], o["prompt_tokens"],
                  o["completion_tokens"]))
        else:
            g = o.get("model", o.get("day", o.get("provider", "?")))
            print("%s\t%s\t%s\t%s\t%s\t%s" % (fmt(dec(o["cost"])),
                  fmt(dec(o["billed"])), o.get("records"), o["prompt_tokens"],
                  o["completion_tokens"], g))

def dec(v):
    return None if v is None else Decimal(str(v))

def usage(path):
    """A reply's usage.cost (exact), prompt and completion tokens."""
    u = json.load(open(path), parse_float=Decimal)["usage"]
    print("%s\t%s\t%s" % (fmt(u["cost"]), u["prompt_tokens"],
                          u["completion_tokens"]))

def usage_json(path):
    """A reply's usage object on one line."""
    print(json.dumps(json.load(open(path))["usage"], separators=(",", ":")))

def total(path):
    print(fmt(sum((Decimal(l) for l in open(path)), ZERO)))

def rnd(n, path):
    """FILE's TSV lines with the first two fields rounded half up."""
    q = Decimal(1).scaleb(-int(n))
    def r(v):
        return v if v == "-" else fmt(Decimal(v).quantize(q, rounding=ROUND_HALF_UP))
    for l in open(path):
        f = l.rstrip("\n").split("\t")
        print("\t".join([r(f[0]), r(f[1])] + f[2:]))

def big(catpath, sums):
    """The expected --sum, --by model and token totals of the big ledger
    from awk's per-model sums (prices are linear without overrides)."""
    cat = json.load(open(catpath))["data"]
    def model(i):
        return (next((m for m in cat if m["id"] == i), None) or
                next(m for m in cat if m.get("canonical_slug") == i))
    rows, tc, tb, tp, tcc = [], ZERO, ZERO, 0, 0
    for l in open(sums):
        mid, p, c, ca, cw, b, r, br = l.split()
        p, c, ca, cw, r = int(p), int(c), int(ca), int(cw), int(r)
        m = model(mid)
        P = {k: Decimal(v) for k, v in m["pricing"].items() if k != "overrides"}
        assert "overrides" not in m["pricing"] and "request" not in P
        cost = ((p - ca - cw) * P["prompt"]
                + ca * P.get("input_cache_read", P["prompt"])
                + cw * P.get("input_cache_write", P["prompt"])
                + c * P["completion"])
        billed = Decimal(int(b)).scaleb(-9)
        rows.append((m["id"], cost, billed, p, c, r))
        tc += cost; tb += billed; tp += p; tcc += c
    print("%s\t%s" % (fmt(tc), fmt(tb)))
    for i, cost, billed, p, c, r in sorted(rows):
        print("%s\t%s\t%s\t%d\t%d\t%d" % (fmt(cost), fmt(billed), i, p, c, r))
    print("%d\t%d" % (tp, tcc))

for line in sys.stdin:
    a = line.rstrip("\n").split("\t")
    try:
        globals()[a[0]](*a[1:])
    except Exception as e:
        print("oracle error:", repr(e))
    print("%%")
    sys.stdout.flush()
PY
mkfifo "$T/q" "$T/a"
python3 "$T/o.py" <"$T/q" >"$T/a" &
exec 3>"$T/q" 4<"$T/a"
py() {	# py COMMAND ARG...: the oracle's answer
	(IFS=$TAB; echo "$*") >&3
	while IFS= read -r l <&4 && [ "$l" != %% ]; do
		printf '%s\n' "$l"
	done
}
expect() { py rec "$@" >/dev/null; }
norm() { printf '%s\n' "$out" >"$T/norm.in"; py norm "$T/norm.in" "$@"; }

# ---- the six worked examples of section 12 ----------------------------
# (fixture, catalog, the catalog id): usage.cost must come out exactly in
# both columns.
# (Copies in $T: the oracle writes its answers next to the file it reads.)
for f in claude-sonnet-4.6_cache-write claude-sonnet-4.6_cache-read \
    claude-sonnet-4.5_reasoning-effort-high gemini-2.5-flash_2026-02-25.pretty \
    gpt-4.1-mini_web-search-server-tool; do
	cp "$CHAT/chat_$f.response.json" "$T/$f.json"
done
printf '%s\n' \
    "$T/claude-sonnet-4.6_cache-write.json $NEW anthropic/claude-sonnet-4.6" \
    "$T/claude-sonnet-4.6_cache-read.json $NEW anthropic/claude-sonnet-4.6" \
    "$T/claude-sonnet-4.5_reasoning-effort-high.json $NEW anthropic/claude-sonnet-4.5" \
    "$T/gemini-2.5-flash_2026-02-25.pretty.json $NEW google/gemini-2.5-flash" \
    "$T/grok4.json $MAR x-ai/grok-4" \
    "$T/gpt-4.1-mini_web-search-server-tool.json $NEW openai/gpt-4.1-mini" \
    >"$T/six"
"$BIN/orstream" --sse --json \
    <"$FX/stream/stream_gemini-2.0-flash-exp-free_provider-options.sse" >"$T/grok4.json"
is "$?" 0 "orstream --sse --json turns the grok-4 stream into a completion"
: >"$T/six.billed"
while read -r f cat id; do
	name=${f##*/}
	u=$(py usage "$f")
	billed=${u%%"$TAB"*}
	echo "$billed" >>"$T/six.billed"
	oc --catalog "$cat" "$f"
	is "$rc.$out" "0.$billed$TAB$billed$TAB$id$TAB${u#*"$TAB"}" \
	    "$name: computed = billed = usage.cost $billed, the catalog's id"
	expect "$cat" "$f" chat
	is "$(cut -f1-2 "$f.rec")" "$billed$TAB$billed" "$name: the oracle agrees"
done <"$T/six"
# All six against the 2026-03 catalog, whose prices for them are the same.
# shellcheck disable=SC2046
oc --catalog "$MAR" $(cut -d' ' -f1 "$T/six")
is "$rc.$(printf '%s\n' "$out" | cut -f1)" "0.$(cat "$T/six.billed")" \
    "all six in one run (2026-03 catalog): each computed cost is usage.cost"
total=$(py total "$T/six.billed")
# shellcheck disable=SC2046
oc --catalog "$MAR" --sum $(cut -d' ' -f1 "$T/six")
is "$rc.$out" "0.$total$TAB$total" "--sum of the six: $total computed and billed"

# ---- every format alone, then all mixed in one stream -----------------
P=$T/gemini-2.5-flash_2026-02-25.pretty.json
W=$T/gpt-4.1-mini_web-search-server-tool.json
# A --log line as orchat writes it: the reply's usage object, its cost.
printf '{"time":"2026-11-25T08:00:00Z","id":"gen-1773011158-x","requested":"anthropic/claude-sonnet-4.6","model":"anthropic/claude-4.6-sonnet-20260217","provider":"Anthropic","usage":%s,"cost":%s}\n' \
    "$(py usage_json "$CHAT/chat_claude-sonnet-4.6_cache-read.response.json")" \
    0.00219855 >"$T/ledger.jsonl"
printf '%s\n' '{"model":"openai/gpt-4o-mini","prompt_tokens":1234,"completion_tokens":56,"cached_tokens":1000,"provider":"OpenAI","time":"2026-11-26T10:00:00Z","cost":6e-07}' >"$T/usage.jsonl"
printf '%s\n' '{"data":{"id":"gen-1772030107-x","model":"google/gemini-2.5-flash-lite","created_at":"2026-02-25T14:35:07.000Z","native_tokens_prompt":500,"native_tokens_completion":100,"native_tokens_cached":200,"total_cost":0.0001402,"provider_name":"Google AI Studio"}}' >"$T/gen.json"
printf 'anthropic/claude-sonnet-4.6\t10k 500\n' >"$T/text.txt"
printf '%s\n' '{"id":"gen-3","object":"chat.completion.chunk","created":1779474928,"model":"openai/gpt-4o","provider":"OpenAI","choices":[{"index":0,"delta":{"content":"hi"}}]}' >"$T/chunk0.jsonl"
printf '%s\n' '{"id":"gen-3","object":"chat.completion.chunk","created":1779474928,"model":"openai/gpt-4o","provider":"OpenAI","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"cost":0.000075}}' >"$T/chunk1.jsonl"

for x in "$P chat pretty-printed reply" "$W chat one-line raw reply" \
    "$T/ledger.jsonl ledger --log line" "$T/usage.jsonl usage usage record" \
    "$T/gen.json gen /generation answer" "$T/text.txt text text line" \
    "$T/chunk1.jsonl chat chunk with usage"; do
	# shellcheck disable=SC2086
	set -- $x
	f=$1 kind=$2; shift 2
	expect "$NEW" "$f" "$kind"
	oc --catalog "$NEW" "$f"
	is "$rc.$out" "0.$(cat "$f.rec")" "alone: a $*"
done
oc --catalog "$NEW" "$T/chunk0.jsonl"
is "$rc.$out.$err" "0.." "alone: a chunk without usage: skipped silently"

{
	cat "$P" "$T/ledger.jsonl" "$T/usage.jsonl" "$T/gen.json" "$T/text.txt" \
	    "$T/chunk0.jsonl"
	printf '# a comment, then a blank line\n\n'
	cat "$T/chunk1.jsonl" "$W"
} >"$T/mixed"
M="$T/mixed"
expect "$NEW" "$M" chat ledger usage gen text chat chat
oc --catalog "$NEW" "$M"
is "$rc.$out" "0.$(cat "$M.rec")" "all mixed in one file: seven records, in order"
is "$err" "" "nothing on stderr"
run_in "$M" "$BIN/orcost" --catalog "$NEW"
is "$rc.$out" "0.$(cat "$M.rec")" "the same on standard input"
contains "$out" "${TAB}0.0000006${TAB}openai/gpt-4o-mini${TAB}1234${TAB}56" \
    "a billed 6e-07 prints as 0.0000006"
contains "$out" "0.00219855${TAB}0.00219855${TAB}anthropic/claude-sonnet-4.6${TAB}3329${TAB}53" \
    "the ledger line: computed and billed, the dated slug as the id"
contains "$out" "${TAB}-${TAB}anthropic/claude-sonnet-4.6${TAB}10000${TAB}500" \
    "the text line: 10k is 10000, no billed cost"
unlike "$out" '[0-9][eE][-+]?[0-9]' "no exponents"
oc --catalog "$NEW" --sum "$M"
is "$rc.$out" "0.$(cat "$M.sum")" "--sum: computed and billed totals"
for by in model day provider; do
	oc --catalog "$NEW" --by $by "$M"
	is "$rc.$out" "0.$(cat "$M.by-$by")" "--by $by: one line per group, sorted"
done
oc --catalog "$NEW" --by provider -s "$M"
is "$rc" 0 "--by with -s: exit 0"
oc --catalog "$NEW" --by nonsense "$M"
is "$rc.$out" "2." "--by nonsense: exit 2"
is "$(lines "$err")" 1 "... one line"

# --json, --jsonl: the records with their line numbers.
awk -F'\t' 'BEGIN { split("1 45 46 47 48 52 53", L, " ") }
    { print L[NR] "\t" $0 }' "$M.rec" >"$M.json-want"
is "$(awk 'END { print NR }' "$M")" 53 "(the mixed file has 53 lines)"
oc --catalog "$NEW" --json "$M"
is "$rc.$(norm)" "0.$(cat "$M.json-want")" "--json: line, model, tokens, cost, billed of each record"
like "$out" '"billed":0\.0000006[,}]' "--json: 6e-07 billed as 0.0000006"
oc --catalog "$NEW" --jsonl "$M"
is "$rc.$(lines "$out")" "0.7" "--jsonl: seven lines"
is "$(norm jsonl)" "$(cat "$M.json-want")" "--jsonl: the same objects, one a line"
oc --catalog "$NEW" --sum --json "$M"
is "$rc.$(norm)" "0.$(cut -f1-2 "$M.sum")${TAB}7${TAB}$(awk -F'\t' '{ p += $4; c += $5 }
    END { printf "%d\t%d", p, c }' "$M.rec")${TAB}?" "--sum --json: records, tokens, cost, billed"
oc --catalog "$NEW" --by model --json "$M"
is "$rc.$(norm)" "0.$(awk -F'\t' -v OFS='\t' '{ print $1, $2, $6, $4, $5, $3 }' "$M.by-model")" \
    "--by model --json: one object per group"

# --round on records and sums.
rnd() { py rnd "$@"; }
oc --catalog "$NEW" --sum --round 4 "$M"
is "$rc.$out" "0.$(rnd 4 "$M.sum")" "--sum --round 4: both totals rounded half up"
oc --catalog "$NEW" --sum --round 0 "$M"
is "$rc.$out" "0.$(rnd 0 "$M.sum")" "--sum --round 0"
oc --catalog "$NEW" --round 5 "$M"
is "$rc.$out" "0.$(rnd 5 "$M.rec")" "--round 5 on each record"
oc --catalog "$NEW" --by day --round 3 "$M"
is "$rc.$out" "0.$(rnd 3 "$M.by-day")" "--round 3 on --by day"

# -H: a header and dollars.
oc --catalog "$NEW" -H "$M"
is "$rc" 0 "-H: exit 0"
like "$(printf '%s\n' "$out" | head -1)" '^ *COST +BILLED +MODEL +PROMPT +COMPLETION *$' "-H: a header"
contains "$out" "\$0.00219855" "-H: amounts in dollars"
contains "$out" "10,000" "-H: counts with separators"

# ---- concatenated documents, files, stdin and - -----------------------
printf '%s' '{"model":"openai/gpt-4o","prompt_tokens":100,"completion_tokens":10}{"model":"openai/gpt-4o-mini","prompt_tokens":100,"completion_tokens":10,"cost":4.1148e-05}' >"$T/cat1"
cat "$P" >>"$T/cat1"
printf '{"model":"openai/gpt-4o","prompt_tokens":7,"completion_tokens":3,"cost":0.0076509169000000005}\n' >>"$T/cat1"
expect "$NEW" "$T/cat1" usage usage chat usage
oc --catalog "$NEW" "$T/cat1"
is "$rc.$out" "0.$(cat "$T/cat1.rec")" \
    "JSON documents with no newline between them: each a record"
contains "$out" "${TAB}0.000041148${TAB}" "4.1148e-05 is 0.000041148"
contains "$out" "${TAB}0.0076509169000000005${TAB}" "0.0076509169000000005 exactly, not a double"
oc --catalog "$NEW" --jsonl "$T/cat1"
is "$(norm jsonl | cut -f1)" "1
1
1
45" "line numbers: where each record begins"

printf 'openai/gpt-4o 1000 100\n' >"$T/a.txt"
printf 'openai/gpt-4o-mini 2000 200\n' >"$T/b.txt"
printf 'google/gemini-2.5-flash 3000 300\n' >"$T/c.txt"
A=$("$BIN/orcost" --catalog "$NEW" "$T/a.txt")
B=$("$BIN/orcost" --catalog "$NEW" "$T/b.txt")
C=$("$BIN/orcost" --catalog "$NEW" "$T/c.txt")
for x in a b c; do expect "$NEW" "$T/$x.txt" text; done
is "$A|$B|$C" "$(cat "$T/a.txt.rec")|$(cat "$T/b.txt.rec")|$(cat "$T/c.txt.rec")" \
    "text lines: each alone"
run_in "$T/c.txt" "$BIN/orcost" --catalog "$NEW" "$T/a.txt" - "$T/b.txt"
is "$rc.$out" "0.$A
$C
$B" "FILE - FILE: the files and standard input, in that order"
run_in "$T/c.txt" "$BIN/orcost" --catalog "$NEW" -
is "$rc.$out" "0.$C" "- alone: standard input"
run_in "$T/c.txt" "$BIN/orcost" --catalog "$NEW" --sum
is "$rc" 0 "--sum with no FILE reads standard input"

# ---- malformed records --------------------------------------------------
cat >"$T/bad.jsonl" <<'X'
{"model":"openai/gpt-4o","prompt_tokens":100,"completion_tokens":10}
{"model":"openai/gpt-4o","prompt_tokens":100,,"completion_tokens":10}
{"prompt_tokens":100,"completion_tokens":10}
openai/gpt-4o 100
{"model":"openai/gpt-4o","prompt_tokens":-5,"completion_tokens":10}
openai/gpt-4o 100 -10
{"model":"openai/gpt-4o","prompt_tokens":200,"completion_tokens":20,"cost":0.0007}
{"model":"openai/gpt-4o"}
openai/gpt-4o abc 10
{"model":"openai/gpt-4o","prompt_tokens":100,"completion_tokens":200,"cached_tokens":150}
openai/gpt-4o 1k 2
X
cat >"$T/good.txt" <<'X'
openai/gpt-4o 100 10
openai/gpt-4o 200 20
openai/gpt-4o 1000 2
X
good=$("$BIN/orcost" --catalog "$NEW" "$T/good.txt")
oc --catalog "$NEW" "$T/bad.jsonl"
is "$rc" 65 "malformed records: exit 65"
is "$(printf '%s\n' "$out" | cut -f1,3-5)" "$(printf '%s\n' "$good" | cut -f1,3-5)" \
    "the good records (lines 1, 7, 11) are still printed"
contains "$out" "${TAB}0.0007${TAB}" "... with their billed cost"
for n in 2 3 4 5 6 8 9 10; do
	contains "$err" "orcost: $T/bad.jsonl:$n: " "line $n: one message naming FILE:$n"
done
is "$(lines "$err")" 8 "eight lines on stderr, one per bad record"
is "$(printf '%s\n' "$err" | grep -c '^orcost: ')" 8 "... each starting orcost:"
oc --catalog "$NEW" --sum "$T/bad.jsonl"
want_sum=$("$BIN/orcost" --catalog "$NEW" --sum "$T/good.txt" | cut -f1)
is "$rc.$(printf '%s\n' "$out" | cut -f1)" "65.$want_sum" "--sum: the good records still counted, exit 65"
is "$(printf '%s\n' "$out" | cut -f2)" 0.0007 "--sum: billed total of those that had one"
run_in "$T/bad.jsonl" "$BIN/orcost" --catalog "$NEW"
is "$rc" 65 "on standard input: 65"
contains "$err" "orcost: stdin:2: " "no FILE: named stdin"
run_in "$T/bad.jsonl" "$BIN/orcost" --catalog "$NEW" -
contains "$err" "orcost: -:2: " "FILE -: named -"
printf '{"model":"openai/gpt-4o","prompt_tokens":1,\n' >"$T/trunc.json"
oc --catalog "$NEW" "$T/good.txt" "$T/trunc.json"
is "$rc.$out" "65.$good" "a truncated document at the end: 65, the others printed"
contains "$err" "$T/trunc.json:1" "... naming where it began"

# A file that cannot be opened: 66, after the others.
oc --catalog "$NEW" "$T/a.txt" "$T/nonexistent.jsonl" "$T/b.txt"
is "$rc.$out" "66.$A
$B" "a missing file: exit 66, the other files still read"
like "$err" "^orcost: $T/nonexistent.jsonl: No such file" "saying which file"
is "$(lines "$err")" 1 "in one line"

# Variable and unknown models: "-" and exit 1.
cat >"$T/unk.txt" <<'X'
openrouter/auto 100 10
nosuch/model 100 10
{"model":"nosuch/model","prompt_tokens":1,"completion_tokens":1,"cost":0.5}
openai/gpt-4o 100 10
X
oc --catalog "$NEW" "$T/unk.txt"
is "$rc" 1 "a variable or unknown model: exit 1"
is "$(printf '%s\n' "$out" | cut -f1-5)" "-$TAB-${TAB}openrouter/auto${TAB}100${TAB}10
-$TAB-${TAB}nosuch/model${TAB}100${TAB}10
-${TAB}0.5${TAB}nosuch/model${TAB}1${TAB}1
$(sed -n 1p "$T/good.txt" | "$BIN/orcost" --catalog "$NEW")" \
    "'-' where the cost cannot be computed, the billed cost still shown"
is "$(lines "$err")" 2 "one warning per distinct model"
contains "$err" "openrouter/auto" "naming the variable one"
contains "$err" "nosuch/model" "and the unknown one"

# ---- two million lines, summed exactly --------------------------------
# Half JSON usage records (billed costs written as 0.000xxxxxx, Ne-9 and
# NE-09), half text lines; four models, one with a price of 23 decimals.
# awk counts the tokens (integers below 2^53, exact in a double).
awk -v n=2000000 -v big="$T/big.jsonl" 'BEGIN {
	split("openai/gpt-4o google/gemini-2.5-flash anthropic/claude-4.6-sonnet-20260217 openai/gpt-4o-mini", M, " ")
	for (i = 0; i < n; i++) {
		k = int(i / 2) % 4 + 1
		p = 2000 + (i * 7919) % 998000
		c = (i * 104729) % 50000
		P[k] += p; C[k] += c; R[k]++
		if (i % 2) {
			printf "%s %d\t%d\n", M[k], p, c > big
			continue
		}
		ca = (i % 3 == 0) ? int(p / 2) : 0
		cw = (i % 5 == 0) ? i % 997 : 0
		b = (i * 31337) % 1000000
		if (i % 10 == 0 || i % 10 == 4) s = b "e-9"
		else if (i % 10 == 8) s = b "E-09"
		else s = sprintf("0.%09d", b)
		printf "{\"model\":\"%s\",\"prompt_tokens\":%d,\"completion_tokens\":%d,\"cached_tokens\":%d,\"cache_write_tokens\":%d,\"cost\":%s}\n", M[k], p, c, ca, cw, s > big
		CA[k] += ca; CW[k] += cw; B[k] += b; BR[k]++
	}
	for (k = 1; k <= 4; k++)
		printf "%s %.0f %.0f %.0f %.0f %.0f %d %d\n", M[k], P[k], C[k], CA[k], CW[k], B[k], R[k], BR[k]
}' >"$T/big.sums"
is "$(wc -l <"$T/big.jsonl" | tr -d ' ')" 2000000 "(a ledger of 2,000,000 lines)"
py big "$NEW" "$T/big.sums" >"$T/big.want"
oc --catalog "$NEW" --sum "$T/big.jsonl"
is "$rc.$out" "0.$(sed -n 1p "$T/big.want")" "2,000,000 records: --sum is exact, computed and billed"
oc --catalog "$NEW" --by model "$T/big.jsonl"
is "$rc.$out" "0.$(sed -n 2,5p "$T/big.want")" "2,000,000 records: --by model, exact"
run_in "$T/big.jsonl" "$BIN/orcost" --catalog "$NEW" --sum --json
is "$rc.$(norm | cut -f1-5)" "0.$(sed -n 1p "$T/big.want")${TAB}2000000${TAB}$(sed -n 6p "$T/big.want")" \
    "--sum --json on standard input: 2000000 records, the token totals"
rm -f "$T/big.jsonl"

# Records are not typed at a terminal: a bare orcost there says what it wants.
if command -v script >/dev/null; then
	script -qec "'$BIN/orcost' --catalog '$NEW'; echo rc=\$?" /dev/null \
	    </dev/null >"$T/tty.out" 2>&1
	is "$(tr -d '\r' <"$T/tty.out" | sed -n '$p')" "rc=2" \
	    "stdin a terminal: 2"
	like "$(tr -d '\r' <"$T/tty.out" | sed -n '1p')" \
	    "^orcost: standard input is a terminal; .*-m and -p" \
	    "...with one line saying what it wants"
else
	skip "no script(1)"
fi

done_testing
