#!/bin/sh
# Fault injection over HTTP (issue 11, standing machinery): the mock
# misbehaves at every phase of a reply, and each command ends with the
# documented status and one line on stderr, keeps what it printed, never
# sends a billed POST again once a 2xx status line came, and never
# follows a redirect with the key.  Bounded: a 10 MB line, a gzip bomb,
# 64 KB of headers, keep-alive comments forever, one byte at a time.
# Invalid UTF-8 anywhere never reaches stderr or a JSON output raw.
. "${0%/*}/lib.sh"
mock_start
ROOT=http://127.0.0.1:$MOCK_PORT

# at SPEC: a base URL whose requests all carry scenario SPEC.
at() { printf '%s/_s/%s/api/v1' "$ROOT" "$1"; }
# one_line NAME: stderr is one line (and so, one clear message).
one_line() { is "$(lines "$err")" 1 "$1: one line on stderr"; }
# utf8 TEXT: TEXT is valid UTF-8.
utf8() { printf '%s' "$1" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; }

# --- reset and close at every phase of a reply
# Before the status line: nothing was answered, so it is retried (75 once
# the retries are spent), as for any failure before a response.
for c_sc in orchat:drop:none orstream:drop:none:rst; do
	c=${c_sc%%:*} sc=${c_sc#*:}
	: >"$MOCK_LOG"
	run "$BIN/$c" --retries 1 -m mock/$sc hi
	is "$rc" 75 "$c, $sc (no status line): 75"
	is "$(mock_requests)" 2 "$c, $sc: sent once more, as no answer began"
	one_line "$c, $sc"
done
# Inside the status line and headers, after them, inside a JSON body,
# inside an SSE event: never sent again; a broken answer is 76.
for sc in drop:inhead drop:inhead:rst drop:head:rst drop drop:rst \
    drop:4:mid drop:6:mid:rst; do
	for c in orchat orstream; do
		: >"$MOCK_LOG"
		run "$BIN/$c" --retries 2 -m mock/$sc hi
		is "$rc" 76 "$c, $sc: 76"
		is "$(mock_requests)" 1 "$c, $sc: the POST is not sent again"
		one_line "$c, $sc"
	done
done
for sc in drop:4:mid drop:6:mid:rst; do
	run "$BIN/orstream" -m mock/$sc hi
	like "$out" '^Pebbles' "orstream, $sc: the text before the cut is kept"
done
run "$BIN/orstream" -c "$T/conv.json" -m mock/drop:6:mid hi
is "$rc" 76 "orstream -c, cut inside an event: 76"
[ ! -s "$T/conv.json" ]
ok $? "and no half a turn is saved as the conversation"
# A GET may be fetched again; a failed explicit --refresh says why.
for sc in drop:none drop:inhead drop:head drop; do
	: >"$MOCK_LOG"
	run "$BIN/ormodels" --retries 0 --refresh --base-url "$(at $sc)"
	case $rc in 75|76) ok 0 "ormodels --refresh, $sc: $rc" ;;
	*) ok 1 "ormodels --refresh, $sc: 75 or 76, got $rc" ;; esac
	one_line "ormodels --refresh, $sc"
	run "$BIN/orcost" --retries 0 -g gen-1 --base-url "$(at $sc)"
	case $rc in 75|76) ok 0 "orcost -g, $sc: $rc" ;;
	*) ok 1 "orcost -g, $sc: 75 or 76, got $rc" ;; esac
	one_line "orcost -g, $sc"
done

# --- one byte at a time (the whole reply, status line first)
run "$BIN/orchat" -m mock/drip:0.1 hi
is "$rc.$err" "0." "orchat, one byte every 0.1 ms: it completes"
like "$out" "scarecrow" "with the whole reply"
run "$BIN/orstream" -m mock/drip:0.1 hi
is "$rc.$out" "0.Pebbles and Skipper." "orstream, one byte every 0.1 ms: complete"
for c in orchat orstream; do
	: >"$MOCK_LOG"
	run "$BIN/$c" --timeout 0.3 -m mock/drip:1000 hi
	is "$rc" 75 "$c, one byte a second: 75 by --timeout"
	contains "$err" "timed out after --timeout 0.300 s" "$c: it says which limit"
	one_line "$c, one byte a second"
	is "$(mock_requests)" 1 "$c, one byte a second: sent once"
done
run "$BIN/ormodels" --timeout 0.3 --refresh --base-url "$(at drip:1000)"
is "$rc" 75 "ormodels --refresh, one byte a second: 75"
one_line "ormodels --refresh, one byte a second"

