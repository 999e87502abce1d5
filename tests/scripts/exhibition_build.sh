#!/bin/sh
# vitrine-pack EXHIBITION_DIR: a whole exhibition into one package, end to
# end. A package that verifies and describes itself; a second build taking
# every scan from the cache with the same bytes; a changed scan reconverted
# alone; the same bytes for any job count; one nested scan for two artefacts
# showing the same file; a bad exhibition refused before any work, every
# problem as file:line:column, nothing written; a scan that cannot be
# imported refused by name. Makes its own small scans and uses the built-in
# drum, so it needs no data. Then the audio guide (tests/data/exhibitions/
# guide): narration per hotspot and language, cached; broken media refused
# all at once with file:line:column.
#   exhibition_build.sh VITRINE_PACK WORK
# WORK is a scratch folder (created, emptied). The cache goes under WORK.
set -u
pack=$1 work=$2
rm -rf "$work"
mkdir -p "$work" || exit 1
tmp=$(cd "$work" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
fails=0 passes=0
pass() { passes=$((passes + 1)); echo "ok   $1"; }
fail() { fails=$((fails + 1)); echo "FAIL $1"; [ -s "$tmp/err" ] && sed 's/^/     /' "$tmp/err"; }
check() { # NAME EXPECTED_RC ACTUAL_RC
  if [ "$2" -eq "$3" ]; then pass "$1"; else fail "$1: expected exit $2, got $3"; fi
}
same_file() { # NAME A B
  if cmp -s "$2" "$3"; then pass "$1"; else fail "$1: $2 and $3 differ"; fi
}
count() { # PATTERN FILE: lines matching
  grep -c -- "$1" "$2" 2>/dev/null || true
}
expect_count() { # NAME PATTERN FILE N
  n=$(count "$2" "$3")
  if [ "$n" -eq "$4" ]; then pass "$1"; else fail "$1: $n lines match '$2', expected $4"; fi
}
# info_has NAME FILE PATTERN: --info's JSON, whitespace removed, contains PATTERN.
info_has() {
  if tr -d ' \t\n' <"$2" | grep -qF -- "$3"; then pass "$1"; else fail "$1: --info lacks $3"; fi
}

# ---- an exhibition of generated scans ----------------------------------------
# Each scan in its own folder: a scan's cache key covers its folder's other
# files (textures and buffers live there), so neighbours would share fates.
ex="$tmp/ex"
mkdir -p "$ex/scans/grid" "$ex/scans/tetra" "$ex/scans/bump"
sh "$here/make_grid.sh" 60 >"$ex/scans/grid/grid.obj"
printf 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n' >"$ex/scans/tetra/tetra.obj"
printf 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 2\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n' >"$ex/scans/bump/bump.obj"
rec='"record": { "title": { "en": "T" }, "credit": { "en": "C" }, "licence": "CC0-1.0" }'
# write_exhibition EXTRA: EXTRA goes into the first artefact (to break it).
write_exhibition() {
  cat >"$ex/exhibition.json" <<EOF
{
  "format": 1,
  "title": { "en": "Build test" },
  "languages": ["en"],
  "rooms": [
    { "id": "hall", "name": { "en": "Hall" }, "floor_plan": [[0, 0], [8, 0], [8, 6], [0, 6]] }
  ],
  "artefacts": [
    { "id": "grid", "scan": "scans/grid/grid.obj", "room": "hall", "position": [1, 0, 1], "height_m": 0.5,$1
      $rec },
    { "id": "tetra", "scan": "scans/tetra/tetra.obj", "room": "hall", "position": [2, 0, 1], $rec },
    { "id": "drum", "scan": "builtin:dong-son-drum", "room": "hall", "position": [3, 0, 1], $rec },
    { "id": "grid-again", "scan": "scans/grid/grid.obj", "room": "hall", "position": [4, 0, 1], "height_m": 1.5,
      $rec },
    { "id": "tetra-z", "scan": "scans/tetra/tetra.obj", "room": "hall", "position": [5, 0, 1], "up": "z", $rec },
    { "id": "bump", "scan": "scans/bump/bump.obj", "room": "hall", "position": [6, 0, 1], $rec }
  ],
  "viewpoints": [
    { "id": "door", "name": { "en": "Door" }, "position": [1, 1.6, 5], "look_at": [4, 1, 1] }
  ],
  "tours": [
    { "id": "walk", "name": { "en": "Walk" }, "stops": [{ "viewpoint": "door" }] }
  ]
}
EOF
}
write_exhibition ""

# ---- first build, second build -----------------------------------------------
export XDG_CACHE_HOME="$tmp/cache"
"$pack" -j 2 "$ex" -o "$tmp/a.vitrine" >"$tmp/out" 2>"$tmp/err"; check "build an exhibition" 0 $?
# 6 artefacts, 5 unique (scan, up) pairs: grid (twice, two heights), tetra,
# tetra with z up, the drum, bump.
expect_count "one progress line per unique scan" '^vitrine-pack: \[[0-9]/5\] ' "$tmp/err" 5
expect_count "...all converted" ': converted in ' "$tmp/err" 5
grep -q '(5 converted, 0 from cache)' "$tmp/out" && pass "summary: 5 converted" || fail "summary: $(cat "$tmp/out")"
"$pack" --verify "$tmp/a.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify the exhibition" 0 $?
grep -qF "$tmp/a.vitrine: ok" "$tmp/out" || fail "--verify prints: $(cat "$tmp/out")"
"$pack" --info "$tmp/a.vitrine" >"$tmp/info.json" 2>"$tmp/err"; check "--info the exhibition" 0 $?
if command -v python3 >/dev/null 2>&1; then
  python3 -m json.tool "$tmp/info.json" >/dev/null 2>"$tmp/err" && pass "--info is valid JSON" || fail "--info is not valid JSON"
fi
for id in grid tetra drum grid-again tetra-z bump; do
  info_has "--info lists artefact $id" "$tmp/info.json" "\"id\":\"$id\","
done
info_has "--info: format 1.1" "$tmp/info.json" '"format":"1.1","kind":"exhibition"'
info_has "--info: the grid is 7,200 triangles at scan 0" "$tmp/info.json" \
  '"id":"grid","scan":"scans/grid/grid.obj","scan_index":0,"triangles":7200'
info_has "two artefacts showing one scan share it" "$tmp/info.json" \
  '"id":"grid-again","scan":"scans/grid/grid.obj","scan_index":0,'
info_has "the same scan with another up axis is another package" "$tmp/info.json" \
  '"id":"tetra-z","scan":"scans/tetra/tetra.obj","scan_index":3,'
info_has "the built-in drum is packed" "$tmp/info.json" '"id":"drum","scan":"builtin:dong-son-drum","scan_index":2,'
info_has "--info lists the room" "$tmp/info.json" '"rooms":[{"id":"hall","scan_index":null}]'
info_has "--info lists viewpoints and tours" "$tmp/info.json" '"viewpoints":["door"],"tours":[{"id":"walk","stops":1}]'
n=$(tr -d ' \t\n' <"$tmp/info.json" | grep -o '"index":[0-9]*' | wc -l)
[ "$n" -eq 5 ] && pass "five nested scans" || fail "$n nested scans, expected 5"

"$pack" -j 2 "$ex" -o "$tmp/b.vitrine" >"$tmp/out" 2>"$tmp/err"; check "build again" 0 $?
expect_count "second build: every scan from the cache" ': from cache$' "$tmp/err" 5
expect_count "...none converted" ': converted in ' "$tmp/err" 0
grep -q '(0 converted, 5 from cache)' "$tmp/out" && pass "summary: 5 from cache" || fail "summary: $(cat "$tmp/out")"
same_file "a build from the cache has the same bytes" "$tmp/a.vitrine" "$tmp/b.vitrine"

# One scan changed: that one converted again, the rest from the cache.
sh "$here/make_grid.sh" 61 >"$ex/scans/grid/grid.obj"
"$pack" -j 2 "$ex" -o "$tmp/c.vitrine" >"$tmp/out" 2>"$tmp/err"; check "build after changing the grid" 0 $?
expect_count "the changed scan is converted again" 'scans/grid/grid.obj: converted in ' "$tmp/err" 1
expect_count "...and nothing else" ': converted in ' "$tmp/err" 1
expect_count "...the rest come from the cache" ': from cache$' "$tmp/err" 4
cmp -s "$tmp/a.vitrine" "$tmp/c.vitrine" && fail "the package did not change with its scan"
"$pack" --info "$tmp/c.vitrine" >"$tmp/info.json" 2>"$tmp/err"
info_has "...and the new grid is in it" "$tmp/info.json" '"id":"grid","scan":"scans/grid/grid.obj","scan_index":0,"triangles":7442'

# Job counts and caches do not change the bytes: fresh caches, 1 and 2 jobs.
XDG_CACHE_HOME="$tmp/cache-j1" "$pack" -q -j 1 "$ex" -o "$tmp/j1.vitrine" >"$tmp/out" 2>"$tmp/err"
check "build with 1 job, empty cache" 0 $?
[ -s "$tmp/err" ] && fail "-q still printed: $(cat "$tmp/err")"
XDG_CACHE_HOME="$tmp/cache-j2" "$pack" -q -j 2 "$ex" -o "$tmp/j2.vitrine" >"$tmp/out" 2>"$tmp/err"
check "build with 2 jobs, empty cache" 0 $?
same_file "1 and 2 jobs give the same bytes" "$tmp/j1.vitrine" "$tmp/j2.vitrine"
same_file "converted and cached give the same bytes" "$tmp/c.vitrine" "$tmp/j1.vitrine"
left=$(ls -A "$tmp" "$tmp/cache/vitrine" | grep -F '.tmp' || true)
[ -z "$left" ] && pass "no temporary files left" || fail "left behind: $left"

# ---- a bad exhibition: every problem, nothing written ----------------------------
cp "$tmp/a.vitrine" "$tmp/keep.vitrine"
cp "$ex/exhibition.json" "$tmp/good.json"
# An unknown field, a scan that does not exist, a path out of the folder and
# an id used twice.
sed -e 's/"height_m": 0.5,/"heigth_m": 0.5,/' \
    -e 's|"scans/tetra/tetra.obj", "room": "hall", "position": \[2|"scans/tetra/missing.obj", "room": "hall", "position": [2|' \
    -e 's|"scans/bump/bump.obj"|"../bump.obj"|' \
    -e 's/"id": "tetra-z"/"id": "drum"/' "$tmp/good.json" >"$ex/exhibition.json"
"$pack" "$ex" -o "$tmp/a.vitrine" >"$tmp/out" 2>"$tmp/err"; check "a bad exhibition" 3 $?
for what in 'unknown field "heigth_m"' 'missing.obj" not found' '"../bump.obj" leaves the exhibition folder' \
            'id "drum" is used twice'; do
  if grep -qE "^$ex/exhibition.json:[0-9]+:[0-9]+: .*" "$tmp/err" && grep -F -- "$what" "$tmp/err" |
     grep -qE "^$ex/exhibition.json:[0-9]+:[0-9]+: "; then pass "reported with line:column: $what"
  else fail "not reported with line:column: $what"; fi
done
expect_count "...and nothing converted" ': converted in \|: from cache' "$tmp/err" 0
same_file "a bad exhibition leaves the old package as it was" "$tmp/keep.vitrine" "$tmp/a.vitrine"
"$pack" "$ex" -o "$tmp/new.vitrine" >"$tmp/out" 2>"$tmp/err"; check "a bad exhibition, new output" 3 $?
[ -e "$tmp/new.vitrine" ] && fail "a bad exhibition wrote a package" || pass "a bad exhibition writes nothing"

# ---- a scan that cannot be imported -----------------------------------------------
cp "$tmp/good.json" "$ex/exhibition.json"
printf 'ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\n' >"$ex/scans/bump/bump.obj.ply"
sed 's|"scans/bump/bump.obj"|"scans/bump/bump.obj.ply"|' "$tmp/good.json" >"$ex/exhibition.json"
"$pack" "$ex" -o "$tmp/a.vitrine" >"$tmp/out" 2>"$tmp/err"; check "a scan that cannot be imported" 3 $?
grep -q "^vitrine-pack: .*scans/bump/bump.obj.ply" "$tmp/err" && pass "...named: $(tail -n 1 "$tmp/err")" ||
  fail "the broken scan is not named"
same_file "...and the old package is left as it was" "$tmp/keep.vitrine" "$tmp/a.vitrine"
: >"$ex/scans/bump/empty.obj"
sed 's|"scans/bump/bump.obj"|"scans/bump/empty.obj"|' "$tmp/good.json" >"$ex/exhibition.json"
"$pack" -q "$ex" -o "$tmp/new.vitrine" >"$tmp/out" 2>"$tmp/err"; check "an empty scan" 3 $?
grep -q "scans/bump/empty.obj" "$tmp/err" && pass "...named" || fail "the empty scan is not named"
[ -e "$tmp/new.vitrine" ] && fail "a failed build wrote a package"

# ---- the audio guide: narration, captions, images, fonts ---------------------------
# tests/data/exhibitions/guide: three hotspots in vi, en and zh, one with a
# recorded WAV and hand-written captions, the rest spoken by espeak-ng.
g="$tmp/guide"
cp -r "$here/../data/exhibitions/guide" "$g"
"$pack" -j 2 "$g" -o "$tmp/guide.vitrine" >"$tmp/out" 2>"$tmp/err"; check "build the audio guide" 0 $?
if command -v espeak-ng >/dev/null 2>&1; then
  grep -q '9 narrations (8 synthetic, 0 from cache), 1 image, 3 fonts' "$tmp/out" &&
    pass "summary: 9 narrations, 8 synthetic, an image, 3 fonts" || fail "summary: $(cat "$tmp/out")"
  expect_count "narration converted" '^vitrine-pack: narration: 9 converted, 0 from cache$' "$tmp/err" 1
fi
"$pack" -j 2 "$g" -o "$tmp/guide2.vitrine" >"$tmp/out" 2>"$tmp/err"; check "build the guide again" 0 $?
expect_count "...no narration converted" '^vitrine-pack: narration: 0 converted, [0-9]* from cache$' "$tmp/err" 1
same_file "...and the same bytes" "$tmp/guide.vitrine" "$tmp/guide2.vitrine"
"$pack" --verify "$tmp/guide.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify the guide" 0 $?
"$pack" --info "$tmp/guide.vitrine" >"$tmp/info.json" 2>"$tmp/err"; check "--info the guide" 0 $?
info_has "--info: the recorded narration" "$tmp/info.json" \
  '"kind":"audio","hotspot":"drum-star","lang":"vi","seconds":2.75,'
info_has "--info: ...not synthetic" "$tmp/info.json" '"synthetic":false,"name":"drum-star.vi.wav"'
info_has "--info: the image" "$tmp/info.json" '"kind":"image","hotspot":"drum-star","lang":"","name":"drum-star.png"'
info_has "--info: WenQuanYi for the Chinese texts" "$tmp/info.json" '"kind":"font","hotspot":null,"lang":"","name":"wqy-microhei.ttc"'
info_has "--info: which languages are narrated, and how" "$tmp/info.json" \
  '"id":"drum-star","stop":1,"image":true,"narration":{"vi":"recorded","en":"synthetic","zh":"synthetic"}'
if command -v espeak-ng >/dev/null 2>&1; then
  info_has "--info: totals" "$tmp/info.json" '"summary":"9narrations(8synthetic),1image,3fonts"'
fi

# Broken media, all in one build: every problem at once, at the line:column
# of the path in exhibition.json and with the media file's own place.
line_of() { grep -n -F -- "$1" "$2" | head -n 1 | cut -d: -f1; }
sed 's/00:00:01.400 --> 00:00:02.700/00:00:01.400 --> 00:0x:02.700/' "$g/audio/drum-star.vi.vtt" >"$g/audio/bad.vtt"
head -c 4000 /dev/urandom >"$g/audio/noise.wav"
printf 'WEBVTT\n\n00:00:00.000 --> 00:00:09.000\nFar too long.\n' >"$g/audio/long.vtt"
cp "$g/exhibition.json" "$tmp/guide-good.json"
sed -e 's|"captions": "audio/drum-star.vi.vtt"|"captions": "audio/bad.vtt"|' \
    -e 's|"zh": "雒鸟" },|"zh": "雒鸟" }, "narration": { "en": { "audio": "audio/noise.wav" } },|' \
    -e 's|"title": { "vi": "Men lam", "en": "Blue glaze", "zh": "青花釉" }|"title": { "vi": "Men lam 😀", "en": "Blue glaze அ", "zh": "青花釉" }, "narration": { "zh": { "audio": "audio/drum-star.vi.wav", "captions": "audio/long.vtt" } }|' \
    "$tmp/guide-good.json" >"$g/exhibition.json"
"$pack" -j 2 "$g" -o "$tmp/guide-bad.vitrine" >"$tmp/out" 2>"$tmp/err"; check "broken media" 3 $?
[ -e "$tmp/guide-bad.vitrine" ] && fail "broken media wrote a package" || pass "broken media writes nothing"
# expect_at NAME LINE_PATTERN MESSAGE_PATTERN: an error at the line holding LINE_PATTERN.
expect_at() {
  l=$(line_of "$2" "$g/exhibition.json")
  if grep -E "^$g/exhibition.json:$l:[0-9]+: " "$tmp/err" | grep -v ': warning: ' | grep -qE -- "$3"; then
    pass "$1 (line $l)"
  else fail "$1: no error at line $l matching $3"; fi
}
expect_at "a bad timestamp, with the captions' file:line:column" 'audio/bad.vtt' "$g/audio/bad.vtt:8:[0-9]+: bad end time"
expect_at "audio that is random bytes" 'audio/noise.wav' "$g/audio/noise.wav: not a WAV or Ogg Vorbis file"
expect_at "captions longer than the audio" 'audio/long.vtt' "$g/audio/long.vtt:3:[0-9]+: the cue ends at 00:00:09.000"
expect_at "a character no font has (U+1F600)" 'Men lam' 'U\+1F600.*no packaged font'
expect_at "a Tamil letter no font has (U+0B85)" 'Blue glaze' 'U\+0B85.*no packaged font'
expect_count "...five problems, one line each" "^$g/exhibition.json:[0-9]*:[0-9]*: [^w]" "$tmp/err" 5
# A missing image: the validator's error, before any work.
sed 's|"image": "images/drum-star.png"|"image": "images/missing.png"|' "$tmp/guide-good.json" >"$g/exhibition.json"
"$pack" -j 2 "$g" -o "$tmp/guide-bad.vitrine" >"$tmp/out" 2>"$tmp/err"; check "a missing image" 3 $?
expect_at "...reported where it is named" 'images/missing.png' 'images/missing.png" not found'
[ -e "$tmp/guide-bad.vitrine" ] && fail "a missing image wrote a package" || pass "a missing image writes nothing"
# An image that is not one.
head -c 2000 /dev/urandom >"$g/images/broken.png"
sed 's|"image": "images/drum-star.png"|"image": "images/broken.png"|' "$tmp/guide-good.json" >"$g/exhibition.json"
"$pack" -j 2 "$g" -o "$tmp/guide-bad.vitrine" >"$tmp/out" 2>"$tmp/err"; check "a broken image" 3 $?
expect_at "...reported where it is named" 'images/broken.png' 'is not a JPEG or PNG file'
[ -e "$tmp/guide-bad.vitrine" ] && fail "a broken image wrote a package" || pass "a broken image writes nothing"

# ---- usage ------------------------------------------------------------------------
cp "$tmp/good.json" "$ex/exhibition.json"
"$pack" "$ex" 2>"$tmp/err"; check "an exhibition without -o" 2 $?
"$pack" --up z "$ex" -o "$tmp/x.vitrine" 2>"$tmp/err"; check "--up with an exhibition" 2 $?

echo "exhibition_build: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
