#!/bin/sh
# Every filter and every sort of ormodels, on every catalog shape in the
# fixtures, against an independent reading of the same JSON by python3
# (exact decimals, no index, no C): the ids listed must be the same, in the
# same order.
. "${0%/*}/lib.sh"

# The oracle reads the cases, one a line: number, catalog, sort key,
# reverse (0/1), then its filters; it writes the ids ormodels should list
# for case N to want.N.  One python3 run for every case: starting python
# costs more than all the ormodels runs together.
cat >"$T/oracle.py" <<'PY'
import json, sys, calendar, time
from decimal import Decimal

catalogs = {}

def low(s):
    return s.encode("utf-8").lower()           # ASCII case only, like C

def price(m, key):
    v = (m.get("pricing") or {}).get(key)
    if v is None:
        return Decimal(0)                       # left out: zero
    d = Decimal(str(v))
    return None if d < 0 else d                 # negative: variable

def tokens(s):
    mul = {"k": 1000, "K": 1000, "m": 10**6, "M": 10**6}.get(s[-1], 1)
    return int(Decimal(s.rstrip("kKmM")) * mul)

def arch_list(m, key):
    return [low(x) for x in ((m.get("architecture") or {}).get(key) or [])]

def keep(m, args):
    a = list(args)
    while a:
        opt = a.pop(0)
        if opt == "--free":
            for k in ("prompt", "completion", "request"):
                if price(m, k) != 0:
                    return False
            continue
        val = a.pop(0)
        if opt == "--pat":
            if low(val) not in low(m["id"]) and low(val) not in low(m.get("name") or ""):
                return False
        elif opt == "--min-context":
            if (m.get("context_length") or -1) < tokens(val):
                return False
        elif opt in ("--max-prompt-price", "--max-completion-price"):
            p = price(m, "prompt" if "prompt" in opt else "completion")
            if p is None or p * 10**6 > Decimal(val):
                return False
        elif opt in ("--input", "--output"):
            have = arch_list(m, opt[2:] + "_modalities")
            if any(low(w) not in have for w in val.split(",")):
                return False
        elif opt == "--supports":
            have = [low(x) for x in (m.get("supported_parameters") or [])]
            if any(low(w) not in have for w in val.split(",")):
                return False
        elif opt == "--tokenizer":
            if low((m.get("architecture") or {}).get("tokenizer") or "") != low(val):
                return False
        elif opt == "--since":
            t = calendar.timegm(time.strptime(val, "%Y-%m-%d"))
            if m.get("created") is None or m["created"] < t:
                return False
    return True

def value(m, sort):                             # None: unknown, sorts last
    if sort in ("created", "context"):
        v = m.get("context_length" if sort == "context" else "created")
        return v if isinstance(v, int) and v >= 0 else None
    if sort in ("prompt", "completion"):
        return price(m, sort)
    if sort == "name":
        return low(m.get("name") or "")
    return b""

for line in open(sys.argv[1], encoding="utf-8"):
    n, path, sort, rev, *args = line.rstrip("\n").split("\t")
    if path not in catalogs:
        catalogs[path] = json.load(open(path, encoding="utf-8"))["data"]
    sel = [m for m in catalogs[path] if keep(m, args)]
    known = [m for m in sel if value(m, sort) is not None]
    unknown = [m for m in sel if value(m, sort) is None]
    known.sort(key=lambda m: (value(m, sort), m["id"].encode()),
               reverse=rev == "1")
    unknown.sort(key=lambda m: m["id"].encode(), reverse=rev == "1")
    with open("%s/want.%s" % (sys.argv[2], n), "w", encoding="utf-8") as f:
        for m in known + unknown:
            f.write(m["id"] + "\n")
PY

# same DESC ORMODELS-ARGS -- ORACLE-ARGS: a case, run after the oracle.
# EMPTY=1: an empty list is a right answer (e.g. no supported_parameters in
# the oldest catalogs); otherwise an empty list is taken as a broken test.
ncase=0
: >"$T/cases"
: >"$T/runs"
same() {
	desc=$1; shift
	margs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		margs="$margs $1"; shift
	done
	shift
	ncase=$((ncase + 1))
	{
		printf '%s\t%s\t%s\t%s' $ncase "$cat" "${SORT:-id}" "${REV:-0}"
		for a in "$@"; do printf '\t%s' "$a"; done
		printf '\n'
	} >>"$T/cases"
	printf '%s|%s|%s|%s|%s\n' $ncase "$cat" "${EMPTY:-0}" \
	    "${cat##*/}: $desc" "$margs" >>"$T/runs"
}

for cat in "$TOP"/tests/fixtures/models/*.json; do
	same "every model" --
	same "a pattern" gpt -- --pat gpt
	same "patterns, case ignored, all must match" GPT 4O -- --pat gpt \
	    --pat 4o
	same "a pattern matching names" "Meta:" -- --pat meta:
	same "--min-context 128k" --min-context 128k -- --min-context 128000
	same "--min-context 1M" --min-context 1M -- --min-context 1000000
	same "--min-context 100000" --min-context 100000 -- --min-context 100000
	same "--max-prompt-price 0.15" --max-prompt-price 0.15 -- \
	    --max-prompt-price 0.15
	same "--max-completion-price 2" --max-completion-price 2 -- \
	    --max-completion-price 2
	same "--max-prompt-price 0.5 --max-completion-price 1.5" \
	    --max-prompt-price 0.5 --max-completion-price 1.5 -- \
	    --max-prompt-price 0.5 --max-completion-price 1.5
	same "--free" --free -- --free
	same "--input image" --input image -- --input image
	same "--input image,file" --input image,file -- --input image,file
	same "--input text --input file" --input text --input file -- \
	    --input text,file
	same "--output text" --output text -- --output text
	EMPTY=1 same "--output image" --output image -- --output image
	EMPTY=1 same "--supports tools" --supports tools -- --supports tools
	EMPTY=1 same "--supports tools --supports structured_outputs" \
	    --supports tools --supports structured_outputs -- \
	    --supports tools,structured_outputs
	same "--tokenizer gpt" --tokenizer gpt -- --tokenizer GPT
	same "--since 2025-01-01" --since 2025-01-01 -- --since 2025-01-01
	same "filters together" --min-context 32k --max-prompt-price 1 \
	    --input text llama -- --min-context 32000 --max-prompt-price 1 \
	    --input text --pat llama
	for key in id name created context prompt completion; do
		for r in 0 1; do
			rflag=; [ $r = 1 ] && rflag=--reverse
			SORT=$key REV=$r same "--sort $key $rflag" --sort $key \
			    $rflag --
		done
	done
	SORT=context REV=1 same "-r is --reverse" --sort context -r --
done

python3 "$T/oracle.py" "$T/cases" "$T" || echo "Bail out! the oracle failed"
while IFS='|' read -r n cat empty desc margs; do
	# shellcheck disable=SC2086
	"$BIN/ormodels" --catalog "$cat" -o id $margs >"$T/got" 2>"$T/err"
	st=$?
	want=$T/want.$n
	if [ -s "$want" ]; then wst=0; else wst=1; fi
	if cmp -s "$T/got" "$want" && [ $st -eq $wst ] &&
	    { [ -s "$want" ] || [ "$empty" = 1 ]; }; then
		ok 0 "$desc ($(wc -l <"$want" | tr -d ' ') models)"
	else
		ok 1 "$desc"
		echo "#   status $st (want $wst); stderr: $(cat "$T/err")"
		diff "$want" "$T/got" | head -5 | sed 's/^/#   /'
	fi
done <"$T/runs"

done_testing
