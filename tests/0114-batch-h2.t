#!/bin/sh
# HTTP/2 where the server offers it: a batch over TLS to an HTTP/2 server
# (nghttpd, of nghttp2) opens no more connections than requests in flight,
# speaks HTTP/2 on each, and carries many requests as streams of one
# connection, several at once.  The mock speaks HTTP/1.1 only, so this server answers every
# POST with a recorded reply; orchat's side is the same either way.
. "${0%/*}/lib.sh"

command -v nghttpd >/dev/null 2>&1 ||
    { skip "no nghttpd (Debian: nghttp2-server)"; done_testing; }
command -v openssl >/dev/null 2>&1 || { skip "no openssl"; done_testing; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$T/tls.key" -out "$T/tls.crt" >/dev/null 2>&1
mkdir -p "$T/doc/api/v1/chat"
cp "$TOP/tests/fixtures/chat/chat_claude-sonnet-4.5_reasoning-effort-high.response.json" \
    "$T/doc/api/v1/chat/completions"

# A free port, then nghttpd on it, until it takes connections.
port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nghttpd -v -a 127.0.0.1 -d "$T/doc" "$port" "$T/tls.key" "$T/tls.crt" \
    >"$T/h2.log" 2>&1 &
h2pid=$!
trap 'kill $h2pid 2>/dev/null; cleanup' EXIT
wait_until python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null ||
    { echo "Bail out! nghttpd did not start: $(cat "$T/h2.log")"; exit 1; }

seq 1 40 | sed 's/.*/"prompt &"/' >"$T/in"
OPENROUTER_BASE_URL=https://127.0.0.1:$port/api/v1 CURL_CA_BUNDLE=$T/tls.crt \
    run "$BIN/orchat" --batch -P 4 -m anthropic/claude-sonnet-4.5 "$T/in"
is "$rc" 0 "exit 0"
is "$(grep -c '"content":"ok".*"error":null' "$OUT")" 40 \
    "40 lines answered"
is "$(grep -c ':method: POST' "$T/h2.log")" 40 "40 requests, as HTTP/2 streams"
conns=$(sed -n 's/^\[id=\([0-9]*\)\].*:method: POST.*/\1/p' "$T/h2.log" |
    sort -u | wc -l)
ok "$([ "$conns" -ge 1 ] && [ "$conns" -le 4 ]; echo $?)" \
    "no more connections than -P 4 (got $conns)"
most=$(sed -n 's/^\[id=\([0-9]*\)\].*:method: POST.*/\1/p' "$T/h2.log" |
    sort | uniq -c | sort -rn | awk 'NR == 1 { print $1 }')
ok "$([ "$most" -gt 1 ]; echo $?)" \
    "one connection carried many requests (most: $most)"
# Streams open at once on one connection: from a HEADERS frame received
# to the DATA frame sent with END_STREAM.
at_once=$(python3 -c 'import re, sys
open_, most = {}, 0
for l in open(sys.argv[1]):
    m = re.match(r"\[id=(\d+)\] \[[ 0-9.]+\] (recv|send) (\w+) frame "
                 r"<length=\d+, flags=0x([0-9a-f]+), stream_id=(\d+)>", l)
    if not m:
        continue
    c, way, kind, flags, sid = m.groups()
    s = open_.setdefault(c, set())
    if way == "recv" and kind == "HEADERS":
        s.add(sid)
        most = max(most, len(s))
    elif way == "send" and kind == "DATA" and int(flags, 16) & 1:
        s.discard(sid)
print(most)' "$T/h2.log")
# Whether a request is added while another is under way on the same
# connection is a matter of timing: a client slowed down tenfold by a
# sanitizer or valgrind takes each answer before it adds the next.
case ${ORKIT_MAKEFLAGS:-} in *SANITIZE=1*) slowed=1 ;; *) slowed=${VALGRIND:-} ;; esac
if [ -z "$slowed" ]; then
	ok "$([ "$at_once" -gt 1 ]; echo $?)" \
	    "requests multiplexed: $at_once at once on one connection"
else
	skip "multiplexing at once: a client slowed by a sanitizer"
fi
like "$(tail -n 1 "$ERR")" '^orchat: batch: 40 lines, 0 failed, 0 retries' \
    "the summary line"
done_testing
