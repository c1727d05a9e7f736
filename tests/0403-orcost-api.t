#!/bin/sh
# orcost's API modes against the mock: -g (GET /generation, a 404 waited
# out with back-off, --wait), --key (GET /key, the 2025 and the 2026
# answers, the /auth/key fall-back), --credits (GET /credits, a management
# key or 77), --json, the exit statuses, modes that cannot be mixed, and
# that no output ever shows the key.
. "${0%/*}/lib.sh"
mock_start

TAB=$(printf '\t')
CAT=$TOP/tests/fixtures/models/models_2026-08-08.json
MGMT_KEY=mgmt-sk-or-v1-fedcba9876543210fedcba9876543210fedcba9876543210fedcba98
# Every output of orcost is kept, to look for the keys at the end.
oc() {
	run "$BIN/orcost" "$@"
	cat "$OUT" "$ERR" >>"$T/all-output"
}
# S SPEC: an API root on the mock that chooses scenario SPEC by its path.
S() { echo "http://127.0.0.1:$MOCK_PORT/_s/$1/api/v1"; }
# since N: the paths of the requests the mock logged after the first N.
# (sed, not python: python starts slowly on some machines)
since() {
	tail -n "+$(($1 + 1))" "$MOCK_LOG" |
	    sed -n 's/^{"method": "[A-Z]*", "path": "\([^"]*\)".*/\1/p' | tr '\n' ' ' |
	    sed 's/ $//'
}
# sent_key KEY: the last request carried "Authorization: Bearer KEY".
sent_key() {
	tail -n 1 "$MOCK_LOG" | grep -qF "\"Authorization\": \"Bearer $1\""
}
# field NAME: the value of the line "NAME<TAB>VALUE" of $out ("" if none).
field() { printf '%s\n' "$out" | awk -F "$TAB" -v f="$1" '$1 == f { print $2 }'; }
# names: the field names of $out, one line.
names() { printf '%s\n' "$out" | cut -f1 | tr '\n' ' '; }
now() { date +%s.%N; }
# as_received URL: $out is the same JSON value as the "data" of the mock's
# answer to GET URL (with $TEST_KEY).
as_received() {
	python3 - "$1" "$TEST_KEY" "$OUT" <<-'PY' 2>/dev/null
	import json, sys, urllib.request
	req = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
	want = json.load(urllib.request.urlopen(req))["data"]
	sys.exit(json.load(open(sys.argv[3])) != want)
	PY
}

# ---- -g: GET /generation ---------------------------------------------------
n=$(mock_requests)
oc -g gen-1772030107-abc
is "$rc" 0 "-g: 0"
is "$(mock_last 'r["method"] + " " + r["path"] + "?" + r["query"]')" \
    "GET /api/v1/generation?id=gen-1772030107-abc" "-g ID: GET /generation?id=ID"
sent_key "$TEST_KEY"
ok $? "with the key"
is "$(since "$n")" "/api/v1/generation" "one request when the answer is there"
is "$err" "" "nothing on stderr"
is "$(field cost)" 0.0001402 "cost: total_cost exactly (0.0001402)"
is "$(field id)" gen-1772030107-abc "id"
is "$(field model)" google/gemini-2.5-flash-lite "model"
is "$(field provider)" "Google AI Studio" "provider: provider_name"
like "$(field created)" "2026-02-25" "created: from created_at"
is "$(field upstream_cost)" 0 "upstream_cost: upstream_inference_cost (0)"
like "$(field byok)" "^(no|false)$" "byok: is_byok false"
is "$(field prompt_tokens)" 2 "prompt_tokens: native_tokens_prompt"
is "$(field completion_tokens)" 350 "completion_tokens: native_tokens_completion"
is "$(field reasoning_tokens)" 0 "reasoning_tokens: native_tokens_reasoning"
is "$(field cached_tokens)" 0 "cached_tokens: native_tokens_cached"
is "$(field latency_ms)" 1643 "latency_ms"
is "$(field generation_time_ms)" 3881 "generation_time_ms"
is "$(field finish_reason)" stop "finish_reason"
like "$(field streamed)" "^(no|false)$" "streamed"
is "$(field attempts)" "Google 429, Google AI Studio 200" \
    "attempts: every provider response with its status"
is "$(names)" "id model provider created cost upstream_cost byok prompt_tokens completion_tokens reasoning_tokens cached_tokens latency_ms generation_time_ms finish_reason streamed attempts " \
    "the fields in the spec's order; cache_discount (null) not printed"
unlike "$out" "$(printf '^[^\t]*$|\t.*\t')" "in a pipe: every line FIELD<TAB>VALUE"

