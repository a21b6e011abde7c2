#!/usr/bin/env python3
"""Adds an inner tensor of an ONNX model as one more graph output.

    expose_tensor.py MODEL.onnx TENSOR OUT.onnx

The output takes the tensor's type from ONNX's shape inference. Used to get
the full model's inner tensor, to run a graph cut there (`--prune-to
inputs=TENSOR`) on it.
"""

import sys

import onnx

src, tensor, dst = sys.argv[1:4]
model = onnx.shape_inference.infer_shapes(onnx.load(src))
info = [v for v in model.graph.value_info if v.name == tensor]
if not info:
    sys.exit(f"no inferred type for tensor '{tensor}' in {src}")
model.graph.output.append(info[0])
onnx.save(model, dst)
