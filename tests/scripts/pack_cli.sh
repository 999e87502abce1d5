#!/bin/sh
# vitrine-pack's command-line contract, end to end: exit codes (0 ok, 2
# usage, 3 bad input), one line naming the file for bad input, a package
# that verifies and describes itself (--verify, --info), the same bytes for
# any job count, atomic output (a failed run leaves the old package as it
# was), and --verify catching damage. Makes its own small scans; the real
# bali-mask scan is used when SHARED_SCANS has it.
#   pack_cli.sh VITRINE_PACK SHARED_SCANS WORK
# SHARED_SCANS may not exist; WORK is a scratch folder (created, emptied).
set -u
pack=$1 scans=$2 work=$3
rm -rf "$work"
mkdir -p "$work" || exit 1
tmp=$(cd "$work" && pwd)
fails=0 passes=0
pass() { passes=$((passes + 1)); echo "ok   $1"; }
fail() { fails=$((fails + 1)); echo "FAIL $1"; [ -s "$tmp/err" ] && sed 's/^/     /' "$tmp/err"; }
check() { # NAME EXPECTED_RC ACTUAL_RC
  if [ "$2" -eq "$3" ]; then pass "$1"; else fail "$1: expected exit $2, got $3"; fi
}
one_line_naming() { # NAME TEXT: stderr is exactly one line containing TEXT
  if [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF -- "$2" "$tmp/err"; then pass "$1 message: $(cat "$tmp/err")"
  else fail "$1: wanted one line naming $2"; fi
}
same_file() { # NAME A B
  if cmp -s "$2" "$3"; then pass "$1"; else fail "$1: $2 and $3 differ"; fi
}
no_temp_files() { # NAME DIR: nothing but *.vitrine and the inputs we made
  left=$(ls -A "$2" | grep -F '.tmp' || true)
  if [ -z "$left" ]; then pass "$1"; else fail "$1: left behind: $left"; fi
}
# flip_byte FILE OFFSET: inverts one byte in place (POSIX tools only).
flip_byte() {
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  printf "\\$(printf %03o $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null
}
# info_has NAME FILE PATTERN: --info's JSON, whitespace removed, contains PATTERN.
info_has() {
  if tr -d ' \t\n' <"$2" | grep -qF -- "$3"; then pass "$1"; else fail "$1: --info lacks $3"; fi
}

# ---- usage -----------------------------------------------------------------
: >"$tmp/err"
"$pack" --help >"$tmp/out" 2>"$tmp/err"; check "--help" 0 $?
grep -q -- "--verify" "$tmp/out" || fail "--help does not document --verify"
"$pack" --version >"$tmp/out" 2>"$tmp/err"; check "--version" 0 $?
grep -q "^vitrine-pack [0-9]" "$tmp/out" || fail "--version prints: $(cat "$tmp/out")"
"$pack" >"$tmp/out" 2>"$tmp/err"; check "no arguments" 2 $?
"$pack" --bogus x.obj -o x.vitrine 2>"$tmp/err"; check "unknown option" 2 $?
one_line_naming "unknown option" "--bogus"
for j in 0 -3 x 2x 257 ""; do
  "$pack" -j "$j" x.obj -o "$tmp/x.vitrine" 2>"$tmp/err"; check "bad --jobs '$j'" 2 $?
done
"$pack" x.obj -j 2>"$tmp/err"; check "--jobs without a value" 2 $?
"$pack" --max-texture-size 8 x.obj -o "$tmp/x.vitrine" 2>"$tmp/err"; check "bad --max-texture-size" 2 $?
"$pack" x.obj 2>"$tmp/err"; check "no -o" 2 $?
"$pack" a.obj b.obj -o "$tmp/x.vitrine" 2>"$tmp/err"; check "two inputs" 2 $?
"$pack" --verify a.vitrine --info a.vitrine 2>"$tmp/err"; check "--verify with --info" 2 $?
"$pack" --verify a.vitrine x.obj 2>"$tmp/err"; check "--verify with an input" 2 $?

# ---- bad input -------------------------------------------------------------
"$pack" "$tmp/missing.obj" -o "$tmp/x.vitrine" 2>"$tmp/err"; check "missing input" 3 $?
one_line_naming "missing input" "$tmp/missing.obj"
[ -e "$tmp/x.vitrine" ] && fail "a missing input still wrote a package"
: >"$tmp/empty.obj"
"$pack" "$tmp/empty.obj" -o "$tmp/x.vitrine" 2>"$tmp/err"; check "empty input" 3 $?
one_line_naming "empty input" "$tmp/empty.obj"
"$pack" --verify "$tmp/missing.vitrine" 2>"$tmp/err"; check "--verify a missing package" 3 $?
one_line_naming "--verify a missing package" "$tmp/missing.vitrine"
"$pack" --info "$tmp/empty.obj" 2>"$tmp/err"; check "--info an empty file" 3 $?
one_line_naming "--info an empty file" "$tmp/empty.obj"
[ -e "$tmp/x.vitrine" ] && fail "a refused input still wrote a package"

# ---- a small textured scan -------------------------------------------------
# A 40 x 40 quad grid with a ripple (3200 triangles) and a 16x16 TGA texture,
# written here so the test needs no data.
awk 'BEGIN {
  n = 40
  print "mtllib grid.mtl"
  for (j = 0; j <= n; j++) for (i = 0; i <= n; i++) {
    x = i / n - 0.5; z = j / n - 0.5
    printf "v %.5f %.5f %.5f\n", x, 0.03 * sin(x * 9) * cos(z * 7), z
    printf "vt %.5f %.5f\n", i / n, j / n
  }
  print "usemtl grid"
  for (j = 0; j < n; j++) for (i = 0; i < n; i++) {
    a = j * (n + 1) + i + 1; b = a + 1; c = a + n + 1; d = c + 1
    printf "f %d/%d %d/%d %d/%d\n", a, a, c, c, b, b
    printf "f %d/%d %d/%d %d/%d\n", b, b, c, c, d, d
  }
}' >"$tmp/grid.obj"
printf 'newmtl grid\nKd 1 1 1\nmap_Kd grid.tga\n' >"$tmp/grid.mtl"
{
  # TGA: uncompressed true colour, 16x16, 24 bits, bottom-up.
  printf '\000\000\002\000\000\000\000\000\000\000\000\000\020\000\020\000\030\000'
  y=0
  while [ $y -lt 16 ]; do
    x=0
    while [ $x -lt 16 ]; do
      if [ $(((x / 4 + y / 4) % 2)) -eq 0 ]; then printf '\040\140\300'; else printf '\300\200\040'; fi
      x=$((x + 1))
    done
    y=$((y + 1))
  done
} >"$tmp/grid.tga"
printf 'v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\nf 1 3 2\nf 1 2 4\nf 1 4 3\nf 2 3 4\n' >"$tmp/tetra.obj"

