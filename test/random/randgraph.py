#!/usr/bin/env python3
"""Random-graph differential testing of mcg (issue #12, docs/reliability.md).

    PYTHONPATH=build/python /usr/bin/python3 test/random/randgraph.py --seed 1 --count 100

Generates N random valid cgraph graphs (graphgen.py; graph I of seed S is
drawn from the seed sequence [S, I] alone, so any graph can be rerun alone
with --seed S --start I --count 1) and checks each with the mcg Python
package, in process:

  reference   every output of the compiled graph lies within the float32
              error bound of the float64 reference (refeval.py) on each
              element whose bound is finite; integer and i1 outputs equal it;
  prune       for every output OUT, the --prune-to=OUT slice compiles and
              gives bitwise the full graph's OUT on the same inputs;
  fold-fuse   the graph after --fold-constants --fuse meets the same bound
              (docs/passes.md, "Numerics");
  roundtrip   the folded and fused graph exported to ONNX, imported and
              fused again gives bitwise its outputs. A graph with ops the
              exporter does not write (gelu, rsqrt, if: docs/onnx.md)
              round-trips each output's slice that has none of them;
  inputs      no compiled function writes into its inputs.

Every check runs in the worker processes (--jobs); a worker that crashes
reports its graph as a failure and the next one goes on after it.

A failure prints the seed, the graph index, the check and the output, and
writes the graph (`fail-S-I.mlir`, its inputs and the reference outputs as
.npy) under --work; with --shrink it also writes the smallest failing graph
it finds (`fail-S-I.min.mlir` and its files), cutting the graph at inner
values and dropping what the failure does not need.

--exclude FAMILY,... leaves op families out (graphgen.FAMILIES): the
documented way to keep a known, not yet fixed bug out of a run. The last
line is 'N passed, M failed' (graphs).
"""

import argparse
import copy
import json
import os
import pickle
import subprocess
import sys
import threading
import time
import traceback
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import graphgen  # noqa: E402

FLOOR = 2.0 ** -120        # absolute floor of every bound (flushed denormals)
UNEXPORTABLE = ("gelu", "rsqrt", "if")  # docs/onnx.md: ops outside the export table
# The checks after loading and compiling (which always run), in order.
CHECKS = ("reference", "prune", "fold-fuse", "roundtrip")

# Known bugs kept out of runs (see --exclude): name -> why. Empty: every
# family runs.
EXCLUDED_BY_DEFAULT = {}


class Failure(Exception):
    def __init__(self, kind, output, detail):
        super().__init__(f"{kind}{' ' + output if output else ''}: {detail}")
        self.kind, self.output, self.detail = kind, output, detail


def np_dtype(dt):
    return graphgen.NP_TYPE[dt]


def compare_reference(got, ev, what):
    """Raises Failure unless `got` lies within ev's bound; returns
    (checked elements, skipped unstable elements, worst error / bound)."""
    if got.shape != ev.shape or got.dtype != np_dtype(ev.dt):
        raise Failure(what[0], what[1], f"got {got.dtype}{list(got.shape)}, expected "
                      f"{np.dtype(np_dtype(ev.dt))}{list(ev.shape)}")
    stable = np.isfinite(ev.e)
    if ev.is_float():
        diff = np.abs(got.astype(np.float64) - ev.v)
        tol = ev.e + FLOOR
        bad = stable & ~(diff <= tol)
        ratio = float((diff / tol)[stable].max()) if stable.any() else 0.0
    else:
        bad = stable & (got != ev.v)
        ratio = 0.0
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        raise Failure(what[0], what[1], f"{int(bad.sum())} of {bad.size} elements outside the bound; "
                      f"first at {list(i)}: got {got[i]!r}, reference {ev.v[i]!r}, bound {ev.e[i]:.3g}")
    return int(stable.sum()), int((~stable).sum()), ratio


def bitwise(got, want, what):
    if got.shape != want.shape or got.dtype != want.dtype:
        raise Failure(what[0], what[1], f"got {got.dtype}{list(got.shape)}, expected "
                      f"{want.dtype}{list(want.shape)}")
    if got.tobytes() != want.tobytes():
        same = (got == want) & (np.signbit(got) == np.signbit(want)) if got.dtype.kind == "f" \
            else got == want
        neq = np.argwhere(~same)
        first = tuple(int(k) for k in neq[0]) if len(neq) else None
        detail = f"not bitwise equal ({len(neq)} of {got.size} elements differ"
        if first is not None:
            detail += f"; first at {list(first)}: {got[first]!r} vs {want[first]!r}"
        raise Failure(what[0], what[1], detail + ")")


