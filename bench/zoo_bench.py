#!/usr/bin/env python3
"""mcg against onnxruntime on torchvision's classification models.

    /usr/bin/python3 bench/zoo_bench.py [--models resnet18,resnet50] [--threads 1,2]
        [--repeat 20] [--runs 3] [--mcg-bin DIR] [--profile] [--markdown FILE]

For each model (random weights, eval mode, every BatchNorm given random
running statistics and affine parameters so that folding them is tested,
the classifier scaled so that the logits have standard deviation 1 and the
tolerances mean the same for every model):

1. Exports it once with torch.onnx.export(opset_version=13) at 1x3x224x224
   (inception_v3 at 1x3x299x299), with a fixed random input and torch's
   output for it as the reference, into build/zoo/ (NAME.onnx, NAME.x.npy,
   NAME.x.f32, NAME.logits.npy; kept and reused while they exist).
2. Imports it (`mcg-opt NAME.onnx`) and compiles it
   (`mcg-compile NAME.onnx --fold-constants --fuse`): the compile time is
   that command's wall time.
3. On each thread count, --runs times in alternation:
   `mcg-run NAME.onnx --fold-constants --fuse --threads T --repeat N
   --check logits=REF --rtol 1e-3 --atol 1e-4` and onnxruntime 1.30
   (npm onnxruntime-node, bench/ort_bench.js, all graph optimizations,
   intraOpNumThreads T); each side's figure is its best median.
4. mcg's GFLOP/s: the model's FLOPs (2 x multiply-adds of Conv, Gemm and
   MatMul, counted from the ONNX graph after shape inference) over mcg's
   one-thread latency, and its share of the machine's FMA peak
   (bench/fma_peak.c, built with clang-22 -O2 -march=native: independent
   FMA chains on the widest vectors; measured before and after the models,
   the higher figure counts).
5. On more than one thread, how dearly the cores hand data to each other
   (bench/core_handoff.c: two threads pass an 882 KiB feature map from
   one split to another), measured before each of the model's runs: the
   lowest and highest "other split" times go into the table. On the 2-core VM
   of sessions 15-16 it was 13-16 us in some hours and 45-55 us in others,
   and two-thread latencies moved with it (mobilenet_v2: 2.9 ms against
   4.2-4.5 ms), onnxruntime's less than mcg's: a two-thread ratio means
   little without it.

Prints a Markdown table (ratios are mcg / onnxruntime latency: above 1 means
mcg is slower), the geometric mean of the ratios over the models that ran,
and the peak. A model that fails to export, import or compile is listed with
the first line of the reason. Needs python3-torch, python3-torchvision,
python3-onnx, clang-22, node and npm (onnxruntime-node is installed into
bench/.ort). The machine must be quiet: every figure is a latency.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from codegen_bench import LAT, ensure_ort  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZOO = os.path.join(ROOT, "build", "zoo")

MODELS = ["resnet18", "resnet50", "mobilenet_v2", "mobilenet_v3_small", "efficientnet_b0",
          "squeezenet1_1", "shufflenet_v2_x1_0", "densenet121", "googlenet", "inception_v3",
          "regnet_y_400mf", "mnasnet1_0", "convnext_tiny", "vgg11", "alexnet", "vit_b_16"]
# Constructor arguments beyond weights=None: no auxiliary heads (they only
# run in training), and the initialization torchvision will default to.
BUILD_ARGS = {
    "googlenet": {"aux_logits": False, "init_weights": True},
    "inception_v3": {"aux_logits": False, "init_weights": True},
}
SIZE = {"inception_v3": 299}
INPUT, OUTPUT = "x", "logits"
RTOL, ATOL = 1e-3, 1e-4
TIMEOUT = 1800  # seconds for any one command
CHECK = re.compile(r"check \S+: max abs error (\S+), max rel error (\S+), (ok|FAIL.*)")


class Failed(Exception):
    """A model that did not get through a stage; the message is the first
    line of the reason."""

    def __init__(self, stage, reason):
        super().__init__(f"{stage}: {reason}")
        self.stage = stage


def first_line(text):
    """The first line that says what went wrong: the first `error:` line
    from `error:` on (without the file name before it), else the first."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if "error:" in line:
            return line[line.index("error:"):]
    return lines[0] if lines else "(no message)"


