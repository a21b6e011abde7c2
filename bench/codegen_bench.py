#!/usr/bin/env python3
"""Speed of mcg's generated code against baselines measured in the same run.

    /usr/bin/python3 bench/codegen_bench.py [--repeat 50]

1. sgemm N x N x N (N = 256, 512, 1024): mcg-run on a one-matmul graph
   against OpenBLAS's cblas_sgemm (bench/sgemm_openblas.c), on one thread
   and on two. The baseline runs without OPENBLAS_CORETYPE and
   OPENBLAS_L2_SIZE (an environment may set them to force the AVX2 kernel)
   and with OPENBLAS_VERBOSE=2; the kernel OpenBLAS reports is printed.
2. The multi-head example: mcg-run on the full graph and on each output's
   min_consumer slice, plain and with --fold-constants --fuse, against
   onnxruntime 1.30 (npm onnxruntime-node) running the full model
   (examples/gen_examples.py --onnx), on one thread and on two.

Needs libopenblas-dev (apt) and onnxruntime-node (npm, installed here into
bench/.ort with --ignore-scripts). Every
figure is the best of 3 runs' medians. Prints Markdown tables (ms) and
ratios. No test asserts a time.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "bin")
ORT_DIR = os.path.join(ROOT, "bench", ".ort")
LAT = re.compile(r"latency: median ([\d.]+) ms, min ([\d.]+) ms")


ROUNDS = 3


# Set in some environments to work around old OpenBLAS bugs; they force
# OpenBLAS's Haswell (AVX2) kernel, which runs at half the speed of the one
# it picks itself on an AVX-512 machine. Removed for the baseline only.
OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
CORE = re.compile(r"Core: (\S+)")


def latency(cmd, env=None, stderr=None):
    """The best of ROUNDS runs' (median, min) latencies: the machine is
    shared, and the best median is the least disturbed one. `env` is the
    whole environment (default: ours); `stderr`, if a list, receives each
    run's standard error."""
    best = None
    for _ in range(ROUNDS):
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True,
                              env=env if env is not None else os.environ)
        if stderr is not None:
            stderr.append(proc.stderr)
        m = LAT.search(proc.stdout)
        value = (float(m.group(1)), float(m.group(2)))
        best = value if best is None or value[0] < best[0] else best
    return best


def with_env(**extra):
    """Our environment plus `extra`."""
    return dict(os.environ, **extra)


