# bash completion for orkit: orchat, orstream, ormodels, orcost.
#
# The options are read from the command's own --help (once per shell), so
# they are never out of date with the binary that is installed.  Model ids
# come from the cached catalog -- its index, else its JSON -- by a grep or
# a sed: no network, and no wait.  make install puts this file in
# $(PREFIX)/share/bash-completion/completions/ under each command's name,
# where bash-completion finds it on first use; or source it from ~/.bashrc.

# The model ids in the catalog a command would use (ORKIT_CATALOG, else the
# cache), one a line.
_orkit_models()
{
	local dir=${XDG_CACHE_HOME:-$HOME/.cache}/orkit
	local f=${ORKIT_CATALOG:-}

	if [[ -z $f && -r $dir/models.idx ]]; then
		# The index: a header line, then one model a line, id first.
		sed -n '2,$s/\t.*//p' "$dir/models.idx"
		return
	fi
	[[ -n $f ]] || f=$dir/models.json
	[[ -r $f ]] &&
	    grep -o '"id": *"[^"]*/[^"]*"' "$f" | sed 's/.*"\([^"]*\)"$/\1/'
}

# The 30 completed UTC days GET /activity keeps, newest first (GNU date,
# else BSD date).
_orkit_days()
{
	local i t

	t=$(date -u +%s)
	for ((i = 1; i <= 30; i++)); do
		date -u -d "@$((t - i * 86400))" +%Y-%m-%d 2>/dev/null ||
		    date -u -r "$((t - i * 86400))" +%Y-%m-%d 2>/dev/null
	done
}

# The options in a command's --help, one a line, each followed by the name
# of its argument when it takes one: "-o LIST", "--columns LIST", "-l".
_orkit_help()
{
	"$1" --help 2>/dev/null | awk '
	# "-o, --columns LIST", "--min-p N, --top-a N": options separated by
	# ", ", each maybe followed by one blank and an upper-case name.
	/^ +-/ {
		s = $0
		sub(/^ +/, "", s)
		n = 0
		first = 1
		while (match(s, /^--?[a-zA-Z][a-zA-Z0-9-]*/)) {
			opt[++n] = substr(s, 1, RLENGTH)
			arg[n] = ""
			s = substr(s, RLENGTH + 1)
			if (match(s, /^[ =][A-Z][A-Z0-9_]*/)) {
				for (k = first; k <= n; k++)
					arg[k] = " " substr(s, 2, RLENGTH - 1)
				first = n + 1
				s = substr(s, RLENGTH + 1)
			}
			if (substr(s, 1, 2) != ", ")
				break
			s = substr(s, 3)
		}
		for (k = 1; k <= n; k++)
			print opt[k] arg[k]
	}' | sort -u
}

# The words a value of this kind (the argument's name in --help) can be.
_orkit_values()
{
	local cmd=$1 opt=$2 kind=$3

	case $cmd:$opt in
	ormodels:--sort)
		if [[ " ${COMP_WORDS[*]} " == *" -e "* ||
		    " ${COMP_WORDS[*]} " == *" --endpoints "* ]]; then
			echo price uptime latency throughput
		else
			echo id name created context prompt completion
		fi
		return ;;
	orcost:--by)
		echo model day provider
		return ;;
	orcost:--chart)
		echo cost prompt completion requests
		return ;;
	orcost:-g|orcost:--generation)
		return ;;	# a generation's id: nothing to offer
	orcost:--date)
		_orkit_days
		return ;;
	orcost:--key-hash)
		return ;;	# a key's hash: nothing to offer
	esac
	case $kind in
	MODEL|ID)
		_orkit_models ;;
	LIST)	"$cmd" --help 2>/dev/null |
		    sed -n '/^Columns for -o:/,$s/^  \([a-z0-9-]*\) .*/\1/p' ;;
	MOD)	echo text image file audio video embeddings ;;
	PARAM)	echo tools tool_choice parallel_tool_calls \
		    structured_outputs response_format reasoning \
		    include_reasoning reasoning_effort temperature top_p top_k \
		    min_p top_a frequency_penalty presence_penalty \
		    repetition_penalty max_tokens max_completion_tokens \
		    logit_bias logprobs top_logprobs seed stop prediction \
		    web_search_options verbosity ;;
	NAME)	[[ $opt == --tokenizer ]] &&
		    echo GPT Claude Gemini Gemma Grok Cohere Nova Qwen Qwen3 \
		    Yi DeepSeek Mistral Llama2 Llama3 Llama4 PaLM RWKV Router \
		    Other ;;
	esac
}

_orkit()
{
	local cmd=${1##*/} cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]} help var line kind
	local words last prefix

	# Ids such as "qwen/qwen3-coder:free" hold a ':', where bash splits
	# words; bash-completion, when loaded, knows how to join them back.
	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n : cur prev
	fi

	var=_orkit_help_${cmd//[^a-z]/_}
	if [[ -z ${!var-} ]]; then
		printf -v "$var" '%s' "$(_orkit_help "$1")"
	fi
	help=${!var}

	# The argument of the option before, if it takes one.
	if [[ $prev == -* && $COMP_CWORD -gt 1 ]]; then
		kind=
		while read -r line; do
			[[ ${line%% *} == "$prev" && $line == *" "* ]] &&
			    kind=${line#* }
		done <<<"$help"
		if [[ -n $kind ]]; then
			case $kind in
			FILE|DIR)
				COMPREPLY=($(compgen -f -- "$cur"))
				compopt -o filenames 2>/dev/null
				return ;;
			LIST)	# a comma list: complete its last word
				last=${cur##*,} prefix=${cur%"$last"}
				words=$(_orkit_values "$cmd" "$prev" "$kind")
				COMPREPLY=($(compgen -P "$prefix" -W "$words" \
				    -- "$last"))
				compopt -o nospace 2>/dev/null
				return ;;
			esac
			words=$(_orkit_values "$cmd" "$prev" "$kind")
			COMPREPLY=($(compgen -W "$words" -- "$cur"))
			if declare -F __ltrim_colon_completions >/dev/null; then
				__ltrim_colon_completions "$cur"
			fi
			return
		fi
	fi
	if [[ $cur == -* ]]; then
		words=$(sed 's/ .*//' <<<"$help")
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi
	case $cmd in
	ormodels)
		COMPREPLY=($(compgen -W "$(_orkit_models)" -- "$cur"))
		if declare -F __ltrim_colon_completions >/dev/null; then
			__ltrim_colon_completions "$cur"
		fi ;;
	orcost)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null ;;
	esac
}

complete -F _orkit orchat orstream ormodels orcost
