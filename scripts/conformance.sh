#!/usr/bin/env bash
# Runs the ONNX backend conformance cases (Debian's libonnx-testdata) through
# the built tools, prints per-op counts and rewrites docs/conformance.md.
# Exits non-zero if a case fails or crashes. check-mcg runs the same cases
# (test/Target/ONNX/conformance.test) and checks docs/conformance.md is
# current. Extra arguments go to the runner (--filter REGEX, --jobs N, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
exec /usr/bin/python3 test/Target/ONNX/conformance.py \
  --bindir "$BUILD_DIR/bin" --markdown docs/conformance.md "$@"
