#!/usr/bin/env bash
# mock-selftest.sh -- quick self-test of tests/mock/mockor.py, printing TAP.
# Starts the mock on a temporary port file, exercises every scenario with curl,
# checks the request log, runs one HTTPS check with a fresh self-signed
# certificate, then stops the server.  Needs bash, curl, python3 and openssl.
# MOCK_SELFTEST_KEEP=1 keeps the temporary directory (responses, log, stderr).

# Checks are often eval'd single-quoted strings, and variables set by fetch
# are read inside them, which shellcheck cannot see.
# shellcheck disable=SC2016,SC2034
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
MOCK="$ROOT/tests/mock/mockor.py"
FX="$ROOT/tests/fixtures"
CF="$ROOT/tests/conformance"
T=$(mktemp -d "${TMPDIR:-/tmp}/mockselftest.XXXXXX")
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
[ -n "$MOCK_SELFTEST_KEEP" ] && trap - EXIT

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }
check() { # check DESCRIPTION COMMAND...
	local d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}

# start_mock NAME ARGS... : starts a server, sets $PORT and $SPID
start_mock() {
	local name=$1
	shift
	python3 "$MOCK" --port-file "$T/$name.port" "$@" 2>"$T/$name.stderr" &
	SPID=$!
	PIDS+=("$SPID")
	local i
	for i in $(seq 100); do
		[ -s "$T/$name.port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$T/$name.port" 2>/dev/null)
}

# fetch NAME CURL-ARGS... : response in $T/NAME.b, headers in $T/NAME.h;
# sets $st (HTTP status), $rc (curl exit status), $tt (seconds taken)
fetch() {
	local name=$1
	shift
	local out
	out=$(curl -sS --max-time 5 -o "$T/$name.b" -D "$T/$name.h" \
		-w '%{http_code} %{time_total}' "$@" 2>"$T/$name.err")
	rc=$?
	st=${out% *}
	tt=${out#* }
}
AUTH=(-H 'Authorization: Bearer sk-or-v1-test')
JSON=(-H 'Content-Type: application/json')
# chat NAME SCENARIO STREAM(true|false) [more curl args]
chat() {
	local name=$1 spec=$2 stream=$3
	shift 3
	fetch "$name" "${AUTH[@]}" "${JSON[@]}" -H "X-Mock-Scenario: $spec" \
		-d "{\"model\":\"openai/gpt-4o\",\"stream\":$stream,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" \
		"$@" "$B/chat/completions"
}
hdr() { # hdr NAME HEADER: value of HEADER in response NAME (no forks: fast)
	local line
	while IFS= read -r line; do
		line=${line%$'\r'}
		case ${line,,} in
		"${2,,}:"*)
			line=${line#*:}
			echo "${line# }"
			return
			;;
		esac
	done <"$T/$1.h"
}
same() { cmp -s "$1" "$2"; }
has() { grep -q -- "$2" "$1"; }

# pycheck DESCRIPTION PYTHON-CODE [ARGS...]: a check written in Python, run at
# the end together with the others in a single python3 process (python3 starts
# slowly on some machines).  The code sees ARGS in sys.argv[1:], may use the
# helpers defined in run_pychecks, and fails by raising or by sys.exit(true).
npy=0
pycheck() {
	npy=$((npy + 1))
	local f
	f=$(printf '%s/py.%03d' "$T" "$npy")
	printf '%s' "$1" >"$f.desc"
	printf '%s' "$2" >"$f.py"
	shift 2
	printf '%s\0' "$@" >"$f.args"
}
run_pychecks() {
	python3 - "$T" <<'PYEOF' >"$T/py.out"
import glob, json, os, sys
def same(a, b):
    try:
        return open(a, "rb").read() == open(b, "rb").read()
    except OSError:
        return False
def isjson(path):
    try:
        json.load(open(path, "rb"))
        return True
    except ValueError:
        return False
for f in sorted(glob.glob(os.path.join(sys.argv[1], "py.[0-9]*.py"))):
    base = f[:-3]
    desc = open(base + ".desc").read()
    args = open(base + ".args", "rb").read().decode().split("\0")[:-1]
    sys.argv = [f] + args
    try:
        exec(compile(open(f).read(), f, "exec"), {"isjson": isjson, "same": same, "json": json, "sys": sys, "__name__": "check"})
        good = True
    except SystemExit as e:
        good = not e.code
    except Exception as e:
        desc += " (%s: %s)" % (type(e).__name__, e)
        good = False
    print(("ok" if good else "not ok") + "\t" + desc)
PYEOF
	local res desc
	while IFS=$'\t' read -r res desc; do
		if [ "$res" = ok ]; then ok "$desc"; else notok "$desc"; fi
	done <"$T/py.out"
}
slower() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }

