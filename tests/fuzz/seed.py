#!/usr/bin/env python3
"""Seed tests/fuzz/corpus/ from ../shared/conformance and ../shared/api/fixtures.

Run once to (re)make the seeds; make fuzz's runs then grow them and
`libFuzzer -merge=1` keeps only the inputs that add coverage.
Usage: seed.py CONFORMANCE_DIR FIXTURES_DIR
"""
import hashlib
import json
import os
import sys

conf, fix = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))


def put(name, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(here, "corpus", name)
    os.makedirs(d, exist_ok=True)
    h = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, h), "wb") as f:
        f.write(data)


def files(d, suffix):
    for root, _, names in os.walk(d):
        for n in sorted(names):
            if n.endswith(suffix):
                yield os.path.join(root, n)


def read(p):
    with open(p, "rb") as f:
        return f.read()


# sse: byte 0 (no cuts, default cap), then the stream; some cut, some capped.
for i, p in enumerate(files(os.path.join(conf, "sse"), ".sse")):
    b = read(p)[:4000]
    put("sse", b"\0" + b)
    if i % 4 == 0:
        put("sse", bytes([0x83, 3, 0, 7, 0, 20, 0]) + b)
for p in list(files(os.path.join(fix, "stream"), ".sse"))[:4]:
    put("sse", b"\0" + read(p)[:4000])

# streamdiff: whole recorded streams -- byte 1 (SSE, fed whole), some
# fed 3 bytes at a time (0x17), and their data payloads one a line (0).
for i, p in enumerate(list(files(os.path.join(conf, "chat"), ".sse")) +
                      list(files(os.path.join(fix, "stream"), ".sse")) +
                      list(files(os.path.join(conf, "sse"), ".sse"))):
    b = read(p)[:4000]
    put("streamdiff", b"\1" + b)
    if i % 3 == 0:
        put("streamdiff", b"\x17" + b)
    ds = [l[6:] if l.startswith(b"data: ") else l[5:]
          for l in b.split(b"\n") if l.startswith(b"data:")]
    if ds:
        put("streamdiff", b"\0" + b"\n".join(ds)[:4000])

# jscan: JSONTestSuite, a few answers and errors.
for p in files(os.path.join(conf, "json"), ".json"):
    put("jscan", read(p))
for p in list(files(os.path.join(fix, "chat"), ".response.json"))[:5]:
    put("jscan", read(p)[:4000])
for p in files(os.path.join(fix, "errors"), ".json"):
    put("jscan", read(p)[:4000])

# stream: the data payloads of recorded streams, one per file.
seen = set()
for p in list(files(os.path.join(conf, "chat"), "stream.sse")) + \
        list(files(os.path.join(fix, "stream"), ".sse")):
    for line in read(p).splitlines():
        if line.startswith(b"data: ") and len(line) < 4000:
            d = line[6:]
            k = d[:60]
            if k in seen:
                continue
            seen.add(k)
            put("stream", d)

# cost: answers as one line, usage records, text lines, generation data.
for p in list(files(os.path.join(fix, "chat"), ".response.json")):
    try:
        put("cost", json.dumps(json.loads(read(p)),
                               separators=(",", ":"))[:4000])
    except ValueError:
        pass
for p in files(os.path.join(fix, "generation"), ".json"):
    put("cost", json.dumps(json.loads(read(p)), separators=(",", ":")))
for s in ['{"model":"a/b","prompt_tokens":10,"completion_tokens":5}',
          '{"model":"a/b","usage":{"prompt_tokens":10,"completion_tokens":'
          '5,"cost":0.00012,"prompt_tokens_details":{"cached_tokens":2}}}',
          '{"model":"a/b","prompt_tokens":7,"completion_tokens":1,'
          '"cache_write_tokens":3,"cache_write_1h_tokens":1,'
          '"time":"2026-01-02T03:04:05Z","provider":"X","cost":1e-6}',
          'openai/gpt-4o 1.5k 2M\n# comment\n\na/b 10 20\n',
          '{"object":"chat.completion.chunk","usage":null}\n'
          '{"model":"x","created":1700000000,"prompt_tokens":1}']:
    put("cost", s)

# money: prices and sums.
for s in ["0", "-0", "0.000001", "1e-7", "6e-07", "123.456|0.5",
          "170141183460469.231731687303715884105727",
          "0.000000000000000000000001|3", "-1.5|2.25", "1E+2|1e2",
          "\x05" "0.123456789|7"]:
    put("money", s)

# error: two bytes of status, then a real body.
for d in sorted(os.listdir(os.path.join(conf, "http_errors"))):
    st = int(d.split("-")[0])
    b = read(os.path.join(conf, "http_errors", d, "body"))
    put("error", bytes([st & 255, st >> 8]) + b[:4000])
for p in files(os.path.join(fix, "errors"), ".json"):
    st = int(os.path.basename(p).split("_")[1])
    put("error", bytes([st & 255, st >> 8]) + read(p)[:4000])
put("error", bytes([0xf6, 1]) + b"<html><title>502 Bad gateway</title>")
put("error", bytes([200, 0]) + b'{"error":{"code":429,"message":"x"}}')

# catindex: the first models of each catalog; index lines.
for p in files(os.path.join(fix, "models"), ".json"):
    try:
        doc = json.loads(read(p))
    except ValueError:
        continue
    put("catindex", b"\0" + json.dumps({"data": doc["data"][:3]}).encode())
good = ('{"data":[{"id":"a/b","canonical_slug":"a/b-1","name":"B",'
        '"created":1700000000,"context_length":8192,'
        '"pricing":{"prompt":"0.000001","completion":"0.000002"}},'
        '{"id":"c/d:free","name":"D","pricing":{"prompt":"0",'
        '"completion":"0"}}]}\n')
o1 = good.index('{"id":"a/b"')
o2 = good.index('{"id":"c/d')
l1 = o2 - 1 - o1
l2 = good.rindex("}]}") - o2 + 1
line1 = ["a/b", "a/b-1", "B", "1700000000", "8192", "", str(o1), str(l1),
         "", "", "", "", "", "", "", "0", "0.000001", "0.000002"] + [""] * 12
line2 = ["c/d:free", "", "D", "", "", "", str(o2), str(l2),
         "", "", "", "", "", "", "", "0", "0", "0"] + [""] * 12
put("catindex", b"\1" + ("\t".join(line1) + "\n" +
                         "\t".join(line2) + "\n").encode())

# opts: argv strings separated by NULs.
for a in [["-m", "a/b", "-t", "0.5", "--max-tokens", "100", "hi"],
          ["--provider-order", "a,b", "--sort", "price", "--stop", "x",
           "--set", "x.y=1"],
          ["--max-cost", "0.01", "--reasoning-effort", "high", "--web"],
          ["--timeout", "1.5", "--retries", "2", "--referer", "x", "-v"],
          ["--tool-choice", "auto", "--top-k", "5", "--seed", "-1",
           "--quantizations", "fp8,int4", "--", "-x"],
          ["--frequency-penalty", "2.1", "--fallback", "x/y"]]:
    put("opts", "\0".join(a))
