#!/bin/sh
# -c FILE: multi-turn chat kept in a JSON file.  A missing file starts a
# conversation; each turn sends what the file holds plus the new message,
# and rewrites the file with the reply added -- atomically, so the file is
# never half-written, and only when the turn succeeded.
. "${0%/*}/lib.sh"
. "${0%/*}/orchat.sh"
mock_start

D=$T/chats
mkdir "$D"
C=$D/conv.json
JOKE="Why did the scarecrow win an award?\n\nBecause he was outstanding in his field!"

# no_temp: no temporary file left beside the conversation.
no_temp() {
	[ -z "$(ls -A "$D" | grep -v '^conv' | grep -v '^obj.json$')" ]
}

umask 022
run "$BIN/orchat" -c "$C" hello
is "$rc" 0 "a missing file starts a conversation"
want_sent 'b["messages"]' '[{"role":"user","content":"hello"}]' "turn 1 sends the message alone"
cp "$C" "$T/turn1"
want_sent "J('$T/turn1')" "[{\"role\":\"user\",\"content\":\"hello\"},{\"role\":\"assistant\",\"content\":\"$JOKE\"}]" \
    "the file: the message and the reply"
is "$(stat -c %a "$C")" 600 "a new file is private: 0600"
is "$(tail -c 1 "$C" | od -An -c | tr -d ' ')" '\n' "the file ends in a newline"
is "$(wc -l <"$C" | tr -d ' ')" 10 "and is laid out for reading and editing"
ok "$(no_temp; echo $?)" "no temporary file left"

chmod 600 "$C"
printf 'and again\n' >"$T/more.txt"
run_in "$T/more.txt" "$BIN/orchat" --conversation "$C" "once more:"
is "$rc" 0 "turn 2: exit 0"
want_sent '[m["role"] for m in b["messages"]]' '["user","assistant","user"]' \
    "turn 2 sends the earlier turn too"
want_sent 'b["messages"][2]["content"]' "$(printf 'once more:\n\nand again')
" "the new message follows the input rule"
cp "$C" "$T/turn2"
want_sent "[m['role'] for m in J('$T/turn2')]" '["user","assistant","user","assistant"]' \
    "the file has both turns"
is "$(stat -c %a "$C")" 600 "the file keeps its mode"

run "$BIN/orchat" -c "$C" -s "Be brief." third
cp "$C" "$T/turn3"
want_sent '[m["role"] for m in b["messages"]]' '["system","user","assistant","user","assistant","user"]' \
    "-s puts a system message first"
want_sent "J('$T/turn3')[0]" '{"role":"system","content":"Be brief."}' "and it is kept in the file"
run "$BIN/orchat" -c "$C" -s "Be terse." fourth
want_sent '[m["content"] for m in b["messages"] if m["role"] == "system"]' '["Be terse."]' \
    "a later -s replaces it"

# An object with "messages" keeps its other members.
printf '{"title":"plans","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}\n' >"$D/obj.json"
run "$BIN/orchat" -c "$D/obj.json" c
cp "$D/obj.json" "$T/obj"
want_sent "(J('$T/obj')['title'], [m['content'] for m in J('$T/obj')['messages']][:3])" '["plans",["a","b","c"]]' \
    "an object's other members stay"

# What the reply carries goes back next turn: tool calls, reasoning details.
run "$BIN/orchat" -c "$D/conv.tools.json" -m mock/fixture:mistral-small_tool-call divide
cp "$D/conv.tools.json" "$T/tools"
want_sent "J('$T/tools')[1]['tool_calls'][0]['function']" '{"arguments":"{\"numerator\": 123, \"denominator\": 456, \"on_inf\": \"infinity\"}","name":"divide"}' \
    "the assistant's tool calls are kept"
run "$BIN/orchat" -c "$D/conv.think.json" -m mock/fixture:claude-sonnet-4.5_reasoning-effort-high ok
cp "$D/conv.think.json" "$T/think"
want_true "J('$T/think')[1]['reasoning_details'] == J('$TOP/tests/fixtures/chat/chat_claude-sonnet-4.5_reasoning-effort-high.response.json')['choices'][0]['message']['reasoning_details']" \
    "reasoning details are kept unchanged"
: >"$D/conv.empty.json"
run "$BIN/orchat" -c "$D/conv.empty.json" hi
is "$rc" 0 "an empty file is a new conversation"

# Failures leave the file as it was, with nothing beside it.
cp "$C" "$T/before"
n=$(mock_requests)
run "$BIN/orchat" --retries 0 -c "$C" -m mock/status:500 hi
is "$rc" 75 "a failed request: its status"
cmp -s "$C" "$T/before"
ok $? "a failed request leaves the file alone"
run "$BIN/orchat" -c "$C" -m mock/midstream-error hi
is "$rc" 65 "a reply that failed: its status"
cmp -s "$C" "$T/before"
ok $? "a failed reply is not added"
run "$BIN/orchat" -c "$C" --json-mode -m mock/parrot "not JSON"
is "$rc" 76 "a reply that is not the JSON asked for: 76"
cmp -s "$C" "$T/before"
ok $? "nor is that one"
ok "$(no_temp; echo $?)" "no temporary file left"
printf '[{"role":"user","content":"x"},' >"$D/conv.bad.json"
cp "$D/conv.bad.json" "$T/bad"
run "$BIN/orchat" -c "$D/conv.bad.json" hi
is "$rc" 65 "a file that is not JSON: exit 65"
like "$err" "conv.bad.json: not JSON: line 1, column" "one line saying where"
cmp -s "$D/conv.bad.json" "$T/bad"
ok $? "and it is left alone"
printf '{"messages":"no"}' >"$D/conv.odd.json"
run "$BIN/orchat" -c "$D/conv.odd.json" hi
is "$rc" 65 "a file without a list of messages: exit 65"
is "$(($(mock_requests) - n))" 3 "only the three well-formed turns were sent"

# Writing fails: exit 74, and the old file is whole.
run "$BIN/orchat" -c "$T/no/such/dir/conv.json" hi
is "$rc" 74 "a conversation that cannot be written: exit 74"
like "$err" "^orchat: --conversation .*/no/such/dir/conv.json: No such file or directory$" \
    "one line saying why"
like "$out" "^Why did the scarecrow" "the reply was printed all the same"
# A file-size limit makes the write of the new file fail half-way.
big=$(python3 -c 'print("x" * 3000)')
run "$BIN/orchat" -c "$C" "$big"
cp "$C" "$T/before"
( ulimit -f 4; trap '' XFSZ; exec "$BIN/orchat" -c "$C" "$big" ) \
    </dev/null >"$OUT" 2>"$ERR"
is "$?" 74 "a write cut short (ulimit -f): exit 74"
like "$(cat "$ERR")" "^orchat: --conversation .*: File too large$" "says why"
cmp -s "$C" "$T/before"
ok $? "the file is the old one, whole"
ok "$(no_temp; echo $?)" "and the half-written temporary file is gone"

check_sent
done_testing
