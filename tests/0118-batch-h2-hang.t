#!/bin/sh
# An HTTP/2 connection that hangs (the peer or the path stops delivering,
# TCP still up) holds every request multiplexed on it until its --timeout,
# and libcurl goes on adding new requests to it; a timeout resets only
# the stream, and the connection goes back to the pool.  Once a request
# times out, a batch stops multiplexing and uses no connection made before
# (httpmulti.c, mux_off, mx_start).  Before, every later line went onto the
# hung connection and failed (8 of 8), then one a round (3 of 12).  A TCP
# proxy in front of nghttpd stalls its first connection after 100000
# bytes.  7.88.1 hands the hung connection on too; only 8.14.1 and later
# multiplex (mux_ok): ORKIT_TEST_LIBCURL names a directory holding one
# (.ci/newcurl), to run with as well.
. "${0%/*}/lib.sh"

h2_start 262144
trap 'kill $h2pid ${ppid:-} 2>/dev/null; cleanup' EXIT
port=$h2port
cat >"$T/proxy.py" <<'PY'
import asyncio, sys
lp, up = int(sys.argv[1]), int(sys.argv[2])
n = 0
async def handle(cr, cw):
    global n
    n += 1
    first = n == 1
    ur, uw = await asyncio.open_connection("127.0.0.1", up)
    async def c2s():
        try:
            while (b := await cr.read(65536)):
                uw.write(b); await uw.drain()
        except Exception:
            pass
    async def s2c():
        got = 0
        try:
            while (b := await ur.read(16384)):
                if first and got + len(b) > 100000:
                    cw.write(b[:100000 - got]); await cw.drain()
                    await asyncio.sleep(3600)
                got += len(b)
                cw.write(b); await cw.drain()
        except Exception:
            pass
    await asyncio.gather(c2s(), s2c())
async def main():
    s = await asyncio.start_server(handle, "127.0.0.1", lp)
    open(sys.argv[3], "w").close()
    async with s:
        await s.serve_forever()
asyncio.run(main())
PY
# hang LABEL [LIBDIR]: a fresh proxy, whose first connection hangs; 8
# lines at once, then after the first ones' --timeout three rounds of 4
# lines, 3 s apart; with LIBDIR's libcurl, else the system's.
hang() {
	pport=$(free_port)
	rm -f "$T/ready"
	python3 "$T/proxy.py" "$pport" "$port" "$T/ready" 2>"$T/proxy.err" &
	ppid=$!
	wait_until test -f "$T/ready" ||
	    { echo "Bail out! the proxy did not start"; exit 1; }
	LD_LIBRARY_PATH=${2:+$2${LD_LIBRARY_PATH:+:}}${LD_LIBRARY_PATH:-} \
	    OPENROUTER_BASE_URL=https://127.0.0.1:$pport/api/v1 \
	    CURL_CA_BUNDLE=$T/tls.crt RUN_STDIN=/dev/null run sh -c '
		{ sed -n 1,8p "$1"; sleep 4
		  for r in 0 1 2; do
			sed -n "$((r * 4 + 9)),$((r * 4 + 12))p" "$1"; sleep 3
		  done; } |
		    "$2" --batch -P 4 --timeout 2 -m anthropic/claude-sonnet-4.5' \
	    sh "$T/in" "$BIN/orchat"
	kill "$ppid" 2>/dev/null
	is "$(wc -l <"$OUT" | tr -d ' ')" 20 "$1: 20 lines written"
	first=$(head -n 8 "$OUT" | grep -c '"error":{')
	later=$(tail -n 12 "$OUT" | grep -c '"error":{')
	ok "$([ "$first" -ge 1 ]; echo $?)" \
	    "$1: the hung connection failed a line ($first of the first 8)"
	is "$later" 0 "$1: after a timeout, no later line goes to the hung connection"
}
seq 1 20 | sed 's/.*/"prompt &"/' >"$T/in"
hang "system libcurl"
d=${ORKIT_TEST_LIBCURL:-}
if [ -n "$d" ] && [ -f "$d/libcurl.so.4" ]; then
	hang "ORKIT_TEST_LIBCURL's libcurl" "$d"
else
	skip "no newer libcurl to multiplex with (ORKIT_TEST_LIBCURL, .ci/newcurl)"
fi
done_testing
