"""Reference semantics of cgraph ops with a float32 error bound per element.

Every value is an `EV`: its exact value `v` (float64 for float tensors, int64
or bool otherwise) and `e`, an upper bound on how far a float32 evaluation
of the same graph may lie from `v`, element by element. The bound is a
first-order running error analysis: each op adds what rounding its result
to float32 can cost (2u of the magnitudes involved, u = 2^-24; n*2u for a
sum of n terms, in any order; 32u for the approximated transcendental
functions, whose accuracy docs/codegen.md states as 1e-6) to what the
errors of its operands can become through it (its local Lipschitz
constant). The bound is order-independent on purpose: a sum's term counts
the magnitudes of its addends, not of its result, so any association mcg
chooses (x*f - m*f for (x - m)*f, say) stays inside it.

A discrete decision that the errors can flip (a comparison or argmax whose
margin is within the operands' bounds, a float-to-int cast next to an
integer) makes the affected elements *unstable*: their bound is infinite,
and everything computed from them inherits that. The checker compares only
elements with a finite bound.

The numerics of the NN ops come from python/mcg/reference.py; this file
adds the bounds and the ops reference.py leaves to numpy.
"""

import math
import os
import sys

import numpy as np

# The source tree's python/ last: an mcg package on PYTHONPATH (the build's) wins.
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from mcg import reference as ref  # noqa: E402

U = 2.0 ** -24          # unit roundoff of float32
U2 = 2 * U              # one rounding, with room for an FMA or reassociation
CT = 32 * U             # the polynomial exp, log, tanh, erf, sigmoid (docs/codegen.md: 1e-6)
INF = np.inf
FLOAT_TYPES = ("f32",)
INT_TYPES = ("i64", "i32")


class EV:
    """A value: exact `v`, error bound `e` (inf: unstable), MLIR element type."""
    __slots__ = ("v", "e", "dt")

    def __init__(self, v, e, dt):
        v = np.asarray(v)
        e = np.broadcast_to(np.asarray(e, np.float64), v.shape)
        e = np.where(np.isnan(e), INF, e)  # inf * 0 in a propagation rule
        self.v, self.e, self.dt = v, e, dt

    @property
    def shape(self):
        return self.v.shape

    def is_float(self):
        return self.dt in FLOAT_TYPES


def exact(array, dt):
    """A graph input or constant: exactly its (float32 / int / bool) data."""
    a = np.asarray(array)
    v = a.astype(np.float64) if dt in FLOAT_TYPES else a.astype(np.int64) if dt in INT_TYPES else a
    return EV(v, 0.0, dt)


def unstable_of(*evs):
    """0 where all of `evs` are stable, inf where any is not (broadcast)."""
    shape = np.broadcast_shapes(*(x.shape for x in evs))
    bad = np.zeros(shape, bool)
    for x in evs:
        bad = bad | np.isinf(x.e)
    return np.where(bad, INF, 0.0)


# --- elementwise ------------------------------------------------------------

def add(a, b):
    if not a.is_float():
        return EV(a.v + b.v, unstable_of(a, b), a.dt)
    v = a.v + b.v
    return EV(v, a.e + b.e + U2 * (np.abs(a.v) + np.abs(b.v)), a.dt)


def sub(a, b):
    if not a.is_float():
        return EV(a.v - b.v, unstable_of(a, b), a.dt)
    return EV(a.v - b.v, a.e + b.e + U2 * (np.abs(a.v) + np.abs(b.v)), a.dt)


def mul(a, b):
    if not a.is_float():
        return EV(a.v * b.v, unstable_of(a, b), a.dt)
    v = a.v * b.v
    return EV(v, np.abs(a.v) * b.e + np.abs(b.v) * a.e + a.e * b.e + U2 * np.abs(v), a.dt)


def div(a, b):
    if not a.is_float():
        # Integer division truncates toward zero (C, onnxruntime).
        q = np.abs(a.v) // np.abs(b.v) * np.sign(a.v) * np.sign(b.v)
        return EV(q, unstable_of(a, b), a.dt)
    v = a.v / b.v
    room = np.abs(b.v) - b.e
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.where(room > 0, (a.e + np.abs(v) * b.e) / room, INF) + U2 * np.abs(v)
    return EV(v, e, a.dt)


def maximum(a, b):
    return EV(np.maximum(a.v, b.v), np.maximum(a.e, b.e), a.dt)


def minimum(a, b):
    return EV(np.minimum(a.v, b.v), np.maximum(a.e, b.e), a.dt)


