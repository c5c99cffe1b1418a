#!/usr/bin/env python3
"""Generates a large rule unit-test suite for timing `vigil test rules` against `promtool test rules`.

1,000 input series over a day at 1m, 50 rules (25 recording, 25 alerting), 20 test groups. Range windows
end on half minutes ([5m30s]) so no sample sits on a window's edge, where Prometheus 2.x and 3.x differ.

    generate.py OUTPUT_DIR [--series 1000] [--rules 50] [--tests 20] [--hours 24]
"""
import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--series", type=int, default=1000)
parser.add_argument("--rules", type=int, default=50)
parser.add_argument("--tests", type=int, default=20)
parser.add_argument("--hours", type=int, default=24)
args = parser.parse_args()
os.makedirs(args.out, exist_ok=True)
points = args.hours * 60
jobs = 10

rules = []
for i in range(args.rules // 2):
    job = f"job{i % jobs}"
    kind = i % 5
    if kind == 0:
        expr = f'sum by (job) (rate(http_requests_total{{job="{job}"}}[5m30s]))'
    elif kind == 1:
        expr = f'sum by (job, code) (rate(http_requests_total{{job="{job}", code=~"5.."}}[5m30s])) / ignoring(code) group_left sum by (job) (rate(http_requests_total{{job="{job}"}}[5m30s]))'
    elif kind == 2:
        expr = f'max by (instance) (max_over_time(temperature_celsius{{job="{job}"}}[10m30s]))'
    elif kind == 3:
        expr = f'avg by (job) (temperature_celsius{{job="{job}"}})'
    else:
        expr = f'count by (job) (up{{job="{job}"}} == 0)'
    rules.append({"record": f"job:bench_{i}:value", "expr": expr})
alerts = []
for i in range(args.rules - len(rules)):
    job = f"job{i % jobs}"
    kind = i % 5
    if kind == 0:
        expr, for_ = f'job:bench_{i - i % 5}:value > 1', "5m"
    elif kind == 1:
        expr, for_ = f'rate(http_requests_total{{job="{job}", code="500"}}[5m30s]) > 0.5', "10m"
    elif kind == 2:
        expr, for_ = f'temperature_celsius{{job="{job}"}} > 80', "2m"
    elif kind == 3:
        expr, for_ = f'up{{job="{job}"}} == 0', "5m"
    else:
        expr, for_ = f'absent(up{{job="{job}", instance="nope"}})', "1m"
    alerts.append({"alert": f"BenchAlert{i}", "expr": expr, "for": for_,
                   "labels": {"severity": "warning"},
                   "annotations": {"summary": "{{ $labels.instance }} value {{ $value | humanize }}"}})

with open(os.path.join(args.out, "rules.yml"), "w") as f:
    f.write("groups:\n  - name: recording\n    rules:\n")
    for r in rules:
        f.write(f"      - record: {r['record']}\n        expr: '{r['expr']}'\n")
    f.write("  - name: alerting\n    rules:\n")
    for a in alerts:
        f.write(f"      - alert: {a['alert']}\n        expr: '{a['expr']}'\n        for: {a['for']}\n")
        f.write(f"        labels:\n          severity: {a['labels']['severity']}\n")
        f.write(f"        annotations:\n          summary: \"{a['annotations']['summary']}\"\n")

series = []
per_kind = args.series // 4
for i in range(args.series):
    job = f"job{i % jobs}"
    kind = i // per_kind if per_kind else 0
    if kind == 0:
        series.append((f'http_requests_total{{job="{job}", instance="i{i}", code="200"}}', f"0+{1 + i % 7}x{points}"))
    elif kind == 1:
        series.append((f'http_requests_total{{job="{job}", instance="i{i}", code="500"}}', f"0+{i % 3}x{points}"))
    elif kind == 2:
        series.append((f'temperature_celsius{{job="{job}", instance="i{i}"}}', f"60+0.02x{points}"))
    else:
        values = "1x" + str(points // 2) + " 0x" + str(points - points // 2 - 1) if i % 13 == 0 else f"1x{points}"
        series.append((f'up{{job="{job}", instance="i{i}"}}', values))

with open(os.path.join(args.out, "tests.yml"), "w") as f:
    f.write("rule_files:\n  - rules.yml\nevaluation_interval: 1m\ntests:\n")
    for t in range(args.tests):
        f.write(f"  - name: bench {t}\n    interval: 1m\n    input_series:\n")
        for s, v in series:
            f.write(f"      - series: '{s}'\n        values: '{v}'\n")
        f.write("    alert_rule_test:\n")
        f.write(f"      - eval_time: {args.hours * 60}m\n        alertname: BenchAlert{t % len(alerts)}\n        exp_alerts: []\n")
        f.write("    promql_expr_test:\n")
        f.write(f"      - expr: count(up)\n        eval_time: {args.hours * 60 - 1}m\n        exp_samples:\n          - value: {args.series - 3 * per_kind}\n")
print(f"wrote {args.out}/rules.yml ({len(rules)} recording, {len(alerts)} alerting) and {args.out}/tests.yml ({args.tests} tests, {args.series} series x {points + 1} points)")
