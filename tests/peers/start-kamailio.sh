#!/usr/bin/env bash
# Kamailio 5.6 as the test PBX, on 127.0.0.1 only, in the foreground, with every runtime file
# (config, control socket, pid, log, sipdump) in a run dir.
#
# Run it:     tests/peers/start-kamailio.sh [--ws-port N] [--udp-port N] [--run-dir DIR]
#                                           [--users FILE] [--domain NAME] [--debug N] [--keep]
#   Prints one line on stdout once both sockets listen, then stays up until killed
#   (SIGTERM/SIGINT/EOF-free: kill the script and Kamailio goes with it):
#     ready ws_url=ws://127.0.0.1:PORT/ws ws_port=PORT udp_port=PORT domain=127.0.0.1 run_dir=DIR pid=PID
#   The run dir is removed at exit when the script created it, unless --keep is given.
#
# Source it:  . tests/peers/start-kamailio.sh; kamailio_start [same options]; ...; kamailio_stop
#   kamailio_start sets KAMAILIO_PID KAMAILIO_WS_PORT KAMAILIO_UDP_PORT KAMAILIO_WS_URL
#   KAMAILIO_RUN_DIR KAMAILIO_DOMAIN; the log is $KAMAILIO_RUN_DIR/kamailio.log.
#
# Users file: one "name password" (or "name:password") a line, '#' comments. Without one the
# users are agent1..agent2 and customer1..customer2, each with the password "<name>-secret".
# Ports of 0 or not given: free ports are chosen (and retried if one is taken meanwhile).

_kamailio_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

_kamailio_port_free() {
	# $1 port, $2 t|u
	! ss -Hln"$2" "( sport = :$1 )" 2>/dev/null | grep -q .
}

_kamailio_pick_port() {
	local p
	for _ in $(seq 1 50); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if _kamailio_port_free "$p" t && _kamailio_port_free "$p" u; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

_kamailio_listening() {
	ss -Hltn "( sport = :$KAMAILIO_WS_PORT )" 2>/dev/null | grep -q 127.0.0.1 &&
		ss -Hlun "( sport = :$KAMAILIO_UDP_PORT )" 2>/dev/null | grep -q 127.0.0.1
}

# Write the users as Kamailio statements for event_route[htable:mod-init].
_kamailio_users_cfg() {
	local file=$1 line name pw
	if [ -z "$file" ]; then
		for name in agent1 agent2 customer1 customer2; do
			# shellcheck disable=SC2016 # Kamailio syntax, not shell
			printf '\t$sht(users=>%s) = "%s";\n' "$name" "$name-secret"
		done
		return 0
	fi
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		line=$(printf '%s' "$line" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')
		[ -z "$line" ] && continue
		if [[ $line == *:* ]]; then
			name=${line%%:*}
			pw=${line#*:}
		else
			name=${line%%[[:space:]]*}
			pw=$(printf '%s' "${line#"$name"}" | sed -e 's/^[[:space:]]*//')
		fi
		if ! [[ $name =~ ^[A-Za-z0-9._+-]+$ ]] || [ -z "$pw" ] || [[ $pw == *[\"\\\$]* ]]; then
			echo "start-kamailio: bad line in $file (user names are [A-Za-z0-9._+-], passwords must not contain \" \\ \$)" >&2
			return 1
		fi
		# shellcheck disable=SC2016 # Kamailio syntax, not shell
		printf '\t$sht(users=>%s) = "%s";\n' "$name" "$pw"
	done <"$file"
}

# SIGTERM to a peer (a child of this shell), SIGKILL if it is still there after 5 s. Also used by
# start-coturn.sh.
_peers_stop_pid() {
	local pid=$1
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
}

kamailio_stop() {
	_peers_stop_pid "${KAMAILIO_PID:-}"
	KAMAILIO_PID=
}

kamailio_start() {
	local ws_port=0 udp_port=0 run_dir="" users="" domain=127.0.0.1 debug=2
	while [ $# -gt 0 ]; do
		case $1 in
		--ws-port) ws_port=$2; shift 2 ;;
		--udp-port) udp_port=$2; shift 2 ;;
		--run-dir) run_dir=$2; shift 2 ;;
		--users) users=$2; shift 2 ;;
		--domain) domain=$2; shift 2 ;;
		--debug) debug=$2; shift 2 ;;
		--keep) shift ;;
		*) echo "start-kamailio: unknown option $1" >&2; return 2 ;;
		esac
	done
	local bin
	bin=$(command -v kamailio || echo /usr/sbin/kamailio)
	if [ ! -x "$bin" ]; then
		echo "start-kamailio: kamailio is not installed (run build-aux/setup-peers.sh)" >&2
		return 1
	fi
	if [ -z "$run_dir" ]; then
		run_dir=$(mktemp -d "${TMPDIR:-/tmp}/hl-kamailio.XXXXXX")
	fi
	mkdir -p "$run_dir/sipdump"
	chmod 0700 "$run_dir"
	KAMAILIO_RUN_DIR=$(cd "$run_dir" && pwd)
	KAMAILIO_DOMAIN=$domain

	local users_cfg alias_line=""
	users_cfg=$(_kamailio_users_cfg "$users") || return 1
	if ! [[ $domain =~ ^[A-Za-z0-9.-]+$ ]]; then
		echo "start-kamailio: bad domain $domain" >&2
		return 2
	fi
	# An alias without a port: sip:user@DOMAIN (port 5060 implied) is "myself" too.
	alias_line="alias=\"$domain\""


	for _ in 1 2 3 4 5; do
		KAMAILIO_WS_PORT=$ws_port
		KAMAILIO_UDP_PORT=$udp_port
		[ "$ws_port" = 0 ] && KAMAILIO_WS_PORT=$(_kamailio_pick_port)
		if [ "$udp_port" = 0 ]; then
			KAMAILIO_UDP_PORT=$(_kamailio_pick_port)
			while [ "$KAMAILIO_UDP_PORT" = "$KAMAILIO_WS_PORT" ]; do
				KAMAILIO_UDP_PORT=$(_kamailio_pick_port)
			done
		fi
		KAMAILIO_WS_URL="ws://127.0.0.1:$KAMAILIO_WS_PORT/ws"

		local cfg="$KAMAILIO_RUN_DIR/kamailio.cfg"
		(
			umask 077
			USERS_CFG=$users_cfg ALIAS_LINE=$alias_line awk \
				-v ws="$KAMAILIO_WS_PORT" -v udp="$KAMAILIO_UDP_PORT" -v run="$KAMAILIO_RUN_DIR" \
				-v dbg="$debug" '
				{
					gsub(/@WS_PORT@/, ws); gsub(/@UDP_PORT@/, udp); gsub(/@DEBUG@/, dbg)
					gsub(/@RUN_DIR@/, run)
					if ($0 == "@USERS@") { print ENVIRON["USERS_CFG"]; next }
					if ($0 == "@ALIAS_LINE@") { print ENVIRON["ALIAS_LINE"]; next }
					print
				}' "$_kamailio_here/kamailio/kamailio.cfg.in" >"$cfg"
		)
		# Kamailio must not inherit our stdout: whoever reads the "ready" line waits for EOF otherwise.
		# Kamailio goes when its parent goes, even by SIGKILL (setpriv comes with util-linux).
		local pdeath=()
		command -v setpriv >/dev/null && pdeath=(setpriv --pdeathsig TERM --)
		"${pdeath[@]}" "$bin" -f "$cfg" -DD -E -Y "$KAMAILIO_RUN_DIR" -P "$KAMAILIO_RUN_DIR/kamailio.pid" \
			-w "$KAMAILIO_RUN_DIR" -m 64 -M 8 -a no \
			>>"$KAMAILIO_RUN_DIR/kamailio.log" 2>&1 </dev/null &
		KAMAILIO_PID=$!

		# wait up to 5 s for both sockets
		for _ in $(seq 1 100); do
			if ! kill -0 "$KAMAILIO_PID" 2>/dev/null; then
				break
			fi
			if _kamailio_listening; then
				export KAMAILIO_PID KAMAILIO_WS_PORT KAMAILIO_UDP_PORT KAMAILIO_WS_URL KAMAILIO_RUN_DIR KAMAILIO_DOMAIN
				return 0
			fi
			sleep 0.05
		done
		kamailio_stop
		if grep -q -i 'address already in use' "$KAMAILIO_RUN_DIR/kamailio.log" &&
			{ [ "$ws_port" = 0 ] || [ "$udp_port" = 0 ]; }; then
			continue
		fi
		break
	done
	echo "start-kamailio: Kamailio did not start; the end of $KAMAILIO_RUN_DIR/kamailio.log:" >&2
	tail -n 20 "$KAMAILIO_RUN_DIR/kamailio.log" >&2
	return 1
}

