#!/usr/bin/env python3
"""ONNX backend conformance for mcg.

Runs every case of Debian's libonnx-testdata (the ONNX backend test data:
node/, pytorch-converted/, pytorch-operator/, simple/) through mcg:

  mcg-run model.onnx --input ... --output ...   (import, compile with the
                                                JIT, run)

and compares every output with the shipped reference at the ONNX backend's
tolerances (|got - want| <= atol + rtol * |want|, rtol 1e-3, atol 1e-7; NaN
only where the reference has NaN; shape and element type must match).

Each case ends as one of
  pass         every output of every data set within tolerance;
  unsupported  mcg rejected the model with a diagnostic that says what is
               not supported (exit 1);
  fail         wrong numbers, wrong shape or type, or a rejection whose
               diagnostic does not say "not supported" (an mcg bug);
  crash        a tool died on a signal, exited with a code other than 0/1,
               or did not finish within --timeout seconds.

Prints a per-op table, writes it as Markdown with --markdown, and exits 1 if
any case failed or crashed.
"""

import argparse
import collections
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import numpy_helper

DATA = "/usr/include/onnx/backend/test/data"
SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]
RTOL, ATOL = 1e-3, 1e-7
STATUSES = ["pass", "fail", "unsupported", "crash"]
# What a diagnostic for a deliberate limitation says.
UNSUPPORTED = re.compile(r"not supported|unsupported|mcg needs|does not read")

Result = collections.namedtuple(
    "Result", "suite name op status detail max_abs seconds")


def snake(camel):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", camel).lower()


def case_op(name, ops):
    """The op a case tests: its only op type, else the op type the case's
    name starts with (node/ tests of functions, 'test_softmax_..._expanded'),
    else the sorted op types joined by '+'."""
    kinds = sorted(set(ops))
    if len(kinds) == 1:
        return kinds[0]
    stem = name[len("test_"):].lower()
    prefixed = [k for k in kinds if stem.startswith(snake(k))]
    if prefixed:
        return max(prefixed, key=len)
    return "+".join(kinds) if kinds else "(no nodes)"


def first_error(stderr):
    """The first diagnostic's message, without file and location."""
    for line in stderr.splitlines():
        m = re.search(r"error: (.*)", line)
        if m:
            return m.group(1).strip()
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[0].strip() if lines else "(no message)"


