#!/usr/bin/env python3
"""Models that define ONNX functions of their own (ModelProto.functions),
for function.test.

Writes into OUTDIR (argv[1]):

  calls     AddAct(a, b) = LeakyRelu(a + b, alpha = the call's 'slope'),
            domain 'local', called twice: o1 = AddAct(x, w1, slope=0.5),
            o2 = AddAct(o1, w2) without 'slope' (LeakyRelu's default
            0.01); Outer(a) = AddAct(a, a) * 2 calls it in turn -> o3;
            inputs and numpy's outputs
  branch    an If on the input 'c' whose then-branch alone calls
            Scale(a) = a * 3 (onnx/onnx PR #8435: such functions were
            dropped); inputs for both branches and numpy's outputs
  recursive Self(a) = Self(a)
  arity     AddAct called with three inputs
  subgraph  a function whose body holds an If
  opset     a function importing opset 11 in an opset-13 model
  blowup    F0(a) = F1(F1(a)), F1 = F2(F2(.)), ... 21 deep: 2^21 nodes
  deep      D0(a) = D1(a), D1(a) = D2(a), ... 70 deep
"""
import os
import sys

import numpy as np
import onnx
from onnx import AttributeProto, TensorProto, helper, numpy_helper

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.RandomState(3)
OPSETS = [helper.make_opsetid("", 13), helper.make_opsetid("local", 1)]


def vi(name, shape, t=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, t, shape)


def ref_attr(name, ref, t):
    a = AttributeProto()
    a.name = name
    a.ref_attr_name = ref
    a.type = t
    return a


def fn(name, inputs, outputs, nodes, attrs=(), opset=13):
    return helper.make_function("local", name, inputs, outputs, nodes,
                                [helper.make_opsetid("", opset),
                                 helper.make_opsetid("local", 1)],
                                list(attrs))


def save(name, nodes, inputs, outputs, functions, inits=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph, opset_imports=OPSETS,
                              functions=functions)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


leaky = helper.make_node("LeakyRelu", ["s"], ["y"], name="act")
leaky.attribute.append(ref_attr("alpha", "slope", AttributeProto.FLOAT))
add_act = fn("AddAct", ["a", "b"], ["y"],
             [helper.make_node("Add", ["a", "b"], ["s"], name="add"), leaky],
             ["slope"])
outer = fn("Outer", ["a"], ["y"], [
    helper.make_node("Constant", [], ["two"], name="two",
                     value=numpy_helper.from_array(np.float32(2))),
    helper.make_node("AddAct", ["a", "a"], ["t"], domain="local",
                     name="inner"),
    helper.make_node("Mul", ["t", "two"], ["y"], name="double"),
])
w1 = rng.randn(2, 5).astype(np.float32)
w2 = rng.randn(2, 5).astype(np.float32)
save("calls", [
    helper.make_node("AddAct", ["x", "w1"], ["o1"], domain="local",
                     name="first", slope=0.5),
    helper.make_node("AddAct", ["o1", "w2"], ["o2"], domain="local",
                     name="second"),
    helper.make_node("Outer", ["o2"], ["o3"], domain="local", name="outer"),
], [vi("x", [2, 5])], [vi("o1", [2, 5]), vi("o2", [2, 5]), vi("o3", [2, 5])],
   [add_act, outer],
   [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(w2, "w2")])


def lrelu(v, alpha):
    return np.where(v >= 0, v, alpha * v)


x = rng.randn(2, 5).astype(np.float32)
o1 = lrelu(x.astype(np.float64) + w1, 0.5)
o2 = lrelu(o1 + w2, 0.01)
o3 = lrelu(o2 + o2, 0.01) * 2
for n, v in (("x", x), ("o1", o1), ("o2", o2), ("o3", o3)):
    np.save(os.path.join(OUT, f"calls.{n}.npy"), np.float32(v))

scale = fn("Scale", ["a"], ["y"], [
    helper.make_node("Constant", [], ["k"], name="k",
                     value=numpy_helper.from_array(np.float32(3))),
    helper.make_node("Mul", ["a", "k"], ["y"], name="mul")])
then_g = helper.make_graph(
    [helper.make_node("Scale", ["x"], ["t"], domain="local", name="scale")],
    "then", [], [vi("t", [4])])
else_g = helper.make_graph([helper.make_node("Neg", ["x"], ["e"], name="neg")],
                           "else", [], [vi("e", [4])])
save("branch", [helper.make_node("If", ["c"], ["y"], then_branch=then_g,
                                 else_branch=else_g, name="if")],
     [vi("c", [], TensorProto.BOOL), vi("x", [4])], [vi("y", [4])], [scale])
x = rng.randn(4).astype(np.float32)
np.save(os.path.join(OUT, "branch.x.npy"), x)
np.save(os.path.join(OUT, "branch.true.npy"), np.bool_(True))
np.save(os.path.join(OUT, "branch.false.npy"), np.bool_(False))
np.save(os.path.join(OUT, "branch.ytrue.npy"), x * 3)
np.save(os.path.join(OUT, "branch.yfalse.npy"), -x)

save("recursive", [helper.make_node("Self", ["x"], ["y"], domain="local",
                                    name="call")],
     [vi("x", [4])], [vi("y", [4])],
     [fn("Self", ["a"], ["y"], [helper.make_node("Self", ["a"], ["y"],
                                                 domain="local", name="again")])])
save("arity", [helper.make_node("AddAct", ["x", "x", "x"], ["y"],
                                domain="local", name="call")],
     [vi("x", [4])], [vi("y", [4])], [add_act])
sub = helper.make_graph([helper.make_node("Identity", ["a"], ["t"])], "sub",
                        [], [vi("t", [4])])
save("subgraph", [helper.make_node("Branchy", ["c", "x"], ["y"],
                                   domain="local", name="call")],
     [vi("c", [], TensorProto.BOOL), vi("x", [4])], [vi("y", [4])],
     [fn("Branchy", ["c", "a"], ["y"], [helper.make_node(
         "If", ["c"], ["y"], then_branch=sub, else_branch=sub, name="if")])])
save("opset", [helper.make_node("Scale", ["x"], ["y"], domain="local",
                                name="call")],
     [vi("x", [4])], [vi("y", [4])],
     [fn("Scale", ["a"], ["y"], [helper.make_node("Neg", ["a"], ["y"])],
         opset=11)])
chain = [fn("F%d" % i, ["a"], ["y"], [
    helper.make_node("F%d" % (i + 1), ["a"], ["t"], domain="local"),
    helper.make_node("F%d" % (i + 1), ["t"], ["y"], domain="local")])
    for i in range(21)]
chain.append(fn("F21", ["a"], ["y"], [helper.make_node("Neg", ["a"], ["y"])]))
save("blowup", [helper.make_node("F0", ["x"], ["y"], domain="local",
                                 name="call")],
     [vi("x", [4])], [vi("y", [4])], chain)
deep = [fn("D%d" % i, ["a"], ["y"], [
    helper.make_node("D%d" % (i + 1), ["a"], ["y"], domain="local")])
    for i in range(70)]
deep.append(fn("D70", ["a"], ["y"], [helper.make_node("Neg", ["a"], ["y"])]))
save("deep", [helper.make_node("D0", ["x"], ["y"], domain="local",
                               name="call")],
     [vi("x", [4])], [vi("y", [4])], deep)
