#!/usr/bin/python3
"""Python per-rule regex matching over the genfeeds corpus: the baseline for
bench/RESULTS.md ("Filter matching") and an independent oracle for the C++
matcher's per-rule counts.

Run with Debian's /usr/bin/python3 (standard library only):

  match_baseline.py CORPUS_DIR --filters 1000 --feeds 20 --counts OUT_TSV
  match_baseline.py CORPUS_DIR --filters 1000 --feeds 10 --time

Each rule of filters-K.txt (genfeeds' "ID: QUERY" syntax) becomes one
compiled regex per term (case-insensitive; a word is a maximal run of
letters and digits, so terms are bounded by non-alphanumerics; TERM* drops
the right bound; a phrase allows any non-alphanumerics between its words),
combined with the rule's AND/OR/NOT. Item text is title + summary + content
with HTML tags stripped and entities decoded, as genfeeds' README specifies.
--time reports items/s of the matching alone (text extraction excluded,
which flatters the baseline).
"""

import argparse
import glob
import html
import os
import re
import sys
import time
import xml.etree.ElementTree as ET

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "rss1": "http://purl.org/rss/1.0/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
TAG = re.compile(r"<[^>]*>")
BLOCK = re.compile(r"</?(p|br|div|li|ul|ol|h[1-6]|blockquote|tr|td|table)\b[^>]*>", re.I)


def html_to_text(s):
    s = BLOCK.sub("\n", s or "")
    return html.unescape(TAG.sub("", s))


def element_text(e):
    if e is None:
        return ""
    if e.get("type") == "xhtml":
        return "".join(e.itertext())
    return html_to_text(e.text or "")


def items_of(path):
    root = ET.parse(path).getroot()
    out = []
    if root.tag == "rss":
        for it in root.iter("item"):
            out.append((html_to_text(it.findtext("title")), html_to_text(it.findtext("description")),
                        html_to_text(it.findtext("content:encoded", namespaces=NS))))
    elif root.tag == "{%s}feed" % NS["atom"]:
        for it in root.iter("{%s}entry" % NS["atom"]):
            out.append((element_text(it.find("atom:title", NS)), element_text(it.find("atom:summary", NS)),
                        element_text(it.find("atom:content", NS))))
    else:  # RSS 1.0
        for it in root.iter("{%s}item" % NS["rss1"]):
            out.append((html_to_text(it.findtext("rss1:title", namespaces=NS)),
                        html_to_text(it.findtext("rss1:description", namespaces=NS)),
                        html_to_text(it.findtext("content:encoded", namespaces=NS))))
    return ["\n".join(parts) for parts in out]


TOKEN = re.compile(r'\s*(\(|\)|"[^"]*"|[^\s()"]+)')


def tokenize(q):
    pos, toks = 0, []
    while pos < len(q):
        m = TOKEN.match(q, pos)
        if not m or not m.group(1):
            break
        toks.append(m.group(1))
        pos = m.end()
    return toks


WORD_L = r"(?<![^\W_])"
WORD_R = r"(?![^\W_])"


def term_regex(tok):
    if tok.startswith('"'):
        words = tok.strip('"').split()
        body = r"[\W_]+".join(re.escape(w) for w in words)
        return re.compile(WORD_L + body + WORD_R, re.I)
    if tok.endswith("*"):
        return re.compile(WORD_L + re.escape(tok[:-1]), re.I)
    return re.compile(WORD_L + re.escape(tok) + WORD_R, re.I)


def compile_rule(q):
    """Returns a function text -> bool (precedence NOT > AND > OR)."""
    toks = tokenize(q)
    i = 0

    def peek():
        return toks[i] if i < len(toks) else None

    def parse_or():
        nonlocal i
        parts = [parse_and()]
        while peek() == "OR":
            i += 1
            parts.append(parse_and())
        return parts[0] if len(parts) == 1 else (lambda t, ps=parts: any(p(t) for p in ps))

    def parse_and():
        nonlocal i
        parts = [parse_unary()]
        while peek() == "AND":
            i += 1
            parts.append(parse_unary())
        return parts[0] if len(parts) == 1 else (lambda t, ps=parts: all(p(t) for p in ps))

    def parse_unary():
        nonlocal i
        tok = peek()
        i += 1
        if tok == "NOT":
            inner = parse_unary()
            return lambda t: not inner(t)
        if tok == "(":
            inner = parse_or()
            i += 1  # ')'
            return inner
        rx = term_regex(tok)
        return lambda t: rx.search(t) is not None

    return parse_or()


def read_rules(path):
    rules = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            rid, q = line.rstrip("\n").split(": ", 1)
            rules.append((rid, q))
    return rules


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--filters", type=int, action="append", required=True)
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--counts")
    ap.add_argument("--time", action="store_true")
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.corpus, "*.xml")))[: a.feeds]
    texts = [t for path in files for t in items_of(path)]
    out = open(a.counts, "w") if a.counts else None
    if out:
        out.write("k\trule\tcount\n")
    for k in a.filters:
        rules = read_rules(os.path.join(a.corpus, "filters-%d.txt" % k))
        compiled = [compile_rule(q) for _, q in rules]
        counts = [0] * len(rules)
        start = time.perf_counter()
        for t in texts:
            for r, fn in enumerate(compiled):
                if fn(t):
                    counts[r] += 1
        seconds = time.perf_counter() - start
        if out:
            for (rid, _), c in zip(rules, counts):
                out.write("%d\t%s\t%d\n" % (k, rid, c))
        if a.time:
            print("python re, K=%d: %d items in %.2f s = %.1f items/s (%d matches)"
                  % (k, len(texts), seconds, len(texts) / seconds, sum(counts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
