#!/bin/sh
# bench/models.sh -- how fast ormodels answers from a warm cache, beside jq
# and python3 doing the same work on the same JSON, in the same run.
#
#	sh bench/models.sh		(after make)
#
# Two questions, on the newest real catalog (345 models, 0.5 MB):
#   look-up   ormodels -l openai/gpt-4o: one model's card;
#   listing   ormodels --min-context 100k -o id,prompt,completion.
# Each is timed as a whole process (hyperfine -N: no shell in between),
# with the equivalent jq program and a python3 standard-library one-liner
# over the cached JSON file.  The table shows medians; the targets are a
# look-up in 2 ms, a listing in 4 ms, and both at least 8 times faster
# than jq.  Timing the baselines in the same hyperfine run keeps the ratios
# honest on a busy machine, where the milliseconds are not.
#
# Then the catalog without a network (issue 12), each case beside
# /bin/true in a hyperfine run of its own (each needs its own cache):
#   offline first   the first call with no cache and the API unreachable
#                   (a closed port; the cache emptied before each run);
#   offline later   any of the 20 calls after it;
#   --catalog FILE  a look-up in a user's catalog file, beside the same
#                   look-up from a warm cache.
#
# Settings from the environment: RUNS (default 200), WARMUP (20), JSON (a
# file to keep hyperfine's --export-json in), OFF_RUNS (runs of the
# offline cases, default RUNS: lower it for a build that takes a second a
# call), ORMODELS (the binary, default bin/ormodels: another build's, to
# compare before and after).  Needs hyperfine, jq and
# python3.  Never uses the network: the cache is filled from the fixture,
# and OPENROUTER_BASE_URL points at a closed port, so a fetch by mistake
# fails at once.
set -eu

cd "$(dirname "$0")/.."
prog=bench/models.sh
RUNS=${RUNS:-200}
WARMUP=${WARMUP:-20}
CATALOG=tests/fixtures/models/models_2026-08-08.json

for t in hyperfine jq python3; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "$prog: needs $t" >&2
		exit 1
	}
done
ORMODELS=${ORMODELS:-bin/ormodels}
OFF_RUNS=${OFF_RUNS:-$RUNS}
[ -x "$ORMODELS" ] || make bin/ormodels >&2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/orkit-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A warm cache: the catalog where a fetch would have put it, and the index
# built beside it by one run.
unset ORKIT_CATALOG OPENROUTER_API_KEY OPENROUTER_KEY_FILE ORKIT_LOG
XDG_CACHE_HOME=$tmp/cache
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1
ORKIT_CATALOG_TTL=86400
LC_ALL=C
export XDG_CACHE_HOME OPENROUTER_BASE_URL ORKIT_CATALOG_TTL LC_ALL
mkdir -p "$tmp/cache/orkit"
cp "$CATALOG" "$tmp/cache/orkit/models.json"
"$ORMODELS" -o id >/dev/null
[ -s "$tmp/cache/orkit/models.idx" ] || {
	echo "$prog: ormodels built no index" >&2
	exit 1
}
J=$tmp/cache/orkit/models.json

# pyenv and the like put a shell script in front of python3; time the
# interpreter itself, as a user's script would run it.
PY=$(python3 -c 'import sys; print(sys.executable)')

# The same answers three ways (the jq and python forms print the same
# fields: name, id, context, prices, description; id and prices).
look_or="$ORMODELS -l openai/gpt-4o"
look_jq="jq -r '.data[] | select(.id == \"openai/gpt-4o\") | .name, .id, .context_length, .pricing.prompt, .pricing.completion, .description' $J"
look_py="$PY -c 'import json,sys; m=[m for m in json.load(open(sys.argv[1]))[\"data\"] if m[\"id\"]==\"openai/gpt-4o\"][0]; print(m[\"name\"], m[\"id\"], m[\"context_length\"], m[\"pricing\"][\"prompt\"], m[\"pricing\"][\"completion\"], m[\"description\"], sep=\"\\n\")' $J"
list_or="$ORMODELS --min-context 100k -o id,prompt,completion"
list_jq="jq -r '.data[] | select(.context_length >= 100000) | [.id, .pricing.prompt, .pricing.completion] | @tsv' $J"
list_py="$PY -c 'import json,sys; [print(m[\"id\"], m[\"pricing\"][\"prompt\"], m[\"pricing\"][\"completion\"], sep=\"\\t\") for m in json.load(open(sys.argv[1]))[\"data\"] if (m[\"context_length\"] or 0) >= 100000]' $J"

# Each must work before it is timed, and the listings must agree on ids.
for c in "$look_or" "$look_jq" "$look_py" "$list_or" "$list_jq" "$list_py"; do
	eval "$c" >/dev/null || {
		echo "$prog: does not run: $c" >&2
		exit 1
	}
