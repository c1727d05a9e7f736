#!/bin/sh
# HTTP/2 where the server offers it: a batch over TLS to an HTTP/2 server
# (nghttpd, of nghttp2) opens no more connections than requests in flight,
# speaks HTTP/2 on each, and carries many requests on one connection.
# Whether it carries several at once depends on libcurl: 7.88.1, with
# replies this long, overran its heap or left the last answers unread for
# ever when it did, so before 8.14.1 a connection carries one request at a
# time (lib/httpmulti.c, mux_ok).  ORKIT_TEST_LIBCURL may name a directory
# holding a newer libcurl.so.4 (.ci/newcurl fetches one) to check the
# multiplexing too.  The mock speaks HTTP/1.1 only, so this server answers
# every POST with a recorded reply; orchat's side is the same either way.
. "${0%/*}/lib.sh"

# Replies of 256 KiB: many DATA frames, so that streams overlap and fill
# libcurl's 16 KiB buffers.
h2_start 262144
port=$h2port
trap 'kill $h2pid 2>/dev/null; cleanup' EXIT

# The version of the libcurl.so.4 that dlopen finds, as 0xXXYYZZ, and
# as text.
curl_vernum() {
	python3 -c 'import ctypes
class V(ctypes.Structure):
    _fields_ = [("age", ctypes.c_int), ("version", ctypes.c_char_p),
                ("version_num", ctypes.c_uint)]
f = ctypes.CDLL("libcurl.so.4").curl_version_info
f.restype = ctypes.POINTER(V)
print(f(10).contents.version_num)' 2>/dev/null
}
dotted() {
	echo "libcurl $(($1 >> 16)).$(($1 >> 8 & 255)).$(($1 & 255))"
}

# Streams open at once on one connection, at most: from a HEADERS frame
# received to the DATA frame sent with END_STREAM.
at_once() {
	python3 -c 'import re, sys
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
print(most)' "$T/h2.log"
}

# Whether a request is added while another is under way on the same
# connection is a matter of timing: a client slowed down tenfold by a
# sanitizer or valgrind may take each answer before it adds the next.
case ${ORKIT_MAKEFLAGS:-} in *SANITIZE=1*) slowed=1 ;; *) slowed=${VALGRIND:-} ;; esac

seq 1 40 | sed 's/.*/"prompt &"/' >"$T/in"

# batch WHAT: one batch of 40 lines at -P 8 and what nghttpd saw of it;
# sets conns and most (streams at once on one connection).
batch() {
	: >"$T/h2.log"
	OPENROUTER_BASE_URL=https://127.0.0.1:$port/api/v1 \
	    CURL_CA_BUNDLE=$T/tls.crt run "$BIN/orchat" --batch -P 8 \
	    --timeout 60 -m anthropic/claude-sonnet-4.5 "$T/in"
	is "$rc" 0 "$1: exit 0"
	is "$(python3 -c 'import json, sys
print(sum(1 for l in open(sys.argv[1])
          if (lambda j: j["error"] is None and
              j["content"] == "x" * 262144)(json.loads(l))))' "$OUT")" 40 \
	    "$1: 40 lines answered whole"
	like "$(tail -n 1 "$ERR")" \
	    '^orchat: batch: 40 lines, 0 failed, 0 retries' "$1: the summary"
	is "$(grep -c ':method: POST' "$T/h2.log")" 40 \
	    "$1: 40 requests, as HTTP/2 streams"
	conns=$(sed -n 's/^\[id=\([0-9]*\)\].*:method: POST.*/\1/p' \
	    "$T/h2.log" | sort -u | wc -l)
	ok "$([ "$conns" -ge 1 ] && [ "$conns" -le 8 ]; echo $?)" \
	    "$1: no more connections than -P 8 (got $conns)"
	n=$(sed -n 's/^\[id=\([0-9]*\)\].*:method: POST.*/\1/p' "$T/h2.log" |
	    sort | uniq -c | sort -rn | awk 'NR == 1 { print $1 }')
	ok "$([ "$n" -gt 1 ]; echo $?)" \
	    "$1: connections kept alive (most requests on one: $n)"
	most=$(at_once)
}

# -v over HTTP/2, one call and a batch: libcurl traces each request header
# as text as well ("h2h3 [authorization: Bearer ...]" in 7.88.1,
# "[HTTP/2] [1] [authorization: ...]" in 8), and the key reached stderr
# through those lines.  The key is in no line; the header still is.
nokey() {
	for how in "hi" "--batch $T/in1"; do
		# shellcheck disable=SC2086
		OPENROUTER_BASE_URL=https://127.0.0.1:$port/api/v1 \
		    CURL_CA_BUNDLE=$T/tls.crt run "$BIN/orchat" -v \
		    -m anthropic/claude-sonnet-4.5 $how
		is "$rc" 0 "$1, -v ${how%% *}: exit 0"
		like "$err" '(h2h3|HTTP/2\]).*\[authorization: Bearer sk-or-v1-' \
		    "$1, -v ${how%% *}: libcurl's own line of the header"
		case $err in
		*"$TEST_KEY"*) ok 1 "$1, -v ${how%% *}: the key is on stderr" ;;
		*) ok 0 "$1, -v ${how%% *}: the key is not on stderr" ;;
		esac
	done
}
head -n 1 "$T/in" >"$T/in1"

# From 8.14.1: several requests at once on one connection.
multiplexed() {
	if [ -z "$slowed" ]; then
		ok "$([ "$most" -gt 1 ]; echo $?)" \
		    "requests multiplexed: $most at once on one connection"
	else
		skip "multiplexing at once: a client slowed by a sanitizer"
	fi
}

v=$(curl_vernum)
if [ -z "$v" ]; then
	skip "python3 cannot load libcurl.so.4 to read its version"
elif [ "$v" -lt $((0x080e01)) ]; then
	# Failed before: 7.88.1 multiplexed, 2 to 8 at once.
	batch "$(dotted "$v")"
	nokey "$(dotted "$v")"
	is "$most" 1 "libcurl before 8.14.1: one request at a time per connection"
	OPENROUTER_BASE_URL=https://127.0.0.1:$port/api/v1 \
	    CURL_CA_BUNDLE=$T/tls.crt run "$BIN/orchat" -v --batch \
	    -m anthropic/claude-sonnet-4.5 "$T/in1"
	like "$err" "^orchat: $(dotted "$v"): no HTTP/2 multiplexing before 8\.14\.1" \
	    "-v says why it does not multiplex"
else
	batch "$(dotted "$v")"
	nokey "$(dotted "$v")"
	multiplexed
fi

# The same with a newer libcurl, where one is at hand.
d=${ORKIT_TEST_LIBCURL:-}
if [ -z "$d" ] || [ ! -f "$d/libcurl.so.4" ]; then
	skip "no newer libcurl to multiplex with (ORKIT_TEST_LIBCURL, .ci/newcurl)"
elif ! v=$(LD_LIBRARY_PATH=$d curl_vernum) || [ -z "$v" ] ||
    [ "$v" -lt $((0x080e01)) ]; then
	skip "ORKIT_TEST_LIBCURL: no libcurl 8.14.1 or later in $d"
else
	export LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	batch "$(dotted "$v")"
	nokey "$(dotted "$v")"
	multiplexed
fi
done_testing
