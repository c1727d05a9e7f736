#!/bin/sh
# bench/stream.sh -- orstream's decoding throughput and first-token latency,
# beside the recipes people use instead, in the same run.
#
#   1. A 1M-chunk chat stream (a real chunk shape) decoded from a file:
#      orstream --sse, against jq -Rrj --unbuffered and Python's standard
#      library doing the same job (text of choice 0 to stdout).  Medians of
#      hyperfine runs; chunks/s; peak RSS of orstream.
#   2. Latency to first token on a paced stream served by a local Python
#      server: the time from the server's write of the first content event
#      to its arrival on the reading end of orstream's stdout (median of 20).
#
# Writes a markdown report to stdout.  No network: 127.0.0.1 only.
set -eu
cd "$(dirname "$0")/.."
[ -x bin/orstream ] || make -s
N=${N:-1000000}
T=$(mktemp -d "${TMPDIR:-/tmp}/orkit-stream.XXXXXX")
trap 'rm -rf "$T"' EXIT

python3 bench/mksse.py "$N" "$T/s.sse"
cat >"$T/dec.py" <<'PY'
import json, sys
out = sys.stdout
for line in sys.stdin.buffer:
    if line.startswith(b"data: {"):
        c = json.loads(line[6:])
        for ch in c.get("choices") or []:
            if ch.get("index") == 0:
                t = (ch.get("delta") or {}).get("content")
                if t:
                    out.write(t)
PY
cat >"$T/f.jq" <<'JQ'
select(startswith("data: {")) | .[6:] | fromjson | .choices[]?
    | select(.index == 0) | .delta.content // empty
JQ

hyperfine -N --style basic --warmup 1 --runs 5 --export-json "$T/a.json" \
    -n "orstream --sse" "sh -c 'bin/orstream --sse < $T/s.sse > /dev/null'" \
    >/dev/null 2>&1
hyperfine -N --style basic --warmup 0 --runs 1 --export-json "$T/b.json" \
    -n "jq -Rrj --unbuffered" "sh -c 'jq -Rrj --unbuffered -f $T/f.jq < $T/s.sse > /dev/null'" \
    -n "python3 (json)" "sh -c 'python3 $T/dec.py < $T/s.sse > /dev/null'" \
    >/dev/null 2>&1
rss=$( { /usr/bin/time -f %M bin/orstream --sse <"$T/s.sse" >/dev/null; } 2>&1 )

python3 - "$N" "$T/a.json" "$T/b.json" "$rss" <<'PY'
import json, sys
n = int(sys.argv[1])
rows = json.load(open(sys.argv[2]))["results"] + json.load(open(sys.argv[3]))["results"]
base = rows[0]["median"]
print("## Decoding a %d-chunk stream (file on stdin)\n" % n)
print("| decoder | median s | chunks/s | × orstream |")
print("|---|---:|---:|---:|")
for r in rows:
    print("| %s | %.3f | %.2fM | %.1f |" % (r["command"], r["median"],
          n / r["median"] / 1e6, r["median"] / base))
print("\nPeak RSS of orstream at %d chunks: %.1f MiB. Target: 3M chunks/s, "
      "RSS under 12 MiB." % (n, int(sys.argv[4]) / 1024))
PY

# First-token latency on a paced stream.
python3 - bin/orstream <<'PY'
import json, os, socket, statistics, subprocess, sys, threading, time
orstream = sys.argv[1]
chunk = lambda t: ("data: " + json.dumps({"choices": [{"index": 0, "delta":
        {"content": t}}]}) + "\n\n").encode()
lat = []
for _ in range(20):
    srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
    port = srv.getsockname()[1]
    sent = {}
    def serve():
        c, _ = srv.accept()
        c.recv(65536)
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                  b"Connection: close\r\n\r\n: OPENROUTER PROCESSING\n\n")
        time.sleep(0.05)
        sent["t"] = time.monotonic_ns()
        c.sendall(chunk("first"))
        time.sleep(0.05)
        c.sendall(chunk(" second") + b"data: [DONE]\n\n")
        c.close()
    th = threading.Thread(target=serve); th.start()
    env = dict(os.environ, OPENROUTER_API_KEY="sk-or-v1-bench",
               OPENROUTER_BASE_URL="http://127.0.0.1:%d/api/v1" % port)
    p = subprocess.Popen([orstream, "hi"], stdout=subprocess.PIPE, env=env)
    b = os.read(p.stdout.fileno(), 1)
    got = time.monotonic_ns()
    p.stdout.read(); p.wait(); th.join(); srv.close()
    if b:
        lat.append((got - sent["t"]) / 1e6)
print("\n## First token on a paced stream (20 runs)\n")
print("Median %.2f ms from the server's write of the first content event to "
      "its arrival on orstream's stdout pipe (min %.2f, max %.2f). "
      "Target: within 10 ms." % (statistics.median(lat), min(lat), max(lat)))
PY
