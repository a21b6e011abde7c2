#!/usr/bin/env python3
"""Generates a synthetic producer graph of N ops with K named outputs.

    gen_graph.py N [K] > graph.mlir

A trunk of N/2 elementwise ops (each reading the two previous values, so
the trunk is a chain of diamonds) feeds K heads of N/(2K) ops each; head j
branches off the trunk at depth (j+1)/K of its length, so the outputs' cones
differ in size and overlap. Outputs are named out0 .. out{K-1}.
"""

import sys

OPS = ["add", "mul", "sub", "max"]
UNARY = ["relu", "tanh", "neg", "exp"]
T = "tensor<16xf32>"


def main():
    n = int(sys.argv[1])
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    out = sys.stdout
    outs = ", ".join(f"{T} as \"out{j}\"" for j in range(k))
    out.write(f"cgraph.graph @synthetic(%x: {T} as \"x\", %y: {T} as \"y\")\n"
              f"    -> ({outs}) {{\n")
    out.write(f"  %c0 = cgraph.constant dense<0.5> : {T}\n")
    trunk_len = n // 2
    head_len = max(1, (n - trunk_len) // k)
    prev2, prev = "%x", "%y"
    branch_at = {max(1, (j + 1) * trunk_len // k) - 1: j for j in range(k)}
    heads_from = {}
    for i in range(trunk_len):
        name = f"%t{i}"
        if i % 3 == 2:
            out.write(f"  {name} = cgraph.{UNARY[i % 4]} {prev} : {T}\n")
        else:
            rhs = "%c0" if i % 7 == 0 else prev2
            out.write(f"  {name} = cgraph.{OPS[i % 4]} {prev}, {rhs} : ({T}, {T}) -> {T}\n")
        prev2, prev = prev, name
        if i in branch_at:
            heads_from[branch_at[i]] = name
    results = []
    for j in range(k):
        a, b = heads_from[j], heads_from[j]
        for i in range(head_len):
            name = f"%h{j}_{i}"
            if i % 2:
                out.write(f"  {name} = cgraph.{UNARY[(i + j) % 4]} {b} : {T}\n")
            else:
                out.write(f"  {name} = cgraph.{OPS[(i + j) % 4]} {b}, {a} : ({T}, {T}) -> {T}\n")
            a, b = b, name
        results.append(b)
    out.write(f"  cgraph.output {', '.join(results)} : {', '.join([T] * k)}\n}}\n")


if __name__ == "__main__":
    main()
