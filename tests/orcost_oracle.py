"""orcost_oracle.py -- what orcost should answer, worked out independently:
Python's json module and exact decimals from the catalog's own strings.
Imported by the orcost tests (tests/040*.t); never by orcost itself.

    load(path)          the catalog: (models, by id, by canonical slug)
    find(cat, id)       a model by id or canonical slug; a known variant
                        suffix (":nitro", ...) falls back to the base model
    prices(m, prompt)   the model's prices for a prompt of that size, with
                        the matching pricing.overrides laid over (later
                        entries win per key)
    cost(m, ...)        section 12's rule; None when a price in use is
                        variable ("-1")
    fmt(d)              d as orcost prints it: no exponent, no trailing
                        zeros; None is "-"
    rnd(d, n)           d rounded half up to n places
"""
import json
from decimal import Decimal, getcontext, ROUND_HALF_UP

getcontext().prec = 200
ZERO = Decimal(0)
VARIANTS = (":nitro", ":floor", ":online", ":exacto", ":thinking", ":extended")


def load(path):
    data = json.load(open(path), parse_float=Decimal)["data"]
    ids = {m["id"]: m for m in data}
    slugs = {}
    for m in data:
        s = m.get("canonical_slug")
        if s and s not in slugs:
            slugs[s] = m
    return data, ids, slugs


def find(cat, mid):
    data, ids, slugs = cat
    m = ids.get(mid) or slugs.get(mid)
    if m is None and ":" in mid:
        base, suf = mid.rsplit(":", 1)
        if ":" + suf in VARIANTS:
            m = ids.get(base) or slugs.get(base)
    return m


def prices(m, prompt):
    p = dict(m.get("pricing") or {})
    over = p.pop("overrides", None) or []
    p = {k: Decimal(str(v)) for k, v in p.items()}
    for o in over:
        assert "utc_start" not in o and "utc_end" not in o
        if prompt > o.get("min_prompt_tokens", 0):
            for k, v in o.items():
                if k != "min_prompt_tokens":
                    p[k] = Decimal(str(v))
    return p


def cost(m, p=0, c=0, cached=0, cw=0, cw1h=0, images=0, searches=0,
         requests=1):
    P = prices(m, p)
    pp = P.get("prompt", ZERO)
    read = P.get("input_cache_read", pp)
    write = P.get("input_cache_write", pp)
    w1h = P.get("input_cache_write_1h", write)
    if pp < 0 or P.get("completion", ZERO) < 0:
        return None                     # prompt and completion always count
    terms = [(p - cached - cw - cw1h, pp), (cached, read), (cw, write),
             (cw1h, w1h), (c, P.get("completion", ZERO)),
             (requests, P.get("request", ZERO)),
             (images, P.get("image", ZERO)),
             (searches, P.get("web_search", ZERO))]
    assert terms[0][0] >= 0
    if any(n and pr < 0 for n, pr in terms):
        return None
    total = sum((n * pr for n, pr in terms), ZERO)
    return total * (1 - P.get("discount", ZERO))


def fmt(d):
    return "-" if d is None else "0" if d == 0 else format(d.normalize(), "f")


def rnd(d, n):
    return d.quantize(Decimal(1).scaleb(-n), rounding=ROUND_HALF_UP)
