#!/bin/sh
# bench/batch.sh -- thousands of prompts through one orchat --batch process,
# beside one process per prompt (xargs -P) and curl's own parallel
# transfers (the floor), over plain http and over TLS, and write
# bench/RESULTS-batch.md (issue 13).
#
#	sh bench/batch.sh [BINDIR]	(default: bin)
#
# The server is bench/batchd.py (python3, one asyncio loop): every POST is
# answered after DELAY ms with a real reply that has usage.cost, over
# keep-alive HTTP/1.1, and over TLS with a self-signed certificate made
# here by openssl(1) (orchat trusts it through CURL_CA_BUNDLE, curl through
# cacert in its config).  The clients, N prompts at P in flight each:
#
#	orchat --batch -P P < prompts.jsonl		(one process)
#	xargs -P P -n 1 orchat < prompts.txt		(one process a prompt)
#	curl -Z --parallel-max P -K requests.cfg	(N requests, one config)
#
# Each run is one process started by a small python3 runner, which reads
# the wall time and the CPU time (user + system) of the process and
# everything it waited for (wait4), its peak RSS (GNU time's %M), and the
# server's own CPU time around it (GET /stats), so that the server is
# shown not to be the bottleneck.  Every output is checked (N lines; for
# --batch, every line with "error": null, each id once) before its figures
# count.  Then: the server's rate at delay 0 (curl as the client); peak
# RSS of orchat --batch for N and for BIG lines (delay 0, BIGP in flight,
# so it takes seconds, not BIG x DELAY / P); and a batch with every 10th
# new request answered 429 with Retry-After: 1, which must still succeed
# line by line, with the retries counted in orchat's summary line.
#
# An orchat without --batch (orchat --help does not name it) has its rows
# skipped, so the script can be run before and after that lands; point it
# at another build with BINDIR.  The targets of issue 13 are printed
# PASS or FAIL: within 15% of the ideal wall time (N x DELAY / P), at least
# 5x faster than xargs, at most 2 ms of CPU a prompt, RSS for BIG lines
# within 2x of N lines, and the 429 run.
#
# Settings from the environment: N (2000), P (32), DELAY (100 ms), RUNS
# (3: runs of --batch and curl, the median is kept), XRUNS (1: xargs runs,
# about 40 s each), BIG (200000), BIGP (64), RATEN (10000 requests for the
# server's rate), TIMEOUT (300 s a run), RESULTS (bench/RESULTS-batch.md).
# Needs python3, curl, openssl and GNU time.  Never touches the network:
# 127.0.0.1 only.
set -eu
umask 077

prog=bench/batch.sh
die() {
	echo "$prog: $*" >&2
	exit 1
}
BIN=$(cd "${1:-bin}" 2>/dev/null && pwd) || die "${1:-bin}: no such directory"
cd "$(dirname "$0")/.."
N=${N:-2000}
P=${P:-32}
DELAY=${DELAY:-100}
RUNS=${RUNS:-3}
XRUNS=${XRUNS:-1}
BIG=${BIG:-200000}
BIGP=${BIGP:-64}
RATEN=${RATEN:-10000}
TIMEOUT=${TIMEOUT:-300}
RESULTS=${RESULTS:-bench/RESULTS-batch.md}
case $N$P$DELAY$RUNS$XRUNS$BIG$BIGP$RATEN$TIMEOUT in
*[!0-9]*) die "N, P, DELAY, RUNS, XRUNS, BIG, BIGP, RATEN, TIMEOUT:" \
    "whole numbers" ;;
esac
for v in "$N" "$P" "$RUNS" "$XRUNS" "$BIG" "$BIGP" "$RATEN"; do
	[ "$v" -ge 1 ] ||
	    die "N, P, RUNS, XRUNS, BIG, BIGP and RATEN must be at least 1"
done
for c in python3 curl openssl xargs; do
	command -v "$c" >/dev/null 2>&1 || die "needs $c"
