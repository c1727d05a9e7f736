#!/bin/sh
# bench/models.sh -- how fast ormodels answers from a warm cache, beside jq
# and python3 doing the same work on the same JSON, in the same run.
#
#	sh bench/models.sh		(after make)
#	BEFORE=../look-before sh bench/models.sh	(and another build beside)
#
# First, the look-ups at the floor (issue 14), all in one hyperfine run
# with /bin/true and ormodels --version, whose difference is what a
# look-up costs over starting the program at all:
#   ormodels ID    ormodels openai/gpt-4o: the models whose id or name
#                  holds it (8 rows), matched on the index's id and name
#                  fields, only those filled;
#   listing        ormodels --min-context 100k -o id,prompt,completion
#                  (305 of the 345 models);
#   orcost -m -p   orcost -m openai/gpt-4o -p 1000: one model's price.
# Targets: ormodels ID within 1 ms of ormodels --version, the listing
# within 2 ms of it, orcost -m -p (which reads one model, as a look-up
# does) within 1 ms of orcost --version; the script prints pass or miss
# for each.  With BEFORE=TREE (a built tree, say 4d07e1c's), that tree's
# binaries are timed in the same hyperfine run, their output must be
# byte-identical to this tree's, and with INSTR=1 (needs valgrind) the
# instructions each case runs (callgrind) are counted for both.
#
# Then, on the newest real catalog (345 models, 0.5 MB):
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
# compare before and after), BEFORE and INSTR (above), FLOOR_ONLY=1 (the
# first part only).  Needs hyperfine, jq and python3.  Never uses the
# network: the cache is filled from the fixture, and OPENROUTER_BASE_URL
# points at a closed port, so a fetch by mistake fails at once.
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

# ---- issue 14: look-ups at the floor ------------------------------------
ORCOST=${ORCOST:-bin/orcost}
[ -x "$ORCOST" ] || make bin/orcost >&2
ID=openai/gpt-4o
set -- -n "/bin/true" /bin/true \
    -n "ormodels --version" "$ORMODELS --version" \
    -n "ormodels ID" "$ORMODELS $ID" \
    -n "listing" "$ORMODELS --min-context 100k -o id,prompt,completion" \
    -n "orcost --version" "$ORCOST --version" \
    -n "orcost -m -p" "$ORCOST -m $ID -p 1000"
if [ -n "${BEFORE:-}" ]; then
	for b in ormodels orcost; do
		[ -x "$BEFORE/bin/$b" ] || {
			echo "$prog: no $BEFORE/bin/$b (build it first)" >&2
			exit 1
		}
	done
	# The same answers, byte for byte.
	for a in "$ID" "--min-context 100k -o id,prompt,completion" \
	    "-l $ID" "--json $ID" "-o id,slug,name,created,context,max-output,prompt,completion,reasoning,cache-read,cache-write,cache-write-1h,request,image,web-search,modality,input,output,tokenizer,cutoff,moderated,supports,withdrawn"; do
		"$ORMODELS" $a >"$tmp/a.out" 2>&1 || :
		"$BEFORE/bin/ormodels" $a >"$tmp/b.out" 2>&1 || :
		cmp -s "$tmp/a.out" "$tmp/b.out" || {
			echo "$prog: ormodels $a: output differs from $BEFORE's" >&2
			exit 1
		}
	done
	"$ORCOST" -m $ID -p 1000 >"$tmp/a.out" 2>&1
	"$BEFORE/bin/orcost" -m $ID -p 1000 >"$tmp/b.out" 2>&1
	cmp -s "$tmp/a.out" "$tmp/b.out" || {
		echo "$prog: orcost -m -p: output differs from $BEFORE's" >&2
		exit 1
	}
	set -- "$@" \
	    -n "before: ormodels --version" "$BEFORE/bin/ormodels --version" \
	    -n "before: ormodels ID" "$BEFORE/bin/ormodels $ID" \
	    -n "before: listing" "$BEFORE/bin/ormodels --min-context 100k -o id,prompt,completion" \
	    -n "before: orcost --version" "$BEFORE/bin/orcost --version" \
	    -n "before: orcost -m -p" "$BEFORE/bin/orcost -m $ID -p 1000"
