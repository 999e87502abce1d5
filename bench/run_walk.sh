#!/bin/bash
# The exhibition walk-through benchmark: a hall of 30 real scans totalling
# more than 20 million source triangles, built with vitrine-pack and walked
# headless along its tour (bench_walk), as ratios measured in this one run.
#   bench/run_walk.sh [BUILD_DIR]
# Environment:
#   VITRINE_WALK_DIR    work folder (default /tmp/vitrine-walk; the exhibition
#                       folder, the package and a private scan cache go there)
#   VITRINE_WALK_SIZE   frame size (default 1280x720)
#   VITRINE_WALK_FPS    tour time step, frames per second (default 30)
#   VITRINE_WALK_FRAMES about how many tour poses the three compared passes
#                       draw (default 80, every 11th frame: the full-resolution
#                       pass takes seconds a frame on a software rasteriser)
# What it measures:
#   build     vitrine-pack from an empty cache, then again (all from cache)
#   open      exhibition package open to the first frame drawn
#   walk      frame time along the tour: by level of detail with the room
#             (lod), every artefact at full resolution (full), by level of
#             detail without the room (bare); and lod at every tour step
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shared=$root/../shared
work=${VITRINE_WALK_DIR:-/tmp/vitrine-walk}
size=${VITRINE_WALK_SIZE:-1280x720}
fps=${VITRINE_WALK_FPS:-30}
frames=${VITRINE_WALK_FRAMES:-80}
pack=$build/vitrine-pack
walk=$build/bench/bench_walk
[ -x "$pack" ] && [ -x "$walk" ] || { echo "bench: build first (cmake --build $build)" >&2; exit 1; }
scans=$shared/data/scans
if [ ! -d "$scans" ]; then
  echo "bench: $scans not found; nothing to measure" >&2
  exit 0
fi
large=/tmp/vitrine-large
if ! "$shared/tools/make-large-scans" "$large" >/dev/null 2>&1 ||
   [ ! -e "$large/bali-mask-6.4m.glb" ] || [ ! -e "$large/bali-mask-1.6m.glb" ]; then
  echo "bench: could not make the large scans ($shared/tools/make-large-scans $large); nothing to measure" >&2
  exit 0
fi

ex=$work/exhibition
rm -rf "$ex" "$work/cache"
mkdir -p "$ex/scans" "$work/cache"

# put SRC DEST: the exhibition must hold its files (the builder refuses
# links that leave the folder); a hard link costs nothing on one filesystem.
put() {
  mkdir -p "$(dirname "$2")"
  ln "$1" "$2" 2>/dev/null || cp "$1" "$2"
}
put "$scans/bali-mask/mask-gltf-2.0-binary-valid.gltf" "$ex/scans/bali-mask/mask.gltf"
put "$scans/bali-mask/mask-gltf-2.0-binary-valid.bin" "$ex/scans/bali-mask/mask-gltf-2.0-binary-valid.bin"
put "$scans/bali-mask/Image_0.jpg" "$ex/scans/bali-mask/Image_0.jpg"
put "$large/bali-mask-1.6m.glb" "$ex/scans/bali-large/bali-mask-1.6m.glb"
put "$large/bali-mask-6.4m.glb" "$ex/scans/bali-large/bali-mask-6.4m.glb"
put "$scans/bali-mask/Image_0.jpg" "$ex/scans/bali-large/Image_0.jpg"
put "$scans/belweder-tv/belweder-ot-1782.glb" "$ex/scans/belweder-ot-1782.glb"
put "$scans/gargoyle/gargo.ply" "$ex/scans/gargo.ply"
put "$scans/laurana/laurana.ply" "$ex/scans/laurana.ply"
put "$scans/stanford-bunny/stanford-bunny.obj" "$ex/scans/stanford-bunny.obj"
put "$scans/demosthenes/demosthenes-low-res.obj" "$ex/scans/demosthenes-low-res.obj"
for f in BustManWreath.fbx BustManWreath_normal.png BustManWreath_occlusion.png; do
  put "$scans/BustManWreath/$f" "$ex/scans/BustManWreath/$f"
