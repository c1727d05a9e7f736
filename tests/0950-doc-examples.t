#!/bin/sh
# Issue 11, item 37: every example of README.md and of the manual pages'
# EXAMPLES sections works as printed, against the mock server.
#
# tests/doc_examples.py extracts them (one README ```sh line, or one
# page's .Bd -literal block, is one example) and says how they are marked:
#   needs: WHAT	in a comment of the example, or just before its block
#		(.\" needs: WHAT in a page, <!-- needs: WHAT --> in the
#		README): it needs what the mock cannot give; skipped, named.
#   exits N	its documented status is N instead of 0.
# Each example runs with sh in its own directory holding the files the
# examples name, with a fake HOME holding a ledger at ~/.orkit.log and a
# management key, against the mock.  An example whose page shows its
# output ("$ " lines) must print exactly that.  Its status (the last
# command's) must be 0 or the marked one, and so must every orkit command
# it runs, in a pipe or not (they are run through wrappers that log their
# status), except that 141 is fine for a command whose reader (head)
# closed the pipe, as orkit(7) says.
. "${0%/*}/lib.sh"
mock_start
command -v jq >/dev/null || { skip "no jq"; done_testing; }

# The files the examples name.
F=$T/fixtures
mkdir -p "$F/home/.config/orkit"
(
cd "$F" || exit 1
printf 'cc -c main.c\nmain.c:3:1: error: expected ; before }\n' >build.log
cp build.log log.txt
printf 'Dear all,\nthe meeting moves to Tuesday.\n' >letter.txt
cp letter.txt report.txt
cp letter.txt prompt.txt
printf '# Notes\n\nTeh quick brown fox.\n' >notes.md
printf 'Invoice 42: two widgets, 12.50 in all.\n' >mail.txt
printf '"Name a Unix filter."\n{"id":"b","prompt":"And another?"}\n' >prompts.jsonl
printf '{"type":"object","properties":{"total":{"type":"number"}}}\n' \
    >invoice.schema.json
printf '{"type":"object","properties":{"answer":{"type":"number"}}}\n' \
    >answer.schema.json
printf '[{"type":"function","function":{"name":"weather",%s}}]\n' \
    '"parameters":{"type":"object","properties":{"city":{"type":"string"}}}' \
    >tools.json
printf '\211PNG\r\n\032\n\000\000\000\rIHDR' >shot.png
printf '%%PDF-1.4\n%%%%EOF\n' >spec.pdf
cp "$TOP/tests/fixtures/stream/stream_claude-sonnet-4.5_reasoning.sse" \
    reply.sse
printf 'mgmt-0123456789abcdef\n' >home/.config/orkit/management-key
chmod 600 home/.config/orkit/management-key
# A git repository with a change, staged and not.
if command -v git >/dev/null; then
	git init -q . && git config user.email t@example.org &&
	    git config user.name T && git add letter.txt &&
	    git commit -qm first && echo more >>letter.txt &&
	    git add letter.txt && echo still more >>letter.txt
fi
) || { echo "Bail out! cannot make the fixtures"; exit 1; }
# A real ledger, dated in the month orcost(1)'s example greps for.
HOME=$F/home "$BIN/orchat" --log "$F/home/ledger" hi >/dev/null 2>&1
HOME=$F/home "$BIN/orchat" --log "$F/home/ledger" \
    -m mock/fixture:claude-sonnet-4.6_cache-read hi >/dev/null 2>&1
sed 's/"time":"[0-9-]*T/"time":"2026-11-15T/' "$F/home/ledger" \
    >"$F/home/.orkit.log"
rm "$F/home/ledger"
is "$(wc -l <"$F/home/.orkit.log" | tr -d ' ')" 2 "the fixture ledger"

# The commands on the examples' PATH: log each status.
mkdir "$T/ex" "$T/path"
for c in orchat orstream ormodels orcost; do
	cat >"$T/path/$c" <<-X
	#!/bin/sh
	"$BIN/$c" "\$@"
	rc=\$?
	echo "$c \$rc" >>"\$EX_LOG"
	exit \$rc
	X
	chmod +x "$T/path/$c"
