# tests/lib.sh -- sourced by every tests/*.t: TAP output, a scratch
# directory, the commands under test, and the mock OpenRouter server.
#
#	. "${0%/*}/lib.sh"
#	run bin/orchat hello	# sets $rc, $out, $err (files: $OUT, $ERR)
#	is "$rc" 0 "exit 0"
#	like "$out" 'Hello' "reply on stdout"
#	done_testing
#
# Every test runs with LC_ALL=C, no proxy, its own XDG directories and a
# throwaway key; nothing ever leaves 127.0.0.1.
#
# VALGRIND=1 (make check VALGRIND=1): $BIN is a directory of wrappers that
# run each command under valgrind's memcheck, so every "$BIN/orchat" (in
# run or called directly) is checked; run also wraps any other orkit binary
# it is given (an installed copy).  A memory error or a definite leak makes
# the command exit 99, and its report (only what counts as an error: no
# "possibly lost" blocks of dlopen), kept in $T/vg, fails the test in
# done_testing, whatever the test asserted.

set -u
LC_ALL=C; export LC_ALL
TOP=$(cd "${0%/*}/.." && pwd); export TOP
BIN=$TOP/bin
T=$(mktemp -d "${TMPDIR:-/tmp}/orkit-test.XXXXXX")
OUT=$T/stdout ERR=$T/stderr
ntest=0 nfail=0 MOCK_PID=
VALGRIND=${VALGRIND:-}
[ "$VALGRIND" = 0 ] && VALGRIND=
MOCK_LIFE=300
[ -n "$VALGRIND" ] && MOCK_LIFE=3600

