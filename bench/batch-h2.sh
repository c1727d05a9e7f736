#!/bin/sh
# bench/batch-h2.sh -- orchat --batch against an HTTP/2 server (nghttpd),
# long replies, several requests in flight: how long a batch takes, and
# how many runs never finish.  libcurl 7.88.1 multiplexing such a batch
# on one connection left its last answers unread (lib/httpmulti.c, mux_ok);
# this shows the stall before the fix and its absence after.
#
#	sh bench/batch-h2.sh [BINDIR...] > bench/RESULTS-batch-h2.md
#					(default: bin)
#
# Each BINDIR's orchat runs RUNS times (hyperfine, one warm-up): N lines
# at -P P, each answered with a recorded reply whose content is SIZE
# bytes, over TLS (a self-signed certificate made here), with --timeout
# TIMEOUT seconds a line, so that a stalled run ends with 75 and counts as
# stalled.  LIBCURL=DIR adds a run of the last BINDIR with DIR's
# libcurl.so.4 (.ci/newcurl), which multiplexes.  Prints, for each, the
# median wall time of the runs that finished and how many stalled.
#
# Settings from the environment: N (100), P (8), SIZE (262144), RUNS (15),
# TIMEOUT (30).
set -eu
cd "$(dirname "$0")/.."
N=${N:-100} P=${P:-8} SIZE=${SIZE:-262144} RUNS=${RUNS:-15}
TIMEOUT=${TIMEOUT:-30}
[ $# -gt 0 ] || set -- bin
for t in nghttpd openssl hyperfine python3; do
	command -v $t >/dev/null 2>&1 ||
	    { echo "batch-h2.sh: needs $t" >&2; exit 1; }
done
w=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$w"' EXIT
pid=
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$w/k.pem" -out "$w/c.pem" >/dev/null 2>&1
mkdir -p "$w/doc/api/v1/chat"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["choices"][0]["message"]["content"] = "x" * int(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))' \
    tests/fixtures/chat/chat_claude-sonnet-4.5_reasoning-effort-high.response.json \
    "$w/doc/api/v1/chat/completions" "$SIZE"
seq 1 "$N" | sed 's/.*/"prompt &"/' >"$w/in"
port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nghttpd -a 127.0.0.1 -d "$w/doc" "$port" "$w/k.pem" "$w/c.pem" \
    >/dev/null 2>&1 &
pid=$!
sleep 1

# bench LABEL BINDIR [LIBDIR]: RUNS runs of BINDIR's orchat, with LIBDIR's
# libcurl (else the system's); appends a row.
bench() {
	hyperfine -N -w 1 -r "$RUNS" -i --export-json "$w/h.json" \
	    "env ${3:+LD_LIBRARY_PATH=$3} OPENROUTER_API_KEY=sk-or-v1-bench \
OPENROUTER_BASE_URL=https://127.0.0.1:$port/api/v1 CURL_CA_BUNDLE=$w/c.pem \
$2/orchat --batch -P $P --timeout $TIMEOUT -m x $w/in" >/dev/null 2>&1
	python3 -c 'import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"][0]
ok = [t for t, e in zip(r["times"], r["exit_codes"]) if e == 0]
print("| %s | %s | %s | %d of %d |" % (sys.argv[2], sys.argv[3],
      "%.3f" % statistics.median(ok) if ok else "-",
      len(r["times"]) - len(ok), len(r["times"])))' "$w/h.json" "$1" \
	    "${3:-system}"
}

echo "# orchat --batch over HTTP/2 (bench/batch-h2.sh)"
echo
echo "$N lines of $SIZE-byte replies at -P $P over HTTP/2 (nghttpd), $RUNS"
echo "runs each, --timeout $TIMEOUT s a line; $(date -u '+%Y-%m-%d %H:%M UTC'),"
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), load average before:"
echo "$(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || uptime)."
echo
echo "| orchat | libcurl.so.4 | median s, runs that finished | runs stalled |"
echo "|---|---|---|---|"
for b; do
	bench "$b" "$(cd "$b" && pwd)"
done
[ -z "${LIBCURL:-}" ] || bench "$b" "$(cd "$b" && pwd)" "$(cd "$LIBCURL" && pwd)"
