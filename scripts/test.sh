#!/usr/bin/env bash
# The tests: install, build, and run the whole suite (lit: check-mcg).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/build.sh check-mcg
