#!/bin/sh
# ormodels' output discipline: a table with a header on a terminal (bold
# unless NO_COLOR), tab-separated rows in a pipe; a reader that leaves
# early ends it quietly; a full disk is 74 with one message.
. "${0%/*}/lib.sh"
mock_start

NEW=$TOP/tests/fixtures/models/models_2026-08-08.json
om() { "$BIN/ormodels" --catalog "$NEW" "$@"; }
esc=$(printf '\033')

if command -v script >/dev/null; then
	tty() { script -qec "$*" /dev/null </dev/null | tr -d '\r'; }
	out=$(tty "$BIN/ormodels" --catalog "$NEW" gpt-4o-mini)
	is "$(printf '%s\n' "$out" | head -2)" "${esc}[1mID                                 CONTEXT  PROMPT \$/M  COMPLETION \$/M  NAME${esc}[0m
openai/gpt-4o-mini                 128,000        0.15             0.6  OpenAI: GPT-4o-mini" \
	    "a terminal: aligned, a bold header, separators"
	out=$(NO_COLOR=1 tty "$BIN/ormodels" --catalog "$NEW" gpt-4o-mini)
	is "$(printf '%s\n' "$out" | head -1)" "ID                                 CONTEXT  PROMPT \$/M  COMPLETION \$/M  NAME" \
	    "NO_COLOR: the same table, no escape"
	out=$(tty "$BIN/ormodels" --catalog "$NEW" --tsv gpt-4o-mini)
	is "$(printf '%s\n' "$out" | head -1)" "$(printf 'openai/gpt-4o-mini\t128000\t0.15\t0.6\tOpenAI: GPT-4o-mini')" \
	    "--tsv on a terminal: rows only"
	out=$(tty "$BIN/ormodels" -e deepseek/deepseek-v3.2)
	like "$out" "^${esc}\[1mPROVIDER +TAG" "-e on a terminal: a table too"
	out=$(tty "$BIN/ormodels" --catalog "$NEW" -)
	like "$out" "standard input is a terminal" "- with a terminal for input: says so"
else
	for i in 1 2 3 4 5; do skip "no script(1)"; done
fi
run "$BIN/ormodels" --catalog "$NEW" --table --free
unlike "$out" "$esc" "--table in a pipe: no colour"

# A reader that leaves: quiet, with the status of a filter killed by
# SIGPIPE.  Each output is several times a pipe's 64 KiB buffer: one only
# just larger (id,name,supports alone is 67 KB) could be written whole
# while head reads its first line, and end with 0 on a busy machine.
for args in "-o id,name,supports,supports,supports,supports" "-l" "--json"; do
	# shellcheck disable=SC2086
	st=$( { om $args 2>"$T/err"; echo $? >"$T/st"; } | head -1 >/dev/null; cat "$T/st")
	is "$st.$(cat "$T/err")" "141." "$args | head -1: 141, nothing on stderr"
done

if [ -w /dev/full ]; then
	om >/dev/full 2>"$T/err"
	is "$?" 74 "a listing into /dev/full: 74"
	is "$(cat "$T/err")" "ormodels: write error: No space left on device" \
	    "one message, what and why"
	om -l openai/gpt-4o >/dev/full 2>"$T/err"
	is "$?.$(lines "$(cat "$T/err")")" "74.1" "a card into /dev/full: 74"
	"$BIN/ormodels" -e deepseek/deepseek-v3.2 >/dev/full 2>"$T/err"
	is "$?.$(lines "$(cat "$T/err")")" "74.1" "-e into /dev/full: 74"
	"$BIN/ormodels" --help >/dev/full 2>"$T/err"
	is "$?" 74 "--help into /dev/full: 74"
else
	for i in 1 2 3 4 5; do skip "no /dev/full"; done
fi

done_testing
