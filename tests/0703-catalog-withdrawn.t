#!/bin/sh
# Issue 12, withdrawn models: the bundled archive answers for a model the
# catalog no longer lists (card, rows, listings, orcost at its last
# prices, orcost --at against the fixture catalogs themselves), and an id
# neither listed nor archived is still "no such model".
. "${0%/*}/lib.sh"

FX=$TOP/tests/fixtures/models
MAR=$FX/models_2026-03-11.json
NEW=$FX/models_2026-08-08.json
SEED=openai/gpt-4-1106-preview
om() { run "$BIN/ormodels" "$@"; }
oc() { run "$BIN/orcost" "$@"; }

# The card: the seed card of 0203, with the withdrawn line after the id.
cat >"$T/want" <<'X'
OpenAI: GPT-4 Turbo (older v1106)
openai/gpt-4-1106-preview
Withdrawn: last listed 2026-03-11
Released Nov 6, 2023 · 128,000 context · $10/M input tokens · $30/M output tokens
The latest GPT-4 Turbo model with vision capabilities. Vision requests can now use JSON mode and function calling.

Training data: up to April 2023.
Modality text->text · tokenizer GPT · max output 4,096 · moderated
Supports frequency_penalty, logit_bias, logprobs, max_tokens, presence_penalty, response_format, seed, stop, structured_outputs, temperature, tool_choice, tools, top_logprobs, top_p
X
"$BIN/ormodels" --offline -l $SEED >"$T/got" 2>"$T/err"
is "$?" 0 "offline, no cache: the withdrawn seed model's card, 0"
cmp -s "$T/got" "$T/want"
ok $? "the card, marked withdrawn, byte for byte" ||
    diff "$T/want" "$T/got" | sed 's/^/#   /'
is "$(lines "$(cat "$T/err")")" 0 "--offline: no warning (issue 12: --offline never warns)"
"$BIN/ormodels" --offline -l $SEED >/dev/null 2>"$T/err"
[ -s "$XDG_CACHE_HOME/orkit/archive-bundled.idx" ]
ok $? "the archive's index is kept in the cache directory"
om --catalog "$NEW" -l $SEED
is "$rc.$(printf '%s\n' "$out" | sed -n 3p).$err" \
    "0.Withdrawn: last listed 2026-03-11." "--catalog FILE: the same, quietly"
om --catalog "$MAR" -l $SEED
unlike "$out" "Withdrawn" "in a catalog that lists it, it is not withdrawn"
om --catalog "$NEW" -l --json $SEED
like "$out" '"id":"openai/gpt-4-1106-preview".*"last_listed":"2026-03-11"' \
    "--json: its record, with last_listed"

# Rows: named exactly, it is listed and said to be withdrawn.
om --catalog "$NEW" $SEED
is "$rc.$out" "0.$SEED	128000	10	30	OpenAI: GPT-4 Turbo (older v1106)" \
    "ormodels ID of a withdrawn model: its row"
is "$err" "ormodels: $SEED: withdrawn, last listed 2026-03-11" "marked on stderr"
printf '%s\nopenai/gpt-4o\n' $SEED >"$T/ids"
run_in "$T/ids" "$BIN/ormodels" --catalog "$NEW" -o id,withdrawn,prompt -
is "$out" "$SEED	2026-03-11	10
openai/gpt-4o	-	2.5" "-o withdrawn: the day, or - for a listed model"
om --catalog "$NEW" -o id gpt-4-1106
is "$rc.$out" "1." "a pattern: listings leave withdrawn models out"

# --withdrawn, --all, against the archive read by python.
python3 -c '
import json, sys
new = {m["id"] for m in json.load(open(sys.argv[1]))["data"]}
for m in json.load(open(sys.argv[2]))["data"]:
    if m["id"] not in new:
        print(m["id"] + "\t" + m["last_listed"])' "$NEW" "$TOP/data/archive.json" |
    sort >"$T/gone"
[ "$(wc -l <"$T/gone")" -gt 200 ]
ok $? "the bundled archive holds the withdrawn models ($(wc -l <"$T/gone" | tr -d ' '))"
om --catalog "$NEW" --withdrawn -o id,withdrawn
printf '%s\n' "$out" >"$T/got"
cmp -s "$T/got" "$T/gone"
ok $? "--withdrawn: every withdrawn model, and only those" ||
    diff "$T/gone" "$T/got" | head | sed 's/^/#   /'
