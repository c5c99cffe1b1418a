#!/usr/bin/env python3
"""Golden outputs for Alertmanager templates from Debian's amtool 0.25 (Go 1.19).

`amtool template render` renders a template against its built-in example data (receiver
"receiver", two alerts, …); GoldenAlertmanagerTests rebuilds the same data in Swift.
Start/end times there come from the clock, so cases avoid them.

Usage: scripts/golden/generate_alertmanager.py (writes Tests/GoTemplateTests/Fixtures/golden-alertmanager.json)
"""
import json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from alertmanager_cases import CASES  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "Tests", "GoTemplateTests", "Fixtures", "golden-alertmanager.json")
AMTOOL = os.environ.get("AMTOOL", "amtool")


def main():
    tmp = tempfile.mkdtemp(prefix="golden-am-")
    glob = os.path.join(tmp, "empty.tmpl")
    with open(glob, "w") as f:
        f.write('{{ define "__golden" }}{{ end }}')
    cases = []
    for t in CASES:
        p = subprocess.run([AMTOOL, "template", "render", "--template.glob=" + glob, "--template.text=" + t],
                           capture_output=True, text=True, timeout=30)
        if p.returncode == 0:
            out = p.stdout  # amtool prints the rendering as is
            cases.append({"template": t, "output": out})
        else:
            err = p.stderr.strip()
            prefix = "amtool: error: "
            if err.startswith(prefix):
                err = err[len(prefix):]
            cases.append({"template": t, "error": err})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/golden/generate_alertmanager.py", "source": "amtool 0.25 (Debian)", "cases": cases},
                  f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%d cases written to %s" % (len(cases), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
