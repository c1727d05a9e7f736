#!/bin/sh
# An HTTP/2 connection that hangs (the peer or the path stops delivering,
# TCP still up) holds every request multiplexed on it until its --timeout,
# and libcurl goes on adding new requests to it.  Once a request times
# out, a batch stops multiplexing (httpmulti.c, mux_off): later lines keep
# off that connection, but for one, after which it is closed.  Before,
# every later line went onto it and failed (8 of 8 here).  A TCP proxy in
# front of nghttpd stalls its first connection after 100000 bytes.  Only
# libcurl 8.14.1 and later multiplex (mux_ok): ORKIT_TEST_LIBCURL names
# a directory holding one (.ci/newcurl), else this is skipped.
. "${0%/*}/lib.sh"

d=${ORKIT_TEST_LIBCURL:-}
[ -n "$d" ] && [ -f "$d/libcurl.so.4" ] ||
    { skip "no newer libcurl (ORKIT_TEST_LIBCURL, .ci/newcurl)"; done_testing; }
h2_start 262144
trap 'kill $h2pid ${ppid:-} 2>/dev/null; cleanup' EXIT
port=$h2port pport=$(free_port)
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
python3 "$T/proxy.py" "$pport" "$port" "$T/ready" &
ppid=$!
# Not a connection to the proxy: its first one is the one it stalls.
wait_until test -f "$T/ready" ||
    { echo "Bail out! the proxy did not start"; exit 1; }

# 8 lines at once, then 8 more after the first ones' --timeout.
seq 1 16 | sed 's/.*/"prompt &"/' >"$T/in"
LD_LIBRARY_PATH=$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
    OPENROUTER_BASE_URL=https://127.0.0.1:$pport/api/v1 \
    CURL_CA_BUNDLE=$T/tls.crt RUN_STDIN=/dev/null run sh -c '
	{ head -n 8 "$1"; sleep 4; tail -n 8 "$1"; } |
	    "$2" --batch -P 4 --timeout 2 -m anthropic/claude-sonnet-4.5' \
    sh "$T/in" "$BIN/orchat"
is "$(wc -l <"$OUT" | tr -d ' ')" 16 "16 lines written"
first=$(head -n 8 "$OUT" | grep -c '"error":{')
later=$(tail -n 8 "$OUT" | grep -c '"error":{')
echo "# failed: $first of the first 8, $later of the later 8"
ok "$([ "$later" -le 1 ]; echo $?)" \
    "after a timeout, later lines keep off the hung connection (failed: $later of 8)"
done_testing
