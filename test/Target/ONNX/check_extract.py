"""Checks a slice that mcg extracted from an ONNX model, for extract.test.

usage: check_extract.py ORIGINAL.onnx SLICE.onnx

Runs onnx.checker (full_check) on the slice, then prints what a FileCheck
pins: the model's identity (producer, versions, doc strings, opsets,
metadata_props), each node with its name, output names and doc string,
and each initializer with where its bytes are (inline, or the data file,
offset and length). It checks that every initializer holds the bytes of
the original tensor of the same name and says where it matched: a
reference identical to the original's ("same reference"), or a data file
that holds exactly the slice's external tensors ("data file ... exactly
the kept tensors")."""
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

orig_path, slice_path = sys.argv[1], sys.argv[2]
orig = onnx.load(orig_path, load_external_data=False)
sl = onnx.load(slice_path, load_external_data=False)
onnx.checker.check_model(slice_path, full_check=True)
print("checker ok")
print("producer:", sl.producer_name, sl.producer_version)
print("domain:", sl.domain, "model_version:", sl.model_version)
print("doc:", sl.doc_string)
print("graph:", sl.graph.name, "doc:", sl.graph.doc_string)
print("opsets:", " ".join(f"{o.domain or '-'}:{o.version}"
                          for o in sl.opset_import))
for p in sl.metadata_props:
    print(f"metadata {p.key} = {p.value}")
print("inputs:", " ".join(i.name for i in sl.graph.input))
print("outputs:", " ".join(o.name for o in sl.graph.output))
for n in sl.graph.node:
    doc = f" doc '{n.doc_string}'" if n.doc_string else ""
    print(f"node {n.name or '-'}: {n.op_type} -> {' '.join(n.output)}{doc}")


def external(t):
    e = {x.key: x.value for x in t.external_data}
    return e["location"], int(e.get("offset", 0)), int(e["length"])


def load(t, base):
    return numpy_helper.to_array(t, base)


orig_dir = os.path.dirname(os.path.abspath(orig_path))
slice_dir = os.path.dirname(os.path.abspath(slice_path))
originals = {t.name: t for t in orig.graph.initializer}
same_ref, ranges, files = True, [], set()
for t in sl.graph.initializer:
    if t.name not in originals:
        continue  # an initializer mcg made (Reshape's shape, say)
    o = originals[t.name]
    assert np.array_equal(load(t, slice_dir), load(o, orig_dir)), t.name
    if t.data_location != onnx.TensorProto.EXTERNAL:
        print(f"init {t.name}: inline")
        continue
    loc, off, length = external(t)
    print(f"init {t.name}: {loc} offset {off} length {length}")
    ranges.append((off, length))
    files.add(os.path.join(slice_dir, loc))
    same_ref &= (o.data_location == onnx.TensorProto.EXTERNAL and
                 os.path.realpath(os.path.join(orig_dir, external(o)[0])) ==
                 os.path.realpath(os.path.join(slice_dir, loc)) and
                 external(o)[1:] == (off, length))
print("kept weights equal the originals")
if ranges and same_ref:
    print("every external tensor: same reference as the original")
elif ranges:
    # A new data file: the kept tensors back to back, each at the first
    # 16-byte boundary after the one before, and nothing else.
    assert len(files) == 1, files
    end = 0
    for off, length in sorted(ranges):
        assert off == -(-end // 16) * 16, (off, end)
        end = off + length
    size = os.path.getsize(files.pop())
    assert size == end, (size, end)
    print(f"data file: {len(ranges)} tensors, {size} bytes, exactly the "
          "kept tensors")
