#!/usr/bin/env python3
"""Prints the bytes of weights a library stores, for each library given.

    weight_bytes.py LLVM-NM LIB.so...

The weights are the library's hidden read-only `__constant_*` symbols
(mcg-compile assembles them with .incbin); symbols at one address (the same
bytes, stored once) count once. One line per library:

    libheads.so: 495608 bytes stored, 55 symbols at 55 places
"""

import os
import subprocess
import sys


def main():
    nm, libraries = sys.argv[1], sys.argv[2:]
    for library in libraries:
        listing = subprocess.run([nm, "-S", library], check=True,
                                 capture_output=True, text=True).stdout
        sizes = {}
        symbols = 0
        for line in listing.splitlines():
            fields = line.split()
            if len(fields) == 4 and fields[2] == "r" and fields[3].startswith("__constant"):
                sizes[fields[0]] = max(sizes.get(fields[0], 0), int(fields[1], 16))
                symbols += 1
        print(f"{os.path.basename(library)}: {sum(sizes.values())} bytes stored, "
              f"{symbols} symbols at {len(sizes)} places")


if __name__ == "__main__":
    main()
