#!/bin/sh
# Runs the benchmarks on the shared scans (and the large Bali mask inputs when
# ../shared/tools/make-large-scans can build them). Build first:
#   cmake -S . -B build && cmake --build build -j
#   bench/run.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=$root/../shared
if [ ! -d "$shared/data/scans" ]; then
  echo "bench: $shared/data/scans not found; nothing to measure" >&2
  exit 0
fi
set -- "$shared"/data/scans/*/*.gltf "$shared"/data/scans/*/*.glb "$shared"/data/scans/*/*.ply \
       "$shared"/data/scans/*/*.obj "$shared"/data/scans/*/*.fbx
if [ "${VITRINE_BENCH_LARGE:-0}" = 1 ] && "$shared/tools/make-large-scans" /tmp/vitrine-large >/dev/null; then
  set -- "$@" /tmp/vitrine-large/bali-mask-1.6m.glb /tmp/vitrine-large/bali-mask-6.4m.glb
fi
"$build/bench/bench_view" --frames 20 "$@"
