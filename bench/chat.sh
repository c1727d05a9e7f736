#!/bin/sh
# bench/chat.sh -- one complete non-streaming chat completion against a
# local server, over http and over TLS, timed for orchat and for what a
# script would otherwise run (curl piped into jq, curl alone), with the
# pieces of orchat's time beside it; prints the issue 14 targets' pass or
# miss.
#
#	sh bench/chat.sh [BEFORE_TREE] > chat-results.md
#
# BEFORE_TREE (or BEFORE=): a built tree of an earlier commit (git worktree
# add DIR COMMIT; make -C DIR), whose orchat is timed beside this one.
#
# The server is bench/chatd.c, built here: one process, no threads, which
# reads the request and answers with a real reply from tests/fixtures, so
# that it costs next to nothing and the clients are what is measured; a
# second one speaks TLS (chatd built with OpenSSL when its headers are
# there; without them the TLS half is left out, saying so), with an ECDSA
# P-256 certificate signed by a CA made here.  That CA is added to a copy
# of the system's: a bundle (the system's ca-certificates.crt and it) and a
# hashed directory (the system's certificates and it), and SSL_CERT_DIR
# names the directory for every TLS client, so that each trusts the same
# authorities as it would by default, plus this CA: curl(1) and the older
# orchat read the bundle and look in the directory, this orchat looks in
# the directory alone (lib/xfer.c ca_setup).
#
# All clients send the same body (the one orchat builds, from
# orchat --dry-run) with the same headers and print the same text; that is
# checked before the timing.  hyperfine times each half in one run (-N: no
# shell in between; curl | jq needs one for its pipe, so it runs as
# sh -c '...', and pays for the shell) after a warm-up.  Wall times are
# medians (on a small shared machine the mean is dragged about by runs that
# lost the CPU); CPU times are hyperfine's means of user + system time.
# Timed beside them, to show where the time goes: /bin/true (a process),
# orchat --version (our binary starting), orchat --dry-run (all of the work
# but the request: libjq and the body, no libcurl), and a program that only
# loads and initialises libcurl as lib/curl_dl.c does.
#
# Settings from the environment: RUNS (default 200), WARMUP (20), JSON
# (a directory to keep hyperfine's exports in; default: a temporary one).
# Needs cc, hyperfine, curl, jq, openssl and python3.  Never touches the
# network.
set -eu

cd "$(dirname "$0")/.."
RUNS=${RUNS:-200}
WARMUP=${WARMUP:-20}
BEFORE=${1:-${BEFORE:-}}
prog=bench/chat.sh
die() {
	echo "$prog: $*" >&2
	exit 1
}
for c in cc hyperfine curl jq openssl python3; do
	command -v "$c" >/dev/null 2>&1 || die "needs $c"
done
case $RUNS$WARMUP in
*[!0-9]*) die "RUNS and WARMUP must be whole numbers" ;;
esac
[ -x bin/orchat ] || make >&2
if [ -n "$BEFORE" ]; then
	BEFORE=$(cd "$BEFORE" && pwd)
	[ -x "$BEFORE/bin/orchat" ] || die "$BEFORE: no bin/orchat (make -C it)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/orkit-chat.XXXXXX")
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
out=${JSON:-$tmp}
mkdir -p "$out"

REPLY=tests/fixtures/chat/chat_gemini-2.5-flash-lite_basic-2025-10.response.json
tls=1
if ! cc -O2 -DCHATD_TLS -o "$tmp/chatd" bench/chatd.c -lssl -lcrypto \
    2>/dev/null; then
	echo "$prog: no OpenSSL headers (libssl-dev): http only" >&2
	tls=
	cc -O2 -o "$tmp/chatd" bench/chatd.c
fi
# The floor under any request orchat makes: loading libcurl (as
# lib/curl_dl.c does, lazily bound) and initialising it, and nothing else.
cat >"$tmp/dlcurl.c" <<'EOF'
#include <dlfcn.h>
int
main(void)
{
	void *l = dlopen("libcurl.so.4", RTLD_LAZY), *f;
	int (*init)(long);

	if (l == 0 || (f = dlsym(l, "curl_global_init")) == 0)
		return 1;
	*(void **)&init = f;
	return init(3) != 0;
}
EOF
cc -O2 -o "$tmp/dlcurl" "$tmp/dlcurl.c" -ldl

