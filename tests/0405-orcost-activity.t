#!/bin/sh
# orcost --activity against the mock's constructed GET /activity: the rows
# and every total (--by day|model|provider, -s, --json, --jsonl, -H,
# --round) against an independent oracle (tests/activity_oracle.py, exact
# decimals) over the very answer the mock gave; --date and --key-hash as
# query parameters (checked, percent-encoded, hostile values refused before
# anything is sent); 77 for a key that is not a management key; hostile
# answers (wrong types, huge numbers, bad decimals, sums past the range):
# one line and 76, never a crash nor a wrong total; and a ledger's --by
# day and /activity's lining up, so diff shows the days the ledger missed.
. "${0%/*}/lib.sh"
# The mock's "today" fixed to the test's, so a run across UTC midnight holds.
MOCK_TODAY=$(python3 -c 'import datetime as d; print(d.datetime.now(d.timezone.utc).date())')
export MOCK_TODAY
mock_start

TAB=$(printf '\t')
CAT=$TOP/tests/fixtures/models/models_2026-08-08.json
MGMT_KEY=mgmt-sk-or-v1-fedcba9876543210fedcba9876543210fedcba9876543210fedcba98
HASH1=$(printf 'mock-key-1' | sha256sum | cut -d' ' -f1)
S() { echo "http://127.0.0.1:$MOCK_PORT/_s/$1/api/v1"; }
# answer FILE [QUERY]: the mock's answer to GET /activity?QUERY, as it is.
answer() {
	python3 - "$MOCK_URL/activity${2:+?$2}" "$MGMT_KEY" >"$1" <<-'PY'
	import sys, urllib.request
	rq = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
	sys.stdout.write(urllib.request.urlopen(rq).read().decode())
	PY
}
# oracle ANSWER OPTION...: run orcost --activity OPTION... and keep its
# output as a case for the oracle; oracle_check: the oracle's verdict on
# every case kept, one test each (python starts slowly: one run for all).
ncase=0
oracle() {
	_a=$1; shift
	run "$BIN/orcost" --activity "$@"
	ncase=$((ncase + 1))
	cp "$OUT" "$T/case$ncase"
	[ "$rc" = 0 ] || echo "exit $rc: $err" >"$T/case$ncase"
	printf '%s\t%s\t%s\n' "$_a" "$T/case$ncase" "$*" >>"$T/cases"
	printf '%s\n' "$*" >>"$T/names"
}
oracle_check() {
	python3 "$TOP/tests/activity_oracle.py" "$T/cases" >"$T/verdicts" 2>&1
	exec 3<"$T/names"
	while IFS= read -r v; do
		IFS= read -r name <&3
		case $v in
		ok) ok 0 "--activity $name: as the oracle says" ;;
		*) ok 1 "--activity $name: as the oracle says"; echo "#   $v" ;;
		esac
	done <"$T/verdicts"
	exec 3<&-
	is "$(wc -l <"$T/verdicts" | tr -d ' ')" "$(wc -l <"$T/names" | tr -d ' ')" \
	    "the oracle judged every case"
	: >"$T/cases"
	: >"$T/names"
}
# last_path: the path and query of the last request (sed: python starts slowly).
last_path() {
	tail -n 1 "$MOCK_LOG" |
	    sed -n 's/^{"method": "[A-Z]*", "path": "\([^"]*\)", "query": "\([^"]*\)".*/\1?\2/p' |
	    sed 's/?$//'
}

# ---- the key ---------------------------------------------------------------------
n=$(mock_requests)
run "$BIN/orcost" --activity
is "$rc" 77 "an inference key: 77"
is "$(lines "$err")" 1 "one line"
like "$err" "^orcost: GET /activity needs a management key: " "saying a management key is needed"
contains "$err" "Only management keys can perform this operation" "with the API's message"
is "$out" "" "nothing on stdout"
is "$(mock_requests)" "$((n + 1))" "one request"
run "$BIN/orcost" --activity --base-url "$(S status:401)"
is "$rc" 77 "answered 401: 77"
contains "$err" "management key" "a management key is needed"
n=$(mock_requests)
run env -u OPENROUTER_API_KEY "$BIN/orcost" --activity
is "$rc.$(mock_requests)" "78.$n" "no key: 78, nothing sent"

OPENROUTER_API_KEY=$MGMT_KEY; export OPENROUTER_API_KEY

