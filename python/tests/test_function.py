"""Model.compile and the Function calls: results bitwise equal to mcg-run's,
libraries equal to mcg-compile's."""

import ctypes
import os
import platform
import sys
import threading

import numpy as np
import pytest

import mcg
from conftest import MULTIHEAD, SRC, mcg_run, tool


def test_call_matches_mcg_run(cls_function, image, tmp_path):
    out = cls_function(image=image)
    assert list(out) == ["cls"]
    expected = mcg_run(MULTIHEAD, {"image": image}, tmp_path, "--prune-to=cls",
                       "--fold-constants", "--fuse")
    assert out["cls"].dtype == np.float32 and out["cls"].shape == (1, 10)
    np.testing.assert_array_equal(out["cls"], expected["cls"])
    # Positional, in input order: the same numbers.
    np.testing.assert_array_equal(cls_function(image)["cls"], out["cls"])


def test_every_output_on_two_threads_matches_mcg_run(multihead, image, tmp_path):
    f = multihead.compile(threads=2)
    assert f.threads == 2
    out = f(image)
    assert list(out) == ["det", "seg", "cls"]
    expected = mcg_run(MULTIHEAD, {"image": image}, tmp_path, "--threads=2")
    assert sorted(out) == sorted(expected)
    for name in out:
        np.testing.assert_array_equal(out[name], expected[name])


def test_outputs_are_fresh_and_inputs_untouched(cls_function, image):
    copy = image.copy()
    first = cls_function(image)["cls"]
    second = cls_function(image)["cls"]
    assert not np.shares_memory(first, second)
    assert first.flags.owndata or first.base is not None
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(image, copy)
    # A read-only input is fine: the code only reads inputs.
    frozen = image.copy()
    frozen.flags.writeable = False
    np.testing.assert_array_equal(cls_function(frozen)["cls"], first)


def test_inputs_untouched_by_in_place_kernels(tmp_path):
    # A gemm whose c has the result's shape accumulates into c's buffer:
    # when c was a graph input, every call added a @ b to the caller's
    # array (found by test/random/randgraph.py).
    path = tmp_path / "gemm_c.mlir"
    path.write_text(
        'cgraph.graph @g(%a: tensor<2x3xf32> as "a", %b: tensor<3x2xf32> as "b", '
        '%c: tensor<2x2xf32> as "c") -> (tensor<2x2xf32> as "y") {\n'
        '  %y = cgraph.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2x2xf32>) '
        '-> tensor<2x2xf32>\n'
        '  cgraph.output %y : tensor<2x2xf32>\n}\n')
    f = mcg.load(path).compile()
    a, b = np.ones((2, 3), np.float32), np.ones((3, 2), np.float32)
    c = np.arange(4, dtype=np.float32).reshape(2, 2)
    for _ in range(2):
        np.testing.assert_array_equal(f(a=a, b=b, c=c)["y"], c + 3)
    np.testing.assert_array_equal(c, np.arange(4, dtype=np.float32).reshape(2, 2))


