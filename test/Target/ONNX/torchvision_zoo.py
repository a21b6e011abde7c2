#!/usr/bin/env python3
"""torchvision's models through mcg, against torch.

For each model (every classification architecture of torchvision 0.14 by
default, then the segmentation models fcn_resnet50,
deeplabv3_mobilenet_v3_large and lraspp_mobilenet_v3_large): build it with
random weights and random batch-norm statistics (eval mode, no download),
export it with torch.onnx.export (opset 13, static 1x3x224x224 input 'x'),
cache the .onnx file, the input and torch's float32 outputs under --cache,
then run `mcg-run MODEL.onnx --fold-constants --fuse` on the input and
compare every output with torch's at --rtol / --atol (1e-3 / 1e-4). For
the segmentation models with an `aux` head, also report what
`--prune-to=out` removes (ops, weight bytes, FLOPs).

Where random batch-norm statistics let activations grow large (resnet101's
logits reach 1.5e7), float32 rounding alone puts torch's own result outside
that tolerance of the exact one. On such a mismatch the model is rebuilt in
float64 and both float32 results are measured against it: the model
counts as "match (float64)" when every element of mcg's output is within
atol + rtol * |ref| + K * e of the float64 reference, e being torch
float32's largest error against it (K = --f32-factor, 4: two float32
implementations that sum in different orders differ by a small factor;
measured 1.4x to 3.1x on resnet101 and fcn_resnet50). The line says so,
with both errors; anything worse is a mismatch.

Prints one line per model and a markdown table (--markdown FILE writes it
too). Exits 1 if any model that torch exports fails in mcg.

  torchvision_zoo.py --bindir build/bin --cache build/torchvision-zoo
  torchvision_zoo.py --bindir build/bin --models 'mobilenet_v3_small|shufflenet'

Needs Debian's python3-torch and python3-torchvision.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import torch
import torchvision
from torch import nn

SEGMENTATION = ["fcn_resnet50", "deeplabv3_mobilenet_v3_large",
                "lraspp_mobilenet_v3_large"]


def randomize(model, gen):
    """Random running statistics and affine parameters for every batch
    norm, so that inference batch norm is not the identity; random weights
    for linear layers initialized to zeros (ViT's head), so that the
    output is not trivially zero."""
    for m in model.modules():
        if isinstance(m, nn.Linear) and not m.weight.detach().any():
            m.weight.data.copy_(
                torch.randn(m.weight.shape, generator=gen) * 0.02)
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=gen) + 0.5)
            if m.affine:
                m.weight.data.copy_(torch.rand(n, generator=gen) + 0.5)
                m.bias.data.copy_(torch.randn(n, generator=gen) * 0.1)


class Heads(nn.Module):
    """A segmentation model's OrderedDict of heads as a tuple."""

    def __init__(self, model, names):
        super().__init__()
        self.model, self.names = model, names

    def forward(self, x):
        out = self.model(x)
        return tuple(out[n] for n in self.names)


def build(name):
    if name in SEGMENTATION:
        kwargs = {"weights": None, "weights_backbone": None}
        if not name.startswith("lraspp"):
            kwargs["aux_loss"] = True
        model = torchvision.models.get_model(name, **kwargs)
        names = ["out", "aux"] if kwargs.get("aux_loss") else ["out"]
        return Heads(model, names), names
    return torchvision.models.get_model(name, weights=None), ["logits"]


def onnx_path(cache, name):
    """Each model in its own directory: models above 2 GB are exported
    with one external data file per weight, named after the weight, which
    would collide between models. (A flat NAME.onnx from an older cache
    is still read.)"""
    flat = os.path.join(cache, name + ".onnx")
    return flat if os.path.exists(flat) else os.path.join(cache, name,
                                                           name + ".onnx")


def export(name, cache):
    """Exports `name` into `cache` unless it is there; returns the output
    names, or raises."""
    meta = os.path.join(cache, name + ".json")
    if os.path.exists(meta):
        with open(meta) as f:
            return json.load(f)["outputs"]
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model, outputs = build(name)
    randomize(model, gen)
    model.eval()
    x = torch.randn(1, 3, 224, 224, generator=gen)
    path = os.path.join(cache, name, name + ".onnx")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Exported with autograd on: under no_grad, nn.MultiheadAttention
    # takes a fused fast path (aten::_native_multi_head_attention) that
    # the opset-13 exporter does not know.
    torch.onnx.export(model, x, path, opset_version=13,
                      input_names=["x"], output_names=outputs)
    with torch.no_grad():
        ys = model(x)
    if isinstance(ys, torch.Tensor):
        ys = (ys,)
    np.save(os.path.join(cache, name + ".x.npy"), x.numpy())
    for out, y in zip(outputs, ys):
        np.save(os.path.join(cache, f"{name}.{out}.npy"), y.numpy())
    with open(meta, "w") as f:
        json.dump({"outputs": outputs}, f)
    return outputs


def float64_check(args, name, outputs):
    """For a mismatch against torch float32: torch's float32 and mcg's
    errors against torch in float64 (the model rebuilt from the same
    seeds), per output, and whether mcg is within atol + rtol * |ref| +
    f32_factor * (torch float32's largest error) of it everywhere."""
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model, _ = build(name)
    randomize(model, gen)
    model.eval().double()
    x = torch.from_numpy(np.load(os.path.join(args.cache, name + ".x.npy")))
    with torch.no_grad():
        ys = model(x.double())
    if isinstance(ys, torch.Tensor):
        ys = (ys,)
    parts, ok = [], True
    for out, y in zip(outputs, ys):
        y = y.numpy()
        t32 = np.load(os.path.join(args.cache, f"{name}.{out}.npy"))
        mcg = np.load(os.path.join(args.cache, f"{name}.{out}.mcg.npy"))
        e_torch = np.abs(t32 - y).max()
        e_mcg = np.abs(mcg - y)
        tol = args.atol + args.rtol * np.abs(y) + args.f32_factor * e_torch
        bad = int((e_mcg > tol).sum())
        ok &= bad == 0
        parts.append(f"{out}: vs float64 torch (max abs {np.abs(y).max():.3g}), "
                     f"torch f32 {e_torch:.3g}, mcg {e_mcg.max():.3g}"
                     + (f", {bad} elements beyond {args.f32_factor:g}x "
                        "torch f32's error" if bad else ""))
    return "; ".join(parts), ok


def run(args, name, outputs):
    cmd = [os.path.join(args.bindir, "mcg-run"),
           onnx_path(args.cache, name), "--fold-constants",
           "--fuse", "--input=x=" + os.path.join(args.cache, name + ".x.npy"),
           "--rtol", str(args.rtol), "--atol", str(args.atol)]
    for out in outputs:
        cmd.append(f"--check={out}=" +
                   os.path.join(args.cache, f"{name}.{out}.npy"))
        cmd.append(f"--output={out}=" +
                   os.path.join(args.cache, f"{name}.{out}.mcg.npy"))
    start = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return "timeout", f"over {args.timeout} s", time.time() - start
    elapsed = time.time() - start
    errors = re.findall(r"max abs error (\S+), max rel error (\S+), (\w+)",
                        p.stdout)
    if p.returncode == 0 and errors and all(e[2] == "ok" for e in errors):
        scale = [float(np.abs(np.load(os.path.join(
            args.cache, f"{name}.{o}.npy"))).max()) for o in outputs]
        detail = ", ".join(f"{o} {e[0]} (max abs {s:.3g})"
                           for o, e, s in zip(outputs, errors, scale))
        return "match", "max abs error " + detail, elapsed
    text = (p.stderr.strip() or p.stdout.strip()).splitlines()
    first = next((line for line in text if "error" in line),
                 text[0] if text else f"exit {p.returncode}")
    if not errors:
        return "fails", first[:200], elapsed
    detail = "; ".join(f"{o} max abs error {e[0]}" for o, e in
                       zip(outputs, errors))
    try:
        text, ok = float64_check(args, name, outputs)
    except Exception as e:  # noqa: BLE001
        return "mismatch", detail + f"; no float64 reference ({e})", elapsed
    if ok:
        return ("match (float64)", f"{text}; against torch float32: {detail}",
                elapsed)
    return "mismatch", detail + "; " + text, elapsed


def prune_report(args, name):
    report = os.path.join(args.cache, name + ".prune-out.json")
    cmd = [os.path.join(args.bindir, "mcg-opt"), onnx_path(args.cache, name),
           f"--prune-to=out report={report}", "-o", os.devnull]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        return "prune failed: " + p.stderr.strip()[:120]
    with open(report) as f:
        r = json.load(f)
    before, after = r["before"], r["after"]
    return ("--prune-to=out removes "
            f"{before['ops'] - after['ops']} of {before['ops']} ops, "
            f"{before['weight_bytes'] - after['weight_bytes']} of "
            f"{before['weight_bytes']} weight bytes, "
            f"{before['flops'] - after['flops']} of {before['flops']} FLOPs")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bindir", required=True)
    ap.add_argument("--cache", default="build/torchvision-zoo")
    ap.add_argument("--models", help="regex: only the matching models")
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--f32-factor", type=float, default=4.0,
                    help="on a mismatch, mcg may be this many times torch "
                    "float32's error away from torch float64")
    ap.add_argument("--timeout", type=int, default=3600,
                    help="seconds for one mcg-run")
    ap.add_argument("--markdown", help="also write the table here")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)

    names = torchvision.models.list_models(module=torchvision.models)
    names = names + SEGMENTATION
    if args.models:
        names = [n for n in names if re.search(args.models, n)]
    rows, failed = [], 0
    for name in names:
        try:
            outputs = export(name, args.cache)
        except Exception as e:  # noqa: BLE001: torch's exporter raises anything
            rows.append((name, "not exported", str(e).splitlines()[0][:160],
                         0.0))
            print(f"{name}: not exported: {rows[-1][2]}", flush=True)
            continue
        status, detail, elapsed = run(args, name, outputs)
        if status != "fails" and status != "timeout" and "aux" in outputs:
            detail += "; " + prune_report(args, name)
        failed += not status.startswith("match")
        rows.append((name, status, detail, elapsed))
        print(f"{name}: {status} ({elapsed:.0f} s): {detail}", flush=True)

    table = ["| model | result | detail | mcg-run time |", "|---|---|---|---|"]
    for name, status, detail, elapsed in rows:
        table.append(f"| {name} | {status} | {detail.replace('|', '/')} | "
                     f"{elapsed:.0f} s |")
    matched = sum(r[1] == "match" for r in rows)
    by64 = sum(r[1] == "match (float64)" for r in rows)
    summary = (f"{len(rows)} models: {matched} match torch, {by64} match "
               f"torch float64 within {args.f32_factor:g}x torch float32's "
               f"own error, {failed} fail, "
               f"{sum(r[1] == 'not exported' for r in rows)} not exported")
    text = "\n".join(table) + "\n\n" + summary + "\n"
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
