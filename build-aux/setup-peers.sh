#!/usr/bin/env bash
# Install what the softphone's real test peers need (tests/peers), only what is missing:
#   Debian packages: Kamailio with its WebSocket modules, sipp (package sip-tester), coturn,
#   Chromium, iproute2 (ip, ss), Node.js and npm if there are none; then `npm ci` in tests/peers
#   from its package-lock.json (jssip, playwright-core, esbuild). Nothing downloads a browser:
#   playwright-core drives /usr/bin/chromium.
#   build-aux/setup-peers.sh [--check]    (--check: report what is missing, install nothing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
peers="$top/tests/peers"
check_only=0
[ "${1:-}" = --check ] && check_only=1

wanted=(kamailio kamailio-websocket-modules sip-tester coturn chromium iproute2 util-linux)
# Node.js 18 or newer; a Node.js that did not come with npm (Debian's) needs the npm package.
node_major=0
if command -v node >/dev/null; then
	node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
fi
if [ "$node_major" -lt 18 ]; then
	wanted+=(nodejs)
fi
if ! command -v npm >/dev/null; then
	wanted+=(npm)
fi

missing=()
for p in "${wanted[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ "$check_only" = 1 ]; then
	[ ${#missing[@]} -gt 0 ] && echo "setup-peers: missing Debian packages: ${missing[*]}"
	[ -d "$peers/node_modules/jssip" ] || echo "setup-peers: npm packages not installed in tests/peers"
	exit 0
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "setup-peers: installing ${#missing[@]} Debian packages: ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -q
	# Do not let the packages' own services start (they would listen on every interface).
	policy_added=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
		$sudo chmod +x /usr/sbin/policy-rc.d
		policy_added=1
	fi
	$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" || {
		[ "$policy_added" = 1 ] && $sudo rm -f /usr/sbin/policy-rc.d
		exit 1
	}
	[ "$policy_added" = 1 ] && $sudo rm -f /usr/sbin/policy-rc.d
	# Where systemd runs, keep the system-wide Kamailio and TURN server off: the tests start their own.
	if [ -d /run/systemd/system ]; then
		$sudo systemctl disable --now kamailio.service coturn.service >/dev/null 2>&1 || true
	fi
fi

# npm packages, pinned by tests/peers/package-lock.json; again only when something changed.
stamp="$peers/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$peers/package-lock.json" -nt "$stamp" ] || [ ! -d "$peers/node_modules/jssip" ]; then
	echo "setup-peers: npm ci in tests/peers"
	(cd "$peers" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
# esbuild's binary comes in its platform package; check that it runs.
(cd "$peers" && node -e "require('esbuild').transform('let a = 1').then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); })") || {
	echo "setup-peers: esbuild does not run; remove tests/peers/node_modules and try again" >&2
	exit 1
}
echo "setup-peers: ready ($(kamailio -v 2>/dev/null | head -1 | awk '{print $2, $3}'), sipp $(sipp -v 2>/dev/null | grep -o 'v[0-9][0-9.]*' | head -1), $(chromium --version 2>/dev/null | awk '{print $1, $2}'), node $(node -v))"