done
a=$(eval "$list_or" | cut -f1 | sort)
b=$(eval "$list_jq" | cut -f1 | sort)
[ "$a" = "$b" ] || {
	echo "$prog: ormodels and jq list different models" >&2
	exit 1
}

out=${JSON:-$tmp/times.json}
hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$out" \
    -n "look-up: ormodels" "$look_or" \
    -n "look-up: jq" "$look_jq" \
    -n "look-up: python3" "$look_py" \
    -n "listing: ormodels" "$list_or" \
    -n "listing: jq" "$list_jq" \
    -n "listing: python3" "$list_py" >&2

python3 - "$out" "$RUNS" "$WARMUP" <<'EOF'
import json, sys

res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
targets = {"look-up": 2.0, "listing": 4.0}
print("ormodels from a warm cache, %s runs after %s warm-up runs "
      "(hyperfine -N); medians in ms." % (sys.argv[2], sys.argv[3]))
print()
print("| case | ormodels | jq | python3 | target | × faster than jq "
      "| × faster than python3 | result |")
print("|---|---:|---:|---:|---:|---:|---:|:---:|")
misses = 0
for case, target in targets.items():
    o, j, p = (res["%s: %s" % (case, t)]["median"] * 1000
               for t in ("ormodels", "jq", "python3"))
    ok = o <= target and j / o >= 8
    misses += not ok
    print("| %s | %.2f | %.2f | %.2f | %.0f | %.1f | %.1f | %s |" %
          (case, o, j, p, target, j / o, p / o,
           "pass" if ok else "**miss**"))
print()
print("Targets: a look-up at most 2 ms, a listing at most 4 ms, each at "
      "least 8 times faster than jq. %s." %
      ("All met" if not misses else "%d missed" % misses))
EOF

# ---- no network: the first call, the later ones, a user's file ---------
# Each in a hyperfine run of its own, as each needs its own cache.
off() {	# off NAME-OF-JSON RUNS HYPERFINE-ARGS...
	f=$tmp/$1.json
	r=$2
	shift 2
	hyperfine -N --style basic --warmup 2 --runs "$r" --export-json "$f" \
	    -n "/bin/true" /bin/true "$@" >&2
}
look="$ORMODELS -l openai/gpt-4o"
XDG_CACHE_HOME=$tmp/off1
off first "$OFF_RUNS" --prepare "rm -rf $tmp/off1" -n "offline first" "$look"
XDG_CACHE_HOME=$tmp/off2
rm -rf "$tmp/off2"
"$ORMODELS" -l openai/gpt-4o >/dev/null 2>"$tmp/warn.1" || :
: >"$tmp/warn.20"
i=0
while [ $i -lt 20 ]; do
	"$ORMODELS" -l openai/gpt-4o >/dev/null 2>>"$tmp/warn.20" || :
	i=$((i + 1))
done
off later "$OFF_RUNS" -n "offline later" "$look"
XDG_CACHE_HOME=$tmp/cache
"$ORMODELS" --catalog "$CATALOG" -l openai/gpt-4o >/dev/null
off file "$RUNS" -n "warm cache" "$look" \
    -n "catalog file" "$ORMODELS --catalog $CATALOG -l openai/gpt-4o"

python3 - "$tmp" "$OFF_RUNS" "$RUNS" "$(wc -l <"$tmp/warn.1")" \
    "$(wc -l <"$tmp/warn.20")" <<'EOF2'
import json, sys

tmp, offruns, runs, w1, w20 = sys.argv[1:]
def load(n):
    return {r["command"]: r["median"] * 1000 for r in
            json.load(open("%s/%s.json" % (tmp, n)))["results"]}
print()
print("The catalog with no network (ormodels -l openai/gpt-4o, the API at a "
      "closed port); medians in ms, each beside /bin/true in its own "
      "hyperfine run.")
print()
print("| case | runs | ormodels | /bin/true | × /bin/true | warnings |")
print("|---|---:|---:|---:|---:|---:|")
f, l, w = load("first"), load("later"), load("file")
print("| offline, first call (no cache) | %s | %.2f | %.2f | %.1f | %s |" %
      (offruns, f["offline first"], f["/bin/true"],
       f["offline first"] / f["/bin/true"], w1))
print("| offline, each of 20 later calls | %s | %.2f | %.2f | %.1f | %s in 20 |" %
      (offruns, l["offline later"], l["/bin/true"],
       l["offline later"] / l["/bin/true"], w20))
print("| warm cache look-up | %s | %.2f | %.2f | %.1f | |" %
      (runs, w["warm cache"], w["/bin/true"], w["warm cache"] / w["/bin/true"]))
print("| `--catalog FILE` look-up | %s | %.2f | %.2f | %.1f | |" %
      (runs, w["catalog file"], w["/bin/true"],
       w["catalog file"] / w["/bin/true"]))
EOF2
