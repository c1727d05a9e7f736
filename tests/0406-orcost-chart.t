#!/bin/sh
# orcost --by day as bars, as a person sees it: under a pseudo-terminal
# 40, 80 and 200 columns wide, in a UTF-8 locale (eighth blocks) and in
# C ('#'), each screen compared with tests/screens/0406-*, and no line
# wider than the terminal (display columns, not bytes).  Every --chart
# measure; --chart in a pipe (COLUMNS, else 80); --no-chart; TERM=dumb;
# NO_COLOR (the bars have no escape at all); pipes keep the TSV, byte for
# byte; the options that do not go with --chart.
# ORKIT_SCREENS_WRITE=1 writes the screens instead of comparing them
# (then read every one before committing it).
. "${0%/*}/lib.sh"

unset COLUMNS NO_COLOR TERM
NEW=$TOP/tests/fixtures/models/models_2026-08-08.json
S=$TOP/tests/screens
L=$T/usage.jsonl
oc() { run "$BIN/orcost" "$@"; }
TAB=$(printf '\t')

# gpt-4o-mini at 0.15 and 0.6 $/M: 12000+800 tokens cost 0.00228, and so
# on; the 29th used a free model (0, no bar); the 2nd 0.0000135 (the
# least bar there is, not none).
u() {	# u DAY MODEL PROMPT COMPLETION
	printf '{"model":"%s","prompt_tokens":%s,"completion_tokens":%s,"time":"%sT08:00:00Z"}\n' \
	    "$2" "$3" "$4" "$1"
}
{
	u 2026-11-28 openai/gpt-4o-mini 12000 800
	u 2026-11-29 inclusionai/ling-3.0-flash:free 5000 500
	u 2026-11-30 openai/gpt-4o-mini 3000 200
	u 2026-11-30 openai/gpt-4o-mini 1000 50
	u 2026-12-01 openai/gpt-4o-mini 200000 30000
	u 2026-12-02 openai/gpt-4o-mini 50 10
	u 2026-12-03 openai/gpt-4o-mini 45000 9000
} >"$L"

TSV="0.00228${TAB}-${TAB}2026-11-28${TAB}12000${TAB}800${TAB}1
0${TAB}-${TAB}2026-11-29${TAB}5000${TAB}500${TAB}1
0.00075${TAB}-${TAB}2026-11-30${TAB}4000${TAB}250${TAB}2
0.048${TAB}-${TAB}2026-12-01${TAB}200000${TAB}30000${TAB}1
0.0000135${TAB}-${TAB}2026-12-02${TAB}50${TAB}10${TAB}1
0.01215${TAB}-${TAB}2026-12-03${TAB}45000${TAB}9000${TAB}1"

# ---- pipes --------------------------------------------------------------
oc --catalog "$NEW" --by day "$L"
is "$rc.$out" "0.$TSV" "a pipe: the tab-separated totals, no bar"
oc --catalog "$NEW" --by day --no-chart "$L"
is "$rc.$out" "0.$TSV" "--no-chart in a pipe: the same"
LC_ALL=C.UTF-8 oc --catalog "$NEW" --by day "$L"
is "$out" "$TSV" "a UTF-8 locale changes nothing in a pipe"

oc --catalog "$NEW" --by day --chart cost "$L"
printf '%s\n' "$out" >"$T/0406-pipe-c-80"
screen_is 0406-pipe-c-80 "--chart cost in a pipe, no COLUMNS: 80 columns, '#' in C"
is "$(max_width "$T/0406-pipe-c-80")" 80 "...the largest bar reaches column 80"
COLUMNS=40 LC_ALL=C.UTF-8 oc --catalog "$NEW" --by day --chart cost "$L"
printf '%s\n' "$out" >"$T/0406-pipe-utf8-40"
screen_is 0406-pipe-utf8-40 "--chart in a pipe, COLUMNS=40, UTF-8: eighth blocks"
is "$(max_width "$T/0406-pipe-utf8-40")" 40 "...in 40 columns"
COLUMNS=junk oc --catalog "$NEW" --by day --chart cost "$L"
is "$(printf '%s\n' "$out" | cmp - "$S/0406-pipe-c-80" && echo same)" same \
    "COLUMNS not a number: 80"

# manblock CMD: what orcost(1)'s example "$ CMD" shows it print, \[uXXXX]
# undone.
manblock() {
	python3 - "$TOP/man/orcost.1" "$1" <<-'PY'
	import re, sys
	lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
	i = lines.index("$ " + sys.argv[2]) + 1
	while lines[i] != ".Ed":
	    print(re.sub(r"\\\[u([0-9A-F]{4})\]",
	                 lambda m: chr(int(m.group(1), 16)), lines[i]))
	    i += 1
	PY
}
COLUMNS=50 oc --catalog "$NEW" --by day --chart prompt "$L"
is "$out" "$(manblock 'COLUMNS=50 LC_ALL=C orcost --by day --chart prompt ~/.orkit.log')" \
    "orcost(1): its --chart prompt example, as it prints"