def run(cmd, stage, env=None, ok=(0,)):
    """Runs a command; raises Failed with the first line of its complaint
    if it exits with a status not in `ok` or times out."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failed(stage, f"timed out after {TIMEOUT} s")
    if proc.returncode not in ok:
        raise Failed(stage, first_line(proc.stderr + proc.stdout))
    return proc


# ---------------------------------------------------------------- export


def paths(name):
    base = os.path.join(ZOO, name)
    return {"onnx": base + ".onnx", "x": base + ".x.npy", "raw": base + ".x.f32",
            "ref": f"{base}.{OUTPUT}.npy"}


def randomize_batch_norms(model, gen):
    """Random running statistics (variance positive) and affine parameters
    for every BatchNorm, so that inference batch norm is not the identity."""
    import torch
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=gen) + 0.5)
            if m.affine:
                m.weight.data.copy_(torch.rand(n, generator=gen) + 0.5)
                m.bias.data.copy_(torch.randn(n, generator=gen) * 0.1)


def scale_classifier(model, x, gen):
    """Scales the last Linear or Conv2d (the classifier) so that the logits
    for `x` have standard deviation 1: rtol and atol then mean the same for
    every model (random weights give logits from 0.03 to 1e14 otherwise). A
    classifier initialized to zero (vit_b_16's head) first gets random
    weights, or the output would be all zeros and the check vacuous."""
    import torch
    last = [m for m in model.modules() if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))][-1]
    with torch.no_grad():
        if not last.weight.any():
            last.weight.normal_(0, last.weight[0].numel() ** -0.5, generator=gen)
        std = model(x).std()
        last.weight /= std
        if last.bias is not None:
            last.bias /= std


def export(name):
    """Writes the model, its input and torch's output into build/zoo/,
    unless they are there already."""
    p = paths(name)
    if all(os.path.exists(f) for f in p.values()):
        return
    import torch
    import torchvision
    seed = zlib.crc32(name.encode())
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    try:
        model = getattr(torchvision.models, name)(weights=None, **BUILD_ARGS.get(name, {}))
    except Exception as e:  # an unknown name, a constructor that changed
        raise Failed("export", f"{type(e).__name__}: {first_line(str(e))}")
    randomize_batch_norms(model, gen)
    model.eval()
    size = SIZE.get(name, 224)
    x = torch.randn(1, 3, size, size, generator=gen)
    scale_classifier(model, x, gen)
    os.makedirs(ZOO, exist_ok=True)
    tmp = p["onnx"] + ".tmp"
    try:
        with torch.no_grad():
            y = model(x)
        # Not under no_grad: there nn.MultiheadAttention (vit_b_16) takes a
        # fast path, _native_multi_head_attention, that has no ONNX export.
        with warnings.catch_warnings():  # tracer warnings, not ours to act on
            warnings.simplefilter("ignore")
            torch.onnx.export(model, x, tmp, opset_version=13,
                              input_names=[INPUT], output_names=[OUTPUT])
    except Exception as e:
        raise Failed("export", f"{type(e).__name__}: {first_line(str(e))}")
    np.save(p["x"], x.numpy())
    x.numpy().astype("<f4").tofile(p["raw"])
    np.save(p["ref"], y.numpy())
    os.replace(tmp, p["onnx"])  # last: its presence means the rest is there


def count_flops(onnx_path):
    """2 x multiply-adds of the model's Conv, ConvTranspose, Gemm and MatMul
    nodes, with shapes from ONNX shape inference."""
    import onnx
    from onnx import numpy_helper, shape_inference
    model = shape_inference.infer_shapes(onnx.load(onnx_path))
    g = model.graph
    shapes = {}
    for v in list(g.input) + list(g.value_info) + list(g.output):
        dims = v.type.tensor_type.shape.dim
        if all(d.HasField("dim_value") for d in dims):
            shapes[v.name] = [d.dim_value for d in dims]
    for t in g.initializer:
        shapes[t.name] = list(t.dims)
    for n in g.node:  # constants that torch left as Constant nodes
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            shapes[n.output[0]] = list(numpy_helper.to_array(n.attribute[0].t).shape)
    flops = 0
    for n in g.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
        ins = [shapes.get(i) for i in n.input]
        out = shapes.get(n.output[0])
        if n.op_type in ("Conv", "ConvTranspose") and ins[1] and out:
            w = ins[1]  # Conv: F x C/g x KH x KW; ConvTranspose: C x F/g x KH x KW
            if n.op_type == "Conv":
                flops += 2 * math.prod(out) * math.prod(w[1:])
            else:
                flops += 2 * math.prod(ins[0]) * math.prod(w[1:])
        elif n.op_type == "Gemm" and ins[0] and out:
            k = ins[0][0] if attrs.get("transA", 0) else ins[0][1]
            flops += 2 * math.prod(out) * k
        elif n.op_type == "MatMul" and ins[0] and out:
            flops += 2 * math.prod(out) * ins[0][-1]
    return flops


# ---------------------------------------------------------------- measure


def tool(args, name):
    return os.path.join(args.mcg_bin, name)


def check_import(args, name):
    """Imports the model (and verifies the graph) without printing weights."""
    run([tool(args, "mcg-opt"), paths(name)["onnx"], "-o", os.devnull,
         "--mlir-elide-resource-strings-if-larger=16"], "import")


def compile_time(args, name):
    """Wall time of mcg-compile with folding and fusion (one run)."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        run([tool(args, "mcg-compile"), paths(name)["onnx"], "--fold-constants", "--fuse",
             "-o", os.path.join(out, name)], "compile")
        return time.perf_counter() - start


