#!/usr/bin/env bash
# Self-test of the test peers, and the browser-to-browser baseline of the call benchmark:
# Kamailio + sipp smoke + two JsSIP customers in headless Chromium calling each other,
# all inside a network namespace whose only interface is lo (so every ICE pair is 127.0.0.1).
#   tests/peers/selftest.sh [--log-dir DIR]
# Needs build-aux/setup-peers.sh first. Exit 0 = every scenario passed, 77 = peers not installed.
# Root is needed for the namespace, or unprivileged user namespaces (then --map-root-user is used).
# HL_PEERS_NO_NETNS=1 runs on the host's network instead (ICE may then pick other addresses).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${HL_PEERS_IN_NETNS:-}" ] && [ -z "${HL_PEERS_NO_NETNS:-}" ]; then
	export HL_PEERS_IN_NETNS=1
	ns=(unshare --net)
	[ "$(id -u)" -eq 0 ] || ns=(unshare --user --map-root-user --net)
	if ! "${ns[@]}" -- true 2>/dev/null; then
		echo "selftest: SKIP, cannot create a network namespace (${ns[*]}); be root, or set HL_PEERS_NO_NETNS=1"
		exit 77
	fi
	exec "${ns[@]}" -- bash "$0" "$@"
fi
if [ -n "${HL_PEERS_IN_NETNS:-}" ]; then
	ip link set lo up || { echo "selftest: cannot bring lo up in the network namespace" >&2; exit 1; }
fi

log_dir=""
if [ "${1:-}" = --log-dir ]; then
	log_dir=$2
	mkdir -p "$log_dir"
fi

missing=()
command -v kamailio >/dev/null || [ -x /usr/sbin/kamailio ] || missing+=(kamailio)
command -v sipp >/dev/null || missing+=(sipp)
command -v node >/dev/null || missing+=(node)
[ -x "${HL_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -d "$here/node_modules/jssip" ] && [ -d "$here/node_modules/playwright-core" ] && [ -d "$here/node_modules/esbuild" ] || missing+=("npm ci in tests/peers")
if [ ${#missing[@]} -gt 0 ]; then
	echo "selftest: SKIP, missing: ${missing[*]} (run build-aux/setup-peers.sh)"
	exit 77
fi

start=$(date +%s.%N)
work=$(mktemp -d "${TMPDIR:-/tmp}/hl-peers-selftest.XXXXXX")
[ -z "$log_dir" ] && log_dir=$work/logs
mkdir -p "$log_dir"

. "$here/start-kamailio.sh"
cleanup() {
	kamailio_stop
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

passed=0 failed=0
if kamailio_start --run-dir "$work/kamailio"; then
	echo "PASS kamailio  $KAMAILIO_WS_URL and udp:127.0.0.1:$KAMAILIO_UDP_PORT ($(kamailio -v 2>/dev/null | head -1 | awk '{print $2, $3}'))"
	passed=$((passed + 1))
else
	echo "FAIL kamailio  did not start"
	exit 1
fi

# sipp smoke: REGISTER -> 401 -> REGISTER with digest -> 200, then the same for un-REGISTER.
sipp_port=$(_kamailio_pick_port)
if (cd "$log_dir" && timeout 20 sipp "127.0.0.1:$KAMAILIO_UDP_PORT" -sf "$here/sipp/register-auth.xml" \
	-i 127.0.0.1 -p "$sipp_port" -s agent1 -au agent1 -ap agent1-secret -m 1 \
	-timeout 10s -timeout_error -nostdin -trace_err -error_file "$log_dir/sipp-errors.log" \
	>"$log_dir/sipp.out" 2>&1); then
	echo "PASS sipp-register-auth  $(grep -o 'Successful call *| *[0-9]* *| *[0-9]*' "$log_dir/sipp.out" | awk '{print "successful calls:", $NF}')"
	passed=$((passed + 1))
else
	echo "FAIL sipp-register-auth  see $log_dir/sipp.out"
	failed=$((failed + 1))
fi
# A wrong password gets a second 401 from sipp's point of view: the scenario must fail.
if (cd "$log_dir" && timeout 20 sipp "127.0.0.1:$KAMAILIO_UDP_PORT" -sf "$here/sipp/register-auth.xml" \
	-i 127.0.0.1 -p "$sipp_port" -s agent1 -au agent1 -ap wrong -m 1 \
	-timeout 10s -timeout_error -nostdin >"$log_dir/sipp-wrong.out" 2>&1); then
	echo "FAIL sipp-register-wrong-password  the scenario passed with a wrong password"
	failed=$((failed + 1))
else
	echo "PASS sipp-register-wrong-password  rejected (401 again)"
	passed=$((passed + 1))
fi

node "$here/selftest.js" --ws-url "$KAMAILIO_WS_URL" --domain "$KAMAILIO_DOMAIN" --log-dir "$log_dir" \
	--passed "$passed" --failed "$failed"
rc=$?

kamailio_stop
cp "$KAMAILIO_RUN_DIR/kamailio.log" "$log_dir/" 2>/dev/null
cp -r "$KAMAILIO_RUN_DIR/sipdump" "$log_dir/" 2>/dev/null
echo "sipdump: $(grep -c '^tag: rcv' "$log_dir"/sipdump/*.data 2>/dev/null | awk -F: '{s+=$NF} END {print s+0}') messages received, $(grep -c '^tag: snd' "$log_dir"/sipdump/*.data 2>/dev/null | awk -F: '{s+=$NF} END {print s+0}') sent by Kamailio"
echo "selftest: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s in total"
if [ $rc -eq 0 ]; then
	echo "SELFTEST PASS"
	# the logs live in $work (removed now) unless --log-dir was given
	[[ $log_dir == "$work"/* ]] || echo "logs: $log_dir"
else
	echo "SELFTEST FAIL (logs: $log_dir)"
	if [[ $log_dir == "$work"/* ]]; then
		keep=$(mktemp -d "${TMPDIR:-/tmp}/hl-peers-selftest-logs.XXXXXX")
		cp -r "$log_dir"/. "$keep"/
		echo "logs kept in $keep"
	fi
fi
exit $rc