"$pack" -q "$tmp/tetra.obj" -o "$tmp/tetra.vitrine" 2>"$tmp/err"; check "convert a tetrahedron" 0 $?
"$pack" --verify "$tmp/tetra.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify the tetrahedron" 0 $?

"$pack" -q -j 1 "$tmp/grid.obj" -o "$tmp/grid1.vitrine" 2>"$tmp/err"; check "convert the grid, 1 job" 0 $?
[ -s "$tmp/err" ] && fail "a good conversion printed: $(cat "$tmp/err")"
"$pack" -q --jobs 2 "$tmp/grid.obj" -o "$tmp/grid2.vitrine" 2>"$tmp/err"; check "convert the grid, 2 jobs" 0 $?
"$pack" -q -j 7 "$tmp/grid.obj" -o "$tmp/grid7.vitrine" 2>"$tmp/err"; check "convert the grid, 7 jobs" 0 $?
same_file "1 and 2 jobs give the same bytes" "$tmp/grid1.vitrine" "$tmp/grid2.vitrine"
same_file "1 and 7 jobs give the same bytes" "$tmp/grid1.vitrine" "$tmp/grid7.vitrine"
"$pack" -q -j 1 "$tmp/grid.obj" -o "$tmp/grid1b.vitrine" 2>"$tmp/err"
same_file "the same conversion twice" "$tmp/grid1.vitrine" "$tmp/grid1b.vitrine"
"$pack" --verify "$tmp/grid1.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify the grid" 0 $?
grep -qF "$tmp/grid1.vitrine: ok" "$tmp/out" || fail "--verify prints: $(cat "$tmp/out")"

