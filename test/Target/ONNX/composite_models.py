#!/usr/bin/env python3
"""One small ONNX model per op the importer composes from cgraph ops.

Writes into OUTDIR (argv[1]) NAME.onnx, NAME.x.npy and NAME.y.npy for:
HardSigmoid, HardSwish, PRelu, Softplus, InstanceNormalization, Split (two
outputs y and z), Tile, DepthToSpace (DCR and CRD), SpaceToDepth, MatMul
(batched with broadcasting, and 1-D operands) and Resize in linear mode
(half_pixel, pytorch_half_pixel, align_corners and asymmetric, up and
down). The expected outputs are numpy float64 implementations of the ONNX
definitions written here (independent of mcg), rounded to float32.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.RandomState(11)


def save(name, node, x, ys, inits=(), opset=13):
    """A one-node model with input x and outputs ys (name -> array)."""
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info(k, TensorProto.FLOAT, v.shape)
         for k, v in ys.items()],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))
    np.save(os.path.join(OUT, name + ".x.npy"), x)
    for k, v in ys.items():
        np.save(os.path.join(OUT, f"{name}.{k}.npy"),
                np.ascontiguousarray(v, dtype=np.float32))


def node(op, inputs, outputs=("y",), **attrs):
    return helper.make_node(op, list(inputs), list(outputs), name=op.lower(),
                            **attrs)


x = (rng.randn(2, 3, 4, 5) * 4).astype(np.float32)
xd = x.astype(np.float64)

save("hardsigmoid", node("HardSigmoid", ["x"], alpha=0.3, beta=0.4), x,
     {"y": np.clip(0.3 * xd + 0.4, 0, 1)})
save("hardswish", node("HardSwish", ["x"]), x,
     {"y": xd * np.clip(xd / 6 + 0.5, 0, 1)}, opset=14)
slope = rng.randn(3, 1, 1).astype(np.float32)
save("prelu", node("PRelu", ["x", "slope"]), x,
     {"y": np.where(xd < 0, slope * xd, xd)}, [("slope", slope)])
save("softplus", node("Softplus", ["x"]), x, {"y": np.log(np.exp(xd) + 1)})

scale, bias = rng.randn(3).astype(np.float32), rng.randn(3).astype(np.float32)
mean = xd.mean(axis=(2, 3), keepdims=True)
var = ((xd - mean) ** 2).mean(axis=(2, 3), keepdims=True)
save("instancenorm", node("InstanceNormalization", ["x", "s", "b"],
                          epsilon=1e-3), x,
     {"y": (xd - mean) / np.sqrt(var + 1e-3) * scale.reshape(3, 1, 1)
      + bias.reshape(3, 1, 1)}, [("s", scale), ("b", bias)])

save("split", node("Split", ["x", "parts"], ["y", "z"], axis=3), x,
     {"y": x[..., :2], "z": x[..., 2:]}, [("parts", np.int64([2, 3]))])
save("tile", node("Tile", ["x", "reps"]), x, {"y": np.tile(x, (1, 2, 1, 3))},
     [("reps", np.int64([1, 2, 1, 3]))])

c = rng.randn(1, 8, 2, 3).astype(np.float32)
b = 2
n_, ch, h, w = c.shape
dcr = c.reshape(n_, b, b, ch // 4, h, w).transpose(0, 3, 4, 1, 5, 2)
crd = c.reshape(n_, ch // 4, b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
save("depthtospace_dcr", node("DepthToSpace", ["x"], blocksize=2), c,
     {"y": dcr.reshape(n_, ch // 4, h * b, w * b)})
save("depthtospace_crd", node("DepthToSpace", ["x"], blocksize=2, mode="CRD"),
     c, {"y": crd.reshape(n_, ch // 4, h * b, w * b)})
s = rng.randn(1, 2, 4, 6).astype(np.float32)
std = s.reshape(1, 2, 2, 2, 3, 2).transpose(0, 3, 5, 1, 2, 4)
save("spacetodepth", node("SpaceToDepth", ["x"], blocksize=2), s,
     {"y": std.reshape(1, 8, 2, 3)})

a = rng.randn(2, 1, 3, 4).astype(np.float32)
m = rng.randn(5, 4, 2).astype(np.float32)
save("matmul_batched", node("MatMul", ["x", "m"]), a,
     {"y": np.matmul(a.astype(np.float64), m)}, [("m", m)])
v = rng.randn(4).astype(np.float32)
save("matmul_vector", node("MatMul", ["x", "v"]), a,
     {"y": np.matmul(a.astype(np.float64), v)}, [("v", v)])

# Einsum as transformers export it: attention scores and values, a
# projection, and an output order that needs a final transpose.
for tag, eq, shape_w in [("scores", "bhid,bhjd->bhij", (2, 3, 6, 4)),
                         ("values", "bhij,bhjd->bhid", (2, 3, 5, 7)),
                         ("proj", "bid,od->boi", (6, 5)),
                         ("outer", "bhid,bhjd->bjhi", (2, 3, 6, 5)),
                         ("spaced", "B H I D, B H J D -> B H I J",
                          (2, 3, 6, 4))]:
    e = rng.randn(2, 3, 5, 5).astype(np.float32) if tag == "values" else \
        rng.randn(2, 3, 5, 4 if tag != "outer" else 5).astype(np.float32)
    if tag == "proj":
        e = rng.randn(2, 4, 5).astype(np.float32)
    wgt = rng.randn(*shape_w).astype(np.float32)
    save(f"einsum_{tag}", node("Einsum", ["x", "w"], equation=eq), e,
         {"y": np.einsum(eq.replace(" ", ""), e.astype(np.float64), wgt)},
         [("w", wgt)],
         opset=12)
# One operand (a sum and a transpose), implicit output, a label summed out
# of one operand alone.
e = rng.randn(3, 4, 5).astype(np.float32)
for tag, eq in [("unary", "ijk->kj"), ("implicit", "ijk"),
                ("sumout", "ijk,jl->il")]:
    ins = ["x"] if tag != "sumout" else ["x", "w"]
    w4 = rng.randn(4, 2).astype(np.float32)
    ref = (np.einsum(eq, e.astype(np.float64)) if tag != "sumout" else
           np.einsum(eq, e.astype(np.float64), w4))
    save(f"einsum_{tag}", node("Einsum", ins, equation=eq), e, {"y": ref},
         [("w", w4)] if tag == "sumout" else [], opset=12)

# Where with a condition known at import (a causal mask), runtime values.
mask = np.tril(np.ones((4, 5), bool))
save("where_mask", node("Where", ["mask", "x", "low"]), x,
     {"y": np.where(mask, x, np.float32(-1e30))},
     [("mask", mask), ("low", np.float32(-1e30))])
save("where_all", node("Where", ["yes", "x", "low"]), x, {"y": x},
     [("yes", np.bool_(True)), ("low", np.float32(-1e30))])


def linear_1d(t, axis, out, transform):
    """Linear resize of float64 `t` along `axis` to `out` elements, as the
    ONNX definition computes it (edge-clamped neighbours)."""
    n = t.shape[axis]
    scale = out / n
    res = []
    for i in range(out):
        if transform == "half_pixel":
            c = (i + 0.5) / scale - 0.5
        elif transform == "pytorch_half_pixel":
            c = (i + 0.5) / scale - 0.5 if out > 1 else 0.0
        elif transform == "align_corners":
            c = i * (n - 1) / (out - 1) if out > 1 else 0.0
        else:
            c = i / scale
        lo = int(np.floor(c))
        frac = c - lo
        i0, i1 = min(max(lo, 0), n - 1), min(max(lo + 1, 0), n - 1)
        res.append((1 - frac) * np.take(t, i0, axis)
                   + frac * np.take(t, i1, axis))
    return np.stack(res, axis)


r = rng.randn(1, 2, 4, 5).astype(np.float32)
for transform in ["half_pixel", "pytorch_half_pixel", "align_corners",
                  "asymmetric"]:
    for tag, size in [("up", [1, 2, 7, 10]), ("down", [1, 2, 3, 2])]:
        y = r.astype(np.float64)
        for axis in (2, 3):
            y = linear_1d(y, axis, size[axis], transform)
        save(f"resize_{transform}_{tag}",
             node("Resize", ["x", "", "", "sizes"], mode="linear",
                  coordinate_transformation_mode=transform), r, {"y": y},
             [("sizes", np.int64(size))])


# -- one model per diagnostic (not valid ONNX, or beyond what mcg takes) ----
def bad(name, node, x_shape, inits=(), opset=13, elem=TensorProto.FLOAT):
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("x", elem, x_shape)],
        [helper.make_tensor_value_info(o, elem, None) for o in node.output],
        [numpy_helper.from_array(np.asarray(v), k) for k, v in inits])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


bad("bad_hardsigmoid", node("HardSigmoid", ["x"], gamma=1.0), [2, 3])
bad("bad_prelu", node("PRelu", ["x", "s"]), [2, 3],
    [("s", np.float32([[1], [2], [3]]))])
bad("bad_instancenorm_rank", node("InstanceNormalization", ["x", "s", "b"]),
    [2, 3], [("s", np.float32([1, 2, 3])), ("b", np.float32([1, 2, 3]))])
bad("bad_instancenorm_scale", node("InstanceNormalization", ["x", "s", "b"]),
    [1, 3, 2, 2], [("s", np.float32([1, 2])), ("b", np.float32([1, 2, 3]))])
bad("bad_split_sizes", node("Split", ["x", "p"], ["y", "z"]), [5, 2],
    [("p", np.int64([2, 2]))])
bad("bad_split_equal", node("Split", ["x"], ["y", "z"]), [5, 2])
bad("bad_tile_rank", node("Tile", ["x", "r"]), [2, 3],
    [("r", np.int64([2]))])
bad("bad_tile_zero", node("Tile", ["x", "r"]), [2, 3],
    [("r", np.int64([0, 1]))])
bad("bad_d2s_block", node("DepthToSpace", ["x"]), [1, 4, 2, 2])
bad("bad_d2s_mode", node("DepthToSpace", ["x"], blocksize=2, mode="XYZ"),
    [1, 4, 2, 2])
bad("bad_d2s_rank", node("DepthToSpace", ["x"], blocksize=2), [4, 2, 2])
bad("bad_d2s_channels", node("DepthToSpace", ["x"], blocksize=2),
    [1, 6, 2, 2])
bad("bad_s2d_size", node("SpaceToDepth", ["x"], blocksize=2), [1, 1, 3, 2])
bad("bad_resize_mode", node("Resize", ["x", "", "", "s"], mode="area"),
    [1, 1, 2, 2], [("s", np.int64([1, 1, 4, 4]))])
bad("bad_resize_tf", node("Resize", ["x", "", "", "s"], mode="linear",
                          coordinate_transformation_mode="tf_half_pixel_for_nn"),
    [1, 1, 2, 2], [("s", np.int64([1, 1, 4, 4]))])
bad("bad_resize_f64", node("Resize", ["x", "", "", "s"], mode="linear"),
    [1, 1, 2, 2], [("s", np.int64([1, 1, 4, 4]))], elem=TensorProto.DOUBLE)
bad("bad_einsum_ellipsis", node("Einsum", ["x", "x"], equation="...i,...i->..."),
    [2, 3], opset=12)
bad("bad_einsum_repeat", node("Einsum", ["x"], equation="ii->i"),
    [3, 3], opset=12)
bad("bad_where_int", node("Where", ["c", "x", "x"]), [2, 3],
    [("c", np.int64([1, 0, 1]))])
bad("bad_where_shape", node("Where", ["c", "x", "x"]), [2, 3],
    [("c", np.array([True, False]))])
bad_graph = helper.make_graph(
    [node("Where", ["c", "x", "x"])], "bad_where_input",
    [helper.make_tensor_value_info("c", TensorProto.BOOL, [2, 3]),
     helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
onnx.save(helper.make_model(bad_graph, opset_imports=[
    helper.make_opsetid("", 13)]), os.path.join(OUT, "bad_where_input.onnx"))
bad("bad_prelu_grow", node("PRelu", ["x", "s"]), [2, 3],
    [("s", np.ones((2, 2, 3), np.float32))])
bad("bad_einsum_rank", node("Einsum", ["x", "x"], equation="ij,jk->ik"),
    [2, 3, 4], opset=12)
bad("bad_einsum_out", node("Einsum", ["x", "x"], equation="ij,jk->iz"),
    [3, 3], opset=12)
bad("bad_einsum_size", node("Einsum", ["x", "w"], equation="ij,ij->i"),
    [2, 3], [("w", np.ones((2, 4), np.float32))], opset=12)
bad("bad_split_empty", node("Split", ["x", "p"], ["y", "z"]), [3, 2],
    [("p", np.int64([3, 0]))])
