#!/bin/sh
# make demo (README's first command) shows each command's main job
# offline: a card and a filtered listing, a price, a chat, a stream, a
# cost and an error's exit status.
. "${0%/*}/lib.sh"

out=$(cd "$TOP" && env -u OPENROUTER_API_KEY PATH="$PATH" sh tests/demo.sh 2>&1)
is "$?" 0 "the demo runs to its end"
for want in \
    "OpenAI: GPT-4o" \
    "Released May 13, 2024 · 128,000 context · \$2.5/M input tokens · \$10/M output tokens" \
    "google/gemini-2.5-flash-lite	1048576	0.1	0.4	Google: Gemini 2.5 Flash Lite" \
    "Withdrawn: last listed 2026-03-11" \
    "Because he was outstanding in his field!" \
    "Pebbles and Skipper." \
    "0.00219855	0.00219855	anthropic/claude-sonnet-4.6	3329	53" \
    "\$0.4525" \
    "exit status 77"; do
	contains "$out" "$want" "the demo shows: $want"
done
is "$(printf '%s\n' "$out" | grep -cx '1.73')" 1 "the withdrawn seed model's price, 1.73"
is "$(printf '%s\n' "$out" | grep -c '^== ')" 7 "seven sections"

done_testing
