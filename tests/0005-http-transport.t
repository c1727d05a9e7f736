#!/bin/sh
# The transport: TLS verified (a self-signed server is refused unless its CA
# is given as curl takes it), plain http only to loopback, gzip, the body
# cap, malformed and non-JSON answers, timeouts, and the headers sent.
. "${0%/*}/lib.sh"

# HTTPS with a certificate made for this run.
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	    -addext subjectAltName=IP:127.0.0.1 -keyout "$T/tls.key" \
	    -out "$T/tls.crt" >/dev/null 2>&1
	mock_start --tls "$T/tls.crt" "$T/tls.key"
	run "$BIN/orchat" --retries 0 hello
	is "$rc" 78 "an unknown CA is refused: 78"
	like "$err" "^orchat: POST /chat/completions: .*(certificate|SSL)" \
	    "with a clear TLS error"
	is "$(lines "$err")" 1 "in one line"
	is "$(mock_requests)" 0 "and no request was made"
	CURL_CA_BUNDLE=$T/tls.crt run "$BIN/orchat" hello
	is "$rc" 0 "CURL_CA_BUNDLE names the CA: accepted"
	like "$out" . "and the reply arrives"
	SSL_CERT_FILE=$T/tls.crt run "$BIN/orchat" hello
	is "$rc" 0 "SSL_CERT_FILE works too"
	mock_stop
else
	for i in 1 2 3 4 5 6 7; do skip "no openssl"; done
fi

mock_start
run "$BIN/orchat" --base-url http://openrouter.ai/api/v1 hello
is "$rc" 78 "plain http to a remote host is refused: 78"
contains "$err" "--insecure-http" "the message names the way out"
# 0x7f000001 is 127.0.0.1 to curl but not a loopback name to us.
run "$BIN/orchat" --base-url "http://0x7f000001:$MOCK_PORT/api/v1" hello
is "$rc" 78 "a host not known as loopback is refused"
run "$BIN/orchat" --insecure-http --base-url "http://0x7f000001:$MOCK_PORT/api/v1" hello
is "$rc" 0 "--insecure-http allows it"
run "$BIN/orchat" --base-url ftp://127.0.0.1/ hello
is "$rc" 78 "not http(s): 78"

run "$BIN/orchat" hello
is "$rc" 0 "a plain reply"
is "$(mock_last 'h["user-agent"]')" "orkit/$("$BIN/orchat" --version | cut -d' ' -f2)" \
    "User-Agent orkit/VERSION"
like "$(mock_last 'h.get("accept-encoding","")')" "gzip" "gzip accepted"
is "$(mock_last '"http-referer" in h or "x-title" in h or "x-openrouter-title" in h')" \
    False "no attribution headers unless configured"
is "$(mock_last 'h["content-type"]')" "application/json" "JSON body"
is "$(mock_last 'json.loads(r["body"])["usage"]')" '{"include": true}' \
    "usage.include is asked for"

run "$BIN/orchat" --referer https://example.org/app --title "My App" hello
is "$(mock_last 'h["http-referer"]')" "https://example.org/app" "--referer"
is "$(mock_last 'h["x-openrouter-title"]')" "My App" "--title sends X-OpenRouter-Title"
is "$(mock_last 'h["x-title"]')" "My App" "and X-Title"
ORKIT_REFERER=https://r.example ORKIT_TITLE=T run "$BIN/orchat" hello
is "$(mock_last 'h["http-referer"] + " " + h["x-title"]')" "https://r.example T" \
    "ORKIT_REFERER and ORKIT_TITLE"

run "$BIN/orchat" -m mock/gzip hello
is "$rc" 0 "a gzip body is decoded"
like "$out" . "and printed"

run "$BIN/orchat" -m mock/big:20000000 hello
is "$rc" 76 "an answer over the cap is refused: 76"
contains "$err" "larger than" "the message says why"
is "$out" "" "nothing on stdout"

run "$BIN/orchat" -m mock/malformed hello
is "$rc" 76 "malformed JSON: 76"
like "$err" "^orchat: malformed answer: line" "the message says where"

run "$BIN/orchat" --retries 0 -m mock/html:502 hello
is "$rc" 75 "an HTML 502 page: 75"
like "$err" "HTTP 502: openrouter\.ai \| 502: Bad Gateway \(Cloudflare ray [0-9a-f]+\)\$" \
    "shown by its title and ray id (issue 11 item 18)"
is "$(lines "$err")" 1 "in one line"

run "$BIN/orchat" --retries 0 --timeout 1 -m mock/slowbody:400 hello
is "$rc" 75 "--timeout 1 on a slow body: 75"
like "$err" "[Tt]imeout|timed out" "the message says it timed out"

done_testing