om --catalog "$NEW" --all -o id,withdrawn
is "$(lines "$out")" "$(($(wc -l <"$T/gone") + $(python3 -c '
import json, sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$NEW")))" \
    "--all: the listed models and the withdrawn ones"
like "$out" "openai/gpt-4o	-" "listed ones with -"
om --catalog "$NEW" --all -o id,withdrawn 1106
is "$out" "openai/gpt-3.5-turbo-1106	2025-05-12
$SEED	2026-03-11" "--all with a pattern"
om --catalog "$NEW" --withdrawn --free -o id anthropic
is "$rc" 1 "--withdrawn with filters that match none: 1"

# An id neither listed nor archived: as before.
om --catalog "$NEW" -l openai/gpt-4-1106-previe
is "$rc" 1 "neither listed nor archived: 1"
like "$err" "^ormodels: openai/gpt-4-1106-previe: no such model; closest: " \
    "with the closest ids"

# orcost: the last listed prices, a note, 0.
oc --offline -m $SEED -p 173000
is "$rc.$out" "0.1.73" "orcost of the withdrawn seed model: 1.73, 0"
like "$err" "orcost: $SEED: withdrawn, last listed 2026-03-11; priced at its last listed prices" \
    "one note on stderr"
oc --catalog "$NEW" -m $SEED -p 173000 -c 1000
is "$rc.$out.$(lines "$err")" "0.1.76.1" "with completion tokens, one line"
oc --catalog "$NEW" -m nosuch/model -p 1
is "$rc" 1 "orcost: neither listed nor archived: 1"
like "$err" "nosuch/model: no such model" "saying so"

# orcost --at: the prices in force that day, checked against the fixture
# catalogs themselves (the one of the latest date on or before the day).
at_oracle() { python3 -c '
import json, sys
from decimal import Decimal
model, day, p = sys.argv[1], sys.argv[2], int(sys.argv[3])
cats = ["2025-04-23", "2025-05-12", "2026-03-11", "2026-08-08"]
d = [c for c in cats if c <= day][-1]
for m in json.load(open(sys.argv[4] + "/models_" + d + ".json"))["data"]:
    if m["id"] == model:
        v = Decimal(m["pricing"]["prompt"]) * p
        print("0" if v == 0 else format(v.normalize(), "f"))' "$@" "$FX"; }
for day in 2025-04-23 2025-05-01 2025-05-12 2026-01-01 2026-03-11 2026-08-08 2026-12-01; do
	for m in meta-llama/llama-3.3-70b-instruct deepseek/deepseek-chat \
	    mistralai/mixtral-8x22b-instruct google/gemma-2-27b-it; do
		oc --catalog "$NEW" -m $m -p 1000000 --at $day
		is "$rc.$out" "0.$(at_oracle $m $day 1000000)" "--at $day, $m"
	done
done
oc --catalog "$NEW" -m $SEED -p 173000 --at 2026-03-11
is "$rc.$out.$err" "0.1.73." "--at a day it was listed: quietly"
oc --catalog "$NEW" -m $SEED -p 173000 --at 2026-08-08
is "$rc.$out" "1." "--at a day after it was withdrawn: 1"
like "$err" "not listed on 2026-08-08 \\(withdrawn 2026-08-08\\)" "saying so"
oc --catalog "$NEW" -m anthropic/claude-opus-5-fast -p 1 --at 2026-03-11
is "$rc" 1 "--at a day before it was added: 1"
like "$err" "not listed on 2026-03-11 \\(added 2026-08-08\\)" "saying so"
oc --catalog "$NEW" -m openai/gpt-4o -p 1 --at 2025-01-01
is "$rc" 1 "--at before the history begins: 1"
like "$err" "the prices of 2025-01-01 are not known: the catalog history starts 2025-04-23" \
    "one line saying why"
is "$(lines "$err")" 1 "one line"
oc --catalog "$NEW" -m openai/gpt-4o -p 1 --at 2025-13-01
is "$rc" 2 "--at a bad date: 2"
oc --catalog "$NEW" -a -p 1 --at 2025-05-01
is "$rc" 2 "--at with -a: 2"
like "$err" "--at: only with -m MODEL" "saying so"

done_testing
