#!/usr/bin/env python3
"""Real networks for the ONNX importer, exported by PyTorch.

Writes into OUTDIR, for each model, MODEL.onnx (torch.onnx.export, opset
13), MODEL.x.npy (a fixed random input) and MODEL.OUTPUT.npy (what torch
computes for it, float32):

  resnet18   torchvision's resnet18 with random weights (no download) and
             random batch-norm statistics, 1x3x224x224 -> 1x1000 'logits';
  multihead  a small backbone with three heads, 1x3x64x64 -> 'det'
             (1x12x16x16, conv), 'seg' (1x4x64x64, transposed convs),
             'cls' (1x10, pool + linear + softmax);
  scripted   torch.jit.script control flow (issue #16): an `if` on a
             tensor (an ONNX If) before the 'cls' head, and a loop run
             `n` times (an ONNX Loop with a run-time trip count) for
             'feat'. Two inputs, scripted.x.npy and scripted.xneg.npy
             (its negation), take the two branches, with n = 3
             (scripted.n.npy); their outputs are scripted.cls.npy,
             scripted.feat.npy, scripted.xneg.cls.npy and
             scripted.xneg.feat.npy;
  dynamic    issue #16's symbolic batch: a conv, batch norm, relu and
             `h.view(h.size(0), -1)` (Shape, Gather, Concat, Reshape) before
             a linear 'cls', and a second output 'feat' (the conv's), exported
             with dynamic_axes: every 'batch' dimension symbolic; an input
             and torch's outputs for batch 3.

Needs Debian's python3-torch and python3-torchvision.
"""

import argparse
import os

import numpy as np
import torch
import torchvision
from torch import nn


def randomize_batch_norms(model, gen):
    """Gives every BatchNorm random running statistics and affine
    parameters, so inference batch norm is not the identity."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=gen) * 0.1)


class MultiHead(nn.Module):
    def __init__(self):
        super().__init__()

        def block(cin, cout, stride):
            return nn.Sequential(
                nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
                nn.BatchNorm2d(cout), nn.ReLU())

        self.stem = nn.Sequential(block(3, 16, 2), block(16, 32, 2))
        self.det = nn.Sequential(block(32, 32, 1), nn.Conv2d(32, 12, 1))
        self.seg = nn.Sequential(
            nn.ConvTranspose2d(32, 16, 2, 2), nn.ReLU(),
            nn.ConvTranspose2d(16, 4, 2, 2))
        self.cls = nn.Sequential(
            block(32, 64, 2), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
            nn.Linear(64, 10), nn.Softmax(dim=1))

    def forward(self, x):
        f = self.stem(x)
        return self.det(f), self.seg(f), self.cls(f)


class Scripted(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(8, 8)
        self.l2 = nn.Linear(8, 8)
        self.head = nn.Linear(8, 4)

    def forward(self, x, n):
        h = self.l1(x)
        if h.sum() > 0:
            h = torch.relu(self.l2(h))
        else:
            h = h * 2.0
        g = h
        for _ in range(int(n)):
            g = torch.tanh(g) + x
        return self.head(h), g


class Dynamic(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, 2, 1)
        self.bn = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8 * 8 * 8, 10)

    def forward(self, x):
        f = self.conv(x)
        h = torch.relu(self.bn(f))
        return self.fc(h.view(h.size(0), -1)), f


def export_dynamic(outdir, gen):
    model = Dynamic().eval()
    randomize_batch_norms(model, gen)
    x = torch.randn(3, 3, 16, 16, generator=gen)
    with torch.no_grad():
        torch.onnx.export(
            model, x, os.path.join(outdir, "dynamic.onnx"), opset_version=13,
            input_names=["x"], output_names=["cls", "feat"],
            dynamic_axes={"x": {0: "batch"}, "cls": {0: "batch"},
                          "feat": {0: "batch"}})
        cls, feat = model(x)
    np.save(os.path.join(outdir, "dynamic.x.npy"), x.numpy())
    np.save(os.path.join(outdir, "dynamic.cls.npy"), cls.numpy())
    np.save(os.path.join(outdir, "dynamic.feat.npy"), feat.numpy())


def export_scripted(outdir, gen):
    model = torch.jit.script(Scripted().eval())
    x = torch.randn(2, 8, generator=gen) * 10
    n = torch.tensor(3)
    np.save(os.path.join(outdir, "scripted.n.npy"), n.numpy())
    with torch.no_grad():
        torch.onnx.export(model, (x, n), os.path.join(outdir, "scripted.onnx"),
                          opset_version=13, input_names=["x", "n"],
                          output_names=["cls", "feat"])
        for suffix, xi in (("", x), (".xneg", -x)):
            cls, feat = model(xi, n)
            np.save(os.path.join(outdir, f"scripted{suffix}.npy"
                                 if suffix else "scripted.x.npy"), xi.numpy())
            np.save(os.path.join(outdir, f"scripted{suffix}.cls.npy"),
                    cls.numpy())
            np.save(os.path.join(outdir, f"scripted{suffix}.feat.npy"),
                    feat.numpy())


def export(model, x, outputs, outdir, name):
    model.eval()
    path = os.path.join(outdir, name + ".onnx")
    with torch.no_grad():
        torch.onnx.export(model, x, path, opset_version=13,
                          input_names=["x"], output_names=outputs)
        ys = model(x)
    if isinstance(ys, torch.Tensor):
        ys = (ys,)
    np.save(os.path.join(outdir, name + ".x.npy"), x.numpy())
    for out, y in zip(outputs, ys):
        np.save(os.path.join(outdir, f"{name}.{out}.npy"), y.numpy())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)

    resnet = torchvision.models.resnet18(weights=None)
    randomize_batch_norms(resnet, gen)
    export(resnet, torch.randn(1, 3, 224, 224, generator=gen), ["logits"],
           args.outdir, "resnet18")

    multihead = MultiHead()
    randomize_batch_norms(multihead, gen)
    export(multihead, torch.randn(1, 3, 64, 64, generator=gen),
           ["det", "seg", "cls"], args.outdir, "multihead")

    export_scripted(args.outdir, gen)
    export_dynamic(args.outdir, gen)


if __name__ == "__main__":
    main()
