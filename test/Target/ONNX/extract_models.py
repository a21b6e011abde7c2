"""Writes the models of extract.test into argv[1]: a two-head model with
its identity filled in (producer, doc strings, metadata_props, a second
opset domain, node names), saved with inline weights (inline/model.onnx)
and with external data (ext/model.onnx + ext/model.data), an input for it,
a model whose data file has the name a new one would get (clash/), and
models whose external data cannot be read (missing file, a range
outside the file, a location that climbs out of the model's directory)."""
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1]
rng = np.random.default_rng(16)


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


weights = {
    "trunk.w": f32(16, 32),  # 2048 bytes
    "trunk.b": f32(32),  # 128 bytes: a dense literal, inline always
    "head_a.w": f32(32, 8),  # 1024 bytes
    "head_b.w": f32(32, 16),  # 2048 bytes
    "head_b.b": f32(16),
}
nodes = [
    helper.make_node("Gemm", ["x", "trunk.w", "trunk.b"], ["trunk_out"],
                     name="trunk/gemm", doc_string="the shared trunk"),
    helper.make_node("Relu", ["trunk_out"], ["features"], name="trunk/relu"),
    helper.make_node("MatMul", ["features", "head_a.w"], ["a"],
                     name="head_a/matmul", doc_string="head a: 8 logits"),
    helper.make_node("MatMul", ["features", "head_b.w"], ["b_mm"],
                     name="head_b/matmul"),
    helper.make_node("Add", ["b_mm", "head_b.b"], ["b"], name="head_b/add"),
]
graph = helper.make_graph(
    nodes, "two_heads",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 16])],
    [helper.make_tensor_value_info("a", TensorProto.FLOAT, [2, 8]),
     helper.make_tensor_value_info("b", TensorProto.FLOAT, [2, 16])],
    [numpy_helper.from_array(v, k) for k, v in weights.items()],
    doc_string="a trunk and two heads")
model = helper.make_model(
    graph, producer_name="extract_models.py", producer_version="1.0",
    domain="org.mcg.test", model_version=7,
    doc_string="extract.test's model",
    opset_imports=[helper.make_opsetid("", 13),
                   helper.make_opsetid("com.example", 1)])
helper.set_model_props(model, {"author": "mcg tests", "license": "CC0"})
onnx.checker.check_model(model, full_check=True)

for d in ("inline", "ext", "missing", "short", "escape/sub"):
    os.makedirs(os.path.join(OUT, d), exist_ok=True)
onnx.save(model, os.path.join(OUT, "inline", "model.onnx"))
np.save(os.path.join(OUT, "x.npy"), f32(2, 16))

# External data: every tensor of 1 kB or more in one file (onnx.save
# moves the tensors of the model it is given out to the file).
onnx.save(onnx.load(os.path.join(OUT, "inline", "model.onnx")), os.path.join(OUT, "ext", "model.onnx"),
          save_as_external_data=True, all_tensors_to_one_file=True,
          location="model.data", size_threshold=1024)
ext = onnx.load(os.path.join(OUT, "ext", "model.onnx"),
                load_external_data=False)


def save_broken(directory, edit, names=("head_b.w",)):
    m = onnx.ModelProto()
    m.CopyFrom(ext)
    for t in m.graph.initializer:
        if t.name in names and t.external_data:
            edit({e.key: e for e in t.external_data})
    onnx.save(m, os.path.join(OUT, directory, "model.onnx"))


# No data file beside the model.
save_broken("missing", lambda e: None)
# head_b.w's range runs past the end of the file.
shutil.copy(os.path.join(OUT, "ext", "model.data"),
            os.path.join(OUT, "short", "model.data"))
save_broken("short", lambda e: e["offset"].__setattr__("value", "4000"))
# A location that climbs out of the model's directory.
shutil.copy(os.path.join(OUT, "ext", "model.data"),
            os.path.join(OUT, "escape", "model.data"))
save_broken("escape/sub",
            lambda e: e["location"].__setattr__("value", "../model.data"),
            names=list(weights))
# A data file named as the one `--onnx-weights=data-file -o a.onnx` writes.
os.makedirs(os.path.join(OUT, "clash"), exist_ok=True)
onnx.save(onnx.load(os.path.join(OUT, "inline", "model.onnx")),
          os.path.join(OUT, "clash", "model.onnx"),
          save_as_external_data=True, all_tensors_to_one_file=True,
          location="a.onnx.data", size_threshold=1024)