cleanup() {
	mock_stop
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
    OPENROUTER_KEY_FILE ORKIT_MODEL ORKIT_REFERER ORKIT_TITLE ORKIT_CATALOG \
    ORKIT_LOG CURL_CA_BUNDLE SSL_CERT_FILE SSL_CERT_DIR
no_proxy='*'; export no_proxy
XDG_CONFIG_HOME=$T/config XDG_CACHE_HOME=$T/cache HOME=$T/home
export XDG_CONFIG_HOME XDG_CACHE_HOME HOME
mkdir -p "$HOME"
# A key that looks real, so that a leak of it would be seen.
TEST_KEY=sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
OPENROUTER_API_KEY=$TEST_KEY; export OPENROUTER_API_KEY
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1; export OPENROUTER_BASE_URL

# vg_cmd PROGRAM: the valgrind command line a wrapper runs PROGRAM with.
vg_cmd() {
	printf "exec '%s' --tool=memcheck --error-exitcode=99 " "$VG"
	printf -- '--leak-check=full --errors-for-leak-kinds=definite '
	printf -- '--show-leak-kinds=definite -q '
	printf -- "--log-file='%s/vg.%%p' '%s' \"\$@\"\n" "$T/vg" "$1"
}
if [ -n "$VALGRIND" ]; then
	VG=$(command -v valgrind) || { echo "Bail out! no valgrind"; exit 1; }
	mkdir -p "$T/vg"
	for c in orchat orstream ormodels orcost; do
		{ echo '#!/bin/sh'; vg_cmd "$TOP/bin/$c"; } >"$T/vg/$c"
		chmod +x "$T/vg/$c"
	done
	BIN=$T/vg
fi

# vg_report: the valgrind reports so far, on stderr; 1 when there are any.
vg_report() {
	[ -n "$VALGRIND" ] || return 0
	found=0
	for f in "$T"/vg/vg.*; do
		[ -s "$f" ] || continue
		found=1
		echo "# valgrind: $f" >&2
		sed 's/^/#   /' "$f" >&2
	done
	return $found
}

ok() {	# ok COND-STATUS NAME...
	ntest=$((ntest + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $ntest - $2"
	else
		nfail=$((nfail + 1))
		echo "not ok $ntest - $2"
	fi
	return "$1"
}

is() {	# is GOT WANT NAME
	[ "$1" = "$2" ]
	ok $? "$3" || printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
}

like() {	# like TEXT ERE NAME
	printf '%s' "$1" | grep -Eq -- "$2"
	ok $? "$3" || printf '#   %s\n#   does not match /%s/\n' \
	    "$(printf '%s' "$1" | head -c 400)" "$2"
}

unlike() {	# unlike TEXT ERE NAME
	! printf '%s' "$1" | grep -Eq -- "$2"
	ok $? "$3" || printf '#   %s\n#   matches /%s/\n' \
	    "$(printf '%s' "$1" | head -c 400)" "$2"
}

contains() {	# contains TEXT FIXED-STRING NAME
	case $1 in
	*"$2"*) ok 0 "$3" ;;
	*) ok 1 "$3"; printf '#   %s\n#   lacks: %s\n' \
	    "$(printf '%s' "$1" | head -c 400)" "$2" ;;
	esac
}

lines() {	# lines TEXT: the number of lines
	if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l |
	    tr -d ' '; fi
}

# wait_until CMD...: run CMD every tenth of a second until it succeeds, for
# at most WAIT_MAX seconds (default 120: generous, for valgrind and slow
# machines); 1 if it never did.  For a readiness condition (a file, a
# request logged, a process state) in place of a fixed sleep.
wait_until() {
	_wu=$((${WAIT_MAX:-120} * 10))
	until "$@"; do
		[ "$_wu" -gt 0 ] || return 1
		_wu=$((_wu - 1))
		sleep 0.1
	done
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# h2_start SIZE: an HTTP/2 server over TLS (nghttpd, of nghttp2; the mock
# speaks HTTP/1.1 only) on port $h2port, answering every POST with a
# recorded reply whose content is SIZE bytes of "x", its certificate in
# $T/tls.crt, its frames in $T/h2.log, its pid in $h2pid (for the caller's
# trap).  Skips the test without nghttpd or openssl.
h2_start() {
	command -v nghttpd >/dev/null 2>&1 ||
	    { skip "no nghttpd (Debian: nghttp2-server)"; done_testing; }
	command -v openssl >/dev/null 2>&1 ||
	    { skip "no openssl"; done_testing; }
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
	    -keyout "$T/tls.key" -out "$T/tls.crt" >/dev/null 2>&1
	mkdir -p "$T/doc/api/v1/chat"
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["choices"][0]["message"]["content"] = "x" * int(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))' \
	    "$TOP/tests/fixtures/chat/chat_claude-sonnet-4.5_reasoning-effort-high.response.json" \
	    "$T/doc/api/v1/chat/completions" "$1"
	h2port=$(free_port)
	nghttpd -v -a 127.0.0.1 -d "$T/doc" "$h2port" "$T/tls.key" \
	    "$T/tls.crt" >"$T/h2.log" 2>&1 &
	h2pid=$!
	wait_until python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])))' "$h2port" \
	    2>/dev/null ||
	    { echo "Bail out! nghttpd did not start: $(cat "$T/h2.log")"; exit 1; }
}

# run CMD...: run with stdin from /dev/null unless redirected by the caller
# (use run_in FILE CMD... to give stdin); capture status, stdout, stderr.
run() {
	if [ -n "$VALGRIND" ] && [ "${1%/*}" != "$BIN" ]; then
		case ${1##*/} in
		orchat|orstream|ormodels|orcost)
			vg_p=$1; shift
			set -- sh -c "$(vg_cmd "$vg_p")" "$vg_p" "$@" ;;
		esac
	fi
	"$@" <"${RUN_STDIN:-/dev/null}" >"$OUT" 2>"$ERR"
	rc=$?
	out=$(cat "$OUT")
	err=$(cat "$ERR")
}
run_in() {
	RUN_STDIN=$1; shift
	run "$@"
	RUN_STDIN=
}

has_tty() {	# has_tty: can script(1) give a command a terminal?
	script -qec true /dev/null >/dev/null 2>&1
}

tty_run() {	# tty_run CMD OUT [COLS]: CMD on a terminal (COLS columns
	# wide, 50 lines, when given), what it showed in OUT (CRs dropped);
	# the status is CMD's.
	if [ -n "${3:-}" ]; then
		script -qec "stty cols $3 rows 50 && $1" /dev/null >"$2.raw" 2>&1
	else
		script -qec "$1" /dev/null >"$2.raw" 2>&1
	fi
	set -- "$?" "$2"
	tr -d '\r' <"$2.raw" >"$2"
	return "$1"
}

