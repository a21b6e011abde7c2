#!/usr/bin/env python3
"""Extraction of an ONNX slice: mcg-opt against onnx.utils.extract_model.

    /usr/bin/python3 bench/extract_bench.py [--work DIR] [--repeat 3]
        [--model resnet152] [--output logits] [--only inline|'external data']

Exports a torchvision model with random weights (opset 13, static
1x3x224x224, input `input`, output `logits`; cached in --work, default
build/bench-extract) once with its weights inline and once with external
data (one data file beside the model), then extracts the slice that
computes --output from each, in the same run, with:

  * `cat` of the model's files to /dev/null: reading them once (the page
    cache is warm after the first repeat, as for every tool below);
  * onnx.utils.extract_model(model, out, ['input'], [output]) as a user
    calls it (checks the model before and after), and with
    check_model=False;
  * mcg-opt model.onnx --prune-to=OUTPUT -o out.onnx, with the weights
    kept where they are (--onnx-weights=keep, the default) and, for the
    external-data model, written to a new data file
    (--onnx-weights=data-file).

Each tool runs in a child process; the table gives the median wall time
over --repeat runs and the largest peak resident set size (ru_maxrss of
the child, from wait4), and both as ratios to extract_model's.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MCG_OPT = os.path.join(ROOT, "build", "bin", "mcg-opt")


def export(work, name, output):
    """The model with inline weights and with external data."""
    inline = os.path.join(work, "inline", name + ".onnx")
    ext = os.path.join(work, "ext", name + ".onnx")
    if not os.path.exists(inline):
        import torch
        import torchvision
        os.makedirs(os.path.dirname(inline), exist_ok=True)
        torch.manual_seed(0)
        model = getattr(torchvision.models, name)(weights=None).eval()
        torch.onnx.export(model, torch.randn(1, 3, 224, 224), inline,
                          opset_version=13, input_names=["input"],
                          output_names=[output], do_constant_folding=True)
    if not os.path.exists(ext):
        import onnx
        os.makedirs(os.path.dirname(ext), exist_ok=True)
        onnx.save(onnx.load(inline), ext, save_as_external_data=True,
                  all_tensors_to_one_file=True, location=name + ".data",
                  size_threshold=1024)
    return inline, ext


def measure(cmd, repeat):
    """Median wall seconds and the largest peak RSS (bytes) of `cmd`."""
    times, rss = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(cmd)}")
        rss = max(rss, usage.ru_maxrss * 1024)
    return statistics.median(times), rss


def extract_model(src, dst, output, check):
    code = ("import onnx.utils; onnx.utils.extract_model("
            f"{src!r}, {dst!r}, ['input'], [{output!r}], check_model={check})")
    return [sys.executable, "-c", code]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default=os.path.join(ROOT, "build",
                                                       "bench-extract"))
    parser.add_argument("--model", default="resnet152")
    parser.add_argument("--output", default="logits")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["inline", "external data"],
                        help="measure one kind of model file only")
    args = parser.parse_args()
    inline, ext = export(args.work, args.model, args.output)
    out = os.path.join(args.work, "out")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    data = os.path.join(os.path.dirname(ext), args.model + ".data")
    sizes = {"inline": os.path.getsize(inline),
             "external data": os.path.getsize(ext) + os.path.getsize(data)}
    slice_in_ext = os.path.join(os.path.dirname(ext), "slice.onnx")
    cases = {
        "inline": [
            ("cat (read the file once)", ["cat", inline]),
            ("onnx extract_model", extract_model(
                inline, os.path.join(out, "x.onnx"), args.output, True)),
            ("onnx extract_model, check_model=False", extract_model(
                inline, os.path.join(out, "x.onnx"), args.output, False)),
            ("mcg-opt --prune-to -o slice.onnx", [
                MCG_OPT, inline, f"--prune-to={args.output}",
                "-o", os.path.join(out, "slice.onnx")]),
        ],
        "external data": [
            ("cat (read the files once)", ["cat", ext, data]),
            ("onnx extract_model", extract_model(
                ext, os.path.join(out, "x.onnx"), args.output, True)),
            ("onnx extract_model, check_model=False", extract_model(
                ext, os.path.join(out, "x.onnx"), args.output, False)),
            ("mcg-opt, weights kept in place", [
                MCG_OPT, ext, f"--prune-to={args.output}", "-o",
                slice_in_ext]),
            ("mcg-opt, new data file", [
                MCG_OPT, ext, f"--prune-to={args.output}",
                "--onnx-weights=data-file", "-o",
                os.path.join(out, "slice.onnx")]),
        ],
    }
    print(f"{args.model}, output {args.output}, median of {args.repeat} "
          "runs; peak RSS of the child process\n")
    print("| model file | tool | wall time | peak RSS | time / extract_model "
          "| RSS / extract_model |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for kind, runs in cases.items():
        if args.only and kind != args.only:
            continue
        results = [(label, *measure(cmd, args.repeat)) for label, cmd in runs]
        base = next(r for r in results if r[0] == "onnx extract_model")
        for label, t, rss in results:
            print(f"| {kind} ({sizes[kind] / 1e6:.0f} MB) | {label} | "
                  f"{t:.2f} s | {rss / 1e6:.0f} MB | {t / base[1]:.2f} | "
                  f"{rss / base[2]:.2f} |")
    os.remove(slice_in_ext)


if __name__ == "__main__":
    main()
