#!/usr/bin/env python3
"""Well-formed ONNX models with hostile attributes, shapes, indices and
names (issue #12): each must get one diagnostic, never a crash, a division
by zero or an out-of-bounds read. The models are not run through the ONNX
checker: its shape inference divides by a stride of 0 itself.

Writes into OUTDIR (argv[1]) NAME.onnx, and for the runtime Gather the
input and numpy's expected output of the clamped indices.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
F = TensorProto.FLOAT
I64 = TensorProto.INT64
BIG = 2 ** 62
I64_MIN = -2 ** 63


def vi(name, shape, elt=F):
    return helper.make_tensor_value_info(name, elt, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def node(op, inputs, outputs=("y",), name=None, **attrs):
    return helper.make_node(op, list(inputs), list(outputs),
                            name=name or op.lower(), **attrs)


def save(name, nodes, inputs, outputs, inits=(), opset=13):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


x4 = vi("x", [1, 3, 8, 8])
w = init("w", np.ones((2, 3, 3, 3), np.float32))

# The four bugs.
save("conv_stride0", [node("Conv", ["x", "w"], strides=[0, 0])], [x4],
     [vi("y", [1, 2, 6, 6])], [w])
save("avgpool_stride0",
     [node("AveragePool", ["x"], kernel_shape=[2, 2], strides=[0, 0])], [x4],
     [vi("y", [1, 3, 7, 7])])
for name, index in (("gather_index7", [7]), ("gather_index_m9", [-9])):
    save(name, [node("Gather", ["x", "i"], axis=0)], [vi("x", [4, 3])],
         [vi("y", [1, 3])], [init("i", np.array(index, np.int64))])
table = np.arange(12, dtype=np.float32).reshape(4, 3)
ids = np.array([7, -9, 1, -1, -4, 3], np.int64)
np.save(os.path.join(OUT, "gather_runtime.x.npy"), table)
np.save(os.path.join(OUT, "gather_runtime.i.npy"), ids)
# Clamped into [0, 3] after adding 4 to negative indices.
clamped = np.clip(np.where(ids < 0, ids + 4, ids), 0, 3)
np.save(os.path.join(OUT, "gather_runtime.y.npy"), table[clamped])
save("gather_runtime", [node("Gather", ["x", "i"], axis=0)],
     [vi("x", [4, 3]), vi("i", [6], I64)], [vi("y", [6, 3])])
save("dup_nodes", [node("Relu", ["x"], name="a"), node("Neg", ["x"], name="b")],
     [vi("x", [4])], [vi("y", [4])])
save("huge_input", [node("Relu", ["x"])], [vi("x", [2 ** 40, 2 ** 40])],
     [vi("y", [2 ** 40, 2 ** 40])])

# Names: one producer per value.
save("dup_graph_input", [node("Relu", ["x"], ["x"])], [vi("x", [4])],
     [vi("x", [4])])
save("dup_initializer_write", [node("Relu", ["x"], ["c"])], [vi("x", [4])],
     [vi("c", [4])], [init("c", np.ones(4, np.float32))])
save("dup_initializers", [node("Add", ["x", "c"])], [vi("x", [4])],
     [vi("y", [4])], [init("c", np.ones(4, np.float32)),
                      init("c", np.zeros(4, np.float32))])
save("dup_inputs", [node("Relu", ["x"])], [vi("x", [4]), vi("x", [4])],
     [vi("y", [4])])
save("dup_outputs_of_one_node",
     [node("Split", ["x"], ["a", "a"], axis=0)], [vi("x", [4])],
     [vi("a", [2])])

# Sizes: initializers and shapes computed from data.
def raw_tensor(name, dims):
    """A float tensor proto with `dims` and no data (make_tensor checks)."""
    t = TensorProto()
    t.name, t.data_type = name, F
    t.dims.extend(dims)
    return t


huge = raw_tensor("c", [2 ** 40, 2 ** 40])
save("huge_initializer", [node("Add", ["x", "c"])], [vi("x", [4])],
     [vi("y", [4])], [huge])
negative = raw_tensor("c", [-1, 4])
save("negative_initializer", [node("Add", ["x", "c"])], [vi("x", [4])],
     [vi("y", [4])], [negative])
save("reshape_empty_huge", [node("Reshape", ["e", "s"], ["t"]),
                            node("Shape", ["t"], ["u"]),
                            node("Cast", ["u"], ["v"], to=F),
                            node("ReduceSum", ["v"], keepdims=0)],
     [], [vi("y", [])], [init("e", np.zeros((0,), np.float32)),
                         init("s", np.array([0, BIG, 8], np.int64))])
save("expand_huge", [node("Expand", ["x", "s"])], [vi("x", [4])],
     [vi("y", None)], [init("s", np.array([BIG, 4], np.int64))])
save("expand_negative", [node("Expand", ["x", "s"])], [vi("x", [4])],
     [vi("y", None)], [init("s", np.array([-3, 4], np.int64))])
save("constant_of_shape_huge",
     [node("ConstantOfShape", ["s"], ["t"]), node("Add", ["x", "t"])],
     [vi("x", [4])], [vi("y", None)],
     [init("s", np.array([2 ** 32, 2 ** 32, 2 ** 32], np.int64))])
save("tile_huge", [node("Tile", ["x", "r"])], [vi("x", [4])], [vi("y", None)],
     [init("r", np.array([BIG], np.int64))])
save("tile_known_negative", [node("Tile", ["c", "r"], ["t"]),
                             node("Add", ["x", "t"])],
     [vi("x", [4])], [vi("y", None)],
     [init("c", np.ones(4, np.float32)), init("r", np.array([-2], np.int64))])
save("range_huge", [node("Range", ["a", "b", "d"], ["t"]),
                    node("Add", ["x", "t"])], [vi("x", [4])], [vi("y", None)],
     [init("a", np.array(0.0, np.float32)),
      init("b", np.array(1e30, np.float32)),
      init("d", np.array(1e-30, np.float32))])
save("range_nan", [node("Range", ["a", "b", "d"], ["t"]),
                   node("Add", ["x", "t"])], [vi("x", [4])], [vi("y", None)],
     [init("a", np.array(np.nan, np.float32)),
      init("b", np.array(1.0, np.float32)),
      init("d", np.array(1.0, np.float32))])

# Found by onnx-graph-fuzzer: a repeated perm entry read an empty [5, 0]
# tensor as [5, 5] at import.
save("transpose_known_repeated_perm",
     [node("Transpose", ["c"], ["t"], perm=[0, 0]), node("Add", ["x", "t"])],
     [vi("x", [4])], [vi("y", None)], [init("c", np.ones((5, 0), np.float32))])
# Found by onnx-import-fuzzer: a cubic Resize to 16 million along an axis
# built index tables of gigabytes.
save("resize_sizes_huge", [node("Resize", ["x", "", "", "s"], mode="cubic")],
     [vi("x", [1, 1, 20, 4])], [vi("y", None)],
     [init("s", np.array([1, 1, 16121865, 10], np.int64))])

# Divisions and products of attributes.
save("conv_group0", [node("Conv", ["x", "w"], group=0)], [x4],
     [vi("y", None)], [w])
save("maxpool_dilation_huge",
     [node("MaxPool", ["x"], kernel_shape=[3, 3], dilations=[BIG, 1])], [x4],
     [vi("y", None)], opset=12)
save("maxpool_pads_huge",
     [node("MaxPool", ["x"], kernel_shape=[2, 2],
           pads=[2 ** 63 - 1, 0, 1, 0])], [x4], [vi("y", None)])
save("convtranspose_stride_huge",
     [node("ConvTranspose", ["x", "wt"], strides=[BIG, 1])], [x4],
     [vi("y", None)], [init("wt", np.ones((3, 2, 3, 3), np.float32))])
save("depth_to_space_huge",
     [node("DepthToSpace", ["x"], blocksize=2 ** 32)], [x4], [vi("y", None)])
save("split_negative", [node("Split", ["x", "s"], ["a", "b"], axis=0)],
     [vi("x", [4])], [vi("a", None), vi("b", None)],
     [init("s", np.array([-1, 5], np.int64))])
save("split_overflow", [node("Split", ["x", "s"], ["a", "b", "c"], axis=0)],
     [vi("x", [4])], [vi("a", None), vi("b", None), vi("c", None)],
     [init("s", np.array([2 ** 63 - 1, 2 ** 63 - 1, 6], np.int64))])
for name, scale in (("resize_scale_inf", np.inf), ("resize_scale_zero", 0.0),
                    ("resize_scale_huge", 1e30)):
    save(name, [node("Resize", ["x", "", "s"])], [x4], [vi("y", None)],
         [init("s", np.array([1, 1, scale, 1], np.float32))])

# Integer arithmetic at import time wraps as the generated code's does:
# INT64_MIN / -1 and INT64_MIN % -1 trap on x86 if computed naively.
lo = init("lo", np.array([I64_MIN], np.int64))
m1 = init("m1", np.array([-1], np.int64))
save("div_int64_min", [node("Div", ["lo", "m1"])], [], [vi("y", [1], I64)],
     [lo, m1])
save("mod_int64_min", [node("Mod", ["lo", "m1"])], [], [vi("y", [1], I64)],
     [lo, m1])
save("mul_wraps", [node("Mul", ["lo", "m1"])], [], [vi("y", [1], I64)],
     [lo, m1])
save("slice_step_min", [node("Slice", ["c", "b", "e", "a", "st"])], [],
     [vi("y", None, I64)],
     [init("c", np.arange(5, dtype=np.int64)),
      init("b", np.array([4], np.int64)), init("e", np.array([-10], np.int64)),
      init("a", np.array([0], np.int64)),
      init("st", np.array([I64_MIN], np.int64))])
# Found by onnx-graph-fuzzer: the evaluation of a known empty tensor whose
# other dimensions multiply to 2^40 looped over them (a 30 s timeout):
# Concat along its empty axis, and its sibling Gather with no indices (both
# hung); ArgMax with an empty dimension after the axis had the same loop,
# empty (a release build drops it; the sanitizer build ran it).
EMPTY_BIG = [init("e", np.zeros((0,), np.float32)),
             init("s", np.array([2 ** 40, 1, 0], np.int64))]
for name, op, extra, attrs in [
        ("concat_empty_huge", "Concat", ["t"], {"axis": 2}),
        ("gather_empty_huge", "Gather", ["i"], {"axis": 2}),
        ("argmax_empty_huge", "ArgMax", [], {"axis": 1})]:
    inits = EMPTY_BIG + ([init("i", np.zeros((0,), np.int64))]
                         if op == "Gather" else [])
    save(name, [node("Reshape", ["e", "s"], ["t"], allowzero=1),
                node(op, ["t"] + extra, ["u"], **attrs),
                node("Shape", ["u"], ["v"]),
                node("Cast", ["v"], ["w"], to=F),
                node("ReduceSum", ["w"], keepdims=0)],
         [], [vi("y", [])], inits, opset=14)
# Found by onnx-graph-fuzzer: a ReduceSum over the empty axis of a known
# [0, 2^32] tensor was evaluated into a 2^32-element known tensor (an
# allocation of 32 GiB); such a result is now left to a runtime op.
save("reduce_empty_huge",
     [node("Reshape", ["e", "s"], ["t"], allowzero=1),
      node("ReduceSum", ["t", "a"], ["u"], keepdims=1),
      node("Shape", ["u"], ["v"]),
      node("Cast", ["v"], ["w"], to=F),
      node("ReduceSum", ["w"], keepdims=0)],
     [], [vi("y", [])],
     [init("e", np.zeros((0,), np.float32)),
      init("s", np.array([0, 2 ** 32], np.int64)),
      init("a", np.array([0], np.int64))], opset=14)
