#!/usr/bin/env python3
"""Numerical tests of every cgraph op family against numpy.

    op_cases.py MCG_RUN WORKDIR [--only NAME[,NAME...] [--threads N]]

For each case, writes a one-op (or few-op) cgraph graph, random inputs and
the output numpy computes independently, runs `mcg-run --check` on it and
collects the verdict. Prints one line per case and a closing line
'N passed, M failed'; exits non-zero if any case fails.

Tolerances: rtol 1e-5 / atol 1e-6 for exact-ish ops (data movement, casts,
elementwise arithmetic); rtol 1e-4 / atol 1e-5 for ops with reductions or
transcendental functions (float32 summation order and libm differ from
numpy's float64 reference); atol 1e-4 for the 512-term sums of the packed
matrix product; rtol 1e-6 for the polynomial exp, log, tanh, erf and sigmoid
over their whole range (the `_range` cases); rtol 2e-5 for pow computed as
exp(y log|x|) over results from e^-80 to e^80.
"""

import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from mcg import reference as ref  # noqa: E402

RNG = np.random.RandomState(1234)
CASES = []


def t(shape, dtype="f32"):
    return "tensor<" + "".join(f"{d}x" for d in shape) + dtype + ">"


def case(name, tol="tight"):
    def wrap(fn):
        CASES.append((name, fn, tol))
        return fn
    return wrap


def graph(name, inputs, body, outputs):
    """inputs: [(name, array)], outputs: [(name, ssa, array)]."""
    ins = ", ".join(f"%{n}: {t(a.shape, mlir_dtype(a))} as \"{n}\"" for n, a in inputs)
    outs = ", ".join(f"{t(a.shape, mlir_dtype(a))} as \"{n}\"" for n, _, a in outputs)
    vals = ", ".join(v for _, v, _ in outputs)
    tys = ", ".join(t(a.shape, mlir_dtype(a)) for _, _, a in outputs)
    return (f"cgraph.graph @{name}({ins}) -> ({outs}) {{\n" + body +
            f"\n  cgraph.output {vals} : {tys}\n}}\n")


def resources(blobs):
    """A dialect_resources section for float32 constants: [(name, array)]."""
    if not blobs:
        return ""
    entries = ",\n".join(f'      {n}: "0x04000000{np.ascontiguousarray(a, dtype="<f4").tobytes().hex().upper()}"'
                          for n, a in blobs)
    return "{-#\n  dialect_resources: {\n    builtin: {\n" + entries + "\n    }\n  }\n#-}\n"


def mlir_dtype(a):
    # float64 references (computed in double) describe f32 outputs.
    return {np.dtype("float32"): "f32", np.dtype("float64"): "f32", np.dtype("int64"): "i64",
            np.dtype("int32"): "i32", np.dtype("bool"): "i1"}[a.dtype]


def rand(*shape):
    return RNG.randn(*shape).astype(np.float32)


def unary_case(op, fn, x, attrs="", tol="tight"):
    @case(f"{op}{'_' + attrs.split('=')[0].strip() if attrs else ''}{'_range' if tol == 'approx' else ''}", tol)
    def make():
        a = f" {{{attrs}}}" if attrs else ""
        body = f"  %y = cgraph.{op} %x{a} : {t(x.shape)}"
        return [("x", x)], body, [("y", "%y", fn(x.astype(np.float64)).astype(np.float32))]


def binary_case(op, fn, xs, ys, dtype=np.float32, tol="tight"):
    x, y = xs.astype(dtype), ys.astype(dtype)

    @case(f"{op}_{'x'.join(map(str, x.shape))}_{'x'.join(map(str, y.shape))}_{np.dtype(dtype).name}", tol)
    def make():
        out = fn(x, y).astype(dtype)
        body = (f"  %z = cgraph.{op} %x, %y : ({t(x.shape, mlir_dtype(x))}, "
                f"{t(y.shape, mlir_dtype(y))}) -> {t(out.shape, mlir_dtype(out))}")
        return [("x", x), ("y", y)], body, [("z", "%z", out)]


def op_case(name, inputs, text, out, tol="tight"):
    """A one-op case with its full op text (result %y)."""
    @case(name, tol)
    def make():
        return inputs, "  " + text, [("y", "%y", out)]


# --- elementwise -----------------------------------------------------------

erf = ref.erf
binary_case("add", np.add, rand(2, 3, 4), rand(3, 1))
binary_case("sub", np.subtract, rand(4, 1), rand(1, 5))
binary_case("mul", np.multiply, rand(2, 3), rand(3))
binary_case("div", np.divide, rand(3, 4), np.abs(rand(3, 4)) + 0.5)
binary_case("max", np.maximum, rand(3, 4), rand(1, 4))
binary_case("min", np.minimum, rand(3, 4), rand(3, 1))
binary_case("pow", np.power, np.abs(rand(3, 4)) + 0.1, rand(3, 4), tol="loose")
binary_case("add", np.add, RNG.randint(-50, 50, (3, 4)), RNG.randint(-50, 50, (4,)), np.int64)
binary_case("div", lambda a, b: np.trunc(a / b), RNG.randint(-50, 50, (6,)),
            RNG.randint(1, 7, (6,)) * RNG.choice([-1, 1], 6), np.int64)
binary_case("max", np.maximum, RNG.randint(-9, 9, (5,)), RNG.randint(-9, 9, (5,)), np.int32)
unary_case("neg", np.negative, rand(3, 4))
unary_case("abs", np.abs, rand(3, 4))
unary_case("exp", np.exp, rand(3, 4), tol="loose")
unary_case("log", np.log, np.abs(rand(3, 4)) + 0.1, tol="loose")
unary_case("sqrt", np.sqrt, np.abs(rand(3, 4)), tol="loose")
unary_case("rsqrt", lambda x: 1 / np.sqrt(x), np.abs(rand(3, 4)) + 0.1, tol="loose")
unary_case("tanh", np.tanh, rand(3, 4), tol="loose")
unary_case("sigmoid", lambda x: 1 / (1 + np.exp(-x)), rand(3, 4), tol="loose")
unary_case("relu", lambda x: np.maximum(x, 0), rand(3, 4))
unary_case("erf", erf, rand(3, 4), tol="loose")
unary_case("gelu", lambda x: 0.5 * x * (1 + erf(x / math.sqrt(2))), rand(3, 4), tol="loose")
unary_case("gelu", lambda x: 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3))),
           rand(3, 4), "approximation = #cgraph.gelu_approximation<tanh>", tol="loose")
# The polynomial approximations of exp, log, tanh and erf (approximate-math)
# over their whole useful f32 range, 4,096 points each, 16-lane vectors and
# scalar tails: relative error at most 1e-6 (measured: below 3e-7, see
# docs/codegen.md). exp flushes results below 2^-126 to zero, hence the atol.
_ranges = {"exp": (np.exp, np.linspace(-87, 88, 4099)),
           "log": (np.log, np.exp(np.linspace(-80, 80, 4099))),
           "tanh": (np.tanh, np.linspace(-10, 10, 4099)),
           "erf": (erf, np.linspace(-5, 5, 4099)),
           "sigmoid": (lambda x: 1 / (1 + np.exp(-x)), np.linspace(-80, 80, 4099))}
for _op, (_fn, _xs) in _ranges.items():
    unary_case(_op, _fn, _xs.astype(np.float32).reshape(1, -1), tol="approx")
