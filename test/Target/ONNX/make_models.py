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

# The ops whose conformance cases all feed shapes as graph inputs (Expand)
# or read a second output (LayerNormalization), with constant operands, and
# the shape ops around them: Shape feeding Reshape, Unsqueeze, Squeeze,
# Slice with negative indices, Pad (reflect), Gather, ReduceL2, Cast, Sum,
# Mean, and Clip with a graph-computed bound.
w3 = {"g": f32(6), "b3": f32(6), "idx": np.array([2, 0, -1], np.int64)}
x3 = f32(2, 1, 6)
t = ref.layer_norm(x3.astype(np.float64), w3["g"], w3["b3"], -1, 1e-3)
t = np.broadcast_to(t, (3, 2, 4, 6))               # Expand; Shape+Reshape,
t = t[:, :, -3:, 1:-1:2]                           # Unsqueeze+Squeeze: no-ops
t = np.pad(t, ((0, 0), (0, 0), (1, 1), (0, 0)), "reflect")
t = np.take(t, w3["idx"], axis=0)                  # Gather, axis -4
l2 = np.sqrt((t * t).sum(axis=-1, keepdims=True))  # ReduceL2
s0 = t + l2 + l2                                   # Sum
s1 = (t + s0) / 2                                  # Mean
y3 = np.minimum(s1, s1.mean()).astype(np.float32)  # Clip, max from the graph
np.save(os.path.join(OUT, "ops3.x.npy"), x3)
np.save(os.path.join(OUT, "ops3.y.npy"), y3)
save("ops3", [
    helper.make_node("LayerNormalization", ["x", "g", "b3"], ["ln"], name="ln",
                     epsilon=1e-3),
    helper.make_node("Constant", [], ["eshape"], name="eshape",
                     value=helper.make_tensor("eshape", TensorProto.INT64,
                                              [4], [3, 2, 4, 6])),
    helper.make_node("Expand", ["ln", "eshape"], ["ex"], name="expand"),
    helper.make_node("Shape", ["ex"], ["shp"], name="shape"),
    helper.make_node("Reshape", ["ex", "shp"], ["rs"], name="reshape"),
    helper.make_node("Unsqueeze", ["rs", "zero"], ["us"], name="unsq"),
    helper.make_node("Squeeze", ["us", "zero"], ["sq"], name="sq"),
    helper.make_node("Slice", ["sq", "starts", "ends", "axes", "steps"],
                     ["sl"], name="slice"),
    helper.make_node("Pad", ["sl", "pads"], ["pd"], name="pad",
                     mode="reflect"),
    helper.make_node("Gather", ["pd", "idx"], ["ga"], name="gather", axis=-4),
    helper.make_node("ReduceL2", ["ga"], ["l2"], name="l2", axes=[-1]),
    helper.make_node("Cast", ["ga"], ["gd"], name="cast",
                     to=TensorProto.DOUBLE),
    helper.make_node("Cast", ["gd"], ["gf"], name="cast2",
                     to=TensorProto.FLOAT),
    helper.make_node("Sum", ["gf", "l2", "l2"], ["s0"], name="sum"),
    helper.make_node("Mean", ["gf", "s0"], ["s1"], name="mean"),
    helper.make_node("ReduceMean", ["s1"], ["mean"], name="rmean",
                     keepdims=0),
    helper.make_node("Clip", ["s1", "", "mean"], ["y"], name="clip"),
], [vi("x", [2, 1, 6])], [vi("y", [3, 2, 5, 2])], [
    *[init(k, v) for k, v in w3.items()],
    init("zero", np.array([0], np.int64)),
    init("starts", np.array([-3, 1], np.int64)),
    init("ends", np.array([100, -1], np.int64)),
    init("axes", np.array([2, 3], np.int64)),
    init("steps", np.array([1, 2], np.int64)),
    init("pads", np.array([0, 0, 1, 0, 0, 0, 1, 0], np.int64)),
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
     two, [vi("y", [2, 3]), vi("mask", [2, 3], TensorProto.BOOL)])
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

i64 = lambda name, v: init(name, np.array(v, np.int64))  # noqa: E731
save("slice_negative_step", [helper.make_node(
    "Slice", ["x", "st", "en", "ax", "sp"], ["y"], name="sl")],
    two, [vi("y", [2, 3])],
    [i64("st", [-1]), i64("en", [-100]), i64("ax", [1]), i64("sp", [-1])])
save("slice_empty", [helper.make_node(
    "Slice", ["x", "st", "en"], ["y"], name="sl")],
    two, [vi("y", [2, 0])], [i64("st", [0, 2]), i64("en", [2, 1])])
save("pad_negative", [helper.make_node("Pad", ["x", "p"], ["y"], name="pd")],
     two, [vi("y", [2, 2])], [i64("p", [0, 0, 0, -1])])
save("pad_wrap", [helper.make_node("Pad", ["x", "p"], ["y"], name="pd",
                                   mode="wrap")],
     two, [vi("y", [2, 4])], [i64("p", [0, 0, 0, 1])], check=False)
save("squeeze_not_one", [helper.make_node("Squeeze", ["x", "a"], ["y"],
                                          name="sq")],
     two, [vi("y", [2])], [i64("a", [1])], check=False)
save("layernorm_stash", [helper.make_node(
    "LayerNormalization", ["x", "g"], ["y"], name="ln", stash_type=0)],
    two, [vi("y", [2, 3])], [init("g", f32(3))])
save("cast_bool", [helper.make_node("Cast", ["x"], ["y"], name="c",
                                    to=TensorProto.BOOL)],
     two, [vi("y", [2, 3], TensorProto.BOOL)])
save("pow_int", [helper.make_node("Pow", ["x", "x"], ["y"], name="pw")],
     [vi("x", [3], TensorProto.INT64)], [vi("y", [3], TensorProto.INT64)])
save("gemm_one_input", [helper.make_node("Gemm", ["x"], ["y"], name="gm")],
     two, [vi("y", [2, 3])], check=False)
save("custom_domain", [helper.make_node("Relu", ["x"], ["y"], name="r",
                                        domain="com.example")],
     two, [vi("y", [2, 3])], check=False)
seq = helper.make_tensor_sequence_value_info("x", TensorProto.FLOAT, [2])
save("sequence_input", [helper.make_node("Identity", ["x"], ["y"], name="id")],
     [seq], [seq], check=False)

# A model whose value_info contradicts its own ops: ONNX's shape inference
# throws on it, and the import warns that it cannot cross-check.
g = helper.make_graph([helper.make_node("Relu", ["x"], ["t"], name="r"),
                       helper.make_node("Identity", ["t"], ["y"], name="i")],
                      "conflict", two, [vi("y", [2, 3])],
                      value_info=[vi("t", [3, 2])])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]),
          os.path.join(OUT, "inference_conflict.onnx"))

