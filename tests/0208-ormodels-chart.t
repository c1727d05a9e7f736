#!/bin/sh
# ormodels -e on a terminal: short bars beside the prompt and completion
# prices (of the dearest endpoint's) and the uptimes of the last half hour
# and day (of 100 %), when the table with them fits the window; seen
# through a pseudo-terminal 40, 80 and 200 columns wide, in a UTF-8
# locale and in C, each screen compared with tests/screens/0208-*.  The
# table itself is wider than 80 columns, bars or not: at 40 and 80 the
# screen is the plain table, so no line is longer for a bar.  TERM=dumb,
# --tsv, and pipes: no bars; NO_COLOR: no escape at all.
# ORKIT_SCREENS_WRITE=1 writes the screens instead of comparing them.
. "${0%/*}/lib.sh"
mock_start

unset COLUMNS NO_COLOR TERM
S=$TOP/tests/screens
D=deepseek/deepseek-v3.2
G=google/gemini-2.5-pro-preview

run "$BIN/ormodels" -e "$D" --table
printf '%s\n' "$out" >"$T/plain"
unlike "$out" '#|█' "--table in a pipe: no bars"

if ! has_tty; then
	skip "no pseudo-terminal (script(1))"
	done_testing
fi

# screen NAME COLS ENV ARGS...: NO_COLOR=1 ormodels ARGS... on a terminal
# COLS wide with the environment ENV, against tests/screens/NAME.
screen() {
	_n=$1 _c=$2 _e=$3
	shift 3
	tty_run "NO_COLOR=1 $_e '$BIN/ormodels' $*" "$T/$_n" "$_c"
	is "$?" 0 "$_n: exit 0"
	no_controls "$T/$_n" "$_n: no escape, no control"
}

for loc in utf8 c; do
	e=LC_ALL=C
	[ $loc = utf8 ] && e=LC_ALL=C.UTF-8
	for w in 40 80; do
		screen "$loc-$w" "$w" "$e" -e "$D"
		cmp -s "$T/$loc-$w" "$T/plain"
		ok $? "$loc, $w columns: the table does not fit; no bars"
	done
	screen "0208-$loc-200" 200 "$e" -e "$D"
	screen_is "0208-$loc-200" "$loc, 200 columns: the screen, with bars"
	_w=$(max_width "$T/0208-$loc-200")
	[ "$_w" -le 200 ]
	ok $? "$loc, 200 columns: no line past them (widest $_w)"
done
# ormodels(1) shows the columns with bars of the screen 0208-utf8-200.
python3 - "$S/0208-utf8-200" "$TOP/man/ormodels.1" >"$T/man.out" <<-'PY'
	import re, sys
	lines = open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")
	h = lines[0]
	cuts = [(0, h.index("TAG")),
	        (h.index("QUANT") + 5, h.index("CACHE READ") - 2),
	        (h.index("CACHE WRITE $/M") + 15, h.index("LATENCY") - 2)]
	want = ["".join(l[a:b] for a, b in cuts).rstrip() for l in lines]
	page = open(sys.argv[2], encoding="utf-8").read().split("\n")
	i = page.index("$ ormodels -e deepseek/deepseek-v3.2") + 1
	got = []
	while page[i] != ".Ed":
	    got.append(re.sub(r"\\\[u([0-9A-F]{4})\]",
	                      lambda m: chr(int(m.group(1), 16)), page[i]))
	    i += 1
	print("same" if got == want else "differs:\n" + "\n".join(got))
	PY
is "$(cat "$T/man.out")" same "ormodels(1): its -e example is the screen's columns with bars"
screen 0208-utf8-2025-200 200 LC_ALL=C.UTF-8 -e "$G"
screen_is 0208-utf8-2025-200 "2025 shape: price bars, no uptime to draw"
screen 0208-utf8-price-200 200 LC_ALL=C.UTF-8 -e "$D" --sort price
screen_is 0208-utf8-price-200 "--sort price: the bars follow their rows"

tty_run "NO_COLOR=1 TERM=dumb LC_ALL=C.UTF-8 '$BIN/ormodels' -e '$D'" "$T/dumb" 200
cmp -s "$T/dumb" "$T/plain"
ok $? "TERM=dumb: the plain table"
tty_run "NO_COLOR=1 LC_ALL=C.UTF-8 '$BIN/ormodels' -e '$D' --tsv" "$T/tsv" 200
unlike "$(cat "$T/tsv")" '█' "--tsv on a terminal: no bars"
tty_run "LC_ALL=C.UTF-8 '$BIN/ormodels' -e '$D'" "$T/colour" 200
esc=$(printf '\033')
like "$(head -1 "$T/colour")" "^${esc}\[1mPROVIDER" "colour: the header in bold, as before"
tail -n +2 "$T/colour" >"$T/colour.rows"
no_controls "$T/colour.rows" "colour: the bars themselves have none"

done_testing