OKCHAT="$FX/chat/chat_gemini-2.5-flash-lite_basic-2025-10.response.json"
OKSSE="$FX/stream/stream_gpt-4o_text_2025-08.sse"

# A server whose --max-life is 1 s: checked near the end.
start_mock life --max-life 1
LIFE_PID=$SPID

start_mock main --log "$T/req.log"
B="http://127.0.0.1:$PORT/api/v1"
check "server writes its port file" test -n "$PORT"

# ---- ok -----------------------------------------------------------------
chat ok ok false
check "ok: 200 and the real response byte for byte" eval '[ "$st" = 200 ] && same "$T/ok.b" "$OKCHAT"'
check "ok: X-Generation-Id equals the body id" \
	test "$(hdr ok X-Generation-Id)" = "gen-1759503832-O5IKtEwGGvVaTr3Thz3w"
chat oks ok true
check "ok stream: fixture byte for byte" eval '[ "$st" = 200 ] && same "$T/oks.b" "$OKSSE"'
check "ok stream: event-stream, no-cache, chunked, generation id" eval '
	[ "$(hdr oks Content-Type)" = text/event-stream ] &&
	[ "$(hdr oks Cache-Control)" = no-cache ] &&
	[ "$(hdr oks Transfer-Encoding)" = chunked ] &&
	[ "$(hdr oks X-Generation-Id)" = gen-1754441342-hIkMo7SMi0ZecQw3oR4d ]'
fetch nohdr "${AUTH[@]}" "${JSON[@]}" -d '{"model":"x","stream":true}' "$B/chat/completions"
check "default scenario is ok" same "$T/nohdr.b" "$OKSSE"
fetch noprefix "${AUTH[@]}" "${JSON[@]}" -d '{"model":"x"}' "http://127.0.0.1:$PORT/chat/completions"
check "paths work without /api/v1" same "$T/noprefix.b" "$OKCHAT"

# ---- auth and bad input --------------------------------------------------
fetch noauth "${JSON[@]}" -d '{"model":"x"}' "$B/chat/completions"
check "no Authorization: 401 with the real body" eval '[ "$st" = 401 ] &&
	same "$T/noauth.b" "$CF/http_errors/401-no-auth-credentials/body"'
fetch badkey -H 'Authorization: Bearer bad-key' "${JSON[@]}" -d '{"model":"x"}' "$B/chat/completions"
check "key starting with bad: 401 User not found" eval '[ "$st" = 401 ] && has "$T/badkey.b" "User not found"'
fetch badjson "${AUTH[@]}" "${JSON[@]}" -d '{"model":' "$B/chat/completions"
check "invalid JSON: 400 Invalid JSON body" eval '[ "$st" = 400 ] && has "$T/badjson.b" "Invalid JSON body"'
fetch model "${AUTH[@]}" "${JSON[@]}" -d '{"model":"mock/status:402","messages":[]}' "$B/chat/completions"
check "model mock/SPEC selects the scenario" eval '[ "$st" = 402 ] && has "$T/model.b" "more credits"'
chat unknown no-such-scenario false
check "unknown scenario: 400 naming it" eval '[ "$st" = 400 ] && has "$T/unknown.b" "no-such-scenario"'
fetch noroute "$B/nothing/here"
check "unknown route: 404" test "$st" = 404
pycheck "unknown route: JSON error body" 'sys.exit(not isjson(sys.argv[1]))' "$T/noroute.b"