# ---- the rows and the totals, against the oracle --------------------------------
answer "$T/all.json"
run "$BIN/orcost" --activity
is "$rc" 0 "--activity with a management key: 0"
is "$(last_path)" "/api/v1/activity" "GET /activity, no query"
is "$err" "" "nothing on stderr"
is "$(lines "$out")" "$(grep -o '"date":' "$T/all.json" | wc -l | tr -d ' ')" \
    "one line per row"
for o in "" "--by day" "--by model" "--by provider" "-s" "--json" "--jsonl" \
    "--by day --json" "--by model --jsonl" "--by provider --json" "-s --json" \
    "-s --jsonl" "-H" "--by day -H" "--by model -H" "--by provider -H" "-s -H" \
    "--round 2" "--by provider --round 3" "--by day --round 0 -H" "--json --round 4" \
    "-s --round 1"; do
	# shellcheck disable=SC2086
	oracle "$T/all.json" $o
done
oracle_check
run "$BIN/orcost" --activity --by day
days=$(cut -f3 "$OUT")
is "$(lines "$days")" 26 "--by day: 26 of the 30 days had rows"
# The first of the 30 days, and one the mock leaves empty (4 days back).
set -- $(python3 -c 'import datetime as d, sys; t = d.date.fromisoformat(sys.argv[1])
print(t, t - d.timedelta(days=30), t - d.timedelta(days=4))' "$MOCK_TODAY")
today=$1 first=$2 empty=$3
ok "$(printf '%s\n' "$days" | awk -v t="$today" -v f="$first" '$0 >= t || $0 < f' | wc -l)" \
    "every day one of the 30 completed days before today"
is "$(printf '%s\n' "$days" | sort -u)" "$days" "one line per day, in order"
run "$BIN/orcost" --activity -s
is "$(cut -f1 "$OUT")" "$(cut -f2 "$OUT")" "-s: COST and BILLED are both the usage"
grep -q '"usage":[0-9.]*e-' "$T/all.json"
ok $? "the answer has an amount in exponent form, as JavaScript writes 4e-7"
run "$BIN/orcost" --activity
grep -q "^0\.0000004$TAB" "$OUT"
ok $? "printed as a plain decimal"

# ---- --date and --key-hash -------------------------------------------------------
day=$(sed -n 's/.*"date":"\([0-9-]*\)".*/\1/p' "$T/all.json" | head -1)
answer "$T/day.json" "date=$day"
oracle "$T/day.json" --date "$day"
is "$(last_path)" "/api/v1/activity?date=$day" "--date: ?date=DAY"
is "$(cut -f3 "$OUT" | sort -u)" "$day" "only that day"
oracle "$T/day.json" --date "$day" --by model
run "$BIN/orcost" --activity --date "$empty"
is "$rc.$out" "0." "--date of a day with no rows: 0, nothing printed"
run "$BIN/orcost" --activity --date "$empty" -s
is "$out" "-$TAB-" "-s of no rows: no amount"
answer "$T/key.json" "api_key_hash=$HASH1"
oracle "$T/key.json" --key-hash "$HASH1"
is "$(last_path)" "/api/v1/activity?api_key_hash=$HASH1" "--key-hash: ?api_key_hash=HASH"
oracle "$T/key.json" --key-hash "$HASH1" --by day
answer "$T/daykey.json" "date=$day&api_key_hash=$HASH1"
oracle "$T/daykey.json" --key-hash "$HASH1" --date "$day" -s
is "$(last_path)" "/api/v1/activity?date=$day&api_key_hash=$HASH1" "both: ?date=DAY&api_key_hash=HASH"
oracle_check
run "$BIN/orcost" --activity --key-hash 'a&b=c?d/e%f#g+h'
is "$rc.$out" "0." "an unknown hash: no rows"
is "$(last_path)" "/api/v1/activity?api_key_hash=a%26b%3Dc%3Fd%2Fe%25f%23g%2Bh" \
    "its bytes percent-encoded, not taken as more of the query"

n=$(mock_requests)
nl='
'
for bad in "2026-02-30" "2026-1-01" "yesterday" "" "2026-01-01x" "2026-01-01$nl"; do
	run "$BIN/orcost" --activity --date "$bad"
	is "$rc.$(lines "$err")" "2.1" "--date $(printf '%s' "$bad" | tr -c '0-9a-z-' '?'): 2, one line"
done
like "$err" "^orcost: --date: not a date YYYY-MM-DD: " "saying what a date is"
long=$(printf '%0129d' 0)
for bad in "" "a b" "abc${nl}def" "$(printf 'a\033[31m')" "$long" "$(printf 'caf\303\251')"; do
	run "$BIN/orcost" --activity --key-hash "$bad"
	is "$rc.$(lines "$err")" "2.1" "--key-hash $(printf '%s' "$bad" | head -c 12 | tr -c '0-9a-z' '?'): 2, one line"
	no_controls "$ERR" "and no control character said back"
done
is "$(mock_requests)" "$n" "none of them sent"
# The key itself given for its hash: refused, not sent in the URL, not said.
run "$BIN/orcost" --activity --key-hash "$OPENROUTER_API_KEY"
is "$rc.$(lines "$err")" "2.1" "--key-hash KEY: 2, one line"
like "$err" "never the key itself.*not shown: it looks like a key" "saying why"
case $err in
*"$OPENROUTER_API_KEY"*) ok 1 "the key not said back" ;;
*) ok 0 "the key not said back" ;;
esac
is "$(mock_requests)" "$n" "nor sent"

