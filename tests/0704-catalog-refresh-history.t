#!/bin/sh
# Issue 12, each refresh keeps the catalog's history: the mock serves the
# 2026-03-11 catalog, then the 2026-08-08 one, then the 2026-03-11 one
# again; each refresh appends what changed to history.tsv beside the
# cache and adds the models it dropped to archive.json there (private
# files), which then answer before the bundled archive.
. "${0%/*}/lib.sh"
mock_start

. "${0%/*}/history.sh"
mode() { stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"; }
today=$(date -u +%Y-%m-%d)

OPENROUTER_BASE_URL=$MARURL run "$BIN/ormodels" --refresh -o id gpt-4o
is "$rc" 0 "a first fetch (the 2026-03-11 catalog): 0"
cmp -s "$C/models.json" "$MAR"
ok $? "cached"
[ ! -e "$C/history.tsv" ] && [ ! -e "$C/archive.json" ]
ok $? "nothing to compare yet: no history, no archive"

# The catalog moves on; the cached one was fetched on 2026-03-11.
touch -d '2026-03-11 12:00 UTC' "$C/models.json"
om --refresh -o id gpt-4o
is "$rc.$err" "0." "a refresh to the 2026-08-08 catalog: 0, quietly"
cmp -s "$C/models.json" "$NEW"
ok $? "the new catalog is cached"
is "$(head -1 "$C/history.tsv")" "# orkit-history 1 since 2026-03-11" \
    "history.tsv: its head names the day of the catalog replaced"
is "$(mode "$C/history.tsv").$(mode "$C/archive.json")" 600.600 \
    "history and archive are private"
ls -a "$C" | grep -q '\.tmp\.'
ok $((! $?)) "no temporary file left"
# What was appended is what ormodels --diff says, dated today.
"$BIN/ormodels" --diff "$MAR" "$NEW" | sed "s/^2026-08-08/$today/" >"$T/want"
om --changes --since "$today"
printf '%s\n' "$out" >"$T/got"
cmp -s "$T/got" "$T/want"
ok $? "--changes --since today: the refresh's changes, as --diff has them" ||
    diff "$T/want" "$T/got" | head | sed 's/^/#   /'
is "$(($(wc -l <"$C/history.tsv") - 1))" "$(wc -l <"$T/want" | tr -d ' ')" \
    "one line a change"
grep -q "^$today	$SEED	withdrawn		\$" "$C/history.tsv"
ok $? "the seed model's withdrawal is in the history"
python3 -c '
import json, sys
a = {m["id"]: m for m in json.load(open(sys.argv[1]))["data"]}
old = {m["id"]: m for m in json.load(open(sys.argv[2]))["data"]}
new = {m["id"] for m in json.load(open(sys.argv[3]))["data"]}
assert set(a) == set(old) - new, "the dropped models, and only those"
for i, m in a.items():
    assert m.pop("last_listed") == "2026-03-11"
    assert m == old[i], i
print(len(a))' "$C/archive.json" "$MAR" "$NEW" >"$T/n"
ok $? "archive.json: each dropped model's whole record, last listed 2026-03-11 ($(cat "$T/n"))"

# A refresh that changes nothing appends nothing.
cp "$C/history.tsv" "$T/h1"
om --refresh -o id gpt-4o
cmp -s "$C/history.tsv" "$T/h1"
ok $? "a refresh with no change leaves the history as it was"

# Back to the March catalog, the cached one fetched on 2026-09-01: the
# models of August are dropped, last listed 2026-09-01, and the cache's
# archive answers before the bundled one (which says 2026-08-08).
touch -d '2026-09-01 12:00 UTC' "$C/models.json"
OPENROUTER_BASE_URL=$MARURL run "$BIN/ormodels" --refresh -o id gpt-4o
is "$rc" 0 "a refresh back to the 2026-03-11 catalog: 0"
is "$(wc -l <"$C/history.tsv" | tr -d ' ')" \
    "$((2 * $(wc -l <"$T/want") + 1))" "its changes appended, as many"
om --offline -l anthropic/claude-opus-5-fast
is "$rc.$(printf '%s\n' "$out" | sed -n 3p)" \
    "0.Withdrawn: last listed 2026-09-01" \
    "a model dropped by a refresh: the cache's archive, its day"
om --offline -l $SEED
unlike "$out" "Withdrawn" "listed again: not withdrawn"
om --offline --withdrawn -o id,withdrawn anthropic/claude-opus-5-fast
is "$out" "anthropic/claude-opus-5-fast	2026-09-01" "--withdrawn: once, the cache's"
run "$BIN/orcost" --offline -m anthropic/claude-opus-5-fast -p 1M
is "$rc.$out" "0.10" "orcost: at its last listed prices"
like "$err" "withdrawn, last listed 2026-09-01" "saying so"
run "$BIN/orcost" --offline -m anthropic/claude-opus-5-fast -p 1M --at "$today"
is "$rc" 1 "--at today: withdrawn today, not listed"

# A damaged history is said once and left out; the rest still answers.
printf 'garbage\n' >>"$C/history.tsv"
om --changes --since 2026-08-08
is "$rc" 0 "a damaged cache history: the bundled one still answers"
like "$err" "history .*history.tsv: line [0-9]+ is no change; left out" \
    "one line saying so"

# --offline never writes either.
cp "$C/history.tsv" "$T/h2"
om --offline -o id gpt-4o
cmp -s "$C/history.tsv" "$T/h2"
ok $? "--offline: no history written"

done_testing
