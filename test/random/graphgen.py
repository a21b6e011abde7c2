"""Random valid cgraph graphs, their inputs and their reference values.

A `Graph` is a list of nodes over values; each value carries its reference
value and float32 error bound (refeval.EV), computed while the graph is
built, so the generator knows every intermediate's range and picks ops whose
domain it satisfies (a logarithm of a value that is positive, an exponential
of one that is not large). `Graph.mlir()` writes it as cgraph text.

`generate(seed)` draws one graph from every op family of the dialect
(docs/dialect.md): elementwise unary and binary ops with numpy broadcasting,
comparisons, logic and select on i1 masks, casts, matmul and gemm, conv2d
(grouped, depthwise, strided, dilated, padded, with or without bias),
conv_transpose2d, max / avg / global pools, batch_norm, layer_norm, softmax,
reductions and argmax / argmin, reshape, flatten, transpose, concat, slice,
pad (three modes), gather (literal, blob and run-time indices) and cgraph.if
with captures. Shapes mix 1s, primes and odd sizes; attributes are random;
constants are random too, some all-constant chains among them so that
--fold-constants has work, some 0, 1 and -0 splats so that -canonicalize has
some. Values are shared between ops and several of them are outputs.
"""

import math

import numpy as np

import refeval as R

DIMS = [1, 1, 2, 3, 4, 5, 6, 7, 8, 11, 13, 16, 17]
DYADIC = [0.5, 0.25, 0.75, 1.5, 2.0, -0.5, -1.25, 0.125, 3.0, -2.0]
NP_TYPE = {"f32": np.float32, "i64": np.int64, "i32": np.int32, "i1": np.bool_}
MAX_ELEMS = 1200
BIG = 64.0  # values larger than this are squashed before most ops read them

# The float unary ops; how each op's type is written (the rest use
# `(operand types) -> result type`).
UNARY_FLOAT = ["neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "sigmoid", "relu", "erf",
               "gelu", "clip", "leaky_relu"]
UNARY_FORM = set(UNARY_FLOAT) | {"not"}
TO_FORM = {"cast", "reshape"}


class F32(float):
    """An attribute written as an f32 literal (a plain float is f64)."""


def tensor_type(shape, dt):
    return "tensor<" + "".join(f"{d}x" for d in shape) + dt + ">"


def fmt_float(x):
    return "%.9e" % float(x)


def fmt_attr(key, v):
    if key == "mode":
        return f"#cgraph.pad_mode<{v}>"
    if key == "approximation":
        return f"#cgraph.gelu_approximation<{v}>"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, F32):
        return f"{fmt_float(v)} : f32"
    if isinstance(v, float):
        return "%.17e" % v
    if isinstance(v, int):
        return f"{v} : i64"
    return "array<i64" + (": " + ", ".join(str(int(i)) for i in v) if len(v) else "") + ">"


def fmt_elem(x, dt):
    if dt == "i1":
        return "true" if x else "false"
    if dt == "f32":
        return fmt_float(x)
    return str(int(x))


def dense_literal(a, dt):
    a = np.asarray(a)
    if a.size and (a == a.flat[0]).all() and np.signbit(a).all() == np.signbit(a.flat[0]) \
            and np.signbit(a).any() == np.signbit(a.flat[0]):
        return f"dense<{fmt_elem(a.flat[0], dt)}>"

    def rec(x):
        if x.ndim == 0:
            return fmt_elem(x, dt)
        return "[" + ", ".join(rec(y) for y in x) + "]"
    return f"dense<{rec(a)}>"


class Val:
    __slots__ = ("id", "ev", "kind", "name", "foldable", "data")

    def __init__(self, vid, ev, kind, name=None, data=None):
        self.id, self.ev, self.kind = vid, ev, kind
        self.name = name or f"v{vid}"
        self.foldable = kind == "const"
        self.data = data  # inputs and constants: their array

    @property
    def shape(self):
        return self.ev.shape

    @property
    def dt(self):
        return self.ev.dt

    @property
    def type(self):
        return tensor_type(self.shape, self.dt)

    def mag(self):
        return float(np.abs(self.ev.v).max()) if self.ev.v.size else 0.0

    def lo(self):
        return float(self.ev.v.min()) if self.ev.v.size else 0.0


class Node:
    __slots__ = ("op", "ins", "attrs", "out", "regions")

    def __init__(self, op, ins, attrs, out, regions=None):
        self.op, self.ins, self.attrs, self.out, self.regions = op, ins, attrs, out, regions


