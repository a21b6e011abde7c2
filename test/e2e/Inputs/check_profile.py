#!/usr/bin/env python3
"""Checks the numbers of an `mcg-run --profile` table (read from stdin)
that FileCheck cannot: rows sorted by time, shares that add up to the
cumulative column and to 100%, and a total equal to the sum of the rows.

Usage: check_profile.py ROWS   (the number of table rows expected, the
"(N more kernel calls)" row included)
"""
import re
import sys

ROW = re.compile(r"^ *(\d+\.\d{4}) +(\d+\.\d)% +(\d+\.\d)% ")
TOTAL = re.compile(r"^ *(\d+\.\d{4}) +(\d+\.\d)% .*total \(sum of the medians\)")


def main():
    expected = int(sys.argv[1])
    lines = sys.stdin.read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("kernel profile:"))
    rows, total = [], None
    for line in lines[start + 2:]:
        if m := TOTAL.match(line):
            total = (float(m.group(1)), float(m.group(2)))
            break
        m = ROW.match(line)
        assert m, f"not a table row: {line!r}"
        rows.append((float(m.group(1)), float(m.group(2)), float(m.group(3)),
                     "more kernel calls)" in line))
    assert total, "no total line"
    assert len(rows) == expected, f"{len(rows)} rows, expected {expected}"
    kernels = [r for r in rows if not r[3]]
    times = [r[0] for r in kernels]
    assert times == sorted(times, reverse=True), f"not slowest first: {times}"
    slack = 0.05 * len(rows) + 0.05  # each share is rounded to 0.1%
    running = 0.0
    for ms, share, cum, _ in rows:
        running += share
        assert abs(running - cum) <= slack, f"cumulative {cum}% != {running}%"
    assert rows[-1][2] == 100.0, f"last cumulative share {rows[-1][2]}%"
    assert total[1] == 100.0, f"total share {total[1]}%"
    assert abs(sum(r[0] for r in rows) - total[0]) <= 1e-4 * len(rows) + 1e-4, \
        f"rows sum to {sum(r[0] for r in rows)} ms, total says {total[0]} ms"
    print(f"profile table ok: {len(rows)} rows")


if __name__ == "__main__":
    main()
