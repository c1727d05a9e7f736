#!/usr/bin/env python3
"""mockor.py -- a mock of the OpenRouter HTTP API for orkit's tests.

    python3 tests/mock/mockor.py --port-file FILE [--log FILE] [--tls CERT KEY]
                                 [--root DIR] [--max-life SECS]

Listens on 127.0.0.1 on a free port and, once listening, writes the port number
to FILE (via FILE.tmp + rename, so a poller never sees a partial file).  It
answers from the real captured payloads in tests/fixtures/ and
tests/conformance/, and misbehaves on request: every request may pick a
*scenario* with the header `X-Mock-Scenario: SPEC`; for chat completions a
model named `mock/SPEC` does the same, and so does a path
`/_s/SPEC/api/v1/...` (for clients that cannot send headers).  SPEC is `name` or `name:param...`; an
optional `@tag` suffix is ignored except that it makes the SPEC string distinct
(useful for the per-SPEC counters of `flaky`).  See tests/mock/README.md for
the routes, the scenarios and the log format.

Design notes
* Standard library only.  HTTP is spoken by hand over raw sockets (one thread
  per connection, `Connection: close` on every reply) because several
  scenarios need control the http.server module does not give: sending fewer
  body bytes than Content-Length, ending a chunked body without its last
  chunk, splitting writes at chosen bytes, pausing between writes.
* Every request is appended to the --log file as one JSON line *before* any
  byte of the reply is sent, so a test can read the log as soon as its client
  has returned.
* Clients that vanish mid-reply (broken pipe, reset, TLS EOF) are normal in
  these tests and are ignored silently; any other exception prints one line
  on stderr.
* The process exits by itself after --max-life seconds (default 600), and on
  SIGTERM / SIGINT.
"""

import argparse
import copy
import datetime
import decimal
import email.utils
import hashlib
import gzip
import http
import json
import os
import random
import re
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import zlib

MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 64 * 1024 * 1024
READ_TIMEOUT = 15.0          # seconds a client may take to send its request
WRITE_TIMEOUT = 60.0         # seconds a client may leave a write blocked

OK_CHAT = "chat/chat_gemini-2.5-flash-lite_basic-2025-10.response.json"
OK_STREAM = "stream/stream_gpt-4o_text_2025-08.sse"
MIDSTREAM_STREAM = "stream/stream_minimax-m2-free_midstream-error.sse"
MODELS_DEFAULT = "models/models_2026-08-08.json"
ENDPOINTS_KNOWN = {
    "google/gemini-2.5-pro-preview":
        "endpoints/endpoints_google-gemini-2.5-pro-preview_2025-05-12.json",
    # Constructed from the 2026 reference (no real 2026 capture exists);
    # served under the id and under the canonical slug, as the API does.
    "deepseek/deepseek-v3.2":
        "endpoints/endpoints_deepseek-deepseek-v3.2_2026-shape_CONSTRUCTED.json",
    "deepseek/deepseek-v3.2-20251201":
        "endpoints/endpoints_deepseek-deepseek-v3.2_2026-shape_CONSTRUCTED.json",
}
KEY_DATA = "key/key_2025-03-10.data.json"
GENERATION = "generation/generation_2026-02-25_excerpt.json"
# The `key-full` scenario: the 2026 spec example of GET /key (reference
# section 10.1), with the elided creator id spelled out.
KEY_FULL = {
    "label": "sk-or-v1-au7...890", "limit": 100, "limit_remaining": 74.5,
    "limit_reset": "monthly", "include_byok_in_limit": False,
    "usage": 25.5, "usage_daily": 25.5, "usage_weekly": 25.5, "usage_monthly": 25.5,
    "byok_usage": 17.38, "byok_usage_daily": 17.38, "byok_usage_weekly": 17.38,
    "byok_usage_monthly": 17.38, "is_free_tier": False, "is_management_key": False,
    "is_provisioning_key": False, "creator_user_id": "user_2mock",
    "expires_at": "2027-12-31T23:59:59Z",
    "rate_limit": {"requests": 1000, "interval": "1h",
                   "note": "This field is deprecated and safe to ignore."},
}
# The generation fixture is an excerpt: its author kept only some fields.
# The mock adds these (only where the fixture lacks them), all fields the
# reference documents (section 9).  model, is_byok: from provider_responses;
# created_at: the Unix time in the id; usage: equal to total_cost, as in
# every example; the native counts are CONSTRUCTED so that at the catalog
# prices of google/gemini-2.5-flash-lite (0.1 and 0.4 USD per million)
# they cost exactly total_cost: 2 * 0.0000001 + 350 * 0.0000004 = 0.0001402.
# finish_reason and streamed are constructed too.
GENERATION_ADDED = {
    "model": "google/gemini-2.5-flash-lite",
    "created_at": "2026-02-25T14:35:07.000000+00:00",
    "usage": 0.0001402,
    "is_byok": False,
    "native_tokens_prompt": 2,
    "native_tokens_completion": 350,
    "native_tokens_reasoning": 0,
    "native_tokens_cached": 0,
    "finish_reason": "stop",
    "streamed": False,
}
CREDITS = {"total_credits": 100.5, "total_usage": 25.75}
CREDITS_FORBIDDEN = "Only management keys can access this endpoint"
# ---- GET /activity ---------------------------------------------------------
# CONSTRUCTED, not captured: no real /activity answer exists in the fixtures.
# The answer follows the spec's ActivityResponse schema (openapi,
# getUserActivity): {"data":[ActivityItem...]}, one item per UTC day x model x
# endpoint, for the 30 completed days before the mock started (UTC), some of
# them with no rows.  Endpoint ids are all-zero UUIDs with a counter and the
# key hashes are SHA-256 of "mock-key-N", so nothing pretends to be real.
# Each row's usage is its tokens at the default catalog's prices (the
# catalog's canonical_slug is the permaslug), so a ledger of the same calls
# prices to the same amounts; amounts are written as JavaScript writes
# numbers (6e-7 below 1e-6).
ACTIVITY_MODELS = [                   # model, its providers
    ("mistralai/mistral-medium-3-5", ["Mistral"]),
    ("qwen/qwen3.5-9b", ["Alibaba", "Together"]),
    ("google/gemma-4-31b-it", ["Google AI Studio", "DeepInfra"]),
    ("perceptron/perceptron-mk1", ["Perceptron"]),
    ("rekaai/reka-edge", ["Reka"]),
]
ACTIVITY_EMPTY_DAYS = (4, 11, 12, 25)  # days back with no rows
ACTIVITY_KEYS = [hashlib.sha256(b"mock-key-%d" % i).hexdigest() for i in (1, 2)]
ACTIVITY_FORBIDDEN = "Only management keys can perform this operation"  # the spec's 403 example
# "Today" for /activity: MOCK_TODAY (YYYY-MM-DD) when a test fixes it, so that
# a run across UTC midnight sees the same 30 days as the test computed.
ACTIVITY_TODAY = (datetime.date.fromisoformat(os.environ["MOCK_TODAY"])
                  if os.environ.get("MOCK_TODAY")
                  else datetime.datetime.now(datetime.timezone.utc).date())


def js_number(d):
    """A Decimal as JavaScript's JSON.stringify writes a number."""
    if d == d.to_integral_value() and abs(d) < 10 ** 21:
        return str(int(d))
    if d != 0 and abs(d) < decimal.Decimal("1e-6"):
        return "{:e}".format(d.normalize()).replace("e-0", "e-")
    t = format(d, "f")
    return t.rstrip("0").rstrip(".") if "." in t else t