def openblas_env(threads):
    """The baseline's environment: ours without the variables that force a
    kernel, so that OpenBLAS picks the one for this CPU, and with
    OPENBLAS_VERBOSE=2 so that it says which one (`Core: ...` on stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_OVERRIDES}
    env.update(OPENBLAS_NUM_THREADS=str(threads), OPENBLAS_VERBOSE="2")
    return env


def ensure_ort():
    if not os.path.isdir(os.path.join(ORT_DIR, "node_modules", "onnxruntime-node")):
        os.makedirs(ORT_DIR, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", ORT_DIR, "--ignore-scripts",
                        "onnxruntime-node@1.30"], check=True, capture_output=True)
    script = os.path.join(ORT_DIR, "ort_bench.js")
    with open(os.path.join(ROOT, "bench", "ort_bench.js")) as src, open(script, "w") as dst:
        dst.write(src.read())
    return script


def sgemm(work, repeat, sizes=(256, 512, 1024)):
    exe = os.path.join(work, "sgemm_openblas")
    built = subprocess.run(["cc", "-O2", os.path.join(ROOT, "bench", "sgemm_openblas.c"),
                            "-I/usr/include/x86_64-linux-gnu", "-lopenblas", "-o", exe],
                           capture_output=True, text=True)
    if built.returncode != 0:
        sys.exit("codegen_bench.py: error: cannot build the OpenBLAS baseline "
                 "(bench/sgemm_openblas.c); it needs libopenblas-dev (apt):\n"
                 + built.stderr.strip())
    rows = []
    cores = set()
    for n in sizes:
        model = os.path.join(work, f"mm{n}.mlir")
        t = f"tensor<{n}x{n}xf32>"
        with open(model, "w") as f:
            f.write(f'cgraph.graph @mm(%a: {t} as "a", %b: {t} as "b") -> ({t} as "c") {{\n'
                    f"  %c = cgraph.matmul %a, %b : ({t}, {t}) -> {t}\n"
                    f"  cgraph.output %c : {t}\n}}\n")
        for name in "ab":
            np.save(os.path.join(work, f"{name}{n}.npy"), np.random.RandomState(n).randn(n, n).astype(np.float32))
        flops = 2 * n ** 3
        for threads in (1, 2):
            ours = latency([os.path.join(BIN, "mcg-run"), model, f"--input=a={work}/a{n}.npy",
                            f"--input=b={work}/b{n}.npy", f"--threads={threads}",
                            "--repeat", str(repeat)])
            logs = []
            blas = latency([exe, str(n), str(repeat)], openblas_env(threads), logs)
            cores.update(m.group(1) for log in logs for m in CORE.finditer(log))
            rows.append((n, threads, ours[0], flops / ours[0] / 1e6, blas[0],
                         flops / blas[0] / 1e6, blas[0] / ours[0]))
    dropped = [k for k in OPENBLAS_OVERRIDES if k in os.environ]
    print(f"OpenBLAS kernel: {', '.join(sorted(cores)) or 'not reported'} (OPENBLAS_VERBOSE=2"
          + (f"; {' and '.join(dropped)} removed for the baseline" if dropped else "") + ")\n")
    print("| N | threads | mcg (ms) | mcg GFLOP/s | OpenBLAS (ms) | OpenBLAS GFLOP/s | mcg / OpenBLAS speed |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, t, o, og, b, bg, r in rows:
        print(f"| {n} | {t} | {o:.3f} | {og:.1f} | {b:.3f} | {bg:.1f} | {100 * r:.0f}% |")


def model(work, repeat):
    ort = ensure_ort()
    subprocess.run([sys.executable, os.path.join(ROOT, "examples", "gen_examples.py"),
                    os.path.join(work, "models"), "--reference", os.path.join(work, "ref"),
                    "--onnx", os.path.join(work, "onnx")], check=True)
    image = os.path.join(work, "ref", "multihead.image.npy")
    raw = os.path.join(work, "image.f32")
    np.load(image).astype("<f4").tofile(raw)
    onnx = [latency(["node", ort, os.path.join(work, "onnx", "multihead.onnx"), "image", raw,
                     str(threads), str(repeat)], with_env(MCG_INPUT_SHAPE="[1,3,64,64]"))[0]
            for threads in (1, 2)]
    mh = os.path.join(ROOT, "examples", "multihead.mlir")
    rows = []
    for label, prune in (("full graph", []), ("cls slice", ["--prune-to=cls"]),
                         ("seg slice", ["--prune-to=seg"]), ("det slice", ["--prune-to=det"])):
        run = [os.path.join(BIN, "mcg-run"), mh, *prune, f"--input=image={image}",
               "--repeat", str(repeat)]
        plain = latency(run)[0]
        opt = latency(run + ["--fold-constants", "--fuse"])[0]
        opt2 = latency(run + ["--fold-constants", "--fuse", "--threads=2"])[0]
        rows.append((label, plain, opt, opt2))
    print(f"onnxruntime 1.30, full model: {onnx[0]:.3f} ms (1 thread), {onnx[1]:.3f} ms (2 threads)\n")
    print("| mcg | plain, 1 thread (ms) | fold+fuse, 1 thread (ms) | fold+fuse, 2 threads (ms) | "
          "vs full graph (fold+fuse, 1 thread) | vs onnxruntime full, 1 thread | "
          "vs onnxruntime full, 2 threads (both 2 threads) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    full_opt = rows[0][2]
    for label, plain, opt, opt2 in rows:
        print(f"| {label} | {plain:.3f} | {opt:.3f} | {opt2:.3f} | {full_opt / opt:.2f}x | "
              f"{onnx[0] / opt:.2f}x | {onnx[1] / opt2:.2f}x |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        sgemm(work, max(args.repeat // 2, 10))
        print()
        model(work, args.repeat)


if __name__ == "__main__":
    main()
