#!/bin/sh
# Spending: the -u line with the exact billed cost of every real reply, the
# --log ledger (one intact line per call, however many run at once), and
# --max-cost, which sends nothing when the worst case is over budget.
. "${0%/*}/lib.sh"
. "${0%/*}/orchat.sh"
mock_start

FX=$TOP/tests/fixtures/chat
CAT=$TOP/tests/fixtures/models/models_2026-08-08.json

run "$BIN/orchat" -u -m mock/fixture:claude-sonnet-4.6_cache-write hi
is "$rc" 0 "-u: exit 0"
is "$(printf '%s\n' "$err" | tail -1)" "orchat: usage: model=anthropic/claude-4.6-sonnet-20260217 provider=Anthropic prompt_tokens=3214 cached_tokens=0 cache_write_tokens=3211 completion_tokens=100 reasoning_tokens=0 cost=0.01355025 id=gen-1773011155-RKj29WPs25kxzvCwOntV" \
    "-u: model, provider, tokens, the exact cost and the generation id"
run "$BIN/orchat" --usage -m mock/fixture:claude-sonnet-4.5_reasoning-effort-high hi
is "$err" 'orchat: usage: model=anthropic/claude-4.5-sonnet-20250929 provider="Amazon Bedrock" prompt_tokens=43 cached_tokens=0 cache_write_tokens=0 completion_tokens=53 reasoning_tokens=48 cost=0.000924 id=gen-1779474928-8Ot5WcaCbQBcu9Wvs6Up' \
    "-u: a provider name with a space is quoted"
run "$BIN/orchat" -u hi
like "$err" "cost=unknown id=gen-1759503832-O5IKtEwGGvVaTr3Thz3w\$" \
    "-u: a reply without usage.cost says so"

# The cost of every fixture that has one, as exact decimals (Python's
# Decimal reads the raw number; 6e-07 style included).
python3 - "$FX" >"$T/costs" <<'PY'
import decimal, glob, json, os, sys
for f in sorted(glob.glob(sys.argv[1] + "/chat_*.response.json")):
    u = json.loads(open(f, encoding="utf-8").read(),
                   parse_float=decimal.Decimal).get("usage", {})
    if "cost" in u:
        c = decimal.Decimal(u["cost"]).normalize()
        print(os.path.basename(f)[5:-14], "{:f}".format(c))
PY
while read -r name cost; do
	run "$BIN/orchat" -u -m "mock/fixture:$name" hi
	contains "$err" " cost=$cost id=" "$name: -u shows cost=$cost"
done <"$T/costs"
is "$(wc -l <"$T/costs" | tr -d ' ')" 10 "ten fixtures carry a cost"

# --log: one JSON line per call.
L=$T/spend.jsonl
run "$BIN/orchat" --log "$L" -m mock/fixture:claude-sonnet-4.6_cache-write hi
is "$rc" 0 "--log: exit 0"
is "$(wc -l <"$L" | tr -d ' ')" 1 "--log: one line"
like "$(cat "$L")" '^\{"time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z","id":"gen-1773011155-RKj29WPs25kxzvCwOntV","requested":"mock/fixture:claude-sonnet-4.6_cache-write","model":"anthropic/claude-4.6-sonnet-20260217","provider":"Anthropic","usage":\{' \
    "--log: time, generation id, the model asked for and the one that answered, provider"
like "$(cat "$L")" ',"cost":0\.01355025\}$' "--log: the cost, exact, last"
cp "$L" "$T/line1"
want_true "J('$T/line1')['usage'] == J('$FX/chat_claude-sonnet-4.6_cache-write.response.json')['usage']" \
    "--log: the usage object as the API gave it"
ORKIT_LOG=$L run "$BIN/orchat" -m mock/fixture:gemini-2.5-flash_2026-02-25.pretty hi
is "$(wc -l <"$L" | tr -d ' ')" 2 "ORKIT_LOG: a second line"
like "$(tail -1 "$L")" '"completion_tokens_details":\{"reasoning_tokens":356,"image_tokens":0\}\},"cost":0\.0009056\}$' \
    "a pretty-printed answer is logged on one line, 6e-07 style costs exact"
