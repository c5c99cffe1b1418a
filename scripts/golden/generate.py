#!/usr/bin/env python3
"""Golden outputs for GoTemplate from real Go: Debian's promtool (Prometheus 2.42).

Each case is (context, template). For every context an alerting rule is generated whose
annotations are the cases' templates, plus a unit test with a deliberately wrong
exp_annotations; promtool prints the rendered annotations ("got:") in its failure output,
which are parsed back (Go %q quoting) into the fixture. Templates that fail to parse make
the whole rule file invalid, so those are checked one by one with `promtool check rules`.

Usage: scripts/golden/generate.py  (writes Tests/GoTemplateTests/Fixtures/golden-prometheus.json)
"""
import json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from prometheus_cases import CONTEXTS, CASES, PARSE_ERROR_CASES  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "Tests", "GoTemplateTests", "Fixtures", "golden-prometheus.json")
PROMTOOL = os.environ.get("PROMTOOL", "promtool")


def go_unquote(s, i):
    """Parses a Go-quoted string starting at s[i] == '"'; returns (value, index after)."""
    assert s[i] == '"'
    i += 1
    out = []
    simple = {'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\', '"': '"', "'": "'"}
    while s[i] != '"':
        c = s[i]
        if c != '\\':
            out.append(c); i += 1; continue
        e = s[i + 1]
        if e in simple:
            out.append(simple[e]); i += 2
        elif e == 'x':
            out.append(chr(int(s[i + 2:i + 4], 16))); i += 4
        elif e == 'u':
            out.append(chr(int(s[i + 2:i + 6], 16))); i += 6
        elif e == 'U':
            out.append(chr(int(s[i + 2:i + 10], 16))); i += 10
        elif e in '01234567':
            out.append(chr(int(s[i + 1:i + 4], 8))); i += 4
        else:
            raise ValueError("bad escape at %d: %r" % (i, s[i:i + 10]))
    return ''.join(out), i + 1


def parse_annotations(text):
    """Finds every got-alert 'Labels:{…alertname="X"…}' followed by 'Annotations:{k="v", …}'."""
    result = {}
    got = text.split("got:")
    for section in got[1:]:
        pos = 0
        while True:
            li = section.find("Labels:{", pos)
            if li < 0:
                break
            m = re.search(r'alertname="([^"]*)"', section[li:])
            alert = m.group(1)
            ai = section.find("Annotations:{", li)
            i = ai + len("Annotations:{")
            ann = {}
            while section[i] != '}':
                m = re.match(r'([A-Za-z_][A-Za-z0-9_]*)=', section[i:])
                key = m.group(1)
                i += len(m.group(0))
                val, i = go_unquote(section, i)
                ann[key] = val
                if section[i:i + 2] == ', ':
                    i += 2
            result[alert] = ann
            pos = i
    return result


def run_render(cases):
    tmp = tempfile.mkdtemp(prefix="golden-")
    rules, tests = [], []
    by_ctx = {}
    for idx, (ctx, tmpl) in enumerate(cases):
        by_ctx.setdefault(ctx, []).append((idx, tmpl))
    series = []
    for ctx, items in by_ctx.items():
        c = CONTEXTS[ctx]
        metric = "m_" + ctx
        lbls = ", ".join('%s=%s' % (k, json.dumps(v)) for k, v in sorted(c["labels"].items()))
        series.append({"series": "%s{%s}" % (metric, lbls), "values": c["value"]})
        ann = {"c%04d" % idx: tmpl for idx, tmpl in items}
        rules.append({"alert": "ctx_" + ctx, "expr": metric + " + 0", "annotations": ann})
        exp_labels = dict(c["labels"])
        exp_labels["alertname"] = "ctx_" + ctx
        tests.append({"eval_time": "0m", "alertname": "ctx_" + ctx,
                      "exp_alerts": [{"exp_labels": exp_labels, "exp_annotations": {"wrong": "x"}}]})
    with open(os.path.join(tmp, "rules.yml"), "w") as f:
        json.dump({"groups": [{"name": "golden", "rules": rules}]}, f)
    with open(os.path.join(tmp, "test.yml"), "w") as f:
        json.dump({"rule_files": ["rules.yml"], "evaluation_interval": "1m",
                   "tests": [{"interval": "1m", "input_series": series, "alert_rule_test": tests}]}, f)
    p = subprocess.run([PROMTOOL, "test", "rules", "test.yml"], cwd=tmp, capture_output=True, text=True)
    got = parse_annotations(p.stdout + p.stderr)
    out = []
    for idx, (ctx, tmpl) in enumerate(cases):
        ann = got.get("ctx_" + ctx, {})
        key = "c%04d" % idx
        if key not in ann:
            print("no output for case %d %r\n%s" % (idx, tmpl, (p.stdout + p.stderr)[:3000]), file=sys.stderr)
            sys.exit(1)
        rendered = ann[key]
        prefix = "<error expanding template: "
        if rendered.startswith(prefix) and rendered.endswith(">"):
            out.append({"context": ctx, "template": tmpl, "error": rendered[len(prefix):-1]})
        else:
            out.append({"context": ctx, "template": tmpl, "output": rendered})
    return out


def run_parse_errors(cases):
    out = []
    tmp = tempfile.mkdtemp(prefix="golden-parse-")
    for tmpl in cases:
        path = os.path.join(tmp, "r.yml")
        with open(path, "w") as f:
            json.dump({"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "up", "annotations": {"c": tmpl}}]}]}, f)
        p = subprocess.run([PROMTOOL, "check", "rules", path], capture_output=True, text=True)
        text = p.stdout + p.stderr
        m = re.search(r'annotation "c": (.*)', text)
        if not m:
            print("template parsed fine, not a parse error case: %r\n%s" % (tmpl, text), file=sys.stderr)
            continue
        out.append({"context": "", "template": tmpl, "parseError": m.group(1)})
    return out


def find_unparsable(cases):
    """Indexes of render cases whose templates promtool rejects at load time."""
    tmp = tempfile.mkdtemp(prefix="golden-check-")
    ann = {"c%04d" % i: t for i, (_, t) in enumerate(cases)}
    path = os.path.join(tmp, "r.yml")
    with open(path, "w") as f:
        json.dump({"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "up", "annotations": ann}]}]}, f)
    p = subprocess.run([PROMTOOL, "check", "rules", path], capture_output=True, text=True)
    return sorted({int(m) for m in re.findall(r'annotation "c(\d+)"', p.stdout + p.stderr)})


def main():
    bad = set(find_unparsable(CASES))
    render = [c for i, c in enumerate(CASES) if i not in bad]
    extra = [CASES[i][1] for i in sorted(bad)]
    cases = run_render(render)
    cases += run_parse_errors(list(dict.fromkeys(extra + PARSE_ERROR_CASES)))
    fixture = {"generator": "scripts/golden/generate.py", "source": "promtool 2.42 (Debian), missingkey=zero",
               "contexts": CONTEXTS, "cases": cases}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%d cases written to %s" % (len(cases), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
