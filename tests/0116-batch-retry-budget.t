#!/bin/sh
# orchat --batch: rate limits, retries and the budget where a line ends
# badly (found by adversarial testing).
# - A 429 with Retry-After holds back the whole batch also when its own
#   line makes no more attempt (--retries spent, no time left).
# - The jitter added to a Retry-After wait never pushes a retry that the
#   line's --timeout allows past it, as a single call would retry.
# - An answer that broke off after its 2xx may be billed: --max-cost
#   counts its worst case, as for an answer whose cost is not said.
. "${0%/*}/lib.sh"
mock_start

# gap_ok: at least 1.9 s between the first and the second request logged.
gap_ok() {
	python3 -c 'import json, sys
t = [json.loads(l)["time"] for l in open(sys.argv[1])]
print(len(t) >= 2 and t[1] - t[0] >= 1.9)' "$MOCK_LOG"
}
for how in "--retries 0" "--retries 2 --timeout 1"; do
	tag=$(echo "$how" | tr -dc 'a-z0-9')
	printf '%s\n' "{\"id\":\"a\",\"prompt\":\"a\",\"model\":\"mock/flaky:1:429:2@$tag\"}" \
	    '{"id":"b","prompt":"b","model":"mock/parrot"}' >"$T/ra.jsonl"
	: >"$MOCK_LOG"
	run_in "$T/ra.jsonl" "$BIN/orchat" --batch -P 1 $how
	is "$rc" 75 "$how: the 429 line fails (75)"
	is "$(gap_ok)" True \
	    "$how: the next line waits for the server's Retry-After: 2"
	is "$(sed -n 2p "$OUT" | grep -c '"id":"b".*"error":null')" 1 \
	    "$how: and then succeeds"
done

: >"$MOCK_LOG"
run "$BIN/orchat" -m mock/flaky:1:429:2@single --timeout 2.15 hi
is "$rc" 0 "a single orchat: retried after 2 s, within 2.15 s: exit 0"
echo '{"prompt":"hi","model":"mock/flaky:1:429:2@batch"}' >"$T/one.jsonl"
run_in "$T/one.jsonl" "$BIN/orchat" --batch --timeout 2.15
is "$rc" 0 "the same line in a batch: exit 0, the jitter kept within --timeout"
is "$(mock_requests)" 4 "both retried once"

CAT=$TOP/tests/fixtures/models/models_2026-08-08.json
for i in 1 2 3 4 5 6; do echo "{\"id\":$i,\"prompt\":\"p$i\"}"; done \
    >"$T/cost.jsonl"
# openai/gpt-4o-mini at most 1,000 tokens costs at most 0.0006045: 3 fit
# in 0.002 (as 0107 shows with answers that arrive whole).
for sc in drop drop:head truncated; do
	: >"$MOCK_LOG"
	OPENROUTER_BASE_URL=${MOCK_URL%/api/v1}/_s/$sc/api/v1 \
	    run_in "$T/cost.jsonl" "$BIN/orchat" --batch -m openai/gpt-4o-mini \
	    --max-tokens 1000 --catalog "$CAT" --max-cost 0.002 -P 2
	is "$(mock_requests)" 3 \
	    "$sc: answers that may be billed count against --max-cost"
	is "$(grep -c 'not sent: --max-cost 0.002 would be passed' "$OUT")" 3 \
	    "$sc: the other 3 lines said not sent"
done
# A round of 429s without Retry-After (many lines told at once) pauses the
# batch once, not once per 429 (found by adversarial testing: each added
# its jitter, 64 of them some 3.3 s, without bound).
python3 -c '
import json
for i in range(64): print(json.dumps({"id": i, "model": "mock/flaky:64:429@round", "prompt": "p"}))
for i in range(64, 66): print(json.dumps({"id": i, "prompt": "q"}))' >"$T/round.jsonl"
: >"$MOCK_LOG"
run "$BIN/orchat" --batch -P 64 --retries 0 -m mock/parrot "$T/round.jsonl"
is "$rc" 75 "64 lines told 429: 75"
is "$(mock_requests)" 66 "every line sent once"
gap=$(python3 -c '
import json, sys
t = sorted(json.loads(l)["time"] for l in open(sys.argv[1]))
print("%.1f" % (t[64] - t[63]))' "$MOCK_LOG")
ok "$(python3 -c "print(0 if $gap < 1.5 else 1)")" \
    "one round of 429s pauses the next line once (waited $gap s)"

# Each line's worst case counts the web search its request may pay for:
# google/gemini-3.6-flash prices a search at 0.014 USD (found by
# adversarial testing).  --web on the command line: over 0.01, nothing sent.
printf '%s\n' '{"id":1,"prompt":"p1"}' '{"id":2,"prompt":"p2"}' >"$T/web.jsonl"
: >"$MOCK_LOG"
run_in "$T/web.jsonl" "$BIN/orchat" --batch --web -m google/gemini-3.6-flash \
    --max-tokens 10 --catalog "$CAT" --max-cost 0.01 -P 1
is "$(mock_requests)" 0 "--web in a batch: the search's price counts"
is "$(grep -c 'not sent: --max-cost 0.01 would be passed' "$OUT")" 2 \
    "both lines said not sent"
# A line's own plugins, or a model id ending in :online, within 0.02: one
# search fits, two (max_uses) do not; a search with no price has no bound.
printf '%s\n' \
    '{"id":1,"prompt":"p1","model":"openai/gpt-4o-mini","plugins":[{"id":"web"}]}' \
    '{"id":2,"prompt":"p2","model":"google/gemini-3.6-flash:online"}' \
    '{"id":3,"prompt":"p3","plugins":[{"id":"web","max_uses":2}]}' \
    >"$T/web2.jsonl"
: >"$MOCK_LOG"
run_in "$T/web2.jsonl" "$BIN/orchat" --batch -m google/gemini-3.6-flash \
    --max-tokens 10 --catalog "$CAT" --max-cost 0.02 -P 1
is "$rc" 1 "lines not sent: exit 1"
is "$(mock_requests)" 1 "only the line of one search sent"
is "$(sed -n 1p "$OUT" | grep -c '"id":1.*"code":1.*no web search price')" 1 \
    "a search the catalog gives no price for: no bound, not sent"
is "$(sed -n 2p "$OUT" | grep -c '"id":2.*"error":null')" 1 \
    "the :online line: one search, within budget, sent"
is "$(sed -n 3p "$OUT" | grep -c '"id":3.*not sent: --max-cost 0.02')" 1 \
    "max_uses 2: two searches over budget, not sent"
done_testing
