#!/bin/sh
# The viewer's command-line contract, end to end: exit codes (0 ok, 2 usage,
# 3 bad input), one clear line naming the file for bad input, a PNG of the
# requested size, and a visible checkerboard (with a warning) for a missing
# texture. Needs no shared data.
#   cli_behaviour.sh VITRINE IMGDIFF
set -u
vitrine=$1 imgdiff=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache" # convert afresh every run
fails=0 passes=0
check() { # NAME EXPECTED_RC ACTUAL_RC
  if [ "$2" -eq "$3" ]; then passes=$((passes + 1)); echo "ok   $1"
  else fails=$((fails + 1)); echo "FAIL $1: expected exit $2, got $3"; sed 's/^/     /' "$tmp/err" 2>/dev/null; fi
}
one_line_naming() { # NAME FILE: stderr is exactly one line naming FILE
  if [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF -- "$2" "$tmp/err"; then passes=$((passes + 1)); echo "ok   $1 message: $(cat "$tmp/err")"
  else fails=$((fails + 1)); echo "FAIL $1: wanted one line naming $2, got:"; cat "$tmp/err"; fi
}

"$vitrine" --help >"$tmp/out" 2>"$tmp/err"; check "--help" 0 $?
grep -q -- "--screenshot" "$tmp/out" || { fails=$((fails + 1)); echo "FAIL --help does not document --screenshot"; }
"$vitrine" --version >"$tmp/out" 2>"$tmp/err"; check "--version" 0 $?
grep -q "^vitrine [0-9]" "$tmp/out" || { fails=$((fails + 1)); echo "FAIL --version prints: $(cat "$tmp/out")"; }
"$vitrine" --bogus 2>"$tmp/err"; check "unknown option" 2 $?
"$vitrine" --size 12 x.obj 2>"$tmp/err"; check "bad --size" 2 $?
"$vitrine" --mode shiny x.obj 2>"$tmp/err"; check "bad --mode" 2 $?
"$vitrine" --screenshot 2>"$tmp/err"; check "--screenshot without a value" 2 $?

"$vitrine" --screenshot "$tmp/a.png" "$tmp/missing.obj" 2>"$tmp/err"; check "missing file" 3 $?
one_line_naming "missing file" "$tmp/missing.obj"
: >"$tmp/empty.ply"
"$vitrine" --screenshot "$tmp/a.png" "$tmp/empty.ply" 2>"$tmp/err"; check "empty file" 3 $?
one_line_naming "empty file" "$tmp/empty.ply"
head -c 4096 /dev/urandom >"$tmp/noise.glb"
"$vitrine" --screenshot "$tmp/a.png" "$tmp/noise.glb" 2>"$tmp/err"; check "malformed file" 3 $?
one_line_naming "malformed file" "$tmp/noise.glb"
printf 'v 0 0 0\nv 1 0 0\nf 1 2 7\n' >"$tmp/badindex.obj"
"$vitrine" --screenshot "$tmp/a.png" "$tmp/badindex.obj" 2>"$tmp/err"; check "bad face index" 3 $?
one_line_naming "bad face index" "$tmp/badindex.obj"
mkdir "$tmp/folder.obj"
"$vitrine" --screenshot "$tmp/a.png" "$tmp/folder.obj" 2>"$tmp/err"; check "a folder" 3 $?
one_line_naming "a folder" "$tmp/folder.obj"
if [ "$(id -u)" -ne 0 ]; then
  printf 'v 0 0 0\n' >"$tmp/locked.obj"; chmod 000 "$tmp/locked.obj"
  "$vitrine" --screenshot "$tmp/a.png" "$tmp/locked.obj" 2>"$tmp/err"; check "unreadable file" 3 $?
fi
[ -e "$tmp/a.png" ] && { fails=$((fails + 1)); echo "FAIL a refused input still wrote a screenshot"; }

# A quad textured with a file that is not there: renders (exit 0), warns,
# and shows the magenta checkerboard over much of the frame.
cat >"$tmp/quad.mtl" <<'MTL'
newmtl face
Kd 1 1 1
map_Kd does-not-exist.png
MTL
cat >"$tmp/quad.obj" <<'OBJ'
mtllib quad.mtl
v -1 -1 0
v 1 -1 0
v 1 1 0
v -1 1 0
vt 0 0
vt 1 0
vt 1 1
vt 0 1
vn 0 0 1
usemtl face
f 1/1/1 2/2/1 3/3/1 4/4/1
OBJ
"$vitrine" --size 200x150 --orbit 0,0 --screenshot "$tmp/quad.png" "$tmp/quad.obj" 2>"$tmp/err"; check "missing texture renders" 0 $?
grep -q "does-not-exist.png" "$tmp/err" && grep -q "checkerboard" "$tmp/err" && passes=$((passes + 1)) ||
  { fails=$((fails + 1)); echo "FAIL no warning naming the missing texture:"; cat "$tmp/err"; }
"$imgdiff" --share "$tmp/quad.png" 230 0 230 0.10 || fails=$((fails + 1))
file_size=$(head -c 24 "$tmp/quad.png" | od -An -tu1 -w24 | tr -s ' ' | cut -d' ' -f18-25)
[ "$file_size" = "0 0 0 200 0 0 0 150" ] && passes=$((passes + 1)) || { fails=$((fails + 1)); echo "FAIL PNG size bytes: $file_size"; }

echo "cli: $passes passed, $fails failed"
[ $fails -eq 0 ]
