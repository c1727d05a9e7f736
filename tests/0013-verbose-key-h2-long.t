#!/bin/sh
# -v over HTTP/2 with a long key.  libcurl cuts a trace line at 2048
# bytes, so "h2h3 [authorization: Bearer KEY" (7.88.1) or "[HTTP/2] [1]
# [authorization: Bearer KEY" (8.x) reaches on_debug cut short, and a
# search for the whole key let its first ~1000 bytes through to stderr.
# Now a line naming the header is shown only up to the name.  A key file
# may hold up to 4096 bytes, the environment any length (DESIGN.md: the
# key never reaches stderr or traces).
. "${0%/*}/lib.sh"
h2_start 10
trap 'kill $h2pid 2>/dev/null; cleanup' EXIT
K=sk-or-v1-$(python3 -c 'print("Q7z" * 700)')
mkdir -p "$T/k"; printf '%s\n' "$K" >"$T/k/key"; chmod 600 "$T/k/key"
leak() {	# leak NAME: no 32 bytes of the key's secret part on stderr
	case $err in
	*Q7zQ7zQ7zQ7zQ7zQ7zQ7zQ7zQ7zQ7zQ7*) ok 1 "$1: part of the key is on stderr" ;;
	*) ok 0 "$1: no part of the key on stderr" ;;
	esac
}
for lp in "" ${ORKIT_TEST_LIBCURL:-}; do
	OPENROUTER_API_KEY=$K LD_LIBRARY_PATH=$lp \
	    OPENROUTER_BASE_URL=https://127.0.0.1:$h2port/api/v1 \
	    CURL_CA_BUNDLE=$T/tls.crt run "$BIN/orchat" -v \
	    -m anthropic/claude-sonnet-4.5 hi
	is "$rc" 0 "libcurl ${lp:-system}: exit 0"
	leak "libcurl ${lp:-system}, key from the environment"
	(unset OPENROUTER_API_KEY
	LD_LIBRARY_PATH=$lp OPENROUTER_BASE_URL=https://127.0.0.1:$h2port/api/v1 \
	    CURL_CA_BUNDLE=$T/tls.crt "$BIN/orchat" -v --key-file "$T/k/key" \
	    -m anthropic/claude-sonnet-4.5 hi) >"$OUT" 2>"$ERR"
	err=$(cat "$ERR")
	leak "libcurl ${lp:-system}, --key-file"
done
done_testing