max_width() {	# max_width FILE: the display columns of FILE's widest line
	# (UTF-8; two for East Asian wide characters, none for combining)
	python3 -c 'import sys, unicodedata as u
def w(c):
    if u.combining(c): return 0
    return 2 if u.east_asian_width(c) in "WF" else 1
print(max([sum(map(w, l.rstrip("\n"))) for l in
    open(sys.argv[1], encoding="utf-8", errors="replace")] or [0]))' "$1"
}

screen_is() {	# screen_is NAME TEXT: $T/NAME is the screen tests/screens/NAME
	# (ORKIT_SCREENS_WRITE=1 writes it there first)
	if [ -n "${ORKIT_SCREENS_WRITE:-}" ]; then
		cp "$T/$1" "$TOP/tests/screens/$1"
	fi
	if cmp -s "$T/$1" "$TOP/tests/screens/$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		diff "$TOP/tests/screens/$1" "$T/$1" | sed 's/^/#   /'
	fi
}

no_controls() {	# no_controls FILE NAME: no ESC, BEL or CSI in FILE
	! grep -q "$(printf '[\033\007\233]')" "$1"
	ok $? "$2"
}

# check_bodies LIST: one test point per line of tests/chatreq_check.py's
# verdict on the request bodies LIST names, against OpenRouter's
# ChatRequest schema at $SPEC; without the schema (SPEC is then set to -),
# the bodies are only compared with what they should be.
check_bodies() {
	[ -f "$SPEC" ] || {
		skip "no OpenAPI specification at $SPEC (set ORKIT_OPENAPI)"
		SPEC=-
	}
	python3 "$TOP/tests/chatreq_check.py" "$SPEC" "$1" >"$T/bodies.out"
	while IFS= read -r line; do
		case $line in
		"#"*)	printf '%s\n' "$line" ;;
		*)	ok "${line%% *}" "${line#* }" ;;
		esac
	done <"$T/bodies.out"
}

skip() {	# skip REASON
	ntest=$((ntest + 1))
	echo "ok $ntest # skip $1"
}

done_testing() {
	if [ -n "$VALGRIND" ]; then
		vg_report
		ok $? "valgrind: no memory errors, no definite leaks"
	fi
	echo "1..$ntest"
	[ "$nfail" -eq 0 ]
	exit $?
}

# mock_start [--tls CERT KEY]: the mock server on a free port of 127.0.0.1,
# for five minutes (an hour under valgrind, ten times slower).
# Sets MOCK_URL (the API root), MOCK_LOG (its request log) and points
# OPENROUTER_BASE_URL at it.
mock_start() {
	MOCK_LOG=$T/mock.log
	rm -f "$T/mock.port"
	: >"$MOCK_LOG"
	python3 "$TOP/tests/mock/mockor.py" --port-file "$T/mock.port" \
	    --log "$MOCK_LOG" --max-life "$MOCK_LIFE" "$@" 2>"$T/mock.err" &
	MOCK_PID=$!
	i=0
	while [ ! -s "$T/mock.port" ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$MOCK_PID" 2>/dev/null; then
			echo "Bail out! mock server did not start: $(cat "$T/mock.err")"
			exit 1
		fi
		sleep 0.05
	done
	MOCK_PORT=$(cat "$T/mock.port")
	scheme=http
	[ "${1:-}" = --tls ] && scheme=https
	MOCK_URL=$scheme://127.0.0.1:$MOCK_PORT/api/v1
	OPENROUTER_BASE_URL=$MOCK_URL; export OPENROUTER_BASE_URL
}

mock_stop() {
	if [ -n "$MOCK_PID" ]; then
		kill "$MOCK_PID" 2>/dev/null
		wait "$MOCK_PID" 2>/dev/null
		MOCK_PID=
	fi
}

# mock_requests: how many requests the mock has logged.
mock_requests() {
	wc -l <"$MOCK_LOG" | tr -d ' '
}

# mock_last EXPR: evaluate a Python expression over the last logged request
# r (a dict: method, path, query, headers, body, time).
mock_last() {
	python3 -c 'import json,sys
r = json.loads(open(sys.argv[1]).read().splitlines()[-1])
h = {k.lower(): v for k, v in r["headers"].items()}
v = eval(sys.argv[2])
print(v if not isinstance(v, (dict, list)) else json.dumps(v))' "$MOCK_LOG" "$1"
}
