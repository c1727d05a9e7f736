#!/bin/sh
# Issue 11, standing machinery: key hygiene.  While each command holds the
# key in a request (a slow mock keeps it alive), its command line does not
# show the key; after the run, its stdout, its stderr with -v traces, the
# ledger (--log), the conversation file (-c) and the cache directory
# never hold the key, nor a piece of its secret part.  The key is given in
# the environment, by OPENROUTER_KEY_FILE and by --key-file.  (The
# environment of a process given the key there holds it, of course: that
# is not looked at.)
. "${0%/*}/lib.sh"
mock_start
SLOW=http://127.0.0.1:$MOCK_PORT/_s/slow:1500/api/v1
# The secret part: the key without its sk-or-v1- prefix, and its first 16
# characters (a trace that cut the key would still show those).
SECRET=${TEST_KEY#sk-or-v1-}
PIECE=$(printf '%s' "$SECRET" | cut -c1-16)
printf '%s\n' "$TEST_KEY" >"$T/keyfile"
chmod 600 "$T/keyfile"

# clean NAME FILE...: none of FILE... holds the key or a piece of it.
clean() {
	cname=$1; shift
	hits=$(grep -rlF -e "$TEST_KEY" -e "$SECRET" -e "$PIECE" "$@" \
	    2>/dev/null)
	is "$hits" "" "$cname"
}

# hold HOW NAME CMD...: run CMD in the background with the key given HOW
# (env, envfile, flag) and OPENROUTER_BASE_URL=$HB (else the mock); look
# at its command line while the request is slow; then check what it left.
hold() {
	how=$1 name=$2; shift 2
	c=$1; shift
	case $how in
	env)	set -- env "$c" "$@" ;;
	envfile)
		set -- env OPENROUTER_API_KEY= OPENROUTER_KEY_FILE="$T/keyfile" \
		    "$c" "$@" ;;
	flag)	set -- env OPENROUTER_API_KEY= "$c" --key-file "$T/keyfile" \
		    "$@" ;;
	esac
	set -- env OPENROUTER_BASE_URL="${HB:-$MOCK_URL}" "$@"
	"$@" </dev/null >"$T/h.out" 2>"$T/h.err" &
	pid=$!
	# Wait until the request is at the mock (or the command ended).
	n=0 before=$(mock_requests)
	while [ "$(mock_requests)" = "$before" ] && kill -0 $pid 2>/dev/null &&
	    [ $n -lt 200 ]; do
		sleep 0.05; n=$((n + 1))
	done
	if kill -0 $pid 2>/dev/null && [ -r /proc/$pid/cmdline ]; then
		tr '\0' ' ' </proc/$pid/cmdline >"$T/h.cmdline"
		clean "$name ($how): the command line while it runs" \
		    "$T/h.cmdline"
	else
		skip "$name ($how): it ended before its command line was read"
	fi
	wait $pid
	is "$?" 0 "$name ($how): exit 0" ||
	    sed 's/^/#   /' "$T/h.err" | grep -vF "$PIECE" | head -3
	clean "$name ($how): stdout and stderr (-v)" "$T/h.out" "$T/h.err"
	if [ -n "$(mock_last 'h.get("authorization", "")')" ]; then
		grep -q 'Authorization: Bearer sk-or-v1-' "$T/h.err"
		ok $? "$name ($how): -v traced the authorization, redacted"
	fi
}

for how in env envfile flag; do
	L=$T/ledger.$how C=$T/conv.$how.json
	hold $how "orchat" "$BIN/orchat" -v -m mock/slow:1500 --log "$L" \
	    -c "$C" hello
	hold $how "orchat, second turn" "$BIN/orchat" -v -m mock/slow:1500 \
	    --log "$L" -c "$C" "and again"
	hold $how "orstream" "$BIN/orstream" -v -m mock/slow:300 --log "$L" \
	    -c "$C" "once more"
	is "$(wc -l <"$L" | tr -d ' ')" 3 "$how: three ledger lines"
	clean "$how: the ledger" "$L"
	clean "$how: the conversation file" "$C"
	rm -rf "$XDG_CACHE_HOME"
	HB=$SLOW
	hold $how "ormodels --refresh" "$BIN/ormodels" -v --refresh -o id \
	    gpt-4o-mini
	hold $how "ormodels -e" "$BIN/ormodels" -v -e deepseek/deepseek-v3.2
	hold $how "orcost --key" "$BIN/orcost" -v --key
	hold $how "orcost -g" "$BIN/orcost" -v \
	    -g gen-1773011155-RKj29WPs25kxzvCwOntV
	HB=
	[ -d "$XDG_CACHE_HOME/orkit" ]
	ok $? "$how: the cache was written"
	clean "$how: the cache directory" "$XDG_CACHE_HOME"
done
clean "the scratch directory, but for the key file and the mock's log" \
    $(ls -d "$T"/* | grep -v -e /keyfile -e /mock.log)

done_testing