# ---- fixture / conformance ---------------------------------------------------
chat fxp fixture:chat_glm-4.6_reasoning false
check "fixture:NAME non-streaming" same "$T/fxp.b" "$FX/chat/chat_glm-4.6_reasoning.response.json"
chat fxs fixture:stream_o3_reasoning true
check "fixture:NAME streaming" same "$T/fxs.b" "$FX/stream/stream_o3_reasoning.sse"
chat fxshort fixture:gpt-4.1-mini_tool-call_2025-08 true
check "fixture: prefix and suffix optional" same "$T/fxshort.b" "$FX/stream/stream_gpt-4.1-mini_tool-call_2025-08.sse"
# The loops below make one curl run with --next per case (curl starts slowly).
CHATBODY='{"model":"openai/gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}'
args=()
for d in "$CF"/chat/*/; do
	c=$(basename "$d")
	args+=(--next -sS --max-time 5 "${AUTH[@]}" "${JSON[@]}" -H "X-Mock-Scenario: conformance:$c"
		-d "$CHATBODY" -o "$T/conf.$c" -w "%{http_code} $c\n" "$B/chat/completions")
done
curl "${args[@]:1}" >"$T/conf.status" 2>/dev/null
pycheck "conformance:NAME replays every chat case" '
import glob, os
bad = []
codes = open(sys.argv[3]).read().split("\n")
for d in sorted(glob.glob(os.path.join(sys.argv[1], "chat", "*"))):
    c = os.path.basename(d)
    if not same(os.path.join(sys.argv[2], "conf." + c), os.path.join(d, "stream.sse")) \
            or "200 " + c not in codes:
        bad.append(c)
assert not bad, bad' "$CF" "$T" "$T/conf.status"

# ---- http-error / status ---------------------------------------------------------
args=()
for d in "$CF"/http_errors/*/; do
	c=$(basename "$d")
	args+=(--next -sS --max-time 5 -i --raw "${AUTH[@]}" -H "X-Mock-Scenario: http-error:$c"
		-o "$T/he.$c" "$B/models")
done
curl "${args[@]:1}" 2>/dev/null
pycheck "http-error:NAME replays every case exactly" '
import glob, os
bad = [os.path.basename(d) for d in sorted(glob.glob(os.path.join(sys.argv[1], "http_errors", "*")))
       if not same(os.path.join(sys.argv[2], "he." + os.path.basename(d)),
                   os.path.join(d, "response.http"))]
assert not bad, bad' "$CF" "$T"
args=()
codes=(400:error_400_invalid-model-id.json 401:error_401_user-not-found.json
	402:error_402_cannot-afford-max-tokens.json 403:error_403_moderation-flagged.json
	404:error_404_no-endpoints-for-model.json 429:error_429_provider-rate-limited-upstream.response.json)
for f in "${codes[@]}"; do
	args+=(--next -sS --max-time 5 "${AUTH[@]}" "${JSON[@]}" -H "X-Mock-Scenario: status:${f%%:*}"
		-d "$CHATBODY" -o "$T/stat.${f%%:*}" -w "%{http_code}\n" "$B/chat/completions")
done
curl "${args[@]:1}" >"$T/stat.status" 2>/dev/null
pycheck "status:CODE uses the real error fixtures" '
codes = open(sys.argv[3]).read().split()
bad = []
for i, f in enumerate(sys.argv[4:]):
    c, name = f.split(":", 1)
    if not same(sys.argv[2] + "/stat." + c, sys.argv[1] + "/errors/" + name) or codes[i] != c:
        bad.append(c)
