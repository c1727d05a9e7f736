#!/bin/sh
# bench/cost.sh -- how fast orcost sums a usage log, and how fast one
# workload is priced, beside jq, mawk and Python doing the same work in the
# same run.
#
#	sh bench/cost.sh > bench/RESULTS-orcost.md	(after make)
#
# 1. Sum: a 1,000,000-line usage JSONL (one record a line,
#    {"model":"openai/gpt-4o","prompt_tokens":1234,"completion_tokens":56},
#    generated here, deterministically, over 20 real models of the newest
#    catalog whose prompt and completion prices are fixed: no "-1", no
#    pricing.overrides, no request price or discount) is summed against
#    that catalog by
#      orcost --catalog CATALOG -s FILE	(and the same with FILE on stdin)
#      jq      the catalog loaded with --slurpfile, an id -> prices object,
#              reduce over the records;
#      mawk    a prices TSV (id, prompt, completion), prepared beforehand
#              from the catalog with jq -- that preparation is NOT timed --
#              and the records cut into fields with FS='[":,{}]+' at fixed
#              positions (a favour to mawk: it relies on the generator's key
#              order, where a real log would need a lookup by key);
#      python3 the standard library: json.loads per line, float prices.
#    orcost's total must equal the exact sum (Decimal prices times the
#    integer token sums per model, computed by the generator), and each
#    floating-point peer must agree with it to nine significant digits;
#    otherwise the script says so and exits 1 before timing anything.
#    Targets: at least 5M records/s, at least 2 times faster than mawk.
# 2. One workload: orcost -m openai/gpt-4o -p 1000 -c 100, from a warm cache
#    ($XDG_CACHE_HOME/orkit/models.json with its index built by one run),
#    and with --catalog FILE (which parses the JSON and builds the index in
#    memory every time), beside ormodels -l on the same cache and /bin/true
#    as the floor of starting any process.  Target: at most 2 ms median
#    from the warm cache.
# Each command is timed as a whole process (hyperfine -N: no shell, except
# where stdin is redirected); the tables show medians.  Timing the peers in
# the same hyperfine run keeps the ratios honest on a busy machine, where
# the seconds are not.
#
# Settings from the environment: N (records, default 1000000), RUNS (timed
# runs per summing command, default 10), WARMUP (1), RUNS1 (timed runs per
# single-workload command, default 300), WARMUP1 (20), JSON (a file prefix
# to keep hyperfine's --export-json in: PREFIX.sum.json, PREFIX.one.json).
# Needs hyperfine, jq, mawk and python3 (Debian: apt-get install hyperfine
# jq mawk).  Never uses the network: the cache is filled from the fixture,
# and OPENROUTER_BASE_URL points at a closed port, so a fetch by mistake
# fails at once.
set -eu

cd "$(dirname "$0")/.."
prog=bench/cost.sh
N=${N:-1000000}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-1}
RUNS1=${RUNS1:-300}
WARMUP1=${WARMUP1:-20}
CATALOG=tests/fixtures/models/models_2026-08-08.json

# Fixed-price models of $CATALOG (checked below); the records cycle over
# them at random.
MODELS='openai/gpt-4o anthropic/claude-sonnet-5 anthropic/claude-opus-5
google/gemini-3.5-flash google/gemini-3.5-flash-lite deepseek/deepseek-v4-pro
deepseek/deepseek-v4-flash z-ai/glm-5.2 moonshotai/kimi-k3 qwen/qwen3.7-max
openai/gpt-5.4-mini openai/gpt-5.4-nano mistralai/mistral-medium-3-5
minimax/minimax-m3 tencent/hy3 xiaomi/mimo-v2.5-pro meta/muse-spark-1.1
nvidia/nemotron-3-super-120b-a12b qwen/qwen3.5-27b stepfun/step-3.7-flash'

for t in hyperfine jq mawk python3; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "$prog: needs $t" >&2
		exit 1
	}
done
[ -x bin/orcost ] || make bin/orcost >&2
[ -x bin/ormodels ] || make bin/ormodels >&2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/orkit-cost.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

unset ORKIT_CATALOG OPENROUTER_API_KEY OPENROUTER_KEY_FILE ORKIT_LOG
XDG_CACHE_HOME=$tmp/cache
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1
ORKIT_CATALOG_TTL=86400
LC_ALL=C
export XDG_CACHE_HOME OPENROUTER_BASE_URL ORKIT_CATALOG_TTL LC_ALL

# pyenv and the like put a shell script in front of python3; time the
# interpreter itself, as a user's script would run it.
PY=$(python3 -c 'import sys; print(sys.executable)')
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# ---- the data (not timed) --------------------------------------------------
U=$tmp/usage.jsonl
# shellcheck disable=SC2086
"$PY" - "$CATALOG" "$N" "$U" "$tmp/exact" $MODELS <<'EOF'
import json, random, sys
from decimal import Decimal