def call(function, inputs, check):
    """Calls a compiled function on its inputs, which it must not write."""
    mine = {t.name: inputs[t.name].copy() for t in function.inputs}
    result = function(**mine)
    for name, a in mine.items():
        if a.tobytes() != inputs[name].tobytes():
            raise Failure(check, name, "the compiled code wrote into input " + name)
    return result


class Checker:
    def __init__(self, mcg, work):
        self.mcg, self.work = mcg, work
        self.stats = {"outputs": 0, "checked": 0, "unstable": 0, "worst": 0.0,
                      "roundtrip_full": 0, "roundtrip_slices": 0, "roundtrip_none": 0}

    def check(self, g, tag, kinds=CHECKS):
        """Runs every check on g; raises the first Failure."""
        mcg = self.mcg
        path = os.path.join(self.work, f"{tag}.mlir")
        with open(path, "w") as f:
            f.write(g.mlir())
        inputs = g.input_arrays()
        outputs = g.outputs
        try:
            model = mcg.load(path)
        except mcg.Error as e:
            raise Failure("load", None, str(e).strip().splitlines()[0])
        try:
            full = call(model.compile(), inputs, "compile")
        except mcg.Error as e:
            raise Failure("compile", None, str(e).strip().splitlines()[0])
        stats = self.stats
        if "reference" in kinds:
            for name, v in outputs:
                n, skipped, ratio = compare_reference(full[name], v.ev, ("reference", name))
                stats["outputs"] += 1
                stats["checked"] += n
                stats["unstable"] += skipped
                stats["worst"] = max(stats["worst"], ratio)
        if "prune" in kinds:
            for name, _ in outputs:
                try:
                    sliced = call(model.prune([name]).compile(), inputs, "prune")
                except mcg.Error as e:
                    raise Failure("prune", name, str(e).strip().splitlines()[0])
                bitwise(sliced[name], full[name], ("prune", name))
        if "fold-fuse" in kinds or "roundtrip" in kinds:
            try:
                folded = model.fold_constants().fuse()
                ff = call(folded.compile(), inputs, "fold-fuse")
            except mcg.Error as e:
                raise Failure("fold-fuse", None, str(e).strip().splitlines()[0])
            for name, v in outputs:
                n, skipped, ratio = compare_reference(ff[name], v.ev, ("fold-fuse", name))
                stats["worst"] = max(stats["worst"], ratio)
        if "roundtrip" in kinds:
            self.roundtrip(g, folded, ff, inputs, path)

    def roundtrip(self, g, model, want, inputs, path):
        """Exports the folded and fused model, imports it and fuses it again:
        the same kernels, so bitwise the same outputs. (The folded model, not
        the original: the importer evaluates all-constant nodes, as
        --fold-constants does.)"""
        mcg = self.mcg
        if not g.op_names() & set(UNEXPORTABLE):
            models = [(None, model)]
            self.stats["roundtrip_full"] += 1
        else:
            # Each output whose slice the exporter can write.
            models = []
            for name, _ in g.outputs:
                sliced = model.prune([name])
                if not any(f"cgraph.{op} " in str(sliced) for op in UNEXPORTABLE):
                    models.append((name, sliced))
            self.stats["roundtrip_slices" if models else "roundtrip_none"] += 1
        for name, m in models:
            onnx = path[:-5] + (f".{name}" if name else "") + ".onnx"
            try:
                m.export_onnx(onnx)
                back = call(mcg.load(onnx).fuse().compile(), inputs, "roundtrip")
            except mcg.Error as e:
                raise Failure("roundtrip", name, str(e).strip().splitlines()[0])
            for out in ([name] if name else [n for n, _ in g.outputs]):
                bitwise(back[out], want[out], ("roundtrip", out))


# --- shrinking -------------------------------------------------------------------------


