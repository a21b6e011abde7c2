"""Every bad argument is an exception that says what was expected."""

import numpy as np
import pytest

import mcg
from conftest import MULTIHEAD


def test_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no model file"):
        mcg.load(tmp_path / "missing.mlir")
    with pytest.raises(ValueError, match="a model must be a .mlir or .onnx file"):
        mcg.load(tmp_path / "model.txt")
    with pytest.raises(ValueError, match="str or os.PathLike"):
        mcg.load(42)
    with pytest.raises(ValueError, match="apply to .onnx models"):
        mcg.load(MULTIHEAD, dims={"batch": 1})
    with pytest.raises(ValueError, match="apply to .onnx models"):
        mcg.load(MULTIHEAD, input_shapes={"image": (1, 3, 64, 64)})
    onnx = tmp_path / "m.onnx"
    onnx.write_bytes(b"")
    with pytest.raises(ValueError, match=r"input_shapes must be a dict"):
        mcg.load(onnx, input_shapes=[(1, 2)])
    with pytest.raises(ValueError, match=r"input_shapes\['x'\] must be a tuple"):
        mcg.load(onnx, input_shapes={"x": 3})
    with pytest.raises(ValueError, match=r"input_shapes\['x'\] dimension must be a positive int, got 0"):
        mcg.load(onnx, input_shapes={"x": (1, 0)})
    with pytest.raises(ValueError, match=r"input_shapes\['x'\] is empty"):
        mcg.load(onnx, input_shapes={"x": ()})
    with pytest.raises(ValueError, match=r"dims\['batch'\] must be a positive int, got -1"):
        mcg.load(onnx, dims={"batch": -1})
    with pytest.raises(ValueError, match=r"dims: the keys are dimension names"):
        mcg.load(onnx, dims={1: 1})
    with pytest.raises(mcg.Error, match="m.onnx"):
        mcg.load(onnx)


def test_model_argument_errors(multihead, tmp_path):
    outputs = "its outputs are: det, seg, cls"
    with pytest.raises(ValueError, match="prune: graph @multihead has no output named 'box'; " + outputs):
        multihead.prune(["box"])
    with pytest.raises(ValueError, match="prune expects a list of output names, got 'cls'"):
        multihead.prune("cls")
    with pytest.raises(ValueError, match="prune needs at least one output name"):
        multihead.prune([])
    with pytest.raises(ValueError, match="output 'cls' is named twice"):
        multihead.prune(["cls", "cls"])
    with pytest.raises(ValueError, match="output names are str"):
        multihead.prune([3])
    with pytest.raises(ValueError, match="report: graph @multihead has no output named 'box'"):
        multihead.report(["box"])
    with pytest.raises(ValueError, match=r"save writes MLIR text to a .mlir file"):
        multihead.save(tmp_path / "m.onnx")
    with pytest.raises(ValueError, match=r"export_onnx writes a .onnx file"):
        multihead.export_onnx(tmp_path / "m.mlir")
    with pytest.raises(OSError, match="cannot write"):
        multihead.save(tmp_path / "no" / "such" / "dir" / "m.mlir")
    with pytest.raises(ValueError, match="threads must be a positive int, got 0"):
        multihead.compile(threads=0)
    with pytest.raises(mcg.Error, match="unknown CPU 'no-such-cpu'") as info:
        multihead.compile(mcpu="no-such-cpu")
    assert info.value.diagnostics == []  # not a diagnostic: LLVM's answer
    with pytest.raises(ValueError, match="compile_library expects DIR/NAME"):
        multihead.compile_library(str(tmp_path) + "/")
    with pytest.raises(ValueError, match="threads must be a positive int, got 0"):
        multihead.compile_library(tmp_path / "x", threads=0)
    with pytest.raises(TypeError):
        multihead.compile(2)  # threads is keyword-only


def test_call_errors(cls_function, image):
    f = cls_function
    with pytest.raises(ValueError, match="graph @multihead has no input named 'img'; its inputs are: image"):
        f(img=image)
    with pytest.raises(ValueError, match=r"missing input 'image' \(graph @multihead needs: image\)"):
        f()
    with pytest.raises(ValueError, match=r"takes 1 input\(s\) \(image\), got 2 positional arrays"):
        f(image, image)
    with pytest.raises(ValueError, match="input 'image' is given twice"):
        f(image, image=image)
    expected = r"a numpy.ndarray of shape \(1, 3, 64, 64\) and dtype float32"
    with pytest.raises(ValueError, match=r"input 'image' must be " + expected + ", got <class 'list'>"):
        f(image.tolist())
    with pytest.raises(ValueError, match=r"input 'image' has dtype float64, expected float32 "
                       r"\(convert it with .astype\(numpy.float32\)\)"):
        f(image.astype(np.float64))
    with pytest.raises(ValueError, match=r"has dtype >f4, expected float32"):
        f(image.astype(">f4"))
    with pytest.raises(ValueError, match=r"input 'image' has shape \(3, 64, 64\), expected \(1, 3, 64, 64\)"):
        f(image[0])
    with pytest.raises(ValueError, match=r"input 'image' is not C-contiguous"):
        f(np.asfortranarray(image))
    wide = np.zeros((1, 3, 64, 128), np.float32)
    with pytest.raises(ValueError, match=r"input 'image' is not C-contiguous"):
        f(wide[..., ::2])
    raw = bytearray(image.nbytes + 1)
    unaligned = np.frombuffer(raw, np.float32, count=image.size, offset=1).reshape(image.shape)
    with pytest.raises(ValueError, match=r"input 'image' is not aligned"):
        f(unaligned)


def test_benchmark_and_profile_errors(cls_function):
    for call in (cls_function.benchmark, cls_function.profile):
        with pytest.raises(ValueError, match="repeat must be a positive int, got 0"):
            call(repeat=0)
        with pytest.raises(ValueError, match="inputs must be None"):
            call(5)
        with pytest.raises(ValueError, match="no input named 'x'"):
            call({"x": np.zeros(3, np.float32)})