oc --generation gen-1772030107-abc --json
is "$rc" 0 "-g --json: 0"
as_received "$MOCK_URL/generation?id=gen-1772030107-abc"
ok $? "-g --json: the data object as received"
like "$out" '"total_cost": ?0\.0001402[,}]' "-g --json: total_cost written as received"

n=$(mock_requests)
t0=$(now)
oc -g gen-pending --base-url "$(S pending:2)"
t1=$(now)
is "$rc" 0 "pending: two 404s waited out, then 0"
is "$(field cost)" 0.0001402 "and the cost"
is "$err" "" "nothing on stderr while waiting"
is "$(since "$n")" "/_s/pending:2/api/v1/generation /_s/pending:2/api/v1/generation /_s/pending:2/api/v1/generation" \
    "three requests: 404, 404, 200"
tail -n +$((n + 1)) "$MOCK_LOG" | python3 -c 'import json, sys
t = [json.loads(l)["time"] for l in sys.stdin]
g = [b - a for a, b in zip(t, t[1:])]
sys.exit(not (len(g) == 2 and 0.2 <= g[0] < 0.5 and 0.4 <= g[1] < 0.9))'
ok $? "back-off: about 0.25 s, then about 0.5 s"
awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 3) }'
ok $? "done in well under the default 10 s"

n=$(mock_requests)
t0=$(now)
oc -g gen-late --wait 1 --base-url "$(S pending:100)"
t1=$(now)
is "$rc" 69 "still 404 after --wait 1: 69"
is "$out" "" "nothing on stdout"
is "$(lines "$err")" 1 "one line on stderr"
like "$err" "^orcost: generation gen-late: not found after (.* )?1 s([^0-9a-z]|$)" \
    "saying so: the id, not found, the time waited"
awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 0.7 && b - a < 4) }'
ok $? "--wait 1: gives up after about a second"
m=$(($(mock_requests) - n))
[ "$m" -ge 3 ] && [ "$m" -le 6 ]
ok $? "--wait 1: asked 3 to 6 times, with back-off (got $m)"

n=$(mock_requests)
unset OPENROUTER_API_KEY
oc -g gen-nokey
is "$rc" 78 "-g without a key: 78"
is "$(lines "$err")" 1 "one line"
is "$(mock_requests)" "$n" "nothing was sent"
oc --key
is "$rc.$(mock_requests)" "78.$n" "--key without a key: 78, nothing sent"
oc --credits
is "$rc.$(mock_requests)" "78.$n" "--credits without a key: 78, nothing sent"

OPENROUTER_API_KEY=bad-$TEST_KEY; export OPENROUTER_API_KEY
oc -g gen-badkey
is "$rc" 77 "-g with a bad key: 77"
is "$(lines "$err")" 1 "one line"
contains "$err" "User not found" "with the API's message"
oc --key
is "$rc" 77 "--key with a bad key: 77"
OPENROUTER_API_KEY=$TEST_KEY; export OPENROUTER_API_KEY

oc -g
is "$rc" 2 "-g without an ID: 2"
oc -g gen-x --wait soon
is "$rc" 2 "--wait that is not a number: 2"
oc --key --wait 2
is "$rc.$err" "2.orcost: --wait: only with -g" "--wait without -g: 2, one line"

# ---- --key: GET /key --------------------------------------------------------------
n=$(mock_requests)
oc --key
is "$rc" 0 "--key: 0"
is "$(since "$n")" "/api/v1/key" "one request: GET /key"
sent_key "$TEST_KEY"
ok $? "with the key"
is "$out" "label${TAB}sk-or-v1-0fa...240
usage${TAB}0.65017511
limit${TAB}none
remaining${TAB}none
free_tier${TAB}no
rate_limit${TAB}40 per 10s" "the 2025 answer: none for no limit; absent fields not printed"
is "$err" "" "nothing on stderr"

oc --key --base-url "$(S key-full)"
is "$rc" 0 "--key, the 2026 answer: 0"
is "$(field limit)" 100 "limit 100"
is "$(field remaining)" 74.5 "remaining: limit_remaining"
is "$(field limit_reset)" monthly "limit_reset"
is "$(field byok_usage)" 17.38 "byok_usage"
is "$(field rate_limit)" "1000 per 1h" "rate_limit"
is "$out" "label${TAB}sk-or-v1-au7...890
usage${TAB}25.5
usage_daily${TAB}25.5
usage_weekly${TAB}25.5
usage_monthly${TAB}25.5
limit${TAB}100
remaining${TAB}74.5
limit_reset${TAB}monthly
byok_usage${TAB}17.38
free_tier${TAB}no
rate_limit${TAB}1000 per 1h
expires_at${TAB}2027-12-31T23:59:59Z" "the 2026 answer: every field, in the spec's order"