def replace_uses(g, old, new):
    def walk(nodes):
        for n in nodes:
            n.ins = [new if i is old else i for i in n.ins]
            if n.regions:
                n.regions = [(body, new if r is old else r) for body, r in n.regions]
                for body, _ in n.regions:
                    walk(body)
    walk(g.nodes)
    g.outputs = [(name, new if v is old else v) for name, v in g.outputs]


def dead_code(g):
    while True:
        uses = g.users()
        before = len(g.nodes) + len(g.inputs)

        def sweep(nodes, keep_ids):
            return [n for n in nodes if uses.get(n.out.id, 0) or n.out.id in keep_ids]
        g.nodes = sweep(g.nodes, set())
        for n in g.nodes:
            if n.regions:
                n.regions = [(sweep(body, {r.id}), r) for body, r in n.regions]
        g.inputs = [v for v in g.inputs if uses.get(v.id, 0)]
        if len(g.nodes) + len(g.inputs) == before:
            return


def cut(g, node):
    """The graph with node's result read from a new input instead."""
    h = copy.deepcopy(g)
    target = next(n for n in h.nodes if n.out.id == node.out.id)
    v = target.out
    data = v.ev.v.astype(np_dtype(v.dt))
    new = h.add_input(data, v.dt)
    replace_uses(h, v, new)
    dead_code(h)
    return h


def bypass(g, node, operand_index):
    h = copy.deepcopy(g)
    target = next(n for n in h.nodes if n.out.id == node.out.id)
    src = target.ins[operand_index]
    if src.shape != target.out.shape or src.dt != target.out.dt:
        return None
    replace_uses(h, target.out, src)
    dead_code(h)
    return h


def renumber_inputs(g):
    for k, v in enumerate(g.inputs):
        v.name = f"in{k}"


def size(g):
    """What the shrinker minimizes: ops, then all nodes, then inputs."""
    return (sum(n.op != "constant" for n in g.nodes), len(g.nodes), len(g.inputs))


def check_isolated(g, work, tag, kinds=CHECKS):
    """checker.check(g) in a child process: a crash is a Failure too."""
    path = os.path.join(work, tag + ".pickle")
    with open(path, "wb") as f:
        pickle.dump(g, f)
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--check-one", path,
                           "--work", work, "--kinds", ",".join(kinds)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    os.remove(path)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode < 0 or not lines:
        err = proc.stderr.strip().splitlines()
        raise Failure("crash", None, f"exit {proc.returncode}" + (f": {err[-1]}" if err else ""))
    msg = json.loads(lines[-1])
    if "kind" in msg:
        raise Failure(msg["kind"], msg["output"], msg["detail"])


def check_one(args):
    """--check-one FILE: the checks of one pickled graph, a JSON line out."""
    import mcg
    quiet(mcg)
    with open(args.check_one, "rb") as f:
        g = pickle.load(f)
    try:
        Checker(mcg, args.work).check(g, os.path.basename(args.check_one)[:-7],
                                      kinds=tuple(args.kinds.split(",")))
        print(json.dumps({"ok": True}))
    except Failure as e:
        print(json.dumps({"kind": e.kind, "output": e.output, "detail": e.detail}))


def shrink(g, failure, work, tag, budget=150):
    """Greedy: fewer outputs, then cut or bypass ops while the same kind of
    check still fails. Each candidate is checked in a child process."""
    attempts = [0]
    kinds = (failure.kind,) if failure.kind in CHECKS else CHECKS

    def still_fails(h):
        if attempts[0] >= budget:
            return False
        attempts[0] += 1
        graphgen.reevaluate(h)
        renumber_inputs(h)
        try:
            check_isolated(h, work, tag + ".try", kinds)
        except Failure as f:
            return f.kind == failure.kind
        return False

    best = g
    if failure.output and len(g.outputs) > 1:
        h = copy.deepcopy(g)
        h.outputs = [(n, v) for n, v in h.outputs if n == failure.output]
        dead_code(h)
        if still_fails(h):
            best = h
    progress = True
    while progress and attempts[0] < budget:
        progress = False
        for k in range(len(best.outputs) if len(best.outputs) > 1 else 0):
            h = copy.deepcopy(best)
            del h.outputs[k]
            dead_code(h)
            if still_fails(h):
                best, progress = h, True
                break
        if progress:
            continue
        for node in reversed(best.nodes):
            if node.op == "constant" or node not in best.nodes:
                continue
            for make in [lambda: cut(best, node)] + [
                    (lambda k=k: bypass(best, node, k)) for k in range(len(node.ins))]:
                h = make()
                if h is not None and size(h) < size(best) and still_fails(h):
                    best, progress = h, True
                    break
            if progress:
                break
    graphgen.reevaluate(best)
    renumber_inputs(best)
    return best


