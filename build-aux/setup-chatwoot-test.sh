#!/usr/bin/env bash
# Prepare the Chatwoot contract-test harness (tests/chatwoot): install Node.js,
# npm and curl from Debian when missing, then install the pinned npm packages
# (@stoplight/prism-cli, ws) from tests/chatwoot/package-lock.json with `npm ci`.
# Idempotent: does nothing when everything is already in place.
#   build-aux/setup-chatwoot-test.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir="$(dirname "$here")/tests/chatwoot"

missing=()
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-chatwoot-test: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm ci only when node_modules is missing or older than the lock file
stamp="$dir/node_modules/.helpline-npm-ci"
if [ -f "$stamp" ] && [ "$stamp" -nt "$dir/package-lock.json" ] && [ -x "$dir/node_modules/.bin/prism" ]; then
  echo "setup-chatwoot-test: $dir/node_modules is up to date"
else
  echo "setup-chatwoot-test: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund)
  touch "$stamp"
fi
"$dir/node_modules/.bin/prism" --version >/dev/null
echo "setup-chatwoot-test: ready (prism $("$dir/node_modules/.bin/prism" --version), node $(node --version))"