done
[ -x /usr/bin/time ] || die "needs GNU time as /usr/bin/time (Debian: time)"
[ -x "$BIN/orchat" ] || die "$BIN/orchat: not there (try: make)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/orkit-batch.XXXXXX")
pids=
cleanup() {
	for p in $pids; do
		kill "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A throwaway key, no ledger, no cache, nothing from the caller's settings.
unset OPENROUTER_KEY_FILE ORKIT_LOG ORKIT_MODEL ORKIT_REFERER ORKIT_TITLE \
    ORKIT_CACHE ORKIT_CATALOG SSL_CERT_FILE CURL_CA_BUNDLE \
    http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
OPENROUTER_API_KEY=sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000
XDG_CACHE_HOME=$tmp/cache
XDG_CONFIG_HOME=$tmp/config
LC_ALL=C
export OPENROUTER_API_KEY XDG_CACHE_HOME XDG_CONFIG_HOME LC_ALL

if "$BIN/orchat" --help 2>&1 | grep -q -- --batch; then
	HAVE_BATCH=1
else
	HAVE_BATCH=0
	echo "$prog: $BIN/orchat has no --batch: its rows are skipped" >&2
fi

REPLY=tests/fixtures/chat/chat_gpt-4.1-mini_file-part.response.json
E429=tests/fixtures/errors/error_429_provider-rate-limited-upstream.response.json

# The certificate, for 127.0.0.1, made now and trusted by the clients only.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -keyout "$tmp/key.pem" -out "$tmp/cert.pem" -days 1 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    >/dev/null 2>&1 || die "openssl could not make a certificate"

# start NAME ARGS...: a server, its port in $tmp/NAME.port.
start() {
	name=$1
	shift
	python3 bench/batchd.py "$tmp/$name.port" "$REPLY" --error429 "$E429" \
	    "$@" 2>"$tmp/$name.err" &
	pids="$pids $!"
}
start plain --delay "$DELAY"
start tls --delay "$DELAY" --tls "$tmp/cert.pem" "$tmp/key.pem"
start fast --delay 0
start limit --delay "$DELAY" --every429 10
for name in plain tls fast limit; do
	i=0
	until [ -s "$tmp/$name.port" ]; do
		i=$((i + 1))
		[ "$i" -gt 200 ] && die "the $name server did not start:" \
		    "$(cat "$tmp/$name.err")"
		sleep 0.05
	done
done
url() {
	printf '%s://127.0.0.1:%s/api/v1' "$1" "$(cat "$tmp/$2.port")"
}

# The prompts, all different (the 429 server tells a retry by its body):
# words for xargs, JSON strings for --batch; and curl's config, one
# request a prompt with the body orchat --dry-run builds.
OPENROUTER_BASE_URL=$(url http plain) "$BIN/orchat" --dry-run say-1 \
    >"$tmp/body.json" </dev/null || die "orchat --dry-run failed"
python3 - "$tmp" "$N" "$BIG" "$RATEN" <<'EOF'
import json, sys

tmp, n, big, raten = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \
    int(sys.argv[4])
body = json.load(open(tmp + "/body.json"))

def words(path, count):
    with open(path, "w") as f:
        for i in range(1, count + 1):
            f.write("say-%d\n" % i)

def jsonl(path, count):
    with open(path, "w") as f:
        for i in range(1, count + 1):
            f.write('"say-%d"\n' % i)

def config(path, count, tls):
    q = lambda s: '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')
    with open(path, "w") as f:
        for i in range(1, count + 1):
            body["messages"][-1]["content"] = "say-%d" % i
            if i > 1:
                f.write("next\n")
            f.write("url = \"@URL@/chat/completions\"\n")
            if tls:
                f.write("cacert = %s\n" % q(tmp + "/cert.pem"))
            f.write("output = \"/dev/null\"\n"
                    "write-out = \"%{http_code}\\n\"\n"
                    "header = \"Authorization: Bearer @KEY@\"\n"
                    "header = \"Content-Type: application/json\"\n")
            f.write("data = %s\n" % q(json.dumps(body, separators=(",", ":"))))

words(tmp + "/prompts.txt", n)
jsonl(tmp + "/prompts.jsonl", n)
jsonl(tmp + "/big.jsonl", big)
config(tmp + "/plain.cfg.in", n, False)
config(tmp + "/tls.cfg.in", n, True)
config(tmp + "/rate.cfg.in", raten, False)
EOF
for c in plain:http:plain tls:https:tls rate:http:fast; do
	IFS=: read -r cfg scheme srv <<EOF
$c
EOF
	sed -e "s|@URL@|$(url "$scheme" "$srv")|" \
	    -e "s|@KEY@|$OPENROUTER_API_KEY|" "$tmp/$cfg.cfg.in" >"$tmp/$cfg.cfg"
done

