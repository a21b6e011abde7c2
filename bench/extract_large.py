#!/usr/bin/env python3
"""Extraction from an ONNX model over 2 GiB (external data), by hand.

    /usr/bin/python3 bench/extract_large.py [--dir DIR] [--n 16384] [--keep]

Writes, in a new temporary folder (under --dir, default /tmp), a model whose
three n x n float32 MatMul weights (1 GiB each for n = 16384) live in one
external data file: x -> MatMul(w1) -> h; a = MatMul(h, w2); b = MatMul(h,
w3). The weights are written straight to the data file in slices, so this
script never holds one in memory. Then it extracts the slice computing `a`
(w1 and w2 kept, w3 removed) with mcg-opt, keeping the weights in place
and writing them to a new data file, and reports each run's wall time and
peak RSS (ru_maxrss of the child) against the size of the kept weights;
checks with onnx.checker and by comparing bytes (a sample of rows of each
kept weight, and their SHA-256 when the data is copied) that the slice
refers to / holds the right data; and deletes the folder unless --keep.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MCG_OPT = os.path.join(ROOT, "build", "bin", "mcg-opt")


def external_tensor(name, n, location, offset):
    t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=[n, n])
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", offset),
                 ("length", n * n * 4)):
        e = t.external_data.add()
        e.key, e.value = k, str(v)
    return t


def write_model(folder, n):
    data = os.path.join(folder, "big.data")
    rng = np.random.default_rng(0)
    with open(data, "wb") as f:
        for _ in range(3):  # w1, w2, w3, 256 rows at a time
            for _ in range(0, n, 256):
                f.write(rng.standard_normal((256, n), np.float32).tobytes())
    size = n * n * 4
    inits = [external_tensor(w, n, "big.data", i * size)
             for i, w in enumerate(("w1", "w2", "w3"))]
    vi = lambda name: helper.make_tensor_value_info(name, TensorProto.FLOAT,
                                                    [1, n])
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w1"], ["h"], name="mm1"),
         helper.make_node("MatMul", ["h", "w2"], ["a"], name="mm2"),
         helper.make_node("MatMul", ["h", "w3"], ["b"], name="mm3")],
        "big", [vi("x")], [vi("a"), vi("b")], inits)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    path = os.path.join(folder, "big.onnx")
    onnx.save(model, path)
    return path, data


def run(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - start, usage.ru_maxrss * 1024


def sha(path, offset, length):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(offset)
        while length:
            chunk = f.read(min(length, 1 << 24))
            h.update(chunk)
            length -= len(chunk)
    return h.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=tempfile.gettempdir())
    parser.add_argument("--n", type=int, default=16384)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="mcg-large-", dir=args.dir)
    try:
        start = time.perf_counter()
        model, data = write_model(folder, args.n)
        total = os.path.getsize(data)
        kept = 2 * args.n * args.n * 4
        print(f"wrote {model} + {total / 2**30:.2f} GiB of data in "
              f"{time.perf_counter() - start:.0f} s; kept weights "
              f"{kept / 2**30:.2f} GiB")
        t, rss = run(["cat", data])
        print(f"cat big.data > /dev/null: {t:.2f} s, peak RSS "
              f"{rss / 2**20:.0f} MiB")
        os.makedirs(os.path.join(folder, "out"))
        cases = [("keep (in place)", os.path.join(folder, "a.onnx"), []),
                 ("data-file", os.path.join(folder, "out", "a.onnx"),
                  ["--onnx-weights=data-file"])]
        for label, out, flags in cases:
            t, rss = run([MCG_OPT, model, "--prune-to=a", "-o", out] + flags)
            print(f"mcg-opt --prune-to=a, {label}: {t:.2f} s, peak RSS "
                  f"{rss / 2**20:.0f} MiB = {rss / kept:.3f}x the kept "
                  "weights")
            onnx.checker.check_model(out)
            sl = onnx.load(out, load_external_data=False)
            names = sorted(t.name for t in sl.graph.initializer)
            assert names == ["w1", "w2"], names
            for i, t in enumerate(sorted(sl.graph.initializer,
                                         key=lambda t: t.name)):
                e = {x.key: x.value for x in t.external_data}
                where = os.path.join(os.path.dirname(out), e["location"])
                off, length = int(e["offset"]), int(e["length"])
                assert length == args.n * args.n * 4
                if not flags:
                    assert (os.path.realpath(where), off) == \
                        (os.path.realpath(data), i * length), (where, off)
                    continue
                assert sha(where, off, length) == sha(data, i * length,
                                                      length), t.name
            print("  checker ok; the slice's w1, w2 are the original bytes")
    finally:
        if not args.keep:
            shutil.rmtree(folder)
            print(f"deleted {folder}")


if __name__ == "__main__":
    main()