# serve PORTFILE [CERT KEY]: a chatd in the background.
serve() {
	"$tmp/chatd" "$1" "$REPLY" ${2:+"$2"} ${3:+"$3"} &
	pids="$pids $!"
	i=0
	until [ -s "$1" ]; do
		i=$((i + 1))
		[ "$i" -gt 100 ] && die "the server did not start"
		sleep 0.05
	done
}
serve "$tmp/port"
if [ -n "$tls" ]; then
	o() { openssl "$@" >/dev/null 2>&1 || die "openssl $1 failed"; }
	o req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=orkit-bench-CA -keyout "$tmp/ca.key" \
	    -out "$tmp/ca.pem"
	o req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -subj /CN=127.0.0.1 -keyout "$tmp/leaf.key" -out "$tmp/leaf.csr"
	printf 'subjectAltName=IP:127.0.0.1\n' >"$tmp/ext"
	o x509 -req -in "$tmp/leaf.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" \
	    -CAcreateserial -days 2 -extfile "$tmp/ext" -out "$tmp/leaf.pem"
	cat "$tmp/leaf.pem" "$tmp/ca.pem" >"$tmp/chain.pem"
	sysbundle=/etc/ssl/certs/ca-certificates.crt
	[ -f "$sysbundle" ] || sysbundle=/etc/ssl/cert.pem
	[ -f "$sysbundle" ] || die "no system CA bundle found"
	cat "$sysbundle" "$tmp/ca.pem" >"$tmp/bundle.pem"
	mkdir "$tmp/cadir"
	for f in /etc/ssl/certs/*.[0-9]; do
		[ -e "$f" ] && cp -L "$f" "$tmp/cadir/"
	done
	cp "$tmp/ca.pem" "$tmp/cadir/$(openssl x509 -hash -noout \
	    -in "$tmp/ca.pem").0"
	ncerts=$(grep -c 'BEGIN CERTIFICATE' "$tmp/bundle.pem")
	serve "$tmp/tport" "$tmp/chain.pem" "$tmp/leaf.key"
fi
base=http://127.0.0.1:$(cat "$tmp/port")/api/v1

# A throwaway key, no ledger, nothing from the caller's settings.
unset OPENROUTER_KEY_FILE ORKIT_LOG ORKIT_MODEL ORKIT_REFERER ORKIT_TITLE \
    ORKIT_CACHE http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY \
    all_proxy CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR
OPENROUTER_API_KEY=sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000
OPENROUTER_BASE_URL=$base
LC_ALL=C
export OPENROUTER_API_KEY OPENROUTER_BASE_URL LC_ALL

bin/orchat --dry-run hi >"$tmp/body.json" </dev/null
jq -r '.choices[0].message.content' "$REPLY" >"$tmp/want"
H="-H \"Authorization: Bearer \$OPENROUTER_API_KEY\" -H \"Content-Type: application/json\""
CURLJQ="sh -c 'curl -s $H -d @$tmp/body.json \
\$OPENROUTER_BASE_URL/chat/completions | jq -r \".choices[0].message.content\"'"
CURL="curl -s -H \"Authorization: Bearer $OPENROUTER_API_KEY\" \
-H \"Content-Type: application/json\" -d @$tmp/body.json"

# check NAME COMMAND: it gives the reply's text (curl alone: the reply).
check() {
	eval "$2" </dev/null >"$tmp/got" 2>"$tmp/err" ||
	    die "$1 failed: $(head -c 300 "$tmp/err")"
	case $1 in
	'curl alone')
		jq -r '.choices[0].message.content' "$tmp/got" >"$tmp/got2" ||
		    die "$1: not the reply"
		mv "$tmp/got2" "$tmp/got" ;;
	esac
	cmp -s "$tmp/got" "$tmp/want" || die "wrong output: $1: $2"
}

# The lists of commands to time: a name, a tab, the command line.
TAB=$(printf '\t')
# hf NAME: time the commands in $tmp/list, keeping NAME.json.
hf() {
	set -- hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
	    --export-json "$out/$1.json"
	while IFS=$TAB read -r n c; do
		set -- "$@" -n "$n" "$c"
	done <"$tmp/list"
	"$@" >&2
}

# The http half.
{
	echo "orchat${TAB}bin/orchat hi"
	[ -n "$BEFORE" ] && echo "orchat (before)${TAB}$BEFORE/bin/orchat hi"
	echo "curl | jq${TAB}$CURLJQ"
	echo "orchat --dry-run${TAB}bin/orchat --dry-run hi"
	echo "orchat --version${TAB}bin/orchat --version"
	echo "load libcurl${TAB}$tmp/dlcurl"
	echo "/bin/true${TAB}/bin/true"
} >"$tmp/list"
check orchat "bin/orchat hi"
[ -n "$BEFORE" ] && check "orchat (before)" "$BEFORE/bin/orchat hi"
check "curl | jq" "$CURLJQ"
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
hf http

# The TLS half: the same request to the TLS server.
if [ -n "$tls" ]; then
	OPENROUTER_BASE_URL=https://127.0.0.1:$(cat "$tmp/tport")/api/v1
	SSL_CERT_DIR=$tmp/cadir
	export OPENROUTER_BASE_URL SSL_CERT_DIR
	{
		echo "orchat${TAB}bin/orchat hi"
		[ -n "$BEFORE" ] &&
		    echo "orchat (before)${TAB}$BEFORE/bin/orchat hi"
		echo "curl alone${TAB}$CURL $OPENROUTER_BASE_URL/chat/completions"
		echo "curl | jq${TAB}$CURLJQ"
		echo "orchat, bundle file${TAB}env CURL_CA_BUNDLE=$tmp/bundle.pem bin/orchat hi"
		echo "env /bin/true${TAB}env /bin/true"
		echo "/bin/true${TAB}/bin/true"
	} >"$tmp/list"
	while IFS=$TAB read -r n c; do
		check "$n" "$c"
	done <<EOF
$(grep -v true "$tmp/list")
EOF
	hf tls
fi
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# Instructions (callgrind), which a busy machine does not change: one run
# of each client over http and over TLS.  INSTR=0 leaves them out.
: >"$tmp/instr"
if [ "${INSTR:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1; then
	# instr HALF NAME COMMAND...
	instr() {
		h=$1 n=$2
		shift 2
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
		    >/dev/null 2>"$tmp/vg" </dev/null ||
		    die "callgrind: $n failed"
		printf '%s\t%s\t%s\n' "$h" "$n" "$(sed -n \
		    's/.*Collected : *\([0-9]*\).*/\1/p' "$tmp/vg")" >>"$tmp/instr"
	}
	for half in http ${tls:+tls}; do
		if [ "$half" = http ]; then
			OPENROUTER_BASE_URL=$base
		else
			OPENROUTER_BASE_URL=https://127.0.0.1:$(cat "$tmp/tport")/api/v1
		fi
		instr $half orchat bin/orchat hi
		[ -n "$BEFORE" ] &&
		    instr $half "orchat (before)" "$BEFORE/bin/orchat" hi
		instr $half "curl alone" curl -s -H "Authorization: Bearer \
$OPENROUTER_API_KEY" -H "Content-Type: application/json" \
		    -d @"$tmp/body.json" "$OPENROUTER_BASE_URL/chat/completions"
	done
