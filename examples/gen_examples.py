#!/usr/bin/env python3
"""Regenerates the embedded example models in cgraph IR.

    /usr/bin/python3 examples/gen_examples.py [OUTDIR]

writes OUTDIR/multihead.mlir (a small CNN with detection, segmentation and
classification heads over one backbone) and OUTDIR/two_tower.mlir (an MLP
whose two towers share a trunk). Weights are deterministic (numpy
RandomState with a fixed seed) and stored as dense_resource blobs named after
their layer; every op carries its layer name as its location.

With --reference DIR it also evaluates both models in numpy (float64,
python/mcg/reference.py) on deterministic inputs and writes
DIR/<model>.<input>.npy and DIR/<model>.<output>.npy: the expected outputs
the end-to-end tests compare compiled code against. With --onnx DIR it
writes DIR/multihead.onnx, the same model for onnxruntime (the benchmark's
baseline).
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from mcg import reference as ref  # noqa: E402


class Graph:
    """Emits one cgraph.graph as text, tracking value types."""

    last = None

    def __init__(self, name, seed):
        Graph.last = self
        self.name = name
        self.rng = np.random.RandomState(seed)
        self.inputs = []  # (ssa, type, name)
        self.lines = []
        self.types = {}
        self.blobs = {}
        self.counter = 0
        # Reference values (numpy, float64) of every SSA value.
        self.val = {}
        # The same graph as ONNX nodes: (op_type, inputs, output, name, attrs).
        self.onnx_nodes = []
        self.weight_ssa = {}
        self.input_rng = np.random.RandomState(seed + 1)

    @staticmethod
    def ttype(shape, elem="f32"):
        return "tensor<" + "x".join(str(d) for d in shape) + ("x" if shape else "") + elem + ">"

    def input(self, name, shape):
        ssa = "%" + name
        self.inputs.append((ssa, self.ttype(shape), name))
        self.types[ssa] = tuple(shape)
        self.val[ssa] = self.input_rng.randn(*shape).astype(np.float32)
        return ssa

    def _fresh(self):
        self.counter += 1
        return "%v" + str(self.counter)

    def weight(self, name, array):
        array = np.ascontiguousarray(array, dtype=np.float32)
        key = name.replace("/", "_").replace(".", "_")
        self.blobs[key] = array
        ssa = self._fresh()
        self.weight_ssa[key] = (ssa[1:], array)
        self.types[ssa] = array.shape
        self.val[ssa] = array.astype(np.float64)
        self.lines.append(
            f"{ssa} = cgraph.constant dense_resource<{key}> : "
            f"{self.ttype(array.shape)} loc(\"{name}\")")
        return ssa

    def op(self, mnemonic, operands, shape, loc, attrs="", unary=False, fn=None,
           onnx=None):
        """Emits an op; `fn` computes its reference value from the operands',
        `onnx` = (op_type, attributes) describes it as an ONNX node."""
        ssa = self._fresh()
        if onnx is not None:
            self.onnx_nodes.append((onnx[0], [o[1:] for o in operands], ssa[1:], loc,
                                    onnx[1] if len(onnx) > 1 else {}))
        self.types[ssa] = tuple(shape)
        value = fn(*[self.val[o] for o in operands])
        assert value.shape == tuple(shape), (mnemonic, value.shape, shape)
        self.val[ssa] = value
        attr_text = f" {{{attrs}}}" if attrs else ""
        if unary:
            sig = self.ttype(shape)
        else:
            ins = ", ".join(self.ttype(self.types[o]) for o in operands)
            sig = f"({ins}) -> {self.ttype(shape)}"
        self.lines.append(
            f"{ssa} = cgraph.{mnemonic} {', '.join(operands)}{attr_text} : "
            f"{sig} loc(\"{loc}\")")
        return ssa

    # Layers ---------------------------------------------------------------

    def conv(self, x, cout, k, name, stride=1, pad=None, bias=False):
        n, c, h, w = self.types[x]
        pad = k // 2 if pad is None else pad
        wt = self.rng.randn(cout, c, k, k) * np.sqrt(2.0 / (c * k * k))
        ops = [x, self.weight(name + ".weight", wt)]
        if bias:
            ops.append(self.weight(name + ".bias", self.rng.randn(cout) * 0.1))
        oh = (h + 2 * pad - k) // stride + 1
        ow = (w + 2 * pad - k) // stride + 1
        attrs = []
        if pad:
            attrs.append(f"pads = array<i64: {pad}, {pad}, {pad}, {pad}>")
        if stride != 1:
            attrs.append(f"strides = array<i64: {stride}, {stride}>")
        pads = (pad, pad, pad, pad)
        return self.op("conv2d", ops, (n, cout, oh, ow), name, ", ".join(attrs),
                       fn=lambda x, w, b=None: ref.conv2d(x, w, b, (stride, stride), pads),
                       onnx=("Conv", {"pads": list(pads), "strides": [stride, stride],
                                      "kernel_shape": [k, k]}))

    def bn(self, x, name):
        c = self.types[x][1]
        params = [
            self.weight(name + ".weight", 1.0 + 0.1 * self.rng.randn(c)),
            self.weight(name + ".bias", 0.1 * self.rng.randn(c)),
            self.weight(name + ".running_mean", 0.1 * self.rng.randn(c)),
            self.weight(name + ".running_var", 1.0 + 0.1 * np.abs(self.rng.randn(c))),
        ]
        return self.op("batch_norm", [x] + params, self.types[x], name,
                       fn=lambda x, s, b, m, v: ref.batch_norm(x, s, b, m, v, 1e-5),
                       onnx=("BatchNormalization", {"epsilon": 1e-5}))

    def relu(self, x, name):
        return self.op("relu", [x], self.types[x], name, unary=True, fn=lambda v: np.maximum(v, 0),
                       onnx=("Relu",))

    def conv_bn_relu(self, x, cout, k, name, stride=1):
        y = self.bn(self.conv(x, cout, k, name + "/conv", stride), name + "/bn")
        return self.relu(y, name + "/relu")

    def residual_block(self, x, name):
        c = self.types[x][1]
        y = self.conv_bn_relu(x, c, 3, name + "/a")
        y = self.bn(self.conv(y, c, 3, name + "/b/conv"), name + "/b/bn")
        y = self.op("add", [y, x], self.types[x], name + "/add", fn=np.add, onnx=("Add",))
        return self.relu(y, name + "/relu")

    def gemm(self, x, nout, name, act=None):
        m, k = self.types[x]
        w = self.weight(name + ".weight", self.rng.randn(nout, k) * np.sqrt(2.0 / k))
        b = self.weight(name + ".bias", 0.1 * self.rng.randn(nout))
        y = self.op("gemm", [x, w, b], (m, nout), name, "trans_b = true",
                    fn=lambda a, w, b: a @ w.T + b, onnx=("Gemm", {"transB": 1}))
        if act == "relu":
            y = self.relu(y, name + "/relu")
        elif act == "gelu":
            y = self.op("gelu", [y], (m, nout), name + "/gelu", unary=True, fn=ref.gelu)
        return y

    # Output ---------------------------------------------------------------

    def to_onnx(self, path):
        """Writes the graph as an ONNX model (opset 17), for onnxruntime."""
        import onnx
        from onnx import helper, numpy_helper
        inits = []
        weights = {}
        nodes = []
        for op_type, ins, out, name, attrs in self.onnx_nodes:
            nodes.append(helper.make_node(op_type, ins, [out], name=name, **attrs))
        used = {i for _, ins, _, _, _ in self.onnx_nodes for i in ins}
        for key, (ssa, array) in self.weight_ssa.items():
            if ssa in used:
                inits.append(numpy_helper.from_array(array, ssa))
        renames = {}
        for name, ssa in self.outputs:
            renames[ssa[1:]] = name
        for node in nodes:
            node.output[:] = [renames.get(o, o) for o in node.output]
            node.input[:] = [renames.get(i, i) for i in node.input]
        ins = [helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, list(self.types[s]))
               for s, _, n in self.inputs]
        outs = [helper.make_tensor_value_info(n, onnx.TensorProto.FLOAT, list(self.types[s]))
                for n, s in self.outputs]
        graph = helper.make_graph(nodes, self.name, ins, outs, inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
        onnx.checker.check_model(model)
        onnx.save(model, path)

    def emit(self, outputs):
        self.outputs = outputs
        ins = ", ".join(f"{s}: {t} loc(\"{n}\") as \"{n}\"" for s, t, n in self.inputs)
        outs = ", ".join(f"{self.ttype(self.types[v])} as \"{n}\"" for n, v in outputs)
        text = [f"cgraph.graph @{self.name}({ins})\n    -> ({outs}) {{"]
        text += ["  " + line for line in self.lines]
        vals = ", ".join(v for _, v in outputs)
        tys = ", ".join(self.ttype(self.types[v]) for _, v in outputs)
        text.append(f"  cgraph.output {vals} : {tys}")
        text.append("}")
        text.append("")
        text.append("{-#\n  dialect_resources: {\n    builtin: {")
        entries = []
        for key, array in self.blobs.items():
            # A blob is its alignment (4, little-endian u32) then the raw data.
            payload = np.uint32(4).tobytes() + array.astype("<f4").tobytes()
            entries.append(f"      {key}: \"0x{payload.hex().upper()}\"")
        text.append(",\n".join(entries))
        text.append("    }\n  }\n#-}")
        return "\n".join(text) + "\n"


def multihead():
    """A small CNN backbone with detection, segmentation and classification."""
    g = Graph("multihead", seed=2026)
    x = g.input("image", (1, 3, 64, 64))
    # Backbone: stem, then three stages (64x64x16, 32x32x32, 16x16x64).
    s1 = g.residual_block(g.conv_bn_relu(x, 16, 3, "stem"), "stage1/block")
    s2 = g.residual_block(g.conv_bn_relu(s1, 32, 3, "stage2/down", stride=2), "stage2/block")
    s3 = g.residual_block(g.conv_bn_relu(s2, 64, 3, "stage3/down", stride=2), "stage3/block")
    # Detection head on the 16x16 features: 3 anchors x (4 box + 1 obj + 4 classes).
    d = g.conv_bn_relu(s3, 64, 3, "det/neck")
    det = g.conv(d, 27, 1, "det/pred", bias=True)
    # Segmentation head on the 32x32 features, upsampled 2x to the input size.
    sg = g.conv_bn_relu(s2, 16, 1, "seg/reduce")
    up_w = g.weight("seg/up.weight", g.rng.randn(16, 16, 2, 2) * 0.25)
    up = g.op("conv_transpose2d", [sg, up_w], (1, 16, 64, 64), "seg/up",
              "strides = array<i64: 2, 2>",
              fn=lambda x, w: ref.conv_transpose2d(x, w, stride=(2, 2)),
              onnx=("ConvTranspose", {"strides": [2, 2], "kernel_shape": [2, 2]}))
    up = g.relu(up, "seg/up/relu")
    seg = g.conv(up, 4, 1, "seg/pred", bias=True)
    # Classification head: global pool, linear, softmax.
    p = g.op("global_avg_pool", [s3], (1, 64, 1, 1), "cls/pool",
             fn=lambda x: x.mean(axis=(2, 3), keepdims=True), onnx=("GlobalAveragePool",))
    f = g.op("flatten", [p], (1, 64), "cls/flatten", fn=lambda x: x.reshape(1, 64),
             onnx=("Flatten", {"axis": 1}))
    logits = g.gemm(f, 10, "cls/fc")
    cls = g.op("softmax", [logits], (1, 10), "cls/softmax", "axis = 1 : i64",
               fn=lambda x: ref.softmax(x, axis=1), onnx=("Softmax", {"axis": 1}))
    return g.emit([("det", det), ("seg", seg), ("cls", cls)])


def two_tower():
    """An MLP trunk shared by a click-through tower and a category tower."""
    g = Graph("two_tower", seed=7)
    x = g.input("features", (4, 128))
    ctx = g.input("context", (4, 32))
    t = g.gemm(x, 256, "trunk/fc1", act="gelu")
    t = g.gemm(t, 128, "trunk/fc2", act="relu")
    gamma = g.weight("trunk/norm.weight", 1.0 + 0.1 * g.rng.randn(128))
    beta = g.weight("trunk/norm.bias", 0.1 * g.rng.randn(128))
    t = g.op("layer_norm", [t, gamma, beta], (4, 128), "trunk/norm",
             fn=lambda x, s, b: ref.layer_norm(x, s, b))
    # Click-through tower: a probability per row.
    a = g.gemm(t, 64, "ctr/fc1", act="relu")
    a = g.gemm(a, 1, "ctr/fc2")
    ctr = g.op("sigmoid", [a], (4, 1), "ctr/sigmoid", unary=True, fn=ref.sigmoid)
    # Category tower: also reads the context features.
    b = g.op("concat", [t, ctx], (4, 160), "category/concat", "axis = 1 : i64",
             fn=lambda a, c: np.concatenate([a, c], axis=1))
    b = g.gemm(b, 64, "category/fc1", act="relu")
    b = g.gemm(b, 8, "category/fc2")
    cat = g.op("softmax", [b], (4, 8), "category/softmax", "axis = 1 : i64",
               fn=lambda x: ref.softmax(x, axis=1))
    return g.emit([("ctr", ctr), ("category", cat), ("embedding", t)])


def main():
    args = sys.argv[1:]
    refdir = onnxdir = None
    if "--reference" in args:
        i = args.index("--reference")
        refdir = args[i + 1]
        del args[i:i + 2]
    if "--onnx" in args:
        i = args.index("--onnx")
        onnxdir = args[i + 1]
        del args[i:i + 2]
    outdir = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(outdir, exist_ok=True)
    header = ("// Generated by examples/gen_examples.py; do not edit by hand.\n"
              "// {}\n")
    for name, build, doc in [
        ("multihead", multihead,
         "Multi-head CNN: outputs det (1x27x16x16), seg (1x4x64x64), cls (1x10)."),
        ("two_tower", two_tower,
         "Two-tower MLP: outputs ctr (4x1), category (4x8), embedding (4x128)."),
    ]:
        graph = Graph.last = None
        text = build()
        graph = Graph.last
        with open(os.path.join(outdir, name + ".mlir"), "w") as f:
            f.write(header.format(doc) + text)
        if onnxdir and name == "multihead":
            os.makedirs(onnxdir, exist_ok=True)
            graph.to_onnx(os.path.join(onnxdir, name + ".onnx"))
        if refdir:
            os.makedirs(refdir, exist_ok=True)
            for ssa, _, input_name in graph.inputs:
                np.save(os.path.join(refdir, f"{name}.{input_name}.npy"), graph.val[ssa])
            for output_name, ssa in graph.outputs:
                np.save(os.path.join(refdir, f"{name}.{output_name}.npy"),
                        graph.val[ssa].astype(np.float32))


if __name__ == "__main__":
    main()
