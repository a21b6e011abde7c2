"""mcg: load, prune, fold, fuse, compile and run models from Python.

    import numpy as np
    import mcg

    m = mcg.load("examples/multihead.mlir")
    cls = m.prune(["cls"]).fold_constants().fuse()
    f = cls.compile()
    out = f(image=np.zeros((1, 3, 64, 64), np.float32))   # {"cls": array}

The package is the extension module mcg._mcg (built into build/python/mcg/
by scripts/build.sh) over mcg's C++ passes and JIT; see docs/python.md.
mcg.reference, the numpy reference semantics of the ops that the tests use,
is plain Python and imports without the extension.
"""

try:
    from ._mcg import Diagnostic, Error, Function, Model, Tensor, Warning, load
except ImportError as _error:  # the source tree, or a build without it
    _import_error = _error

    def __getattr__(name):
        if name not in _EXTENSION_NAMES:  # mcg.reference imports as usual
            raise AttributeError(f"module 'mcg' has no attribute '{name}'")
        raise ImportError(
            f"mcg.{name} needs the extension module mcg._mcg, which did not "
            f"import ({_import_error}); build it with scripts/build.sh and use "
            "PYTHONPATH=build/python") from _import_error

_EXTENSION_NAMES = ("Diagnostic", "Error", "Function", "Model", "Tensor", "Warning",
                    "load")
# Not Warning: `from mcg import *` must not hide Python's own.
__all__ = ["Diagnostic", "Error", "Function", "Model", "Tensor", "load"]
