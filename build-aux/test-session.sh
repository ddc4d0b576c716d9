#!/usr/bin/env bash
# Runs inside xvfb-run and dbus-run-session (see test.sh): a throw-away HOME and runtime folder,
# gnome-keyring unlocked with a test password, then the test suites of both builds.
set -uo pipefail
top=$1
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT

export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run"
export XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config" XDG_CACHE_HOME="$tmp/home/.cache"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 0700 -p "$XDG_RUNTIME_DIR"

if command -v gnome-keyring-daemon >/dev/null; then
  eval "$(printf 'helpline-test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL HL_TEST_KEYRING=1
fi

cd "$top"
meson test -C _build --print-errorlogs --num-processes 2
meson test -C _build-asan --print-errorlogs --num-processes 2 --suite unit --suite ui

# Bounded fuzzing of every parser of outside bytes (see tests/fuzz).
# A target that does not build stops fuzz.sh before it runs anything: that is a failure too.
if ! RESULTS="$tmp/extra" "$top/build-aux/fuzz.sh" "${HL_FUZZ_SECONDS:-30}" && ! grep -q '^FAIL ' "$tmp/extra" 2>/dev/null; then
  echo "FAIL fuzz.sh (see above)" >> "$tmp/extra"
fi

touch "$tmp/extra"
python3 - "$tmp/extra" "$top/_build/meson-logs/testlog.json" "$top/_build-asan/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1]) as f:
    for line in f:
        if line.startswith("OK "):
            passed += 1
        elif line.strip():
            failed += 1
for path in sys.argv[2:]:
    with open(path) as f:
        for line in f:
            result = json.loads(line)["result"]
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
PY