def power(a, b):
    v = a.v ** b.v
    la = np.log(a.v)
    room = a.v - a.e
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.where(room > 0, np.abs(v) * (np.abs(b.v) * a.e / room + np.abs(la) * b.e), INF)
    e = e + CT * np.abs(v) * (1 + np.abs(b.v * la))
    return EV(v, e, a.dt)


def _compare(fn):
    def op(a, b):
        v = fn(a.v, b.v)
        slack = a.e + b.e
        if a.is_float():
            bad = (np.abs(a.v - b.v) <= slack) & (slack > 0)
        else:
            bad = np.isinf(slack)
        return EV(v, np.where(bad | np.isinf(slack), INF, 0.0), "i1")
    return op


def _logic(fn):
    def op(a, b=None):
        if b is None:
            return EV(fn(a.v), a.e, "i1")
        return EV(fn(a.v, b.v), unstable_of(a, b), "i1")
    return op


def select(c, t, f):
    v = np.where(c.v, t.v, f.v)
    e = np.where(np.isinf(c.e), INF, np.where(c.v, t.e, f.e))
    return EV(v, e, t.dt)


def neg(x):
    return EV(-x.v, x.e, x.dt)


def absolute(x):
    return EV(np.abs(x.v), x.e, x.dt)


def exp(x):
    v = np.exp(x.v)
    with np.errstate(over="ignore", invalid="ignore"):
        e = v * np.expm1(x.e) + CT * v
    return EV(v, e, x.dt)


def log(x):
    v = np.log(x.v)
    room = x.v - x.e
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.where(room > 0, -np.log1p(-x.e / x.v), INF) + CT * np.abs(v) + U
    return EV(v, e, x.dt)


def sqrt(x):
    v = np.sqrt(x.v)
    e = np.sqrt(x.v + x.e) - np.sqrt(np.maximum(x.v - x.e, 0)) + U2 * v
    return EV(v, e, x.dt)


def rsqrt(x):
    v = 1 / np.sqrt(x.v)
    room = x.v - x.e
    with np.errstate(divide="ignore", invalid="ignore"):
        e = np.where(room > 0, 1 / np.sqrt(room) - v, INF) + CT * v
    return EV(v, e, x.dt)


def _near_zero(x):
    """The smallest |x'| within x's bound (where a bell-shaped derivative peaks)."""
    return np.maximum(np.abs(x.v) - x.e, 0)


def tanh(x):
    v = np.tanh(x.v)
    slope = 1 - np.tanh(_near_zero(x)) ** 2
    return EV(v, x.e * slope + CT * np.abs(v), x.dt)


def sigmoid(x):
    v = ref.sigmoid(x.v)
    s = ref.sigmoid(_near_zero(x))
    return EV(v, x.e * s * (1 - s) + CT * np.abs(v), x.dt)


def relu(x):
    # Clearly negative inputs give exactly 0 in any precision.
    return EV(np.maximum(x.v, 0), np.where(x.v < -x.e, 0.0, x.e), x.dt)


def erf(x):
    v = ref.erf(x.v)
    slope = 2 / math.sqrt(math.pi) * np.exp(-_near_zero(x) ** 2)
    return EV(v, x.e * slope + CT * np.abs(v), x.dt)


def gelu(x, approximation="none"):
    if approximation == "tanh":
        v = 0.5 * x.v * (1 + np.tanh(math.sqrt(2 / math.pi) * (x.v + 0.044715 * x.v ** 3)))
    else:
        v = ref.gelu(x.v)
    # |gelu'| <= 1.13 (both forms); 0.5 * x * (1 + erf) cancels for x < 0.
    return EV(v, 1.13 * x.e + CT * (np.abs(v) + np.abs(x.v)), x.dt)


def clip(x, lo, hi):
    v = np.clip(x.v, lo, hi)
    clamped = (x.v < lo - x.e) | (x.v > hi + x.e)
    return EV(v, np.where(clamped, 0.0, x.e), x.dt)


def leaky_relu(x, alpha):
    v = np.where(x.v >= 0, x.v, alpha * x.v)
    return EV(v, x.e * max(1.0, abs(alpha)) + U2 * np.abs(v), x.dt)


def cast(x, dt):
    if x.is_float() and dt in INT_TYPES:
        lo, hi = np.trunc(x.v - x.e), np.trunc(x.v + x.e)
        return EV(np.trunc(x.v).astype(np.int64), np.where(lo != hi, INF, 0.0), dt)
    if dt in FLOAT_TYPES:
        v = x.v.astype(np.float64)
        if x.is_float():
            return EV(v, x.e, dt)
        rounding = np.where(np.abs(v) < 2 ** 24, 0.0, U * np.abs(v))
        return EV(v, np.where(np.isinf(x.e), INF, rounding), dt)
    if dt in INT_TYPES:
        return EV(x.v.astype(np.int64), x.e, dt)
    raise ValueError(f"cast {x.dt} -> {dt}")


