#!/bin/sh
# make demo: the tools at work.  Offline -- a chat answered by the mock
# OpenRouter server from a real captured reply -- and, when
# OPENROUTER_API_KEY is set, one real chat.
set -u
cd "$(dirname "$0")/.."
T=$(mktemp -d "${TMPDIR:-/tmp}/orkit-demo.XXXXXX")
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT

echo "== the four tools"
for c in orchat orstream ormodels orcost; do bin/$c --version; done

# The bundled catalog, and a cache of the demo's own.
XDG_CACHE_HOME=$T/cache
export XDG_CACHE_HOME

echo
echo "== the model catalog, offline (the bundled one): a card and a filtered listing"
echo '$ ormodels --catalog data/models.json -l openai/gpt-4o'
bin/ormodels --catalog data/models.json -l openai/gpt-4o
echo '$ ormodels --catalog data/models.json --supports tools --min-context 1M --max-prompt-price 0.2'
bin/ormodels --catalog data/models.json --supports tools --min-context 1M \
    --max-prompt-price 0.2
echo '$ ormodels --catalog data/models.json -l openai/gpt-4-1106-preview | head -3'
bin/ormodels --catalog data/models.json -l openai/gpt-4-1106-preview |
    head -3

echo
echo "== a price: 173,000 prompt tokens, at the model's last listed prices"
echo '$ orcost --catalog data/models.json -m openai/gpt-4-1106-preview -p 173000'
bin/orcost --catalog data/models.json -m openai/gpt-4-1106-preview -p 173000

echo
echo "== a chat, offline: the mock server answers with a real captured reply"
python3 tests/mock/mockor.py --port-file "$T/port" --max-life 60 &
pid=$!
while [ ! -s "$T/port" ]; do sleep 0.05; done
echo '$ echo "Say hello" | orchat -m google/gemini-2.5-flash-lite'
echo "Say hello" | OPENROUTER_API_KEY=sk-or-v1-demo \
    OPENROUTER_BASE_URL=http://127.0.0.1:$(cat "$T/port")/api/v1 \
    bin/orchat -m google/gemini-2.5-flash-lite

echo
echo "== a stream, offline: the text as it arrives (a recorded SSE stream)"
echo '$ orstream -m google/gemini-2.5-flash-lite "Say hello"'
OPENROUTER_API_KEY=sk-or-v1-demo \
    OPENROUTER_BASE_URL=http://127.0.0.1:$(cat "$T/port")/api/v1 \
    bin/orstream -m google/gemini-2.5-flash-lite "Say hello"
echo	# the reply's own text has no final newline

echo
echo "== what a reply cost, computed at the bundled catalog's prices and as billed"
echo '$ orchat --json ... | orcost --catalog data/models.json'
OPENROUTER_API_KEY=sk-or-v1-demo \
    OPENROUTER_BASE_URL=http://127.0.0.1:$(cat "$T/port")/api/v1 \
    bin/orchat -m mock/fixture:chat_claude-sonnet-4.6_cache-read --json hi |
    bin/orcost --catalog data/models.json
echo '$ orcost --catalog data/models.json -m openai/gpt-4o -p 173k -c 2k -H'
bin/orcost --catalog data/models.json -m openai/gpt-4o -p 173k -c 2k -H

echo
echo "== an error, as a script sees it (exit status 77: fix your key)"
echo '$ orchat -m mock/status:401 hi; echo $?'
OPENROUTER_API_KEY=sk-or-v1-demo \
    OPENROUTER_BASE_URL=http://127.0.0.1:$(cat "$T/port")/api/v1 \
    bin/orchat -m mock/status:401 hi
echo "exit status $?"

if [ -n "${OPENROUTER_API_KEY:-}" ]; then
	echo
	echo "== a real chat (OPENROUTER_API_KEY is set)"
	echo '$ orchat -m openai/gpt-4o-mini "Name three Unix filters, one line."'
	bin/orchat -m openai/gpt-4o-mini "Name three Unix filters, one line."
fi
