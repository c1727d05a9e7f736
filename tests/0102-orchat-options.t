#!/bin/sh
# Every request option of orchat, as the field it puts in the request the
# mock server received; bad values are exit 2 with one line naming the flag,
# and nothing is sent.
. "${0%/*}/lib.sh"
. "${0%/*}/orchat.sh"
mock_start

cat >"$T/tools.json" <<'EOF'
[{"type":"function","function":{"name":"divide","description":"a / b",
  "parameters":{"type":"object","properties":{"a":{"type":"number"},
  "b":{"type":"number"}},"required":["a","b"]}}}]
EOF
cat >"$T/person.schema.json" <<'EOF'
{"type":"object","properties":{"name":{"type":"string"}},
 "required":["name"],"additionalProperties":false}
EOF

# ARGS|EXPR|WANT: orchat ARGS hi, then EXPR over the body sent is WANT.
while IFS='|' read -r args expr want; do
	[ -n "$args" ] || continue
	eval "set -- $args"
	run "$BIN/orchat" "$@" hi
	is "$rc" 0 "$args: exit 0"
	want_sent "$expr" "$want" "$args: $expr is $want"
done <<EOF
|b["model"]|openrouter/auto
-m anthropic/claude-sonnet-4.6:nitro|b["model"]|anthropic/claude-sonnet-4.6:nitro
--model '~anthropic/claude-sonnet-latest'|b["model"]|~anthropic/claude-sonnet-latest
-m 'openai/gpt-4o@preset/terse'|b["model"]|openai/gpt-4o@preset/terse
--fallback x-ai/grok-4 --fallback openai/gpt-4o|b["models"]|["x-ai/grok-4","openai/gpt-4o"]
-t 0.7|b["temperature"]|0.7
--temperature 2|b["temperature"]|2
--top-p 0.9|b["top_p"]|0.9
--top-k 40|b["top_k"]|40
--seed -9007199254740991|b["seed"]|-9007199254740991
--max-tokens 256|b["max_tokens"]|256
--stop END --stop '###'|b["stop"]|["END","###"]
--frequency-penalty -1.5|b["frequency_penalty"]|-1.5
--presence-penalty 0.25|b["presence_penalty"]|0.25
--repetition-penalty 1.1|b["repetition_penalty"]|1.1
--min-p 0.05|b["min_p"]|0.05
--top-a 0.2|b["top_a"]|0.2
--tools "$T/tools.json"|[t["function"]["name"] for t in b["tools"]]|["divide"]
--tools "$T/tools.json" --tool-choice auto|b["tool_choice"]|auto
--tool-choice none|b["tool_choice"]|none
--tool-choice required|b["tool_choice"]|required
--tool-choice divide|b["tool_choice"]|{"type":"function","function":{"name":"divide"}}
--no-parallel-tool-calls|b["parallel_tool_calls"]|false
--provider-order anthropic,openai|b["provider"]|{"order":["anthropic","openai"]}
--provider-only 'xai, deepinfra/turbo'|b["provider"]|{"only":["xai","deepinfra/turbo"]}
--provider-ignore deepinfra|b["provider"]|{"ignore":["deepinfra"]}
--sort throughput|b["provider"]|{"sort":"throughput"}
--provider-order anthropic --no-fallbacks|b["provider"]|{"order":["anthropic"],"allow_fallbacks":false}
--require-parameters|b["provider"]|{"require_parameters":true}
--data-collection deny|b["provider"]|{"data_collection":"deny"}
--zdr|b["provider"]|{"zdr":true}
--quantizations fp8,bf16|b["provider"]|{"quantizations":["fp8","bf16"]}
--max-price-prompt 1.50 --max-price-completion 2|b["provider"]|{"max_price":{"prompt":"1.5","completion":"2"}}
--reasoning-effort high|b["reasoning"]|{"effort":"high"}
--reasoning-max-tokens 2000|b["reasoning"]|{"max_tokens":2000}
--reasoning-exclude --reasoning-effort low|b["reasoning"]|{"exclude":true,"effort":"low"}
--transforms middle-out|b["transforms"]|["middle-out"]
--transforms ''|b["transforms"]|[]
--web|b["plugins"]|[{"id":"web"}]
--user u-42|b["user"]|u-42
--set 'provider.sort="price"' --sort latency|b["provider"]|{"sort":"price"}
--set 'session_id="s1"' --set 'metadata.run="7"'|[b["session_id"], b["metadata"]]|["s1",{"run":"7"}]
--set 'usage={"include":false}'|b["usage"]|{"include":false}
-r -u|sorted(b)|["messages","model","usage"]
|b["usage"]|{"include":true}
EOF

ORKIT_MODEL=google/gemini-2.5-flash-lite run "$BIN/orchat" hi
want_sent 'b["model"]' google/gemini-2.5-flash-lite "ORKIT_MODEL is the default model"
ORKIT_MODEL=google/gemini-2.5-flash-lite run "$BIN/orchat" -m x/y hi
want_sent 'b["model"]' x/y "-m wins over ORKIT_MODEL"