assert not bad, bad' "$FX" "$T" "$T/stat.status" "${codes[@]}"
chat s500 status:500 true
check "status:500 (stream request): generic body" eval '[ "$st" = 500 ] &&
	[ "$(cat "$T/s500.b")" = "{\"error\":{\"code\":500,\"message\":\"Internal Server Error\"}}" ]'
chat s429d status:429:free-models-per-day false
check "status:429:VARIANT picks another fixture" same "$T/s429d.b" "$FX/errors/error_429_free-models-per-day.json"

# ---- flaky -------------------------------------------------------------------
tag=$$
chat fl1 "flaky:2:503:1@$tag" false; s1=$st; r1=$(hdr fl1 Retry-After)
chat fl2 "flaky:2:503:1@$tag" false; s2=$st
chat fl3 "flaky:2:503:1@$tag" false; s3=$st
check "flaky:2:503:1: 503, 503, then 200" test "$s1 $s2 $s3" = "503 503 200"
check "flaky: Retry-After verbatim" test "$r1" = 1
check "flaky: success is the ok reply" same "$T/fl3.b" "$OKCHAT"
chat fld "flaky:1:429:date+30@$tag" false
pycheck "flaky date+S: an HTTP date in the future" '
import email.utils, sys, time
d = email.utils.parsedate_to_datetime(sys.argv[1]).timestamp()
now = float(sys.argv[2])
sys.exit(not (now + 20 < d < now + 40))' "$(hdr fld Retry-After)" "$(date +%s)"
chat fldp "flaky:1:429:date-past@$tag" false
pycheck "flaky date-past: an HTTP date in the past" '
import email.utils, sys, time
sys.exit(not email.utils.parsedate_to_datetime(sys.argv[1]).timestamp() < time.time())' "$(hdr fldp Retry-After)"
chat flm "flaky:1:502@$tag" true; s1=$st
chat flm "flaky:1:502@$tag" true
check "flaky streaming: 502 then the ok stream" eval '[ "$s1" = 502 ] && same "$T/flm.b" "$OKSSE"'

# ---- stream shapes ---------------------------------------------------------------
chat ka keepalive true
check "keepalive: comments added, data unchanged" eval '
	[ "$(grep -c "^: OPENROUTER PROCESSING" "$T/ka.b")" -ge 10 ] &&
	[ "$(grep "^data:" "$T/ka.b")" = "$(grep "^data:" "$OKSSE")" ]'
chat slow slow:50 true
check "slow:50: same stream, >= 0.45 s" eval 'same "$T/slow.b" "$OKSSE" && slower "$tt" 0.45'
chat sil silent:1 true
check "silent:1: same stream after >= 1 s" eval 'same "$T/sil.b" "$OKSSE" && slower "$tt" 1'
chat sil2 silent:2 true --max-time 0.6
check "silent:2: idle after one comment (client times out)" eval '[ "$rc" = 28 ] &&
	[ "$(cat "$T/sil2.b")" = ": OPENROUTER PROCESSING" ]'
chat bur bursty true
check "bursty: same bytes" same "$T/bur.b" "$OKSSE"
chat burc bursty:crlf:10 true
check "bursty:crlf: same events with CRLF line ends" eval '
	has "$T/burc.b" $'"'"'\r'"'"' && [ "$(tr -d "\r" <"$T/burc.b" | md5sum)" = "$(md5sum <"$OKSSE")" ]'
chat mid midstream-error true
check "midstream-error: the real stream" same "$T/mid.b" "$FX/stream/stream_minimax-m2-free_midstream-error.sse"
chat midp midstream-error false
check "midstream-error non-streaming: 200 with choices[0].error" eval '[ "$st" = 200 ] && has "$T/midp.b" "\"finish_reason\":\"error\""'

