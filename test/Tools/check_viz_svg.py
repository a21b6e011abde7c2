#!/usr/bin/env python3
"""Independent check of an mcg-viz SVG against the model and the report.

    check_viz_svg.py SVG FULL.mlir REPORT.json OUT[,OUT...] [COLLAPSE]

FULL.mlir is the model printed by mcg-opt with -mlir-print-debuginfo
-mlir-print-local-scope (every op line ends with its loc("name")), REPORT is
`--prune-to=<every output> report=...` of the same model, OUT the outputs
the picture highlights. The SVG must parse as XML; it must hold one box per
op that is not a constant (or per group of ops sharing their first COLLAPSE
name parts); each box's fill must be the colour of the one highlighted
output whose cone (walked here over the text, not with mcg's code) holds
the op, the shared colour when several do, the greyed colour when none does
(stripes for a group of several); and the legend must print the report's
numbers. Exits non-zero on a mismatch.
"""

import json
import re
import sys
import xml.etree.ElementTree as ET

SHARED, UNNEEDED = "#cab2d6", "#f2f2f2"
SVG = "{http://www.w3.org/2000/svg}"
OP = re.compile(r'^\s*(%[\w.$-]+) = (cgraph\.\w+)(.*) loc\("([^"]+)"\)\s*$')
HEADER = re.compile(r'cgraph\.graph @\w+\((.*)\) -> \((.*)\) (?:attributes .*)?\{')
OUTPUT = re.compile(r'^\s*cgraph\.output (.*?) : ')


def parse_model(path):
    defs, kinds, names, values = {}, {}, None, None
    for line in open(path):
        m = HEADER.search(line)
        if m:
            names = re.findall(r'as "([^"]*)"', m.group(2))
            continue
        m = OP.match(line)
        if m:
            ssa, kind, rest, name = m.groups()
            defs[ssa] = (name, re.findall(r'%[\w.$-]+', rest.split(" : ")[0]))
            kinds[name] = kind
            continue
        m = OUTPUT.match(line)
        if m:
            values = [v.strip() for v in m.group(1).split(",")]
    return defs, kinds, names, values


def cone(defs, value):
    seen, work = set(), [value]
    while work:
        v = work.pop()
        if v in defs and defs[v][0] not in seen:
            seen.add(defs[v][0])
            work.extend(defs[v][1])
    return seen


def group(name, depth):
    """The box an op joins: its first DEPTH name parts, its whole name when
    it has no more, itself without collapsing."""
    if depth == 0:
        return name
    parts = name.lstrip("/").split("/")
    return ("/" if name.startswith("/") else "") + "/".join(parts[:depth])


def main():
    svg, model, report, wanted = sys.argv[1:5]
    depth = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    wanted = wanted.split(",")
    defs, kinds, names, values = parse_model(model)
    cones = [cone(defs, values[names.index(w)]) for w in wanted]
    ops = [n for n, k in kinds.items() if k != "cgraph.constant"]

    nodes = {}
    for g in ET.parse(svg).getroot().iter(SVG + "g"):
        if g.get("class") != "node":
            continue
        title = g.find(SVG + "title").text
        texts = [t.text for t in g.iter(SVG + "text")]
        fills = [e.get("fill") for e in g
                 if e.tag in (SVG + "polygon", SVG + "path", SVG + "ellipse")
                 and e.get("fill") not in (None, "none")]
        nodes[title] = (texts, fills)

    colour = {}
    for title, (texts, fills) in nodes.items():
        if title.startswith("out") and texts[0].startswith("output "):
            colour[texts[0][len("output "):]] = fills[0]
    palette = [colour[w] for w in wanted]

    def expected(op):
        owners = [i for i, c in enumerate(cones) if op in c]
        if not owners:
            return UNNEEDED
        return palette[owners[0]] if len(owners) == 1 else SHARED

    # Expected boxes: key -> (member ops, fills in first-seen order).
    boxes = {}
    for op in ops:
        key = group(op, depth)
        members, fills = boxes.setdefault(key, ([], []))
        members.append(op)
        if expected(op) not in fills:
            fills.append(expected(op))
    errors = []
    drawn = {}
    for title, (texts, fills) in nodes.items():
        if not re.fullmatch(r"n\d+", title):
            continue
        m = re.fullmatch(r"(.*) \((\d+) ops\)", texts[0])
        key = m.group(1) if m else group(texts[1], depth)
        if key in drawn:
            errors.append(f"two boxes for {key}")
        drawn[key] = fills
        if key not in boxes:
            errors.append(f"box {key} is no op or group of the model")
            continue
        members, want = boxes[key]
        if m and int(m.group(2)) != len(members):
            errors.append(f"{key}: {m.group(2)} ops drawn, {len(members)} in the model")
        if fills != want:
            errors.append(f"{key}: filled {fills}, expected {want}")
    for key in boxes.keys() - drawn.keys():
        errors.append(f"no box for {key}")

    # The legend prints the report's numbers, column by output.
    texts = nodes["legend"][0]
    entries = {e["name"]: e for e in json.load(open(report))["outputs"]}
    # Header: "min_consumer slice" and one column per highlighted output,
    # then rows of a label and one number per column.
    i = texts.index("min_consumer slice") + 1
    columns = []
    while texts[i] != "ops":
        columns.append(texts[i])
        i += 1
    if columns != wanted:
        errors.append(f"legend columns {columns}, expected {wanted}")
    rows = {}
    while i + len(columns) < len(texts) and not texts[i].startswith("shared:"):
        rows[texts[i]] = [int(t.replace(",", "")) for t in texts[i + 1:i + 1 + len(columns)]]
        i += len(columns) + 1
    for part in ("", "exclusive", "shared"):
        for metric, key in (("ops", "ops"), ("weight bytes", "weight_bytes"), ("FLOPs", "flops")):
            label = (part + " " + metric).strip()
            want = [(entries[w][part] if part else entries[w])[key] for w in wanted]
            if rows.get(label) != want:
                errors.append(f"legend {label}: {rows.get(label)}, report {want}")

    for e in errors:
        print(e)
    groups = sum(1 for m, _ in boxes.values() if len(m) > 1)
    # A group of one op is drawn as that op.
    striped = sum(1 for _, f in boxes.values() if len(f) > 1)
    print(f"{'OK' if not errors else 'FAIL'}: {len(drawn)} boxes for {len(ops)} ops "
          f"({groups} groups, {striped} striped), legend rows {len(rows)}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
