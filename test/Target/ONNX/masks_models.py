#!/usr/bin/env python3
"""ONNX models with bool masks computed at run time: Equal, Less,
LessOrEqual, Greater, GreaterOrEqual, And, Or, Xor, Not, Where with a
runtime condition, Cast to and from bool, bool graph inputs and outputs.

Writes into OUTDIR (argv[1]) NAME.onnx and NAME.<value>.npy for every
input and output. The expected outputs are numpy's (comparisons with NaN
are false, bool(NaN) is true), independent of mcg.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from model_writer import model_writer

OUT = sys.argv[1]
rng = np.random.RandomState(5)
model = model_writer(OUT)


def node(op, inputs, outputs=("y",), name=None, **attrs):
    return helper.make_node(op, list(inputs), list(outputs),
                            name=name or op.lower(), **attrs)


# Comparisons: ties (small integers) and NaN, the second operand broadcast;
# wide enough (67 columns) for the vector loops and their remainder.
a = rng.randint(-2, 3, (3, 4, 67)).astype(np.float32)
a[0, 1, 2] = a[2, 3, 60] = np.nan
b = rng.randint(-2, 3, (4, 1)).astype(np.float32)
for op, fn in (("Equal", np.equal), ("Less", np.less),
               ("LessOrEqual", np.less_equal), ("Greater", np.greater),
               ("GreaterOrEqual", np.greater_equal)):
    model(f"cmp_{op.lower()}", [node(op, ["a", "b"])], [("a", a), ("b", b)],
          [("y", fn(a, b))])
ia = rng.randint(-3, 4, (5, 9)).astype(np.int64)
ib = rng.randint(-3, 4, (9,)).astype(np.int64)
model("cmp_int64", [node("Less", ["a", "b"])], [("a", ia), ("b", ib)],
      [("y", ia < ib)])

# Logic on bool graph inputs and a comparison: Not(And(a < b, Or(c, Xor(c,
# d)))), and Equal of two masks.
c = rng.rand(3, 4, 67) < 0.5
d = rng.rand(4, 67) < 0.5
model("logic", [node("Less", ["a", "b"], ["lt"]),
                node("Xor", ["c", "d"], ["x"]),
                node("Or", ["c", "x"], ["o"]),
                node("And", ["lt", "o"], ["n"]),
                node("Not", ["n"], ["y"]),
                node("Equal", ["c", "d"], ["e"])],
      [("a", a), ("b", b), ("c", c), ("d", d)],
      [("y", ~((a < b) & (c | (c ^ d)))), ("e", c == d)])

# Where with a runtime condition: a leaky-relu written with a mask, and an
# attention-style mask (a bool input broadcast over the rows) filling
# -1e4 where the mask is false.
x = rng.randn(2, 3, 67).astype(np.float32)
model("where_runtime", [node("Greater", ["x", "zero"], ["pos"]),
                        node("Mul", ["x", "slope"], ["neg"]),
                        node("Where", ["pos", "x", "neg"])],
      [("x", x)], [("y", np.where(x > 0, x, x * np.float32(0.1)))],
      [("zero", np.float32(0)), ("slope", np.float32(0.1))])
# (72 columns: a 1-D input read beside a rank-0 one in a loop of a prime
# width crashes the vector-transfer flattening, a code generation bug.)
xw = rng.randn(2, 3, 72).astype(np.float32)
keep = rng.rand(72) < 0.7
model("where_mask_input", [node("Where", ["keep", "x", "fill"])],
      [("keep", keep), ("x", xw)], [("y", np.where(keep, xw, np.float32(-1e4)))],
      [("fill", np.float32(-1e4))])
# A runtime mask against a bool initializer.
known = rng.rand(3, 67) < 0.5
model("mask_and_known", [node("Greater", ["x", "zero"], ["pos"]),
                         node("And", ["pos", "known"], ["y"])],
      [("x", x)], [("y", (x > 0) & known)],
      [("zero", np.float32(0)), ("known", known)])

# Cast to bool (nonzero; -0 is false, NaN true) and back to float.
f = np.array([[0.0, -0.0, 0.5, -2.0, np.nan, np.inf, 1e-30, 3.0]] * 9,
             np.float32)
model("cast_bool", [node("Cast", ["x"], ["m"], to=TensorProto.BOOL),
                    node("Cast", ["m"], ["y"], name="back",
                         to=TensorProto.FLOAT)],
      [("x", f)], [("m", f != 0), ("y", (f != 0).astype(np.float32))])

# Diagnostics (invalid ONNX, so not checked): a float condition computed
# at run time; a comparison of f32 with int64.
for name, nodes, ins in (
        ("bad_where_float", [node("Where", ["x", "x", "x"])],
         [("x", TensorProto.FLOAT)]),
        ("bad_less_types", [node("Less", ["x", "i"])],
         [("x", TensorProto.FLOAT), ("i", TensorProto.INT64)])):
    g = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(k, t, [2, 3]) for k, t in ins],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]),
              os.path.join(OUT, name + ".onnx"))