# ---- broken bodies -------------------------------------------------------------
chat drop drop false
check "drop: curl reports a partial body (exit 18)" eval '[ "$rc" = 18 ] && [ "$(wc -c <"$T/drop.b")" -lt "$(wc -c <"$OKCHAT")" ]'
chat drops drop true
check "drop stream: partial stream, exit 18" eval '[ "$rc" = 18 ] && has "$T/drops.b" "Peb" && ! has "$T/drops.b" DONE'
chat drr drop:rst true
check "drop:rst stream: connection reset or partial" eval '[ "$rc" = 18 ] || [ "$rc" = 56 ]'
chat tru truncated true
check "truncated: clean end, no [DONE], last event cut" eval '[ "$rc" = 0 ] && ! has "$T/tru.b" DONE &&
	[ "$(tail -c 1 "$T/tru.b" | od -An -c | tr -d " ")" != "\\n" ] && has "$T/tru.b" bles'
chat trp truncated false
check "truncated non-streaming: clean end" eval '[ "$rc" = 0 ] && [ "$st" = 200 ]'
pycheck "truncated non-streaming: half a body" 'sys.exit(isjson(sys.argv[1]))' "$T/trp.b"
chat mal malformed false
check "malformed: 200 application/json that is not JSON" eval '[ "$st" = 200 ] &&
	[ "$(hdr mal Content-Type)" = application/json ]'
pycheck "malformed: the body is not JSON" 'sys.exit(isjson(sys.argv[1]))' "$T/mal.b"
chat mals malformed true
pycheck "malformed stream: one data event is not JSON" '
import json, sys
bad = 0
for line in open(sys.argv[1], "rb").read().split(b"\n"):
    if line.startswith(b"data: ") and line != b"data: [DONE]":
        try: json.loads(line[6:])
        except ValueError: bad += 1
sys.exit(bad != 1)' "$T/mals.b"
chat html html:503 false
check "html:503: Cloudflare-style page" eval '[ "$st" = 503 ] &&
	[ "$(hdr html Content-Type)" = "text/html; charset=UTF-8" ] && has "$T/html.b" "<!DOCTYPE html>"'

# ---- gzip / big / slowbody / echo ---------------------------------------------------------
chat gz gzip false --compressed
check "gzip: Content-Encoding gzip, decodes to the fixture" eval '
	[ "$(hdr gz Content-Encoding)" = gzip ] && same "$T/gz.b" "$OKCHAT"'
chat gzn gzip false
check "gzip without Accept-Encoding: identity" eval '[ -z "$(hdr gzn Content-Encoding)" ] && same "$T/gzn.b" "$OKCHAT"'
chat gzs gzip true --compressed
check "gzip stream: decodes to the fixture" eval '[ "$(hdr gzs Content-Encoding)" = gzip ] && same "$T/gzs.b" "$OKSSE"'
fetch gzm -H 'X-Mock-Scenario: gzip' --compressed "$B/models"
check "gzip models catalog" eval '[ "$(hdr gzm Content-Encoding)" = gzip ] && same "$T/gzm.b" "$FX/models/models_2026-08-08.json"'
chat big big:100000 false
check "big:100000: exactly 100000 bytes" eval '[ "$(wc -c <"$T/big.b")" = 100000 ] &&
	[ "$(hdr big Content-Length)" = 100000 ]'
pycheck "big:100000: valid JSON" 'sys.exit(not isjson(sys.argv[1]))' "$T/big.b"
fetch bigm -H 'X-Mock-Scenario: big:2000000' "$B/models"
check "big models: 2000000-byte catalog" test "$(wc -c <"$T/bigm.b")" = 2000000
pycheck "big models: valid JSON" 'sys.exit(not isjson(sys.argv[1]))' "$T/bigm.b"
chat sb slowbody:25 false
check "slowbody:25: same body, >= 0.1 s" eval 'same "$T/sb.b" "$OKCHAT" && slower "$tt" 0.1'
fetch echo "${AUTH[@]}" "${JSON[@]}" -H 'X-Mock-Scenario: echo' \
	-d '{ "model" : "a/b", "messages": [ {"role":"user","content":"h\u00e9"} ] }' "$B/chat/completions"