# The runner: one process, its wall time, CPU time, peak RSS and exit
# status, the server's CPU time around it, and whether its output is right;
# one JSON line appended to $tmp/runs.
cat >"$tmp/measure.py" <<'EOF'
import json, os, resource, signal, ssl, subprocess, sys, time, urllib.request

label, runs, stats, cafile, fin, fout, ferr, timeout, check, n = sys.argv[1:11]
argv = sys.argv[12:]
n, timeout = int(n), float(timeout)
# Peak RSS through GNU time: a child forked from python3 itself would count
# the interpreter's pages, which the kernel keeps in maxrss across exec.
argv = ["/usr/bin/time", "-f", "%M", "-o", ferr + ".rss"] + argv
ctx = ssl.create_default_context(cafile=cafile) if cafile != "-" else None

def server():
    with urllib.request.urlopen(stats, context=ctx, timeout=10) as r:
        return json.load(r)

s0 = server()
with open(fin, "rb") as i, open(fout, "wb") as o, open(ferr, "wb") as e:
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=i, stdout=o, stderr=e,
                         start_new_session=True)
    deadline, timed_out = t0 + timeout, False
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline and not timed_out:
            os.killpg(p.pid, signal.SIGKILL)
            timed_out = True
        time.sleep(0.005)
    wall = time.monotonic() - t0
s1 = server()
rc = os.waitstatus_to_exitcode(status)
why = []
if timed_out:
    why.append("killed after %g s" % timeout)
elif rc != 0:
    why.append("exit status %d" % rc)
lines = 0
if check == "batch":
    ids, bad = set(), 0
    with open(fout, "rb") as f:
        for line in f:
            lines += 1
            try:
                j = json.loads(line)
                ids.add(json.dumps(j["id"]))
                if j["error"] is not None or j["content"] is None:
                    bad += 1
            except (ValueError, KeyError, TypeError):
                bad += 1
    if bad:
        why.append("%d lines failed or unreadable" % bad)
    if len(ids) != lines:
        why.append("%d ids for %d lines" % (len(ids), lines))
elif check == "curl":
    with open(fout, "rb") as f:
        for line in f:
            lines += 1
            if line != b"200\n":
                why.append("a status other than 200: %r" % line.strip())
                break
else:
    with open(fout, "rb") as f:
        lines = sum(1 for _ in f)
if lines != n:
    why.append("%d lines, not %d" % (lines, n))
try:
    rss_kb = int(open(ferr + ".rss").read().split()[-1])
except (OSError, ValueError, IndexError):
    rss_kb = 0
    why.append("no peak RSS from GNU time")
err = open(ferr, "rb").read().decode("utf-8", "replace").strip()
rec = {"label": label, "n": n, "wall": wall,
       "cpu": ru.ru_utime + ru.ru_stime, "user": ru.ru_utime,
       "sys": ru.ru_stime, "rss_kb": rss_kb, "rc": rc,
       "ok": not why, "why": "; ".join(why),
       "stderr_last": err.splitlines()[-1] if err else "",
       "srv_cpu": s1["cpu"] - s0["cpu"],
       "srv_requests": s1["requests"] - s0["requests"] - 1,
       "srv_r429": s1["r429"] - s0["r429"],
       "srv_connections": s1["connections"] - s0["connections"] - 1,
       "argv": " ".join(argv)}
with open(runs, "a") as f:
    f.write(json.dumps(rec) + "\n")
print("%s: %.2f s wall, %.2f s CPU, %d KB RSS, server %.2f s CPU%s" %
      (label, wall, rec["cpu"], rec["rss_kb"], rec["srv_cpu"],
       "" if rec["ok"] else ", FAILED: " + rec["why"]), file=sys.stderr)
EOF

