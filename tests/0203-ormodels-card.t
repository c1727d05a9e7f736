#!/bin/sh
# ormodels -l: the card of a model, byte for byte as the issue shows it for
# the seed model; wrapping and colour only on a terminal; the extra lines
# of the 2026 catalogs; unknown ids with suggestions; ids from a pipe.
. "${0%/*}/lib.sh"

FX=$TOP/tests/fixtures/models
NEW=$FX/models_2026-08-08.json
MAR=$FX/models_2026-03-11.json

# The issue's example, with its placeholders filled in from the 2026-03
# catalog: the description as the catalog has it (two paragraphs), and the
# supported parameters in full.
cat >"$T/want" <<'X'
OpenAI: GPT-4 Turbo (older v1106)
openai/gpt-4-1106-preview
Released Nov 6, 2023 · 128,000 context · $10/M input tokens · $30/M output tokens
The latest GPT-4 Turbo model with vision capabilities. Vision requests can now use JSON mode and function calling.

Training data: up to April 2023.
Modality text->text · tokenizer GPT · max output 4,096 · moderated
Supports frequency_penalty, logit_bias, logprobs, max_tokens, presence_penalty, response_format, seed, stop, structured_outputs, temperature, tool_choice, tools, top_logprobs, top_p
X
"$BIN/ormodels" --catalog "$MAR" -l openai/gpt-4-1106-preview >"$T/got" 2>"$T/err"
is "$?" 0 "the seed card: 0"
cmp -s "$T/got" "$T/want"
ok $? "the seed card, byte for byte" || diff "$T/want" "$T/got" | sed 's/^/#   /'
is "$(cat "$T/err")" "" "nothing on stderr"
"$BIN/ormodels" --catalog "$MAR" --long openai/gpt-4-1106-preview | cmp -s - "$T/want"
ok $? "--long is -l"

# On a terminal (--table stands for one): the description wrapped at 80.
run "$BIN/ormodels" --catalog "$MAR" -l --table openai/gpt-4-1106-preview
widest() {	# the widest line of $out, in characters
	printf '%s\n' "$out" | python3 -c 'import sys
print(max(len(l.rstrip("\n")) for l in sys.stdin))'
}
[ "$(widest)" -le 80 ]
ok $? "--table: no line over 80 columns ($(widest))"
contains "$out" "Released Nov 6, 2023 · 128,000 context · \$10/M input tokens ·
\$30/M output tokens" "a line of parts breaks after a dot"
contains "$out" "The latest GPT-4 Turbo model with vision capabilities. Vision requests can now
use JSON mode and function calling.

Training data: up to April 2023." "paragraphs kept, lines broken between words"
contains "$out" "Supports frequency_penalty, logit_bias, logprobs, max_tokens, presence_penalty,
response_format," "the parameters wrapped too"
if command -v script >/dev/null; then
	script -qec "$BIN/ormodels --catalog $MAR -l openai/gpt-4-1106-preview" \
	    /dev/null </dev/null | tr -d '\r' >"$T/tty"
	esc=$(printf '\033')
	is "$(head -1 "$T/tty")" "${esc}[1mOpenAI: GPT-4 Turbo (older v1106)${esc}[0m" \
	    "on a terminal: the name in bold"
	tail -n +2 "$T/tty" >"$T/tty.rest"
	printf '%s\n' "$out" | tail -n +2 | cmp -s - "$T/tty.rest"
	ok $? "on a terminal: the same as --table"
	NO_COLOR=1 script -qec "$BIN/ormodels --catalog $MAR -l openai/gpt-4-1106-preview" \
	    /dev/null </dev/null | tr -d '\r' >"$T/tty"
	is "$(head -1 "$T/tty")" "OpenAI: GPT-4 Turbo (older v1106)" "NO_COLOR: no bold"
else
	skip "no script(1)"; skip "no script(1)"; skip "no script(1)"
fi