# pow without libm (approximate-math): exp(y log|x|) over results from
# e^-80 to e^80 (its error grows with |y log x|: rtol 2e-5, measured below
# 1e-5, see docs/codegen.md), every special case of C's powf against
# numpy, and the constant exponents that become multiplications or a
# square root.
_px = np.exp(np.linspace(-20, 20, 4099)).astype(np.float32).reshape(1, -1)
_py = np.linspace(-4, 4, 4099).astype(np.float32).reshape(1, -1)
def _pow64(a, b):
    with np.errstate(all="ignore"):
        return np.power(a.astype(np.float64), b).astype(np.float32)


binary_case("pow", _pow64, _px, _py, tol="pow")
_sx = np.array([-np.inf, -3, -2, -1, -0.5, -0.0, 0.0, 0.5, 1, 2, 3, np.inf, np.nan], np.float32)
_sy = np.array([-np.inf, -3, -2.5, -2, -1, -0.5, -0.0, 0.0, 0.5, 1, 2, 2.5, 3, 1e9, np.inf, np.nan],
               np.float32)
binary_case("pow", _pow64, _sx.reshape(-1, 1), _sy.reshape(1, -1), tol="loose")


def _pow_constant(e):
    x = np.concatenate([rand(37) * 3, _sx]).astype(np.float32)
    with np.errstate(all="ignore"):
        out = np.power(x.astype(np.float64), np.float64(e)).astype(np.float32)
    name = f"pow_constant_{str(e).replace('-', 'm').replace('.', 'p')}"
    text = (f"%e = cgraph.constant dense<{e:.1f}> : tensor<f32>\n"
            f"  %y = cgraph.pow %x, %e : ({t(x.shape)}, tensor<f32>) -> {t(x.shape)}")
    op_case(name, [("x", x)], text, out, tol="loose")


for _e in (0, 1, 2, 3, -1, -2, 7, 0.5, 1.5, -0.5):
    _pow_constant(_e)
unary_case("clip", lambda x: np.clip(x, -0.5, 0.7), rand(3, 4), "min = -0.5 : f64, max = 0.7 : f64")
unary_case("leaky_relu", lambda x: np.where(x >= 0, x, 0.1 * x), rand(3, 4), "alpha = 0.1 : f64")

_c = (rand(2, 5) * 10)
op_case("cast_f32_i64", [("x", _c)], f"%y = cgraph.cast %x : {t(_c.shape)} -> {t(_c.shape, 'i64')}",
        np.trunc(_c).astype(np.int64))
_i = RNG.randint(-100, 100, (2, 5)).astype(np.int64)
op_case("cast_i64_f32", [("x", _i)], f"%y = cgraph.cast %x : {t(_i.shape, 'i64')} -> {t(_i.shape)}",
        _i.astype(np.float32))

# --- contractions ----------------------------------------------------------

_a, _b = rand(5, 7), rand(7, 3)
op_case("matmul_2d", [("a", _a), ("b", _b)],
        f"%y = cgraph.matmul %a, %b : ({t(_a.shape)}, {t(_b.shape)}) -> {t((5, 3))}", _a.astype(np.float64) @ _b, "loose")
_a, _b = rand(2, 1, 4, 6), rand(3, 6, 5)
op_case("matmul_batched_broadcast", [("a", _a), ("b", _b)],
        f"%y = cgraph.matmul %a, %b : ({t(_a.shape)}, {t(_b.shape)}) -> {t((2, 3, 4, 5))}",
        np.matmul(_a.astype(np.float64), _b), "loose")
_a, _b, _c2 = rand(6, 4), rand(5, 6), rand(5)
op_case("gemm_trans_alpha_beta", [("a", _a), ("b", _b), ("c", _c2)],
        f"%y = cgraph.gemm %a, %b, %c {{trans_a = true, trans_b = true, alpha = 0.5 : f32, beta = 2.0 : f32}} "
        f": ({t(_a.shape)}, {t(_b.shape)}, {t(_c2.shape)}) -> {t((4, 5))}",
        0.5 * (_a.T.astype(np.float64) @ _b.T) + 2.0 * _c2, "loose")

# Shapes large enough for register tiles (vectorize-contractions): a
# transposed-B gemm (ONNX Linear layout), a tiled matmul, an im2col conv.
_a, _b, _c2 = rand(16, 64), rand(32, 64), rand(32)
op_case("gemm_trans_b_tiled", [("a", _a), ("b", _b), ("c", _c2)],
        f"%y = cgraph.gemm %a, %b, %c {{trans_b = true}} : ({t(_a.shape)}, {t(_b.shape)}, {t(_c2.shape)}) -> {t((16, 32))}",
        _a.astype(np.float64) @ _b.T + _c2, "loose")
_a, _b = rand(24, 40), rand(40, 96)
op_case("matmul_tiled", [("a", _a), ("b", _b)],
        f"%y = cgraph.matmul %a, %b : ({t(_a.shape)}, {t(_b.shape)}) -> {t((24, 96))}", _a.astype(np.float64) @ _b, "loose")


def conv_case(name, x, w, b=None, stride=(1, 1), pads=(0, 0, 0, 0), dil=(1, 1), groups=1):
    out = ref.conv2d(x, w, b, stride, pads, dil, groups).astype(np.float32)
    attrs = (f"strides = array<i64: {stride[0]}, {stride[1]}>, pads = array<i64: {', '.join(map(str, pads))}>, "
             f"dilations = array<i64: {dil[0]}, {dil[1]}>, groups = {groups} : i64")
    ins = [("x", x), ("w", w)] + ([("b", b)] if b is not None else [])
    operands = ", ".join("%" + n for n, _ in ins)
    types = ", ".join(t(a.shape) for _, a in ins)
    op_case(name, ins, f"%y = cgraph.conv2d {operands} {{{attrs}}} : ({types}) -> {t(out.shape)}", out, "loose")


