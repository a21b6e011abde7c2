"""Runs onnx.checker (full_check: with shape inference) on argv[1] and
prints the model's inputs, outputs and node counts per op type."""
import collections
import sys

import onnx

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)
print("checker ok")
print("inputs:", " ".join(i.name for i in model.graph.input))
print("outputs:", " ".join(o.name for o in model.graph.output))
for op, n in sorted(collections.Counter(n.op_type for n in model.graph.node).items()):
    print(f"{op}: {n}")
used = {i for n in model.graph.node for i in n.input}
print("unused initializers:",
      sum(1 for t in model.graph.initializer if t.name not in used))
