#!/bin/sh
# ormodels listings: the issue's TSV line, the terminal table, every column
# on every catalog shape, --json and --jsonl, "-" on standard input, and
# every exit status a listing can end with.
. "${0%/*}/lib.sh"

FX=$TOP/tests/fixtures/models
NEW=$FX/models_2026-08-08.json
MAR=$FX/models_2026-03-11.json
om() { run "$BIN/ormodels" "$@"; }
TAB=$(printf '\t')

om --catalog "$MAR" gpt-4-1106
is "$rc" 0 "a pattern that matches: 0"
is "$out" "openai/gpt-4-1106-preview${TAB}128000${TAB}10${TAB}30${TAB}OpenAI: GPT-4 Turbo (older v1106)" \
    "in a pipe: the issue's tab-separated line"
is "$err" "" "nothing on stderr"

om --catalog "$MAR" --table gpt-4-1106
is "$out" "ID                         CONTEXT  PROMPT \$/M  COMPLETION \$/M  NAME
openai/gpt-4-1106-preview  128,000          10              30  OpenAI: GPT-4 Turbo (older v1106)" \
    "--table: a header, numbers right-aligned with separators"
om --catalog "$MAR" --table --tsv gpt-4-1106
is "$(lines "$out")" 1 "--tsv after --table: the last one wins"

# Prices: exact decimals, 0 for free, - for variable.
om --catalog "$NEW" -o id,prompt,completion,request,web-search,cache-read
contains "$out" "openai/gpt-4o-mini${TAB}0.15${TAB}0.6${TAB}0${TAB}0${TAB}0.075" \
    "0.15 and 0.6, never binary-float noise"
contains "$out" "openrouter/auto${TAB}-${TAB}-${TAB}" "a router's price is -"
contains "$out" "openrouter/free${TAB}0${TAB}0${TAB}" "free is 0"
contains "$out" "anthropic/claude-sonnet-4.5${TAB}3${TAB}15${TAB}0${TAB}0.01${TAB}0.3" \
    "a fee per web search, in USD"
unlike "$out" '[0-9]e[-+]?[0-9]|0000000' "no exponents, no long tails"

# Every column on every shape: one line per model, no empty field.
cols=id,slug,name,created,context,max-output,prompt,completion,reasoning
cols=$cols,cache-read,cache-write,cache-write-1h,request,image,web-search
cols=$cols,modality,input,output,tokenizer,cutoff,moderated,supports
ncols=$(echo "$cols" | tr ',' '\n' | wc -l | tr -d ' ')
for cat in "$FX"/*.json; do
	n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$cat")
	om --catalog "$cat" -o "$cols"
	is "$rc.$(lines "$out")" "0.$n" "${cat##*/}: every column, $n models"
	bad=$(printf '%s\n' "$out" | awk -F'\t' -v n="$ncols" '
	    NF != n { print "fields " NF; exit }
	    { for (i = 1; i <= NF; i++) if ($i == "") { print "empty " i; exit } }')
	is "$bad" "" "${cat##*/}: $ncols fields, none empty"
done

# Every output mode on every shape: the same models in each.
for cat in "$FX"/*.json; do
	n=$("$BIN/ormodels" --catalog "$cat" gpt | wc -l | tr -d ' ')
	om --catalog "$cat" --table gpt
	is "$rc.$(lines "$out")" "0.$((n + 1))" "${cat##*/}: --table: a header and $n rows"
	like "$(printf '%s\n' "$out" | head -1)" '^ID +CONTEXT +PROMPT \$/M +COMPLETION \$/M +NAME$' \
	    "${cat##*/}: --table: the header"
	om --catalog "$cat" --json gpt
	is "$rc.$(printf '%s' "$out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" \
	    "0.$n" "${cat##*/}: --json: an array of $n"
	om --catalog "$cat" --jsonl gpt
	is "$rc.$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(sum(1 for l in sys.stdin if json.loads(l)["id"]))')" \
	    "0.$n" "${cat##*/}: --jsonl: $n lines, each an object"
done

row() {	# row CATALOG ID COLUMNS: that model's cells
	"$BIN/ormodels" --catalog "$1" -o "$3" - <<-X
	$2
	X
}
is "$(row "$NEW" anthropic/claude-sonnet-4.5 \
    id,slug,created,context,max-output,cutoff,moderated,tokenizer)" \
    "anthropic/claude-sonnet-4.5${TAB}anthropic/claude-4.5-sonnet-20250929${TAB}2025-09-29${TAB}1000000${TAB}64000${TAB}2025-01-31${TAB}yes${TAB}Claude" \
    "2026-08: slug, created, context, max output, cutoff, moderated, tokenizer"
is "$(row "$NEW" anthropic/claude-sonnet-4.5 \
    modality,input,output,cache-write,cache-write-1h)" \
    "text+image+file->text${TAB}text,image,file${TAB}text${TAB}3.75${TAB}6" \
    "2026-08: modalities and cache-write prices"
is "$(row "$NEW" anthropic/claude-sonnet-4.5 supports)" \
    "include_reasoning,max_completion_tokens,max_tokens,reasoning,response_format,stop,structured_outputs,temperature,tool_choice,tools,top_k,top_p" \
    "2026-08: supported parameters"
is "$(row "$FX/models_2025-05-12.json" google/gemini-2.5-pro-preview \
    id,image,cache-read,cache-write,slug,cutoff)" \
    "google/gemini-2.5-pro-preview${TAB}0.00516${TAB}0.31${TAB}1.625${TAB}-${TAB}-" \
    "2025-05: a price per image, cache prices, no slug, no cutoff"
is "$(row "$NEW" google/gemini-3-pro-image image,input,output,reasoning)" \
    "0.000002${TAB}image,text${TAB}image,text${TAB}12" \
    "2026-08: a price per input image (in USD, as given), reasoning price"
om --catalog "$NEW" -o max_output,knowledge_cutoff,input_modalities \
    claude-sonnet-4.5
is "$rc.$out" "0.64000${TAB}2025-01-31${TAB}text,image,file" \
    "column names with '_' and the API's names"

# JSON: the catalog's own objects, whole.
om --catalog "$NEW" --json gpt-4o-mini
is "$rc" 0 "--json: 0"
printf '%s\n' "$out" >"$T/got.json"
check=$(python3 - "$NEW" "$T/got.json" <<-'PY'
	import json, sys
	cat = {m["id"]: m for m in json.load(open(sys.argv[1]))["data"]}
	got = json.load(open(sys.argv[2]))
	ids = sorted(i for i in cat if "gpt-4o-mini" in i)
	print("ok" if [m["id"] for m in got] == ids and
	      all(m == cat[m["id"]] for m in got) else "differs")
	PY
)
is "$check" ok "--json: an array of the full catalog objects, sorted by id"
om --catalog "$NEW" --jsonl --sort context -r gpt-4o
is "$(lines "$out")" "$(lines "$("$BIN/ormodels" --catalog "$NEW" gpt-4o)")" \
    "--jsonl: one object a line"
first=$(printf '%s\n' "$out" | head -1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])')
is "$first" "$("$BIN/ormodels" --catalog "$NEW" -o id --sort context -r gpt-4o | head -1)" \
    "--jsonl follows --sort"