# A pool whose ceil_mode output has a last window starting in the padding:
# ONNX 1.12's shape rule counts it (4), cgraph's (PyTorch's) drops it (3),
# and the cross-check against ONNX's shape inference reports the
# disagreement instead of importing a model of another shape.
save("pool_ceil_padding", [
    helper.make_node("MaxPool", ["x"], ["t"], name="mp", kernel_shape=[2, 2],
                     strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1),
    helper.make_node("Identity", ["t"], ["y"], name="i")],
    [vi("x", [1, 1, 5, 5])], [vi("y", [1, 1, 4, 4])])

# External data: the initializer 'w' lives in ext.bin next to the model,
# after 16 bytes of something else (offset 16, length 24). ext_*.onnx break
# it one way each.
wext = f32(2, 3)
np.save(os.path.join(OUT, "ext.x.npy"), x3[0, :, :3].repeat(2, axis=0))
np.save(os.path.join(OUT, "ext.y.npy"),
        (x3[0, :, :3].repeat(2, axis=0) + wext).astype(np.float32))
with open(os.path.join(OUT, "ext.bin"), "wb") as f:
    f.write(b"\0" * 16 + wext.tobytes())


def save_external(name, location, offset=16, length=24):
    t = numpy_helper.from_array(wext, "w")
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", offset),
                 ("length", length)):
        e = t.external_data.add()
        e.key, e.value = k, str(v)
    save(name, [helper.make_node("Add", ["x", "w"], ["y"], name="add")],
         two, [vi("y", [2, 3])], [t], check=False)


save_external("ext", "ext.bin")
save_external("ext_missing", "nowhere.bin")
save_external("ext_escape", "../ext.bin")
save_external("ext_short", "ext.bin", offset=32)

# A truncated file: the first half of a valid model.
data = open(os.path.join(OUT, "ops.onnx"), "rb").read()
open(os.path.join(OUT, "truncated.onnx"), "wb").write(data[: len(data) // 2])
open(os.path.join(OUT, "empty.onnx"), "wb").write(b"")
