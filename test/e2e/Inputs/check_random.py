"""Checks what mcg-run --random-inputs drew, from the outputs of dtypes.mlir
(every input cast to a float type and returned) in an --output-dir.

    check_random.py DIR default|custom

default: floats uniform in [0, 1), integers and booleans 0 or 1.
custom:  the distributions random-inputs.test asks for with --random-dist.
Sample statistics are checked loosely (the draws are fixed by the seed, so
nothing here is flaky; the bounds only guard against a wrong distribution).
"""

import os
import sys

import numpy as np

out, mode = sys.argv[1], sys.argv[2]
a = {n: np.load(os.path.join(out, n + ".npy")) for n in "f d h l i b m".split()}


def uniform(x, lo, hi):
    assert x.min() >= lo and x.max() < hi, (x.min(), x.max())
    # Mean and spread of a uniform distribution, within 10% of the width.
    width = hi - lo
    assert abs(x.mean() - (lo + hi) / 2) < 0.1 * width, x.mean()
    assert abs(x.std() - width / np.sqrt(12)) < 0.1 * width, x.std()


def integers(x, lo, hi):
    assert np.array_equal(x, np.round(x)), x
    assert set(np.unique(x)) == set(range(lo, hi)), np.unique(x)


if mode == "default":
    for n in "fdh":
        uniform(a[n].astype(np.float64), 0.0, 1.0)
    assert np.unique(a["f"]).size > 4000  # 4096 draws, not a repeated few
    for n in "libm":
        integers(a[n], 0, 2)
else:
    x = a["f"].astype(np.float64)
    assert abs(x.mean() - 3) < 0.1 and abs(x.std() - 0.5) < 0.05, (x.mean(), x.std())
    uniform(a["d"], -2.0, 2.0)
    uniform(a["h"].astype(np.float64), 0.5, 1.0)
    integers(a["l"], -3, 5)
    integers(a["i"], 100, 104)
    integers(a["b"], -128, -126)
    integers(a["m"], 0, 2)
print("ok")
