#!/bin/sh
# Issue 12, the catalog's changes: ormodels --diff of the 2026-03-11 and
# 2026-08-08 catalogs against an independent oracle written here (python
# reading both JSON files itself: every added, withdrawn, re-priced and
# re-sized model, exactly); --changes from the bundled history, --since,
# --json; exit 1 when nothing changed, like diff.
. "${0%/*}/lib.sh"

FX=$TOP/tests/fixtures/models
MAR=$FX/models_2026-03-11.json
NEW=$FX/models_2026-08-08.json
om() { run "$BIN/ormodels" "$@"; }

# The oracle: DATE ID FIELD OLD NEW CHANGE, as ormodels(1) says.
cat >"$T/oracle.py" <<'X'
import json, sys
from decimal import Decimal, ROUND_HALF_UP
old = {m["id"]: m for m in json.load(open(sys.argv[1]))["data"]}
new = {m["id"]: m for m in json.load(open(sys.argv[2]))["data"]}
date = sys.argv[3]
def price(m, k):
    v = (m.get("pricing") or {}).get(k)
    return Decimal(0) if v is None else Decimal(str(v))
def plain(d):
    return "0" if d == 0 else format(d.normalize(), "f")
def rel(a, b):
    if a is None or b is None or a == 0 or a < 0 or b < 0:
        return ""
    q = (abs(b - a) * 1000 / a).quantize(Decimal(1), ROUND_HALF_UP)
    if q == 0:
        return "0%"
    s = plain(q / 10)
    return ("-" if b < a else "+") + s + "%"
def shown(k, d):
    if d == -1:
        return "-"
    return plain(d if k == "request" else d * 1000000)
for i in sorted(set(old) | set(new)):
    if i not in new:
        print("\t".join([date, i, "withdrawn", "", "", ""]))
        continue
    if i not in old:
        print("\t".join([date, i, "added", "", "", ""]))
        continue
    for k in ("prompt", "completion", "input_cache_read",
              "input_cache_write", "request"):
        a, b = price(old[i], k), price(new[i], k)
        if a != b:
            print("\t".join([date, i, k, shown(k, a), shown(k, b),
                             "" if -1 in (a, b) else rel(a, b)]))
    a, b = old[i].get("context_length"), new[i].get("context_length")
    if a != b:
        print("\t".join([date, i, "context_length",
                         "" if a is None else str(a),
                         "" if b is None else str(b),
                         rel(None if a is None else Decimal(a),
                             None if b is None else Decimal(b))]))
X
python3 "$T/oracle.py" "$MAR" "$NEW" 2026-08-08 >"$T/want"
[ "$(wc -l <"$T/want")" -gt 100 ]
ok $? "the oracle finds changes ($(wc -l <"$T/want" | tr -d ' '))"
for f in added withdrawn prompt completion input_cache_read context_length; do
	grep -q "	$f	" "$T/want"
	ok $? "the oracle has $f changes"
done

"$BIN/ormodels" --diff "$MAR" "$NEW" >"$T/got" 2>"$T/err"
is "$?" 0 "--diff: something changed, 0"
cmp -s "$T/got" "$T/want"
ok $? "--diff 2026-03-11 2026-08-08: every change, exactly as the oracle" ||
    diff "$T/want" "$T/got" | head -20 | sed 's/^/#   /'
is "$(cat "$T/err")" "" "nothing on stderr"
grep -q "^2026-08-08	openai/gpt-4-1106-preview	withdrawn			\$" "$T/got"
ok $? "the seed model is withdrawn on 2026-08-08"

# The other way round: the same changes, turned over.
python3 "$T/oracle.py" "$NEW" "$MAR" 2026-03-11 >"$T/want2"
"$BIN/ormodels" --diff "$NEW" "$MAR" >"$T/got2"
cmp -s "$T/got2" "$T/want2"
ok $? "--diff NEW OLD: the oracle agrees too" ||
    diff "$T/want2" "$T/got2" | head -10 | sed 's/^/#   /'
python3 "$T/oracle.py" "$FX/models_2025-04-23.json" \
    "$FX/models_2025-05-12.json" 2025-05-12 >"$T/want3"
"$BIN/ormodels" --diff "$FX/models_2025-04-23.json" \
    "$FX/models_2025-05-12.json" >"$T/got3"
