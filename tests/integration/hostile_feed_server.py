#!/usr/bin/python3
"""A hostile feed server for newsalert's fetch tests (RELIABILITY.md FX-FEED).

Run with Debian's /usr/bin/python3 (the brotli and zstandard modules come
from python3-brotli and python3-zstandard). Listens on loopback addresses
only, writes STATE/ports.json once every listener is up, and appends one
JSON line per request to STATE/requests.jsonl. GET /_stats (on the
"control" listener) answers with connection and concurrency counters per listener.

  hostile_feed_server.py STATE [--bind NAME=ADDR]... [--tls NAME=CERT,KEY[,tls11]]...
                         [--bombs]

Every loop is bounded: hanging and trickling handlers give up after 60 s.

Routes (any listener):
  /feed/NAME?items=N&slow_ms=MS&maxage=S&ttl=MIN&close=1   RSS, ETag + Last-Modified,
                        304 on match; close=1 closes the connection after the answer
  /chunked50m           50 MiB, chunked, no Content-Length
  /big11m               11 MiB with Content-Length
  /bomb/gzip|deflate|br|zstd   200 MiB of zeros compressed (needs --bombs)
  /trickle              1 byte every 2 s
  /hang                 accepts, reads the request, never answers
  /redirect/N           302 chain of N hops ending at /feed/chain
  /redirect-to?url=U&code=C    one redirect to U
  /status/CODE?retry_after=V   that status, with Retry-After: V when given
  /sequence/NAME?codes=500,500,200&retry_after=V   the codes in turn, then the last one
  absolute-form request lines (http://host/path) are answered as a proxy would,
  with a feed naming the requested URL.
"""

import gzip
import io
import json
import os
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MIB = 1024 * 1024
LAST_MODIFIED = "Tue, 04 Jun 2013 08:30:00 GMT"
HARD_LIMIT_S = 60

state_dir = sys.argv[1]
log_lock = threading.Lock()
log_file = open(os.path.join(state_dir, "requests.jsonl"), "a", buffering=1)
counters_lock = threading.Lock()
counters = {}  # listener -> {"connections", "active", "max_active", "requests"}
global_counters = {"active": 0, "max_active": 0}
sequence_state = {}
bombs = {}


