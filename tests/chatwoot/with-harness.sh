#!/usr/bin/env bash
# Runs a command against the Chatwoot contract-test harness: starts start.sh in the background
# (extra harness options before "--"), exports its KEY=VALUE lines (PRISM_URL, CABLE_URL,
# TEST_URL, SERVER_URL, …) into the command's environment, and stops the harness afterwards.
# The commands it runs are TAP tests: when node_modules or the vendor's swagger.json is missing it
# prints a TAP skip ("1..0 # SKIP why") and exits 0, since meson counts 77 from a TAP test as an error.
#
# usage: with-harness.sh [start.sh options --] COMMAND [ARGS…]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
harness_args=()
if [[ " $* " == *" -- "* ]]; then
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do harness_args+=("$1"); shift; done
  shift
fi
if [ ! -x "$here/node_modules/.bin/prism" ] || [ ! -d "$here/node_modules/ws" ]; then
  echo "1..0 # SKIP node_modules missing (build-aux/setup-chatwoot-test.sh)"
  exit 0
fi

tmp=$(mktemp -d)
harness_pid=
cleanup() { [ -n "$harness_pid" ] && kill "$harness_pid" 2>/dev/null && wait "$harness_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$here/start.sh" --env-file "$tmp/env" ${harness_args[@]+"${harness_args[@]}"} >"$tmp/start.out" 2>"$tmp/start.err" &
harness_pid=$!
for _ in $(seq 1 1800); do [ -f "$tmp/env" ] && break; kill -0 $harness_pid 2>/dev/null || break; sleep 0.1; done
if [ ! -f "$tmp/env" ]; then
  start_status=0
  kill -0 $harness_pid 2>/dev/null || { wait $harness_pid; start_status=$?; harness_pid=; }
  # The vendor document is missing: a TAP skip (meson counts an exit status of 77 from a TAP test
  # as an error), with start.sh's line saying how to point at it.
  if [ $start_status -eq 77 ]; then echo "1..0 # SKIP $(tail -n 1 "$tmp/start.err")"; exit 0; fi
  echo "Bail out! the Chatwoot harness did not start"; sed 's/^/# /' "$tmp/start.err"; exit 1
fi
set -a; . "$tmp/env"; set +a

"$@"
rc=$?
# Prism's problems, if any, help to read a failure
[ $rc -ne 0 ] && [ -s "$tmp/start.err" ] && tail -n 20 "$tmp/start.err" | sed 's/^/# /' >&2
exit $rc
