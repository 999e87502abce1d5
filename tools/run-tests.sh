#!/bin/sh
# Builds Vitrine twice and runs the whole test suite:
#   build/       optimised, -Werror: unit, cli, robustness, golden tests and
#                30 s of libFuzzer on the package reader
#   build-asan/  AddressSanitizer + UBSan: unit, cli and robustness tests
#                (golden renders are the same code paths, and slow under ASan;
#                the fuzzer carries its own sanitizers)
# Needs tools/install-deps.sh first. Runs headless: with no DISPLAY the viewer
# renders through SDL's offscreen EGL driver.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVITRINE_TESTS=ON >/dev/null
cmake --build "$root/build" -j"$jobs"
ctest --test-dir "$root/build" --output-on-failure -j"$jobs"

cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DVITRINE_SANITIZE=ON -DVITRINE_TESTS=ON >/dev/null
cmake --build "$root/build-asan" -j"$jobs"
# Leaks are checked where no GL is loaded (see tests/CMakeLists.txt).
ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  ctest --test-dir "$root/build-asan" --output-on-failure -j"$jobs" -LE golden
