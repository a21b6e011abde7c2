#!/usr/bin/env bash
# Configures (once) and builds mcg into build/: tools in build/bin, the
# plugin in build/lib. Extra arguments go to ninja (targets). BUILD_DIR
# picks another build directory, MCG_CMAKE_ARGS adds options to its
# first configuration (scripts/test.sh --sanitize uses both).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
LLVM_PREFIX=${LLVM_PREFIX:-/usr/lib/llvm-22}

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$LLVM_PREFIX/bin/clang" \
    -DCMAKE_CXX_COMPILER="$LLVM_PREFIX/bin/clang++" \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    "${launcher[@]}" ${MCG_CMAKE_ARGS:-}
fi
ninja -C "$BUILD_DIR" -j2 "$@"
