#!/usr/bin/env bash
# Installs the Debian 12 packages mcg needs (see docs/DESIGN or README):
# LLVM/MLIR 22, the build tools, libonnx and protobuf for ONNX import, and
# Debian's Python with numpy and onnx, Python's headers, pybind11 and pytest
# for the mcg Python package and its tests, the sanitizer and libFuzzer
# runtimes (scripts/test.sh --sanitize, scripts/fuzz.sh), and Graphviz's
# dot, which lays out mcg-viz's SVG pictures.
# Packages already installed are not fetched again.
set -euo pipefail

PACKAGES=(
  llvm-22 llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  libomp-22-dev
  cmake ninja-build ccache
  python3 python3-numpy python3-onnx python3-torch python3-torchvision
  python3-dev pybind11-dev python3-pybind11 python3-pytest
  libonnx-dev libprotobuf-dev libonnx-testdata
  libclang-rt-22-dev libfuzzer-22-dev
  graphviz
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
# Wait for another apt/dpkg run (a second checkout installing at the same
# time, unattended upgrades) instead of failing on its lock.
LOCK_WAIT=(-o DPkg::Lock::Timeout=1800)
$SUDO apt-get "${LOCK_WAIT[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${LOCK_WAIT[@]}" install -y -qq \
  --no-install-recommends "${missing[@]}"
