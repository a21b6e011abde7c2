"""Writes small ONNX test models and their inputs/outputs as .npy files
(shared by the *_models.py generators)."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ONNX_TYPE = {np.dtype("float32"): TensorProto.FLOAT,
             np.dtype("float64"): TensorProto.DOUBLE,
             np.dtype("int64"): TensorProto.INT64,
             np.dtype("int32"): TensorProto.INT32,
             np.dtype("bool"): TensorProto.BOOL}


def model_writer(out):
    """A model(name, nodes, inputs, outputs, inits=(), opset=13) function
    that checks and saves each model under `out`; inputs, outputs, inits:
    [(name, array)]."""
    os.makedirs(out, exist_ok=True)

    def model(name, nodes, inputs, outputs, inits=(), opset=13):
        graph = helper.make_graph(
            nodes, name,
            [helper.make_tensor_value_info(k, ONNX_TYPE[v.dtype], v.shape)
             for k, v in inputs],
            [helper.make_tensor_value_info(k, ONNX_TYPE[v.dtype], v.shape)
             for k, v in outputs],
            [numpy_helper.from_array(np.asarray(v), k) for k, v in inits])
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
        onnx.checker.check_model(m, full_check=True)
        onnx.save(m, os.path.join(out, name + ".onnx"))
        for k, v in list(inputs) + list(outputs):
            np.save(os.path.join(out, f"{name}.{k}.npy"), v)

    return model
