#!/bin/sh
# The viewer's contract for exhibitions, end to end: a missing scan is a
# warning and a placeholder (exit 0, a picture), a broken exhibition.json
# exits 3 with file:line:column and no picture, unknown viewpoints and tours
# and exhibition options on a single scan exit 2, a malformed input script
# exits 3 naming its line, a built package opens like its folder. Needs no
# shared data (the test gallery's artefacts are built in).
#   museum_cli.sh VITRINE VITRINE_PACK EXHIBITION_DIR
set -u
vitrine=$1 pack=$2 walk=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"
fails=0 passes=0
check() { # NAME EXPECTED_RC ACTUAL_RC
  if [ "$2" -eq "$3" ]; then passes=$((passes + 1)); echo "ok   $1"
  else fails=$((fails + 1)); echo "FAIL $1: expected exit $2, got $3"; sed 's/^/     /' "$tmp/err" 2>/dev/null; fi
}
expect() { # NAME PATTERN FILE: FILE holds a line matching PATTERN
  if grep -qE -- "$2" "$3"; then passes=$((passes + 1)); echo "ok   $1"
  else fails=$((fails + 1)); echo "FAIL $1: no line matching '$2' in:"; sed 's/^/     /' "$3"; fi
}
shot() { [ -s "$1" ] && passes=$((passes + 1)) && echo "ok   picture $1" && return; fails=$((fails + 1)); echo "FAIL no picture $1"; }
no_shot() { [ ! -e "$1" ] && passes=$((passes + 1)) && echo "ok   no picture" && return; fails=$((fails + 1)); echo "FAIL a picture was written: $1"; }
size=--size=160x120

# A scan that is not there: the visit goes on, with a placeholder.
mkdir -p "$tmp/missing"
sed 's#"builtin:chu-dau-vase"#"scans/vase.glb"#' "$walk/exhibition.json" >"$tmp/missing/exhibition.json"
"$vitrine" --screenshot "$tmp/m.png" $size "$tmp/missing" 2>"$tmp/err"; check "missing scan" 0 $?
expect "missing scan: warning names file:line:column" "exhibition.json:[0-9]+:[0-9]+: warning: scan \"scans/vase.glb\" not found" "$tmp/err"
shot "$tmp/m.png"

# A broken exhibition: every problem, then exit 3, nothing drawn.
mkdir -p "$tmp/broken"
sed -e 's#"wall_height": 3.5#"wall_height": "tall"#' -e 's#"id": "vase"#"id": "drum"#' "$walk/exhibition.json" >"$tmp/broken/exhibition.json"
"$vitrine" --screenshot "$tmp/b.png" $size "$tmp/broken" 2>"$tmp/err"; check "broken exhibition" 3 $?
expect "broken: wrong type at its line" "exhibition.json:[0-9]+:[0-9]+: .*wall_height" "$tmp/err"
expect "broken: duplicate id" "exhibition.json:[0-9]+:[0-9]+: .*\"drum\"" "$tmp/err"
no_shot "$tmp/b.png"

# Viewpoints and tours by name.
"$vitrine" --screenshot "$tmp/v.png" $size --view nowhere "$walk" 2>"$tmp/err"; check "unknown viewpoint" 2 $?
expect "unknown viewpoint named" "nowhere" "$tmp/err"
"$vitrine" --screenshot "$tmp/t.png" $size --tour nothing --at 3 "$walk" 2>"$tmp/err"; check "unknown tour" 2 $?
"$vitrine" --screenshot "$tmp/v.png" $size --view vase "$walk" 2>"$tmp/err"; check "viewpoint" 0 $?
shot "$tmp/v.png"

# Exhibition options on one scan are a usage error.
printf 'v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n' >"$tmp/tri.obj"
"$vitrine" --screenshot "$tmp/s.png" $size --view vase "$tmp/tri.obj" 2>"$tmp/err"; check "--view on a scan" 2 $?

# A malformed script: its own file:line:column.
printf 'size 160x120\n0.0 key w down\n1.0 jump\n' >"$tmp/bad.vtscript"
"$vitrine" --screenshot "$tmp/x.png" $size --script "$tmp/bad.vtscript" "$walk" 2>"$tmp/err"; check "bad script" 3 $?
expect "bad script names line 3" "bad.vtscript:3:[0-9]+:" "$tmp/err"
no_shot "$tmp/x.png"

# A built package opens like its folder, and shows the same thing.
"$pack" -q "$walk" -o "$tmp/walk.vitrine" 2>"$tmp/err" >/dev/null; check "build package" 0 $?
"$vitrine" --screenshot "$tmp/p1.png" $size --view drum "$tmp/walk.vitrine" 2>"$tmp/err"; check "package --view" 0 $?
"$vitrine" --screenshot "$tmp/p2.png" $size --view drum "$walk" 2>"$tmp/err"; check "folder --view" 0 $?
if cmp -s "$tmp/p1.png" "$tmp/p2.png"; then passes=$((passes + 1)); echo "ok   package and folder agree"
else fails=$((fails + 1)); echo "FAIL package and folder render differently"; fi

echo "museum cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
