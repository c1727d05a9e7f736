#!/usr/bin/env python3
# bench/batchd.py -- the chat completions server of bench/batch.sh: many
# connections at once, each POST answered after a fixed delay with the
# bytes of one reply file, so that the clients are what is measured.
#
#	python3 bench/batchd.py PORTFILE REPLY.json [options]
#
#   --delay MS        answer each POST after MS milliseconds (default 100)
#   --every429 N      answer every Nth new request body with 429 and
#                     Retry-After: 1 (0: never); the same body sent again
#                     is then answered 200, so a retried request succeeds
#   --error429 FILE   the body of those 429 answers
#   --tls CERT KEY    speak TLS (HTTP/1.1 through ALPN) with this pair
#
# One process, one asyncio event loop, the standard library only.  HTTP/1.1
# with keep-alive, one request at a time per connection, "Connection:
# close" honoured, "Expect: 100-continue" answered.  It listens on
# 127.0.0.1 on a free port and writes the port number to PORTFILE (through
# a temporary file and a rename).  GET /stats answers its counters and its
# own CPU time as JSON, so that the benchmark can show the server is not
# the bottleneck.  It exits on SIGTERM or SIGINT.
import argparse
import asyncio
import json
import os
import resource
import signal
import ssl
import sys

HEAD_MAX = 65536
BODY_MAX = 16 << 20

stats = {"connections": 0, "requests": 0, "ok": 0, "r429": 0, "bad": 0}


def response(status, reason, body, extra=b""):
    return (b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n%s\r\n" % (status, reason, len(body),
                                               extra)) + body


class Conn(asyncio.Protocol):
    """One connection: requests read and answered one after the other."""

    def __init__(self, srv):
        self.srv = srv
        self.buf = bytearray()
        self.busy = False
        self.continued = False
        self.tr = None

    def connection_made(self, tr):
        self.tr = tr
        stats["connections"] += 1

    def connection_lost(self, exc):
        self.tr = None

    def data_received(self, data):
        self.buf += data
        if not self.busy:
            self.next()

    def next(self):
        """Take the next whole request from the buffer, if there is one."""
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buf) > HEAD_MAX:
                self.fail(431, b"Request Header Fields Too Large")
            return
        head = bytes(self.buf[:end]).decode("latin-1").split("\r\n")
        hdr = {}
        for h in head[1:]:
            k, _, v = h.partition(":")
            hdr[k.strip().lower()] = v.strip()
        try:
            method, path, _ = head[0].split(" ", 2)
            n = int(hdr.get("content-length", "0"))
        except ValueError:
            return self.fail(400, b"Bad Request")
        if "chunked" in hdr.get("transfer-encoding", "").lower():
            return self.fail(411, b"Length Required")
        if n < 0 or n > BODY_MAX:
            return self.fail(413, b"Payload Too Large")
        if len(self.buf) < end + 4 + n:
            if hdr.get("expect", "").lower() == "100-continue" and \
                    not self.continued:
                self.continued = True
                self.tr.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            return
        self.continued = False
        body = bytes(self.buf[end + 4:end + 4 + n])
        del self.buf[:end + 4 + n]
        close = hdr.get("connection", "").lower() == "close"
        self.busy = True
        stats["requests"] += 1
        if method == "GET" and path.endswith("/stats"):
            self.answer(response(200, b"OK", self.srv.stats()), close)
        elif method != "POST" or not path.endswith("/chat/completions"):
            stats["bad"] += 1
            self.answer(response(404, b"Not Found", b"{}"), close)
        elif self.srv.limited(body):
            stats["r429"] += 1
            self.answer(self.srv.r429, close)
        else:
            stats["ok"] += 1
            self.srv.loop.call_later(self.srv.delay, self.answer,
                                     self.srv.reply, close)

    def answer(self, data, close):
        if self.tr is None:
            return
        if close:
            data = data.replace(b"\r\n", b"\r\nConnection: close\r\n", 1)
        self.tr.write(data)
        self.busy = False
        if close:
            self.tr.close()
        else:
            self.next()

    def fail(self, status, reason):
        stats["bad"] += 1
        self.tr.write(response(status, reason, b"{}", b"Connection: close\r\n"))
        self.tr.close()
        self.busy = True


class Server:
    def __init__(self, a, loop):
        self.loop = loop
        self.delay = a.delay / 1000.0
        self.every = a.every429
        self.count = 0
        self.held = set()
        body = open(a.reply, "rb").read()
        self.reply = response(200, b"OK", body)
        err = open(a.error429, "rb").read() if a.error429 else \
            b'{"error":{"code":429,"message":"Rate limit exceeded"}}'
        self.r429 = response(429, b"Too Many Requests", err,
                             b"Retry-After: 1\r\n")

    def limited(self, body):
        """Every Nth new body is refused once; sent again, it passes."""
        if not self.every:
            return False
        k = hash(body)
        if k in self.held:
            self.held.discard(k)
            return False
        self.count += 1
        if self.count % self.every == 0:
            self.held.add(k)
            return True
        return False

    def stats(self):
        ru = resource.getrusage(resource.RUSAGE_SELF)
        s = dict(stats, cpu=round(ru.ru_utime + ru.ru_stime, 3),
                 maxrss_kb=ru.ru_maxrss)
        return json.dumps(s).encode() + b"\n"


async def main():
    p = argparse.ArgumentParser(prog="batchd.py")
    p.add_argument("portfile")
    p.add_argument("reply")
    p.add_argument("--delay", type=float, default=100)
    p.add_argument("--every429", type=int, default=0)
    p.add_argument("--error429")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    a = p.parse_args()
    loop = asyncio.get_running_loop()
    srv = Server(a, loop)
    ctx = None
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        ctx.set_alpn_protocols(["http/1.1"])
    server = await loop.create_server(lambda: Conn(srv), "127.0.0.1", 0,
                                      ssl=ctx, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    tmp = a.portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.rename(tmp, a.portfile)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    await stop
    server.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except (OSError, ValueError) as e:
        sys.exit("batchd.py: %s" % e)