def json_exact(obj):
    """Compact JSON like dumps(), with Decimals as exact numbers."""
    if isinstance(obj, decimal.Decimal):
        return js_number(obj)
    if isinstance(obj, dict):
        return "{" + ",".join(json.dumps(k) + ":" + json_exact(v)
                              for k, v in obj.items()) + "}"
    if isinstance(obj, list):
        return "[" + ",".join(json_exact(v) for v in obj) + "]"
    return json.dumps(obj, ensure_ascii=False)


def activity_rows(catalog, key_hash=None):
    """The rows of every day, newest first, for one key hash or all keys."""
    models = {m["id"]: m for m in json.loads(catalog)["data"]}
    endpoints = {}
    for model, provs in ACTIVITY_MODELS:
        for prov in provs:
            endpoints[(model, prov)] = "00000000-0000-4000-8000-%012d" % (len(endpoints) + 1)
    rows = []
    for back in range(1, 31):
        if back in ACTIVITY_EMPTY_DAYS:
            continue
        day = (ACTIVITY_TODAY - datetime.timedelta(days=back)).isoformat()
        rng = random.Random(back)
        combos = rng.sample(sorted(endpoints), rng.randint(2, 5))
        if back == 7 and ("rekaai/reka-edge", "Reka") not in combos:
            combos.append(("rekaai/reka-edge", "Reka"))
        for model, prov in combos:
            m = models[model]
            pp = decimal.Decimal(m["pricing"]["prompt"])
            cp = decimal.Decimal(m["pricing"]["completion"])
            agg = None
            for key in ACTIVITY_KEYS:
                n = rng.randint(0, 20)
                p = n * rng.randint(1, 8000)
                c = n * rng.randint(0, 2000)
                if back == 7 and model == "rekaai/reka-edge":
                    n, p, c = 1, 1, 1   # 2e-7 USD a key: JavaScript's 4e-7
                if n == 0 or (key_hash is not None and key != key_hash):
                    continue
                r = rng.randint(0, c // 3) if "qwen" in model else 0
                if agg is None:
                    agg = {"date": day, "model": model,
                           "model_permaslug": m.get("canonical_slug", model),
                           "endpoint_id": endpoints[(model, prov)],
                           "provider_name": prov,
                           "usage": decimal.Decimal(0),
                           "byok_usage_inference": decimal.Decimal(0),
                           "requests": 0, "prompt_tokens": 0,
                           "completion_tokens": 0, "reasoning_tokens": 0}
                agg["usage"] += p * pp + c * cp
                if prov == "DeepInfra":
                    agg["byok_usage_inference"] += decimal.Decimal("0.0125") * n
                agg["requests"] += n
                agg["prompt_tokens"] += p
                agg["completion_tokens"] += c
                agg["reasoning_tokens"] += r
            if agg is not None:
                rows.append(agg)
    return rows


def activity_hostile(kind, day):
    """The body of scenario activity:KIND (see tests/mock/README.md)."""
    row = {"date": day, "model": "qwen/qwen3.5-9b", "model_permaslug": "qwen/qwen3.5-9b-20260310",
           "endpoint_id": "00000000-0000-4000-8000-000000000099", "provider_name": "Alibaba",
           "usage": "0.5", "byok_usage_inference": 0, "requests": 1,
           "prompt_tokens": 10, "completion_tokens": 10, "reasoning_tokens": 0}
    raw = None
    if kind == "badtype":
        data = [row]                                # usage as a string
    elif kind == "huge":
        row["usage"] = 1
        raw = json_exact({"data": [row]}).replace('"prompt_tokens":10',
                                                  '"prompt_tokens":1' + "0" * 30)
    elif kind == "bigsum":
        # 9300 rows of 10^15 tokens each: every row is fine, their sum is not.
        row.update(usage=1, prompt_tokens=10 ** 15)
        data = [row] * 9300
    elif kind == "baddec":
        row["usage"] = 1
        raw = json_exact({"data": [row]}).replace('"usage":1',
                                                  '"usage":0.1234567890123456789012345678')
    elif kind == "bigamount":
        row["usage"] = 1
        raw = json_exact({"data": [row]}).replace('"usage":1', '"usage":1e300')
    elif kind == "negative":
        row["usage"] = -1
        data = [row]
    elif kind == "baddate":
        row.update(usage=1, date="2026-02-30")
        data = [row]
    elif kind == "longstr":
        row.update(usage=1, model="m/" + "x" * 300)
        data = [row]
    elif kind == "notobj":
        data = [1]
    elif kind == "nodata":
        return json_exact({"rows": []})
    elif kind == "dataobj":
        return json_exact({"data": {}})
    elif kind == "dupdata":
        return '{"data":[],"data":[]}'
    elif kind == "empty":
        data = []
    elif kind == "nulls":
        data = [{k: None for k in row}]
    elif kind == "sparse":
        data = [{"date": day, "usage": decimal.Decimal("0.25")},
                {"model": "qwen/qwen3.5-9b", "prompt_tokens": 7, "completion_tokens": 3},
                {"provider_name": "Alibaba", "requests": 2, "workspace_id": "ws", "extra": [1, {}]}]
    elif kind == "ctrl":
        row.update(usage=1, provider_name="Evil\u001b[31m\nRed\tTab", model="a/\u0007b")
        data = [row]
    else:
        raise MockError("unknown activity kind %r" % kind)
    return raw if raw is not None else json_exact({"data": data})

# A request path /_s/SPEC/REST selects scenario SPEC (percent-decoded).
PATH_SCENARIO = re.compile(r"/_s/([^/]*)(/.*)?")
NO_AUTH_BODY = "http_errors/401-no-auth-credentials/body"   # under conformance/

# Real error bodies used for `status:CODE` (first entry = default variant).
ERROR_FIXTURES = {
    400: ["error_400_invalid-model-id.json"],
    401: ["error_401_user-not-found.json", "error_401_no-auth-credentials.json"],
    402: ["error_402_cannot-afford-max-tokens.json"],
    403: ["error_403_moderation-flagged.json"],
    404: ["error_404_no-endpoints-for-model.json", "error_404_data-policy.json"],
    429: ["error_429_provider-rate-limited-upstream.response.json",
          "error_429_free-models-per-day.json"],
}

EXTRA_REASONS = {
    520: "Web Server Returned an Unknown Error", 521: "Web Server Is Down",
    522: "Connection Timed Out", 523: "Origin Is Unreachable",
    524: "A Timeout Occurred", 525: "SSL Handshake Failed",
    529: "Site is overloaded",
}

KEEPALIVE = b": OPENROUTER PROCESSING\n\n"

# drop's parameters: where the connection ends, and how.
DROP_WHERE = ("rst", "head", "none", "inhead", "mid")
# badutf8's parameter: where the invalid bytes go.
BADUTF8_WHERE = ("content", "error", "header", "catalog")
# Invalid UTF-8 of every kind: Latin-1, a lone continuation byte, bytes
# never valid, an overlong '/', a surrogate, a code point past U+10FFFF,
# and a sequence cut short.
BADUTF8 = b"caf\xe9 \x80 \xff\xfe \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82"
# The same as header text (Writer.head encodes headers as Latin-1).
BADUTF8_HDR = BADUTF8.decode("latin-1")

# Blank line ending an SSE event: two line ends, each CRLF, lone CR or LF.
EVENT_END = re.compile(rb"(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)")


def reason(code):
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return EXTRA_REASONS.get(code, "Unknown")


def dumps(obj):
    """Compact JSON as bytes, the way OpenRouter writes it."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()


def error_body(code, message):
    return dumps({"error": {"code": code, "message": message}})


def split_events(data):
    """Split an SSE body into events, each keeping its terminating blank line;
    a trailing unterminated piece is kept as the last element."""
    out, pos = [], 0
    for m in EVENT_END.finditer(data):
        out.append(data[pos:m.end()])
        pos = m.end()
    if pos < len(data):
        out.append(data[pos:])
    return out


def event_json(ev):
    """The parsed JSON of an event's data (single data line), or None."""
    for line in ev.splitlines():
        if line.startswith(b"data:"):
            try:
                return json.loads(line[5:].strip())
            except ValueError:
                return None
    return None


def is_data_event(ev):
    return ev.lstrip().startswith(b"data:")


class MockError(Exception):
    """A SPEC the mock cannot honour: reported to the client as a 400."""


class ClientGone(Exception):
    pass


QUIET = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError,
         ssl.SSLError, ClientGone, TimeoutError, socket.timeout)