# ---- options that do not go together ---------------------------------------------
for o in "--date 2026-01-01" "--key-hash $HASH1" "--date 2026-01-01 --credits" \
    "--activity -m qwen/qwen3.5-9b" "--activity -p 10" "--activity --credits" \
    "--activity --key" "--activity $CAT" "--activity -n 3" "--activity --at 2026-01-01"; do
	# shellcheck disable=SC2086
	run "$BIN/orcost" $o
	is "$rc.$(lines "$err")" "2.1" "$o: 2, one line"
done
is "$(mock_requests)" "$n" "nothing sent"
run "$BIN/orcost" --date 2026-01-01
like "$err" "--date and --key-hash choose the rows of --activity" "--date alone: said why"

# ---- hostile answers -----------------------------------------------------------------
for k in badtype huge baddec bigamount negative baddate longstr notobj nodata \
    dataobj dupdata; do
	for o in "" "--by day"; do
		# shellcheck disable=SC2086
		run "$BIN/orcost" --activity $o --base-url "$(S "activity:$k")"
		is "$rc.$(lines "$err").$out" "76.1." "activity:$k $o: 76, one line, nothing on stdout"
	done
	like "$err" "^orcost: GET /activity: " "activity:$k: says what was wrong"
done
run "$BIN/orcost" --activity --base-url "$(S activity:badtype)"
like "$err" "row 1: usage is not a number" "a string for an amount: named"
run "$BIN/orcost" --activity --base-url "$(S activity:huge)"
like "$err" "row 1: prompt_tokens is not a whole number" "10^30 tokens: refused"
run "$BIN/orcost" --activity --base-url "$(S activity:baddec)"
like "$err" "usage has more decimal places" "28 places: refused, not rounded"
run "$BIN/orcost" --activity --base-url "$(S malformed)"
is "$rc.$(lines "$err")" "76.1" "a truncated answer: 76, one line"
run "$BIN/orcost" --activity --base-url "$(S activity:bigsum)"
is "$rc.$(lines "$out")" "0.9300" "9300 rows of 10^15 tokens: each is printed"
for o in "--by day" "-s" "--by model --json"; do
	# shellcheck disable=SC2086
	run "$BIN/orcost" --activity $o --base-url "$(S activity:bigsum)"
	is "$rc.$(lines "$err").$out" "76.1." "$o: their sum is past the range: 76, one line, no total"
done
contains "$err" "the totals are beyond what can be counted" "saying so"
run "$BIN/orcost" --activity --base-url "$(S activity:empty)"
is "$rc.$out.$err" "0.." "no rows: 0, nothing"
run "$BIN/orcost" --activity --by day --base-url "$(S activity:empty)"
is "$rc.$out" "0." "--by day of no rows: nothing"
run "$BIN/orcost" --activity --base-url "$(S activity:nulls)"
is "$rc.$out" "0.-$TAB-$TAB-$TAB-$TAB-$TAB-$TAB-$TAB-$TAB-" "every field null: a row of -"
run "$BIN/orcost" --activity --json --base-url "$(S activity:nulls)"
like "$(tr -d '\n' <"$OUT")" '^\[\{"date":null,"model":null,.*"usage":null,.*"reasoning_tokens":null\}\]$' "--json: nulls"
python3 - "$MOCK_PORT" "$MGMT_KEY" >"$T/sparse.json" <<-'PY'
import sys, urllib.request
rq = urllib.request.Request("http://127.0.0.1:%s/_s/activity:sparse/api/v1/activity" % sys.argv[1],
                            headers={"Authorization": "Bearer " + sys.argv[2]})