# measure LABEL SERVER SCHEME IN CHECK COUNT ARGV...: run ARGV with
# OPENROUTER_BASE_URL at SERVER (and, over https, CURL_CA_BUNDLE at the
# certificate) and stdin from IN; CHECK (batch, curl or lines) says how to
# read its COUNT lines of output.
measure() {
	m_label=$1 m_url=$(url "$3" "$2") m_ca=- m_in=$4 m_check=$5 m_count=$6
	[ "$3" = https ] && m_ca=$tmp/cert.pem
	shift 6
	if [ "$m_ca" = - ]; then
		set -- env OPENROUTER_BASE_URL="$m_url" "$@"
	else
		set -- env OPENROUTER_BASE_URL="$m_url" \
		    CURL_CA_BUNDLE="$m_ca" "$@"
	fi
	python3 "$tmp/measure.py" "$m_label" "$tmp/runs" "$m_url/stats" \
	    "$m_ca" "$m_in" "$tmp/out.$m_label" "$tmp/err.$m_label" \
	    "$TIMEOUT" "$m_check" "$m_count" -- "$@" ||
	    die "$m_label: the runner failed"
	rm -f "$tmp/out.$m_label"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
started=$(date +%s)

# The server alone, at delay 0: how fast it can go with curl driving it.
measure rate fast http "$tmp/prompts.txt" curl "$RATEN" \
    curl -sS -Z --parallel-max "$P" -K "$tmp/rate.cfg"

# The rounds: every client once a round, so that a busy moment of the
# machine is shared by all; xargs (the slow one) in the first XRUNS only.
for scheme in http https; do
	if [ "$scheme" = http ]; then
		srv=plain
	else
		srv=tls
	fi
	r=1
	while [ "$r" -le "$RUNS" ] || [ "$r" -le "$XRUNS" ]; do
		if [ "$HAVE_BATCH" = 1 ] && [ "$r" -le "$RUNS" ]; then
			measure "batch-$scheme" "$srv" "$scheme" \
			    "$tmp/prompts.jsonl" batch "$N" \
			    "$BIN/orchat" --batch -P "$P"
		fi
		if [ "$r" -le "$RUNS" ]; then
			measure "curl-$scheme" "$srv" "$scheme" \
			    "$tmp/prompts.txt" curl "$N" \
			    curl -sS -Z --parallel-max "$P" -K "$tmp/$srv.cfg"
		fi
		if [ "$r" -le "$XRUNS" ]; then
			measure "xargs-$scheme" "$srv" "$scheme" \
			    "$tmp/prompts.txt" lines "$N" \
			    xargs -P "$P" -n 1 "$BIN/orchat"
		fi
		r=$((r + 1))
	done
done

if [ "$HAVE_BATCH" = 1 ]; then
	# Memory: N lines and BIG lines at delay 0, the same BIGP in flight.
	measure rss-small fast http "$tmp/prompts.jsonl" batch "$N" \
	    "$BIN/orchat" --batch -P "$BIGP"
	# Rate limits: every 10th new request answered 429, Retry-After: 1.
	# The batch mostly waits (each 429 pauses it a second), so it runs
	# beside the long BIG one, whose time is not a target either.
	measure limit limit http "$tmp/prompts.jsonl" batch "$N" \
	    "$BIN/orchat" --batch -P "$P" &
	lpid=$!
	measure rss-big fast http "$tmp/big.jsonl" batch "$BIG" \
	    "$BIN/orchat" --batch -P "$BIGP"
	wait "$lpid" || die "the 429 run failed"
fi
took=$(($(date +%s) - started))

{
	echo "cpus|$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
	echo "cpu|$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' \
	    /proc/cpuinfo 2>/dev/null | head -n 1)"
	echo "kernel|$(uname -srm)"
	echo "date|$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "load0|$load0"
	echo "load|$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)"
	echo "took|$took"
	echo "curl|$(curl --version | head -n 1)"
	echo "python|$(python3 -c 'import platform, ssl
print(platform.python_version(), ssl.OPENSSL_VERSION)')"
	echo "orchat|$BIN/orchat"
	echo "commit|$(git -C "$BIN/.." rev-parse --short HEAD 2>/dev/null ||
	    echo none)"
	echo "batch|$HAVE_BATCH"
	for v in N P DELAY RUNS XRUNS BIG BIGP RATEN; do
		eval "echo \"$v|\$$v\""
	done
} >"$tmp/machine"

python3 - "$tmp" >"$tmp/RESULTS.md" <<'EOF'
import json, re, statistics, sys

tmp = sys.argv[1]
runs = [json.loads(l) for l in open(tmp + "/runs")]
m = dict(l.rstrip("\n").split("|", 1) for l in open(tmp + "/machine"))
N, P, DELAY = int(m["N"]), int(m["P"]), int(m["DELAY"])
ideal = N * DELAY / 1000.0 / P
have = m["batch"] == "1"
p = print

def of(label):
    return [r for r in runs if r["label"] == label]

def med(label, key):
    rs = of(label)
    return statistics.median(r[key] for r in rs) if rs else None

def allok(label):
    return all(r["ok"] for r in of(label))

verdicts = []

