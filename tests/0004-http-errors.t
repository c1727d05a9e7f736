#!/bin/sh
# Every real error answer in tests/conformance/http_errors/, replayed by the
# mock: the exit status DESIGN.md gives its code, the API's own words in one
# line on stderr, nothing on stdout.
. "${0%/*}/lib.sh"
mock_start

# The expected exit status, from the case's status (or, in a 200, its code).
want_exit() {
	python3 - "$1" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
s = e["status"]
if 200 <= s < 300:
    c = e["error"].get("code")
    s = int(c) if str(c).isdigit() else 500
if s in (401, 402, 403): print(77)
elif s in (404, 410): print(69)
elif s in (408, 429) or 500 <= s < 600: print(75)
else: print(65)
PY
}

for dir in "$TOP"/tests/conformance/http_errors/*/; do
	name=$(basename "$dir")
	want=$(want_exit "$dir/expected.json")
	run "$BIN/orchat" --retries 0 -m "mock/http-error:$name" hello
	is "$rc" "$want" "$name: exit $want"
	is "$out" "" "$name: nothing on stdout"
	is "$(lines "$err")" 1 "$name: one line on stderr"
	python3 - "$dir/expected.json" "$ERR" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
err = open(sys.argv[2], encoding="utf-8", errors="replace").read()
missing = [s for s in e["expect"]["stderr_must_contain"] + e["expect"]["stderr_should_contain"] if s not in err]
for m in missing:
    print("#   missing: " + m)
sys.exit(1 if missing else 0)
PY
	ok $? "$name: stderr has the API's message"
	like "$err" "^orchat: POST /chat/completions: " "$name: says what failed"
done

done_testing
