#!/bin/sh
# The certificate authorities (lib/xfer.c ca_setup): with no CURL_CA_BUNDLE
# or SSL_CERT_FILE, a CA directory (SSL_CERT_DIR's or libcurl's) is used
# without the bundle file (which OpenSSL would parse whole); a server the
# directory does not verify is tried once more with the bundle, then
# refused (78), nothing sent.  A CA file named is used as named.
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
