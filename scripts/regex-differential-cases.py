#!/usr/bin/env python3
"""Random regular expressions and inputs with RE2's answers, to check Vigil's Go-semantics regex engine.

RE2 (PyPI `google-re2`, module `re2`) and Go's regexp share syntax and leftmost-first semantics, so for the
syntax generated here RE2's answers are Go's. For every pattern the script writes RE2's answers for a few
inputs, biased to match: whether the pattern matches somewhere (and the first match's groups), and whether it
matches the whole input (with its groups). Spans are Unicode scalar offsets, -1 for a group that did not take
part. Tests/TimeSeriesTests/RegexDifferentialTests.swift reads the file and compares every case.

Go and RE2 differ in a few places, which the grammar leaves out:
- Go 1.25 looks \\p{...} names up ignoring case, spaces, `_` and `-`, and knows Any/ASCII/Assigned/Cn/LC and
  long aliases such as \\p{Letter}; RE2 knows exact names only. Only exact category and script names appear.
- Go reads a repetition count with a leading zero (`x{01}`) as literal text; RE2 as a count.
- `\\C` (any byte) is an error in Go; surrogate escapes (`\\x{D800}`) are accepted by Go and never match.
- Error messages differ in wording; only valid patterns are generated.
- RE2 steps through text byte by byte, so `\\B` (and the empty matches around it) can match between the bytes of
  one multi-byte character, where Go, which steps by character, never looks. Cases whose RE2 match has an edge
  inside a character are dropped (the count is printed).

Usage: pip install google-re2
       python3 scripts/regex-differential-cases.py --patterns 10000 --inputs 10 --seed 1 > cases.jsonl
Each output line is a JSON object {"p": pattern, "c": [[input, [spans] or null, [spans] or null], ...]}.
"""
import argparse
import json
import random
import sys

import re2

LITERALS = list("abcxyz019 -_.") + ["é", "☺", "σ", "Σ", "ς", "k", "K", "\u212a", "s", "\u017f", "\n", "\t"]
ESCAPED = [r"\.", r"\*", r"\+", r"\?", r"\(", r"\)", r"\[", r"\]", r"\{", r"\}", r"\|", r"\^", r"\$", r"\\",
           r"\-", r"\_", r"\x41", r"\x{263a}", r"\101", r"\n", r"\t", r"\x{3c3}", r"\a", r"\f", r"\v", r"\r"]
CLASSES = [r"\d", r"\D", r"\s", r"\S", r"\w", r"\W", r"\pL", r"\PL", r"\p{Greek}", r"\p{^Greek}", r"\pN",
           r"\p{Lu}", r"\p{Ll}", r"\pZ", r"\p{Latin}", r"\P{Lu}", "[abc]", "[^abc]", "[a-cx-z]", "[^a-c]",
           "[[:alpha:]]", "[[:^digit:]]", "[[:word:]]", "[[:space:]]", "[[:upper:][:digit:]]", r"[\d\pL]",
           r"[^\s\p{Greek}]", "[]a]", "[^]a]", "[a-]", "[-a]", "[é☺]", "[σΣ]", "[k-s]", r"[\x{100}-\x{17f}]",
           r"[\n]", "[^\n]", "[.]", r"[\\]"]
ANCHORS = ["^", "$", r"\A", r"\z", r"\b", r"\B"]
OPS = ["*", "+", "?", "*?", "+?", "??", "{2}", "{0,2}", "{1,3}", "{2,}", "{0}", "{1}", "{1,2}?", "{0,}"]
FLAGS = ["i", "s", "m", "U", "is", "-i", "i-s", "m-s"]