manblock 'orcost --by day ~/.orkit.log' >"$T/man-tty"
cmp -s "$T/man-tty" "$S/0406-utf8-40"
ok $? "orcost(1): its terminal example is the screen 0406-utf8-40"

# ---- errors -------------------------------------------------------------
oc --catalog "$NEW" --by day --chart tokens "$L"
is "$rc.$err" "2.orcost: --chart: cost, prompt, completion or requests, not tokens" \
    "--chart MEASURE: one of four"
oc --catalog "$NEW" --by model --chart cost "$L"
is "$rc.$err" "2.orcost: --chart: only with --by day" "--chart: only with --by day"
oc --catalog "$NEW" --chart cost "$L"
is "$rc.$err" "2.orcost: --chart: only with --by day" "--chart without --by: 2"
oc --catalog "$NEW" -m openai/gpt-4o-mini -p 1 --chart cost
is "$rc.$err" "2.orcost: --chart: only with --by day" "--chart with a workload: 2"
oc --catalog "$NEW" --by day --chart cost --json "$L"
is "$rc.$err" "2.orcost: --chart draws bars; not with --json or --jsonl" \
    "--chart with --json: 2"
oc --catalog "$NEW" -m openai/gpt-4o-mini -p 1000 --no-chart
is "$rc.$out" "0.0.00015" "--no-chart goes with anything"

# ---- terminals ----------------------------------------------------------
if ! has_tty; then
	skip "no pseudo-terminal (script(1))"
	done_testing
fi

# screen NAME COLS ENV ARGS...: orcost --catalog NEW ARGS... L on a
# terminal COLS wide with the environment ENV ("LC_ALL=C" ...), compared
# with tests/screens/NAME, and no line past COLS.
screen() {
	_n=$1 _c=$2 _e=$3
	shift 3
	tty_run "$_e '$BIN/orcost' --catalog '$NEW' $* '$L'" "$T/$_n" "$_c"
	is "$?" 0 "$_n: exit 0"
	screen_is "$_n" "$_n: the screen"
	_w=$(max_width "$T/$_n")
	[ "$_w" -le "$_c" ]
	ok $? "$_n: no line past $_c columns (widest $_w)"
	no_controls "$T/$_n" "$_n: no escape, no control"
}

for w in 40 80 200; do
	screen "0406-utf8-$w" "$w" LC_ALL=C.UTF-8 --by day
	screen "0406-c-$w" "$w" LC_ALL=C --by day
done
for m in prompt completion requests; do
	screen "0406-utf8-$m-80" 80 LC_ALL=C.UTF-8 --by day --chart "$m"
done
screen 0406-c-human-40 40 LC_ALL=C --by day -H
screen 0406-utf8-round-40 40 LC_ALL=C.UTF-8 --by day --round 4
screen 0406-utf8-12 12 LC_ALL=C.UTF-8 --by day
screen 0406-c-no-chart-80 80 LC_ALL=C --by day --no-chart

tty_run "NO_COLOR=1 LC_ALL=C.UTF-8 '$BIN/orcost' --catalog '$NEW' --by day '$L'" \
    "$T/nocolor" 80
cmp -s "$T/nocolor" "$S/0406-utf8-80"
ok $? "NO_COLOR: the same screen (the bars have no colour to take off)"
tty_run "TERM=dumb LC_ALL=C.UTF-8 '$BIN/orcost' --catalog '$NEW' --by day '$L'" \
    "$T/dumb" 80
cmp -s "$T/dumb" "$S/0406-c-no-chart-80"
ok $? "TERM=dumb: the table, no bars"
tty_run "TERM=dumb LC_ALL=C.UTF-8 '$BIN/orcost' --catalog '$NEW' --by day --chart cost '$L'" \
    "$T/dumbchart" 80
cmp -s "$T/dumbchart" "$S/0406-utf8-80"
ok $? "TERM=dumb --chart cost: the bars"
tty_run "LC_ALL=C.UTF-8 '$BIN/orcost' --catalog '$NEW' --by day --jsonl '$L'" \
    "$T/jsonl" 80
is "$(head -1 "$T/jsonl")" '{"day":"2026-11-28","records":1,"prompt_tokens":12000,"completion_tokens":800,"cost":0.00228,"billed":null}' \
    "--jsonl on a terminal: JSON, no bars"
tty_run "LC_ALL=C.UTF-8 '$BIN/orcost' --catalog '$NEW' --by model '$L'" \
    "$T/bymodel" 80
like "$(cat "$T/bymodel")" '^ *COST +BILLED +MODEL' "--by model on a terminal: a table, as before"

done_testing
