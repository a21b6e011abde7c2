#!/usr/bin/env python3
"""Turns ONNX backend test cases whose shape operands are graph inputs
(Resize's scales/sizes, ...) into models mcg can import: every input named
on the command line becomes an initializer holding the value of the case's
first data set. Writes OUTDIR/CASE.onnx, CASE.x.npy (the remaining input,
which must be exactly one) and CASE.y.npy (the shipped output).

  freeze_inputs.py OUTDIR CASE_DIR INPUT_NAME...
"""

import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def load(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def main():
    outdir, case, frozen = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    name = os.path.basename(case)
    model = onnx.load(os.path.join(case, "model.onnx"))
    ds = os.path.join(case, "test_data_set_0")
    keep = []
    for i, vi in enumerate(model.graph.input):
        if vi.name in frozen:
            arr = load(os.path.join(ds, f"input_{i}.pb"))
            model.graph.initializer.append(numpy_helper.from_array(arr, vi.name))
        else:
            keep.append((vi, load(os.path.join(ds, f"input_{i}.pb"))))
    assert len(keep) == 1, "exactly one input must stay an input"
    del model.graph.input[:]
    model.graph.input.append(keep[0][0])
    onnx.save(model, os.path.join(outdir, name + ".onnx"))
    np.save(os.path.join(outdir, name + ".x.npy"), keep[0][1])
    np.save(os.path.join(outdir, name + ".y.npy"),
            load(os.path.join(ds, "output_0.pb")))


if __name__ == "__main__":
    main()
