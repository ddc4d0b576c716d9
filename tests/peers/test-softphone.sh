#!/usr/bin/env bash
# The softphone's integration test against real peers: Helpline (provisioned with
# `helpline --provision`, password in gnome-keyring, driven by its D-Bus actions) registers with
# Kamailio and calls / is called by the JsSIP customer in headless Chromium, all inside a network
# namespace whose only interface is lo, under Xvfb and a private D-Bus session; coturn is the TURN
# relay of the relay-only scenario.
#   tests/peers/test-softphone.sh HELPLINE [--log-dir DIR] [--script JS]
# --script runs another Node script in the same set-up (tests/bench/bench-calls.js does), with the
# same arguments; so does HL_PEERS_SCRIPT=NAME.js, a script in tests/peers (test-sipp.sh does).
# HELPLINE is the built binary (meson passes _build/app/helpline); it is copied first, so a rebuild
# meanwhile does not change the program under test. The scenarios are in softphone-test.js.
# The log dir gets the app's debug logs, the customer's events, Kamailio's log and sipdump, and
# screenshots of the screen (idle, ringing, ringing with the caller named from the contacts, in a
# call, on hold, consulting, call waiting, two calls, recent calls; with imagemagick's import, else
# GStreamer's ximagesrc).
# Exit 0 = every scenario passed, 1 = a failure, 77 = the peers or tools are not installed or no
# network namespace can be made. HL_PEERS_NO_NETNS=1 runs on the host's network instead.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
self="$here/$(basename "$0")"

usage() {
	echo "usage: $0 HELPLINE [--log-dir DIR] [--script JS]" >&2
	exit 2
}

# --- stage 3: inside the namespace, Xvfb and the D-Bus session ---------------------------------
if [ "${1:-}" = --inner ]; then
	shift
	helpline=$1 work=$2 log_dir=$3 script=$4
	export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config \
		XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/run
	mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
	mkdir -m 700 -p "$XDG_RUNTIME_DIR"
	# An unlocked login keyring in this session: the provisioned password goes there.
	eval "$(printf 'helpline-test' | gnome-keyring-daemon --unlock --components=secrets)" ||
		{ echo "FAIL gnome-keyring  could not start"; exit 1; }
	# The daemon forks: wait until it owns the Secret Service name, or the first libsecret call
	# D-Bus-activates a second, locked daemon and the provisioned password lands in neither.
	for _ in $(seq 1 50); do
		gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
			--method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true && break
		sleep 0.1
	done
	export GSETTINGS_BACKEND=memory GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none NO_AT_BRIDGE=1 \
		GIO_USE_PROXY_RESOLVER=dummy
	unset G_DEBUG
	export HELPLINE_AUDIO_SRC="audiotestsrc is-live=true freq=600 volume=0.3" HELPLINE_AUDIO_SINK="fakesink"

	. "$here/start-kamailio.sh"
	. "$here/start-coturn.sh"
	trap 'kamailio_stop; coturn_stop' EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	if ! kamailio_start --run-dir "$work/kamailio"; then
		echo "FAIL kamailio  did not start"
		echo "0 passed, 1 failed"
		exit 1
	fi
	if ! coturn_start --run-dir "$work/coturn"; then
		echo "FAIL coturn  did not start"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "kamailio: $KAMAILIO_WS_URL; coturn: $COTURN_URI; display $DISPLAY; logs: $log_dir"
	node "$script" --helpline "$helpline" --ws-url "$KAMAILIO_WS_URL" \
		--udp-port "$KAMAILIO_UDP_PORT" --domain "$KAMAILIO_DOMAIN" --log-dir "$log_dir" --work "$work" \
		--turn-uri "$COTURN_URI" --turn-user "$COTURN_USER" --turn-password "$COTURN_PASSWORD" \
		--turn-log "$COTURN_RUN_DIR/turnserver.log"
	rc=$?
	kamailio_stop
	coturn_stop
	cp "$COTURN_RUN_DIR/turnserver.log" "$log_dir/" 2>/dev/null
	cp "$KAMAILIO_RUN_DIR/kamailio.log" "$log_dir/" 2>/dev/null
	rm -rf "$log_dir/sipdump"
	cp -r "$KAMAILIO_RUN_DIR/sipdump" "$log_dir/" 2>/dev/null
	exit $rc
fi