def target(what, ok, shown):
    verdicts.append(ok)
    return "| %s | %s | %s |" % (what, shown, "PASS" if ok else "**FAIL**")

p("# orchat --batch: thousands of prompts in one process")
p()
p("Written by `sh bench/batch.sh` (issue 13); the script's head comment "
  "says how it measures. %d prompts, %d in flight, against "
  "bench/batchd.py answering each after %d ms: the ideal wall time is "
  "%d x %.3f s / %d = **%.2f s**. Wall, CPU (user + system of the client "
  "and everything it started) and server CPU are medians of the runs "
  "shown; every run's output was checked (%d lines; for --batch every "
  "line with `\"error\": null`) before it counts." %
  (N, P, DELAY, N, DELAY / 1000.0, P, ideal, N))
p()
if not have:
    p("**%s has no `--batch`: its rows are skipped.** Rerun with a build "
      "that has it (`sh bench/batch.sh path/to/bin`)." % m["orchat"])
    p()
p("| transport | client | runs | wall s | × ideal | CPU s | CPU ms / prompt "
  "| speed-up vs xargs | peak RSS KB | server CPU s | connections | checked |")
p("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
names = {"batch": "`orchat --batch -P %d`" % P,
         "xargs": "`xargs -P %d -n 1 orchat`" % P,
         "curl": "`curl -Z --parallel-max %d`" % P}
for scheme in ("http", "https"):
    xw = med("xargs-" + scheme, "wall")
    for c in ("batch", "xargs", "curl"):
        lab = "%s-%s" % (c, scheme)
        rs = of(lab)
        if not rs:
            p("| %s | %s | 0 | skipped | | | | | | | | |" %
              (scheme, names[c]))
            continue
        w, cpu = med(lab, "wall"), med(lab, "cpu")
        p("| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %s | %d | %.2f | %d "
          "| %s |" % (scheme, names[c], len(rs), w, w / ideal, cpu,
                      cpu * 1000 / N,
                      "%.1f" % (xw / w) if xw and c != "xargs" else "",
                      med(lab, "rss_kb"), med(lab, "srv_cpu"),
                      med(lab, "srv_connections"),
                      "ok" if allok(lab) else
                      "**" + "; ".join(r["why"] for r in rs if r["why"]) +
                      "**"))
p()
p("`× ideal` is the wall time over %.2f s; `speed-up vs xargs` is the xargs "
  "row's wall time over this row's; `CPU ms / prompt` is the client's CPU "
  "time over %d; `connections` is how many the server accepted. xargs "
  "runs %s time(s) only: one process a prompt takes several times the "
  "others' wall time." % (ideal, N, m["XRUNS"]))
p()
r = of("rate")[0]
p("## The server")
p()
p("At delay 0, with `curl -Z --parallel-max %d` sending %d requests over "
  "plain http: %.2f s, **%.0f requests/s** (a floor on its rate: the client "
  "shares the machine), the server using %.2f s of CPU (%.0f µs a "
  "request, so one core serves about %.0f requests/s)%s. At %d ms a reply "
  "and %d in flight it needs %.0f requests/s; curl, the client that costs "
  "least, shows it keeping up:" %
  (P, r["n"], r["wall"], r["n"] / r["wall"], r["srv_cpu"],
   r["srv_cpu"] * 1e6 / r["n"], r["n"] / r["srv_cpu"] if r["srv_cpu"] else 0,
   "" if r["ok"] else " (**" + r["why"] + "**)", DELAY, P,
   P / (DELAY / 1000.0)))
p()
for scheme in ("http", "https"):
    lab = "curl-" + scheme
    if of(lab):
        w = med(lab, "wall")
        p("* over %s: %d requests at `-P %d` in %.2f s (× %.2f of the ideal "
          "%.2f s), the server using %.2f s of CPU for them (%.0f%% of one "
          "core)." % (scheme, N, P, w, w / ideal, ideal, med(lab, "srv_cpu"),
                      100 * med(lab, "srv_cpu") / w))
p()
p("## Memory and rate limits")
p()
if have:
    s, b = of("rss-small")[0], of("rss-big")[0]
    p("Peak RSS of `orchat --batch -P %s` at delay 0 (so that %s lines take "
      "the client's CPU time, not %s x %d ms / %s = %.0f s): %d lines %d KB "
      "(%.2f s), %d lines %d KB (%.2f s, %.3f ms CPU a line)%s%s." %
      (m["BIGP"], m["BIG"], m["BIG"], DELAY, m["BIGP"],
       int(m["BIG"]) * DELAY / 1000.0 / int(m["BIGP"]), s["n"], s["rss_kb"],
       s["wall"], b["n"], b["rss_kb"], b["wall"], b["cpu"] * 1000 / b["n"],
       "" if s["ok"] else "; small run **" + s["why"] + "**",
       "" if b["ok"] else "; big run **" + b["why"] + "**"))
    p()
    l = of("limit")[0]
    summ = l["stderr_last"]
    mo = re.search(r"(\d+)\s+retr", summ)
    retries = int(mo.group(1)) if mo else None
    p("With every 10th new request answered 429 (Retry-After: 1; the same "
      "body sent again is answered 200), `-P %d`, run beside the %s-line "
      "one: %.2f s (%.2f s of CPU), %d lines, %s; the server "
      "sent %d answers 429 out of %d requests. orchat's summary line: `%s`"
      % (P, m["BIG"], l["wall"], l["cpu"], N, "every one succeeded" if l["ok"] else
         "**" + l["why"] + "**", l["srv_r429"], l["srv_requests"],
         summ.replace("`", "'")))
else:
    p("Skipped: they need `orchat --batch`.")
p()
p("## Targets (issue 13)")
p()
p("| target | measured | result |")
p("|---|---|:---:|")
if have:
    for scheme in ("http", "https"):
        w = med("batch-" + scheme, "wall")
        ok = allok("batch-" + scheme)
        p(target("%s: `--batch` within 15%% of the ideal %.2f s" %
                 (scheme, ideal), ok and w <= ideal * 1.15,
                 "%.2f s (× %.2f)" % (w, w / ideal)))
        xw = med("xargs-" + scheme, "wall")
        p(target("%s: `--batch` at least 5x faster than xargs" % scheme,
                 ok and allok("xargs-" + scheme) and xw / w >= 5,
                 "%.1fx" % (xw / w)))
        c = med("batch-" + scheme, "cpu") * 1000 / N
        p(target("%s: at most 2 ms of CPU a prompt" % scheme,
                 ok and c <= 2, "%.2f ms" % c))
    ratio = b["rss_kb"] / s["rss_kb"]
    p(target("peak RSS, %s lines over %d lines, at most 2" %
             (m["BIG"], N), s["ok"] and b["ok"] and ratio <= 2,
             "%d / %d KB = %.2f" % (b["rss_kb"], s["rss_kb"], ratio)))
    p(target("10% answered 429: every line succeeds, the summary counts "
             "the retries", l["ok"] and retries == l["srv_r429"] and
             l["srv_r429"] > 0,
             "%s; %s retries in the summary, %d answers 429" %
             ("all %d lines" % N if l["ok"] else l["why"],
              "no count of" if retries is None else retries,
              l["srv_r429"])))
    p()
    p("Targets met: %d of %d." % (sum(verdicts), len(verdicts)))
else:
    p("| every target | `--batch` rows skipped | n/a |")
p()
p("## Machine")
p()
p("| | |")
p("|---|---|")
p("| CPUs (nproc) | %s |" % m["cpus"])
p("| CPU model | %s |" % (m["cpu"] or "unknown"))
p("| kernel | %s |" % m["kernel"])
p("| date | %s |" % m["date"])
p("| load average before / after (1, 5, 15 min) | %s / %s |" %
  (m["load0"], m["load"]))
p("| the whole run | %s s |" % m["took"])
p("| curl | %s |" % m["curl"])
p("| python3 (server), its OpenSSL | %s |" % m["python"])
p("| orchat | %s |" % m["orchat"])
if m["commit"] != "none":
    p("| its commit | %s |" % m["commit"])
p()
p("A load average well above the number of CPUs means other work shared the "
  "machine: the wall times and the ratio to the ideal suffer first; the "
  "CPU per prompt much less. The xargs rows are bound by CPU (their CPU "
  "time is near the wall time x the CPUs), so on a busy machine their wall "
  "time, and the speed-up over them, grow most: compare CPU ms / prompt "
  "across machines and moments.")
EOF
mkdir -p "$(dirname "$RESULTS")"
cp "$tmp/RESULTS.md" "$RESULTS"
sed -n '/^| transport/,/^$/p;/^## Targets/,/^## Machine/p' "$RESULTS" |
    sed '/^## Machine/d'
echo "$prog: wrote $RESULTS" >&2
