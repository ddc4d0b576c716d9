#!/usr/bin/env bash
# Starts Helpline's Chatwoot contract-test harness on loopback:
#   - the stateful Chatwoot test server (server/server.js) on a free port,
#   - Stoplight Prism in proxy mode (--errors) in front of it, validating every
#     REST request and response against swagger.json + supplement.json
#     (merged by merge-spec.js into a temp dir),
# prints KEY=VALUE lines once both answer, and stops both on exit or signal.
#
#   PRISM_URL        REST base URL through Prism (what the client under test uses); a thin tap
#                    (tap.js) in front of Prism records every problem+json / sl-violations answer
#   PRISM_DIRECT_URL Prism itself, without the tap
#   CABLE_URL        ws://…/cable on the server directly (Prism cannot proxy WebSocket)
#   TEST_URL         test hooks (/__test/…; not Chatwoot API, never proxied)
#   SERVER_URL       REST without validation, for fault tests Prism would mask (malformed JSON)
#   VIOLATIONS_FILE  one JSON line per Prism validation problem (also GET $TEST_URL/__test/violations;
#                    send `x-helpline-expect-violation: 1` on requests meant to be refused)
#   PRISM_LOG        Prism's full log
#
# usage: start.sh [--env-file FILE] [server options: --conversations N --messages-per N --contacts N --seed N …]
# With --env-file the lines are also written to FILE (atomically) for scripts that
# start the harness in the background. Set CHATWOOT_SWAGGER to use another vendor document.
# Exit status 77 (skip) when node_modules or the vendor document is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
env_file=
server_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --env-file) env_file=$2; shift 2 ;;
    *) server_args+=("$1"); shift ;;
  esac
done
if [ ! -x "$here/node_modules/.bin/prism" ] || [ ! -d "$here/node_modules/ws" ]; then
  echo "start.sh: $here/node_modules is missing; run build-aux/setup-chatwoot-test.sh" >&2
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/helpline-chatwoot.XXXXXX")
server_pid= prism_pid= tap_pid=
cleanup() {
  trap - EXIT INT TERM
  [ -n "$tap_pid" ] && kill "$tap_pid" 2>/dev/null
  [ -n "$prism_pid" ] && kill "$prism_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  if [ -n "${KEEP_CHATWOOT_TEST_DIR:-}" ]; then echo "start.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() { echo "start.sh: $*" >&2; for f in server.err prism.log tap.err; do [ -f "$work/$f" ] && tail -n 20 "$work/$f" >&2; done; exit 1; }

# 77 (skip) when the vendor document is missing, with merge-spec.js's line saying how to point at it
merge_status=0
node "$here/merge-spec.js" "$work/merged.json" 2>"$work/merge.log" || merge_status=$?
if [ $merge_status -ne 0 ]; then
  cat "$work/merge.log" >&2
  [ $merge_status -eq 77 ] && exit 77
  exit 1
fi

node "$here/server/server.js" --violations-file "$work/violations.jsonl" ${server_args[@]+"${server_args[@]}"} \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^TEST_PORT=' "$work/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || fail "the test server exited"
  sleep 0.1
done
server_port=$(sed -n 's/^SERVER_PORT=//p' "$work/server.out")
test_port=$(sed -n 's/^TEST_PORT=//p' "$work/server.out")
[ -n "$test_port" ] || fail "the test server did not start"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();})'; }
prism_port=$(free_port)
"$here/node_modules/.bin/prism" proxy --errors -h 127.0.0.1 -p "$prism_port" "$work/merged.json" "http://127.0.0.1:$server_port" \
  >"$work/prism.log" 2>&1 &
prism_pid=$!
node "$here/tap.js" 0 "$prism_port" "$work/violations.jsonl" >"$work/tap.out" 2> >(tee "$work/tap.err" >&2) &
tap_pid=$!
for _ in $(seq 1 600); do
  grep -q 'Prism is listening' "$work/prism.log" 2>/dev/null && grep -q '^TAP_PORT=' "$work/tap.out" 2>/dev/null && break
  kill -0 "$prism_pid" 2>/dev/null || fail "prism exited"
  kill -0 "$tap_pid" 2>/dev/null || fail "tap.js exited"
  sleep 0.1
done
grep -q 'Prism is listening' "$work/prism.log" 2>/dev/null || fail "prism did not start within 60 s"
tap_port=$(sed -n 's/^TAP_PORT=//p' "$work/tap.out")
curl -sf -o /dev/null "http://127.0.0.1:$test_port/__test/health" || fail "test hooks do not answer"

env_text="PRISM_URL=http://127.0.0.1:$tap_port
PRISM_DIRECT_URL=http://127.0.0.1:$prism_port
CABLE_URL=ws://127.0.0.1:$server_port/cable
TEST_URL=http://127.0.0.1:$test_port
SERVER_URL=http://127.0.0.1:$server_port
VIOLATIONS_FILE=$work/violations.jsonl
PRISM_LOG=$work/prism.log
MERGED_SPEC=$work/merged.json
HARNESS_PID=$$"
echo "$env_text"
if [ -n "$env_file" ]; then printf '%s\n' "$env_text" >"$env_file.tmp" && mv "$env_file.tmp" "$env_file"; fi

# run until signalled or until one of the two dies
while kill -0 "$server_pid" 2>/dev/null && kill -0 "$prism_pid" 2>/dev/null && kill -0 "$tap_pid" 2>/dev/null; do sleep 0.5; done
fail "a harness process exited"