def mcg_run(args, name, threads, extra=()):
    """One mcg-run: (median ms, check line match, stdout)."""
    p = paths(name)
    cmd = [tool(args, "mcg-run"), p["onnx"], "--fold-constants", "--fuse",
           f"--input={INPUT}={p['x']}", f"--check={OUTPUT}={p['ref']}",
           f"--rtol={RTOL}", f"--atol={ATOL}", f"--threads={threads}",
           "--repeat", str(args.repeat), *extra]
    proc = run(cmd, "run", ok=(0, 2))  # 2: the check failed, still timed
    lat = LAT.search(proc.stdout)
    if not lat:
        raise Failed("run", "mcg-run printed no latency: " + first_line(proc.stdout + proc.stderr))
    return float(lat.group(1)), CHECK.search(proc.stdout), proc.stdout


def ort_run(args, name, threads):
    p = paths(name)
    size = SIZE.get(name, 224)
    env = dict(os.environ, MCG_INPUT_SHAPE=json.dumps([1, 3, size, size]))
    proc = run(["node", args.ort, p["onnx"], INPUT, p["raw"], str(threads), str(args.repeat)],
               "onnxruntime", env=env)
    return float(LAT.search(proc.stdout).group(1))


def measure(args, name):
    """Everything the table says about one model, or raises Failed."""
    export(name)
    check_import(args, name)
    result = {"name": name, "compile_s": compile_time(args, name),
              "flops": count_flops(paths(name)["onnx"]), "mcg": {}, "ort": {}}
    handoff = []
    for threads in args.threads:
        mcg, ort = [], []
        for _ in range(args.runs):  # alternately, so that both see the same load
            if threads > 1 and os.cpu_count() > 1:
                handoff.append(core_handoff())
            ms, check, _ = mcg_run(args, name, threads)
            mcg.append(ms)
            ort.append(ort_run(args, name, threads))
            if check and (not result.get("check") or check.group(3) != "ok"):
                result["check"] = check  # a failing check wins
        result["mcg"][threads] = min(mcg)
        result["ort"][threads] = min(ort)
    if handoff:
        result["handoff"] = (min(handoff), max(handoff))
    if args.profile:
        result["profile"] = mcg_run(args, name, 1, ["--profile"])[2]
    return result


