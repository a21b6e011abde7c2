#!/usr/bin/env python3
"""Times --prune-to on synthetic producer graphs of 10k, 100k and 1M ops.

    /usr/bin/python3 bench/prune_bench.py [--sizes 10000,100000,1000000] [--repeat 3]

For each size, generates the graph (bench/gen_graph.py, 8 outputs, cached
in bench/data/) and runs mcg-opt with -mlir-timing:
  * baseline: parse + verify + print, no pass (the same run's reference);
  * prune to out0 (the smallest cone), prune to all 8 outputs (marks every
    op, erases none), and prune to out0 with the JSON report (8 cones);
reporting the median over --repeat runs of the PruneTo pass time (from a run
with -verify-each=false: MLIR verifies the module after each pass, and that
verification, which is linear but costs more than the pass, would otherwise
be billed to the pass) and of the whole default mcg-opt process (wall clock,
verification included). Prints a Markdown table.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MCG_OPT = os.path.join(ROOT, "build", "bin", "mcg-opt")
DATA = os.path.join(ROOT, "bench", "data")
TIMING = re.compile(r"^\s*([\d.]+) \(\s*[\d.]+%\)\s+(\S.*?)\s*$")


def graph(n):
    os.makedirs(DATA, exist_ok=True)
    path = os.path.join(DATA, f"synthetic-{n}.mlir")
    if not os.path.exists(path):
        with open(path, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_graph.py"),
                            str(n), "8"], stdout=f, check=True)
    return path


def run(path, pass_args):
    cmd = [MCG_OPT, path, "-mlir-timing", "-o", os.devnull] + pass_args
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    phases = {}
    for line in proc.stderr.splitlines():
        m = TIMING.match(line)
        if m:
            phases[m.group(2)] = float(m.group(1))
    return wall, phases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    all_outputs = ",".join(f"out{j}" for j in range(8))
    report = os.path.join(DATA, "report.json")
    variants = [
        ("baseline (no pass)", []),
        ("prune-to=out0", ["--prune-to=out0"]),
        ("prune-to=all 8", [f"--prune-to={all_outputs}"]),
        ("prune-to=out0 + report", [f"--prune-to=out0 report={report}"]),
    ]
    rows = []
    for n in sizes:
        path = graph(n)
        for label, pass_args in variants:
            walls, prunes, parses = [], [], []
            for _ in range(args.repeat):
                wall, phases = run(path, pass_args)
                walls.append(wall)
                parses.append(phases.get("Parser", 0.0))
                if pass_args:
                    _, phases = run(path, pass_args + ["-verify-each=false"])
                prunes.append(phases.get("PruneTo", 0.0))
            rows.append((n, label, statistics.median(parses),
                         statistics.median(prunes), statistics.median(walls)))
            print(f"{n:>8} {label:<24} parse {rows[-1][2]:.3f} s  "
                  f"PruneTo {rows[-1][3]:.4f} s  mcg-opt {rows[-1][4]:.3f} s",
                  file=sys.stderr)
    print("| ops | run | parser (s) | PruneTo pass (s) | whole mcg-opt run (s) |")
    print("|---:|---|---:|---:|---:|")
    for n, label, parse, prune, wall in rows:
        prune_text = f"{prune:.4f}" if label != "baseline (no pass)" else "-"
        print(f"| {n:,} | {label} | {parse:.3f} | {prune_text} | {wall:.3f} |")
    # Linearity of the pass: time ratio for each 10x step in size.
    print()
    for label, _ in variants[1:]:
        times = {n: p for n, l, _, p, _ in rows if l == label}
        steps = [f"{sizes[i]:,}->{sizes[i + 1]:,}: x{times[sizes[i + 1]] / times[sizes[i]]:.2f}"
                 for i in range(len(sizes) - 1) if times[sizes[i]] > 0]
        print(f"- {label}: PruneTo time ratio per 10x ops: {', '.join(steps)}")


if __name__ == "__main__":
    main()