conv_case("conv2d_basic", rand(1, 3, 8, 8), rand(4, 3, 3, 3))
conv_case("conv2d_stride_pad_bias", rand(2, 3, 9, 7), rand(5, 3, 3, 2), rand(5), (2, 1), (1, 0, 1, 1))
conv_case("conv2d_dilation", rand(1, 2, 10, 10), rand(3, 2, 3, 3), None, (1, 2), (2, 2, 2, 2), (2, 2))
conv_case("conv2d_groups", rand(1, 4, 6, 6), rand(6, 2, 3, 3), rand(6), (1, 1), (1, 1, 1, 1), (1, 1), 2)
# Grouped with 8 channels per group (regnet): f x ow x c register tiles of
# one group; stride 2 through the input's phases; stride 2 over an odd
# padded map and dilation 2 (not tiled: loops).
conv_case("conv2d_groups8", rand(1, 32, 14, 14), rand(32, 8, 3, 3), rand(32), (1, 1), (1, 1, 1, 1), (1, 1), 4)
conv_case("conv2d_groups8_stride2", rand(1, 24, 16, 16), rand(48, 8, 3, 3), rand(48), (2, 2), (1, 1, 1, 1), (1, 1), 3)
conv_case("conv2d_groups8_stride2_odd", rand(1, 24, 15, 15), rand(48, 8, 3, 3), rand(48), (2, 2), (1, 1, 1, 1), (1, 1), 3)
conv_case("conv2d_groups_dilated", rand(1, 16, 9, 9), rand(16, 8, 3, 3), None, (1, 1), (2, 2, 2, 2), (2, 2), 2)
conv_case("conv2d_im2col_tiled", rand(2, 8, 18, 18), rand(16, 8, 3, 3), rand(16), (1, 1), (1, 1, 1, 1))
conv_case("conv2d_depthwise", rand(1, 3, 6, 6), rand(3, 1, 3, 3), None, (2, 2), (1, 1, 1, 1), (1, 1), 3)
# A stride-4 stem (alexnet's, convnext's): im2col; large enough that two
# threads split the im2col copy (op-cases.test runs it on two threads too).
conv_case("conv2d_im2col_stride4", rand(1, 3, 96, 96), rand(16, 3, 4, 4), rand(16), (4, 4))
# Depthwise convolutions (one channel per group): tiles of output rows x
# columns per channel and tap; unit stride with bias, stride 2 through the
# phases (5x5 like efficientnet's), dilation, and an odd padded input that
# keeps the loop lowering.
conv_case("conv2d_depthwise_tiled", rand(2, 32, 20, 20), rand(32, 1, 3, 3), rand(32), (1, 1), (1, 1, 1, 1), (1, 1), 32)
conv_case("conv2d_depthwise_5x5_stride2", rand(1, 24, 18, 18), rand(24, 1, 5, 5), rand(24), (2, 2), (2, 2, 2, 2), (1, 1), 24)
conv_case("conv2d_depthwise_dilation", rand(1, 8, 16, 16), rand(8, 1, 3, 3), None, (1, 1), (2, 2, 2, 2), (2, 2), 8)
conv_case("conv2d_depthwise_stride2_odd", rand(1, 8, 9, 9), rand(8, 1, 3, 3), None, (2, 2), (1, 1, 1, 1), (1, 1), 8)
# 1x1 convolutions as matrix products over the flattened map (64 and 256
# positions), with a fused bias + SiLU epilogue (x * sigmoid(x)).
conv_case("conv2d_pointwise_matmul", rand(1, 24, 16, 16), rand(40, 24, 1, 1), rand(40))
# Maps that the lanes do not divide: 13 x 13 = 169 positions (tiles of 32
# and a peeled one of 9), 14 x 14 = 196 with 32 channels (a product, not
# channels-last); strided, over an odd map (13 x 13 -> 7 x 7, subsampled
# first).
conv_case("conv2d_pointwise_partial", rand(1, 24, 13, 13), rand(40, 24, 1, 1), rand(40))
conv_case("conv2d_pointwise_196", rand(1, 16, 14, 14), rand(32, 16, 1, 1), rand(32))
conv_case("conv2d_pointwise_stride2_odd", rand(1, 16, 13, 13), rand(24, 16, 1, 1), rand(24), (2, 2))
# Stride 2 with an even padded input: read through the input's 2 x 2 phases
# (3x3, 7x7 with padding 3 like resnet's stem, 1x1 without padding); with an
# odd padded input: im2col.
conv_case("conv2d_stride2_phases", rand(2, 8, 16, 16), rand(16, 8, 3, 3), rand(16), (2, 2), (1, 1, 1, 1))
conv_case("conv2d_stride2_7x7", rand(1, 3, 20, 20), rand(8, 3, 7, 7), None, (2, 2), (3, 3, 3, 3))
# Prime output widths (inception_v3): 71 columns as tiles of 32 and a
# peeled one of 7; stride 2 over an odd 35 x 35 map (one more row and
# column for the phases), 17 x 17 outputs channels-last in tiles of 8 rows
# and a peeled one.
conv_case("conv2d_prime_width", rand(1, 8, 73, 73), rand(16, 8, 3, 3), rand(16))
conv_case("conv2d_stride2_odd_prime", rand(1, 8, 35, 35), rand(16, 8, 3, 3), rand(16), (2, 2))
# Output columns that do not fill 16 lanes, with a multiple of 16 channels:
# computed channels-last (channels on the lanes), unit stride and stride 2.
conv_case("conv2d_channels_on_lanes", rand(1, 24, 7, 7), rand(32, 24, 3, 3), rand(32), (1, 1), (1, 1, 1, 1))
conv_case("conv2d_channels_on_lanes_stride2", rand(1, 16, 14, 14), rand(32, 16, 3, 3), rand(32), (2, 2), (1, 1, 1, 1))
conv_case("conv2d_channels_on_lanes_12", rand(1, 8, 12, 12), rand(16, 8, 3, 3), rand(16), (1, 1), (1, 1, 1, 1))
# Strided, channels-last, four filter blocks, an input that outweighs the
# filter: on two threads it splits output rows (and its phases' rows).
conv_case("conv2d_channels_on_lanes_stride2_blocks", rand(1, 8, 36, 36), rand(128, 8, 3, 3), rand(128), (2, 2), (1, 1, 1, 1))
conv_case("conv2d_stride2_1x1", rand(1, 16, 12, 12), rand(8, 16, 1, 1), rand(8), (2, 2))
conv_case("conv2d_stride2_odd", rand(1, 8, 9, 9), rand(16, 8, 3, 3), None, (2, 2), (1, 1, 1, 1))


def convt_case(name, x, w, b=None, stride=(1, 1), pads=(0, 0, 0, 0), dil=(1, 1), out_pad=(0, 0), groups=1):
    out = ref.conv_transpose2d(x, w, b, stride, pads, dil, out_pad, groups).astype(np.float32)
    attrs = (f"strides = array<i64: {stride[0]}, {stride[1]}>, pads = array<i64: {', '.join(map(str, pads))}>, "
             f"dilations = array<i64: {dil[0]}, {dil[1]}>, output_padding = array<i64: {out_pad[0]}, {out_pad[1]}>, "
             f"groups = {groups} : i64")
    ins = [("x", x), ("w", w)] + ([("b", b)] if b is not None else [])
    operands = ", ".join("%" + n for n, _ in ins)
    types = ", ".join(t(a.shape) for _, a in ins)
    op_case(name, ins, f"%y = cgraph.conv_transpose2d {operands} {{{attrs}}} : ({types}) -> {t(out.shape)}",
            out, "loose")


convt_case("conv_transpose2d_up2", rand(1, 4, 5, 5), rand(4, 3, 2, 2), rand(3), (2, 2))
convt_case("conv_transpose2d_pad_outpad", rand(1, 2, 4, 3), rand(2, 3, 3, 3), None, (2, 2), (1, 1, 1, 0), (1, 1), (1, 1))
convt_case("conv_transpose2d_groups_dilation", rand(1, 4, 3, 3), rand(4, 1, 2, 2), None, (1, 1), (0, 0, 0, 0), (2, 2), (0, 0), 2)


def pool_case(name, op, x, k, stride, pads, ceil=False, include_pad=False, dil=(1, 1)):
    out = ref.pool2d(x, k, stride, pads, "max" if op == "max_pool2d" else "avg", ceil, include_pad,
                     dil).astype(np.float32)
    attrs = (f"kernel_shape = array<i64: {k[0]}, {k[1]}>, strides = array<i64: {stride[0]}, {stride[1]}>, "
             f"pads = array<i64: {', '.join(map(str, pads))}>, ceil_mode = {str(ceil).lower()}")
    if op == "max_pool2d":
        attrs += f", dilations = array<i64: {dil[0]}, {dil[1]}>"
    else:
        attrs += f", count_include_pad = {str(include_pad).lower()}"
    op_case(name, [("x", x)], f"%y = cgraph.{op} %x {{{attrs}}} : ({t(x.shape)}) -> {t(out.shape)}", out, "loose")