# Structured output (the echo scenario replies with JSON: the body itself).
run "$BIN/orchat" -m mock/echo --json-mode hi
is "$rc" 0 "--json-mode: exit 0 for a JSON reply"
want_sent 'b["response_format"]' '{"type":"json_object"}' "--json-mode: response_format json_object"
run "$BIN/orchat" -m mock/echo --schema "$T/person.schema.json" hi
is "$rc" 0 "--schema: exit 0 for a JSON reply"
want_sent 'b["response_format"]' '{"type":"json_schema","json_schema":{"name":"person","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}}' \
    "--schema: json_schema, strict, named after the file"
want_sent 'b["provider"]' '{"require_parameters":true}' "--schema: provider.require_parameters"
printf '{"name":"contact","strict":false,"schema":{"type":"object"}}' >"$T/wrapped.json"
run "$BIN/orchat" -m mock/echo --schema "$T/wrapped.json" hi
want_sent 'b["response_format"]["json_schema"]' '{"name":"contact","strict":false,"schema":{"type":"object"}}' \
    "--schema: a whole json_schema object is taken as it is"

# Files the options name: missing is 66, malformed is 65; nothing sent.
n=$(mock_requests)
for f in --tools --schema; do
	run "$BIN/orchat" $f "$T/none.json" hi
	is "$rc" 66 "$f missing file: exit 66"
	like "$err" "^orchat: $f .*none.json: No such file or directory$" "$f: one line naming it"
	printf '[1,' >"$T/broken.json"
	run "$BIN/orchat" $f "$T/broken.json" hi
	is "$rc" 65 "$f broken JSON: exit 65"
	like "$err" "broken.json: not JSON: line 1" "$f: says where"
done
printf '"x"' >"$T/str.json"
run "$BIN/orchat" --tools "$T/str.json" hi
is "$rc" 65 "--tools: a JSON string is no list of tools"
printf '[{"function":{}}]' >"$T/notype.json"
run "$BIN/orchat" --tools "$T/notype.json" hi
is "$rc" 65 "--tools: a tool without a type"
run "$BIN/orchat" --schema "$T/str.json" hi
is "$rc" 65 "--schema: a JSON string is no schema"
is "$(mock_requests)" "$n" "none of them sent anything"

# Bad values: ARGS|TEXT that the one line must contain.
while IFS='|' read -r args text; do
	[ -n "$args" ] || continue
	eval "set -- $args"
	run "$BIN/orchat" "$@" hi
	is "$rc" 2 "$args: exit 2"
	is "$(lines "$err")" 1 "$args: one line"
	contains "$err" "$text" "$args: names $text"
	is "$out" "" "$args: nothing on stdout"
done <<'EOF'
-t 2.5|--temperature: not a number from 0 to 2: 2.5
--temperature abc|--temperature
--temperature nan|--temperature
--top-p 0|--top-p: not a number above 0 and up to 1
--top-k -1|--top-k
--seed 1.5|--seed
--seed 9007199254740992|--seed
--max-tokens 0|--max-tokens
--stop a --stop b --stop c --stop d --stop e|--stop: at most 4
--frequency-penalty 3|--frequency-penalty
--presence-penalty -3|--presence-penalty
--repetition-penalty 0|--repetition-penalty
--min-p 2|--min-p
--top-a -0.5|--top-a
--sort fast|--sort: not one of price|throughput|latency|exacto: fast
--data-collection sometimes|--data-collection
--quantizations fp8,int3|--quantizations: not one of
--provider-order a,,b|--provider-order
--max-price-prompt -1|--max-price-prompt
--max-price-completion abc|--max-price-completion
--reasoning-effort extreme|--reasoning-effort
--reasoning-max-tokens 0|--reasoning-max-tokens
--reasoning-effort high --reasoning-max-tokens 10|--reasoning-effort and --reasoning-max-tokens
--json-mode --schema x.json|--json-mode and --schema
--tool-choice ''|--tool-choice
--set nope|--set: not PATH=JSON
--set 'a=not json'|--set: not JSON
--set 'messages.x=1'|--set messages.x
--set stream=true|--set stream: orchat reads a whole answer
--max-cost lots|--max-cost
-m ''|--model
--fallback ''|--fallback
--user ''|--user
-c -|--conversation
-c conv.json -M|--conversation and --messages
EOF
is "$(mock_requests)" "$n" "no bad value sent anything"

run "$BIN/orchat" --no-such-option hi
is "$rc" 2 "an unknown option: exit 2"
is "$err" "orchat: unknown option '--no-such-option'
Try 'orchat --help' for more." "one line and where to look on stderr (issue 11)"

# --help names every option, once each group.
run "$BIN/orchat" --help
for o in model fallback temperature top-p top-k seed max-tokens stop \
    frequency-penalty presence-penalty repetition-penalty min-p top-a \
    json-mode schema tools tool-choice no-parallel-tool-calls \
    provider-order provider-only provider-ignore sort no-fallbacks \
    require-parameters data-collection zdr quantizations max-price-prompt \
    max-price-completion reasoning-effort reasoning-max-tokens \
    reasoning-exclude show-reasoning transforms web user set dry-run json \
    usage log max-cost catalog conversation messages system system-file \
    image file; do
	contains "$out" "--$o" "--help lists --$o"
done

check_sent
done_testing
