#!/bin/sh
# The request bodies orchat --batch makes of its input lines (lib/batchio,
# driven through tests/unit/t_batchio --bodies), over the base body that
# orchat --dry-run makes of the command line: each is valid under the
# OpenAPI schema ChatRequest (tests/chatreq_check.py, as 0106 uses it) and
# equals the JSON expected; lines that are no request are refused.
. "${0%/*}/lib.sh"

SPEC=${ORKIT_OPENAPI:-$TOP/../shared/api/openapi/openapi.json}
unset OPENROUTER_API_KEY
cd "$T" || exit 1

# The base: the command line's body less the prompt's message.
"$BIN/orchat" --dry-run -m openai/gpt-4o-mini -s 'Be brief.' -t 0.3 \
    --max-tokens 64 x >dry 2>err
is "$?" 0 "orchat --dry-run: the base"
python3 -c '
import json, sys
b = json.load(open("dry"))
b["messages"].pop()
json.dump(b, sys.stdout, separators=(",", ":"))' >base
is "$(cat base)" '{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."}],"temperature":0.3,"max_tokens":64,"usage":{"include":true}}' \
    "the base body"

# Each line, then the body expected of it.
cat >lines <<'EOF'
"Hello there"
{"id":"a1","prompt":"Summarise: \u00e9t\u00e9","model":"anthropic/claude-sonnet-4.6","temperature":1}

{"id":2,"messages":[{"role":"system","content":"French only."},{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"max_completion_tokens":300}
{"id":"fb","prompt":"Who are you","models":["x-ai/grok-4","openai/gpt-4o-mini"],"provider":{"order":["openai","azure"],"allow_fallbacks":false,"sort":"price"}}
{"id":"js","prompt":"Give a number","response_format":{"type":"json_schema","json_schema":{"name":"n","strict":true,"schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}}},"seed":42,"stop":["END"]}
{"id":"rs","prompt":"Think","reasoning":{"effort":"high"},"max_tokens":null,"top_p":0.9}
{"id":"tl","messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"18 C"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"auto"}
{"id":true,"prompt":"Hi","user":"u-1","metadata":{"run":"7"}}
EOF
cat >want <<'EOF'
{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello there"}],"temperature":0.3,"max_tokens":64,"usage":{"include":true}}
{"model":"anthropic/claude-sonnet-4.6","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Summarise: été"}],"temperature":1,"max_tokens":64,"usage":{"include":true}}
{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"French only."},{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}],"temperature":0.3,"max_tokens":64,"usage":{"include":true},"max_completion_tokens":300}
{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Who are you"}],"temperature":0.3,"max_tokens":64,"usage":{"include":true},"models":["x-ai/grok-4","openai/gpt-4o-mini"],"provider":{"order":["openai","azure"],"allow_fallbacks":false,"sort":"price"}}
{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Give a number"}],"temperature":0.3,"max_tokens":64,"usage":{"include":true},"response_format":{"type":"json_schema","json_schema":{"name":"n","strict":true,"schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}}},"seed":42,"stop":["END"]}
{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Think"}],"temperature":0.3,"max_tokens":null,"usage":{"include":true},"reasoning":{"effort":"high"},"top_p":0.9}
{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"18 C"}],"temperature":0.3,"max_tokens":64,"usage":{"include":true},"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],"tool_choice":"auto"}
{"model":"openai/gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"temperature":0.3,"max_tokens":64,"usage":{"include":true},"user":"u-1","metadata":{"run":"7"}}
EOF
"$TOP/tests/unit/t_batchio" --bodies base <lines >bodies 2>err
is "$?" 0 "t_batchio --bodies: exit 0"
is "$(cat err)" "" "nothing on stderr"
is "$(grep -c "^{" bodies)" 8 "a body for each line but the blank one"

: >list
n=0
while IFS= read -r body <&3 && IFS= read -r w <&4; do
	n=$((n + 1))
	printf '%s\n' "$body" >"body.$n"
	printf '%s\n' "$w" >"want.$n"
	printf 'line %s\t%s\t%s\n' "$n" "$T/body.$n" "$T/want.$n" >>list
done 3<bodies 4<want
is "$n" 8 "eight bodies to check"

# Without the specification, the bodies are still compared.
check_bodies list

# Lines that are no request make no body.
cat >badlines <<'EOF'
{"prompt":"a","stream":true}
{"prompt":"a","messages":[{"role":"user","content":"b"}]}
{"messages":[]}
[1]
{"prompt":"a","prompt":"b"}
{"prompt":" "}
EOF
"$TOP/tests/unit/t_batchio" --bodies base <badlines >badbodies
is "$(cat badbodies)" 'error: a line may not set "stream"
error: a line has both "prompt" and "messages"
error: "messages" is empty
error: a line is neither a string nor an object
error: a key is given twice in one object
error: no prompt: the prompt is empty or only white space' "each bad line refused"

done_testing