# --- contractions -------------------------------------------------------------

def _bilinear(fn, a, b, terms):
    """fn bilinear (matmul, conv): value and bound of fn(a, b) with `terms`
    products summed per result element."""
    v = fn(a.v, b.v)
    aa, ab = np.abs(a.v), np.abs(b.v)
    with np.errstate(invalid="ignore"):
        e = fn(aa, b.e) + fn(a.e, ab) + fn(a.e, b.e) + terms * U2 * fn(aa, ab)
    return v, e


def matmul(a, b):
    v, e = _bilinear(np.matmul, a, b, a.shape[-1])
    return EV(v, e, a.dt)


def gemm(a, b, c=None, alpha=1.0, beta=1.0, trans_a=False, trans_b=False):
    A = EV(a.v.T, a.e.T, a.dt) if trans_a else a
    B = EV(b.v.T, b.e.T, b.dt) if trans_b else b
    v, e = _bilinear(np.matmul, A, B, A.shape[-1])
    v, e = alpha * v, abs(alpha) * e + U2 * np.abs(alpha * v)
    if c is not None:
        v = v + beta * c.v
        e = e + abs(beta) * c.e + U2 * (np.abs(v) + np.abs(beta * c.v))
    return EV(v, e, a.dt)


def conv2d(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), groups=1):
    def fn(xx, ww):
        return ref.conv2d(xx, ww, None, strides, pads, dilations, groups)
    v, e = _bilinear(fn, x, w, w.shape[1] * w.shape[2] * w.shape[3] + 1)
    if b is not None:
        bb = b.v.reshape(1, -1, 1, 1)
        v = v + bb
        e = e + b.e.reshape(1, -1, 1, 1) + U2 * (np.abs(v) + np.abs(bb))
    return EV(v, e, x.dt)


