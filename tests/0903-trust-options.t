#!/bin/sh
# Issue 11 item 22: a mistyped option is one line naming it (and the
# closest option when one is near), then "Try 'CMD --help' for more.", on
# stderr with exit 2 -- not the whole --help burying the error.  The same
# for a missing argument, an argument to a flag that takes none, an
# ambiguous abbreviation and an unknown short option, in all four
# commands.  An option that looks like a key is never echoed.
. "${0%/*}/lib.sh"

two() {	# two CMD WANT-FIRST-LINE NAME: exit 2, those two lines, no stdout
	is "$rc.$out" "2." "$1: $3: exit 2, nothing on stdout"
	is "$err" "$1: $2
Try '$1 --help' for more." "$1: $3: one line, then where to look"
}

for cmd in orchat orstream ormodels orcost; do
	case $cmd in
	ormodels) typo=--revrse want=--reverse ;;
	*) typo=--modle want=--model ;;
	esac
	run "$BIN/$cmd" $typo </dev/null
	two $cmd "unknown option '$typo'; did you mean '$want'?" \
	    "a typo names the closest option"

	run "$BIN/$cmd" --no-such-flag </dev/null
	two $cmd "unknown option '--no-such-flag'" "nothing near: no hint"

	run "$BIN/$cmd" --timeout </dev/null
	two $cmd "option '--timeout' needs an argument" "a missing argument"

	run "$BIN/$cmd" --verbose=2 </dev/null
	two $cmd "option '--verbose' takes no argument" \
	    "an argument to a flag"

	run "$BIN/$cmd" --ti 5 </dev/null
	two $cmd "ambiguous option '--ti'; did you mean '--timeout' or '--title'?" \
	    "an ambiguous abbreviation"

	run "$BIN/$cmd" -vZ </dev/null
	two $cmd "unknown option '-Z'" "an unknown short option in a cluster"

	run "$BIN/$cmd" "--$TEST_KEY" </dev/null
	two $cmd "unknown option (not shown: it looks like a key)" \
	    "an option like a key"
	unlike "$err" "0123456789abcdef" "$cmd: ...and the key is not echoed"

	run "$BIN/$cmd" "--a$(printf '\033')]0;x" </dev/null
	unlike "$err" "$(printf '\033')" "$cmd: no control bytes echoed"
done

# A bad value is the user's bytes, echoed: still one line, controls
# replaced (a newline by a space), and never a key.
nl='
'
esc=$(printf '\033')
one() {	# one CMD WANT-LINE NAME: exit 2, that one line, no stdout
	is "$rc.$out" "2." "$1: $3: exit 2, nothing on stdout"
	is "$err" "$1: $2" "$1: $3: one line"
}
while IFS='|' read -r cmd opt want; do
	run "$BIN/$cmd" "$opt" "a${nl}b${esc}]0;x" </dev/null
	one $cmd "$want: a b?]0;x" "a newline and ESC in $opt's value"
	run "$BIN/$cmd" "$opt" "$TEST_KEY" </dev/null
	one $cmd "$want: (not shown: it looks like a key)" \
	    "a key as $opt's value"
done <<'EOF'
orchat|--timeout|--timeout: not a number of seconds up to 86400
orstream|--connect-timeout|--connect-timeout: not a number of seconds from 0.001 to 3600
orchat|--retries|--retries: not a whole number from 0 to 10
orchat|--temperature|--temperature: not a number from 0 to 2
orchat|--max-cost|--max-cost: not an amount in USD
ormodels|--min-context|--min-context: not a number of tokens (128000, 128k, 1M)
ormodels|--since|--since: not a date YYYY-MM-DD
orcost|-p|-p: not a number of tokens (1234, 12k, 1.5M)
EOF
run "$BIN/orstream" --sort "a${nl}b" </dev/null
one orstream "--sort: not one of price|throughput|latency|exacto: a b" \
    "a newline in a choice"
run "$BIN/orchat" --set "a=${nl}{" </dev/null
is "$rc.$(lines "$err")" "2.1" "--set: bad JSON with a newline: one line"

# A swap of two letters is one edit, closer than two substitutions
# ("--referer"); of names as close, the one that begins alike.
run "$BIN/ormodels" --refersh </dev/null
two ormodels "unknown option '--refersh'; did you mean '--refresh'?" \
    "a swap of two letters"
run "$BIN/orchat" --tiemout 5 </dev/null
two orchat "unknown option '--tiemout'; did you mean '--timeout'?" \
    "a swap of two letters"

run "$BIN/orchat" -m </dev/null
two orchat "option '-m' needs an argument" "a short option's argument"
run "$BIN/orcost" -p </dev/null
two orcost "option '-p' needs an argument" "a short option's argument"

done_testing