cat, n, out, exact = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
ids = sys.argv[5:]
by = {m["id"]: m for m in json.load(open(cat))["data"]}
price = {}
for i in ids:
    m = by.get(i)
    if m is None:
        sys.exit("bench/cost.sh: %s is not in %s" % (i, cat))
    p = m["pricing"]
    extra = [k for k in ("overrides", "request", "discount") if k in p
             and p[k] not in ("0", 0)]
    if p["prompt"] == "-1" or p["completion"] == "-1" or extra:
        sys.exit("bench/cost.sh: %s has no fixed prompt/completion price"
                 % i)
    price[i] = (Decimal(p["prompt"]), Decimal(p["completion"]))
rnd = random.Random(20260808)
tp = dict.fromkeys(ids, 0)
tc = dict.fromkeys(ids, 0)
pre = ['{"model":"%s","prompt_tokens":' % i for i in ids]
with open(out, "w") as f:
    left = n
    while left:
        k = min(left, 10000)
        left -= k
        lines = []
        for _ in range(k):
            j = rnd.randrange(len(ids))
            p = rnd.randrange(1, 100000)
            c = rnd.randrange(0, 8192)
            tp[ids[j]] += p
            tc[ids[j]] += c
            lines.append('%s%d,"completion_tokens":%d}\n' % (pre[j], p, c))
        f.write("".join(lines))
total = sum(tp[i] * price[i][0] + tc[i] * price[i][1] for i in ids)
t = format(total.normalize(), "f")
if "." in t:
    t = t.rstrip("0").rstrip(".")
open(exact, "w").write(t + "\n")
EOF

# The mawk peer's price table, from the catalog with jq (not timed).
jq -r '.data[] | [.id, .pricing.prompt, .pricing.completion] | @tsv' \
    "$CATALOG" >"$tmp/prices.tsv"

cat >"$tmp/sum.jq" <<'EOF'
($c[0].data | map({key: .id, value: [(.pricing.prompt | tonumber),
    (.pricing.completion | tonumber)]}) | from_entries) as $p
| reduce inputs as $r (0; $p[$r.model] as $q
    | . + $r.prompt_tokens * $q[0] + $r.completion_tokens * $q[1])
EOF
cat >"$tmp/sum.awk" <<'EOF'
BEGIN { FS = "[\":,{}]+" }
NR == FNR { split($0, a, "\t"); p[a[1]] = a[2] + 0; c[a[1]] = a[3] + 0; next }
{ s += $5 * p[$3] + $7 * c[$3] }
END { printf "%.17g\n", s }
EOF
cat >"$tmp/sum.py" <<'EOF'
import json, sys
p = {m["id"]: (float(m["pricing"]["prompt"]), float(m["pricing"]["completion"]))
     for m in json.load(open(sys.argv[1]))["data"]}
s = 0.0
loads = json.loads
with open(sys.argv[2], "rb") as f:
    for line in f:
        r = loads(line)
        a, b = p[r["model"]]
        s += r["prompt_tokens"] * a + r["completion_tokens"] * b
print(repr(s))
EOF

sum_or="bin/orcost --catalog $CATALOG -s $U"
sum_in="sh -c 'bin/orcost --catalog $CATALOG -s < $U'"
sum_jq="jq -n --slurpfile c $CATALOG -f $tmp/sum.jq $U"
sum_awk="mawk -f $tmp/sum.awk $tmp/prices.tsv $U"
sum_py="$PY $tmp/sum.py $CATALOG $U"

# Each must run, orcost must be exact, and the peers must agree with it.
i=0
for c in "$sum_or" "$sum_in" "$sum_jq" "$sum_awk" "$sum_py"; do
	i=$((i + 1))
	eval "$c" >"$tmp/out.$i" || {
		echo "$prog: does not run: $c" >&2
		exit 1
	}
done
"$PY" - "$tmp" >"$tmp/agree.md" <<'EOF' || exit 1
import sys
from decimal import Decimal, getcontext

getcontext().prec = 60
t = sys.argv[1]
exact = Decimal(open(t + "/exact").read().strip())
out = [open("%s/out.%d" % (t, i)).read() for i in range(1, 6)]
bad = 0
for name, o in (("orcost FILE", out[0]), ("orcost < FILE", out[1])):
    if o != "%s\t-\n" % open(t + "/exact").read().strip():
        print("bench/cost.sh: %s printed %r; the exact total is %s\t-"
              % (name, o, exact), file=sys.stderr)
        bad += 1
half = Decimal(5).scaleb(exact.adjusted() - 9)   # half a unit in digit 9
print("| program | total USD | − exact | to 9 significant digits |")
print("|---|---:|---:|:---:|")
print("| exact (Decimal, per-model token sums) | %s | | |" % exact)
print("| orcost | %s | %s | %s |" % (out[0].split("\t")[0],
      "0" if not bad else "?",
      "exact" if not bad else "**no**"))
