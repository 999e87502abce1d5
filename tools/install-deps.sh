#!/bin/sh
# Installs everything Vitrine needs to build, run and test, from Debian 12
# packages only. Idempotent: apt-get skips what is already installed, and the
# demo scan is fetched once (tools/fetch-demo.sh keeps what it has).
# Run as root (or with sudo). Set VITRINE_NO_DEMO=1 to skip the demo fetch.
set -eu

PKGS="build-essential cmake pkgconf python3 python3-glad
      libsdl2-dev libegl-dev libgl-dev libgl1-mesa-dri libegl-mesa0
      libassimp-dev assimp-testmodels libcglm-dev libstb-dev
      libmeshoptimizer-dev libcjson-dev libfreetype-dev libharfbuzz-dev
      libcmocka-dev clang libclang-rt-14-dev gltfpack ca-certificates
      fonts-noto-core fonts-wqy-microhei espeak-ng libvorbis-dev libunistring-dev libebur128-dev"
# npm fetches the demo scan by package name; a machine whose Node.js already
# ships npm (nodesource builds conflict with Debian's npm) keeps its own.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: installing:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
else
  echo "install-deps: all Debian packages present"
fi

# The demo scan, by package name (kept if already fetched).
[ "${VITRINE_NO_DEMO:-0}" = 1 ] || "$(dirname "$0")/fetch-demo.sh"
