#!/usr/bin/env bash
# Builds and runs every benchmark in bench/ (each prints its ratio to the reference approach
# measured in the same run). Usage: scripts/bench.sh [name-substring]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh
mkdir -p build/bench-data
for b in build/bench/bench_*; do
  [ -x "$b" ] || continue
  case "$b" in *"${1:-}"*) ;; *) continue ;; esac
  echo "== $(basename "$b")"
  (cd build && "$root/$b" --data "$root/build/bench-data/$(basename "$b")")
done
