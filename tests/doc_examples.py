#!/usr/bin/env python3
"""doc_examples.py OUTDIR FILE...: write every example command of the
given README.md and manual pages to OUTDIR, for tests/0950-doc-examples.t.

An example is one line of a ```sh block of a Markdown file (a line ending
in a backslash or a pipe goes on to the next), or one .Bd -literal block
of the EXAMPLES section of an mdoc page, with the roff escapes \\e, \\(aq and
\\- undone.  In a page's block whose lines start with "$ ", those lines are
the commands and the others their expected output.

An example is marked by a comment the test reads:
  needs: WHAT   it needs what the mock server cannot give (WHAT says
                what); it is skipped, named in the skip.
  exits N       its documented exit status is N, not 0.
The mark is a shell comment in the example itself, or, for a whole block
and out of the reader's sight, a comment on the line just before it:
`.\\" needs: WHAT` before a page's .Bd, `<!-- needs: WHAT -->` before a
README's ```sh fence.

For example number N it writes N.sh (the commands), N.where (FILE:LINE),
N.needs and N.exits (when marked) and N.out (any expected output).
"""
import os
import re
import sys

MARK_NEEDS = re.compile(r"needs:\s*(.*?)\s*(?:-->)?\s*$")
MARK_EXITS = re.compile(r"\bexits (\d+)\b")


def unroff(line):
    line = line.replace("\\(aq", "'").replace("\\-", "-")
    return line.replace("\\e", "\\")


def marks(text):
    """(needs, exits) from the comments of TEXT, else None."""
    needs = exits = None
    for line in text.splitlines():
        for c in re.findall(r"(?:#|\.\\\"|<!--)\s*(.*)", line):
            m = MARK_NEEDS.search(c)
            if m and c.lstrip().startswith("needs:"):
                needs = m.group(1)
            m = MARK_EXITS.search(c)
            if m:
                exits = m.group(1)
    return needs, exits


def markdown(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    inblock, prev, cur = False, "", None
    for i, line in enumerate(lines, 1):
        if not inblock:
            if line.strip() == "```sh":
                inblock, blockmark = True, prev
            prev = line
            continue
        if line.strip() == "```":
            inblock = False
            continue
        if cur is None:
            if not line.strip():
                continue
            cur = (i, [line])
        else:
            cur[1].append(line)
        body = line.split(" #")[0].rstrip()
        if body.endswith("\\") or body.endswith("|"):
            continue
        yield "%s:%d" % (path, cur[0]), "\n".join(cur[1]), blockmark, None
        cur = None


def mdoc(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    section, block, prev = None, None, ""
    for i, line in enumerate(lines, 1):
        if line.startswith(".Sh "):
            section = line[4:].strip()
        elif section != "EXAMPLES":
            pass
        elif line.startswith(".Bd") and "-literal" in line:
            block, start, blockmark = [], i + 1, prev
        elif line.startswith(".Ed") and block is not None:
            cmds = [unroff(b) for b in block]
            out = None
            if any(b.startswith("$ ") for b in cmds):
                out = [b for b in cmds if not b.startswith("$ ")]
                cmds = [b[2:] for b in cmds if b.startswith("$ ")]
            yield "%s:%d" % (path, start), "\n".join(cmds), blockmark, out
            block = None
        elif block is not None:
            block.append(line)
        prev = line


def main():
    outdir, files = sys.argv[1], sys.argv[2:]
    n = 0
    for path in files:
        gen = markdown(path) if path.endswith(".md") else mdoc(path)
        for where, text, blockmark, out in gen:
            n += 1
            needs, exits = marks(text)
            bneeds, bexits = marks(blockmark)
            needs, exits = needs or bneeds, exits or bexits
            base = os.path.join(outdir, "%03d" % n)
            with open(base + ".sh", "w") as f:
                f.write(text + "\n")
            with open(base + ".where", "w") as f:
                top = os.environ.get("TOP", ".")
                f.write(os.path.relpath(where, top) + "\n")
            if needs:
                with open(base + ".needs", "w") as f:
                    f.write(needs + "\n")
            if exits:
                with open(base + ".exits", "w") as f:
                    f.write(exits + "\n")
            if out is not None:
                with open(base + ".out", "w") as f:
                    f.write("".join(o + "\n" for o in out))
    print(n)


main()