class Graph:
    def __init__(self, name="g"):
        self.name = name
        self.inputs = []   # Val (kind input)
        self.nodes = []    # Node, constants included, in program order
        self.outputs = []  # (name, Val)
        self.next_id = 0

    # --- building ---------------------------------------------------------------

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def add_input(self, data, dt):
        v = Val(self.new_id(), R.exact(data, dt), "input", name=f"in{len(self.inputs)}",
                data=np.asarray(data, NP_TYPE[dt]))
        self.inputs.append(v)
        return v

    def add_const(self, data, dt, nodes=None):
        v = Val(self.new_id(), R.exact(data, dt), "const", data=np.asarray(data, NP_TYPE[dt]))
        (self.nodes if nodes is None else nodes).append(Node("constant", [], {}, v))
        return v

    def add_op(self, op, ins, attrs=None, dt=None, shape=None, nodes=None):
        """Appends op(ins); its result type is what the reference computes."""
        attrs = attrs or {}
        ev = R.evaluate(op, attrs, [i.ev for i in ins], dt, shape)
        v = Val(self.new_id(), ev, "op")
        v.foldable = all(i.foldable for i in ins)
        (self.nodes if nodes is None else nodes).append(Node(op, list(ins), attrs, v))
        return v

    # --- writing -----------------------------------------------------------------

    def mlir(self):
        ins = ", ".join(f"%{v.name}: {v.type} as \"{v.name}\"" for v in self.inputs)
        outs = ", ".join(f"{v.type} as \"{n}\"" for n, v in self.outputs)
        lines = [f"cgraph.graph @{self.name}({ins}) -> ({outs}) {{"]
        blobs = []
        self._write_nodes(self.nodes, lines, blobs, "  ")
        lines.append("  cgraph.output " + ", ".join("%" + v.name for _, v in self.outputs) +
                     " : " + ", ".join(v.type for _, v in self.outputs))
        lines.append("}")
        if blobs:
            lines.append("{-#\n  dialect_resources: {\n    builtin: {")
            lines.append(",\n".join(f"      {n}: \"{h}\"" for n, h in blobs))
            lines.append("    }\n  }\n#-}")
        return "\n".join(lines) + "\n"

    def _write_nodes(self, nodes, lines, blobs, indent):
        for n in nodes:
            r = "%" + n.out.name
            if n.op == "constant":
                a, dt = n.out.data, n.out.dt
                if a.size > 16 and dt != "i1":
                    align = 8 if dt == "i64" else 4
                    name = f"c{n.out.id}"
                    blobs.append((name, f"0x0{align}000000" + a.astype(a.dtype.newbyteorder("<")).tobytes().hex().upper()))
                    lines.append(f"{indent}{r} = cgraph.constant dense_resource<{name}> : {n.out.type}")
                else:
                    lines.append(f"{indent}{r} = cgraph.constant {dense_literal(a, dt)} : {n.out.type}")
                continue
            if n.op == "if":
                lines.append(f"{indent}{r} = cgraph.if %{n.ins[0].name} : tensor<i1> -> ({n.out.type}) {{")
                for k, (body, result) in enumerate(n.regions):
                    if k:
                        lines.append(f"{indent}}} else {{")
                    self._write_nodes(body, lines, blobs, indent + "  ")
                    lines.append(f"{indent}  cgraph.yield %{result.name} : {result.type}")
                lines.append(f"{indent}}}")
                continue
            operands = ", ".join("%" + i.name for i in n.ins)
            attrs = ", ".join(f"{k} = {fmt_attr(k, v)}" for k, v in n.attrs.items())
            attrs = f" {{{attrs}}}" if attrs else ""
            in_types = ", ".join(i.type for i in n.ins)
            if n.op in UNARY_FORM:
                ty = f"{n.ins[0].type}"
            elif n.op in TO_FORM:
                ty = f"{n.ins[0].type} -> {n.out.type}"
            else:
                ty = f"({in_types}) -> {n.out.type}"
            lines.append(f"{indent}{r} = cgraph.{n.op} {operands}{attrs} : {ty}")

    def input_arrays(self):
        return {v.name: v.data for v in self.inputs}

    def op_names(self):
        names = set()

        def walk(nodes):
            for n in nodes:
                names.add(n.op)
                for body, _ in n.regions or []:
                    walk(body)
        walk(self.nodes)
        return names

    # --- rebuilding (the shrinker) -----------------------------------------------

    def users(self):
        """value id -> number of reads (region captures and outputs included)."""
        count = {}

        def walk(nodes):
            for n in nodes:
                for i in n.ins:
                    count[i.id] = count.get(i.id, 0) + 1
                for body, result in n.regions or []:
                    walk(body)
                    count[result.id] = count.get(result.id, 0) + 1
        walk(self.nodes)
        for _, v in self.outputs:
            count[v.id] = count.get(v.id, 0) + 1
        return count


def reevaluate(g):
    """Recomputes every value's reference (after the shrinker edited `g`)."""
    def run(nodes):
        for n in nodes:
            if n.op == "constant":
                continue
            if n.op == "if":
                for body, _ in n.regions:
                    run(body)
                cond = n.ins[0].ev
                taken = n.regions[0][1].ev if bool(cond.v) else n.regions[1][1].ev
                e = taken.e if not np.isinf(cond.e).any() else np.full(taken.shape, np.inf)
                n.out.ev = R.EV(taken.v, e, taken.dt)
                continue
            n.out.ev = R.evaluate(n.op, n.attrs, [i.ev for i in n.ins], n.out.dt, n.out.shape)
    run(g.nodes)


# --- the generator ------------------------------------------------------------------