def rss(title, items, ttl=None):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
             "<title>%s</title><link>https://hostile.example/</link>" % title,
             "<description>test</description>"]
    if ttl:
        parts.append("<ttl>%d</ttl>" % ttl)
    for i in range(items):
        parts.append("<item><title>%s story %d</title><link>https://hostile.example/%s/%d</link>"
                     "<guid>%s-%d</guid><description>Story %d of %s.</description></item>"
                     % (title, i, title, i, title, i, i, title))
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def make_bombs():
    zeros = bytes(MIB)
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", compresslevel=9) as out:
        for _ in range(200):
            out.write(zeros)
    bombs["gzip"] = gz.getvalue()
    deflater = zlib.compressobj(9)
    bombs["deflate"] = b"".join([deflater.compress(zeros) for _ in range(200)] + [deflater.flush()])
    import brotli  # python3-brotli
    compressor = brotli.Compressor(quality=5)
    bombs["br"] = b"".join([compressor.process(zeros) for _ in range(200)] + [compressor.finish()])
    import zstandard  # python3-zstandard
    zc = zstandard.ZstdCompressor(level=3).compressobj()
    bombs["zstd"] = b"".join([zc.compress(zeros) for _ in range(200)] + [zc.flush()])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # Quiet: requests.jsonl is the log.
        pass

    def listener(self):
        return self.server.listener_name

    def record(self):
        entry = {"time": time.time(), "listener": self.listener(), "path": self.path,
                 "method": self.command, "connection": id(self.connection),
                 "headers": {k.lower(): v for k, v in self.headers.items()}}
        with log_lock:
            log_file.write(json.dumps(entry) + "\n")

    def send_body(self, status, body, content_type="application/rss+xml", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_stats":
            with counters_lock:
                body = json.dumps({"listeners": counters, "global": global_counters}).encode()
            return self.send_body(200, body, "application/json")
        self.record()
        with counters_lock:
            mine = counters[self.listener()]
            mine["requests"] += 1
            mine["active"] += 1
            mine["max_active"] = max(mine["max_active"], mine["active"])
            global_counters["active"] += 1
            global_counters["max_active"] = max(global_counters["max_active"],
                                                global_counters["active"])
        try:
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            with counters_lock:
                counters[self.listener()]["active"] -= 1
                global_counters["active"] -= 1

    def route(self):
        if self.path.startswith("http://"):
            body = rss("proxied", 3)
            return self.send_body(200, body, headers=[("X-Proxied-Url", self.path)])
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = url.path.strip("/").split("/")
        head = parts[0]
        if head == "feed":
            return self.feed(parts[1] if len(parts) > 1 else "feed", query)
        if head == "chunked50m":
            return self.chunked(50 * MIB)
        if head == "big11m":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(11 * MIB))
            self.end_headers()
            chunk = b"x" * (64 * 1024)
            for _ in range(11 * MIB // len(chunk)):
                self.wfile.write(chunk)
            return
        if head == "bomb":
            body = bombs[parts[1]]
            return self.send_body(200, body, headers=[("Content-Encoding", parts[1])])
        if head == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            deadline = time.time() + HARD_LIMIT_S
            while time.time() < deadline:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(2)
            self.close_connection = True
            return
        if head == "hang":
            deadline = time.time() + HARD_LIMIT_S
            while time.time() < deadline:
                time.sleep(0.2)
            self.close_connection = True
            return
        if head == "redirect":
            hops = int(parts[1])
            target = "/redirect/%d" % (hops - 1) if hops > 1 else "/feed/chain"
            return self.send_body(302, b"", "text/plain", [("Location", target)])
        if head == "redirect-to":
            code = int(query.get("code", "302"))
            return self.send_body(code, b"", "text/plain", [("Location", query["url"])])
        if head == "status":
            headers = []
            if "retry_after" in query:
                headers.append(("Retry-After", query["retry_after"]))
            return self.send_body(int(parts[1]), b"try later", "text/plain", headers)
        if head == "sequence":
            codes = [int(c) for c in query.get("codes", "200").split(",")]
            with counters_lock:
                index = sequence_state.get(parts[1], 0)
                sequence_state[parts[1]] = index + 1
            code = codes[min(index, len(codes) - 1)]
            if code == 200:
                return self.feed(parts[1], query)
            headers = []
            if "retry_after" in query:
                headers.append(("Retry-After", query["retry_after"]))
            return self.send_body(code, b"failing", "text/plain", headers)
        self.send_body(404, b"not found", "text/plain")

    def feed(self, name, query):
        if "slow_ms" in query:
            time.sleep(int(query["slow_ms"]) / 1000.0)
        etag = '"%s-v1"' % name
        headers = [("ETag", etag), ("Last-Modified", LAST_MODIFIED)]
        if "close" in query:
            headers.append(("Connection", "close"))
            self.close_connection = True
        if "maxage" in query:
            headers.append(("Cache-Control", "max-age=%s" % query["maxage"]))
        if (self.headers.get("If-None-Match") == etag or
                self.headers.get("If-Modified-Since") == LAST_MODIFIED):
            self.send_response(304)
            for header in headers:
                self.send_header(*header)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ttl = int(query["ttl"]) if "ttl" in query else None
        body = rss(name, int(query.get("items", "5")), ttl)
        self.send_body(200, body, headers=headers)

    def chunked(self, total):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"y" * (64 * 1024)
        sent = 0
        while sent < total:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        self.wfile.write(b"0\r\n\r\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(self, name, address, tls_context=None):
        self.listener_name = name
        self.tls_context = tls_context
        super().__init__((address, 0), Handler)
        counters[name] = {"connections": 0, "active": 0, "max_active": 0, "requests": 0,
                          "tls_resumed": 0,
                          "address": address, "port": self.server_address[1]}

    def get_request(self):
        sock, address = super().get_request()
        with counters_lock:
            counters[self.listener_name]["connections"] += 1
        if self.tls_context is not None:
            sock.settimeout(10)
            try:
                sock = self.tls_context.wrap_socket(sock, server_side=True)
            except (ssl.SSLError, OSError):
                sock.close()
                raise OSError("TLS handshake failed")
            sock.settimeout(None)
            if sock.session_reused:
                with counters_lock:
                    counters[self.listener_name]["tls_resumed"] += 1
        return sock, address

    def handle_error(self, request, client_address):
        pass  # Clients hanging up mid-body is the point of these routes.


def main():
    # "control" answers /_stats, so reading the counters never adds a
    # connection to a listener under test.
    binds = {"main": "127.0.0.1", "control": "127.0.0.1"}
    tls = {}
    args = sys.argv[2:]
    i = 0
    want_bombs = False
    while i < len(args):
        if args[i] == "--bind":
            name, address = args[i + 1].split("=", 1)
            binds[name] = address
            i += 2
        elif args[i] == "--tls":
            name, spec = args[i + 1].split("=", 1)
            tls[name] = spec.split(",")
            i += 2
        elif args[i] == "--bombs":
            want_bombs = True
            i += 1
        else:
            raise SystemExit("unknown argument " + args[i])
    if want_bombs:
        make_bombs()
    servers = [Server(name, address) for name, address in binds.items()]
    for name, spec in tls.items():
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(spec[0], spec[1])
        if len(spec) > 2 and spec[2] == "tls11":
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
        servers.append(Server(name, "127.0.0.1", context))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = {s.listener_name: s.server_address[1] for s in servers}
    with open(os.path.join(state_dir, "ports.json.tmp"), "w") as out:
        json.dump(ports, out)
    os.rename(os.path.join(state_dir, "ports.json.tmp"), os.path.join(state_dir, "ports.json"))
    time.sleep(600)  # The test stops us long before; never outlive a forgotten test.


if __name__ == "__main__":
    main()
