"""Runs onnx.checker (full_check: with shape inference) on argv[1] and
prints the model's inputs, outputs and node counts per op type, then each
subgraph (If branches, Loop and Scan bodies): its inputs, outputs and
nodes; last, how many nodes share their name with another (ONNX Runtime
rejects such a model)."""
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


def subgraphs(graph):
    for n in graph.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                yield n, a.name, a.g
                yield from subgraphs(a.g)


used = {i for n in model.graph.node for i in n.input}
for node, attr, g in subgraphs(model.graph):
    used |= {i for n in g.node for i in n.input} | {o.name for o in g.output}
    print(f"{node.op_type} {attr}: inputs [{' '.join(i.name for i in g.input)}]"
          f" outputs [{' '.join(o.name for o in g.output)}]"
          f" nodes [{' '.join(n.op_type for n in g.node)}]")
print("unused initializers:",
      sum(1 for t in model.graph.initializer if t.name not in used))
names = collections.Counter(
    n.name for n in model.graph.node if n.name)
for _, _, g in subgraphs(model.graph):
    names.update(n.name for n in g.node if n.name)
print("duplicate node names:", sum(c for c in names.values() if c > 1))
