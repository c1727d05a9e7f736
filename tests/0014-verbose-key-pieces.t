#!/bin/sh
# -v over HTTP/1.1 with libcurl 8.14.1, which hands the request's header
# to the debug callback in pieces of its 64 KiB send buffer.  When a piece
# ended inside the Authorization line, the next began with the rest of the
# key, which reached stderr ("> f0123456789abcdef0123..."); now the start
# of the next piece up to its newline is taken for the rest of that line.
# A base URL of about 64 KiB moves the line to the boundary.  Needs
# ORKIT_TEST_LIBCURL (.ci/newcurl): 7.88.1 hands the header over whole.
. "${0%/*}/lib.sh"

d=${ORKIT_TEST_LIBCURL:-}
[ -n "$d" ] && [ -f "$d/libcurl.so.4" ] ||
    { skip "no newer libcurl (ORKIT_TEST_LIBCURL, .ci/newcurl)"; done_testing; }
mock_start
# The key's last 16 bytes, in the later piece for every cut below.
tail=${TEST_KEY#"${TEST_KEY%????????????????}"}
for cut in 10 30 50; do
	# The request up to the key: 65536 - cut bytes before it.
	url=$(python3 -c 'import sys
port, cut = sys.argv[1], int(sys.argv[2])
pre = ("POST /%s/api/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" +
       port + "\r\nUser-Agent: orkit/0.1.0\r\nAccept-Encoding: deflate, "
       "gzip, br, zstd\r\nAuthorization: Bearer ")
n = 65536 - cut - len(pre % "")
print("http://127.0.0.1:%s/%s/api/v1" % (port, "a" * n))' "$MOCK_PORT" "$cut")
	LD_LIBRARY_PATH=$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
	    OPENROUTER_BASE_URL=$url run "$BIN/orchat" -v -m x/y hi
	case $err in
	*"$tail"*)
		ok 1 "a piece ending $cut bytes into the key: its tail is on stderr" ;;
	*)	ok 0 "a piece ending $cut bytes into the key: no part of it on stderr" ;;
	esac
done
done_testing