cmp -s "$T/got3" "$T/want3"
ok $? "--diff 2025-04-23 2025-05-12: the oracle agrees" ||
    diff "$T/want3" "$T/got3" | head -10 | sed 's/^/#   /'

# Nothing changed: 1, like diff; the date from the mtime when the name
# has none.
cp "$NEW" "$T/a.json"
om --diff "$NEW" "$T/a.json"
is "$rc.$out.$err" "1.." "--diff of a catalog with itself: nothing, 1"
jq_del() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["data"] = [m for m in d["data"] if m["id"] != "openai/gpt-4o-mini"]
for m in d["data"]:
    if m["id"] == "openai/gpt-4o":
        m["pricing"]["prompt"] = "0.000003"
json.dump(d, open(sys.argv[2], "w"))' "$@"; }
jq_del "$NEW" "$T/b.json"
touch -d '2026-09-02 12:00 UTC' "$T/b.json"
om --diff "$NEW" "$T/b.json"
is "$rc" 0 "--diff of a changed file: 0"
is "$out" "2026-09-02	openai/gpt-4o	prompt	2.5	3	+20%
2026-09-02	openai/gpt-4o-mini	withdrawn			" \
    "the change and the withdrawal, dated with the file's time"

om --diff "$NEW" --json "$T/b.json"
is "$out" '[
{"date":"2026-09-02","id":"openai/gpt-4o","field":"prompt","old":2.5,"new":3,"change_pct":20},
{"date":"2026-09-02","id":"openai/gpt-4o-mini","field":"withdrawn","old":null,"new":null,"change_pct":null}
]' "--json: prices per million as exact numbers"
om --diff --jsonl "$NEW" "$T/b.json"
is "$(lines "$out")" 2 "--jsonl: one object a line"
om --diff --table "$NEW" "$T/b.json"
is "$(printf '%s\n' "$out" | head -1 | tr -s ' ')" "DATE ID FIELD OLD NEW CHANGE" \
    "--table: a header"
is "$(printf '%s\n' "$out" | sed -n 2p | tr -s ' ')" \
    "2026-09-02 openai/gpt-4o prompt 2.5 3 +20%" "and aligned rows"

# Bad operands.
om --diff "$NEW"
is "$rc" 2 "--diff needs two files"
om --diff "$NEW" "$T/nonexistent.json"
is "$rc" 66 "a file that cannot be read: 66"
like "$err" "nonexistent.json: No such file" "naming it"
printf '{"data":7}' >"$T/bad.json"
om --diff "$NEW" "$T/bad.json"
is "$rc" 65 "a file that is no catalog: 65"
like "$err" "bad.json: not a catalog" "saying which"

# --changes: the bundled history, newest first.
om --changes
is "$rc" 0 "--changes: 0"
printf '%s\n' "$out" | cut -f1 >"$T/dates"
sort -r "$T/dates" | cmp -s - "$T/dates"
ok $? "newest first"
is "$(printf '%s\n' "$out" | cut -f1 | sort -u | tr '\n' ' ')" \
    "2025-05-12 2026-03-11 2026-08-08 " "the days of the bundled catalogs"
printf '%s\n' "$out" | grep '^2026-08-08' >"$T/aug"
cmp -s "$T/aug" "$T/want"
ok $? "the bundled history of 2026-08-08 is the oracle's diff" ||
    diff "$T/want" "$T/aug" | head -10 | sed 's/^/#   /'
om --changes --since 2026-03-12
is "$(printf '%s\n' "$out" | cut -f1 | sort -u)" 2026-08-08 \
    "--since: only the changes on or after that day"
om --changes --since 2027-01-01
is "$rc.$out" "1." "--since after the last change: nothing, 1"
om --changes --since 2026-08-08 --json
is "$rc" 0 "--changes --json: 0"
printf '%s\n' "$out" | python3 -c '
import json, sys
v = json.load(sys.stdin)
assert all(c["date"] == "2026-08-08" for c in v)
seed = [c for c in v if c["id"] == "openai/gpt-4-1106-preview"]
assert seed == [{"date": "2026-08-08", "id": "openai/gpt-4-1106-preview",
    "field": "withdrawn", "old": None, "new": None, "change_pct": None}]
print(len(v))' >"$T/n"
ok $? "--json: the objects as documented"
is "$(cat "$T/n")" "$(wc -l <"$T/want" | tr -d ' ')" "as many as the oracle's"
om --changes -o id
is "$rc" 2 "-o is for listings"

done_testing