# The extra lines of a 2026 catalog, each a separate claim.
run "$BIN/ormodels" --catalog "$NEW" -l anthropic/claude-sonnet-4.5
is "$rc" 0 "claude-sonnet-4.5: 0"
contains "$out" "
anthropic/claude-sonnet-4.5 · canonical slug anthropic/claude-4.5-sonnet-20250929
Released Sep 29, 2025 · 1,000,000 context · \$3/M input tokens · \$15/M output tokens
" "the canonical slug, when it differs from the id"
contains "$out" "
Modality text+image+file->text · tokenizer Claude · max output 64,000 · moderated
Knowledge cutoff Jan 31, 2025
Also \$0.3/M cache reads · \$3.75/M cache writes · \$6/M one-hour cache writes · \$0.01 per web search
Above 200,000 prompt tokens: \$6/M input tokens · \$22.5/M output tokens · \$0.6/M cache reads · \$7.5/M cache writes · \$12/M one-hour cache writes
Supports include_reasoning," "knowledge cutoff, other prices, conditional prices"
run "$BIN/ormodels" --catalog "$NEW" -l --table anthropic/claude-sonnet-4.5
contains "$out" "Above 200,000 prompt tokens: \$6/M input tokens · \$22.5/M output tokens ·
\$0.6/M cache reads" "on a terminal, price lines break after a dot"
contains "$out" "anthropic/claude-sonnet-4.5 ·
canonical slug" "and so does the id line"
# Characters, not bytes: "·" is two bytes, one column.
[ "$(widest)" -le 80 ]
ok $? "every line within 80 columns ($(widest))"
run "$BIN/ormodels" --catalog "$NEW" -l openrouter/auto
contains "$out" "Released Nov 8, 2023 · 2,000,000 context · input tokens at a variable price · output tokens at a variable price" \
    "a router: variable prices, said in words"
contains "$out" "tokenizer Router · not moderated" "not moderated"
unlike "$out" "max output" "no max output when the catalog has none"
run "$BIN/ormodels" --catalog "$FX/models_2025-05-12.json" -l google/gemini-2.5-pro-preview
contains "$out" "Also \$0.31/M cache reads · \$1.625/M cache writes · \$0.00516 per input image" \
    "2025: the non-zero extras, zeros left out"
for cat in "$FX"/*.json; do
	run "$BIN/ormodels" --catalog "$cat" -l openai/gpt-4o
	is "$rc.$(printf '%s\n' "$out" | sed -n 3p)" \
	    "0.Released May 13, 2024 · 128,000 context · \$2.5/M input tokens · \$10/M output tokens" \
	    "${cat##*/}: the card of openai/gpt-4o"
done

# Several ids, ids from a pipe, variants, filters.
run "$BIN/ormodels" --catalog "$MAR" -l openai/gpt-4-1106-preview openai/gpt-4o
is "$(printf '%s\n' "$out" | grep -c '^Released')" 2 "two ids: two cards"
contains "$out" "top_p

OpenAI: GPT-4o
openai/gpt-4o
" "a blank line between cards, in the order given"
printf 'anthropic/claude-4.5-sonnet-20250929\nopenai/gpt-4o:nitro\n' >"$T/in"
run_in "$T/in" "$BIN/ormodels" --catalog "$NEW" -l -
is "$rc.$(printf '%s\n' "$out" | grep -A1 -c '^Anthropic: Claude Sonnet 4.5$\|^OpenAI: GPT-4o$')" \
    "0.2" "- reads ids: a canonical slug and a :nitro variant find their models"
run "$BIN/ormodels" --catalog "$NEW" -l --free openai/gpt-4o
is "$rc.$out" "1." "-l with a filter the model fails: nothing, 1"
run "$BIN/ormodels" --catalog "$NEW" -l --since 2026-07-20
is "$rc.$(printf '%s\n' "$out" | grep -c '^Released')" "0.8" \
    "-l with filters and no id: a card for each model that passes"
run "$BIN/ormodels" --catalog "$NEW" -l --json openai/gpt-4o
is "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[0]["id"], d[0]["pricing"]["prompt"])')" \
    "1 openai/gpt-4o 0.0000025" "-l --json: the catalog object"

# Unknown ids.
run "$BIN/ormodels" --catalog "$NEW" -l openai/gpt-4o-mni openai/gpt-4o
is "$rc" 1 "an unknown id: 1"
is "$err" "ormodels: openai/gpt-4o-mni: no such model; closest: openai/gpt-4o-mini, openai/gpt-4.1-mini, openai/gpt-5-mini" \
    "one line, with the closest ids"
is "$(printf '%s\n' "$out" | head -1)" "OpenAI: GPT-4o" "the known id still gets its card"
run "$BIN/ormodels" --catalog "$NEW" -l qqqqqqqqqqqqqqqqqqqqqqqqqq
is "$rc.$err" "1.ormodels: qqqqqqqqqqqqqqqqqqqqqqqqqq: no such model" \
    "nothing close: no suggestion"
run "$BIN/ormodels" --catalog "$NEW" -l "$(printf 'bad\033[2Jid')"
is "$err" "ormodels: bad?[2Jid: no such model" "control characters never reach stderr"

done_testing
