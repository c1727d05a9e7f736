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

run "$BIN/orchat" -m </dev/null
two orchat "option '-m' needs an argument" "a short option's argument"
run "$BIN/orcost" -p </dev/null
two orcost "option '-p' needs an argument" "a short option's argument"

done_testing
