#!/usr/bin/env python3
"""ONNX models with If, Loop and Scan (issue #16), written with onnx.helper,
and models whose control flow mcg rejects, each for one diagnostic.

Writes into OUTDIR (argv[1]) NAME.onnx; the valid models pass
onnx.checker with full_check (shape inference included). For the models
mcg runs, also inputs and numpy's outputs for them (computed in float64,
saved as float32): if_runtime.then.* and if_runtime.else.* (an input that
takes each branch), loop_static.*, loop_dynamic.n3.* and
loop_dynamic.n1000.* (which its condition stops long before 1000),
scan.*.
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
B = TensorProto.BOOL


def vi(name, shape, elt=F):
    return helper.make_tensor_value_info(name, elt, shape)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def const(name, array):
    return helper.make_node("Constant", [], [name], name=name,
                            value=numpy_helper.from_array(np.asarray(array)))


def node(op, inputs, outputs, name=None, **attrs):
    return helper.make_node(op, list(inputs), list(outputs),
                            name=name or outputs[0], **attrs)


def graph(name, nodes, inputs, outputs, inits=()):
    return helper.make_graph(nodes, name, inputs, outputs, list(inits))


def save(name, nodes, inputs, outputs, inits=(), check=True):
    model = helper.make_model(
        graph(name, nodes, inputs, outputs, inits),
        opset_imports=[helper.make_opsetid("", 13)])
    if check:
        onnx.checker.check_model(model, full_check=True)
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


rng = np.random.default_rng(0)
W = rng.standard_normal((8, 8)).astype(np.float32)

# If on a condition computed at run time, with two outputs: the branches
# capture an outer value (h) and a weight, the then branch has an
# initializer of its own, the else branch passes the graph input on.
then_branch = graph(
    "then", [node("MatMul", ["h", "W"], ["t0"]),
             node("Relu", ["t0"], ["t1"]),
             node("Add", ["h", "bias"], ["t2"])],
    [], [vi("t1", [2, 8]), vi("t2", [2, 8])],
    [init("bias", np.full((8,), 0.5, np.float32))])
else_branch = graph(
    "else", [const("two", np.float32(2)),
             node("Mul", ["h", "two"], ["e0"]),
             node("Identity", ["x"], ["e1"])],
    [], [vi("e0", [2, 8]), vi("e1", [2, 8])])
save("if_runtime",
     [node("MatMul", ["x", "W"], ["h"]),
      node("ReduceSum", ["h"], ["s"], keepdims=0),
      const("zero", np.float32(0)),
      node("Greater", ["s", "zero"], ["c"]),
      node("If", ["c"], ["a", "b"], name="choose",
           then_branch=then_branch, else_branch=else_branch),
      node("Tanh", ["a"], ["ya"]),
      node("Sigmoid", ["b"], ["yb"])],
     [vi("x", [2, 8])], [vi("ya", [2, 8]), vi("yb", [2, 8])],
     [init("W", W)])

x = rng.standard_normal((2, 8)).astype(np.float32)
for xi in (x, -x):  # h = x W changes sign with x: one input per branch.
    h = xi.astype(np.float64) @ W.astype(np.float64)
    taken = "then" if h.sum() > 0 else "else"
    if taken == "then":
        ya, yb = np.tanh(np.maximum(h @ W, 0)), 1 / (1 + np.exp(-(h + 0.5)))
    else:
        ya, yb = np.tanh(h * 2), 1 / (1 + np.exp(-xi.astype(np.float64)))
    np.save(os.path.join(OUT, f"if_runtime.{taken}.x.npy"), xi)
    np.save(os.path.join(OUT, f"if_runtime.{taken}.ya.npy"),
            ya.astype(np.float32))
    np.save(os.path.join(OUT, f"if_runtime.{taken}.yb.npy"),
            yb.astype(np.float32))

# If on a condition known at import (from a static shape): only the taken
# branch imports; the other would not even type-check (a MatMul of
# mismatched shapes), as torch exports of shape tests often are.
save("if_known",
     [node("Shape", ["x"], ["shape"]),
      const("two", np.array([2], np.int64)),
      node("Equal", ["shape", "two"], ["c1"]),
      node("Squeeze", ["c1"], ["c"], name="squeeze"),
      node("If", ["c"], ["y"], name="by_rank",
           then_branch=graph("then", [node("Neg", ["x"], ["n"])], [],
                             [vi("n", [2])]),
           else_branch=graph("else",
                             [node("MatMul", ["x", "x"], ["m"])], [],
                             [vi("m", None)]))],
     [vi("x", [2])], [vi("y", [2])], check=False)

# Loop with a constant trip count: a loop-carried state, a loop-carried
# counter nothing reads after the loop, and a scan output.
loop_body = graph(
    "body", [node("Tanh", ["h_in"], ["t"]),
             node("Add", ["t", "x"], ["h_out"]),
             const("one", np.array(1, np.int64)),
             node("Add", ["k_in", "one"], ["k_out"]),
             const("half", np.float32(0.5)),
             node("Mul", ["h_out", "half"], ["slice"]),
             node("Identity", ["cond_in"], ["cond_out"])],
    [vi("i", [], I64), vi("cond_in", [], B), vi("h_in", [2, 8]),
     vi("k_in", [], I64)],
    [vi("cond_out", [], B), vi("h_out", [2, 8]), vi("k_out", [], I64),
     vi("slice", [2, 8])])
save("loop_static",
     [const("trip", np.array(3, np.int64)),
      const("k0", np.array(0, np.int64)),
      node("Loop", ["trip", "", "x", "k0"], ["h", "k", "s"], name="steps",
           body=loop_body),
      node("Relu", ["h"], ["y"])],
     [vi("x", [2, 8])], [vi("y", [2, 8]), vi("s", [3, 2, 8])])

x = rng.standard_normal((2, 8)).astype(np.float32)
h, slices = x.astype(np.float64), []
for _ in range(3):
    h = np.tanh(h) + x
    slices.append(h * 0.5)
for name, a in (("x", x), ("y", np.maximum(h, 0)), ("s", np.stack(slices))):
    np.save(os.path.join(OUT, f"loop_static.{name}.npy"), a.astype(np.float32))

# Loop with a trip count and a stop condition known only at run time:
# loop-carried values only, the body computes the next condition.
while_body = graph(
    "body", [const("one", np.float32(1)),
             node("Add", ["v_in", "one"], ["v_out"]),
             node("ReduceSum", ["v_out"], ["total"], keepdims=0),
             const("limit", np.float32(100)),
             node("Less", ["total", "limit"], ["cond_out"])],
    [vi("i", [], I64), vi("cond_in", [], B), vi("v_in", [4])],
    [vi("cond_out", [], B), vi("v_out", [4])])
save("loop_dynamic",
     [const("go", np.array(True)),
      node("Loop", ["n", "go", "x"], ["y"], name="until", body=while_body)],
     [vi("x", [4]), vi("n", [], I64)], [vi("y", [4])])

x = rng.standard_normal((4,)).astype(np.float32)
np.save(os.path.join(OUT, "loop_dynamic.x.npy"), x)
for n in (3, 1000):
    v, i, go = x.astype(np.float64), 0, True
    while i < n and go:
        v, i = v + 1, i + 1
        go = v.sum() < 100
    np.save(os.path.join(OUT, f"loop_dynamic.n{n}.npy"), np.array(n, np.int64))
    np.save(os.path.join(OUT, f"loop_dynamic.n{n}.y.npy"), v.astype(np.float32))

# A while loop: no trip count, only the condition (what mcg's code
# generation does not run yet).
save("loop_while",
     [const("go", np.array(True)),
      node("Loop", ["", "go", "x"], ["y"], name="while", body=while_body)],
     [vi("x", [4])], [vi("y", [4])])

# Scan: a running sum over axis 1 read backward, the final sum as state,
# and the running sums stacked along axis 1.
scan_body = graph(
    "body", [node("Add", ["acc_in", "row"], ["acc_out"]),
             node("Identity", ["acc_out"], ["run"])],
    [vi("acc_in", [2, 3]), vi("row", [2, 3])],
    [vi("acc_out", [2, 3]), vi("run", [2, 3])])
save("scan",
     [node("Scan", ["zero", "x"], ["sum", "runs"], name="cumsum",
           body=scan_body, num_scan_inputs=1, scan_input_axes=[1],
           scan_input_directions=[1], scan_output_axes=[-2])],
     [vi("zero", [2, 3]), vi("x", [2, 5, 3])],
     [vi("sum", [2, 3]), vi("runs", [2, 5, 3])])
zero = rng.standard_normal((2, 3)).astype(np.float32)
x = rng.standard_normal((2, 5, 3)).astype(np.float32)
acc, runs = zero.astype(np.float64), []
for t in range(5):
    acc = acc + x[:, 4 - t, :]
    runs.append(acc)
for name, a in (("zero", zero), ("x", x), ("sum", acc),
                ("runs", np.stack(runs, axis=1))):
    np.save(os.path.join(OUT, f"scan.{name}.npy"), a.astype(np.float32))

# Rejected.
save("if_mismatch",
     [node("If", ["c"], ["y"], name="mismatch",
           then_branch=graph("then", [node("Neg", ["x"], ["n"])], [],
                             [vi("n", [4])]),
           else_branch=graph("else", [node("Concat", ["x", "x"], ["m"],
                                           axis=0)], [], [vi("m", [8])]))],
     [vi("x", [4]), vi("c", [], B)], [vi("y", None)], check=False)
save("loop_scan_dynamic",
     [node("Loop", ["n", "", "x", "k0"], ["h", "k", "s"], name="steps",
           body=loop_body)],
     [vi("x", [2, 8]), vi("n", [], I64), vi("k0", [], I64)],
     [vi("s", None)], check=False)
grow_body = graph(
    "body", [node("Concat", ["v_in", "v_in"], ["v_out"], axis=0),
             node("Identity", ["cond_in"], ["cond_out"])],
    [vi("i", [], I64), vi("cond_in", [], B), vi("v_in", None)],
    [vi("cond_out", [], B), vi("v_out", None)])
save("loop_grows",
     [node("Loop", ["n", "", "x"], ["y"], name="grow", body=grow_body)],
     [vi("x", [4]), vi("n", [], I64)], [vi("y", None)], check=False)
save("scan_lengths",
     [node("Scan", ["a", "b"], ["y"], name="pairs",
           body=graph("body", [node("Add", ["p", "q"], ["r"])],
                      [vi("p", [3]), vi("q", [3])], [vi("r", [3])]),
           num_scan_inputs=2)],
     [vi("a", [4, 3]), vi("b", [5, 3])], [vi("y", None)], check=False)
save("if_shadow",
     [node("If", ["c"], ["y"], name="shadow",
           then_branch=graph("then", [node("Neg", ["x"], ["x"])], [],
                             [vi("x", [4])]),
           else_branch=graph("else", [node("Abs", ["x"], ["m"])], [],
                             [vi("m", [4])]))],
     [vi("x", [4]), vi("c", [], B)], [vi("y", None)], check=False)
save("loop_no_body",
     [node("Loop", ["n", "", "x"], ["y"], name="nobody")],
     [vi("x", [4]), vi("n", [], I64)], [vi("y", None)], check=False)

# More rejected models, one diagnostic each (control-flow.test, ERRS).
neg = graph("neg", [node("Neg", ["x"], ["n"])], [], [vi("n", [4])])
neg2 = graph("neg2", [node("Neg", ["r"], ["negr"])], [vi("r", [4])], [vi("negr", [4])])
bad = {
    # If: a branch with an input; two conditions; a condition of 2 values;
    # branches with another output count than the node.
    "if_branch_input": [node("If", ["c"], ["y"], name="bi",
                             then_branch=graph("then", [node("Neg", ["p"], ["n"])],
                                               [vi("p", [4])], [vi("n", [4])]),
                             else_branch=neg)],
    "if_two_inputs": [node("If", ["c", "c"], ["y"], name="two",
                           then_branch=neg, else_branch=neg)],
    "if_wide_condition": [node("If", ["c2"], ["y"], name="wide",
                               then_branch=neg, else_branch=neg)],
    "if_output_count": [node("If", ["c"], ["y", "z"], name="count",
                             then_branch=neg, else_branch=neg)],
    # Loop: a float trip count; an empty loop-carried input; a body with
    # the wrong number of outputs; a next condition that is not a bool; a
    # body input declared with another static shape; a branch initializer
    # named like an outer value.
    "loop_float_trip": [node("Loop", ["x1", "", "x"], ["y"], name="ftrip",
                             body=while_body)],
    "loop_empty_carried": [node("Loop", ["n", "", ""], ["y"], name="empty",
                                body=while_body)],
    "loop_body_outputs": [node("Loop", ["n", "", "x"], ["y"], name="outs",
                               body=graph("body", [node("Identity", ["cond_in"], ["cnext"])],
                                          [vi("i", [], I64), vi("cond_in", [], B),
                                           vi("v_in", [4])], [vi("cnext", [], B)]))],
    "loop_float_condition": [node("Loop", ["n", "", "x"], ["y"], name="fcond",
                                  body=graph("body", [node("Identity", ["v_in"], ["v_out"]),
                                                      node("ReduceSum", ["v_in"], ["s"], keepdims=0)],
                                             [vi("i", [], I64), vi("cond_in", [], B),
                                              vi("v_in", [4])],
                                             [vi("s", []), vi("v_out", [4])]))],
    "loop_declared_shape": [node("Loop", ["n", "", "x"], ["y"], name="decl",
                                 body=graph("body", [node("Identity", ["cond_in"], ["cnext"]),
                                                     node("Identity", ["v_in"], ["v_out"])],
                                            [vi("i", [], I64), vi("cond_in", [], B),
                                             vi("v_in", [5])],
                                            [vi("cnext", [], B), vi("v_out", [5])]))],
    "if_initializer_shadow": [node("If", ["c"], ["y"], name="ishadow",
                                   then_branch=graph("then", [node("Neg", ["x"], ["n"])], [],
                                                     [vi("n", [4])],
                                                     [init("x", np.zeros(4, np.float32))]),
                                   else_branch=neg)],
    # Scan: num_scan_inputs out of range; axes of the wrong length; a
    # direction of 2; an axis outside the input; a state that changes type.
    "scan_num_inputs": [node("Scan", ["x"], ["y"], name="num", body=neg,
                             num_scan_inputs=2)],
    "scan_axes_length": [node("Scan", ["x"], ["y"], name="axes", body=neg,
                              num_scan_inputs=1, scan_input_axes=[0, 0])],
    "scan_direction": [node("Scan", ["x"], ["y"], name="dir", body=neg,
                            num_scan_inputs=1, scan_input_directions=[2])],
    "scan_axis_range": [node("Scan", ["m"], ["y"], name="range", body=neg,
                             num_scan_inputs=1, scan_input_axes=[2])],
    "scan_body_outputs": [node("Scan", ["x", "m"], ["y"], name="souts",
                               body=graph("body", [node("Identity", ["s"], ["t"])],
                                          [vi("s", [4]), vi("r", [4])],
                                          [vi("t", [4]), vi("r", [4])]),
                               num_scan_inputs=1)],
    "scan_output_axis": [node("Scan", ["m"], ["y"], name="oaxis", body=neg2,
                              num_scan_inputs=1, scan_output_axes=[3])],
    "scan_empty_input": [node("Scan", ["", "m"], ["y"], name="sempty",
                              body=neg2, num_scan_inputs=1)],
    "loop_few_outputs": [node("Loop", ["n", "", "x", "x"], ["y"], name="few",
                              body=while_body)],
    "scan_state_type": [node("Scan", ["x", "m"], ["y"], name="state",
                             body=graph("body", [node("Concat", ["s", "r"], ["t"], axis=0)],
                                        [vi("s", [4]), vi("r", [4])], [vi("t", [8])]),
                             num_scan_inputs=1)],
}
for name, nodes in bad.items():
    save(name, nodes,
         [vi("x", [4]), vi("c", [], B), vi("c2", [2], B), vi("n", [], I64),
          vi("x1", [1]), vi("m", [3, 4])],
         [vi("y", None)], check=False)
