#!/bin/sh
# orchat --dry-run for a set of option combinations: each body equals the
# JSON expected, and is valid under the OpenAPI schema ChatRequest of the
# specification in ../shared/api/openapi/ (or $ORKIT_OPENAPI), checked by
# tests/chatreq_check.py.  Nothing is sent, and no key is needed.
. "${0%/*}/lib.sh"

SPEC=${ORKIT_OPENAPI:-$TOP/../shared/api/openapi/openapi.json}
unset OPENROUTER_API_KEY
cd "$T" || exit 1

cat >tools.json <<'EOF'
{"tools":[{"type":"function","function":{"name":"get_weather",
  "description":"Weather in a city","parameters":{"type":"object",
  "properties":{"city":{"type":"string"}},"required":["city"]}}}]}
EOF
cat >answer.json <<'EOF'
{"type":"object","properties":{"answer":{"type":"integer"}},
 "required":["answer"],"additionalProperties":false}
EOF
printf 'GIF89a\001\000\001\000' >dot.gif
printf '%%PDF-1.7\n' >paper.pdf
cat >msgs.json <<'EOF'
{"messages":[{"role":"developer","content":"Answer in French."},
 {"role":"user","content":"Weather in Paris?"},
 {"role":"assistant","content":null,"tool_calls":[{"id":"call_1",
  "type":"function","function":{"name":"get_weather",
  "arguments":"{\"city\":\"Paris\"}"}}]},
 {"role":"tool","tool_call_id":"call_1","content":"18 C, sunny"}]}
EOF
cat >conv.json <<'EOF'
[{"role":"system","content":"Be brief."},
 {"role":"user","content":"Hello!"},
 {"role":"assistant","content":"Hi."}]
EOF
printf 'Summarise.\n' >sys.txt
printf 'Some notes.\n' >notes.txt

n=0
# case NAME ARGS...: the body for these arguments (stdin from $STDIN, else
# none), then its expected JSON on the case's stdin.
case_() {
	name=$1
	shift
	n=$((n + 1))
	"$BIN/orchat" --dry-run "$@" <"${STDIN:-/dev/null}" >"body.$n" 2>"err.$n"
	is "$?" 0 "$name: exit 0"
	is "$(cat "err.$n")" "" "$name: nothing on stderr"
	cat >"want.$n"
	printf '%s\t%s\t%s\n' "$name" "$T/body.$n" "$T/want.$n" >>list
}

case_ "plain prompt" hello <<'EOF'
{"model":"openrouter/auto","messages":[{"role":"user","content":"hello"}],
 "usage":{"include":true}}
EOF
STDIN=notes.txt case_ "stdin, system file, model, sampling" \
    -m anthropic/claude-sonnet-4.6 --system-file sys.txt -t 0.3 --top-p 0.95 \
    --top-k 50 --seed 7 --max-tokens 512 --stop END --stop '%%' \
    --frequency-penalty 0.5 --presence-penalty -0.5 \
    --repetition-penalty 1.05 --min-p 0.1 --top-a 0.3 Be quick <<'EOF'
{"model":"anthropic/claude-sonnet-4.6",
 "messages":[{"role":"system","content":"Summarise."},
  {"role":"user","content":"Be quick\n\nSome notes.\n"}],
 "temperature":0.3,"top_p":0.95,"top_k":50,"seed":7,"max_tokens":512,
 "stop":["END","%%"],"frequency_penalty":0.5,"presence_penalty":-0.5,
 "repetition_penalty":1.05,"min_p":0.1,"top_a":0.3,
 "usage":{"include":true}}
EOF
case_ "fallbacks and routing" -m google/gemini-2.0-flash-exp:free \
    --fallback x-ai/grok-4 --fallback openai/gpt-4o-mini \
    --provider-order google-vertex,anthropic --provider-only xai,openai \
    --provider-ignore deepinfra --sort price --no-fallbacks \
    --require-parameters --data-collection deny --zdr \
    --quantizations fp8,bf16,fp16 --max-price-prompt 0.50 \
    --max-price-completion 1.25 Who are you <<'EOF'
{"model":"google/gemini-2.0-flash-exp:free",
 "models":["x-ai/grok-4","openai/gpt-4o-mini"],
 "messages":[{"role":"user","content":"Who are you"}],
 "provider":{"order":["google-vertex","anthropic"],"only":["xai","openai"],
  "ignore":["deepinfra"],"sort":"price","allow_fallbacks":false,
  "require_parameters":true,"data_collection":"deny","zdr":true,
  "quantizations":["fp8","bf16","fp16"],
  "max_price":{"prompt":"0.5","completion":"1.25"}},
 "usage":{"include":true}}
EOF
case_ "JSON mode" --json-mode -s 'Reply in JSON.' list three colours <<'EOF'
{"model":"openrouter/auto",
 "messages":[{"role":"system","content":"Reply in JSON."},
  {"role":"user","content":"list three colours"}],
 "response_format":{"type":"json_object"},"usage":{"include":true}}
EOF
case_ "JSON schema" --schema answer.json "what is 6 x 7?" <<'EOF'
{"model":"openrouter/auto",
 "messages":[{"role":"user","content":"what is 6 x 7?"}],
 "response_format":{"type":"json_schema","json_schema":{"name":"answer",
  "strict":true,"schema":{"type":"object","properties":{"answer":
  {"type":"integer"}},"required":["answer"],"additionalProperties":false}}},
 "provider":{"require_parameters":true},"usage":{"include":true}}
