#!/usr/bin/env bash
# The demo: install, build, then prune the embedded example models to each
# of their outputs, printing what each min_consumer slice keeps and removes
# and writing the pruned IR and a picture of the slices (mcg-viz) to out/;
# then the same for an ONNX model exported from torchvision, with each
# slice timed against the full model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh mcg-opt mcg-run mcg-viz CGraphPlugin
/usr/bin/python3 scripts/demo.py "$@"
