"""Prints each graph input and output of the ONNX model argv[1] with its
dimensions: a size, a dim_param name, or ? for neither; after checking the
model with onnx.checker (full_check: with shape inference)."""
import sys

import onnx

model = onnx.load(sys.argv[1])
onnx.checker.check_model(model, full_check=True)


def dims(info):
    out = []
    for d in info.type.tensor_type.shape.dim:
        if d.HasField("dim_value"):
            out.append(str(d.dim_value))
        elif d.HasField("dim_param"):
            out.append(d.dim_param)
        else:
            out.append("?")
    return "[" + ", ".join(out) + "]"


for kind, infos in (("input", model.graph.input),
                    ("output", model.graph.output)):
    for info in infos:
        print(f"{kind} {info.name} {dims(info)}")
