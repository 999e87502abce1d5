#!/bin/sh
# The demo gallery (assets/gallery) must stay a valid exhibition: vitrine-pack
# --check passes with no diagnostic at all, Vietnamese and English are its
# languages (so the validator demands both texts everywhere, every
# artefact's title included), and the check does catch a missing English
# title in a copy. Its audio guide must cover the whole gallery: every
# artefact has a hotspot with a title and a body in both languages, and every
# hotspot on a scan file lies within that scan's bounds (in the file's own
# units, as the exhibition packs it), so a point cannot drift off its object
# unnoticed; both checks are shown to fail on a broken copy. Exit 77 (ctest:
# skipped) when the fetched scans are absent (tools/fetch-demo.sh has not
# run, or ran offline).
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

# ---- the audio guide --------------------------------------------------------
# python3 reads the JSON (tools/install-deps.sh installs it); without it the
# coverage checks are skipped, not failed.
if ! command -v python3 >/dev/null 2>&1; then
  echo "PASS: $gallery is a valid vi/en exhibition (audio-guide checks skipped: no python3)"
  exit 0
fi

# Each scan file's bounds in its own units (--unit m keeps the file's
# numbers, as the exhibition builder does), one line: PATH minx miny minz maxx maxy maxz.
export XDG_CACHE_HOME="$work/cache"
: >"$work/bounds"
for f in scans/belweder-ot-1782.glb scans/stanford-bunny.obj; do
  if ! "$pack" -q --unit m "$gallery/$f" -o "$work/scan.vitrine" >"$work/out" 2>&1 ||
     ! "$pack" --info "$work/scan.vitrine" >"$work/info.json" 2>"$work/err"; then
    cat "$work/out" "$work/err"
    echo "FAIL: could not pack $gallery/$f to read its bounds"
    exit 1
  fi
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(sys.argv[2], *d["bounds_min_m"], *d["bounds_max_m"])' "$work/info.json" "$f" >>"$work/bounds" || exit 1
done

# guide_check EXHIBITION_JSON: prints one line per problem, exits 1 if any.
guide_check() {
  python3 - "$1" "$work/bounds" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1], encoding="utf-8"))
bounds = {}
for line in open(sys.argv[2]):
    f = line.split()
    bounds[f[0]] = ([float(v) for v in f[1:4]], [float(v) for v in f[4:7]])
problems = []
hotspots = ex.get("hotspots", [])
for a in ex["artefacts"]:
    told = [h for h in hotspots if h.get("artefact") == a["id"]
            and all(isinstance(h.get(k, {}).get(l), str) and h[k][l].strip()
                    for k in ("title", "body") for l in ("vi", "en"))]
    if not told:
        problems.append('artefact "%s" has no hotspot with a title and a body in "vi" and "en"' % a["id"])
scans = {a["id"]: a["scan"] for a in ex["artefacts"]}
for h in hotspots:
    b = bounds.get(scans.get(h.get("artefact"), ""))
    if not b:
        continue  # a room point or a built-in model
    lo, hi = b
    pad = [0.05 * (hi[k] - lo[k]) for k in range(3)]
    if any(not (lo[k] - pad[k] <= h["position"][k] <= hi[k] + pad[k]) for k in range(3)):
        problems.append('hotspot "%s" at %s lies outside its scan\'s bounds %s..%s (file units)'
                        % (h["id"], h["position"], lo, hi))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
}

if ! guide_check "$gallery/exhibition.json"; then
  echo "FAIL: the audio guide of $gallery does not cover the gallery (above)"
  exit 1
fi

# The same checks must fail on a copy that lost the bunny's hotspots and
# whose television hotspots were scaled by 10 (a unit mix-up).
python3 - "$gallery/exhibition.json" "$work/copy/exhibition.json" <<'PY' || exit 1
import json, sys
ex = json.load(open(sys.argv[1], encoding="utf-8"))
ex["hotspots"] = [h for h in ex["hotspots"] if h.get("artefact") != "stanford-bunny"]
for h in ex["hotspots"]:
    if h.get("artefact") == "belweder-tv":
        h["position"] = [v * 10.0 for v in h["position"]]
json.dump(ex, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
if guide_check "$work/copy/exhibition.json" >"$work/out"; then
  echo "FAIL: the audio-guide check passed a copy with no bunny hotspot and misplaced TV hotspots"
  exit 1
fi
if ! grep -q 'artefact "stanford-bunny" has no hotspot' "$work/out" || ! grep -q 'outside its scan' "$work/out"; then
  echo "FAIL: the audio-guide check missed a problem in the broken copy:"
  cat "$work/out"
  exit 1
fi

echo "PASS: $gallery is a valid vi/en exhibition; every artefact has a vi/en hotspot, each within its scan's bounds"
exit 0