EOF
case_ "tools" --tools tools.json --tool-choice get_weather \
    --no-parallel-tool-calls "Weather in Oslo?" <<'EOF'
{"model":"openrouter/auto",
 "messages":[{"role":"user","content":"Weather in Oslo?"}],
 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
 "parallel_tool_calls":false,
 "tools":[{"type":"function","function":{"name":"get_weather",
  "description":"Weather in a city","parameters":{"type":"object",
  "properties":{"city":{"type":"string"}},"required":["city"]}}}],
 "usage":{"include":true}}
EOF
case_ "tool choice required" --tools tools.json --tool-choice required go <<'EOF'
{"model":"openrouter/auto","messages":[{"role":"user","content":"go"}],
 "tool_choice":"required",
 "tools":[{"type":"function","function":{"name":"get_weather",
  "description":"Weather in a city","parameters":{"type":"object",
  "properties":{"city":{"type":"string"}},"required":["city"]}}}],
 "usage":{"include":true}}
EOF
case_ "reasoning effort" -m anthropic/claude-sonnet-4.5 \
    --reasoning-effort high --reasoning-exclude ok <<'EOF'
{"model":"anthropic/claude-sonnet-4.5",
 "messages":[{"role":"user","content":"ok"}],
 "reasoning":{"effort":"high","exclude":true},"usage":{"include":true}}
EOF
case_ "reasoning budget" --reasoning-max-tokens 4000 think <<'EOF'
{"model":"openrouter/auto","messages":[{"role":"user","content":"think"}],
 "reasoning":{"max_tokens":4000},"usage":{"include":true}}
EOF
case_ "transforms, web, user" --transforms middle-out --web --user u-7 \
    search <<'EOF'
{"model":"openrouter/auto","messages":[{"role":"user","content":"search"}],
 "transforms":["middle-out"],"plugins":[{"id":"web"}],"user":"u-7",
 "usage":{"include":true}}
EOF
case_ "image and file parts" -i dot.gif -i https://example.com/a.png \
    --file paper.pdf "describe these" <<'EOF'
{"model":"openrouter/auto","messages":[{"role":"user","content":[
  {"type":"text","text":"describe these"},
  {"type":"image_url","image_url":{"url":"data:image/gif;base64,R0lGODlhAQABAA=="}},
  {"type":"image_url","image_url":{"url":"https://example.com/a.png"}},
  {"type":"file","file":{"filename":"paper.pdf",
   "file_data":"data:application/pdf;base64,JVBERi0xLjcK"}}]}],
 "usage":{"include":true}}
EOF
STDIN=msgs.json case_ "messages with tool turns" -M -m openai/gpt-4o \
    --tools tools.json "and in Lyon?" <<'EOF'
{"model":"openai/gpt-4o","messages":[
  {"role":"developer","content":"Answer in French."},
  {"role":"user","content":"Weather in Paris?"},
  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1",
   "type":"function","function":{"name":"get_weather",
   "arguments":"{\"city\":\"Paris\"}"}}]},
  {"role":"tool","tool_call_id":"call_1","content":"18 C, sunny"},
  {"role":"user","content":"and in Lyon?"}],
 "tools":[{"type":"function","function":{"name":"get_weather",
  "description":"Weather in a city","parameters":{"type":"object",
  "properties":{"city":{"type":"string"}},"required":["city"]}}}],
 "usage":{"include":true}}
EOF
case_ "conversation, system replaced" -c conv.json -s "Be very brief." \
    "How are you?" <<'EOF'
{"model":"openrouter/auto","messages":[
  {"role":"system","content":"Be very brief."},
  {"role":"user","content":"Hello!"},{"role":"assistant","content":"Hi."},
  {"role":"user","content":"How are you?"}],"usage":{"include":true}}
EOF
case_ "--set" --set 'provider.sort={"by":"throughput","partition":"none"}' \
    --set 'session_id="s-1"' --set 'metadata.ticket="42"' \
    --set 'max_completion_tokens=300' x <<'EOF'
{"model":"openrouter/auto","messages":[{"role":"user","content":"x"}],
 "provider":{"sort":{"by":"throughput","partition":"none"}},
 "usage":{"include":true},"session_id":"s-1","metadata":{"ticket":"42"},
 "max_completion_tokens":300}
EOF
ORKIT_MODEL=mistralai/mistral-small case_ "ORKIT_MODEL" hi <<'EOF'
{"model":"mistralai/mistral-small","messages":[{"role":"user","content":"hi"}],
 "usage":{"include":true}}
EOF
ls "$T"/conv.json >/dev/null && cmp -s conv.json - <<'EOF'
[{"role":"system","content":"Be brief."},
 {"role":"user","content":"Hello!"},
 {"role":"assistant","content":"Hi."}]
EOF
ok $? "--dry-run leaves the conversation file alone"

# Without the specification, the bodies are still compared.
check_bodies list

# The checker is no rubber stamp: bodies that break the schema fail it.
if [ "$SPEC" != - ]; then
	i=0
	while IFS='|' read -r what body; do
		i=$((i + 1))
		printf '%s\n' "$body" >"bad.$i"
		printf '%s\t%s\t\n' "$what" "$T/bad.$i" >badlist
		python3 "$TOP/tests/chatreq_check.py" "$SPEC" badlist >badres
		grep -q '^1 ' badres
		ok $? "the checker refuses $what"
	done <<'EOF'
no messages|{"messages":[]}
a message of no known role|{"messages":[{"role":"robot","content":"x"}]}
a number for max_price|{"messages":[{"role":"user","content":"x"}],"provider":{"max_price":{"prompt":1}}}
an unknown provider key|{"messages":[{"role":"user","content":"x"}],"provider":{"sorting":"price"}}
a misspelt field|{"messages":[{"role":"user","content":"x"}],"temprature":1}
a string temperature|{"messages":[{"role":"user","content":"x"}],"temperature":"1"}
five stop strings|{"messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}
an image part without its URL|{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}
EOF
fi

done_testing
