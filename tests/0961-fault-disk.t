#!/bin/sh
# Fault injection: a full disk at every write (issue 11, standing
# machinery).  The conversation rewrite, the ledger, the catalog cache and
# the output itself each fail with 74 and one line; the old file stays
# whole and no temporary file is left.  A small tmpfs where this test may
# mount one (root), else only /dev/full.
. "${0%/*}/lib.sh"
mock_start

# one_line NAME: stderr is one line.
one_line() { is "$(lines "$err")" 1 "$1: one line on stderr"; }

# --- stdout is /dev/full: every command, 74 and one line
for c in "orchat hi" "orstream hi" "ormodels" "ormodels --json" \
    "orcost -m openai/gpt-4o-mini -p 1000 -c 1000" "orcost -g gen-1"; do
	set -- $c
	p=$1; shift
	"$BIN/$p" "$@" </dev/null >/dev/full 2>"$ERR"
	rc=$? err=$(cat "$ERR")
	is "$rc" 74 "$c >/dev/full: 74"
	one_line "$c >/dev/full"
	contains "$err" "No space left on device" "$c >/dev/full: it says why"
done

D=$T/full
mkdir "$D"
if ! mount -t tmpfs -o size=1m,mode=0755 tmpfs "$D" 2>"$T/mount.err"; then
	skip "cannot mount a tmpfs ($(head -1 "$T/mount.err")): full-disk files untested"
	done_testing
fi
trap 'umount "$D" 2>/dev/null; cleanup' EXIT

# fill: take every free block of the tmpfs.
fill() {
	rm -f "$D/fill"
	head -c 2000000 /dev/zero >"$D/fill" 2>/dev/null
}
# temps: the hidden temporary files in D (none, when all is well).
temps() { find "$D" -name '.*.tmp*' | wc -l | tr -d ' '; }

# --- the conversation file
python3 -c 'import json
print(json.dumps([{"role": "user", "content": "x" * 20000},
    {"role": "assistant", "content": "ok"}], indent=2))' >"$D/conv.json"
chmod 600 "$D/conv.json"
cp "$D/conv.json" "$T/conv.orig"
fill
for c in orchat orstream; do
	run "$BIN/$c" -c "$D/conv.json" -m mock/parrot hello
	is "$rc" 74 "$c -c, disk full: 74"
	one_line "$c -c, disk full"
	contains "$err" "--conversation $D/conv.json: No space left on device" \
	    "$c -c: it names the file and why"
	is "$out" hello "$c -c: the reply was printed all the same"
	cmp -s "$D/conv.json" "$T/conv.orig"
	ok $? "$c -c: the old conversation is intact"
	is "$(temps)" 0 "$c -c: no temporary file is left"
done
rm -f "$D/fill"
run "$BIN/orchat" -c "$D/conv.json" -m mock/parrot hello
is "$rc" 0 "with room again, the turn is saved"

# --- the ledger: an old ledger keeps its lines, whole
rm -f "$D/conv.json"
run "$BIN/orchat" --log "$D/ledger" hi
is "$rc" 0 "a first ledger line"
# Up to a whole page: an append must take a new block, and there is none.
n=$(wc -c <"$D/ledger")
python3 -c 'import sys; print("{\"pad\":\"" + "x" * (4096 - int(sys.argv[1]) - 11) + "\"}")' \
    "$n" >>"$D/ledger"
is "$(wc -c <"$D/ledger" | tr -d ' ')" 4096 "the ledger fills its page"
cp "$D/ledger" "$T/ledger.orig"
fill
for c in orchat orstream; do
	run "$BIN/$c" --log "$D/ledger" hi
	is "$rc" 74 "$c --log, disk full: 74"
	one_line "$c --log, disk full"
	contains "$err" "--log $D/ledger: No space left on device" \
	    "$c --log: it names the file and why"
	[ -n "$out" ]; ok $? "$c --log: the reply was printed all the same"
	cmp -s "$D/ledger" "$T/ledger.orig"
	ok $? "$c --log: the ledger holds its old lines, no part of a new one"
done
rm -f "$D/fill"

# --- the catalog cache: the old one stays, whole
C=$D/cache/orkit
XDG_CACHE_HOME=$D/cache run "$BIN/ormodels" --refresh \
    --base-url "$MOCK_URL/../../_s/fixture:models_2025-04-23_q-supported_parameters-structured_outputs.json/api/v1" \
    -o id gpt-4o-mini
is "$rc" 0 "a small catalog is cached"
cp "$C/models.json" "$T/models.orig"
fill
for c in "ormodels --refresh" "orcost --refresh -m openai/gpt-4o-mini -p 10"; do
	set -- $c
	p=$1; shift
	XDG_CACHE_HOME=$D/cache run "$BIN/$p" "$@"
	is "$rc" 74 "$c, disk full: 74"
	one_line "$c, disk full"
	contains "$err" "No space left on device" "$c: it says why"
	cmp -s "$C/models.json" "$T/models.orig"
	ok $? "$c: the old cache is intact"
	is "$(temps)" 0 "$c: no temporary file is left"
done
rm -f "$D/fill"
XDG_CACHE_HOME=$D/cache run "$BIN/ormodels" --offline -o id gpt-4o-mini
is "$rc" 0 "the old cache still serves"

# --- the output to a file on the full disk
fill
for c in "orchat hi" "orstream hi" "ormodels" "orcost -m openai/gpt-4o-mini -p 10"; do
	set -- $c
	p=$1; shift
	"$BIN/$p" "$@" </dev/null >"$D/out" 2>"$ERR"
	rc=$? err=$(cat "$ERR")
	is "$rc" 74 "$c >FILE on a full disk: 74"
	one_line "$c >FILE on a full disk"
done
rm -f "$D/fill" "$D/out"

done_testing
