#!/bin/sh
# Fault injection: SIGKILL and SIGTERM at random points of a conversation
# rewrite and of a catalog refresh (issue 11, standing machinery).  After
# every kill the file is exactly the old version or the new one -- never a
# mix, never empty; SIGTERM leaves no temporary file.  (SIGKILL cannot be
# caught: between mkstemp and rename it leaves the temporary file; the
# test counts those, and removes them, but cannot forbid them.)
. "${0%/*}/lib.sh"
mock_start

N=${FAULT_KILLS:-50}		# kills of each signal, for each file: 200 in all
D=$T/d
mkdir "$D"
# delays: N random delays in seconds, from 0 to $1.
delays() {
	awk -v n="$N" -v max="$1" -v seed="$(od -An -N4 -tu4 /dev/urandom)" \
	    'BEGIN { srand(seed); for (i = 0; i < n; i++)
		printf "%.4f\n", rand() * max }'
}
# temps DIR: the hidden temporary files in DIR.
temps() { find "$1" -name '.*.tmp*' | wc -l | tr -d ' '; }
# killed SIG DELAY CMD...: run CMD in the background, send SIG after DELAY.
killed() {
	sig=$1 d=$2
	shift 2
	"$@" </dev/null >/dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -s "$sig" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# --- the conversation rewrite
printf '[{"role":"user","content":"%s"},{"role":"assistant","content":"ok"}]\n' \
    "$(head -c 50000 /dev/zero | tr '\0' a)" >"$T/conv.old"
cp "$T/conv.old" "$D/conv.json"
run "$BIN/orchat" -c "$D/conv.json" -m mock/parrot again
is "$rc" 0 "a turn is saved"
cp "$D/conv.json" "$T/conv.new"
cmp -s "$T/conv.old" "$T/conv.new"
is $? 1 "the new version differs from the old"
for sig in TERM KILL; do
	new=0 mixed=0 stray=0
	for d in $(delays 0.06); do
		cp "$T/conv.old" "$D/conv.json"
		killed $sig "$d" "$BIN/orchat" -c "$D/conv.json" -m mock/parrot again
		if cmp -s "$D/conv.json" "$T/conv.old"; then :
		elif cmp -s "$D/conv.json" "$T/conv.new"; then
			new=$((new + 1))
		else
			mixed=$((mixed + 1))
			cp "$D/conv.json" "$T/conv.bad"
		fi
		if [ "$(temps "$D")" != 0 ]; then
			stray=$((stray + 1))
			[ "$sig" = KILL ] && find "$D" -name '.*.tmp*' -exec rm -f {} +
		fi
	done
	is "$mixed" 0 "SIG$sig at random points of a rewrite ($N times): always the old file or the new"
	if [ "$sig" = TERM ]; then
		is "$stray" 0 "SIGTERM: no temporary file ever left"
	else
		echo "# SIGKILL left a temporary file $stray times of $N"
	fi
	echo "# SIG$sig: $new of $N kills came after the rewrite"
done

# --- the catalog refresh
C=$D/cache/orkit
A="$MOCK_URL/../../_s/fixture:models_2025-04-23_q-supported_parameters-structured_outputs.json/api/v1"
B="$MOCK_URL/../../_s/fixture:models_2025-04-23.json/api/v1"
XDG_CACHE_HOME=$D/cache run "$BIN/ormodels" --refresh --base-url "$B"
cp "$C/models.json" "$T/models.b"
XDG_CACHE_HOME=$D/cache run "$BIN/ormodels" --refresh --base-url "$A"
is "$rc" 0 "catalog A is cached"
cp "$C/models.json" "$T/models.a"
cmp -s "$T/models.a" "$T/models.b"
is $? 1 "catalogs A and B differ"
count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$1"; }
na=$(count "$T/models.a") nb=$(count "$T/models.b")
for sig in TERM KILL; do
	mixed=0 stray=0 wrong=0 i=0
	for d in $(delays 0.05); do
		i=$((i + 1))
		# Refresh to the other catalog.
		if cmp -s "$C/models.json" "$T/models.a"; then url=$B; else url=$A; fi
		XDG_CACHE_HOME=$D/cache killed $sig "$d" "$BIN/ormodels" \
		    --refresh --base-url "$url"
		if cmp -s "$C/models.json" "$T/models.a"; then want=$na
		elif cmp -s "$C/models.json" "$T/models.b"; then want=$nb
		else
			mixed=$((mixed + 1))
			continue
		fi
		if [ "$(temps "$C")" != 0 ]; then
			stray=$((stray + 1))
			[ "$sig" = KILL ] && find "$C" -name '.*.tmp*' -exec rm -f {} +
		fi
		# Now and then: what the cache lists is what models.json holds.
		if [ $((i % 10)) = 0 ]; then
			got=$(XDG_CACHE_HOME=$D/cache "$BIN/ormodels" --offline \
			    -o id 2>/dev/null | wc -l | tr -d ' ')
			[ "$got" = "$want" ] || wrong=$((wrong + 1))
		fi
	done
	is "$mixed" 0 "SIG$sig at random points of a refresh ($N times): always catalog A or B"
	is "$wrong" 0 "SIG$sig: the cache lists what models.json holds"
	if [ "$sig" = TERM ]; then
		is "$stray" 0 "SIGTERM: no temporary file ever left"
	else
		echo "# SIGKILL left a temporary file $stray times of $N"
	fi
done

done_testing
