#!/usr/bin/env python3
"""Independent check of --prune-to on a model: the pruned graph's ops are
exactly the backward cone of the kept outputs.

    check_cone.py FULL.mlir PRUNED.mlir OUT[,OUT...]

Both files are cgraph IR printed by mcg-opt with
`-mlir-print-debuginfo -mlir-print-local-scope`, so that every op line ends
with its loc("name"). The cone is computed here from the text alone (a
def-use walk over SSA names), not with mcg's own code, and compared with
the set of op names left in PRUNED. Exits non-zero with a diff on mismatch.
"""

import re
import sys

OP = re.compile(r'^\s*(%[\w.$-]+) = (cgraph\.\w+)(.*) loc\("([^"]+)"\)\s*$')
HEADER = re.compile(r'cgraph\.graph @\w+\((.*)\) -> \((.*)\) (?:attributes .*)?\{')
OUTPUT = re.compile(r'^\s*cgraph\.output (.*?) : ')


def parse(path):
    defs, output_names, output_values = {}, None, None
    with open(path) as f:
        for line in f:
            m = HEADER.search(line)
            if m:
                output_names = re.findall(r'as "([^"]*)"', m.group(2))
                continue
            m = OP.match(line)
            if m:
                ssa, _, rest, name = m.groups()
                operands = re.findall(r'%[\w.$-]+', rest.split(" : ")[0])
                defs[ssa] = (name, operands)
                continue
            m = OUTPUT.match(line)
            if m:
                output_values = [v.strip() for v in m.group(1).split(",")]
    return defs, output_names, output_values


def main():
    full, pruned, wanted = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    defs, names, values = parse(full)
    work = [values[names.index(w)] for w in wanted]
    cone = set()
    while work:
        v = work.pop()
        if v in defs and defs[v][0] not in cone:
            cone.add(defs[v][0])
            work.extend(defs[v][1])
    pdefs, pnames, _ = parse(pruned)
    kept = {name for name, _ in pdefs.values()}
    expected_names = [n for n in names if n in wanted]
    ok = True
    if pnames != expected_names:
        print(f"outputs: expected {expected_names}, got {pnames}")
        ok = False
    for name in sorted(cone - kept):
        print(f"missing from pruned graph: {name}")
        ok = False
    for name in sorted(kept - cone):
        print(f"not in the cone but kept: {name}")
        ok = False
    print(f"{'OK' if ok else 'FAIL'}: {','.join(wanted)}: {len(kept)} ops kept, "
          f"cone {len(cone)}, full graph {len(defs)}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
