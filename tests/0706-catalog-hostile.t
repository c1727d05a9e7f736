#!/bin/sh
# Issue 12, attacked: hostile bytes in catalogs that --diff and a refresh
# compare, in the history and archive beside the cache, links planted at
# those paths, two refreshes of the same cached catalog, and the bundled
# archive and history rebuilt by data/mkarchive.py byte for byte.
. "${0%/*}/lib.sh"
mock_start

. "${0%/*}/history.sh"
ESC=$(printf '\033')

# --diff: an id with control bytes (tab, newline, ESC) is left out, as
# the catalog leaves it out; it could break every TSV line and history.
printf '{"data":[{"id":"a/b","pricing":{"prompt":"0.000001"}}]}\n' \
    >"$T/old.json"
printf '{"data":[{"id":"a/b","pricing":{"prompt":"0.000001"}},%s]}\n' \
    '{"id":"x\u001b]0;pwn\u0007\ty\nz","pricing":{"prompt":"0"}}' \
    >"$T/ctl.json"
om --diff "$T/old.json" "$T/ctl.json"
is "$rc.$out" "1." "--diff: an id with control bytes is no change (exit 1)"
# An id listed twice is its first record, as catalog_find has it.
printf '{"data":[{"id":"a/b","pricing":{"prompt":"0.000001"}},%s]}\n' \
    '{"id":"a/b","pricing":{"prompt":"0.000002"}}' >"$T/dup.json"
om --diff "$T/old.json" "$T/dup.json"
is "$rc.$out" "1." "--diff: a duplicate id is neither added nor re-priced"
om --diff "$T/dup.json" "$T/old.json"
is "$rc.$out" "1." "--diff: nor withdrawn"
om --diff "$T/old.json" "$T/old.json"
is "$rc.$out" "1." "--diff: the same file twice: nothing changed, 1"
# A context length beyond what money_t holds in dollars is still a count.
printf '{"data":[{"id":"a/b","context_length":100000000000}]}\n' >"$T/c1.json"
printf '{"data":[{"id":"a/b","context_length":9000000000000000000}]}\n' \
    >"$T/c2.json"
om --diff --jsonl "$T/c1.json" "$T/c2.json"
contains "$out" '"old":100000000000,"new":9000000000000000000,"change_pct":8999999900}' \
    "--diff --json: a huge context length and its relative change, exactly"
: >"$T/empty.json"
om --diff "$T/empty.json" "$T/old.json"
is "$rc" 65 "--diff: an empty file is no catalog, 65"
om --diff "$T" "$T/old.json"
is "$rc.$(lines "$err")" 66.1 "--diff: a directory cannot be read, 66, one line"

# The history beside the cache is outside text: on a terminal each of
# its fields is cleaned, in a pipe it is exact.
mkdir -p "$C"
printf '# orkit-history 1 since 2026-01-01\n2030-02-02\ta/b\tf%s[2J\t%s]0;t\007\tnew\n' \
    "$ESC" "$ESC" >"$C/history.tsv"
om --offline --changes --since 2030-01-01
is "$rc.$out" "0.2030-02-02	a/b	f$ESC[2J	$ESC]0;t$(printf '\007')	new	" \
    "--changes in a pipe: the bytes exactly"
if has_tty; then
	tty_run "NO_COLOR=1 '$BIN/ormodels' --offline --changes --since 2030-01-01" "$T/tty"
	is "$?" 0 "--changes on a terminal: 0"
	no_controls "$T/tty" "--changes on a terminal: no control bytes"
else
	skip "no script(1) terminal"
	skip "no script(1) terminal"
fi
rm -f "$C/history.tsv"

# A last_listed that is no day does not reach the card as it is.
printf '{"data":[{"id":"z/gone","name":"Gone","last_listed":"%s"}]}\n' \
    '\u001b[2J123456' >"$C/archive.json"
om --catalog "$NEW" -l z/gone
is "$rc.$(printf '%s\n' "$out" | sed -n 3p)" \
    "0.Withdrawn: last listed an unknown day" \
    "a last_listed that is no day: an unknown day"
case $out$err in *"$ESC"*) r=1 ;; *) r=0 ;; esac
ok $r "no ESC from last_listed on stdout or stderr"
rm -f "$C/archive.json" "$C"/archive*.idx

# Two refreshes of the same cached catalog at once: the second compares
# what the first compared, and finds those changes already recorded.
cp "$MAR" "$C/models.json"
touch -d '2026-03-11 12:00 UTC' "$C/models.json"
om --refresh -o id gpt-4o
is "$rc" 0 "a refresh (2026-03-11 -> 2026-08-08): 0"
cp "$C/history.tsv" "$T/hist1"
cp "$MAR" "$C/models.json"	# what the second had read
touch -d '2026-03-11 12:00 UTC' "$C/models.json"
om --refresh -o id gpt-4o
is "$rc" 0 "the second refresh of the same catalog: 0"
cmp -s "$C/history.tsv" "$T/hist1"
ok $? "history.tsv holds those changes once" ||
    diff "$T/hist1" "$C/history.tsv" | head -5 | sed 's/^/#   /'

# Links planted at the files beside the cache are replaced, never
# written through.
printf 'victim\n' >"$T/victim"
for f in history.tsv archive.json models.retry models.idx; do
	rm -f "$C/$f"
	ln -s "$T/victim" "$C/$f"
