#!/bin/sh
# The key: from the environment or a private file, sent as a Bearer token,
# never shown -- not in errors, not in -v traces.
. "${0%/*}/lib.sh"
mock_start

unset OPENROUTER_API_KEY
run "$BIN/orchat" hello
is "$rc" 78 "no key: 78"
is "$(lines "$err")" 1 "one line"
contains "$err" "OPENROUTER_API_KEY" "it says how to set one"
is "$(mock_requests)" 0 "nothing was sent without a key"

printf '%s\n' "$TEST_KEY" >"$T/key"
chmod 644 "$T/key"
run "$BIN/orchat" --key-file "$T/key" hello
is "$rc" 78 "key file with mode 0644: 78"
contains "$err" "0644" "the message gives the mode"
unlike "$err" "0123456789abcdef" "and not the key"
is "$(mock_requests)" 0 "nothing was sent"

chmod 600 "$T/key"
run "$BIN/orchat" --key-file "$T/key" hello
is "$rc" 0 "key file with mode 0600 is used"
is "$(mock_last 'h["authorization"]')" "Bearer $TEST_KEY" \
    "the key is sent as a Bearer token"

OPENROUTER_KEY_FILE=$T/key run "$BIN/orchat" hello
is "$rc" 0 "OPENROUTER_KEY_FILE is used"

run "$BIN/orchat" --key-file "$T/nonexistent" hello
is "$rc" 66 "a named key file that is missing: 66"

mkdir -p "$XDG_CONFIG_HOME/orkit"
cp "$T/key" "$XDG_CONFIG_HOME/orkit/key"
run "$BIN/orchat" hello
is "$rc" 0 "the default key file \$XDG_CONFIG_HOME/orkit/key"

OPENROUTER_API_KEY=$TEST_KEY; export OPENROUTER_API_KEY
run "$BIN/orchat" -v hello
is "$rc" 0 "-v works"
contains "$err" "Authorization: Bearer sk-or-v1-" "-v shows the Authorization header"
unlike "$err" "0123456789abcdef" "-v never shows the key"
like "$err" "^> POST /api/v1/chat/completions" "-v shows the request line"
like "$err" "< HTTP/1.1 200" "-v shows the status"

run "$BIN/orchat" -v -m mock/status:401 --retries 0 hello
is "$rc" 77 "401: 77"
unlike "$err" "0123456789abcdef" "the key is not in the error either"

# The key never reaches argv: nothing is spawned, and the process's own
# command line holds only what the user typed.
"$BIN/orchat" -m mock/slow:300 hello >/dev/null 2>&1 &
pid=$!
sleep 0.2
if [ -r /proc/$pid/cmdline ]; then
	cmdline=$(tr '\0' ' ' </proc/$pid/cmdline)
	unlike "$cmdline" "0123456789abcdef" "the key is not on the command line"
else
	skip "no /proc"
fi
wait $pid

done_testing
