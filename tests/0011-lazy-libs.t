#!/bin/sh
# libjq (lib/jqfn.h) is loaded only when a request body is built: --help,
# --version, a bad flag and orstream --sse run with a libjq that cannot be
# loaded, and a run that builds a body says so in one line, exit 69.
. "${0%/*}/lib.sh"

case ${ORKIT_MAKEFLAGS:-} in
*JQ_LINK=1*)
	skip "make JQ_LINK=1: libjq is linked, not loaded"
	done_testing ;;
esac

S=$TOP/tests/fixtures/stream/stream_gpt-4o_text_2025-08.sse
mkdir -p "$T/short" "$T/empty"
# Not a shared object at all: dlopen fails.
echo 'not a library' >"$T/short/libjq.so.1"
cp "$T/short/libjq.so.1" "$T/short/libjq.so"
cp "$T/short/libjq.so.1" "$T/short/libjq.1.dylib"

run_in "$S" "$BIN/orstream" --sse
want=$out

LD_LIBRARY_PATH=$T/short DYLD_LIBRARY_PATH=$T/short
export LD_LIBRARY_PATH DYLD_LIBRARY_PATH
for c in orchat orstream; do
	run "$BIN/$c" --version
	is "$rc" 0 "$c --version does not load libjq"
	run "$BIN/$c" --help
	is "$rc" 0 "$c --help does not load libjq"
	run "$BIN/$c" --no-such-flag
	is "$rc" 2 "$c with a bad flag: usage, exit 2, no libjq"
	# Options kept as C values, and numbers and words checked first, make
	# no jv: --help after them, or a bad value, needs no libjq either.
	run "$BIN/$c" -m x/y -c "$T/conv.json" --log '' --help
	is "$rc" 0 "$c -m -c --log --help does not load libjq"
	run "$BIN/$c" -m x/y -t 9
	is "$rc.$(lines "$err")" "2.1" "$c -t 9: a bad value, 2, no libjq"
	run "$BIN/$c" --sort nearest --help
	is "$rc" 2 "$c --sort with a bad word: 2, no libjq"
	run "$BIN/$c" -m x/y -t 0.5 --dry-run hello
	is "$rc" 69 "$c -t 0.5 --dry-run: the body needs libjq: 69"
	run "$BIN/$c" --dry-run -m x/y hello
	is "$rc" 69 "$c --dry-run: a body to build and no libjq: exit 69"
	is "$(lines "$err")" 1 "$c: one line on stderr"
	like "$err" "^$c: cannot load libjq[^:]*: " "$c: it names the library"
	is "$out" "" "$c: nothing on stdout"
done
run_in "$S" "$BIN/orstream" --sse
is "$rc" 0 "orstream --sse decodes without libjq"
is "$out" "$want" "the same text as with it"

# A shared object without libjq's functions: the missing one is named.
unset LD_LIBRARY_PATH DYLD_LIBRARY_PATH
if printf '' | ${CC:-cc} -shared -fPIC -o "$T/empty/libjq.so.1" -x c - \
    2>/dev/null; then
	LD_LIBRARY_PATH=$T/empty; export LD_LIBRARY_PATH
	run "$BIN/orchat" --dry-run hello
	is "$rc" 69 "a libjq without jv_array: exit 69"
	like "$err" '^orchat: libjq[^:]*: no symbol jv_[a-z_]+$' \
	    "the missing function named, in one line"
	unset LD_LIBRARY_PATH
	case ${ORKIT_MAKEFLAGS:-} in
	*CURL_LINK=1*)
		skip "make CURL_LINK=1: libcurl is linked, not loaded" ;;
	*)
		mkdir "$T/emptycurl"
		for f in libcurl.so.4 libcurl.so libcurl.4.dylib; do
			cp "$T/empty/libjq.so.1" "$T/emptycurl/$f"
		done
		run env OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 \
		    OPENROUTER_API_KEY=sk-or-v1-test \
		    LD_LIBRARY_PATH="$T/emptycurl" \
		    DYLD_LIBRARY_PATH="$T/emptycurl" "$BIN/orchat" -m x/y hi
		like "$rc.$err" '^69\.orchat: libcurl[^:]*: no symbol curl_[a-z_]+$' \
		    "a libcurl without its functions: the one missing named, 69"
		;;
	esac
else
	skip "no C compiler to make an empty shared object"
	skip "no C compiler to make an empty shared object"
	skip "no C compiler to make an empty shared object"
fi

# libcurl the same way: a command that needs the network and cannot load
# it says so in one line, exit 69 (as for libjq), nothing sent, no output.
case ${ORKIT_MAKEFLAGS:-} in
*CURL_LINK=1*) skip "make CURL_LINK=1: libcurl is linked, not loaded" ;;
*)
	cp "$T/short/libjq.so.1" "$T/short/libcurl.so.4"
	cp "$T/short/libjq.so.1" "$T/short/libcurl.so"
	cp "$T/short/libjq.so.1" "$T/short/libcurl.4.dylib"
	mkdir "$T/curl"
	mv "$T/short/libcurl.so.4" "$T/short/libcurl.so" \
	    "$T/short/libcurl.4.dylib" "$T/curl/"
	run env OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 \
	    OPENROUTER_API_KEY=sk-or-v1-test LD_LIBRARY_PATH="$T/curl" \
	    DYLD_LIBRARY_PATH="$T/curl" "$BIN/orchat" -m x/y hello
	is "$rc.$(lines "$err").$out" "69.1." \
	    "no libcurl to load: exit 69 (as no libjq), one line, no output"
	like "$err" "^orchat: cannot load libcurl[^:]*: " "it names libcurl"
	;;
esac

run "$BIN/orchat" --dry-run hello
is "$rc" 0 "with the real libjq: the body is built"
like "$out" '"content":"hello"' "and printed"
done_testing
