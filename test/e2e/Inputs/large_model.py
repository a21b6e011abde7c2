"""Writes an ONNX model y = x + W whose weight W makes the file 33 MB (one
more than mcg-compile's huge-pages threshold): python large_model.py OUT."""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

n = 33 * 2**20 // 4
w = numpy_helper.from_array((np.arange(n) % 7).astype(np.float32), "W")
g = helper.make_graph([helper.make_node("Add", ["x", "W"], ["y"])], "large",
                      [helper.make_tensor_value_info("x", TensorProto.FLOAT, [n])],
                      [helper.make_tensor_value_info("y", TensorProto.FLOAT, [n])], [w])
onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), sys.argv[1])
