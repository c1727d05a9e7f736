#!/bin/sh
# bench/stream.sh -- orstream's decoding throughput, peak RSS, instructions
# a chunk and first-token latency, for this tree and (optionally) a tree
# built from an older commit, side by side in the same run, beside the
# recipes people use instead; then issue 14's targets, each PASS or MISS.
#
#	sh bench/stream.sh [BEFORE_TREE]	(both built with make)
#
#   1. A stream of N chunks (1M by default, the real chunk shape of
#      bench/mksse.py) decoded from a file, text to /dev/null: orstream
#      --sse of each tree, a plain line split (wc -l) and /bin/true in one
#      hyperfine invocation, RUNS runs each, paired; medians, chunks/s.
#   2. jq -Rrj --unbuffered doing the same job, once, on N/10 chunks
#      (it runs at some 50k chunks/s: a million would take half a
#      minute); its rate is per chunk, so the ratio holds.
#   3. Peak RSS of each orstream at N chunks (/usr/bin/time).
#   4. Instructions a chunk (callgrind, 100k chunks), if valgrind is here.
#   5. Latency to first token on a paced stream served by a local Python
#      server: the server's write of the first content event to its
#      arrival on the reading end of orstream's stdout; LAT runs a tree,
#      the trees taking turns (each first every other round); medians.
#
# Writes markdown to stdout.  No network: 127.0.0.1 only.  Environment:
# N, RUNS (20), LAT (20), INSTR (1; 0 skips callgrind).
set -eu
cd "$(dirname "$0")/.."
prog=bench/stream.sh
new=$(pwd)
old=
if [ $# -ge 1 ]; then
	old=$(cd "$1" && pwd)
	[ -x "$old/bin/orstream" ] || { echo "$prog: build $old first" >&2;
	    exit 2; }
fi
[ -x bin/orstream ] || make -s
N=${N:-1000000}
RUNS=${RUNS:-20}
LAT=${LAT:-20}
INSTR=${INSTR:-1}
for c in hyperfine jq python3; do
	command -v $c >/dev/null || { echo "$prog: needs $c" >&2; exit 1; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/orkit-stream.XXXXXX")
trap 'rm -rf "$T"' EXIT

python3 bench/mksse.py "$N" "$T/s.sse"
python3 bench/mksse.py $((N / 10)) "$T/small.sse"
python3 bench/mksse.py 100000 "$T/100k.sse"
cat >"$T/f.jq" <<'JQ'
select(startswith("data: {")) | .[6:] | fromjson | .choices[]?
    | select(.index == 0) | .delta.content // empty
JQ

# 1. Decoding, paired.
# (Through sh, for the redirections; hyperfine takes its start-up off.)
io="< $T/s.sse > /dev/null"
set -- -n "after" "$new/bin/orstream --sse $io"
[ -z "$old" ] || set -- "$@" -n "before" "$old/bin/orstream --sse $io"
hyperfine --shell=sh --style none --warmup 2 --runs "$RUNS" \
    --export-json "$T/dec.json" "$@" -n "line split (wc -l)" "wc -l $io" \
    -n "/bin/true" "/bin/true $io" >/dev/null 2>&1
# 2. jq, once, on a tenth.
hyperfine --shell=sh --style none --warmup 0 --runs 1 \
    --export-json "$T/jq.json" -n "jq -Rrj --unbuffered" \
    "jq -Rrj --unbuffered -f $T/f.jq < $T/small.sse > /dev/null" \
    >/dev/null 2>&1
# 3. Peak RSS, KiB.
rss() {
	/usr/bin/time -f %M "$1/bin/orstream" --sse <"$T/s.sse" 2>&1 \
	    >/dev/null | tail -n 1
}
rss_new=$(rss "$new")
rss_old=$([ -z "$old" ] || rss "$old")
# 4. Instructions a chunk.
instr() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    "$1/bin/orstream" --sse <"$T/100k.sse" 2>&1 >/dev/null |
	    sed -n 's/.*Collected : *//p'
}
in_new= in_old=
if [ "$INSTR" = 1 ] && command -v valgrind >/dev/null; then
	in_new=$(instr "$new")
	in_old=$([ -z "$old" ] || instr "$old")
fi

# 5. First-token latency, the trees taking turns.
python3 - "$LAT" "$T/lat.json" "$new/bin/orstream" ${old:+"$old/bin/orstream"} <<'PY'
import json, os, socket, statistics, subprocess, sys, threading, time
runs, outp, progs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
chunk = lambda t: ("data: " + json.dumps({"choices": [{"index": 0, "delta":
        {"content": t}}]}) + "\n\n").encode()
lat = [[] for _ in progs]
def once(prog):
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
               OPENROUTER_BASE_URL="http://127.0.0.1:%d/api/v1" % port,
               ORKIT_LOG="/dev/null")
    p = subprocess.Popen([prog, "hi"], stdout=subprocess.PIPE, env=env)
    b = os.read(p.stdout.fileno(), 1)
    got = time.monotonic_ns()
    p.stdout.read(); p.wait(); th.join(); srv.close()
    return (got - sent["t"]) / 1e6 if b else None
