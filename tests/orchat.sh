# tests/orchat.sh -- sourced by the tests/01NN-orchat-*.t files, after
# lib.sh: checks on the requests orchat sent, made in one python3 run at
# the end (python3 starts slowly; one run per check would dominate).

nwant=0

# want_sent EXPR WANT NAME: EXPR, a Python expression over b (the body of
# the last request the mock has received so far), printed as compact JSON
# (a string prints bare), must be WANT.  Checked by check_sent.
want_sent() {
	nwant=$((nwant + 1))
	mock_requests >"$T/want.$nwant.idx"
	printf '%s' "$1" >"$T/want.$nwant.expr"
	printf '%s' "$2" >"$T/want.$nwant.want"
	printf '%s' "$3" >"$T/want.$nwant.name"
	# How the command ended, to show when the check fails.
	printf 'exit %s; stderr: %s' "${rc:-?}" "$(head -c 300 "$ERR" 2>/dev/null |
	    tr '\n' ' ')" >"$T/want.$nwant.how"
}

# want_true EXPR NAME: EXPR (over b, as above; J(path) loads a JSON file)
# must be true.
want_true() {
	want_sent "bool($1)" true "$2"
}

# check_sent: one test point per want_sent, in order.
check_sent() {
	[ "$nwant" -gt 0 ] || return 0
	python3 - "$MOCK_LOG" "$T" "$nwant" >"$T/wants.out" <<'PY'
import json, sys
J = lambda path: json.load(open(path, encoding="utf-8"))
log = open(sys.argv[1], encoding="utf-8").read().splitlines()
for n in range(1, int(sys.argv[3]) + 1):
    f = lambda ext: open("%s/want.%d.%s" % (sys.argv[2], n, ext),
                         encoding="utf-8").read()
    try:
        i = int(f("idx"))
        b = json.loads(json.loads(log[i - 1])["body"]) if i else None
        v = eval(f("expr"))
        got = v if isinstance(v, str) else \
            json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    except Exception as e:
        got = "(%s: %s)" % (type(e).__name__, e)
    name = f("name").replace("\n", " ")
    print("%d %s" % (got != f("want"), name))
    if got != f("want"):
        for k, s in (("got: ", got), ("want:", f("want")),
                     ("after:", f("how") + " (request %d of %d)" % (i, len(log)))):
            print("#   %s %s" % (k, s[:400].replace("\n", "\\n")))
PY
	while IFS= read -r line; do
		case $line in
		"#"*)	printf '%s\n' "$line" ;;
		*)	ok "${line%% *}" "${line#* }" ;;
		esac
	done <"$T/wants.out"
}