fi
[ "$(eval "$ORMODELS --min-context 100k -o id,prompt,completion" | wc -l)" -ge 300 ] || {
	echo "$prog: the listing has fewer than 300 rows" >&2
	exit 1
}
hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$tmp/floor.json" "$@" >&2

# Instructions (callgrind), when asked: steady on a busy machine.
: >"$tmp/instr"
if [ "${INSTR:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
	count() {	# count NAME BINARY ARGS...
		n=$1
		shift
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
		    "$@" >/dev/null 2>"$tmp/cg.err" || :
		printf '%s\t%s\n' "$n" \
		    "$(sed -n 's/.*Collected : *//p' "$tmp/cg.err")" >>"$tmp/instr"
	}
	for t in "" ${BEFORE:+before}; do
		om=$ORMODELS oc=$ORCOST p=
		if [ -n "$t" ]; then
			om=$BEFORE/bin/ormodels oc=$BEFORE/bin/orcost p="before: "
		fi
		count "${p}ormodels --version" "$om" --version
		count "${p}ormodels ID" "$om" "$ID"
		count "${p}listing" "$om" --min-context 100k \
		    -o id,prompt,completion
		count "${p}orcost --version" "$oc" --version
		count "${p}orcost -m -p" "$oc" -m "$ID" -p 1000
	done
fi

python3 - "$tmp/floor.json" "$tmp/instr" "$RUNS" "${BEFORE:-}" <<'EOF0'
import json, sys

res = {r["command"]: r["median"] * 1000 for r in
       json.load(open(sys.argv[1]))["results"]}
instr = dict(l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if "\t" in l)
runs, before = sys.argv[3], sys.argv[4]
cases = [("ormodels ID", "ormodels --version", 1.0),
         ("listing", "ormodels --version", 2.0),
         ("orcost -m -p", "orcost --version", 1.0)]
print("Look-ups at the floor (issue 14): medians of %s runs in one "
      "hyperfine run, in ms; /bin/true %.2f ms, ormodels --version %.2f, "
      "orcost --version %.2f." % (runs, res["/bin/true"],
      res["ormodels --version"], res["orcost --version"]))
print()
hdr = "| case | ms | over --version | target | result |"
sep = "|---|---:|---:|---:|:---:|"
if before:
    hdr += " before ms | before over --version | before/after (over) |"
    sep += "---:|---:|---:|"
if instr:
    hdr += " instructions |" + (" before | before/after |" if before else "")
    sep += "---:|" + ("---:|---:|" if before else "")
print(hdr)
print(sep)
misses = 0
for case, base, target in cases:
    over = res[case] - res[base]
    ok = over <= target
    misses += not ok
    row = "| %s | %.2f | %.2f | %.0f ms | %s |" % (case, res[case], over,
        target, "pass" if ok else "**miss**")
    if before:
        bo = res["before: " + case] - res["before: " + base]
        row += " %.2f | %.2f | %s |" % (res["before: " + case], bo,
            "%.1f" % (bo / over) if over > 0 else "-")
    if instr:
        a = int(instr[case].replace(",", ""))
        row += " %s |" % format(a, ",")
        if before:
            b = int(instr["before: " + case].replace(",", ""))
            row += " %s | %.2f |" % (format(b, ","), b / a)
    print(row)
if instr:
    for base in ("ormodels --version", "orcost --version"):
        line = "%s: %s instructions" % (base, instr[base])
        if before:
            line += " (before: %s)" % instr["before: " + base]
        print()
        print(line + ".")
print()
print("Targets: ormodels ID within 1 ms of ormodels --version, the listing "
      "within 2 ms of it, orcost -m -p within 1 ms of orcost --version. "
      "%s." % ("All met" if not misses else "%d missed" % misses))
EOF0
[ "${FLOOR_ONLY:-0}" = 1 ] && exit 0
echo

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
