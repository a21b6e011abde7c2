#!/usr/bin/env python3
"""Models whose inputs keep symbolic dimensions, for an extraction that
must give them back (symbolic-dims.test).

Writes into OUTDIR (argv[1]):

  cnn       x [batch, 3, 8, 8] -> conv, relu -> feat [batch, 4, 8, 8];
            global pool, Flatten, Gemm -> cls [batch, 10]; a Reshape to
            Concat(Gather(Shape), -1), torch's `x.view(x.size(0), -1)` ->
            flat ["flat_dim0", 256]; inputs and numpy's outputs for batch 2
            and 5 (cnn.B.x.npy, cnn.B.cls.npy, cnn.B.flat.npy)
  two       x [batch, seq, 8] -> MatMul, Relu -> y [batch, seq, 6];
            ReduceMean over seq -> pooled [batch, 6]
  unnamed   x [?, 4] (a dimension with neither a size nor a name) ->
            HardSigmoid (several cgraph ops under one node name)
  chunk     x [batch, 6] -> Slice of columns 1..3 (the importer gives it an
            end in the batch dimension too) -> y [batch, 2]; an input and
            numpy's output for batch 4
  computed  x [batch, 4] -> Reshape to [-1]: a dimension batch * 4
  constant  x [batch, 4] + ConstantOfShape(Shape(x)): a constant the size
            of the batch
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.RandomState(11)


def save(name, nodes, inputs, outputs, inits=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


def vi(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


# cnn
w = rng.randn(4, 3, 3, 3).astype(np.float32)
fc = rng.randn(10, 4).astype(np.float32)
fcb = rng.randn(10).astype(np.float32)
save("cnn", [
    helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1],
                     name="conv"),
    helper.make_node("Relu", ["c"], ["feat"], name="relu"),
    helper.make_node("GlobalAveragePool", ["feat"], ["g"], name="pool"),
    helper.make_node("Flatten", ["g"], ["gf"], axis=1, name="flatten"),
    helper.make_node("Gemm", ["gf", "fc", "fcb"], ["cls"], transB=1,
                     name="fc"),
    helper.make_node("Shape", ["feat"], ["s"], name="shape"),
    helper.make_node("Gather", ["s", "zero"], ["n"], axis=0, name="n"),
    helper.make_node("Unsqueeze", ["n", "zero1"], ["n1"], name="n1"),
    helper.make_node("Concat", ["n1", "minus1"], ["to"], axis=0, name="to"),
    helper.make_node("Reshape", ["feat", "to"], ["flat"], name="view"),
], [vi("x", ["batch", 3, 8, 8])],
   [vi("cls", ["batch", 10]), vi("feat", ["batch", 4, 8, 8]),
    vi("flat", ["flat_dim0", 256])],
   [numpy_helper.from_array(w, "w"), numpy_helper.from_array(fc, "fc"),
    numpy_helper.from_array(fcb, "fcb"),
    numpy_helper.from_array(np.int64(0), "zero"),
    numpy_helper.from_array(np.int64([0]), "zero1"),
    numpy_helper.from_array(np.int64([-1]), "minus1")])

for batch in (2, 5):
    x = rng.randn(batch, 3, 8, 8).astype(np.float32)
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    conv = np.zeros((batch, 4, 8, 8))
    for i in range(3):
        for j in range(3):
            conv += np.einsum("oc,nchw->nohw", w[:, :, i, j],
                              xp[:, :, i:i + 8, j:j + 8])
    feat = np.maximum(conv, 0)
    cls = feat.mean(axis=(2, 3)) @ fc.T.astype(np.float64) + fcb
    np.save(os.path.join(OUT, "cnn.%d.x.npy" % batch), x)
    np.save(os.path.join(OUT, "cnn.%d.cls.npy" % batch), cls.astype(np.float32))
    np.save(os.path.join(OUT, "cnn.%d.flat.npy" % batch),
            feat.reshape(batch, -1).astype(np.float32))

# two
m = rng.randn(8, 6).astype(np.float32)
save("two", [
    helper.make_node("MatMul", ["x", "m"], ["mm"], name="mm"),
    helper.make_node("Relu", ["mm"], ["y"], name="relu"),
    helper.make_node("ReduceMean", ["y"], ["pooled"], axes=[1], keepdims=0,
                     name="mean"),
], [vi("x", ["batch", "seq", 8])],
   [vi("y", ["batch", "seq", 6]), vi("pooled", ["batch", 6])],
   [numpy_helper.from_array(m, "m")])

# unnamed
save("unnamed", [helper.make_node("HardSigmoid", ["x"], ["y"], name="hs")],
     [vi("x", [None, 4])], [vi("y", [None, 4])])

# chunk
save("chunk", [helper.make_node("Slice", ["x", "one", "three", "axis1"],
                                ["y"], name="cols")],
     [vi("x", ["batch", 6])], [vi("y", ["batch", 2])],
     [numpy_helper.from_array(np.int64([1]), "one"),
      numpy_helper.from_array(np.int64([3]), "three"),
      numpy_helper.from_array(np.int64([1]), "axis1")])
x = rng.randn(4, 6).astype(np.float32)
np.save(os.path.join(OUT, "chunk.4.x.npy"), x)
np.save(os.path.join(OUT, "chunk.4.y.npy"), x[:, 1:3])

# computed
save("computed", [helper.make_node("Reshape", ["x", "all"], ["y"],
                                   name="all")],
     [vi("x", ["batch", 4])], [vi("y", [None])],
     [numpy_helper.from_array(np.int64([-1]), "all")])

# constant
save("constant", [
    helper.make_node("Shape", ["x"], ["s"], name="shape"),
    helper.make_node("ConstantOfShape", ["s"], ["ones"],
                     value=numpy_helper.from_array(np.float32([1])),
                     name="ones"),
    helper.make_node("Add", ["x", "ones"], ["y"], name="add"),
], [vi("x", ["batch", 4])], [vi("y", ["batch", 4])])
