#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs every test (labels unit, data, gui, slow).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
if [ ! -d ../shared/testdata ]; then
  echo "test: ../shared/testdata is missing; the data tests will fail (see README)" >&2
fi
# A test that fails is retried once: Mesa under Xvfb has aborted a rendering test about once in 20
# runs without a reproducible cause. A real failure fails twice and stays red.
ctest --test-dir build --output-on-failure --timeout 900 -j "$(nproc)" --repeat until-pass:2