pool_case("max_pool2d_basic", "max_pool2d", rand(1, 2, 8, 8), (2, 2), (2, 2), (0, 0, 0, 0))
pool_case("max_pool2d_prime", "max_pool2d", rand(1, 4, 147, 147), (3, 3), (2, 2), (0, 0, 0, 0))
pool_case("max_pool2d_pad_ceil", "max_pool2d", rand(1, 2, 7, 7), (3, 3), (2, 2), (1, 1, 1, 1), ceil=True)
pool_case("max_pool2d_dilation", "max_pool2d", rand(1, 1, 9, 9), (2, 2), (1, 1), (0, 0, 0, 0), dil=(2, 2))
# NaN in a max pool's window makes its output NaN (the vector max ignores
# only the sign of zero), at unit stride (-inf padding) and through the
# stride-2 phases; 30 columns: two partial vectors a row.
_x = rand(1, 3, 30, 30)
_x[0, 1, 4, 7] = _x[0, 2, 0, 29] = np.nan
pool_case("max_pool2d_nan", "max_pool2d", _x, (3, 3), (1, 1), (1, 1, 1, 1))
pool_case("max_pool2d_nan_stride2", "max_pool2d", _x, (3, 3), (2, 2), (1, 1, 1, 1))
# Strided pools without padding before the input read its rows directly
# (StridedPooling.cpp): NaN there too; ceil mode's padding rows and
# columns; rows of more than eight vectors (a loop over groups of four);
# odd and wider strides; windows no larger than their stride.
pool_case("max_pool2d_nan_stride2_nopad", "max_pool2d", _x, (3, 3), (2, 2), (0, 0, 0, 0))
pool_case("max_pool2d_stride2_ceil", "max_pool2d", rand(2, 3, 8, 8), (3, 3), (2, 2), (0, 0, 0, 0), ceil=True)
pool_case("max_pool2d_stride2_ceil_wide", "max_pool2d", rand(1, 2, 5, 300), (3, 3), (2, 2), (0, 0, 0, 0), ceil=True)
pool_case("max_pool2d_2x2_stride2_wide", "max_pool2d", rand(1, 3, 6, 290), (2, 2), (2, 2), (0, 0, 0, 0))
pool_case("max_pool2d_stride3", "max_pool2d", rand(1, 2, 40, 50), (3, 3), (3, 3), (0, 0, 0, 0), ceil=True)
pool_case("max_pool2d_5x5_stride4", "max_pool2d", rand(1, 2, 37, 71), (5, 5), (4, 4), (0, 0, 0, 0))
pool_case("max_pool2d_rows1_stride2", "max_pool2d", rand(1, 2, 33, 41), (3, 3), (1, 2), (0, 0, 0, 0))
# Padding before the map: the first vector of a row is shifted (resnet's
# 3x3 / 2 pad 1 on four vectors; asymmetric pads; a 5x5 / 3 pad 2 whose
# first read starts two columns early), except in rows of more than eight
# vectors, which keep the phases.
pool_case("max_pool2d_stride2_pad1", "max_pool2d", rand(1, 3, 112, 112), (3, 3), (2, 2), (1, 1, 1, 1))
pool_case("max_pool2d_stride2_pads_asym", "max_pool2d", rand(1, 2, 20, 37), (3, 3), (2, 2), (2, 0, 0, 2))
pool_case("max_pool2d_stride3_pad2", "max_pool2d", rand(1, 2, 31, 31), (5, 5), (3, 3), (2, 2, 2, 2), ceil=True)
pool_case("max_pool2d_stride2_pad1_wide", "max_pool2d", rand(1, 2, 6, 300), (3, 3), (2, 2), (1, 1, 1, 1))
pool_case("avg_pool2d_exclude_pad", "avg_pool2d", rand(1, 2, 6, 6), (3, 3), (2, 2), (1, 1, 1, 1))
pool_case("avg_pool2d_include_pad", "avg_pool2d", rand(1, 2, 6, 6), (3, 3), (2, 2), (1, 1, 1, 1), include_pad=True)
pool_case("avg_pool2d_ceil", "avg_pool2d", rand(1, 1, 7, 7), (2, 2), (2, 2), (0, 0, 0, 0), ceil=True)

_x = rand(2, 3, 4, 5)
op_case("global_avg_pool", [("x", _x)], f"%y = cgraph.global_avg_pool %x : ({t(_x.shape)}) -> {t((2, 3, 1, 1))}",
        _x.mean(axis=(2, 3), keepdims=True), "loose")

# --- normalization, softmax, reductions ------------------------------------

_x, _s, _b, _m, _v = rand(2, 3, 4, 4), rand(3), rand(3), rand(3), np.abs(rand(3)) + 0.5
op_case("batch_norm", [("x", _x), ("s", _s), ("b", _b), ("m", _m), ("v", _v)],
        f"%y = cgraph.batch_norm %x, %s, %b, %m, %v {{epsilon = 1.0e-3 : f32}} : ({t(_x.shape)}, {t((3,))}, "
        f"{t((3,))}, {t((3,))}, {t((3,))}) -> {t(_x.shape)}",
        ((_x - _m.reshape(1, 3, 1, 1)) / np.sqrt(_v.reshape(1, 3, 1, 1) + 1e-3) * _s.reshape(1, 3, 1, 1)
         + _b.reshape(1, 3, 1, 1)), "loose")
_x, _g, _bb = rand(2, 3, 8), rand(3, 8), rand(3, 8)
_mu = _x.mean(axis=(1, 2), keepdims=True)
_var = ((_x - _mu) ** 2).mean(axis=(1, 2), keepdims=True)
op_case("layer_norm", [("x", _x), ("g", _g), ("b", _bb)],
        f"%y = cgraph.layer_norm %x, %g, %b {{axis = 1 : i64, epsilon = 1.0e-5 : f32}} : ({t(_x.shape)}, "
        f"{t(_g.shape)}, {t(_bb.shape)}) -> {t(_x.shape)}",
        (_x - _mu) / np.sqrt(_var + 1e-5) * _g + _bb, "loose")
_x = rand(3, 5, 4)
_e = np.exp(_x - _x.max(axis=1, keepdims=True))
op_case("softmax_axis1", [("x", _x)], f"%y = cgraph.softmax %x {{axis = 1 : i64}} : ({t(_x.shape)}) -> {t(_x.shape)}",
        _e / _e.sum(axis=1, keepdims=True), "loose")
_x = rand(2, 3, 4)
op_case("reduce_sum_keep", [("x", _x)], f"%y = cgraph.reduce_sum %x {{axes = array<i64: 0, 2>}} : ({t(_x.shape)}) -> {t((1, 3, 1))}",
        _x.sum(axis=(0, 2), keepdims=True), "loose")
op_case("reduce_mean_drop", [("x", _x)], f"%y = cgraph.reduce_mean %x {{axes = array<i64: -1>, keepdims = false}} : ({t(_x.shape)}) -> {t((2, 3))}",
        _x.mean(axis=-1), "loose")
op_case("reduce_max_all", [("x", _x)], f"%y = cgraph.reduce_max %x {{keepdims = false}} : ({t(_x.shape)}) -> {t(())}",
        np.array(_x.max(), dtype=np.float32))
op_case("reduce_min", [("x", _x)], f"%y = cgraph.reduce_min %x {{axes = array<i64: 1>}} : ({t(_x.shape)}) -> {t((2, 1, 4))}",
        _x.min(axis=1, keepdims=True))
# Rows long enough for vector partial results (vectorize-reductions):
# softmax over rows of 197 (64-lane partials, a peeled tile of 5), a global
# average pool over 14 x 14 maps (196: a peeled tile of 4), a layer norm
# over 768 (no partial tile), a maximum over rows of 40 (one vector of
# partials and a peeled tile of 8), integer sums over rows of 100.
_x = rand(2, 5, 197) * 4
_e = np.exp(_x - _x.max(axis=-1, keepdims=True))
op_case("softmax_rows_197", [("x", _x)], f"%y = cgraph.softmax %x {{axis = -1 : i64}} : ({t(_x.shape)}) -> {t(_x.shape)}",
        _e / _e.sum(axis=-1, keepdims=True), "loose")