fi
cp "$tmp/instr" "$out/instr.tsv"

python3 - "$out" "$RUNS" "$WARMUP" "$load0" "$load1" "$(nproc)" \
    "${ncerts:-}" "$BEFORE" <<'EOF'
import json, os, sys

out, runs, warmup, load0, load1, cpus, ncerts, before = sys.argv[1:9]

def load(name):
    f = os.path.join(out, name + ".json")
    if not os.path.exists(f):
        return None
    return {r["command"]: r for r in json.load(open(f))["results"]}

http, tls = load("http"), load("tls")
ms = lambda s: "%.2f" % (s * 1000)
med = lambda r, n: r[n]["median"]
cpu = lambda r, n: r[n]["user"] + r[n]["system"]
misses = 0

def table(res, ref):
    print("| client | median ms | min ms | CPU ms (user + sys) | "
          "median / orchat's |")
    print("|---|---:|---:|---:|---:|")
    for name, r in res.items():
        print("| `%s` | %s | %s | %s | %.2f |" % (
            name.replace("|", "\\|"), ms(r["median"]), ms(r["min"]),
            ms(r["user"] + r["system"]), r["median"] / res[ref]["median"]))
    print()

def verdict(ok):
    global misses
    misses += not ok
    return "**pass**" if ok else "**MISS**"

