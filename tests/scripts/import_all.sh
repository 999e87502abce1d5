#!/bin/bash
# Runs import_check over every OBJ, PLY, glTF/GLB and FBX file of Debian's
# assimp-testmodels.   import_all.sh IMPORT_CHECK [MODELS_DIR]
set -u
dir=${2:-/usr/share/assimp/models}
if [ ! -d "$dir" ]; then
  echo "SKIP: $dir not found (Debian package assimp-testmodels)"
  exit 77
fi
find "$dir" -type f \( -iname '*.obj' -o -iname '*.ply' -o -iname '*.gltf' -o -iname '*.glb' -o -iname '*.fbx' \) \
  -print0 | sort -z | xargs -0 "$1"