ORKIT_LOG=$L run "$BIN/orchat" --log '' hi
is "$(wc -l <"$L" | tr -d ' ')" 2 "--log '' turns ORKIT_LOG off"
run "$BIN/orchat" --log "$L" hi
like "$(tail -1 "$L")" '"cost":null\}$' "a reply without a cost: cost null"
run "$BIN/orchat" --log "$L" -m mock/midstream-error hi
is "$rc" 65 "a failed reply: its status"
is "$(wc -l <"$L" | tr -d ' ')" 4 "a failed reply is logged too: it may be billed"
run "$BIN/orchat" --log "$L" -m mock/status:402 hi
is "$(wc -l <"$L" | tr -d ' ')" 4 "a refused request is not"

run "$BIN/orchat" --log "$T/no/such/dir/log" hi
is "$rc" 74 "--log that cannot be written: exit 74"
like "$out" "^Why did the scarecrow" "the reply is still printed"
like "$err" "^orchat: --log .*/no/such/dir/log: No such file or directory$" "one line saying why"

# Twenty at once: twenty whole lines.
P=$T/parallel.jsonl
i=0 pids=
while [ $i -lt 20 ]; do
	"$BIN/orchat" --log "$P" -m mock/echo "call $i" </dev/null >/dev/null 2>&1 &
	pids="$pids $!"
	i=$((i + 1))
done
wait $pids
is "$(wc -l <"$P" | tr -d ' ')" 20 "20 parallel runs: 20 lines"
want_true "(lambda ls: len(ls) == 20 and all(l['id'].startswith('gen-mock-') for l in ls) and len({l['id'] for l in ls}) == 20)([json.loads(l) for l in open('$P')])" \
    "each line whole JSON, each call once"

# --max-cost, against the catalog's prices.
n=$(mock_requests)
body=$("$BIN/orchat" --dry-run -m anthropic/claude-sonnet-4.6 --max-tokens 100 hi | tr -d '\n' | wc -c)
ptok=$(((body + 3) / 4))
run "$BIN/orchat" --catalog "$CAT" -m anthropic/claude-sonnet-4.6 --max-tokens 100 --max-cost 0.01 hi
is "$rc" 0 "--max-cost: within budget, sent"
is "$(mock_requests)" $((n + 1)) "one request"
run "$BIN/orchat" --catalog "$CAT" -m anthropic/claude-sonnet-4.6 --max-tokens 100 --max-cost 0.001 hi
is "$rc" 1 "--max-cost: over budget, exit 1"
# A prompt token is priced at the dearest input rate of the model, here
# its one-hour cache write (0.000006; prompt 0.000003).
worst=$(python3 -c "import decimal; print('{:f}'.format((decimal.Decimal($ptok) * decimal.Decimal('0.000006') + 100 * decimal.Decimal('0.000015')).normalize()))")
is "$err" "orchat: --max-cost 0.001: the worst case is $worst USD for anthropic/claude-sonnet-4.6 ($ptok prompt tokens at 6 and 100 completion tokens at 15 USD per million); nothing sent" \
    "one line with the figures: body bytes / 4 prompt tokens, --max-tokens"
is "$out" "" "nothing on stdout"
# The body as sent is priced, not the flags: --set may name another model
# or more tokens (found by adversarial testing: the flags' were priced).
n2=$(mock_requests)
run "$BIN/orchat" --catalog "$CAT" -m anthropic/claude-sonnet-4.6 \
    --set 'model="anthropic/claude-opus-5"' --max-tokens 100 --max-cost 0.001 hi
is "$rc" 1 "--set model: the model sent is priced"
contains "$err" "for anthropic/claude-opus-5 (" "--set model: named in the line"
run "$BIN/orchat" --catalog "$CAT" -m anthropic/claude-sonnet-4.6 \
    --max-tokens 10 --set 'max_tokens=100000' --max-cost 0.01 hi
is "$rc" 1 "--set max_tokens: the tokens sent are priced"
contains "$err" "100000 completion tokens" "--set max_tokens: named in the line"
run "$BIN/orchat" --catalog "$CAT" -m anthropic/claude-sonnet-4.6 \
    --set 'models=["anthropic/claude-opus-5"]' --max-tokens 100 --max-cost 0.002 hi