def write_case(g, base):
    """base.mlir, base.in.NAME.npy, base.ref.NAME.npy: enough for mcg-run --check."""
    with open(base + ".mlir", "w") as f:
        f.write(g.mlir())
    for v in g.inputs:
        np.save(f"{base}.in.{v.name}.npy", v.data)
    for name, v in g.outputs:
        np.save(f"{base}.ref.{name}.npy", v.ev.v.astype(np_dtype(v.dt)))


# --- driver ------------------------------------------------------------------------------


def quiet(mcg):
    """No fold remarks, and no numpy warnings for the bounds' inf * 0 (a
    crash's report then ends with the crash's own last line)."""
    warnings.simplefilter("ignore", mcg.Warning)
    np.seterr(all="ignore")


def worker(args):
    import mcg
    quiet(mcg)
    os.makedirs(args.work, exist_ok=True)
    checker = Checker(mcg, args.work)
    exclude = set(args.exclude)
    for i in range(args.start + args.offset, args.start + args.count, args.stride):
        print(json.dumps({"start": i}), flush=True)
        g = graphgen.generate([args.seed, i], exclude)
        tag = f"g-{args.seed}-{i}"
        result = {"graph": i, "ops": sum(n.op != "constant" for n in g.nodes),
                  "outputs": len(g.outputs)}
        checker.stats = dict.fromkeys(checker.stats, 0)  # this graph's alone
        try:
            if args.isolated:
                check_isolated(g, args.work, tag)
            else:
                checker.check(g, tag)
        except Failure as f:
            result["failure"] = str(f)
            base = os.path.join(args.work, f"fail-{args.seed}-{i}")
            write_case(g, base)
            result["files"] = base + ".mlir"
            if args.shrink:
                small = shrink(g, f, args.work, tag)
                write_case(small, base + ".min")
                result["minimized"] = base + ".min.mlir"
        except Exception:
            result["failure"] = "error: " + traceback.format_exc().strip().splitlines()[-1]
            write_case(g, os.path.join(args.work, f"fail-{args.seed}-{i}"))
        for suffix in (".mlir", ".onnx"):
            for name in os.listdir(args.work):
                if name.startswith(tag) and name.endswith(suffix) and not args.keep:
                    os.remove(os.path.join(args.work, name))
        result["stats"] = checker.stats
        print(json.dumps(result), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--count", type=int, default=100, help="graphs to check")
    p.add_argument("--start", type=int, default=0, help="index of the first graph")
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.add_argument("--work", default="randgraph-work", help="where failing graphs go")
    p.add_argument("--shrink", action="store_true", help="minimize failing graphs")
    p.add_argument("--keep", action="store_true", help="keep every graph's .mlir and .onnx")
    p.add_argument("--exclude", default=",".join(EXCLUDED_BY_DEFAULT),
                   help="op families to leave out (comma-separated; graphgen.FAMILIES)")
    p.add_argument("--print", dest="print_graph", action="store_true",
                   help="print the graphs' MLIR instead of checking them")
    p.add_argument("-v", "--verbose", action="store_true", help="a line per graph")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--isolated", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--check-one", help=argparse.SUPPRESS)
    p.add_argument("--kinds", default=",".join(CHECKS), help=argparse.SUPPRESS)
    p.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--stride", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args()
    args.exclude = [f for f in args.exclude.split(",") if f]
    families = {f[0] for f in graphgen.FAMILIES}
    unknown = set(args.exclude) - families
    if unknown:
        p.error(f"unknown families {sorted(unknown)}; they are {sorted(families)}")
    args.work = os.path.abspath(args.work)
    if args.print_graph:
        for i in range(args.start, args.start + args.count):
            print(f"// seed {args.seed} graph {i}")
            print(graphgen.generate([args.seed, i], set(args.exclude)).mlir())
        return
    if args.check_one:
        check_one(args)
        return
    if args.worker:
        worker(args)
        return
    run(args)


