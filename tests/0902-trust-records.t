#!/bin/sh
# Issue 11, hostile ledgers: a record longer than the cap (1 MiB), ended by
# a newline or by nothing at all, is one bad record named by FILE:LINE and
# the records after it still count (item 12); token counts whose sum wraps
# past 2^63 are refused, never priced (26); a model id with a NUL or another
# control byte is refused, never read as the id before it (32).  Each is a
# 65 with one line naming the file and the line.
. "${0%/*}/lib.sh"

NEW=$TOP/tests/fixtures/models/models_2026-08-08.json
oc() { run "$BIN/orcost" --catalog "$NEW" "$@"; }

# ---- 12: a record past the cap ------------------------------------------
python3 - "$T/long" "$T/tail" <<'PY'
import sys
big = "a" * (2 << 20)
with open(sys.argv[1], "w") as f:
    f.write("openai/gpt-4o 1000 10\n")
    f.write('{"model":"openai/gpt-4o","prompt_tokens":1,"x":"' + big + "\n")
    f.write("openai/gpt-4o 2000 20\n")
    f.write("\n" + big + " 1 2\n")
    f.write("openai/gpt-4o 3000 30\n")
with open(sys.argv[2], "w") as f:
    f.write("openai/gpt-4o 1000 10\n")
    f.write('{"model":"openai/gpt-4o","prompt_tokens":1,"x":"' + big * 2)
PY
oc "$T/long"
is "$rc" 65 "a record longer than 1 MiB: 65"
is "$err" "orcost: $T/long:2: a record longer than 1048576 bytes
orcost: $T/long:5: a record longer than 1048576 bytes" \
    "...one line each, naming FILE:LINE"
is "$(printf '%s\n' "$out" | cut -f3-)" "openai/gpt-4o	1000	10
openai/gpt-4o	2000	20
openai/gpt-4o	3000	30" "...and the records around them still count"

oc "$T/tail"
is "$rc" 65 "an unterminated record at the end of the input: 65"
is "$err" "orcost: $T/tail:2: a record longer than 1048576 bytes" \
    "...in one line"
is "$(printf '%s\n' "$out" | cut -f3-)" "openai/gpt-4o	1000	10" \
    "...and the record before it counts"

# Memory stays flat: 64 MiB of one unterminated record read under a 64 MiB
# limit on the address space (not under a sanitizer, whose shadow memory
# needs far more).
case ${ORKIT_MAKEFLAGS:-} in *SANITIZE=1*) sanitized=1 ;; *) sanitized= ;; esac
python3 -c 'import sys; sys.stdout.write("{\"model\":\"" + "b" * (64 << 20))' \
    >"$T/huge"
if [ -z "$sanitized" ]; then
	run sh -c 'ulimit -v 65536 || exit 99; exec "$0" --catalog "$1" "$2"' \
	    "$BIN/orcost" "$NEW" "$T/huge"
else
	run "$BIN/orcost" --catalog "$NEW" "$T/huge"
fi
is "$rc.$err" "65.orcost: $T/huge:1: a record longer than 1048576 bytes" \
    "64 MiB unterminated: 65, not out of memory"
rm -f "$T/huge"

# ---- 26: counts that wrap -------------------------------------------------
n=6917529027641081856	# 2^62 + 2^61: each at most the prompt, the sum not
printf '%s\n' 'openai/gpt-4o 1000 10' \
    "{\"model\":\"openai/gpt-4o\",\"prompt_tokens\":$n,\"completion_tokens\":1,\"cached_tokens\":$n,\"cache_write_tokens\":$n,\"cache_write_1h_tokens\":$n}" \
    'openai/gpt-4o 2000 20' >"$T/wrap"
oc "$T/wrap"
is "$rc" 65 "cached + cache writes past 2^63: 65"
is "$err" "orcost: $T/wrap:2: cached and cache-write tokens exceed the prompt tokens" \
    "...named by FILE:LINE"
is "$(printf '%s\n' "$out" | cut -f3-)" "openai/gpt-4o	1000	10
openai/gpt-4o	2000	20" "...never priced; the others are"
oc --sum "$T/wrap"
is "$rc.$(printf '%s' "$out" | head -1 | cut -f1)" "65.0.0078" \
    "...and the total is the others' only"

# ---- 32: control bytes in a model id --------------------------------------
printf '%s\n' '{"model":"openai/gpt-4o\u0000x","prompt_tokens":1000}' \
    '{"model":"openai/gpt-4o\u001b]0;x\u0007","prompt_tokens":1000}' \
    'openai/gpt-4o 1000 10' >"$T/nul"
printf 'openai/gpt-4o\001 1000 10\n' >>"$T/nul"
oc "$T/nul"
is "$rc" 65 "a NUL in a model id: 65"
is "$err" "orcost: $T/nul:1: a model id with a control character
orcost: $T/nul:2: a model id with a control character
orcost: $T/nul:4: a model id with a control character" \
    "...each named by FILE:LINE, never priced as another model"
is "$(printf '%s\n' "$out" | cut -f3-)" "openai/gpt-4o	1000	10" \
    "...and only the good record is priced"

done_testing
