#!/usr/bin/env python3
"""Models whose shape and mask subgraphs the importer evaluates.

Writes into OUTDIR (argv[1]):

  reshape_by_shape  torch.onnx.export (opset 13) of a module doing
                    `n, _, h, w = d.shape; d.reshape(n, 2, 5, h * w)` and
                    `torch.chunk` (a Slice whose bounds come from Shape, Div
                    and Mul), with its input and torch's output;
  known_ops         onnx.helper: Shape, Size, ConstantOfShape, Range, Equal,
                    Where, Not, Mod, Cast, ScatterND, Tile, Slice with a
                    negative step, ReduceProd, Expand, Concat, Gather and
                    Unsqueeze on known tensors, feeding runtime ops, with
                    numpy's output;
  and one model per evaluation diagnostic.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.RandomState(3)


def save(name, nodes, inputs, outputs, inits=(), opset=13, check=True):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    if check:  # onnx 1.12's checker wants every output's shape
        onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


def vi(name, shape, elt=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elt, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def node(op, ins, outs, **attrs):
    return helper.make_node(op, ins, outs, name=outs[0], **attrs)


# -- torch: the reshape-by-x.shape pattern and a computed Slice -------------
import torch  # noqa: E402


class ReshapeByShape(torch.nn.Module):
    def forward(self, d):
        n, _, h, w = d.shape
        a, b = d.chunk(2, dim=1)
        return torch.cat([b, a], 1).reshape(n, 2, 5, h * w)


x = torch.randn(1, 10, 4, 6)
torch.onnx.export(ReshapeByShape(), x,
                  os.path.join(OUT, "reshape_by_shape.onnx"),
                  opset_version=13, input_names=["d"], output_names=["y"])
np.save(os.path.join(OUT, "reshape_by_shape.d.npy"), x.numpy())
np.save(os.path.join(OUT, "reshape_by_shape.y.npy"),
        ReshapeByShape()(x).numpy())

# -- onnx.helper: the evaluated ops ------------------------------------------
x = rng.randn(2, 3, 4).astype(np.float32)
scat = np.arange(12, dtype=np.float32).reshape(3, 4)
scat[1] = [-1, -2, -3, -4]
rows = np.arange(4) % 3 == 1                        # Range, Mod, Equal
mask = np.where(~rows, np.float32(0), np.float32(-100))  # Not, Where
tiled = np.tile(np.float32([1, 2]), 2)              # Tile
rev = scat[::-1, ::-2]                              # Slice, negative steps
y = x * np.ones((2, 3, 4), np.float32) + mask + scat + tiled
y = y.reshape(24)[np.newaxis]                       # ReduceProd of the shape
y = np.concatenate([y, np.broadcast_to(rev.reshape(1, 6)[:, :2], (1, 2)) * 1],
                   1).astype(np.float32)
np.save(os.path.join(OUT, "known_ops.x.npy"), x)
np.save(os.path.join(OUT, "known_ops.y.npy"), y)
one = helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])
save("known_ops", [
    node("Shape", ["x"], ["shape"]),
    node("ConstantOfShape", ["shape"], ["ones"], value=one),
    node("Mul", ["x", "ones"], ["t0"]),
    node("Size", ["x"], ["size"]),
    node("Range", ["zero", "four", "step"], ["r"]),
    node("Mod", ["r", "three"], ["m"]),
    node("Equal", ["m", "onei"], ["eq"]),
    node("Not", ["eq"], ["neq"]),
    node("Cast", ["m"], ["mf"], to=TensorProto.FLOAT),
    node("Where", ["neq", "zerof", "minus100"], ["mask"]),
    node("Add", ["t0", "mask"], ["t1"]),
    node("ScatterND", ["base", "idx", "upd"], ["scat"]),
    node("Add", ["t1", "scat"], ["t2"]),
    node("Tile", ["pair", "two"], ["tiled"]),
    node("Add", ["t2", "tiled"], ["t3"]),
    node("ReduceProd", ["shape"], ["count"], keepdims=1),
    node("Concat", ["onei", "count"], ["flat"], axis=0),
    node("Reshape", ["t3", "flat"], ["t4"]),
    node("Slice", ["base2", "st", "en", "ax", "sp"], ["rev"]),
    node("Reshape", ["rev", "one_six"], ["rev2"]),
    node("Gather", ["sel", "zeroi"], ["sel0"]),
    node("Unsqueeze", ["sel0", "zeroi1"], ["sel1"]),
    node("Slice", ["rev2", "zeroi1", "sel1", "onei"], ["head"]),
    node("Expand", ["head", "one_two"], ["head2"]),
    node("Concat", ["t4", "head2"], ["y"], axis=1),
], [vi("x", [2, 3, 4])], [vi("y", [1, 26])], [
    init("zero", np.int64(0)), init("four", np.int64(4)),
    init("step", np.int64(1)), init("three", np.int64(3)),
    init("onei", np.int64([1])), init("zerof", np.float32(0)),
    init("minus100", np.float32(-100)),
    init("base", np.arange(12, dtype=np.float32).reshape(3, 4)),
    init("base2", scat), init("idx", np.int64([[1]])),
    init("upd", np.float32([[-1, -2, -3, -4]])),
    init("pair", np.float32([1, 2])), init("two", np.int64([2])),
    init("st", np.int64([-1, 100])), init("en", np.int64([-100, -100])),
    init("ax", np.int64([0, 1])), init("sp", np.int64([-1, -2])),
    init("one_six", np.int64([1, 6])), init("sel", np.int64([2, 5])),
    init("zeroi", np.int64(0)), init("zeroi1", np.int64([0])),
    init("one_two", np.int64([1, 2])),
])
# The -100 row mask: rows 1 of each 4 (Range % 3 == 1).

# -- diagnostics ---------------------------------------------------------------
save("gather_oob", [
    node("Shape", ["x"], ["s"]),
    node("Gather", ["s", "i"], ["d"]),
    node("Reshape", ["x", "d"], ["y"]),
], [vi("x", [2, 3])], [vi("y", None)], [init("i", np.int64([5]))], check=False)
save("range_runtime", [
    node("Range", ["x", "l", "d"], ["y"]),
], [vi("x", [], TensorProto.INT64)], [vi("y", None, TensorProto.INT64)],
    [init("l", np.int64(5)), init("d", np.int64(1))], check=False)
save("bool_runtime", [
    node("Shape", ["x"], ["s"]),
    node("Equal", ["s", "c"], ["y"]),
], [vi("x", [2, 3])], [vi("y", [2], TensorProto.BOOL)],
    [init("c", np.int64([2, 2]))])

# Dropout as torch exports F.dropout(p=0.0, training=True): a known ratio of
# 0 drops nothing, whatever training_mode says; the named mask is unused.
for name, ratio in [("dropout_p0", 0.0), ("dropout_train", 0.5)]:
    save(name, [node("Dropout", ["x", "ratio", "training"], ["y", "mask"])],
         [vi("x", [2, 3])], [vi("y", [2, 3])],
         [init("ratio", np.float32(ratio)), init("training", np.bool_(True))])

# A Constant with two values; one with an element type mcg lacks.
two_values = helper.make_node("Constant", [], ["c"], name="c",
                              value_int=1, value_float=2.0)
save("constant_two", [two_values, node("Add", ["x", "c"], ["y"])],
     [vi("x", [2])], [vi("y", [2])], check=False)
save("constant_string", [
    helper.make_node("Constant", [], ["c"], name="c",
                     value=helper.make_tensor("s", TensorProto.STRING, [1],
                                              [b"a"])),
    node("Identity", ["x"], ["y"])], [vi("x", [2])], [vi("y", [2])],
    check=False)