pycheck "echo: content is the compact request body" '
import json, sys
c = json.load(open(sys.argv[1]))["choices"][0]["message"]["content"]
sys.exit(c != "{\"model\":\"a/b\",\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9\"}]}")' "$T/echo.b"
fetch parrot "${AUTH[@]}" "${JSON[@]}" -H 'X-Mock-Scenario: parrot:length' \
	-d '{"model":"a/b","messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"},{"role":"user","content":[{"type":"text","text":"A "},{"type":"image_url","image_url":{"url":"u"}},{"type":"text","text":"{}"}]}]}' "$B/chat/completions"
pycheck "parrot:length: the last user text as the reply, finish_reason length" '
import json, sys
c = json.load(open(sys.argv[1]))["choices"][0]
sys.exit(c["message"]["content"] != "A {}" or c["finish_reason"] != "length")' "$T/parrot.b"

# ---- other routes ------------------------------------------------------------------------
fetch models "$B/models"
check "GET /models: the 2026-08-08 catalog" eval '[ "$st" = 200 ] && same "$T/models.b" "$FX/models/models_2026-08-08.json"'
fetch models2 "$B/models?fixture=models_2025-04-23.json"
check "GET /models?fixture=NAME" same "$T/models2.b" "$FX/models/models_2025-04-23.json"
fetch ep "$B/models/google/gemini-2.5-pro-preview/endpoints"
check "endpoints of google/gemini-2.5-pro-preview" same "$T/ep.b" "$FX/endpoints/endpoints_google-gemini-2.5-pro-preview_2025-05-12.json"
fetch ep404 "$B/models/foo/bar/endpoints"
check "endpoints of an unknown model: 404" eval '[ "$st" = 404 ] &&
	[ "$(cat "$T/ep404.b")" = "{\"error\":{\"code\":404,\"message\":\"No endpoints found for foo/bar.\"}}" ]'
fetch key "${AUTH[@]}" "$B/key"
check "GET /key: data from the fixture" eval '[ "$st" = 200 ] && has "$T/key.b" "\"data\":{\"label\":\"sk-or-v1-0fa...240\""'
fetch akey "${AUTH[@]}" "$B/auth/key"
fetch nkey "$B/auth/key"
check "GET /auth/key works, 401 without a key" eval '[ "$st" = 401 ] && same "$T/akey.b" "$T/key.b"'
fetch gen "${AUTH[@]}" "$B/generation?id=gen-123-abc"
check "GET /generation?id=: data with that id" eval '[ "$st" = 200 ] && has "$T/gen.b" "\"id\":\"gen-123-abc\"" && has "$T/gen.b" total_cost'
pycheck "GET /generation: the fields the mock adds; the fixture's own kept" '
from decimal import Decimal as D
d = json.load(open(sys.argv[1]))["data"]
assert d["model"] == "google/gemini-2.5-flash-lite" and d["is_byok"] is False, d
assert d["created_at"].startswith("2026-02-25T14:35:07") and d["created_at"].endswith("+00:00"), d
assert (d["native_tokens_prompt"], d["native_tokens_completion"]) == (2, 350), d
assert D(2) * D("0.0000001") + D(350) * D("0.0000004") == D(repr(d["total_cost"])) == D(repr(d["usage"]))
assert d["latency"] == 1643 and d["cache_discount"] is None and d["upstream_inference_cost"] == 0
assert [(p["provider_name"], p["status"]) for p in d["provider_responses"]] == \
    [("Google", 429), ("Google AI Studio", 200)]' "$T/gen.b"
