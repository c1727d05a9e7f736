#!/bin/sh
# bench/instr.sh -- instructions, not seconds: the three hot paths of
# issue 10 counted by callgrind for two builds side by side, so that a
# before/after comparison holds on a busy machine.
#
#	sh bench/instr.sh OLD_TREE [NEW_TREE]	(both built; NEW: this tree)
#
# 1. orcost -s over 20,000 usage records (made as bench/cost.sh makes them);
# 2. ormodels ID and ormodels -l ID from a warm cache;
# 3. orstream --sse over 100,000 real-shaped chunks (as bench/stream.sh).
# Prints a markdown table: instructions for each tree and their ratio.
# Needs valgrind and python3.  Never uses the network.
set -eu
cd "$(dirname "$0")/.."
prog=bench/instr.sh
[ $# -ge 1 ] || { echo "usage: $prog OLD_TREE [NEW_TREE]" >&2; exit 2; }
old=$(cd "$1" && pwd)
new=$(cd "${2:-.}" && pwd)
CATALOG=$new/tests/fixtures/models/models_2026-08-08.json
command -v valgrind >/dev/null || { echo "$prog: needs valgrind" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/orkit-instr.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset ORKIT_CATALOG OPENROUTER_API_KEY OPENROUTER_KEY_FILE ORKIT_LOG
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1
LC_ALL=C
export OPENROUTER_BASE_URL LC_ALL

python3 - "$tmp" <<'PY'
import json, random, sys
d = sys.argv[1]
models = ["openai/gpt-4o", "anthropic/claude-sonnet-5", "google/gemini-3.5-flash",
          "deepseek/deepseek-v4-flash", "openai/gpt-5.4-mini"]
r = random.Random(1)
with open(d + "/usage.jsonl", "w") as f:
    for i in range(20000):
        f.write(json.dumps({"model": r.choice(models),
            "prompt_tokens": r.randrange(1, 100000),
            "completion_tokens": r.randrange(1, 5000)},
            separators=(",", ":")) + "\n")
PY
python3 bench/mksse.py 100000 "$tmp/s.sse"

# count TREE NAME ARGS...: the instructions of one run of TREE/bin/NAME.
count() {
	t=$1; shift
	XDG_CACHE_HOME=$tmp/cache.$(basename "$t") valgrind --tool=callgrind \
	    --callgrind-out-file="$tmp/cg.out" "$t/bin/$@" >/dev/null 2>"$tmp/cg.err" <"$in" || true
	sed -n 's/.*Collected : *//p' "$tmp/cg.err"
}

for t in "$old" "$new"; do
	c=$tmp/cache.$(basename "$t")/orkit
	mkdir -p "$c"
	cp "$CATALOG" "$c/models.json"
	XDG_CACHE_HOME=${c%/orkit} "$t/bin/ormodels" -o id >/dev/null
done

echo "| work | before | after | after/before |"
echo "|---|---:|---:|---:|"
row() {
	what=$1; shift
	a=$(count "$old" "$@"); b=$(count "$new" "$@")
	printf '| %s | %s | %s | %s |\n' "$what" "$a" "$b" \
	    "$(python3 -c "print('%.3f' % ($b / $a))")"
}
in=/dev/null
row "orcost -s, 20k records" orcost --catalog "$CATALOG" -s "$tmp/usage.jsonl"
row "ormodels openai/gpt-4o (warm)" ormodels openai/gpt-4o
row "ormodels -l openai/gpt-4o (warm)" ormodels -l openai/gpt-4o
in=$tmp/s.sse
row "orstream --sse, 100k chunks" orstream --sse
