#!/usr/bin/env python3
"""Runs the command examples of a Markdown document and checks their output.

    run_doc_commands.py --src SRC --build BUILD --work DIR DOC.md [--section TITLE]

DOC.md (or its `## TITLE` section) is read as a user reads it, top to
bottom, and every command it shows is run in DIR, a fresh directory that
looks like a checkout after a build: `examples`, `scripts`, `test`, `docs`
and `python` link to SRC, `build` to BUILD, and BUILD/bin is first on PATH
(for `mcg-opt ...` without `build/bin/`). Files the commands write stay in
DIR. The commands are:

- transcripts: a fenced block, or a block indented by four spaces, whose
  first line starts with `$ `. Each `$ ` line (with the lines after a
  trailing backslash) is a command; the lines up to the next `$ ` are what
  it prints (stdout and stderr, as in a terminal), compared line by line.
  A command whose shown output has an `error:` line must fail; any other
  must succeed.
- ```sh blocks: every line (comments dropped, backslash continuations
  joined) is a command that must succeed; its output is not shown, so not
  compared.
- ```pycon blocks: a Python session (`>>> ` and `... ` lines, each followed
  by what it prints), run as one command by doctest in a fresh python3
  with the build's package on its path (PYTHONPATH=build/python); what it
  prints must match, `...` matching anything and runs of whitespace any
  whitespace. The blocks of a document share nothing.

Other blocks (```mlir, ```c, ```json, and output shown without a command)
are not commands. A block right after a line `<!-- not run: REASON -->` is
skipped and counted (for commands that need a file the suite does not make
cheaply).

Numbers that vary from run to run or machine to machine are matched
loosely: times (`2.81 ms`), ratios (`0.90x`), and the errors that
`mcg-run --check` prints. Runs of spaces match any run of spaces. Every
other character, numbers of the demo's tables included, must match.

One command is not run as written: `scripts/demo.sh` installs packages and
builds before running `scripts/demo.py`; here the build is the one under
test, so only `scripts/demo.py` runs.
"""

import argparse
import os
import re
import subprocess
import sys

NOT_COMMANDS = {"mlir", "c", "cpp", "json", "python", "text"}
# Runs the Python session on stdin with doctest (for ```pycon blocks).
DOCTEST = """
import doctest, sys
test = doctest.DocTestParser().get_doctest(sys.stdin.read(), {"__name__": "__main__"},
                                           "pycon block", None, 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
runner.run(test)
sys.exit(1 if runner.failures else 0)
"""
SUBSTITUTIONS = [(re.compile(r"^scripts/demo\.sh\b"), sys.executable + " scripts/demo.py")]
LINKS = ["examples", "scripts", "test", "docs", "python"]
NUMBER = r"-?[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?"
# Expected-output fragments whose numbers vary: each is a regex over the
# escaped line, and each number in its match becomes NUMBER.
VARYING = [
    re.compile(NUMBER + r" ms\b"),
    re.compile(r"\b[0-9]+\.[0-9]+x\b"),
    re.compile(r"max abs error " + NUMBER + r", max rel error " + NUMBER),
]


class Block:
    def __init__(self, line, kind, lines):
        self.line = line  # 1-based line of the block's first line
        self.kind = kind  # "transcript" or "sh"
        self.lines = lines


def section_lines(text, section):
    """(line number, line) of the whole document or of one ## section."""
    lines = list(enumerate(text.split("\n"), start=1))
    if section is None:
        return lines
    out, inside = [], False
    for number, line in lines:
        if line.startswith("## "):
            inside = line[3:].strip() == section
            continue
        if inside:
            out.append((number, line))
    if not out:
        sys.exit(f"no section '## {section}'")
    return out


def find_blocks(lines):
    """The command blocks, and the number skipped by a not-run marker."""
    blocks, skipped = [], 0
    previous = ""  # the last non-blank line before the current one
    i = 0
    while i < len(lines):
        number, line = lines[i]
        fence = re.match(r"^```(\S*)\s*$", line)
        indented = line.startswith("    $ ") and (i == 0 or not lines[i - 1][1].strip())
        if fence:
            info, body = fence.group(1), []
            i += 1
            while i < len(lines) and not lines[i][1].startswith("```"):
                body.append(lines[i][1])
                i += 1
            i += 1  # the closing fence
            first = next((b for b in body if b.strip()), "")
            if first.startswith("$ "):
                kind = "transcript"
            elif info == "pycon":
                kind = "pycon"
            elif info == "sh":
                kind = "sh"
            else:
                kind = None
        elif indented:
            body = []
            while i < len(lines) and lines[i][1].startswith("    "):
                body.append(lines[i][1][4:])
                i += 1
            kind = "transcript"
        else:
            if line.strip():
                previous = line
            i += 1
            continue
        if kind and previous.strip().startswith("<!-- not run:"):
            skipped += 1
        elif kind:
            blocks.append(Block(number + (1 if fence else 0), kind, body))
        previous = "(block)"
    return blocks, skipped