class Generator:
    def __init__(self, seed, exclude=()):
        self.rng = np.random.default_rng(seed)
        self.g = Graph()
        self.pool = []      # values ops may read (top level)
        self.exclude = set(exclude)
        self.families = [f for f in FAMILIES if f[0] not in self.exclude]

    # --- random helpers -----------------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def choice(self, xs):
        return xs[int(self.rng.integers(len(xs)))]

    def dim(self):
        return int(self.choice(DIMS))

    def shape(self, rank, max_elems=MAX_ELEMS // 2):
        for _ in range(20):
            s = tuple(self.dim() for _ in range(rank))
            if math.prod(s) <= max_elems:
                return s
        return (1,) * rank

    def data(self, shape, dt, scale=1.0, lo=None, hi=None):
        if dt == "f32":
            if lo is not None:
                return self.rng.uniform(lo, hi, shape).astype(np.float32)
            if self.chance(0.1):  # small integers: exact ties, exact products
                return self.rng.integers(-3, 4, shape).astype(np.float32)
            return (self.rng.standard_normal(shape) * scale).astype(np.float32)
        if dt == "i1":
            return self.rng.random(shape) < 0.5
        lo = -20 if lo is None else lo
        hi = 20 if hi is None else hi
        return self.rng.integers(lo, hi, shape).astype(NP_TYPE[dt])

    def fresh(self, shape, dt="f32", scale=1.0, lo=None, hi=None, const_p=0.55):
        """A new input or constant of `shape`."""
        d = self.data(shape, dt, scale, lo, hi)
        if self.chance(const_p):
            if dt == "f32" and lo is None and self.chance(0.08):  # 0, 1, -0 splats
                d = np.full(shape, self.choice([0.0, 1.0, -0.0, 1.0]), np.float32)
            return self.g.add_const(d, dt)
        return self.g.add_input(d, dt)

    def op(self, op, ins, attrs=None, dt=None, shape=None, pool=True):
        v = self.g.add_op(op, ins, attrs, dt, shape)
        if pool:
            self.pool.append(v)
        return v

    def pick(self, pred, recent=0.6):
        cands = [v for v in self.pool if pred(v)]
        if not cands:
            return None
        if self.chance(recent):
            cands = cands[-5:]
        return self.choice(cands)

    def pick_float(self, pred=lambda v: True, min_rank=0, max_rank=4):
        v = self.pick(lambda v: v.dt == "f32" and v.mag() <= BIG and min_rank <= len(v.shape) <= max_rank
                      and pred(v))
        if v is None:
            rank = int(self.rng.integers(max(min_rank, 1), max_rank + 1)) if max_rank else 0
            v = self.fresh(self.shape(rank), "f32", const_p=0.2)
            if not pred(v):
                return None
        return v

    @staticmethod
    def fits(u, shape):
        """u broadcasts to `shape` without growing it."""
        try:
            return np.broadcast_shapes(u.shape, shape) == tuple(shape)
        except ValueError:
            return False

    def bcast_shape(self, shape):
        """A random shape that broadcasts with `shape` (either way)."""
        s = [d if self.chance(0.6) else 1 for d in shape]
        s = [self.dim() if d == 1 and self.chance(0.3) else s[i] for i, d in enumerate(shape)]
        if s and self.chance(0.3):
            s = s[int(self.rng.integers(len(s) + 1)):]
        if self.chance(0.1) and len(s) == len(shape) < 4:
            s = [self.choice([1, 2, 3])] + s
        if math.prod(s) * max(1, math.prod(shape)) > MAX_ELEMS * 8:
            return tuple(shape)
        out = np.broadcast_shapes(tuple(s), tuple(shape))
        return tuple(s) if math.prod(out) <= MAX_ELEMS else tuple(shape)

    def partner(self, x, dt=None, scale=1.0):
        """A second operand for an elementwise op on x: a pool value or a new
        input or constant, broadcast-compatible with x."""
        dt = dt or x.dt
        if self.chance(0.35):
            def ok(v):
                try:
                    out = np.broadcast_shapes(v.shape, x.shape)
                except ValueError:
                    return False
                return v.dt == dt and v.mag() <= BIG and math.prod(out) <= MAX_ELEMS
            v = self.pick(ok, recent=0.3)
            if v is not None:
                return v
        return self.fresh(self.bcast_shape(x.shape), dt, scale)

    def positive(self, x, lo=0.25):
        """x if it is safely positive, else abs(x) + c or sigmoid(x) + c."""
        if x.lo() >= lo:
            return x
        y = self.op("abs" if self.chance(0.7) else "sigmoid", [x])
        return self.op("add", [y, self.g.add_const(np.float32(self.choice([lo, 0.5, 1.0])), "f32")])

    def squash(self, x):
        """A bounded function of a large value."""
        k = int(self.rng.integers(4))
        if k == 0:
            return self.op("tanh", [x])
        if k == 1:
            return self.op("clip", [x], {"min": -4.0, "max": 4.0})
        if k == 2 and x.shape:
            return self.op("softmax", [x], {"axis": int(self.rng.integers(-len(x.shape), len(x.shape)))})
        scale = 2.0 ** -math.ceil(math.log2(max(x.mag(), 1.0)))
        return self.op("mul", [x, self.g.add_const(np.float32(scale), "f32")])

    # --- families -----------------------------------------------------------------

    def f_unary(self):
        op = self.choice(UNARY_FLOAT)
        x = self.pick_float()
        if x is None:
            return
        attrs = {}
        if op in ("log", "rsqrt", "sqrt"):
            x = self.positive(x, 0.25 if op != "sqrt" else 0.0)
        elif op == "exp" and (x.mag() > 8 or x.ev.v.max(initial=0) > 8):
            x = self.squash(x)
        elif op == "gelu":
            attrs = {"approximation": self.choice(["none", "tanh"])} if self.chance(0.7) else {}
        elif op == "clip":
            lo = self.choice([-1.0, -0.5, 0.0, -2.0, 0.25])
            attrs = {"min": lo, "max": lo + self.choice([0.0, 0.5, 1.0, 3.0])}
        elif op == "leaky_relu" and self.chance(0.7):
            attrs = {"alpha": self.choice([0.125, 0.5, 0.25, 2.0])}
        self.op(op, [x], attrs)

    def f_binary(self):
        op = self.choice(["add", "sub", "mul", "div", "max", "min", "pow", "add", "mul"])
        x = self.pick_float()
        if x is None:
            return
        y = self.partner(x)
        if op == "div":
            y = self.positive(y, 0.25)
            if self.chance(0.3):
                y = self.op("neg", [y])
        if op == "pow":
            x = self.op("add", [self.op("sigmoid", [x]), self.g.add_const(np.float32(0.5), "f32")])
            if y.mag() > 3:
                y = self.op("clip", [y], {"min": -3.0, "max": 3.0})
        a, b = (x, y) if self.chance(0.7) or op == "pow" or op == "div" else (y, x)
        self.op(op, [a, b])

    def int_value(self):
        v = self.pick(lambda v: v.dt in ("i64", "i32") and v.mag() < 1000)
        if v is None or self.chance(0.3):
            if self.chance(0.5):
                x = self.pick_float()
                if x is None:
                    return None
                x = self.op("mul", [x, self.g.add_const(np.float32(self.choice([4.0, 8.0, 2.5])), "f32")])
                return self.op("cast", [x], dt=self.choice(["i64", "i32"]), pool=True)
            v = self.fresh(self.shape(int(self.rng.integers(1, 4))), self.choice(["i64", "i32"]))
        return v

    def f_int(self):
        x = self.int_value()
        if x is None:
            return
        op = self.choice(["add", "sub", "mul", "div", "max", "min", "neg", "abs", "reduce_sum",
                          "reduce_max", "reduce_min", "cast"])
        if op in ("neg", "abs"):
            self.op(op, [x])
        elif op.startswith("reduce"):
            self.reduce(x, op)
        elif op == "cast":
            self.op("cast", [x], dt="f32")
        else:
            y = self.fresh(self.bcast_shape(x.shape), x.dt, lo=1 if op == "div" else -9,
                           hi=7 if op == "div" else 10)
            if op == "div" and self.chance(0.5):
                y = self.op("neg", [y])
            if y.mag() * x.mag() < 1e6:
                self.op(op, [x, y])

    def mask(self):
        v = self.pick(lambda v: v.dt == "i1")
        if v is not None and self.chance(0.6):
            return v
        if self.chance(0.15):
            return self.fresh(self.shape(int(self.rng.integers(1, 4))), "i1")
        x = self.pick(lambda v: v.dt in ("f32", "i64", "i32") and v.mag() <= BIG) or self.pick_float()
        if x is None:
            return None
        op = self.choice(["equal", "less", "less_equal", "greater", "greater_equal"])
        if x.dt != "f32":
            y = self.fresh(self.bcast_shape(x.shape), x.dt, lo=-5, hi=5)
        else:
            y = self.partner(x)
        return self.op(op, [x, y] if self.chance(0.5) else [y, x])

    def f_mask(self):
        a = self.mask()
        if a is None:
            return
        k = int(self.rng.integers(4))
        if k == 0:
            self.op("not", [a])
        elif k == 1:
            b = self.mask()
            if b is not None:
                try:
                    np.broadcast_shapes(a.shape, b.shape)
                except ValueError:
                    b = self.fresh(self.bcast_shape(a.shape), "i1")
                self.op(self.choice(["and", "or", "xor"]), [a, b])
        elif k == 2:
            self.op("cast", [a], dt=self.choice(["f32", "i64", "i32"]))
        else:
            t = self.fresh(self.bcast_shape(a.shape), "f32") if self.chance(0.4) else self.partner(a, "f32")
            f = self.partner(t)
            try:
                np.broadcast_shapes(a.shape, t.shape, f.shape)
            except ValueError:
                return
            self.op("select", [a, t, f])

    def f_cast(self):
        x = self.pick_float()
        if x is None:
            return
        scaled = self.op("mul", [x, self.g.add_const(np.float32(self.choice([3.0, 5.0, 0.5])), "f32")])
        i = self.op("cast", [scaled], dt=self.choice(["i64", "i32"]))
        if self.chance(0.6):
            self.op("cast", [i], dt="f32")

    def weight(self, shape, fan_in, const_p=0.8):
        return self.fresh(shape, "f32", scale=1.0 / math.sqrt(max(fan_in, 1)), const_p=const_p)

    def f_matmul(self):
        a = self.pick_float(min_rank=2)
        if a is None:
            return
        k = a.shape[-1]
        n = self.dim()
        batch = list(a.shape[:-2])
        if batch and self.chance(0.5):
            batch = [1 if self.chance(0.3) else d for d in batch[int(self.rng.integers(len(batch) + 1)):]]
        elif not batch and self.chance(0.2):
            batch = [self.choice([2, 3])]
        shape = tuple(batch) + (k, n)
        out = np.broadcast_shapes(a.shape[:-2], tuple(batch)) + (a.shape[-2], n)
        if math.prod(out) > MAX_ELEMS or math.prod(shape) > MAX_ELEMS:
            return
        b = self.pick(lambda v: v.dt == "f32" and v.shape == shape and v.mag() <= BIG) if self.chance(0.3) else None
        b = b or self.weight(shape, k)
        if self.chance(0.2):  # b @ a^T-like: a on the right
            b2 = self.weight(tuple(batch) + (self.dim(), a.shape[-2]), a.shape[-2])
            if math.prod(b2.shape[:-1]) * a.shape[-1] <= MAX_ELEMS * 4:
                self.op("matmul", [b2, a])
                return
        self.op("matmul", [a, b])

    def two_d(self):
        a = self.pick_float(lambda v: len(v.shape) == 2)
        if a is None or self.chance(0.3):
            x = self.pick_float(lambda v: len(v.shape) >= 1)
            if x is None:
                return None
            a = self.op("flatten", [x], {"axis": int(self.rng.integers(-len(x.shape), len(x.shape) + 1))}
                        if self.chance(0.8) else {})
        return a

    def f_gemm(self):
        a = self.two_d()
        if a is None:
            return
        ta, tb = self.chance(0.3), self.chance(0.5)
        m, k = (a.shape[1], a.shape[0]) if ta else a.shape
        n = self.dim()
        if m * n > MAX_ELEMS or k * n > MAX_ELEMS * 2:
            return
        b = self.weight((n, k) if tb else (k, n), k)
        ins = [a, b]
        attrs = {}
        if self.chance(0.7):
            cshape = self.choice([(), (n,), (1, n), (m, 1), (m, n)])
            ins.append(self.fresh(cshape, "f32", const_p=0.7))
            if self.chance(0.4):
                attrs["beta"] = F32(self.choice(DYADIC))
        if self.chance(0.4):
            attrs["alpha"] = F32(self.choice(DYADIC))
        if ta:
            attrs["trans_a"] = True
        if tb:
            attrs["trans_b"] = True
        self.op("gemm", ins, attrs)

    def nchw(self):
        x = self.pick_float(lambda v: len(v.shape) == 4 and v.shape[2] * v.shape[3] >= 1 and
                            math.prod(v.shape) <= MAX_ELEMS)
        if x is None or self.chance(0.25):
            shape = (self.choice([1, 1, 2]), self.choice([1, 2, 3, 4, 5, 6, 8]),
                     self.choice([1, 3, 5, 6, 7, 8, 11, 13]), self.choice([1, 2, 4, 5, 7, 9, 12]))
            if math.prod(shape) > MAX_ELEMS:
                return None
            x = self.fresh(shape, "f32", const_p=0.15)
        return x

    def window(self, hw, allow_dilation=True, max_k=3):
        """Random kernel, strides, pads, dilations over the spatial dims hw,
        with every window holding at least one input element."""
        for _ in range(30):
            k = [int(self.rng.integers(1, max_k + 1)) for _ in range(2)]
            s = [self.choice([1, 1, 2, 3]) for _ in range(2)]
            d = [self.choice([1, 1, 2]) if allow_dilation else 1 for _ in range(2)]
            span = [d[i] * (k[i] - 1) + 1 for i in range(2)]
            p = [int(self.rng.integers(0, span[i % 2])) if self.chance(0.5) else 0 for i in range(4)]
            if all(hw[i] + p[i] + p[i + 2] >= span[i] for i in range(2)):
                return k, s, p, d
        return None

    @staticmethod
    def windows_hit_input(size, k, s, pb, pe, d, ceil):
        avail = size + pb + pe - (d * (k - 1) + 1)
        o = (-(-avail // s) if ceil else avail // s) + 1
        if ceil and (o - 1) * s >= size + pb:
            o -= 1
        return all(any(0 <= y * s - pb + t * d < size for t in range(k)) for y in range(o))

    def f_conv(self):
        x = self.nchw()
        if x is None:
            return
        n, c, h, w = x.shape
        win = self.window((h, w))
        if win is None:
            return
        k, s, p, d = win
        divisors = [g for g in range(1, c + 1) if c % g == 0]
        g = c if self.chance(0.25) else self.choice(divisors)
        o = g * self.choice([1, 1, 2, 3])
        if o > 24:
            o = g
        wt = self.weight((o, c // g, k[0], k[1]), c // g * k[0] * k[1], const_p=0.85)
        ins = [x, wt]
        if self.chance(0.6):
            ins.append(self.fresh((o,), "f32", const_p=0.85))
        attrs = {}
        if s != [1, 1] or self.chance(0.3):
            attrs["strides"] = s
        if any(p) or self.chance(0.3):
            attrs["pads"] = p
        if d != [1, 1] or self.chance(0.3):
            attrs["dilations"] = d
        if g != 1 or self.chance(0.3):
            attrs["groups"] = g
        y = self.op("conv2d", ins, attrs)
        if self.chance(0.3):
            self.batch_norm(y, const_p=0.9)

    def f_conv_transpose(self):
        x = self.nchw()
        if x is None:
            return
        n, c, h, w = x.shape
        divisors = [g for g in range(1, c + 1) if c % g == 0]
        g = self.choice(divisors)
        og = self.choice([1, 2, 3])
        k = [int(self.rng.integers(1, 4)) for _ in range(2)]
        s = [self.choice([1, 2, 3]) for _ in range(2)]
        d = [self.choice([1, 1, 2]) for _ in range(2)]
        op_ = [int(self.rng.integers(0, max(s[i], d[i]))) if self.chance(0.4) else 0 for i in range(2)]
        p = [int(self.rng.integers(0, k[i % 2])) if self.chance(0.4) else 0 for i in range(4)]
        out = [(hw - 1) * s[i] - p[i] - p[i + 2] + d[i] * (k[i] - 1) + op_[i] + 1
               for i, hw in enumerate((h, w))]
        if min(out) < 1 or n * og * g * out[0] * out[1] > MAX_ELEMS:
            return
        wt = self.weight((c, og, k[0], k[1]), c // g * k[0] * k[1])
        ins = [x, wt] + ([self.fresh((og * g,), "f32", const_p=0.9)] if self.chance(0.5) else [])
        attrs = {"strides": s, "pads": p, "dilations": d, "output_padding": op_, "groups": g}
        self.op("conv_transpose2d", ins, attrs)

    def f_pool(self):
        x = self.nchw()
        if x is None:
            return
        h, w = x.shape[2:]
        kind = self.choice(["max_pool2d", "avg_pool2d", "global_avg_pool"])
        if kind == "global_avg_pool":
            self.op(kind, [x])
            return
        win = self.window((h, w), allow_dilation=kind == "max_pool2d")
        if win is None:
            return
        k, s, p, d = win
        ceil = self.chance(0.3)
        if not all(self.windows_hit_input(size, k[i], s[i], p[i], p[i + 2], d[i], ceil)
                   for i, size in enumerate((h, w))):
            return
        attrs = {"kernel_shape": k, "strides": s, "pads": p, "ceil_mode": ceil}
        if kind == "max_pool2d":
            attrs["dilations"] = d
        else:
            attrs["count_include_pad"] = self.chance(0.5)
        self.op(kind, [x], attrs)

    def batch_norm(self, x, const_p=0.7):
        c = x.shape[1]
        params = [self.fresh((c,), "f32", const_p=const_p) for _ in range(3)]
        var = self.fresh((c,), "f32", lo=0.2, hi=2.0, const_p=const_p)
        attrs = {"epsilon": F32(self.choice([1e-5, 1e-3, 0.0625]))} if self.chance(0.6) else {}
        return self.op("batch_norm", [x, params[0], params[1], params[2], var], attrs)

    def f_norm(self):
        k = int(self.rng.integers(3))
        if k == 0:
            x = self.pick_float(min_rank=2)
            if x is not None:
                self.batch_norm(x)
        elif k == 1:
            x = self.pick_float(min_rank=1)
            if x is None:
                return
            r = len(x.shape)
            axis = int(self.rng.integers(-r, r))
            norm = x.shape[axis % r:]
            ins = [x, self.fresh(norm, "f32", const_p=0.8)]
            if self.chance(0.7):
                ins.append(self.fresh(norm, "f32", const_p=0.8))
            attrs = {"axis": axis}
            if self.chance(0.5):
                attrs["epsilon"] = F32(self.choice([1e-5, 1e-3, 0.0625]))
            self.op("layer_norm", ins, attrs)
        else:
            x = self.pick(lambda v: v.dt == "f32" and len(v.shape) >= 1) or self.pick_float(min_rank=1)
            if x is not None:
                r = len(x.shape)
                self.op("softmax", [x], {"axis": int(self.rng.integers(-r, r))} if self.chance(0.8) else {})

    def reduce(self, x, op):
        r = len(x.shape)
        dims = [d for d in range(r) if self.chance(0.5)]
        axes = [d - r if self.chance(0.3) else d for d in dims]
        attrs = {}
        if axes or self.chance(0.5):
            attrs["axes"] = axes
        if self.chance(0.5):
            attrs["keepdims"] = self.chance(0.5)
        return self.op(op, [x], attrs)

    def f_reduce(self):
        op = self.choice(["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "argmax", "argmin"])
        if op.startswith("arg"):
            x = self.pick(lambda v: v.dt in ("f32", "i64", "i32") and len(v.shape) >= 1 and v.mag() <= 1e6)
            if x is None:
                x = self.pick_float(min_rank=1)
            if x is None:
                return
            r = len(x.shape)
            attrs = {"axis": int(self.rng.integers(-r, r))}
            if self.chance(0.5):
                attrs["keepdims"] = self.chance(0.5)
            if self.chance(0.4):
                attrs["select_last_index"] = self.chance(0.6)
            self.op(op, [x], attrs)
            return
        x = self.pick_float()
        if x is not None:
            self.reduce(x, op)

    def any_value(self, allow_i1=True):
        v = self.pick(lambda v: (allow_i1 or v.dt != "i1") and v.mag() <= 1e6)
        return v if v is not None else self.pick_float()

    def f_move(self):
        kind = self.choice(["reshape", "flatten", "transpose", "concat", "slice", "pad", "gather",
                            "transpose", "slice", "gather"])
        x = self.any_value(allow_i1=kind not in ("pad",))
        if x is None:
            return
        r = len(x.shape)
        if kind == "reshape":
            n = math.prod(x.shape)
            dims = []
            rest = n
            for _ in range(int(self.rng.integers(0, 5))):
                divs = [d for d in range(1, rest + 1) if rest % d == 0]
                d = self.choice(divs)
                dims.append(d)
                rest //= d
            if rest != 1 or not dims:
                dims.append(rest)
            order = list(self.rng.permutation(len(dims)))
            self.op("reshape", [x], shape=tuple(dims[i] for i in order))
        elif kind == "flatten":
            if r:
                self.op("flatten", [x], {"axis": int(self.rng.integers(-r, r + 1))})
        elif kind == "transpose":
            self.op("transpose", [x], {"perm": [int(i) for i in self.rng.permutation(r)]})
        elif kind == "concat":
            if not r:
                return
            axis = int(self.rng.integers(r))
            parts = [x]
            for _ in range(int(self.rng.integers(1, 3))):
                if self.chance(0.3):
                    parts.append(x)  # the same value twice
                    continue
                s = list(x.shape)
                s[axis] = self.dim()
                if math.prod(s) > MAX_ELEMS:
                    continue
                other = self.pick(lambda v: v.dt == x.dt and len(v.shape) == r and all(
                    v.shape[i] == x.shape[i] for i in range(r) if i != axis)) if self.chance(0.4) else None
                parts.append(other or self.fresh(tuple(s), x.dt))
            if len(parts) > 1 and sum(math.prod(p.shape) for p in parts) <= MAX_ELEMS * 2:
                self.op("concat", parts, {"axis": axis - r if self.chance(0.3) else axis})
        elif kind == "slice":
            if not r:
                return
            starts, ends, steps = [], [], []
            for d in x.shape:
                s = int(self.rng.integers(0, d)) if self.chance(0.6) else 0
                e = int(self.rng.integers(s + 1, d + 1)) if self.chance(0.6) else d
                starts.append(s)
                ends.append(e)
                steps.append(self.choice([1, 1, 2, 3]))
            self.op("slice", [x], {"starts": starts, "ends": ends, "steps": steps})
        elif kind == "pad":
            if not r:
                return
            mode = self.choice(["constant", "constant", "reflect", "edge"])
            pads = []
            for half in range(2):
                for d in x.shape:
                    limit = d - 1 if mode == "reflect" else 3
                    pads.append(int(self.rng.integers(0, min(limit, 3) + 1)) if self.chance(0.6) else 0)
            out = [x.shape[i] + pads[i] + pads[r + i] for i in range(r)]
            if math.prod(out) > MAX_ELEMS:
                return
            attrs = {"pads": pads}
            if mode != "constant" or self.chance(0.5):
                attrs["mode"] = mode
            if mode == "constant" and self.chance(0.6):
                attrs["value"] = self.choice([1.5, -2.0, 0.25, 3.0]) if x.dt == "f32" else 2.0
            self.op("pad", [x], attrs)
        else:
            self.gather(x)

    def gather(self, x):
        r = len(x.shape)
        if not r:
            return
        axis = int(self.rng.integers(-r, r))
        n = x.shape[axis % r]
        k = int(self.rng.integers(4))
        if k == 0:  # argmax of something along an axis no longer than n
            src = self.pick(lambda v: v.dt == "f32" and len(v.shape) >= 1 and 1 <= v.shape[-1] <= n)
            if src is None:
                return
            idx = self.op("argmax" if self.chance(0.5) else "argmin", [src],
                          {"axis": -1, "keepdims": False}, pool=False)
            if math.prod(idx.shape) > 64:
                return
        else:
            shape = self.choice([(), (1,), (3,), (2, 2), (5,), (20,), (2, 9)])
            d = self.rng.integers(-n, n, shape)
            dt = self.choice(["i64", "i64", "i32"])
            idx = self.g.add_const(d, dt) if k < 3 else self.g.add_input(d, dt)
        out = math.prod(x.shape) // n * max(math.prod(idx.shape), 1)
        if out <= MAX_ELEMS * 2:
            self.op("gather", [x, idx], {"axis": axis} if axis or self.chance(0.5) else {})

    def f_const(self):
        """An all-constant chain for --fold-constants."""
        c = self.fresh(self.shape(int(self.rng.integers(1, 4))), "f32", const_p=1.0)
        self.pool.append(c)
        for _ in range(int(self.rng.integers(1, 4))):
            k = int(self.rng.integers(5))
            if k == 0:
                c = self.op("transpose", [c], {"perm": [int(i) for i in self.rng.permutation(len(c.shape))]})
            elif k == 1:
                c = self.op(self.choice(["add", "mul", "sub", "max"]), [c, self.fresh(self.bcast_shape(c.shape), "f32", const_p=1.0)])
            elif k == 2:
                c = self.op(self.choice(["neg", "abs", "relu", "tanh", "sigmoid", "exp"]), [c])
            elif k == 3:
                c = self.op("reshape", [c], shape=(math.prod(c.shape),))
            else:
                c = self.op("reduce_sum", [c], {"axes": [0]})

    def f_squash(self):
        x = self.pick(lambda v: v.dt == "f32" and v.mag() > BIG, recent=0.0)
        if x is not None:
            self.squash(x)

    def f_if(self):
        x = self.pick_float(lambda v: math.prod(v.shape) <= 256)
        if x is None:
            return
        k = int(self.rng.integers(3))
        if k == 0:
            cond = self.fresh((), "i1", const_p=0.0)
        else:
            s = self.pick_float()
            if s is None:
                return
            total = self.op("reduce_sum", [s], {"keepdims": False}, pool=False)
            cond = self.op(self.choice(["less", "greater"]), [total, self.g.add_const(
                np.float32(self.choice([0.0, 0.5, -1.0])), "f32")], pool=False)
        regions = []
        for _ in range(2):
            body = []
            v = x
            for _ in range(int(self.rng.integers(0, 3))):
                if self.chance(0.5):
                    v = self.g.add_op(self.choice(["relu", "neg", "tanh", "abs", "sigmoid"]), [v], nodes=body)
                else:
                    other = self.pick(lambda u: u.dt == "f32" and u.mag() <= BIG and self.fits(u, x.shape))
                    if other is None:
                        other = self.g.add_const(np.float32(self.choice(DYADIC)), "f32", nodes=body)
                    v = self.g.add_op(self.choice(["add", "mul", "max"]), [v, other], nodes=body)
            regions.append((body, v))
        taken = regions[0][1].ev if bool(cond.ev.v) else regions[1][1].ev
        e = taken.e if not np.isinf(cond.ev.e).any() else np.full(taken.shape, np.inf)
        out = Val(self.g.new_id(), R.EV(taken.v, e, taken.dt), "op")
        self.g.nodes.append(Node("if", [cond], {}, out, regions))
        self.pool.append(out)

    # --- a whole graph ------------------------------------------------------------

    def build(self, n_ops=None):
        n_ops = n_ops or int(self.rng.integers(4, 22))
        names, weights = zip(*[(f[0], f[2]) for f in self.families])
        p = np.array(weights, float) / sum(weights)
        for _ in range(n_ops):
            fam = self.families[int(self.rng.choice(len(names), p=p))]
            fam[1](self)
        if not self.pool:
            self.f_unary()
        self.choose_outputs()
        return self.g

    def choose_outputs(self):
        uses = self.g.users()
        sinks = [v for v in self.pool if v.kind == "op" and uses.get(v.id, 0) == 0]
        inner = [v for v in self.pool if v.kind == "op" and uses.get(v.id, 0) > 0]
        k = int(self.rng.integers(1, 5))
        outs = sinks[-k:] if len(sinks) >= k else list(sinks)
        while len(outs) < k and inner:
            v = self.choice(inner)
            inner.remove(v)
            outs.append(v)
        if not outs:
            outs = [self.pool[-1]]
        if self.chance(0.05) and self.g.inputs:
            outs.append(self.choice(self.g.inputs))       # an input as an output
        if self.chance(0.05):
            outs.append(self.choice(outs))                # one value, two outputs
        order = list(self.rng.permutation(len(outs)))
        self.g.outputs = [(f"out{i}", outs[j]) for i, j in enumerate(order)]


# (name, method, weight): the exclusion list (--exclude) takes these names.
FAMILIES = [
    ("unary", Generator.f_unary, 12),
    ("binary", Generator.f_binary, 14),
    ("int", Generator.f_int, 3),
    ("mask", Generator.f_mask, 5),
    ("cast", Generator.f_cast, 2),
    ("matmul", Generator.f_matmul, 5),
    ("gemm", Generator.f_gemm, 4),
    ("conv", Generator.f_conv, 6),
    ("conv_transpose", Generator.f_conv_transpose, 3),
    ("pool", Generator.f_pool, 4),
    ("norm", Generator.f_norm, 5),
    ("reduce", Generator.f_reduce, 5),
    ("move", Generator.f_move, 12),
    ("const", Generator.f_const, 3),
    ("squash", Generator.f_squash, 3),
    ("if", Generator.f_if, 2),
]


def generate(seed, exclude=()):
    return Generator(seed, exclude=exclude).build()