"$pack" --info "$tmp/grid1.vitrine" >"$tmp/info.json" 2>"$tmp/err"; check "--info the grid" 0 $?
for key in '"lods"' '"bytes_per_section"' '"textures"' '"source"'; do
  grep -qF "$key" "$tmp/info.json" && pass "--info has $key" || fail "--info has no $key"
done
if command -v python3 >/dev/null 2>&1; then
  python3 -m json.tool "$tmp/info.json" >/dev/null 2>"$tmp/err" && pass "--info is valid JSON" || fail "--info is not valid JSON"
fi
info_has "--info counts the grid's triangles" "$tmp/info.json" '"source_triangles":3200'
info_has "--info: level 0 keeps every triangle" "$tmp/info.json" '"lods":[{"triangles":3200'
info_has "--info: a 16x16 BC1 texture, 5 mips" "$tmp/info.json" '{"format":"BC1_SRGB","width":16,"height":16,"mips":5'
for sec in META MATL MESH CHNK TEXS VERT INDX MIP SRC; do
  info_has "--info counts $sec bytes" "$tmp/info.json" "\"$sec\":"
done

# Levels over a million triangles are simplified in pieces on worker
# threads; the bytes must still not depend on -j.
sh "$(dirname "$0")/make_grid.sh" 750 >"$tmp/big.obj"
"$pack" -q -j 1 "$tmp/big.obj" -o "$tmp/big1.vitrine" 2>"$tmp/err"; check "convert 1,125,000 triangles, 1 job" 0 $?
"$pack" -q -j 2 "$tmp/big.obj" -o "$tmp/big2.vitrine" 2>"$tmp/err"; check "convert 1,125,000 triangles, 2 jobs" 0 $?
: >"$tmp/err"
same_file "1,125,000 triangles, 1 and 2 jobs give the same bytes" "$tmp/big1.vitrine" "$tmp/big2.vitrine"
rm -f "$tmp/big.obj" "$tmp/big1.vitrine" "$tmp/big2.vitrine"

# ---- atomic output -----------------------------------------------------------
cp "$tmp/grid1.vitrine" "$tmp/keep.vitrine"
head -c 3000 /dev/urandom >"$tmp/noise.glb"
"$pack" -q "$tmp/noise.glb" -o "$tmp/grid1.vitrine" 2>"$tmp/err"; check "garbage input" 3 $?
one_line_naming "garbage input" "$tmp/noise.glb"
same_file "a failed conversion leaves the old package as it was" "$tmp/keep.vitrine" "$tmp/grid1.vitrine"
printf 'v 0 0 0\nv 1 0 0\nf 1 2 9\n' >"$tmp/badindex.obj"
"$pack" -q "$tmp/badindex.obj" -o "$tmp/grid1.vitrine" 2>"$tmp/err"; check "bad face index" 3 $?
same_file "...and so does a second one" "$tmp/keep.vitrine" "$tmp/grid1.vitrine"
"$pack" -q "$tmp/grid.obj" -o "$tmp/no-such-folder/x.vitrine" 2>"$tmp/err"; check "unwritable output" 1 $?
one_line_naming "unwritable output" "$tmp/no-such-folder/x.vitrine"
[ -e "$tmp/no-such-folder" ] && fail "an unwritable output created its folder"
# A good conversion over a bigger package replaces it whole.
"$pack" -q "$tmp/tetra.obj" -o "$tmp/grid1.vitrine" 2>"$tmp/err"; check "convert over a package" 0 $?
same_file "...leaves exactly the new package" "$tmp/tetra.vitrine" "$tmp/grid1.vitrine"
no_temp_files "no temporary files left" "$tmp"