print("# One chat completion against a local server")
print()
print("Wall: median of one whole process; CPU: mean user + system time. "
      "%s runs after %s warm-up runs, each half in one hyperfine run (-N); "
      "%s CPUs, load average %s before and %s after." %
      (runs, warmup, cpus, load0, load1))
print()
print("## Loopback http")
print()
table(http, "orchat")
o = med(http, "orchat")
cj = med(http, "curl | jq") / o
print("* Target: `curl | jq` at least 3x orchat's median: %.2fx, %s." %
      (cj, verdict(cj >= 3)))
if "orchat (before)" in http:
    print("* Before: `curl | jq` %.2fx the earlier orchat's median." %
          (med(http, "curl | jq") / med(http, "orchat (before)")))
print("* `curl | jq` runs as `sh -c '...'` (a pipe needs a shell), so it "
      "includes starting sh.")
print()
t = med(http, "/bin/true")
v = med(http, "orchat --version")
d = med(http, "orchat --dry-run")
lc = med(http, "load libcurl")
print("Where orchat's time goes (differences of medians, ms):")
print()
print("| part | ms | how |")
print("|---|---:|---|")
print("| a process (fork, exec, exit) | %s | `/bin/true` |" % ms(t))
print("| our binary: loading, libc, options | %s | `orchat --version` - "
      "`/bin/true` |" % ms(v - t))
print("| libjq, the prompt, the body | %s | `orchat --dry-run` - "
      "`orchat --version` |" % ms(d - v))
print("| loading libcurl and its libraries | %s | `load libcurl` - "
      "`/bin/true` |" % ms(lc - t))
print("| the transfer, decoding, output | %s | `orchat` - "
      "`orchat --dry-run` - that |" % ms(o - d - (lc - t)))
print()
if tls is None:
    print("TLS: not measured (no OpenSSL headers to build chatd with).")
    sys.exit(0)
print("## TLS (loopback, ECDSA P-256, a CA store of %s certificates)" %
      ncerts)
print()
table(tls, "orchat")
oc, cc = cpu(tls, "orchat"), cpu(tls, "curl alone")
print("* Target: orchat's CPU per call at most 0.7x `curl`'s own for the "
      "same request: %.2fx (%s ms / %s ms), %s." %
      (oc / cc, ms(oc), ms(cc), verdict(oc / cc <= 0.7)))
if "orchat (before)" in tls:
    print("* Before: the earlier orchat's CPU %.2fx curl's (%s ms)." %
          (cpu(tls, "orchat (before)") / cc, ms(cpu(tls, "orchat (before)"))))
print("* TLS over http, orchat: %s ms wall, %s ms CPU more." %
      (ms(med(tls, "orchat") - o), ms(oc - cpu(http, "orchat"))))
bf = cpu(tls, "orchat, bundle file") - cpu(tls, "env /bin/true") + \
    cpu(tls, "/bin/true")
print("* The CA bundle file instead of the directory (`CURL_CA_BUNDLE`, "
      "run through env(1), whose own cost is taken out): %s ms CPU, "
      "%s ms more per call." % (ms(bf), ms(bf - oc)))
print("* Every TLS client trusts the same authorities: SSL_CERT_DIR names "
      "the copy of the system's directory with the bench CA added; curl "
      "and the earlier orchat also read the system bundle, as they do by "
      "default.")
print()
ins = [l.rstrip("\n").split("\t") for l in open(os.path.join(out,
       "instr.tsv"))]
if ins:
    print("## Instructions (callgrind, one run each)")
    print()
    print("| half | client | instructions | / orchat's |")
    print("|---|---|---:|---:|")
    ref = {h: int(n) for h, c, n in ins if c == "orchat"}
    for h, c, n in ins:
        print("| %s | `%s` | %s | %.2f |" % (h, c, format(int(n), ","),
                                            int(n) / ref[h]))
    print()
print("Targets: %s." % ("all met" if misses == 0 else "%d missed" % misses))
EOF