is "$rc" 1 "--set models: a fallback sent is priced"
is "$(mock_requests)" "$n2" "--set over budget: nothing sent"
run "$BIN/orchat" --catalog "$CAT" -m anthropic/claude-sonnet-4.6 --max-cost 1 hi
is "$rc" 1 "without --max-tokens the model's maximum output counts"
contains "$err" "128000 completion tokens at 15 USD per million" "128000 for claude-sonnet-4.6"
run "$BIN/orchat" --catalog "$CAT" -m google/gemini-2.5-flash-lite \
    --fallback anthropic/claude-sonnet-4.6 --max-tokens 1000 --max-cost 0.01 hi
is "$rc" 1 "the dearest of the model and its fallbacks counts"
contains "$err" "for anthropic/claude-sonnet-4.6 (" "and is named"
run "$BIN/orchat" --catalog "$CAT" --max-cost 5 hi
is "$rc" 1 "openrouter/auto has no bound"
contains "$err" "the cost of openrouter/auto has no bound: its prices are not known in advance; nothing sent" "says so"
run "$BIN/orchat" --catalog "$CAT" -m no/such-model --max-cost 5 hi
is "$rc" 1 "a model not in the catalog has no bound"
contains "$err" "no/such-model is not in the model catalog" "says so"
ORKIT_CATALOG=$CAT run "$BIN/orchat" -m anthropic/claude-sonnet-4.6 --max-tokens 100 --max-cost 0 hi
is "$rc" 1 "ORKIT_CATALOG names the catalog; --max-cost 0"
is "$(mock_requests)" $((n + 1)) "nothing sent over budget"
run "$BIN/orchat" --catalog "$T/none.json" -m a/b --max-cost 1 hi
is "$rc" 66 "--catalog that cannot be read: exit 66"
# Web search is priced too: the web plugin searches once a request, at the
# catalog's web_search price (google/gemini-3.6-flash: 0.014 USD a search).
n=$(mock_requests)
body=$("$BIN/orchat" --dry-run --web -m google/gemini-3.6-flash --max-tokens 10 hi | tr -d '\n' | wc -c)
ptok=$(((body + 3) / 4))
run "$BIN/orchat" --catalog "$CAT" --web -m google/gemini-3.6-flash --max-tokens 10 --max-cost 0.001 hi
is "$rc" 1 "--web: the search's price counts, over budget"
worst=$(python3 -c "import decimal; print('{:f}'.format((decimal.Decimal($ptok) * decimal.Decimal('0.0000015') + 10 * decimal.Decimal('0.0000075') + decimal.Decimal('0.014')).normalize()))")
is "$err" "orchat: --max-cost 0.001: the worst case is $worst USD for google/gemini-3.6-flash ($ptok prompt tokens at 1.5 and 10 completion tokens at 7.5 USD per million, and 1 web search at 0.014 USD); nothing sent" \
    "--web: the figures name the search"
run "$BIN/orchat" --catalog "$CAT" -m google/gemini-3.6-flash:online --max-tokens 10 --max-cost 0.001 hi
is "$rc" 1 "a model id ending in :online searches too"
contains "$err" "and 1 web search at 0.014 USD" "and says so"
run "$BIN/orstream" --catalog "$CAT" --web -m google/gemini-3.6-flash --max-tokens 10 --max-cost 0.001 hi
is "$rc" 1 "orstream --web: the same"
run "$BIN/orchat" --catalog "$CAT" --set 'plugins=[{"id":"web","max_uses":3}]' \
    -m google/gemini-3.6-flash --max-tokens 10 --max-cost 0.02 hi