# The scripts run directly: start the peer ($1: kamailio or coturn, whose NAME_start/NAME_stop and
# NAME_ready_line are called; $2: the prefix of its variables), print the ready line, stay in the
# foreground until it exits or a signal comes, then stop it and remove a run dir made for it.
_peers_foreground() {
	local name=$1 prefix=$2
	shift 2
	set -uo pipefail
	_peers_keep=0 _peers_own_dir=1 _peers_name=$name _peers_prefix=$prefix
	for a in "$@"; do
		[ "$a" = --keep ] && _peers_keep=1
		[ "$a" = --run-dir ] && _peers_own_dir=0
	done
	_peers_exit() {
		local dir_var="${_peers_prefix}_RUN_DIR"
		"${_peers_name}_stop"
		if [ "$_peers_own_dir" = 1 ] && [ "$_peers_keep" = 0 ] && [ -n "${!dir_var:-}" ]; then
			rm -rf "${!dir_var}"
		fi
	}
	trap _peers_exit EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	"${name}_start" "$@" || exit 1
	"${name}_ready_line"
	local pid_var="${prefix}_PID" dir_var="${prefix}_RUN_DIR" pid
	pid=${!pid_var}
	# wait returns early on a trapped signal; loop until the peer is gone.
	while kill -0 "$pid" 2>/dev/null; do
		wait "$pid"
	done
	echo "$name exited; see the log in ${!dir_var}" >&2
	_peers_keep=1
	exit 1
}

kamailio_ready_line() {
	echo "ready ws_url=$KAMAILIO_WS_URL ws_port=$KAMAILIO_WS_PORT udp_port=$KAMAILIO_UDP_PORT domain=$KAMAILIO_DOMAIN run_dir=$KAMAILIO_RUN_DIR pid=$KAMAILIO_PID"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	_peers_foreground kamailio KAMAILIO "$@"
fi
