#!/usr/bin/python3
"""An SMTP server for newsalert's tests (RELIABILITY.md FX-SMTP): Debian's
python3-aiosmtpd on 127.0.0.1, run with /usr/bin/python3.

  smtp_server.py --maildir DIR --log FILE [--starttls CERT KEY]
                 [--smtps CERT KEY] [--size N] [--auth USER:PASSWORD]
                 [--fail-rcpt CODE:COUNT] [--fail-data CODE:COUNT]
                 [--data-delay SECONDS] [--port N]

Prints the port on the first line of stdout when it is ready. Accepted
messages go to the Maildir; every EHLO, RCPT and DATA is one JSON line in
--log: {"event": "ehlo", "name": ...}, {"event": "rcpt", "code": ...},
{"event": "data", "code": ..., "message_id": ..., "tls": bool}.
--fail-rcpt 451:2 answers the first two RCPT commands with 451;
--fail-data 550:1000 refuses (almost) every DATA with 550.
"""
import argparse
import asyncio
import email
import email.policy
import json
import mailbox
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult


class Handler:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.log = open(args.log, "a", buffering=1)
        self.maildir = mailbox.Maildir(args.maildir, create=True)
        self.fail_rcpt = self.parse_fault(args.fail_rcpt)
        self.fail_data = self.parse_fault(args.fail_data)

    @staticmethod
    def parse_fault(spec):
        if not spec:
            return None
        code, count = spec.split(":")
        return {"code": int(code), "left": int(count)}

    def write(self, record):
        with self.lock:
            self.log.write(json.dumps(record) + "\n")

    def fault(self, fault):
        if fault and fault["left"] > 0:
            fault["left"] -= 1
            return fault["code"]
        return None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.write({"event": "ehlo", "name": hostname,
                    "tls": server._tls_protocol is not None})
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.fault(self.fail_rcpt)
        self.write({"event": "rcpt", "address": address, "code": code or 250})
        if code:
            return f"{code} {'4.3.0 Try again later' if code < 500 else '5.1.1 No such user'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.data_delay:
            await asyncio.sleep(self.args.data_delay)
        code = self.fault(self.fail_data)
        parsed = email.message_from_bytes(envelope.original_content or envelope.content,
                                          policy=email.policy.default)
        record = {"event": "data", "code": code or 250, "message_id": parsed["Message-ID"],
                  "mail_from": envelope.mail_from, "rcpt": envelope.rcpt_tos,
                  "tls": server._tls_protocol is not None,
                  "auth": session.authenticated is True}
        if code:
            self.write(record)
            return f"{code} 5.7.1 Message refused"
        with self.lock:
            key = self.maildir.add(envelope.original_content or envelope.content)
        record["key"] = key
        self.write(record)
        return f"250 2.0.0 Ok: queued as {key}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--smtps", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--auth")
    parser.add_argument("--fail-rcpt")
    parser.add_argument("--fail-data")
    parser.add_argument("--data-delay", type=float, default=0)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    handler = Handler(args)
    starttls_context = None
    if args.starttls:
        starttls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        starttls_context.load_cert_chain(*args.starttls)
    implicit_context = None
    if args.smtps:
        implicit_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        implicit_context.load_cert_chain(*args.smtps)

    def authenticator(server, session, envelope, mechanism, auth_data):
        user, _, password = args.auth.partition(":")
        good = (auth_data.login.decode() == user and auth_data.password.decode() == password)
        return AuthResult(success=good)

    def factory():
        kwargs = {"data_size_limit": args.size or None, "hostname": "fx-smtp.test",
                  "tls_context": starttls_context}
        if args.auth:
            kwargs.update(authenticator=authenticator, auth_required=True,
                          auth_require_tls=True)
        return SMTP(handler, **kwargs)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(factory, "127.0.0.1", args.port, ssl=implicit_context))
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    sys.exit(main())