[ $# -ge 1 ] || usage
helpline=$1
shift
log_dir="" script=$here/${HL_PEERS_SCRIPT:-softphone-test.js}
args=("$@")
while [ $# -gt 0 ]; do
	case $1 in
	--log-dir) [ $# -ge 2 ] || usage; log_dir=$2; shift 2 ;;
	--script) [ $# -ge 2 ] || usage; script=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
	*) usage ;;
	esac
done
set -- "${args[@]}"
[ -x "$helpline" ] || { echo "test-softphone: $helpline is not an executable" >&2; exit 2; }

# --- stage 1: what is needed, and the namespace ---------------------------------------------------
if [ -z "${HL_PEERS_IN_NETNS:-}" ]; then
	missing=()
	command -v kamailio >/dev/null || [ -x /usr/sbin/kamailio ] || missing+=(kamailio)
	command -v turnserver >/dev/null || missing+=(coturn)
	command -v node >/dev/null || missing+=(node)
	[ -x "${HL_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
	[ -d "$here/node_modules/jssip" ] && [ -d "$here/node_modules/playwright-core" ] && [ -d "$here/node_modules/esbuild" ] ||
		missing+=("npm ci in tests/peers")
	for tool in xvfb-run dbus-run-session gnome-keyring-daemon gdbus sqlite3 ip ss; do
		command -v "$tool" >/dev/null || missing+=("$tool")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "test-softphone: SKIP, missing: ${missing[*]} (run build-aux/setup-peers.sh)"
		exit 77
	fi
	if [ -z "${HL_PEERS_NO_NETNS:-}" ]; then
		ns=(unshare --net)
		[ "$(id -u)" -eq 0 ] || ns=(unshare --user --map-root-user --net)
		if ! "${ns[@]}" -- true 2>/dev/null; then
			echo "test-softphone: SKIP, cannot create a network namespace (${ns[*]}); be root, or set HL_PEERS_NO_NETNS=1"
			exit 77
		fi
		export HL_PEERS_IN_NETNS=1
		exec "${ns[@]}" -- bash "$self" "$helpline" "$@"
	fi
fi

# --- stage 2: in the namespace; the temp dir, the copied binary, Xvfb + D-Bus ----------------------
if [ -n "${HL_PEERS_IN_NETNS:-}" ]; then
	ip link set lo up || { echo "test-softphone: cannot bring lo up in the network namespace" >&2; exit 1; }
fi

start=$(date +%s.%N)
work=$(mktemp -d "${TMPDIR:-/tmp}/hl-softphone-test.XXXXXX")
[ -z "$log_dir" ] && log_dir=$work/logs
mkdir -p "$log_dir"
log_dir=$(cd "$log_dir" && pwd)
# a reused log dir: only this run's files
(cd "$log_dir" && rm -rf ./*.png ./helpline-*.log ./customer*.* ./peer*.* ./sipp-* ./provision.log ./timings.json ./kamailio.log ./turnserver.log ./sipdump)
trap 'rm -rf "$work"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The schemas of the build tree the binary comes from, unless the caller set them.
if [ -z "${GSETTINGS_SCHEMA_DIR:-}" ]; then
	schemas=$(cd "$(dirname "$helpline")/.." && pwd)/data
	if [ -f "$schemas/gschemas.compiled" ]; then
		export GSETTINGS_SCHEMA_DIR=$schemas
	else
		echo "test-softphone: no compiled schemas in $schemas: set GSETTINGS_SCHEMA_DIR (the build's data/ folder)" >&2
	fi
fi
cp "$helpline" "$work/helpline" || exit 1

xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" \
	dbus-run-session -- bash "$self" --inner "$work/helpline" "$work" "$log_dir" "$script"
rc=$?

echo "test-softphone: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s in total"
if [ $rc -eq 0 ]; then
	echo "SOFTPHONE TEST PASS"
	[[ $log_dir == "$work"/* ]] || echo "logs: $log_dir"
else
	echo "SOFTPHONE TEST FAIL"
	if [[ $log_dir == "$work"/* ]]; then
		keep=$(mktemp -d "${TMPDIR:-/tmp}/hl-softphone-test-logs.XXXXXX")
		cp -r "$log_dir"/. "$keep"/
		echo "logs kept in $keep"
	else
		echo "logs: $log_dir"
	fi
fi
exit $rc
