"""mcg.load and the Model calls: each result equals what the tools give."""

import json
import threading

import numpy as np
import pytest

import mcg
from conftest import MULTIHEAD, PRUNE_TO, tool

F32 = np.dtype(np.float32)


def test_inputs_and_outputs(multihead):
    assert multihead.name == "multihead"
    assert multihead.inputs == [mcg.Tensor("image", (1, 3, 64, 64), F32)]
    assert multihead.outputs == [
        mcg.Tensor("det", (1, 27, 16, 16), F32),
        mcg.Tensor("seg", (1, 4, 64, 64), F32),
        mcg.Tensor("cls", (1, 10), F32),
    ]
    assert multihead.inputs[0].name == "image"
    assert repr(multihead) == "<mcg.Model @multihead: inputs image; outputs det, seg, cls>"


def test_str_is_mcg_opt_output(multihead):
    assert str(multihead) == tool("mcg-opt", MULTIHEAD).decode()


def test_prune_returns_a_new_model(multihead):
    before = str(multihead)
    cls = multihead.prune(["cls"])
    assert [t.name for t in cls.outputs] == ["cls"]
    assert [t.name for t in multihead.outputs] == ["det", "seg", "cls"]
    assert str(multihead) == before
    assert str(cls) == tool("mcg-opt", MULTIHEAD, "--prune-to=cls").decode()
    # Several outputs keep the graph's order, whatever the list's order.
    two = multihead.prune(("cls", "det"))
    assert [t.name for t in two.outputs] == ["det", "cls"]


def test_prune_drops_or_keeps_unused_inputs():
    m = mcg.load(PRUNE_TO)
    assert [t.name for t in m.inputs] == ["image", "mask"]
    assert [t.name for t in m.prune(["cls"]).inputs] == ["image"]
    kept = m.prune(["cls"], keep_unused_inputs=True)
    assert [t.name for t in kept.inputs] == ["image", "mask"]
    assert str(kept) == tool("mcg-opt", PRUNE_TO,
                             "--prune-to=cls keep-unused-inputs=true").decode()


def test_prune_at_inner_values(multihead):
    # inputs= as --prune-to="cls inputs=...": the inner value is a new
    # input named as given (the image goes: nothing kept reads it).
    head = multihead.prune(["cls"], inputs=["stage2/block/relu"])
    assert [t.name for t in head.inputs] == ["stage2/block/relu"]
    assert str(head) == tool("mcg-opt", MULTIHEAD,
                             "--prune-to=cls inputs=stage2/block/relu").decode()
    with pytest.raises(mcg.Error, match="stage2/block/relu"):
        multihead.prune(["cls"], inputs=["stage2/blok/relu"])
    with pytest.raises(ValueError, match="list of value names"):
        multihead.prune(["cls"], inputs="stage2/block/relu")
    with pytest.raises(ValueError, match="names are str"):
        multihead.prune(["cls"], inputs=[3])


def test_fold_and_fuse_match_mcg_opt(cls_model):
    # A fresh load: folding names the new weights uniquely within the
    # models of one load (here: after cls_model's).
    folded = mcg.load(MULTIHEAD).prune(["cls"]).fold_constants()
    assert str(folded) == tool("mcg-opt", MULTIHEAD, "--prune-to=cls",
                               "--fold-constants").decode()
    assert str(folded.fuse()) == tool("mcg-opt", MULTIHEAD, "--prune-to=cls",
                                      "--fold-constants", "--fuse").decode()
    assert "cgraph.fused" in str(cls_model)
    assert "cgraph.batch_norm" not in str(folded)


def test_report_is_the_prune_to_report(multihead, tmp_path):
    path = tmp_path / "cls.json"
    tool("mcg-opt", MULTIHEAD, f"--prune-to=cls report={path}", "-o", "/dev/null")
    report = multihead.report(["cls"])
    assert report == json.loads(path.read_text())
    assert report["kept_outputs"] == ["cls"]
    assert [o["name"] for o in report["outputs"]] == ["det", "seg", "cls"]
    # Default: every output of the model; nothing is removed.
    everything = multihead.report()
    assert everything["kept_outputs"] == ["det", "seg", "cls"]
    assert everything["before"] == everything["after"]
    assert [t.name for t in multihead.outputs] == ["det", "seg", "cls"]


def test_save(cls_model, tmp_path):
    path = tmp_path / "cls.mlir"
    cls_model.save(path)
    assert path.read_text() == str(cls_model)
    assert str(mcg.load(path)) == str(cls_model)