# ---- damage ------------------------------------------------------------------
size=$(wc -c <"$tmp/keep.vitrine" | tr -d ' ')
cp "$tmp/keep.vitrine" "$tmp/flipped.vitrine"
flip_byte "$tmp/flipped.vitrine" $((size - 1)) # the last section ends the file
cmp -s "$tmp/keep.vitrine" "$tmp/flipped.vitrine" && fail "flip_byte changed nothing"
"$pack" --verify "$tmp/flipped.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify a flipped byte in the last section" 3 $?
one_line_naming "--verify a flipped byte" "$tmp/flipped.vitrine"
cp "$tmp/keep.vitrine" "$tmp/flipped-mid.vitrine"
flip_byte "$tmp/flipped-mid.vitrine" $((size / 2))
"$pack" --verify "$tmp/flipped-mid.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify a flipped byte mid-file" 3 $?
cp "$tmp/keep.vitrine" "$tmp/flipped-hdr.vitrine"
flip_byte "$tmp/flipped-hdr.vitrine" 20
"$pack" --info "$tmp/flipped-hdr.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--info a damaged header" 3 $?
one_line_naming "--info a damaged header" "$tmp/flipped-hdr.vitrine"
head -c $((size - 1)) "$tmp/keep.vitrine" >"$tmp/truncated.vitrine"
"$pack" --verify "$tmp/truncated.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify a truncated package" 3 $?
one_line_naming "--verify a truncated package" "$tmp/truncated.vitrine"
head -c 64 "$tmp/keep.vitrine" >"$tmp/header-only.vitrine"
"$pack" --verify "$tmp/header-only.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify the header alone" 3 $?
"$pack" --verify "$tmp/grid.obj" >"$tmp/out" 2>"$tmp/err"; check "--verify a file that is not a package" 3 $?
one_line_naming "--verify a file that is not a package" "$tmp/grid.obj"

# ---- a real scan ---------------------------------------------------------------
mask="$scans/bali-mask/mask-gltf-2.0-binary-valid.gltf"
if [ -f "$mask" ]; then
  "$pack" -q --max-texture-size 512 "$mask" -o "$tmp/mask.vitrine" 2>"$tmp/err"; check "convert bali-mask" 0 $?
  "$pack" --verify "$tmp/mask.vitrine" >"$tmp/out" 2>"$tmp/err"; check "--verify bali-mask" 0 $?
  "$pack" --info "$tmp/mask.vitrine" >"$tmp/info.json" 2>"$tmp/err"; check "--info bali-mask" 0 $?
  info_has "bali-mask: a 512x512 BC1 texture, 10 mips" "$tmp/info.json" \
    '{"format":"BC1_SRGB","width":512,"height":512,"mips":10'
else
  echo "skip bali-mask: $mask not found"
fi

# --check: an exhibition folder is validated before any work, every problem
# reported as file:line:column.
here=$(cd "$(dirname "$0")/.." && pwd)
"$pack" --check "$here/data/exhibitions/valid-minimal" >"$tmp/out" 2>"$tmp/err"; check "--check a valid exhibition" 0 $?
mkdir -p "$tmp/exh" && cp "$here"/data/exhibitions/valid-minimal/* "$tmp/exh/"
sed -i 's/"height_m"/"heigth_m"/; s/"format": 1/"format": 2/' "$tmp/exh/exhibition.json"
"$pack" --check "$tmp/exh" >"$tmp/out" 2>"$tmp/err"; check "--check a broken exhibition" 3 $?
if grep -q 'exhibition.json:[0-9]*:[0-9]*: unknown field "heigth_m".*Did you mean "height_m"' "$tmp/err" &&
   grep -q 'exhibition.json:[0-9]*:[0-9]*: .*format' "$tmp/err"; then pass "--check reports both problems with line:column"
else fail "--check output: $(cat "$tmp/err")"; fi

echo "pack_cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