sys.stdout.write(urllib.request.urlopen(rq).read().decode())
PY
for o in "" "--by day" "--by model" "--by provider" "-s" "--json" "--by day --json"; do
	# shellcheck disable=SC2086
	oracle "$T/sparse.json" $o --base-url "$(S activity:sparse)"
done
oracle_check
run "$BIN/orcost" --activity --base-url "$(S activity:ctrl)"
is "$rc.$(lines "$out")" "0.1" "control characters in names: 0, one row"
no_controls "$OUT" "none reaches the output"
is "$(tr -cd '\t' <"$OUT" | wc -c | tr -d ' ')" 8 "nor breaks the columns"

# ---- a ledger and /activity, column for column -------------------------------------
# A ledger of the calls of every other day with rows, and of one more day
# less one of its rows: diff shows the rest, and only the rest.
python3 - "$T/all.json" "$T/ledger" "$T/missed" <<-'PY'
import json, sys
from decimal import Decimal
rows = json.load(open(sys.argv[1]), parse_float=Decimal)["data"]
days = sorted({r["date"] for r in rows})
kept = set(days[::2])
partial = [d for d in days[1::2] if sum(r["date"] == d for r in rows) > 1][0]
left_out = [r for r in rows if r["date"] == partial][0]
with open(sys.argv[2], "w") as f:
    for r in rows:
        if r["date"] not in kept and (r["date"] != partial or r is left_out):
            continue
        line = {"time": r["date"] + "T12:00:00Z", "model": r["model"],
                "provider": r["provider_name"]}
        for i in range(r["requests"] - 1):
            f.write(json.dumps(dict(line, prompt_tokens=0, completion_tokens=0, cost=0)) + "\n")
        f.write(json.dumps(dict(line, prompt_tokens=r["prompt_tokens"],
                                completion_tokens=r["completion_tokens"]))[:-1] +
                ',"cost":' + str(r["usage"]) + "}\n")
open(sys.argv[3], "w").write("\n".join(d for d in days if d not in kept) + "\n")
PY
ORKIT_CATALOG=$CAT run "$BIN/orcost" --by day "$T/ledger"
is "$rc.$err" "0." "the ledger's --by day: 0"
cp "$OUT" "$T/ledger.byday"
run "$BIN/orcost" --activity --by day
cp "$OUT" "$T/activity.byday"
diff "$T/ledger.byday" "$T/activity.byday" >"$T/diff"
is "$(sed -n 's/^> [^\t]*\t[^\t]*\t\([0-9-]*\)\t.*/\1/p' "$T/diff")" "$(cat "$T/missed")" \
    "diff: the days the ledger missed, each on a > line"
is "$(grep -c '^< ' "$T/diff")" 1 "and one < line: the day it has in part"
is "$(awk -F '\t' '{ print NF }' "$T/ledger.byday" "$T/activity.byday" | sort -u)" 6 \
    "six columns each"
for o in "--by model" "--by provider" "-s"; do
	# shellcheck disable=SC2086
	ORKIT_CATALOG=$CAT run "$BIN/orcost" $o "$T/ledger"
	l=$(awk -F '\t' '{ print NF }' "$OUT" | sort -u)
	# shellcheck disable=SC2086
	run "$BIN/orcost" --activity $o
	is "$(awk -F '\t' '{ print NF }' "$OUT" | sort -u)" "$l" "$o: as many columns as the ledger's"
done

# ---- the chart: --by day draws /activity's days as it draws a ledger's ---------------
run "$BIN/orcost" --activity --by day
cut -f3 "$OUT" >"$T/days"
run "$BIN/orcost" --activity --by day --chart requests
is "$rc" 0 "--activity --by day --chart requests: 0"
is "$(sed 1d "$OUT" | awk '{ print $1 }')" "$(cat "$T/days")" "a bar per day, the same days"
is "$(sed -n 1p "$OUT" | tr -s ' ')" "DAY REQUESTS" "headed by the measure"
run "$BIN/orcost" --activity --chart cost
is "$rc.$(lines "$err")" "2.1" "--activity --chart without --by day: 2"

# ---- help ------------------------------------------------------------------------------
run "$BIN/orcost" --help
for f in --activity --date --key-hash; do
	contains "$out" "$f" "--help names $f"
done

done_testing