is "$rc" 1 "--set plugins with max_uses 3: three searches over 0.02"
contains "$err" "and 3 web searches at 0.014 USD" "says three"
run "$BIN/orchat" --catalog "$CAT" -m openai/gpt-4o-mini --fallback google/gemini-3.6-flash:online --max-tokens 10 --max-cost 0.01 hi
is "$rc" 1 "a fallback ending in :online is priced with its search"
contains "$err" "for google/gemini-3.6-flash (" "and is the dearest"
run "$BIN/orchat" --catalog "$CAT" --web -m openai/gpt-4o-mini --max-tokens 10 --max-cost 5 hi
is "$rc" 1 "--web on a model with no web search price: no bound"
is "$err" "orchat: --max-cost: the cost of openai/gpt-4o-mini has no bound: the catalog gives no web search price for it; nothing sent" "says so"
is "$(mock_requests)" "$n" "none of these sent"
run "$BIN/orchat" --catalog "$CAT" --web -m google/gemini-3.6-flash --max-tokens 10 --max-cost 0.02 hi
is "$rc" 0 "--web within budget: sent"
run "$BIN/orchat" --catalog "$CAT" --set 'plugins=[{"id":"web","enabled":false}]' \
    -m google/gemini-3.6-flash --max-tokens 10 --max-cost 0.001 hi
is "$rc" 0 "a web plugin turned off searches nothing: sent"
is "$(mock_requests)" $((n + 2)) "two sent"
# A web search server tool may search as often as the model calls it:
# its max_uses bounds that where OpenRouter keeps to it (the exa,
# firecrawl, parallel and perplexity engines, and Anthropic's native
# search); elsewhere nothing does, and --max-cost refuses.
n=$(mock_requests)
run "$BIN/orchat" --catalog "$CAT" --set 'tools=[{"type":"openrouter:web_search"}]' \
    -m google/gemini-3.6-flash --max-tokens 10 --max-cost 5 hi
is "$rc" 1 "a web search tool without max_uses: no bound"
contains "$err" "the cost of google/gemini-3.6-flash has no bound: its web search tool may search without end" \
    "says so"
run "$BIN/orchat" --catalog "$CAT" \
    --set 'tools=[{"type":"openrouter:web_search","parameters":{"max_uses":2}}]' \
    -m google/gemini-3.6-flash --max-tokens 10 --max-cost 5 hi
is "$rc" 1 "max_uses with native search, which only Anthropic keeps to: no bound"
run "$BIN/orchat" --catalog "$CAT" \
    --set 'tools=[{"type":"openrouter:web_search","parameters":{"max_uses":3,"engine":"exa"}}]' \
    -m google/gemini-3.6-flash --max-tokens 10 --max-cost 0.02 hi
is "$rc" 1 "max_uses 3 with exa: three searches over 0.02"
contains "$err" "and 3 web searches at 0.014 USD" "says three"
run "$BIN/orchat" --catalog "$CAT" \
    --set 'tools=[{"type":"web_search_preview","max_uses":1,"engine":"perplexity"}]' \
    -m google/gemini-3.6-flash --max-tokens 10 --max-cost 0.001 hi
contains "$rc.$err" "1.orchat: --max-cost 0.001: the worst case" \
    "the OpenAI-style tool too"
contains "$err" "and 1 web search at 0.014 USD" "one search"
run "$BIN/orchat" --catalog "$CAT" \
    --set 'tools=[{"type":"openrouter:web_search","parameters":{"max_uses":2}}]' \
    -m anthropic/claude-sonnet-5 --max-tokens 10 --max-cost 0.015 hi
is "$rc" 1 "Anthropic's native search keeps to max_uses: two searches over 0.015"
contains "$err" "and 2 web searches at 0.01 USD" "says two"
printf '{"prompt":"hi","tools":[{"type":"openrouter:web_search"}]}\n' >"$T/ws.jsonl"
run "$BIN/orchat" --batch --catalog "$CAT" -m google/gemini-3.6-flash \
    --max-tokens 10 --max-cost 5 "$T/ws.jsonl"
contains "$(cat "$OUT")" "may search without end" \
    "a batch line's web search tool: no bound, its error line says so"
# max_tokens 0, which --max-tokens refuses, may be taken for no limit:
# priced at the model's maximum output.
run "$BIN/orchat" --catalog "$CAT" -m google/gemini-3.6-flash \
    --set max_tokens=0 --max-cost 0.01 hi