om --catalog "$NEW" --json no-such-thing-at-all
is "$rc.$out" "1.[]" "--json with no match: [] and 1"
om --catalog "$NEW" --jsonl no-such-thing-at-all
is "$rc.$out" "1." "--jsonl with no match: nothing and 1"

# "-": ids and patterns from standard input.
printf 'openai/gpt-4o\n  anthropic/claude-4.5-sonnet-20250929 \r\n\nsonar-pro\n' >"$T/ids"
run_in "$T/ids" "$BIN/ormodels" --catalog "$NEW" -o id -
is "$out" "anthropic/claude-sonnet-4.5
openai/gpt-4o
perplexity/sonar-pro
perplexity/sonar-pro-search" \
    "- : an id is that model alone, a canonical slug finds its model, other lines are patterns"
run_in "$T/ids" "$BIN/ormodels" --catalog "$NEW" -o id - openai
is "$out" "openai/gpt-4o" "- with a pattern operand: both must hold"
run_in /dev/null "$BIN/ormodels" --catalog "$NEW" -
is "$rc.$out" "1." "- with nothing on standard input: nothing listed, 1"

# Exit statuses.
om --catalog "$NEW" no-such-model-anywhere
is "$rc.$out.$err" "1.." "no match: 1, nothing on stdout or stderr"
om --catalog "$NEW" gpt --free --min-context 10M
is "$rc" 1 "filters that exclude all: 1"
for bad in "-o bogus" "-o id,,name" "--sort price" "--sort" \
    "--min-context abc" "--min-context 1.5" "--max-prompt-price -1" \
    "--max-completion-price x" "--since 2025-13-01" "--since yesterday" \
    "--refresh --offline" "-l -e" "-l -o id" "-e -o id" "--bogus"; do
	# shellcheck disable=SC2086
	om --catalog "$NEW" $bad
	is "$rc" 2 "usage error: $bad: 2"
done
om --catalog "$NEW" -o bogus
like "$err" "^ormodels: -o: no column 'bogus'" "says which column"
om --catalog "$NEW" --sort price
like "$err" "^ormodels: --sort: id, name, created, context, prompt or completion, not price" \
    "says which keys"
om --catalog "$T/nonexistent.json"
is "$rc" 66 "--catalog: a file that cannot be read: 66"
like "$err" "^ormodels: catalog .*nonexistent.json: No such file" "saying so"
printf '{"data":' >"$T/broken.json"
om --catalog "$T/broken.json"
is "$rc" 65 "--catalog: not JSON: 65"
printf '{"models":[]}' >"$T/other.json"
om --catalog "$T/other.json"
is "$rc" 65 "--catalog: JSON but no catalog: 65"
ORKIT_CATALOG=$MAR run "$BIN/ormodels" -o id gpt-4-1106
is "$rc.$out" "0.openai/gpt-4-1106-preview" "ORKIT_CATALOG names the file"
ORKIT_CATALOG=$T/nonexistent.json run "$BIN/ormodels" --catalog "$MAR" gpt-4-1106
is "$rc" 0 "--catalog wins over ORKIT_CATALOG"

om --help
is "$rc" 0 "--help: 0"
for opt in --long --endpoints --columns --sort --reverse --json --jsonl \
    --table --tsv --min-context --max-prompt-price --max-completion-price \
    --free --input --output --supports --tokenizer --since --catalog \
    --refresh --offline; do
	contains "$out" "$opt" "--help lists $opt"
done
for c in id slug created max-output cache-write-1h web-search cutoff supports; do
	contains "$out" "  $c " "--help lists the column $c"
done

done_testing
