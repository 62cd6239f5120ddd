#!/usr/bin/env bash
# Configures (once) and builds Trocar into ./build with Ninja and ccache.
# Usage: scripts/build.sh [ninja targets...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
# Two cores: ITK translation units need about 1 GB each, so -j2 is safe on the 24 GB machines.
cmake --build build --parallel "${TROCAR_JOBS:-$(nproc)}" ${1:+--target "$@"}
