#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test headless: the normal build, then the unit
# and UI tests again under AddressSanitizer and UndefinedBehaviorSanitizer. Ends with one line
# "N passed, N failed". This is the README's test command and what .ci/run calls.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

"$here/setup.sh" "$top/_build"
"$here/setup.sh" "$top/_build-asan" -- -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
# The real peers the softphone and Chatwoot tests run against: Kamailio, sipp, coturn, Chromium with
# JsSIP, and Stoplight Prism in front of the project's Chatwoot test server.
"$here/setup-peers.sh"
"$here/setup-chatwoot-test.sh"

# A display (Xvfb), a session bus and an unlocked keyring, all private to this run.
status=0
xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" \
  dbus-run-session -- "$here/test-session.sh" "$top" || status=$?
exit $status