def test_two_threads_call_one_function(cls_function):
    rng = np.random.default_rng(1)
    images = [rng.random((1, 3, 64, 64), dtype=np.float32) for _ in range(2)]
    expected = [cls_function(x)["cls"] for x in images]
    assert not np.array_equal(expected[0], expected[1])
    failures = []
    start = threading.Barrier(2)

    def work(i):
        start.wait()
        for _ in range(40):
            got = cls_function(image=images[i])["cls"]
            if not np.array_equal(got, expected[i]):
                failures.append(i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_calls_release_the_gil(cls_function, image):
    """With a switch interval so long that Python never preempts a thread,
    the main thread gets the GIL back from the worker only when the worker
    releases it: in compiled code (while "inside" its calls), or once it
    blocks at the end (no longer inside) if compiled code kept the GIL."""
    started, done = threading.Event(), threading.Event()
    state = {"inside": False}

    def work():
        started.set()
        state["inside"] = True
        for _ in range(500):
            cls_function(image)
        state["inside"] = False
        done.wait()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(30)
    worker = threading.Thread(target=work)
    try:
        worker.start()
        started.wait()
        inside = state["inside"]
    finally:
        sys.setswitchinterval(interval)
        done.set()
        worker.join()
    assert inside


def test_benchmark(cls_function, image):
    result = cls_function.benchmark(repeat=5)
    assert set(result) == {"median_ms", "min_ms", "max_ms", "runs"}
    assert result["runs"] == 5
    assert 0 < result["min_ms"] <= result["median_ms"] <= result["max_ms"]
    assert cls_function.benchmark({"image": image}, repeat=2, warmup=0)["runs"] == 2
    assert cls_function.benchmark([image], repeat=1)["runs"] == 1


def test_profile_matches_mcg_run_profile(cls_function, tmp_path):
    profile = cls_function.profile(repeat=3)
    text = tool("mcg-run", MULTIHEAD, "--prune-to=cls", "--fold-constants", "--fuse",
                "--random-inputs", "--repeat", "3", "--profile").decode()
    summary = next(line for line in text.splitlines()
                   if line.startswith("kernel profile:"))
    # "kernel profile: 13 kernel calls (13 kernels), median of 3 runs each, 1 thread"
    calls = int(summary.split()[2])
    assert len(profile["kernels"]) == calls
    assert profile["table"].splitlines()[0] == summary
    assert profile["runs"] == 3 and profile["threads"] == 1
    rows = profile["kernels"]
    assert sorted(r["call"] for r in rows) == list(range(calls))
    assert [r["ms"] for r in rows] == sorted((r["ms"] for r in rows), reverse=True)
    assert abs(sum(r["share"] for r in rows) - 1) < 1e-9
    for row in rows:
        assert row["kernel"] in text and row["shape"] in text
        assert row["bytes"] > 0 and row["ops"]
    contractions = [r for r in rows if r["flops"] is not None]
    assert contractions and all(r["flops"] > 0 for r in contractions)
    assert profile["latency_ms"] > 0 and profile["total_ms"] > 0


def test_profile_concatenations_not_called():
    # Both concatenations of a dense block are in place (plan-memory): listed
    # with "called" False and no time, after the five kernels that run.
    dense = os.path.join(SRC, "test", "e2e", "Inputs", "dense_concat.mlir")
    profile = mcg.load(dense).compile().profile(repeat=3)
    rows = profile["kernels"]
    assert [r["called"] for r in rows] == [True] * 5 + [False] * 2
    assert {r["shape"] for r in rows[5:]} == {"1x8x8x8", "1x12x8x8"}
    assert all(r["ms"] == 0 for r in rows[5:])
    assert "5 kernel calls" in profile["table"] and "2 not called" in profile["table"]


def test_compile_library(cls_model, cls_function, image, tmp_path):
    files = cls_model.compile_library(tmp_path / "py" / "cls")
    assert files == {"library": str(tmp_path / "py" / "libcls.so"),
                     "header": str(tmp_path / "py" / "cls.h")}
    tool("mcg-compile", MULTIHEAD, "--prune-to=cls", "--fold-constants", "--fuse",
         "-o", tmp_path / "tool" / "cls")
    ours = (tmp_path / "py" / "cls.h").read_text().split("\n")
    theirs = (tmp_path / "tool" / "cls.h").read_text().split("\n")
    assert ours[0].startswith("/* Generated by the mcg Python package from graph "
                              "@multihead (outputs cls),")
    assert ours[1:] == theirs[1:]
    lib = ctypes.CDLL(files["library"])
    out = np.empty((1, 10), np.float32)
    pointer = ctypes.POINTER(ctypes.c_float)
    lib.cls(image.ctypes.data_as(pointer), out.ctypes.data_as(pointer))
    np.testing.assert_array_equal(out, cls_function(image)["cls"])


def test_function_describes_itself(cls_function):
    assert cls_function.inputs == [mcg.Tensor("image", (1, 3, 64, 64),
                                              np.dtype(np.float32))]
    assert [t.name for t in cls_function.outputs] == ["cls"]
    assert cls_function.cpu
    assert repr(cls_function).startswith("<mcg.Function @multihead: inputs image; "
                                         "outputs cls; ")


@pytest.mark.skipif(platform.machine() != "x86_64", reason="names an x86 CPU")
def test_mcpu(cls_model, cls_function, image):
    # x86-64 is a CPU every x86 host runs; the code differs, the results
    # agree within rounding.
    generic = cls_model.compile(mcpu="x86-64")
    assert generic.cpu == "x86-64"
    np.testing.assert_allclose(generic(image)["cls"], cls_function(image)["cls"],
                               rtol=1e-5, atol=1e-6)
