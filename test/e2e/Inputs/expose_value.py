#!/usr/bin/env python3
"""Adds an inner value of a cgraph model as one more graph output.

    expose_value.py MODEL.mlir LOC OUTPUT_NAME > OUT.mlir

MODEL is a single-graph cgraph file in custom form whose ops end with
loc("..."), as examples/*.mlir. The value defined by the (last) op with
loc("LOC") is appended to the graph's results and to cgraph.output under
OUTPUT_NAME. Written against the text, without mcg, so that the tests can
get the full graph's inner tensor to compare a cut graph with.
"""

import re
import sys

path, loc, name = sys.argv[1:4]
lines = open(path).read().split("\n")
value = vtype = None
for line in lines:
    m = re.match(r'\s*(%[\w.$-]+) = cgraph\.\w+.*-> (tensor<[^>]*>) loc\("' + re.escape(loc) + r'"\)\s*$', line) \
        or re.match(r'\s*(%[\w.$-]+) = cgraph\.\w+.* : (tensor<[^>]*>) loc\("' + re.escape(loc) + r'"\)\s*$', line)
    if m:
        value, vtype = m.groups()
if value is None:
    sys.exit(f"no op with loc(\"{loc}\") in {path}")
out = []
for line in lines:
    m = re.match(r'(\s*-> \(.*)\) \{$', line)
    if m:
        line = f'{m.group(1)}, {vtype} as "{name}") {{'
    m = re.match(r'(\s*cgraph\.output )(.*) : (.*)$', line)
    if m:
        line = f'{m.group(1)}{m.group(2)}, {value} : {m.group(3)}, {vtype}'
    out.append(line)
print("\n".join(out), end="")