def run(args):
    """Workers in subprocesses (a crash in mcg is a failure of that graph,
    not of the run); graphs are dealt round-robin."""
    t0 = time.time()
    os.makedirs(args.work, exist_ok=True)
    results, stats, broken, lock = {}, [], [], threading.Lock()
    for name in args.exclude:
        print(f"randgraph: excluding family '{name}'"
              f"{': ' + EXCLUDED_BY_DEFAULT[name] if name in EXCLUDED_BY_DEFAULT else ''}")

    def drive(offset):
        start = args.start + offset
        while start < args.start + args.count:
            cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--seed", str(args.seed),
                   "--start", str(args.start), "--count", str(args.count), "--offset",
                   str(start - args.start), "--stride", str(args.jobs), "--work", args.work,
                   "--exclude", ",".join(args.exclude)] + \
                (["--shrink"] if args.shrink else []) + (["--keep"] if args.keep else [])
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            current = None
            for line in proc.stdout:
                msg = json.loads(line)
                if "start" in msg:
                    current = msg["start"]
                else:
                    with lock:
                        results[msg["graph"]] = msg
                        stats.append(msg["stats"])
                        report(args, msg)
                    current = None
            err = proc.stderr.read()
            proc.wait()
            if current is None:
                if proc.returncode:
                    with lock:
                        broken.append(f"worker {offset} exited {proc.returncode}: {err.strip()}")
                return
            msg = {"graph": current, "failure": f"crash: exit {proc.returncode}: "
                   f"{err.strip().splitlines()[-1] if err.strip() else ''}"}
            if args.shrink:  # again, each check in a child process
                again = subprocess.run(
                    cmd[:cmd.index("--offset")] + ["--offset", str(current - args.start),
                                                   "--stride", str(args.count)] +
                    cmd[cmd.index("--work"):] + ["--isolated"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for line in again.stdout.splitlines():
                    m = json.loads(line)
                    if m.get("graph") == current:
                        msg.update({k: m[k] for k in ("files", "minimized") if k in m})
            with lock:
                results[current] = msg
                report(args, msg)
            start = current + args.jobs

    threads = [threading.Thread(target=drive, args=(k,)) for k in range(min(args.jobs, args.count))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = sorted(i for i, r in results.items() if "failure" in r)
    total = {k: sum(s[k] for s in stats) for k in stats[0]} if stats else {}
    if total:
        total["worst"] = max(s["worst"] for s in stats)
    ops = sum(r.get("ops", 0) for r in results.values())
    print(f"randgraph: seed {args.seed}, graphs {args.start}..{args.start + args.count - 1}: "
          f"{len(results)} graphs, {ops} ops, {total.get('outputs', 0)} outputs; "
          f"{total.get('checked', 0)} elements checked against the reference, "
          f"{total.get('unstable', 0)} skipped as unstable; worst error {total.get('worst', 0):.3g} "
          f"of its bound; round trips: {total.get('roundtrip_full', 0)} whole graphs, "
          f"{total.get('roundtrip_slices', 0)} by slices, {total.get('roundtrip_none', 0)} none; "
          f"{time.time() - t0:.1f} s")
    if failed:
        print("randgraph: failing graphs (rerun one with --seed S --start I --count 1 --shrink): " +
              ", ".join(str(i) for i in failed))
    for message in broken:
        print(f"randgraph: {message}")
    print(f"{len(results) - len(failed)} passed, {len(failed) + len(broken)} failed")
    sys.exit(1 if failed or broken else 0)


def report(args, msg):
    if "failure" in msg:
        print(f"MISMATCH seed {args.seed} graph {msg['graph']}: {msg['failure']}"
              + (f"\n  graph: {msg['files']}" if "files" in msg else "")
              + (f"\n  minimized: {msg['minimized']}" if "minimized" in msg else ""), flush=True)
    elif args.verbose:
        print(f"ok seed {args.seed} graph {msg['graph']}: {msg['ops']} ops, {msg['outputs']} outputs",
              flush=True)


if __name__ == "__main__":
    main()
