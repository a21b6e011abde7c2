"""Writes the small ONNX models the import tests read into DIR (argv[1]).

Each model is built with onnx.helper and, where it is valid ONNX, passes
onnx.checker; the invalid ones exercise one importer diagnostic each.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "python"))
from mcg import reference as ref  # noqa: E402
import onnx
from onnx import TensorProto, helper, numpy_helper


OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.RandomState(7)


def f32(*shape):
    return rng.randn(*shape).astype(np.float32)


def save(name, nodes, inputs, outputs, inits=(), opset=17, check=True):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    if check:
        onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


def vi(name, shape, elt=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elt, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)



# Every supported op kind once, with attributes that must be carried over;
# the numpy float64 reference of python/mcg/reference.py gives its output.
w = {"w": f32(4, 2, 3, 3), "b": f32(4), "s": f32(4), "bb": f32(4),
     "m": f32(4), "v": np.abs(f32(4)) + 1, "gw": f32(5, 16), "gb": f32(5)}
x = f32(1, 2, 8, 6)
t = ref.conv2d(x.astype(np.float64), w["w"], w["b"], (2, 1), (1, 0, 1, 0))
t = ref.batch_norm(t, w["s"], w["bb"], w["m"], w["v"], 1e-3)
t = np.where(t > 0, t, 0.2 * t)
t = (ref.pool2d(t, (2, 2), (2, 2), (0, 0, 0, 0), "max")
     + ref.pool2d(t, (2, 2), (2, 2), (0, 0, 0, 0), "avg", include_pad=True))
t = 0.5 * (t.reshape(1, -1) @ w["gw"].T) + w["gb"]
y = ref.softmax(np.clip(t, -1.0, 1.0), axis=-1)
np.save(os.path.join(OUT, "ops.x.npy"), x)
np.save(os.path.join(OUT, "ops.y.npy"), y.astype(np.float32))
save("ops", [
    helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv",
                     pads=[1, 0, 1, 0], strides=[2, 1], dilations=[1, 1],
                     group=1, kernel_shape=[3, 3]),
    helper.make_node("BatchNormalization", ["c", "s", "bb", "m", "v"], ["bn"],
                     name="bn", epsilon=1e-3, momentum=0.9),
    helper.make_node("LeakyRelu", ["bn"], ["lr"], name="lrelu", alpha=0.2),
    helper.make_node("MaxPool", ["lr"], ["mp"], name="pool",
                     kernel_shape=[2, 2], strides=[2, 2]),
    helper.make_node("AveragePool", ["lr"], ["ap"], name="avg",
                     kernel_shape=[2, 2], strides=[2, 2], count_include_pad=1),
    helper.make_node("Add", ["mp", "ap"], ["sum"], name="add"),
    helper.make_node("Dropout", ["sum"], ["d"], name="drop"),
    helper.make_node("Identity", ["d"], ["id"], name="ident"),
    helper.make_node("Reshape", ["id", "shape"], ["r"], name="reshape"),
    helper.make_node("Gemm", ["r", "gw", "gb"], ["g"], name="fc", transB=1,
                     alpha=0.5),
    helper.make_node("Clip", ["g", "lo", "hi"], ["cl"], name="clip"),
    helper.make_node("Softmax", ["cl"], ["y"], name="softmax", axis=-1),
], [vi("x", [1, 2, 8, 6])], [vi("y", [1, 5])], [
    *[init(k, v) for k, v in w.items()],
    init("shape", np.array([1, -1], np.int64)),
    init("lo", np.array(-1.0, np.float32)),
    init("hi", np.array(1.0, np.float32)),
])

# The remaining op kinds: elementwise, MatMul, Transpose (default perm),
# Concat, Flatten, GlobalAveragePool, ConvTranspose, Constant.
w2 = {"cw": f32(3, 2, 2, 2), "mw": f32(12, 4)}
x2 = f32(1, 3, 2, 2)
erf = np.vectorize(math.erf)
t = ref.conv_transpose2d(x2.astype(np.float64), w2["cw"], stride=(2, 2))
a = t.mean(axis=(2, 3), keepdims=True).reshape(1, 2)
b = np.abs(x2).reshape(1, 12) @ w2["mw"]
e = np.concatenate([np.exp(a) - np.tanh(a), 1 / (1 + np.exp(-b))], axis=1)
e = np.maximum(e, np.minimum(-e, np.sqrt(np.abs(e)))) / 2.0
y2 = np.concatenate([np.log(np.abs(e) + 1), -erf(e) ** 2.0], 0).T
np.save(os.path.join(OUT, "ops2.x.npy"), x2)
np.save(os.path.join(OUT, "ops2.y.npy"), np.ascontiguousarray(y2, np.float32))
save("ops2", [
    helper.make_node("ConvTranspose", ["x", "cw"], ["ct"], name="up",
                     strides=[2, 2], kernel_shape=[2, 2]),
    helper.make_node("GlobalAveragePool", ["ct"], ["gp"], name="gap"),
    helper.make_node("Flatten", ["gp"], ["a"], name="flat"),
    helper.make_node("Abs", ["x"], ["ax"], name="abs"),
    helper.make_node("Flatten", ["ax"], ["axf"], name="flat2", axis=1),
    helper.make_node("MatMul", ["axf", "mw"], ["b0"], name="mm"),
    helper.make_node("Constant", [], ["shape"], name="shape",
                     value=helper.make_tensor("shape", TensorProto.INT64,
                                              [2], [1, -1])),
    helper.make_node("Reshape", ["b0", "shape"], ["b"], name="reshape"),
    helper.make_node("Exp", ["a"], ["ea"], name="exp"),
    helper.make_node("Tanh", ["a"], ["ta"], name="tanh"),
    helper.make_node("Sub", ["ea", "ta"], ["d"], name="sub"),
    helper.make_node("Sigmoid", ["b"], ["sb"], name="sig"),
    helper.make_node("Concat", ["d", "sb"], ["e0"], name="cat", axis=-1),
    helper.make_node("Neg", ["e0"], ["ne"], name="neg"),
    helper.make_node("Abs", ["e0"], ["ae"], name="abs2"),
    helper.make_node("Sqrt", ["ae"], ["se"], name="sqrt"),
    helper.make_node("Min", ["ne", "se"], ["mi"], name="min"),
    helper.make_node("Max", ["e0", "mi"], ["ma"], name="max"),
    helper.make_node("Div", ["ma", "two"], ["e"], name="div"),
    helper.make_node("Abs", ["e"], ["ae2"], name="abs3"),
    helper.make_node("Add", ["ae2", "one"], ["ae1"], name="add1"),
    helper.make_node("Log", ["ae1"], ["l"], name="log"),
    helper.make_node("Erf", ["e"], ["er"], name="erf"),
    helper.make_node("Pow", ["er", "two"], ["p"], name="pow"),
    helper.make_node("Neg", ["p"], ["np"], name="neg2"),
    helper.make_node("Concat", ["l", "np"], ["st"], name="stack", axis=0),
    helper.make_node("Transpose", ["st"], ["y"], name="tr"),
], [vi("x", [1, 3, 2, 2])], [vi("y", [6, 2])], [
    *[init(k, v) for k, v in w2.items()],
    init("two", np.array(2.0, np.float32)),
    init("one", np.array(1.0, np.float32)),
])

two = [vi("x", [2, 3])]
save("unsupported_op", [helper.make_node("Hardmax", ["x"], ["y"], name="hm")],
     two, [vi("y", [2, 3])])
save("unsupported_attr", [helper.make_node("Relu", ["x"], ["y"], name="r",
                                           bogus=1)],
     two, [vi("y", [2, 3])], check=False)
save("auto_pad", [helper.make_node("MaxPool", ["x"], ["y"], name="mp",
                                   kernel_shape=[1, 1], auto_pad="SAME_UPPER")],
     [vi("x", [1, 1, 2, 2])], [vi("y", [1, 1, 2, 2])])
save("dynamic", [helper.make_node("Relu", ["x"], ["y"], name="r")],
     [vi("x", ["batch", 3])], [vi("y", ["batch", 3])])
save("old_opset", [helper.make_node("Relu", ["x"], ["y"], name="r")],
     two, [vi("y", [2, 3])], opset=5)
save("softmax_v11", [helper.make_node("Softmax", ["x"], ["y"], name="sm",
                                      axis=0)],
     two, [vi("y", [2, 3])], opset=11)
save("shape_mismatch", [helper.make_node("Add", ["x", "z"], ["y"], name="add")],
     [vi("x", [2, 3]), vi("z", [4, 3])], [vi("y", [2, 3])], check=False)
save("wrong_output_type", [helper.make_node("Relu", ["x"], ["y"], name="r")],
     two, [vi("y", [3, 2])], check=False)
save("dropout_mask", [helper.make_node("Dropout", ["x"], ["y", "mask"],
                                       name="drop")],
     two, [vi("y", [2, 3])])
save("reshape_dynamic", [helper.make_node("Reshape", ["x", "s"], ["y"],
                                          name="rs")],
     [vi("x", [2, 3]), vi("s", [1], TensorProto.INT64)], [vi("y", [6])])
save("bool_input", [helper.make_node("Not", ["x"], ["y"], name="not")],
     [vi("x", [2], TensorProto.BOOL)], [vi("y", [2], TensorProto.BOOL)])
save("undefined", [helper.make_node("Relu", ["nowhere"], ["y"], name="r")],
     two, [vi("y", [2, 3])], check=False)
save("kernel_mismatch", [helper.make_node("Conv", ["x", "w"], ["y"], name="c",
                                         kernel_shape=[2, 2])],
     [vi("x", [1, 1, 4, 4])], [vi("y", [1, 1, 2, 2])],
     [init("w", f32(1, 1, 3, 3))], check=False)
save("conv1d", [helper.make_node("Conv", ["x", "w"], ["y"], name="c1")],
     [vi("x", [1, 1, 4])], [vi("y", [1, 1, 2])], [init("w", f32(1, 1, 3))])

# A truncated file: the first half of a valid model.
data = open(os.path.join(OUT, "ops.onnx"), "rb").read()
open(os.path.join(OUT, "truncated.onnx"), "wb").write(data[: len(data) // 2])
open(os.path.join(OUT, "empty.onnx"), "wb").write(b"")
