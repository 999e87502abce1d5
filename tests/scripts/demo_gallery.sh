#!/bin/sh
# The demo gallery (assets/gallery) must stay a valid exhibition: vitrine-pack
# --check passes with no diagnostic at all, Vietnamese and English are its
# languages (so the validator demands both texts everywhere, every
# artefact's title included), and the check does catch a missing English
# title in a copy. Exit 77 (ctest: skipped) when the fetched scans are absent
# (tools/fetch-demo.sh has not run, or ran offline).
#   demo_gallery.sh VITRINE_PACK GALLERY_DIR
set -u
pack=$1 gallery=$2

for f in scans/belweder-ot-1782.glb scans/stanford-bunny.obj; do
  if [ ! -s "$gallery/$f" ]; then
    echo "SKIP: $gallery/$f not fetched: run tools/fetch-demo.sh (needs npm and the network)"
    exit 77
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pack" --check "$gallery" >"$work/out" 2>"$work/err"
rc=$?
cat "$work/out" "$work/err"
if [ "$rc" -ne 0 ]; then
  echo "FAIL: vitrine-pack --check $gallery exited $rc"
  exit 1
fi
if [ -s "$work/err" ]; then
  echo "FAIL: vitrine-pack --check $gallery reported diagnostics (above); the demo must have none"
  exit 1
fi

# Vietnamese first, then English: the validator then requires "vi" and "en"
# in every text.
if ! tr -d ' \n' <"$gallery/exhibition.json" | grep -q '"languages":\["vi","en"\]'; then
  echo "FAIL: $gallery/exhibition.json must declare \"languages\": [\"vi\", \"en\"]"
  exit 1
fi

# The same check must fail on a copy whose bunny lost its English title.
mkdir -p "$work/copy/scans"
cp "$gallery/scans/belweder-ot-1782.glb" "$gallery/scans/stanford-bunny.obj" "$work/copy/scans/"
sed 's/"title": { "vi": "Thỏ Stanford", "en": "The Stanford bunny" }/"title": { "vi": "Thỏ Stanford" }/' \
  "$gallery/exhibition.json" >"$work/copy/exhibition.json"
if cmp -s "$gallery/exhibition.json" "$work/copy/exhibition.json"; then
  echo "FAIL: the bunny's title line changed; update the edit in $0"
  exit 1
fi
"$pack" --check "$work/copy" >"$work/out" 2>"$work/err"
rc=$?
if [ "$rc" -eq 0 ] || ! grep -q 'record.title.*stanford-bunny.*has no "en"' "$work/err"; then
  echo "FAIL: a missing English title was not reported (exit $rc):"
  cat "$work/err"
  exit 1
fi

echo "PASS: $gallery is a valid vi/en exhibition"
exit 0
