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
# Settings from the environment: RUNS (default 200), WARMUP (20), JSON (a
# file to keep hyperfine's --export-json in).  Needs hyperfine, jq and
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
[ -x bin/ormodels ] || make bin/ormodels >&2

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
bin/ormodels -o id >/dev/null
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
look_or="bin/ormodels -l openai/gpt-4o"
look_jq="jq -r '.data[] | select(.id == \"openai/gpt-4o\") | .name, .id, .context_length, .pricing.prompt, .pricing.completion, .description' $J"
look_py="$PY -c 'import json,sys; m=[m for m in json.load(open(sys.argv[1]))[\"data\"] if m[\"id\"]==\"openai/gpt-4o\"][0]; print(m[\"name\"], m[\"id\"], m[\"context_length\"], m[\"pricing\"][\"prompt\"], m[\"pricing\"][\"completion\"], m[\"description\"], sep=\"\\n\")' $J"
list_or="bin/ormodels --min-context 100k -o id,prompt,completion"
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