_x = rand(1, 24, 14, 14)
op_case("global_avg_pool_196", [("x", _x)], f"%y = cgraph.global_avg_pool %x : ({t(_x.shape)}) -> {t((1, 24, 1, 1))}",
        _x.mean(axis=(2, 3), keepdims=True), "loose")
_x, _g, _bb = rand(1, 7, 768) + 3, rand(768), rand(768)
_mu = _x.mean(axis=-1, keepdims=True)
_var = ((_x - _mu) ** 2).mean(axis=-1, keepdims=True)
op_case("layer_norm_768", [("x", _x), ("g", _g), ("b", _bb)],
        f"%y = cgraph.layer_norm %x, %g, %b {{axis = -1 : i64, epsilon = 1.0e-6 : f32}} : ({t(_x.shape)}, "
        f"{t(_g.shape)}, {t(_bb.shape)}) -> {t(_x.shape)}",
        (_x - _mu) / np.sqrt(_var + 1e-6) * _g + _bb, "loose")
_x = rand(3, 40)
op_case("reduce_max_rows_40", [("x", _x)], f"%y = cgraph.reduce_max %x {{axes = array<i64: 1>, keepdims = false}} : ({t(_x.shape)}) -> {t((3,))}",
        _x.max(axis=1))

# Total reductions that keep their dimensions (715 -> 1, 3 x 40 -> 1 x 1):
# vectorize-reductions crashed on their constant output maps ((d0) -> (0));
# found by test/random/randgraph.py.
_x = rand(715)
op_case("reduce_mean_all_keepdims", [("x", _x)], f"%y = cgraph.reduce_mean %x : ({t(_x.shape)}) -> {t((1,))}",
        _x.astype(np.float64).mean(keepdims=True), "loose")
_x = rand(3, 40)
op_case("reduce_sum_all_keepdims_2d", [("x", _x)], f"%y = cgraph.reduce_sum %x : ({t(_x.shape)}) -> {t((1, 1))}",
        _x.astype(np.float64).sum(keepdims=True), "loose")
# Comparisons (NaN compares false), logic and select on i1 masks; masks
# in and out as bool .npy files. 37 columns: vector loops and a remainder.
_p = RNG.randint(-2, 3, (3, 37)).astype(np.float32)
_p[1, 4] = np.nan
_q = RNG.randint(-2, 3, (37,)).astype(np.float32)
for _op, _fn in (("equal", np.equal), ("less", np.less), ("less_equal", np.less_equal),
                 ("greater", np.greater), ("greater_equal", np.greater_equal)):
    op_case(f"{_op}", [("a", _p), ("b", _q)],
            f"%y = cgraph.{_op} %a, %b : ({t(_p.shape)}, {t(_q.shape)}) -> {t(_p.shape, 'i1')}", _fn(_p, _q))
_m = RNG.rand(3, 37) < 0.5
_n = RNG.rand(37) < 0.5
for _op, _fn in (("and", np.logical_and), ("or", np.logical_or), ("xor", np.logical_xor)):
    op_case(f"{_op}", [("a", _m), ("b", _n)],
            f"%y = cgraph.{_op} %a, %b : ({t(_m.shape, 'i1')}, {t(_n.shape, 'i1')}) -> {t(_m.shape, 'i1')}", _fn(_m, _n))
op_case("not", [("a", _m)], f"%y = cgraph.not %a : {t(_m.shape, 'i1')}", ~_m)
op_case("select", [("c", _m), ("a", _p), ("b", _q)],
        f"%y = cgraph.select %c, %a, %b : ({t(_m.shape, 'i1')}, {t(_p.shape)}, {t(_q.shape)}) -> {t(_p.shape)}",
        np.where(_m, _p, _q))

# argmax / argmin: ties (small integers as floats), NaN (numpy's argmax
# treats it as the maximum), select_last_index (the reversed axis), ints.
_t = RNG.randint(-2, 3, (3, 5, 4)).astype(np.float32)
_t[1, 2, 3] = _t[2, 0, 1] = _t[2, 4, 1] = np.nan


def _arg(fn, x, axis, keepdims=True, last=False):
    if last:
        n = x.shape[axis]
        r = n - 1 - fn(np.flip(x, axis), axis=axis)
    else:
        r = fn(x, axis=axis)
    return np.expand_dims(r, axis).astype(np.int64) if keepdims else r.astype(np.int64)


for _op, _fn in (("argmax", np.argmax), ("argmin", np.argmin)):
    op_case(f"{_op}_axis1", [("x", _t)], f"%y = cgraph.{_op} %x {{axis = 1 : i64}} : ({t(_t.shape)}) -> {t((3, 1, 4), 'i64')}",
            _arg(_fn, _t, 1))
    op_case(f"{_op}_last_drop", [("x", _t)],
            f"%y = cgraph.{_op} %x {{axis = -1 : i64, keepdims = false, select_last_index = true}} : ({t(_t.shape)}) -> {t((3, 5), 'i64')}",
            _arg(_fn, _t, 2, keepdims=False, last=True))
    _i = RNG.randint(-3, 4, (4, 6)).astype(np.int64)
    op_case(f"{_op}_i64", [("x", _i)], f"%y = cgraph.{_op} %x {{axis = 0 : i64, keepdims = false}} : ({t(_i.shape, 'i64')}) -> {t((6,), 'i64')}",
            _arg(_fn, _i, 0, keepdims=False))
    _i = RNG.randint(-3, 4, (4, 6)).astype(np.int32)
    op_case(f"{_op}_i32_last", [("x", _i)],
            f"%y = cgraph.{_op} %x {{axis = 1 : i64, select_last_index = true}} : ({t(_i.shape, 'i32')}) -> {t((4, 1), 'i64')}",
            _arg(_fn, _i, 1, last=True))
# Integer reduce_max / reduce_min start from the element type's extremes
# (reduce_max of i32 started from 0: all-negative rows came out 0).
_i = -RNG.randint(1, 50, (3, 5)).astype(np.int32)
op_case("reduce_max_i32_negative", [("x", _i)],
        f"%y = cgraph.reduce_max %x {{axes = array<i64: 1>, keepdims = false}} : ({t(_i.shape, 'i32')}) -> {t((3,), 'i32')}",
        _i.max(axis=1))
_i = RNG.randint(-1000, 1000, (3, 100)).astype(np.int32)
op_case("reduce_sum_i32_rows_100", [("x", _i)],
        f"%y = cgraph.reduce_sum %x {{axes = array<i64: 1>, keepdims = false}} : ({t(_i.shape, 'i32')}) -> {t((3,), 'i32')}",
        _i.sum(axis=1).astype(np.int32))
_i = RNG.randint(2**62, 2**63 - 1, (3, 5), dtype=np.int64)
op_case("reduce_min_i64_large", [("x", _i)],
        f"%y = cgraph.reduce_min %x {{axes = array<i64: 0>}} : ({t(_i.shape, 'i64')}) -> {t((1, 5), 'i64')}",
        _i.min(axis=0, keepdims=True))

# --- data movement ---------------------------------------------------------