# --- keep-alive comments forever (blank lines for a plain reply)
run "$BIN/orstream" --timeout 0.3 -m mock/comments:50 hi
is "$rc.$out" "75." "orstream, keep-alives forever: 75 by --timeout"
one_line "orstream, keep-alives forever"
run "$BIN/orstream" --idle-timeout 1 -m mock/comments:2500 hi
is "$rc" 75 "orstream, keep-alives rarer than --idle-timeout: 75"
contains "$err" "no data for 1 s" "it says so"
run "$BIN/orchat" --timeout 0.3 -m mock/comments:50 hi
is "$rc.$out" "75." "orchat, blank lines forever: 75 by --timeout"
one_line "orchat, blank lines forever"
run "$BIN/ormodels" --timeout 0.3 --refresh --base-url "$(at comments:50)"
is "$rc" 75 "ormodels --refresh, blank lines forever: 75"
run "$BIN/orcost" --timeout 0.3 -g gen-1 --base-url "$(at comments:50)"
is "$rc" 75 "orcost -g, blank lines forever: 75"

# --- a 10 MB line: printed whole
run "$BIN/orstream" -m mock/hugeline:10000000 hi
is "$rc.$err" "0." "orstream, a 10 MB SSE line: 0"
ok $([ "$(wc -c <"$OUT")" -gt 9990000 ] && echo 0 || echo 1) \
    "and its 10 MB of text are printed"
run "$BIN/orchat" -m mock/hugeline:10000000 hi
is "$rc.$err" "0." "orchat, a 10 MB JSON body: 0"
# (Past the limits -- a 64 MB line, a 16 MB body -- see the gzip bomb.)

# --- a gzip bomb: 1 GB from 1 MB; the decoded size is capped
# (orstream: an endless line stops at the SSE parser's limit, comment
# lines at the cap on a stream's decoded size.)
for c_sc in orchat:gzipbomb orstream:gzipbomb orstream:gzipbomb:line; do
	c=${c_sc%%:*} sc=${c_sc#*:}
	: >"$MOCK_LOG"
	run "$BIN/$c" --retries 2 -m mock/$sc hi
	is "$rc" 76 "$c, $sc: 76"
	one_line "$c, $sc"
	is "$(mock_requests)" 1 "$c, $sc: sent once"
	case $sc in *line) want="event too large" ;; *) want="answer larger than" ;; esac
	contains "$err" "$want" "$c, $sc: stopped by the cap ($want)"
done
run "$BIN/ormodels" --refresh --base-url "$(at gzipbomb)"
is "$rc" 76 "ormodels --refresh, a gzip bomb: 76"
contains "$err" "answer larger than" "it says why"
run "$BIN/orcost" -g gen-1 --base-url "$(at gzipbomb)"
is "$rc" 76 "orcost -g, a gzip bomb: 76"

# --- 64 KB of response headers: taken
for sc in bighead bighead:one bighead:200000; do
	run "$BIN/orchat" -m mock/$sc hi
	is "$rc.$err" "0." "orchat, $sc: 0"
	run "$BIN/orstream" -m mock/$sc hi
	is "$rc.$out" "0.Pebbles and Skipper." "orstream, $sc: 0"
done
run "$BIN/ormodels" --refresh --base-url "$(at bighead)" -o id gpt-4o-mini
is "$rc.$(printf '%s\n' "$out" | head -1)" "0.openai/gpt-4o-mini" \
    "ormodels --refresh, 64 KB of headers: 0"
# One header line over libcurl's cap (100 KB): named as such, never
# "Out of memory"; the status is what it was (76 once a 2xx began).
for c in orchat orstream; do
	run "$BIN/$c" -m mock/bighead:120000:one hi
	is "$rc" 76 "$c, one header of 120 KB: 76"
	one_line "$c, one header of 120 KB"
	contains "$err" "the answer's headers are too large" "$c: it says so"
done
run "$BIN/ormodels" --refresh --base-url "$(at bighead:120000:one)"
is "$rc" 75 "ormodels --refresh, one header of 120 KB: 75"
is "$err" "ormodels: GET /models: the answer's headers are too large" \
    "ormodels: it says so"

# --- a redirect to another host: never followed, the key stays here
python3 "$TOP/tests/mock/mockor.py" --bind 127.0.0.2 --port-file "$T/port2" \
    --log "$T/log2" --max-life "$MOCK_LIFE" 2>"$T/mock2.err" &