contains "$rc.$err" "1.orchat: --max-cost 0.01: the worst case" \
    "--set max_tokens=0: the model's maximum output, over budget"
# A completion token likewise, at the dearest output rate: an image
# model's image output (0.00006 a token, completion 0.000003), an audio
# model's audio output (0.000064, completion 0.00001).
run "$BIN/orchat" --catalog "$CAT" -m google/gemini-3.1-flash-image \
    --max-tokens 1000 --max-cost 0.01 hi
contains "$rc.$err" "1000 completion tokens at 60 USD per million" \
    "image output priced as such: over budget"
run "$BIN/orchat" --catalog "$CAT" -m openai/gpt-audio --max-tokens 1000 \
    --max-cost 0.02 hi
contains "$rc.$err" "1000 completion tokens at 64 USD per million" \
    "audio output priced as such: over budget"
# Searches add up: the plugin (or :online) and each tool may all run.
TOOL='{"type":"openrouter:web_search","parameters":{"max_uses":1,"engine":"exa"}}'
for how in "-m google/gemini-3.6-flash --set plugins=[{\"id\":\"web\"}] --set tools=[$TOOL]" \
    "-m google/gemini-3.6-flash:online --set tools=[$TOOL]" \
    "-m google/gemini-3.6-flash --set tools=[$TOOL,{\"type\":\"web_search\",\"max_uses\":1,\"engine\":\"exa\"}]"; do
	# shellcheck disable=SC2086
	run "$BIN/orchat" --catalog "$CAT" --max-tokens 10 --max-cost 0.02 \
	    $how hi
	contains "$rc.$err" "1.orchat: --max-cost 0.02: the worst case" \
	    "two searches at 0.014 are over 0.02: ${how#* * }"
done
contains "$err" "and 2 web searches at 0.014 USD" "two searches, summed"
# A max_uses below one still lets one search begin.
for u in 0.5 1e-300; do
	run "$BIN/orchat" --catalog "$CAT" -m google/gemini-3.6-flash \
	    --max-tokens 10 --max-cost 0.01 --set \
	    "tools=[{\"type\":\"openrouter:web_search\",\"parameters\":{\"max_uses\":$u,\"engine\":\"exa\"}}]" hi
	contains "$rc.$err" "1 web search at 0.014 USD" "max_uses $u: one search"
done
# OpenAI's kinds have settings at the top and in "parameters": the worse.
run "$BIN/orchat" --catalog "$CAT" -m google/gemini-3.6-flash --max-tokens 10 \
    --max-cost 0.02 --set 'tools=[{"type":"web_search","max_uses":1,"engine":"exa","parameters":{"engine":"native"}}]' hi
contains "$rc.$err" "1.orchat: --max-cost: the cost of google/gemini-3.6-flash has no bound: its web search tool may search without end" \
    "parameters.engine native: no bound"
run "$BIN/orchat" --catalog "$CAT" -m google/gemini-3.6-flash --max-tokens 10 \
    --max-cost 0.02 --set 'tools=[{"type":"web_search_preview","max_uses":1,"engine":"exa","parameters":{"engine":"exa","max_uses":100}}]' hi
contains "$rc.$err" "and 100 web searches at 0.014 USD" "parameters.max_uses 100 counts"
# Tools priced elsewhere, or running models of their own, have no bound,
# and so have plugins other than web and the free ones.
# unpriced FIELD JSON NAME KIND: --set FIELD=[JSON] is refused, naming it.
unpriced() {
	run "$BIN/orchat" --catalog "$CAT" -m google/gemini-3.6-flash \
	    --max-tokens 10 --max-cost 5 --set "$1=[$2]" hi
	is "$rc.$err" "1.orchat: --max-cost: the cost of the $3 $4 has no bound: it is not priced in the catalog; nothing sent" \
	    "$1 $2: no bound"
}
unpriced tools '{"type":"openrouter:fusion"}' openrouter:fusion tool
unpriced tools '{"type":"openrouter:subagent","parameters":{"tools":[]}}' \
    openrouter:subagent tool
