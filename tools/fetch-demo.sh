#!/bin/sh
# Fetches the demo gallery's two real scans by package name into
# assets/gallery/scans/ (not committed; see docs/credits.md):
#   - the "Belweder" OT-1782 television set (CC0, Virtual Museums of
#     Malopolska), from the npm package @crazygl/hero-vhs-product-screen;
#   - the Stanford bunny (Stanford Computer Graphics Laboratory, 1994), from
#     the npm package "bunny", whose JavaScript arrays are written out as OBJ
#     with node.
# Each tarball is checked against a known SHA-256 before anything is taken
# from it. Idempotent: a scan already there is kept. Never fails the set-up:
# offline, or without npm, it says what is missing and exits 0; the viewer
# then shows placeholders where the scans would stand, and the gallery's two
# built-in models (drum and vase) need no download at all.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/assets/gallery/scans"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
missing=0

# fetch PACKAGE@VERSION SHA256 DIR: leaves the tarball unpacked in DIR/package.
fetch() {
  pkg=$1 sum=$2 dir=$3
  mkdir -p "$dir"
  if ! (cd "$dir" && npm pack --loglevel=error "$pkg" >/dev/null 2>"$dir/npm.log"); then
    why=$(grep -m1 -E "reason|code|ERR" "$dir/npm.log" | sed 's/^npm ERR! *//' || true)
    echo "fetch-demo: could not fetch $pkg (${why:-no reason given})" >&2
    return 1
  fi
  tgz=$(ls "$dir"/*.tgz)
  if [ "$(sha256sum "$tgz" | cut -d' ' -f1)" != "$sum" ]; then
    echo "fetch-demo: $pkg does not match its known SHA-256; not using it" >&2
    return 1
  fi
  tar -xzf "$tgz" -C "$dir"
}

# Copy then rename, so an interrupted fetch never leaves half a scan.
install_file() {
  mkdir -p "$out"
  cp "$1" "$2.part"
  mv "$2.part" "$2"
  echo "fetch-demo: $2"
}

if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-demo: npm not found, so the two fetched scans (television, bunny) are missing;" >&2
  echo "fetch-demo: the gallery shows placeholders for them. Install npm and run tools/fetch-demo.sh again." >&2
  exit 0
fi

tv="$out/belweder-ot-1782.glb"
if [ -s "$tv" ]; then
  echo "fetch-demo: $tv already present"
elif fetch "@crazygl/hero-vhs-product-screen@0.1.1" \
           b3c1b02ff13ee68260bdd68d410d01efe80fe5eb9dc04d786e9da0a01cf200aa "$tmp/tv" &&
     [ -s "$tmp/tv/package/models/belweder-ot-1782.glb" ]; then
  install_file "$tmp/tv/package/models/belweder-ot-1782.glb" "$tv"
else
  missing=$((missing + 1))
fi

bunny="$out/stanford-bunny.obj"
if [ -s "$bunny" ]; then
  echo "fetch-demo: $bunny already present"
elif ! command -v node >/dev/null 2>&1; then
  echo "fetch-demo: node not found: cannot convert the Stanford bunny" >&2
  missing=$((missing + 1))
elif fetch "bunny@1.0.1" 381e02c74b98cf18814d7bec794726ef70b9c67e037273e82054d0043f6ae303 "$tmp/bunny" &&
     node -e '
       // The package is plain data: exports.positions = [[x, y, z], ...],
       // exports.cells = [[a, b, c], ...] (0-based). Y is up; units are
       // arbitrary (the exhibition gives the real height).
       const b = require(process.argv[1]);
       const lines = ["# Stanford bunny (Stanford Computer Graphics Laboratory, 1994),",
                      "# from the npm package bunny@1.0.1; converted by Vitrine tools/fetch-demo.sh"];
       for (const p of b.positions) lines.push("v " + p.join(" "));
       for (const c of b.cells) lines.push("f " + c.map(i => i + 1).join(" "));
       require("fs").writeFileSync(process.argv[2], lines.join("\n") + "\n");
     ' "$tmp/bunny/package/index.js" "$tmp/bunny.obj"; then
  install_file "$tmp/bunny.obj" "$bunny"
else
  missing=$((missing + 1))
fi

if [ "$missing" -gt 0 ]; then
  echo "fetch-demo: $missing demo scan(s) missing; the gallery shows placeholders for them." >&2
  echo "fetch-demo: run tools/fetch-demo.sh again when online." >&2
fi
exit 0