# --------------------------------------------------------------------------
# Fixtures


class Fixtures:
    def __init__(self, root):
        self.fx = os.path.join(root, "tests", "fixtures")
        self.conf = os.path.join(root, "tests", "conformance")
        self._cache = {}
        self._lock = threading.Lock()

    def _read(self, path):
        with self._lock:
            data = self._cache.get(path)
        if data is None:
            with open(path, "rb") as f:
                data = f.read()
            with self._lock:
                self._cache[path] = data
        return data

    def fixture(self, rel):
        return self._read(os.path.join(self.fx, rel))

    def conformance(self, rel):
        return self._read(os.path.join(self.conf, rel))

    @staticmethod
    def safe_name(name):
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise MockError("bad fixture name %r" % name)
        return name

    def find(self, subdir, name, prefix, suffix):
        """Path of fixture NAME in SUBDIR, tolerating a missing prefix or
        suffix (`gpt-4o_text_2025-08` finds stream/stream_gpt-4o_text_2025-08.sse)."""
        name = self.safe_name(name)
        for cand in (name, name + suffix, prefix + name, prefix + name + suffix):
            rel = os.path.join(subdir, cand)
            if os.path.isfile(os.path.join(self.fx, rel)):
                return rel
        raise MockError("no fixture %s/%s%s" % (subdir, name, suffix))

    def error_fixture(self, code, variant=None):
        names = ERROR_FIXTURES.get(code)
        if not names:
            return None
        if variant:
            for n in names:
                if variant in n:
                    return self.fixture(os.path.join("errors", n))
            raise MockError("no error fixture for %d matching %r" % (code, variant))
        return self.fixture(os.path.join("errors", names[0]))


# --------------------------------------------------------------------------
# Request parsing


class Request:
    def __init__(self):
        self.method = self.target = self.path = self.query = ""
        self.headers = []            # [(name, value)] in the order received
        self.raw_body = b""          # as sent (maybe gzip)
        self.body = b""              # decoded from Content-Encoding: gzip
        self.time = 0.0              # when the request was fully received

    def header(self, name, default=None):
        name = name.lower()
        vals = [v for (k, v) in self.headers if k.lower() == name]
        return ", ".join(vals) if vals else default

    def log_record(self):
        hdrs = {}
        for k, v in self.headers:
            hdrs[k] = hdrs[k] + ", " + v if k in hdrs else v
        return {"method": self.method, "path": self.path, "query": self.query,
                "headers": hdrs,
                "body": self.raw_body.decode("utf-8", errors="replace"),
                "time": round(self.time, 6)}


