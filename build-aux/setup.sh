#!/usr/bin/env bash
# Install the Debian packages Helpline needs (only the missing ones), then configure and build.
#   build-aux/setup.sh [BUILDDIR] [-- extra meson options]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
builddir=${1:-"$top/_build"}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift

mapfile -t wanted < <(grep -v -e '^#' -e '^$' "$here/deps.txt")
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$top" "$@"
elif [ $# -gt 0 ]; then
  meson configure "$builddir" "$@"
fi
ninja -C "$builddir"