for name, o in (("jq", out[2]), ("mawk", out[3]), ("python3", out[4])):
    try:
        v = Decimal(o.strip())
    except Exception:
        v = None
    ok = v is not None and abs(v - exact) <= half
    print("| %s | %s | %s | %s |" % (name, o.strip(),
          "%.3g" % (v - exact) if v is not None else "?",
          "agrees" if ok else "**disagrees**"))
    if not ok:
        print("bench/cost.sh: %s's total %s does not agree with the exact "
              "%s to nine significant digits" % (name, o.strip(), exact),
              file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
EOF

# ---- the single workload: a warm cache -------------------------------------
mkdir -p "$tmp/cache/orkit"
cp "$CATALOG" "$tmp/cache/orkit/models.json"
bin/orcost -m openai/gpt-4o -p 1000 -c 100 >/dev/null
[ -s "$tmp/cache/orkit/models.idx" ] || {
	echo "$prog: orcost built no index in the cache" >&2
	exit 1
}
one_or="bin/orcost -m openai/gpt-4o -p 1000 -c 100"
one_cat="bin/orcost --catalog $CATALOG -m openai/gpt-4o -p 1000 -c 100"
one_mod="bin/ormodels -l openai/gpt-4o"
for c in "$one_or" "$one_cat"; do
	a=$($c) || {
		echo "$prog: does not run: $c" >&2
		exit 1
	}
	# 1000 * 0.0000025 + 100 * 0.00001
	[ "$a" = 0.0035 ] || {
		echo "$prog: $c printed $a, not 0.0035" >&2
		exit 1
	}
done
$one_mod >/dev/null

# ---- timing -----------------------------------------------------------------
out=${JSON:-$tmp/times}
hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$out.sum.json" \
    -n "orcost -s FILE" "$sum_or" \
    -n "orcost -s < FILE" "$sum_in" \
    -n "jq" "$sum_jq" \
    -n "mawk" "$sum_awk" \
    -n "python3" "$sum_py" >&2
hyperfine -N --style basic --warmup "$WARMUP1" --runs "$RUNS1" \
    --export-json "$out.one.json" \
    -n "orcost -m (warm cache)" "$one_or" \
    -n "orcost --catalog FILE -m" "$one_cat" \
    -n "ormodels -l (warm cache)" "$one_mod" \
    -n "/bin/true (process floor)" "/bin/true" >&2
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

"$PY" - "$out" "$N" "$RUNS" "$WARMUP" "$RUNS1" "$WARMUP1" "$tmp/agree.md" \
    "$CATALOG" "$load0" "$load1" "$U" <<'EOF'
import json, os, sys

(out, n, runs, warm, runs1, warm1, agree, cat, l0, l1, u) = sys.argv[1:]
n = int(n)
res = {r["command"]: r for r in json.load(open(out + ".sum.json"))["results"]}
one = {r["command"]: r for r in json.load(open(out + ".one.json"))["results"]}
o = res["orcost -s FILE"]["median"]
print("### Summing %d usage records (%.0f MB JSONL, 20 models of %s)\n"
      % (n, os.path.getsize(u) / 1e6, os.path.basename(cat)))
print("%s runs after %s warm-up (hyperfine -N); seconds.\n" % (runs, warm))
print("| program | median s | min s | records/s | × orcost's time |")
print("|---|---:|---:|---:|---:|")
for name, r in res.items():
    print("| %s | %.3f | %.3f | %.2fM | %.1f |" % (name, r["median"],
          min(r["times"]), n / r["median"] / 1e6, r["median"] / o))
print("\n`orcost -s < FILE` runs under `sh -c` (for the redirection), which "
      "adds a shell's start-up, about a millisecond.")
rate = n / o / 1e6
vs = res["mawk"]["median"] / o
print()
print("orcost: %.2fM records/s (target 5M: %s); %.1f× faster than mawk "
      "(target 2×: %s), %.1f× than jq, %.1f× than python3."
      % (rate, "pass" if rate >= 5 else "**miss**", vs,
         "pass" if vs >= 2 else "**miss**",
         res["jq"]["median"] / o, res["python3"]["median"] / o))
print("\nThe totals (checked before timing):\n")
print(open(agree).read())
print("### One workload: `orcost -m openai/gpt-4o -p 1000 -c 100`\n")
print("%s runs after %s warm-up (hyperfine -N); milliseconds.\n"
      % (runs1, warm1))
print("| command | median ms | min ms | mean ± σ ms |")
print("|---|---:|---:|---:|")
for name, r in one.items():
    print("| %s | %.2f | %.2f | %.2f ± %.2f |" % (name, r["median"] * 1e3,
          min(r["times"]) * 1e3, r["mean"] * 1e3, r["stddev"] * 1e3))
m = one["orcost -m (warm cache)"]["median"] * 1e3
print("\nTarget: at most 2 ms median from a warm cache: %.2f ms, %s."
      % (m, "pass" if m <= 2 else "**miss**"))
print("\nMachine: %d CPUs; load average (1, 5, 15 min) before %s, after %s."
      % (os.cpu_count(), l0, l1))
EOF