done
put "$scans/Maria/Maria.fbx" "$ex/scans/Maria/Maria.fbx"
for f in "$scans"/Maria/Textures/*; do put "$f" "$ex/scans/Maria/Textures/$(basename "$f")"; done

# Scan kinds: KEY|file|height_m|up|title vi|title en|credit vi|credit en|licence
kinds='m64|scans/bali-large/bali-mask-6.4m.glb|0.38||Mặt nạ Bali (6,4 triệu tam giác)|Balinese mask (6.4 million triangles)|Bảo tàng Bang Baden (Karlsruhe); bản chia mịn cho thử nghiệm hiệu năng|Badisches Landesmuseum Karlsruhe; subdivided for the benchmark|CC-BY-SA-4.0
m16|scans/bali-large/bali-mask-1.6m.glb|0.38||Mặt nạ Bali (1,6 triệu tam giác)|Balinese mask (1.6 million triangles)|Bảo tàng Bang Baden (Karlsruhe); bản chia mịn cho thử nghiệm hiệu năng|Badisches Landesmuseum Karlsruhe; subdivided for the benchmark|CC-BY-SA-4.0
mask|scans/bali-mask/mask.gltf|0.38||Mặt nạ Bali|Balinese mask|Bảo tàng Bang Baden (Karlsruhe), chuyển sang glTF bởi NFDI4Culture|Badisches Landesmuseum Karlsruhe, glTF by NFDI4Culture|CC-BY-SA-4.0
tv|scans/belweder-ot-1782.glb|0.55||Ti vi Belweder OT-1782|Belweder OT-1782 television set|Bảo tàng ảo Małopolska|Virtual Museums of Małopolska|CC0-1.0
garg|scans/gargo.ply|0.6||Tượng đầu thú máng xối|Gargoyle|Phòng thí nghiệm Visual Computing, CNR-ISTI (mẫu 3DHOP)|Visual Computing Lab, CNR-ISTI (3DHOP sample)|GPL-3.0
laur|scans/laurana.ply|0.5||Tượng bán thân, cho là của F. Laurana|Bust attributed to F. Laurana|Phòng thí nghiệm Visual Computing, CNR-ISTI (mẫu 3DHOP)|Visual Computing Lab, CNR-ISTI (3DHOP sample)|GPL-3.0
bunny|scans/stanford-bunny.obj|0.3||Thỏ Stanford|Stanford bunny|Phòng thí nghiệm Đồ họa Máy tính Stanford|Stanford Computer Graphics Laboratory|research use with credit
dem|scans/demosthenes-low-res.obj|0.7||Tượng bán thân Demosthenes (Louvre)|Bust of Demosthenes (Louvre)|Bản quét của ryanfb, dựng lưới lại bởi Oded Stein|Photoscan by ryanfb, remeshed by Oded Stein|CC-BY-4.0
bust|scans/BustManWreath/BustManWreath.fbx|0.65||Người đội vòng nguyệt quế, thế kỷ 1|Man wearing a wreath, 1st century CE|Bản quét của Geoffrey Marchal, giảm lưới bởi Keijiro Takahashi|Scan by Geoffrey Marchal, decimated by Keijiro Takahashi|CC-BY-4.0
maria|scans/Maria/Maria.fbx|0.75||Maria Barjatinskaja (Thorvaldsen, 1818)|Maria Barjatinskaja (Thorvaldsen, 1818)|Bản quét của Geoffrey Marchal, giảm lưới bởi Keijiro Takahashi|Scan by Geoffrey Marchal, decimated by Keijiro Takahashi|CC-BY-4.0'
kind() { printf '%s\n' "$kinds" | grep "^$1|"; }

# The hall (30 x 16 m): three rows of eight plinths, the middle row with the
# two 6.4M masks, the outer rows with the four 1.6M ones; the annex (10 x
# 10 m, through a doorway in the hall's east wall) six more.
# Each line: KIND|room|x|z|yaw
layout=""
row_front=(mask tv m16 garg laur m16 bunny dem)
row_mid=(bust m64 maria tv mask m64 garg laur)
row_back=(bunny m16 dem bust maria m16 tv mask)
for i in 0 1 2 3 4 5 6 7; do
  x=$(awk -v i=$i 'BEGIN { printf "%.2f", 3 + 3.4 * i }')
  layout+="${row_front[$i]}|hall|$x|3.5|0"$'\n'
  layout+="${row_mid[$i]}|hall|$x|8|180"$'\n'
  layout+="${row_back[$i]}|hall|$x|12.5|180"$'\n'
done
annex=(garg laur bunny dem bust maria)
for i in 0 1 2; do
  x=$(awk -v i=$i 'BEGIN { printf "%.2f", 32.5 + 2.5 * i }')
  layout+="${annex[$i]}|annex|$x|5.5|0"$'\n'
  layout+="${annex[$((i + 3))]}|annex|$x|10.5|180"$'\n'
done

{
  cat <<'HEAD'
{
  "format": 1,
  "title": { "vi": "Phòng đo hiệu năng", "en": "Walk-through benchmark hall" },
  "languages": ["vi", "en"],
  "credits": { "vi": "Triển lãm sinh tự động cho bench/run_walk.sh; các bản quét thuộc về tác giả của chúng (xem từng hiện vật).", "en": "Generated by bench/run_walk.sh; the scans belong to their authors (see each artefact)." },
  "rooms": [
    {
      "id": "hall",
      "name": { "vi": "Sảnh lớn", "en": "Great hall" },
      "floor_plan": [[0, 0], [30, 0], [30, 16], [0, 16]],
      "wall_height": 5,
      "doorways": [{ "wall": 1, "center": 8, "width": 2.4, "height": 3, "to": "annex" }],
      "floor": { "color": "#8c7560" },
      "walls": { "color": "#ece6da" },
      "lights": [
        { "position": [7.5, 4.7, 5], "intensity": 1.5 }, { "position": [22.5, 4.7, 5], "intensity": 1.5 },
        { "position": [7.5, 4.7, 11], "intensity": 1.5 }, { "position": [22.5, 4.7, 11], "intensity": 1.5 }
      ]
    },
    {
      "id": "annex",
      "name": { "vi": "Phòng phụ", "en": "Annex" },
      "floor_plan": [[30, 3], [40, 3], [40, 13], [30, 13]],
      "wall_height": 4,
      "doorways": [{ "wall": 3, "center": 5, "width": 2.4, "height": 3, "to": "hall" }],
      "walls": { "color": "#d9dfe4" },
      "lights": [{ "position": [35, 3.8, 8], "intensity": 1.5 }]
    }
  ],
  "artefacts": [
HEAD
  n=0
  while IFS='|' read -r k room x z yaw; do
    [ -n "$k" ] || continue
    IFS='|' read -r _ file h up tvi ten cvi cen lic <<<"$(kind "$k")"
    n=$((n + 1))
    [ $n -gt 1 ] && echo ","
    upf=""
    [ -n "$up" ] && upf=", \"up\": \"$up\""
    printf '    { "id": "a%02d-%s", "scan": "%s", "room": "%s", "position": [%s, 0, %s], "rotation": [0, %s, 0], "height_m": %s%s,\n' \
      $n "$k" "$file" "$room" "$x" "$z" "$yaw" "$h" "$upf"
    printf '      "record": { "title": { "vi": "%s", "en": "%s" }, "inventory_number": "BENCH.%03d",\n' "$tvi" "$ten" $n
    printf '                  "credit": { "vi": "%s", "en": "%s" }, "licence": "%s" } }' "$cvi" "$cen" "$lic"
  done <<<"$layout"
  echo
  echo '  ],'
  # The walk: in at the west end, down the south aisle past the front row,
  # close to a 6.4M mask, through the doorway into the annex, back along the
  # north aisle, and a last look down the whole hall.
  cat <<'TAIL'
  "viewpoints": [
    { "id": "entrance", "name": { "vi": "Lối vào", "en": "Entrance" }, "position": [0.8, 1.6, 5.8], "look_at": [15, 1.2, 8] },
    { "id": "south-1", "name": { "vi": "Lối đi nam 1", "en": "South aisle 1" }, "position": [5, 1.6, 5.8], "look_at": [6.4, 1.1, 3.5] },
    { "id": "mask-64", "name": { "vi": "Mặt nạ lớn", "en": "Large mask" }, "position": [6.4, 1.5, 6.7], "look_at": [6.4, 1.09, 8] },
    { "id": "south-2", "name": { "vi": "Lối đi nam 2", "en": "South aisle 2" }, "position": [16, 1.6, 5.8], "look_at": [19.6, 1.1, 3.5] },
    { "id": "mask-64b", "name": { "vi": "Mặt nạ lớn 2", "en": "Large mask 2" }, "position": [20, 1.6, 6.2], "look_at": [20, 1.09, 8] },
    { "id": "doorway", "name": { "vi": "Cửa phòng phụ", "en": "Annex doorway" }, "position": [29, 1.6, 7.2], "look_at": [36, 1.2, 8] },
    { "id": "annex", "name": { "vi": "Phòng phụ", "en": "Annex" }, "position": [35, 1.6, 8], "look_at": [35, 1.2, 10.5] },
    { "id": "north", "name": { "vi": "Lối đi bắc", "en": "North aisle" }, "position": [24, 1.6, 10.3], "look_at": [13.2, 1.1, 12.5] },
    { "id": "hall-view", "name": { "vi": "Toàn cảnh sảnh", "en": "The whole hall" }, "position": [3, 1.7, 10.3], "look_at": [27, 1.0, 8] }
  ],
  "tours": [
    { "id": "walk", "name": { "vi": "Đi một vòng", "en": "A walk round" },
      "stops": [
        { "viewpoint": "entrance", "seconds": 1, "travel_seconds": 2 },
        { "viewpoint": "south-1", "seconds": 0.5, "travel_seconds": 2.5 },
        { "viewpoint": "mask-64", "seconds": 1, "travel_seconds": 2 },
        { "viewpoint": "south-2", "seconds": 0.5, "travel_seconds": 3 },
        { "viewpoint": "mask-64b", "seconds": 1, "travel_seconds": 1.5 },
        { "viewpoint": "doorway", "seconds": 0.5, "travel_seconds": 3 },
        { "viewpoint": "annex", "seconds": 1, "travel_seconds": 2 },
        { "viewpoint": "north", "seconds": 0.5, "travel_seconds": 3.5 },
        { "viewpoint": "hall-view", "seconds": 1, "travel_seconds": 3 }
      ] }
  ],
  "hotspots": []
}
TAIL
} >"$ex/exhibition.json"

[ "${VITRINE_WALK_ONLY_GENERATE:-0}" = 1 ] && { echo "generated $ex"; exit 0; }

# run NAME CMD...: runs CMD under /usr/bin/time, keeps its key=value output
# in $work/NAME.out and its wall time and peak RSS in $work/NAME.time.
run() {
  local name=$1; shift
  /usr/bin/time -f "wall_s=%e
rss_kb=%M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
}
val() { grep -m1 "^$2=" "$work/$1.out" "$work/$1.time" 2>/dev/null | head -1 | cut -d= -f2 | cut -d: -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else printf "n/a" }'; }
fail() { echo "bench: $1 failed; see $work/$2.err" >&2; cat "$work/$2.err" >&2; exit 1; }

out=$work/walk.vitrine
# A private, empty scan cache: the first build converts every scan, the
# second finds them all there (the incremental build after an edit to the
# text of exhibition.json).
export XDG_CACHE_HOME=$work/cache
run build1 "$pack" "$ex" -o "$out" || fail "vitrine-pack" build1
run build2 "$pack" "$ex" -o "$out" || fail "vitrine-pack (second build)" build2
summary=$(grep -h "scans (" "$work/build1.err" "$work/build1.out" | tail -1)
summary2=$(grep -h "scans (" "$work/build2.err" "$work/build2.out" | tail -1)
cat "$out" >/dev/null # page cache: opening starts from memory, as on a kiosk after the first visit
run open "$walk" "$out" --open --size "$size" || fail "bench_walk --open" open
run walk "$walk" "$out" --size "$size" --fps "$fps" --frames "$frames" --per-frame "$work/walk-frames.tsv" ||
  fail "bench_walk" walk

w() { val walk "$1"; }
mb=$(awk -v b="$(stat -c %s "$out")" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "$(w artefacts) artefacts, $(w distinct_scans) distinct scans, $(w source_triangles) source triangles" \
  "($(w full_res_triangles) at full resolution); package $mb MB"
echo "build, empty cache:  $(val build1 wall_s) s, peak RSS $(($(val build1 rss_kb) / 1024)) MB  ($summary)"
echo "build, from cache:   $(val build2 wall_s) s  ($summary2)"
echo "open to first frame: $(val open open_first_frame_s) s ($(val open first_frame_triangles) triangles);" \
  "every level in: $(val open open_all_loaded_s) s; peak RSS $(($(val open rss_kb) / 1024)) MB"
echo "tour: $(w tour_s) s at $fps fps = $(w tour_frames) frames of $size; lod, full and bare compared on every" \
  "$(w sample_every)th frame ($(w sampled_frames) poses, the same for all three); load average $(w loadavg_start) -> $(w loadavg_end) (2 cores)"
echo
printf "%-34s %7s %10s %9s %11s\n" pass frames median_ms p95_ms triangles
row() {
  printf "%-34s %7s %10s %9s %11s\n" "$1" "$(w "$2_frames")" "$(w "$2_frame_ms_median")" "$(w "$2_frame_ms_p95")" \
    "$(w "$2_triangles_median")"
}
row "walk: LOD + room, every frame" walk
row "lod:  LOD + room" lod
row "full: full resolution + room" full
row "bare: LOD, no room" bare
printf "%-34s %7s %10s\n" "empty: clear + resolve only" 15 "$(w empty_frame_ms_median)"
echo
echo "x_full_median = full / lod, median:  $(ratio "$(w full_frame_ms_median)" "$(w lod_frame_ms_median)")"
echo "x_full_p95    = full / lod, p95:     $(ratio "$(w full_frame_ms_p95)" "$(w lod_frame_ms_p95)")"
echo "x_room_median = lod / bare, median:  $(ratio "$(w lod_frame_ms_median)" "$(w bare_frame_ms_median)")"
echo "x_room_p95    = lod / bare, p95:     $(ratio "$(w lod_frame_ms_p95)" "$(w bare_frame_ms_p95)")"
echo "peak RSS: $(w walk_peak_rss_mb) MB after the LOD walk, $(($(val walk rss_kb) / 1024)) MB with the full-resolution frames"
echo "per-frame times: $work/walk-frames.tsv; raw figures: $work/*.out, *.time"