for r in range(runs):
    # Each goes first every other round: no tree gains by its turn.
    order = list(enumerate(progs))
    for i, prog in (order if r % 2 == 0 else order[::-1]):
        t = once(prog)
        if t is not None:
            lat[i].append(t)
json.dump(lat, open(outp, "w"))
PY

python3 - "$N" "$T" "$rss_new" "$rss_old" "$in_new" "$in_old" <<'PY'
import json, statistics, sys
n, T = int(sys.argv[1]), sys.argv[2]
rss_new, rss_old = sys.argv[3], sys.argv[4]
in_new, in_old = sys.argv[5], sys.argv[6]
dec = {r["command"]: r for r in json.load(open(T + "/dec.json"))["results"]}
jq = json.load(open(T + "/jq.json"))["results"][0]
lat = json.load(open(T + "/lat.json"))
jq_rate = (n // 10) / jq["median"]
after = dec["after"]["median"]
print("## Decoding a %d-chunk stream (file on stdin, text to /dev/null)\n" % n)
print("| command | median wall s | chunks/s | after is x faster | "
      "mean CPU s (user+sys) | chunks/CPU s |")
print("|---|---:|---:|---:|---:|---:|")
cpu = lambda r: r["user"] + r["system"]
for name in ["after", "before", "line split (wc -l)", "/bin/true"]:
    if name in dec:
        r = dec[name]
        m = r["median"]
        print("| %s | %.4f | %.2fM | %.2f | %.4f | %.2fM |" % (name if name
              not in ("after", "before") else "orstream --sse (%s)" % name,
              m, n / m / 1e6, m / after, cpu(r), n / cpu(r) / 1e6))
print("| jq -Rrj --unbuffered (%d chunks) | %.3f | %.3fM | %.1f | %.3f | "
      "%.3fM |" % (n // 10, jq["median"], jq_rate / 1e6,
      (n / jq_rate) / after, cpu(jq), n / 10 / cpu(jq) / 1e6))
print("\nWall times are medians of the paired runs; CPU times are hyperfine's "
      "means of user + system time (less disturbed by a busy machine). jq "
      "ran once on a tenth of the chunks; its rate is per chunk.")
print()
rows = []
rate = n / after
rows.append(("orstream --sse >= 6M chunks/s", "%.2fM" % (rate / 1e6),
             rate >= 6e6))
rows.append(("orstream --sse >= 50x jq -Rrj --unbuffered", "%.0fx" %
             (rate / jq_rate), rate / jq_rate >= 50))
print("Peak RSS at %d chunks: after %s KiB%s." % (n, rss_new,
      ", before %s KiB" % rss_old if rss_old else ""))
if rss_old:
    rows.append(("peak RSS unchanged (within 10%)", "%s vs %s KiB" %
                 (rss_new, rss_old), int(rss_new) <= int(rss_old) * 1.1))
if in_new:
    print("\nInstructions a chunk (callgrind, 100k chunks, start-up "
          "included): after %.0f%s." % (int(in_new) / 1e5,
          ", before %.0f" % (int(in_old) / 1e5) if in_old else ""))
med = [statistics.median(l) if l else float("nan") for l in lat]
print("\nFirst token on a paced stream, %d runs a tree taking turns: "
      "median after %.2f ms%s." % (len(lat[0]), med[0],
      ", before %.2f ms" % med[1] if len(med) > 1 else ""))
if len(med) > 1:
    rows.append(("first-token latency not worse (median, 0.5 ms of noise)",
                 "%.2f vs %.2f ms" % (med[0], med[1]), med[0] <= med[1] + 0.5))
print("\n## Targets (issue 14)\n")
print("| target | measured | |")
print("|---|---:|---|")
for what, got, good in rows:
    print("| %s | %s | %s |" % (what, got, "PASS" if good else "MISS"))
PY