# ---------------------------------------------------------------- peak


def helper_program(name):
    """build/NAME, compiled from bench/NAME.c (clang-22 -O2 -march=native)
    when missing or older than its source."""
    exe = os.path.join(ROOT, "build", name)
    src = os.path.join(ROOT, "bench", name + ".c")
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        subprocess.run(["clang-22", "-O2", "-march=native", "-pthread", src, "-o", exe],
                       check=True)
    return exe


def fma_peak(threads):
    """GFLOP/s of bench/fma_peak.c on each thread count."""
    exe = helper_program("fma_peak")
    peak, what = {}, ""
    for t in threads:
        out = subprocess.run([exe, str(t)], capture_output=True, text=True, check=True).stdout
        peak[t] = float(re.search(r"fma peak: ([\d.]+) GFLOP/s", out).group(1))
        what = re.search(r"(\d+-bit vectors, \d+ chains)", out).group(1)
    return peak, what


def core_handoff():
    """bench/core_handoff.c's time (us) to read a feature map the other
    core wrote."""
    out = subprocess.run([helper_program("core_handoff")], capture_output=True, text=True,
                         check=True).stdout
    return float(re.search(r"other split ([\d.]+) us", out).group(1))


# ---------------------------------------------------------------- report


def on(t):
    return f"{t} thread" + ("s" if t > 1 else "")


def table(results, threads, peak, vectors):
    """The Markdown report, as a list of lines."""
    head = ["model"]
    for t in threads:
        head += [f"mcg {t}t (ms)", f"ort {t}t (ms)", f"mcg/ort {t}t"]
    handoff = any("handoff" in r for r in results)
    if handoff:
        head += ["core handoff (us)"]
    head += ["compile (s)", "GFLOP", f"mcg GFLOP/s ({threads[0]}t)", "% of peak",
             f"vs torch (rtol {RTOL:g}, atol {ATOL:g}): max error"]
    lines = ["| " + " | ".join(head) + " |",
             "|---|" + "---:|" * (len(head) - 2) + "---|"]
    ratios = {t: [] for t in threads}
    failures = []
    for r in results:
        if "error" in r:
            failures.append(r)
            lines.append(f"| {r['name']} |" + " - |" * (len(head) - 2)
                         + f" not run ({r['stage']}) |")
            continue
        cells = [r["name"]]
        for t in threads:
            ratio = r["mcg"][t] / r["ort"][t]
            ratios[t].append(ratio)
            cells += [f"{r['mcg'][t]:.2f}", f"{r['ort'][t]:.2f}", f"{ratio:.2f}"]
        if handoff:
            low, high = r.get("handoff", (None, None))
            cells += ["-" if low is None else f"{low:.0f}" if round(low) == round(high)
                      else f"{low:.0f}-{high:.0f}"]
        t0 = threads[0]
        gflops = r["flops"] / r["mcg"][t0] / 1e6
        check = r.get("check")
        numerics = (f"{'ok' if check.group(3) == 'ok' else 'FAIL'}, {check.group(1)} abs, "
                    f"{check.group(2)} rel" if check else "?")
        cells += [f"{r['compile_s']:.1f}", f"{r['flops'] / 1e9:.2f}", f"{gflops:.1f}",
                  f"{100 * gflops / peak[t0]:.0f}%", numerics]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for t in threads:
        if ratios[t]:
            geo = math.exp(sum(map(math.log, ratios[t])) / len(ratios[t]))
            lines.append(f"- geometric mean of mcg/ort on {on(t)}: "
                         f"**{geo:.2f}** over {len(ratios[t])} models "
                         f"(worst {max(ratios[t]):.2f})")
    lines.append(f"- FMA peak ({vectors}): "
                 + ", ".join(f"{peak[t]:.1f} GFLOP/s on {on(t)}" for t in threads))
    if handoff:
        lines.append("- core handoff: bench/core_handoff.c's time for one core to read and "
                     "rewrite 882 KiB the other wrote, lowest and highest before the model's "
                     "multi-thread runs (about 15 us in a fast hour of the 2-core VM, about 50 "
                     "in a slow one)")
    for r in failures:
        lines.append(f"- {r['name']} not run, {r['error']}")
    return lines