def conv_transpose2d(x, w, b=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1),
                     output_padding=(0, 0), groups=1):
    def fn(xx, ww):
        return ref.conv_transpose2d(xx, ww, None, strides, pads, dilations, output_padding, groups)
    v, e = _bilinear(fn, x, w, (x.shape[1] // groups) * w.shape[2] * w.shape[3] + 1)
    if b is not None:
        bb = b.v.reshape(1, -1, 1, 1)
        v = v + bb
        e = e + b.e.reshape(1, -1, 1, 1) + U2 * (np.abs(v) + np.abs(bb))
    return EV(v, e, x.dt)


def max_pool2d(x, kernel_shape, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), ceil_mode=False):
    v = ref.pool2d(x.v, kernel_shape, strides, pads, "max", ceil_mode, False, dilations)
    e = ref.pool2d(x.e, kernel_shape, strides, pads, "max", ceil_mode, False, dilations)
    return EV(v, e, x.dt)


def avg_pool2d(x, kernel_shape, strides=(1, 1), pads=(0, 0, 0, 0), ceil_mode=False,
               count_include_pad=False):
    args = (kernel_shape, strides, pads, "avg", ceil_mode, count_include_pad)
    v = ref.pool2d(x.v, *args)
    n = kernel_shape[0] * kernel_shape[1]
    e = ref.pool2d(x.e, *args) + (n + 1) * U2 * ref.pool2d(np.abs(x.v), *args)
    return EV(v, e, x.dt)


# --- reductions ---------------------------------------------------------------

def _axes(axes, rank):
    return tuple(range(rank)) if len(axes) == 0 else tuple(sorted(a % rank for a in axes))


def reduce_sum(x, axes=(), keepdims=True):
    ax = _axes(axes, x.v.ndim)
    v = x.v.sum(axis=ax, keepdims=keepdims)
    if not x.is_float():
        return EV(v, np.where(np.isinf(x.e).any(axis=ax, keepdims=keepdims), INF, 0.0), x.dt)
    n = int(np.prod([x.shape[a] for a in ax]))
    e = x.e.sum(axis=ax, keepdims=keepdims) + n * U2 * np.abs(x.v).sum(axis=ax, keepdims=keepdims)
    return EV(v, e, x.dt)


def reduce_mean(x, axes=(), keepdims=True):
    s = reduce_sum(x, axes, keepdims)
    n = x.v.size // max(s.v.size, 1)
    v = s.v / n
    return EV(v, s.e / n + U2 * np.abs(v), x.dt)


def reduce_max(x, axes=(), keepdims=True):
    ax = _axes(axes, x.v.ndim)
    return EV(x.v.max(axis=ax, keepdims=keepdims), x.e.max(axis=ax, keepdims=keepdims), x.dt)


def reduce_min(x, axes=(), keepdims=True):
    ax = _axes(axes, x.v.ndim)
    return EV(x.v.min(axis=ax, keepdims=keepdims), x.e.max(axis=ax, keepdims=keepdims), x.dt)


def _arg(x, axis, keepdims, select_last_index, largest):
    axis %= x.v.ndim
    vals = np.moveaxis(x.v, axis, -1)
    errs = np.moveaxis(x.e, axis, -1)
    s = vals if largest else -vals
    n = s.shape[-1]
    idx = n - 1 - np.argmax(s[..., ::-1], axis=-1) if select_last_index else np.argmax(s, axis=-1)
    best = np.take_along_axis(s, idx[..., None], -1)
    best_e = np.take_along_axis(errs, idx[..., None], -1)
    exact_tie = (s == best) & (errs == 0) & (best_e == 0)
    others = np.arange(n) != idx[..., None]
    close = (s >= best - (errs + best_e)) & ~exact_tie & others
    bad = close.any(axis=-1) | np.isinf(errs).any(axis=-1)
    if keepdims:
        idx, bad = np.expand_dims(idx, axis), np.expand_dims(bad, axis)
    return EV(idx.astype(np.int64), np.where(bad, INF, 0.0), "i64")


def argmax(x, axis=0, keepdims=True, select_last_index=False):
    return _arg(x, axis, keepdims, select_last_index, True)


def argmin(x, axis=0, keepdims=True, select_last_index=False):
    return _arg(x, axis, keepdims, select_last_index, False)


# --- normalization ------------------------------------------------------------

def softmax(x, axis=-1):
    axis %= x.v.ndim
    m = reduce_max(x, (axis,), True)
    ex = exp(sub(x, m))
    return div(ex, reduce_sum(ex, (axis,), True))


def _channel(p, rank):
    shape = (1, -1) + (1,) * (rank - 2)
    return EV(p.v.reshape(shape), p.e.reshape(shape), p.dt)


def batch_norm(x, scale, bias, mean, var, epsilon=1e-5):
    r = x.v.ndim
    inv = rsqrt(add(_channel(var, r), exact(np.float64(epsilon), "f32")))
    y = mul(sub(x, _channel(mean, r)), mul(_channel(scale, r), inv))
    return add(y, _channel(bias, r))


def layer_norm(x, scale, bias=None, axis=-1, epsilon=1e-5):
    axes = tuple(range(axis % x.v.ndim, x.v.ndim))
    centered = sub(x, reduce_mean(x, axes, True))
    var = reduce_mean(mul(centered, centered), axes, True)
    y = mul(mul(centered, rsqrt(add(var, exact(np.float64(epsilon), "f32")))), scale)
    return add(y, bias) if bias is not None else y


def global_avg_pool(x):
    return reduce_mean(x, (2, 3), True)


# --- data movement --------------------------------------------------------------

def _both(x, fn, dt=None):
    return EV(fn(x.v), fn(x.e), dt or x.dt)


def reshape(x, shape):
    return _both(x, lambda a: a.reshape(shape))


def flatten(x, axis=1):
    if axis < 0:
        axis += x.v.ndim
    shape = (int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:])))
    return _both(x, lambda a: a.reshape(shape))


def transpose(x, perm):
    return _both(x, lambda a: np.transpose(a, perm))


def concat(*xs, axis):
    return EV(np.concatenate([x.v for x in xs], axis=axis),
              np.concatenate([x.e for x in xs], axis=axis), xs[0].dt)


def slice_(x, starts, ends, steps):
    index = tuple(slice(s, e, k) for s, e, k in zip(starts, ends, steps))
    return _both(x, lambda a: a[index])


def pad(x, pads, mode="constant", value=0.0):
    r = x.v.ndim
    width = [(pads[d], pads[r + d]) for d in range(r)]
    if mode == "constant":
        fill = value if x.is_float() else int(value)
        return EV(np.pad(x.v, width, constant_values=fill), np.pad(x.e, width), x.dt)
    return _both(x, lambda a: np.pad(a, width, mode=mode))


def gather(data, indices, axis=0):
    axis %= data.v.ndim
    n = data.shape[axis]
    # Negative indices count from the end; out-of-range ones computed at run
    # time are clamped (docs/reliability.md).
    idx = np.clip(np.where(indices.v < 0, indices.v + n, indices.v), 0, n - 1)
    v = np.take(data.v, idx, axis=axis)
    e = np.take(data.e, idx, axis=axis)
    bad = np.isinf(indices.e)
    if bad.any():
        shape = (1,) * axis + bad.shape + (1,) * (data.v.ndim - axis - 1)
        e = np.where(bad.reshape(shape), INF, e)
    return EV(v, e, data.dt)


