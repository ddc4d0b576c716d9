#!/usr/bin/env bash
# The call benchmark (bench-calls.js): Helpline answering a JsSIP customer against a JsSIP-to-JsSIP
# call through the same Kamailio in the same run, with CPU and memory of both, in the softphone
# test's set-up (loopback-only network namespace, Xvfb, private D-Bus session and keyring).
#   tests/bench/bench-calls.sh HELPLINE [--log-dir DIR]      (HL_BENCH_CALLS=N calls of each kind, default 10)
# Exit 77 when the peers are not installed (build-aux/setup-peers.sh).
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 HELPLINE [--log-dir DIR]" >&2; exit 2; }
exec "$here/../peers/test-softphone.sh" "$@" --script "$here/bench-calls.js"