class Reader:
    """Buffered reading of the request from a socket."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise ClientGone()
        self.buf += data

    def until(self, sep, limit):
        while sep not in self.buf:
            if len(self.buf) > limit:
                raise MockError("request head too large")
            self._fill()
        head, _, self.buf = self.buf.partition(sep)
        return head

    def exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data


def read_request(sock):
    rd = Reader(sock)
    head = rd.until(b"\r\n\r\n", MAX_HEADER_BYTES).decode("iso-8859-1")
    lines = head.split("\r\n")
    while lines and not lines[0]:          # tolerate stray CRLF before the line
        lines.pop(0)
    parts = lines[0].split(" ") if lines else []
    if len(parts) != 3:
        raise ClientGone()                  # not HTTP: just hang up
    req = Request()
    req.method, req.target = parts[0], parts[1]
    for line in lines[1:]:
        name, _, value = line.partition(":")
        req.headers.append((name.strip(), value.strip()))
    split = urllib.parse.urlsplit(req.target)
    req.path, req.query = split.path or "/", split.query

    if (req.header("Expect") or "").lower() == "100-continue":
        sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
    if "chunked" in (req.header("Transfer-Encoding") or "").lower():
        body = b""
        while True:
            try:
                size = int(rd.until(b"\r\n", 1024).split(b";")[0].strip(), 16)
            except ValueError:
                raise MockError("bad chunk size in request body")
            if size == 0:
                while rd.until(b"\r\n", MAX_HEADER_BYTES):   # trailers
                    pass
                break
            body += rd.exact(size)
            rd.exact(2)
            if len(body) > MAX_BODY_BYTES:
                raise MockError("request body too large")
        req.raw_body = body
    else:
        try:
            n = int(req.header("Content-Length") or 0)
        except ValueError:
            raise MockError("bad Content-Length")
        if not 0 <= n <= MAX_BODY_BYTES:
            raise MockError("request body too large")
        req.raw_body = rd.exact(n)
    req.time = time.time()
    req.body = req.raw_body
    if "gzip" in (req.header("Content-Encoding") or "").lower():
        try:
            req.body = gzip.decompress(req.raw_body)
        except (OSError, EOFError, zlib.error):
            pass
    return req


# --------------------------------------------------------------------------
# Reply writing


class Capture:
    """Stands in for the socket while a `drip` reply is built."""

    def __init__(self):
        self.data = bytearray()

    def sendall(self, data):
        self.data += data


class Writer:
    """Writes one HTTP/1.1 reply; every write() goes straight to the socket
    (one chunk per write when chunked)."""

    def __init__(self, sock):
        self.sock = sock
        self.chunked = False
        self.z = None                       # gzip compressor when streaming gzip
        self.extra = []                     # headers added to every reply

    def raw(self, data):
        if data:
            self.sock.sendall(data)

    def head(self, status, headers, chunked=False, gzip_stream=False):
        self.chunked = chunked
        out = ["HTTP/1.1 %d %s" % (status, reason(status))]
        names = {k.lower() for k, _ in headers}
        if "date" not in names:
            out.append("Date: " + email.utils.formatdate(usegmt=True))
        out += ["%s: %s" % (k, v) for k, v in list(headers) + self.extra]
        if chunked:
            out.append("Transfer-Encoding: chunked")
        if gzip_stream:
            out.append("Content-Encoding: gzip")
            self.z = zlib.compressobj(6, zlib.DEFLATED, 31)
        out.append("Connection: close")
        self.raw(("\r\n".join(out) + "\r\n\r\n").encode("latin-1"))

    def write(self, data):
        if self.z is not None:
            data = self.z.compress(data) + self.z.flush(zlib.Z_SYNC_FLUSH)
        if not data:
            return
        if self.chunked:
            data = b"%x\r\n%s\r\n" % (len(data), data)
        self.raw(data)

    def end(self):
        if self.z is not None:
            tail, self.z = self.z.flush(zlib.Z_FINISH), None
            if tail:
                self.write(tail)
        if self.chunked:
            self.raw(b"0\r\n\r\n")


# --------------------------------------------------------------------------
# Scenarios


class Scenario:
    NAMES = {"ok", "fixture", "conformance", "http-error", "status", "flaky",
             "keepalive", "slow", "silent", "bursty", "midstream-error",
             "drop", "truncated", "malformed", "html", "gzip", "big",
             "slowbody", "echo", "parrot", "json", "pending", "key-full", "legacy-key",
             "drip", "comments", "hugeline", "gzipbomb", "bighead", "redirect",
             "badutf8", "activity"}

    def __init__(self, spec):
        self.spec = spec                     # full string: the flaky counter key
        base = spec.split("@", 1)[0].strip()
        name, _, rest = base.partition(":")
        self.name = name.strip()
        self.rest = rest
        self.args = rest.split(":") if rest else []
        if self.name not in self.NAMES:
            raise MockError("unknown scenario %r" % spec)
        self.validate()

    def validate(self):
        """Check the parameters now: once a reply has begun it is too late
        to report a bad SPEC."""
        name, args = self.name, self.args
        if name in ("status", "big", "slow", "slowbody", "silent", "html",
                    "drip", "comments", "hugeline", "redirect"):
            required = name in ("status", "big", "hugeline", "redirect")
            if required or args:
                self.num(0, kind=int if name in ("status", "big", "html", "hugeline",
                                                 "redirect") else float)
            if name == "redirect" and len(args) > 2:
                self.num(2, kind=int)
        elif name in ("gzipbomb", "bighead"):
            for a in args:
                if not (a.isdigit() or a in ("line", "one")):
                    raise MockError("bad parameter %r in scenario %r" % (a, self.spec))
        elif name == "badutf8":
            if args and args[0] not in BADUTF8_WHERE:
                raise MockError("bad parameter %r in scenario %r" % (args[0], self.spec))
        elif name == "flaky":
            self.num(0, kind=int)
            self.num(1, kind=int)
        elif name == "pending":
            self.num(0, kind=int)
        elif name in ("drop", "truncated"):
            for a in args:
                if not (a.isdigit() or (name == "drop" and a in DROP_WHERE)):
                    raise MockError("bad parameter %r in scenario %r" % (a, self.spec))
        elif name == "bursty":
            for a in args:
                if not (a.isdigit() or a == "crlf"):
                    raise MockError("bad parameter %r in scenario %r" % (a, self.spec))
        elif name == "activity" and not self.rest:
            raise MockError("scenario %r needs a kind" % self.spec)
        elif name in ("fixture", "conformance", "http-error") and not self.rest:
            raise MockError("scenario %r needs a name" % self.spec)

    def count_arg(self, default):
        """The first all-digit parameter (drop, truncated, bursty), else DEFAULT."""
        for a in self.args:
            if a.isdigit():
                return int(a)
        return default

    def num(self, i, default=None, kind=float):
        if i < len(self.args) and self.args[i] != "":
            try:
                return kind(self.args[i])
            except ValueError:
                raise MockError("bad number %r in scenario %r" % (self.args[i], self.spec))
        if default is None:
            raise MockError("scenario %r needs a parameter" % self.spec)
        return default


def html_page(code):
    title = reason(code)
    ray = "%016x" % (int(time.time() * 1000) & 0xFFFFFFFFFFFFFFFF)
    return ("""<!DOCTYPE html>
<!--[if lt IE 7]> <html class="no-js ie6 oldie" lang="en-US"> <![endif]-->
<html class="no-js" lang="en-US">
<head>
<title>openrouter.ai | %(code)d: %(title)s</title>
<meta charset="UTF-8" />
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<meta name="robots" content="noindex, nofollow" />
<meta name="viewport" content="width=device-width,initial-scale=1" />
</head>
<body>
<div id="cf-wrapper">
  <div id="cf-error-details" class="p-0">
    <header class="mx-auto pt-10 lg:pt-6 lg:px-8 w-240 lg:w-full mb-8">
      <h1 class="inline-block sm:block sm:mb-2 font-light text-60 lg:text-4xl text-black-dark leading-tight mr-2">
        <span class="inline-block">%(title)s</span>
        <span class="code-label">Error code %(code)d</span>
      </h1>
      <div>Visit <a href="https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_%(code)d">cloudflare.com</a> for more information.</div>
    </header>
    <div class="cf-error-footer cf-wrapper w-240 lg:w-full py-10 sm:py-4 sm:px-8 mx-auto text-center sm:text-left border-solid border-0 border-t border-gray-300">
      <p class="text-13">
        <span class="cf-footer-item sm:block sm:mb-1">Cloudflare Ray ID: <strong class="font-semibold">%(ray)s</strong></span>
        <span class="cf-footer-separator sm:hidden">&bull;</span>
        <span class="cf-footer-item sm:block sm:mb-1">Performance &amp; security by Cloudflare</span>
      </p>
    </div>
  </div>