def join_continuations(lines):
    """Lines with a trailing backslash joined to the next one."""
    out, current = [], None
    for line in lines:
        current = line if current is None else current + " " + line.strip()
        if current.endswith("\\"):
            current = current[:-1].rstrip()
            continue
        out.append(current)
        current = None
    if current is not None:
        out.append(current)
    return out


def commands_of(block):
    """[(command, expected output lines or None)] of a block."""
    if block.kind == "pycon":
        return [("\n".join(block.lines) + "\n", None)]
    if block.kind == "sh":
        cmds = []
        for line in join_continuations(block.lines):
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                cmds.append((line, None))
        return cmds
    cmds, lines, i = [], block.lines, 0
    while i < len(lines):
        if not lines[i].startswith("$ "):
            sys.exit(f"line {block.line + i}: transcript line before any '$ ' command")
        parts = [lines[i][2:]]
        while parts[-1].endswith("\\") and i + 1 < len(lines):
            i += 1
            parts[-1] = parts[-1][:-1].rstrip()
            parts.append(lines[i].strip())
        i += 1
        output = []
        while i < len(lines) and not lines[i].startswith("$ "):
            output.append(lines[i])
            i += 1
        while output and not output[-1].strip():
            output.pop()
        cmds.append((" ".join(parts), output))
    return cmds


def pattern(expected):
    """A regex for one expected line, loose where numbers vary."""
    spans = sorted(m.span() for v in VARYING for m in v.finditer(expected))
    out, at = "", 0
    for start, end in spans:
        if start < at:
            continue
        out += re.escape(expected[at:start])
        out += re.sub(NUMBER, lambda _: "\0", expected[start:end]).replace(
            ".", "\\.").replace("\0", NUMBER)
        at = end
    out += re.escape(expected[at:])
    return re.sub(r"(\\ )+", " +", out)


def compare(expected, actual):
    """A description of the first difference, or None."""
    actual = [line.rstrip() for line in actual]
    while actual and not actual[-1].strip():
        actual.pop()
    for n, want in enumerate(expected):
        want = want.rstrip()
        if n >= len(actual):
            return f"missing line {n + 1}: {want}"
        if not re.fullmatch(pattern(want), actual[n]):
            return f"line {n + 1} differs:\n  expected: {want}\n  actual:   {actual[n]}"
    if len(actual) > len(expected):
        return f"unexpected line {len(expected) + 1}: {actual[len(expected)]}"
    return None


def setup(work, src, build):
    os.makedirs(work, exist_ok=True)
    for name in LINKS:
        link = os.path.join(work, name)
        if not os.path.lexists(link):
            os.symlink(os.path.join(src, name), link)
    link = os.path.join(work, "build")
    if not os.path.lexists(link):
        os.symlink(build, link)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("doc")
    parser.add_argument("--src", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--section")
    args = parser.parse_args()
    with open(args.doc) as f:
        text = f.read()
    blocks, skipped = find_blocks(section_lines(text, args.section))
    setup(args.work, os.path.abspath(args.src), os.path.abspath(args.build))
    env = dict(os.environ)
    env["PATH"] = os.path.join(os.path.abspath(args.build), "bin") + os.pathsep + env["PATH"]
    env["PYTHONPATH"] = os.path.join(os.path.abspath(args.build), "python")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    name = os.path.basename(args.doc) + (f" '{args.section}'" if args.section else "")
    failures = ran = 0
    for block in blocks:
        for cmd, expected in commands_of(block):
            run = cmd
            for regex, replacement in SUBSTITUTIONS:
                run = regex.sub(replacement, run)
            if block.kind == "pycon":
                proc = subprocess.run([sys.executable, "-c", DOCTEST], input=cmd,
                                      cwd=args.work, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True)
                cmd = f"(Python session, {cmd.count(chr(10))} lines)"
            else:
                proc = subprocess.run(["bash", "-c", run], cwd=args.work, env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True)
            ran += 1
            actual = proc.stdout.split("\n")
            should_fail = expected is not None and any("error:" in e for e in expected)
            problem = None
            if should_fail and proc.returncode == 0:
                problem = "succeeded, but the document shows an error"
            elif not should_fail and proc.returncode != 0:
                problem = f"failed (exit {proc.returncode})"
            elif expected:
                problem = compare(expected, actual)
            if problem:
                failures += 1
                print(f"FAIL {name}, block at line {block.line}: $ {cmd}\n{problem}")
                print("  output:\n" + "\n".join("    " + a for a in actual[:40]))
    print(f"{name}: {ran} commands in {len(blocks)} blocks, {failures} failed, "
          f"{skipped} blocks not run")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
