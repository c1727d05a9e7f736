#!/bin/sh
# bench/chat.sh -- one complete non-streaming chat completion against a
# local server, timed for orchat and for what a script would otherwise run:
# curl piped into jq, and Python's standard library.
#
#	sh bench/chat.sh > chat-results.md
#
# The server is bench/chatd.c, built here: one process, no threads, which
# reads the request and answers with a real reply from tests/fixtures, so
# that it costs next to nothing and the clients are what is measured.  All
# three clients send the same body (the one orchat builds, from
# orchat --dry-run) with the same headers and print the same text; that is
# checked before the timing.  hyperfine times them in one run (-N: no
# shell in between; curl | jq needs one for its pipe, so it runs as
# sh -c '...', and pays for the shell), after a warm-up, and the table on
# stdout holds medians: on a small shared machine the mean is dragged about
# by runs that lost the CPU.  Timed beside them, to show where the time
# goes: orchat --dry-run (the same work but the request: no libcurl), and
# a program that only loads libcurl.
#
# Settings from the environment: RUNS (default 200), WARMUP (20), JSON
# (where to keep hyperfine's export; default: a temporary file).  Needs cc,
# hyperfine, curl, jq and python3.  Never touches the network.
set -eu

cd "$(dirname "$0")/.."
RUNS=${RUNS:-200}
WARMUP=${WARMUP:-20}
prog=bench/chat.sh
die() {
	echo "$prog: $*" >&2
	exit 1
}
for c in cc hyperfine curl jq python3; do
	command -v "$c" >/dev/null 2>&1 || die "needs $c"
done
case $RUNS$WARMUP in
*[!0-9]*) die "RUNS and WARMUP must be whole numbers" ;;
esac
[ -x bin/orchat ] || make >&2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/orkit-chat.XXXXXX")
spid=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

REPLY=tests/fixtures/chat/chat_gemini-2.5-flash-lite_basic-2025-10.response.json
cc -O2 -o "$tmp/chatd" bench/chatd.c
# The floor under any request orchat makes: loading libcurl (as
# lib/curl_dl.c does) and initialising it, and nothing else.
cat >"$tmp/dlcurl.c" <<'EOF'
#include <dlfcn.h>
int
main(void)
{
	void *l = dlopen("libcurl.so.4", RTLD_NOW), *f;
	int (*init)(long);

	if (l == 0 || (f = dlsym(l, "curl_global_init")) == 0)
		return 1;
	*(void **)&init = f;
	return init(3) != 0;
}
EOF
cc -O2 -o "$tmp/dlcurl" "$tmp/dlcurl.c" -ldl
"$tmp/chatd" "$tmp/port" "$REPLY" &
spid=$!
i=0
until [ -s "$tmp/port" ]; do
	i=$((i + 1))
	[ "$i" -gt 100 ] && die "the server did not start"
	sleep 0.05
done
base=http://127.0.0.1:$(cat "$tmp/port")/api/v1

# A throwaway key, no ledger, nothing from the caller's settings.
unset OPENROUTER_KEY_FILE ORKIT_LOG ORKIT_MODEL ORKIT_REFERER ORKIT_TITLE \
    http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
OPENROUTER_API_KEY=sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000
OPENROUTER_BASE_URL=$base
LC_ALL=C
export OPENROUTER_API_KEY OPENROUTER_BASE_URL LC_ALL

bin/orchat --dry-run hi >"$tmp/body.json" </dev/null
ORCHAT="bin/orchat hi"
DRYRUN="bin/orchat --dry-run hi"
CURLJQ="sh -c 'curl -s -H \"Authorization: Bearer \$OPENROUTER_API_KEY\" \
-H \"Content-Type: application/json\" -d @$tmp/body.json \
\$OPENROUTER_BASE_URL/chat/completions | jq -r \".choices[0].message.content\"'"
PY="python3 -c \"import json, os, urllib.request as u; \
r = u.Request(os.environ['OPENROUTER_BASE_URL'] + '/chat/completions', \
data=open('$tmp/body.json', 'rb').read(), headers={'Authorization': \
'Bearer ' + os.environ['OPENROUTER_API_KEY'], 'Content-Type': \
'application/json'}); print(json.load(u.urlopen(r))['choices'][0]\
['message']['content'])\""

# The same answer from each, first.
jq -r '.choices[0].message.content' "$REPLY" >"$tmp/want"
for c in "$ORCHAT" "$CURLJQ" "$PY"; do
	eval "$c" </dev/null >"$tmp/got" || die "failed: $c"
	cmp -s "$tmp/got" "$tmp/want" || die "wrong output: $c"
done

load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
out=${JSON:-$tmp/times.json}
# hyperfine's progress goes to stderr; stdout is the report.
hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$out" \
    -n orchat "$ORCHAT" \
    -n 'curl | jq' "$CURLJQ" \
    -n python3 "$PY" \
    -n 'orchat --dry-run' "$DRYRUN" \
    -n 'load libcurl' "$tmp/dlcurl" >&2
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

python3 - "$out" "$RUNS" "$WARMUP" "$load0" "$load1" "$(nproc)" <<'EOF'
import json, sys

res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
runs, warmup, load0, load1, cpus = sys.argv[2:7]
ms = lambda s: "%.2f" % (s * 1000)
o = res["orchat"]["median"]
print("# One chat completion against a local server")
print()
print("Median wall-clock time of one whole process, %s runs after %s "
      "warm-up runs, all in one hyperfine run (-N); %s CPUs, load average "
      "%s before and %s after." % (runs, warmup, cpus, load0, load1))
print()
print("| client | median ms | min ms | mean ± σ ms | median / orchat's |")
print("|---|---:|---:|---:|---:|")
for name in ("orchat", "curl | jq", "python3", "orchat --dry-run",
             "load libcurl"):
    r = res[name]
    print("| `%s` | %s | %s | %s ± %s | %.2f |" % (
        name.replace("|", "\\|"), ms(r["median"]), ms(r["min"]), ms(r["mean"]),
        ms(r["stddev"]), r["median"] / o))
print()
cj = res["curl | jq"]["median"] / o
print("* orchat median %s ms: target 6 ms, %s." %
      (ms(o), "met" if o * 1000 <= 6 else "**missed**"))
print("* curl | jq takes %.2f times as long as orchat: target 2.5, %s." %
      (cj, "met" if cj >= 2.5 else "**missed**"))
print("* python3 takes %.2f times as long as orchat." %
      (res["python3"]["median"] / o))
print("* `curl | jq` runs as `sh -c '...'` (a pipe needs a shell), so it "
      "includes starting sh.")
print("* Where orchat's time goes: `orchat --dry-run` does all of its work "
      "but the request (no libcurl, nothing sent); `load libcurl` is a "
      "program that only dlopens libcurl and initialises it, as "
      "lib/curl_dl.c does before any request: the floor under orchat "
      "as long as it talks through libcurl.")
EOF