</div>
</body>
</html>
""" % {"code": code, "title": title, "ray": ray}).encode(), ray


# --------------------------------------------------------------------------
# The server


class MockServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, fixtures, log_path, tls_ctx, bind="127.0.0.1"):
        super().__init__((bind, 0), Handler)
        self.fixtures = fixtures
        self.tls_ctx = tls_ctx
        self.log_path = log_path
        self.log_lock = threading.Lock()
        self.counts = {}
        self.count_lock = threading.Lock()
        self.gen_seq = 0

    def log(self, record):
        if not self.log_path:
            return
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self.log_lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()

    def bump(self, key):
        """Count a request carrying SPEC key; returns the count before it."""
        with self.count_lock:
            n = self.counts.get(key, 0)
            self.counts[key] = n + 1
            return n

    def new_gen_id(self):
        with self.count_lock:
            self.gen_seq += 1
            return "gen-mock-%d-%06d" % (int(time.time()), self.gen_seq)


class Handler(socketserver.BaseRequestHandler):
    server: MockServer

    # ---- connection ----------------------------------------------------

    def handle(self):
        sock = self.sock = self.request
        self.closed = False
        req = None
        try:
            sock.settimeout(READ_TIMEOUT)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.server.tls_ctx is not None:
                sock = self.server.tls_ctx.wrap_socket(sock, server_side=True)
            self.sock = sock
            self.w = Writer(sock)
            try:
                req = read_request(sock)
            except MockError as e:
                self.send_plain(400, [("Content-Type", "application/json")],
                                error_body(400, "mockor: " + str(e)))
                return
            self.server.log(req.log_record())
            sock.settimeout(WRITE_TIMEOUT)
            self.req = req
            self.drip = None
            try:
                self.dispatch(req)
            except MockError as e:
                print("mockor: %s %s: %s" % (req.method, req.target, e),
                      file=sys.stderr, flush=True)
                self.send_plain(400, [("Content-Type", "application/json")],
                                error_body(400, "mockor: " + str(e)))
            if self.drip is not None:
                self.send_drip()
            self.finish_conn()
        except QUIET:
            pass
        except Exception as e:                      # pylint: disable=broad-except
            where = "%s %s" % (req.method, req.target) if req else "request"
            print("mockor: %s: %s: %s" % (where, type(e).__name__, e),
                  file=sys.stderr, flush=True)
        finally:
            self.hard_close()

    def finish_conn(self):
        """Orderly end: FIN after the reply, then drain until the client has
        closed so unread request bytes cannot turn our close into a RST."""
        if self.closed:
            return
        try:
            if isinstance(self.sock, ssl.SSLSocket):
                self.sock.settimeout(1.0)
                self.sock = self.sock.unwrap()
            self.sock.shutdown(socket.SHUT_WR)
            self.sock.settimeout(2.0)
            while self.sock.recv(65536):
                pass
        except (OSError, ValueError):
            pass

    def hard_close(self, rst=False):
        if self.closed:
            return
        self.closed = True
        try:
            if rst:
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                     struct.pack("ii", 1, 0))
            self.sock.close()
        except (OSError, AttributeError):
            pass
        try:
            self.request.close()
        except OSError:
            pass

    # ---- dispatch --------------------------------------------------------

    def dispatch(self, req):
        srv, fx = self.server, self.server.fixtures
        path = req.path
        path_spec = None
        m = PATH_SCENARIO.fullmatch(path)
        if m:
            path_spec = urllib.parse.unquote(m.group(1)) or None
            path = m.group(2) or "/"
        if path.startswith("/api/v1/"):
            path = path[len("/api/v1"):]
        path = path.rstrip("/") or "/"
        qs = urllib.parse.parse_qs(req.query)

        if path == "/_mock/reset":
            with srv.count_lock:
                srv.counts.clear()
            return self.send_json(200, b'{"ok":true}')

        route = None
        if path == "/chat/completions":
            route = "chat"
        elif path in ("/models", "/models/user"):
            route = "models"
        elif path == "/models/count":
            route = "count"
        elif re.fullmatch(r"/models/[^/]+/[^/]+/endpoints", path):
            route = "endpoints"
        elif path in ("/key", "/auth/key"):
            route = "key"
        elif path == "/generation":
            route = "generation"
        elif path == "/credits":
            route = "credits"
        elif path == "/activity":
            route = "activity"
        if route is None:
            return self.send_json(404, error_body(404, "Not Found"))
        want = "POST" if route == "chat" else "GET"
        if req.method != want:
            return self.send_json(405, error_body(405, "Method Not Allowed"))

        # The chat body is parsed first: its model may choose the scenario.
        chat, json_bad = None, False
        if route == "chat":
            try:
                chat = json.loads(req.body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                json_bad = True
        spec = req.header("X-Mock-Scenario") or path_spec
        if not spec and isinstance(chat, dict):
            model = chat.get("model")
            if isinstance(model, str) and model.startswith("mock/"):
                spec = model[len("mock/"):]
        sc = Scenario(spec or "ok")
        stream = isinstance(chat, dict) and chat.get("stream") is True
        if sc.name == "drip":
            # The whole reply, status line first, is built, then sent a
            # byte at a time (send_drip).
            self.drip = sc.num(0, 1000) / 1000.0
            self.w.sock = Capture()
        elif sc.name == "bighead":
            self.w.extra = big_headers(sc.count_arg(65536), "one" in sc.args)
        elif sc.name == "badutf8" and sc.args[:1] == ["header"]:
            self.w.extra = [("X-Mock-Bad", BADUTF8_HDR),
                            ("X-Generation-Id", "gen-" + BADUTF8_HDR)]
        if sc.name == "drop" and "none" in sc.args:
            # The request was read (and logged); no byte of an answer.
            return self.hard_close(rst="rst" in sc.args)
        if sc.name == "drop" and "inhead" in sc.args:
            # Half of the status line and headers, then the end.
            self.w.sock = Capture()
            self.w.head(200, [("Content-Type", "application/json"),
                              ("X-Generation-Id", self.server.new_gen_id())])
            head, self.w.sock = bytes(self.w.sock.data), self.sock
            self.w.raw(head[:len(head) // 2])
            return self.hard_close(rst="rst" in sc.args)

        # 1. Failures decided before anything else (whatever the route).
        if sc.name == "http-error":
            name = fx.safe_name(sc.rest)
            try:
                raw = fx.conformance(os.path.join("http_errors", name, "response.http"))
            except FileNotFoundError:
                raise MockError("no conformance case http_errors/%s" % name)
            self.w.raw(raw)
            return
        if sc.name == "status":
            return self.send_error_status(int(sc.num(0, kind=int)),
                                          sc.args[1] if len(sc.args) > 1 else None)
        if sc.name == "redirect":
            port = sc.num(0, kind=int)
            host = sc.args[1] if len(sc.args) > 1 and sc.args[1] else "127.0.0.1"
            code = sc.num(2, 307, int)
            loc = "http://%s:%d%s" % (host, port, path if path.startswith("/api/")
                                      else "/api/v1" + path)
            if req.query:
                loc += "?" + req.query
            return self.send_json(code, error_body(code, "moved"), [("Location", loc)])
        if sc.name == "badutf8" and sc.args[:1] == ["error"]:
            body = (b'{"error":{"code":400,"message":"bad ' + BADUTF8 +
                    b'","metadata":{"provider_name":"Pro' + BADUTF8 + b'"}}}')
            return self.send_json(400, body)
        if sc.name == "html":
            code = sc.num(0, 502, int)
            page, ray = html_page(code)
            return self.send_plain(code, [("Content-Type", "text/html; charset=UTF-8"),
                                          ("Server", "cloudflare"),
                                          ("CF-RAY", ray + "-SJC")], page)
        if sc.name == "flaky":
            n, code = sc.num(0, kind=int), sc.num(1, kind=int)
            retry = ":".join(sc.args[2:]) if len(sc.args) > 2 else None
            if srv.bump(sc.spec) < n:
                extra = []
                if retry:
                    extra.append(("Retry-After", self.retry_after_value(retry)))
                return self.send_error_status(code, None, extra)
            sc = Scenario("ok")
        if sc.name == "legacy-key" and path == "/key":
            # A server from before /key existed: an unknown path.
            return self.send_json(404, error_body(404, "Not Found"))

        # 2. Authentication.
        key = None
        if route in ("chat", "key", "generation", "credits", "activity") or path == "/models/user":
            auth = req.header("Authorization") or ""
            m = re.fullmatch(r"Bearer[ \t]+(\S.*)", auth.strip(), re.IGNORECASE)
            if not m:
                return self.send_json(401, fx.conformance(NO_AUTH_BODY))
            key = m.group(1)
            if key.startswith("bad"):
                return self.send_json(401, fx.error_fixture(401))

        # 3. The route's normal reply, shaped by the scenario.
        if route == "chat":
            if json_bad or not isinstance(chat, dict):
                return self.send_json(400, error_body(400, "Invalid JSON body"))
            if stream or sc.name in ("conformance",):
                return self.chat_stream(sc, chat)
            return self.chat_plain(sc, chat)
        json_type = [("Content-Type", "application/json")]
        if sc.name == "echo":
            return self.deliver_plain(sc, 200, json_type, dumps(req.log_record()))
        if route == "count":
            count = len(json.loads(fx.fixture(MODELS_DEFAULT))["data"])
            return self.deliver_plain(sc, 200, json_type, dumps({"data": {"count": count}}))
        if route == "models":
            if sc.name == "big":
                body = self.big_models(sc.num(0, kind=int))
            elif sc.name == "badutf8" and sc.args[:1] == ["catalog"]:
                body = bad_catalog(fx.fixture(MODELS_DEFAULT))
            else:
                name = qs.get("fixture", [None])[0]
                if sc.name == "fixture":
                    name = sc.rest
                rel = fx.find("models", name, "models_", ".json") if name else MODELS_DEFAULT
                body = fx.fixture(rel)
            return self.deliver_plain(sc, 200, json_type, body)
        if route == "endpoints":
            model = path[len("/models/"):-len("/endpoints")]
            rel = ENDPOINTS_KNOWN.get(model)
            if rel is None:
                return self.deliver_plain(sc, 404, json_type,
                                          error_body(404, "No endpoints found for %s." % model))
            return self.deliver_plain(sc, 200, json_type,
                                      fx.fixture(rel))
        if route == "key":
            data = KEY_FULL if sc.name == "key-full" else json.loads(fx.fixture(KEY_DATA))
            return self.deliver_plain(sc, 200, json_type,
                                      dumps({"data": data}))
        if route == "credits":
            if not key.startswith("mgmt"):
                return self.send_json(403, error_body(403, CREDITS_FORBIDDEN))
            return self.deliver_plain(sc, 200, json_type, dumps({"data": CREDITS}))
        if route == "activity":
            if not key.startswith("mgmt"):
                return self.send_json(403, error_body(403, ACTIVITY_FORBIDDEN))
            if sc.name == "activity":
                body = activity_hostile(sc.rest, (ACTIVITY_TODAY -
                                                  datetime.timedelta(days=1)).isoformat())
                return self.deliver_plain(sc, 200, json_type, body.encode())
            date = qs.get("date", [None])[0]
            if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                return self.send_json(400, error_body(400, "Invalid request parameters"))
            rows = activity_rows(fx.fixture(MODELS_DEFAULT), qs.get("api_key_hash", [None])[0])
            if date is not None:
                rows = [r for r in rows if r["date"] == date]
            return self.deliver_plain(sc, 200, json_type, json_exact({"data": rows}).encode())
        if route == "generation":
            gid = qs.get("id", [""])[0]
            if not gid:
                return self.send_json(400, error_body(400, "Missing required query parameter: id"))
            if sc.name == "pending" and srv.bump(sc.spec) < sc.num(0, kind=int):
                return self.send_json(404, error_body(404, "Generation not found"))
            gen = json.loads(fx.fixture(GENERATION))
            for k, v in GENERATION_ADDED.items():
                gen["data"].setdefault(k, v)
            gen["data"]["id"] = gid
            return self.deliver_plain(sc, 200, json_type, dumps(gen))
        return None

    # ---- helpers -----------------------------------------------------------

    def send_drip(self):
        """Send the captured reply one byte at a time, self.drip apart."""
        data, self.w.sock = bytes(self.w.sock.data), self.sock
        for i in range(len(data)):
            if i:
                time.sleep(self.drip)
            self.sock.sendall(data[i:i + 1])

    def forever(self, sc, piece):
        """Write PIECE every MS (500) until the client goes away (or the
        server's life ends)."""
        gap = sc.num(0, 500) / 1000.0
        while True:
            self.w.write(piece)
            time.sleep(gap)

    def bomb(self, sc):
        """The gzipbomb body, made once per size and kind."""
        mb = sc.count_arg(1024)
        key = (mb, "line" in sc.args)
        with BOMB_LOCK:
            if key not in BOMBS:
                BOMBS[key] = gzip_bomb(mb, "line" in sc.args)
            return BOMBS[key]

    def retry_after_value(self, spec):
        if spec.startswith("date+"):
            try:
                secs = float(spec[5:])
            except ValueError:
                raise MockError("bad Retry-After spec %r" % spec)
            return email.utils.formatdate(time.time() + secs, usegmt=True)
        if spec == "date-past":
            return email.utils.formatdate(time.time() - 3600, usegmt=True)
        return spec

    def send_error_status(self, code, variant=None, extra=()):
        if not 100 <= code <= 599:
            raise MockError("bad status %d" % code)
        body = self.server.fixtures.error_fixture(code, variant) or error_body(code, reason(code))
        self.send_plain(code, [("Content-Type", "application/json")] + list(extra), body)

    def send_json(self, status, body, extra=()):
        self.send_plain(status, [("Content-Type", "application/json")] + list(extra), body)

    def send_plain(self, status, headers, body):
        self.w.head(status, list(headers) + [("Content-Length", str(len(body)))])
        self.w.raw(body)

    def gen_id(self, obj):
        if isinstance(obj, dict) and isinstance(obj.get("id"), str) \
                and obj["id"].startswith("gen-"):
            return obj["id"]
        return self.server.new_gen_id()

    def accepts_gzip(self):
        return "gzip" in (self.req.header("Accept-Encoding") or "").lower()

    def big_models(self, size):
        first = json.loads(self.server.fixtures.fixture(MODELS_DEFAULT))["data"][0]
        obj = {"data": [copy.deepcopy(first)]}

        def pad(o, s):
            o["data"][0]["description"] = s
        return padded(obj, pad, size)

    # ---- chat ----------------------------------------------------------------

    def ok_chat_obj(self):
        return json.loads(self.server.fixtures.fixture(OK_CHAT))

    def chat_plain(self, sc, chat):
        fx = self.server.fixtures
        name = sc.name
        obj = None
        if name == "fixture":
            body = fx.fixture(fx.find("chat", sc.rest, "chat_", ".response.json"))
        elif name == "echo":
            obj = self.ok_chat_obj()
            obj["id"] = self.server.new_gen_id()
            obj["choices"][0]["message"]["content"] = dumps(chat).decode()
            body = dumps(obj)
        elif name in ("parrot", "json"):
            # The reply is the prompt: any text a test needs, in a real
            # reply's shape; an argument sets the finish_reason.
            obj = self.ok_chat_obj()
            obj["id"] = self.server.new_gen_id()
            obj["choices"][0]["message"]["content"] = parrot_text(name, chat)
            if sc.args:
                obj["choices"][0]["finish_reason"] = sc.args[0]
            body = dumps(obj)
        elif name in ("big", "hugeline"):
            obj = self.ok_chat_obj()
            obj["id"] = self.server.new_gen_id()

            def pad(o, s):
                o["choices"][0]["message"]["content"] = s
            body = padded(obj, pad, sc.num(0, kind=int))
        elif name == "badutf8" and sc.args[:1] in ([], ["content"]):
            obj = self.ok_chat_obj()
            obj["id"] = self.server.new_gen_id()
            obj["choices"][0]["message"]["content"] = "@BAD@"
            body = dumps(obj).replace(b"@BAD@", BADUTF8)
        elif name == "midstream-error":
            # Documented non-streaming form of a failure after partial output:
            # HTTP 200, finish_reason "error" and choices[0].error.
            obj = self.ok_chat_obj()
            ch = obj["choices"][0]
            ch["message"]["content"] = "Why did the scarecrow"
            ch["finish_reason"] = "error"
            ch["native_finish_reason"] = None
            ch["error"] = {"code": 400, "message": "Token limit reached"}
            body = dumps(obj)
        else:
            body = fx.fixture(OK_CHAT)
        if obj is None:
            try:
                obj = json.loads(body)
            except ValueError:
                pass
        headers = [("Content-Type", "application/json"), ("X-Generation-Id", self.gen_id(obj))]
        self.deliver_plain(sc, 200, headers, body)

    def chat_stream(self, sc, chat):
        fx = self.server.fixtures
        name = sc.name
        status = 200
        headers = [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")]
        if name == "fixture":
            events = split_events(fx.fixture(fx.find("stream", sc.rest, "stream_", ".sse")))
        elif name == "conformance":
            case = fx.safe_name(sc.rest)
            try:
                data = fx.conformance(os.path.join("chat", case, "stream.sse"))
                exp = json.loads(fx.conformance(os.path.join("chat", case, "expected.json")))
            except FileNotFoundError:
                raise MockError("no conformance case chat/%s" % case)
            events = split_events(data)
            h = exp.get("http") or {}
            status = int(h.get("status", 200))
            headers = [(k, v) for k, v in (h.get("headers") or {}).items()
                       if k.lower() not in ("transfer-encoding", "content-length",
                                            "connection", "content-encoding")]
        elif name == "midstream-error":
            events = split_events(fx.fixture(MIDSTREAM_STREAM))
        elif name == "echo":
            events = synth_stream(self.ok_events(), dumps(chat).decode(),
                                  self.server.new_gen_id())
        elif name in ("parrot", "json"):
            events = synth_stream(self.ok_events(), parrot_text(name, chat),
                                  self.server.new_gen_id())
        elif name == "big":
            gid = self.server.new_gen_id()
            base = sum(len(e) for e in synth_stream(self.ok_events(), "xxx", gid))
            n = max(3, sc.num(0, kind=int) - base + 3)
            events = synth_stream(self.ok_events(), "x" * n, gid)
        elif name == "hugeline":
            # One data line of BYTES (its event's JSON), the rest as `ok`:
            # the padding goes in as bytes, as JSON-encoding it is slow.
            events = synth_stream(self.ok_events(), "@PAD@", self.server.new_gen_id(), 1)
            n = max(1, sc.num(0, kind=int) - len(events[2]) + len("@PAD@"))
            events[2] = events[2].replace(b"@PAD@", b"x" * n)
        elif name == "badutf8" and sc.args[:1] in ([], ["content"]):
            events = [e.replace(b"@BAD@", BADUTF8) for e in
                      synth_stream(self.ok_events(), "@BAD@", self.server.new_gen_id(), 1)]
        else:
            events = self.ok_events()
        if name == "keepalive":
            events = with_keepalives(events)
        elif name == "malformed":
            events = with_malformed(events)

        first = next((event_json(e) for e in events if is_data_event(e)
                      and event_json(e) is not None), None)
        gid = self.gen_id(first)
        if not any(k.lower() == "x-generation-id" for k, _ in headers):
            headers.append(("X-Generation-Id", gid))
        self.deliver_stream(sc, status, headers, events)

    def ok_events(self):
        return split_events(self.server.fixtures.fixture(OK_STREAM))

    # ---- delivery --------------------------------------------------------------

    def deliver_plain(self, sc, status, headers, body):
        """Send a complete (non-SSE) body, misbehaving as the scenario says."""
        name = sc.name
        w = self.w
        if name == "comments":
            # Headers, then a line end now and then, never the body.
            w.head(status, headers, chunked=True)
            return self.forever(sc, b"\n")
        if name == "gzipbomb":
            w.head(status, headers + [("Content-Encoding", "gzip"),
                                      ("Content-Length", str(len(self.bomb(sc))))])
            return w.raw(self.bomb(sc))
        if name == "malformed":
            body = body[:max(1, len(body) // 2)]
        if name == "gzip" and self.accepts_gzip():
            body = gzip.compress(body)
            headers = headers + [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        if name == "slow":
            time.sleep(sc.num(0, 1000) / 1000.0)
        if name == "drop":
            # Promise the whole body, send half (none for drop:head), hang up.
            w.head(status, headers + [("Content-Length", str(len(body)))])
            if "head" not in sc.args:
                w.raw(body[:len(body) // 2])
            return self.hard_close(rst="rst" in sc.args)
        if name == "truncated":
            # Chunked, properly terminated, but only half of the body.
            w.head(status, headers, chunked=True)
            w.write(body[:len(body) // 2])
            return w.end()
        w.head(status, headers + [("Content-Length", str(len(body)))])
        if name == "silent":
            time.sleep(sc.num(0, 5))
            w.raw(body)
        elif name == "slowbody":
            gap = sc.num(0, 100) / 1000.0
            for i in range(0, len(body), 100):
                if i:
                    time.sleep(gap)
                w.raw(body[i:i + 100])
        elif name == "bursty":
            gap = sc.count_arg(40) / 1000.0
            step = max(1, len(body) // 5)
            for i in range(0, len(body), step):
                if i:
                    time.sleep(gap)
                w.raw(body[i:i + step])
        else:
            w.raw(body)

    def deliver_stream(self, sc, status, headers, events):
        """Send an SSE body chunked, one chunk per event unless the scenario
        asks for other cuts or pauses."""
        name = sc.name
        w = self.w
        if name == "comments":
            w.head(status, headers, chunked=True)
            return self.forever(sc, KEEPALIVE)
        if name == "gzipbomb":
            w.head(status, headers + [("Content-Encoding", "gzip")], chunked=True)
            bomb = self.bomb(sc)
            for i in range(0, len(bomb), 65536):
                w.write(bomb[i:i + 65536])
            return w.end()
        gz = name == "gzip" and self.accepts_gzip()
        if gz:
            headers = headers + [("Vary", "Accept-Encoding")]
        w.head(status, headers, chunked=True, gzip_stream=gz)

        if name == "drop":
            k = min(sc.count_arg(4), max(1, len(events) - 1))
            if "head" in sc.args:
                k = 0

            for ev in events[:k]:
                w.write(ev)
            if "mid" in sc.args and k < len(events):
                # Inside the next event: half of it, in its own chunk.
                w.write(events[k][:max(1, len(events[k]) // 2)])
            return self.hard_close(rst="rst" in sc.args)
        if name == "truncated":
            k = min(sc.count_arg(4), max(0, len(events) - 2))
            for ev in events[:k]:
                w.write(ev)
            # The next data event, cut in the middle of its data line.
            rest = [e for e in events[k:] if is_data_event(e)]
            cut = rest[0] if rest else b'data: {"id":"gen-mock","choices":[{"delta":{"content":"x"}}]}\n\n'
            w.write(cut[:len(cut.rstrip(b"\r\n")) // 2])
            return w.end()
        if name == "slow":
            gap = sc.num(0, 100) / 1000.0
            for i, ev in enumerate(events):
                if i:
                    time.sleep(gap)
                w.write(ev)
            return w.end()
        if name == "silent":
            secs = sc.num(0, 5)
            if events and events[0].lstrip().startswith(b":"):
                w.write(events[0])
                events = events[1:]
            else:
                w.write(KEEPALIVE)
            time.sleep(secs)
            for ev in events:
                w.write(ev)
            return w.end()
        if name == "slowbody":
            gap = sc.num(0, 100) / 1000.0
            data = b"".join(events)
            for i in range(0, len(data), 100):
                if i:
                    time.sleep(gap)
                w.write(data[i:i + 100])
            return w.end()
        if name == "bursty":
            crlf = "crlf" in sc.args
            if crlf:
                events = [re.sub(rb"\r\n|\r|\n", b"\r\n", e) for e in events]
            gap = sc.count_arg(40) / 1000.0
            for i, piece in enumerate(bursty_pieces(events, crlf)):
                if i:
                    time.sleep(gap)
                w.write(piece)
            return w.end()
        for ev in events:
            w.write(ev)
        w.end()


# --------------------------------------------------------------------------
# Body builders


def padded(obj, setter, size):
    """Serialize OBJ with a padding string (set by SETTER) sized so that the
    whole compact JSON is exactly SIZE bytes (or minimal if SIZE is smaller)."""
    setter(obj, "")
    base = len(dumps(obj))
    setter(obj, "x" * max(0, size - base))
    return dumps(obj)


def synth_stream(template_events, text, gid, parts=3):
    """A stream shaped like the ok fixture (same chunk objects, keep-alive
    comment, finish and usage chunks, [DONE]) but carrying TEXT, in up to
    PARTS (1 or 3) content chunks."""
    objs = [event_json(e) for e in template_events if is_data_event(e)]
    objs = [o for o in objs if o is not None]
    role = copy.deepcopy(objs[0])
    fin = copy.deepcopy(next(o for o in objs if o["choices"] and o["choices"][0].get("finish_reason")))
    use = copy.deepcopy(next(o for o in objs if "usage" in o))
    n = len(text)
    pieces = [text[i * n // 3:(i + 1) * n // 3] for i in range(3)] \
        if n >= 3 and parts == 3 else [text]
    for o in (role, fin, use):
        o["id"] = gid
    out = [KEEPALIVE, b"data: " + dumps(role) + b"\n\n"]
    for p in pieces:
        o = copy.deepcopy(role)
        o["choices"][0]["delta"]["content"] = p
        out.append(b"data: " + dumps(o) + b"\n\n")
    out.append(b"data: " + dumps(fin) + b"\n\n")
    out.append(b"data: " + dumps(use) + b"\n\n")
    out.append(b"data: [DONE]\n\n")
    return out


BOMBS = {}
BOMB_LOCK = threading.Lock()


def gzip_bomb(mb, line):
    """A gzip member that expands to MB MiB: keep-alive comment lines, or
    (LINE) one line of 'x' with no end.  Each MiB is compressed after a full
    flush, so every block after the first is the same bytes: made in well
    under a second, whatever MB."""
    blk = b"x" * (1 << 20) if line else (b": \n" * (1 << 19))[:(1 << 20) // 3 * 3]
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = z.compress(blk) + z.flush(zlib.Z_FULL_FLUSH)
    again = z.compress(blk) + z.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mb):
        crc = zlib.crc32(blk, crc)
    # b"\x03\x00": an empty last block; then CRC-32 and size mod 2^32.
    return (first + again * (mb - 1) + b"\x03\x00" +
            struct.pack("<II", crc, (mb * len(blk)) & 0xFFFFFFFF))


def big_headers(size, one):
    """Padding headers of about SIZE bytes in all: ONE header, or many of
    about 1,000 bytes each."""
    if one:
        return [("X-Mock-Pad", "p" * max(1, size - len("X-Mock-Pad: \r\n")))]
    out, i = [], 0
    while size > 0:
        n = min(1000, size)
        out.append(("X-Mock-Pad-%d" % i, "p" * max(1, n - 20)))
        size -= n
        i += 1
    return out


def bad_catalog(fixture):
    """The default catalog with invalid UTF-8 in its first two models' ids,
    names and descriptions (the rest as captured)."""
    obj = json.loads(fixture)
    for i, m in enumerate(obj["data"][:2]):
        m["id"] = "@BAD@/model-%d" % i
        m["canonical_slug"] = m["id"]
        m["name"] = "Bad @BAD@ name"
        m["description"] = "@BAD@"
    return dumps(obj).replace(b"@BAD@", BADUTF8)


def last_user_text(chat):
    """The text of the last user message of a chat request ("" if none)."""
    msgs = chat.get("messages") if isinstance(chat, dict) else None
    for m in reversed(msgs if isinstance(msgs, list) else []):
        if isinstance(m, dict) and m.get("role") == "user":
            c = m.get("content")
            if isinstance(c, list):
                return "".join(p.get("text", "") for p in c
                               if isinstance(p, dict) and p.get("type") == "text")
            return c if isinstance(c, str) else ""
    return ""


def parrot_text(name, chat):
    """The reply of parrot (the last user text) or json (a JSON object
    with the members the manual's structured-output examples read)."""
    if name == "json":
        return '{"answer": 42, "total": 12.5}'
    return last_user_text(chat)


def with_keepalives(events):
    """Three keep-alive comments before the first data event and one between
    every two events."""
    out, seen_data = [], False
    for ev in events:
        if is_data_event(ev):
            out += [KEEPALIVE] * (1 if seen_data else 3)
            seen_data = True
        out.append(ev)
    return out


def with_malformed(events):
    """Insert, after the second data event, one event whose data is not JSON."""
    out, n = [], 0
    bad = b'data: {"id":"gen-mock-malformed","choices":[{"delta":{"content":"oops"\n\n'
    for ev in events:
        out.append(ev)
        if is_data_event(ev):
            n += 1
            if n == 2:
                out.append(bad)
    if n < 2:
        out.insert(0, bad)
    return out


def bursty_pieces(events, crlf):
    """Group events two or three per write and move most cut points off the
    event boundary: between the two line ends of the blank line ("\n" | "\n",
    or "\r\n\r" | "\n"), into the middle of the next event, and just before the
    end of a data line (CRLF mode: between its CR and LF)."""
    data = b"".join(events)
    ends, pos = [], 0
    for ev in events:
        pos += len(ev)
        ends.append(pos)
    cuts, i, group = [], 0, 0
    while True:
        i += (2, 2, 3)[group % 3]
        if i >= len(ends):
            break
        cut = ends[i - 1]
        mode = group % 4
        if mode == 0:
            cut -= 1                                 # inside the blank line
        elif mode == 1:
            cut += (ends[i] - ends[i - 1]) // 2      # middle of the next event
        elif mode == 2:
            cut -= 3 if crlf else 2                  # "...}\r" | "\n\r\n"  or  "...}" | "\n\n"
        if cuts and cut <= cuts[-1]:
            cut = ends[i - 1]
        cuts.append(cut)
        group += 1
    pieces, prev = [], 0
    for c in cuts:
        pieces.append(data[prev:c])
        prev = c
    pieces.append(data[prev:])
    return [p for p in pieces if p]


# --------------------------------------------------------------------------
# Main


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Mock OpenRouter API server for orkit tests.")
    ap.add_argument("--port-file", required=True, help="write the port number here once listening")
    ap.add_argument("--log", help="append one JSON line per request received")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve HTTPS")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(here)),
                    help="repository root (default: two directories above this script)")
    ap.add_argument("--bind", default="127.0.0.1",
                    help="listen on this loopback address (default 127.0.0.1)")
    ap.add_argument("--max-life", type=float, default=600.0,
                    help="exit after this many seconds (default 600)")
    args = ap.parse_args(argv)

    tls_ctx = None
    if args.tls:
        tls_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_ctx.load_cert_chain(args.tls[0], args.tls[1])

    if not args.bind.startswith("127."):
        ap.error("--bind: only a loopback address (127.x.y.z)")
    server = MockServer(Fixtures(args.root), args.log, tls_ctx, args.bind)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    th = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                          daemon=True)
    th.start()
    port = server.server_address[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.replace(tmp, args.port_file)

    stop.wait(args.max_life)
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
