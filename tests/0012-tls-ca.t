#!/bin/sh
# The certificate authorities (lib/xfer.c ca_setup): with no CURL_CA_BUNDLE
# or SSL_CERT_FILE, a CA directory (SSL_CERT_DIR's or libcurl's) is used
# without the bundle file (which OpenSSL would parse whole); a server the
# directory does not verify is tried once more with the bundle, then
# refused (78), nothing sent; in a batch every request in flight gets that
# second try, and it is not counted as a retry.  A CA file named is used
# as named.
. "${0%/*}/lib.sh"

command -v openssl >/dev/null || { skip "no openssl"; done_testing; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$T/tls.key" -out "$T/tls.crt" >/dev/null 2>&1
mock_start --tls "$T/tls.crt" "$T/tls.key"

# -v shows libcurl's trace, which names the CA file and directory.
run "$BIN/orchat" -v --retries 0 hello
is "$rc" 78 "a CA in neither the directory nor the bundle: 78"
is "$(mock_requests)" 0 "no request was made"
if printf '%s\n' "$err" | grep -q 'CApath: /'; then
	is "$(printf '%s\n' "$err" | sed -n 's/^\* *CAfile: //p' | head -n 1)" \
	    none "first the CA directory alone"
	like "$(printf '%s\n' "$err" | sed -n 's/^\* *CAfile: //p' |
	    sed -n 2p)" '^/' "then once more with the bundle"
	is "$(printf '%s\n' "$err" | grep -c 'CAfile:')" 2 "and no more"
else
	for i in 1 2 3; do
		skip "libcurl has no default CA directory or names none"
	done
fi
like "$(printf '%s\n' "$err" | grep -v '^[*<>]' | tail -n 1)" \
    '^orchat: POST /chat/completions: .*(certificate|SSL)' "the TLS error"
# The second try with the bundle is no retry of --retries: -v says what
# it is, and no "retrying ... (1 of 0)".
unlike "$err" 'retrying' "the bundle's try is not called a retry"
like "$err" '^orchat: POST /chat/completions: the server is not verified by the CA directory alone; once more with the CA bundle$' \
    "-v says why it tries once more"

# A batch's requests in flight at once each get their second try, not
# only the first to fail: 3 lines, 3 connections, 6 handshakes.
printf '"a"\n"b"\n"c"\n' > "$T/three"
run "$BIN/orchat" -v --batch -P 3 --retries 0 "$T/three"
is "$rc" 78 "--batch: verification failed on every line: 78"
if printf '%s\n' "$err" | grep -q 'CApath: /'; then
	is "$(printf '%s\n' "$err" | grep -c 'CAfile: none')" 3 \
	    "--batch: every line first with the CA directory alone"
	is "$(printf '%s\n' "$err" | grep -c 'CAfile: /')" 3 \
	    "--batch: every line then once more with the bundle"
else
	skip "libcurl has no default CA directory or names none"
	skip "libcurl has no default CA directory or names none"
fi
like "$(printf '%s\n' "$err" | tail -n 1)" \
    '^orchat: batch: 3 lines, 3 failed \(3 configuration \(78\)\), 0 retries' \
    "--batch: the bundle's tries are not counted as retries"

CURL_CA_BUNDLE=$T/tls.crt run "$BIN/orchat" -v hello
is "$rc" 0 "CURL_CA_BUNDLE: verified with it"
contains "$err" "CAfile: $T/tls.crt" "the file named is the one used"
unlike "$err" 'CAfile: none' "and not the directory alone"

mkdir "$T/cadir"
cp "$T/tls.crt" "$T/cadir/$(openssl x509 -hash -noout -in "$T/tls.crt").0"
SSL_CERT_DIR=$T/cadir run "$BIN/orchat" -v hello
is "$rc" 0 "SSL_CERT_DIR: a directory named is used"
is "$(printf '%s\n' "$err" | sed -n 's/^\* *CAfile: //p')" none \
    "alone, without the bundle"
mock_stop
done_testing
