#!/bin/sh
# Builds the .vitrine reader's libFuzzer harness and runs it.
#   run_fuzz.sh OUTDIR [SECONDS] [libFuzzer options...]
# OUTDIR gets: fuzz_package (clang, -fsanitize=fuzzer,address,undefined),
# make_seed (the ordinary compiler), drum.vitrine (the demo drum, packed by
# make_seed), seeds/ (small textured grids, also from make_seed), corpus/ (what the fuzzer learns;
# kept between runs, so a longer run by hand continues a CI one) and
# artifacts/ (crashing, leaking or slow inputs). SECONDS defaults to 60; CI
# runs 30. Exits non-zero when the build fails or the fuzzer finds anything.
# Reproduce a finding: OUTDIR/fuzz_package OUTDIR/artifacts/crash-...
# Environment: CLANG (default clang), CC (default cc) for make_seed.
set -eu
if [ $# -lt 1 ]; then
  echo "usage: run_fuzz.sh OUTDIR [SECONDS] [libFuzzer options...]" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
secs=${2:-60}
shift
[ $# -gt 0 ] && shift
clang=${CLANG:-clang}
cc=${CC:-cc}
mkdir -p "$out/seeds" "$out/corpus" "$out/artifacts"
out=$(cd "$out" && pwd)
cd "$root"

reader="src/package/package_reader.c src/package/texture_decode.c src/base/crc32.c src/base/file.c src/base/result.c src/base/log.c"
# -O1 -g as libFuzzer's docs suggest; UB aborts so libFuzzer reports it.
"$clang" -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-parameter -Isrc \
  tests/fuzz/fuzz_package.c $reader -o "$out/fuzz_package" -lm -lpthread

# shellcheck disable=SC2046 # pkg-config prints several words on purpose
"$cc" -std=c11 -O2 -Isrc $(pkg-config --cflags stb cglm) tests/fuzz/make_seed.c \
  src/import/pack.c src/import/pack_geometry.c src/import/texture_encode.c \
  src/scene/dong_son_drum.c src/scene/mesh_normals.c src/scene/model.c src/scene/bounds.c \
  src/base/arena.c src/base/file.c src/base/crc32.c src/base/result.c src/base/log.c \
  src/package/package_reader.c src/package/texture_decode.c \
  -o "$out/make_seed" $(pkg-config --libs stb cglm) -lmeshoptimizer -lm -lpthread
"$out/make_seed" "$out/seeds"
# The drum (2 MB) is run once, whole, through the harness: a real package
# down every path. As a seed it would make libFuzzer mutate 2 MB inputs at
# a hundred runs a second instead of tens of thousands; the small seeds
# reach the same code.
mv "$out/seeds/drum.vitrine" "$out/drum.vitrine"
"$out/fuzz_package" "$out/drum.vitrine" >"$out/drum.log" 2>&1 || {
  cat "$out/drum.log" >&2
  echo "run_fuzz: the harness fails on the demo drum's package" >&2
  exit 1
}

echo "run_fuzz: fuzzing for $secs s ($(ls "$out/seeds" | wc -l) seeds, $(ls "$out/corpus" | wc -l) in the corpus)"
# The first folder receives new inputs; the seeds are only read.
# -timeout: an input that takes seconds is a finding (quadratic checks).
status=0
"$out/fuzz_package" -max_total_time="$secs" -dict=tests/fuzz/package.dict -timeout=10 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$@" "$out/corpus" "$out/seeds" \
  >"$out/fuzz.log" 2>&1 || status=$?
grep -E "^(INFO|#[0-9]+ +DONE)|stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|ERROR|SUMMARY|broken promise" \
  "$out/fuzz.log" | tail -n 20
if [ "$status" -ne 0 ]; then
  echo "run_fuzz: the fuzzer stopped with status $status; see $out/fuzz.log and $out/artifacts/" >&2
  tail -n 60 "$out/fuzz.log" >&2
  exit 1
fi
echo "run_fuzz: nothing found"