done
cp "$MAR" "$C/models.json.new" && mv "$C/models.json.new" "$C/models.json"
touch -d '2026-03-11 12:00 UTC' "$C/models.json"
om --refresh -o id gpt-4o
is "$rc" 0 "a refresh with links planted beside the cache: 0"
is "$(cat "$T/victim")" victim "the links' target is not written"
r=0
for f in history.tsv archive.json; do
	[ -f "$C/$f" ] && [ ! -L "$C/$f" ] || r=1
done
ok $r "history.tsv and archive.json are files of their own"
OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 \
    ORKIT_CATALOG_TTL=0 run "$BIN/ormodels" -o id gpt-4o
is "$(cat "$T/victim")" victim "the stamp of a failed refresh neither"

# A history that never ends (a link to /dev/zero) is refused, bounded.
if [ -c /dev/zero ]; then
	rm -f "$C/history.tsv"
	ln -s /dev/zero "$C/history.tsv"
	cp "$MAR" "$C/models.json.new" && mv "$C/models.json.new" \
	    "$C/models.json"
	touch -d '2026-03-11 12:00 UTC' "$C/models.json"
	# A memory limit, but not under ASan, which reserves terabytes.
	case ${ORKIT_MAKEFLAGS:-} in *SANITIZE=1*) lim=unlimited ;;
	*) lim=1000000 ;; esac
	(ulimit -v $lim 2>/dev/null; exec "$BIN/ormodels" --refresh \
	    -o id gpt-4o) >/dev/null 2>"$T/err"
	rc=$?
	is "$rc.$(lines "$(cat "$T/err")")" 74.1 \
	    "history.tsv -> /dev/zero: 74, one line, no runaway memory"
	rm -f "$C/history.tsv"
else
	skip "no /dev/zero"
fi

# A FIFO planted at any file of the cache is not waited on (10 s guard).
if command -v timeout >/dev/null && command -v mkfifo >/dev/null; then
	rm -f "$C"/history.tsv "$C"/archive.json "$C"/archive*.idx \
	    "$C"/models.idx "$C"/models.retry
	for f in history.tsv archive.json archive.idx archive-bundled.idx \
	    models.idx models.retry; do
		mkfifo "$C/$f"
	done
	timeout 10 "$BIN/orcost" --catalog "$NEW" -m $SEED -p 173000 \
	    --at 2026-03-11 >"$T/out" 2>/dev/null
	is "$?.$(cat "$T/out")" 0.1.73 "FIFOs in the cache: orcost --at answers"
	timeout 10 "$BIN/ormodels" -l $SEED >"$T/out" 2>"$T/err"
	is "$?.$(sed -n 3p "$T/out")" "0.Withdrawn: last listed 2026-03-11" \
	    "ormodels -l of a withdrawn model answers, from the bundled archive"
	like "$(cat "$T/err")" "archive.json: not a regular file; left out" \
	    "saying why the cache's archive is left out"
	OPENROUTER_BASE_URL=http://127.0.0.1:9/api/v1 ORKIT_CATALOG_TTL=0 \
	    timeout 10 "$BIN/ormodels" -o id gpt-4o >/dev/null 2>&1
	is "$?" 0 "a stale cache and a FIFO for the retry stamp: answers"
	[ -f "$C/models.idx" ] && [ -f "$C/models.retry" ]
	ok $? "the FIFOs at the index and the stamp are replaced by files"
	rm -f "$C"/history.tsv "$C"/archive.json "$C"/archive*.idx
else
	for i in 1 2 3 4 5; do skip "no timeout(1) or mkfifo(1)"; done
fi

# A discount of more than 100% is no price: never a cost below 0.
mkdir -p "$C/endpoints"
printf '{"data":{"id":"openai/gpt-4o","endpoints":[%s,%s]}}\n' \
    '{"provider_name":"Over","pricing":{"prompt":"0.000001","completion":"0.000002","discount":2}}' \
    '{"provider_name":"Fair","pricing":{"prompt":"0.000001","completion":"0.000002","discount":0.5}}' \
    >"$C/endpoints/openai%2Fgpt-4o.json"
run "$BIN/orcost" --catalog "$NEW" -m openai/gpt-4o -p 1000 -c 10 \
    --providers --offline
is "$rc.$(printf '%s\n' "$out" | cut -f1,2 | tr '\t\n' ': ')" \
    "0.0.00051:Fair unknown:Over " \
    "--providers: a discount over 100% is unknown, not a cost below 0"
printf '{"data":[{"id":"a/b","pricing":{"prompt":"0.000001","completion":"0","discount":"1.5"}}]}\n' \
    >"$T/disc.json"
run "$BIN/orcost" --catalog "$T/disc.json" -m a/b -p 1000
is "$rc.$out.$err" "1..orcost: a/b: the catalog's discount price is unreadable; the cost cannot be computed" \
    "orcost -m: the same, as an unreadable price"

# data/mkarchive.py rebuilds the bundled files byte for byte.
set -- "$FX"/models_20*-*-??.json
if [ -f "$1" ] && [ -f "$MAR" ] && [ -f "$TOP/data/models.json" ] &&
    command -v python3 >/dev/null; then
	mkdir "$T/data"
	python3 "$TOP/data/mkarchive.py" "$T/data" "$@" \
	    2026-08-08="$TOP/data/models.json"
	is "$?" 0 "data/mkarchive.py runs"
	cmp -s "$T/data/archive.json" "$TOP/data/archive.json"
	ok $? "it rebuilds data/archive.json byte for byte"
	cmp -s "$T/data/history.tsv" "$TOP/data/history.tsv"
	ok $? "it rebuilds data/history.tsv byte for byte"
else
	skip "no fixture catalogs"
	skip "no fixture catalogs"
	skip "no fixture catalogs"
fi

done_testing