BINARY = {"add": add, "sub": sub, "mul": mul, "div": div, "max": maximum, "min": minimum,
          "pow": power,
          "equal": _compare(np.equal), "less": _compare(np.less),
          "less_equal": _compare(np.less_equal), "greater": _compare(np.greater),
          "greater_equal": _compare(np.greater_equal),
          "and": _logic(np.logical_and), "or": _logic(np.logical_or),
          "xor": _logic(np.logical_xor)}
UNARY = {"neg": neg, "abs": absolute, "exp": exp, "log": log, "sqrt": sqrt, "rsqrt": rsqrt,
         "tanh": tanh, "sigmoid": sigmoid, "relu": relu, "erf": erf, "not": _logic(np.logical_not)}


def evaluate(op, attrs, args, result_dt=None, result_shape=None):
    """One op: `args` are EVs, `attrs` the node's attributes as Python values."""
    a = attrs
    if op in BINARY:
        return BINARY[op](*args)
    if op in UNARY:
        return UNARY[op](*args)
    if op == "gelu":
        return gelu(args[0], a.get("approximation", "none"))
    if op == "clip":
        return clip(args[0], a["min"], a["max"])
    if op == "leaky_relu":
        return leaky_relu(args[0], a.get("alpha", 0.01))
    if op == "select":
        return select(*args)
    if op == "cast":
        return cast(args[0], result_dt)
    if op == "reshape":
        return reshape(args[0], result_shape)
    if op == "matmul":
        return matmul(*args)
    if op == "gemm":
        return gemm(*args, alpha=a.get("alpha", 1.0), beta=a.get("beta", 1.0),
                    trans_a=a.get("trans_a", False), trans_b=a.get("trans_b", False))
    if op == "conv2d":
        return conv2d(*args, strides=a.get("strides", (1, 1)), pads=a.get("pads", (0,) * 4),
                      dilations=a.get("dilations", (1, 1)), groups=a.get("groups", 1))
    if op == "conv_transpose2d":
        return conv_transpose2d(*args, strides=a.get("strides", (1, 1)),
                                pads=a.get("pads", (0,) * 4), dilations=a.get("dilations", (1, 1)),
                                output_padding=a.get("output_padding", (0, 0)),
                                groups=a.get("groups", 1))
    if op == "max_pool2d":
        return max_pool2d(args[0], a["kernel_shape"], a.get("strides", (1, 1)),
                          a.get("pads", (0,) * 4), a.get("dilations", (1, 1)),
                          a.get("ceil_mode", False))
    if op == "avg_pool2d":
        return avg_pool2d(args[0], a["kernel_shape"], a.get("strides", (1, 1)),
                          a.get("pads", (0,) * 4), a.get("ceil_mode", False),
                          a.get("count_include_pad", False))
    if op == "global_avg_pool":
        return global_avg_pool(args[0])
    if op == "batch_norm":
        return batch_norm(*args, epsilon=a.get("epsilon", 1e-5))
    if op == "layer_norm":
        return layer_norm(*args, axis=a.get("axis", -1), epsilon=a.get("epsilon", 1e-5))
    if op == "softmax":
        return softmax(args[0], a.get("axis", -1))
    if op in ("reduce_sum", "reduce_mean", "reduce_max", "reduce_min"):
        fn = {"reduce_sum": reduce_sum, "reduce_mean": reduce_mean,
              "reduce_max": reduce_max, "reduce_min": reduce_min}[op]
        return fn(args[0], a.get("axes", ()), a.get("keepdims", True))
    if op in ("argmax", "argmin"):
        fn = argmax if op == "argmax" else argmin
        return fn(args[0], a.get("axis", 0), a.get("keepdims", True), a.get("select_last_index", False))
    if op == "flatten":
        return flatten(args[0], a.get("axis", 1))
    if op == "transpose":
        return transpose(args[0], a["perm"])
    if op == "concat":
        return concat(*args, axis=a["axis"])
    if op == "slice":
        return slice_(args[0], a["starts"], a["ends"], a["steps"])
    if op == "pad":
        return pad(args[0], a["pads"], a.get("mode", "constant"), a.get("value", 0.0))
    if op == "gather":
        return gather(*args, axis=a.get("axis", 0))
    raise ValueError(f"no reference for cgraph.{op}")
