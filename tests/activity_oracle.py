"""activity_oracle.py -- what `orcost --activity` should print for an
/activity answer, worked out independently of orkit: Python's json module,
decimal.Decimal for every amount, Python ints for every count.  Used by
tests/0405-orcost-activity.t; never by orcost itself.

    python3 activity_oracle.py CASES

CASES has one case a line, tab-separated: ANSWER, the mock's answer to
GET /activity (the same query); OUTPUT, what orcost printed; and the
options it was given, space-separated (--by KEY, -s, --json, --jsonl, -H,
--round N; others are passed over).  One line out per case, in order:
"ok" when orcost's output is exactly what the answer makes, else "not ok"
and the first difference.  (One process for many cases: python starts
slowly.)  A table (-H) is compared cell by cell: its cells are what is
exact, not the padding.
"""
import json
import re
import sys
from decimal import Decimal

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from orcost_oracle import fmt, rnd      # noqa: E402

COUNTS = ("requests", "prompt_tokens", "completion_tokens", "reasoning_tokens")
KEYS = {"day": "date", "model": "model", "provider": "provider_name"}


def options(args):
    o = {"by": None, "sum": False, "json": 0, "human": False, "round": None}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--by":
            i += 1
            o["by"] = args[i]
        elif a.startswith("--by="):
            o["by"] = a[5:]
        elif a in ("-s", "--sum"):
            o["sum"] = True
        elif a == "--json":
            o["json"] = 1
        elif a == "--jsonl":
            o["json"] = 2
        elif a in ("-H", "--human"):
            o["human"] = True
        elif a == "--round":
            i += 1
            o["round"] = int(args[i])
        i += 1
    return o


def amount(o, d, json_=False):
    """An amount as orcost writes it; None when not given."""
    if d is None:
        return None if json_ else "-"
    d = Decimal(d)
    if o["round"] is not None:
        d = rnd(d, o["round"])
    s = fmt(d)
    return Decimal(s) if json_ else ("$" + s if o["human"] else s)


def count(o, n):
    return "-" if n is None else "{:,}".format(n) if o["human"] else str(n)


def totals(rows, by):
    """[(key, {records, prompt, completion, usage or None})], sorted by key."""
    groups = {}
    for r in rows:
        k = None if by is None else (r.get(KEYS[by]) or "-")
        t = groups.setdefault(k, {"records": 0, "prompt": 0, "completion": 0,
                                  "usage": None})
        t["records"] += r.get("requests") or 0
        t["prompt"] += r.get("prompt_tokens") or 0
        t["completion"] += r.get("completion_tokens") or 0
        if r.get("usage") is not None:
            t["usage"] = (t["usage"] or Decimal(0)) + r["usage"]
    if by is None and not groups:
        groups[None] = {"records": 0, "prompt": 0, "completion": 0, "usage": None}
    return sorted(groups.items(), key=lambda kv: kv[0] or "")


def expect(rows, o):
    """(lines of cells, or JSON values, is_table)."""
    if o["by"] is None and not o["sum"]:
        if o["json"]:
            out = []
            for r in rows:
                v = {k: r.get(k) for k in ("date", "model", "model_permaslug",
                                           "endpoint_id", "provider_name")}
                v["usage"] = amount(o, r.get("usage"), True)
                v["byok_usage_inference"] = amount(o, r.get("byok_usage_inference"), True)
                for k in COUNTS:
                    v[k] = r.get(k)
                out.append(v)
            return out
        lines = [["USAGE", "BYOK", "DAY", "MODEL", "PROVIDER", "REQUESTS",
                  "PROMPT", "COMPLETION", "REASONING"]] if o["human"] else []
        for r in rows:
            lines.append([amount(o, r.get("usage")), amount(o, r.get("byok_usage_inference")),
                          r.get("date") or "-", r.get("model") or "-",
                          r.get("provider_name") or "-"] +
                         [count(o, r.get(k)) for k in COUNTS])
        return lines
    by = o["by"]
    out = []
    if o["json"]:
        for k, t in totals(rows, by):
            v = {by: k} if by else {}
            v.update(records=t["records"], prompt_tokens=t["prompt"],
                     completion_tokens=t["completion"],
                     cost=amount(o, t["usage"], True), billed=amount(o, t["usage"], True))
            out.append(v)
        return out if by else out[0]
    if by and o["human"]:
        out.append(["COST", "BILLED", by.upper(), "PROMPT", "COMPLETION", "RECORDS"])
    for k, t in totals(rows, by):
        a = amount(o, t["usage"])
        line = [a, a]
        if by:
            line += [k, count(o, t["prompt"]), count(o, t["completion"]),
                     count(o, t["records"])]
        out.append(line)
    return out


def check(answer, output, args):
    """None when OUTPUT is what ANSWER makes with ARGS, else why not."""
    o = options(args)
    rows = json.load(open(answer), parse_float=Decimal)["data"]
    want = expect(rows, o)
    text = open(output).read()
    if o["json"]:
        if o["json"] == 2 and (o["by"] or not o["sum"]):
            got = [json.loads(line, parse_float=Decimal) for line in text.splitlines()]
        else:
            got = json.loads(text, parse_float=Decimal)
        return None if got == want else "JSON differs: got %r want %r" % (got, want)
    table = o["human"] and (o["by"] or not o["sum"])
    got = [re.split(r" {2,}", line.strip()) if table else line.split("\t")
           for line in text.splitlines()]
    if got == want:
        return None
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return "line %d: got %r want %r" % (i + 1, g, w)
    return "%d lines, want %d" % (len(got), len(want))


def main():
    for case in open(sys.argv[1]).read().splitlines():
        answer, output, args = (case.split("\t") + [""])[:3]
        try:
            why = check(answer, output, args.split())
        except Exception as e:          # a crash is a failure, said
            why = "%s: %s" % (type(e).__name__, e)
        print("ok" if why is None else "not ok " + why.replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
