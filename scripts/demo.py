#!/usr/bin/env python3
"""Prunes each example model to each of its outputs and reports the slices.

    /usr/bin/python3 scripts/demo.py [MODEL.mlir ...]

For every output of every model, runs `mcg-opt MODEL --prune-to=OUT` with a
JSON report, writes the pruned IR to out/<model>.<output>.mlir, and prints
what the min_consumer slice keeps and removes: ops, weight bytes, FLOPs.
"""

import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MCG_OPT = os.path.join(ROOT, "build", "bin", "mcg-opt")
OUT = os.path.join(ROOT, "out")
DEFAULT_MODELS = ["examples/multihead.mlir", "examples/two_tower.mlir"]


def output_names(model):
    """Reads output_names from the generic form, as any tool can."""
    generic = subprocess.run([MCG_OPT, model, "-mlir-print-op-generic"],
                             check=True, capture_output=True, text=True).stdout
    match = re.search(r'output_names = \[([^\]]*)\]', generic)
    return re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))


def human(n, unit=""):
    for scale, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= scale:
            return f"{n / scale:.2f} {suffix}{unit}"
    return f"{n} {unit}".rstrip()


def pct(part, whole):
    return f"{100.0 * part / whole:5.1f}%" if whole else "    -"


def main():
    models = sys.argv[1:] or DEFAULT_MODELS
    os.makedirs(OUT, exist_ok=True)
    for model in models:
        path = os.path.join(ROOT, model) if not os.path.isabs(model) else model
        base = os.path.splitext(os.path.basename(path))[0]
        names = output_names(path)
        print(f"\n== {model}: outputs {', '.join(names)}")
        header = (f"{'slice':<12} {'ops kept':>15} {'removed':>8}  "
                  f"{'weights kept':>20} {'removed':>10}  "
                  f"{'FLOPs kept':>20} {'removed':>10}  {'exclusive ops':>13}")
        print(header)
        print("-" * len(header))
        for name in names:
            ir = os.path.join(OUT, f"{base}.{name}.mlir")
            report_file = os.path.join(OUT, f"{base}.{name}.json")
            subprocess.run([MCG_OPT, path, f"--prune-to={name} report={report_file}",
                            "-o", ir], check=True)
            with open(report_file) as f:
                report = json.load(f)
            before, after, removed = report["before"], report["after"], report["removed"]
            mine = next(o for o in report["outputs"] if o["name"] == name)
            print(f"{name:<12} "
                  f"{after['ops']:>6} ({pct(after['ops'], before['ops'])}) "
                  f"{removed['ops']:>8}  "
                  f"{human(after['weight_bytes'], 'B'):>11} ({pct(after['weight_bytes'], before['weight_bytes'])}) "
                  f"{human(removed['weight_bytes'], 'B'):>10}  "
                  f"{human(after['flops']):>11} ({pct(after['flops'], before['flops'])}) "
                  f"{human(removed['flops']):>10}  "
                  f"{mine['exclusive']['ops']:>13}")
        print(f"{'full graph':<12} {before['ops']:>6} {'':8} {'':8}  "
              f"{human(before['weight_bytes'], 'B'):>11} {'':19}  "
              f"{human(before['flops']):>11}")
        print(f"pruned IR and JSON reports: out/{base}.<output>.mlir / .json")


if __name__ == "__main__":
    main()
