#!/usr/bin/env python3
"""Conformance of orstream --sse, printed as TAP.

    python3 tests/sse_conformance.py BIN_ORSTREAM CONFORMANCE_DIR

sse/:  every NAME.sse through `--sse --events`, fed whole, in its read
       schedule (NAME.chunks.json) and one byte at a time through a pipe;
       the events must equal NAME.expected.json.
chat/: every recorded stream through `--sse` (text byte for byte, plus the
       tool calls line when there are tool calls), `--sse --json` (content,
       finish_reason, tool calls, usage) and `-r` (reasoning on stderr);
       outcome and exit status as tests/conformance/README.md says.
"""
import json
import os
import subprocess
import sys
import time

n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (n, name))
    if not cond:
        failed += 1
        if diag:
            for line in str(diag).splitlines()[:8]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def run(cmd, data, schedule=None, pause=0.0):
    """Run cmd with data on stdin, written in the given piece sizes."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    if schedule is None:
        out, err = p.communicate(data, timeout=60)
        return p.returncode, out, err
    import threading
    res = {}

    def reader(name, f):
        res[name] = f.read()
    ts = [threading.Thread(target=reader, args=("out", p.stdout)),
          threading.Thread(target=reader, args=("err", p.stderr))]
    for t in ts:
        t.start()
    pos = 0
    for size in schedule:
        p.stdin.write(data[pos:pos + size])
        p.stdin.flush()
        pos += size
        if pause:
            time.sleep(pause)
    if pos < len(data):
        p.stdin.write(data[pos:])
    p.stdin.close()
    p.wait(timeout=120)
    for t in ts:
        t.join()
    return p.returncode, res["out"], res["err"]


def events_of(out):
    """The events of --events output; None if it is not JSON lines."""
    evs = []
    try:
        for line in out.split(b"\n")[:-1]:
            e = json.loads(line)
            evs.append({"event": e["event"], "data": e["data"]})
    except (ValueError, KeyError):
        return None
    return evs


def sse_cases(orstream, root):
    d = os.path.join(root, "sse")
    names = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".sse"))
    ok(len(names) >= 40, "%d SSE cases found" % len(names))
    for name in names:
        data = open(os.path.join(d, name + ".sse"), "rb").read()
        want = json.load(open(os.path.join(d, name + ".expected.json")))
        cmd = [orstream, "--sse", "--events"]
        rc, out, err = run(cmd, data)
        ok(rc == 0 and events_of(out) == want, "sse %s: whole" % name,
           "rc=%d err=%r got=%r" % (rc, err, out[:300]))
        sched = os.path.join(d, name + ".chunks.json")
        if os.path.exists(sched):
            rc, out, err = run(cmd, data, json.load(open(sched)), 0.002)
            ok(rc == 0 and events_of(out) == want,
               "sse %s: in its read schedule" % name)
        if len(data) <= 20000:
            rc, out, err = run(cmd, data, [1] * len(data))
            ok(rc == 0 and events_of(out) == want,
               "sse %s: a byte at a time" % name)


def want_exit(exp):
    if exp["outcome"] == "ok":
        return 0
    if exp["outcome"] == "truncated" or exp.get("invalid_json_event"):
        return 76
    code = (exp.get("error") or {}).get("code")
    try:
        code = int(code)
    except (TypeError, ValueError):
        code = 500
    if code in (401, 402, 403):
        return 77
    if code in (404, 410):
        return 69
    if code in (408, 429) or 500 <= code < 600:
        return 75
    return 65


def chat_cases(orstream, root):
    d = os.path.join(root, "chat")
    names = sorted(os.listdir(d))
    ok(len(names) >= 20, "%d chat cases found" % len(names))
    for name in names:
        cd = os.path.join(d, name)
        data = open(os.path.join(cd, "stream.sse"), "rb").read()
        exp = json.load(open(os.path.join(cd, "expected.json")))
        text = open(os.path.join(cd, "expected_text.txt"), "rb").read()
        code = want_exit(exp)
        tools = [{"id": t.get("id"), "name": t["function"]["name"],
                  "arguments": t["function"]["arguments"]}
                 for t in exp["tool_calls"]]
        want_out = text
        if tools:
            if text and not text.endswith(b"\n"):
                want_out += b"\n"
            want_out += json.dumps(tools, separators=(",", ":"),
                                   ensure_ascii=False).encode() + b"\n"
        for how, sched in (("whole", None), ("a byte at a time",
                                             [1] * len(data))):
            rc, out, err = run([orstream, "--sse"], data, sched)
            ok(rc == code, "chat %s (%s): exit %d" % (name, how, code),
               "rc=%d err=%r" % (rc, err))
            ok(out == want_out, "chat %s (%s): stdout byte for byte"
               % (name, how), "got=%r\nwant=%r" % (out[-200:],
                                                   want_out[-200:]))
            if code:
                ok(err.count(b"\n") == 1 and err.startswith(b"orstream: "),
                   "chat %s (%s): one line on stderr" % (name, how),
                   err)
        rc, out, err = run([orstream, "--sse", "--json"], data)
        try:
            j = json.loads(out)
            m = j["choices"][0]
        except Exception as e:
            ok(False, "chat %s: --json is one JSON object" % name, e)
            continue
        ok(m["message"]["content"].encode() == text,
           "chat %s: --json content" % name)
        ok(m["finish_reason"] == exp["finish_reason"],
           "chat %s: finish_reason %s" % (name, exp["finish_reason"]),
           m["finish_reason"])
        got_tools = [{"index": t["index"], "id": t["id"], "type": t["type"],
                      "function": t["function"]}
                     for t in m["message"].get("tool_calls", [])]
        ok(got_tools == exp["tool_calls"], "chat %s: tool calls" % name,
           "%r\n%r" % (got_tools, exp["tool_calls"]))
        ok(j.get("usage") == exp["usage"], "chat %s: usage" % name,
           "%r\n%r" % (j.get("usage"), exp["usage"]))
        if exp.get("reasoning_file"):
            want_r = open(os.path.join(cd, exp["reasoning_file"]),
                          "rb").read()
            rc, out, err = run([orstream, "--sse", "-r"], data)
            ok(err == want_r, "chat %s: reasoning on stderr with -r" % name,
               "got=%r" % err[:200])
            ok(out == want_out, "chat %s: and never on stdout" % name)


def main():
    orstream, root = sys.argv[1], sys.argv[2]
    sse_cases(orstream, root)
    chat_cases(orstream, root)
    print("1..%d" % n)
    sys.exit(1 if failed else 0)


main()
