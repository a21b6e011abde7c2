#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS: scripts/fuzz.sh TARGET SECONDS
# [libFuzzer flags...], e.g. scripts/fuzz.sh onnx-import-fuzzer 60 -seed=1.
# TARGET is onnx-import-fuzzer, mlir-passes-fuzzer or onnx-graph-fuzzer,
# built by `scripts/test.sh --sanitize` (or BUILD_DIR=build-san
# MCG_CMAKE_ARGS=-DMCG_FUZZ=ON scripts/build.sh mcg-fuzzers). Seeds come from
# the test data: the .onnx models the lit suite generated and
# libonnx-testdata's node tests (ONNX targets), the lit tests' .mlir cases
# split at `// -----` (MLIR target). New inputs go to
# build-san/fuzz-work/corpus-TARGET, crashes to build-san/fuzz-work/artifacts/.
# Reproduce a crash: build-san/bin/TARGET build-san/fuzz-work/artifacts/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
BUILD_DIR=${BUILD_DIR:-build-san}
bin="$BUILD_DIR/bin/$target"
case "$target" in
  onnx-import-fuzzer|mlir-passes-fuzzer|onnx-graph-fuzzer) ;;
  *) echo "fuzz.sh: unknown target '$target'" >&2; exit 2 ;;
esac
if [ ! -x "$bin" ]; then
  echo "fuzz.sh: $bin is not built (run scripts/test.sh --sanitize)" >&2
  exit 2
fi

work="$BUILD_DIR/fuzz-work"
seeds="$work/seeds-$target"
corpus="$work/corpus-$target"
mkdir -p "$seeds" "$corpus" "$work/artifacts"
if [ -z "$(ls -A "$seeds")" ]; then
  case "$target" in
    onnx-import-fuzzer)
      i=0
      while IFS= read -r f; do
        cp "$f" "$seeds/seed-$i.onnx"; i=$((i + 1))
      # (A build directory that does not exist yet adds nothing.)
      done < <( (find "$BUILD_DIR/test" build/test -name '*.onnx' -size -64k \
                  2>/dev/null || true; find /usr/share/libonnx-testdata/data/node \
                  -name model.onnx 2>/dev/null || true) | sort | head -n 1500)
      ;;
    mlir-passes-fuzzer)
      /usr/bin/python3 - "$seeds" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
n = 0
for path in sorted(pathlib.Path("test").rglob("*.mlir")):
    for case in re.split(r"^// -----$", path.read_text(), flags=re.M):
        if "cgraph." in case and len(case) < 16384:
            (out / f"seed-{n}.mlir").write_text(case)
            n += 1
PY
      ;;
    onnx-graph-fuzzer)
      # Its input is a stream of choices: a few fixed streams to start.
      for i in 0 1 2 3 4 5 6 7; do
        /usr/bin/python3 -c "import random,sys; r=random.Random($i); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(64)))" > "$seeds/seed-$i"
      done
      ;;
  esac
fi

# intercept_memcmp=0 (an upstream MLIR 22 memcmp) and allow_user_poisoning=0
# (slabs of a bump allocator shared with the uninstrumented libMLIR.so):
# see scripts/test.sh.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:intercept_memcmp=0:allow_user_poisoning=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec nice -n 19 "$bin" -max_total_time="$seconds" -timeout=30 \
  -rss_limit_mb=3072 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$@" "$corpus" "$seeds"