# A 0-D transpose (empty perm) is a copy: as linalg.transpose it crashed
# MLIR's verifier (found by test/random/randgraph.py).
_x = np.array(rand(1)[0])
op_case("transpose_0d", [("x", _x)], f"%y = cgraph.transpose %x {{perm = array<i64>}} : ({t(())}) -> {t(())}", _x)
_x = rand(2, 3, 4)
op_case("reshape", [("x", _x)], f"%y = cgraph.reshape %x : {t(_x.shape)} -> {t((4, 6))}", _x.reshape(4, 6))
op_case("flatten", [("x", _x)], f"%y = cgraph.flatten %x {{axis = 2 : i64}} : ({t(_x.shape)}) -> {t((6, 4))}", _x.reshape(6, 4))
op_case("transpose", [("x", _x)], f"%y = cgraph.transpose %x {{perm = array<i64: 2, 0, 1>}} : ({t(_x.shape)}) -> {t((4, 2, 3))}",
        _x.transpose(2, 0, 1))
# Transposes that move the innermost dimension run in blocks of 16 x 16
# (vectorize-transposes) with peeled partial blocks: 20 = 16 + 4 rows of
# 35 = 2 x 16 + 3 columns, and a 2-D one smaller than a block one way.
_x = rand(1, 20, 9, 35)
op_case("transpose_blocks", [("x", _x)], f"%y = cgraph.transpose %x {{perm = array<i64: 0, 2, 3, 1>}} : ({t(_x.shape)}) -> {t((1, 9, 35, 20))}",
        _x.transpose(0, 2, 3, 1))
_x = rand(33, 7)
op_case("transpose_2d_partial", [("x", _x)], f"%y = cgraph.transpose %x {{perm = array<i64: 1, 0>}} : ({t(_x.shape)}) -> {t((7, 33))}",
        np.ascontiguousarray(_x.T))
_a, _b = rand(2, 3), rand(2, 5)
op_case("concat", [("a", _a), ("b", _b)], f"%y = cgraph.concat %a, %b, %a {{axis = 1 : i64}} : ({t(_a.shape)}, {t(_b.shape)}, {t(_a.shape)}) -> {t((2, 11))}",
        np.concatenate([_a, _b, _a], axis=1))
# A dense block: each concatenation joins every feature so far, and a
# feature is read by later layers too. plan-memory places the features in
# the last result and makes the first concatenation a view of its prefix:
# neither is called, and the layers write and read the shared buffer.
@case("concat_dense_block")
def make():
    x = rand(1, 4, 5, 6)
    f0 = -x
    f1 = np.maximum(f0, 0)
    c2 = np.concatenate([f0, f1], axis=1)
    f3 = np.abs(c2)[:, 2:6] * 2
    f2 = -f1
    c4 = np.concatenate([f0, f1, f3, f2], axis=1)
    s, w = t(x.shape), t(c2.shape)
    body = (f"  %f0 = cgraph.neg %x : {s}\n"
            f"  %f1 = cgraph.relu %f0 : {s}\n"
            f"  %c2 = cgraph.concat %f0, %f1 {{axis = 1 : i64}} : ({s}, {s}) -> {w}\n"
            f"  %h = cgraph.abs %c2 : {w}\n"
            f"  %hs = cgraph.slice %h {{starts = array<i64: 0, 2, 0, 0>, ends = array<i64: 1, 6, 5, 6>, steps = array<i64: 1, 1, 1, 1>}} : ({w}) -> {s}\n"
            f"  %f3 = cgraph.add %hs, %hs : ({s}, {s}) -> {s}\n"
            f"  %f2 = cgraph.neg %f1 : {s}\n"
            f"  %c4 = cgraph.concat %f0, %f1, %f3, %f2 {{axis = 1 : i64}} : ({s}, {s}, {s}, {s}) -> {t(c4.shape)}\n"
            f"  %y = cgraph.relu %c4 : {t(c4.shape)}")
    return [("x", x)], body, [("y", "%y", np.maximum(c4, 0))]


# Ops that return their operand get no kernel; their users read the
# operand (here the graph's input, then a kernel's result).
@case("identities")
def make():
    x = rand(1, 3, 4, 5)
    s = t(x.shape)
    body = (f"  %p = cgraph.pad %x {{pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 0>}} : ({s}) -> {s}\n"
            f"  %c = cgraph.concat %p {{axis = 1 : i64}} : ({s}) -> {s}\n"
            f"  %r = cgraph.relu %c : {s}\n"
            f"  %t = cgraph.transpose %r {{perm = array<i64: 0, 1, 2, 3>}} : ({s}) -> {s}\n"
            f"  %y = cgraph.neg %t : {s}")
    return [("x", x)], body, [("y", "%y", -np.maximum(x, 0))]


_x = rand(5, 7)
op_case("slice_steps", [("x", _x)], f"%y = cgraph.slice %x {{starts = array<i64: 1, 0>, ends = array<i64: 5, 7>, steps = array<i64: 2, 3>}} : ({t(_x.shape)}) -> {t((2, 3))}",
        _x[1:5:2, 0:7:3])
_x = rand(3, 4)
for mode, npmode in (("constant", "constant"), ("edge", "edge"), ("reflect", "reflect")):
    extra = ", value = 1.5" if mode == "constant" else ""
    ref = (np.pad(_x, ((1, 2), (2, 1)), mode="constant", constant_values=1.5) if mode == "constant"
           else np.pad(_x, ((1, 2), (2, 1)), mode=npmode))
    op_case(f"pad_{mode}", [("x", _x)],
            f"%y = cgraph.pad %x {{pads = array<i64: 1, 2, 2, 1>, mode = #cgraph.pad_mode<{mode}>{extra}}} : ({t(_x.shape)}) -> {t(ref.shape)}",
            ref)
_d, _ix = rand(4, 5, 3), np.array([[0, -1], [3, 2]], dtype=np.int64)
op_case("gather_axis1_negative", [("d", _d), ("i", _ix)],
        f"%y = cgraph.gather %d, %i {{axis = 1 : i64}} : ({t(_d.shape)}, {t(_ix.shape, 'i64')}) -> {t((4, 2, 2, 3))}",
        np.take(_d, np.where(_ix < 0, _ix + 5, _ix), axis=1))

# --- control flow and fusion -------------------------------------------------

for flag in (True, False):
    _x = rand(4)

    @case(f"if_{str(flag).lower()}")
    def make(_x=_x, flag=flag):
        body = (f"  %r = cgraph.if %c : tensor<i1> -> ({t((4,))}) {{\n"
                f"    %a = cgraph.relu %x : {t((4,))}\n    cgraph.yield %a : {t((4,))}\n"
                f"  }} else {{\n    %n = cgraph.neg %x : {t((4,))}\n    cgraph.yield %n : {t((4,))}\n  }}")
        return ([("x", _x), ("c", np.array(flag))], body,
                [("r", "%r", np.maximum(_x, 0) if flag else -_x)])


# A constant inside the region (it was not lowered; test/random).
for flag in (True, False):
    _x = rand(5)

    @case(f"if_region_constant_{str(flag).lower()}")
    def make(_x=_x, flag=flag):
        body = (f"  %r = cgraph.if %c : tensor<i1> -> ({t((5,))}) {{\n"
                f"    %k = cgraph.constant dense<1.250000e-01> : tensor<f32>\n"
                f"    %a = cgraph.mul %x, %k : ({t((5,))}, tensor<f32>) -> {t((5,))}\n"
                f"    cgraph.yield %a : {t((5,))}\n"
                f"  }} else {{\n    cgraph.yield %x : {t((5,))}\n  }}")
        return ([("x", _x), ("c", np.array(flag))], body, [("r", "%r", _x * 0.125 if flag else _x)])

    # A branch yielding the constant itself, the other a new value.
    @case(f"if_region_yields_constant_{str(flag).lower()}")
    def make(_x=_x, flag=flag):
        body = (f"  %r = cgraph.if %c : tensor<i1> -> ({t((5,))}) {{\n"
                f"    %k = cgraph.constant dense<1.250000e-01> : {t((5,))}\n"
                f"    cgraph.yield %k : {t((5,))}\n"
                f"  }} else {{\n    %n = cgraph.neg %x : {t((5,))}\n"
                f"    cgraph.yield %n : {t((5,))}\n  }}")
        return ([("x", _x), ("c", np.array(flag))], body,
                [("r", "%r", np.full(5, 0.125, np.float32) if flag else -_x)])


