#!/usr/bin/env python3
"""Replays the pipeline that mcg-opt prints in a stock mlir-opt.

    replay_pipeline.py MCG_OPT STOCK_MLIR_OPT PLUGIN MODEL [mcg-opt flags...]

Runs `mcg-opt MODEL FLAGS --dump-pass-pipeline`, passes the printed
pipeline text, exactly as printed, to `STOCK_MLIR_OPT -p` with the plugin
loaded, and compares that output with mcg-opt's own. Prints the pipeline
and IDENTICAL, or the first differing line, and exits non-zero on any
difference or failure.
"""

import os
import subprocess
import sys


def main():
    mcg_opt, stock, plugin, model, *flags = sys.argv[1:]
    dumped = subprocess.run([mcg_opt, model, *flags, "--dump-pass-pipeline", "-o", "/dev/null"],
                            capture_output=True, text=True, check=True).stderr
    pipeline = dumped.split("\n", 1)[1]  # drop "Pass Manager with N passes:"
    print(pipeline.strip())
    ours = subprocess.run([mcg_opt, model, *flags], capture_output=True, text=True, check=True).stdout
    # An ASan-instrumented plugin needs the sanitizer runtime preloaded into
    # the uninstrumented stock tool (lit.cfg.py sets this in that build).
    env = dict(os.environ)
    if os.environ.get("MCG_STOCK_PRELOAD"):
        env["LD_PRELOAD"] = os.environ["MCG_STOCK_PRELOAD"]
    theirs = subprocess.run([stock, f"--load-dialect-plugin={plugin}", f"--load-pass-plugin={plugin}",
                             model, "-p", pipeline], capture_output=True, text=True, env=env)
    if theirs.returncode != 0:
        print(theirs.stderr)
        sys.exit(1)
    if ours != theirs.stdout:
        for i, (a, b) in enumerate(zip(ours.splitlines(), theirs.stdout.splitlines())):
            if a != b:
                print(f"line {i + 1} differs:\n  mcg-opt: {a}\n  stock:   {b}")
                break
        sys.exit(1)
    print("IDENTICAL")


if __name__ == "__main__":
    main()
