#!/usr/bin/env python3
"""chatreq_check.py -- check chat request bodies against OpenRouter's OpenAPI
specification (schema ChatRequest), for tests/0106-orchat-dryrun.t.

    python3 tests/chatreq_check.py SPEC.json|- LIST

LIST has one line per body: NAME <tab> BODY-FILE <tab> EXPECTED-FILE (the
last may be empty).  For each body the output has one result line, "0 what"
or "1 what", followed by "#" lines saying why:

  * the body is valid under components.schemas.ChatRequest;
  * its top-level fields are all declared by ChatRequest, save the two
    legacy ones the API reference documents (usage, transforms) -- the
    schema itself is open, so this is what catches a misspelt field;
  * when EXPECTED-FILE is given, the body equals it as JSON.

With "-" for SPEC only the last is checked.

Standard library only: a validator of the JSON Schema 2020-12 keywords that
the ChatRequest closure uses, refusing any keyword it does not know rather
than ignoring it.  $ref is resolved inside the document.
"""

import json
import re
import sys

# Keywords that do not constrain a value.
ANNOTATIONS = {"description", "example", "examples", "format", "title",
               "discriminator", "deprecated", "default", "readOnly",
               "writeOnly", "$comment"}

LEGACY_FIELDS = {"usage", "transforms"}

TYPES = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def same(a, b):
    """JSON equality, all the way down: true is not 1, but 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


class Checker:
    def __init__(self, spec):
        self.spec = spec

    def resolve(self, ref):
        if not ref.startswith("#/"):
            raise ValueError("external $ref %s" % ref)
        node = self.spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def errors(self, v, s, at="$"):
        """The reasons v is not valid under schema s (empty if it is)."""
        if s is True or s == {}:
            return []
        if s is False:
            return ["%s: nothing is allowed here" % at]
        out = []
        for k in s:
            if k.startswith("x-") or k in ANNOTATIONS:
                continue
            check = getattr(self, "kw_" + k.replace("$", ""), None)
            if check is None:
                raise ValueError("%s: unsupported keyword %s" % (at, k))
            out += check(v, s[k], s, at)
        return out

    def kw_ref(self, v, ref, s, at):
        return self.errors(v, self.resolve(ref), at)

    def kw_type(self, v, t, s, at):
        ts = t if isinstance(t, list) else [t]
        if any(TYPES[x](v) for x in ts):
            return []
        return ["%s: %s is not of type %s" % (at, json.dumps(v)[:60], "/".join(ts))]

    def kw_enum(self, v, e, s, at):
        return [] if any(same(v, x) for x in e) else \
            ["%s: %s is not one of %s" % (at, json.dumps(v)[:60], json.dumps(e)[:200])]

    def kw_const(self, v, c, s, at):
        return [] if same(v, c) else ["%s: is not %s" % (at, json.dumps(c))]

    def kw_properties(self, v, props, s, at):
        if not isinstance(v, dict):
            return []
        out = []
        for k, sub in props.items():
            if k in v:
                out += self.errors(v[k], sub, "%s.%s" % (at, k))
        return out

    def kw_required(self, v, req, s, at):
        if not isinstance(v, dict):
            return []
        return ["%s: lacks %s" % (at, k) for k in req if k not in v]

    def kw_additionalProperties(self, v, extra, s, at):
        if not isinstance(v, dict):
            return []
        known = set(s.get("properties", {}))
        out = []
        for k in v:
            if k not in known:
                if extra is False:
                    out.append("%s: %s is not allowed here" % (at, k))
                else:
                    out += self.errors(v[k], extra, "%s.%s" % (at, k))
        return out

    def kw_items(self, v, sub, s, at):
        if not isinstance(v, list):
            return []
        out = []
        for i, x in enumerate(v):
            out += self.errors(x, sub, "%s[%d]" % (at, i))
        return out

    def _count(self, v, n, kind, at, what):
        if kind == "min" and v < n or kind == "max" and v > n:
            return ["%s: %s %s than %s" % (at, what, "fewer" if kind == "min"
                                           else "more", n)]
        return []

    def kw_minItems(self, v, n, s, at):
        return self._count(len(v), n, "min", at, "items") if isinstance(v, list) else []

    def kw_maxItems(self, v, n, s, at):
        return self._count(len(v), n, "max", at, "items") if isinstance(v, list) else []

    def kw_minLength(self, v, n, s, at):
        return self._count(len(v), n, "min", at, "characters") if isinstance(v, str) else []

    def kw_maxLength(self, v, n, s, at):
        return self._count(len(v), n, "max", at, "characters") if isinstance(v, str) else []

    def kw_minimum(self, v, n, s, at):
        num = TYPES["number"](v)
        return ["%s: %s is below %s" % (at, v, n)] if num and v < n else []

    def kw_maximum(self, v, n, s, at):
        num = TYPES["number"](v)
        return ["%s: %s is above %s" % (at, v, n)] if num and v > n else []

    def kw_pattern(self, v, p, s, at):
        if isinstance(v, str) and not re.search(p, v):
            return ["%s: %r does not match /%s/" % (at, v[:60], p)]
        return []

    def kw_allOf(self, v, subs, s, at):
        return [e for sub in subs for e in self.errors(v, sub, at)]

    def kw_anyOf(self, v, subs, s, at):
        found = [self.errors(v, sub, at) for sub in subs]
        if any(not f for f in found):
            return []
        return ["%s: matches none of %d choices (first: %s)" %
                (at, len(subs), "; ".join(min(found, key=len)[:2]))]

    def kw_oneOf(self, v, subs, s, at):
        found = [self.errors(v, sub, at) for sub in subs]
        good = sum(1 for f in found if not f)
        if good == 1:
            return []
        if good > 1:
            return ["%s: matches %d of the oneOf choices, not one" % (at, good)]
        return ["%s: matches none of %d choices (closest: %s)" %
                (at, len(subs), "; ".join(min(found, key=len)[:2]))]


def main():
    chk = root = None
    if sys.argv[1] != "-":
        spec = json.load(open(sys.argv[1], encoding="utf-8"))
        chk = Checker(spec)
        root = spec["components"]["schemas"]["ChatRequest"]
    for line in open(sys.argv[2], encoding="utf-8"):
        name, body_file, want_file = (line.rstrip("\n").split("\t") + [""])[:3]
        try:
            body = json.load(open(body_file, encoding="utf-8"))
        except ValueError as e:
            print("1 %s: the body is JSON" % name)
            print("#   %s" % e)
            continue
        if chk:
            errs = chk.errors(body, root)
            print("%d %s: valid under ChatRequest" % (bool(errs), name))
            for e in errs[:5]:
                print("#   %s" % e)
            extra = sorted(set(body) - set(root["properties"]) - LEGACY_FIELDS)
            print("%d %s: every top-level field is declared" % (bool(extra), name))
            if extra:
                print("#   undeclared: %s" % ", ".join(extra))
        if want_file:
            want = json.load(open(want_file, encoding="utf-8"))
            print("%d %s: the expected body" % (not same(body, want), name))
            if not same(body, want):
                print("#   got:  %s" % json.dumps(body, sort_keys=True)[:300])
                print("#   want: %s" % json.dumps(want, sort_keys=True)[:300])


if __name__ == "__main__":
    main()