done
n=$(python3 "$TOP/tests/doc_examples.py" "$T/ex" "$TOP/README.md" \
    "$TOP"/man/*.1 "$TOP/man/orkit.7")
[ "$n" -gt 40 ]
ok $? "the examples are found ($n)"

for sh in "$T"/ex/*.sh; do
	b=${sh%.sh}
	where=$(cat "$b.where")
	first=$(head -1 "$sh")
	if [ -s "$b.needs" ]; then
		skip "$where: needs $(cat "$b.needs"): $first"
		continue
	fi
	case $(cat "$sh") in
	*git\ *|*less*)
		for p in git less; do
			command -v $p >/dev/null && continue
			grep -q "$p" "$sh" || continue
			skip "$where: needs $p, not installed: $first"
			continue 2
		done ;;
	esac
	want=0
	[ -s "$b.exits" ] && want=$(cat "$b.exits")
	# The mock answers as the example needs: JSON for a schema, a tool call
	# for tools.
	base=$MOCK_URL
	case $(cat "$sh") in
	*--schema*) base=http://127.0.0.1:$MOCK_PORT/_s/json/api/v1 ;;
	*--tools*)
		base=http://127.0.0.1:$MOCK_PORT/_s/fixture:mistral-small_tool-call
		base=$base/api/v1 ;;
	esac
	key=$TEST_KEY
	case $(cat "$sh") in
	*--key-file*) ;;
	*--credits*|*--activity*) key=mgmt-0123456789abcdef ;;	# a management key
	esac
	d=$T/run/${b##*/}
	mkdir -p "$T/run"
	cp -R "$F" "$d"
	: >"$d.log"
	(cd "$d" && HOME=$d/home OPENROUTER_BASE_URL=$base \
	    OPENROUTER_API_KEY=$key PATH=$T/path:$PATH EX_LOG=$d.log \
	    timeout 300 sh "$sh" </dev/null >"$OUT" 2>"$ERR")
	rc=$?
	# Every orkit command's status: want, or 141 before a head.
	bad=$(grep -v " $want\$" "$d.log" | grep -v ' 141$')
	if grep -q ' 141$' "$d.log" && ! tr '\n' ' ' <"$sh" | grep -q '| *head'; then
		bad="$bad $(grep ' 141$' "$d.log")"
	fi
	[ "$rc" = "$want" ] && [ -z "$bad" ]
	ok $? "$where: $first" || {
		echo "#   status $rc, want $want; commands: $(cat "$d.log")"
		sed 's/^/#   stderr: /' "$ERR" | head -5
	}
	if [ -f "$b.out" ]; then
		is "$(cat "$OUT")" "$(cat "$b.out")" "$where: prints what it shows"
	fi
done

# The installed pages name the installed data directory (make install
# substitutes it for /usr/local/share/orkit).
if command -v make >/dev/null && command -v mandoc >/dev/null; then
	D=$T/inst
	(cd "$TOP" && ${ORKIT_MAKE:-make} -s install-man PREFIX=/opt/ork \
	    DESTDIR="$D" >/dev/null 2>"$ERR")
	ok $? "make install of the pages" || sed 's/^/#   /' "$ERR"
	for p in "$D"/opt/ork/share/man/man*/*; do
		! grep -q /usr/local/share/orkit "$p"
		ok $? "${p##*/}: no /usr/local/share/orkit"
	done
	grep -q /opt/ork/share/orkit/models.json \
	    "$D/opt/ork/share/man/man7/orkit.7"
	ok $? "orkit.7 names /opt/ork/share/orkit"
	run mandoc -Tlint -Wwarning "$D"/opt/ork/share/man/man*/*
	is "$out$err" "" "the installed pages lint clean"
else
	skip "no make or mandoc"
fi

done_testing
