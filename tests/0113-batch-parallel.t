#!/bin/sh
# Beyond one machine: the GNU parallel recipe of README and orkit(7) --
# a JSONL file sharded across "hosts" with parallel --pipe -S, each shard
# run by orchat --batch with its own ledger -- gives, line for line by id,
# what one orchat --batch gives, and the merged ledgers price the same.
# The hosts are stand-ins: parallel's --ssh is a wrapper that runs the
# command in a directory of its own, so nothing leaves this machine.
. "${0%/*}/lib.sh"

command -v parallel >/dev/null 2>&1 || { skip "no GNU parallel"; done_testing; }
mock_start

mkdir "$T/h1" "$T/h2"
cat >"$T/ssh" <<'SH'
#!/bin/sh
# ssh HOST [--] COMMAND...: COMMAND run by sh in the directory HOST.
while [ $# -gt 0 ]; do
	case $1 in
	-[lpoiFJ]) shift 2 ;;
	-*) shift ;;
	*) break ;;
	esac
done
host=$1; shift
[ "${1:-}" = -- ] && shift
cd "$(dirname "$0")/$host" || exit 255
exec sh -c "$*"
SH
chmod +x "$T/ssh"
PATH=$BIN:$PATH; export PATH

# 60 prompts, a few of them on other models, one of them failing.
i=0
while [ $i -lt 60 ]; do
	i=$((i + 1))
	case $i in
	7) printf '{"prompt":"p%d","model":"mock/status:400"}\n' $i ;;
	2?) printf '{"prompt":"p%d","model":"mock/fixture:claude-sonnet-4.6_cache-write"}\n' $i ;;
	*) printf '"p%d"\n' $i ;;
	esac
done >"$T/prompts.jsonl"

# The recipe: number the lines (a shard's line numbers start again at 1),
# then one orchat --batch per block on each host.
awk '{ printf "{\"id\":%d,\"line\":%s}\n", NR, $0 }' "$T/prompts.jsonl" |
    python3 -c '
import json, sys
for l in sys.stdin:
    o = json.loads(l)
    v = o.pop("line")
    if isinstance(v, str):
        o["prompt"] = v
    else:
        o.update(v)
    print(json.dumps(o))' >"$T/in.jsonl"
# parallel quotes the remote command for $SHELL; with none set (as in CI)
# it runs nothing and says nothing.
(cd "$T" && SHELL=/bin/sh parallel --will-cite --pipe --block 400 -k -S 1/h1,1/h2 \
    --ssh "$T/ssh" orchat --batch -P 4 --log ledger.jsonl) \
    <"$T/in.jsonl" >"$T/sharded.jsonl" 2>"$T/sharded.err"
# parallel's status is the number of shards that failed: the one with
# line 7 in it.
is "$?" 1 "parallel --pipe -S: one shard ends with a failed line"
is "$(python3 -c 'import json, sys
print(" ".join(str(json.loads(l)["id"]) for l in sys.stdin))' <"$T/sharded.jsonl")" \
    "$(seq 1 60 | tr '\n' ' ' | sed 's/ $//')" "-k: the shards' lines in input order"
"$BIN/orchat" --batch -P 4 --log "$T/one.ledger" <"$T/in.jsonl" \
    >"$T/one.jsonl" 2>"$T/one.err"
rc=$?
is "$rc" 65 "one batch: the worst failure's status (a 400: 65)" 
ok "$([ -s "$T/h1/ledger.jsonl" ] && [ -s "$T/h2/ledger.jsonl" ]; echo $?)" \
    "both hosts ran a shard and kept a ledger"
# Line for line by id, the same results (the mock's answers are fixed).
python3 - "$T/sharded.jsonl" "$T/one.jsonl" >"$T/cmp" <<'PY'
import json, sys
def load(p):
    return {json.dumps(o["id"]): o for o in map(json.loads, open(p))}
a, b = load(sys.argv[1]), load(sys.argv[2])
print(len(a), len(b), sorted(a) == sorted(b) and all(a[k] == b[k] for k in a))
PY
is "$(cat "$T/cmp")" "60 60 True" "sharded results equal one batch's, by id"
cat "$T/h1/ledger.jsonl" "$T/h2/ledger.jsonl" >"$T/merged.ledger"
orcost --by model "$T/one.ledger" >"$T/one.cost"
is "$(wc -l <"$T/one.cost" | tr -d ' ')" 2 "the ledger of one batch prices two models"
is "$(orcost --by model "$T/merged.ledger")" \
    "$(orcost --by model "$T/one.ledger")" \
    "orcost --by model over the merged ledgers: the same spend"
done_testing
