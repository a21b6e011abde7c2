#!/usr/bin/env python3
"""Prunes each example model to each of its outputs and reports the slices.

    /usr/bin/python3 scripts/demo.py [MODEL.mlir|MODEL.onnx ...]

For every output of every model, runs `mcg-opt MODEL --prune-to=OUT` with a
JSON report, writes the pruned IR to out/<model>.<output>.mlir, and prints
what the min_consumer slice keeps and removes: ops, weight bytes, FLOPs.
Then draws the model with every output's slice in its own colour
(`mcg-viz --highlight`) to out/<model>.svg.

Without arguments: the two embedded models, then an ONNX model exported
from torchvision (examples/torchvision_two_heads.py: mobilenet_v3_small
with a second head, random weights), whose slices are also timed against
the full model with `mcg-run --random-inputs --repeat` (the tools come
from build/bin).
"""

import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MCG_OPT = os.path.join(ROOT, "build", "bin", "mcg-opt")
MCG_RUN = os.path.join(ROOT, "build", "bin", "mcg-run")
MCG_VIZ = os.path.join(ROOT, "build", "bin", "mcg-viz")
# What the demo times: a deployment's flags, on generated inputs.
RUN_FLAGS = ["--fold-constants", "--fuse", "--random-inputs", "--repeat", "20"]
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


def picture(path, base, names, collapse):
    """Draws the model with each output's slice in its colour; says where."""
    svg = os.path.join(OUT, f"{base}.svg")
    cmd = [MCG_VIZ, path, "--highlight=" + ",".join(names[:6]), "-o", svg]
    if collapse:
        cmd.append(f"--collapse={collapse}")
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"no picture: {done.stderr.strip()}")
        return
    print(f"picture of the slices: out/{base}.svg")


def report(model, path, collapse=0):
    """Prunes `path` to each output and prints the table; returns the names.
    Then draws the model (ops grouped by `collapse` name parts)."""
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
    picture(path, base, names, collapse)
    return names


def latency(path, prune=None):
    """(median, min) in ms of `mcg-run path RUN_FLAGS [--prune-to=prune]`."""
    cmd = [MCG_RUN, path] + RUN_FLAGS + ([f"--prune-to={prune}"] if prune else [])
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    match = re.search(r"latency: median ([0-9.]+) ms, min ([0-9.]+) ms", text)
    return float(match.group(1)), float(match.group(2))


def onnx_demo():
    """Exports the two-head torchvision network, reports and times it."""
    model = "out/two_heads.onnx"
    path = os.path.join(ROOT, model)
    try:
        subprocess.run([sys.executable, os.path.join(ROOT, "examples", "torchvision_two_heads.py"),
                        path], check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as e:
        print(f"\n== {model}: not exported (python3-torch and python3-torchvision "
              f"are needed; scripts/install-deps.sh installs them):\n{e.stderr.strip()}")
        return
    names = report(f"{model} (torchvision mobilenet_v3_small + a second head, random weights)",
                   path, collapse=2)
    print(f"\nlatency, mcg-run {' '.join(RUN_FLAGS)} (ratio: min against the full graph's min)")
    full = latency(path)
    print(f"{'full graph':<12} {full[0]:8.3f} ms median {full[1]:8.3f} ms min")
    for name in names:
        t = latency(path, name)
        print(f"{name:<12} {t[0]:8.3f} ms median {t[1]:8.3f} ms min  {t[1] / full[1]:5.2f}x")


def main():
    models = sys.argv[1:] or DEFAULT_MODELS
    os.makedirs(OUT, exist_ok=True)
    for model in models:
        path = os.path.join(ROOT, model) if not os.path.isabs(model) else model
        report(model, path)
    if not sys.argv[1:]:
        onnx_demo()


if __name__ == "__main__":
    main()
