#!/usr/bin/python3
"""A webhook receiver for newsalert's tests (RELIABILITY.md FX-HOOK).

Python standard library only, so that its signature check is independent of
newsalert's C++ (Standard Webhooks: HMAC-SHA256 over "id.timestamp.body"
with the base64-decoded whsec_ key, compared in constant time).

  hook_receiver.py --log FILE [--script FILE] [--secret S ...]
                   [--clock anchor=A,scale=K] [--port N]

Prints the port on the first line of stdout when it is ready. Appends one
JSON line per request to --log: real and virtual receipt time, path,
lower-cased headers, body (base64), the status answered, how many requests
to that path were in progress at arrival (this one included), and whether
the signature verified with each --secret.

--script names a JSON file read at every request (so a test can change the
behaviour while it runs):
  {"default": {...}, "paths": {"/x": {...}}}
with, per path: "statuses": [503, 503, 200] (the n-th attempt of a
webhook-id gets statuses[min(n, len-1)]), "status": 200, "delay": seconds
before answering, "headers": {"Retry-After": "120"}, "retry_after_date": N
(a Retry-After HTTP-date N seconds after the virtual now), "body": "text".

Also: hook_receiver.py --verify FILE  reads JSON lines {"secrets": [...],
"id", "timestamp", "body_b64", "signature"} and prints one line per input:
"ok" or "bad".
"""
import argparse
import base64
import email.utils
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signing_key(secret):
    encoded = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    try:
        return base64.b64decode(encoded, validate=True)
    except Exception:
        return secret.encode()


def verify(secret, msg_id, timestamp, body, header):
    """True when some "v1,<base64>" entry of the header signs the content."""
    content = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(
        hmac.new(signing_key(secret), content, hashlib.sha256).digest())
    for entry in header.split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature.encode(), expected):
            return True
    return False


def verify_file(path):
    with open(path) as lines:
        for line in lines:
            case = json.loads(line)
            body = base64.b64decode(case["body_b64"])
            good = any(verify(s, case["id"], str(case["timestamp"]), body, case["signature"])
                       for s in case["secrets"])
            print("ok" if good else "bad")


class Receiver:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.in_progress = {}
        self.attempts = {}
        self.log = open(args.log, "a", buffering=1)
        self.anchor, self.scale = None, 1.0
        if args.clock:
            parts = dict(p.split("=") for p in args.clock.split(","))
            self.anchor, self.scale = float(parts["anchor"]), float(parts["scale"])

    def virtual_now(self, real):
        if self.anchor is None:
            return real
        return self.anchor + (real - self.anchor) * self.scale

    def behaviour(self, path):
        script = {}
        if self.args.script:
            try:
                with open(self.args.script) as f:
                    script = json.load(f)
            except (OSError, ValueError):
                script = {}
        spec = dict(script.get("default", {}))
        spec.update(script.get("paths", {}).get(path, {}))
        return spec


def make_handler(receiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            real = time.time()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            path = self.path
            headers = {k.lower(): v for k, v in self.headers.items()}
            msg_id = headers.get("webhook-id", "")
            with receiver.lock:
                concurrent = receiver.in_progress.get(path, 0) + 1
                receiver.in_progress[path] = concurrent
                attempt = receiver.attempts.get((path, msg_id), 0)
                receiver.attempts[(path, msg_id)] = attempt + 1
            spec = receiver.behaviour(path)
            statuses = spec.get("statuses")
            status = statuses[min(attempt, len(statuses) - 1)] if statuses else spec.get("status", 200)
            signature = headers.get("webhook-signature", "")
            sig_ok = [verify(s, msg_id, headers.get("webhook-timestamp", ""), body, signature)
                      for s in receiver.args.secret]
            record = {"t": real, "vt": receiver.virtual_now(real), "path": path,
                      "headers": headers, "body_b64": base64.b64encode(body).decode(),
                      "status": status, "attempt": attempt + 1, "concurrent": concurrent,
                      "sig_ok": sig_ok}
            try:
                delay = float(spec.get("delay", 0))
                if delay > 0:
                    time.sleep(delay)
                answer = spec.get("body", "ok").encode()
                self.send_response(status)
                for name, value in spec.get("headers", {}).items():
                    self.send_header(name, value)
                if "retry_after_date" in spec:
                    when = receiver.virtual_now(time.time()) + float(spec["retry_after_date"])
                    self.send_header("Retry-After", email.utils.formatdate(when, usegmt=True))
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                self.wfile.flush()
            finally:
                with receiver.lock:
                    receiver.in_progress[path] -= 1
                    record["done"] = time.time()
                    receiver.log.write(json.dumps(record) + "\n")

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log")
    parser.add_argument("--script")
    parser.add_argument("--secret", action="append", default=[])
    parser.add_argument("--clock")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--verify")
    args = parser.parse_args()
    if args.verify:
        verify_file(args.verify)
        return
    receiver = Receiver(args)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128

    server = Server(("127.0.0.1", args.port), make_handler(receiver))
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