M2=$!
i=0
while [ ! -s "$T/port2" ] && [ $i -lt 200 ]; do i=$((i + 1)); sleep 0.05; done
P2=$(cat "$T/port2" 2>/dev/null)
if [ -n "$P2" ]; then
	for code in 302 307 308; do
		for c in orchat orstream; do
			run "$BIN/$c" -m mock/redirect:$P2:127.0.0.2:$code hi
			is "$rc" 76 "$c, a $code to another host: 76"
			one_line "$c, a $code to another host"
		done
	done
	for host in 127.0.0.2 localhost; do
		run "$BIN/ormodels" --refresh \
		    --base-url "$(at redirect:$P2:$host)"
		is "$rc" 76 "ormodels --refresh, a redirect to $host: 76"
		run "$BIN/orcost" -g gen-1 --base-url "$(at redirect:$P2:$host)"
		is "$rc" 76 "orcost -g, a redirect to $host: 76"
	done
	# The second server would answer, with the key or without.
	run curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.2:$P2/api/v1/models/count"
	is "$out" 200 "the other host answers (the check below can fail)"
	is "$(grep -c 'Bearer' "$T/log2")" 0 \
	    "the other host never received the key"
	is "$(wc -l <"$T/log2" | tr -d ' ')" 1 \
	    "nor any request of orkit's"
else
	skip "no second mock server on 127.0.0.2: $(cat "$T/mock2.err")"
fi
kill "$M2" 2>/dev/null
wait "$M2" 2>/dev/null

# --- invalid UTF-8 everywhere
# In the content: orstream and orchat pass the bytes to a pipe as they
# came (and valid JSON with --json and --jsonl), and log the paid call
# (tests/0305 has them agree byte for byte).  Never a crash, never
# invalid bytes on stderr.
run "$BIN/orstream" -m mock/badutf8 hi
is "$rc.$err" "0." "orstream, invalid UTF-8 in the content: 0"
contains "$out" "$(printf 'caf\351 \200 \377\376')" "the bytes reach a pipe as sent"
for f in --json --jsonl; do
	run "$BIN/orstream" $f -m mock/badutf8 hi
	is "$rc" 0 "orstream $f, invalid UTF-8 in the content: 0"
	utf8 "$out"; ok $? "orstream $f: the output is valid UTF-8"
	cat "$OUT" >>"$T/jsonl"
done
run "$BIN/orstream" --log "$T/ledger" -u -m mock/badutf8:header hi
is "$rc" 0 "orstream, invalid UTF-8 in header values: 0"
utf8 "$err"; ok $? "stderr (-u) is valid UTF-8"
run "$BIN/orchat" --log "$T/ledger" -u -m mock/badutf8:header hi
is "$rc" 0 "orchat, invalid UTF-8 in header values: 0"
utf8 "$err"; ok $? "stderr (-u) is valid UTF-8"
utf8 "$(cat "$T/ledger")"; ok $? "the ledger is valid UTF-8"
python3 -c 'import json,sys
for f in sys.argv[1:]:
	for l in open(f, encoding="utf-8"): json.loads(l)' "$T/ledger" "$T/jsonl"
ok $? "the ledger, and orstream --json and --jsonl, are valid JSON lines"
run "$BIN/orchat" --log "$T/ledger2" -m mock/badutf8 hi
is "$rc.$err" "0." "orchat, invalid UTF-8 in the content: 0"
contains "$out" "$(printf 'caf\351 \200 \377\376')" "the bytes reach a pipe as sent"
is "$(grep -c '"completion_tokens":18' "$T/ledger2")" 1 \
    "the paid call is in the ledger, with its usage"
for c in orchat orstream; do
	run "$BIN/$c" -m mock/badutf8:error hi
	is "$rc" 65 "$c, a 400 whose body has invalid UTF-8: 65"
	one_line "$c, invalid UTF-8 in an error body"
	utf8 "$err"; ok $? "$c: the message is valid UTF-8"
done
run "$BIN/ormodels" --refresh -o id gpt-4o-mini
is "$rc" 0 "a good catalog is cached"
cp "$XDG_CACHE_HOME/orkit/models.json" "$T/models.good"
run "$BIN/ormodels" --refresh --base-url "$(at badutf8:catalog)"
is "$rc" 76 "ormodels --refresh, invalid UTF-8 in model ids: 76"
one_line "ormodels --refresh, invalid UTF-8 in the catalog"
utf8 "$err"; ok $? "the message is valid UTF-8"
cmp -s "$XDG_CACHE_HOME/orkit/models.json" "$T/models.good"
ok $? "the good cache is kept"
run "$BIN/orcost" --refresh --base-url "$(at badutf8:catalog)" \
    -m openai/gpt-4o-mini -p 1000 -c 1000
is "$rc" 76 "orcost --refresh, invalid UTF-8 in model ids: 76"

done_testing