class Gen:
    def __init__(self, rnd):
        self.rnd = rnd
        self.names = 0

    def atom(self, depth):
        r = self.rnd.random()
        if r < 0.38:
            return self.rnd.choice(LITERALS).replace(".", r"\.") if self.rnd.random() < 0.9 else "."
        if r < 0.46:
            return self.rnd.choice(ESCAPED)
        if r < 0.62:
            return self.rnd.choice(CLASSES)
        if r < 0.68:
            return self.rnd.choice(ANCHORS)
        if r < 0.70:
            return r"\Q" + "".join(self.rnd.choice("a.*+?") for _ in range(self.rnd.randint(0, 3))) + r"\E"
        if depth >= 3:
            return self.rnd.choice(LITERALS[:6])
        inner = self.alternation(depth + 1)
        kind = self.rnd.random()
        if kind < 0.45:
            return "(" + inner + ")"
        if kind < 0.65:
            return "(?:" + inner + ")"
        if kind < 0.78:
            self.names += 1
            return "(?P<n%d>" % self.names + inner + ")"
        if kind < 0.83:
            self.names += 1
            return "(?<g%d>" % self.names + inner + ")"
        return "(?" + self.rnd.choice(FLAGS) + ":" + inner + ")"

    def piece(self, depth):
        a = self.atom(depth)
        if self.rnd.random() < 0.3:
            a += self.rnd.choice(OPS)
        return a

    def concat(self, depth):
        n = self.rnd.choice([0, 1, 1, 2, 2, 3, 3, 4, 5])
        out = "".join(self.piece(depth) for _ in range(n))
        if self.rnd.random() < 0.08:
            out = "(?" + self.rnd.choice(FLAGS) + ")" + out
        return out

    def alternation(self, depth):
        n = 1 if self.rnd.random() < 0.7 else self.rnd.randint(2, 4)
        return "|".join(self.concat(depth) for _ in range(n))

    def pattern(self):
        self.names = 0
        return self.alternation(0)


def sample_inputs(rnd, pattern, count):
    """Inputs made from the pattern's own characters, plus a few others, so that many of them match."""
    own = [c for c in pattern if c not in "\\()[]{}|*+?^$:<>"] or ["a"]
    extra = LITERALS + ["A", "B", "Ω", "٣", "中", ""]
    out = []
    for _ in range(count):
        n = rnd.choice([0, 1, 2, 3, 4, 5, 6, 8, 12])
        chars = [rnd.choice(own) if rnd.random() < 0.75 else rnd.choice(extra) for _ in range(n)]
        out.append("".join(chars))
    return out


class InsideCharacter(Exception):
    pass


def spans(m, groups, text):
    """Group spans as scalar offsets; RE2 reports byte offsets of the UTF-8 text."""
    if m is None:
        return None
    starts = {}
    offset = 0
    for i, ch in enumerate(text):
        starts[offset] = i
        offset += len(ch.encode("utf-8"))
    starts[offset] = len(text)
    out = []
    for i in range(groups + 1):
        for b in m.span(i):
            if b < 0:
                out.append(-1)
            elif b in starts:
                out.append(starts[b])
            else:
                raise InsideCharacter()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--patterns", type=int, default=2000)
    ap.add_argument("--inputs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    gen = Gen(rnd)
    written = pairs = dropped = 0
    opts = re2.Options()
    opts.log_errors = False
    while written < args.patterns:
        p = gen.pattern()
        try:
            r = re2.compile(p.encode(), options=opts)
            full = re2.compile((r"\A(?:" + p + r")\z").encode(), options=opts)
        except re2.error:
            continue
        cases = []
        inputs = sample_inputs(rnd, p, args.inputs)
        # Bias towards whole-input matches: some inputs are replaced by text the pattern matched.
        for i, s in enumerate(list(inputs)):
            b = s.encode()
            m = r.search(b)
            if m is not None and m.end() > m.start() and rnd.random() < 0.4:
                inputs[-1 - (i % 3)] = b[m.start():m.end()].decode("utf-8", "ignore")
        for s in inputs:
            b = s.encode()
            try:
                cases.append([s, spans(r.search(b), r.groups, s), spans(full.search(b), full.groups, s)])
            except InsideCharacter:
                dropped += 1
        if not cases:
            continue
        sys.stdout.write(json.dumps({"p": p, "c": cases}, ensure_ascii=False) + "\n")
        written += 1
        pairs += len(cases)
    print("%d patterns, %d pairs (%d dropped: RE2 match edge inside a character)" % (written, pairs, dropped),
          file=sys.stderr)


if __name__ == "__main__":
    main()
