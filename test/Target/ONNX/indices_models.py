#!/usr/bin/env python3
"""ONNX models whose runtime values are integer indices: ArgMax / ArgMin.

Writes into OUTDIR (argv[1]) NAME.onnx, NAME.x.npy and NAME.y.npy. The
expected outputs are numpy's (np.argmax / np.argmin; select_last_index as
the argmax of the reversed axis, as the ONNX definition writes it), so they
are independent of mcg. The inputs hold ties (small integers) and NaN,
which numpy's argmax and argmin treat as the extremum.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from model_writer import model_writer

OUT = sys.argv[1]
rng = np.random.RandomState(7)
model = model_writer(OUT)


def node(op, inputs, outputs=("y",), **attrs):
    return helper.make_node(op, list(inputs), list(outputs), name=op.lower(),
                            **attrs)


def arg(fn, x, axis, keepdims=1, last=0):
    if last:
        r = x.shape[axis] - 1 - fn(np.flip(x, axis), axis=axis)
    else:
        r = fn(x, axis=axis)
    r = r.astype(np.int64)
    return np.expand_dims(r, axis) if keepdims else r


ties = rng.randint(-2, 3, (2, 5, 4)).astype(np.float32)
ties[0, 1, 2] = ties[1, 0, 3] = ties[1, 3, 3] = np.nan
for op, fn in (("ArgMax", np.argmax), ("ArgMin", np.argmin)):
    low = op.lower()
    model(f"{low}_axis1", [node(op, ["x"], axis=1)], [("x", ties)],
          [("y", arg(fn, ties, 1))])
    model(f"{low}_last", [node(op, ["x"], axis=-1, keepdims=0,
                               select_last_index=1)],
          [("x", ties)], [("y", arg(fn, ties, 2, keepdims=0, last=1))])
    ints = rng.randint(-3, 4, (3, 6)).astype(np.int64)
    model(f"{low}_int64", [node(op, ["x"])], [("x", ints)],
          [("y", arg(fn, ints, 0))])

# ArgMax of a tensor known at import time is evaluated there: the graph
# adds a constant index table to its input.
table = rng.randn(3, 4).astype(np.float32)
xi = rng.randint(0, 9, (4,)).astype(np.int64)
model("argmax_known", [node("ArgMax", ["t"], ["i"], axis=0, keepdims=0),
                       node("Add", ["x", "i"])],
      [("x", xi)], [("y", xi + table.argmax(axis=0))], [("t", table)])

# Diagnostics: an axis out of range at run time (the op's verifier) and at
# import time (the evaluator).
bad_x = np.zeros((2, 3), np.float32)
bad = helper.make_graph(
    [node("ArgMax", ["x"], axis=2)], "bad_argmax_axis",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
    [helper.make_tensor_value_info("y", TensorProto.INT64, None)])
onnx.save(helper.make_model(bad, opset_imports=[helper.make_opsetid("", 13)]),
          os.path.join(OUT, "bad_argmax_axis.onnx"))
bad = helper.make_graph(
    [node("ArgMin", ["t"], axis=-3)], "bad_argmin_known",
    [], [helper.make_tensor_value_info("y", TensorProto.INT64, None)],
    [numpy_helper.from_array(bad_x, "t")])
onnx.save(helper.make_model(bad, opset_imports=[helper.make_opsetid("", 13)]),
          os.path.join(OUT, "bad_argmin_known.onnx"))
