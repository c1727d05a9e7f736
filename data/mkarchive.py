#!/usr/bin/env python3
"""mkarchive.py OUTDIR CATALOG...: rebuild the bundled archive and history.

Each CATALOG is a GET /models answer whose file name holds the date it was
taken (models_2026-03-11.json); they are read in the order of those dates.
A CATALOG with no date in its name (data/models.json) must be named as
DATE=FILE.  Writes, atomically:

OUTDIR/archive.json  a catalog ({"data": [...]}, sorted by id) of every
    model in any CATALOG: its last record, cut down to what a model card
    and a price need (the long fields are left out, and so is the
    description of a model the newest CATALOG still lists), with
    "last_listed": the date of the last CATALOG that listed it.
OUTDIR/history.tsv   what changed between consecutive catalogs, oldest
    first: a head line "# orkit-history 1 since DATE" (DATE: the first
    CATALOG's), then one line per change, tab-separated:
        DATE ID FIELD OLD NEW
    FIELD is "added" or "withdrawn" (OLD and NEW empty), a price
    (prompt, completion, input_cache_read, input_cache_write, request;
    USD per token, as exact decimals, an absent price being 0) or
    context_length.

Usage, from the top of the tree:
    python3 data/mkarchive.py data \\
        ../shared/api/fixtures/models/models_20*-*-??.json \\
        2026-08-08=data/models.json
lib/archive.c reads both files and writes the same formats.
"""
import json
import os
import re
import sys
import tempfile
from decimal import Decimal, InvalidOperation

PRICES = ("prompt", "completion", "input_cache_read", "input_cache_write",
          "request")
KEEP = ("id", "canonical_slug", "name", "created", "context_length",
        "architecture", "pricing", "top_provider", "supported_parameters",
        "knowledge_cutoff")
ARCH = ("modality", "input_modalities", "output_modalities", "tokenizer")


def dec(v):
    """A price as the shortest exact decimal ("0.00001"); "?" unreadable."""
    if v is None:
        return "0"
    try:
        d = Decimal(str(v))
    except InvalidOperation:
        return "?"
    if d == 0:
        return "0"
    s = format(d.normalize(), "f")
    return s


def compact(m, date, gone):
    """The record kept: the description only for a model the newest
    catalog no longer lists (the others are in it, whole)."""
    r = {k: m[k] for k in KEEP + (("description",) if gone else ())
         if k in m}
    if isinstance(r.get("architecture"), dict):
        r["architecture"] = {k: r["architecture"][k] for k in ARCH
                             if k in r["architecture"]}
    r["last_listed"] = date
    return r


def changes(date, old, new):
    out = []
    for i in sorted(set(old) | set(new)):
        if i not in old:
            out.append((date, i, "added", "", ""))
            continue
        if i not in new:
            out.append((date, i, "withdrawn", "", ""))
            continue
        po = old[i].get("pricing") or {}
        pn = new[i].get("pricing") or {}
        for f in PRICES:
            a, b = dec(po.get(f)), dec(pn.get(f))
            if a != b and (a == "?" or b == "?" or
                           Decimal(a) != Decimal(b)):
                out.append((date, i, f, a, b))
        a, b = old[i].get("context_length"), new[i].get("context_length")
        if a != b:
            out.append((date, i, "context_length",
                        "" if a is None else str(a),
                        "" if b is None else str(b)))
    return out


def write(path, text):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path) or ".")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: mkarchive.py OUTDIR CATALOG...")
    cats = []
    for a in argv[2:]:
        m = re.match(r"^(\d{4}-\d\d-\d\d)=(.*)$", a)
        if m:
            date, path = m.group(1), m.group(2)
        else:
            m = re.search(r"(\d{4}-\d\d-\d\d)", os.path.basename(a))
            if not m:
                sys.exit("mkarchive.py: %s: no date in the name" % a)
            date, path = m.group(1), a
        with open(path, encoding="utf-8") as f:
            models = {x["id"]: x for x in json.load(f)["data"]}
        cats.append((date, path, models))
    cats.sort(key=lambda c: c[0])
    # The same date twice (data/models.json and its fixture): one catalog.
    seen = {}
    for c in cats:
        seen[c[0]] = c
    cats = sorted(seen.values(), key=lambda c: c[0])
    last, hist = {}, []
    newest = cats[-1][2]
    for k, (date, _, models) in enumerate(cats):
        for i, m in models.items():
            last[i] = compact(m, date, i not in newest)
        if k:
            hist += changes(date, cats[k - 1][2], models)
    arch = {"data": [last[i] for i in sorted(last)]}
    write(os.path.join(argv[1], "archive.json"),
          json.dumps(arch, ensure_ascii=False, separators=(",", ":"))
          .replace('},{"id"', '},\n{"id"') + "\n")
    lines = ["# orkit-history 1 since %s\n" % cats[0][0]]
    lines += ["\t".join(h) + "\n" for h in hist]
    write(os.path.join(argv[1], "history.tsv"), "".join(lines))


if __name__ == "__main__":
    main(sys.argv)
