#!/usr/bin/env bash
# coturn (Debian's turnserver) as the test TURN relay: listens and relays on 127.0.0.1 only,
# long-term credentials with one test user, no TLS/DTLS, no CLI, log and database in a run dir.
#
# Run it:     tests/peers/start-coturn.sh [--port N] [--run-dir DIR] [--user NAME] [--password PW]
#   Prints one line on stdout once it listens, then stays up until killed:
#     ready turn_uri=turn:127.0.0.1:PORT?transport=udp port=PORT user=NAME password=PW realm=REALM run_dir=DIR pid=PID
#
# Source it:  . tests/peers/start-coturn.sh; coturn_start [same options]; ...; coturn_stop
#   coturn_start sets COTURN_PID COTURN_PORT COTURN_URI COTURN_USER COTURN_PASSWORD COTURN_REALM
#   COTURN_RUN_DIR; the log is $COTURN_RUN_DIR/turnserver.log. It names every allocation
#   ("... new, realm=<...>, username=<...>") and, when a session closes, its traffic
#   ("closed ..., rp=N, rb=N, sp=N, sb=N": packets and bytes received and sent).
#
# Relay ports come from a range of 200 next to the listening port. Loopback peers are allowed
# (coturn refuses them by default), which is what lets a relay on 127.0.0.1 reach the app.

_coturn_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# for _kamailio_pick_port, _peers_stop_pid and _peers_foreground; sourcing it defines functions only
. "$_coturn_here/start-kamailio.sh"

coturn_stop() {
	_peers_stop_pid "${COTURN_PID:-}"
	COTURN_PID=
}

_coturn_listening() {
	ss -Hlun "( sport = :$COTURN_PORT )" 2>/dev/null | grep -q 127.0.0.1
}

coturn_start() {
	local port=0 run_dir="" user=helpline-turn password=turn-secret realm=helpline.test
	while [ $# -gt 0 ]; do
		case $1 in
		--port) port=$2; shift 2 ;;
		--run-dir) run_dir=$2; shift 2 ;;
		--user) user=$2; shift 2 ;;
		--password) password=$2; shift 2 ;;
		--keep) shift ;;
		*) echo "start-coturn: unknown option $1" >&2; return 2 ;;
		esac
	done
	local bin
	bin=$(command -v turnserver || echo /usr/bin/turnserver)
	if [ ! -x "$bin" ]; then
		echo "start-coturn: turnserver is not installed (the coturn package)" >&2
		return 1
	fi
	[ -z "$run_dir" ] && run_dir=$(mktemp -d "${TMPDIR:-/tmp}/hl-coturn.XXXXXX")
	mkdir -p "$run_dir"
	chmod 0700 "$run_dir"
	COTURN_RUN_DIR=$(cd "$run_dir" && pwd)
	COTURN_USER=$user COTURN_PASSWORD=$password COTURN_REALM=$realm

	for _ in 1 2 3 4 5; do
		COTURN_PORT=$port
		[ "$port" = 0 ] && COTURN_PORT=$(_kamailio_pick_port)
		local min=$((COTURN_PORT + 1)) max=$((COTURN_PORT + 200))
		local pdeath=()
		command -v setpriv >/dev/null && pdeath=(setpriv --pdeathsig TERM --)
		"${pdeath[@]}" "$bin" -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 \
			--listening-port="$COTURN_PORT" --min-port="$min" --max-port="$max" \
			--lt-cred-mech --user="$user:$password" --realm="$realm" \
			--verbose --no-tls --no-dtls --no-cli --no-tcp-relay --allow-loopback-peers --no-multicast-peers \
			--no-software-attribute --no-rfc5780 --no-stun-backward-compatibility \
			--db="$COTURN_RUN_DIR/turndb" --pidfile="$COTURN_RUN_DIR/turnserver.pid" \
			--log-file="$COTURN_RUN_DIR/turnserver.log" --simple-log --no-stdout-log \
			>>"$COTURN_RUN_DIR/turnserver.out" 2>&1 </dev/null &
		COTURN_PID=$!
		COTURN_URI="turn:127.0.0.1:$COTURN_PORT?transport=udp"

		for _ in $(seq 1 100); do
			kill -0 "$COTURN_PID" 2>/dev/null || break
			if _coturn_listening; then
				export COTURN_PID COTURN_PORT COTURN_URI COTURN_USER COTURN_PASSWORD COTURN_REALM COTURN_RUN_DIR
				return 0
			fi
			sleep 0.05
		done
		coturn_stop
		[ "$port" = 0 ] && grep -q -i 'in use' "$COTURN_RUN_DIR"/turnserver.* 2>/dev/null && continue
		break
	done
	echo "start-coturn: turnserver did not start; the end of its log:" >&2
	tail -n 20 "$COTURN_RUN_DIR"/turnserver.* >&2 2>/dev/null
	return 1
}

coturn_ready_line() {
	echo "ready turn_uri=$COTURN_URI port=$COTURN_PORT user=$COTURN_USER password=$COTURN_PASSWORD realm=$COTURN_REALM run_dir=$COTURN_RUN_DIR pid=$COTURN_PID"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	_peers_foreground coturn COTURN "$@"
fi