def run_tool(argv, timeout):
    """(kind, detail): kind is 'ok', 'unsupported', 'fail' or 'crash'."""
    try:
        p = subprocess.run(argv, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return "crash", f"{os.path.basename(argv[0])}: timed out after " \
                        f"{timeout} s"
    tool = os.path.basename(argv[0])
    if p.returncode == 0:
        return "ok", ""
    if p.returncode < 0:
        return "crash", f"{tool}: killed by signal {-p.returncode}"
    if p.returncode != 1:
        return "crash", f"{tool}: exit code {p.returncode}: " \
                        f"{first_error(p.stderr)}"
    msg = first_error(p.stderr)
    if "error:" not in p.stderr:
        return "fail", f"{tool}: exit 1 without a diagnostic: {msg}"
    kind = "unsupported" if UNSUPPORTED.search(msg) else "fail"
    return kind, f"{tool}: {msg}"


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def compare(got, want):
    """None if `got` matches `want`, else what differs; and the max abs
    error."""
    if got.shape != want.shape:
        return f"shape {got.shape}, expected {want.shape}", None
    if got.dtype != want.dtype:
        return f"dtype {got.dtype}, expected {want.dtype}", None
    if want.size == 0:
        return None, 0.0
    g = got.astype(np.float64)
    w = want.astype(np.float64)
    nan_g, nan_w = np.isnan(g), np.isnan(w)
    if (nan_g != nan_w).any():
        return "NaN where the reference has none (or the reverse)", None
    ok = ~nan_w
    err = np.abs(g[ok] - w[ok])
    max_abs = float(err.max()) if err.size else 0.0
    bad = err > ATOL + RTOL * np.abs(w[ok])
    if bad.any():
        return (f"{int(bad.sum())} of {want.size} values out of tolerance, "
                f"max abs error {max_abs:.3g}"), max_abs
    return None, max_abs


def run_case(suite, case_dir, bindir, work, timeout):
    name = os.path.basename(case_dir)
    start = time.time()

    def result(op, status, detail, max_abs=None):
        return Result(suite, name, op, status, detail, max_abs,
                      time.time() - start)

    model_path = os.path.join(case_dir, "model.onnx")
    try:
        model = onnx.load(model_path)
    except Exception as e:  # A case onnx itself cannot read is mcg's too.
        return result("(unreadable)", "fail", f"onnx.load: {e}")
    op = case_op(name, [n.op_type for n in model.graph.node])
    tmp = os.path.join(work, suite, name)
    os.makedirs(tmp, exist_ok=True)

    inits = {t.name for t in model.graph.initializer}
    in_names = [i.name for i in model.graph.input if i.name not in inits]
    out_names = [o.name for o in model.graph.output]
    sets = sorted(glob.glob(os.path.join(case_dir, "test_data_set_*")))
    if not sets:
        return result(op, "fail", "the case has no test_data_set_*")
    worst = 0.0
    for ds in sets:
        argv = [os.path.join(bindir, "mcg-run"), model_path]
        for i, n in enumerate(in_names):
            try:
                arr = load_tensor(os.path.join(ds, f"input_{i}.pb"))
            except Exception as e:
                # An input numpy cannot hold (a sequence, a string, an
                # element type onnx cannot convert): the model's import says
                # why mcg does not take it, or the case fails.
                kind, detail = run_tool(
                    [os.path.join(bindir, "mcg-translate"), "--import-onnx",
                     model_path, "-o", os.devnull], timeout)
                if kind != "ok":
                    return result(op, kind, detail)
                return result(op, "fail", f"input_{i}.pb: {e}")
            path = os.path.join(tmp, f"in{i}.npy")
            np.save(path, arr)
            argv.append(f"--input={n}={path}")
        for i, n in enumerate(out_names):
            argv.append(f"--output={n}={os.path.join(tmp, f'out{i}.npy')}")
        kind, detail = run_tool(argv, timeout)
        if kind != "ok":
            return result(op, kind, detail)
        for i, n in enumerate(out_names):
            want = load_tensor(os.path.join(ds, f"output_{i}.pb"))
            got = np.load(os.path.join(tmp, f"out{i}.npy"))
            why, max_abs = compare(got, want)
            if why:
                return result(op, "fail",
                              f"{os.path.basename(ds)} output '{n}': {why}")
            worst = max(worst, max_abs)
    return result(op, "pass", "", worst)


def markdown(results, suites):
    by_op = collections.defaultdict(collections.Counter)
    by_suite = collections.defaultdict(collections.Counter)
    for r in results:
        by_op[r.op][r.status] += 1
        by_suite[r.suite][r.status] += 1
    total = collections.Counter(r.status for r in results)
    out = []
    w = out.append
    w("# ONNX backend conformance")
    w("")
    w("<!-- Generated by test/Target/ONNX/conformance.py; do not edit. "
      "test/Target/ONNX/conformance.test checks that it is current. -->")
    w("")
    w("Every case of Debian's `libonnx-testdata` 1.12 (`" +
      "`, `".join(suites) + "` under `" + DATA + "`) imported, compiled "
      "and run with `mcg-run`, and "
      f"compared with the shipped outputs at rtol {RTOL:g}, atol {ATOL:g}. "
      "*unsupported*: mcg rejected the model with a diagnostic saying what "
      "is not supported; *fail*: wrong result or an unexpected rejection; "
      "*crash*: a signal, an unexpected exit code or a timeout. "
      "Regenerate with `scripts/conformance.sh`.")
    w("")
    w("| suite | cases | pass | fail | unsupported | crash |")
    w("|---|---:|---:|---:|---:|---:|")
    for s in suites:
        c = by_suite[s]
        w(f"| {s} | {sum(c.values())} | " +
          " | ".join(str(c[k]) for k in STATUSES) + " |")
    w(f"| **all** | {len(results)} | " +
      " | ".join(str(total[k]) for k in STATUSES) + " |")
    w("")
    w("## Ops with at least one passing case")
    w("")
    w("| op | pass | fail | unsupported | crash |")
    w("|---|---:|---:|---:|---:|")
    supported = sorted(op for op, c in by_op.items() if c["pass"])
    for op in supported:
        c = by_op[op]
        w(f"| {op} | " + " | ".join(str(c[k]) for k in STATUSES) + " |")
    w("")
    w("### Their cases that do not pass")
    w("")
    partial = [r for r in results if r.op in supported and r.status != "pass"]
    if not partial:
        w("None.")
    for r in sorted(partial, key=lambda r: (r.op, r.suite, r.name)):
        w(f"- {r.op}: `{r.suite}/{r.name}`: {r.status}: {r.detail}")
    w("")
    w("## Ops without a passing case")
    w("")
    w("| op | cases | status | first reason |")
    w("|---|---:|---|---|")
    for op in sorted(op for op in by_op if op not in supported):
        rs = [r for r in results if r.op == op]
        statuses = ", ".join(f"{k} {by_op[op][k]}" for k in STATUSES
                             if by_op[op][k])
        reason = sorted(rs, key=lambda r: r.name)[0].detail.replace("|", "\\|")
        w(f"| {op} | {len(rs)} | {statuses} | {reason} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bindir", required=True,
                    help="directory with mcg-run and mcg-translate")
    ap.add_argument("--data", default=DATA)
    ap.add_argument("--suites", default=",".join(SUITES))
    ap.add_argument("--filter", default="",
                    help="only cases whose name matches this regex")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--markdown", help="write the report here")
    ap.add_argument("--work", help="keep intermediate files here")
    args = ap.parse_args()

    suites = args.suites.split(",")
    cases = []
    for s in suites:
        root = os.path.join(args.data, s)
        if not os.path.isdir(root):
            sys.exit(f"conformance: {root} does not exist "
                     "(install Debian's libonnx-testdata)")
        for d in sorted(os.listdir(root)):
            if re.search(args.filter, d) and os.path.exists(
                    os.path.join(root, d, "model.onnx")):
                cases.append((s, os.path.join(root, d)))

    start = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or tmp
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(
                lambda c: run_case(c[0], c[1], args.bindir, work,
                                   args.timeout), cases))
    elapsed = time.time() - start

    by_op = collections.defaultdict(collections.Counter)
    for r in results:
        by_op[r.op][r.status] += 1
    print(f"{'op':32} " + " ".join(f"{k:>11}" for k in STATUSES))
    for op in sorted(by_op):
        print(f"{op[:32]:32} " +
              " ".join(f"{by_op[op][k]:>11}" for k in STATUSES))
    total = collections.Counter(r.status for r in results)
    print(f"{len(results)} cases: " +
          ", ".join(f"{total[k]} {k}" for k in STATUSES) +
          f" ({elapsed:.1f} s, {args.jobs} jobs)")
    bad = [r for r in results if r.status in ("fail", "crash")]
    for r in bad:
        print(f"{r.status.upper()}: {r.suite}/{r.name} ({r.op}): {r.detail}")
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(markdown(results, suites))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
