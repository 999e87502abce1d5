#!/bin/sh
# Progressive loading end to end: a package bigger than what goes up before
# the first frame is opened, drawn once, and then streamed in by the worker
# thread (checksums off the main thread, uploads in slices) until complete.
# Uses bench_view's "open" mode, which does exactly what the viewer does.
#   streaming.sh VITRINE_PACK BENCH_VIEW
set -u
pack=$1 view=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A 300x300 wavy grid: 180,000 triangles, several levels, about 6 MB.
sh "$(dirname "$0")/make_grid.sh" 300 >"$tmp/grid.obj"
"$pack" -q "$tmp/grid.obj" -o "$tmp/grid.vitrine" || { echo "FAIL: vitrine-pack exited $?"; exit 1; }
"$view" open "$tmp/grid.vitrine" >"$tmp/out" 2>"$tmp/err" || { echo "FAIL: bench_view open exited $?"; cat "$tmp/err"; exit 1; }
cat "$tmp/out"
first=$(sed -n 's/^first_frame_triangles=//p' "$tmp/out")
all=$(sed -n 's/^open_all_loaded_s=//p' "$tmp/out")
if [ -z "$first" ] || [ "$first" -le 0 ] || [ -z "$all" ]; then
  echo "FAIL: the first frame drew nothing, or loading never completed"; exit 1
fi
if [ -s "$tmp/err" ]; then echo "FAIL: warnings while streaming:"; cat "$tmp/err"; exit 1; fi
echo "streaming: 1 passed, 0 failed"
