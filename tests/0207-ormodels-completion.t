#!/bin/sh
# Shell completion (completions/): every option of the four commands, the
# values of the options that take known words, and model ids read from the
# cached catalog with no network -- for bash, and for zsh when installed.
. "${0%/*}/lib.sh"

NEW=$TOP/tests/fixtures/models/models_2026-08-08.json
OLD=$TOP/tests/fixtures/models/models_2025-04-23.json
mkdir -p "$XDG_CACHE_HOME/orkit"
cp "$NEW" "$XDG_CACHE_HOME/orkit/models.json"
"$BIN/ormodels" --offline >/dev/null	# builds the index beside it
PATH=$BIN:$PATH; export PATH

# What each command's --help offers, sorted, one a line.
helpopts() {
	"$BIN/$1" --help | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-z0-9-]*' |
	    sed 's/^[ ,]*//' | sort -u
}

if command -v bash >/dev/null; then
	# bc WORD...: what bash completes for the last word.
	bc() {
		bash -c '. "$1"/completions/orkit.bash; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"
		_orkit "$1" "${COMP_WORDS[COMP_CWORD]}" \
		    "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"' bash "$TOP" "$@" | sort
	}
	for c in orchat orstream ormodels orcost; do
		is "$(bc "$c" -)" "$(helpopts "$c")" "bash: $c: every option of --help"
	done
	is "$(bc ormodels "" | wc -l | tr -d ' ')" 345 "bash: every model id from the index"
	is "$(bc ormodels anthropic/claude-sonnet-4.)" "anthropic/claude-sonnet-4.5
anthropic/claude-sonnet-4.6" "bash: ids by prefix"
	is "$(bc orchat -m openai/gpt-4o-min | head -1)" "openai/gpt-4o-mini" \
	    "bash: orchat -m completes model ids"
	is "$(bc ormodels --sort "" | tr '\n' ' ')" \
	    "completion context created id name prompt " "bash: --sort keys"
	is "$(bc ormodels -e x --sort "" | tr '\n' ' ')" \
	    "latency price throughput uptime " "bash: --sort keys with -e"
	is "$(bc ormodels -o id,c | tr '\n' ' ')" \
	    "id,cache-read id,cache-write id,cache-write-1h id,completion id,context id,created id,cutoff " \
	    "bash: -o completes the last column of a list"
	is "$(bc ormodels --columns "")" "$("$BIN/ormodels" --help |
	    sed -n '/^Columns for -o:/,$s/^  \([a-z0-9-]*\) .*/\1/p' | sort)" \
	    "bash: --columns offers every column"
	is "$(bc orcost --by "" | tr '\n' ' ')" "day model provider " \
	    "bash: orcost --by keys"
	is "$(bc orcost --chart "" | tr '\n' ' ')" \
	    "completion cost prompt requests " "bash: orcost --chart measures"
	is "$(bc orcost --no-ch)" "--no-chart" "bash: orcost --no-chart"
	is "$(bc orcost -g "")" "" "bash: orcost -g offers no model ids"
	is "$(bc orcost --date "" | grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]$')" 30 \
	    "bash: orcost --date offers the 30 days /activity keeps"
	is "$(bc orcost --key-hash "")" "" "bash: orcost --key-hash offers nothing"
	is "$(bc ormodels --input i)" "image" "bash: --input modalities"
	is "$(bc ormodels --supports struct)" "structured_outputs" "bash: --supports parameters"
	is "$(bc ormodels --catalog "$TOP/data/mod")" "$TOP/data/models.json" \
	    "bash: --catalog completes files"
	rm "$XDG_CACHE_HOME/orkit/models.idx"
	is "$(bc ormodels "" | wc -l | tr -d ' ')" 345 "bash: ids from the JSON when there is no index"
	is "$(ORKIT_CATALOG=$OLD bc ormodels "" | wc -l | tr -d ' ')" 302 \
	    "bash: ORKIT_CATALOG's ids"
	"$BIN/ormodels" --offline >/dev/null
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		skip "no bash"
	done
fi

# Under the sanitizers, LeakSanitizer's exit-time thread tracer has been
# seen to spin forever when the binaries run inside zsh's completion
# functions; the zsh cases test the completion script, not the binaries,
# so they are left to the plain run.  Every zsh call is bounded anyway.
case ${ORKIT_MAKEFLAGS:-} in *SANITIZE=1*) sanitized=1 ;; *) sanitized= ;; esac
if command -v zsh >/dev/null && command -v timeout >/dev/null &&
    [ -z "$sanitized" ]; then
	# zc WORD...: what zsh completes, with compadd, compset and _files
	# standing in for the completion system's own.  In a build with
	# SANITIZE=1, LeakSanitizer's exit-time tracer (ptrace) and zsh's
	# command substitution wait on each other for minutes: no leak check
	# for the --help runs here.
	zc() {
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 zsh -f -c 'compadd() { while [[ $# -gt 0 && $1 != -- ]]; do
			shift; done; shift; print -l -- "$@"; }
		compset() { :; }
		_files() { print FILES; }
		source "$1"/completions/_orkit >/dev/null 2>&1; shift
		words=("$@"); CURRENT=$#; _orkit' zsh "$TOP" "$@" | sort
	}
	for c in orchat orstream ormodels orcost; do
		is "$(zc "$c" -)" "$(helpopts "$c")" "zsh: $c: every option of --help"
	done
	is "$(zc ormodels "" | wc -l | tr -d ' ')" 345 "zsh: every model id from the index"
	is "$(zc ormodels --sort "" | tr '\n' ' ')" \
	    "completion context created id name prompt " "zsh: --sort keys"
	is "$(zc ormodels --endpoints x --sort "" | tr '\n' ' ')" \
	    "latency price throughput uptime " "zsh: --sort keys with -e"
	is "$(zc ormodels -o "id," | grep -c .)" \
	    "$("$BIN/ormodels" --help | sed -n '/^Columns for -o:/,$s/^  \([a-z0-9-]*\) .*/\1/p' | grep -c .)" \
	    "zsh: -o offers every column"
	is "$(zc orcost --by "" | tr '\n' ' ')" "day model provider " \
	    "zsh: orcost --by keys"
	is "$(zc orcost --chart "" | tr '\n' ' ')" \
	    "completion cost prompt requests " "zsh: orcost --chart measures"
	is "$(zc orcost --date "" | grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]$')" 30 \
	    "zsh: orcost --date offers the 30 days /activity keeps"
	is "$(zc ormodels --catalog "")" FILES "zsh: --catalog completes files"
	is "$(zc orchat --model "" | grep -c /)" 345 "zsh: orchat --model completes ids"
	rm "$XDG_CACHE_HOME/orkit/models.idx"
	is "$(zc ormodels "" | wc -l | tr -d ' ')" 345 "zsh: ids from the JSON when there is no index"
else
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
		skip "no zsh, or a sanitizer build"
	done
fi

done_testing