def profile_lines(results, top):
    """Each model's profile: mcg-run's lines after the latency, the first
    `top` of them (its table is sorted by time)."""
    lines = []
    for r in results:
        if "profile" not in r:
            continue
        body = [line for line in r["profile"].splitlines()
                if line.strip() and not line.startswith(("check ", "latency:"))]
        lines += ["", f"### {r['name']}: top kernels (mcg-run --profile, 1 thread)", "", "```",
                  *body[:top], "```"]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--models", default=",".join(MODELS),
                    help="comma-separated torchvision names (default: all %(default)s)")
    ap.add_argument("--threads", default="1,2", help="thread counts (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per command (%(default)s)")
    ap.add_argument("--runs", type=int, default=3,
                    help="alternating runs of each side; the best median counts (%(default)s)")
    ap.add_argument("--mcg-bin", default=os.path.join(ROOT, "build", "bin"),
                    help="directory of mcg-run, mcg-compile, mcg-opt (default %(default)s)")
    ap.add_argument("--profile", action="store_true",
                    help="print each model's top kernels (mcg-run --profile)")
    ap.add_argument("--profile-top", type=int, default=12, help="profile lines per model")
    ap.add_argument("--markdown", metavar="FILE", help="also write the report to FILE")
    args = ap.parse_args()
    args.models = [m for m in args.models.split(",") if m]
    args.threads = [int(t) for t in args.threads.split(",")]

    for exe in ("mcg-run", "mcg-compile", "mcg-opt"):
        if not os.access(tool(args, exe), os.X_OK):
            sys.exit(f"zoo_bench: no {exe} in {args.mcg_bin} (build with scripts/build.sh "
                     "or pass --mcg-bin)")
    if args.profile:
        help_text = subprocess.run([tool(args, "mcg-run"), "--help"], capture_output=True,
                                   text=True).stdout
        if "--profile" not in help_text:
            sys.exit(f"zoo_bench: --profile is unavailable: {tool(args, 'mcg-run')} "
                     "has no --profile option yet")
    args.ort = ensure_ort()

    peak, vectors = fma_peak(args.threads)
    print(f"FMA peak ({vectors}): "
          + ", ".join(f"{peak[t]:.1f} GFLOP/s on {on(t)}" for t in args.threads), flush=True)
    results = []
    for name in args.models:
        start = time.perf_counter()
        try:
            r = measure(args, name)
            summary = ", ".join(f"{t}t mcg {r['mcg'][t]:.2f} ms, ort {r['ort'][t]:.2f} ms"
                                for t in args.threads)
        except Failed as e:
            r = {"name": name, "stage": e.stage, "error": str(e)}
            summary = str(e)
        results.append(r)
        print(f"{name}: {summary} ({time.perf_counter() - start:.0f} s)", flush=True)

    # Measured again at the end: the higher figure is the less disturbed one.
    again, _ = fma_peak(args.threads)
    peak = {t: max(peak[t], again[t]) for t in args.threads}
    report = [f"Command: {' '.join(sys.argv)}", f"Load average at the end: "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}", "",
              *table(results, args.threads, peak, vectors), *profile_lines(results, args.profile_top)]
    print()
    print("\n".join(report))
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
