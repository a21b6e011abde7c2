"""Shared fixtures of the mcg package's tests (run by check-mcg through
test/Python/pytest.test, with PYTHONPATH=build/python).

The tools of the same build (MCG_TOOLS_DIR, default build/bin next to the
package) give the expected results: the package must match them bitwise.
"""

import os
import subprocess

import numpy as np
import pytest

import mcg

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MULTIHEAD = os.path.join(SRC, "examples", "multihead.mlir")
PRUNE_TO = os.path.join(SRC, "test", "Dialect", "CGraph", "prune-to.mlir")
TOOLS = os.environ.get("MCG_TOOLS_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(mcg.__file__), "..", "..", "bin"))


def tool(name, *args, **kwargs):
    """Runs build/bin/NAME with args; returns its stdout (bytes)."""
    result = subprocess.run([os.path.join(TOOLS, name), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def mcg_run(model, inputs, tmp_path, *flags):
    """The outputs mcg-run writes for `inputs` ({name: array}): {name: array}."""
    args = [model, *flags]
    for name, array in inputs.items():
        path = tmp_path / f"in_{name}.npy"
        np.save(path, array)
        args += ["--input", f"{name}={path}"]
    out = tmp_path / "mcg-run"
    tool("mcg-run", *args, "--output-dir", out)
    return {p[:-4]: np.load(out / p) for p in sorted(os.listdir(out))}


@pytest.fixture(scope="session")
def multihead():
    return mcg.load(MULTIHEAD)


@pytest.fixture(scope="session")
def image():
    return np.random.default_rng(7).random((1, 3, 64, 64), dtype=np.float32)


@pytest.fixture(scope="session")
def cls_model(multihead):
    return multihead.prune(["cls"]).fold_constants().fuse()


@pytest.fixture(scope="session")
def cls_function(cls_model):
    return cls_model.compile()
