#!/usr/bin/env bash
# sipp against Helpline: what browsers never send (retransmissions over a stateless proxy, odd
# but valid headers, 3xx, 5xx, plain RTP offers, session timers, SIP INFO digits) and a transfer
# the far end makes (REFER from the JsSIP customer). Same setup as test-softphone.sh (loopback-only
# network namespace, Xvfb, D-Bus session, Kamailio); the scenarios are in sipp-test.js and sipp/.
#   tests/peers/test-sipp.sh HELPLINE [--log-dir DIR]
# Exit 0 = every scenario passed, 1 = a failure, 77 = sipp or the other peers are not installed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${HL_PEERS_IN_NETNS:-}" ] && ! command -v sipp >/dev/null; then
	echo "test-sipp: SKIP, missing: sipp (Debian's sip-tester; run build-aux/setup-peers.sh)"
	exit 77
fi
HL_PEERS_SCRIPT=sipp-test.js exec "$here/test-softphone.sh" "$@"
