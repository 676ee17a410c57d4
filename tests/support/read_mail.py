#!/usr/bin/python3
"""Decodes mail for newsalert's tests with Python's own email package
(policy=default), an implementation independent of newsalert's encoder.

  read_mail.py messages MAILDIR   one JSON object per message in MAILDIR/new
  read_mail.py headers FILE       FILE holds JSON lines {"field": raw header
                                  field with CRLF, "expected": text}; prints
                                  "ok" or "bad <decoded>" per line
"""
import email
import email.policy
import email.utils
import json
import os
import sys


def describe(raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    lines = raw.split(b"\n")
    out = {
        "subject": str(message["Subject"]),
        "from": str(message["From"]),
        "to": str(message["To"]),
        "message_id": str(message["Message-ID"]),
        "delivery": str(message["X-Newsalert-Delivery"]),
        "mime_version": str(message["MIME-Version"]),
        "content_type": message.get_content_type(),
        "date": email.utils.parsedate_to_datetime(message["Date"]).timestamp(),
        "max_line": max(len(line.rstrip(b"\r")) for line in lines),
        "bare_lf": sum(1 for line in lines[:-1] if not line.endswith(b"\r")),
        "defects": [type(d).__name__ for d in message.defects],
        "parts": [],
    }
    for part in message.walk():
        if part.is_multipart():
            continue
        out["parts"].append({
            "type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "encoding": str(part["Content-Transfer-Encoding"]),
            "body": part.get_content().replace("\r\n", "\n"),
            "defects": [type(d).__name__ for d in part.defects],
        })
    return out


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "messages":
        directory = os.path.join(path, "new")
        for name in sorted(os.listdir(directory)):
            with open(os.path.join(directory, name), "rb") as f:
                print(json.dumps(describe(f.read())))
    else:
        with open(path) as lines:
            for line in lines:
                case = json.loads(line)
                message = email.message_from_string(case["field"] + "\r\n",
                                                    policy=email.policy.default)
                decoded = str(message["Subject"])
                print("ok" if decoded == case["expected"] else "bad " + json.dumps(decoded))


if __name__ == "__main__":
    main()
