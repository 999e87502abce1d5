#!/bin/bash
# Benchmarks for scan conversion and viewing, as ratios measured in this one
# run on this machine (absolute times drift between machines; ratios less).
#   bench/run.sh [BUILD_DIR]            the shared scans
#   VITRINE_BENCH_LARGE=1 bench/run.sh  also the 1.6M and 6.4M-triangle Bali
#                                       mask (../shared/tools/make-large-scans)
# For each input:
#   convert   vitrine-pack vs gltfpack -cc -si 0.25 (time, output size, peak RSS)
#   open      open-to-first-frame of the package vs Assimp import + upload of
#             the source (the naive viewer) vs a plain read of the package
#   frames    1280x720 frame time with levels of detail (1-pixel error) vs
#             always the full-resolution level
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=$root/../shared
work=${VITRINE_BENCH_DIR:-/tmp/vitrine-bench}
mkdir -p "$work"
pack=$build/vitrine-pack
view=$build/bench/bench_view
[ -x "$pack" ] && [ -x "$view" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
if [ ! -d "$shared/data/scans" ]; then
  echo "bench: $shared/data/scans not found; nothing to measure" >&2
  exit 0
fi
inputs=(
  "$shared"/data/scans/bali-mask/mask-gltf-2.0-binary-valid.gltf
  "$shared"/data/scans/belweder-tv/belweder-ot-1782.glb
  "$shared"/data/scans/gargoyle/gargo.ply
  "$shared"/data/scans/BustManWreath/BustManWreath.fbx
)
if [ "${VITRINE_BENCH_LARGE:-0}" = 1 ] && "$shared/tools/make-large-scans" /tmp/vitrine-large >/dev/null; then
  inputs+=(/tmp/vitrine-large/bali-mask-1.6m.glb /tmp/vitrine-large/bali-mask-6.4m.glb)
fi
have_gltfpack=0
command -v gltfpack >/dev/null && have_gltfpack=1

# run NAME CMD...: runs CMD under /usr/bin/time, keeps its key=value output
# in $work/NAME.out and its wall time and peak RSS in $work/NAME.time.
run() {
  local name=$1; shift
  /usr/bin/time -f "wall_s=%e
rss_kb=%M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
}
val() { grep -m1 "^$2=" "$work/$1.out" "$work/$1.time" 2>/dev/null | head -1 | cut -d= -f2 | cut -d: -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else printf "n/a" }'; }

printf "%-30s %9s %8s %8s %7s %8s %8s %7s %8s %8s %8s %8s %9s %8s %8s\n" \
  input tris pack_s gltfp_s x_time pack_MB gltfp_MB x_size pack_RSS open_s assimp_s x_assimp x_read lod_ms full_ms
for in in "${inputs[@]}"; do
  [ -e "$in" ] || continue
  n=$(basename "$in"); n=${n%.*}
  out="$work/$n.vitrine"
  run "$n.pack" "$pack" -q "$in" -o "$out"
  pack_s=$(val "$n.pack" wall_s); pack_rss=$(val "$n.pack" rss_kb)
  gp_s=n/a gp_mb=n/a
  case "$in" in *.gltf|*.glb|*.obj)
    if [ $have_gltfpack = 1 ] && run "$n.gltfpack" gltfpack -cc -si 0.25 -i "$in" -o "$work/$n.gltfpack.glb"; then
      gp_s=$(val "$n.gltfpack" wall_s)
      gp_mb=$(awk -v b="$(stat -c %s "$work/$n.gltfpack.glb")" 'BEGIN { printf "%.1f", b / 1048576 }')
    fi;;
  esac
  pack_mb=$(awk -v b="$(stat -c %s "$out")" 'BEGIN { printf "%.1f", b / 1048576 }')
  cat "$out" >/dev/null # page cache: every path below starts from memory
  run "$n.read" "$view" read "$out"
  run "$n.open" "$view" open "$out"
  run "$n.assimp" "$view" assimp "$in"
  run "$n.frames" "$view" frames "$out" 24
  open_s=$(val "$n.open" open_first_frame_s); read_s=$(val "$n.read" read_s)
  assimp_s=$(val "$n.assimp" assimp_to_gpu_s); tris=$(val "$n.assimp" assimp_triangles)
  lod_ms=$(val "$n.frames" lod_frame_ms_median); full_ms=$(val "$n.frames" full_frame_ms_median)
  printf "%-30.30s %9s %8s %8s %7s %8s %8s %7s %8s %8s %8s %8s %9s %8s %8s\n" "$n" "$tris" "$pack_s" "$gp_s" \
    "$(ratio "$pack_s" "$gp_s")" "$pack_mb" "$gp_mb" "$(ratio "$pack_mb" "$gp_mb")" "$((pack_rss / 1024))" \
    "$open_s" "$assimp_s" "$(ratio "$assimp_s" "$open_s")" "$(ratio "$open_s" "$read_s")" "$lod_ms" "$full_ms"
done
cat <<'KEY'
x_time:   vitrine-pack time / gltfpack time (target <= 1)
x_size:   package size / gltfpack output size
x_assimp: (Assimp import + upload) / (package open to first frame) (target >= 30 on 6.4M)
x_read:   (package open to first frame) / (plain read of the package) (target <= 5 on 6.4M)
lod_ms / full_ms: median 1280x720 frame time over a turntable, levels of detail vs full resolution
KEY
