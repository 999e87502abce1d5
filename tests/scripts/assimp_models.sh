#!/bin/bash
# Every OBJ, PLY, glTF/GLB and FBX file of Debian's assimp-testmodels (its
# invalid/ folders included) must either render or be refused cleanly:
#   exit 0 and a PNG written, or
#   exit 3 and exactly one line on stderr that names the file.
# Anything else (a crash, a hang past 120 s, another exit code, a silent
# refusal) fails the test. Prints one line per file and a summary.
#   assimp_models.sh VITRINE [MODELS_DIR]
set -u
vitrine=$1
dir=${2:-/usr/share/assimp/models}
if [ ! -d "$dir" ]; then
  echo "SKIP: $dir not found (Debian package assimp-testmodels; tools/install-deps.sh installs it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache" # convert afresh every run
rendered=0 refused=0 failed=0
while IFS= read -r -d '' f; do
  rm -f "$tmp/out.png"
  timeout 120 "$vitrine" --size 96x72 --screenshot "$tmp/out.png" "$f" >"$tmp/out.txt" 2>"$tmp/err.txt"
  rc=$?
  lines=$(wc -l <"$tmp/err.txt")
  if [ $rc -eq 0 ] && [ -s "$tmp/out.png" ]; then
    rendered=$((rendered + 1)); echo "rendered  $f"
  elif [ $rc -eq 3 ] && [ "$lines" -eq 1 ] && grep -qF -- "$f" "$tmp/err.txt"; then
    refused=$((refused + 1)); echo "refused   $f: $(cat "$tmp/err.txt")"
  else
    failed=$((failed + 1)); echo "FAILED    $f: exit $rc, stderr:"; sed 's/^/    /' "$tmp/err.txt" | head -n 20
  fi
done < <(find "$dir" -type f \( -iname '*.obj' -o -iname '*.ply' -o -iname '*.gltf' -o -iname '*.glb' -o -iname '*.fbx' \) -print0 | sort -z)
echo "assimp models: $rendered rendered, $refused refused cleanly, $failed failed"
[ $failed -eq 0 ] && [ $((rendered + refused)) -gt 0 ]
