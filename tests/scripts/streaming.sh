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
awk 'BEGIN {
  n = 300
  for (j = 0; j <= n; j++) for (i = 0; i <= n; i++)
    printf "v %.5f %.5f %.5f\n", i / n - 0.5, 0.03 * sin(i * 0.09) * cos(j * 0.07), j / n - 0.5
  for (j = 0; j < n; j++) for (i = 0; i < n; i++) {
    a = j * (n + 1) + i + 1
    printf "f %d %d %d\nf %d %d %d\n", a, a + n + 1, a + 1, a + 1, a + n + 1, a + n + 2
  }
}' >"$tmp/grid.obj"
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