R="http://127.0.0.1:$PORT"
fetch ps1 "$R/_s/flaky:1:503@ps$tag/api/v1/models/count"; s1=$st
fetch ps2 "$R/_s/flaky%3A1%3A503%40ps$tag/api/v1/models/count"
check "/_s/SPEC/ path: scenario chosen, percent-decoded (one counter), rest routed" eval '
	[ "$s1 $st" = "503 200" ] && [ "$(cat "$T/ps2.b")" = "{\"data\":{\"count\":345}}" ]'
fetch ps3 -H 'X-Mock-Scenario: status:418' "$R/_s/status:402/api/v1/models"; s1=$st
fetch ps4 "$R/_s/status:402/models"
check "/_s/SPEC/: the header wins; works without /api/v1" test "$s1 $st" = "418 402"
fetch cr -H 'Authorization: Bearer mgmt-0123' "$B/credits"
check "GET /credits, key mgmt...: 200 with the reference's numbers" eval '[ "$st" = 200 ] &&
	[ "$(cat "$T/cr.b")" = "{\"data\":{\"total_credits\":100.5,\"total_usage\":25.75}}" ]'
fetch cr403 "${AUTH[@]}" "$B/credits"
check "GET /credits, another key: 403, OpenRouter-style body" eval '[ "$st" = 403 ] &&
	[ "$(cat "$T/cr403.b")" = "{\"error\":{\"code\":403,\"message\":\"Only management keys can access this endpoint\"}}" ]'
fetch cr401 "$B/credits"; s1=$st
fetch crbad -H 'Authorization: Bearer bad-key' "$B/credits"
check "GET /credits: 401 without a key, 401 for a bad one" test "$s1 $st" = "401 401"
PEND="$R/_s/pending:2@$tag/api/v1/generation?id=gen-p"
fetch pe0 "$PEND"; s0=$st
fetch pe1 "${AUTH[@]}" "$PEND"; s1=$st
fetch pe2 "${AUTH[@]}" "$PEND"; s2=$st
fetch pe3 "${AUTH[@]}" "$PEND"
check "pending:2: 404, 404, then the answer (a 401 is not counted)" eval '
	[ "$s0 $s1 $s2 $st" = "401 404 404 200" ] && has "$T/pe3.b" "\"id\":\"gen-p\"" &&
	[ "$(cat "$T/pe1.b")" = "{\"error\":{\"code\":404,\"message\":\"Generation not found\"}}" ]'
fetch pek "${AUTH[@]}" -H "X-Mock-Scenario: pending:5@k$tag" "$B/key"
check "pending on another route: the normal answer" eval '[ "$st" = 200 ] && same "$T/pek.b" "$T/key.b"'
fetch kf "${AUTH[@]}" -H 'X-Mock-Scenario: key-full' "$B/key"
fetch kfa "${AUTH[@]}" -H 'X-Mock-Scenario: key-full' "$B/auth/key"
pycheck "key-full: the 2026 spec example of /key, on /key and /auth/key" '
d = json.load(open(sys.argv[1]))["data"]
want = {"label": "sk-or-v1-au7...890", "limit": 100, "limit_remaining": 74.5,
        "limit_reset": "monthly", "usage": 25.5, "usage_daily": 25.5, "usage_weekly": 25.5,
        "usage_monthly": 25.5, "byok_usage": 17.38, "is_free_tier": False,
        "expires_at": "2027-12-31T23:59:59Z"}
assert all(d.get(k) == v for k, v in want.items()), d
assert (d["rate_limit"]["requests"], d["rate_limit"]["interval"]) == (1000, "1h")
assert same(sys.argv[1], sys.argv[2])' "$T/kf.b" "$T/kfa.b"
fetch lk "${AUTH[@]}" -H 'X-Mock-Scenario: legacy-key' "$B/key"; s1=$st
fetch lka "${AUTH[@]}" -H 'X-Mock-Scenario: legacy-key' "$B/auth/key"
check "legacy-key: /key 404 Not Found, /auth/key the normal answer" eval '
	[ "$s1 $st" = "404 200" ] && same "$T/lka.b" "$T/key.b" &&
	[ "$(cat "$T/lk.b")" = "{\"error\":{\"code\":404,\"message\":\"Not Found\"}}" ]'