unpriced tools '{"type":"openrouter:web_fetch"}' openrouter:web_fetch tool
unpriced tools '{"type":"some:future_tool"}' some:future_tool tool
unpriced plugins '{"id":"fusion"}' fusion plugin
unpriced plugins '{"id":"web-fetch","max_uses":50}' web-fetch plugin
unpriced plugins '{"id":"file-parser","pdf":{"engine":"mistral-ocr"}}' \
    file-parser plugin
unpriced plugins '{"id":"file-parser"}' file-parser plugin
unpriced plugins '{"id":"moderation"}' moderation plugin
printf '{"prompt":"hi","plugins":[{"id":"fusion"}]}\n' >"$T/ws.jsonl"
run "$BIN/orchat" --batch --catalog "$CAT" -m google/gemini-3.6-flash \
    --max-tokens 10 --max-cost 5 "$T/ws.jsonl"
contains "$(cat "$OUT")" "the fusion plugin has no bound" \
    "a batch line's fusion plugin: no bound"
printf '{"prompt":"hi","tools":[{"type":"openrouter:fusion"}]}\n' >"$T/ws.jsonl"
run "$BIN/orchat" --batch --catalog "$CAT" -m google/gemini-3.6-flash \
    --max-tokens 10 --max-cost 5 "$T/ws.jsonl"
contains "$(cat "$OUT")" "the openrouter:fusion tool has no bound" \
    "a batch line's fusion tool: no bound"
is "$(mock_requests)" "$n" "none of these sent"
run "$BIN/orchat" --catalog "$CAT" \
    --set 'tools=[{"type":"function","function":{"name":"f"}},{"type":"openrouter:datetime"}]' \
    -m anthropic/claude-sonnet-5 --max-tokens 10 --max-cost 0.1 hi
is "$rc" 0 "function tools and openrouter:datetime cost nothing: sent"
run "$BIN/orchat" --catalog "$CAT" \
    --set 'plugins=[{"id":"response-healing"},{"id":"context-compression"},{"id":"file-parser","pdf":{"engine":"pdf-text"}},{"id":"fusion","enabled":false}]' \
    -m anthropic/claude-sonnet-5 --max-tokens 10 --max-cost 0.1 hi
is "$rc" 0 "free plugins, and one turned off, cost nothing: sent"
run "$BIN/orchat" --catalog "$CAT" \
    --set 'tools=[{"type":"openrouter:web_search","parameters":{"max_uses":2}}]' \
    -m anthropic/claude-sonnet-5 --max-tokens 10 --max-cost 0.1 hi
is "$rc" 0 "within budget with its two searches: sent"
is "$(mock_requests)" $((n + 3)) "three sent"
# With no catalog named, the catalog comes from the API (the mock's).
run "$BIN/orchat" -m anthropic/claude-sonnet-4.6:nitro --max-tokens 100 --max-cost 0.01 hi
is "$rc" 0 "--max-cost with the catalog fetched; a variant prices as its model"
is "$(mock_last 'r["path"]')" /api/v1/chat/completions "sent after the catalog"
mock_last '[json.loads(l)["path"] for l in open(sys.argv[1])][-2]' >"$T/path"
is "$(cat "$T/path")" /api/v1/models "the catalog was fetched first"

# On a terminal the reply comes first, then a ledger that could not be
# written, also when the call failed otherwise (found by adversarial
# testing: with the ledger written before the print, its error came
# first).
if has_tty; then
	tty_run "'$BIN/orchat' --json-mode --log '$T/no/such/l' -m mock/parrot prose" \
	    "$T/screen"
	is "$?" 76 "a reply not JSON and no ledger: 76"
	is "$(head -1 "$T/screen")" "prose" "the reply first on the terminal"
	is "$(sed -n 2p "$T/screen")" \
	    "orchat: --log $T/no/such/l: No such file or directory" \
	    "then the ledger's error"
	tty_run "'$BIN/orchat' --log '$T/no/such/l' -m mock/midstream-error hi" \
	    "$T/screen2"
	is "$(head -1 "$T/screen2")" "Why did the scarecrow" \
	    "an error mid-answer: the text received first"
else
	for i in 1 2 3 4; do skip "no terminal (script(1))"; done
fi

check_sent
done_testing
