#!/usr/bin/env bash
# Configures (once) and builds Trocar into ./build with Ninja and ccache.
# Usage: scripts/build.sh [ninja targets...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# ccache keys on absolute paths unless told the project root: with it, a fresh clone elsewhere
# (as CI makes) reuses the cache of earlier builds.
export CCACHE_BASEDIR="$root"
export CCACHE_NOHASHDIR=1
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
# Two cores: ITK translation units need about 1 GB each, so -j2 is safe on the 24 GB machines.
cmake --build build --parallel "${TROCAR_JOBS:-$(nproc)}" ${1:+--target "$@"}
