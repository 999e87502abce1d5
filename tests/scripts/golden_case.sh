#!/bin/sh
# One golden-image test: render SCAN headless with the given viewer options
# and compare the PNG with tests/golden/NAME.png (see tests/tools/imgdiff.c
# for the tolerance). SCAN is relative to the shared data folder; "-" renders
# the built-in demo drum; "=PATH" is PATH itself (test data in this checkout). Exit 77 (ctest: skipped) when the shared data is
# absent. With VITRINE_UPDATE_GOLDEN=1 the reference is rewritten instead.
#   golden_case.sh VITRINE IMGDIFF SHARED_DIR GOLDEN_DIR OUT_DIR NAME SCAN [OPTIONS...]
set -u
vitrine=$1 imgdiff=$2 shared=$3 golden=$4 outdir=$5 name=$6 scan=$7
shift 7
if [ "$scan" = "-" ]; then
  set -- "$@"
  export VITRINE_DEMO_BUILTIN=1
elif [ "${scan#=}" != "$scan" ]; then
  # The audio-guide exhibition's narration is synthesised: without
  # espeak-ng its captions are missing and the picture differs.
  case "$scan" in
    */exhibitions/guide) command -v espeak-ng >/dev/null 2>&1 ||
                           { echo "SKIP: espeak-ng is not installed (the guide's narration is synthesised)"; exit 77; } ;;
  esac
  set -- "$@" "${scan#=}"
else
  if [ ! -e "$shared/$scan" ]; then
    echo "SKIP: $shared/$scan not found: the shared scans (../shared/data) are not beside this checkout"
    exit 77
  fi
  set -- "$@" "$shared/$scan"
fi
mkdir -p "$outdir"
# A private conversion cache: every run converts afresh, so a changed packer
# is always what gets tested.
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
export XDG_CACHE_HOME="$cache"
out="$outdir/$name.png"
rm -f "$out"
"$vitrine" --screenshot "$out" "$@" || { echo "FAIL: vitrine exited $?"; exit 1; }
if [ "${VITRINE_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$out" "$golden/$name.png" && echo "updated $golden/$name.png"
  exit 0
fi
if [ ! -e "$golden/$name.png" ]; then
  echo "FAIL: no reference $golden/$name.png (run tools/update-golden.sh)"
  exit 1
fi
# VITRINE_IMGDIFF_TOL=MEAN,FRACTION loosens the comparison (round trips).
tol=${VITRINE_IMGDIFF_TOL:-}
if [ -n "$tol" ]; then
  "$imgdiff" "$out" "$golden/$name.png" "${tol%,*}" "${tol#*,}"
else
  "$imgdiff" "$out" "$golden/$name.png"
fi