_x, _w, _bias = rand(2, 6), rand(6, 4), rand(4)


def fused_silu_case(name, x, w, b, pads, groups, stride=(1, 1)):
    """A fused conv + bias + SiLU group (x * sigmoid(x): the conv's result
    read twice), the kernel efficientnet is made of."""
    from mcg.reference import conv2d
    z = conv2d(x, w, b, stride, pads, (1, 1), groups).astype(np.float64)
    attrs = (f"strides = array<i64: {stride[0]}, {stride[1]}>, "
             f"pads = array<i64: {', '.join(map(str, pads))}>, groups = {groups} : i64")
    o = t(z.shape)

    @case(name, "loose")
    def make():
        body = (f"  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : ({t(x.shape)}, {t(w.shape)}, {t(b.shape)}) -> {o} {{\n"
                f"  ^bb0(%a: {t(x.shape)}, %c: {t(w.shape)}, %d: {t(b.shape)}):\n"
                f"    %v = cgraph.conv2d %a, %c, %d {{{attrs}}} : ({t(x.shape)}, {t(w.shape)}, {t(b.shape)}) -> {o}\n"
                f"    %s = cgraph.sigmoid %v : {o}\n"
                f"    %m = cgraph.mul %v, %s : ({o}, {o}) -> {o}\n"
                f"    cgraph.yield %m : {o}\n  }}")
        return [("x", x), ("w", w), ("b", b)], body, [("y", "%y", z / (1 + np.exp(-z)))]


fused_silu_case("fused_pointwise_silu", rand(1, 16, 8, 8), rand(32, 16, 1, 1), rand(32), (0, 0, 0, 0), 1)
# Rows of 42 columns (tiles of 21) do not fill the lanes and 32 channels do: computed
# channels-last, the bias broadcast written channels-last directly and the
# SiLU fused into the transpose back to NCHW (blocks of 16 x 16, peeled).
fused_silu_case("fused_channels_last_silu", rand(1, 16, 6, 42), rand(32, 16, 3, 3), rand(32), (1, 1, 1, 1), 1)
fused_silu_case("fused_depthwise_silu", rand(1, 32, 12, 12), rand(32, 1, 3, 3), rand(32), (1, 1, 1, 1), 32)
# Strided depthwise layers read their rows directly, the SiLU applied to
# the accumulators (35 columns: three vectors a row, split by rows on two
# threads); rows of more than eight vectors with padding before them keep
# the phases.
fused_silu_case("fused_depthwise_silu_stride2", rand(1, 24, 40, 70), rand(24, 1, 3, 3), rand(24), (1, 1, 1, 1), 24,
                (2, 2))
fused_silu_case("fused_depthwise_silu_stride2_wide", rand(1, 2, 5, 300), rand(2, 1, 3, 3), rand(2), (1, 1, 1, 1), 2,
                (2, 2))


@case("fused_contraction_epilogue", "loose")
def make():
    body = (f"  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : ({t(_x.shape)}, {t(_w.shape)}, {t((4,))}) -> {t((2, 4))} {{\n"
            f"  ^bb0(%a: {t(_x.shape)}, %c: {t(_w.shape)}, %d: {t((4,))}):\n"
            f"    %m = cgraph.matmul %a, %c : ({t(_x.shape)}, {t(_w.shape)}) -> {t((2, 4))}\n"
            f"    %s = cgraph.add %m, %d : ({t((2, 4))}, {t((4,))}) -> {t((2, 4))}\n"
            f"    %r = cgraph.relu %s : {t((2, 4))}\n"
            f"    cgraph.yield %r : {t((2, 4))}\n  }}")
    return [("x", _x), ("w", _w), ("b", _bias)], body, [("y", "%y", np.maximum(_x.astype(np.float64) @ _w + _bias, 0))]


_gx, _gw, _gb = rand(24, 40), rand(64, 40), rand(64)


@case("fused_gemm_gelu_tiles", "loose")
def make():
    # Several 8 x 32 register tiles with a 5-step reduction loop; the erf of
    # the gelu runs on each vectorized tile (libm, one lane at a time).
    o = (24, 64)
    body = (f"  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : ({t(_gx.shape)}, {t(_gw.shape)}, {t((64,))}) -> {t(o)} {{\n"
            f"  ^bb0(%a: {t(_gx.shape)}, %c: {t(_gw.shape)}, %d: {t((64,))}):\n"
            f"    %m = cgraph.gemm %a, %c, %d {{trans_b = true}} : ({t(_gx.shape)}, {t(_gw.shape)}, {t((64,))}) -> {t(o)}\n"
            f"    %r = cgraph.gelu %m : {t(o)}\n"
            f"    cgraph.yield %r : {t(o)}\n  }}")
    z = _gx.astype(np.float64) @ _gw.T.astype(np.float64) + _gb
    return [("x", _gx), ("w", _gw), ("b", _gb)], body, [("y", "%y", 0.5 * z * (1 + erf(z / math.sqrt(2))))]


_px, _pw = rand(24, 512), rand(512, 1024)


@case("matmul_packed", "sum512")
def make():
    # A right operand of 2 MiB: packed into 32-column panels, blocks of
    # 256 columns x 256 steps (vectorize-contractions' defaults). Sums of
    # 512 float32 products: atol 1e-4 (the unpacked product is off by the
    # same 9.7e-5 from float64; numpy's float32 product by 4.3e-5).
    o = (24, 1024)
    body = (f"  %y = cgraph.matmul %x, %w : ({t(_px.shape)}, {t(_pw.shape)}) -> {t(o)}")
    return [("x", _px), ("w", _pw)], body, [("y", "%y", _px.astype(np.float64) @ _pw)]


@case("matmul_packed_constant", "sum512")
def make():
    # The same with constant weights: the panels are laid out at compile
    # time (fold-constant-transposes), not on every call.
    o = (24, 1024)
    body = (f"  %w = cgraph.constant dense_resource<w> : {t(_pw.shape)}\n"
            f"  %y = cgraph.matmul %x, %w : ({t(_px.shape)}, {t(_pw.shape)}) -> {t(o)}")
    return [("x", _px)], body, [("y", "%y", _px.astype(np.float64) @ _pw)], [("w", _pw)]


_qx, _qk = rand(3, 27, 40), rand(3, 40, 37)


@case("matmul_partial_tiles", "loose")
def make():
    # 27 rows and 37 columns have no divisor near the 8 x 32 register tile:
    # full tiles, then peeled partial ones (3 rows; 5 columns).
    o = (3, 27, 37)
    body = f"  %y = cgraph.matmul %x, %w : ({t(_qx.shape)}, {t(_qk.shape)}) -> {t(o)}"
    return [("x", _qx), ("w", _qk)], body, [("y", "%y", np.matmul(_qx.astype(np.float64), _qk))]


_rx, _rw, _rb = rand(37, 1, 24), rand(24, 48), rand(48)