n=$(mock_requests)
oc --key --base-url "$(S legacy-key)"
is "$rc" 0 "/key not found: 0 all the same"
is "$(since "$n")" "/_s/legacy-key/api/v1/key /_s/legacy-key/api/v1/auth/key" \
    "GET /key, then on its 404 GET /auth/key"
is "$(field limit)" none "the /auth/key answer"
is "$err" "" "quietly"

n=$(mock_requests)
oc --key --base-url "$(S status:404)"
is "$rc" 69 "both /key and /auth/key 404: 69"
is "$(lines "$err")" 1 "one line"

oc --key --json
is "$rc" 0 "--key --json: 0"
as_received "$MOCK_URL/key"
ok $? "--key --json: the data object as received"
oc --key --json --base-url "$(S key-full)"
like "$out" '"limit_remaining": ?74\.5[,}]' "--key --json, 2026: limit_remaining as received"

n=$(mock_requests)
oc --key "$TEST_KEY"
is "$rc" 78 "--key KEY (a key on argv): 78"
is "$(mock_requests)" "$n" "nothing was sent"

# ---- --credits: GET /credits ---------------------------------------------------------
n=$(mock_requests)
OPENROUTER_API_KEY=$MGMT_KEY; export OPENROUTER_API_KEY
oc --credits
is "$rc" 0 "--credits with a management key: 0"
is "$(since "$n")" "/api/v1/credits" "one request: GET /credits"
sent_key "$MGMT_KEY"
ok $? "with the key"
is "$out" "total_credits${TAB}100.5
total_usage${TAB}25.75
balance${TAB}74.75" "total_credits, total_usage, balance: the exact difference"
is "$err" "" "nothing on stderr"
oc --credits --json
is "$rc" 0 "--credits --json: 0"
python3 -c 'import json, sys
sys.exit(json.load(sys.stdin) != {"total_credits": 100.5, "total_usage": 25.75, "balance": 74.75})' \
    <"$OUT" 2>/dev/null
ok $? "--credits --json: total_credits, total_usage, balance"
like "$out" '"balance": ?74\.75[,}]' "balance written exactly"
oc -v --credits
is "$rc" 0 "-v --credits: 0"
like "$err" "Authorization: Bearer " "-v shows the Authorization header"
OPENROUTER_API_KEY=$TEST_KEY; export OPENROUTER_API_KEY

oc --credits
is "$rc" 77 "--credits with an inference key (403): 77"
is "$(lines "$err")" 1 "one line"
contains "$err" "management key" "saying a management key is needed"
contains "$err" "Only management keys can access this endpoint" "with the API's message"
like "$err" "^orcost: GET /credits needs a management key: " "in the spec's words"
is "$out" "" "nothing on stdout"
oc --credits --base-url "$(S status:401)"
is "$rc" 77 "--credits answered 401: 77"
contains "$err" "management key" "a management key is needed"

# Other failures, as every command.
oc --credits --retries 0 --base-url "$(S status:503)"
is "$rc" 75 "--credits, 503: 75"
OPENROUTER_API_KEY=$MGMT_KEY; export OPENROUTER_API_KEY
oc --credits --base-url "$(S malformed)"
is "$rc" 76 "--credits, an answer that is not JSON: 76"
OPENROUTER_API_KEY=$TEST_KEY; export OPENROUTER_API_KEY
oc --key --retries 0 --base-url "$(S status:502)"
is "$rc" 75 "--key, 502: 75"
oc -g gen-x --retries 0 --base-url "$(S status:500)"
is "$rc" 75 "-g, 500: 75 (not waited on as a 404)"

# ---- modes that cannot be mixed ----------------------------------------------------
n=$(mock_requests)
for mix in "--key --credits" "--credits --key" "-g gen-x --key" "-g gen-x --credits" \
    "-m openai/gpt-4o -p 1k --key --catalog $CAT" "-a -p 1k -g gen-x --catalog $CAT"; do
	# shellcheck disable=SC2086
	oc $mix
	is "$rc.$(lines "$err")" "2.1" "$mix: 2, one line"
done
is "$(mock_requests)" "$n" "nothing was sent"

# ---- the key is never shown -----------------------------------------------------------
unlike "$(cat "$T/all-output")" "0123456789abcdef|fedcba9876543210" \
    "no output of orcost above shows a key"

done_testing