fetch rst -X POST "http://127.0.0.1:$PORT/_mock/reset"
check "POST /_mock/reset" test "$st" = 200
fetch pe4 "${AUTH[@]}" "$PEND"
check "/_mock/reset clears the pending counts" test "$st" = 404

# ---- request log -------------------------------------------------------------------------
fetch marker "${AUTH[@]}" "${JSON[@]}" -H 'X-Test-Marker: Hello' -d '{"marker":1}' "$B/chat/completions?x=1"
cp "$T/req.log" "$T/req.log.snap"
pycheck "log: one JSON line per request, the marker request recorded" '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
m = [r for r in recs if r["headers"].get("X-Test-Marker") == "Hello"]
ok = (len(recs) == int(sys.argv[2]) and len(m) == 1 and m[0]["method"] == "POST"
      and m[0]["path"] == "/api/v1/chat/completions" and m[0]["query"] == "x=1"
      and m[0]["body"] == "{\"marker\":1}"
      and m[0]["headers"]["Authorization"] == "Bearer sk-or-v1-test"
      and abs(m[0]["time"] - float(sys.argv[3])) < 30
      and sorted(m[0]) == ["body", "headers", "method", "path", "query", "time"])
sys.exit(not ok)' "$T/req.log.snap" "$(grep -c '' "$T/req.log.snap")" "$(date +%s)"
nfl=$(grep -c "flaky:2:503:1@$tag" "$T/req.log")
check "log: every flaky attempt recorded" test "$nfl" = 3
pycheck "log: flaky attempts timed in order" '
recs = [json.loads(l) for l in open(sys.argv[1]) if sys.argv[2] in l]
t = [r["time"] for r in recs]
assert len(t) == 3 and t == sorted(t), t' "$T/req.log.snap" "flaky:2:503:1@$tag"
check "server stderr: just one line, for the unknown scenario" eval '
	[ "$(grep -c "" "$T/main.stderr")" = 1 ] && has "$T/main.stderr" no-such-scenario'

# ---- HTTPS ---------------------------------------------------------------------------
if openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -days 2 \
	-keyout "$T/key.pem" -out "$T/cert.pem" >/dev/null 2>&1; then
	start_mock tls --tls "$T/cert.pem" "$T/key.pem"
	fetch tlsok --cacert "$T/cert.pem" "${AUTH[@]}" "${JSON[@]}" -d '{"model":"x","stream":true}' \
		"https://127.0.0.1:$PORT/api/v1/chat/completions"
	check "HTTPS with --cacert: ok stream" eval '[ "$rc" = 0 ] && same "$T/tlsok.b" "$OKSSE"'
	fetch tlsbad "https://127.0.0.1:$PORT/api/v1/models"
	check "HTTPS without --cacert: certificate rejected" test "$rc" = 60
	fetch tlsdrop --cacert "$T/cert.pem" -H 'X-Mock-Scenario: drop' "https://127.0.0.1:$PORT/api/v1/models"
	check "HTTPS drop: client sees an error" test "$rc" != 0
	kill "$SPID"
	check "HTTPS server: rejected handshakes leave stderr empty" test ! -s "$T/tls.stderr"
else
	notok "openssl could not make a certificate"
fi

# ---- shutdown --------------------------------------------------------------------------
MAIN_PID=${PIDS[1]}
kill -TERM "$MAIN_PID"
for i in $(seq 40); do kill -0 "$MAIN_PID" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$MAIN_PID" 2>/dev/null; then
	notok "SIGTERM stops the server"
else
	wait "$MAIN_PID"
	check "SIGTERM stops the server with status 0" test "$?" = 0
fi
check "--max-life 1: server gone by itself" eval '! kill -0 "$LIFE_PID" 2>/dev/null'

run_pychecks
echo "1..$n"
[ "$fails" = 0 ]
