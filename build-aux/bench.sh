#!/usr/bin/env bash
# Benchmarks (figures go into the README). Builds an optimised tree in _bench, then measures, under
# Xvfb with a private session bus and fresh XDG folders:
#  - start-up to first frame with the demo workspace, first run (seeding) and warm runs, and RSS;
#  - switching the interface language (app.set-language) to the new window's first frame, median
#    of 10 switches between each language of po/LINGUAS and the system's language;
#  - the inbox on 100,000 conversations and 1,000,000 messages: view, filter and search switches
#    (bench-inbox), and in the app start-up, memory, opening a 5,000-message thread and frame
#    times while scrolling the list and the thread (bench-inbox-ui);
#  - calls (tests/bench/bench-calls.sh): JsSIP -> Helpline with auto-answer against JsSIP -> JsSIP
#    through the same Kamailio, INVITE -> 200 OK and INVITE -> first audio (median, p95), CPU and
#    memory of Helpline and of headless Chromium during a call. Needs build-aux/setup-peers.sh and
#    a network namespace (root or user namespaces); skipped otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
"$here/setup.sh" "$top/_bench" -- -Dbuildtype=release

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export GSETTINGS_SCHEMA_DIR="$top/_bench/data" GSETTINGS_BACKEND=memory GSK_RENDERER=cairo GTK_A11Y=none
export HL_LOCALEDIR="$top/_bench/po"

run () { xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" dbus-run-session -- "$top/_bench/tests/bench/bench-startup"; }

echo "== start-up, first run (seeds the demo workspace)"
run
echo "== start-up, warm runs"
for i in 1 2 3 4 5; do run; done

echo "== switching the interface language, each shipped language and back"
for lang in $(grep -v -e '^#' -e '^$' "$top/po/LINGUAS"); do
  xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" dbus-run-session -- "$top/_bench/tests/bench/bench-language" "$lang" |
    grep median
done

echo "== inbox: view, filter and search switches, 100,000 conversations and 1,000,000 messages"
"$top/_bench/tests/bench/bench-inbox"
echo "== inbox in the app: start-up, memory, the 5,000-message thread, scrolling (same workspace)"
xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" dbus-run-session -- "$top/_bench/tests/bench/bench-inbox-ui"

echo "== calls (HL_BENCH_CALLS=${HL_BENCH_CALLS:-10} of each kind)"
rc=0
"$top/tests/bench/bench-calls.sh" "$top/_bench/app/helpline" || rc=$?
[ $rc -eq 77 ] && echo "(skipped: the real peers are not installed)"
[ $rc -eq 0 ] || [ $rc -eq 77 ] || exit $rc
# Chatwoot: initial sync of a big seed through Prism, and realtime event → store → model latency.
# Skipped when the harness's node_modules are missing (build-aux/setup-chatwoot-test.sh).
echo "== Chatwoot sync, 10,000 conversations × 10 messages"
"$top/tests/chatwoot/with-harness.sh" --conversations 10000 --messages-per 10 -- \
  "$top/_bench/tests/bench/bench-chatwoot-sync" || [ $? -eq 77 ]
echo "== the same without Prism in between"
HL_BENCH_DIRECT=1 "$top/tests/chatwoot/with-harness.sh" --conversations 10000 --messages-per 10 -- \
  "$top/_bench/tests/bench/bench-chatwoot-sync" || [ $? -eq 77 ]