def test_export_onnx(multihead, tmp_path):
    cls = multihead.prune(["cls"])
    path = tmp_path / "cls.onnx"
    cls.export_onnx(path)
    # The ONNX node names come from the ops' locations, which the printed
    # text keeps only with -mlir-print-debuginfo.
    mlir = tmp_path / "cls.mlir"
    tool("mcg-opt", MULTIHEAD, "--prune-to=cls", "-mlir-print-debuginfo", "-o", mlir)
    assert path.read_bytes() == tool("mcg-translate", "--export-onnx", mlir)
    back = mcg.load(path)
    assert [(t.name, t.shape) for t in back.outputs] == [("cls", (1, 10))]


def onnx_model(path, op="Relu", node="block/act", dim="batch"):
    """A one-node ONNX model y = op(x) with x of shape (dim, 4)."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper
    graph = helper.make_graph(
        [helper.make_node(op, ["x"], ["y"], name=node)], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [dim, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [dim, 4])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save(model, str(path))
    return path


def test_load_onnx_with_shapes(tmp_path):
    path = onnx_model(tmp_path / "relu.onnx")
    by_dim = mcg.load(path, dims={"batch": 2})
    assert by_dim.inputs == [mcg.Tensor("x", (2, 4), F32)]
    assert by_dim.outputs == [mcg.Tensor("y", (2, 4), F32)]
    by_shape = mcg.load(str(path), input_shapes={"x": (3, 4)})
    assert by_shape.inputs == [mcg.Tensor("x", (3, 4), F32)]
    x = np.array([[-1, 2, -3, 4], [5, -6, 7, -8], [0, 1, -1, 0]], np.float32)
    np.testing.assert_array_equal(by_shape.compile()(x)["y"], np.maximum(x, 0))


def test_errors_carry_onnx_node_names(tmp_path):
    path = onnx_model(tmp_path / "bad.onnx", op="NoSuchOp", node="head/mystery")
    with pytest.raises(mcg.Error, match="head/mystery") as info:
        mcg.load(path, dims={"batch": 1})
    assert info.value.diagnostics == [mcg.Diagnostic(
        "error", "head/mystery",
        "unsupported op (ONNX op 'NoSuchOp', node 'head/mystery', opset 17)")]
    # A dimension left symbolic is an error from the importer.
    with pytest.raises(mcg.Error, match="batch"):
        mcg.load(onnx_model(tmp_path / "relu.onnx"))


def test_errors_carry_file_locations(tmp_path):
    path = tmp_path / "broken.mlir"
    path.write_text("cgraph.graph @g(%x: tensor<4xf32> as \"x\") -> (tensor<4xf32> as \"y\") {\n"
                    "  %y = cgraph.relu %x : tensor<5xf32>\n"
                    "  cgraph.output %y : tensor<4xf32>\n}\n")
    with pytest.raises(mcg.Error) as info:
        mcg.load(path)
    assert str(info.value).startswith(f"{path}:2:")
    assert "error:" in str(info.value)
    first = info.value.diagnostics[0]
    assert first.severity == "error" and first.location.startswith(f"{path}:2:")
    assert first.message in str(info.value)


def test_remarks_become_warnings(tmp_path):
    path = tmp_path / "consts.mlir"
    path.write_text(
        "cgraph.graph @g() -> (tensor<1x1x1x1xf32> as \"c\") {\n"
        "  %x = cgraph.constant dense<1.0> : tensor<1x1x1x1xf32>\n"
        "  %c = cgraph.conv2d %x, %x : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>)"
        " -> tensor<1x1x1x1xf32>\n"
        "  cgraph.output %c : tensor<1x1x1x1xf32>\n}\n")
    with pytest.warns(mcg.Warning, match=r"consts.mlir:3:8: remark: not folded: "
                      r"'cgraph.conv2d' is not evaluated at compile time"):
        mcg.load(path).fold_constants()


def test_two_threads_transform_one_model(multihead):
    expected = {name: str(multihead.prune([name])) for name in ("det", "cls")}
    results, start = {}, threading.Barrier(2)

    def work(name):
        start.wait()
        for _ in range(3):
            results.setdefault(name, []).append(str(multihead.prune([name])))

    threads = [threading.Thread(target=work, args=(n,)) for n in expected]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {name: [text] * 3 for name, text in expected.items()}