@case("fused_matmul_outer_rows", "loose")
def make():
    # A 37 x 1 x 24 operand (rows in the outer dimension) times a weight,
    # with its bias and relu fused: tiles of 8 x 1 rows, the partial one
    # peeled, the epilogue on every tile.
    o = (37, 1, 48)
    body = (f"  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : ({t(_rx.shape)}, {t(_rw.shape)}, {t((48,))}) -> {t(o)} {{\n"
            f"  ^bb0(%a: {t(_rx.shape)}, %c: {t(_rw.shape)}, %d: {t((48,))}):\n"
            f"    %m = cgraph.matmul %a, %c : ({t(_rx.shape)}, {t(_rw.shape)}) -> {t(o)}\n"
            f"    %s = cgraph.add %m, %d : ({t(o)}, {t((48,))}) -> {t(o)}\n"
            f"    %r = cgraph.relu %s : {t(o)}\n"
            f"    cgraph.yield %r : {t(o)}\n  }}")
    return [("x", _rx), ("w", _rw), ("b", _rb)], body, [("y", "%y", np.maximum(np.matmul(_rx.astype(np.float64), _rw) + _rb, 0))]


_sx, _sb = rand(2, 13, 512), rand(1024)


@case("fused_matmul_packed_rows", "sum512")
def make():
    # 2 x 13 rows gathered into 26, a constant 2 MiB weight packed into
    # panels, bias and relu expanded to the panels' shape and run on each
    # register tile, panels outermost; 26 rows: three tiles of 8, one of 2.
    o = (2, 13, 1024)
    body = (f"  %w = cgraph.constant dense_resource<w> : {t(_pw.shape)}\n"
            f"  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : ({t(_sx.shape)}, {t(_pw.shape)}, {t((1024,))}) -> {t(o)} {{\n"
            f"  ^bb0(%a: {t(_sx.shape)}, %c: {t(_pw.shape)}, %d: {t((1024,))}):\n"
            f"    %m = cgraph.matmul %a, %c : ({t(_sx.shape)}, {t(_pw.shape)}) -> {t(o)}\n"
            f"    %s = cgraph.add %m, %d : ({t(o)}, {t((1024,))}) -> {t(o)}\n"
            f"    %r = cgraph.relu %s : {t(o)}\n"
            f"    cgraph.yield %r : {t(o)}\n  }}")
    return [("x", _sx), ("b", _sb)], body, [("y", "%y", np.maximum(np.matmul(_sx.astype(np.float64), _pw) + _sb, 0))], [("w", _pw)]


_fx, _fw, _fb = rand(1, 640), rand(1000, 640), rand(1000)


@case("fused_gemm_batch1_packed", "sum512")
def make():
    # A batch-1 fully connected layer (ONNX Gemm, transB) with a 2.4 MiB
    # constant weight: packed at compile time into panels of 10 columns
    # (1000 classes), streamed once; bias and relu on each tile.
    o = (1, 1000)
    body = (f"  %w = cgraph.constant dense_resource<w> : {t(_fw.shape)}\n"
            f"  %y = cgraph.fused <contraction_epilogue> (%x, %w, %b) : ({t(_fx.shape)}, {t(_fw.shape)}, {t((1000,))}) -> {t(o)} {{\n"
            f"  ^bb0(%a: {t(_fx.shape)}, %c: {t(_fw.shape)}, %d: {t((1000,))}):\n"
            f"    %g = cgraph.gemm %a, %c, %d {{trans_b = true}} : ({t(_fx.shape)}, {t(_fw.shape)}, {t((1000,))}) -> {t(o)}\n"
            f"    %r = cgraph.relu %g : {t(o)}\n"
            f"    cgraph.yield %r : {t(o)}\n  }}")
    return [("x", _fx), ("b", _fb)], body, [("y", "%y", np.maximum(_fx.astype(np.float64) @ _fw.T + _fb, 0))], [("w", _fw)]


_ex, _ek, _ec = rand(2, 3, 67), rand(67), np.float32(0.5) * np.ones((), np.float32)


@case("fused_elementwise_prime_broadcast")
def make():
    # A fused group over a prime innermost dimension (tiles of one lane)
    # reading a 1-D broadcast and a 0-D operand: flattening the transfers
    # of such tiles crashed the compiler (hoist-vector-transfers).
    o = t((2, 3, 67))
    body = (f"  %y = cgraph.fused <elementwise> (%x, %k, %c) : ({o}, {t((67,))}, {t(())}) -> {o} {{\n"
            f"  ^bb0(%a: {o}, %b: {t((67,))}, %d: {t(())}):\n"
            f"    %m = cgraph.max %a, %b : ({o}, {t((67,))}) -> {o}\n"
            f"    %n = cgraph.min %m, %d : ({o}, {t(())}) -> {o}\n"
            f"    cgraph.yield %n : {o}\n  }}")
    return [("x", _ex), ("k", _ek), ("c", _ec)], body, [("y", "%y", np.minimum(np.maximum(_ex, _ek), _ec))]


_ai, _aj = RNG.randint(-50, 50, (11, 3)).astype(np.int64), RNG.randint(-50, 50, (1,)).astype(np.int64)


@case("fused_abs_i64_2d_tiles")
def make():
    # An integer abs in a fused group, whose tiles are 2-D vectors: math.absi
    # has no LLVM lowering for those (found by test/random/randgraph.py).
    o, y = t((11, 3), "i64"), t((1,), "i64")
    body = (f"  %z = cgraph.fused <elementwise> (%x, %y) : ({o}, {y}) -> {o} {{\n"
            f"  ^bb0(%a: {o}, %b: {y}):\n"
            f"    %s = cgraph.add %a, %b : ({o}, {y}) -> {o}\n"
            f"    %r = cgraph.abs %s : {o}\n"
            f"    cgraph.yield %r : {o}\n  }}")
    return [("x", _ai), ("y", _aj)], body, [("z", "%z", np.abs(_ai + _aj))]


TOLS = {"tight": ("1e-5", "1e-6"), "approx": ("1e-6", "1e-37"), "loose": ("1e-4", "1e-5"), "sum512": ("1e-4", "1e-4"),
        "pow": ("2e-5", "1e-37")}


def main():
    mcg_run, work = sys.argv[1], sys.argv[2]
    only = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[3] == "--only" else None
    threads = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--threads" else None
    os.makedirs(work, exist_ok=True)
    passed = failed = 0
    for name, make, tol in CASES:
        if only and name not in only:
            continue
        inputs, body, outputs, *blobs = make()
        d = os.path.join(work, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "case.mlir"), "w") as f:
            f.write(graph(name.replace("-", "_"), inputs, body, outputs))
            f.write(resources(blobs[0] if blobs else []))
        cmd = [mcg_run, os.path.join(d, "case.mlir"), "--rtol", TOLS[tol][0], "--atol", TOLS[tol][1]]
        if threads:
            cmd.append(f"--threads={threads}")
        for n, a in inputs:
            np.save(os.path.join(d, f"in_{n}.npy"), a)
            cmd.append(f"--input={n}={os.path.join(d, f'in_{n}.npy')}")
        for n, _, a in outputs:
            np.save(os.path.join(d, f"ref_{n}.npy"), np.asarray(a))
            cmd.append(f"--check={n}={os.path.join(d, f'ref_{n}.npy')}")
        proc = subprocess.run(cmd, capture_output=True, text=True)
        ok = proc.returncode == 0 and "FAIL" not in proc.stdout
        passed += ok
        failed += not ok
        detail = proc.stdout.strip().replace("\n", "; ") or proc.stderr.strip().splitlines()[0:3]
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
