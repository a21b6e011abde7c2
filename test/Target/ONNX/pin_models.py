#!/usr/bin/env python3
"""Models with symbolic dimensions, as exporters other than torch write them.

Writes into OUTDIR (argv[1]):

  symbolic  every input dimension symbolic (Paddle2ONNX style:
            `p2o.DynamicDimension.0`, `h`, `w`), a Reshape whose shape is
            computed from Shape, a graph output with a symbolic dimension
            and one with no shape at all; with an input for 1x3x8x6 and
            numpy's outputs;
  unranked  an input without a shape.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.RandomState(5)

w = rng.randn(4, 3, 1, 1).astype(np.float32)
x = rng.randn(1, 3, 8, 6).astype(np.float32)
conv = np.einsum("oc,nchw->nohw", w[:, :, 0, 0].astype(np.float64), x)
y = np.maximum(conv, 0).astype(np.float32)
flat = y.reshape(1, 4, 48)
np.save(os.path.join(OUT, "symbolic.x.npy"), x)
np.save(os.path.join(OUT, "symbolic.y.npy"), y)
np.save(os.path.join(OUT, "symbolic.flat.npy"), flat)

nodes = [
    helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
    helper.make_node("Relu", ["c"], ["y"], name="relu"),
    helper.make_node("Shape", ["y"], ["s"], name="shape"),
    helper.make_node("Slice", ["s", "zero", "two"], ["nc"], name="nc"),
    helper.make_node("Concat", ["nc", "minus1"], ["to"], axis=0, name="to"),
    helper.make_node("Reshape", ["y", "to"], ["flat"], name="flat"),
]
graph = helper.make_graph(
    nodes, "symbolic",
    [helper.make_tensor_value_info(
        "x", TensorProto.FLOAT, ["p2o.DynamicDimension.0", 3, "h", "w"])],
    [helper.make_tensor_value_info(
        "y", TensorProto.FLOAT, ["p2o.DynamicDimension.0", 4, "h", "w"]),
     helper.make_tensor_value_info("flat", TensorProto.FLOAT, None)],
    [numpy_helper.from_array(w, "w"),
     numpy_helper.from_array(np.int64([0]), "zero"),
     numpy_helper.from_array(np.int64([2]), "two"),
     numpy_helper.from_array(np.int64([-1]), "minus1")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.save(model, os.path.join(OUT, "symbolic.onnx"))

graph = helper.make_graph(
    [helper.make_node("Relu", ["x"], ["y"], name="r")], "unranked",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, None)],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.save(model, os.path.join(OUT, "unranked.onnx"))

graph = helper.make_graph(
    [helper.make_node("Identity", ["x"], ["y"], name="i")], "sequence",
    [helper.make_tensor_sequence_value_info("x", TensorProto.FLOAT, [2])],
    [helper.make_tensor_sequence_value_info("y", TensorProto.FLOAT, [2])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
onnx.save(model, os.path.join(OUT, "sequence.onnx"))
